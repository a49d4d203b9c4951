// injection rules with std::string (positives).
#include <cstdio>
#include <cstdlib>
#include <string>

// 1. concatenation with operator+
void concat(const char *unused)
{
	(void)unused;
	std::string cmd = std::string("grep -r ") + getenv("PATTERN");
	system(cmd.c_str()); // expect: injection/command
}

// 2. append and +=
void appended()
{
	std::string q = "SELECT * FROM t WHERE name = '";
	q += getenv("NAME");
	q.append("'");
	std::string path("/srv/");
	path.append(getenv("FILE"));
	FILE *f = fopen(path.c_str(), "r"); // expect: injection/path
	if (f)
		fclose(f);
	printf(q.c_str()); // expect: injection/format-string
}

// 3. constructed from argv
int main(int argc, char **argv)
{
	if (argc < 2)
		return 1;
	std::string target(argv[1]);
	return system(("ping -c1 " + target).c_str()); // expect: injection/command
}

// 4. a member function of a request class (entry point name pattern)
struct Server {
	void handle_upload(const std::string &name)
	{
		std::string p = "/var/uploads/" + name;
		remove(p.c_str()); // expect: injection/path
	}
};

// 5. assigned with operator=
void assigned()
{
	std::string s;
	s = getenv("CMD");
	popen(s.data(), "r"); // expect: injection/command
}

// 6. chained appends write into the first string
void chained()
{
	std::string s;
	s.append("cat /srv/").append(getenv("FILE"));
	FILE *f = fopen(s.c_str(), "r"); // expect: injection/path
	if (f)
		fclose(f);
}
