/* test_cli.c - the command line (common/cli.c) in-process: numbers,
 * signals and thread lists, every option, and bad input as EXIT_USAGE with
 * a one-line message.  The binaries end to end are test_cli_e2e.c's. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "job.h"
#include "pin.h"
#include "tests.h"

#define ARGV_MAX 32

/* ---- in-process helpers ------------------------------------------------- */

/* Puts glibc's getopt back to its initial state (optind = 0 makes the next
 * call reinitialise), so one test's parse cannot leak into the next. */
static void getopt_reset(void)
{
    char *argv[] = {"reset", NULL};
    optind = 0;
    opterr = 0;
    while (getopt(1, argv, "") != -1)
        ;
}

/* Runs cli_parse on "pthreads" followed by the NULL-terminated arguments,
 * with stdout silenced (help and version print there).  The strings must
 * outlive the call, as getopt may keep a pointer into them. */
static enum cli_status vparse(bool reset, struct config *cfg, struct err *e, va_list ap)
{
    char *argv[ARGV_MAX + 2];
    int argc = 0;
    argv[argc++] = "pthreads";
    const char *s;
    while ((s = va_arg(ap, const char *)) != NULL && argc <= ARGV_MAX)
        argv[argc++] = (char *)s;
    argv[argc] = NULL;
    if (reset)
        getopt_reset();
    fflush(stdout);
    int saved = dup(STDOUT_FILENO);
    int null = open("/dev/null", O_WRONLY);
    if (saved >= 0 && null >= 0)
        dup2(null, STDOUT_FILENO);
    *e = (struct err){0};
    enum cli_status st = cli_parse(argc, argv, "pthreads", NULL, cfg, e);
    fflush(stdout);
    if (saved >= 0) {
        dup2(saved, STDOUT_FILENO);
        close(saved);
    }
    if (null >= 0)
        close(null);
    return st;
}

static enum cli_status parse(struct config *cfg, struct err *e, ...)
{
    va_list ap;
    va_start(ap, e);
    enum cli_status st = vparse(true, cfg, e, ap);
    va_end(ap);
    return st;
}

static enum cli_status parse_no_reset(struct config *cfg, struct err *e, ...)
{
    va_list ap;
    va_start(ap, e);
    enum cli_status st = vparse(false, cfg, e, ap);
    va_end(ap);
    return st;
}

static unsigned mask_cpus(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) != 0)
        return 0;
    return (unsigned)CPU_COUNT(&set);
}

/* ---- cli_parse_u64 / cli_parse_signal ----------------------------------- */

static void test_parse_u64(void)
{
    uint64_t v;
    const struct {
        const char *s;
        uint64_t want;
    } good[] = {
        {"0", 0}, {"1", 1}, {"007", 7}, {"4096", 4096}, {"10000000000", 10000000000ULL},
        {"18446744073709551615", UINT64_MAX},
    };
    for (size_t k = 0; k < sizeof good / sizeof good[0]; k++) {
        v = 12345;
        int rc = cli_parse_u64(good[k].s, 0, UINT64_MAX, &v);
        CHECK(rc == 0 && v == good[k].want, "cli_parse_u64(\"%s\") = %d, %llu", good[k].s, rc, (unsigned long long)v);
    }
    const char *const bad[] = {"", "-1", "+1", " 1", "1 ", "1x", "x1", "0x10", "1.0", "1e3",
                               "18446744073709551616", "99999999999999999999999", "\t1", "1\n"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        v = 12345;
        int rc = cli_parse_u64(bad[k], 0, UINT64_MAX, &v);
        CHECK(rc == -1 && v == 12345, "cli_parse_u64(\"%s\") accepted (%llu)", bad[k], (unsigned long long)v);
    }
    /* the bounds are inclusive, and outside them is an error */
    CHECK(cli_parse_u64("5", 5, 9, &v) == 0 && v == 5, "lower bound excluded");
    CHECK(cli_parse_u64("9", 5, 9, &v) == 0 && v == 9, "upper bound excluded");
    CHECK(cli_parse_u64("4", 5, 9, &v) == -1, "below the range accepted");
    CHECK(cli_parse_u64("10", 5, 9, &v) == -1, "above the range accepted");
    CHECK(cli_parse_u64("0", 1, 9, &v) == -1, "0 accepted with lo = 1");
    CHECK(cli_parse_u64("10000000001", 1, 10000000000ULL, &v) == -1, "10^10 + 1 accepted");
}

