/* direct.c - the direct model: bin/direct-py-<tag> runs the study's Python
 * workloads in the interpreter's own executable, the way the articles ran
 * their scripts (`python3.X script.py`, plain threading.Thread workers),
 * under the one timing core (common/harness.c): warm-up, timed
 * repetitions, verification after timing, CSV rows, timeline.
 *
 * It does not embed Python and does not link libpython.  Once per process
 * (prepare_process, timed apart as init_s) it starts the executable
 * compiled in as STUDY_PYTHON_EXE (the .pythons/<tag> link, resolved at
 * build time) as `python3.X -I [-X gil=V] [-X tlbc=V] -c <driver>`:
 * isolated from the user's environment (no user site, no PYTHON*
 * variables; PYTHON_GIL and PYTHON_TLBC are passed on as -X options by the
 * host's rules, common/pyrules.h), with a socket to this process.  The
 * driver (direct_driver.py, compiled in) receives study_workloads.py, the
 * same compiled-in copy the host runs, and then serves one request per
 * run: it calls study_workloads.run_threading, exactly the host's
 * threading mode, timing it inside Python with time.monotonic
 * (CLOCK_MONOTONIC) immediately around the call, and replies with that
 * span, every worker's tuple and its own resource use.  The harness takes
 * the run's wall time from that span (job.h, struct child_usage), not
 * from its own clock around the request, which would add the pipe's
 * latency.
 *
 * Rows: model direct-py, mode direct, the interpreter's version as the
 * host writes it (3.14.4t), gil_enabled from the workers, init_s from
 * starting the executable to its "ready", py_env.  The analysis names
 * them py<tag>-direct.
 *
 * Ownership: the child process and the socket live from prepare_process
 * to finish_process, which closes the socket (the driver exits at EOF)
 * and reaps the child.  The child dies with this process (PDEATHSIG), and
 * is in its process group, so the runner's timeout takes both.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "catalog.h"
#include "harness.h"
#include "pyrules.h"
#include "text.h"
#include "timer.h"

#ifndef STUDY_PY_SOURCE
#error "STUDY_PY_SOURCE must name impl-embedded-py/study_workloads.py"
#endif
#ifndef STUDY_DRIVER_SOURCE
#error "STUDY_DRIVER_SOURCE must name impl-embedded-py/direct_driver.py"
#endif
#ifndef STUDY_PYTHON_EXE
#error "STUDY_PYTHON_EXE must name the interpreter's executable"
#endif
#ifndef STUDY_BUILD_INFO
#error "STUDY_BUILD_INFO must name build/.../pythons/<tag>.json"
#endif
/* Both Python files, compiled into the binary as the host compiles in the
 * workloads, so a run never depends on what sys.path or the working
 * folder hold; and the interpreter's build info (tools/pyinfo.py's JSON,
 * the host's too), which --build-info prints. */
__asm__(".section .rodata\n"
        ".global direct_py_src\n"
        "direct_py_src:\n"
        ".incbin \"" STUDY_PY_SOURCE "\"\n"
        ".byte 0\n"
        ".global direct_driver_src\n"
        "direct_driver_src:\n"
        ".incbin \"" STUDY_DRIVER_SOURCE "\"\n"
        ".byte 0\n"
        ".global direct_build_info\n"
        "direct_build_info:\n"
        ".incbin \"" STUDY_BUILD_INFO "\"\n"
        ".byte 0\n"
        ".previous\n");
extern const char direct_py_src[], direct_driver_src[], direct_build_info[];

/* The driver's file descriptors (direct_driver.py). */
#define FD_SOCKET 3
#define FD_STDERR 5
/* Our own descriptors are moved at least this high, so that none of them
 * is one of the child's targets above. */
#define FD_LOW 10
#define FIELD_CHARS 64

static const char *const direct_modes[] = {"direct", NULL};
static const struct cli_extra direct_cli = {
    .modes = direct_modes,
    .mode_default = "direct",
    .allow_gil = true,
    .build_info = direct_build_info,
};

/* Process-wide: one interpreter process per program. */
static struct {
    bool allow_gil;
    pid_t pid;              /* the python process, or 0 */
    int sock;               /* our end of the socket, or -1 */
    FILE *in;               /* its replies, read through a dup of sock */
    char *line;             /* getline's buffer */
    size_t cap;
    bool free_threaded;     /* as the executable reports it */
    char interpreter[FIELD_CHARS];
    char init_s[FIELD_CHARS];
    struct pyrules_env env;
} drv = {.sock = -1};

