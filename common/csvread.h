/* csvread.h - a strict, bounded RFC 4180 reader for CSVs that people edit:
 * quoted fields (with "" for a quote, commas and line breaks inside), CRLF
 * or LF line ends, and errors that name the file and line.  Used by the
 * study runner (resume) and the analysis. */
#ifndef STUDY_CSVREAD_H
#define STUDY_CSVREAD_H

#include <stddef.h>
#include <stdio.h>

#include "err.h"

/* Longest record accepted; a longer one is an error, not a crash. */
#define CSVR_RECORD_MAX (1u << 20)
/* Most fields in one record. */
#define CSVR_FIELDS_MAX 256

struct csv_reader {
    FILE *f;
    const char *path;      /* for messages */
    unsigned long line;    /* line where the current record started (1-based) */
    unsigned long next_line;
    char *buf;             /* the record's fields, NUL-separated */
    size_t len, cap;
    char *fields[CSVR_FIELDS_MAX];
    size_t nfields;
};

/* Opens path for reading.  Owns the FILE until csvr_close. */
int csvr_open(struct csv_reader *r, const char *path, struct err *e);
/* Reads from memory (for tests and fuzzing): the reader copies nothing, so
 * data must outlive it. */
int csvr_open_mem(struct csv_reader *r, const char *data, size_t len, const char *name, struct err *e);

/* Next record into r->fields[0 .. r->nfields-1] (valid until the next
 * call).  Returns 1 for a record, 0 at the end, -1 on a malformed or
 * oversized record with *e naming "path:line". */
int csvr_next(struct csv_reader *r, struct err *e);

void csvr_close(struct csv_reader *r);

/* Every record of the CSV at path, the header first (index 0): fn(index,
 * fields, nfields, arg) for each until it returns non-zero.  Returns what
 * fn returned last (-1 when it failed, with *e set by it), 0 at the end,
 * or -1 with *e when the file cannot be read or a record is bad. */
int csvr_each(const char *path, int (*fn)(size_t index, char **fields, size_t n, void *arg), void *arg,
              struct err *e);

#endif
