/* claims.c - the articles' claims beside this study's measurements
 * (claims.h).
 *
 * Contract: a claim's ratio is stated only with its 95% interval and a
 * verdict (faster, slower, or not distinguishable at this sample size);
 * a row resting on a flagged cell names its flags: it is not a finding. */
#include "claims.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "flags.h"
#include "out.h"
#include "stats.h"
#include "workload.h"

#define CLAIM_ROW(id, source, wl, split, num, den, T, lo, hi, what, claimed) \
    {source, wl, split, num, den, T, lo, hi, what, claimed},
const struct claim_def claims_list[CLAIMS_COUNT] = {CLAIM_TABLE(CLAIM_ROW)};
/* The same-binary control at many threads: the articles' 8, or the
 * largest count within the CPUs (claims_measure's rule). */
#define CLAIM_CONTROL_THREADS 8
#undef CLAIM_ROW

/* The largest T <= max that both num and den ran in (wl, split); 0 when
 * none. */
static unsigned common_T(const struct analysis *a, const struct claim_def *c, unsigned max)
{
    unsigned best = 0;
    for (size_t i = 0; i < a->ncells; i++) {
        const struct cell *x = &a->cells[i];
        if (!strcmp(x->impl, c->num) && !strcmp(x->workload, c->workload) && !strcmp(x->split, c->split) &&
            x->threads <= max && x->threads > best && summary_find(a, c->den, c->workload, c->split, x->threads))
            best = x->threads;
    }
    return best;
}

int claims_measure(const struct analysis *a, const struct claim_def *c, struct claim_result *r)
{
    *r = (struct claim_result){NULL, NULL, 0, 0, NAN, NAN, NAN};
    unsigned T = c->threads;
    /* The claim's own count, on a machine that has the CPUs for it;
     * otherwise the largest count within both, never an oversubscribed
     * stand-in for the article's cores. */
    r->at_claim = (!a->cpus || a->cpus >= T) && summary_find(a, c->num, c->workload, c->split, T) &&
                  summary_find(a, c->den, c->workload, c->split, T);
    if (!r->at_claim)
        T = common_T(a, c, a->cpus && a->cpus < T ? a->cpus : T);
    r->T = T;
    if (!T)
        return -1;
    const struct cell *x = summary_find(a, c->num, c->workload, c->split, T);
    const struct cell *y = summary_find(a, c->den, c->workload, c->split, T);
    if (!x || !y || summary_cost_ratio(a, x, y, &r->r, &r->lo, &r->hi))
        return -1;
    r->x = x;
    r->y = y;
    return 0;
}

/* One row of the claims table: cost per unit of num over den at the count
 * claims_measure chose, its interval, the verdict (above: the words when
 * the interval is above 1; below: when under), and the flags of both
 * cells.  percent: as "+4.8%". */
struct claim_words {
    const char *claim, *compared, *above, *below;
    int percent;
};

static void claim_row(FILE *f, const struct analysis *a, const struct claim_words *cw, const struct claim_def *c)
{
    struct claim_result m;
    int ok = claims_measure(a, c, &m) == 0;
    fprintf(f, "| %s | %s | ", cw->claim, cw->compared);
    if (!m.T)
        fprintf(f, "-");
    else if (m.at_claim)
        fprintf(f, "%u", m.T);
    else if (a->cpus && a->cpus < c->threads)
        fprintf(f, "%u (the articles': %u; this machine has %u CPUs)", m.T, c->threads, a->cpus);
    else
        fprintf(f, "%u (the articles': %u; not run at %u)", m.T, c->threads, c->threads);
    if (!ok) {
        fprintf(f, " | not measured | - | %s | - |\n", c->claimed);
        return;
    }
    fputs(" | ", f);
    if (cw->percent) {
        fprintf(f, "%+.1f%%", 100 * (m.r - 1));
        if (isfinite(m.lo))
            fprintf(f, " [%+.1f%%, %+.1f%%]", 100 * (m.lo - 1), 100 * (m.hi - 1));
    } else {
        out_ratio(f, m.r, m.lo, m.hi);
    }
    enum stats_verdict v = stats_verdict(m.lo, m.hi);
    fprintf(f, " | %s | %s | ",
            !isfinite(m.lo) ? "no interval" : v == STATS_ABOVE_1 ? cw->above : v == STATS_BELOW_1 ? cw->below
                                                                                    : "not distinguishable at this sample size",
            c->claimed);
    unsigned flags = (m.x->flags | m.y->flags) & FLAGS_MEASURE;
    if (flags) {
        fputs("⚑ ", f);
        flags_md(f, flags);
    } else {
        fputs("-", f);
    }
    fputs(" |\n", f);
}