static void test_parse_signal(void)
{
    const struct {
        const char *s;
        int sig;
    } good[] = {
        {"KILL", SIGKILL}, {"SIGKILL", SIGKILL}, {"SIGSEGV", SIGSEGV}, {"SEGV", SIGSEGV},
        {"9", 9}, {"TERM", SIGTERM}, {"SIGUSR1", SIGUSR1}, {"0", 0},
    };
    for (size_t k = 0; k < sizeof good / sizeof good[0]; k++) {
        int sig = -7;
        int rc = cli_parse_signal(good[k].s, &sig);
        CHECK(rc == 0 && sig == good[k].sig, "cli_parse_signal(\"%s\") = %d, sig %d, want %d", good[k].s, rc, sig,
              good[k].sig);
    }
    const char *const bad[] = {"", "SIG", "NOPE", "SIGNOPE", "9x", "-9", "KILL9", "1000"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        int sig = -7;
        CHECK(cli_parse_signal(bad[k], &sig) == -1, "cli_parse_signal(\"%s\") accepted (%d)", bad[k], sig);
    }
}

/* ---- cli_parse_threads --------------------------------------------------- */

static void test_parse_threads_good(void)
{
    static const unsigned l4[] = {4}, l1248[] = {1, 2, 4, 8}, l18[] = {1, 2, 3, 4, 5, 6, 7, 8},
                          l138[] = {1, 2, 3, 8}, lmax[] = {7}, lmix[] = {7, 2, 3, 4096};
    const struct {
        const char *s;
        const unsigned *want;
        size_t n;
    } cases[] = {
        {"4", l4, 1}, {"1,2,4,8", l1248, 4}, {"1-8", l18, 8}, {"1-3,8", l138, 4},
        {"max", lmax, 1}, {"max,2-3,4096", lmix, 4},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        unsigned *list = NULL;
        size_t n = 0;
        struct err e = {0};
        int rc = cli_parse_threads(cases[k].s, 7 /* "max" */, &list, &n, &e);
        if (!CHECK(rc == 0, "cli_parse_threads(\"%s\") failed: %s", cases[k].s, e.msg))
            continue;
        bool same = n == cases[k].n;
        for (size_t i = 0; same && i < n; i++)
            same = list[i] == cases[k].want[i];
        CHECK(same, "cli_parse_threads(\"%s\") gave %zu entries, first %u", cases[k].s, n, n ? list[0] : 0);
        free(list);
    }
    /* "max" is the CPUs of the affinity mask */
    unsigned cpus = mask_cpus();
    CHECK(pin_cpu_count() == cpus, "pin_cpu_count() = %u, the affinity mask has %u", pin_cpu_count(), cpus);
    unsigned *list = NULL;
    size_t n = 0;
    struct err e = {0};
    if (CHECK(cli_parse_threads("max", pin_cpu_count(), &list, &n, &e) == 0, "max: %s", e.msg)) {
        CHECK(n == 1 && list[0] == cpus, "max gave %u, want %u", n ? list[0] : 0, cpus);
        free(list);
    }
}

static void test_parse_threads_bad(void)
{
    const char *const bad[] = {"", "0", "4097", "1,,2", "1,", ",1", ",", "8-1", "a", "1-", "-3", "-",
                               "1-4097", "0-3", "1-2-3", "max-4", "MAX", "1 ,2", "2x", "1-a"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        unsigned *list = NULL;
        size_t n = 0;
        struct err e = {0};
        int rc = cli_parse_threads(bad[k], 4, &list, &n, &e);
        CHECK(rc == -1 && e.code == EXIT_USAGE && e.msg[0] && !strchr(e.msg, '\n'),
              "cli_parse_threads(\"%s\") = %d (code %d, '%s')", bad[k], rc, e.code, e.msg);
        if (rc == 0)
            free(list);
    }
    /* A list longer than THREAD_LIST_MAX entries. */
    unsigned *list = NULL;
    size_t n = 0;
    struct err e = {0};
    int rc = cli_parse_threads("1-4096,1", 4, &list, &n, &e);
    CHECK(rc == -1 && e.code == EXIT_USAGE, "a list of %u entries was accepted", THREAD_LIST_MAX + 1);
    if (rc == 0)
        free(list);
    rc = cli_parse_threads("1-4096", 4, &list, &n, &e);
    if (CHECK(rc == 0 && n == THREAD_LIST_MAX && list[4095] == 4096, "1-4096 was refused: %s", e.msg))
        free(list);
}

