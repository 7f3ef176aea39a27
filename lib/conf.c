/*
 * conf.c: crond.conf.  The file goes through our own line reader into
 * inih's ini_parse_stream: the reader numbers lines, refuses NUL bytes and
 * lines inih would cut (it keeps INI_MAX_LINE bytes), strips leading blanks
 * (so inih never sees a continuation line) and checks section names; the
 * handler checks keys and values.  Only the first error is reported.
 * The system inih ends a value at " ;" (inline comment): values here are
 * paths and numbers, so that is documented rather than worked around.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ini.h>

#include "conf.h"

#ifndef SYSCONFDIR
#define SYSCONFDIR	"/etc"
#endif
#ifndef SPOOLDIR
#define SPOOLDIR	"/var/spool/cron/crontabs"
#endif
#ifndef LOCALSTATEDIR
#define LOCALSTATEDIR	"/var"
#endif
#ifndef RUNSTATEDIR
#define RUNSTATEDIR	"/run"
#endif

#define CONFIG_DEFAULT_FILE	SYSCONFDIR "/crond.conf"
#define CONFIG_MAX_JOBS		100000
#define CONFIG_OUTPUT_MAX	(64UL * 1024 * 1024)

/* State shared by the reader and the handler of one conf_load. */
struct conf_ctx {
	struct conf	*cfg;
	FILE		*fp;
	const char	*file;		/* as named, for messages */
	char		 dir[CONF_PATH_MAX];	/* absolute folder of file */
	int		 line;		/* last line handed to inih */
	bool		 bad_section;	/* inside an unknown section */
	int		 err_line;	/* first error's line, 0 if none */
	char		 err[512];	/* its message, without FILE:LINE */
	char		*buf;
	size_t		 bufsize;
};

void
conf_defaults(struct conf *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	strlcpy(cfg->spool, SPOOLDIR, sizeof(cfg->spool));
	strlcpy(cfg->crontab, SYSCONFDIR "/crontab", sizeof(cfg->crontab));
	strlcpy(cfg->crond_d, SYSCONFDIR "/cron.d", sizeof(cfg->crond_d));
	strlcpy(cfg->allow, SYSCONFDIR "/cron.allow", sizeof(cfg->allow));
	strlcpy(cfg->deny, SYSCONFDIR "/cron.deny", sizeof(cfg->deny));
	strlcpy(cfg->state, LOCALSTATEDIR "/lib/crond", sizeof(cfg->state));
	strlcpy(cfg->history, LOCALSTATEDIR "/log/cron/history",
	    sizeof(cfg->history));
	strlcpy(cfg->socket, RUNSTATEDIR "/crond.sock", sizeof(cfg->socket));
	strlcpy(cfg->pidfile, RUNSTATEDIR "/crond.pid", sizeof(cfg->pidfile));
	strlcpy(cfg->localtime, "/etc/localtime",
	    sizeof(cfg->localtime));
	strlcpy(cfg->mailer, "/usr/sbin/sendmail", sizeof(cfg->mailer));
	cfg->max_jobs = 0;
	cfg->log_level = LOG_LEVEL_INFO;
	cfg->output_max = 64 * 1024;
}

/* Records an error at line unless an earlier one is already kept. */
static void __attribute__((format(printf, 3, 4)))
conf_error(struct conf_ctx *ctx, int line, const char *fmt, ...)
{
	va_list ap;

	if (ctx->err_line != 0 && ctx->err_line <= line)
		return;
	ctx->err_line = line;
	va_start(ap, fmt);
	vsnprintf(ctx->err, sizeof(ctx->err), fmt, ap);
	va_end(ap);
}

static bool
conf_known_section(const char *name)
{
	return strcmp(name, "paths") == 0 || strcmp(name, "daemon") == 0;
}

/*
 * The ini_reader: hands inih one line at a time, like fgets, without its
 * newline.  Returns NULL at the end of the file or on a line it cannot
 * carry whole (the error is recorded; inih stops there).
 */
