/* options.c - bin/study's command line.
 *
 * One table, OPTION_TABLE, names every option: getopt_long's tables and
 * the --help text are both generated from it (as common/cli.c does for the
 * models), so an option cannot be accepted and left out of the help, or
 * the other way round.  Bad input gives one line in *e (EXIT_USAGE); main
 * prints it and exits 2.  Values not given come from the preset. */
#define _GNU_SOURCE
#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define CELL_TIMEOUT_DEFAULT 0 /* seconds; 0: none */
#define CELL_TIMEOUT_MAX_S (7 * 24 * 3600)
#define MIN_RUN_MAX_S 3600.0
#define BUDGET_MAX_S (7 * 24 * 3600.0)
#define HELP_COLUMN 24 /* where the help text starts, after the option */

/* Every option: its id, long name, short letter (0: none), argument (NULL:
 * a flag) and help ('\n' continues it on the next line).
 *  id           long             short arg           help */
#define OPTION_TABLE(X)                                                                                        \
    X(O_PRESET,    "preset",       'p', "NAME",       "smoke | quick (default) | article")                     \
    X(O_MODELS,    "models",       0,   "LIST",       "implementations (see --list), or native, python, all")  \
    X(O_WORKLOADS, "workloads",    0,   "LIST",       "sumsq,nqueens")                                         \
    X(O_SPLITS,    "splits",       0,   "LIST",       "weak,strong,rr,dynamic (each applies to its workload)") \
    X(O_THREADS,   "threads",      't', "LIST",       "4 | 1,2,4 | 1-8 | max | ncpu (1,2,4,.. and the CPUs) |\n" \
                                                      "2cpu (1,2,4,.. up to 2x the CPUs)")                     \
    X(O_REPS,      "reps",         'r', "R",          "processes per cell in the survey; alone (no --max-reps,\n" \
                                                      "--q-min, --q-max): exactly R, no questions phase")      \
    X(O_MAX_REPS,  "max-reps",     0,   "R",          "processes per cell that repeat-until-sure may go up to") \
    X(O_VALUES,    "values",       0,   "K",          "timed values per process, after its warm-up")           \
    X(O_Q_MIN,     "q-min",        0,   "N",          "blocks (pairs) per article/validity question first\n"  \
                                                      "(0: no questions phase)")                               \
    X(O_Q_MAX,     "q-max",        0,   "N",          "pairs per question at most; above --q-min the questions\n" \
                                                      "still wider than their targets get more, most uncertain first") \
    X(O_Q_SHARE,   "q-share",      0,   "F",          "share of --budget the questions phase may spend (0.6 or 60%)") \
    X(O_CI_TARGET, "ci-target",    0,   "F",          "add processes to a cell while its 95% CI of the median is\n" \
                                                      "wider than +-F of it (0.03 or 3%; 0: never)")           \
    X(O_BUDGET,    "budget",       0,   "S",          "the study's seconds: past them no question block, no\n" \
                                                      "replacement, no added process (0: no limit)")           \
    X(O_MIN_RUN,   "min-run-time", 0,   "S",          "calibrate sizes so one T=1 value lasts S seconds")      \
    X(O_WARMUP,    "warmup",       0,   "W",          "untimed values inside each process first (at least 1)") \
    X(O_SUMSQ,     "sumsq-size",   0,   "N",          "pin sumsq's size (every family; no calibration)")       \
    X(O_NQUEENS,   "nqueens-size", 0,   "n",          "pin nqueens' size (every family; no calibration)")      \
    X(O_SIZES,     "sizes",        0,   "LIST",       "pin per family: c:sumsq=N,python:nqueens=n,...")        \
    X(O_KEEP,      "keep-disturbed", 0, NULL,         "record each process's load, but judge none disturbed\n" \
                                                      "(none replaced; for a machine known to be shared)")     \
    X(O_SEED,      "seed",         0,   "S",          "shuffle seed (default: from the clock; recorded)")      \
    X(O_PIN,       "pin",          0,   "none|cores", "passed to every model")                                 \
    X(O_TIMEOUT,   "cell-timeout", 0,   "S",          "kill a run (and its process group) after S seconds")    \
    X(O_OUT,       "out",          0,   "DIR",        "results root (default results)")                        \
    X(O_RESUME,    "resume",       0,   "DIR",        "continue DIR's study: its matrix, seed, processes, time")  \
    X(O_BIN,       "bin",          0,   "DIR",        "model binaries (default: beside this program)")         \
    X(O_HOSTS,     "hosts",        0,   "FILE",       "Open MPI hostfile: the mpi cells' ranks dealt over its hosts") \
    X(O_LIST,      "list",         0,   NULL,         "every implementation, built or not, then exit")         \
    X(O_QUIET,     "quiet",        'q', NULL,         "no progress on stderr")                                 \
    X(O_HELP,      "help",         'h', NULL,         "this help")

