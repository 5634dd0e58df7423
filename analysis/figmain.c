/* figmain.c - the data of the figures that each answer one question
 * (figures 1 to 5 of FIGURE_TABLE) and their captions' answers.
 *
 * Each writer draws what the study has: a series it lacks is left out and
 * named in the caption's "absent"; a figure with nothing to draw gets a
 * not_drawn reason instead of an empty plot.  Data files: data/<name>.gp
 * (figures_layout's panels plus the figure's own variables) and
 * data/<name>-<panel>.dat, one block or row per series, each block headed
 * "# <impl>" so a reader (and the tests) can see what was drawn. */
#include "figures.h"

#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claims.h"
#include "figkit.h"
#include "out.h"
#include "stats.h"
#include "text.h"

/* The article panels at most: one per workload. */
#define ART_MAX 4
/* Rows of figure 4: one per implementation. */
#define ROWS_MAX 64
/* The articles' single-thread cost, in percent (figure 2's band). */
#define CLAIM_COST_LO_PCT 5.0
#define CLAIM_COST_HI_PCT 10.0

/* ---- shared ---------------------------------------------------------------- */

static const char *impl_name(char *buf, size_t len, int fam, int mode)
{
    if (fam == FAM_C)
        snprintf(buf, len, "%s", catalog_modes[mode].name);
    else
        snprintf(buf, len, "py%s-%s", catalog_families[fam].tag, catalog_modes[mode].name);
    return buf;
}

/* The name impl has in this study: py3.14-mp-fork may be recorded under
 * its former name (py3.14-multiprocessing).  NULL when absent. */
static const char *present(const struct analysis *a, int fam, int mode, char *buf, size_t len)
{
    for (size_t i = 0; i < a->ncells; i++)
        if (a->cells[i].fam == fam && a->cells[i].mode == mode) {
            snprintf(buf, len, "%s", a->cells[i].impl);
            return buf;
        }
    return NULL;
}

