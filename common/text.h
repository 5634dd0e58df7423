/* text.h - formatting where cutting is acceptable. */
#ifndef STUDY_TEXT_H
#define STUDY_TEXT_H

#include <stddef.h>

/* snprintf for paths under folders whose length is bounded, and for
 * one-line messages: the result may be cut to len - 1 bytes.  One place,
 * so the compiler's truncation warnings keep their meaning elsewhere. */
void text_clip(char *out, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Appends to the string in buf (len bytes in all), cut to fit: captions and
 * sentences built piece by piece, whose buffers are sized for the longest
 * study, so a cut only ever shortens an over-long list. */
void text_cat(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
