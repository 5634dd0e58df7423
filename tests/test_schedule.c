/* test_schedule.c - who runs when, from readings: the interval, overlap
 * and hand-over functions (analysis/schedule.c) on hand-made readings with
 * hand-computed answers, and bin/analyze's figure data and report section
 * from a hand-made schedule.csv.  The CPU-time sampler that takes the
 * readings is tested end to end in test_sampler.c. */
#define _GNU_SOURCE
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../analysis/schedule.h"
#include "tests.h"

#define NEAR(a, b) (fabs((double)(a) - (double)(b)) <= 1e-12 * (1 + fabs((double)(b))))
#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* ---- the functions, by hand ------------------------------------------- */


static void t_intervals_by_hand(void)
{
    /* Steps of 1 s: +0.9 on, +0.9 on, +0.1 off, +0.1 off, +0.9 on, +0.1 off.
     * The two first merge, their CPU time packed against the inside and
     * the 0.1 s used in the step after it added: [1 - 0.9, 1 + 0.9 + 0.1]
     * = [0.1, 2].  The lone on-step [4, 5] has 0.1 s either side: it ran
     * through, [3.9, 5.1].  (Whole steps, [0,2] [4,5], would be the
     * readings' own grid.) */
    const struct sched_point p[] = {{0, 0}, {1, 0.9}, {2, 1.8}, {3, 1.9}, {4, 2.0}, {5, 2.9}, {6, 3.0}};
    struct sched_interval iv[N_OF(p) / 2 + 1];
    size_t n = schedule_intervals(p, N_OF(p), iv);
    CHECK(n == 2 && NEAR(iv[0].start_s, 0.1) && NEAR(iv[0].end_s, 2) && NEAR(iv[1].start_s, 3.9) &&
              NEAR(iv[1].end_s, 5.1),
          "want [0.1,2] [3.9,5.1], got %zu intervals, [%g,%g] [%g,%g]", n, n ? iv[0].start_s : NAN,
          n ? iv[0].end_s : NAN, n > 1 ? iv[1].start_s : NAN, n > 1 ? iv[1].end_s : NAN);
    /* Exactly half a step is not "more than half"; a hair more is.  The
     * second's CPU time runs on from the first's, packed: [2 - 1, 2 + 1]. */
    const struct sched_point half[] = {{0, 0}, {2, 1.0}, {4, 2.0 + 1e-9}};
    n = schedule_intervals(half, N_OF(half), iv);
    CHECK(n == 1 && NEAR(iv[0].start_s, 1) && NEAR(iv[0].end_s, 3 + 1e-9), "half a step: want only [1,3], got %zu",
          n);
    /* Uneven steps: +0.6 in 1 s is on, +0.9 in 2 s is not; the lone step
     * runs on into the next for 0.9 s: [1 - 0.6, 1 + 0.9]. */
    const struct sched_point uneven[] = {{0, 0}, {1, 0.6}, {3, 1.5}};
    n = schedule_intervals(uneven, N_OF(uneven), iv);
    CHECK(n == 1 && NEAR(iv[0].start_s, 0.4) && NEAR(iv[0].end_s, 1.9), "uneven steps: want [0.4,1.9], got %zu", n);
    /* A lone on-step with nothing either side is kept whole. */
    const struct sched_point lone[] = {{0, 0}, {1, 0}, {2, 0.7}, {3, 0.7}};
    n = schedule_intervals(lone, N_OF(lone), iv);
    CHECK(n == 1 && iv[0].start_s == 1 && iv[0].end_s == 2, "a lone step: want [1,2], got %zu", n);
    /* A reading not later than the one before is skipped, not divided by. */
    const struct sched_point dup[] = {{0, 0}, {1, 0.9}, {1, 5}, {2, 1.8}};
    n = schedule_intervals(dup, N_OF(dup), iv);
    CHECK(n == 1 && NEAR(iv[0].start_s, 0.1) && NEAR(iv[0].end_s, 1.9), "repeated time: want [0.1,1.9], got %zu",
          n);
    CHECK(schedule_intervals(p, 1, iv) == 0 && schedule_intervals(p, 0, iv) == 0, "one reading has no step");
}

