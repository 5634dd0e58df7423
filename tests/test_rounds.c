/* test_rounds.c - the runner's trust machinery: run lengths calibrated to a
 * target, pinned sizes that skip it, and repeat-until-sure rounds.
 *
 * The model is a stand-in: a script named pthreads that runs the real
 * binary (so the row is real and verified) and then replaces wall_s by a
 * value the test controls, so the expected sizes and round counts follow
 * from arithmetic, not from this machine's speed:
 *   - "calib": sumsq takes size * 1e-9 s, nqueens 10^(n - 10) s;
 *   - "noise": sumsq takes 0.1 * (1 + U(0,1)) s (a spread no CI can
 *     narrow to +-3%), nqueens exactly 0.1 s (a CI of width 0).
 *   - "outlier": sumsq's first run takes 0.2 s, every other 0.1 s;
 *     nqueens 0.1 s.
 * Every call is logged, so a test can see that calibration ran or not.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csvread.h"
#include "tests.h"

#define REQUIRE(cond, ...)                                                                                  \
    do {                                                                                                    \
        if (!CHECK(cond, __VA_ARGS__))                                                                      \
            return;                                                                                         \
    } while (0)

struct standin {
    char *root;             /* the results root */
    char *fake;             /* the stand-in bin folder */
    char log[PATH_MAX];     /* one line per call: its arguments */
};

static bool standin_make(struct standin *s, const char *mode)
{
    char real[PATH_MAX], path[PATH_MAX], script[4 * PATH_MAX];
    s->root = tmpdir_make();
    s->fake = tmpdir_make();
    if (!s->root || !s->fake || !study_bin(real, "pthreads"))
        return false;
    path_in(s->log, s->fake, "calls.log");
    snprintf(script, sizeof script,
             "#!/bin/sh\n"
             "echo \"$*\" >> '%s'\n"
             "'%s' \"$@\" | awk -F, -v OFS=, -v seed=$$ -v mode=%s -v nth=$(grep -c -- '-w sumsq' '%s') '\n"
             "BEGIN { srand(seed) }\n"
             "NR == 1 { for (i = 1; i <= NF; i++) { if ($i == \"wall_s\") w = i; if ($i == \"size\") s = i;\n"
             "                                      if ($i == \"workload\") k = i }\n"
             "          print; next }\n"
             "{ if (mode == \"calib\") $w = ($k == \"sumsq\") ? $s * 1e-9 : 10 ^ ($s - 10);\n"
             "  else if (mode == \"outlier\") $w = ($k == \"sumsq\" && nth == 1) ? 0.2 : 0.1;\n"
             "  else $w = ($k == \"sumsq\") ? 0.1 * (1 + rand()) : 0.1;\n"
             "  print }'\n",
             s->log, real, mode, s->log);
    write_file(path_in(path, s->fake, "pthreads"), script);
    return chmod(path, 0755) == 0;
}

static void standin_free(struct standin *s)
{
    tmpdir_remove(s->root);
    tmpdir_remove(s->fake);
}

/* Runs the study over the stand-in with extra arguments; its exit code. */
static int run_study(const struct standin *s, const char *const *extra, struct proc *p)
{
    char bin[PATH_MAX];
    if (!study_bin(bin, "study"))
        return -1;
    /* One value per process: a row is a process, as the rules below count.
     * No process is judged disturbed (the load is still recorded): these
     * rules must not hang on how busy this machine is, where a disturbed
     * process would be replaced (test_plan_e2e.c tests that). */
    const char *argv[48] = {bin,  "--bin", s->fake,   "--models", "pthreads",         "--threads", "1",
                            "-q", "--out", s->root, "--values", "1",        "--keep-disturbed"};
    size_t k = 13;
    for (; *extra && k < 47; extra++)
        argv[k++] = *extra;
    argv[k] = NULL;
    if (proc_run((char *const *)argv, p))
        return -1;
    return p->exited ? p->code : -1;
}

/* results/latest's real folder into dir. */
static bool latest_dir(const char *root, char *dir)
{
    char link[PATH_MAX];
    snprintf(link, sizeof link, "%s/latest", root);
    return realpath(link, dir) != NULL;
}

