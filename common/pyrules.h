/* pyrules.h - the rules the two programs that run Python workers share:
 * bin/embedded-py-<tag> (impl-embedded-py/host.c, which embeds the
 * interpreter) and bin/direct-py-<tag> (impl-embedded-py/direct.c, which
 * starts the interpreter's own executable).  Written once here so that a
 * py<tag>-direct cell and a py<tag>-threading cell are started, and
 * refused, by the same rules.
 *
 * No Python.h: the direct program does not link libpython, so whether the
 * build is free-threaded comes from the caller (the host's Py_GIL_DISABLED,
 * the executable's own report).
 */
#ifndef STUDY_PYRULES_H
#define STUDY_PYRULES_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

/* The PYTHON* variables honoured, each as the -X option it becomes.  Both
 * programs start Python isolated (PyConfig_InitIsolatedConfig; python -I),
 * which ignores every PYTHON* variable, so these are passed on by hand. */
#define PYRULES_VARS(X) \
    X("PYTHON_GIL", "gil")  \
    X("PYTHON_TLBC", "tlbc")
#define PYRULES_NVARS 2
#define PYRULES_OPT_MAX 40       /* "gil=1": one -X option's text */
#define PYRULES_ENV_MAX 128      /* the py_env column: "PYTHON_GIL=1;PYTHON_TLBC=0" */

struct pyrules_env {
    size_t nopts;
    char xopt[PYRULES_NVARS][PYRULES_OPT_MAX]; /* -X options, "gil=1" */
    char py_env[PYRULES_ENV_MAX];              /* for the py_env column */
};

/* Reads the honoured variables from the environment.  A value longer than
 * half of PYRULES_OPT_MAX is refused (EXIT_USAGE, one line naming it). */
int pyrules_env_read(struct pyrules_env *pe, struct err *e);

/* Before any run: a free-threaded build whose interpreter reports its GIL
 * on (PYTHON_GIL=1, or an extension that switched it back on) is measured
 * only with --allow-gil; otherwise EXIT_USAGE, one line. */
int pyrules_gil_at_start(bool free_threaded, bool gil_on, bool allow_gil, const struct pyrules_env *pe,
                         struct err *e);

/* After a run: the GIL seen on by the workers of a free-threaded build
 * fails the run (EXIT_RUN_FAILED) without --allow-gil. */
int pyrules_gil_in_run(bool free_threaded, bool gil_on, bool allow_gil, struct err *e);

/* --inject-fault with a signal kills the worker's whole process: accepted
 * only where workers are processes of their own (EXIT_USAGE otherwise). */
int pyrules_fault(bool workers_are_processes, int fault_signal, struct err *e);

/* A mode newer than the interpreter (major.minor) is refused by name. */
int pyrules_mode_version(const char *mode, int mode_major, int mode_minor, int py_major, int py_minor,
                         struct err *e);

#endif
