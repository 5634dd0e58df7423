/* svg.h - an SVG file as an element of an HTML page (html.c inlines each
 * figure so that the page needs no other file).
 *
 * What is copied is made safe to sit beside other figures and to run
 * nothing: the prolog (XML declaration, DOCTYPE and its internal subset)
 * is left out, <script> elements and on* event attributes are dropped,
 * and every id, and every reference to one (href="#x", xlink:href,
 * url(#x) in attributes and CSS), is prefixed, so that two figures' ids
 * cannot clash; an id the file itself repeats (gnuplot's multiplots) gets
 * a suffix.  Any bytes are read within their bounds. */
#ifndef STUDY_SVG_H
#define STUDY_SVG_H

#include <stddef.h>
#include <stdio.h>

/* The root element of the SVG text s[0 .. n): 0 with *root at its "<svg"
 * and *end just past the last "</svg>"; -1 when the text is not an SVG
 * (something other than a prolog before the root, or no root). */
int svg_find_root(const char *s, size_t n, const char **root, const char **end);

/* The root's own attributes and its content, to follow the "<svg" and
 * the attributes the caller wrote first (an attribute given twice keeps
 * the first): a viewBox from the root's width and height when it has none
 * (so that CSS can scale it), then [root + 4, end) with every id prefixed
 * by pre.  0, or -1 when out of memory (the output is then incomplete). */
int svg_copy(FILE *o, const char *root, const char *end, const char *pre);

#endif
