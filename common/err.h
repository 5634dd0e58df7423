/* err.h - error values passed up to the one place that prints and exits.
 *
 * Contract: a function that can fail returns 0 on success and -1 on failure,
 * after filling the caller's struct err.  Only main() prints it (one line on
 * stderr, "prog: message") and picks the exit status from err.code.  Nothing
 * below main() calls exit() except a forked child, which uses _exit().
 */
#ifndef STUDY_ERR_H
#define STUDY_ERR_H

#include <stdarg.h>

/* Exit statuses, shared by every binary of the study. */
enum {
    EXIT_OK = 0,
    EXIT_RUN_FAILED = 1, /* a run crashed, timed out or gave a wrong result */
    EXIT_USAGE = 2       /* bad input: nothing was run and nothing written */
};

#define ERR_MSG_MAX 512

struct err {
    int code;               /* one of the EXIT_* values */
    char msg[ERR_MSG_MAX];  /* one line, no trailing newline */
};

/* Fills e and returns -1, so callers can write `return err_set(e, ...)`. */
int err_set(struct err *e, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int err_setv(struct err *e, int code, const char *fmt, va_list ap);

#endif
