/*
 * main.c: crond's command line, configuration, pidfile and daemon set-up;
 * everything after that is loop.c's.  Errors up to the loop go to stderr
 * (the daemon has not detached yet); after it, to the log.
 */
#include "config.h"

#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <libutil.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "log.h"
#include "loop.h"
#include "state.h"

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: crond [-fnsV] [-C config] [-L level] "
	    "[-m mailer]\n");
	exit(2);
}

/* -L: a level name, or Debian/cronie's bit mask (0: no job lines). */
static void
parse_level(const char *arg, enum conf_log_level *level)
{
	const char *errstr;
	long long n;

	if (conf_log_level(arg, level) == 0)
		return;
	n = strtonum(arg, 0, 15, &errstr);
	if (errstr != NULL)
		errx(2, "bad log level '%s' (err, warning, notice, info, "
		    "debug, or 0-15)", arg);
	*level = n == 0 ? LOG_LEVEL_NOTICE : LOG_LEVEL_INFO;
}

/* Detaches: fork, new session, fork again, /, umask, stdio on /dev/null. */
static void
daemonize(void)
{
	int fd;

	switch (fork()) {
	case -1:
		err(1, "fork");
	case 0:
		break;
	default:
		_exit(0);
	}
	if (setsid() == -1)
		err(1, "setsid");
	switch (fork()) {
	case -1:
		err(1, "fork");
	case 0:
		break;
	default:
		_exit(0);
	}
	if (chdir("/") == -1)
		err(1, "chdir /");
	umask(022);
	if ((fd = open("/dev/null", O_RDWR | O_CLOEXEC)) == -1)
		err(1, "/dev/null");
	if (dup2(fd, STDIN_FILENO) == -1 || dup2(fd, STDOUT_FILENO) == -1 ||
	    dup2(fd, STDERR_FILENO) == -1)
		err(1, "dup2");
	if (fd > STDERR_FILENO)
		close(fd);
}

/* Locks the pidfile, or exits saying who holds it. */
static struct pidfh *
lock_pidfile(const char *path)
{
	struct pidfh *pfh;
	pid_t other = 0;

	if ((pfh = pidfile_open(path, 0644, &other)) != NULL)
		return pfh;
	if (errno == EEXIST)
		errx(1, "already running (pid %ld)", (long)other);
	err(1, "%s", path);
}

int
main(int argc, char *argv[])
{
	struct conf cfg;
	struct loop_opts opts;
	struct pidfh *pfh;
	struct passwd *pw;
	const char *config = NULL, *mailer = NULL, *level = NULL;
	char errbuf[CONF_PATH_MAX + 256], user[256];
	bool foreground = false, to_syslog = false;
	int ch, rc;

	/* Messages name crond, whatever the binary is called (tests). */
	setprogname("crond");
	/* Nothing the caller left open may reach a job. */
	closefrom(STDERR_FILENO + 1);
	while ((ch = getopt(argc, argv, "fnsVC:L:m:")) != -1)
		switch (ch) {
		case 'f':
		case 'n':
			foreground = true;
			break;
		case 's':
			to_syslog = true;
			break;
		case 'V':
			printf("crond (tcron) %s\n", PACKAGE_VERSION);
			return 0;
		case 'C':
			config = optarg;
			break;
		case 'L':
			level = optarg;
			break;
		case 'm':
			mailer = optarg;
			break;
		default:
			usage();
		}
	if (optind != argc)
		usage();
	if (conf_load(&cfg, config, errbuf, sizeof(errbuf)) == -1)
		errx(1, "%s", errbuf);
	if (level != NULL)
		parse_level(level, &cfg.log_level);
	if (mailer != NULL) {
		if (strcmp(mailer, "off") == 0)
			cfg.mailer[0] = '\0';
		else if (*mailer != '/')
			errx(2, "-m: the mailer must be an absolute path or "
			    "'off'");
		else if (strlcpy(cfg.mailer, mailer, sizeof(cfg.mailer)) >=
		    sizeof(cfg.mailer))
			errx(2, "-m: path too long");
	}
	if ((pw = getpwuid(getuid())) == NULL)
		errx(1, "uid %ld has no passwd entry", (long)getuid());
	strlcpy(user, pw->pw_name, sizeof(user));

	memset(&opts, 0, sizeof(opts));
	opts.cfg = &cfg;
	opts.user_mode = geteuid() != 0;
	opts.user = user;
	opts.uid = getuid();
	opts.to_syslog = to_syslog;
	opts.boot_id_path = STATE_BOOT_ID_PATH;

	pfh = lock_pidfile(cfg.pidfile);
	if (!foreground)
		daemonize();
	if (pidfile_write(pfh) == -1)
		warn("%s", cfg.pidfile);
	log_open(foreground && !log_stderr_is_journal(), cfg.log_level);
	rc = loop_run(&opts);
	pidfile_remove(pfh);
	log_close();
	return rc;
}
