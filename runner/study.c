/* study.c - bin/study: runs the model binaries as child processes over a
 * matrix (implementation x workload x split x thread count x round), and
 * collects their rows into results/<timestamp>/raw.csv.  This file is
 * main: the stop signals, the steps of a study in order, and the round
 * loop; each step's work is in the file study.h names for it.
 *
 * Sizes: before the rounds, calibrate.c picks each family's size per
 * workload so that one T = 1 run lasts the preset's minimum run time.
 *
 * Order: round 1 of every cell, then round 2, ...; each round's order is
 * shuffled with a recorded seed, so slow drift of the machine spreads over
 * every implementation instead of biasing one.  Each child does its own
 * untimed warm-up (--warmup, at least 1 in every preset) before its one
 * timed run.  After the minimum rounds, repeat-until-sure: a further round
 * runs only the cells whose 95% CI of the median is still wider than
 * +-ci_target of the median (sure.c), shuffled among themselves, until
 * none is, the maximum rounds are reached or the time budget is spent.
 *
 * Faults: a cell that fails (wrong result, crash, timeout, missing binary)
 * is recorded with its status and reason and the study goes on.  SIGINT,
 * SIGTERM or SIGHUP stops after the run in progress (its row is kept) and
 * exits 128 + the signal's number; a second one kills that run.  Every row
 * is flushed as it is written, and --resume DIR runs only what DIR lacks,
 * so every cell ends up there exactly once.
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

#include "study.h"
#include "timer.h"

volatile sig_atomic_t study_stop_requested; /* 1: after this run; 2: now */
volatile sig_atomic_t study_stop_signal;

static void on_signal(int sig)
{
    if (!study_stop_signal)
        study_stop_signal = sig;
    study_stop_requested++;
    if (study_stop_requested > 1 && child_running_pgid > 0)
        kill(-(pid_t)child_running_pgid, SIGKILL);
}

/* The exit status of a study stopped by a signal: 128 + its number. */
static int interrupted_status(void)
{
    return study_stop_signal ? EXIT_SIGNAL_BASE + study_stop_signal : EXIT_INTERRUPTED;
}

/* First of all: a signal that arrives while the folder and meta.json are
 * being made must also stop cleanly, not kill the runner. */
static void catch_stop_signals(void)
{
    struct sigaction sa = {.sa_handler = on_signal};
    /* The stop signals are held while the handler runs: two sent at once
     * would otherwise nest, the second's handler running before the
     * first's first instruction, and the study would report the second. */
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGINT);
    sigaddset(&sa.sa_mask, SIGTERM);
    sigaddset(&sa.sa_mask, SIGHUP);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
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

