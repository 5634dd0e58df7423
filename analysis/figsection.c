/* figsection.c - the report's figures, each an image and its caption
 * (figsection.h). */
#include "figsection.h"

#include <limits.h>
#include <stdio.h>

#include "flags.h"
#include "wording.h"

/* ---- figures and their captions ------------------------------------------ */

/* "Figure 3" or "Figure A2" (the appendix numbers its own). */
static void figure_number(char *buf, size_t len, size_t fig)
{
    size_t n = 0;
    for (size_t i = 0; i <= fig; i++)
        n += figures_list[i].appendix == figures_list[fig].appendix;
    snprintf(buf, len, "Figure %s%zu", figures_list[fig].appendix ? "A" : "", n);
}

/* One figure: its image (figures/NAME.png, a markdown image on its own
 * line: report.html puts the SVG beside it in its place), then its caption
 * as one paragraph: the question, the answer with its numbers, n, the
 * method, what the study lacked, and the files. */
static void figure_entry(FILE *f, const struct analysis *a, size_t fig, int no_figures)
{
    const struct figure *d = &figures_list[fig];
    const struct fig_caption *c = &a->caption[fig];
    char num[32];
    figure_number(num, sizeof num, fig);
    const int drawn = !no_figures && !a->missing[fig];
    if (drawn)
        fprintf(f, "![%s. %s](figures/%s.png)\n\n", num, d->title, d->name);
    fprintf(f, "**%s. %s.** *Question:* %s", num, d->title, d->question);
    if (!drawn) {
        /* the study's own reason first: it holds with figures drawn too */
        fprintf(f, " *Not drawn:* %s.", c->not_drawn[0] ? c->not_drawn
                                        : no_figures    ? "analyze ran with --no-figures"
                                                        : "see analyze's warnings");
        if (c->absent[0])
            fprintf(f, " *Not in this study:* %s.", c->absent);
        fputs("\n\n", f);
        return;
    }
    if (c->answer[0])
        fprintf(f, " *Answer:* %s", c->answer);
    if (c->flags) {
        fputs(" ⚑: resting on a cell flagged ", f);
        flags_md(f, c->flags);
        fputs(" (see *Flags*): a property of this measurement, not of the model.", f);
    }
    if (c->n[0])
        fprintf(f, " %s.", c->n);
    if (c->levels.n) {
        char lv[64];
        wording_levels_text(lv, sizeof lv, &c->levels);
        fprintf(f, " *Intervals:* %s, the level each reached.", lv);
    }
    fprintf(f, " *Method:* %s.", d->method);
    if (c->absent[0])
        fprintf(f, " *Not in this study, so not drawn:* %s.", c->absent);
    fputs(" Files:", f);
    const char *sep = " ";
#define OUT_LINK(fmt, cols, file, label)                                                                          \
    {                                                                                                          \
        char rel[PATH_MAX];                                                                                    \
        snprintf(rel, sizeof rel, file, d->name);                                                              \
        fprintf(f, "%s[%s](figures/%s)", sep, label, rel);                                                     \
        sep = ", ";                                                                                            \
    }
    FIGURE_OUTPUTS(OUT_LINK)
#undef OUT_LINK
    fputs(".\n\n", f);
}

/* The figures that answer the questions (appendix 0), or the appendix. */
void figsection_write(FILE *f, const struct analysis *a, int no_figures, int appendix)
{
    if (appendix)
        fprintf(f, "## Appendix: every series\n\nThe figures above each answer one question; these show every "
                   "series of the study, grouped by mode with at most six a panel (C pthreads repeated in each "
                   "group as the reference).\n\n");
    else
        fprintf(f, "## Figures\n\nEach figure answers one question; its caption gives the answer with its numbers "
                   "and their intervals, n, the levels the intervals reached and the method. Every figure "
                   "comes as PNG and SVG for screens, as PDF at two-column (7 in) and one-column (3.4 in) width, "
                   "and as cairolatex (`figures/latex/`, a .tex and its .pdf) for LaTeX to set the labels in the "
                   "paper's font.%s\n\n",
                a->cpus ? " Figures against T mark the CPU count and shade the oversubscribed region beyond it."
                        : "");
    for (size_t i = 0; i < FIGURES_COUNT; i++)
        if (figures_list[i].appendix == appendix)
            figure_entry(f, a, i, no_figures);
}