#define OPT_ID(id, name, letter, arg, help) id,
enum option_id { OPTION_TABLE(OPT_ID) O_COUNT };
#undef OPT_ID

struct option_row {
    const char *name;
    int letter;
    const char *arg, *help;
};
#define OPT_ROW(id, name, letter, arg, help) {name, letter, arg, help},
static const struct option_row rows[O_COUNT] = {OPTION_TABLE(OPT_ROW)};
#undef OPT_ROW

/* getopt's value for an option: its letter, or past every char. */
static int value_of(int id)
{
    return rows[id].letter ? rows[id].letter : 256 + id;
}

/* The option getopt returned c for, or -1 (':' and '?' are no option). */
static int option_of(int c)
{
    for (int id = 0; id < O_COUNT; id++)
        if (value_of(id) == c)
            return id;
    return -1;
}

/* getopt_long's two tables, from the one above. */
static void getopt_tables(char *shorts, struct option *longs)
{
    size_t k = 0;
    shorts[k++] = ':'; /* report a missing argument as ':' */
    for (int id = 0; id < O_COUNT; id++) {
        longs[id] = (struct option){rows[id].name, rows[id].arg ? required_argument : no_argument, NULL, value_of(id)};
        if (rows[id].letter) {
            shorts[k++] = (char)rows[id].letter;
            if (rows[id].arg)
                shorts[k++] = ':';
        }
    }
    shorts[k] = '\0';
    longs[O_COUNT] = (struct option){NULL, 0, NULL, 0};
}

static void usage(void)
{
    printf("usage: study [options]\n\n"
           "Runs the model binaries over a matrix and writes results/<timestamp>/raw.csv,\n"
           "timeline.csv, schedule.csv (one sampled run per who-runs-when cell) and meta.json\n"
           "(results/latest points at the newest).\n\n");
    for (int id = 0; id < O_COUNT; id++) {
        const struct option_row *r = &rows[id];
        char left[64];
        snprintf(left, sizeof left, "%c%c%c --%s%s%s", r->letter ? '-' : ' ', r->letter ? r->letter : ' ',
                 r->letter ? ',' : ' ', r->name, r->arg ? " " : "", r->arg ? r->arg : "");
        printf("  %-*s ", HELP_COLUMN - 1, left);
        for (const char *h = r->help; *h; h++) {
            putchar(*h);
            if (*h == '\n')
                printf("  %*s", HELP_COLUMN, "");
        }
        putchar('\n');
    }
    printf("\npresets (the study: the questions first, then the survey of every cell, then the\n"
           "figures' questions, then the cells above their CI target; a process is W warm-up values\n"
           "then K timed ones):\n");
    for (size_t i = 0; i < npresets; i++) {
        const struct preset *p = &presets[i];
        printf("  %-8s %s\n           one T=1 value >= %g s, K=%u, threads %s, splits %s; questions %u..%u pairs",
               p->name, p->help, p->min_run_s, p->values, p->threads, p->splits[0] ? p->splits : "all", p->q_min,
               p->q_max);
        if (p->budget_s > 0)
            printf(" (%g%% of the budget)", p->q_share * 100);
        printf(";\n           survey %u process%s a cell", p->survey_min, p->survey_min == 1 ? "" : "es");
        if (p->ci_target > 0)
            printf(", up to %u to +-%g%%", p->max_procs, p->ci_target * 100);
        if (p->budget_s > 0)
            printf("; budget %g s", p->budget_s);
        printf("\n");
    }
    printf("\nExit status: 0 every cell ok, 1 some cell failed, 2 bad options,\n"
           "128 + the signal's number when stopped by one (130 SIGINT, 143 SIGTERM, 129 SIGHUP).\n");
}

