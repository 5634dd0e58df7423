/* figures.c - the figures: their table, the panels, what the data writers
 * share (figmain.c: figures 1 to 5; figappendix.c: the appendix), and
 * gnuplot, which draws each figure from its script analysis/<name>.gp in
 * every output of FIGURE_OUTPUTS, several at once. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analysis.h"
#include "whoruns.h"
#include "report.h"
#include "text.h"

/* gnuplot processes at once: each is one thread for a fraction of a
 * second, so a few overlap their start-up on any machine. */
#define DRAW_JOBS_MAX 4
/* Tics on an axis of T: one per count the study ran, up to this many. */
#define T_TICS_MAX 64

#define FIG_ROW(name, appendix, title, question, method) {#name, appendix, title, question, method},
const struct figure figures_list[FIGURES_COUNT] = {FIGURE_TABLE(FIG_ROW)};
#undef FIG_ROW

struct output {
    const char *fmt;
    int cols;
    const char *file;
};
#define OUT_ROW(fmt, cols, file, label) {fmt, cols, file},
static const struct output outputs[FIGURE_OUTPUTS_COUNT] = {FIGURE_OUTPUTS(OUT_ROW)};
#undef OUT_ROW

static int split_rank(const char *s)
{
    static const char *const order[] = {"weak", "strong", "rr", "dynamic"};
    for (int i = 0; i < 4; i++)
        if (!strcmp(order[i], s))
            return i;
    return 4;
}

static int panel_rank(const struct panel *p)
{
    int w = strcmp(p->workload, "sumsq") == 0 ? 0 : strcmp(p->workload, "nqueens") == 0 ? 1 : 2;
    return w * 8 + split_rank(p->split);
}

size_t figures_panels(const struct analysis *a, struct panel *p)
{
    size_t n = 0;
    for (size_t i = 0; i < a->ncells; i++) {
        const struct cell *c = &a->cells[i];
        size_t k = 0;
        while (k < n && !figures_in_panel(c, &p[k]))
            k++;
        if (k == n && n < ANALYSIS_MAX_PANELS) {
            snprintf(p[n].workload, sizeof p[n].workload, "%s", c->workload);
            snprintf(p[n].split, sizeof p[n].split, "%s", c->split);
            p[n++].size = c->size;
        } else if (k < n && p[k].size != c->size) {
            p[k].size = 0; /* several sizes: each series says its own */
        }
    }
    /* sumsq before nqueens, each in the split order of the tables */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && panel_rank(&p[j - 1]) > panel_rank(&p[j]); j--) {
            struct panel t = p[j];
            p[j] = p[j - 1];
            p[j - 1] = t;
        }
    return n;
}

int figures_in_panel(const struct cell *c, const struct panel *p)
{
    return !strcmp(c->workload, p->workload) && !strcmp(c->split, p->split);
}

const char *figures_size_name(const char *workload)
{
    return strcmp(workload, "sumsq") == 0 ? "N" : "n";
}

void figures_series_label(const struct cell *c, const struct panel *p, char *buf, size_t len)
{
    if (p->size)
        snprintf(buf, len, "%s", c->impl);
    else
        snprintf(buf, len, "%s[%s=%" PRIu64 "]", c->impl, figures_size_name(c->workload), c->size);
}

const struct cell *figures_next_series(const struct analysis *a, const struct panel *p, size_t *i)
{
    for (; *i < a->ncells; (*i)++) {
        const struct cell *c = &a->cells[*i];
        if (!figures_in_panel(c, p))
            continue;
        if (*i > 0) {
            const struct cell *b = &a->cells[*i - 1];
            if (figures_in_panel(b, p) && !strcmp(b->impl, c->impl) && b->size == c->size)
                continue;
        }
        (*i)++;
        return c;
    }
    return NULL;
}

/* ---- what the data writers share ---------------------------------------- */

size_t figures_threads(const struct analysis *a, const struct panel *p, unsigned *Ts, size_t max)
{
    size_t nT = 0;
    for (size_t i = 0; i < a->ncells; i++) {
        if (p && !figures_in_panel(&a->cells[i], p))
            continue;
        size_t j = 0;
        while (j < nT && Ts[j] != a->cells[i].threads)
            j++;
        if (j == nT && nT < max)
            Ts[nT++] = a->cells[i].threads;
    }
    for (size_t i = 1; i < nT; i++)
        for (size_t j = i; j > 0 && Ts[j - 1] > Ts[j]; j--) {
            unsigned t = Ts[j];
            Ts[j] = Ts[j - 1];
            Ts[j - 1] = t;
        }
    return nT;
}

