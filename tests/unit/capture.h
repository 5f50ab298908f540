/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Capture what a writer prints, for the output tests.  Include after
 * <cmocka.h>.
 */
#ifndef CGW_TEST_CAPTURE_H
#define CGW_TEST_CAPTURE_H

#include <stdio.h>
#include <stdlib.h>

struct capture {
	FILE *f;
	char *buf;
	size_t len;
};

static inline void cap_open(struct capture *c)
{
	c->buf = NULL;
	c->f = open_memstream(&c->buf, &c->len);
	assert_non_null(c->f);
}

static inline const char *cap_text(struct capture *c)
{
	fflush(c->f);
	return c->buf;
}

static inline void cap_close(struct capture *c)
{
	fclose(c->f);
	free(c->buf);
}

#endif
