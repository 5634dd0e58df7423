/* harness.c - the one timing core every model binary shares (harness.h). */
#define _GNU_SOURCE
#include "harness.h"

#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "pin.h"
#include "sampler.h"
#include "split.h"
#include "timer.h"

/* Room for one formatted number in a CSV field. */
#define FIELD_MAX 48

int harness_job_init(struct job *job, const struct config *cfg, unsigned threads, struct err *e)
{
    *job = (struct job){.workload = cfg->workload, .split = cfg->split, .size = cfg->size,
                        .threads = threads, .fault_worker = cfg->fault_worker,
                        .fault_signal = cfg->fault_signal};
    if (cfg->split == SPLIT_DYNAMIC) {
        struct nq_task *pool;
        if (split_pool((unsigned)cfg->size, &pool, &job->pool_len, e))
            return -1;
        job->pool = pool;
    }
    if (cfg->pin == PIN_CORES) {
        int *cpus = malloc(threads * sizeof *cpus);
        if (!cpus || pin_plan("/sys", threads, cpus, e)) {
            free(cpus);
            harness_job_free(job);
            return cpus ? -1 : err_set(e, EXIT_RUN_FAILED, "out of memory");
        }
        job->cpus = cpus;
    }
    return 0;
}

void harness_job_free(struct job *job)
{
    free((void *)job->pool);
    free((void *)job->cpus);
    job->pool = NULL;
    job->cpus = NULL;
}

struct worker_result *harness_slots(unsigned threads)
{
    return aligned_alloc(SLOT_ALIGN_BYTES, threads * sizeof(struct worker_result));
}

