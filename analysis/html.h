/* html.h - one self-contained HTML page from a markdown file.
 *
 * The Markdown is CommonMark with GitHub's pipe tables, parsed by md4c
 * (what report.md and compare.md use: headings, paragraphs, lists, tables
 * with alignment, code, block quotes, rules, emphasis, links, images,
 * escapes, hard breaks).  Raw HTML in the markdown is shown as text, never
 * passed through, and so are entities (&copy; reads as written).
 *
 * Every image is inlined, so the page needs no other file and no network
 * (its Content-Security-Policy forbids both): X.svg is embedded as <svg>
 * (svg.h: prolog and scripts stripped, ids prefixed per figure so that two
 * figures' ids cannot clash); X.png is drawn from X.svg beside it when
 * there is one, else embedded as a data: URI, as are JPEG and GIF.  Only
 * relative paths inside the markdown's folder are read (no '..', no
 * absolute path, no scheme); another image, or a missing file, becomes a
 * visible note in the page.  A paragraph that is one image is a <figure>.
 * Links stay links (relative ones resolve beside the page); a link with a
 * scheme other than http, https or mailto is shown as its text only.
 * Headings get ids, and from three level-2 headings on a table of
 * contents follows the first level-1 heading, whose text is the title.
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

/* Reads dir/md_name and writes dir/html_name whole or not at all
 * (common/atomic.h), so a reader never sees half a page.  0, or -1
 * with e set (EXIT_USAGE: md_name unreadable; EXIT_RUN_FAILED: cannot
 * write). */
int html_write_file(const char *dir, const char *md_name, const char *html_name, struct err *e);

#endif
