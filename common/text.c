/* text.c - formatting where cutting is acceptable (text.h). */
#include "text.h"

#include <stdarg.h>
#include <stdio.h>

void text_clip(char *out, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out, len, fmt, ap);
    va_end(ap);
}
