/* html.c - markdown to one self-contained HTML page (html.h has the
 * contract).
 *
 * md4c parses the Markdown (CommonMark, with pipe tables; raw HTML off, so
 * it comes through as text) and calls back per block, span and run of
 * text; this file writes the HTML itself, because the page needs more than
 * markup: every image inlined (svg.c for SVG), a paragraph that is one
 * image made a <figure>, ids for the headings and their table of contents,
 * links only of the schemes a report may hold, and the head with its
 * Content-Security-Policy and style.  The body is written into memory
 * first, so that the contents can go after the title.
 */
#define _GNU_SOURCE
#include "html.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <md4c.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "atomic.h"
#include "svg.h"
#include "text.h"

/* Heading ids ("slugs") are cut to this length. */
#define SLUG_MAX 64
/* A table of contents is drawn from this many level-2 headings on. */
#define TOC_MIN 3
/* Blocks (and links) whose kind is remembered while they are open: a
 * deeper one is still rendered, only a tight list item's line ending is
 * then not known (a bound on memory, whatever the input). */
#define NEST_MAX 64
/* What md4c parses: CommonMark with pipe tables; raw HTML is text. */
#define MD_FLAGS (MD_FLAG_TABLES | MD_FLAG_NOHTML)

struct slug {
    char id[SLUG_MAX + 8];
    char *text; /* the heading's text, for the title and the contents */
    int level;
};

/* A growing string (a heading's or an image's text). */
struct buf {
    char *s;
    size_t n, cap;
};