/* impl's cells in panel p at its largest size, ascending T; how many. */
static size_t series_cells(const struct analysis *a, const char *impl, const struct panel *p,
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

static void panel_title(char *buf, size_t len, const struct panel *p)
{
    if (p->size)
        snprintf(buf, len, "%s, %s split (%s = %" PRIu64 ")", p->workload, p->split, dataset_size_name(p->workload),
                 p->size);
    else
        snprintf(buf, len, "%s, %s split", p->workload, p->split);
}

static void add_series(struct fig_panel *fp, const char *impl, const char *label, int fam, int mode)
{
    if (fp->n == FIG_SERIES_MAX)
        return;
    struct fig_series *s = &fp->s[fp->n++];
    text_clip(s->impl, sizeof s->impl, "%s", impl);
    text_clip(s->label, sizeof s->label, "%s", label);
    s->fam = fam;
    s->mode = mode;
}

/* "3.14t (free-threaded)", "C pthreads". */
static void gil_label(char *buf, size_t len, int fam, int mode)
{
    if (fam == FAM_C)
        snprintf(buf, len, "C %s", catalog_modes[mode].label);
    else
        snprintf(buf, len, "%s (%s)", catalog_families[fam].label, catalog_families[fam].gil);
}

static FILE *open_dat(const char *data, const char *name, size_t k, char *path, struct err *e)
{
    char file[64];
    snprintf(file, sizeof file, "%s-%zu.dat", name, k);
    return out_open(data, file, path, e);
}

/* The cells a figure drew, for its caption's n; past DRAWN_MAX the rest
 * are not counted. */
#define DRAWN_MAX 512
struct drawn {
    const struct cell *c[DRAWN_MAX];
    size_t n;
};

static void note_drawn(struct drawn *d, const struct cell *c)
{
    if (c && d->n < DRAWN_MAX)
        d->c[d->n++] = c;
}

/* A cell's flags about how it was measured: the caption marks a value
 * resting on it and names them. */
static unsigned shown_flags(const struct cell *c)
{
    return c ? c->flags & ~(FLAG_KF_RANGE | FLAG_FIT_RANGE) : 0;
}

/* Adds "absent: a, b" names to the caption's absent list. */
static void note_absent(struct fig_caption *cap, const char *impl)
{
    figkit_cat(cap->absent, sizeof cap->absent, "%s%s", cap->absent[0] ? ", " : "", impl);
}

/* An axis' end: room for the points and what the scale must show (base),
 * and for their interval bars up to BAR_ROOM beyond that; a wider bar is
 * cut at the frame (a few runs give intervals many times the value, which
 * would squash every point to the axis). */
#define BAR_ROOM 1.6
static double axis_end(double points, double base, double bars)
{
    double m = fmax(points, base);
    return 1.12 * fmax(m, fmin(bars, BAR_ROOM * m));
}

static double percent_of(double ratio)
{
    return 100 * (ratio - 1);
}

/* ---- figure 1: GIL against free-threading ---------------------------------- */

static const int gil_fams[] = {FAM_PY312, FAM_PY313T, FAM_PY314, FAM_PY314T, FAM_PY314T_GIL};
#define GIL_FAMS (sizeof gil_fams / sizeof gil_fams[0])

static int write_gil(struct analysis *a, const char *data, const struct panel *art, size_t na, struct err *e)
{
    struct fig_caption *cap = &a->caption[FIG_gil];
    struct fig_panel fp[ART_MAX];
    memset(fp, 0, sizeof fp);
    struct drawn drawn = {0};
    unsigned Tstar[ART_MAX] = {0}, Tmax[ART_MAX] = {0}, Tmin[ART_MAX];
    double ymax[ART_MAX], barmax[ART_MAX];
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
        if (!present(a, fams[s], modes[s], impl, sizeof impl))
            note_absent(cap, impl_name(impl, sizeof impl, fams[s], modes[s]));
    for (size_t k = 0; k < na; k++) {
        char path2[PATH_MAX];
        FILE *f = open_dat(data, "gil", k + 1, path2, e);
        if (!f)
            return -1;
        panel_title(fp[k].title, sizeof fp[k].title, &art[k]);
        Tmin[k] = UINT_MAX;
        ymax[k] = barmax[k] = 1;
        for (size_t s = 0; s < 1 + GIL_FAMS; s++) {
            const struct cell *c[64];
            if (!present(a, fams[s], modes[s], impl, sizeof impl))
                continue;
            size_t n = series_cells(a, impl, &art[k], c, 64);
            if (!n)
                continue;
            gil_label(label, sizeof label, fams[s], modes[s]);
            fprintf(f, "%s# %s\n# T speedup speedup_lo speedup_hi\n", fp[k].n ? "\n\n" : "", impl);
            add_series(&fp[k], impl, label, fams[s], modes[s]);
            for (size_t i = 0; i < n; i++) {
                /* T = 1 is the baseline itself: speedup 1, no interval */
                double v = c[i]->threads == 1 ? 1 : c[i]->speedup;
                double lo = c[i]->threads == 1 ? 1 : c[i]->speedup_lo, hi = c[i]->threads == 1 ? 1 : c[i]->speedup_hi;
                if (!isfinite(v))
                    continue;
                fprintf(f, "%u %.6g ", c[i]->threads, v);
                isfinite(lo) && isfinite(hi) ? fprintf(f, "%.6g %.6g\n", lo, hi) : fprintf(f, "%.6g %.6g\n", v, v);
                Tmax[k] = c[i]->threads > Tmax[k] ? c[i]->threads : Tmax[k];
                Tmin[k] = c[i]->threads < Tmin[k] ? c[i]->threads : Tmin[k];
                ymax[k] = fmax(ymax[k], v);
                barmax[k] = fmax(barmax[k], isfinite(hi) ? hi : v);
                if (c[i]->threads > 1 && (!a->cpus || c[i]->threads <= a->cpus) && c[i]->threads > Tstar[k])
                    Tstar[k] = c[i]->threads;
                note_drawn(&drawn, c[i]);
            }
        }
        if (out_close(f, path2, e))
            return -1;
    }
    /* the ideal line up to what the CPUs allow, not up to 2x the CPUs */
    FILE *g = figkit_layout(data, "gil", fp, na, path, e);
    if (!g)
        return -1;
    fprintf(g, "array pTmin[%zu]\narray pTmax[%zu]\narray pymax[%zu]\narray pxtics[%zu]\n", na ? na : 1,
            na ? na : 1, na ? na : 1, na ? na : 1);
    int any = 0;
    for (size_t k = 0; k < na; k++) {
        unsigned ceil_T = a->cpus && a->cpus < Tmax[k] ? a->cpus : Tmax[k];
        fprintf(g, "pTmin[%zu] = %u; pTmax[%zu] = %u; pymax[%zu] = %.4g\npxtics[%zu] = \"(", k + 1,
                Tmin[k] == UINT_MAX ? 1 : Tmin[k], k + 1, Tmax[k] ? Tmax[k] : 2, k + 1,
                axis_end(ymax[k], ceil_T, barmax[k]), k + 1);
        /* a tic at every T the panel has */
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
     * CPUs, per panel. */
    char *ans = cap->answer;
    const size_t len = sizeof cap->answer;
    for (size_t k = 0; k < na; k++) {
        if (!Tstar[k])
            continue;
        figkit_cat(ans, len, "%sn %s %s at T = %u%s, the speedup over one worker is ", ans[0] ? "; o" : "O",
                    art[k].workload, art[k].split, Tstar[k],
                    a->cpus && Tstar[k] == a->cpus ? " (the CPU count)" : "");
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
                figkit_cat(ans, len, "%s", said++ ? ", " : "");
                figkit_cat_ratio(cap, c->speedup, c->speedup_lo, c->speedup_hi, shown_flags(c));
                figkit_cat(ans, len, " for %s", fp[k].s[s].label);
            }
    }
    if (ans[0])
        figkit_cat(ans, len, ".");
    else
        figkit_cat(ans, len, "No series ran at more than one worker within the CPUs, so the figure shows only "
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
    if (lo_pct >= CLAIM_COST_LO_PCT && hi_pct <= CLAIM_COST_HI_PCT)
        return "within the claimed +5 to +10%";
    if (lo_pct > CLAIM_COST_HI_PCT)
        return "above the claimed +5 to +10%";
    if (hi_pct < CLAIM_COST_LO_PCT)
        return "below the claimed +5 to +10%";
    return "overlapping the claimed +5 to +10%";
}

static int write_ftcost(struct analysis *a, const char *data, const struct panel *art, size_t na, struct err *e)
{
    struct fig_caption *cap = &a->caption[FIG_ftcost];
    struct fig_panel fp[ART_MAX];
    memset(fp, 0, sizeof fp);
    struct drawn drawn = {0};
    double xmin[ART_MAX], xmax[ART_MAX], bmin[ART_MAX], bmax[ART_MAX];
    char impl[DS_NAME_MAX], base[DS_NAME_MAX], label[96], path[PATH_MAX];
    const char *ref = present(a, FAM_PY314, MODE_THREADING, base, sizeof base);
    if (!ref) {
        snprintf(cap->not_drawn, sizeof cap->not_drawn,
                 "the study has no py3.14-threading, the GIL build every ratio here is taken against");
        note_absent(cap, "py3.14-threading");
    }
    for (size_t f = 0; f < COST_FAMS; f++)
        if (!present(a, cost_fams[f], MODE_THREADING, impl, sizeof impl))
            note_absent(cap, impl_name(impl, sizeof impl, cost_fams[f], MODE_THREADING));
    int any = 0;
    for (size_t k = 0; k < na; k++) {
        char dpath[PATH_MAX];
        FILE *f = open_dat(data, "ftcost", k + 1, dpath, e);
        if (!f)
            return -1;
        fprintf(f, "# row change_pct lo_pct hi_pct family \"value\"\n");
        panel_title(fp[k].title, sizeof fp[k].title, &art[k]);
        xmin[k] = bmin[k] = 0;
        xmax[k] = bmax[k] = CLAIM_COST_HI_PCT;
        const struct cell *y = ref ? summary_find(a, ref, art[k].workload, art[k].split, 1) : NULL;
        note_drawn(&drawn, y);
        for (size_t s = 0; s < COST_FAMS && y; s++) {
            if (!present(a, cost_fams[s], MODE_THREADING, impl, sizeof impl))
                continue;
            const struct cell *x = summary_find(a, impl, art[k].workload, art[k].split, 1);
            double r, lo, hi;
            if (!x || summary_cost_ratio(a, x, y, &r, &lo, &hi))
                continue;
            snprintf(label, sizeof label, "%s (%s)", catalog_families[cost_fams[s]].label,
                     catalog_families[cost_fams[s]].gil);
            add_series(&fp[k], impl, label, cost_fams[s], MODE_THREADING);
            /* rows from the top: the first series highest */
            fprintf(f, "# %s\n%zu %.4g ", impl, fp[k].n, percent_of(r));
            isfinite(lo) ? fprintf(f, "%.4g %.4g", percent_of(lo), percent_of(hi))
                         : fprintf(f, "%.4g %.4g", percent_of(r), percent_of(r));
            /* one decimal where it matters: +4.8%, +48%, +478% */
            const char *fmt1 = fabs(percent_of(r)) < 10 ? "%+.1f%%" : "%+.0f%%";
            fprintf(f, " %d \"", cost_fams[s] + 1);
            fprintf(f, fmt1, percent_of(r));
            if (isfinite(lo)) {
                fprintf(f, fabs(percent_of(lo)) < 10 ? " [%+.1f, " : " [%+.0f, ", percent_of(lo));
                fprintf(f, fabs(percent_of(hi)) < 10 ? "%+.1f]" : "%+.0f]", percent_of(hi));
            }
            fprintf(f, "%s\"\n", shown_flags(x) | shown_flags(y) ? " *" : "");
            xmin[k] = fmin(xmin[k], percent_of(r));
            xmax[k] = fmax(xmax[k], percent_of(r));
            bmin[k] = fmin(bmin[k], percent_of(isfinite(lo) ? lo : r));
            bmax[k] = fmax(bmax[k], percent_of(isfinite(hi) ? hi : r));
            note_drawn(&drawn, x);
            any = 1;
        }
        if (out_close(f, dpath, e))
            return -1;
    }
    FILE *g = figkit_layout(data, "ftcost", fp, na, path, e);
    if (!g)
        return -1;
    fprintf(g, "claim_lo = %g; claim_hi = %g\narray pxmin[%zu]\narray pxmax[%zu]\n", CLAIM_COST_LO_PCT,
            CLAIM_COST_HI_PCT, na ? na : 1, na ? na : 1);
    for (size_t k = 0; k < na; k++) {
        /* the points and the claimed band, and the bars up to BAR_ROOM
         * times that span beyond them (cut at the frame past it) */
        double span = xmax[k] - xmin[k], room = (BAR_ROOM - 1) * span;
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
            if (!present(a, order[o], MODE_THREADING, impl, sizeof impl))
                continue;
            const struct cell *x = summary_find(a, impl, art[k].workload, art[k].split, 1);
            const struct cell *y = ref ? summary_find(a, ref, art[k].workload, art[k].split, 1) : NULL;
            double r, lo, hi;
            if (!x || !y || summary_cost_ratio(a, x, y, &r, &lo, &hi))
                continue;
            if (!said)
                figkit_cat(ans, len, "%s%s (%s) takes ", ans[0] ? "; " : "With one thread, ",
                            catalog_families[order[o]].label, catalog_families[order[o]].gil);
            else
                figkit_cat(ans, len, " and ");
            figkit_cat(ans, len, "%+.1f%%", percent_of(r));
            if (isfinite(lo))
                figkit_cat(ans, len, " [%+.1f%%, %+.1f%%]", percent_of(lo), percent_of(hi));
            figkit_cat(ans, len, " on %s", art[k].workload);
            if (order[o] == FAM_PY314T)
                figkit_cat(ans, len, " (%s)", against_claim(percent_of(lo), percent_of(hi)));
            figkit_cat_flag(cap, shown_flags(x) | shown_flags(y));
            said++;
        }
    }
    figkit_cat(ans, len, ", in time per unit of work against 3.14 with the GIL.");
    figkit_cat_n(cap->n, sizeof cap->n, drawn.c, drawn.n);
    return 0;
}

/* ---- figure 3: Python's ways to go parallel ------------------------------------ */

static int write_modes(struct analysis *a, const char *data, const struct panel *art, size_t na, struct err *e)
{
    struct fig_caption *cap = &a->caption[FIG_modes];
    struct fig_panel fp[ART_MAX];
    memset(fp, 0, sizeof fp);
    struct drawn drawn = {0};
    unsigned Tstar[ART_MAX] = {0};
    double ref[ART_MAX], ymax[ART_MAX], barmax[ART_MAX], xend[ART_MAX];
    size_t nbars[ART_MAX] = {0}; /* the bars are the data's rows, more than a layout's series */
    int fam_used[FAMILY_COUNT] = {0};
    char path[PATH_MAX], xt[ART_MAX][1024];
    const struct cell *best[ART_MAX] = {0}, *worst[ART_MAX] = {0}, *pt[ART_MAX] = {0};
    /* absent: each Python mode never run on an interpreter that has it */
    for (int m = MODE_THREADING; m < MODE_OTHER; m++) {
        int any = 0;
        for (size_t i = 0; i < a->ncells && !any; i++)
            any = a->cells[i].mode == m;
        if (!any)
            note_absent(cap, catalog_modes[m].name);
    }
    for (size_t k = 0; k < na; k++) {
        char dpath[PATH_MAX];
        panel_title(fp[k].title, sizeof fp[k].title, &art[k]);
        ref[k] = NAN;
        ymax[k] = barmax[k] = 1;
        xt[k][0] = '\0';
        /* the largest T within the CPUs that any Python series ran */
        for (size_t i = 0; i < a->ncells; i++) {
            const struct cell *c = &a->cells[i];
            if (figkit_in_panel(c, &art[k]) && c->fam != FAM_C && c->threads >= 2 &&
                (!a->cpus || c->threads <= a->cpus) && c->threads > Tstar[k])
                Tstar[k] = c->threads;
        }
        FILE *f = open_dat(data, "modes", k + 1, dpath, e);
        if (!f)
            return -1;
        fprintf(f, "# x speedup lo hi family mode (T = %u)\n", Tstar[k]);
        double x = 0;
        const double bar = 1.0; /* one bar's width, in x units; groups are a bar apart */
        for (int m = 0; m < MODE_OTHER && Tstar[k]; m++) {
            if (!catalog_modes[m].python)
                continue;
            const struct cell *in[FAMILY_COUNT];
            size_t nin = 0;
            for (int fam = FAM_C + 1; fam < FAMILY_COUNT; fam++) {
                char impl[DS_NAME_MAX];
                if (!present(a, fam, m, impl, sizeof impl))
                    continue;
                const struct cell *c = summary_find(a, impl, art[k].workload, art[k].split, Tstar[k]);
                if (c && isfinite(c->speedup))
                    in[nin++] = c;
            }
            if (!nin)
                continue;
            double start = x + (x > 0 ? bar : 0); /* a bar's gap before each group after the first */
            for (size_t j = 0; j < nin; j++) {
                const struct cell *c = in[j];
                double cx = start + (double)j * bar + bar / 2;
                fprintf(f, "# %s\n%.3f %.6g ", c->impl, cx, c->speedup);
                isfinite(c->speedup_lo) ? fprintf(f, "%.6g %.6g", c->speedup_lo, c->speedup_hi)
                                        : fprintf(f, "%.6g %.6g", c->speedup, c->speedup);
                fprintf(f, " %d %d\n", c->fam + 1, c->mode + 1);
                nbars[k]++;
                fam_used[c->fam] = 1;
                ymax[k] = fmax(ymax[k], c->speedup);
                barmax[k] = fmax(barmax[k], isfinite(c->speedup_hi) ? c->speedup_hi : c->speedup);
                if (!best[k] || c->speedup > best[k]->speedup)
                    best[k] = c;
                if (!worst[k] || c->speedup < worst[k]->speedup)
                    worst[k] = c;
                note_drawn(&drawn, c);
            }
            x = start + (double)nin * bar;
            figkit_cat(xt[k], sizeof xt[k], "%s\"%s\" %.3f", xt[k][0] ? ", " : "", catalog_modes[m].label,
                        start + (double)nin * bar / 2);
        }
        pt[k] = Tstar[k] ? summary_find(a, "pthreads", art[k].workload, art[k].split, Tstar[k]) : NULL;
        if (pt[k] && isfinite(pt[k]->speedup)) {
            ref[k] = pt[k]->speedup;
            ymax[k] = fmax(ymax[k], ref[k]);
            note_drawn(&drawn, pt[k]);
        }
        xend[k] = x;
        if (out_close(f, dpath, e))
            return -1;
    }
    FILE *g = figkit_layout(data, "modes", fp, na, path, e);
    if (!g)
        return -1;
    const size_t n1 = na ? na : 1;
    fprintf(g, "array pT[%zu]\narray pref[%zu]\narray pymax[%zu]\narray pxtics[%zu]\narray pxmax[%zu]\n", n1, n1, n1,
            n1, n1);
    int any = 0;
    for (size_t k = 0; k < na; k++) {
        fprintf(g, "pT[%zu] = %u; pymax[%zu] = %.4g; pxmax[%zu] = %.3f; pxtics[%zu] = '(%s)'\n", k + 1,
                Tstar[k], k + 1, axis_end(ymax[k], Tstar[k], barmax[k]), k + 1, xend[k], k + 1, xt[k]);
        isfinite(ref[k]) ? fprintf(g, "pref[%zu] = %.6g\n", k + 1, ref[k]) : fprintf(g, "pref[%zu] = NaN\n", k + 1);
        any |= nbars[k] > 0;
    }
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
        if (!best[k])
            continue;
        char lb[96], lw[96];
        figkit_impl_label(best[k]->impl, lb, sizeof lb);
        figkit_impl_label(worst[k]->impl, lw, sizeof lw);
        figkit_cat(ans, len, "%sn %s %s at T = %u, the most parallel is %s, ", ans[0] ? "; o" : "O",
                    art[k].workload, art[k].split, Tstar[k], lb);
        figkit_cat_ratio(cap, best[k]->speedup, best[k]->speedup_lo, best[k]->speedup_hi, shown_flags(best[k]));
        if (worst[k] != best[k]) {
            figkit_cat(ans, len, ", the least %s, ", lw);
            figkit_cat_ratio(cap, worst[k]->speedup, worst[k]->speedup_lo, worst[k]->speedup_hi,
                              shown_flags(worst[k]));
        }
        if (pt[k] && isfinite(pt[k]->speedup)) {
            figkit_cat(ans, len, " (C pthreads: ");
            figkit_cat_ratio(cap, pt[k]->speedup, pt[k]->speedup_lo, pt[k]->speedup_hi, shown_flags(pt[k]));
            figkit_cat(ans, len, ")");
        }
    }
    figkit_cat(ans, len, ".");
    figkit_cat_n(cap->n, sizeof cap->n, drawn.c, drawn.n);
    return 0;
}

