/*
 * check_crontab.c: the classic crontab parser: a table of refused lines
 * with their exact messages and line numbers, environment and '%' rules,
 * system files' user field, the INI boundary, the limits, and a corpus of
 * realistic crontabs (tests/corpus) that must all load without an error.
 * The corpus is read from $top_srcdir/tests/corpus (set by make check),
 * else from CORPUS_DIR if the build defines it.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crontab.h"
#include "check_main.h"

/* A random source for '~' that always picks the lowest value. */
static uint32_t
zero_uniform(void *ctx, uint32_t bound)
{
	return 0;
}

static const struct spec_rand zero_rand = { zero_uniform, NULL };

static struct crontab *
parse(const char *text, int flags)
{
	struct crontab *ct;

	ct = crontab_parse(text, strlen(text), flags, &zero_rand);
	ck_assert_ptr_nonnull(ct);
	return ct;
}

/* Fails with every error of ct, for a file that should have none. */
static void
assert_no_errors(const struct crontab *ct, const char *file)
{
	char buf[CT_ERR_MAX + 64];

	if (ct->nerrors_total == 0)
		return;
	ck_abort_msg("%zu errors, first %s", ct->nerrors_total,
	    crontab_error_string(ct, 0, file, buf, sizeof(buf)));
}

/* One file refused with one error. */
struct refusal {
	const char	*text;
	int		 flags;
	int		 line;
	const char	*msg;
	size_t		 nentries;	/* good lines still loaded */
};

