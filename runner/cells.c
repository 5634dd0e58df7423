/* cells.c - what a study runs: every implementation this build knows
 * (matrix.c's tables) and which of them are built, the thread counts
 * ("ncpu" and "2cpu" expanded for this machine), and the cells the
 * options select, each an implementation on one workload, split and T.
 * A name the tables do not know is bad input (EXIT_USAGE), as is a
 * selection with no cell.
 *
 * The direct way (py<tag>-direct, each interpreter's own executable) runs
 * where the questions need it (issue 15): at T = 1 and at the counts the
 * claims' and the validity checks' T rules stand for on this machine (with
 * quick's 1, 2 on two CPUs, every T); named in --models, at every T. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "pin.h"
#include "questions.h"
#include "study.h"
#include "text.h"

/* Is name an item of the comma list? */
static bool list_has(const char *list, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = list; p && *p;) {
        const char *c = strchr(p, ',');
        size_t len = c ? (size_t)(c - p) : strlen(p);
        if (len == n && strncmp(p, name, n) == 0)
            return true;
        p = c ? c + 1 : NULL;
    }
    return false;
}

/* Checks that every item of a comma list is one of the accepted names. */
static int check_list(const char *list, const char *what, bool (*ok)(const char *, void *), void *arg,
                      struct err *e)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", list);
    char *rest = buf, *item;
    while ((item = strsep(&rest, ","))) {
        if (!*item)
            return err_set(e, EXIT_USAGE, "bad --%s '%s': empty item", what, list);
        if (!ok(item, arg))
            return err_set(e, EXIT_USAGE, "unknown name '%s' in --%s (see --help%s)", item, what,
                           strcmp(what, "models") == 0 ? " and --list" : "");
    }
    return 0;
}

static bool ok_model(const char *s, void *arg)
{
    struct study *st = arg;
    if (!strcmp(s, "all") || !strcmp(s, "native") || !strcmp(s, "python"))
        return true;
    for (size_t i = 0; i < st->nimpls; i++)
        if (strcmp(st->impls[i].name, s) == 0)
            return true;
    return false;
}
static bool ok_workload(const char *s, void *arg) { (void)arg; return workload_by_name(s) != NULL; }
static bool ok_split(const char *s, void *arg) { (void)arg; return split_by_name(s) != NULL; }

static bool impl_selected(const struct study *st, const struct impl *im)
{
    const char *m = st->o.models;
    if (list_has(m, im->name))
        return true;
    /* A group never brings a mode its Python lacks, nor an optional
     * interpreter that was not built. */
    if (im->unavailable[0] || (im->optional && !st->impl_present[im - st->impls]))
        return false;
    if (!*m || list_has(m, "all"))
        return true;
    return im->mode ? list_has(m, "python") : list_has(m, "native");
}

/* "ncpu": 1, 2, 4, ... up to the CPUs, and the CPU count itself; "2cpu":
 * the same up to twice the CPUs; anything else a thread list. */
static int thread_counts(const char *spec, unsigned **out, size_t *n, struct err *e)
{
    unsigned mult = strcmp(spec, "2cpu") == 0 ? 2 : strcmp(spec, "ncpu") == 0 ? 1 : 0;
    if (!mult)
        return cli_parse_threads(spec, pin_cpu_count(), out, n, e);
    unsigned top = mult * pin_cpu_count(), *t = malloc(MATRIX_THREADS_MAX * sizeof *t);
    if (!t)
        return err_set(e, EXIT_RUN_FAILED, "out of memory");
    size_t k = 0;
    for (unsigned v = 1; v <= top && k < MATRIX_THREADS_MAX; v *= 2)
        t[k++] = v;
    if (t[k - 1] != top && k < MATRIX_THREADS_MAX)
        t[k++] = top;
    *out = t;
    *n = k;
    return 0;
}

/* Each count once, in the order given (1,1 would run a cell twice a
 * round), and the list as st->threads_list: study.args keeps the expanded
 * list, so a resume on another machine rebuilds the same matrix.  Returns
 * how many are left. */
static size_t distinct_counts(struct study *st, unsigned *threads, size_t nthreads)
{
    size_t kept = 0, used = 0;
    for (size_t t = 0; t < nthreads; t++) {
        size_t k = 0;
        while (k < kept && threads[k] != threads[t])
            k++;
        if (k < kept)
            continue;
        threads[kept++] = threads[t];
        int n = snprintf(st->threads_list + used, sizeof st->threads_list - used, "%s%u", used ? "," : "",
                         threads[t]);
        if (n > 0 && used + (size_t)n < sizeof st->threads_list)
            used += (size_t)n;
    }
    return kept;
}

