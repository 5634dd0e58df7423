/* harness.h - the one timing core every model binary shares (in the manner
 * of lmbench's benchmp() and EPCC's common.c): warm-up runs, timed runs,
 * resource accounting, verification after timing, and the CSV rows. */
#ifndef STUDY_HARNESS_H
#define STUDY_HARNESS_H

#include "cli.h"
#include "csv.h"
#include "job.h"

/* One timed run, as it goes into a CSV row. */
struct run_stats {
    double start_s; /* CLOCK_MONOTONIC when the run began; timeline origin */
    double wall_s, spawn_s, user_s, sys_s;
    long maxrss_kib, vol_ctx, invol_ctx;
    u128 result;   /* the total, or for sumsq weak the value all workers agree on */
    int verified;  /* 1: result is exact, every worker reported, units add up */
    int gil_enabled; /* embedded host: 1/0 as its workers saw it; else -1 */
    char why[ERR_MSG_MAX]; /* when not verified: what was wrong */
};

/* Builds the job for one thread count: the dynamic pool and the CPU plan
 * are allocated here and released by harness_job_free().  Not timed. */
int harness_job_init(struct job *job, const struct config *cfg, unsigned threads, struct err *e);
void harness_job_free(struct job *job);

/* Per-worker slots for T workers, aligned to SLOT_ALIGN_BYTES; free() them. */
struct worker_result *harness_slots(unsigned threads);

/* One run of an already set-up model: clears the slots, times m->run,
 * accounts resources, then verifies.  Returns -1 only when the run itself
 * failed (a worker crashed, a thread could not be made); a wrong result
 * returns 0 with st->verified == 0. */
int harness_run(const struct model *m, void *state, const struct job *job,
                struct worker_result *slots, struct run_stats *st, struct err *e);

/* The whole program for one model: parse argv, open the outputs, run every
 * thread count, print errors.  Returns the exit status. */
int harness_main(const struct model *m, int argc, char **argv);

#endif
