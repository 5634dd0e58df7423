/* study.c - bin/study: runs the model binaries as child processes over a
 * matrix (implementation x workload x split x thread count x round), and
 * collects their rows into results/<timestamp>/raw.csv.
 *
 * Sizes: before the rounds, calibrate.c picks each family's size per
 * workload so that one T = 1 run lasts the preset's minimum run time.
 *
 * Order: round 1 of every cell, then round 2, ...; each round's order is
 * shuffled with a recorded seed, so slow drift of the machine spreads over
 * every implementation instead of biasing one.  Each child does its own
 * untimed warm-up (--warmup, at least 1 in every preset) before its one
 * timed run.  After the minimum rounds, repeat-until-sure: a further round
 * runs only the cells whose 95% CI of the median is still wider than
 * +-ci_target of the median, shuffled among themselves, until none is, the
 * maximum rounds are reached or the time budget is spent.
 *
 * Faults: a cell that fails (wrong result, crash, timeout, missing binary)
 * is recorded with its status and reason and the study goes on.  SIGINT,
 * SIGTERM or SIGHUP stops after the run in progress (its row is kept) and
 * exits 128 + the signal's number; a second one kills that run.  Every row is flushed as it is written, and --resume DIR
 * runs only what DIR lacks, so every cell ends up there exactly once.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "child.h"
#include "cli.h"
#include "csv.h"
#include "csvread.h"
#include "launch.h"
#include "matrix.h"
#include "pin.h"
#include "stats.h"
#include "study.h"
#include "text.h"
#include "timer.h"

#define CELL_TIMEOUT_DEFAULT 0  /* seconds; 0: none */
#define MIN_RUN_MAX_S 3600.0
#define BUDGET_MAX_S (7 * 24 * 3600.0)
#define PROBE_TIMEOUT_S 120     /* --hosts: the probe of every host, at most */

/* Columns the runner puts before the model's own (csv.h). */
#define STUDY_COLUMNS(X)                                                     \
    X(RAW_IMPL, "impl")                                                      \
    X(RAW_ROUND, "round")                                                    \
    X(RAW_STATUS, "status")                                                  \
    X(RAW_REASON, "reason")                                                  \
    X(RAW_SIZE_HOW, "size_how")
#define RAW_ENUM(id, name) id,
enum { STUDY_COLUMNS(RAW_ENUM) RAW_OWN };
#undef RAW_ENUM
#define RAW_COUNT (RAW_OWN + COL_COUNT)
#define TLX_COUNT (2 + TL_COUNT)

volatile sig_atomic_t study_stop_requested; /* 1: after this run; 2: now */
volatile sig_atomic_t study_stop_signal;

static void on_signal(int sig)
{
    if (!study_stop_signal)
        study_stop_signal = sig;
    study_stop_requested++;
    if (study_stop_requested > 1 && child_running_pgid > 0)
        kill(-(pid_t)child_running_pgid, SIGKILL);
}

/* The exit status of a study stopped by a signal: 128 + its number. */
static int interrupted_status(void)
{
    return study_stop_signal ? EXIT_SIGNAL_BASE + study_stop_signal : EXIT_INTERRUPTED;
}

/* ---- options ----------------------------------------------------------- */

enum { O_MODELS = 256, O_WORKLOADS, O_SPLITS, O_SUMSQ, O_NQUEENS, O_SEED, O_PIN, O_OUT, O_RESUME,
       O_TIMEOUT, O_BIN, O_WARMUP, O_LIST, O_MIN_RUN, O_CI_TARGET, O_MAX_REPS, O_BUDGET, O_SIZES, O_HOSTS };

static const struct option long_opts[] = {
    {"preset", required_argument, NULL, 'p'},    {"models", required_argument, NULL, O_MODELS},
    {"workloads", required_argument, NULL, O_WORKLOADS}, {"splits", required_argument, NULL, O_SPLITS},
    {"threads", required_argument, NULL, 't'},   {"reps", required_argument, NULL, 'r'},
    {"warmup", required_argument, NULL, O_WARMUP}, {"sumsq-size", required_argument, NULL, O_SUMSQ},
    {"nqueens-size", required_argument, NULL, O_NQUEENS}, {"seed", required_argument, NULL, O_SEED},
    {"pin", required_argument, NULL, O_PIN},     {"out", required_argument, NULL, O_OUT},
    {"resume", required_argument, NULL, O_RESUME}, {"cell-timeout", required_argument, NULL, O_TIMEOUT},
    {"bin", required_argument, NULL, O_BIN},     {"list", no_argument, NULL, O_LIST},
    {"hosts", required_argument, NULL, O_HOSTS},
    {"quiet", no_argument, NULL, 'q'},           {"help", no_argument, NULL, 'h'},
    {"min-run-time", required_argument, NULL, O_MIN_RUN}, {"ci-target", required_argument, NULL, O_CI_TARGET},
    {"max-reps", required_argument, NULL, O_MAX_REPS}, {"budget", required_argument, NULL, O_BUDGET},
    {"sizes", required_argument, NULL, O_SIZES},
    {NULL, 0, NULL, 0},
};

static void usage(void)
{
    printf("usage: study [options]\n\n"
           "Runs the model binaries over a matrix and writes results/<timestamp>/raw.csv,\n"
           "timeline.csv, schedule.csv (one sampled run per who-runs-when cell) and meta.json\n"
           "(results/latest points at the newest).\n\n"
           "  -p, --preset NAME       smoke | quick (default) | article\n"
           "      --models LIST       implementations (see --list), or native, python, all\n"
           "      --workloads LIST    sumsq,nqueens\n"
           "      --splits LIST       weak,strong,rr,dynamic (each applies to its workload)\n"
           "  -t, --threads LIST      4 | 1,2,4 | 1-8 | max | ncpu (1,2,4,.. and the CPUs) |\n"
           "                          2cpu (1,2,4,.. up to 2x the CPUs)\n"
           "  -r, --reps R            minimum rounds: timed runs per cell\n"
           "      --max-reps R        rounds that repeat-until-sure may go up to\n"
           "      --ci-target F       add rounds while a cell's 95%% CI of the median is wider\n"
           "                          than +-F of it (0.03 or 3%%; 0: never add rounds)\n"
           "      --budget S          add no round once the study has run S seconds\n"
           "      --min-run-time S    calibrate sizes so one T=1 run lasts S seconds\n"
           "      --warmup W          untimed runs inside each child first (at least 1)\n"
           "      --sumsq-size N      --nqueens-size n: pin the size (every family; no calibration)\n"
           "      --sizes LIST        pin per family: c:sumsq=N,python:nqueens=n,...\n"
           "      --seed S            shuffle seed (default: from the clock; recorded)\n"
           "      --pin none|cores    passed to every model\n"
           "      --cell-timeout S    kill a run (and its process group) after S seconds\n"
           "      --out DIR           results root (default results)\n"
           "      --resume DIR        run only what DIR lacks, with DIR's own matrix\n"
           "      --bin DIR           model binaries (default: beside this program)\n"
           "      --hosts FILE        Open MPI hostfile: the mpi cells' ranks dealt over its hosts\n"
           "  -q, --quiet             no progress on stderr\n\n"
           "presets:\n");
    for (size_t i = 0; i < npresets; i++) {
        const struct preset *p = &presets[i];
        printf("  %-8s one T=1 run >= %g s, threads %s, splits %s, %u..%u rounds to +-%g%%: %s\n", p->name,
               p->min_run_s, p->threads, p->splits[0] ? p->splits : "all", p->reps_min, p->reps_max,
               p->ci_target * 100, p->help);
    }
    printf("\nExit status: 0 every cell ok, 1 some cell failed, 2 bad options,\n"
           "128 + the signal's number when stopped by one (130 SIGINT, 143 SIGTERM, 129 SIGHUP).\n");
}