/* Two workers under a lock, hand-over at 5.3 ms, read every 2 ms but B's
 * readings 0.8 ms after A's (the sampler was held up between them).  On
 * the readings' grid A's last step [4, 6] (1.3 ms used) and B's [4.8,
 * 6.8] (1.5 ms) would both count, and overlap by 1.2 ms; packed by CPU
 * time both ends land on 5.3 ms, and the overlap is 0. */
static void t_handover_off_grid(void)
{
    const struct sched_point a[] = {{0, 0}, {2e-3, 2e-3}, {4e-3, 4e-3}, {6e-3, 5.3e-3}, {8e-3, 5.3e-3}};
    const struct sched_point b[] = {{0.8e-3, 0}, {2.8e-3, 0}, {4.8e-3, 0}, {6.8e-3, 1.5e-3}, {8.8e-3, 3.5e-3}};
    struct sched_interval ia[3], ib[3];
    size_t na = schedule_intervals(a, N_OF(a), ia), nb = schedule_intervals(b, N_OF(b), ib);
    CHECK(na == 1 && NEAR(ia[0].start_s, 0) && NEAR(ia[0].end_s, 5.3e-3), "A: want [0, 5.3 ms], got %zu, end %g",
          na, na ? ia[0].end_s : NAN);
    CHECK(nb == 1 && NEAR(ib[0].start_s, 5.3e-3) && NEAR(ib[0].end_s, 8.8e-3),
          "B: want [5.3, 8.8 ms], got %zu, start %g", nb, nb ? ib[0].start_s : NAN);
    const struct sched_interval *iv[] = {ia, ib};
    size_t niv[] = {na, nb};
    double both = schedule_overlap_s(iv, niv, 2, 2);
    CHECK(fabs(both) < 1e-12, "a hand-over off the readings' grid overlaps for %g s, want 0", both);
}

static void t_stale_readings(void)
{
    /* A worker on a CPU all along, read every 1 ms from another process:
     * its time moves only at the 4 ms scheduler tick. */
    struct sched_point p[13];
    for (int i = 0; i <= 12; i++)
        p[i] = (struct sched_point){i * 1e-3, (i / 4) * 4e-3};
    struct sched_interval iv[13];
    /* As read, only the steps with a tick in them count: 3 ms of 12. */
    size_t n = schedule_intervals(p, 13, iv);
    CHECK(n == 3 && NEAR(iv[0].start_s, 3e-3) && NEAR(iv[0].end_s, 4e-3), "stale as read: %zu intervals", n);
    /* Kept at the changes (and the ends): one interval, the whole 12 ms. */
    size_t k = schedule_changes_only(p, 13);
    CHECK(k == 4 && NEAR(p[1].t_s, 4e-3) && NEAR(p[3].t_s, 12e-3), "changes only: %zu readings kept", k);
    n = schedule_intervals(p, k, iv);
    CHECK(n == 1 && NEAR(iv[0].start_s, 0) && NEAR(iv[0].end_s, 12e-3), "stale, at the changes: want [0, 12 ms]");
    /* The last reading stays even when it repeats: the worker stopped. */
    struct sched_point q[] = {{0, 0}, {1, 1}, {2, 1}, {3, 1}};
    k = schedule_changes_only(q, 4);
    CHECK(k == 3 && q[2].t_s == 3, "a stopped worker keeps its last reading: %zu kept", k);
}