/* Rows of raw.csv whose workload column is wl (and status ok), and the
 * values of one more column of the first such row into val. */
static long rows_of(const char *dir, const char *wl, const char *col, char *val, size_t len)
{
    char path[PATH_MAX];
    struct csv_reader r;
    struct err e;
    if (csvr_open(&r, path_in(path, dir, "raw.csv"), &e))
        return -1;
    long n = 0;
    int iw = -1, ic = -1, is = -1, header = 1;
    while (csvr_next(&r, &e) == 1) {
        if (header) {
            for (size_t i = 0; i < r.nfields; i++) {
                iw = strcmp(r.fields[i], "workload") ? iw : (int)i;
                ic = strcmp(r.fields[i], col) ? ic : (int)i;
                is = strcmp(r.fields[i], "status") ? is : (int)i;
            }
            header = 0;
            continue;
        }
        if (iw < 0 || ic < 0 || is < 0 || strcmp(r.fields[iw], wl) || strcmp(r.fields[is], "ok"))
            continue;
        if (n++ == 0)
            snprintf(val, len, "%s", r.fields[ic]);
    }
    csvr_close(&r);
    return n;
}

/* Lines of the call log that contain s. */
static int calls_with(const struct standin *s, const char *needle)
{
    char *log = slurp(s->log, NULL);
    int n = 0;
    for (char *p = log; p && (p = strstr(p, needle)); p++)
        n++;
    free(log);
    return n;
}

static void t_calibration_grows_to_target(void)
{
    struct standin s;
    REQUIRE(standin_make(&s, "calib"), "setup");
    /* Target 0.5 ms.  sumsq from N = 10000 (1e-5 s): x8 while under an
     * eighth of the target, then x2: 10000, 80000, 160000, 320000, 640000
     * (0.64 ms, the first at or above 0.5 ms).  nqueens from n = 4:
     * 1e-6, 1e-5, 1e-4, 1e-3 s, so n = 7. */
    const char *extra[] = {"--min-run-time", "0.0005", "--reps", "2", "--splits", "weak,rr", NULL};
    struct proc p;
    int rc = run_study(&s, extra, &p);
    CHECK(rc == 0, "study exit %d: %s", rc, p.err);
    proc_free(&p);
    char dir[PATH_MAX], path[PATH_MAX], val[64] = "";
    REQUIRE(latest_dir(s.root, dir), "no results/latest");
    char *sizes = slurp(path_in(path, dir, "sizes.tsv"), NULL);
    CHECK(sizes && strstr(sizes, "c\tsumsq\t640000\tcalibrated\tpthreads\t") &&
              strstr(sizes, "\t10000:1e-05,80000:8e-05,160000:0.00016,320000:0.00032,640000:0.00064\n"),
          "sumsq calibration: %s", sizes ? sizes : "(no sizes.tsv)");
    CHECK(sizes && strstr(sizes, "c\tnqueens\t7\tcalibrated\tpthreads\t") &&
              strstr(sizes, "\t4:1e-06,5:1e-05,6:0.0001,7:0.001\n"),
          "nqueens calibration: %s", sizes ? sizes : "(no sizes.tsv)");
    free(sizes);
    /* Every row runs at the chosen size and says how it was chosen. */
    CHECK(rows_of(dir, "sumsq", "size", val, sizeof val) == 2 && !strcmp(val, "640000"), "sumsq rows at %s", val);
    CHECK(rows_of(dir, "nqueens", "size_how", val, sizeof val) == 2 && !strcmp(val, "calibrated"),
          "nqueens rows say '%s'", val);
    json_t *meta = t_meta(dir), *el;
    size_t i;
    bool found = false;
    json_array_foreach(json_object_get(meta, "calibration"), i, el) {
        json_t *size = json_object_get(el, "size");
        found |= t_json_is(el, "family", "c") && t_json_is(el, "workload", "sumsq") && json_is_integer(size) &&
                 json_integer_value(size) == 640000 && t_json_is(el, "how", "calibrated");
    }
    CHECK(found && t_json_num(meta, "min_run_time_s") == 0.0005,
          "meta.json lacks the calibration (c sumsq: the integer 640000, calibrated; min_run_time_s 0.0005)");
    json_decref(meta);
    /* Calibration ran 3 timed runs a step, at T = 1: 5 + 4 steps. */
    CHECK(calls_with(&s, "-t 1 -r 3 --warmup 1") == 9, "calibration steps: %d, want 9",
          calls_with(&s, "-t 1 -r 3 --warmup 1"));
    standin_free(&s);
}

