/* test_faults.c - faults injected on purpose, and bad input to the
 * analysis: a fork worker killed from outside mid-run, failed and hung
 * cells inside a study, the GIL switched back on by an extension, full and
 * vanishing output, 20 interruptions in seeded runs of a study, and CSVs
 * edited by hand.  Each checks that the failure is clear, that nothing is
 * left running, and that no finished row is lost. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../analysis/dataset.h"
#include "csvread.h"
#include "catalog.h"
#include "tests.h"
#include "text.h"

#define INTERRUPT_TRIALS 20
#define TRIAL_SEED 20261123u

/* ---- helpers ------------------------------------------------------------ */

/* Pids whose parent is ppid (from /proc/<pid>/stat), up to max. */
struct children {
    pid_t ppid, *out;
    int n, max;
};

static bool child_of(pid_t pid, char *stat, size_t len, void *arg)
{
    (void)len;
    struct children *c = arg;
    char *rp = strrchr(stat, ')'); /* comm may hold spaces */
    int parent;
    char state;
    if (rp && sscanf(rp + 2, "%c %d", &state, &parent) == 2 && parent == c->ppid)
        c->out[c->n++] = pid;
    return c->n >= c->max;
}

static int children_of(pid_t ppid, pid_t *out, int max)
{
    struct children c = {ppid, out, 0, max};
    if (max > 0)
        proc_each("stat", child_of, &c);
    return c.n;
}

/* The children of parent, for wait_until: true once there are two. */
struct kids {
    pid_t parent, pid[8];
    int n;
};

static bool two_children(const void *arg)
{
    struct kids *k = (struct kids *)arg;
    k->n = children_of(k->parent, k->pid, 8);
    return k->n >= 2;
}

/* True once no process's command line holds the string arg. */
static bool process_gone(const void *arg)
{
    return !process_with_arg(arg);
}

/* Starts argv (stdout and stderr to files in dir) and returns its pid. */
static pid_t start(char *const *argv, const char *dir)
{
    char out[PATH_MAX], err[PATH_MAX];
    path_in(out, dir, "stdout.txt");
    path_in(err, dir, "stderr.txt");
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        int o = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644), e = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (o < 0 || e < 0 || dup2(o, 1) < 0 || dup2(e, 2) < 0)
            _exit(126);
        execv(argv[0], argv);
        _exit(127);
    }
    return pid;
}

static char *latest(const char *root, char *out)
{
    char link[PATH_MAX];
    char *real = realpath(path_in(link, root, "latest"), NULL);
    if (!real) {
        /* an interrupted or failed study has not pointed latest yet: its
         * only folder */
        DIR *d = opendir(root);
        struct dirent *de;
        out[0] = '\0';
        while (d && (de = readdir(d)))
            if (de->d_name[0] >= '0' && de->d_name[0] <= '9')
                path_in(out, root, de->d_name);
        if (d)
            closedir(d);
        return out[0] ? out : NULL;
    }
    snprintf(out, PATH_MAX, "%s", real);
    free(real);
    return out;
}

/* ---- a fork worker killed from outside ---------------------------------- */

