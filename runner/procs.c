/* procs.c - each cell's processes so far (this study's, and those a
 * resumed study finds in raw.csv), and the plan's view of them
 * (plan_cell): how many processes count, how many were disturbed or
 * failed, and the sample the questions are answered from - the values of
 * the ok, undisturbed processes, process by process, with their blocks.
 *
 * A ceiling cell's round is T copies started at once: the plan counts its
 * rounds, a round disturbed when any copy was (the machine did not give
 * what it gives T independent workers then), while its sample holds each
 * undisturbed copy as a process. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "citarget.h"
#include "study.h"

/* Room for one more of size `size` in *buf holding n of cap. */
static int grow(void **buf, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap : 16;
    while (c < need)
        c *= 2;
    void *b = realloc(*buf, c * size);
    if (!b)
        return -1;
    *buf = b;
    *cap = c;
    return 0;
}

int procs_add(struct cell_procs *cp, const struct proc_info *pi, const double *vals, size_t k)
{
    if (!pi->ok)
        k = 0;
    if (grow((void **)&cp->p, &cp->cap, cp->n + 1, sizeof *cp->p) ||
        grow((void **)&cp->values, &cp->vcap, cp->nvalues + k, sizeof *cp->values))
        return -1;
    cp->p[cp->n] = *pi;
    cp->p[cp->n].count = k;
    cp->n++;
    if (k)
        memcpy(cp->values + cp->nvalues, vals, k * sizeof *vals);
    cp->nvalues += k;
    if (pi->round > cp->rounds)
        cp->rounds = pi->round;
    return 0;
}

/* Survey counts of a ceiling cell: its rounds, each disturbed when any of
 * its copies was. */
static void count_rounds(const struct cell_procs *cp, struct plan_cell *pc)
{
    for (unsigned r = 1; r <= cp->rounds; r++) {
        bool seen = false, bad = false;
        for (size_t i = 0; i < cp->n; i++)
            if (cp->p[i].round == r) {
                seen = true;
                bad |= cp->p[i].disturbed;
            }
        pc->procs += seen;
        pc->disturbed += seen && bad;
        pc->counted += seen && !bad;
    }
}

int procs_view(struct study *st, size_t c)
{
    struct cell_procs *cp = &st->procs[c];
    struct plan_cell *pc = &st->pcells[c];
    const struct cell *cell = &st->cells[c];
    size_t n = cp->n ? cp->n : 1;
    free(cp->s_values), free(cp->s_counts), free(cp->s_blocks), free(cp->all_blocks);
    cp->s_values = malloc((cp->nvalues ? cp->nvalues : 1) * sizeof *cp->s_values);
    cp->s_counts = malloc(n * sizeof *cp->s_counts);
    cp->s_blocks = malloc(n * sizeof *cp->s_blocks);
    cp->all_blocks = malloc(n * sizeof *cp->all_blocks);
    if (!cp->s_values || !cp->s_counts || !cp->s_blocks || !cp->all_blocks)
        return -1;
    pc->procs = pc->counted = pc->disturbed = pc->failed = 0;
    size_t used = 0, from = 0, np = 0;
    for (size_t i = 0; i < cp->n; i++) {
        const struct proc_info *p = &cp->p[i];
        cp->all_blocks[i] = p->block;
        pc->failed += !p->ok;
        if (p->ok && !p->disturbed) {
            memcpy(cp->s_values + used, cp->values + from, p->count * sizeof *cp->values);
            cp->s_counts[np] = p->count;
            cp->s_blocks[np++] = p->block;
            used += p->count;
        }
        from += p->count;
    }
    if (cell->impl->launcher == LAUNCH_COPIES) {
        count_rounds(cp, pc);
    } else {
        for (size_t i = 0; i < cp->n; i++) {
            pc->procs++;
            pc->disturbed += cp->p[i].disturbed;
            pc->counted += !cp->p[i].disturbed;
        }
    }
    pc->qc = (struct question_cell){.values = {cp->s_values, cp->s_counts, np},
                                    .block = cp->s_blocks,
                                    .units = workload_units(cell->workload, cell->split, cell->size, cell->threads),
                                    .key = cp->key};
    pc->all_blocks = cp->all_blocks;
    pc->nall = cp->n;
    pc->above_known = false;
    plan_mark_dirty(st->pq, QUESTIONS_COUNT, c);
    return 0;
}

int procs_above(struct study *st, size_t c)
{
    struct plan_cell *pc = &st->pcells[c];
    if (!pc->above_known) {
        int a = pc->qc.values.processes
                    ? citarget_above(&pc->qc.values, pc->qc.key, CATALOG_BOOT_SEED, st->o.ci_target, NULL)
                    : -1;
        pc->above = a == 1;
        pc->judged = a >= 0;
        pc->above_known = true;
    }
    return pc->judged ? pc->above : -1;
}

void procs_free(struct cell_procs *cp)
{
    free(cp->p);
    free(cp->values);
    free(cp->s_values), free(cp->s_counts), free(cp->s_blocks), free(cp->all_blocks);
    *cp = (struct cell_procs){0};
}
