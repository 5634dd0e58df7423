/* figrank.c - figures 3 and 4, the two that rank: Python's ways to go
 * parallel by their speedup, and Python's implementations by their cost
 * over C's.  Their answers name an extreme (the most, the least) only
 * where its interval separates it from every other value, and otherwise
 * the group that cannot be told apart (wording_extreme). */
#include "figures.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "figkit.h"
#include "text.h"
#include "out.h"
#include "wording.h"

/* Rows of figure 4: one per implementation. */
#define ROWS_MAX 64

/* ---- figure 3: Python's ways to go parallel ------------------------------------ */

/* A mode's name under its group of bars, set upright (turned 90
 * degrees) between its neighbours: a name longer than WRAP_AT characters
 * is broken after a '.', '-' or ' ' near its middle ("concurrent." and
 * "interpreters"), so the label is no taller than its longer half.  The
 * lines into l1 and l2 ("" when one line); returns the longest line's
 * length.  modes.gp sets each line as a tic of its own, as far apart as
 * their boxes need (gnuplot sets the lines of one turned label closer),
 * and widens a group where its name needs more room than its bars. */
#define WRAP_AT 10
static size_t tic_lines(const char *label, char *l1, char *l2, size_t len)
{
    const size_t n = strlen(label);
    size_t cut = 0;
    for (size_t i = 1; n > WRAP_AT && i + 1 < n; i++)
        if (strchr(".- ", label[i]) && (!cut || labs((long)(2 * i) - (long)n) < labs((long)(2 * cut) - (long)n)))
            cut = i;
    if (!cut) {
        snprintf(l1, len, "%s", label);
        l2[0] = '\0';
        return n;
    }
    /* a space where the line breaks goes; a '.' or '-' stays at its end */
    const size_t keep = label[cut] == ' ' ? cut : cut + 1;
    snprintf(l1, len, "%.*s", (int)keep, label);
    snprintf(l2, len, "%s", label + cut + 1);
    return keep > n - cut - 1 ? keep : n - cut - 1;
}

/* The groups of bars of one panel (one per Python mode drawn), at most. */
#define GROUPS_MAX MODE_COUNT

/* The bars of one panel the answer ranks, at most. */
#define BARS_MAX 64

