/* test_csv.c - RFC 4180 output (common/csv.c): quoting, the header check
 * when appending, removal on abort, and write errors being reported. */
#define _GNU_SOURCE
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv.h"
#include "tests.h"

static const char *const abc[] = {"alpha", "beta", "gamma"};

/* What csv_put_field writes for s. */
static char *put_field(const char *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    csv_put_field(f, s);
    fclose(f);
    return buf;
}

static void test_put_field(void)
{
    const struct {
        const char *in, *out;
    } cases[] = {
        {"plain", "plain"},
        {"", ""},
        {"3.25", "3.25"},
        {"a,b", "\"a,b\""},
        {"say \"hi\"", "\"say \"\"hi\"\"\""},
        {"\"", "\"\"\"\""},
        {"line\nbreak", "\"line\nbreak\""},
        {"cr\rhere", "\"cr\rhere\""},
        {"crlf\r\n", "\"crlf\r\n\""},
        {"semi;colon 'quote' tab\t", "semi;colon 'quote' tab\t"},
        {NULL, ""},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char *got = put_field(cases[k].in);
        if (!CHECK(got != NULL, "open_memstream failed"))
            continue;
        CHECK(strcmp(got, cases[k].out) == 0, "csv_put_field(\"%s\") wrote [%s], want [%s]",
              cases[k].in ? cases[k].in : "(null)", got, cases[k].out);
        free(got);
    }
}

static void test_write_row_format(void)
{
    char *dir = tmpdir_make();
    REQUIRE(dir != NULL, "mkdtemp failed");
    char path[PATH_MAX];
    path_in(path, dir, "rows.csv");
    struct csv_out out;
    struct err e = {0};
    if (CHECK(csv_open(&out, path, abc, 3, &e) == 0, "csv_open: %s", e.msg)) {
        const char *const row[] = {"1", NULL, "x,\"y\""};
        CHECK(csv_write_row(&out, row, 3, &e) == 0, "csv_write_row: %s", e.msg);
        CHECK(csv_close(&out, &e) == 0, "csv_close: %s", e.msg);
        char *text = slurp(path, NULL);
        CHECK(text && strcmp(text, "alpha,beta,gamma\r\n1,,\"x,\"\"y\"\"\"\r\n") == 0, "file is [%s]", text);
        free(text);
    }
    tmpdir_remove(dir);
}

static void test_open_new_and_append(void)
{
    char *dir = tmpdir_make();
    REQUIRE(dir != NULL, "mkdtemp failed");
    char path[PATH_MAX];
    path_in(path, dir, "out.csv");
    struct csv_out out;
    struct err e = {0};
    const char *const r1[] = {"1", "2", "3"}, *const r2[] = {"4", "5", "6"};
    if (CHECK(csv_open(&out, path, abc, 3, &e) == 0, "csv_open (new): %s", e.msg)) {
        CHECK(out.created, "a new file is not marked created");
        char *text = slurp(path, NULL);
        CHECK(text && strcmp(text, "alpha,beta,gamma\r\n") == 0, "a new file holds [%s], want the header", text);
        free(text);
        CHECK(csv_write_row(&out, r1, 3, &e) == 0, "csv_write_row: %s", e.msg);
        CHECK(csv_close(&out, &e) == 0, "csv_close: %s", e.msg);
    }
    if (CHECK(csv_open(&out, path, abc, 3, &e) == 0, "csv_open (same header): %s", e.msg)) {
        CHECK(!out.created, "an existing file is marked created");
        CHECK(csv_write_row(&out, r2, 3, &e) == 0, "csv_write_row: %s", e.msg);
        CHECK(csv_close(&out, &e) == 0, "csv_close: %s", e.msg);
    }
    char *text = slurp(path, NULL);
    CHECK(text && strcmp(text, "alpha,beta,gamma\r\n1,2,3\r\n4,5,6\r\n") == 0, "after appending: [%s]", text);
    free(text);
    /* an existing empty file gets the header, and is not ours to remove */
    char empty[PATH_MAX];
    path_in(empty, dir, "empty.csv");
    REQUIRE_OR(out, write_file(empty, "") == 0, "cannot make an empty file");
    if (CHECK(csv_open(&out, empty, abc, 3, &e) == 0, "csv_open (empty file): %s", e.msg)) {
        CHECK(!out.created, "a pre-existing empty file is marked created");
        CHECK(csv_close(&out, &e) == 0, "csv_close: %s", e.msg);
        text = slurp(empty, NULL);
        CHECK(text && strcmp(text, "alpha,beta,gamma\r\n") == 0, "the empty file now holds [%s]", text);
        free(text);
    }
out:
    tmpdir_remove(dir);
}

