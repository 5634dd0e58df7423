/* study.c - bin/study: runs the model binaries as child processes over a
 * matrix (implementation x workload x split x thread count), and collects
 * their rows into results/<timestamp>/raw.csv.  This file is main: the
 * stop signals, the steps of a study in order, and the plan's loop; each
 * step's work is in the file study.h names for it.
 *
 * Sizes: first, calibrate.c picks each family's size per workload so that
 * one T = 1 value lasts the preset's minimum run time.
 *
 * Processes x values (pyperf's design): each child process does W untimed
 * values (--warmup), then K timed ones (--values), each a row.
 *
 * The plan (plan.h says why each step): the questions first, in blocks of
 * the cells each group of questions needs, run back to back in a shuffled
 * order, so that two cells' processes in one block form a pair; then the
 * survey, every cell to its minimum processes in rounds; then the figures'
 * questions with what is left of the budget; then the cells still above
 * their CI target.  Every shuffle draws from the recorded seed and the
 * block or round it orders, so a resumed study orders what is left as the
 * uninterrupted one would have, and a study given the seed repeats it.
 * Slow drift of the machine spreads over every implementation instead of
 * biasing one, and within a block cancels in the pairs.
 *
 * Faults: a process that fails (wrong result, crash, timeout, missing
 * binary) is recorded with its status and reason and the study goes on.
 * SIGINT, SIGTERM or SIGHUP stops after the process in progress (its rows
 * are kept) and exits 128 + the signal's number; a second one kills it.
 * Every row is flushed as it is written, and --resume DIR rebuilds every
 * cell's processes from DIR's raw.csv and the time spent from its
 * meta.json, and continues the plan with the budget that is left: nothing
 * runs twice.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "pin.h"
#include "stats.h"
#include "stop.h"
#include "study.h"
#include "timer.h"

/* The exit status of a study stopped by a signal: 128 + its number. */
static int interrupted_status(void)
{
    return stop_signal ? EXIT_SIGNAL_BASE + stop_signal : EXIT_INTERRUPTED;
}

/* The one place a study's error is printed; returns its exit status. */
static int fail(const struct err *e)
{
    fprintf(stderr, "study: %s\n", e->msg);
    return e->code ? e->code : EXIT_RUN_FAILED;
}

/* ---- progress ---------------------------------------------------------- */

