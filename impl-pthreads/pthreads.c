/* pthreads.c - the pthreads model: T threads made per run, started together
 * through a gate, joined at the end.  Each writes only its own padded slot;
 * the dynamic split shares one atomic counter. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "gate.h"
#include "models.h"

struct pt_arg {
    const struct job *job;
    unsigned w;
    struct worker_result *slot;
    struct gate *start;
    atomic_uint_fast64_t *next;
};

/* Thread ids and arguments, allocated in setup so the timed run does no
 * allocation.  Owned by the model; freed in teardown. */
struct pt_state {
    pthread_t *tid;
    struct pt_arg *args;
};

static void *pt_worker(void *p)
{
    struct pt_arg *a = p;
    /* All workers begin together: thread creation cost shows up in
     * spawn_s, not as a head start for the first thread. */
    if (gate_wait(a->start))
        work_worker(a->job, a->w, a->next, a->slot);
    return NULL;
}

static int pt_setup(const struct job *job, void **state, struct err *e)
{
    struct pt_state *s = calloc(1, sizeof *s);
    if (s) {
        s->tid = calloc(job->threads, sizeof *s->tid);
        s->args = calloc(job->threads, sizeof *s->args);
    }
    if (!s || !s->tid || !s->args) {
        if (s) {
            free(s->tid);
            free(s->args);
        }
        free(s);
        return err_set(e, EXIT_RUN_FAILED, "out of memory for %u threads", job->threads);
    }
    *state = s;
    return 0;
}

static void pt_teardown(void *state)
{
    struct pt_state *s = state;
    if (!s)
        return;
    free(s->tid);
    free(s->args);
    free(s);
}

static int pt_run(void *state, const struct job *job, struct worker_result *slots,
                  struct child_usage *children, struct err *e)
{
    (void)children;
    struct pt_state *s = state;
    struct gate start;
    atomic_uint_fast64_t next = 0;
    gate_init(&start);
    for (unsigned w = 0; w < job->threads; w++)
        s->args[w] = (struct pt_arg){job, w, &slots[w], &start, &next};
    unsigned made;
    int rc = gate_run_threads(&start, job->threads, s->tid, pt_worker, s->args, sizeof *s->args, &made);
    gate_destroy(&start);
    if (rc)
        return err_set(e, EXIT_RUN_FAILED, "cannot create worker thread %u of %u: %s", made,
                       job->threads, strerror(rc));
    return 0;
}

const struct model model_pthreads = {
    .name = "pthreads",
    .setup = pt_setup,
    .run = pt_run,
    .teardown = pt_teardown,
};
