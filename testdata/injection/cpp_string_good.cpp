// injection rules with std::string: negatives.  No line here may get a finding.
#include <cstdio>
#include <cstdlib>
#include <string>

// 1. constants only
void constants()
{
	std::string cmd = std::string("ls ") + "-l";
	system(cmd.c_str());
}

// 2. untrusted data printed with %s
void printed()
{
	std::string name = getenv("USER");
	printf("%s\n", name.c_str());
}

// 3. a number converted with std::stoi
int numeric(const char *text)
{
	int n = std::stoi(std::string(text));
	std::string cmd = "sleep " + std::to_string(n);
	return system(cmd.c_str());
}

// 4. reassigned with a constant
void reassigned()
{
	std::string s = getenv("CMD");
	s = "true";
	system(s.c_str());
}

// 5. a path from constants
void constant_path()
{
	std::string p = std::string("/var/lib/") + "app.db";
	FILE *f = fopen(p.c_str(), "r");
	if (f)
		fclose(f);
}
