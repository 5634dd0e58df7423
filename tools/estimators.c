/* estimators.c - bin/estimators: for two cells of a raw.csv, the
 * median-based and the low-quantile-based intervals side by side, so that
 * whether the low quantile "earns its place" (issue 16) is one command:
 *
 *   bin/estimators -w sumsq -s weak -t 1 results/latest/raw.csv \
 *       py3.14t-threading py3.14-threading
 *
 * A cell is (implementation, workload, split, T); its processes are its
 * rounds (the runner starts one child process per cell per round) and a
 * process's values are its rows of that round, in rep order (one today;
 * k once each child times k values).  Rows whose status is not "ok" (or
 * whose verified is 0) are left out and counted.  The two cells' processes
 * of the same round form a pair (run in the same round, in a shuffled
 * order).
 *
 * Output, tab-separated, one row per estimate:
 *   what       A, B, or A/B
 *   estimator  median (two-level bootstrap), q<p> of process medians
 *              (order statistics), ratio of medians (unpaired), median of
 *              pair ratios (paired), ratio of q<p> (unpaired)
 *   units, estimate, lo, hi, reached (the level reached), halfwidth_pct
 *              ((hi - lo) / 2 / estimate, in percent), cpu_ms (the CPU
 *              time of the call: what the runner pays for it)
 * and, as comment lines, the spread between and within processes of each
 * cell.  The functions are common/resample.h's, the ones the runner and
 * the analysis use.
 *
 * Bad input (an option, a missing column, a cell with no rows, two sizes in
 * one cell) is one line on stderr and exit 2; nothing is printed to stdout
 * before the whole file has been read.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "csvread.h"
#include "err.h"
#include "resample.h"
#include "timer.h"

#define QUANTILE_DEFAULT 0.25
#define LEVEL_DEFAULT 0.95
#define SEED_DEFAULT 1

/* The columns read, by name, in any order. */
enum col { C_IMPL, C_ROUND, C_STATUS, C_WORKLOAD, C_SPLIT, C_THREADS, C_SIZE, C_WALL, C_REP, C_VERIFIED, C_N };
static const char *const col_name[C_N] = {"impl",    "round", "status", "workload", "split",
                                          "threads", "size",  "wall_s", "rep",      "verified"};
#define C_REQUIRED C_REP /* rep and verified may be absent */

struct options {
    const char *workload, *split, *path, *impl[2];
    unsigned threads;
    double p, level;
    uint64_t seed;
    unsigned resamples;
};

struct obs {
    uint64_t round, rep;
    double v;
};

/* One cell's rows, then its processes. */
struct cell {
    struct obs *o;
    size_t n, cap;
    uint64_t size;
    double *values;
    size_t *counts;
    uint64_t *rounds; /* the round of each process */
    size_t processes;
};

static int parse_double(const char *s, double lo, double hi, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || !(v > lo && v < hi))
        return -1;
    *out = v;
    return 0;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: estimators -w WORKLOAD -s SPLIT -t T [-p P] [-l LEVEL] [--seed N] [-r RESAMPLES]\n"
               "                  RAW.csv IMPL_A IMPL_B\n"
               "  the median-based and the low-quantile-based intervals of two cells side by side\n"
               "  -p  the low quantile, in (0, 1) (default %g)\n"
               "  -l  the interval's level, in (0, 1) (default %g)\n"
               "  -r  bootstrap resamples (default %u); --seed the bootstrap's seed (default %d)\n",
            QUANTILE_DEFAULT, LEVEL_DEFAULT, RESAMPLE_DEFAULT, SEED_DEFAULT);
}

