/* meta.c - meta.json: what a reader needs to judge the numbers (the
 * machine, the build, the interpreters, how sizes and rounds were chosen,
 * and how busy the machine was), written at the start and the end of a
 * study, replaced whole (common/atomic.h).
 *
 * The document is built as a jansson tree and dumped (jsonout.h): every
 * string escaped as JSON wants, a number that is not finite as null.  The
 * key names and their types are a contract with the analysis
 * (analysis/meta.c) and the tests. */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "atomic.h"
#include "jsonout.h"
#include "pin.h"
#include "study.h"
#include "text.h"
#include "timer.h"

/* The busy sample's length (the busy limit is in study.h). */
#define LOAD_SAMPLE_NS 500000000L

/* Sums the CPU time in jiffies from /proc/stat's first line: busy (user,
 * nice, system, irq, softirq, steal) and total (those plus idle, iowait). */
static int read_proc_stat(unsigned long long *busy, unsigned long long *total)
{
    FILE *f = fopen("/proc/stat", "r");
    if (!f)
        return -1;
    unsigned long long v[8] = {0};
    int n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5],
                   &v[6], &v[7]);
    fclose(f);
    if (n < 4)
        return -1;
    *busy = v[0] + v[1] + v[2] + v[5] + v[6] + v[7];
    *total = *busy + v[3] + v[4];
    return 0;
}

/* Called while no child of ours runs, so the busy time is other
 * processes' (the runner itself sleeps through the sample). */
void meta_load_sample(struct load_sample *ls)
{
    *ls = (struct load_sample){.loadavg1 = NAN, .loadavg5 = NAN, .busy_cpus = NAN};
    FILE *f = fopen("/proc/loadavg", "r");
    if (f) {
        if (fscanf(f, "%lf %lf", &ls->loadavg1, &ls->loadavg5) != 2)
            ls->loadavg1 = ls->loadavg5 = NAN;
        fclose(f);
    }
    unsigned long long b0, t0, b1, t1;
    if (read_proc_stat(&b0, &t0) == 0) {
        struct timespec nap = {0, LOAD_SAMPLE_NS};
        nanosleep(&nap, NULL);
        if (read_proc_stat(&b1, &t1) == 0 && t1 > t0) {
            long cpus = sysconf(_SC_NPROCESSORS_ONLN);
            ls->busy_cpus = (double)(b1 - b0) / (double)(t1 - t0) * (double)(cpus > 0 ? cpus : 1);
        }
    }
    ls->valid = !isnan(ls->busy_cpus);
}

/* Busy when the load at the start or the end was, or when the load monitor
 * judged any process disturbed: the report's quiet-machine line reads the
 * same two things, so meta.json never says quiet where the report does not. */
bool meta_machine_busy(const struct study *st)
{
    return st->disturbed > 0 || (st->load_start.valid && st->load_start.busy_cpus >= CATALOG_BUSY_CPUS) ||
           (st->load_end.valid && st->load_end.busy_cpus >= CATALOG_BUSY_CPUS);
}

void meta_warn_machine(const struct study *st, const struct load_sample *ls, const char *when)
{
    if (ls->valid && ls->busy_cpus >= CATALOG_BUSY_CPUS)
        fprintf(stderr, "study: warning: the machine is busy at the %s: other processes use %.2f CPUs "
                        "(load average %.2f); timings will be noisier\n",
                when, ls->busy_cpus, ls->loadavg1);
    if (strcmp(when, "start") != 0)
        return;
    /* The report says it too, from meta.json and the flags. */
    unsigned cpus = pin_cpu_count(), over = 0;
    for (size_t i = 0; i < st->ncells; i++)
        over += st->cells[i].threads > cpus;
    if (over)
        fprintf(stderr, "study: warning: %u cells run more workers than the %u CPUs (oversubscribed): "
                        "their speedups cannot exceed %u\n",
                over, cpus, cpus);
}


