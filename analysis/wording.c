/* wording.c - levels as reached, extremes only when separated, runs per
 * cell from the data (wording.h). */
#include "wording.h"

#include "text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- levels ----------------------------------------------------------------- */

double wording_cell_level(const struct cell *c)
{
    if (!c || !isfinite(c->ci_level))
        return NAN;
    return c->ci_level < CATALOG_CI_LEVEL ? c->ci_level : CATALOG_CI_LEVEL;
}

double wording_ratio_level(const struct cell *x, const struct cell *y)
{
    double lx = wording_cell_level(x), ly = wording_cell_level(y);
    return isnan(lx) || isnan(ly) ? NAN : fmin(lx, ly);
}

double wording_speedup_level(const struct cell *c)
{
    return c && c->threads > 1 && c->base ? wording_ratio_level(c, c->base) : NAN;
}

/* The C pthreads cell c's cost was set against (summary.c's rule). */
static const struct cell *slowdown_ref(const struct analysis *a, const struct cell *c)
{
    const struct cell *same = NULL, *largest = NULL;
    for (size_t i = 0; i < a->ncells; i++) {
        const struct cell *o = &a->cells[i];
        if (strcmp(o->impl, "pthreads") || strcmp(o->workload, c->workload) || strcmp(o->split, c->split) ||
            o->threads != c->threads)
            continue;
        if (o->size == c->size)
            same = o;
        if (!largest || o->size > largest->size)
            largest = o;
    }
    return same ? same : largest;
}

double wording_slowdown_level(const struct analysis *a, const struct cell *c)
{
    const struct cell *ref = slowdown_ref(a, c);
    return ref ? wording_ratio_level(c, ref) : NAN;
}

size_t wording_cell_runs(const struct cell *c)
{
    return c ? c->nproc : 0;
}

static size_t fewer(size_t x, size_t y)
{
    return x < y ? x : y;
}

size_t wording_speedup_runs(const struct cell *c)
{
    return c && c->base ? fewer(c->nproc, c->base->nproc) : 0;
}

size_t wording_slowdown_runs(const struct analysis *a, const struct cell *c)
{
    const struct cell *ref = c ? slowdown_ref(a, c) : NULL;
    return ref ? fewer(c->nproc, ref->nproc) : 0;
}

void wording_level(char *buf, size_t len, double level)
{
    if (!isfinite(level)) {
        snprintf(buf, len, "?");
        return;
    }
    if (level >= CATALOG_CI_LEVEL) {
        snprintf(buf, len, "%d%%", CATALOG_CI_PERCENT);
        return;
    }
    double pct = 100 * level;
    if (round(pct) < CATALOG_CI_PERCENT)
        snprintf(buf, len, "%.0f%%", pct);
    else /* 94.6% is not 95%: one decimal, cut rather than rounded */
        snprintf(buf, len, "%.1f%%", floor(10 * pct) / 10);
}

void wording_levels_add(struct level_span *l, double level)
{
    /* one unit (one run, one pair) gives no interval, whatever is printed */
    if (!isfinite(level) || level <= 0)
        return;
    level = fmin(level, CATALOG_CI_LEVEL);
    l->lo = l->n ? fmin(l->lo, level) : level;
    l->hi = l->n ? fmax(l->hi, level) : level;
    l->n++;
}

void wording_levels_text(char *buf, size_t len, const struct level_span *l)
{
    buf[0] = '\0';
    if (!l->n)
        return;
    char lo[16], hi[16];
    wording_level(lo, sizeof lo, l->lo);
    wording_level(hi, sizeof hi, l->hi);
    if (!strcmp(lo, hi))
        snprintf(buf, len, "%s", lo);
    else
        snprintf(buf, len, "%s to %s", lo, hi);
}

void wording_panel_levels(const struct analysis *a, const struct panel *p, struct level_span *speedups,
                          struct level_span *costs)
{
    for (size_t i = 0; i < a->ncells; i++) {
        const struct cell *c = &a->cells[i];
        if (strcmp(c->workload, p->workload) || strcmp(c->split, p->split))
            continue;
        if (speedups && c->threads > 1 && isfinite(c->speedup_lo) && isfinite(c->speedup_hi))
            wording_levels_add(speedups, wording_speedup_level(c));
        if (costs && c->threads == 1) {
            if (isfinite(c->ns_lo) && isfinite(c->ns_hi))
                wording_levels_add(costs, wording_cell_level(c));
            if (isfinite(c->slow_lo) && isfinite(c->slow_hi))
                wording_levels_add(costs, wording_slowdown_level(a, c));
        }
    }
}

/* ---- extremes ------------------------------------------------------------------ */

static int has_interval(const struct wording_value *v)
{
    return isfinite(v->lo) && isfinite(v->hi);
}

/* Intervals [a.lo, a.hi] and [b.lo, b.hi] share a point; a value without
 * an interval overlaps everything (nothing separates it). */
static int overlap(const struct wording_value *a, const struct wording_value *b)
{
    if (!has_interval(a) || !has_interval(b))
        return 1;
    return a->lo <= b->hi && b->lo <= a->hi;
}