/* ---- cli_parse ------------------------------------------------------------ */

static void test_parse_defaults(void)
{
    struct config cfg;
    struct err e;
    REQUIRE(parse(&cfg, &e, NULL) == CLI_RUN, "no options: %s", e.msg);
    CHECK(cfg.workload == WL_SUMSQ && cfg.split == SPLIT_WEAK, "default workload %d split %d", cfg.workload, cfg.split);
    CHECK(cfg.size == 40000000ULL, "default size %llu", (unsigned long long)cfg.size);
    CHECK(cfg.reps == 5 && cfg.warmup == 1, "default reps %u warmup %u", cfg.reps, cfg.warmup);
    CHECK(cfg.nthreads == 1 && cfg.threads && cfg.threads[0] == 1, "default threads");
    CHECK(cfg.csv_path == NULL && cfg.timeline_path == NULL, "default outputs");
    CHECK(!cfg.quiet && cfg.pin == PIN_NONE && cfg.fault_worker < 0 && cfg.mode == NULL && !cfg.allow_gil,
          "default flags");
    cli_free(&cfg);
    CHECK(cfg.threads == NULL && cfg.nthreads == 0, "cli_free leaves the list behind");

    REQUIRE(parse(&cfg, &e, "-w", "nqueens", NULL) == CLI_RUN, "-w nqueens: %s", e.msg);
    CHECK(cfg.workload == WL_NQUEENS && cfg.split == SPLIT_RR && cfg.size == 14,
          "nqueens defaults: split %d size %llu", cfg.split, (unsigned long long)cfg.size);
    cli_free(&cfg);
}

/* Every option, short and long, and its effect on the config. */
static void test_parse_options(void)
{
    struct config cfg;
    struct err e;
    static const char *const forms[][2] = {{"-w", "--workload"}, {"-n", "--size"}, {"-t", "--threads"},
                                           {"-s", "--split"},    {"-r", "--reps"}, {"-o", "--csv"}};
    for (int f = 0; f < 2; f++) {
        enum cli_status st = parse(&cfg, &e, forms[0][f], "nqueens", forms[1][f], "9", forms[2][f], "1-3,8",
                                   forms[3][f], "dynamic", forms[4][f], "7", forms[5][f], "out.csv", NULL);
        if (!CHECK(st == CLI_RUN, "%s form: %s", f ? "long" : "short", e.msg))
            continue;
        CHECK(cfg.workload == WL_NQUEENS && cfg.size == 9 && cfg.split == SPLIT_DYNAMIC && cfg.reps == 7,
              "%s form: workload %d size %llu split %d reps %u", f ? "long" : "short", cfg.workload,
              (unsigned long long)cfg.size, cfg.split, cfg.reps);
        CHECK(cfg.nthreads == 4 && cfg.threads[0] == 1 && cfg.threads[2] == 3 && cfg.threads[3] == 8, "threads");
        CHECK(cfg.csv_path && strcmp(cfg.csv_path, "out.csv") == 0, "csv path");
        cli_free(&cfg);
    }
    /* --opt=value and -nVALUE */
    if (CHECK(parse(&cfg, &e, "--size=123", "-r3", "--warmup=4", "-s", "strong", NULL) == CLI_RUN, "%s", e.msg)) {
        CHECK(cfg.size == 123 && cfg.reps == 3 && cfg.warmup == 4 && cfg.split == SPLIT_STRONG, "attached values");
        cli_free(&cfg);
    }
    if (CHECK(parse(&cfg, &e, "--warmup", "0", "--timeline", "tl.csv", "--pin", "cores", "-q", NULL) == CLI_RUN,
              "%s", e.msg)) {
        CHECK(cfg.warmup == 0 && cfg.timeline_path && strcmp(cfg.timeline_path, "tl.csv") == 0 &&
                  cfg.pin == PIN_CORES && cfg.quiet,
              "--warmup --timeline --pin -q");
        cli_free(&cfg);
    }
    if (CHECK(parse(&cfg, &e, "--pin", "none", "--quiet", NULL) == CLI_RUN, "%s", e.msg)) {
        CHECK(cfg.pin == PIN_NONE && cfg.quiet, "--pin none --quiet");
        cli_free(&cfg);
    }
    if (CHECK(parse(&cfg, &e, "-t", "4", "--inject-fault", "2:KILL", NULL) == CLI_RUN, "%s", e.msg)) {
        CHECK(cfg.fault_worker == 2 && cfg.fault_signal == SIGKILL, "--inject-fault 2:KILL gave %d:%d",
              cfg.fault_worker, cfg.fault_signal);
        cli_free(&cfg);
    }
    if (CHECK(parse(&cfg, &e, "-t", "2", "--inject-fault", "1:0", NULL) == CLI_RUN, "%s", e.msg)) {
        CHECK(cfg.fault_worker == 1 && cfg.fault_signal == 0, "--inject-fault 1:0");
        cli_free(&cfg);
    }
    if (CHECK(parse(&cfg, &e, "-t", "max", NULL) == CLI_RUN, "%s", e.msg)) {
        CHECK(cfg.nthreads == 1 && cfg.threads[0] == mask_cpus(), "-t max gave %u", cfg.threads[0]);
        cli_free(&cfg);
    }
    /* the largest sizes are accepted */
    if (CHECK(parse(&cfg, &e, "-n", "10000000000", NULL) == CLI_RUN, "%s", e.msg)) {
        CHECK(cfg.size == 10000000000ULL, "N = 10^10");
        cli_free(&cfg);
    }
    if (CHECK(parse(&cfg, &e, "-w", "nqueens", "-n", "20", "-s", "rr", NULL) == CLI_RUN, "%s", e.msg)) {
        CHECK(cfg.size == 20, "n = 20");
        cli_free(&cfg);
    }
    /* help and version stop with success */
    const char *const stop[] = {"-h", "--help", "-V", "--version"};
    for (size_t k = 0; k < sizeof stop / sizeof stop[0]; k++) {
        CHECK(parse(&cfg, &e, stop[k], NULL) == CLI_EXIT, "%s did not stop with success", stop[k]);
        cli_free(&cfg);
    }
}

