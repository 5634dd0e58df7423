/* out.c - how the analysis writes its files (out.h). */
#define _GNU_SOURCE
#include "out.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"
#include "text.h"

FILE *out_open(const char *dir, const char *name, char *path, struct err *e)
{
    text_clip(path, PATH_MAX, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        err_set(e, EXIT_RUN_FAILED, "cannot write '%s': %s", path, strerror(errno));
    return f;
}

int out_close(FILE *f, const char *path, struct err *e)
{
    if (ferror(f) | (fclose(f) != 0))
        return err_set(e, EXIT_RUN_FAILED, "writing '%s' failed", path);
    return 0;
}

void out_num(FILE *f, double v, const char *fmt)
{
    if (isfinite(v))
        fprintf(f, fmt, v);
}

void out_ratio(FILE *f, double r, double lo, double hi)
{
    if (!isfinite(r)) {
        fputs("-", f);
        return;
    }
    fprintf(f, "%.3gx", r);
    if (isfinite(lo) && isfinite(hi))
        fprintf(f, " [%.3g, %.3g]%s", lo, hi, stats_verdict(lo, hi) == STATS_UNSURE ? " ≈" : "");
    else
        fputs(" (no interval)", f);
}

size_t out_runs_for_level(void)
{
    static size_t runs;
    if (runs)
        return runs;
    double x[64];
    for (size_t i = 0; i < sizeof x / sizeof x[0]; i++)
        x[i] = (double)i;
    for (runs = 1; runs < sizeof x / sizeof x[0]; runs++) {
        double lo, hi, reached;
        stats_median_ci(x, runs, CATALOG_CI_LEVEL, &lo, &hi, &reached);
        if (reached >= CATALOG_CI_LEVEL)
            break;
    }
    return runs;
}

static int line_break(char c)
{
    return c == '\n' || c == '\r' || c == '\t';
}

void out_md_text(FILE *f, const char *s)
{
    for (const char *p = s; *p; p++) {
        if (line_break(*p)) {
            fputc(' ', f);
            continue;
        }
        /* an underscore between two letters or digits opens and closes
         * nothing (CommonMark's flanking rules): x86_64 stays as it is */
        int inert = *p == '_' && p > s && isalnum((unsigned char)p[-1]) && isalnum((unsigned char)p[1]);
        if (strchr("\\`*[]<|&_", *p) && !inert)
            fputc('\\', f);
        fputc(*p, f);
    }
}

void out_md_code(FILE *f, const char *s, int in_table)
{
    /* A pipe in a code span in a table: GFM splits the cell there unless
     * it is escaped, and md4c 0.4 then shows the backslash; as escaped
     * text it reads the same everywhere. */
    if (in_table && strchr(s, '|')) {
        out_md_text(f, s);
        return;
    }
    size_t run = 0, longest = 0, n = strlen(s);
    for (const char *p = s; *p; p++) {
        run = *p == '`' ? run + 1 : 0;
        longest = run > longest ? run : longest;
    }
    /* A space either side when the content would otherwise touch the
     * fence or lose its own outer spaces (a span strips one each side). */
    int pad = n && (s[0] == '`' || s[n - 1] == '`' || (s[0] == ' ' && s[n - 1] == ' ' && strspn(s, " ") < n));
    if (!n)
        pad = 1; /* "``" would be no span at all */
    for (size_t i = 0; i <= longest; i++)
        fputc('`', f);
    if (pad)
        fputc(' ', f);
    for (const char *p = s; *p; p++)
        fputc(line_break(*p) ? ' ' : *p, f);
    if (pad && n)
        fputc(' ', f);
    for (size_t i = 0; i <= longest; i++)
        fputc('`', f);
}

/* What print writes for s, into buf. */
static void into(char *buf, size_t len, const char *s, void (*print)(FILE *, const char *))
{
    char *text = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&text, &n);
    if (f) {
        print(f, s);
        if (fclose(f))
            n = 0;
    }
    text_clip(buf, len, "%.*s", (int)(text ? n : 0), text ? text : "");
    free(text);
}

static void md_code_plain(FILE *f, const char *s)
{
    out_md_code(f, s, 0);
}

void out_md_text_into(char *buf, size_t len, const char *s)
{
    into(buf, len, s, out_md_text);
}

void out_md_code_into(char *buf, size_t len, const char *s)
{
    into(buf, len, s, md_code_plain);
}
