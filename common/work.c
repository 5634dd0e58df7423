/* work.c - the worker side shared by every model: what worker w computes and
 * how its start, end and CPU time are recorded. */
#define _GNU_SOURCE
#include "job.h"
#include "pin.h"
#include "sampler.h"
#include "split.h"
#include "timer.h"

#include <sched.h>

void work_begin(const struct job *job, unsigned w, struct worker_result *r)
{
    sampler_register(job->sample_board, w);
    if (job->cpus)
        pin_self(job->cpus[w]); /* best effort: the CPU used is recorded below */
    r->cpu = sched_getcpu();
    r->cpu_s = timer_thread_cpu_s();
    r->start_s = timer_now_s();
}

void work_end(struct worker_result *r)
{
    r->end_s = timer_now_s();
    r->cpu_s = timer_thread_cpu_s() - r->cpu_s;
    r->done = 1;
}

uint64_t work_task(const struct job *job, uint64_t i)
{
    const struct nq_task *t = &job->pool[i];
    return kernel_nqueens((unsigned)job->size, t->cols, t->d1, t->d2, t->row);
}

void work_static(const struct job *job, unsigned w, struct worker_result *r)
{
    uint64_t lo, hi;
    switch (job->split) {
    case SPLIT_WEAK:
        r->value += kernel_sumsq(0, job->size);
        r->units += job->size;
        break;
    case SPLIT_STRONG:
        split_chunk(job->size, job->threads, w, &lo, &hi);
        r->value += kernel_sumsq(lo, hi);
        r->units += hi - lo;
        break;
    case SPLIT_RR:
        for (unsigned c = w; c < job->size; c += job->threads) {
            struct nq_task t = split_first_row((unsigned)job->size, c);
            r->value += kernel_nqueens((unsigned)job->size, t.cols, t.d1, t.d2, t.row);
            r->units++;
        }
        break;
    case SPLIT_DYNAMIC:
    case SPLIT_COUNT:
        break;
    }
}

void work_dynamic(const struct job *job, atomic_uint_fast64_t *next, struct worker_result *r)
{
    uint64_t i;
    /* relaxed: the counter only hands out distinct indices; the pool is
     * read-only and was written before the workers were started. */
    while ((i = atomic_fetch_add_explicit(next, 1, memory_order_relaxed)) < job->pool_len) {
        r->value += work_task(job, i);
        r->units++;
    }
}

void work_worker(const struct job *job, unsigned w, atomic_uint_fast64_t *next,
                 struct worker_result *r)
{
    work_begin(job, w, r);
    if (job->split == SPLIT_DYNAMIC)
        work_dynamic(job, next, r);
    else
        work_static(job, w, r);
    work_end(r);
}
