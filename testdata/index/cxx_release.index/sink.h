/* Consumers of heap buffers: declared here, defined in sinks.cpp, called
 * through the base class in use.cpp. */
namespace mem {
class Consumer {
public:
	virtual ~Consumer() {}
	virtual void take(char *p) const = 0;
};
/* releases the buffer */
class Freeing : public Consumer {
public:
	void take(char *p) const override;
};
/* only reads it */
class Reading : public Consumer {
public:
	void take(char *p) const override;
};
} // namespace mem

/* a free function of the same name in another namespace: releases */
namespace other {
void take(char *p);
}
