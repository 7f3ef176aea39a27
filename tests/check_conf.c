/*
 * check_config.c: crond.conf: the built-in defaults, a file setting every
 * key, paths relative to the file's folder, and a table of bad files with
 * the exact message each must give.  Fixtures live in a temporary folder
 * under the build tree (the current directory of 'make check').
 */
#include <check.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* "config.h" alone would find autoconf's, first on the include path */
#include "conf.h"
#include "check_main.h"

static char tmpdir[2048];
static char cwd[1024];

static void
setup(void)
{
	ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
	snprintf(tmpdir, sizeof(tmpdir), "%s/tests/check_config.XXXXXX", cwd);
	if (mkdtemp(tmpdir) == NULL) {
		/* a build tree without tests/ (a direct run): use cwd */
		snprintf(tmpdir, sizeof(tmpdir), "%s/check_config.XXXXXX",
		    cwd);
		ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	}
}

static void
teardown(void)
{
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
}

/* Writes text to tmpdir/name; returns the path (static buffer). */
static const char *
write_file(const char *name, const char *text)
{
	static char path[PATH_MAX];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(fputs(text, fp) >= 0, 1);
	ck_assert_int_eq(fclose(fp), 0);
	return path;
}

START_TEST(test_defaults)
{
	struct conf cfg;

	conf_defaults(&cfg);
	ck_assert_str_eq(cfg.file, "");
	ck_assert_str_eq(cfg.spool, SPOOLDIR);
	ck_assert_str_eq(cfg.crontab, SYSCONFDIR "/crontab");
	ck_assert_str_eq(cfg.crond_d, SYSCONFDIR "/cron.d");
	ck_assert_str_eq(cfg.allow, SYSCONFDIR "/cron.allow");
	ck_assert_str_eq(cfg.deny, SYSCONFDIR "/cron.deny");
	ck_assert_str_eq(cfg.state, LOCALSTATEDIR "/lib/crond");
	ck_assert_str_eq(cfg.history, LOCALSTATEDIR "/log/cron/history");
	ck_assert_str_eq(cfg.socket, RUNSTATEDIR "/crond.sock");
	ck_assert_str_eq(cfg.pidfile, RUNSTATEDIR "/crond.pid");
	ck_assert_str_eq(cfg.localtime, "/etc/localtime");
	ck_assert_str_eq(cfg.mailer, "/usr/sbin/sendmail");
	ck_assert_uint_eq(cfg.max_jobs, 0);
	ck_assert_int_eq(cfg.log_level, LOG_LEVEL_INFO);
	ck_assert_uint_eq(cfg.output_max, 64 * 1024);
}
END_TEST

START_TEST(test_default_file_absent)
{
	struct conf cfg;
	char err[256] = "";

	/* CROND_CONFIG names a file: it must exist */
	setenv("CROND_CONFIG", "/nonexistent/crond.conf", 1);
	ck_assert_int_eq(conf_load(&cfg, NULL, err, sizeof(err)), -1);
	ck_assert_str_eq(err,
	    "/nonexistent/crond.conf: No such file or directory");
	ck_assert_str_eq(cfg.spool, SPOOLDIR);
	unsetenv("CROND_CONFIG");
	ck_assert_int_eq(conf_load(&cfg, "/nonexistent/x.conf", err,
	    sizeof(err)), -1);
	ck_assert_str_eq(err, "/nonexistent/x.conf: No such file or directory");
}
END_TEST

