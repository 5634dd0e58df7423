/* test_cli_e2e.c - the model binaries' command line end to end: bad input
 * exits 2 with one line naming the model and writes nothing; a CSV or
 * timeline that cannot be written, or has another header, is refused and
 * left as it was; good input appends verified rows (CRLF), a timeline row
 * per worker per run, and -h and -V exit 0. */
#define _GNU_SOURCE
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "tests.h"

#define ARGV_MAX 32

/* True when the text is exactly one non-empty line ending in '\n'. */
static bool one_line(const char *s, size_t len)
{
    return len >= 2 && s[len - 1] == '\n' && memchr(s, '\n', len) == s + len - 1;
}

/* Runs $STUDY_BIN/model with the arguments (NULL-terminated). */
static int run_model(struct proc *p, const char *model, const char *const *args)
{
    int rc = run_tool(model, args, p);
    CHECK(rc == 0, "could not run %s from STUDY_BIN (run through `make test`)", model);
    return rc;
}

/* One bad-input case: exit 2, one line naming the model, no -o file. */
static void expect_usage(const char *model, const char *const *extra)
{
    char *dir = tmpdir_make();
    if (!CHECK(dir != NULL, "mkdtemp failed"))
        return;
    char csv[PATH_MAX];
    path_in(csv, dir, "out.csv");
    const char *args[ARGV_MAX + 1] = {"-q", "-o", csv};
    size_t n = 3;
    for (; *extra && n < ARGV_MAX; extra++)
        /* @DIR: a directory of our own; @CSV: the -o file itself */
        args[n++] = strcmp(*extra, "@DIR") == 0 ? dir : strcmp(*extra, "@CSV") == 0 ? csv : *extra;
    args[n] = NULL;
    struct proc p;
    if (run_model(&p, model, args) == 0) {
        char what[256] = "";
        for (size_t i = 3; i < n; i++)
            snprintf(what + strlen(what), sizeof what - strlen(what), " %s", args[i]);
        CHECK(p.exited && p.code == EXIT_USAGE, "%s%s: exit %d (signal %d), want 2; stderr: %s", model, what,
              p.exited ? p.code : -1, p.signaled ? p.sig : 0, p.err);
        CHECK(one_line(p.err, p.err_len), "%s%s: stderr is not one line: '%s'", model, what, p.err);
        CHECK(strncmp(p.err, model, strlen(model)) == 0 && p.err[strlen(model)] == ':',
              "%s%s: message does not start with '%s:': %s", model, what, model, p.err);
        CHECK(!file_exists(csv), "%s%s: the -o file was left behind", model, what);
        proc_free(&p);
    }
    tmpdir_remove(dir);
}

static void test_e2e_bad_input_pthreads(void)
{
    for (size_t k = 0; k < cli_bad_args_count; k++)
        expect_usage("pthreads", cli_bad_args[k]);
    /* A timeline that cannot be written, after -o was opened: -o removed. */
    const char *const tl_missing[] = {"--timeline", "/nonexistent-dir/tl.csv", NULL};
    expect_usage("pthreads", tl_missing);
    const char *const tl_dir[] = {"--timeline", "@DIR", NULL};
    expect_usage("pthreads", tl_dir);
    const char *const tl_same[] = {"--timeline", "@CSV", NULL};
    expect_usage("pthreads", tl_same);
}

static void test_e2e_bad_input_openmp_multiprocess(void)
{
    static const char *const cases[][5] = {
        {"-w", "foo", NULL},
        {"-w", "sumsq", "-s", "rr", NULL},
        {"-t", "0", NULL},
        {"-n", NULL},
        {"--timeline", "/nonexistent-dir/tl.csv", NULL},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        expect_usage("openmp", cases[k]);
        expect_usage("multiprocess", cases[k]);
    }
}

/* Runs a model with args after "-q -o path"; checks exit 2 and one line. */
static void expect_csv_refused(const char *model, const char *path, const char *why)
{
    const char *args[] = {"-q", "-o", path, "-n", "1000", "-r", "1", "--warmup", "0", NULL};
    struct proc p;
    if (run_model(&p, model, args) != 0)
        return;
    CHECK(p.exited && p.code == EXIT_USAGE, "%s -o %s (%s): exit %d, want 2; stderr: %s", model, path, why,
          p.exited ? p.code : -1, p.err);
    CHECK(one_line(p.err, p.err_len), "%s -o %s (%s): stderr is not one line: '%s'", model, path, why, p.err);
    proc_free(&p);
}

