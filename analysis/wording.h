/* wording.h - the words the report, the captions and the prose use about
 * intervals and extremes (issue 17: every sentence of the report holds).
 *
 *  - A level is the one an interval reached, never the nominal one by
 *    default: a cell's ci_level, and for a ratio of two cells the smaller of
 *    theirs (the interval rests on the cell with fewer processes).  Printed
 *    "88%", and never rounded up to the nominal level it did not reach.
 *  - An extreme (the most, the least, the fastest, the ends of a range) is
 *    named only when its interval separates it from every other value;
 *    otherwise the sentence names the group that cannot be told apart.
 *  - The runs per cell come from the data (fewest, most, the median), not
 *    from the preset.
 *
 * A leaf below the figure writers, the report and the prose: it knows
 * cells and text, and calls none of them. */
#ifndef STUDY_WORDING_H
#define STUDY_WORDING_H

#include <stddef.h>

#include "analysis.h"

/* ---- levels ----------------------------------------------------------------- */

/* A cell's own interval: its ci_level, at most the nominal level; NAN
 * when it has no interval. */
double wording_cell_level(const struct cell *c);
/* An interval of a ratio of two cells' medians (a speedup, a cost against
 * C, a claim): the smaller of the two cells' levels (resample.h: unpaired,
 * the cell with fewer processes decides).  The one place that says so:
 * when the analysis gives a ratio its own level (pairs), read it here. */
double wording_ratio_level(const struct cell *x, const struct cell *y);
/* A speedup's and its efficiency's interval: the ratio of c and its T = 1
 * cell; NAN at T = 1 or without a baseline. */
double wording_speedup_level(const struct cell *c);

/* A cost against C pthreads' (slowdown_lo/hi): the ratio of c and C
 * pthreads' cell it was set against (summary.c's rule: the same workload,
 * split and T, of c's size where there is one, else the largest); NAN
 * without one. */
double wording_slowdown_level(const struct analysis *a, const struct cell *c);

/* The fewest runs (processes) of the cells a value rests on, for struct
 * wording_value's runs: a cell's own, a speedup's (c and its T = 1 cell),
 * a cost against C pthreads' (c and the cell wording_slowdown_level
 * names); 0 when a cell is missing. */
size_t wording_cell_runs(const struct cell *c);
size_t wording_speedup_runs(const struct cell *c);
size_t wording_slowdown_runs(const struct analysis *a, const struct cell *c);

/* "88%", "94%", "95%": the level in percent, to the nearest whole one,
 * except that a level below the nominal one is never printed as it (94.9%
 * stays 94.9%).  "?" for NAN. */
void wording_level(char *buf, size_t len, double level);

/* Notes in *l (struct level_span, analysis.h; zeroed: none yet) the
 * level of one interval stated; NAN (no interval stated) and 0 (one run
 * or pair: no interval, whatever its bounds say) are ignored. */
void wording_levels_add(struct level_span *l, double level);
/* "88%", "88% to 94%" (the lowest to the highest noted), "" when none. */
void wording_levels_text(char *buf, size_t len, const struct level_span *l);
/* The levels of the intervals the report's tables give for panel p:
 * into *speedups (NULL: not wanted) every speedup's at T > 1, into *costs
 * every cost per unit's and every cost against C's at T = 1. */
void wording_panel_levels(const struct analysis *a, const struct panel *p, struct level_span *speedups,
                          struct level_span *costs);

/* ---- extremes ------------------------------------------------------------------ */

/* One value a sentence may compare: the reader's name, the value, its
 * interval (NAN: none), the flags that mark it (⚑), and the fewest runs
 * (processes: the units an interval rests on) of the cells it rests on,
 * which says why it has no interval (1: one run; 0: not known). */
struct wording_value {
    const char *label;
    double v, lo, hi;
    unsigned flags;
    size_t runs;
};

/* The values that cannot be told apart from the largest (top = 1) or the
 * smallest (top = 0) of v[0 .. n-1] (non-finite values skipped): the
 * extreme itself, then every value whose interval overlaps the extreme's
 * or that has none (nothing then separates it), nearest first.  Their
 * indices into idx (room for n); returns how many, 0 when none is finite.
 * One means the extreme is separated and may be named alone. */
size_t wording_group(const struct wording_value *v, size_t n, int top, size_t *idx);

/* Appends to buf (cut at len) a sentence part about the extreme of v:
 * "<what> is <label>, <v> [lo, hi]" when separated, else "<what> cannot be
 * told apart among <A>, <B> and <C> (<v1> to <v2>, intervals overlapping)"
 * (at most WORDING_NAMES_MAX names, then "and N more"; wording_list says
 * why where some or all have no interval).  fmt prints one
 * value ("%.3g×").  Every flagged value named carries " ⚑" and its flags
 * are or-ed into *flags. */
#define WORDING_NAMES_MAX 5
void wording_extreme(char *buf, size_t len, unsigned *flags, const char *what, const struct wording_value *v,
                     size_t n, int top, const char *fmt);

/* Both ends of v, the lowest first: wording_extreme's for each, joined by
 * "; ", or, when every value is within the interval of both extremes (so
 * the two lists would name them all twice), "<all> cannot be told apart
 * at either end: <A, B and C (lo to hi, intervals overlapping)>". */
void wording_ends(char *buf, size_t len, unsigned *flags, const char *least, const char *most, const char *all,
                  const struct wording_value *v, size_t n, const char *fmt);

/* The group itself, as wording_extreme writes it after "among": "A ⚑, B
 * and C (<lo> to <hi>, intervals overlapping)", the values v[idx[0 ..
 * m-1]] (idx NULL: v[0 .. m-1]), flags or-ed into *flags as there.  Also
 * for a whole set that cannot be told apart.  Overlapping intervals are
 * the reason only where every value has one: with none, "(<lo> to <hi>;
 * no intervals: one run per cell)" (or "no intervals to tell them apart"
 * where the runs are not all one or not known); with some, "(<lo> to
 * <hi>, intervals overlapping; N without one)". */
void wording_list(char *buf, size_t len, unsigned *flags, const struct wording_value *v, const size_t *idx, size_t m,
                  const char *fmt);

/* ---- runs per cell ------------------------------------------------------------ */

/* The processes per cell, from the cells themselves (each run is its own
 * process in a folder without processes x values). */
struct wording_runs {
    size_t cells, fewest, most, median;
    size_t at_fewest;   /* cells with the fewest */
};
void wording_runs_of(const struct analysis *a, struct wording_runs *r);

#endif
