#include "report/escape.h"

#include <cjson/cJSON.h>
#include "diffvet/diffvet.h"

#include <string.h>

#include "util/xalloc.h"

/* Length of the valid UTF-8 sequence at s (1-4), or 0 when it is not one. */
static size_t utf8_sequence_len(const unsigned char *s)
{
	unsigned char c = s[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return (s[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		/* E0 needs A0..BF (no overlongs), ED needs 80..9F (no surrogates). */
		unsigned char lo = c == 0xE0 ? 0xA0 : 0x80;
		unsigned char hi = c == 0xED ? 0x9F : 0xBF;

		if (s[1] < lo || s[1] > hi || (s[2] & 0xC0) != 0x80)
			return 0;
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		unsigned char lo = c == 0xF0 ? 0x90 : 0x80;
		unsigned char hi = c == 0xF4 ? 0x8F : 0xBF;

		if (s[1] < lo || s[1] > hi || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
			return 0;
		return 4;
	}
	return 0;
}

void dv_utf8_append_valid(struct strbuf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!s)
		return;
	while (*p) {
		/* A NUL inside a sequence makes the check fail before reading
		 * past it, since NUL is never a continuation byte. */
		size_t n = utf8_sequence_len(p);

		if (n == 0) {
			strbuf_addstr(out, "\xEF\xBF\xBD");
			p++;
			continue;
		}
		strbuf_add(out, (const char *)p, n);
		p += n;
	}
}

char *dv_utf8_valid_dup(const char *s)
{
	struct strbuf sb;

	strbuf_init(&sb);
	dv_utf8_append_valid(&sb, s);
	return strbuf_detach(&sb);
}

static int uri_keeps(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
}

void dv_uri_append_encoded(struct strbuf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)s;

	if (!s)
		return;
	for (; *p; p++) {
		if (uri_keeps(*p)) {
			strbuf_addch(out, (char)*p);
			continue;
		}
		strbuf_addch(out, '%');
		strbuf_addch(out, hex[*p >> 4]);
		strbuf_addch(out, hex[*p & 0xF]);
	}
}

unsigned dv_utf16_units(const char *s, unsigned nbytes)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned units = 0, i = 0;

	while (i < nbytes && p[i]) {
		size_t n = utf8_sequence_len(p + i);

		if (n == 0 || i + n > nbytes) {
			/* An invalid byte, or a character cut by the column: one
			 * unit per byte, as an editor showing U+FFFD would. */
			units++;
			i++;
			continue;
		}
		units += n == 4 ? 2 : 1;
		i += (unsigned)n;
	}
	return units + (nbytes - i);
}

int dv_json_print_and_free(FILE *out, struct cJSON *tree)
{
	char *text;
	int ret = DV_OK;

	if (!tree)
		return DV_ERR_INTERNAL;
	text = cJSON_Print(tree);
	if (!text)
		ret = DV_ERR_INTERNAL;
	else if (fputs(text, out) == EOF || fputc('\n', out) == EOF || fflush(out) != 0)
		ret = DV_ERR_IO;
	cJSON_free(text);
	cJSON_Delete(tree);
	return ret;
}

void dv_rule_help_uri(struct strbuf *out, const char *rule_id)
{
	struct strbuf slug;
	const char *p;

	strbuf_init(&slug);
	for (p = rule_id ? rule_id : ""; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c >= 'A' && c <= 'Z')
			strbuf_addch(&slug, (char)(c - 'A' + 'a'));
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
			 c >= 0x80)
			strbuf_addch(&slug, (char)c);
		else if (c == ' ')
			strbuf_addch(&slug, '-');
	}
	strbuf_addstr(out, DIFFVET_INFORMATION_URI "/blob/main/docs/rules.md#");
	dv_uri_append_encoded(out, slug.buf);
	strbuf_release(&slug);
}
