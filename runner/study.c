/* study.c - bin/study: runs the model binaries as child processes over a
 * matrix (implementation x workload x split x thread count x round), and
 * collects their rows into results/<timestamp>/raw.csv.
 *
 * Order: round 1 of every cell, then round 2, ...; each round's order is
 * shuffled with a recorded seed, so slow drift of the machine spreads over
 * every implementation instead of biasing one.  Each child does its own
 * untimed warm-up (--warmup) before its one timed run.
 *
 * Faults: a cell that fails (wrong result, crash, timeout, missing binary)
 * is recorded with its status and reason and the study goes on.  SIGINT or
 * SIGTERM stops after the run in progress (its row is kept); a second one
 * kills that run.  Every row is flushed as it is written, and --resume DIR
 * runs only what DIR lacks, so every cell ends up there exactly once.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
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

#include "cli.h"
#include "csv.h"
#include "csvread.h"
#include "matrix.h"
#include "pin.h"
#include "text.h"
#include "timer.h"

#define IMPLS_MAX MATRIX_IMPLS_MAX
#define REASON_MAX 240
#define OUTPUT_MAX (1u << 20)   /* a child's stdout or stderr kept, at most */
#define CELL_TIMEOUT_DEFAULT 0  /* seconds; 0: none */
#define EXIT_INTERRUPTED 130

/* Columns the runner puts before the model's own (csv.h). */
#define STUDY_COLUMNS(X)                                                     \
    X(RAW_IMPL, "impl")                                                      \
    X(RAW_ROUND, "round")                                                    \
    X(RAW_STATUS, "status")                                                  \
    X(RAW_REASON, "reason")
#define RAW_ENUM(id, name) id,
enum { STUDY_COLUMNS(RAW_ENUM) RAW_OWN };
#undef RAW_ENUM
#define RAW_COUNT (RAW_OWN + COL_COUNT)
#define TLX_COUNT (2 + TL_COUNT)

/* A run's outcome, as the status column says it. */
#define STATUS_TABLE(X)                                                      \
    X(ST_OK, "ok")                                                           \
    X(ST_WRONG, "wrong")                                                     \
    X(ST_FAILED, "failed")                                                   \
    X(ST_TIMEOUT, "timeout")                                                 \
    X(ST_MISSING, "missing")
#define ST_ENUM(id, name) id,
enum status { STATUS_TABLE(ST_ENUM) ST_COUNT };
#undef ST_ENUM
#define ST_NAME(id, name) name,
static const char *const status_names[] = {STATUS_TABLE(ST_NAME)};
#undef ST_NAME

struct options {
    const struct preset *preset;
    char models[512], workloads[64], splits[64], threads[256];
    uint64_t sumsq_n, nqueens_n, seed;
    unsigned reps, warmup, cell_timeout_s;
    bool pin_cores, quiet, seed_given;
    char out_root[PATH_MAX], resume[PATH_MAX], bin[PATH_MAX];
};

static volatile sig_atomic_t stop_requested; /* 1: after this run; 2: now */
static volatile sig_atomic_t child_pgid;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested++;
    if (stop_requested > 1 && child_pgid > 0)
        kill(-(pid_t)child_pgid, SIGKILL);
}

/* ---- options ----------------------------------------------------------- */

enum { O_MODELS = 256, O_WORKLOADS, O_SPLITS, O_SUMSQ, O_NQUEENS, O_SEED, O_PIN, O_OUT, O_RESUME,
       O_TIMEOUT, O_BIN, O_WARMUP, O_LIST };

