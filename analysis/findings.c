/* findings.c - the report's findings: the articles' claims beside the
 * measurements, and a teaching paragraph per model.
 *
 * Contract: a value is stated as a finding only with its 95% interval and
 * a verdict (faster, slower, or not distinguishable at this sample size),
 * and never when its cell, or the T = 1 baseline it rests on, is flagged:
 * then the text names the flag and its likely cause instead. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis.h"
#include "report.h"
#include "stats.h"

#define CLAIM_THREADS 8
/* A CPU-bound run with one worker that used less of a CPU than this spent
 * time waiting: its baseline was slowed. */
#define BASELINE_CPU_MIN 0.9
/* Flags about how a cell was measured: any of them keeps its values, and
 * every ratio built on them, from being stated as a finding. */
#define MEASURE_FLAGS                                                                                              \
    (FLAG_UNDER_1MS | FLAG_BELOW_MIN_RUN | FLAG_NOISY | FLAG_CI_WIDE | FLAG_FEW_RUNS | FLAG_OVERSUB | FLAG_SPAWN)
/* ... and those about a speedup itself.  Karp-Flatt and the fitted serial
 * fraction out of [0, 1] flag those derived values, not the speedup (a
 * speedup below 1 is a finding: slower than one worker). */
#define SPEEDUP_FLAGS (MEASURE_FLAGS | FLAG_SPEEDUP_GT_CPUS | FLAG_SUPERLINEAR)
/* Flags of a T = 1 baseline that make every speedup resting on it suspect. */
#define BASELINE_FLAGS MEASURE_FLAGS
/* Those that are evidence of a baseline slowed by something. */
#define BASELINE_SLOW_FLAGS (FLAG_UNDER_1MS | FLAG_BELOW_MIN_RUN | FLAG_NOISY | FLAG_SPAWN)

void report_superlinear_cause(const struct cell *c, char *buf, size_t len)
{
    const struct cell *b = c->base;
    if (!b) {
        snprintf(buf, len, "no T = 1 baseline to judge by");
        return;
    }
    const double spread = 100 * (b->max - b->min) / b->median;
    const unsigned bf = b->flags & BASELINE_SLOW_FLAGS;
    char cpu[48] = "", names[FLAGS_COUNT * 32] = "";
    if (isfinite(b->cpu_util))
        snprintf(cpu, sizeof cpu, ", CPU use %.2f of a CPU", b->cpu_util);
    summary_flag_names(bf, names, sizeof names);
    if (bf || b->cpu_util < BASELINE_CPU_MIN) /* false for NAN */
        snprintf(buf, len, "likely a slowed T = 1 baseline (its runs spread %.0f%% from min to max%s%s%s)", spread,
                 cpu, bf ? "; flagged " : "", names);
    else
        snprintf(buf, len, "the T = 1 runs were steady (spread %.0f%%%s), so likely cache or frequency effects",
                 spread, cpu);
}

static const struct cell *find_cell(const struct analysis *a, const char *impl, const char *wl, const char *split,
                                    unsigned T)
{
    const struct cell *best = NULL;
    for (size_t i = 0; i < a->ncells; i++) {
        const struct cell *c = &a->cells[i];
        if (!strcmp(c->impl, impl) && !strcmp(c->workload, wl) && !strcmp(c->split, split) && c->threads == T &&
            (!best || c->size > best->size))
            best = c;
    }
    return best;
}

/* Largest T <= want that impl has in (wl, split); 0 when none. */
static unsigned near_T(const struct analysis *a, const char *impl, const char *wl, const char *split, unsigned want)
{
    unsigned best = 0;
    for (size_t i = 0; i < a->ncells; i++) {
        const struct cell *c = &a->cells[i];
        if (!strcmp(c->impl, impl) && !strcmp(c->workload, wl) && !strcmp(c->split, split) && c->threads <= want &&
            c->threads > best)
            best = c->threads;
    }
    return best;
}

/* One row of the claims table: cost per unit of x over y's, its interval,
 * the verdict (above: the words when the interval is above 1; below: when
 * under), and the flags of both cells.  percent: as "+4.8%". */
