/* methods.c - the sampling and the estimators in words (methods.h). */
#include "methods.h"

#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "answers.h"
#include "meta.h"
#include "out.h"
#include "qreport.h"
#include "resample.h"
#include "wording.h"

/* The shape of the sample, over the cells. */
struct shape {
    size_t pmin, pmax;   /* processes per cell */
    size_t vmin, vmax;   /* values per cell */
    size_t kmin, kmax;   /* values per process */
    double level;        /* the lowest level a cell's interval reached */
    size_t level_n;      /* the processes of that cell */
    int direct;          /* some cell ran an interpreter's own executable */
    size_t paired;       /* speedups and costs from pairs */
};

static void shape_of(const struct analysis *a, struct shape *s)
{
    *s = (struct shape){SIZE_MAX, 0, SIZE_MAX, 0, SIZE_MAX, 0, 1, 0, 0, 0};
    for (size_t i = 0; i < a->ncells; i++) {
        const struct cell *c = &a->cells[i];
        s->pmin = c->nproc < s->pmin ? c->nproc : s->pmin;
        s->pmax = c->nproc > s->pmax ? c->nproc : s->pmax;
        s->vmin = c->n < s->vmin ? c->n : s->vmin;
        s->vmax = c->n > s->vmax ? c->n : s->vmax;
        if (c->ci_level < s->level) { /* false for NAN */
            s->level = c->ci_level;
            s->level_n = c->nproc;
        }
        size_t len = strlen(c->impl);
        s->direct |= len > 7 && !strcmp(c->impl + len - 7, "-direct");
        s->paired += c->speedup_paired;
    }
    for (size_t p = 0; p < a->nprocs; p++) {
        s->kmin = a->pcount[p] < s->kmin ? a->pcount[p] : s->kmin;
        s->kmax = a->pcount[p] > s->kmax ? a->pcount[p] : s->kmax;
    }
}

static void range(FILE *f, size_t lo, size_t hi)
{
    lo == hi ? fprintf(f, "%zu", lo) : fprintf(f, "%zu to %zu", lo, hi);
}

void methods_sampling(FILE *f, const struct analysis *a, const char *warm)
{
    struct shape s;
    shape_of(a, &s);
    if (!a->ds.has_proc) {
        fprintf(f, "Each cell ran once per round; rounds were interleaved across all cells in an order shuffled "
                   "with the recorded seed, each run after %s untimed warm-up run(s) in its own process (this "
                   "older study timed one value per process).",
                warm);
        return;
    }
    fprintf(f, "Each child process the runner started did %s untimed warm-up run(s), then timed ", warm);
    range(f, s.kmin, s.kmax);
    fprintf(f, " values of the same cell (pyperf's processes x values): a cell here is ");
    range(f, s.pmin, s.pmax);
    fprintf(f, " processes. The cells that a question compares ran in *blocks*, one process each, back to back "
               "in an order shuffled with the recorded seed; two cells' processes of one block form a *pair*. "
               "The runner answered the questions first and spent its time on those still wider than their "
               "targets, the most uncertain first, then surveyed every cell; it stopped sampling on the width "
               "of an interval, never on its significance (stopping when an interval first excludes a value "
               "would bias the verdict towards a difference). A process during which other processes or the "
               "hypervisor took the CPUs beyond the thresholds of *The machine during the study* is left out "
               "(%zu here).",
            a->ds.disturbed);
}

void methods_per_cell(FILE *f, const struct analysis *a)
{
    fprintf(f, "**Per cell**: the median of all its values, quartiles (type 7), min-max, and the median's "
               "percentile-bootstrap interval at two levels: each of %u resamples draws the cell's processes "
               "with replacement, then each drawn process's values with replacement, and takes the median of "
               "the values drawn (`resample_median_ci` in common/resample.c; seed %" PRIu64 "). Resampling the "
               "processes carries the spread between them (a process that started on a busy core), resampling "
               "within carries each value's noise. `ci_level` in summary.csv is the level the interval reached, "
               "min(the nominal " CATALOG_CI_FMT ", 1 - 2 x 0.5^n) for n processes, the coverage of the [min, "
               "max] of n process medians: the nominal " CATALOG_CI_FMT " from %zu processes, less below (flag "
               "`few-runs`). It is "
               "not the interval's exact coverage, which the bootstrap does not give; the study never states "
               "a level above it. `spread_between` and `spread_within` are the coefficients of variation "
               "between the processes' medians and of the values within a process: what more processes, or "
               "more values per process, would average away.%s\n\n",
            RESAMPLE_DEFAULT, a->boot_seed, out_runs_for_level(),
            a->ds.has_proc ? "" : " With one value per process, as in this study, the two levels are one.");
}

