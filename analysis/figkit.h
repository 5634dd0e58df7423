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
#include <stdint.h>
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

/* Captions are appended to with text_cat (common/text.h). */
/* Appends " ⚑" to the answer when flags is not 0, and keeps them for the
 * caption's note on the flags. */
void figkit_cat_flag(struct fig_caption *cap, unsigned flags);
/* Notes the level reached by an interval the figure draws or its answer
 * quotes (NAN: none), for the caption's "Intervals at 88% to 94%". */
void figkit_note_level(struct fig_caption *cap, double level);
/* Appends "1.93× [1.85, 2.01]" (or "1.93× (no interval)") to the answer,
 * notes the interval's level, then figkit_cat_flag. */
void figkit_cat_ratio(struct fig_caption *cap, double r, double lo, double hi, double level, unsigned flags);
/* Appends "n = 6 runs per cell" or "n = 3 to 8 runs per cell" for the
 * cells in c[0 .. nc-1] (NULLs skipped). */
void figkit_cat_n(char *buf, size_t len, const struct cell *const *c, size_t nc);

/* ---- what the data writers share ------------------------------------------ */

/* 1 for the ceiling's cells (T independent single-threaded C processes):
 * drawn as a reference of its own, never as one more series. */
int figkit_is_ceiling(const char *impl);
/* The name of family fam's mode (pthreads, py3.14t-threading). */
const char *figkit_impl_name(char *buf, size_t len, int fam, int mode);
/* The name that family and mode have in this study (py3.14-mp-fork may be
 * recorded under its former name py3.14-multiprocessing); NULL when absent. */
const char *figkit_present(const struct analysis *a, int fam, int mode, char *buf, size_t len);
/* impl's cells in panel p at its largest size, ascending T; how many. */
size_t figkit_series_cells(const struct analysis *a, const char *impl, const struct panel *p,
                           const struct cell **out, size_t max);
/* "nqueens, rr split (n = 14)" */
void figkit_panel_title(char *buf, size_t len, const struct panel *p);
/* A series of a layout panel (nothing past FIG_SERIES_MAX). */
void figkit_add_series(struct fig_panel *fp, const char *impl, const char *label, int fam, int mode);
/* data/<name>-<k>.dat, opened with out_open. */
FILE *figkit_open_dat(const char *data, const char *name, size_t k, char *path, struct err *e);
/* The cells a figure drew, for its caption's n; past FIGKIT_DRAWN_MAX the
 * rest are not counted. */
#define FIGKIT_DRAWN_MAX 512
struct figkit_drawn {
    const struct cell *c[FIGKIT_DRAWN_MAX];
    size_t n;
};
void figkit_note_drawn(struct figkit_drawn *d, const struct cell *c);
/* A cell's flags about how it was measured, which mark (⚑, *) a value
 * resting on it: all but those about a derived value (Karp-Flatt, the
 * fitted serial fraction). */
unsigned figkit_shown_flags(const struct cell *c);
/* The flags that mark a speedup's point with * in a figure against T:
 * those about the speedup itself (above the split's cap, above the CPUs,
 * superlinear), not the measurement flags every point of a short study
 * carries (those are in the caption). */
#define FIGKIT_POINT_FLAGS (FLAG_ABOVE_CAP | FLAG_SPEEDUP_GT_CPUS | FLAG_SUPERLINEAR)
/* Where a flagged point's * goes: the points of one panel flagged at the
 * same T take slots 0, 1, ... in the order drawn, each a * further from
 * its point, so that their marks do not pile up.  Zeroed per panel. */
#define FIGKIT_MARK_TS 64
struct figkit_marks {
    unsigned T[FIGKIT_MARK_TS], n[FIGKIT_MARK_TS];
    size_t len;
};
/* The slot of a flagged point at T (0 when the table is full). */
unsigned figkit_mark_slot(struct figkit_marks *m, unsigned T);
/* Adds impl to the caption's "absent" list. */
void figkit_note_absent(struct fig_caption *cap, const char *impl);
/* An axis' end: room for the points and what the scale must show (base),
 * and for their interval bars up to FIGKIT_BAR_ROOM beyond that; a wider
 * bar is cut at the frame (a few runs give intervals many times the value,
 * which would squash every point to the axis). */
#define FIGKIT_BAR_ROOM 1.6
double figkit_axis_end(double points, double base, double bars);

/* The work-balance cap of panel p's split at size and T workers
 * (scaling_split_cap: NAN when unknown). */
double figkit_cap(const struct panel *p, uint64_t size, unsigned T);
/* 1 when that cap is worth drawing over the counts ts[0 .. nt-1]: known,
 * and below T at one of them at least (sumsq's caps are T itself, or T to
 * within T / N: the ideal line says it). */
int figkit_cap_drawn(const struct panel *p, uint64_t size, const unsigned *ts, size_t nt);
/* "rr's work-balance cap, n = 14" */
void figkit_cap_label(char *buf, size_t len, const struct panel *p, uint64_t size);

#endif
