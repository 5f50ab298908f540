// SPDX-License-Identifier: GPL-2.0
/*
 * The hooks: one ftrace op per security_*() function, deciding inside the
 * callback.  To refuse, the callback points regs->ip at cgw_deny_stub(),
 * so the hooked function never runs and its caller gets -EPERM: the
 * livepatch technique, which never calls the original through a pointer.
 * When ftrace cannot take the function (-EBUSY: a livepatch owns it), a
 * kprobe pre-handler does the same.
 *
 * Callbacks run with preemption disabled (ftrace's recursion lock) or in
 * the kprobe handler: nothing here sleeps.
 */
#include <linux/binfmts.h>
#include <linux/cgroup.h>
#include <linux/dcache.h>
#include <linux/fs_struct.h>
#include <linux/fs.h>
#include <linux/ftrace.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/kprobes.h>
#include <linux/mutex.h>
#include <linux/magic.h>
#include <linux/net.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/socket.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/un.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include "cgwarden.h"
#include "compat.h"

/* What a hook made of its arguments. */
enum cgw_seen {
	CGW_SEEN_OBJ,		/* an object to decide on */
	CGW_SEEN_NONE,		/* nothing cgwarden mediates (e.g. netlink) */
	CGW_SEEN_UNKNOWN,	/* mediated, but not resolvable: undecided */
};

struct cgw_hook {
	const char *symbol;
	unsigned int op;
	/* Refuse by killing the task: the hooked function cannot fail. */
	bool kill;
	enum cgw_seen (*see)(struct pt_regs *regs, struct cgw_obj *o);
	u8 state;
	struct ftrace_ops ops;
	struct kprobe kp;
};

/*
 * The path of the last executable seen on this CPU, and what it was seen
 * as: consecutive hooks mostly come from one program, whose path is then
 * not built again.
 */
struct cgw_exe_cache {
	const void *dentry, *mnt, *inode, *root, *root_mnt;
	unsigned long ino;
	u32 generation;
	const char *exe;	/* into ->buf */
	u16 len;
	char buf[PATH_MAX];
};

struct cgw_pcpu {
	u64 count[CGW_HOOK_COUNT][CGW_HC_N];
	char path[PATH_MAX];
	char name[CGW_NAME_MAX];
	char cgroup[PATH_MAX];
	char gen[PATH_MAX];	/* a path as its model entry spells it */
	struct cgw_exe_cache exe;
};

static struct cgw_pcpu __percpu *cgw_pcpu;

/*
 * Kprobes instead of ftrace, for kernels without ftrace's ip-modifying
 * ops and to test the fallback taken when ftrace is busy.
 */
static bool cgw_force_kprobe;
module_param_named(force_kprobe, cgw_force_kprobe, bool, 0444);
MODULE_PARM_DESC(force_kprobe, "Hook with kprobes, not ftrace");

/* Where a refused call goes instead of the hooked function. */
static noinline int cgw_deny_stub(void)
{
	return -EPERM;
}

static struct cgw_hook cgw_hooks[CGW_HOOK_COUNT];

static inline void cgw_count(unsigned int hook, unsigned int what)
{
	this_cpu_inc(cgw_pcpu->count[hook][what]);
}

u64 cgw_hooks_sum(unsigned int hook, unsigned int what)
{
	u64 sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += per_cpu_ptr(cgw_pcpu, cpu)->count[hook][what];
	/* kprobes count calls they let through while another ran. */
	if (what == CGW_HC_MISSED && cgw_hooks[hook].kp.addr)
		sum += cgw_hooks[hook].kp.nmissed;
	return sum;
}

void cgw_hooks_info(unsigned int hook, struct cgw_hook_info *info)
{
	info->symbol = cgw_hooks[hook].symbol;
	info->op = cgw_hooks[hook].op;
	info->state = cgw_hooks[hook].state;
}

/* Filesystems whose numeric names the kernel makes up (see generalise.c). */
static bool cgw_numbered_fs(const struct path *path)
{
	unsigned long magic = path->dentry->d_sb->s_magic;

	return magic == PROC_SUPER_MAGIC || magic == DEVPTS_SUPER_MAGIC;
}

