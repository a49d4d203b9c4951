// C++: literals reach std::string credentials through constructors and operator=.
#include <string>

struct Conf {
	std::string user;
	std::string password;
};

static std::string db_password = "Tr0ub4dor&3x";  // expect: secrets/hardcoded-password
static const std::string api_token{"Zq9-k2Lm!pW7"};  // expect: secrets/hardcoded-password

void configure(Conf &c)
{
	c.user = "app";
	c.password = "R0tat3Me!x";  // expect: secrets/hardcoded-password
}
