/* csv.c - the column tables and the appending RFC 4180 writer (csv.h). */
#include "csv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define COL_NAME(id, name, help) name,
const char *const csv_result_header[COL_COUNT] = {RESULT_COLUMNS(COL_NAME)};
const char *const csv_timeline_header[TL_COUNT] = {TIMELINE_COLUMNS(COL_NAME)};
const char *const csv_sample_header[SM_COUNT] = {SAMPLE_COLUMNS(COL_NAME)};
#undef COL_NAME

/* Longest header line we compare against; ours are far shorter. */
#define HEADER_LINE_MAX 4096

void csv_put_field(FILE *f, const char *s)
{
    if (!s)
        return;
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void put_row(FILE *f, const char *const *fields, size_t ncols)
{
    for (size_t i = 0; i < ncols; i++) {
        if (i)
            fputc(',', f);
        csv_put_field(f, fields[i]);
    }
    fputs("\r\n", f);
}

/* 1 when the first line of f is the header, 0 when it is not, -1 on a
 * read error. */
static int header_matches(FILE *f, const char *const *header, size_t ncols)
{
    char line[HEADER_LINE_MAX];
    if (!fgets(line, sizeof line, f))
        return ferror(f) ? -1 : 0;
    line[strcspn(line, "\r\n")] = '\0';
    char want[HEADER_LINE_MAX];
    size_t k = 0;
    for (size_t i = 0; i < ncols; i++) {
        int n = snprintf(want + k, sizeof want - k, "%s%s", i ? "," : "", header[i]);
        if (n < 0 || (size_t)n >= sizeof want - k)
            return 0;
        k += (size_t)n;
    }
    return strcmp(line, want) == 0;
}

int csv_open(struct csv_out *out, const char *path, const char *const *header, size_t ncols,
             struct err *e)
{
    *out = (struct csv_out){.f = stdout, .path = "-"};
    if (!path || strcmp(path, "-") == 0) {
        put_row(stdout, header, ncols);
        fflush(stdout);
        return 0;
    }
    struct stat st;
    bool exists = stat(path, &st) == 0;
    if (exists && S_ISDIR(st.st_mode))
        return err_set(e, EXIT_USAGE, "cannot write CSV '%s': it is a directory", path);
    /* Devices and pipes (/dev/stdout, /dev/full, a FIFO) have no header to
     * check: write one, as for a new file. */
    bool regular = exists && S_ISREG(st.st_mode);
    if (regular && st.st_size > 0) {
        FILE *r = fopen(path, "r");
        if (!r)
            return err_set(e, EXIT_USAGE, "cannot read CSV '%s': %s", path, strerror(errno));
        int m = header_matches(r, header, ncols);
        fclose(r);
        if (m != 1)
            return err_set(e, EXIT_USAGE, "CSV '%s' exists with a different header; not appending", path);
    }
    /* "e": close-on-exec, so no child (a model run by the study, its
     * workers) inherits a writable descriptor of the results. */
    FILE *f = fopen(path, "ae");
    if (!f)
        return err_set(e, EXIT_USAGE, "cannot write CSV '%s': %s", path, strerror(errno));
    *out = (struct csv_out){.f = f, .path = path, .created = !exists};
    if (!regular || st.st_size == 0) {
        put_row(f, header, ncols);
        if (fflush(f) != 0 || ferror(f)) {
            int saved = errno;
            csv_discard(out);
            return err_set(e, EXIT_RUN_FAILED, "writing CSV '%s': %s", path, strerror(saved));
        }
    }
    return 0;
}

int csv_write_row(struct csv_out *out, const char *const *fields, size_t ncols, struct err *e)
{
    put_row(out->f, fields, ncols);
    if (fflush(out->f) != 0 || ferror(out->f))
        return err_set(e, EXIT_RUN_FAILED, "writing CSV '%s': %s", out->path, strerror(errno));
    return 0;
}

int csv_close(struct csv_out *out, struct err *e)
{
    if (!out->f)
        return 0;
    FILE *f = out->f;
    out->f = NULL;
    if (f == stdout)
        return fflush(f) == 0 ? 0 : err_set(e, EXIT_RUN_FAILED, "writing stdout: %s", strerror(errno));
    if (fclose(f) != 0)
        return err_set(e, EXIT_RUN_FAILED, "writing CSV '%s': %s", out->path, strerror(errno));
    return 0;
}

void csv_discard(struct csv_out *out)
{
    if (!out->f)
        return;
    if (out->f != stdout) {
        fclose(out->f);
        if (out->created)
            unlink(out->path);
    }
    out->f = NULL;
}
