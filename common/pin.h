/* pin.h - which CPU each worker is pinned to under --pin cores. */
#ifndef STUDY_PIN_H
#define STUDY_PIN_H

#include "err.h"

/* Number of CPUs in the calling process's affinity mask (what `max` means
 * in a thread list); at least 1. */
unsigned pin_cpu_count(void);

/* Fills cpus[0 .. n-1] with the CPUs that workers 0 .. n-1 use under
 * --pin cores: distinct physical cores first (never two SMT siblings while
 * a core is free), on one socket while it has enough, then the other
 * sockets, then the siblings; past the mask's size it wraps around.
 * Topology comes from /sys (root: sysfs_root, normally "/sys"); a missing
 * file makes each CPU its own core on socket 0. */
int pin_plan(const char *sysfs_root, unsigned n, int *cpus, struct err *e);

/* Pins the calling thread (sched_setaffinity(0) acts on the caller on
 * Linux) to cpu.  Returns 0, or -1 when the kernel refused. */
int pin_self(int cpu);

#endif
