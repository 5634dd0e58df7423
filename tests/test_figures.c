/* test_figures.c - the figures.  On fixtures: each figure draws the
 * implementations the study has and its caption names those it lacks; the
 * articles' claims are measured at the counts the machine has CPUs for,
 * through the host and, where the study ran them, through the
 * interpreters' own executables; an
 * appendix panel holds at most 6 series; names are parsed into families
 * and modes.  figures_check_study() checks a real results folder (the
 * smoke study end to end calls it): every output of every figure valid, the
 * PDFs' fonts embedded, no text under 7 pt at print size, no word past the
 * page's edge or on top of another (figures_check_words), the expected
 * series in the data gnuplot drew, the LaTeX text escaped, a caption per
 * figure with its question, answer, n and method. */
#define _GNU_SOURCE
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../analysis/analysis.h"
#include "csvread.h"
#include "tests.h"

/* The least font size in a figure at print size, in points. */
#define PRINT_PT_MIN 7.0

/* ---- helpers ------------------------------------------------------------- */

/* name's path on PATH into buf (PATH_MAX); NULL when not found. */
static char *tool_path(const char *name, char *buf)
{
    const char *path = getenv("PATH");
    for (const char *p = path ? path : "/usr/bin:/bin"; *p;) {
        const char *end = strchr(p, ':');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        snprintf(buf, PATH_MAX, "%.*s/%s", (int)n, p, name);
        if (n && access(buf, X_OK) == 0)
            return buf;
        p += n + (end != NULL);
    }
    return NULL;
}

/* Runs bin/analyze (with figures unless no_figures) on dir; true on exit 0. */
static bool analyze(const char *dir, bool no_figures)
{
    char bin[PATH_MAX];
    struct proc p;
    if (!study_bin(bin, "analyze"))
        return CHECK(false, "STUDY_BIN is not set");
    char *argv[] = {bin, no_figures ? "--no-figures" : (char *)dir, no_figures ? (char *)dir : NULL, NULL};
    if (proc_run(argv, &p))
        return CHECK(false, "cannot run %s", bin);
    bool ok = CHECK(p.exited && p.code == 0, "analyze exit %d: %s", p.code, p.err);
    proc_free(&p);
    return ok;
}

/* A fixture cell: six runs 0.2% apart around wall seconds. */
struct fcell {
    const char *impl, *workload, *split;
    unsigned size, T;
    double wall;
};

static const double STEADY[6] = {0.998, 0.999, 1.0, 1.0, 1.001, 1.002};

/* A results folder with raw.csv from cells and meta.json (NULL: none). */
static char *fixture(const struct fcell *c, size_t n, const char *meta)
{
    char *dir = tmpdir_make(), path[PATH_MAX];
    if (!dir)
        return NULL;
    size_t cap = 1 << 16, used = 0;
    char *csv = malloc(cap);
    if (!csv) {
        tmpdir_remove(dir);
        return NULL;
    }
    used += (size_t)snprintf(csv, cap, "impl,round,status,workload,split,size,threads,wall_s,user_s,sys_s,spawn_s,"
                                       "verified\n");
    for (size_t i = 0; i < n; i++)
        for (size_t r = 0; r < 6 && used < cap; r++) {
            double w = c[i].wall * STEADY[r];
            used += (size_t)snprintf(csv + used, cap - used, "%s,%zu,ok,%s,%s,%u,%u,%.9g,%.9g,0,0,1\n", c[i].impl,
                                     r + 1, c[i].workload, c[i].split, c[i].size, c[i].T, w, w * c[i].T);
        }
    write_file(path_in(path, dir, "raw.csv"), csv);
    free(csv);
    if (meta)
        write_file(path_in(path, dir, "meta.json"), meta);
    return dir;
}

/* figures/data/<file> under dir, or NULL. */
static char *data_file(const char *dir, const char *file)
{
    char rel[PATH_MAX], path[PATH_MAX];
    snprintf(rel, sizeof rel, "figures/data/%s", file);
    return slurp(path_in(path, dir, rel), NULL);
}

/* The data file has a block or row headed "# <impl>" (the whole line). */
static bool has_series(const char *text, const char *impl)
{
    size_t n = strlen(impl);
    for (const char *p = text; p && (p = strstr(p, "# ")); p += 2)
        if ((p == text || p[-1] == '\n') && !strncmp(p + 2, impl, n) && (p[2 + n] == '\n' || p[2 + n] == '\0'))
            return true;
    return false;
}

/* A series of a figures_layout file: its implementation, family and mode
 * (0-based, as catalog.h's families and MODE_TABLE), and its panel's count. */
struct lseries {
    char impl[DS_NAME_MAX];
    int fam, mode;
};

