/* pin.h - which CPU each worker is pinned to under --pin cores. */
#ifndef STUDY_PIN_H
#define STUDY_PIN_H

#include <stddef.h>

#include "err.h"

/* The CPUs ("0,1,4") of the affinity mask the program was started with, for
 * a model that re-executes itself after its runtime narrowed the mask
 * (libgomp pins the initial thread when OMP_PLACES is set).  When set, it
 * stands for the mask in everything below. */
#define PIN_MASK_ENV "STUDY_START_CPUS"

/* Writes the start mask as a PIN_MASK_ENV list; -1 if it does not fit. */
int pin_mask_string(char *buf, size_t len);

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