static const struct refusal refusals[] = {
	/* Bytes and lines the file may not hold. */
	{ "0 2 * * * /bin/true\r\n", 0, 1,
	    "carriage return: DOS line endings?", 0 },
	{ "# ok\n0 2 * * * a\n0 3 * * * b\r\n0 4 * * * c\r\n", 0, 3,
	    "carriage return: DOS line endings? (and 1 more line)", 1 },
	{ "# ok\r\n0 3 * * * b\r\n0 4 * * * c\r\n0 5 * * * d\r\n", 0, 1,
	    "carriage return: DOS line endings? (and 3 more lines)", 0 },
	{ "0 2 * * * echo a\rb\n", 0, 1,
	    "carriage return: DOS line endings?", 0 },
	/* Schedules: spec.c's messages, unchanged. */
	{ "61 * * * * cmd\n", 0, 1, "minute: 61 is out of range 0-59", 0 },
	{ "\n\n* 24 * * * cmd\n", 0, 3, "hour: 24 is out of range 0-23", 0 },
	{ "*/0 * * * * cmd\n", 0, 1, "minute: step 0 is out of range 1-60",
	    0 },
	{ "0-59/4294967295 * * * * cmd\n", 0, 1,
	    "minute: step 4294967295 is out of range 1-60", 0 },
	{ "5-2 * * * * cmd\n", 0, 1, "minute: range 5-2 runs backwards", 0 },
	{ "* * * * 8 cmd\n", 0, 1, "day-of-week: 8 is out of range 0-7", 0 },
	{ "@often cmd\n", 0, 1, "unknown schedule '@often' (expected "
	    "@reboot, @yearly, @annually, @monthly, @weekly, @daily, "
	    "@midnight or @hourly)", 0 },
	{ "0 2 * *\n", 0, 1, "day-of-week: missing field", 0 },
	/* Commands and users. */
	{ "0 2 * * *\n", 0, 1, "missing command", 0 },
	{ "0 2 * * *   \t\n", 0, 1, "missing command", 0 },
	{ "@daily", 0, 1, "missing command", 0 },
	{ "0 2 * * * %only input\n", 0, 1, "missing command", 0 },
	{ "0 2 * * *\n", CT_SYSTEM, 1, "missing user", 0 },
	{ "0 2 * * * root\n", CT_SYSTEM, 1, "missing command", 0 },
	{ "@reboot root   \n", CT_SYSTEM, 1, "missing command", 0 },
	{ "0 2 * * * -root cmd\n", CT_SYSTEM, 1,
	    "user: '-root' is not a valid user name", 0 },
	{ "0 2 * * * ro:ot cmd\n", CT_SYSTEM, 1,
	    "user: 'ro:ot' is not a valid user name", 0 },
	{ "0 2 * * * $ cmd\n", CT_SYSTEM, 1,
	    "user: '$' is not a valid user name", 0 },
	{ "0 2 * * * a$b cmd\n", CT_SYSTEM, 1,
	    "user: 'a$b' is not a valid user name", 0 },
	{ "0 2 * * * abcdefghijabcdefghijabcdefghijabc cmd\n", CT_SYSTEM, 1,
	    "user: 'abcdefghijabcdefghijabcdefghijabc' is not a valid user "
	    "name", 0 },
	/* Lines that are neither. */
	{ "hello world\n", 0, 1,
	    "expected a schedule or NAME=value, got 'hello'", 0 },
	{ "my-var=1\n", 0, 1, "bad variable name 'my-var' (letters, "
	    "digits and '_', not starting with a digit)", 0 },
	{ "MY VAR = 1\n", 0, 1, "bad variable name 'MY VAR' (letters, "
	    "digits and '_', not starting with a digit)", 0 },
	{ "  = 1\n", 0, 1, "missing variable name before '='", 0 },
	{ "-*/5 * * * * cmd\n", 0, 1, "a leading '-' (cronie's do-not-log "
	    "flag) is not supported", 0 },
	{ "\x01\x02 x\n", 0, 1,
	    "expected a schedule or NAME=value, got '?" "?'", 0 },
	/* Quotes. */
	{ "FOO=\"abc\n", 0, 1, "FOO: missing closing double quote", 0 },
	{ "FOO='abc\n", 0, 1, "FOO: missing closing single quote", 0 },
	{ "FOO='x' y\n", 0, 1, "FOO: unexpected 'y' after the closing quote",
	    0 },
	{ "FOO=\"a\"b\"\n", 0, 1,
	    "FOO: unexpected 'b\"' after the closing quote", 0 },
	/* The variables crond uses. */
	{ "MAILTO=-oQ/tmp\n", 0, 1, "MAILTO: '-oQ/tmp' begins with '-'", 0 },
	{ "MAILTO=a@b,-f\n", 0, 1,
	    "MAILTO: 'a@b,-f' has an address beginning with '-'", 0 },
	{ "MAILTO=a b\n", 0, 1, "MAILTO: 'a b' holds a blank (separate "
	    "addresses with ',' alone)", 0 },
	{ "MAILTO=\"a@b, c@d\"\n", 0, 1, "MAILTO: 'a@b, c@d' holds a blank "
	    "(separate addresses with ',' alone)", 0 },
	{ "MAILTO=a\x1b[2J\n", 0, 1,
	    "MAILTO: 'a?[2J' holds a control byte", 0 },
	{ "MAILFROM='-f root'\n", 0, 1,
	    "MAILFROM: '-f root' begins with '-'", 0 },
	{ "MAILFROM='root -f'\n", 0, 1, "MAILFROM: 'root -f' holds a blank "
	    "(separate addresses with ',' alone)", 0 },
	{ "MAILFROM=-froot\n", 0, 1, "MAILFROM: '-froot' begins with '-'", 0 },
	{ "RANDOM_DELAY=1441\n", 0, 1, "RANDOM_DELAY: '1441' is not a number "
	    "of minutes from 0 to 1440", 0 },
	{ "RANDOM_DELAY=-1\n", 0, 1, "RANDOM_DELAY: '-1' is not a number of "
	    "minutes from 0 to 1440", 0 },
	{ "RANDOM_DELAY=5m\n", 0, 1, "RANDOM_DELAY: '5m' is not a number of "
	    "minutes from 0 to 1440", 0 },
	{ "RANDOM_DELAY=\n", 0, 1, "RANDOM_DELAY: '' is not a number of "
	    "minutes from 0 to 1440", 0 },
	{ "RANDOM_DELAY=99999999999999999999\n", 0, 1, "RANDOM_DELAY: "
	    "'99999999999999999999' is not a number of minutes from 0 to "
	    "1440", 0 },
	{ "SHELL=bash\n", 0, 1, "SHELL: 'bash' is not an absolute path", 0 },
	{ "HOME=~/x\n", 0, 1, "HOME: '~/x' is not an absolute path", 0 },
	{ "HOME=\n", 0, 1, "HOME: '' is not an absolute path", 0 },
	{ "CRON_TZ=../../etc/shadow\n", 0, 1, "CRON_TZ: '../../etc/shadow' "
	    "holds a '..' component", 0 },
	{ "CRON_TZ=Europe/..\n", 0, 1,
	    "CRON_TZ: 'Europe/..' holds a '..' component", 0 },
	{ "CRON_TZ=/etc/localtime\n", 0, 1,
	    "CRON_TZ: '/etc/localtime' is an absolute path", 0 },
	{ "CRON_TZ='Europe/ Paris'\n", 0, 1, "CRON_TZ: 'Europe/ Paris' holds "
	    "a blank or a non-ASCII byte", 0 },
	/* Random '~' needs a random source (NULL in this table's runs). */
	{ "~ * * * * cmd\n", 0, 1, "minute: random '~' is not allowed here",
	    0 },
	/* Bad lines do not stop the good ones. */
	{ "MAILTO=x\n0 1 * * * a\n0 99 * * * b\n0 3 * * * c\n", 0, 3,
	    "hour: 99 is out of range 0-23", 2 },
};

