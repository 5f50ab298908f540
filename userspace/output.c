// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <assert.h>
#include <inttypes.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "container.h"
#include "names.h"
#include "output.h"
#include "util.h"

/*
 * libc's UTF-8 decoder (iconv, built into glibc: no locale or gconv
 * files needed), so that "valid" means here what it means to libyaml and
 * every other reader: no overlong forms, no surrogates; UCS-4 leaves the
 * U+10FFFF bound to us.
 */
size_t utf8_len(const unsigned char *s)
{
	static iconv_t cd = (iconv_t)-1;
	char *in = (char *)s, *out;
	size_t inl = strnlen((const char *)s, 4), outl = 4;
	unsigned char u[4];

	if (cd == (iconv_t)-1)
		cd = iconv_open("UCS-4LE", "UTF-8");
	if (cd == (iconv_t)-1) {
		perror("cgwardenctl: iconv_open UTF-8");
		exit(1);
	}
	iconv(cd, NULL, NULL, NULL, NULL);
	out = (char *)u;
	/* converts one character, then stops: no room for a second */
	iconv(cd, &in, &inl, &out, &outl);
	if (outl || u[3] || u[2] > 0x10)
		return 0;
	return (size_t)(in - (const char *)s);
}

bool utf8_valid(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n;

	for (; *s; s += n)
		if (!(n = utf8_len(s)))
			return false;
	return true;
}

char *hex_encode(const char *s)
{
	size_t n = strlen(s);
	char *out = xmalloc(n * 2 + 1);

	for (size_t i = 0; i < n; i++)
		sprintf(out + i * 2, "%02x", (unsigned char)s[i]);
	out[n * 2] = '\0';
	return out;
}

char *hex_decode(const char *s, size_t len, size_t *outlen)
{
	char *out, pair[3] = "";

	if (len % 2 || strspn(s, "0123456789abcdefABCDEF") < len)
		return NULL;
	out = xmalloc(len / 2 + 1);
	for (size_t i = 0; i < len / 2; i++) {
		memcpy(pair, s + i * 2, 2);
		out[i] = (char)strtoul(pair, NULL, 16);
	}
	out[len / 2] = '\0';
	*outlen = len / 2;
	return out;
}

/* JSON: a tree of json-c objects, printed whole by json_finish(). */

void json_init(struct json *j, FILE *f)
{
	memset(j, 0, sizeof(*j));
	j->f = f;
}

/* val under key in the innermost open container, or as the whole document. */
static void json_add(struct json *j, const char *key, json_object *val)
{
	json_object *parent = j->depth ? j->stack[j->depth - 1] : NULL;

	if (!parent) {
		assert(!j->root);
		j->root = val;
	} else if (json_object_is_type(parent, json_type_array)) {
		json_object_array_add(parent, val);
	} else {
		json_object_object_add(parent, key, val);
	}
}

static void json_open(struct json *j, const char *key, json_object *val)
{
	assert(j->depth < JSON_MAX_DEPTH);
	json_add(j, key, val);
	j->stack[j->depth++] = val;
}

void json_obj_begin(struct json *j, const char *key)
{
	json_open(j, key, json_object_new_object());
}

void json_arr_begin(struct json *j, const char *key)
{
	json_open(j, key, json_object_new_array());
}

#define JSON_FLAGS	(JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)

/* A streamed array's element is complete: written, then freed. */
static void json_stream_put(struct json *j)
{
	if (j->items++)
		fputc(',', j->f);
	fputs(json_object_to_json_string_ext(j->root, JSON_FLAGS), j->f);
	json_object_put(j->root);
	j->root = NULL;
}

void json_obj_end(struct json *j)
{
	assert(j->depth > 0);
	if (--j->depth == 0 && j->tail)
		json_stream_put(j);
}

void json_stream(struct json *j, const char *key)
{
	const char *doc;
	size_t n, open = (size_t)j->depth + 1;

	assert(!j->tail && j->depth > 0);
	json_arr_begin(j, key);
	/* "...[]" and a closing bracket per container: cut after the '['. */
	doc = json_object_to_json_string_ext(j->root, JSON_FLAGS);
	n = strlen(doc);
	assert(n > open && doc[n - open] == ']' && doc[n - open - 1] == '[');
	fwrite(doc, 1, n - open, j->f);
	j->tail = xstrdup(doc + n - open);
	json_object_put(j->root);
	j->root = NULL;
	j->depth = 0;
	j->items = 0;
}

void json_arr_end(struct json *j)
{
	json_obj_end(j);
}

void json_str(struct json *j, const char *key, const char *val)
{
	json_object *o;
	char *hex;

	val = val ? val : "";
	if (utf8_valid(val)) {
		json_add(j, key, json_object_new_string(val));
		return;
	}
	/* Bytes that are not UTF-8: {"hex":..} in the string's place. */
	hex = hex_encode(val);
	o = json_object_new_object();
	json_object_object_add(o, "hex", json_object_new_string(hex));
	json_add(j, key, o);
	free(hex);
}

void json_u64(struct json *j, const char *key, uint64_t val)
{
	json_add(j, key, json_object_new_uint64(val));
}

void json_flag(struct json *j, const char *key, bool val)
{
	json_add(j, key, json_object_new_boolean(val));
}

void json_null(struct json *j, const char *key)
{
	json_add(j, key, NULL);
}

void json_finish(struct json *j)
{
	assert(j->depth == 0);
	if (j->tail) {
		fputs(j->tail, j->f);
		free(j->tail);
		j->tail = NULL;
	} else {
		fputs(json_object_to_json_string_ext(j->root, JSON_FLAGS), j->f);
		json_object_put(j->root);
		j->root = NULL;
	}
	fputc('\n', j->f);
}