/* ---- one option's value -------------------------------------------------- */

/* A whole number in [lo, hi]; the message says "want <unit>lo..hi<note>". */
static int take_u64(int id, const char *unit, uint64_t lo, uint64_t hi, const char *note, uint64_t *v,
                    struct err *e)
{
    if (cli_parse_u64(optarg, lo, hi, v) == 0)
        return 0;
    return err_set(e, EXIT_USAGE, "bad --%s '%s': want %s%" PRIu64 "..%" PRIu64 "%s", rows[id].name, optarg, unit, lo,
                   hi, note);
}

/* The same into an unsigned (hi fits one). */
static int take_count(int id, const char *unit, unsigned lo, unsigned hi, const char *note, unsigned *out,
                      struct err *e)
{
    uint64_t v;
    if (take_u64(id, unit, lo, hi, note, &v, e))
        return -1;
    *out = (unsigned)v;
    return 0;
}

/* A non-negative decimal number (a fraction too) in [min, max]; with
 * percent, "3%" is read as 0.03. */
static int parse_real(const char *s, double min, double max, bool percent, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno)
        return -1;
    if (percent && *end == '%')
        v /= 100, end++;
    if (*end || !(v >= min && v <= max))
        return -1;
    *out = v;
    return 0;
}

/* Seconds in [0, max]. */
static int take_seconds(int id, double max, double *v, struct err *e)
{
    if (parse_real(optarg, 0, max, false, v) == 0)
        return 0;
    return err_set(e, EXIT_USAGE, "bad --%s '%s': want seconds, 0..%g", rows[id].name, optarg, max);
}

/* A text value that fits its field and is not empty. */
static int take_text(int id, char *dst, size_t len, struct err *e)
{
    if (!*optarg)
        return err_set(e, EXIT_USAGE, "--%s needs a value (it is empty)", rows[id].name);
    if (strlen(optarg) >= len)
        return err_set(e, EXIT_USAGE, "--%s is too long", rows[id].name);
    strcpy(dst, optarg);
    return 0;
}

/* --sizes c:sumsq=N,python:nqueens=n,...: each family's size pinned. */
static int take_sizes(const char *list, struct options *o, struct err *e)
{
    char buf[256];
    if (strlen(list) >= sizeof buf)
        return err_set(e, EXIT_USAGE, "--sizes is too long");
    snprintf(buf, sizeof buf, "%s", list);
    char *rest = buf, *item;
    while ((item = strsep(&rest, ","))) {
        char *colon = strchr(item, ':'), *eq = strchr(item, '=');
        if (!colon || !eq || eq < colon)
            return err_set(e, EXIT_USAGE, "bad --sizes item '%s': want FAMILY:WORKLOAD=SIZE", item);
        *colon = *eq = '\0';
        int fam = -1;
        for (int f = 0; f < SIZE_COUNT; f++)
            if (strcmp(item, size_family_names[f]) == 0)
                fam = f;
        const struct workload_desc *wd = workload_by_name(colon + 1);
        uint64_t v;
        if (fam < 0 || !wd)
            return err_set(e, EXIT_USAGE, "bad --sizes item '%s:%s': want c or python, sumsq or nqueens", item,
                           colon + 1);
        if (cli_parse_u64(eq + 1, wd->size_min, wd->size_max, &v))
            return err_set(e, EXIT_USAGE, "bad --sizes size '%s' for %s: want %" PRIu64 "..%" PRIu64, eq + 1,
                           wd->name, wd->size_min, wd->size_max);
        o->sizes[fam][wd->id] = v;
    }
    return 0;
}