START_TEST(test_refusal)
{
	const struct refusal *r = &refusals[_i];
	struct crontab *ct;

	ct = crontab_parse(r->text, strlen(r->text), r->flags, NULL);
	ck_assert_ptr_nonnull(ct);
	ck_assert_msg(ct->nerrors_total == 1 && ct->nerrors == 1,
	    "'%s': %zu errors", r->text, ct->nerrors_total);
	ck_assert_int_eq(ct->errors[0].line, r->line);
	ck_assert_str_eq(ct->errors[0].msg, r->msg);
	ck_assert_uint_eq(ct->nentries, r->nentries);
	crontab_free(ct);
}
END_TEST

START_TEST(test_nul_byte)
{
	static const char text[] = "0 1 * * * a\n0 2 * * * b\0c\n0 3 * * * d";
	struct crontab *ct;

	ct = crontab_parse(text, sizeof(text) - 1, 0, NULL);
	ck_assert_uint_eq(ct->nerrors_total, 1);
	ck_assert_int_eq(ct->errors[0].line, 2);
	ck_assert_str_eq(ct->errors[0].msg,
	    "NUL byte in the line (a binary file?)");
	ck_assert_uint_eq(ct->nentries, 2);
	ck_assert_str_eq(ct->entries[1].command, "d");
	crontab_free(ct);
}
END_TEST

START_TEST(test_error_string)
{
	struct crontab *ct = parse("\n\n61 * * * * x\n", 0);
	char buf[300], tiny[8];

	ck_assert_str_eq(crontab_error_string(ct, 0, "/etc/cron.d/x", buf,
	    sizeof(buf)), "/etc/cron.d/x:3: minute: 61 is out of range 0-59");
	ck_assert_str_eq(crontab_error_string(ct, 1, "f", buf, sizeof(buf)),
	    "");
	ck_assert_str_eq(crontab_error_string(ct, 0, "f", tiny,
	    sizeof(tiny)), "f:3: mi");
	crontab_free(ct);
}
END_TEST

START_TEST(test_many_errors)
{
	const char *text = "bad one\n0 1 * * * good\nMAILTO=-x\n"
	    "0 2 * * * good\n0 2 * *\n";
	static const int lines[] = { 1, 3, 5 };
	struct crontab *ct = parse(text, 0);
	char *big;
	size_t i;

	ck_assert_uint_eq(ct->nerrors_total, 3);
	ck_assert_uint_eq(ct->nerrors, 3);
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(ct->errors[i].line, lines[i]);
	ck_assert_uint_eq(ct->nentries, 2);
	ck_assert_int_eq(ct->entries[0].line, 2);
	ck_assert_int_eq(ct->entries[1].line, 4);
	crontab_free(ct);

	/* 150 bad lines: 100 kept, all counted. */
	big = malloc(150 * 4 + 1);
	for (i = 0; i < 150; i++)
		memcpy(big + i * 4, "xx\n\n", 4);
	big[600] = '\0';
	ct = parse(big, 0);
	ck_assert_uint_eq(ct->nerrors, CT_ERRORS_MAX);
	ck_assert_uint_eq(ct->nerrors_total, 150);
	ck_assert_int_eq(ct->errors[99].line, 199);
	crontab_free(ct);
	free(big);
}
END_TEST

