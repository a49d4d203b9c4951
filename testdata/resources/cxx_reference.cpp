// resources/leak: a C++ reference is another name of its variable
#include <cstdlib>

void show(const char *s);

void released_through_reference()
{
	char *data;
	char *&ref = data;
	data = new char[16];
	show(data);
	{
		char *inner = ref;
		delete[] inner;
	}
}

void reference_released()
{
	char *data = static_cast<char *>(std::malloc(8));
	char *&alias = data;
	if (!data)
		return;
	show(alias);
	std::free(alias);
}
