/* The part of libpqxx 7's interface the C++ fixtures use, declared as the
 * library declares it (exec lives in transaction_base; work is
 * transaction<>). */
#ifndef NPLUS1_PQXX_STUB_H
#define NPLUS1_PQXX_STUB_H
#include <string>
#include <string_view>

namespace pqxx {
class field {
public:
	template <typename T> T as() const;
	const char *c_str() const;
};
class row {
public:
	field operator[](int i) const;
};
class const_result_iterator {
public:
	row operator*() const;
	const_result_iterator &operator++();
	bool operator!=(const const_result_iterator &) const;
};
class result {
public:
	const_result_iterator begin() const;
	const_result_iterator end() const;
	int size() const;
	row operator[](int i) const;
};
class connection;
class transaction_base {
public:
	result exec(std::string_view query);
	result exec0(std::string_view query);
	row exec1(std::string_view query);
	template <typename... Args> result exec_params(std::string_view query, Args &&...args);
	template <typename... Args> result exec_prepared(std::string_view name, Args &&...args);
	std::string quote(int v) const;
	void commit();
};
template <int ISOLATION = 0> class transaction : public transaction_base {
public:
	explicit transaction(connection &c);
};
using work = transaction<>;
} // namespace pqxx
#endif
