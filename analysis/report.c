/* report.c - report.md: environment, method, figures, tables, the
 * articles' claims, what each model's curve shows, a methods paragraph. */
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "meta.h"

#define CLAIM_THREADS 8

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

static void claims(FILE *f, const struct analysis *a)
{
    fprintf(f, "## The articles' claims beside the measurements\n\n"
               "Ratios are of medians measured in this one study (same machine, same rounds). A claim is "
               "checked at the workers the articles used where this study has them; otherwise at the largest "
               "count it has, and the table says which.\n\n"
               "| claim | compared | workers | measured | claimed |\n|---|---|---|---|---|\n");
    /* 1: sumsq, 8 threads, 3.12 (GIL) against 3.14t. */
    unsigned T = near_T(a, "py3.12-threading", "sumsq", "weak", CLAIM_THREADS);
    unsigned T2 = near_T(a, "py3.14t-threading", "sumsq", "weak", CLAIM_THREADS);
    T = T < T2 ? T : T2;
    const struct cell *g = T ? find_cell(a, "py3.12-threading", "sumsq", "weak", T) : NULL;
    const struct cell *ft = T ? find_cell(a, "py3.14t-threading", "sumsq", "weak", T) : NULL;
    if (g && ft)
        fprintf(f, "| sumsq, free-threading over the GIL (article 1) | 3.12 threading / 3.14t threading wall time | %u | %.2fx | about 3x at 8 |\n",
                T, g->median / ft->median);
    else
        fprintf(f, "| sumsq, free-threading over the GIL (article 1) | 3.12 / 3.14t threading | - | not measured | about 3x at 8 |\n");
    /* 2: nqueens rr, 3.14 (GIL) against 3.14t, at 1, 2, 4, 8. */
    static const unsigned counts[] = {1, 2, 4, 8};
    for (size_t i = 0; i < 4; i++) {
        const struct cell *gl = find_cell(a, "py3.14-threading", "nqueens", "rr", counts[i]);
        const struct cell *fr = find_cell(a, "py3.14t-threading", "nqueens", "rr", counts[i]);
        if (gl && fr)
            fprintf(f, "| nqueens, free-threading over the GIL (article 2) | 3.14 threading / 3.14t threading | %u | %.2fx | %s |\n",
                    counts[i], gl->median / fr->median, counts[i] == 8 ? "about 8x" : "grows with threads");
        else
            fprintf(f, "| nqueens, free-threading over the GIL (article 2) | 3.14 / 3.14t threading | %u | not measured | %s |\n",
                    counts[i], counts[i] == 8 ? "about 8x" : "grows with threads");
    }
    /* 3: single-thread overhead of the free-threaded build. */
    static const char *const wl[2][2] = {{"sumsq", "weak"}, {"nqueens", "rr"}};
    for (int w = 0; w < 2; w++) {
        const struct cell *gl = find_cell(a, "py3.14-threading", wl[w][0], wl[w][1], 1);
        const struct cell *fr = find_cell(a, "py3.14t-threading", wl[w][0], wl[w][1], 1);
        if (gl && fr)
            fprintf(f, "| single-thread cost of free-threading (article 2) | 3.14t / 3.14 at T = 1, %s | 1 | %+.1f%% | +5 to +10%% |\n",
                    wl[w][0], 100 * (fr->median / gl->median - 1));
        else
            fprintf(f, "| single-thread cost of free-threading (article 2) | 3.14t / 3.14, %s | 1 | not measured | +5 to +10%% |\n",
                    wl[w][0]);
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

/* A teaching paragraph per model family, from the numbers. */
static void teaching(FILE *f, const struct analysis *a, unsigned cpus)
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
        /* Quote the largest T that still fits the CPUs (oversubscription
         * says more about the scheduler than about the model), in the
         * articles' own workload first (sumsq weak, then nqueens dynamic,
         * rr, strong), never the luckiest cell. */
        const struct cell *best = NULL;
        for (size_t i = 0; i < a->ncells; i++) {
            const struct cell *c = &a->cells[i];
            if (strcmp(c->impl, models[m].impl) || !isfinite(c->speedup) || c->threads < 2 ||
                (cpus && c->threads > cpus))
                continue;
            if (!best || c->threads > best->threads ||
                (c->threads == best->threads && quote_rank(c) < quote_rank(best)))
                best = c;
        }
        fprintf(f, "- %s.", models[m].what);
        if (best)
            fprintf(f, " Here: speedup %.2f at %u workers (%s %s, efficiency %.0f%%, serial fraction %.2f by "
                       "%s's law).",
                    best->speedup, best->threads, best->workload, best->split, 100 * best->efficiency,
                    best->serial_fit, best->weak ? "Gustafson" : "Amdahl");
        else
            fprintf(f, " Not measured in this study.");
        fputc('\n', f);
    }
    fputc('\n', f);
}

