/* atomic.h - a file replaced whole or not at all.
 *
 * Written under a temporary name in the same folder (so the rename cannot
 * cross file systems), then renamed over the final name: a reader, or a
 * study resumed after a crash, sees the old file or the new one, never
 * half of one.  The runner's meta.json, sizes.tsv and schedule.csv and the
 * analysis's report.html all go through here.
 *
 * Contract: after atomic_open succeeds, exactly one of atomic_commit or
 * atomic_abort must be called; both release everything, and neither
 * leaves the temporary file behind.  The file gets the mode a plain
 * fopen would (0666 less the umask), not mkstemp's 0600. */
#ifndef STUDY_ATOMIC_H
#define STUDY_ATOMIC_H

#include <limits.h>
#include <stdio.h>

#include "err.h"

struct atomic_file {
    FILE *f;                /* write here */
    char path[PATH_MAX];    /* the final name */
    char tmp[PATH_MAX];     /* the temporary one: DIR/.NAME.XXXXXX */
};

/* Creates the temporary file for path.  0, or -1 with *e (nothing made). */
int atomic_open(struct atomic_file *a, const char *path, struct err *e);

/* Flushes and closes the file and renames it to its final name; a failed
 * write anywhere before (ferror) fails here.  0, or -1 with *e and the
 * temporary file removed. */
int atomic_commit(struct atomic_file *a, struct err *e);

/* Closes and removes the temporary file: the final name is untouched. */
void atomic_abort(struct atomic_file *a);

#endif
