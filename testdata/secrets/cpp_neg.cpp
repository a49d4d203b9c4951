// C++: credentials read at run time or copied from buffers.
#include <cstdlib>
#include <string>

struct Conf {
	std::string password;
	std::size_t password_len;
};

void configure(Conf &c, const char *buf, std::size_t n)
{
	const char *env = std::getenv("APP_PASSWORD");
	std::string password(buf, n);
	std::string token;
	c.password = env ? env : "";
	c.password_len = password.size() + token.size();
}
