/* The parts of sqlite_modern_cpp and SOCI the C++ fixtures use, declared
 * as those libraries declare them (member operators of sqlite::database,
 * sqlite::database_binder, soci::session, soci::rowset). */
#ifndef NPLUS1_CXX_STUBS_H
#define NPLUS1_CXX_STUBS_H
#include <string>
#include <utility>

namespace sqlite {
class database_binder {
public:
	database_binder &operator<<(int v);
	database_binder &operator<<(const std::string &v);
	template <typename Function> void operator>>(Function &&func);
	void operator>>(int &out);
};
class database {
public:
	explicit database(const std::string &path);
	database_binder operator<<(const std::string &sql);
	database_binder operator<<(const char *sql);
};
} // namespace sqlite

namespace soci {
class row {
public:
	template <typename T> T get(std::size_t pos) const;
};
template <typename T> class rowset {
public:
	struct iterator {
		T &operator*() const;
		iterator &operator++();
		bool operator!=(const iterator &) const;
	};
	iterator begin() const;
	iterator end() const;
};
template <typename T> struct use_type {};
template <typename T> use_type<T> use(const T &v);
class once_temp_type {
public:
	template <typename T> once_temp_type &operator,(use_type<T> const &);
};
class prepare_temp_type {
public:
	template <typename T> operator rowset<T>();
};
class prepare_type {
public:
	prepare_temp_type operator<<(const char *sql);
};
class session {
public:
	once_temp_type operator<<(const char *sql);
	prepare_type prepare;
};
} // namespace soci
#endif