struct claim {
    const char *claim, *compared, *claimed, *above, *below;
    int percent;
};

static void claim_row(FILE *f, const struct analysis *a, const struct claim *cl, const struct cell *x,
                      const struct cell *y, unsigned T)
{
    double r, lo, hi;
    fprintf(f, "| %s | %s | ", cl->claim, cl->compared);
    if (!x || !y || summary_cost_ratio(a, x, y, &r, &lo, &hi)) {
        T ? fprintf(f, "%u", T) : fprintf(f, "-");
        fprintf(f, " | not measured | - | %s | - |\n", cl->claimed);
        return;
    }
    fprintf(f, "%u | ", T);
    if (cl->percent) {
        fprintf(f, "%+.1f%%", 100 * (r - 1));
        if (isfinite(lo))
            fprintf(f, " [%+.1f%%, %+.1f%%]", 100 * (lo - 1), 100 * (hi - 1));
    } else {
        report_ratio(f, r, lo, hi);
    }
    enum stats_verdict v = stats_verdict(lo, hi);
    fprintf(f, " | %s | %s | ",
            !isfinite(lo) ? "no interval" : v == STATS_ABOVE_1 ? cl->above : v == STATS_BELOW_1 ? cl->below
                                                                                    : "not distinguishable at this sample size",
            cl->claimed);
    unsigned flags = (x->flags | y->flags) & MEASURE_FLAGS;
    if (flags) {
        fputs("⚑ ", f);
        report_flags(f, flags);
    } else {
        fputs("-", f);
    }
    fputs(" |\n", f);
}

