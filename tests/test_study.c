/* test_study.c - the study runner end to end: bad options, --help and
 * its option table, meta.json's values as written, resume, the seeded
 * order of the rounds, interrupts, and a smoke study through the analysis
 * (every figure checked by figures_check_study, the report's links all
 * resolve).  The analysis on fixtures is test_summary.c's. */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../analysis/analysis.h"
#include "csvread.h"
#include "catalog.h"
#include "tests.h"

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

/* One value per process, so that a row is a process (the processes x
 * values layout has its own tests, test_plan_e2e.c). */
#define SMALL_STUDY "--models", "pthreads,multiprocess", "--workloads", "nqueens", "--splits", "rr,dynamic", \
                    "--threads", "1,2,3", "--nqueens-size", "6", "--reps", "3", "--values", "1", "--warmup", "1", "-q"
#define SMALL_RUNS 36 /* 2 models x 2 splits x 3 T x 3 processes */

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

/* The order raw.csv's rows were run in: "split T round" per row. */
static char *run_order(const char *dir, size_t *rows)
{
    char path[PATH_MAX];
    struct csv_reader r;
    struct err e;
    *rows = 0;
    if (csvr_open(&r, path_in(path, dir, "raw.csv"), &e))
        return NULL;
    size_t cap = 1 << 14, used = 0;
    char *out = calloc(1, cap);
    int isplit = -1, iT = -1, iround = -1;
    for (bool header = true; out && csvr_next(&r, &e) == 1; header = false) {
        if (header) {
            for (size_t i = 0; i < r.nfields; i++) {
                isplit = strcmp(r.fields[i], "split") ? isplit : (int)i;
                iT = strcmp(r.fields[i], "threads") ? iT : (int)i;
                iround = strcmp(r.fields[i], "round") ? iround : (int)i;
            }
            continue;
        }
        if (isplit < 0 || iT < 0 || iround < 0 || used + 64 > cap)
            break;
        used += (size_t)snprintf(out + used, cap - used, "%s %s %s\n", r.fields[isplit], r.fields[iT], r.fields[iround]);
        (*rows)++;
    }
    csvr_close(&r);
    return out;
}

#define ORDER_STUDY "--models", "pthreads", "--workloads", "nqueens", "--splits", "rr,dynamic", "--threads", "1,2,3", \
                    "--nqueens-size", "5", "--reps", "3", "--values", "1", "--warmup", "1", "-q"
#define ORDER_CELLS 6
#define ORDER_RUNS (ORDER_CELLS * 3)

/* Rounds are shuffled with the study's seed, drawn from the clock when none
 * is given and recorded: a resumed study runs what is left in the very
 * order the uninterrupted study would have, and a study started with that
 * seed repeats it.  The matrix order itself (rr T=1, 2, 3, then dynamic)
 * must not be what runs: a study that never shuffled would have it in all
 * three rounds (a real shuffle of 6 cells: (1/720)^3). */
