/*
 * cronctl.c: cronctl(1), the control and inspection tool.  main() picks the
 * command and each command parses its own options.  Today there is one,
 * "next", which needs no daemon: it parses a schedule and prints when it
 * runs.  The clock is read once, in next_from(); all the time arithmetic
 * is lib/'s.
 */
#include "config.h"

#include <err.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "next.h"
#include "spec.h"
#include "timefmt.h"
#include "tz.h"

#define EXIT_USAGE	2
#define COUNT_MAX	100000

/* What "cronctl next" was asked. */
struct next_req {
	long long	 count;
	const char	*from;		/* NULL: now */
	const char	*zone;		/* NULL: $TZ, else the system zone */
	bool		 json;
	const char	*expr;
};

/* The answer: times[0..n-1], and whether the schedule ran out before. */
struct next_ans {
	int64_t		 from;
	int64_t		*times;
	long long	 n;
	bool		 never;
};

static int	cmd_next(int, char *[]);

static const struct command {
	const char	*name;
	int		(*fn)(int, char *[]);
} commands[] = {
	{ "next", cmd_next },
};

/* Commands of DESIGN.md that need crond's control socket: not yet here. */
static const char *const daemon_commands[] = {
	"list", "status", "history", "logs", "stats", "run", "pause",
	"resume", "reload",
};

static void __attribute__((noreturn))
usage(FILE *fp, int status)
{
	fputs("usage: cronctl next [-n COUNT] [--from TIME] [--tz ZONE] "
	    "[--json] EXPR\n"
	    "       cronctl -h\n", fp);
	exit(status);
}

/*
 * Names getopt's messages after the program ("cronctl: invalid option")
 * or the command ("cronctl next: ..."), not after the path it was run by.
 */
static void
set_argv0(char *argv[], const char *command)
{
	static char name[64];	/* a longer name is cut, which is harmless */

	if (command == NULL)
		strlcpy(name, getprogname(), sizeof name);
	else
		snprintf(name, sizeof name, "%s %s", getprogname(), command);
	argv[0] = name;
}

/* Lets the next getopt_long() call start over on a new argv. */
static void
getopt_reset(void)
{
#ifdef __GLIBC__
	optind = 0;
#else
	optreset = 1;
	optind = 1;
#endif
}

