// A catch block that turns the exception into a bare error value without a trace.
#include <cstdio>
#include <map>
#include <stdexcept>
#include <string>

int parse_port(const std::string &s)
{
	try {
		return std::stoi(s);
	} catch (const std::exception &) {
		return -1; // expect: logging/silent-error-return
	}
}

const char *lookup_name(const std::map<int, std::string> &m, int id)
{
	try {
		return m.at(id).c_str();
	} catch (const std::out_of_range &) {
		return nullptr; // expect: logging/silent-error-return
	}
}

int run(int argc, char **argv);

int main(int argc, char **argv)
{
	try {
		return run(argc, argv);
	} catch (...) {
		return 1; // expect: logging/silent-error-return
	}
}

/* ---- negatives ---- */

int parse_logged(const std::string &s)
{
	try {
		return std::stoi(s);
	} catch (const std::exception &e) {
		std::fprintf(stderr, "bad number '%s': %s\n", s.c_str(), e.what());
		return -1;
	}
}

int parse_rethrown(const std::string &s)
{
	try {
		return std::stoi(s);
	} catch (const std::invalid_argument &) {
		throw std::runtime_error("bad port: " + s);
	}
}

/* a fallback value is a decision, not an error */
int parse_or_default(const std::string &s)
{
	try {
		return std::stoi(s);
	} catch (const std::exception &) {
		return 8080;
	}
}

/* a bool "try" function says no with false */
bool try_parse(const std::string &s, int &out)
{
	try {
		out = std::stoi(s);
		return true;
	} catch (...) {
		return false;
	}
}

int code_of(const std::exception &e);

/* the cause is passed on */
int parse_code(const std::string &s)
{
	try {
		return std::stoi(s);
	} catch (const std::exception &e) {
		return code_of(e);
	}
}

/* a failure test whose branch throws propagates the failure */
std::FILE *open_or_throw(const char *path)
{
	std::FILE *f = std::fopen(path, "r");
	if (!f)
		throw std::runtime_error(std::string("cannot open ") + path);
	return f;
}

int close_or_throw(std::FILE *f)
{
	if (std::fclose(f) != 0)
		throw std::runtime_error("close failed");
	return 0;
}