/*
 * A path as the task sees it, into the per-CPU buffer, generalised;
 * @len excludes the NUL.
 */
static const char *cgw_path(const struct path *path, u16 *len)
{
	char *buf = this_cpu_ptr(cgw_pcpu)->path;
	char *p = d_path(path, buf, PATH_MAX);

	if (IS_ERR(p))
		return NULL;
	*len = buf + PATH_MAX - 1 - p;
	if (cgw_numbered_fs(path))
		*len = cgw_generalise_numbers(p, *len);
	return p;
}

static enum cgw_seen cgw_see_exec(struct pt_regs *regs, struct cgw_obj *o)
{
	struct linux_binprm *bprm = (struct linux_binprm *)regs->di;

	/* interp is what was asked for: the file, or the #! interpreter. */
	o->kind = CGW_KIND_EXEC;
	o->name = kbasename(bprm->interp);
	o->name_len = strnlen(o->name, CGW_NAME_MAX - 1);
	o->path = cgw_path(&bprm->file->f_path, &o->path_len);
	return o->path ? CGW_SEEN_OBJ : CGW_SEEN_UNKNOWN;
}

/*
 * A multi-call binary (busybox, toybox) picks what to run from argv[0],
 * which need not match the name it was executed by: busybox's shell runs
 * applets as /proc/self/exe, and execve(busybox, {"nc", ...}) runs nc.  By
 * the time creds are committed the arguments are in the new mm, which is
 * current's and has no other thread, so argv[0] is read as the program
 * will see it.  Only a name that differs from the one checked at
 * security_bprm_check is decided here.
 */
static enum cgw_seen cgw_see_argv0(struct pt_regs *regs, struct cgw_obj *o)
{
	struct linux_binprm *bprm = (struct linux_binprm *)regs->di;
	char *name = this_cpu_ptr(cgw_pcpu)->name;
	unsigned long len = CGW_NAME_MAX - 1;
	const char *base;

	if (bprm->vma && bprm->vma->vm_end - bprm->p < len)
		len = bprm->vma->vm_end - bprm->p;
	if (copy_from_user_nofault(name, (const void __user *)bprm->p, len))
		return CGW_SEEN_UNKNOWN;
	name[len] = '\0';
	base = kbasename(name);
	if (!strcmp(base, kbasename(bprm->interp)))
		return CGW_SEEN_NONE;
	o->kind = CGW_KIND_EXEC;
	o->name = base;
	o->name_len = strlen(base);
	o->path = cgw_path(&bprm->file->f_path, &o->path_len);
	return o->path ? CGW_SEEN_OBJ : CGW_SEEN_UNKNOWN;
}

static u32 cgw_file_access(const struct file *file)
{
	u32 acc = 0;

	if (file->f_mode & FMODE_READ)
		acc |= CGW_ACC_READ;
	if (file->f_mode & FMODE_WRITE)
		acc |= file->f_flags & O_APPEND ? CGW_ACC_APPEND :
						  CGW_ACC_WRITE;
	/* Set by open_exec() for a program and its ELF interpreter. */
	if (file->f_flags & __FMODE_EXEC)
		acc |= CGW_ACC_EXEC;
	return acc;
}

static enum cgw_seen cgw_see_open(struct pt_regs *regs, struct cgw_obj *o)
{
	struct file *file = (struct file *)regs->di;

	o->kind = CGW_KIND_FILE;
	o->access = cgw_file_access(file);
	o->path = cgw_path(&file->f_path, &o->path_len);
	return o->path ? CGW_SEEN_OBJ : CGW_SEEN_UNKNOWN;
}

/* A unix address as ss(8) prints it: abstract names start with '@'. */
static enum cgw_seen cgw_see_unix(const struct sockaddr_un *sun, int len,
				  struct cgw_obj *o)
{
	char *buf = this_cpu_ptr(cgw_pcpu)->path;
	int n = len - (int)offsetof(struct sockaddr_un, sun_path);

	if (n <= 0)
		return CGW_SEEN_NONE;	/* autobind, not a destination */
	n = min_t(int, n, sizeof(sun->sun_path));
	o->kind = CGW_KIND_UNIX;
	if (sun->sun_path[0]) {
		o->path = sun->sun_path;
		o->path_len = strnlen(sun->sun_path, n);
		return CGW_SEEN_OBJ;
	}
	buf[0] = '@';
	memcpy(buf + 1, sun->sun_path + 1, n - 1);
	o->path = buf;
	o->path_len = n;
	return CGW_SEEN_OBJ;
}

