/* test_readme.c - the README's commands, run at smoke size, and the docs'
 * links.
 *
 * "readme commands": every command in README.md's ```sh blocks (read with
 * md4c, so a fence, a comment or a continuation line is read as a forge
 * renders it) must be a row of readme_cmds below, which maps it to a
 * smoke-sized form.  A `make` command is first dry-run (`make -n`, with the
 * caller's MAKEFLAGS dropped) and must print the binary call the README
 * promises; then the smoke form runs the binaries from STUDY_BIN in a
 * temporary folder, must exit 0 and leave what the row names.  `make test`
 * is only dry-run: the suite never runs the suite.  The smoke study must hold
 * every file of the README's "What lands in results/" table.  A README
 * command the table does not know fails, and so does a row the README no
 * longer shows, so the two cannot drift apart.  No timing is asserted.
 *
 * "docs links": every relative link and image of README.md and docs/ must
 * name a file that exists, and a #fragment a heading of that page (by
 * GitHub's rule for heading ids); every repository path the pages name in a
 * code span (`common/catalog.h`) must exist.  The checkers are first run on
 * fixtures that hold one good and one broken case of each kind.
 *
 * Run from the tree's root, as `make test-run` does.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <glob.h>
#include <limits.h>
#include <md4c.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tests.h"
#include "text.h"

/* ---- a growable list of strings ------------------------------------------ */

struct strs {
    char **v;
    size_t n, cap;
};

static void strs_add(struct strs *l, const char *s, size_t len)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        char **v = realloc(l->v, cap * sizeof *v);
        if (!v)
            abort();
        l->v = v;
        l->cap = cap;
    }
    char *c = strndup(s, len);
    if (!c)
        abort();
    l->v[l->n++] = c;
}

static void strs_addf(struct strs *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void strs_addf(struct strs *l, const char *fmt, ...)
{
    char buf[PATH_MAX + 256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    strs_add(l, buf, strlen(buf));
}

static bool strs_has(const struct strs *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->v[i], s))
            return true;
    return false;
}

static void strs_free(struct strs *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    *l = (struct strs){0};
}

/* A byte buffer that text is appended to. */
struct buf {
    char *s;
    size_t len, cap;
};

static void buf_add(struct buf *b, const char *s, size_t len)
{
    if (b->len + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + len + 1)
            cap *= 2;
        char *n = realloc(b->s, cap);
        if (!n)
            abort();
        b->s = n;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, len);
    b->len += len;
    b->s[b->len] = '\0';
}

/* ---- a page, as md4c reads it ---------------------------------------------- */

/* GitHub's id for a heading: lower case; every character but letters,
 * digits, '_', '-' and ' ' dropped; each space a '-'.  Non-ASCII letters
 * are kept as they are; the punctuation and symbol blocks (Latin-1's, and
 * U+2000..U+2BFF: dashes, quotes, arrows, mathematical signs such as x) are
 * dropped, as GitHub drops them. */
static void slug_of(const char *t, size_t len, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < len && o + 5 < cap;) {
        unsigned char c = (unsigned char)t[i];
        if (c < 0x80) {
            if (isalnum(c) || c == '_' || c == '-')
                out[o++] = (char)tolower(c);
            else if (c == ' ')
                out[o++] = '-';
            i++;
            continue;
        }
        size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        if (i + n > len)
            break;
        uint32_t cp = n == 1 ? c : c & (0x7Fu >> n);
        for (size_t k = 1; k < n; k++)
            cp = cp << 6 | ((unsigned char)t[i + k] & 0x3Fu);
        bool symbol = (cp >= 0x80 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x2BFF);
        if (!symbol) {
            memcpy(out + o, t + i, n);
            o += n;
        }
        i += n;
    }
    out[o] = '\0';
}

/* What the tests need of one Markdown file. */
struct page {
    struct strs links;   /* link targets and image sources, in order */
    struct strs anchors; /* its headings' ids */
    struct strs spans;   /* code spans outside code blocks */
    struct strs sh;      /* the text of each ```sh block */
    struct strs results; /* code spans of the first column of the table under
                            the heading "What lands in results/" */
    /* parsing state */
    struct buf text;     /* the heading, code block or code span being read */
    int heading, code, span, after_results, in_results, tbody, col;
    bool code_sh;
};

