/*
 * check.c: runs crontab_parse over a candidate crontab, then loads each
 * CRON_TZ zone with tz_load (a zone that does not load is an error on its
 * line), and prints the parser's and the zone errors merged in line order.
 */
#include "config.h"		/* autoconf's: _GNU_SOURCE */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crontab.h"
#include "tz.h"

#include "check.h"

struct check_tzerr {
	int	line;
	char	msg[CT_ERR_MAX + 16];
};

/* '~' picks: any value will do for a check. */
static uint32_t
check_uniform(void *ctx, uint32_t bound)
{
	return bound == 0 ? 0 : arc4random_uniform(bound);
}

/* Collects an error for each CRON_TZ value that does not load. */
static size_t
check_zones(const struct crontab *ct, struct check_tzerr **out)
{
	struct check_tzerr *errs = NULL, *nerrs;
	size_t i, n = 0;
	struct tz *tz;
	char err[CT_ERR_MAX];

	for (i = 0; i < ct->nenv; i++) {
		if (strcmp(ct->env[i].name, "CRON_TZ") != 0 ||
		    ct->env[i].value[0] == '\0')
			continue;
		tz = tz_load(ct->env[i].value, err, sizeof(err));
		if (tz != NULL) {
			tz_free(tz);
			continue;
		}
		nerrs = reallocarray(errs, n + 1, sizeof(*errs));
		if (nerrs == NULL)
			break;
		errs = nerrs;
		errs[n].line = ct->env[i].line;
		snprintf(errs[n].msg, sizeof(errs[n].msg),
		    "CRON_TZ: %s", err);
		n++;
	}
	*out = errs;
	return n;
}

long
check_crontab(const char *buf, size_t len, const char *name)
{
	struct spec_rand rnd = { check_uniform, NULL };
	struct check_tzerr *tzerrs;
	struct crontab *ct;
	size_t i = 0, j = 0, ntz;
	char line[CT_ERR_MAX + 4096];
	long total;

	ct = crontab_parse(buf, len, 0, &rnd);
	if (ct == NULL) {
		fprintf(stderr, "crontab: %s: out of memory\n", name);
		return -1;
	}
	ntz = check_zones(ct, &tzerrs);
	while (i < ct->nerrors || j < ntz) {
		if (j >= ntz || (i < ct->nerrors &&
		    ct->errors[i].line <= tzerrs[j].line)) {
			crontab_error_string(ct, i++, name, line,
			    sizeof(line));
			fprintf(stderr, "crontab: %s\n", line);
		} else {
			fprintf(stderr, "crontab: %s:%d: %s\n", name,
			    tzerrs[j].line, tzerrs[j].msg);
			j++;
		}
	}
	if (ct->nerrors_total > ct->nerrors)
		fprintf(stderr, "crontab: %s: %zu more errors not shown\n",
		    name, ct->nerrors_total - ct->nerrors);
	total = (long)(ct->nerrors_total + ntz);
	free(tzerrs);
	crontab_free(ct);
	return total;
}
