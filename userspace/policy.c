// SPDX-License-Identifier: GPL-2.0
/*
 * Policy documents: YAML in, checked whole; YAML and JSON out.
 *
 * libyaml's document API gives a tree in which every node knows where it
 * starts, which is what each message points at.  The walk has a fixed
 * shape (document, rule, action, kind, pattern), so aliases cannot make
 * it recurse, and it goes on after a problem so that one run reports
 * them all.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <yaml.h>

#include "names.h"
#include "output.h"
#include "parse.h"
#include "policy.h"
#include "util.h"

/* How much of a value a message quotes. */
#define SHOWN_MAX	80

/* The keys of deny: and allow:, in the order they are emitted. */
static const uint8_t kind_order[] = {
	CGW_KIND_FILE, CGW_KIND_EXEC, CGW_KIND_NET, CGW_KIND_UNIX,
};

static const char *const kind_keys[CGW_KIND_COUNT] = {
	[CGW_KIND_EXEC] = "exec",
	[CGW_KIND_FILE] = "files",
	[CGW_KIND_NET] = "net",
	[CGW_KIND_UNIX] = "unix",
};

static const char *const kind_what[CGW_KIND_COUNT] = {
	[CGW_KIND_EXEC] = "an exec pattern",
	[CGW_KIND_FILE] = "a file pattern",
	[CGW_KIND_NET] = "a net pattern",
	[CGW_KIND_UNIX] = "a unix pattern",
};

static const char *const field_keys[CGW_PF_COUNT] = {
	[CGW_PF_PATH] = "path",
	[CGW_PF_NAME] = "name",
	[CGW_PF_ACCESS] = "access",
	[CGW_PF_CIDR] = "cidr",
	[CGW_PF_PORTS] = "ports",
	[CGW_PF_PROTO] = "proto",
	[CGW_PF_WILD] = "wild",
	[CGW_PF_EXE] = "exe",
	[CGW_PF_TYPE] = "type",
	[CGW_PF_FAMILY] = "family",
	[CGW_PF_STARTUP] = "startup",
};

/*
 * The keys each kind of pattern takes, the first one required.  wild and
 * exe are for model documents; every kind takes them to say clearly when
 * one does not apply.
 */
#define KIND_FIELDS_MAX	9
static const char *const kind_fields[CGW_KIND_COUNT][KIND_FIELDS_MAX + 1] = {
	[CGW_KIND_EXEC] = { "path", "name", "wild", "exe", "startup" },
	[CGW_KIND_FILE] = { "path", "access", "wild", "exe", "startup" },
	[CGW_KIND_NET] = { "cidr", "ports", "proto", "access", "type", "family", "wild",
			   "exe", "startup" },
	[CGW_KIND_UNIX] = { "path", "access", "wild", "exe", "startup" },
};

static const char *const action_keys[CGW_ACTION_COUNT] = {
	[CGW_ACTION_ALLOW] = "allow",
	[CGW_ACTION_DENY] = "deny",
};

static const char *const access_letters = "rwax";	/* bit i is letter i */
static const char *const access_names[] = CGW_ACC_NAMES;	/* bit i */
#define CGW_NACC	(sizeof(access_names) / sizeof(access_names[0]))

/* The bit named @s (@n bytes): a name of CGW_ACC_NAMES beyond the letters. */
static uint32_t access_bit(const char *s, size_t n)
{
	for (unsigned int i = 4; i < CGW_NACC; i++)
		if (strlen(access_names[i]) == n && !strncmp(access_names[i], s, n))
			return 1u << i;
	return 0;
}

/* --- building ----------------------------------------------------------- */

struct cgw_rule *cgw_policy_add_rule(struct cgw_policy *p)
{
	struct cgw_rule *r;

	p->rules = xreallocarray(p->rules, p->nrules + 1, sizeof(*p->rules));
	r = &p->rules[p->nrules++];
	memset(r, 0, sizeof(*r));
	r->mode = r->new_mode = CGW_MODE_NONE;
	return r;
}

struct cgw_pattern *cgw_rule_add_pattern(struct cgw_rule *r)
{
	struct cgw_pattern *pat;

	r->pats = xreallocarray(r->pats, r->npats + 1, sizeof(*r->pats));
	pat = &r->pats[r->npats++];
	memset(pat, 0, sizeof(*pat));
	pat->port_hi = 65535;
	return pat;
}

void cgw_rule_add_cgroup(struct cgw_rule *r, const char *glob)
{
	r->cgroups = xreallocarray(r->cgroups, r->ncgroups + 1, sizeof(*r->cgroups));
	r->cgroups[r->ncgroups++] = xstrdup(glob);
}

void cgw_policy_free(struct cgw_policy *p)
{
	for (size_t i = 0; i < p->nrules; i++) {
		struct cgw_rule *r = &p->rules[i];

		free(r->name);
		for (size_t j = 0; j < r->ncgroups; j++)
			free(r->cgroups[j]);
		free(r->cgroups);
		for (size_t j = 0; j < r->npats; j++) {
			free(r->pats[j].path);
			free(r->pats[j].name);
			free(r->pats[j].exe);
		}
		free(r->pats);
	}
	free(p->rules);
	memset(p, 0, sizeof(*p));
}

/* --- diagnostics -------------------------------------------------------- */

void cgw_diag_init(struct cgw_diag *d, const char *file)
{
	memset(d, 0, sizeof(*d));
	d->file = file;
}

static void __attribute__((format(printf, 3, 4)))
diag(struct cgw_diag *d, struct cgw_mark at, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	d->total++;
	if (d->n == CGW_DIAG_KEEP)
		return;
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	if (!msg)
		msg = xstrdup("out of memory");
	d->at[d->n] = at;
	if (at.line)
		d->msgs[d->n++] = xasprintf("%s:%u:%u: %s", d->file, at.line, at.col, msg);
	else
		d->msgs[d->n++] = xasprintf("%s: %s", d->file, msg);
	free(msg);
}

/* Messages in the order of the file, as a reader goes through it. */
static void diag_sort(struct cgw_diag *d)
{
	for (size_t i = 1; i < d->n; i++) {
		for (size_t j = i; j > 0; j--) {
			struct cgw_mark a = d->at[j - 1], b = d->at[j];
			char *m;

			if (a.line < b.line || (a.line == b.line && a.col <= b.col))
				break;
			d->at[j - 1] = b;
			d->at[j] = a;
			m = d->msgs[j - 1];
			d->msgs[j - 1] = d->msgs[j];
			d->msgs[j] = m;
		}
	}
}

void cgw_diag_print(const struct cgw_diag *d, FILE *f)
{
	for (size_t i = 0; i < d->n; i++)
		fprintf(f, "%s\n", d->msgs[i]);
	if (d->total > d->n)
		fprintf(f, "%s: %zu more problems not shown\n", d->file, d->total - d->n);
}

void cgw_diag_free(struct cgw_diag *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->msgs[i]);
	d->n = d->total = 0;
}

/* A value from the file, made safe and short enough to quote. */
struct shown {
	char s[SHOWN_MAX * 4 + 4];
};

static const char *show(struct shown *buf, const char *s)
{
	char *e = human_escape(s);

	if (strlen(e) > SHOWN_MAX)
		snprintf(buf->s, sizeof(buf->s), "%.*s...", SHOWN_MAX, e);
	else
		snprintf(buf->s, sizeof(buf->s), "%s", e);
	free(e);
	return buf->s;
}

/* --- parsing ------------------------------------------------------------ */

