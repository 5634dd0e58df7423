/* test_kernels.c - the two kernels, their exact answers, the decimal
 * printer and the workload / split tables (common/workload.c). */
#include <stdio.h>
#include <string.h>

#include "tests.h"
#include "workload.h"

#define E10 10000000000ULL

/* ---- sumsq -------------------------------------------------------------- */

/* Every range [lo, hi) with lo < 120 and hi - lo < 120 against the loop. */
static void test_sumsq_small_ranges(void)
{
    char a[U128_DEC_MAX], b[U128_DEC_MAX];
    for (uint64_t lo = 0; lo < 120; lo++)
        for (uint64_t hi = lo; hi < lo + 120; hi++) {
            u128 got = kernel_sumsq(lo, hi), want = ref_sumsq_loop(lo, hi);
            CHECK(got == want, "kernel_sumsq(%llu, %llu) = %s, want %s", (unsigned long long)lo,
                  (unsigned long long)hi, t_u128(got, a), t_u128(want, b));
        }
}

/* Ranges where i*i no longer fits 64 bits: the kernel must widen first. */
static void test_sumsq_wide_squares(void)
{
    char a[U128_DEC_MAX], b[U128_DEC_MAX];
    const uint64_t starts[] = {4294967200ULL /* around 2^32 */, E10 - 50, 1ULL << 40};
    for (size_t k = 0; k < sizeof starts / sizeof starts[0]; k++)
        for (uint64_t len = 0; len <= 200; len += 25) {
            uint64_t lo = starts[k], hi = lo + len;
            u128 got = kernel_sumsq(lo, hi), want = ref_sumsq_loop(lo, hi);
            CHECK(got == want, "kernel_sumsq(%llu, %llu) = %s, want %s", (unsigned long long)lo,
                  (unsigned long long)hi, t_u128(got, a), t_u128(want, b));
        }
}

static void test_sumsq_exact_small(void)
{
    char a[U128_DEC_MAX], b[U128_DEC_MAX];
    CHECK(sumsq_exact(0) == 0, "sumsq_exact(0) = %s", t_u128(sumsq_exact(0), a));
    for (uint64_t n = 1; n <= 3000; n++) {
        u128 got = sumsq_exact(n), want = ref_sumsq_loop(0, n);
        CHECK(got == want, "sumsq_exact(%llu) = %s, want %s", (unsigned long long)n, t_u128(got, a),
              t_u128(want, b));
    }
    /* The independent closed form agrees with the loop too. */
    for (uint64_t n = 0; n <= 3000; n++)
        CHECK(ref_sumsq(n) == ref_sumsq_loop(0, n), "ref_sumsq(%llu) disagrees with the loop",
              (unsigned long long)n);
}

static void test_sumsq_kernel_equals_exact(void)
{
    char a[U128_DEC_MAX], b[U128_DEC_MAX];
    const uint64_t ns[] = {1, 2, 3, 1000, 1000000};
    /* By hand: 0; 0+1; 0+1+4; then (n-1)n(2n-1)/6 evaluated by python3. */
    const char *const dec[] = {"0", "1", "5", "332833500", "333332833333500000"};
    for (size_t k = 0; k < sizeof ns / sizeof ns[0]; k++) {
        u128 kern = kernel_sumsq(0, ns[k]), exact = sumsq_exact(ns[k]);
        CHECK(kern == exact, "n=%llu: kernel %s, sumsq_exact %s", (unsigned long long)ns[k],
              t_u128(kern, a), t_u128(exact, b));
        CHECK(strcmp(t_u128(exact, a), dec[k]) == 0, "sumsq_exact(%llu) = %s, want %s",
              (unsigned long long)ns[k], a, dec[k]);
        CHECK(exact == ref_sumsq(ns[k]), "sumsq_exact(%llu) = %s, independent form %s",
              (unsigned long long)ns[k], t_u128(exact, a), t_u128(ref_sumsq(ns[k]), b));
    }
}

