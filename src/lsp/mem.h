/*
 * Allocation for the LSP server, which sees only include/diffvet/ of the
 * library: out of memory aborts here with a message, as in the library.
 */
#ifndef DV_LSP_MEM_H
#define DV_LSP_MEM_H

#include <stddef.h>

void *lsp_alloc(size_t size);              /* zeroed */
void *lsp_realloc(void *p, size_t n, size_t size); /* overflow-checked */
char *lsp_strdup(const char *s);           /* NULL -> NULL */
char *lsp_strndup(const char *s, size_t n);
/* Aborts when a cJSON constructor failed; returns its argument. */
void *lsp_check(void *p);

#endif