struct pctx {
	yaml_document_t *doc;
	struct cgw_diag *d;
};

static struct cgw_mark mark_of(const yaml_node_t *n)
{
	return (struct cgw_mark){ (unsigned int)n->start_mark.line + 1,
				  (unsigned int)n->start_mark.column + 1 };
}

#define perr(c, n, ...) diag((c)->d, mark_of(n), __VA_ARGS__)

static yaml_node_t *node(struct pctx *c, int i)
{
	return yaml_document_get_node(c->doc, i);
}

/* An empty plain scalar, or one YAML spells null. */
static bool is_null(const yaml_node_t *n)
{
	static const char *const nulls[] = { "", "~", "null", "Null", "NULL" };

	if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(nulls); i++)
		if (n->data.scalar.length == strlen(nulls[i]) &&
		    !memcmp(n->data.scalar.value, nulls[i], n->data.scalar.length))
			return true;
	return false;
}

static const char *what(const yaml_node_t *n)
{
	switch (n->type) {
	case YAML_MAPPING_NODE:
		return "a mapping";
	case YAML_SEQUENCE_NODE:
		return "a list";
	default:
		return is_null(n) ? "empty" : "a string";
	}
}

static void get_keys(struct pctx *c, yaml_node_t *map, const char *const *keys,
		     const char *in, yaml_node_t **vals, yaml_node_t **knodes);

/*
 * The bytes of {hex: ...}, a name that is not UTF-8 (docs/models.md);
 * *len of them, or NULL after saying why not.
 */
static char *get_hex(struct pctx *c, yaml_node_t *n, const char *key, size_t *len)
{
	static const char *const keys[] = { "hex", NULL };
	yaml_node_t *v;
	char in[64];
	char *s;

	snprintf(in, sizeof(in), "'%s'", key);
	get_keys(c, n, keys, in, &v, NULL);
	if (!v) {
		perr(c, n, "'%s' must be a string, or {hex: ...} for bytes", key);
		return NULL;
	}
	if (v->type != YAML_SCALAR_NODE || is_null(v)) {
		perr(c, v, "'hex' in '%s' must be hex digits, not %s", key, what(v));
		return NULL;
	}
	s = hex_decode((const char *)v->data.scalar.value, v->data.scalar.length, len);
	if (!s)
		perr(c, v, "'hex' in '%s' must be an even number of hex digits", key);
	return s;
}

/* The string under key, or NULL after saying why it is not one. */
static char *get_str(struct pctx *c, yaml_node_t *n, const char *key, size_t max)
{
	size_t len;
	char *s;

	if (n->type == YAML_MAPPING_NODE) {
		s = get_hex(c, n, key, &len);
		if (!s)
			return NULL;
	} else if (n->type != YAML_SCALAR_NODE) {
		perr(c, n, "'%s' must be a string, not %s", key, what(n));
		return NULL;
	} else if (is_null(n)) {
		perr(c, n, "'%s' has no value", key);
		return NULL;
	} else {
		len = n->data.scalar.length;
		s = xmalloc(len + 1);
		memcpy(s, n->data.scalar.value, len);
		s[len] = '\0';
	}
	if (memchr(s, '\0', len)) {
		perr(c, n, "'%s' contains a NUL character", key);
	} else if (len > max) {
		perr(c, n, "'%s' is too long (%zu bytes, at most %zu)", key, len, max);
	} else {
		return s;
	}
	free(s);
	return NULL;
}

static char *join_keys(const char *const *keys)
{
	char *s = xstrdup(""), *t;

	for (size_t i = 0; keys[i]; i++) {
		t = xasprintf("%s%s%s", s, i ? ", " : "", keys[i]);
		free(s);
		s = t;
	}
	return s;
}

/*
 * The values of a mapping's keys (NULL-terminated list) into vals[], in
 * the list's order, and keys[] the key nodes.  Unknown and repeated keys
 * are problems; in names the mapping for messages.
 */
static void get_keys(struct pctx *c, yaml_node_t *map, const char *const *keys,
		     const char *in, yaml_node_t **vals, yaml_node_t **knodes)
{
	size_t nkeys = 0;

	while (keys[nkeys])
		nkeys++;
	memset(vals, 0, nkeys * sizeof(*vals));
	for (yaml_node_pair_t *pr = map->data.mapping.pairs.start;
	     pr < map->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = node(c, pr->key), *v = node(c, pr->value);
		struct shown sh;
		size_t i;

		if (k->type != YAML_SCALAR_NODE) {
			perr(c, k, "a key in %s must be a string, not %s", in, what(k));
			continue;
		}
		for (i = 0; i < nkeys; i++)
			if (k->data.scalar.length == strlen(keys[i]) &&
			    !memcmp(k->data.scalar.value, keys[i], k->data.scalar.length))
				break;
		if (i == nkeys) {
			char *list = join_keys(keys);

			perr(c, k, "unknown key '%s' in %s (expected %s)",
			     show(&sh, (const char *)k->data.scalar.value), in, list);
			free(list);
			continue;
		}
		if (vals[i]) {
			perr(c, k, "duplicate key '%s' in %s", keys[i], in);
			continue;
		}
		vals[i] = v;
		if (knodes)
			knodes[i] = k;
	}
}

/* Say so if s is not a glob the kernel takes. */
static bool check_glob(struct pctx *c, const yaml_node_t *n, const char *s)
{
	struct shown sh;

	if (cgw_glob_valid(s))
		return true;
	perr(c, n, "'**' may appear once, as a whole path component, in '%s'", show(&sh, s));
	return false;
}

static bool name_char_ok(char ch)
{
	return isalnum((unsigned char)ch) || ch == '_' || ch == '.' || ch == '-';
}

static void parse_name(struct pctx *c, yaml_node_t *n, struct cgw_rule *r)
{
	char *s = get_str(c, n, "name", CGW_RULE_NAME_LEN);
	struct shown sh;

	if (!s)
		return;
	r->name_at = mark_of(n);
	if (!*s) {
		perr(c, n, "'name' is empty");
		free(s);
		return;
	}
	for (const char *p = s; *p; p++) {
		if (!name_char_ok(*p)) {
			perr(c, n, "rule name '%s' may only have letters, digits, '_', '.' and '-'",
			     show(&sh, s));
			free(s);
			return;
		}
	}
	r->name = s;
}

static void parse_cgroups(struct pctx *c, yaml_node_t *n, struct cgw_rule *r)
{
	yaml_node_item_t *it;
	size_t count = 0;

	if (n->type != YAML_SEQUENCE_NODE) {
		perr(c, n, "'cgroups' must be a list, not %s", what(n));
		return;
	}
	if (n->data.sequence.items.start == n->data.sequence.items.top) {
		perr(c, n, "'cgroups' is empty (list 1 to %d cgroup globs)", CGW_RULE_MAX_CGROUPS);
		return;
	}
	for (it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
		yaml_node_t *g = node(c, *it);
		struct shown sh;
		char *s;

		if (++count == CGW_RULE_MAX_CGROUPS + 1)
			perr(c, g, "too many cgroups in a rule (at most %d)", CGW_RULE_MAX_CGROUPS);
		s = get_str(c, g, "cgroups", CGW_GLOB_LEN);
		if (!s)
			continue;
		if (s[0] != '/')
			perr(c, g, "cgroup '%s' must start with '/' (paths are relative to the cgroup2 root)",
			     show(&sh, s));
		else if (strcmp(s, "/") && s[strlen(s) - 1] == '/')
			perr(c, g, "cgroup '%s' ends with '/'", show(&sh, s));
		else if (strstr(s, "//"))
			perr(c, g, "cgroup '%s' has an empty component ('//')", show(&sh, s));
		else if (check_glob(c, g, s))
			cgw_rule_add_cgroup(r, s);
		free(s);
	}
}

