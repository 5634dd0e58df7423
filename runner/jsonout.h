/* jsonout.h - the values the runner puts in its JSON (meta.json), as
 * jansson values that always dump to valid JSON: a string that is not
 * valid UTF-8 (a host name, an argument, an environment variable can hold
 * any bytes) has each bad byte replaced by U+FFFD instead of being
 * refused, and a number that is not finite is null. */
#ifndef STUDY_JSONOUT_H
#define STUDY_JSONOUT_H

#include <jansson.h>

/* How the runner dumps JSON: indented, numbers with 6 significant digits
 * (what the timings and loads carry), keys in the order they were set. */
#define JSONOUT_FLAGS (JSON_INDENT(2) | JSON_REAL_PRECISION(6))

/* A string (NULL: null). */
json_t *jsonout_str(const char *s);
/* A real number; NaN and infinities are null. */
json_t *jsonout_num(double v);

#endif
