// SPDX-License-Identifier: GPL-2.0
/*
 * Alerts: dedup and rate limit (ratelimit.c), then one kernel audit record
 * of type AUDIT_KERNEL_OTHER per admitted alert, key=value fields that
 * ausearch and auparse read.  Suppressed repeats are summed into a record
 * when their window closes.
 *
 * Rate limits are budgets (cgw_budget_take()): one per cgroup subtree and
 * one over all, each with a reserve that only high severity spends.  A
 * tenant's storm spends its own budget, not its neighbours', and never
 * the reserve that its own next explicit deny or secret read will need.
 * A record says how many of its cgroup's alerts were held back before it
 * (held=); whatever is held back is counted per cgroup and in total.
 */
#include <linux/audit.h>
#include <linux/cgroup.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/spinlock.h>
#include "alert.h"
#include "compat.h"
#include "fault.h"
#include "names.h"
#include "program.h"
#include "ratelimit.h"

/* Object text kept for the summary of a window: truncated, marked so. */
enum { CGW_SLOT_PATH = 160, CGW_SLOT_NAME = 32 };

struct cgw_alert_slot {
	struct cgw_dedup_slot d;
	u64 cgroup_id;
	u8 op, verdict, mode, reason;
	struct cgw_obj obj;
	char path[CGW_SLOT_PATH];
	char name[CGW_SLOT_NAME];
};

static struct cgw_alert_slot *cgw_slots;
static DEFINE_SPINLOCK(cgw_slots_lock);
static struct cgw_budget cgw_audit_budget;

static const struct cgw_budget_rate cgw_global_rate = {
	.per_sec = CGW_AUDIT_PER_SEC, .burst = CGW_AUDIT_BURST,
	.high_per_sec = CGW_AUDIT_HIGH_PER_SEC,
	.high_burst = CGW_AUDIT_HIGH_BURST,
};

static const struct cgw_budget_rate cgw_cg_rate = {
	.per_sec = CGW_CG_AUDIT_PER_SEC, .burst = CGW_CG_AUDIT_BURST,
	.high_per_sec = CGW_CG_AUDIT_HIGH_PER_SEC,
	.high_burst = CGW_CG_AUDIT_HIGH_BURST,
};

static const struct cgw_budget_rate cgw_cg_event_rate = {
	.per_sec = CGW_CG_EVENT_PER_SEC, .burst = CGW_CG_EVENT_BURST,
	.high_per_sec = CGW_CG_EVENT_HIGH_PER_SEC,
	.high_burst = CGW_CG_EVENT_HIGH_BURST,
};

static cgw_event_sink_t cgw_event_sink;
static void cgw_flush_fn(struct work_struct *work);
static DECLARE_DELAYED_WORK(cgw_flush_work, cgw_flush_fn);

/* Like the audit subsystem: hex when a value would not survive quoting. */
static bool cgw_needs_hex(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = s[i];

		if (c == '"' || c < 0x21 || c > 0x7e)
			return true;
	}
	return false;
}

static void cgw_log_str(struct audit_buffer *ab, const char *key,
			const char *s, size_t len)
{
	size_t i, n;

	if (!cgw_needs_hex(s, len)) {
		audit_log_format(ab, " %s=\"%.*s\"", key, (int)len, s);
		return;
	}
	audit_log_format(ab, " %s=", key);
	for (i = 0; i < len; i += n) {
		n = min_t(size_t, len - i, 64);
		audit_log_format(ab, "%*phN", (int)n, s + i);
	}
}

/*
 * access=rwax as letters, then every other bit by name:
 * access=w,create,rename-to, access=mount, access=r,ptrace.
 */
static void cgw_log_access(struct audit_buffer *ab, u32 acc)
{
	static const char *const names[] = CGW_ACC_NAMES;
	unsigned int i;

	audit_log_format(ab, " access=%s%s%s%s",
			 acc & CGW_ACC_READ ? "r" : "",
			 acc & CGW_ACC_WRITE ? "w" : "",
			 acc & CGW_ACC_APPEND ? "a" : "",
			 acc & CGW_ACC_EXEC ? "x" : "");
	for (i = 4; i < ARRAY_SIZE(names); i++)
		if (acc & BIT(i))
			audit_log_format(ab, "%s%s",
					 acc & (BIT(i) - 1) ? "," : "",
					 names[i]);
}