static void test_e2e_unwritable_csv(void)
{
    char *dir = tmpdir_make();
    REQUIRE(dir != NULL, "mkdtemp failed");
    const char *const models[] = {"pthreads", "openmp", "multiprocess"};
    for (size_t m = 0; m < 3; m++) {
        expect_csv_refused(models[m], "/nonexistent-dir/x.csv", "folder missing");
        expect_csv_refused(models[m], dir, "a directory");
    }
    struct stat st;
    CHECK(stat(dir, &st) == 0 && S_ISDIR(st.st_mode), "the directory given as -o was changed");
    tmpdir_remove(dir);
}

static void test_e2e_different_header(void)
{
    char *dir = tmpdir_make();
    REQUIRE(dir != NULL, "mkdtemp failed");
    char csv[PATH_MAX], tl[PATH_MAX], fresh[PATH_MAX];
    const char *old = "a,b,c\r\n1,2,3\r\n";
    path_in(csv, dir, "old.csv");
    path_in(tl, dir, "old-tl.csv");
    path_in(fresh, dir, "fresh.csv");
    REQUIRE_OR(out, write_file(csv, old) == 0 && write_file(tl, old) == 0, "cannot write the old files");
    const char *const models[] = {"pthreads", "multiprocess"};
    for (size_t m = 0; m < 2; m++) {
        expect_csv_refused(models[m], csv, "different header");
        char *now = slurp(csv, NULL);
        CHECK(now && strcmp(now, old) == 0, "%s changed the CSV with the other header: '%s'", models[m], now);
        free(now);
        /* -o new, --timeline with another header: exit 2 and -o removed */
        const char *args[] = {"-q", "-o", fresh, "--timeline", tl, "-n", "100", "-r", "1", NULL};
        struct proc p;
        if (run_model(&p, models[m], args) == 0) {
            CHECK(p.exited && p.code == EXIT_USAGE && one_line(p.err, p.err_len),
                  "%s --timeline with another header: exit %d stderr '%s'", models[m], p.exited ? p.code : -1, p.err);
            CHECK(!file_exists(fresh), "%s left the new -o file behind", models[m]);
            now = slurp(tl, NULL);
            CHECK(now && strcmp(now, old) == 0, "%s changed the timeline with the other header", models[m]);
            free(now);
            proc_free(&p);
        }
    }
out:
    tmpdir_remove(dir);
}

/* ---- good input --------------------------------------------------------- */

struct table {
    char *text;
    char **lines; /* CRLF removed */
    size_t nlines;
    bool crlf;    /* every line ended with CRLF, and nothing after the last */
};

static void table_free(struct table *t)
{
    free(t->text);
    free(t->lines);
    *t = (struct table){0};
}

static int table_read(struct table *t, const char *path)
{
    *t = (struct table){0};
    size_t len;
    t->text = slurp(path, &len);
    if (!t->text)
        return -1;
    t->crlf = len >= 2 && t->text[len - 2] == '\r' && t->text[len - 1] == '\n';
    size_t cap = 16;
    t->lines = malloc(cap * sizeof *t->lines);
    char *s = t->text;
    while (t->lines && *s) {
        char *nl = strchr(s, '\n');
        if (!nl) {
            t->crlf = false;
            nl = s + strlen(s);
        } else if (nl == s || nl[-1] != '\r') {
            t->crlf = false;
        } else {
            nl[-1] = '\0';
        }
        bool end = *nl == '\0';
        *nl = '\0';
        if (t->nlines == cap) {
            char **more = realloc(t->lines, cap * 2 * sizeof *more);
            if (!more)
                break;
            t->lines = more;
            cap *= 2;
        }
        t->lines[t->nlines++] = s;
        if (end)
            break;
        s = nl + 1;
    }
    return t->lines ? 0 : -1;
}

/* Field i of a comma-separated line with no quoting, into buf. */
static const char *field(const char *line, int i, char *buf, size_t size)
{
    for (; i > 0 && line; i--) {
        line = strchr(line, ',');
        if (line)
            line++;
    }
    if (!line)
        return NULL;
    size_t n = strcspn(line, ",");
    if (n >= size)
        n = size - 1;
    memcpy(buf, line, n);
    buf[n] = '\0';
    return buf;
}

/* The index of a named column in a header line; -1 when absent. */
static int column(const char *header, const char *name)
{
    char buf[64];
    for (int i = 0; field(header, i, buf, sizeof buf); i++)
        if (strcmp(buf, name) == 0)
            return i;
    return -1;
}