/* Reads <name>.gp's series (at most max) and the largest nser[]. */
static size_t layout_series(const char *text, struct lseries *out, size_t max, int *nser_max)
{
    size_t n = 0;
    *nser_max = 0;
    for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
        int k, v, fam, mode;
        char impl[DS_NAME_MAX];
        if (sscanf(p, "nser[%d] = %d", &k, &v) == 2 && v > *nser_max)
            *nser_max = v;
        if (n < max && sscanf(p, "sname[%*d] = \"%*[^\"]\"; simpl[%*d] = \"%47[^\"]\"; sfam[%*d] = %d; smode[%*d] = %d",
                              impl, &fam, &mode) == 3) {
            snprintf(out[n].impl, sizeof out[n].impl, "%s", impl);
            out[n].fam = fam - 1; /* the file's arrays are 1-based */
            out[n].mode = mode - 1;
            n++;
        }
    }
    return n;
}

/* The fields of the row of claims-K.dat under "# <num> / <den>":
 * measured (column 4) and at_claim (column 7); false when absent. */
static bool claim_row(const char *text, const char *pair, double *measured, int *at_claim)
{
    char head[128];
    snprintf(head, sizeof head, "# %s\n", pair);
    const char *p = text ? strstr(text, head) : NULL;
    if (!p)
        return false;
    double v[6];
    if (sscanf(p + strlen(head), "%lf %lf %lf %lf %lf %lf %d", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5],
               at_claim) != 7)
        return false;
    *measured = v[3];
    return true;
}

/* The columns of claims-K.dat after the row's three quoted strings, under
 * "# <pair>": the executables' value (column 11) and at_claim (14); false
 * when absent or not numbers. */
static bool claim_direct(const char *text, const char *pair, double *direct, int *at_claim)
{
    char head[128];
    snprintf(head, sizeof head, "# %s\n", pair);
    const char *p = text ? strstr(text, head) : NULL;
    for (int q = 0; p && q < 6; q++) /* past "what" "claimed" "measured" */
        p = strchr(p + 1, '"');
    double lo, hi;
    return p && sscanf(p + 1, "%lf %lf %lf %d", direct, &lo, &hi, at_claim) == 4;
}

/* The paragraph of report.md that starts with "**<what>" ("" when none). */
static void caption_of(const char *report, const char *what, char *out, size_t len)
{
    char head[160];
    snprintf(head, sizeof head, "**%s", what);
    const char *p = strstr(report, head), *end = p ? strstr(p, "\n\n") : NULL;
    snprintf(out, len, "%.*s", p ? (int)(end ? end - p : (ptrdiff_t)strlen(p)) : 0, p ? p : "");
}

/* ---- what a figure draws ----------------------------------------------------- */

static const char two_cpus[] = "{\n  \"cpus_online\": 2,\n  \"cpus_in_affinity\": 2\n}\n";
static const char eight_cpus[] = "{\n  \"cpus_online\": 8,\n  \"cpus_in_affinity\": 8\n}\n";

/* A study of three implementations: figure 1 draws them and names the
 * threading interpreters it lacks; figure 2 has no GIL build to compare
 * with and says so; figure 1's answer gives pthreads' speedup of 2 (weak:
 * T t1 / tT = 2 x 1 / 1), not its ratio of times (1). */
static void t_what_exists(void)
{
    static const struct fcell cells[] = {
        {"pthreads", "sumsq", "weak", 1000, 1, 1.0},          {"pthreads", "sumsq", "weak", 1000, 2, 1.0},
        {"py3.12-threading", "sumsq", "weak", 100, 1, 10},    {"py3.12-threading", "sumsq", "weak", 100, 2, 20},
        {"py3.14t-threading", "sumsq", "weak", 100, 1, 11},   {"py3.14t-threading", "sumsq", "weak", 100, 2, 11},
        {"pthreads", "nqueens", "rr", 8, 1, 1.0},             {"pthreads", "nqueens", "rr", 8, 2, 0.5},
        {"py3.12-threading", "nqueens", "rr", 6, 1, 10},      {"py3.12-threading", "nqueens", "rr", 6, 2, 10},
    };
    char *dir = fixture(cells, sizeof cells / sizeof cells[0], two_cpus), path[PATH_MAX], cap[CAPTION_MAX + 2048];
    REQUIRE(dir, "fixture");
    char *g1 = NULL, *g2 = NULL, *rep = NULL;
    REQUIRE_OR(done, analyze(dir, false), "analyze");
    g1 = data_file(dir, "gil-1.dat");
    g2 = data_file(dir, "gil-2.dat");
    rep = slurp(path_in(path, dir, "report.md"), NULL);
    REQUIRE_OR(done, g1 && g2 && rep, "gil-1.dat, gil-2.dat, report.md");
    CHECK(has_series(g1, "pthreads") && has_series(g1, "py3.12-threading") && has_series(g1, "py3.14t-threading"),
          "figure 1, sumsq: every threading series of the study:\n%s", g1);
    CHECK(has_series(g2, "py3.12-threading") && !has_series(g2, "py3.14t-threading"),
          "figure 1, nqueens: only what ran there:\n%s", g2);
    caption_of(rep, "Figure 1.", cap, sizeof cap);
    CHECK(strstr(cap, "![") == NULL && strstr(cap, "*Answer:*") && strstr(cap, "2× [") &&
              strstr(cap, "for C pthreads") && strstr(cap, "n = 6 runs per cell"),
          "figure 1's caption: pthreads' speedup 2 with its interval, n: %s", cap);
    CHECK(strstr(cap, "py3.14-threading") && strstr(cap, "py3.14t-gil-threading") && strstr(cap, "py3.13t-threading") &&
              !strstr(cap, "so not drawn:* py3.12"),
          "figure 1 names what the study lacks: %s", cap);
    CHECK(strstr(rep, "![Figure 1. GIL against free-threading](figures/gil.png)\n\n**Figure 1."),
          "figure 1's image, then its caption");
    caption_of(rep, "Figure 2.", cap, sizeof cap);
    CHECK(strstr(cap, "*Not drawn:* the study has no py3.14-threading") && !strstr(rep, "](figures/ftcost.png)"),
          "figure 2 without the GIL build: not drawn, and why: %s", cap);
    CHECK(!file_exists(path_in(path, dir, "figures/ftcost.png")), "no figure 2 file left");
done:
    free(g1);
    free(g2);
    free(rep);
    tmpdir_remove(dir);
}

