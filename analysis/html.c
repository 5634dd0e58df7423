/* html.c - markdown to one self-contained HTML page (html.h has the
 * contract and the subset).
 *
 * Block structure is parsed from lines, recursively: a block quote's or a
 * list item's lines are the same slices with their marker or indentation
 * skipped, so nothing is copied.  The body is rendered into memory first,
 * then the page is written: head (inline CSS), the body with a table of
 * contents (of the level-2 headings) after its title.
 */
#define _GNU_SOURCE
#include "html.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "text.h"

/* More columns than this in a table are dropped (a report table has ~12). */
#define TABLE_COLS_MAX 64
/* Heading ids ("slugs") are cut to this length. */
#define SLUG_MAX 64
/* A table of contents is drawn from this many level-2 headings on. */
#define TOC_MIN 3
/* Indentation that makes a list item's continuation, at most (markdown: a
 * marker's content starts 1 to 4 spaces after it). */
#define LIST_GAP_MAX 4
/* Links and emphasis nest at most this deep, and block quotes and lists
 * at most NEST_MAX; deeper markup is text (a bound on the recursion,
 * whatever the input). */
#define INLINE_DEPTH_MAX 16
#define NEST_MAX 32
/* A link's text is at most this long, and so are its destination and
 * title: the searches for their ends stop there, which keeps a line of
 * many '['s from taking quadratic time. */
#define LINK_TEXT_MAX 2000

struct line {
    const char *s;
    size_t n;
};

struct slug {
    char id[SLUG_MAX + 8];
    const char *text; /* the heading's markdown, for the contents */
    size_t n;
    int level;
};

struct html {
    const char *base;   /* images are read relative to this folder */
    unsigned svgs;      /* inline SVGs so far: their id prefix */
    unsigned figures;   /* <figure>s so far: their ids */
    struct slug *heads; /* every heading, in order */
    size_t nheads, capheads;
    long toc_at;        /* where the contents go: after the first h1 */
    unsigned depth;     /* links and emphasis open around the text */
    unsigned nesting;   /* block quotes and list items open */
    int oom;
};

/* ---- text ----------------------------------------------------------------- */

/* Text as HTML: the five characters that can end a text or an attribute
 * value are written as references (valid in both). */
static void esc(FILE *o, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        switch (s[i]) {
        case '&': fputs("&amp;", o); break;
        case '<': fputs("&lt;", o); break;
        case '>': fputs("&gt;", o); break;
        case '"': fputs("&quot;", o); break;
        case '\'': fputs("&#39;", o); break;
        default: putc(s[i], o);
        }
}

static void escz(FILE *o, const char *s)
{
    esc(o, s, strlen(s));
}

static int is_punct(char c)
{
    return c > 32 && c < 127 && ispunct((unsigned char)c);
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int is_alnum(char c)
{
    return isalnum((unsigned char)c);
}

/* Markdown reduced to its text (for alt text, titles and the contents):
 * backslash escapes resolved, the characters of markup dropped, a link
 * reduced to its text. */
static void put_plain(FILE *o, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n && is_punct(s[i + 1])) {
            esc(o, s + ++i, 1);
        } else if (s[i] == '`' || s[i] == '*' || s[i] == '[' || s[i] == '!') {
            continue;
        } else if (s[i] == ']' && i + 1 < n && s[i + 1] == '(') {
            while (i < n && s[i] != ')') /* the destination */
                i++;
        } else {
            esc(o, s + i, 1);
        }
    }
}

/* ---- lines ---------------------------------------------------------------- */

static size_t indent_of(struct line l)
{
    size_t k = 0;
    while (k < l.n && l.s[k] == ' ')
        k++;
    return k;
}

static int blank(struct line l)
{
    for (size_t i = 0; i < l.n; i++)
        if (!is_space(l.s[i]))
            return 0;
    return 1;
}

static struct line skip(struct line l, size_t k)
{
    k = k < l.n ? k : l.n;
    return (struct line){l.s + k, l.n - k};
}

/* A fence: up to 3 spaces, then 3 or more backticks or tildes. */
static int fence(struct line l, char *ch, size_t *len)
{
    size_t i = indent_of(l), k = 0;
    if (i > 3 || i >= l.n || (l.s[i] != '`' && l.s[i] != '~'))
        return 0;
    while (i + k < l.n && l.s[i + k] == l.s[i])
        k++;
    if (k < 3)
        return 0;
    *ch = l.s[i];
    *len = k;
    return 1;
}

/* "## Title ##": level 1-6, the title's slice without the closing run. */
static int heading(struct line l, struct line *text)
{
    size_t i = indent_of(l), k = 0;
    if (i > 3)
        return 0;
    while (i + k < l.n && l.s[i + k] == '#')
        k++;
    if (k < 1 || k > 6 || (i + k < l.n && l.s[i + k] != ' '))
        return 0;
    struct line t = skip(l, i + k);
    while (t.n && t.s[0] == ' ')
        t = skip(t, 1);
    while (t.n && t.s[t.n - 1] == ' ')
        t.n--;
    size_t e = t.n;
    while (e && t.s[e - 1] == '#')
        e--;
    if (e < t.n && (e == 0 || t.s[e - 1] == ' ')) /* a closing run of #s */
        t.n = e;
    while (t.n && t.s[t.n - 1] == ' ')
        t.n--;
    *text = t;
    return (int)k;
}

/* A rule: three or more of one of - * _, spaces allowed between. */
static int rule(struct line l)
{
    size_t i = indent_of(l), count = 0;
    if (i > 3 || i >= l.n || (l.s[i] != '-' && l.s[i] != '*' && l.s[i] != '_'))
        return 0;
    char c = l.s[i];
    for (; i < l.n; i++) {
        if (l.s[i] == c)
            count++;
        else if (!is_space(l.s[i]))
            return 0;
    }
    return count >= 3;
}

static int quote(struct line l)
{
    size_t i = indent_of(l);
    return i <= 3 && i < l.n && l.s[i] == '>';
}

/* The line inside a block quote: the '>' and one space after it gone. */
static struct line unquote(struct line l)
{
    l = skip(l, indent_of(l) + 1);
    return l.n && l.s[0] == ' ' ? skip(l, 1) : l;
}

struct marker {
    int ordered;
    char ch;             /* '-', '*', '+'; or '.', ')' after the number */
    unsigned long start; /* an ordered list's first number */
    size_t width;        /* where the item's content starts */
};

