/* test_splits.c - every split covers its work exactly once, for every
 * worker count (common/split.c and the worker side in common/work.c). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "job.h"
#include "split.h"
#include "tests.h"

#define T_MAX_TESTED 64U

/* ---- sumsq strong: contiguous chunks ------------------------------------ */

static void test_chunk_cover(void)
{
    const uint64_t ns[] = {1, 2, 3, 63, 64, 65, 1000, 10000000000ULL};
    for (size_t k = 0; k < sizeof ns / sizeof ns[0]; k++) {
        const uint64_t n = ns[k];
        for (unsigned t = 1; t <= T_MAX_TESTED; t++) {
            uint64_t prev_hi = 0, min_len = UINT64_MAX, max_len = 0;
            bool ok = true;
            for (unsigned w = 0; w < t && ok; w++) {
                uint64_t lo, hi;
                split_chunk(n, t, w, &lo, &hi);
                /* starts where the previous one ended (so the first at 0):
                 * contiguous, in worker order, no gap and no overlap */
                ok &= CHECK(lo == prev_hi, "N=%llu T=%u: worker %u starts at %llu, previous ended at %llu",
                            (unsigned long long)n, t, w, (unsigned long long)lo, (unsigned long long)prev_hi);
                ok &= CHECK(hi >= lo, "N=%llu T=%u: worker %u has [%llu, %llu)", (unsigned long long)n, t, w,
                            (unsigned long long)lo, (unsigned long long)hi);
                uint64_t len = hi - lo;
                min_len = len < min_len ? len : min_len;
                max_len = len > max_len ? len : max_len;
                prev_hi = hi;
            }
            if (!ok)
                continue;
            CHECK(prev_hi == n, "N=%llu T=%u: the last chunk ends at %llu", (unsigned long long)n, t,
                  (unsigned long long)prev_hi);
            CHECK(max_len - min_len <= 1, "N=%llu T=%u: chunk lengths %llu..%llu differ by more than one",
                  (unsigned long long)n, t, (unsigned long long)min_len, (unsigned long long)max_len);
        }
    }
    /* The largest job the CLI accepts. */
    uint64_t lo, hi;
    split_chunk(10000000000ULL, THREADS_MAX, THREADS_MAX - 1, &lo, &hi);
    CHECK(hi == 10000000000ULL && hi - lo <= 10000000000ULL / THREADS_MAX + 1,
          "N=10^10 T=%u: last chunk [%llu, %llu)", THREADS_MAX, (unsigned long long)lo, (unsigned long long)hi);
}

/* Worker w's sums through work_static add up to the whole sum. */
static void test_static_sumsq(void)
{
    char a[U128_DEC_MAX], b[U128_DEC_MAX];
    const uint64_t ns[] = {1, 2, 1000, 100003};
    const unsigned ts[] = {1, 2, 3, 7, 64};
    for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++)
        for (size_t j = 0; j < sizeof ts / sizeof ts[0]; j++) {
            struct job job = {.workload = WL_SUMSQ, .split = SPLIT_STRONG, .size = ns[i], .threads = ts[j],
                              .fault_worker = -1};
            u128 total = 0;
            uint64_t units = 0;
            for (unsigned w = 0; w < ts[j]; w++) {
                struct worker_result r = {0};
                work_static(&job, w, &r);
                total += r.value;
                units += r.units;
            }
            CHECK(total == ref_sumsq(ns[i]) && units == ns[i], "strong N=%llu T=%u: sum %s units %llu, want %s %llu",
                  (unsigned long long)ns[i], ts[j], t_u128(total, a), (unsigned long long)units,
                  t_u128(ref_sumsq(ns[i]), b), (unsigned long long)ns[i]);
            job.split = SPLIT_WEAK;
            for (unsigned w = 0; w < ts[j]; w++) {
                struct worker_result r = {0};
                work_static(&job, w, &r);
                CHECK(r.value == ref_sumsq(ns[i]) && r.units == ns[i], "weak N=%llu T=%u worker %u: %s, %llu units",
                      (unsigned long long)ns[i], ts[j], w, t_u128(r.value, a), (unsigned long long)r.units);
            }
        }
}

/* ---- nqueens rr: first-row columns dealt round-robin --------------------- */

/* The columns of worker w under the deal c = w, w+T, w+2T, ... < n. */
static unsigned dealt(unsigned n, unsigned t, unsigned w, unsigned *cols)
{
    unsigned k = 0;
    for (unsigned c = 0; c < n; c++)
        if (c % t == w)
            cols[k++] = c;
    return k;
}

/* Through the public worker code: for n <= 10 every worker's units and
 * value match its dealt columns, and all add up to the whole count. */