/* 0: run; 1: help printed; -1: *e filled. */
static int parse_options(int argc, char **argv, struct options *o, struct err *e)
{
    static const struct option longs[] = {
        {"workload", required_argument, NULL, 'w'}, {"split", required_argument, NULL, 's'},
        {"threads", required_argument, NULL, 't'},  {"quantile", required_argument, NULL, 'p'},
        {"level", required_argument, NULL, 'l'},    {"seed", required_argument, NULL, 'S'},
        {"resamples", required_argument, NULL, 'r'}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    *o = (struct options){.p = QUANTILE_DEFAULT, .level = LEVEL_DEFAULT, .seed = SEED_DEFAULT,
                          .resamples = RESAMPLE_DEFAULT};
    uint64_t v;
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":w:s:t:p:l:r:h", longs, NULL)) != -1) {
        switch (c) {
        case 'w': o->workload = optarg; break;
        case 's': o->split = optarg; break;
        case 't':
            if (cli_parse_u64(optarg, 1, 1u << 20, &v))
                return err_set(e, EXIT_USAGE, "bad -t '%s': want a count of workers", optarg);
            o->threads = (unsigned)v;
            break;
        case 'p':
            if (parse_double(optarg, 0, 1, &o->p))
                return err_set(e, EXIT_USAGE, "bad -p '%s': want a quantile in (0, 1)", optarg);
            break;
        case 'l':
            if (parse_double(optarg, 0, 1, &o->level))
                return err_set(e, EXIT_USAGE, "bad -l '%s': want a level in (0, 1)", optarg);
            break;
        case 'S':
            if (cli_parse_u64(optarg, 0, UINT64_MAX, &o->seed))
                return err_set(e, EXIT_USAGE, "bad --seed '%s'", optarg);
            break;
        case 'r':
            if (cli_parse_u64(optarg, 2, 10000000, &v))
                return err_set(e, EXIT_USAGE, "bad -r '%s': want 2 to 10000000 resamples", optarg);
            o->resamples = (unsigned)v;
            break;
        case 'h': usage(stdout); return 1;
        case ':': return err_set(e, EXIT_USAGE, "option %s needs a value", argv[optind - 1]);
        default: return err_set(e, EXIT_USAGE, "unknown option %s (see --help)", argv[optind - 1]);
        }
    }
    if (!o->workload || !o->split || !o->threads)
        return err_set(e, EXIT_USAGE, "give the cells' workload, split and T (-w, -s, -t; see --help)");
    if (argc - optind != 3)
        return err_set(e, EXIT_USAGE, "give RAW.csv and two implementations (see --help)");
    o->path = argv[optind];
    o->impl[0] = argv[optind + 1];
    o->impl[1] = argv[optind + 2];
    if (!strcmp(o->impl[0], o->impl[1]))
        return err_set(e, EXIT_USAGE, "the two implementations are the same, '%s'", o->impl[0]);
    return 0;
}

static int add_obs(struct cell *c, struct obs o)
{
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 64;
        struct obs *p = realloc(c->o, cap * sizeof *p);
        if (!p)
            return -1;
        c->o = p;
        c->cap = cap;
    }
    c->o[c->n++] = o;
    return 0;
}

/* Reads the rows of both cells; *left_out counts those not ok. */
static int load(struct csv_reader *r, const struct options *o, struct cell cells[2], size_t *left_out,
                struct err *e)
{
    int rc = csvr_next(r, e), idx[C_N];
    if (rc <= 0)
        return rc < 0 ? -1 : err_set(e, EXIT_USAGE, "%s: empty file, no header", o->path);
    for (int c = 0; c < C_N; c++) {
        idx[c] = -1;
        for (size_t f = 0; f < r->nfields; f++)
            if (!strcmp(r->fields[f], col_name[c]))
                idx[c] = (int)f;
        if (idx[c] < 0 && c < C_REQUIRED)
            return err_set(e, EXIT_USAGE, "%s: no column '%s'", o->path, col_name[c]);
    }
    const size_t width = r->nfields;
    while ((rc = csvr_next(r, e)) > 0) {
        if (r->nfields != width)
            return err_set(e, EXIT_USAGE, "%s:%lu: %zu fields, but the header has %zu", o->path, r->line,
                           r->nfields, width);
        char **f = r->fields;
        int which = !strcmp(f[idx[C_IMPL]], o->impl[0]) ? 0 : !strcmp(f[idx[C_IMPL]], o->impl[1]) ? 1 : -1;
        uint64_t t;
        if (which < 0 || strcmp(f[idx[C_WORKLOAD]], o->workload) || strcmp(f[idx[C_SPLIT]], o->split) ||
            cli_parse_u64(f[idx[C_THREADS]], 1, UINT64_MAX, &t) || t != o->threads)
            continue;
        if (strcmp(f[idx[C_STATUS]], "ok") || (idx[C_VERIFIED] >= 0 && strcmp(f[idx[C_VERIFIED]], "1"))) {
            (*left_out)++;
            continue;
        }
        struct obs ob = {0, 0, 0};
        uint64_t size;
        if (cli_parse_u64(f[idx[C_ROUND]], 0, UINT64_MAX, &ob.round) ||
            cli_parse_u64(f[idx[C_SIZE]], 1, UINT64_MAX, &size) ||
            (idx[C_REP] >= 0 && cli_parse_u64(f[idx[C_REP]], 0, UINT64_MAX, &ob.rep)) ||
            parse_double(f[idx[C_WALL]], 0, INFINITY, &ob.v))
            return err_set(e, EXIT_USAGE, "%s:%lu: a round, size, rep or wall_s that is not a number > 0", o->path,
                           r->line);
        struct cell *c = &cells[which];
        if (c->n && c->size != size)
            return err_set(e, EXIT_USAGE, "%s:%lu: %s has two sizes, %llu and %llu", o->path, r->line,
                           o->impl[which], (unsigned long long)c->size, (unsigned long long)size);
        c->size = size;
        if (add_obs(c, ob))
            return err_set(e, EXIT_RUN_FAILED, "out of memory");
    }
    return rc < 0 ? -1 : 0;
}