/* First line of a file, or "unknown". */
static void read_line(const char *path, char *out, size_t len)
{
    FILE *f = fopen(path, "r");
    snprintf(out, len, "unknown");
    if (f) {
        if (fgets(out, (int)len, f))
            out[strcspn(out, "\n")] = '\0';
        else
            snprintf(out, len, "unknown");
        fclose(f);
    }
}

/* One line a command prints, or "unknown". */
static void command_line(const char *cmd, char *out, size_t len)
{
    snprintf(out, len, "unknown");
    FILE *p = popen(cmd, "r");
    if (!p)
        return;
    if (fgets(out, (int)len, p))
        out[strcspn(out, "\n")] = '\0';
    if (pclose(p) != 0 || !out[0])
        snprintf(out, len, "unknown");
}

static void cpu_model(char *out, size_t len)
{
    snprintf(out, len, "unknown");
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[512];
    while (f && fgets(line, sizeof line, f)) {
        char *colon = strchr(line, ':');
        if (colon && strncmp(line, "model name", 10) == 0) {
            snprintf(out, len, "%s", colon + 2);
            out[strcspn(out, "\n")] = '\0';
            break;
        }
    }
    if (f)
        fclose(f);
}

/* Where tools/pythons.sh linked the interpreters (PYTHONS_DIR, as in the
 * Makefile). */
static const char *pythons_dir(void)
{
    const char *d = getenv("PYTHONS_DIR");
    return d && *d ? d : ".pythons";
}

#ifndef STUDY_CFLAGS_USED
#define STUDY_CFLAGS_USED "unknown"
#endif

#ifndef STUDY_CFLAGS_USED
#define STUDY_CFLAGS_USED "unknown"
#endif

/* On resume: the date the study first began, and what the plan had spent
 * in each phase, from its meta.json. */
void meta_keep_before(struct study *st)
{
    char path[PATH_MAX];
    text_clip(path, sizeof path, "%s/meta.json", st->dir);
    json_error_t je;
    json_t *doc = json_load_file(path, 0, &je);
    const char *date = json_string_value(json_object_get(doc, "date"));
    if (date && strlen(date) < sizeof st->started)
        snprintf(st->started, sizeof st->started, "%s", date);
    json_t *plan = json_object_get(doc, "plan"), *phases = json_object_get(plan, "phases");
    json_t *spent = json_object_get(plan, "time_spent_s");
    if (json_is_number(spent) && json_number_value(spent) >= 0)
        st->spent_before_s = json_number_value(spent);
    for (int ph = 0; ph < PHASE_COUNT; ph++) {
        json_t *o = json_object_get(phases, plan_phase_names[ph]), *t = json_object_get(o, "time_s"),
               *n = json_object_get(o, "processes");
        if (json_is_number(t) && json_number_value(t) >= 0)
            st->phases[ph].time_s = json_number_value(t);
        if (json_is_integer(n) && json_integer_value(n) >= 0)
            st->phases[ph].processes = (size_t)json_integer_value(n);
    }
    json_decref(doc);
}

/* What a command prints (at most len - 1 bytes), or "" when it cannot be
 * run or fails. */
static void command_output(const char *cmd, char *out, size_t len)
{
    out[0] = '\0';
    FILE *p = popen(cmd, "r");
    if (!p)
        return;
    size_t n = fread(out, 1, len - 1, p);
    out[n] = '\0';
    if (pclose(p) != 0)
        out[0] = '\0';
}

/* One interpreter as the embedded hosts were built against it, described
 * by the interpreter itself, with multiprocessing's default start method
 * there; NULL when it is not there.  What it prints is checked: anything
 * but a JSON object is left out, with a warning (once per interpreter). */