static void progress(const struct study *st, const struct cell *c, unsigned round)
{
    if (st->o.quiet)
        return;
    double elapsed = timer_now_s() - st->t_start;
    size_t done = st->runs_done, todo = st->runs_planned - st->runs_skipped;
    char el[32], eta[32];
    fmt_duration(elapsed, el, sizeof el);
    if (done)
        fmt_duration(elapsed / (double)done * (double)(todo - done), eta, sizeof eta);
    else
        snprintf(eta, sizeof eta, "?");
    bool tty = isatty(STDERR_FILENO);
    fprintf(stderr, "%s[%zu/%zu %3.0f%%] round %u/%u%s %s %s/%s n=%" PRIu64 " T=%u  elapsed %s  ETA %s%s",
            tty ? "\r\033[K" : "", done + st->runs_skipped, st->runs_planned,
            100.0 * (double)(done + st->runs_skipped) / (double)st->runs_planned, round,
            round > st->o.reps ? st->o.max_reps : st->o.reps, round > st->o.reps ? " (until sure)" : "",
            c->impl->name, workload_descs[c->workload].name, split_descs[c->split].name, c->size, c->threads,
            el, eta, tty ? "" : "\n");
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

/* The runs planned (the minimum rounds of every cell), those already in
 * raw.csv, and the line that says so. */
static void announce(struct study *st)
{
    const size_t slots = st->ncells * st->o.max_reps;
    for (size_t i = 0; i < slots; i++)
        st->runs_skipped += st->done[i];
    st->runs_planned = st->ncells * st->o.reps;
    if (st->runs_skipped > st->runs_planned)
        st->runs_planned = st->runs_skipped;
    if (!st->o.quiet)
        fprintf(stderr,
                "study: %s preset, %zu cells x %u rounds (up to %u until each 95%% CI is within +-%g%%) = %zu runs "
                "(%zu already done), seed %" PRIu64 ", results in %s\n",
                st->o.preset->name, st->ncells, st->o.reps, st->o.max_reps, st->o.ci_target * 100,
                st->runs_planned, st->runs_skipped, st->o.seed, st->dir);
}

/* Everything before the rounds: the options, the cells, the folder, the
 * sizes and meta.json.  -1 to go on to the rounds; otherwise the exit
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
        meta_keep_start_date(st);
    /* The machine before anything of ours runs: the report warns when it
     * was busy (pyperf's `system show`). */
    meta_load_sample(&st->load_start);
    meta_warn_machine(st, &st->load_start, "start");
    const size_t slots = st->ncells * st->o.max_reps;
    st->done = calloc(slots ? slots : 1, 1);
    st->samples = calloc(st->ncells, sizeof *st->samples);
    if (!st->done || !st->samples)
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
    if ((st->o.resume[0] && store_load_done(st, e)) || meta_write(st, a->argc, a->argv, NULL, e)) {
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

/* Which cells round `round` runs, into order: every cell in the minimum
 * rounds, then only those not yet sure.  Returns how many; 0 also when
 * the budget is spent. */
static size_t round_cells(struct study *st, unsigned round, size_t *order)
{
    size_t n = 0;
    for (size_t i = 0; i < st->ncells; i++)
        if (round <= st->o.reps || sure_needs_round(&st->samples[i], st->o.reps, st->o.ci_target))
            order[n++] = i;
    if (round <= st->o.reps || !n)
        return n;
    if (st->o.budget_s > 0 && timer_now_s() - st->t_start >= st->o.budget_s) {
        if (!st->o.quiet)
            fprintf(stderr, "%sstudy: the %g s budget is spent; %zu cells stay above the CI target\n",
                    isatty(STDERR_FILENO) ? "\r\033[K" : "", st->o.budget_s, n);
        return 0;
    }
    for (size_t i = 0; i < n; i++)
        st->runs_planned += !st->done[(round - 1) * st->ncells + order[i]];
    return n;
}

/* The rounds, each shuffled with the study's seed, until the last one,
 * every cell sure, the budget spent or a stop.  EXIT_OK, or the status of
 * an error in *e (the results could not be written). */
static int run_rounds(struct study *st, struct err *e)
{
    size_t *order = malloc(st->ncells * sizeof *order);
    uint64_t rng = st->o.seed;
    if (!order)
        return err_set(e, EXIT_RUN_FAILED, "out of memory"), EXIT_RUN_FAILED;
    int status = EXIT_OK;
    for (unsigned round = 1; round <= st->o.max_reps && !study_stop_requested && status == EXIT_OK; round++) {
        size_t n = round_cells(st, round, order);
        if (!n)
            break;
        matrix_shuffle(order, n, &rng);
        for (size_t i = 0; i < n && !study_stop_requested; i++) {
            size_t ci = order[i];
            if (st->done[(round - 1) * st->ncells + ci])
                continue;
            if (folder_gone(st, e)) {
                status = EXIT_RUN_FAILED;
                break;
            }
            progress(st, &st->cells[ci], round);
            int rc_cell = run_cell(st, &st->cells[ci], round, e);
            if (rc_cell > 0)
                break; /* interrupted twice: that run is not done */
            if (rc_cell < 0) {
                status = e->code ? e->code : EXIT_RUN_FAILED;
                break;
            }
            st->done[(round - 1) * st->ncells + ci] = 1;
            st->runs_done++;
            if (round > st->rounds_run)
                st->rounds_run = round;
        }
    }
    free(order);
    if (!st->o.quiet && isatty(STDERR_FILENO))
        fputs("\r\033[K", stderr);
    return status;
}

/* After the rounds: the sampled runs, the files closed, meta.json with
 * the end's numbers, results/latest, and the closing line. */
static int finish(struct study *st, struct args *a, int status, struct err *e)
{
    /* Who runs when: untimed sampled runs, never in raw.csv (sample.c). */
    if (status == EXIT_OK && !study_stop_requested && sample_cells(st, e))
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
    st->cells_short = 0;
    for (size_t i = 0; i < st->ncells; i++)
        st->cells_short += st->o.ci_target > 0 && sure_needs_round(&st->samples[i], st->o.reps, st->o.ci_target);
    meta_load_sample(&st->load_end);
    meta_warn_machine(st, &st->load_end, "end");
    meta_write(st, a->argc, a->argv, study_stop_requested ? NULL : date, &ce);
    store_point_latest(st);
    if (study_stop_requested) {
        fprintf(stderr, "study: interrupted after %zu runs; every finished row is in %s/raw.csv; resume with: "
                        "study --resume %s\n",
                st->runs_done, st->dir, st->dir);
        return interrupted_status();
    }
    if (!st->o.quiet || st->failures)
        fprintf(stderr, "study: %zu runs in %.0f s, %zu failed%s; results in %s\n", st->runs_done,
                timer_now_s() - st->t_start, st->failures,
                st->failures ? " (status and reason in raw.csv, their stderr in errors.log)" : "", st->dir);
    return st->failures ? EXIT_RUN_FAILED : EXIT_OK;
}

/* Everything main allocates is released here, on every path: the cells,
 * the done map, the samples, and the argument list read back for
 * --resume. */
int main(int argc, char **argv)
{
    catch_stop_signals();
    struct study st = {0};
    struct args a = {argc, argv, false};
    struct err e = {0};
    int rc = prepare(&st, &a, &e);
    if (rc < 0)
        rc = finish(&st, &a, run_rounds(&st, &e), &e);
    for (size_t i = 0; st.samples && i < st.ncells; i++)
        free(st.samples[i].wall_s);
    free(st.samples);
    free(st.cells);
    free(st.done);
    if (a.owned)
        store_free_args(a.argc, a.argv);
    return rc;
}