size_t wording_group(const struct wording_value *v, size_t n, int top, size_t *idx)
{
    size_t ext = n;
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i].v) && (ext == n || (top ? v[i].v > v[ext].v : v[i].v < v[ext].v)))
            ext = i;
    if (ext == n)
        return 0;
    size_t m = 0;
    idx[m++] = ext;
    for (size_t i = 0; i < n; i++)
        if (i != ext && isfinite(v[i].v) && overlap(&v[i], &v[ext]))
            idx[m++] = i;
    /* nearest the extreme first: by distance from it, insertion sort */
    for (size_t i = 2; i < m; i++)
        for (size_t j = i; j > 1 && fabs(v[idx[j]].v - v[ext].v) < fabs(v[idx[j - 1]].v - v[ext].v); j--) {
            size_t t = idx[j];
            idx[j] = idx[j - 1];
            idx[j - 1] = t;
        }
    return m;
}

static void cat_value(char *buf, size_t len, const char *fmt, double v)
{
    char one[64];
    snprintf(one, sizeof one, fmt, v);
    text_cat(buf, len, "%s", one);
}

void wording_extreme(char *buf, size_t len, unsigned *flags, const char *what, const struct wording_value *v,
                     size_t n, int top, const char *fmt)
{
    size_t *idx = malloc((n ? n : 1) * sizeof *idx);
    if (!idx)
        return;
    size_t m = wording_group(v, n, top, idx);
    if (!m) {
        free(idx);
        return;
    }
    const struct wording_value *e = &v[idx[0]];
    if (m == 1) {
        text_cat(buf, len, "%s is %s, ", what, e->label);
        cat_value(buf, len, fmt, e->v);
        if (has_interval(e))
            text_cat(buf, len, " [%.3g, %.3g]", e->lo, e->hi);
        if (e->flags)
            text_cat(buf, len, " ⚑");
        *flags |= e->flags;
        free(idx);
        return;
    }
    text_cat(buf, len, "%s cannot be told apart among ", what);
    wording_list(buf, len, flags, v, idx, m, fmt);
    free(idx);
}

void wording_ends(char *buf, size_t len, unsigned *flags, const char *least, const char *most, const char *all,
                  const struct wording_value *v, size_t n, const char *fmt)
{
    size_t *idx = malloc((n ? n : 1) * sizeof *idx), finite = 0;
    if (!idx)
        return;
    for (size_t i = 0; i < n; i++)
        finite += isfinite(v[i].v) != 0;
    if (finite > 1 && wording_group(v, n, 0, idx) == finite && wording_group(v, n, 1, idx) == finite) {
        text_cat(buf, len, "%s cannot be told apart at either end: ", all);
        wording_list(buf, len, flags, v, idx, finite, fmt);
    } else {
        wording_extreme(buf, len, flags, least, v, n, 0, fmt);
        text_cat(buf, len, "; ");
        wording_extreme(buf, len, flags, most, v, n, 1, fmt);
    }
    free(idx);
}

void wording_list(char *buf, size_t len, unsigned *flags, const struct wording_value *v, const size_t *idx, size_t m,
                  const char *fmt)
{
    const size_t named = m > WORDING_NAMES_MAX ? WORDING_NAMES_MAX : m;
    double lo = INFINITY, hi = -INFINITY;
    for (size_t k = 0; k < m; k++) {
        const struct wording_value *x = &v[idx ? idx[k] : k];
        lo = fmin(lo, x->v);
        hi = fmax(hi, x->v);
        if (k >= named)
            continue;
        text_cat(buf, len, "%s%s%s", k == 0 ? "" : k + 1 == m ? " and " : ", ", x->label, x->flags ? " ⚑" : "");
        *flags |= x->flags;
    }
    if (m > named)
        text_cat(buf, len, " and %zu more", m - named);
    text_cat(buf, len, " (");
    cat_value(buf, len, fmt, lo);
    text_cat(buf, len, " to ");
    cat_value(buf, len, fmt, hi);
    /* why they cannot be told apart: without intervals nothing can be,
     * and the sentence says so rather than that intervals overlap */
    size_t with = 0, one_run = 0;
    for (size_t k = 0; k < m; k++) {
        const struct wording_value *x = &v[idx ? idx[k] : k];
        with += has_interval(x) != 0;
        one_run += x->runs == 1;
    }
    if (with == m)
        text_cat(buf, len, ", intervals overlapping)");
    else if (!with)
        text_cat(buf, len, one_run == m ? "; no intervals: one run per cell)" : "; no intervals to tell them apart)");
    else
        text_cat(buf, len, ", intervals overlapping; %zu without one)", m - with);
}

/* ---- runs per cell ------------------------------------------------------------ */

static int size_cmp(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

void wording_runs_of(const struct analysis *a, struct wording_runs *r)
{
    memset(r, 0, sizeof *r);
    size_t *n = malloc((a->ncells ? a->ncells : 1) * sizeof *n);
    if (!n || !a->ncells) {
        free(n);
        return;
    }
    for (size_t i = 0; i < a->ncells; i++) /* processes: the units a level rests on */
        n[i] = a->cells[i].nproc;
    qsort(n, a->ncells, sizeof *n, size_cmp);
    r->cells = a->ncells;
    r->fewest = n[0];
    r->most = n[a->ncells - 1];
    r->median = n[(a->ncells - 1) / 2]; /* the lower median: a count of runs, whole */
    while (r->at_fewest < a->ncells && n[r->at_fewest] == r->fewest)
        r->at_fewest++;
    free(n);
}