static double tv_s(struct timeval tv)
{
    return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

/* Checks the run after timing, as STREAM does: every worker reported, the
 * result is exact, and the units of work add up to the whole job exactly
 * once (so a split that dropped or repeated work cannot pass). */
static void verify(const struct job *job, const struct worker_result *slots, struct run_stats *st)
{
    const u128 exact = workload_exact(job->workload, job->size);
    u128 total = 0;
    uint64_t units = 0;
    st->verified = 0;
    for (unsigned w = 0; w < job->threads; w++) {
        if (!slots[w].done) {
            snprintf(st->why, sizeof st->why, "worker %u did not report", w);
            return;
        }
        total += slots[w].value;
        units += slots[w].units;
    }
    uint64_t want_units = 0;
    switch (job->split) {
    case SPLIT_WEAK:
        st->result = slots[0].value;
        for (unsigned w = 0; w < job->threads; w++)
            if (slots[w].value != exact) {
                char a[U128_DEC_MAX], b[U128_DEC_MAX];
                snprintf(st->why, sizeof st->why, "worker %u computed %s, want %s", w,
                         u128_to_dec(slots[w].value, a), u128_to_dec(exact, b));
                return;
            }
        want_units = job->size * job->threads;
        break;
    case SPLIT_STRONG: want_units = job->size; st->result = total; break;
    case SPLIT_RR: want_units = job->size; st->result = total; break;
    case SPLIT_DYNAMIC: want_units = job->pool_len; st->result = total; break;
    case SPLIT_COUNT: break;
    }
    if (st->result != exact) {
        char a[U128_DEC_MAX], b[U128_DEC_MAX];
        snprintf(st->why, sizeof st->why, "result %s, want %s", u128_to_dec(st->result, a),
                 u128_to_dec(exact, b));
        return;
    }
    if (units != want_units) {
        snprintf(st->why, sizeof st->why, "workers did %" PRIu64 " units of work, want %" PRIu64,
                 units, want_units);
        return;
    }
    st->verified = 1;
    st->why[0] = '\0';
}

int harness_run(const struct model *m, void *state, const struct job *job,
                struct worker_result *slots, struct run_stats *st, struct err *e)
{
    memset(slots, 0, job->threads * sizeof *slots);
    *st = (struct run_stats){0};
    struct child_usage kids = {.gil_enabled = -1};
    struct rusage r0, r1;

    if (m->before_run && m->before_run(state, job, e))
        return -1;
    getrusage(RUSAGE_SELF, &r0);
    const double t0 = timer_now_s();
    int rc = m->run(state, job, slots, &kids, e);
    const double t1 = timer_now_s();
    getrusage(RUSAGE_SELF, &r1);
    if (rc || (m->after_run && m->after_run(state, job, t0, slots, &kids, e)))
        return -1;

    /* The span a model measured where its work ran (job.h), or ours. */
    const bool span = kids.span_start_s != 0 || kids.span_end_s != 0;
    if (span && !(t0 <= kids.span_start_s && kids.span_start_s <= kids.span_end_s && kids.span_end_s <= t1))
        return err_set(e, EXIT_RUN_FAILED,
                       "the model's timed span [%.9f, %.9f] is not within the harness's [%.9f, %.9f] "
                       "(not the same clock?)", kids.span_start_s, kids.span_end_s, t0, t1);
    const double start = span ? kids.span_start_s : t0, end = span ? kids.span_end_s : t1;
    st->start_s = start;
    st->wall_s = end - start;
    double last_start = start;
    for (unsigned w = 0; w < job->threads; w++)
        if (slots[w].done && slots[w].start_s > last_start)
            last_start = slots[w].start_s;
    st->spawn_s = last_start - start;
    if (span) {
        st->user_s = kids.user_s;
        st->sys_s = kids.sys_s;
        st->maxrss_kib = kids.maxrss_kib;
        st->vol_ctx = kids.vol_ctx;
        st->invol_ctx = kids.invol_ctx;
    } else {
        st->user_s = tv_s(r1.ru_utime) - tv_s(r0.ru_utime) + kids.user_s;
        st->sys_s = tv_s(r1.ru_stime) - tv_s(r0.ru_stime) + kids.sys_s;
        st->maxrss_kib = r1.ru_maxrss + kids.maxrss_kib;
        st->vol_ctx = r1.ru_nvcsw - r0.ru_nvcsw + kids.vol_ctx;
        st->invol_ctx = r1.ru_nivcsw - r0.ru_nivcsw + kids.invol_ctx;
    }
    st->gil_enabled = kids.gil_enabled;
    verify(job, slots, st);
    return 0;
}

/* ---- the program ----------------------------------------------------- */

struct outputs {
    struct csv_out csv, timeline, samples;
    bool has_timeline, has_samples;
};

static void print_config(const char *model, const struct config *cfg)
{
    struct utsname u;
    uname(&u);
    fprintf(stderr, "# %s: workload=%s size=%" PRIu64 " split=%s threads=", model,
            workload_descs[cfg->workload].name, cfg->size, split_descs[cfg->split].name);
    for (size_t i = 0; i < cfg->nthreads; i++)
        fprintf(stderr, "%s%u", i ? "," : "", cfg->threads[i]);
    fprintf(stderr, " reps=%u warmup=%u pin=%s\n", cfg->reps, cfg->warmup,
            cfg->pin == PIN_CORES ? "cores" : "none");
    fprintf(stderr, "# host=%s kernel=%s cpus_in_mask=%u online=%ld\n", u.nodename, u.release,
            pin_cpu_count(), sysconf(_SC_NPROCESSORS_ONLN));
    fprintf(stderr, "# clock=CLOCK_MONOTONIC resolution=%.3g s granularity=%.3g s\n",
            timer_resolution_s(), timer_granularity_s());
}

static int write_rows(struct outputs *out, const struct model *m, const struct config *cfg,
                      const struct job *job, unsigned rep, const struct worker_result *slots,
                      const struct run_stats *st, struct err *e)
{
    char num[COL_COUNT][FIELD_MAX];
    char result[U128_DEC_MAX];
    const char *f[COL_COUNT] = {0};
    const char *model = m->name;
    f[COL_MODEL] = model;
    f[COL_WORKLOAD] = workload_descs[job->workload].name;
    f[COL_SPLIT] = split_descs[job->split].name;
    snprintf(num[COL_SIZE], FIELD_MAX, "%" PRIu64, job->size);
    snprintf(num[COL_THREADS], FIELD_MAX, "%u", job->threads);
    snprintf(num[COL_REP], FIELD_MAX, "%u", rep);
    snprintf(num[COL_WALL_S], FIELD_MAX, "%.9f", st->wall_s);
    snprintf(num[COL_SPAWN_S], FIELD_MAX, "%.9f", st->spawn_s);
    snprintf(num[COL_USER_S], FIELD_MAX, "%.6f", st->user_s);
    snprintf(num[COL_SYS_S], FIELD_MAX, "%.6f", st->sys_s);
    snprintf(num[COL_MAXRSS_KIB], FIELD_MAX, "%ld", st->maxrss_kib);
    snprintf(num[COL_VOL_CTX], FIELD_MAX, "%ld", st->vol_ctx);
    snprintf(num[COL_INVOL_CTX], FIELD_MAX, "%ld", st->invol_ctx);
    snprintf(num[COL_VERIFIED], FIELD_MAX, "%d", st->verified);
    static const enum result_column numeric[] = {
        COL_SIZE, COL_THREADS, COL_REP, COL_WALL_S, COL_SPAWN_S, COL_USER_S, COL_SYS_S,
        COL_MAXRSS_KIB, COL_VOL_CTX, COL_INVOL_CTX, COL_VERIFIED};
    for (size_t i = 0; i < sizeof numeric / sizeof numeric[0]; i++)
        f[numeric[i]] = num[numeric[i]];
    f[COL_RESULT] = u128_to_dec(st->result, result);
    f[COL_PIN] = cfg->pin == PIN_CORES ? "cores" : "none";
    if (st->gil_enabled >= 0) {
        snprintf(num[COL_GIL_ENABLED], FIELD_MAX, "%d", st->gil_enabled);
        f[COL_GIL_ENABLED] = num[COL_GIL_ENABLED];
    }
    if (m->column) {
        static const enum result_column own[] = {COL_INTERPRETER, COL_MODE, COL_INIT_S, COL_PY_ENV,
                                                 COL_LAUNCH_S, COL_HOSTS, COL_RANKS_PER_HOST};
        for (size_t i = 0; i < sizeof own / sizeof own[0]; i++)
            f[own[i]] = m->column(own[i]);
    }
    if (csv_write_row(&out->csv, f, COL_COUNT, e))
        return -1;
    if (!out->has_timeline)
        return 0;
    for (unsigned w = 0; w < job->threads; w++) {
        char tl[TL_COUNT][FIELD_MAX];
        const char *g[TL_COUNT];
        g[TL_MODEL] = model;
        g[TL_WORKLOAD] = f[COL_WORKLOAD];
        g[TL_SPLIT] = f[COL_SPLIT];
        g[TL_SIZE] = f[COL_SIZE];
        g[TL_THREADS] = f[COL_THREADS];
        g[TL_REP] = f[COL_REP];
        snprintf(tl[TL_WORKER], FIELD_MAX, "%u", w);
        snprintf(tl[TL_CPU], FIELD_MAX, "%d", slots[w].cpu);
        snprintf(tl[TL_START_S], FIELD_MAX, "%.9f", slots[w].start_s - st->start_s);
        snprintf(tl[TL_END_S], FIELD_MAX, "%.9f", slots[w].end_s - st->start_s);
        snprintf(tl[TL_CPU_S], FIELD_MAX, "%.9f", slots[w].cpu_s);
        snprintf(tl[TL_UNITS], FIELD_MAX, "%" PRIu64, slots[w].units);
        for (int c = TL_WORKER; c < TL_COUNT; c++)
            g[c] = tl[c];
        if (csv_write_row(&out->timeline, g, TL_COUNT, e))
            return -1;
    }
    return 0;
}

/* The sampled run (--sample-cpu): one more run, after the timed ones and
 * never among them, with the sampler reading every worker's CPU time; its
 * samples go to out->samples afterwards, with times from the run's start.
 * Returns -1 with *e when the run failed or the rows cannot be written; a
 * wrong result sets *wrong and writes no sample. */
static int sampled_run(const struct model *m, void *state, struct job *job, struct worker_result *slots,
                       struct outputs *out, bool quiet, int *wrong, struct err *e)
{
    struct sampler *s;
    if (sampler_create(&s, job->threads, e))
        return -1;
    struct run_stats st;
    job->sample_board = sampler_board(s);
    int rc = sampler_start(s, e);
    if (rc == 0) {
        rc = harness_run(m, state, job, slots, &st, e);
        sampler_stop(s);
    }
    job->sample_board = NULL;
    if (rc == 0 && !st.verified) {
        fprintf(stderr, "%s: %s T=%u sampled run is wrong: %s\n", m->name, workload_descs[job->workload].name,
                job->threads, st.why);
        *wrong = 1;
    }
    const struct sampler_sample *smp;
    bool truncated;
    size_t n = sampler_samples(s, &smp, &truncated);
    char num[SM_COUNT][FIELD_MAX];
    const char *f[SM_COUNT];
    f[SM_MODEL] = m->name;
    f[SM_WORKLOAD] = workload_descs[job->workload].name;
    f[SM_SPLIT] = split_descs[job->split].name;
    snprintf(num[SM_SIZE], FIELD_MAX, "%" PRIu64, job->size);
    snprintf(num[SM_THREADS], FIELD_MAX, "%u", job->threads);
    snprintf(num[SM_WALL_S], FIELD_MAX, "%.9f", rc == 0 ? st.wall_s : 0.0);
    for (int c = SM_SIZE; c < SM_COUNT; c++)
        f[c] = num[c];
    f[SM_CLOCK] = "";
    const double origin_ns = rc == 0 ? st.start_s * 1e9 : 0;
    for (size_t i = 0; rc == 0 && st.verified && i < n; i++) {
        int pid, tid;
        sampler_who(s, smp[i].worker, &pid, &tid, &f[SM_CLOCK]);
        snprintf(num[SM_WORKER], FIELD_MAX, "%u", smp[i].worker);
        snprintf(num[SM_PID], FIELD_MAX, "%d", pid);
        snprintf(num[SM_TID], FIELD_MAX, "%d", tid);
        snprintf(num[SM_T_S], FIELD_MAX, "%.9f", ((double)smp[i].t_ns - origin_ns) / 1e9);
        snprintf(num[SM_CPU_S], FIELD_MAX, "%.9f", (double)smp[i].cpu_ns / 1e9);
        rc = csv_write_row(&out->samples, f, SM_COUNT, e);
    }
    if (rc == 0 && truncated)
        fprintf(stderr, "%s: T=%u sampled run: only its first %zu samples were kept\n", m->name, job->threads, n);
    else if (rc == 0 && !quiet) {
        size_t ticks;
        double own_s;
        sampler_cost(s, &ticks, &own_s);
        fprintf(stderr, "%s %s/%s size=%" PRIu64 " T=%u sampled run (untimed): wall %.6f s, %zu samples in %zu ticks; "
                        "the sampler used %.2f ms of CPU (%.1f us a tick)\n", m->name, f[SM_WORKLOAD], f[SM_SPLIT],
                job->size, job->threads, st.wall_s, n, ticks, own_s * 1e3, ticks ? own_s * 1e6 / (double)ticks : 0);
    }
    sampler_destroy(s);
    return rc;
}

/* Runs one thread count: set-up, warm-up, timed repetitions.  Returns -1
 * with *e on a failure that stops the program; a wrong result only sets
 * *wrong and goes on. */
static int run_threads(const struct model *m, const struct config *cfg, unsigned threads,
                       struct outputs *out, int *wrong, struct err *e)
{
    struct job job;
    if (harness_job_init(&job, cfg, threads, e))
        return -1;
    struct worker_result *slots = harness_slots(threads);
    void *state = NULL;
    int rc = -1;
    if (!slots) {
        err_set(e, EXIT_RUN_FAILED, "out of memory for %u worker slots", threads);
        goto out;
    }
    if (m->setup && m->setup(&job, &state, e))
        goto out;
    struct run_stats st;
    for (unsigned i = 0; i < cfg->warmup; i++) {
        if (harness_run(m, state, &job, slots, &st, e))
            goto teardown;
        if (!st.verified) {
            fprintf(stderr, "%s: warm-up run with %u workers is wrong: %s\n", m->name, threads, st.why);
            *wrong = 1;
        }
    }
    for (unsigned rep = 1; rep <= cfg->reps; rep++) {
        if (harness_run(m, state, &job, slots, &st, e))
            goto teardown;
        if (write_rows(out, m, cfg, &job, rep, slots, &st, e))
            goto teardown;
        if (!st.verified) {
            fprintf(stderr, "%s: %s T=%u rep %u is wrong: %s\n", m->name,
                    workload_descs[cfg->workload].name, threads, rep, st.why);
            *wrong = 1;
        } else if (!cfg->quiet) {
            fprintf(stderr, "%s %s/%s size=%" PRIu64 " T=%u rep %u/%u: wall %.6f s spawn %.6f s\n",
                    m->name, workload_descs[cfg->workload].name, split_descs[cfg->split].name,
                    cfg->size, threads, rep, cfg->reps, st.wall_s, st.spawn_s);
        }
    }
    if (out->has_samples && sampled_run(m, state, &job, slots, out, cfg->quiet, wrong, e))
        goto teardown;
    rc = 0;
teardown:
    if (m->teardown)
        m->teardown(state);
out:
    free(slots);
    harness_job_free(&job);
    return rc;
}

int harness_main(const struct model *m, int argc, char **argv)
{
    struct config cfg;
    struct err e = {0};
    switch (cli_parse(argc, argv, m->name, m->cli, &cfg, &e)) {
    case CLI_EXIT: return EXIT_OK;
    case CLI_ERROR:
        fprintf(stderr, "%s: %s\n", m->name, e.msg);
        return e.code;
    case CLI_RUN: break;
    }
    if (m->prepare_process && m->prepare_process(&cfg, argv, &e)) {
        fprintf(stderr, "%s: %s\n", m->name, e.msg);
        cli_free(&cfg);
        if (m->finish_process) /* undoes whatever prepare_process got done */
            m->finish_process();
        return e.code;
    }
    /* From here every path goes through `done`, which finishes the
     * process-wide state prepare_process made. */
    struct outputs out = {0};
    int wrong = 0, rc = -1;
    if (csv_open(&out.csv, cfg.csv_path, csv_result_header, COL_COUNT, &e))
        goto done;
    if (cfg.timeline_path) {
        if (csv_open(&out.timeline, cfg.timeline_path, csv_timeline_header, TL_COUNT, &e)) {
            csv_discard(&out.csv);
            goto done;
        }
        out.has_timeline = true;
    }
    if (cfg.sample_path) {
        if (csv_open(&out.samples, cfg.sample_path, csv_sample_header, SM_COUNT, &e)) {
            if (out.has_timeline)
                csv_discard(&out.timeline);
            csv_discard(&out.csv);
            goto done;
        }
        out.has_samples = true;
    }
    if (!cfg.quiet)
        print_config(m->name, &cfg);

    rc = 0;
    for (size_t i = 0; i < cfg.nthreads && rc == 0; i++)
        rc = run_threads(m, &cfg, cfg.threads[i], &out, &wrong, &e);
    /* Close both even after a failure: every row reported written stays. */
    struct err ce = {0};
    int closed = 0;
    if (out.has_timeline)
        closed |= csv_close(&out.timeline, &ce);
    if (out.has_samples)
        closed |= csv_close(&out.samples, &ce);
    closed |= csv_close(&out.csv, &ce);
    if (closed && rc == 0) {
        e = ce;
        rc = -1;
    }
done:
    if (rc)
        fprintf(stderr, "%s: %s\n", m->name, e.msg);
    cli_free(&cfg);
    if (m->finish_process)
        m->finish_process();
    if (rc)
        return e.code ? e.code : EXIT_RUN_FAILED;
    return wrong ? EXIT_RUN_FAILED : EXIT_OK;
}
