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

/* figmain.c: figures 1 to 5, each answering one question. */
int figmain_write(struct analysis *a, const char *data, const struct panel *p, size_t np, struct err *e);
/* figappendix.c: every series against T, and one run's timeline. */
int figappendix_write(struct analysis *a, const char *data, const struct panel *p, size_t np, struct err *e);

#endif