static void kill_worker(int sig, const char *signame)
{
    char bin[PATH_MAX], *dir = tmpdir_make();
    REQUIRE(dir && study_bin(bin, "multiprocess"), "setup");
    /* 2 workers of about a second each; one is killed once both run. */
    char *argv[] = {bin, "-w", "sumsq", "-n", "2000000000", "-t", "2", "-r", "1", "--warmup", "0", "-q", NULL};
    /* In a sanitizer build the sanitizer would catch the SEGV and exit
     * with its own status; let the child die by the signal, as it does in
     * a normal build. */
    static const char *const san[] = {"TSAN_OPTIONS", "ASAN_OPTIONS"};
    char *saved[2];
    for (int i = 0; i < 2; i++) {
        const char *v = getenv(san[i]);
        saved[i] = v ? strdup(v) : NULL;
        char buf[1024];
        snprintf(buf, sizeof buf, "%s%shandle_segv=0", v ? v : "", v ? " " : "");
        setenv(san[i], buf, 1);
    }
    pid_t pid = start(argv, dir);
    for (int i = 0; i < 2; i++) {
        if (saved[i])
            setenv(san[i], saved[i], 1);
        else
            unsetenv(san[i]);
        free(saved[i]);
    }
    /* Once both workers exist (an event polled for, not a delay); killing
     * one at any moment after its fork must be reported the same way. */
    struct kids k = {.parent = pid};
    REQUIRE(wait_until(two_children, &k, pid, 20), "the model never had its 2 workers (saw %d)", k.n);
    pid_t *kids = k.pid;
    int n = k.n;
    kill(kids[0], sig);
    int st;
    waitpid(pid, &st, 0);
    char path[PATH_MAX], *err = slurp(path_in(path, dir, "stderr.txt"), NULL);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 1, "%s: want exit 1, got status %d", signame, st);
    CHECK(err && strstr(err, "was killed by signal") && strstr(err, signame) && strstr(err, "worker"),
          "%s: the message names no worker and signal: %s", signame, err ? err : "");
    for (int i = 0; i < n; i++)
        CHECK(kill(kids[i], 0) != 0 && errno == ESRCH, "%s: child %d is still there", signame, (int)kids[i]);
    free(err);
    tmpdir_remove(dir);
}

static void t_fork_sigkill(void) { kill_worker(SIGKILL, "SIGKILL"); }
static void t_fork_sigsegv(void) { kill_worker(SIGSEGV, "SIGSEGV"); }

/* ---- failures inside a study --------------------------------------------- */

/* A study whose multiprocess model has a worker crash, and (when built)
 * whose 3.14t host raises in a worker: those cells are failed with the
 * reason, the others are fine, the study goes on to the end. */
static void t_study_records_failures(void)
{
    char real[PATH_MAX], *root = tmpdir_make(), *fake = tmpdir_make(), dir[PATH_MAX], script[PATH_MAX * 2];
    REQUIRE(root && fake && study_bin(real, "pthreads"), "setup");
    char *slash = strrchr(real, '/');
    *slash = '\0'; /* the real bin folder */
    snprintf(script, sizeof script, "#!/bin/sh\nexec '%s/pthreads' \"$@\"\n", real);
    fake_bin(fake, "pthreads", script);
    snprintf(script, sizeof script, "#!/bin/sh\nexec '%s/multiprocess' \"$@\" --inject-fault 1:SEGV\n", real);
    fake_bin(fake, "multiprocess", script);
    bool py = false;
    char host[PATH_MAX];
    text_clip(host, sizeof host, "%s/embedded-py-3.14t", real);
    /* The Python cell is part of the test where 3.14t is there; without
     * it, the rule for interpreters (tests.h): a SKIP line, or a failure
     * where it is required. */
    if (access(host, X_OK) != 0) {
        t_python_missing("failed cells: the Python worker's exception", catalog_families[FAM_PY314T].tag, "no bin/embedded-py-3.14t");
    } else {
        snprintf(script, sizeof script, "#!/bin/sh\nexec '%s' \"$@\" --inject-fault 0:0\n", host);
        fake_bin(fake, "embedded-py-3.14t", script);
        py = true;
    }
    char bin[PATH_MAX];
    REQUIRE(study_bin(bin, "study"), "STUDY_BIN");
    char *argv[] = {bin, "--bin", fake, "--models", py ? "pthreads,multiprocess,py3.14t-cthreads" : "pthreads,multiprocess",
                    "--workloads", "nqueens", "--splits", "rr", "--threads", "2", "--nqueens-size", "6", "--reps", "2",
                    "--values", "1", "--warmup", "1", "-q", "--out", root, NULL};
    struct proc p;
    REQUIRE(proc_run(argv, &p) == 0, "run study");
    CHECK(p.exited && p.code == 1, "a study with failed cells exits 1, got %d: %s", p.code, p.err);
    proc_free(&p);
    REQUIRE(latest(root, dir), "no results folder");
    char path[PATH_MAX], *raw = slurp(path_in(path, dir, "raw.csv"), NULL), *log = slurp(path_in(path, dir, "errors.log"), NULL);
    REQUIRE(raw, "no raw.csv");
    int dups;
    CHECK(raw_rows(dir, true, &dups) == (py ? 6 : 4) && dups == 0, "every cell recorded once");
    CHECK(strstr(raw, "multiprocess,1,failed,") && strstr(raw, "worker 1") && strstr(raw, "SIGSEGV"),
          "the crashed cell is failed with worker and signal: %s", raw);
    CHECK(strstr(raw, "pthreads,1,ok,") && strstr(raw, "pthreads,2,ok,"), "the healthy cells ran");
    if (py)
        CHECK(strstr(raw, "py3.14t-cthreads,1,failed,") && log && strstr(log, "injected fault in worker 0"),
              "the Python exception is recorded, its traceback kept in errors.log");
    free(raw);
    free(log);
    tmpdir_remove(root);
    tmpdir_remove(fake);
}

