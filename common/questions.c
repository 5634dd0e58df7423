/* questions.c - the questions' table and the one rule by which the runner
 * and the analysis answer each (questions.h). */
#include "questions.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "stats.h"

#define QUESTION_ROW(id, group, kind, wl, split, num, numT, den, denT, target, clo, chi, source, what) \
    {#id, group, kind, wl, split, num, den, numT, denT, target, clo, chi, source, what},
const struct question questions[QUESTIONS_COUNT] = {QUESTION_TABLE(QUESTION_ROW)};
#undef QUESTION_ROW

const char *const question_group_names[] = {"article", "validity", "figure"};
const char *const question_verdict_names[] = {"no interval", "below", "within", "overlaps", "above",
                                              "no difference"};

unsigned question_resolve_T(unsigned rule, const unsigned *Ts, size_t nT, unsigned cpus, int *at_claim)
{
    *at_claim = 1;
    unsigned best = 0;
    for (size_t i = 0; i < nT; i++) {
        if (rule == 1 && Ts[i] == 1)
            return 1;
        /* the rule's own count, on a machine with the CPUs for it */
        if (rule > 1 && Ts[i] == rule && (!cpus || cpus >= rule))
            return rule;
        unsigned cap = rule == Q_T_CPUS ? cpus : rule;
        if (cpus && cpus < cap)
            cap = cpus;
        /* a stand-in for many workers has at least two */
        if (Ts[i] >= 2 && Ts[i] > best && (!cap || Ts[i] <= cap))
            best = Ts[i];
    }
    if (rule == 1)
        return 0;
    *at_claim = rule == Q_T_CPUS;
    return best;
}

void question_slug(const struct question *q, char *buf, size_t len)
{
    const char *s = q->name + (strncmp(q->name, "Q_", 2) == 0 ? 2 : 0);
    size_t i = 0;
    for (; s[i] && i + 1 < len; i++)
        buf[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' + 'a' : s[i]);
    if (len)
        buf[i] = '\0';
}

double question_reading(const struct question *q, double ratio)
{
    return q->kind == QK_PERCENT ? 100 * (ratio - 1) : ratio;
}

/* The processes of a and b that ran in the same block, in block order:
 * their indices into *ia and *ib; returns how many. */
static size_t pair_up(const struct question_cell *a, const struct question_cell *b, size_t *ia, size_t *ib)
{
    size_t n = 0;
    for (size_t i = 0; i < a->values.processes; i++) {
        if (!a->block[i])
            continue;
        for (size_t j = 0; j < b->values.processes; j++)
            if (b->block[j] == a->block[i]) {
                ia[n] = i, ib[n] = j, n++;
                break;
            }
    }
    return n;
}

/* The values of the processes idx[0..n-1] of c, copied process by process
 * into vals/counts (callers size them for all of c). */
static void gather(const struct question_cell *c, const size_t *idx, size_t n, double *vals, size_t *counts)
{
    size_t *start = malloc((c->values.processes + 1) * sizeof *start);
    if (!start)
        return;
    start[0] = 0;
    for (size_t i = 0; i < c->values.processes; i++)
        start[i + 1] = start[i] + c->values.counts[i];
    size_t k = 0;
    for (size_t p = 0; p < n; p++) {
        counts[p] = c->values.counts[idx[p]];
        memcpy(vals + k, c->values.values + start[idx[p]], counts[p] * sizeof *vals);
        k += counts[p];
    }
    free(start);
}

static size_t total_values(const struct question_cell *c)
{
    size_t n = 0;
    for (size_t i = 0; i < c->values.processes; i++)
        n += c->values.counts[i];
    return n;
}

static enum question_verdict verdict_of(const struct question *q, double lo, double hi)
{
    if (!isfinite(lo) || !isfinite(hi))
        return QV_NONE;
    double clo = q->claimed_lo, chi = q->claimed_hi;
    if (!(clo > 0)) /* no claim: against 1 */
        return lo > 1 ? QV_ABOVE : hi < 1 ? QV_BELOW : QV_NO_DIFFERENCE;
    if (lo > chi)
        return QV_ABOVE;
    if (hi < clo)
        return QV_BELOW;
    if (clo == chi || (lo >= clo && hi <= chi))
        return QV_WITHIN;
    return QV_OVERLAPS;
}

double question_to_costs(const struct question *q, const struct question_cell *num, const struct question_cell *den,
                         struct resample_ci *ci)
{
    /* Times to costs per unit: (t_num / u_num) / (t_den / u_den). */
    const double k = (double)den->units / (double)num->units;
    ci->estimate *= k;
    ci->lo *= k;
    ci->hi *= k;
    return q->kind == QK_PERCENT ? resample_points_halfwidth(ci->lo, ci->hi)
                                 : resample_rel_halfwidth(ci->estimate, ci->lo, ci->hi);
}

int question_answer(const struct question *q, const struct question_cell *num, const struct question_cell *den,
                    uint64_t seed, struct question_answer *out)
{
    *out = (struct question_answer){.precision = NAN, .badness = INFINITY, .verdict = QV_NONE};
    out->ci.estimate = out->ci.lo = out->ci.hi = NAN;
    if (!num->values.processes || !den->values.processes || !num->units || !den->units)
        return -1;
    char name[512];
    snprintf(name, sizeof name, "%s:%s:%s", q->name, num->key, den->key);
    const uint64_t s = stats_seed_for(seed, name);
    struct resample_ci unpaired;
    if (resample_ratio_ci(&num->values, &den->values, CATALOG_CI_LEVEL, s, RESAMPLE_DEFAULT, &unpaired))
        return -1;
    out->ci = unpaired;
    /* Pairs, when they reach at least the unpaired interval's level. */
    size_t na = num->values.processes, nb = den->values.processes;
    size_t *ia = malloc(na * sizeof *ia), *ib = malloc(na * sizeof *ib);
    size_t *ca = malloc(na * sizeof *ca), *cb = malloc(na * sizeof *cb);
    double *va = malloc(total_values(num) * sizeof *va), *vb = malloc(total_values(den) * sizeof *vb);
    int rc = 0;
    if (!ia || !ib || !ca || !cb || !va || !vb) {
        rc = -1;
    } else {
        (void)nb;
        out->pairs = pair_up(num, den, ia, ib);
        if (out->pairs >= 2 && resample_level_reached(out->pairs, CATALOG_CI_LEVEL) >= unpaired.reached) {
            gather(num, ia, out->pairs, va, ca);
            gather(den, ib, out->pairs, vb, cb);
            struct resample_cell pa = {va, ca, out->pairs}, pb = {vb, cb, out->pairs};
            struct resample_ci paired;
            if (resample_paired_ratio_ci(&pa, &pb, CATALOG_CI_LEVEL, s, RESAMPLE_DEFAULT, &paired) == 0) {
                out->ci = paired;
                out->paired = 1;
            }
        }
    }
    free(ia), free(ib), free(ca), free(cb), free(va), free(vb);
    if (rc)
        return rc;
    out->precision = question_to_costs(q, num, den, &out->ci);
    if (isfinite(out->precision)) {
        /* Too few units for the nominal level: no precision to speak of yet. */
        out->badness = out->ci.reached < CATALOG_CI_LEVEL ? INFINITY : out->precision / q->target;
        out->reached = out->precision <= q->target && out->ci.reached >= CATALOG_CI_LEVEL;
        out->runs_needed = resample_runs_needed(out->ci.units, out->precision, q->target);
        /* A target met with too few units still needs the units for the level. */
        if (out->ci.reached < CATALOG_CI_LEVEL)
            for (size_t n = out->ci.units; n < 64; n++)
                if (resample_level_reached(n, CATALOG_CI_LEVEL) >= CATALOG_CI_LEVEL) {
                    if (out->runs_needed < n)
                        out->runs_needed = n;
                    break;
                }
    }
    out->verdict = verdict_of(q, out->ci.lo, out->ci.hi);
    return 0;
}
