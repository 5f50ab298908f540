// SPDX-License-Identifier: GPL-2.0
/*
 * A Redis module that proves it ran: its OnLoad registers itself (the
 * module API's first call, made by hand: no redismodule.h in Debian) and
 * writes /tmp/module-ran.  The redis suite's "dropped .so" attack loads it.
 */
#include <fcntl.h>
#include <unistd.h>

typedef int (*cgw_getapi_fn)(const char *name, void *fn);
typedef int (*cgw_attribs_fn)(void *ctx, const char *name, int ver, int apiver);

int RedisModule_OnLoad(void *ctx, void **argv, int argc)
{
	cgw_getapi_fn getapi = (cgw_getapi_fn)((void **)ctx)[0];
	cgw_attribs_fn attribs = 0;
	int fd;

	(void)argv;
	(void)argc;
	if (getapi("RedisModule_SetModuleAttribs", &attribs) || !attribs)
		return 1;
	attribs(ctx, "cgwpwn", 1, 1);
	fd = open("/tmp/module-ran", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0)
		close(fd);
	return 0;
}
