/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by cgwarden's KUnit suites: objects as the hooks would
 * build them, and the model calls wrapped in the RCU read side their
 * callers (the hooks) hold.
 */
#ifndef _CGW_TEST_H
#define _CGW_TEST_H

#include <kunit/test.h>
#include <linux/in.h>
#include <linux/rcupdate.h>
#include <linux/socket.h>
#include <linux/string.h>
#include "decide.h"
#include "generalise.h"
#include "glob.h"
#include "names.h"
#include "policy.h"
#include "ratelimit.h"
#include "vcache.h"

static inline void cgw_t_exec(struct cgw_obj *o, const char *path,
			      const char *name)
{
	memset(o, 0, sizeof(*o));
	o->kind = CGW_KIND_EXEC;
	o->path = path;
	o->path_len = strlen(path);
	o->name = name;
	o->name_len = strlen(name);
}

static inline void cgw_t_file(struct cgw_obj *o, const char *path, u32 access)
{
	memset(o, 0, sizeof(*o));
	o->kind = CGW_KIND_FILE;
	o->path = path;
	o->path_len = strlen(path);
	o->access = access;
}

/* Abstract unix names are spelt "@name", as the hook builds them. */
static inline void cgw_t_unix(struct cgw_obj *o, const char *path)
{
	memset(o, 0, sizeof(*o));
	o->kind = CGW_KIND_UNIX;
	o->path = path;
	o->path_len = strlen(path);
}

static inline void cgw_t_net4(struct cgw_obj *o, u8 proto, u8 a, u8 b, u8 c,
			      u8 d, u16 port)
{
	memset(o, 0, sizeof(*o));
	o->kind = CGW_KIND_NET;
	o->family = AF_INET;
	o->proto = proto;
	o->port = port;
	o->addr[0] = a;
	o->addr[1] = b;
	o->addr[2] = c;
	o->addr[3] = d;
}

/* 2001:db8::@last */
static inline void cgw_t_net6(struct cgw_obj *o, u8 proto, u8 last, u16 port)
{
	static const u8 prefix[] = { 0x20, 0x01, 0x0d, 0xb8 };

	memset(o, 0, sizeof(*o));
	o->kind = CGW_KIND_NET;
	o->family = AF_INET6;
	o->proto = proto;
	o->port = port;
	memcpy(o->addr, prefix, sizeof(prefix));
	o->addr[15] = last;
}

static inline enum cgw_learn cgw_t_learn(struct cgw_model *m,
					 const struct cgw_obj *o)
{
	enum cgw_learn r;

	rcu_read_lock();
	r = cgw_model_learn(m, o, false, GFP_ATOMIC);
	rcu_read_unlock();
	return r;
}

static inline enum cgw_match cgw_t_match(struct cgw_model *m,
					 const struct cgw_obj *o)
{
	enum cgw_match r;

	rcu_read_lock();
	r = cgw_model_match(m, o, false);
	rcu_read_unlock();
	return r;
}

/*
 * The model of @cg.  Tests are the only writers of the cgroup table while
 * they run, so nothing replaces or frees it under them.
 */
static inline struct cgw_model *cgw_t_model_of(struct cgw_cgroup *cg)
{
	return rcu_dereference_protected(cg->model, true);
}

/* Setup and teardown shared by the suites that use the cgroup table. */
static inline int cgw_t_table_init(struct kunit *test)
{
	int err = cgw_model_init();

	if (err)
		return err;
	err = cgw_cgroup_init();
	if (err)
		cgw_model_exit();
	return err;
}

/* Free every cgroup and model, and check none was left behind. */
static inline void cgw_t_table_exit(struct kunit *test)
{
	cgw_cgroup_exit();
	cgw_model_exit();
	KUNIT_EXPECT_EQ(test, cgw_cgroup_count(), 0U);
	KUNIT_EXPECT_EQ_MSG(test, cgw_model_total(), 0U,
			    "model entries left behind by this test");
}

#endif /* _CGW_TEST_H */
