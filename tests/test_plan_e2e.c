/* test_plan_e2e.c - the plan through bin/study (suite "study plan"):
 *   - processes x values: each process's k rows in raw.csv carry its proc,
 *     block and round; a block holds one process of each cell it names;
 *   - pairs on a drifting machine: a stand-in Python host whose times grow
 *     by 2% a process (a machine warming up, a neighbour's job ramping):
 *     the question's paired interval (meta.json) is several times narrower
 *     than the unpaired interval of the same processes (issue 16 section 3);
 *   - resume: a study cut mid-process resumes, continues the plan from the
 *     processes raw.csv holds, and runs no (cell, round, value) twice;
 *   - the load monitor: a CPU-heavy process of the test's own, running
 *     beside a study of sleeping stand-ins, makes every process disturbed
 *     with other_cpus above the threshold, and the survey replaces them,
 *     within its limit;
 *   - the ceiling: T copies of pthreads' one-worker run, rows tagged with
 *     the cell's T, each copy its own proc, all verified;
 *   - bad plan options: exit 2, one line, nothing written.
 * No assertion here depends on this machine's speed. */
#define _GNU_SOURCE
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "catalog.h"
#include "csvread.h"
#include "pin.h"
#include "resample.h"
#include "stats.h"
#include "tests.h"

#define ROWS_MAX 4096

/* raw.csv's rows, the columns these tests read. */
struct row {
    char impl[48];
    unsigned long proc, block, round, rep, threads;
    int disturbed;
    double wall, other;
    char status[16], verified[4];
};

static long read_rows(const char *dir, struct row *rows, size_t max)
{
    static const char *const names[] = {"impl", "proc", "block", "round", "rep", "threads", "disturbed",
                                        "wall_s", "other_cpus", "status", "verified"};
    enum { N = sizeof names / sizeof names[0] };
    char path[PATH_MAX];
    struct csv_reader r;
    struct err e;
    if (csvr_open(&r, path_in(path, dir, "raw.csv"), &e))
        return -1;
    int col[N];
    long n = -1;
    for (bool header = true; csvr_next(&r, &e) == 1; header = false) {
        if (header) {
            for (size_t k = 0; k < N; k++) {
                col[k] = -1;
                for (size_t i = 0; i < r.nfields; i++)
                    col[k] = strcmp(r.fields[i], names[k]) ? col[k] : (int)i;
                if (col[k] < 0) {
                    csvr_close(&r);
                    return -1;
                }
            }
            n = 0;
            continue;
        }
        if ((size_t)n >= max)
            break;
        struct row *w = &rows[n++];
        char **f = r.fields;
        snprintf(w->impl, sizeof w->impl, "%s", f[col[0]]);
        w->proc = strtoul(f[col[1]], NULL, 10);
        w->block = strtoul(f[col[2]], NULL, 10);
        w->round = strtoul(f[col[3]], NULL, 10);
        w->rep = strtoul(f[col[4]], NULL, 10);
        w->threads = strtoul(f[col[5]], NULL, 10);
        w->disturbed = atoi(f[col[6]]);
        w->wall = strtod(f[col[7]], NULL);
        w->other = f[col[8]][0] ? strtod(f[col[8]], NULL) : NAN;
        snprintf(w->status, sizeof w->status, "%s", f[col[9]]);
        snprintf(w->verified, sizeof w->verified, "%s", f[col[10]]);
    }
    csvr_close(&r);
    return n;
}

static bool latest_dir(const char *root, char *dir)
{
    char link[PATH_MAX];
    snprintf(link, sizeof link, "%s/latest", root);
    return realpath(link, dir) != NULL;
}

/* The question of meta.json's "questions" with this id, or NULL. */
static json_t *question_of(json_t *meta, const char *id)
{
    size_t i;
    json_t *q;
    json_array_foreach(json_object_get(meta, "questions"), i, q) if (t_json_is(q, "id", id)) return q;
    return NULL;
}

/* ---- a drifting stand-in Python ------------------------------------------- */

/* A folder with embedded-py-3.14t and embedded-py-3.14 that run the real
 * pthreads binary (a real, verified row, k of them) with --mode and
 * --allow-gil taken out, and set each value's wall_s to base x (1 + 0.02
 * n) x (1 +- 0.5% noise), n the process's number among the folder's calls:
 * 3.14t's base 0.106, 3.14's 0.100, so the true ratio is 1.06 and the
 * machine drifts by 2% a process. */