static const struct option long_opts[] = {
    {"preset", required_argument, NULL, 'p'},    {"models", required_argument, NULL, O_MODELS},
    {"workloads", required_argument, NULL, O_WORKLOADS}, {"splits", required_argument, NULL, O_SPLITS},
    {"threads", required_argument, NULL, 't'},   {"reps", required_argument, NULL, 'r'},
    {"warmup", required_argument, NULL, O_WARMUP}, {"sumsq-size", required_argument, NULL, O_SUMSQ},
    {"nqueens-size", required_argument, NULL, O_NQUEENS}, {"seed", required_argument, NULL, O_SEED},
    {"pin", required_argument, NULL, O_PIN},     {"out", required_argument, NULL, O_OUT},
    {"resume", required_argument, NULL, O_RESUME}, {"cell-timeout", required_argument, NULL, O_TIMEOUT},
    {"bin", required_argument, NULL, O_BIN},     {"list", no_argument, NULL, O_LIST},
    {"quiet", no_argument, NULL, 'q'},           {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static void usage(void)
{
    printf("usage: study [options]\n\n"
           "Runs the model binaries over a matrix and writes results/<timestamp>/raw.csv,\n"
           "timeline.csv and meta.json (results/latest points at the newest).\n\n"
           "  -p, --preset NAME       smoke | quick (default) | article\n"
           "      --models LIST       implementations (see --list), or native, python, all\n"
           "      --workloads LIST    sumsq,nqueens\n"
           "      --splits LIST       weak,strong,rr,dynamic (each applies to its workload)\n"
           "  -t, --threads LIST      4 | 1,2,4 | 1-8 | max | 2cpu (1,2,4,.. up to 2x the CPUs)\n"
           "  -r, --reps R            rounds: timed runs per cell\n"
           "      --warmup W          untimed runs inside each child first\n"
           "      --sumsq-size N      --nqueens-size n\n"
           "      --seed S            shuffle seed (default: from the clock; recorded)\n"
           "      --pin none|cores    passed to every model\n"
           "      --cell-timeout S    kill a run (and its process group) after S seconds\n"
           "      --out DIR           results root (default results)\n"
           "      --resume DIR        run only what DIR lacks, with DIR's own matrix\n"
           "      --bin DIR           model binaries (default: beside this program)\n"
           "  -q, --quiet             no progress on stderr\n\n"
           "presets:\n");
    for (size_t i = 0; i < npresets; i++)
        printf("  %-8s sumsq N=%" PRIu64 ", nqueens n=%" PRIu64 ", threads %s, %u rounds: %s\n", presets[i].name,
               presets[i].sumsq_n, presets[i].nqueens_n, presets[i].threads, presets[i].reps, presets[i].help);
    printf("\nExit status: 0 every cell ok, 1 some cell failed, 2 bad options, 130 interrupted.\n");
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
    bool reps_given = false, warm_given = false;
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
        case O_SPLITS: if (copy_opt(o->splits, sizeof o->splits, "splits", e)) return -1; break;
        case 't': if (copy_opt(o->threads, sizeof o->threads, "threads", e)) return -1; break;
        case 'r':
            if (cli_parse_u64(optarg, 1, REPS_MAX, &v))
                return err_set(e, EXIT_USAGE, "bad --reps '%s': want 1..%u", optarg, REPS_MAX);
            o->reps = (unsigned)v, reps_given = true;
            break;
        case O_WARMUP:
            if (cli_parse_u64(optarg, 0, REPS_MAX, &v))
                return err_set(e, EXIT_USAGE, "bad --warmup '%s'", optarg);
            o->warmup = (unsigned)v, warm_given = true;
            break;
        case O_SUMSQ:
            if (cli_parse_u64(optarg, 1, SUMSQ_SIZE_MAX, &o->sumsq_n))
                return err_set(e, EXIT_USAGE, "bad --sumsq-size '%s': want 1..10^10", optarg);
            break;
        case O_NQUEENS:
            if (cli_parse_u64(optarg, 1, NQUEENS_SIZE_MAX, &o->nqueens_n))
                return err_set(e, EXIT_USAGE, "bad --nqueens-size '%s': want 1..20", optarg);
            break;
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
    if (!reps_given)
        o->reps = o->preset->reps;
    if (!warm_given)
        o->warmup = o->preset->warmup;
    if (!o->sumsq_n)
        o->sumsq_n = o->preset->sumsq_n;
    if (!o->nqueens_n)
        o->nqueens_n = o->preset->nqueens_n;
    if (!o->threads[0])
        snprintf(o->threads, sizeof o->threads, "%s", o->preset->threads);
    return *list ? 1 : 0;
}

/* ---- the matrix -------------------------------------------------------- */

struct study {
    struct options o;
    struct impl impls[IMPLS_MAX];
    size_t nimpls;
    bool impl_present[IMPLS_MAX];
    struct cell *cells;
    size_t ncells;
    char dir[PATH_MAX];
    char raw_path[PATH_MAX], tl_path[PATH_MAX]; /* the csv_outs point here */
    struct csv_out raw, tl;
    unsigned char *done;   /* [round * ncells + cell]: already in raw.csv */
    size_t runs_total, runs_done, runs_skipped, failures;
    double t_start;
    char started[32];      /* UTC date the study began (kept across resumes) */
    char threads_list[MATRIX_THREADS_MAX * 6]; /* the thread counts, expanded */
    size_t failures_before; /* failed rows already in raw.csv when resuming */
};

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

/* "2cpu": 1, 2, 4, ... up to twice the CPUs. */
static int thread_counts(const char *spec, unsigned **out, size_t *n, struct err *e)
{
    if (strcmp(spec, "2cpu") != 0)
        return cli_parse_threads(spec, pin_cpu_count(), out, n, e);
    unsigned top = 2 * pin_cpu_count(), *t = malloc(MATRIX_THREADS_MAX * sizeof *t);
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
        st->impl_present[i] = access(path, X_OK) == 0;
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
                    .size = sd->workload == WL_SUMSQ ? st->o.sumsq_n : st->o.nqueens_n, .threads = threads[t]};
        }
    }
    free(threads);
    if (!st->ncells)
        return err_set(e, EXIT_USAGE, "the selection is empty: no model, workload and split match");
    return 0;
}