static void fmt_duration(double s, char *out, size_t len)
{
    long t = (long)(s + 0.5);
    snprintf(out, len, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
}

/* The study's time so far, a resumed study's earlier sessions included. */
static double spent(const struct study *st)
{
    return st->spent_before_s + (timer_now_s() - st->t_start);
}

static void progress(const struct study *st, const struct cell *c, uint64_t block)
{
    if (st->o.quiet)
        return;
    char el[32], bud[32] = "";
    fmt_duration(spent(st), el, sizeof el);
    if (st->pp.budget_s > 0) {
        fmt_duration(st->pp.budget_s, bud + 4, sizeof bud - 4);
        memcpy(bud, " of ", 4);
    }
    char blk[32] = "";
    if (block)
        snprintf(blk, sizeof blk, " block %" PRIu64, block);
    bool tty = isatty(STDERR_FILENO);
    fprintf(stderr, "%s[%zu processes] %s%s: %s %s/%s n=%" PRIu64 " T=%u  elapsed %s%s%s", tty ? "\r\033[K" : "",
            st->runs_done + st->runs_skipped, plan_phase_names[st->phase], blk, c->impl->name,
            workload_descs[c->workload].name, split_descs[c->split].name, c->size, c->threads, el, bud,
            tty ? "" : "\n");
}

/* ---- the steps ------------------------------------------------------------ */

/* The arguments the study runs with: the command line, or, resuming, the
 * folder's study.args (then main frees them). */
struct args {
    int argc;
    char **argv;
    bool owned;
};

/* The options: 0 run, 1 nothing to run (--help) or --list (*list), -1
 * with *e.  Resuming, DIR's own options rebuild its matrix; from this
 * command line only --quiet, --cell-timeout and --bin still count. */
static int take_options(struct study *st, struct args *a, bool *list, struct err *e)
{
    int rc = options_parse(a->argc, a->argv, &st->o, list, e);
    if (rc != 0 || !st->o.resume[0])
        return rc;
    struct options now = st->o;
    if (store_load_args(now.resume, &a->argc, &a->argv, e) == 0) {
        a->owned = true;
        if (options_parse(a->argc, a->argv, &st->o, list, e) < 0)
            rc = -1;
    } else {
        rc = -1;
    }
    st->o.quiet = now.quiet;
    st->o.cell_timeout_s = now.cell_timeout_s ? now.cell_timeout_s : st->o.cell_timeout_s;
    if (now.bin[0])
        snprintf(st->o.bin, sizeof st->o.bin, "%s", now.bin);
    snprintf(st->o.resume, sizeof st->o.resume, "%s", now.resume);
    return rc;
}

/* The sizes: those a resumed study already chose, else calibrated now
 * and saved. */
static int choose_sizes(struct study *st, struct err *e)
{
    int sized = st->o.resume[0] ? store_load_sizes(st, e) : 1;
    if (sized < 0 || (sized > 0 && (calibrate_sizes(st, e) || store_save_sizes(st, e))))
        return -1;
    return 0;
}

/* Every cell's key and processes (resuming: those raw.csv holds), the
 * plan's view of them, and the questions this matrix can ask.  0, or -1
 * with *e. */
static int prepare_plan(struct study *st, struct err *e)
{
    st->pp = (struct plan_params){.survey_min = st->o.reps, .max_procs = st->o.max_reps,
                                  .replace = st->o.exactly ? 0 : st->o.max_reps, .q_min = st->o.q_min,
                                  .q_max = st->o.q_max, .q_share = st->o.q_share, .budget_s = st->o.budget_s};
    for (size_t i = 0; i < st->ncells; i++) {
        cell_key(&st->cells[i], st->procs[i].key, sizeof st->procs[i].key);
        const struct cell *c = &st->cells[i];
        st->pcells[i] = (struct plan_cell){.impl = c->impl->name, .workload = workload_descs[c->workload].name,
                                           .split = split_descs[c->split].name, .T = c->threads,
                                           .present = st->impl_present[c->impl - st->impls]};
    }
    st->next_proc = st->next_block = 1;
    if (st->o.resume[0] && store_load_done(st, e))
        return -1;
    plan_questions_init(st->pq, st->pcells, st->ncells, st->Ts, st->nT, pin_cpu_count());
    for (size_t i = 0; i < st->ncells; i++)
        if (procs_view(st, i))
            return err_set(e, EXIT_RUN_FAILED, "out of memory");
    return 0;
}

/* The line that says what the study will do. */
static void announce(const struct study *st)
{
    if (st->o.quiet)
        return;
    size_t asked = 0;
    for (size_t i = 0; i < QUESTIONS_COUNT; i++)
        asked += st->pq[i].asked;
    char budget[48] = "no time limit";
    if (st->pp.budget_s > 0)
        snprintf(budget, sizeof budget, "budget %g s", st->pp.budget_s);
    fprintf(stderr,
            "study: %s preset, %zu cells, %u values per process; %zu questions (%u..%u pairs each), then %u processes "
            "a cell (up to %u until each 95%% CI is within +-%g%%); %s (%zu processes already done), seed %" PRIu64
            ", results in %s\n",
            st->o.preset->name, st->ncells, st->o.values, asked, st->pp.q_min, st->pp.q_max, st->pp.survey_min,
            st->pp.max_procs, st->o.ci_target * 100, budget, st->runs_skipped, st->o.seed, st->dir);
}

/* Everything before the plan: the options, the cells, the folder, the
 * sizes and meta.json.  -1 to go on to the plan; otherwise the exit
 * status, the error printed (with --help or --list: EXIT_OK, having done
 * it). */
static int prepare(struct study *st, struct args *a, struct err *e)
{
    bool list = false;
    int rc = take_options(st, a, &list, e);
    if (rc < 0)
        return fail(e);
    if (!st->o.bin[0])
        options_default_bin(st->o.bin, sizeof st->o.bin);
    if (rc == 1 && !list)
        return EXIT_OK;
    if (launch_init(&st->launch, st->o.hosts, e) || cells_build(st, e))
        return fail(e);
    if (list) {
        cells_print_list(st);
        return EXIT_OK;
    }
    if (run_prepare_launch(st, e))
        return fail(e);
    if (!st->o.seed_given)
        st->o.seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
    if (store_use_dir(st, a->argc, a->argv, e))
        return fail(e);
    time_t t0 = time(NULL);
    strftime(st->started, sizeof st->started, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t0));
    if (st->o.resume[0])
        meta_keep_before(st);
    /* The machine before anything of ours runs: the report warns when it
     * was busy (pyperf's `system show`). */
    meta_load_sample(&st->load_start);
    meta_warn_machine(st, &st->load_start, "start");
    st->procs = calloc(st->ncells, sizeof *st->procs);
    st->pcells = calloc(st->ncells, sizeof *st->pcells);
    if (!st->procs || !st->pcells)
        return err_set(e, EXIT_RUN_FAILED, "out of memory"), fail(e);
    st->t_start = timer_now_s();
    /* raw.csv exists (its header at least) before calibration, so a study
     * stopped while calibrating leaves a valid, resumable folder. */
    if (store_open_outputs(st, e))
        return fail(e);
    if (choose_sizes(st, e)) {
        store_close_outputs(st);
        if (e->code != EXIT_INTERRUPTED)
            return fail(e);
        fprintf(stderr, "study: interrupted while calibrating; nothing was run; resume with: study --resume %s\n",
                st->dir);
        return interrupted_status();
    }
    if (prepare_plan(st, e) || meta_write(st, a->argc, a->argv, NULL, e)) {
        store_close_outputs(st);
        return fail(e);
    }
    announce(st);
    return -1;
}