static void test_sumsq_exact_1e10(void)
{
    char a[U128_DEC_MAX], b[U128_DEC_MAX];
    /* n = 10^10: (n-1) is a multiple of 3 and n of 2, so the sum is
     * ((n-1)/3) * (n/2) * (2n-1) = 3333333333 * 5000000000 * 19999999999;
     * python3: (n-1)*n*(2*n-1)//6 = 333333333283333333335000000000. */
    const u128 by_hand = (u128)3333333333ULL * 5000000000ULL * 19999999999ULL;
    const u128 got = sumsq_exact(E10);
    CHECK(got == by_hand, "sumsq_exact(10^10) = %s, by hand %s", t_u128(got, a), t_u128(by_hand, b));
    CHECK(strcmp(t_u128(got, a), "333333333283333333335000000000") == 0, "sumsq_exact(10^10) = %s", a);
    CHECK(got == ref_sumsq(E10), "sumsq_exact(10^10) = %s, independent form %s", t_u128(got, a),
          t_u128(ref_sumsq(E10), b));
    /* Other large n, each residue mod 6. */
    for (uint64_t n = E10 - 12; n <= E10; n++)
        CHECK(sumsq_exact(n) == ref_sumsq(n), "sumsq_exact(%llu) = %s, want %s", (unsigned long long)n,
              t_u128(sumsq_exact(n), a), t_u128(ref_sumsq(n), b));
}

static void test_sumsq_range_near_1e10(void)
{
    char a[U128_DEC_MAX], b[U128_DEC_MAX];
    const uint64_t lo = E10 - 1000, hi = E10;
    u128 got = kernel_sumsq(lo, hi);
    u128 diff = sumsq_exact(hi) - sumsq_exact(lo);
    CHECK(got == diff, "kernel_sumsq(10^10-1000, 10^10) = %s, exact difference %s", t_u128(got, a),
          t_u128(diff, b));
    CHECK(got == ref_sumsq_loop(lo, hi), "kernel_sumsq(10^10-1000, 10^10) = %s, loop %s", t_u128(got, a),
          t_u128(ref_sumsq_loop(lo, hi), b));
}

/* ---- u128_to_dec -------------------------------------------------------- */

static void test_u128_to_dec(void)
{
    const u128 two64 = (u128)1 << 64;
    const u128 e19 = 10000000000000000000ULL;
    const struct {
        u128 v;
        const char *dec;
    } cases[] = {
        {0, "0"},
        {1, "1"},
        {9, "9"},
        {10, "10"},
        {two64 - 1, "18446744073709551615"},
        {two64, "18446744073709551616"},
        {e19, "10000000000000000000"},
        {e19 * e19, "100000000000000000000000000000000000000"},
        {~(u128)0, "340282366920938463463374607431768211455"}, /* 2^128 - 1 */
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char buf[U128_DEC_MAX + 8];
        memset(buf, '#', sizeof buf);
        char *ret = u128_to_dec(cases[k].v, buf);
        CHECK(ret == buf, "u128_to_dec must return its buffer");
        CHECK(memchr(buf, '\0', U128_DEC_MAX) != NULL && strcmp(buf, cases[k].dec) == 0,
              "u128_to_dec gave '%.*s', want '%s'", U128_DEC_MAX, buf, cases[k].dec);
        CHECK(buf[U128_DEC_MAX] == '#', "u128_to_dec wrote past U128_DEC_MAX bytes");
    }
    /* A spread of 64-bit values against printf. */
    uint64_t x = 0x9E3779B97F4A7C15ULL;
    for (int i = 0; i < 2000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        uint64_t v = x >> (i % 64);
        char want[32], got[U128_DEC_MAX];
        snprintf(want, sizeof want, "%llu", (unsigned long long)v);
        u128_to_dec(v, got);
        CHECK(strcmp(got, want) == 0, "u128_to_dec(%s) gave %s", want, got);
    }
}

/* ---- nqueens ------------------------------------------------------------ */

