/* answers.c - every question of common/questions.h answered from the
 * study's cells, questions.csv, the embedding-cost flag, and the words an
 * answer reads in (answers.h). */
#include "answers.h"

#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "stats.h"
#include "text.h"

const struct answer *answers_get(const struct analysis *a, enum question_id id)
{
    return a->answers && (unsigned)id < QUESTIONS_COUNT ? &a->answers[id] : NULL;
}

int answers_decided(const struct answer *x)
{
    return x && x->asked && x->ans.reached;
}

/* The low-quantile ratio beside the answer (answers.h), in costs per unit
 * as question_answer gives the median's, from its own seed. */
static void low_quantile(const struct analysis *a, const struct question *q, const struct question_cell *qn,
                         const struct question_cell *qd, const char *kn, const char *kd, struct answer *x)
{
    char name[1024];
    text_clip(name, sizeof name, "low:%s:%s:%s", q->name, kn, kd);
    x->low = (struct resample_ci){.estimate = NAN, .lo = NAN, .hi = NAN};
    x->low_precision = NAN;
    if (resample_quantile_ratio_ci(&qn->values, &qd->values, ANSWERS_LOW_P, CATALOG_CI_LEVEL,
                                   stats_seed_for(a->boot_seed, name), RESAMPLE_DEFAULT, &x->low))
        return;
    x->low_precision = question_to_costs(q, qn, qd, &x->low);
}

void answers_low_narrower(const struct analysis *a, size_t *narrower, size_t *compared)
{
    *narrower = *compared = 0;
    for (size_t i = 0; i < QUESTIONS_COUNT && a->answers; i++) {
        const struct answer *x = &a->answers[i];
        if (!x->asked || !isfinite(x->ans.precision) || !isfinite(x->low_precision))
            continue;
        (*compared)++;
        *narrower += x->low_precision < x->ans.precision;
    }
}

static void answer_one(const struct analysis *a, const struct question *q, struct answer *x)
{
    *x = (struct answer){.q = q};
    x->ans.ci.estimate = x->ans.ci.lo = x->ans.ci.hi = x->ans.precision = NAN;
    if (summary_question_cells(a, q, &x->num, &x->den, &x->numT, &x->denT, &x->at_claim, x->why, sizeof x->why))
        return;
    char kn[2 * DS_NAME_MAX + 64], kd[2 * DS_NAME_MAX + 64];
    struct question_cell qn, qd;
    summary_question_cell(a, x->num, 0, &qn, kn, sizeof kn);
    summary_question_cell(a, x->den, 0, &qd, kd, sizeof kd);
    if (!qn.units || !qd.units || question_answer(q, &qn, &qd, a->boot_seed, &x->ans)) {
        snprintf(x->why, sizeof x->why, "the work of %.80s or %.80s is unknown", kn, kd);
        x->ans.ci.estimate = x->ans.ci.lo = x->ans.ci.hi = x->ans.precision = NAN;
        x->num = x->den = NULL;
        return;
    }
    x->asked = 1;
    low_quantile(a, q, &qn, &qd, kn, kd, x);
}

/* The host cell of a validity question whose interval lies outside the
 * band: flagged. */
static void flag_embedding(struct analysis *a)
{
    for (size_t i = 0; i < QUESTIONS_COUNT; i++) {
        const struct answer *x = &a->answers[i];
        if (x->q->group != QG_VALIDITY || !x->asked || !isfinite(x->ans.ci.lo))
            continue;
        if (x->ans.ci.hi < ANSWERS_EMBED_LO || x->ans.ci.lo > ANSWERS_EMBED_HI) {
            a->cells[x->num - a->cells].flags |= FLAG_EMBED_COST;
            a->flags_seen |= FLAG_EMBED_COST;
        }
    }
}

int answers_build(struct analysis *a, struct err *e)
{
    a->answers = calloc(QUESTIONS_COUNT, sizeof *a->answers);
    if (!a->answers)
        return err_set(e, EXIT_RUN_FAILED, "out of memory");
    for (size_t i = 0; i < QUESTIONS_COUNT; i++)
        answer_one(a, &questions[i], &a->answers[i]);
    flag_embedding(a);
    return 0;
}