/* ---- one run of one cell ----------------------------------------------- */

struct outcome {
    enum status status;
    char reason[REASON_MAX];
    char *out, *err;       /* the child's stdout and stderr (malloc'd) */
    size_t out_len, err_len;
};

static void append(char **buf, size_t *len, const char *data, size_t n)
{
    if (*len + n > OUTPUT_MAX)
        n = OUTPUT_MAX - *len;
    char *b = realloc(*buf, *len + n + 1);
    if (!b)
        return;
    memcpy(b + *len, data, n);
    *len += n;
    b[*len] = '\0';
    *buf = b;
}

/* The last non-empty line of text, for a one-line reason. */
static void last_line(const char *text, char *out, size_t len)
{
    out[0] = '\0';
    if (!text)
        return;
    const char *end = text + strlen(text);
    while (end > text && (end[-1] == '\n' || end[-1] == '\r'))
        end--;
    const char *start = end;
    while (start > text && start[-1] != '\n')
        start--;
    snprintf(out, len, "%.*s", (int)(end - start), start);
}

/* Runs argv in its own process group (so a terminal's Ctrl-C reaches only
 * the runner, which then lets the run finish), capturing its output, with
 * an optional timeout that kills the whole group. */
static void run_child(char *const *argv, const char *env, unsigned timeout_s, struct outcome *oc)
{
    int out[2], err[2];
    *oc = (struct outcome){.status = ST_FAILED};
    if (pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC)) {
        snprintf(oc->reason, sizeof oc->reason, "pipe: %s", strerror(errno));
        return;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(oc->reason, sizeof oc->reason, "fork: %s", strerror(errno));
        close(out[0]), close(out[1]), close(err[0]), close(err[1]);
        return;
    }
    if (pid == 0) {
        setpgid(0, 0);
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (null < 0 || dup2(null, 0) < 0 || dup2(out[1], 1) < 0 || dup2(err[1], 2) < 0 ||
            (env && putenv((char *)env) != 0))
            _exit(126);
        execv(argv[0], argv);
        _exit(127);
    }
    setpgid(pid, pid); /* also here: whichever runs first */
    child_pgid = pid;
    close(out[1]);
    close(err[1]);
    double deadline = timeout_s ? timer_now_s() + timeout_s : 0;
    struct pollfd fds[2] = {{.fd = out[0], .events = POLLIN}, {.fd = err[0], .events = POLLIN}};
    int open_fds = 2, timed_out = 0;
    char buf[4096];
    while (open_fds > 0) {
        int wait_ms = -1;
        if (deadline) {
            double left = deadline - timer_now_s();
            if (left <= 0) {
                kill(-pid, SIGKILL);
                timed_out = 1;
                break;
            }
            wait_ms = (int)(left * 1000) + 1;
        }
        int r = poll(fds, 2, wait_ms);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            break;
        for (int i = 0; i < 2; i++) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            ssize_t n = read(fds[i].fd, buf, sizeof buf);
            if (n > 0) {
                append(i ? &oc->err : &oc->out, i ? &oc->err_len : &oc->out_len, buf, (size_t)n);
            } else if (n == 0 || errno != EINTR) {
                close(fds[i].fd);
                fds[i].fd = -1;
                open_fds--;
            }
        }
    }
    for (int i = 0; i < 2; i++)
        if (fds[i].fd >= 0)
            close(fds[i].fd);
    /* A child may close its output and still run: the timeout holds here
     * too. */
    int status;
    for (;;) {
        pid_t w = waitpid(pid, &status, deadline ? WNOHANG : 0);
        if (w == pid || (w < 0 && errno != EINTR))
            break;
        if (w == 0) {
            if (timer_now_s() >= deadline) {
                kill(-pid, SIGKILL);
                timed_out = 1;
                deadline = 0; /* now wait for it to go */
            } else {
                struct timespec nap = {0, 10 * 1000 * 1000};
                nanosleep(&nap, NULL);
            }
        }
    }
    /* Whatever the child left in its group (a worker it forked) goes too. */
    kill(-pid, SIGKILL);
    child_pgid = 0;
    char line[REASON_MAX];
    last_line(oc->err, line, sizeof line);
    if (timed_out) {
        oc->status = ST_TIMEOUT;
        snprintf(oc->reason, sizeof oc->reason, "killed after the %u s cell timeout", timeout_s);
    } else if (WIFSIGNALED(status)) {
        text_clip(oc->reason, sizeof oc->reason, "killed by signal %d (%s)%s%s", WTERMSIG(status),
                 strsignal(WTERMSIG(status)), line[0] ? ": " : "", line);
    } else if (WEXITSTATUS(status) == 0) {
        oc->status = ST_OK;
    } else {
        text_clip(oc->reason, sizeof oc->reason, "exit %d%s%s", WEXITSTATUS(status), line[0] ? ": " : "", line);
        if (WEXITSTATUS(status) == EXIT_RUN_FAILED && strstr(oc->err ? oc->err : "", " is wrong: "))
            oc->status = ST_WRONG;
    }
}

