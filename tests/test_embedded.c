/* test_embedded.c - the embedded-CPython host, end to end: one suite per
 * interpreter (3.12, 3.13t, 3.14, 3.14t, and 3.14t with its GIL switched on
 * at start-up), each running the real binary bin/embedded-py-<tag> in every
 * Python mode of common/catalog.h that its Python has, and checking that the ones
 * it lacks are refused by name.
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

#include "catalog.h"
#include "tests.h"

/* No single host run may hang the suite. */
#define RUN_TIMEOUT "120"
#define FIELDS_MAX 64
#define ENVS_MAX 4

/* The interpreters of catalog.h's PY_INTERP_TABLE, one suite each. */
struct py_suite {
    const char *tag;     /* the suite's name is "embedded-py <tag>" */
    const char *binary;  /* bin/embedded-py-<binary>, .pythons/<binary> */
    int minor;           /* Python 3.<minor> */
    const char *env;     /* set for every run, or NULL */
    bool allow_gil;      /* --allow-gil on every run */
    bool optional;       /* provided only by make pythons WITH=<tag> */
};
/* The GIL every worker must report is not here: suite_init asks the
 * interpreter. */
static struct py_suite suite_of(int fam)
{
    const struct family_desc *f = &catalog_families[fam];
    return (struct py_suite){f->tag, catalog_families[f->runs].tag, f->minor, f->gil_on ? PY_GIL_ON_ENV : NULL,
                             f->gil_on, f->optional};
}
static struct py_suite cur_suite;

/* The host's Python modes, in the table's order (not direct: that is the
 * interpreter's own executable, test_direct.c). */
static size_t modes[MODE_COUNT];
static size_t nmodes;
#define NMODES nmodes

static void modes_init(void)
{
    nmodes = 0;
    for (size_t m = 0; m < MODE_OTHER; m++)
        if (catalog_modes[m].python && !strcmp(catalog_modes[m].binary, CATALOG_HOST))
            modes[nmodes++] = m;
}
#define MODE_OF(m) (&catalog_modes[modes[m]])

static const struct py_suite *cur = &cur_suite; /* set by each suite's init */

static bool has_mode(size_t m)
{
    return MODE_OF(m)->major < 3 || (MODE_OF(m)->major == 3 && MODE_OF(m)->minor <= cur->minor);
}

static bool is_mp(size_t m)
{
    return strncmp(MODE_OF(m)->name, "mp-", 3) == 0;
}

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

/* A tag such as 3.14t, when the binary of that tag was built (STUDY_PY_TAGS). */
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

static char *host_path(char *buf)
{
    char model[32];
    snprintf(model, sizeof model, "embedded-py-%s", cur->binary);
    return study_bin(buf, model);
}

/* Runs the suite's host with its environment plus env[] (NULL-ended, or
 * NULL), under a timeout. */
static int run_host_env(const char *const *env, const char *const *args, struct proc *p)
{
    char bin[PATH_MAX];
    if (!host_path(bin))
        return -1;
    const char *argv[FIELDS_MAX];
    size_t k = 0;
    argv[k++] = "/usr/bin/timeout";
    argv[k++] = "-s";
    argv[k++] = "KILL";
    argv[k++] = RUN_TIMEOUT;
    argv[k++] = "/usr/bin/env";
    if (cur->env)
        argv[k++] = cur->env;
    for (size_t i = 0; env && env[i] && i < ENVS_MAX; i++)
        argv[k++] = env[i];
    argv[k++] = bin;
    if (cur->allow_gil)
        argv[k++] = "--allow-gil";
    for (; *args && k < FIELDS_MAX - 1; args++)
        argv[k++] = *args;
    argv[k] = NULL;
    return proc_run((char *const *)argv, p);
}