/* A non-negative decimal number of seconds (or a fraction) in [min, max];
 * with percent, "3%" is read as 0.03. */
static int parse_real(const char *s, double min, double max, bool percent, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno)
        return -1;
    if (percent && *end == '%')
        v /= 100, end++;
    if (*end || !(v >= min && v <= max))
        return -1;
    *out = v;
    return 0;
}

/* --sizes c:sumsq=N,python:nqueens=n,...: each family's size pinned. */
static int parse_sizes(const char *list, struct options *o, struct err *e)
{
    char buf[256];
    if (strlen(list) >= sizeof buf)
        return err_set(e, EXIT_USAGE, "--sizes is too long");
    snprintf(buf, sizeof buf, "%s", list);
    char *rest = buf, *item;
    while ((item = strsep(&rest, ","))) {
        char *colon = strchr(item, ':'), *eq = strchr(item, '=');
        if (!colon || !eq || eq < colon)
            return err_set(e, EXIT_USAGE, "bad --sizes item '%s': want FAMILY:WORKLOAD=SIZE", item);
        *colon = *eq = '\0';
        int fam = -1;
        for (int f = 0; f < SIZE_COUNT; f++)
            if (strcmp(item, size_family_names[f]) == 0)
                fam = f;
        const struct workload_desc *wd = workload_by_name(colon + 1);
        uint64_t v;
        if (fam < 0 || !wd)
            return err_set(e, EXIT_USAGE, "bad --sizes item '%s:%s': want c or python, sumsq or nqueens", item,
                           colon + 1);
        if (cli_parse_u64(eq + 1, wd->size_min, wd->size_max, &v))
            return err_set(e, EXIT_USAGE, "bad --sizes size '%s' for %s: want %" PRIu64 "..%" PRIu64, eq + 1,
                           wd->name, wd->size_min, wd->size_max);
        o->sizes[fam][wd->id] = v;
    }
    return 0;
}

static int copy_opt(char *dst, size_t len, const char *what, struct err *e)
{
    if (!*optarg)
        return err_set(e, EXIT_USAGE, "--%s needs a value (it is empty)", what);
    if (strlen(optarg) >= len)
        return err_set(e, EXIT_USAGE, "--%s is too long", what);
    strcpy(dst, optarg);
    return 0;
}

