/* claims.c - the articles' claims beside this study's measurements
 * (claims.h).
 *
 * Contract: a claim's ratio is stated only with its interval, the level
 * that interval reached, and a verdict that only a decided answer gets;
 * the host's ratio and the executables' are side by side, and said to
 * disagree when their intervals do not overlap; a row resting on a
 * flagged cell names its flags: it is not a finding. */
#include "claims.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "answers.h"
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

/* The question asking claim c, when one does (the same cells, workload,
 * split and T rule for both). */
static const struct answer *question_of(const struct analysis *a, const struct claim_def *c)
{
    for (size_t i = 0; i < QUESTIONS_COUNT; i++) {
        const struct question *q = &questions[i];
        if (!strcmp(q->num, c->num) && !strcmp(q->den, c->den) && !strcmp(q->workload, c->workload) &&
            !strcmp(q->split, c->split) && q->num_T == c->threads && q->den_T == c->threads)
            return answers_get(a, (enum question_id)i);
    }
    return NULL;
}

int claims_measure(const struct analysis *a, const struct claim_def *c, struct claim_result *r)
{
    *r = (struct claim_result){NULL, NULL, 0, 0, NAN, NAN, NAN, NAN, 0};
    const struct answer *q = question_of(a, c);
    if (q && q->asked) {
        *r = (struct claim_result){q->num,          q->den,          q->numT,      q->at_claim, q->ans.ci.estimate,
                                   q->ans.ci.lo,    q->ans.ci.hi,    NAN,          q->ans.paired};
        r->level = isfinite(r->lo) ? q->ans.ci.reached : NAN;
        return 0;
    }
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
    struct question_answer ans;
    if (!x || !y || summary_answer(a, "cost", x, 0, y, 0, &ans))
        return -1;
    r->x = x;
    r->y = y;
    r->r = ans.ci.estimate;
    r->lo = ans.ci.lo;
    r->hi = ans.ci.hi;
    r->level = isfinite(ans.ci.lo) ? ans.ci.reached : NAN;
    r->paired = ans.paired;
    return 0;
}

/* impl's own executable: py<tag>-threading -> py<tag>-direct; 0 when impl
 * is not a host threading name or buf is too short. */
static int direct_name(const char *impl, char *buf, size_t len)
{
    static const char host[] = "-threading", direct[] = "-direct";
    const size_t n = strlen(impl), h = sizeof host - 1;
    if (strncmp(impl, "py", 2) || n <= h || strcmp(impl + n - h, host))
        return 0;
    return snprintf(buf, len, "%.*s%s", (int)(n - h), impl, direct) < (int)len;
}

int claims_measure_direct(const struct analysis *a, const struct claim_def *c, struct claim_result *r)
{
    char num[DS_NAME_MAX], den[DS_NAME_MAX];
    *r = (struct claim_result){NULL, NULL, 0, 0, NAN, NAN, NAN, NAN, 0};
    if (!direct_name(c->num, num, sizeof num) || !direct_name(c->den, den, sizeof den))
        return -1;
    struct claim_def d = *c;
    d.num = num;
    d.den = den;
    return claims_measure(a, &d, r);
}

