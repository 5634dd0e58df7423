/* timer.h - the one clock every measurement uses. */
#ifndef STUDY_TIMER_H
#define STUDY_TIMER_H

/* CLOCK_MONOTONIC in seconds: system-wide, so values taken in forked
 * children compare with the parent's. */
double timer_now_s(void);

/* CPU time of the calling thread, in seconds. */
double timer_thread_cpu_s(void);

/* The clock's resolution as the kernel states it (clock_getres). */
double timer_resolution_s(void);

/* The smallest step between two successive readings that differ, as
 * STREAM reports it: what a single timing can resolve in practice. */
double timer_granularity_s(void);

#endif
