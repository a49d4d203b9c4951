/* Job runners: the classes are declared here, their methods defined in
 * runners.cpp, and main.cpp calls them through the base class. */
namespace jobs {
class Runner {
public:
	virtual ~Runner() {}
	virtual void run(const char *what) const = 0;
};
/* hands its text to a shell */
class Shell : public Runner {
public:
	void run(const char *what) const override;
};
/* runs the text only when every character is a letter or a digit */
class Checked : public Runner {
public:
	void run(const char *what) const override;
};
/* ignores the text */
class Quiet : public Runner {
public:
	void run(const char *what) const override;
};
/* an unrelated class with a method of the same name and signature */
class Logger {
public:
	void run(const char *what) const;
};
} // namespace jobs

namespace tools {
/* a free function named like the methods: prints its text */
void run(const char *what);
} // namespace tools
