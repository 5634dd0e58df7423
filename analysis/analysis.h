/* analysis.h - what the parts of bin/analyze share: the figure and flag
 * tables, a cell and its statistics, the study as analysed (struct
 * analysis), a panel; and summary.c's functions, which build the cells.
 *
 * bin/analyze DIR (analyze.c, main only) reads DIR/raw.csv (dataset.c)
 * and meta.json (meta.c), groups the runs into cells and computes each
 * cell's statistics (summary.c, on common/stats.c and resample.c), relates
 * them (relate.c), answers the questions of common/questions.h (answers.c,
 * questions.csv), writes summary.csv (summary.c), the figure data and
 * figures (figures.c, which calls figkit.c, figmain.c with figrank.c and
 * figclaims.c, figappendix.c, whoruns.c and gnuplot.c; scripts
 * analysis/NAME.gp), report.md (report.c, with figsection.c, claims.c,
 * prose.c and the sections of qreport.c, interps.c, machine.c and
 * methods.c) and report.html (html.c).  Each file calls only files below
 * it: out.c, flags.c, wording.c (levels as reached, extremes only when
 * separated) and figkit.c are the shared helpers, main is the top.
 */
#ifndef STUDY_ANALYSIS_H
#define STUDY_ANALYSIS_H

#include <stdint.h>
#include <stdio.h>

#include "catalog.h"
#include "dataset.h"
#include "err.h"
#include "questions.h"

struct answer; /* answers.h */

#define ANALYSIS_MAX_PANELS 16

/* The implementations' families (C, one per interpreter, other) and modes
 * are catalog.h's tables (catalog_impl_kind parses a name): a series
 * takes its colour and marker from its family and its dash pattern from
 * its mode, written for gnuplot from those tables (figures_write_style).
 * Dash patterns beyond MODE_TABLE's, for native models it does not know: */
#define MODE_EXTRA 3

/* The ceiling (issue 16): at each T, T independent single-threaded C
 * processes at once, nothing shared; its speedup, throughput T t1 / tT, is
 * what this machine gives T independent workers.  The figures draw it as a
 * reference of its own (figkit_is_ceiling), the prose names it. */
#define ANALYSIS_CEILING "ceiling"

/* The figures, in the report's order: the questions (main, numbered 1..)
 * then the appendix (A1..).  name: script analysis/<name>.gp, files
 * figures/<name>.*; appendix: 1 for the appendix; title; the question it
 * answers; how it was made (the caption's method).  Each figure's data
 * writer fills its caption's answer, n and what was absent
 * (struct fig_caption).  whoruns (figure 6) is the CPU-time sampler's: it
 * is drawn only when analysis/whoruns.gp exists, and its caption says why
 * not otherwise; the sampler's data writer, called from
 * figures_write_data, fills a->caption[FIG_whoruns] (or its not_drawn),
 * and its script follows style.gp (`load styles`, `eval set_term(h)`,
 * `eval common`). */
