// C++: libpqxx range-for over a result set, queries through lambdas and
// standard algorithms.
#include <algorithm>
#include <vector>
#include "pqxx_stub.h"
#include "db.h"

void orders_per_user(pqxx::connection &c)
{
	pqxx::work txn(c);
	for (auto row : txn.exec("SELECT id FROM users")) {
		int id = row[0].as<int>();
		txn.exec("SELECT * FROM orders WHERE user_id = " + txn.quote(id)); // expect: nplus1/query-per-row
	}
	txn.commit();
}

void orders_per_user_params(pqxx::work &txn)
{
	pqxx::result users = txn.exec("SELECT id FROM users");
	for (int i = 0; i < users.size(); i++)
		txn.exec_params("DELETE FROM carts WHERE user_id = $1", users[i][0].as<int>()); // expect: nplus1/query-per-row
}

void purge(pqxx::work &txn, const std::vector<int> &ids)
{
	for (int id : ids)
		txn.exec0("DELETE FROM sessions WHERE user_id = " + txn.quote(id)); // expect: nplus1/query-in-loop
}

void through_lambda(sqlite3 *db, const std::vector<int> &ids)
{
	auto remove = [db](int id) {
		char sql[64];
		snprintf(sql, sizeof sql, "DELETE FROM t WHERE id = %d", id);
		return sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
	};
	for (size_t i = 0; i < ids.size(); i++)
		remove(ids[i]); // expect: nplus1/query-in-loop
}

// one batched statement: fine
void purge_batch(pqxx::work &txn)
{
	txn.exec0("DELETE FROM sessions WHERE expires < now()");
	for (auto row : txn.exec("SELECT id FROM users"))
		(void)row[0].as<int>();
}

static int drop_session(pqxx::work &txn, int id)
{
	txn.exec0("DELETE FROM sessions WHERE id = " + txn.quote(id));
	return 0;
}

void purge_algorithm(pqxx::work &txn, const std::vector<int> &ids, std::vector<int> &out)
{
	std::for_each(ids.begin(), ids.end(), [&txn](int id) { drop_session(txn, id); }); // expect: nplus1/query-in-loop
	std::transform(ids.begin(), ids.end(), out.begin(), // expect: nplus1/query-in-loop
		       [&txn](int id) { return drop_session(txn, id); });
	// an algorithm whose function runs no query
	std::for_each(out.begin(), out.end(), [](int &v) { v = 0; });
}
