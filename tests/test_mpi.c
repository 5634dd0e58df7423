/* test_mpi.c - the MPI model (bin/mpi) as users start it, under mpirun:
 * the 128-bit reduction's carries, exact answers for every split and
 * T = 1..4 (oversubscribed past the CPUs), bad input, a rank that aborts
 * or hangs, the study's mpi cells and its --hosts checks, and the test
 * across network namespaces (tests/mpi_netns.sh). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../impl-mpi/wide.h"
#include "cli.h"
#include "csv.h"
#include "csvread.h"
#include "tests.h"

/* mpirun's own bound on every job here: a hang fails the test instead of
 * stopping the suite. */
#define MPI_TEST_TIMEOUT "120"
#define SUMSQ_PAST_2_64 4000000ULL /* sum of i^2 below it: about 2.1e19 > 2^64 */
#define NQUEENS_TOP 14U
#define RANKS_TOP 4U
#define NETNS_SKIPPED 77 /* tests/mpi_netns.sh: its SKIP status */

static char mpirun[PATH_MAX];

static const char *find_mpirun(void)
{
    if (mpirun[0])
        return mpirun;
    const char *path = getenv("PATH");
    for (const char *p = path ? path : "/usr/bin:/bin"; *p;) {
        const char *colon = strchr(p, ':');
        size_t n = colon ? (size_t)(colon - p) : strlen(p);
        snprintf(mpirun, sizeof mpirun, "%.*s/mpirun", (int)n, p);
        if (access(mpirun, X_OK) == 0)
            return mpirun;
        p += n + (colon != NULL);
    }
    mpirun[0] = '\0';
    return NULL;
}

const char *mpi_skip_reason(const char *suite, bool *required)
{
    const char *ci = getenv("CI");
    *required = ci && !strcmp(ci, "true");
    if (!strcmp(suite, "mpi/wide") || find_mpirun())
        return NULL;
    return "no mpirun in PATH (Debian: openmpi-bin; run `make deps`)";
}

/* mpirun and its options up to -np T: local ranks, no binding, its own
 * timeout; as root, with the flag Open MPI wants then (and only then).
 * np must outlive argv.  Returns the number of words. */
static size_t mpirun_words(const char *np, const char **argv)
{
    size_t k = 0;
    argv[k++] = mpirun;
    if (geteuid() == 0)
        argv[k++] = "--allow-run-as-root";
    const char *fixed[] = {"--oversubscribe", "--bind-to", "none", "--timeout", MPI_TEST_TIMEOUT, "-np", np};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        argv[k++] = fixed[i];
    return k;
}

/* mpirun -np T [opts] bin/mpi args..., run to the end. */
static int run_mpi(unsigned np, const char *const *opts, const char *const *args, struct proc *p)
{
    char bin[PATH_MAX], n[16];
    if (!find_mpirun() || !study_bin(bin, "mpi"))
        return -1;
    snprintf(n, sizeof n, "%u", np);
    const char *argv[64];
    size_t k = mpirun_words(n, argv);
    for (; opts && *opts && k < 40; opts++)
        argv[k++] = *opts;
    argv[k++] = bin;
    for (; *args && k < 63; args++)
        argv[k++] = *args;
    argv[k] = NULL;
    return proc_run((char *const *)argv, p);
}

/* The one data row of bin/mpi's CSV on stdout, by column. */
struct row {
    struct csv_reader r;
    char *f[COL_COUNT];
};

static int row_parse(const struct proc *p, struct row *row)
{
    struct err e;
    if (csvr_open_mem(&row->r, p->out, p->out_len, "stdout", &e))
        return -1;
    if (csvr_next(&row->r, &e) != 1 || row->r.nfields != COL_COUNT ||
        strcmp(row->r.fields[0], csv_result_header[0]) != 0 || csvr_next(&row->r, &e) != 1 ||
        row->r.nfields != COL_COUNT) {
        csvr_close(&row->r);
        return -1;
    }
    memcpy(row->f, row->r.fields, sizeof row->f);
    return 0;
}

/* ---- the 128-bit sum ------------------------------------------------------ */

