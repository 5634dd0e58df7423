/* meta.h - values from the runner's meta.json, read with jansson.
 *
 * Every look-up tolerates absence: an older results folder lacks the
 * newer keys, a damaged or missing file has none, and the analysis must
 * still run.  The document is jansson's (json_t); arrays are walked with
 * json_array_get, which is NULL past the end or on a value that is not an
 * array. */
#ifndef STUDY_META_H
#define STUDY_META_H

#include <jansson.h>
#include <stddef.h>

/* DIR/meta.json parsed: an object, released with json_decref; NULL when
 * the file is missing, unreadable, not JSON or not an object (then every
 * key is absent).  An integer beyond 64 bits (a seed near 2^64) does not
 * lose the rest of the document: such a file is read with every number
 * as a double. */
json_t *meta_load(const char *dir);

/* The same from text (NULL: none). */
json_t *meta_parse(const char *text);

/* The value of key among obj's own members (not those of nested objects);
 * NULL when obj is not an object or has no such key. */
json_t *meta_find(const json_t *obj, const char *key);

/* key's value as a number: 0 and *out; -1 when absent or not a number
 * (null included; *out is left alone, so the caller's default stays). */
int meta_number(const json_t *obj, const char *key, double *out);

/* key's value as a boolean: 1 (true), 0 (false), -1 when absent or
 * another type. */
int meta_bool(const json_t *obj, const char *key);

/* key's value as text into out: a string as it reads (escapes decoded,
 * cut at a character boundary to fit len), a number as JSON writes it,
 * true, false or null; an object or array as compact JSON; "unknown" when
 * absent. */
void meta_get(const json_t *obj, const char *key, char *out, size_t len);

#endif
