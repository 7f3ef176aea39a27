/*
 * state.h: what crond keeps between runs under its state folder: the
 * kernel boot id of the last @reboot run (boot-id), the run-id counter
 * (run-id), and the runs the last daemon left without an end in the
 * history, which are recorded `lost` at start-up.
 */
#ifndef STATE_H
#define STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "history.h"

/* Run ids are reserved in blocks, so a run costs no state-file write. */
#define STATE_RUNID_BLOCK	1024

/* Where the kernel says which boot this is (Linux). */
#define STATE_BOOT_ID_PATH	"/proc/sys/kernel/random/boot_id"

struct state_runids {
	char		path[4096];	/* STATE/run-id */
	uint64_t	next;		/* next id to hand out */
	uint64_t	limit;		/* first id not reserved in the file */
};

/* Creates dir and dir/output (mode 0700) if missing.  0, or -1 with err. */
int	state_prepare(const char *dir, char *err, size_t errlen);

/*
 * Decides whether this is a new boot: compares the boot id read from
 * boot_id_path (STATE_BOOT_ID_PATH) with dir/boot-id and stores the new
 * one.  *newboot is true on a boot not seen before (or when there is no
 * stored id); a system without a boot id counts as a new boot only when
 * dir/boot-id is missing.  0, or -1 with err (then *newboot is false).
 */
int	state_new_boot(const char *dir, const char *boot_id_path,
	    bool *newboot, char *err, size_t errlen);

/*
 * Starts the run-id counter past both dir/run-id and at_least (the
 * largest id seen in the history), reserving the first block.
 */
int	state_runids_open(struct state_runids *, const char *dir,
	    uint64_t at_least, char *err, size_t errlen);
/* The next run id; 0 (no run) only if a new block could not be stored. */
uint64_t state_runid(struct state_runids *, char *err, size_t errlen);

/*
 * Reads the history at path; for every start with no end after it,
 * appends an end line with outcome lost through h (time: now).  Returns
 * the number of lost runs, or -1 with err; *maxid gets the largest run
 * id seen (0 if none).  A missing history is not an error.
 */
long	state_record_lost(const char *path, struct hist *h,
	    struct hist_time now, uint64_t *maxid, char *err, size_t errlen);

#endif
