/* split.h - how a job is cut into work for T workers.
 *
 * Pure functions, no threads: the unit tests prove with these that every
 * split covers the work exactly once for every T and size.
 */
#ifndef STUDY_SPLIT_H
#define STUDY_SPLIT_H

#include <stdint.h>

#include "err.h"
#include "job.h"

/* sumsq strong: worker w of T gets [*lo, *hi), contiguous chunks in worker
 * order that differ in length by at most one and together make [0, n). */
void split_chunk(uint64_t n, unsigned workers, unsigned w, uint64_t *lo, uint64_t *hi);

/* nqueens rr: the task of a queen in column col of the first row. */
struct nq_task split_first_row(unsigned n, unsigned col);

/* nqueens dynamic: every legal placement of the first two rows, in column
 * order (for n == 1, the first row alone, since there is no second row).
 * On success *tasks is malloc'd and owned by the caller (free()). */
int split_pool(unsigned n, struct nq_task **tasks, uint64_t *len, struct err *e);

#endif
