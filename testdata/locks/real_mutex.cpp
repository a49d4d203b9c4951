// The real <mutex>: member calls and RAII guards from libstdc++.
#include <mutex>
static std::mutex mu;
static int n;
int f(int x)
{
	mu.lock();
	if (x)
		return -1;  // expect: locks/held-at-return
	n++;
	mu.unlock();
	return 0;
}
int g(int x)
{
	std::lock_guard<std::mutex> lk(mu);
	if (x)
		return 1;
	return 0;
}
int h(int x)
{
	std::unique_lock<std::mutex> lk(mu, std::defer_lock);
	if (x)
		return 1;
	lk.lock();
	n++;
	return 0;
}
int s(int x)
{
	std::scoped_lock lk(mu);
	n += x;
	return 0;
}