static int cmp_obs(const void *pa, const void *pb)
{
    const struct obs *a = pa, *b = pb;
    if (a->round != b->round)
        return a->round < b->round ? -1 : 1;
    return (a->rep > b->rep) - (a->rep < b->rep);
}

/* The cell's processes: its rows by round, then rep. */
static int group(struct cell *c)
{
    qsort(c->o, c->n, sizeof *c->o, cmp_obs);
    c->values = malloc(c->n * sizeof *c->values);
    c->counts = calloc(c->n, sizeof *c->counts);
    c->rounds = malloc(c->n * sizeof *c->rounds);
    if (!c->values || !c->counts || !c->rounds)
        return -1;
    for (size_t i = 0; i < c->n; i++) {
        if (i == 0 || c->o[i].round != c->o[i - 1].round)
            c->rounds[c->processes++] = c->o[i].round;
        c->counts[c->processes - 1]++;
        c->values[i] = c->o[i].v;
    }
    return 0;
}

/* The processes of rounds both cells have, as two cells of pairs. */
static int pair_up(const struct cell *a, const struct cell *b, struct cell pairs[2])
{
    for (int s = 0; s < 2; s++) {
        const struct cell *c = s ? b : a;
        pairs[s].values = malloc(c->n * sizeof(double));
        pairs[s].counts = malloc(c->processes * sizeof(size_t));
        if (!pairs[s].values || !pairs[s].counts)
            return -1;
    }
    size_t i = 0, j = 0, oi = 0, oj = 0, na = 0, nb = 0;
    while (i < a->processes && j < b->processes) {
        if (a->rounds[i] == b->rounds[j]) {
            memcpy(pairs[0].values + na, a->values + oi, a->counts[i] * sizeof(double));
            memcpy(pairs[1].values + nb, b->values + oj, b->counts[j] * sizeof(double));
            na += a->counts[i];
            nb += b->counts[j];
            pairs[0].counts[pairs[0].processes++] = a->counts[i];
            pairs[1].counts[pairs[1].processes++] = b->counts[j];
        }
        if (a->rounds[i] <= b->rounds[j])
            oi += a->counts[i++];
        else
            oj += b->counts[j++];
    }
    return 0;
}

/* cpu_s: the CPU time the call took (timer_thread_cpu_s before it). */
static void print_row(const char *what, const char *estimator, const struct resample_ci *ci, double cpu_s)
{
    printf("%s\t%s\t%zu\t%.6g\t%.6g\t%.6g\t%.4g\t%.3g\t%.1f\n", what, estimator, ci->units, ci->estimate, ci->lo,
           ci->hi, ci->reached, 100 * resample_rel_halfwidth(ci->estimate, ci->lo, ci->hi),
           1e3 * (timer_thread_cpu_s() - cpu_s));
}

