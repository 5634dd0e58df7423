/* launch.h - how bin/study starts a model binary: as it is, or through
 * mpirun (the launcher column of MODE_TABLE in catalog.h), and what meta.json
 * records of the MPI side: mpirun, the hostfile, each host's CPU count and
 * addresses, and the Open MPI settings that choose the network. */
#ifndef STUDY_LAUNCH_H
#define STUDY_LAUNCH_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "err.h"
#include "matrix.h"

#define LAUNCH_WORDS_MAX 24   /* words a launcher puts before the binary */
#define LAUNCH_HOSTS_MAX 256  /* hosts in one hostfile */
#define LAUNCH_FIELD_MAX 256

/* A hostfile line ("node1 slots=4"), and what the probe found on a host. */
struct launch_host {
    char name[LAUNCH_FIELD_MAX];
    unsigned slots;          /* 0: not given */
};
struct launch_seen {
    char hostname[LAUNCH_FIELD_MAX], netns[LAUNCH_FIELD_MAX], addresses[LAUNCH_FIELD_MAX];
    long cpus_online;
};

struct launch {
    char mpirun[PATH_MAX];   /* found in PATH, or "" */
    char version[128];       /* first line of `mpirun --version`, or "unknown" */
    bool as_root;            /* euid 0: mpirun gets --allow-run-as-root */
    char hostfile[PATH_MAX]; /* --hosts FILE made absolute, or "": this host only */
    struct launch_host hosts[LAUNCH_HOSTS_MAX];
    size_t nhosts;
    struct launch_seen seen[LAUNCH_HOSTS_MAX];
    size_t nseen;
};

/* Finds mpirun and reads the hostfile (NULL or "": none).  A hostfile that
 * cannot be read or has a bad line fails with EXIT_USAGE, naming the
 * line.  A missing mpirun is not an error here: the mpi cells are then
 * "missing", as an unbuilt binary is. */
int launch_init(struct launch *l, const char *hostfile, struct err *e);

/* Puts the launcher's words for T workers before a model's arguments:
 * nothing for LAUNCH_DIRECT; for LAUNCH_MPIRUN, mpirun and its options
 * ending in -np T.  np must outlive argv.  Returns the number of words. */
size_t launch_words(const struct launch *l, enum launcher how, const char *np, const char **argv);

/* Just before starting a run: the launcher's start time in the
 * environment (LAUNCH_EPOCH_ENV), which mpirun passes on to the ranks. */
void launch_stamp(void);

/* The probe of a hostfile: mpirun starting one shell per host, which
 * prints its host name, CPU count, network namespace and addresses.
 * argv gets the command (NULL-terminated, at most LAUNCH_WORDS_MAX + 8
 * words); launch_seen_parse reads what it printed, and fails with
 * EXIT_USAGE when it does not name every host of the hostfile. */
void launch_probe_argv(const struct launch *l, const char **argv);
int launch_seen_parse(struct launch *l, const char *out, struct err *e);

/* What went wrong, from mpirun's stderr: its first lines that say
 * something (the launch agent's error comes before mpirun's framed
 * explanation), joined with "; ". */
void launch_reason(const char *err, char *out, size_t len);

/* meta.json's "mpi" object: mpirun and its version, root or not, the
 * hostfile and its hosts, each host as the probe saw it, and Open MPI's
 * OMPI_MCA_* settings.  The caller owns the reference. */
json_t *launch_meta(const struct launch *l);

#endif