/* A results folder removed under a running study: stop with a clear error
 * rather than write on into unlinked files. */
static int folder_gone(const struct study *st, struct err *e)
{
    struct stat s;
    if (stat(st->dir, &s) != 0 || !S_ISDIR(s.st_mode) || stat(st->raw_path, &s) != 0)
        return err_set(e, EXIT_RUN_FAILED, "the results folder %s (or its raw.csv) was removed", st->dir);
    return 0;
}

/* run_one's answer when a second interrupt killed the process (no exit
 * status is negative). */
#define RUN_KILLED (-1)

/* One process of cell ci (a ceiling cell's T copies) in block blk, and the
 * plan's view of the cell after it.  EXIT_OK; RUN_KILLED when a second
 * interrupt killed it; or the status of an error in *e. */
static int run_one(struct study *st, size_t ci, uint64_t blk, struct err *e)
{
    if (folder_gone(st, e))
        return EXIT_RUN_FAILED;
    progress(st, &st->cells[ci], blk);
    size_t before = st->procs[ci].n;
    int rc = run_cell(st, &st->cells[ci], blk, e);
    if (rc > 0)
        return RUN_KILLED; /* that process is not done */
    if (rc < 0)
        return e->code ? e->code : EXIT_RUN_FAILED;
    size_t added = st->procs[ci].n - before;
    st->runs_done += added;
    st->phases[st->phase].processes += added;
    if (st->procs[ci].rounds > st->rounds_run)
        st->rounds_run = st->procs[ci].rounds;
    /* A checkpoint of meta.json every few seconds, so that a study killed
     * outright (SIGKILL, the machine going away) resumes with the time it
     * had spent, not from zero; a failed write is tried again next time. */
    if (st->cmd_argv && timer_now_s() - st->meta_at >= META_CHECKPOINT_S) {
        struct err me = {0};
        meta_write(st, st->cmd_argc, st->cmd_argv, NULL, &me);
    }
    return procs_view(st, ci) ? (err_set(e, EXIT_RUN_FAILED, "out of memory"), EXIT_RUN_FAILED) : EXIT_OK;
}

/* A shuffle's own seed: the study's, and what it orders ("block 12",
 * "survey 2"), so that a resumed study orders what is left as the
 * uninterrupted one did. */
static uint64_t shuffle_state(const struct study *st, const char *what, uint64_t n)
{
    char name[64];
    snprintf(name, sizeof name, "%s %" PRIu64, what, n);
    return stats_seed_for(st->o.seed, name);
}

/* The questions phase or the figures phase: blocks of the group of the
 * question plan_pick names, until none is open or the time is spent. */