/* Socket access bits by name: access=connect,bind */
static void cgw_log_net_access(struct audit_buffer *ab, u32 acc)
{
	static const char *const names[] = CGW_NET_NAMES;
	const char *sep = "=";
	unsigned int i;

	audit_log_format(ab, " access");
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		if (!(acc & (1U << i)))
			continue;
		audit_log_format(ab, "%s%s", sep, names[i]);
		sep = ",";
	}
	if (*sep == '=')
		audit_log_format(ab, "=connect");	/* 0: a model's old entry */
}

/*
 * A socket: its family, the peer (daddr, dport) of a connect or send,
 * the local address (laddr, lport) of a bind, listen or accept; none for
 * a socket made.  type is the socket type (SOCK_STREAM 1, SOCK_DGRAM 2,
 * SOCK_RAW 3...).
 */
static void cgw_log_net(struct audit_buffer *ab, const struct cgw_obj *o)
{
	const char *a = "daddr", *p = "dport";

	audit_log_format(ab, " family=%u", o->family);
	if (o->access && !(o->access & CGW_NET_CONNECT)) {
		a = "laddr";
		p = "lport";
	}
	/* A socket made has no address. */
	if (o->access != CGW_NET_CREATE && o->family == AF_INET)
		audit_log_format(ab, " %s=%pI4 %s=%u", a, o->addr, p, o->port);
	else if (o->access != CGW_NET_CREATE && o->family == AF_INET6)
		audit_log_format(ab, " %s=%pI6c %s=%u", a, o->addr, p, o->port);
	audit_log_format(ab, " proto=%u sock_type=%u", o->proto, o->type);
	cgw_log_net_access(ab, o->access);
}

static void cgw_log_obj(struct audit_buffer *ab, const struct cgw_obj *o)
{
	switch (o->kind) {
	case CGW_KIND_EXEC:
		cgw_log_str(ab, "path", o->path, o->path_len);
		cgw_log_str(ab, "name", o->name, o->name_len);
		break;
	case CGW_KIND_FILE:
		cgw_log_str(ab, "path", o->path, o->path_len);
		cgw_log_access(ab, o->access);
		break;
	/*
	 * family and proto are numbers, as in the audit subsystem's own
	 * records: ausearch -i knows these field names and shows them as
	 * "inet6" and "tcp".
	 */
	case CGW_KIND_UNIX:
		audit_log_format(ab, " family=%u", AF_UNIX);
		cgw_log_str(ab, "path", o->path, o->path_len);
		cgw_log_net_access(ab, o->access);
		break;
	case CGW_KIND_NET:
		cgw_log_net(ab, o);
		break;
	}
}

/*
 * Who did it, gathered once for the audit record and the event.  The
 * strings point into @buf (2 * PATH_MAX), or are empty when it could not
 * be had.
 */
static void cgw_task_ctx(struct cgw_task_ctx *t, char *buf)
{
	struct file *exe = current->mm ? cgw_get_mm_exe_file(current->mm) :
					  NULL;
	const char *p;
	u16 len;
	int n;

	memset(t, 0, sizeof(*t));
	t->pid = task_tgid_nr(current);
	get_task_comm(t->comm, current);
	t->cgroup = "";
	t->exe = "";
	if (!buf)
		goto out;
	rcu_read_lock();
	n = cgroup_path(task_dfl_cgroup(current), buf, PATH_MAX);
	rcu_read_unlock();
	if (n > 0 && n < PATH_MAX)
		t->cgroup = buf;
	if (exe) {
		p = cgw_name_path(&exe->f_path, buf + PATH_MAX, &len,
				  CGW_NAME_RUNNING);
		if (p)
			t->exe = p;
	}
out:
	if (exe)
		fput(exe);
}

static void cgw_log_task(struct audit_buffer *ab, const struct cgw_task_ctx *t)
{
	audit_log_format(ab, " pid=%d", t->pid);
	cgw_log_str(ab, "comm", t->comm, strnlen(t->comm, sizeof(t->comm)));
	if (*t->exe)
		cgw_log_str(ab, "exe", t->exe, strlen(t->exe));
}

