/* svg.c - an SVG file made safe to sit inside a page (svg.h). */
#define _GNU_SOURCE
#include "svg.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
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

struct slice {
    const char *s;
    size_t n;
};

/* The ids an SVG has given so far: slices of its text. */
struct ids {
    struct slice *v;
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
        struct slice *v = realloc(ids->v, cap * sizeof *v);
        if (!v) {
            ids->oom = 1;
            return 0;
        }
        ids->v = v;
        ids->cap = cap;
    }
    ids->v[ids->n++] = (struct slice){id, n};
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

int svg_find_root(const char *s, size_t n, const char **root_out, const char **end_out)
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
    *root_out = root;
    *end_out = last + 6;
    return 0;
}

int svg_copy(FILE *o, const char *root, const char *end, const char *pre)
{
    const char *rend = tag_end(root, end);
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
    return ids.oom ? -1 : 0;
}
