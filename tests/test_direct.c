/* test_direct.c - the direct way (impl-embedded-py/direct.c): the
 * interpreter's own executable running the workloads with threading.Thread
 * workers, end to end, one suite per interpreter of catalog.h's
 * PY_INTERP_TABLE ("direct-py <tag>", skipped or required by the one rule
 * of tests.h, as the embedded-host suites are); and the harness's side of
 * it, a run timed by the span the model measured ("harness span", no
 * Python needed).
 *
 * Each direct run is set beside the same run of the host's threading mode
 * (bin/embedded-py-<tag>), whose rows are the reference for what every
 * column means: same header, same model-independent columns, the same
 * interpreter string; the results are checked against tests/util.c's
 * reference answers, the GIL against what the interpreter itself reports
 * (t_python_gil).  No timing is asserted: only orderings that hold at any
 * speed (a worker's span within the run's, init_s > 0).
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog.h"
#include "csvread.h"
#include "harness.h"
#include "tests.h"
#include "timer.h"

/* No single run may hang the suite. */
#define RUN_TIMEOUT "120"
#define ARGS_MAX 48
#define ROWS_MAX 64
#define COLS_MAX 32

struct direct_suite {
    const char *tag;    /* the suite's name is "direct-py <tag>" */
    const char *binary; /* bin/direct-py-<binary>, bin/embedded-py-<binary>, .pythons/<binary> */
    int minor;
    const char *env;    /* PYTHON_GIL=1 for the 3.14t-gil control, else NULL */
    bool allow_gil;
};
static struct direct_suite cur;
static char cur_gil[2]; /* "0" / "1": as the interpreter reports it, started as the suite starts it */

/* ---- running the two programs ------------------------------------------------ */

/* Runs bin/<prog>-<binary> with the suite's environment, env2 (or NULL)
 * and args, under a timeout. */
static int run_prog(const char *prog, const char *env2, const char *const *args, struct proc *p)
{
    char name[64], bin[PATH_MAX];
    snprintf(name, sizeof name, "%s-%s", prog, cur.binary);
    if (!study_bin(bin, name))
        return -1;
    const char *argv[ARGS_MAX];
    size_t k = 0;
    argv[k++] = "/usr/bin/timeout";
    argv[k++] = "-s";
    argv[k++] = "KILL";
    argv[k++] = RUN_TIMEOUT;
    argv[k++] = "/usr/bin/env";
    if (cur.env)
        argv[k++] = cur.env;
    if (env2)
        argv[k++] = env2;
    argv[k++] = bin;
    if (cur.allow_gil)
        argv[k++] = "--allow-gil";
    for (; *args && k < ARGS_MAX - 1; args++)
        argv[k++] = *args;
    argv[k] = NULL;
    return proc_run((char *const *)argv, p);
}

/* ---- a CSV in memory ------------------------------------------------------------ */

struct table {
    size_t ncols, nrows;
    char *hdr[COLS_MAX];
    char *cell[ROWS_MAX][COLS_MAX];
};

static void table_free(struct table *t)
{
    for (size_t c = 0; c < t->ncols; c++)
        free(t->hdr[c]);
    for (size_t r = 0; r < t->nrows; r++)
        for (size_t c = 0; c < t->ncols; c++)
            free(t->cell[r][c]);
    *t = (struct table){0};
}

/* Reads path; false (with a failed check) when it is missing, malformed,
 * or a row's width differs from the header's. */
static bool table_read(const char *path, struct table *t)
{
    *t = (struct table){0};
    size_t len;
    char *text = slurp(path, &len);
    if (!CHECK(text, "%s: cannot read", path))
        return false;
    struct csv_reader r;
    struct err e = {0};
    bool ok = csvr_open_mem(&r, text, len, path, &e) == 0;
    int got = 0;
    while (ok && (got = csvr_next(&r, &e)) == 1) {
        if (!t->ncols) {
            ok = CHECK(r.nfields <= COLS_MAX, "%s: %zu columns", path, r.nfields);
            for (size_t c = 0; ok && c < r.nfields; c++)
                t->hdr[t->ncols++] = strdup(r.fields[c]);
            continue;
        }
        ok = CHECK(r.nfields == t->ncols, "%s: a row of %zu fields, header %zu", path, r.nfields, t->ncols) &&
             CHECK(t->nrows < ROWS_MAX, "%s: too many rows", path);
        for (size_t c = 0; ok && c < r.nfields; c++)
            t->cell[t->nrows][c] = strdup(r.fields[c]);
        t->nrows += ok;
    }
    ok = ok && CHECK(got == 0, "%s: %s", path, e.msg) && CHECK(t->ncols > 0, "%s: no header", path);
    if (r.buf || r.f)
        csvr_close(&r);
    free(text);
    return ok;
}

