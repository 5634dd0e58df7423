/* wide.h - an unsigned 128-bit integer as two 64-bit halves, the form in
 * which bin/mpi sends sumsq's exact totals between ranks.
 *
 * Why halves and not the compiler's unsigned __int128: MPI has no 128-bit
 * integer type, and two MPI_UINT64_T are converted correctly between hosts
 * of any byte order, where 16 raw bytes would not be.  The sum is done with
 * an explicit carry from the low half, never through double.  Pure C, no
 * MPI, so the unit tests check it directly. */
#ifndef STUDY_WIDE_H
#define STUDY_WIDE_H

#include <stdint.h>

#include "workload.h"

struct wide {
    uint64_t lo, hi;
};

struct wide wide_from_u128(u128 v);
u128 wide_to_u128(struct wide w);

/* inout[i] += in[i] for i < n, modulo 2^128 (a carry out of the high half
 * is lost, as for u128; the study's totals stay far below 2^128). */
void wide_add(const struct wide *in, struct wide *inout, int n);

#endif