int answers_direct_of(enum question_id id)
{
    static const char host[] = "-threading", direct[] = "-direct";
    const struct question *q = &questions[id];
    char num[DS_NAME_MAX], den[DS_NAME_MAX];
    size_t ln = strlen(q->num), ld = strlen(q->den), lh = strlen(host);
    if (ln <= lh || ld <= lh || strcmp(q->num + ln - lh, host) || strcmp(q->den + ld - lh, host))
        return -1;
    snprintf(num, sizeof num, "%.*s%s", (int)(ln - lh), q->num, direct);
    snprintf(den, sizeof den, "%.*s%s", (int)(ld - lh), q->den, direct);
    for (size_t i = 0; i < QUESTIONS_COUNT; i++) {
        const struct question *d = &questions[i];
        if (!strcmp(d->num, num) && !strcmp(d->den, den) && !strcmp(d->workload, q->workload) &&
            !strcmp(d->split, q->split) && d->num_T == q->num_T && d->den_T == q->den_T)
            return (int)i;
    }
    return -1;
}

/* ---- words ---------------------------------------------------------------- */

/* One end or the estimate as a reader reads it. */
static void put_reading(FILE *f, const struct question *q, double r)
{
    if (q->kind == QK_PERCENT)
        fprintf(f, "%+.1f%%", question_reading(q, r));
    else
        fprintf(f, "%.4g", r);
}

void answers_put_estimate(FILE *f, const struct answer *x)
{
    if (!x->asked) {
        fputs("-", f);
        return;
    }
    const struct resample_ci *ci = &x->ans.ci;
    put_reading(f, x->q, ci->estimate);
    if (x->q->kind == QK_FACTOR)
        fputc('x', f);
    if (!isfinite(ci->lo)) {
        fputs(" (no interval)", f);
        return;
    }
    fputs(" [", f);
    put_reading(f, x->q, ci->lo);
    fputs(", ", f);
    put_reading(f, x->q, ci->hi);
    fprintf(f, "] (%.4g%%)", 100 * ci->reached);
}

void answers_claim_text(const struct question *q, char *buf, size_t len)
{
    if (!(q->claimed_lo > 0))
        snprintf(buf, len, "%s", "");
    else if (q->kind == QK_PERCENT && q->claimed_lo != q->claimed_hi)
        snprintf(buf, len, "%+.3g to %+.3g%%", question_reading(q, q->claimed_lo), question_reading(q, q->claimed_hi));
    else if (q->kind == QK_PERCENT)
        snprintf(buf, len, "about %+.3g%%", question_reading(q, q->claimed_lo));
    else if (q->claimed_lo != q->claimed_hi)
        snprintf(buf, len, "%.3gx to %.3gx", q->claimed_lo, q->claimed_hi);
    else
        snprintf(buf, len, "about %.3gx", q->claimed_lo);
}

void answers_verdict_words(const struct answer *x, char *buf, size_t len)
{
    if (!x->asked) {
        snprintf(buf, len, "not asked");
        return;
    }
    if (x->ans.verdict == QV_NONE) {
        snprintf(buf, len, "no interval");
        return;
    }
    if (!x->ans.reached) {
        snprintf(buf, len, "not decided");
        return;
    }
    char claim[64];
    answers_claim_text(x->q, claim, sizeof claim);
    const char *one = x->q->kind == QK_PERCENT ? "no change (0%)" : "1";
    switch (x->ans.verdict) {
    case QV_WITHIN:
        snprintf(buf, len, "%s the claimed %s", x->q->claimed_lo == x->q->claimed_hi ? "consistent with" : "within",
                 claim);
        break;
    case QV_OVERLAPS: snprintf(buf, len, "across an edge of the claimed %s", claim); break;
    case QV_ABOVE: claim[0] ? snprintf(buf, len, "above the claimed %s", claim) : snprintf(buf, len, "above %s", one); break;
    case QV_BELOW: claim[0] ? snprintf(buf, len, "below the claimed %s", claim) : snprintf(buf, len, "below %s", one); break;
    case QV_NO_DIFFERENCE: snprintf(buf, len, "not distinguishable from %s", one); break;
    case QV_NONE: snprintf(buf, len, "no interval"); break;
    }
}

/* ---- questions.csv --------------------------------------------------------- */

static void put_cell_key(FILE *f, const struct cell *c)
{
    char key[2 * DS_NAME_MAX + 64];
    if (!c)
        return;
    catalog_cell_key(c->impl, c->workload, c->split, c->size, c->threads, key, sizeof key);
    fputs(key, f);
}

/* A CSV field that may hold a comma or a quote. */
static void put_quoted(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++)
        *s == '"' ? fputs("\"\"", f) : fputc(*s, f);
    fputc('"', f);
}

