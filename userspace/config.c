// SPDX-License-Identifier: GPL-2.0
/* config: defaults and limits, shown from STATUS or set with SET_CONFIG. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>

#include "names.h"
#include "nl.h"
#include "output.h"
#include "parse.h"
#include "verbs.h"

static const char usage[] =
	"Usage: cgwardenctl config [--json]\n"
	"       cgwardenctl config [--default-mode MODE] [--max-cgroups N]\n"
	"                          [--max-entries N] [--max-entries-total N]\n"
	"                          [--alert-window-ms N] [--until-quiet DURATION]\n"
	"                          [--then monitor|protect] [--min-learn DURATION]\n"
	"                          [--dir-names N] [--net-addrs N]\n"
	"                          [--exe-pairing on|off] [--collapse-names on|off]\n"
	"                          [--max-created N] [--quiet-ops N]\n"
	"Without options, show the configuration; with options, change only\n"
	"the values given.  MODE is off, learn, monitor or protect: the mode of\n"
	"cgroups cgwarden sees for the first time.  --max-entries is per cgroup.\n"
	"--until-quiet, --then and --min-learn are how cgroups that start\n"
	"learning stop by themselves (see 'cgwardenctl mode --help'); 0 never.\n"
	"While learning, after --dir-names names in one directory (for one\n"
	"access) the model takes any name there, and after --net-addrs addresses\n"
	"on one port any address; 0 never.  --exe-pairing binds file and network\n"
	"entries to the program that made them, and exec entries to the program\n"
	"that runs them; --collapse-names learns made-up name parts (mkstemp\n"
	"suffixes) as '*'.  --max-created bounds the files known as made by a\n"
	"cgroup (all cgroups; full: a new file is not the cgroup's own);\n"
	"--quiet-ops is how many of its own operations without a new entry a\n"
	"cgroup that starts learning needs to be quiet (0: wall time alone).\n";

/* --opt VALUE into c; GO_ON, or the usage error. */
static int set_value(struct cgw_config_rec *c, const struct cgw_config_field *f,
		     const char *arg)
{
	uint32_t v;
	bool on;
	int err;

	switch (f->type) {
	case CGW_CFG_MODE:
	case CGW_CFG_THEN:
		err = cgw_mode_parse(arg);
		if (f->type == CGW_CFG_THEN && err != CGW_MODE_MONITOR && err != CGW_MODE_PROTECT)
			return usage_error(usage, "--then takes monitor or protect: %s", arg);
		if (err < 0)
			return usage_error(usage, "unknown mode: %s", arg);
		v = (uint32_t)err;
		break;
	case CGW_CFG_SWITCH:
		if (parse_on_off(arg, &on))
			return usage_error(usage, "--%s takes on or off: %s", f->opt, arg);
		v = on;
		break;
	case CGW_CFG_MS:
		if (parse_duration_ms(arg, &v))
			return usage_error(usage, "bad --%s duration: %s", f->opt, arg);
		break;
	default:
		err = parse_u32(arg, &v);
		if (err == -ERANGE)
			return usage_error(usage, "--%s: out of range: %s", f->opt, arg);
		if (err)
			return usage_error(usage, "--%s: not a number: %s", f->opt, arg);
	}
	cgw_config_set(c, f, v);
	return GO_ON;
}

static int show(bool json)
{
	struct cgw_status_rec st;
	struct cgw_nl *nl = cgw_nl_open();
	int ret;

	if (!nl)
		return EXIT_ERR;
	ret = status_fetch(nl, &st) ? EXIT_ERR : EXIT_OK;
	cgw_nl_close(nl);
	if (ret == EXIT_OK)
		output_config(stdout, &st.config, json);
	return ret;
}

static int set(const struct cgw_config_rec *c)
{
	struct cgw_nl *nl = cgw_nl_open();
	struct nl_msg *msg;
	struct nlattr *nest;

	if (!nl)
		return EXIT_ERR;
	msg = cgw_nl_msg(nl, CGW_CMD_SET_CONFIG, 0);
	nest = nla_nest_start(msg, CGW_A_CONFIG);
	for (size_t i = 0; nest && i < cgw_config_nfields; i++) {
		const struct cgw_config_field *f = &cgw_config_fields[i];
		uint32_t v = cgw_config_get(c, f);

		if ((c->present & CGW_CONFIG_HAS(f->attr)) &&
		    (f->u8 ? nla_put_u8(msg, f->attr, (uint8_t)v) : nla_put_u32(msg, f->attr, v)))
			nest = NULL;
	}
	if (nest)
		nla_nest_end(msg, nest);
	return cgw_nl_finish(nl, msg, !nest, NULL, NULL, NULL, NULL);
}

int cmd_config(int argc, char **argv)
{
	/* one option per config field (each its own attribute), then a zero */
	struct option opts[CGW_CONFIG_A_MAX + 3] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
	};
	struct cgw_config_rec c = { 0 };
	bool json = false;
	int ch, ret = GO_ON;

	for (size_t i = 0; i < cgw_config_nfields; i++)
		opts[i + 2] = (struct option){ cgw_config_fields[i].opt, required_argument,
					       NULL, (int)i + 1 };
	optind = 0;
	opterr = 0;
	while (ret == GO_ON && (ch = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (ch >= 1 && (size_t)ch <= cgw_config_nfields)
			ret = set_value(&c, &cgw_config_fields[ch - 1], optarg);
		else if (ch == 'j')
			json = true;
		else if (ch == 'h')
			return help(usage);
		else
			return bad_option(usage, argv, ch);
	}
	if (ret != GO_ON)
		return ret;
	if (optind < argc)
		return usage_error(usage, "unexpected argument: %s", argv[optind]);
	if (!c.present)
		return show(json);
	if (json)
		return usage_error(usage, "--json only applies when showing the configuration");
	return set(&c);
}