static char *
conf_reader(char *str, int num, void *stream)
{
	struct conf_ctx *ctx = stream;
	ssize_t n;
	char *p, *end;

	errno = 0;
	n = getline(&ctx->buf, &ctx->bufsize, ctx->fp);
	if (n < 0) {
		if (errno != 0)
			conf_error(ctx, ctx->line + 1, "%s", strerror(errno));
		return NULL;
	}
	ctx->line++;
	if (n > 0 && ctx->buf[n - 1] == '\n')
		n--;
	if (memchr(ctx->buf, '\0', (size_t)n) != NULL) {
		conf_error(ctx, ctx->line, "NUL byte in line");
		return NULL;
	}
	if (n > 0 && ctx->buf[n - 1] == '\r') {
		conf_error(ctx, ctx->line,
		    "carriage return: DOS line endings?");
		return NULL;
	}
	ctx->buf[n] = '\0';
	/* inih keeps num - 1 bytes, and counts a newline we dropped. */
	if (n > num - 2) {
		conf_error(ctx, ctx->line,
		    "line too long (%d bytes at most)", num - 2);
		return NULL;
	}
	for (p = ctx->buf; *p == ' ' || *p == '\t'; p++)
		;
	memcpy(str, p, strlen(p) + 1);

	if (*p == '[') {
		end = strchr(p, ']');
		if (end == NULL)
			return str;	/* inih reports the syntax error */
		*end = '\0';
		ctx->bad_section = !conf_known_section(p + 1);
		if (ctx->bad_section)
			conf_error(ctx, ctx->line, "unknown section [%s]",
			    p + 1);
		*end = ']';
	}
	return str;
}

/* Stores value as a path, joined to the config's folder if relative. */
static int
conf_set_path(struct conf_ctx *ctx, char *dst, const char *key,
    const char *value, bool may_be_empty)
{
	int n;

	if (*value == '\0') {
		if (!may_be_empty) {
			conf_error(ctx, ctx->line,
			    "'%s' must not be empty", key);
			return 0;
		}
		dst[0] = '\0';
		return 1;
	}
	if (value[0] == '/')
		n = snprintf(dst, CONF_PATH_MAX, "%s", value);
	else
		n = snprintf(dst, CONF_PATH_MAX, "%s/%s", ctx->dir, value);
	if (n < 0 || n >= CONF_PATH_MAX) {
		conf_error(ctx, ctx->line, "'%s': path too long", key);
		return 0;
	}
	return 1;
}

/* Parses a byte count: digits with an optional K or M suffix. */
static int
conf_parse_size(const char *s, size_t *out)
{
	unsigned long long v = 0, mult = 1;
	const char *p = s;

	if (!isdigit((unsigned char)*p))
		return -1;
	for (; isdigit((unsigned char)*p); p++) {
		v = v * 10 + (unsigned)(*p - '0');
		if (v > CONFIG_OUTPUT_MAX)
			return -1;
	}
	if (*p == 'K' || *p == 'k')
		mult = 1024, p++;
	else if (*p == 'M' || *p == 'm')
		mult = 1024 * 1024, p++;
	if (*p != '\0' || v * mult > CONFIG_OUTPUT_MAX)
		return -1;
	*out = (size_t)(v * mult);
	return 0;
}

static int
conf_paths_key(struct conf_ctx *ctx, const char *key, const char *value)
{
	static const struct {
		const char	*key;
		size_t		 off;
		bool		 may_be_empty;
	} keys[] = {
		{ "spool", offsetof(struct conf, spool), false },
		{ "crontab", offsetof(struct conf, crontab), true },
		{ "cron.d", offsetof(struct conf, crond_d), true },
		{ "allow", offsetof(struct conf, allow), false },
		{ "deny", offsetof(struct conf, deny), false },
		{ "state", offsetof(struct conf, state), false },
		{ "history", offsetof(struct conf, history), false },
		{ "socket", offsetof(struct conf, socket), false },
		{ "pidfile", offsetof(struct conf, pidfile), false },
		{ "localtime", offsetof(struct conf, localtime), false },
	};
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(key, keys[i].key) == 0)
			return conf_set_path(ctx,
			    (char *)ctx->cfg + keys[i].off, key, value,
			    keys[i].may_be_empty);
	conf_error(ctx, ctx->line, "unknown key '%s' in [paths]", key);
	return 0;
}