char *human_escape(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	/* Worst case every byte becomes \xNN. */
	char *out = xmalloc(strlen(str) * 4 + 1), *w = out;

	while (*s) {
		size_t n = utf8_len(s);

		if (*s == '\\') {
			*w++ = '\\';
			*w++ = *s++;
		} else if (n == 1 && *s >= 0x20 && *s < 0x7f) {
			*w++ = (char)*s++;
		} else if (n > 1 && !(s[0] == 0xc2 && s[1] < 0xa0)) {
			/* Valid, and not a C1 control (U+0080..U+009F). */
			memcpy(w, s, n);
			w += n;
			s += n;
		} else {
			/* A control, or a byte that is not UTF-8. */
			size_t k = n > 1 ? n : 1;

			while (k--)
				w += sprintf(w, "\\x%02x", *s++);
		}
	}
	*w = '\0';
	return out;
}

void fmt_access(uint32_t access, char out[CGW_ACCESS_STR])
{
	static const char *const names[] = CGW_ACC_NAMES;
	char *w = out;

	if ((access & 0xf) || !(access & CGW_ACC_ALL & ~0xfu)) {
		*w++ = access & CGW_ACC_READ ? 'r' : '-';
		*w++ = access & CGW_ACC_WRITE ? 'w' : '-';
		*w++ = access & CGW_ACC_APPEND ? 'a' : '-';
		*w++ = access & CGW_ACC_EXEC ? 'x' : '-';
	}
	for (size_t i = 4; i < sizeof(names) / sizeof(names[0]); i++)
		if (access & (1u << i))
			w += sprintf(w, "%s%s", w == out ? "" : ",", names[i]);
	*w = '\0';
}

int fmt_addr(unsigned int family, const uint8_t *addr, size_t addrlen,
	     uint16_t port, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];
	int n;

	if (!((family == AF_INET && addrlen == 4) ||
	      (family == AF_INET6 && addrlen == 16)))
		return -1;
	if (!inet_ntop((int)family, addr, a, sizeof(a)))
		return -1;
	if (!port)
		n = snprintf(buf, len, "%s", a);
	else if (family == AF_INET6)
		n = snprintf(buf, len, "[%s]:%u", a, port);
	else
		n = snprintf(buf, len, "%s:%u", a, port);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

void table_init(struct table *t, size_t ncols)
{
	memset(t, 0, sizeof(*t));
	t->ncols = ncols;
}

void table_add(struct table *t, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	if (!s)
		s = xstrdup("");	/* fails the same way, loudly */
	if (t->ncells == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->cells = xreallocarray(t->cells, t->cap, sizeof(*t->cells));
	}
	t->cells[t->ncells++] = s;
}

void table_print(const struct table *t, FILE *f)
{
	size_t width[32] = { 0 };

	assert(t->ncols <= ARRAY_SIZE(width));
	for (size_t i = 0; i < t->ncells; i++) {
		size_t n = strlen(t->cells[i]);

		if (n > width[i % t->ncols])
			width[i % t->ncols] = n;
	}
	for (size_t i = 0; i < t->ncells; i++) {
		size_t col = i % t->ncols;

		/* The last column is not padded: no trailing blanks. */
		if (col == t->ncols - 1 || i == t->ncells - 1)
			fprintf(f, "%s\n", t->cells[i]);
		else
			fprintf(f, "%-*s  ", (int)width[col], t->cells[i]);
	}
}

void table_free(struct table *t)
{
	for (size_t i = 0; i < t->ncells; i++)
		free(t->cells[i]);
	free(t->cells);
	memset(t, 0, sizeof(*t));
}

/* A name, or the number for a value newer than this CLI. */
static const char *name_or_num(const char *name, unsigned int v, char buf[12])
{
	if (name)
		return name;
	snprintf(buf, 12, "%u", v);
	return buf;
}