static uint8_t parse_mode(struct pctx *c, yaml_node_t *n, const char *key)
{
	char *s = get_str(c, n, key, CGW_GLOB_LEN);
	struct shown sh;
	int mode;

	if (!s)
		return CGW_MODE_NONE;
	mode = cgw_mode_parse(s);
	if (mode < 0)
		perr(c, n, "unknown %s '%s' (use off, learn, monitor or protect)", key, show(&sh, s));
	free(s);
	return mode < 0 ? CGW_MODE_NONE : (uint8_t)mode;
}

static void parse_access(struct pctx *c, yaml_node_t *n, struct cgw_pattern *pat)
{
	char *s = get_str(c, n, "access", CGW_GLOB_LEN);
	struct shown sh;

	if (!s)
		return;
	if (!*s)
		perr(c, n, "'access' is empty (use letters r, w, a, x, or any)");
	if (!*s || !strcmp(s, "any")) {
		free(s);
		return;
	}
	if (pat->kind != CGW_KIND_FILE) {
		if (cgw_net_access_parse(s, &pat->access))
			perr(c, n, "unknown socket access '%s' (use connect, bind, listen, accept, "
			     "create, joined by commas, or any)", show(&sh, s));
		free(s);
		return;
	}
	/*
	 * Comma-separated names of CGW_ACC_NAMES and runs of the letters
	 * r, w, a, x, in any order: "rw,create", "r,mount", "ptrace,r".
	 */
	for (const char *p = s; *p;) {
		size_t len = strcspn(p, ",");
		uint32_t bit = access_bit(p, len);
		char one[40];

		if (!bit && len && strspn(p, access_letters) >= len) {
			for (size_t i = 0; i < len; i++)
				bit |= 1u << (strchr(access_letters, p[i]) - access_letters);
		}
		if (!bit) {
			snprintf(one, sizeof(one), "%.*s", (int)len, p);
			perr(c, n, "unknown access '%s' (use r, w, a, x, or names: create, delete, link, rename-from, rename-to, chmod, chown, mount, umount, chroot, ptrace, ns; comma-separated)",
			     show(&sh, one));
			break;
		}
		pat->access |= bit;
		p += len;
		if (*p)
			p++;
	}
	free(s);
}

static void parse_cidr(struct pctx *c, yaml_node_t *n, struct cgw_pattern *pat)
{
	char *s = get_str(c, n, "cidr", CGW_GLOB_LEN), *slash;
	struct shown sh;
	uint32_t prefix;
	unsigned int bits, alen;
	int family;

	if (!s)
		return;
	if (!strcmp(s, "any")) {
		free(s);
		return;
	}
	slash = strchr(s, '/');
	if (slash)
		*slash = '\0';
	family = strchr(s, ':') ? AF_INET6 : AF_INET;
	bits = family == AF_INET ? 32 : 128;
	alen = bits / 8;
	if (inet_pton(family, s, pat->addr) != 1) {
		perr(c, n, "bad address '%s' (use an IPv4 or IPv6 address or CIDR, or any)",
		     show(&sh, s));
		goto out;
	}
	prefix = bits;
	if (slash && (strlen(slash + 1) > 3 || parse_u32(slash + 1, &prefix) || prefix > bits)) {
		perr(c, n, "bad prefix length '/%s' (0 to %u for %s)", show(&sh, slash + 1),
		     bits, family == AF_INET ? "IPv4" : "IPv6");
		goto out;
	}
	pat->family = (uint16_t)family;
	pat->prefix = (uint8_t)prefix;
	for (unsigned int i = 0; i < alen; i++) {
		unsigned int keep = prefix >= (i + 1) * 8 ? 8 : prefix > i * 8 ? prefix - i * 8 : 0;
		uint8_t mask = (uint8_t)(0xffu >> keep);	/* host bits */

		if (pat->addr[i] & mask) {
			char canon[CGW_CIDR_LEN];

			for (unsigned int j = i; j < alen; j++) {
				keep = prefix >= (j + 1) * 8 ? 8 : prefix > j * 8 ? prefix - j * 8 : 0;
				pat->addr[j] &= (uint8_t)~(0xffu >> keep);
			}
			cgw_fmt_cidr(pat, canon);
			if (slash)
				*slash = '/';
			perr(c, n, "'%s' has host bits set (the network is %s)", show(&sh, s), canon);
			pat->family = 0;
			goto out;
		}
	}
out:
	free(s);
}

/* A port: digits only, 0 to 65535.  Returns 0, or -1 after saying why. */
static int parse_port(struct pctx *c, yaml_node_t *n, const char *all, const char *s,
		      uint16_t *port)
{
	struct shown sh;
	uint32_t v;
	int ret = parse_u32(s, &v);

	if (ret == -EINVAL) {
		perr(c, n, "bad ports '%s' (use N or N-M, 0 to 65535, or any)", show(&sh, all));
		return -1;
	}
	if (ret || v > 65535) {
		perr(c, n, "port %s is out of range (0 to 65535)", show(&sh, s));
		return -1;
	}
	*port = (uint16_t)v;
	return 0;
}

static void parse_ports(struct pctx *c, yaml_node_t *n, struct cgw_pattern *pat)
{
	char *s = get_str(c, n, "ports", CGW_GLOB_LEN), *dash;
	uint16_t lo, hi;

	if (!s)
		return;
	if (!strcmp(s, "any")) {
		free(s);
		return;
	}
	dash = strchr(s, '-');
	if (dash) {
		char *all = xstrdup(s);

		*dash = '\0';
		if (!parse_port(c, n, all, s, &lo) && !parse_port(c, n, all, dash + 1, &hi)) {
			if (lo > hi)
				perr(c, n, "port range %u-%u is reversed", lo, hi);
			else {
				pat->port_lo = lo;
				pat->port_hi = hi;
			}
		}
		free(all);
	} else if (!parse_port(c, n, s, s, &lo)) {
		pat->port_lo = pat->port_hi = lo;
	}
	free(s);
}

static void parse_proto(struct pctx *c, yaml_node_t *n, struct cgw_pattern *pat)
{
	char *s = get_str(c, n, "proto", CGW_GLOB_LEN);
	struct shown sh;
	uint32_t v;
	int p;

	if (!s)
		return;
	if (!strcmp(s, "any")) {
		pat->proto = 0;
	} else if ((p = cgw_proto_parse(s)) >= 0) {
		pat->proto = (uint8_t)p;
	} else if (!parse_u32(s, &v) && v <= 255) {
		pat->proto = (uint8_t)v;
	} else {
		perr(c, n, "unknown proto '%s' (use tcp, udp, icmp, icmpv6, sctp, udplite, raw, "
		     "a protocol number, or any)", show(&sh, s));
	}
	free(s);
}

static void parse_type(struct pctx *c, yaml_node_t *n, struct cgw_pattern *pat)
{
	char *s = get_str(c, n, "type", CGW_GLOB_LEN);
	struct shown sh;
	uint32_t v;
	int t;

	if (!s)
		return;
	if ((t = cgw_sock_type_parse(s)) > 0)
		pat->type = (uint8_t)t;
	else if (!parse_u32(s, &v) && v > 0 && v <= 255)
		pat->type = (uint8_t)v;
	else
		perr(c, n, "unknown socket type '%s' (use stream, dgram, raw, seqpacket, or a "
		     "number)", show(&sh, s));
	free(s);
}