/* A list item's marker: "- ", "* ", "+ ", "12. ", "3) " after up to 3
 * spaces (or the marker alone on the line). */
static int list_marker(struct line l, struct marker *m)
{
    size_t i = indent_of(l);
    if (i > 3 || i >= l.n || rule(l))
        return 0;
    size_t j = i;
    if (l.s[i] == '-' || l.s[i] == '*' || l.s[i] == '+') {
        m->ordered = 0;
        m->ch = l.s[i];
        j = i + 1;
    } else {
        unsigned long v = 0;
        while (j < l.n && j - i < 9 && isdigit((unsigned char)l.s[j]))
            v = v * 10 + (unsigned long)(l.s[j++] - '0');
        if (j == i || j >= l.n || (l.s[j] != '.' && l.s[j] != ')'))
            return 0;
        m->ordered = 1;
        m->ch = l.s[j++];
        m->start = v;
    }
    if (j < l.n && l.s[j] != ' ')
        return 0;
    size_t gap = 0;
    while (j + gap < l.n && l.s[j + gap] == ' ')
        gap++;
    /* a blank rest, or code indented past the gap: content at one space */
    m->width = j + (gap == 0 || gap > LIST_GAP_MAX || j + gap == l.n ? 1 : gap);
    return 1;
}

static int same_list(const struct marker *a, const struct marker *b)
{
    return a->ordered == b->ordered && a->ch == b->ch;
}

/* Whether l starts a block that ends a paragraph (an ordered list only
 * when it starts at 1, so that "2014. was a year" stays text). */
static int interrupts(struct line l)
{
    char ch;
    size_t len;
    struct line t;
    struct marker m;
    if (blank(l) || fence(l, &ch, &len) || heading(l, &t) || rule(l) || quote(l))
        return 1;
    return list_marker(l, &m) && !blank(skip(l, m.width)) && (!m.ordered || m.start == 1);
}

/* ---- inline ---------------------------------------------------------------- */

static void inlines(struct html *h, FILE *o, const char *s, size_t n);
static void image(struct html *h, FILE *o, const char *alt, size_t altn, const char *url, size_t urln);

/* The end of the code span whose opening run of k backticks ends at i:
 * the start of the closing run of exactly k, or n when there is none. */
static size_t code_end(const char *s, size_t n, size_t i, size_t k)
{
    while (i < n) {
        if (s[i] != '`') {
            i++;
            continue;
        }
        size_t r = 0;
        while (i + r < n && s[i + r] == '`')
            r++;
        if (r == k)
            return i;
        i += r;
    }
    return n;
}

/* The length of the backtick run at s[i]. */
static size_t run_of(const char *s, size_t n, size_t i, char c)
{
    size_t k = 0;
    while (i + k < n && s[i + k] == c)
        k++;
    return k;
}

struct link {
    const char *text, *url, *title;
    size_t textn, urln, titlen;
    size_t len; /* from '[' through ')' */
};

/* "[text](url "title")" at s[0] == '['; 1 with *lk filled. */
static int parse_link(const char *s, size_t n, struct link *lk)
{
    size_t i = 1;
    int depth = 0;
    /* the text, the destination and the title each have a bounded length */
    n = n < 3 * LINK_TEXT_MAX ? n : 3 * LINK_TEXT_MAX;
    for (; i < n && i < LINK_TEXT_MAX; i++) {
        if (s[i] == '\\' && i + 1 < n) {
            i++;
        } else if (s[i] == '`') {
            size_t k = run_of(s, n, i, '`'), e = code_end(s, n, i + k, k);
            i = e < n ? e + k - 1 : i + k - 1;
        } else if (s[i] == '[') {
            depth++;
        } else if (s[i] == ']') {
            if (depth-- == 0)
                break;
        }
    }
    if (i + 1 >= n || s[i] != ']' || s[i + 1] != '(')
        return 0;
    lk->text = s + 1;
    lk->textn = i - 1;
    i += 2;
    while (i < n && s[i] == ' ')
        i++;
    if (i < n && s[i] == '<') {
        size_t b = ++i;
        while (i < n && s[i] != '>' && s[i] != '\n')
            i++;
        if (i >= n || s[i] != '>')
            return 0;
        lk->url = s + b;
        lk->urln = i++ - b;
    } else {
        size_t b = i;
        int parens = 0;
        for (; i < n && !is_space(s[i]); i++) {
            if (s[i] == '\\' && i + 1 < n)
                i++;
            else if (s[i] == '(')
                parens++;
            else if (s[i] == ')' && parens-- == 0)
                break;
        }
        lk->url = s + b;
        lk->urln = i - b;
    }
    while (i < n && is_space(s[i]))
        i++;
    lk->title = NULL;
    lk->titlen = 0;
    if (i < n && (s[i] == '"' || s[i] == '\'' || s[i] == '(')) {
        char close = s[i] == '(' ? ')' : s[i];
        size_t b = ++i;
        while (i < n && s[i] != close)
            i += s[i] == '\\' && i + 1 < n ? 2 : 1;
        if (i >= n)
            return 0;
        lk->title = s + b;
        lk->titlen = i++ - b;
        while (i < n && is_space(s[i]))
            i++;
    }
    if (i >= n || s[i] != ')')
        return 0;
    lk->len = i + 1;
    return 1;
}

/* A destination, backslash escapes resolved, into buf; 0 when too long. */
static int unescape_url(const char *u, size_t n, char *buf, size_t len)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (u[i] == '\\' && i + 1 < n && is_punct(u[i + 1]))
            i++;
        if (k + 1 >= len) {
            buf[k] = '\0'; /* cut, for the message that says it is refused */
            return 0;
        }
        buf[k++] = u[i];
    }
    buf[k] = '\0';
    return 1;
}

/* http, https and mailto, or no scheme (relative, or #fragment): the links
 * a report may hold.  javascript: and the like are refused. */
static int url_allowed(const char *u)
{
    size_t i = strcspn(u, ":/?#");
    if (u[i] != ':')
        return 1;
    return (i == 4 && !strncasecmp(u, "http", 4)) || (i == 5 && !strncasecmp(u, "https", 5)) ||
           (i == 6 && !strncasecmp(u, "mailto", 6));
}

/* A URL in an attribute: references for the specials, %20 for spaces. */
static void put_url(FILE *o, const char *u)
{
    for (; *u; u++)
        if (*u == ' ')
            fputs("%20", o);
        else
            esc(o, u, 1);
}