/* A hung worker (and one that leaves a grandchild behind) is killed with
 * its whole process group at the cell timeout. */
static void t_cell_timeout(void)
{
    char *root = tmpdir_make(), *fake = tmpdir_make(), dir[PATH_MAX], bin[PATH_MAX];
    REQUIRE(root && fake && study_bin(bin, "study"), "setup");
    fake_bin(fake, "pthreads", "#!/bin/sh\nsleep 987653 &\nexec sleep 987654\n");
    char *argv[] = {bin, "--bin", fake, "--models", "pthreads", "--workloads", "sumsq", "--splits", "weak",
                    "--sumsq-size", "1000", "--threads", "1", "--reps", "1", "--cell-timeout", "1", "-q", "--out", root,
                    NULL};
    struct proc p;
    REQUIRE(proc_run(argv, &p) == 0, "run study");
    CHECK(p.exited && p.code == 1, "a timed-out study exits 1, got %d", p.code);
    proc_free(&p);
    REQUIRE(latest(root, dir), "no results folder");
    char path[PATH_MAX], *raw = slurp(path_in(path, dir, "raw.csv"), NULL);
    CHECK(raw && strstr(raw, ",timeout,killed after the 1 s cell timeout"), "the cell is recorded as timed out");
    free(raw);
    /* SIGKILL to the group is sent before the study records the row; the
     * kernel may take a moment to finish them off: wait for that event. */
    CHECK(wait_until(process_gone, "sleep 987654", 0, 10) && wait_until(process_gone, "sleep 987653", 0, 10),
          "the hung worker or its child is still running");
    tmpdir_remove(root);
    tmpdir_remove(fake);
}

/* ---- the GIL switched back on ------------------------------------------- */

static const char gil_ext[] =
    "/* An extension with single-phase init and no Py_mod_gil slot: importing\n"
    " * it in a free-threaded build switches the GIL back on. */\n"
    "#include <Python.h>\n"
    "static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, \"gilmod\", NULL, -1, NULL};\n"
    "PyMODINIT_FUNC PyInit_gilmod(void) { return PyModule_Create(&def); }\n";