int claims_disagree(double lo1, double hi1, double lo2, double hi2)
{
    return isfinite(lo1) && isfinite(hi1) && isfinite(lo2) && isfinite(hi2) && (hi1 < lo2 || hi2 < lo1);
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
    if (isfinite(m.level))
        fprintf(f, " (%.4g%%)", 100 * m.level);
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

/* One side of a claim: the answer with its level, or why there is none. */
static void put_side(FILE *f, const struct answer *x)
{
    if (!x || !x->asked) {
        fputs("not measured", f);
        return;
    }
    answers_put_estimate(f, x);
    unsigned flags = (x->num->flags | x->den->flags) & FLAGS_MEASURE;
    if (flags) {
        fputs(" ⚑ ", f);
        flags_md(f, flags);
    }
}

/* Each claim of the articles through the host and through the
 * executables, side by side. */
static void claims_side_by_side(FILE *f, const struct analysis *a)
{
    fprintf(f, "| claim (source) | workers | claimed | through the embedded host | through each interpreter's "
               "own executable (as the articles ran) | host against executables | verdict |\n"
               "|---|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < QUESTIONS_COUNT; i++) {
        const struct question *q = &questions[i];
        int d = answers_direct_of((enum question_id)i);
        if (q->group != QG_ARTICLE || d < 0)
            continue;
        const struct answer *h = answers_get(a, (enum question_id)i), *x = answers_get(a, (enum question_id)d);
        if (!h || !x)
            continue;
        /* the verdict of what the articles measured, else the host's */
        const struct answer *v = x->asked ? x : h;
        char claim[64], words[128];
        answers_claim_text(q, claim, sizeof claim);
        answers_verdict_words(v, words, sizeof words);
        fputs("| ", f);
        out_md_text(f, q->what);
        fprintf(f, " (%s) | ", q->source);
        if (!v->asked)
            fputs("-", f);
        else if (v->at_claim)
            fprintf(f, "%u", v->denT);
        else if (a->cpus && a->cpus < q->den_T)
            fprintf(f, "%u (the articles': %u; this machine has %u CPUs)", v->denT, q->den_T, a->cpus);
        else
            fprintf(f, "%u (the articles': %u; not run at %u)", v->denT, q->den_T, q->den_T);
        fprintf(f, " | %s | ", claim[0] ? claim : "not claimed");
        put_side(f, h);
        fputs(" | ", f);
        put_side(f, x);
        fputs(" | ", f);
        if (!h->asked || !x->asked || !isfinite(h->ans.ci.lo) || !isfinite(x->ans.ci.lo))
            fputs("-", f);
        else if (claims_disagree(h->ans.ci.lo, h->ans.ci.hi, x->ans.ci.lo, x->ans.ci.hi))
            fputs("**disagree**: the host is not what the articles ran", f);
        else
            fputs("agree", f);
        fprintf(f, " | %s%s%s |\n", answers_decided(v) ? "" : "*", words, answers_decided(v) ? "" : "*");
    }
    fputc('\n', f);
}

void claims_write_table(FILE *f, const struct analysis *a)
{
    fprintf(f, "## The articles' claims beside the measurements\n\n"
               "Each ratio is of costs per unit of work (ns per iteration or node), from one study (same machine, "
               "interleaved runs), with its bootstrap interval and the level that interval reached (the nominal "
               CATALOG_CI_FMT " needs %zu processes or pairs). The articles ran each interpreter's own executable; the study "
               "runs Python both that way (`py<tag>-direct`) and in its embedded host (`py<tag>-threading`), "
               "side by side below: where their intervals do not overlap the two *disagree*, and the "
               "executables' ratio is the one to set against the articles (see *What embedding costs*). A verdict "
               "is given only for an answer decided at its target (see *Questions*); one in italics is not "
               "decided. A claim is checked at the workers the articles used where this machine has that many "
               "CPUs and the study ran them; otherwise at the largest count within both, and the table says so: "
               "such a row is not the claim's counterpart. A flagged value (⚑) is not a finding: see "
               "*Flags*.\n\n",
            out_runs_for_level());
    claims_side_by_side(f, a);
    fprintf(f, "**Controls**, through the host: article 2's way to its 8 threads, and the comparisons that "
               "separate a claim's two changes (verdict: where the interval lies against 1).\n\n"
               "| claim | compared | workers | measured [interval] (level) | verdict | claimed | flags |\n"
               "|---|---|---|---|---|---|---|\n");
    {
        const struct claim_def *c = &claims_list[CLAIM_NQUEENS_FT];
        char compared[160];
        snprintf(compared, sizeof compared, "%s / %s, %s", c->num, c->den, c->workload);
        const struct claim_words cw = {c->what, compared, "3.14t faster", "3.14t slower", 0};
        /* Article 2's table went through 1, 2 and 4 threads on its way to
         * 8: those of them this machine has CPUs for. */
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

