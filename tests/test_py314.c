/* test_py314.c - the study's Python 3.14 implementations, from the
 * runner's side: every new one listed, a mode a Python lacks refused by
 * name, the former name of mp-fork accepted, and py3.14t-gil-threading run
 * as the 3.14t binary with its GIL switched on (PYTHON_GIL=1, --allow-gil).
 * The hosts themselves are tested per interpreter in test_embedded.c. */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests.h"

/* The names the issue asks for, typed here, not taken from the runner's
 * table: a row missing from the table fails. */
static const char *const new_impls[] = {
    "py3.12-mp-fork",        "py3.12-mp-forkserver", "py3.12-mp-spawn",     "py3.14-mp-fork",
    "py3.14-mp-forkserver",  "py3.14-mp-spawn",      "py3.14-interpreters", "py3.14t-mp-fork",
    "py3.14t-mp-forkserver", "py3.14t-mp-spawn",     "py3.14t-interpreters", "py3.14t-gil-threading",
    "py3.13t-threading",     "py3.13t-mp-forkserver",
};

/* The line of `study --list` for impl, copied into out; NULL when none. */
static char *list_line(const char *list, const char *impl, char *out, size_t len)
{
    size_t n = strlen(impl);
    for (const char *l = list; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
        if (strncmp(l, impl, n) == 0 && l[n] == ' ') {
            snprintf(out, len, "%.*s", (int)strcspn(l, "\n"), l);
            return out;
        }
    return NULL;
}

static void t_list(void)
{
    char bin[PATH_MAX], line[256];
    REQUIRE(study_bin(bin, "study"), "STUDY_BIN");
    char *argv[] = {bin, "--list", NULL};
    struct proc p;
    REQUIRE(proc_run(argv, &p) == 0, "run study --list");
    CHECK(p.exited && p.code == 0, "--list: exit %d: %s", p.code, p.err);
    for (size_t i = 0; i < sizeof new_impls / sizeof new_impls[0]; i++)
        CHECK(list_line(p.out, new_impls[i], line, sizeof line), "--list lacks %s:\n%s", new_impls[i], p.out);
    CHECK(list_line(p.out, "py3.12-interpreters", line, sizeof line) && strstr(line, "not available on 3.12"),
          "--list must name py3.12-interpreters not available on 3.12: %s", p.out);
    CHECK(list_line(p.out, "py3.14t-gil-threading", line, sizeof line) && strstr(line, "PYTHON_GIL=1"),
          "--list must say how py3.14t-gil-threading starts: %s", p.out);
    CHECK(!list_line(p.out, "py3.14-multiprocessing", line, sizeof line),
          "the former name is an alias, not a second implementation: %s", p.out);
    proc_free(&p);
}

/* Asking for a mode the Python lacks: exit 2, one line naming it, and no
 * results folder made. */
static void t_unavailable_refused(void)
{
    char bin[PATH_MAX], *root = tmpdir_make();
    REQUIRE(root && study_bin(bin, "study"), "setup");
    char *argv[] = {bin, "--models", "pthreads,py3.12-interpreters", "-q", "--out", root, NULL};
    struct proc p;
    REQUIRE(proc_run(argv, &p) == 0, "run study");
    CHECK(p.exited && p.code == 2, "want exit 2, got %d", p.code);
    CHECK(strstr(p.err, "py3.12-interpreters is not available on 3.12") && strchr(p.err, '\n') &&
              !strchr(p.err, '\n')[1],
          "want one line naming it: %s", p.err);
    DIR *d = opendir(root);
    int entries = 0;
    for (struct dirent *de; d && (de = readdir(d));)
        entries += strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0;
    if (d)
        closedir(d);
    CHECK(d && entries == 0, "nothing may be written for a refused study (%d entries)", entries);
    proc_free(&p);
    tmpdir_remove(root);
}

/* A small study: the former name runs mp-fork and its rows carry the new
 * name; py3.14t-gil-threading runs the 3.14t host with PYTHON_GIL=1 and
 * --allow-gil, so its rows say gil_enabled=1 and record the variable.  A
 * host that is not built gives a "missing" row under the right name. */
static void t_study_rows(void)
{
    char bin[PATH_MAX], host[PATH_MAX], *root = tmpdir_make();
    REQUIRE(root && study_bin(bin, "study"), "setup");
    char *argv[] = {bin, "--models", "py3.14-multiprocessing,py3.14t-gil-threading", "--workloads", "nqueens",
                    "--splits", "rr", "--threads", "2", "--nqueens-size", "6", "--reps", "1", "--values", "1", "--warmup", "1",
                    "-q", "--out", root, NULL};
    struct proc p;
    REQUIRE(proc_run(argv, &p) == 0, "run study");
    proc_free(&p);
    char path[PATH_MAX], dir[PATH_MAX];
    path_in(dir, root, "latest");
    char *raw = slurp(path_in(path, dir, "raw.csv"), NULL);
    REQUIRE(raw, "no raw.csv");
    int dups;
    CHECK(raw_rows(dir, false, &dups) == 2 && dups == 0, "want 2 rows: %s", raw);
    CHECK(!strstr(raw, "multiprocessing"), "the former name must not reach raw.csv: %s", raw);
    const bool has314 = study_bin(host, "embedded-py-3.14") && access(host, X_OK) == 0;
    const bool has314t = study_bin(host, "embedded-py-3.14t") && access(host, X_OK) == 0;
    CHECK(strstr(raw, has314 ? "py3.14-mp-fork,1,ok," : "py3.14-mp-fork,1,missing,") &&
              (!has314 || strstr(raw, ",mp-fork,1,")),
          "py3.14-multiprocessing must run as py3.14-mp-fork: %s", raw);
    if (has314t)
        CHECK(strstr(raw, "py3.14t-gil-threading,1,ok,") && strstr(raw, ",threading,1,") &&
                  strstr(raw, "PYTHON_GIL=1"),
              "py3.14t-gil-threading: want ok, gil_enabled=1 and PYTHON_GIL=1 recorded: %s", raw);
    else
        CHECK(strstr(raw, "py3.14t-gil-threading,1,missing,"), "py3.14t-gil-threading: %s", raw);
    free(raw);
    tmpdir_remove(root);
}

static CU_TestInfo py314_tests[] = {
    {"--list shows every new implementation", t_list},
    {"a mode the Python lacks is refused by name", t_unavailable_refused},
    {"former name and the GIL control, through a study", t_study_rows},
    CU_TEST_INFO_NULL,
};

CU_SuiteInfo py314_suites[] = {
    {"runner: Python 3.14 implementations", NULL, NULL, NULL, NULL, py314_tests},
    CU_SUITE_INFO_NULL,
};
