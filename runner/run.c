/* run.c - running the model binaries: one process of a cell and its rows
 * in raw.csv (run_cell: W untimed values, then K timed ones, each a row;
 * for a ceiling cell T copies of the one-worker run at once, each its own
 * process, its rows tagged with the cell's T), the load during each
 * (loadmon.h), the model's command line that every run of the study is
 * started with (run_model_argv: the timed processes, calibration and the
 * sampled runs), and the check of the MPI launcher before any run
 * (run_prepare_launch).
 *
 * A process that fails (wrong result, crash, timeout, missing binary)
 * still gets a row, with its status and reason and the cell's identity,
 * and its whole stderr goes to errors.log; the study goes on.  A process
 * killed by a second interrupt gets no row: a resume runs it again. */
#define _GNU_SOURCE
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvread.h"
#include "loadmon.h"
#include "pin.h"
#include "stop.h"
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

/* A row of the child's timeline, copied with impl and round (and, for a
 * ceiling copy, the cell's T and the copy's number as the worker). */
struct timeline_copy {
    struct study *st;
    const char *impl, *round, *threads, *worker;
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
    if (t->threads) {
        f[2 + TL_THREADS] = t->threads;
        f[2 + TL_WORKER] = t->worker;
    }
    return csv_write_row(&t->st->tl, f, TLX_COUNT, t->e);
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

/* One process's rows, as they go to raw.csv: the fields every row shares
 * (the runner's), and its values. */
struct proc_rows {
    const char *f[RAW_COUNT];
    char proc[24], block[24], other[24], steal[24], round[16], threads[16];
    double *vals;
    size_t nvals;
};

/* The rows of an ok run, written as the model gave them (a row whose
 * verified is not 1 makes the run "wrong", from that row on), with the
 * cell's T for a ceiling copy.  0, 1 when the model's output is not what
 * it should be (oc becomes failed, nothing written), or -1 with *e. */
static int write_values(struct study *st, struct proc_rows *pr, struct child_outcome *oc, bool copies,
                        struct err *e)
{
    struct csv_reader r = {0};
    struct err pe = {0};
    char *row[COL_COUNT];
    int got = child_open_rows(oc, &r, &pe), rc = 0;
    size_t n = 0;
    /* Read them all first: a run whose output breaks off writes nothing. */
    char **all = NULL;
    size_t cap = 0;
    while (got == 0 && (got = child_next_row(&r, row, &pe)) == 1) {
        if (n == cap) {
            cap = cap ? 2 * cap : 8;
            char **a = realloc(all, cap * COL_COUNT * sizeof *a);
            if (!a) {
                rc = err_set(e, EXIT_RUN_FAILED, "out of memory");
                break;
            }
            all = a;
        }
        for (size_t i = 0; i < COL_COUNT; i++)
            all[n * COL_COUNT + i] = strdup(row[i]);
        n++;
        got = 0;
    }
    if (rc == 0 && (got < 0 || n == 0)) {
        oc->status = ST_FAILED;
        text_clip(oc->reason, sizeof oc->reason, "%s", got < 0 ? pe.msg : "the model wrote no complete row");
        rc = 1;
    }
    /* One verdict for the whole process: a value not verified, or not a
     * time, makes every row of it "wrong". */
    for (size_t k = 0; rc == 0 && k < n && oc->status == ST_OK; k++) {
        char **mr = all + k * COL_COUNT, *end;
        double w = strtod(mr[COL_WALL_S], &end);
        if (strcmp(mr[COL_VERIFIED], "1") != 0) {
            oc->status = ST_WRONG;
            snprintf(oc->reason, sizeof oc->reason, "verified=%s", mr[COL_VERIFIED]);
        } else if (*end || !(w > 0) || !isfinite(w)) {
            oc->status = ST_WRONG;
            snprintf(oc->reason, sizeof oc->reason, "wall_s=%s", mr[COL_WALL_S]);
        }
    }
    pr->vals = rc == 0 ? malloc(n * sizeof *pr->vals) : NULL;
    if (rc == 0 && !pr->vals)
        rc = err_set(e, EXIT_RUN_FAILED, "out of memory");
    for (size_t k = 0; rc == 0 && k < n; k++) {
        char **mr = all + k * COL_COUNT;
        for (size_t i = 0; i < COL_COUNT; i++)
            pr->f[RAW_OWN + i] = mr[i];
        if (copies)
            pr->f[RAW_OWN + COL_THREADS] = pr->threads;
        pr->vals[pr->nvals++] = strtod(mr[COL_WALL_S], NULL);
        pr->f[RAW_STATUS] = child_status_names[oc->status];
        pr->f[RAW_REASON] = oc->reason;
        rc = csv_write_row(&st->raw, pr->f, RAW_COUNT, e);
        st->values_done += rc == 0;
    }
    for (size_t k = 0; k < n * COL_COUNT; k++)
        free(all[k]);
    free(all);
    csvr_close(&r);
    return rc;
}

/* The one row of a run that gave no values: the cell's identity, its
 * status and reason. */
static int write_failure(struct study *st, const struct cell *c, const struct model_argv *m, struct proc_rows *pr,
                         const struct child_outcome *oc, struct err *e)
{
    const struct impl *im = c->impl;
    for (size_t i = 0; i < COL_COUNT; i++)
        pr->f[RAW_OWN + i] = NULL;
    pr->f[RAW_OWN + COL_MODEL] = !im->mode                                          ? im->binary
                                 : !strcmp(im->mode, catalog_modes[MODE_DIRECT].name) ? CATALOG_DIRECT
                                                                                      : CATALOG_HOST;
    pr->f[RAW_OWN + COL_WORKLOAD] = workload_descs[c->workload].name;
    pr->f[RAW_OWN + COL_SPLIT] = split_descs[c->split].name;
    pr->f[RAW_OWN + COL_SIZE] = m->size;
    pr->f[RAW_OWN + COL_THREADS] = pr->threads;
    pr->f[RAW_OWN + COL_MODE] = im->mode;
    pr->f[RAW_OWN + COL_VERIFIED] = "0";
    pr->f[RAW_STATUS] = child_status_names[oc->status];
    pr->f[RAW_REASON] = oc->reason;
    return csv_write_row(&st->raw, pr->f, RAW_COUNT, e);
}

/* "%.3f", or "" when not measured. */
static void fmt_load(char *buf, size_t len, double v)
{
    if (isfinite(v))
        snprintf(buf, len, "%.3f", v);
    else
        buf[0] = '\0';
}

/* Process i of the run: its rows, timeline and stderr, and its place in
 * the cell's processes.  0, or -1 with *e. */
static int record(struct study *st, const struct cell *c, unsigned round, uint64_t block, size_t i, bool copies,
                  const struct model_argv *m, const char *tl, struct child_outcome *oc, const struct loadmon_judgement *j,
                  struct err *e)
{
    const struct impl *im = c->impl;
    struct proc_rows pr = {0};
    const struct proc_info info = {.proc = st->next_proc++, .block = block, .round = round};
    snprintf(pr.proc, sizeof pr.proc, "%" PRIu64, info.proc);
    snprintf(pr.block, sizeof pr.block, "%" PRIu64, block);
    snprintf(pr.round, sizeof pr.round, "%u", round);
    snprintf(pr.threads, sizeof pr.threads, "%u", c->threads);
    fmt_load(pr.other, sizeof pr.other, j ? j->other_cpus : NAN);
    fmt_load(pr.steal, sizeof pr.steal, j ? j->steal_cpus : NAN);
    const bool disturbed = j && j->disturbed && !st->o.keep_disturbed;
    pr.f[RAW_IMPL] = im->name;
    pr.f[RAW_ROUND] = pr.round;
    pr.f[RAW_SIZE_HOW] = st->calib[impl_size_family(im)][c->workload].how;
    pr.f[RAW_PROC] = pr.proc;
    pr.f[RAW_BLOCK] = pr.block;
    pr.f[RAW_OTHER_CPUS] = pr.other;
    pr.f[RAW_STEAL_CPUS] = pr.steal;
    pr.f[RAW_DISTURBED] = disturbed ? "1" : "0";
    int rc = 0;
    if (oc->status == ST_OK || oc->status == ST_WRONG)
        rc = write_values(st, &pr, oc, copies, e);
    if (rc > 0 || (rc == 0 && oc->status != ST_OK && oc->status != ST_WRONG))
        rc = write_failure(st, c, m, &pr, oc, e);
    if (rc < 0) {
        free(pr.vals);
        return -1;
    }
    struct proc_info p = info;
    p.ok = oc->status == ST_OK && pr.nvals > 0;
    p.disturbed = disturbed;
    st->disturbed += disturbed;
    if (j && isfinite(j->other_cpus) && !(j->other_cpus <= st->other_cpus_max))
        st->other_cpus_max = j->other_cpus;
    if (j && isfinite(j->steal_cpus) && !(j->steal_cpus <= st->steal_cpus_max))
        st->steal_cpus_max = j->steal_cpus;
    rc = procs_add(&st->procs[c - st->cells], &p, pr.vals, pr.nvals) ? err_set(e, EXIT_RUN_FAILED, "out of memory")
                                                                    : 0;
    free(pr.vals);
    struct err pe = {0};
    if (rc == 0 && oc->status != ST_OK && oc->status != ST_MISSING)
        keep_stderr(st, c, round, oc);
    char worker[16];
    snprintf(worker, sizeof worker, "%zu", i);
    struct timeline_copy t = {st, im->name, pr.round, copies ? pr.threads : NULL, worker, &pe};
    if (rc == 0 && oc->status == ST_OK && csvr_each(tl, copy_timeline_row, &t, &pe) != 0 && !st->o.quiet)
        fprintf(stderr, "\nstudy: timeline of %s round %u not kept: %s\n", im->name, round, pe.msg);
    if (oc->status != ST_OK) {
        st->failures++;
        if (!st->o.quiet)
            fprintf(stderr, "\nstudy: %s %s/%s T=%u round %u: %s: %s\n", im->name, workload_descs[c->workload].name,
                    split_descs[c->split].name, c->threads, round, child_status_names[oc->status], oc->reason);
    }
    return rc;
}

int run_cell(struct study *st, const struct cell *c, uint64_t block, struct err *e)
{
    const struct impl *im = c->impl;
    const bool copies = im->launcher == LAUNCH_COPIES;
    const size_t n = copies ? c->threads : 1;
    const unsigned round = st->procs[c - st->cells].rounds + 1;
    /* A ceiling copy is the single-worker run of the same job. */
    struct cell one = *c;
    if (copies)
        one.threads = 1;
    struct model_argv *m = calloc(n, sizeof *m);
    char (*tl)[PATH_MAX] = calloc(n, sizeof *tl);
    char *const **argvs = calloc(n, sizeof *argvs);
    struct child_outcome *oc = calloc(n, sizeof *oc);
    if (!m || !tl || !argvs || !oc) {
        free(m), free(tl), free(argvs), free(oc);
        return err_set(e, EXIT_RUN_FAILED, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        if (copies)
            text_clip(tl[i], sizeof tl[i], "%s/.timeline.part.%zu", st->dir, i);
        else
            text_clip(tl[i], sizeof tl[i], "%s/.timeline.part", st->dir);
        unlink(tl[i]);
        run_model_argv(st, &one, st->o.values, st->o.warmup, "--timeline", tl[i], &m[i]);
        argvs[i] = (char *const *)m[i].argv;
    }
    /* Pinned, the copies go one to a core, as --pin cores deals the
     * workers of one run (each copy then pins its one worker where it is). */
    int *cpu_of = copies && st->o.pin_cores ? malloc(n * sizeof *cpu_of) : NULL;
    struct err pe = {0};
    if (cpu_of && pin_plan("/sys", (unsigned)n, cpu_of, &pe) != 0) {
        free(cpu_of);
        cpu_of = NULL;
    }
    struct loadmon_run lm = {0};
    int rc = 0;
    if (!st->impl_present[im - st->impls]) {
        for (size_t i = 0; i < n; i++)
            missing_reason(im, m[i].bin, &oc[i]);
    } else {
        struct child_hooks hooks;
        loadmon_run_init(&lm, n, &hooks);
        if (im->launcher == LAUNCH_MPIRUN)
            launch_stamp();
        child_run_n(argvs, n, im->env, st->o.cell_timeout_s, cpu_of, &hooks, oc);
        if (stop_requested > 1)
            rc = 1; /* killed by the second Ctrl-C: not a result, so no row; a resume runs it again */
    }
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = record(st, c, round, block, i, copies, &m[i], tl[i], &oc[i], lm.j ? &lm.j[i] : NULL, e);
    for (size_t i = 0; i < n; i++) {
        child_outcome_free(&oc[i]);
        unlink(tl[i]);
    }
    loadmon_run_free(&lm);
    free(cpu_of);
    free(m), free(tl), free(argvs), free(oc);
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