static char *drifting_pythons(void)
{
    char real[PATH_MAX], script[4 * PATH_MAX], calls[PATH_MAX];
    char *dir = tmpdir_make();
    if (!dir || !study_bin(real, "pthreads"))
        return dir;
    path_in(calls, dir, "calls.log");
    const struct {
        const char *name, *base;
    } hosts[] = {{"embedded-py-3.14t", "0.106"}, {"embedded-py-3.14", "0.100"}};
    for (size_t h = 0; h < 2; h++) {
        snprintf(script, sizeof script,
                 "#!/bin/sh\n"
                 "skip=\n"
                 "for a do\n"
                 "  shift\n"
                 "  if [ -n \"$skip\" ]; then skip=; continue; fi\n"
                 "  case \"$a\" in --mode) skip=1; continue;; --allow-gil) continue;; esac\n"
                 "  set -- \"$@\" \"$a\"\n"
                 "done\n"
                 "echo \"$*\" >> '%s'\n"
                 "n=$(wc -l < '%s')\n"
                 "'%s' \"$@\" | awk -F, -v OFS=, -v n=\"$n\" -v base=%s '\n"
                 "BEGIN { srand(n) }\n"
                 "NR == 1 { for (i = 1; i <= NF; i++) if ($i == \"wall_s\") w = i; print; next }\n"
                 "{ $w = sprintf(\"%%.9f\", base * (1 + 0.02 * n) * (1 + 0.01 * (rand() - 0.5))); print }'\n",
                 calls, calls, real, hosts[h].base);
        fake_bin(dir, hosts[h].name, script);
    }
    return dir;
}

/* A study over the drifting stand-ins: the one question it can ask
 * (cost_sumsq, 3.14t over 3.14 at T = 1) to q pairs, 3 values a
 * process, nothing else. */
static int drift_study(const char *fake, const char *root, const char *q, struct proc *p)
{
    const char *args[] = {"--bin", fake, "--models", "py3.14t-threading,py3.14-threading", "--workloads", "sumsq",
                          "--splits", "weak", "--threads", "1", "--sumsq-size", "1000", "--values", "3",
                          "--q-min", q, "--q-max", q, "--reps", "1", "--max-reps", "1", "--ci-target", "0",
                          "--budget", "0", "--seed", "5", "-q", "--out", root, NULL};
    return run_tool("study", args, p);
}

/* The undisturbed, ok processes of impl in rows, as a resample_cell over
 * vals/counts (room for every row). */
static void cell_of_rows(const struct row *rows, long n, const char *impl, double *vals, size_t *counts,
                         struct resample_cell *c)
{
    size_t np = 0, nv = 0;
    unsigned long last = 0;
    for (long i = 0; i < n; i++) {
        if (strcmp(rows[i].impl, impl) || rows[i].disturbed || strcmp(rows[i].status, "ok"))
            continue;
        if (!np || rows[i].proc != last)
            counts[np++] = 0;
        last = rows[i].proc;
        vals[nv++] = rows[i].wall;
        counts[np - 1]++;
    }
    *c = (struct resample_cell){vals, counts, np};
}

