/* interps.c - the interpreters' provenance and builds, and the warning
 * when a comparison mixes builds (interps.h). */
#include "interps.h"

#include <stdlib.h>
#include <string.h>

#include "answers.h"
#include "meta.h"
#include "out.h"

#define WORDS_MAX 64
#define WORD_MAX 256

const char *interps_tag_of(const char *impl)
{
    int fam, mode, best = -1;
    catalog_impl_kind(impl, &fam, &mode);
    if (fam >= FAM_PY_FIRST && fam < FAM_OTHER)
        return catalog_families[catalog_families[fam].runs].tag;
    /* a mode this catalog does not know yet: py<tag>-..., the longest tag */
    for (int k = FAM_PY_FIRST; k < FAM_OTHER; k++) {
        size_t n = strlen(catalog_families[k].tag);
        if (!strncmp(impl, "py", 2) && !strncmp(impl + 2, catalog_families[k].tag, n) && impl[2 + n] == '-' &&
            (best < 0 || n > strlen(catalog_families[best].tag)))
            best = k;
    }
    return best < 0 ? NULL : catalog_families[catalog_families[best].runs].tag;
}

static const json_t *interp(const json_t *meta, const char *tag)
{
    return meta_find(meta_find(meta, "interpreters"), tag);
}

static const json_t *build_of(const json_t *meta, const char *tag)
{
    return meta_find(interp(meta, tag), "build");
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

/* The configure flags of tag as shell words, those that tell two builds
 * apart: --disable-gil (the free-threaded build's one intended
 * difference) and every word naming a path (prefix, rpath, CC=/opt/...)
 * left out; sorted.  Returns how many (0: none recorded). */
static size_t flag_words(const json_t *meta, const char *tag, char words[][WORD_MAX])
{
    char text[2048];
    const json_t *b = build_of(meta, tag);
    meta_get(b, "configure_args", text, sizeof text);
    if (!b || !strcmp(text, "unknown"))
        meta_get(interp(meta, tag), "configure_flags", text, sizeof text);
    if (!strcmp(text, "unknown") || !strcmp(text, "null"))
        return 0;
    size_t n = 0;
    for (const char *p = text; *p && n < WORDS_MAX;) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        char w[WORD_MAX];
        size_t k = 0;
        char quote = 0;
        for (; *p && (quote || (*p != ' ' && *p != '\t')); p++) {
            if (!quote && (*p == '\'' || *p == '"'))
                quote = *p;
            else if (quote && *p == quote)
                quote = 0;
            else if (k + 1 < sizeof w)
                w[k++] = *p;
        }
        w[k] = '\0';
        if (k && strcmp(w, "--disable-gil") && !strchr(w, '/'))
            memcpy(words[n++], w, k + 1);
    }
    qsort(words, n, WORD_MAX, cmp_str);
    return n;
}

unsigned interps_build_differs(const json_t *meta, const char *ta, const char *tb)
{
    unsigned d = 0;
    const json_t *a = build_of(meta, ta), *b = build_of(meta, tb);
    int pa = meta_bool(a, "pgo"), pb = meta_bool(b, "pgo"), la = meta_bool(a, "lto"), lb = meta_bool(b, "lto");
    if (pa >= 0 && pb >= 0 && pa != pb)
        d |= INTERPS_PGO;
    if (la >= 0 && lb >= 0 && la != lb)
        d |= INTERPS_LTO;
    char ca[256], cb[256];
    meta_get(a, "compiler", ca, sizeof ca);
    meta_get(b, "compiler", cb, sizeof cb);
    if (strcmp(ca, "unknown") && strcmp(cb, "unknown") && strcmp(ca, cb))
        d |= INTERPS_COMPILER;
    static char wa[WORDS_MAX][WORD_MAX], wb[WORDS_MAX][WORD_MAX];
    size_t na = flag_words(meta, ta, wa), nb = flag_words(meta, tb, wb);
    int known = interp(meta, ta) && interp(meta, tb);
    if (known && (na != nb || memcmp(wa, wb, na * WORD_MAX)))
        d |= INTERPS_CONFIGURE;
    return d;
}

/* "PGO, configure flags and compiler" */
static void put_differences(FILE *f, unsigned d)
{
    static const char *const names[] = {"PGO", "LTO", "configure flags", "compiler"};
    size_t total = 0, done = 0;
    for (unsigned k = 0; k < 4; k++)
        total += (d >> k) & 1;
    for (unsigned k = 0; k < 4; k++)
        if ((d >> k) & 1) {
            fprintf(f, "%s%s", done ? (done + 1 == total ? " and " : ", ") : "", names[k]);
            done++;
        }
}

