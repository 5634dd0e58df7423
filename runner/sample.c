/* sample.c - who runs when, the runner's part: after the rounds, one more
 * run per sampled cell (common/catalog.h: SCHEDULE_IMPLS on sumsq weak,
 * at one T) with the model's CPU-time sampler on (--sample-cpu), whose
 * readings are kept in DIR/schedule.csv with the cell's identity.
 *
 * It never feeds the statistics: the child does one timed run (-r 1, with
 * no warm-up of its own: that run warms it up) that is thrown away, then
 * the sampled run; nothing of either goes to raw.csv or timeline.csv.
 *
 * Resume and interrupts: a cell with rows in schedule.csv is done.  The
 * file is replaced whole (rewritten with the new rows under a temporary
 * name, then renamed: common/atomic.h), so it never holds part of a run.  No sampled run starts once a stop is
 * requested, and one killed by a second interrupt keeps nothing: a resumed
 * study does the sampled runs that are missing.  A sampled run that fails
 * is reported on stderr and left for a resume; it does not fail the study.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomic.h"
#include "child.h"
#include "cli.h"
#include "csv.h"
#include "csvread.h"
#include "pin.h"
#include "catalog.h"
#include "stop.h"
#include "study.h"
#include "text.h"

#define SCHEDULE_FILE "schedule.csv"
#define SCHED_COUNT (1 + SM_COUNT) /* impl, then the model's columns */
#define KEY_MAX 256

#define IMPL_NAME(name) name,
static const char *const sampled_impls[] = {SCHEDULE_IMPLS(IMPL_NAME)};
#undef IMPL_NAME
#define NSAMPLED (sizeof sampled_impls / sizeof sampled_impls[0])

/* The sampled cells of this study, in SCHEDULE_IMPLS order: at the largest
 * T of the matrix in [2, min(CPUs, SCHEDULE_T_MAX)], and only those whose
 * implementation is built.  Returns how many. */
static size_t sampled_cells(const struct study *st, const struct cell **out)
{
    unsigned cpus = pin_cpu_count(), top = cpus < SCHEDULE_T_MAX ? cpus : SCHEDULE_T_MAX, T = 0;
    for (size_t i = 0; i < st->ncells; i++)
        if (st->cells[i].threads >= 2 && st->cells[i].threads <= top && st->cells[i].threads > T)
            T = st->cells[i].threads;
    size_t n = 0;
    for (size_t k = 0; T && k < NSAMPLED; k++)
        for (size_t i = 0; i < st->ncells && n < NSAMPLED; i++) {
            const struct cell *c = &st->cells[i];
            if (c->threads == T && !strcmp(c->impl->name, sampled_impls[k]) &&
                !strcmp(workload_descs[c->workload].name, SCHEDULE_WORKLOAD) &&
                !strcmp(split_descs[c->split].name, SCHEDULE_SPLIT) && st->impl_present[c->impl - st->impls])
                out[n++] = c;
        }
    return n;
}

static void schedule_header(const char **h)
{
    h[0] = "impl";
    for (size_t i = 0; i < SM_COUNT; i++)
        h[1 + i] = csv_sample_header[i];
}

/* 1 when the schedule.csv row is of the cell whose key is arg. */
static int row_of_cell(size_t index, char **f, size_t n, void *want)
{
    char key[KEY_MAX];
    if (index == 0 || n != SCHED_COUNT)
        return 0; /* the header, or a row of another version */
    cell_key_of_row(f[0], f[1 + SM_WORKLOAD], f[1 + SM_SPLIT], f[1 + SM_SIZE], f[1 + SM_THREADS], key, sizeof key);
    return strcmp(key, want) == 0;
}

/* Is cell c's sampled run in DIR/schedule.csv already? */
static bool sampled_already(const struct study *st, const struct cell *c)
{
    char path[PATH_MAX], want[KEY_MAX];
    text_clip(path, sizeof path, "%s/" SCHEDULE_FILE, st->dir);
    if (access(path, F_OK) != 0)
        return false;
    cell_key(c, want, sizeof want);
    struct err e;
    return csvr_each(path, row_of_cell, want, &e) == 1;
}

/* Where the rows go: the new schedule.csv, and for the model's rows, the
 * cell they are of and how many there were. */
struct rows_to {
    struct csv_out *out;
    const char *path, *const *header;
    const struct cell *c;
    size_t rows;
    struct err *e;
};

