/*
 * dbload.c: a parsed crontab into the scheduling core.  Builds the core's
 * job definitions from the entries (following CRON_TZ along the file,
 * skipping other users' lines in user mode and lines whose zone does not
 * load), shares CRON_TZ zones between records through a reference-counted
 * cache, and swaps a record's crontab only once the core has the new one.
 * Also the log-line helpers of the database.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "dbint.h"

/* CRON_TZ lines logged per load; the rest are counted. */
#define ZONE_ERRORS_MAX	CT_ERRORS_MAX

/* --- logging ---------------------------------------------------------- */

void
db_logf(const struct db *db, int priority, const char *user, const char *tag,
    const char *fmt, ...)
{
	char text[PATH_MAX + 2 * CT_ERR_MAX], u[NAME_MAX + 1];
	va_list ap;

	if (db->log == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	snprintf(u, sizeof(u), "%s", user);
	/* control bytes from file names are the log's to escape (log.c) */
	db->log(db->log_arg, priority, u, tag, text);
}

const char *
db_file_owner(const struct db_file *f)
{
	return f->origin == FROM_SPOOL ? f->key : DB_SYSTEM_USER;
}

void
db_log_errors(const struct db *db, const struct db_file *f,
    const struct crontab *ct)
{
	char buf[PATH_MAX + CT_ERR_MAX + 32];
	size_t i;

	for (i = 0; i < ct->nerrors; i++)
		db_logf(db, LOG_ERR, db_file_owner(f), "ERROR", "%s",
		    crontab_error_string(ct, i, f->path, buf, sizeof(buf)));
	if (ct->nerrors_total > ct->nerrors)
		db_logf(db, LOG_ERR, db_file_owner(f), "ERROR",
		    "%s: %zu more errors not shown", f->path,
		    ct->nerrors_total - ct->nerrors);
}

/* --- zones ------------------------------------------------------------ */

/* The cached zone called name, loading it if needed; NULL with err. */
static struct db_zone *
zone_get(struct db *db, const char *name, char *err, size_t errlen)
{
	struct db_zone *z;

	for (z = db->zones; z != NULL; z = z->next)
		if (strcmp(tz_name(z->tz), name) == 0)
			return z;
	if ((z = calloc(1, sizeof(*z))) == NULL) {
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		return NULL;
	}
	if ((z->tz = tz_load(name, err, errlen)) == NULL) {
		free(z);
		return NULL;
	}
	z->next = db->zones;
	db->zones = z;
	return z;
}

void
db_zone_gc(struct db *db)
{
	struct db_zone **zp = &db->zones, *z;

	while ((z = *zp) != NULL) {
		if (z->refs > 0) {
			zp = &z->next;
			continue;
		}
		*zp = z->next;
		tz_free(z->tz);
		free(z);
	}
}

static void
zones_release(struct db_zone **zones, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		zones[i]->refs--;
	free(zones);
}

/* --- building the core's jobs ----------------------------------------- */

struct build {
	struct sched_def	*defs;
	size_t			 n;
	struct db_zone		**zones;	/* referenced */
	size_t			 nzones;
	size_t			 skipped;	/* other users' lines */
	size_t			 zone_errors;
};

static void
build_undo(struct build *b)
{
	zones_release(b->zones, b->nzones);
	free(b->defs);
	memset(b, 0, sizeof(*b));
}

/* Takes a reference on z for the build, once.  -1 if out of memory. */
static int
build_ref(struct build *b, struct db_zone *z)
{
	struct db_zone **nz;
	size_t i;

	for (i = 0; i < b->nzones; i++)
		if (b->zones[i] == z)
			return 0;
	if ((nz = reallocarray(b->zones, b->nzones + 1, sizeof(*nz))) == NULL)
		return -1;
	b->zones = nz;
	b->zones[b->nzones++] = z;
	z->refs++;
	return 0;
}

/*
 * The zone for CRON_TZ value v: the local zone if empty, else the cached
 * or newly loaded zone.  0 with *tz (NULL and err if it cannot load), -1
 * if out of memory.
 */
static int
build_zone(struct db *db, struct build *b, const char *v,
    const struct tz **tz, char *err, size_t errlen)
{
	struct db_zone *z;

	*tz = NULL;
	if (v == NULL || *v == '\0') {
		*tz = db->local;
		return 0;
	}
	if ((z = zone_get(db, v, err, errlen)) == NULL)
		return 0;
	if (build_ref(b, z) == -1)
		return -1;
	*tz = z->tz;
	return 0;
}

static void
def_fill(struct sched_def *d, const struct db_file *f,
    const struct crontab *ct, const struct ct_entry *e, const struct tz *tz)
{
	d->user = f->origin == FROM_SPOOL ? NULL : e->user;
	d->when = e->when;
	d->command = e->command;
	d->input = e->input;
	d->env = ct->env;
	d->nenv = e->nenv;
	d->spec = e->spec;
	d->tz = tz;
	d->ref = e;
}

/*
 * The core's jobs for ct: its entries but other users' lines in user
 * mode and lines whose CRON_TZ zone does not load (logged if report).
 * The CRON_TZ in effect is followed along the file rather than looked up
 * per entry, so a file of many variables and entries stays linear.
 */
static int
build(struct db *db, const struct db_file *f, const struct crontab *ct,
    bool report, struct build *b)
{
	const struct ct_entry *e;
	const struct tz *tz = NULL;
	const char *v = NULL, *last_v = NULL;
	char zerr[CT_ERR_MAX] = "";
	bool resolved = false;
	size_t i, ei = 0;

	memset(b, 0, sizeof(*b));
	if ((b->defs = reallocarray(NULL, ct->nentries + 1,
	    sizeof(*b->defs))) == NULL)
		return -1;
	for (i = 0; i < ct->nentries; i++) {
		e = &ct->entries[i];
		for (; ei < e->nenv && ei < ct->nenv; ei++)
			if (strcmp(ct->env[ei].name, "CRON_TZ") == 0)
				v = ct->env[ei].value;
		if (db->user_mode && f->origin != FROM_SPOOL &&
		    strcmp(e->user, db->user) != 0) {
			b->skipped++;
			continue;
		}
		/* Once per assignment, even one that does not load. */
		if (!resolved || v != last_v) {
			if (build_zone(db, b, v, &tz, zerr,
			    sizeof(zerr)) == -1) {
				build_undo(b);
				return -1;
			}
			last_v = v;
			resolved = true;
		}
		if (tz == NULL) {
			if (report && b->zone_errors++ < ZONE_ERRORS_MAX)
				db_logf(db, LOG_ERR, db_file_owner(f), "ERROR",
				    "%s:%d: CRON_TZ: %s", f->path, e->line,
				    zerr);
			continue;
		}
		def_fill(&b->defs[b->n++], f, ct, e, tz);
	}
	if (report && b->zone_errors > ZONE_ERRORS_MAX)
		db_logf(db, LOG_ERR, db_file_owner(f), "ERROR", "%s: %zu more "
		    "lines with an unknown CRON_TZ skipped", f->path,
		    b->zone_errors - ZONE_ERRORS_MAX);
	if (report && b->skipped > 0)
		db_logf(db, LOG_INFO, db_file_owner(f), "ERROR", "%s: %zu line%s "
		    "for other users skipped in user mode", f->path,
		    b->skipped, b->skipped == 1 ? "" : "s");
	return 0;
}

int
db_drop_tab(struct db *db, struct db_file *f)
{
	if (f->tab.ct == NULL)
		return 0;
	(void)sched_drop_source(db->s, f->key);
	crontab_free((struct crontab *)f->tab.ct);
	f->tab.ct = NULL;
	zones_release(f->zones, f->nzones);
	f->zones = NULL;
	f->nzones = 0;
	db->nloaded--;
	db_zone_gc(db);
	return 1;
}

int
db_load_tab(struct db *db, struct db_file *f, const struct crontab *ct,
    bool report, int64_t now)
{
	struct build b;

	if (build(db, f, ct, report, &b) == -1) {
		db_zone_gc(db);
		return -1;
	}
	if (sched_load_source(db->s, f->key, b.defs, b.n, now) == -1) {
		build_undo(&b);
		db_zone_gc(db);
		return -1;
	}
	free(b.defs);
	zones_release(f->zones, f->nzones);
	f->zones = b.zones;
	f->nzones = b.nzones;
	f->local = db->local;
	if (f->tab.ct == NULL)
		db->nloaded++;
	else if (f->tab.ct != ct)
		crontab_free((struct crontab *)f->tab.ct);
	f->tab.ct = ct;
	db_zone_gc(db);
	return 0;
}