static void t_wide_carry(void)
{
    const uint64_t max = UINT64_MAX;
    const struct {
        u128 a, b;
    } cases[] = {
        {max, 1},                           /* the low half carries */
        {max, max},                         /* carry and a low half of max - 1 */
        {(u128)1 << 64, max},               /* no carry, both halves */
        {((u128)max << 64) | max, 1},       /* wraps to 0, as u128 does */
        {(u128)0x1234 << 64 | 0x8000000000000000ULL, 0x8000000000000000ULL},
        {0, 0},
    };
    char a[U128_DEC_MAX], b[U128_DEC_MAX];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct wide in = wide_from_u128(cases[i].b), acc = wide_from_u128(cases[i].a);
        CHECK(wide_to_u128(in) == cases[i].b, "case %zu: from/to changed %s", i, t_u128(cases[i].b, a));
        wide_add(&in, &acc, 1);
        const u128 want = cases[i].a + cases[i].b;
        CHECK(wide_to_u128(acc) == want, "case %zu: wide sum %s, want %s", i, t_u128(wide_to_u128(acc), a),
              t_u128(want, b));
    }
    /* several elements at once, as MPI passes them; each its own sum */
    uint64_t state = 20261127;
    struct wide in[5], acc[5];
    u128 want[5];
    for (int i = 0; i < 5; i++) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL; /* an LCG: varied halves */
        u128 x = (u128)state << 64 | (state >> 7);
        u128 y = (u128)(state * 3) << 64 | (state ^ max);
        in[i] = wide_from_u128(x);
        acc[i] = wide_from_u128(y);
        want[i] = x + y;
    }
    wide_add(in, acc, 5);
    for (int i = 0; i < 5; i++)
        CHECK(wide_to_u128(acc[i]) == want[i], "element %d of 5: %s, want %s", i, t_u128(wide_to_u128(acc[i]), a),
              t_u128(want[i], b));
}

/* ---- exact answers ---------------------------------------------------------- */

/* One exact-answer job, and where its output went. */
struct exact_job {
    const char *wl, *split;
    uint64_t size;
    unsigned t;
    u128 want;
    pid_t pid;
    char out[PATH_MAX], err[PATH_MAX];
};