/* A socket made has no address: its family, when cidr does not say it. */
static void parse_family(struct pctx *c, yaml_node_t *n, struct cgw_pattern *pat)
{
	char *s = get_str(c, n, "family", CGW_GLOB_LEN);
	struct shown sh;
	int f = -1;

	if (!s)
		return;
	if (!strcmp(s, "inet"))
		f = AF_INET;
	else if (!strcmp(s, "inet6"))
		f = AF_INET6;
	else if (!strcmp(s, "unix"))
		f = AF_UNIX;
	if (f < 0)
		perr(c, n, "unknown family '%s' (use inet, inet6 or unix)", show(&sh, s));
	else if (pat->family && pat->family != f)
		perr(c, n, "family '%s' and the cidr disagree", show(&sh, s));
	else
		pat->family = (uint16_t)f;
	free(s);
}

/*
 * A program or file without a path has a name of its own, never starting
 * with '/' (docs/concepts.md, "Program identity"): "memfd:NAME",
 * "deleted:/PATH", "unreachable:/PATH", "anon:NAME", and the kernel's
 * "pipe:[N]", "socket:[N]": a word of letters and '_', then ':'.
 */
static bool is_own_name(const char *s)
{
	size_t n = 0;

	while (isalpha((unsigned char)s[n]) || s[n] == '_')
		n++;
	return n && s[n] == ':';
}

static void parse_path(struct pctx *c, yaml_node_t *n, struct cgw_pattern *pat)
{
	char *s = get_str(c, n, "path", CGW_GLOB_LEN);
	struct shown sh;

	if (!s)
		return;
	if (pat->kind == CGW_KIND_UNIX && s[0] != '/' && s[0] != '@')
		perr(c, n, "unix path '%s' must start with '/' (or '@' for an abstract name)",
		     show(&sh, s));
	else if (pat->kind != CGW_KIND_UNIX && s[0] != '/' && !is_own_name(s))
		perr(c, n, "path '%s' must start with '/'", show(&sh, s));
	else if (check_glob(c, n, s))
		pat->path = xstrdup(s);
	free(s);
}

static void parse_exec_name(struct pctx *c, yaml_node_t *n, struct cgw_pattern *pat)
{
	char *s = get_str(c, n, "name", CGW_EXEC_NAME_LEN);
	struct shown sh;

	if (!s)
		return;
	if (strchr(s, '/')) {
		perr(c, n, "exec name '%s' cannot contain '/' (it is the name a program ran as)",
		     show(&sh, s));
		free(s);
		return;
	}
	if (!check_glob(c, n, s)) {
		free(s);
		return;
	}
	pat->name = s;
}

static void parse_wild(struct pctx *c, yaml_node_t *n, struct cgw_pattern *pat)
{
	char *s = get_str(c, n, "wild", CGW_GLOB_LEN);
	struct shown sh;
	int w;

	if (!s)
		return;
	w = cgw_wild_parse(s);
	if (w < 0)
		perr(c, n, "unknown wild '%s' (use dir, created or any-address)", show(&sh, s));
	else
		pat->wild = (uint8_t)w;
	free(s);
}

static void parse_exe(struct pctx *c, yaml_node_t *n, struct cgw_pattern *pat)
{
	char *s = get_str(c, n, "exe", CGW_GLOB_LEN);
	struct shown sh;

	if (!s)
		return;
	if (s[0] != '/' && !is_own_name(s)) {
		perr(c, n, "exe '%s' must be a program's path, starting with '/'", show(&sh, s));
		free(s);
		return;
	}
	pat->exe = s;
}

/* startup: true marks a start-up entry (model documents); false is the default. */
static void parse_startup(struct pctx *c, yaml_node_t *n, struct cgw_pattern *pat)
{
	char *s = get_str(c, n, "startup", 8);
	struct shown sh;

	if (!s)
		return;
	if (!strcmp(s, "true"))
		pat->startup = true;
	else if (strcmp(s, "false"))
		perr(c, n, "startup takes true or false, not '%s'", show(&sh, s));
	free(s);
}

/* Does s end in a last component "*", with a directory before it? */
static bool is_dir_glob(const char *s)
{
	size_t n = strlen(s);

	return n >= 2 && s[0] == '/' && !strcmp(s + n - 2, "/*");
}

/* wild against the kind and the other fields, once all are read. */
static void check_model_fields(struct pctx *c, yaml_node_t *const *vals,
			       const char *const *keys, struct cgw_pattern *pat)
{
	yaml_node_t *wild = NULL;

	for (int i = 0; keys[i]; i++)
		if (!strcmp(keys[i], "wild"))
			wild = vals[i];
	if (!wild || !pat->wild)
		return;
	if (cgw_wild_dir(pat->wild) && pat->kind != CGW_KIND_FILE)
		perr(c, wild, "'wild: %s' is for file patterns", cgw_wild_name(pat->wild));
	else if (pat->wild == CGW_WILD_ADDR && pat->kind != CGW_KIND_NET)
		perr(c, wild, "'wild: any-address' is for net patterns");
	else if (cgw_wild_dir(pat->wild) && pat->path && !is_dir_glob(pat->path))
		perr(c, wild, "'wild: %s' needs a path that ends in '/*' (every name in "
		     "that directory)", cgw_wild_name(pat->wild));
	else if (pat->wild == CGW_WILD_ADDR && pat->at[CGW_PF_CIDR].line &&
		 (!pat->family || pat->prefix))
		perr(c, wild, "'wild: any-address' needs cidr 0.0.0.0/0 or ::/0 (any address "
		     "of one family)");
}

static int field_of(const char *key)
{
	for (int f = 0; f < CGW_PF_COUNT; f++)
		if (field_keys[f] && !strcmp(field_keys[f], key))
			return f;
	return -1;
}

static void parse_pattern(struct pctx *c, yaml_node_t *n, uint8_t action, uint8_t kind,
			  struct cgw_rule *r)
{
	const char *const *keys = kind_fields[kind];
	yaml_node_t *vals[KIND_FIELDS_MAX];
	struct cgw_pattern *pat;

	if (n->type != YAML_MAPPING_NODE) {
		perr(c, n, "%s must be a mapping, not %s", kind_what[kind], what(n));
		return;
	}
	if (r->npats == CGW_RULE_MAX_PATTERNS)
		perr(c, n, "too many patterns in a rule (at most %d)", CGW_RULE_MAX_PATTERNS);
	pat = cgw_rule_add_pattern(r);
	pat->action = action;
	pat->kind = kind;
	pat->at[CGW_PF_SELF] = mark_of(n);
	get_keys(c, n, keys, kind_what[kind], vals, NULL);
	if (!vals[0])
		perr(c, n, "%s has no '%s'", kind_what[kind], keys[0]);
	for (int i = 0; keys[i]; i++) {
		int f = field_of(keys[i]);

		if (!vals[i])
			continue;
		pat->at[f] = mark_of(vals[i]);
		switch (f) {
		case CGW_PF_PATH: parse_path(c, vals[i], pat); break;
		case CGW_PF_NAME: parse_exec_name(c, vals[i], pat); break;
		case CGW_PF_ACCESS: parse_access(c, vals[i], pat); break;
		case CGW_PF_CIDR: parse_cidr(c, vals[i], pat); break;
		case CGW_PF_PORTS: parse_ports(c, vals[i], pat); break;
		case CGW_PF_PROTO: parse_proto(c, vals[i], pat); break;
		case CGW_PF_WILD: parse_wild(c, vals[i], pat); break;
		case CGW_PF_EXE: parse_exe(c, vals[i], pat); break;
		case CGW_PF_TYPE: parse_type(c, vals[i], pat); break;
		case CGW_PF_FAMILY: parse_family(c, vals[i], pat); break;
		case CGW_PF_STARTUP: parse_startup(c, vals[i], pat); break;
		}
	}
	check_model_fields(c, vals, keys, pat);
}

