/* figappendix.c - the appendix: every series of the study against T
 * (speedup, wall time, efficiency, CPU use), in a grid of panels with one
 * row per group of modes and one column per workload and split, at most
 * APPENDIX_SERIES series a panel; and the start-to-end timeline of one run.
 *
 * Grouping: the native C models together; then one group per Python mode
 * (threading on every interpreter, C threads on every interpreter, ...),
 * each with C pthreads as its reference.  A group with more series than a
 * panel holds is cut into rows. */
#define _GNU_SOURCE
#include "figures.h"

#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvread.h"
#include "figkit.h"
#include "out.h"
#include "text.h"
#include "wording.h"

/* A panel with more lines than this is hard to read (issue 10). */
#define APPENDIX_SERIES 6
#define ROWS_MAX 32
#define IMPLS_MAX 128

struct group {
    char title[64];
    size_t n;
    const char *impl[IMPLS_MAX];
};

/* Series (implementation and size) of impl in panel p. */
static size_t sizes_in(const struct analysis *a, const char *impl, const struct panel *p)
{
    size_t n = 0;
    for (size_t i = 0; i < a->ncells; i++) {
        const struct cell *c = &a->cells[i];
        if (strcmp(c->impl, impl) || !figkit_in_panel(c, p))
            continue;
        if (i == 0 || strcmp(a->cells[i - 1].impl, impl) || !figkit_in_panel(&a->cells[i - 1], p) ||
            a->cells[i - 1].size != c->size)
            n++;
    }
    return n;
}

/* Adds impl to the last row unless a panel would then hold more than
 * APPENDIX_SERIES series; then to a new row continuing the group. */
static void place(const struct analysis *a, const struct panel *p, size_t np, struct group *rows, size_t *nrows,
                  const char *impl, const char *title, const char *ref)
{
    struct group *g = *nrows ? &rows[*nrows - 1] : NULL;
    int fits = g != NULL && g->n < IMPLS_MAX;
    for (size_t k = 0; k < np && fits; k++) {
        size_t n = sizes_in(a, impl, &p[k]);
        for (size_t i = 0; i < g->n; i++)
            n += sizes_in(a, g->impl[i], &p[k]);
        fits = n <= APPENDIX_SERIES;
    }
    if (!fits) {
        if (*nrows == ROWS_MAX)
            return;
        g = &rows[(*nrows)++];
        snprintf(g->title, sizeof g->title, "%s", title);
        g->n = 0;
        if (ref && strcmp(ref, impl))
            g->impl[g->n++] = ref;
    }
    g->impl[g->n++] = impl;
}

static size_t make_groups(const struct analysis *a, const struct panel *p, size_t np, struct group *rows)
{
    const char *impls[IMPLS_MAX];
    size_t ni = 0, nrows = 0;
    for (size_t i = 0; i < a->ncells && ni < IMPLS_MAX; i++)
        if ((!ni || strcmp(impls[ni - 1], a->cells[i].impl)) && !figkit_is_ceiling(a->cells[i].impl))
            impls[ni++] = a->cells[i].impl;
    const char *ref = NULL;
    for (size_t i = 0; i < ni; i++)
        if (!strcmp(impls[i], "pthreads"))
            ref = impls[i];
    /* the native models */
    size_t before = nrows;
    for (size_t i = 0; i < ni; i++) {
        int fam, mode;
        catalog_impl_kind(impls[i], &fam, &mode);
        if (fam != FAM_C)
            continue;
        if (nrows == before) { /* the group's first row */
            if (nrows == ROWS_MAX)
                break;
            snprintf(rows[nrows].title, sizeof rows[nrows].title, "native C");
            rows[nrows++].n = 0;
        }
        place(a, p, np, rows, &nrows, impls[i], "native C", NULL);
    }
    /* one group per Python mode, then the names nothing classifies */
    for (int m = 0; m <= MODE_OTHER; m++) {
        if (m < MODE_OTHER && !catalog_modes[m].python)
            continue;
        before = nrows;
        for (size_t i = 0; i < ni; i++) {
            int fam, mode;
            catalog_impl_kind(impls[i], &fam, &mode);
            /* a Python mode's group, or "other" for a name either table lacks */
            int unknown = fam == FAM_OTHER || mode == MODE_OTHER;
            if (fam == FAM_C || (m < MODE_OTHER ? mode != m || unknown : !unknown))
                continue;
            const char *title = m < MODE_OTHER ? catalog_modes[m].label : "other";
            if (nrows == before) {
                if (nrows == ROWS_MAX)
                    break;
                snprintf(rows[nrows].title, sizeof rows[nrows].title, "Python %s", title);
                rows[nrows].n = 0;
                if (ref)
                    rows[nrows].impl[rows[nrows].n++] = ref;
                nrows++;
            }
            char t[64];
            snprintf(t, sizeof t, "Python %s", title);
            place(a, p, np, rows, &nrows, impls[i], t, ref);
        }
    }
    return nrows;
}