static const struct family_desc *family_of_tag(const char *tag)
{
    for (int k = FAM_PY_FIRST; k < FAM_OTHER; k++)
        if (!strcmp(catalog_families[k].tag, tag))
            return &catalog_families[k];
    return NULL;
}

size_t interps_warn(FILE *f, const struct analysis *a)
{
    const char *seen[QUESTIONS_COUNT][2];
    size_t nseen = 0, written = 0;
    for (size_t i = 0; i < QUESTIONS_COUNT; i++) {
        const struct answer *x = answers_get(a, (enum question_id)i);
        if (!x || !x->asked)
            continue;
        const char *tn = interps_tag_of(x->q->num), *td = interps_tag_of(x->q->den);
        if (!tn || !td || !strcmp(tn, td))
            continue;
        int dup = 0;
        for (size_t k = 0; k < nseen && !dup; k++)
            dup = (!strcmp(seen[k][0], tn) && !strcmp(seen[k][1], td)) ||
                  (!strcmp(seen[k][0], td) && !strcmp(seen[k][1], tn));
        if (dup)
            continue;
        seen[nseen][0] = tn;
        seen[nseen++][1] = td;
        unsigned d = interps_build_differs(a->meta, tn, td);
        if (!d)
            continue;
        const struct family_desc *fn = family_of_tag(tn), *fd = family_of_tag(td);
        int version = fn && fd && (fn->major != fd->major || fn->minor != fd->minor);
        int gil = fn && fd && fn->ft != fd->ft;
        const char *what = version && gil ? "the version and the GIL" : version ? "the version"
                           : gil          ? "the GIL"
                                          : "the interpreter";
        fprintf(f, "- **%s over %s mixes the build with %s.** The two interpreters differ in ", tn, td, what);
        put_differences(f, d);
        fprintf(f, " (see *Interpreters*), so a question that sets one against the other (%s) measures the "
                   "builds' difference too, not only %s.\n",
                x->q->what, what);
        written++;
    }
    return written;
}

/* One value of the build object as table text ("-" when absent). */
static void put_build(FILE *f, const json_t *b, const char *key)
{
    char v[256];
    meta_get(b, key, v, sizeof v);
    if (!b || !strcmp(v, "unknown") || !strcmp(v, "null"))
        fputs("not recorded", f);
    else
        out_md_text(f, v);
}

static void put_bool(FILE *f, const json_t *b, const char *key)
{
    int v = meta_bool(b, key);
    fputs(v == 1 ? "yes" : v == 0 ? "not stated" : "not recorded", f);
}

void interps_section(FILE *f, const struct analysis *a)
{
    const json_t *all = meta_find(a->meta, "interpreters");
    fprintf(f, "## Interpreters\n\n");
    if (!all || !json_object_size(all)) {
        fprintf(f, "meta.json describes no interpreter (no Python cells, or an older results folder).\n\n");
        return;
    }
    fprintf(f, "Where each interpreter came from and how it was built, as its own `sysconfig` says (PGO and LTO "
               "only where its configure arguments or flags state them: \"not stated\" is not \"no\", a "
               "distribution may optimise outside configure), and how libpython is linked into its own "
               "executable and into the study's host.\n\n"
               "| interpreter | version | origin | compiler | PGO | LTO | executable links libpython | host "
               "linked to libpython | configure |\n|---|---|---|---|---|---|---|---|---|\n");
    for (int k = FAM_PY_FIRST; k < FAM_OTHER; k++) {
        if ((int)catalog_families[k].runs != k)
            continue;
        const char *tag = catalog_families[k].tag;
        const json_t *one = interp(a->meta, tag), *b = meta_find(one, "build");
        if (!one)
            continue;
        char v[2048];
        fprintf(f, "| %s | ", tag);
        put_build(f, one, "version");
        fputs(" | ", f);
        put_build(f, b, "origin");
        meta_get(b, "origin_detail", v, sizeof v);
        if (b && strcmp(v, "unknown") && strcmp(v, "null")) {
            fputs(" (", f);
            out_md_code(f, v, 1);
            fputs(")", f);
        }
        fputs(" | ", f);
        put_build(f, b, "compiler");
        fputs(" | ", f);
        put_bool(f, b, "pgo");
        fputs(" | ", f);
        put_bool(f, b, "lto");
        fputs(" | ", f);
        put_build(f, b, "exe_link");
        fputs(" | ", f);
        put_build(f, b, "host_link");
        fputs(" | ", f);
        meta_get(b, "configure_args", v, sizeof v);
        if (!b || !strcmp(v, "unknown"))
            meta_get(one, "configure_flags", v, sizeof v);
        out_md_code(f, v, 1);
        fputs(" |\n", f);
    }
    fputc('\n', f);
}