static void test_open_other_header(void)
{
    char *dir = tmpdir_make();
    REQUIRE(dir != NULL, "mkdtemp failed");
    const char *const olds[] = {
        "alpha,beta\r\n1,2\r\n",             /* fewer columns */
        "alpha,beta,gamma,delta\r\n1,2,3,4\r\n", /* more columns */
        "alpha,gamma,beta\r\n",              /* another order */
        "Alpha,beta,gamma\r\n",              /* another spelling */
        "1,2,3\r\n",                         /* no header */
        "\r\nalpha,beta,gamma\r\n",          /* not on the first line */
    };
    for (size_t k = 0; k < sizeof olds / sizeof olds[0]; k++) {
        char path[PATH_MAX];
        path_in(path, dir, "old.csv");
        if (!CHECK(write_file(path, olds[k]) == 0, "cannot write the old file"))
            break;
        struct csv_out out = {0};
        struct err e = {0};
        int rc = csv_open(&out, path, abc, 3, &e);
        CHECK(rc == -1 && e.code == EXIT_USAGE && e.msg[0], "old header %zu: csv_open = %d, code %d", k, rc, e.code);
        if (rc == 0)
            csv_close(&out, &e);
        char *text = slurp(path, NULL);
        CHECK(text && strcmp(text, olds[k]) == 0, "old header %zu: file changed to [%s]", k, text);
        free(text);
    }
    tmpdir_remove(dir);
}

static void test_open_bad_paths(void)
{
    char *dir = tmpdir_make();
    REQUIRE(dir != NULL, "mkdtemp failed");
    const char *const paths[] = {"/nonexistent-dir/x.csv", dir};
    for (size_t k = 0; k < 2; k++) {
        struct csv_out out = {0};
        struct err e = {0};
        int rc = csv_open(&out, paths[k], abc, 3, &e);
        CHECK(rc == -1 && e.code == EXIT_USAGE && e.msg[0] && !strchr(e.msg, '\n'), "csv_open(%s) = %d, code %d '%s'",
              paths[k], rc, e.code, e.msg);
        if (rc == 0)
            csv_close(&out, &e);
    }
    tmpdir_remove(dir);
}

static void test_discard(void)
{
    char *dir = tmpdir_make();
    REQUIRE(dir != NULL, "mkdtemp failed");
    char made[PATH_MAX], empty[PATH_MAX], kept[PATH_MAX];
    path_in(made, dir, "made.csv");
    path_in(empty, dir, "empty.csv");
    path_in(kept, dir, "kept.csv");
    REQUIRE_OR(out, write_file(empty, "") == 0 && write_file(kept, "alpha,beta,gamma\r\n7,8,9\r\n") == 0,
            "cannot make the old files");
    struct csv_out out;
    struct err e = {0};
    if (CHECK(csv_open(&out, made, abc, 3, &e) == 0, "csv_open: %s", e.msg)) {
        csv_discard(&out);
        CHECK(!file_exists(made), "csv_discard left the file it created");
        CHECK(out.f == NULL, "csv_discard left the stream set");
        csv_discard(&out); /* twice is harmless */
    }
    if (CHECK(csv_open(&out, empty, abc, 3, &e) == 0, "csv_open: %s", e.msg)) {
        csv_discard(&out);
        CHECK(file_exists(empty), "csv_discard removed a file that existed before");
    }
    if (CHECK(csv_open(&out, kept, abc, 3, &e) == 0, "csv_open: %s", e.msg)) {
        csv_discard(&out);
        char *text = slurp(kept, NULL);
        CHECK(text && strcmp(text, "alpha,beta,gamma\r\n7,8,9\r\n") == 0, "csv_discard changed a kept file: [%s]", text);
        free(text);
    }
out:
    tmpdir_remove(dir);
}

/* A full disk: the row is reported as not written.  /dev/full is reached
 * through a symlink in a temp dir, so that a csv_discard that wrongly
 * unlinks could only ever remove the link, never the device. */