/* Article 1's 8 threads on a 2-CPU machine: measured at T = 2 and marked
 * as no counterpart (2 / 1.1 = 1.82), never at the oversubscribed T = 8
 * (8 / 1.1 = 7.27); on 8 CPUs, at T = 8 as the claim's counterpart. */
static void t_claims_at_cpus(void)
{
    static const struct fcell cells[] = {
        {"py3.12-threading", "sumsq", "weak", 100, 1, 1},    {"py3.12-threading", "sumsq", "weak", 100, 2, 2},
        {"py3.12-threading", "sumsq", "weak", 100, 8, 8},    {"py3.14t-threading", "sumsq", "weak", 100, 1, 1.1},
        {"py3.14t-threading", "sumsq", "weak", 100, 2, 1.1}, {"py3.14t-threading", "sumsq", "weak", 100, 8, 1.1},
    };
    static const struct {
        const char *meta;
        double want;
        int at_claim;
        const char *workers;
    } cases[] = {
        {two_cpus, 2 / 1.1, 0, "| 2 (the articles': 8; this machine has 2 CPUs) |"},
        {eight_cpus, 8 / 1.1, 1, "| 8 |"},
        {NULL, 8 / 1.1, 1, "| 8 |"}, /* CPUs not recorded: the claim's count, unchecked */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *dir = fixture(cells, sizeof cells / sizeof cells[0], cases[i].meta), path[PATH_MAX];
        REQUIRE(dir, "fixture");
        char *c1 = NULL, *rep = NULL, *gp = NULL;
        double v = NAN;
        int at = -1;
        REQUIRE_OR(done, analyze(dir, true), "analyze");
        c1 = data_file(dir, "claims-1.dat");
        rep = slurp(path_in(path, dir, "report.md"), NULL);
        REQUIRE_OR(done, c1 && rep, "claims-1.dat, report.md");
        CHECK(claim_row(c1, "py3.12-threading / py3.14t-threading", &v, &at) && fabs(v / cases[i].want - 1) < 0.01 &&
                  at == cases[i].at_claim,
              "case %zu: measured %g (want %g), at the claim's count %d (want %d)", i, v, cases[i].want, at,
              cases[i].at_claim);
        CHECK(strstr(rep, cases[i].workers), "case %zu: the claims table's workers column says %s", i,
              cases[i].workers);
        CHECK(strstr(c1, "py3.14-threading / py3.14t-threading") && strstr(c1, "not measured"),
              "case %zu: article 2's claim, not in the study, is listed as not measured", i);
        gp = data_file(dir, "claims.gp");
        double d = 0;
        int dat = -1;
        CHECK(gp && strstr(gp, "hasdirect = 0") &&
                  claim_direct(c1, "py3.12-threading / py3.14t-threading", &d, &dat) && isnan(d),
              "case %zu: without the executables figure 5 draws none of theirs (%g)", i, d);
    done:
        free(c1);
        free(gp);
        free(rep);
        tmpdir_remove(dir);
    }
}

/* A study with the interpreters' own executables (py<tag>-direct) beside
 * the host: figure 5 draws and states each claim through both, the host's
 * +10% one thread costs and the executables' +5%, each with its interval
 * (the host alone would hide what the articles measured); its words fit
 * the page at both widths.  Without the executables it says nothing of
 * them. */