/* ---- the child ---------------------------------------------------------- */

/* fd moved to FD_LOW or above, close-on-exec; the old one closed. */
static int fd_high(int fd)
{
    if (fd < 0 || fd >= FD_LOW)
        return fd;
    int hi = fcntl(fd, F_DUPFD_CLOEXEC, FD_LOW);
    close(fd);
    return hi;
}

/* In the forked child: descriptors in place, then exec.  Only
 * async-signal-safe calls (this process may have threads: none here, but
 * the rule is cheap). */
static void child_exec(char *const *argv, int sock, int capture, pid_t parent)
{
    /* Dies with its parent: a killed bin/direct-py leaves no python
     * behind (the check covers a parent gone before prctl). */
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
        _exit(127);
    /* Close-on-exec, and never closed by hand: it may be one of the
     * targets below (the lowest free descriptor, 3, say). */
    int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (null < 0 || dup2(null, STDIN_FILENO) < 0 || dup2(STDERR_FILENO, FD_STDERR) < 0 ||
        dup2(STDERR_FILENO, STDOUT_FILENO) < 0 || dup2(capture, STDERR_FILENO) < 0 || dup2(sock, FD_SOCKET) < 0)
        _exit(127);
    execv(argv[0], argv);
    _exit(127);
}

/* Why the child ended before it was ready, from what it printed: its
 * "Fatal Python error: ..." line (a refused -X gil, say), else its last
 * non-empty line (a traceback's exception), into buf. */
static void last_line(int capture, char *buf, size_t len)
{
    char text[4096];
    buf[0] = '\0';
    off_t size = lseek(capture, 0, SEEK_END);
    off_t from = size > (off_t)sizeof text - 1 ? size - (off_t)sizeof text + 1 : 0;
    ssize_t n = size > 0 ? pread(capture, text, sizeof text - 1, from) : 0;
    if (n <= 0)
        return;
    text[n] = '\0';
    while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == '\r' || text[n - 1] == ' '))
        text[--n] = '\0';
    char *start = strstr(text, "Fatal Python error: ");
    if (start) {
        start[strcspn(start, "\n")] = '\0';
    } else {
        start = strrchr(text, '\n');
        start = start ? start + 1 : text;
    }
    text_clip(buf, len, "%s", start);
}

