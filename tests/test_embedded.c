/* test_embedded.c - the embedded-CPython host, end to end: one suite per
 * interpreter (3.12, 3.14, 3.14t), each running the real binary
 * bin/embedded-py-<tag> in every mode.
 *
 * An interpreter that is really absent makes its suite inactive with one
 * printed line, "SKIP suite '...': no Python <tag> ..." (CUnit counts it as
 * inactive, not as passed).  Under CI=true, or where STUDY_REQUIRE_PYTHONS
 * lists its tag, its absence is one failed line instead (tests.h: the one
 * rule for every test that needs an interpreter).
 *
 * What the GIL should be in the workers is read from the interpreter
 * itself (t_python_gil), never inferred from the tag or written into the
 * workload script. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests.h"

/* No single host run may hang the suite. */
#define RUN_TIMEOUT "120"
#define FIELDS_MAX 64

static const char *const modes[] = {"threading", "cthreads", "subinterp", "multiprocessing"};
#define NMODES (sizeof modes / sizeof modes[0])

/* "0" / "1": the GIL as the suite's interpreter reports it (suite_init). */
static char cur_gil[2];

/* The workloads each mode is checked on: small, but every split. */
static const struct {
    const char *workload, *split, *size;
    unsigned n;      /* for the expected result */
} cases[] = {
    {"sumsq", "weak", "20000", 20000},
    {"sumsq", "strong", "30011", 30011},
    {"nqueens", "rr", "7", 7},
    {"nqueens", "dynamic", "7", 7},
};

/* "3.14t" when the binary of that tag was built (STUDY_PY_TAGS). */
static bool tag_built(const char *tag)
{
    const char *tags = getenv("STUDY_PY_TAGS");
    if (!tags)
        return false;
    char buf[256];
    snprintf(buf, sizeof buf, " %s ", tags);
    char want[32];
    snprintf(want, sizeof want, " %s ", tag);
    return strstr(buf, want) != NULL;
}

/* Runs bin/embedded-py-<tag> with an optional VAR=value, under a timeout. */
static int run_host(const char *tag, const char *env, const char *const *args, struct proc *p)
{
    char bin[PATH_MAX], model[32];
    snprintf(model, sizeof model, "embedded-py-%s", tag);
    if (!study_bin(bin, model))
        return -1;
    const char *argv[FIELDS_MAX];
    size_t k = 0;
    argv[k++] = "/usr/bin/timeout";
    argv[k++] = "-s";
    argv[k++] = "KILL";
    argv[k++] = RUN_TIMEOUT;
    argv[k++] = "/usr/bin/env";
    if (env)
        argv[k++] = env;
    argv[k++] = bin;
    for (; *args && k < FIELDS_MAX - 1; args++)
        argv[k++] = *args;
    argv[k] = NULL;
    return proc_run((char *const *)argv, p);
}

/* Splits one CSV line (no quoted fields: the host writes none here) into
 * fields; returns the count.  line is modified. */
static size_t split_line(char *line, char **f)
{
    size_t n = 0;
    line[strcspn(line, "\r\n")] = '\0';
    for (char *p = line; n < FIELDS_MAX;) {
        f[n++] = p;
        char *c = strchr(p, ',');
        if (!c)
            break;
        *c = '\0';
        p = c + 1;
    }
    return n;
}

static int col(char **hdr, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(hdr[i], name) == 0)
            return (int)i;
    return -1;
}

/* Checks every data row of the CSV text: verified, exact result, the mode,
 * the interpreter's version prefix, and the GIL as the build predicts.
 * Returns the number of rows. */
static unsigned check_rows(const char *tag, const char *mode, char *text, const char *want_result)
{
    char *save, *line = strtok_r(text, "\n", &save);
    char *hdr[FIELDS_MAX], *f[FIELDS_MAX];
    if (!CHECK(line, "%s/%s: no CSV header", tag, mode))
        return 0;
    size_t nh = split_line(line, hdr);
    int c_ver = col(hdr, nh, "verified"), c_res = col(hdr, nh, "result"), c_mode = col(hdr, nh, "mode"),
        c_int = col(hdr, nh, "interpreter"), c_gil = col(hdr, nh, "gil_enabled");
    if (!CHECK(c_ver >= 0 && c_res >= 0 && c_mode >= 0 && c_int >= 0 && c_gil >= 0,
               "%s: CSV header lacks a column", tag))
        return 0;
    const char *want_gil = cur_gil;
    char version[16];
    snprintf(version, sizeof version, "%.4s.", tag); /* "3.12." / "3.14." */
    unsigned rows = 0;
    while ((line = strtok_r(NULL, "\n", &save))) {
        size_t n = split_line(line, f);
        if (!CHECK(n == nh, "%s/%s: row has %zu fields, header %zu", tag, mode, n, nh))
            continue;
        rows++;
        CHECK(strcmp(f[c_ver], "1") == 0, "%s/%s: verified=%s", tag, mode, f[c_ver]);
        CHECK(strcmp(f[c_res], want_result) == 0, "%s/%s: result %s, want %s", tag, mode, f[c_res], want_result);
        CHECK(strcmp(f[c_mode], mode) == 0, "%s: mode column %s, want %s", tag, f[c_mode], mode);
        CHECK(strncmp(f[c_int], version, strlen(version)) == 0 &&
                  (strchr(tag, 't') != NULL) == (f[c_int][strlen(f[c_int]) - 1] == 't'),
              "%s: interpreter column %s", tag, f[c_int]);
        CHECK(strcmp(f[c_gil], want_gil) == 0, "%s/%s: gil_enabled=%s, want %s", tag, mode, f[c_gil], want_gil);
    }
    return rows;
}