static void put_link(struct html *h, FILE *o, const struct link *lk)
{
    char url[PATH_MAX];
    if (!unescape_url(lk->url, lk->urln, url, sizeof url) || !url_allowed(url)) {
        inlines(h, o, lk->text, lk->textn);
        return;
    }
    fputs("<a href=\"", o);
    put_url(o, url);
    fputc('"', o);
    if (lk->title) {
        fputs(" title=\"", o);
        put_plain(o, lk->title, lk->titlen);
        fputc('"', o);
    }
    fputc('>', o);
    h->depth++;
    inlines(h, o, lk->text, lk->textn);
    h->depth--;
    fputs("</a>", o);
}

/* Emphasis opened by the run of k (1-3) c's at s[i]: where its closer
 * starts (a run of exactly k, after a non-space; for '_' not inside a
 * word), or 0 when there is none. */
static size_t emph_close(const char *s, size_t n, size_t i, size_t k, char c)
{
    for (size_t j = i + k; j < n;) {
        if (s[j] == '\\' && j + 1 < n) {
            j += 2;
        } else if (s[j] == '`') {
            size_t r = run_of(s, n, j, '`'), e = code_end(s, n, j + r, r);
            j = e < n ? e + r : j + r;
        } else if (s[j] == c) {
            size_t r = run_of(s, n, j, c);
            if (r == k && j > i + k && !is_space(s[j - 1]) && (c != '_' || j + r >= n || !is_alnum(s[j + r])))
                return j;
            j += r;
        } else {
            j++;
        }
    }
    return 0;
}

static void inlines(struct html *h, FILE *o, const char *s, size_t n)
{
    static const char *const open[] = {"", "<em>", "<strong>", "<strong><em>"};
    static const char *const close[] = {"", "</em>", "</strong>", "</em></strong>"};
    /* Markup nested deeper than the bound is text. */
    const int deep = h->depth >= INLINE_DEPTH_MAX;
    /* Where a search for an emphasis closer ('*' or '_', run of 1-3) found
     * none: a later opener of the same kind finds none either, so it does
     * not search again (a line of many '*'s stays linear). */
    size_t no_closer[2][4] = {{n, n, n, n}, {n, n, n, n}};
    for (size_t i = 0; i < n;) {
        char c = s[i];
        struct link lk;
        if (c == '\\' && i + 1 < n && is_punct(s[i + 1])) {
            esc(o, s + i + 1, 1);
            i += 2;
        } else if (c == '\\' && i + 1 < n && s[i + 1] == '\n') {
            fputs("<br>\n", o);
            i += 2;
        } else if (c == '`') {
            size_t k = run_of(s, n, i, '`'), e = code_end(s, n, i + k, k);
            if (e == n) {
                esc(o, s + i, k);
                i += k;
                continue;
            }
            const char *b = s + i + k;
            size_t len = e - (i + k);
            if (len >= 2 && b[0] == ' ' && b[len - 1] == ' ' && !blank((struct line){b, len})) {
                b++;
                len -= 2;
            }
            fputs("<code>", o);
            for (size_t j = 0; j < len; j++)
                b[j] == '\n' ? fputc(' ', o) : esc(o, b + j, 1);
            fputs("</code>", o);
            i = e + k;
        } else if (!deep && c == '!' && i + 1 < n && s[i + 1] == '[' && parse_link(s + i + 1, n - i - 1, &lk)) {
            image(h, o, lk.text, lk.textn, lk.url, lk.urln);
            i += 1 + lk.len;
        } else if (!deep && c == '[' && parse_link(s + i, n - i, &lk)) {
            put_link(h, o, &lk);
            i += lk.len;
        } else if (!deep && (c == '*' || c == '_') && run_of(s, n, i, c) <= 3) {
            size_t k = run_of(s, n, i, c), e = 0, *none = &no_closer[c == '_'][k];
            if (i < *none && i + k < n && !is_space(s[i + k]) && (c != '_' || i == 0 || !is_alnum(s[i - 1])) &&
                !(e = emph_close(s, n, i, k, c)))
                *none = i;
            if (!e) {
                esc(o, s + i, k);
                i += k;
                continue;
            }
            fputs(open[k], o);
            h->depth++;
            inlines(h, o, s + i + k, e - i - k);
            h->depth--;
            fputs(close[k], o);
            i = e + k;
        } else if (c == '<' && (!strncmp(s + i, "<http://", 8) || !strncmp(s + i, "<https://", 9)) &&
                   memchr(s + i, '>', n - i)) {
            size_t e = (size_t)((const char *)memchr(s + i, '>', n - i) - s);
            struct link auto_link = {s + i + 1, s + i + 1, NULL, e - i - 1, e - i - 1, 0, 0};
            if (memchr(s + i, ' ', e - i) || memchr(s + i, '\n', e - i)) {
                esc(o, s + i++, 1);
                continue;
            }
            put_link(h, o, &auto_link);
            i = e + 1;
        } else if (c == ' ' && run_of(s, n, i, ' ') >= 2 && i + run_of(s, n, i, ' ') < n &&
                   s[i + run_of(s, n, i, ' ')] == '\n') {
            fputs("<br>\n", o);
            i += run_of(s, n, i, ' ') + 1;
        } else {
            esc(o, s + i, 1);
            i++;
        }
    }
}

/* ---- images ----------------------------------------------------------------- */

/* A path the page may inline: relative, inside the markdown's folder. */
static int local_path(const char *p)
{
    if (!*p || p[0] == '/' || strchr(p, ':') || strchr(p, '?') || strchr(p, '#'))
        return 0;
    for (const char *s = p; *s;) {
        size_t k = strcspn(s, "/");
        if (k == 2 && s[0] == '.' && s[1] == '.')
            return 0;
        s += k + (s[k] == '/');
    }
    return 1;
}

/* base/rel, whole, malloc'd; NULL when it cannot be read or is too big. */
static char *read_image(const char *base, const char *rel, size_t *len)
{
    char path[PATH_MAX];
    text_clip(path, sizeof path, "%s/%s", base, rel);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct stat st;
    char *buf = NULL;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size <= (off_t)HTML_IMAGE_MAX_BYTES &&
        (buf = malloc((size_t)st.st_size + 1)) != NULL) {
        *len = fread(buf, 1, (size_t)st.st_size, f);
        buf[*len] = '\0';
        if (ferror(f) || *len != (size_t)st.st_size) {
            free(buf);
            buf = NULL;
        }
    }
    fclose(f);
    return buf;
}

