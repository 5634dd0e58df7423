/* child.c - one run of a model binary as a child process (or several at
 * once: the ceiling's copies): its own process group, its output
 * captured, an optional timeout, its CPU time (wait4's rusage, for the
 * load monitor), and the outcome turned into the status and one-line
 * reason that raw.csv records.
 *
 * child_exec_n underneath is the project's one fork/exec/poll/wait: the
 * runner's runs go through child_run and child_run_n, the tests'
 * (tests/util.c, proc_run) straight through child_exec, without a process
 * group of their own, so that a test still sees what a model leaves
 * behind.  Each child is reaped as soon as it ends, not when the last one
 * does, so that the load monitor reads /proc/stat at each one's end. */
#define _GNU_SOURCE
#include "child.h"

#include <errno.h>
#include <math.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "csv.h"
#include "pin.h"
#include "text.h"
#include "timer.h"

#define CHILD_OUTPUT_MAX (1u << 20) /* a child's stdout or stderr kept, at most */
#define STOP_GRACE_S 5              /* a timed-out run: SIGTERM, then SIGKILL this much later */

#define ST_NAME(id, name) name,
const char *const child_status_names[ST_COUNT] = {CHILD_STATUS_TABLE(ST_NAME)};
#undef ST_NAME

volatile sig_atomic_t child_running_pgid;

/* Appends n bytes to a NUL-terminated buffer, keeping at most max (0: no
 * limit); -1 when out of memory. */
static int append(char **buf, size_t *len, const char *data, size_t n, size_t max)
{
    if (max && *len + n > max)
        n = max - *len;
    if (!n)
        return 0;
    char *b = realloc(*buf, *len + n + 1);
    if (!b)
        return -1;
    memcpy(b + *len, data, n);
    *len += n;
    b[*len] = '\0';
    *buf = b;
    return 0;
}

/* The last line of text that says something, for a one-line reason:
 * blank lines and rules of dashes (mpirun frames its messages in them)
 * are passed over. */
static void last_line(const char *text, char *out, size_t len)
{
    out[0] = '\0';
    if (!text)
        return;
    const char *end = text + strlen(text);
    while (end > text) {
        while (end > text && (end[-1] == '\n' || end[-1] == '\r'))
            end--;
        const char *start = end;
        while (start > text && start[-1] != '\n')
            start--;
        size_t n = (size_t)(end - start);
        if (strspn(start, "- \t") < n) {
            snprintf(out, len, "%.*s", (int)n, start);
            return;
        }
        end = start;
    }
}

/* The child's side: its group, default signals, stdin from /dev/null, the
 * pipes, the environment, then exec.  Never returns.  pgid: the group to
 * join (0: a new one, led by this child). */
static void exec_child(char *const *argv, const struct child_opts *o, size_t i, pid_t pgid, int out, int err)
{
    if (o->own_group)
        setpgid(0, pgid);
    if (o->cpu_of && pin_self(o->cpu_of[i]) != 0)
        _exit(126);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (null < 0 || dup2(null, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0 ||
        (o->env && putenv((char *)o->env) != 0))
        _exit(126);
    execv(argv[0], argv);
    _exit(127);
}

/* The children of one child_exec_n: their pids, pipes (-1 once closed)
 * and what is known of each. */
struct brood {
    size_t n;
    pid_t *pid, pgid;
    int *fd;          /* [2 i] stdout, [2 i + 1] stderr of child i */
    bool *reaped;
    size_t left;      /* not yet reaped */
    struct child_exit *x;
    const struct child_opts *o;
    const struct child_hooks *hooks;
    int oom;
};

/* A signal to every child not yet reaped, or to their group. */
static void signal_brood(struct brood *b, int sig)
{
    if (b->o->own_group && b->pgid > 0) {
        kill(-b->pgid, sig);
        return;
    }
    for (size_t i = 0; i < b->n; i++)
        if (b->pid[i] > 0 && !b->reaped[i])
            kill(b->pid[i], sig);
}

/* Reaps child i if it has ended (block: wait for it); true when reaped.
 * -1 in *failed (and why) when wait4 fails. */
static bool reap(struct brood *b, size_t i, bool block, int *failed, char *why, size_t len)
{
    struct rusage ru;
    for (;;) {
        pid_t w = wait4(b->pid[i], &b->x[i].status, block ? 0 : WNOHANG, &ru);
        if (w == b->pid[i])
            break;
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0) {
            snprintf(why, len, "waitpid: %s", strerror(errno));
            *failed = -1;
            b->reaped[i] = true; /* cannot be waited for: do not try again */
            b->left--;
        }
        return false;
    }
    b->x[i].cpu_s = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 + (double)ru.ru_stime.tv_sec +
                    (double)ru.ru_stime.tv_usec * 1e-6;
    b->reaped[i] = true;
    b->left--;
    if (b->hooks && b->hooks->reaped)
        b->hooks->reaped(b->hooks->arg, i, b->pid, b->reaped, b->x, b->n);
    return true;
}