static int on_enter_block(MD_BLOCKTYPE type, void *detail, void *arg)
{
    struct page *p = arg;
    switch (type) {
    case MD_BLOCK_H:
        p->heading = 1;
        p->text.len = 0;
        break;
    case MD_BLOCK_CODE: {
        const MD_BLOCK_CODE_DETAIL *d = detail;
        p->code = 1;
        p->code_sh = d->lang.size == 2 && !memcmp(d->lang.text, "sh", 2);
        p->text.len = 0;
        break;
    }
    case MD_BLOCK_TABLE:
        p->in_results = p->after_results;
        p->after_results = 0;
        break;
    case MD_BLOCK_TBODY:
        p->tbody = 1;
        break;
    case MD_BLOCK_TR:
        p->col = 0;
        break;
    default:
        break;
    }
    return 0;
}

static int on_leave_block(MD_BLOCKTYPE type, void *detail, void *arg)
{
    (void)detail;
    struct page *p = arg;
    switch (type) {
    case MD_BLOCK_H: {
        char slug[512], id[600];
        slug_of(p->text.s ? p->text.s : "", p->text.len, slug, sizeof slug);
        /* A repeated heading gets -1, -2, ... */
        snprintf(id, sizeof id, "%s", slug);
        for (unsigned k = 1; strs_has(&p->anchors, id); k++)
            snprintf(id, sizeof id, "%s-%u", slug, k);
        strs_add(&p->anchors, id, strlen(id));
        p->after_results = !strcmp(slug, "what-lands-in-results");
        p->heading = 0;
        break;
    }
    case MD_BLOCK_CODE:
        if (p->code_sh)
            strs_add(&p->sh, p->text.s ? p->text.s : "", p->text.len);
        p->code = 0;
        break;
    case MD_BLOCK_TABLE:
        p->in_results = 0;
        p->tbody = 0;
        break;
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
        p->col++;
        break;
    default:
        break;
    }
    return 0;
}

static void attr_add(struct strs *l, const MD_ATTRIBUTE *a)
{
    strs_add(l, a->text ? a->text : "", a->size);
}

static int on_enter_span(MD_SPANTYPE type, void *detail, void *arg)
{
    struct page *p = arg;
    if (type == MD_SPAN_A)
        attr_add(&p->links, &((const MD_SPAN_A_DETAIL *)detail)->href);
    else if (type == MD_SPAN_IMG)
        attr_add(&p->links, &((const MD_SPAN_IMG_DETAIL *)detail)->src);
    else if (type == MD_SPAN_CODE && !p->heading) {
        p->span = 1;
        p->text.len = 0;
    }
    return 0;
}

static int on_leave_span(MD_SPANTYPE type, void *detail, void *arg)
{
    (void)detail;
    struct page *p = arg;
    if (type == MD_SPAN_CODE && p->span) {
        const char *s = p->text.s ? p->text.s : "";
        strs_add(&p->spans, s, p->text.len);
        if (p->in_results && p->tbody && p->col == 0)
            strs_add(&p->results, s, p->text.len);
        p->span = 0;
    }
    return 0;
}

static int on_text(MD_TEXTTYPE type, const MD_CHAR *t, MD_SIZE size, void *arg)
{
    struct page *p = arg;
    if (p->heading || p->code || p->span)
        buf_add(&p->text, type == MD_TEXT_SOFTBR || type == MD_TEXT_BR ? " " : t, type == MD_TEXT_SOFTBR || type == MD_TEXT_BR ? 1 : size);
    return 0;
}

/* Reads path into *p; false when it cannot be read or parsed. */
static bool page_read(const char *path, struct page *p)
{
    *p = (struct page){0};
    size_t len;
    char *md = slurp(path, &len);
    if (!md)
        return false;
    /* GitHub's tables and strikethrough; URLs without <> are links there
     * too (absolute, so never checked). */
    const MD_PARSER parser = {
        .abi_version = 0,
        .flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_TASKLISTS | MD_FLAG_PERMISSIVEURLAUTOLINKS,
        .enter_block = on_enter_block,
        .leave_block = on_leave_block,
        .enter_span = on_enter_span,
        .leave_span = on_leave_span,
        .text = on_text,
    };
    int rc = md_parse(md, (MD_SIZE)len, &parser, p);
    free(md);
    free(p->text.s);
    p->text = (struct buf){0};
    return rc == 0;
}

