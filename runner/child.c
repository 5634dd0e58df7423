/* child.c - one run of a model binary as a child process: its own process
 * group, its output captured, an optional timeout, and the outcome turned
 * into the status and one-line reason that raw.csv records. */
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

static void append(char **buf, size_t *len, const char *data, size_t n)
{
    if (*len + n > CHILD_OUTPUT_MAX)
        n = CHILD_OUTPUT_MAX - *len;
    char *b = realloc(*buf, *len + n + 1);
    if (!b)
        return;
    memcpy(b + *len, data, n);
    *len += n;
    b[*len] = '\0';
    *buf = b;
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

/* Runs argv in its own process group (so a terminal's Ctrl-C reaches only
 * the runner, which then lets the run finish), capturing its output, with
 * an optional timeout that kills the whole group. */
void child_run(char *const *argv, const char *env, unsigned timeout_s, struct child_outcome *oc)
{
    int out[2], err[2];
    *oc = (struct child_outcome){.status = ST_FAILED};
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
    child_running_pgid = pid;
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
                kill(-pid, SIGTERM);
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
     * too.  A timed-out run gets SIGTERM first and SIGKILL STOP_GRACE_S
     * later: mpirun puts each rank in a process group of its own, out of
     * reach of a kill of this group, and takes them down itself on
     * SIGTERM; a SIGKILLed mpirun would leave them running for a while. */
    int status;
    double kill_at = timed_out ? timer_now_s() + STOP_GRACE_S : 0;
    for (;;) {
        bool polling = kill_at || (deadline && !timed_out);
        pid_t w = waitpid(pid, &status, polling ? WNOHANG : 0);
        if (w == pid || (w < 0 && errno != EINTR))
            break;
        if (w != 0)
            continue;
        double now = timer_now_s();
        if (kill_at && now >= kill_at) {
            kill(-pid, SIGKILL);
            kill_at = 0; /* now wait for it to go */
        } else if (!kill_at && now >= deadline) {
            kill(-pid, SIGTERM);
            timed_out = 1;
            kill_at = now + STOP_GRACE_S;
        } else {
            struct timespec nap = {0, 10 * 1000 * 1000};
            nanosleep(&nap, NULL);
        }
    }
    /* Whatever the child left in its group (a worker it forked) goes too. */
    kill(-pid, SIGKILL);
    child_running_pgid = 0;
    char line[CHILD_REASON_MAX];
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
