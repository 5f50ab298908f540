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
	"Without options, show the configuration; with options, change only\n"
	"the values given.  MODE is off, learn, monitor or protect: the mode of\n"
	"cgroups cgwarden sees for the first time.  --max-entries is per cgroup.\n"
	"--until-quiet, --then and --min-learn are how cgroups that start\n"
	"learning stop by themselves (see 'cgwardenctl mode --help'); 0 never.\n"
	"While learning, after --dir-names names in one directory (for one\n"
	"access) the model takes any name there, and after --net-addrs addresses\n"
	"on one port any address; 0 never.  --exe-pairing binds file and network\n"
	"entries to the program that made them; --collapse-names learns made-up\n"
	"name parts (mkstemp suffixes) as '*'.\n";

static const struct option opts[] = {
	{ "default-mode", required_argument, NULL, CGW_CONFIG_A_DEFAULT_MODE },
	{ "max-cgroups", required_argument, NULL, CGW_CONFIG_A_MAX_CGROUPS },
	{ "max-entries", required_argument, NULL, CGW_CONFIG_A_MAX_ENTRIES },
	{ "max-entries-total", required_argument, NULL, CGW_CONFIG_A_MAX_ENTRIES_TOTAL },
	{ "alert-window-ms", required_argument, NULL, CGW_CONFIG_A_ALERT_WINDOW_MS },
	{ "until-quiet", required_argument, NULL, CGW_CONFIG_A_QUIET_MS },
	{ "then", required_argument, NULL, CGW_CONFIG_A_THEN_MODE },
	{ "min-learn", required_argument, NULL, CGW_CONFIG_A_MIN_LEARN_MS },
	{ "dir-names", required_argument, NULL, CGW_CONFIG_A_DIR_NAMES },
	{ "net-addrs", required_argument, NULL, CGW_CONFIG_A_NET_ADDRS },
	{ "exe-pairing", required_argument, NULL, CGW_CONFIG_A_EXE_PAIRING },
	{ "collapse-names", required_argument, NULL, CGW_CONFIG_A_COLLAPSE_NAMES },
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{ 0 }
};

static int set_number(struct cgw_config_rec *c, int attr, const char *opt,
		      const char *arg, uint32_t *field)
{
	int err = parse_u32(arg, field);

	if (err == -ERANGE)
		return usage_error(usage, "--%s: out of range: %s", opt, arg);
	if (err)
		return usage_error(usage, "--%s: not a number: %s", opt, arg);
	c->present |= CGW_CONFIG_HAS(attr);
	return GO_ON;
}

static int set_switch(struct cgw_config_rec *c, int attr, const char *opt,
		      const char *arg, uint8_t *field)
{
	bool on;

	if (parse_on_off(arg, &on))
		return usage_error(usage, "--%s takes on or off: %s", opt, arg);
	*field = on;
	c->present |= CGW_CONFIG_HAS(attr);
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
	int ret;

	if (!nl)
		return EXIT_ERR;
	msg = cgw_nl_msg(nl, CGW_CMD_SET_CONFIG, 0);
	nest = nla_nest_start(msg, CGW_A_CONFIG);
	if (!nest ||
	    (c->present & CGW_CONFIG_HAS(CGW_CONFIG_A_DEFAULT_MODE) &&
	     nla_put_u8(msg, CGW_CONFIG_A_DEFAULT_MODE, c->default_mode)) ||
	    (c->present & CGW_CONFIG_HAS(CGW_CONFIG_A_MAX_CGROUPS) &&
	     nla_put_u32(msg, CGW_CONFIG_A_MAX_CGROUPS, c->max_cgroups)) ||
	    (c->present & CGW_CONFIG_HAS(CGW_CONFIG_A_MAX_ENTRIES) &&
	     nla_put_u32(msg, CGW_CONFIG_A_MAX_ENTRIES, c->max_entries)) ||
	    (c->present & CGW_CONFIG_HAS(CGW_CONFIG_A_MAX_ENTRIES_TOTAL) &&
	     nla_put_u32(msg, CGW_CONFIG_A_MAX_ENTRIES_TOTAL, c->max_entries_total)) ||
	    (c->present & CGW_CONFIG_HAS(CGW_CONFIG_A_ALERT_WINDOW_MS) &&
	     nla_put_u32(msg, CGW_CONFIG_A_ALERT_WINDOW_MS, c->alert_window_ms)) ||
	    (c->present & CGW_CONFIG_HAS(CGW_CONFIG_A_QUIET_MS) &&
	     nla_put_u32(msg, CGW_CONFIG_A_QUIET_MS, c->quiet_ms)) ||
	    (c->present & CGW_CONFIG_HAS(CGW_CONFIG_A_THEN_MODE) &&
	     nla_put_u8(msg, CGW_CONFIG_A_THEN_MODE, c->then_mode)) ||
	    (c->present & CGW_CONFIG_HAS(CGW_CONFIG_A_MIN_LEARN_MS) &&
	     nla_put_u32(msg, CGW_CONFIG_A_MIN_LEARN_MS, c->min_learn_ms)) ||
	    (c->present & CGW_CONFIG_HAS(CGW_CONFIG_A_DIR_NAMES) &&
	     nla_put_u32(msg, CGW_CONFIG_A_DIR_NAMES, c->dir_names)) ||
	    (c->present & CGW_CONFIG_HAS(CGW_CONFIG_A_NET_ADDRS) &&
	     nla_put_u32(msg, CGW_CONFIG_A_NET_ADDRS, c->net_addrs)) ||
	    (c->present & CGW_CONFIG_HAS(CGW_CONFIG_A_EXE_PAIRING) &&
	     nla_put_u8(msg, CGW_CONFIG_A_EXE_PAIRING, c->exe_pairing)) ||
	    (c->present & CGW_CONFIG_HAS(CGW_CONFIG_A_COLLAPSE_NAMES) &&
	     nla_put_u8(msg, CGW_CONFIG_A_COLLAPSE_NAMES, c->collapse_names))) {
		fputs("cgwardenctl: netlink message too large\n", stderr);
		nlmsg_free(msg);
		cgw_nl_close(nl);
		return EXIT_ERR;
	}
	nla_nest_end(msg, nest);
	ret = cgw_nl_exchange(nl, msg, NULL, NULL, NULL) ? EXIT_ERR : EXIT_OK;
	cgw_nl_close(nl);
	return ret;
}

