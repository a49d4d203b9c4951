// resources/leak, resources/double-release, resources/mismatched-release: C++ new and delete
#include <cstdlib>
#include <cstring>

struct Point {
	int x, y;
};

void show(const char *s);
void show_point(const Point *p);

void lost_array(int n)
{
	char *buf = new char[n];
	std::memset(buf, 0, n);
	show(buf);
}  // expect: resources/leak

void lost_object()
{
	Point *p = new Point();
	p->x = 1;
	show_point(p);
}  // expect: resources/leak

void wrong_delete(int n)
{
	char *buf = new char[n];
	show(buf);
	delete buf;  // expect: resources/mismatched-release
}

void freed_with_delete(size_t n)
{
	char *buf = static_cast<char *>(std::malloc(n));
	if (!buf)
		return;
	show(buf);
	delete[] buf;  // expect: resources/mismatched-release
}

void deleted_twice()
{
	Point *p = new Point{1, 2};
	show_point(p);
	delete p;
	delete p;  // expect: resources/double-release
}

/* --- negatives --- */

void array_deleted(int n)
{
	char *buf = new char[n];
	show(buf);
	delete[] buf;
}

void object_deleted()
{
	Point *p = new Point();
	show_point(p);
	delete p;
}

Point *factory()
{
	return new Point();
}

void from_factory()
{
	Point *p = factory();
	show_point(p);
	delete p;
}

void placement_like(int n)
{
	int *v = new int(n);
	show_point(nullptr);
	delete v;
}
