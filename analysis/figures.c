/* figures.c - the figures, start to end: each figure's data and caption
 * (figkit.c writes data/study.gp, figmain.c the questions' figures,
 * figappendix.c the appendix, whoruns.c the sampler's), then gnuplot
 * (gnuplot.c), which draws each from its script analysis/<name>.gp in
 * every output of FIGURE_OUTPUTS, several at once.  Calls the writers;
 * none of them calls back. */
#define _GNU_SOURCE
#include "figures.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "figkit.h"
#include "gnuplot.h"
#include "text.h"
#include "whoruns.h"

/* gnuplot processes at once: each is one thread for a fraction of a
 * second, so a few overlap their start-up on any machine. */
#define DRAW_JOBS_MAX 4

struct output {
    const char *fmt;
    int cols;
    const char *file;
};
#define OUT_ROW(fmt, cols, file, label) {fmt, cols, file},
static const struct output outputs[FIGURE_OUTPUTS_COUNT] = {FIGURE_OUTPUTS(OUT_ROW)};
#undef OUT_ROW

int figures_write_data(struct analysis *a, const char *data, const struct panel *p, size_t np, struct err *e)
{
    if (figkit_write_study(a, data, e))
        return -1;
    if (figmain_write(a, data, p, np, e) || figappendix_write(a, data, p, np, e))
        return -1;
    /* Figure 6 comes from the sampler's schedule.csv, not from the cells. */
    struct fig_caption *w = &a->caption[FIG_whoruns];
    char answer[CAPTION_MAX], n[CAPTION_MAX], not_drawn[CAPTION_MAX];
    whoruns_caption(a->dir, answer, n, not_drawn, sizeof answer);
    text_clip(w->answer, sizeof w->answer, "%s", answer);
    text_clip(w->n, sizeof w->n, "%s", n);
    text_clip(w->not_drawn, sizeof w->not_drawn, "%s", not_drawn);
    return not_drawn[0] ? 0 : whoruns_write_data(a->dir, data, e);
}

/* ---- gnuplot ----------------------------------------------------------- */

struct job {
    size_t fig, out;
    pid_t pid;
};

static void output_path(char *buf, size_t len, const char *figdir, size_t fig, size_t out)
{
    char rel[PATH_MAX];
    text_clip(rel, sizeof rel, outputs[out].file, figures_list[fig].name);
    text_clip(buf, len, "%s/%s", figdir, rel);
}

/* Starts gnuplot for one output.  cairolatex writes NAME.tex and NAME.pdf
 * and names the .pdf in the .tex as it was given: gnuplot runs in latex/
 * with a bare name, so the .tex names no folder of this machine. */
static pid_t start(const char *scripts, const char *figdir, const char *data, size_t fig, size_t out)
{
    char script[PATH_MAX], defs[4 * PATH_MAX], path[PATH_MAX], dir[PATH_MAX];
    text_clip(script, sizeof script, "%s/%s.gp", scripts, figures_list[fig].name);
    output_path(path, sizeof path, figdir, fig, out);
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    *slash = '\0';
    text_clip(defs, sizeof defs, "fmt='%s'; cols=%d; data='%s'; out='%s'; styles='%s/style.gp'", outputs[out].fmt,
              outputs[out].cols, data, slash + 1, scripts);
    return gnuplot_start(dir, defs, script, "analyze");
}

/* Removes every file of figure fig (the .pdf beside each .tex too). */
static void remove_figure(const char *figdir, size_t fig)
{
    for (size_t k = 0; k < FIGURE_OUTPUTS_COUNT; k++) {
        char path[PATH_MAX];
        output_path(path, sizeof path, figdir, fig, k);
        unlink(path);
        size_t n = strlen(path);
        if (n > 4 && !strcmp(path + n - 4, ".tex")) {
            strcpy(path + n - 4, ".pdf");
            unlink(path);
        }
    }
}

/* An absolute path for dir (gnuplot runs in figures/latex); dir itself
 * when it cannot be resolved. */
static void absolute(char *out, const char *dir)
{
    char *r = realpath(dir, NULL);
    text_clip(out, PATH_MAX, "%s", r ? r : dir);
    free(r);
}

/* Waits for one of the n running jobs; a failed one marks its figure. */
static void reap(struct job *run, size_t *n, int *failed)
{
    int ok;
    pid_t pid = gnuplot_reap(&ok);
    if (pid < 0) { /* no child left: none of them can be waited for */
        for (size_t j = 0; j < *n; j++)
            failed[run[j].fig] = 1;
        *n = 0;
        return;
    }
    for (size_t j = 0; j < *n; j++)
        if (run[j].pid == pid) {
            if (!ok)
                failed[run[j].fig] = 1;
            run[j] = run[--*n];
            return;
        }
}

void figures_draw_all(struct analysis *a, const char *scripts_dir, const char *figdir_rel, const char *data_rel)
{
    char scripts[PATH_MAX], figdir[PATH_MAX], data[PATH_MAX], latex[PATH_MAX + 8];
    absolute(scripts, scripts_dir);
    absolute(figdir, figdir_rel);
    absolute(data, data_rel);
    snprintf(latex, sizeof latex, "%s/latex", figdir);
    if (mkdir(latex, 0777) && errno != EEXIST)
        fprintf(stderr, "analyze: warning: cannot create '%s': %s\n", latex, strerror(errno));
    int failed[FIGURES_COUNT] = {0};
    struct job run[DRAW_JOBS_MAX];
    size_t nrun = 0;
    for (size_t fig = 0; fig < FIGURES_COUNT; fig++) {
        struct fig_caption *cap = &a->caption[fig];
        char script[PATH_MAX];
        text_clip(script, sizeof script, "%s/%s.gp", scripts, figures_list[fig].name);
        if (!cap->not_drawn[0] && access(script, R_OK)) {
            if (fig == FIG_whoruns)
                snprintf(cap->not_drawn, sizeof cap->not_drawn,
                         "this build has no CPU-time sampler, so the study recorded no schedule to draw");
            else {
                snprintf(cap->not_drawn, sizeof cap->not_drawn, "its script %s.gp is missing",
                         figures_list[fig].name);
                fprintf(stderr, "analyze: warning: no script %s: figure %s not drawn\n", script,
                        figures_list[fig].name);
            }
        }
        if (cap->not_drawn[0]) { /* nothing to draw: no stale files either */
            a->missing[fig] = 1;
            remove_figure(figdir, fig);
            continue;
        }
        for (size_t out = 0; out < FIGURE_OUTPUTS_COUNT; out++) {
            if (nrun == DRAW_JOBS_MAX)
                reap(run, &nrun, failed);
            pid_t pid = start(scripts, figdir, data, fig, out);
            if (pid < 0)
                failed[fig] = 1;
            else
                run[nrun++] = (struct job){fig, out, pid};
        }
    }
    while (nrun)
        reap(run, &nrun, failed);
    for (size_t fig = 0; fig < FIGURES_COUNT; fig++)
        if (failed[fig]) {
            /* no half-drawn figure stays behind */
            remove_figure(figdir, fig);
            a->missing[fig] = 1;
            snprintf(a->caption[fig].not_drawn, sizeof a->caption[fig].not_drawn,
                     "gnuplot could not draw it; see analyze's warnings");
            fprintf(stderr, "analyze: warning: gnuplot could not draw %s (its message is above)\n",
                    figures_list[fig].name);
        }
}
