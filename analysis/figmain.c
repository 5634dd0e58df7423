/* figmain.c - the data of the figures that each answer one question
 * (figures 1 to 5 of FIGURE_TABLE): figures 1 and 2 here, 3 and 4 in
 * figrank.c, 5 in figclaims.c; and their captions' answers.
 *
 * Each writer draws what the study has: a series it lacks is left out and
 * named in the caption's "absent"; a figure with nothing to draw gets a
 * not_drawn reason instead of an empty plot.  Data files: data/<name>.gp
 * (figures_layout's panels plus the figure's own variables) and
 * data/<name>-<panel>.dat, one block or row per series, each block headed
 * "# <impl>" so a reader (and the tests) can see what was drawn.  Every
 * interval drawn or quoted has its level noted (figkit_note_level) for the
 * caption's "Intervals at ..., the level each reached". */
#include "figures.h"

#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "figkit.h"
#include "text.h"
#include "out.h"
#include "stats.h"
#include "wording.h"

/* Work-balance caps drawn in one panel at most: one per size drawn. */
#define CAPS_MAX 4

/* "3.14t (free-threaded)", "C pthreads". */
static void gil_label(char *buf, size_t len, int fam, int mode)
{
    if (fam == FAM_C)
        snprintf(buf, len, "C %s", catalog_modes[mode].label);
    else
        snprintf(buf, len, "%s (%s)", catalog_families[fam].label, catalog_families[fam].gil);
}

/* A row "T speedup lo hi mark slot" of a figure against T: T = 1 is the
 * baseline itself (speedup 1, no interval); mark "*" for a speedup flagged
 * about itself (FIGKIT_POINT_FLAGS), slot its place among the marks at
 * that T (figkit_mark_slot).  0 when the cell has no speedup. */
static int speedup_row(FILE *f, const struct cell *c, struct figkit_marks *marks)
{
    const int one = c->threads == 1;
    double v = one ? 1 : c->speedup, lo = one ? 1 : c->speedup_lo, hi = one ? 1 : c->speedup_hi;
    if (!isfinite(v))
        return 0;
    if (!isfinite(lo) || !isfinite(hi))
        lo = hi = v;
    const int mark = (c->flags & FIGKIT_POINT_FLAGS) != 0;
    fprintf(f, "%u %.6g %.6g %.6g \"%s\" %u\n", c->threads, v, lo, hi, mark ? "*" : "",
            mark ? figkit_mark_slot(marks, c->threads) : 0);
    return 1;
}

/* ---- figure 1: GIL against free-threading ---------------------------------- */

static const int gil_fams[] = {FAM_PY312, FAM_PY313T, FAM_PY314, FAM_PY314T, FAM_PY314T_GIL};
#define GIL_FAMS (sizeof gil_fams / sizeof gil_fams[0])

/* The work-balance caps of one panel of figure 1: one per size its series
 * ran at, where worth drawing, into gil-cap-K.dat (a block per size: T
 * cap); their labels, and each cap's place in the figure's key (keys[],
 * *nkeys: the distinct labels over every panel). */
struct gil_caps {
    size_t n;
    uint64_t size[CAPS_MAX];
    size_t key[CAPS_MAX];
};