static void page_free(struct page *p)
{
    strs_free(&p->links);
    strs_free(&p->anchors);
    strs_free(&p->spans);
    strs_free(&p->sh);
    strs_free(&p->results);
}

/* ---- the commands of an sh block ------------------------------------------- */

/* Each command of an sh block as a line: continuation lines joined, comments
 * (a '#' at the start of a word, outside quotes) dropped, runs of blanks one
 * space, empty lines left out. */
static void commands_of(const char *block, struct strs *out)
{
    struct buf line = {0};
    for (const char *s = block; *s;) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        bool more = n > 0 && s[n - 1] == '\\';
        buf_add(&line, s, more ? n - 1 : n);
        s += n + (nl != NULL);
        if (more && *s)
            continue;
        char q = 0, cmd[4096];
        size_t o = 0;
        for (size_t i = 0; i < line.len && o + 1 < sizeof cmd; i++) {
            char c = line.s[i];
            if (q) {
                q = c == q ? 0 : q;
            } else if (c == '\'' || c == '"') {
                q = c;
            } else if (c == '#' && (i == 0 || isspace((unsigned char)line.s[i - 1]))) {
                break;
            } else if (isspace((unsigned char)c)) {
                if (o > 0 && cmd[o - 1] != ' ')
                    cmd[o++] = ' ';
                continue;
            }
            cmd[o++] = c;
        }
        while (o > 0 && cmd[o - 1] == ' ')
            o--;
        if (o > 0)
            strs_add(out, cmd, o);
        line.len = 0;
    }
    free(line.s);
}

/* ---- links, fragments and paths -------------------------------------------- */

/* A target with a scheme (https:, mailto:) or a protocol-relative one is
 * not the repository's. */
static bool is_external(const char *href)
{
    if (!strncmp(href, "//", 2))
        return true;
    for (const char *c = href; *c && *c != '/' && *c != '#'; c++)
        if (*c == ':')
            return true;
    return false;
}

/* %xx decoded, in place. */
static void unpercent(char *s)
{
    char *o = s;
    for (; *s; s++) {
        if (s[0] == '%' && isxdigit((unsigned char)s[1]) && isxdigit((unsigned char)s[2])) {
            char hex[3] = {s[1], s[2], 0};
            *o++ = (char)strtol(hex, NULL, 16);
            s += 2;
        } else {
            *o++ = *s;
        }
    }
    *o = '\0';
}

/* Every relative link and image of the page at path, resolved from its
 * folder (from root for a link that starts with '/'), that names no file,
 * or a #fragment that no heading of that Markdown page has: one line each
 * into bad. */
static void check_links(const char *path, const char *root, const struct page *p, struct strs *bad)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    for (size_t i = 0; i < p->links.n; i++) {
        const char *href = p->links.v[i];
        if (!*href || is_external(href))
            continue;
        char target[PATH_MAX], frag[512] = "";
        const char *hash = strchr(href, '#');
        size_t plen = hash ? (size_t)(hash - href) : strlen(href);
        if (hash)
            snprintf(frag, sizeof frag, "%s", hash + 1);
        /* A cut path names no file, and is reported as broken. */
        if (plen == 0)
            text_clip(target, sizeof target, "%s", path);
        else if (href[0] == '/')
            text_clip(target, sizeof target, "%s%.*s", root, (int)plen, href);
        else
            text_clip(target, sizeof target, "%s/%.*s", dir, (int)plen, href);
        unpercent(target);
        struct stat st;
        if (stat(target, &st) != 0) {
            strs_addf(bad, "%s: link to %s: no such file", path, href);
            continue;
        }
        size_t tl = strlen(target);
        if (!*frag || tl < 3 || strcmp(target + tl - 3, ".md"))
            continue;
        struct page t;
        if (!page_read(target, &t)) {
            strs_addf(bad, "%s: link to %s: cannot read %s", path, href, target);
            continue;
        }
        unpercent(frag);
        if (!strs_has(&t.anchors, frag))
            strs_addf(bad, "%s: link to %s: %s has no heading with the id '%s'", path, href, target, frag);
        page_free(&t);
    }
}

/* The repository's top folders: a code span that starts with one of them
 * and is one path (no blank, no wildcard or placeholder) names a file. */
static const char *const repo_dirs[] = {"common/", "runner/", "analysis/", "tests/", "tools/",
                                        "impl-", "docs/", ".ci/"};