/* Sends all of buf; -1 with *e when the driver is gone. */
static int send_all(const char *buf, size_t len, struct err *e)
{
    while (len) {
        ssize_t n = send(drv.sock, buf, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return err_set(e, EXIT_RUN_FAILED, "the python process stopped reading (%s)", strerror(errno));
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

/* How the child ended, once it has: "exited with status 1". */
static void child_end(char *buf, size_t len)
{
    int status;
    pid_t got;
    do
        got = waitpid(drv.pid, &status, 0);
    while (got < 0 && errno == EINTR);
    drv.pid = 0;
    if (got < 0)
        text_clip(buf, len, "could not be waited for (%s)", strerror(errno));
    else if (WIFSIGNALED(status))
        text_clip(buf, len, "was killed by signal %d (%s)", WTERMSIG(status), strsignal(WTERMSIG(status)));
    else
        text_clip(buf, len, "exited with status %d", WEXITSTATUS(status));
}

/* The next reply line, without its newline; NULL at EOF (the driver died:
 * *e says how it ended). */
static char *reply_line(struct err *e)
{
    ssize_t n = getline(&drv.line, &drv.cap, drv.in);
    if (n <= 0) {
        char how[128];
        child_end(how, sizeof how);
        err_set(e, EXIT_RUN_FAILED, "the python process %s in the middle of a run", how);
        return NULL;
    }
    drv.line[strcspn(drv.line, "\n")] = '\0';
    return drv.line;
}

/* An "error TEXT" reply becomes *e. */
static int driver_error(const char *line, struct err *e)
{
    if (strncmp(line, "error ", 6) == 0)
        return err_set(e, EXIT_RUN_FAILED, "%s", line + 6);
    return err_set(e, EXIT_RUN_FAILED, "unexpected reply from the python process: '%.80s'", line);
}

/* Starts the executable with the driver and hands it the workloads; fills
 * drv.interpreter, drv.free_threaded and *gil_on from its "ready". */
static int start_driver(int *gil_on, struct err *e)
{
    const char *argv[4 + 2 * PYRULES_NVARS + 2];
    size_t k = 0;
    argv[k++] = STUDY_PYTHON_EXE;
    argv[k++] = "-I";
    for (size_t i = 0; i < drv.env.nopts; i++) {
        argv[k++] = "-X";
        argv[k++] = drv.env.xopt[i];
    }
    argv[k++] = "-c";
    argv[k++] = direct_driver_src;
    argv[k] = NULL;
    if (access(STUDY_PYTHON_EXE, X_OK) != 0)
        return err_set(e, EXIT_USAGE, "cannot run %s (%s), the interpreter this program was built for: "
                                      "run make pythons, then make", STUDY_PYTHON_EXE, strerror(errno));

    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
        return err_set(e, EXIT_RUN_FAILED, "socketpair: %s", strerror(errno));
    int capture = fd_high(memfd_create("direct-py-start", MFD_CLOEXEC));
    sv[0] = fd_high(sv[0]);
    sv[1] = fd_high(sv[1]);
    if (capture < 0 || sv[0] < 0 || sv[1] < 0) {
        int err = errno;
        close(capture), close(sv[0]), close(sv[1]);
        return err_set(e, EXIT_RUN_FAILED, "cannot set up the python process's descriptors: %s", strerror(err));
    }
    fflush(NULL);
    const pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0)
        child_exec((char *const *)argv, sv[1], capture, parent);
    close(sv[1]);
    if (pid < 0) {
        close(sv[0]);
        close(capture);
        return err_set(e, EXIT_RUN_FAILED, "fork: %s", strerror(errno));
    }
    drv.pid = pid;
    drv.sock = sv[0];
    int rd = fcntl(drv.sock, F_DUPFD_CLOEXEC, FD_LOW);
    drv.in = rd >= 0 ? fdopen(rd, "r") : NULL;
    if (!drv.in) {
        close(rd);
        close(capture);
        return err_set(e, EXIT_RUN_FAILED, "fdopen: %s", strerror(errno));
    }

    char head[128];
    snprintf(head, sizeof head, "source %zu %s\n", strlen(direct_py_src), STUDY_PY_SOURCE);
    int rc = send_all(head, strlen(head), e) || send_all(direct_py_src, strlen(direct_py_src), e) ? -1 : 0;
    ssize_t n = rc ? -1 : getline(&drv.line, &drv.cap, drv.in);
    if (n <= 0) {
        /* It never got to "ready": it printed why before it ended. */
        char why[256], how[128], opts[PYRULES_NVARS * (PYRULES_OPT_MAX + 4) + 1] = "";
        last_line(capture, why, sizeof why);
        child_end(how, sizeof how);
        close(capture);
        for (size_t i = 0; i < drv.env.nopts; i++)
            text_clip(opts + strlen(opts), sizeof opts - strlen(opts), " -X %s", drv.env.xopt[i]);
        return err_set(e, EXIT_USAGE, "cannot start %s -I%s: it %s%s%s", STUDY_PYTHON_EXE, opts, how,
                       why[0] ? ": " : "", why);
    }
    close(capture);
    drv.line[strcspn(drv.line, "\n")] = '\0';
    int ft = -1, gil = -1, used = 0;
    if (sscanf(drv.line, "ready %63s %d %d%n", drv.interpreter, &ft, &gil, &used) != 3 || drv.line[used] ||
        (ft != 0 && ft != 1) || (gil != 0 && gil != 1))
        return driver_error(drv.line, e);
    drv.free_threaded = ft;
    *gil_on = gil;
    return 0;
}

/* ---- the model ---------------------------------------------------------- */

static int direct_prepare(const struct config *cfg, char **argv, struct err *e)
{
    (void)argv;
    drv.allow_gil = cfg->allow_gil;
    const struct mode_desc *md = &catalog_modes[MODE_DIRECT];
    if (pyrules_fault(false, cfg->fault_signal, e) || pyrules_env_read(&drv.env, e))
        return -1;
    /* The sampler reads the CPU clocks of threads that register with it in
     * this process; these workers are threads of the python process. */
    if (cfg->sample_path)
        return err_set(e, EXIT_USAGE, "--sample-cpu is not available here: the workers are threads of the "
                                      "python process, which the sampler does not see (sample the host's threading mode)");
    const double t0 = timer_now_s();
    int gil_on;
    if (start_driver(&gil_on, e))
        return -1;
    snprintf(drv.init_s, sizeof drv.init_s, "%.6f", timer_now_s() - t0);
    int major = 0, minor = 0;
    sscanf(drv.interpreter, "%d.%d", &major, &minor);
    if (pyrules_mode_version(md->name, md->major, md->minor, major, minor, e))
        return -1;
    return pyrules_gil_at_start(drv.free_threaded, gil_on, drv.allow_gil, &drv.env, e);
}

static void direct_finish(void)
{
    if (drv.in)
        fclose(drv.in);
    drv.in = NULL;
    if (drv.sock >= 0)
        close(drv.sock); /* the driver reads EOF and exits */
    drv.sock = -1;
    if (drv.pid > 0) {
        char how[128];
        child_end(how, sizeof how);
    }
    free(drv.line);
    drv.line = NULL;
}

/* One worker's line, "w W HI LO UNITS START END CPU_S CPU GIL", into its
 * slot. */
static int take_worker(const char *line, const struct job *job, struct worker_result *slots, int *gil,
                       struct err *e)
{
    unsigned w;
    uint64_t hi, lo, units;
    double start, end, cpu_s;
    int cpu, g, used = 0;
    if (sscanf(line, "w %u %" SCNu64 " %" SCNu64 " %" SCNu64 " %lf %lf %lf %d %d%n", &w, &hi, &lo, &units, &start,
               &end, &cpu_s, &cpu, &g, &used) != 9 ||
        line[used])
        return driver_error(line, e);
    if (w >= job->threads || slots[w].done)
        return err_set(e, EXIT_RUN_FAILED, "worker index %u is out of range or repeated", w);
    slots[w] = (struct worker_result){.value = ((u128)hi << 64) | lo, .units = units, .start_s = start,
                                      .end_s = end, .cpu_s = cpu_s, .cpu = cpu, .done = 1};
    if (g > *gil)
        *gil = g;
    return 0;
}

static int direct_run(void *state, const struct job *job, struct worker_result *slots,
                      struct child_usage *kids, struct err *e)
{
    (void)state;
    /* "run W S N T FW FS " + T CPUs of up to 11 characters each. */
    size_t cap = 160 + (size_t)job->threads * 12;
    char *req = malloc(cap);
    if (!req)
        return err_set(e, EXIT_RUN_FAILED, "out of memory");
    int k = snprintf(req, cap, "run %s %s %" PRIu64 " %u %d 0 ", workload_descs[job->workload].name,
                     split_descs[job->split].name, job->size, job->threads, job->fault_worker);
    for (unsigned w = 0; w < job->threads; w++)
        k += snprintf(req + k, cap - (size_t)k, "%s%d", w ? "," : "", job->cpus ? job->cpus[w] : -1);
    k += snprintf(req + k, cap - (size_t)k, "\n");
    int rc = send_all(req, (size_t)k, e);
    free(req);
    const char *line = rc ? NULL : reply_line(e);
    if (!line)
        return -1;
    int used = 0;
    if (sscanf(line, "ok %lf %lf %lf %lf %ld %ld %ld%n", &kids->span_start_s, &kids->span_end_s, &kids->user_s,
               &kids->sys_s, &kids->vol_ctx, &kids->invol_ctx, &kids->maxrss_kib, &used) != 7 ||
        line[used])
        return driver_error(line, e);
    int gil = 0;
    for (unsigned w = 0; w < job->threads; w++)
        if (!(line = reply_line(e)) || take_worker(line, job, slots, &gil, e))
            return -1;
    kids->gil_enabled = gil;
    return pyrules_gil_in_run(drv.free_threaded, gil, drv.allow_gil, e);
}

static const char *direct_column(int col)
{
    switch (col) {
    case COL_INTERPRETER: return drv.interpreter;
    case COL_MODE: return catalog_modes[MODE_DIRECT].name;
    case COL_INIT_S: return drv.init_s;
    case COL_PY_ENV: return drv.env.py_env;
    default: return NULL;
    }
}

static const struct model model_direct = {
    .name = CATALOG_DIRECT,
    .cli = &direct_cli,
    .prepare_process = direct_prepare,
    .finish_process = direct_finish,
    .column = direct_column,
    .run = direct_run,
};

int main(int argc, char **argv)
{
    return harness_main(&model_direct, argc, argv);
}