static int run_host(const char *env, const char *const *args, struct proc *p)
{
    const char *envs[] = {env, NULL};
    return run_host_env(envs, args, p);
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
 * the interpreter's version, the GIL the suite predicts, and the suite's
 * environment recorded in py_env.  Returns the number of rows. */
static unsigned check_rows(const char *mode, char *text, const char *want_result)
{
    const char *tag = cur->tag;
    char *save, *line = strtok_r(text, "\n", &save);
    char *hdr[FIELDS_MAX], *f[FIELDS_MAX];
    if (!CHECK(line, "%s/%s: no CSV header", tag, mode))
        return 0;
    size_t nh = split_line(line, hdr);
    int c_ver = col(hdr, nh, "verified"), c_res = col(hdr, nh, "result"), c_mode = col(hdr, nh, "mode"),
        c_int = col(hdr, nh, "interpreter"), c_gil = col(hdr, nh, "gil_enabled"), c_env = col(hdr, nh, "py_env");
    if (!CHECK(c_ver >= 0 && c_res >= 0 && c_mode >= 0 && c_int >= 0 && c_gil >= 0 && c_env >= 0,
               "%s: CSV header lacks a column", tag))
        return 0;
    const char *want_gil = cur_gil;
    char version[16];
    snprintf(version, sizeof version, "3.%d.", cur->minor);
    const bool ft = strchr(cur->binary, 't') != NULL;
    unsigned rows = 0;
    while ((line = strtok_r(NULL, "\n", &save))) {
        size_t n = split_line(line, f);
        if (!CHECK(n == nh, "%s/%s: row has %zu fields, header %zu", tag, mode, n, nh))
            continue;
        rows++;
        CHECK(strcmp(f[c_ver], "1") == 0, "%s/%s: verified=%s", tag, mode, f[c_ver]);
        CHECK(strcmp(f[c_res], want_result) == 0, "%s/%s: result %s, want %s", tag, mode, f[c_res], want_result);
        CHECK(strcmp(f[c_mode], mode) == 0, "%s: mode column %s, want %s", tag, f[c_mode], mode);
        CHECK(strncmp(f[c_int], version, strlen(version)) == 0 && *f[c_int] &&
                  ft == (f[c_int][strlen(f[c_int]) - 1] == 't'),
              "%s: interpreter column %s", tag, f[c_int]);
        CHECK(strcmp(f[c_gil], want_gil) == 0, "%s/%s: gil_enabled=%s, want %s", tag, mode, f[c_gil], want_gil);
        CHECK(strcmp(f[c_env], cur->env ? cur->env : "") == 0, "%s/%s: py_env '%s'", tag, mode, f[c_env]);
    }
    return rows;
}

/* ---- the tests, parameterised by the suite ------------------------------ */

static void t_results_every_mode(void)
{
    for (size_t m = 0; m < NMODES; m++) {
        if (!has_mode(m))
            continue;
        for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
            char *dir = tmpdir_make(), csv[PATH_MAX];
            REQUIRE(dir, "mkdtemp");
            path_in(csv, dir, "out.csv");
            const char *args[] = {"--mode", MODE_OF(m)->name, "-w", cases[c].workload, "-s", cases[c].split,
                                  "-n", cases[c].size, "-t", "1-4", "-r", "1", "--warmup", "0",
                                  "-q", "-o", csv, NULL};
            struct proc p;
            if (CHECK(run_host(NULL, args, &p) == 0, "cannot run the %s host", cur->tag)) {
                CHECK(p.exited && p.code == 0, "%s %s %s/%s: exit %d, stderr: %s", cur->tag, MODE_OF(m)->name,
                      cases[c].workload, cases[c].split, p.code, p.err);
                char *text = slurp(csv, NULL), want[U128_DEC_MAX];
                u128 exact = strcmp(cases[c].workload, "sumsq") == 0 ? ref_sumsq(cases[c].n)
                                                                      : oeis_a000170[cases[c].n];
                if (CHECK(text, "%s %s: no CSV written", cur->tag, MODE_OF(m)->name))
                    CHECK(check_rows(MODE_OF(m)->name, text, t_u128(exact, want)) == 4,
                          "%s %s %s/%s: want 4 rows (T=1..4)", cur->tag, MODE_OF(m)->name, cases[c].workload,
                          cases[c].split);
                free(text);
                proc_free(&p);
            }
            tmpdir_remove(dir);
        }
    }
}

/* An exception in one worker fails the run in every mode: traceback on
 * stderr, non-zero exit, no hang (the timeout would kill it: signaled). */
