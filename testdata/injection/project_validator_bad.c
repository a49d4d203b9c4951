/* injection: functions that look like validators but prove nothing. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* only the first character is checked */
static int is_safe_name(const char *s)
{
	return isalnum((unsigned char)s[0]) != 0;
}

/* the loop breaks on a bad character and the function says yes anyway */
static int valid_arg(const char *s)
{
	const char *p;
	for (p = s; *p; p++)
		if (!isalnum((unsigned char)*p))
			break;
	return 1;
}

/* the parameter is replaced before the "proof" */
static int valid_replaced(const char *s)
{
	s = "fallback";
	return *s != '\0';
}

/* 0 means valid, but one path returns 0 without looking */
static int check_token(const char *t, int lax)
{
	size_t i;
	if (lax)
		return 0;
	for (i = 0; t[i]; i++)
		if (!isdigit((unsigned char)t[i]))
			return -1;
	return 0;
}

int fourth(int lax)
{
	const char *v = getenv("PID");
	if (!v || check_token(v, lax) != 0)
		return -1;
	return system(v); // expect: injection/command
}

/* the result is used the wrong way round: nonzero means rejected */
static int check_digits(const char *t)
{
	size_t i;
	for (i = 0; t[i]; i++)
		if (!isdigit((unsigned char)t[i]))
			return -1;
	return 0;
}

int fifth(void)
{
	const char *v = getenv("PID");
	if (!v || !check_digits(v))
		return -1;
	return system(v); // expect: injection/command
}

int first(void)
{
	const char *v = getenv("TARGET");
	if (!v || !is_safe_name(v))
		return -1;
	return system(v); // expect: injection/command
}

int second(void)
{
	const char *v = getenv("TARGET");
	if (!v || !valid_arg(v))
		return -1;
	return system(v); // expect: injection/command
}

int third(void)
{
	const char *v = getenv("TARGET");
	if (!v || !valid_replaced(v))
		return -1;
	return system(v); // expect: injection/command
}
