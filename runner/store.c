/* store.c - the results folder: results/<UTC timestamp> made new (or the
 * one being resumed) and results/latest pointed at it; raw.csv and
 * timeline.csv opened for appending; study.args, the options a study was
 * started with, and sizes.tsv, the sizes it chose, kept so that --resume
 * rebuilds the very same matrix; and, resuming, what raw.csv already
 * holds.
 *
 * Every row is flushed as it is written, so a study stopped any way leaves
 * a folder that --resume completes: a torn last line (a run killed
 * mid-write) is cut before appending, and sizes.tsv is replaced whole
 * (common/atomic.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "atomic.h"
#include "cli.h"
#include "csvread.h"
#include "study.h"
#include "text.h"

/* The sizes a study chose: one line per family and workload, "family
 * workload size how reference t1_s trials", tabs. */
#define SIZES_FILE "sizes.tsv"
#define SIZES_FIELDS 7
#define ARGS_MAX 64 /* lines of study.args read back, "study" included */

/* results/<UTC timestamp>, made new (a suffix when two start in a second). */
static int make_dir(struct study *st, struct err *e)
{
    if (mkdir(st->o.out_root, 0777) != 0 && errno != EEXIST)
        return err_set(e, EXIT_USAGE, "cannot create '%s': %s", st->o.out_root, strerror(errno));
    char stamp[32];
    time_t now = time(NULL);
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", gmtime(&now));
    for (int i = 1; i < 100; i++) {
        if (i == 1)
            text_clip(st->dir, sizeof st->dir, "%s/%s", st->o.out_root, stamp);
        else
            text_clip(st->dir, sizeof st->dir, "%s/%s-%d", st->o.out_root, stamp, i);
        if (mkdir(st->dir, 0777) == 0)
            return 0;
        if (errno != EEXIST)
            return err_set(e, EXIT_USAGE, "cannot create '%s': %s", st->dir, strerror(errno));
    }
    return err_set(e, EXIT_RUN_FAILED, "cannot find a free results folder under '%s'", st->o.out_root);
}

/* The options a study was started with, saved so --resume rebuilds the
 * very same matrix (one argument per line). */
static int save_args(const char *dir, int argc, char **argv, const char *threads, uint64_t seed, struct err *e)
{
    char path[PATH_MAX];
    text_clip(path, sizeof path, "%s/study.args", dir);
    FILE *f = fopen(path, "w");
    if (!f)
        return err_set(e, EXIT_RUN_FAILED, "cannot write '%s': %s", path, strerror(errno));
    for (int i = 1; i < argc; i++)
        fprintf(f, "%s\n", argv[i]);
    /* Later options win: the thread counts as expanded here ("2cpu" and
     * "max" depend on the machine) and the seed, drawn from the clock when
     * none was given. */
    fprintf(f, "--threads\n%s\n--seed\n%" PRIu64 "\n", threads, seed);
    return fclose(f) == 0 ? 0 : err_set(e, EXIT_RUN_FAILED, "writing '%s': %s", path, strerror(errno));
}

int store_use_dir(struct study *st, int argc, char **argv, struct err *e)
{
    if (!st->o.resume[0])
        return make_dir(st, e) || save_args(st->dir, argc, argv, st->threads_list, st->o.seed, e) ? -1 : 0;
    /* The real folder, not results/latest: latest is re-pointed at the
     * end, and must not end up pointing at itself. */
    char *real = realpath(st->o.resume, NULL);
    if (!real)
        return err_set(e, EXIT_USAGE, "cannot resume '%s': %s", st->o.resume, strerror(errno));
    text_clip(st->dir, sizeof st->dir, "%s", real);
    free(real);
    char *slash = strrchr(st->dir, '/');
    snprintf(st->o.out_root, sizeof st->o.out_root, "%.*s", slash ? (int)(slash - st->dir) : 1,
             slash ? st->dir : ".");
    return 0;
}

void store_point_latest(const struct study *st)
{
    char link[PATH_MAX], tmp[PATH_MAX];
    const char *base = strrchr(st->dir, '/');
    base = base ? base + 1 : st->dir;
    text_clip(link, sizeof link, "%s/latest", st->o.out_root);
    text_clip(tmp, sizeof tmp, "%s/.latest.tmp", st->o.out_root);
    unlink(tmp);
    if (symlink(base, tmp) == 0 && rename(tmp, link) != 0)
        unlink(tmp);
}

int store_load_args(const char *dir, int *argc, char ***argv, struct err *e)
{
    char path[PATH_MAX];
    text_clip(path, sizeof path, "%s/study.args", dir);
    FILE *f = fopen(path, "r");
    if (!f)
        return err_set(e, EXIT_USAGE, "cannot resume '%s': no study.args there (%s)", dir, strerror(errno));
    char **v = calloc(ARGS_MAX, sizeof *v);
    if (!v) {
        fclose(f);
        return err_set(e, EXIT_RUN_FAILED, "out of memory");
    }
    int n = 0;
    char line[PATH_MAX + 64];
    v[n++] = strdup("study");
    while (n < ARGS_MAX - 1 && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        v[n++] = strdup(line);
    }
    fclose(f);
    *argc = n;
    *argv = v;
    return 0;
}