static void tables(FILE *f, const struct analysis *a, const struct panel *p, size_t np)
{
    for (size_t k = 0; k < np; k++) {
        unsigned Ts[64];
        size_t nT = 0;
        for (size_t i = 0; i < a->ncells; i++) {
            if (!figures_in_panel(&a->cells[i], &p[k]))
                continue;
            size_t j = 0;
            while (j < nT && Ts[j] != a->cells[i].threads)
                j++;
            if (j == nT && nT < 64)
                Ts[nT++] = a->cells[i].threads;
        }
        for (size_t i = 1; i < nT; i++)
            for (size_t j = i; j > 0 && Ts[j - 1] > Ts[j]; j--) {
                unsigned t = Ts[j];
                Ts[j] = Ts[j - 1];
                Ts[j - 1] = t;
            }
        fprintf(f, "### %s, %s split, %s = %" PRIu64 "\n\nMedian wall time in seconds (speedup%s; * noisy)\n\n| "
                   "implementation |",
                p[k].workload, p[k].split, strcmp(p[k].workload, "sumsq") ? "n" : "N", p[k].size,
                analysis_is_weak(p[k].split) ? ", throughput: T x t1 / tT" : ": t1 / tT");
        for (size_t j = 0; j < nT; j++)
            fprintf(f, " T=%u |", Ts[j]);
        fprintf(f, " serial fraction |\n|---|");
        for (size_t j = 0; j <= nT; j++)
            fprintf(f, "---|");
        fputc('\n', f);
        const char *prev = NULL;
        for (size_t i = 0; i < a->ncells; i++) {
            const struct cell *c = &a->cells[i];
            if (!figures_in_panel(c, &p[k]) || (prev && !strcmp(prev, c->impl)))
                continue;
            prev = c->impl;
            fprintf(f, "| %s |", c->impl);
            for (size_t j = 0; j < nT; j++) {
                const struct cell *x = NULL;
                for (size_t q = i; q < a->ncells && !strcmp(a->cells[q].impl, c->impl); q++)
                    if (figures_in_panel(&a->cells[q], &p[k]) && a->cells[q].threads == Ts[j])
                        x = &a->cells[q];
                if (!x)
                    fprintf(f, " - |");
                else if (isfinite(x->speedup))
                    fprintf(f, " %.4g (%.2fx)%s |", x->median, x->speedup, x->noisy ? "*" : "");
                else
                    fprintf(f, " %.4g%s |", x->median, x->noisy ? "*" : "");
            }
            isfinite(c->serial_fit) ? fprintf(f, " %.3f |\n", c->serial_fit) : fprintf(f, " - |\n");
        }
        fputc('\n', f);
    }
}

