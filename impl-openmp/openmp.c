/* openmp.c - the OpenMP model: one parallel region with num_threads(T) per
 * run.  Static splits run each thread's share; the dynamic split is
 * `omp for schedule(dynamic, 1)` over the task pool, OpenMP's natural form
 * of the shared counter.  The workers' values are combined the way the
 * other models combine them: each thread fills its own padded slot, and the
 * harness adds the slots after the join.  That is the reduction; a
 * `reduction(+:total)` clause would hide the per-worker values and units
 * the harness verifies, and its combine step runs inside libgomp, where
 * TSan cannot see it (tsan.h).
 *
 * libgomp reads OMP_PLACES / OMP_PROC_BIND once, when it is loaded, and
 * pins the initial thread whenever either is set.  So this model alone sets
 * them (for --pin cores) or clears them (for --pin none) and re-executes
 * itself before any output is opened; the other models never link libgomp
 * and never see these settings. */
#define _GNU_SOURCE
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "models.h"
#include "pin.h"
#include "tsan.h"

/* Set in the re-executed process so that a runtime which still disagrees
 * is reported instead of re-executing forever. */
#define REEXEC_ENV "STUDY_OMP_REEXEC"
/* One place, "{cpu}", at most this long. */
#define PLACE_CHARS 16
/* A CPU list of a whole mask: up to CPU_SETSIZE entries of "NNNN,". */
#define PIN_MASK_CHARS (1024 * 6)

static const char *const affinity_vars[] = {"OMP_PLACES", "OMP_PROC_BIND", "GOMP_CPU_AFFINITY"};

static int env_differs(const char *name, const char *want)
{
    const char *have = getenv(name);
    if (!want)
        return have != NULL;
    return !have || strcmp(have, want) != 0;
}

static int omp_prepare(const struct config *cfg, char **argv, struct err *e)
{
    omp_set_dynamic(0); /* num_threads(T) means T, or the run fails */
    char *places = NULL;
    if (cfg->pin == PIN_CORES) {
        unsigned most = 0;
        for (size_t i = 0; i < cfg->nthreads; i++)
            if (cfg->threads[i] > most)
                most = cfg->threads[i];
        int *cpus = malloc(most * sizeof *cpus);
        places = malloc((size_t)most * PLACE_CHARS + 1);
        if (!cpus || !places) {
            free(cpus);
            free(places);
            return err_set(e, EXIT_RUN_FAILED, "out of memory");
        }
        if (pin_plan("/sys", most, cpus, e)) {
            free(cpus);
            free(places);
            return -1;
        }
        size_t k = 0;
        for (unsigned i = 0; i < most; i++)
            k += (size_t)snprintf(places + k, PLACE_CHARS, "%s{%d}", i ? "," : "", cpus[i]);
        free(cpus);
    }
    /* pin cores: thread i on place i ("close" from the initial thread's
     * place 0); pin none: no affinity at all, as for the other models. */
    const char *want[] = {places, places ? "close" : NULL, NULL};
    int differs = 0;
    for (size_t i = 0; i < sizeof affinity_vars / sizeof affinity_vars[0]; i++)
        differs |= env_differs(affinity_vars[i], want[i]);
    if (!differs) {
        free(places);
        return 0;
    }
    if (getenv(REEXEC_ENV)) {
        free(places);
        return err_set(e, EXIT_RUN_FAILED, "could not set OpenMP affinity for --pin %s",
                       cfg->pin == PIN_CORES ? "cores" : "none");
    }
    for (size_t i = 0; i < sizeof affinity_vars / sizeof affinity_vars[0]; i++) {
        if (want[i])
            setenv(affinity_vars[i], want[i], 1);
        else
            unsetenv(affinity_vars[i]);
    }
    free(places);
    char mask[PIN_MASK_CHARS];
    if (pin_mask_string(mask, sizeof mask) == 0)
        setenv(PIN_MASK_ENV, mask, 1);
    setenv(REEXEC_ENV, "1", 1);
    fflush(NULL);
    /* argv[0], not /proc/self/exe: under valgrind (or any wrapper that
     * loads us) /proc/self/exe is the wrapper's own binary. */
    if (strchr(argv[0], '/'))
        execv(argv[0], argv);
    else
        execvp(argv[0], argv);
    return err_set(e, EXIT_RUN_FAILED, "re-executing for OpenMP affinity failed");
}

/* One thread's part of the region.  Kept out of the region's outlined
 * function on purpose (noinline) so that the only code whose frame is that
 * outlined function is the compiler's read of the shared-variable block
 * libgomp hands over; tests/tsan.supp suppresses exactly that frame.  The
 * `omp for` here is an orphaned work-sharing construct: it binds to the
 * enclosing parallel region. */
static __attribute__((noinline)) void omp_worker(const struct job *j, struct worker_result *slots,
                                                 int T, int *got, int *token)
{
    TSAN_ACQUIRE(token);
    const int w = omp_get_thread_num();
    if (w == 0 && omp_get_num_threads() != T) {
#pragma omp atomic write
        *got = omp_get_num_threads();
    }
#pragma omp barrier /* all start together, as in the other models */
    struct worker_result *r = &slots[w];
    work_begin(j, (unsigned)w, r);
    if (j->split == SPLIT_DYNAMIC) {
#pragma omp for schedule(dynamic, 1) nowait
        for (uint64_t i = 0; i < j->pool_len; i++) {
            r->value += work_task(j, i);
            r->units++;
        }
    } else {
        work_static(j, (unsigned)w, r);
    }
    work_end(r);
    TSAN_RELEASE(token);
}

static int omp_run(void *state, const struct job *job, struct worker_result *slots,
                   struct child_usage *children, struct err *e)
{
    (void)state;
    (void)children;
    /* libgomp binds through OMP_PLACES; the shared worker code must not
     * pin again. */
    struct job unpinned = *job;
    unpinned.cpus = NULL;
    const int T = (int)job->threads;
    int got = T;
    int token; /* the TSan hand-off token, see tsan.h */

    TSAN_RELEASE(&token);
#pragma omp parallel num_threads(T)
    omp_worker(&unpinned, slots, T, &got, &token);
    TSAN_ACQUIRE(&token);

    int given;
#pragma omp atomic read
    given = got;
    if (given != T)
        return err_set(e, EXIT_RUN_FAILED, "OpenMP gave %d threads, not %d (OMP_THREAD_LIMIT?)", given, T);
    return 0;
}

const struct model model_openmp = {
    .name = "openmp",
    .prepare_process = omp_prepare,
    .run = omp_run,
};