static void parse_action(struct pctx *c, yaml_node_t *n, uint8_t action, struct cgw_rule *r)
{
	static const char *const keys[] = { "files", "exec", "net", "unix", NULL };
	static const uint8_t kinds[] = { CGW_KIND_FILE, CGW_KIND_EXEC, CGW_KIND_NET, CGW_KIND_UNIX };
	const char *key = action_keys[action];
	yaml_node_t *vals[ARRAY_SIZE(kinds)];
	char in[16];

	if (n->type != YAML_MAPPING_NODE) {
		perr(c, n, "'%s' must be a mapping of files, exec, net and unix, not %s", key,
		     what(n));
		return;
	}
	snprintf(in, sizeof(in), "'%s'", key);
	get_keys(c, n, keys, in, vals, NULL);
	for (size_t k = 0; k < ARRAY_SIZE(kinds); k++) {
		yaml_node_t *l = vals[k];

		if (!l)
			continue;
		if (l->type != YAML_SEQUENCE_NODE) {
			perr(c, l, "'%s' must be a list, not %s", keys[k], what(l));
			continue;
		}
		for (yaml_node_item_t *it = l->data.sequence.items.start;
		     it < l->data.sequence.items.top; it++)
			parse_pattern(c, node(c, *it), action, kinds[k], r);
	}
}

enum { RK_NAME, RK_CGROUPS, RK_MODE, RK_NEW_MODE, RK_DENY, RK_ALLOW, RK_COUNT };

static void parse_rule(struct pctx *c, yaml_node_t *n, struct cgw_policy *p)
{
	static const char *const keys[RK_COUNT + 1] = {
		"name", "cgroups", "mode", "new_mode", "deny", "allow", NULL
	};
	yaml_node_t *v[RK_COUNT];
	struct cgw_rule *r;

	if (n->type != YAML_MAPPING_NODE) {
		perr(c, n, "a rule must be a mapping, not %s", what(n));
		return;
	}
	r = cgw_policy_add_rule(p);
	r->at = mark_of(n);
	get_keys(c, n, keys, "a rule", v, NULL);
	if (v[RK_NAME])
		parse_name(c, v[RK_NAME], r);
	if (v[RK_CGROUPS])
		parse_cgroups(c, v[RK_CGROUPS], r);
	else
		perr(c, n, "a rule needs 'cgroups' (the cgroups it applies to)");
	if (v[RK_MODE])
		r->mode = parse_mode(c, v[RK_MODE], "mode");
	if (v[RK_NEW_MODE])
		r->new_mode = parse_mode(c, v[RK_NEW_MODE], "new_mode");
	if (v[RK_DENY])
		parse_action(c, v[RK_DENY], CGW_ACTION_DENY, r);
	if (v[RK_ALLOW])
		parse_action(c, v[RK_ALLOW], CGW_ACTION_ALLOW, r);
}

static void parse_document(struct pctx *c, yaml_node_t *root, struct cgw_policy *p)
{
	static const char *const keys[] = { "rules", NULL };
	yaml_node_t *rules;
	size_t count = 0;

	if (root->type != YAML_MAPPING_NODE) {
		perr(c, root, "a policy is a mapping with 'rules:', not %s", what(root));
		return;
	}
	get_keys(c, root, keys, "the document", &rules, NULL);
	if (!rules) {
		perr(c, root, "no 'rules:' in the document");
		return;
	}
	if (rules->type != YAML_SEQUENCE_NODE) {
		perr(c, rules, "'rules' must be a list, not %s (rules: [] for none)", what(rules));
		return;
	}
	for (yaml_node_item_t *it = rules->data.sequence.items.start;
	     it < rules->data.sequence.items.top; it++) {
		yaml_node_t *rn = node(c, *it);

		if (++count == CGW_POLICY_MAX_RULES + 1)
			perr(c, rn, "too many rules (at most %d)", CGW_POLICY_MAX_RULES);
		parse_rule(c, rn, p);
	}
	for (size_t i = 0; i < p->nrules; i++) {
		for (size_t j = 0; p->rules[i].name && j < i; j++) {
			if (p->rules[j].name && !strcmp(p->rules[i].name, p->rules[j].name)) {
				diag(c->d, p->rules[i].name_at,
				     "duplicate rule name '%s' (first at line %u)",
				     p->rules[i].name, p->rules[j].name_at.line);
				break;
			}
		}
	}
}

/* Line and column of a byte offset, for errors libyaml gives as one. */
static struct cgw_mark mark_at_offset(const char *buf, size_t len, size_t off)
{
	struct cgw_mark m = { 1, 1 };

	for (size_t i = 0; i < off && i < len; i++) {
		if (buf[i] == '\n') {
			m.line++;
			m.col = 1;
		} else if (((unsigned char)buf[i] & 0xc0) != 0x80) {
			m.col++;
		}
	}
	return m;
}

static void syntax_error(const yaml_parser_t *ps, const char *buf, size_t len,
			 struct cgw_diag *d)
{
	struct cgw_mark at = { (unsigned int)ps->problem_mark.line + 1,
			       (unsigned int)ps->problem_mark.column + 1 };
	const char *problem = ps->problem ? ps->problem : "YAML error";

	switch (ps->error) {
	case YAML_MEMORY_ERROR:
		fputs("cgwardenctl: out of memory\n", stderr);
		exit(1);
	case YAML_READER_ERROR:
		at = mark_at_offset(buf, len, ps->problem_offset);
		if (ps->problem_value >= 0)
			diag(d, at, "%s (byte 0x%02x)", problem, (unsigned int)ps->problem_value);
		else
			diag(d, at, "%s", problem);
		return;
	default:
		break;
	}
	if (ps->context)
		diag(d, at, "%s (%s at line %u, column %u)", problem, ps->context,
		     (unsigned int)ps->context_mark.line + 1,
		     (unsigned int)ps->context_mark.column + 1);
	else
		diag(d, at, "%s", problem);
}

int cgw_policy_parse(const char *buf, size_t len, struct cgw_policy *p, struct cgw_diag *d)
{
	yaml_parser_t ps;
	yaml_document_t doc, more;
	struct pctx c = { .doc = &doc, .d = d };
	yaml_node_t *root;

	memset(p, 0, sizeof(*p));
	if (!yaml_parser_initialize(&ps)) {
		fputs("cgwardenctl: out of memory\n", stderr);
		exit(1);
	}
	yaml_parser_set_input_string(&ps, (const unsigned char *)buf, len);
	if (!yaml_parser_load(&ps, &doc)) {
		syntax_error(&ps, buf, len, d);
		yaml_parser_delete(&ps);
		return -1;
	}
	root = yaml_document_get_root_node(&doc);
	if (!root) {
		diag(d, (struct cgw_mark){ 1, 1 }, "empty document (a policy starts with 'rules:')");
	} else {
		parse_document(&c, root, p);
		if (!yaml_parser_load(&ps, &more)) {
			syntax_error(&ps, buf, len, d);
		} else {
			yaml_node_t *extra = yaml_document_get_root_node(&more);

			if (extra)
				diag(d, mark_of(extra), "a second YAML document (a policy is one)");
			yaml_document_delete(&more);
		}
	}
	yaml_document_delete(&doc);
	yaml_parser_delete(&ps);
	diag_sort(d);
	if (d->total) {
		cgw_policy_free(p);
		return -1;
	}
	return 0;
}