/* The values a caption ranks: one per cell drawn within its set, with
 * its interval (NAN: none) and the flags that mark it. */
struct ranked {
    struct wording_value *v;
    char (*label)[96];
    size_t n;
    struct level_span levels;
};

static void rank_add(struct ranked *r, const struct cell *c, double v, double lo, double hi, double level,
                     size_t runs)
{
    if (!isfinite(v))
        return;
    snprintf(r->label[r->n], sizeof r->label[0], "%s (%s %s, T = %u)", c->impl, c->workload, c->split, c->threads);
    r->v[r->n] = (struct wording_value){r->label[r->n], v, lo, hi, figkit_shown_flags(c), runs};
    r->n++;
    if (isfinite(lo) && isfinite(hi))
        wording_levels_add(&r->levels, level);
}

/* The caption's answer: the highest and the lowest of r, each named only
 * where its interval separates it (wording_extreme); without intervals
 * (CPU use) the span alone, naming no series. */
static void rank_answer(struct fig_caption *cap, const char *what, const struct ranked *r, const char *fmt,
                        const char *where, int intervals)
{
    char *ans = cap->answer;
    const size_t len = sizeof cap->answer;
    if (!r->n) {
        text_cat(ans, len, "No cell has %s%s.", what, where);
        return;
    }
    if (!intervals) {
        double lo = INFINITY, hi = -INFINITY;
        for (size_t i = 0; i < r->n; i++) {
            lo = fmin(lo, r->v[i].v);
            hi = fmax(hi, r->v[i].v);
        }
        char a1[32], a2[32];
        snprintf(a1, sizeof a1, fmt, lo);
        snprintf(a2, sizeof a2, fmt, hi);
        text_cat(ans, len, "%s%s lie between %s and %s; with no interval to separate them, no series is named as "
                             "the highest or the lowest; every value is in the results tables and summary.csv.",
                   what, where, a1, a2);
        return;
    }
    char least[128], all[128];
    snprintf(least, sizeof least, "The lowest %s%s", what, where);
    snprintf(all, sizeof all, "The cells' %ss%s", what, where);
    wording_ends(ans, len, &cap->flags, least, "the highest", all, r->v, r->n, fmt);
    text_cat(ans, len, "; every value is in the results tables and summary.csv.");
    if (r->levels.n) {
        wording_levels_add(&cap->levels, r->levels.lo);
        wording_levels_add(&cap->levels, r->levels.hi);
    }
}

/* Work-balance caps drawn in one panel at most (one per size), and in the
 * whole figure (their key entries). */
#define CAPS_MAX 4
#define CAPKEYS_MAX 16

/* The caps of panel (r, k): one per size of its series where worth drawing
 * (figkit_cap_drawn), into all-cap-R-K.dat (a block per size: T cap
 * cap/T); each cap's entry in keys[] (the figure's distinct labels) into
 * key[], how many into *ncap. */
