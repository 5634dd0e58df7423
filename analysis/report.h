/* report.h - report.md (report.c). */
#ifndef STUDY_REPORT_H
#define STUDY_REPORT_H

#include <stddef.h>

#include "analysis.h"

/* a->dir/report.md: warnings, environment, sizes, method, figures with
 * their captions, tables, precision, flags, the claims, who runs when, a
 * paragraph per model, a methods paragraph and the appendix.  no_figures:
 * figures were not drawn on purpose. */
int report_write(const struct analysis *a, const struct panel *p, size_t np, int no_figures, struct err *e);

#endif