static int run_questions(struct study *st, double phase_t0, struct err *e)
{
    const size_t nq = QUESTIONS_COUNT;
    size_t *block = malloc(2 * nq * sizeof *block);
    if (!block)
        return err_set(e, EXIT_RUN_FAILED, "out of memory"), EXIT_RUN_FAILED;
    int status = EXIT_OK;
    while (status == EXIT_OK && !stop_requested) {
        plan_update(st->pq, nq, st->pcells, CATALOG_BOOT_SEED, st->phase);
        double phase_s = st->phases[st->phase].time_s + timer_now_s() - phase_t0;
        if (st->phase == PHASE_QUESTIONS ? !plan_questions_time_left(&st->pp, spent(st), phase_s)
                                         : !plan_time_left(&st->pp, spent(st)))
            break;
        long q = plan_pick(st->pq, nq, st->pcells, &st->pp, st->phase);
        if (q < 0)
            break;
        size_t n = plan_block(st->pq, nq, st->pcells, &st->pp, st->phase, (size_t)q, block);
        uint64_t blk = st->next_block++, rng = shuffle_state(st, "block", blk);
        matrix_shuffle(block, n, &rng);
        for (size_t i = 0; i < n && status == EXIT_OK && !stop_requested; i++)
            status = run_one(st, block[i], blk, e);
    }
    free(block);
    return status;
}

/* The survey: round r brings every cell to r processes (survey_min at
 * most), each round shuffled; past survey_min, the disturbed ones are
 * replaced within the budget. */
static int run_survey(struct study *st, struct err *e)
{
    size_t *order = malloc(st->ncells * sizeof *order), *want = malloc(st->ncells * sizeof *want);
    bool *in = calloc(st->ncells, sizeof *in);
    int status = order && want && in ? EXIT_OK : (err_set(e, EXIT_RUN_FAILED, "out of memory"), EXIT_RUN_FAILED);
    for (unsigned r = 1; status == EXIT_OK && !stop_requested; r++) {
        size_t must, n = plan_survey_round(st->pcells, st->ncells, &st->pp, r, want, &must);
        if (!n && r >= st->pp.survey_min)
            break;
        if (!must && !plan_time_left(&st->pp, spent(st)))
            break;
        /* Every cell in the shuffled order of round r, those of the round
         * run: a resumed round runs what is left of it in the same order. */
        for (size_t i = 0; i < st->ncells; i++)
            order[i] = i, in[i] = false;
        for (size_t i = 0; i < n; i++)
            in[want[i]] = true;
        uint64_t rng = shuffle_state(st, "survey", r);
        matrix_shuffle(order, st->ncells, &rng);
        size_t ran = 0;
        for (size_t i = 0; i < st->ncells && status == EXIT_OK && !stop_requested; i++) {
            size_t c = order[i];
            if (!in[c] || (!plan_survey_mandatory(&st->pcells[c], &st->pp, r) && !plan_time_left(&st->pp, spent(st))))
                continue;
            status = run_one(st, c, 0, e);
            ran++;
        }
        if (!ran && r >= st->pp.survey_min)
            break;
    }
    free(order), free(want), free(in);
    return status;
}

/* Repeat-until-sure: rounds of the cells above their CI target, within
 * the budget. */
static int run_cells(struct study *st, struct err *e)
{
    size_t *order = malloc(st->ncells * sizeof *order);
    int status = order ? EXIT_OK : (err_set(e, EXIT_RUN_FAILED, "out of memory"), EXIT_RUN_FAILED);
    for (unsigned r = 1; status == EXIT_OK && !stop_requested; r++) {
        for (size_t i = 0; i < st->ncells; i++)
            procs_above(st, i);
        size_t n = plan_cells_round(st->pcells, st->ncells, &st->pp, order);
        if (!n)
            break;
        if (!plan_time_left(&st->pp, spent(st))) {
            if (!st->o.quiet)
                fprintf(stderr, "%sstudy: the %g s budget is spent; %zu cells stay above the CI target\n",
                        isatty(STDERR_FILENO) ? "\r\033[K" : "", st->pp.budget_s, n);
            break;
        }
        uint64_t rng = shuffle_state(st, "cells", st->rounds_run);
        matrix_shuffle(order, n, &rng);
        for (size_t i = 0; i < n && status == EXIT_OK && !stop_requested; i++)
            status = run_one(st, order[i], 0, e);
    }
    free(order);
    return status;
}