static void t_claims_direct(void)
{
    static const struct fcell with[] = {
        {"py3.14-threading", "sumsq", "weak", 100, 1, 10},  {"py3.14t-threading", "sumsq", "weak", 100, 1, 11},
        {"py3.14-direct", "sumsq", "weak", 100, 1, 10},     {"py3.14t-direct", "sumsq", "weak", 100, 1, 10.5},
        {"py3.12-threading", "sumsq", "weak", 100, 2, 20},  {"py3.14t-threading", "sumsq", "weak", 100, 2, 11},
        {"py3.12-direct", "sumsq", "weak", 100, 2, 20},     {"py3.14t-direct", "sumsq", "weak", 100, 2, 8},
    };
    char path[PATH_MAX], cap[CAPTION_MAX + 2048];
    char *dir = fixture(with, sizeof with / sizeof with[0], two_cpus), *c1 = NULL, *c2 = NULL, *gp = NULL,
         *rep = NULL;
    REQUIRE(dir, "fixture");
    REQUIRE_OR(done, analyze(dir, false), "analyze");
    c1 = data_file(dir, "claims-1.dat");
    c2 = data_file(dir, "claims-2.dat");
    gp = data_file(dir, "claims.gp");
    rep = slurp(path_in(path, dir, "report.md"), NULL);
    REQUIRE_OR(done, c1 && c2 && gp && rep, "claims-1.dat, claims-2.dat, claims.gp, report.md");
    double host = NAN, direct = NAN;
    int at = -1, dat = -1;
    CHECK(strstr(gp, "hasdirect = 1"), "figure 5 knows the study has the executables: %s", gp);
    CHECK(claim_row(c2, "py3.14t-threading / py3.14-threading", &host, &at) && fabs(host - 10) < 0.01 &&
              claim_direct(c2, "py3.14t-threading / py3.14-threading", &direct, &dat) && fabs(direct - 5) < 0.01 &&
              dat == 1,
          "one thread's cost: the host's +10%% (%g), the executables' +5%% (%g, at the claim's count %d)", host,
          direct, dat);
    /* 3.12 over 3.14t at T = 2: the host's 20 / 11, the executables' 20 / 8 */
    CHECK(claim_row(c1, "py3.12-threading / py3.14t-threading", &host, &at) && fabs(host / (20 / 11.0) - 1) < 0.01 &&
              claim_direct(c1, "py3.12-threading / py3.14t-threading", &direct, &dat) &&
              fabs(direct / 2.5 - 1) < 0.01 && dat == 0,
          "article 1's speed-up at T = 2: the host's %g (want 1.82), the executables' %g (want 2.5), not the "
          "claim's counterpart (%d)", host, direct, dat);
    caption_of(rep, "Figure 5.", cap, sizeof cap);
    CHECK(strstr(cap, "measured +10.0% [") && strstr(cap, "through the embedded host and +5.0% [") &&
              strstr(cap, "2.5× [") && strstr(cap, "through each interpreter's own executable"),
          "figure 5's answer gives both, with their intervals: %s", cap);
    for (int cols = 1; cols <= 2; cols++) {
        char rel[64];
        snprintf(rel, sizeof rel, "figures/claims%s.pdf", cols == 1 ? "-1col" : "");
        if (CHECK(file_exists(path_in(path, dir, rel)), "%s not drawn", rel))
            figures_check_words(path);
    }
done:
    free(c1);
    free(c2);
    free(gp);
    free(rep);
    tmpdir_remove(dir);
}

/* Seven native models beside pthreads: the C group is cut into panels of
 * at most 6 series, and every model is drawn once.  Names parse into
 * families and modes: the longest tag (3.14t-gil, not 3.14t), the former
 * name multiprocessing as mp-fork, 3.13t, and the names no table knows. */
static void t_appendix_and_names(void)
{
    static const char *const natives[] = {"pthreads", "openmp", "m1", "m2", "m3", "m4", "m5", "m6"};
    static const struct {
        const char *impl;
        int fam, mode;
    } py[] = {
        {"py3.14t-gil-threading", FAM_PY314T_GIL, MODE_THREADING}, {"py3.14t-threading", FAM_PY314T, MODE_THREADING},
        {"py3.12-multiprocessing", FAM_PY312, MODE_MP_FORK},      {"py3.14-mp-fork", FAM_PY314, MODE_MP_FORK},
        {"py3.14-interpreters", FAM_PY314, MODE_INTERPRETERS},    {"py3.13t-mp-spawn", FAM_PY313T, MODE_MP_SPAWN},
        {"py3.15-threading", FAM_OTHER, MODE_OTHER},
    };
    struct fcell cells[64];
    size_t n = 0;
    for (size_t i = 0; i < sizeof natives / sizeof natives[0]; i++)
        for (unsigned T = 1; T <= 2; T++)
            cells[n++] = (struct fcell){natives[i], "sumsq", "weak", 1000, T, 1.0};
    for (size_t i = 0; i < sizeof py / sizeof py[0]; i++)
        for (unsigned T = 1; T <= 2; T++)
            cells[n++] = (struct fcell){py[i].impl, "sumsq", "weak", 100, T, 10.0};
    char *dir = fixture(cells, n, two_cpus);
    REQUIRE(dir, "fixture");
    char *all = NULL;
    REQUIRE_OR(done, analyze(dir, true), "analyze");
    all = data_file(dir, "all.gp");
    REQUIRE_OR(done, all, "all.gp");
    struct lseries s[256];
    int nser_max;
    size_t ns = layout_series(all, s, 256, &nser_max);
    CHECK(nser_max > 0 && nser_max <= 6, "an appendix panel holds %d series (at most 6)", nser_max);
    for (size_t i = 0; i < sizeof natives / sizeof natives[0]; i++) {
        size_t seen = 0;
        for (size_t j = 0; j < ns; j++)
            seen += !strcmp(s[j].impl, natives[i]);
        /* pthreads is the reference of every Python group as well */
        CHECK(strcmp(natives[i], "pthreads") ? seen == 1 : seen >= 2, "%s drawn %zu times", natives[i], seen);
    }
    for (size_t i = 0; i < sizeof py / sizeof py[0]; i++) {
        size_t j = 0;
        while (j < ns && strcmp(s[j].impl, py[i].impl))
            j++;
        if (!CHECK(j < ns, "%s not in the appendix", py[i].impl))
            continue;
        CHECK(s[j].fam == py[i].fam && s[j].mode == py[i].mode, "%s: family %d mode %d, want %d %d", py[i].impl,
              s[j].fam, s[j].mode, py[i].fam, py[i].mode);
    }
done:
    free(all);
    tmpdir_remove(dir);
}

