// SPDX-License-Identifier: GPL-2.0
/*
 * Alert dedup and rate limiting, pure logic (KUnit tests them with a fake
 * clock).  Dedup: one record per key per window, the rest counted and
 * reported when the window closes.  Token bucket: a cap on records per
 * second, so an alert storm cannot flood the audit log.  Budgets: two
 * buckets, so that what matters most still gets through a storm of what
 * matters less.
 */
#include <linux/siphash.h>
#include <linux/random.h>
#include <linux/time64.h>
#include <linux/cache.h>
#include "ratelimit.h"

static siphash_key_t cgw_dedup_hkey __read_mostly;

void cgw_ratelimit_init(void)
{
	get_random_bytes(&cgw_dedup_hkey, sizeof(cgw_dedup_hkey));
}

/*
 * A key for (cgroup, op, verdict, object, program).  The program (exe
 * pairing) is part of it: the same refusal met by another program is
 * another event, whose record names it.  With no object (a condition of
 * the cgroup, such as a full model) the key covers the cgroup only.
 * Collisions merge two alerts' windows; the key is secret, so a container
 * cannot aim them.
 */
u64 cgw_dedup_key(u64 cgroup_id, u8 op, u8 verdict, const struct cgw_obj *o)
{
	u64 head[4] = { cgroup_id, ((u64)op << 8) | verdict, 0, 0 };
	siphash_key_t k = cgw_dedup_hkey;
	u64 h;

	if (o) {
		head[2] = ((u64)o->kind << 56) | ((u64)o->proto << 48) |
			  ((u64)o->family << 32) | ((u64)o->port << 16) |
			  o->access;
		head[3] = o->name_len | (u64)o->type << 16;
	}
	h = siphash(head, sizeof(head), &k);
	if (!o)
		return h;
	k.key[1] ^= h;
	h = siphash(o->addr, sizeof(o->addr), &k);
	if (o->path_len) {
		k.key[1] ^= h;
		h = siphash(o->path, o->path_len, &k);
	}
	if (o->name_len) {
		k.key[1] ^= h;
		h = siphash(o->name, o->name_len, &k);
	}
	if (o->exe_len) {
		k.key[1] ^= h;
		h = siphash(o->exe, o->exe_len, &k);
	}
	return h;
}

/*
 * Admit an alert with @key at @now into @s, or count it as suppressed.
 * When admitted, *@flushed is what the slot had suppressed for the same
 * key in its last window (0 for another key, whose count is dropped from
 * the slot but was already counted globally).
 */
bool cgw_dedup_admit(struct cgw_dedup_slot *s, u64 key, u64 now, u64 window,
		     u64 *flushed)
{
	*flushed = 0;
	if (s->key == key && s->window_start && now - s->window_start < window) {
		s->suppressed++;
		return false;
	}
	if (s->key == key)
		*flushed = s->suppressed;
	s->key = key;
	s->window_start = now ? now : 1;
	s->suppressed = 0;
	return true;
}

/*
 * Take one token if there is one.  Credit accrues at @per_sec per second
 * up to @burst tokens; tokens are kept in nanoseconds of credit so no
 * division is needed per call.
 */
bool cgw_bucket_take(struct cgw_bucket *b, u64 now, u64 per_sec, u64 burst)
{
	u64 cost = NSEC_PER_SEC / max_t(u64, per_sec, 1);
	u64 cap = cost * burst;

	if (!b->last) {
		b->tokens = cap;
	} else if (now > b->last) {
		/* Compare before adding: a long idle time must not wrap. */
		if (now - b->last >= cap - b->tokens)
			b->tokens = cap;
		else
			b->tokens += now - b->last;
	}
	b->last = now;
	if (b->tokens < cost)
		return false;
	b->tokens -= cost;
	return true;
}

/**
 * cgw_budget_take() - spend one alert of budget @b at @now
 * @b: the budget
 * @now: ns
 * @high: the alert is of high severity: it may spend the reserve
 * @r: the rates
 * @held: set to the alerts @b refused since it last admitted one, when
 *	this one is admitted (0 otherwise)
 *
 * Low and medium alerts spend @b->any only; a high one spends @b->high
 * when @b->any is empty, so no flood of lesser alerts can silence it.
 *
 * Return: true if the alert is admitted.
 */
bool cgw_budget_take(struct cgw_budget *b, u64 now, bool high,
		     const struct cgw_budget_rate *r, u64 *held)
{
	bool ok = cgw_bucket_take(&b->any, now, r->per_sec, r->burst);

	if (!ok && high)
		ok = cgw_bucket_take(&b->high, now, r->high_per_sec,
				     r->high_burst);
	*held = 0;
	if (!ok) {
		b->held++;
		return false;
	}
	*held = b->held;
	b->held = 0;
	return true;
}