static void t_order_seeded(void)
{
    char *root = tmpdir_make(), *root2 = tmpdir_make(), dir[PATH_MAX], dir2[PATH_MAX], path[PATH_MAX];
    char *text = NULL, *first = NULL, *again = NULL;
    REQUIRE_OR(done, root && root2, "mkdtemp");
    const char *args[] = {ORDER_STUDY, "--out", root, NULL};
    struct proc p;
    REQUIRE_OR(done, run_tool("study", args, &p) == 0, "cannot run study");
    CHECK(p.exited && p.code == 0, "study exit %d: %s", p.code, p.err);
    proc_free(&p);
    REQUIRE_OR(done, only_run(root, dir), "no results/latest");
    json_t *meta = t_meta(dir);
    long long seed = t_json_int(meta, "seed"), seed_after;
    json_decref(meta);
    REQUIRE_OR(done, seed >= 0, "meta.json records no seed (an integer)");
    size_t rows;
    first = run_order(dir, &rows);
    REQUIRE_OR(done, first && rows == ORDER_RUNS, "the study ran %zu of %d runs", rows, ORDER_RUNS);
    /* Keep the header and the first 7 rows (round 2 begun), resume. */
    text = slurp(path_in(path, dir, "raw.csv"), NULL);
    REQUIRE_OR(done, text, "read raw.csv");
    char *cut = text;
    for (int lines = 0; lines < 8 && cut; lines++)
        cut = strchr(cut, '\n') ? strchr(cut, '\n') + 1 : NULL;
    REQUIRE_OR(done, cut, "raw.csv has 8 lines");
    *cut = '\0';
    write_file(path, text);
    const char *resume[] = {"--resume", dir, "-q", NULL};
    REQUIRE_OR(done, run_tool("study", resume, &p) == 0, "cannot resume");
    CHECK(p.exited && p.code == 0, "resume exit %d: %s", p.code, p.err);
    proc_free(&p);
    meta = t_meta(dir);
    seed_after = t_json_int(meta, "seed");
    json_decref(meta);
    CHECK(seed_after == seed, "resume changed the recorded seed: %lld, was %lld", seed_after, seed);
    again = run_order(dir, &rows);
    CHECK(again && !strcmp(again, first), "the resumed study ran in another order than the uninterrupted one:\n%s---\n%s",
          again ? again : "", first);
    /* A new study with the recorded seed: the same order again. */
    char seed_arg[32];
    snprintf(seed_arg, sizeof seed_arg, "%lld", seed);
    const char *args2[] = {ORDER_STUDY, "--seed", seed_arg, "--out", root2, NULL};
    REQUIRE_OR(done, run_tool("study", args2, &p) == 0, "cannot run study");
    CHECK(p.exited && p.code == 0, "study exit %d: %s", p.code, p.err);
    proc_free(&p);
    free(again);
    again = NULL;
    if (CHECK(only_run(root2, dir2), "no results/latest")) {
        again = run_order(dir2, &rows);
        CHECK(again && !strcmp(again, first), "--seed %s ran in another order:\n%s---\n%s", seed_arg, again ? again : "",
              first);
    }
    /* Shuffled: some round is not in the matrix's order. */
    static const char *const matrix_order[ORDER_CELLS] = {"rr 1", "rr 2", "rr 3", "dynamic 1", "dynamic 2", "dynamic 3"};
    int unshuffled = 0;
    const char *line = first;
    for (int round = 0; round < 3; round++) {
        bool same = true;
        for (int c = 0; c < ORDER_CELLS; c++, line = strchr(line, '\n') + 1)
            same = same && !strncmp(line, matrix_order[c], strlen(matrix_order[c]));
        unshuffled += same;
    }
    CHECK(unshuffled < 3, "every round ran in the matrix's order: no shuffle:\n%s", first);
done:
    free(text);
    free(first);
    free(again);
    tmpdir_remove(root);
    tmpdir_remove(root2);
}

/* SIGINT, SIGTERM and SIGHUP each stop the study after the run in
 * progress: exit 128 + the signal's number, every finished row kept (the
 * one in progress too) and no other, and a folder that --resume completes.
 * The signal is sent while the third run is certainly running (a held
 * stand-in model), never after a guessed delay. */
#define INTERRUPT_HOLD 3u
#define INTERRUPT_RUNS 12 /* 1 model x 2 splits x T = 1, 2 x 3 rounds */

