/* loadmon.h - the load monitor: how much CPU time processes other than
 * ours, and the hypervisor (steal), took while each process of the study
 * ran, and whether that disturbed it (issue 16: a CPU-heavy job that ran
 * through most of a study went unseen by samples taken only at its start
 * and end).
 *
 * For each process (each child; each copy of a ceiling cell), /proc/stat's
 * first line is read just before it starts and just after it is reaped.
 * Over that window:
 *   busy  = the change of user + nice + system + irq + softirq, summed over
 *           the CPUs, in seconds (jiffies / CLK_TCK);
 *   ours  = the CPU time of our children in the window: the process's own
 *           (wait4's rusage, its waited-for descendants included), for a
 *           ceiling copy also that of the other copies up to its end (their
 *           rusage when reaped, /proc/<pid>/stat while they run), of every
 *           other process still in the run's process group (a
 *           multiprocessing forkserver or resource tracker, which the
 *           model does not wait for: the runner kills them when the run
 *           ends, so their time never reaches a rusage), and the runner's
 *           own (getrusage);
 *   other_cpus = (busy - ours) / wall, at least 0;
 *   steal_cpus = the change of steal, in seconds, / wall;
 *   resolution = (2 x CPUs + processes read from /proc/<pid>/stat) /
 *           (CLK_TCK x wall): what the tick counts' rounding (one tick per
 *           CPU at each end, one per /proc/<pid>/stat read) can add to
 *           either;
 *   disturbed  = other_cpus - resolution >= CATALOG_BUSY_CPUS or
 *           steal_cpus - resolution >= CATALOG_STEAL_CPUS (catalog.h).
 * So a process is called disturbed only when even the lowest value the
 * ticks allow is at the threshold: a 10 ms process (2 CPUs at 100 ticks a
 * second: resolution 4 CPUs) cannot be judged, and never is; a 0.5 s one
 * is judged to +-0.08 CPUs.  When the resolution is a whole CPU or more
 * (a window shorter than 2 x CPUs ticks: 40 ms on 2 CPUs) nothing is said:
 * other_cpus and steal_cpus are not given (NAN, empty in raw.csv), since
 * one tick in a few milliseconds would read as several CPUs, and the
 * process is not disturbed.
 *
 * The parsing and the arithmetic are pure functions, tested on fixture
 * text (tests/test_plan.c); loadmon_hooks plugs the reads into
 * child_run_n. */
#ifndef STUDY_LOADMON_H
#define STUDY_LOADMON_H

#include <stdbool.h>
#include <stddef.h>

#include "child.h"

/* The resolution (CPUs) from which a window is too short to judge. */
#define LOADMON_RESOLUTION_MAX 1.0

/* One read of /proc/stat's first line (the sum over every CPU). */
struct loadmon_stat {
    unsigned long long busy, steal; /* ticks: user + nice + system + irq + softirq; steal */
    double t;                       /* when read (timer_now_s) */
    double self_cpu_s;              /* the runner's own CPU time then */
    bool valid;
};

/* What one process's window says. */
struct loadmon_judgement {
    double other_cpus, steal_cpus, resolution; /* NAN when not measured */
    bool disturbed;
};

/* /proc/stat's text: its "cpu " line into *s (busy and steal; a kernel
 * without a steal field gives 0).  0, or -1 when there is no such line or
 * it has fewer than 7 numbers. */
int loadmon_parse_stat(const char *text, struct loadmon_stat *s);
/* /proc/<pid>/stat's text: utime + stime + cutime + cstime in ticks (the
 * fields after the command's closing parenthesis, which may hold spaces),
 * and its process group into *pgid (may be NULL).  0, or -1 when it
 * cannot be read so. */
int loadmon_parse_pid_ticks(const char *text, unsigned long long *ticks, long *pgid);
/* The judgement of a window from before to after, in which our processes
 * used ours_cpu_s of CPU, on a machine of `cpus` CPUs counting `hz` ticks a
 * second, with `live` ceiling copies read from /proc/<pid>/stat at its end.
 * All NAN (and not disturbed) when either read is not valid, the window
 * is empty or hz or cpus is 0. */
void loadmon_judge(const struct loadmon_stat *before, const struct loadmon_stat *after, double ours_cpu_s,
                   unsigned live, long hz, unsigned cpus, struct loadmon_judgement *out);

/* ---- the reads, around child_run_n ----------------------------------------- */

/* What the hooks gather for n children run at once. */
struct loadmon_run {
    size_t n;
    struct loadmon_stat start;
    struct loadmon_judgement *j; /* [n]: each child's, filled at its reap */
    long hz;
    unsigned cpus;               /* CPUs online: /proc/stat sums over them all */
};

/* Ready for n children (j[] allocated, NULL when out of memory: the
 * judgements are then left out, the runs still go on), with *hooks set to
 * the reads; loadmon_run_free releases it. */
void loadmon_run_init(struct loadmon_run *r, size_t n, struct child_hooks *hooks);
void loadmon_run_free(struct loadmon_run *r);
/* Reads /proc/stat now (and the runner's own CPU); valid false when it
 * cannot. */
void loadmon_read(struct loadmon_stat *s);

#endif