static void cgw_log_head(struct audit_buffer *ab, u8 op, u8 verdict, u8 mode,
			 u8 reason, u64 cgroup_id)
{
	audit_log_format(ab, "op=%s verdict=%s mode=%s reason=%s cgroup_id=%llu",
			 cgw_op_name(op), cgw_verdict_name(verdict),
			 cgw_mode_name(mode), cgw_reason_name(reason),
			 cgroup_id);
}

/*
 * The cgroup whose budget @ev spends: the top of its subtree, or its own
 * (@ev's) when that one is gone.  Under rcu_read_lock().
 */
static struct cgw_cgroup *cgw_budget_owner(const struct cgw_event *ev)
{
	u64 id = ev->cg ? READ_ONCE(ev->cg->budget_id) : 0;
	struct cgw_cgroup *top = id ? cgw_cgroup_lookup(id) : NULL;

	return top ? top : ev->cg;
}

/*
 * May @ev have an audit record?  Its subtree's budget, then the global
 * one.  *@held: how many of the subtree's were held back before it.
 */
static bool cgw_audit_admit(const struct cgw_event *ev, u64 now, u64 *held)
{
	bool high = ev->d->severity == CGW_SEV_HIGH;
	struct cgw_cgroup *owner;
	u64 unused;
	bool ok;

	*held = 0;
	rcu_read_lock();
	owner = cgw_budget_owner(ev);
	spin_lock_bh(&cgw_slots_lock);
	ok = !owner || cgw_budget_take(&owner->budget, now, high, &cgw_cg_rate,
				       held);
	if (ok)
		ok = cgw_budget_take(&cgw_audit_budget, now, high,
				     &cgw_global_rate, &unused);
	spin_unlock_bh(&cgw_slots_lock);
	rcu_read_unlock();
	if (!ok) {
		atomic64_inc(&cgw_stats.audit_suppressed);
		if (ev->cg)
			atomic64_inc(&ev->cg->held);
	}
	return ok;
}

/* May @ev go to the listeners?  Its subtree's event budget. */
static bool cgw_event_admit(const struct cgw_event *ev, u64 now)
{
	bool high = ev->d->severity == CGW_SEV_HIGH;
	struct cgw_cgroup *owner;
	u64 held;
	bool ok;

	rcu_read_lock();
	owner = cgw_budget_owner(ev);
	spin_lock_bh(&cgw_slots_lock);
	ok = !owner || cgw_budget_take(&owner->ev_budget, now, high,
				       &cgw_cg_event_rate, &held);
	spin_unlock_bh(&cgw_slots_lock);
	rcu_read_unlock();
	if (!ok) {
		atomic64_inc(&cgw_stats.events_dropped);
		if (ev->cg)
			atomic64_inc(&ev->cg->events_held);
	}
	return ok;
}

static void cgw_audit(const struct cgw_event *ev,
		      const struct cgw_task_ctx *t, u64 flushed, u64 held)
{
	struct audit_buffer *ab;

	ab = cgw_faulty(audit_log_start(audit_context(), GFP_ATOMIC, AUDIT_KERNEL_OTHER));
	if (!ab) {
		atomic64_inc(&cgw_stats.audit_suppressed);
		return;
	}
	cgw_log_head(ab, ev->op, ev->d->verdict, ev->mode, ev->d->reason,
		     ev->cgroup_id);
	audit_log_format(ab, " severity=%s", cgw_severity_name(ev->d->severity));
	if (*t->cgroup)
		cgw_log_str(ab, "cgroup", t->cgroup, strlen(t->cgroup));
	if (ev->obj)
		cgw_log_obj(ab, ev->obj);
	cgw_log_task(ab, t);
	audit_log_format(ab, " suppressed=%llu held=%llu", flushed, held);
	audit_log_end(ab);
	atomic64_inc(&cgw_stats.audit_records);
}

/*
 * An admitted alert: one audit record and one event, as far as their
 * budgets allow; what they hold back is counted.
 */
