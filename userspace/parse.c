// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>

#include "parse.h"

bool is_all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

int parse_u64(const char *s, uint64_t *out)
{
	uint64_t v = 0;

	if (!is_all_digits(s))
		return -EINVAL;
	for (; *s; s++) {
		unsigned int d = (unsigned int)(*s - '0');

		if (v > (UINT64_MAX - d) / 10)
			return -ERANGE;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

int parse_u32(const char *s, uint32_t *out)
{
	uint64_t v;
	int ret = parse_u64(s, &v);

	if (ret)
		return ret;
	if (v > UINT32_MAX)
		return -ERANGE;
	*out = (uint32_t)v;
	return 0;
}

int parse_duration_ms(const char *s, uint32_t *ms)
{
	static const struct { const char *unit; uint64_t ms; } units[] = {
		{ "ms", 1 }, { "s", 1000 }, { "m", 60000 }, { "h", 3600000 },
		{ "", 1000 },
	};
	const char *u = s;
	char digits[32];
	uint64_t v;
	size_t i, n;
	int ret;

	while (*u >= '0' && *u <= '9')
		u++;
	n = (size_t)(u - s);
	if (!n || n >= sizeof(digits))
		return n ? -ERANGE : -EINVAL;
	memcpy(digits, s, n);
	digits[n] = '\0';
	ret = parse_u64(digits, &v);
	if (ret)
		return ret;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(u, units[i].unit))
			continue;
		if (v > UINT32_MAX / units[i].ms)
			return -ERANGE;
		*ms = (uint32_t)(v * units[i].ms);
		return 0;
	}
	return -EINVAL;
}

int parse_entry_id(const char *s, uint32_t *id)
{
	uint32_t v = 0;
	size_t n = strlen(s);

	if (!n || n > 8 || strspn(s, "0123456789abcdef") != n)
		return -EINVAL;
	for (; *s; s++)
		v = v << 4 | (uint32_t)(*s <= '9' ? *s - '0' : *s - 'a' + 10);
	*id = v;
	return 0;
}

int parse_on_off(const char *s, bool *on)
{
	if (!strcmp(s, "on"))
		*on = true;
	else if (!strcmp(s, "off"))
		*on = false;
	else
		return -EINVAL;
	return 0;
}
