// C++ locks: member lock()/unlock(), RAII guards released at scope exit.
// A tiny stand-in for <mutex> keeps parsing fast.
namespace std {
class mutex {
public:
	void lock();
	bool try_lock();
	void unlock();
};
struct defer_lock_t {};
struct adopt_lock_t {};
constexpr defer_lock_t defer_lock{};
constexpr adopt_lock_t adopt_lock{};
template <class M> class lock_guard {
public:
	explicit lock_guard(M &m) : m_(m) { m_.lock(); }
	lock_guard(M &m, adopt_lock_t) : m_(m) {}
	~lock_guard() { m_.unlock(); }
private:
	M &m_;
};
template <class M> class unique_lock {
public:
	explicit unique_lock(M &m) : m_(&m), owns_(true) { m_->lock(); }
	unique_lock(M &m, defer_lock_t) : m_(&m), owns_(false) {}
	~unique_lock() { if (owns_) m_->unlock(); }
	void lock() { m_->lock(); owns_ = true; }
	void unlock() { m_->unlock(); owns_ = false; }
private:
	M *m_;
	bool owns_;
};
} // namespace std

struct Account {
	std::mutex mu;
	int balance = 0;
};

static std::mutex g_mu;
static int g_count;

// --- positives ---

int withdraw_early(Account &a, int amount)
{
	a.mu.lock();
	if (a.balance < amount)
		return -1;  // expect: locks/held-at-return
	a.balance -= amount;
	a.mu.unlock();
	return 0;
}

void member_double(Account *a)
{
	a->mu.lock();
	a->mu.lock();  // expect: locks/double-lock
	a->mu.unlock();
}

void member_double_unlock()
{
	g_mu.lock();
	g_count++;
	g_mu.unlock();
	g_mu.unlock();  // expect: locks/unlock-not-held
}

void try_lock_ignored()
{
	g_mu.try_lock();  // expect: locks/trylock-unchecked
	g_count++;
	g_mu.unlock();
}

void guard_then_manual_lock()
{
	std::lock_guard<std::mutex> g(g_mu);
	g_mu.lock();  // expect: locks/double-lock
	g_count++;
}

// --- negatives ---

int guarded_early_return(Account &a, int amount)
{
	std::lock_guard<std::mutex> g(a.mu);
	if (a.balance < amount)
		return -1;
	a.balance -= amount;
	return 0;
}

void unique_lock_scope(Account &a)
{
	{
		std::unique_lock<std::mutex> lk(a.mu);
		a.balance++;
	}
	a.mu.lock();
	a.balance--;
	a.mu.unlock();
}

void unique_lock_manual_unlock(Account &a)
{
	std::unique_lock<std::mutex> lk(a.mu);
	a.balance++;
	lk.unlock();
	g_count++;
}

void deferred(Account &a)
{
	std::unique_lock<std::mutex> lk(a.mu, std::defer_lock);
	lk.lock();
	a.balance = 3;
}

void adopted(Account &a)
{
	a.mu.lock();
	std::lock_guard<std::mutex> g(a.mu, std::adopt_lock);
	a.balance = 4;
}

bool try_lock_checked()
{
	if (!g_mu.try_lock())
		return false;
	g_count++;
	g_mu.unlock();
	return true;
}

void loop_guard(int n)
{
	for (int i = 0; i < n; i++) {
		std::lock_guard<std::mutex> g(g_mu);
		if (i == 3)
			break;
		g_count += i;
	}
}

int switch_guard(int op)
{
	std::lock_guard<std::mutex> g(g_mu);
	switch (op) {
	case 0:
		return 1;
	default:
		break;
	}
	return 0;
}

class Counter {
public:
	void add(int v)
	{
		std::lock_guard<std::mutex> g(mu_);
		n_ += v;
	}
	void lock() { mu_.lock(); }
	void unlock() { mu_.unlock(); }
	int get_locked() const { return n_; }

private:
	std::mutex mu_;
	int n_ = 0;
};