void figures_impl_label(const char *impl, char *buf, size_t len)
{
    int fam, mode;
    catalog_impl_kind(impl, &fam, &mode);
    if (fam == FAM_OTHER || mode >= MODE_OTHER)
        snprintf(buf, len, "%s", impl);
    else
        snprintf(buf, len, "%s %s", catalog_families[fam].label, catalog_modes[mode].label);
}

void figures_cat(char *buf, size_t len, const char *fmt, ...)
{
    size_t used = strlen(buf);
    if (used + 1 >= len)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + used, len - used, fmt, ap);
    va_end(ap);
}

void figures_cat_flag(struct fig_caption *cap, unsigned flags)
{
    if (!flags)
        return;
    figures_cat(cap->answer, sizeof cap->answer, " ⚑");
    cap->flags |= flags;
}

void figures_cat_ratio(struct fig_caption *cap, double r, double lo, double hi, unsigned flags)
{
    char *buf = cap->answer;
    const size_t len = sizeof cap->answer;
    if (!isfinite(r)) {
        figures_cat(buf, len, "-");
        return;
    }
    figures_cat(buf, len, "%.3g×", r);
    if (isfinite(lo) && isfinite(hi))
        figures_cat(buf, len, " [%.3g, %.3g]", lo, hi);
    else
        figures_cat(buf, len, " (no interval)");
    figures_cat_flag(cap, flags);
}

void figures_cat_n(char *buf, size_t len, const struct cell *const *c, size_t nc)
{
    size_t lo = SIZE_MAX, hi = 0;
    for (size_t i = 0; i < nc; i++)
        if (c[i]) {
            lo = c[i]->n < lo ? c[i]->n : lo;
            hi = c[i]->n > hi ? c[i]->n : hi;
        }
    if (!hi)
        figures_cat(buf, len, "n: no cell drawn");
    else if (lo == hi)
        figures_cat(buf, len, "n = %zu runs per cell", lo);
    else
        figures_cat(buf, len, "n = %zu to %zu runs per cell", lo, hi);
}

unsigned figures_T_within(const struct analysis *a, const char *impl, const char *wl, const char *split)
{
    unsigned best = 0;
    for (size_t i = 0; i < a->ncells; i++) {
        const struct cell *c = &a->cells[i];
        if (!strcmp(c->impl, impl) && !strcmp(c->workload, wl) && !strcmp(c->split, split) && c->threads >= 2 &&
            (!a->cpus || c->threads <= a->cpus) && c->threads > best)
            best = c->threads;
    }
    return best;
}

size_t figures_article_panels(const struct analysis *a, const struct panel *p, size_t np, struct panel *out,
                              size_t max)
{
    (void)a;
    static const char *const article[][2] = {{"sumsq", "weak"}, {"nqueens", "rr"}};
    size_t n = 0;
    for (size_t k = 0; k < np && n < max; k++) {
        size_t j = 0;
        while (j < n && strcmp(out[j].workload, p[k].workload))
            j++;
        if (j < n)
            continue; /* this workload has its panel */
        /* the article's split when present, else this (the first) */
        size_t pick = k;
        for (size_t w = 0; w < sizeof article / sizeof article[0]; w++)
            if (!strcmp(article[w][0], p[k].workload))
                for (size_t q = k; q < np; q++)
                    if (!strcmp(p[q].workload, p[k].workload) && !strcmp(p[q].split, article[w][1]))
                        pick = q;
        out[n++] = p[pick];
    }
    return n;
}

/* A string for gnuplot between double quotes: names are restricted to
 * [A-Za-z0-9._+-] (dataset.c), labels are ours; quotes, backslashes and
 * backquotes (command substitution) are dropped all the same. */
static void gp_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++)
        if (*s != '"' && *s != '\\' && *s != '`')
            fputc(*s, f);
    fputc('"', f);
}

