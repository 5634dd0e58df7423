#include "matrix.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define PRESET_ROW(name, sn, qn, minrun, thr, spl, rmin, rmax, warm, ci, budget, help) \
    {name, sn, qn, minrun, thr, spl, rmin, rmax, warm, ci, budget, help},
const struct preset presets[] = {PRESET_TABLE(PRESET_ROW)};
#undef PRESET_ROW
const size_t npresets = sizeof presets / sizeof presets[0];

#define FAM_NAME(id, name, ref) name,
const char *const family_names[FAM_COUNT] = {FAMILY_TABLE(FAM_NAME)};
#undef FAM_NAME
#define FAM_REF(id, name, ref) ref,
const char *const family_references[FAM_COUNT] = {FAMILY_TABLE(FAM_REF)};
#undef FAM_REF

enum family impl_family(const struct impl *im)
{
    return im->mode ? FAM_PYTHON : FAM_C;
}

const struct preset *preset_by_name(const char *name)
{
    for (size_t i = 0; i < npresets; i++)
        if (strcmp(presets[i].name, name) == 0)
            return &presets[i];
    return NULL;
}

size_t matrix_all_impls(struct impl *out, size_t max)
{
    size_t n = 0;
#define NATIVE_ROW(nm, bin, md, how)                                           \
    if (n < max) {                                                             \
        snprintf(out[n].name, IMPL_NAME_MAX, "%s", nm);                        \
        snprintf(out[n].binary, IMPL_NAME_MAX, "%s", bin);                     \
        out[n].launcher = how;                                                 \
        out[n++].mode = md;                                                    \
    }
    NATIVE_IMPLS(NATIVE_ROW)
#undef NATIVE_ROW
    static const char *const tags[] = {
#define TAG_ROW(t) t,
        PY_TAGS_LIST(TAG_ROW)
#undef TAG_ROW
    };
    static const char *const modes[] = {
#define MODE_ROW(m) m,
        PY_MODES_LIST(MODE_ROW)
#undef MODE_ROW
    };
    for (size_t t = 0; t < sizeof tags / sizeof tags[0]; t++)
        for (size_t m = 0; m < sizeof modes / sizeof modes[0] && n < max; m++) {
            snprintf(out[n].name, IMPL_NAME_MAX, "py%s-%s", tags[t], modes[m]);
            snprintf(out[n].binary, IMPL_NAME_MAX, "embedded-py-%s", tags[t]);
            out[n].launcher = LAUNCH_DIRECT;
            out[n++].mode = modes[m];
        }
    return n;
}

void cell_key(const struct cell *c, char *buf, size_t len)
{
    snprintf(buf, len, "%s|%s|%s|%" PRIu64 "|%u", c->impl->name, workload_descs[c->workload].name,
             split_descs[c->split].name, c->size, c->threads);
}

uint64_t matrix_rand(uint64_t *state)
{
    uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

void matrix_shuffle(size_t *idx, size_t n, uint64_t *state)
{
    for (size_t i = n; i > 1; i--) {
        size_t j = (size_t)(matrix_rand(state) % i);
        size_t t = idx[i - 1];
        idx[i - 1] = idx[j];
        idx[j] = t;
    }
}