static enum cgw_seen cgw_see_addr(struct socket *sock,
				  const struct sockaddr *sa, int len,
				  struct cgw_obj *o)
{
	const struct sockaddr_in *sin = (const struct sockaddr_in *)sa;
	const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)sa;

	if (!sa || len < (int)sizeof(sa->sa_family))
		return CGW_SEEN_NONE;
	o->kind = CGW_KIND_NET;
	o->family = sa->sa_family;
	o->proto = sock->sk ? sock->sk->sk_protocol : 0;
	switch (sa->sa_family) {
	case AF_INET:
		if (len < (int)sizeof(*sin))
			return CGW_SEEN_NONE;	/* the call fails with EINVAL */
		memcpy(o->addr, &sin->sin_addr, 4);
		o->port = ntohs(sin->sin_port);
		return CGW_SEEN_OBJ;
	case AF_INET6:
		if (len < SIN6_LEN_RFC2133)
			return CGW_SEEN_NONE;
		memcpy(o->addr, &sin6->sin6_addr, 16);
		o->port = ntohs(sin6->sin6_port);
		return CGW_SEEN_OBJ;
	case AF_UNIX:
		o->family = 0;
		o->proto = 0;
		return cgw_see_unix((const struct sockaddr_un *)sa, len, o);
	default:
		return CGW_SEEN_NONE;
	}
}

static enum cgw_seen cgw_see_connect(struct pt_regs *regs, struct cgw_obj *o)
{
	return cgw_see_addr((struct socket *)regs->di,
			    (struct sockaddr *)regs->si, (int)regs->dx, o);
}

/* Sends on a connected socket were decided at connect. */
static enum cgw_seen cgw_see_sendmsg(struct pt_regs *regs, struct cgw_obj *o)
{
	struct msghdr *msg = (struct msghdr *)regs->si;

	return cgw_see_addr((struct socket *)regs->di, msg->msg_name,
			    msg->msg_namelen, o);
}

/*
 * The program current runs, as its path, for entries bound to it (exe
 * pairing): "" without one, NULL if its path cannot be had.  Callers hold
 * rcu_read_lock().
 */
static const char *cgw_exe(u16 *len)
{
	struct cgw_exe_cache *c = &this_cpu_ptr(cgw_pcpu)->exe;
	struct mm_struct *mm = current->mm;
	struct fs_struct *fs = current->fs;
	struct file *f = mm ? rcu_dereference(mm->exe_file) : NULL;
	char *p;

	*len = 0;
	if (!f || !fs)
		return "";
	/* Same file, seen from the same root: the same path. */
	if (c->exe && c->dentry == f->f_path.dentry &&
	    c->mnt == f->f_path.mnt && c->inode == f->f_inode &&
	    c->ino == f->f_inode->i_ino &&
	    c->generation == f->f_inode->i_generation &&
	    c->root == READ_ONCE(fs->root.dentry) &&
	    c->root_mnt == READ_ONCE(fs->root.mnt)) {
		*len = c->len;
		return c->exe;
	}
	c->exe = NULL;
	f = cgw_get_mm_exe_file(mm);
	if (!f)
		return "";
	p = d_path(&f->f_path, c->buf, PATH_MAX);
	if (!IS_ERR(p)) {
		c->dentry = f->f_path.dentry;
		c->mnt = f->f_path.mnt;
		c->inode = f->f_inode;
		c->ino = f->f_inode->i_ino;
		c->generation = f->f_inode->i_generation;
		c->root = READ_ONCE(fs->root.dentry);
		c->root_mnt = READ_ONCE(fs->root.mnt);
		c->len = c->buf + PATH_MAX - 1 - p;
		c->exe = p;
	}
	fput(f);
	*len = c->len;
	return c->exe;
}

/*
 * @o as its model entry spells it: a file name's per-instance parts
 * collapsed (generalise.c), unless it is run or written where programs
 * and configuration live.  Into the per-CPU buffer.
 */