FILE *figures_layout(const char *data, const char *name, const struct fig_panel *p, size_t np, char *path,
                     struct err *e)
{
    char file[64];
    snprintf(file, sizeof file, "%s.gp", name);
    FILE *g = analysis_open(data, file, path, e);
    if (!g)
        return NULL;
    const size_t n1 = np ? np : 1;
    fprintf(g, "# written by bin/analyze: the panels of figure %s and their series\n", name);
    fprintf(g, "npanels = %zu\nSMAX = %d\narray ptitle[%zu]\narray nser[%zu]\n", np, FIG_SERIES_MAX, n1, n1);
    fprintf(g, "array sname[%zu]\narray simpl[%zu]\narray sfam[%zu]\narray smode[%zu]\n", n1 * FIG_SERIES_MAX,
            n1 * FIG_SERIES_MAX, n1 * FIG_SERIES_MAX, n1 * FIG_SERIES_MAX);
    for (size_t k = 0; k < np; k++) {
        fprintf(g, "ptitle[%zu] = ", k + 1);
        gp_string(g, p[k].title);
        fprintf(g, "\nnser[%zu] = %zu\n", k + 1, p[k].n);
        for (size_t i = 0; i < p[k].n; i++) {
            size_t at = k * FIG_SERIES_MAX + i + 1;
            fprintf(g, "sname[%zu] = ", at);
            gp_string(g, p[k].s[i].label);
            fprintf(g, "; simpl[%zu] = ", at);
            gp_string(g, p[k].s[i].impl);
            /* 1-based, as style.gp's arrays */
            fprintf(g, "; sfam[%zu] = %d; smode[%zu] = %d\n", at, p[k].s[i].fam + 1, at, p[k].s[i].mode + 1);
        }
    }
    return g;
}

/* Every family's colour, marker and key name, and every mode's dash, from
 * catalog.h's tables (style.gp's famcol, fampt, famname, famrgb and
 * dashtype 100 + mode), then MODE_EXTRA dashes for native models the table
 * does not know. */
static void write_looks(FILE *g)
{
    static const char *const extra_dash[MODE_EXTRA] = {"(6,2,2,2)", "(10,2)", "(3,6)"};
    static const char *const arrays[] = {"famcol", "fampt", "famname", "famrgb"};
    for (size_t k = 0; k < sizeof arrays / sizeof arrays[0]; k++) {
        fprintf(g, "array %s[%d] = [", arrays[k], FAMILY_COUNT);
        for (int f = 0; f < FAMILY_COUNT; f++) {
            const struct family_desc *d = &catalog_families[f];
            fputs(f ? ", " : "", g);
            if (k == 0)
                fprintf(g, "\"%s\"", d->colour);
            else if (k == 1)
                fprintf(g, "%d", d->marker);
            else if (k == 2 && d->key[0])
                fprintf(g, "'%s (%s)'", d->label, d->key);
            else if (k == 2)
                fprintf(g, "'%s'", d->label);
            else
                fprintf(g, "0x%s", d->colour + 1);
        }
        fputs("]\n", g);
    }
    for (int m = 0; m < MODE_COUNT + MODE_EXTRA; m++)
        fprintf(g, "set dashtype %d %s\n", 101 + m, m < MODE_COUNT ? catalog_modes[m].dash : extra_dash[m - MODE_COUNT]);
}

int figures_write_data(struct analysis *a, const char *data, const struct panel *p, size_t np, struct err *e)
{
    char path[PATH_MAX];
    FILE *g = analysis_open(data, "study.gp", path, e);
    if (!g)
        return -1;
    unsigned maxT = 0;
    for (size_t i = 0; i < a->ncells; i++)
        maxT = a->cells[i].threads > maxT ? a->cells[i].threads : maxT;
    fprintf(g, "# written by bin/analyze: what every figure needs\n"
               "# CPUs available (0: unknown); 1 when some T is above them\nncpus = %u\noversub = %d\n",
            a->cpus, a->cpus && maxT > a->cpus);
    /* every T of the study, ascending, as gnuplot's tic list */
    unsigned Ts[T_TICS_MAX];
    size_t nT = figures_threads(a, NULL, Ts, T_TICS_MAX);
    fprintf(g, "T_max = %u\n", nT ? Ts[nT - 1] : 1);
    fprintf(g, "T_tics = \"(");
    for (size_t j = 0; j < nT; j++)
        fprintf(g, "%s%u", j ? ", " : "", Ts[j]);
    fprintf(g, ")\"\n");
    write_looks(g);
    if (analysis_close(g, path, e))
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
    fflush(NULL);
    pid_t pid = fork();
    if (pid != 0)
        return pid;
    if (chdir(dir)) {
        fprintf(stderr, "analyze: cannot enter '%s': %s\n", dir, strerror(errno));
        _exit(127);
    }
    execlp("gnuplot", "gnuplot", "-e", defs, script, (char *)NULL);
    fprintf(stderr, "analyze: cannot run gnuplot: %s (install gnuplot-nox)\n", strerror(errno));
    _exit(127);
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
    int st;
    pid_t pid;
    while ((pid = waitpid(-1, &st, 0)) < 0 && errno == EINTR)
        ;
    if (pid < 0) { /* no child left: none of them can be waited for */
        for (size_t j = 0; j < *n; j++)
            failed[run[j].fig] = 1;
        *n = 0;
        return;
    }
    for (size_t j = 0; j < *n; j++)
        if (run[j].pid == pid) {
            if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
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