static json_t *interpreter(int fam)
{
    static bool warned[FAMILY_COUNT];
    const char *tag = catalog_families[fam].tag;
    char cmd[PATH_MAX + 400], out[1 << 14];
    text_clip(cmd, sizeof cmd,
              "'%s/%s' -c \"import sys,sysconfig,json; print(json.dumps({'version': "
              "'%%d.%%d.%%d%%s' %% (sys.version_info[:3] + (sys.abiflags,)), 'executable': sys.executable, "
              "'configure_flags': sysconfig.get_config_var('CONFIG_ARGS'), 'free_threaded_build': "
              "bool(sysconfig.get_config_var('Py_GIL_DISABLED')), 'gil_enabled_at_start': "
              "getattr(sys, '_is_gil_enabled', lambda: True)(), 'mp_default_start_method': "
              "__import__('multiprocessing').get_start_method()}))\" 2>/dev/null",
              pythons_dir(), tag);
    command_output(cmd, out, sizeof out);
    if (!out[0])
        return NULL; /* not built here */
    json_error_t je;
    json_t *desc = json_loads(out, 0, &je);
    if (json_is_object(desc))
        return desc;
    if (!warned[fam])
        fprintf(stderr, "study: warning: %s/%s printed no JSON object describing itself (%s); meta.json leaves "
                        "it out\n",
                pythons_dir(), tag, desc ? "another JSON value" : je.text);
    warned[fam] = true;
    json_decref(desc);
    return NULL;
}

/* How the interpreter was built and where it came from (issue 15), as its
 * Python program prints it with --build-info (tools/pyinfo.py's object:
 * links, origin, configure flags, compiler, PGO and LTO): the embedded
 * host's, else the direct driver's.  NULL when neither is built; anything
 * but a JSON object is left out, with a warning. */
static json_t *build_info(const struct study *st, int fam)
{
    static bool warned[FAMILY_COUNT];
    const char *tag = catalog_families[fam].tag;
    const char *programs[] = {CATALOG_HOST, CATALOG_DIRECT};
    char cmd[PATH_MAX + 64], path[PATH_MAX], out[1 << 14];
    for (size_t i = 0; i < sizeof programs / sizeof programs[0]; i++) {
        text_clip(path, sizeof path, "%s/%s-%s", st->o.bin, programs[i], tag);
        if (access(path, X_OK) != 0)
            continue;
        text_clip(cmd, sizeof cmd, "'%s' --build-info 2>/dev/null", path);
        command_output(cmd, out, sizeof out);
        json_error_t je;
        json_t *info = out[0] ? json_loads(out, 0, &je) : NULL;
        if (json_is_object(info))
            return info;
        if (!warned[fam])
            fprintf(stderr, "study: warning: %s --build-info printed no JSON object (%s); meta.json leaves its "
                            "build out\n",
                    path, info ? "another JSON value" : out[0] ? je.text : "nothing");
        warned[fam] = true;
        json_decref(info);
        return NULL;
    }
    return NULL;
}

/* Each interpreter (a tag that runs another's binary, 3.14t-gil, is no
 * interpreter of its own), with its build under "build". */
static json_t *interpreters(const struct study *st)
{
    json_t *all = json_object();
    for (int fam = FAM_PY_FIRST; fam < FAM_OTHER; fam++) {
        if ((int)catalog_families[fam].runs != fam)
            continue;
        json_t *desc = interpreter(fam);
        if (!desc)
            continue;
        json_t *build = build_info(st, fam);
        if (build)
            json_object_set_new(desc, "build", build);
        json_object_set_new(all, catalog_families[fam].tag, desc);
    }
    return all;
}

static json_t *load(const struct load_sample *ls)
{
    if (!ls->valid)
        return json_null();
    return json_pack("{s:o, s:o, s:o}", "loadavg1", jsonout_num(ls->loadavg1), "loadavg5",
                     jsonout_num(ls->loadavg5), "busy_cpus", jsonout_num(ls->busy_cpus));
}