static int write_caps(const struct analysis *a, const char *data, size_t r, size_t col, const struct panel *p,
                      const struct fig_panel *q, char (*keys)[96], size_t *nkeys, size_t *key, size_t *ncap,
                      struct err *e)
{
    char name[64], path[PATH_MAX];
    snprintf(name, sizeof name, "all-cap-%zu-%zu.dat", r + 1, col + 1);
    FILE *f = out_open(data, name, path, e);
    if (!f)
        return -1;
    fprintf(f, "# the split's work-balance cap, a block per size drawn: T cap cap/T\n");
    unsigned Ts[64];
    size_t nT = figkit_threads(a, p, Ts, 64);
    uint64_t sizes[CAPS_MAX];
    *ncap = 0;
    for (size_t i = 0; i < q->n; i++)
        for (size_t c = 0; c < a->ncells; c++) {
            const struct cell *x = &a->cells[c];
            if (strcmp(x->impl, q->s[i].impl) || !figkit_in_panel(x, p))
                continue;
            size_t j = 0;
            while (j < *ncap && sizes[j] != x->size)
                j++;
            if (j < *ncap || *ncap == CAPS_MAX || !figkit_cap_drawn(p, x->size, Ts, nT))
                continue;
            char label[96];
            figkit_cap_label(label, sizeof label, p, x->size);
            size_t k = 0;
            while (k < *nkeys && strcmp(keys[k], label))
                k++;
            if (k == *nkeys) {
                if (k == CAPKEYS_MAX)
                    continue;
                snprintf(keys[(*nkeys)++], sizeof keys[0], "%s", label);
            }
            key[*ncap] = k;
            sizes[(*ncap)++] = x->size;
            fprintf(f, "%s# cap %s = %" PRIu64 "\n", *ncap > 1 ? "\n\n" : "", dataset_size_name(p->workload),
                    x->size);
            for (size_t t = 0; t < nT; t++) {
                double cap = figkit_cap(p, x->size, Ts[t]);
                fprintf(f, "%u %.6g %.6g\n", Ts[t], cap, cap / Ts[t]);
            }
        }
    if (!*ncap)
        fprintf(f, "# none\n");
    return out_close(f, path, e);
}

/* The ceiling's cells in panel p into all-ceil-K.dat (T speedup lo hi
 * efficiency lo hi): the speedup and efficiency figures draw it in every
 * row.  *drawn: 1 when it has any. */
static int write_ceiling(struct analysis *a, const char *data, size_t k, const struct panel *p, int *drawn,
                         struct err *e)
{
    char name[64], path[PATH_MAX];
    snprintf(name, sizeof name, "all-ceil-%zu.dat", k + 1);
    FILE *f = out_open(data, name, path, e);
    if (!f)
        return -1;
    fprintf(f, "# %s: T independent single-threaded C processes\n# T speedup lo hi efficiency lo hi\n",
            ANALYSIS_CEILING);
    const struct cell *c[64];
    size_t n = figkit_series_cells(a, ANALYSIS_CEILING, p, c, 64);
    *drawn = 0;
    for (size_t i = 0; i < n; i++) {
        const int one = c[i]->threads == 1;
        if (!isfinite(c[i]->speedup))
            continue;
        const double v[] = {one ? 1 : c[i]->speedup,    one ? 1 : c[i]->speedup_lo, one ? 1 : c[i]->speedup_hi,
                            one ? 1 : c[i]->efficiency, one ? 1 : c[i]->eff_lo,     one ? 1 : c[i]->eff_hi};
        fprintf(f, "%u", c[i]->threads);
        for (size_t x = 0; x < sizeof v / sizeof v[0]; x++)
            isfinite(v[x]) ? fprintf(f, " %.6g", v[x]) : fprintf(f, " ?");
        fputc('\n', f);
        *drawn = 1;
        figkit_note_level(&a->caption[FIG_speedup], wording_speedup_level(c[i]));
        figkit_note_level(&a->caption[FIG_efficiency], wording_speedup_level(c[i]));
    }
    return out_close(f, path, e);
}

/* One series s of panel q (rows' group g): its cells in the data file,
 * each noted once in drawn[] (pthreads repeats in every row). */
