/* text.h - formatting where cutting is acceptable. */
#ifndef STUDY_TEXT_H
#define STUDY_TEXT_H

#include <stddef.h>

/* snprintf for paths under folders whose length is bounded, and for
 * one-line messages: the result may be cut to len - 1 bytes.  One place,
 * so the compiler's truncation warnings keep their meaning elsewhere. */
void text_clip(char *out, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