/* ---- a real results folder ------------------------------------------------- */

/* The implementations of summary.csv, and which ran T = 2 in sumsq weak. */
static size_t study_impls(const char *dir, char (*impls)[DS_NAME_MAX], bool *t2, size_t max)
{
    char path[PATH_MAX];
    struct csv_reader r;
    struct err e;
    size_t n = 0;
    if (csvr_open(&r, path_in(path, dir, "summary.csv"), &e))
        return 0;
    int ci = -1, cw = -1, cs = -1, cT = -1;
    for (bool header = true; csvr_next(&r, &e) == 1; header = false) {
        if (header) {
            for (size_t i = 0; i < r.nfields; i++) {
                ci = !strcmp(r.fields[i], "impl") ? (int)i : ci;
                cw = !strcmp(r.fields[i], "workload") ? (int)i : cw;
                cs = !strcmp(r.fields[i], "split") ? (int)i : cs;
                cT = !strcmp(r.fields[i], "threads") ? (int)i : cT;
            }
            if (ci < 0 || cw < 0 || cs < 0 || cT < 0)
                break;
            continue;
        }
        size_t j = 0;
        while (j < n && strcmp(impls[j], r.fields[ci]))
            j++;
        if (j == n && n < max) {
            snprintf(impls[n], DS_NAME_MAX, "%s", r.fields[ci]);
            t2[n++] = false;
        }
        if (j < n && !strcmp(r.fields[cw], "sumsq") && !strcmp(r.fields[cs], "weak") && !strcmp(r.fields[cT], "2"))
            t2[j] = true;
    }
    csvr_close(&r);
    return n;
}

/* Every font of pdf embedded, and at least one (the figures have text). */
static void check_fonts(const char *pdf)
{
    char tool[PATH_MAX];
    struct proc p;
    REQUIRE(tool_path("pdffonts", tool), "pdffonts not found (poppler-utils; tools/deps.sh installs it)");
    char *argv[] = {tool, (char *)pdf, NULL};
    REQUIRE(proc_run(argv, &p) == 0, "cannot run pdffonts");
    size_t fonts = 0, embedded = 0;
    const char *rows = strstr(p.out ? p.out : "", "\n---");
    rows = rows ? strchr(rows + 1, '\n') : NULL;
    for (const char *l = rows; l && *++l; l = strchr(l, '\n')) {
        /* name type encoding emb sub uni object ID: emb is the 5th field from the end */
        char *tok[32], line[512];
        size_t nt = 0;
        snprintf(line, sizeof line, "%.*s", (int)strcspn(l, "\n"), l);
        for (char *t = strtok(line, " "); t && nt < 32; t = strtok(NULL, " "))
            tok[nt++] = t;
        if (nt < 6)
            continue;
        fonts++;
        embedded += !strcmp(tok[nt - 5], "yes");
    }
    CHECK(p.exited && p.code == 0 && fonts > 0 && embedded == fonts, "%s: %zu fonts, %zu embedded:\n%s", pdf, fonts,
          embedded, p.out);
    proc_free(&p);
}

/* The smallest font box among pdf's words, in points (pdftotext
 * -bbox-layout): a word's height, or its width in a line of words stacked
 * one above the other (a y-axis label, turned 90 degrees). */
static double word_height_min(const char *pdf)
{
    char tool[PATH_MAX];
    struct proc p;
    if (!tool_path("pdftotext", tool))
        return NAN;
    char *argv[] = {tool, "-bbox-layout", (char *)pdf, "-", NULL};
    if (proc_run(argv, &p))
        return NAN;
    double least = INFINITY;
    for (const char *l = p.out; l && (l = strstr(l, "<line ")); l++) {
        const char *end = strstr(l, "</line>");
        double box[64][4];
        size_t n = 0;
        for (const char *w = l; end && n < 64 && (w = strstr(w + 1, "<word ")) && w < end;)
            if (sscanf(w, "<word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%lf\"", &box[n][0], &box[n][1],
                       &box[n][2], &box[n][3]) == 4)
                n++;
        bool turned = n >= 2;
        for (size_t i = 1; i < n; i++)
            turned &= fabs(box[i][0] - box[0][0]) < 0.01 && fabs(box[i][2] - box[0][2]) < 0.01;
        for (size_t i = 0; i < n; i++)
            least = fmin(least, turned ? box[i][2] - box[i][0] : box[i][3] - box[i][1]);
    }
    proc_free(&p);
    return least;
}

