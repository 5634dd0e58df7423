/* timer.c - the one clock every measurement uses (timer.h). */
#include "timer.h"

#include <time.h>

#define NS_PER_S 1e9
/* Successive-readings trials for the granularity estimate. */
#define GRANULARITY_TRIALS 64

static double ts_s(const struct timespec *ts)
{
    return (double)ts->tv_sec + (double)ts->tv_nsec / NS_PER_S;
}

double timer_now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts_s(&ts);
}

double timer_thread_cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts_s(&ts);
}

double timer_resolution_s(void)
{
    struct timespec ts;
    clock_getres(CLOCK_MONOTONIC, &ts);
    return ts_s(&ts);
}

double timer_granularity_s(void)
{
    double best = 1.0;
    for (int i = 0; i < GRANULARITY_TRIALS; i++) {
        double t0 = timer_now_s(), t1;
        while ((t1 = timer_now_s()) == t0)
            ;
        if (t1 - t0 < best)
            best = t1 - t0;
    }
    return best;
}