static void t_pairs_on_drift(void)
{
    char *fake = drifting_pythons(), *root = tmpdir_make(), dir[PATH_MAX];
    static struct row rows[ROWS_MAX];
    static double va[ROWS_MAX], vb[ROWS_MAX];
    static size_t ca[ROWS_MAX], cb[ROWS_MAX];
    json_t *meta = NULL;
    struct proc p;
    REQUIRE_OR(done, fake && root && drift_study(fake, root, "12", &p) == 0, "cannot run study");
    CHECK(p.exited && p.code == 0, "study exit %d: %s", p.code, p.err);
    proc_free(&p);
    REQUIRE_OR(done, latest_dir(root, dir), "no results/latest");
    long n = read_rows(dir, rows, ROWS_MAX);
    REQUIRE_OR(done, n > 0, "raw.csv unreadable");
    /* Processes x values: 3 rows a process, reps 1..3, one block and round
     * each; processes numbered 1.. in order; every block one process of
     * each cell. */
    unsigned long blocks[64][2] = {{0}}, procs = 0, firsts = 0;
    bool layout = n % 3 == 0;
    for (long i = 0; layout && i < n; i += 3) {
        const struct row *r = &rows[i];
        layout = r->proc == procs + 1 && r[1].proc == r->proc && r[2].proc == r->proc && r->rep == 1 &&
                 r[1].rep == 2 && r[2].rep == 3 && r[1].block == r->block && r[2].block == r->block &&
                 r[1].round == r->round && r->block > 0 && r->block < 64;
        procs = r->proc;
        if (layout) {
            int side = !strcmp(r->impl, "py3.14-threading");
            layout = !blocks[r->block][side]; /* one process of each cell a block */
            blocks[r->block][side] = r->proc;
            firsts += side == 0 && !blocks[r->block][1];
        }
    }
    CHECK(layout, "raw.csv's processes are not 3 values each, numbered, one per cell and block");
    size_t pairs = 0;
    for (size_t b = 0; b < 64; b++)
        pairs += blocks[b][0] && blocks[b][1];
    CHECK(pairs >= 12, "%zu complete blocks, want at least the 12 pairs asked", pairs);
    CHECK(firsts > 0 && firsts < pairs, "blocks not shuffled: 3.14t first in %lu of %zu", firsts, pairs);
    /* The question: paired, 12 pairs, its interval narrower than the
     * unpaired one of the very same processes. */
    meta = t_meta(dir);
    json_t *q = question_of(meta, "cost_sumsq");
    REQUIRE_OR(done, q, "meta.json has no question cost_sumsq");
    double lo = t_json_num(q, "lo"), hi = t_json_num(q, "hi"), est = t_json_num(q, "estimate");
    CHECK(json_is_true(json_object_get(q, "paired")) && t_json_int(q, "pairs") == 12 &&
              json_is_true(json_object_get(q, "asked")),
          "cost_sumsq: paired %d, pairs %lld", json_is_true(json_object_get(q, "paired")), t_json_int(q, "pairs"));
    CHECK(fabs(est / 1.06 - 1) < 0.03, "paired estimate %g, want 1.06 within the drift of one process", est);
    struct resample_cell a, b;
    cell_of_rows(rows, n, "py3.14t-threading", va, ca, &a);
    cell_of_rows(rows, n, "py3.14-threading", vb, cb, &b);
    struct resample_ci u;
    REQUIRE_OR(done, resample_ratio_ci(&a, &b, CATALOG_CI_LEVEL, 1, RESAMPLE_DEFAULT, &u) == 0, "unpaired interval");
    CHECK((hi - lo) * 3 < u.hi - u.lo, "paired [%g, %g] is not a third as wide as unpaired [%g, %g]", lo, hi, u.lo,
          u.hi);
    /* Nothing else was asked: the other questions name cells this matrix lacks. */
    json_t *other = question_of(meta, "cost_sumsq_d");
    CHECK(other && json_is_false(json_object_get(other, "asked")) && json_string_value(json_object_get(other, "why")),
          "cost_sumsq_d: asked, or no reason why not");
    json_t *plan = json_object_get(meta, "plan"), *qs = json_object_get(json_object_get(plan, "phases"), "questions");
    CHECK(t_json_int(qs, "processes") == (long long)procs && t_json_int(meta, "processes") == (long long)procs &&
              t_json_int(plan, "q_min") == 12 && t_json_int(meta, "values_per_process") == 3,
          "meta.json: questions phase %lld processes, processes %lld, want %lu", t_json_int(qs, "processes"),
          t_json_int(meta, "processes"), procs);
done:
    json_decref(meta);
    tmpdir_remove(fake);
    tmpdir_remove(root);
}

/* Cut after 10 rows (3 whole processes, the 4th's first value) and a torn
 * line, the study resumes: the kept rows stay as they were, the new
 * processes are numbered after them in new blocks, the question ends with
 * its 6 pairs, and no cell's (round, value) is there twice. */