static void t_pinned_sizes_skip_calibration(void)
{
    struct standin s;
    REQUIRE(standin_make(&s, "calib"), "setup");
    const char *extra[] = {"--min-run-time", "0.0005", "--reps", "2", "--splits", "weak,rr", "--sumsq-size", "5000",
                           "--sizes", "c:nqueens=5", NULL};
    struct proc p;
    int rc = run_study(&s, extra, &p);
    CHECK(rc == 0, "study exit %d: %s", rc, p.err);
    proc_free(&p);
    char dir[PATH_MAX], path[PATH_MAX], val[64] = "";
    REQUIRE(latest_dir(s.root, dir), "no results/latest");
    CHECK(calls_with(&s, "-r 3") == 0, "calibration ran with the sizes pinned");
    char *sizes = slurp(path_in(path, dir, "sizes.tsv"), NULL);
    CHECK(sizes && strstr(sizes, "c\tsumsq\t5000\tpinned\t") && strstr(sizes, "c\tnqueens\t5\tpinned\t"),
          "pinned sizes: %s", sizes ? sizes : "(none)");
    free(sizes);
    CHECK(rows_of(dir, "sumsq", "size_how", val, sizeof val) == 2 && !strcmp(val, "pinned"), "rows say '%s'", val);
    CHECK(rows_of(dir, "nqueens", "size", val, sizeof val) == 2 && !strcmp(val, "5"), "nqueens at %s", val);
    standin_free(&s);
}

/* Minimum 6 rounds, up to 9: the noisy cell (sumsq) gets all 9, the quiet
 * one (nqueens) stays at 6. */
static const char *const until_sure[] = {"--reps", "6", "--max-reps", "9", "--ci-target", "3%", "--splits", "weak,rr",
                                         "--sumsq-size", "1000", "--nqueens-size", "6", NULL};

/* The until_sure study over a stand-in in `mode`, at the CI target given
 * (NULL: until_sure's 3%); its results folder into dir. */
static bool until_sure_study(struct standin *s, const char *mode, const char *target, char *dir)
{
    if (!CHECK(standin_make(s, mode), "setup"))
        return false;
    const char *extra[16];
    size_t k = 0;
    for (const char *const *a = until_sure; *a; a++)
        extra[k++] = target && !strcmp(*a, "3%") ? target : *a;
    extra[k] = NULL;
    struct proc p;
    int rc = run_study(s, extra, &p);
    CHECK(rc == 0, "study exit %d: %s", rc, p.err);
    proc_free(&p);
    return CHECK(latest_dir(s->root, dir), "no results/latest");
}