static void cgw_emit(const struct cgw_event *ev, u64 flushed)
{
	u64 now = ktime_get_ns(), held;
	bool audit = cgw_audit_admit(ev, now, &held);
	bool event = READ_ONCE(cgw_event_sink) && cgw_event_admit(ev, now);
	struct cgw_task_ctx t;
	cgw_event_sink_t sink;
	char *buf;

	if (!audit && !event)
		return;
	buf = cgw_faulty(kmalloc(2 * PATH_MAX, GFP_ATOMIC | __GFP_NOWARN));
	cgw_task_ctx(&t, buf);
	if (audit)
		cgw_audit(ev, &t, flushed, held);
	rcu_read_lock();
	sink = READ_ONCE(cgw_event_sink);
	if (sink && event)
		sink(ev, &t, flushed);
	rcu_read_unlock();
	kfree(buf);
}

static void cgw_slot_keep(struct cgw_alert_slot *s, const struct cgw_event *ev)
{
	s->cgroup_id = ev->cgroup_id;
	s->op = ev->op;
	s->verdict = ev->d->verdict;
	s->reason = ev->d->reason;
	s->mode = ev->mode;
	memset(&s->obj, 0, sizeof(s->obj));
	if (!ev->obj)
		return;
	s->obj = *ev->obj;
	s->obj.path_len = min_t(u16, ev->obj->path_len, CGW_SLOT_PATH);
	s->obj.name_len = min_t(u16, ev->obj->name_len, CGW_SLOT_NAME);
	memcpy(s->path, ev->obj->path, s->obj.path_len);
	memcpy(s->name, ev->obj->name, s->obj.name_len);
	s->obj.path = s->path;
	s->obj.name = s->name;
	s->obj.exe = NULL;	/* in a per-CPU buffer: not kept */
	s->obj.exe_len = 0;
}

/* Report an alert or a denial.  Any context a hook runs in. */
void cgw_alert(const struct cgw_event *ev)
{
	/* A full model is one condition of the cgroup, not one per object. */
	const struct cgw_obj *o = ev->d->reason == CGW_REASON_FULL ? NULL :
									ev->obj;
	u64 key = cgw_dedup_key(ev->cgroup_id, ev->op, ev->d->verdict, o);
	u64 window = (u64)READ_ONCE(cgw_config.alert_window_ms) * NSEC_PER_MSEC;
	struct cgw_alert_slot *s = &cgw_slots[hash_64(key, CGW_ALERT_SLOTS_BITS)];
	u64 flushed;
	bool admit;

	spin_lock_bh(&cgw_slots_lock);
	admit = cgw_dedup_admit(&s->d, key, ktime_get_ns(), window, &flushed);
	if (admit)
		cgw_slot_keep(s, ev);
	spin_unlock_bh(&cgw_slots_lock);
	if (!admit) {
		atomic64_inc(&cgw_stats.audit_suppressed);
		mod_delayed_work(system_wq, &cgw_flush_work, HZ);
		return;
	}
	cgw_emit(ev, flushed);
}

static void cgw_emit_summary(const struct cgw_alert_slot *s, u64 suppressed)
{
	struct audit_buffer *ab;

	ab = audit_log_start(NULL, GFP_KERNEL, AUDIT_KERNEL_OTHER);
	if (!ab)
		return;
	cgw_log_head(ab, s->op, s->verdict, s->mode, s->reason, s->cgroup_id);
	if (s->obj.kind || s->obj.path_len || s->obj.family)
		cgw_log_obj(ab, &s->obj);
	audit_log_format(ab, " suppressed=%llu summary=1", suppressed);
	audit_log_end(ab);
	atomic64_inc(&cgw_stats.audit_records);
}

/* Close windows that ended with suppressed repeats: say how many. */
static void cgw_flush_fn(struct work_struct *work)
{
	u64 window = (u64)READ_ONCE(cgw_config.alert_window_ms) * NSEC_PER_MSEC;
	struct cgw_alert_slot copy;
	bool pending = false;
	unsigned int i;
	u64 n;

	for (i = 0; i < (1U << CGW_ALERT_SLOTS_BITS); i++) {
		struct cgw_alert_slot *s = &cgw_slots[i];

		spin_lock_bh(&cgw_slots_lock);
		n = s->d.suppressed;
		if (n && ktime_get_ns() - s->d.window_start >= window) {
			copy = *s;
			copy.obj.path = copy.path;
			copy.obj.name = copy.name;
			s->d.suppressed = 0;
			s->d.window_start = 0;
		} else {
			pending |= n != 0;
			n = 0;
		}
		spin_unlock_bh(&cgw_slots_lock);
		if (n)
			cgw_emit_summary(&copy, n);
	}
	if (pending)
		mod_delayed_work(system_wq, &cgw_flush_work, HZ);
}

