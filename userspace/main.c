// SPDX-License-Identifier: GPL-2.0
/*
 * cgwardenctl: configure and inspect the cgwarden kernel module.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "verbs.h"
#include "version.h"

static const char main_usage[] =
	"Usage: cgwardenctl <command> [<args>]\n"
	"       cgwardenctl --version | --help\n"
	"\n"
	"Commands:\n"
	"  status [--json]                 module version, hooks, limits, counters\n"
	"  list [--json]                   tracked cgroups\n"
	"  stats [--prometheus]            counters in brief, or as Prometheus metrics\n"
	"  mode CGROUP MODE [--breaker N]  set a cgroup's mode: off|learn|monitor|protect\n"
	"  model show CGROUP [--json]      what a cgroup was seen to do\n"
	"  model clear CGROUP              forget a cgroup's model\n"
	"  model export CGROUP [-o FILE]   a cgroup's model as a policy document\n"
	"  model import CGROUP FILE        add a document's allow patterns to a model\n"
	"  model candidates CGROUP         what monitor and protect saw outside the model\n"
	"  model accept CGROUP ID...|--all fold candidates into the model\n"
	"  model remove CGROUP ID...       take entries out of a model (see model show)\n"
	"  policy load|check FILE          replace (or only check) the explicit policy\n"
	"  policy show [--json]            the explicit policy, as YAML\n"
	"  policy clear                    remove the explicit policy\n"
	"  config [OPTIONS]                show or change defaults and limits\n"
	"  watch [--json|--falco]          stream alerts and denials as they happen\n"
	"  lock                            until reboot: no unload, nothing that weakens\n"
	"\n"
	"CGROUP is a cgroup id, a path below the cgroup2 mount (/system.slice/x.scope),\n"
	"or a path under /sys/fs/cgroup.  'cgwardenctl <command> --help' for details.\n";

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} verbs[] = {
	{ "status", cmd_status },
	{ "list", cmd_list },
	{ "stats", cmd_stats },
	{ "mode", cmd_mode },
	{ "model", cmd_model },
	{ "config", cmd_config },
	{ "watch", cmd_watch },
	{ "policy", cmd_policy },
	{ "lock", cmd_lock },
};

int help(const char *usage)
{
	fputs(usage, stdout);
	return EXIT_OK;
}

int usage_error(const char *usage, const char *fmt, ...)
{
	va_list ap;

	fputs("cgwardenctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fputs(usage, stderr);
	return EXIT_USAGE;
}

int bad_option(const char *usage, char **argv, int c)
{
	const char *opt = argv[optind - 1];

	if (c == ':')
		return usage_error(usage, "option needs a value: %s", opt);
	if (optopt && strncmp(opt, "--", 2))
		return usage_error(usage, "unknown option: -%c", optopt);
	return usage_error(usage, "unknown option: %s", opt);
}

int parse_json_opt(int argc, char **argv, const char *usage, bool *json,
		   int *first_arg)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	int c;

	*json = false;
	optind = 0;	/* GNU: start over, this is a new argv */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			*json = true;
			break;
		case 'h':
			return help(usage);
		default:
			return bad_option(usage, argv, c);
		}
	}
	*first_arg = optind;
	return GO_ON;
}

int main(int argc, char **argv)
{
	const char *verb = argc > 1 ? argv[1] : NULL;

	if (!verb)
		return usage_error(main_usage, "no command given");
	if (!strcmp(verb, "--help") || !strcmp(verb, "-h") || !strcmp(verb, "help"))
		return help(main_usage);
	if (!strcmp(verb, "--version")) {
		puts("cgwardenctl " CGW_VERSION);
		return EXIT_OK;
	}
	for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (!strcmp(verb, verbs[i].name))
			return verbs[i].fn(argc - 1, argv + 1);
	if (verb[0] == '-')
		return usage_error(main_usage, "unknown option: %s", verb);
	return usage_error(main_usage, "unknown command: %s", verb);
}
