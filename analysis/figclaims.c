/* figclaims.c - figure 5, the articles' claims beside this study: each
 * claim's number (or range) and the ratio measured here, at the
 * articles' worker count where this machine has the CPUs for it (claims.c
 * measures it); the speed-ups on a log axis, the single-thread costs in
 * percent. */
#include "figures.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "claims.h"
#include "figkit.h"
#include "out.h"
#include "wording.h"

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
    FILE *f[2];
    for (int p = 0; p < 2; p++) {
        f[p] = figkit_open_dat(data, "claims", (size_t)p + 1, dpath[p], e);
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
        /* at fewer workers than the claim's: the open grey dot and the
         * key say so, the caption says why */
        if (ok && (c->threads > 1 || !m.at_claim))
            snprintf(where, sizeof where, " at T = %u", m.T);
        figkit_cat(meas, sizeof meas, "%s: ", where);
        figkit_cat(ans, len, "%s%s: claimed %s, measured ", ans[0] ? "; " : "", c->what, c->claimed);
        if (!ok) {
            snprintf(meas, sizeof meas, "not measured in this study");
            figkit_cat(ans, len, "nothing (not in this study)");
            figkit_note_absent(cap, c->threads > 1 ? c->num : c->den);
        } else {
            /* the caption with three digits, the figure with two */
            for (int short_form = 0; short_form < 2; short_form++) {
                char v[96] = "";
                if (pct) {
                    figkit_cat(v, sizeof v, short_form ? "%+.0f%%" : "%+.1f%%", fig_percent(m.r));
                    if (isfinite(m.lo))
                        figkit_cat(v, sizeof v, short_form ? " [%+.0f%%, %+.0f%%]" : " [%+.1f%%, %+.1f%%]",
                                    fig_percent(m.lo), fig_percent(m.hi));
                } else {
                    figkit_cat(v, sizeof v, short_form ? "%.2g×" : "%.3g×", m.r);
                    if (isfinite(m.lo))
                        figkit_cat(v, sizeof v, short_form ? " [%.2g, %.2g]" : " [%.3g, %.3g]", m.lo, m.hi);
                }
                figkit_cat(short_form ? meas : ans, short_form ? sizeof meas : len, "%s", v);
            }
            if (isfinite(m.lo))
                figkit_note_level(cap, wording_ratio_level(m.x, m.y));
            unsigned fl = figkit_shown_flags(m.x) | figkit_shown_flags(m.y);
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
            figkit_note_drawn(&drawn, m.x);
            figkit_note_drawn(&drawn, m.y);
        }
        double clo = pct ? fig_percent(c->claimed_lo) : c->claimed_lo;
        double chi = pct ? fig_percent(c->claimed_hi) : c->claimed_hi;
        xmin[p] = fmin(xmin[p], clo);
        xmax[p] = fmax(xmax[p], chi);
        char impl[DS_NAME_MAX + 8];
        snprintf(impl, sizeof impl, "claim%zu", k + 1);
        figkit_add_series(&fp[p], impl, c->what, FAM_OTHER, MODE_OTHER);
        fprintf(f[p], "# %s / %s\n%zu %.6g %.6g ", c->num, c->den, fp[p].n, clo, chi);
        if (ok) {
            double v = pct ? fig_percent(m.r) : m.r;
            double lo = isfinite(m.lo) ? (pct ? fig_percent(m.lo) : m.lo) : v;
            double hi = isfinite(m.hi) ? (pct ? fig_percent(m.hi) : m.hi) : v;
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
    /* ratios on a log axis: bars up to a factor FIGKIT_BAR_ROOM past the points */
    double lo1 = fmax(bmin[0], xmin[0] / FIGKIT_BAR_ROOM), hi1 = fmin(bmax[0], xmax[0] * FIGKIT_BAR_ROOM);
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