int report_write(const struct analysis *a, const struct panel *p, size_t np, int no_figures, struct err *e)
{
    char path[PATH_MAX], mpath[PATH_MAX];
    snprintf(mpath, sizeof mpath, "%s/meta.json", a->dir);
    char *meta = NULL;
    FILE *m = fopen(mpath, "r");
    if (m) {
        size_t cap = 1 << 16;
        meta = calloc(1, cap);
        if (meta && fread(meta, 1, cap - 1, m) == 0) {
            free(meta);
            meta = NULL;
        }
        fclose(m);
    }
    FILE *f = analysis_open(a->dir, "report.md", path, e);
    if (!f) {
        free(meta);
        return -1;
    }
    char v[12][256];
    static const char *const keys[12] = {"date", "host", "cpu_model", "cpus_online", "affinity", "governor",
                                         "turbo", "kernel", "compiler", "cflags", "git_commit", "preset"};
    for (int i = 0; i < 12; i++)
        meta_get(meta, NULL, keys[i], v[i], sizeof v[i]);
    char rounds[32], warm[32], pin[32], seed[32];
    meta_get(meta, NULL, "rounds", rounds, sizeof rounds);
    meta_get(meta, NULL, "warmup", warm, sizeof warm);
    meta_get(meta, NULL, "pin", pin, sizeof pin);
    meta_get(meta, NULL, "seed", seed, sizeof seed);

    fprintf(f, "# Concurrency models side by side: C threads, OpenMP, processes and CPython 3.12 / 3.14 / 3.14t\n\n");
    fprintf(f, "Generated by `bin/analyze` from `raw.csv` (%zu verified runs, %zu failed runs left out, %zu "
               "duplicate rows dropped) in this folder. Figures are in `figures/` as PNG, SVG and PDF.\n\n",
            a->ds.n, a->ds.failed, a->ds.duplicates);
    fprintf(f, "## Environment\n\n| | |\n|---|---|\n");
    for (int i = 0; i < 12; i++)
        fprintf(f, "| %s | %s |\n", keys[i], v[i]);
    fprintf(f, "| rounds / warm-up / pinning / seed | %s / %s / %s / %s |\n", rounds, warm, pin, seed);
    static const char *const tags[3] = {"3.12", "3.14", "3.14t"};
    for (int t = 0; t < 3; t++) {
        char key[16], ver[64], ft[16], flags[512];
        snprintf(key, sizeof key, "\"%s\": {", tags[t]);
        const char *at = meta ? strstr(meta, key) : NULL;
        if (!at)
            continue;
        meta_get(meta, at, "version", ver, sizeof ver);
        meta_get(meta, at, "free_threaded_build", ft, sizeof ft);
        meta_get(meta, at, "configure_flags", flags, sizeof flags);
        fprintf(f, "| Python %s | %s, free-threaded build: %s, configure: `%s` |\n", tags[t], ver, ft, flags);
    }
    fprintf(f, "\n## Method\n\n"
               "Each implementation runs the same two workloads. **sumsq** computes `sum(i**2 for i in range(N))` "
               "exactly; with the *weak* split every worker computes the whole sum (work grows with the "
               "workers, and speedup is throughput: T x t1 / tT), with *strong* [0, N) is cut into T chunks. "
               "**nqueens** counts the n-Queens solutions with the articles' bitmask recursion; *rr* deals the "
               "first-row columns round-robin (uneven), *dynamic* hands out two-row prefixes from a shared "
               "counter. Every run is checked against the exact answer (closed form; OEIS A000170) and only "
               "verified runs enter the statistics.\n\n"
               "`wall_s` runs from just before the first worker is started to just after the last is joined or "
               "reaped: creating workers (threads, processes, sub-interpreters) is included, program and "
               "interpreter start-up are not. Each cell ran once per round; rounds were interleaved across all "
               "cells in an order shuffled with the recorded seed, each run after %s untimed warm-up run(s) in "
               "its own process. Per cell: median, quartiles (type 7), min-max, and a distribution-free 95%% "
               "confidence interval for the median from order statistics (with fewer than 6 runs no such "
               "interval exists; summary.csv gives [min, max] and its actual coverage). Speedup is against the "
               "same implementation at T = 1; efficiency is speedup / T; the Karp-Flatt fraction is "
               "(1/S - 1/T) / (1 - 1/T); the serial fraction of each series is fitted by least squares to "
               "Amdahl's law (strong scaling) or Gustafson's (weak). Cells are flagged noisy by pyperf's rule: "
               "stdev >= 10%% of the mean, or min/max more than 25%% from it.\n\n",
            warm);
    fprintf(f, "## Figures\n\n");
    for (size_t i = 0; i < FIGURES_COUNT; i++)
        if (no_figures || a->missing[i])
            fprintf(f, "%zu. %s: not drawn (%s).\n\n", i + 1, figures_list[i].title,
                    no_figures ? "--no-figures" : "this study lacks what it needs, e.g. T = 1 runs or CPU times; see analyze's warnings");
        else
            fprintf(f, "%zu. %s: [PNG](figures/%s.png), [SVG](figures/%s.svg), [PDF](figures/%s.pdf)\n\n   "
                   "![%s](figures/%s.png)\n\n",
                i + 1, figures_list[i].title, figures_list[i].name, figures_list[i].name, figures_list[i].name, figures_list[i].title,
                figures_list[i].name);
    fprintf(f, "## Results\n\nThe full table, with every statistic, is `summary.csv`.\n\n");
    tables(f, a, p, np);
    claims(f, a);
    char cpus[32];
    meta_get(meta, NULL, "cpus_in_affinity", cpus, sizeof cpus);
    teaching(f, a, (unsigned)strtoul(cpus, NULL, 10));
    fprintf(f, "## Methods paragraph\n\n> We ran each workload on one machine (CPU: %s; %s CPUs online, affinity "
               "%s; governor %s, turbo %s; %s) with C code compiled by %s with `%s`. Python workloads ran in one C host embedding CPython, built "
               "once per interpreter",
            v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]);
    for (int t = 0; t < 3; t++) {
        char key[16], ver[64];
        snprintf(key, sizeof key, "\"%s\": {", tags[t]);
        const char *at = meta ? strstr(meta, key) : NULL;
        if (!at)
            continue;
        meta_get(meta, at, "version", ver, sizeof ver);
        fprintf(f, "%s %s", t ? "," : ":", ver);
    }
    fprintf(f, " (the 3.14 builds share all configure flags but `--disable-gil`). Sizes:");
    for (size_t k = 0; k < np; k++)
        fprintf(f, "%s %s/%s %s = %" PRIu64, k ? "," : "", p[k].workload, p[k].split,
                strcmp(p[k].workload, "sumsq") ? "n" : "N", p[k].size);
    fprintf(f, ". Each configuration ran %s times in rounds interleaved across configurations in a "
               "shuffled order (seed %s), each after %s untimed warm-up run(s); threads were %s. We report "
               "medians with distribution-free 95%% confidence intervals from order statistics; every result "
               "was verified against its exact value. (Study preset `%s`, commit %.12s, %s.)\n",
            rounds, seed, warm, strcmp(pin, "cores") ? "not pinned" : "pinned one per physical core", v[11], v[10],
            v[0]);
    free(meta);
    return analysis_close(f, path, e);
}
