/* whoruns.c - "who runs when": reads DIR/schedule.csv, turns each sampled
 * run's readings into on-CPU intervals per worker (schedule.c), and writes
 * the figure's data and the report's section (whoruns.h). */
#define _GNU_SOURCE
#include "whoruns.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog.h"
#include "csvread.h"
#include "dataset.h"
#include "schedule.h"
#include "text.h"

#define WR_CELLS_MAX 8      /* panels drawn at most */
#define WR_WORKERS_MAX 16   /* rows per panel at most: a sampled T is <= SCHEDULE_T_MAX */
#define WR_ZOOM_S 0.05      /* the close-up: ten of CPython's 5 ms switch intervals */
#define WR_ZOOM_FROM 2      /* drawn for runs longer than this many close-ups */
#define WR_NAME_MAX 48

/* The columns read, by name, in any order. */
#define WR_COLUMNS(X) X(W_IMPL, "impl") X(W_WORKLOAD, "workload") X(W_SPLIT, "split") X(W_SIZE, "size") \
    X(W_THREADS, "threads") X(W_WORKER, "worker") X(W_T, "t_s") X(W_CPU, "cpu_s") X(W_CLOCK, "clock")    \
    X(W_WALL, "wall_s")
#define W_ENUM(id, name) id,
enum { WR_COLUMNS(W_ENUM) W_COUNT };
#undef W_ENUM
#define W_NAME(id, name) name,
static const char *const wr_names[W_COUNT] = {WR_COLUMNS(W_NAME)};
#undef W_NAME

#define IMPL_NAME(name) name,
static const char *const drawn[] = {SCHEDULE_IMPLS(IMPL_NAME)};
#undef IMPL_NAME
#define NDRAWN (sizeof drawn / sizeof drawn[0])

struct wr_worker {
    struct sched_point *p;
    size_t n, cap;
    bool stale;                 /* read from another process: current only when it changes */
    struct sched_interval *iv;
    size_t niv;
};

struct wr_cell {
    char impl[WR_NAME_MAX], workload[16], split[16];
    uint64_t size;
    unsigned threads;
    double wall_s;
    size_t readings;
    struct wr_worker w[WR_WORKERS_MAX];
    double on_s, overlap_s;     /* time with 1+ and with 2+ workers on a CPU */
    size_t handovers;
    unsigned rank;              /* panel order: SCHEDULE_IMPLS first */
};

struct wr_set {
    struct wr_cell c[WR_CELLS_MAX];
    size_t n;
    size_t skipped;             /* rows not used: malformed, or beyond the limits above */
};

static void set_free(struct wr_set *s)
{
    for (size_t i = 0; i < s->n; i++)
        for (unsigned w = 0; w < WR_WORKERS_MAX; w++) {
            free(s->c[i].w[w].p);
            free(s->c[i].w[w].iv);
        }
}

static bool parse_num(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (!*s || *end || errno == ERANGE || !isfinite(v))
        return false;
    *out = v;
    return true;
}

static unsigned impl_rank(const char *impl)
{
    for (unsigned i = 0; i < NDRAWN; i++)
        if (strcmp(drawn[i], impl) == 0)
            return i;
    return NDRAWN;
}

/* The cell a row belongs to, made when new; NULL when there is no room or
 * the row's identity is not usable. */
static struct wr_cell *cell_of(struct wr_set *s, char **f, const int *col)
{
    const char *impl = f[col[W_IMPL]], *wl = f[col[W_WORKLOAD]], *sp = f[col[W_SPLIT]];
    uint64_t size;
    double th;
    char *end;
    errno = 0;
    size = strtoull(f[col[W_SIZE]], &end, 10);
    if (*end || errno || !parse_num(f[col[W_THREADS]], &th) || th < 1 || th > WR_WORKERS_MAX || th != floor(th))
        return NULL;
    if (!dataset_safe_name(impl) || !dataset_safe_name(wl) || !dataset_safe_name(sp) || strlen(impl) >= WR_NAME_MAX ||
        strlen(wl) >= sizeof s->c[0].workload || strlen(sp) >= sizeof s->c[0].split)
        return NULL;
    for (size_t i = 0; i < s->n; i++) {
        struct wr_cell *c = &s->c[i];
        if (!strcmp(c->impl, impl) && !strcmp(c->workload, wl) && !strcmp(c->split, sp) && c->size == size &&
            c->threads == (unsigned)th)
            return c;
    }
    if (s->n == WR_CELLS_MAX)
        return NULL;
    struct wr_cell *c = &s->c[s->n++];
    memset(c, 0, sizeof *c);
    snprintf(c->impl, sizeof c->impl, "%s", impl);
    snprintf(c->workload, sizeof c->workload, "%s", wl);
    snprintf(c->split, sizeof c->split, "%s", sp);
    c->size = size;
    c->threads = (unsigned)th;
    c->wall_s = NAN;
    c->rank = impl_rank(impl);
    return c;
}

