// Empty catch blocks swallow exceptions: logging/swallowed-error.
#include <cstdio>
#include <stdexcept>
#include <string>

int parse(const std::string &s);

int parse_or_zero(const std::string &s)
{
	try {
		return parse(s);
	} catch (const std::exception &) // expect: logging/swallowed-error
	{
	}
	return 0;
}

int parse_logged(const std::string &s)
{
	try {
		return parse(s);
	} catch (const std::exception &e) {
		std::fprintf(stderr, "parse: %s\n", e.what());
	}
	return 0;
}

int parse_quiet(const std::string &s)
{
	try {
		return parse(s);
	} catch (const std::invalid_argument &) {
		// not a number: the default applies
	}
	return 0;
}

int parse_rethrow(const std::string &s)
{
	try {
		return parse(s);
	} catch (...) {
		throw;
	}
}
