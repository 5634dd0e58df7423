/* out.h - how bin/analyze and bin/compare write their files: opening and
 * closing an output with one error message each, numbers that may be
 * missing, ratios with their intervals, and text from outside (meta.json
 * values, folder names) made safe inside Markdown.
 *
 * A leaf: it knows files, numbers and Markdown, nothing of cells or
 * figures, so every writer above it may use it. */
#ifndef STUDY_OUT_H
#define STUDY_OUT_H

#include <stddef.h>
#include <stdio.h>

#include "catalog.h"
#include "err.h"

/* The percentile either side of a CATALOG_CI_PERCENT interval (2.5 at 95). */
#define OUT_CI_TAIL ((100 - CATALOG_CI_PERCENT) / 2.0)

/* The fewest runs whose median's order-statistic interval reaches
 * CATALOG_CI_LEVEL (6 at 95%; stats_median_ci's own count), which the
 * reports name where they say when an interval covers less. */
size_t out_runs_for_level(void);

/* Opens dir/name for writing; path receives the name (PATH_MAX). */
FILE *out_open(const char *dir, const char *name, char *path, struct err *e);
/* Closes f; fails when any write to it failed. */
int out_close(FILE *f, const char *path, struct err *e);

/* Prints v with fmt, or nothing (an empty CSV field) when v is not finite. */
void out_num(FILE *f, double v, const char *fmt);

/* "2.95x [2.80, 3.10]", " ≈" appended when the interval contains 1, "(no
 * interval)" without one, "-" for no value. */
void out_ratio(FILE *f, double r, double lo, double hi);

/* s as Markdown text that reads as written, in a paragraph or a table
 * cell: one line (a line break or tab becomes a space), and a backslash
 * before each character that would start markup or end a cell (` * [ ] <
 * | & \, and _ unless inside a word, where it starts nothing). */
void out_md_text(FILE *f, const char *s);

/* s as a Markdown code span, one line, fenced with more backticks than s
 * holds in a row; in_table: a value with a pipe is written as text
 * instead (out_md_text: GFM splits a table's cell at a pipe even inside
 * code, and no escape of it inside code reads the same in every
 * renderer). */
void out_md_code(FILE *f, const char *s, int in_table);

/* out_md_text's and out_md_code's text into buf (len bytes), cut to fit. */
void out_md_text_into(char *buf, size_t len, const char *s);
void out_md_code_into(char *buf, size_t len, const char *s);

#endif