/* --sumsq-size or --nqueens-size: that workload's size for every family. */
static int take_size(int id, enum workload_id wl, struct options *o, struct err *e)
{
    const struct workload_desc *wd = &workload_descs[wl];
    uint64_t v;
    if (take_u64(id, "", wd->size_min, wd->size_max, "", &v, e))
        return -1;
    for (int f = 0; f < SIZE_COUNT; f++)
        o->sizes[f][wl] = v;
    return 0;
}

/* Option id's value into *o: 0, 1 after --help, -1 with *e. */
static int take(int id, struct options *o, bool *list, struct err *e)
{
    switch ((enum option_id)id) {
    case O_PRESET:
        if (!(o->preset = preset_by_name(optarg)))
            return err_set(e, EXIT_USAGE, "unknown preset '%s': want smoke, quick or article", optarg);
        return 0;
    case O_MODELS: return take_text(id, o->models, sizeof o->models, e);
    case O_WORKLOADS: return take_text(id, o->workloads, sizeof o->workloads, e);
    case O_SPLITS: return take_text(id, o->splits, sizeof o->splits, e);
    case O_THREADS: return take_text(id, o->threads, sizeof o->threads, e);
    case O_OUT: return take_text(id, o->out_root, sizeof o->out_root, e);
    case O_RESUME: return take_text(id, o->resume, sizeof o->resume, e);
    case O_BIN: return take_text(id, o->bin, sizeof o->bin, e);
    case O_HOSTS: return take_text(id, o->hosts, sizeof o->hosts, e);
    case O_REPS: return take_count(id, "", 1, REPS_MAX, "", &o->reps, e);
    case O_MAX_REPS: return take_count(id, "", 1, REPS_MAX, "", &o->max_reps, e);
    case O_VALUES: return take_count(id, "", 1, REPS_MAX, "", &o->values, e);
    case O_Q_MIN: return take_count(id, "", 0, REPS_MAX, "", &o->q_min, e);
    case O_Q_MAX: return take_count(id, "", 0, REPS_MAX, "", &o->q_max, e);
    case O_Q_SHARE:
        if (parse_real(optarg, 0, 1, true, &o->q_share))
            return err_set(e, EXIT_USAGE, "bad --q-share '%s': want a fraction 0..1 (0.6) or a percentage (60%%)",
                           optarg);
        return 0;
    case O_WARMUP:
        /* Without a warm-up, one-time start-up (libgomp's pool, the first
         * import) is measured as if it were scaling. */
        return take_count(id, "", 1, REPS_MAX, " (one untimed run at least)", &o->warmup, e);
    case O_TIMEOUT: return take_count(id, "seconds, ", 1, CELL_TIMEOUT_MAX_S, "", &o->cell_timeout_s, e);
    case O_MIN_RUN: return take_seconds(id, MIN_RUN_MAX_S, &o->min_run_s, e);
    case O_BUDGET: return take_seconds(id, BUDGET_MAX_S, &o->budget_s, e);
    case O_CI_TARGET:
        if (parse_real(optarg, 0, 1, true, &o->ci_target))
            return err_set(e, EXIT_USAGE, "bad --ci-target '%s': want a fraction 0..1 (0.03) or a percentage (3%%)",
                           optarg);
        return 0;
    case O_SIZES: return take_sizes(optarg, o, e);
    case O_SUMSQ: return take_size(id, WL_SUMSQ, o, e);
    case O_NQUEENS: return take_size(id, WL_NQUEENS, o, e);
    case O_SEED:
        /* meta.json keeps the seed as a JSON integer: at most INT64_MAX. */
        if (cli_parse_u64(optarg, 0, INT64_MAX, &o->seed))
            return err_set(e, EXIT_USAGE, "bad --seed '%s'", optarg);
        o->seed_given = true;
        return 0;
    case O_PIN:
        if (strcmp(optarg, "cores") && strcmp(optarg, "none"))
            return err_set(e, EXIT_USAGE, "bad --pin '%s': want none or cores", optarg);
        o->pin_cores = strcmp(optarg, "cores") == 0;
        return 0;
    case O_LIST: *list = true; return 0;
    case O_QUIET: o->quiet = true; return 0;
    case O_KEEP: o->keep_disturbed = true; return 0;
    case O_HELP: usage(); return 1;
    case O_COUNT: break;
    }
    return 0;
}

