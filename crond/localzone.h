/*
 * localzone.h: the local zone file ([paths] localtime, /etc/localtime)
 * watched for replacement.  It keeps a cheap signature of the file (its
 * state, the state of what it points to, the symlink target) and the bytes
 * of the zone in use, so that looking again costs two stats when nothing
 * changed, and a file rewritten with the same content is no change.
 */
#ifndef LOCALZONE_H
#define LOCALZONE_H

#include <stddef.h>

#include "tz.h"

/* A zone file too big to be one. */
#define LZ_FILE_MAX	(1024 * 1024)

struct lz;

/* Watches path (NULL or "": none, the zone is UTC); NULL if no memory. */
struct lz	*lz_new(const char *path);
void		 lz_free(struct lz *);

/*
 * Looks at the file again.  Returns 1 with *tz a new zone the caller owns
 * when it differs from the last one returned (the first call always
 * does), 0 if it is the same, -1 with a message in err ("PATH: why") when
 * the file cannot be used (not again until the file changes), -2 if out
 * of memory.  A missing file is UTC.  The zone is named after a symlink
 * target inside a zoneinfo folder (".../zoneinfo/Europe/Berlin" gives
 * "Europe/Berlin"), else "localtime".
 */
int		 lz_refresh(struct lz *, struct tz **tz, char *err,
		    size_t errlen);

#endif