static void t_gil_reenabled(void)
{
    char py[PATH_MAX], host[PATH_MAX];
    if (!t_python(catalog_families[FAM_PY314T].tag, "the GIL switched back on", py))
        return;
    if (!study_bin(host, "embedded-py-3.14t") || access(host, X_OK) != 0) {
        t_python_missing("the GIL switched back on", catalog_families[FAM_PY314T].tag, "no bin/embedded-py-3.14t");
        return;
    }
    char *dir = tmpdir_make();
    REQUIRE(dir, "mkdtemp");
    char src[PATH_MAX], cmd[4 * PATH_MAX];
    write_file(path_in(src, dir, "gilmod.c"), gil_ext);
    /* The interpreter's own compiler and flags, as a setup.py would use. */
    snprintf(cmd, sizeof cmd,
             "cd '%s' && eval \"$('%s' -c 'import sysconfig as s; v=s.get_config_var; "
             "print(\"LDSHARED=\\x27%%s\\x27 CFLAGS=\\x27%%s %%s\\x27 INC=\\x27%%s\\x27 SUFFIX=\\x27%%s\\x27\" %% "
             "(v(\"LDSHARED\"), v(\"CFLAGS\"), v(\"CCSHARED\"), v(\"INCLUDEPY\"), v(\"EXT_SUFFIX\")))')\" && "
             "$LDSHARED $CFLAGS -I\"$INC\" gilmod.c -o gilmod$SUFFIX",
             dir, py);
    char *sh[] = {"/bin/sh", "-c", cmd, NULL};
    struct proc p;
    REQUIRE(proc_run(sh, &p) == 0, "run the compiler");
    bool built = p.exited && p.code == 0;
    CHECK(built, "building the extension failed: %s", p.err);
    proc_free(&p);
    if (!built) {
        tmpdir_remove(dir);
        return;
    }
    char env[PATH_MAX + 32];
    snprintf(env, sizeof env, "STUDY_WORKER_IMPORT=%s:gilmod", dir);
    static const char *const modes[] = {"threading", "cthreads"};
    for (int m = 0; m < 2; m++) {
        char *refuse[] = {"/usr/bin/env", env, host, "--mode", (char *)modes[m], "-n", "1000", "-t", "2", "-r", "1",
                          "--warmup", "0", "-q", NULL};
        REQUIRE(proc_run(refuse, &p) == 0, "run the host");
        CHECK(p.exited && p.code == 1 && strstr(p.err, "GIL was enabled"),
              "%s: the GIL re-enabled must fail the run: exit %d, %s", modes[m], p.code, p.err);
        proc_free(&p);
        char *allow[] = {"/usr/bin/env", env, host, "--mode", (char *)modes[m], "-n", "1000", "-t", "2", "-r", "1",
                         "--warmup", "0", "-q", "--allow-gil", NULL};
        REQUIRE(proc_run(allow, &p) == 0, "run the host");
        char want[64];
        snprintf(want, sizeof want, ",%s,1,", modes[m]);
        CHECK(p.exited && p.code == 0 && strstr(p.out, want), "%s --allow-gil: exit %d, want gil_enabled=1: %s",
              modes[m], p.code, p.out);
        proc_free(&p);
    }
    tmpdir_remove(dir);
}

/* ---- output errors ------------------------------------------------------ */

static void t_model_disk_full(void)
{
    char bin[PATH_MAX];
    REQUIRE(study_bin(bin, "pthreads"), "STUDY_BIN");
    char *argv[] = {bin, "-n", "1000", "-t", "1", "-r", "3", "-q", "-o", "/dev/full", NULL};
    struct proc p;
    REQUIRE(proc_run(argv, &p) == 0, "run");
    CHECK(p.exited && p.code != 0 && strstr(p.err, "No space left on device"), "exit %d: %s", p.code, p.err);
    proc_free(&p);
}

/* The study's disk fills: RLIMIT_FSIZE makes writes past 40 KiB fail
 * (EFBIG, with SIGXFSZ ignored), as a full disk would, without needing a
 * tmpfs.  meta.json (about 15 KiB: the interpreters' builds, every
 * question) fits; raw.csv (40 processes x 4 cells x 5 values) does not.
 * The study stops with a clear error; the rows before stay valid. */
static void t_study_disk_full(void)
{
    char *root = tmpdir_make(), dir[PATH_MAX], bin[PATH_MAX];
    REQUIRE(root && study_bin(bin, "study"), "setup");
    char *argv[] = {bin, "--models", "pthreads", "--workloads", "nqueens", "--splits", "rr,dynamic", "--threads", "1,2",
                    "--nqueens-size", "5", "--reps", "40", "--warmup", "1", "-q", "--out", root, NULL};
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        struct rlimit rl = {40 * 1024, 40 * 1024};
        signal(SIGXFSZ, SIG_IGN);
        setrlimit(RLIMIT_FSIZE, &rl);
        int null = open("/dev/null", O_WRONLY);
        char err[PATH_MAX];
        int e = open(path_in(err, root, "stderr.txt"), O_WRONLY | O_CREAT, 0644);
        dup2(null, 1);
        dup2(e, 2);
        execv(bin, argv);
        _exit(127);
    }
    int st;
    waitpid(pid, &st, 0);
    char path[PATH_MAX], *err = slurp(path_in(path, root, "stderr.txt"), NULL);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) != 0, "a full disk must fail the study (status %d)", st);
    CHECK(err && strstr(err, "File too large") && strstr(err, "rows written so far are kept"),
          "no clear message: %s", err ? err : "");
    free(err);
    REQUIRE(latest(root, dir), "no results folder");
    int dups;
    long rows = raw_rows(dir, true, &dups);
    CHECK(rows > 10 && dups == 0, "the rows written before the disk filled must stay valid (%ld)", rows);
    tmpdir_remove(root);
}

