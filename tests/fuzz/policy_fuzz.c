// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer targets for the policy format (docs/policy.md), built by
 * tests/fuzz/Makefile with -fsanitize=fuzzer,address,undefined.
 *
 * policy_fuzz (this file as is): the bytes are a policy document, given
 * to cgw_policy_parse() exactly as `cgwardenctl policy load|check` does.
 * A document that is refused must say why and leave nothing behind; one
 * that is accepted must
 *   - emit (the canonical YAML of `policy show`) to a document that parses
 *     back to the same policy and emits byte-identically,
 *   - encode to the contract's attributes (cgw_policy_put(), POLICY_SET)
 *     and decode back (cgw_rule_decode(), POLICY_GET) to the same policy,
 *   - emit as JSON without trouble.
 *
 * model_fuzz (-DCGW_FUZZ_MODEL): the same document through `model
 * import` (cgw_policy_to_entries()): the entries encode and decode as
 * MODEL_IMPORT attributes within the size cgw_entry_put_size() promised,
 * and export (cgw_policy_from_model(), `model export`) to a document that
 * imports back to the same entries.  The bytes are also read as a list of
 * model entries, one a line, the way `model export` meets them from the
 * kernel (any bytes in a path), which must export and import back.
 *
 * Any broken promise is abort(): a real bug, not a fuzzer artefact.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netlink/attr.h>
#include <netlink/errno.h>
#include <netlink/msg.h>

#include "decode.h"
#include "output.h"
#include "policy.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define check(cond, ...)                                                        \
	do {                                                                    \
		if (!(cond)) {                                                  \
			fprintf(stderr, "policy_fuzz: %s:%d: %s: ", __FILE__,   \
				__LINE__, #cond);                               \
			fprintf(stderr, __VA_ARGS__);                           \
			fputc('\n', stderr);                                    \
			abort();                                                \
		}                                                               \
	} while (0)

static FILE *devnull(void)
{
	static FILE *f;

	if (!f)
		f = fopen("/dev/null", "w");
	check(f, "cannot open /dev/null");
	return f;
}

/* --- helpers ---------------------------------------------------------- */

static char *emit_yaml(const struct cgw_policy *p)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	check(f, "open_memstream");
	cgw_policy_emit_yaml(f, p);
	check(!fclose(f), "fclose");
	return buf;
}

/* Parse a document that must parse; its problems on stderr if not. */
static void parse_must(const char *what, const char *doc, struct cgw_policy *p)
{
	struct cgw_diag d;

	cgw_diag_init(&d, what);
	if (cgw_policy_parse(doc, strlen(doc), p, &d)) {
		fprintf(stderr, "---- %s does not parse:\n%s----\n", what, doc);
		cgw_diag_print(&d, stderr);
		abort();
	}
	check(d.total == 0 && d.n == 0, "%s parsed with %zu problems", what, d.total);
	cgw_diag_free(&d);
}