static void cell_free(struct cell *c)
{
    free(c->o);
    free(c->values);
    free(c->counts);
    free(c->rounds);
}

static int run(const struct options *o, struct err *e)
{
    struct csv_reader r;
    struct cell cells[2] = {{0}}, pairs[2] = {{0}};
    size_t left_out = 0;
    if (csvr_open(&r, o->path, e))
        return -1;
    int rc = load(&r, o, cells, &left_out, e);
    csvr_close(&r);
    for (int s = 0; rc == 0 && s < 2; s++)
        if (!cells[s].n)
            rc = err_set(e, EXIT_USAGE, "%s: no ok row of %s at %s %s T = %u", o->path, o->impl[s], o->workload,
                         o->split, o->threads);
    if (rc == 0 && (group(&cells[0]) || group(&cells[1]) || pair_up(&cells[0], &cells[1], pairs)))
        rc = err_set(e, EXIT_RUN_FAILED, "out of memory");
    if (rc) {
        for (int s = 0; s < 2; s++) {
            cell_free(&cells[s]);
            cell_free(&pairs[s]);
        }
        return -1;
    }
    struct resample_cell c[2], pc[2];
    for (int s = 0; s < 2; s++) {
        c[s] = (struct resample_cell){cells[s].values, cells[s].counts, cells[s].processes};
        pc[s] = (struct resample_cell){pairs[s].values, pairs[s].counts, pairs[s].processes};
    }
    char q[48];
    snprintf(q, sizeof q, "q%g of process medians", o->p);
    printf("# estimators: %s, %s %s T = %u; level %g, quantile %g, seed %llu, %u resamples; %zu rows not ok left "
           "out\n",
           o->path, o->workload, o->split, o->threads, o->level, o->p, (unsigned long long)o->seed, o->resamples,
           left_out);
    for (int s = 0; s < 2; s++) {
        double between, within;
        resample_spread(&c[s], &between, &within);
        printf("# %s = %s: %zu processes, %zu values, size %llu; CV between processes %.3g%%, within %.3g%%\n",
               s ? "B" : "A", o->impl[s], cells[s].processes, cells[s].n, (unsigned long long)cells[s].size,
               100 * between, 100 * within);
    }
    printf("# %zu pairs (rounds both cells ran)\n", pairs[0].processes);
    printf("what\testimator\tunits\testimate\tlo\thi\treached\thalfwidth_pct\tcpu_ms\n");
    struct resample_ci ci;
    double t;
    for (int s = 0; s < 2; s++) {
        t = timer_thread_cpu_s();
        resample_median_ci(&c[s], o->level, o->seed, o->resamples, &ci);
        print_row(s ? "B" : "A", "median (two-level bootstrap)", &ci, t);
        t = timer_thread_cpu_s();
        resample_quantile_ci(&c[s], o->p, o->level, &ci);
        print_row(s ? "B" : "A", q, &ci, t);
    }
    t = timer_thread_cpu_s();
    resample_ratio_ci(&c[0], &c[1], o->level, o->seed, o->resamples, &ci);
    print_row("A/B", "ratio of medians (unpaired)", &ci, t);
    if (pairs[0].processes) {
        t = timer_thread_cpu_s();
        resample_paired_ratio_ci(&pc[0], &pc[1], o->level, o->seed, o->resamples, &ci);
        print_row("A/B", "median of pair ratios (paired)", &ci, t);
    }
    char qr[64];
    snprintf(qr, sizeof qr, "ratio of q%g (unpaired)", o->p);
    t = timer_thread_cpu_s();
    resample_quantile_ratio_ci(&c[0], &c[1], o->p, o->level, o->seed, o->resamples, &ci);
    print_row("A/B", qr, &ci, t);
    for (int s = 0; s < 2; s++) {
        cell_free(&cells[s]);
        cell_free(&pairs[s]);
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct options o;
    struct err e = {0};
    int rc = parse_options(argc, argv, &o, &e);
    if (rc == 1)
        return EXIT_OK;
    if (rc == 0)
        rc = run(&o, &e);
    if (rc) {
        fprintf(stderr, "estimators: %s\n", e.msg);
        return e.code ? e.code : EXIT_USAGE;
    }
    return EXIT_OK;
}