/* A record of DIR/schedule.csv as it is, copied; its header must be ours. */
static int copy_row(size_t index, char **f, size_t n, void *arg)
{
    struct rows_to *t = arg;
    for (size_t i = 0; index == 0 && i < SCHED_COUNT; i++)
        if (n != SCHED_COUNT || strcmp(f[i], t->header[i]))
            return err_set(t->e, EXIT_USAGE, "CSV '%s' exists with a different header; not appending", t->path);
    t->rows++;
    return csv_write_row(t->out, (const char *const *)f, n, t->e);
}

/* A record of the model's --sample-cpu CSV: its header checked, each row
 * written prefixed with the cell's implementation. */
static int add_row(size_t index, char **f, size_t n, void *arg)
{
    struct rows_to *t = arg;
    if (n != SM_COUNT)
        return err_set(t->e, EXIT_RUN_FAILED, "%s: a row of %zu fields, want %d", t->path, n, SM_COUNT);
    if (index == 0) {
        for (size_t i = 0; i < SM_COUNT; i++)
            if (strcmp(f[i], csv_sample_header[i]))
                return err_set(t->e, EXIT_RUN_FAILED, "%s: the model's sample header differs at '%s'", t->path,
                               f[i]);
        return 0;
    }
    const char *row[SCHED_COUNT] = {t->c->impl->name};
    for (size_t i = 0; i < SM_COUNT; i++)
        row[1 + i] = f[i];
    t->rows++;
    return csv_write_row(t->out, row, SCHED_COUNT, t->e);
}

/* DIR/schedule.csv with the rows of `part` added, replaced whole
 * (common/atomic.h).  Returns 0, 1 when the run had no reading (too short
 * for one tick: the file is left as it was), or -1 with *e. */
static int keep_samples(const struct study *st, const struct cell *c, const char *part, struct err *e)
{
    char final[PATH_MAX];
    const char *header[SCHED_COUNT];
    schedule_header(header);
    text_clip(final, sizeof final, "%s/" SCHEDULE_FILE, st->dir);
    struct atomic_file a;
    if (atomic_open(&a, final, e))
        return -1;
    struct csv_out out = {.f = a.f, .path = final};
    /* The rows there are (just our header when there is none yet), then
     * the run's. */
    struct rows_to have = {&out, final, header, c, 0, e}, add = {&out, part, header, c, 0, e};
    int rc = access(final, F_OK) == 0 ? csvr_each(final, copy_row, &have, e) : 0;
    if (rc == 0 && have.rows == 0)
        rc = csv_write_row(&out, header, SCHED_COUNT, e);
    if (rc == 0)
        rc = csvr_each(part, add_row, &add, e);
    size_t rows = add.rows;
    if (rc || rows == 0) {
        atomic_abort(&a);
        return rc ? -1 : 1;
    }
    return atomic_commit(&a, e);
}

/* One sampled run of cell c.  Returns 0 (done, or failed and reported),
 * 1 when a second interrupt killed it, -1 when schedule.csv cannot be
 * written. */
static int sample_cell(struct study *st, const struct cell *c, struct err *e)
{
    char part[PATH_MAX];
    text_clip(part, sizeof part, "%s/.schedule.part", st->dir);
    unlink(part);
    struct model_argv m;
    run_model_argv(st, c, 1, 0, "--sample-cpu", part, &m);
    if (!st->o.quiet)
        fprintf(stderr, "study: sampled run (untimed, for who-runs-when): %s %s/%s n=%" PRIu64 " T=%u\n",
                c->impl->name, workload_descs[c->workload].name, split_descs[c->split].name, c->size, c->threads);
    struct child_outcome oc;
    child_run((char *const *)m.argv, c->impl->env, st->o.cell_timeout_s, &oc);
    int rc = 0;
    if (stop_requested > 1) {
        rc = 1;
    } else if (oc.status != ST_OK) {
        fprintf(stderr, "study: warning: the sampled run of %s T=%u failed (%s: %s); a resume retries it\n",
                c->impl->name, c->threads, child_status_names[oc.status], oc.reason);
    } else if ((rc = keep_samples(st, c, part, e)) > 0) {
        if (!st->o.quiet)
            fprintf(stderr, "study: warning: the sampled run of %s T=%u was too short for a reading; nothing kept\n",
                    c->impl->name, c->threads);
        rc = 0;
    }
    child_outcome_free(&oc);
    unlink(part);
    return rc;
}

int sample_cells(struct study *st, struct err *e)
{
    const struct cell *cells[NSAMPLED];
    size_t n = sampled_cells(st, cells);
    for (size_t i = 0; i < n && !stop_requested; i++) {
        if (sampled_already(st, cells[i]))
            continue;
        int rc = sample_cell(st, cells[i], e);
        if (rc < 0)
            return -1;
        if (rc > 0)
            break;
    }
    return 0;
}
