/* machine.h - what the rest of the machine did while the study ran, from
 * every process's own account (raw.csv's other_cpus, steal_cpus and
 * disturbed, one set per process), for the report: its section "The
 * machine during the study", the quiet-machine line, and the warning
 * before the numbers.  An older raw.csv has no such account: then these
 * say nothing (machine_known is 0) and the report falls back on meta.json's
 * load at the start and the end.
 *
 * The report never calls the machine quiet when a process was disturbed. */
#ifndef STUDY_MACHINE_H
#define STUDY_MACHINE_H

#include <stddef.h>
#include <stdio.h>

#include "analysis.h"

struct machine {
    size_t procs;                  /* processes with an account */
    size_t disturbed;              /* of them, disturbed: left out */
    size_t left_out;               /* their verified values, left out */
    double other_med, other_max;   /* CPUs' worth used by other processes, over the processes */
    double steal_med, steal_max;   /* steal, the same */
    size_t unjudged;               /* of them, too short for the clock's ticks to judge */
};

/* 1 when raw.csv gave each process's load. */
int machine_known(const struct analysis *a);

/* The account over every process, disturbed ones included (NAN where
 * nothing was recorded). */
void machine_of(const struct analysis *a, struct machine *m);

/* 1 busy (some process disturbed, or meta.json says busy), 0 quiet;
 * only when machine_known. */
int machine_busy_from_runs(const struct analysis *a);

/* The environment table's quiet-machine value, one line of Markdown. */
void machine_quiet_line(FILE *f, const struct analysis *a);

/* The warning before the numbers when some process was disturbed: 1 when
 * one was written. */
int machine_warn(FILE *f, const struct analysis *a);

/* The section "The machine during the study". */
void machine_section(FILE *f, const struct analysis *a);

#endif