/* One row into its cell; false when it is not usable. */
static bool add_row(struct wr_set *s, char **f, const int *col)
{
    double worker, t, cpu, wall;
    struct wr_cell *c = cell_of(s, f, col);
    if (!c || !parse_num(f[col[W_WORKER]], &worker) || !parse_num(f[col[W_T]], &t) ||
        !parse_num(f[col[W_CPU]], &cpu) || !parse_num(f[col[W_WALL]], &wall) || worker < 0 ||
        worker >= c->threads || worker != floor(worker))
        return false;
    struct wr_worker *w = &c->w[(unsigned)worker];
    if (w->n == w->cap) {
        size_t cap = w->cap ? 2 * w->cap : 1024;
        struct sched_point *p = realloc(w->p, cap * sizeof *p);
        if (!p)
            return false;
        w->p = p;
        w->cap = cap;
    }
    w->p[w->n++] = (struct sched_point){t, cpu};
    w->stale |= strcmp(f[col[W_CLOCK]], "thread") != 0;
    c->wall_s = wall;
    c->readings++;
    return true;
}

/* Intervals, overlap and hand-overs of every cell. */
static void compute(struct wr_set *s)
{
    for (size_t i = 0; i < s->n; i++) {
        struct wr_cell *c = &s->c[i];
        const struct sched_interval *iv[WR_WORKERS_MAX];
        size_t niv[WR_WORKERS_MAX];
        for (unsigned k = 0; k < c->threads; k++) {
            struct wr_worker *w = &c->w[k];
            if (w->stale)
                w->n = schedule_changes_only(w->p, w->n);
            w->iv = w->n ? malloc((w->n / 2 + 1) * sizeof *w->iv) : NULL;
            w->niv = w->iv ? schedule_intervals(w->p, w->n, w->iv) : 0;
            iv[k] = w->iv;
            niv[k] = w->niv;
        }
        c->on_s = schedule_overlap_s(iv, niv, c->threads, 1);
        c->overlap_s = schedule_overlap_s(iv, niv, c->threads, 2);
        c->handovers = schedule_handovers(iv, niv, c->threads);
    }
}

static int rank_cmp(const void *a, const void *b)
{
    const struct wr_cell *x = a, *y = b;
    return (x->rank > y->rank) - (x->rank < y->rank);
}

/* Loads and computes DIR/schedule.csv.  Returns 0 (no file: no cells), or
 * -1 with *why when it cannot be used at all. */
static int load(struct wr_set *s, const char *dir, char *why, size_t len)
{
    char path[PATH_MAX];
    memset(s, 0, sizeof *s);
    text_clip(path, sizeof path, "%s/schedule.csv", dir);
    struct csv_reader r;
    struct err e = {0};
    if (access(path, F_OK) != 0 && errno == ENOENT)
        return 0;
    if (csvr_open(&r, path, &e)) {
        snprintf(why, len, "%s", e.msg);
        return -1;
    }
    int col[W_COUNT], got, header = 1;
    size_t width = 0;
    while ((got = csvr_next(&r, &e)) == 1) {
        if (header) {
            header = 0;
            width = r.nfields;
            for (int k = 0; k < W_COUNT; k++) {
                col[k] = -1;
                for (size_t i = 0; i < r.nfields; i++)
                    if (!strcmp(r.fields[i], wr_names[k]))
                        col[k] = (int)i;
                if (col[k] < 0) {
                    csvr_close(&r);
                    text_clip(why, len, "%s has no column '%s'", path, wr_names[k]);
                    return -1;
                }
            }
            continue;
        }
        if (r.nfields != width || !add_row(s, r.fields, col))
            s->skipped++;
    }
    csvr_close(&r);
    if (got < 0) {
        snprintf(why, len, "%s", e.msg);
        set_free(s);
        s->n = 0;
        return -1;
    }
    qsort(s->c, s->n, sizeof s->c[0], rank_cmp);
    compute(s);
    return 0;
}

/* "Python 3.12, threading" from "py3.12-threading"; C models by name. */
static void title_of(const char *impl, char *out, size_t len)
{
    const char *dash = strchr(impl, '-');
    if (!strncmp(impl, "py", 2) && dash)
        text_clip(out, len, "Python %.*s, %s", (int)(dash - impl - 2), impl + 2, dash + 1);
    else
        text_clip(out, len, "C, %s", impl);
}