/* Up to the size the study runs by default (n = 14, 365,596 solutions:
 * about 0.3 s at -O2), so a kernel wrong only at the study's own size is
 * caught; the splits' tests cover prefixes below it. */
static void test_nqueens_root_oeis(void)
{
    const unsigned study_n = (unsigned)workload_descs[WL_NQUEENS].size_default;
    CHECK(study_n >= 14, "the study's default n is %u; this test checks up to it", study_n);
    for (unsigned n = 1; n <= study_n; n++) {
        uint64_t got = kernel_nqueens(n, 0, 0, 0, 0);
        CHECK(got == oeis_a000170[n], "kernel_nqueens(%u) from the root = %llu, A000170 says %llu", n,
              (unsigned long long)got, (unsigned long long)oeis_a000170[n]);
    }
}

static void test_nqueens_exact_table(void)
{
    for (unsigned n = 1; n <= NQUEENS_SIZE_MAX; n++) {
        uint64_t got = nqueens_exact(n);
        CHECK(got == oeis_a000170[n], "nqueens_exact(%u) = %llu, A000170 says %llu", n,
              (unsigned long long)got, (unsigned long long)oeis_a000170[n]);
        if (n == 2 || n == 3)
            CHECK(got == 0, "nqueens_exact(%u) = %llu, want 0", n, (unsigned long long)got);
        else
            CHECK(got != 0, "nqueens_exact(%u) is 0", n);
    }
}

/* The reference solver is itself checked against OEIS, then used below. */
static void test_nqueens_reference_solver(void)
{
    for (unsigned n = 1; n <= 9; n++)
        CHECK(ref_nqueens(n, NULL, 0) == oeis_a000170[n], "reference solver n=%u gives %llu", n,
              (unsigned long long)ref_nqueens(n, NULL, 0));
}

/* Partial placements: a queen in row 0 (and one in row 1) given as the
 * header describes: cols|bit, (d1|bit)<<1, (d2|bit)>>1. */
static void test_nqueens_partial(void)
{
    for (unsigned n = 2; n <= 8; n++)
        for (unsigned c0 = 0; c0 < n; c0++) {
            uint64_t b0 = UINT64_C(1) << c0;
            unsigned p1[1] = {c0};
            uint64_t got = kernel_nqueens(n, b0, b0 << 1, b0 >> 1, 1);
            uint64_t want = ref_nqueens(n, p1, 1);
            CHECK(got == want, "n=%u, queen at (0,%u): kernel %llu, reference %llu", n, c0,
                  (unsigned long long)got, (unsigned long long)want);
            for (unsigned c1 = 0; c1 < n; c1++) {
                if (c1 == c0 || c1 + 1 == c0 || c0 + 1 == c1)
                    continue;
                uint64_t b1 = UINT64_C(1) << c1;
                unsigned p2[2] = {c0, c1};
                got = kernel_nqueens(n, b0 | b1, ((b0 << 1) | b1) << 1, ((b0 >> 1) | b1) >> 1, 2);
                want = ref_nqueens(n, p2, 2);
                CHECK(got == want, "n=%u, queens at (0,%u),(1,%u): kernel %llu, reference %llu", n, c0,
                      c1, (unsigned long long)got, (unsigned long long)want);
            }
        }
}

static void test_nqueens_nodes(void)
{
    /* n = 1: the root call and the call for the one full board. */
    CHECK(nqueens_nodes(1) == 2, "nqueens_nodes(1) = %llu, want 2", (unsigned long long)nqueens_nodes(1));
    /* n = 2: the root and the two row-0 placements, each a dead end. */
    CHECK(nqueens_nodes(2) == 3, "nqueens_nodes(2) = %llu, want 3", (unsigned long long)nqueens_nodes(2));
    for (unsigned n = 1; n <= 10; n++) {
        uint64_t got = nqueens_nodes(n), want = ref_nqueens_nodes(n);
        CHECK(got == want, "nqueens_nodes(%u) = %llu, reference counter %llu", n, (unsigned long long)got,
              (unsigned long long)want);
        CHECK(got > oeis_a000170[n], "nqueens_nodes(%u) = %llu is not above the solution count", n,
              (unsigned long long)got);
    }
}

