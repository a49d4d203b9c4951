/* the project attribute macro lives in its own header */
#define fmt_attr(type, fmt, va) [[gnu::format(type, fmt, va)]]