static void t_study_unwritable(void)
{
    char bin[PATH_MAX];
    REQUIRE(study_bin(bin, "study"), "STUDY_BIN");
    char *argv[] = {bin, "--preset", "smoke", "--out", "/dev/full/results", "-q", NULL};
    struct proc p;
    REQUIRE(proc_run(argv, &p) == 0, "run");
    CHECK(p.exited && p.code == 2 && strstr(p.err, "cannot create") && strchr(p.err, '\n') == p.err + strlen(p.err) - 1,
          "an unwritable results folder: exit %d, %s", p.code, p.err);
    proc_free(&p);
}

static void t_study_folder_removed(void)
{
    char *root = tmpdir_make(), *logs = tmpdir_make(), dir[PATH_MAX], bin[PATH_MAX];
    struct held_model h = {0};
    REQUIRE(root && logs && study_bin(bin, "study") && held_model_make(&h, "pthreads", 4), "setup");
    char *argv[] = {bin, "--bin", h.dir, "--models", "pthreads", "--workloads", "sumsq", "--splits", "weak",
                    "--threads", "1", "--sumsq-size", "100000", "--reps", "20", "--warmup", "1", "-q", "--out", root,
                    NULL};
    pid_t pid = start(argv, logs);
    /* Removed while the fourth run is held, so the study is certainly
     * mid-way; it notices before the next run. */
    bool held = wait_for_file(h.held, pid, 120);
    REQUIRE(held && latest(root, dir), "the study never reached its fourth run");
/* Gone in one step (the study keeps creating files in it, so a plain
     * rm -rf can race with it): rename it away, then delete it. */
    char gone[PATH_MAX + 8], cmd[PATH_MAX + 32];
    snprintf(gone, sizeof gone, "%s.gone", dir);
    REQUIRE(rename(dir, gone) == 0, "rename the results folder");
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", gone);
    held_model_release(&h);
    int st;
    waitpid(pid, &st, 0);
    CHECK(system(cmd) == 0, "rm");
    char path[PATH_MAX], *err = slurp(path_in(path, logs, "stderr.txt"), NULL);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 1 && err && strstr(err, "was removed"),
          "a removed results folder: status %d, %s", st, err ? err : "");
    free(err);
    held_model_free(&h);
    tmpdir_remove(root);
    tmpdir_remove(logs);
}

/* ---- interruption at random moments ------------------------------------- */

/* Each trial holds one call of the models (seeded: any of the first
 * TRIAL_HOLD_MAX, calibration's included), signals the study while that
 * call waits, then lets it finish.  The study must exit 128 + the signal's
 * number (never 0: it was certainly mid-study), keep exactly the rows of
 * the runs it started (the held one included: it finished), and resume to
 * every run exactly once. */
#define TRIAL_HOLD_MAX 40 /* smoke's sizes over 2 models: 48 runs after calibration */
#define TRIAL_RUNS 48     /* 2 models x 4 splits x T = 1, 2 x 3 rounds (given: smoke has 1 round, 2 splits) */

