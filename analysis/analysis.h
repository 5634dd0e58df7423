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
    X(single, "Single-worker cost per unit of work: ns per iteration or node (log scale)")      \
    X(timeline, "Per-worker timeline of one run: 3.12 threading beside 3.14t threading")    \
    X(cpu, "CPU utilisation, (user+sys)/wall, against workers")
#define FIG_ENUM(name, title) FIG_##name,
enum { FIGURE_TABLE(FIG_ENUM) FIGURES_COUNT };
#undef FIG_ENUM

struct figure {
    const char *name, *title;
};
extern const struct figure figures_list[FIGURES_COUNT];

/* The sanity flags, the single source of truth for summary.csv's flags
 * column and the report's explanations: id, the short name written in
 * summary.csv (space-separated), what it means for the numbers in the
 * reader's terms, and its usual cause.  Never silent: a flagged value is
 * never quoted in the report as a property of a model. */
#define FLAG_TABLE(X)                                                                                               \
    X(FLAG_UNDER_1MS, "under-1ms",                                                                                 \
      "its shortest run is under 1 ms (pyperf's limit): timer resolution and start-up are a large part of it",     \
      "a size too small for the model; raise --min-run-time or the size")                                          \
    X(FLAG_BELOW_MIN_RUN, "below-min-run-time",                                                                    \
      "its T = 1 median is below the study's minimum run time, so the series' speedups rest on a short baseline",  \
      "the size was pinned, or calibration could not reach the target")                                            \
    X(FLAG_NOISY, "noisy",                                                                                         \
      "its runs disagree (pyperf: stdev >= 10% of the mean, or min or max >= 50% from it) even after the "          \
      "adaptive rounds",                                                                                           \
      "other load on the machine, frequency changes, or runs too short")                                           \
    X(FLAG_CI_WIDE, "ci-target-missed",                                                                            \
      "its median's 95% interval is wider than the study's target (--ci-target)",                                  \
      "noise, with the round or time budget spent before the interval narrowed")                                   \
    X(FLAG_FEW_RUNS, "few-runs",                                                                                   \
      "too few runs for a 95% interval of the median: the interval given covers less (see ci_level)",              \
      "a preset with few rounds (smoke)")                                                                          \
    X(FLAG_OVERSUB, "oversubscribed",                                                                              \
      "it has more workers than CPUs, so it measures time-slicing by the scheduler as much as the model",          \
      "T above the CPUs, on purpose")                                                                              \
    X(FLAG_SPEEDUP_GT_CPUS, "speedup-above-cpus",                                                                  \
      "its speedup is above the number of CPUs, which no model can reach: a measurement artefact",                 \
      "a slowed T = 1 baseline, or cache and frequency effects")                                                   \
    X(FLAG_SUPERLINEAR, "superlinear",                                                                             \
      "its efficiency is above 1 beyond its interval: faster per worker than one worker alone",                    \
      "a slowed T = 1 baseline, or cache and frequency effects")                                                   \
    X(FLAG_SPAWN, "spawn-heavy",                                                                                   \
      "creating the workers (spawn_s) takes more than 10% of its wall time: it measures start-up, not scaling",   \
      "a run too short for the cost of the model's workers")                                                       \
    X(FLAG_KF_RANGE, "karp-flatt-out-of-range",                                                                    \
      "its Karp-Flatt value is outside [0, 1]: not a serial fraction, the formula's model does not hold",          \
      "speedup above T (noise), or overheads that grow with T")                                                    \
    X(FLAG_FIT_RANGE, "fit-out-of-range",                                                                          \
      "its series' fitted serial fraction is outside [0, 1]: Amdahl's or Gustafson's law does not describe it",    \
      "overheads that grow with T (worker creation, time-slicing), or noise")
#define FLAG_ENUM(id, name, meaning, cause) id##_BIT,
enum { FLAG_TABLE(FLAG_ENUM) FLAGS_COUNT };
#undef FLAG_ENUM
#define FLAG_MASK(id, name, meaning, cause) id = 1u << id##_BIT,
enum { FLAG_TABLE(FLAG_MASK) };
#undef FLAG_MASK

struct flag_desc {
    unsigned mask;
    const char *name, *meaning, *cause;
};
extern const struct flag_desc flags_list[FLAGS_COUNT];

