// catch (...) and nested try blocks.
#include <cstdio>
#include <vector>

void fill(std::vector<int> &v);

void fill_quiet(std::vector<int> &v)
{
	try {
		fill(v);
	} catch (...) // expect: logging/swallowed-error
	{
	}
}

void fill_nested(std::vector<int> &v)
{
	try {
		try {
			fill(v);
		} catch (int) // expect: logging/swallowed-error
		{
		}
	} catch (...) {
		std::fputs("fill failed\n", stderr);
		throw;
	}
}
