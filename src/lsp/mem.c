/* Allocation for the LSP server: see mem.h. */
#include "lsp/mem.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void out_of_memory(void)
{
	fputs("diffvet lsp: out of memory\n", stderr);
	abort();
}

void *lsp_check(void *p)
{
	if (!p)
		out_of_memory();
	return p;
}

void *lsp_alloc(size_t size)
{
	return lsp_check(calloc(1, size ? size : 1));
}

void *lsp_realloc(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		out_of_memory();
	return lsp_check(realloc(p, n && size ? n * size : 1));
}

char *lsp_strndup(const char *s, size_t n)
{
	char *d = lsp_alloc(n + 1);

	memcpy(d, s, n);
	return d;
}

char *lsp_strdup(const char *s)
{
	return s ? lsp_strndup(s, strlen(s)) : NULL;
}
