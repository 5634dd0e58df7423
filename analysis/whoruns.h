/* whoruns.h - the "who runs when" figure and its lines in the report, from
 * DIR/schedule.csv: the runner's sampled runs (runner/sample.c), one per
 * sampled cell, each worker's CPU time read about every millisecond.
 *
 * Neither call fails the analysis over schedule.csv: a study without one
 * (older, or with none of the sampled cells) or with a damaged one gets a
 * figure that says so and a line in the report, plus a warning on stderr. */
#ifndef STUDY_WHORUNS_H
#define STUDY_WHORUNS_H

#include <stdio.h>

#include "err.h"

/* Writes DATA/whoruns.gp (what the panels hold, for analysis/whoruns.gp)
 * and DATA/whoruns-<k>.dat (worker, start_s, end_s of each on-CPU interval
 * of panel k).  0, or -1 with *e when those files cannot be written. */
int whoruns_write_data(const char *dir, const char *data, struct err *e);

/* The figure's caption: into answer, one sentence with each sampled run's
 * overlap and hand-overs; into n, the runs; into not_drawn, why there is
 * nothing to draw (no schedule.csv, or none of its cells).  Each buffer
 * is len bytes. */
void whoruns_caption(const char *dir, char *answer, char *n, char *not_drawn, size_t len);

/* The report's "Who runs when" section: per sampled cell, the run, its
 * readings, on-CPU intervals, hand-overs and overlap. */
void whoruns_report(FILE *f, const char *dir);

#endif
