/* tests.h - what the unit-test files share: each area's suite table (the
 * runner in unit.c registers them in order) and the helpers in util.c.
 *
 * Reference values here are computed independently of the code under test
 * (brute force, a closed form evaluated another way, or a table typed in
 * from OEIS), so a test can catch the code disagreeing with them.
 */
#ifndef STUDY_TESTS_H
#define STUDY_TESTS_H

#include <CUnit/CUnit.h>
#include <jansson.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "workload.h"

/* ---- the suite tables, one per file, each ended by CU_SUITE_INFO_NULL ---- */

extern CU_SuiteInfo kernel_suites[]; /* test_kernels.c */
extern CU_SuiteInfo split_suites[];  /* test_splits.c */
extern CU_SuiteInfo cli_suites[];    /* test_cli.c */
extern CU_SuiteInfo csv_suites[];    /* test_csv.c */
extern CU_SuiteInfo model_suites[];  /* test_models.c */
extern CU_SuiteInfo stats_suites[];  /* test_stats.c */
extern CU_SuiteInfo study_suites[];  /* test_study.c */
extern CU_SuiteInfo summary_suites[]; /* test_summary.c */
extern CU_SuiteInfo stats_hand_suites[]; /* test_stats_hand.c */
extern CU_SuiteInfo cli_e2e_suites[]; /* test_cli_e2e.c */
/* test_cli.c: argument lists every model binary must refuse as bad input
 * (a row ends at its first NULL); test_cli_e2e.c runs them end to end. */
extern const char *const cli_bad_args[][6];
extern const size_t cli_bad_args_count;
extern CU_SuiteInfo fault_suites[];  /* test_faults.c */
extern CU_SuiteInfo rounds_suites[]; /* test_rounds.c */
extern CU_SuiteInfo embedded_suites[]; /* test_embedded.c */
extern CU_SuiteInfo direct_suites[];   /* test_direct.c: one per interpreter */
extern CU_SuiteInfo span_suites[];     /* test_direct.c: the harness's side */
extern CU_SuiteInfo pybuild_suites[];  /* test_pybuild.c */
extern CU_SuiteInfo mpi_suites[];      /* test_mpi.c */
extern CU_SuiteInfo html_suites[];     /* test_html.c */
extern CU_SuiteInfo compare_suites[];  /* test_compare.c */
extern CU_SuiteInfo figure_suites[];   /* test_figures.c */
extern CU_SuiteInfo meta_suites[];     /* test_meta.c */
extern CU_SuiteInfo wording_suites[];  /* test_wording.c */

/* test_figures.c: every figure of the results folder dir checked (its
 * outputs, fonts, print size, data, caption); the smoke study runs it. */
void figures_check_study(const char *dir);
/* test_figures.c: every word of a figure's PDF inside the page and none on
 * top of another (pdftotext -bbox): a label cut by the frame, or set over
 * another label, fails. */
void figures_check_words(const char *pdf);
extern CU_SuiteInfo py314_suites[];    /* test_py314.c */

/* NULL when the embedded-host suite of that name (or the direct suite,
 * test_direct.c: same tag, same rule) is to run; otherwise why it cannot
 * (its interpreter was not built), and *required says whether that is a
 * failure (t_python_required) rather than a skip. */
const char *embedded_skip_reason(const char *suite, bool *required);
/* The same for the MPI suites: NULL, or why (no mpirun); *required under
 * CI=true, where make deps installs Open MPI. */
const char *mpi_skip_reason(const char *suite, bool *required);

/* Renders the HTML page at path in headless Chromium ($CHROMIUM, else
 * chromium on PATH) and measures each <figure class="figure"> after load:
 * 1 when there are `want` of them, each with a non-zero size and something
 * drawn; 0 otherwise, with why.  -1 when Chromium is missing and CI is not
 * "true" (the caller prints a SKIP line); under CI=true a missing Chromium
 * fails (0).  test_html.c. */
int html_figures_render(const char *page, size_t want, char *why, size_t len);
/* The same for dir/report.html, wanting one figure per image of
 * dir/report.md that stands on its own line. */
int report_html_check(const char *dir, char *why, size_t len);
extern CU_SuiteInfo schedule_suites[]; /* test_schedule.c */
extern CU_SuiteInfo readme_suites[];   /* test_readme.c */
extern CU_SuiteInfo resample_suites[]; /* test_resample.c */
extern CU_SuiteInfo bootref_suites[];  /* test_bootref.c */
extern CU_SuiteInfo orderstat_suites[]; /* test_orderstat.c */
extern CU_SuiteInfo scaling_suites[];  /* test_scaling.c */
extern CU_SuiteInfo estimators_suites[]; /* test_estimators.c */
extern CU_SuiteInfo question_suites[]; /* test_questions.c */
extern CU_SuiteInfo answers_suites[];  /* test_answers.c */
extern CU_SuiteInfo plan_suites[];     /* test_plan.c */
extern CU_SuiteInfo plan_e2e_suites[]; /* test_plan_e2e.c */
extern CU_SuiteInfo sampler_suites[];  /* test_sampler.c */