/* How far a word may cross the page's edge, in points (rounding of the
 * boxes), and how much two words' boxes may overlap, as a share of the
 * smaller one's width and height: a box is taller than its glyphs (it
 * holds the font's ascent and descent), so lines of text set 1.3 font
 * sizes apart overlap by about 11% of a box's height without touching. */
#define PAGE_SLACK_PT 0.5
#define WORD_OVERLAP_MAX 0.15

struct wbox {
    double x0, y0, x1, y1;
    char text[64];
};

/* The words of pdf with their boxes (pdftotext -bbox) and the page's size;
 * how many (at most max), -1 when pdftotext cannot run. */
static long word_boxes(const char *pdf, struct wbox *w, size_t max, double *width, double *height)
{
    char tool[PATH_MAX];
    struct proc p;
    if (!tool_path("pdftotext", tool))
        return -1;
    char *argv[] = {tool, "-bbox", (char *)pdf, "-", NULL};
    if (proc_run(argv, &p))
        return -1;
    long n = 0;
    const char *page = p.out ? strstr(p.out, "<page ") : NULL;
    if (!page || sscanf(page, "<page width=\"%lf\" height=\"%lf\"", width, height) != 2)
        n = -1;
    for (const char *l = page; n >= 0 && l && (l = strstr(l, "<word ")) && (size_t)n < max; l++) {
        struct wbox *b = &w[n];
        if (sscanf(l, "<word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%lf\">%63[^<]", &b->x0, &b->y0, &b->x1,
                   &b->y1, b->text) == 5)
            n++;
    }
    proc_free(&p);
    return n;
}

static double overlap_of(double a0, double a1, double b0, double b1)
{
    return fmin(a1, b1) - fmax(a0, b0);
}

/* Every word of pdf inside the page (a label cut by the frame of the page
 * crosses its edge), and no two words on top of each other (a label over a
 * tic label, a key over a title).  A word drawn twice in the same place
 * (gnuplot redraws a label with each plot of a multiplot) is one word. */
void figures_check_words(const char *pdf)
{
    enum { WORDS_MAX = 4096 };
    struct wbox *w = malloc(WORDS_MAX * sizeof *w);
    double width = 0, height = 0;
    REQUIRE(w, "out of memory");
    long n = word_boxes(pdf, w, WORDS_MAX, &width, &height);
    REQUIRE_OR(done, n >= 0, "%s: no words from pdftotext -bbox (poppler-utils; tools/deps.sh installs it)", pdf);
    size_t bad = 0;
    for (long i = 0; i < n && bad < 5; i++) {
        const struct wbox *a = &w[i];
        if (!CHECK(a->x0 >= -PAGE_SLACK_PT && a->y0 >= -PAGE_SLACK_PT && a->x1 <= width + PAGE_SLACK_PT &&
                       a->y1 <= height + PAGE_SLACK_PT,
                   "%s: \"%s\" [%.1f, %.1f] x [%.1f, %.1f] crosses the page's edge (%.0f x %.0f pt)", pdf, a->text,
                   a->x0, a->x1, a->y0, a->y1, width, height))
            bad++;
        for (long j = i + 1; j < n && bad < 5; j++) {
            const struct wbox *b = &w[j];
            if (fabs(a->x0 - b->x0) < 0.01 && fabs(a->y0 - b->y0) < 0.01 && !strcmp(a->text, b->text))
                continue; /* the same word drawn again */
            double ox = overlap_of(a->x0, a->x1, b->x0, b->x1), oy = overlap_of(a->y0, a->y1, b->y0, b->y1);
            double wmin = fmin(a->x1 - a->x0, b->x1 - b->x0), hmin = fmin(a->y1 - a->y0, b->y1 - b->y0);
            if (!CHECK(ox <= WORD_OVERLAP_MAX * wmin || oy <= WORD_OVERLAP_MAX * hmin,
                       "%s: \"%s\" and \"%s\" overlap (%.1f x %.1f pt)", pdf, a->text, b->text, ox, oy))
                bad++;
        }
    }
done:
    free(w);
}

/* The box pdftotext gives a word set at PRINT_PT_MIN by the same font and
 * terminal as the figures: the calibration of word_height_min. */
static double reference_height(const char *tmp)
{
    char tool[PATH_MAX], out[PATH_MAX], cmd[PATH_MAX + 256];
    struct proc p;
    if (!tool_path("gnuplot", tool))
        return NAN;
    snprintf(out, sizeof out, "%s/reference.pdf", tmp);
    snprintf(cmd, sizeof cmd,
             "set terminal pdfcairo size 3in,1in font 'Sans,%g' fontscale 1; set output '%s'; unset border; "
             "unset tics; set label 'Reference 0.5x' at graph 0.5, graph 0.5; plot [0:1] [0:1] NaN notitle",
             PRINT_PT_MIN, out);
    char *argv[] = {tool, "-e", cmd, NULL};
    if (proc_run(argv, &p))
        return NAN;
    proc_free(&p);
    return word_height_min(out);
}