/* ---- node counts, independently --------------------------------------- */

/* A plain recursive counter, written here and not shared with the kernel:
 * flag arrays for columns and both diagonals instead of bitmasks, columns
 * tried in increasing order.  Counts every call, as nqueens_nodes() does:
 * the call for the current row, then one per legal queen placed in it. */
struct plain_board {
    unsigned n;
    bool col[NQUEENS_NODES_MAX], diag[2 * NQUEENS_NODES_MAX], anti[2 * NQUEENS_NODES_MAX];
};

static uint64_t plain_calls(struct plain_board *b, unsigned row)
{
    uint64_t calls = 1;
    if (row == b->n)
        return calls;
    for (unsigned c = 0; c < b->n; c++) {
        unsigned d = row + c, a = row + b->n - 1 - c;
        if (b->col[c] || b->diag[d] || b->anti[a])
            continue;
        b->col[c] = b->diag[d] = b->anti[a] = true;
        calls += plain_calls(b, row + 1);
        b->col[c] = b->diag[d] = b->anti[a] = false;
    }
    return calls;
}

/* Places queens in columns prefix[0..rows-1] of rows 0..rows-1; false
 * when that placement is not legal. */
static bool plain_place(struct plain_board *b, const unsigned *prefix, unsigned rows)
{
    for (unsigned r = 0; r < rows; r++) {
        unsigned c = prefix[r], d = r + c, a = r + b->n - 1 - c;
        if (b->col[c] || b->diag[d] || b->anti[a])
            return false;
        b->col[c] = b->diag[d] = b->anti[a] = true;
    }
    return true;
}

#define NODES_CHECKED_MAX 14

/* The answer table's node counts, n = 1..14, against the plain counter
 * (and n = 1, 2, 4 by hand: the root and its legal children; for n = 4,
 * 1 + 4 + 6 + 4 + 2 = 17 calls over the rows 0..4). */
static void test_nqueens_nodes_table(void)
{
    CHECK(nqueens_nodes_exact(1) == 2 && nqueens_nodes_exact(2) == 3 && nqueens_nodes_exact(4) == 17,
          "n = 1, 2, 4 by hand: %llu %llu %llu, want 2 3 17", (unsigned long long)nqueens_nodes_exact(1),
          (unsigned long long)nqueens_nodes_exact(2), (unsigned long long)nqueens_nodes_exact(4));
    for (unsigned n = 1; n <= NODES_CHECKED_MAX; n++) {
        struct plain_board b = {.n = n};
        uint64_t want = plain_calls(&b, 0), got = nqueens_nodes_exact(n);
        CHECK(got == want, "nqueens_nodes_exact(%u) = %llu, the plain counter says %llu", n,
              (unsigned long long)got, (unsigned long long)want);
    }
    /* Past the table there is no count, never a wrong one. */
    CHECK(nqueens_nodes_exact(NQUEENS_NODES_MAX + 1) == 0 && nqueens_nodes_exact(NQUEENS_NODES_MAX) > 0,
          "the table ends at n = %d", NQUEENS_NODES_MAX);
}

/* Units of work per split: sumsq by hand; nqueens as the calls the plain
 * counter makes below the tasks each split hands out (first-row columns
 * for rr, legal two-row prefixes for dynamic), n = 1..11, at T = 1 and 3. */
