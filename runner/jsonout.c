/* jsonout.c - JSON values that always dump (jsonout.h). */
#include "jsonout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The length of the valid UTF-8 sequence at p (RFC 3629: no overlong
 * forms, no surrogates, nothing past U+10FFFF), or 0. */
static size_t utf8_len(const unsigned char *p)
{
    unsigned char c = p[0];
    size_t n;
    unsigned char lo = 0x80, hi = 0xBF; /* the second byte's range */
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 3, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 4, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    else
        return 0;
    if (p[1] < lo || p[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (p[i] < 0x80 || p[i] > 0xBF)
            return 0;
    return n;
}

json_t *jsonout_str(const char *s)
{
    if (!s)
        return json_null();
    json_t *j = json_string(s);
    if (j)
        return j;
    /* Not UTF-8: each byte that starts no valid sequence becomes U+FFFD. */
    const unsigned char *p = (const unsigned char *)s;
    char *clean = malloc(3 * strlen(s) + 1), *q = clean;
    if (!clean)
        return NULL;
    while (*p) {
        size_t n = utf8_len(p);
        if (n) {
            memcpy(q, p, n);
            q += n, p += n;
        } else {
            memcpy(q, "\xEF\xBF\xBD", 3);
            q += 3, p++;
        }
    }
    *q = '\0';
    j = json_string(clean);
    free(clean);
    return j;
}

json_t *jsonout_num(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}
