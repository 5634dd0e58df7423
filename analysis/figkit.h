/* figkit.h - what the figures' data writers share (figmain.c: figures 1
 * to 6's questions; figappendix.c: the appendix) and the report reads: the
 * figure table, the panels of the study and the series in them, the
 * reader's names of implementations, the panels file each figure's script
 * loads, the phrases of a caption, and data/study.gp (the CPUs, the T
 * axis, every family's and mode's look).  Below the writers: it calls
 * none of them. */
#ifndef STUDY_FIGKIT_H
#define STUDY_FIGKIT_H

#include <stddef.h>
#include <stdio.h>

#include "analysis.h"

/* The panels (workload, split, size) in the tables' order: sumsq before
 * nqueens, each in SPLIT_TABLE's order; at most ANALYSIS_MAX_PANELS. */
size_t figkit_panels(const struct analysis *a, struct panel *p);
int figkit_in_panel(const struct cell *c, const struct panel *p);
/* A series' name: the implementation, plus "[N=size]" in a panel of
 * several sizes (no spaces: gnuplot splits names on them). */
void figkit_series_label(const struct cell *c, const struct panel *p, char *buf, size_t len);
/* The first cell of each series (implementation and size) in panel p, one
 * per call, in the cells' order: *i starts at 0; NULL after the last. */
const struct cell *figkit_next_series(const struct analysis *a, const struct panel *p, size_t *i);
/* The distinct thread counts of panel p (NULL: of the whole study),
 * ascending, at most max; returns how many. */
size_t figkit_threads(const struct analysis *a, const struct panel *p, unsigned *Ts, size_t max);
/* The largest T <= the CPUs (any T when unknown), at least 2, that impl
 * ran in (workload, split); 0 when none. */
unsigned figkit_T_within(const struct analysis *a, const char *impl, const char *wl, const char *split);
/* The split the articles ran workload with (sumsq weak, nqueens rr): the
 * models' default split (workload.h); NULL for an unknown workload. */
const char *figkit_article_split(const char *workload);
/* The workloads' panels the articles drew: per workload, its article split
 * or, when the study lacks it, its first split present.  At most max. */
size_t figkit_article_panels(const struct analysis *a, const struct panel *p, size_t np, struct panel *out,
                             size_t max);
/* The reader's name of an implementation: "3.14t threading", "C pthreads"
 * (the raw name when unknown). */
void figkit_impl_label(const char *impl, char *buf, size_t len);

/* ---- the panels file: data/<name>.gp ------------------------------------ */

#define FIG_SERIES_MAX 8
struct fig_series {
    char impl[DS_NAME_MAX]; /* the implementation, for the tests and readers of the data */
    char label[96];         /* what the key says */
    int fam, mode;
};
struct fig_panel {
    char title[96];
    size_t n;
    struct fig_series s[FIG_SERIES_MAX];
};
/* Opens data/<name>.gp and writes the panels: npanels, SMAX, and the arrays
 * ptitle[k], nser[k] and, at (k-1)*SMAX+i, sname, simpl, sfam, smode; the
 * caller adds its own variables and closes it with out_close. */
FILE *figkit_layout(const char *data, const char *name, const struct fig_panel *p, size_t np, char *path,
                    struct err *e);

/* Closes a figure's panels file g (figkit_layout's) and says whether the
 * figure has anything to draw: 1 when any; 0 when not, the caption's
 * not_drawn then giving why (unless a reason is there already); -1 with
 * *e when g could not be written. */
int figkit_close_panels(FILE *g, const char *path, int any, struct fig_caption *cap, const char *why, struct err *e);

/* data/study.gp: the CPU count and whether some T is above it, every T of
 * the study as the axes' tics, and every family's colour, marker and key
 * name and every mode's dash pattern from catalog.h's tables (style.gp
 * reads them). */
int figkit_write_study(const struct analysis *a, const char *data, struct err *e);

/* ---- a caption's phrases -------------------------------------------------- */

/* Appends to buf (a caption), cutting at len. */
void figkit_cat(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Appends " ⚑" to the answer when flags is not 0, and keeps them for the
 * caption's note on the flags. */
void figkit_cat_flag(struct fig_caption *cap, unsigned flags);
/* Appends "1.93× [1.85, 2.01]" (or "1.93× (no interval)") to the answer,
 * then figkit_cat_flag. */
void figkit_cat_ratio(struct fig_caption *cap, double r, double lo, double hi, unsigned flags);
/* Appends "n = 6 runs per cell" or "n = 3 to 8 runs per cell" for the
 * cells in c[0 .. nc-1] (NULLs skipped). */
void figkit_cat_n(char *buf, size_t len, const struct cell *const *c, size_t nc);

#endif