static void test_e2e_append(void)
{
    char *dir = tmpdir_make();
    REQUIRE(dir != NULL, "mkdtemp failed");
    char csv[PATH_MAX];
    path_in(csv, dir, "results.csv");
    const char *args[] = {"-w", "sumsq", "-n", "1000", "-t", "1,2", "-r", "2", "--warmup", "0", "-q", "-o", csv, NULL};
    for (int run = 0; run < 2; run++) {
        struct proc p;
        if (run_model(&p, "pthreads", args) != 0)
            goto out;
        CHECK(p.exited && p.code == 0, "run %d: exit %d, stderr: %s", run + 1, p.exited ? p.code : -1, p.err);
        CHECK(p.err_len == 0, "run %d: -q but stderr says '%s'", run + 1, p.err);
        proc_free(&p);
    }
    struct table t;
    REQUIRE_OR(out, table_read(&t, csv) == 0, "cannot read %s", csv);
    CHECK(t.crlf, "lines do not all end with CRLF");
    if (CHECK(t.nlines == 9, "%zu lines, want one header and 8 rows", t.nlines)) {
        const char *h = t.lines[0];
        int cm = column(h, "model"), cv = column(h, "verified"), cr = column(h, "result"), ct = column(h, "threads"),
            crep = column(h, "rep"), cs = column(h, "size");
        if (CHECK(cm >= 0 && cv >= 0 && cr >= 0 && ct >= 0 && crep >= 0 && cs >= 0, "header lacks a column: %s", h)) {
            char want[U128_DEC_MAX];
            t_u128(ref_sumsq(1000), want); /* 999*1000*1999/6 */
            static const char *const threads[] = {"1", "1", "2", "2"}, *const reps[] = {"1", "2", "1", "2"};
            for (size_t i = 1; i < t.nlines; i++) {
                char a[64], b[64], c[64], d[64], m[64], s[64];
                const char *l = t.lines[i];
                CHECK(strcmp(l, h) != 0, "line %zu repeats the header", i + 1);
                CHECK(field(l, cv, a, sizeof a) && strcmp(a, "1") == 0, "line %zu: verified '%s'", i + 1, a);
                CHECK(field(l, cr, b, sizeof b) && strcmp(b, want) == 0, "line %zu: result '%s', want %s", i + 1, b,
                      want);
                CHECK(field(l, ct, c, sizeof c) && strcmp(c, threads[(i - 1) % 4]) == 0, "line %zu: threads '%s'",
                      i + 1, c);
                CHECK(field(l, crep, d, sizeof d) && strcmp(d, reps[(i - 1) % 4]) == 0, "line %zu: rep '%s'", i + 1, d);
                CHECK(field(l, cm, m, sizeof m) && strcmp(m, "pthreads") == 0, "line %zu: model '%s'", i + 1, m);
                CHECK(field(l, cs, s, sizeof s) && strcmp(s, "1000") == 0, "line %zu: size '%s'", i + 1, s);
            }
        }
    }
    table_free(&t);
out:
    tmpdir_remove(dir);
}

static void test_e2e_timeline(void)
{
    char *dir = tmpdir_make();
    REQUIRE(dir != NULL, "mkdtemp failed");
    char csv[PATH_MAX], tl[PATH_MAX];
    path_in(csv, dir, "results.csv");
    path_in(tl, dir, "timeline.csv");
    const char *args[] = {"-w", "sumsq", "-n", "1000", "-t", "1,2", "-r", "2", "--warmup", "0",
                          "-q", "-o", csv, "--timeline", tl, NULL};
    struct proc p;
    if (run_model(&p, "pthreads", args) != 0)
        goto out;
    CHECK(p.exited && p.code == 0, "exit %d, stderr: %s", p.exited ? p.code : -1, p.err);
    proc_free(&p);
    struct table t;
    if (!CHECK(table_read(&t, tl) == 0, "no timeline written"))
        goto out;
    CHECK(t.crlf, "timeline lines do not all end with CRLF");
    /* one row per worker per timed run: 1 * 2 + 2 * 2 */
    if (CHECK(t.nlines == 1 + 6, "%zu timeline lines, want a header and 6 rows", t.nlines)) {
        const char *h = t.lines[0];
        int cs = column(h, "start_s"), ce = column(h, "end_s"), cw = column(h, "worker"), ct = column(h, "threads"),
            cu = column(h, "units");
        if (CHECK(cs >= 0 && ce >= 0 && cw >= 0 && ct >= 0 && cu >= 0, "timeline header lacks a column: %s", h)) {
            static const char *const threads[] = {"1", "1", "2", "2", "2", "2"}, *const worker[] = {"0", "0", "0", "1", "0", "1"};
            for (size_t i = 1; i < t.nlines; i++) {
                char a[64] = "", b[64] = "", c[64] = "", d[64] = "", u[64] = "";
                field(t.lines[i], cs, a, sizeof a);
                field(t.lines[i], ce, b, sizeof b);
                field(t.lines[i], cw, c, sizeof c);
                field(t.lines[i], ct, d, sizeof d);
                field(t.lines[i], cu, u, sizeof u);
                char *end1, *end2;
                double start = strtod(a, &end1), end = strtod(b, &end2);
                CHECK(*a && *b && !*end1 && !*end2 && start >= 0 && start <= end,
                      "timeline line %zu: start_s '%s' end_s '%s'", i + 1, a, b);
                CHECK(strcmp(c, worker[i - 1]) == 0 && strcmp(d, threads[i - 1]) == 0,
                      "timeline line %zu: worker '%s' threads '%s'", i + 1, c, d);
                CHECK(strcmp(u, "1000") == 0, "timeline line %zu: units '%s', want 1000 (weak)", i + 1, u);
            }
        }
    }
    table_free(&t);
out:
    tmpdir_remove(dir);
}