/* Parses argv into *o.  Returns 1 when --help or --list was handled. */
static int parse_options(int argc, char **argv, struct options *o, bool *list, struct err *e)
{
    *o = (struct options){.preset = preset_by_name("quick"), .cell_timeout_s = CELL_TIMEOUT_DEFAULT};
    strcpy(o->out_root, "results");
    uint64_t v;
    bool reps_given = false, warm_given = false, max_given = false, min_run_given = false, ci_given = false,
         budget_given = false;
    bool splits_given = false;
    int c;
    opterr = 0;
    optind = 0;
    while ((c = getopt_long(argc, argv, ":p:t:r:qh", long_opts, NULL)) != -1) {
        switch (c) {
        case 'p':
            if (!(o->preset = preset_by_name(optarg)))
                return err_set(e, EXIT_USAGE, "unknown preset '%s': want smoke, quick or article", optarg);
            break;
        case O_MODELS: if (copy_opt(o->models, sizeof o->models, "models", e)) return -1; break;
        case O_WORKLOADS: if (copy_opt(o->workloads, sizeof o->workloads, "workloads", e)) return -1; break;
        case O_SPLITS:
            if (copy_opt(o->splits, sizeof o->splits, "splits", e))
                return -1;
            splits_given = true;
            break;
        case 't': if (copy_opt(o->threads, sizeof o->threads, "threads", e)) return -1; break;
        case 'r':
            if (cli_parse_u64(optarg, 1, REPS_MAX, &v))
                return err_set(e, EXIT_USAGE, "bad --reps '%s': want 1..%u", optarg, REPS_MAX);
            o->reps = (unsigned)v, reps_given = true;
            break;
        case O_MAX_REPS:
            if (cli_parse_u64(optarg, 1, REPS_MAX, &v))
                return err_set(e, EXIT_USAGE, "bad --max-reps '%s': want 1..%u", optarg, REPS_MAX);
            o->max_reps = (unsigned)v, max_given = true;
            break;
        case O_WARMUP:
            /* Without a warm-up, one-time start-up (libgomp's pool, the
             * first import) is measured as if it were scaling. */
            if (cli_parse_u64(optarg, 1, REPS_MAX, &v))
                return err_set(e, EXIT_USAGE, "bad --warmup '%s': want 1..%u (one untimed run at least)", optarg,
                               REPS_MAX);
            o->warmup = (unsigned)v, warm_given = true;
            break;
        case O_MIN_RUN:
            if (parse_real(optarg, 0, MIN_RUN_MAX_S, false, &o->min_run_s))
                return err_set(e, EXIT_USAGE, "bad --min-run-time '%s': want seconds, 0..%g", optarg, MIN_RUN_MAX_S);
            min_run_given = true;
            break;
        case O_CI_TARGET:
            if (parse_real(optarg, 0, 1, true, &o->ci_target))
                return err_set(e, EXIT_USAGE, "bad --ci-target '%s': want a fraction 0..1 (0.03) or a percentage (3%%)",
                               optarg);
            ci_given = true;
            break;
        case O_BUDGET:
            if (parse_real(optarg, 0, BUDGET_MAX_S, false, &o->budget_s))
                return err_set(e, EXIT_USAGE, "bad --budget '%s': want seconds, 0..%g", optarg, BUDGET_MAX_S);
            budget_given = true;
            break;
        case O_SIZES:
            if (parse_sizes(optarg, o, e))
                return -1;
            break;
        case O_SUMSQ:
        case O_NQUEENS: {
            const struct workload_desc *wd = &workload_descs[c == O_SUMSQ ? WL_SUMSQ : WL_NQUEENS];
            if (cli_parse_u64(optarg, wd->size_min, wd->size_max, &v))
                return err_set(e, EXIT_USAGE, "bad --%s-size '%s': want %" PRIu64 "..%" PRIu64, wd->name, optarg,
                               wd->size_min, wd->size_max);
            for (int f = 0; f < SIZE_COUNT; f++)
                o->sizes[f][wd->id] = v;
            break;
        }
        case O_SEED:
            if (cli_parse_u64(optarg, 0, UINT64_MAX, &o->seed))
                return err_set(e, EXIT_USAGE, "bad --seed '%s'", optarg);
            o->seed_given = true;
            break;
        case O_PIN:
            if (strcmp(optarg, "cores") && strcmp(optarg, "none"))
                return err_set(e, EXIT_USAGE, "bad --pin '%s': want none or cores", optarg);
            o->pin_cores = strcmp(optarg, "cores") == 0;
            break;
        case O_OUT: if (copy_opt(o->out_root, sizeof o->out_root, "out", e)) return -1; break;
        case O_RESUME: if (copy_opt(o->resume, sizeof o->resume, "resume", e)) return -1; break;
        case O_BIN: if (copy_opt(o->bin, sizeof o->bin, "bin", e)) return -1; break;
        case O_HOSTS: if (copy_opt(o->hosts, sizeof o->hosts, "hosts", e)) return -1; break;
        case O_TIMEOUT:
            if (cli_parse_u64(optarg, 1, 7 * 24 * 3600, &v))
                return err_set(e, EXIT_USAGE, "bad --cell-timeout '%s': want seconds, 1..604800", optarg);
            o->cell_timeout_s = (unsigned)v;
            break;
        case O_LIST: *list = true; break;
        case 'q': o->quiet = true; break;
        case 'h': usage(); return 1;
        case ':': return err_set(e, EXIT_USAGE, "option '%s' needs an argument", argv[optind - 1]);
        default:
            if (optopt && optopt < 256 && !strchr(argv[optind - 1], '='))
                return err_set(e, EXIT_USAGE, "unknown option '-%c' (see --help)", optopt);
            return err_set(e, EXIT_USAGE, "unknown option '%s' (see --help)", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return err_set(e, EXIT_USAGE, "unexpected argument '%s' (see --help)", argv[optind]);
    const struct preset *p = o->preset;
    if (!reps_given)
        o->reps = p->reps_min;
    /* --reps R alone means exactly R rounds; the preset's rounds, or
     * --max-reps, leave room for repeat-until-sure. */
    if (!max_given)
        o->max_reps = reps_given ? o->reps : p->reps_max > o->reps ? p->reps_max : o->reps;
    if (o->max_reps < o->reps)
        return err_set(e, EXIT_USAGE, "--max-reps %u is below the minimum rounds %u", o->max_reps, o->reps);
    if (!warm_given)
        o->warmup = p->warmup;
    if (!min_run_given)
        o->min_run_s = p->min_run_s;
    if (!ci_given)
        o->ci_target = p->ci_target;
    if (!budget_given)
        o->budget_s = p->budget_s;
    if (!splits_given && p->splits[0])
        snprintf(o->splits, sizeof o->splits, "%s", p->splits);
    if (!o->threads[0])
        snprintf(o->threads, sizeof o->threads, "%s", o->preset->threads);
    return *list ? 1 : 0;
}

/* ---- the matrix -------------------------------------------------------- */


static bool list_has(const char *list, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = list; p && *p;) {
        const char *c = strchr(p, ',');
        size_t len = c ? (size_t)(c - p) : strlen(p);
        if (len == n && strncmp(p, name, n) == 0)
            return true;
        p = c ? c + 1 : NULL;
    }
    return false;
}

/* Checks that every item of a comma list is one of the accepted names. */
static int check_list(const char *list, const char *what, bool (*ok)(const char *, void *), void *arg,
                      struct err *e)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", list);
    char *rest = buf, *item;
    while ((item = strsep(&rest, ","))) {
        if (!*item)
            return err_set(e, EXIT_USAGE, "bad --%s '%s': empty item", what, list);
        if (!ok(item, arg))
            return err_set(e, EXIT_USAGE, "unknown name '%s' in --%s (see --help%s)", item, what,
                           strcmp(what, "models") == 0 ? " and --list" : "");
    }
    return 0;
}

static bool ok_model(const char *s, void *arg)
{
    struct study *st = arg;
    if (!strcmp(s, "all") || !strcmp(s, "native") || !strcmp(s, "python"))
        return true;
    for (size_t i = 0; i < st->nimpls; i++)
        if (strcmp(st->impls[i].name, s) == 0)
            return true;
    return false;
}
static bool ok_workload(const char *s, void *arg) { (void)arg; return workload_by_name(s) != NULL; }
static bool ok_split(const char *s, void *arg) { (void)arg; return split_by_name(s) != NULL; }

static bool impl_selected(const struct study *st, const struct impl *im)
{
    const char *m = st->o.models;
    if (list_has(m, im->name))
        return true;
    /* A group never brings a mode its Python lacks, nor an optional
     * interpreter that was not built. */
    if (im->unavailable[0] || (im->optional && !st->impl_present[im - st->impls]))
        return false;
    if (!*m || list_has(m, "all"))
        return true;
    return im->mode ? list_has(m, "python") : list_has(m, "native");
}

/* "ncpu": 1, 2, 4, ... up to the CPUs, and the CPU count itself; "2cpu":
 * the same up to twice the CPUs. */
static int thread_counts(const char *spec, unsigned **out, size_t *n, struct err *e)
{
    unsigned mult = strcmp(spec, "2cpu") == 0 ? 2 : strcmp(spec, "ncpu") == 0 ? 1 : 0;
    if (!mult)
        return cli_parse_threads(spec, pin_cpu_count(), out, n, e);
    unsigned top = mult * pin_cpu_count(), *t = malloc(MATRIX_THREADS_MAX * sizeof *t);
    if (!t)
        return err_set(e, EXIT_RUN_FAILED, "out of memory");
    size_t k = 0;
    for (unsigned v = 1; v <= top && k < MATRIX_THREADS_MAX; v *= 2)
        t[k++] = v;
    if (t[k - 1] != top && k < MATRIX_THREADS_MAX)
        t[k++] = top;
    *out = t;
    *n = k;
    return 0;
}

static int build_matrix(struct study *st, struct err *e)
{
    st->nimpls = matrix_all_impls(st->impls, IMPLS_MAX);
    if (matrix_canonical_names(st->o.models, sizeof st->o.models))
        return err_set(e, EXIT_USAGE, "--models is too long");
    /* An empty list means every one. */
    if ((st->o.models[0] && check_list(st->o.models, "models", ok_model, st, e)) ||
        (st->o.workloads[0] && check_list(st->o.workloads, "workloads", ok_workload, NULL, e)) ||
        (st->o.splits[0] && check_list(st->o.splits, "splits", ok_split, NULL, e)))
        return -1;
    for (size_t i = 0; i < st->nimpls; i++) {
        if (st->impls[i].unavailable[0] && list_has(st->o.models, st->impls[i].name))
            return err_set(e, EXIT_USAGE, "%s is %s", st->impls[i].name, st->impls[i].unavailable);
        char path[PATH_MAX];
        text_clip(path, sizeof path, "%s/%s", st->o.bin, st->impls[i].binary);
        st->impl_present[i] = access(path, X_OK) == 0 &&
                              (st->impls[i].launcher != LAUNCH_MPIRUN || st->launch.mpirun[0]);
    }
    unsigned *threads;
    size_t nthreads;
    if (thread_counts(st->o.threads, &threads, &nthreads, e))
        return -1;
    /* Each count once, in the order given (1,1 would run a cell twice a
     * round); and the expanded list is what study.args keeps, so a resume
     * on another machine rebuilds the same matrix. */
    size_t kept = 0, used = 0;
    for (size_t t = 0; t < nthreads; t++) {
        size_t k = 0;
        while (k < kept && threads[k] != threads[t])
            k++;
        if (k < kept)
            continue;
        threads[kept++] = threads[t];
        int n = snprintf(st->threads_list + used, sizeof st->threads_list - used, "%s%u", used ? "," : "",
                         threads[t]);
        if (n > 0 && used + (size_t)n < sizeof st->threads_list)
            used += (size_t)n;
    }
    nthreads = kept;
    size_t cap = st->nimpls * SPLIT_COUNT * nthreads;
    st->cells = calloc(cap ? cap : 1, sizeof *st->cells);
    if (!st->cells) {
        free(threads);
        return err_set(e, EXIT_RUN_FAILED, "out of memory");
    }
    for (size_t i = 0; i < st->nimpls; i++) {
        if (!impl_selected(st, &st->impls[i]))
            continue;
        for (size_t s = 0; s < SPLIT_COUNT; s++) {
            const struct split_desc *sd = &split_descs[s];
            const char *wname = workload_descs[sd->workload].name;
            if (st->o.workloads[0] && !list_has(st->o.workloads, wname))
                continue;
            if (st->o.splits[0] && !list_has(st->o.splits, sd->name))
                continue;
            for (size_t t = 0; t < nthreads; t++)
                st->cells[st->ncells++] = (struct cell){
                    .impl = &st->impls[i], .workload = sd->workload, .split = sd->id,
                    .size = 0 /* calibrate_sizes sets it */, .threads = threads[t]};
        }
    }
    free(threads);
    if (!st->ncells)
        return err_set(e, EXIT_USAGE, "the selection is empty: no model, workload and split match");
    return 0;
}

/* The timeline rows the child wrote to path, copied with impl and round. */
static int copy_timeline(struct study *st, const struct cell *c, unsigned round, const char *path,
                         struct err *e)
{
    struct csv_reader r;
    if (csvr_open(&r, path, e))
        return -1;
    char rnd[16];
    snprintf(rnd, sizeof rnd, "%u", round);
    int got, rc = 0, header = 1;
    while ((got = csvr_next(&r, e)) == 1) {
        if (header) {
            header = 0;
            continue;
        }
        if (r.nfields != TL_COUNT)
            continue;
        const char *f[TLX_COUNT] = {c->impl->name, rnd};
        for (size_t i = 0; i < TL_COUNT; i++)
            f[2 + i] = r.fields[i];
        if ((rc = csv_write_row(&st->tl, f, TLX_COUNT, e)))
            break;
    }
    csvr_close(&r);
    return got < 0 ? -1 : rc;
}

/* A failed run's whole stderr (a Python traceback, a sanitizer report) goes
 * to DIR/errors.log, since the reason column keeps only its last line. */
static void keep_stderr(const struct study *st, const struct cell *c, unsigned round, const struct child_outcome *oc)
{
    char path[PATH_MAX];
    text_clip(path, sizeof path, "%s/errors.log", st->dir);
    FILE *f = fopen(path, "a");
    if (!f)
        return;
    fprintf(f, "==== %s %s/%s n=%" PRIu64 " T=%u round %u: %s: %s\n%s%s", c->impl->name, workload_descs[c->workload].name,
            split_descs[c->split].name, c->size, c->threads, round, child_status_names[oc->status], oc->reason,
            oc->err ? oc->err : "", oc->err && oc->err_len && oc->err[oc->err_len - 1] != '\n' ? "\n" : "");
    fclose(f);
}

/* Adds one run's outcome to its cell's samples. */
static void add_sample(struct cell_samples *cs, bool ok, double wall_s)
{
    if (!ok) {
        cs->failed++;
        return;
    }
    if (cs->n == cs->cap) {
        size_t cap = cs->cap ? 2 * cs->cap : 16;
        double *w = realloc(cs->wall_s, cap * sizeof *w);
        if (!w) {
            cs->failed++; /* a cell we cannot track is not extended */
            return;
        }
        cs->wall_s = w, cs->cap = cap;
    }
    cs->wall_s[cs->n++] = wall_s;
}

void study_model_argv(const struct study *st, const struct cell *c, unsigned reps, unsigned warmup,
                      const char *flag, const char *value, struct model_argv *m)
{
    text_clip(m->bin, sizeof m->bin, "%s/%s", st->o.bin, c->impl->binary);
    snprintf(m->size, sizeof m->size, "%" PRIu64, c->size);
    snprintf(m->threads, sizeof m->threads, "%u", c->threads);
    snprintf(m->reps, sizeof m->reps, "%u", reps);
    snprintf(m->warmup, sizeof m->warmup, "%u", warmup);
    const char **a = m->argv;
    size_t k = launch_words(&st->launch, c->impl->launcher, m->threads, a);
    const char *words[] = {m->bin, "-w", workload_descs[c->workload].name, "-s", split_descs[c->split].name,
                           "-n", m->size, "-t", m->threads, "-r", m->reps, "--warmup", m->warmup, "-q",
                           "--pin", st->o.pin_cores ? "cores" : "none"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        a[k++] = words[i];
    if (flag) {
        a[k++] = flag;
        a[k++] = value;
    }
    if (c->impl->mode) {
        a[k++] = "--mode";
        a[k++] = c->impl->mode;
    }
    if (c->impl->allow_gil)
        a[k++] = "--allow-gil";
    a[k] = NULL;
}

/* Runs round `round` of cell c and appends its row.  Returns 0, 1 when
 * the run was killed by a second interrupt (nothing recorded), or -1 when
 * the results cannot be written (the study must stop). */
static int run_cell(struct study *st, const struct cell *c, unsigned round, struct err *e)
{
    char tl[PATH_MAX], rnd[16];
    text_clip(tl, sizeof tl, "%s/.timeline.part", st->dir);
    snprintf(rnd, sizeof rnd, "%u", round);
    unlink(tl);
    struct model_argv m;
    study_model_argv(st, c, 1, st->o.warmup, "--timeline", tl, &m);
    const char *bin = m.bin, *size = m.size, *threads = m.threads;

    struct child_outcome oc = {0};
    const struct impl *im = c->impl;
    if (!st->impl_present[im - st->impls]) {
        oc.status = ST_MISSING;
        if (im->launcher == LAUNCH_MPIRUN && access(bin, X_OK) == 0)
            text_clip(oc.reason, sizeof oc.reason, "mpirun is not in PATH (Debian: openmpi-bin; make deps)");
        else
            text_clip(oc.reason, sizeof oc.reason, "%s is not built (%s)", bin,
                      im->mode ? "no interpreter for it: run make pythons" : "run make");
    } else {
        if (im->launcher == LAUNCH_MPIRUN)
            launch_stamp();
        child_run((char *const *)m.argv, im->env, st->o.cell_timeout_s, &oc);
        if (study_stop_requested > 1) {
            /* Killed by the second Ctrl-C: not a result, so no row; a
             * resume runs it again. */
            free(oc.out);
            free(oc.err);
            unlink(tl);
            return 1;
        }
    }
    const char *f[RAW_COUNT] = {0};
    char *row[COL_COUNT] = {0};
    struct csv_reader r = {0};
    struct err pe = {0};
    if ((oc.status == ST_OK || oc.status == ST_WRONG) && child_parse_row(&oc, row, &r, &pe) == 0) {
        for (size_t i = 0; i < COL_COUNT; i++)
            f[RAW_OWN + i] = row[i];
        if (oc.status == ST_OK && strcmp(row[COL_VERIFIED], "1") != 0) {
            oc.status = ST_WRONG;
            snprintf(oc.reason, sizeof oc.reason, "verified=%s", row[COL_VERIFIED]);
        }
    } else {
        if (oc.status == ST_OK || oc.status == ST_WRONG) {
            oc.status = ST_FAILED;
            text_clip(oc.reason, sizeof oc.reason, "%s", pe.msg);
        }
        /* The cell's own identity, so a failed row still says what failed. */
        f[RAW_OWN + COL_MODEL] = im->mode ? "embedded-py" : im->binary;
        f[RAW_OWN + COL_WORKLOAD] = workload_descs[c->workload].name;
        f[RAW_OWN + COL_SPLIT] = split_descs[c->split].name;
        f[RAW_OWN + COL_SIZE] = size;
        f[RAW_OWN + COL_THREADS] = threads;
        f[RAW_OWN + COL_MODE] = im->mode;
        f[RAW_OWN + COL_VERIFIED] = "0";
    }
    f[RAW_IMPL] = im->name;
    f[RAW_ROUND] = rnd;
    f[RAW_STATUS] = child_status_names[oc.status];
    f[RAW_REASON] = oc.reason;
    f[RAW_SIZE_HOW] = st->calib[impl_size_family(im)][c->workload].how;
    double wall_s = NAN;
    if (oc.status == ST_OK) {
        char *end;
        wall_s = strtod(f[RAW_OWN + COL_WALL_S], &end);
        if (*end || !(wall_s >= 0))
            wall_s = NAN;
    }
    add_sample(&st->samples[c - st->cells], oc.status == ST_OK && !isnan(wall_s), wall_s);
    int rc = csv_write_row(&st->raw, f, RAW_COUNT, e);
    if (rc == 0 && oc.status != ST_OK && oc.status != ST_MISSING)
        keep_stderr(st, c, round, &oc);
    if (rc == 0 && oc.status == ST_OK && copy_timeline(st, c, round, tl, &pe) != 0 && !st->o.quiet)
        fprintf(stderr, "\nstudy: timeline of %s round %u not kept: %s\n", im->name, round, pe.msg);
    unlink(tl);
    csvr_close(&r);
    if (oc.status != ST_OK) {
        st->failures++;
        if (!st->o.quiet)
            fprintf(stderr, "\nstudy: %s %s/%s T=%u round %u: %s: %s\n", im->name,
                    workload_descs[c->workload].name, split_descs[c->split].name, c->threads, round,
                    child_status_names[oc.status], oc.reason);
    }
    free(oc.out);
    free(oc.err);
    return rc;
}

/* Before any output: the mpi cells' launcher.  As root, say that mpirun
 * gets --allow-run-as-root.  With --hosts, start one process per host
 * (launch_probe_argv) to check the hostfile and record each host; a
 * hostfile mpirun cannot use stops the study here, with nothing written. */
static int prepare_launch(struct study *st, struct err *e)
{
    for (size_t i = 0; i < st->ncells; i++)
        st->mpirun_cells |= st->cells[i].impl->launcher == LAUNCH_MPIRUN;
    if (st->launch.hostfile[0] && !st->mpirun_cells)
        return err_set(e, EXIT_USAGE, "--hosts is for the mpi model, and no mpi cell is selected");
    if (!st->mpirun_cells || !st->launch.mpirun[0])
        return 0;
    if (st->launch.as_root && !st->o.quiet)
        fprintf(stderr, "study: running as root: mpirun is given --allow-run-as-root (Open MPI refuses root "
                        "without it)\n");
    if (!st->launch.hostfile[0])
        return 0;
    const char *argv[LAUNCH_WORDS_MAX + 8];
    launch_probe_argv(&st->launch, argv);
    struct child_outcome oc;
    child_run((char *const *)argv, NULL, st->o.cell_timeout_s ? st->o.cell_timeout_s : PROBE_TIMEOUT_S, &oc);
    int rc = 0;
    if (oc.status != ST_OK) {
        char why[CHILD_REASON_MAX];
        launch_reason(oc.err, why, sizeof why);
        rc = err_set(e, EXIT_USAGE, "--hosts %s: mpirun could not start a process on every host (%s): %s",
                     st->launch.hostfile, oc.status == ST_TIMEOUT ? "timed out" : "failed", why);
    } else {
        rc = launch_seen_parse(&st->launch, oc.out, e);
    }
    child_outcome_free(&oc);
    return rc;
}

/* ---- resume ------------------------------------------------------------ */

/* Cuts a torn last line (a run killed mid-write) so appending stays valid. */
static int trim_torn_line(const char *path, struct err *e)
{
    FILE *f = fopen(path, "r+b");
    if (!f)
        return errno == ENOENT ? 0 : err_set(e, EXIT_USAGE, "cannot open '%s': %s", path, strerror(errno));
    long keep = 0, pos = 0;
    int c;
    while ((c = getc(f)) != EOF) {
        pos++;
        if (c == '\n')
            keep = pos;
    }
    fclose(f);
    if (keep != pos && truncate(path, keep) != 0)
        return err_set(e, EXIT_RUN_FAILED, "cannot trim '%s': %s", path, strerror(errno));
    return 0;
}

/* Marks every (cell, round) already in raw.csv as done, and collects the
 * cells' samples for repeat-until-sure. */
static int load_done(struct study *st, struct err *e)
{
    char path[PATH_MAX];
    text_clip(path, sizeof path, "%s/raw.csv", st->dir);
    if (trim_torn_line(path, e))
        return -1;
    struct csv_reader r;
    if (access(path, F_OK) != 0)
        return 0;
    if (csvr_open(&r, path, e))
        return -1;
    int got, header = 1;
    char key[256], want[256];
    while ((got = csvr_next(&r, e)) == 1) {
        if (header) {
            header = 0;
            continue;
        }
        if (r.nfields != RAW_COUNT)
            continue;
        if (strcmp(r.fields[RAW_STATUS], "ok") != 0)
            st->failures_before++;
        uint64_t round;
        if (cli_parse_u64(r.fields[RAW_ROUND], 1, st->o.max_reps, &round))
            continue;
        char impl[IMPL_NAME_MAX * 2];
        snprintf(impl, sizeof impl, "%s", r.fields[RAW_IMPL]);
        matrix_canonical_names(impl, sizeof impl); /* rows from before a rename */
        cell_key_of_row(impl, r.fields[RAW_OWN + COL_WORKLOAD], r.fields[RAW_OWN + COL_SPLIT],
                        r.fields[RAW_OWN + COL_SIZE], r.fields[RAW_OWN + COL_THREADS], key, sizeof key);
        for (size_t i = 0; i < st->ncells; i++) {
            cell_key(&st->cells[i], want, sizeof want);
            if (strcmp(key, want) == 0 && !st->done[(round - 1) * st->ncells + i]) {
                st->done[(round - 1) * st->ncells + i] = 1;
                char *end;
                double w = strtod(r.fields[RAW_OWN + COL_WALL_S], &end);
                add_sample(&st->samples[i], strcmp(r.fields[RAW_STATUS], "ok") == 0 && *end == '\0', w);
                if ((unsigned)round > st->rounds_run)
                    st->rounds_run = (unsigned)round;
            }
        }
    }
    csvr_close(&r);
    return got < 0 ? -1 : 0;
}

/* The options a study was started with, saved so --resume rebuilds the
 * very same matrix (one argument per line). */
static int save_args(const char *dir, int argc, char **argv, const char *threads, uint64_t seed, struct err *e)
{
    char path[PATH_MAX];
    text_clip(path, sizeof path, "%s/study.args", dir);
    FILE *f = fopen(path, "w");
    if (!f)
        return err_set(e, EXIT_RUN_FAILED, "cannot write '%s': %s", path, strerror(errno));
    for (int i = 1; i < argc; i++)
        fprintf(f, "%s\n", argv[i]);
    /* Later options win: the thread counts as expanded here ("2cpu" and
     * "max" depend on the machine) and the seed, drawn from the clock when
     * none was given. */
    fprintf(f, "--threads\n%s\n--seed\n%" PRIu64 "\n", threads, seed);
    return fclose(f) == 0 ? 0 : err_set(e, EXIT_RUN_FAILED, "writing '%s': %s", path, strerror(errno));
}

static int load_args(const char *dir, int *argc, char ***argv, struct err *e)
{
    char path[PATH_MAX];
    text_clip(path, sizeof path, "%s/study.args", dir);
    FILE *f = fopen(path, "r");
    if (!f)
        return err_set(e, EXIT_USAGE, "cannot resume '%s': no study.args there (%s)", dir, strerror(errno));
    char **v = calloc(64, sizeof *v);
    if (!v) {
        fclose(f);
        return err_set(e, EXIT_RUN_FAILED, "out of memory");
    }
    int n = 0;
    char line[PATH_MAX + 64];
    v[n++] = strdup("study");
    while (n < 63 && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        v[n++] = strdup(line);
    }
    fclose(f);
    *argc = n;
    *argv = v;
    return v ? 0 : err_set(e, EXIT_RUN_FAILED, "out of memory");
}

/* ---- sizes and rounds -------------------------------------------------- */

/* The sizes a study chose, kept beside raw.csv so that --resume runs the
 * very same cells without calibrating again: one line per family and
 * workload, "family workload size how reference t1_s trials", tabs. */
#define SIZES_FILE "sizes.tsv"

static int save_sizes(const struct study *st, struct err *e)
{
    char path[PATH_MAX], tmp[PATH_MAX];
    text_clip(path, sizeof path, "%s/" SIZES_FILE, st->dir);
    text_clip(tmp, sizeof tmp, "%s/." SIZES_FILE ".part", st->dir);
    FILE *f = fopen(tmp, "w");
    if (!f)
        return err_set(e, EXIT_RUN_FAILED, "cannot write '%s': %s", tmp, strerror(errno));
    for (int fam = 0; fam < SIZE_COUNT; fam++)
        for (int wl = 0; wl < WL_COUNT; wl++) {
            const struct calib *c = &st->calib[fam][wl];
            fprintf(f, "%s\t%s\t%" PRIu64 "\t%s\t%s\t%.9g\t%s\n", size_family_names[fam], workload_descs[wl].name,
                    st->o.sizes[fam][wl], c->how, c->reference[0] ? c->reference : "-", c->t1_s,
                    c->trials[0] ? c->trials : "-");
        }
    if (fclose(f) != 0 || rename(tmp, path) != 0)
        return err_set(e, EXIT_RUN_FAILED, "writing '%s': %s", path, strerror(errno));
    return 0;
}

/* 0 when DIR's sizes were read back, 1 when it has none yet (the study was
 * stopped while calibrating: calibrate again), -1 on a damaged file. */
static int load_sizes(struct study *st, struct err *e)
{
    char path[PATH_MAX], line[1024];
    text_clip(path, sizeof path, "%s/" SIZES_FILE, st->dir);
    FILE *f = fopen(path, "r");
    if (!f)
        return errno == ENOENT ? 1 : err_set(e, EXIT_USAGE, "cannot read '%s': %s", path, strerror(errno));
    int seen = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        char *field[7], *rest = line;
        int k = 0;
        while (k < 7 && (field[k] = strsep(&rest, "\t")))
            k++;
        int fam = -1;
        for (int i = 0; k == 7 && i < SIZE_COUNT; i++)
            if (strcmp(field[0], size_family_names[i]) == 0)
                fam = i;
        const struct workload_desc *wd = k == 7 ? workload_by_name(field[1]) : NULL;
        uint64_t size;
        if (fam < 0 || !wd || cli_parse_u64(field[2], wd->size_min, wd->size_max, &size)) {
            fclose(f);
            return err_set(e, EXIT_USAGE, "cannot resume: '%s' is damaged", path);
        }
        struct calib *c = &st->calib[fam][wd->id];
        st->o.sizes[fam][wd->id] = size;
        snprintf(c->how, sizeof c->how, "%s", field[3]);
        snprintf(c->reference, sizeof c->reference, "%s", strcmp(field[4], "-") ? field[4] : "");
        c->t1_s = strtod(field[5], NULL);
        snprintf(c->trials, sizeof c->trials, "%s", strcmp(field[6], "-") ? field[6] : "");
        seen++;
    }
    fclose(f);
    if (seen != SIZE_COUNT * WL_COUNT)
        return err_set(e, EXIT_USAGE, "cannot resume: '%s' is incomplete", path);
    for (size_t i = 0; i < st->ncells; i++)
        st->cells[i].size = st->o.sizes[impl_size_family(st->cells[i].impl)][st->cells[i].workload];
    return 0;
}

/* Does cell i need another round?  Only once it has the minimum rounds
 * and no failed run (a failing cell is reported, not retried); then yes
 * while the 95% CI of its median, from order statistics
 * (stats_median_ci), has a half-width (hi - lo) / 2 above ci_target of the
 * median (the analysis's ci_half_rel, so its ci-target-missed flag and
 * this rule agree), or cannot reach 95% coverage with so few runs. */
static bool cell_unsure(const struct study *st, size_t i)
{
    const struct cell_samples *cs = &st->samples[i];
    if (!(st->o.ci_target > 0) || cs->failed || cs->n < st->o.reps || cs->n == 0)
        return false;
    double *w = malloc(cs->n * sizeof *w);
    if (!w)
        return false;
    memcpy(w, cs->wall_s, cs->n * sizeof *w);
    stats_sort(w, cs->n);
    double lo, hi, achieved, med = stats_quantile(w, cs->n, 0.5);
    stats_median_ci(w, cs->n, CATALOG_CI_LEVEL, &lo, &hi, &achieved);
    free(w);
    if (achieved < CATALOG_CI_LEVEL || !(med > 0))
        return true;
    return (hi - lo) / 2 > st->o.ci_target * med;
}

/* Says on stderr when the machine is busy, and when T exceeds the CPUs
 * (the report says it too, from meta.json and the flags). */
static void warn_machine(const struct study *st, const struct load_sample *ls, const char *when)
{
    if (ls->valid && ls->busy_cpus >= CATALOG_BUSY_CPUS)
        fprintf(stderr, "study: warning: the machine is busy at the %s: other processes use %.2f CPUs "
                        "(load average %.2f); timings will be noisier\n",
                when, ls->busy_cpus, ls->loadavg1);
    if (strcmp(when, "start") != 0)
        return;
    unsigned cpus = pin_cpu_count(), over = 0;
    for (size_t i = 0; i < st->ncells; i++)
        over += st->cells[i].threads > cpus;
    if (over)
        fprintf(stderr, "study: warning: %u cells run more workers than the %u CPUs (oversubscribed): "
                        "their speedups cannot exceed %u\n",
                over, cpus, cpus);
}

/* ---- progress ---------------------------------------------------------- */

static void fmt_duration(double s, char *out, size_t len)
{
    long t = (long)(s + 0.5);
    snprintf(out, len, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
}

static void progress(const struct study *st, const struct cell *c, unsigned round)
{
    if (st->o.quiet)
        return;
    double elapsed = timer_now_s() - st->t_start;
    size_t done = st->runs_done, todo = st->runs_planned - st->runs_skipped;
    char el[32], eta[32];
    fmt_duration(elapsed, el, sizeof el);
    if (done)
        fmt_duration(elapsed / (double)done * (double)(todo - done), eta, sizeof eta);
    else
        snprintf(eta, sizeof eta, "?");
    bool tty = isatty(STDERR_FILENO);
    fprintf(stderr, "%s[%zu/%zu %3.0f%%] round %u/%u%s %s %s/%s n=%" PRIu64 " T=%u  elapsed %s  ETA %s%s",
            tty ? "\r\033[K" : "", done + st->runs_skipped, st->runs_planned,
            100.0 * (double)(done + st->runs_skipped) / (double)st->runs_planned, round,
            round > st->o.reps ? st->o.max_reps : st->o.reps, round > st->o.reps ? " (until sure)" : "",
            c->impl->name, workload_descs[c->workload].name, split_descs[c->split].name, c->size, c->threads,
            el, eta, tty ? "" : "\n");
}

/* ---- main -------------------------------------------------------------- */

static void default_bin(char *out, size_t len)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) {
        snprintf(out, len, "bin");
        return;
    }
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash)
        *slash = '\0';
    snprintf(out, len, "%s", exe);
}