void store_free_args(int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        free(argv[i]);
    free(argv);
}

/* Cuts a torn last line (a run killed mid-write) so appending stays valid. */
static int trim_torn_line(const char *path, struct err *e)
{
    FILE *f = fopen(path, "r+b");
    if (!f)
        return errno == ENOENT ? 0 : err_set(e, EXIT_USAGE, "cannot open '%s': %s", path, strerror(errno));
    long keep = 0, pos = 0;
    int c;
    while ((c = getc(f)) != EOF) {
        pos++;
        if (c == '\n')
            keep = pos;
    }
    fclose(f);
    if (keep != pos && truncate(path, keep) != 0)
        return err_set(e, EXIT_RUN_FAILED, "cannot trim '%s': %s", path, strerror(errno));
    return 0;
}

int store_open_outputs(struct study *st, struct err *e)
{
    const char *raw_header[RAW_COUNT], *tl_header[TLX_COUNT];
#define RAW_NAME(id, name) raw_header[id] = name;
    STUDY_COLUMNS(RAW_NAME)
#undef RAW_NAME
    for (size_t i = 0; i < COL_COUNT; i++)
        raw_header[RAW_OWN + i] = csv_result_header[i];
    tl_header[0] = "impl";
    tl_header[1] = "round";
    for (size_t i = 0; i < TL_COUNT; i++)
        tl_header[2 + i] = csv_timeline_header[i];
    text_clip(st->raw_path, sizeof st->raw_path, "%s/raw.csv", st->dir);
    text_clip(st->tl_path, sizeof st->tl_path, "%s/timeline.csv", st->dir);
    if (trim_torn_line(st->raw_path, e) || trim_torn_line(st->tl_path, e) ||
        csv_open(&st->raw, st->raw_path, raw_header, RAW_COUNT, e))
        return -1;
    if (csv_open(&st->tl, st->tl_path, tl_header, TLX_COUNT, e)) {
        csv_close(&st->raw, e);
        return -1;
    }
    return 0;
}

void store_close_outputs(struct study *st)
{
    struct err ignored = {0};
    csv_close(&st->raw, &ignored);
    csv_close(&st->tl, &ignored);
}

int store_save_sizes(const struct study *st, struct err *e)
{
    char path[PATH_MAX];
    text_clip(path, sizeof path, "%s/" SIZES_FILE, st->dir);
    struct atomic_file a;
    if (atomic_open(&a, path, e))
        return -1;
    for (int fam = 0; fam < SIZE_COUNT; fam++)
        for (int wl = 0; wl < WL_COUNT; wl++) {
            const struct calib *c = &st->calib[fam][wl];
            fprintf(a.f, "%s\t%s\t%" PRIu64 "\t%s\t%s\t%.9g\t%s\n", size_family_names[fam], workload_descs[wl].name,
                    st->o.sizes[fam][wl], c->how, c->reference[0] ? c->reference : "-", c->t1_s,
                    c->trials[0] ? c->trials : "-");
        }
    return atomic_commit(&a, e);
}

int store_load_sizes(struct study *st, struct err *e)
{
    char path[PATH_MAX], line[1024];
    text_clip(path, sizeof path, "%s/" SIZES_FILE, st->dir);
    FILE *f = fopen(path, "r");
    if (!f)
        return errno == ENOENT ? 1 : err_set(e, EXIT_USAGE, "cannot read '%s': %s", path, strerror(errno));
    int seen = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        char *field[SIZES_FIELDS], *rest = line;
        int k = 0;
        while (k < SIZES_FIELDS && (field[k] = strsep(&rest, "\t")))
            k++;
        int fam = -1;
        for (int i = 0; k == SIZES_FIELDS && i < SIZE_COUNT; i++)
            if (strcmp(field[0], size_family_names[i]) == 0)
                fam = i;
        const struct workload_desc *wd = k == SIZES_FIELDS ? workload_by_name(field[1]) : NULL;
        uint64_t size;
        if (fam < 0 || !wd || cli_parse_u64(field[2], wd->size_min, wd->size_max, &size)) {
            fclose(f);
            return err_set(e, EXIT_USAGE, "cannot resume: '%s' is damaged", path);
        }
        struct calib *c = &st->calib[fam][wd->id];
        st->o.sizes[fam][wd->id] = size;
        snprintf(c->how, sizeof c->how, "%s", field[3]);
        snprintf(c->reference, sizeof c->reference, "%s", strcmp(field[4], "-") ? field[4] : "");
        c->t1_s = strtod(field[5], NULL);
        snprintf(c->trials, sizeof c->trials, "%s", strcmp(field[6], "-") ? field[6] : "");
        seen++;
    }
    fclose(f);
    if (seen != SIZE_COUNT * WL_COUNT)
        return err_set(e, EXIT_USAGE, "cannot resume: '%s' is incomplete", path);
    for (size_t i = 0; i < st->ncells; i++)
        st->cells[i].size = st->o.sizes[impl_size_family(st->cells[i].impl)][st->cells[i].workload];
    return 0;
}