static void test_rr_static(void)
{
    for (unsigned n = 1; n <= 10; n++) {
        uint64_t per_col[10];
        for (unsigned c = 0; c < n; c++)
            per_col[c] = ref_nqueens(n, &c, 1);
        for (unsigned t = 1; t <= T_MAX_TESTED; t++) {
            struct job job = {.workload = WL_NQUEENS, .split = SPLIT_RR, .size = n, .threads = t,
                              .fault_worker = -1};
            u128 total = 0;
            uint64_t units = 0;
            for (unsigned w = 0; w < t; w++) {
                struct worker_result r = {0};
                unsigned cols[20];
                unsigned k = dealt(n, t, w, cols);
                uint64_t want = 0;
                for (unsigned i = 0; i < k; i++)
                    want += per_col[cols[i]];
                work_static(&job, w, &r);
                CHECK(r.units == k && r.value == want, "rr n=%u T=%u worker %u: %llu units value %llu, want %u and %llu",
                      n, t, w, (unsigned long long)r.units, (unsigned long long)r.value, k, (unsigned long long)want);
                total += r.value;
                units += r.units;
            }
            CHECK(units == n, "rr n=%u T=%u: %llu units, want %u", n, t, (unsigned long long)units, n);
            CHECK(total == oeis_a000170[n], "rr n=%u T=%u: total %llu, A000170 %llu", n, t,
                  (unsigned long long)total, (unsigned long long)oeis_a000170[n]);
        }
    }
}

/* Up to n = 14 (too costly to solve 64 times over): the deal covers every
 * column exactly once, and the first-row tasks of the columns are the n
 * distinct single-queen placements. */
static void test_rr_deal_cover(void)
{
    for (unsigned n = 1; n <= 14; n++) {
        for (unsigned t = 1; t <= T_MAX_TESTED; t++) {
            unsigned seen[14] = {0};
            for (unsigned w = 0; w < t; w++) /* the loop of work.c's work_static */
                for (unsigned c = w; c < n; c += t)
                    seen[c]++;
            bool once = true;
            for (unsigned c = 0; c < n; c++)
                once &= seen[c] == 1;
            CHECK(once, "rr n=%u T=%u: some column is not dealt exactly once", n, t);
        }
        uint64_t all = 0;
        bool disjoint = true;
        for (unsigned c = 0; c < n; c++) {
            struct nq_task task = split_first_row(n, c);
            disjoint &= (all & task.cols) == 0;
            all |= task.cols;
        }
        CHECK(disjoint && all == (UINT64_C(1) << n) - 1, "n=%u: first-row tasks do not cover the columns once", n);
    }
}

static void test_first_row(void)
{
    for (unsigned n = 1; n <= NQUEENS_SIZE_MAX; n++)
        for (unsigned c = 0; c < n; c++) {
            struct nq_task t = split_first_row(n, c);
            uint64_t bit = UINT64_C(1) << c;
            CHECK(t.cols == bit && t.d1 == bit << 1 && t.d2 == bit >> 1 && t.row == 1,
                  "split_first_row(%u, %u) = {cols %#llx, d1 %#llx, d2 %#llx, row %u}", n, c,
                  (unsigned long long)t.cols, (unsigned long long)t.d1, (unsigned long long)t.d2, t.row);
            if (n <= 8)
                CHECK(kernel_nqueens(n, t.cols, t.d1, t.d2, t.row) == ref_nqueens(n, &c, 1),
                      "n=%u: solutions below the first-row task of column %u", n, c);
        }
}

/* ---- nqueens dynamic: the pool of two-row placements --------------------- */

struct pair {
    unsigned c0, c1;
};

/* Legal two-row placements by brute force, in column order. */
static unsigned legal_pairs(unsigned n, struct pair *out)
{
    unsigned k = 0;
    for (unsigned c0 = 0; c0 < n; c0++)
        for (unsigned c1 = 0; c1 < n; c1++) {
            unsigned d = c0 > c1 ? c0 - c1 : c1 - c0;
            if (c0 != c1 && d > 1)
                out[k++] = (struct pair){c0, c1};
        }
    return k;
}