/* Reads the pipes, reaping each child as soon as both its pipes are
 * closed and it has ended, until every child is reaped or the deadline (0:
 * none) passes; true when it passed.  A buffer that cannot grow sets
 * b->oom (the rest is read and dropped, so no child blocks on a full
 * pipe). */
static bool drain(struct brood *b, double deadline, int *failed, char *why, size_t len)
{
    struct pollfd *fds = calloc(2 * b->n, sizeof *fds);
    if (!fds) {
        b->oom = -1;
        return false;
    }
    char buf[4096];
    bool late = false;
    while (b->left > 0) {
        size_t nopen = 0;
        bool waiting = false; /* a child whose pipes are closed, not yet reaped */
        for (size_t i = 0; i < b->n; i++) {
            if (b->reaped[i])
                continue;
            if (b->fd[2 * i] < 0 && b->fd[2 * i + 1] < 0) {
                if (!reap(b, i, false, failed, why, len))
                    waiting = true;
                continue;
            }
            for (int k = 0; k < 2; k++)
                if (b->fd[2 * i + k] >= 0)
                    fds[nopen++] = (struct pollfd){.fd = b->fd[2 * i + k], .events = POLLIN};
        }
        if (b->left == 0)
            break;
        /* A child that closed its output is about to end: look again soon. */
        int wait_ms = waiting ? 2 : -1;
        if (deadline) {
            double left = deadline - timer_now_s();
            if (left <= 0) {
                late = true;
                break;
            }
            if (wait_ms < 0 || (int)(left * 1000) + 1 < wait_ms)
                wait_ms = (int)(left * 1000) + 1;
        }
        int r = poll(fds, nopen, wait_ms);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            break;
        for (size_t j = 0; j < nopen; j++) {
            if (!(fds[j].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            size_t slot = 0;
            while (b->fd[slot] != fds[j].fd)
                slot++;
            struct child_exit *x = &b->x[slot / 2];
            bool is_err = slot % 2;
            ssize_t got = read(fds[j].fd, buf, sizeof buf);
            if (got > 0) {
                if (append(is_err ? &x->err : &x->out, is_err ? &x->err_len : &x->out_len, buf, (size_t)got,
                           b->o->output_max))
                    b->oom = -1;
            } else if (got == 0 || errno != EINTR) {
                close(b->fd[slot]);
                b->fd[slot] = -1;
            }
        }
    }
    free(fds);
    return late;
}

/* After the deadline (or a poll failure): SIGTERM to what is left, then,
 * STOP_GRACE_S later, SIGKILL, reaping each as it goes.  A timed-out run
 * gets SIGTERM first: mpirun puts each rank in a process group of its own,
 * out of reach of a kill of this group, and takes them down itself on
 * SIGTERM; a SIGKILLed mpirun would leave them running for a while. */
static void reap_rest(struct brood *b, bool timed_out, int *failed, char *why, size_t len)
{
    double kill_at = 0;
    if (timed_out) {
        signal_brood(b, SIGTERM);
        kill_at = timer_now_s() + STOP_GRACE_S;
    }
    while (b->left > 0) {
        bool any = false;
        for (size_t i = 0; i < b->n; i++)
            if (!b->reaped[i])
                any |= reap(b, i, !kill_at && b->left == 1, failed, why, len);
        if (any || b->left == 0)
            continue;
        if (kill_at && timer_now_s() >= kill_at) {
            signal_brood(b, SIGKILL);
            kill_at = 0; /* now wait for them to go */
        }
        struct timespec nap = {0, 2 * 1000 * 1000};
        nanosleep(&nap, NULL);
    }
}

int child_exec_n(char *const *const *argvs, size_t n, const struct child_opts *o, const struct child_hooks *hooks,
                 struct child_exit *x, char *why, size_t len)
{
    for (size_t i = 0; i < n; i++)
        x[i] = (struct child_exit){.out = calloc(1, 1), .err = calloc(1, 1), .cpu_s = NAN};
    struct brood b = {.n = n, .left = 0, .x = x, .o = o, .hooks = hooks};
    b.pid = calloc(n ? n : 1, sizeof *b.pid);
    b.fd = malloc(2 * (n ? n : 1) * sizeof *b.fd);
    b.reaped = calloc(n ? n : 1, sizeof *b.reaped);
    int rc = -1;
    if (!b.pid || !b.fd || !b.reaped) {
        snprintf(why, len, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        if (!x[i].out || !x[i].err) {
            snprintf(why, len, "out of memory");
            goto out;
        }
    for (size_t i = 0; i < 2 * n; i++)
        b.fd[i] = -1;
    int failed = 0;
    fflush(NULL);
    if (hooks && hooks->started)
        hooks->started(hooks->arg);
    for (size_t i = 0; i < n; i++) {
        int out[2], err[2];
        if (pipe2(out, O_CLOEXEC)) {
            snprintf(why, len, "pipe: %s", strerror(errno));
            failed = -1;
            break;
        }
        if (pipe2(err, O_CLOEXEC)) {
            snprintf(why, len, "pipe: %s", strerror(errno));
            close(out[0]), close(out[1]);
            failed = -1;
            break;
        }
        pid_t pid = fork();
        if (pid < 0) {
            snprintf(why, len, "fork: %s", strerror(errno));
            close(out[0]), close(out[1]), close(err[0]), close(err[1]);
            failed = -1;
            break;
        }
        if (pid == 0)
            exec_child(argvs[i], o, i, b.pgid, out[1], err[1]);
        if (o->own_group) {
            if (!b.pgid)
                b.pgid = pid;
            setpgid(pid, b.pgid); /* also here: whichever runs first */
            child_running_pgid = b.pgid;
        }
        close(out[1]);
        close(err[1]);
        b.pid[i] = pid;
        b.fd[2 * i] = out[0];
        b.fd[2 * i + 1] = err[0];
        b.left++;
    }
    /* Those never started count as reaped; if one could not start, the
     * others are stopped at once. */
    for (size_t i = 0; i < n; i++)
        if (!b.pid[i])
            b.reaped[i] = true;
    if (failed && b.left) {
        signal_brood(&b, SIGKILL);
        reap_rest(&b, false, &failed, why, len);
    }
    double deadline = o->timeout_s ? timer_now_s() + o->timeout_s : 0;
    bool late = b.left && drain(&b, deadline, &failed, why, len);
    for (size_t i = 0; i < n; i++)
        x[i].timed_out = late && !b.reaped[i];
    /* A child may close its output and still run: the timeout holds here
     * too (drain only returns early past the deadline). */
    reap_rest(&b, late, &failed, why, len);
    for (size_t i = 0; i < 2 * n; i++)
        if (b.fd[i] >= 0)
            close(b.fd[i]);
    if (o->own_group && b.pgid) {
        /* Whatever the children left in their group (a worker one forked) goes too. */
        kill(-b.pgid, SIGKILL);
        child_running_pgid = 0;
    }
    if (!failed && b.oom)
        snprintf(why, len, "out of memory for the child's output");
    rc = failed || b.oom ? -1 : 0;
out:
    free(b.pid);
    free(b.fd);
    free(b.reaped);
    return rc;
}

int child_exec(char *const *argv, const struct child_opts *o, struct child_exit *x, char *why, size_t len)
{
    char *const *argvs[1] = {argv};
    return child_exec_n(argvs, 1, o, NULL, x, why, len);
}

void child_exit_free(struct child_exit *x)
{
    free(x->out);
    free(x->err);
    x->out = x->err = NULL;
}

/* One child's exit as raw.csv's status and reason. */
static void outcome_of(const struct child_exit *x, unsigned timeout_s, struct child_outcome *oc)
{
    int status = x->status;
    char line[CHILD_REASON_MAX];
    last_line(oc->err, line, sizeof line);
    if (x->timed_out) {
        oc->status = ST_TIMEOUT;
        snprintf(oc->reason, sizeof oc->reason, "killed after the %u s cell timeout", timeout_s);
    } else if (WIFSIGNALED(status)) {
        text_clip(oc->reason, sizeof oc->reason, "killed by signal %d (%s)%s%s", WTERMSIG(status),
                 strsignal(WTERMSIG(status)), line[0] ? ": " : "", line);
    } else if (WEXITSTATUS(status) == 0) {
        oc->status = ST_OK;
    } else {
        text_clip(oc->reason, sizeof oc->reason, "exit %d%s%s", WEXITSTATUS(status), line[0] ? ": " : "", line);
        if (WEXITSTATUS(status) == EXIT_RUN_FAILED && strstr(oc->err, " is wrong: "))
            oc->status = ST_WRONG;
    }
}

void child_run_n(char *const *const *argvs, size_t n, const char *env, unsigned timeout_s, const int *cpu_of,
                 const struct child_hooks *hooks, struct child_outcome *oc)
{
    const struct child_opts o = {.env = env, .timeout_s = timeout_s, .own_group = true,
                                 .output_max = CHILD_OUTPUT_MAX, .cpu_of = cpu_of};
    struct child_exit *x = calloc(n ? n : 1, sizeof *x);
    char why[CHILD_REASON_MAX] = "out of memory";
    int rc = x ? child_exec_n(argvs, n, &o, hooks, x, why, sizeof why) : -1;
    for (size_t i = 0; i < n; i++) {
        oc[i] = (struct child_outcome){.status = ST_FAILED, .cpu_s = x ? x[i].cpu_s : NAN};
        snprintf(oc[i].reason, sizeof oc[i].reason, "%s", why);
        if (!x)
            continue;
        oc[i].out = x[i].out, oc[i].out_len = x[i].out_len;
        oc[i].err = x[i].err, oc[i].err_len = x[i].err_len;
        if (rc == 0) {
            oc[i].reason[0] = '\0';
            outcome_of(&x[i], timeout_s, &oc[i]);
        }
    }
    free(x);
}

void child_run(char *const *argv, const char *env, unsigned timeout_s, struct child_outcome *oc)
{
    char *const *argvs[1] = {argv};
    child_run_n(argvs, 1, env, timeout_s, NULL, NULL, oc);
}

int child_open_rows(const struct child_outcome *oc, struct csv_reader *r, struct err *e)
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
    return 0;
}

int child_next_row(struct csv_reader *r, char **fields, struct err *e)
{
    int got = csvr_next(r, e);
    if (got != 1)
        return got;
    if (r->nfields != COL_COUNT)
        return err_set(e, EXIT_RUN_FAILED, "the model wrote a row of %zu fields, want %d", r->nfields, COL_COUNT);
    for (size_t i = 0; i < COL_COUNT; i++)
        fields[i] = r->fields[i];
    return 1;
}

int child_parse_row(const struct child_outcome *oc, char **fields, struct csv_reader *r, struct err *e)
{
    if (child_open_rows(oc, r, e))
        return -1;
    int got = child_next_row(r, fields, e);
    return got == 1 ? 0 : got < 0 ? -1 : err_set(e, EXIT_RUN_FAILED, "the model wrote no complete row");
}

void child_outcome_free(struct child_outcome *oc)
{
    free(oc->out);
    free(oc->err);
    oc->out = oc->err = NULL;
}