START_TEST(test_full)
{
	struct conf cfg;
	char err[256] = "";
	const char *path;

	path = write_file("full.conf",
	    "; a full file\n"
	    "# comments both ways\n"
	    "\n"
	    "[paths]\n"
	    "spool    = /s/spool\n"
	    "crontab  = /s/crontab   ; an inline comment\n"
	    "cron.d   =\n"
	    "allow    = /s/allow\n"
	    "  deny   = /s/deny\n"
	    "state    = /s/state\n"
	    "history  = /s/history\n"
	    "socket   = /s/sock\n"
	    "pidfile  = /s/pid\n"
	    "localtime = /s/zone\n"
	    "[daemon]\n"
	    "mailer    = off\n"
	    "max-jobs  = 12\n"
	    "log-level = debug\n"
	    "output-max = 2M\n"
	    "[paths]\n"
	    "spool = /s/spool2");
	ck_assert_int_eq(conf_load(&cfg, path, err, sizeof(err)), 0);
	ck_assert_str_eq(cfg.file, path);
	ck_assert_str_eq(cfg.spool, "/s/spool2");
	ck_assert_str_eq(cfg.crontab, "/s/crontab");
	ck_assert_str_eq(cfg.crond_d, "");
	ck_assert_str_eq(cfg.allow, "/s/allow");
	ck_assert_str_eq(cfg.deny, "/s/deny");
	ck_assert_str_eq(cfg.state, "/s/state");
	ck_assert_str_eq(cfg.history, "/s/history");
	ck_assert_str_eq(cfg.socket, "/s/sock");
	ck_assert_str_eq(cfg.pidfile, "/s/pid");
	ck_assert_str_eq(cfg.localtime, "/s/zone");
	ck_assert_str_eq(cfg.mailer, "");
	ck_assert_uint_eq(cfg.max_jobs, 12);
	ck_assert_int_eq(cfg.log_level, LOG_LEVEL_DEBUG);
	ck_assert_uint_eq(cfg.output_max, 2 * 1024 * 1024);
}
END_TEST

START_TEST(test_sizes)
{
	static const struct {
		const char	*text;
		size_t		 bytes;
	} cases[] = {
		{ "0", 0 }, { "100", 100 }, { "1k", 1024 }, { "64K", 65536 },
		{ "64M", 64 * 1024 * 1024 }, { "67108864", 67108864 },
	};
	struct conf cfg;
	char err[256], text[128];
	const char *path;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(text, sizeof(text), "[daemon]\noutput-max = %s\n",
		    cases[i].text);
		path = write_file("size.conf", text);
		ck_assert_msg(conf_load(&cfg, path, err, sizeof(err)) == 0,
		    "%s: %s", cases[i].text, err);
		ck_assert_uint_eq(cfg.output_max, cases[i].bytes);
	}
}
END_TEST

START_TEST(test_relative)
{
	struct conf cfg;
	char err[256] = "", want[PATH_MAX + 64];
	const char *path;

	path = write_file("rel.conf",
	    "[paths]\nspool = spool\nstate = ./st/x\nhistory = /abs/h\n"
	    "[daemon]\nmailer = bin/mail\n");
	ck_assert_int_eq(conf_load(&cfg, path, err, sizeof(err)), 0);
	snprintf(want, sizeof(want), "%s/spool", tmpdir);
	ck_assert_str_eq(cfg.spool, want);
	snprintf(want, sizeof(want), "%s/./st/x", tmpdir);
	ck_assert_str_eq(cfg.state, want);
	ck_assert_str_eq(cfg.history, "/abs/h");
	snprintf(want, sizeof(want), "%s/bin/mail", tmpdir);
	ck_assert_str_eq(cfg.mailer, want);
	/* untouched keys keep their absolute defaults */
	ck_assert_str_eq(cfg.socket, RUNSTATEDIR "/crond.sock");

	/* a config named by a relative path: made absolute from cwd */
	ck_assert_int_eq(chdir(tmpdir), 0);
	ck_assert_int_eq(conf_load(&cfg, "rel.conf", err, sizeof(err)), 0);
	ck_assert_str_eq(cfg.file, "rel.conf");
	snprintf(want, sizeof(want), "%s/spool", tmpdir);
	ck_assert_str_eq(cfg.spool, want);
	ck_assert_int_eq(chdir(cwd), 0);

	/* through $CROND_CONFIG */
	setenv("CROND_CONFIG", path, 1);
	ck_assert_int_eq(conf_load(&cfg, NULL, err, sizeof(err)), 0);
	ck_assert_str_eq(cfg.file, path);
	unsetenv("CROND_CONFIG");
}
END_TEST

struct bad_case {
	const char	*text;
	const char	*msg;	/* after "FILE:" */
};