#define FIGURE_TABLE(X)                                                                                          \
    X(gil, 0, "GIL against free-threading",                                                                      \
      "Do Python threads get faster with more workers, with the GIL and without it?",                           \
      "speedup t1/tT of median wall times (sumsq, weak scaling: throughput T t1/tT, each worker does the "        \
      "whole N); bars: percentile-bootstrap intervals of the ratio of medians, at the levels given above; "       \
      "dashed: ideal (speedup = T, at most the CPU count); C pthreads, for reference; dash-dotted: the split's "   \
      "work-balance cap, the speedup uneven work alone allows (nqueens rr: the columns dealt round-robin), one "   \
      "line per size drawn; *: a speedup flagged about itself (above that cap or above the CPUs); grey, where "    \
      "the study ran it: the ceiling; dotted vertical line: the CPU count, shaded: more workers than CPUs")       \
    X(ftcost, 0, "The free-threading cost",                                                                      \
      "How much slower is one thread of the free-threaded build than the GIL build?",                            \
      "time per unit of work at T = 1, threading, over CPython 3.14's (the GIL build, configured with the same "  \
      "flags as 3.14t), as a change in percent; bars: percentile-bootstrap intervals of the ratio of medians, at " \
      "the levels given above; band: the articles' claimed +5 to +10%; *: a value resting on a flagged cell")     \
    X(modes, 0, "Python's ways to go parallel",                                                                  \
      "Which of Python's ways to run workers in parallel gets the most out of the CPUs?",                        \
      "speedup over the same implementation with one worker, at the largest T within the CPUs; bars: "           \
      "percentile-bootstrap intervals of the ratio of medians, at the levels given above; *: a speedup flagged "  \
      "about itself; line: C pthreads' speedup at that T; a way is named the most or the least parallel only "    \
      "where its interval separates it from every other")                                                       \
    X(fromc, 0, "How far Python is from C",                                                                      \
      "How much more time does Python need than C for the same unit of work?",                                   \
      "median ns per sumsq iteration or per N-Queens node with one worker (log axis), with the interval of the "  \
      "median at the level given above; printed: the cost over C pthreads', a ratio of medians per unit "         \
      "(bootstrap interval in the report's tables; *: a flagged cell); per unit, the families' different sizes "  \
      "compare directly; an implementation is named as needing the least or the most only where its interval "   \
      "separates it from every other")                                                                          \
    X(claims, 0, "The articles' claims beside this study",                                                       \
      "Do the numbers the articles report hold on this machine?",                                                \
      "each claim's number (open diamond, or band for a range) beside the ratio measured here through the "       \
      "embedded host (filled dot) and, where the study ran them, through each interpreter's own executable as "  \
      "the articles did (filled square), each with the percentile-bootstrap interval of the ratio of medians of " \
      "cost per unit, at the level given above; at the articles' worker count where this machine has that many " \
      "CPUs; otherwise at the largest count it has (open grey marker, labelled), which is not the claim's "       \
      "counterpart; *: a value resting on a flagged cell")                                                       \
    X(whoruns, 0, "Who runs when",                                                                               \
      "Do the workers really run at the same time, or take turns?",                                              \
      "an extra, untimed run per drawn cell; each worker's CPU time sampled about every millisecond; a bar "     \
      "wherever the worker was on a CPU")                                                                        \
    X(speedup, 1, "Speedup of every series",                                                                     \
      "How does every implementation scale?",                                                                    \
      "speedup with bootstrap intervals at the levels given above; one row of panels per group of modes (at "     \
      "most 6 series a panel, C pthreads repeated as the reference), one column per workload and split; "        \
      "dash-dotted: the split's work-balance cap where it is below T; grey, where the study ran it: the "         \
      "ceiling; *: a speedup flagged about itself")                                                              \
    X(walltime, 1, "Wall time of every series",                                                                  \
      "How long does each run take?",                                                                            \
      "median wall time (log axis), bars from the fastest to the slowest run; grouped as in the speedup appendix") \
    X(efficiency, 1, "Parallel efficiency of every series",                                                      \
      "How much of each added worker turns into speed?",                                                         \
      "efficiency = speedup / T with bootstrap intervals at the levels given above; the cap and the ceiling "     \
      "over T; grouped as in the speedup appendix")                                                             \
    X(cpu, 1, "CPU use of every series",                                                                         \
      "How many CPUs does each run keep busy?",                                                                  \
      "(user + sys) / wall time, median over the runs; grouped as in the speedup appendix")                      \
    X(timeline, 1, "Start and end of each worker",                                                               \
      "When does each worker start and finish?",                                                                 \
      "one run's workers, from start to end; a bar spans waiting as well as running, so under the GIL the bars " \
      "overlap too (figure 6 shows who is on a CPU)")
#define FIG_ENUM(name, ...) FIG_##name,
enum { FIGURE_TABLE(FIG_ENUM) FIGURES_COUNT };
#undef FIG_ENUM

struct figure {
    const char *name;
    int appendix;
    const char *title, *question, *method;
};
extern const struct figure figures_list[FIGURES_COUNT];

/* What a figure's caption says beyond its table row, filled by its data
 * writer from the numbers it drew: the one-sentence answer (with the
 * numbers and their intervals), n (runs per cell), what was absent from
 * the study; and, for a figure not drawn, why. */
#define CAPTION_MAX 2048
/* The levels reached by the intervals one figure or table states
 * (wording.h): n of them, the lowest lo, the highest hi. */