/* Each of these is bad input: CLI_ERROR, EXIT_USAGE, a one-line message. */
const char *const cli_bad_args[][6] = {
    {"--bogus"},
    {"-x"},
    {"-w", "foo"},
    {"-s", "foo"},
    {"-w", "sumsq", "-s", "rr"},
    {"-w", "sumsq", "-s", "dynamic"},
    {"-w", "nqueens", "-s", "weak"},
    {"-s", "dynamic"},
    {"-n", "0"},
    {"-n", "10000000001"},
    {"-n", "-5"},
    {"-n", "1k"},
    {"-w", "nqueens", "-n", "0"},
    {"-w", "nqueens", "-n", "21"},
    {"-t", "0"},
    {"-t", "4097"},
    {"-t", "1,,2"},
    {"-t", "8-1"},
    {"-t", "a"},
    {"-t", "1-"},
    {"-r", "0"},
    {"-r", "x"},
    {"--warmup", "-1"},
    {"--pin", "sockets"},
    {"-n"},
    {"--size"},
    {"-t", "2", "-o"},
    {"--mode", "threads"},
    {"--allow-gil"},
    {"--inject-fault", "2"},
    {"--inject-fault", "x:KILL"},
    {"--inject-fault", "1:NOPE"},
    {"-t", "2", "--inject-fault", "2:KILL"},
    {"stray"},
    {"--help=yes"},
};
const size_t cli_bad_args_count = sizeof cli_bad_args / sizeof cli_bad_args[0];
#define N_BAD cli_bad_args_count

/* The arguments of one cli_bad_args row, joined for messages. */
static const char *joined(const char *const *a, char *buf, size_t size)
{
    buf[0] = '\0';
    for (size_t i = 0; i < 6 && a[i]; i++)
        snprintf(buf + strlen(buf), size - strlen(buf), "%s%s", i ? " " : "", a[i]);
    return buf;
}

/* What a parse in a child process gave. */
struct parse_outcome {
    int returned;   /* 1: cli_parse returned and st, e are its results */
    int sig, code;  /* else: the child died of sig, or exited with code */
    enum cli_status st;
    struct err e;
};

/* Parses one cli_bad_args row in a forked child, so a crash in cli_parse is a
 * failed check, not the end of the test run. */