/* Each entry: its command and the value of A and B for it. */
START_TEST(test_env)
{
	const char *text =
	    "A=1\n"
	    "0 * * * * c1\n"
	    "  A  =  2  \n"
	    "B=' x  '\n"
	    "0 * * * * c2\n"
	    "A=\"\"\n"
	    "C = 'it\"s' \n"
	    "D==x#y\n"
	    "E=\n"
	    "F  =  \"  quoted  \"  \n"
	    "G=a 'b' c\n"
	    "_h9=\"'\"\n"
	    "0 * * * * c3\n";
	struct crontab *ct = parse(text, 0);
	const struct ct_entry *e = ct->entries;

	assert_no_errors(ct, "env");
	ck_assert_uint_eq(ct->nentries, 3);
	ck_assert_uint_eq(ct->nenv, 10);
	ck_assert_uint_eq(e[0].nenv, 1);
	ck_assert_uint_eq(e[1].nenv, 3);
	ck_assert_uint_eq(e[2].nenv, 10);
	ck_assert_str_eq(crontab_getenv(ct, &e[0], "A"), "1");
	ck_assert_ptr_null(crontab_getenv(ct, &e[0], "B"));
	ck_assert_str_eq(crontab_getenv(ct, &e[1], "A"), "2");
	ck_assert_str_eq(crontab_getenv(ct, &e[1], "B"), " x  ");
	ck_assert_str_eq(crontab_getenv(ct, &e[2], "A"), "");
	ck_assert_str_eq(crontab_getenv(ct, &e[2], "B"), " x  ");
	ck_assert_str_eq(crontab_getenv(ct, &e[2], "C"), "it\"s");
	ck_assert_str_eq(crontab_getenv(ct, &e[2], "D"), "=x#y");
	ck_assert_str_eq(crontab_getenv(ct, &e[2], "E"), "");
	ck_assert_str_eq(crontab_getenv(ct, &e[2], "F"), "  quoted  ");
	ck_assert_str_eq(crontab_getenv(ct, &e[2], "G"), "a 'b' c");
	ck_assert_str_eq(crontab_getenv(ct, &e[2], "_h9"), "'");
	ck_assert_ptr_null(crontab_getenv(ct, &e[2], "a"));
	ck_assert_str_eq(crontab_getenv(ct, NULL, "A"), "");
	ck_assert_int_eq(ct->env[1].line, 3);
	ck_assert_str_eq(ct->env[1].name, "A");
	crontab_free(ct);
}
END_TEST

/* Special variables with good values. */
START_TEST(test_env_special_ok)
{
	const char *text =
	    "MAILTO=\n"
	    "MAILTO=\"\"\n"
	    "MAILTO=root\n"
	    "MAILTO=a@example.org,b@example.org\n"
	    "MAILFROM=cron@example.org\n"
	    "RANDOM_DELAY=0\n"
	    "RANDOM_DELAY=1440\n"
	    "RANDOM_DELAY=0005\n"
	    "SHELL=/bin/bash\n"
	    "HOME=/home/x y\n"
	    "CRON_TZ=\n"
	    "CRON_TZ=Europe/Berlin\n"
	    "CRON_TZ=America/Argentina/Buenos_Aires\n"
	    "CRON_TZ=CET-1CEST,M3.5.0,M10.5.0/3\n"
	    "CRON_TZ=<+0330>-3:30\n"
	    "PATH=relative:ok\n"
	    "0 0 * * * x\n";
	struct crontab *ct = parse(text, 0);

	assert_no_errors(ct, "special");
	ck_assert_uint_eq(ct->nenv, 16);
	ck_assert_str_eq(crontab_getenv(ct, &ct->entries[0], "MAILTO"),
	    "a@example.org,b@example.org");
	crontab_free(ct);
}
END_TEST

struct mailto_case {
	const char	*value;
	bool		 ok;
};

static const struct mailto_case mailtos[] = {
	{ "", true }, { "root", true }, { "a@b.c,d@e.f", true },
	{ "a-b@c", true }, { "a,", true }, { "-", false }, { "-x", false },
	{ "a,-x", false }, { "a b", false }, { "a\tb", false },
	{ "a\nb", false }, { "a\rb", false }, { "a\x7f", false },
	{ "a\x01", false },
};

START_TEST(test_mailto_ok)
{
	const struct mailto_case *c = &mailtos[_i];

	ck_assert_msg(crontab_mailto_ok(c->value) == c->ok, "'%s'",
	    c->value);
	ck_assert(!crontab_mailto_ok(NULL));
}
END_TEST

struct percent_case {
	const char	*line;
	const char	*command;
	const char	*input;		/* NULL: none */
};

static const struct percent_case percents[] = {
	{ "* * * * * echo hi", "echo hi", NULL },
	{ "* * * * * echo hi   ", "echo hi   ", NULL },
	{ "* * * * * cat%line1%line2", "cat", "line1\nline2" },
	{ "* * * * * cat %line1%", "cat ", "line1\n" },
	{ "* * * * * cmd%", "cmd", "" },
	{ "* * * * * mail -s hi x%%body%", "mail -s hi x", "\nbody\n" },
	{ "* * * * * date +\\%Y-\\%m", "date +%Y-%m", NULL },
	{ "* * * * * printf x%a\\%b%c", "printf x", "a%b\nc" },
	{ "* * * * * echo \\\\%in", "echo \\\\", "in" },
	{ "* * * * * echo a\\b\\n", "echo a\\b\\n", NULL },
	{ "* * * * * cmd\\", "cmd\\", NULL },
	{ "* * * * * cat%a\\", "cat", "a\\" },
	{ "* * * * * cat%a\\b\\\\%c", "cat", "a\\b\\\\\nc" },
	{ "@hourly\t \tcmd\targ", "cmd\targ", NULL },
	{ "* * * * * \\%x", "%x", NULL },
};

