/* figkit.c - what the figures' data writers share (figkit.h): the
 * figure table, the panels and their series, the reader's names, the
 * panels file data/<name>.gp, the caption's phrases, and data/study.gp. */
#define _GNU_SOURCE
#include "figkit.h"

#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "out.h"
#include "text.h"
#include "scaling.h"
#include "wording.h"
#include "workload.h"

/* Tics on an axis of T: one per count the study ran, up to this many. */
#define T_TICS_MAX 64

#define FIG_ROW(name, appendix, title, question, method) {#name, appendix, title, question, method},
const struct figure figures_list[FIGURES_COUNT] = {FIGURE_TABLE(FIG_ROW)};
#undef FIG_ROW

/* sumsq before nqueens, each in the split order of the tables
 * (workload.h's WORKLOAD_TABLE and SPLIT_TABLE); unknown names last. */
static int panel_rank(const struct panel *p)
{
    const struct workload_desc *w = workload_by_name(p->workload);
    const struct split_desc *sp = split_by_name(p->split);
    return (w ? (int)w->id : WL_COUNT) * (SPLIT_COUNT + 1) + (sp ? (int)sp->id : SPLIT_COUNT);
}

size_t figkit_panels(const struct analysis *a, struct panel *p)
{
    size_t n = 0;
    for (size_t i = 0; i < a->ncells; i++) {
        const struct cell *c = &a->cells[i];
        size_t k = 0;
        while (k < n && !figkit_in_panel(c, &p[k]))
            k++;
        if (k == n && n < ANALYSIS_MAX_PANELS) {
            snprintf(p[n].workload, sizeof p[n].workload, "%s", c->workload);
            snprintf(p[n].split, sizeof p[n].split, "%s", c->split);
            p[n++].size = c->size;
        } else if (k < n && p[k].size != c->size) {
            p[k].size = 0; /* several sizes: each series says its own */
        }
    }
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && panel_rank(&p[j - 1]) > panel_rank(&p[j]); j--) {
            struct panel t = p[j];
            p[j] = p[j - 1];
            p[j - 1] = t;
        }
    return n;
}

int figkit_in_panel(const struct cell *c, const struct panel *p)
{
    return !strcmp(c->workload, p->workload) && !strcmp(c->split, p->split);
}

const char *figkit_article_split(const char *workload)
{
    const struct workload_desc *w = workload_by_name(workload);
    return w ? split_descs[w->default_split].name : NULL;
}

void figkit_series_label(const struct cell *c, const struct panel *p, char *buf, size_t len)
{
    if (p->size)
        snprintf(buf, len, "%s", c->impl);
    else
        snprintf(buf, len, "%s[%s=%" PRIu64 "]", c->impl, dataset_size_name(c->workload), c->size);
}

const struct cell *figkit_next_series(const struct analysis *a, const struct panel *p, size_t *i)
{
    for (; *i < a->ncells; (*i)++) {
        const struct cell *c = &a->cells[*i];
        if (!figkit_in_panel(c, p))
            continue;
        if (*i > 0) {
            const struct cell *b = &a->cells[*i - 1];
            if (figkit_in_panel(b, p) && !strcmp(b->impl, c->impl) && b->size == c->size)
                continue;
        }
        (*i)++;
        return c;
    }
    return NULL;
}

