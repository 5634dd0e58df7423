/* analysis.h - what the parts of bin/analyze share.
 *
 * bin/analyze DIR reads DIR/raw.csv (dataset.c), groups the runs into cells
 * and computes every statistic (summary.c, on the pure functions of
 * stats.c), writes summary.csv (summary.c), the figure data and figures
 * (figures.c, gnuplot scripts analysis/NAME.gp) and report.md (report.c);
 * analyze.c is main and calls them in that order.  meta.c reads meta.json.
 */
#ifndef STUDY_ANALYSIS_H
#define STUDY_ANALYSIS_H

#include <stdint.h>
#include <stdio.h>

#include "dataset.h"
#include "err.h"

#define ANALYSIS_CI_LEVEL 0.95
#define ANALYSIS_MAX_PANELS 16

/* The figures: script analysis/<name>.gp, output figures/<name>.<format>,
 * what it shows.  Their order is the report's. */
#define FIGURE_TABLE(X)                                                                     \
    X(speedup, "Speedup against workers (log2 axes; dashed: ideal)")                        \
    X(walltime, "Wall time against workers (median; bars: min-max)")                        \
    X(efficiency, "Parallel efficiency against workers")                                    \
    X(single, "Single-worker time of each implementation (log scale)")                      \
    X(timeline, "Per-worker timeline of one run: 3.12 threading beside 3.14t threading")    \
    X(cpu, "CPU utilisation, (user+sys)/wall, against workers")
#define FIG_ENUM(name, title) FIG_##name,
enum { FIGURE_TABLE(FIG_ENUM) FIGURES_COUNT };
#undef FIG_ENUM

struct figure {
    const char *name, *title;
};
extern const struct figure figures_list[FIGURES_COUNT];

/* One cell: every verified run of one implementation, workload, split, size
 * and thread count. */
struct cell {
    char impl[DS_NAME_MAX], workload[16], split[16];
    uint64_t size;
    unsigned threads;
    int style;          /* 1-based line style */
    size_t n;
    double median, min, max, q1, q3, ci_lo, ci_hi, ci_level, mean, stdev, cpu_util;
    double speedup, efficiency, karp_flatt, slowdown, serial_fit;
    int noisy, weak;
};

struct analysis {
    const char *dir;
    int missing[FIGURES_COUNT]; /* figure i could not be drawn */
    struct dataset ds;
    struct cell *cells;
    size_t ncells;
};

/* A figure panel: the cells of one workload, split and size. */
struct panel {
    char workload[16], split[16];
    uint64_t size;
};

/* ---- analyze.c: output files ------------------------------------------- */

/* Opens dir/name for writing; path receives the name (PATH_MAX). */
FILE *analysis_open(const char *dir, const char *name, char *path, struct err *e);
/* Closes f; fails when any write to it failed. */
int analysis_close(FILE *f, const char *path, struct err *e);
/* Prints v with fmt, or nothing (an empty CSV field) when v is not finite. */
void analysis_num(FILE *f, double v, const char *fmt);
/* 1 for the weak split (speedup is throughput). */
int analysis_is_weak(const char *split);

/* ---- summary.c --------------------------------------------------------- */

/* The fixed order of known implementations (a series keeps its style in
 * every figure); unknown names rank after them. */
int analysis_impl_rank(const char *impl);
/* Sorts a->ds's runs, groups them into a->cells, computes every statistic. */
int summary_build(struct analysis *a, struct err *e);
/* a->dir/summary.csv */
int summary_write(const struct analysis *a, struct err *e);

/* ---- figures.c --------------------------------------------------------- */

/* The panels (workload, split, size) in the tables' order; at most
 * ANALYSIS_MAX_PANELS. */
size_t figures_panels(const struct analysis *a, struct panel *p);
int figures_in_panel(const struct cell *c, const struct panel *p);
/* Writes every figure's data under data/ (figures/data). */
int figures_write_data(const struct analysis *a, const char *data, const struct panel *p, size_t np,
                       struct err *e);
/* Runs gnuplot on scripts/<name>.gp once per format; a failure removes
 * that figure's files. */
int figures_draw(const char *scripts, const char *figdir, const char *data, const char *name, struct err *e);

/* ---- report.c ---------------------------------------------------------- */

/* a->dir/report.md; no_figures: figures were not drawn on purpose. */
int report_write(const struct analysis *a, const struct panel *p, size_t np, int no_figures, struct err *e);

#endif
