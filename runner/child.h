/* child.h - one run of a model binary as a child process (see child.c). */
#ifndef STUDY_CHILD_H
#define STUDY_CHILD_H

#include <signal.h>
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
    char *out, *err;       /* the child's stdout and stderr (malloc'd) */
    size_t out_len, err_len;
};

/* The process group of the run in progress, 0 when none: a second Ctrl-C
 * kills it from the runner's signal handler. */
extern volatile sig_atomic_t child_running_pgid;

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