static bool names_repo_path(const char *s)
{
    bool top = false;
    for (size_t i = 0; i < sizeof repo_dirs / sizeof repo_dirs[0]; i++)
        top |= !strncmp(s, repo_dirs[i], strlen(repo_dirs[i]));
    if (!top || strstr(s, "NAME") || strstr(s, "..."))
        return false;
    for (const char *c = s; *c; c++)
        if (!isalnum((unsigned char)*c) && !strchr("/._-", *c))
            return false;
    return true;
}

static void check_paths(const char *path, const char *root, const struct page *p, struct strs *bad)
{
    for (size_t i = 0; i < p->spans.n; i++) {
        const char *s = p->spans.v[i];
        char target[PATH_MAX];
        snprintf(target, sizeof target, "%s/%s", root, s);
        if (names_repo_path(s) && !file_exists(target))
            strs_addf(bad, "%s: names `%s`, which is not in the tree", path, s);
    }
}

/* Prints every line of bad (so the log says what to mend) and checks there
 * is none. */
#define CHECK_NONE(bad, what)                                                  \
    do {                                                                       \
        for (size_t i_ = 0; i_ < (bad)->n; i_++)                               \
            printf("\n    %s%s", (bad)->v[i_], i_ + 1 == (bad)->n ? "\n  " : ""); \
        CHECK((bad)->n == 0, "%zu %s (listed above)", (bad)->n, what);         \
    } while (0)

/* README.md, docs/ *.md and docs/ * / *.md. */
static void doc_pages(struct strs *out)
{
    strs_add(out, "README.md", 9);
    const char *const pats[] = {"docs/*.md", "docs/*/*.md"};
    for (size_t k = 0; k < 2; k++) {
        glob_t g;
        if (glob(pats[k], 0, NULL, &g) == 0)
            for (size_t i = 0; i < g.gl_pathc; i++)
                strs_add(out, g.gl_pathv[i], strlen(g.gl_pathv[i]));
        globfree(&g);
    }
}

/* ---- docs links: the checkers on fixtures, then on the tree --------------- */

