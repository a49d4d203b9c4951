// injection/path: C++ file streams open the path they are given.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

void read_named()
{
	char name[256];
	if (std::fgets(name, sizeof name, stdin) == nullptr)
		return;
	std::string path = std::string("/srv/data/") + name;
	std::ifstream in;
	in.open(path.c_str()); // expect: injection/path
}

void write_named()
{
	const char *name = std::getenv("OUT_NAME");
	if (!name)
		return;
	std::ofstream out(name); // expect: injection/path
	out << "x";
}

void both_named()
{
	const char *name = std::getenv("DATA_NAME");
	std::fstream f;
	if (name)
		f.open(name, std::ios::in | std::ios::out); // expect: injection/path
}
