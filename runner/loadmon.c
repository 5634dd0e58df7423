/* loadmon.c - the load monitor (loadmon.h): /proc/stat read around every
 * process of the study, and the judgement of each window. */
#define _GNU_SOURCE
#include "loadmon.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "catalog.h"
#include "timer.h"

/* /proc/stat's "cpu" line: user nice system idle iowait irq softirq steal ... */
enum { F_USER, F_NICE, F_SYSTEM, F_IDLE, F_IOWAIT, F_IRQ, F_SOFTIRQ, F_STEAL, F_WANT };
#define STAT_FIELDS_MIN 7 /* before steal (Linux 2.6.11) */
#define PID_STAT_PGRP 5   /* /proc/<pid>/stat: the process group */
#define PID_STAT_UTIME 14 /* /proc/<pid>/stat: utime, stime, cutime, cstime are fields 14..17 */
#define PID_STAT_READ 4096

int loadmon_parse_stat(const char *text, struct loadmon_stat *s)
{
    const char *line = text;
    /* The first line that is the sum over the CPUs: "cpu" then blanks. */
    while (line && !(strncmp(line, "cpu", 3) == 0 && (line[3] == ' ' || line[3] == '\t'))) {
        line = strchr(line, '\n');
        line = line ? line + 1 : NULL;
    }
    if (!line)
        return -1;
    unsigned long long v[F_WANT] = {0};
    const char *p = line + 3;
    int n = 0;
    while (n < F_WANT) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p < '0' || *p > '9')
            break;
        char *end;
        v[n++] = strtoull(p, &end, 10);
        p = end;
    }
    if (n < STAT_FIELDS_MIN)
        return -1;
    s->busy = v[F_USER] + v[F_NICE] + v[F_SYSTEM] + v[F_IRQ] + v[F_SOFTIRQ];
    s->steal = n > F_STEAL ? v[F_STEAL] : 0;
    s->valid = true;
    return 0;
}

int loadmon_parse_pid_ticks(const char *text, unsigned long long *ticks, long *pgid)
{
    /* The command is in parentheses and may hold anything, ")" included:
     * the fields start after the last one. */
    const char *p = strrchr(text, ')');
    if (!p)
        return -1;
    p++;
    unsigned long long sum = 0;
    for (int field = 3; field <= PID_STAT_UTIME + 3; field++) {
        while (*p == ' ')
            p++;
        if (!*p)
            return -1;
        const char *end = p + strcspn(p, " \n");
        if (field == PID_STAT_PGRP && pgid) {
            char *stop;
            *pgid = strtol(p, &stop, 10);
            if (stop != end)
                return -1;
        }
        if (field >= PID_STAT_UTIME) {
            char *stop;
            unsigned long long v = strtoull(p, &stop, 10);
            if (stop != end || p == end)
                return -1;
            sum += v;
        }
        p = end;
    }
    *ticks = sum;
    return 0;
}

void loadmon_judge(const struct loadmon_stat *before, const struct loadmon_stat *after, double ours_cpu_s,
                   unsigned live, long hz, unsigned cpus, struct loadmon_judgement *out)
{
    *out = (struct loadmon_judgement){.other_cpus = NAN, .steal_cpus = NAN, .resolution = NAN};
    const double wall = after->t - before->t;
    if (!before->valid || !after->valid || !(wall > 0) || hz <= 0 || !cpus || after->busy < before->busy ||
        after->steal < before->steal || !isfinite(ours_cpu_s))
        return;
    const double busy_s = (double)(after->busy - before->busy) / (double)hz;
    out->other_cpus = (busy_s - ours_cpu_s) / wall;
    if (out->other_cpus < 0)
        out->other_cpus = 0; /* the ticks' rounding, or CPU time charged after the window */
    out->steal_cpus = (double)(after->steal - before->steal) / (double)hz / wall;
    out->resolution = (2.0 * cpus + live) / ((double)hz * wall);
    /* Too short a window for the ticks to say anything: no number, rather
     * than one of several CPUs made of one tick, and no judgement. */
    if (out->resolution >= LOADMON_RESOLUTION_MAX) {
        out->other_cpus = out->steal_cpus = NAN;
        return;
    }
    out->disturbed = out->other_cpus - out->resolution >= CATALOG_BUSY_CPUS ||
                     out->steal_cpus - out->resolution >= CATALOG_STEAL_CPUS;
}