START_TEST(test_percent)
{
	const struct percent_case *c = &percents[_i];
	struct crontab *ct = parse(c->line, 0);

	assert_no_errors(ct, c->line);
	ck_assert_uint_eq(ct->nentries, 1);
	ck_assert_str_eq(ct->entries[0].command, c->command);
	if (c->input == NULL)
		ck_assert_ptr_null(ct->entries[0].input);
	else
		ck_assert_str_eq(ct->entries[0].input, c->input);
	ck_assert_ptr_null(ct->entries[0].user);
	crontab_free(ct);
}
END_TEST

START_TEST(test_system)
{
	const char *text =
	    "SHELL=/bin/sh\n"
	    "17 *\t* * *\troot\tcd / && run-parts --report /etc/cron.hourly\n"
	    "@reboot www-data /usr/bin/warm %in\n"
	    "0 2 * * * host01$ /bin/x\n"
	    "0 2 * * * a.b_c-d /bin/y\n";
	struct crontab *ct = parse(text, CT_SYSTEM);

	assert_no_errors(ct, "system");
	ck_assert_uint_eq(ct->nentries, 4);
	ck_assert_str_eq(ct->entries[0].user, "root");
	ck_assert_str_eq(ct->entries[0].command,
	    "cd / && run-parts --report /etc/cron.hourly");
	ck_assert_str_eq(ct->entries[1].user, "www-data");
	ck_assert_str_eq(ct->entries[1].command, "/usr/bin/warm ");
	ck_assert_str_eq(ct->entries[1].input, "in");
	ck_assert(ct->entries[1].spec.flags & SPEC_REBOOT);
	ck_assert_str_eq(ct->entries[2].user, "host01$");
	ck_assert_str_eq(ct->entries[3].user, "a.b_c-d");
	crontab_free(ct);

	/* The same line in a user crontab: "root" is the command. */
	ct = parse("0 2 * * * root /bin/x\n", 0);
	ck_assert_ptr_null(ct->entries[0].user);
	ck_assert_str_eq(ct->entries[0].command, "root /bin/x");
	crontab_free(ct);
}
END_TEST

START_TEST(test_schedule)
{
	struct crontab *ct = parse("0 0 * * 7 a\n0~30 * * * * b\n"
	    "0 0 1 * mon c\n", 0);

	assert_no_errors(ct, "schedule");
	ck_assert_uint_eq(ct->entries[0].spec.dow, 1);	/* 7 is Sunday */
	ck_assert_uint_eq(ct->entries[1].spec.min, 1);	/* zero_rand */
	ck_assert_uint_eq(ct->entries[2].spec.flags &
	    (SPEC_DOM_STAR | SPEC_DOW_STAR), 0);
	crontab_free(ct);
}
END_TEST

/* Each entry's schedule as written: sched's identity for the line. */
START_TEST(test_when)
{
	struct crontab *ct = parse("0~30 * * * * a\n"
	    "@daily   b c\n"
	    "  */5\t1-3  * jan,feb  mon-fri\t\tcmd  x\n", 0);

	assert_no_errors(ct, "when");
	ck_assert_uint_eq(ct->nentries, 3);
	ck_assert_str_eq(ct->entries[0].when, "0~30 * * * *");
	ck_assert_str_eq(ct->entries[1].when, "@daily");
	ck_assert_str_eq(ct->entries[1].command, "b c");
	ck_assert_str_eq(ct->entries[2].when, "*/5 1-3 * jan,feb mon-fri");
	ck_assert_str_eq(ct->entries[2].command, "cmd  x");
	crontab_free(ct);

	/* A line without a command has no entry, hence no when. */
	ct = parse("~ ~ * * * %in\n", 0);
	ck_assert_uint_eq(ct->nentries, 0);
	ck_assert_uint_eq(ct->nerrors_total, 1);
	crontab_free(ct);

	/* A system line: the user field is not part of the schedule. */
	ct = parse("17 *\t* * *\troot\trun-parts /etc/cron.hourly\n"
	    "@reboot  www-data /usr/bin/warm\n"
	    "0~59 3 * * 7 bob /bin/x\n", CT_SYSTEM);
	assert_no_errors(ct, "system");
	ck_assert_uint_eq(ct->nentries, 3);
	ck_assert_str_eq(ct->entries[0].when, "17 * * * *");
	ck_assert_str_eq(ct->entries[0].user, "root");
	ck_assert_str_eq(ct->entries[1].when, "@reboot");
	ck_assert_str_eq(ct->entries[1].user, "www-data");
	ck_assert_str_eq(ct->entries[2].when, "0~59 3 * * 7");
	ck_assert_str_eq(ct->entries[2].user, "bob");
	crontab_free(ct);
}
END_TEST