/* --- emitting ----------------------------------------------------------- */

void cgw_fmt_access(uint32_t access, char out[CGW_ACCESS_STR])
{
	char *w = out;

	for (int i = 0; i < 4; i++)
		if (access & (1u << i))
			*w++ = access_letters[i];
	for (unsigned int i = 4; i < CGW_NACC; i++)
		if (access & (1u << i))
			w += sprintf(w, "%s%s", w == out ? "" : ",", access_names[i]);
	*w = '\0';
}

void cgw_fmt_cidr(const struct cgw_pattern *pat, char *buf)
{
	char a[INET6_ADDRSTRLEN];

	if ((pat->family != AF_INET && pat->family != AF_INET6) ||
	    !inet_ntop(pat->family, pat->addr, a, sizeof(a))) {
		snprintf(buf, CGW_CIDR_LEN, "any");
		return;
	}
	snprintf(buf, CGW_CIDR_LEN, "%s/%u", a, pat->prefix);
}

static void fmt_ports(const struct cgw_pattern *pat, char buf[16])
{
	if (pat->port_lo == pat->port_hi)
		snprintf(buf, 16, "%u", pat->port_lo);
	else
		snprintf(buf, 16, "%u-%u", pat->port_lo, pat->port_hi);
}

static bool ports_any(const struct cgw_pattern *pat)
{
	return pat->port_lo == 0 && pat->port_hi == 65535;
}

/*
 * Can s be written as a plain scalar that every YAML reader takes for
 * this same string?  Conservative: a safe alphabet, no leading indicator
 * or digit, nothing YAML 1.1 reads as a boolean or null.
 */
static bool plain_ok(const char *s)
{
	static const char *const words[] = {
		"y", "n", "yes", "no", "true", "false", "on", "off", "null",
	};

	if (!isalpha((unsigned char)s[0]) && s[0] != '/' && s[0] != '_')
		return false;
	for (const char *p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("/._-+*?~=@%", *p))
			return false;
	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		if (!strcasecmp(s, words[i]))
			return false;
	return true;
}

/* libyaml writes the text; every event it refuses is a bug here. */
static void y_emit(yaml_emitter_t *em, yaml_event_t *ev, int ok)
{
	if (!ok || !yaml_emitter_emit(em, ev)) {
		fprintf(stderr, "cgwardenctl: YAML emitter: %s\n",
			em->problem ? em->problem : "cannot emit");
		exit(1);
	}
}

static void y_scalar(yaml_emitter_t *em, const char *s, yaml_scalar_style_t style)
{
	yaml_event_t ev;

	y_emit(em, &ev, yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s,
						     (int)strlen(s), 1, 1, style));
}

static void y_map(yaml_emitter_t *em, bool begin, bool flow)
{
	yaml_event_t ev;

	y_emit(em, &ev, begin ? yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
			flow ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE) :
		yaml_mapping_end_event_initialize(&ev));
}

static void y_seq(yaml_emitter_t *em, bool begin, bool flow)
{
	yaml_event_t ev;

	y_emit(em, &ev, begin ? yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
			flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE) :
		yaml_sequence_end_event_initialize(&ev));
}

/*
 * A name: plain when safe, else double-quoted; bytes that are not UTF-8
 * as {hex: "..."} (docs/models.md), which get_str() reads back.
 */
static void y_str(yaml_emitter_t *em, const char *s)
{
	char *hex;

	if (utf8_valid(s)) {
		y_scalar(em, s, plain_ok(s) ? YAML_PLAIN_SCALAR_STYLE :
			 YAML_DOUBLE_QUOTED_SCALAR_STYLE);
		return;
	}
	hex = hex_encode(s);
	y_map(em, true, true);
	y_scalar(em, "hex", YAML_PLAIN_SCALAR_STYLE);
	y_scalar(em, hex, YAML_DOUBLE_QUOTED_SCALAR_STYLE);
	y_map(em, false, false);
	free(hex);
}

/* key: value, the value a name (y_str) or, when !name, as libyaml likes. */
static void y_kv(yaml_emitter_t *em, const char *key, const char *val, bool name)
{
	y_scalar(em, key, YAML_PLAIN_SCALAR_STYLE);
	if (name)
		y_str(em, val);
	else
		y_scalar(em, val, YAML_ANY_SCALAR_STYLE);
}

static bool has_pats(const struct cgw_rule *r, int action, int kind)
{
	for (size_t i = 0; i < r->npats; i++)
		if (r->pats[i].action == action && (kind < 0 || r->pats[i].kind == kind))
			return true;
	return false;
}

/* A mode by name ("off" quoted: YAML 1.1 reads a boolean), or its number. */
static void emit_mode(yaml_emitter_t *em, const char *key, uint8_t mode)
{
	const char *name = cgw_mode_name(mode);
	char buf[12];

	if (mode == CGW_MODE_NONE)
		return;
	snprintf(buf, sizeof(buf), "%u", mode);
	y_kv(em, key, name ? name : buf, name);
}

/* Model documents: right after the path or cidr it changes the meaning of. */
static void emit_wild(yaml_emitter_t *em, const struct cgw_pattern *pat)
{
	const char *name = cgw_wild_name(pat->wild);
	char buf[12];

	snprintf(buf, sizeof(buf), "%u", pat->wild);
	if (pat->wild)
		y_kv(em, "wild", name ? name : buf, false);
}

/* A socket entry's access and type, where they are not a connect's defaults. */
static void emit_net_extra(yaml_emitter_t *em, const struct cgw_pattern *pat)
{
	const char *type = cgw_sock_type_name(pat->type);
	char buf[64];

	if (pat->kind == CGW_KIND_NET && pat->family == AF_UNIX && !pat->prefix)
		y_kv(em, "family", "unix", false);
	if (pat->access && pat->access != CGW_NET_CONNECT) {
		cgw_net_access_fmt(pat->access, buf, sizeof(buf));
		y_kv(em, "access", buf, false);
	}
	if (pat->kind != CGW_KIND_NET || !pat->type ||
	    pat->type == cgw_net_default_type(pat->proto))
		return;
	snprintf(buf, sizeof(buf), "%u", pat->type);
	y_kv(em, "type", type ? type : buf, false);
}