/* results/<UTC timestamp>, made new (a suffix when two start in a second). */
static int make_dir(struct study *st, struct err *e)
{
    if (mkdir(st->o.out_root, 0777) != 0 && errno != EEXIST)
        return err_set(e, EXIT_USAGE, "cannot create '%s': %s", st->o.out_root, strerror(errno));
    char stamp[32];
    time_t now = time(NULL);
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", gmtime(&now));
    for (int i = 1; i < 100; i++) {
        if (i == 1)
            text_clip(st->dir, sizeof st->dir, "%s/%s", st->o.out_root, stamp);
        else
            text_clip(st->dir, sizeof st->dir, "%s/%s-%d", st->o.out_root, stamp, i);
        if (mkdir(st->dir, 0777) == 0)
            return 0;
        if (errno != EEXIST)
            return err_set(e, EXIT_USAGE, "cannot create '%s': %s", st->dir, strerror(errno));
    }
    return err_set(e, EXIT_RUN_FAILED, "cannot find a free results folder under '%s'", st->o.out_root);
}

static void point_latest(const struct study *st)
{
    char link[PATH_MAX], tmp[PATH_MAX];
    const char *base = strrchr(st->dir, '/');
    base = base ? base + 1 : st->dir;
    text_clip(link, sizeof link, "%s/latest", st->o.out_root);
    text_clip(tmp, sizeof tmp, "%s/.latest.tmp", st->o.out_root);
    unlink(tmp);
    if (symlink(base, tmp) == 0 && rename(tmp, link) != 0)
        unlink(tmp);
}

