/* sampler.h - who runs when: while one run goes on, a thread reads every
 * worker's accumulated CPU time about every millisecond, so that the
 * analysis can tell the intervals in which each worker was on a CPU.
 *
 * How workers are found: each worker registers itself on a board as early
 * as its model lets it (sampler_register: its pid, its thread id and its
 * thread CPU clock).  The board lives in a MAP_SHARED mapping, so a worker
 * that is a forked child registers the same way as a thread.  The sampling
 * thread picks up each entry once it is published and from then on reads
 * (the CSV's clock column names which):
 *   thread     a worker thread of this process: its thread CPU clock, exact
 *              at the moment of reading (the kernel brings a running
 *              thread's sum_exec_runtime up to date for the read);
 *   process    a worker that is a process of its own (fork; such workers are
 *              single-threaded): that process's CPU clock;
 *   schedstat  anything else: /proc/<pid>/task/<tid>/schedstat, 1st field.
 * Linux lets a thread CPU clock be read only inside its own process, and
 * for another process (the process clock, schedstat) it reports a running
 * task's time as of the last scheduler tick (4 ms at HZ=250): such readings
 * are current only when they change, and the analysis treats them so
 * (analysis/schedule.h).
 *
 * Contract: the sampling thread does no I/O beyond reading the clocks (and
 * /proc for the fallback) and keeps its samples in memory; the caller writes
 * them out after sampler_stop().  Its shared state is the board (one atomic
 * publication per entry) and a stop flag under a mutex; the samples pass to
 * the caller through pthread_join.  The sampled run is never a timed one:
 * the harness does it after the timed runs (common/harness.c).
 */
#ifndef STUDY_SAMPLER_H
#define STUDY_SAMPLER_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "err.h"

/* How often the CPU times are read.  1 ms resolves CPython's 5 ms switch
 * interval; README "Who runs when" gives what it costs. */
#define SAMPLER_PERIOD_NS 1000000L
/* Samples kept at most (all workers together): 2^21, 48 MiB, over half an
 * hour of one worker at 1 ms.  Past it, sampling stops and the run says so. */
#define SAMPLER_SAMPLES_MAX (1u << 21)

/* One worker's entry on the board.  The worker writes pid and clock, then
 * publishes tid (release); the sampler reads tid (acquire), then the rest. */
struct sampler_entry {
    int pid;
    bool has_clock;     /* clock is its thread CPU clock (valid in pid only) */
    clockid_t clock;
    atomic_int tid;     /* 0 until the worker has registered */
};

/* Worker w registers itself: call it in the worker (thread or child), once
 * per run.  A NULL board (no sampling) does nothing.  Lock-free and free of
 * allocation, so it is safe in a forked child. */
void sampler_register(struct sampler_entry *board, unsigned w);

/* One reading: worker, CLOCK_MONOTONIC and its accumulated CPU time, in ns. */
struct sampler_sample {
    unsigned worker;
    int64_t t_ns, cpu_ns;
};

struct sampler;

/* A sampler for `workers` workers.  0, or -1 with *e. */
int sampler_create(struct sampler **out, unsigned workers, struct err *e);
void sampler_destroy(struct sampler *s);

/* The board the workers register on (job->sample_board). */
struct sampler_entry *sampler_board(struct sampler *s);

/* Clears the board and the samples, then starts the sampling thread. */
int sampler_start(struct sampler *s, struct err *e);
/* Stops and joins the sampling thread (at once, not at its next tick). */
void sampler_stop(struct sampler *s);

/* After sampler_stop: the samples in the order taken (each worker's in time
 * order), and whether SAMPLER_SAMPLES_MAX cut them short. */
size_t sampler_samples(const struct sampler *s, const struct sampler_sample **out, bool *truncated);
/* After sampler_stop: how many ticks the sampling thread made and the CPU
 * time it used doing so (its own cost, taken from the workers' CPUs). */
void sampler_cost(const struct sampler *s, size_t *ticks, double *cpu_s);
/* After sampler_stop: worker w's pid and thread id (0, 0 if it never
 * registered) and how it was read: "thread", "process", "schedstat" (or ""
 * if never). */
void sampler_who(struct sampler *s, unsigned w, int *pid, int *tid, const char **clock);

#endif
