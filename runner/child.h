/* child.h - one run of a model binary as a child process (see child.c);
 * under it, child_exec_n, the one fork/exec/poll/wait of the project
 * (several children at once: the ceiling's copies), which the tests'
 * proc_run uses too through child_exec. */
#ifndef STUDY_CHILD_H
#define STUDY_CHILD_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "csvread.h"
#include "err.h"

#define CHILD_REASON_MAX 240

/* A run's outcome, as raw.csv's status column says it. */
#define CHILD_STATUS_TABLE(X)                                                \
    X(ST_OK, "ok")                                                           \
    X(ST_WRONG, "wrong")                                                     \
    X(ST_FAILED, "failed")                                                   \
    X(ST_TIMEOUT, "timeout")                                                 \
    X(ST_MISSING, "missing")
#define ST_ENUM(id, name) id,
enum child_status { CHILD_STATUS_TABLE(ST_ENUM) ST_COUNT };
#undef ST_ENUM
extern const char *const child_status_names[ST_COUNT];

struct child_outcome {
    enum child_status status;
    char reason[CHILD_REASON_MAX];
    char *out, *err;       /* the child's stdout and stderr (malloc'd; NULL only when it never ran) */
    size_t out_len, err_len;
    double cpu_s;          /* its CPU time, user + system, with every descendant it waited for
                            * (wait4's rusage); NAN when it was not reaped */
};

/* The process group of the run in progress, 0 when none: a second Ctrl-C
 * kills it from the runner's signal handler. */
extern volatile sig_atomic_t child_running_pgid;

/* ---- the one fork/exec/poll/wait (the runner's runs and the tests') ---- */

/* How child_exec runs a child. */
struct child_opts {
    const char *env;    /* NULL, or one "VAR=value" added to its environment */
    unsigned timeout_s; /* 0: none; else SIGTERM when it is up, SIGKILL 5 s later */
    bool own_group;     /* its own process group: signals and the timeout reach the whole group,
                         * child_running_pgid names it while it runs, and whatever is left in it
                         * when the child ends is killed */
    size_t output_max;  /* bytes kept of its stdout, and of its stderr; 0: all */
    const int *cpu_of;  /* NULL, or child i started pinned to CPU cpu_of[i] (the ceiling's copies
                         * under --pin cores: each copy on a core of its own) */
};

/* How a child ended and what it wrote. */
struct child_exit {
    int status;         /* wait4's */
    bool timed_out;     /* the timeout stopped it */
    char *out, *err;    /* NUL-terminated, malloc'd, never NULL after child_exec returned 0 */
    size_t out_len, err_len;
    double cpu_s;       /* user + system CPU from wait4's rusage (its waited-for descendants
                         * included); NAN until reaped */
};

/* Told as things happen, for the load monitor (runner/loadmon.h): started
 * just before the first fork, reaped(i) just after child i was reaped,
 * with every child's pid, which are reaped so far and their exits (cpu_s
 * set for those), so that it can read /proc while the others still run.
 * Either may be NULL. */
struct child_hooks {
    void (*started)(void *arg);
    void (*reaped)(void *arg, size_t i, const pid_t *pids, const bool *reaped, const struct child_exit *x, size_t n);
    void *arg;
};

/* Runs argv[0] (a path, execv) with stdin from /dev/null and stdout and
 * stderr captured through pipes, and waits for it.  0 when it ran and was
 * reaped; -1 with why (pipe, fork, waitpid, memory) otherwise.  Either
 * way child_exit_free releases *x. */
int child_exec(char *const *argv, const struct child_opts *o, struct child_exit *x, char *why, size_t len);
/* The same for n children started at once (argvs[i] for child i, all with
 * the options o; with own_group, all in one process group, whose every
 * member the timeout, a second interrupt and the end stop together), each
 * reaped as soon as it ends (hooks may be NULL).  0 when every one ran and
 * was reaped; -1 with why otherwise.  Each x[i] is to be released by
 * child_exit_free either way. */
int child_exec_n(char *const *const *argvs, size_t n, const struct child_opts *o, const struct child_hooks *hooks,
                 struct child_exit *x, char *why, size_t len);
void child_exit_free(struct child_exit *x);

/* Runs argv in its own process group (so a terminal's Ctrl-C reaches only
 * the runner, which then lets the run finish), capturing its output, with
 * an optional timeout (0: none) that stops the whole group, and env (NULL,
 * or one "VAR=value") added to its environment.  Fills *oc;
 * child_outcome_free releases it. */
void child_run(char *const *argv, const char *env, unsigned timeout_s, struct child_outcome *oc);
/* child_run for n children started at once, as child_exec_n runs them:
 * oc[i] is child i's outcome (every one released by child_outcome_free). */
void child_run_n(char *const *const *argvs, size_t n, const char *env, unsigned timeout_s, const int *cpu_of,
                 const struct child_hooks *hooks, struct child_outcome *oc);
void child_outcome_free(struct child_outcome *oc);

/* Reading a model's CSV output: child_open_rows opens it on r and checks
 * our header (0, or -1 with e set); child_next_row gives the next row's
 * COL_COUNT fields (1), the end (0) or an error (-1: a short row, bad
 * CSV).  Fields point into r, which the caller closes either way. */
int child_open_rows(const struct child_outcome *oc, struct csv_reader *r, struct err *e);
int child_next_row(struct csv_reader *r, char **fields, struct err *e);

/* The usual case: our header, then a row (the first one; a model run with
 * -r 1 writes exactly one). */
int child_parse_row(const struct child_outcome *oc, char **fields, struct csv_reader *r, struct err *e);

#endif
