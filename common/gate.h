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

#endif