static void emit_pattern(yaml_emitter_t *em, const struct cgw_pattern *pat)
{
	char buf[CGW_CIDR_LEN], acc[CGW_ACCESS_STR];
	const char *proto = cgw_proto_name(pat->proto);

	y_map(em, true, false);
	if (pat->kind == CGW_KIND_NET) {
		cgw_fmt_cidr(pat, buf);
		y_kv(em, "cidr", buf, false);
		emit_wild(em, pat);
		fmt_ports(pat, buf);
		if (!ports_any(pat))
			y_kv(em, "ports", buf, false);
		snprintf(buf, sizeof(buf), "%u", pat->proto);
		if (pat->proto)
			y_kv(em, "proto", proto ? proto : buf, false);
		emit_net_extra(em, pat);
	} else {
		y_kv(em, "path", pat->path ? pat->path : "", true);
		emit_wild(em, pat);
	}
	if (pat->kind == CGW_KIND_FILE && pat->access) {
		cgw_fmt_access(pat->access, acc);
		y_kv(em, "access", acc, false);
	}
	if (pat->kind == CGW_KIND_UNIX)
		emit_net_extra(em, pat);
	if (pat->kind == CGW_KIND_EXEC && pat->name)
		y_kv(em, "name", pat->name, true);
	if (pat->exe)
		y_kv(em, "exe", pat->exe, true);
	if (pat->startup)
		y_kv(em, "startup", "true", false);
	y_map(em, false, false);
}

static void emit_rule(yaml_emitter_t *em, const struct cgw_rule *r)
{
	static const uint8_t actions[] = { CGW_ACTION_DENY, CGW_ACTION_ALLOW };

	y_map(em, true, false);
	if (r->name)
		y_kv(em, "name", r->name, true);
	y_scalar(em, "cgroups", YAML_PLAIN_SCALAR_STYLE);
	y_seq(em, true, !r->ncgroups);
	for (size_t j = 0; j < r->ncgroups; j++)
		y_str(em, r->cgroups[j]);
	y_seq(em, false, false);
	emit_mode(em, "mode", r->mode);
	emit_mode(em, "new_mode", r->new_mode);
	for (size_t a = 0; a < ARRAY_SIZE(actions); a++) {
		if (!has_pats(r, actions[a], -1))
			continue;
		y_scalar(em, action_keys[actions[a]], YAML_PLAIN_SCALAR_STYLE);
		y_map(em, true, false);
		for (size_t k = 0; k < ARRAY_SIZE(kind_order); k++) {
			if (!has_pats(r, actions[a], kind_order[k]))
				continue;
			y_scalar(em, kind_keys[kind_order[k]], YAML_PLAIN_SCALAR_STYLE);
			y_seq(em, true, false);
			for (size_t j = 0; j < r->npats; j++)
				if (r->pats[j].action == actions[a] &&
				    r->pats[j].kind == kind_order[k])
					emit_pattern(em, &r->pats[j]);
			y_seq(em, false, false);
		}
		y_map(em, false, false);
	}
	y_map(em, false, false);
}

void cgw_policy_emit_yaml(FILE *f, const struct cgw_policy *p)
{
	yaml_emitter_t em;
	yaml_event_t ev;

	if (!yaml_emitter_initialize(&em)) {
		fputs("cgwardenctl: out of memory\n", stderr);
		exit(1);
	}
	yaml_emitter_set_output_file(&em, f);
	yaml_emitter_set_unicode(&em, 1);
	yaml_emitter_set_width(&em, -1);	/* one line per value */
	y_emit(&em, &ev, yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING));
	y_emit(&em, &ev, yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1));
	y_map(&em, true, false);
	y_scalar(&em, "rules", YAML_PLAIN_SCALAR_STYLE);
	y_seq(&em, true, !p->nrules);
	for (size_t i = 0; i < p->nrules; i++)
		emit_rule(&em, &p->rules[i]);
	y_seq(&em, false, false);
	y_map(&em, false, false);
	y_emit(&em, &ev, yaml_document_end_event_initialize(&ev, 1));
	y_emit(&em, &ev, yaml_stream_end_event_initialize(&ev));
	yaml_emitter_delete(&em);
}

/* A node of the emitted YAML as JSON: plain scalars of digits are numbers. */
static json_object *node_json(yaml_document_t *doc, yaml_node_t *n)
{
	const char *v = (const char *)n->data.scalar.value;
	size_t len = n->data.scalar.length;
	json_object *o;

	if (n->type == YAML_MAPPING_NODE) {
		o = json_object_new_object();
		for (yaml_node_pair_t *pr = n->data.mapping.pairs.start;
		     pr < n->data.mapping.pairs.top; pr++)
			json_object_object_add(o, (const char *)yaml_document_get_node(doc,
					       pr->key)->data.scalar.value,
					       node_json(doc, yaml_document_get_node(doc, pr->value)));
		return o;
	}
	if (n->type == YAML_SEQUENCE_NODE) {
		o = json_object_new_array();
		for (yaml_node_item_t *it = n->data.sequence.items.start;
		     it < n->data.sequence.items.top; it++)
			json_object_array_add(o, node_json(doc, yaml_document_get_node(doc, *it)));
		return o;
	}
	if (n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && len &&
	    strspn(v, "0123456789") == len)
		return json_object_new_uint64(strtoull(v, NULL, 10));
	return json_object_new_string_len(v, (int)len);
}

/*
 * JSON is the YAML document read back into json-c, so both always have
 * the same structure and order.
 */
void cgw_policy_emit_json(FILE *f, const struct cgw_policy *p, bool has_generation,
			  uint64_t generation)
{
	yaml_parser_t ps;
	yaml_document_t doc;
	json_object *all;
	struct json j;
	size_t len = 0;
	char *yaml = NULL;
	FILE *mem = open_memstream(&yaml, &len);

	if (!mem || !yaml_parser_initialize(&ps)) {
		fputs("cgwardenctl: out of memory\n", stderr);
		exit(1);
	}
	cgw_policy_emit_yaml(mem, p);
	fclose(mem);
	yaml_parser_set_input_string(&ps, (const unsigned char *)yaml, len);
	if (!yaml_parser_load(&ps, &doc)) {
		fputs("cgwardenctl: cannot read back the emitted YAML\n", stderr);
		exit(1);
	}
	json_init(&j, f);
	json_obj_begin(&j, NULL);
	if (has_generation)
		json_u64(&j, "generation", generation);
	all = node_json(&doc, yaml_document_get_root_node(&doc));
	json_object_object_add(j.root, "rules",
			       json_object_get(json_object_object_get(all, "rules")));
	json_object_put(all);
	json_obj_end(&j);
	json_finish(&j);
	yaml_document_delete(&doc);
	yaml_parser_delete(&ps);
	free(yaml);
}

/* --- models ------------------------------------------------------------- */

void cgw_model_rule_name(const char *cgroup_path, char out[CGW_RULE_NAME_MAX])
{
	const char *last = strrchr(cgroup_path, '/');
	size_t w;

	last = last ? last + 1 : cgroup_path;
	if (!*last)
		last = "root";
	w = (size_t)snprintf(out, CGW_RULE_NAME_MAX, "model-%s", last);
	if (w >= CGW_RULE_NAME_MAX)
		w = CGW_RULE_NAME_MAX - 1;
	for (size_t i = 0; i < w; i++)
		if (!name_char_ok(out[i]))
			out[i] = '_';
}

void cgw_policy_from_model(struct cgw_policy *p, const char *cgroup_path,
			   struct cgw_entry_rec *ents, size_t n, size_t *skipped)
{
	char name[CGW_RULE_NAME_MAX];
	struct cgw_rule *r;