struct html {
    const char *base;   /* images are read relative to this folder */
    FILE *body, *o;     /* the page's body; where output goes now (body, or the paragraph) */
    unsigned svgs;      /* inline SVGs so far: their id prefix */
    unsigned figures;   /* <figure>s so far: their ids */
    struct slug *heads; /* every heading, in order */
    size_t nheads, capheads;
    long toc_at;        /* where the contents go: after the first h1 */
    /* the open blocks, innermost last, and whether inline text has been
     * written straight into a (tight) list item since its last block */
    MD_BLOCKTYPE open[NEST_MAX];
    unsigned nopen;
    int li_inline;
    int in_code;        /* inside a code span: line breaks are spaces */
    int heading;        /* inside a heading: its text is collected */
    struct buf htext;
    /* a paragraph is written to para first: one image and nothing else
     * makes it a figure */
    FILE *para;
    char *ptext;
    size_t plen;
    unsigned p_images;
    int p_other;
    /* inside an image (images nest in alt text): its text is the alt */
    unsigned img;
    struct buf alt;
    /* each open link: whether its <a> was written (a refused scheme is not) */
    unsigned char a_written[NEST_MAX];
    unsigned nlinks;
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

static void buf_add(struct html *h, struct buf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t cap = (b->n + n + 1) * 2;
        char *p = realloc(b->s, cap);
        if (!p) {
            h->oom = 1;
            return;
        }
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

/* An attribute of md4c's (a link's destination or title) as a string:
 * entities as written (as in text, below), NUL as U+FFFD.  0 when it does
 * not fit in len. */
static int attribute(const MD_ATTRIBUTE *a, char *out, size_t len)
{
    size_t k = 0;
    for (unsigned i = 0; a->substr_offsets[i] < a->size; i++) {
        MD_OFFSET from = a->substr_offsets[i], to = a->substr_offsets[i + 1];
        const char *s = a->substr_types[i] == MD_TEXT_NULLCHAR ? "\xEF\xBF\xBD" : a->text + from;
        size_t n = a->substr_types[i] == MD_TEXT_NULLCHAR ? 3 : to - from;
        if (k + n >= len) {
            out[k] = '\0';
            return 0;
        }
        memcpy(out + k, s, n);
        k += n;
    }
    out[k] = '\0';
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

/* The image at path (as md4c resolved it), with its alt text: inlined. */
static void image(struct html *h, FILE *o, const char *alt, const char *path)
{
    char svg[PATH_MAX];
    if (!local_path(path)) {
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
        const char *root, *end;
        if (data && svg_find_root(data, len, &root, &end) == 0) {
            char pre[24];
            snprintf(pre, sizeof pre, "f%u-", ++h->svgs);
            /* the root: ours first (an attribute given twice keeps the first) */
            fputs("<svg class=\"fig-svg\" role=\"img\" aria-label=\"", o);
            escz(o, alt);
            fputc('"', o);
            h->oom |= svg_copy(o, root, end, pre) != 0;
            free(data);
            return;
        }
        free(data);
    }
    char *data = mime ? read_image(h->base, path, &len) : NULL;
    if (!data) {
        missing_image(o, mime || (dot && !strcasecmp(dot, ".svg")) ? "image missing or unreadable"
                                                                   : "image type not inlined",
                      path);
        return;
    }
    fprintf(o, "<img class=\"fig-img\" alt=\"");
    escz(o, alt);
    fprintf(o, "\" src=\"data:%s;base64,", mime);
    base64(o, (const unsigned char *)data, len);
    fputs("\">", o);
    free(data);
}

/* ---- md4c's callbacks ------------------------------------------------------- */

/* An id for a heading: lower-case letters, digits and hyphens, unique in
 * the page (a repeat gets -2, -3, ...). */
static void slugify(struct html *h, const char *s, char *id)
{
    size_t k = 0;
    for (; *s && k < SLUG_MAX; s++) {
        unsigned char c = (unsigned char)*s;
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

/* A heading ends: its id, its text kept for the title and the contents;
 * its markup was written into the paragraph buffer, now placed. */
static void heading_end(struct html *h, int level)
{
    char *text = h->htext.s ? h->htext.s : strdup("");
    h->htext = (struct buf){0};
    if (h->nheads == h->capheads) {
        size_t cap = h->capheads ? 2 * h->capheads : 32;
        struct slug *p = realloc(h->heads, cap * sizeof *p);
        if (!p || !text) {
            free(p ? NULL : text);
            h->heads = p ? p : h->heads;
            h->oom = 1;
            return;
        }
        h->heads = p;
        h->capheads = cap;
    }
    struct slug *sl = &h->heads[h->nheads];
    slugify(h, text, sl->id);
    sl->text = text;
    sl->level = level;
    h->nheads++;
    fprintf(h->body, "<h%d id=\"%s\">", level, sl->id);
}

/* Inline content goes to h->o; in a tight list item it runs to the next
 * block or the item's end, which then end its line. */
static void inline_starts(struct html *h)
{
    if (h->nopen && h->nopen <= NEST_MAX && h->open[h->nopen - 1] == MD_BLOCK_LI)
        h->li_inline = 1;
}

static void end_inline_line(struct html *h)
{
    if (h->li_inline)
        fputc('\n', h->o);
    h->li_inline = 0;
}

/* The paragraph's or heading's own stream, for what is placed at its end. */
static int open_para(struct html *h)
{
    h->ptext = NULL;
    h->plen = 0;
    h->p_images = 0;
    h->p_other = 0;
    h->para = open_memstream(&h->ptext, &h->plen);
    if (!h->para)
        return h->oom = 1, -1;
    h->o = h->para;
    return 0;
}

/* Closes the paragraph's stream: its text, or NULL (out of memory). */
static char *close_para(struct html *h)
{
    h->o = h->body;
    int bad = fclose(h->para) != 0;
    h->para = NULL;
    if (bad) {
        free(h->ptext);
        h->oom = 1;
        return NULL;
    }
    return h->ptext;
}

static int enter_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
    struct html *h = userdata;
    FILE *o = h->o;
    end_inline_line(h);
    if (h->nopen < NEST_MAX)
        h->open[h->nopen] = type;
    h->nopen++;
    switch (type) {
    case MD_BLOCK_QUOTE: fputs("<blockquote>\n", o); break;
    case MD_BLOCK_UL: fputs("<ul>\n", o); break;
    case MD_BLOCK_OL: {
        const MD_BLOCK_OL_DETAIL *d = detail;
        if (d->start != 1)
            fprintf(o, "<ol start=\"%u\">\n", d->start);
        else
            fputs("<ol>\n", o);
        break;
    }
    case MD_BLOCK_LI: fputs("<li>", o); break;
    case MD_BLOCK_HR: fputs("<hr>\n", o); break;
    case MD_BLOCK_H:
        h->heading = 1;
        return open_para(h);
    case MD_BLOCK_CODE: {
        const MD_BLOCK_CODE_DETAIL *d = detail;
        char lang[256];
        fputs("<pre><code", o);
        if (d->lang.size && attribute(&d->lang, lang, sizeof lang)) {
            fputs(" class=\"language-", o);
            escz(o, lang);
            fputc('"', o);
        }
        fputc('>', o);
        break;
    }
    case MD_BLOCK_P: return open_para(h);
    case MD_BLOCK_TABLE: fputs("<div class=\"table-wrap\"><table>\n", o); break;
    case MD_BLOCK_THEAD: fputs("<thead>", o); break;
    case MD_BLOCK_TR: fputs("<tr>", o); break;
    case MD_BLOCK_TH:
    case MD_BLOCK_TD: {
        static const char *const align[] = {"", " class=\"l\"", " class=\"c\"", " class=\"r\""};
        const MD_BLOCK_TD_DETAIL *d = detail;
        fprintf(o, "<%s%s>", type == MD_BLOCK_TH ? "th" : "td", align[d->align <= MD_ALIGN_RIGHT ? d->align : 0]);
        break;
    }
    default: break; /* the document; a table's body: written with its head */
    }
    return 0;
}

static int leave_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
    struct html *h = userdata;
    const MD_BLOCK_H_DETAIL *hd = detail;
    FILE *o = h->o;
    if (type == MD_BLOCK_LI)
        end_inline_line(h);
    h->li_inline = 0;
    h->nopen--;
    switch (type) {
    case MD_BLOCK_QUOTE: fputs("</blockquote>\n", o); break;
    case MD_BLOCK_UL: fputs("</ul>\n", o); break;
    case MD_BLOCK_OL: fputs("</ol>\n", o); break;
    case MD_BLOCK_LI: fputs("</li>\n", o); break;
    case MD_BLOCK_H: {
        char *text = close_para(h);
        h->heading = 0;
        heading_end(h, (int)hd->level);
        fwrite(text ? text : "", 1, text ? h->plen : 0, h->body);
        fprintf(h->body, "</h%u>\n", hd->level);
        free(text);
        if (hd->level == 1 && h->toc_at < 0)
            h->toc_at = ftell(h->body);
        break;
    }
    case MD_BLOCK_CODE: fputs("</code></pre>\n", o); break;
    case MD_BLOCK_P: {
        /* A paragraph that is one image is a figure. */
        int figure = h->p_images == 1 && !h->p_other;
        char *text = close_para(h);
        /* written as bytes: an inlined SVG may hold a NUL */
        if (figure)
            fprintf(h->body, "<figure class=\"%s\" id=\"figure-%u\">", HTML_FIGURE_CLASS, ++h->figures);
        else
            fputs("<p>", h->body);
        fwrite(text ? text : "", 1, text ? h->plen : 0, h->body);
        fputs(figure ? "</figure>\n" : "</p>\n", h->body);
        free(text);
        break;
    }
    case MD_BLOCK_TABLE: fputs("</tbody></table></div>\n", o); break;
    case MD_BLOCK_THEAD: fputs("</thead>\n<tbody>\n", o); break;
    case MD_BLOCK_TR: fputs("</tr>\n", o); break;
    case MD_BLOCK_TH: fputs("</th>", o); break;
    case MD_BLOCK_TD: fputs("</td>", o); break;
    default: break;
    }
    return 0;
}

/* The spans that are one element of their own name. */
static const char *const span_tags[] = {[MD_SPAN_EM] = "em", [MD_SPAN_STRONG] = "strong", [MD_SPAN_CODE] = "code"};

static int enter_span(MD_SPANTYPE type, void *detail, void *userdata)
{
    struct html *h = userdata;
    inline_starts(h);
    if (h->img) { /* inside an image's alt text: its text only */
        h->img += type == MD_SPAN_IMG;
        return 0;
    }
    if (type == MD_SPAN_IMG)
        h->p_images++;
    else
        h->p_other = 1;
    h->in_code |= type == MD_SPAN_CODE;
    switch (type) {
    case MD_SPAN_EM:
    case MD_SPAN_STRONG:
    case MD_SPAN_CODE: fprintf(h->o, "<%s>", span_tags[type]); break;
    case MD_SPAN_A: {
        const MD_SPAN_A_DETAIL *d = detail;
        char url[PATH_MAX], title[PATH_MAX];
        int ok = attribute(&d->href, url, sizeof url) && url_allowed(url);
        if (h->nlinks < NEST_MAX)
            h->a_written[h->nlinks] = (unsigned char)ok;
        h->nlinks++;
        if (!ok || h->nlinks > NEST_MAX)
            break; /* a refused link is its text only */
        fputs("<a href=\"", h->o);
        put_url(h->o, url);
        fputc('"', h->o);
        if (d->title.size && attribute(&d->title, title, sizeof title)) {
            fputs(" title=\"", h->o);
            escz(h->o, title);
            fputc('"', h->o);
        }
        fputc('>', h->o);
        break;
    }
    case MD_SPAN_IMG: h->img = 1; break;
    default: break;
    }
    return 0;
}

static int leave_span(MD_SPANTYPE type, void *detail, void *userdata)
{
    struct html *h = userdata;
    if (h->img && (type != MD_SPAN_IMG || --h->img))
        return 0;
    h->in_code &= type != MD_SPAN_CODE;
    switch (type) {
    case MD_SPAN_EM:
    case MD_SPAN_STRONG:
    case MD_SPAN_CODE: fprintf(h->o, "</%s>", span_tags[type]); break;
    case MD_SPAN_A:
        h->nlinks--;
        if (h->nlinks < NEST_MAX && h->a_written[h->nlinks])
            fputs("</a>", h->o);
        break;
    case MD_SPAN_IMG: {
        const MD_SPAN_IMG_DETAIL *d = detail;
        char path[PATH_MAX - 16];
        if (!attribute(&d->src, path, sizeof path))
            missing_image(h->o, "image not inlined, not a file beside the report", path);
        else
            image(h, h->o, h->alt.s ? h->alt.s : "", path);
        free(h->alt.s);
        h->alt = (struct buf){0};
        break;
    }
    default: break;
    }
    return 0;
}

static int text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE n, void *userdata)
{
    struct html *h = userdata;
    if (type == MD_TEXT_NULLCHAR) {
        s = "\xEF\xBF\xBD";
        n = 3;
    } else if (type == MD_TEXT_BR || type == MD_TEXT_SOFTBR) {
        /* in a code span or an alt text a line break is a space */
        s = h->in_code || h->img ? " " : type == MD_TEXT_SOFTBR ? "\n" : "<br>\n";
        n = (MD_SIZE)strlen(s);
    }
    if (h->img) {
        buf_add(h, &h->alt, s, n);
        return 0;
    }
    if (type != MD_TEXT_CODE || h->in_code)
        inline_starts(h);
    for (MD_SIZE i = 0; i < n && !h->p_other; i++)
        h->p_other = !isspace((unsigned char)s[i]);
    if (h->heading && type != MD_TEXT_BR && type != MD_TEXT_SOFTBR)
        buf_add(h, &h->htext, s, n);
    if (type == MD_TEXT_BR && !h->in_code)
        fputs(s, h->o);
    else if (h->in_code) /* a code span is one line */
        for (MD_SIZE i = 0; i < n; i++)
            s[i] == '\n' ? fputc(' ', h->o) : esc(h->o, s + i, 1);
    else /* entities as written, as text: the page shows what the Markdown says */
        esc(h->o, s, n);
    return 0;
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
            escz(o, h->heads[i].text);
            fputs("</a></li>\n", o);
        }
    fputs("</ol></nav>\n", o);
}

int html_render(FILE *out, const char *md, size_t len, const char *base, struct err *e)
{
    struct html h = {.base = base, .toc_at = -1};
    char *body = NULL;
    size_t body_len = 0;
    if (len > UINT_MAX)
        return err_set(e, EXIT_RUN_FAILED, "markdown of %zu bytes is too long to render", len);
    /* md4c 0.4.8 may read the byte just past the text it is given (a
     * link's ')' there is taken as the link's end: the fuzzer found it):
     * it parses a copy whose next byte is a NUL, which ends nothing. */
    char *text0 = malloc(len + 1);
    h.body = h.o = text0 ? open_memstream(&body, &body_len) : NULL;
    if (!h.body) {
        free(text0);
        return err_set(e, EXIT_RUN_FAILED, "out of memory");
    }
    memcpy(text0, md, len);
    text0[len] = '\0';
    const MD_PARSER parser = {0, MD_FLAGS, enter_block, leave_block, enter_span, leave_span, text, NULL, NULL};
    int bad = md_parse(text0, (MD_SIZE)len, &parser, &h) != 0;
    free(text0);
    if (h.para) /* md4c stopped inside a paragraph */
        free(close_para(&h));
    bad |= ferror(h.body) | h.oom;
    bad |= fclose(h.body) != 0;
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
        escz(out, t < h.nheads ? h.heads[t].text : "Report");
        fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", css);
        size_t at = h.toc_at >= 0 && (size_t)h.toc_at <= body_len ? (size_t)h.toc_at : 0;
        fputs("<main>\n", out);
        fwrite(body, 1, at, out);
        contents(&h, out);
        fwrite(body + at, 1, body_len - at, out);
        fputs("</main>\n</body>\n</html>\n", out);
    }
    free(body);
    for (size_t i = 0; i < h.nheads; i++)
        free(h.heads[i].text);
    free(h.heads);
    free(h.htext.s);
    free(h.alt.s);
    return bad ? err_set(e, EXIT_RUN_FAILED, "out of memory rendering HTML") : 0;
}

int html_write_file(const char *dir, const char *md_name, const char *html_name, struct err *e)
{
    char src[PATH_MAX], dst[PATH_MAX];
    text_clip(src, sizeof src, "%s/%s", dir, md_name);
    text_clip(dst, sizeof dst, "%s/%s", dir, html_name);
    FILE *f = fopen(src, "rb");
    if (!f)
        return err_set(e, EXIT_USAGE, "cannot read '%s': %s", src, strerror(errno));
    char *md = NULL;
    size_t len = 0;
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
    struct atomic_file out;
    int rc = atomic_open(&out, dst, e);
    if (!rc && html_render(out.f, md, len, dir, e)) {
        atomic_abort(&out);
        rc = -1;
    } else if (!rc) {
        rc = atomic_commit(&out, e);
    }
    free(md);
    return rc;
}
