// A constructor's member initialisers are stores: a handle handed to an
// object that keeps it in a member is owned by that object, while one the
// constructor only reads stays the caller's.
#include <cstdio>

class Holder {
public:
	explicit Holder(FILE *f) : f_(f) {}
	~Holder() { if (f_) fclose(f_); }
private:
	FILE *f_;
};

class Peek {
public:
	explicit Peek(FILE *f) : first_(fgetc(f)) {}
	int first() const { return first_; }
private:
	int first_;
};

int held_by_object(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	Holder h(f);
	return 0;
}

int only_read(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	Peek p(f);
	return p.first();  // expect: resources/leak
}
