/* csv.h - RFC 4180 output: the column tables and an appending writer.
 *
 * The column lists below are the single source of truth for the header, the
 * row layout and the tests.  Every model writes the same columns; those that
 * do not apply to a model (the Python ones, for native C) are left empty.
 */
#ifndef STUDY_CSV_H
#define STUDY_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "err.h"

/*        id            name            meaning */
#define RESULT_COLUMNS(X)                                                          \
    X(COL_MODEL,       "model",       "model binary: pthreads, openmp, multiprocess, mpi, embedded-py, direct-py") \
    X(COL_WORKLOAD,    "workload",    "sumsq or nqueens")                          \
    X(COL_SPLIT,       "split",       "weak, strong, rr or dynamic")               \
    X(COL_SIZE,        "size",        "N (sumsq) or n (nqueens)")                  \
    X(COL_THREADS,     "threads",     "workers T")                                 \
    X(COL_REP,         "rep",         "repetition, 1..R")                          \
    X(COL_WALL_S,      "wall_s",      "first worker started .. last joined or reaped") \
    X(COL_SPAWN_S,     "spawn_s",     "run start .. last worker began its work")   \
    X(COL_USER_S,      "user_s",      "user CPU of the run, children included")    \
    X(COL_SYS_S,       "sys_s",       "system CPU of the run, children included")  \
    X(COL_MAXRSS_KIB,  "maxrss_kib",  "peak RSS: the process, plus every child's peak") \
    X(COL_VOL_CTX,     "vol_ctx",     "voluntary context switches in the run")     \
    X(COL_INVOL_CTX,   "invol_ctx",   "involuntary context switches in the run")   \
    X(COL_RESULT,      "result",      "the exact decimal result")                  \
    X(COL_VERIFIED,    "verified",    "1 when result matches the exact answer")    \
    X(COL_PIN,         "pin",         "none or cores")                             \
    X(COL_INTERPRETER, "interpreter", "Python version, e.g. 3.14.4t (Python only: embedded-py, direct-py)") \
    X(COL_MODE,        "mode",        "how Python ran the workers (Python only: embedded-py, direct-py)") \
    X(COL_GIL_ENABLED, "gil_enabled", "sys._is_gil_enabled() in the workers (Python only: embedded-py, direct-py)") \
    X(COL_INIT_S,      "init_s",      "interpreter start-up, not in wall_s (Python only: embedded-py, direct-py)") \
    X(COL_PY_ENV,      "py_env",      "PYTHON_GIL / PYTHON_TLBC when set (Python only: embedded-py, direct-py)") \
    X(COL_LAUNCH_S,    "launch_s",    "mpirun start .. every rank met at the first barrier, once per process (mpi only)") \
    X(COL_HOSTS,       "hosts",       "distinct hosts the ranks ran on (mpi only)") \
    X(COL_RANKS_PER_HOST, "ranks_per_host", "ranks on each host: 2, or 2+1 when uneven (mpi only)")

#define TIMELINE_COLUMNS(X)                                                        \
    X(TL_MODEL,    "model",    "as in the results")                                \
    X(TL_WORKLOAD, "workload", "")                                                 \
    X(TL_SPLIT,    "split",    "")                                                 \
    X(TL_SIZE,     "size",     "")                                                 \
    X(TL_THREADS,  "threads",  "")                                                 \
    X(TL_REP,      "rep",      "the run: its repetition, 1..R")                    \
    X(TL_WORKER,   "worker",   "0..T-1")                                           \
    X(TL_CPU,      "cpu",      "CPU the worker started on")                        \
    X(TL_START_S,  "start_s",  "work began, from the run's start")                 \
    X(TL_END_S,    "end_s",    "work ended, from the run's start")                 \
    X(TL_CPU_S,    "cpu_s",    "the worker's own CPU time")                        \
    X(TL_UNITS,    "units",    "work done: sumsq iterations, nqueens tasks")

/* --sample-cpu: one row per reading of one worker in the sampled run. */
#define SAMPLE_COLUMNS(X)                                                          \
    X(SM_MODEL,    "model",    "as in the results")                                \
    X(SM_WORKLOAD, "workload", "")                                                 \
    X(SM_SPLIT,    "split",    "")                                                 \
    X(SM_SIZE,     "size",     "")                                                 \
    X(SM_THREADS,  "threads",  "")                                                 \
    X(SM_WORKER,   "worker",   "0..T-1")                                           \
    X(SM_PID,      "pid",      "the worker's process")                             \
    X(SM_TID,      "tid",      "the worker's kernel thread id (gettid)")           \
    X(SM_T_S,      "t_s",      "when read, from the sampled run's start")          \
    X(SM_CPU_S,    "cpu_s",    "the worker's accumulated CPU time then")           \
    X(SM_CLOCK,    "clock",    "how: thread (exact), process or schedstat (as of the last tick)") \
    X(SM_WALL_S,   "wall_s",   "the sampled run's wall time (same on every row)")

#define COL_ENUM(id, name, help) id,
enum result_column { RESULT_COLUMNS(COL_ENUM) COL_COUNT };
enum timeline_column { TIMELINE_COLUMNS(COL_ENUM) TL_COUNT };
enum sample_column { SAMPLE_COLUMNS(COL_ENUM) SM_COUNT };
#undef COL_ENUM

extern const char *const csv_result_header[COL_COUNT];
extern const char *const csv_timeline_header[TL_COUNT];
extern const char *const csv_sample_header[SM_COUNT];

/* An output file.  Owns f unless it is stdout. */
struct csv_out {
    FILE *f;
    const char *path; /* for messages; "-" for stdout */
    bool created;     /* csv_open made the file: csv_discard may remove it */
};

/* Opens path for appending (NULL or "-": stdout).  A new or empty file gets
 * the header; an existing one must start with exactly this header, else the
 * call fails with EXIT_USAGE and the file is untouched. */
int csv_open(struct csv_out *out, const char *path, const char *const *header, size_t ncols,
             struct err *e);

/* Writes one row (ncols fields; NULL is empty), quoted per RFC 4180 and
 * ended with CRLF, then flushes, so a row reported written is on disk as
 * far as the kernel is concerned.  Errors (a full disk, a removed folder)
 * are reported, not ignored. */
int csv_write_row(struct csv_out *out, const char *const *fields, size_t ncols, struct err *e);

/* Closes, reporting a failed final flush. */
int csv_close(struct csv_out *out, struct err *e);

/* Closes and, when csv_open created the file, removes it: for aborting
 * before any row was written. */
void csv_discard(struct csv_out *out);

/* Writes one field to f, quoted when it holds a comma, quote, CR or LF. */
void csv_put_field(FILE *f, const char *s);

#endif