static void test_slugs(void)
{
    static const struct {
        const char *heading, *id;
    } cases[] = {
        {"What the sampler shows at T = 2", "what-the-sampler-shows-at-t--2"},
        {"Comparing two studies: bin/compare", "comparing-two-studies-bincompare"},
        {"A study on a lent machine: tools/remote_study.sh", "a-study-on-a-lent-machine-toolsremote_studysh"},
        {"A CI run that showed 18.7% overlap", "a-ci-run-that-showed-187-overlap"},
        {"Presets \xe2\x80\x93 measured \xc3\x97 2", "presets--measured--2"},
        {"Caf\xc3\xa9 (new)", "caf\xc3\xa9-new"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char id[256];
        slug_of(cases[i].heading, strlen(cases[i].heading), id, sizeof id);
        CHECK(!strcmp(id, cases[i].id), "heading '%s': id '%s', want '%s'", cases[i].heading, id, cases[i].id);
    }
}

static void test_checkers(void)
{
    char *dir = tmpdir_make(), path[PATH_MAX], other[PATH_MAX], pic[PATH_MAX], tools[PATH_MAX], real[PATH_MAX];
    REQUIRE(dir, "no temp folder");
    path_in(path, dir, "page.md");
    path_in(other, dir, "other.md");
    path_in(pic, dir, "pic.png");
    path_in(tools, dir, "tools");
    path_in(real, dir, "tools/real.sh");
    REQUIRE_OR(out, mkdir(tools, 0755) == 0 && write_file(pic, "png") == 0 && write_file(real, "#!/bin/sh\n") == 0 &&
                        write_file(other, "# Other\n\n## A heading\n\n## A heading\n") == 0,
               "cannot write the fixture in %s", dir);
    REQUIRE_OR(out,
               write_file(path, "# Top\n\n## Second: the `thing` (x)\n\n"
                                "[ok](other.md) [anchor](other.md#a-heading-1) [self](#second-the-thing-x) "
                                "[dir](tools/) [web](https://example.com/missing.md) [mail](mailto:a@b.c)\n"
                                "[broken](missing.md) [bad anchor](other.md#nope) ![img](pic.png) ![gone](nopic.png)\n"
                                "`[not a link](missing2.md)` `tools/real.sh` `tools/gone.sh` `tools/NAME.sh` "
                                "`raw.csv` `tools/mutants.sh new NAME x`\n\n"
                                "```sh\nmake study   # a comment\nbin/x --a \"b # c\" \\\n    --d\n# alone\n\n"
                                "make  test\n```\n\n```latex\n\\input{x}\n```\n\n    indented code\n") == 0,
               "cannot write %s", path);
    struct page p;
    REQUIRE_OR(out, page_read(path, &p), "cannot read %s", path);
    struct strs bad = {0};
    check_links(path, dir, &p, &bad);
    CHECK(bad.n == 3, "%zu broken links found in the fixture, want 3 (missing.md, other.md#nope, nopic.png)", bad.n);
    static const char *const want[] = {"link to missing.md:", "link to other.md#nope:", "link to nopic.png:"};
    for (size_t i = 0; i < 3 && i < bad.n; i++)
        CHECK(strstr(bad.v[i], want[i]) != NULL, "broken link %zu: '%s', want '%s'", i, bad.v[i], want[i]);
    strs_free(&bad);
    check_paths(path, dir, &p, &bad);
    CHECK(bad.n == 1 && strstr(bad.v[0], "`tools/gone.sh`"), "missing paths: %zu, want `tools/gone.sh` alone (%s)",
          bad.n, bad.n ? bad.v[0] : "none");
    strs_free(&bad);
    CHECK(p.sh.n == 1, "%zu sh blocks in the fixture, want 1 (latex and indented code are not sh)", p.sh.n);
    struct strs cmds = {0};
    if (p.sh.n == 1)
        commands_of(p.sh.v[0], &cmds);
    static const char *const want_cmds[] = {"make study", "bin/x --a \"b # c\" --d", "make test"};
    CHECK(cmds.n == 3, "%zu commands in the fixture's sh block, want 3", cmds.n);
    for (size_t i = 0; i < 3 && i < cmds.n; i++)
        CHECK(!strcmp(cmds.v[i], want_cmds[i]), "command %zu: '%s', want '%s'", i, cmds.v[i], want_cmds[i]);
    strs_free(&cmds);
    page_free(&p);
out:
    tmpdir_remove(dir);
}

static void test_doc_links(void)
{
    struct strs pages = {0}, bad = {0};
    doc_pages(&pages);
    CHECK(pages.n > 1, "no pages under docs/ (run from the tree's root)");
    for (size_t i = 0; i < pages.n; i++) {
        struct page p;
        if (!CHECK(page_read(pages.v[i], &p), "cannot read %s", pages.v[i]))
            continue;
        check_links(pages.v[i], ".", &p, &bad);
        page_free(&p);
    }
    CHECK_NONE(&bad, "broken links");
    strs_free(&bad);
    strs_free(&pages);
}

static void test_doc_paths(void)
{
    struct strs pages = {0}, bad = {0};
    doc_pages(&pages);
    for (size_t i = 0; i < pages.n; i++) {
        struct page p;
        if (!CHECK(page_read(pages.v[i], &p), "cannot read %s", pages.v[i]))
            continue;
        check_paths(pages.v[i], ".", &p, &bad);
        page_free(&p);
    }
    CHECK_NONE(&bad, "paths named in the docs that are not in the tree");
    strs_free(&bad);
    strs_free(&pages);
}

/* ---- readme commands --------------------------------------------------------- */

/* Smoke studies some rows need: two with the same pinned sizes (so that
 * bin/compare accepts them), under $2/a and $2/b. */
#define SMOKE_PAIR "--preset smoke --models pthreads,multiprocess --sumsq-size 100000 --nqueens-size 7 -q"

/* Each command README.md shows, and how it is checked.
 *   readme  the command as README.md shows it, without its comment
 *   dry     for a make command: what `make -n` must print (quotes dropped,
 *           blanks squeezed): the binary it calls, with what it passes on
 *   smoke   NULL (`make test`: only dry-run), or a sh script run with
 *           $1 = the binaries' folder, $2 = a temporary folder
 *   needs   smoke studies made first: "a", or "ab"
 *   makes   files (globs) under $2 that must exist afterwards
 *   prints  what stdout must hold, or NULL
 *   results 1: $2/study/latest must hold every file of the README's table */
static const struct readme_cmd {
    const char *readme, *dry, *smoke, *needs, *makes, *prints;
    int results;
} readme_cmds[] = {
    {"make study", "study --preset quick",
     "\"$1/study\" --preset smoke --models pthreads,openmp,multiprocess --out \"$2/study\" -q && "
     "\"$1/analyze\" \"$2/study/latest\"",
     "", "study/latest/figures/gil.png", "report.md", 1},
    {"make test", "tests/unit", NULL, "", "", NULL, 0},
    {"make study PRESET=smoke", "study --preset smoke",
     "\"$1/study\" --preset smoke --models pthreads --workloads sumsq --out \"$2/smoke\" -q", "",
     "smoke/latest/raw.csv smoke/latest/meta.json", NULL, 0},
    {"make study PRESET=article", "study --preset article",
     "\"$1/study\" --preset article --models pthreads --workloads sumsq --splits weak --threads 1 --reps 1 "
     "--max-reps 1 --sumsq-size 100000 --out \"$2/article\" -q",
     "", "article/latest/raw.csv article/latest/meta.json", NULL, 0},
    {"make study STUDY_ARGS=\"--pin cores\"", "study --preset quick --pin cores",
     "\"$1/study\" --preset smoke --models pthreads --workloads sumsq --pin cores --out \"$2/pin\" -q", "",
     "pin/latest/raw.csv", NULL, 0},
    {"make report RESULTS=results/20261123-120000", "analyze results/20261123-120000",
     "\"$1/analyze\" \"$2/a/latest\"", "a", "a/latest/summary.csv a/latest/report.md a/latest/report.html",
     "report.md", 0},
    {"make compare A=results/20261127-162000 B=results/20261128-090000",
     "compare results/20261127-162000 results/20261128-090000", "\"$1/compare\" \"$2/a/latest\" \"$2/b/latest\"",
     "ab", "a/latest/compare-*/compare.md a/latest/compare-*/compare.html a/latest/compare-*/compare.csv", NULL, 0},
    {"bin/study --list", NULL, "\"$1/study\" --list", "", "", "py3.14t-threading", 0},
};
#define NCMDS (sizeof readme_cmds / sizeof readme_cmds[0])

static char *tmp;      /* the suite's temporary folder */
static char bindir[PATH_MAX];
static bool made[2];   /* the smoke studies a and b */

static int readme_init(void)
{
    const char *b = getenv("STUDY_BIN");
    snprintf(bindir, sizeof bindir, "%s", b && *b ? b : "bin");
    made[0] = made[1] = false;
    tmp = tmpdir_make();
    return tmp ? 0 : 1;
}

static int readme_cleanup(void)
{
    tmpdir_remove(tmp);
    tmp = NULL;
    return 0;
}

/* Runs script under sh with $1 = bindir and $2 = tmp; true when it exited 0
 * (else a failed check with its stderr's end). */
static bool run_sh(const char *what, const char *script, struct proc *p)
{
    char *argv[] = {"/bin/sh", "-c", (char *)script, "sh", bindir, tmp, NULL};
    if (!CHECK(proc_run(argv, p) == 0, "%s: cannot run sh", what))
        return false;
    size_t el = p->err_len;
    return CHECK(p->exited && p->code == 0, "%s: exit %d (signal %d): %s", what, p->exited ? p->code : -1,
                 p->signaled ? p->sig : 0, el > 600 ? p->err + el - 600 : p->err);
}

static bool smoke_study(int k)
{
    if (made[k])
        return true;
    char script[512];
    snprintf(script, sizeof script, "\"$1/study\" " SMOKE_PAIR " --out \"$2/%c\"", "ab"[k]);
    struct proc p;
    made[k] = run_sh(k ? "smoke study b" : "smoke study a", script, &p);
    proc_free(&p);
    return made[k];
}

/* Every glob of the space-separated list names a file under tmp. */
static void check_makes(const char *cmd, const char *makes)
{
    char list[1024], pat[PATH_MAX];
    snprintf(list, sizeof list, "%s", makes);
    for (char *save = NULL, *w = strtok_r(list, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        snprintf(pat, sizeof pat, "%s/%s", tmp, w);
        glob_t g;
        int rc = glob(pat, 0, NULL, &g);
        CHECK(rc == 0 && g.gl_pathc > 0, "`%s`: its smoke form left no %s", cmd, w);
        globfree(&g);
    }
}

/* What `make -n ARGS` prints, quotes dropped and blanks squeezed, must hold
 * want. */
static void check_dry(const char *cmd, const char *want)
{
    char script[1024];
    snprintf(script, sizeof script, "unset MAKEFLAGS MFLAGS MAKELEVEL; exec make -n --no-print-directory %s",
             cmd + strlen("make "));
    struct proc p;
    if (run_sh(cmd, script, &p)) {
        char *o = p.out;
        for (char *s = p.out; *s; s++) {
            if (*s == '"' || *s == '\'')
                continue;
            if (isspace((unsigned char)*s) && (o == p.out || o[-1] == ' '))
                continue;
            *o++ = isspace((unsigned char)*s) ? ' ' : *s;
        }
        *o = '\0';
        CHECK(strstr(p.out, want) != NULL, "`%s`: make -n does not print `%s`", cmd, want);
    }
    proc_free(&p);
}

static void run_row(const char *cmd, const struct readme_cmd *r, const struct page *readme)
{
    if (!strncmp(cmd, "make ", 5))
        CHECK(r->dry != NULL, "`%s`: a make command needs its dry-run check", cmd);
    if (r->dry)
        check_dry(cmd, r->dry);
    if (!r->smoke)
        return;
    for (const char *n = r->needs; *n; n++)
        if (!smoke_study(*n - 'a'))
            return;
    struct proc p;
    if (run_sh(cmd, r->smoke, &p)) {
        if (r->prints)
            CHECK(strstr(p.out, r->prints) != NULL, "`%s`: its smoke form does not print %s", cmd, r->prints);
        check_makes(cmd, r->makes);
        if (r->results) {
            CHECK(readme->results.n >= 5, "README.md's results table names %zu files", readme->results.n);
            for (size_t i = 0; i < readme->results.n; i++) {
                char f[PATH_MAX];
                snprintf(f, sizeof f, "%s/study/latest/%s", tmp, readme->results.v[i]);
                CHECK(file_exists(f), "README.md says `%s` lands in results/, and `%s` left none", readme->results.v[i],
                      cmd);
            }
        }
    }
    proc_free(&p);
}

static void test_readme_commands(void)
{
    struct page readme;
    REQUIRE(page_read("README.md", &readme), "cannot read README.md (run from the tree's root)");
    struct strs cmds = {0};
    for (size_t i = 0; i < readme.sh.n; i++)
        commands_of(readme.sh.v[i], &cmds);
    CHECK(cmds.n >= 2, "README.md shows %zu commands in its sh blocks", cmds.n);
    bool shown[NCMDS] = {false};
    for (size_t i = 0; i < cmds.n; i++) {
        const struct readme_cmd *r = NULL;
        for (size_t k = 0; k < NCMDS; k++)
            if (!strcmp(readme_cmds[k].readme, cmds.v[i]))
                r = &readme_cmds[k], shown[k] = true;
        if (CHECK(r, "README.md shows `%s`, which the table in tests/test_readme.c does not know: give it a "
                     "smoke-sized form there", cmds.v[i]))
            run_row(cmds.v[i], r, &readme);
    }
    for (size_t k = 0; k < NCMDS; k++)
        CHECK(shown[k], "tests/test_readme.c checks `%s`, which README.md no longer shows", readme_cmds[k].readme);
    strs_free(&cmds);
    page_free(&readme);
}

/* The README fits on a screen or two (issue 18): at most 200 lines. */
#define README_LINES_MAX 200

static void test_readme_short(void)
{
    size_t len;
    char *s = slurp("README.md", &len);
    REQUIRE(s, "cannot read README.md");
    size_t lines = 0;
    for (size_t i = 0; i < len; i++)
        lines += s[i] == '\n';
    free(s);
    CHECK(lines <= README_LINES_MAX, "README.md has %zu lines, more than %d: move the rest to docs/", lines,
          README_LINES_MAX);
}

static CU_TestInfo readme_tests[] = {
    {"every README command, at smoke size", test_readme_commands},
    {"README at most 200 lines", test_readme_short},
    CU_TEST_INFO_NULL,
};

static CU_TestInfo link_tests[] = {
    {"heading ids as GitHub makes them", test_slugs},
    {"the checkers on a fixture", test_checkers},
    {"every relative link resolves", test_doc_links},
    {"every path the docs name exists", test_doc_paths},
    CU_TEST_INFO_NULL,
};

CU_SuiteInfo readme_suites[] = {
    {"readme commands", readme_init, readme_cleanup, NULL, NULL, readme_tests},
    {"docs links", NULL, NULL, NULL, NULL, link_tests},
    CU_SUITE_INFO_NULL,
};