static void t_worker_exception(void)
{
    for (size_t m = 0; m < NMODES; m++) {
        if (!has_mode(m))
            continue;
        const char *args[] = {"--mode", MODE_OF(m)->name, "-n", "50000", "-t", "3", "-r", "2", "-q",
                              "--inject-fault", "1:0", NULL};
        struct proc p;
        REQUIRE(run_host(NULL, args, &p) == 0, "cannot run the host");
        CHECK(p.exited && p.code == 1, "%s %s: want exit 1, got exited=%d code=%d signaled=%d", cur->tag,
              MODE_OF(m)->name, p.exited, p.code, p.signaled);
        CHECK(strstr(p.err, "Traceback") && strstr(p.err, "injected fault in worker 1"),
              "%s %s: no traceback naming worker 1 on stderr: %s", cur->tag, MODE_OF(m)->name, p.err);
        proc_free(&p);
    }
}

/* A worker process killed by a signal, in every mode whose workers are
 * processes: named with its signal, exit 1, no hang. */
static void t_process_worker_killed(void)
{
    for (size_t m = 0; m < NMODES; m++) {
        if (!has_mode(m) || !is_mp(m))
            continue;
        const char *args[] = {"--mode", MODE_OF(m)->name, "-n", "50000", "-t", "4", "-r", "1", "-q",
                              "--inject-fault", "2:KILL", NULL};
        struct proc p;
        REQUIRE(run_host(NULL, args, &p) == 0, "cannot run the host");
        CHECK(p.exited && p.code == 1, "%s %s: want exit 1, got %d", cur->tag, MODE_OF(m)->name, p.code);
        CHECK(strstr(p.err, "worker 2") && strstr(p.err, "SIGKILL"), "%s %s: stderr: %s", cur->tag,
              MODE_OF(m)->name, p.err);
        proc_free(&p);
    }
}

/* ---- where each mode's workers really run -------------------------------- */

/* Imported by every worker through STUDY_WORKER_IMPORT (once per process
 * and interpreter), it appends one line to $STUDY_PROBE_OUT:
 *   pid ppid parent interp gil exe server spawn
 * parent: multiprocessing's parent process (-1 outside it); interp: the
 * interpreter's id (0: the main one); gil: the GIL as this worker sees it;
 * exe: the running executable; server: 1 when the parent process is
 * multiprocessing's fork server; spawn: 1 when this process was started by
 * spawn_main, the spawn start method's entry point. */
static const char probe_py[] =
    "import importlib, os, sys\n"
    "def _cmdline(pid):\n"
    "    try:\n"
    "        with open('/proc/%d/cmdline' % pid, 'rb') as f:\n"
    "            return f.read().replace(b'\\0', b' ').decode('utf-8', 'replace')\n"
    "    except OSError:\n"
    "        return ''\n"
    "def _interp():\n"
    "    for name in ('concurrent.interpreters', '_interpreters', '_xxsubinterpreters'):\n"
    "        try:\n"
    "            cur = importlib.import_module(name).get_current()\n"
    "        except (ImportError, AttributeError):\n"
    "            continue\n"
    "        cur = getattr(cur, 'id', cur)\n"
    "        return int(cur[0] if isinstance(cur, tuple) else cur)\n"
    "    return -1\n"
    "def _report():\n"
    "    import multiprocessing.process as mpp\n"
    "    parent = mpp.parent_process()\n"
    "    gil = getattr(sys, '_is_gil_enabled', lambda: True)()\n"
    "    line = '%d %d %d %d %d %s %d %d\\n' % (os.getpid(), os.getppid(), parent.pid if parent else -1,\n"
    "        _interp(), bool(gil), os.path.realpath('/proc/self/exe'),\n"
    "        'multiprocessing.forkserver' in _cmdline(os.getppid()), 'spawn_main' in _cmdline(os.getpid()))\n"
    "    fd = os.open(os.environ['STUDY_PROBE_OUT'], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)\n"
    "    try:\n"
    "        os.write(fd, line.encode())\n"
    "    finally:\n"
    "        os.close(fd)\n"
    "_report()\n";

#define PROBE_MAX 8

struct probe {
    long pid, ppid, parent, interp;
    int gil, server, spawn;
    char exe[PATH_MAX];
};

