/* child.h - one run of a model binary as a child process (see child.c);
 * under it, child_exec, the one fork/exec/poll/wait of the project, which
 * the tests' proc_run uses too. */
#ifndef STUDY_CHILD_H
#define STUDY_CHILD_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

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
};

/* How a child ended and what it wrote. */
struct child_exit {
    int status;         /* waitpid's */
    bool timed_out;     /* the timeout stopped it */
    char *out, *err;    /* NUL-terminated, malloc'd, never NULL after child_exec returned 0 */
    size_t out_len, err_len;
};

/* Runs argv[0] (a path, execv) with stdin from /dev/null and stdout and
 * stderr captured through pipes, and waits for it.  0 when it ran and was
 * reaped; -1 with why (pipe, fork, waitpid, memory) otherwise.  Either
 * way child_exit_free releases *x. */
int child_exec(char *const *argv, const struct child_opts *o, struct child_exit *x, char *why, size_t len);
void child_exit_free(struct child_exit *x);

/* Runs argv in its own process group (so a terminal's Ctrl-C reaches only
 * the runner, which then lets the run finish), capturing its output, with
 * an optional timeout (0: none) that stops the whole group, and env (NULL,
 * or one "VAR=value") added to its environment.  Fills *oc;
 * child_outcome_free releases it. */
void child_run(char *const *argv, const char *env, unsigned timeout_s, struct child_outcome *oc);
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
