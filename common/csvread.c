/* csvread.c - the strict, bounded RFC 4180 reader (csvread.h). */
#include "csvread.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define INITIAL_CAP 256

int csvr_open(struct csv_reader *r, const char *path, struct err *e)
{
    *r = (struct csv_reader){.path = path, .next_line = 1};
    r->f = fopen(path, "rb");
    if (!r->f)
        return err_set(e, EXIT_USAGE, "cannot read '%s': %s", path, strerror(errno));
    return 0;
}

int csvr_open_mem(struct csv_reader *r, const char *data, size_t len, const char *name, struct err *e)
{
    *r = (struct csv_reader){.path = name, .next_line = 1};
    if (len == 0) {
        /* fmemopen refuses a zero-length buffer; an empty file has no
         * records, which a NULL stream reports below. */
        return 0;
    }
    r->f = fmemopen((void *)data, len, "rb");
    if (!r->f)
        return err_set(e, EXIT_RUN_FAILED, "cannot read '%s' from memory: %s", name, strerror(errno));
    return 0;
}

static int put(struct csv_reader *r, char c, struct err *e)
{
    if (r->len + 1 >= r->cap) {
        if (r->cap >= CSVR_RECORD_MAX)
            return err_set(e, EXIT_USAGE, "%s:%lu: record longer than %u bytes", r->path, r->line,
                           CSVR_RECORD_MAX);
        size_t cap = r->cap ? r->cap * 2 : INITIAL_CAP;
        char *b = realloc(r->buf, cap);
        if (!b)
            return err_set(e, EXIT_RUN_FAILED, "%s:%lu: out of memory", r->path, r->line);
        r->buf = b;
        r->cap = cap;
    }
    r->buf[r->len++] = c;
    return 0;
}

/* Ends the current field; offsets become pointers once the record ends
 * (the buffer may move while it grows). */
static int end_field(struct csv_reader *r, size_t *starts, struct err *e)
{
    if (r->nfields >= CSVR_FIELDS_MAX)
        return err_set(e, EXIT_USAGE, "%s:%lu: more than %d fields", r->path, r->line, CSVR_FIELDS_MAX);
    if (put(r, '\0', e))
        return -1;
    r->nfields++;
    starts[r->nfields] = r->len;
    return 0;
}

int csvr_next(struct csv_reader *r, struct err *e)
{
    if (!r->f)
        return 0;
    size_t starts[CSVR_FIELDS_MAX + 1];
    r->len = 0;
    r->nfields = 0;
    starts[0] = 0;
    r->line = r->next_line;
    int c = getc(r->f);
    if (r->line == 1 && c == 0xEF) {
        /* A UTF-8 byte-order mark, as spreadsheets save it, is not data. */
        int c2 = getc(r->f), c3 = c2 == 0xBB ? getc(r->f) : EOF;
        if (c2 == 0xBB && c3 == 0xBF) {
            c = getc(r->f);
        } else {
            if (c3 != EOF)
                ungetc(c3, r->f);
            if (c2 != EOF && c2 != 0xBB)
                ungetc(c2, r->f);
            else if (c2 == 0xBB)
                return err_set(e, EXIT_USAGE, "%s:1: a broken byte-order mark", r->path);
        }
    }
    if (c == EOF)
        return ferror(r->f) ? err_set(e, EXIT_RUN_FAILED, "%s: read error", r->path) : 0;
    enum { FIELD_START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED } st = FIELD_START;
    for (;; c = getc(r->f)) {
        if (c == '\0')
            return err_set(e, EXIT_USAGE, "%s:%lu: NUL byte in the data", r->path, r->next_line);
        if (st == QUOTED) {
            if (c == EOF)
                return err_set(e, EXIT_USAGE, "%s:%lu: quoted field never closed", r->path, r->line);
            if (c == '"') {
                st = QUOTE_IN_QUOTED;
                continue;
            }
            if (c == '\n')
                r->next_line++;
            if (put(r, (char)c, e))
                return -1;
            continue;
        }
        if (st == QUOTE_IN_QUOTED) {
            if (c == '"') { /* "" inside quotes: one quote */
                st = QUOTED;
                if (put(r, '"', e))
                    return -1;
                continue;
            }
            st = UNQUOTED; /* the closing quote; what follows must end the field */
            if (c != ',' && c != '\r' && c != '\n' && c != EOF)
                return err_set(e, EXIT_USAGE, "%s:%lu: text after a closing quote in field %zu", r->path,
                               r->next_line, r->nfields + 1);
        }
        if (c == ',') {
            if (end_field(r, starts, e))
                return -1;
            st = FIELD_START;
            continue;
        }
        if (c == '\r') {
            int d = getc(r->f);
            if (d != '\n' && d != EOF)
                ungetc(d, r->f); /* a lone CR ends the record too */
            c = '\n';
        }
        if (c == '\n' || c == EOF) {
            if (c == '\n')
                r->next_line++;
            if (end_field(r, starts, e))
                return -1;
            break;
        }
        if (c == '"') {
            if (st != FIELD_START)
                return err_set(e, EXIT_USAGE, "%s:%lu: quote inside an unquoted field %zu", r->path,
                               r->next_line, r->nfields + 1);
            st = QUOTED;
            continue;
        }
        st = UNQUOTED;
        if (put(r, (char)c, e))
            return -1;
    }
    for (size_t i = 0; i < r->nfields; i++)
        r->fields[i] = r->buf + starts[i];
    return 1;
}

void csvr_close(struct csv_reader *r)
{
    if (r->f)
        fclose(r->f);
    free(r->buf);
    *r = (struct csv_reader){0};
}

int csvr_each(const char *path, int (*fn)(size_t index, char **fields, size_t n, void *arg), void *arg,
              struct err *e)
{
    struct csv_reader r;
    if (csvr_open(&r, path, e))
        return -1;
    int got, rc = 0;
    for (size_t i = 0; rc == 0 && (got = csvr_next(&r, e)) == 1; i++)
        rc = fn(i, r.fields, r.nfields, arg);
    csvr_close(&r);
    return rc ? rc : got < 0 ? -1 : 0;
}