static void write_series(struct analysis *a, FILE *f, struct fig_panel *q, const struct panel *p,
                         const struct cell *s, const struct cell **drawn, size_t *ndrawn, struct figkit_marks *marks)
{
    /* the reader's name, with the size only where it tells two series apart */
    char name[96], label[DS_NAME_MAX + 48];
    figkit_impl_label(s->impl, name, sizeof name);
    if (sizes_in(a, s->impl, p) > 1)
        text_clip(label, sizeof label, "%s, %s = %" PRIu64, name, dataset_size_name(s->workload), s->size);
    else
        snprintf(label, sizeof label, "%s", name);
    struct fig_series *fs = &q->s[q->n++];
    snprintf(fs->impl, sizeof fs->impl, "%s", s->impl);
    text_clip(fs->label, sizeof fs->label, "%s", label);
    fs->fam = s->fam;
    fs->mode = s->mode < MODE_COUNT + MODE_EXTRA ? s->mode : MODE_OTHER;
    fprintf(f, "%s# %s\n# T median_s min_s max_s speedup lo hi efficiency lo hi cpu_util mark slot\n",
            q->n > 1 ? "\n\n" : "", s->impl);
    const struct cell *end = a->cells + a->ncells;
    for (const struct cell *c = s; c < end && !strcmp(c->impl, s->impl) && figkit_in_panel(c, p) && c->size == s->size;
         c++) {
        const int one = c->threads == 1 && isfinite(c->speedup);
        const double v[] = {c->median,
                            c->min,
                            c->max,
                            one ? 1 : c->speedup,
                            one ? 1 : c->speedup_lo,
                            one ? 1 : c->speedup_hi,
                            one ? 1 : c->efficiency,
                            one ? 1 : c->eff_lo,
                            one ? 1 : c->eff_hi,
                            c->cpu_util};
        fprintf(f, "%u", c->threads);
        for (size_t x = 0; x < sizeof v / sizeof v[0]; x++)
            isfinite(v[x]) ? fprintf(f, " %.6g", v[x]) : fprintf(f, " ?");
        const int mark = (c->flags & FIGKIT_POINT_FLAGS) != 0;
        fprintf(f, " \"%s\" %u\n", mark ? "*" : "", mark ? figkit_mark_slot(marks, c->threads) : 0);
        int seen = 0;
        for (size_t j = 0; j < *ndrawn && !seen; j++)
            seen = drawn[j] == c;
        if (seen)
            continue;
        drawn[(*ndrawn)++] = c;
        if (c->threads > 1 && isfinite(c->speedup_lo)) {
            figkit_note_level(&a->caption[FIG_speedup], wording_speedup_level(c));
            figkit_note_level(&a->caption[FIG_efficiency], wording_speedup_level(c));
        }
    }
}

/* The appendix's answers, from the cells drawn: the highest and the
 * lowest speedup, efficiency (at T = 2 and up within the CPUs) and wall
 * time, each named only where separated; CPU use, which has no interval,
 * as a span. */
static int answers(struct analysis *a, const struct cell **drawn, size_t ndrawn)
{
    struct ranked sp = {0}, ef = {0}, wt = {0}, cu = {0};
    struct ranked *all[] = {&sp, &ef, &wt, &cu};
    int rc = 0;
    for (size_t i = 0; i < 4; i++) {
        all[i]->v = calloc(ndrawn ? ndrawn : 1, sizeof *all[i]->v);
        all[i]->label = calloc(ndrawn ? ndrawn : 1, sizeof *all[i]->label);
        rc |= !all[i]->v || !all[i]->label;
    }
    for (size_t i = 0; i < ndrawn && !rc; i++) {
        const struct cell *c = drawn[i];
        if (c->threads >= 2 && (!a->cpus || c->threads <= a->cpus)) {
            rank_add(&sp, c, c->speedup, c->speedup_lo, c->speedup_hi, wording_speedup_level(c),
                     wording_speedup_runs(c));
            rank_add(&ef, c, c->efficiency, c->eff_lo, c->eff_hi, wording_speedup_level(c),
                     wording_speedup_runs(c));
            rank_add(&cu, c, c->cpu_util, NAN, NAN, NAN, 0);
        }
        rank_add(&wt, c, c->median, c->ci_lo, c->ci_hi, wording_cell_level(c), wording_cell_runs(c));
    }
    if (!rc) {
        char where[64];
        snprintf(where, sizeof where, " at T = 2 and up%s", a->cpus ? " within the CPUs" : "");
        rank_answer(&a->caption[FIG_speedup], "speedup", &sp, "%.3g×", where, 1);
        rank_answer(&a->caption[FIG_walltime], "median wall time", &wt, "%.3g s", "", 1);
        rank_answer(&a->caption[FIG_efficiency], "efficiency", &ef, "%.2f", where, 1);
        rank_answer(&a->caption[FIG_cpu], "The CPUs kept busy", &cu, "%.2f", where, 0);
    }
    for (size_t i = 0; i < 4; i++) {
        free(all[i]->v);
        free(all[i]->label);
    }
    return rc ? -1 : 0;
}