static int open_outputs(struct study *st, struct err *e)
{
    const char *raw_header[RAW_COUNT], *tl_header[TLX_COUNT];
#define RAW_NAME(id, name) raw_header[id] = name;
    STUDY_COLUMNS(RAW_NAME)
#undef RAW_NAME
    for (size_t i = 0; i < COL_COUNT; i++)
        raw_header[RAW_OWN + i] = csv_result_header[i];
    tl_header[0] = "impl";
    tl_header[1] = "round";
    for (size_t i = 0; i < TL_COUNT; i++)
        tl_header[2 + i] = csv_timeline_header[i];
    text_clip(st->raw_path, sizeof st->raw_path, "%s/raw.csv", st->dir);
    text_clip(st->tl_path, sizeof st->tl_path, "%s/timeline.csv", st->dir);
    if (trim_torn_line(st->raw_path, e) || trim_torn_line(st->tl_path, e) ||
        csv_open(&st->raw, st->raw_path, raw_header, RAW_COUNT, e))
        return -1;
    if (csv_open(&st->tl, st->tl_path, tl_header, TLX_COUNT, e)) {
        csv_close(&st->raw, e);
        return -1;
    }
    return 0;
}

/* On an early exit: what is written stays, the files are closed. */
static void close_outputs(struct study *st)
{
    struct err ignored = {0};
    csv_close(&st->raw, &ignored);
    csv_close(&st->tl, &ignored);
}