/* How each family's size per workload was chosen ("unused" ones left out). */
static json_t *calibration(const struct study *st)
{
    json_t *list = json_array();
    for (int fam = 0; fam < SIZE_COUNT; fam++)
        for (int wl = 0; wl < WL_COUNT; wl++) {
            const struct calib *c = &st->calib[fam][wl];
            if (!c->how[0] || strcmp(c->how, "unused") == 0)
                continue;
            json_array_append_new(list, json_pack("{s:o, s:o, s:I, s:o, s:o, s:o, s:o, s:o}",
                                                  "family", jsonout_str(size_family_names[fam]),
                                                  "workload", jsonout_str(workload_descs[wl].name),
                                                  "size", (json_int_t)st->o.sizes[fam][wl],
                                                  "how", jsonout_str(c->how),
                                                  "reference", jsonout_str(c->reference),
                                                  "target_s", jsonout_num(st->o.min_run_s),
                                                  "t1_s", jsonout_num(c->t1_s),
                                                  "trials", jsonout_str(c->trials)));
        }
    return list;
}

/* The machine: host, CPU, affinity, frequency governor and turbo, kernel. */
static void add_machine(json_t *m)
{
    char buf[512];
    struct utsname u;
    uname(&u);
    json_object_set_new(m, "host", jsonout_str(u.nodename));
    cpu_model(buf, sizeof buf);
    json_object_set_new(m, "cpu_model", jsonout_str(buf));
    json_object_set_new(m, "cpus_online", json_integer(sysconf(_SC_NPROCESSORS_ONLN)));
    json_object_set_new(m, "cpus_in_affinity", json_integer(pin_cpu_count()));
    json_object_set_new(m, "affinity", jsonout_str(pin_mask_string(buf, sizeof buf) == 0 ? buf : "unknown"));
    read_line("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", buf, sizeof buf);
    json_object_set_new(m, "governor", jsonout_str(buf));
    read_line("/sys/devices/system/cpu/intel_pstate/no_turbo", buf, sizeof buf);
    if (strcmp(buf, "unknown") != 0) {
        snprintf(buf, sizeof buf, "%s", strcmp(buf, "0") == 0 ? "on" : "off");
    } else {
        read_line("/sys/devices/system/cpu/cpufreq/boost", buf, sizeof buf);
        if (strcmp(buf, "unknown") != 0)
            snprintf(buf, sizeof buf, "%s", strcmp(buf, "1") == 0 ? "on" : "off");
    }
    json_object_set_new(m, "turbo", jsonout_str(buf));
    snprintf(buf, sizeof buf, "%s %s %s", u.sysname, u.release, u.machine);
    json_object_set_new(m, "kernel", jsonout_str(buf));
}

#ifdef __clang__
#define COMPILER "clang " __clang_version__
#else
#define COMPILER "gcc " __VERSION__
#endif

/* The build and the study's own settings. */
static void add_settings(json_t *m, const struct study *st, int argc, char **argv)
{
    char buf[512];
    json_object_set_new(m, "compiler", jsonout_str(COMPILER));
    json_object_set_new(m, "cflags", jsonout_str(STUDY_CFLAGS_USED));
    command_line("git rev-parse HEAD 2>/dev/null", buf, sizeof buf);
    json_object_set_new(m, "git_commit", jsonout_str(buf));
    json_object_set_new(m, "preset", jsonout_str(st->o.preset->name));
    json_object_set_new(m, "seed", json_integer((json_int_t)st->o.seed));
    /* rounds: a cell's processes in the survey, and up to rounds_max */
    json_object_set_new(m, "rounds", json_integer(st->o.reps));
    json_object_set_new(m, "rounds_min", json_integer(st->o.reps));
    json_object_set_new(m, "rounds_max", json_integer(st->o.max_reps));
    json_object_set_new(m, "warmup", json_integer(st->o.warmup));
    json_object_set_new(m, "values_per_process", json_integer(st->o.values));
    json_object_set_new(m, "pin", jsonout_str(st->o.pin_cores ? "cores" : "none"));
    /* The C family's sizes, as older folders had them; every family's are
     * in "calibration". */
    json_object_set_new(m, "sumsq_n", json_integer((json_int_t)st->o.sizes[SIZE_C][WL_SUMSQ]));
    json_object_set_new(m, "nqueens_n", json_integer((json_int_t)st->o.sizes[SIZE_C][WL_NQUEENS]));
    json_t *cmd = json_array();
    for (int i = 0; i < argc; i++)
        json_array_append_new(cmd, jsonout_str(argv[i]));
    json_object_set_new(m, "command_line", cmd);
}