static void base64(FILE *o, const unsigned char *p, size_t n)
{
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16;
        if (i + 1 < n)
            v |= (uint32_t)p[i + 1] << 8;
        if (i + 2 < n)
            v |= p[i + 2];
        putc(tab[v >> 18 & 63], o);
        putc(tab[v >> 12 & 63], o);
        putc(i + 1 < n ? tab[v >> 6 & 63] : '=', o);
        putc(i + 2 < n ? tab[v & 63] : '=', o);
    }
}

static int starts(const char *s, const char *end, const char *lit)
{
    size_t k = strlen(lit);
    return (size_t)(end - s) >= k && !memcmp(s, lit, k);
}

static int starts_ci(const char *s, const char *end, const char *lit)
{
    size_t k = strlen(lit);
    return (size_t)(end - s) >= k && !strncasecmp(s, lit, k);
}

/* The first occurrence of lit in [s, end), or end. */
static const char *find(const char *s, const char *end, const char *lit)
{
    size_t k = strlen(lit);
    for (; s + k <= end; s++)
        if (!memcmp(s, lit, k))
            return s;
    return end;
}

/* Past the first lit in [s, end), or end. */
static const char *past(const char *s, const char *end, const char *lit)
{
    const char *p = find(s, end, lit);
    return p < end ? p + strlen(lit) : end;
}

/* Past the end of the tag that starts at s ('<'), quotes respected. */
static const char *tag_end(const char *s, const char *end)
{
    char q = 0;
    for (; s < end; s++) {
        if (q) {
            q = *s == q ? 0 : q;
        } else if (*s == '"' || *s == '\'') {
            q = *s;
        } else if (*s == '>') {
            return s + 1;
        }
    }
    return end;
}

/* An element name at s, followed by a delimiter. */
static int element(const char *s, const char *end, const char *name)
{
    size_t k = strlen(name);
    return (size_t)(end - s) > k && !strncasecmp(s, name, k) &&
           (is_space(s[k]) || s[k] == '>' || s[k] == '/');
}

/* The ids an SVG has given so far: slices of its text. */
struct ids {
    struct line *v;
    size_t n, cap;
    unsigned dups;  /* repeats renamed so far */
    int oom;
};

/* 1 when id[0..n) was given before; else 0, and it is recorded. */
static int id_seen(struct ids *ids, const char *id, size_t n)
{
    for (size_t i = 0; i < ids->n; i++)
        if (ids->v[i].n == n && !memcmp(ids->v[i].s, id, n))
            return 1;
    if (ids->n == ids->cap) {
        size_t cap = ids->cap ? 2 * ids->cap : 64;
        struct line *v = realloc(ids->v, cap * sizeof *v);
        if (!v) {
            ids->oom = 1;
            return 0;
        }
        ids->v = v;
        ids->cap = cap;
    }
    ids->v[ids->n++] = (struct line){id, n};
    return 0;
}

/* One tag of the SVG, copied with ids prefixed by pre (so are local
 * references: href="#x", url(#x)) and event-handler attributes dropped.
 * An id the SVG gave before (gnuplot repeats its own in multiplots) gets a
 * suffix, so that the page's ids are unique; a reference to it still finds
 * the first, as it did in the SVG. */
static void svg_tag(FILE *o, const char *s, const char *end, const char *pre, struct ids *ids)
{
    char q = 0;
    while (s < end) {
        if (starts(s, end, "url(#")) {
            fprintf(o, "url(#%s", pre);
            s += 5;
        } else if (q) {
            q = *s == q ? 0 : q;
            putc(*s++, o);
        } else if (*s == '"' || *s == '\'') {
            q = *s;
            putc(*s++, o);
        } else if (is_space(s[-1]) && (starts(s, end, "id=\"") || starts(s, end, "id='"))) {
            q = s[3]; /* inside the value now */
            fprintf(o, "id=%c%s", q, pre);
            s += 4;
            const char *v = memchr(s, q, (size_t)(end - s));
            if (v && id_seen(ids, s, (size_t)(v - s))) {
                fwrite(s, 1, (size_t)(v - s), o);
                fprintf(o, "-d%u", ++ids->dups);
                s = v;
            }
        } else if ((is_space(s[-1]) || s[-1] == ':') && (starts(s, end, "href=\"#") || starts(s, end, "href='#"))) {
            q = s[5]; /* href, or xlink:href */
            fprintf(o, "href=%c#%s", q, pre);
            s += 7;
        } else if (is_space(s[-1]) && starts_ci(s, end, "on") && s + 2 < end && isalpha((unsigned char)s[2])) {
            /* onload="..." and the like: the page runs no script */
            const char *a = s;
            while (a < end && isalpha((unsigned char)*a))
                a++;
            if (a < end && *a == '=' && a + 1 < end && (a[1] == '"' || a[1] == '\'')) {
                const char *v = memchr(a + 2, a[1], (size_t)(end - a - 2));
                s = v ? v + 1 : end;
            } else {
                putc(*s++, o);
            }
        } else {
            putc(*s++, o);
        }
    }
}

/* Text between tags (and CDATA, e.g. a <style>): copied, with CSS's
 * url(#x) references prefixed; returns end. */
static const char *svg_text(FILE *o, const char *p, const char *end, const char *pre)
{
    while (p < end)
        if (starts(p, end, "url(#")) {
            fprintf(o, "url(#%s", pre);
            p += 5;
        } else {
            putc(*p++, o);
        }
    return end;
}

/* The root <svg ...> tag's own width and height, as a viewBox, when it has
 * none (so that CSS can scale it); written after the attributes. */
static void svg_viewbox(FILE *o, const char *s, const char *end)
{
    if (find(s, end, "viewBox") < end)
        return;
    double w = 0, hgt = 0;
    const char *p = find(s, end, " width=\"");
    if (p < end)
        w = strtod(p + 8, NULL);
    p = find(s, end, " height=\"");
    if (p < end)
        hgt = strtod(p + 9, NULL);
    if (w > 0 && hgt > 0)
        fprintf(o, " viewBox=\"0 0 %g %g\"", w, hgt);
}

/* An SVG file as an <svg> element of the page; 0, or -1 when it has no
 * <svg> root. */
