/* workload.c - the two CPU-bound kernels, their exact answers and the
 * workload table (workload.h). */
#include "workload.h"

#include <string.h>

#define WORKLOAD_ROW(id, name, lo, hi, def, split) {id, name, lo, hi, def, split},
const struct workload_desc workload_descs[WL_COUNT] = {WORKLOAD_TABLE(WORKLOAD_ROW)};
#undef WORKLOAD_ROW

#define SPLIT_ROW(id, name, wl, help) {id, name, wl, help},
const struct split_desc split_descs[SPLIT_COUNT] = {SPLIT_TABLE(SPLIT_ROW)};
#undef SPLIT_ROW

const struct workload_desc *workload_by_name(const char *name)
{
    for (size_t i = 0; i < WL_COUNT; i++)
        if (strcmp(workload_descs[i].name, name) == 0)
            return &workload_descs[i];
    return NULL;
}

const struct split_desc *split_by_name(const char *name)
{
    for (size_t i = 0; i < SPLIT_COUNT; i++)
        if (strcmp(split_descs[i].name, name) == 0)
            return &split_descs[i];
    return NULL;
}

/* Why the empty asm: clang (14 at -O2, and later) recognises the plain loop
 * `for (i = lo; i < hi; i++) s += i * i` as a polynomial induction and
 * replaces it with a closed form, and both compilers may vectorise it.  The
 * study compares the same amount of work across models and against Python's
 * `sum(i**2 for i in range(n))`, so the loop has to run once per i.  The asm
 * tells the compiler that i may have changed in a way it cannot see, which
 * breaks the induction analysis and the vectoriser while costing no
 * instruction.  tests/fold_check.c reads the code gcc and clang generate
 * for this function and requires the loop: a branch back over a multiply. */
u128 kernel_sumsq(uint64_t lo, uint64_t hi)
{
    u128 sum = 0;
    for (uint64_t i = lo; i < hi; i++) {
        uint64_t v = i;
        __asm__ volatile("" : "+r"(v));
        sum += (u128)v * v;
    }
    return sum;
}

u128 sumsq_exact(uint64_t n)
{
    if (n == 0)
        return 0;
    /* (n-1) n (2n-1) is divisible by 6; with n <= 10^10 the product is
     * below 2 * 10^30, far inside u128. */
    u128 a = (u128)(n - 1), b = (u128)n, c = (u128)(2 * n - 1);
    return a * b * c / 6;
}

uint64_t kernel_nqueens(unsigned n, uint64_t cols, uint64_t d1, uint64_t d2, unsigned row)
{
    if (row == n)
        return 1;
    const uint64_t mask = (UINT64_C(1) << n) - 1;
    uint64_t count = 0;
    uint64_t free = ~(cols | d1 | d2) & mask;
    while (free) {
        uint64_t bit = free & (~free + 1); /* lowest set bit, as free & -free */
        free -= bit;
        count += kernel_nqueens(n, cols | bit, (d1 | bit) << 1, (d2 | bit) >> 1, row + 1);
    }
    return count;
}

uint64_t nqueens_nodes_below(unsigned n, uint64_t cols, uint64_t d1, uint64_t d2, unsigned row)
{
    if (row == n)
        return 1;
    const uint64_t mask = (UINT64_C(1) << n) - 1;
    uint64_t nodes = 1;
    uint64_t free = ~(cols | d1 | d2) & mask;
    while (free) {
        uint64_t bit = free & (~free + 1);
        free -= bit;
        nodes += nqueens_nodes_below(n, cols | bit, (d1 | bit) << 1, (d2 | bit) >> 1, row + 1);
    }
    return nodes;
}

uint64_t nqueens_nodes(unsigned n)
{
    return nqueens_nodes_below(n, 0, 0, 0, 0);
}

/* The answer table, n = 0 .. NQUEENS_SIZE_MAX.
 * solutions: OEIS A000170 a(n) (a(0) is left 0: n = 0 is not a size).
 * nodes: search-tree nodes kernel_nqueens visits from the empty board,
 *   i.e. calls of the recursion: the root, every legal partial placement
 *   and every full board.  Computed once with nqueens_nodes() (n = 17 and
 *   18 with the mirror symmetry of the first row, which gives the same
 *   count); tests/test_kernels.c checks n = 1..14 against an independent
 *   array-based counter.  Python's solve_row makes the same calls (checked
 *   for n = 1..11 by counting its calls under sys.setprofile).  0 beyond
 *   NQUEENS_NODES_MAX, where counting would take minutes. */
static const struct {
    uint64_t solutions, nodes;
} nqueens_answers[NQUEENS_SIZE_MAX + 1] = {
    {0, 0},
    {1, 2},
    {0, 3},
    {0, 6},
    {2, 17},
    {10, 54},
    {4, 153},
    {40, 552},
    {92, 2057},
    {352, 8394},
    {724, 35539},
    {2680, 166926},
    {14200, 856189},
    {73712, 4674890},
    {365596, 27358553},
    {2279184, 171129072},
    {14772512, 1141190303},
    {95815104, 8017021932ULL},
    {666090624, 59365844491ULL},
    {4968057848ULL, 0},
    {39029188884ULL, 0},
};

uint64_t nqueens_exact(unsigned n)
{
    return n <= NQUEENS_SIZE_MAX ? nqueens_answers[n].solutions : 0;
}

uint64_t nqueens_nodes_exact(unsigned n)
{
    return n <= NQUEENS_NODES_MAX ? nqueens_answers[n].nodes : 0;
}

uint64_t workload_units(enum workload_id w, enum split_id s, uint64_t size, unsigned threads)
{
    if (w == WL_SUMSQ && s == SPLIT_WEAK)
        return size * threads; /* size <= 10^10, threads < 2^20: no overflow */
    if (w == WL_SUMSQ && s == SPLIT_STRONG)
        return size;
    if (w != WL_NQUEENS || (s != SPLIT_RR && s != SPLIT_DYNAMIC) || size > NQUEENS_NODES_MAX)
        return 0;
    uint64_t all = nqueens_nodes_exact((unsigned)size);
    if (!all)
        return 0;
    /* rr starts each task at row 1, so the root is never called; dynamic
     * starts at row 2 (row 1 when n = 1), so the n row-1 calls are not
     * made either.  Their placements are made in set-up. */
    if (s == SPLIT_RR || size == 1)
        return all - 1;
    return all - 1 - size;
}

u128 workload_exact(enum workload_id w, uint64_t size)
{
    switch (w) {
    case WL_SUMSQ: return sumsq_exact(size);
    case WL_NQUEENS: return nqueens_exact((unsigned)size);
    case WL_COUNT: break;
    }
    return 0;
}

char *u128_to_dec(u128 v, char *buf)
{
    char tmp[U128_DEC_MAX];
    size_t len = 0;
    do {
        tmp[len++] = (char)('0' + (unsigned)(v % 10));
        v /= 10;
    } while (v);
    for (size_t i = 0; i < len; i++)
        buf[i] = tmp[len - 1 - i];
    buf[len] = '\0';
    return buf;
}
