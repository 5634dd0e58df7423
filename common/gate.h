/* gate.h - a start gate for threads: workers wait until the creator opens
 * it (all start together, as behind a barrier) or cancels it (a thread
 * could not be created, and those already made must leave without work). */
#ifndef STUDY_GATE_H
#define STUDY_GATE_H

#include <pthread.h>

struct gate {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int state; /* GATE_SHUT, GATE_OPEN or GATE_CANCELLED, under mu */
};

enum { GATE_SHUT, GATE_OPEN, GATE_CANCELLED };

void gate_init(struct gate *g);
void gate_destroy(struct gate *g);
/* Sets the state (GATE_OPEN or GATE_CANCELLED) and wakes every waiter. */
void gate_set(struct gate *g, int state);
/* Blocks while shut; returns 1 when opened, 0 when cancelled. */
int gate_wait(struct gate *g);

/* The whole of a run on threads: creates n threads, thread i running
 * fn((char *)args + i * stride) (the caller has filled args, each fn starts
 * with gate_wait(g)), opens g once all exist or cancels it when one could
 * not be created, and joins every thread made.  Returns 0, or the
 * pthread_create error with *made threads having been made (and joined). */
int gate_run_threads(struct gate *g, unsigned n, pthread_t *tid, void *(*fn)(void *), void *args,
                     size_t stride, unsigned *made);

#endif