static void test_workload_units(void)
{
    CHECK(workload_units(WL_SUMSQ, SPLIT_WEAK, 1000, 3) == 3000, "sumsq weak N=1000 T=3: 3000 iterations");
    CHECK(workload_units(WL_SUMSQ, SPLIT_STRONG, 1000, 3) == 1000, "sumsq strong N=1000 T=3: 1000 iterations");
    CHECK(workload_units(WL_NQUEENS, SPLIT_WEAK, 8, 1) == 0, "nqueens has no weak split");
    CHECK(workload_units(WL_NQUEENS, SPLIT_RR, NQUEENS_NODES_MAX + 1, 1) == 0, "no count past the table");
    for (unsigned n = 1; n <= 11; n++) {
        uint64_t rr = 0, dyn = 0;
        for (unsigned c0 = 0; c0 < n; c0++) {
            struct plain_board b = {.n = n};
            unsigned one[1] = {c0};
            plain_place(&b, one, 1);
            rr += plain_calls(&b, 1);
            if (n == 1)
                dyn += plain_calls(&b, 1);
            for (unsigned c1 = 0; n > 1 && c1 < n; c1++) {
                struct plain_board b2 = {.n = n};
                unsigned two[2] = {c0, c1};
                if (plain_place(&b2, two, 2))
                    dyn += plain_calls(&b2, 2);
            }
        }
        for (unsigned T = 1; T <= 3; T += 2) {
            CHECK(workload_units(WL_NQUEENS, SPLIT_RR, n, T) == rr, "n=%u rr T=%u: %llu units, tasks make %llu calls",
                  n, T, (unsigned long long)workload_units(WL_NQUEENS, SPLIT_RR, n, T), (unsigned long long)rr);
            CHECK(workload_units(WL_NQUEENS, SPLIT_DYNAMIC, n, T) == dyn,
                  "n=%u dynamic T=%u: %llu units, tasks make %llu calls", n, T,
                  (unsigned long long)workload_units(WL_NQUEENS, SPLIT_DYNAMIC, n, T), (unsigned long long)dyn);
        }
    }
}

static void test_workload_exact(void)
{
    char a[U128_DEC_MAX], b[U128_DEC_MAX];
    const uint64_t ns[] = {1, 2, 1000, 200000, 1000003, E10};
    for (size_t k = 0; k < sizeof ns / sizeof ns[0]; k++)
        CHECK(workload_exact(WL_SUMSQ, ns[k]) == ref_sumsq(ns[k]), "workload_exact(sumsq, %llu) = %s, want %s",
              (unsigned long long)ns[k], t_u128(workload_exact(WL_SUMSQ, ns[k]), a), t_u128(ref_sumsq(ns[k]), b));
    for (unsigned n = 1; n <= NQUEENS_SIZE_MAX; n++)
        CHECK(workload_exact(WL_NQUEENS, n) == oeis_a000170[n], "workload_exact(nqueens, %u) = %s", n,
              t_u128(workload_exact(WL_NQUEENS, n), a));
}

/* ---- the tables --------------------------------------------------------- */

static void test_workload_by_name(void)
{
    const struct workload_desc *s = workload_by_name("sumsq"), *q = workload_by_name("nqueens");
    REQUIRE(s != NULL, "workload_by_name(\"sumsq\") is NULL");
    REQUIRE(q != NULL, "workload_by_name(\"nqueens\") is NULL");
    CHECK(s->id == WL_SUMSQ && strcmp(s->name, "sumsq") == 0, "sumsq row is wrong");
    CHECK(q->id == WL_NQUEENS && strcmp(q->name, "nqueens") == 0, "nqueens row is wrong");
    /* The documented ranges and defaults (issue / --help). */
    CHECK(s->size_min == 1 && s->size_max == E10, "sumsq N range %llu..%llu, want 1..10^10",
          (unsigned long long)s->size_min, (unsigned long long)s->size_max);
    CHECK(s->size_default == 40000000ULL && s->default_split == SPLIT_WEAK, "sumsq defaults wrong");
    CHECK(q->size_min == 1 && q->size_max == 20, "nqueens n range %llu..%llu, want 1..20",
          (unsigned long long)q->size_min, (unsigned long long)q->size_max);
    CHECK(q->size_default == 14 && q->default_split == SPLIT_RR, "nqueens defaults wrong");
    const char *const unknown[] = {"", "sum", "sumsq ", "nqueen", "queens", "weak"};
    for (size_t k = 0; k < sizeof unknown / sizeof unknown[0]; k++)
        CHECK(workload_by_name(unknown[k]) == NULL, "workload_by_name(\"%s\") is not NULL", unknown[k]);
    for (unsigned i = 0; i < WL_COUNT; i++)
        CHECK(workload_descs[i].id == (enum workload_id)i && workload_by_name(workload_descs[i].name) == &workload_descs[i],
              "workload_descs[%u] is out of place", i);
}

