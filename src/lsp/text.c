/* Positions and URIs: see text.h. */
#include "lsp/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lsp/mem.h"

size_t text_line_start(const char *text, size_t len, unsigned line)
{
	size_t i = 0;

	while (line > 0 && i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		if (!nl)
			return len;
		i = (size_t)(nl - text) + 1;
		line--;
	}
	return line ? len : i;
}

/* Bytes of the UTF-8 sequence at p (1 for invalid or truncated ones) and
 * its UTF-16 length. */
static size_t utf8_step(const unsigned char *p, size_t avail, unsigned *units)
{
	size_t n = 1, k;

	if (p[0] >= 0xF0 && p[0] < 0xF8)
		n = 4;
	else if (p[0] >= 0xE0)
		n = p[0] < 0xF0 ? 3 : 1;
	else if (p[0] >= 0xC2)
		n = 2;
	if (n > avail)
		n = 1;
	for (k = 1; k < n; k++)
		if ((p[k] & 0xC0) != 0x80)
			n = 1;
	*units = n == 4 ? 2 : 1;
	return n;
}

static size_t line_end(const char *text, size_t len, size_t start)
{
	const char *nl = memchr(text + start, '\n', len - start);
	size_t end = nl ? (size_t)(nl - text) : len;

	if (end > start && text[end - 1] == '\r')
		end--;
	return end;
}

size_t text_offset(const char *text, size_t len, unsigned line, unsigned character)
{
	size_t i = text_line_start(text, len, line), end;
	unsigned seen = 0;

	if (i >= len)
		return len;
	end = line_end(text, len, i);
	while (i < end && seen < character) {
		unsigned u;
		i += utf8_step((const unsigned char *)text + i, end - i, &u);
		seen += u;
	}
	return i;
}

unsigned text_utf16_col(const char *text, size_t len, unsigned line, unsigned col)
{
	size_t i, end, stop;
	unsigned units = 0;

	if (line == 0 || col == 0)
		return 0;
	i = text_line_start(text, len, line - 1);
	if (i >= len)
		return col - 1;
	end = line_end(text, len, i);
	stop = i + (col - 1);
	while (i < stop && i < end) {
		unsigned u;
		i += utf8_step((const unsigned char *)text + i, end - i, &u);
		units += u;
	}
	return units + (stop > i ? (unsigned)(stop - i) : 0); /* past the end: bytes */
}

unsigned text_line_utf16_len(const char *text, size_t len, unsigned line)
{
	size_t i, end;

	if (line == 0)
		return 0;
	i = text_line_start(text, len, line - 1);
	if (i >= len)
		return 0;
	end = line_end(text, len, i);
	return text_utf16_col(text, len, line, (unsigned)(end - i) + 1);
}

static int hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *uri_to_path(const char *uri)
{
	const char *p;
	char *out, *o;

	if (!uri || strncmp(uri, "file://", 7) != 0)
		return NULL;
	p = uri + 7;
	if (strncmp(p, "localhost/", 10) == 0)
		p += 9;
	if (*p != '/')
		return NULL; /* a remote host: not a file of this machine */
	out = o = lsp_alloc(strlen(p) + 1);
	for (; *p && *p != '?' && *p != '#'; p++) {
		if (*p == '%' && hex(p[1]) >= 0 && hex(p[2]) >= 0) {
			char c = (char)(hex(p[1]) * 16 + hex(p[2]));
			if (c == '\0') { /* a NUL would cut the path short */
				o = NULL;
				break;
			}
			*o++ = c;
			p += 2;
		} else {
			*o++ = *p;
		}
	}
	if (!o) {
		free(out);
		return NULL;
	}
	*o = '\0';
	return out;
}

char *path_to_uri(const char *path)
{
	static const char keep[] = "/-._~!$&'()*+,;=:@";
	size_t n = strlen(path);
	char *out = lsp_alloc(7 + 3 * n + 1), *o = out;
	const unsigned char *p;

	memcpy(o, "file://", 7);
	o += 7;
	for (p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr(keep, *p))
			*o++ = (char)*p;
		else
			o += sprintf(o, "%%%02X", *p);
	}
	*o = '\0';
	return out;
}
