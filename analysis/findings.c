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

#define CLAIM_ROW(id, source, wl, split, num, den, T, lo, hi, what, claimed) \
    {source, wl, split, num, den, T, lo, hi, what, claimed},
const struct claim_def claims_list[CLAIMS_COUNT] = {CLAIM_TABLE(CLAIM_ROW)};
/* The same-binary control at many threads: the articles' 8, or the
 * largest count within the CPUs (findings_claim's rule). */
#define CLAIM_CONTROL_THREADS 8
#undef CLAIM_ROW

/* The largest T <= max that both num and den ran in (wl, split); 0 when
 * none. */
static unsigned common_T(const struct analysis *a, const struct claim_def *c, unsigned max)
{
    unsigned best = 0;
    for (size_t i = 0; i < a->ncells; i++) {
        const struct cell *x = &a->cells[i];
        if (!strcmp(x->impl, c->num) && !strcmp(x->workload, c->workload) && !strcmp(x->split, c->split) &&
            x->threads <= max && x->threads > best && summary_find(a, c->den, c->workload, c->split, x->threads))
            best = x->threads;
    }
    return best;
}

int findings_claim(const struct analysis *a, const struct claim_def *c, struct claim_result *r)
{
    *r = (struct claim_result){NULL, NULL, 0, 0, NAN, NAN, NAN};
    unsigned T = c->threads;
    /* The claim's own count, on a machine that has the CPUs for it;
     * otherwise the largest count within both, never an oversubscribed
     * stand-in for the article's cores. */
    r->at_claim = (!a->cpus || a->cpus >= T) && summary_find(a, c->num, c->workload, c->split, T) &&
                  summary_find(a, c->den, c->workload, c->split, T);
    if (!r->at_claim)
        T = common_T(a, c, a->cpus && a->cpus < T ? a->cpus : T);
    r->T = T;
    if (!T)
        return -1;
    const struct cell *x = summary_find(a, c->num, c->workload, c->split, T);
    const struct cell *y = summary_find(a, c->den, c->workload, c->split, T);
    if (!x || !y || summary_cost_ratio(a, x, y, &r->r, &r->lo, &r->hi))
        return -1;
    r->x = x;
    r->y = y;
    return 0;
}

/* One row of the claims table: cost per unit of num over den at the count
 * findings_claim chose, its interval, the verdict (above: the words when
 * the interval is above 1; below: when under), and the flags of both
 * cells.  percent: as "+4.8%". */
struct claim_words {
    const char *claim, *compared, *above, *below;
    int percent;
};