static const char *field(const struct table *t, size_t row, const char *name)
{
    for (size_t c = 0; c < t->ncols; c++)
        if (strcmp(t->hdr[c], name) == 0)
            return t->cell[row][c];
    CHECK(0, "no column '%s'", name);
    return "";
}

static double num(const struct table *t, size_t row, const char *name)
{
    const char *s = field(t, row, name);
    char *end;
    double v = strtod(s, &end);
    return *s && !*end ? v : NAN;
}

/* ---- the suite's tests ---------------------------------------------------------- */

static const struct {
    const char *workload, *split, *size;
    unsigned n;
} cases[] = {
    {"sumsq", "weak", "20000", 20000},
    {"sumsq", "strong", "30011", 30011},
    {"nqueens", "rr", "7", 7},
    {"nqueens", "dynamic", "7", 7},
};
#define T_MAX 3

/* Units of work a run must add up to, where they follow from the size
 * alone; 0 for dynamic (the pool's size: compared with the host's). */
static uint64_t want_units(size_t c, unsigned t)
{
    if (!strcmp(cases[c].split, "weak"))
        return (uint64_t)cases[c].n * t;
    return strcmp(cases[c].split, "dynamic") ? cases[c].n : 0;
}

/* The model-independent columns: equal in the two programs' rows. */
static const char *const same_cols[] = {"workload", "split", "size", "threads", "rep", "result", "verified", "pin"};

/* Runs one case in one program; the rows and the timeline. */
static bool run_case(const char *prog, const char *mode, size_t c, struct table *rows, struct table *tl)
{
    char *dir = tmpdir_make(), csv[PATH_MAX], tlp[PATH_MAX];
    if (!CHECK(dir, "mkdtemp"))
        return false;
    path_in(csv, dir, "out.csv");
    path_in(tlp, dir, "tl.csv");
    const char *args[] = {"--mode", mode, "-w", cases[c].workload, "-s", cases[c].split, "-n", cases[c].size,
                          "-t", "1-3", "-r", "1", "--warmup", "1", "-q", "-o", csv, "--timeline", tlp, NULL};
    struct proc p;
    bool ok = CHECK(run_prog(prog, NULL, args, &p) == 0, "cannot run %s-%s", prog, cur.binary);
    if (ok) {
        ok = CHECK(p.exited && p.code == 0, "%s-%s %s/%s: exit %d, stderr: %s", prog, cur.binary,
                   cases[c].workload, cases[c].split, p.code, p.err);
        proc_free(&p);
    }
    ok = ok && table_read(csv, rows);
    ok = ok && table_read(tlp, tl);
    tmpdir_remove(dir);
    return ok;
}

/* Checks the timeline rows of the run with T workers: one per worker,
 * units adding up, every worker's span inside the run's.  Returns the
 * units' sum. */
