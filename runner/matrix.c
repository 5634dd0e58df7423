/* matrix.c - the runner's tables (matrix.h): presets, size families, every
 * implementation this build knows, former names, cell keys and the seeded
 * shuffle. */
#include "matrix.h"

#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#define PRESET_ROW(name, sn, qn, minrun, thr, spl, smin, pmax, warm, k, qmin, qmax, share, ci, budget, help) \
    {name, sn, qn, minrun, thr, spl, smin, pmax, warm, k, qmin, qmax, share, ci, budget, help},
const struct preset presets[] = {PRESET_TABLE(PRESET_ROW)};
#undef PRESET_ROW
const size_t npresets = sizeof presets / sizeof presets[0];

#define SIZE_NAME(id, name, ref) name,
const char *const size_family_names[SIZE_COUNT] = {SIZE_FAMILY_TABLE(SIZE_NAME)};
#undef SIZE_NAME
#define SIZE_REF(id, name, ref) ref,
const char *const size_family_references[SIZE_COUNT] = {SIZE_FAMILY_TABLE(SIZE_REF)};
#undef SIZE_REF

enum size_family impl_size_family(const struct impl *im)
{
    return im->mode ? SIZE_PYTHON : SIZE_C;
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

/* Every native model of catalog.h's MODE_TABLE, then each interpreter's
 * Python modes, py<tag>-<mode>, each run by the mode's program (its binary
 * column: the embedded host or the direct driver), bin/<binary>-<tag of the
 * interpreter whose binary it runs>. */
size_t matrix_all_impls(struct impl *out, size_t max)
{
    size_t n = 0;
    for (int m = 0; m < MODE_OTHER && n < max; m++)
        if (!catalog_modes[m].python) {
            impl_set(&out[n], catalog_modes[m].name, catalog_modes[m].binary, NULL);
            out[n++].launcher = catalog_modes[m].launcher;
        }
    for (int f = FAM_PY_FIRST; f < FAM_OTHER; f++) {
        const struct family_desc *fd = &catalog_families[f];
        for (int m = 0; m < MODE_OTHER && n < max; m++) {
            const struct mode_desc *md = &catalog_modes[m];
            if (!md->python || !(fd->modes & MODE_BIT(m)))
                continue;
            char name[IMPL_NAME_MAX], binary[IMPL_NAME_MAX];
            snprintf(name, sizeof name, "py%s-%s", fd->tag, md->name);
            snprintf(binary, sizeof binary, "%s-%s", md->binary, catalog_families[fd->runs].tag);
            struct impl *im = &out[n++];
            impl_set(im, name, binary, md->name);
            im->launcher = md->launcher;
            im->env = fd->gil_on ? PY_GIL_ON_ENV : NULL;
            im->allow_gil = fd->gil_on;
            im->optional = fd->optional;
            if (PY_VERSION_OF(fd->major, fd->minor) < PY_VERSION_OF(md->major, md->minor))
                snprintf(im->unavailable, IMPL_WHY_MAX, "not available on %d.%d (new in %d.%d)", fd->major,
                         fd->minor, md->major, md->minor);
        }
    }
    return n;
}

/* item: py<tag>-<former mode name> becomes py<tag>-<mode name>. */
static void canonical_name(char *item, size_t len)
{
    static const struct {
        const char *alias;
        enum impl_mode mode;
    } aliases[] = {
#define ALIAS_ROW(alias, id) {alias, id},
        MODE_ALIASES(ALIAS_ROW)
#undef ALIAS_ROW
    };
    size_t il = strlen(item);
    for (size_t a = 0; a < sizeof aliases / sizeof aliases[0]; a++) {
        size_t al = strlen(aliases[a].alias);
        if (strncmp(item, "py", 2) == 0 && il > al + 3 && item[il - al - 1] == '-' &&
            strcmp(item + il - al, aliases[a].alias) == 0) {
            snprintf(item + il - al, len - (il - al), "%s", catalog_modes[aliases[a].mode].name);
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
    catalog_cell_key(c->impl->name, workload_descs[c->workload].name, split_descs[c->split].name, c->size,
                     c->threads, buf, len);
}

void cell_key_of_row(const char *impl, const char *workload, const char *split, const char *size,
                     const char *threads, char *buf, size_t len)
{
    char *end1, *end2;
    uint64_t n = strtoull(size, &end1, 10);
    unsigned long t = strtoul(threads, &end2, 10);
    if (!*size || *end1 || !*threads || *end2 || t > UINT_MAX)
        snprintf(buf, len, "?");
    else
        catalog_cell_key(impl, workload, split, n, (unsigned)t, buf, len);
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
