/* test_study.c - the study runner and the analysis: statistics against
 * hand-computed values, the analysis of a fixture CSV, resume, interrupt,
 * a smoke study end to end (figures valid in every format, the report's
 * links all resolve), and bad options. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../analysis/stats.h"
#include "csvread.h"
#include "tests.h"

#define NEAR(a, b) (fabs((double)(a) - (double)(b)) <= 1e-9 * (1 + fabs((double)(b))))

/* ---- statistics, by hand ---------------------------------------------- */

static void t_quantiles(void)
{
    double a[] = {4, 1, 3, 2};
    stats_sort(a, 4);
    /* type 7: h = 3p; median h=1.5 -> 2.5; q1 h=0.75 -> 1.75; q3 h=2.25 -> 3.25 */
    CHECK(NEAR(stats_quantile(a, 4, 0.5), 2.5), "median of 1..4: %g", stats_quantile(a, 4, 0.5));
    CHECK(NEAR(stats_quantile(a, 4, 0.25), 1.75), "q1 of 1..4: %g", stats_quantile(a, 4, 0.25));
    CHECK(NEAR(stats_quantile(a, 4, 0.75), 3.25), "q3 of 1..4: %g", stats_quantile(a, 4, 0.75));
    double b[] = {3, 1, 2};
    stats_sort(b, 3);
    CHECK(NEAR(stats_quantile(b, 3, 0.5), 2) && NEAR(stats_quantile(b, 3, 0.25), 1.5) &&
              NEAR(stats_quantile(b, 3, 0.75), 2.5),
          "quartiles of {1,2,3}");
    CHECK(NEAR(stats_mean(b, 3), 2) && NEAR(stats_stdev(b, 3), 1), "mean 2, stdev 1 of {1,2,3}");
}

static void t_median_ci(void)
{
    double x[10];
    for (int i = 0; i < 10; i++)
        x[i] = i + 1;
    double lo, hi, cov;
    /* n = 10: P(B <= 1) = 11/1024 -> coverage 1 - 22/1024 = 0.978515625 for
     * ranks 2 and 9; ranks 3 and 8 would give 1 - 112/1024 < 0.95. */
    stats_median_ci(x, 10, 0.95, &lo, &hi, &cov);
    CHECK(lo == 2 && hi == 9 && NEAR(cov, 1 - 22.0 / 1024), "CI of 1..10: [%g, %g] at %g", lo, hi, cov);
    /* n = 3: no pair reaches 95%; [min, max] covers 1 - 2/8 = 0.75. */
    stats_median_ci(x, 3, 0.95, &lo, &hi, &cov);
    CHECK(lo == 1 && hi == 3 && NEAR(cov, 0.75), "CI of 1..3: [%g, %g] at %g", lo, hi, cov);
}

static void t_speedup_fits(void)
{
    CHECK(NEAR(stats_speedup(8, 2.5, 4, 0), 3.2), "strong speedup 8/2.5");
    CHECK(NEAR(stats_speedup(1, 1.25, 4, 1), 3.2), "weak throughput speedup 4*1/1.25");
    /* (1/3.2 - 1/4) / (1 - 1/4) = 0.0625 / 0.75 */
    CHECK(NEAR(stats_karp_flatt(3.2, 4), 0.0625 / 0.75), "Karp-Flatt(3.2, 4) = %g", stats_karp_flatt(3.2, 4));
    CHECK(isnan(stats_karp_flatt(1, 1)), "Karp-Flatt is undefined at T = 1");
    unsigned T[] = {1, 2, 4, 8};
    double S[4];
    for (int i = 0; i < 4; i++)
        S[i] = 1 / (0.1 + 0.9 / T[i]); /* Amdahl, f = 0.1 */
    CHECK(NEAR(stats_fit_serial(T, S, 4, 0), 0.1), "Amdahl fit: %g", stats_fit_serial(T, S, 4, 0));
    for (int i = 0; i < 4; i++)
        S[i] = T[i] - 0.2 * (T[i] - 1); /* Gustafson, f = 0.2 */
    CHECK(NEAR(stats_fit_serial(T, S, 4, 1), 0.2), "Gustafson fit: %g", stats_fit_serial(T, S, 4, 1));
    CHECK(isnan(stats_fit_serial(T, S, 1, 0)), "no fit from T = 1 alone");
}