static int svg_inline(struct html *h, FILE *o, const char *s, size_t n, const char *alt, size_t altn)
{
    const char *end = s + n, *root = NULL;
    /* The prolog: XML declaration, DOCTYPE (with an internal subset),
     * comments, processing instructions; then the root. */
    for (const char *p = s; p < end && !root;) {
        if (is_space(*p) || starts(p, end, "\xEF\xBB\xBF")) {
            p += *p == '\xEF' ? 3 : 1;
        } else if (starts(p, end, "<?")) {
            p = past(p, end, "?>");
        } else if (starts(p, end, "<!--")) {
            p = past(p, end, "-->");
        } else if (starts_ci(p, end, "<!DOCTYPE")) {
            int depth = 0;
            for (; p < end && (depth || *p != '>'); p++)
                depth += *p == '[' ? 1 : *p == ']' ? -1 : 0;
            p += p < end;
        } else if (*p == '<' && element(p + 1, end, "svg")) {
            root = p;
        } else {
            return -1;
        }
    }
    const char *last = NULL;
    for (const char *p = root ? find(root, end, "</svg>") : end; p < end; p = find(p + 1, end, "</svg>"))
        last = p;
    if (!root || !last)
        return -1;
    end = last + 6;
    char pre[24];
    snprintf(pre, sizeof pre, "f%u-", ++h->svgs);
    const char *rend = tag_end(root, end);
    /* the root: ours first (an attribute given twice keeps the first) */
    fputs("<svg class=\"fig-svg\" role=\"img\" aria-label=\"", o);
    put_plain(o, alt, altn);
    fputc('"', o);
    svg_viewbox(o, root, rend);
    struct ids ids = {0};
    svg_tag(o, root + 4, rend, pre, &ids);
    for (const char *p = rend; p < end;) {
        if (*p != '<') {
            const char *q = memchr(p, '<', (size_t)(end - p));
            q = q ? q : end;
            /* text and <style>: only CSS's url(#x) refers to ids */
            p = svg_text(o, p, q, pre);
        } else if (starts(p, end, "<!--")) {
            const char *q = past(p, end, "-->");
            fwrite(p, 1, (size_t)(q - p), o);
            p = q;
        } else if (starts(p, end, "<![CDATA[")) {
            p = svg_text(o, p, past(p, end, "]]>"), pre);
        } else if (element(p + 1, end, "script")) {
            const char *t = tag_end(p, end);
            p = t[-2] == '/' ? t : find(t, end, "</script>");
            p = p < end && *p == '<' && starts(p, end, "</script>") ? tag_end(p, end) : p;
        } else {
            const char *t = tag_end(p, end);
            putc('<', o);
            svg_tag(o, p + 1, t, pre, &ids);
            p = t;
        }
    }
    free(ids.v);
    h->oom |= ids.oom;
    return 0;
}

static void missing_image(FILE *o, const char *why, const char *path)
{
    fputs("<span class=\"missing\">[", o);
    escz(o, why);
    fputs(": ", o);
    escz(o, path);
    fputs("]</span>", o);
}

static const char *image_mime(const char *path)
{
    static const char *const types[][2] = {
        {".png", "image/png"}, {".jpg", "image/jpeg"}, {".jpeg", "image/jpeg"}, {".gif", "image/gif"}};
    size_t n = strlen(path);
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        size_t k = strlen(types[i][0]);
        if (n > k && !strcasecmp(path + n - k, types[i][0]))
            return types[i][1];
    }
    return NULL;
}

static void image(struct html *h, FILE *o, const char *alt, size_t altn, const char *url, size_t urln)
{
    char path[PATH_MAX - 16], svg[PATH_MAX];
    if (!unescape_url(url, urln, path, sizeof path) || !local_path(path)) {
        missing_image(o, "image not inlined, not a file beside the report", path);
        return;
    }
    size_t len = 0;
    const char *dot = strrchr(path, '.');
    const char *mime = image_mime(path);
    /* X.png beside X.svg: the vector drawing, sharp at any size */
    if (dot && (mime || !strcasecmp(dot, ".svg"))) {
        text_clip(svg, sizeof svg, "%.*s.svg", (int)(dot - path), path);
        char *data = read_image(h->base, svg, &len);
        int rc = data ? svg_inline(h, o, data, len, alt, altn) : -1;
        free(data);
        if (rc == 0)
            return;
    }
    char *data = mime ? read_image(h->base, path, &len) : NULL;
    if (!data) {
        missing_image(o, mime || (dot && !strcasecmp(dot, ".svg")) ? "image missing or unreadable"
                                                                   : "image type not inlined",
                      path);
        return;
    }
    fprintf(o, "<img class=\"fig-img\" alt=\"");
    put_plain(o, alt, altn);
    fprintf(o, "\" src=\"data:%s;base64,", mime);
    base64(o, (const unsigned char *)data, len);
    fputs("\">", o);
    free(data);
}

/* ---- blocks ----------------------------------------------------------------- */

static void blocks(struct html *h, FILE *o, const struct line *L, size_t n, int tight);

/* The lines as one run of text, joined by newlines (a paragraph). */
static char *join(const struct line *L, size_t n, size_t *len)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += L[i].n + 1;
    char *s = malloc(total + 1), *p = s;
    if (!s)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        struct line l = skip(L[i], indent_of(L[i]));
        memcpy(p, l.s, l.n);
        p += l.n;
        if (i + 1 < n)
            *p++ = '\n';
    }
    *p = '\0';
    *len = (size_t)(p - s);
    while (*len && is_space(s[*len - 1])) /* no hard break at the end */
        s[--*len] = '\0';
    return s;
}

static void paragraph(struct html *h, FILE *o, const struct line *L, size_t n, int tight)
{
    size_t len;
    char *s = join(L, n, &len);
    if (!s) {
        h->oom = 1;
        return;
    }
    struct link lk;
    /* A paragraph that is one image is a figure. */
    if (len > 1 && s[0] == '!' && s[1] == '[' && parse_link(s + 1, len - 1, &lk) && lk.len + 1 == len) {
        fprintf(o, "<figure class=\"%s\" id=\"figure-%u\">", HTML_FIGURE_CLASS, ++h->figures);
        image(h, o, lk.text, lk.textn, lk.url, lk.urln);
        fputs("</figure>\n", o);
    } else {
        fputs(tight ? "" : "<p>", o);
        inlines(h, o, s, len);
        fputs(tight ? "\n" : "</p>\n", o);
    }
    free(s);
}