START_TEST(test_ini_boundary)
{
	const char *text =
	    "A=1\n"
	    "0 * * * * c\n"
	    "\n"
	    "  [job]\n"
	    "schedule = 0 2 * * *\r\n"
	    "command = whatever % it is\n"
	    "[other]\n";
	struct crontab *ct = parse(text, 0);

	assert_no_errors(ct, "ini");
	ck_assert_uint_eq(ct->nentries, 1);
	ck_assert_uint_eq(ct->nenv, 1);
	ck_assert_int_eq(ct->ini_line, 4);
	ck_assert_uint_eq(ct->ini_offset, strlen("A=1\n0 * * * * c\n\n"));
	crontab_free(ct);

	ct = parse("[only]\ncommand = x\n", 0);
	assert_no_errors(ct, "ini only");
	ck_assert_int_eq(ct->ini_line, 1);
	ck_assert_uint_eq(ct->ini_offset, 0);
	ck_assert_uint_eq(ct->nentries, 0);
	crontab_free(ct);

	ct = parse("0 * * * * c [not a section]\n#[nor this]\n", 0);
	assert_no_errors(ct, "no ini");
	ck_assert_int_eq(ct->ini_line, 0);
	ck_assert_uint_eq(ct->ini_offset, strlen("0 * * * * c [not a "
	    "section]\n#[nor this]\n"));
	crontab_free(ct);
}
END_TEST

START_TEST(test_last_line)
{
	struct crontab *ct = parse("A=b\n0 * * * * last", 0);

	assert_no_errors(ct, "last");
	ck_assert_uint_eq(ct->nentries, 1);
	ck_assert_str_eq(ct->entries[0].command, "last");
	crontab_free(ct);

	ct = parse("0 * * * * x\nA=b", 0);
	assert_no_errors(ct, "last env");
	ck_assert_str_eq(crontab_getenv(ct, NULL, "A"), "b");
	crontab_free(ct);

	ct = parse("", 0);
	assert_no_errors(ct, "empty");
	ck_assert_uint_eq(ct->nentries + ct->nenv, 0);
	crontab_free(ct);
	crontab_free(NULL);
}
END_TEST

/* A line of n bytes: "* * * * * " then 'x's. */
static char *
long_line(size_t n)
{
	char *s = malloc(n + 2);

	memset(s, 'x', n);
	memcpy(s, "* * * * * ", 10);
	s[n] = '\n';
	s[n + 1] = '\0';
	return s;
}

START_TEST(test_line_limit)
{
	char *s = long_line(CT_LINE_MAX);
	struct crontab *ct = parse(s, 0);

	assert_no_errors(ct, "8192");
	ck_assert_uint_eq(strlen(ct->entries[0].command), CT_LINE_MAX - 10);
	crontab_free(ct);
	free(s);

	s = long_line(CT_LINE_MAX + 1);
	ct = parse(s, 0);
	ck_assert_uint_eq(ct->nerrors_total, 1);
	ck_assert_int_eq(ct->errors[0].line, 1);
	ck_assert_str_eq(ct->errors[0].msg, "line is longer than 8192 bytes");
	ck_assert_uint_eq(ct->nentries, 0);
	crontab_free(ct);
	free(s);
}
END_TEST

/* n copies of line (each ending in a newline). */
static char *
repeat(const char *line, size_t n)
{
	size_t len = strlen(line), i;
	char *s = malloc(len * n + 1);

	for (i = 0; i < n; i++)
		memcpy(s + i * len, line, len);
	s[len * n] = '\0';
	return s;
}

START_TEST(test_entry_limit)
{
	char *s = repeat("0 * * * * x\n", CT_ENTRIES_MAX);
	struct crontab *ct = parse(s, 0);

	assert_no_errors(ct, "10000");
	ck_assert_uint_eq(ct->nentries, CT_ENTRIES_MAX);
	crontab_free(ct);
	free(s);

	s = repeat("0 * * * * x\n", CT_ENTRIES_MAX + 5);
	ct = parse(s, 0);
	ck_assert_uint_eq(ct->nerrors_total, 1);
	ck_assert_int_eq(ct->errors[0].line, CT_ENTRIES_MAX + 1);
	ck_assert_str_eq(ct->errors[0].msg, "more than 10000 entries");
	ck_assert_uint_eq(ct->nentries, CT_ENTRIES_MAX);
	crontab_free(ct);
	free(s);

	s = repeat("A=1\n", CT_ENV_MAX + 1);
	ct = parse(s, 0);
	ck_assert_uint_eq(ct->nerrors_total, 1);
	ck_assert_int_eq(ct->errors[0].line, CT_ENV_MAX + 1);
	ck_assert_str_eq(ct->errors[0].msg,
	    "more than 10000 variable assignments");
	ck_assert_uint_eq(ct->nenv, CT_ENV_MAX);
	crontab_free(ct);
	free(s);
}
END_TEST