static void t_noise(void)
{
    double noisy[] = {1, 1, 1, 1, 2}, calm[] = {0.99, 1, 1.01};
    CHECK(stats_noisy(noisy, 5), "max 67%% above the mean is noisy");
    CHECK(!stats_noisy(calm, 3), "1%% spread is not noisy");
}

/* ---- the analysis on a fixture ------------------------------------------ */

/* Hand-computed: pthreads sumsq weak N=100, T=1 walls {2,1,3} -> median 2,
 * q1 1.5, q3 2.5; T=2 walls {2,2.5,1.5,3} -> median 2.25, q1 1.875, q3
 * 2.625, throughput speedup 2*2/2.25 = 1.7777..., Karp-Flatt
 * (1/1.7777 - 1/2)/(1/2) = 0.125.  sumsq strong T=1 {4,4,4}, T=4
 * {1.25,1.25,1.25} -> speedup 3.2, Karp-Flatt 0.083333.  A failed row and
 * an exact duplicate must not count. */
static const char fixture[] =
    "impl,round,status,reason,workload,split,size,threads,wall_s,user_s,sys_s,verified,extra\r\n"
    "pthreads,1,ok,,sumsq,weak,100,1,2.0,2.0,0,1,x\r\n"
    "pthreads,2,ok,,sumsq,weak,100,1,1.0,1.0,0,1,x\r\n"
    "pthreads,3,ok,,sumsq,weak,100,1,3.0,3.0,0,1,x\r\n"
    "pthreads,1,ok,,sumsq,weak,100,2,2.0,4.0,0,1,x\r\n"
    "pthreads,2,ok,,sumsq,weak,100,2,2.5,5.0,0,1,x\r\n"
    "pthreads,3,ok,,sumsq,weak,100,2,1.5,3.0,0,1,x\r\n"
    "pthreads,4,ok,,sumsq,weak,100,2,3.0,6.0,0,1,x\r\n"
    "pthreads,4,ok,,sumsq,weak,100,2,3.0,6.0,0,1,x\r\n"
    "pthreads,5,failed,\"exit 1: worker 2, killed\",sumsq,weak,100,2,,,,0,x\r\n"
    "pthreads,1,ok,,sumsq,strong,100,1,4,4,0,1,x\r\n"
    "pthreads,2,ok,,sumsq,strong,100,1,4,4,0,1,x\r\n"
    "pthreads,3,ok,,sumsq,strong,100,1,4,4,0,1,x\r\n"
    "pthreads,1,ok,,sumsq,strong,100,4,1.25,5,0,1,x\r\n"
    "pthreads,2,ok,,sumsq,strong,100,4,1.25,5,0,1,x\r\n"
    "pthreads,3,ok,,sumsq,strong,100,4,1.25,5,0,1,x\r\n";

static int run_tool(const char *tool, const char *const *args, struct proc *p)
{
    char bin[PATH_MAX];
    if (!study_bin(bin, tool))
        return -1;
    const char *argv[40] = {bin};
    size_t k = 1;
    for (; *args && k < 39; args++)
        argv[k++] = *args;
    argv[k] = NULL;
    return proc_run((char *const *)argv, p);
}

/* The summary.csv row of (split, T) as fields; returns the field count. */
static size_t summary_row(const char *dir, const char *split, const char *T, char *out[], char *store, size_t cap)
{
    char path[PATH_MAX];
    struct csv_reader r;
    struct err e;
    path_in(path, dir, "summary.csv");
    if (csvr_open(&r, path, &e))
        return 0;
    size_t n = 0;
    while (csvr_next(&r, &e) == 1) {
        if (r.nfields > 4 && !strcmp(r.fields[2], split) && !strcmp(r.fields[4], T)) {
            size_t used = 0;
            for (size_t i = 0; i < r.nfields && used < cap; i++) {
                out[i] = store + used;
                used += (size_t)snprintf(store + used, cap - used, "%s", r.fields[i]) + 1;
            }
            n = r.nfields;
        }
    }
    csvr_close(&r);
    return n;
}

static double field(char *f[], size_t n, size_t i)
{
    return i < n && f[i][0] ? strtod(f[i], NULL) : NAN;
}

