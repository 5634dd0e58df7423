/* html.h - one self-contained HTML page from a markdown file.
 *
 * The subset of markdown that report.md and compare.md use: ATX headings,
 * paragraphs, bullet and ordered lists (nested, loose or tight), pipe
 * tables with alignment, fenced code blocks, block quotes, rules; inline
 * code, **bold**, *italic*, links, images, backslash escapes, hard breaks.
 * Raw HTML in the markdown is shown as text, never passed through.
 *
 * Every image is inlined, so the page needs no other file and no network
 * (its Content-Security-Policy forbids both): X.svg is embedded as <svg>
 * (XML prolog, DOCTYPE and scripts stripped, ids prefixed per figure so
 * that two figures' ids cannot clash); X.png is drawn from X.svg beside it
 * when there is one, else embedded as a data: URI, as are JPEG and GIF.
 * Only relative paths inside the markdown's folder are read (no '..', no
 * absolute path, no scheme); another image, or a missing file, becomes a
 * visible note in the page.  A paragraph that is one image is a <figure>.
 * Links stay links (relative ones resolve beside the page); a link with a
 * scheme other than http, https or mailto is shown as its text only.
 */
#ifndef STUDY_HTML_H
#define STUDY_HTML_H

#include <stddef.h>
#include <stdio.h>

#include "err.h"

/* The class of the <figure> that wraps a paragraph made of one image; the
 * rendering test looks figures up by it. */
#define HTML_FIGURE_CLASS "figure"
/* Images larger than this are not inlined (a note says so). */
#define HTML_IMAGE_MAX_BYTES (32u << 20)

/* Writes the page for md[0..len) to out; images are read relative to
 * base (a folder).  The title is the first heading's text.  0, or -1 with
 * e set (out of memory; a write error shows when out is closed). */
int html_render(FILE *out, const char *md, size_t len, const char *base, struct err *e);

/* Reads dir/md_name and writes dir/html_name through a temporary file in
 * dir renamed into place, so a reader never sees half a page.  0, or -1
 * with e set (EXIT_USAGE: md_name unreadable; EXIT_RUN_FAILED: cannot
 * write). */
int html_write_file(const char *dir, const char *md_name, const char *html_name, struct err *e);

#endif
