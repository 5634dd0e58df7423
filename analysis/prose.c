/* prose.c - the report's paragraph per model for teaching (prose.h).
 *
 * Contract: a model's value is quoted only with its interval, the level
 * that interval reached and a verdict, and never when its cell, or the T
 * = 1 baseline it rests on, is flagged: then the text names the flag and
 * its likely cause instead (for a speedup beyond what the CPUs or the
 * split allow, most likely a slowed T = 1 baseline). */
#include "prose.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "flags.h"
#include "out.h"
#include "stats.h"
#include "wording.h"

static int quote_rank(const struct cell *c)
{
    static const char *const order[] = {"weak", "dynamic", "rr", "strong"};
    for (int i = 0; i < 4; i++)
        if (!strcmp(c->split, order[i]))
            return i;
    return 4;
}

/* The flags that keep a cell's speedup from being quoted: its own about
 * the speedup, and the baseline's about its measurement. */
static unsigned quote_flags(const struct cell *c)
{
    return (c->flags & FLAGS_SPEEDUP) | (c->base ? c->base->flags & FLAGS_BASELINE : 0);
}

/* The cell to quote for impl: the largest T that fits the CPUs
 * (oversubscription says more about the scheduler than about the model),
 * in the articles' own workload first (sumsq weak, then nqueens dynamic,
 * rr, strong), never the luckiest cell; an unflagged cell before a flagged
 * one. */
static const struct cell *quote_cell(const struct analysis *a, const char *impl)
{
    const struct cell *best = NULL;
    for (size_t i = 0; i < a->ncells; i++) {
        const struct cell *c = &a->cells[i];
        if (strcmp(c->impl, impl) || !isfinite(c->speedup) || c->threads < 2 || (a->cpus && c->threads > a->cpus))
            continue;
        int clean = !quote_flags(c), best_clean = best && !quote_flags(best);
        if (!best || clean > best_clean ||
            (clean == best_clean && (c->threads > best->threads ||
                                     (c->threads == best->threads && quote_rank(c) < quote_rank(best)))))
            best = c;
    }
    return best;
}

static void quote(FILE *f, const struct cell *c)
{
    unsigned flags = quote_flags(c);
    if (flags) {
        fprintf(f, " Nothing here to quote as a property of the model: at %u workers (%s %s) the speedup %.2f",
                c->threads, c->workload, c->split, c->speedup);
        const unsigned own = c->flags & FLAGS_SPEEDUP;
        if (own) {
            fputs(" is flagged ", f);
            flags_md(f, own);
        }
        if (c->base && (c->base->flags & FLAGS_BASELINE)) {
            fprintf(f, "%s its T = 1 baseline is flagged ", own ? ";" : ",");
            flags_md(f, c->base->flags & FLAGS_BASELINE);
        }
        fputs(". ", f);
        if (flags & FLAGS_BEYOND) {
            char why[256];
            if (c->flags & FLAG_ABOVE_CAP)
                flags_cap_cause(c, why, sizeof why);
            else
                flags_superlinear_cause(c, why, sizeof why);
            if (c->flags & FLAG_ABOVE_CAP)
                fprintf(f, "Above the %.3g that the %s split's uneven work allows %u workers at %s = %llu, so not "
                           "the model's doing: %s.",
                        c->split_cap, c->split, c->threads, dataset_size_name(c->workload),
                        (unsigned long long)c->size, why);
            else
                fprintf(f, "Beyond what the CPUs allow: %s.", why);
        } else {
            for (size_t k = 0; k < FLAGS_COUNT; k++)
                if (flags & flags_list[k].mask) {
                    fprintf(f, "Likely cause: %s.", flags_list[k].cause);
                    break;
                }
        }
        return;
    }
    enum stats_verdict v = stats_verdict(c->speedup_lo, c->speedup_hi);
    fprintf(f, " Here: speedup ");
    out_ratio(f, c->speedup, c->speedup_lo, c->speedup_hi);
    if (isfinite(c->speedup_lo)) {
        char lv[16];
        wording_level(lv, sizeof lv, wording_speedup_level(c));
        fprintf(f, " (%s interval)", lv);
    }
    fprintf(f, " at %u workers (%s %s, efficiency %.0f%%), %s", c->threads, c->workload, c->split,
            100 * c->efficiency,
            v == STATS_ABOVE_1   ? "faster than one worker"
            : v == STATS_BELOW_1 ? "slower than one worker"
                                 : "not distinguishable from one worker at this sample size");
    /* a throughput speedup has Gustafson's scaled serial fraction, a
     * fixed problem's the fit of Amdahl's law */
    if (c->weak && isfinite(c->gustafson) && c->gustafson >= 0 && c->gustafson <= 1)
        fprintf(f, "; Gustafson's scaled serial fraction e = (T - S) / (T - 1) = %.2f", c->gustafson);
    else if (!c->weak && isfinite(c->serial_fit) && !(c->flags & FLAG_FIT_RANGE))
        fprintf(f, "; serial fraction %.2f by Amdahl's law", c->serial_fit);
    fputs(".", f);
}

/* The cells of impl whose speedup's interval lies above its split's
 * work-balance cap, in one sentence with their likely cause: whatever the
 * cell quoted above, a reader must not take them for the model's doing. */
