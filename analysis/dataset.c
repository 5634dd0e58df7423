#include "dataset.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "csvread.h"

/* The columns the analysis reads.  Required ones must be in the header;
 * the impl name falls back to model (+ interpreter and mode). */
#define DS_COLUMNS(X)                     \
    X(C_IMPL, "impl", 0)                  \
    X(C_MODEL, "model", 0)                \
    X(C_INTERP, "interpreter", 0)         \
    X(C_MODE, "mode", 0)                  \
    X(C_WORKLOAD, "workload", 1)          \
    X(C_SPLIT, "split", 1)                \
    X(C_SIZE, "size", 1)                  \
    X(C_THREADS, "threads", 1)            \
    X(C_ROUND, "round", 0)                \
    X(C_REP, "rep", 0)                    \
    X(C_WALL, "wall_s", 1)                \
    X(C_USER, "user_s", 0)                \
    X(C_SYS, "sys_s", 0)                  \
    X(C_SPAWN, "spawn_s", 0)              \
    X(C_STATUS, "status", 0)              \
    X(C_VERIFIED, "verified", 0)          \
    X(C_PROC, "proc", 0)                  \
    X(C_BLOCK, "block", 0)                \
    X(C_OTHER, "other_cpus", 0)           \
    X(C_STEAL, "steal_cpus", 0)           \
    X(C_DISTURBED, "disturbed", 0)
#define C_ENUM(id, name, req) id,
enum { DS_COLUMNS(C_ENUM) C_COUNT };
#undef C_ENUM
#define C_NAME(id, name, req) name,
static const char *const col_names[] = {DS_COLUMNS(C_NAME)};
#undef C_NAME
#define C_REQ(id, name, req) req,
static const int col_required[] = {DS_COLUMNS(C_REQ)};
#undef C_REQ

#define THREADS_LIMIT 4096
/* A row of an older raw.csv is its own process: numbered from here, far
 * above any process number a runner writes. */
#define OWN_PROCESS_BASE (UINT64_C(1) << 62)

/* A time: finite, >= 0, the whole field a number. */
static int parse_seconds(const char *s, double *out)
{
    if (!*s)
        return -1;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (*end || errno == ERANGE || !isfinite(v) || v < 0)
        return -1;
    *out = v;
    return 0;
}

const char *dataset_size_name(const char *workload)
{
    return strcmp(workload, "sumsq") == 0 ? "N" : "n";
}

/* Names (implementation, workload, split) go into file names, gnuplot
 * strings and CSV fields unquoted, so only these characters are accepted:
 * a hand-edited name can neither break summary.csv nor smuggle a command
 * into gnuplot (which expands backquotes in double-quoted strings). */
int dataset_safe_name(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '.' ||
              *s == '_' || *s == '+' || *s == '-'))
            return 0;
    return 1;
}

/* A number of CPUs' worth: finite, the whole field a number (a small
 * negative value is measurement noise, kept as it is). */
