/* figclaims.c - figure 5, the articles' claims beside this study: each
 * claim's number (or range) and the ratio measured here, at the
 * articles' worker count where this machine has the CPUs for it (claims.c
 * measures it); the speed-ups on a log axis, the single-thread costs in
 * percent.  Where the study ran the interpreters' own executables
 * (py<tag>-direct, what the articles ran), each claim has two measured
 * values, through the embedded host and through the executables, drawn
 * as a dot and a square and stated both in the answer: the host alone can
 * differ from what the articles measured (issue 15). */
#include "figures.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "claims.h"
#include "figkit.h"
#include "text.h"
#include "out.h"
#include "wording.h"

/* A measured value in words: the caption's with three digits ("0.72×
 * [0.65, 0.81]", "+6.6% (no interval)"), the figure's with two and
 * without the note (its missing bar says it). */
static void value_text(char *buf, size_t len, const struct claim_result *m, int pct, int short_form)
{
    buf[0] = '\0';
    if (pct) {
        text_cat(buf, len, short_form ? "%+.0f%%" : "%+.1f%%", fig_percent(m->r));
        if (isfinite(m->lo) && isfinite(m->hi))
            text_cat(buf, len, short_form ? " [%+.0f%%, %+.0f%%]" : " [%+.1f%%, %+.1f%%]", fig_percent(m->lo),
                       fig_percent(m->hi));
    } else {
        text_cat(buf, len, short_form ? "%.2g×" : "%.3g×", m->r);
        if (isfinite(m->lo) && isfinite(m->hi))
            text_cat(buf, len, short_form ? " [%.2g, %.2g]" : " [%.3g, %.3g]", m->lo, m->hi);
    }
    if (!short_form && !(isfinite(m->lo) && isfinite(m->hi)))
        text_cat(buf, len, " (no interval)");
}

/* The level m's interval reached: the answer's own (pairs reach their
 * own), else the smaller of its two cells'. */
static double level_of(const struct claim_result *m)
{
    return isfinite(m->level) ? m->level : wording_ratio_level(m->x, m->y);
}

/* One measured side into the answer (value, interval or "(no interval)",
 * ⚑) and the figure's line (value, *); notes its level and cells. */
static void side(struct fig_caption *cap, struct figkit_drawn *drawn, const struct claim_result *m, int pct,
                 char *line, size_t llen)
{
    char v[96];
    value_text(v, sizeof v, m, pct, 0);
    text_cat(cap->answer, sizeof cap->answer, "%s", v);
    if (isfinite(m->lo) && isfinite(m->hi))
        figkit_note_level(cap, level_of(m));
    unsigned fl = figkit_shown_flags(m->x) | figkit_shown_flags(m->y);
    figkit_cat_flag(cap, fl);
    value_text(v, sizeof v, m, pct, 1);
    text_cat(line, llen, "%s%s", v, fl ? " *" : "");
    figkit_note_drawn(drawn, m->x);
    figkit_note_drawn(drawn, m->y);
}

/* A measured value's columns: value lo hi at_claim (NaN where none). */
static void put_value(FILE *f, const struct claim_result *m, int ok, int pct, double *xmin, double *xmax,
                      double *bmin, double *bmax)
{
    if (!ok) {
        fprintf(f, " NaN NaN NaN 0");
        return;
    }
    double v = pct ? fig_percent(m->r) : m->r;
    double lo = isfinite(m->lo) ? (pct ? fig_percent(m->lo) : m->lo) : v;
    double hi = isfinite(m->hi) ? (pct ? fig_percent(m->hi) : m->hi) : v;
    fprintf(f, " %.6g %.6g %.6g %d", v, lo, hi, m->at_claim);
    *xmin = fmin(*xmin, v);
    *xmax = fmax(*xmax, v);
    *bmin = fmin(*bmin, lo);
    *bmax = fmax(*bmax, hi);
}