/* The colour of a sampled run's bars: its interpreter's (catalog.h), and
 * for C Okabe & Ito's blue rather than C's black, which would read as a
 * block of text in a figure of nothing but bars. */
static const char *colour_of(const char *impl)
{
    int fam, mode;
    catalog_impl_kind(impl, &fam, &mode);
    return fam == FAM_C || fam == FAM_OTHER ? "#0072B2" : catalog_families[fam].colour;
}

static double ratio(double part, double whole)
{
    return whole > 0 && isfinite(part) ? part / whole : NAN;
}

static int close_file(FILE *f, const char *path, struct err *e)
{
    if (ferror(f) | (fclose(f) != 0))
        return err_set(e, EXIT_RUN_FAILED, "writing '%s' failed", path);
    return 0;
}

int whoruns_write_data(const char *dir, const char *data, struct err *e)
{
    struct wr_set *s = malloc(sizeof *s);
    if (!s)
        return err_set(e, EXIT_RUN_FAILED, "out of memory");
    char why[ERR_MSG_MAX] = "", path[PATH_MAX];
    if (load(s, dir, why, sizeof why))
        fprintf(stderr, "analyze: warning: who-runs-when figure: %s\n", why);
    else if (s->skipped)
        fprintf(stderr, "analyze: warning: %s/schedule.csv: %zu rows not used (malformed, or past %d cells of %d "
                        "workers)\n", dir, s->skipped, WR_CELLS_MAX, WR_WORKERS_MAX);
    int rc = 0;
    for (size_t k = 0; rc == 0 && k < s->n; k++) {
        const struct wr_cell *c = &s->c[k];
        text_clip(path, sizeof path, "%s/whoruns-%zu.dat", data, k + 1);
        FILE *f = fopen(path, "w");
        if (!f) {
            rc = err_set(e, EXIT_RUN_FAILED, "cannot write '%s': %s", path, strerror(errno));
            break;
        }
        fprintf(f, "# %s %s/%s n=%" PRIu64 " T=%u: worker start_s end_s of each on-CPU interval\n", c->impl,
                c->workload, c->split, c->size, c->threads);
        for (unsigned w = 0; w < c->threads; w++)
            for (size_t i = 0; i < c->w[w].niv; i++)
                fprintf(f, "%u %.9g %.9g\n", w, c->w[w].iv[i].start_s, c->w[w].iv[i].end_s);
        rc = close_file(f, path, e);
    }
    text_clip(path, sizeof path, "%s/whoruns.gp", data);
    FILE *g = rc ? NULL : fopen(path, "w");
    if (!rc && !g)
        rc = err_set(e, EXIT_RUN_FAILED, "cannot write '%s': %s", path, strerror(errno));
    if (g) {
        size_t n = s->n ? s->n : 1;
        fprintf(g, "# written by bin/analyze from schedule.csv: one panel per sampled run\nwr_n = %zu\n", s->n);
        fprintf(g, "array wr_title[%zu]\narray wr_colour[%zu]\narray wr_T[%zu]\narray wr_intervals[%zu]\n"
                   "array wr_xmax[%zu]\narray wr_zoom[%zu]\narray wr_zoom0[%zu]\narray wr_zoom1[%zu]\n",
                n, n, n, n, n, n, n, n);
        fprintf(g, "wr_zoom_ms = %g\nwr_any_zoom = 0\n", WR_ZOOM_S * 1e3);
        for (size_t k = 0; k < s->n; k++) {
            const struct wr_cell *c = &s->c[k];
            char title[96];
            size_t niv = 0;
            double xmax = isfinite(c->wall_s) ? c->wall_s : 0;
            for (unsigned w = 0; w < c->threads; w++) {
                niv += c->w[w].niv;
                if (c->w[w].niv && c->w[w].iv[c->w[w].niv - 1].end_s > xmax)
                    xmax = c->w[w].iv[c->w[w].niv - 1].end_s;
            }
            title_of(c->impl, title, sizeof title);
            /* A close-up only where it shows more than the whole run does. */
            bool zoom = xmax > WR_ZOOM_FROM * WR_ZOOM_S;
            double z0 = zoom ? xmax / 2 - WR_ZOOM_S / 2 : 0, z1 = zoom ? z0 + WR_ZOOM_S : xmax;
            if (zoom)
                fprintf(g, "wr_any_zoom = 1\n");
            fprintf(g, "wr_title[%zu] = \"%s, T = %u: overlap %.0f%%\"\n", k + 1, title, c->threads,
                    100 * ratio(c->overlap_s, c->wall_s));
            fprintf(g, "wr_colour[%zu] = \"%s\"\nwr_T[%zu] = %u\nwr_intervals[%zu] = %zu\nwr_xmax[%zu] = %.9g\n"
                       "wr_zoom[%zu] = %d\nwr_zoom0[%zu] = %.9g\nwr_zoom1[%zu] = %.9g\n",
                    k + 1, colour_of(c->impl), k + 1, c->threads, k + 1, niv, k + 1, xmax > 0 ? xmax : 1, k + 1, zoom,
                    k + 1, z0, k + 1, z1 > z0 ? z1 : z0 + 1);
        }
        rc = close_file(g, path, e);
    }
    set_free(s);
    free(s);
    return rc;
}