static void cgw_model_obj(const struct cgw_obj *o, struct cgw_obj *mo)
{
	*mo = *o;
	if (o->kind != CGW_KIND_FILE || !READ_ONCE(cgw_config.collapse_names) ||
	    (o->access & CGW_ACC_EXEC))
		return;
	if ((o->access & (CGW_ACC_WRITE | CGW_ACC_APPEND)) &&
	    cgw_sensitive_path(o->path, o->path_len))
		return;
	mo->path = this_cpu_ptr(cgw_pcpu)->gen;
	mo->path_len = cgw_generalise_name(o->path, o->path_len,
					   this_cpu_ptr(cgw_pcpu)->gen);
}

static struct cgw_hook cgw_hooks[CGW_HOOK_COUNT] = {
	{ .symbol = "security_bprm_check", .op = CGW_OP_EXEC,
	  .see = cgw_see_exec },
	{ .symbol = "security_bprm_committing_creds", .op = CGW_OP_EXEC,
	  .see = cgw_see_argv0, .kill = true },
	{ .symbol = "security_file_open", .op = CGW_OP_OPEN,
	  .see = cgw_see_open },
	{ .symbol = "security_socket_connect", .op = CGW_OP_CONNECT,
	  .see = cgw_see_connect },
	{ .symbol = "security_socket_sendmsg", .op = CGW_OP_SENDMSG,
	  .see = cgw_see_sendmsg },
};

/* Current's cgroup path, into the per-CPU buffer; its length or -1. */
static int cgw_current_cgroup_path(const char **path)
{
	char *buf = this_cpu_ptr(cgw_pcpu)->cgroup;
	int n = cgroup_path(task_dfl_cgroup(current), buf, PATH_MAX);

	*path = buf;
	return n > 0 && n < PATH_MAX ? n : -1;
}

/* Callers hold rcu_read_lock(). */
static struct cgw_cgroup *cgw_current_cgroup(void)
{
	struct cgw_policy *pol = rcu_dereference(cgw_policy);
	struct cgroup *cgrp = task_dfl_cgroup(current), *p;
	struct cgw_cgroup *cg = cgw_cgroup_lookup(cgroup_id(cgrp));
	u8 base = CGW_MODE_NONE;
	u64 anc[CGW_INHERIT_DEPTH];
	unsigned int n = 0;
	const char *path;
	int len;

	if (likely(cg))
		return cg;
	for (p = cgroup_parent(cgrp); p && n < CGW_INHERIT_DEPTH;
	     p = cgroup_parent(p))
		anc[n++] = cgroup_id(p);
	if (pol && pol->has_modes) {
		len = cgw_current_cgroup_path(&path);
		if (len >= 0)
			base = cgw_policy_new_mode(pol, path, len);
	}
	return cgw_cgroup_get_or_inherit(cgroup_id(cgrp), anc, n, base,
					 GFP_ATOMIC);
}

/*
 * The policy rules that apply to @cg (current's cgroup), worked out once
 * per policy from its path.  NULL if memory is short.
 */
static const unsigned long *
cgw_rules_of(struct cgw_cgroup *cg, const struct cgw_policy *pol)
{
	struct cgw_view *v = rcu_dereference(cg->view);
	const char *path;
	int len;

	if (likely(v && v->gen == pol->gen))
		return v->rules;
	len = cgw_current_cgroup_path(&path);
	if (len < 0)
		return NULL;
	v = cgw_faulty(kmalloc(sizeof(*v), GFP_ATOMIC | __GFP_NOWARN));
	if (!v)
		return NULL;
	v->gen = pol->gen;
	cgw_policy_rules_for(pol, path, len, v->rules);
	cgw_cgroup_set_view(cg, v);
	return v->rules;
}

/*
 * No state for the cgroup (table full, no memory): it gets the default
 * mode's treatment without a model, so protect still refuses.
 */
static u8 cgw_untracked(void)
{
	u8 reason = CGW_REASON_FULL;

	return cgw_verdict_for(cgw_untracked_mode(), reason);
}

