#include "wide.h"

struct wide wide_from_u128(u128 v)
{
    return (struct wide){.lo = (uint64_t)v, .hi = (uint64_t)(v >> 64)};
}

u128 wide_to_u128(struct wide w)
{
    return (u128)w.hi << 64 | w.lo;
}

void wide_add(const struct wide *in, struct wide *inout, int n)
{
    for (int i = 0; i < n; i++) {
        uint64_t lo = inout[i].lo + in[i].lo;
        uint64_t carry = lo < in[i].lo; /* unsigned wrap-around: the low half overflowed */
        inout[i].hi += in[i].hi + carry;
        inout[i].lo = lo;
    }
}