int figrank_modes(struct analysis *a, const char *data, const struct panel *art, size_t na, struct err *e)
{
    struct fig_caption *cap = &a->caption[FIG_modes];
    struct fig_panel fp[ART_MAX];
    memset(fp, 0, sizeof fp);
    struct figkit_drawn drawn = {0};
    unsigned Tstar[ART_MAX] = {0};
    double ref[ART_MAX], ymax[ART_MAX], barmax[ART_MAX];
    size_t nbars[ART_MAX] = {0}; /* the bars are the data's rows, more than a layout's series */
    int fam_used[FAMILY_COUNT] = {0};
    char path[PATH_MAX];
    /* each panel's groups: their bars and their names' lines */
    size_t ngroups[ART_MAX] = {0}, gbars[ART_MAX][GROUPS_MAX];
    char glines[ART_MAX][GROUPS_MAX][2][48];
    const struct cell *pt[ART_MAX] = {0};
    double lablen = 1; /* the longest line of a group's tic label, in characters */
    /* the bars of each panel, which the answer ranks */
    struct wording_value bars[ART_MAX][BARS_MAX];
    char names[ART_MAX][BARS_MAX][96];
    /* absent: each Python mode never run on an interpreter that has it */
    for (int m = MODE_THREADING; m < MODE_OTHER; m++) {
        int any = 0;
        for (size_t i = 0; i < a->ncells && !any; i++)
            any = a->cells[i].mode == m;
        if (!any)
            figkit_note_absent(cap, catalog_modes[m].name);
    }
    for (size_t k = 0; k < na; k++) {
        char dpath[PATH_MAX];
        figkit_panel_title(fp[k].title, sizeof fp[k].title, &art[k]);
        ref[k] = NAN;
        ymax[k] = barmax[k] = 1;
        /* the largest T within the CPUs that any Python series ran */
        for (size_t i = 0; i < a->ncells; i++) {
            const struct cell *c = &a->cells[i];
            if (figkit_in_panel(c, &art[k]) && c->fam != FAM_C && !figkit_is_ceiling(c->impl) && c->threads >= 2 &&
                (!a->cpus || c->threads <= a->cpus) && c->threads > Tstar[k])
                Tstar[k] = c->threads;
        }
        FILE *f = figkit_open_dat(data, "modes", k + 1, dpath, e);
        if (!f)
            return -1;
        fprintf(f, "# group bar speedup lo hi family mode mark (T = %u)\n", Tstar[k]);
        for (int m = 0; m < MODE_OTHER && Tstar[k] && ngroups[k] < GROUPS_MAX; m++) {
            if (!catalog_modes[m].python)
                continue;
            const struct cell *in[FAMILY_COUNT];
            size_t nin = 0;
            for (int fam = FAM_C + 1; fam < FAMILY_COUNT; fam++) {
                char impl[DS_NAME_MAX];
                if (!figkit_present(a, fam, m, impl, sizeof impl))
                    continue;
                const struct cell *c = summary_find(a, impl, art[k].workload, art[k].split, Tstar[k]);
                if (c && isfinite(c->speedup))
                    in[nin++] = c;
            }
            if (!nin)
                continue;
            const size_t g = ngroups[k]++;
            gbars[k][g] = nin;
            lablen = fmax(lablen, (double)tic_lines(catalog_modes[m].label, glines[k][g][0], glines[k][g][1],
                                                    sizeof glines[k][g][0]));
            for (size_t j = 0; j < nin; j++) {
                const struct cell *c = in[j];
                fprintf(f, "# %s\n%zu %zu %.6g ", c->impl, g + 1, j, c->speedup);
                isfinite(c->speedup_lo) ? fprintf(f, "%.6g %.6g", c->speedup_lo, c->speedup_hi)
                                        : fprintf(f, "%.6g %.6g", c->speedup, c->speedup);
                fprintf(f, " %d %d \"%s\"\n", c->fam + 1, c->mode + 1, c->flags & FIGKIT_POINT_FLAGS ? "*" : "");
                if (nbars[k] < BARS_MAX) {
                    figkit_impl_label(c->impl, names[k][nbars[k]], sizeof names[k][0]);
                    bars[k][nbars[k]] = (struct wording_value){names[k][nbars[k]], c->speedup, c->speedup_lo,
                                                               c->speedup_hi, figkit_shown_flags(c),
                                                               wording_speedup_runs(c)};
                }
                if (isfinite(c->speedup_lo))
                    figkit_note_level(cap, wording_speedup_level(c));
                nbars[k]++;
                fam_used[c->fam] = 1;
                ymax[k] = fmax(ymax[k], c->speedup);
                barmax[k] = fmax(barmax[k], isfinite(c->speedup_hi) ? c->speedup_hi : c->speedup);
                figkit_note_drawn(&drawn, c);
            }
        }
        pt[k] = Tstar[k] ? summary_find(a, "pthreads", art[k].workload, art[k].split, Tstar[k]) : NULL;
        if (pt[k] && isfinite(pt[k]->speedup)) {
            ref[k] = pt[k]->speedup;
            ymax[k] = fmax(ymax[k], ref[k]);
            figkit_note_drawn(&drawn, pt[k]);
        }
        if (out_close(f, dpath, e))
            return -1;
    }
    FILE *g = figkit_layout(data, "modes", fp, na, path, e);
    if (!g)
        return -1;
    const size_t n1 = na ? na : 1;
    /* the groups, panel k's g-th at (k-1)*GMAX+g: its bars, and its name's
     * lines (gname2 "" for one) */
    fprintf(g, "GMAX = %d\narray pT[%zu]\narray pref[%zu]\narray pymax[%zu]\narray ngr[%zu]\n", GROUPS_MAX, n1,
            n1, n1, n1);
    fprintf(g, "array gbars[%zu]\narray gname1[%zu]\narray gname2[%zu]\n", n1 * GROUPS_MAX, n1 * GROUPS_MAX,
            n1 * GROUPS_MAX);
    int any = 0;
    for (size_t k = 0; k < na; k++) {
        fprintf(g, "pT[%zu] = %u; pymax[%zu] = %.4g; ngr[%zu] = %zu\n", k + 1, Tstar[k], k + 1,
                figkit_axis_end(ymax[k], Tstar[k], barmax[k]), k + 1, ngroups[k]);
        isfinite(ref[k]) ? fprintf(g, "pref[%zu] = %.6g\n", k + 1, ref[k]) : fprintf(g, "pref[%zu] = NaN\n", k + 1);
        for (size_t j = 0; j < ngroups[k]; j++) {
            const size_t at = k * GROUPS_MAX + j + 1;
            fprintf(g, "gbars[%zu] = %zu; gname1[%zu] = \"%s\"; gname2[%zu] = \"%s\"\n", at, gbars[k][j], at,
                    glines[k][j][0], at, glines[k][j][1]);
        }
        any |= nbars[k] > 0;
    }
    fprintf(g, "pxlablen = %.0f\n", lablen);
    /* the families in the key, in order */
    fprintf(g, "keyfams = \"");
    for (int fam = 0, n = 0; fam < FAMILY_COUNT; fam++)
        if (fam_used[fam])
            fprintf(g, "%s%d", n++ ? " " : "", fam + 1);
    fprintf(g, "\"\n");
    int some = figkit_close_panels(g, path, any, cap,
                                   "the study has no Python series with more than one worker within the CPUs", e);
    if (some <= 0)
        return some;
    char *ans = cap->answer;
    const size_t len = sizeof cap->answer;
    for (size_t k = 0; k < na; k++) {
        const size_t n = nbars[k] < BARS_MAX ? nbars[k] : BARS_MAX;
        if (!n)
            continue;
        text_cat(ans, len, "%sn %s %s at T = %u, ", ans[0] ? "; o" : "O", art[k].workload, art[k].split, Tstar[k]);
        if (n == 1) {
            text_cat(ans, len, "the one way drawn is %s, ", bars[k][0].label);
            figkit_cat_ratio(cap, bars[k][0].v, bars[k][0].lo, bars[k][0].hi, NAN, bars[k][0].flags);
        } else {
            wording_ends(ans, len, &cap->flags, "the least parallel", "the most parallel", "the ways", bars[k], n,
                         "%.3g×");
        }
        if (pt[k] && isfinite(pt[k]->speedup)) {
            text_cat(ans, len, " (C pthreads: ");
            figkit_cat_ratio(cap, pt[k]->speedup, pt[k]->speedup_lo, pt[k]->speedup_hi, wording_speedup_level(pt[k]),
                             figkit_shown_flags(pt[k]));
            text_cat(ans, len, ")");
        }
    }
    text_cat(ans, len, ".");
    figkit_cat_n(cap->n, sizeof cap->n, drawn.c, drawn.n);
    return 0;
}

