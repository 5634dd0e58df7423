/* meta.h - values from the runner's meta.json.
 *
 * A small reader for the JSON the runner writes (objects, arrays, strings,
 * numbers, literals).  Every look-up tolerates absence: an older results
 * folder lacks the newer keys, and the analysis must still run. */
#ifndef STUDY_META_H
#define STUDY_META_H

#include <stddef.h>

/* The text of one JSON value, [p, end); p == NULL: no value. */
struct meta_span {
    const char *p, *end;
};

/* DIR/meta.json's whole text, malloc'd and NUL-terminated; NULL when it
 * cannot be read (the caller treats every key as absent). */
char *meta_load(const char *dir);

/* The top-level object of text; an empty span (every key absent) for NULL
 * text, text that is not an object, or an object cut off before its end. */
struct meta_span meta_doc(const char *text);

/* The value of key among obj's own members (not those of nested objects):
 * 0 and *val; -1 when obj is not an object or has no such key. */
int meta_find(struct meta_span obj, const char *key, struct meta_span *val);

/* key's value as a number: 0 and *out; -1 when absent or not a number
 * (*out is left alone, so the caller's default stays). */
int meta_number(struct meta_span obj, const char *key, double *out);

/* key's value as a boolean: 1 (true), 0 (false), -1 when absent or
 * another type. */
int meta_bool(struct meta_span obj, const char *key);

/* key's value as text: a string without its quotes (escapes reduced to
 * the escaped character), or a number or literal as written; "unknown"
 * when absent. */
void meta_get(struct meta_span obj, const char *key, char *out, size_t len);

/* The elements of an array, one per call: *cursor starts zeroed; returns 1
 * with the next element in *elem, 0 after the last (or when arr is not an
 * array). */
int meta_next(struct meta_span arr, struct meta_span *cursor, struct meta_span *elem);

#endif
