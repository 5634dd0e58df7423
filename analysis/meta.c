/* meta.c - reads the runner's meta.json (see meta.h).  Scanning only: a
 * value is found by skipping whole values (strings with their escapes,
 * nested objects and arrays), so a key nested deeper is never mistaken
 * for one of the object's own. */
#include "meta.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* meta.json is a few KiB; anything far larger is not ours. */
#define META_MAX_BYTES (16u << 20)

char *meta_load(const char *dir)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/meta.json", dir);
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, len = 0;
    char *text = malloc(cap);
    while (text) {
        len += fread(text + len, 1, cap - 1 - len, f);
        if (len < cap - 1 || cap >= META_MAX_BYTES)
            break;
        char *more = realloc(text, cap * 2);
        if (!more) {
            free(text);
            text = NULL;
            break;
        }
        text = more;
        cap *= 2;
    }
    if (text && ferror(f)) {
        free(text);
        text = NULL;
    }
    fclose(f);
    if (text)
        text[len] = '\0';
    return text;
}

static const char *skip_ws(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    return p;
}

/* The end of the value starting at p (p < end); NULL when a string, object
 * or array is cut off before its end (a truncated file). */
static const char *value_end(const char *p, const char *end)
{
    if (*p == '"') {
        for (p++; p < end; p++) {
            if (*p == '\\' && p + 1 < end)
                p++;
            else if (*p == '"')
                return p + 1;
        }
        return NULL;
    }
    if (*p == '{' || *p == '[') {
        int depth = 0;
        for (; p < end; p++) {
            if (*p == '"') {
                const char *q = value_end(p, end);
                if (!q)
                    return NULL;
                p = q - 1;
            } else if (*p == '{' || *p == '[') {
                depth++;
            } else if (*p == '}' || *p == ']') {
                if (--depth == 0)
                    return p + 1;
            }
        }
        return NULL;
    }
    while (p < end && *p != ',' && *p != '}' && *p != ']' && *p != ' ' && *p != '\n' && *p != '\r' && *p != '\t')
        p++;
    return p;
}

/* A document whose top-level object is cut off is not read at all: a
 * value at the cut could look complete ("0.2" of "0.25"). */
struct meta_span meta_doc(const char *text)
{
    struct meta_span s = {NULL, NULL};
    if (!text)
        return s;
    const char *end = text + strlen(text), *p = skip_ws(text, end);
    if (p < end && *p == '{') {
        const char *e = value_end(p, end);
        if (e) {
            s.p = p;
            s.end = e;
        }
    }
    return s;
}

int meta_find(struct meta_span obj, const char *key, struct meta_span *val)
{
    if (!obj.p || obj.p >= obj.end || *obj.p != '{')
        return -1;
    const size_t klen = strlen(key);
    const char *p = obj.p + 1, *end = obj.end;
    for (;;) {
        p = skip_ws(p, end);
        if (p >= end || *p != '"')
            return -1;
        const char *k = p + 1, *kend = value_end(p, end);
        if (!kend)
            return -1;
        int match = kend - 1 - k == (long)klen && memcmp(k, key, klen) == 0;
        p = skip_ws(kend, end);
        if (p >= end || *p != ':')
            return -1;
        p = skip_ws(p + 1, end);
        if (p >= end)
            return -1;
        const char *vend = value_end(p, end);
        if (!vend)
            return -1;
        if (match) {
            val->p = p;
            val->end = vend;
            return 0;
        }
        p = skip_ws(vend, end);
        if (p >= end || *p != ',')
            return -1;
        p++;
    }
}

int meta_number(struct meta_span obj, const char *key, double *out)
{
    struct meta_span v;
    if (meta_find(obj, key, &v))
        return -1;
    char buf[64];
    size_t n = (size_t)(v.end - v.p);
    if (n == 0 || n >= sizeof buf)
        return -1;
    memcpy(buf, v.p, n);
    buf[n] = '\0';
    char *stop;
    errno = 0;
    double d = strtod(buf, &stop);
    if (*stop || errno == ERANGE || stop == buf)
        return -1;
    *out = d;
    return 0;
}

int meta_bool(struct meta_span obj, const char *key)
{
    struct meta_span v;
    if (meta_find(obj, key, &v))
        return -1;
    size_t n = (size_t)(v.end - v.p);
    if (n == 4 && !memcmp(v.p, "true", 4))
        return 1;
    if (n == 5 && !memcmp(v.p, "false", 5))
        return 0;
    return -1;
}

void meta_get(struct meta_span obj, const char *key, char *out, size_t len)
{
    struct meta_span v;
    snprintf(out, len, "unknown");
    if (meta_find(obj, key, &v))
        return;
    size_t k = 0;
    const char *p = v.p, *end = v.end;
    if (*p == '"') {
        for (p++, end--; p < end && k + 1 < len; p++) {
            if (*p == '\\' && p + 1 < end)
                p++;
            out[k++] = *p;
        }
    } else {
        while (p < end && k + 1 < len)
            out[k++] = *p++;
    }
    out[k] = '\0';
}

int meta_next(struct meta_span arr, struct meta_span *cursor, struct meta_span *elem)
{
    if (!arr.p || arr.p >= arr.end || *arr.p != '[')
        return 0;
    const char *p = cursor->p ? cursor->end : arr.p + 1, *end = arr.end;
    p = skip_ws(p, end);
    if (cursor->p) { /* after an element: a comma, or the end */
        if (p >= end || *p != ',')
            return 0;
        p = skip_ws(p + 1, end);
    }
    if (p >= end || *p == ']')
        return 0;
    const char *e = value_end(p, end);
    if (!e)
        return 0;
    elem->p = p;
    elem->end = e;
    *cursor = *elem;
    return 1;
}
