/* qreport.c - the questions' sections of the report (qreport.h).
 *
 * Contract: an answer is printed with the level its interval reached and
 * the precision it reached against its target; only a decided answer
 * (target met at the nominal level) gets a verdict; the others say "not
 * decided" and how many runs would decide them. */
#include "qreport.h"

#include <math.h>
#include <string.h>

#include "answers.h"
#include "flags.h"
#include "interps.h"
#include "meta.h"
#include "out.h"

static const char *const group_titles[] = {"The articles' claims", "Validity: the host against each interpreter's own executable",
                                           "The figures' answers"};

/* "py3.14t-threading / py3.14-threading, T = 1" (with the stand-in's note) */
static void put_compared(FILE *f, const struct answer *x)
{
    fprintf(f, "%s", x->q->num);
    if (x->numT != x->denT)
        fprintf(f, " at T = %u", x->numT);
    fprintf(f, " / %s%s T = %u", x->q->den, x->numT != x->denT ? " at" : ",", x->denT);
    if (!x->at_claim)
        fprintf(f, " (the claim's %u: not its counterpart)", x->q->num_T);
}

/* "±0.4 points (target ±1)" or "±1.2% (target ±2%)" */
static void put_precision(FILE *f, const struct answer *x)
{
    if (!isfinite(x->ans.precision)) {
        fputs("-", f);
        return;
    }
    if (x->q->kind == QK_PERCENT)
        fprintf(f, "±%.3g points (target ±%g)", x->ans.precision, x->q->target);
    else
        fprintf(f, "±%.3g%% (target ±%g%%)", 100 * x->ans.precision, 100 * x->q->target);
}

/* Beside the median's answer: the low quantile's, "+6.1% [+5.0%, +7.3%]
 * (95%)", or "-" without one. */
static void put_low(FILE *f, const struct answer *x)
{
    if (!isfinite(x->low.estimate) || !isfinite(x->low.lo)) {
        fputs("-", f);
        return;
    }
    struct answer low = *x;
    low.ans.ci = x->low;
    answers_put_estimate(f, &low);
}

static void put_units(FILE *f, const struct answer *x)
{
    fprintf(f, "%zu %s", x->ans.ci.units, x->ans.paired ? "pairs" : "processes");
}

/* The runs a short answer needs: "about 40 pairs" */
static void put_needed(FILE *f, const struct answer *x)
{
    if (answers_decided(x) || !x->ans.runs_needed)
        fputs("-", f);
    else
        fprintf(f, "about %zu %s", x->ans.runs_needed, x->ans.paired ? "pairs" : "processes per cell");
}

void qreport_questions(FILE *f, const struct analysis *a)
{
    fprintf(f, "## Questions\n\n"
               "Each question is the ratio of two cells' costs per unit of work (a speed-up, a cost against "
               "another interpreter or against C), read as a factor or as a change in percent, with the "
               "interval its bootstrap gave at the level that interval reached (the nominal " CATALOG_CI_FMT " needs "
               "%zu processes or pairs) and the precision it reached against its target (±1 percentage point for "
               "a cost, ±2%% for a factor). A question is *decided* when its target is met at the nominal "
               CATALOG_CI_FMT "; only then does it get a verdict. A question not decided gives none: its interval is shown "
               "for what it is, with about how many runs would decide it (the half-width shrinking as one over "
               "the root of the runs). The study sampled until the questions met their targets or its budget "
               "ran out, never until an interval first excluded a value. Every number here is also in "
               "`questions.csv`.\n\n",
            out_runs_for_level());
    for (int g = QG_ARTICLE; g <= QG_FIGURE; g++) {
        int any = 0;
        for (size_t i = 0; i < QUESTIONS_COUNT; i++) {
            const struct answer *x = answers_get(a, (enum question_id)i);
            if (!x || (int)x->q->group != g || !x->asked)
                continue;
            if (!any)
                fprintf(f, "**%s**\n\n| question | compared | estimate [interval] (level reached) | from | "
                           "precision | verdict | runs to decide | beside it: the low quantile |\n"
                           "|---|---|---|---|---|---|---|---|\n",
                        group_titles[g]);
            any = 1;
            char words[128];
            answers_verdict_words(x, words, sizeof words);
            fputs("| ", f);
            out_md_text(f, x->q->what);
            fputs(" | ", f);
            put_compared(f, x);
            fputs(" | ", f);
            answers_put_estimate(f, x);
            fputs(" | ", f);
            put_units(f, x);
            fputs(" | ", f);
            put_precision(f, x);
            fprintf(f, " | %s%s%s | ", answers_decided(x) ? "" : "*", words, answers_decided(x) ? "" : "*");
            put_needed(f, x);
            fputs(" | ", f);
            put_low(f, x);
            fputs(" |\n", f);
        }
        if (any)
            fputc('\n', f);
    }
    const char *sep = "";
    for (size_t i = 0; i < QUESTIONS_COUNT; i++) {
        const struct answer *x = answers_get(a, (enum question_id)i);
        if (!x || x->asked)
            continue;
        if (!*sep)
            fputs("Not asked in this study: ", f);
        fputs(sep, f);
        out_md_text(f, x->q->what);
        fputs(" (", f);
        out_md_text(f, x->why);
        fputs(")", f);
        sep = "; ";
    }
    if (*sep)
        fputs(".\n\n", f);
}