/* worker creation above this share of wall_s raises FLAG_SPAWN */
#define ANALYSIS_SPAWN_FRAC_MAX 0.10

/* One cell: every verified run of one implementation, workload, split, size
 * and thread count.  The _lo and _hi fields: the bounds of a 95% interval (NAN when
 * there is none). */
struct cell {
    char impl[DS_NAME_MAX], workload[16], split[16];
    uint64_t size;
    unsigned threads;
    int style;          /* 1-based line style */
    size_t n, first;    /* runs; their sorted wall times are walls[first ..] */
    double median, min, max, q1, q3, ci_lo, ci_hi, ci_level, mean, stdev, cpu_util;
    double ci_half_rel; /* (ci_hi - ci_lo) / 2 / median */
    /* Cost per unit: units = work done by all workers together in one run
     * (workload_units: sumsq iterations, N*T weak and N strong; nqueens
     * search-tree nodes at any T), ns_per_unit = wall_s * 1e9 / units; at
     * T = 1 it is the single-thread cost.  units 0: unknown. */
    uint64_t units;
    double ns_per_unit, ns_lo, ns_hi;
    double speedup, speedup_lo, speedup_hi, efficiency, eff_lo, eff_hi, karp_flatt;
    /* slowdown_vs_c: ns_per_unit over C pthreads' at the same workload,
     * split and T (any size): a ratio of costs, valid across sizes. */
    double slowdown, slow_lo, slow_hi;
    double serial_fit, spawn_frac; /* spawn_frac: median spawn_s / wall_s */
    const struct cell *base;       /* the series' T = 1 cell, or NULL */
    unsigned flags;                /* FLAG_* */
    int noisy, weak;
};

struct analysis {
    const char *dir;
    int missing[FIGURES_COUNT]; /* figure i could not be drawn */
    struct dataset ds;
    struct cell *cells;
    size_t ncells;
    double *walls;              /* every cell's wall times, sorted per cell */
    unsigned flags_seen;        /* the union of the cells' flags */
    /* From meta.json; each absent in older results folders. */
    char *meta;                 /* its text, or NULL */
    unsigned cpus;              /* CPUs available; 0: unknown (no CPU-based flag) */
    double min_run_time_s;      /* NAN: no target */
    double ci_target;           /* relative half-width, NAN: no target */
    uint64_t boot_seed;         /* the bootstrap's seed, reported */
};

/* A figure panel (and a table of the report): the cells of one workload
 * and split.  A series in it is one implementation at one size; families
 * calibrated to different sizes share the panel. */
struct panel {
    char workload[16], split[16];
    uint64_t size;      /* the size of every series, or 0 when they differ */
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
/* Sorts a->ds's runs, groups them into a->cells, computes every statistic
 * and flag (cpus, min_run_time_s, ci_target and boot_seed set first). */
int summary_build(struct analysis *a, struct err *e);
/* The ratio of x's cost per unit to y's, with a bootstrap 95% interval
 * (stats_ratio_ci on their runs, scaled by units_y / units_x; seeded from
 * a->boot_seed and both cells' names).  Cells of the same size compare
 * even when their units are unknown.  -1 (all NAN) when not comparable. */
int summary_cost_ratio(const struct analysis *a, const struct cell *x, const struct cell *y, double *r, double *lo,
                       double *hi);
/* The flags in mask as "name name ..." into buf ("" when none). */
void summary_flag_names(unsigned mask, char *buf, size_t len);
/* a->dir/summary.csv */
int summary_write(const struct analysis *a, struct err *e);

/* ---- figures.c --------------------------------------------------------- */

/* The panels (workload, split, size) in the tables' order; at most
 * ANALYSIS_MAX_PANELS. */
size_t figures_panels(const struct analysis *a, struct panel *p);
int figures_in_panel(const struct cell *c, const struct panel *p);
/* "N" for sumsq, "n" for nqueens. */
const char *figures_size_name(const char *workload);
/* A series' name: the implementation, plus "[N=size]" in a panel of
 * several sizes (no spaces: gnuplot splits names on them). */
void figures_series_label(const struct cell *c, const struct panel *p, char *buf, size_t len);
/* The first cell of each series (implementation and size) in panel p, one
 * per call, in the cells' order: *i starts at 0; NULL after the last. */
const struct cell *figures_next_series(const struct analysis *a, const struct panel *p, size_t *i);
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
