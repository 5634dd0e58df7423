/* cli.h - the command line shared by every model binary. */
#ifndef STUDY_CLI_H
#define STUDY_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "workload.h"

#define REPS_DEFAULT 5U
#define REPS_MAX 1000000U
#define WARMUP_DEFAULT 1U
#define THREAD_LIST_MAX 4096U /* entries in one -t LIST */

enum pin_mode { PIN_NONE, PIN_CORES };

/* The moment a launcher started mpirun, as CLOCK_REALTIME seconds (what
 * `date +%s.%N` prints), passed to bin/mpi in the environment: its
 * launch_s column is measured from it (empty when unset).  bin/study sets
 * it for every mpirun it starts. */
#define LAUNCH_EPOCH_ENV "STUDY_LAUNCH_EPOCH_S"

/* What a binary accepts beyond the common options.  The two Python
 * programs (impl-embedded-py: the embedded host, the direct driver) add
 * --mode, --allow-gil and --build-info, bin/mpi its own -t default; the
 * other native models pass NULL. */
struct cli_extra {
    const char *const *modes; /* NULL-terminated names for --mode */
    const char *mode_default;
    bool allow_gil;           /* accepts --allow-gil */
    /* -t when none is given; NULL: "1".  MPI's ranks are fixed by mpirun,
     * so bin/mpi gives its world size here. */
    const char *threads_default;
    /* NULL, or what --build-info prints: how the program was built
     * against its interpreter (tools/pyinfo.py's JSON). */
    const char *build_info;
};

/* A parsed command line.  threads is malloc'd: cli_free() releases it. */
struct config {
    enum workload_id workload;
    enum split_id split;
    uint64_t size;
    unsigned *threads;
    size_t nthreads;
    unsigned reps, warmup;
    const char *csv_path;      /* NULL: stdout */
    const char *timeline_path; /* NULL: none */
    const char *sample_path;   /* --sample-cpu: NULL, or the sampled run's CSV */
    bool quiet;
    enum pin_mode pin;
    const char *mode;          /* --mode, when the binary has modes */
    bool allow_gil;
    int fault_worker, fault_signal; /* --inject-fault W:SIG, for the tests */
};

/* Outcome of cli_parse: run, stop with success (help/version printed), or
 * fail with *e filled (code EXIT_USAGE). */
enum cli_status { CLI_RUN, CLI_EXIT, CLI_ERROR };

enum cli_status cli_parse(int argc, char **argv, const char *model_name,
                          const struct cli_extra *extra, struct config *cfg, struct err *e);
void cli_free(struct config *cfg);

/* "4", "1,2,4,8", "1-8", "max" (the CPUs in the affinity mask given as
 * max_cpus), and lists of those.  Each count in [1, THREADS_MAX].  On
 * success *out is malloc'd (caller frees). */
int cli_parse_threads(const char *s, unsigned max_cpus, unsigned **out, size_t *n, struct err *e);

/* A decimal in [lo, hi]: digits only, no sign, no spaces, no junk. */
int cli_parse_u64(const char *s, uint64_t lo, uint64_t hi, uint64_t *out);

/* Signal number from "KILL", "SIGKILL" or "9". */
int cli_parse_signal(const char *s, int *sig);

#endif