static int write_caps(const char *data, size_t k, const struct panel *p, const struct fig_panel *fp,
                      const struct analysis *a, struct gil_caps *caps, char (*keys)[96], size_t *nkeys,
                      struct err *e)
{
    char path[PATH_MAX];
    FILE *f = figkit_open_dat(data, "gil-cap", k + 1, path, e);
    if (!f)
        return -1;
    fprintf(f, "# the split's work-balance cap at each T of the panel, a block per size drawn: T cap\n");
    unsigned Ts[64];
    size_t nT = figkit_threads(a, p, Ts, 64);
    caps->n = 0;
    for (size_t s = 0; s < fp->n; s++) {
        const struct cell *c[64];
        size_t n = figkit_series_cells(a, fp->s[s].impl, p, c, 64);
        if (!n)
            continue;
        uint64_t size = c[0]->size;
        size_t j = 0;
        while (j < caps->n && caps->size[j] != size)
            j++;
        if (j < caps->n || caps->n == CAPS_MAX || !figkit_cap_drawn(p, size, Ts, nT))
            continue;
        char label[96];
        figkit_cap_label(label, sizeof label, p, size);
        size_t q = 0;
        while (q < *nkeys && strcmp(keys[q], label))
            q++;
        if (q == *nkeys && q < CAPS_MAX * 4)
            snprintf(keys[(*nkeys)++], sizeof keys[0], "%s", label);
        caps->key[caps->n] = q;
        caps->size[caps->n++] = size;
        fprintf(f, "%s# cap %s = %" PRIu64 "\n", caps->n > 1 ? "\n\n" : "", dataset_size_name(p->workload), size);
        for (size_t t = 0; t < nT; t++)
            fprintf(f, "%u %.6g\n", Ts[t], figkit_cap(p, size, Ts[t]));
    }
    if (!caps->n)
        fprintf(f, "# none\n");
    return out_close(f, path, e);
}

