/* medtable.c - the exact bootstrap distribution of a median of k values
 * (medtable.h). */
#include "medtable.h"

#include "workload.h" /* u128 */

static u128 choose(unsigned n, unsigned r)
{
    u128 c = 1;
    for (unsigned i = 0; i < r; i++)
        c = c * (n - i) / (i + 1);
    return c;
}

static u128 power(unsigned x, unsigned e)
{
    u128 p = 1;
    while (e--)
        p *= x;
    return p;
}

/* The sequences of k draws from positions 0..k-1 whose order statistics
 * k1 and k2 are a and b: L draws below a, E at a, F at b (a < b), none
 * between, G above; the multinomial times the ways to fill below and
 * above.  a == b: order statistics k1 and k2 both at a, L <= k1 < k2 <
 * L + E.  a < b (k even, k2 = k1 + 1): L + E = k1 + 1 with E >= 1, F >= 1. */
static uint64_t sequences(unsigned k, unsigned k1, unsigned k2, unsigned a, unsigned b)
{
    u128 n = 0;
    for (unsigned L = 0; L <= k1; L++) {
        if (a == b) {
            for (unsigned E = k2 + 1 - L; L + E <= k; E++)
                n += choose(k, L) * choose(k - L, E) * power(a, L) * power(k - 1 - a, k - L - E);
        } else {
            unsigned E = k1 + 1 - L;
            for (unsigned F = 1; L + E + F <= k; F++)
                n += choose(k, L) * choose(k - L, E) * choose(k - L - E, F) * power(a, L) *
                     power(k - 1 - b, k - L - E - F);
        }
    }
    return (uint64_t)n;
}

void medtable_make(size_t k, struct medtable *t)
{
    const unsigned k1 = (unsigned)(k - 1) / 2, k2 = (unsigned)k / 2;
    uint64_t cum = 0;
    t->k = k;
    t->outcomes = 0;
    for (unsigned a = 0; a < k; a++)
        for (unsigned b = a; b < (k1 == k2 ? a + 1 : k); b++) {
            cum += sequences((unsigned)k, k1, k2, a, b);
            t->a[t->outcomes] = (unsigned char)a;
            t->b[t->outcomes] = (unsigned char)b;
            t->cum[t->outcomes++] = cum;
        }
    t->total = cum; /* k^k: every sequence has one outcome */
}