START_TEST(test_file_limit)
{
	/* 16-byte lines: exactly 1 MiB is fine, one byte more is not. */
	char *s = repeat("# fifteen bytes\n", CT_FILE_MAX / 16);
	struct crontab *ct;

	ck_assert_uint_eq(strlen(s), CT_FILE_MAX);
	ct = parse(s, 0);
	assert_no_errors(ct, "1 MiB");
	crontab_free(ct);
	free(s);

	s = repeat("0 * * * * x1234\n", CT_FILE_MAX / 16);
	s = realloc(s, CT_FILE_MAX + 2);
	strcpy(s + CT_FILE_MAX, "#");
	ct = parse(s, 0);
	ck_assert_uint_eq(ct->nerrors_total, 1);
	ck_assert_int_eq(ct->errors[0].line, 0);
	ck_assert_str_eq(ct->errors[0].msg,
	    "file is larger than 1048576 bytes (1 MiB)");
	ck_assert_uint_eq(ct->nentries, 0);
	crontab_free(ct);
	free(s);
}
END_TEST

/* Arbitrary bytes, cut anywhere: never a crash, a leak or a bad read. */
START_TEST(test_noise)
{
	static const char alphabet[] = "0123456789*/-,~@%\\\"'= \t\n\r\0#[aZ_";
	unsigned long x = 12345;
	char buf[200];
	struct crontab *ct;
	size_t i, j, n;

	for (i = 0; i < 3000; i++) {
		n = i % sizeof(buf);
		for (j = 0; j < n; j++) {
			x = x * 6364136223846793005UL + 1442695040888963407UL;
			buf[j] = alphabet[(x >> 33) % (sizeof(alphabet) - 1)];
		}
		ct = crontab_parse(buf, n, (int)(i & CT_SYSTEM), &zero_rand);
		ck_assert_ptr_nonnull(ct);
		ck_assert_uint_le(ct->nerrors, ct->nerrors_total);
		for (j = 0; j < ct->nentries; j++)
			ck_assert_uint_le(ct->entries[j].nenv, ct->nenv);
		crontab_free(ct);
	}
}
END_TEST

/* The corpus: file, flags, entries, variables, first INI line. */
struct corpus_case {
	const char	*file;
	int		 flags;
	size_t		 nentries;
	size_t		 nenv;
	int		 ini_line;
};

static const struct corpus_case corpus[] = {
	{ "etc-crontab", CT_SYSTEM, 4, 2, 0 },
	{ "etc-crontab-empty", CT_SYSTEM, 0, 3, 0 },
	{ "crond-anacron", CT_SYSTEM, 2, 2, 0 },
	{ "crond-certrenew", CT_SYSTEM, 1, 2, 0 },
	{ "crond-fsscrub", CT_SYSTEM, 2, 0, 0 },
	{ "crond-hourly", CT_SYSTEM, 1, 3, 0 },
	{ "crond-phpsession", CT_SYSTEM, 1, 0, 0 },
	{ "crond-popcon", CT_SYSTEM, 1, 3, 0 },
	{ "crond-raidcheck", CT_SYSTEM, 1, 0, 0 },
	{ "crond-sysstat", CT_SYSTEM, 2, 1, 0 },
	{ "user-alice", 0, 16, 10, 0 },
	{ "user-bob", 0, 6, 1, 0 },
	{ "user-indented", 0, 3, 2, 0 },
	{ "user-no-newline", 0, 2, 1, 0 },
	{ "user-with-ini", 0, 2, 2, 8 },
};