int
conf_log_level(const char *name, enum conf_log_level *level)
{
	static const char *const levels[] = {
		[LOG_LEVEL_ERR] = "err", [LOG_LEVEL_WARNING] = "warning",
		[LOG_LEVEL_NOTICE] = "notice", [LOG_LEVEL_INFO] = "info",
		[LOG_LEVEL_DEBUG] = "debug",
	};
	size_t i;

	for (i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
		if (strcmp(name, levels[i]) == 0) {
			*level = (enum conf_log_level)i;
			return 0;
		}
	return -1;
}

static int
conf_daemon_key(struct conf_ctx *ctx, const char *key, const char *value)
{
	struct conf *cfg = ctx->cfg;
	const char *errstr;
	long long n;

	if (strcmp(key, "mailer") == 0) {
		if (strcmp(value, "off") == 0) {
			cfg->mailer[0] = '\0';
			return 1;
		}
		if (*value == '\0') {
			conf_error(ctx, ctx->line,
			    "'mailer' must not be empty (use 'off')");
			return 0;
		}
		return conf_set_path(ctx, cfg->mailer, key, value, false);
	}
	if (strcmp(key, "max-jobs") == 0) {
		n = strtonum(value, 0, CONFIG_MAX_JOBS, &errstr);
		if (errstr != NULL) {
			conf_error(ctx, ctx->line,
			    "bad max-jobs '%s': %s (0 to %d)", value, errstr,
			    CONFIG_MAX_JOBS);
			return 0;
		}
		cfg->max_jobs = (unsigned)n;
		return 1;
	}
	if (strcmp(key, "log-level") == 0) {
		if (conf_log_level(value, &cfg->log_level) == 0)
			return 1;
		conf_error(ctx, ctx->line, "bad log-level '%s' (err, "
		    "warning, notice, info or debug)", value);
		return 0;
	}
	if (strcmp(key, "output-max") == 0) {
		if (conf_parse_size(value, &cfg->output_max) == -1) {
			conf_error(ctx, ctx->line, "bad output-max '%s' "
			    "(bytes, with K or M, at most 64M)", value);
			return 0;
		}
		return 1;
	}
	conf_error(ctx, ctx->line, "unknown key '%s' in [daemon]", key);
	return 0;
}

/* The ini_handler: one key = value line of the current section. */
static int
conf_handler(void *user, const char *section, const char *key,
    const char *value)
{
	struct conf_ctx *ctx = user;

	if (strcmp(section, "paths") == 0)
		return conf_paths_key(ctx, key, value);
	if (strcmp(section, "daemon") == 0)
		return conf_daemon_key(ctx, key, value);
	if (*section == '\0') {
		conf_error(ctx, ctx->line, "key '%s' outside a section",
		    key);
		return 0;
	}
	/* the unknown section itself was reported by the reader */
	return 0;
}

/* Fills ctx->dir with the absolute folder holding path. */
static int
conf_folder(struct conf_ctx *ctx, const char *path)
{
	char cwd[CONF_PATH_MAX];
	const char *slash = strrchr(path, '/');
	int n;

	if (path[0] == '/') {
		n = snprintf(ctx->dir, sizeof(ctx->dir), "%.*s",
		    (int)(slash - path), path);
		/* "" for the root folder: paths are joined with a '/' */
	} else {
		if (getcwd(cwd, sizeof(cwd)) == NULL)
			return -1;
		if (slash == NULL)
			n = snprintf(ctx->dir, sizeof(ctx->dir), "%s",
			    strcmp(cwd, "/") == 0 ? "" : cwd);
		else
			n = snprintf(ctx->dir, sizeof(ctx->dir), "%s/%.*s",
			    strcmp(cwd, "/") == 0 ? "" : cwd,
			    (int)(slash - path), path);
	}
	if (n < 0 || (size_t)n >= sizeof(ctx->dir)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

int
conf_load(struct conf *cfg, const char *path, char *err, size_t errlen)
{
	struct conf_ctx ctx;
	const char *env;
	bool must_exist = true;
	int rc = -1, ret;

	conf_defaults(cfg);
	if (path == NULL) {
		env = getenv("CROND_CONFIG");
		if (env != NULL && *env != '\0')
			path = env;
		else {
			path = CONFIG_DEFAULT_FILE;
			must_exist = false;
		}
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.cfg = cfg;
	ctx.file = path;
	if (strlen(path) >= sizeof(cfg->file)) {
		snprintf(err, errlen, "%s: path too long", path);
		return -1;
	}
	ctx.fp = fopen(path, "re");
	if (ctx.fp == NULL) {
		if (errno == ENOENT && !must_exist)
			return 0;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (conf_folder(&ctx, path) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	strlcpy(cfg->file, path, sizeof(cfg->file));

	ret = ini_parse_stream(conf_reader, &ctx, conf_handler, &ctx);
	if (ret == -2) {
		snprintf(err, errlen, "%s: out of memory", path);
		goto out;
	}
	/* a line inih refused without calling the handler */
	if (ret > 0)
		conf_error(&ctx, ret, "syntax error (expected [section] "
		    "or key = value)");
	if (ctx.err_line != 0) {
		snprintf(err, errlen, "%s:%d: %s", path, ctx.err_line,
		    ctx.err);
		goto out;
	}
	rc = 0;
out:
	free(ctx.buf);
	fclose(ctx.fp);
	if (rc == -1)
		conf_defaults(cfg);
	return rc;
}