static void t_resume_plan(void)
{
    char *fake = drifting_pythons(), *root = tmpdir_make(), dir[PATH_MAX], path[PATH_MAX];
    static struct row rows[ROWS_MAX];
    char *text = NULL, *after = NULL;
    json_t *meta = NULL;
    struct proc p;
    REQUIRE_OR(done, fake && root && drift_study(fake, root, "6", &p) == 0, "cannot run study");
    CHECK(p.exited && p.code == 0, "study exit %d: %s", p.code, p.err);
    proc_free(&p);
    REQUIRE_OR(done, latest_dir(root, dir), "no results/latest");
    meta = t_meta(dir);
    double spent = t_json_num(json_object_get(meta, "plan"), "time_spent_s");
    json_decref(meta);
    meta = NULL;
    text = slurp(path_in(path, dir, "raw.csv"), NULL);
    REQUIRE_OR(done, text, "raw.csv");
    char *cut = text;
    for (int lines = 0; lines < 11 && cut; lines++)
        cut = strchr(cut, '\n') ? strchr(cut, '\n') + 1 : NULL;
    REQUIRE_OR(done, cut, "raw.csv has 11 lines");
    strcpy(cut, "py3.14t-threading,2,ok,,pinn");
    write_file(path, text);
    *cut = '\0';
    const char *resume[] = {"--resume", dir, "-q", NULL};
    REQUIRE_OR(done, run_tool("study", resume, &p) == 0, "cannot resume");
    CHECK(p.exited && p.code == 0, "resume exit %d: %s", p.code, p.err);
    proc_free(&p);
    after = slurp(path, NULL);
    CHECK(after && !strncmp(after, text, strlen(text)), "the kept rows changed");
    int dups;
    long n = read_rows(dir, rows, ROWS_MAX), total = raw_rows(dir, false, &dups);
    CHECK(n == total && dups == 0, "after resume: %ld rows, %d repeated", total, dups);
    /* processes 1..4 kept (the 4th with one value), then 5.. in blocks
     * after block 2 */
    bool numbered = n > 10;
    unsigned long last = 4;
    for (long i = 10; numbered && i < n; i++) {
        numbered = rows[i].proc >= last && rows[i].proc <= last + 1 && rows[i].block > 2;
        last = rows[i].proc;
    }
    CHECK(numbered && rows[9].proc == 4 && rows[9].block == 2, "resumed processes not numbered on from 5 in blocks 3..");
    meta = t_meta(dir);
    json_t *q = question_of(meta, "cost_sumsq");
    CHECK(q && t_json_int(q, "pairs") == 6 && json_is_true(json_object_get(q, "paired")), "pairs %lld after resume",
          q ? t_json_int(q, "pairs") : -1);
    CHECK(t_json_num(json_object_get(meta, "plan"), "time_spent_s") >= spent,
          "the time spent before the resume was not carried on (%g < %g)",
          t_json_num(json_object_get(meta, "plan"), "time_spent_s"), spent);
done:
    json_decref(meta);
    free(text);
    free(after);
    tmpdir_remove(fake);
    tmpdir_remove(root);
}

/* ---- the load monitor ------------------------------------------------------ */