static size_t read_probes(const char *path, struct probe *pr)
{
    char *text = slurp(path, NULL), *save = NULL;
    size_t n = 0;
    for (char *line = text ? strtok_r(text, "\n", &save) : NULL; line && n < PROBE_MAX;
         line = strtok_r(NULL, "\n", &save)) {
        struct probe *q = &pr[n];
        if (sscanf(line, "%ld %ld %ld %ld %d %4095s %d %d", &q->pid, &q->ppid, &q->parent, &q->interp, &q->gil,
                   q->exe, &q->server, &q->spawn) == 8)
            n++;
        else
            CHECK(0, "%s: bad probe line '%s'", cur->tag, line);
    }
    free(text);
    return n;
}

static bool distinct(const long *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (v[i] == v[j])
                return false;
    return true;
}

/* Each mode's workers run where the mode says, checked from inside them:
 * threads of the host's one interpreter; sub-interpreters of the host, one
 * each; processes forked from the host (mp-fork: the host's own binary),
 * forked from multiprocessing's server (mp-forkserver: the server is their
 * parent, not the host) or started fresh from the python executable
 * (mp-spawn: spawn_main, the host their parent).  And in every worker the
 * GIL reads as the suite predicts, including the children, which are new
 * pythons for mp-spawn and mp-forkserver. */
static void t_start_methods(void)
{
    enum { T = 3 };
    char host[PATH_MAX], host_real[PATH_MAX], py_link[PATH_MAX], py_real[PATH_MAX];
    REQUIRE(host_path(host) && realpath(host, host_real), "the host binary");
    t_python_path(cur->binary, py_link);
    REQUIRE(realpath(py_link, py_real), "%s: no python at %s", cur->tag, py_link);
    for (size_t m = 0; m < NMODES; m++) {
        if (!has_mode(m))
            continue;
        const char *mode = MODE_OF(m)->name;
        char *dir = tmpdir_make(), path[PATH_MAX], imp[PATH_MAX + 32], out[PATH_MAX + 32];
        REQUIRE(dir, "mkdtemp");
        write_file(path_in(path, dir, "startprobe.py"), probe_py);
        snprintf(imp, sizeof imp, "STUDY_WORKER_IMPORT=%s:startprobe", dir);
        snprintf(out, sizeof out, "STUDY_PROBE_OUT=%s/probe.txt", dir);
        const char *envs[] = {imp, out, NULL};
        const char *args[] = {"--mode", mode, "-w", "nqueens", "-s", "rr", "-n", "6", "-t", "3", "-r", "1",
                              "--warmup", "0", "-q", NULL};
        struct proc p;
        struct probe pr[PROBE_MAX];
        size_t n = 0;
        if (CHECK(run_host_env(envs, args, &p) == 0, "cannot run the host")) {
            CHECK(p.exited && p.code == 0, "%s %s: exit %d: %s", cur->tag, mode, p.code, p.err);
            n = read_probes(path_in(path, dir, "probe.txt"), pr);
            proc_free(&p);
        }
        /* One interpreter for the thread modes: the probe is imported once. */
        const bool one = strcmp(mode, "threading") == 0 || strcmp(mode, "cthreads") == 0;
        CHECK(n == (one ? 1 : T), "%s %s: %zu workers reported, want %d", cur->tag, mode, n, one ? 1 : T);
        for (size_t i = 0; i < n; i++) {
            const struct probe *q = &pr[i];
            CHECK(q->gil == (strcmp(cur_gil, "1") == 0), "%s %s: a worker sees gil=%d", cur->tag, mode,
                  q->gil);
            if (!is_mp(m)) {
                CHECK(strcmp(q->exe, host_real) == 0 && q->parent == -1 && q->pid == pr[0].pid,
                      "%s %s: a worker outside the host process (exe %s, pid %ld)", cur->tag, mode, q->exe, q->pid);
                CHECK(one ? q->interp == 0 : q->interp > 0, "%s %s: worker in interpreter %ld", cur->tag, mode,
                      q->interp);
                continue;
            }
            CHECK(q->parent > 0 && q->parent == pr[0].parent && q->pid != q->parent,
                  "%s %s: multiprocessing's parent %ld for pid %ld", cur->tag, mode, q->parent, q->pid);
            if (strcmp(mode, "mp-fork") == 0)
                CHECK(q->ppid == q->parent && strcmp(q->exe, host_real) == 0 && !q->spawn && !q->server,
                      "%s mp-fork: want a fork of the host, got ppid %ld (host %ld), exe %s, spawn %d, server %d",
                      cur->tag, q->ppid, q->parent, q->exe, q->spawn, q->server);
            else if (strcmp(mode, "mp-spawn") == 0)
                CHECK(q->ppid == q->parent && strcmp(q->exe, py_real) == 0 && q->spawn && !q->server,
                      "%s mp-spawn: want a fresh %s started by the host, got ppid %ld (host %ld), exe %s, spawn %d",
                      cur->tag, py_real, q->ppid, q->parent, q->exe, q->spawn);
            else
                CHECK(q->ppid != q->parent && q->ppid == pr[0].ppid && q->server && !q->spawn &&
                          strcmp(q->exe, py_real) == 0,
                      "%s mp-forkserver: want a fork of the server, got ppid %ld (host %ld), server %d, exe %s",
                      cur->tag, q->ppid, q->parent, q->server, q->exe);
        }
        long ids[PROBE_MAX];
        for (size_t i = 0; i < n; i++)
            ids[i] = is_mp(m) ? pr[i].pid : pr[i].interp;
        CHECK(one || distinct(ids, n), "%s %s: two workers shared a %s", cur->tag, mode,
              is_mp(m) ? "process" : "interpreter");
        tmpdir_remove(dir);
    }
}