static bool str_eq(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static bool pat_eq(const struct cgw_pattern *a, const struct cgw_pattern *b)
{
	return a->action == b->action && a->kind == b->kind && str_eq(a->path, b->path) &&
	       str_eq(a->name, b->name) && a->access == b->access && a->family == b->family &&
	       !memcmp(a->addr, b->addr, sizeof(a->addr)) && a->prefix == b->prefix &&
	       a->port_lo == b->port_lo && a->port_hi == b->port_hi && a->proto == b->proto &&
	       a->wild == b->wild && str_eq(a->exe, b->exe);
}

/*
 * Is b the same policy as a, as the canonical form orders it: within a
 * rule, deny before allow, then files, exec, net, unix, each in a's order.
 */
static void policy_same(const char *what, const struct cgw_policy *a,
			const struct cgw_policy *b)
{
	static const uint8_t actions[] = { CGW_ACTION_DENY, CGW_ACTION_ALLOW };
	static const uint8_t kinds[] = {
		CGW_KIND_FILE, CGW_KIND_EXEC, CGW_KIND_NET, CGW_KIND_UNIX,
	};

	check(a->nrules == b->nrules, "%s: %zu rules, not %zu", what, b->nrules, a->nrules);
	for (size_t i = 0; i < a->nrules; i++) {
		const struct cgw_rule *ra = &a->rules[i], *rb = &b->rules[i];
		size_t k = 0;

		check(str_eq(ra->name, rb->name), "%s: rule %zu: name", what, i);
		check(ra->ncgroups == rb->ncgroups, "%s: rule %zu: cgroups", what, i);
		for (size_t j = 0; j < ra->ncgroups; j++)
			check(!strcmp(ra->cgroups[j], rb->cgroups[j]),
			      "%s: rule %zu: cgroup \"%s\", not \"%s\"", what, i,
			      human_escape(rb->cgroups[j]), human_escape(ra->cgroups[j]));
		check(ra->mode == rb->mode && ra->new_mode == rb->new_mode,
		      "%s: rule %zu: modes %u/%u, not %u/%u", what, i, rb->mode, rb->new_mode,
		      ra->mode, ra->new_mode);
		check(ra->npats == rb->npats, "%s: rule %zu: %zu patterns, not %zu", what, i,
		      rb->npats, ra->npats);
		for (size_t x = 0; x < ARRAY_SIZE(actions); x++)
			for (size_t y = 0; y < ARRAY_SIZE(kinds); y++)
				for (size_t j = 0; j < ra->npats; j++) {
					const struct cgw_pattern *pa = &ra->pats[j];

					if (pa->action != actions[x] || pa->kind != kinds[y])
						continue;
					check(k < rb->npats && pat_eq(pa, &rb->pats[k]),
					      "%s: rule %zu: pattern %zu differs: path \"%s\" "
					      "name \"%s\", then path \"%s\" name \"%s\"",
					      what, i, j, human_escape(pa->path ? pa->path : ""),
					      human_escape(pa->name ? pa->name : "(null)"),
					      k < rb->npats && rb->pats[k].path ?
					      human_escape(rb->pats[k].path) : "",
					      k < rb->npats && rb->pats[k].name ?
					      human_escape(rb->pats[k].name) : "(null)");
					k++;
				}
		check(k == ra->npats, "%s: rule %zu: a pattern of no known action/kind", what, i);
	}
}

/* --- policy_fuzz -------------------------------------------------------- */

#ifndef CGW_FUZZ_MODEL

/* POLICY_SET attributes, in a message grown as policy_msg() does. */
static struct nl_msg *policy_msg(const struct cgw_policy *p)
{
	for (size_t size = 65536; size <= (1u << 28); size *= 2) {
		struct nl_msg *msg = nlmsg_alloc_size(size);
		int err;

		check(msg, "nlmsg_alloc_size(%zu)", size);
		err = cgw_policy_put(msg, p);
		if (!err)
			return msg;
		nlmsg_free(msg);
		/* A rule over one attribute's 64 KiB: refused, nothing sent. */
		check(err == -NLE_NOMEM || err == -NLE_ATTRSIZE, "cgw_policy_put(): %d", err);
		if (err == -NLE_ATTRSIZE)
			return NULL;
	}
	return NULL;
}

static void nl_round_trip(const struct cgw_policy *p, const char *yaml)
{
	struct nl_msg *msg = policy_msg(p);
	struct cgw_policy back = { 0 };
	struct nlattr *a;
	char *again;
	int rem;

	if (!msg)
		return;
	nlmsg_for_each_attr(a, nlmsg_hdr(msg), 0, rem) {
		check(nla_type(a) == CGW_A_RULE, "attribute %d at the top", nla_type(a));
		check(!cgw_rule_decode(a, &back), "a rule cgw_policy_put() made does not decode");
	}
	check(rem == 0, "%d bytes left over", rem);
	policy_same("netlink round trip", p, &back);
	again = emit_yaml(&back);
	check(!strcmp(again, yaml), "netlink round trip emits\n%s\nnot\n%s", again, yaml);
	free(again);
	cgw_policy_free(&back);
	nlmsg_free(msg);
}

static void fuzz_policy(const uint8_t *data, size_t size)
{
	struct cgw_policy p, back;
	struct cgw_diag d;
	char *yaml, *again;

	cgw_diag_init(&d, "fuzz.yaml");
	if (cgw_policy_parse((const char *)data, size, &p, &d)) {
		check(p.nrules == 0 && !p.rules, "a refused document left rules");
		check(d.total > 0 && d.n > 0, "refused without a message");
		cgw_diag_print(&d, devnull());
		cgw_diag_free(&d);
		return;
	}
	check(d.total == 0, "accepted with %zu problems", d.total);
	cgw_diag_free(&d);

	/* YAML: parse(emit(p)) == p, and emit is a fixed point. */
	yaml = emit_yaml(&p);
	parse_must("emitted.yaml", yaml, &back);
	policy_same("YAML round trip", &p, &back);
	again = emit_yaml(&back);
	check(!strcmp(again, yaml), "emit is not stable:\n%s\nthen\n%s", yaml, again);
	free(again);
	cgw_policy_free(&back);

	cgw_policy_emit_json(devnull(), &p, true, 1);
	/* What only a model document holds (wild, exe) is not sent as policy. */
	cgw_diag_init(&d, "fuzz.yaml");
	if (!cgw_policy_check_loadable(&p, &d))
		nl_round_trip(&p, yaml);
	cgw_diag_free(&d);
	free(yaml);
	cgw_policy_free(&p);
}

#else	/* CGW_FUZZ_MODEL */

/* --- model_fuzz --------------------------------------------------------- */

static void entries_copy(struct cgw_entry_rec *dst, const struct cgw_entry_rec *src, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		dst[i] = src[i];
		dst[i].path = src[i].path ? xstrdup(src[i].path) : NULL;
		dst[i].name = src[i].name ? xstrdup(src[i].name) : NULL;
		dst[i].exe = src[i].exe ? xstrdup(src[i].exe) : NULL;
	}
}