static void t_hog_disturbs(void)
{
    char *fake = tmpdir_make(), *root = tmpdir_make(), real[PATH_MAX], script[2 * PATH_MAX], dir[PATH_MAX];
    static struct row rows[64];
    json_t *meta = NULL;
    pid_t hog = -1;
    REQUIRE_OR(done, fake && root && study_bin(real, "pthreads"), "setup");
    /* A model that sleeps half a second, using no CPU, then runs. */
    snprintf(script, sizeof script, "#!/bin/sh\nsleep 0.5\nexec '%s' \"$@\"\n", real);
    fake_bin(fake, "pthreads", script);
    fflush(NULL);
    hog = fork();
    REQUIRE_OR(done, hog >= 0, "fork");
    if (hog == 0) {
        volatile unsigned long x = 0;
        for (;;)
            x++;
    }
    const char *args[] = {"--bin", fake, "--models", "pthreads", "--workloads", "sumsq", "--splits", "weak",
                          "--threads", "1", "--sumsq-size", "1000", "--values", "1", "--reps", "1", "--max-reps", "2",
                          "--ci-target", "0", "--budget", "0", "-q", "--out", root, NULL};
    struct proc p;
    REQUIRE_OR(done, run_tool("study", args, &p) == 0, "cannot run study");
    CHECK(p.exited && p.code == 0, "study exit %d: %s", p.code, p.err);
    proc_free(&p);
    REQUIRE_OR(done, latest_dir(root, dir), "no results/latest");
    /* --keep-disturbed: the same load recorded, nothing judged, nothing
     * replaced */
    char dir2[PATH_MAX];
    const char *keep[] = {"--bin", fake, "--models", "pthreads", "--workloads", "sumsq", "--splits", "weak",
                          "--threads", "1", "--sumsq-size", "1000", "--values", "1", "--reps", "1", "--max-reps", "2",
                          "--ci-target", "0", "--budget", "0", "--keep-disturbed", "-q", "--out", fake, NULL};
    REQUIRE_OR(done, run_tool("study", keep, &p) == 0, "cannot run study");
    kill(hog, SIGKILL);
    waitpid(hog, NULL, 0);
    hog = -1;
    CHECK(p.exited && p.code == 0, "study exit %d: %s", p.code, p.err);
    proc_free(&p);
    REQUIRE_OR(done, latest_dir(fake, dir2), "no results/latest");
    long kept = read_rows(dir2, rows, 64);
    CHECK(kept == 1 && rows[0].disturbed == 0 && rows[0].other > CATALOG_BUSY_CPUS,
          "--keep-disturbed beside a hog: %ld processes (want 1), disturbed %d, other_cpus %g", kept,
          kept > 0 ? rows[0].disturbed : -1, kept > 0 ? rows[0].other : NAN);
    long n = read_rows(dir, rows, 64);
    /* Disturbed, so replaced: the survey's one process, then one
     * replacement (--max-reps 2), both disturbed, then no more. */
    CHECK(n == 2, "%ld processes, want 2 (one, and its replacement)", n);
    for (long i = 0; i < n; i++)
        CHECK(rows[i].disturbed == 1 && rows[i].other > CATALOG_BUSY_CPUS && rows[i].proc == (unsigned long)i + 1,
              "process %lu beside a CPU hog: disturbed %d, other_cpus %g", rows[i].proc, rows[i].disturbed,
              rows[i].other);
    meta = t_meta(dir);
    CHECK(t_json_int(meta, "disturbed_processes") == n && t_json_num(meta, "other_cpus_max") > CATALOG_BUSY_CPUS,
          "meta.json: disturbed_processes %lld, other_cpus_max %g", t_json_int(meta, "disturbed_processes"),
          t_json_num(meta, "other_cpus_max"));
done:
    if (hog > 0) {
        kill(hog, SIGKILL);
        waitpid(hog, NULL, 0);
    }
    json_decref(meta);
    tmpdir_remove(fake);
    tmpdir_remove(root);
}

/* A job only in the middle of a study: the model's script starts a
 * 0.4-second CPU spinner that nobody of the study waits for (so its time is
 * other load), and the model runs after it.  The start and end samples see
 * nothing; meta.json must still say busy, as the report does. */
static void t_busy_in_middle(void)
{
    char *fake = tmpdir_make(), *root = tmpdir_make(), real[PATH_MAX], script[2 * PATH_MAX], dir[PATH_MAX];
    json_t *meta = NULL;
    REQUIRE_OR(done, fake && root && study_bin(real, "pthreads"), "setup");
    snprintf(script, sizeof script,
             "#!/bin/sh\n(timeout 0.4 sh -c 'while :; do :; done' &)\nsleep 0.5\nexec '%s' \"$@\"\n", real);
    fake_bin(fake, "pthreads", script);
    const char *judged[] = {"--bin", fake, "--models", "pthreads", "--workloads", "sumsq", "--splits", "weak",
                            "--threads", "1", "--sumsq-size", "1000", "--values", "1", "--reps", "1",
                            "--ci-target", "0", "--budget", "0", "-q", "--out", root, NULL};
    struct proc p;
    REQUIRE_OR(done, run_tool("study", judged, &p) == 0, "cannot run study");
    CHECK(p.exited && p.code == 0, "study exit %d: %s", p.code, p.err);
    proc_free(&p);
    REQUIRE_OR(done, latest_dir(root, dir), "no results/latest");
    REQUIRE_OR(done, (meta = t_meta(dir)), "meta.json");
    double s = t_json_num(json_object_get(meta, "load_start"), "busy_cpus"),
           e = t_json_num(json_object_get(meta, "load_end"), "busy_cpus");
    json_t *busy = json_object_get(meta, "machine_busy");
    CHECK(t_json_int(meta, "disturbed_processes") >= 1, "the spinner disturbed no process (other_cpus_max %g)",
          t_json_num(meta, "other_cpus_max"));
    CHECK(json_is_true(busy), "meta.json says the machine was quiet, with %lld processes disturbed",
          t_json_int(meta, "disturbed_processes"));
    if (!(s < CATALOG_BUSY_CPUS && e < CATALOG_BUSY_CPUS))
        printf("\nNOTE: the start or end sample was busy itself (%g, %g CPUs): the rule was not isolated\n", s, e);
done:
    json_decref(meta);
    tmpdir_remove(fake);
    tmpdir_remove(root);
}