/* The plan's phases in order, each one's time and processes counted, and
 * meta.json rewritten after each (a study killed outright keeps what it
 * spent).  EXIT_OK, or the status of an error in *e (the results could not
 * be written). */
static int run_plan(struct study *st, struct args *a, struct err *e)
{
    int status = EXIT_OK;
    st->cmd_argc = a->argc;
    st->cmd_argv = a->argv;
    for (int ph = 0; ph < PHASE_COUNT && status == EXIT_OK && !stop_requested; ph++) {
        st->phase = (enum plan_phase)ph;
        double t0 = timer_now_s();
        st->phase_t0 = t0;
        if (ph == PHASE_QUESTIONS || ph == PHASE_FIGURES)
            status = run_questions(st, t0, e);
        else if (ph == PHASE_SURVEY)
            status = run_survey(st, e);
        else
            status = run_cells(st, e);
        st->phases[ph].time_s += timer_now_s() - t0;
        st->phase_t0 = 0;
        struct err me = {0};
        if (status == EXIT_OK && !stop_requested)
            meta_write(st, a->argc, a->argv, NULL, &me);
    }
    if (status == RUN_KILLED)
        status = EXIT_OK; /* killed by a second interrupt: finish says so */
    if (!st->o.quiet && isatty(STDERR_FILENO))
        fputs("\r\033[K", stderr);
    return status;
}

/* After the plan: the sampled runs, the files closed, meta.json with
 * the end's numbers, results/latest, and the closing line. */
static int finish(struct study *st, struct args *a, int status, struct err *e)
{
    /* Who runs when: untimed sampled runs, never in raw.csv (sample.c). */
    if (status == EXIT_OK && !stop_requested && sample_cells(st, e))
        status = e->code ? e->code : EXIT_RUN_FAILED;
    struct err ce = {0};
    int closed = csv_close(&st->raw, &ce) | csv_close(&st->tl, &ce);
    if (status == EXIT_OK && closed) {
        *e = ce;
        status = EXIT_RUN_FAILED;
    }
    if (status != EXIT_OK) {
        fprintf(stderr, "study: %s; rows written so far are kept; resume with: study --resume %s\n", e->msg,
                st->dir);
        return status;
    }
    char date[64];
    time_t now = time(NULL);
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    /* Issue 17's one count: every cell judged by citarget_above, stopped
     * early or not. */
    st->cells_short = 0;
    for (size_t i = 0; i < st->ncells; i++)
        st->cells_short += procs_above(st, i) == 1;
    plan_update(st->pq, QUESTIONS_COUNT, st->pcells, CATALOG_BOOT_SEED, PHASE_COUNT);
    meta_load_sample(&st->load_end);
    meta_warn_machine(st, &st->load_end, "end");
    meta_write(st, a->argc, a->argv, stop_requested ? NULL : date, &ce);
    store_point_latest(st);
    if (stop_requested) {
        fprintf(stderr, "study: interrupted after %zu processes; every finished row is in %s/raw.csv; resume with: "
                        "study --resume %s\n",
                st->runs_done, st->dir, st->dir);
        return interrupted_status();
    }
    if (!st->o.quiet || st->failures)
        fprintf(stderr, "study: %zu processes (%zu values) in %.0f s, %zu failed, %zu disturbed%s; results in %s\n",
                st->runs_done, st->values_done, timer_now_s() - st->t_start, st->failures, st->disturbed,
                st->failures ? " (status and reason in raw.csv, their stderr in errors.log)" : "", st->dir);
    return st->failures ? EXIT_RUN_FAILED : EXIT_OK;
}

/* Everything main allocates is released here, on every path: the cells,
 * their processes, the thread counts, meta.json's interpreters, and the
 * argument list read back for --resume. */
int main(int argc, char **argv)
{
    stop_catch_signals();
    struct study st = {0};
    struct args a = {argc, argv, false};
    struct err e = {0};
    int rc = prepare(&st, &a, &e);
    if (rc < 0)
        rc = finish(&st, &a, run_plan(&st, &a, &e), &e);
    for (size_t i = 0; st.procs && i < st.ncells; i++)
        procs_free(&st.procs[i]);
    free(st.procs);
    free(st.pcells);
    free(st.cells);
    free(st.Ts);
    meta_free(&st);
    if (a.owned)
        store_free_args(a.argc, a.argv);
    return rc;
}