static void t_interrupt_trials(void)
{
    const struct t_signal *sigs = t_stop_signals;
    char bin[PATH_MAX];
    REQUIRE(study_bin(bin, "study"), "STUDY_BIN");
    srand(TRIAL_SEED);
    for (int t = 0; t < INTERRUPT_TRIALS; t++) {
        const unsigned hold = 1 + (unsigned)(rand() % TRIAL_HOLD_MAX);
        const int sig = sigs[t % T_STOP_SIGNALS].sig;
        const char *signame = sigs[t % T_STOP_SIGNALS].name;
        struct held_model h = {0};
        char *root = tmpdir_make(), dir[PATH_MAX];
        REQUIRE_OR(next, root && held_model_make(&h, "pthreads multiprocess", hold), "setup");
        char *argv[] = {bin, "--preset", "smoke", "--splits", "weak,strong,rr,dynamic", "--reps", "3", "--bin", h.dir,
                        "--models", "pthreads,multiprocess", "--seed", "7", "-q",
                        "--out", root, NULL};
        pid_t pid = start(argv, root);
        bool held = wait_for_file(h.held, pid, 120);
        CHECK(held, "trial %d: the study never made call %u", t, hold);
        kill(pid, sig);
        if (held)
            held_model_release(&h);
        int st;
        waitpid(pid, &st, 0);
        CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 128 + sig, "trial %d (%s in call %u): status %#x, want exit %d", t,
              signame, hold, st, 128 + sig);
        REQUIRE_OR(next, latest(root, dir), "trial %d: no results folder", t);
        int dups;
        long rows = raw_rows(dir, false, &dups), runs = held_model_calls(&h, " -r 1 ");
        CHECK(rows == runs && dups == 0, "trial %d (%s in call %u): %ld rows (%d repeated) for %ld runs started", t,
              signame, hold, rows, dups, runs);
        char *resume[] = {bin, "--resume", dir, "-q", NULL};
        struct proc p;
        REQUIRE_OR(next, proc_run(resume, &p) == 0, "resume");
        CHECK(p.exited && p.code == 0, "trial %d: resume exit %d: %s", t, p.code, p.err);
        proc_free(&p);
        rows = raw_rows(dir, false, &dups);
        CHECK(rows == TRIAL_RUNS && dups == 0, "trial %d: after resume %ld rows, %d repeated; want %d once each", t,
              rows, dups, TRIAL_RUNS);
    next:
        held_model_free(&h);
        tmpdir_remove(root);
    }
}

/* ---- bad input to the analysis ----------------------------------------- */

static const struct {
    const char *name, *csv;
    long runs;          /* >= 0: loads with this many runs; -1: rejected */
    const char *msg;    /* rejected: a part of the message (line, column) */
} bad_inputs[] = {
    {"reordered and extra columns",
     "wall_s,threads,extra,split,size,workload,impl\n1.5,2,zz,weak,10,sumsq,pthreads\n", 1, NULL},
    {"CRLF and quoted fields",
     "impl,workload,split,size,threads,wall_s,reason\r\n\"pthreads\",sumsq,weak,10,1,\"2.5\",\"a,b\r\nc\"\r\n", 1,
     NULL},
    {"missing required column", "impl,workload,split,size,wall_s\npthreads,sumsq,weak,10,1\n", -1, "'threads'"},
    {"empty file", "", -1, "empty file"},
    {"header only", "impl,workload,split,size,threads,wall_s\r\n", -1, "no data rows"},
    {"non-numeric time", "impl,workload,split,size,threads,wall_s\npthreads,sumsq,weak,10,1,fast\n", -1,
     ":2: column 'wall_s'"},
    {"NaN", "impl,workload,split,size,threads,wall_s\npthreads,sumsq,weak,10,1,1\npthreads,sumsq,weak,10,1,nan\n",
     -1, ":3: column 'wall_s'"},
    {"infinity", "impl,workload,split,size,threads,wall_s\npthreads,sumsq,weak,10,1,inf\n", -1, "column 'wall_s'"},
    {"negative time", "impl,workload,split,size,threads,wall_s,user_s\npthreads,sumsq,weak,10,1,1,-2\n", -1,
     "column 'user_s'"},
    {"zero threads", "impl,workload,split,size,threads,wall_s\npthreads,sumsq,weak,10,0,1\n", -1, "column 'threads'"},
    {"duplicate rows",
     "impl,round,workload,split,size,threads,wall_s\np,1,sumsq,weak,10,1,1\np,1,sumsq,weak,10,1,1\np,2,sumsq,weak,10,1,1\n",
     2, NULL},
    {"mixed presets (sizes)",
     "impl,round,workload,split,size,threads,wall_s\np,1,sumsq,weak,10,1,1\np,1,sumsq,weak,20,1,2\n", 2, NULL},
    {"short row", "impl,workload,split,size,threads,wall_s\npthreads,sumsq,weak,10,1\n", -1, ":2: 5 fields"},
    {"unclosed quote", "impl,workload,split,size,threads,wall_s\n\"pthreads,sumsq,weak,10,1,1\n", -1,
     "never closed"},
    {"column twice", "impl,workload,split,size,threads,wall_s,wall_s\np,sumsq,weak,10,1,1,2\n", -1, "twice"},
    {"a command in a name (gnuplot expands backquotes)",
     "impl,workload,split,size,threads,wall_s\n\"x`touch /tmp/pwned`\",sumsq,weak,10,1,1\n", -1, "column 'impl'"},
    {"a comma in a name", "impl,workload,split,size,threads,wall_s\n\"a,b\",sumsq,weak,10,1,1\n", -1,
     "column 'impl'"},
    {"UTF-8 byte-order mark", "\xEF\xBB\xBFimpl,workload,split,size,threads,wall_s\np,sumsq,weak,10,1,1\n", 1, NULL},
    {"a model's CSV appended twice (rep restarts)",
     "model,workload,split,size,threads,rep,wall_s\np,sumsq,weak,10,1,1,1\np,sumsq,weak,10,1,1,1.1\n", 2, NULL},
};