static int strcmp_null(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

#define CMP(a, b) do { if ((a) != (b)) return (a) < (b) ? -1 : 1; } while (0)

int cgw_entry_cmp(const void *pa, const void *pb)
{
	const struct cgw_entry_rec *a = pa, *b = pb;
	int r;

	CMP(a->kind, b->kind);
	if (a->kind == CGW_KIND_NET) {
		CMP(a->family, b->family);
		CMP(a->addrlen, b->addrlen);
		r = memcmp(a->addr, b->addr, a->addrlen);
		if (r)
			return r < 0 ? -1 : 1;
		CMP(a->port, b->port);
		CMP(a->proto, b->proto);
	} else {
		r = strcmp_null(a->path, b->path);
		if (r)
			return r < 0 ? -1 : 1;
		r = strcmp_null(a->name, b->name);
		if (r)
			return r < 0 ? -1 : 1;
		CMP(a->access, b->access);
	}
	/* The same object for several programs, or generalised: not equal. */
	CMP(a->wild, b->wild);
	r = strcmp_null(a->exe, b->exe);
	return r < 0 ? -1 : r > 0;
}

int cgw_cgroup_cmp(const void *pa, const void *pb)
{
	const struct cgw_cgroup_rec *a = pa, *b = pb;
	int r = strcmp_null(a->path, b->path);

	if (r)
		return r < 0 ? -1 : 1;
	CMP(a->id, b->id);
	return 0;
}

/* {"runtime":..,"id":..[,"pod_uid":..][,"conmon":true]}, or null. */
static void json_container(struct json *j, const char *key, const char *path)
{
	struct cgw_container c;

	if (!cgw_container_from_path(path, &c)) {
		json_null(j, key);
		return;
	}
	json_obj_begin(j, key);
	json_str(j, "runtime", c.runtime);
	json_str(j, "id", c.id);
	if (c.pod_uid[0])
		json_str(j, "pod_uid", c.pod_uid);
	if (c.conmon)
		json_flag(j, "conmon", true);
	json_obj_end(j);
}

/* "docker:0123456789ab", or "-"; escaped for a terminal. */
static char *container_cell(const char *path)
{
	struct cgw_container c;
	char buf[sizeof(c.runtime) + sizeof("-conmon:") + sizeof(c.id)];

	if (!cgw_container_from_path(path, &c))
		return xstrdup("-");
	cgw_container_fmt(&c, ':', buf, sizeof(buf));
	return human_escape(buf);
}

/* Status */

/* A config value by name, or NULL with a number in buf. */
static const char *cfg_shown(const struct cgw_config_rec *c, const struct cgw_config_field *f,
			     bool json, char buf[12])
{
	uint32_t v = cgw_config_get(c, f);

	switch (f->type) {
	case CGW_CFG_MODE:
	case CGW_CFG_THEN:
		return name_or_num(cgw_mode_name(v), v, buf);
	case CGW_CFG_SWITCH:
		return json ? (v ? "true" : "false") : (v ? "on" : "off");
	default:
		snprintf(buf, 12, "%" PRIu32, v);
		return NULL;
	}
}

static void json_config(struct json *j, const char *key, const struct cgw_config_rec *c)
{
	char buf[12];

	json_obj_begin(j, key);
	for (size_t i = 0; i < cgw_config_nfields; i++) {
		const struct cgw_config_field *f = &cgw_config_fields[i];
		const char *s;

		if (!(c->present & CGW_CONFIG_HAS(f->attr)))
			continue;
		s = cfg_shown(c, f, true, buf);
		if (f->type == CGW_CFG_SWITCH)
			json_flag(j, f->key, cgw_config_get(c, f));
		else if (s)
			json_str(j, f->key, s);
		else
			json_u64(j, f->key, cgw_config_get(c, f));
	}
	json_obj_end(j);
}

/* A config value, or "?" if the kernel did not send it. */
static const char *cfg_val(const struct cgw_config_rec *c, int attr, uint32_t v, char buf[12])
{
	if (!(c->present & CGW_CONFIG_HAS(attr)))
		return "?";
	snprintf(buf, 12, "%" PRIu32, v);
	return buf;
}

static void status_json(FILE *f, const struct cgw_status_rec *st)
{
	const struct cgw_stats_rec *s = &st->stats;
	struct json j;
	char buf[12];

	json_init(&j, f);
	json_obj_begin(&j, NULL);
	json_str(&j, "version", st->version);
	json_flag(&j, "locked", st->locked);
	json_config(&j, "config", &st->config);
	json_arr_begin(&j, "hooks");
	for (size_t i = 0; i < st->nhooks; i++) {
		const struct cgw_hook_rec *h = &st->hooks[i];

		json_obj_begin(&j, NULL);
		json_str(&j, "op", name_or_num(cgw_op_name(h->op), h->op, buf));
		json_str(&j, "symbol", h->symbol);
		json_str(&j, "state", name_or_num(cgw_hook_state_name(h->state), h->state, buf));
		json_u64(&j, "calls", h->calls);
		json_u64(&j, "missed", h->missed);
		json_u64(&j, "alerts", h->alerts);
		json_u64(&j, "denials", h->denials);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_begin(&j, "stats");
	json_u64(&j, "cgroups", s->cgroups);
	json_u64(&j, "cgroups_full", s->cgroups_full);
	json_u64(&j, "cgroups_released", s->cgroups_released);
	json_u64(&j, "entries", s->entries);
	json_u64(&j, "model_full", s->model_full);
	json_u64(&j, "nomem", s->nomem);
	json_u64(&j, "undecided", s->undecided);
	json_u64(&j, "audit_records", s->audit_records);
	json_u64(&j, "audit_suppressed", s->audit_suppressed);
	json_u64(&j, "tamper", s->tamper);
	json_u64(&j, "events", s->events);
	json_u64(&j, "events_dropped", s->events_dropped);
	json_u64(&j, "breaker_trips", s->breaker_trips);
	json_u64(&j, "generalised", s->generalised);
	json_u64(&j, "created", s->created);
	json_u64(&j, "created_full", s->created_full);
	json_u64(&j, "vcache_hits", s->vcache_hits);
	json_u64(&j, "lock_refused", s->lock_refused);
	if (s->has_faults)
		json_u64(&j, "faults_injected", s->faults_injected);
	json_obj_end(&j);
	json_obj_end(&j);
	json_finish(&j);
}

static void status_human(FILE *f, const struct cgw_status_rec *st)
{
	const struct cgw_config_rec *c = &st->config;
	const struct cgw_stats_rec *s = &st->stats;
	char b1[12], b2[12], b3[12], b4[12], b5[12];
	struct table t;
	char *esc;

	esc = human_escape(st->version[0] ? st->version : "?");
	fprintf(f, "cgwarden %s\n", esc);
	free(esc);
	fprintf(f, "default mode: %s   limits: %s cgroups, %s entries/cgroup, %s entries total   alert window: %s ms\n",
		c->present & CGW_CONFIG_HAS(CGW_CONFIG_A_DEFAULT_MODE) ?
			name_or_num(cgw_mode_name(c->default_mode), c->default_mode, b1) : "?",
		cfg_val(c, CGW_CONFIG_A_MAX_CGROUPS, c->max_cgroups, b2),
		cfg_val(c, CGW_CONFIG_A_MAX_ENTRIES, c->max_entries, b3),
		cfg_val(c, CGW_CONFIG_A_MAX_ENTRIES_TOTAL, c->max_entries_total, b4),
		cfg_val(c, CGW_CONFIG_A_ALERT_WINDOW_MS, c->alert_window_ms, b5));

	table_init(&t, 7);
	table_add(&t, "hook");
	table_add(&t, "symbol");
	table_add(&t, "state");
	table_add(&t, "calls");
	table_add(&t, "missed");
	table_add(&t, "alerts");
	table_add(&t, "denials");
	for (size_t i = 0; i < st->nhooks; i++) {
		const struct cgw_hook_rec *h = &st->hooks[i];

		esc = human_escape(h->symbol[0] ? h->symbol : "-");
		table_add(&t, "%s", name_or_num(cgw_op_name(h->op), h->op, b1));
		table_add(&t, "%s", esc);
		table_add(&t, "%s", name_or_num(cgw_hook_state_name(h->state), h->state, b2));
		table_add(&t, "%" PRIu64, h->calls);
		table_add(&t, "%" PRIu64, h->missed);
		table_add(&t, "%" PRIu64, h->alerts);
		table_add(&t, "%" PRIu64, h->denials);
		free(esc);
	}
	table_print(&t, f);
	table_free(&t);

	fprintf(f, "cgroups: %" PRIu32 " tracked (%" PRIu64 " refused: table full, %" PRIu64 " released)"
		"  entries: %" PRIu32 "  model full: %" PRIu64 "  nomem: %" PRIu64 "  undecided: %" PRIu64 "\n",
		s->cgroups, s->cgroups_full, s->cgroups_released, s->entries,
		s->model_full, s->nomem, s->undecided);
	fprintf(f, "audit: %" PRIu64 " records, %" PRIu64 " suppressed"
		"  events: %" PRIu64 " sent, %" PRIu64 " dropped\n",
		s->audit_records, s->audit_suppressed, s->events,
		s->events_dropped);
	fprintf(f, "generalised: %" PRIu64 " entries  breaker trips: %" PRIu64
		"  verdict cache hits: %" PRIu64 "\n",
		s->generalised, s->breaker_trips, s->vcache_hits);
	fprintf(f, "created: %" PRIu32 " files known as a cgroup's own, %" PRIu64
		" not remembered (max_created)\n", s->created, s->created_full);
	if (st->locked)
		fprintf(f, "locked: until reboot (%" PRIu64 " request(s) refused)\n",
			s->lock_refused);
	if (s->has_faults)
		fprintf(f, "faults injected: %" PRIu64 " (a fault-injection build)\n",
			s->faults_injected);
	for (size_t i = 0; i < st->nhooks; i++)
		if (st->hooks[i].state == CGW_HOOK_SHADOWED)
			fprintf(f, "WARNING: %s has another ip-modifying owner (a livepatch?):"
				" its refusals may be lost\n", st->hooks[i].symbol);
	if (s->tamper)
		fprintf(f, "WARNING: hooks were tampered with or shadowed %" PRIu64
			" time(s): see the kernel log\n", s->tamper);
}

void output_status(FILE *f, const struct cgw_status_rec *st, bool json)
{
	if (json)
		status_json(f, st);
	else
		status_human(f, st);
}

/* Config: keys named like the options that set them. */

void output_config(FILE *f, const struct cgw_config_rec *c, bool json)
{
	struct table t;
	char buf[12];

	if (json) {
		struct json j;

		json_init(&j, f);
		json_config(&j, NULL, c);
		json_finish(&j);
		return;
	}
	table_init(&t, 2);
	for (size_t i = 0; i < cgw_config_nfields; i++) {
		const struct cgw_config_field *fl = &cgw_config_fields[i];
		const char *s;

		if (!(c->present & CGW_CONFIG_HAS(fl->attr)))
			continue;
		s = cfg_shown(c, fl, false, buf);
		/* the table's names: the JSON key with '-' for '_' */
		table_add(&t, "%s", fl->key);
		for (char *p = t.cells[t.ncells - 1]; *p; p++)
			*p = *p == '_' ? '-' : *p;
		table_add(&t, "%s", s ? s : buf);
	}
	table_print(&t, f);
	table_free(&t);
}

/* List */

static uint64_t since_ms(uint64_t now, uint64_t then)
{
	return now > then ? (now - then) / 1000000 : 0;
}

/* How long the cgroup has learned, and gone without a new entry. */
static uint64_t learn_for_ms(const struct cgw_cgroup_rec *cg)
{
	return since_ms(cg->now_ns, cg->learn_since_ns);
}

static uint64_t quiet_for_ms(const struct cgw_cgroup_rec *cg)
{
	uint64_t last = cg->last_new_ns > cg->learn_since_ns ? cg->last_new_ns :
								cg->learn_since_ns;

	return since_ms(cg->now_ns, last);
}

void output_cgroups(FILE *f, struct cgw_cgroup_rec *cgs, size_t n, bool json)
{
	struct table t;
	char buf[12], brk[24];

	if (n)
		qsort(cgs, n, sizeof(*cgs), cgw_cgroup_cmp);
	if (json) {
		struct json j;

		json_init(&j, f);
		json_obj_begin(&j, NULL);
		json_stream(&j, "cgroups");
		for (size_t i = 0; i < n; i++) {
			const struct cgw_cgroup_rec *cg = &cgs[i];

			json_obj_begin(&j, NULL);
			json_u64(&j, "id", cg->id);
			json_str(&j, "path", cg->path);
			json_container(&j, "container", cg->path);
			json_str(&j, "mode", name_or_num(cgw_mode_name(cg->mode), cg->mode, buf));
			json_u64(&j, "entries", cg->entries);
			json_u64(&j, "candidates", cg->candidates);
			json_obj_begin(&j, "calls");
			for (unsigned int op = 0; op < CGW_OP_COUNT; op++)
				json_u64(&j, cgw_op_name(op), cg->calls[op]);
			json_obj_end(&j);
			json_u64(&j, "alerts", cg->alerts);
			json_u64(&j, "denials", cg->denials);
			json_u64(&j, "model_full", cg->model_full);
			json_u64(&j, "held", cg->held);
			json_u64(&j, "events_held", cg->events_held);
			json_u64(&j, "first_seen_ns", cg->first_seen_ns);
			json_u64(&j, "last_new_ns", cg->last_new_ns);
			if (cg->breaker)
				json_u64(&j, "breaker", cg->breaker);
			if (cg->startup_ms) {
				json_u64(&j, "startup_ms", cg->startup_ms);
				json_flag(&j, "starting", cg->starting);
			}
			if (cg->mode == CGW_MODE_LEARN && cg->quiet_ms) {
				json_obj_begin(&j, "learning");
				json_u64(&j, "until_quiet_ms", cg->quiet_ms);
				json_str(&j, "then", name_or_num(cgw_mode_name(cg->then_mode),
								 cg->then_mode, buf));
				json_u64(&j, "min_ms", cg->min_learn_ms);
				json_u64(&j, "learning_for_ms", learn_for_ms(cg));
				json_u64(&j, "quiet_for_ms", quiet_for_ms(cg));
				json_u64(&j, "quiet_ops", cg->quiet_ops);
				json_u64(&j, "ops_since_new", cg->ops_since_new);
				json_obj_end(&j);
			}
			json_obj_end(&j);
		}
		json_finish(&j);
		return;
	}

	/* The hot operations have a column each; the rest are summed. */
	table_init(&t, 8 + CGW_OP_CREATE);
	table_add(&t, "cgroup-id");
	table_add(&t, "mode");
	table_add(&t, "entries");
	for (unsigned int op = 0; op < CGW_OP_CREATE; op++)
		table_add(&t, "%s", cgw_op_name(op));
	table_add(&t, "other");
	table_add(&t, "alerts");
	table_add(&t, "denials");
	table_add(&t, "container");
	table_add(&t, "path");
	for (size_t i = 0; i < n; i++) {
		const struct cgw_cgroup_rec *cg = &cgs[i];
		char *esc = human_escape(cg->path ? cg->path : "-");
		char *ctr = container_cell(cg->path);

		table_add(&t, "%" PRIu64, cg->id);
		if (cg->breaker)
			/* "protect breaker=50/s": drops to monitor past 50 denials/s */
			snprintf(brk, sizeof(brk), " breaker=%" PRIu32 "/s", cg->breaker);
		else
			brk[0] = '\0';
		if (cg->mode == CGW_MODE_LEARN && cg->quiet_ms && cg->quiet_ops)
			/*
			 * "learn>protect 12s/30s 340/1000ops": quiet for 12 s of
			 * the 30 needed, and for 340 of its operations of 1000
			 */
			table_add(&t, "learn>%s %" PRIu64 "s/%" PRIu32 "s %" PRIu64 "/%" PRIu32
				  "ops%s",
				  name_or_num(cgw_mode_name(cg->then_mode), cg->then_mode, buf),
				  quiet_for_ms(cg) / 1000, cg->quiet_ms / 1000,
				  cg->ops_since_new, cg->quiet_ops, brk);
		else if (cg->mode == CGW_MODE_LEARN && cg->quiet_ms)
			/* "learn>protect 12s/30s": quiet for 12 s of the 30 needed */
			table_add(&t, "learn>%s %" PRIu64 "s/%" PRIu32 "s%s",
				  name_or_num(cgw_mode_name(cg->then_mode), cg->then_mode, buf),
				  quiet_for_ms(cg) / 1000, cg->quiet_ms / 1000, brk);
		else
			table_add(&t, "%s%s", name_or_num(cgw_mode_name(cg->mode), cg->mode, buf),
				  brk);
		table_add(&t, "%" PRIu32, cg->entries);
		uint64_t other = 0;

		for (unsigned int op = 0; op < CGW_OP_CREATE; op++)
			table_add(&t, "%" PRIu64, cg->calls[op]);
		for (unsigned int op = CGW_OP_CREATE; op < CGW_OP_COUNT; op++)
			other += cg->calls[op];
		table_add(&t, "%" PRIu64, other);
		if (cg->held || cg->events_held)
			/* "120 held=100/20": records and events held back */
			table_add(&t, "%" PRIu64 " held=%" PRIu64 "/%" PRIu64,
				  cg->alerts, cg->held, cg->events_held);
		else
			table_add(&t, "%" PRIu64, cg->alerts);
		table_add(&t, "%" PRIu64, cg->denials);
		table_add(&t, "%s", ctr);
		table_add(&t, "%s", esc);
		free(ctr);
		free(esc);
	}
	table_print(&t, f);
	table_free(&t);
}

/* Model */

static const char *family_name(unsigned int family)
{
	switch (family) {
	case AF_INET: return "inet";
	case AF_INET6: return "inet6";
	case AF_UNIX: return "unix";
	default: return NULL;
	}
}

char *cgw_dir_glob(const char *dir)
{
	/* Only the root has its '/' already: "/a/" stays apart from "/a". */
	return xasprintf("%s/*", strcmp(dir, "/") ? dir : "");
}

const char *cgw_wild_shown(unsigned int wild)
{
	switch (wild) {
	case CGW_WILD_NONE: return NULL;
	case CGW_WILD_DIR: return "dir";
	case CGW_WILD_CREATED: return "created: its own files";
	case CGW_WILD_ADDR: return "any address";
	default: return "?";
	}
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* "10.0.0.1:80", "*:80" and "[*]:80" for any address, "?..." if garbled. */
static void entry_addr(const struct cgw_entry_rec *e, char *a, size_t len)
{
	if (e->wild == CGW_WILD_ADDR && (e->family == AF_INET || e->family == AF_INET6)) {
		const char *any = e->family == AF_INET ? "*" : "[*]";

		if (e->port)
			snprintf(a, len, "%s:%u", any, e->port);
		else
			snprintf(a, len, "%s", any);
		return;
	}
	if (fmt_addr(e->family, e->addr, e->addrlen, e->port, a, len))
		snprintf(a, len, "? (family %u, %u address bytes)", e->family, e->addrlen);
}

/*
 * What a socket entry adds to its address when it is not a connect of
 * the protocol's usual socket type: " bind,listen", " type=raw".
 */
static void net_extra(const struct cgw_entry_rec *e, char *out, size_t len)
{
	char acc[64], num[12];
	const char *type = cgw_sock_type_name(e->type);
	size_t w = 0;

	out[0] = '\0';
	if (e->access && e->access != CGW_NET_CONNECT) {
		cgw_net_access_fmt(e->access, acc, sizeof(acc));
		w = (size_t)snprintf(out, len, " %s", acc);
	}
	if (e->kind != CGW_KIND_NET || !e->type || e->type == cgw_net_default_type(e->proto) ||
	    w >= len)
		return;
	snprintf(num, sizeof(num), "%u", e->type);
	snprintf(out + w, len - w, " type=%s", type ? type : num);
}

/* A socket made: "socket inet stream tcp", "socket unix dgram". */
static char *net_created(const struct cgw_entry_rec *e)
{
	const char *fam = e->family == AF_INET ? "inet" : e->family == AF_INET6 ? "inet6" :
			  e->family == AF_UNIX ? "unix" : "?";
	const char *type = cgw_sock_type_name(e->type), *proto = cgw_proto_name(e->proto);
	char tbuf[12], pbuf[12];

	if (!type)
		snprintf(tbuf, sizeof(tbuf), "%u", e->type);
	if (!proto)
		snprintf(pbuf, sizeof(pbuf), "%u", e->proto);
	return xasprintf("socket %s %s%s%s", fam, type ? type : tbuf, e->proto ? " " : "",
			 e->proto ? (proto ? proto : pbuf) : "");
}

char *cgw_entry_object(const struct cgw_entry_rec *e, bool always_name)
{
	const char *path = e->path ? e->path : "-";
	char buf[12], a[64], acc[CGW_ACCESS_STR], extra[96];
	char *dir = NULL, *out;

	switch (e->kind) {
	case CGW_KIND_EXEC:
		/* "(as sh)" only when invoked under another name. */
		if (e->name && (always_name ||
				(*e->name && (!e->path || strcmp(e->name, base_name(e->path))))))
			return xasprintf("%s (as %s)", path, e->name);
		return xstrdup(path);
	case CGW_KIND_FILE:
		fmt_access(e->access, acc);
		if (cgw_wild_dir(e->wild) && e->path)
			path = dir = cgw_dir_glob(e->path);
		out = xasprintf("%s %s", acc, path);
		free(dir);
		return out;
	case CGW_KIND_NET:
		if (e->access == CGW_NET_CREATE)
			return net_created(e);
		entry_addr(e, a, sizeof(a));
		net_extra(e, extra, sizeof(extra));
		return xasprintf("%s %s%s", name_or_num(cgw_proto_name(e->proto), e->proto, buf), a,
				 extra);
	case CGW_KIND_UNIX:
		net_extra(e, extra, sizeof(extra));
		return xasprintf("%s%s", path, extra);
	default:
		return xstrdup(path);
	}
}

static void entry_json(struct json *j, const struct cgw_entry_rec *e)
{
	char buf[12], a[64], acc[CGW_ACCESS_STR], id[12];
	char *dir = NULL;

	json_obj_begin(j, NULL);
	snprintf(id, sizeof(id), "%08" PRIx32, e->id);
	json_str(j, "id", id);
	json_str(j, "kind", name_or_num(cgw_kind_name(e->kind), e->kind, buf));
	switch (e->kind) {
	case CGW_KIND_EXEC:
		json_str(j, "path", e->path);
		json_str(j, "name", e->name);
		break;
	case CGW_KIND_FILE:
		fmt_access(e->access, acc);
		if (cgw_wild_dir(e->wild) && e->path)
			dir = cgw_dir_glob(e->path);
		json_str(j, "path", dir ? dir : e->path);
		json_str(j, "access", acc);
		free(dir);
		break;
	case CGW_KIND_NET:
		json_str(j, "family", name_or_num(family_name(e->family), e->family, buf));
		json_str(j, "proto", name_or_num(cgw_proto_name(e->proto), e->proto, buf));
		if (e->wild == CGW_WILD_ADDR)
			json_str(j, "addr", "any");
		else
			json_str(j, "addr", fmt_addr(e->family, e->addr, e->addrlen, 0, a,
						     sizeof(a)) ? "" : a);
		json_u64(j, "port", e->port);
		if (e->type && e->type != cgw_net_default_type(e->proto))
			json_str(j, "type", name_or_num(cgw_sock_type_name(e->type), e->type, buf));
		break;
	default:
		json_str(j, "path", e->path);
		break;
	}
	if ((e->kind == CGW_KIND_NET || e->kind == CGW_KIND_UNIX) && e->access &&
	    e->access != CGW_NET_CONNECT) {
		char nacc[64];

		cgw_net_access_fmt(e->access, nacc, sizeof(nacc));
		json_str(j, "access", nacc);
	}
	/* Generalised: the entry stands for a directory's names, or any address. */
	if (e->wild)
		json_str(j, "wild", name_or_num(cgw_wild_name(e->wild), e->wild, buf));
	if (e->exe)
		json_str(j, "exe", e->exe);
	if (e->startup)
		json_flag(j, "startup", true);
	json_u64(j, "hits", e->hits);
	json_obj_end(j);
}

/* "0000002a  file  rw-- /tmp/x.log  exe=/usr/bin/python3", DIR/ADDR marked */
static void entry_human(FILE *f, const struct cgw_entry_rec *e)
{
	char *obj = cgw_entry_object(e, false), *esc = human_escape(obj);
	char buf[12];

	fprintf(f, "%08" PRIx32 "  %-4s  %s", e->id,
		name_or_num(cgw_kind_name(e->kind), e->kind, buf), esc);
	if (e->wild)
		fprintf(f, "  (generalised: %s)", cgw_wild_shown(e->wild));
	if (e->startup)
		fputs("  (start-up)", f);
	free(esc);
	if (e->exe) {
		esc = human_escape(e->exe);
		fprintf(f, "  exe=%s", esc);
		free(esc);
	}
	fputc('\n', f);
	free(obj);
}

/* "# cgroup /path (docker 0123456789ab, pod <uid>)", or "# cgroup <id>". */
static void model_header(FILE *f, uint64_t cgroup_id, const char *path)
{
	struct cgw_container c;
	char buf[sizeof(c.runtime) + sizeof("-conmon ") + sizeof(c.id)];
	char *esc;

	if (!path) {
		fprintf(f, "# cgroup %" PRIu64 "\n", cgroup_id);
		return;
	}
	esc = human_escape(path);
	fprintf(f, "# cgroup %s", esc);
	free(esc);
	if (cgw_container_from_path(path, &c)) {
		cgw_container_fmt(&c, ' ', buf, sizeof(buf));
		esc = human_escape(buf);
		fprintf(f, " (%s%s%s)", esc, c.pod_uid[0] ? ", pod " : "", c.pod_uid);
		free(esc);
	}
	fputc('\n', f);
}

void output_model(FILE *f, uint64_t cgroup_id, const char *path,
		  struct cgw_entry_rec *ents, size_t n, bool json)
{
	struct json j;

	if (n)	/* qsort(NULL, 0, ...) is undefined: an empty model has no array */
		qsort(ents, n, sizeof(*ents), cgw_entry_cmp);
	if (!json) {
		model_header(f, cgroup_id, path);
		for (size_t i = 0; i < n; i++)
			entry_human(f, &ents[i]);
		return;
	}
	json_init(&j, f);
	json_obj_begin(&j, NULL);
	json_u64(&j, "cgroup", cgroup_id);
	if (path) {
		json_str(&j, "path", path);
		json_container(&j, "container", path);
	}
	/* One entry at a time: a tree of 100k entries takes 200 MB. */
	json_stream(&j, "entries");
	for (size_t i = 0; i < n; i++)
		entry_json(&j, &ents[i]);
	json_finish(&j);
}

/* Stats: a short summary, or Prometheus' text exposition format. */

void output_stats_human(FILE *f, const struct cgw_status_rec *st,
			const struct cgw_cgroup_rec *cgs, size_t n)
{
	const struct cgw_config_rec *c = &st->config;
	const struct cgw_stats_rec *s = &st->stats;
	uint64_t calls = 0, missed = 0, alerts = 0, denials = 0;
	size_t counts[CGW_MODE_COUNT] = { 0 };
	char b1[12], b2[12];

	for (size_t i = 0; i < st->nhooks; i++) {
		calls += st->hooks[i].calls;
		missed += st->hooks[i].missed;
		alerts += st->hooks[i].alerts;
		denials += st->hooks[i].denials;
	}
	for (size_t i = 0; i < n; i++)
		if (cgs[i].mode < CGW_MODE_COUNT)
			counts[cgs[i].mode]++;
	fprintf(f, "calls: %" PRIu64 "  missed: %" PRIu64 "  alerts: %" PRIu64
		"  denials: %" PRIu64 "\n", calls, missed, alerts, denials);
	fprintf(f, "cgroups: %" PRIu32 " of %s", s->cgroups,
		cfg_val(c, CGW_CONFIG_A_MAX_CGROUPS, c->max_cgroups, b1));
	for (unsigned int m = 0; m < CGW_MODE_COUNT; m++)
		fprintf(f, "  %s: %zu", cgw_mode_name(m), counts[m]);
	fprintf(f, "\nentries: %" PRIu32 " of %s  model full: %" PRIu64
		"  cgroups full: %" PRIu64 "  nomem: %" PRIu64 "  undecided: %" PRIu64 "\n",
		s->entries,
		cfg_val(c, CGW_CONFIG_A_MAX_ENTRIES_TOTAL, c->max_entries_total, b2),
		s->model_full, s->cgroups_full, s->nomem, s->undecided);
	fprintf(f, "audit: %" PRIu64 " records, %" PRIu64 " suppressed  events: %"
		PRIu64 " sent, %" PRIu64 " dropped  tamper: %" PRIu64 "\n",
		s->audit_records, s->audit_suppressed, s->events,
		s->events_dropped, s->tamper);
	fprintf(f, "generalised: %" PRIu64 " entries  breaker trips: %" PRIu64
		"  verdict cache hits: %" PRIu64 "\n",
		s->generalised, s->breaker_trips, s->vcache_hits);
}

void prom_write_label_value(FILE *f, const char *str)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");

	while (*s) {
		size_t n;

		switch (*s) {
		case '\\': fputs("\\\\", f); s++; continue;
		case '"':  fputs("\\\"", f); s++; continue;
		case '\n': fputs("\\n", f); s++; continue;
		}
		n = utf8_len(s);
		if (!n) {
			/* The format is UTF-8: U+FFFD for a byte that is not. */
			fputs("\xef\xbf\xbd", f);
			s++;
			continue;
		}
		fwrite(s, 1, n, f);
		s += n;
	}
}

static void prom_family(FILE *f, const char *name, const char *type,
			const char *help)
{
	fprintf(f, "# HELP cgwarden_%s %s\n# TYPE cgwarden_%s %s\n",
		name, help, name, type);
}

/* "name{k1="v1",k2="v2"} " with up to three labels (NULL key ends them). */
static void prom_sample(FILE *f, const char *name, const char *k1,
			const char *v1, const char *k2, const char *v2,
			const char *k3, const char *v3)
{
	const char *k[3] = { k1, k2, k3 }, *v[3] = { v1, v2, v3 };

	fprintf(f, "cgwarden_%s", name);
	for (int i = 0; i < 3 && k[i]; i++) {
		fprintf(f, "%s%s=\"", i ? "," : "{", k[i]);
		prom_write_label_value(f, v[i]);
		fputc('"', f);
	}
	fputs(k1 ? "} " : " ", f);
}

static void prom_scalar(FILE *f, const char *name, const char *type,
			const char *help, uint64_t val)
{
	prom_family(f, name, type, help);
	prom_sample(f, name, NULL, NULL, NULL, NULL, NULL, NULL);
	fprintf(f, "%" PRIu64 "\n", val);
}

enum { PROM_CALLS, PROM_MISSED, PROM_ALERTS, PROM_DENIALS };

static void prom_hooks(FILE *f, const struct cgw_status_rec *st, int what,
		       const char *name, const char *help)
{
	char b[12];

	prom_family(f, name, "counter", help);
	for (size_t i = 0; i < st->nhooks; i++) {
		const struct cgw_hook_rec *h = &st->hooks[i];
		uint64_t v = what == PROM_CALLS ? h->calls :
			     what == PROM_MISSED ? h->missed :
			     what == PROM_ALERTS ? h->alerts : h->denials;

		prom_sample(f, name, "op", name_or_num(cgw_op_name(h->op), h->op, b),
			    "symbol", h->symbol, NULL, NULL);
		fprintf(f, "%" PRIu64 "\n", v);
	}
}

/* "docker:<64 hex>", "systemd:nginx.service", "" when not a container. */
static void prom_container(const char *path, char *buf, size_t len)
{
	struct cgw_container c;

	buf[0] = '\0';
	if (path && cgw_container_from_path(path, &c))
		snprintf(buf, len, "%s%s:%s", c.runtime, c.conmon ? "-conmon" : "", c.id);
}

enum { PROM_CG_ALERTS, PROM_CG_DENIALS, PROM_CG_ENTRIES };

static void prom_cgroups(FILE *f, const struct cgw_cgroup_rec *cgs, size_t n,
			 int what, const char *name, const char *type,
			 const char *help)
{
	char ctr[sizeof(((struct cgw_container *)0)->runtime) + 8 + CGW_UNIT_NAME_MAX + 1];
	char idbuf[24];

	prom_family(f, name, type, help);
	for (size_t i = 0; i < n; i++) {
		const struct cgw_cgroup_rec *cg = &cgs[i];
		uint64_t v = what == PROM_CG_ALERTS ? cg->alerts :
			     what == PROM_CG_DENIALS ? cg->denials : cg->entries;

		snprintf(idbuf, sizeof(idbuf), "%" PRIu64, cg->id);
		prom_container(cg->path, ctr, sizeof(ctr));
		prom_sample(f, name, "cgroup", cg->path ? cg->path : idbuf,
			    "container", ctr, NULL, NULL);
		fprintf(f, "%" PRIu64 "\n", v);
	}
}

void output_prometheus(FILE *f, const struct cgw_status_rec *st,
		       struct cgw_cgroup_rec *cgs, size_t n)
{
	const struct cgw_config_rec *c = &st->config;
	const struct cgw_stats_rec *s = &st->stats;
	char b1[12], b2[12], idbuf[24];

	if (n)
		qsort(cgs, n, sizeof(*cgs), cgw_cgroup_cmp);

	prom_hooks(f, st, PROM_CALLS, "hook_calls_total",
		   "Calls seen by each hook.");
	prom_hooks(f, st, PROM_MISSED, "hook_missed_total",
		   "Calls a hook let pass undecided (re-entry).");
	prom_hooks(f, st, PROM_ALERTS, "hook_alerts_total",
		   "Operations a hook reported (monitor and protect).");
	prom_hooks(f, st, PROM_DENIALS, "hook_denials_total",
		   "Operations a hook refused with EPERM.");
	prom_family(f, "hook_state", "gauge",
		    "How each hook is attached: 1 for its current state.");
	for (size_t i = 0; i < st->nhooks; i++) {
		const struct cgw_hook_rec *h = &st->hooks[i];

		prom_sample(f, "hook_state", "op", name_or_num(cgw_op_name(h->op), h->op, b1),
			    "symbol", h->symbol, "state",
			    name_or_num(cgw_hook_state_name(h->state), h->state, b2));
		fputs("1\n", f);
	}

	prom_scalar(f, "cgroups", "gauge", "Cgroups tracked.", s->cgroups);
	if (c->present & CGW_CONFIG_HAS(CGW_CONFIG_A_MAX_CGROUPS))
		prom_scalar(f, "cgroups_max", "gauge",
			    "Most cgroups tracked at once (config max-cgroups).",
			    c->max_cgroups);
	prom_scalar(f, "model_entries", "gauge",
		    "Model entries, all cgroups together.", s->entries);
	if (c->present & CGW_CONFIG_HAS(CGW_CONFIG_A_MAX_ENTRIES_TOTAL))
		prom_scalar(f, "model_entries_max", "gauge",
			    "Most model entries in all (config max-entries-total).",
			    c->max_entries_total);
	if (c->present & CGW_CONFIG_HAS(CGW_CONFIG_A_MAX_ENTRIES))
		prom_scalar(f, "cgroup_entries_max", "gauge",
			    "Most model entries per cgroup (config max-entries).",
			    c->max_entries);
	prom_scalar(f, "cgroups_full_total", "counter",
		    "Cgroups not tracked: the table was full.", s->cgroups_full);
	prom_scalar(f, "model_full_total", "counter",
		    "Operations not learned: a model was full.", s->model_full);
	prom_scalar(f, "nomem_total", "counter",
		    "Allocations that failed.", s->nomem);
	prom_scalar(f, "undecided_total", "counter",
		    "Operations passed without a decision.", s->undecided);
	prom_scalar(f, "audit_records_total", "counter",
		    "Audit records written (type 1316, KERNEL_OTHER).", s->audit_records);
	prom_scalar(f, "audit_suppressed_total", "counter",
		    "Audit records suppressed by dedup or rate limit.", s->audit_suppressed);
	prom_scalar(f, "events_total", "counter",
		    "Events sent to watchers.", s->events);
	prom_scalar(f, "events_dropped_total", "counter",
		    "Events watchers did not get.", s->events_dropped);
	prom_scalar(f, "tamper_total", "counter",
		    "Times the hooks were found disarmed.", s->tamper);
	prom_scalar(f, "breaker_trips_total", "counter",
		    "Protected cgroups a circuit breaker moved to monitor.", s->breaker_trips);
	prom_scalar(f, "vcache_hits_total", "counter",
		    "Opens allowed from the verdict cache, as seen before.",
		    s->vcache_hits);
	prom_scalar(f, "generalised_total", "counter",
		    "Generalised model entries made while learning (directory, any address).",
		    s->generalised);
	prom_scalar(f, "created", "gauge",
		    "Files, directories, fifos and sockets known as made by a cgroup.",
		    s->created);
	prom_scalar(f, "created_full_total", "counter",
		    "Creations not remembered, max_created reached.", s->created_full);
	prom_scalar(f, "cgroups_released_total", "counter",
		    "Cgroups forgotten after they were removed.", s->cgroups_released);
	prom_scalar(f, "locked", "gauge",
		    "1 when locked until reboot (cgwardenctl lock).", st->locked);
	prom_scalar(f, "lock_refused_total", "counter",
		    "Requests the lock refused.", s->lock_refused);

	prom_cgroups(f, cgs, n, PROM_CG_ALERTS, "cgroup_alerts_total", "counter",
		     "Operations reported, per cgroup.");
	prom_cgroups(f, cgs, n, PROM_CG_DENIALS, "cgroup_denials_total", "counter",
		     "Operations refused, per cgroup.");
	prom_cgroups(f, cgs, n, PROM_CG_ENTRIES, "cgroup_entries", "gauge",
		     "Model entries, per cgroup.");
	prom_family(f, "cgroup_mode", "gauge", "Each cgroup's mode: 1 for its current mode.");
	for (size_t i = 0; i < n; i++) {
		const struct cgw_cgroup_rec *cg = &cgs[i];

		snprintf(idbuf, sizeof(idbuf), "%" PRIu64, cg->id);
		prom_sample(f, "cgroup_mode", "cgroup", cg->path ? cg->path : idbuf,
			    "mode", name_or_num(cgw_mode_name(cg->mode), cg->mode, b1),
			    NULL, NULL);
		fputs("1\n", f);
	}
}