static int write_gil(struct analysis *a, const char *data, const struct panel *art, size_t na, struct err *e)
{
    struct fig_caption *cap = &a->caption[FIG_gil];
    struct fig_panel fp[ART_MAX];
    memset(fp, 0, sizeof fp);
    struct figkit_drawn drawn = {0};
    struct gil_caps caps[ART_MAX];
    char capkeys[CAPS_MAX * 4][96];
    size_t ncapkeys = 0;
    unsigned Tstar[ART_MAX] = {0}, Tmax[ART_MAX] = {0}, Tmin[ART_MAX];
    double ymax[ART_MAX], barmax[ART_MAX];
    int ceiling[ART_MAX] = {0};
    char impl[DS_NAME_MAX], label[96], path[PATH_MAX];
    /* the series: pthreads, then threading on every interpreter */
    int fams[1 + GIL_FAMS], modes[1 + GIL_FAMS];
    fams[0] = FAM_C;
    modes[0] = MODE_PTHREADS;
    for (size_t f = 0; f < GIL_FAMS; f++) {
        fams[f + 1] = gil_fams[f];
        modes[f + 1] = MODE_THREADING;
    }
    for (size_t s = 0; s < 1 + GIL_FAMS; s++)
        if (!figkit_present(a, fams[s], modes[s], impl, sizeof impl))
            figkit_note_absent(cap, figkit_impl_name(impl, sizeof impl, fams[s], modes[s]));
    for (size_t k = 0; k < na; k++) {
        char path2[PATH_MAX];
        FILE *f = figkit_open_dat(data, "gil", k + 1, path2, e);
        if (!f)
            return -1;
        figkit_panel_title(fp[k].title, sizeof fp[k].title, &art[k]);
        struct figkit_marks marks = {0};
        Tmin[k] = UINT_MAX;
        ymax[k] = barmax[k] = 1;
        for (size_t s = 0; s < 1 + GIL_FAMS; s++) {
            const struct cell *c[64];
            if (!figkit_present(a, fams[s], modes[s], impl, sizeof impl))
                continue;
            size_t n = figkit_series_cells(a, impl, &art[k], c, 64);
            if (!n)
                continue;
            gil_label(label, sizeof label, fams[s], modes[s]);
            fprintf(f, "%s# %s\n# T speedup speedup_lo speedup_hi mark slot\n", fp[k].n ? "\n\n" : "", impl);
            figkit_add_series(&fp[k], impl, label, fams[s], modes[s]);
            for (size_t i = 0; i < n; i++) {
                if (!speedup_row(f, c[i], &marks))
                    continue;
                const double v = c[i]->threads == 1 ? 1 : c[i]->speedup, hi = c[i]->speedup_hi;
                Tmax[k] = c[i]->threads > Tmax[k] ? c[i]->threads : Tmax[k];
                Tmin[k] = c[i]->threads < Tmin[k] ? c[i]->threads : Tmin[k];
                ymax[k] = fmax(ymax[k], v);
                barmax[k] = fmax(barmax[k], isfinite(hi) ? hi : v);
                if (c[i]->threads > 1 && (!a->cpus || c[i]->threads <= a->cpus) && c[i]->threads > Tstar[k])
                    Tstar[k] = c[i]->threads;
                figkit_note_drawn(&drawn, c[i]);
                if (isfinite(c[i]->speedup_lo))
                    figkit_note_level(cap, wording_speedup_level(c[i]));
            }
        }
        if (out_close(f, path2, e))
            return -1;
        /* the ceiling, a reference of its own */
        FILE *g = figkit_open_dat(data, "gil-ceil", k + 1, path2, e);
        if (!g)
            return -1;
        fprintf(g, "# %s: T independent single-threaded C processes\n# T speedup speedup_lo speedup_hi mark slot\n",
                ANALYSIS_CEILING);
        const struct cell *c[64];
        size_t n = figkit_series_cells(a, ANALYSIS_CEILING, &art[k], c, 64);
        for (size_t i = 0; i < n; i++) {
            if (!speedup_row(g, c[i], &marks))
                continue;
            ceiling[k] = 1;
            ymax[k] = fmax(ymax[k], c[i]->threads == 1 ? 1 : c[i]->speedup);
            barmax[k] = fmax(barmax[k], isfinite(c[i]->speedup_hi) ? c[i]->speedup_hi : c[i]->speedup);
            figkit_note_drawn(&drawn, c[i]);
            if (isfinite(c[i]->speedup_lo))
                figkit_note_level(cap, wording_speedup_level(c[i]));
        }
        if (out_close(g, path2, e) || write_caps(data, k, &art[k], &fp[k], a, &caps[k], capkeys, &ncapkeys, e))
            return -1;
    }
    /* the ideal line up to what the CPUs allow, not up to 2x the CPUs */
    FILE *g = figkit_layout(data, "gil", fp, na, path, e);
    if (!g)
        return -1;
    const size_t n1 = na ? na : 1;
    fprintf(g, "array pTmin[%zu]\narray pTmax[%zu]\narray pymax[%zu]\narray pxtics[%zu]\narray pceil[%zu]\n", n1, n1,
            n1, n1, n1);
    fprintf(g, "CAPS = %d\narray pncap[%zu]\narray pcapkey[%zu]\nncapkeys = %zu\narray capkey[%zu]\n", CAPS_MAX, n1,
            n1 * CAPS_MAX, ncapkeys, ncapkeys ? ncapkeys : 1);
    for (size_t q = 0; q < ncapkeys; q++)
        fprintf(g, "capkey[%zu] = \"%s\"\n", q + 1, capkeys[q]);
    int any = 0;
    for (size_t k = 0; k < na; k++) {
        unsigned ceil_T = a->cpus && a->cpus < Tmax[k] ? a->cpus : Tmax[k];
        fprintf(g, "pTmin[%zu] = %u; pTmax[%zu] = %u; pymax[%zu] = %.4g; pceil[%zu] = %d; pncap[%zu] = %zu\n", k + 1,
                Tmin[k] == UINT_MAX ? 1 : Tmin[k], k + 1, Tmax[k] ? Tmax[k] : 2, k + 1,
                figkit_axis_end(ymax[k], ceil_T, barmax[k]), k + 1, ceiling[k], k + 1, caps[k].n);
        for (size_t j = 0; j < caps[k].n; j++)
            fprintf(g, "pcapkey[%zu] = %zu\n", k * CAPS_MAX + j + 1, caps[k].key[j] + 1);
        /* a tic at every T the panel has */
        fprintf(g, "pxtics[%zu] = \"(", k + 1);
        unsigned seen[64];
        size_t nseen = figkit_threads(a, &art[k], seen, 64);
        for (size_t j = 0; j < nseen; j++)
            fprintf(g, "%s%u", j ? ", " : "", seen[j]);
        fprintf(g, ")\"\n");
        any |= Tmax[k] > 1 && fp[k].n > 0;
    }
    int some = figkit_close_panels(g, path, any, cap,
                                   "this study has no threading or pthreads series with more than one worker", e);
    if (some <= 0)
        return some;
    /* The answer: every drawn series' speedup at the largest T within the
     * CPUs, per panel, with the ceiling and the split's cap there. */
    char *ans = cap->answer;
    const size_t len = sizeof cap->answer;
    for (size_t k = 0; k < na; k++) {
        if (!Tstar[k])
            continue;
        text_cat(ans, len, "%sn %s %s at T = %u%s, the speedup over one worker is ", ans[0] ? "; o" : "O",
                   art[k].workload, art[k].split, Tstar[k], a->cpus && Tstar[k] == a->cpus ? " (the CPU count)" : "");
        size_t said = 0;
        /* the free-threaded builds first: they carry the answer */
        static const int order[] = {FAM_PY314T, FAM_PY313T, FAM_PY314T_GIL, FAM_PY314, FAM_PY312, FAM_C};
        for (size_t o = 0; o < sizeof order / sizeof order[0]; o++)
            for (size_t s = 0; s < fp[k].n; s++) {
                if (fp[k].s[s].fam != order[o])
                    continue;
                const struct cell *c = summary_find(a, fp[k].s[s].impl, art[k].workload, art[k].split, Tstar[k]);
                if (!c)
                    continue;
                text_cat(ans, len, "%s", said++ ? ", " : "");
                figkit_cat_ratio(cap, c->speedup, c->speedup_lo, c->speedup_hi, wording_speedup_level(c),
                                 figkit_shown_flags(c));
                text_cat(ans, len, " for %s", fp[k].s[s].label);
            }
        const struct cell *cc = summary_find(a, ANALYSIS_CEILING, art[k].workload, art[k].split, Tstar[k]);
        if (cc && isfinite(cc->speedup)) {
            text_cat(ans, len, ", and ");
            figkit_cat_ratio(cap, cc->speedup, cc->speedup_lo, cc->speedup_hi, wording_speedup_level(cc),
                             figkit_shown_flags(cc));
            text_cat(ans, len, " for the ceiling (T independent single-threaded C processes: what this machine "
                                 "gives T independent workers)");
        }
        for (size_t j = 0; j < caps[k].n; j++)
            text_cat(ans, len, "%s%s = %" PRIu64 ": %.3g", j ? ", " : " (the split's work-balance cap there: ",
                       dataset_size_name(art[k].workload), caps[k].size[j],
                       figkit_cap(&art[k], caps[k].size[j], Tstar[k]));
        if (caps[k].n)
            text_cat(ans, len, ")");
    }
    if (ans[0])
        text_cat(ans, len, ".");
    else
        text_cat(ans, len, "No series ran at more than one worker within the CPUs, so the figure shows only "
                             "oversubscribed counts.");
    figkit_cat_n(cap->n, sizeof cap->n, drawn.c, drawn.n);
    return 0;
}

