/* Returning from main ends the process: the descriptor is released by the
 * system (BlueZ's hciattach keeps its UART open until exit). */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int fd;

	if (argc < 2)
		return 1;
	fd = open(argv[1], O_RDWR | O_NOCTTY);
	if (fd < 0) {
		perror("open");
		return 1;
	}
	if (fork())
		return 0;
	pause();
	return 0;
}