static int parse_cpus(const char *s, double *out)
{
    if (!*s)
        return -1;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (*end || errno == ERANGE || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

/* Appends *item to the array *arr of *n items (capacity *cap). */
static int grow_add(void **arr, size_t *n, size_t *cap, size_t size, const void *item, struct err *e)
{
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 256;
        void *p = realloc(*arr, c * size);
        if (!p)
            return err_set(e, EXIT_RUN_FAILED, "out of memory");
        *arr = p;
        *cap = c;
    }
    memcpy((char *)*arr + *n * size, item, size);
    (*n)++;
    return 0;
}

/* The same value of the same cell: round and rep (a process's k values
 * are reps 1..k of one round), and the same process where raw.csv names
 * it (the T copies of a ceiling cell started together share a round, each
 * its own process; a row written twice repeats its process too). */
static int same_value(const struct run *a, const struct run *b)
{
    return a->round == b->round && a->rep == b->rep &&
           (a->proc == b->proc || a->proc >= OWN_PROCESS_BASE || b->proc >= OWN_PROCESS_BASE) &&
           a->size == b->size && a->threads == b->threads && !strcmp(a->impl, b->impl) &&
           !strcmp(a->workload, b->workload) && !strcmp(a->split, b->split);
}

/* A row that names its round and repeats an earlier value. */
static int repeats(const struct run *runs, size_t n, const struct run *r)
{
    for (size_t i = n; r->round && i-- > 0;)
        if (same_value(&runs[i], r))
            return 1;
    return 0;
}

/* The load of process p as its row says it, recorded once per process:
 * the rows of a process carry the same values, so the first row's stay.
 * Looked up from the end: a process's rows are written together. */
static int note_load(struct dataset *d, const struct proc_load *p, struct err *e)
{
    for (size_t i = d->nloads; i-- > 0;)
        if (d->loads[i].proc == p->proc)
            return 0;
    d->disturbed += p->disturbed != 0;
    return grow_add((void **)&d->loads, &d->nloads, &d->loads_cap, sizeof *p, p, e);
}

static int bad(struct err *e, const struct csv_reader *r, int col, const char *value, const char *want)
{
    return err_set(e, EXIT_USAGE, "%s:%lu: column '%s': '%.40s' is not %s", r->path, r->line, col_names[col],
                   value, want);
}

static int load(struct dataset *d, struct csv_reader *r, struct err *e)
{
    int idx[C_COUNT];
    int got = csvr_next(r, e);
    if (got < 0)
        return -1;
    if (got == 0)
        return err_set(e, EXIT_USAGE, "%s: empty file, no header", r->path);
    for (int c = 0; c < C_COUNT; c++) {
        idx[c] = -1;
        for (size_t i = 0; i < r->nfields; i++)
            if (strcmp(r->fields[i], col_names[c]) == 0) {
                if (idx[c] >= 0)
                    return err_set(e, EXIT_USAGE, "%s:%lu: column '%s' appears twice", r->path, r->line,
                                   col_names[c]);
                idx[c] = (int)i;
            }
        if (col_required[c] && idx[c] < 0)
            return err_set(e, EXIT_USAGE, "%s:%lu: required column '%s' is missing", r->path, r->line,
                           col_names[c]);
    }
    if (idx[C_IMPL] < 0 && idx[C_MODEL] < 0)
        return err_set(e, EXIT_USAGE, "%s:%lu: neither an 'impl' nor a 'model' column", r->path, r->line);
    d->has_proc = idx[C_PROC] >= 0;
    d->has_load = d->has_proc && (idx[C_OTHER] >= 0 || idx[C_STEAL] >= 0 || idx[C_DISTURBED] >= 0);
    size_t width = r->nfields;
    size_t rows = 0;
    while ((got = csvr_next(r, e)) == 1) {
        if (r->nfields == 1 && r->fields[0][0] == '\0')
            continue; /* a blank line */
        if (r->nfields != width)
            return err_set(e, EXIT_USAGE, "%s:%lu: %zu fields, but the header has %zu", r->path, r->line,
                           r->nfields, width);
        rows++;
#define F(c) (idx[c] >= 0 ? r->fields[idx[c]] : "")
        /* The process and its load, for every row: a failed process used
         * the machine too, and the load is the machine's account. */
        struct proc_load load = {OWN_PROCESS_BASE + rows, NAN, NAN, 0};
        uint64_t v;
        if (F(C_PROC)[0] && cli_parse_u64(F(C_PROC), 1, OWN_PROCESS_BASE - 1, &load.proc))
            return bad(e, r, C_PROC, F(C_PROC), "a process number");
        if (F(C_OTHER)[0] && parse_cpus(F(C_OTHER), &load.other_cpus))
            return bad(e, r, C_OTHER, F(C_OTHER), "a finite number of CPUs");
        if (F(C_STEAL)[0] && parse_cpus(F(C_STEAL), &load.steal_cpus))
            return bad(e, r, C_STEAL, F(C_STEAL), "a finite number of CPUs");
        if (F(C_DISTURBED)[0]) {
            if (strcmp(F(C_DISTURBED), "0") && strcmp(F(C_DISTURBED), "1"))
                return bad(e, r, C_DISTURBED, F(C_DISTURBED), "0 or 1");
            load.disturbed = F(C_DISTURBED)[0] == '1';
        }
        if (load.proc < OWN_PROCESS_BASE && note_load(d, &load, e))
            return -1;
        if (idx[C_STATUS] >= 0 && strcmp(F(C_STATUS), "ok") != 0) {
            d->failed++;
            continue;
        }
        if (idx[C_VERIFIED] >= 0 && strcmp(F(C_VERIFIED), "1") != 0) {
            d->failed++;
            continue;
        }
        struct run run = {.user_s = NAN, .sys_s = NAN, .spawn_s = NAN, .proc = load.proc};
        if (idx[C_IMPL] >= 0 && F(C_IMPL)[0]) {
            snprintf(run.impl, sizeof run.impl, "%s", F(C_IMPL));
        } else if (F(C_MODE)[0] && F(C_INTERP)[0]) {
            /* A model's own CSV: name it as the runner does, pyX.Y[t]-mode
             * ("3.14.4t" -> "py3.14t-threading"). */
            unsigned major, minor;
            const char *iv = F(C_INTERP);
            char tag[24];
            if (sscanf(iv, "%u.%u", &major, &minor) != 2)
                return bad(e, r, C_INTERP, iv, "a Python version");
            snprintf(tag, sizeof tag, "%u.%u%s", major % 100, minor % 100, iv[strlen(iv) - 1] == 't' ? "t" : "");
            snprintf(run.impl, sizeof run.impl, "py%s-%s", tag, F(C_MODE));
        } else {
            snprintf(run.impl, sizeof run.impl, "%s", F(C_MODEL));
        }
        if (!dataset_safe_name(run.impl))
            return bad(e, r, idx[C_IMPL] >= 0 && F(C_IMPL)[0] ? C_IMPL : C_MODEL, run.impl,
                       "a name of letters, digits and . _ + -");
        if (strlen(F(C_WORKLOAD)) >= sizeof run.workload || !dataset_safe_name(F(C_WORKLOAD)))
            return bad(e, r, C_WORKLOAD, F(C_WORKLOAD), "a workload name (letters, digits, . _ + -)");
        if (strlen(F(C_SPLIT)) >= sizeof run.split || !dataset_safe_name(F(C_SPLIT)))
            return bad(e, r, C_SPLIT, F(C_SPLIT), "a split name (letters, digits, . _ + -)");
        strcpy(run.workload, F(C_WORKLOAD));
        strcpy(run.split, F(C_SPLIT));
        if (cli_parse_u64(F(C_SIZE), 1, UINT64_MAX, &run.size))
            return bad(e, r, C_SIZE, F(C_SIZE), "a positive integer");
        if (cli_parse_u64(F(C_THREADS), 1, THREADS_LIMIT, &v))
            return bad(e, r, C_THREADS, F(C_THREADS), "a thread count 1..4096");
        run.threads = (unsigned)v;
        /* Only the runner's round identifies a run: a model's own rep
         * restarts at 1 whenever its CSV is appended to again. */
        if (idx[C_ROUND] >= 0) {
            if (cli_parse_u64(F(C_ROUND), 0, UINT32_MAX, &v))
                return bad(e, r, C_ROUND, F(C_ROUND), "a round number");
            run.round = (unsigned)v;
        }
        /* rep: the runner's value index within its process; a model's own
         * CSV may carry anything there, which then identifies nothing */
        if (idx[C_ROUND] >= 0 && F(C_REP)[0]) {
            if (cli_parse_u64(F(C_REP), 0, UINT32_MAX, &v))
                return bad(e, r, C_REP, F(C_REP), "a value's index");
            run.rep = (unsigned)v;
        }
        if (F(C_BLOCK)[0]) {
            if (cli_parse_u64(F(C_BLOCK), 0, UINT64_MAX, &run.block))
                return bad(e, r, C_BLOCK, F(C_BLOCK), "a block number");
        }
        if (parse_seconds(F(C_WALL), &run.wall_s) || run.wall_s <= 0)
            return bad(e, r, C_WALL, F(C_WALL), "a positive, finite number of seconds");
        if (idx[C_USER] >= 0 && parse_seconds(F(C_USER), &run.user_s))
            return bad(e, r, C_USER, F(C_USER), "a finite number of seconds >= 0");
        if (idx[C_SYS] >= 0 && parse_seconds(F(C_SYS), &run.sys_s))
            return bad(e, r, C_SYS, F(C_SYS), "a finite number of seconds >= 0");
        /* spawn_s may be empty: a model that cannot tell leaves it out */
        if (idx[C_SPAWN] >= 0 && F(C_SPAWN)[0] && parse_seconds(F(C_SPAWN), &run.spawn_s))
            return bad(e, r, C_SPAWN, F(C_SPAWN), "a finite number of seconds >= 0");
#undef F
        /* Only rows that name their round can repeat one. */
        if (repeats(d->runs, d->n, &run) || repeats(d->left_out, d->nleft_out, &run)) {
            d->duplicates++;
            continue;
        }
        if (load.disturbed ? grow_add((void **)&d->left_out, &d->nleft_out, &d->left_cap, sizeof run, &run, e)
                           : grow_add((void **)&d->runs, &d->n, &d->cap, sizeof run, &run, e))
            return -1;
    }
    if (got < 0)
        return -1;
    if (rows == 0)
        return err_set(e, EXIT_USAGE, "%s: a header but no data rows", r->path);
    return 0;
}

/* Loads from an opened reader and closes it; on failure nothing stays
 * loaded. */
static int load_and_close(struct dataset *d, struct csv_reader *r, struct err *e)
{
    int rc = load(d, r, e);
    csvr_close(r);
    if (rc)
        dataset_free(d);
    return rc;
}

int dataset_load(struct dataset *d, const char *path, struct err *e)
{
    struct csv_reader r;
    return csvr_open(&r, path, e) ? -1 : load_and_close(d, &r, e);
}

int dataset_load_mem(struct dataset *d, const char *data, size_t len, const char *name, struct err *e)
{
    struct csv_reader r;
    return csvr_open_mem(&r, data, len, name, e) ? -1 : load_and_close(d, &r, e);
}

void dataset_free(struct dataset *d)
{
    free(d->runs);
    free(d->left_out);
    free(d->loads);
    *d = (struct dataset){0};
}