/* The same rule for test_sampler.c's "sampler py <tag>" suites. */
const char *sampler_skip_reason(const char *suite, bool *required);

/* ---- checks with a formatted message ----------------------------------- */

/* One CUnit assertion.  On failure the message is formatted (CUnit copies
 * it), so a check inside a loop says which case failed.  Returns ok. */
bool t_check(bool ok, const char *file, unsigned line, const char *func, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

#define CHECK(cond, ...) t_check(!!(cond), __FILE__, __LINE__, __func__, __VA_ARGS__)
/* As CHECK, but ends the test on failure. */
#define REQUIRE(cond, ...)                                                     \
    do {                                                                       \
        if (!CHECK(cond, __VA_ARGS__))                                         \
            return;                                                            \
    } while (0)

/* As REQUIRE, but goes to a cleanup label instead of returning. */
#define REQUIRE_OR(label, cond, ...)                                           \
    do {                                                                       \
        if (!CHECK(cond, __VA_ARGS__))                                         \
            goto label;                                                        \
    } while (0)

/* Decimal of a u128 for messages (independent of u128_to_dec). */
const char *t_u128(u128 v, char buf[U128_DEC_MAX]);

/* ---- reference answers -------------------------------------------------- */

/* OEIS A000170 (number of ways to place n nonattacking queens on an n x n
 * board), a(0) .. a(20), typed from https://oeis.org/A000170 (b-file). */
extern const uint64_t oeis_a000170[21];

/* sum_{lo <= i < hi} i^2 by the plain loop. */
u128 ref_sumsq_loop(uint64_t lo, uint64_t hi);

/* sum_{i < n} i^2 = (n-1) n (2n-1) / 6, dividing each factor by 2 and 3
 * before multiplying, so no intermediate exceeds the final value. */
u128 ref_sumsq(uint64_t n);

/* N-Queens by an array-based backtracking search (no bitmasks): solutions
 * that extend queens already placed in columns prefix[0 .. rows-1] of rows
 * 0 .. rows-1 (the prefix itself must be legal). */
uint64_t ref_nqueens(unsigned n, const unsigned *prefix, unsigned rows);

/* Calls made by that search from the empty board, counting each call once
 * (the root, every legal partial placement, and the full boards). */
uint64_t ref_nqueens_nodes(unsigned n);

/* ---- files and processes ------------------------------------------------ */

/* A fresh directory under /tmp (mkdtemp), malloc'd; NULL on failure. */
char *tmpdir_make(void);
/* Removes dir and everything under it, then frees the string. */
void tmpdir_remove(char *dir);
/* dir/name into buf (PATH_MAX). */
char *path_in(char *buf, const char *dir, const char *name);
/* The whole file, NUL-terminated, malloc'd; NULL when it cannot be read. */
char *slurp(const char *path, size_t *len);
/* Writes s to path (creating or truncating it); 0 or -1. */
int write_file(const char *path, const char *s);
bool file_exists(const char *path);

/* A finished child process: how it ended and what it wrote. */
struct proc {
    int exited, code; /* exited: 1 and code is the exit status */
    int signaled, sig;
    char *out, *err;  /* NUL-terminated, malloc'd */
    size_t out_len, err_len;
};

/* Runs argv[0] (a path) with fork + execv, stdin from /dev/null, stdout
 * and stderr captured through pipes (runner/child.c's child_exec, with no
 * process group of its own and no timeout).  0 when it ran and was
 * reaped (proc_free releases *p); -1, with nothing to release, when not. */
int proc_run(char *const argv[], struct proc *p);
void proc_free(struct proc *p);

/* DIR/raw.csv as the study writes it: every record has the header's width,
 * and *dups counts repeats of (impl, round, workload, split, size,
 * threads, rep), and of the proc too for a ceiling cell (whose T copies
 * share a round).  With torn_ok, a last line without its newline (a run killed
 * mid-write) is left out instead of failing the check.  Returns the data
 * rows, or -1 when the file is missing or not valid. */
long raw_rows(const char *dir, bool torn_ok, int *dups);

/* Waits (polling every millisecond) until the study writing under root
 * has at least `rows` data rows in its raw.csv: an event to act on, where
 * a fixed sleep would guess at this machine's speed.  False when pid (if
 * > 0) ended first or timeout_s passed; pid is left for the caller to
 * reap. */
bool wait_for_rows(const char *root, long rows, pid_t pid, double timeout_s);

/* For each process, reads /proc/<pid>/<file> (up to 4 KiB, NUL-terminated,
 * len bytes before the terminator) and calls fn, until fn returns true;
 * returns whether one did.  Processes that go or cannot be read are
 * skipped. */
bool proc_each(const char *file, bool (*fn)(pid_t pid, char *text, size_t len, void *arg), void *arg);

/* A process whose command line holds `needle` (e.g. a sleep we started). */
bool process_with_arg(const char *needle);

/* A folder of stand-in model binaries: writes script to dir/name, executable. */
void fake_bin(const char *dir, const char *name, const char *script);

/* Waits (the same polling) until path exists; the same contract. */
bool wait_for_file(const char *path, pid_t pid, double timeout_s);

/* Waits (the same polling) until cond(arg) holds; the same contract. */
bool wait_until(bool (*cond)(const void *arg), const void *arg, pid_t pid, double timeout_s);

/* DIR/meta.json read with jansson; NULL (and a failed check) when it is
 * missing or not a JSON object.  json_decref when done. */
json_t *t_meta(const char *dir);
/* The value at key of an object, checked for its type: a number (NAN when
 * absent or not a number), an integer (LLONG_MIN when absent or not an
 * integer: 3.0 is no integer), a string equal to want. */
double t_json_num(const json_t *obj, const char *key);
long long t_json_int(const json_t *obj, const char *key);
bool t_json_is(const json_t *obj, const char *key, const char *want);

/* The signals that stop a study after its run in progress (the study exits
 * 128 + the number), with their names for messages. */
struct t_signal {
    int sig;
    const char *name;
};
#define T_STOP_SIGNALS 3
extern const struct t_signal t_stop_signals[T_STOP_SIGNALS];

/* A stand-in model folder for the study's --bin: each model named (models:
 * "pthreads multiprocess") logs its arguments, one line per call, and
 * execs the real binary from STUDY_BIN; the call numbered `hold` (1-based,
 * calibration's calls included) first creates `held` and then waits until
 * held_model_release().  So a test can act while a run is certainly in
 * progress (signal the study, say), then let it finish: an event, where a
 * sleep would guess. */
struct held_model {
    char *dir; /* for --bin; removed by held_model_free */
    char held[PATH_MAX], release[PATH_MAX], log[PATH_MAX];
};
bool held_model_make(struct held_model *h, const char *models, unsigned hold);
/* Lets the held call go on (blocks until it is waiting). */
bool held_model_release(struct held_model *h);
/* Calls logged whose arguments contain needle (NULL: every call). */
long held_model_calls(const struct held_model *h, const char *needle);
void held_model_free(struct held_model *h);

/* "$STUDY_BIN/<model>" into buf (PATH_MAX); NULL when STUDY_BIN is unset. */
char *study_bin(char *buf, const char *model);
/* proc_run of $STUDY_BIN/<tool> with the NULL-terminated args (at most
 * RUN_TOOL_ARGS_MAX of them); -1 when STUDY_BIN is unset or it cannot run. */
#define RUN_TOOL_ARGS_MAX 46
int run_tool(const char *tool, const char *const *args, struct proc *p);

/* ---- interpreters: one rule for every test that needs one -------------- *
 *
 * A test that needs an interpreter it cannot find prints one line, "SKIP
 * <test>: no Python <tag> (<why>; run `make pythons`)", and passes; where
 * that interpreter is required it fails with that line instead.  Required:
 * CI=true (every interpreter), or STUDY_REQUIRE_PYTHONS naming its tag
 * ("3.12 3.14 3.14t"; "any" for a test that takes any interpreter). */

bool t_python_required(const char *tag);
/* The rule above for an interpreter found missing; true when skipped. */
bool t_python_missing(const char *what, const char *tag, const char *why);
/* PYTHONS_DIR/<tag> (default .pythons/<tag>) into path; false after the
 * rule when it is not there. */
bool t_python(const char *tag, const char *what, char path[PATH_MAX]);
/* Any interpreter: .pythons/3.14, 3.12, 3.14t, else python3 on PATH. */
bool t_python_any(const char *what, char path[PATH_MAX]);
/* Whether the GIL is on in that interpreter (with env, "VAR=value", set):
 * sys._is_gil_enabled() where it exists, else the build's Py_GIL_DISABLED;
 * read from the interpreter itself, never assumed from its name.  1, 0, or
 * -1 when it cannot be run. */
int t_python_gil(const char *python, const char *env);
/* The same for PYTHONS_DIR/binary, saying on stdout, as suite `suite` of
 * interpreter `tag`, when it cannot be asked (-1). */
int t_python_gil_of(const char *suite, const char *tag, const char *binary, const char *env);
/* PYTHONS_DIR/binary (.pythons when unset or empty) into path; returns path. */
char *t_python_path(const char *binary, char path[PATH_MAX]);

/* Whether word is one of the space-separated words of list (a flags
 * column, say). */
bool t_has_word(const char *list, const char *word);

#endif
