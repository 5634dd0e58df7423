/* multiprocess.c - the fork() model: T children per run.  They start
 * together when the parent closes the write end of a "go" pipe, send their
 * result over a result pipe, and are reaped with wait4(), whose rusage is
 * added to the run.  The dynamic split's counter lives in a shared mapping.
 *
 * Failure contract: a child that is killed, crashes or exits non-zero fails
 * the run with a message naming the worker and the signal or status.  Every
 * child is reaped on every path, so no zombie is left behind, and the parent
 * never waits on a pipe that a live child still holds open for writing
 * without that child being able to finish. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "models.h"

/* A child's exit statuses, so the parent can name what went wrong. */
enum {
    CHILD_OK = 0,
    CHILD_INJECTED = 3,  /* --inject-fault W:0 */
    CHILD_PIPE_FAILED = 4
};

/* One message per child.  Smaller than PIPE_BUF, so each write() is atomic
 * and messages from different children never interleave. */
struct mp_msg {
    struct worker_result r;
    unsigned w;
};
_Static_assert(sizeof(struct mp_msg) <= PIPE_BUF, "a result must fit one atomic pipe write");

/* Owned by the model between setup and teardown. */
struct mp_state {
    atomic_uint_fast64_t *next; /* in a MAP_SHARED mapping */
    pid_t *pids;
};

static int mp_setup(const struct job *job, void **state, struct err *e)
{
    struct mp_state *s = calloc(1, sizeof *s);
    if (!s)
        return err_set(e, EXIT_RUN_FAILED, "out of memory");
    s->pids = calloc(job->threads, sizeof *s->pids);
    void *map = mmap(NULL, sizeof *s->next, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (!s->pids || map == MAP_FAILED) {
        free(s->pids);
        free(s);
        return err_set(e, EXIT_RUN_FAILED, "cannot set up %u workers: %s", job->threads, strerror(errno));
    }
    s->next = map;
    *state = s;
    return 0;
}

static void mp_teardown(void *state)
{
    struct mp_state *s = state;
    if (!s)
        return;
    munmap(s->next, sizeof *s->next);
    free(s->pids);
    free(s);
}

static ssize_t write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(fd, p + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        done += (size_t)n;
    }
    return (ssize_t)done;
}