/* Characters in s, UTF-8 (× is one, in two bytes). */
static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* ---- figure 4: how far Python is from C ------------------------------------------ */

int figrank_fromc(struct analysis *a, const char *data, const struct panel *art, size_t na, struct err *e)
{
    struct fig_caption *cap = &a->caption[FIG_fromc];
    struct fig_panel fp[ART_MAX];
    memset(fp, 0, sizeof fp);
    struct figkit_drawn drawn = {0};
    const char *rows[ROWS_MAX];
    size_t nrows = 0;
    char path[PATH_MAX];
    /* one row per implementation with a T = 1 cell in any panel, the
     * cells' order (by family, then mode): the same row in every panel */
    for (size_t i = 0; i < a->ncells && nrows < ROWS_MAX; i++) {
        const struct cell *c = &a->cells[i];
        if (c->threads != 1 || figkit_is_ceiling(c->impl) || (nrows && !strcmp(rows[nrows - 1], c->impl)))
            continue;
        for (size_t k = 0; k < na; k++)
            if (figkit_in_panel(c, &art[k]) && isfinite(c->ns_per_unit)) {
                rows[nrows++] = c->impl;
                break;
            }
    }
    if (!figkit_present(a, FAM_C, MODE_PTHREADS, path, sizeof path))
        figkit_note_absent(cap, "pthreads (the reference: no factor is printed)");
    double xmin[ART_MAX], xmax[ART_MAX];
    size_t nbars[ART_MAX] = {0}; /* one a row: the data's rows, more than a layout's series */
    /* the Python rows of each panel, which the answer ranks */
    struct wording_value py[ART_MAX][ROWS_MAX];
    char names[ART_MAX][ROWS_MAX][96];
    size_t npy[ART_MAX] = {0};
    double faclen = 1; /* the longest factor printed beside a panel, in characters */
    for (size_t k = 0; k < na; k++) {
        char dpath[PATH_MAX];
        FILE *f = figkit_open_dat(data, "fromc", k + 1, dpath, e);
        if (!f)
            return -1;
        figkit_panel_title(fp[k].title, sizeof fp[k].title, &art[k]);
        xmin[k] = INFINITY;
        xmax[k] = 0;
        fprintf(f, "# row ns_per_unit lo hi family \"label\" \"factor over C pthreads\"\n");
        for (size_t r = 0; r < nrows; r++) {
            const struct cell *c[64];
            size_t n = figkit_series_cells(a, rows[r], &art[k], c, 64);
            if (!n || c[0]->threads != 1 || !isfinite(c[0]->ns_per_unit))
                continue;
            const struct cell *x = c[0];
            char label[96], factor[48] = "";
            figkit_impl_label(x->impl, label, sizeof label);
            if (x->fam == FAM_C && x->mode == MODE_PTHREADS)
                snprintf(factor, sizeof factor, "1× (ref.)");
            else if (isfinite(x->slowdown))
                /* whole numbers from 100 up: 1390×, not 1.39e+03× */
                snprintf(factor, sizeof factor, x->slowdown >= 100 ? "%.0f×%s" : "%.3g×%s", x->slowdown,
                         figkit_shown_flags(x) ? " *" : "");
            nbars[k]++;
            faclen = fmax(faclen, (double)utf8_chars(factor));
            fprintf(f, "# %s\n%zu %.6g %.6g %.6g %d \"%s\" \"%s\"\n", x->impl, nrows - r, x->ns_per_unit,
                    isfinite(x->ns_lo) ? x->ns_lo : x->ns_per_unit, isfinite(x->ns_hi) ? x->ns_hi : x->ns_per_unit,
                    x->fam + 1, label, factor);
            xmin[k] = fmin(xmin[k], isfinite(x->ns_lo) ? x->ns_lo : x->ns_per_unit);
            xmax[k] = fmax(xmax[k], isfinite(x->ns_hi) ? x->ns_hi : x->ns_per_unit);
            figkit_note_drawn(&drawn, x);
            if (isfinite(x->ns_lo))
                figkit_note_level(cap, wording_cell_level(x));
            if (x->fam != FAM_C && isfinite(x->slowdown)) {
                const size_t at = npy[k]++;
                snprintf(names[k][at], sizeof names[k][0], "%s", label);
                py[k][at] = (struct wording_value){names[k][at], x->slowdown, x->slow_lo, x->slow_hi,
                                                   figkit_shown_flags(x), wording_slowdown_runs(a, x)};
                if (isfinite(x->slow_lo))
                    figkit_note_level(cap, wording_slowdown_level(a, x));
            }
        }
        if (out_close(f, dpath, e))
            return -1;
    }
    FILE *g = figkit_layout(data, "fromc", fp, na, path, e);
    if (!g)
        return -1;
    const size_t n1 = na ? na : 1;
    fprintf(g, "faclen = %.0f\n", faclen);
    fprintf(g, "nrows = %zu\narray pxmin[%zu]\narray pxmax[%zu]\narray rowname[%zu]\narray rowfam[%zu]\n", nrows,
            n1, n1, nrows ? nrows : 1, nrows ? nrows : 1);
    /* The rows' names as a table: the family's ("3.14t -X gil=1") on the
     * first row of its group, left, and each row's mode ("own
     * executable") at the frame: shorter than the two together on every
     * row ("3.14t -X gil=1 own executable"), which would leave a
     * one-column panel little room for its bars.  labchars: the widest
     * row, with a gap of two between the two names. */
    size_t labchars = 1;
    for (size_t r = 0; r < nrows; r++) {
        int fam, mode;
        char fname[64] = "", mname[96];
        catalog_impl_kind(rows[r], &fam, &mode);
        if (fam == FAM_OTHER || mode >= MODE_OTHER) {
            snprintf(mname, sizeof mname, "%s", rows[r]);
        } else {
            int fam0 = -1, mode0;
            if (r)
                catalog_impl_kind(rows[r - 1], &fam0, &mode0);
            if (fam0 != fam)
                snprintf(fname, sizeof fname, "%s", catalog_families[fam].label);
            snprintf(mname, sizeof mname, "%s", catalog_modes[mode].label);
        }
        size_t w = utf8_chars(mname) + (fname[0] ? utf8_chars(fname) + 2 : 0);
        labchars = w > labchars ? w : labchars;
        fprintf(g, "rowname[%zu] = \"%s\"; rowfam[%zu] = \"%s\"\n", nrows - r, mname, nrows - r, fname);
    }
    fprintf(g, "labchars = %zu\n", labchars);
    int any = 0;
    for (size_t k = 0; k < na; k++) {
        /* whole decades (the factors are printed beside the frame) */
        double lo = isfinite(xmin[k]) && xmin[k] > 0 ? pow(10, floor(log10(xmin[k]))) : 0.1;
        double hi = xmax[k] > 0 ? pow(10, ceil(log10(xmax[k] * 1.5))) : 1000;
        fprintf(g, "pxmin[%zu] = %.6g; pxmax[%zu] = %.6g\n", k + 1, lo, k + 1, hi);
        any |= nbars[k] > 0;
    }
    int some = figkit_close_panels(g, path, any, cap,
                                   "the study has no single-worker run with a known unit count", e);
    if (some <= 0)
        return some;
    char *ans = cap->answer;
    const size_t len = sizeof cap->answer;
    for (size_t k = 0; k < na; k++) {
        const size_t n = npy[k];
        if (!n)
            continue;
        const char *unit = strcmp(art[k].workload, "nqueens") ? "sumsq iteration" : "N-Queens node";
        text_cat(ans, len, "%s per %s, ", ans[0] ? ";" : "With one worker,", unit);
        if (n == 1) {
            text_cat(ans, len, "%s needs ", py[k][0].label);
            figkit_cat_ratio(cap, py[k][0].v, py[k][0].lo, py[k][0].hi, NAN, py[k][0].flags);
            text_cat(ans, len, " C pthreads' time");
        } else {
            wording_ends(ans, len, &cap->flags, "the Python implementation needing the least of C pthreads' time",
                         "the one needing the most", "the Python implementations' times over C pthreads'", py[k], n,
                         "%.3g×");
        }
    }
    text_cat(ans, len, ans[0] ? "." : "No Python series has a C pthreads reference at T = 1 in this study.");
    figkit_cat_n(cap->n, sizeof cap->n, drawn.c, drawn.n);
    return 0;
}