/* Each model binary runs a small job of each workload and verifies it. */
static void test_e2e_models_verify(void)
{
    const char *const models[] = {"pthreads", "openmp", "multiprocess"};
    const char *const jobs[][4] = {{"sumsq", "strong", "100003", "3"}, {"nqueens", "dynamic", "8", "2"},
                                   {"nqueens", "rr", "7", "3"}};
    for (size_t m = 0; m < 3; m++)
        for (size_t j = 0; j < 3; j++) {
            const char *args[] = {"-w", jobs[j][0], "-s", jobs[j][1], "-n", jobs[j][2], "-t", jobs[j][3],
                                  "-r", "1", "--warmup", "1", "-q", NULL};
            struct proc p;
            if (run_model(&p, models[m], args) != 0)
                continue;
            CHECK(p.exited && p.code == 0, "%s %s/%s: exit %d, stderr: %s", models[m], jobs[j][0], jobs[j][1],
                  p.exited ? p.code : -1, p.err);
            /* stdout: the header and one row, verified */
            char *nl = strstr(p.out, "\r\n");
            const char *row = nl ? nl + 2 : "";
            int cv = column(p.out, "verified");
            char v[16] = "";
            CHECK(*row && strstr(row, "\r\n") && cv >= 0 && field(row, cv, v, sizeof v) && strcmp(v, "1") == 0 &&
                      strstr(row, models[m]) == row,
                  "%s %s/%s: stdout '%s'", models[m], jobs[j][0], jobs[j][1], p.out);
            proc_free(&p);
        }
}

static void test_e2e_help_version(void)
{
    const char *const models[] = {"pthreads", "openmp", "multiprocess"};
    for (size_t m = 0; m < 3; m++) {
        static const char *const help[][2] = {{"-h", NULL}, {"--help", NULL}}, *const version[][2] = {{"-V", NULL},
                                                                                                    {"--version", NULL}};
        for (int k = 0; k < 2; k++) {
            struct proc p;
            if (run_model(&p, models[m], help[k]) == 0) {
                CHECK(p.exited && p.code == 0 && strncmp(p.out, "usage: ", 7) == 0 && p.err_len == 0,
                      "%s %s: exit %d, stdout '%.40s'", models[m], help[k][0], p.exited ? p.code : -1, p.out);
                proc_free(&p);
            }
            if (run_model(&p, models[m], version[k]) == 0) {
                CHECK(p.exited && p.code == 0 && strncmp(p.out, models[m], strlen(models[m])) == 0 &&
                          one_line(p.out, p.out_len),
                      "%s %s: exit %d, stdout '%s'", models[m], version[k][0], p.exited ? p.code : -1, p.out);
                proc_free(&p);
            }
        }
    }
}

static CU_TestInfo e2e_tests[] = {
    {"pthreads: bad input exits 2, one line, no file", test_e2e_bad_input_pthreads},
    {"openmp, multiprocess: bad input exits 2", test_e2e_bad_input_openmp_multiprocess},
    {"unwritable CSV path exits 2", test_e2e_unwritable_csv},
    {"CSV with another header: exit 2, untouched", test_e2e_different_header},
    {"good input appends verified rows, CRLF", test_e2e_append},
    {"--timeline: a row per worker per run", test_e2e_timeline},
    {"every model verifies small jobs", test_e2e_models_verify},
    {"-h and -V exit 0", test_e2e_help_version},
    CU_TEST_INFO_NULL,
};

CU_SuiteInfo cli_e2e_suites[] = {
    {"cli/end-to-end", NULL, NULL, NULL, NULL, e2e_tests},
    CU_SUITE_INFO_NULL,
};
