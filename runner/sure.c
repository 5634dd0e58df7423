/* sure.c - repeat-until-sure's bookkeeping: each cell's timed runs so far
 * (those of this study and, resuming, those already in raw.csv), and the
 * rule that decides whether a cell gets another round.
 *
 * The rule uses the very interval the report states (stats_median_ci at
 * CATALOG_CI_LEVEL, its half-width against the median: the analysis's
 * ci_half_rel), so the analysis's ci-target-missed flag and this rule
 * agree. */
#include <stdlib.h>
#include <string.h>

#include "stats.h"
#include "study.h"

void sure_add(struct cell_samples *cs, bool ok, double wall_s)
{
    if (!ok) {
        cs->failed++;
        return;
    }
    if (cs->n == cs->cap) {
        size_t cap = cs->cap ? 2 * cs->cap : 16;
        double *w = realloc(cs->wall_s, cap * sizeof *w);
        if (!w) {
            cs->failed++; /* a cell we cannot track is not extended */
            return;
        }
        cs->wall_s = w, cs->cap = cap;
    }
    cs->wall_s[cs->n++] = wall_s;
}

/* A failing cell is reported, not retried; the minimum rounds come first.
 * Then yes while the interval, from order statistics, has a half-width
 * (hi - lo) / 2 above ci_target of the median, or cannot reach the level
 * with so few runs. */
bool sure_needs_round(const struct cell_samples *cs, unsigned min_rounds, double ci_target)
{
    if (!(ci_target > 0) || cs->failed || cs->n < min_rounds || cs->n == 0)
        return false;
    double *w = malloc(cs->n * sizeof *w);
    if (!w)
        return false;
    memcpy(w, cs->wall_s, cs->n * sizeof *w);
    stats_sort(w, cs->n);
    double lo, hi, achieved, med = stats_quantile(w, cs->n, 0.5);
    stats_median_ci(w, cs->n, CATALOG_CI_LEVEL, &lo, &hi, &achieved);
    free(w);
    if (achieved < CATALOG_CI_LEVEL || !(med > 0))
        return true;
    return (hi - lo) / 2 > ci_target * med;
}