/* Reads tests/corpus/NAME; the caller frees. */
static char *
corpus_read(const char *name, size_t *len)
{
	const char *top = getenv("top_srcdir");
	char path[4096], *buf;
	FILE *f;
	long n;

#ifdef CORPUS_DIR
	if (top == NULL)
		snprintf(path, sizeof(path), "%s/%s", CORPUS_DIR, name);
	else
#endif
	snprintf(path, sizeof(path), "%s/tests/corpus/%s",
	    top != NULL ? top : ".", name);
	f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s (set top_srcdir)", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

START_TEST(test_corpus)
{
	const struct corpus_case *c = &corpus[_i];
	struct crontab *ct;
	size_t len, i;
	char *buf = corpus_read(c->file, &len);

	ct = crontab_parse(buf, len, c->flags, &zero_rand);
	ck_assert_ptr_nonnull(ct);
	assert_no_errors(ct, c->file);
	ck_assert_msg(ct->nentries == c->nentries, "%s: %zu entries",
	    c->file, ct->nentries);
	ck_assert_msg(ct->nenv == c->nenv, "%s: %zu variables", c->file,
	    ct->nenv);
	ck_assert_int_eq(ct->ini_line, c->ini_line);
	for (i = 0; i < ct->nentries; i++)
		ck_assert((ct->entries[i].user != NULL) ==
		    (c->flags & CT_SYSTEM));
	crontab_free(ct);

	/* Every prefix, as an editor saving half a file would leave it. */
	for (i = 0; i < len; i++) {
		ct = crontab_parse(buf, i, c->flags, &zero_rand);
		ck_assert_ptr_nonnull(ct);
		crontab_free(ct);
	}
	free(buf);
}
END_TEST

/* What the corpus files must mean, beyond loading. */
START_TEST(test_corpus_details)
{
	struct crontab *ct;
	const struct ct_entry *e;
	size_t len;
	char *buf = corpus_read("user-alice", &len);

	ct = crontab_parse(buf, len, 0, &zero_rand);
	e = ct->entries;
	ck_assert_str_eq(crontab_getenv(ct, &e[0], "GREETING"),
	    "hello,   world  ");
	ck_assert_str_eq(crontab_getenv(ct, &e[0], "LANG"), "en_US.UTF-8");
	ck_assert_str_eq(crontab_getenv(ct, &e[0], "PATH"),
	    "/home/alice/bin:/usr/local/bin:/usr/bin:/bin");
	ck_assert_str_eq(e[2].command, "tar czf \"$BACKUP_DIR/home-$(date "
	    "+%Y%m%d).tgz\" -C $HOME docs");
	ck_assert_str_eq(e[4].command, "mail -s \"Timesheet\" alice");
	ck_assert_str_eq(e[4].input, "Reminder:\n\nfill in the timesheet.\n");
	ck_assert_ptr_null(crontab_getenv(ct, &e[13], "CRON_TZ"));
	ck_assert_str_eq(crontab_getenv(ct, &e[14], "CRON_TZ"),
	    "Europe/Paris");
	ck_assert_ptr_null(crontab_getenv(ct, &e[14], "RANDOM_DELAY"));
	ck_assert_str_eq(crontab_getenv(ct, &e[15], "CRON_TZ"),
	    "America/New_York");
	ck_assert_str_eq(crontab_getenv(ct, &e[15], "RANDOM_DELAY"), "15");
	crontab_free(ct);
	free(buf);

	buf = corpus_read("user-no-newline", &len);
	ck_assert(buf[len - 1] != '\n');
	ct = crontab_parse(buf, len, 0, &zero_rand);
	ck_assert_str_eq(ct->entries[1].command, "/usr/bin/rotate-notes");
	crontab_free(ct);
	free(buf);

	buf = corpus_read("user-with-ini", &len);
	ct = crontab_parse(buf, len, 0, &zero_rand);
	ck_assert(strncmp(buf + ct->ini_offset, "[backup]\n", 9) == 0);
	crontab_free(ct);
	free(buf);
}
END_TEST

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static Suite *
crontab_suite(void)
{
	Suite *s = suite_create("crontab");
	TCase *lines = tcase_create("lines");
	TCase *limits = tcase_create("limits");
	TCase *files = tcase_create("corpus");

	tcase_add_loop_test(lines, test_refusal, 0, NELEM(refusals));
	tcase_add_test(lines, test_nul_byte);
	tcase_add_test(lines, test_error_string);
	tcase_add_test(lines, test_many_errors);
	tcase_add_test(lines, test_env);
	tcase_add_test(lines, test_env_special_ok);
	tcase_add_loop_test(lines, test_mailto_ok, 0, NELEM(mailtos));
	tcase_add_loop_test(lines, test_percent, 0, NELEM(percents));
	tcase_add_test(lines, test_system);
	tcase_add_test(lines, test_schedule);
	tcase_add_test(lines, test_when);
	tcase_add_test(lines, test_ini_boundary);
	tcase_add_test(lines, test_last_line);
	tcase_add_test(lines, test_noise);
	suite_add_tcase(s, lines);
	tcase_add_test(limits, test_line_limit);
	tcase_add_test(limits, test_entry_limit);
	tcase_add_test(limits, test_file_limit);
	tcase_set_timeout(limits, 60);
	suite_add_tcase(s, limits);
	tcase_add_loop_test(files, test_corpus, 0, NELEM(corpus));
	tcase_add_test(files, test_corpus_details);
	tcase_set_timeout(files, 60);
	suite_add_tcase(s, files);
	return s;
}

CHECK_MAIN(crontab_suite)
