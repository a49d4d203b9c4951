// C++ client libraries: sqlite_modern_cpp (a lambda called once per row)
// and SOCI (a range over a prepared rowset).
#include "cxx_stubs.h"

void per_user_modern(sqlite::database &db)
{
	db << "SELECT id FROM users" >> [&](int id) { // expect: nplus1/query-in-loop
		int n = 0;
		db << "SELECT count(*) FROM orders WHERE user_id = ?" << id >> n;
	};
}

void count_modern(sqlite::database &db, int &total)
{
	// one query, values summed in the callback: fine
	db << "SELECT amount FROM orders" >> [&](int amount) { total += amount; };
}

void per_user_soci(soci::session &sql)
{
	soci::rowset<soci::row> rs = (sql.prepare << "SELECT id FROM users");
	for (auto &r : rs)
		sql << "DELETE FROM carts WHERE user_id = :id", soci::use(r.get<int>(0)); // expect: nplus1/query-in-loop
}