/* Reading raw.csv back: the process whose rows are being read (a
 * process's rows are written together, so they are consecutive). */
struct reload {
    struct study *st;
    long cell;                  /* -1: none, or not a cell of this matrix */
    struct proc_info p;
    double *vals;
    size_t nvals, cap;
    bool have;
    struct err *e;
};

/* The process read so far goes to its cell.  0, or -1 with *e. */
static int flush_process(struct reload *r)
{
    if (!r->have)
        return 0;
    r->have = false;
    struct study *st = r->st;
    if (r->p.proc >= st->next_proc)
        st->next_proc = r->p.proc + 1;
    if (r->p.block >= st->next_block)
        st->next_block = r->p.block + 1;
    st->failures_before += !r->p.ok;
    st->disturbed += r->p.disturbed;
    if (r->cell < 0)
        return 0;
    struct cell_procs *cp = &st->procs[r->cell];
    if ((unsigned)r->p.round > st->rounds_run)
        st->rounds_run = r->p.round;
    st->runs_skipped++;
    return procs_add(cp, &r->p, r->vals, r->p.ok ? r->nvals : 0) ? err_set(r->e, EXIT_RUN_FAILED, "out of memory")
                                                                 : 0;
}

/* The largest of a load column seen, into *max. */
static void note_max(const char *field, double *max)
{
    char *end;
    double v = strtod(field, &end);
    if (*field && !*end && isfinite(v) && !(v <= *max))
        *max = v;
}

/* One row of raw.csv, added to its process. */
static int reload_row(size_t index, char **f, size_t n, void *arg)
{
    struct reload *r = arg;
    struct study *st = r->st;
    if (index == 0 || n != RAW_COUNT)
        return 0; /* the header, or a row of another version */
    uint64_t proc, block, round;
    if (cli_parse_u64(f[RAW_PROC], 1, UINT64_MAX, &proc) || cli_parse_u64(f[RAW_BLOCK], 0, UINT64_MAX, &block) ||
        cli_parse_u64(f[RAW_ROUND], 1, UINT32_MAX, &round))
        return 0; /* not a row this runner wrote */
    if (!r->have || proc != r->p.proc) {
        if (flush_process(r))
            return -1;
        char impl[IMPL_NAME_MAX * 2], key[256];
        snprintf(impl, sizeof impl, "%s", f[RAW_IMPL]);
        matrix_canonical_names(impl, sizeof impl); /* rows from before a rename */
        cell_key_of_row(impl, f[RAW_OWN + COL_WORKLOAD], f[RAW_OWN + COL_SPLIT], f[RAW_OWN + COL_SIZE],
                        f[RAW_OWN + COL_THREADS], key, sizeof key);
        r->cell = -1;
        for (size_t i = 0; i < st->ncells && r->cell < 0; i++)
            if (!strcmp(key, st->procs[i].key))
                r->cell = (long)i;
        r->p = (struct proc_info){.proc = proc, .block = block, .round = (unsigned)round, .ok = true,
                                  .disturbed = !strcmp(f[RAW_DISTURBED], "1")};
        r->nvals = 0;
        r->have = true;
        note_max(f[RAW_OTHER_CPUS], &st->other_cpus_max);
        note_max(f[RAW_STEAL_CPUS], &st->steal_cpus_max);
    }
    char *end;
    double w = strtod(f[RAW_OWN + COL_WALL_S], &end);
    if (strcmp(f[RAW_STATUS], "ok") != 0 || *end || !(w > 0) || !isfinite(w)) {
        r->p.ok = false;
        return 0;
    }
    if (r->nvals == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 16;
        double *v = realloc(r->vals, cap * sizeof *v);
        if (!v)
            return err_set(r->e, EXIT_RUN_FAILED, "out of memory");
        r->vals = v, r->cap = cap;
    }
    r->vals[r->nvals++] = w;
    return 0;
}

int store_load_done(struct study *st, struct err *e)
{
    char path[PATH_MAX];
    text_clip(path, sizeof path, "%s/raw.csv", st->dir);
    if (trim_torn_line(path, e))
        return -1;
    st->next_proc = st->next_proc ? st->next_proc : 1;
    st->next_block = st->next_block ? st->next_block : 1;
    if (access(path, F_OK) != 0)
        return 0;
    struct reload r = {.st = st, .cell = -1, .e = e};
    int rc = csvr_each(path, reload_row, &r, e);
    if (rc == 0)
        rc = flush_process(&r);
    free(r.vals);
    return rc;
}
