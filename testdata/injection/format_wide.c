/* Wide-character formats: wprintf family, fgetws as a source, wcscpy/wcsncat
 * as propagators (wchar_t is a typedef of int in C). */
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

void wide_console_bad(void)
{
	wchar_t buffer[100] = L"";
	wchar_t *data = buffer;
	size_t len = wcslen(data);

	if (fgetws(data + len, (int)(100 - len), stdin) == NULL)
		data[len] = L'\0';
	wprintf(data); // expect: injection/format-string
}

void wide_copy_bad(FILE *out)
{
	wchar_t line[64], copy[64];

	if (!fgetws(line, 64, stdin))
		return;
	wcsncpy(copy, line, 63);
	copy[63] = L'\0';
	fwprintf(out, copy); // expect: injection/format-string
}

void wide_constant_good(void)
{
	wchar_t buffer[100] = L"";
	wchar_t *data = buffer;

	wcscpy(data, L"fixedstringtest");
	wprintf(data);
}

void wide_escaped_good(void)
{
	wchar_t line[64];

	if (!fgetws(line, 64, stdin))
		return;
	wprintf(L"%ls\n", line);
}