static int write_grid(struct analysis *a, const char *data, const struct panel *p, size_t np, struct err *e)
{
    struct group rows[ROWS_MAX];
    size_t nrows = make_groups(a, p, np, rows);
    const size_t npanels = nrows * np;
    struct fig_panel *fp = calloc(npanels ? npanels : 1, sizeof *fp);
    const struct cell **drawn = calloc(a->ncells ? a->ncells : 1, sizeof *drawn);
    size_t *capn = calloc(npanels ? npanels : 1, sizeof *capn);
    size_t *capkey = calloc((npanels ? npanels : 1) * CAPS_MAX, sizeof *capkey);
    if (!fp || !drawn || !capn || !capkey) {
        free(fp);
        free(drawn);
        free(capn);
        free(capkey);
        return err_set(e, EXIT_RUN_FAILED, "out of memory");
    }
    size_t ndrawn = 0, nkeys = 0;
    char keys[CAPKEYS_MAX][96];
    int ceil_in[ANALYSIS_MAX_PANELS] = {0};
    char path[PATH_MAX];
    int rc = 0;
    for (size_t r = 0; r < nrows && !rc; r++)
        for (size_t k = 0; k < np && !rc; k++) {
            struct fig_panel *q = &fp[r * np + k];
            text_clip(q->title, sizeof q->title, "%s: %s %s", rows[r].title, p[k].workload, p[k].split);
            char name[64], dpath[PATH_MAX];
            snprintf(name, sizeof name, "all-%zu-%zu.dat", r + 1, k + 1);
            FILE *f = out_open(data, name, dpath, e);
            if (!f) {
                rc = -1;
                break;
            }
            struct figkit_marks marks = {0};
            for (size_t g = 0; g < rows[r].n; g++) {
                size_t at = 0;
                for (const struct cell *s; (s = figkit_next_series(a, &p[k], &at));)
                    if (!strcmp(s->impl, rows[r].impl[g]) && q->n < FIG_SERIES_MAX)
                        write_series(a, f, q, &p[k], s, drawn, &ndrawn, &marks);
            }
            if (!q->n)
                fprintf(f, "# no series\n");
            const size_t at = r * np + k;
            rc = out_close(f, dpath, e) ||
                 write_caps(a, data, r, k, &p[k], q, keys, &nkeys, &capkey[at * CAPS_MAX], &capn[at], e);
        }
    for (size_t k = 0; k < np && !rc; k++)
        rc = write_ceiling(a, data, k, &p[k], &ceil_in[k], e);
    FILE *g = rc ? NULL : figkit_layout(data, "all", fp, npanels, path, e);
    if (!rc && !g)
        rc = -1;
    if (g) {
        const size_t n1 = np ? np : 1;
        fprintf(g, "nrows = %zu\nncols = %zu\narray rtitle[%zu]\narray ctitle[%zu]\narray cshort[%zu]\n", nrows, np,
                nrows ? nrows : 1, n1, n1);
        fprintf(g, "array pceil[%zu]\n", n1);
        for (size_t r = 0; r < nrows; r++)
            fprintf(g, "rtitle[%zu] = \"%s\"\n", r + 1, rows[r].title);
        for (size_t k = 0; k < np; k++) {
            fprintf(g, "ctitle[%zu] = \"%s %s", k + 1, p[k].workload, p[k].split); /* the sizes are in the tables */
            if (p[k].size)
                fprintf(g, " (%s = %" PRIu64 ")", dataset_size_name(p[k].workload), p[k].size);
            /* the same without the size, for a panel too narrow for it */
            fprintf(g, "\"\ncshort[%zu] = \"%s %s\"\npceil[%zu] = %d\n", k + 1, p[k].workload, p[k].split, k + 1,
                    ceil_in[k]);
        }
        /* the caps: each panel's, as indices into the figure's key labels */
        fprintf(g, "CAPS = %d\nncapkeys = %zu\narray capkey[%zu]\narray pncap[%zu]\narray pcapkey[%zu]\n", CAPS_MAX,
                nkeys, nkeys ? nkeys : 1, npanels ? npanels : 1, (npanels ? npanels : 1) * CAPS_MAX);
        for (size_t q = 0; q < nkeys; q++)
            fprintf(g, "capkey[%zu] = \"%s\"\n", q + 1, keys[q]);
        for (size_t k = 0; k < npanels; k++) {
            fprintf(g, "pncap[%zu] = %zu\n", k + 1, capn[k]);
            for (size_t j = 0; j < capn[k]; j++)
                fprintf(g, "pcapkey[%zu] = %zu\n", k * CAPS_MAX + j + 1, capkey[k * CAPS_MAX + j] + 1);
        }
        rc = out_close(g, path, e);
    }
    if (!rc)
        rc = answers(a, drawn, ndrawn) ? err_set(e, EXIT_RUN_FAILED, "out of memory") : 0;
    if (!rc) {
        static const int figs[] = {FIG_speedup, FIG_walltime, FIG_efficiency, FIG_cpu};
        for (size_t i = 0; i < sizeof figs / sizeof figs[0]; i++) {
            figkit_cat_n(a->caption[figs[i]].n, sizeof a->caption[figs[i]].n, drawn, ndrawn);
            if (!nrows || !np)
                snprintf(a->caption[figs[i]].not_drawn, sizeof a->caption[figs[i]].not_drawn,
                         "the study has no cell");
        }
        int any = 0;
        for (size_t i = 0; i < a->ncells && !any; i++)
            any = isfinite(a->cells[i].cpu_util);
        if (!any)
            snprintf(a->caption[FIG_cpu].not_drawn, sizeof a->caption[FIG_cpu].not_drawn,
                     "raw.csv has no CPU times (user_s, sys_s)");
    }
    free(fp);
    free(drawn);
    free(capn);
    free(capkey);
    return rc;
}