/* ---- figure 2: the free-threading cost --------------------------------------- */

static const int cost_fams[] = {FAM_PY312, FAM_PY313T, FAM_PY314T, FAM_PY314T_GIL};
#define COST_FAMS (sizeof cost_fams / sizeof cost_fams[0])

/* Where an interval lies against the claimed +5 to +10%. */
static const char *against_claim(double lo_pct, double hi_pct)
{
    if (!isfinite(lo_pct))
        return "no interval to judge by";
    if (lo_pct >= FIG_CLAIM_COST_LO_PCT && hi_pct <= FIG_CLAIM_COST_HI_PCT)
        return "within the claimed +5 to +10%";
    if (lo_pct > FIG_CLAIM_COST_HI_PCT)
        return "above the claimed +5 to +10%";
    if (hi_pct < FIG_CLAIM_COST_LO_PCT)
        return "below the claimed +5 to +10%";
    return "overlapping the claimed +5 to +10%";
}

static int write_ftcost(struct analysis *a, const char *data, const struct panel *art, size_t na, struct err *e)
{
    struct fig_caption *cap = &a->caption[FIG_ftcost];
    struct fig_panel fp[ART_MAX];
    memset(fp, 0, sizeof fp);
    struct figkit_drawn drawn = {0};
    double xmin[ART_MAX], xmax[ART_MAX], bmin[ART_MAX], bmax[ART_MAX];
    double labmax = 1; /* the longest row's words, in characters, at most */
    char impl[DS_NAME_MAX], base[DS_NAME_MAX], label[96], path[PATH_MAX];
    const char *ref = figkit_present(a, FAM_PY314, MODE_THREADING, base, sizeof base);
    if (!ref) {
        snprintf(cap->not_drawn, sizeof cap->not_drawn,
                 "the study has no py3.14-threading, the GIL build every ratio here is taken against");
        figkit_note_absent(cap, "py3.14-threading");
    }
    for (size_t f = 0; f < COST_FAMS; f++)
        if (!figkit_present(a, cost_fams[f], MODE_THREADING, impl, sizeof impl))
            figkit_note_absent(cap, figkit_impl_name(impl, sizeof impl, cost_fams[f], MODE_THREADING));
    int any = 0;
    for (size_t k = 0; k < na; k++) {
        char dpath[PATH_MAX];
        FILE *f = figkit_open_dat(data, "ftcost", k + 1, dpath, e);
        if (!f)
            return -1;
        fprintf(f, "# row change_pct lo_pct hi_pct family \"value\"\n");
        figkit_panel_title(fp[k].title, sizeof fp[k].title, &art[k]);
        xmin[k] = bmin[k] = 0;
        xmax[k] = bmax[k] = FIG_CLAIM_COST_HI_PCT;
        const struct cell *y = ref ? summary_find(a, ref, art[k].workload, art[k].split, 1) : NULL;
        figkit_note_drawn(&drawn, y);
        for (size_t s = 0; s < COST_FAMS && y; s++) {
            if (!figkit_present(a, cost_fams[s], MODE_THREADING, impl, sizeof impl))
                continue;
            const struct cell *x = summary_find(a, impl, art[k].workload, art[k].split, 1);
            double r, lo, hi;
            if (!x || summary_cost_ratio(a, x, y, &r, &lo, &hi))
                continue;
            /* the key's short words: one line holds the name and the value */
            snprintf(label, sizeof label, "%s (%s)", catalog_families[cost_fams[s]].label,
                     catalog_families[cost_fams[s]].key);
            figkit_add_series(&fp[k], impl, label, cost_fams[s], MODE_THREADING);
            /* rows from the top: the first series highest */
            fprintf(f, "# %s\n%zu %.4g ", impl, fp[k].n, fig_percent(r));
            isfinite(lo) ? fprintf(f, "%.4g %.4g", fig_percent(lo), fig_percent(hi))
                         : fprintf(f, "%.4g %.4g", fig_percent(r), fig_percent(r));
            /* one decimal where it matters: +4.8%, +48%, +478% */
            char val[96] = "";
            text_cat(val, sizeof val, fabs(fig_percent(r)) < 10 ? "%+.1f%%" : "%+.0f%%", fig_percent(r));
            if (isfinite(lo)) {
                text_cat(val, sizeof val, fabs(fig_percent(lo)) < 10 ? " [%+.1f, " : " [%+.0f, ", fig_percent(lo));
                text_cat(val, sizeof val, fabs(fig_percent(hi)) < 10 ? "%+.1f]" : "%+.0f]", fig_percent(hi));
            }
            text_cat(val, sizeof val, "%s", figkit_shown_flags(x) | figkit_shown_flags(y) ? " *" : "");
            fprintf(f, " %d \"%s\"\n", cost_fams[s] + 1, val);
            /* the row's words, "label: value", in characters (ASCII) */
            labmax = fmax(labmax, (double)(strlen(label) + 2 + strlen(val)));
            xmin[k] = fmin(xmin[k], fig_percent(r));
            xmax[k] = fmax(xmax[k], fig_percent(r));
            bmin[k] = fmin(bmin[k], fig_percent(isfinite(lo) ? lo : r));
            bmax[k] = fmax(bmax[k], fig_percent(isfinite(hi) ? hi : r));
            figkit_note_drawn(&drawn, x);
            if (isfinite(lo))
                figkit_note_level(cap, wording_ratio_level(x, y));
            any = 1;
        }
        if (out_close(f, dpath, e))
            return -1;
    }
    FILE *g = figkit_layout(data, "ftcost", fp, na, path, e);
    if (!g)
        return -1;
    fprintf(g, "labmax = %.0f\n", labmax);
    fprintf(g, "claim_lo = %g; claim_hi = %g\narray pxmin[%zu]\narray pxmax[%zu]\n", FIG_CLAIM_COST_LO_PCT,
            FIG_CLAIM_COST_HI_PCT, na ? na : 1, na ? na : 1);
    for (size_t k = 0; k < na; k++) {
        /* the points and the claimed band, and the bars up to FIGKIT_BAR_ROOM
         * times that span beyond them (cut at the frame past it) */
        double span = xmax[k] - xmin[k], room = (FIGKIT_BAR_ROOM - 1) * span;
        double lo = fmax(bmin[k], xmin[k] - room), hi = fmin(bmax[k], xmax[k] + room);
        double pad = 0.08 * (hi - lo);
        fprintf(g, "pxmin[%zu] = %.4g; pxmax[%zu] = %.4g\n", k + 1, lo - pad, k + 1, hi + pad);
    }
    int some = figkit_close_panels(g, path, any, cap,
                                   "the study has no single-worker threading run of another interpreter to set beside 3.14's", e);
    if (some <= 0)
        return some;
    /* The answer: 3.14t first (the claim), then the others. */
    char *ans = cap->answer;
    const size_t len = sizeof cap->answer;
    static const int order[] = {FAM_PY314T, FAM_PY314T_GIL, FAM_PY313T, FAM_PY312};
    for (size_t o = 0; o < sizeof order / sizeof order[0]; o++) {
        size_t said = 0;
        for (size_t k = 0; k < na; k++) {
            if (!figkit_present(a, order[o], MODE_THREADING, impl, sizeof impl))
                continue;
            const struct cell *x = summary_find(a, impl, art[k].workload, art[k].split, 1);
            const struct cell *y = ref ? summary_find(a, ref, art[k].workload, art[k].split, 1) : NULL;
            double r, lo, hi;
            if (!x || !y || summary_cost_ratio(a, x, y, &r, &lo, &hi))
                continue;
            if (!said)
                text_cat(ans, len, "%s%s (%s) takes ", ans[0] ? "; " : "With one thread, ",
                            catalog_families[order[o]].label, catalog_families[order[o]].gil);
            else
                text_cat(ans, len, " and ");
            text_cat(ans, len, "%+.1f%%", fig_percent(r));
            if (isfinite(lo)) {
                text_cat(ans, len, " [%+.1f%%, %+.1f%%]", fig_percent(lo), fig_percent(hi));
                figkit_note_level(cap, wording_ratio_level(x, y));
            }
            text_cat(ans, len, " on %s", art[k].workload);
            if (order[o] == FAM_PY314T)
                text_cat(ans, len, " (%s)", against_claim(fig_percent(lo), fig_percent(hi)));
            figkit_cat_flag(cap, figkit_shown_flags(x) | figkit_shown_flags(y));
            said++;
        }
    }
    text_cat(ans, len, ", in time per unit of work against 3.14 with the GIL.");
    figkit_cat_n(cap->n, sizeof cap->n, drawn.c, drawn.n);
    return 0;
}

int figmain_write(struct analysis *a, const char *data, const struct panel *p, size_t np, struct err *e)
{
    struct panel art[ART_MAX];
    size_t na = figkit_article_panels(a, p, np, art, ART_MAX);
    return write_gil(a, data, art, na, e) || write_ftcost(a, data, art, na, e) ||
           figrank_modes(a, data, art, na, e) || figrank_fromc(a, data, art, na, e) || figclaims_write(a, data, e);
}
