// injection/path: file streams opened on constant or validated paths.
// No line here may get a finding.
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

void read_config()
{
	std::ifstream in("/etc/tool.conf");
	std::ofstream out;
	out.open("/var/log/tool.log");
}

void read_checked()
{
	const char *name = std::getenv("REPORT");
	char path[256];
	if (!name)
		return;
	for (const char *p = name; *p; p++)
		if (!std::isalnum(static_cast<unsigned char>(*p)))
			return;
	std::snprintf(path, sizeof path, "/srv/reports/%s", name);
	std::ifstream in;
	in.open(path);
}

// a method named open of another class is no file stream
struct door {
	void open(const char *why);
};

void knock()
{
	door d;
	d.open(std::getenv("WHY"));
}
