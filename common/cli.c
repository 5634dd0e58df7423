/* cli.c - the command line every model binary shares (cli.h): one option
 * table that getopt_long's tables and --help are generated from, and the
 * parsers of numbers, signals and thread lists. */
#define _GNU_SOURCE
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "job.h"
#include "pin.h"

#ifndef STUDY_VERSION
#define STUDY_VERSION "0.0.0"
#endif

int cli_parse_u64(const char *s, uint64_t lo, uint64_t hi, uint64_t *out)
{
    if (!s || *s < '0' || *s > '9') /* rejects "", "-1", "+1", " 1" */
        return -1;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno == ERANGE || *end != '\0' || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

int cli_parse_signal(const char *s, int *sig)
{
    uint64_t v;
    if (cli_parse_u64(s, 0, 64, &v) == 0) {
        *sig = (int)v;
        return 0;
    }
    if (strncasecmp(s, "SIG", 3) == 0)
        s += 3;
    for (int i = 1; i < 65; i++) {
        const char *name = sigabbrev_np(i);
        if (name && strcasecmp(name, s) == 0) {
            *sig = i;
            return 0;
        }
    }
    return -1;
}

/* One item of a thread list: "max", "N" or "A-B"; appends to out. */
static int add_item(const char *item, unsigned max_cpus, unsigned *out, size_t *n, struct err *e)
{
    uint64_t a, b;
    const char *dash = strchr(item, '-');
    if (strcmp(item, "max") == 0) {
        a = b = max_cpus;
    } else if (dash) {
        char lo[32];
        size_t len = (size_t)(dash - item);
        if (len == 0 || len >= sizeof lo)
            return err_set(e, EXIT_USAGE, "bad thread range '%s' (want A-B)", item);
        memcpy(lo, item, len);
        lo[len] = '\0';
        if (cli_parse_u64(lo, 1, THREADS_MAX, &a) || cli_parse_u64(dash + 1, 1, THREADS_MAX, &b))
            return err_set(e, EXIT_USAGE, "bad thread range '%s': each end is 1..%u", item, THREADS_MAX);
        if (a > b)
            return err_set(e, EXIT_USAGE, "bad thread range '%s': start after end", item);
    } else if (cli_parse_u64(item, 1, THREADS_MAX, &a) == 0) {
        b = a;
    } else {
        return err_set(e, EXIT_USAGE, "bad thread count '%s': want 1..%u, A-B or max", item, THREADS_MAX);
    }
    for (uint64_t t = a; t <= b; t++) {
        if (*n >= THREAD_LIST_MAX)
            return err_set(e, EXIT_USAGE, "thread list longer than %u entries", THREAD_LIST_MAX);
        out[(*n)++] = (unsigned)t;
    }
    return 0;
}

int cli_parse_threads(const char *s, unsigned max_cpus, unsigned **out, size_t *n, struct err *e)
{
    if (!s || !*s)
        return err_set(e, EXIT_USAGE, "empty thread list");
    char *copy = strdup(s);
    unsigned *list = malloc(THREAD_LIST_MAX * sizeof *list);
    if (!copy || !list) {
        free(copy);
        free(list);
        return err_set(e, EXIT_RUN_FAILED, "out of memory");
    }
    size_t count = 0;
    int rc = 0;
    /* strsep, not strtok: "1,,2" and a trailing comma are errors, not
     * silently skipped. */
    char *rest = copy, *item;
    while (rc == 0 && (item = strsep(&rest, ",")) != NULL) {
        if (!*item)
            rc = err_set(e, EXIT_USAGE, "bad thread list '%s': empty item", s);
        else
            rc = add_item(item, max_cpus, list, &count, e);
    }
    free(copy);
    if (rc) {
        free(list);
        return rc;
    }
    *out = list;
    *n = count;
    return 0;
}

/* The option table: long name, short letter, argument, help.  getopt's
 * tables and the --help text are both generated from it. */
enum {
    OPT_WARMUP = 256, OPT_TIMELINE, OPT_SAMPLE, OPT_PIN, OPT_MODE, OPT_ALLOW_GIL, OPT_INJECT, OPT_BUILD_INFO
};

#define OPTION_TABLE(X)                                                                     \
    X("workload", 'w', 1, "NAME", "sumsq | nqueens (default sumsq)")                        \
    X("size", 'n', 1, "N", "problem size: sumsq 1..10^10 (default 40000000), nqueens 1..20 (default 14)") \
    X("threads", 't', 1, "LIST", "worker counts: 4, 1,2,4,8, 1-8, max (default 1)")        \
    X("split", 's', 1, "NAME", "sumsq: weak | strong; nqueens: rr | dynamic")               \
    X("reps", 'r', 1, "R", "timed repetitions per thread count (default 5)")                \
    X("warmup", OPT_WARMUP, 1, "W", "untimed runs first (default 1)")                       \
    X("csv", 'o', 1, "FILE", "CSV output, appended when the header matches (default stdout)") \
    X("timeline", OPT_TIMELINE, 1, "FILE", "one CSV row per worker per run")                \
    X("sample-cpu", OPT_SAMPLE, 1, "FILE", "one more, untimed run per T: every worker's CPU time each 1 ms, to FILE") \
    X("pin", OPT_PIN, 1, "MODE", "none | cores: worker i on its own physical core")         \
    X("mode", OPT_MODE, 1, "NAME", "how Python runs the workers (Python programs only)")    \
    X("allow-gil", OPT_ALLOW_GIL, 0, NULL, "accept a free-threaded run with the GIL on (Python programs only)") \
    X("build-info", OPT_BUILD_INFO, 0, NULL, "print how this program was built against its interpreter (JSON)") \
    X("inject-fault", OPT_INJECT, 1, "W:SIG", "testing: worker W raises SIG (0: exits 3) first") \
    X("quiet", 'q', 0, NULL, "no configuration or progress on stderr")                      \
    X("help", 'h', 0, NULL, "this help")                                                    \
    X("version", 'V', 0, NULL, "print the version")

struct option_doc {
    const char *name;
    int val;
    const char *arg, *help;
};

#define OPT_LONG(name, val, has_arg, argname, help) {name, has_arg, NULL, val},
static const struct option long_options[] = {OPTION_TABLE(OPT_LONG){NULL, 0, NULL, 0}};
#undef OPT_LONG
#define OPT_DOC(name, val, has_arg, argname, help) {name, val, argname, help},
static const struct option_doc option_docs[] = {OPTION_TABLE(OPT_DOC)};
#undef OPT_DOC

/* Whether this binary takes the option: --mode, --allow-gil and
 * --build-info are the Python programs' (their cli_extra says which), the
 * rest every binary's.  The help and the parser both ask here. */
static bool option_offered(int val, const struct cli_extra *extra)
{
    if (val == OPT_MODE)
        return extra && extra->modes;
    if (val == OPT_ALLOW_GIL)
        return extra && extra->allow_gil;
    if (val == OPT_BUILD_INFO)
        return extra && extra->build_info;
    return true;
}

static const char *option_name(int val)
{
    for (size_t i = 0; i < sizeof option_docs / sizeof option_docs[0]; i++)
        if (option_docs[i].val == val)
            return option_docs[i].name;
    return "?";
}

static void print_help(const char *model, const struct cli_extra *extra)
{
    printf("usage: %s [options]\n\nRuns one CPU-bound workload with the %s model over a list of "
           "worker counts, and writes one CSV row per timed repetition.\n\n",
           model, model);
    for (size_t i = 0; i < sizeof option_docs / sizeof option_docs[0]; i++) {
        const struct option_doc *d = &option_docs[i];
        if (!option_offered(d->val, extra))
            continue;
        char left[48];
        if (d->val < OPT_WARMUP)
            snprintf(left, sizeof left, "-%c, --%s%s%s", d->val, d->name, d->arg ? " " : "",
                     d->arg ? d->arg : "");
        else
            snprintf(left, sizeof left, "    --%s%s%s", d->name, d->arg ? " " : "", d->arg ? d->arg : "");
        printf("  %-28s %s\n", left, d->help);
    }
    if (extra && extra->modes) {
        printf("\nmodes:");
        for (const char *const *m = extra->modes; *m; m++)
            printf(" %s", *m);
        printf(" (default %s)\n", extra->mode_default);
    }
    printf("\nsplits:\n");
    for (size_t i = 0; i < SPLIT_COUNT; i++)
        printf("  %-8s %-8s %s\n", workload_descs[split_descs[i].workload].name, split_descs[i].name,
               split_descs[i].help);
    printf("\nExit status: 0 all runs verified, 1 a run failed or was wrong, 2 bad input.\n");
}

static const char *short_options(void)
{
    static char buf[64];
    size_t k = 0;
    buf[k++] = ':'; /* report a missing argument as ':' */
    for (size_t i = 0; i < sizeof option_docs / sizeof option_docs[0]; i++) {
        if (option_docs[i].val >= OPT_WARMUP)
            continue;
        buf[k++] = (char)option_docs[i].val;
        if (option_docs[i].arg)
            buf[k++] = ':';
    }
    buf[k] = '\0';
    return buf;
}

static int parse_fault(const char *s, struct config *cfg, struct err *e)
{
    const char *colon = strchr(s, ':');
    char w[16];
    uint64_t worker;
    size_t len = colon ? (size_t)(colon - s) : 0;
    if (!colon || len == 0 || len >= sizeof w)
        return err_set(e, EXIT_USAGE, "bad --inject-fault '%s' (want W:SIG)", s);
    memcpy(w, s, len);
    w[len] = '\0';
    if (cli_parse_u64(w, 0, THREADS_MAX - 1, &worker) || cli_parse_signal(colon + 1, &cfg->fault_signal))
        return err_set(e, EXIT_USAGE, "bad --inject-fault '%s' (want W:SIG)", s);
    cfg->fault_worker = (int)worker;
    return 0;
}

enum cli_status cli_parse(int argc, char **argv, const char *model_name,
                          const struct cli_extra *extra, struct config *cfg, struct err *e)
{
    *cfg = (struct config){.workload = WL_SUMSQ, .reps = REPS_DEFAULT, .warmup = WARMUP_DEFAULT,
                           .pin = PIN_NONE, .fault_worker = -1,
                           .mode = extra ? extra->mode_default : NULL};
    const char *workload = NULL, *split = NULL, *size = NULL, *threads = NULL;
    uint64_t v;
    int c;
    opterr = 0; /* our own one-line messages */
    optind = 0; /* 0, not 1: glibc then also forgets its place in a bundle like -xq */
    const char *shorts = short_options();
    while ((c = getopt_long(argc, argv, shorts, long_options, NULL)) != -1) {
        if (!option_offered(c, extra))
            return err_set(e, EXIT_USAGE, "--%s is only for the Python programs", option_name(c)), CLI_ERROR;
        switch (c) {
        case 'w': workload = optarg; break;
        case 'n': size = optarg; break;
        case 't': threads = optarg; break;
        case 's': split = optarg; break;
        case 'r':
            if (cli_parse_u64(optarg, 1, REPS_MAX, &v))
                return err_set(e, EXIT_USAGE, "bad --reps '%s': want 1..%u", optarg, REPS_MAX), CLI_ERROR;
            cfg->reps = (unsigned)v;
            break;
        case OPT_WARMUP:
            if (cli_parse_u64(optarg, 0, REPS_MAX, &v))
                return err_set(e, EXIT_USAGE, "bad --warmup '%s': want 0..%u", optarg, REPS_MAX), CLI_ERROR;
            cfg->warmup = (unsigned)v;
            break;
        case 'o': cfg->csv_path = optarg; break;
        case OPT_TIMELINE: cfg->timeline_path = optarg; break;
        case OPT_SAMPLE: cfg->sample_path = optarg; break;
        case OPT_PIN:
            if (strcmp(optarg, "none") == 0)
                cfg->pin = PIN_NONE;
            else if (strcmp(optarg, "cores") == 0)
                cfg->pin = PIN_CORES;
            else
                return err_set(e, EXIT_USAGE, "bad --pin '%s': want none or cores", optarg), CLI_ERROR;
            break;
        case OPT_MODE:
            cfg->mode = NULL;
            for (const char *const *m = extra->modes; *m; m++)
                if (strcmp(*m, optarg) == 0)
                    cfg->mode = *m;
            if (!cfg->mode)
                return err_set(e, EXIT_USAGE, "unknown mode '%s' (see --help)", optarg), CLI_ERROR;
            break;
        case OPT_ALLOW_GIL:
            cfg->allow_gil = true;
            break;
        case OPT_INJECT:
            if (parse_fault(optarg, cfg, e))
                return CLI_ERROR;
            break;
        case OPT_BUILD_INFO: /* option_offered checked that this program has it */
            fputs(extra->build_info, stdout);
            return CLI_EXIT;
        case 'q': cfg->quiet = true; break;
        case 'h': print_help(model_name, extra); return CLI_EXIT;
        case 'V': printf("%s %s\n", model_name, STUDY_VERSION); return CLI_EXIT;
        case ':':
            return err_set(e, EXIT_USAGE, "option '%s' needs an argument", argv[optind - 1]), CLI_ERROR;
        default:
            /* optopt is the letter for an unknown short option, or the
             * option's value for a long one given an argument it does not
             * take (--help=yes). */
            if (optopt && optopt < OPT_WARMUP && !strchr(argv[optind - 1], '='))
                return err_set(e, EXIT_USAGE, "unknown option '-%c' (see --help)", optopt), CLI_ERROR;
            return err_set(e, EXIT_USAGE, "unknown option '%s' (see --help)", argv[optind - 1]), CLI_ERROR;
        }
    }
    if (optind < argc)
        return err_set(e, EXIT_USAGE, "unexpected argument '%s' (see --help)", argv[optind]), CLI_ERROR;

    const struct workload_desc *wd = workload_by_name(workload ? workload : "sumsq");
    if (!wd)
        return err_set(e, EXIT_USAGE, "unknown workload '%s': want sumsq or nqueens", workload), CLI_ERROR;
    cfg->workload = wd->id;
    cfg->split = wd->default_split;
    if (split) {
        const struct split_desc *sd = split_by_name(split);
        if (!sd)
            return err_set(e, EXIT_USAGE, "unknown split '%s' (see --help)", split), CLI_ERROR;
        if (sd->workload != wd->id)
            return err_set(e, EXIT_USAGE, "split '%s' is for %s, not %s", split,
                           workload_descs[sd->workload].name, wd->name), CLI_ERROR;
        cfg->split = sd->id;
    }
    cfg->size = wd->size_default;
    if (size && cli_parse_u64(size, wd->size_min, wd->size_max, &cfg->size))
        return err_set(e, EXIT_USAGE, "bad size '%s' for %s: want %llu..%llu", size, wd->name,
                       (unsigned long long)wd->size_min, (unsigned long long)wd->size_max), CLI_ERROR;
    if (!threads)
        threads = extra && extra->threads_default ? extra->threads_default : "1";
    if (cli_parse_threads(threads, pin_cpu_count(), &cfg->threads, &cfg->nthreads, e))
        return CLI_ERROR;
    if (cfg->fault_worker >= 0) {
        for (size_t i = 0; i < cfg->nthreads; i++)
            if ((unsigned)cfg->fault_worker >= cfg->threads[i]) {
                err_set(e, EXIT_USAGE, "--inject-fault worker %d but only %u workers", cfg->fault_worker,
                        cfg->threads[i]);
                cli_free(cfg);
                return CLI_ERROR;
            }
    }
    return CLI_RUN;
}

void cli_free(struct config *cfg)
{
    free(cfg->threads);
    cfg->threads = NULL;
    cfg->nthreads = 0;
}