static uint64_t check_timeline(const struct table *tl, const char *what, unsigned t, double wall_s)
{
    uint64_t units = 0;
    unsigned seen = 0;
    for (size_t r = 0; r < tl->nrows; r++) {
        if (strtoul(field(tl, r, "threads"), NULL, 10) != t)
            continue;
        unsigned w = (unsigned)strtoul(field(tl, r, "worker"), NULL, 10);
        CHECK(w < t && !(seen & (1u << w)), "%s T=%u: worker %u repeated or out of range", what, t, w);
        seen |= 1u << w;
        units += strtoull(field(tl, r, "units"), NULL, 10);
        double start = num(tl, r, "start_s"), end = num(tl, r, "end_s"), cpu = num(tl, r, "cpu_s");
        /* Times are from the run's start; the last digit of a %.9f may
         * round either way. */
        CHECK(start >= -1e-9 && end >= start && end <= wall_s + 1e-9 && end - start <= wall_s + 1e-9,
              "%s T=%u worker %u: span [%g, %g] not within the run's wall %g", what, t, w, start, end, wall_s);
        CHECK(cpu >= 0, "%s T=%u worker %u: cpu_s %g", what, t, w, cpu);
    }
    CHECK(seen == (1u << t) - 1, "%s T=%u: timeline rows for workers %#x, want all of %u", what, t, seen, t);
    return units;
}

/* A direct run of every case, T = 1..3, beside the host's threading mode:
 * exact and verified, and column by column what the host's rows say. */
static void t_matches_host(void)
{
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        struct table d = {0}, dtl = {0}, h = {0}, htl = {0};
        char what[96], want[U128_DEC_MAX];
        snprintf(what, sizeof what, "%s %s/%s", cur.tag, cases[c].workload, cases[c].split);
        bool ok = run_case(CATALOG_DIRECT, "direct", c, &d, &dtl) && run_case(CATALOG_HOST, "threading", c, &h, &htl);
        ok = ok && CHECK(d.ncols == h.ncols, "%s: %zu columns, the host %zu", what, d.ncols, h.ncols);
        for (size_t i = 0; ok && i < d.ncols; i++)
            CHECK(!strcmp(d.hdr[i], h.hdr[i]), "%s: column %zu is '%s', the host's '%s'", what, i + 1, d.hdr[i],
                  h.hdr[i]);
        ok = ok && CHECK(d.nrows == T_MAX && h.nrows == T_MAX, "%s: %zu rows (host %zu), want %d", what, d.nrows,
                         h.nrows, T_MAX);
        u128 exact = !strcmp(cases[c].workload, "sumsq") ? ref_sumsq(cases[c].n) : oeis_a000170[cases[c].n];
        t_u128(exact, want);
        for (size_t r = 0; ok && r < d.nrows; r++) {
            const unsigned t = (unsigned)(r + 1);
            CHECK(!strcmp(field(&d, r, "threads"), field(&h, r, "threads")), "%s: row %zu's T", what, r);
            for (size_t k = 0; k < sizeof same_cols / sizeof same_cols[0]; k++)
                CHECK(!strcmp(field(&d, r, same_cols[k]), field(&h, r, same_cols[k])),
                      "%s T=%u: %s is '%s', the host's '%s'", what, t, same_cols[k], field(&d, r, same_cols[k]),
                      field(&h, r, same_cols[k]));
            CHECK(!strcmp(field(&d, r, "result"), want) && !strcmp(field(&d, r, "verified"), "1"),
                  "%s T=%u: result %s verified %s, want %s", what, t, field(&d, r, "result"),
                  field(&d, r, "verified"), want);
            CHECK(!strcmp(field(&d, r, "model"), CATALOG_DIRECT) && !strcmp(field(&d, r, "mode"), "direct"),
                  "%s T=%u: model '%s' mode '%s'", what, t, field(&d, r, "model"), field(&d, r, "mode"));
            CHECK(*field(&d, r, "interpreter") && !strcmp(field(&d, r, "interpreter"), field(&h, r, "interpreter")),
                  "%s T=%u: interpreter '%s', the host's '%s'", what, t, field(&d, r, "interpreter"),
                  field(&h, r, "interpreter"));
            CHECK(!strcmp(field(&d, r, "gil_enabled"), cur_gil), "%s T=%u: gil_enabled %s, the interpreter says %s",
                  what, t, field(&d, r, "gil_enabled"), cur_gil);
            CHECK(!strcmp(field(&d, r, "py_env"), field(&h, r, "py_env")) &&
                      !strcmp(field(&d, r, "py_env"), cur.env ? cur.env : ""),
                  "%s T=%u: py_env '%s', the host's '%s'", what, t, field(&d, r, "py_env"), field(&h, r, "py_env"));
            const double wall = num(&d, r, "wall_s"), spawn = num(&d, r, "spawn_s"), init = num(&d, r, "init_s");
            CHECK(wall > 0 && spawn >= 0 && spawn <= wall && init > 0, "%s T=%u: wall %g spawn %g init %g", what, t,
                  wall, spawn, init);
            CHECK(num(&d, r, "user_s") >= 0 && num(&d, r, "sys_s") >= 0 && num(&d, r, "maxrss_kib") > 0,
                  "%s T=%u: user %s sys %s maxrss %s", what, t, field(&d, r, "user_s"), field(&d, r, "sys_s"),
                  field(&d, r, "maxrss_kib"));
            for (const char *const *col = (const char *const[]){"launch_s", "hosts", "ranks_per_host", NULL}; *col;
                 col++)
                CHECK(!*field(&d, r, *col), "%s T=%u: %s is '%s', want empty", what, t, *col, field(&d, r, *col));
            const uint64_t du = check_timeline(&dtl, what, t, wall);
            const uint64_t hu = check_timeline(&htl, "host", t, num(&h, r, "wall_s"));
            const uint64_t wu = want_units(c, t);
            CHECK(du == hu && (wu ? du == wu : du > 0), "%s T=%u: units %llu, the host's %llu, want %llu", what, t,
                  (unsigned long long)du, (unsigned long long)hu, (unsigned long long)wu);
        }
        table_free(&d), table_free(&dtl), table_free(&h), table_free(&htl);
    }
}

