/* schedule.c - on-CPU intervals, overlap and hand-overs (schedule.h). */
#include "schedule.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

/* A worker is on a CPU in a step when it used more than this share of it. */
#define ON_CPU_SHARE 0.5

size_t schedule_changes_only(struct sched_point *p, size_t n)
{
    if (n < 3)
        return n;
    size_t k = 1;
    for (size_t i = 1; i + 1 < n; i++)
        if (p[i].cpu_s != p[k - 1].cpu_s)
            p[k++] = p[i];
    p[k++] = p[n - 1];
    return k;
}

size_t schedule_intervals(const struct sched_point *p, size_t n, struct sched_interval *out)
{
    size_t m = 0;
    size_t prev = 0;
    for (size_t i = 1; i < n; i++) {
        double dt = p[i].t_s - p[prev].t_s;
        if (!(dt > 0))
            continue; /* not later: skipped */
        bool on = p[i].cpu_s - p[prev].cpu_s > ON_CPU_SHARE * dt;
        if (on) {
            if (m && out[m - 1].end_s == p[prev].t_s)
                out[m - 1].end_s = p[i].t_s; /* the step after an on-CPU step: one interval */
            else
                out[m++] = (struct sched_interval){p[prev].t_s, p[i].t_s};
        }
        prev = i;
    }
    return m;
}

/* One end of an interval, for the sweep: +1 at a start, -1 at an end. */
struct edge {
    double t;
    int delta;
};

static int edge_cmp(const void *a, const void *b)
{
    const struct edge *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    return x->delta - y->delta; /* ends before starts: touching is not overlapping */
}

double schedule_overlap_s(const struct sched_interval *const *iv, const size_t *niv, size_t workers, unsigned k)
{
    size_t n = 0;
    for (size_t w = 0; w < workers; w++)
        n += 2 * niv[w];
    if (n == 0)
        return 0;
    struct edge *e = malloc(n * sizeof *e);
    if (!e)
        return NAN;
    size_t j = 0;
    for (size_t w = 0; w < workers; w++)
        for (size_t i = 0; i < niv[w]; i++) {
            e[j++] = (struct edge){iv[w][i].start_s, +1};
            e[j++] = (struct edge){iv[w][i].end_s, -1};
        }
    qsort(e, n, sizeof *e, edge_cmp);
    double total = 0;
    long on = 0;
    for (size_t i = 0; i < n; i++) {
        if (i && on >= (long)k)
            total += e[i].t - e[i - 1].t;
        on += e[i].delta;
    }
    free(e);
    return total;
}

struct start {
    double t;
    size_t worker;
};

static int start_cmp(const void *a, const void *b)
{
    const struct start *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    return x->worker < y->worker ? -1 : x->worker > y->worker;
}

size_t schedule_handovers(const struct sched_interval *const *iv, const size_t *niv, size_t workers)
{
    size_t n = 0;
    for (size_t w = 0; w < workers; w++)
        n += niv[w];
    if (n < 2)
        return 0;
    struct start *s = malloc(n * sizeof *s);
    if (!s)
        return SIZE_MAX;
    size_t j = 0;
    for (size_t w = 0; w < workers; w++)
        for (size_t i = 0; i < niv[w]; i++)
            s[j++] = (struct start){iv[w][i].start_s, w};
    qsort(s, n, sizeof *s, start_cmp);
    size_t h = 0;
    for (size_t i = 1; i < n; i++)
        h += s[i].worker != s[i - 1].worker;
    free(s);
    return h;
}