static void entries_same(const char *what, struct cgw_entry_rec *a, size_t na,
			 struct cgw_entry_rec *b, size_t nb)
{
	check(na == nb, "%s: %zu entries, not %zu", what, nb, na);
	qsort(a, na, sizeof(*a), cgw_entry_cmp);
	qsort(b, nb, sizeof(*b), cgw_entry_cmp);
	for (size_t i = 0; i < na; i++)
		check(!cgw_entry_cmp(&a[i], &b[i]) && a[i].addrlen == b[i].addrlen,
		      "%s: entry %zu differs", what, i);
}

/* MODEL_IMPORT attributes: within the promised size, and decode back. */
static void entry_nl_round_trip(const struct cgw_entry_rec *e)
{
	struct nl_msg *msg = nlmsg_alloc_size(65536);
	struct cgw_entry_rec back;
	struct nlattr *nest;
	size_t before, used;

	check(msg, "nlmsg_alloc_size");
	before = nlmsg_hdr(msg)->nlmsg_len;
	check(!cgw_entry_put(msg, CGW_A_ENTRY, e), "cgw_entry_put() of an imported entry");
	used = nlmsg_hdr(msg)->nlmsg_len - before;
	check(used <= cgw_entry_put_size(e), "entry took %zu bytes, %zu promised", used,
	      cgw_entry_put_size(e));
	nest = nlmsg_find_attr(nlmsg_hdr(msg), 0, CGW_A_ENTRY);
	check(nest, "no entry nest");
	check(!cgw_decode_entry(nest, &back), "an entry cgw_entry_put() made does not decode");
	check(!cgw_entry_cmp(e, &back), "entry changed through netlink");
	cgw_entry_rec_free(&back);
	nlmsg_free(msg);
}

/*
 * Export ents (they are sorted) as `model export` does, then import the
 * document: the same entries come back.
 */
static void export_import(const char *cgroup, struct cgw_entry_rec *ents, size_t n)
{
	struct cgw_entry_rec *orig = xcalloc(n + 1, sizeof(*orig)), *back;
	struct cgw_policy p, parsed;
	struct cgw_diag d;
	size_t skipped, nback;
	char *yaml, *again;

	entries_copy(orig, ents, n);
	cgw_policy_from_model(&p, cgroup, ents, n, &skipped);
	check(skipped == 0, "%zu entries skipped", skipped);
	yaml = emit_yaml(&p);
	parse_must("exported.yaml", yaml, &parsed);
	policy_same("export round trip", &p, &parsed);
	again = emit_yaml(&parsed);
	check(!strcmp(again, yaml), "export is not stable:\n%s\nthen\n%s", yaml, again);
	free(again);

	cgw_diag_init(&d, "exported.yaml");
	if (cgw_policy_to_entries(&parsed, &d, &back, &nback)) {
		fprintf(stderr, "---- exported model does not import:\n%s----\n", yaml);
		cgw_diag_print(&d, stderr);
		abort();
	}
	cgw_diag_free(&d);
	entries_same("export/import", orig, n, back, nback);
	cgw_entries_free(back, nback);
	cgw_entries_free(orig, n);
	cgw_policy_free(&parsed);
	cgw_policy_free(&p);
	free(yaml);
}