int figclaims_write(struct analysis *a, const char *data, struct err *e)
{
    struct fig_caption *cap = &a->caption[FIG_claims];
    /* panel 1: the speed-ups (ratios, log axis); panel 2: the single-thread
     * costs (percent) */
    struct fig_panel fp[2];
    memset(fp, 0, sizeof fp);
    snprintf(fp[0].title, sizeof fp[0].title, "Free-threading's speed-up, same work");
    snprintf(fp[1].title, sizeof fp[1].title, "Free-threading's cost to one thread");
    struct figkit_drawn drawn = {0};
    /* the points and claims' span, and the bars' */
    double xmin[2] = {1, 0}, xmax[2] = {1, FIG_CLAIM_COST_HI_PCT};
    double bmin[2] = {1, 0}, bmax[2] = {1, FIG_CLAIM_COST_HI_PCT};
    char path[PATH_MAX], dpath[2][PATH_MAX];
    /* the study ran the executables for some claim: then every claim
     * gets its second value (or says it has none) */
    int direct = 0;
    for (size_t k = 0; k < CLAIMS_COUNT && !direct; k++) {
        struct claim_result d;
        direct = claims_measure_direct(a, &claims_list[k], &d) == 0;
    }
    FILE *f[2];
    for (int p = 0; p < 2; p++) {
        f[p] = figkit_open_dat(data, "claims", (size_t)p + 1, dpath[p], e);
        if (!f[p]) {
            if (p)
                fclose(f[0]);
            return -1;
        }
        fprintf(f[p], "# row claimed_lo claimed_hi measured lo hi at_claim \"what\" \"claimed\" \"measured\" "
                      "direct dlo dhi d_at_claim \"host's line\" \"direct's line\"\n");
    }
    char *ans = cap->answer;
    const size_t len = sizeof cap->answer;
    for (size_t k = 0; k < CLAIMS_COUNT; k++) {
        const struct claim_def *c = &claims_list[k];
        const int p = c->threads == 1;
        const int pct = p == 1; /* the cost panel speaks in percent */
        struct claim_result m, d;
        int ok = claims_measure(a, c, &m) == 0;
        int dok = direct && claims_measure_direct(a, c, &d) == 0;
        /* the figure's lines: at most about 45 characters, what one-column
         * width holds at 7 pt.  Without the executables one line, "measured
         * at T = 2: 0.72× *"; with them a heading and a line each, the
         * host's and the executables' */
        char claimed[160], meas[192] = "measured", hline[128] = "", dline[128] = "";
        snprintf(claimed, sizeof claimed, "claimed: %s (%s)", c->claimed, c->source);
        /* at fewer workers than the claim's: the open grey marker and the
         * key say so, the caption says why */
        const struct claim_result *t = ok ? &m : dok ? &d : NULL;
        int same_T = !ok || !dok || m.T == d.T;
        if (t && same_T && (c->threads > 1 || !t->at_claim))
            text_cat(meas, sizeof meas, " at T = %u", t->T);
        text_cat(meas, sizeof meas, ":%s", direct ? "" : " ");
        text_cat(ans, len, "%s%s: claimed %s, measured ", ans[0] ? "; " : "", c->what, c->claimed);
        if (!ok && !dok) {
            snprintf(meas, sizeof meas, "not measured in this study");
            text_cat(ans, len, "nothing (not in this study)");
            figkit_note_absent(cap, c->threads > 1 ? c->num : c->den);
        } else {
            char *hl = direct ? hline : meas;
            size_t hlen = direct ? sizeof hline : sizeof meas;
            if (direct)
                text_cat(hline, sizeof hline, "embedded host%s", ok ? ": " : " not measured");
            if (ok) {
                side(cap, &drawn, &m, pct, hl, hlen);
                if (!same_T || (!direct && (c->threads > 1 || !m.at_claim)) || (direct && c->threads > 1))
                    text_cat(ans, len, " at T = %u", m.T);
                if (!same_T)
                    text_cat(hline, sizeof hline, " at T = %u", m.T);
                if (direct)
                    text_cat(ans, len, " through the embedded host");
            } else {
                text_cat(ans, len, "nothing through the embedded host (not in this study)");
                figkit_note_absent(cap, c->threads > 1 ? c->num : c->den);
            }
            if (direct) {
                text_cat(ans, len, " and ");
                text_cat(dline, sizeof dline, "own executable%s", dok ? ": " : " not measured");
                if (dok) {
                    side(cap, &drawn, &d, pct, dline, sizeof dline);
                    if (c->threads > 1 || !same_T)
                        text_cat(ans, len, " at T = %u", d.T);
                    if (!same_T)
                        text_cat(dline, sizeof dline, " at T = %u", d.T);
                    text_cat(ans, len, " through each interpreter's own executable (as the articles ran)");
                } else {
                    text_cat(ans, len, "nothing through the interpreters' own executables (not in this study)");
                }
            }
            if (!t->at_claim || (ok && dok && !d.at_claim)) {
                if (a->cpus && a->cpus < c->threads)
                    text_cat(ans, len, ", as this machine has %u CPUs (no counterpart of the article's %u)",
                               a->cpus, c->threads);
                else
                    text_cat(ans, len, " (the study did not run %u; no counterpart)", c->threads);
            }
        }
        double clo = pct ? fig_percent(c->claimed_lo) : c->claimed_lo;
        double chi = pct ? fig_percent(c->claimed_hi) : c->claimed_hi;
        xmin[p] = fmin(xmin[p], clo);
        xmax[p] = fmax(xmax[p], chi);
        char impl[DS_NAME_MAX + 8];
        snprintf(impl, sizeof impl, "claim%zu", k + 1);
        figkit_add_series(&fp[p], impl, c->what, FAM_OTHER, MODE_OTHER);
        fprintf(f[p], "# %s / %s\n%zu %.6g %.6g", c->num, c->den, fp[p].n, clo, chi);
        put_value(f[p], &m, ok, pct, &xmin[p], &xmax[p], &bmin[p], &bmax[p]);
        fprintf(f[p], " \"%s\" \"%s\" \"%s\"", c->what, claimed, meas);
        put_value(f[p], &d, dok, pct, &xmin[p], &xmax[p], &bmin[p], &bmax[p]);
        fprintf(f[p], " \"%s\" \"%s\"\n", hline, dline);
    }
    text_cat(ans, len, ".");
    for (int p = 0; p < 2; p++)
        if (out_close(f[p], dpath[p], e))
            return -1;
    FILE *g = figkit_layout(data, "claims", fp, 2, path, e);
    if (!g)
        return -1;
    fprintf(g, "hasdirect = %d\n", direct);
    /* ratios on a log axis: every point and claim, and bars up to a factor
     * FIGKIT_BAR_ROOM past them */
    double lo1 = fmin(xmin[0], fmax(bmin[0], xmin[0] / FIGKIT_BAR_ROOM));
    double hi1 = fmax(xmax[0], fmin(bmax[0], xmax[0] * FIGKIT_BAR_ROOM));
    fprintf(g, "pxmin1 = %.4g; pxmax1 = %.4g\n", fmin(0.5, lo1 / 1.3), hi1 * 1.3);
    double room = (FIGKIT_BAR_ROOM - 1) * (xmax[1] - xmin[1]);
    double lo2 = fmax(bmin[1], xmin[1] - room), hi2 = fmin(bmax[1], xmax[1] + room), pad = 0.1 * (hi2 - lo2);
    fprintf(g, "pxmin2 = %.4g; pxmax2 = %.4g\n", fmin(-2, lo2 - pad), hi2 + pad);
    if (out_close(g, path, e))
        return -1;
    figkit_cat_n(cap->n, sizeof cap->n, drawn.c, drawn.n);
    if (!drawn.n)
        snprintf(cap->not_drawn, sizeof cap->not_drawn, "the study measured none of the claims' pairs");
    return 0;
}
