/* meta.c - reads the runner's meta.json, a format we write ourselves. */
#include "meta.h"

#include <stdio.h>
#include <string.h>

/* The value of "key" in our own meta.json (searched from `from`): a string
 * without its quotes, or the raw number/literal; "unknown" when absent. */
void meta_get(const char *json, const char *from, const char *key, char *out, size_t len)
{
    snprintf(out, len, "unknown");
    if (!json)
        return;
    char pat[96];
    snprintf(pat, sizeof pat, "\"%s\": ", key);
    const char *p = strstr(from ? from : json, pat);
    if (!p)
        return;
    p += strlen(pat);
    size_t k = 0;
    if (*p == '"') {
        for (p++; *p && *p != '"' && k + 1 < len; p++) {
            if (*p == '\\' && p[1])
                p++;
            out[k++] = *p;
        }
    } else {
        while (*p && *p != ',' && *p != '\n' && *p != '}' && k + 1 < len)
            out[k++] = *p++;
    }
    out[k] = '\0';
}