/* One line on stderr that starts with the program's name. */
static size_t reason_lines(const char *err)
{
    size_t n = 0;
    for (const char *l = err; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
        n += strncmp(l, CATALOG_DIRECT ": ", strlen(CATALOG_DIRECT) + 2) == 0;
    return n;
}

/* An exception in a worker (the host's fault injection): the run fails,
 * exit 1, the worker's traceback and one reason line. */
static void t_worker_exception(void)
{
    const char *args[] = {"-n", "50000", "-t", "3", "-r", "2", "-q", "--inject-fault", "1:0", NULL};
    struct proc p;
    REQUIRE(run_prog(CATALOG_DIRECT, NULL, args, &p) == 0, "cannot run the direct binary");
    CHECK(p.exited && p.code == 1, "%s: want exit 1, got exited=%d code=%d signaled=%d", cur.tag, p.exited, p.code,
          p.signaled);
    CHECK(strstr(p.err, "Traceback") && strstr(p.err, "injected fault in worker 1"),
          "%s: no traceback naming worker 1 on stderr: %s", cur.tag, p.err);
    CHECK(reason_lines(p.err) == 1 && strstr(p.err, CATALOG_DIRECT ": a worker failed"),
          "%s: want one reason line, got: %s", cur.tag, p.err);
    proc_free(&p);
}

/* The python process dying in a run (a worker ends it: os._exit) fails
 * the run with how it ended, exit 1, one reason line. */
static void t_python_dies(void)
{
    char *dir = tmpdir_make(), path[PATH_MAX], imp[PATH_MAX + 32];
    REQUIRE(dir, "mkdtemp");
    write_file(path_in(path, dir, "directexit.py"), "import os\nos._exit(7)\n");
    snprintf(imp, sizeof imp, "STUDY_WORKER_IMPORT=%s:directexit", dir);
    const char *args[] = {"-n", "1000", "-t", "2", "-r", "1", "-q", NULL};
    struct proc p;
    if (CHECK(run_prog(CATALOG_DIRECT, imp, args, &p) == 0, "cannot run the direct binary")) {
        CHECK(p.exited && p.code == 1 && reason_lines(p.err) == 1 &&
                  strstr(p.err, "the python process exited with status 7 in the middle of a run"),
              "%s: want exit 1 naming status 7, got exit %d: %s", cur.tag, p.code, p.err);
        proc_free(&p);
    }
    tmpdir_remove(dir);
}

static void expect_refusal(const char *env, const char *const *args, const char *what)
{
    struct proc p;
    REQUIRE(run_prog(CATALOG_DIRECT, env, args, &p) == 0, "cannot run the direct binary");
    size_t lines = 0;
    for (const char *c = p.err; *c; c++)
        lines += *c == '\n';
    CHECK(p.exited && p.code == 2, "%s %s: want exit 2, got %d (%s)", cur.tag, what, p.code, p.err);
    CHECK(lines == 1 && reason_lines(p.err) == 1 && p.out_len == 0,
          "%s %s: want one line on stderr and nothing on stdout, got: %s", cur.tag, what, p.err);
    proc_free(&p);
}

/* Refused up front, by the host's rules: exit 2, one line, no rows. */
static void t_refusals(void)
{
    const char *host_mode[] = {"--mode", "threading", NULL};
    expect_refusal(NULL, host_mode, "--mode threading (a host mode)");
    const char *sig[] = {"-t", "2", "--inject-fault", "1:KILL", NULL};
    expect_refusal(NULL, sig, "a signal into a thread");
    char *dir = tmpdir_make(), samples[PATH_MAX];
    REQUIRE(dir, "mkdtemp");
    const char *sample[] = {"-t", "2", "-r", "1", "--sample-cpu", path_in(samples, dir, "s.csv"), NULL};
    expect_refusal(NULL, sample, "--sample-cpu (workers in another process)");
    CHECK(!file_exists(samples), "%s: --sample-cpu refused but %s was written", cur.tag, samples);
    tmpdir_remove(dir);
    const char *small[] = {"-n", "1000", "-t", "2", "-r", "1", "-q", NULL};
    char longv[64];
    snprintf(longv, sizeof longv, "PYTHON_GIL=%040d", 1);
    expect_refusal(longv, small, "a PYTHON_GIL too long");
    if (strchr(cur.binary, 't') && !cur.env) {
        /* The GIL forced on in a free-threaded build, refused as the host
         * refuses it... */
        expect_refusal("PYTHON_GIL=1", small, "PYTHON_GIL=1 without --allow-gil");
        /* ...a value the interpreter itself rejects, in one line... */
        expect_refusal("PYTHON_GIL=7", small, "PYTHON_GIL=7");
        /* ...and measured, recorded, with --allow-gil. */
        const char *allow[] = {"-n", "1000", "-t", "2", "-r", "1", "-q", "--allow-gil", NULL};
        struct proc p;
        REQUIRE(run_prog(CATALOG_DIRECT, "PYTHON_GIL=1", allow, &p) == 0, "cannot run the direct binary");
        CHECK(p.exited && p.code == 0, "%s --allow-gil: exit %d: %s", cur.tag, p.code, p.err);
        CHECK(strstr(p.out, ",direct,1,") && strstr(p.out, "PYTHON_GIL=1"),
              "%s --allow-gil: want gil_enabled=1 and PYTHON_GIL=1 recorded: %s", cur.tag, p.out);
        proc_free(&p);
    } else if (!strchr(cur.binary, 't') && cur.minor >= 13) {
        expect_refusal("PYTHON_GIL=0", small, "PYTHON_GIL=0 on a GIL build");
    }
}

/* Imported by every worker (STUDY_WORKER_IMPORT, once per process), it
 * writes: its executable, its parent's, whether Python runs isolated, the
 * -X options, where study_workloads came from, and whether _studyhost is
 * the plain python's stand-in. */
static const char probe_py[] =
    "import os, sys\n"
    "sw = sys.modules['study_workloads']\n"
    "line = '%s %s %d %s %s %d\\n' % (os.path.realpath('/proc/self/exe'),\n"
    "    os.path.realpath('/proc/%d/exe' % os.getppid()), sys.flags.isolated,\n"
    "    ','.join('%s=%s' % kv for kv in sorted(sys._xoptions.items())) or '-', sw.__file__,\n"
    "    isinstance(sw._studyhost, sw._FreshChild))\n"
    "with open(os.environ['STUDY_PROBE_OUT'], 'a') as f:\n"
    "    f.write(line)\n";

/* The workers run in the interpreter's own executable, a child of the
 * direct binary, isolated, with the host's copy of the workloads. */
static void t_own_executable(void)
{
    char *dir = tmpdir_make(), *text = NULL, path[PATH_MAX], imp[PATH_MAX + 32], out[PATH_MAX + 32];
    REQUIRE(dir, "mkdtemp");
    write_file(path_in(path, dir, "directprobe.py"), probe_py);
    snprintf(imp, sizeof imp, "STUDY_WORKER_IMPORT=%s:directprobe", dir);
    snprintf(out, sizeof out, "STUDY_PROBE_OUT=%s/probe.txt", dir);
    char name[64], bin[PATH_MAX], bin_real[PATH_MAX], py[PATH_MAX], py_real[PATH_MAX];
    snprintf(name, sizeof name, "%s-%s", CATALOG_DIRECT, cur.binary);
    t_python_path(cur.binary, py);
    REQUIRE_OR(done, study_bin(bin, name) && realpath(bin, bin_real) && realpath(py, py_real),
               "%s: the direct binary or %s", cur.tag, py);
    /* Two variables: the import through env(1), the output inherited. */
    const char *args[] = {"-w", "nqueens", "-s", "rr", "-n", "6", "-t", "2", "-r", "1", "--warmup", "0", "-q", NULL};
    setenv("STUDY_PROBE_OUT", out + strlen("STUDY_PROBE_OUT="), 1);
    struct proc p;
    int rc = run_prog(CATALOG_DIRECT, imp, args, &p);
    unsetenv("STUDY_PROBE_OUT");
    REQUIRE_OR(done, rc == 0, "cannot run the direct binary");
    CHECK(p.exited && p.code == 0, "%s: exit %d: %s", cur.tag, p.code, p.err);
    proc_free(&p);
    text = slurp(path_in(path, dir, "probe.txt"), NULL);
    char exe[PATH_MAX], parent[PATH_MAX], xopts[128], file[PATH_MAX];
    int isolated = -1, fresh = -1;
    REQUIRE_OR(done, text && sscanf(text, "%4095s %4095s %d %127s %4095s %d", exe, parent, &isolated, xopts, file,
                                    &fresh) == 6,
               "%s: probe output '%s'", cur.tag, text ? text : "(none)");
    CHECK(!strchr(text, '\n') || !strchr(strchr(text, '\n') + 1, '\n'), "%s: the probe ran in more than one process: %s",
          cur.tag, text);
    CHECK(!strcmp(exe, py_real), "%s: workers ran in %s, want the interpreter's executable %s", cur.tag, exe, py_real);
    CHECK(!strcmp(parent, bin_real), "%s: the python's parent is %s, want %s", cur.tag, parent, bin_real);
    CHECK(isolated == 1, "%s: python not started with -I", cur.tag);
    CHECK(!strcmp(xopts, cur.env ? "gil=1" : "-"), "%s: -X options '%s'", cur.tag, xopts);
    CHECK(!strcmp(file, "impl-embedded-py/study_workloads.py") && fresh == 1,
          "%s: study_workloads from '%s', _studyhost stand-in %d: want the compiled-in copy and _FreshChild", cur.tag,
          file, fresh);
done:
    free(text);
    tmpdir_remove(dir);
}

static CU_TestInfo direct_tests[] = {
    {"both workloads, every split, T=1..3: exact, and the host's rows column by column", t_matches_host},
    {"an exception in a worker fails the run", t_worker_exception},
    {"the python process dying in a run is named", t_python_dies},
    {"up-front refusals exit 2 with one line", t_refusals},
    {"the workers run in the interpreter's own executable", t_own_executable},
    CU_TEST_INFO_NULL,
};

static int suite_init(int fam)
{
    const struct family_desc *f = &catalog_families[fam];
    cur = (struct direct_suite){f->tag, catalog_families[f->runs].tag, f->minor, f->gil_on ? PY_GIL_ON_ENV : NULL,
                                f->gil_on};
    int gil = t_python_gil_of("direct-py", cur.tag, cur.binary, cur.env);
    if (gil < 0)
        return 1;
    cur_gil[0] = gil ? '1' : '0';
    return 0;
}

#define SUITE_INIT(id, ...)                                                    \
    static int init_##id(void)                                                 \
    {                                                                          \
        return suite_init(id);                                                 \
    }
PY_INTERP_TABLE(SUITE_INIT)
#undef SUITE_INIT

/* ---- the harness's side: a run timed by the model's own span ------------------- */

/* What the fake model reported, for the checks. */
static struct {
    double enter, span0, span1;
    bool outside; /* report a span that begins before the run did */
} fake;

/* A model whose work "ran elsewhere": it reports a span strictly inside
 * its own call (each reading waits for the clock to move, so the harness's
 * readings around it differ from the span whatever the clock's speed), and
 * resource figures no process of this test could have used. */
static int span_run(void *state, const struct job *job, struct worker_result *slots, struct child_usage *kids,
                    struct err *e)
{
    (void)state, (void)e;
    fake.enter = timer_now_s();
    while ((fake.span0 = timer_now_s()) <= fake.enter)
        ;
    for (unsigned w = 0; w < job->threads; w++)
        slots[w] = (struct worker_result){.value = workload_exact(job->workload, job->size), .units = job->size,
                                          .start_s = fake.span0, .end_s = fake.span0, .done = 1};
    while ((fake.span1 = timer_now_s()) <= fake.span0)
        ;
    while (timer_now_s() <= fake.span1)
        ;
    kids->span_start_s = fake.outside ? fake.enter - 1.0 : fake.span0;
    kids->span_end_s = fake.span1;
    kids->user_s = 1234.5;
    kids->sys_s = 67.25;
    kids->maxrss_kib = 424242;
    kids->vol_ctx = 777;
    kids->invol_ctx = 888;
    return 0;
}

static const struct model span_model = {.name = "span", .run = span_run};

static int span_once(bool outside, struct run_stats *st, struct err *e)
{
    struct job job = {.workload = WL_SUMSQ, .split = SPLIT_WEAK, .size = 1000, .threads = 2, .fault_worker = -1};
    struct worker_result *slots = harness_slots(job.threads);
    if (!slots)
        return -2;
    fake.outside = outside;
    int rc = harness_run(&span_model, NULL, &job, slots, st, e);
    free(slots);
    return rc;
}

static void t_span_used(void)
{
    struct run_stats st;
    struct err e = {0};
    REQUIRE(span_once(false, &st, &e) == 0, "harness_run: %s", e.msg);
    CHECK(st.verified == 1, "the span model's run is not verified: %s", st.why);
    CHECK(st.start_s == fake.span0 && st.wall_s == fake.span1 - fake.span0,
          "start %.9f wall %.9f, want the model's span %.9f + %.9f (the harness's own reading began %.9f earlier)",
          st.start_s, st.wall_s, fake.span0, fake.span1 - fake.span0, fake.span0 - st.start_s);
    CHECK(st.spawn_s == 0, "spawn_s %.9f: the workers began at the span's start", st.spawn_s);
    CHECK(st.user_s == 1234.5 && st.sys_s == 67.25 && st.maxrss_kib == 424242 && st.vol_ctx == 777 &&
              st.invol_ctx == 888,
          "resources %g %g %ld %ld %ld: want the model's process's alone", st.user_s, st.sys_s, st.maxrss_kib,
          st.vol_ctx, st.invol_ctx);
}

static void t_span_outside(void)
{
    struct run_stats st;
    struct err e = {0};
    CHECK(span_once(true, &st, &e) == -1 && e.code == EXIT_RUN_FAILED && strstr(e.msg, "not within"),
          "a span that began before the run: want a failed run, got code %d '%s'", e.code, e.msg);
}

static CU_TestInfo span_tests[] = {
    {"wall time and resources from the model's span", t_span_used},
    {"a span outside the harness's readings fails the run", t_span_outside},
    CU_TEST_INFO_NULL,
};

#define SUITE_ROW(id, tag, ...) {"direct-py " tag, init_##id, NULL, NULL, NULL, direct_tests},
CU_SuiteInfo direct_suites[] = {
    PY_INTERP_TABLE(SUITE_ROW)
    CU_SUITE_INFO_NULL,
};
#undef SUITE_ROW

CU_SuiteInfo span_suites[] = {
    {"harness span", NULL, NULL, NULL, NULL, span_tests},
    CU_SUITE_INFO_NULL,
};