/* An id for a heading: lower-case letters, digits and hyphens, unique in
 * the page (a repeat gets -2, -3, ...). */
static void slugify(struct html *h, const char *s, size_t n, char *id)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k < SLUG_MAX; i++) {
        unsigned char c = (unsigned char)s[i];
        if (isalnum(c))
            id[k++] = (char)tolower(c);
        else if ((c == ' ' || c == '-' || c == '.') && k && id[k - 1] != '-')
            id[k++] = '-';
    }
    while (k && id[k - 1] == '-')
        k--;
    if (!k)
        k = (size_t)sprintf(id, "section");
    id[k] = '\0';
    for (unsigned dup = 2;; dup++) {
        size_t i = 0;
        while (i < h->nheads && strcmp(h->heads[i].id, id))
            i++;
        if (i == h->nheads)
            return;
        sprintf(id + k, "-%u", dup);
    }
}

static void heading_block(struct html *h, FILE *o, int level, struct line t)
{
    if (h->nheads == h->capheads) {
        size_t cap = h->capheads ? 2 * h->capheads : 32;
        struct slug *p = realloc(h->heads, cap * sizeof *p);
        if (!p) {
            h->oom = 1;
            return;
        }
        h->heads = p;
        h->capheads = cap;
    }
    struct slug *sl = &h->heads[h->nheads];
    slugify(h, t.s, t.n, sl->id);
    sl->text = t.s;
    sl->n = t.n;
    sl->level = level;
    h->nheads++;
    fprintf(o, "<h%d id=\"%s\">", level, sl->id);
    inlines(h, o, t.s, t.n);
    fprintf(o, "</h%d>\n", level);
    if (level == 1 && h->toc_at < 0)
        h->toc_at = ftell(o);
}

/* A table row's cells: pipes outside code spans and escapes split them; an
 * outer pipe on either side is dropped. */
static size_t cells(struct line l, struct line *c, size_t max)
{
    l = skip(l, indent_of(l));
    while (l.n && is_space(l.s[l.n - 1]))
        l.n--;
    if (l.n && l.s[0] == '|')
        l = skip(l, 1);
    if (l.n && l.s[l.n - 1] == '|' && (l.n < 2 || l.s[l.n - 2] != '\\'))
        l.n--;
    size_t k = 0, b = 0;
    for (size_t i = 0; i <= l.n; i++) {
        if (i < l.n && l.s[i] == '\\') {
            i++;
        } else if (i < l.n && l.s[i] == '`') {
            size_t r = run_of(l.s, l.n, i, '`'), e = code_end(l.s, l.n, i + r, r);
            i = (e < l.n ? e + r : i + r) - 1;
        } else if (i == l.n || l.s[i] == '|') {
            if (k < max) {
                struct line cell = {l.s + b, i - b};
                cell = skip(cell, indent_of(cell));
                while (cell.n && is_space(cell.s[cell.n - 1]))
                    cell.n--;
                c[k++] = cell;
            }
            b = i + 1;
        }
    }
    return k;
}

/* The delimiter row "|---|:--:|--:|": each column's alignment ('l', 'c',
 * 'r', or 0); its column count, or 0 when l is not one. */
static size_t delimiter_row(struct line l, char *align, size_t max)
{
    struct line c[TABLE_COLS_MAX];
    if (!memchr(l.s, '-', l.n))
        return 0;
    size_t k = cells(l, c, max < TABLE_COLS_MAX ? max : TABLE_COLS_MAX);
    for (size_t i = 0; i < k; i++) {
        struct line x = c[i];
        int left = x.n && x.s[0] == ':', right = x.n && x.s[x.n - 1] == ':';
        size_t dashes = 0;
        for (size_t j = (size_t)left; j + (size_t)right < x.n; j++) {
            if (x.s[j] != '-')
                return 0;
            dashes++;
        }
        if (!dashes)
            return 0;
        align[i] = left && right ? 'c' : right ? 'r' : left ? 'l' : 0;
    }
    return k;
}

static int has_pipe(struct line l)
{
    return memchr(l.s, '|', l.n) != NULL;
}

static void table_row(struct html *h, FILE *o, struct line l, const char *align, size_t ncols, const char *tag)
{
    struct line c[TABLE_COLS_MAX];
    size_t k = cells(l, c, ncols);
    static const char *const style[] = {"", " class=\"l\"", " class=\"c\"", " class=\"r\""};
    fputs("<tr>", o);
    for (size_t i = 0; i < ncols; i++) {
        int a = align[i] == 'l' ? 1 : align[i] == 'c' ? 2 : align[i] == 'r' ? 3 : 0;
        fprintf(o, "<%s%s>", tag, style[a]);
        if (i < k)
            inlines(h, o, c[i].s, c[i].n);
        fprintf(o, "</%s>", tag);
    }
    fputs("</tr>\n", o);
}

/* A pipe table at L[0] (header) and L[1] (delimiter row); the lines used. */
static size_t table(struct html *h, FILE *o, const struct line *L, size_t n, size_t ncols, const char *align)
{
    fputs("<div class=\"table-wrap\"><table>\n<thead>", o);
    table_row(h, o, L[0], align, ncols, "th");
    fputs("</thead>\n<tbody>\n", o);
    size_t i = 2;
    for (; i < n && !blank(L[i]) && has_pipe(L[i]); i++)
        table_row(h, o, L[i], align, ncols, "td");
    fputs("</tbody></table></div>\n", o);
    return i;
}

/* A fenced code block at L[0]; the lines used. */
static size_t code_block(FILE *o, const struct line *L, size_t n, char ch, size_t k)
{
    size_t ind = indent_of(L[0]);
    struct line info = skip(L[0], ind + k);
    while (info.n && info.s[0] == ' ')
        info = skip(info, 1);
    size_t lang = 0;
    while (lang < info.n && !is_space(info.s[lang]) && info.s[lang] != '`')
        lang++;
    fputs("<pre><code", o);
    if (lang) {
        fputs(" class=\"language-", o);
        esc(o, info.s, lang);
        fputc('"', o);
    }
    fputc('>', o);
    size_t i = 1;
    for (; i < n; i++) {
        char c2;
        size_t k2;
        if (fence(L[i], &c2, &k2) && c2 == ch && k2 >= k && blank(skip(L[i], indent_of(L[i]) + k2)))
            break;
        size_t strip = indent_of(L[i]) < ind ? indent_of(L[i]) : ind;
        struct line l = skip(L[i], strip);
        esc(o, l.s, l.n);
        putc('\n', o);
    }
    fputs("</code></pre>\n", o);
    return i < n ? i + 1 : n;
}