static void t_analysis_fixture(void)
{
    char *dir = tmpdir_make(), path[PATH_MAX];
    REQUIRE(dir, "mkdtemp");
    write_file(path_in(path, dir, "raw.csv"), fixture);
    const char *args[] = {"--no-figures", dir, NULL};
    struct proc p;
    REQUIRE(run_tool("analyze", args, &p) == 0, "cannot run analyze");
    CHECK(p.exited && p.code == 0, "analyze exit %d: %s", p.code, p.err);
    CHECK(strstr(p.err, "1 duplicate"), "the duplicate row is reported: %s", p.err);
    proc_free(&p);
    /* columns: impl,workload,split,size,threads,runs,median,min,max,q1,q3,
     * ci_lo,ci_hi,ci_level,mean,stdev,speedup,efficiency,karp_flatt,... */
    char *f[40], store[2048];
    size_t n = summary_row(dir, "weak", "1", f, store, sizeof store);
    REQUIRE(n >= 19, "no summary row for weak T=1");
    CHECK(field(f, n, 5) == 3 && NEAR(field(f, n, 6), 2) && NEAR(field(f, n, 9), 1.5) && NEAR(field(f, n, 10), 2.5),
          "weak T=1: runs %s median %s q1 %s q3 %s", f[5], f[6], f[9], f[10]);
    n = summary_row(dir, "weak", "2", f, store, sizeof store);
    REQUIRE(n >= 19, "no summary row for weak T=2");
    CHECK(field(f, n, 5) == 4, "weak T=2 counts 4 runs (failed and duplicate left out): %s", f[5]);
    CHECK(NEAR(field(f, n, 6), 2.25) && NEAR(field(f, n, 9), 1.875) && NEAR(field(f, n, 10), 2.625),
          "weak T=2: median %s q1 %s q3 %s", f[6], f[9], f[10]);
    CHECK(fabs(field(f, n, 16) - 2 * 2 / 2.25) < 1e-6, "weak throughput speedup %s, want 1.7778", f[16]);
    CHECK(fabs(field(f, n, 18) - 0.125) < 1e-6, "weak Karp-Flatt %s, want 0.125", f[18]);
    n = summary_row(dir, "strong", "4", f, store, sizeof store);
    REQUIRE(n >= 19, "no summary row for strong T=4");
    CHECK(fabs(field(f, n, 16) - 3.2) < 1e-6 && fabs(field(f, n, 17) - 0.8) < 1e-6,
          "strong speedup %s (want 3.2), efficiency %s (want 0.8)", f[16], f[17]);
    CHECK(fabs(field(f, n, 18) - 0.0625 / 0.75) < 1e-6, "strong Karp-Flatt %s", f[18]);
    tmpdir_remove(dir);
}

/* ---- the runner -------------------------------------------------------- */

/* The results folder the runner made under root (its only entry but
 * latest). */
static char *only_run(const char *root, char *out)
{
    char link[PATH_MAX];
    path_in(link, root, "latest");
    char *real = realpath(link, NULL);
    if (!real)
        return NULL;
    snprintf(out, PATH_MAX, "%s", real);
    free(real);
    return out;
}

#define SMALL_STUDY "--models", "pthreads,multiprocess", "--workloads", "nqueens", "--splits", "rr,dynamic", \
                    "--threads", "1,2,3", "--nqueens-size", "6", "--reps", "3", "--warmup", "1", "-q"
#define SMALL_RUNS 36 /* 2 models x 2 splits x 3 T x 3 rounds */