static void parse_isolated(const char *const *a, struct parse_outcome *out)
{
    *out = (struct parse_outcome){.code = -1, .st = CLI_RUN};
    int fd[2];
    if (pipe(fd) != 0)
        return;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close(fd[0]);
        close(fd[1]);
        return;
    }
    if (pid == 0) {
        close(fd[0]);
        struct parse_outcome o = {.returned = 1};
        struct config cfg;
        o.st = parse(&cfg, &o.e, a[0], a[1], a[2], a[3], a[4], a[5]);
        ssize_t n = write(fd[1], &o, sizeof o);
        _exit(n == (ssize_t)sizeof o ? 0 : 1);
    }
    close(fd[1]);
    struct parse_outcome o;
    size_t got = 0;
    ssize_t n;
    while (got < sizeof o && ((n = read(fd[0], (char *)&o + got, sizeof o - got)) > 0 || (n < 0 && errno == EINTR)))
        got += n > 0 ? (size_t)n : 0;
    close(fd[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (WIFSIGNALED(status)) {
        out->sig = WTERMSIG(status);
    } else if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && got == sizeof o) {
        *out = o;
        out->returned = 1;
    } else if (WIFEXITED(status)) {
        out->code = WEXITSTATUS(status); /* a sanitizer's report ends this way */
    }
}

static void test_parse_errors(void)
{
    for (size_t k = 0; k < N_BAD; k++) {
        const char *const *a = cli_bad_args[k];
        char what[128];
        struct parse_outcome o;
        parse_isolated(a, &o);
        joined(a, what, sizeof what);
        if (!CHECK(o.returned, "'%s': cli_parse did not return (signal %d, exit status %d)", what, o.sig, o.code))
            continue;
        CHECK(o.st == CLI_ERROR && o.e.code == EXIT_USAGE && o.e.msg[0] && !strchr(o.e.msg, '\n'),
              "'%s': status %d code %d message '%s'", what, o.st, o.e.code, o.e.msg);
    }
}

/* cli_parse is called once per process by the binaries, but it resets
 * getopt itself (optind = 1), so it is meant to be callable again.  With
 * optind = 1 glibc keeps its position inside a bundle of short options, so
 * a parse that stopped inside "-xq" leaks the rest into the next one. */
static void test_parse_again_after_bundle(void)
{
    struct config cfg;
    struct err e;
    /* string literals: the stale position stays valid memory */
    CHECK(parse(&cfg, &e, "-xq", NULL) == CLI_ERROR, "-xq accepted");
    cli_free(&cfg);
    enum cli_status st = parse_no_reset(&cfg, &e, "-w", "nqueens", NULL);
    if (CHECK(st == CLI_RUN, "after a failed '-xq', a good '-w nqueens' gave status %d: %s", st, e.msg)) {
        CHECK(cfg.workload == WL_NQUEENS && !cfg.quiet, "after '-xq': workload %d quiet %d", cfg.workload, cfg.quiet);
    }
    cli_free(&cfg);
    CHECK(parse(&cfg, &e, "-hq", NULL) == CLI_EXIT, "-hq did not stop");
    cli_free(&cfg);
    st = parse_no_reset(&cfg, &e, "-n", "5", NULL);
    if (CHECK(st == CLI_RUN, "after '-hq', a good '-n 5' gave status %d: %s", st, e.msg))
        CHECK(cfg.size == 5 && !cfg.quiet, "after '-hq': size %llu quiet %d", (unsigned long long)cfg.size, cfg.quiet);
    cli_free(&cfg);
    getopt_reset();
}

static CU_TestInfo parse_tests[] = {
    {"cli_parse_u64", test_parse_u64},
    {"cli_parse_signal", test_parse_signal},
    {"cli_parse_threads: good lists", test_parse_threads_good},
    {"cli_parse_threads: bad lists", test_parse_threads_bad},
    {"cli_parse: defaults", test_parse_defaults},
    {"cli_parse: every option", test_parse_options},
    {"cli_parse: bad input is EXIT_USAGE", test_parse_errors},
    {"cli_parse: a second call after a stopped bundle", test_parse_again_after_bundle},
    CU_TEST_INFO_NULL,
};

CU_SuiteInfo cli_suites[] = {
    {"cli/parse", NULL, NULL, NULL, NULL, parse_tests},
    CU_SUITE_INFO_NULL,
};