/* A list from L[0]; the lines used.  Items are collected first, since
 * a blank line anywhere makes every item's paragraphs <p>s. */
static size_t list(struct html *h, FILE *o, const struct line *L, size_t n)
{
    struct marker m0, m;
    list_marker(L[0], &m0);
    struct line *sub = malloc(n * sizeof *sub);
    size_t *start = malloc((n + 1) * sizeof *start);
    if (!sub || !start) {
        free(sub);
        free(start);
        h->oom = 1;
        return n;
    }
    size_t i = 0, k = 0, items = 0;
    int loose = 0;
    while (i < n && list_marker(L[i], &m) && same_list(&m, &m0)) {
        start[items++] = k;
        sub[k++] = skip(L[i], m.width);
        size_t blanks = 0;
        for (i++; i < n; i++) {
            if (blank(L[i])) {
                blanks++;
                continue;
            }
            if (indent_of(L[i]) >= m.width) {
                if (blanks)
                    loose |= 1; /* a blank line between an item's blocks */
                for (; blanks; blanks--)
                    sub[k++] = (struct line){"", 0};
                sub[k++] = skip(L[i], m.width);
                continue;
            }
            if (blanks || interrupts(L[i]) || has_pipe(L[i]))
                break;
            sub[k++] = skip(L[i], indent_of(L[i])); /* a lazy continuation */
        }
        struct marker next;
        if (blanks && i < n && list_marker(L[i], &next) && same_list(&next, &m0))
            loose = 1;
    }
    start[items] = k;
    if (m0.ordered && m0.start != 1)
        fprintf(o, "<ol start=\"%lu\">\n", m0.start);
    else
        fputs(m0.ordered ? "<ol>\n" : "<ul>\n", o);
    for (size_t j = 0; j < items; j++) {
        fputs("<li>", o);
        blocks(h, o, sub + start[j], start[j + 1] - start[j], !loose);
        fputs("</li>\n", o);
    }
    fputs(m0.ordered ? "</ol>\n" : "</ul>\n", o);
    free(sub);
    free(start);
    return i;
}

static void blocks(struct html *h, FILE *o, const struct line *L, size_t n, int tight)
{
    if (h->nesting >= NEST_MAX) {
        paragraph(h, o, L, n, tight);
        return;
    }
    h->nesting++;
    for (size_t i = 0; i < n && !h->oom;) {
        struct line t;
        struct marker m;
        char ch, align[TABLE_COLS_MAX];
        size_t k, ncols;
        int level;
        if (blank(L[i])) {
            i++;
        } else if (fence(L[i], &ch, &k)) {
            i += code_block(o, L + i, n - i, ch, k);
        } else if ((level = heading(L[i], &t)) > 0) {
            heading_block(h, o, level, t);
            i++;
        } else if (rule(L[i])) {
            fputs("<hr>\n", o);
            i++;
        } else if (quote(L[i])) {
            size_t j = i;
            struct line *q = malloc(n * sizeof *q);
            if (!q) {
                h->oom = 1;
                return;
            }
            /* its lines, and lazy continuations of its paragraphs */
            for (; j < n && !blank(L[j]) && (j == i || quote(L[j]) || !interrupts(L[j])); j++)
                q[j - i] = quote(L[j]) ? unquote(L[j]) : L[j];
            fputs("<blockquote>\n", o);
            blocks(h, o, q, j - i, 0);
            fputs("</blockquote>\n", o);
            free(q);
            i = j;
        } else if (list_marker(L[i], &m)) {
            i += list(h, o, L + i, n - i);
        } else if (i + 1 < n && has_pipe(L[i]) && (ncols = delimiter_row(L[i + 1], align, TABLE_COLS_MAX)) > 0) {
            i += table(h, o, L + i, n - i, ncols, align);
        } else {
            size_t j = i + 1;
            while (j < n && !interrupts(L[j]))
                j++;
            paragraph(h, o, L + i, j - i, tight);
            i = j;
        }
    }
    h->nesting--;
}

/* ---- the page ----------------------------------------------------------------- */

/* Readable from the back of a lecture hall: large type, high contrast,
 * text at a comfortable measure, figures and tables at the full width,
 * tables scrolling sideways on narrow screens instead of squeezing. */
static const char css[] =
    ":root{--fg:#111;--muted:#555;--rule:#ccc;--bg:#fff;--code:#f3f3f3;--accent:#0b5394}\n"
    "html{font-size:clamp(17px,0.6vw + 13px,24px);-webkit-text-size-adjust:100%}\n"
    "body{margin:0;color:var(--fg);background:var(--bg);font-family:system-ui,-apple-system,'Segoe UI',"
    "'DejaVu Sans',sans-serif;line-height:1.55}\n"
    "main{max-width:72rem;margin:0 auto;padding:1.5rem clamp(0.8rem,3vw,3rem) 4rem}\n"
    "main>p,main>ul,main>ol,main>blockquote,main>h1,main>h2,main>h3{max-width:52rem}\n"
    "h1{font-size:2rem;line-height:1.2;margin:1rem 0 1.2rem}\n"
    "h2{font-size:1.5rem;margin:2.5rem 0 0.8rem;padding-bottom:0.2rem;border-bottom:2px solid var(--rule)}\n"
    "h3{font-size:1.2rem;margin:1.8rem 0 0.6rem}\n"
    "a{color:var(--accent)}\n"
    "code{font-family:'DejaVu Sans Mono',ui-monospace,monospace;font-size:0.9em;background:var(--code);"
    "padding:0.05em 0.3em;border-radius:3px}\n"
    "pre{background:var(--code);padding:0.8rem 1rem;overflow-x:auto;border-radius:4px}\n"
    "pre code{padding:0;background:none}\n"
    "blockquote{margin:1rem 0;padding:0.2rem 1.2rem;border-left:5px solid var(--rule);color:#222}\n"
    "li{margin:0.3rem 0}\n"
    ".table-wrap{overflow-x:auto;margin:1rem 0 1.5rem;border:1px solid var(--rule);border-radius:4px}\n"
    "table{border-collapse:collapse;font-size:0.85rem;font-variant-numeric:tabular-nums;min-width:100%}\n"
    "th,td{padding:0.35rem 0.7rem;border-bottom:1px solid #e3e3e3;text-align:left;vertical-align:top;"
    "white-space:nowrap}\n"
    "td:last-child{white-space:normal;min-width:12rem}\n"
    "th{background:#eef2f6;position:sticky;top:0}\n"
    "tbody tr:nth-child(even){background:#fafafa}\n"
    ".l{text-align:left}.c{text-align:center}.r{text-align:right}\n"
    "figure." HTML_FIGURE_CLASS "{margin:1rem 0 0.5rem;padding:0}\n"
    "figure .fig-svg,figure .fig-img{display:block;width:100%;height:auto;max-height:92vh;background:#fff}\n"
    ".fig-svg,.fig-img{max-width:100%;height:auto}\n"
    ".missing{color:#a00;font-weight:bold}\n"
    "nav.toc{max-width:52rem;margin:0 0 1.5rem;padding:0.6rem 1rem;font-size:0.9rem;background:#f6f8fa;"
    "border-radius:4px}\n"
    "nav.toc ol{margin:0.3rem 0;padding-left:1.8rem;columns:2 16rem;column-gap:2rem}\n"
    "nav.toc li{margin:0.15rem 0;break-inside:avoid}\n"
    "nav.toc .title{font-weight:bold;margin:0}\n"
    "@media print{html{font-size:11pt}th{position:static}.table-wrap{overflow:visible}nav.toc{display:none}}\n";