/* ---- the ceiling -------------------------------------------------------- */

static void t_ceiling(void)
{
    char *root = tmpdir_make(), dir[PATH_MAX], path[PATH_MAX], host[PATH_MAX];
    static struct row rows[256];
    json_t *meta = NULL;
    REQUIRE_OR(done, root, "mkdtemp");
    const char *args[] = {"--models", "ceiling", "--workloads", "sumsq,nqueens", "--threads", "1,2", "--sumsq-size",
                          "100000", "--nqueens-size", "7", "--reps", "1", "--values", "2", "-q", "--out", root, NULL};
    struct proc p;
    REQUIRE_OR(done, run_tool("study", args, &p) == 0, "cannot run study");
    CHECK(p.exited && p.code == 0, "study exit %d: %s", p.code, p.err);
    proc_free(&p);
    REQUIRE_OR(done, latest_dir(root, dir), "no results/latest");
    long n = read_rows(dir, rows, 256);
    /* 2 workloads: T = 1 one copy, T = 2 two; 2 values each */
    CHECK(n == 2 * (1 + 2) * 2, "%ld rows, want 12", n);
    unsigned long seen[32] = {0};
    for (long i = 0; i < n; i++) {
        const struct row *r = &rows[i];
        CHECK(!strcmp(r->impl, "ceiling") && !strcmp(r->status, "ok") && !strcmp(r->verified, "1") && r->round == 1 &&
                  r->block == 0 && r->proc > 0 && r->proc < 32,
              "row %ld: %s %s verified %s round %lu", i, r->impl, r->status, r->verified, r->round);
        if (r->proc >= 32)
            continue;
        unsigned long was = seen[r->proc];
        seen[r->proc] = was ? was : r->threads;
        CHECK(!was || was == r->threads, "proc %lu: threads %lu and %lu", r->proc, was, r->threads);
    }
    size_t at2 = 0, at1 = 0;
    for (size_t i = 0; i < 32; i++)
        at2 += seen[i] == 2, at1 += seen[i] == 1;
    CHECK(at2 == 4 && at1 == 2, "distinct processes: %zu at T = 2 (want 2 a workload), %zu at T = 1", at2, at1);
    /* each copy a one-worker run: its timeline says worker 0 and 1 at T = 2 */
    char *tl = slurp(path_in(path, dir, "timeline.csv"), NULL);
    CHECK(tl && strstr(tl, "ceiling,1,pthreads,sumsq,weak,100000,2,1,0,") &&
              strstr(tl, "ceiling,1,pthreads,sumsq,weak,100000,2,1,1,"),
          "timeline.csv: the copies as workers 0 and 1 of T = 2: %s", tl ? tl : "(none)");
    free(tl);
    /* pinned, the copies go one to a core: workers 0 and 1 of the
     * timeline started on two CPUs */
    if (pin_cpu_count() >= 2) {
        char *root2 = tmpdir_make(), dir2[PATH_MAX];
        const char *pinned[] = {"--models", "ceiling", "--workloads", "sumsq", "--splits", "weak", "--threads", "2",
                                "--sumsq-size", "100000", "--reps", "1", "--values", "1", "--pin", "cores", "-q",
                                "--out", root2, NULL};
        if (CHECK(root2 && run_tool("study", pinned, &p) == 0, "cannot run the pinned study")) {
            CHECK(p.exited && p.code == 0, "pinned study exit %d: %s", p.code, p.err);
            proc_free(&p);
            char *t2 = latest_dir(root2, dir2) ? slurp(path_in(path, dir2, "timeline.csv"), NULL) : NULL;
            int cpu[2] = {-1, -1};
            for (char *line = t2 ? strchr(t2, '\n') : NULL; line && line[1]; line = strchr(line + 1, '\n')) {
                int worker, c;
                /* impl,round,model,workload,split,size,threads,rep,worker,cpu,... */
                if (sscanf(line + 1, "ceiling,1,pthreads,sumsq,weak,100000,2,1,%d,%d,", &worker, &c) == 2 &&
                    worker >= 0 && worker < 2)
                    cpu[worker] = c;
            }
            CHECK(cpu[0] >= 0 && cpu[1] >= 0 && cpu[0] != cpu[1], "pinned copies on CPUs %d and %d", cpu[0], cpu[1]);
            free(t2);
        }
        tmpdir_remove(root2);
    }
    /* the interpreters' builds as their programs print them */
    meta = t_meta(dir);
    const char *key;
    json_t *interp;
    json_object_foreach(json_object_get(meta, "interpreters"), key, interp) {
        if (!study_bin(host, "embedded-py-") || snprintf(host + strlen(host), PATH_MAX - strlen(host), "%s", key) < 0 ||
            access(host, X_OK) != 0)
            continue;
        json_t *build = json_object_get(interp, "build");
        CHECK(json_is_object(build) && t_json_is(build, "tag", key) && json_is_string(json_object_get(build, "origin")),
              "interpreters.%s.build: not --build-info's object", key);
    }
done:
    json_decref(meta);
    tmpdir_remove(root);
}