void qreport_paired_list(FILE *f, const struct analysis *a)
{
    const char *sep = "";
    for (size_t i = 0; i < QUESTIONS_COUNT; i++) {
        const struct answer *x = answers_get(a, (enum question_id)i);
        if (!x || !x->asked || !x->ans.paired)
            continue;
        char slug[64];
        question_slug(x->q, slug, sizeof slug);
        fprintf(f, "%s%s (%zu pairs)", sep, slug, x->ans.pairs);
        sep = ", ";
    }
    if (!*sep)
        fputs("none", f);
}

/* The validity question of num over den at the other T rule. */
static const struct answer *partner(const struct analysis *a, const struct question *q)
{
    for (size_t i = 0; i < QUESTIONS_COUNT; i++) {
        const struct question *p = &questions[i];
        if (p != q && p->group == QG_VALIDITY && !strcmp(p->num, q->num) && !strcmp(p->den, q->den) &&
            !strcmp(p->workload, q->workload) && p->num_T != q->num_T)
            return answers_get(a, (enum question_id)i);
    }
    return NULL;
}

static void put_validity(FILE *f, const struct answer *x)
{
    if (!x || !x->asked) {
        fputs("-", f);
        return;
    }
    answers_put_estimate(f, x);
    if (x->numT != 1)
        fprintf(f, " at T = %u", x->numT);
    if (x->num->flags & FLAG_EMBED_COST)
        fputs(" ⚑ `embedding-cost`", f);
    else if (!answers_decided(x))
        fputs(" (not decided)", f);
}

void qreport_embedding(FILE *f, const struct analysis *a)
{
    fprintf(f, "## What embedding costs\n\n"
               "The study runs Python in a C host that embeds the interpreter; the articles ran each "
               "interpreter's own executable. The two need not run the same code at the same speed: a "
               "distribution's `python3.X` is often linked statically against its own optimised build, while "
               "its shared `libpython3.X.so`, which a host links by default, runs the same code slower (on the "
               "16-core VM, Ubuntu's 3.12 through its shared library took 1.3 to 1.7 times as long as its own "
               "executable). So the study links each host the way the interpreter's executable is linked "
               "(statically when the executable loads no libpython and the static library is installed), runs "
               "the same workload module both ways with the same `threading` workers, timed the same way, and "
               "measures what remains: the host's time over the executable's. Within [%.2f, %.2f] the host "
               "stands for the interpreter; a host cell whose interval lies outside is flagged "
               "`embedding-cost`, and its comparisons should be read beside the executables' in the claims "
               "table.\n\n",
            ANSWERS_EMBED_LO, ANSWERS_EMBED_HI);
    int any = 0;
    for (size_t i = 0; i < QUESTIONS_COUNT; i++) {
        const struct question *q = &questions[i];
        if (q->group != QG_VALIDITY || q->num_T != 1)
            continue;
        const struct answer *one = answers_get(a, (enum question_id)i), *many = partner(a, q);
        if (!one || (!one->asked && !(many && many->asked)))
            continue;
        if (!any)
            fprintf(f, "| interpreter | workload | host / own executable, T = 1 | the same at the CPU count | "
                       "executable / host linked |\n|---|---|---|---|---|\n");
        any = 1;
        const char *tag = interps_tag_of(q->num);
        const json_t *b = meta_find(meta_find(meta_find(a->meta, "interpreters"), tag ? tag : ""), "build");
        char el[32], hl[32];
        meta_get(b, "exe_link", el, sizeof el);
        meta_get(b, "host_link", hl, sizeof hl);
        fprintf(f, "| %s | %s | ", tag ? tag : q->num, q->workload);
        put_validity(f, one);
        fputs(" | ", f);
        put_validity(f, many);
        fputs(" | ", f);
        if (b)
            fprintf(f, "%s / %s", el, hl);
        else
            fputs("not recorded", f);
        fputs(" |\n", f);
    }
    if (any)
        fputc('\n', f);
    else
        fprintf(f, "This study has no cell of an interpreter's own executable (`py<tag>-direct`) beside its host "
                   "cell: what embedding costs here is not measured.\n\n");
}
