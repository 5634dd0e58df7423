/* figures.h - the figures: their data and captions, then gnuplot
 * (figures.c), and the two data writers it calls (figmain.c: the figures
 * that each answer one question; figappendix.c: the appendix). */
#ifndef STUDY_FIGURES_H
#define STUDY_FIGURES_H

#include <stddef.h>

#include "analysis.h"

/* Writes every figure's data under data/ (figures/data) and fills each
 * figure's caption (a->caption). */
int figures_write_data(struct analysis *a, const char *data, const struct panel *p, size_t np, struct err *e);
/* Draws every figure in every output (FIGURE_OUTPUTS) with gnuplot from
 * scripts/<name>.gp, several at once.  A figure any of whose outputs fails
 * is removed whole, marked missing and its caption says why; a figure
 * without a script (whoruns before the sampler) is missing, without a
 * warning. */
void figures_draw_all(struct analysis *a, const char *scripts, const char *figdir, const char *data);

/* figmain.c: figures 1 to 5, each answering one question (1 and 2
 * itself, 3 and 4 by figrank.c, 5 by figclaims.c). */
int figmain_write(struct analysis *a, const char *data, const struct panel *p, size_t np, struct err *e);

/* ---- what figmain.c shares with figrank.c and figclaims.c ---------------- */

/* The article panels at most: one per workload. */
#define ART_MAX 4
/* The articles' single-thread cost, in percent (figures 2 and 5's band). */
#define FIG_CLAIM_COST_LO_PCT 5.0
#define FIG_CLAIM_COST_HI_PCT 10.0
/* A ratio as a change in percent: 1.05 is +5%. */
static inline double fig_percent(double ratio)
{
    return 100 * (ratio - 1);
}
/* figrank.c: figure 3 (Python's ways, ranked) and figure 4 (Python
 * against C), over the article panels art[0 .. na-1]. */
int figrank_modes(struct analysis *a, const char *data, const struct panel *art, size_t na, struct err *e);
int figrank_fromc(struct analysis *a, const char *data, const struct panel *art, size_t na, struct err *e);
/* figclaims.c: figure 5, the articles' claims. */
int figclaims_write(struct analysis *a, const char *data, struct err *e);
/* figappendix.c: every series against T, and one run's timeline. */
int figappendix_write(struct analysis *a, const char *data, const struct panel *p, size_t np, struct err *e);

#endif