	memset(p, 0, sizeof(*p));
	*skipped = 0;
	r = cgw_policy_add_rule(p);
	cgw_model_rule_name(cgroup_path, name);
	r->name = xstrdup(name);
	cgw_rule_add_cgroup(r, cgroup_path);
	if (n)
		qsort(ents, n, sizeof(*ents), cgw_entry_cmp);
	for (size_t i = 0; i < n; i++) {
		const struct cgw_entry_rec *e = &ents[i];
		bool net_ok = (e->family == AF_INET && e->addrlen == 4) ||
			      (e->family == AF_INET6 && e->addrlen == 16) ||
			      (e->family == AF_UNIX && e->access == CGW_NET_CREATE);
		struct cgw_pattern *pat;

		/* A generalisation this CLI does not know, or on the wrong kind. */
		bool wild_ok = e->wild == CGW_WILD_NONE ||
			       (cgw_wild_dir(e->wild) && e->kind == CGW_KIND_FILE) ||
			       (e->wild == CGW_WILD_ADDR && e->kind == CGW_KIND_NET);

		if (e->kind >= CGW_KIND_COUNT || (e->kind == CGW_KIND_NET ? !net_ok : !e->path) ||
		    !wild_ok) {
			(*skipped)++;
			continue;
		}
		pat = cgw_rule_add_pattern(r);
		pat->action = CGW_ACTION_ALLOW;
		pat->kind = e->kind;
		pat->wild = e->wild;
		pat->startup = e->startup;
		if (e->exe)
			pat->exe = xstrdup(e->exe);
		switch (e->kind) {
		case CGW_KIND_EXEC:
			if (e->name)
				pat->name = xstrdup(e->name);
			/* fallthrough */
		case CGW_KIND_UNIX:
			pat->path = xstrdup(e->path);
			if (e->kind == CGW_KIND_UNIX)
				pat->access = e->access;
			break;
		case CGW_KIND_FILE:
			/* DIR: the directory's every name, the glob a policy reads too */
			pat->path = cgw_wild_dir(e->wild) ? cgw_dir_glob(e->path) :
				    xstrdup(e->path);
			pat->access = e->access;
			break;
		case CGW_KIND_NET:
			pat->family = e->family;
			pat->port_lo = pat->port_hi = e->port;
			pat->proto = e->proto;
			pat->type = e->type;
			pat->access = e->access;
			/* a /0 (0.0.0.0/0, ::/0): any address, or a socket made */
			if (e->wild == CGW_WILD_ADDR || e->access == CGW_NET_CREATE ||
			    e->family == AF_UNIX)
				break;
			memcpy(pat->addr, e->addr, e->addrlen);
			pat->prefix = (uint8_t)(e->addrlen * 8);
			break;
		}
	}
}

/* The mark of a field if it was given, else of the pattern. */
static struct cgw_mark at_field(const struct cgw_pattern *pat, int f)
{
	return pat->at[f].line ? pat->at[f] : pat->at[CGW_PF_SELF];
}

/* Why pat is not one exact model entry, or NULL; *f the field to blame. */
static const char *not_exact(const struct cgw_pattern *pat, int *f)
{
	*f = CGW_PF_SELF;
	if (pat->action != CGW_ACTION_ALLOW)
		return "only allow patterns can be imported into a model";
	switch (pat->kind) {
	case CGW_KIND_FILE:
		*f = CGW_PF_ACCESS;
		return pat->access ? NULL :
			"a file pattern needs 'access' letters to be imported";
	case CGW_KIND_EXEC:
		return pat->name ? NULL :
			"an exec pattern needs the 'name' it ran as to be imported";
	case CGW_KIND_NET:
		*f = CGW_PF_CIDR;
		if (!pat->family)
			return "a model entry has one address: use an address, not any";
		if (pat->access == CGW_NET_CREATE) {
			*f = CGW_PF_PORTS;
			return pat->port_lo == pat->port_hi ? NULL :
			       "a model entry has one port, not a range";
		}
		if (pat->family == AF_UNIX)
			return "a unix socket's entry is a unix pattern (but for access: create)";
		if (pat->wild != CGW_WILD_ADDR &&
		    pat->prefix != (pat->family == AF_INET ? 32 : 128))
			return "a model entry has one address: use /32 or /128";
		*f = CGW_PF_PORTS;
		if (pat->port_lo != pat->port_hi)
			return "a model entry has one port, not a range";
		*f = CGW_PF_PROTO;
		return pat->proto ? NULL : "a model entry has one protocol, not any";
	}
	return NULL;
}

int cgw_policy_check_loadable(const struct cgw_policy *p, struct cgw_diag *d)
{
	for (size_t i = 0; i < p->nrules; i++) {
		const struct cgw_rule *r = &p->rules[i];

		for (size_t j = 0; j < r->npats; j++) {
			const struct cgw_pattern *pat = &r->pats[j];

			if (pat->wild)
				diag(d, at_field(pat, CGW_PF_WILD),
				     "'wild' marks a generalised model entry: in a policy the "
				     "glob or cidr says it, drop the 'wild'");
			if (pat->type)
				diag(d, at_field(pat, CGW_PF_TYPE),
				     "'type' is a model entry's socket type, which a policy "
				     "does not match: load this with 'model import', or drop it");
			if (pat->exe)
				diag(d, at_field(pat, CGW_PF_EXE),
				     "'exe' binds a model entry to one program, which a policy "
				     "cannot: load this with 'model import', or drop the 'exe'");
			if (pat->startup)
				diag(d, at_field(pat, CGW_PF_STARTUP),
				     "'startup' marks a model entry allowed only in a cgroup's "
				     "start-up: load this with 'model import', or drop it");
		}
	}
	diag_sort(d);
	return d->total ? -1 : 0;
}

void cgw_entries_free(struct cgw_entry_rec *ents, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(ents[i].path);
		free(ents[i].name);
		free(ents[i].exe);
	}
	free(ents);
}

int cgw_policy_to_entries(const struct cgw_policy *p, struct cgw_diag *d,
			  struct cgw_entry_rec **out, size_t *n)
{
	struct cgw_entry_rec *ents = NULL;
	size_t count = 0, total = 0;

	for (size_t i = 0; i < p->nrules; i++)
		total += p->rules[i].npats;
	ents = xcalloc(total, sizeof(*ents));
	for (size_t i = 0; i < p->nrules; i++) {
		const struct cgw_rule *r = &p->rules[i];

		for (size_t j = 0; j < r->npats; j++) {
			const struct cgw_pattern *pat = &r->pats[j];
			struct cgw_entry_rec *e = &ents[count];
			const char *why;
			int f;

			why = not_exact(pat, &f);
			if (why) {
				diag(d, at_field(pat, f), "%s", why);
				continue;
			}
			count++;
			e->kind = pat->kind;
			e->wild = pat->wild;
			e->path = pat->path ? xstrdup(pat->path) : NULL;
			e->name = pat->name ? xstrdup(pat->name) : NULL;
			e->exe = pat->exe ? xstrdup(pat->exe) : NULL;
			e->startup = pat->startup;
			/* DIR: the kernel holds the directory ("/" "*" is "/") */
			if (cgw_wild_dir(pat->wild) && e->path)
				e->path[strlen(e->path) - (strlen(e->path) > 2 ? 2 : 1)] = '\0';
			e->access = pat->access;
			if (pat->kind == CGW_KIND_NET) {
				e->family = pat->family;
				e->type = pat->type;
				e->addrlen = pat->family == AF_INET ? 4 :
					     pat->family == AF_INET6 ? 16 : 0;
				memcpy(e->addr, pat->addr, e->addrlen);
				e->port = pat->port_lo;
				e->proto = pat->proto;
			}
		}
	}
	diag_sort(d);
	if (d->total) {
		cgw_entries_free(ents, count);
		return -1;
	}
	*out = ents;
	*n = count;
	return 0;
}
