// C++: explicit iterator loops over a result set, queries through a lambda over the rows.
#include <string>
#include "pqxx_stub.h"

void orders_by_iterator(pqxx::work &txn)
{
	pqxx::result users = txn.exec("SELECT id FROM users");
	for (auto it = users.begin(); it != users.end(); ++it)
		txn.exec("SELECT * FROM orders WHERE user_id = " + txn.quote((*it)[0].as<int>())); // expect: nplus1/query-per-row
}

void orders_through_lambda(pqxx::work &txn)
{
	auto orders_of = [&txn](int id) { return txn.exec("SELECT * FROM orders WHERE user_id = " + txn.quote(id)); };
	for (auto row : txn.exec("SELECT id FROM users"))
		orders_of(row[0].as<int>()); // expect: nplus1/query-per-row
}

void orders_over_result_var(pqxx::work &txn)
{
	pqxx::result users = txn.exec("SELECT id FROM users");
	for (const auto &row : users)
		txn.exec("SELECT * FROM orders WHERE user_id = " + txn.quote(row[0].as<int>())); // expect: nplus1/query-per-row
}

/* ---- negatives ---- */

/* the same query per row, but nothing from the row: still one per row */
void same_query_per_row(pqxx::work &txn)
{
	pqxx::result users = txn.exec("SELECT id FROM users");
	for (auto it = users.begin(); it != users.end(); ++it)
		txn.exec("SELECT now()"); // expect: nplus1/query-in-loop
}


/* the loop reads the rows of one query and runs none */
long sum_by_iterator(pqxx::work &txn)
{
	long sum = 0;
	pqxx::result r = txn.exec("SELECT amount FROM orders");
	for (auto it = r.begin(); it != r.end(); ++it)
		sum += (*it)[0].as<int>();
	return sum;
}

/* the lambda is defined in the loop's function but called after it */
void once_after_loop(pqxx::work &txn)
{
	auto count = [&txn]() { return txn.exec("SELECT count(*) FROM users"); };
	int n = 0;
	for (auto row : txn.exec("SELECT id FROM users"))
		n += row[0].as<int>();
	if (n)
		count();
}
