/* figsection.h - the report's figures (report.md's "Figures" and its
 * appendix): each figure's image, then its caption as one paragraph: the
 * question, the answer with its numbers, the flags it rests on, n, the
 * levels its intervals reached, the method, what the study lacked, and
 * its files.  Read by report.c. */
#ifndef STUDY_FIGSECTION_H
#define STUDY_FIGSECTION_H

#include <stdio.h>

#include "analysis.h"

/* The figures that answer the questions (appendix 0) or the appendix (1),
 * under their section's heading; no_figures: analyze ran without drawing
 * them (each caption then says why). */
void figsection_write(FILE *f, const struct analysis *a, int no_figures, int appendix);

#endif