static void test_split_by_name(void)
{
    const struct {
        const char *name;
        enum split_id id;
        enum workload_id wl;
    } want[] = {
        {"weak", SPLIT_WEAK, WL_SUMSQ},
        {"strong", SPLIT_STRONG, WL_SUMSQ},
        {"rr", SPLIT_RR, WL_NQUEENS},
        {"dynamic", SPLIT_DYNAMIC, WL_NQUEENS},
    };
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        const struct split_desc *d = split_by_name(want[k].name);
        if (!CHECK(d != NULL, "split_by_name(\"%s\") is NULL", want[k].name))
            continue;
        CHECK(d->id == want[k].id && d->workload == want[k].wl && strcmp(d->name, want[k].name) == 0,
              "split '%s' has id %d workload %d", want[k].name, (int)d->id, (int)d->workload);
    }
    const char *const unknown[] = {"", "RR", "static", "sumsq", "dyn"};
    for (size_t k = 0; k < sizeof unknown / sizeof unknown[0]; k++)
        CHECK(split_by_name(unknown[k]) == NULL, "split_by_name(\"%s\") is not NULL", unknown[k]);
    for (unsigned i = 0; i < SPLIT_COUNT; i++)
        CHECK(split_descs[i].id == (enum split_id)i, "split_descs[%u] is out of place", i);
}

static CU_TestInfo sumsq_tests[] = {
    {"kernel_sumsq: every small range equals the loop", test_sumsq_small_ranges},
    {"kernel_sumsq: squares wider than 64 bits", test_sumsq_wide_squares},
    {"sumsq_exact: n = 0..3000 equals the loop", test_sumsq_exact_small},
    {"kernel_sumsq(0,n) = sumsq_exact(n), n = 1,2,3,1000,10^6", test_sumsq_kernel_equals_exact},
    {"sumsq_exact(10^10) by hand", test_sumsq_exact_1e10},
    {"kernel_sumsq over [10^10-1000, 10^10)", test_sumsq_range_near_1e10},
    {"u128_to_dec", test_u128_to_dec},
    CU_TEST_INFO_NULL,
};

static CU_TestInfo nqueens_tests[] = {
    {"kernel_nqueens from the root = A000170, n = 1..14 (the study's size)", test_nqueens_root_oeis},
    {"nqueens_exact = A000170, n = 1..20", test_nqueens_exact_table},
    {"reference solver = A000170", test_nqueens_reference_solver},
    {"kernel_nqueens below one- and two-row placements", test_nqueens_partial},
    {"nqueens_nodes = an independent call counter", test_nqueens_nodes},
    {"node table = a plain recursive counter, n = 1..14", test_nqueens_nodes_table},
    {"workload_units: iterations and nodes per split", test_workload_units},
    {"workload_exact", test_workload_exact},
    CU_TEST_INFO_NULL,
};

static CU_TestInfo table_tests[] = {
    {"workload_by_name", test_workload_by_name},
    {"split_by_name", test_split_by_name},
    CU_TEST_INFO_NULL,
};

CU_SuiteInfo kernel_suites[] = {
    {"kernels/sumsq", NULL, NULL, NULL, NULL, sumsq_tests},
    {"kernels/nqueens", NULL, NULL, NULL, NULL, nqueens_tests},
    {"kernels/tables", NULL, NULL, NULL, NULL, table_tests},
    CU_SUITE_INFO_NULL,
};