static u8 cgw_hook_decide(const struct cgw_hook *h, struct cgw_cgroup *cg,
			  struct pt_regs *regs)
{
	struct cgw_policy *pol = rcu_dereference(cgw_policy);
	const unsigned long *rules;
	struct cgw_obj o, mo;
	struct cgw_decision d;
	struct cgw_event ev;
	struct cgw_vkey vk;
	enum cgw_seen seen;
	int action = -1;

	vk.cg = NULL;
	if (h->op == CGW_OP_OPEN) {
		struct file *f = (struct file *)regs->di;

		if (cgw_vcache_lookup(cg, f, cgw_file_access(f), &vk))
			return CGW_VERDICT_ALLOW;
	}
	memset(&o, 0, sizeof(o));
	seen = h->see(regs, &o);
	if (seen == CGW_SEEN_NONE)
		return CGW_VERDICT_ALLOW;
	if (seen == CGW_SEEN_OBJ && o.kind == CGW_KIND_NET &&
	    cgw_vcache_lookup_net(cg, &o, &vk))
		return CGW_VERDICT_ALLOW;
	/*
	 * Pairing binds what a program reads, writes and contacts to it.
	 * Which program runs is the exec entry's business, unbound: so is
	 * the file an exec opens (and its ELF interpreter).
	 */
	if (seen == CGW_SEEN_OBJ && o.kind != CGW_KIND_EXEC &&
	    !(o.access & CGW_ACC_EXEC) && READ_ONCE(cgw_config.exe_pairing)) {
		o.exe = cgw_exe(&o.exe_len);
		if (!o.exe)
			seen = CGW_SEEN_UNKNOWN;
	}
	if (pol && seen == CGW_SEEN_OBJ) {
		rules = cgw_rules_of(cg, pol);
		if (rules)
			action = cgw_policy_check(pol, rules, &o);
		else
			seen = CGW_SEEN_UNKNOWN;	/* unchecked: undecided */
	}
	if (seen == CGW_SEEN_OBJ) {
		cgw_note_written(cg, &o);
		cgw_model_obj(&o, &mo);
	}
	cgw_decide_policy(cg, seen == CGW_SEEN_OBJ ? &mo : NULL, action, &d,
			  GFP_ATOMIC);
	if (d.verdict == CGW_VERDICT_ALLOW) {
		if (d.reason == CGW_REASON_MODEL ||
		    d.reason == CGW_REASON_POLICY_ALLOW)
			cgw_vcache_store(&vk);
		return d.verdict;
	}
	if (d.verdict == CGW_VERDICT_DENY)
		atomic64_inc(&cg->denials);
	else
		atomic64_inc(&cg->alerts);
	ev.op = h->op;
	ev.cgroup_id = cg->id;
	ev.obj = seen == CGW_SEEN_OBJ ? &o : NULL;
	ev.d = &d;
	ev.mode = READ_ONCE(cg->mode);
	if (d.tripped)
		ev.mode = CGW_MODE_PROTECT;	/* what refused it */
	cgw_alert(&ev);
	if (d.tripped)
		cgw_alert_breaker(cg);
	return d.verdict;
}

/*
 * The verdict for one call of hook @h, whose arguments are in @regs.  A
 * refusal a hook cannot return is carried out here, by SIGKILL, before
 * the task runs another instruction in user space.
 */
static u8 cgw_hook_run(const struct cgw_hook *h, struct pt_regs *regs)
{
	unsigned int idx = h - cgw_hooks;
	struct cgw_cgroup *cg;
	u8 verdict;

	/* Kernel threads act for the kernel; they are not a workload. */
	if (current->flags & PF_KTHREAD)
		return CGW_VERDICT_ALLOW;
	cgw_count(idx, CGW_HC_CALLS);
	rcu_read_lock();
	cg = cgw_current_cgroup();
	if (likely(cg)) {
		if (!h->kill)
			atomic64_inc(&cg->calls[h->op]);
		verdict = CGW_VERDICT_ALLOW;
		if (READ_ONCE(cg->mode) != CGW_MODE_OFF)
			verdict = cgw_hook_decide(h, cg, regs);
	} else {
		verdict = cgw_untracked();
	}
	rcu_read_unlock();
	if (verdict == CGW_VERDICT_DENY)
		cgw_count(idx, CGW_HC_DENIALS);
	else if (verdict == CGW_VERDICT_ALERT)
		cgw_count(idx, CGW_HC_ALERTS);
	if (verdict == CGW_VERDICT_DENY && h->kill) {
		force_sig(SIGKILL);
		return CGW_VERDICT_ALLOW;
	}
	return verdict;
}