static void t_analysis_bad_input(void)
{
    for (size_t i = 0; i < sizeof bad_inputs / sizeof bad_inputs[0]; i++) {
        struct dataset d = {0};
        struct err e = {0};
        int rc = dataset_load_mem(&d, bad_inputs[i].csv, strlen(bad_inputs[i].csv), "edited.csv", &e);
        if (bad_inputs[i].runs >= 0)
            CHECK(rc == 0 && (long)d.n == bad_inputs[i].runs, "%s: want %ld runs, got rc %d n %zu (%s)",
                  bad_inputs[i].name, bad_inputs[i].runs, rc, d.n, e.msg);
        else
            CHECK(rc != 0 && e.code == EXIT_USAGE && strstr(e.msg, "edited.csv") && strstr(e.msg, bad_inputs[i].msg),
                  "%s: want a rejection naming '%s', got rc %d: %s", bad_inputs[i].name, bad_inputs[i].msg, rc,
                  e.msg);
        dataset_free(&d);
    }
    /* A very long line: rejected with its line, not a crash. */
    size_t big = CSVR_RECORD_MAX + 100;
    char *s = malloc(big + 64);
    REQUIRE(s, "malloc");
    int k = sprintf(s, "impl,workload,split,size,threads,wall_s\n");
    memset(s + k, 'x', big);
    strcpy(s + k + big, ",sumsq,weak,1,1,1\n");
    struct dataset d = {0};
    struct err e = {0};
    CHECK(dataset_load_mem(&d, s, strlen(s), "long.csv", &e) != 0 && strstr(e.msg, "long.csv:2"),
          "a 1 MiB line: %s", e.msg);
    free(s);
    dataset_free(&d);
    /* End to end: bin/analyze rejects with one line and exit 2, and writes
     * no summary, figures or report. */
    char *dir = tmpdir_make(), path[PATH_MAX], bin[PATH_MAX];
    REQUIRE(dir && study_bin(bin, "analyze"), "setup");
    write_file(path_in(path, dir, "raw.csv"), "impl,workload,split,size,threads,wall_s\npthreads,sumsq,weak,10,1,NaN\n");
    char *argv[] = {bin, dir, NULL};
    struct proc p;
    REQUIRE(proc_run(argv, &p) == 0, "run analyze");
    CHECK(p.exited && p.code == 2 && strstr(p.err, "raw.csv:2: column 'wall_s'") &&
              strchr(p.err, '\n') == p.err + strlen(p.err) - 1,
          "analyze on NaN: exit %d, %s", p.code, p.err);
    CHECK(!file_exists(path_in(path, dir, "summary.csv")) && !file_exists(path_in(path, dir, "report.md")),
          "a rejected input must not leave a summary or report");
    proc_free(&p);
    tmpdir_remove(dir);
}