static void t_overlap_by_hand(void)
{
    /* A: [0,2] [4,5]; B: [1,4.5].  Two at once in [1,2] and [4,4.5]: 1.5;
     * anyone in [0,5]: 5.  (Adding the lengths, 4.5, or the union of B
     * alone, would be the plausible wrong answers.) */
    const struct sched_interval a[] = {{0, 2}, {4, 5}}, b[] = {{1, 4.5}};
    const struct sched_interval *iv[] = {a, b};
    size_t niv[] = {2, 1};
    CHECK(NEAR(schedule_overlap_s(iv, niv, 2, 2), 1.5), "A,B: 2+ for %g, want 1.5", schedule_overlap_s(iv, niv, 2, 2));
    CHECK(NEAR(schedule_overlap_s(iv, niv, 2, 1), 5), "A,B: 1+ for %g, want 5", schedule_overlap_s(iv, niv, 2, 1));
    /* Three: A [0,3], B [1,2], C [1.5,4]: 2+ in [1,3] = 2; all 3 in [1.5,2]. */
    const struct sched_interval c3a[] = {{0, 3}}, c3b[] = {{1, 2}}, c3c[] = {{1.5, 4}};
    const struct sched_interval *iv3[] = {c3a, c3b, c3c};
    size_t n3[] = {1, 1, 1};
    CHECK(NEAR(schedule_overlap_s(iv3, n3, 3, 2), 2), "three: 2+ for %g, want 2", schedule_overlap_s(iv3, n3, 3, 2));
    CHECK(NEAR(schedule_overlap_s(iv3, n3, 3, 3), 0.5), "three: 3 for %g, want 0.5", schedule_overlap_s(iv3, n3, 3, 3));
    /* Taking turns: touching intervals do not overlap. */
    const struct sched_interval t1[] = {{0, 1}, {2, 3}}, t2[] = {{1, 2}, {3, 4}};
    const struct sched_interval *ivt[] = {t1, t2};
    size_t nt[] = {2, 2};
    CHECK(schedule_overlap_s(ivt, nt, 2, 2) == 0, "turns overlap for %g, want 0", schedule_overlap_s(ivt, nt, 2, 2));
    size_t none[] = {0, 0};
    CHECK(schedule_overlap_s(ivt, none, 2, 2) == 0, "no interval, no overlap");
}

static void t_handovers_by_hand(void)
{
    /* Turns A B A B: three hand-overs.  Side by side (one interval each):
     * one.  A alone, twice: none. */
    const struct sched_interval a[] = {{0, 1}, {2, 3}}, b[] = {{1, 2}, {3, 4}};
    const struct sched_interval *iv[] = {a, b};
    size_t niv[] = {2, 2};
    CHECK(schedule_handovers(iv, niv, 2) == 3, "turns: %zu hand-overs, want 3", schedule_handovers(iv, niv, 2));
    const struct sched_interval pa[] = {{0, 10}}, pb[] = {{0.1, 10}};
    const struct sched_interval *ivp[] = {pa, pb};
    size_t np[] = {1, 1};
    CHECK(schedule_handovers(ivp, np, 2) == 1, "parallel: %zu hand-overs, want 1", schedule_handovers(ivp, np, 2));
    size_t alone[] = {2, 0};
    CHECK(schedule_handovers(iv, alone, 2) == 0, "one worker: %zu hand-overs, want 0", schedule_handovers(iv, alone, 2));
}

/* ---- the analysis on a fixture ------------------------------------------ */

/* Three sampled runs, readings every 1 ms, hand-made so each answer is
 * known: py3.12-threading takes turns (on: w0 [0,2] [4,6] ms, w1 [2,4]
 * [6,8]: overlap 0, 3 hand-overs); pthreads runs side by side for its 4 ms
 * (overlap 100%); multiprocess is read through its process clock, which
 * moves only at a 4 ms tick: counted at its changes it overlaps for the
 * whole 8 ms (as read, it would be 2 ms of 8).  pthreads comes first in
 * the file; the panels follow SCHEDULE_IMPLS, the rest after. */
static const char schedule_fixture[] =
    "impl,model,workload,split,size,threads,worker,pid,tid,t_s,cpu_s,clock,wall_s\r\n"
    "pthreads,pthreads,sumsq,weak,100,2,0,10,11,0.000,0.000,thread,0.004\r\n"
    "pthreads,pthreads,sumsq,weak,100,2,1,10,12,0.000,0.000,thread,0.004\r\n"
    "pthreads,pthreads,sumsq,weak,100,2,0,10,11,0.004,0.004,thread,0.004\r\n"
    "pthreads,pthreads,sumsq,weak,100,2,1,10,12,0.004,0.004,thread,0.004\r\n";

static void append_run(char *buf, size_t len, const char *impl, const char *model, const char *clock,
                       const double cpu_ms[2][9])
{
    for (int i = 0; i < 9; i++)
        for (int w = 0; w < 2; w++) {
            size_t used = strlen(buf);
            snprintf(buf + used, len - used, "%s,%s,sumsq,weak,100,2,%d,20,%d,%.3f,%.3f,%s,0.008\r\n", impl, model,
                     w, 21 + w, i * 1e-3, cpu_ms[w][i] * 1e-3, clock);
        }
}

