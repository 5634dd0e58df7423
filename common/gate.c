/* gate.c - the start gate for worker threads (gate.h). */
#include "gate.h"

void gate_init(struct gate *g)
{
    pthread_mutex_init(&g->mu, NULL);
    pthread_cond_init(&g->cv, NULL);
    g->state = GATE_SHUT;
}

void gate_destroy(struct gate *g)
{
    pthread_cond_destroy(&g->cv);
    pthread_mutex_destroy(&g->mu);
}

void gate_set(struct gate *g, int state)
{
    pthread_mutex_lock(&g->mu);
    g->state = state;
    pthread_cond_broadcast(&g->cv);
    pthread_mutex_unlock(&g->mu);
}

int gate_wait(struct gate *g)
{
    pthread_mutex_lock(&g->mu);
    while (g->state == GATE_SHUT)
        pthread_cond_wait(&g->cv, &g->mu);
    int open = g->state == GATE_OPEN;
    pthread_mutex_unlock(&g->mu);
    return open;
}

int gate_run_threads(struct gate *g, unsigned n, pthread_t *tid, void *(*fn)(void *), void *args,
                     size_t stride, unsigned *made)
{
    int rc = 0;
    unsigned k = 0;
    for (; k < n; k++) {
        rc = pthread_create(&tid[k], NULL, fn, (char *)args + k * stride);
        if (rc)
            break;
    }
    gate_set(g, k == n ? GATE_OPEN : GATE_CANCELLED);
    for (unsigned i = 0; i < k; i++)
        pthread_join(tid[i], NULL);
    *made = k;
    return rc;
}
