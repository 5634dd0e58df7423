/* figures.c - the figures' data (figures/data/) and gnuplot, which draws
 * each figure from its script in analysis/ in every format. */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analysis.h"
#include "csvread.h"
#include "text.h"

#define FIGURE_FORMATS 3

static const char *const formats[FIGURE_FORMATS] = {"png", "svg", "pdf"};

#define FIG_ROW(name, title) {#name, title},
const struct figure figures_list[FIGURES_COUNT] = {FIGURE_TABLE(FIG_ROW)};
#undef FIG_ROW

static int split_rank(const char *s)
{
    static const char *const order[] = {"weak", "strong", "rr", "dynamic"};
    for (int i = 0; i < 4; i++)
        if (!strcmp(order[i], s))
            return i;
    return 4;
}

static int panel_rank(const struct panel *p)
{
    int w = strcmp(p->workload, "sumsq") == 0 ? 0 : strcmp(p->workload, "nqueens") == 0 ? 1 : 2;
    return w * 8 + split_rank(p->split);
}

size_t figures_panels(const struct analysis *a, struct panel *p)
{
    size_t n = 0;
    for (size_t i = 0; i < a->ncells; i++) {
        const struct cell *c = &a->cells[i];
        size_t k = 0;
        while (k < n && !figures_in_panel(c, &p[k]))
            k++;
        if (k == n && n < ANALYSIS_MAX_PANELS) {
            snprintf(p[n].workload, sizeof p[n].workload, "%s", c->workload);
            snprintf(p[n].split, sizeof p[n].split, "%s", c->split);
            p[n++].size = c->size;
        } else if (k < n && p[k].size != c->size) {
            p[k].size = 0; /* several sizes: each series says its own */
        }
    }
    /* sumsq before nqueens, each in the split order of the tables */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && panel_rank(&p[j - 1]) > panel_rank(&p[j]); j--) {
            struct panel t = p[j];
            p[j] = p[j - 1];
            p[j - 1] = t;
        }
    return n;
}

int figures_in_panel(const struct cell *c, const struct panel *p)
{
    return !strcmp(c->workload, p->workload) && !strcmp(c->split, p->split);
}

const char *figures_size_name(const char *workload)
{
    return strcmp(workload, "sumsq") == 0 ? "N" : "n";
}

void figures_series_label(const struct cell *c, const struct panel *p, char *buf, size_t len)
{
    if (p->size)
        snprintf(buf, len, "%s", c->impl);
    else
        snprintf(buf, len, "%s[%s=%" PRIu64 "]", c->impl, figures_size_name(c->workload), c->size);
}

const struct cell *figures_next_series(const struct analysis *a, const struct panel *p, size_t *i)
{
    for (; *i < a->ncells; (*i)++) {
        const struct cell *c = &a->cells[*i];
        if (!figures_in_panel(c, p))
            continue;
        if (*i > 0) {
            const struct cell *b = &a->cells[*i - 1];
            if (figures_in_panel(b, p) && !strcmp(b->impl, c->impl) && b->size == c->size)
                continue;
        }
        (*i)++;
        return c;
    }
    return NULL;
}

/* figures/data/panelK.dat: one block per series (gnuplot's index), columns
 * T median min max speedup efficiency cpu_util ns_per_unit; and panels.gp
 * with each panel's title, series names and styles, the CPU count and
 * whether any T exceeds it (the figures shade T > CPUs). */
static int write_plot_data(const struct analysis *a, const char *data, const struct panel *p, size_t np,
                           struct err *e)
{
    char path[PATH_MAX], name[64], label[DS_NAME_MAX + 48];
    FILE *g = analysis_open(data, "panels.gp", path, e);
    if (!g)
        return -1;
    unsigned maxT = 0;
    for (size_t i = 0; i < a->ncells; i++)
        maxT = a->cells[i].threads > maxT ? a->cells[i].threads : maxT;
    fprintf(g, "# written by bin/analyze: what each panel holds\nnpanels = %zu\n", np);
    fprintf(g, "# CPUs available (0: unknown); 1 when some T is above them\nncpus = %u\noversub = %d\n", a->cpus,
            a->cpus && maxT > a->cpus);
    fprintf(g, "array ptitle[%zu]\narray pnames[%zu]\narray pstyles[%zu]\narray pweak[%zu]\n", np ? np : 1,
            np ? np : 1, np ? np : 1, np ? np : 1);
    for (size_t k = 0; k < np; k++) {
        snprintf(name, sizeof name, "panel%zu.dat", k + 1);
        char dpath[PATH_MAX];
        FILE *f = analysis_open(data, name, dpath, e);
        if (!f) {
            fclose(g);
            return -1;
        }
        if (p[k].size)
            fprintf(g, "ptitle[%zu] = \"%s %s (%s = %" PRIu64 ")\"\n", k + 1, p[k].workload, p[k].split,
                    figures_size_name(p[k].workload), p[k].size);
        else
            fprintf(g, "ptitle[%zu] = \"%s %s (sizes per series)\"\n", k + 1, p[k].workload, p[k].split);
        fprintf(g, "pnames[%zu] = \"", k + 1);
        int blocks = 0;
        size_t at = 0;
        for (const struct cell *s; (s = figures_next_series(a, &p[k], &at));) {
            figures_series_label(s, &p[k], label, sizeof label);
            fprintf(f, "%s# %s\n", blocks ? "\n\n" : "", label);
            fprintf(g, "%s%s", blocks++ ? " " : "", label);
            const struct cell *end = a->cells + a->ncells;
            for (const struct cell *c = s;
                 c < end && !strcmp(c->impl, s->impl) && figures_in_panel(c, &p[k]) && c->size == s->size; c++) {
                fprintf(f, "%u %.9g %.9g %.9g ", c->threads, c->median, c->min, c->max);
                const double v[] = {c->speedup, c->efficiency, c->cpu_util, c->ns_per_unit};
                for (size_t x = 0; x < sizeof v / sizeof v[0]; x++)
                    isfinite(v[x]) ? fprintf(f, "%.6g ", v[x]) : fprintf(f, "? ");
                fputc('\n', f);
            }
        }
        fprintf(g, "\"\npstyles[%zu] = \"", k + 1);
        blocks = 0;
        at = 0;
        for (const struct cell *s; (s = figures_next_series(a, &p[k], &at));)
            fprintf(g, "%s%d", blocks++ ? " " : "", s->style);
        fprintf(g, "\"\npweak[%zu] = %d\n", k + 1, analysis_is_weak(p[k].split));
        if (analysis_close(f, dpath, e)) {
            fclose(g);
            return -1;
        }
    }
    return analysis_close(g, path, e);
}