/* Whether sig is pending for pid (sent, not yet handled): /proc's
 * SigPnd (the thread) and ShdPnd (the process) masks. */
static bool signal_pending(pid_t pid, int sig)
{
    char path[64], *status;
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    if (!(status = slurp(path, NULL)))
        return false;
    bool pending = false;
    static const char *const keys[] = {"SigPnd:", "ShdPnd:"};
    for (size_t i = 0; i < 2; i++) {
        const char *at = strstr(status, keys[i]);
        if (at && (strtoull(at + strlen(keys[i]), NULL, 16) >> (sig - 1) & 1))
            pending = true;
    }
    free(status);
    return pending;
}

struct pending_arg {
    pid_t pid;
    int sig;
};

static bool handled(const void *arg)
{
    const struct pending_arg *a = arg;
    return !signal_pending(a->pid, a->sig);
}

/* A second SIGINT kills the run in progress: that run is not recorded
 * (it is no result), so a resume runs it again.  The run is held (it
 * would never end by itself); the second signal goes once the study has
 * taken the first (two pending SIGINTs would be one). */
static void t_second_interrupt(void)
{
    char *root = tmpdir_make(), dir[PATH_MAX], bin[PATH_MAX];
    struct held_model h = {0};
    REQUIRE(root && study_bin(bin, "study") && held_model_make(&h, "pthreads", 1), "setup");
    char *argv[] = {bin, "--bin", h.dir, "--models", "pthreads", "--workloads", "sumsq", "--splits", "weak",
                    "--threads", "1", "--sumsq-size", "1000", "--reps", "1", "--values", "1", "--warmup", "1", "-q", "--out", root,
                    NULL};
    pid_t pid = start(argv, root);
    REQUIRE_OR(done, wait_for_file(h.held, pid, 120), "the study never started its run");
    kill(pid, SIGINT);
    const struct pending_arg first = {pid, SIGINT};
    CHECK(wait_until(handled, &first, pid, 60), "the study never took the first SIGINT");
    kill(pid, SIGINT);
    int st;
    waitpid(pid, &st, 0);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 128 + SIGINT, "twice interrupted: status %#x, want exit 130", st);
    REQUIRE_OR(done, latest(root, dir), "no results folder");
    int dups;
    CHECK(raw_rows(dir, true, &dups) == 0, "the killed run must not be recorded");
    char *resume[] = {bin, "--resume", dir, "-q", NULL};
    struct proc p;
    REQUIRE_OR(done, proc_run(resume, &p) == 0, "resume");
    CHECK(p.exited && p.code == 0 && raw_rows(dir, true, &dups) == 1, "resume reruns it: exit %d, %s", p.code, p.err);
    proc_free(&p);
done:
    held_model_free(&h);
    tmpdir_remove(root);
}

static CU_TestInfo fault_tests[] = {
    {"a second interrupt: the killed run is rerun by resume", t_second_interrupt},
    {"fork worker killed mid-run: SIGKILL", t_fork_sigkill},
    {"fork worker killed mid-run: SIGSEGV", t_fork_sigsegv},
    {"failed cells are recorded, the study goes on", t_study_records_failures},
    {"a hung worker is killed at the cell timeout", t_cell_timeout},
    {"the GIL switched back on by an extension", t_gil_reenabled},
    {"model output to a full disk", t_model_disk_full},
    {"study output: the disk fills", t_study_disk_full},
    {"study output: folder cannot be written", t_study_unwritable},
    {"study output: folder removed mid-study", t_study_folder_removed},
    {"20 interruptions in seeded runs, each signal: exit 128+signal, rows kept, resume", t_interrupt_trials},
    {"analysis: edited CSVs work or are rejected by line and column", t_analysis_bad_input},
    CU_TEST_INFO_NULL,
};

CU_SuiteInfo fault_suites[] = {
    {"faults and bad input", NULL, NULL, NULL, NULL, fault_tests},
    CU_SUITE_INFO_NULL,
};