/*
 * Something switched cgwarden's hooks off behind its back.  Never rate
 * limited: it happens once per change, and it is what an operator must
 * not miss.  Process context.
 */
void cgw_alert_tamper(const char *what)
{
	struct audit_buffer *ab;

	atomic64_inc(&cgw_stats.tamper);
	pr_crit("cgwarden: %s: operations pass unchecked\n", what);
	ab = audit_log_start(NULL, GFP_KERNEL, AUDIT_KERNEL_OTHER);
	if (!ab)
		return;
	audit_log_format(ab, "op=tamper verdict=alert");
	cgw_log_str(ab, "what", what, strlen(what));
	audit_log_end(ab);
	atomic64_inc(&cgw_stats.audit_records);
}

/*
 * @cg finished learning by itself.  Called by cgw_cgroup_promote() for
 * each cgroup it moves on, under rcu_read_lock(): may not sleep, so the
 * record is allocated GFP_ATOMIC.
 */
void cgw_alert_promoted(const struct cgw_cgroup *cg)
{
	struct cgw_model *m;
	struct audit_buffer *ab;
	unsigned int entries;

	rcu_read_lock();
	m = rcu_dereference(cg->model);
	entries = m ? cgw_model_count(m) : 0;
	rcu_read_unlock();
	pr_info("cgwarden: cgroup %llu learned %u entries, quiet for %u ms: now %s\n",
		cg->id, entries, cg->quiet_ms, cgw_mode_name(cg->then_mode));
	ab = audit_log_start(NULL, GFP_ATOMIC, AUDIT_KERNEL_OTHER);
	if (!ab)
		return;
	audit_log_format(ab, "op=promote verdict=allow mode=%s from=learn",
			 cgw_mode_name(cg->then_mode));
	audit_log_format(ab, " cgroup_id=%llu entries=%u quiet_ms=%u", cg->id,
			 entries, cg->quiet_ms);
	audit_log_end(ab);
	atomic64_inc(&cgw_stats.audit_records);
}

/*
 * The circuit breaker took @cg from protect to monitor: never rate
 * limited, and on the console too.  Any context a hook runs in.
 */
void cgw_alert_breaker(const struct cgw_cgroup *cg)
{
	struct audit_buffer *ab;

	pr_warn("cgwarden: cgroup %llu refused more than %u operations in a second: circuit breaker, now monitor\n",
		cg->id, READ_ONCE(cg->breaker));
	ab = audit_log_start(NULL, GFP_ATOMIC, AUDIT_KERNEL_OTHER);
	if (!ab)
		return;
	audit_log_format(ab, "op=breaker verdict=alert mode=monitor from=protect");
	audit_log_format(ab, " cgroup_id=%llu breaker=%u severity=high", cg->id,
			 READ_ONCE(cg->breaker));
	audit_log_end(ab);
	atomic64_inc(&cgw_stats.audit_records);
}

/**
 * cgw_alert_set_sink() - send events to @sink too, or to nothing more
 * @sink: the control plane's event function, or NULL
 *
 * With NULL, returns once no call of the previous sink is running.
 * Process context.
 */
void cgw_alert_set_sink(cgw_event_sink_t sink)
{
	WRITE_ONCE(cgw_event_sink, sink);
	if (!sink)
		synchronize_rcu();
}

int cgw_alert_init(void)
{
	cgw_ratelimit_init();
	cgw_slots = kvcalloc(1U << CGW_ALERT_SLOTS_BITS, sizeof(*cgw_slots),
			     GFP_KERNEL);
	return cgw_slots ? 0 : -ENOMEM;
}

/* After the hooks are gone. */
void cgw_alert_exit(void)
{
	cancel_delayed_work_sync(&cgw_flush_work);
	cgw_flush_fn(NULL);
	cancel_delayed_work_sync(&cgw_flush_work);
	kvfree(cgw_slots);
}
