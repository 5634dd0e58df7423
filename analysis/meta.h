/* meta.h - values from the runner's meta.json. */
#ifndef STUDY_META_H
#define STUDY_META_H

#include <stddef.h>

/* The value of "key" in json, searched from `from` (NULL: the start): a
 * string without its quotes, or the raw number/literal; "unknown" when
 * json is NULL or the key is absent. */
void meta_get(const char *json, const char *from, const char *key, char *out, size_t len);

#endif