static void above_cap(FILE *f, const struct analysis *a, const char *impl)
{
    const struct cell *first = NULL;
    for (size_t i = 0; i < a->ncells; i++) {
        const struct cell *c = &a->cells[i];
        if (strcmp(c->impl, impl) || !(c->flags & FLAG_ABOVE_CAP))
            continue;
        if (!first)
            fprintf(f, " On %s %s its speedup lies above what the split's uneven work allows:", c->workload,
                    c->split);
        fprintf(f, "%s %.3g [%.3g, %.3g] at T = %u against a work-balance cap of %.3g", first ? "," : "",
                c->speedup, c->speedup_lo, c->speedup_hi, c->threads, c->split_cap);
        first = first ? first : c;
    }
    if (first) {
        char why[256];
        flags_cap_cause(first, why, sizeof why);
        fprintf(f, " (flagged `above-split-cap`): not the model's doing, %s.", why);
    }
}

void prose_teaching(FILE *f, const struct analysis *a)
{
    fprintf(f, "## What each model's curve shows\n\n");
    static const struct {
        const char *impl, *what;
    } models[] = {
        {"pthreads", "**pthreads** (native threads, shared memory). The baseline: one OS thread per worker, "
                     "each writing its own padded result slot. Its curve is one C program's threads, the reference "
                     "the figures set beside the others; not a bound: a model can pass it"},
        {ANALYSIS_CEILING, "**The ceiling** (T independent single-threaded C processes at once, nothing shared). "
                           "Not a model: what this machine gives T independent workers, against which every "
                           "model's efficiency can be read (`efficiency_vs_ceiling`); its speedup is a throughput, "
                           "T x t1 / tT, as each copy does the whole job"},
        {"openmp", "**OpenMP** (a compiler-directed thread team). The same threads, created once and kept in "
                   "a pool between parallel regions; `schedule(dynamic)` balances the uneven N-Queens tasks"},
        {"multiprocess", "**fork() processes**. Separate address spaces: no shared state to race on, at the "
                         "cost of creating processes (see spawn_s) and of memory per worker"},
        {"mpi", "**MPI** (Open MPI, ranks started once by mpirun). Processes again, beside fork's, but ones "
                "that share no machine: every byte between them is a message (here one reduction per run), "
                "so the same binary runs across hosts. Its start-up, mpirun to the first barrier, is launch_s "
                "and outside wall_s (fork's process creation is inside it)"},
        {"py3.12-threading", "**Python 3.12 threads**. The GIL lets one thread run Python bytecode at a time, "
                             "so more threads add no speed: the timeline figure shows the workers taking turns"},
        {"py3.12-subinterp", "**Python 3.12 sub-interpreters**, each with its own GIL. Real parallelism "
                             "already in 3.12, at the price of isolated interpreters that share no objects"},
        {"py3.12-mp-fork", "**Python multiprocessing, fork** (Linux's default start method up to 3.13). The "
                           "classic way around the GIL: parallel, each worker a forked copy of the parent, the "
                           "cheapest process to start; unsafe when the parent has threads, which is why 3.14 "
                           "moved the default away from it"},
        {"py3.14-mp-forkserver", "**multiprocessing, forkserver** (Linux's default start method from 3.14: what "
                                 "`multiprocessing.Pool()` now does). A server process, started at first use and "
                                 "kept, forks each worker; the worker's target and arguments are pickled to it and "
                                 "it imports the module they live in. Safe in a threaded parent; each worker costs "
                                 "more to start than a fork (see spawn_s)"},
        {"py3.14-mp-spawn", "**multiprocessing, spawn** (the default on macOS and Windows). Every worker is a new "
                            "python that starts up and imports the program before it works: the dearest start, "
                            "the same on every platform. Pick it for portability, or when the workers are few and "
                            "long"},
        {"py3.14-interpreters", "**Python 3.14 sub-interpreters from Python** (`concurrent.interpreters`, PEP "
                                "734): a thread per worker, each in its own interpreter with its own GIL, so "
                                "parallel inside one process; objects are not shared (arguments and results are "
                                "pickled across) and each interpreter imports its own modules. Pick it for "
                                "parallel pure-Python work without processes, when the extensions used support "
                                "sub-interpreters"},
        {"py3.14t-threading", "**Python 3.14t threads** (free-threaded). Without the GIL, the same threading "
                              "code runs in parallel; compare its curve with 3.14's, built with the same flags"},
        {"py3.14t-gil-threading", "**3.14t with its GIL switched on** (`-X gil=1`, the same binary as 3.14t). "
                                  "The control: beside py3.14t-threading the GIL is the one difference, so the gap "
                                  "at T = 1 is what the GIL itself costs or saves one thread (the free-threaded "
                                  "build's other costs are on both sides; 3.14 against 3.14t adds them) and the gap "
                                  "at T > 1 what removing it buys (see the claims table)"},
        {"py3.13t-threading", "**Python 3.13t threads**, free-threading's first, experimental release (optional: "
                              "`make pythons WITH=3.13t`). Beside 3.14t: how much the single-thread cost shrank "
                              "in one release"},
    };
    int ceiling = 0;
    for (size_t i = 0; i < a->ncells && !ceiling; i++)
        ceiling = !strcmp(a->cells[i].impl, ANALYSIS_CEILING);
    for (size_t m = 0; m < sizeof models / sizeof models[0]; m++) {
        const int is_ceiling = !strcmp(models[m].impl, ANALYSIS_CEILING);
        if (is_ceiling && !ceiling)
            continue; /* not a model: no paragraph where the study did not run it */
        const struct cell *best = quote_cell(a, models[m].impl);
        fprintf(f, "- %s%s.", models[m].what,
                ceiling && !strcmp(models[m].impl, "pthreads")
                    ? " (what this machine gives T independent workers is the ceiling's, below)"
                    : "");
        if (best)
            quote(f, best);
        else
            fprintf(f, " Not measured in this study.");
        if (!(best && (best->flags & FLAG_ABOVE_CAP))) /* quote() said it already */
            above_cap(f, a, models[m].impl);
        fputc('\n', f);
    }
    fputc('\n', f);
}