static void t_noisy_cell_gets_more_rounds(void)
{
    struct standin s = {0};
    char dir[PATH_MAX], val[64];
    if (!until_sure_study(&s, "noise", NULL, dir)) {
        standin_free(&s);
        return;
    }
    struct proc p;
    long noisy = rows_of(dir, "sumsq", "round", val, sizeof val), quiet = rows_of(dir, "nqueens", "round", val, sizeof val);
    CHECK(noisy == 9, "the noisy cell ran %ld rounds, want 9 (the maximum)", noisy);
    CHECK(quiet == 6, "the quiet cell ran %ld rounds, want 6 (the minimum)", quiet);
    json_t *meta = t_meta(dir);
    CHECK(t_json_int(meta, "cells_above_ci_target") == 1 && t_json_int(meta, "rounds_run") == 9 &&
              t_json_num(meta, "ci_target") == 0.03,
          "meta.json: cells_above_ci_target %lld (want 1), rounds_run %lld (want 9), ci_target %g (want 0.03)",
          t_json_int(meta, "cells_above_ci_target"), t_json_int(meta, "rounds_run"), t_json_num(meta, "ci_target"));
    json_decref(meta);

    /* Resume after losing every row past the 8th (rounds 1-4): the same
     * rule brings both cells back to 9 and 6, each round once. */
    char raw[PATH_MAX];
    size_t len;
    char *text = slurp(path_in(raw, dir, "raw.csv"), &len);
    REQUIRE(text, "raw.csv");
    char *cut = text;
    for (int lines = 0; lines < 9 && cut; lines++)
        cut = strchr(cut, '\n') ? strchr(cut, '\n') + 1 : NULL;
    REQUIRE(cut, "raw.csv has fewer than 9 lines");
    *cut = '\0';
    write_file(raw, text);
    free(text);
    char bin[PATH_MAX];
    REQUIRE(study_bin(bin, "study"), "STUDY_BIN");
    char *resume[] = {bin, "--resume", dir, "-q", NULL};
    REQUIRE(proc_run(resume, &p) == 0, "resume");
    CHECK(p.exited && p.code == 0, "resume exit %d: %s", p.code, p.err);
    proc_free(&p);
    int dups = 0;
    long rows = raw_rows(dir, false, &dups);
    noisy = rows_of(dir, "sumsq", "round", val, sizeof val);
    quiet = rows_of(dir, "nqueens", "round", val, sizeof val);
    CHECK(rows == 15 && dups == 0 && noisy == 9 && quiet == 6,
          "after resume: %ld rows (%d repeated), sumsq %ld, nqueens %ld; want 15, 0, 9, 6", rows, dups, noisy, quiet);
    standin_free(&s);
}

static void t_budget_stops_added_rounds(void)
{
    struct standin s;
    REQUIRE(standin_make(&s, "noise"), "setup");
    const char *extra[16];
    size_t k = 0;
    for (const char *const *a = until_sure; *a; a++)
        extra[k++] = *a;
    extra[k++] = "--budget";
    extra[k++] = "0.000001";
    extra[k] = NULL;
    struct proc p;
    int rc = run_study(&s, extra, &p);
    CHECK(rc == 0, "study exit %d: %s", rc, p.err);
    proc_free(&p);
    char dir[PATH_MAX], val[64];
    REQUIRE(latest_dir(s.root, dir), "no results/latest");
    long noisy = rows_of(dir, "sumsq", "round", val, sizeof val);
    CHECK(noisy == 6, "with the budget spent the noisy cell ran %ld rounds, want the minimum 6", noisy);
    standin_free(&s);
}

/* The target is the one given: at +-100% the noisy cell (runs 0.1 to
 * 0.2 s, so a 95% interval at most 0.1 s wide, half-width 0.05 s against a
 * median of at least 0.1 s) is sure after the minimum 6 rounds, where the
 * preset's 3% would take it to the maximum 9. */
static void t_wide_target_adds_no_round(void)
{
    struct standin s = {0};
    char dir[PATH_MAX], val[64];
    if (!until_sure_study(&s, "noise", "100%", dir)) {
        standin_free(&s);
        return;
    }
    long noisy = rows_of(dir, "sumsq", "round", val, sizeof val);
    CHECK(noisy == 6, "with --ci-target 100%% the noisy cell ran %ld rounds, want the minimum 6", noisy);
    json_t *meta = t_meta(dir);
    CHECK(t_json_num(meta, "ci_target") == 1 && t_json_int(meta, "cells_above_ci_target") == 0,
          "meta.json: ci_target %g (want 1), cells_above_ci_target %lld (want 0)", t_json_num(meta, "ci_target"),
          t_json_int(meta, "cells_above_ci_target"));
    json_decref(meta);
    standin_free(&s);
}