static void claim_row(FILE *f, const struct analysis *a, const struct claim_words *cw, const struct claim_def *c)
{
    struct claim_result m;
    int ok = findings_claim(a, c, &m) == 0;
    fprintf(f, "| %s | %s | ", cw->claim, cw->compared);
    if (!m.T)
        fprintf(f, "-");
    else if (m.at_claim)
        fprintf(f, "%u", m.T);
    else if (a->cpus && a->cpus < c->threads)
        fprintf(f, "%u (the articles': %u; this machine has %u CPUs)", m.T, c->threads, a->cpus);
    else
        fprintf(f, "%u (the articles': %u; not run at %u)", m.T, c->threads, c->threads);
    if (!ok) {
        fprintf(f, " | not measured | - | %s | - |\n", c->claimed);
        return;
    }
    fputs(" | ", f);
    if (cw->percent) {
        fprintf(f, "%+.1f%%", 100 * (m.r - 1));
        if (isfinite(m.lo))
            fprintf(f, " [%+.1f%%, %+.1f%%]", 100 * (m.lo - 1), 100 * (m.hi - 1));
    } else {
        report_ratio(f, m.r, m.lo, m.hi);
    }
    enum stats_verdict v = stats_verdict(m.lo, m.hi);
    fprintf(f, " | %s | %s | ",
            !isfinite(m.lo) ? "no interval" : v == STATS_ABOVE_1 ? cw->above : v == STATS_BELOW_1 ? cw->below
                                                                                    : "not distinguishable at this sample size",
            c->claimed);
    unsigned flags = (m.x->flags | m.y->flags) & MEASURE_FLAGS;
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
               "interval excludes 1. A claim is checked at the workers the articles used where this machine has "
               "that many CPUs and the study ran them; otherwise at the largest count within both, and the table "
               "says so: such a row is not the claim's counterpart. A flagged row (last column) is not a finding: "
               "see *Flags*.\n\n"
               "| claim | compared | workers | measured [interval] | verdict | claimed | flags |\n"
               "|---|---|---|---|---|---|---|\n");
    for (size_t k = 0; k < CLAIMS_COUNT; k++) {
        const struct claim_def *c = &claims_list[k];
        char claim[128], compared[160];
        int cost = c->threads == 1;
        snprintf(claim, sizeof claim, "%s (%s)", c->what, c->source);
        snprintf(compared, sizeof compared, "%s / %s%s, %s", c->num, c->den, cost ? " at T = 1" : "", c->workload);
        const struct claim_words cw = {claim, compared, cost ? "3.14t slower" : "3.14t faster",
                                       cost ? "3.14t faster" : "3.14t slower", cost};
        claim_row(f, a, &cw, c);
        /* Article 2's table went through 1, 2 and 4 threads on its way to
         * 8: those of them this machine has CPUs for. */
        if (k == CLAIM_NQUEENS_FT)
            for (unsigned T = 1; T < c->threads; T *= 2) {
                struct claim_def at = *c;
                struct claim_result m;
                at.threads = T;
                at.claimed = "grows with threads";
                if (findings_claim(a, &at, &m) == 0 && m.at_claim)
                    claim_row(f, a, &cw, &at);
            }
    }
    /* 3.12 against 3.14t with one thread: the version change and the GIL
     * together, article 1's pair. */
    static const char *const wl[2][2] = {{"sumsq", "weak"}, {"nqueens", "rr"}};
    for (int w = 0; w < 2; w++) {
        char compared[96];
        snprintf(compared, sizeof compared, "3.12 / 3.14t threading at T = 1, %s", wl[w][0]);
        const struct claim_def c4 = {"article 1", wl[w][0], wl[w][1], "py3.12-threading", "py3.14t-threading", 1,
                                     NAN, NAN, "", "not claimed"};
        const struct claim_words cw = {"one thread: 3.12 (GIL) against 3.14t (article 1's pair)", compared,
                                       "3.14t faster", "3.14t slower", 0};
        claim_row(f, a, &cw, &c4);
    }
    /* The same 3.14t binary with its GIL switched on at start-up (-X gil=1)
     * against it without: the GIL is the one difference.  At T = 1 what
     * the GIL itself costs one thread; at the largest T within the CPUs
     * what removing it buys. */
    for (int w = 0; w < 2; w++) {
        char compared[128];
        snprintf(compared, sizeof compared, "3.14t / 3.14t -X gil=1 threading at T = 1, %s", wl[w][0]);
        const struct claim_def one = {"control", wl[w][0], wl[w][1], "py3.14t-threading", "py3.14t-gil-threading",
                                      1, NAN, NAN, "", "- (control)"};
        const struct claim_words cw1 = {"one thread, same binary: free-threading's cost without its build's",
                                        compared, "3.14t slower", "3.14t faster", 1};
        claim_row(f, a, &cw1, &one);
        snprintf(compared, sizeof compared, "3.14t -X gil=1 / 3.14t threading, %s", wl[w][0]);
        const struct claim_def many = {"control", wl[w][0], wl[w][1], "py3.14t-gil-threading", "py3.14t-threading",
                                       CLAIM_CONTROL_THREADS, NAN, NAN, "", "- (control)"};
        const struct claim_words cwn = {"many threads, same binary: what removing the GIL buys", compared,
                                        "3.14t faster", "3.14t slower", 0};
        claim_row(f, a, &cwn, &many);
    }
    fprintf(f, "\nThe first article compares 3.12 with 3.14t, so its ratio mixes two changes: the interpreter "
               "version and the GIL. The 3.14 build with the GIL, built with the same flags as 3.14t, separates "
               "them: 3.14 / 3.14t is the effect of the free-threaded build. That build differs in more than the "
               "GIL (its ABI, allocator use, reference counting, specialization), so the control rows run the "
               "very same 3.14t binary with its GIL switched back on at start-up (-X gil=1): 3.14t / 3.14t -X "
               "gil=1 is what the GIL itself costs and buys. On a machine with fewer cores than "
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