struct level_span {
    size_t n;
    double lo, hi;
};
struct fig_caption {
    char answer[CAPTION_MAX];
    unsigned flags; /* of the cells behind the values the answer marks ⚑ */
    struct level_span levels; /* of every interval drawn or quoted */
    char n[160];
    char absent[512];
    char not_drawn[256];
};

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
      "its median's interval is wider than the study's target (--ci-target), or has too few processes to reach "  \
      "the nominal level at which the target is judged",                                                           \
      "noise, with the round or time budget spent before the interval narrowed")                                   \
    X(FLAG_FEW_RUNS, "few-runs",                                                                                   \
      "too few processes (fewer than 6) for its median's interval to reach the nominal " CATALOG_CI_TEXT ": the "   \
      "interval given reaches less, and says so (its level beside it; ci_level in summary.csv)",                 \
      "a preset with few rounds (smoke), or a budget spent before the rounds were done")                           \
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
      "its series' fitted serial fraction is outside [0, 1]: Amdahl's law does not describe it",                   \
      "overheads that grow with T (worker creation, time-slicing), or noise")                                      \
    X(FLAG_ABOVE_CAP, "above-split-cap",                                                                           \
      "its speedup's interval lies entirely above the split's work-balance cap (split_cap), the most any T "       \
      "workers can gain from that split's division of the work",                                                   \
      "a slowed T = 1 baseline")                                                                                   \
    X(FLAG_EMBED_COST, "embedding-cost",                                                                           \
      "this embedded-host cell's time over the interpreter's own executable (the same work, the same T) has an "  \
      "interval entirely outside [0.95, 1.05]: the host does not run this Python as its executable does",         \
      "a host linked to a libpython the executable does not use (a shared library where the executable is "      \
      "static), or a build difference between them")
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
 * and thread count.  The _lo and _hi fields: the bounds of an interval
 * aiming at CATALOG_CI_LEVEL and reaching ci_level (a ratio's: the smaller
 * of its two cells', wording.h), NAN when there is none. */
struct cell {
    char impl[DS_NAME_MAX], workload[16], split[16];
    uint64_t size;
    unsigned threads;
    int fam, mode;      /* enum impl_family, impl_mode (or above: an unknown model's own pattern) */
    size_t n, first;    /* runs; their sorted wall times are walls[first ..] */
    double median, min, max, q1, q3, ci_lo, ci_hi, ci_level, mean, stdev, cpu_util;
    double ci_half_rel; /* (ci_hi - ci_lo) / 2 / median */
    /* Cost per unit: units = work done by all workers together in one run
     * (workload_units: sumsq iterations, N*T weak and N strong; nqueens
     * search-tree nodes at any T), ns_per_unit = wall_s * 1e9 / units; at
     * T = 1 it is the single-thread cost.  units 0: unknown. */
    uint64_t units;
    double ns_per_unit, ns_lo, ns_hi;
    /* Speedup against the series' T = 1 cell: the ratio of costs per unit
     * (summary_answer: paired when blocks hold both, else unpaired), so
     * throughput T t1 / tT for the weak split and the ceiling; its
     * interval's level reached and whether it came from pairs. */
    double speedup, speedup_lo, speedup_hi, speedup_level, efficiency, eff_lo, eff_hi, karp_flatt;
    int speedup_paired;
    /* slowdown_vs_c: ns_per_unit over C pthreads' at the same workload,
     * split and T (any size): a ratio of costs, valid across sizes. */
    double slowdown, slow_lo, slow_hi, slow_level;
    double serial_fit, spawn_frac; /* spawn_frac: median spawn_s / wall_s */
    /* Processes x values (issue 16): the cell's processes (disturbed ones
     * left out, counted in `disturbed`); their values, process by process,
     * are a->vals[first ..], their counts a->pcount[pfirst ..] and blocks
     * a->pblock[pfirst ..]; the spread between and within them (CVs,
     * resample_spread). */
    size_t nproc, pfirst, disturbed;
    /* citarget_above's verdict: 1 above the study's CI target (or short of
     * the level that could say), 0 within it or no target, -1 not judged */
    int ci_above;
    double spread_between, spread_within;
    /* Gustafson's scaled serial fraction (throughput cells, T >= 2); the
     * split's work-balance cap at T (NAN: unknown); the speedup over the
     * ceiling's at the same workload, split and T, with an interval when
     * both have one and the level that interval reached at least. */
    double gustafson, split_cap, eff_ceiling, effc_lo, effc_hi, effc_level;
    const struct cell *base;       /* the series' T = 1 cell, or NULL */
    unsigned flags;                /* FLAG_* */
    int noisy, weak;
    int throughput;                /* weak split or the ceiling: speedup is T t1 / tT */
};

struct analysis {
    const char *dir;
    int missing[FIGURES_COUNT]; /* figure i could not be drawn */
    struct fig_caption caption[FIGURES_COUNT];
    struct dataset ds;
    struct cell *cells;
    size_t ncells;
    double *walls;              /* every cell's wall times, sorted per cell */
    double *vals;               /* the same values, process by process per cell */
    size_t *pcount;             /* each process's values */
    uint64_t *pblock;           /* each process's block (0: none) */
    size_t nprocs;              /* processes in pcount, pblock */
    struct answer *answers;     /* [QUESTIONS_COUNT] (answers.c), or NULL */
    unsigned flags_seen;        /* the union of the cells' flags */
    /* From meta.json; each absent in older results folders. */
    struct json_t *meta;        /* the document (meta.h), or NULL */
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

/* ---- summary.c --------------------------------------------------------- */

/* The implementation that measures the machine's own ceiling (issue 16):
 * T independent single-threaded copies of C's kernel, each its own
 * process, every copy doing the whole job; its rows carry threads = T. */
#define SUMMARY_CEILING "ceiling"

/* 1 for the weak split: its speedup is throughput (T x t1 / tT). */
int summary_is_weak(const char *split);
/* Sorts a->ds's runs, groups them into a->cells by process, and computes
 * each cell's own statistics (cpus, min_run_time_s, ci_target and
 * boot_seed set first): median, quartiles, the median's two-level
 * bootstrap interval at the level reached, spreads, cost per unit.  The
 * statistics between cells and the flags are relate.c's. */
int summary_build(struct analysis *a, struct err *e);
/* The cell of impl, workload, split and T, of the largest size it ran (the
 * longest runs); NULL when there is none. */
const struct cell *summary_find(const struct analysis *a, const char *impl, const char *wl, const char *split,
                                unsigned T);
/* The units of work one value of c does (workload_units; for the ceiling
 * T copies of the one-worker job); 0: unknown. */
uint64_t summary_units(const struct cell *c);
/* c's sample as questions.h takes it: its processes' values and blocks,
 * its units (summary_units, or `units` when that is 0) and its key
 * (catalog_cell_key, into key[len]). */
void summary_question_cell(const struct analysis *a, const struct cell *c, uint64_t units, struct question_cell *qc,
                           char *key, size_t len);
/* The cells question q asks of this study: num's and den's at the T each
 * rule resolves to (question_resolve_T) among the counts the study ran
 * for both implementations in q's workload and split, on a machine of
 * a->cpus CPUs, of the largest size at that T (summary_find).  0; or -1
 * with why[len] saying why q cannot be asked. */
int summary_question_cells(const struct analysis *a, const struct question *q, const struct cell **num,
                           const struct cell **den, unsigned *numT, unsigned *denT, int *at_claim, char *why,
                           size_t len);
/* The ratio of x's cost per unit to y's, by the one rule of
 * question_answer (common/questions.c: from pairs when blocks hold both
 * cells, else the unpaired two-level bootstrap; seeded from a->boot_seed,
 * the comparison's name and both cells' keys).  When x over y are exactly
 * the cells of a question of the table, it is that question's answer, to
 * the bit; otherwise a FACTOR question named `what` with the default
 * target.  ux, uy: the units of one value of each (0: summary_units).
 * Cells of the same size, T and split compare even when their units are
 * unknown.  -1 (out's estimate and interval NAN) when not comparable. */
int summary_answer(const struct analysis *a, const char *what, const struct cell *x, uint64_t ux,
                   const struct cell *y, uint64_t uy, struct question_answer *out);
/* summary_answer's "cost" ratio of x to y: its estimate and interval. */
int summary_cost_ratio(const struct analysis *a, const struct cell *x, const struct cell *y, double *r, double *lo,
                       double *hi);
/* a->dir/summary.csv */
int summary_write(const struct analysis *a, struct err *e);

/* ---- relate.c ------------------------------------------------------------ */

/* What relates the cells, after summary_build: speedup, efficiency,
 * Karp-Flatt (not for throughput cells), Gustafson's scaled serial
 * fraction (only for them), the Amdahl fit of each strong series, the
 * split's cap, the cost against C, the efficiency against the ceiling; then
 * every cell's flags (embedding-cost excepted: answers_build adds it). */
void relate_build(struct analysis *a);

/* ---- the figures' files ------------------------------------------------ */

/* The files of each figure: format handed to the scripts (fmt), width
 * (cols: 2 two-column, 7 in; 1 one-column, 3.4 in), the file under
 * figures/ (%s: the figure's name), and what the report calls it.  The
 * .tex of cairolatex sits beside a .pdf of the same name in latex/, which
 * its \includegraphics names without a folder (see the README). */
#define FIGURE_OUTPUTS(X)                                         \
    X("png", 2, "%s.png", "PNG")                                  \
    X("svg", 2, "%s.svg", "SVG")                                  \
    X("pdf", 2, "%s.pdf", "PDF, two-column (7 in)")               \
    X("pdf", 1, "%s-1col.pdf", "PDF, one-column (3.4 in)")        \
    X("tex", 2, "latex/%s.tex", "LaTeX, two-column")              \
    X("tex", 1, "latex/%s-1col.tex", "LaTeX, one-column")
#define OUT_ONE(...) +1
enum { FIGURE_OUTPUTS_COUNT = 0 FIGURE_OUTPUTS(OUT_ONE) };
#undef OUT_ONE

#endif