/* The interval is the 95% one (common/citarget.h: the two-level bootstrap
 * of the median, here one value per process).  One slow process (0.2 s
 * among 0.1 s) keeps a cell unsure while its 95% interval still reaches
 * it: with 6 processes a resample's median (the mean of its 3rd and 4th
 * values) is 0.15 when 3 or more of its 6 draws are the slow one, which
 * happens with probability 0.062, above the 0.025 of the upper percentile,
 * so hi = 0.15, +-25% of 0.1; with 7 the median is the 4th value, slow only
 * when 4 or more of 7 draws are (probability 0.010, below 0.025), so the
 * interval is [0.1, 0.1] and the cell is sure at 7.  A 50% interval (the
 * 75th percentile) would have been sure at 6. */
static void t_outlier_keeps_cell_unsure(void)
{
    struct standin s = {0};
    char dir[PATH_MAX], val[64];
    if (!until_sure_study(&s, "outlier", NULL, dir)) {
        standin_free(&s);
        return;
    }
    long outlier = rows_of(dir, "sumsq", "round", val, sizeof val), quiet = rows_of(dir, "nqueens", "round", val, sizeof val);
    CHECK(outlier == 7, "the cell with one slow process ran %ld, want 7 (its 95%% interval reaches 0.15 s at 6)",
          outlier);
    CHECK(quiet == 6, "the quiet cell ran %ld rounds, want 6", quiet);
    standin_free(&s);
}

static void t_bad_trust_options(void)
{
    static const char *const cases[][3] = {
        {"--min-run-time", "-1", "--min-run-time"}, {"--min-run-time", "fast", "--min-run-time"},
        {"--ci-target", "150%", "--ci-target"},     {"--ci-target", "2", "--ci-target"},
        {"--budget", "x", "--budget"},              {"--warmup", "0", "--warmup"},
        {"--sizes", "c:sumsq", "--sizes"},          {"--sizes", "go:sumsq=5", "--sizes"},
        {"--sizes", "c:nqueens=21", "--sizes"},     {"--max-reps", "0", "--max-reps"},
    };
    char bin[PATH_MAX], *root = tmpdir_make();
    REQUIRE(root && study_bin(bin, "study"), "setup");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *argv[] = {bin, (char *)cases[i][0], (char *)cases[i][1], "--out", root, NULL};
        struct proc p;
        REQUIRE(proc_run(argv, &p) == 0, "run");
        const char *nl = strchr(p.err, '\n');
        CHECK(p.exited && p.code == 2 && strstr(p.err, cases[i][2]) && nl && !nl[1],
              "%s %s: want exit 2 and one line naming the option, got %d: %s", cases[i][0], cases[i][1], p.code,
              p.err);
        proc_free(&p);
    }
    char *more[] = {bin, "--reps", "5", "--max-reps", "3", "--out", root, NULL};
    struct proc p;
    REQUIRE(proc_run(more, &p) == 0, "run");
    CHECK(p.exited && p.code == 2 && strstr(p.err, "--max-reps"), "max below min: %d %s", p.code, p.err);
    proc_free(&p);
    /* Nothing was written for any of them. */
    char path[PATH_MAX];
    CHECK(!file_exists(path_in(path, root, "latest")), "a refused study left results/latest");
    tmpdir_remove(root);
}

static CU_TestInfo rounds_tests[] = {
    {"calibration grows sizes until one T=1 run meets the target", t_calibration_grows_to_target},
    {"pinned sizes skip calibration and are recorded", t_pinned_sizes_skip_calibration},
    {"repeat-until-sure: a noisy cell gets more rounds, a quiet one does not; resume keeps it", t_noisy_cell_gets_more_rounds},
    {"repeat-until-sure stops adding rounds when the budget is spent", t_budget_stops_added_rounds},
    {"repeat-until-sure aims at the --ci-target given", t_wide_target_adds_no_round},
    {"repeat-until-sure uses the 95% interval: one slow run keeps a cell unsure", t_outlier_keeps_cell_unsure},
    {"bad run-length and rounds options: exit 2, one line", t_bad_trust_options},
    CU_TEST_INFO_NULL,
};

CU_SuiteInfo rounds_suites[] = {
    {"study sizes and rounds", NULL, NULL, NULL, NULL, rounds_tests},
    CU_SUITE_INFO_NULL,
};