static const char *verdict_field(const struct answer *x)
{
    if (!x->asked)
        return "not asked";
    if (x->ans.verdict == QV_NONE)
        return "no interval";
    return x->ans.reached ? question_verdict_names[x->ans.verdict] : "not decided";
}

#define QCSV_HEADER                                                                                                \
    "question,group,kind,what,source,workload,split,num,num_T,den,den_T,num_cell,den_cell,at_claim,asked,"      \
    "estimate,lo,hi,ratio,ratio_lo,ratio_hi,level,units,unit,paired,pairs,target,precision,reached,verdict,"    \
    "interval_lies,runs_needed,claimed_lo,claimed_hi,boot_seed,note,low_estimate,low_lo,low_hi,low_level,"        \
    "low_precision\r\n"

int answers_write_csv(const struct analysis *a, struct err *e)
{
    char path[PATH_MAX];
    FILE *f = out_open(a->dir, "questions.csv", path, e);
    if (!f)
        return -1;
    fputs(QCSV_HEADER, f);
    for (size_t i = 0; i < QUESTIONS_COUNT && a->answers; i++) {
        const struct answer *x = &a->answers[i];
        const struct question *q = x->q;
        const struct question_answer *ans = &x->ans;
        char slug[64];
        question_slug(q, slug, sizeof slug);
        fprintf(f, "%s,%s,%s,", slug, question_group_names[q->group], q->kind == QK_PERCENT ? "percent" : "factor");
        put_quoted(f, q->what);
        fputc(',', f);
        put_quoted(f, q->source);
        fprintf(f, ",%s,%s,%s,", q->workload, q->split, q->num);
        if (x->numT)
            fprintf(f, "%u", x->numT);
        fprintf(f, ",%s,", q->den);
        if (x->denT)
            fprintf(f, "%u", x->denT);
        fputc(',', f);
        put_cell_key(f, x->num);
        fputc(',', f);
        put_cell_key(f, x->den);
        fprintf(f, ",%d,%d,", x->numT ? x->at_claim : 0, x->asked);
        out_num(f, x->asked ? question_reading(q, ans->ci.estimate) : NAN, "%.6g");
        fputc(',', f);
        out_num(f, x->asked ? question_reading(q, ans->ci.lo) : NAN, "%.6g");
        fputc(',', f);
        out_num(f, x->asked ? question_reading(q, ans->ci.hi) : NAN, "%.6g");
        fputc(',', f);
        out_num(f, x->asked ? ans->ci.estimate : NAN, "%.9g");
        fputc(',', f);
        out_num(f, x->asked ? ans->ci.lo : NAN, "%.9g");
        fputc(',', f);
        out_num(f, x->asked ? ans->ci.hi : NAN, "%.9g");
        fputc(',', f);
        out_num(f, x->asked ? ans->ci.reached : NAN, "%.6g");
        fputc(',', f);
        if (x->asked)
            fprintf(f, "%zu,%s,%d,%zu", ans->ci.units, ans->paired ? "pairs" : "processes", ans->paired, ans->pairs);
        else
            fputs(",,,", f);
        fprintf(f, ",%g,", q->target);
        out_num(f, ans->precision, "%.6g");
        fprintf(f, ",%d,%s,%s,", ans->reached, verdict_field(x),
                x->asked ? question_verdict_names[ans->verdict] : "");
        if (x->asked && !ans->reached && ans->runs_needed)
            fprintf(f, "%zu", ans->runs_needed);
        fputc(',', f);
        out_num(f, q->claimed_lo > 0 ? q->claimed_lo : NAN, "%g");
        fputc(',', f);
        out_num(f, q->claimed_hi > 0 ? q->claimed_hi : NAN, "%g");
        fprintf(f, ",%" PRIu64 ",", a->boot_seed);
        if (!x->asked)
            put_quoted(f, x->why);
        else if (!x->at_claim)
            put_quoted(f, "T is the largest within the CPUs, not the claim's count: not the claim's counterpart");
        const int low = x->asked && isfinite(x->low.estimate);
        fputc(',', f);
        out_num(f, low ? question_reading(q, x->low.estimate) : NAN, "%.6g");
        fputc(',', f);
        out_num(f, low ? question_reading(q, x->low.lo) : NAN, "%.6g");
        fputc(',', f);
        out_num(f, low ? question_reading(q, x->low.hi) : NAN, "%.6g");
        fputc(',', f);
        out_num(f, low ? x->low.reached : NAN, "%.6g");
        fputc(',', f);
        out_num(f, low ? x->low_precision : NAN, "%.6g");
        fputs("\r\n", f);
    }
    return out_close(f, path, e);
}
