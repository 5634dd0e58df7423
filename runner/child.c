/* child.c - one run of a model binary as a child process: its own process
 * group, its output captured, an optional timeout, and the outcome turned
 * into the status and one-line reason that raw.csv records.
 *
 * child_exec underneath is the project's one fork/exec/poll/wait: the
 * runner's runs go through child_run, the tests' (tests/util.c, proc_run)
 * straight through child_exec, without a process group of their own, so
 * that a test still sees what a model leaves behind. */
#define _GNU_SOURCE
#include "child.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "csv.h"
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
 * pipes, the environment, then exec.  Never returns. */
static void exec_child(char *const *argv, const struct child_opts *o, int out, int err)
{
    if (o->own_group)
        setpgid(0, 0);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (null < 0 || dup2(null, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0 ||
        (o->env && putenv((char *)o->env) != 0))
        _exit(126);
    execv(argv[0], argv);
    _exit(127);
}

/* The child, or its whole group when it has one. */
static void signal_child(pid_t pid, const struct child_opts *o, int sig)
{
    kill(o->own_group ? -pid : pid, sig);
}

/* Reads both pipes until they close or the deadline (0: none) passes;
 * true when it passed.  -1 in *oom when a buffer could not grow (the rest
 * is read and dropped, so the child never blocks on a full pipe). */
static bool drain(int fds_in[2], double deadline, const struct child_opts *o, struct child_exit *x, int *oom)
{
    struct pollfd fds[2] = {{.fd = fds_in[0], .events = POLLIN}, {.fd = fds_in[1], .events = POLLIN}};
    int open_fds = 2;
    bool late = false;
    char buf[4096];
    while (open_fds > 0) {
        int wait_ms = -1;
        if (deadline) {
            double left = deadline - timer_now_s();
            if (left <= 0) {
                late = true;
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
                if (append(i ? &x->err : &x->out, i ? &x->err_len : &x->out_len, buf, (size_t)n, o->output_max))
                    *oom = -1;
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
    return late;
}

int child_exec(char *const *argv, const struct child_opts *o, struct child_exit *x, char *why, size_t len)
{
    *x = (struct child_exit){.out = calloc(1, 1), .err = calloc(1, 1)};
    int out[2], err[2];
    if (!x->out || !x->err)
        return snprintf(why, len, "out of memory"), -1;
    if (pipe2(out, O_CLOEXEC))
        return snprintf(why, len, "pipe: %s", strerror(errno)), -1;
    if (pipe2(err, O_CLOEXEC)) {
        snprintf(why, len, "pipe: %s", strerror(errno));
        close(out[0]), close(out[1]);
        return -1;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(why, len, "fork: %s", strerror(errno));
        close(out[0]), close(out[1]), close(err[0]), close(err[1]);
        return -1;
    }
    if (pid == 0)
        exec_child(argv, o, out[1], err[1]);
    if (o->own_group) {
        setpgid(pid, pid); /* also here: whichever runs first */
        child_running_pgid = pid;
    }
    close(out[1]);
    close(err[1]);
    double deadline = o->timeout_s ? timer_now_s() + o->timeout_s : 0;
    int oom = 0;
    int fds[2] = {out[0], err[0]};
    if (drain(fds, deadline, o, x, &oom)) {
        signal_child(pid, o, SIGTERM);
        x->timed_out = true;
    }
    /* A child may close its output and still run: the timeout holds here
     * too.  A timed-out run gets SIGTERM first and SIGKILL STOP_GRACE_S
     * later: mpirun puts each rank in a process group of its own, out of
     * reach of a kill of this group, and takes them down itself on
     * SIGTERM; a SIGKILLed mpirun would leave them running for a while. */
    double kill_at = x->timed_out ? timer_now_s() + STOP_GRACE_S : 0;
    bool reaped = false;
    for (;;) {
        bool polling = kill_at || (deadline && !x->timed_out);
        pid_t w = waitpid(pid, &x->status, polling ? WNOHANG : 0);
        if (w == pid) {
            reaped = true;
            break;
        }
        if (w < 0 && errno != EINTR) {
            snprintf(why, len, "waitpid: %s", strerror(errno));
            break;
        }
        if (w != 0)
            continue;
        double now = timer_now_s();
        if (kill_at && now >= kill_at) {
            signal_child(pid, o, SIGKILL);
            kill_at = 0; /* now wait for it to go */
        } else if (!kill_at && now >= deadline) {
            signal_child(pid, o, SIGTERM);
            x->timed_out = true;
            kill_at = now + STOP_GRACE_S;
        } else {
            struct timespec nap = {0, 10 * 1000 * 1000};
            nanosleep(&nap, NULL);
        }
    }
    if (o->own_group) {
        /* Whatever the child left in its group (a worker it forked) goes too. */
        kill(-pid, SIGKILL);
        child_running_pgid = 0;
    }
    if (reaped && oom)
        snprintf(why, len, "out of memory for the child's output");
    return reaped && !oom ? 0 : -1;
}

void child_exit_free(struct child_exit *x)
{
    free(x->out);
    free(x->err);
    x->out = x->err = NULL;
}

void child_run(char *const *argv, const char *env, unsigned timeout_s, struct child_outcome *oc)
{
    *oc = (struct child_outcome){.status = ST_FAILED};
    const struct child_opts o = {.env = env, .timeout_s = timeout_s, .own_group = true,
                                 .output_max = CHILD_OUTPUT_MAX};
    struct child_exit x;
    int rc = child_exec(argv, &o, &x, oc->reason, sizeof oc->reason);
    oc->out = x.out, oc->out_len = x.out_len;
    oc->err = x.err, oc->err_len = x.err_len;
    if (rc)
        return;
    int status = x.status;
    char line[CHILD_REASON_MAX];
    last_line(oc->err, line, sizeof line);
    if (x.timed_out) {
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
