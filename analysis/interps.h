/* interps.h - the interpreters the study ran, as meta.json describes
 * them, for the report: their section "Interpreters" (where each came
 * from, how it was built, how its executable and the host link libpython)
 * and the warning before the numbers when a question sets two
 * interpreters against each other that were built differently.
 *
 * meta.json's "interpreters" holds one object per interpreter tag; its
 * "build" member is the interpreter's build info as tools/pyinfo.py writes
 * it (origin, origin_detail, configure_args, configure_flags, compiler,
 * cc, pgo, lto, pgo_evidence, lto_evidence, exe_link, host_link,
 * libpython, link_why).  Older folders have no "build": then only the
 * version and configure flags are known, and the rest is said to be not
 * recorded. */
#ifndef STUDY_INTERPS_H
#define STUDY_INTERPS_H

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>

#include "analysis.h"

/* How two interpreters' builds differ, from what meta.json records: a
 * bit per kind of difference (0: none found, or nothing to compare). */
enum {
    INTERPS_PGO = 1,
    INTERPS_LTO = 2,
    INTERPS_CONFIGURE = 4, /* configure flags other than --disable-gil and paths */
    INTERPS_COMPILER = 8,
};
unsigned interps_build_differs(const json_t *meta, const char *tag_a, const char *tag_b);

/* The interpreter tag whose binary implementation impl runs (3.14t for
 * py3.14t-gil-threading too), or NULL for a native model. */
const char *interps_tag_of(const char *impl);

/* The warnings before the numbers: one line per pair of interpreters that
 * an asked question compares and whose builds differ.  Returns how many. */
size_t interps_warn(FILE *f, const struct analysis *a);

/* The section "Interpreters". */
void interps_section(FILE *f, const struct analysis *a);

#endif