/* ---- the tests, parameterised by the suite's tag ------------------------ */

static const char *cur_tag; /* set by each suite's init */

static void t_results_every_mode(void)
{
    for (size_t m = 0; m < NMODES; m++)
        for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
            char *dir = tmpdir_make(), csv[PATH_MAX];
            REQUIRE(dir, "mkdtemp");
            path_in(csv, dir, "out.csv");
            const char *args[] = {"--mode", modes[m], "-w", cases[c].workload, "-s", cases[c].split,
                                  "-n", cases[c].size, "-t", "1-4", "-r", "1", "--warmup", "0",
                                  "-q", "-o", csv, NULL};
            struct proc p;
            if (CHECK(run_host(cur_tag, NULL, args, &p) == 0, "cannot run the %s host", cur_tag)) {
                CHECK(p.exited && p.code == 0, "%s %s %s/%s: exit %d, stderr: %s", cur_tag, modes[m],
                      cases[c].workload, cases[c].split, p.code, p.err);
                char *text = slurp(csv, NULL), want[U128_DEC_MAX];
                u128 exact = strcmp(cases[c].workload, "sumsq") == 0 ? ref_sumsq(cases[c].n)
                                                                      : oeis_a000170[cases[c].n];
                if (CHECK(text, "%s %s: no CSV written", cur_tag, modes[m]))
                    CHECK(check_rows(cur_tag, modes[m], text, t_u128(exact, want)) == 4,
                          "%s %s %s/%s: want 4 rows (T=1..4)", cur_tag, modes[m], cases[c].workload,
                          cases[c].split);
                free(text);
                proc_free(&p);
            }
            tmpdir_remove(dir);
        }
}

/* An exception in one worker fails the run in every mode: traceback on
 * stderr, non-zero exit, no hang (the timeout would kill it: signaled). */
static void t_worker_exception(void)
{
    for (size_t m = 0; m < NMODES; m++) {
        const char *args[] = {"--mode", modes[m], "-n", "50000", "-t", "3", "-r", "2", "-q",
                              "--inject-fault", "1:0", NULL};
        struct proc p;
        REQUIRE(run_host(cur_tag, NULL, args, &p) == 0, "cannot run the host");
        CHECK(p.exited && p.code == 1, "%s %s: want exit 1, got exited=%d code=%d signaled=%d", cur_tag,
              modes[m], p.exited, p.code, p.signaled);
        CHECK(strstr(p.err, "Traceback") && strstr(p.err, "injected fault in worker 1"),
              "%s %s: no traceback naming worker 1 on stderr: %s", cur_tag, modes[m], p.err);
        proc_free(&p);
    }
}

/* A forked Python worker killed by a signal: named, exit 1. */
static void t_multiprocessing_child_killed(void)
{
    const char *args[] = {"--mode", "multiprocessing", "-n", "50000", "-t", "4", "-r", "1", "-q",
                          "--inject-fault", "2:KILL", NULL};
    struct proc p;
    REQUIRE(run_host(cur_tag, NULL, args, &p) == 0, "cannot run the host");
    CHECK(p.exited && p.code == 1, "%s: want exit 1, got %d", cur_tag, p.code);
    CHECK(strstr(p.err, "worker 2") && strstr(p.err, "SIGKILL"), "%s: stderr: %s", cur_tag, p.err);
    proc_free(&p);
}

static void expect_usage_error(const char *env, const char *const *args, const char *what)
{
    struct proc p;
    REQUIRE(run_host(cur_tag, env, args, &p) == 0, "cannot run the host");
    size_t lines = 0;
    for (const char *c = p.err; *c; c++)
        lines += *c == '\n';
    CHECK(p.exited && p.code == 2, "%s %s: want exit 2, got %d (%s)", cur_tag, what, p.code, p.err);
    CHECK(lines == 1 && p.out_len == 0, "%s %s: want one line on stderr and nothing on stdout, got: %s",
          cur_tag, what, p.err);
    proc_free(&p);
}

