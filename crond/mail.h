/*
 * mail.h: mailing a job's output as cron does, through sendmail(8) run as
 * the job's user, with cron's headers (From, To, "Subject: Cron
 * <user@host> command", X-Cron-Env lines).
 */
#ifndef MAIL_H
#define MAIL_H

#include <stddef.h>
#include <stdint.h>

#include "runner.h"

#define MAIL_SUBJECT_MAX	900	/* bytes of command in Subject */

/* One message.  Everything is borrowed for the call only. */
struct mail_msg {
	const char	*mailer;	/* absolute path of sendmail */
	const char	*to;		/* from mail_recipient */
	const char	*host;		/* NULL: the host name's first label */
	const char	*command;	/* for Subject; control bytes blanked */
	const char	*body;		/* the kept output */
	size_t		 bodylen;
	uint64_t	 dropped;	/* output bytes not kept: noted at the end */
};

enum mail_to {
	MAIL_NONE,		/* MAILTO="" */
	MAIL_TO,		/* *to is the recipient list */
	MAIL_BAD		/* MAILTO refused by crontab_mailto_ok */
};

/*
 * Whom job's output goes to: the last MAILTO in its variables, or the
 * job's user if none.  *to is borrowed from job.
 */
enum mail_to	mail_recipient(const struct runner_job *job, const char **to);

/*
 * Starts mailing msg: a helper child takes job's identity (as
 * runner_start; job->command and job->input are ignored), runs
 * "MAILER -FCronDaemon -i -B8BITMIME -oem -t [-f MAILFROM]" with the
 * job's environment and writes the message to its stdin, then exits with
 * the mailer's status (128 + signal if it was killed, 127 if it could not
 * run).  out is as for runner_start: the mailer's own messages come on
 * out_fd, and the caller reaps out->pid.  Returns 0, or -1 with err.
 */
int	mail_start(const struct runner_job *job, const struct mail_msg *msg,
	    struct runner_child *out, char *err, size_t errlen);

#endif