static void test_pool_tasks(void)
{
    for (unsigned n = 1; n <= 14; n++) {
        struct nq_task *pool = NULL;
        uint64_t len = 0;
        struct err e = {0};
        if (!CHECK(split_pool(n, &pool, &len, &e) == 0, "split_pool(%u) failed: %s", n, e.msg))
            continue;
        if (n == 1) {
            CHECK(len == 1 && pool[0].cols == 1 && pool[0].d1 == 2 && pool[0].d2 == 0 && pool[0].row == 1,
                  "split_pool(1): %llu tasks, want the one first-row task", (unsigned long long)len);
            free(pool);
            continue;
        }
        struct pair want[14 * 14];
        unsigned k = legal_pairs(n, want);
        CHECK(k == (n - 1) * (n - 2), "brute force found %u pairs for n=%u", k, n);
        CHECK(len == k, "split_pool(%u): %llu tasks, want %u", n, (unsigned long long)len, k);
        for (unsigned i = 0; i < k && i < len; i++) {
            uint64_t b0 = UINT64_C(1) << want[i].c0, b1 = UINT64_C(1) << want[i].c1;
            const struct nq_task *t = &pool[i];
            CHECK(t->cols == (b0 | b1) && t->d1 == (((b0 << 1) | b1) << 1) && t->d2 == (((b0 >> 1) | b1) >> 1) &&
                      t->row == 2,
                  "split_pool(%u) task %u is not queens at (0,%u),(1,%u)", n, i, want[i].c0, want[i].c1);
        }
        /* each placement once */
        bool distinct = true;
        for (uint64_t i = 0; i < len; i++)
            for (uint64_t j = i + 1; j < len; j++)
                distinct &= pool[i].cols != pool[j].cols || pool[i].d1 != pool[j].d1 || pool[i].d2 != pool[j].d2;
        CHECK(distinct, "split_pool(%u) repeats a task", n);
        free(pool);
    }
}

static void test_pool_sum(void)
{
    for (unsigned n = 1; n <= 10; n++) {
        struct nq_task *pool = NULL;
        uint64_t len = 0;
        struct err e = {0};
        if (!CHECK(split_pool(n, &pool, &len, &e) == 0, "split_pool(%u) failed: %s", n, e.msg))
            continue;
        uint64_t sum = 0;
        for (uint64_t i = 0; i < len; i++)
            sum += kernel_nqueens(n, pool[i].cols, pool[i].d1, pool[i].d2, pool[i].row);
        CHECK(sum == oeis_a000170[n] && sum == nqueens_exact(n), "n=%u: the pool's tasks sum to %llu, want %llu", n,
              (unsigned long long)sum, (unsigned long long)oeis_a000170[n]);
        if (n >= 2 && n <= 8) {
            struct pair want[64];
            unsigned k = legal_pairs(n, want);
            for (unsigned i = 0; i < k && i < len; i++) {
                unsigned prefix[2] = {want[i].c0, want[i].c1};
                CHECK(kernel_nqueens(n, pool[i].cols, pool[i].d1, pool[i].d2, pool[i].row) ==
                          ref_nqueens(n, prefix, 2),
                      "n=%u task %u: solutions below it differ from the reference", n, i);
            }
        }
        free(pool);
    }
}

/* ---- the shared counter -------------------------------------------------- */

static int pool_job(struct job *job, unsigned n, unsigned threads)
{
    struct nq_task *pool;
    struct err e = {0};
    *job = (struct job){.workload = WL_NQUEENS, .split = SPLIT_DYNAMIC, .size = n, .threads = threads,
                        .fault_worker = -1};
    if (split_pool(n, &pool, &job->pool_len, &e))
        return -1;
    job->pool = pool;
    return 0;
}

/* From any counter value, a worker takes exactly the indices left. */
static void test_dynamic_sequential(void)
{
    struct job job;
    REQUIRE(pool_job(&job, 8, 1) == 0, "split_pool(8) failed");
    const uint64_t len = job.pool_len;
    uint64_t *task_value = calloc(len, sizeof *task_value);
    REQUIRE_OR(out, task_value != NULL, "out of memory");
    for (uint64_t i = 0; i < len; i++) {
        const struct nq_task *t = &job.pool[i];
        task_value[i] = kernel_nqueens(8, t->cols, t->d1, t->d2, t->row);
        CHECK(work_task(&job, i) == task_value[i], "work_task(%llu) differs from its task", (unsigned long long)i);
    }
    const uint64_t starts[] = {0, 1, len / 2, len - 1, len, len + 5};
    for (size_t k = 0; k < sizeof starts / sizeof starts[0]; k++) {
        atomic_uint_fast64_t next = starts[k];
        struct worker_result r = {0};
        work_dynamic(&job, &next, &r);
        uint64_t want_units = 0, want_value = 0;
        for (uint64_t i = starts[k]; i < len; i++) {
            want_units++;
            want_value += task_value[i];
        }
        CHECK(r.units == want_units && r.value == want_value,
              "counter at %llu: took %llu tasks worth %llu, want %llu worth %llu", (unsigned long long)starts[k],
              (unsigned long long)r.units, (unsigned long long)r.value, (unsigned long long)want_units,
              (unsigned long long)want_value);
        CHECK(atomic_load(&next) >= len, "counter left at %llu below the pool's %llu",
              (unsigned long long)atomic_load(&next), (unsigned long long)len);
    }
    /* Several workers in turn, each taking a few indices: hand the counter
     * to work_dynamic only when one index is left, so each takes one. */
    uint64_t taken = 0, value = 0;
    for (uint64_t i = 0; i < len; i++) {
        struct job one = job;
        one.pool_len = i + 1; /* the pool as far as index i */
        atomic_uint_fast64_t next = i;
        struct worker_result r = {0};
        work_dynamic(&one, &next, &r);
        taken += r.units;
        value += r.value;
        CHECK(r.units == 1 && r.value == task_value[i], "worker %llu took %llu tasks", (unsigned long long)i,
              (unsigned long long)r.units);
    }
    CHECK(taken == len && value == oeis_a000170[8], "in turn: %llu tasks worth %llu", (unsigned long long)taken,
          (unsigned long long)value);
out:
    free(task_value);
    free((void *)job.pool);
}