static void t_interrupt(void)
{
    const struct t_signal *sigs = t_stop_signals;
    char bin[PATH_MAX];
    REQUIRE(study_bin(bin, "study"), "STUDY_BIN");
    for (size_t s = 0; s < T_STOP_SIGNALS; s++) {
        struct held_model h = {0};
        char *root = tmpdir_make(), dir[PATH_MAX];
        REQUIRE_OR(next, root && held_model_make(&h, "pthreads", INTERRUPT_HOLD), "setup");
        fflush(NULL);
        pid_t pid = fork();
        REQUIRE_OR(next, pid >= 0, "fork");
        if (pid == 0) {
            int null = open("/dev/null", O_WRONLY);
            dup2(null, 1);
            dup2(null, 2);
            execl(bin, bin, "--bin", h.dir, "--models", "pthreads", "--workloads", "nqueens", "--splits", "rr,dynamic",
                  "--threads", "1,2", "--nqueens-size", "6", "--reps", "3", "--values", "1", "--warmup", "1", "-q",
                  "--out", root, (char *)NULL);
            _exit(127);
        }
        bool held = wait_for_file(h.held, pid, 120);
        CHECK(held, "%s: the study never reached run %u", sigs[s].name, INTERRUPT_HOLD);
        kill(pid, sigs[s].sig);
        if (held)
            held_model_release(&h);
        int st;
        waitpid(pid, &st, 0);
        CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 128 + sigs[s].sig, "%s: status %#x, want exit %d", sigs[s].name,
              st, 128 + sigs[s].sig);
        REQUIRE_OR(next, only_run(root, dir), "%s: no results/latest after the interrupt", sigs[s].name);
        int dups;
        long rows = raw_rows(dir, false, &dups);
        CHECK(rows == INTERRUPT_HOLD && dups == 0, "%s: %ld rows (%d repeated) after the signal in run %u; want %u",
              sigs[s].name, rows, dups, INTERRUPT_HOLD, INTERRUPT_HOLD);
        const char *resume[] = {"--resume", dir, "-q", NULL};
        struct proc p;
        REQUIRE_OR(next, run_tool("study", resume, &p) == 0, "cannot resume");
        CHECK(p.exited && p.code == 0, "%s: resume exit %d: %s", sigs[s].name, p.code, p.err);
        proc_free(&p);
        rows = raw_rows(dir, false, &dups);
        CHECK(rows == INTERRUPT_RUNS && dups == 0, "%s: after resume %ld rows, %d repeated; want %d once each",
              sigs[s].name, rows, dups, INTERRUPT_RUNS);
    next:
        held_model_free(&h);
        tmpdir_remove(root);
    }
}

/* A study killed outright (SIGKILL: no handler runs) still leaves a
 * meta.json with the time it had spent, from the checkpoints written
 * between processes every few seconds, so that --resume goes on from there
 * and not from zero.  Each stand-in process sleeps a second; the kill comes
 * after the 7th row, when a checkpoint was due after the 5th or 6th. */
static void t_kill_keeps_time(void)
{
    char *root = tmpdir_make(), *fake = tmpdir_make(), bin[PATH_MAX], real[PATH_MAX], dir[PATH_MAX];
    char script[2 * PATH_MAX];
    json_t *meta = NULL;
    REQUIRE_OR(done, root && fake && study_bin(bin, "study") && study_bin(real, "pthreads"), "setup");
    snprintf(script, sizeof script, "#!/bin/sh\nsleep 1\nexec '%s' \"$@\"\n", real);
    fake_bin(fake, "pthreads", script);
    fflush(NULL);
    pid_t pid = fork();
    REQUIRE_OR(done, pid >= 0, "fork");
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        execl(bin, bin, "--bin", fake, "--models", "pthreads", "--workloads", "sumsq", "--splits", "weak",
              "--threads", "1", "--sumsq-size", "1000", "--reps", "30", "--values", "1", "-q", "--out", root,
              (char *)NULL);
        _exit(127);
    }
    bool seven = wait_for_rows(root, 7, pid, 120);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    REQUIRE_OR(done, seven, "the study never wrote 7 rows");
    /* results/latest is pointed at the folder only at the end: the
     * folder is root's one entry */
    DIR *d = opendir(root);
    REQUIRE_OR(done, d, "%s", root);
    struct dirent *de;
    dir[0] = '\0';
    while ((de = readdir(d)))
        if (de->d_name[0] != '.')
            path_in(dir, root, de->d_name);
    closedir(d);
    REQUIRE_OR(done, dir[0], "no results folder");
    meta = t_meta(dir);
    double spent = t_json_num(json_object_get(meta, "plan"), "time_spent_s");
    CHECK(spent >= 4.0, "meta.json after SIGKILL past 7 one-second processes: time_spent_s %g (want >= 4)", spent);
done:
    json_decref(meta);
    tmpdir_remove(fake);
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

/* The implementations this build has (`study --list`), as a --models
 * list into list ("" when every one is built: the study's default).  One
 * that is not built lacks its interpreter: the rule for interpreters
 * (tests.h), once per interpreter.  False when the list cannot be had. */