static void test_write_errors(void)
{
    char *dir = tmpdir_make();
    REQUIRE(dir != NULL, "mkdtemp failed");
    char full[PATH_MAX];
    path_in(full, dir, "full.csv");
    if (!CHECK(symlink("/dev/full", full) == 0, "cannot link %s to /dev/full", full)) {
        tmpdir_remove(dir);
        return;
    }
    struct csv_out out = {.f = fopen(full, "w"), .path = full};
    if (CHECK(out.f != NULL, "cannot open /dev/full")) {
        struct err e = {0};
        const char *const row[] = {"1", "2", "3"};
        int rc = csv_write_row(&out, row, 3, &e);
        CHECK(rc == -1 && e.code == EXIT_RUN_FAILED && e.msg[0], "csv_write_row to /dev/full = %d (code %d)", rc,
              e.code);
        csv_discard(&out);
    }

    /* csv_close reports a final flush that fails */
    out = (struct csv_out){.f = fopen(full, "w"), .path = full};
    if (CHECK(out.f != NULL, "cannot open /dev/full")) {
        fputs("pending", out.f);
        struct err e = {0};
        int rc = csv_close(&out, &e);
        CHECK(rc == -1 && e.code == EXIT_RUN_FAILED, "csv_close on /dev/full = %d (code %d)", rc, e.code);
    }

    /* and csv_open, whose header cannot be written */
    struct err e = {0};
    int rc = csv_open(&out, full, abc, 3, &e);
    CHECK(rc == -1 && e.msg[0], "csv_open(/dev/full) = %d", rc);
    if (rc == 0)
        csv_close(&out, &e);
    tmpdir_remove(dir);
}

static int index_of(const char *const *names, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return (int)i;
    return -1;
}

static void test_headers(void)
{
    /* Required by the issue, in this order (others may sit between). */
    const char *const required[] = {"model",   "workload",   "split",   "size",      "threads",
                                    "rep",     "wall_s",     "user_s",  "sys_s",     "maxrss_kib",
                                    "vol_ctx", "invol_ctx",  "result",  "verified"};
    int prev = -1;
    for (size_t k = 0; k < sizeof required / sizeof required[0]; k++) {
        int i = index_of(csv_result_header, COL_COUNT, required[k]);
        if (CHECK(i >= 0, "csv_result_header lacks '%s'", required[k]))
            CHECK(i > prev, "'%s' is out of order (column %d)", required[k], i);
        prev = i > prev ? i : prev;
    }
    CHECK(index_of(csv_result_header, COL_COUNT, "spawn_s") >= 0, "csv_result_header lacks 'spawn_s'");
    CHECK(index_of(csv_result_header, COL_COUNT, "model") == 0, "'model' is not the first column");
    for (size_t i = 0; i < COL_COUNT; i++)
        CHECK(csv_result_header[i] && csv_result_header[i][0] && index_of(csv_result_header, COL_COUNT, csv_result_header[i]) == (int)i &&
                  !strpbrk(csv_result_header[i], ",\"\r\n"),
              "result column %zu is empty, repeated or needs quoting", i);

    const char *const timeline[] = {"model", "workload", "split", "size", "threads", "rep",
                                    "worker", "cpu", "start_s", "end_s", "cpu_s", "units"};
    prev = -1;
    for (size_t k = 0; k < sizeof timeline / sizeof timeline[0]; k++) {
        int i = index_of(csv_timeline_header, TL_COUNT, timeline[k]);
        if (CHECK(i >= 0, "csv_timeline_header lacks '%s'", timeline[k]))
            CHECK(i > prev, "timeline '%s' is out of order (column %d)", timeline[k], i);
        prev = i > prev ? i : prev;
    }
    for (size_t i = 0; i < TL_COUNT; i++)
        CHECK(csv_timeline_header[i] && index_of(csv_timeline_header, TL_COUNT, csv_timeline_header[i]) == (int)i,
              "timeline column %zu is empty or repeated", i);
}

static CU_TestInfo csv_tests[] = {
    {"csv_put_field quotes per RFC 4180", test_put_field},
    {"csv_write_row: fields, empty fields, CRLF", test_write_row_format},
    {"csv_open: a new file gets the header, the same header appends", test_open_new_and_append},
    {"csv_open: another header is refused, file untouched", test_open_other_header},
    {"csv_open: missing folder or a directory is EXIT_USAGE", test_open_bad_paths},
    {"csv_discard removes only a file csv_open created", test_discard},
    {"write errors are reported (/dev/full)", test_write_errors},
    {"the header tables", test_headers},
    CU_TEST_INFO_NULL,
};

CU_SuiteInfo csv_suites[] = {
    {"csv", NULL, NULL, NULL, NULL, csv_tests},
    CU_SUITE_INFO_NULL,
};
