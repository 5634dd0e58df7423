/* pin.c - the CPUs of the affinity mask and each worker's under --pin cores (pin.h). */
#define _GNU_SOURCE
#include "pin.h"

#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

/* The mask the process was started with: PIN_MASK_ENV when a parent
 * passed it on (see pin.h), else the calling thread's own. */
static int start_mask(cpu_set_t *set)
{
    const char *list = getenv(PIN_MASK_ENV);
    if (!list || !*list)
        return sched_getaffinity(0, sizeof *set, set);
    CPU_ZERO(set);
    char *end;
    for (const char *p = list; *p; p = end) {
        long cpu = strtol(p, &end, 10);
        if (end == p || cpu < 0 || cpu >= CPU_SETSIZE || (*end && *end != ','))
            return sched_getaffinity(0, sizeof *set, set);
        CPU_SET((int)cpu, set);
        if (*end == ',')
            end++;
    }
    return CPU_COUNT(set) > 0 ? 0 : sched_getaffinity(0, sizeof *set, set);
}

int pin_mask_string(char *buf, size_t len)
{
    cpu_set_t set;
    if (start_mask(&set) != 0)
        return -1;
    size_t k = 0;
    buf[0] = '\0';
    for (int c = 0; c < CPU_SETSIZE; c++) {
        if (!CPU_ISSET(c, &set))
            continue;
        int n = snprintf(buf + k, len - k, "%s%d", k ? "," : "", c);
        if (n < 0 || (size_t)n >= len - k)
            return -1;
        k += (size_t)n;
    }
    return 0;
}

unsigned pin_cpu_count(void)
{
    cpu_set_t set;
    if (start_mask(&set) != 0)
        return 1;
    int n = CPU_COUNT(&set);
    return n > 0 ? (unsigned)n : 1;
}

int pin_self(int cpu)
{
    if (cpu < 0 || cpu >= CPU_SETSIZE)
        return -1;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return sched_setaffinity(0, sizeof set, &set) == 0 ? 0 : -1;
}

struct cpu_topo {
    int cpu, core, socket;
    int rank;   /* 0 for the first CPU of its core, 1 for the next sibling, ... */
};

/* Reads one integer from a sysfs file; fallback when it is missing. */
static int read_int(const char *root, int cpu, const char *leaf, int fallback)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/devices/system/cpu/cpu%d/topology/%s", root, cpu, leaf);
    FILE *f = fopen(path, "r");
    if (!f)
        return fallback;
    int v;
    int ok = fscanf(f, "%d", &v) == 1;
    fclose(f);
    return ok ? v : fallback;
}

/* qsort_r comparator; arg: cores per socket, indexed by socket id. */
static int topo_cmp(const void *pa, const void *pb, void *arg)
{
    const struct cpu_topo *a = pa, *b = pb;
    const int *socket_free = arg;
    if (a->rank != b->rank)
        return a->rank - b->rank; /* every core's first CPU before any sibling */
    if (a->socket != b->socket) {
        /* the socket with the most cores first, so small T stays on one */
        if (socket_free[a->socket] != socket_free[b->socket])
            return socket_free[b->socket] - socket_free[a->socket];
        return a->socket - b->socket;
    }
    return a->cpu - b->cpu;
}

int pin_plan(const char *sysfs_root, unsigned n, int *cpus, struct err *e)
{
    cpu_set_t set;
    if (start_mask(&set) != 0)
        return err_set(e, EXIT_RUN_FAILED, "cannot read the CPU affinity mask");
    struct cpu_topo *t = calloc(CPU_SETSIZE, sizeof *t);
    if (!t)
        return err_set(e, EXIT_RUN_FAILED, "out of memory");
    int count = 0;
    for (int c = 0; c < CPU_SETSIZE; c++) {
        if (!CPU_ISSET(c, &set))
            continue;
        int socket = read_int(sysfs_root, c, "physical_package_id", 0);
        if (socket < 0 || socket >= CPU_SETSIZE)
            socket = 0;
        t[count++] = (struct cpu_topo){.cpu = c,
                                       .core = read_int(sysfs_root, c, "core_id", c),
                                       .socket = socket};
    }
    /* rank each CPU among the CPUs of its (socket, core) in the mask */
    for (int i = 0; i < count; i++)
        for (int j = 0; j < i; j++)
            if (t[j].socket == t[i].socket && t[j].core == t[i].core)
                t[i].rank++;
    int *socket_free = calloc(CPU_SETSIZE, sizeof *socket_free);
    if (!socket_free) {
        free(t);
        return err_set(e, EXIT_RUN_FAILED, "out of memory");
    }
    for (int i = 0; i < count; i++)
        if (t[i].rank == 0)
            socket_free[t[i].socket]++;
    qsort_r(t, (size_t)count, sizeof *t, topo_cmp, socket_free);
    free(socket_free);
    for (unsigned i = 0; i < n; i++)
        cpus[i] = t[i % (unsigned)count].cpu;
    free(t);
    return 0;
}