static void free_args(int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        free(argv[i]);
    free(argv);
}

/* The program; *eff_argc_out / *eff_argv_out receive the argument list
 * read back for --resume (main frees it). */
static int study_main(struct study *stp, int argc, char **argv, int *eff_argc_out, char ***eff_argv_out);

/* Everything main allocates is released here, on every path: the cells,
 * the done map, and the argument list read back for --resume. */
int main(int argc, char **argv)
{
    struct study st = {0};
    int eff_argc = argc;
    char **eff_argv = argv;
    int rc = study_main(&st, argc, argv, &eff_argc, &eff_argv);
    for (size_t i = 0; st.samples && i < st.ncells; i++)
        free(st.samples[i].wall_s);
    free(st.samples);
    free(st.cells);
    free(st.done);
    if (eff_argv != argv)
        free_args(eff_argc, eff_argv);
    return rc;
}

static int study_main(struct study *stp, int argc, char **argv, int *eff_argc_out, char ***eff_argv_out)
{
    /* First of all: a signal that arrives while the folder and meta.json
     * are being made must also stop cleanly, not kill the runner. */
    struct sigaction sa = {.sa_handler = on_signal};
    /* The stop signals are held while the handler runs: two sent at once
     * would otherwise nest, the second's handler running before the
     * first's first instruction, and the study would report the second. */
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGINT);
    sigaddset(&sa.sa_mask, SIGTERM);
    sigaddset(&sa.sa_mask, SIGHUP);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    struct err e = {0};
    bool list = false;
    int rc = parse_options(argc, argv, &stp->o, &list, &e);
    int eff_argc = argc;
    char **eff_argv = argv;
    if (rc == 0 && stp->o.resume[0]) {
        /* Resume: DIR's own options rebuild its matrix; from this command
         * line only --quiet, --cell-timeout and --bin still count. */
        struct options now = stp->o;
        if (load_args(now.resume, &eff_argc, &eff_argv, &e) == 0) {
            *eff_argc_out = eff_argc;
            *eff_argv_out = eff_argv;
            if (parse_options(eff_argc, eff_argv, &stp->o, &list, &e) < 0)
                rc = -1;
        } else {
            rc = -1;
        }
        stp->o.quiet = now.quiet;
        stp->o.cell_timeout_s = now.cell_timeout_s ? now.cell_timeout_s : stp->o.cell_timeout_s;
        if (now.bin[0])
            snprintf(stp->o.bin, sizeof stp->o.bin, "%s", now.bin);
        snprintf(stp->o.resume, sizeof stp->o.resume, "%s", now.resume);
    }
    if (rc < 0) {
        fprintf(stderr, "study: %s\n", e.msg);
        return e.code;
    }
    if (!stp->o.bin[0])
        default_bin(stp->o.bin, sizeof stp->o.bin);
    if (rc == 1 && !list)
        return EXIT_OK;
    if (launch_init(&stp->launch, stp->o.hosts, &e) || build_matrix(stp, &e)) {
        fprintf(stderr, "study: %s\n", e.msg);
        return e.code;
    }
    if (list) {
        for (size_t i = 0; i < stp->nimpls; i++) {
            const struct impl *im = &stp->impls[i];
            printf("%-24s %s%s%s\n", im->name,
                   im->unavailable[0] ? im->unavailable : stp->impl_present[i] ? "built" : "not built",
                   im->optional && !im->unavailable[0] ? " (optional)" : "",
                   im->allow_gil && !im->unavailable[0] ? " (" PY_GIL_ON_ENV ", --allow-gil)" : "");
        }
        return EXIT_OK;
    }
    if (prepare_launch(stp, &e)) {
        fprintf(stderr, "study: %s\n", e.msg);
        return e.code;
    }
    if (!stp->o.seed_given)
        stp->o.seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);

    /* The folder: a new one, or the one being resumed. */
    if (stp->o.resume[0]) {
        /* The real folder, not results/latest: latest is re-pointed at the
         * end, and must not end up pointing at itself. */
        char *real = realpath(stp->o.resume, NULL);
        if (!real) {
            fprintf(stderr, "study: cannot resume '%s': %s\n", stp->o.resume, strerror(errno));
            return EXIT_USAGE;
        }
        text_clip(stp->dir, sizeof stp->dir, "%s", real);
        free(real);
        char *slash = strrchr(stp->dir, '/');
        snprintf(stp->o.out_root, sizeof stp->o.out_root, "%.*s", slash ? (int)(slash - stp->dir) : 1,
                 slash ? stp->dir : ".");
    } else if (make_dir(stp, &e) || save_args(stp->dir, argc, argv, stp->threads_list, stp->o.seed, &e)) {
        fprintf(stderr, "study: %s\n", e.msg);
        return e.code;
    }
    time_t t0 = time(NULL);
    strftime(stp->started, sizeof stp->started, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t0));
    if (stp->o.resume[0])
        meta_keep_start_date(stp);
    /* The machine before anything of ours runs: the report warns when it
     * was busy (pyperf's `system show`). */
    meta_load_sample(&stp->load_start);
    warn_machine(stp, &stp->load_start, "start");
    const size_t slots = stp->ncells * stp->o.max_reps;
    stp->done = calloc(slots ? slots : 1, 1);
    stp->samples = calloc(stp->ncells, sizeof *stp->samples);
    if (!stp->done || !stp->samples) {
        fprintf(stderr, "study: out of memory\n");
        return EXIT_RUN_FAILED;
    }
    stp->t_start = timer_now_s();
    /* raw.csv exists (its header at least) before calibration, so a study
     * stopped while calibrating leaves a valid, resumable folder. */
    if (open_outputs(stp, &e)) {
        fprintf(stderr, "study: %s\n", e.msg);
        return e.code ? e.code : EXIT_RUN_FAILED;
    }
    /* Sizes: those a resumed study already chose, else calibrated now. */
    int sized = stp->o.resume[0] ? load_sizes(stp, &e) : 1;
    if (sized < 0 || (sized > 0 && (calibrate_sizes(stp, &e) || save_sizes(stp, &e)))) {
        if (e.code == EXIT_INTERRUPTED) {
            fprintf(stderr, "study: interrupted while calibrating; nothing was run; resume with: study --resume %s\n",
                    stp->dir);
            close_outputs(stp);
            return interrupted_status();
        }
        fprintf(stderr, "study: %s\n", e.msg);
        close_outputs(stp);
        return e.code ? e.code : EXIT_RUN_FAILED;
    }
    if ((stp->o.resume[0] && load_done(stp, &e)) || meta_write(stp, eff_argc, eff_argv, NULL, &e)) {
        fprintf(stderr, "study: %s\n", e.msg);
        close_outputs(stp);
        return e.code ? e.code : EXIT_RUN_FAILED;
    }
    for (size_t i = 0; i < slots; i++)
        stp->runs_skipped += stp->done[i];
    stp->runs_planned = stp->ncells * stp->o.reps;
    if (stp->runs_skipped > stp->runs_planned)
        stp->runs_planned = stp->runs_skipped;
    if (!stp->o.quiet)
        fprintf(stderr,
                "study: %s preset, %zu cells x %u rounds (up to %u until each 95%% CI is within +-%g%%) = %zu runs "
                "(%zu already done), seed %" PRIu64 ", results in %s\n",
                stp->o.preset->name, stp->ncells, stp->o.reps, stp->o.max_reps, stp->o.ci_target * 100,
                stp->runs_planned, stp->runs_skipped, stp->o.seed, stp->dir);

    size_t *order = malloc(stp->ncells * sizeof *order);
    uint64_t rng = stp->o.seed;
    int status = EXIT_OK;
    for (unsigned round = 1; order && round <= stp->o.max_reps && !study_stop_requested && status == EXIT_OK; round++) {
        /* Rounds past the minimum run only the cells not yet sure. */
        size_t n = 0;
        for (size_t i = 0; i < stp->ncells; i++)
            if (round <= stp->o.reps || cell_unsure(stp, i))
                order[n++] = i;
        if (round > stp->o.reps) {
            if (!n)
                break;
            if (stp->o.budget_s > 0 && timer_now_s() - stp->t_start >= stp->o.budget_s) {
                if (!stp->o.quiet)
                    fprintf(stderr, "%sstudy: the %g s budget is spent; %zu cells stay above the CI target\n",
                            isatty(STDERR_FILENO) ? "\r\033[K" : "", stp->o.budget_s, n);
                break;
            }
            for (size_t i = 0; i < n; i++)
                stp->runs_planned += !stp->done[(round - 1) * stp->ncells + order[i]];
        }
        matrix_shuffle(order, n, &rng);
        for (size_t i = 0; i < n && !study_stop_requested; i++) {
            size_t ci = order[i];
            if (stp->done[(round - 1) * stp->ncells + ci])
                continue;
            /* A results folder removed under a running study: stop with a
             * clear error rather than write on into unlinked files. */
            struct stat dir_st;
            if (stat(stp->dir, &dir_st) != 0 || !S_ISDIR(dir_st.st_mode) || stat(stp->raw_path, &dir_st) != 0) {
                err_set(&e, EXIT_RUN_FAILED, "the results folder %s (or its raw.csv) was removed", stp->dir);
                status = EXIT_RUN_FAILED;
                break;
            }
            progress(stp, &stp->cells[ci], round);
            int rc_cell = run_cell(stp, &stp->cells[ci], round, &e);
            if (rc_cell > 0)
                break; /* interrupted twice: that run is not done */
            if (rc_cell < 0) {
                status = e.code ? e.code : EXIT_RUN_FAILED;
                break;
            }
            stp->done[(round - 1) * stp->ncells + ci] = 1;
            stp->runs_done++;
            if (round > stp->rounds_run)
                stp->rounds_run = round;
        }
    }
    free(order);
    if (!stp->o.quiet && isatty(STDERR_FILENO))
        fputs("\r\033[K", stderr);
    /* Who runs when: untimed sampled runs, never in raw.csv (sample.c). */
    if (status == EXIT_OK && !study_stop_requested && sample_cells(stp, &e))
        status = e.code ? e.code : EXIT_RUN_FAILED;
    struct err ce = {0};
    int closed = csv_close(&stp->raw, &ce) | csv_close(&stp->tl, &ce);
    if (status == EXIT_OK && closed) {
        e = ce;
        status = EXIT_RUN_FAILED;
    }
    if (status != EXIT_OK) {
        fprintf(stderr, "study: %s; rows written so far are kept; resume with: study --resume %s\n", e.msg,
                stp->dir);
        return status;
    }
    char date[64];
    time_t now = time(NULL);
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    stp->cells_short = 0;
    for (size_t i = 0; i < stp->ncells; i++)
        stp->cells_short += stp->o.ci_target > 0 && cell_unsure(stp, i);
    meta_load_sample(&stp->load_end);
    warn_machine(stp, &stp->load_end, "end");
    meta_write(stp, eff_argc, eff_argv, study_stop_requested ? NULL : date, &ce);
    point_latest(stp);
    if (study_stop_requested) {
        fprintf(stderr, "study: interrupted after %zu runs; every finished row is in %s/raw.csv; resume with: "
                        "study --resume %s\n",
                stp->runs_done, stp->dir, stp->dir);
        return interrupted_status();
    }
    if (!stp->o.quiet || stp->failures)
        fprintf(stderr, "study: %zu runs in %.0f s, %zu failed%s; results in %s\n", stp->runs_done,
                timer_now_s() - stp->t_start, stp->failures,
                stp->failures ? " (status and reason in raw.csv, their stderr in errors.log)" : "", stp->dir);
    return stp->failures ? EXIT_RUN_FAILED : EXIT_OK;
}