/* getopt's ':' (an option without its argument) or '?' (unknown). */
static int bad_option(int c, char **argv, struct err *e)
{
    if (c == ':')
        return err_set(e, EXIT_USAGE, "option '%s' needs an argument", argv[optind - 1]);
    /* optopt is the letter of an unknown short option, or the value of a
     * long one given an argument it does not take (--quiet=yes). */
    if (optopt && optopt < 256 && !strchr(argv[optind - 1], '='))
        return err_set(e, EXIT_USAGE, "unknown option '-%c' (see --help)", optopt);
    return err_set(e, EXIT_USAGE, "unknown option '%s' (see --help)", argv[optind - 1]);
}

/* What the preset gives where the command line said nothing. */
static int fill_defaults(struct options *o, const bool *given, struct err *e)
{
    const struct preset *p = o->preset;
    if (!given[O_REPS])
        o->reps = p->survey_min;
    /* --reps R alone means exactly R processes per cell: no questions
     * phase, no added process, no replacement of a disturbed one; the
     * preset's numbers, or --max-reps, --q-min or --q-max, leave room for
     * them. */
    const bool exactly = given[O_REPS] && !given[O_MAX_REPS] && !given[O_Q_MIN] && !given[O_Q_MAX];
    o->exactly = exactly;
    if (!given[O_MAX_REPS])
        o->max_reps = given[O_REPS] ? o->reps : p->max_procs > o->reps ? p->max_procs : o->reps;
    if (o->max_reps < o->reps)
        return err_set(e, EXIT_USAGE, "--max-reps %u is below the survey's %u processes (--reps)", o->max_reps,
                       o->reps);
    if (!given[O_VALUES])
        o->values = p->values;
    if (!given[O_Q_MIN])
        o->q_min = exactly ? 0 : p->q_min;
    if (!given[O_Q_MAX])
        o->q_max = exactly ? 0 : given[O_Q_MIN] && o->q_min > p->q_max ? o->q_min : p->q_max;
    if (o->q_max < o->q_min)
        return err_set(e, EXIT_USAGE, "--q-max %u is below --q-min %u", o->q_max, o->q_min);
    if (!given[O_Q_SHARE])
        o->q_share = p->q_share;
    if (!given[O_WARMUP])
        o->warmup = p->warmup;
    if (!given[O_MIN_RUN])
        o->min_run_s = p->min_run_s;
    if (!given[O_CI_TARGET])
        o->ci_target = p->ci_target;
    if (!given[O_BUDGET])
        o->budget_s = p->budget_s;
    if (!given[O_SPLITS] && p->splits[0])
        snprintf(o->splits, sizeof o->splits, "%s", p->splits);
    if (!o->threads[0])
        snprintf(o->threads, sizeof o->threads, "%s", p->threads);
    return 0;
}

int options_parse(int argc, char **argv, struct options *o, bool *list, struct err *e)
{
    *o = (struct options){.preset = preset_by_name("quick"), .cell_timeout_s = CELL_TIMEOUT_DEFAULT};
    strcpy(o->out_root, "results");
    char shorts[2 * O_COUNT + 2];
    struct option longs[O_COUNT + 1];
    getopt_tables(shorts, longs);
    bool given[O_COUNT] = {0};
    int c;
    opterr = 0; /* our own one-line messages */
    optind = 0; /* 0, not 1: glibc then also forgets its place in a bundle */
    while ((c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
        int id = option_of(c);
        if (id < 0)
            return bad_option(c, argv, e);
        given[id] = true;
        int rc = take(id, o, list, e);
        if (rc)
            return rc;
    }
    if (optind < argc)
        return err_set(e, EXIT_USAGE, "unexpected argument '%s' (see --help)", argv[optind]);
    if (fill_defaults(o, given, e))
        return -1;
    return *list ? 1 : 0;
}

void options_default_bin(char *out, size_t len)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) {
        snprintf(out, len, "bin");
        return;
    }
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash)
        *slash = '\0';
    snprintf(out, len, "%s", exe);
}