/* Starts mpirun for job j with its output in files under dir. */
static int exact_start(struct exact_job *j, const char *dir, size_t i)
{
    char bin[PATH_MAX], np[16], n[24];
    if (!find_mpirun() || !study_bin(bin, "mpi"))
        return -1;
    snprintf(np, sizeof np, "%u", j->t);
    snprintf(n, sizeof n, "%llu", (unsigned long long)j->size);
    snprintf(j->out, sizeof j->out, "%s/%zu.out", dir, i);
    snprintf(j->err, sizeof j->err, "%s/%zu.err", dir, i);
    const char *argv[32];
    size_t k = mpirun_words(np, argv);
    const char *args[] = {bin, "-w", j->wl, "-s", j->split, "-n", n, "-r", "1", "--warmup", "0", "-q", NULL};
    memcpy(argv + k, args, sizeof args);
    fflush(NULL);
    j->pid = fork();
    if (j->pid == 0) {
        int o = open(j->out, O_WRONLY | O_CREAT | O_TRUNC, 0644), e = open(j->err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int null = open("/dev/null", O_RDONLY);
        if (o < 0 || e < 0 || null < 0 || dup2(null, 0) < 0 || dup2(o, 1) < 0 || dup2(e, 2) < 0)
            _exit(126);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    return j->pid > 0 ? 0 : -1;
}

/* Waits for job j; its row must be verified and equal want, on one host. */
static void exact_check(struct exact_job *j)
{
    int status;
    while (waitpid(j->pid, &status, 0) < 0 && errno == EINTR)
        ;
    struct proc p = {.exited = WIFEXITED(status), .code = WIFEXITED(status) ? WEXITSTATUS(status) : -1};
    p.out = slurp(j->out, &p.out_len);
    p.err = slurp(j->err, &p.err_len);
    char wbuf[U128_DEC_MAX], T[16];
    snprintf(T, sizeof T, "%u", j->t);
    struct row row;
    const char *wl = j->wl, *split = j->split;
    unsigned long long n = (unsigned long long)j->size;
    if (CHECK(p.out && p.err, "%s/%s n=%llu T=%u: no output files", wl, split, n, j->t) &&
        CHECK(p.exited && p.code == 0, "%s/%s n=%llu T=%u: exit %d: %s", wl, split, n, j->t, p.code, p.err) &&
        CHECK(row_parse(&p, &row) == 0, "%s/%s n=%llu T=%u: no CSV row: %s", wl, split, n, j->t, p.out)) {
        CHECK(!strcmp(row.f[COL_MODEL], "mpi") && !strcmp(row.f[COL_THREADS], T), "model %s threads %s",
              row.f[COL_MODEL], row.f[COL_THREADS]);
        CHECK(!strcmp(row.f[COL_VERIFIED], "1") && !strcmp(row.f[COL_RESULT], t_u128(j->want, wbuf)),
              "%s/%s n=%llu T=%u: result %s (verified %s), want %s", wl, split, n, j->t, row.f[COL_RESULT],
              row.f[COL_VERIFIED], wbuf);
        CHECK(!strcmp(row.f[COL_HOSTS], "1") && !strcmp(row.f[COL_RANKS_PER_HOST], T),
              "T=%u on this host: hosts %s, ranks_per_host %s", j->t, row.f[COL_HOSTS], row.f[COL_RANKS_PER_HOST]);
        csvr_close(&row.r);
    }
    free(p.out);
    free(p.err);
}

/* Every job, EXACT_BATCH mpiruns at a time: a launch mostly waits (for
 * the daemons' wire-up), so overlapping them keeps the suite short. */
#define EXACT_BATCH 4
static void exact_all(struct exact_job *jobs, size_t n)
{
    char *dir = tmpdir_make();
    REQUIRE(dir, "mkdtemp");
    /* Under make sanitize's ASan, these many jobs run without LeakSanitizer:
     * bin/mpi's full unwinding (impl-mpi/mpimodel.c) makes each rank's exit
     * check cost seconds.  ASan and UBSan still check every access; the
     * other MPI tests keep LSan on. */
    const char *asan = getenv("ASAN_OPTIONS");
    char *saved = asan ? strdup(asan) : NULL;
    if (saved) {
        char quick[1024];
        snprintf(quick, sizeof quick, "%s detect_leaks=0 fast_unwind_on_malloc=1", saved);
        setenv("ASAN_OPTIONS", quick, 1);
    }
    for (size_t i = 0; i < n; i += EXACT_BATCH) {
        size_t end = i + EXACT_BATCH < n ? i + EXACT_BATCH : n, started = i;
        while (started < end && exact_start(&jobs[started], dir, started) == 0)
            started++;
        for (size_t k = i; k < started; k++)
            exact_check(&jobs[k]);
        if (!CHECK(started == end, "cannot start mpirun"))
            break;
    }
    if (saved) {
        setenv("ASAN_OPTIONS", saved, 1);
        free(saved);
    }
    tmpdir_remove(dir);
}

static void t_exact_sumsq(void)
{
    const u128 want = ref_sumsq(SUMSQ_PAST_2_64);
    REQUIRE(want >> 64 != 0, "the size does not take the sum past 2^64");
    struct exact_job jobs[2 * RANKS_TOP];
    size_t n = 0;
    for (unsigned t = 1; t <= RANKS_TOP; t++) {
        jobs[n++] = (struct exact_job){.wl = "sumsq", .split = "weak", .size = SUMSQ_PAST_2_64, .t = t, .want = want};
        jobs[n++] = (struct exact_job){.wl = "sumsq", .split = "strong", .size = SUMSQ_PAST_2_64, .t = t, .want = want};
    }
    exact_all(jobs, n);
}

static void t_exact_nqueens(void)
{
    static struct exact_job jobs[2 * RANKS_TOP * NQUEENS_TOP];
    size_t k = 0;
    for (unsigned n = 1; n <= NQUEENS_TOP; n++)
        for (unsigned t = 1; t <= RANKS_TOP; t++) {
            jobs[k++] = (struct exact_job){.wl = "nqueens", .split = "rr", .size = n, .t = t, .want = oeis_a000170[n]};
            jobs[k++] = (struct exact_job){.wl = "nqueens", .split = "dynamic", .size = n, .t = t,
                                           .want = oeis_a000170[n]};
        }
    exact_all(jobs, k);
}

/* Placement on stderr, the timeline, and launch_s from the environment. */
static void t_placement_timeline(void)
{
    char *dir = tmpdir_make(), tl[PATH_MAX];
    REQUIRE(dir, "mkdtemp");
    path_in(tl, dir, "tl.csv");
    setenv(LAUNCH_EPOCH_ENV, "1000000000.5", 1); /* 2001: every launch is after it */
    const char *args[] = {"-w", "nqueens", "-s", "dynamic", "-n", "8", "-r", "2", "--warmup", "0", "--timeline",
                          tl, NULL};
    struct proc p;
    int rc = run_mpi(3, NULL, args, &p);
    unsetenv(LAUNCH_EPOCH_ENV);
    REQUIRE(rc == 0, "cannot run mpirun");
    CHECK(p.exited && p.code == 0, "exit %d: %s", p.code, p.err);
    for (int r = 0; r < 3; r++) {
        char want[32];
        snprintf(want, sizeof want, "# mpi: rank %d: node 0 host ", r);
        CHECK(strstr(p.err, want) != NULL, "stderr does not place rank %d: %s", r, p.err);
    }
    CHECK(strstr(p.err, "3 ranks on 1 hosts (ranks per host 3)"), "no summary line: %s", p.err);
    struct row row;
    if (CHECK(row_parse(&p, &row) == 0, "no CSV row")) {
        double launch = strtod(row.f[COL_LAUNCH_S], NULL);
        CHECK(launch > 1e8, "launch_s '%s' is not the time since 2001", row.f[COL_LAUNCH_S]);
        csvr_close(&row.r);
    }
    proc_free(&p);
    /* 2 reps x 3 ranks, workers 0..2 each, the pool's tasks each once */
    struct csv_reader r;
    struct err e;
    int rows = 0, seen[3] = {0};
    unsigned long long units = 0;
    if (CHECK(csvr_open(&r, tl, &e) == 0, "no timeline: %s", e.msg)) {
        csvr_next(&r, &e);
        while (csvr_next(&r, &e) == 1 && r.nfields == TL_COUNT) {
            int w = atoi(r.fields[TL_WORKER]);
            rows++;
            if (w >= 0 && w < 3)
                seen[w]++;
            units += strtoull(r.fields[TL_UNITS], NULL, 10);
            CHECK(strtod(r.fields[TL_END_S], NULL) >= strtod(r.fields[TL_START_S], NULL), "worker %d ends before "
                  "it starts", w);
        }
        csvr_close(&r);
    }
    CHECK(rows == 6 && seen[0] == 2 && seen[1] == 2 && seen[2] == 2, "timeline: %d rows, workers %d %d %d", rows,
          seen[0], seen[1], seen[2]);
    CHECK(units == 2ULL * 7 * 6, "timeline: %llu units in 2 runs, want 2 x 42 two-row prefixes", units);
    tmpdir_remove(dir);
}

/* ---- bad input and failing ranks ------------------------------------------ */

static void t_bad_input(void)
{
    const struct {
        unsigned np;
        const char *args[6];
        const char *say;
    } cases[] = {
        {2, {"-t", "3", NULL}, "mpirun started 2 ranks"},
        {2, {"-t", "1,2", NULL}, "mpirun started 2 ranks"},
        {2, {"-s", "rr", NULL}, "split 'rr' is for nqueens"},
        {1, {"--reps", "0", NULL}, "bad --reps"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct proc p;
        REQUIRE(run_mpi(cases[i].np, NULL, cases[i].args, &p) == 0, "cannot run mpirun");
        CHECK(p.exited && p.code == EXIT_USAGE && strstr(p.err, cases[i].say), "case %zu: exit %d, stderr: %s", i,
              p.code, p.err);
        CHECK(p.out_len == 0, "case %zu wrote to stdout: %s", i, p.out);
        proc_free(&p);
    }
    setenv(LAUNCH_EPOCH_ENV, "soon", 1);
    const char *args[] = {"-n", "1000", NULL};
    struct proc p;
    int rc = run_mpi(1, NULL, args, &p);
    unsetenv(LAUNCH_EPOCH_ENV);
    REQUIRE(rc == 0, "cannot run mpirun");
    CHECK(p.exited && p.code == EXIT_USAGE && strstr(p.err, "bad " LAUNCH_EPOCH_ENV " 'soon'"), "exit %d: %s",
          p.code, p.err);
    proc_free(&p);
}

/* A rank that aborts, exits early or dies: mpirun ends the whole job,
 * non-zero, naming the rank, long before its timeout. */
static void t_rank_aborts(void)
{
    const struct {
        const char *fault, *say1, *say2;
    } cases[] = {
        {"1:ABRT", "process rank 1", "signal 6"},
        {"2:0", "exited with non-zero status", "Exit code:    3"},
        {"0:KILL", "process rank 0", "signal 9"},
    };
    /* The CSV path, in a folder of this test's own, marks these ranks in
     * the process list (other test runs may share the machine). */
    char *dir = tmpdir_make(), csv[PATH_MAX];
    REQUIRE(dir, "mkdtemp");
    path_in(csv, dir, "out.csv");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *args[] = {"-w", "sumsq", "-n", "100000", "-r", "1", "-q", "-o", csv, "--inject-fault",
                              cases[i].fault, NULL};
        struct proc p;
        REQUIRE(run_mpi(3, NULL, args, &p) == 0, "cannot run mpirun");
        CHECK(p.exited && p.code != 0, "--inject-fault %s: exit %d", cases[i].fault, p.exited ? p.code : -1);
        CHECK(strstr(p.err, cases[i].say1) && strstr(p.err, cases[i].say2) && !strstr(p.err, "time limit"),
              "--inject-fault %s: stderr does not say '%s' and '%s': %s", cases[i].fault, cases[i].say1,
              cases[i].say2, p.err);
        proc_free(&p);
    }
    CHECK(!process_with_arg(dir), "a rank outlived its job");
    tmpdir_remove(dir);
}

/* A rank that stops (SIGSTOP: alive, never reaching the reduction) hangs
 * the job; mpirun's --timeout ends it. */
static void t_rank_hangs(void)
{
    char *dir = tmpdir_make(), csv[PATH_MAX];
    REQUIRE(dir, "mkdtemp");
    path_in(csv, dir, "out.csv");
    const char *opts[] = {"--timeout", "3", NULL};
    const char *args[] = {"-n", "1000", "-r", "1", "-q", "-o", csv, "--inject-fault", "1:STOP", NULL};
    struct proc p;
    REQUIRE(run_mpi(2, opts, args, &p) == 0, "cannot run mpirun");
    CHECK(p.exited && p.code != 0 && strstr(p.err, "time limit"), "a hung job: exit %d, stderr: %s",
          p.exited ? p.code : -1, p.err);
    proc_free(&p);
    CHECK(!process_with_arg(dir), "the stopped rank is still there");
    tmpdir_remove(dir);
}

/* ---- in the study ------------------------------------------------------------ */

/* The column of raw.csv named name, in a header of n fields. */
static int raw_col(char **fields, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(fields[i], name))
            return (int)i;
    return -1;
}

static void t_study_cells(void)
{
    char *root = tmpdir_make(), dir[PATH_MAX], path[PATH_MAX];
    REQUIRE(root, "mkdtemp");
    const char *args[] = {"--models", "mpi,multiprocess", "--workloads", "nqueens", "--splits", "dynamic",
                          "--threads", "1,2", "--nqueens-size", "8", "--reps", "1", "--values", "1", "--warmup", "1", "-q",
                          "--out", root, NULL};
    struct proc p;
    REQUIRE(run_tool("study", args, &p) == 0, "cannot run study");
    CHECK(p.exited && p.code == 0, "study exit %d: %s", p.code, p.err);
    proc_free(&p);
    char *real = realpath(path_in(path, root, "latest"), NULL);
    REQUIRE(real, "no results/latest");
    snprintf(dir, sizeof dir, "%s", real);
    free(real);
    struct csv_reader r;
    struct err e;
    int mpi_rows = 0, mp_rows = 0;
    REQUIRE(csvr_open(&r, path_in(path, dir, "raw.csv"), &e) == 0, "raw.csv: %s", e.msg);
    REQUIRE(csvr_next(&r, &e) == 1, "raw.csv has no header");
    char *head[CSVR_FIELDS_MAX], store[4096];
    size_t nh = r.nfields, used = 0;
    for (size_t i = 0; i < nh; i++) {
        head[i] = store + used;
        used += (size_t)snprintf(store + used, sizeof store - used, "%s", r.fields[i]) + 1;
    }
    const int impl = raw_col(head, nh, "impl"), status = raw_col(head, nh, "status"),
              threads = raw_col(head, nh, "threads"), launch = raw_col(head, nh, "launch_s"),
              hosts = raw_col(head, nh, "hosts"), per = raw_col(head, nh, "ranks_per_host");
    REQUIRE(impl >= 0 && status >= 0 && threads >= 0 && launch >= 0 && hosts >= 0 && per >= 0,
            "raw.csv lacks a column");
    while (csvr_next(&r, &e) == 1 && r.nfields == nh) {
        char **f = r.fields;
        CHECK(!strcmp(f[status], "ok"), "%s T=%s: status %s", f[impl], f[threads], f[status]);
        if (!strcmp(f[impl], "mpi")) {
            mpi_rows++;
            CHECK(strtod(f[launch], NULL) > 0 && !strcmp(f[hosts], "1") && !strcmp(f[per], f[threads]),
                  "mpi T=%s: launch_s '%s' hosts '%s' ranks_per_host '%s'", f[threads], f[launch], f[hosts], f[per]);
        } else {
            mp_rows++;
            CHECK(!f[launch][0] && !f[hosts][0] && !f[per][0], "multiprocess fills the mpi columns");
        }
    }
    csvr_close(&r);
    CHECK(mpi_rows == 2 && mp_rows == 2, "%d mpi and %d multiprocess rows, want 2 each", mpi_rows, mp_rows);
    json_t *meta = t_meta(dir), *mpi = json_object_get(meta, "mpi");
    json_t *as_root = json_object_get(mpi, "allow_run_as_root");
    CHECK(json_is_object(mpi) && json_is_boolean(as_root) && json_boolean_value(as_root) == (geteuid() == 0),
          "meta.json lacks the mpi object or says the wrong thing about root");
    json_decref(meta);
    tmpdir_remove(root);
}

/* A rank that aborts or hangs inside a study: a stand-in bin/mpi that
 * execs the real one with a fault. */
static void t_study_rank_faults(void)
{
    char *root = tmpdir_make(), *fake = tmpdir_make(), real[PATH_MAX], script[PATH_MAX + 128];
    REQUIRE(root && fake && study_bin(real, "mpi"), "setup");
    const struct {
        const char *fault, *status, *say;
    } cases[] = {
        {"1:ABRT", ",failed,", "process rank 1 with PID"},
        {"1:STOP", ",timeout,", "killed after the 3 s cell timeout"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        snprintf(script, sizeof script, "#!/bin/sh\nexec '%s' \"$@\" --inject-fault %s\n", real, cases[i].fault);
        fake_bin(fake, "mpi", script);
        const char *args[] = {"--bin", fake, "--models", "mpi", "--workloads", "sumsq", "--splits", "weak",
                              "--threads", "2", "--reps", "1", "--warmup", "1", "--sumsq-size", "1000",
                              "--cell-timeout", "3", "-q", "--out", root, NULL};
        struct proc p;
        REQUIRE(run_tool("study", args, &p) == 0, "cannot run study");
        CHECK(p.exited && p.code == 1, "%s: study exit %d, want 1", cases[i].fault, p.code);
        proc_free(&p);
        char path[PATH_MAX], *dir = realpath(path_in(path, root, "latest"), NULL);
        char *raw = dir ? slurp(path_in(path, dir, "raw.csv"), NULL) : NULL;
        CHECK(raw && strstr(raw, cases[i].status) && strstr(raw, cases[i].say), "%s: raw.csv does not say %s and "
              "'%s': %s", cases[i].fault, cases[i].status, cases[i].say, raw ? raw : "(none)");
        free(raw);
        free(dir);
        /* the ranks' --timeline lies under root, this test's own folder */
        CHECK(!process_with_arg(root), "%s: a rank outlived the study", cases[i].fault);
    }
    tmpdir_remove(root);
    tmpdir_remove(fake);
}

/* Bad --hosts: exit 2, one line naming the problem, nothing written. */
static void t_bad_hostfile(void)
{
    char *root = tmpdir_make(), hf[PATH_MAX], latest[PATH_MAX];
    REQUIRE(root, "mkdtemp");
    path_in(hf, root, "hosts");
    const struct {
        const char *text, *models, *say; /* text NULL: no file */
    } cases[] = {
        {NULL, "mpi", "cannot read --hosts"},
        {"node1 slots=four\n", "mpi", ":1: 'slots=four' is not slots=N"},
        {"node1 slots=0\n", "mpi", ":1: 'slots=0' is not slots=N"},
        {"# only a comment\n\n", "mpi", "names no host"},
        {"node1\nno;de2 slots=1\n", "mpi", ":2: 'no;de2' is not a host name"},
        {"node1 color=blue\n", "mpi", "unknown setting 'color=blue'"},
        {"localhost\n", "pthreads", "--hosts is for the mpi model"},
        /* a host nobody can reach: mpirun's launch fails, the study says so */
        {"nohost.invalid slots=1\n", "mpi", "mpirun could not start a process on every host"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        unlink(hf);
        if (cases[i].text)
            write_file(hf, cases[i].text);
        const char *args[] = {"--models", cases[i].models, "--hosts", hf, "--threads", "1", "--reps", "1",
                              "--cell-timeout", "60", "-q", "--out", root, NULL};
        struct proc p;
        REQUIRE(run_tool("study", args, &p) == 0, "cannot run study");
        size_t lines = 0;
        for (const char *c = p.err; *c; c++)
            lines += *c == '\n';
        CHECK(p.exited && p.code == EXIT_USAGE && lines == 1 && strstr(p.err, cases[i].say),
              "hostfile case %zu: exit %d, stderr (want one line with '%s'): %s", i, p.code, cases[i].say, p.err);
        proc_free(&p);
    }
    CHECK(!file_exists(path_in(latest, root, "latest")), "a refused study wrote results");
    tmpdir_remove(root);
}

/* ---- across network namespaces ---------------------------------------------- */

static void t_netns(void)
{
    const char *bin = getenv("STUDY_BIN");
    REQUIRE(bin && *bin, "STUDY_BIN is not set: run through `make test`");
    char *argv[] = {"tests/mpi_netns.sh", (char *)bin, NULL};
    struct proc p;
    REQUIRE(proc_run(argv, &p) == 0, "cannot run tests/mpi_netns.sh");
    if (p.exited && p.code == NETNS_SKIPPED) {
        /* never silent: the reason goes into the test log */
        printf("\n  %s", p.out);
    } else {
        CHECK(p.exited && p.code == 0 && strstr(p.out, "PASS: mpi netns test"), "mpi_netns.sh exit %d:\n%s%s",
              p.exited ? p.code : -1, p.out, p.err);
    }
    proc_free(&p);
}

static CU_TestInfo wide_tests[] = {
    {"two halves with a carry: edge cases and arrays", t_wide_carry},
    CU_TEST_INFO_NULL,
};

static CU_TestInfo run_tests[] = {
    {"sumsq past 2^64: weak, strong, T = 1..4", t_exact_sumsq},
    {"nqueens n = 1..14: rr, dynamic, T = 1..4", t_exact_nqueens},
    {"placement, timeline and launch_s", t_placement_timeline},
    {"bad input: exit 2, one message, no row", t_bad_input},
    {"a rank aborts, exits or is killed: non-zero, no hang", t_rank_aborts},
    {"a stopped rank: mpirun's --timeout ends the job", t_rank_hangs},
    CU_TEST_INFO_NULL,
};

static CU_TestInfo study_tests[] = {
    {"mpi cells beside multiprocess: launch_s, hosts, meta.json", t_study_cells},
    {"a rank aborts or hangs: failed or timeout, nothing left", t_study_rank_faults},
    {"bad --hosts: exit 2, one line, nothing written", t_bad_hostfile},
    CU_TEST_INFO_NULL,
};

static CU_TestInfo netns_tests[] = {
    {"two ranks in two network namespaces over TCP", t_netns},
    CU_TEST_INFO_NULL,
};

CU_SuiteInfo mpi_suites[] = {
    {"mpi/wide", NULL, NULL, NULL, NULL, wide_tests},
    {"mpi/run", NULL, NULL, NULL, NULL, run_tests},
    {"mpi/study", NULL, NULL, NULL, NULL, study_tests},
    {"mpi/netns", NULL, NULL, NULL, NULL, netns_tests},
    CU_SUITE_INFO_NULL,
};