void whoruns_caption(const char *dir, char *answer, char *n, char *not_drawn, size_t len)
{
    answer[0] = n[0] = not_drawn[0] = '\0';
    struct wr_set *s = malloc(sizeof *s);
    char why[ERR_MSG_MAX] = "";
    if (!s || load(s, dir, why, sizeof why) || s->n == 0) {
        snprintf(not_drawn, len, "the study has no sampled run (%s)",
                 !s ? "out of memory" : why[0] ? why : "none of the sampled cells ran");
        if (s)
            set_free(s);
        free(s);
        return;
    }
    size_t used = 0;
    for (size_t k = 0; k < s->n; k++) {
        const struct wr_cell *c = &s->c[k];
        char title[96];
        title_of(c->impl, title, sizeof title);
        int w = snprintf(answer + used, len - used, "%s%s at T = %u had two or more workers on a CPU %.0f%% of "
                                                    "its %.0f ms run",
                         k ? "; " : "", title, c->threads, 100 * ratio(c->overlap_s, c->wall_s), 1e3 * c->wall_s);
        if (w > 0 && used + (size_t)w < len)
            used += (size_t)w;
    }
    if (used + 2 < len)
        snprintf(answer + used, len - used, " (one sampled run each: an overlap, not a statistic, so no "
                                            "interval). Under the GIL the workers take turns (CPython's 5 ms "
                                            "switch interval); free-threaded and in C they run side by side.");
    snprintf(n, len, "n = 1 sampled, untimed run per drawn cell (%zu cells)", s->n);
    set_free(s);
    free(s);
}

void whoruns_report(FILE *f, const char *dir)
{
    struct wr_set *s = malloc(sizeof *s);
    char why[ERR_MSG_MAX] = "";
    fprintf(f, "## Who runs when\n\n");
    if (!s || load(s, dir, why, sizeof why)) {
        fprintf(f, "No sampled run could be read: %s.\n\n", s ? why : "out of memory");
        free(s);
        return;
    }
    if (!s->n) {
        fprintf(f, "This study has no sampled run (`schedule.csv`): it ran none of the sampled cells (");
        for (size_t i = 0; i < NDRAWN; i++)
            fprintf(f, "%s%s", i ? ", " : "", drawn[i]);
        fprintf(f, " on %s %s, at T = 2 or the largest T within the CPUs up to %u).\n\n", SCHEDULE_WORKLOAD,
                SCHEDULE_SPLIT, SCHEDULE_T_MAX);
        free(s);
        return;
    }
    fprintf(f, "For the cells below the study did one more run, after the timed rounds and never among them, with a "
               "sampler reading every worker's accumulated CPU time about every millisecond (`schedule.csv`). "
               "Between two readings a worker counts as on a CPU when its CPU time grew by more than half the "
               "time between them; each interval's ends are placed by the CPU time used in its edge steps, so a "
               "hand-over lands where it happened rather than on the readings' 1 ms grid. *Overlap* is the share of the run during which two or more workers were on a "
               "CPU at once; *hand-overs* count how often the CPU passed from one worker to another. Under a "
               "GIL the workers take turns (CPython switches every 5 ms by default), so overlap stays near 0 "
               "and hand-overs are many; with real parallelism the workers overlap for most of the run.\n\n");
    fprintf(f, "| implementation | workload | size | T | sampled run (s) | readings | on-CPU intervals | hand-overs | "
               "any worker on a CPU | overlap (2+ on a CPU) |\n|---|---|---|---|---|---|---|---|---|---|\n");
    for (size_t k = 0; k < s->n; k++) {
        const struct wr_cell *c = &s->c[k];
        size_t niv = 0;
        for (unsigned w = 0; w < c->threads; w++)
            niv += c->w[w].niv;
        fprintf(f, "| %s | %s %s | %" PRIu64 " | %u | %.3f | %zu | %zu | %zu | %.0f%% | %.1f%% |\n", c->impl,
                c->workload, c->split, c->size, c->threads, c->wall_s, c->readings, niv, c->handovers,
                100 * ratio(c->on_s, c->wall_s), 100 * ratio(c->overlap_s, c->wall_s));
    }
    fputc('\n', f);
    set_free(s);
    free(s);
}