void methods_ratios(FILE *f, const struct analysis *a)
{
    fprintf(f, "**Ratios with intervals**: speedup (against the same implementation and size at T = 1), "
               "efficiency (speedup / T), the cost against C, every question and every comparison in the "
               "claims table are ratios of costs per unit of work, each by one rule (`question_answer` in "
               "common/questions.c, the function the runner judged the questions by). Where at least two "
               "blocks hold a process of both cells, and the pairs reach at least the level the unpaired "
               "interval would, the ratio is *paired*: the median of the per-pair ratios of the two processes' "
               "medians, its interval from resampling the pairs, then the values within each; a slowdown of "
               "the machine that lasts longer than a pair slows both alike and cancels. Otherwise it is the "
               "ratio of the two medians with the interval of two independent two-level resamples. %u "
               "resamples, the %gth to %gth percentile, seed %" PRIu64 " (splitmix64), each comparison's "
               "stream from its name and both cells' keys. No normality is assumed. The level an interval "
               "reached is that of its units: its pairs, or the smaller number of processes of the two cells; "
               "it is printed beside every interval. A ratio is called faster or slower only when its interval "
               "excludes 1; otherwise the two are *not distinguishable at this sample size* (marked ≈). A value "
               "is named the most, the least or an end of a range only where its interval separates it from "
               "every other value; otherwise the report names the group that cannot be told apart. The "
               "weak split's speedup and the ceiling's are throughput, T x t1 / tT (each worker, or each "
               "independent copy, does the whole job). Paired here: ",
            RESAMPLE_DEFAULT, OUT_CI_TAIL, 100 - OUT_CI_TAIL, a->boot_seed);
    qreport_paired_list(f, a);
    struct shape s;
    shape_of(a, &s);
    if (s.paired)
        fprintf(f, " among the questions, and %zu of the speedups", s.paired);
    fputs(".\n\n", f);
}

void methods_estimator(FILE *f, const struct analysis *a)
{
    size_t narrower, compared;
    answers_low_narrower(a, &narrower, &compared);
    fprintf(f, "Every estimate and verdict uses the median of the values, as planned before the study. Beside each "
               "question the report also gives the ratio of the two configurations' first quartiles of their "
               "process medians (a robust form of the minimum that Chen and Revels argue for when delays only add "
               "time), with its own interval");
    if (compared)
        fprintf(f, "; here it was the narrower in %zu of the %zu questions that had both", narrower, compared);
    fputs(".", f);
}

void methods_sentences(FILE *f, const struct analysis *a, const char *seed, const char *warm, int pinned)
{
    struct shape s;
    shape_of(a, &s);
    if (s.direct)
        fprintf(f, "; each interpreter also ran as its own executable, as the articles ran it");
    struct wording_runs runs;
    wording_runs_of(a, &runs);
    fprintf(f, ". Each configuration ran ");
    if (a->ds.has_proc) {
        fprintf(f, "in ");
        range(f, s.pmin, s.pmax);
        if (runs.fewest != runs.most)
            fprintf(f, " (median %zu; %zu of %zu configurations %zu)", runs.median, runs.at_fewest, runs.cells,
                    runs.fewest);
        fprintf(f, " child processes, each timing ");
        range(f, s.kmin, s.kmax);
        fprintf(f, " values after %s untimed warm-up run(s); the processes of the configurations a question "
                   "compares ran in blocks, back to back in an order shuffled with seed %s, and sampling went "
                   "to the questions still wider than their targets and stopped on width, never on "
                   "significance; %zu processes disturbed by other load were left out",
                warm, seed, a->ds.disturbed);
    } else {
        range(f, s.vmin, s.vmax);
        if (runs.fewest != runs.most)
            fprintf(f, " times (median %zu; %zu of %zu configurations %zu times)", runs.median, runs.at_fewest,
                    runs.cells, runs.fewest);
        else
            fputs(" times", f);
        fprintf(f, ", each run in its own process after %s untimed warm-up run(s), in rounds interleaved "
                   "across configurations in an order shuffled with seed %s",
                warm, seed);
        if (isfinite(a->ci_target))
            fprintf(f, " (more rounds only while a median's interval was wider than ±%.3g%%: on width, never on "
                       "significance)",
                    100 * a->ci_target);
    }
    double rmin = NAN;
    meta_number(a->meta, "rounds_min", &rmin);
    size_t short_of = 0;
    for (size_t i = 0; i < a->ncells && isfinite(rmin); i++)
        short_of += (double)a->cells[i].nproc < rmin;
    if (short_of)
        fprintf(f, "; the plan asked for at least %.0f, and the time budget ran out before %zu of them had it", rmin,
                short_of);
    fprintf(f, "; threads were %s. ", pinned ? "pinned one per physical core" : "not pinned");
    methods_estimator(f, a);
    fprintf(f, " We report medians with two-level percentile-bootstrap intervals (processes, then values within "
               "each; %u resamples, seed %" PRIu64 ") at the level each reached",
            RESAMPLE_DEFAULT, a->boot_seed);
    /* the levels the cells' intervals reached, from the data */
    struct level_span cells = {0};
    for (size_t i = 0; i < a->ncells; i++)
        if (isfinite(a->cells[i].ci_lo))
            wording_levels_add(&cells, a->cells[i].ci_level);
    char lv[64];
    wording_levels_text(lv, sizeof lv, &cells);
    if (cells.n)
        fprintf(f, ", %s (the nominal " CATALOG_CI_FMT " needs %zu %s)", lv, out_runs_for_level(),
                a->ds.has_proc ? "processes" : "runs");
    else
        fprintf(f, " (none here: one %s a configuration gives no interval; the nominal " CATALOG_CI_FMT " needs %zu)",
                a->ds.has_proc ? "process" : "run", out_runs_for_level());
    fprintf(f, ", costs per unit of work (ns per iteration or search-tree node), and ratios of costs (speedups, "
               "costs against C, the comparisons of interpreters) from pairs of processes run in the same block "
               "where there were such pairs (the median of the per-pair ratios), else from independent "
               "resamples of both configurations, each interval with the level it reached, calling a "
               "difference only when its interval excludes 1 and a value the largest or the smallest only when "
               "its interval separates it from the others. For fixed-size speedups we give Karp-Flatt's serial "
               "fraction and Amdahl's law; for weak-scaling throughput, Gustafson's scaled serial fraction.");
}