static const struct bad_case bad[] = {
	{ "[paths]\nspool = /x\nfoo = 1\n", "3: unknown key 'foo' in [paths]" },
	{ "[daemon]\nspool = /x\n", "2: unknown key 'spool' in [daemon]" },
	{ "[path]\nspool = /x\n", "1: unknown section [path]" },
	{ "\n[]\n", "2: unknown section []" },
	{ "spool = /x\n", "1: key 'spool' outside a section" },
	{ "[paths]\nspool\n",
	    "2: syntax error (expected [section] or key = value)" },
	{ "[paths\n", "1: syntax error (expected [section] or key = value)" },
	{ "[paths]\nspool =\n", "2: 'spool' must not be empty" },
	{ "[paths]\nsocket = \n", "2: 'socket' must not be empty" },
	{ "[daemon]\nmailer =\n", "2: 'mailer' must not be empty (use 'off')" },
	{ "[daemon]\nmax-jobs = -1\n",
	    "2: bad max-jobs '-1': too small (0 to 100000)" },
	{ "[daemon]\nmax-jobs = 100001\n",
	    "2: bad max-jobs '100001': too large (0 to 100000)" },
	{ "[daemon]\nmax-jobs = 1x\n",
	    "2: bad max-jobs '1x': invalid (0 to 100000)" },
	{ "[daemon]\nlog-level = verbose\n", "2: bad log-level 'verbose' "
	    "(err, warning, notice, info or debug)" },
	{ "[daemon]\nlog-level = INFO\n", "2: bad log-level 'INFO' "
	    "(err, warning, notice, info or debug)" },
	{ "[daemon]\noutput-max = 65M\n", "2: bad output-max '65M' "
	    "(bytes, with K or M, at most 64M)" },
	{ "[daemon]\noutput-max = 1G\n", "2: bad output-max '1G' "
	    "(bytes, with K or M, at most 64M)" },
	{ "[daemon]\noutput-max = K\n", "2: bad output-max 'K' "
	    "(bytes, with K or M, at most 64M)" },
	{ "[daemon]\noutput-max = 99999999999999999999\n",
	    "2: bad output-max '99999999999999999999' "
	    "(bytes, with K or M, at most 64M)" },
	{ "[paths]\r\nspool = /x\r\n",
	    "1: carriage return: DOS line endings?" },
	{ "[paths]\nspool = /x\0y\n", "2: NUL byte in line" },
	/* the first error is the one reported */
	{ "[paths]\nbar = 1\n[nope]\n", "2: unknown key 'bar' in [paths]" },
	{ "[nope]\nbar = 1\n[paths]\nfoo = 2\n", "1: unknown section [nope]" },
};

START_TEST(test_bad)
{
	const struct bad_case *c = &bad[_i];
	struct conf cfg;
	char err[512] = "", want[PATH_MAX + 256], path[PATH_MAX];
	size_t len;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/bad.conf", tmpdir);
	fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	/* the NUL case: write up to the last newline, NUL included */
	len = strlen(c->text);
	if (strstr(c->msg, "NUL") != NULL)
		len = strlen(c->text) + 1 + strlen(c->text + strlen(c->text) + 1);
	ck_assert_uint_eq(fwrite(c->text, 1, len, fp), len);
	ck_assert_int_eq(fclose(fp), 0);

	ck_assert_int_eq(conf_load(&cfg, path, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s:%s", path, c->msg);
	ck_assert_str_eq(err, want);
	/* a failed load leaves the defaults */
	ck_assert_str_eq(cfg.spool, SPOOLDIR);
}
END_TEST

START_TEST(test_long_line)
{
	struct conf cfg;
	char err[512], want[PATH_MAX + 256], text[600];
	const char *path;
	int n;

	/* 198 bytes without the newline: the longest line accepted */
	n = snprintf(text, sizeof(text), "[paths]\nspool = /");
	memset(text + n, 'a', 198 - (n - 8));
	snprintf(text + 8 + 198, sizeof(text) - 8 - 198, "\n");
	path = write_file("long.conf", text);
	ck_assert_msg(conf_load(&cfg, path, err, sizeof(err)) == 0, "%s",
	    err);
	ck_assert_uint_eq(strlen(cfg.spool), 198 - strlen("spool = "));

	/* one more byte is refused, never cut */
	snprintf(text + 8 + 198, sizeof(text) - 8 - 198, "a\n");
	path = write_file("long.conf", text);
	ck_assert_int_eq(conf_load(&cfg, path, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s:2: line too long (198 bytes at most)",
	    path);
	ck_assert_str_eq(err, want);
}
END_TEST

static Suite *
config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("load");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_default_file_absent);
	tcase_add_test(tc, test_full);
	tcase_add_test(tc, test_sizes);
	tcase_add_test(tc, test_relative);
	tcase_add_loop_test(tc, test_bad, 0, sizeof(bad) / sizeof(bad[0]));
	tcase_add_test(tc, test_long_line);
	suite_add_tcase(s, tc);
	return s;
}

CHECK_MAIN(config_suite)