/*
 * Re-entry: another ftrace callback of this context is running and
 * reached a hooked function.  The call is counted; a protected cgroup
 * still gets a refusal, since nothing was checked.
 */
static u8 cgw_hook_missed(const struct cgw_hook *h)
{
	struct cgw_cgroup *cg;
	u8 verdict = CGW_VERDICT_ALLOW;

	cgw_count(h - cgw_hooks, CGW_HC_MISSED);
	rcu_read_lock();
	cg = cgw_cgroup_lookup(cgroup_id(task_dfl_cgroup(current)));
	if (cg && READ_ONCE(cg->mode) == CGW_MODE_PROTECT)
		verdict = CGW_VERDICT_DENY;
	rcu_read_unlock();
	if (verdict == CGW_VERDICT_DENY && h->kill) {
		force_sig(SIGKILL);
		return CGW_VERDICT_ALLOW;
	}
	return verdict;
}

static void notrace cgw_ftrace_cb(unsigned long ip, unsigned long parent_ip,
				  struct ftrace_ops *ops,
				  struct ftrace_regs *fregs)
{
	struct cgw_hook *h = container_of(ops, struct cgw_hook, ops);
	struct pt_regs *regs = ftrace_get_regs(fregs);
	u8 verdict;
	int bit;

	if (WARN_ON_ONCE(!regs))
		return;
	bit = ftrace_test_recursion_trylock(ip, parent_ip);
	if (bit < 0) {
		verdict = cgw_hook_missed(h);
	} else {
		verdict = cgw_hook_run(h, regs);
		ftrace_test_recursion_unlock(bit);
	}
	if (verdict == CGW_VERDICT_DENY)
		regs->ip = (unsigned long)cgw_deny_stub;
}

static int cgw_kprobe_pre(struct kprobe *p, struct pt_regs *regs)
{
	struct cgw_hook *h = container_of(p, struct cgw_hook, kp);

	if (cgw_hook_run(h, regs) != CGW_VERDICT_DENY)
		return 0;
	regs->ip = (unsigned long)cgw_deny_stub;
	return 1;	/* ip changed: do not single-step the original */
}

NOKPROBE_SYMBOL(cgw_kprobe_pre);

static int cgw_attach_ftrace(struct cgw_hook *h)
{
	int err;

	h->ops.func = cgw_ftrace_cb;
	h->ops.flags = FTRACE_OPS_FL_SAVE_REGS | FTRACE_OPS_FL_IPMODIFY |
		       FTRACE_OPS_FL_PERMANENT;
	err = ftrace_set_filter(&h->ops, (unsigned char *)h->symbol,
				strlen(h->symbol), 1);
	if (!err)
		err = register_ftrace_function(&h->ops);
	if (err)
		ftrace_free_filter(&h->ops);
	return err;
}

static int cgw_attach(struct cgw_hook *h)
{
	int err = cgw_force_kprobe ? -EOPNOTSUPP : cgw_attach_ftrace(h);

	if (!err) {
		h->state = CGW_HOOK_FTRACE;
		return 0;
	}
	if (!cgw_force_kprobe)
		pr_warn("cgwarden: ftrace on %s failed (%d), trying a kprobe\n",
			h->symbol, err);
	h->kp.symbol_name = h->symbol;
	h->kp.pre_handler = cgw_kprobe_pre;
	err = register_kprobe(&h->kp);
	if (!err) {
		h->state = CGW_HOOK_KPROBE;
		return 0;
	}
	pr_err("cgwarden: cannot hook %s (%d)\n", h->symbol, err);
	h->state = CGW_HOOK_FAILED;
	return err;
}

static void cgw_detach(struct cgw_hook *h)
{
	if (h->state == CGW_HOOK_FTRACE) {
		/* Waits for every task inside the callback (rcu_tasks). */
		unregister_ftrace_function(&h->ops);
		ftrace_free_filter(&h->ops);
	} else if (h->state == CGW_HOOK_KPROBE ||
		   h->state == CGW_HOOK_DISARMED) {
		unregister_kprobe(&h->kp);
	}
	h->state = CGW_HOOK_DETACHED;
}