/* ---- figure 4: how far Python is from C ------------------------------------------ */

static int write_fromc(struct analysis *a, const char *data, const struct panel *art, size_t na, struct err *e)
{
    struct fig_caption *cap = &a->caption[FIG_fromc];
    struct fig_panel fp[ART_MAX];
    memset(fp, 0, sizeof fp);
    struct drawn drawn = {0};
    const char *rows[ROWS_MAX];
    size_t nrows = 0;
    char path[PATH_MAX];
    /* one row per implementation with a T = 1 cell in any panel, the
     * cells' order (by family, then mode): the same row in every panel */
    for (size_t i = 0; i < a->ncells && nrows < ROWS_MAX; i++) {
        const struct cell *c = &a->cells[i];
        if (c->threads != 1 || (nrows && !strcmp(rows[nrows - 1], c->impl)))
            continue;
        for (size_t k = 0; k < na; k++)
            if (figkit_in_panel(c, &art[k]) && isfinite(c->ns_per_unit)) {
                rows[nrows++] = c->impl;
                break;
            }
    }
    if (!present(a, FAM_C, MODE_PTHREADS, path, sizeof path))
        note_absent(cap, "pthreads (the reference: no factor is printed)");
    double xmin[ART_MAX], xmax[ART_MAX];
    size_t nbars[ART_MAX] = {0}; /* one a row: the data's rows, more than a layout's series */
    const struct cell *lo_c[ART_MAX] = {0}, *hi_c[ART_MAX] = {0};
    for (size_t k = 0; k < na; k++) {
        char dpath[PATH_MAX];
        FILE *f = open_dat(data, "fromc", k + 1, dpath, e);
        if (!f)
            return -1;
        panel_title(fp[k].title, sizeof fp[k].title, &art[k]);
        xmin[k] = INFINITY;
        xmax[k] = 0;
        fprintf(f, "# row ns_per_unit lo hi family \"label\" \"factor over C pthreads\"\n");
        for (size_t r = 0; r < nrows; r++) {
            const struct cell *c[64];
            size_t n = series_cells(a, rows[r], &art[k], c, 64);
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
                         shown_flags(x) ? " *" : "");
            nbars[k]++;
            fprintf(f, "# %s\n%zu %.6g %.6g %.6g %d \"%s\" \"%s\"\n", x->impl, nrows - r, x->ns_per_unit,
                    isfinite(x->ns_lo) ? x->ns_lo : x->ns_per_unit, isfinite(x->ns_hi) ? x->ns_hi : x->ns_per_unit,
                    x->fam + 1, label, factor);
            xmin[k] = fmin(xmin[k], isfinite(x->ns_lo) ? x->ns_lo : x->ns_per_unit);
            xmax[k] = fmax(xmax[k], isfinite(x->ns_hi) ? x->ns_hi : x->ns_per_unit);
            note_drawn(&drawn, x);
            if (x->fam != FAM_C && isfinite(x->slowdown)) {
                if (!lo_c[k] || x->slowdown < lo_c[k]->slowdown)
                    lo_c[k] = x;
                if (!hi_c[k] || x->slowdown > hi_c[k]->slowdown)
                    hi_c[k] = x;
            }
        }
        if (out_close(f, dpath, e))
            return -1;
    }
    FILE *g = figkit_layout(data, "fromc", fp, na, path, e);
    if (!g)
        return -1;
    const size_t n1 = na ? na : 1;
    fprintf(g, "nrows = %zu\narray pxmin[%zu]\narray pxmax[%zu]\narray rowname[%zu]\n", nrows, n1, n1,
            nrows ? nrows : 1);
    for (size_t r = 0; r < nrows; r++) {
        char label[96];
        figkit_impl_label(rows[r], label, sizeof label);
        fprintf(g, "rowname[%zu] = \"%s\"\n", nrows - r, label);
    }
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
        if (!lo_c[k])
            continue;
        char l1[96], l2[96];
        figkit_impl_label(lo_c[k]->impl, l1, sizeof l1);
        figkit_impl_label(hi_c[k]->impl, l2, sizeof l2);
        figkit_cat(ans, len, "%s", ans[0] ? "; " : "With one worker, Python needs ");
        if (lo_c[k] == hi_c[k]) {
            figkit_cat_ratio(cap, lo_c[k]->slowdown, lo_c[k]->slow_lo, lo_c[k]->slow_hi, shown_flags(lo_c[k]));
            figkit_cat(ans, len, " (%s)", l1);
        } else {
            figkit_cat(ans, len, "from ");
            figkit_cat_ratio(cap, lo_c[k]->slowdown, lo_c[k]->slow_lo, lo_c[k]->slow_hi, shown_flags(lo_c[k]));
            figkit_cat(ans, len, " (%s) to ", l1);
            figkit_cat_ratio(cap, hi_c[k]->slowdown, hi_c[k]->slow_lo, hi_c[k]->slow_hi, shown_flags(hi_c[k]));
            figkit_cat(ans, len, " (%s)", l2);
        }
        figkit_cat(ans, len, " C pthreads' time per %s", strcmp(art[k].workload, "nqueens") ? "sumsq iteration"
                                                                                             : "N-Queens node");
    }
    figkit_cat(ans, len, ans[0] ? "." : "No Python series has a C pthreads reference at T = 1 in this study.");
    figkit_cat_n(cap->n, sizeof cap->n, drawn.c, drawn.n);
    return 0;
}

