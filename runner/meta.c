/* meta.c - meta.json: what a reader needs to judge the numbers (the
 * machine, the build, the interpreters, how sizes and rounds were chosen,
 * and how busy the machine was), written atomically (a temporary file,
 * then rename) at the start and the end of a study. */
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

#include "pin.h"
#include "study.h"
#include "text.h"

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

bool meta_machine_busy(const struct study *st)
{
    return (st->load_start.valid && st->load_start.busy_cpus >= CATALOG_BUSY_CPUS) ||
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

static void json_num(FILE *f, double v)
{
    if (isnan(v) || isinf(v))
        fputs("null", f);
    else
        fprintf(f, "%.6g", v);
}

static void json_str(FILE *f, const char *s);

static void write_load(FILE *f, const char *key, const struct load_sample *ls)
{
    fprintf(f, ",\n  \"%s\": ", key);
    if (!ls->valid) {
        fputs("null", f);
        return;
    }
    fputs("{\"loadavg1\": ", f);
    json_num(f, ls->loadavg1);
    fputs(", \"loadavg5\": ", f);
    json_num(f, ls->loadavg5);
    fputs(", \"busy_cpus\": ", f);
    json_num(f, ls->busy_cpus);
    fputs("}", f);
}

/* How run lengths, sizes and rounds were chosen. */
static void write_run_length(FILE *f, const struct study *st)
{
    fputs("  \"min_run_time_s\": ", f);
    json_num(f, st->o.min_run_s);
    fputs(",\n  \"ci_target\": ", f);
    json_num(f, st->o.ci_target);
    fputs(",\n  \"ci_level\": ", f);
    json_num(f, CATALOG_CI_LEVEL);
    fputs(",\n  \"budget_s\": ", f);
    json_num(f, st->o.budget_s);
    fputs(",\n  \"calibration\": [", f);
    int first = 1;
    for (int fam = 0; fam < SIZE_COUNT; fam++)
        for (int wl = 0; wl < WL_COUNT; wl++) {
            const struct calib *c = &st->calib[fam][wl];
            if (!c->how[0] || strcmp(c->how, "unused") == 0)
                continue;
            fprintf(f, "%s\n    {\"family\": ", first ? "" : ",");
            json_str(f, size_family_names[fam]);
            fputs(", \"workload\": ", f);
            json_str(f, workload_descs[wl].name);
            fprintf(f, ", \"size\": %" PRIu64 ", \"how\": ", st->o.sizes[fam][wl]);
            json_str(f, c->how);
            fputs(", \"reference\": ", f);
            json_str(f, c->reference);
            fputs(", \"target_s\": ", f);
            json_num(f, st->o.min_run_s);
            fputs(", \"t1_s\": ", f);
            json_num(f, c->t1_s);
            fputs(", \"trials\": ", f);
            json_str(f, c->trials);
            fputs("}", f);
            first = 0;
        }
    fputs(first ? "]" : "\n  ]", f);
}

/* On resume: the date the study first began, from its meta.json. */
void meta_keep_start_date(struct study *st)
{
    char path[PATH_MAX], buf[4096];
    text_clip(path, sizeof path, "%s/meta.json", st->dir);
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    const char *p = strstr(buf, "\"date\": \"");
    if (p) {
        p += strlen("\"date\": \"");
        size_t len = strcspn(p, "\"");
        if (len < sizeof st->started)
            text_clip(st->started, sizeof st->started, "%.*s", (int)len, p);
    }
}

static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
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

int meta_write(const struct study *st, int argc, char **argv, const char *finished, struct err *e)
{
    char path[PATH_MAX], tmp[PATH_MAX], buf[512], py[4096];
    text_clip(path, sizeof path, "%s/meta.json", st->dir);
    text_clip(tmp, sizeof tmp, "%s/.meta.json.part", st->dir);
    FILE *f = fopen(tmp, "w");
    if (!f)
        return err_set(e, EXIT_RUN_FAILED, "cannot write '%s': %s", tmp, strerror(errno));
    struct utsname u;
    uname(&u);
    fprintf(f, "{\n  \"date\": ");
    json_str(f, st->started);
    fprintf(f, ",\n  \"finished\": ");
    finished ? json_str(f, finished) : (void)fputs("null", f);
    fprintf(f, ",\n  \"host\": ");
    json_str(f, u.nodename);
    cpu_model(buf, sizeof buf);
    fprintf(f, ",\n  \"cpu_model\": ");
    json_str(f, buf);
    fprintf(f, ",\n  \"cpus_online\": %ld,\n  \"cpus_in_affinity\": %u,\n  \"affinity\": ",
            sysconf(_SC_NPROCESSORS_ONLN), pin_cpu_count());
    pin_mask_string(buf, sizeof buf) == 0 ? json_str(f, buf) : json_str(f, "unknown");
    read_line("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", buf, sizeof buf);
    fprintf(f, ",\n  \"governor\": ");
    json_str(f, buf);
    read_line("/sys/devices/system/cpu/intel_pstate/no_turbo", buf, sizeof buf);
    if (strcmp(buf, "unknown") != 0)
        snprintf(buf, sizeof buf, "%s", strcmp(buf, "0") == 0 ? "on" : "off");
    else {
        read_line("/sys/devices/system/cpu/cpufreq/boost", buf, sizeof buf);
        if (strcmp(buf, "unknown") != 0)
            snprintf(buf, sizeof buf, "%s", strcmp(buf, "1") == 0 ? "on" : "off");
    }
    fprintf(f, ",\n  \"turbo\": ");
    json_str(f, buf);
    snprintf(buf, sizeof buf, "%s %s %s", u.sysname, u.release, u.machine);
    fprintf(f, ",\n  \"kernel\": ");
    json_str(f, buf);
#ifdef __clang__
    fprintf(f, ",\n  \"compiler\": ");
    json_str(f, "clang " __clang_version__);
#else
    fprintf(f, ",\n  \"compiler\": ");
    json_str(f, "gcc " __VERSION__);
#endif
    fprintf(f, ",\n  \"cflags\": ");
    json_str(f, STUDY_CFLAGS_USED);
    command_line("git rev-parse HEAD 2>/dev/null", buf, sizeof buf);
    fprintf(f, ",\n  \"git_commit\": ");
    json_str(f, buf);
    fprintf(f, ",\n  \"preset\": ");
    json_str(f, st->o.preset->name);
    fprintf(f, ",\n  \"seed\": %" PRIu64 ",\n  \"rounds\": %u,\n  \"rounds_min\": %u,\n  \"rounds_max\": %u,"
               "\n  \"warmup\": %u,\n  \"pin\": ",
            st->o.seed, st->o.reps, st->o.reps, st->o.max_reps, st->o.warmup);
    json_str(f, st->o.pin_cores ? "cores" : "none");
    /* The C family's sizes, as older folders had them; every family's are
     * in "calibration". */
    fprintf(f, ",\n  \"sumsq_n\": %" PRIu64 ",\n  \"nqueens_n\": %" PRIu64 ",\n  \"command_line\": [",
            st->o.sizes[SIZE_C][WL_SUMSQ], st->o.sizes[SIZE_C][WL_NQUEENS]);
    for (int i = 0; i < argc; i++) {
        fputs(i ? ", " : "", f);
        json_str(f, argv[i]);
    }
    fputc(']', f);
    if (st->mpirun_cells) {
        fputs(",\n  \"mpi\": ", f);
        launch_meta(f, &st->launch, json_str);
    }
    fprintf(f, ",\n  \"interpreters\": {");
    /* Each interpreter as the embedded hosts were built against it (a tag
     * that runs another's binary, 3.14t-gil, is no interpreter of its own),
     * with multiprocessing's default start method there. */
    int first = 1;
    for (int fam = FAM_PY_FIRST; fam < FAM_OTHER; fam++) {
        const char *tag = catalog_families[fam].tag;
        if ((int)catalog_families[fam].runs != fam)
            continue;
        char cmd[PATH_MAX + 320];
        text_clip(cmd, sizeof cmd,
                 "'%s/%s' -c \"import sys,sysconfig,json; print(json.dumps({'version': "
                 "'%%d.%%d.%%d%%s' %% (sys.version_info[:3] + (sys.abiflags,)), 'executable': sys.executable, "
                 "'configure_flags': sysconfig.get_config_var('CONFIG_ARGS'), 'free_threaded_build': "
                 "bool(sysconfig.get_config_var('Py_GIL_DISABLED')), 'gil_enabled_at_start': "
                 "getattr(sys, '_is_gil_enabled', lambda: True)(), 'mp_default_start_method': "
                 "__import__('multiprocessing').get_start_method()}))\" 2>/dev/null",
                 pythons_dir(), tag);
        command_line(cmd, py, sizeof py);
        if (py[0] != '{' || py[strlen(py) - 1] != '}')
            continue;
        fprintf(f, "%s\n    ", first ? "" : ",");
        json_str(f, tag);
        fprintf(f, ": %s", py);
        first = 0;
    }
    fprintf(f, "%s},\n", first ? "" : "\n  ");
    write_run_length(f, st);
    write_load(f, "load_start", &st->load_start);
    write_load(f, "load_end", &st->load_end);
    fprintf(f, ",\n  \"machine_busy\": %s", meta_machine_busy(st) ? "true" : "false");
    fprintf(f, ",\n  \"cells\": %zu,\n  \"runs\": %zu,\n  \"rounds_run\": %u,\n  \"cells_above_ci_target\": %zu,"
               "\n  \"failed_runs\": %zu\n}\n",
            st->ncells, st->runs_done + st->runs_skipped, st->rounds_run, st->cells_short,
            st->failures_before + st->failures);
    if (fclose(f) != 0 || rename(tmp, path) != 0)
        return err_set(e, EXIT_RUN_FAILED, "writing '%s': %s", path, strerror(errno));
    return 0;
}