static void t_refusals(void)
{
    const char *bad_mode[] = {"--mode", "greenlets", NULL};
    expect_usage_error(NULL, bad_mode, "unknown mode");
    const char *sig_thread[] = {"--mode", "threading", "-t", "2", "--inject-fault", "1:KILL", NULL};
    expect_usage_error(NULL, sig_thread, "signal into a thread");
    const char *small[] = {"-n", "1000", "-t", "2", "-r", "1", "-q", NULL};
    if (strcmp(cur_tag, "3.14t") == 0) {
        /* The GIL forced on in a free-threaded build: refused up front... */
        expect_usage_error("PYTHON_GIL=1", small, "PYTHON_GIL=1 without --allow-gil");
        /* ...and measured, flagged, with --allow-gil. */
        const char *allow[] = {"-n", "1000", "-t", "2", "-r", "1", "-q", "--allow-gil", NULL};
        struct proc p;
        REQUIRE(run_host(cur_tag, "PYTHON_GIL=1", allow, &p) == 0, "cannot run the host");
        CHECK(p.exited && p.code == 0, "--allow-gil: exit %d: %s", p.code, p.err);
        CHECK(strstr(p.out, ",threading,1,") && strstr(p.out, "PYTHON_GIL=1"),
              "--allow-gil: want gil_enabled=1 and PYTHON_GIL=1 recorded: %s", p.out);
        proc_free(&p);
    } else if (strcmp(cur_tag, "3.14") == 0) {
        expect_usage_error("PYTHON_GIL=0", small, "PYTHON_GIL=0 on a GIL build");
    }
}

/* Many repetitions in one process: new threads and sub-interpreters each
 * time, all verified. */
static void t_repetitions(void)
{
    for (size_t m = 0; m < NMODES; m++) {
        const char *args[] = {"--mode", modes[m], "-w", "nqueens", "-s", "dynamic", "-n", "6", "-t", "3",
                              "-r", "6", "--warmup", "1", "-q", NULL};
        struct proc p;
        REQUIRE(run_host(cur_tag, NULL, args, &p) == 0, "cannot run the host");
        CHECK(p.exited && p.code == 0, "%s %s: exit %d: %s", cur_tag, modes[m], p.code, p.err);
        char want[U128_DEC_MAX];
        CHECK(check_rows(cur_tag, modes[m], p.out, t_u128(oeis_a000170[6], want)) == 6,
              "%s %s: want 6 verified rows", cur_tag, modes[m]);
        proc_free(&p);
    }
}

static CU_TestInfo host_tests[] = {
    {"results in every mode, T=1..4, gil_enabled", t_results_every_mode},
    {"an exception in a worker fails the run", t_worker_exception},
    {"a killed multiprocessing child is named", t_multiprocessing_child_killed},
    {"up-front refusals exit 2 with one line", t_refusals},
    {"repetitions in one process", t_repetitions},
    CU_TEST_INFO_NULL,
};

/* The suite's tag, and the GIL its workers must report: what the
 * interpreter itself says (a suite whose interpreter cannot be asked fails
 * to initialise, which CUnit reports). */
static int suite_init(const char *tag)
{
    char py[PATH_MAX];
    cur_tag = tag;
    const char *dir = getenv("PYTHONS_DIR");
    snprintf(py, sizeof py, "%s/%s", dir && *dir ? dir : ".pythons", tag);
    int gil = t_python_gil(py, NULL);
    if (gil < 0) {
        printf("\nembedded-py %s: cannot ask %s whether it has a GIL\n", tag, py);
        return 1;
    }
    cur_gil[0] = gil ? '1' : '0';
    return 0;
}

#define SUITE_INIT(name, tag)                                                  \
    static int name(void)                                                      \
    {                                                                          \
        return suite_init(tag);                                                \
    }
SUITE_INIT(init_312, "3.12")
SUITE_INIT(init_314, "3.14")
SUITE_INIT(init_314t, "3.14t")

CU_SuiteInfo embedded_suites[] = {
    {"embedded-py 3.12", init_312, NULL, NULL, NULL, host_tests},
    {"embedded-py 3.14", init_314, NULL, NULL, NULL, host_tests},
    {"embedded-py 3.14t", init_314t, NULL, NULL, NULL, host_tests},
    CU_SUITE_INFO_NULL,
};

const char *embedded_skip_reason(const char *suite, bool *required)
{
    const char *tag = strrchr(suite, ' ') + 1;
    *required = t_python_required(tag);
    if (tag_built(tag))
        return NULL;
    static char why[256];
    snprintf(why, sizeof why, "no Python %s found or built (run `make pythons`, or set PY%s=...)", tag,
             strcmp(tag, "3.12") == 0 ? "312" : strcmp(tag, "3.14") == 0 ? "314" : "314T");
    return why;
}