/* Parses the child's CSV: our header, then exactly one row. */
static int parse_row(const struct outcome *oc, char **fields, struct csv_reader *r, struct err *e)
{
    if (csvr_open_mem(r, oc->out ? oc->out : "", oc->out_len, "the model's output", e))
        return -1;
    int got = csvr_next(r, e);
    if (got != 1 || r->nfields != COL_COUNT)
        return got < 0 ? -1 : err_set(e, EXIT_RUN_FAILED, "no CSV header from the model");
    for (size_t i = 0; i < COL_COUNT; i++)
        if (strcmp(r->fields[i], csv_result_header[i]) != 0)
            return err_set(e, EXIT_RUN_FAILED, "the model's CSV header differs at column %zu ('%s')", i + 1,
                           r->fields[i]);
    got = csvr_next(r, e);
    if (got != 1 || r->nfields != COL_COUNT)
        return got < 0 ? -1 : err_set(e, EXIT_RUN_FAILED, "the model wrote no complete row");
    for (size_t i = 0; i < COL_COUNT; i++)
        fields[i] = r->fields[i];
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
static void keep_stderr(const struct study *st, const struct cell *c, unsigned round, const struct outcome *oc)
{
    char path[PATH_MAX];
    text_clip(path, sizeof path, "%s/errors.log", st->dir);
    FILE *f = fopen(path, "a");
    if (!f)
        return;
    fprintf(f, "==== %s %s/%s n=%" PRIu64 " T=%u round %u: %s: %s\n%s%s", c->impl->name, workload_descs[c->workload].name,
            split_descs[c->split].name, c->size, c->threads, round, status_names[oc->status], oc->reason,
            oc->err ? oc->err : "", oc->err && oc->err_len && oc->err[oc->err_len - 1] != '\n' ? "\n" : "");
    fclose(f);
}

/* Runs round `round` of cell c and appends its row.  Returns 0, 1 when
 * the run was killed by a second interrupt (nothing recorded), or -1 when
 * the results cannot be written (the study must stop). */
static int run_cell(struct study *st, const struct cell *c, unsigned round, struct err *e)
{
    char bin[PATH_MAX], size[24], threads[16], warm[16], tl[PATH_MAX], rnd[16];
    text_clip(bin, sizeof bin, "%s/%s", st->o.bin, c->impl->binary);
    snprintf(size, sizeof size, "%" PRIu64, c->size);
    snprintf(threads, sizeof threads, "%u", c->threads);
    snprintf(warm, sizeof warm, "%u", st->o.warmup);
    text_clip(tl, sizeof tl, "%s/.timeline.part", st->dir);
    snprintf(rnd, sizeof rnd, "%u", round);
    unlink(tl);
    const char *argv[32] = {bin, "-w", workload_descs[c->workload].name, "-s", split_descs[c->split].name,
                            "-n", size, "-t", threads, "-r", "1", "--warmup", warm, "-q",
                            "--pin", st->o.pin_cores ? "cores" : "none", "--timeline", tl};
    size_t k = 18;
    if (c->impl->mode) {
        argv[k++] = "--mode";
        argv[k++] = c->impl->mode;
    }
    if (c->impl->allow_gil)
        argv[k++] = "--allow-gil";
    argv[k] = NULL;

    struct outcome oc = {0};
    const struct impl *im = c->impl;
    if (!st->impl_present[im - st->impls]) {
        oc.status = ST_MISSING;
        text_clip(oc.reason, sizeof oc.reason, "%s is not built (no interpreter for it: run make pythons)", bin);
    } else {
        run_child((char *const *)argv, im->env, st->o.cell_timeout_s, &oc);
        if (stop_requested > 1) {
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
    if ((oc.status == ST_OK || oc.status == ST_WRONG) && parse_row(&oc, row, &r, &pe) == 0) {
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
    f[RAW_STATUS] = status_names[oc.status];
    f[RAW_REASON] = oc.reason;
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
                    status_names[oc.status], oc.reason);
    }
    free(oc.out);
    free(oc.err);
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

/* Marks every (cell, round) already in raw.csv as done. */
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
        if (cli_parse_u64(r.fields[RAW_ROUND], 1, st->o.reps, &round))
            continue;
        char impl[IMPL_NAME_MAX * 2];
        snprintf(impl, sizeof impl, "%s", r.fields[RAW_IMPL]);
        matrix_canonical_names(impl, sizeof impl); /* rows from before a rename */
        snprintf(key, sizeof key, "%s|%s|%s|%s|%s", impl, r.fields[RAW_OWN + COL_WORKLOAD],
                 r.fields[RAW_OWN + COL_SPLIT], r.fields[RAW_OWN + COL_SIZE], r.fields[RAW_OWN + COL_THREADS]);
        for (size_t i = 0; i < st->ncells; i++) {
            cell_key(&st->cells[i], want, sizeof want);
            if (strcmp(key, want) == 0)
                st->done[(round - 1) * st->ncells + i] = 1;
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

/* ---- meta.json --------------------------------------------------------- */

/* On resume: the date the study first began, from its meta.json. */
static void keep_start_date(struct study *st)
{
    char path[PATH_MAX], buf[4096];
    text_clip(path, sizeof path, "%s/meta.json", st->dir);
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    const char *p = strstr(buf, "\"date\": \"");
    if (p) {
        p += strlen("\"date\": \"");
        size_t len = strcspn(p, "\"");
        if (len < sizeof st->started)
            text_clip(st->started, sizeof st->started, "%.*s", (int)len, p);
    }
}

static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

/* First line of a file, or "unknown". */
static void read_line(const char *path, char *out, size_t len)
{
    FILE *f = fopen(path, "r");
    snprintf(out, len, "unknown");
    if (f) {
        if (fgets(out, (int)len, f))
            out[strcspn(out, "\n")] = '\0';
        else
            snprintf(out, len, "unknown");
        fclose(f);
    }
}

/* One line a command prints, or "unknown". */
static void command_line(const char *cmd, char *out, size_t len)
{
    snprintf(out, len, "unknown");
    FILE *p = popen(cmd, "r");
    if (!p)
        return;
    if (fgets(out, (int)len, p))
        out[strcspn(out, "\n")] = '\0';
    if (pclose(p) != 0 || !out[0])
        snprintf(out, len, "unknown");
}

static void cpu_model(char *out, size_t len)
{
    snprintf(out, len, "unknown");
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[512];
    while (f && fgets(line, sizeof line, f)) {
        char *colon = strchr(line, ':');
        if (colon && strncmp(line, "model name", 10) == 0) {
            snprintf(out, len, "%s", colon + 2);
            out[strcspn(out, "\n")] = '\0';
            break;
        }
    }
    if (f)
        fclose(f);
}

/* Where tools/pythons.sh linked the interpreters (PYTHONS_DIR, as in the
 * Makefile). */
static const char *pythons_dir(void)
{
    const char *d = getenv("PYTHONS_DIR");
    return d && *d ? d : ".pythons";
}

#ifndef STUDY_CFLAGS_USED
#define STUDY_CFLAGS_USED "unknown"
#endif

static int write_meta(const struct study *st, int argc, char **argv, const char *finished, struct err *e)
{
    char path[PATH_MAX], tmp[PATH_MAX], buf[512], py[4096];
    text_clip(path, sizeof path, "%s/meta.json", st->dir);
    text_clip(tmp, sizeof tmp, "%s/.meta.json.part", st->dir);
    FILE *f = fopen(tmp, "w");
    if (!f)
        return err_set(e, EXIT_RUN_FAILED, "cannot write '%s': %s", tmp, strerror(errno));
    struct utsname u;
    uname(&u);
    fprintf(f, "{\n  \"date\": ");
    json_str(f, st->started);
    fprintf(f, ",\n  \"finished\": ");
    finished ? json_str(f, finished) : (void)fputs("null", f);
    fprintf(f, ",\n  \"host\": ");
    json_str(f, u.nodename);
    cpu_model(buf, sizeof buf);
    fprintf(f, ",\n  \"cpu_model\": ");
    json_str(f, buf);
    fprintf(f, ",\n  \"cpus_online\": %ld,\n  \"cpus_in_affinity\": %u,\n  \"affinity\": ",
            sysconf(_SC_NPROCESSORS_ONLN), pin_cpu_count());
    pin_mask_string(buf, sizeof buf) == 0 ? json_str(f, buf) : json_str(f, "unknown");
    read_line("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", buf, sizeof buf);
    fprintf(f, ",\n  \"governor\": ");
    json_str(f, buf);
    read_line("/sys/devices/system/cpu/intel_pstate/no_turbo", buf, sizeof buf);
    if (strcmp(buf, "unknown") != 0)
        snprintf(buf, sizeof buf, "%s", strcmp(buf, "0") == 0 ? "on" : "off");
    else {
        read_line("/sys/devices/system/cpu/cpufreq/boost", buf, sizeof buf);
        if (strcmp(buf, "unknown") != 0)
            snprintf(buf, sizeof buf, "%s", strcmp(buf, "1") == 0 ? "on" : "off");
    }
    fprintf(f, ",\n  \"turbo\": ");
    json_str(f, buf);
    snprintf(buf, sizeof buf, "%s %s %s", u.sysname, u.release, u.machine);
    fprintf(f, ",\n  \"kernel\": ");
    json_str(f, buf);
#ifdef __clang__
    fprintf(f, ",\n  \"compiler\": ");
    json_str(f, "clang " __clang_version__);
#else
    fprintf(f, ",\n  \"compiler\": ");
    json_str(f, "gcc " __VERSION__);
#endif
    fprintf(f, ",\n  \"cflags\": ");
    json_str(f, STUDY_CFLAGS_USED);
    command_line("git rev-parse HEAD 2>/dev/null", buf, sizeof buf);
    fprintf(f, ",\n  \"git_commit\": ");
    json_str(f, buf);
    fprintf(f, ",\n  \"preset\": ");
    json_str(f, st->o.preset->name);
    fprintf(f, ",\n  \"seed\": %" PRIu64 ",\n  \"rounds\": %u,\n  \"warmup\": %u,\n  \"pin\": ", st->o.seed,
            st->o.reps, st->o.warmup);
    json_str(f, st->o.pin_cores ? "cores" : "none");
    fprintf(f, ",\n  \"sumsq_n\": %" PRIu64 ",\n  \"nqueens_n\": %" PRIu64 ",\n  \"command_line\": [", st->o.sumsq_n,
            st->o.nqueens_n);
    for (int i = 0; i < argc; i++) {
        fputs(i ? ", " : "", f);
        json_str(f, argv[i]);
    }
    fprintf(f, "],\n  \"interpreters\": {");
    /* Each interpreter as the embedded hosts were built against it (a tag
     * that runs another's binary, 3.14t-gil, is no interpreter of its own),
     * with multiprocessing's default start method there. */
    static const struct {
        const char *tag, *binary;
    } tags[] = {
#define META_TAG(t, b, maj, min, gil, opt, modes) {t, b},
        PY_TAG_TABLE(META_TAG)
#undef META_TAG
    };
    int first = 1;
    for (size_t t = 0; t < sizeof tags / sizeof tags[0]; t++) {
        if (strcmp(tags[t].tag, tags[t].binary) != 0)
            continue;
        char cmd[PATH_MAX + 320];
        text_clip(cmd, sizeof cmd,
                 "'%s/%s' -c \"import sys,sysconfig,json; print(json.dumps({'version': "
                 "'%%d.%%d.%%d%%s' %% (sys.version_info[:3] + (sys.abiflags,)), 'executable': sys.executable, "
                 "'configure_flags': sysconfig.get_config_var('CONFIG_ARGS'), 'free_threaded_build': "
                 "bool(sysconfig.get_config_var('Py_GIL_DISABLED')), 'gil_enabled_at_start': "
                 "getattr(sys, '_is_gil_enabled', lambda: True)(), 'mp_default_start_method': "
                 "__import__('multiprocessing').get_start_method()}))\" 2>/dev/null",
                 pythons_dir(), tags[t].tag);
        command_line(cmd, py, sizeof py);
        if (py[0] != '{' || py[strlen(py) - 1] != '}')
            continue;
        fprintf(f, "%s\n    ", first ? "" : ",");
        json_str(f, tags[t].tag);
        fprintf(f, ": %s", py);
        first = 0;
    }
    fprintf(f, "%s},\n  \"cells\": %zu,\n  \"runs\": %zu,\n  \"failed_runs\": %zu\n}\n", first ? "" : "\n  ",
            st->ncells, st->runs_total, st->failures_before + st->failures);
    if (fclose(f) != 0 || rename(tmp, path) != 0)
        return err_set(e, EXIT_RUN_FAILED, "writing '%s': %s", path, strerror(errno));
    return 0;
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
    size_t done = st->runs_done, todo = st->runs_total - st->runs_skipped;
    char el[32], eta[32];
    fmt_duration(elapsed, el, sizeof el);
    if (done)
        fmt_duration(elapsed / (double)done * (double)(todo - done), eta, sizeof eta);
    else
        snprintf(eta, sizeof eta, "?");
    bool tty = isatty(STDERR_FILENO);
    fprintf(stderr, "%s[%zu/%zu %3.0f%%] round %u/%u %s %s/%s n=%" PRIu64 " T=%u  elapsed %s  ETA %s%s",
            tty ? "\r\033[K" : "", done + st->runs_skipped, st->runs_total,
            100.0 * (double)(done + st->runs_skipped) / (double)st->runs_total, round, st->o.reps,
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
    if (trim_torn_line(st->tl_path, e) || csv_open(&st->raw, st->raw_path, raw_header, RAW_COUNT, e))
        return -1;
    if (csv_open(&st->tl, st->tl_path, tl_header, TLX_COUNT, e)) {
        csv_close(&st->raw, e);
        return -1;
    }
    return 0;
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
    sigemptyset(&sa.sa_mask);
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
    if (build_matrix(stp, &e)) {
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
        keep_start_date(stp);
    stp->runs_total = stp->ncells * stp->o.reps;
    stp->done = calloc(stp->runs_total, 1);
    if (!stp->done || (stp->o.resume[0] && load_done(stp, &e)) || open_outputs(stp, &e) ||
        write_meta(stp, eff_argc, eff_argv, NULL, &e)) {
        fprintf(stderr, "study: %s\n", e.msg);
        return e.code ? e.code : EXIT_RUN_FAILED;
    }
    for (size_t i = 0; i < stp->runs_total; i++)
        stp->runs_skipped += stp->done[i];
    if (!stp->o.quiet)
        fprintf(stderr, "study: %s preset, %zu cells x %u rounds = %zu runs (%zu already done), seed %" PRIu64
                        ", results in %s\n",
                stp->o.preset->name, stp->ncells, stp->o.reps, stp->runs_total, stp->runs_skipped, stp->o.seed, stp->dir);


    size_t *order = malloc(stp->ncells * sizeof *order);
    uint64_t rng = stp->o.seed;
    stp->t_start = timer_now_s();
    int status = EXIT_OK;
    for (unsigned round = 1; order && round <= stp->o.reps && !stop_requested && status == EXIT_OK; round++) {
        for (size_t i = 0; i < stp->ncells; i++)
            order[i] = i;
        matrix_shuffle(order, stp->ncells, &rng);
        for (size_t i = 0; i < stp->ncells && !stop_requested; i++) {
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
        }
    }
    free(order);
    if (!stp->o.quiet && isatty(STDERR_FILENO))
        fputs("\r\033[K", stderr);
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
    write_meta(stp, eff_argc, eff_argv, stop_requested ? NULL : date, &ce);
    point_latest(stp);
    if (stop_requested) {
        fprintf(stderr, "study: interrupted after %zu runs; every finished row is in %s/raw.csv; resume with: "
                        "study --resume %s\n",
                stp->runs_done, stp->dir, stp->dir);
        return EXIT_INTERRUPTED;
    }
    if (!stp->o.quiet || stp->failures)
        fprintf(stderr, "study: %zu runs in %.0f s, %zu failed%s; results in %s\n", stp->runs_done,
                timer_now_s() - stp->t_start, stp->failures,
                stp->failures ? " (status and reason in raw.csv, their stderr in errors.log)" : "", stp->dir);
    return stp->failures ? EXIT_RUN_FAILED : EXIT_OK;
}