/* Writes s as a JSON string. */
static void
json_string(const char *s)
{
	unsigned char c;

	putchar('"');
	for (; (c = (unsigned char)*s) != '\0'; s++) {
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

/* Instant t as RFC 3339 with z's offset at that instant. */
static const char *
fmt_instant(char *buf, size_t len, const struct tz *z, int64_t t)
{
	if (timefmt_rfc3339(buf, len, t, tz_offset_at(z, t)) == -1)
		errx(1, "cannot format instant %" PRId64, t);
	return buf;
}

static void
next_args(int argc, char *argv[], struct next_req *req)
{
	static const struct option longopts[] = {
		{ "count",	required_argument,	NULL, 'n' },
		{ "from",	required_argument,	NULL, 'f' },
		{ "tz",		required_argument,	NULL, 'z' },
		{ "json",	no_argument,		NULL, 'j' },
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL,		0,			NULL, 0 }
	};
	const char *errstr;
	int ch;

	memset(req, 0, sizeof *req);
	req->count = 1;
	while ((ch = getopt_long(argc, argv, "hn:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'n':
			req->count = strtonum(optarg, 1, COUNT_MAX, &errstr);
			if (errstr != NULL)
				errx(EXIT_USAGE, "bad count '%s': %s "
				    "(1-%d)", optarg, errstr, COUNT_MAX);
			break;
		case 'f':
			req->from = optarg;
			break;
		case 'z':
			if (*optarg == '\0')
				errx(EXIT_USAGE, "unknown time zone ''");
			req->zone = optarg;
			break;
		case 'j':
			req->json = true;
			break;
		case 'h':
			usage(stdout, 0);
		default:
			usage(stderr, EXIT_USAGE);
		}
	}
	if (argc - optind == 0) {
		warnx("next: missing schedule");
		usage(stderr, EXIT_USAGE);
	}
	if (argc - optind > 1)
		errx(EXIT_USAGE, "next: expected one schedule, got %d "
		    "arguments (quote the schedule)", argc - optind);
	req->expr = argv[optind];
}

static uint32_t
rand_uniform(void *ctx, uint32_t bound)
{
	return arc4random_uniform(bound);
}

static void
next_spec(const char *expr, struct spec *sp)
{
	const struct spec_rand rnd = { rand_uniform, NULL };
	char err[SPEC_ERR_MAX];

	if (spec_parse(sp, expr, SPEC_EXTENDED, &rnd, NULL, err,
	    sizeof err) == -1)
		errx(EXIT_USAGE, "bad schedule '%s': %s", expr, err);
}

/*
 * --tz, else $TZ, else the system zone.  As in the C library, TZ set but
 * empty means UTC and a leading ':' is dropped.  Fills in req->zone with
 * the name shown by --json.
 */
static struct tz *
next_zone(struct next_req *req)
{
	char err[TZ_NAME_MAX + 64];
	const char *env;
	struct tz *z;

	if (req->zone == NULL && (env = getenv("TZ")) != NULL) {
		if (*env == '\0') {
			req->zone = "UTC";
			return tz_utc();
		}
		if (*env == ':')
			env++;
		if (*env != '\0')
			req->zone = env;
	}
	/* tz_load's message names the zone ("unknown time zone 'X'"). */
	if ((z = tz_load(req->zone, err, sizeof err)) == NULL) {
		if (req->zone == NULL)
			errx(1, "cannot load the system time zone: %s", err);
		errx(EXIT_USAGE, "%s", err);
	}
	if (req->zone == NULL)
		req->zone = tz_name(z);
	return z;
}

/* The starting instant into *t; -1 after a message if --from is bad. */
static int
next_from(const struct next_req *req, const struct tz *z, int64_t *t)
{
	char err[256];

	if (req->from == NULL) {
		*t = (int64_t)time(NULL);	/* the one clock read */
		return 0;
	}
	if (timefmt_parse(req->from, z, t, err, sizeof err) == -1) {
		warnx("bad --from time '%s': %s", req->from, err);
		return -1;
	}
	return 0;
}

/* Fills ans with up to req->count run times; the caller frees times. */
static void
next_compute(const struct next_req *req, const struct spec *sp,
    const struct tz *z, struct next_ans *ans)
{
	int64_t t = ans->from;

	ans->n = 0;
	ans->never = false;
	if ((ans->times = reallocarray(NULL, req->count,
	    sizeof *ans->times)) == NULL)
		err(1, NULL);
	if (sp->flags & SPEC_REBOOT)
		return;
	while (ans->n < req->count) {
		if ((t = next_run(sp, z, t)) == NEXT_NEVER) {
			ans->never = true;
			return;
		}
		ans->times[ans->n++] = t;
	}
}

static void
next_print_text(const struct spec *sp, const struct tz *z,
    const struct next_ans *ans)
{
	char buf[TIMEFMT_MAX];
	long long i;

	if (sp->flags & SPEC_REBOOT) {
		puts("@reboot: runs once when crond starts at boot");
		return;
	}
	for (i = 0; i < ans->n; i++)
		puts(fmt_instant(buf, sizeof buf, z, ans->times[i]));
	if (ans->never)
		puts("never");
}

static void
next_print_json(const struct next_req *req, const struct spec *sp,
    const struct tz *z, const struct next_ans *ans)
{
	char buf[TIMEFMT_MAX];
	long long i;

	fputs("{\"expr\":", stdout);
	json_string(req->expr);
	fputs(",\"zone\":", stdout);
	json_string(req->zone);
	printf(",\"from\":\"%s\"",
	    fmt_instant(buf, sizeof buf, z, ans->from));
	printf(",\"reboot\":%s", sp->flags & SPEC_REBOOT ? "true" : "false");
	fputs(",\"next\":[", stdout);
	for (i = 0; i < ans->n; i++)
		printf("%s\"%s\"", i > 0 ? "," : "",
		    fmt_instant(buf, sizeof buf, z, ans->times[i]));
	printf("],\"never\":%s}\n", ans->never ? "true" : "false");
}

/* cronctl next: the next run times of a schedule, computed offline. */
static int
cmd_next(int argc, char *argv[])
{
	struct next_req req;
	struct next_ans ans;
	struct spec spec;
	struct tz *z;

	next_args(argc, argv, &req);
	next_spec(req.expr, &spec);
	z = next_zone(&req);
	if (next_from(&req, z, &ans.from) == -1) {
		tz_free(z);
		return EXIT_USAGE;
	}
	next_compute(&req, &spec, z, &ans);
	if (req.json)
		next_print_json(&req, &spec, z, &ans);
	else
		next_print_text(&spec, z, &ans);
	free(ans.times);
	tz_free(z);
	return 0;
}

static int
run_command(int argc, char *argv[])
{
	size_t i;

	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[0], commands[i].name) == 0) {
			set_argv0(argv, commands[i].name);
			getopt_reset();
			return commands[i].fn(argc, argv);
		}
	for (i = 0; i < sizeof daemon_commands / sizeof daemon_commands[0];
	    i++)
		if (strcmp(argv[0], daemon_commands[i]) == 0)
			errx(EXIT_USAGE, "'%s' needs the daemon, not yet "
			    "supported", argv[0]);
	warnx("unknown command '%s'", argv[0]);
	usage(stderr, EXIT_USAGE);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "help",	no_argument,	NULL, 'h' },
		{ NULL,		0,		NULL, 0 }
	};
	int ch, status;

	set_argv0(argv, NULL);
	while ((ch = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			usage(stdout, 0);
		default:
			usage(stderr, EXIT_USAGE);
		}
	}
	if (optind == argc)
		usage(stderr, EXIT_USAGE);
	status = run_command(argc - optind, argv + optind);
	if (fflush(stdout) == EOF || ferror(stdout))
		err(1, "stdout");
	return status;
}