/* ---- figure 5: the articles' claims beside this study ------------------------------ */

static int write_claims(struct analysis *a, const char *data, struct err *e)
{
    struct fig_caption *cap = &a->caption[FIG_claims];
    /* panel 1: the speed-ups (ratios, log axis); panel 2: the single-thread
     * costs (percent) */
    struct fig_panel fp[2];
    memset(fp, 0, sizeof fp);
    snprintf(fp[0].title, sizeof fp[0].title, "Free-threading's speed-up, same work");
    snprintf(fp[1].title, sizeof fp[1].title, "Free-threading's cost to one thread");
    struct drawn drawn = {0};
    /* the points and claims' span, and the bars' */
    double xmin[2] = {1, 0}, xmax[2] = {1, CLAIM_COST_HI_PCT}, bmin[2] = {1, 0}, bmax[2] = {1, CLAIM_COST_HI_PCT};
    char path[PATH_MAX], dpath[2][PATH_MAX];
    FILE *f[2];
    for (int p = 0; p < 2; p++) {
        f[p] = open_dat(data, "claims", (size_t)p + 1, dpath[p], e);
        if (!f[p]) {
            if (p)
                fclose(f[0]);
            return -1;
        }
        fprintf(f[p], "# row claimed_lo claimed_hi measured lo hi at_claim \"what\" \"claimed\" \"measured\"\n");
    }
    char *ans = cap->answer;
    const size_t len = sizeof cap->answer;
    for (size_t k = 0; k < CLAIMS_COUNT; k++) {
        const struct claim_def *c = &claims_list[k];
        const int p = c->threads == 1;
        const int pct = p == 1; /* the cost panel speaks in percent */
        struct claim_result m;
        int ok = claims_measure(a, c, &m) == 0;
        /* the figure's lines: at most about 50 characters, what one-column
         * width holds at 7 pt */
        char claimed[160], meas[192] = "measured", where[64] = "";
        snprintf(claimed, sizeof claimed, "claimed: %s (%s)", c->claimed, c->source);
        if (ok && !m.at_claim)
            snprintf(where, sizeof where, a->cpus && a->cpus < c->threads ? " at T = %u (%u CPUs)" : " at T = %u (no %u)",
                     m.T, a->cpus && a->cpus < c->threads ? a->cpus : c->threads);
        else if (ok && c->threads > 1)
            snprintf(where, sizeof where, " at T = %u", m.T);
        figkit_cat(meas, sizeof meas, "%s: ", where);
        figkit_cat(ans, len, "%s%s: claimed %s, measured ", ans[0] ? "; " : "", c->what, c->claimed);
        if (!ok) {
            snprintf(meas, sizeof meas, "not measured in this study");
            figkit_cat(ans, len, "nothing (not in this study)");
            note_absent(cap, c->threads > 1 ? c->num : c->den);
        } else {
            /* the caption with three digits, the figure with two */
            for (int short_form = 0; short_form < 2; short_form++) {
                char v[96] = "";
                if (pct) {
                    figkit_cat(v, sizeof v, short_form ? "%+.0f%%" : "%+.1f%%", percent_of(m.r));
                    if (isfinite(m.lo))
                        figkit_cat(v, sizeof v, short_form ? " [%+.0f%%, %+.0f%%]" : " [%+.1f%%, %+.1f%%]",
                                    percent_of(m.lo), percent_of(m.hi));
                } else {
                    figkit_cat(v, sizeof v, short_form ? "%.2g×" : "%.3g×", m.r);
                    if (isfinite(m.lo))
                        figkit_cat(v, sizeof v, short_form ? " [%.2g, %.2g]" : " [%.3g, %.3g]", m.lo, m.hi);
                }
                figkit_cat(short_form ? meas : ans, short_form ? sizeof meas : len, "%s", v);
            }
            unsigned fl = shown_flags(m.x) | shown_flags(m.y);
            figkit_cat_flag(cap, fl);
            if (fl)
                figkit_cat(meas, sizeof meas, " *");
            if (!m.at_claim) {
                if (a->cpus && a->cpus < c->threads)
                    figkit_cat(ans, len, " at T = %u, as this machine has %u CPUs (no counterpart of the "
                                          "article's %u)", m.T, a->cpus, c->threads);
                else
                    figkit_cat(ans, len, " at T = %u (the study did not run %u; no counterpart)", m.T, c->threads);
            } else if (c->threads > 1) {
                figkit_cat(ans, len, " at T = %u", m.T);
            }
            note_drawn(&drawn, m.x);
            note_drawn(&drawn, m.y);
        }
        double clo = pct ? percent_of(c->claimed_lo) : c->claimed_lo;
        double chi = pct ? percent_of(c->claimed_hi) : c->claimed_hi;
        xmin[p] = fmin(xmin[p], clo);
        xmax[p] = fmax(xmax[p], chi);
        char impl[DS_NAME_MAX + 8];
        snprintf(impl, sizeof impl, "claim%zu", k + 1);
        add_series(&fp[p], impl, c->what, FAM_OTHER, MODE_OTHER);
        fprintf(f[p], "# %s / %s\n%zu %.6g %.6g ", c->num, c->den, fp[p].n, clo, chi);
        if (ok) {
            double v = pct ? percent_of(m.r) : m.r;
            double lo = isfinite(m.lo) ? (pct ? percent_of(m.lo) : m.lo) : v;
            double hi = isfinite(m.hi) ? (pct ? percent_of(m.hi) : m.hi) : v;
            fprintf(f[p], "%.6g %.6g %.6g %d", v, lo, hi, m.at_claim);
            xmin[p] = fmin(xmin[p], v);
            xmax[p] = fmax(xmax[p], v);
            bmin[p] = fmin(bmin[p], lo);
            bmax[p] = fmax(bmax[p], hi);
        } else {
            fprintf(f[p], "NaN NaN NaN 0");
        }
        fprintf(f[p], " \"%s\" \"%s\" \"%s\"\n", c->what, claimed, meas);
    }
    figkit_cat(ans, len, ".");
    for (int p = 0; p < 2; p++)
        if (out_close(f[p], dpath[p], e))
            return -1;
    FILE *g = figkit_layout(data, "claims", fp, 2, path, e);
    if (!g)
        return -1;
    /* the ratio panel on a log axis: whole factors around the values */
    /* ratios on a log axis: bars up to a factor BAR_ROOM past the points */
    double lo1 = fmax(bmin[0], xmin[0] / BAR_ROOM), hi1 = fmin(bmax[0], xmax[0] * BAR_ROOM);
    fprintf(g, "pxmin1 = %.4g; pxmax1 = %.4g\n", fmin(0.5, lo1 / 1.3), hi1 * 1.3);
    double room = (BAR_ROOM - 1) * (xmax[1] - xmin[1]);
    double lo2 = fmax(bmin[1], xmin[1] - room), hi2 = fmin(bmax[1], xmax[1] + room), pad = 0.1 * (hi2 - lo2);
    fprintf(g, "pxmin2 = %.4g; pxmax2 = %.4g\n", fmin(-2, lo2 - pad), hi2 + pad);
    if (out_close(g, path, e))
        return -1;
    figkit_cat_n(cap->n, sizeof cap->n, drawn.c, drawn.n);
    if (!drawn.n)
        snprintf(cap->not_drawn, sizeof cap->not_drawn, "the study measured none of the claims' pairs");
    return 0;
}

int figmain_write(struct analysis *a, const char *data, const struct panel *p, size_t np, struct err *e)
{
    struct panel art[ART_MAX];
    size_t na = figkit_article_panels(a, p, np, art, ART_MAX);
    return write_gil(a, data, art, na, e) || write_ftcost(a, data, art, na, e) || write_modes(a, data, art, na, e) ||
           write_fromc(a, data, art, na, e) || write_claims(a, data, e);
}
