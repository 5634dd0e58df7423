/* machine.c - the machine during the study, from every process's account
 * (machine.h). */
#include "machine.h"

#include <math.h>
#include <stdlib.h>

#include "meta.h"
#include "stats.h"

int machine_known(const struct analysis *a)
{
    return a->ds.has_load && a->ds.nloads > 0;
}

/* The median and the maximum of the finite values of field over the
 * processes. */
static void med_max(const struct dataset *d, int steal, double *med, double *max)
{
    double *v = malloc((d->nloads + 1) * sizeof *v);
    size_t n = 0;
    *med = *max = NAN;
    if (!v)
        return;
    for (size_t i = 0; i < d->nloads; i++) {
        double x = steal ? d->loads[i].steal_cpus : d->loads[i].other_cpus;
        if (isfinite(x))
            v[n++] = x;
    }
    if (n) {
        stats_sort(v, n);
        *med = stats_quantile(v, n, 0.5);
        *max = v[n - 1];
    }
    free(v);
}

void machine_of(const struct analysis *a, struct machine *m)
{
    const struct dataset *d = &a->ds;
    *m = (struct machine){d->nloads, d->disturbed, d->nleft_out, NAN, NAN, NAN, NAN, 0};
    for (size_t i = 0; i < d->nloads; i++)
        m->unjudged += !isfinite(d->loads[i].other_cpus);
    med_max(d, 0, &m->other_med, &m->other_max);
    med_max(d, 1, &m->steal_med, &m->steal_max);
}

int machine_busy_from_runs(const struct analysis *a)
{
    return a->ds.disturbed > 0 || meta_bool(a->meta, "machine_busy") == 1;
}

/* "median 0.02, at most 0.31 CPUs" */
static void put_med_max(FILE *f, double med, double max)
{
    if (!isfinite(med)) {
        fputs("not recorded", f);
        return;
    }
    fprintf(f, "median %.2f, at most %.2f CPUs", med, max);
}

/* What counts as disturbed, in words. */
static void put_thresholds(FILE *f)
{
    fprintf(f, "other processes using %.2g CPUs or more", CATALOG_BUSY_CPUS);
#ifdef CATALOG_STEAL_CPUS
    fprintf(f, ", or steal of %.2g CPUs or more", (double)CATALOG_STEAL_CPUS);
#else
    fputs(", or too much steal time", f);
#endif
}

void machine_quiet_line(FILE *f, const struct analysis *a)
{
    struct machine m;
    machine_of(a, &m);
    if (m.disturbed)
        fprintf(f, "**busy**: %zu of %zu processes disturbed (", m.disturbed, m.procs);
    else if (machine_busy_from_runs(a))
        fprintf(f, "**busy** by the runner's account (no process disturbed; ");
    else
        fprintf(f, "quiet: none of %zu processes disturbed (", m.procs);
    /* a process shorter than the clock's ticks can resolve is not judged:
     * "none disturbed" says nothing of it */
    if (m.unjudged)
        fprintf(f, "%zu too short to judge; ", m.unjudged);
    fputs("other processes: ", f);
    put_med_max(f, m.other_med, m.other_max);
    fputs(" over the processes)", f);
}

int machine_warn(FILE *f, const struct analysis *a)
{
    struct machine m;
    machine_of(a, &m);
    if (!machine_busy_from_runs(a))
        return 0;
    if (!m.disturbed) {
        fprintf(f, "- **The machine was busy** by the runner's account, though no process was disturbed "
                   "beyond the thresholds: see *The machine during the study*.\n");
        return 1;
    }
    fprintf(f, "- **The machine was busy during %zu of %zu processes** (", m.disturbed, m.procs);
    put_thresholds(f);
    fputs("; other processes used ", f);
    put_med_max(f, m.other_med, m.other_max);
    fprintf(f, "). Their %zu values are left out of every statistic; the rest may still be slowed "
               "by load below the thresholds. See *The machine during the study*.\n",
            m.left_out);
    return 1;
}

void machine_section(FILE *f, const struct analysis *a)
{
    fprintf(f, "## The machine during the study\n\n");
    if (!machine_known(a)) {
        fprintf(f, "This study recorded the load of the machine only at its start and end (an older results "
                   "folder): whether other processes competed for the CPUs between is not known.\n\n");
        return;
    }
    struct machine m;
    machine_of(a, &m);
    fprintf(f, "For every process it started, the runner recorded what the rest of the machine did meanwhile: "
               "the CPUs' worth of busy time of every other process (the machine's busy time over the "
               "process's life less the CPU time of the study's own children, over its wall time) and of "
               "steal time (time the hypervisor gave another guest). A process is *disturbed* with ");
    put_thresholds(f);
    fprintf(f, "; its values are left out of every statistic and the runner ran a replacement where its "
               "budget allowed.\n\n"
               "| | over the %zu processes |\n|---|---|\n| other processes | ",
            m.procs);
    put_med_max(f, m.other_med, m.other_max);
    fputs(" |\n| steal | ", f);
    put_med_max(f, m.steal_med, m.steal_max);
    fprintf(f, " |\n| disturbed, left out | %zu process%s (%zu value%s) |\n\n", m.disturbed,
            m.disturbed == 1 ? "" : "es", m.left_out, m.left_out == 1 ? "" : "s");
    if (m.disturbed)
        fprintf(f, "The machine was **not quiet**: %zu process%s disturbed.\n\n", m.disturbed,
                m.disturbed == 1 ? " was" : "es were");
    else if (machine_busy_from_runs(a))
        fprintf(f, "No process was disturbed, but the runner judged the machine busy (meta.json's "
                   "`machine_busy`).\n\n");
    else
        fprintf(f, "No process was disturbed: the machine was quiet by this account.\n\n");
}