static void expect_usage_error(const char *env, const char *const *args, const char *what)
{
    struct proc p;
    REQUIRE(run_host(env, args, &p) == 0, "cannot run the host");
    size_t lines = 0;
    for (const char *c = p.err; *c; c++)
        lines += *c == '\n';
    CHECK(p.exited && p.code == 2, "%s %s: want exit 2, got %d (%s)", cur->tag, what, p.code, p.err);
    CHECK(lines == 1 && p.out_len == 0, "%s %s: want one line on stderr and nothing on stdout, got: %s",
          cur->tag, what, p.err);
    proc_free(&p);
}

static void t_refusals(void)
{
    const char *bad_mode[] = {"--mode", "greenlets", NULL};
    expect_usage_error(NULL, bad_mode, "unknown mode");
    /* direct is a Python mode of the table, but bin/direct-py-<tag>'s. */
    const char *direct_mode[] = {"--mode", "direct", NULL};
    expect_usage_error(NULL, direct_mode, "--mode direct (not a host mode)");
    const char *sig_thread[] = {"--mode", "threading", "-t", "2", "--inject-fault", "1:KILL", NULL};
    expect_usage_error(NULL, sig_thread, "signal into a thread");
    /* A mode newer than this Python: refused by name, never half-run. */
    for (size_t m = 0; m < NMODES; m++) {
        if (has_mode(m))
            continue;
        const char *args[] = {"--mode", MODE_OF(m)->name, "-n", "1000", "-t", "2", "-r", "1", "-q", NULL};
        struct proc p;
        REQUIRE(run_host(NULL, args, &p) == 0, "cannot run the host");
        CHECK(p.exited && p.code == 2 && strstr(p.err, "not available on Python 3.") && p.out_len == 0,
              "%s --mode %s: want exit 2 naming it not available: exit %d, %s", cur->tag, MODE_OF(m)->name, p.code,
              p.err);
        proc_free(&p);
    }
    const char *small[] = {"-n", "1000", "-t", "2", "-r", "1", "-q", NULL};
    if (strchr(cur->binary, 't') && !cur->env) {
        /* The GIL forced on in a free-threaded build: refused up front... */
        expect_usage_error("PYTHON_GIL=1", small, "PYTHON_GIL=1 without --allow-gil");
        /* ...and measured, flagged, with --allow-gil. */
        const char *allow[] = {"-n", "1000", "-t", "2", "-r", "1", "-q", "--allow-gil", NULL};
        struct proc p;
        REQUIRE(run_host("PYTHON_GIL=1", allow, &p) == 0, "cannot run the host");
        CHECK(p.exited && p.code == 0, "--allow-gil: exit %d: %s", p.code, p.err);
        CHECK(strstr(p.out, ",threading,1,") && strstr(p.out, "PYTHON_GIL=1"),
              "--allow-gil: want gil_enabled=1 and PYTHON_GIL=1 recorded: %s", p.out);
        proc_free(&p);
    } else if (!strchr(cur->binary, 't') && cur->minor >= 13) {
        expect_usage_error("PYTHON_GIL=0", small, "PYTHON_GIL=0 on a GIL build");
    }
}