/* Every implementation, and whether its binary (and launcher) is there. */
static int find_impls(struct study *st, struct err *e)
{
    st->nimpls = matrix_all_impls(st->impls, IMPLS_MAX);
    if (matrix_canonical_names(st->o.models, sizeof st->o.models))
        return err_set(e, EXIT_USAGE, "--models is too long");
    /* An empty list means every one. */
    if ((st->o.models[0] && check_list(st->o.models, "models", ok_model, st, e)) ||
        (st->o.workloads[0] && check_list(st->o.workloads, "workloads", ok_workload, NULL, e)) ||
        (st->o.splits[0] && check_list(st->o.splits, "splits", ok_split, NULL, e)))
        return -1;
    for (size_t i = 0; i < st->nimpls; i++) {
        if (st->impls[i].unavailable[0] && list_has(st->o.models, st->impls[i].name))
            return err_set(e, EXIT_USAGE, "%s is %s", st->impls[i].name, st->impls[i].unavailable);
        char path[PATH_MAX];
        text_clip(path, sizeof path, "%s/%s", st->o.bin, st->impls[i].binary);
        st->impl_present[i] = access(path, X_OK) == 0 &&
                              (st->impls[i].launcher != LAUNCH_MPIRUN || st->launch.mpirun[0]);
    }
    return 0;
}

/* Does an implementation picked by a group (not named) run at T?  Every
 * one does, but a direct one only where a question of the table asks for
 * it: T = 1 and what its T rules stand for among the study's counts. */
static bool runs_at(const struct study *st, const struct impl *im, unsigned T, const unsigned *Ts, size_t nT)
{
    if (!im->mode || strcmp(im->mode, catalog_modes[MODE_DIRECT].name) || list_has(st->o.models, im->name))
        return true;
    if (T == 1)
        return true;
    for (size_t i = 0; i < QUESTIONS_COUNT; i++) {
        const struct question *q = &questions[i];
        int at;
        if ((!strcmp(q->num, im->name) && question_resolve_T(q->num_T, Ts, nT, pin_cpu_count(), &at) == T) ||
            (!strcmp(q->den, im->name) && question_resolve_T(q->den_T, Ts, nT, pin_cpu_count(), &at) == T))
            return true;
    }
    return false;
}

int cells_build(struct study *st, struct err *e)
{
    if (find_impls(st, e))
        return -1;
    unsigned *threads;
    size_t nthreads;
    if (thread_counts(st->o.threads, &threads, &nthreads, e))
        return -1;
    nthreads = distinct_counts(st, threads, nthreads);
    size_t cap = st->nimpls * SPLIT_COUNT * nthreads;
    st->cells = calloc(cap ? cap : 1, sizeof *st->cells);
    if (!st->cells) {
        free(threads);
        return err_set(e, EXIT_RUN_FAILED, "out of memory");
    }
    for (size_t i = 0; i < st->nimpls; i++) {
        if (!impl_selected(st, &st->impls[i]))
            continue;
        for (size_t s = 0; s < SPLIT_COUNT; s++) {
            const struct split_desc *sd = &split_descs[s];
            const char *wname = workload_descs[sd->workload].name;
            if (st->o.workloads[0] && !list_has(st->o.workloads, wname))
                continue;
            if (st->o.splits[0] && !list_has(st->o.splits, sd->name))
                continue;
            for (size_t t = 0; t < nthreads; t++)
                if (runs_at(st, &st->impls[i], threads[t], threads, nthreads))
                    st->cells[st->ncells++] = (struct cell){
                        .impl = &st->impls[i], .workload = sd->workload, .split = sd->id,
                        .size = 0 /* calibrate_sizes sets it */, .threads = threads[t]};
        }
    }
    st->Ts = threads; /* the plan resolves the questions' T rules on them */
    st->nT = nthreads;
    if (!st->ncells)
        return err_set(e, EXIT_USAGE, "the selection is empty: no model, workload and split match");
    return 0;
}

void cells_print_list(const struct study *st)
{
    for (size_t i = 0; i < st->nimpls; i++) {
        const struct impl *im = &st->impls[i];
        printf("%-24s %s%s%s\n", im->name,
               im->unavailable[0] ? im->unavailable : st->impl_present[i] ? "built" : "not built",
               im->optional && !im->unavailable[0] ? " (optional)" : "",
               im->allow_gil && !im->unavailable[0] ? " (" PY_GIL_ON_ENV ", --allow-gil)" : "");
    }
}
