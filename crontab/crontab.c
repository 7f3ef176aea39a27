/*
 * crontab.c: crontab(1): arguments, who is asking and for whom, the access
 * check, and the dispatch to list, remove, replace, edit or test.
 * The program runs set-group-ID crontab: priv_init lowers that at once and
 * it is raised only around the spool and the allow/deny files.  A config
 * named by a non-root caller (-C or $CROND_CONFIG) drops it for good before
 * anything is read: "user mode", with the caller's own rights only, on a
 * spool the caller owns; there owners are left alone.
 */
#include "config.h"		/* autoconf's: _GNU_SOURCE */

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf.h"	/* crond.conf, not autoconf's */
#include "crontab.h"
#include "access.h"
#include "audit.h"
#include "check.h"
#include "edit.h"
#include "input.h"
#include "priv.h"
#include "spool.h"

#define CRONTAB_GROUP	"crontab"

enum op { OP_NONE, OP_LIST, OP_REMOVE, OP_EDIT, OP_TEST, OP_REPLACE };

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr,
	    "usage: crontab [-C config] [-u user] file | -\n"
	    "       crontab [-C config] [-u user] -l | -r [-i] | -e\n"
	    "       crontab [-C config] -T file\n");
	exit(1);
}

static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;

	fputs("crontab: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* Raises the set-group-id or dies. */
static void
raise_or_die(void)
{
	if (priv_raise() == -1)
		die("setegid: %s", strerror(errno));
}

static int
do_list(const struct conf *cfg, const char *caller, const char *user)
{
	char *buf, err[1024];
	size_t len;
	int r;

	raise_or_die();
	r = spool_read(cfg->spool, user, &buf, &len, err, sizeof(err));
	priv_lower();
	if (r == -1)
		die("%s", err);
	if (r == 1)
		die("no crontab for %s", user);
	audit_log(caller, "LIST", user);
	if (fwrite(buf, 1, len, stdout) != len || fflush(stdout) == EOF)
		die("standard output: %s", strerror(errno));
	free(buf);
	return 0;
}

/* Asks the -i question; true for yes.  End of input is no. */
static bool
ask_delete(const char *user)
{
	char *line = NULL;
	size_t size = 0;
	bool yes;

	for (;;) {
		fprintf(stderr, "crontab: really delete %s's crontab? (y/n) ",
		    user);
		fflush(stderr);
		if (getline(&line, &size, stdin) == -1) {
			fputc('\n', stderr);
			yes = false;
			break;
		}
		if (line[0] == 'y' || line[0] == 'Y' || line[0] == 'n' ||
		    line[0] == 'N') {
			yes = line[0] == 'y' || line[0] == 'Y';
			break;
		}
		fputs("Please answer y or n.\n", stderr);
	}
	free(line);
	return yes;
}

static int
do_remove(const struct conf *cfg, const char *caller, const char *user,
    bool ask)
{
	char path[CONF_PATH_MAX + 256], err[1024];
	struct stat st;
	int r;

	if (ask) {
		snprintf(path, sizeof(path), "%s/%s", cfg->spool, user);
		raise_or_die();
		r = lstat(path, &st);
		priv_lower();
		if (r == -1 && errno == ENOENT)
			die("no crontab for %s", user);
		if (!ask_delete(user))
			return 0;
	}
	raise_or_die();
	r = spool_remove(cfg->spool, user, err, sizeof(err));
	priv_lower();
	if (r == -1)
		die("%s", err);
	if (r == 1)
		die("no crontab for %s", user);
	audit_log(caller, "DELETE", user);
	return 0;
}

/* -T FILE, or FILE / - to install. */
static int
do_file(const struct conf *cfg, const char *caller, const char *user,
    const struct spool_owner *owner, const char *file, bool install)
{
	char *buf, err[CONF_PATH_MAX + 1024];
	const char *name;
	size_t len;
	long nerr;
	int r;

	/* read with the caller's own ids: the set-group-id is lowered */
	if (input_read(file, CT_FILE_MAX, &buf, &len, err, sizeof(err)) == -1)
		die("%s", err + strlen("crontab: "));
	name = strcmp(file, "-") == 0 ? "(standard input)" : file;
	nerr = check_crontab(buf, len, name);
	if (nerr != 0) {
		free(buf);
		if (install && nerr > 0)
			fprintf(stderr, "crontab: errors in crontab file, "
			    "can't install.\n");
		return 1;
	}
	if (!install) {
		free(buf);
		return 0;
	}
	raise_or_die();
	r = spool_install(cfg->spool, user, owner, buf, len, err,
	    sizeof(err));
	priv_lower();
	free(buf);
	if (r == -1)
		die("%s", err);
	audit_log(caller, "REPLACE", user);
	return 0;
}

int
main(int argc, char *argv[])
{
	struct conf cfg;
	struct spool_owner owner = { false, (uid_t)-1, (gid_t)-1 };
	struct edit_req edit;
	struct passwd *pw;
	struct group *gr;
	enum op op = OP_NONE;
	const char *confpath = NULL, *target = NULL, *file = NULL, *env;
	char caller[256], user[256], home[CONF_PATH_MAX], err[8192];
	char **orig_env;
	bool ask = false, root;
	int ch;

	if (priv_init(err, sizeof(err)) == -1)
		die("%s", err);
	umask(077);
	/* a write past RLIMIT_FSIZE fails instead of killing us mid-install */
	signal(SIGXFSZ, SIG_IGN);
	root = getuid() == 0;

	while ((ch = getopt(argc, argv, "+C:u:lrieT:")) != -1) {
		switch (ch) {
		case 'C':
			confpath = optarg;
			break;
		case 'u':
			target = optarg;
			break;
		case 'l':
		case 'r':
		case 'e':
		case 'T':
			if (op != OP_NONE)
				usage();
			op = ch == 'l' ? OP_LIST : ch == 'r' ? OP_REMOVE :
			    ch == 'e' ? OP_EDIT : OP_TEST;
			if (ch == 'T')
				file = optarg;
			break;
		case 'i':
			ask = true;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (op == OP_NONE) {
		if (argc != 1)
			usage();
		op = OP_REPLACE;
		file = argv[0];
	} else if (argc != 0)
		usage();
	if (ask && op != OP_REMOVE)
		usage();

	if (confpath == NULL && (env = getenv("CROND_CONFIG")) != NULL &&
	    *env != '\0')
		confpath = env;
	/* a config of the caller's choosing: no privileges at all */

	if (confpath != NULL && !root && priv_drop() == -1)
		die("cannot drop privileges: %s", strerror(errno));

	if ((pw = getpwuid(getuid())) == NULL)
		die("your user id %lu is unknown", (unsigned long)getuid());
	if (strlcpy(caller, pw->pw_name, sizeof(caller)) >= sizeof(caller) ||
	    strlcpy(home, pw->pw_dir, sizeof(home)) >= sizeof(home))
		die("your user name or home is too long");
	orig_env = NULL;
	if (priv_setid())
		orig_env = priv_clean_env(home, caller);
	audit_open();

	if (target != NULL) {
		if (!root)
			die("must be privileged to use -u");
		if ((pw = getpwnam(target)) == NULL)
			die("user '%s' unknown", target);
	} else
		pw = getpwuid(getuid());
	if (pw == NULL)
		die("your user id %lu is unknown", (unsigned long)getuid());
	if (strlcpy(user, pw->pw_name, sizeof(user)) >= sizeof(user) ||
	    !spool_name_ok(user))
		die("user name '%s' cannot name a crontab", pw->pw_name);
	if (root) {
		owner.chown = true;
		owner.uid = pw->pw_uid;
		gr = getgrnam(CRONTAB_GROUP);
		owner.gid = gr != NULL ? gr->gr_gid : (gid_t)-1;
	}

	/* /etc/crond.conf is world-readable: read with our own ids */
	if (conf_load(&cfg, confpath, err, sizeof(err)) == -1)
		die("%s", err);

	if (op == OP_TEST)
		return do_file(&cfg, caller, user, &owner, file, false);

	raise_or_die();
	if (!access_allowed(cfg.allow, cfg.deny, caller, root, err,
	    sizeof(err))) {
		priv_lower();
		if (err[0] != '\0')
			fprintf(stderr, "crontab: %s\n", err);
		audit_log(caller, "AUTH", "crontab command not allowed");
		die("you (%s) are not allowed to use crontab; see crontab(1)",
		    caller);
	}
	priv_lower();

	switch (op) {
	case OP_LIST:
		return do_list(&cfg, caller, user);
	case OP_REMOVE:
		return do_remove(&cfg, caller, user, ask);
	case OP_REPLACE:
		return do_file(&cfg, caller, user, &owner, file, true);
	case OP_EDIT:
		edit.spool = cfg.spool;
		edit.user = user;
		edit.caller = caller;
		edit.owner = &owner;
		edit.ignore_tmpdir = priv_setid();
		edit.editor_env = orig_env;
		return edit_run(&edit);
	default:
		usage();
	}
}