/* The former name of mp-fork still runs it, and the rows say mp-fork. */
static void t_mode_alias(void)
{
    const char *args[] = {"--mode", "multiprocessing", "-w", "nqueens", "-s", "rr", "-n", "6", "-t", "2", "-r",
                          "2", "--warmup", "0", "-q", NULL};
    struct proc p;
    REQUIRE(run_host(NULL, args, &p) == 0, "cannot run the host");
    CHECK(p.exited && p.code == 0, "%s --mode multiprocessing: exit %d: %s", cur->tag, p.code, p.err);
    char want[U128_DEC_MAX];
    CHECK(check_rows("mp-fork", p.out, t_u128(oeis_a000170[6], want)) == 2, "%s: want 2 mp-fork rows", cur->tag);
    proc_free(&p);
}

/* Many repetitions in one process: new threads, sub-interpreters and
 * processes each time, all verified. */
static void t_repetitions(void)
{
    for (size_t m = 0; m < NMODES; m++) {
        if (!has_mode(m))
            continue;
        const char *args[] = {"--mode", MODE_OF(m)->name, "-w", "nqueens", "-s", "dynamic", "-n", "6", "-t", "3",
                              "-r", "6", "--warmup", "1", "-q", NULL};
        struct proc p;
        REQUIRE(run_host(NULL, args, &p) == 0, "cannot run the host");
        CHECK(p.exited && p.code == 0, "%s %s: exit %d: %s", cur->tag, MODE_OF(m)->name, p.code, p.err);
        char want[U128_DEC_MAX];
        CHECK(check_rows(MODE_OF(m)->name, p.out, t_u128(oeis_a000170[6], want)) == 6,
              "%s %s: want 6 verified rows", cur->tag, MODE_OF(m)->name);
        proc_free(&p);
    }
}

static CU_TestInfo host_tests[] = {
    {"results in every mode, T=1..4, gil_enabled", t_results_every_mode},
    {"an exception in a worker fails the run", t_worker_exception},
    {"a killed worker process is named", t_process_worker_killed},
    {"each mode's workers run where it says (start methods)", t_start_methods},
    {"up-front refusals exit 2 with one line", t_refusals},
    {"--mode multiprocessing is mp-fork", t_mode_alias},
    {"repetitions in one process", t_repetitions},
    CU_TEST_INFO_NULL,
};

/* The suite's interpreter, and the GIL its workers must report: what the
 * interpreter itself says, started the way the suite starts it (env:
 * PYTHON_GIL=1 for the same-binary control); a suite whose interpreter
 * cannot be asked fails to initialise, which CUnit reports. */
static int suite_init(int fam)
{
    cur_suite = suite_of(fam);
    modes_init();
    int gil = t_python_gil_of("embedded-py", cur->tag, cur->binary, cur->env);
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

#define SUITE_ROW(id, tag, ...) {"embedded-py " tag, init_##id, NULL, NULL, NULL, host_tests},
CU_SuiteInfo embedded_suites[] = {
    PY_INTERP_TABLE(SUITE_ROW)
    CU_SUITE_INFO_NULL,
};
#undef SUITE_ROW

const char *embedded_skip_reason(const char *suite, bool *required)
{
    const char *tag = strrchr(suite, ' ') + 1;
    struct py_suite found, *s = NULL;
    for (int f = FAM_PY_FIRST; f < FAM_OTHER; f++)
        if (strcmp(catalog_families[f].tag, tag) == 0)
            found = suite_of(f), s = &found;
    *required = false;
    if (!s)
        return "no such interpreter in catalog.h's table";
    *required = t_python_required(s->binary);
    if (tag_built(s->binary))
        return NULL;
    static char why[256];
    char var[16];
    size_t k = snprintf(var, sizeof var, "PY");
    for (const char *c = s->binary; *c && k + 1 < sizeof var; c++)
        if (*c != '.')
            var[k++] = *c == 't' ? 'T' : *c;
    var[k] = '\0';
    snprintf(why, sizeof why, "no Python %s found or built (run `make pythons%s%s`, or set %s=...)", s->binary,
             s->optional ? " WITH=" : "", s->optional ? s->binary : "", var);
    return why;
}