/* single.dat: every implementation's cost per unit at T = 1 (ns per
 * iteration or node; its largest size where it ran several) in each panel
 * ("?" when absent or the units are unknown), one row per implementation:
 * comparable across sizes, so across families calibrated to different
 * sizes. */
static int write_single(const struct analysis *a, const char *data, const struct panel *p, size_t np,
                        struct err *e)
{
    char path[PATH_MAX];
    FILE *f = analysis_open(data, "single.dat", path, e);
    if (!f)
        return -1;
    fprintf(f, "impl style");
    for (size_t k = 0; k < np; k++)
        fprintf(f, " \"%s %s\"", p[k].workload, p[k].split);
    fputc('\n', f);
    const char *prev = NULL;
    for (size_t i = 0; i < a->ncells; i++) {
        const struct cell *c = &a->cells[i];
        if (prev && !strcmp(prev, c->impl))
            continue;
        prev = c->impl;
        fprintf(f, "%s %d", c->impl, c->style);
        for (size_t k = 0; k < np; k++) {
            double t = NAN;
            for (size_t j = i; j < a->ncells && !strcmp(a->cells[j].impl, c->impl); j++)
                if (figures_in_panel(&a->cells[j], &p[k]) && a->cells[j].threads == 1)
                    t = a->cells[j].ns_per_unit; /* cells ascend by size: the largest wins */
            isfinite(t) ? fprintf(f, " %.6g", t) : fprintf(f, " ?");
        }
        fputc('\n', f);
    }
    return analysis_close(f, path, e);
}

/* timeline-A.dat / timeline-B.dat: the workers of one run of py3.12 and
 * py3.14t threading, sumsq weak, at the largest T both have.
 * Writes timeline.gp with what was chosen (or tl_ok = 0). */
static int write_timeline(const struct analysis *a, const char *data, struct err *e)
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
                if (!(out[s] = analysis_open(data, nm, opath[s], e))) {
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
                if (analysis_close(out[s], opath[s], e))
                    return -1;
        }
    }
    FILE *g = analysis_open(data, "timeline.gp", path, e);
    if (!g)
        return -1;
    fprintf(g, "tl_ok = %d\ntl_what = \"%s %s, T = %u\"\n", best_T > 0, best_wl, best_split, best_T);
    return analysis_close(g, path, e);
}

int figures_draw(const char *scripts, const char *figdir, const char *data, const char *name, struct err *e)
{
    for (int k = 0; k < FIGURE_FORMATS; k++) {
        char script[PATH_MAX], defs[3 * PATH_MAX];
        text_clip(script, sizeof script, "%s/%s.gp", scripts, name);
        text_clip(defs, sizeof defs, "fmt='%s'; data='%s'; out='%s/%s.%s'; styles='%s/style.gp'", formats[k], data,
                 figdir, name, formats[k], scripts);
        fflush(NULL);
        pid_t pid = fork();
        if (pid < 0)
            return err_set(e, EXIT_RUN_FAILED, "fork: %s", strerror(errno));
        if (pid == 0) {
            execlp("gnuplot", "gnuplot", "-e", defs, script, (char *)NULL);
            fprintf(stderr, "analyze: cannot run gnuplot: %s (install gnuplot-nox)\n", strerror(errno));
            _exit(127);
        }
        int st;
        while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
            ;
        if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
            /* No half-drawn figure stays behind. */
            for (int j = 0; j < FIGURE_FORMATS; j++) {
                char path[PATH_MAX];
                text_clip(path, sizeof path, "%s/%s.%s", figdir, name, formats[j]);
                unlink(path);
            }
            return err_set(e, EXIT_RUN_FAILED, "gnuplot could not draw %s (its message is above)", name);
        }
    }
    return 0;
}

int figures_write_data(const struct analysis *a, const char *data, const struct panel *p, size_t np,
                       struct err *e)
{
    return write_plot_data(a, data, p, np, e) || write_single(a, data, p, np, e) || write_timeline(a, data, e);
}