/* A .tex of cairolatex: a picture that includes its .pdf by a bare name
 * (no folder of this machine), and no % in its text that LaTeX would read
 * as a comment (cutting off the closing braces). */
static void check_tex(const char *path, const char *name)
{
    char *tex = slurp(path, NULL), want[PATH_MAX + 8], pdf[PATH_MAX];
    if (!CHECK(tex, "%s missing", path))
        return;
    snprintf(want, sizeof want, "]{%s}}%%", name);
    CHECK(strstr(tex, "\\begin{picture}") && strstr(tex, "\\includegraphics") && strstr(tex, want),
          "%s: no picture including its .pdf as {%s}", path, name);
    for (const char *s = tex; (s = strstr(s, "\\strut{}")); s++) {
        const char *end = strstr(s, "}}%\n");
        for (const char *c = s; end && c < end; c++)
            if (*c == '%' && c[-1] != '\\') {
                CHECK(false, "%s: an unescaped %% in text: %.60s", path, s);
                break;
            }
    }
    snprintf(pdf, sizeof pdf, "%.*s.pdf", (int)(strlen(path) - 4), path);
    char *data = slurp(pdf, NULL);
    CHECK(data && !memcmp(data, "%PDF", 4), "%s: its .pdf missing or not a PDF", path);
    free(data);
    free(tex);
}

/* One output of a drawn figure: its file valid for its format. */
static void check_output(const char *dir, const char *fig, const char *file_fmt, const char *fmt, int cols,
                         double ref_h)
{
    char rel[PATH_MAX + 16], path[2 * PATH_MAX], sub[PATH_MAX];
    snprintf(sub, sizeof sub, file_fmt, fig);
    snprintf(rel, sizeof rel, "figures/%s", sub);
    path_in(path, dir, rel);
    if (!strcmp(fmt, "tex")) {
        const char *base = strrchr(sub, '/');
        char name[PATH_MAX];
        snprintf(name, sizeof name, "%.*s", (int)(strlen(base + 1) - 4), base + 1);
        check_tex(path, name);
        return;
    }
    size_t len = 0;
    char *data = slurp(path, &len);
    if (CHECK(data && len > 100, "%s missing or empty", rel)) {
        if (!strcmp(fmt, "png"))
            CHECK(!memcmp(data, "\x89PNG\r\n\x1a\n", 8), "%s: no PNG signature", rel);
        else if (!strcmp(fmt, "svg"))
            CHECK(strstr(data, "<svg") != NULL, "%s: no <svg", rel);
        else if (CHECK(!memcmp(data, "%PDF", 4), "%s: no %%PDF", rel)) {
            check_fonts(path);
            double h = word_height_min(path);
            /* at one-column width, every text at least PRINT_PT_MIN */
            if (cols == 1 && isfinite(ref_h))
                CHECK(h >= 0.99 * ref_h, "%s: a word %.2f pt high, less than 7 pt text's %.2f", rel, h, ref_h);
            figures_check_words(path);
        }
    }
    free(data);
}

#define FIG_NAME(name, ...) #name,
static const char *const fig_names[FIGURES_COUNT] = {FIGURE_TABLE(FIG_NAME)};
#undef FIG_NAME
#define FIG_WORDS(name, appendix, title, question, method) {appendix, title, question},
static const struct {
    int appendix;
    const char *title, *question;
} fig_words[FIGURES_COUNT] = {FIGURE_TABLE(FIG_WORDS)};
#undef FIG_WORDS
#define OUT_ROW(fmt, cols, file, label) {fmt, cols, file},
static const struct {
    const char *fmt;
    int cols;
    const char *file;
} outputs[FIGURE_OUTPUTS_COUNT] = {FIGURE_OUTPUTS(OUT_ROW)};
#undef OUT_ROW

/* The series each data file must hold, from summary.csv: figure 1 every
 * threading implementation and pthreads; figure 2 every threading
 * interpreter but 3.14 (the reference); figure 3 every Python
 * implementation that ran T = 2 (smoke's T within 2 CPUs); figure 4 every
 * implementation but the ceiling; the appendix every one, at most 6 a
 * panel; the ceiling in figure 1's and the appendix's -ceil- files. */
