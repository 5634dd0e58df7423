/* run.c - running the model binaries: one timed run of a cell and its row
 * in raw.csv (run_cell), the model's command line that every run of the
 * study is started with (run_model_argv: the timed runs, calibration and
 * the sampled runs), and the check of the MPI launcher before any run
 * (run_prepare_launch).
 *
 * A run that fails (wrong result, crash, timeout, missing binary) still
 * gets its row, with its status and reason and the cell's identity, and
 * its whole stderr goes to errors.log; the study goes on.  A run killed by
 * a second interrupt gets no row: a resume runs it again. */
#define _GNU_SOURCE
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvread.h"
#include "study.h"
#include "text.h"

#define PROBE_TIMEOUT_S 120 /* --hosts: the probe of every host, at most */

void run_model_argv(const struct study *st, const struct cell *c, unsigned reps, unsigned warmup, const char *flag,
                    const char *value, struct model_argv *m)
{
    text_clip(m->bin, sizeof m->bin, "%s/%s", st->o.bin, c->impl->binary);
    snprintf(m->size, sizeof m->size, "%" PRIu64, c->size);
    snprintf(m->threads, sizeof m->threads, "%u", c->threads);
    snprintf(m->reps, sizeof m->reps, "%u", reps);
    snprintf(m->warmup, sizeof m->warmup, "%u", warmup);
    const char **a = m->argv;
    size_t k = launch_words(&st->launch, c->impl->launcher, m->threads, a);
    const char *words[] = {m->bin, "-w", workload_descs[c->workload].name, "-s", split_descs[c->split].name,
                           "-n", m->size, "-t", m->threads, "-r", m->reps, "--warmup", m->warmup, "-q",
                           "--pin", st->o.pin_cores ? "cores" : "none"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        a[k++] = words[i];
    if (flag) {
        a[k++] = flag;
        a[k++] = value;
    }
    if (c->impl->mode) {
        a[k++] = "--mode";
        a[k++] = c->impl->mode;
    }
    if (c->impl->allow_gil)
        a[k++] = "--allow-gil";
    a[k] = NULL;
}

/* A row of the child's timeline, copied with impl and round. */
struct timeline_copy {
    struct study *st;
    const char *impl, *round;
    struct err *e;
};

static int copy_timeline_row(size_t index, char **fields, size_t n, void *arg)
{
    struct timeline_copy *t = arg;
    if (index == 0 || n != TL_COUNT)
        return 0; /* the header, or a row of another version */
    const char *f[TLX_COUNT] = {t->impl, t->round};
    for (size_t i = 0; i < TL_COUNT; i++)
        f[2 + i] = fields[i];
    return csv_write_row(&t->st->tl, f, TLX_COUNT, t->e);
}

/* The timeline rows the child wrote to path, copied with impl and round. */
static int copy_timeline(struct study *st, const struct cell *c, const char *round, const char *path,
                         struct err *e)
{
    struct timeline_copy t = {st, c->impl->name, round, e};
    return csvr_each(path, copy_timeline_row, &t, e);
}

/* A failed run's whole stderr (a Python traceback, a sanitizer report) goes
 * to DIR/errors.log, since the reason column keeps only its last line. */
static void keep_stderr(const struct study *st, const struct cell *c, unsigned round, const struct child_outcome *oc)
{
    char path[PATH_MAX];
    text_clip(path, sizeof path, "%s/errors.log", st->dir);
    FILE *f = fopen(path, "a");
    if (!f)
        return;
    fprintf(f, "==== %s %s/%s n=%" PRIu64 " T=%u round %u: %s: %s\n%s%s", c->impl->name, workload_descs[c->workload].name,
            split_descs[c->split].name, c->size, c->threads, round, child_status_names[oc->status], oc->reason,
            oc->err ? oc->err : "", oc->err && oc->err_len && oc->err[oc->err_len - 1] != '\n' ? "\n" : "");
    fclose(f);
}

/* Why a cell that cannot run is "missing". */
static void missing_reason(const struct impl *im, const char *bin, struct child_outcome *oc)
{
    oc->status = ST_MISSING;
    if (im->launcher == LAUNCH_MPIRUN && access(bin, X_OK) == 0)
        text_clip(oc->reason, sizeof oc->reason, "mpirun is not in PATH (Debian: openmpi-bin; make deps)");
    else
        text_clip(oc->reason, sizeof oc->reason, "%s is not built (%s)", bin,
                  im->mode ? "no interpreter for it: run make pythons" : "run make");
}

/* The row's fields: the model's own row when it wrote one (a run whose
 * row says verified != 1 becomes "wrong"), else the cell's identity, so a
 * failed row still says what failed.  The fields point into *r, *oc and
 * *m. */
static void row_fields(const struct cell *c, const struct model_argv *m, struct child_outcome *oc,
                       struct csv_reader *r, const char **f)
{
    const struct impl *im = c->impl;
    char *row[COL_COUNT] = {0};
    struct err pe = {0};
    if ((oc->status == ST_OK || oc->status == ST_WRONG) && child_parse_row(oc, row, r, &pe) == 0) {
        for (size_t i = 0; i < COL_COUNT; i++)
            f[RAW_OWN + i] = row[i];
        if (oc->status == ST_OK && strcmp(row[COL_VERIFIED], "1") != 0) {
            oc->status = ST_WRONG;
            snprintf(oc->reason, sizeof oc->reason, "verified=%s", row[COL_VERIFIED]);
        }
        return;
    }
    if (oc->status == ST_OK || oc->status == ST_WRONG) {
        oc->status = ST_FAILED;
        text_clip(oc->reason, sizeof oc->reason, "%s", pe.msg);
    }
    f[RAW_OWN + COL_MODEL] = im->mode ? "embedded-py" : im->binary;
    f[RAW_OWN + COL_WORKLOAD] = workload_descs[c->workload].name;
    f[RAW_OWN + COL_SPLIT] = split_descs[c->split].name;
    f[RAW_OWN + COL_SIZE] = m->size;
    f[RAW_OWN + COL_THREADS] = m->threads;
    f[RAW_OWN + COL_MODE] = im->mode;
    f[RAW_OWN + COL_VERIFIED] = "0";
}

int run_cell(struct study *st, const struct cell *c, unsigned round, struct err *e)
{
    char tl[PATH_MAX], rnd[16];
    text_clip(tl, sizeof tl, "%s/.timeline.part", st->dir);
    snprintf(rnd, sizeof rnd, "%u", round);
    unlink(tl);
    struct model_argv m;
    run_model_argv(st, c, 1, st->o.warmup, "--timeline", tl, &m);

    struct child_outcome oc = {0};
    const struct impl *im = c->impl;
    if (!st->impl_present[im - st->impls]) {
        missing_reason(im, m.bin, &oc);
    } else {
        if (im->launcher == LAUNCH_MPIRUN)
            launch_stamp();
        child_run((char *const *)m.argv, im->env, st->o.cell_timeout_s, &oc);
        if (study_stop_requested > 1) {
            /* Killed by the second Ctrl-C: not a result, so no row; a
             * resume runs it again. */
            child_outcome_free(&oc);
            unlink(tl);
            return 1;
        }
    }
    const char *f[RAW_COUNT] = {0};
    struct csv_reader r = {0};
    row_fields(c, &m, &oc, &r, f);
    f[RAW_IMPL] = im->name;
    f[RAW_ROUND] = rnd;
    f[RAW_STATUS] = child_status_names[oc.status];
    f[RAW_REASON] = oc.reason;
    f[RAW_SIZE_HOW] = st->calib[impl_size_family(im)][c->workload].how;
    double wall_s = NAN;
    if (oc.status == ST_OK) {
        char *end;
        wall_s = strtod(f[RAW_OWN + COL_WALL_S], &end);
        if (*end || !(wall_s >= 0))
            wall_s = NAN;
    }
    sure_add(&st->samples[c - st->cells], oc.status == ST_OK && !isnan(wall_s), wall_s);
    int rc = csv_write_row(&st->raw, f, RAW_COUNT, e);
    struct err pe = {0};
    if (rc == 0 && oc.status != ST_OK && oc.status != ST_MISSING)
        keep_stderr(st, c, round, &oc);
    if (rc == 0 && oc.status == ST_OK && copy_timeline(st, c, rnd, tl, &pe) != 0 && !st->o.quiet)
        fprintf(stderr, "\nstudy: timeline of %s round %u not kept: %s\n", im->name, round, pe.msg);
    unlink(tl);
    csvr_close(&r);
    if (oc.status != ST_OK) {
        st->failures++;
        if (!st->o.quiet)
            fprintf(stderr, "\nstudy: %s %s/%s T=%u round %u: %s: %s\n", im->name,
                    workload_descs[c->workload].name, split_descs[c->split].name, c->threads, round,
                    child_status_names[oc.status], oc.reason);
    }
    child_outcome_free(&oc);
    return rc;
}

int run_prepare_launch(struct study *st, struct err *e)
{
    for (size_t i = 0; i < st->ncells; i++)
        st->mpirun_cells |= st->cells[i].impl->launcher == LAUNCH_MPIRUN;
    if (st->launch.hostfile[0] && !st->mpirun_cells)
        return err_set(e, EXIT_USAGE, "--hosts is for the mpi model, and no mpi cell is selected");
    if (!st->mpirun_cells || !st->launch.mpirun[0])
        return 0;
    if (st->launch.as_root && !st->o.quiet)
        fprintf(stderr, "study: running as root: mpirun is given --allow-run-as-root (Open MPI refuses root "
                        "without it)\n");
    if (!st->launch.hostfile[0])
        return 0;
    const char *argv[LAUNCH_WORDS_MAX + 8];
    launch_probe_argv(&st->launch, argv);
    struct child_outcome oc;
    child_run((char *const *)argv, NULL, st->o.cell_timeout_s ? st->o.cell_timeout_s : PROBE_TIMEOUT_S, &oc);
    int rc = 0;
    if (oc.status != ST_OK) {
        char why[CHILD_REASON_MAX];
        launch_reason(oc.err, why, sizeof why);
        rc = err_set(e, EXIT_USAGE, "--hosts %s: mpirun could not start a process on every host (%s): %s",
                     st->launch.hostfile, oc.status == ST_TIMEOUT ? "timed out" : "failed", why);
    } else {
        rc = launch_seen_parse(&st->launch, oc.out, e);
    }
    child_outcome_free(&oc);
    return rc;
}