static void t_resume(void)
{
    char *root = tmpdir_make(), dir[PATH_MAX], path[PATH_MAX];
    REQUIRE(root, "mkdtemp");
    const char *args[] = {SMALL_STUDY, "--out", root, NULL};
    struct proc p;
    REQUIRE(run_tool("study", args, &p) == 0, "cannot run study");
    CHECK(p.exited && p.code == 0, "study exit %d: %s", p.code, p.err);
    proc_free(&p);
    REQUIRE(only_run(root, dir), "no results/latest");
    int dups;
    CHECK(raw_rows(dir, false, &dups) == SMALL_RUNS && dups == 0, "a full study has %d rows", SMALL_RUNS);
    /* Half-finished: keep the header and 10 rows, plus a torn line. */
    char *text = slurp(path_in(path, dir, "raw.csv"), NULL);
    REQUIRE(text, "read raw.csv");
    char *cut = text;
    for (int lines = 0; lines < 11 && cut; lines++)
        cut = strchr(cut, '\n') ? strchr(cut, '\n') + 1 : NULL;
    REQUIRE(cut, "raw.csv has 11 lines");
    strcpy(cut, "pthreads,2,ok,,multipro");
    write_file(path, text);
    free(text);
    const char *resume[] = {"--resume", dir, "-q", NULL};
    REQUIRE(run_tool("study", resume, &p) == 0, "cannot resume");
    CHECK(p.exited && p.code == 0, "resume exit %d: %s", p.code, p.err);
    proc_free(&p);
    long rows = raw_rows(dir, false, &dups);
    CHECK(rows == SMALL_RUNS && dups == 0, "after resume: %ld rows, %d repeated; want %d once each", rows, dups,
          SMALL_RUNS);
    /* Resuming a complete study, through results/latest this time, runs
     * nothing more and leaves latest pointing at the folder. */
    char latest[PATH_MAX], again[PATH_MAX];
    const char *resume_latest[] = {"--resume", path_in(latest, root, "latest"), "-q", NULL};
    REQUIRE(run_tool("study", resume_latest, &p) == 0, "cannot resume");
    CHECK(p.exited && p.code == 0 && raw_rows(dir, false, &dups) == SMALL_RUNS, "a second resume added rows");
    proc_free(&p);
    CHECK(only_run(root, again) && strcmp(again, dir) == 0, "results/latest no longer points at %s", dir);
    tmpdir_remove(root);
}

static void t_interrupt(void)
{
    char *root = tmpdir_make(), dir[PATH_MAX], bin[PATH_MAX];
    REQUIRE(root && study_bin(bin, "study"), "mkdtemp / STUDY_BIN");
    /* Enough runs that the signal lands mid-study. */
    pid_t pid = fork();
    REQUIRE(pid >= 0, "fork");
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        /* 80 runs of 15 ms or more: over a second in all */
        execl(bin, bin, "--models", "pthreads,multiprocess", "--workloads", "sumsq", "--splits", "weak", "--reps",
              "20", "--threads", "1,2", "--sumsq-size", "20000000", "--warmup", "1", "-q", "--out", root,
              (char *)NULL);
        _exit(127);
    }
    /* Signal once the first row is written, so the study is mid-way. */
    CHECK(wait_for_rows(root, 1, pid, 120), "the study wrote no row");
    kill(pid, SIGINT);
    int st;
    waitpid(pid, &st, 0);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 130, "interrupted study: exit %d, want 130", WEXITSTATUS(st));
    REQUIRE(only_run(root, dir), "no results/latest after an interrupt");
    int dups;
    long rows = raw_rows(dir, false, &dups);
    CHECK(rows > 0 && dups == 0, "interrupted raw.csv: %ld valid rows (want > 0, none repeated)", rows);
    /* Resume completes it: every run exactly once. */
    const char *resume[] = {"--resume", dir, "-q", NULL};
    struct proc p;
    REQUIRE(run_tool("study", resume, &p) == 0, "cannot resume");
    CHECK(p.exited && p.code == 0, "resume exit %d: %s", p.code, p.err);
    proc_free(&p);
    rows = raw_rows(dir, false, &dups);
    CHECK(rows == 2 * 2 * 20 && dups == 0, "after resume: %ld rows, %d repeated", rows, dups);
    tmpdir_remove(root);
}

/* Every markdown link target in text exists under dir. */
static int links_resolve(const char *dir, const char *text, char *missing, size_t len)
{
    int links = 0;
    for (const char *p = strstr(text, "]("); p; p = strstr(p + 2, "](")) {
        const char *end = strchr(p + 2, ')');
        if (!end)
            break;
        char rel[PATH_MAX], path[PATH_MAX];
        snprintf(rel, sizeof rel, "%.*s", (int)(end - p - 2), p + 2);
        if (strstr(rel, "://"))
            continue;
        path_in(path, dir, rel);
        links++;
        if (!file_exists(path)) {
            snprintf(missing, len, "%s", rel);
            return -1;
        }
    }
    return links;
}