static bool built_models(const char *what, char *list, size_t len)
{
    bool all = true;
    const char *args[] = {"--list", NULL};
    struct proc p;
    if (run_tool("study", args, &p) != 0 || !p.exited || p.code != 0) {
        proc_free(&p);
        return false;
    }
    size_t used = 0;
    char reported[256] = " ";
    list[0] = '\0';
    for (char *save = NULL, *line = strtok_r(p.out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char name[64], state[16];
        if (sscanf(line, "%63s %15s", name, state) != 2)
            continue;
        /* A mode its Python lacks, or an optional interpreter not built,
         * is no missing interpreter. */
        if (strstr(line, " not available") || strstr(line, "(optional)"))
            continue;
        if (!strcmp(state, "built")) {
            int n = snprintf(list + used, len - used, "%s%s", used ? "," : "", name);
            used += n > 0 && (size_t)n < len - used ? (size_t)n : 0;
            continue;
        }
        all = false;
        char tag[32], key[40];
        /* py<tag>-<mode> */
        snprintf(tag, sizeof tag, "%.*s", (int)strcspn(name + 2, "-"), name + 2);
        snprintf(key, sizeof key, " %s ", tag);
        if (!strncmp(name, "py", 2) && !strstr(reported, key) && strlen(reported) + strlen(key) < sizeof reported) {
            strcat(reported, key + 1);
            char why[64];
            snprintf(why, sizeof why, "no bin/embedded-py-%s", tag);
            t_python_missing(what, tag, why);
        }
    }
    proc_free(&p);
    if (all)
        list[0] = '\0';
    return used > 0;
}

static void t_smoke_end_to_end(void)
{
    char *root = tmpdir_make(), dir[PATH_MAX], path[PATH_MAX], models[1024];
    REQUIRE(root, "mkdtemp");
    REQUIRE(built_models("smoke study end to end: its Python cells", models, sizeof models), "study --list failed");
    const char *args[] = {"--preset", "smoke", "-q", "--out", root, models[0] ? "--models" : NULL, models, NULL};
    struct proc p;
    REQUIRE(run_tool("study", args, &p) == 0, "cannot run study");
    CHECK(p.exited && p.code == 0, "smoke study exit %d: %s", p.code, p.err);
    proc_free(&p);
    REQUIRE(only_run(root, dir), "no results/latest");
    const char *an[] = {dir, NULL};
    REQUIRE(run_tool("analyze", an, &p) == 0, "cannot run analyze");
    CHECK(p.exited && p.code == 0, "analyze exit %d: %s", p.code, p.err);
    proc_free(&p);
    figures_check_study(dir);
    char *report = slurp(path_in(path, dir, "report.md"), NULL), missing[PATH_MAX] = "";
    REQUIRE(report, "no report.md");
    int links = links_resolve(dir, report, missing, sizeof missing), drawn = 0;
    for (const char *s = report; (s = strstr(s, "![")); s++)
        drawn++;
    CHECK(drawn >= 5 && links >= drawn * (FIGURE_OUTPUTS_COUNT + 1),
          "report.md links to %d files (want each of %d figures' image and its %d files); missing: %s", links, drawn,
          FIGURE_OUTPUTS_COUNT, missing);
    CHECK(strstr(report, "## Methods paragraph") && strstr(report, "claims") && strstr(report, "## Who runs when"),
          "report.md lacks a section");
    free(report);
    char why[512];
    int html = report_html_check(dir, why, sizeof why);
    if (html < 0)
        printf("\nSKIP: report.html in chromium: %s\n", why);
    else
        CHECK(html == 1, "report.html: %s", why);
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

/* --help is generated from the table the parser is: every --name it shows
 * is an option the parser takes (given a value and then an option that
 * does not exist, the parser gets past --name and stops at the other, so
 * nothing runs), and it shows every option these tests use and every
 * preset. */
static void t_help_options(void)
{
    static const char *const used[] = {"--preset", "--models", "--workloads", "--splits", "--threads", "--reps",
                                       "--warmup", "--nqueens-size", "--sumsq-size", "--seed", "--out", "--resume",
                                       "--bin", "--list", "--cell-timeout", "--quiet", "smoke", "quick", "article"};
    const char *help[] = {"--help", NULL};
    struct proc p;
    REQUIRE(run_tool("study", help, &p) == 0, "cannot run study --help");
    CHECK(p.exited && p.code == 0 && !strncmp(p.out, "usage: study", 12), "--help: exit %d: %s", p.code, p.out);
    char *text = strdup(p.out);
    proc_free(&p);
    REQUIRE(text, "strdup");
    for (size_t i = 0; i < sizeof used / sizeof used[0]; i++)
        CHECK(strstr(text, used[i]), "--help does not show %s:\n%s", used[i], text);
    int names = 0;
    for (const char *s = text; (s = strstr(s, "--")); s += 2) {
        char name[64], opt[80];
        if ((s > text && s[-1] != ' ' && s[-1] != '(') || sscanf(s, "--%63[a-z-]", name) != 1)
            continue;
        names++;
        snprintf(opt, sizeof opt, "--%s", name);
        const char *args[] = {opt, "1", "--no-such-option", NULL};
        if (!CHECK(run_tool("study", args, &p) == 0, "cannot run study %s", opt))
            continue;
        char unknown[96];
        snprintf(unknown, sizeof unknown, "unknown option '%s", opt);
        if (!strcmp(name, "help"))
            CHECK(p.exited && p.code == 0, "--help 1: exit %d", p.code);
        else
            CHECK(p.exited && p.code == 2 && !strstr(p.err, unknown), "%s, shown by --help, is refused: %s", opt,
                  p.err);
        proc_free(&p);
    }
    CHECK(names >= 20, "--help shows %d options", names);
    free(text);
}

/* Runs a one-cell study (pthreads, nqueens rr, n = 5, T = 1) with the
 * interpreters of PYTHONS_DIR=pythons, results under out; extra: one
 * more argument pair (NULL: none). */
static int tiny_study(const char *pythons, const char *out, const char *const *extra, struct proc *p)
{
    char bin[PATH_MAX], env[PATH_MAX + 16];
    if (!study_bin(bin, "study"))
        return -1;
    snprintf(env, sizeof env, "PYTHONS_DIR=%s", pythons);
    const char *argv[24] = {"/usr/bin/env", env, bin};
    size_t k = 3;
    if (extra)
        for (; *extra; extra++)
            argv[k++] = *extra;
    else {
        static const char *const cell[] = {"--models", "pthreads", "--workloads", "nqueens", "--splits", "rr",
                                           "--threads", "1", "--nqueens-size", "5", "--reps", "1", "-q"};
        for (size_t i = 0; i < sizeof cell / sizeof cell[0]; i++)
            argv[k++] = cell[i];
        argv[k++] = "--out";
        argv[k++] = out;
    }
    argv[k] = NULL;
    return proc_run((char *const *)argv, p);
}

/* meta.json as the runner writes it (jansson): an interpreter that
 * describes itself in anything but a JSON object is left out with a
 * warning, one that does is kept as it said, escapes and all; numbers keep
 * their types; a resume keeps the date the study began; a command-line
 * value with a quote, a newline and a non-ASCII letter reads back the same,
 * and a byte that is not UTF-8 becomes U+FFFD rather than a file no JSON
 * reader takes. */
static void t_meta_values(void)
{
    char *root = tmpdir_make(), *py = tmpdir_make(), dir[PATH_MAX], odd[PATH_MAX];
    json_t *meta = NULL;
    REQUIRE_OR(done, root && py, "mkdtemp");
    const char *t312 = catalog_families[FAM_PY312].tag, *t314 = catalog_families[FAM_PY314].tag,
               *t314t = catalog_families[FAM_PY314T].tag;
    fake_bin(py, t312, "#!/bin/sh\ncat <<'EOF'\n{\"version\": \"9.9.9\", \"configure_flags\": \"a \\\"q\\\"\\n\xc3\xa9\"}\nEOF\n");
    fake_bin(py, t314, "#!/bin/sh\necho 'Python 3.14 says hello'\n");
    fake_bin(py, t314t, "#!/bin/sh\necho '[1, 2]'\n");
    struct proc p;
    REQUIRE_OR(done, tiny_study(py, root, NULL, &p) == 0, "cannot run study");
    CHECK(p.exited && p.code == 0, "study exit %d: %s", p.code, p.err);
    CHECK(strstr(p.err, "/3.14 printed no JSON object") && strstr(p.err, "/3.14t printed no JSON object") &&
              !strstr(p.err, "/3.12 printed"),
          "the warnings about the interpreters: %s", p.err);
    proc_free(&p);
    REQUIRE_OR(done, only_run(root, dir), "no results/latest");
    REQUIRE_OR(done, (meta = t_meta(dir)), "meta.json");
    json_t *interp = json_object_get(meta, "interpreters"), *cal = json_array_get(json_object_get(meta, "calibration"), 0);
    CHECK(json_object_size(interp) == 1 && t_json_is(json_object_get(interp, t312), "version", "9.9.9") &&
              t_json_is(json_object_get(interp, t312), "configure_flags", "a \"q\"\n\xc3\xa9"),
          "interpreters: only 3.12, as it described itself");
    CHECK(t_json_int(meta, "cells") == 1 && t_json_int(meta, "seed") >= 0 && t_json_int(meta, "nqueens_n") == 5 &&
              !isnan(t_json_num(meta, "ci_target")) && json_is_boolean(json_object_get(meta, "machine_busy")) &&
              json_is_string(json_object_get(meta, "finished")) && t_json_int(cal, "size") == 5 &&
              json_is_null(json_object_get(cal, "t1_s")) && t_json_is(cal, "how", "pinned"),
          "meta.json's types: integers, numbers, booleans, strings and null where they belong");
    /* A resume keeps the date the study began. */
    json_object_set_new(meta, "date", json_string("2001-02-03T04:05:06Z"));
    REQUIRE_OR(done, json_dump_file(meta, path_in(odd, dir, "meta.json"), JSON_INDENT(2)) == 0, "rewrite meta.json");
    json_decref(meta);
    meta = NULL;
    const char *resume[] = {"--resume", dir, "-q", NULL};
    REQUIRE_OR(done, tiny_study(py, NULL, resume, &p) == 0, "cannot resume");
    CHECK(p.exited && p.code == 0, "resume exit %d: %s", p.code, p.err);
    proc_free(&p);
    meta = t_meta(dir);
    CHECK(t_json_is(meta, "date", "2001-02-03T04:05:06Z"), "the resumed study's date: %s",
          json_string_value(json_object_get(meta, "date")));
    json_decref(meta);
    meta = NULL;
    /* The command line round-trips: quote, newline, é; 0xff becomes U+FFFD. */
    snprintf(odd, sizeof odd, "%s/q\"uote\nline \xc3\xa9\xff", root);
    REQUIRE_OR(done, tiny_study(py, odd, NULL, &p) == 0, "cannot run study");
    CHECK(p.exited && p.code == 0, "study --out with odd bytes: exit %d: %s", p.code, p.err);
    proc_free(&p);
    REQUIRE_OR(done, only_run(odd, dir), "no results/latest under the odd folder");
    REQUIRE_OR(done, (meta = t_meta(dir)), "meta.json with odd bytes");
    char want[PATH_MAX + 8];
    snprintf(want, sizeof want, "%s/q\"uote\nline \xc3\xa9\xef\xbf\xbd", root);
    json_t *cmd = json_object_get(meta, "command_line"), *arg;
    size_t i;
    bool found = false;
    json_array_foreach(cmd, i, arg) found |= json_is_string(arg) && !strcmp(json_string_value(arg), want);
    CHECK(found, "command_line lacks the --out value, read back as written");
done:
    json_decref(meta);
    tmpdir_remove(root);
    tmpdir_remove(py);
}

static CU_TestInfo runner_tests[] = {
    {"bad options: exit 2, one line, nothing written", t_bad_options},
    {"--help: every option it shows is one the parser takes", t_help_options},
    {"meta.json: interpreters checked, types kept, strings round-trip", t_meta_values},
    {"resume a half-finished study", t_resume},
    {"rounds shuffled with the recorded seed; resume keeps the order", t_order_seeded},
    {"SIGINT, SIGTERM, SIGHUP: exit 128+signal, rows kept, resume completes", t_interrupt},
    {"SIGKILL: meta.json keeps the time spent, from its checkpoints", t_kill_keeps_time},
    {"smoke study end to end: figures and report", t_smoke_end_to_end},
    CU_TEST_INFO_NULL,
};

CU_SuiteInfo study_suites[] = {
    {"study runner", NULL, NULL, NULL, NULL, runner_tests},
    CU_SUITE_INFO_NULL,
};
