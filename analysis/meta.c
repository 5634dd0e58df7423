/* meta.c - values from meta.json (meta.h). */
#include "meta.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* meta.json is a few KiB; anything far larger is not ours. */
#define META_MAX_BYTES (16u << 20)

/* text parsed as an object, or NULL. */
static json_t *parse(const char *text, size_t len)
{
    json_error_t err;
    json_t *doc = json_loadb(text, len, 0, &err);
    if (!doc && json_error_code(&err) == json_error_numeric_overflow)
        doc = json_loadb(text, len, JSON_DECODE_INT_AS_REAL, &err);
    if (doc && !json_is_object(doc)) {
        json_decref(doc);
        doc = NULL;
    }
    return doc;
}

json_t *meta_parse(const char *text)
{
    return text ? parse(text, strlen(text)) : NULL;
}

json_t *meta_load(const char *dir)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/meta.json", dir);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *text = malloc(META_MAX_BYTES);
    size_t len = text ? fread(text, 1, META_MAX_BYTES, f) : 0;
    /* A file as large as the limit is not read at all: its end, and so
     * its closing brace, may lie beyond it. */
    json_t *doc = text && !ferror(f) && len < META_MAX_BYTES ? parse(text, len) : NULL;
    free(text);
    fclose(f);
    return doc;
}

json_t *meta_find(const json_t *obj, const char *key)
{
    return json_is_object(obj) ? json_object_get(obj, key) : NULL;
}

int meta_number(const json_t *obj, const char *key, double *out)
{
    const json_t *v = meta_find(obj, key);
    if (!json_is_number(v))
        return -1;
    *out = json_number_value(v);
    return 0;
}

int meta_bool(const json_t *obj, const char *key)
{
    const json_t *v = meta_find(obj, key);
    return json_is_boolean(v) ? json_is_true(v) : -1;
}

/* s[0 .. n) into out, cut to len - 1 bytes at most, never inside a UTF-8
 * character. */
static void copy_utf8(char *out, size_t len, const char *s, size_t n)
{
    if (n >= len) {
        n = len - 1;
        while (n && ((unsigned char)s[n] & 0xC0) == 0x80) /* s[n] continues a character */
            n--;
    }
    memcpy(out, s, n);
    out[n] = '\0';
}

/* The shortest "%.Ng" that reads back as v, as JSON writers print it. */
static void real_text(char *out, size_t len, double v)
{
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(out, len, "%.*g", prec, v);
        if (strtod(out, NULL) == v)
            return;
    }
}

void meta_get(const json_t *obj, const char *key, char *out, size_t len)
{
    const json_t *v = meta_find(obj, key);
    if (!len)
        return;
    if (!v) {
        snprintf(out, len, "unknown");
    } else if (json_is_string(v)) {
        copy_utf8(out, len, json_string_value(v), json_string_length(v));
    } else if (json_is_integer(v)) {
        snprintf(out, len, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    } else if (json_is_real(v)) {
        real_text(out, len, json_real_value(v));
    } else if (json_is_true(v) || json_is_false(v) || json_is_null(v)) {
        snprintf(out, len, "%s", json_is_true(v) ? "true" : json_is_false(v) ? "false" : "null");
    } else {
        char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
        copy_utf8(out, len, s ? s : "", s ? strlen(s) : 0);
        free(s);
    }
}