void report_claims(FILE *f, const struct analysis *a)
{
    fprintf(f, "## The articles' claims beside the measurements\n\n"
               "Each ratio is of costs per unit of work (ns per iteration or node), from one study (same machine, "
               "same rounds), with its 95%% bootstrap interval (less where a cell is flagged `few-runs`); the "
               "verdict calls a difference only when the "
               "interval excludes 1. A claim is checked at the workers the articles used where this study has "
               "them; otherwise at the largest count it has, and the table says which. A flagged row (last "
               "column) is not a finding: see *Flags*.\n\n"
               "| claim | compared | workers | measured [interval] | verdict | claimed | flags |\n"
               "|---|---|---|---|---|---|---|\n");
    /* 1: sumsq, 8 threads, 3.12 (GIL) against 3.14t. */
    unsigned T = near_T(a, "py3.12-threading", "sumsq", "weak", CLAIM_THREADS);
    unsigned T2 = near_T(a, "py3.14t-threading", "sumsq", "weak", CLAIM_THREADS);
    T = T < T2 ? T : T2;
    static const struct claim c1 = {"sumsq, free-threading over the GIL (article 1)",
                                    "3.12 threading / 3.14t threading", "about 3x at 8", "3.14t faster",
                                    "3.14t slower", 0};
    claim_row(f, a, &c1, T ? find_cell(a, "py3.12-threading", "sumsq", "weak", T) : NULL,
              T ? find_cell(a, "py3.14t-threading", "sumsq", "weak", T) : NULL, T);
    /* 2: nqueens rr, 3.14 (GIL) against 3.14t, at 1, 2, 4, 8. */
    static const unsigned counts[] = {1, 2, 4, 8};
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        const struct claim c2 = {"nqueens, free-threading over the GIL (article 2)",
                                 "3.14 threading / 3.14t threading",
                                 counts[i] == 8 ? "about 8x" : "grows with threads", "3.14t faster", "3.14t slower",
                                 0};
        claim_row(f, a, &c2, find_cell(a, "py3.14-threading", "nqueens", "rr", counts[i]),
                  find_cell(a, "py3.14t-threading", "nqueens", "rr", counts[i]), counts[i]);
    }
    /* 3: single-thread cost of the free-threaded build, and 3.12 against
     * 3.14t with one thread (the version change and the GIL together). */
    static const char *const wl[2][2] = {{"sumsq", "weak"}, {"nqueens", "rr"}};
    for (int w = 0; w < 2; w++) {
        char compared[96];
        snprintf(compared, sizeof compared, "3.14t / 3.14 threading at T = 1, %s", wl[w][0]);
        const struct claim c3 = {"single-thread cost of free-threading (article 2)", compared, "+5 to +10%",
                                 "3.14t slower", "3.14t faster", 1};
        claim_row(f, a, &c3, find_cell(a, "py3.14t-threading", wl[w][0], wl[w][1], 1),
                  find_cell(a, "py3.14-threading", wl[w][0], wl[w][1], 1), 1);
    }
    for (int w = 0; w < 2; w++) {
        char compared[96];
        snprintf(compared, sizeof compared, "3.12 / 3.14t threading at T = 1, %s", wl[w][0]);
        const struct claim c4 = {"one thread: 3.12 (GIL) against 3.14t (article 1's pair)", compared,
                                 "not claimed", "3.14t faster", "3.14t slower", 0};
        claim_row(f, a, &c4, find_cell(a, "py3.12-threading", wl[w][0], wl[w][1], 1),
                  find_cell(a, "py3.14t-threading", wl[w][0], wl[w][1], 1), 1);
    }
    fprintf(f, "\nThe first article compares 3.12 with 3.14t, so its ratio mixes two changes: the interpreter "
               "version and the GIL. The 3.14 build with the GIL, built with the same flags as 3.14t, separates "
               "them: 3.14 / 3.14t is the effect of free-threading alone. On a machine with fewer cores than "
               "workers no threading model can reach the claimed factors; read the ratios against the CPU count "
               "above.\n\n");
}

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
    return (c->flags & SPEEDUP_FLAGS) | (c->base ? c->base->flags & BASELINE_FLAGS : 0);
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
        const unsigned own = c->flags & SPEEDUP_FLAGS;
        if (own) {
            fputs(" is flagged ", f);
            report_flags(f, own);
        }
        if (c->base && (c->base->flags & BASELINE_FLAGS)) {
            fprintf(f, "%s its T = 1 baseline is flagged ", own ? ";" : ",");
            report_flags(f, c->base->flags & BASELINE_FLAGS);
        }
        fputs(". ", f);
        if (flags & (FLAG_SUPERLINEAR | FLAG_SPEEDUP_GT_CPUS)) {
            char why[256];
            report_superlinear_cause(c, why, sizeof why);
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
    report_ratio(f, c->speedup, c->speedup_lo, c->speedup_hi);
    fprintf(f, " at %u workers (%s %s, efficiency %.0f%%), %s", c->threads, c->workload, c->split,
            100 * c->efficiency,
            v == STATS_ABOVE_1   ? "faster than one worker"
            : v == STATS_BELOW_1 ? "slower than one worker"
                                 : "not distinguishable from one worker at this sample size");
    if (isfinite(c->serial_fit) && !(c->flags & FLAG_FIT_RANGE))
        fprintf(f, "; serial fraction %.2f by %s's law", c->serial_fit, c->weak ? "Gustafson" : "Amdahl");
    fputs(".", f);
}

void report_teaching(FILE *f, const struct analysis *a)
{
    fprintf(f, "## What each model's curve shows\n\n");
    static const struct {
        const char *impl, *what;
    } models[] = {
        {"pthreads", "**pthreads** (native threads, shared memory). The baseline: one OS thread per worker, "
                     "each writing its own padded result slot. Its curve is what the hardware allows"},
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
        {"py3.12-multiprocessing", "**Python multiprocessing** (fork). The classic way around the GIL: parallel, "
                                   "but each worker is a process"},
        {"py3.14t-threading", "**Python 3.14t threads** (free-threaded). Without the GIL, the same threading "
                              "code runs in parallel; compare its curve with 3.14's, built with the same flags"},
    };
    for (size_t m = 0; m < sizeof models / sizeof models[0]; m++) {
        const struct cell *best = quote_cell(a, models[m].impl);
        fprintf(f, "- %s.", models[m].what);
        if (best)
            quote(f, best);
        else
            fprintf(f, " Not measured in this study.");
        fputc('\n', f);
    }
    fputc('\n', f);
}
