// C++ code whose library header is not installed: its namespace, classes
// and functions are unknown, so every function below has compile errors.
// Calls to unknown functions and methods are still calls; a function
// whose statements survived is analysed like any other.
#include <pthread.h>
#include <stdlib.h>
#include <netlib/session.hpp>

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;

int session_send(net::Session *s, net::Packet pkt)
{
	pthread_mutex_lock(&table_lock);
	int st = net_send(s, pkt);
	s->flush(3);
	if (st != 0)
		return -1; // expect: locks/held-at-return
	pthread_mutex_unlock(&table_lock);
	return 0;
}

int session_buffer(net::Session *s)
{
	char *buf = static_cast<char *>(malloc(256));

	if (buf == nullptr)
		return -1;
	if (s->ready() < 0)
		return -1; // expect: resources/leak
	free(buf);
	return 0;
}

// A call clang could not resolve (no overload takes these arguments) is
// kept only as a recovery expression, which the control flow does not see
// as a call: it might be the release, so the function is a coverage gap,
// not a finding.
int session_close(net::Session *s)
{
	pthread_mutex_lock(&table_lock);
	s->close();
	pthread_mutex_unlock(&table_lock, 1);
	return 0;
}