/* How run lengths, sizes and rounds were chosen, and how it went. */
static void add_rounds(json_t *m, const struct study *st)
{
    json_object_set_new(m, "min_run_time_s", jsonout_num(st->o.min_run_s));
    json_object_set_new(m, "ci_target", jsonout_num(st->o.ci_target));
    json_object_set_new(m, "ci_level", jsonout_num(CATALOG_CI_LEVEL));
    json_object_set_new(m, "budget_s", jsonout_num(st->o.budget_s));
    json_object_set_new(m, "calibration", calibration(st));
    json_object_set_new(m, "load_start", load(&st->load_start));
    json_object_set_new(m, "load_end", load(&st->load_end));
    json_object_set_new(m, "machine_busy", json_boolean(meta_machine_busy(st)));
    json_object_set_new(m, "cells", json_integer((json_int_t)st->ncells));
    /* runs: processes (child runs), each of values_per_process values */
    json_object_set_new(m, "runs", json_integer((json_int_t)(st->runs_done + st->runs_skipped)));
    json_object_set_new(m, "processes", json_integer((json_int_t)(st->runs_done + st->runs_skipped)));
    json_object_set_new(m, "rounds_run", json_integer(st->rounds_run));
    json_object_set_new(m, "cells_above_ci_target", json_integer((json_int_t)st->cells_short));
    json_object_set_new(m, "failed_runs", json_integer((json_int_t)(st->failures_before + st->failures)));
    /* The load watched through every process (loadmon.h). */
    json_object_set_new(m, "disturbed_processes", json_integer((json_int_t)st->disturbed));
    json_object_set_new(m, "other_cpus_max", jsonout_num(st->other_cpus_max));
    json_object_set_new(m, "steal_cpus_max", jsonout_num(st->steal_cpus_max));
    json_object_set_new(m, "busy_cpus_threshold", jsonout_num(CATALOG_BUSY_CPUS));
    json_object_set_new(m, "steal_cpus_threshold", jsonout_num(CATALOG_STEAL_CPUS));
    json_object_set_new(m, "disturbed_judged", json_boolean(!st->o.keep_disturbed));
}

/* The plan's parameters and what each phase spent (plan.h). */
static json_t *plan_json(const struct study *st)
{
    json_t *phases = json_object();
    for (int ph = 0; ph < PHASE_COUNT; ph++) {
        /* a checkpoint inside a phase counts its time so far */
        double t = st->phases[ph].time_s + (ph == (int)st->phase && st->phase_t0 > 0 ? timer_now_s() - st->phase_t0 : 0);
        json_object_set_new(phases, plan_phase_names[ph],
                            json_pack("{s:o, s:I}", "time_s", jsonout_num(t), "processes",
                                      (json_int_t)st->phases[ph].processes));
    }
    double spent = st->spent_before_s + (st->t_start > 0 ? timer_now_s() - st->t_start : 0);
    return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:o, s:o, s:o, s:o}", "values", (json_int_t)st->o.values,
                     "survey_min", (json_int_t)st->pp.survey_min, "max_processes", (json_int_t)st->pp.max_procs,
                     "replacements", (json_int_t)st->pp.replace,
                     "q_min", (json_int_t)st->pp.q_min, "q_max", (json_int_t)st->pp.q_max, "q_share",
                     jsonout_num(st->pp.q_share), "budget_s", jsonout_num(st->pp.budget_s), "time_spent_s",
                     jsonout_num(spent), "phase", jsonout_str(plan_phase_names[st->phase]), "phases", phases);
}

