/*
 * history.h: the run history, one text line per event (DESIGN.md §5):
 *
 *   time event user job run attempt trigger due pid outcome status duration
 *
 * separated by single tabs and ended by '\n'.  time and due are RFC 3339
 * UTC with microseconds ("2026-11-23T17:00:00.000123Z"); a field that does
 * not apply is "-".  user and job come from users, so in those two fields
 * a backslash is written "\\", a tab "\t", a newline "\n", and every other
 * byte below 0x20 and 0x7f as "\xHH" (lower-case hex); bytes from 0x80 up
 * pass unchanged, so UTF-8 names stay readable.  A line therefore never
 * holds a stray separator or control byte, and hist_parse undoes exactly
 * what hist_format does (anything else is refused).
 *
 * The run id is a 64-bit counter written in decimal, starting at 1; the
 * daemon keeps it unique across restarts (it resumes from the largest id
 * in the history or its state dir).  0 means "no run" and is written "-".
 *
 * The writer appends each line with one write(2) on an O_APPEND descriptor
 * and removes the bytes of a short write, so the file only ever holds
 * whole lines.  The caller must ignore SIGXFSZ, or a file size limit kills
 * it instead of failing the write.
 */
#ifndef HISTORY_H
#define HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Longest user and job name, in bytes before escaping. */
#define HIST_USER_MAX	256		/* with the NUL */
#define HIST_JOB_MAX	1024		/* with the NUL */
/* Any valid record formats within this, with the '\n' and the NUL. */
#define HIST_LINE_MAX	8192

/* An instant: seconds since the epoch, UTC, and microseconds 0-999999. */
struct hist_time {
	int64_t	sec;
	int32_t	usec;
};

enum hist_event {
	HIST_START,
	HIST_END,
	HIST_SKIP,
	HIST_ERROR
};

enum hist_trigger {
	HIST_SCHEDULE,
	HIST_RETRY,
	HIST_AFTER,
	HIST_MANUAL,
	HIST_CATCH_UP,
	HIST_REBOOT
};

enum hist_outcome {
	HIST_OUT_NONE,			/* "-" */
	HIST_OUT_OK,
	HIST_OUT_FAIL,
	HIST_OUT_TIMEOUT,
	HIST_OUT_KILLED,
	HIST_OUT_LOST,
	HIST_OUT_OVERLAP,
	HIST_OUT_DEPS_FAILED
};

enum hist_status_kind {
	HIST_STATUS_NONE,		/* "-" */
	HIST_STATUS_EXIT,		/* code 0-255, written "1" */
	HIST_STATUS_SIGNAL		/* signal 1-127, written "SIGKILL" */
};

struct hist_status {
	enum hist_status_kind	kind;
	int			code;
};

struct hist_record {
	struct hist_time	time;
	enum hist_event		event;
	char			user[HIST_USER_MAX];	/* not empty */
	char			job[HIST_JOB_MAX];	/* not empty */
	uint64_t		run;		/* 0: none */
	int			attempt;	/* 1 for a first try; >= 0 */
	enum hist_trigger	trigger;
	bool			has_due;
	struct hist_time	due;		/* when has_due */
	pid_t			pid;		/* 0: none */
	enum hist_outcome	outcome;
	struct hist_status	status;
	int64_t			duration;	/* microseconds; -1: none */
};

/* Names as written in the file ("start", "catch-up", "deps-failed"). */
const char	*hist_event_name(enum hist_event);
const char	*hist_trigger_name(enum hist_trigger);
const char	*hist_outcome_name(enum hist_outcome);

/* Fills *st from a waitpid(2) status: an exit code or a signal. */
void	hist_status_from_wait(int wstatus, struct hist_status *st);

/*
 * Writes r as one line ending in '\n' into buf.  Returns the line's
 * length, or -1 with a message in err if a field is out of range or buf
 * is too small (HIST_LINE_MAX always suffices).
 */
ssize_t	hist_format(const struct hist_record *r, char *buf, size_t len,
	    char *err, size_t errlen);

/*
 * Reads one line (its '\n' optional) into *r.  Returns 0, or -1 with a
 * message in err naming the field at fault.
 */
int	hist_parse(const char *line, struct hist_record *r, char *err,
	    size_t errlen);

/*
 * Called by hist_scan for each line, numbered from 1: with the record
 * and error NULL, or with r NULL and error saying why the line was
 * skipped.  Both are valid only during the call.  A non-zero return
 * stops the scan.
 */
typedef int	hist_scan_fn(void *ctx, unsigned long lineno,
		    const struct hist_record *r, const char *error);

/*
 * Reads the history at path line by line with a bounded buffer; the path
 * is not followed if it is a symbolic link.  Returns 0 at the end of the
 * file, the callback's value if it stopped the scan, or -1 with a
 * message in err if the file cannot be opened or read.
 */
int	hist_scan(const char *path, hist_scan_fn *fn, void *ctx, char *err,
	    size_t errlen);

/* A history file open for appending; opaque. */
struct hist;

/*
 * Opens (creating, mode 0640 less the umask) the history at path for
 * appending.  Returns a handle the caller frees with hist_free, or NULL
 * with a message in err.  A symbolic link or a non-regular file at path
 * is refused.
 */
struct hist	*hist_open(const char *path, char *err, size_t errlen);

/*
 * Appends r as one line with one write(2).  First checks that the path
 * still names the open file and reopens it if it was rotated away or
 * removed.  Returns 0, or -1 with a message in err: nothing was written
 * (a short write is cut back off), or the path is now a symbolic link.
 */
int	hist_append(struct hist *h, const struct hist_record *r, char *err,
	    size_t errlen);

/*
 * Reopens the path (for SIGHUP).  Returns 0, or -1 with a message in err
 * and the previous file still in use.
 */
int	hist_reopen(struct hist *h, char *err, size_t errlen);

/* Closes and frees h; NULL is a no-op. */
void	hist_free(struct hist *h);

#endif