/* Reads exactly len bytes; 0 at a clean EOF, -1 on error or a torn read. */
static int read_exact(int fd, void *buf, size_t len)
{
    char *p = buf;
    size_t got = 0;
    while (got < len) {
        ssize_t n = read(fd, p + got, len - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        if (n == 0)
            return got == 0 ? 0 : -1;
        got += (size_t)n;
    }
    return 1;
}

static _Noreturn void child_main(const struct job *job, unsigned w, atomic_uint_fast64_t *next,
                                 int go_fd, int res_fd)
{
    char c;
    ssize_t n;
    /* EOF on the go pipe: every child has closed its copy of the write
     * end and the parent has closed its own, so all are running. */
    while ((n = read(go_fd, &c, 1)) < 0 && errno == EINTR)
        ;
    if (job->fault_worker == (int)w) {
        if (job->fault_signal) {
            signal(job->fault_signal, SIG_DFL);
            raise(job->fault_signal);
        }
        _exit(CHILD_INJECTED);
    }
    struct mp_msg msg = {.w = w};
    work_worker(job, w, next, &msg.r);
    _exit(write_all(res_fd, &msg, sizeof msg) < 0 ? CHILD_PIPE_FAILED : CHILD_OK);
}

static void add_usage(struct child_usage *u, const struct rusage *ru)
{
    u->user_s += (double)ru->ru_utime.tv_sec + (double)ru->ru_utime.tv_usec / 1e6;
    u->sys_s += (double)ru->ru_stime.tv_sec + (double)ru->ru_stime.tv_usec / 1e6;
    u->maxrss_kib += ru->ru_maxrss;
    u->vol_ctx += ru->ru_nvcsw;
    u->invol_ctx += ru->ru_nivcsw;
}

/* Reaps children[0 .. made-1], adding their usage; the first failure goes
 * into *e (later ones are still reaped). */
static int reap(pid_t *pids, unsigned made, const struct worker_result *slots,
                struct child_usage *kids, struct err *e)
{
    int rc = 0;
    for (unsigned w = 0; w < made; w++) {
        int status;
        struct rusage ru;
        pid_t p;
        while ((p = wait4(pids[w], &status, 0, &ru)) < 0 && errno == EINTR)
            ;
        if (p < 0) {
            if (!rc)
                rc = err_set(e, EXIT_RUN_FAILED, "worker %u (pid %d): wait4: %s", w, (int)pids[w], strerror(errno));
            continue;
        }
        add_usage(kids, &ru);
        if (rc)
            continue;
        if (WIFSIGNALED(status)) {
            int sig = WTERMSIG(status);
            const char *abbrev = sigabbrev_np(sig);
            rc = err_set(e, EXIT_RUN_FAILED, "worker %u (pid %d) was killed by signal %d (SIG%s: %s)", w,
                         (int)pids[w], sig, abbrev ? abbrev : "?", strsignal(sig));
        } else if (WIFEXITED(status) && WEXITSTATUS(status) != CHILD_OK) {
            rc = err_set(e, EXIT_RUN_FAILED, "worker %u (pid %d) exited with status %d%s", w, (int)pids[w],
                         WEXITSTATUS(status),
                         WEXITSTATUS(status) == CHILD_PIPE_FAILED ? " (could not send its result)" : "");
        } else if (slots && !slots[w].done) {
            rc = err_set(e, EXIT_RUN_FAILED, "worker %u (pid %d) exited without sending its result", w,
                         (int)pids[w]);
        }
    }
    return rc;
}

static int mp_run(void *state, const struct job *job, struct worker_result *slots,
                  struct child_usage *kids, struct err *e)
{
    struct mp_state *s = state;
    int go[2], res[2];
    atomic_store(s->next, 0);
    if (pipe2(go, O_CLOEXEC) != 0)
        return err_set(e, EXIT_RUN_FAILED, "pipe: %s", strerror(errno));
    if (pipe2(res, O_CLOEXEC) != 0) {
        close(go[0]);
        close(go[1]);
        return err_set(e, EXIT_RUN_FAILED, "pipe: %s", strerror(errno));
    }
    fflush(NULL); /* children leave with _exit, but never share a dirty buffer */
    unsigned made = 0;
    int fork_errno = 0;
    for (; made < job->threads; made++) {
        pid_t pid = fork();
        if (pid < 0) {
            fork_errno = errno;
            break;
        }
        if (pid == 0) {
            close(go[1]);
            close(res[0]);
            child_main(job, made, s->next, go[0], res[1]);
        }
        s->pids[made] = pid;
    }
    close(go[0]);
    close(res[1]);
    if (fork_errno) {
        /* The made children are parked on the go pipe; kill them there. */
        for (unsigned w = 0; w < made; w++)
            kill(s->pids[w], SIGKILL);
        close(go[1]);
        close(res[0]);
        struct err ignored;
        reap(s->pids, made, NULL, kids, &ignored);
        return err_set(e, EXIT_RUN_FAILED, "fork for worker %u of %u: %s", made, job->threads,
                       strerror(fork_errno));
    }
    close(go[1]); /* go */

    /* Collect until EOF: the last child to exit closes the last write end,
     * whether it reported or died, so this cannot wait forever on a dead
     * child. */
    int bad = 0;
    struct mp_msg msg;
    int got;
    while ((got = read_exact(res[0], &msg, sizeof msg)) == 1) {
        if (msg.w >= job->threads || slots[msg.w].done) {
            bad = 1;
            continue;
        }
        slots[msg.w] = msg.r;
    }
    close(res[0]);
    int rc = reap(s->pids, made, slots, kids, e);
    if (rc)
        return rc;
    if (got < 0 || bad)
        return err_set(e, EXIT_RUN_FAILED, "garbled result on the workers' pipe");
    return 0;
}

const struct model model_multiprocess = {
    .name = "multiprocess",
    .setup = mp_setup,
    .run = mp_run,
    .teardown = mp_teardown,
};