/* Each question of the table: skipped (why), or its state at the end
 * (question_answer's, as the analysis recomputes it from raw.csv). */
static json_t *questions_json(const struct study *st)
{
    json_t *list = json_array();
    for (size_t i = 0; i < QUESTIONS_COUNT; i++) {
        const struct plan_question *pq = &st->pq[i];
        char slug[64];
        question_slug(pq->q, slug, sizeof slug);
        json_t *o = json_pack("{s:s, s:s, s:b}", "id", slug, "group", question_group_names[pq->q->group], "asked",
                              pq->asked);
        if (!pq->asked) {
            json_object_set_new(o, "why", jsonout_str(pq->why));
            json_array_append_new(list, o);
            continue;
        }
        const struct question_answer *a = &pq->a;
        json_object_set_new(o, "num", jsonout_str(st->procs[pq->num].key));
        json_object_set_new(o, "den", jsonout_str(st->procs[pq->den].key));
        json_object_set_new(o, "at_claim", json_boolean(pq->at_claim));
        json_object_set_new(o, "answered", json_boolean(pq->answered));
        json_object_set_new(o, "estimate", jsonout_num(pq->answered ? a->ci.estimate : NAN));
        json_object_set_new(o, "lo", jsonout_num(pq->answered ? a->ci.lo : NAN));
        json_object_set_new(o, "hi", jsonout_num(pq->answered ? a->ci.hi : NAN));
        json_object_set_new(o, "level", jsonout_num(pq->answered ? a->ci.reached : NAN));
        json_object_set_new(o, "paired", json_boolean(pq->answered && a->paired));
        json_object_set_new(o, "pairs", json_integer((json_int_t)(pq->answered ? a->pairs : 0)));
        json_object_set_new(o, "units", json_integer((json_int_t)(pq->answered ? a->ci.units : 0)));
        json_object_set_new(o, "precision", jsonout_num(pq->answered ? a->precision : NAN));
        json_object_set_new(o, "target", jsonout_num(pq->q->target));
        json_object_set_new(o, "reached", json_boolean(pq->answered && a->reached));
        json_object_set_new(o, "runs_needed", json_integer((json_int_t)(pq->answered ? a->runs_needed : 0)));
        json_object_set_new(o, "verdict", jsonout_str(question_verdict_names[pq->answered ? a->verdict : QV_NONE]));
        json_array_append_new(list, o);
    }
    return list;
}

int meta_write(struct study *st, int argc, char **argv, const char *finished, struct err *e)
{
    st->meta_at = timer_now_s();
    json_t *m = json_object();
    json_object_set_new(m, "date", jsonout_str(st->started));
    json_object_set_new(m, "finished", jsonout_str(finished));
    add_machine(m);
    add_settings(m, st, argc, argv);
    if (st->mpirun_cells)
        json_object_set_new(m, "mpi", launch_meta(&st->launch));
    if (!st->interpreters_json)
        st->interpreters_json = interpreters(st); /* once: it runs each interpreter */
    json_object_set(m, "interpreters", st->interpreters_json);
    add_rounds(m, st);
    json_object_set_new(m, "plan", plan_json(st));
    json_object_set_new(m, "questions", questions_json(st));
    char path[PATH_MAX];
    text_clip(path, sizeof path, "%s/meta.json", st->dir);
    struct atomic_file a;
    int rc = -1;
    if (!m)
        rc = err_set(e, EXIT_RUN_FAILED, "out of memory for '%s'", path);
    else if (atomic_open(&a, path, e) == 0) {
        if (json_dumpf(m, a.f, JSONOUT_FLAGS) == 0 && fputc('\n', a.f) != EOF) {
            rc = atomic_commit(&a, e);
        } else {
            atomic_abort(&a);
            rc = err_set(e, EXIT_RUN_FAILED, "writing '%s' failed", path);
        }
    }
    json_decref(m);
    return rc;
}

void meta_free(struct study *st)
{
    json_decref(st->interpreters_json);
    st->interpreters_json = NULL;
}