static double self_cpu_s(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru))
        return NAN;
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 + (double)ru.ru_stime.tv_sec +
           (double)ru.ru_stime.tv_usec * 1e-6;
}

/* A small file read whole into buf (NUL-terminated); -1 when it cannot. */
static int read_small(const char *path, char *buf, size_t len)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    size_t n = fread(buf, 1, len - 1, f);
    buf[n] = '\0';
    fclose(f);
    return n ? 0 : -1;
}

void loadmon_read(struct loadmon_stat *s)
{
    *s = (struct loadmon_stat){.valid = false};
    /* The first line is all we need, and it comes first. */
    char buf[PID_STAT_READ];
    s->t = timer_now_s();
    if (read_small("/proc/stat", buf, sizeof buf) == 0 && loadmon_parse_stat(buf, s) == 0)
        s->valid = true;
    s->self_cpu_s = self_cpu_s();
}

/* child_hooks.started: the window opens. */
static void on_started(void *arg)
{
    struct loadmon_run *r = arg;
    loadmon_read(&r->start);
}

/* The CPU time so far of every process of group pgid but the children
 * pids[0..n-1] (counted already): what the model left running beside its
 * workers.  *live counts the processes read. */
static double group_cpu_s(const struct loadmon_run *r, pid_t pgid, const pid_t *pids, size_t n, unsigned *live)
{
    DIR *d = opendir("/proc");
    double s = 0;
    struct dirent *de;
    while (d && (de = readdir(d))) {
        char *end;
        long pid = strtol(de->d_name, &end, 10);
        if (*end || pid <= 0)
            continue;
        bool ours = false;
        for (size_t k = 0; k < n && !ours; k++)
            ours = pids[k] == pid;
        char path[64], buf[PID_STAT_READ];
        unsigned long long ticks;
        long group;
        snprintf(path, sizeof path, "/proc/%ld/stat", pid);
        if (ours || read_small(path, buf, sizeof buf) || loadmon_parse_pid_ticks(buf, &ticks, &group) ||
            group != (long)pgid)
            continue;
        s += (double)ticks / (double)r->hz;
        (*live)++;
    }
    if (d)
        closedir(d);
    return s;
}

/* child_hooks.reaped: child i's window closes.  Ours: its CPU, the
 * runner's since the start, the copies reaped before it (all of their
 * time lies in the window) and those still running (what /proc says they
 * have used so far). */
static void on_reaped(void *arg, size_t i, const pid_t *pids, const bool *reaped, const struct child_exit *x,
                      size_t n)
{
    struct loadmon_run *r = arg;
    struct loadmon_stat end;
    loadmon_read(&end);
    if (!r->j || i >= r->n)
        return;
    double ours = end.self_cpu_s - r->start.self_cpu_s;
    unsigned live = 0;
    for (size_t k = 0; k < n && isfinite(ours); k++) {
        if (reaped[k]) {
            ours += x[k].cpu_s;
            continue;
        }
        char path[64], buf[PID_STAT_READ];
        unsigned long long ticks;
        snprintf(path, sizeof path, "/proc/%ld/stat", (long)pids[k]);
        if (read_small(path, buf, sizeof buf) || loadmon_parse_pid_ticks(buf, &ticks, NULL))
            ours = NAN; /* cannot tell what it used: no judgement */
        else
            ours += (double)ticks / (double)r->hz, live++;
    }
    /* The run's group is led by its first child (child_run_n). */
    if (n && isfinite(ours))
        ours += group_cpu_s(r, pids[0], pids, n, &live);
    loadmon_judge(&r->start, &end, ours, live, r->hz, r->cpus, &r->j[i]);
}

void loadmon_run_init(struct loadmon_run *r, size_t n, struct child_hooks *hooks)
{
    *r = (struct loadmon_run){.n = n, .hz = sysconf(_SC_CLK_TCK)};
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    r->cpus = online > 0 ? (unsigned)online : 0;
    r->j = malloc((n ? n : 1) * sizeof *r->j);
    for (size_t i = 0; r->j && i < n; i++)
        r->j[i] = (struct loadmon_judgement){.other_cpus = NAN, .steal_cpus = NAN, .resolution = NAN};
    *hooks = (struct child_hooks){.started = on_started, .reaped = on_reaped, .arg = r};
}

void loadmon_run_free(struct loadmon_run *r)
{
    free(r->j);
    r->j = NULL;
}