/*
 * Root can disarm every kprobe at once through debugfs (unless the kernel
 * is locked down), and nothing tells the kprobe's owner.  A canary probe
 * on a function of ours tells: call it, and see whether the probe ran.
 */
static atomic_long_t cgw_canary_hits;
static bool cgw_disarmed;
/* Checks and unload: a canary gone at unload is no tampering. */
static DEFINE_MUTEX(cgw_canary_lock);
static bool cgw_canary_live;

static noinline void cgw_kprobe_canary(void)
{
	asm volatile("");	/* a call the compiler must keep */
}

static int cgw_canary_pre(struct kprobe *p, struct pt_regs *regs)
{
	atomic_long_inc(&cgw_canary_hits);
	return 0;
}

static struct kprobe cgw_canary_kp = {
	.pre_handler = cgw_canary_pre,
};

static bool cgw_uses_kprobes(void)
{
	unsigned int i;

	for (i = 0; i < CGW_HOOK_COUNT; i++)
		if (cgw_hooks[i].state == CGW_HOOK_KPROBE ||
		    cgw_hooks[i].state == CGW_HOOK_DISARMED)
			return true;
	return false;
}

/* Process context (status, the periodic check): report a change once. */
void cgw_hooks_check(void)
{
	long before;
	bool disarmed;
	unsigned int i;

	mutex_lock(&cgw_canary_lock);
	if (!cgw_canary_live) {
		mutex_unlock(&cgw_canary_lock);
		return;
	}
	before = atomic_long_read(&cgw_canary_hits);
	cgw_kprobe_canary();
	disarmed = atomic_long_read(&cgw_canary_hits) == before;
	mutex_unlock(&cgw_canary_lock);
	if (disarmed == READ_ONCE(cgw_disarmed))
		return;
	WRITE_ONCE(cgw_disarmed, disarmed);
	for (i = 0; i < CGW_HOOK_COUNT; i++) {
		struct cgw_hook *h = &cgw_hooks[i];

		if (h->state == CGW_HOOK_KPROBE && disarmed)
			h->state = CGW_HOOK_DISARMED;
		else if (h->state == CGW_HOOK_DISARMED && !disarmed)
			h->state = CGW_HOOK_KPROBE;
	}
	if (disarmed)
		cgw_alert_tamper("kprobes were disarmed");
	else
		pr_info("cgwarden: kprobes are armed again\n");
}

static void cgw_canary_init(void)
{
	if (!cgw_uses_kprobes())
		return;
	cgw_canary_kp.addr = (kprobe_opcode_t *)cgw_kprobe_canary;
	if (register_kprobe(&cgw_canary_kp)) {
		pr_warn("cgwarden: no kprobe canary: disarming goes unseen\n");
		cgw_canary_kp.addr = NULL;
		return;
	}
	cgw_canary_live = true;
}

/* Every hook or none: a half-hooked module would pass operations unseen. */
int cgw_hooks_init(void)
{
	unsigned int i;
	int err;

	cgw_pcpu = alloc_percpu(struct cgw_pcpu);
	if (!cgw_pcpu)
		return -ENOMEM;
	for (i = 0; i < CGW_HOOK_COUNT; i++) {
		err = cgw_attach(&cgw_hooks[i]);
		if (err)
			goto err_detach;
	}
	cgw_canary_init();
	return 0;
err_detach:
	while (i--)
		cgw_detach(&cgw_hooks[i]);
	free_percpu(cgw_pcpu);
	return err;
}

void cgw_hooks_exit(void)
{
	unsigned int i;

	mutex_lock(&cgw_canary_lock);
	if (cgw_canary_live)
		unregister_kprobe(&cgw_canary_kp);
	cgw_canary_live = false;
	mutex_unlock(&cgw_canary_lock);
	for (i = 0; i < CGW_HOOK_COUNT; i++)
		cgw_detach(&cgw_hooks[i]);
	/* kprobe handlers may still be returning; ftrace waited already. */
	synchronize_rcu_tasks();
	free_percpu(cgw_pcpu);
}
