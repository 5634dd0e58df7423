/* catalog.c - the tables of catalog.h as arrays, and the look-ups every
 * program shares. */
#include "catalog.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define MODE_ROW(id, name, py, maj, min, launcher, binary, label, dash, how) \
    {name, py, maj, min, launcher, binary, label, dash, how},
const struct mode_desc catalog_modes[MODE_COUNT] = {
    MODE_TABLE(MODE_ROW)
    [MODE_OTHER] = {"?", 0, 0, 0, LAUNCH_DIRECT, "?", "other", "(4,2)", "not in this build's table"},
};
#undef MODE_ROW

#define FAM_ROW(id, tag, runs, maj, min, ft, gil_on, opt, modes, label, gil, key, colour, marker) \
    [id] = {tag, runs, maj, min, ft, gil_on, opt, modes, label, gil, key, colour, marker},
const struct family_desc catalog_families[FAMILY_COUNT] = {
    [FAM_C] = {"", FAM_C, 0, 0, 0, 0, 0, 0, "C", "native", "", "#000000", 7},
    PY_INTERP_TABLE(FAM_ROW)
    [FAM_OTHER] = {"?", FAM_OTHER, 0, 0, 0, 0, 0, 0, "other", "unknown", "", "#56B4E9", 6},
};
#undef FAM_ROW

int catalog_mode_named(const char *s, size_t len, int python)
{
    for (int m = 0; m < MODE_OTHER; m++)
        if (catalog_modes[m].python == python && strlen(catalog_modes[m].name) == len &&
            !strncmp(catalog_modes[m].name, s, len))
            return m;
#define ALIAS(old, id)                                                                                      \
    if (python && strlen(old) == len && !strncmp(old, s, len))                                              \
        return id;
    MODE_ALIASES(ALIAS)
#undef ALIAS
    return -1;
}

void catalog_impl_kind(const char *impl, int *fam, int *mode)
{
    *fam = FAM_OTHER;
    *mode = MODE_OTHER;
    if (strncmp(impl, "py", 2) != 0) {
        int m = catalog_mode_named(impl, strlen(impl), 0);
        *fam = FAM_C; /* a native model, known or not */
        *mode = m >= 0 ? m : MODE_OTHER;
        return;
    }
    size_t best = 0;
    for (int f = FAM_PY_FIRST; f < FAM_OTHER; f++) {
        const char *tag = catalog_families[f].tag, *rest = impl + 2 + strlen(tag);
        if (strncmp(impl + 2, tag, strlen(tag)) || *rest != '-' || strlen(tag) <= best)
            continue;
        int m = catalog_mode_named(rest + 1, strlen(rest + 1), 1);
        if (m >= 0) {
            best = strlen(tag);
            *fam = f;
            *mode = m;
        }
    }
}

void catalog_cell_key(const char *impl, const char *workload, const char *split, uint64_t size, unsigned threads,
                      char *buf, size_t len)
{
    snprintf(buf, len, "%s/%s/%s/%" PRIu64 "/%u", impl, workload, split, size, threads);
}