static void t_smoke_end_to_end(void)
{
    char *root = tmpdir_make(), dir[PATH_MAX], path[PATH_MAX];
    REQUIRE(root, "mkdtemp");
    const char *args[] = {"--preset", "smoke", "-q", "--out", root, NULL};
    struct proc p;
    REQUIRE(run_tool("study", args, &p) == 0, "cannot run study");
    CHECK(p.exited && p.code == 0, "smoke study exit %d: %s", p.code, p.err);
    proc_free(&p);
    REQUIRE(only_run(root, dir), "no results/latest");
    const char *an[] = {dir, NULL};
    REQUIRE(run_tool("analyze", an, &p) == 0, "cannot run analyze");
    CHECK(p.exited && p.code == 0, "analyze exit %d: %s", p.code, p.err);
    proc_free(&p);
    static const char *const figs[] = {"speedup", "walltime", "efficiency", "single", "timeline", "cpu", "whoruns"};
    for (size_t i = 0; i < sizeof figs / sizeof figs[0]; i++) {
        static const char *const ext[] = {"png", "pdf", "svg"};
        for (int k = 0; k < 3; k++) {
            char name[64];
            snprintf(name, sizeof name, "figures/%s.%s", figs[i], ext[k]);
            size_t len = 0;
            char *data = slurp(path_in(path, dir, name), &len);
            if (!CHECK(data && len > 100, "%s missing or empty", name)) {
                free(data);
                continue;
            }
            if (k == 0)
                CHECK(!memcmp(data, "\x89PNG\r\n\x1a\n", 8), "%s: no PNG signature", name);
            else if (k == 1)
                CHECK(!memcmp(data, "%PDF", 4), "%s: no %%PDF", name);
            else
                CHECK(strstr(data, "<svg") != NULL, "%s: no <svg", name);
            free(data);
        }
    }
    char *report = slurp(path_in(path, dir, "report.md"), NULL), missing[PATH_MAX] = "";
    REQUIRE(report, "no report.md");
    int links = links_resolve(dir, report, missing, sizeof missing);
    CHECK(links >= 18, "report.md links to %d files (want every figure, 3 formats, at least); missing: %s", links,
          missing);
    CHECK(strstr(report, "## Methods paragraph") && strstr(report, "claims") && strstr(report, "## Who runs when"),
          "report.md lacks a section");
    free(report);
    CHECK(file_exists(path_in(path, dir, "summary.csv")) && file_exists(path_in(path, dir, "meta.json")),
          "summary.csv and meta.json");
    tmpdir_remove(root);
}

static void t_bad_options(void)
{
    static const char *const cases[][4] = {
        {"--preset", "bogus", NULL}, {"--models", "pthreads,nope", NULL}, {"--threads", "0", NULL},
        {"--reps", "0", NULL},       {"--frobnicate", NULL},              {"--resume", "/nonexistent-dir", NULL},
        {"--sumsq-size", "0", NULL}, {"--workloads", "fft", NULL},        {"--cell-timeout", "-1", NULL},
    };
    char *root = tmpdir_make();
    REQUIRE(root, "mkdtemp");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *args[8] = {cases[i][0], cases[i][1], "--out", root, NULL};
        if (!cases[i][1]) {
            args[1] = "--out";
            args[2] = root;
            args[3] = NULL;
        }
        struct proc p;
        REQUIRE(run_tool("study", args, &p) == 0, "cannot run study");
        size_t lines = 0;
        for (const char *c = p.err; *c; c++)
            lines += *c == '\n';
        CHECK(p.exited && p.code == 2 && lines == 1, "study %s %s: exit %d, stderr: %s", cases[i][0],
              cases[i][1] ? cases[i][1] : "", p.code, p.err);
        proc_free(&p);
    }
    char latest[PATH_MAX];
    CHECK(!file_exists(path_in(latest, root, "latest")), "a refused study wrote results");
    tmpdir_remove(root);
}

static CU_TestInfo stats_tests[] = {
    {"quartiles, mean, stdev by hand", t_quantiles},
    {"median CI from order statistics", t_median_ci},
    {"speedup, Karp-Flatt, Amdahl and Gustafson fits", t_speedup_fits},
    {"pyperf noise rule", t_noise},
    {"analysis of a fixture CSV", t_analysis_fixture},
    CU_TEST_INFO_NULL,
};

static CU_TestInfo runner_tests[] = {
    {"bad options: exit 2, one line, nothing written", t_bad_options},
    {"resume a half-finished study", t_resume},
    {"SIGINT keeps finished rows, resume completes", t_interrupt},
    {"smoke study end to end: figures and report", t_smoke_end_to_end},
    CU_TEST_INFO_NULL,
};

CU_SuiteInfo study_suites[] = {
    {"analysis statistics", NULL, NULL, NULL, NULL, stats_tests},
    {"study runner", NULL, NULL, NULL, NULL, runner_tests},
    CU_SUITE_INFO_NULL,
};