int cmd_config(int argc, char **argv)
{
	struct cgw_config_rec c = { 0 };
	bool json = false;
	int ch, mode, ret = GO_ON, idx;

	optind = 0;
	opterr = 0;
	while (ret == GO_ON && (ch = getopt_long(argc, argv, ":h", opts, &idx)) != -1) {
		switch (ch) {
		case CGW_CONFIG_A_DEFAULT_MODE:
			mode = cgw_mode_parse(optarg);
			if (mode < 0)
				return usage_error(usage, "unknown mode: %s", optarg);
			c.default_mode = (uint8_t)mode;
			c.present |= CGW_CONFIG_HAS(ch);
			break;
		case CGW_CONFIG_A_MAX_CGROUPS:
			ret = set_number(&c, ch, opts[idx].name, optarg, &c.max_cgroups);
			break;
		case CGW_CONFIG_A_MAX_ENTRIES:
			ret = set_number(&c, ch, opts[idx].name, optarg, &c.max_entries);
			break;
		case CGW_CONFIG_A_MAX_ENTRIES_TOTAL:
			ret = set_number(&c, ch, opts[idx].name, optarg, &c.max_entries_total);
			break;
		case CGW_CONFIG_A_ALERT_WINDOW_MS:
			ret = set_number(&c, ch, opts[idx].name, optarg, &c.alert_window_ms);
			break;
		case CGW_CONFIG_A_DIR_NAMES:
			ret = set_number(&c, ch, opts[idx].name, optarg, &c.dir_names);
			break;
		case CGW_CONFIG_A_NET_ADDRS:
			ret = set_number(&c, ch, opts[idx].name, optarg, &c.net_addrs);
			break;
		case CGW_CONFIG_A_EXE_PAIRING:
			ret = set_switch(&c, ch, opts[idx].name, optarg, &c.exe_pairing);
			break;
		case CGW_CONFIG_A_COLLAPSE_NAMES:
			ret = set_switch(&c, ch, opts[idx].name, optarg, &c.collapse_names);
			break;
		case CGW_CONFIG_A_QUIET_MS:
		case CGW_CONFIG_A_MIN_LEARN_MS:
			if (parse_duration_ms(optarg, ch == CGW_CONFIG_A_QUIET_MS ?
					      &c.quiet_ms : &c.min_learn_ms))
				return usage_error(usage, "bad --%s duration: %s",
						   opts[idx].name, optarg);
			c.present |= CGW_CONFIG_HAS(ch);
			break;
		case CGW_CONFIG_A_THEN_MODE:
			mode = cgw_mode_parse(optarg);
			if (mode != CGW_MODE_MONITOR && mode != CGW_MODE_PROTECT)
				return usage_error(usage, "--then takes monitor or protect: %s", optarg);
			c.then_mode = (uint8_t)mode;
			c.present |= CGW_CONFIG_HAS(ch);
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			return help(usage);
		default:
			return bad_option(usage, argv, ch);
		}
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
