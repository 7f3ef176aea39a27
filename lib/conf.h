/*
 * conf.h: crond.conf, the INI file read by crond, crontab and cronctl
 * (/etc/crond.conf, or -C FILE, or $CROND_CONFIG).  Every key is optional;
 * defaults are the paths baked in at build time.  A relative path is taken
 * relative to the config file's folder.
 */
#ifndef CONF_H
#define CONF_H

#include <stddef.h>

#define CONF_PATH_MAX	4096

enum conf_log_level {
	LOG_LEVEL_ERR, LOG_LEVEL_WARNING, LOG_LEVEL_NOTICE, LOG_LEVEL_INFO,
	LOG_LEVEL_DEBUG
};

struct conf {
	char	file[CONF_PATH_MAX];		/* the file read, or "" */
	/* [paths]; an empty crontab or crond_d disables it */
	char	spool[CONF_PATH_MAX];
	char	crontab[CONF_PATH_MAX];
	char	crond_d[CONF_PATH_MAX];
	char	allow[CONF_PATH_MAX];
	char	deny[CONF_PATH_MAX];
	char	state[CONF_PATH_MAX];
	char	history[CONF_PATH_MAX];
	char	socket[CONF_PATH_MAX];
	char	pidfile[CONF_PATH_MAX];
	char	localtime[CONF_PATH_MAX];	/* the local zone file */
	/* [daemon] */
	char	mailer[CONF_PATH_MAX];	/* "" when "off" */
	unsigned max_jobs;			/* 0: no limit */
	enum conf_log_level log_level;
	size_t	output_max;			/* bytes */
};

/* Fills cfg with the built-in defaults. */
void	conf_defaults(struct conf *cfg);
/*
 * Reads FILE over the defaults.  path NULL means $CROND_CONFIG if set,
 * else the default /etc/crond.conf (which may be absent: then defaults);
 * an explicitly named file must exist.  Returns 0, or -1 with
 * "FILE:LINE: what is wrong" in err (unknown section or key, bad value).
 */
int	conf_load(struct conf *cfg, const char *path, char *err,
	    size_t errlen);

/* Sets *level from its name ("err" ... "debug"); 0, or -1 if unknown. */
int	conf_log_level(const char *name, enum conf_log_level *level);

#endif