struct dyn_arg {
    const struct job *job;
    atomic_uint_fast64_t *next;
    struct worker_result r;
};

static void *dyn_worker(void *p)
{
    struct dyn_arg *a = p;
    work_dynamic(a->job, a->next, &a->r);
    return NULL;
}

/* Real threads on one counter: every task taken once. */
static void test_dynamic_threads(void)
{
    enum { WORKERS = 4, ROUNDS = 8 };
    struct job job;
    REQUIRE(pool_job(&job, 9, WORKERS) == 0, "split_pool(9) failed");
    for (int round = 0; round < ROUNDS; round++) {
        atomic_uint_fast64_t next = 0;
        struct dyn_arg args[WORKERS];
        pthread_t tid[WORKERS];
        int made = 0;
        for (int w = 0; w < WORKERS; w++) {
            args[w] = (struct dyn_arg){.job = &job, .next = &next};
            if (pthread_create(&tid[w], NULL, dyn_worker, &args[w]) != 0)
                break;
            made++;
        }
        for (int w = 0; w < made; w++)
            pthread_join(tid[w], NULL);
        if (!CHECK(made == WORKERS, "could only create %d threads", made))
            break;
        uint64_t units = 0;
        u128 value = 0;
        for (int w = 0; w < WORKERS; w++) {
            units += args[w].r.units;
            value += args[w].r.value;
        }
        CHECK(units == job.pool_len && value == oeis_a000170[9], "round %d: %llu tasks worth %llu, want %llu worth %llu",
              round, (unsigned long long)units, (unsigned long long)value, (unsigned long long)job.pool_len,
              (unsigned long long)oeis_a000170[9]);
    }
    free((void *)job.pool);
}

/* work_worker: begin, share, end. */
static void test_work_worker(void)
{
    struct job job = {.workload = WL_SUMSQ, .split = SPLIT_STRONG, .size = 10000, .threads = 3, .fault_worker = -1};
    struct worker_result r = {0};
    work_worker(&job, 1, NULL, &r);
    uint64_t lo, hi;
    split_chunk(10000, 3, 1, &lo, &hi);
    CHECK(r.done == 1, "work_worker did not mark its slot done");
    CHECK(r.start_s > 0 && r.start_s <= r.end_s, "start %.9f end %.9f", r.start_s, r.end_s);
    CHECK(r.cpu_s >= 0, "cpu_s %.9f", r.cpu_s);
    CHECK(r.cpu >= 0, "cpu %d", r.cpu);
    CHECK(r.units == hi - lo && r.value == ref_sumsq_loop(lo, hi), "worker 1 of 3 did %llu units",
          (unsigned long long)r.units);
}

static CU_TestInfo strong_tests[] = {
    {"split_chunk: contiguous, covering, balanced, T = 1..64", test_chunk_cover},
    {"work_static: weak and strong shares add up", test_static_sumsq},
    CU_TEST_INFO_NULL,
};

static CU_TestInfo rr_tests[] = {
    {"work_static rr: each worker's columns, n <= 10, T = 1..64", test_rr_static},
    {"rr deal covers each column once, n <= 14, T = 1..64", test_rr_deal_cover},
    {"split_first_row", test_first_row},
    CU_TEST_INFO_NULL,
};

static CU_TestInfo dynamic_tests[] = {
    {"split_pool: the legal two-row placements, each once, n = 1..14", test_pool_tasks},
    {"split_pool: tasks sum to the count, n <= 10", test_pool_sum},
    {"work_dynamic: takes the indices left, in turn", test_dynamic_sequential},
    {"work_dynamic: threads on one counter", test_dynamic_threads},
    {"work_worker", test_work_worker},
    CU_TEST_INFO_NULL,
};

CU_SuiteInfo split_suites[] = {
    {"splits/strong", NULL, NULL, NULL, NULL, strong_tests},
    {"splits/rr", NULL, NULL, NULL, NULL, rr_tests},
    {"splits/dynamic", NULL, NULL, NULL, NULL, dynamic_tests},
    CU_SUITE_INFO_NULL,
};