/* timeline-A.dat / timeline-B.dat: the workers of one run of py3.12 and
 * py3.14t threading, sumsq weak, at the largest T both have.
 * Writes timeline.gp with what was chosen (or tl_ok = 0). */
static int write_timeline(struct analysis *a, const char *data, struct err *e)
{
    static const char *const pair[2] = {"py3.12-threading", "py3.14t-threading"};
    char src[PATH_MAX], path[PATH_MAX];
    snprintf(src, sizeof src, "%s/timeline.csv", a->dir);
    struct csv_reader r;
    struct err ignore;
    unsigned best_T = 0;
    char best_wl[16] = "", best_split[16] = "";
    /* Pass 0 finds the largest T both have; pass 1 writes that run. */
    for (int pass = 0; pass < 2; pass++) {
        FILE *out[2] = {NULL, NULL};
        char opath[2][PATH_MAX];
        unsigned round_of[2] = {0, 0};
        if (pass == 1) {
            for (int s = 0; s < 2; s++) {
                char nm[32];
                snprintf(nm, sizeof nm, "timeline-%c.dat", 'A' + s);
                if (!(out[s] = out_open(data, nm, opath[s], e))) {
                    if (out[0])
                        fclose(out[0]);
                    return -1;
                }
                fprintf(out[s], "# %s %s/%s T=%u: worker start_s end_s\n", pair[s], best_wl, best_split, best_T);
            }
        }
        unsigned maxT[2] = {0, 0}; /* per implementation, sumsq weak */
        if (csvr_open(&r, src, &ignore) == 0) {
            int idx[8], got, header = 1;
            size_t width = 0;
            static const char *const want[8] = {"impl", "round", "workload", "split", "threads", "worker",
                                                "start_s", "end_s"};
            while ((got = csvr_next(&r, &ignore)) == 1) {
                if (header) {
                    header = 0;
                    width = r.nfields;
                    for (int k = 0; k < 8; k++) {
                        idx[k] = -1;
                        for (size_t i = 0; i < r.nfields; i++)
                            if (!strcmp(r.fields[i], want[k]))
                                idx[k] = (int)i;
                    }
                    if (idx[0] < 0 || idx[4] < 0 || idx[5] < 0 || idx[6] < 0 || idx[7] < 0 || idx[2] < 0 ||
                        idx[3] < 0 || idx[1] < 0)
                        break;
                    continue;
                }
                if (r.nfields != width)
                    continue; /* a short or long row: every idx[] must be in range */
                int s = !strcmp(r.fields[idx[0]], pair[0]) ? 0 : !strcmp(r.fields[idx[0]], pair[1]) ? 1 : -1;
                if (s < 0)
                    continue;
                unsigned T = (unsigned)strtoul(r.fields[idx[4]], NULL, 10);
                unsigned rnd = (unsigned)strtoul(r.fields[idx[1]], NULL, 10);
                int sw = !strcmp(r.fields[idx[2]], "sumsq") && !strcmp(r.fields[idx[3]], "weak");
                if (pass == 0) {
                    if (sw && T > maxT[s])
                        maxT[s] = T;
                    continue;
                }
                if (T != best_T || strcmp(r.fields[idx[2]], best_wl) || strcmp(r.fields[idx[3]], best_split))
                    continue;
                if (!round_of[s])
                    round_of[s] = rnd;
                if (rnd != round_of[s])
                    continue;
                double st = strtod(r.fields[idx[6]], NULL), en = strtod(r.fields[idx[7]], NULL);
                if (isfinite(st) && isfinite(en))
                    fprintf(out[s], "%s %.9g %.9g\n", r.fields[idx[5]], st, en);
            }
            csvr_close(&r);
        }
        if (pass == 0) {
            best_T = maxT[0] < maxT[1] ? maxT[0] : maxT[1];
            if (!best_T)
                break; /* no sumsq weak timeline of both: tl_ok = 0 */
            snprintf(best_wl, sizeof best_wl, "sumsq");
            snprintf(best_split, sizeof best_split, "weak");
        } else {
            for (int s = 0; s < 2; s++)
                if (out_close(out[s], opath[s], e))
                    return -1;
        }
    }
    FILE *g = out_open(data, "timeline.gp", path, e);
    if (!g)
        return -1;
    fprintf(g, "tl_ok = %d\ntl_what = \"%s %s, T = %u\"\n", best_T > 0, best_wl, best_split, best_T);
    struct fig_caption *cap = &a->caption[FIG_timeline];
    if (!best_T)
        snprintf(cap->not_drawn, sizeof cap->not_drawn,
                 "timeline.csv has no sumsq weak run of both py3.12-threading and py3.14t-threading");
    else {
        text_cat(cap->answer, sizeof cap->answer,
                    "One run each of py3.12-threading and py3.14t-threading, sumsq weak at T = %u: a worker's bar "
                    "runs from its start to its end, so it says when the workers finished, not who was on a CPU.",
                    best_T);
        snprintf(cap->n, sizeof cap->n, "n = 1 run per implementation (the first round)");
    }
    return out_close(g, path, e);
}

int figappendix_write(struct analysis *a, const char *data, const struct panel *p, size_t np, struct err *e)
{
    return write_grid(a, data, p, np, e) || write_timeline(a, data, e);
}