static void check_series(const char *dir)
{
    char impls[128][DS_NAME_MAX];
    bool t2[128];
    size_t n = study_impls(dir, impls, t2, 128);
    REQUIRE(n > 0, "no implementation in summary.csv");
    char *gil = data_file(dir, "gil-1.dat"), *ft = data_file(dir, "ftcost-1.dat"),
         *modes = data_file(dir, "modes-1.dat"), *fromc = data_file(dir, "fromc-1.dat"),
         *claims = data_file(dir, "claims-2.dat"), *all = data_file(dir, "all.gp");
    REQUIRE_OR(done, gil && ft && modes && fromc && claims && all, "a data file of figures 1 to 5 or the appendix");
    struct lseries s[512];
    int nser_max;
    size_t ns = layout_series(all, s, 512, &nser_max);
    CHECK(nser_max <= 6, "an appendix panel with %d series", nser_max);
    for (size_t i = 0; i < n; i++) {
        const char *m = impls[i];
        size_t len = strlen(m);
        /* the ceiling is a reference of its own, not a series: figure 1
         * and the appendix draw it from their -ceil- files (checked below);
         * figure 4 sets Python against C and has no place for it */
        if (!strcmp(m, "ceiling")) {
            char *g = data_file(dir, "gil-ceil-1.dat"), *a = data_file(dir, "all-ceil-1.dat");
            CHECK(g && strstr(g, "\n1 1 ") && strstr(g, "\n2 "), "figure 1 lacks the ceiling at T = 1, 2 (gil-ceil-1.dat)");
            CHECK(a && strstr(a, "\n1 1 ") && strstr(a, "\n2 "), "the appendix lacks the ceiling at T = 1, 2 (all-ceil-1.dat)");
            free(g);
            free(a);
            continue;
        }
        bool threading = len > 10 && !strcmp(m + len - 10, "-threading") && !strncmp(m, "py", 2);
        if (threading || !strcmp(m, "pthreads"))
            CHECK(has_series(gil, m), "figure 1 lacks %s", m);
        if (threading && strcmp(m, "py3.14-threading"))
            CHECK(has_series(ft, m), "figure 2 lacks %s", m);
        if (!strncmp(m, "py", 2) && t2[i])
            CHECK(has_series(modes, m), "figure 3 lacks %s", m);
        CHECK(has_series(fromc, m), "figure 4 lacks %s", m);
        size_t j = 0;
        while (j < ns && strcmp(s[j].impl, m))
            j++;
        CHECK(j < ns, "the appendix lacks %s", m);
    }
    CHECK(has_series(claims, "py3.14t-threading / py3.14-threading"), "figure 5 lacks the single-thread cost");
done:
    free(gil);
    free(ft);
    free(modes);
    free(fromc);
    free(claims);
    free(all);
}

void figures_check_study(const char *dir)
{
    char path[PATH_MAX], script[PATH_MAX], cap[CAPTION_MAX + 4096];
    char *report = slurp(path_in(path, dir, "report.md"), NULL);
    REQUIRE(report, "no report.md");
    double ref_h = reference_height(dir);
    CHECK(isfinite(ref_h) && ref_h > 0, "no reference height for 7 pt text (gnuplot, pdftotext)");
    const char *bin = getenv("STUDY_BIN");
    size_t main_no = 0, app_no = 0;
    for (size_t i = 0; i < FIGURES_COUNT; i++) {
        char what[96];
        if (fig_words[i].appendix)
            snprintf(what, sizeof what, "Figure A%zu. %s.**", ++app_no, fig_words[i].title);
        else
            snprintf(what, sizeof what, "Figure %zu. %s.**", ++main_no, fig_words[i].title);
        caption_of(report, what, cap, sizeof cap);
        if (!CHECK(cap[0], "report.md has no caption \"**%s\"", what))
            continue;
        CHECK(strstr(cap, fig_words[i].question), "%s: no question", what);
        /* whoruns needs the sampler's script; every other figure is drawn */
        snprintf(script, sizeof script, "%s/../analysis/%s.gp", bin ? bin : ".", fig_names[i]);
        bool drawn = !strstr(cap, "*Not drawn:*");
        if (strcmp(fig_names[i], "whoruns") || file_exists(script))
            CHECK(drawn, "%s not drawn: %s", what, cap);
        if (!drawn)
            continue;
        char img[256];
        snprintf(img, sizeof img, "](figures/%s.png)\n\n**%s", fig_names[i], what);
        CHECK(strstr(report, img), "%s: its image is not right above its caption", what);
        CHECK(strstr(cap, "*Answer:*") && strstr(cap, " n = ") && strstr(cap, "*Method:*"),
              "%s: no answer, n or method: %s", what, cap);
        /* whoruns states one sampled run's overlap: no interval, and says so;
         * with one process a cell there is no interval either (two-level
         * bootstrap: at least two units), and the answer must say so */
        if (!fig_words[i].appendix && i != FIG_timeline && i != FIG_whoruns)
            CHECK(strstr(cap, "× [") || strstr(cap, "% [") ||
                      ((strstr(cap, " n = 1 run") || strstr(cap, " n = 1 to ")) && strstr(cap, "no interval")),
                  "%s: the answer gives no interval, nor says it has none: %s", what, cap);
        for (size_t k = 0; k < FIGURE_OUTPUTS_COUNT; k++)
            check_output(dir, fig_names[i], outputs[k].file, outputs[k].fmt, outputs[k].cols, ref_h);
    }
    check_series(dir);
    free(report);
}

static CU_TestInfo figure_tests[] = {
    {"each figure draws what the study has and names what it lacks", t_what_exists},
    {"claims at the counts this machine has CPUs for", t_claims_at_cpus},
    {"claims through the host and the interpreters' own executables", t_claims_direct},
    {"appendix panels of at most 6 series; families and modes from names", t_appendix_and_names},
    CU_TEST_INFO_NULL,
};

CU_SuiteInfo figure_suites[] = {
    {"figures", NULL, NULL, NULL, NULL, figure_tests},
    CU_SUITE_INFO_NULL,
};