/* The document through `model import`. */
static void fuzz_import(const uint8_t *data, size_t size)
{
	struct cgw_entry_rec *ents, *copy;
	struct cgw_policy p;
	struct cgw_diag d;
	size_t n, allow = 0;

	cgw_diag_init(&d, "fuzz.yaml");
	if (cgw_policy_parse((const char *)data, size, &p, &d)) {
		cgw_diag_free(&d);
		return;
	}
	for (size_t i = 0; i < p.nrules; i++)
		for (size_t j = 0; j < p.rules[i].npats; j++)
			allow += p.rules[i].pats[j].action == CGW_ACTION_ALLOW;
	if (cgw_policy_to_entries(&p, &d, &ents, &n)) {
		check(d.total > 0 && d.n > 0, "import refused without a message");
		cgw_diag_print(&d, devnull());
		cgw_diag_free(&d);
		cgw_policy_free(&p);
		return;
	}
	check(d.total == 0, "imported with %zu problems", d.total);
	check(n == allow, "%zu entries from %zu allow patterns", n, allow);
	cgw_policy_free(&p);
	for (size_t i = 0; i < n; i++)
		entry_nl_round_trip(&ents[i]);
	/* One rule takes CGW_RULE_MAX_PATTERNS; a bigger model does not load back. */
	if (n <= CGW_RULE_MAX_PATTERNS) {
		copy = xcalloc(n + 1, sizeof(*copy));
		entries_copy(copy, ents, n);
		export_import("/fuzz.slice/x.scope", copy, n);
		cgw_entries_free(copy, n);
	}
	cgw_entries_free(ents, n);
}

static bool path_exportable(const char *s, size_t max)
{
	return strlen(s) <= max && cgw_glob_valid(s);
}

/*
 * The bytes as model entries, one a line, as the kernel could report
 * them (paths are any bytes but NUL):
 *   f<access><path>   file; access the low 4 bits of a byte, 0 taken as r
 *   e<path>\t<name>   exec
 *   u<path>           unix
 *   n<19 bytes>       net: 4/6, proto, port (2), address (16 bytes)
 *   c<path>           the cgroup (else /fuzz)
 * Paths are ones the format can name: a file, exec or cgroup path starts
 * with '/', a unix one with '/' or '@', none with a misplaced '**'.
 */
static void fuzz_export(const uint8_t *data, size_t size)
{
	struct cgw_entry_rec ents[64];
	char *text = xmalloc(size + 1), *line, *next, *cgroup = NULL;
	size_t n = 0;

	memcpy(text, data, size);
	text[size] = '\0';
	for (line = text; line && n < ARRAY_SIZE(ents); line = next) {
		struct cgw_entry_rec *e = &ents[n];
		size_t len;
		char *tab;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		len = strlen(line);
		memset(e, 0, sizeof(*e));
		switch (line[0]) {
		case 'f':
			if (len < 3 || line[2] != '/' || !path_exportable(line + 2, CGW_GLOB_LEN))
				continue;
			e->kind = CGW_KIND_FILE;
			e->access = (uint32_t)line[1] & CGW_ACC_ALL;
			if (!e->access)
				e->access = CGW_ACC_READ;
			e->path = xstrdup(line + 2);
			break;
		case 'e':
			tab = strchr(line, '\t');
			if (!tab)
				continue;
			*tab = '\0';
			if (line[1] != '/' || !path_exportable(line + 1, CGW_GLOB_LEN) ||
			    strchr(tab + 1, '/') || !path_exportable(tab + 1, CGW_EXEC_NAME_LEN))
				continue;
			e->kind = CGW_KIND_EXEC;
			e->path = xstrdup(line + 1);
			e->name = xstrdup(tab + 1);
			break;
		case 'u':
			if ((line[1] != '/' && line[1] != '@') ||
			    !path_exportable(line + 1, CGW_GLOB_LEN))
				continue;
			e->kind = CGW_KIND_UNIX;
			e->path = xstrdup(line + 1);
			break;
		case 'n': {
			const uint8_t *b = (const uint8_t *)line + 1;

			/* NUL and '\n' cut a line: the address has what remains */
			if (len < 5)
				continue;
			e->kind = CGW_KIND_NET;
			e->family = b[0] & 1 ? AF_INET6 : AF_INET;
			e->addrlen = e->family == AF_INET ? 4 : 16;
			e->proto = b[1] ? b[1] : 6;
			e->port = (uint16_t)(b[2] << 8 | b[3]);
			memcpy(e->addr, b + 4, len - 5 < e->addrlen ? len - 5 : e->addrlen);
			break;
		}
		case 'c':
			/* as a cgroup is: no trailing '/', no '//' */
			if (line[1] == '/' && path_exportable(line + 1, CGW_GLOB_LEN) &&
			    (len == 2 || line[len - 1] != '/') && !strstr(line, "//"))
				cgroup = line + 1;
			continue;
		default:
			continue;
		}
		n++;
	}
	export_import(cgroup ? cgroup : "/fuzz", ents, n);
	for (size_t i = 0; i < n; i++)
		cgw_entry_rec_free(&ents[i]);
	free(text);
}

#endif	/* CGW_FUZZ_MODEL */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
#ifdef CGW_FUZZ_MODEL
	fuzz_import(data, size);
	fuzz_export(data, size);
#else
	fuzz_policy(data, size);
#endif
	return 0;
}