size_t figkit_threads(const struct analysis *a, const struct panel *p, unsigned *Ts, size_t max)
{
    size_t nT = 0;
    for (size_t i = 0; i < a->ncells; i++) {
        if (p && !figkit_in_panel(&a->cells[i], p))
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

void figkit_impl_label(const char *impl, char *buf, size_t len)
{
    int fam, mode;
    catalog_impl_kind(impl, &fam, &mode);
    if (fam == FAM_OTHER || mode >= MODE_OTHER)
        snprintf(buf, len, "%s", impl);
    else
        snprintf(buf, len, "%s %s", catalog_families[fam].label, catalog_modes[mode].label);
}

void figkit_cat_flag(struct fig_caption *cap, unsigned flags)
{
    if (!flags)
        return;
    text_cat(cap->answer, sizeof cap->answer, " ⚑");
    cap->flags |= flags;
}

void figkit_note_level(struct fig_caption *cap, double level)
{
    wording_levels_add(&cap->levels, level);
}

void figkit_cat_ratio(struct fig_caption *cap, double r, double lo, double hi, double level, unsigned flags)
{
    char *buf = cap->answer;
    const size_t len = sizeof cap->answer;
    if (!isfinite(r)) {
        text_cat(buf, len, "-");
        return;
    }
    text_cat(buf, len, "%.3g×", r);
    if (isfinite(lo) && isfinite(hi)) {
        text_cat(buf, len, " [%.3g, %.3g]", lo, hi);
        figkit_note_level(cap, level);
    } else {
        text_cat(buf, len, " (no interval)");
    }
    figkit_cat_flag(cap, flags);
}

void figkit_cat_n(char *buf, size_t len, const struct cell *const *c, size_t nc)
{
    /* processes, the independent units the levels rest on; and the values
     * they timed, when a process timed more than one */
    size_t lo = SIZE_MAX, hi = 0, vlo = SIZE_MAX, vhi = 0;
    for (size_t i = 0; i < nc; i++)
        if (c[i]) {
            lo = c[i]->nproc < lo ? c[i]->nproc : lo;
            hi = c[i]->nproc > hi ? c[i]->nproc : hi;
            vlo = c[i]->n < vlo ? c[i]->n : vlo;
            vhi = c[i]->n > vhi ? c[i]->n : vhi;
        }
    if (!hi) {
        text_cat(buf, len, "n: no cell drawn");
        return;
    }
    const char *what = vhi == hi && vlo == lo ? "runs" : "processes";
    if (lo == hi)
        text_cat(buf, len, "n = %zu %s per cell", lo, what);
    else
        text_cat(buf, len, "n = %zu to %zu %s per cell", lo, hi, what);
    if (vhi != hi || vlo != lo)
        vlo == vhi ? text_cat(buf, len, " (%zu values)", vlo) : text_cat(buf, len, " (%zu to %zu values)", vlo, vhi);
}

unsigned figkit_T_within(const struct analysis *a, const char *impl, const char *wl, const char *split)
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

size_t figkit_article_panels(const struct analysis *a, const struct panel *p, size_t np, struct panel *out,
                              size_t max)
{
    (void)a;
    size_t n = 0;
    for (size_t k = 0; k < np && n < max; k++) {
        size_t j = 0;
        while (j < n && strcmp(out[j].workload, p[k].workload))
            j++;
        if (j < n)
            continue; /* this workload has its panel */
        /* the article's split when present, else this (the first) */
        size_t pick = k;
        const char *article = figkit_article_split(p[k].workload);
        for (size_t q = k; article && q < np; q++)
            if (!strcmp(p[q].workload, p[k].workload) && !strcmp(p[q].split, article))
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

FILE *figkit_layout(const char *data, const char *name, const struct fig_panel *p, size_t np, char *path,
                     struct err *e)
{
    char file[64];
    snprintf(file, sizeof file, "%s.gp", name);
    FILE *g = out_open(data, file, path, e);
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

int figkit_close_panels(FILE *g, const char *path, int any, struct fig_caption *cap, const char *why, struct err *e)
{
    if (out_close(g, path, e))
        return -1;
    if (any)
        return 1;
    if (!cap->not_drawn[0])
        snprintf(cap->not_drawn, sizeof cap->not_drawn, "%s", why);
    return 0;
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


int figkit_write_study(const struct analysis *a, const char *data, struct err *e)
{
    char path[PATH_MAX];
    FILE *g = out_open(data, "study.gp", path, e);
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
    size_t nT = figkit_threads(a, NULL, Ts, T_TICS_MAX);
    fprintf(g, "T_max = %u\n", nT ? Ts[nT - 1] : 1);
    fprintf(g, "T_tics = \"(");
    for (size_t j = 0; j < nT; j++)
        fprintf(g, "%s%u", j ? ", " : "", Ts[j]);
    fprintf(g, ")\"\nT_n = %zu\narray T_list[%zu]", nT, nT ? nT : 1);
    for (size_t j = 0; j < nT; j++)
        fprintf(g, "%sT_list[%zu] = %u", j ? "; " : "\n", j + 1, Ts[j]);
    fputc('\n', g);
    write_looks(g);
    return out_close(g, path, e);
}

/* ---- what the data writers share ------------------------------------------ */

int figkit_is_ceiling(const char *impl)
{
    return !strcmp(impl, ANALYSIS_CEILING);
}

const char *figkit_impl_name(char *buf, size_t len, int fam, int mode)
{
    if (fam == FAM_C)
        snprintf(buf, len, "%s", catalog_modes[mode].name);
    else
        snprintf(buf, len, "py%s-%s", catalog_families[fam].tag, catalog_modes[mode].name);
    return buf;
}

const char *figkit_present(const struct analysis *a, int fam, int mode, char *buf, size_t len)
{
    for (size_t i = 0; i < a->ncells; i++)
        if (a->cells[i].fam == fam && a->cells[i].mode == mode && !figkit_is_ceiling(a->cells[i].impl)) {
            snprintf(buf, len, "%s", a->cells[i].impl);
            return buf;
        }
    return NULL;
}

size_t figkit_series_cells(const struct analysis *a, const char *impl, const struct panel *p,
                           const struct cell **out, size_t max)
{
    uint64_t size = 0;
    for (size_t i = 0; i < a->ncells; i++)
        if (!strcmp(a->cells[i].impl, impl) && figkit_in_panel(&a->cells[i], p) && a->cells[i].size > size)
            size = a->cells[i].size;
    size_t n = 0;
    for (size_t i = 0; i < a->ncells && n < max; i++) /* cells ascend by T within a size */
        if (!strcmp(a->cells[i].impl, impl) && figkit_in_panel(&a->cells[i], p) && a->cells[i].size == size)
            out[n++] = &a->cells[i];
    return n;
}

void figkit_panel_title(char *buf, size_t len, const struct panel *p)
{
    if (p->size)
        snprintf(buf, len, "%s, %s split (%s = %" PRIu64 ")", p->workload, p->split, dataset_size_name(p->workload),
                 p->size);
    else
        snprintf(buf, len, "%s, %s split", p->workload, p->split);
}

void figkit_add_series(struct fig_panel *fp, const char *impl, const char *label, int fam, int mode)
{
    if (fp->n == FIG_SERIES_MAX)
        return;
    struct fig_series *s = &fp->s[fp->n++];
    text_clip(s->impl, sizeof s->impl, "%s", impl);
    text_clip(s->label, sizeof s->label, "%s", label);
    s->fam = fam;
    s->mode = mode;
}

FILE *figkit_open_dat(const char *data, const char *name, size_t k, char *path, struct err *e)
{
    char file[64];
    snprintf(file, sizeof file, "%s-%zu.dat", name, k);
    return out_open(data, file, path, e);
}

void figkit_note_drawn(struct figkit_drawn *d, const struct cell *c)
{
    if (c && d->n < FIGKIT_DRAWN_MAX)
        d->c[d->n++] = c;
}

unsigned figkit_shown_flags(const struct cell *c)
{
    return c ? c->flags & ~(FLAG_KF_RANGE | FLAG_FIT_RANGE) : 0;
}

unsigned figkit_mark_slot(struct figkit_marks *m, unsigned T)
{
    size_t i = 0;
    while (i < m->len && m->T[i] != T)
        i++;
    if (i == m->len) {
        if (m->len == FIGKIT_MARK_TS)
            return 0;
        m->T[m->len] = T;
        m->n[m->len++] = 0;
    }
    return m->n[i]++;
}

void figkit_note_absent(struct fig_caption *cap, const char *impl)
{
    text_cat(cap->absent, sizeof cap->absent, "%s%s", cap->absent[0] ? ", " : "", impl);
}

double figkit_axis_end(double points, double base, double bars)
{
    double m = fmax(points, base);
    return 1.12 * fmax(m, fmin(bars, FIGKIT_BAR_ROOM * m));
}

double figkit_cap(const struct panel *p, uint64_t size, unsigned T)
{
    const struct workload_desc *w = workload_by_name(p->workload);
    const struct split_desc *sp = split_by_name(p->split);
    return w && sp ? scaling_split_cap(w->id, sp->id, size, T) : NAN;
}

int figkit_cap_drawn(const struct panel *p, uint64_t size, const unsigned *ts, size_t nt)
{
    int below = 0;
    for (size_t j = 0; j < nt; j++) {
        double cap = figkit_cap(p, size, ts[j]);
        if (!isfinite(cap))
            return 0;
        below |= cap < ts[j] * (1 - 1e-3);
    }
    return below;
}

void figkit_cap_label(char *buf, size_t len, const struct panel *p, uint64_t size)
{
    snprintf(buf, len, "%s's work-balance cap, %s = %" PRIu64, p->split, dataset_size_name(p->workload), size);
}