static void t_ceiling_listed(void)
{
    const char *list[] = {"--list", NULL};
    struct proc p;
    REQUIRE(run_tool("study", list, &p) == 0, "cannot run study --list");
    CHECK(p.exited && p.code == 0 && strstr(p.out, "\nceiling ") && strstr(p.out, "ceiling                  built"),
          "--list: %s", p.out);
    proc_free(&p);
}

/* ---- bad options ------------------------------------------------------------ */

static void t_bad_plan_options(void)
{
    char *root = tmpdir_make(), path[PATH_MAX];
    REQUIRE(root, "mkdtemp");
    static const char *const cases[][5] = {
        {"--values", "0", NULL, NULL, "--values"},      {"--values", "x", NULL, NULL, "--values"},
        {"--q-min", "-1", NULL, NULL, "--q-min"},       {"--q-max", "many", NULL, NULL, "--q-max"},
        {"--q-min", "5", "--q-max", "2", "--q-max"},   {"--q-share", "150%", NULL, NULL, "--q-share"},
        {"--q-share", "half", NULL, NULL, "--q-share"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *args[] = {cases[i][0], cases[i][1], "--out", root, cases[i][2], cases[i][3], NULL};
        struct proc p;
        REQUIRE(run_tool("study", args, &p) == 0, "run");
        const char *nl = strchr(p.err, '\n');
        CHECK(p.exited && p.code == 2 && strstr(p.err, cases[i][4]) && nl && !nl[1],
              "%s %s: want exit 2 and one line naming %s, got %d: %s", cases[i][0], cases[i][1], cases[i][4], p.code,
              p.err);
        proc_free(&p);
    }
    CHECK(!file_exists(path_in(path, root, "latest")), "a refused study left results/latest");
    tmpdir_remove(root);
}

static CU_TestInfo e2e_tests[] = {
    {"processes x values and pairs on a drifting machine: paired narrower than unpaired", t_pairs_on_drift},
    {"resume continues the plan and runs nothing twice", t_resume_plan},
    {"a CPU hog beside the study: processes disturbed and replaced", t_hog_disturbs},
    {"a job in the middle only: meta.json says busy", t_busy_in_middle},
    {"the ceiling: T copies, each its own process, rows at the cell's T", t_ceiling},
    {"the ceiling is an implementation of --list", t_ceiling_listed},
    {"bad plan options: exit 2, one line", t_bad_plan_options},
    CU_TEST_INFO_NULL,
};

CU_SuiteInfo plan_e2e_suites[] = {
    {"study plan", NULL, NULL, NULL, NULL, e2e_tests},
    CU_SUITE_INFO_NULL,
};