static void t_analysis_fixture(void)
{
    static const double turns[2][9] = {{0, 1, 2, 2, 2, 3, 4, 4, 4}, {0, 0, 0, 1, 2, 2, 2, 3, 4}};
    static const double ticks[2][9] = {{0, 0, 0, 0, 4, 4, 4, 4, 8}, {0, 0, 0, 0, 4, 4, 4, 4, 8}};
    char *dir = tmpdir_make(), path[PATH_MAX], csv[8192];
    REQUIRE(dir, "mkdtemp");
    snprintf(csv, sizeof csv, "%s", schedule_fixture);
    append_run(csv, sizeof csv, "py3.12-threading", "embedded-py", "thread", turns);
    append_run(csv, sizeof csv, "multiprocess", "multiprocess", "process", ticks);
    write_file(path_in(path, dir, "schedule.csv"), csv);
    write_file(path_in(path, dir, "raw.csv"), "impl,workload,split,size,threads,wall_s\npthreads,sumsq,weak,100,1,1\n");
    char bin[PATH_MAX];
    REQUIRE(study_bin(bin, "analyze"), "STUDY_BIN");
    const char *argv[] = {bin, "--no-figures", dir, NULL};
    struct proc p;
    REQUIRE(proc_run((char *const *)argv, &p) == 0, "cannot run analyze");
    CHECK(p.exited && p.code == 0, "analyze exit %d: %s", p.code, p.err);
    proc_free(&p);
    char *gp = slurp(path_in(path, dir, "figures/data/whoruns.gp"), NULL);
    CHECK(gp && strstr(gp, "wr_n = 3\n") && strstr(gp, "wr_title[1] = \"Python 3.12, threading, T = 2") &&
              strstr(gp, "wr_title[2] = \"C, pthreads") && strstr(gp, "wr_title[3] = \"C, multiprocess") &&
              strstr(gp, "wr_colour[1] = \"#D55E00\"") && strstr(gp, "wr_colour[2] = \"#0072B2\""),
          "whoruns.gp: three panels, 3.12 first (its vermillion), then pthreads (blue), then the rest: %s", gp ? gp : "(missing)");
    free(gp);
    char *dat = slurp(path_in(path, dir, "figures/data/whoruns-1.dat"), NULL);
    CHECK(dat && strstr(dat, "\n0 0 0.002\n0 0.004 0.006\n1 0.002 0.004\n1 0.006 0.008\n"),
          "whoruns-1.dat: want w0 [0,2] [4,6] ms and w1 [2,4] [6,8] ms: %s", dat ? dat : "(missing)");
    free(dat);
    dat = slurp(path_in(path, dir, "figures/data/whoruns-3.dat"), NULL);
    CHECK(dat && strstr(dat, "\n0 0 0.008\n1 0 0.008\n"), "whoruns-3.dat: want [0, 8 ms] for both: %s",
          dat ? dat : "(missing)");
    free(dat);
    char *md = slurp(path_in(path, dir, "report.md"), NULL);
    CHECK(md && strstr(md, "## Who runs when") &&
              strstr(md, "| py3.12-threading | sumsq weak | 100 | 2 | 0.008 | 18 | 4 | 3 | 100% | 0.0% |") &&
              strstr(md, "| pthreads | sumsq weak | 100 | 2 | 0.004 | 4 | 2 | 1 | 100% | 100.0% |") &&
              strstr(md, "| multiprocess | sumsq weak | 100 | 2 | 0.008 | 18 | 2 | 1 | 100% | 100.0% |"),
          "report.md's who-runs-when table: %s", md ? strstr(md, "## Who runs when") : "(missing)");
    free(md);
    tmpdir_remove(dir);
}

static CU_TestInfo fn_tests[] = {
    {"on-CPU intervals by hand (more than half a step; merging; packed by CPU time)", t_intervals_by_hand},
    {"a hand-over between readings that do not line up: no overlap", t_handover_off_grid},
    {"readings current only at the tick: kept at their changes", t_stale_readings},
    {"overlap of 2 and 3 workers by hand", t_overlap_by_hand},
    {"hand-overs by hand", t_handovers_by_hand},
    {"bin/analyze: who-runs-when data and report from a fixture schedule.csv", t_analysis_fixture},
    CU_TEST_INFO_NULL,
};

CU_SuiteInfo schedule_suites[] = {
    {"schedule functions", NULL, NULL, NULL, NULL, fn_tests},
    CU_SUITE_INFO_NULL,
};