void claims_write_table(FILE *f, const struct analysis *a)
{
    fprintf(f, "## The articles' claims beside the measurements\n\n"
               "Each ratio is of costs per unit of work (ns per iteration or node), from one study (same machine, "
               "same rounds), with its " CATALOG_CI_FMT " bootstrap interval (less where a cell is flagged `few-runs`); the "
               "verdict calls a difference only when the "
               "interval excludes 1. A claim is checked at the workers the articles used where this machine has "
               "that many CPUs and the study ran them; otherwise at the largest count within both, and the table "
               "says so: such a row is not the claim's counterpart. A flagged row (last column) is not a finding: "
               "see *Flags*.\n\n"
               "| claim | compared | workers | measured [interval] | verdict | claimed | flags |\n"
               "|---|---|---|---|---|---|---|\n");
    for (size_t k = 0; k < CLAIMS_COUNT; k++) {
        const struct claim_def *c = &claims_list[k];
        char claim[128], compared[160];
        int cost = c->threads == 1;
        snprintf(claim, sizeof claim, "%s (%s)", c->what, c->source);
        snprintf(compared, sizeof compared, "%s / %s%s, %s", c->num, c->den, cost ? " at T = 1" : "", c->workload);
        const struct claim_words cw = {claim, compared, cost ? "3.14t slower" : "3.14t faster",
                                       cost ? "3.14t faster" : "3.14t slower", cost};
        claim_row(f, a, &cw, c);
        /* Article 2's table went through 1, 2 and 4 threads on its way to
         * 8: those of them this machine has CPUs for. */
        if (k == CLAIM_NQUEENS_FT)
            for (unsigned T = 1; T < c->threads; T *= 2) {
                struct claim_def at = *c;
                struct claim_result m;
                at.threads = T;
                at.claimed = "grows with threads";
                if (claims_measure(a, &at, &m) == 0 && m.at_claim)
                    claim_row(f, a, &cw, &at);
            }
    }
    /* 3.12 against 3.14t with one thread: the version change and the GIL
     * together, article 1's pair. */
    const char *wl[WL_COUNT][2]; /* each workload at its article split */
    for (int w = 0; w < WL_COUNT; w++) {
        wl[w][0] = workload_descs[w].name;
        wl[w][1] = split_descs[workload_descs[w].default_split].name;
    }
    for (int w = 0; w < WL_COUNT; w++) {
        char compared[96];
        snprintf(compared, sizeof compared, "3.12 / 3.14t threading at T = 1, %s", wl[w][0]);
        const struct claim_def c4 = {"article 1", wl[w][0], wl[w][1], "py3.12-threading", "py3.14t-threading", 1,
                                     NAN, NAN, "", "not claimed"};
        const struct claim_words cw = {"one thread: 3.12 (GIL) against 3.14t (article 1's pair)", compared,
                                       "3.14t faster", "3.14t slower", 0};
        claim_row(f, a, &cw, &c4);
    }
    /* The same 3.14t binary with its GIL switched on at start-up (-X gil=1)
     * against it without: the GIL is the one difference.  At T = 1 what
     * the GIL itself costs one thread; at the largest T within the CPUs
     * what removing it buys. */
    for (int w = 0; w < WL_COUNT; w++) {
        char compared[128];
        snprintf(compared, sizeof compared, "3.14t / 3.14t -X gil=1 threading at T = 1, %s", wl[w][0]);
        const struct claim_def one = {"control", wl[w][0], wl[w][1], "py3.14t-threading", "py3.14t-gil-threading",
                                      1, NAN, NAN, "", "- (control)"};
        const struct claim_words cw1 = {"one thread, same binary: free-threading's cost without its build's",
                                        compared, "3.14t slower", "3.14t faster", 1};
        claim_row(f, a, &cw1, &one);
        snprintf(compared, sizeof compared, "3.14t -X gil=1 / 3.14t threading, %s", wl[w][0]);
        const struct claim_def many = {"control", wl[w][0], wl[w][1], "py3.14t-gil-threading", "py3.14t-threading",
                                       CLAIM_CONTROL_THREADS, NAN, NAN, "", "- (control)"};
        const struct claim_words cwn = {"many threads, same binary: what removing the GIL buys", compared,
                                        "3.14t faster", "3.14t slower", 0};
        claim_row(f, a, &cwn, &many);
    }
    fprintf(f, "\nThe first article compares 3.12 with 3.14t, so its ratio mixes two changes: the interpreter "
               "version and the GIL. The 3.14 build with the GIL, built with the same flags as 3.14t, separates "
               "them: 3.14 / 3.14t is the effect of the free-threaded build. That build differs in more than the "
               "GIL (its ABI, allocator use, reference counting, specialization), so the control rows run the "
               "very same 3.14t binary with its GIL switched back on at start-up (-X gil=1): 3.14t / 3.14t -X "
               "gil=1 is what the GIL itself costs and buys. On a machine with fewer cores than "
               "workers no threading model can reach the claimed factors; read the ratios against the CPU count "
               "above.\n\n");
}