static void contents(const struct html *h, FILE *o)
{
    size_t n2 = 0;
    for (size_t i = 0; i < h->nheads; i++)
        n2 += h->heads[i].level == 2;
    if (n2 < TOC_MIN)
        return;
    fputs("<nav class=\"toc\" aria-label=\"Contents\"><p class=\"title\">Contents</p><ol>\n", o);
    for (size_t i = 0; i < h->nheads; i++)
        if (h->heads[i].level == 2) {
            fprintf(o, "<li><a href=\"#%s\">", h->heads[i].id);
            put_plain(o, h->heads[i].text, h->heads[i].n);
            fputs("</a></li>\n", o);
        }
    fputs("</ol></nav>\n", o);
}

int html_render(FILE *out, const char *md, size_t len, const char *base, struct err *e)
{
    struct html h = {.base = base, .toc_at = -1};
    size_t nl = 1;
    for (size_t i = 0; i < len; i++)
        nl += md[i] == '\n';
    struct line *L = malloc(nl * sizeof *L);
    char *body = NULL;
    size_t body_len = 0;
    FILE *o = open_memstream(&body, &body_len);
    if (!L || !o) {
        free(L);
        if (o)
            fclose(o);
        free(body);
        return err_set(e, EXIT_RUN_FAILED, "out of memory");
    }
    size_t n = 0;
    for (const char *p = md, *end = md + len; p < end;) {
        const char *q = memchr(p, '\n', (size_t)(end - p));
        q = q ? q : end;
        size_t k = (size_t)(q - p);
        if (k && p[k - 1] == '\r')
            k--;
        L[n++] = (struct line){p, k};
        p = q + 1;
    }
    blocks(&h, o, L, n, 0);
    int bad = ferror(o) | h.oom;
    bad |= fclose(o) != 0;
    if (!bad) {
        fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
              /* Self-contained by construction: the page may load nothing
               * (its images are inline SVG or data: URIs) and run nothing. */
              "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
              "style-src 'unsafe-inline'; img-src data:\">\n<title>",
              out);
        size_t t = 0;
        while (t < h.nheads && h.heads[t].level != 1)
            t++;
        t < h.nheads ? put_plain(out, h.heads[t].text, h.heads[t].n) : fputs("Report", out);
        fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", css);
        size_t at = h.toc_at >= 0 && (size_t)h.toc_at <= body_len ? (size_t)h.toc_at : 0;
        fputs("<main>\n", out);
        fwrite(body, 1, at, out);
        contents(&h, out);
        fwrite(body + at, 1, body_len - at, out);
        fputs("</main>\n</body>\n</html>\n", out);
    }
    free(body);
    free(L);
    free(h.heads);
    return bad ? err_set(e, EXIT_RUN_FAILED, "out of memory rendering HTML") : 0;
}

int html_write_file(const char *dir, const char *md_name, const char *html_name, struct err *e)
{
    char src[PATH_MAX], dst[PATH_MAX], tmp[PATH_MAX];
    text_clip(src, sizeof src, "%s/%s", dir, md_name);
    text_clip(dst, sizeof dst, "%s/%s", dir, html_name);
    text_clip(tmp, sizeof tmp, "%s/.%s.XXXXXX", dir, html_name);
    FILE *f = fopen(src, "rb");
    char *md = NULL;
    size_t len = 0;
    if (f) {
        FILE *m = open_memstream(&md, &len);
        char buf[65536];
        size_t k;
        while (m && (k = fread(buf, 1, sizeof buf, f)) > 0)
            fwrite(buf, 1, k, m);
        int bad = ferror(f) || !m;
        if (m)
            bad |= fclose(m) != 0;
        fclose(f);
        if (bad) {
            free(md);
            return err_set(e, EXIT_USAGE, "cannot read '%s'", src);
        }
    } else {
        return err_set(e, EXIT_USAGE, "cannot read '%s': %s", src, strerror(errno));
    }
    int fd = mkstemp(tmp);
    FILE *out = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!out) {
        int err = errno;
        if (fd >= 0) {
            close(fd);
            unlink(tmp);
        }
        free(md);
        return err_set(e, EXIT_RUN_FAILED, "cannot write '%s': %s", tmp, strerror(err));
    }
    /* mkstemp's 0600 would hide the page from others: the umask's mode */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    int rc = html_render(out, md, len, dir, e);
    free(md);
    int bad = ferror(out);
    bad |= fclose(out) != 0;
    if (!rc && bad)
        rc = err_set(e, EXIT_RUN_FAILED, "writing '%s' failed", tmp);
    if (!rc && rename(tmp, dst) != 0)
        rc = err_set(e, EXIT_RUN_FAILED, "cannot rename '%s' to '%s': %s", tmp, dst, strerror(errno));
    if (rc)
        unlink(tmp);
    return rc;
}
