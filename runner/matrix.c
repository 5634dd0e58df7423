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

static void impl_set(struct impl *im, const char *name, const char *binary, const char *mode)
{
    *im = (struct impl){.mode = mode};
    snprintf(im->name, IMPL_NAME_MAX, "%s", name);
    snprintf(im->binary, IMPL_NAME_MAX, "%s", binary);
}

static const struct {
    const char *name;
    int major, minor;
} py_modes[] = {
#define MODE_ROW(id, nm, major, minor, what) {nm, major, minor},
    PY_MODE_TABLE(MODE_ROW)
#undef MODE_ROW
};

size_t matrix_all_impls(struct impl *out, size_t max)
{
    size_t n = 0;
#define NATIVE_ROW(nm, bin, md, how)                                           \
    if (n < max) {                                                             \
        impl_set(&out[n], nm, bin, md);                                        \
        out[n++].launcher = how;                                               \
    }
    NATIVE_IMPLS(NATIVE_ROW)
#undef NATIVE_ROW
    static const struct {
        const char *tag, *binary;
        int major, minor;
        bool gil_on, optional;
        unsigned modes;
    } tags[] = {
#define TAG_ROW(t, b, maj, min, gil, opt, modes) {t, b, maj, min, gil, opt, modes},
        PY_TAG_TABLE(TAG_ROW)
#undef TAG_ROW
    };
    for (size_t t = 0; t < sizeof tags / sizeof tags[0]; t++)
        for (unsigned m = 0; m < PYMODE_COUNT && n < max; m++) {
            if (!(tags[t].modes & PYMODE_BIT(m)))
                continue;
            char name[IMPL_NAME_MAX], binary[IMPL_NAME_MAX];
            snprintf(name, sizeof name, "py%s-%s", tags[t].tag, py_modes[m].name);
            snprintf(binary, sizeof binary, "embedded-py-%s", tags[t].binary);
            struct impl *im = &out[n++];
            impl_set(im, name, binary, py_modes[m].name);
            im->launcher = LAUNCH_DIRECT;
            im->env = tags[t].gil_on ? PY_GIL_ON_ENV : NULL;
            im->allow_gil = tags[t].gil_on;
            im->optional = tags[t].optional;
            if (PY_VERSION_OF(tags[t].major, tags[t].minor) < PY_VERSION_OF(py_modes[m].major, py_modes[m].minor))
                snprintf(im->unavailable, IMPL_WHY_MAX, "not available on %d.%d (new in %d.%d)", tags[t].major,
                         tags[t].minor, py_modes[m].major, py_modes[m].minor);
        }
    return n;
}

/* item: py<tag>-<former mode name> becomes py<tag>-<mode name>. */
static void canonical_name(char *item, size_t len)
{
    static const struct {
        const char *alias;
        enum py_mode_id mode;
    } aliases[] = {
#define ALIAS_ROW(alias, id) {alias, id},
        PY_MODE_ALIASES(ALIAS_ROW)
#undef ALIAS_ROW
    };
    size_t il = strlen(item);
    for (size_t a = 0; a < sizeof aliases / sizeof aliases[0]; a++) {
        size_t al = strlen(aliases[a].alias);
        if (strncmp(item, "py", 2) == 0 && il > al + 3 && item[il - al - 1] == '-' &&
            strcmp(item + il - al, aliases[a].alias) == 0) {
            snprintf(item + il - al, len - (il - al), "%s", py_modes[aliases[a].mode].name);
            return;
        }
    }
}

int matrix_canonical_names(char *list, size_t len)
{
    char out[1024], item[IMPL_NAME_MAX * 2];
    size_t used = 0;
    for (const char *p = list;;) {
        size_t n = strcspn(p, ",");
        if (n < sizeof item) {
            memcpy(item, p, n);
            item[n] = '\0';
            canonical_name(item, sizeof item);
        } else {
            item[0] = '\0'; /* too long to be a name: kept as it is, below */
        }
        int k = item[0] || !n ? snprintf(out + used, sizeof out - used, "%s%s", p == list ? "" : ",", item)
                              : snprintf(out + used, sizeof out - used, "%s%.*s", p == list ? "" : ",", (int)n, p);
        if (k < 0 || used + (size_t)k >= sizeof out)
            return -1;
        used += (size_t)k;
        if (!p[n])
            break;
        p += n + 1;
    }
    if (used >= len)
        return -1;
    memcpy(list, out, used + 1);
    return 0;
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
