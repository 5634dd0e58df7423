/* util.c - helpers shared by the test files: formatted checks, reference
 * answers computed without the code under test, temp files, and running
 * the model binaries as child processes (through runner/child.c's
 * child_exec, the runner's own fork/poll/wait). */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../runner/child.h"
#include "catalog.h"
#include "csvread.h"
#include "tests.h"

/* Room for one failure message. */
#define CHECK_MSG_MAX 1024

bool t_check(bool ok, const char *file, unsigned line, const char *func, const char *fmt, ...)
{
    if (ok) {
        CU_assertImplementation(CU_TRUE, line, "", file, func, CU_FALSE);
        return true;
    }
    char msg[CHECK_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    CU_assertImplementation(CU_FALSE, line, msg, file, func, CU_FALSE);
    return false;
}

const char *t_u128(u128 v, char buf[U128_DEC_MAX])
{
    /* Two halves of at most 19 decimal digits each, printed with printf. */
    const uint64_t e19 = 10000000000000000000ULL;
    u128 hi = v / e19;
    uint64_t lo = (uint64_t)(v % e19);
    if (hi == 0)
        snprintf(buf, U128_DEC_MAX, "%llu", (unsigned long long)lo);
    else if (hi / e19 == 0)
        snprintf(buf, U128_DEC_MAX, "%llu%019llu", (unsigned long long)hi, (unsigned long long)lo);
    else
        snprintf(buf, U128_DEC_MAX, "%llu%019llu%019llu", (unsigned long long)(hi / e19),
                 (unsigned long long)(hi % e19), (unsigned long long)lo);
    return buf;
}

/* ---- reference answers -------------------------------------------------- */

const uint64_t oeis_a000170[21] = {
    1,          1,          0,           0,           2,          10,        4,
    40,         92,         352,         724,         2680,       14200,     73712,
    365596,     2279184,    14772512,    95815104,    666090624,  4968057848ULL,
    39029188884ULL,
};

u128 ref_sumsq_loop(uint64_t lo, uint64_t hi)
{
    u128 s = 0;
    for (uint64_t i = lo; i < hi; i++)
        s += (u128)i * (u128)i;
    return s;
}

u128 ref_sumsq(uint64_t n)
{
    if (n == 0)
        return 0;
    uint64_t f[3] = {n - 1, n, 2 * n - 1};
    /* n-1 and n are consecutive: one is even.  2n-1 is odd. */
    if (f[0] % 2 == 0)
        f[0] /= 2;
    else
        f[1] /= 2;
    /* n = 0, 1, 2 (mod 3): n, n-1 or 2n-1 is a multiple of 3. */
    for (int i = 0; i < 3; i++)
        if (f[i] % 3 == 0) {
            f[i] /= 3;
            break;
        }
    return (u128)f[0] * f[1] * f[2];
}

struct board {
    unsigned n;
    unsigned q[64]; /* column of the queen in each row placed so far */
};

static bool safe(const struct board *b, unsigned row, unsigned col)
{
    for (unsigned r = 0; r < row; r++) {
        unsigned c = b->q[r];
        unsigned dc = c > col ? c - col : col - c;
        if (c == col || dc == row - r)
            return false;
    }
    return true;
}

static uint64_t solve(struct board *b, unsigned row, uint64_t *calls)
{
    (*calls)++;
    if (row == b->n)
        return 1;
    uint64_t count = 0;
    for (unsigned col = 0; col < b->n; col++)
        if (safe(b, row, col)) {
            b->q[row] = col;
            count += solve(b, row + 1, calls);
        }
    return count;
}

uint64_t ref_nqueens(unsigned n, const unsigned *prefix, unsigned rows)
{
    struct board b = {.n = n};
    for (unsigned r = 0; r < rows; r++)
        b.q[r] = prefix[r];
    uint64_t calls = 0;
    return solve(&b, rows, &calls);
}

uint64_t ref_nqueens_nodes(unsigned n)
{
    struct board b = {.n = n};
    uint64_t calls = 0;
    solve(&b, 0, &calls);
    return calls;
}

/* ---- files -------------------------------------------------------------- */

char *tmpdir_make(void)
{
    char *dir = strdup("/tmp/study-unit-XXXXXX");
    if (dir && !mkdtemp(dir)) {
        free(dir);
        return NULL;
    }
    return dir;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

void tmpdir_remove(char *dir)
{
    if (!dir)
        return;
    nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
    free(dir);
}

char *path_in(char *buf, const char *dir, const char *name)
{
    snprintf(buf, PATH_MAX, "%s/%s", dir, name);
    return buf;
}

char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (n + 1 < cap)
            break;
        char *more = realloc(buf, cap * 2);
        if (!more) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = more;
        cap *= 2;
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        if (len)
            *len = n;
    }
    return buf;
}

int write_file(const char *path, const char *s)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t len = strlen(s);
    int ok = fwrite(s, 1, len, f) == len;
    return fclose(f) == 0 && ok ? 0 : -1;
}

bool file_exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

/* ---- processes ---------------------------------------------------------- */

int proc_run(char *const argv[], struct proc *p)
{
    /* No process group of its own and no cap on the output: a test sees
     * what the program leaves behind, and all it wrote. */
    static const struct child_opts plain = {0};
    struct child_exit x;
    char why[128];
    int rc = child_exec(argv, &plain, &x, why, sizeof why);
    if (rc) {
        child_exit_free(&x);
        *p = (struct proc){0};
        return -1;
    }
    *p = (struct proc){.out = x.out, .err = x.err, .out_len = x.out_len, .err_len = x.err_len};
    if (WIFEXITED(x.status)) {
        p->exited = 1;
        p->code = WEXITSTATUS(x.status);
    } else if (WIFSIGNALED(x.status)) {
        p->signaled = 1;
        p->sig = WTERMSIG(x.status);
    }
    return 0;
}

void proc_free(struct proc *p)
{
    free(p->out);
    free(p->err);
    p->out = p->err = NULL;
}

bool proc_each(const char *file, bool (*fn)(pid_t pid, char *text, size_t len, void *arg), void *arg)
{
    DIR *d = opendir("/proc");
    struct dirent *de;
    bool stopped = false;
    while (d && !stopped && (de = readdir(d))) {
        char path[300], buf[4096];
        if (de->d_name[0] < '0' || de->d_name[0] > '9')
            continue;
        snprintf(path, sizeof path, "/proc/%s/%s", de->d_name, file);
        int fd = open(path, O_RDONLY);
        if (fd < 0)
            continue; /* gone since the listing, or not ours to read */
        ssize_t len = read(fd, buf, sizeof buf - 1);
        close(fd);
        if (len <= 0)
            continue;
        buf[len] = '\0';
        stopped = fn((pid_t)atoi(de->d_name), buf, (size_t)len, arg);
    }
    if (d)
        closedir(d);
    return stopped;
}

static bool cmdline_holds(pid_t pid, char *text, size_t len, void *needle)
{
    (void)pid;
    for (size_t i = 0; i < len; i++)
        if (!text[i])
            text[i] = ' '; /* the arguments, NUL-separated, as one string */
    return strstr(text, needle) != NULL;
}

bool process_with_arg(const char *needle)
{
    return proc_each("cmdline", cmdline_holds, (void *)needle);
}

void fake_bin(const char *dir, const char *name, const char *script)
{
    char path[PATH_MAX];
    path_in(path, dir, name);
    write_file(path, script);
    chmod(path, 0755);
}

char *study_bin(char *buf, const char *model)
{
    const char *dir = getenv("STUDY_BIN");
    if (!dir || !*dir)
        return NULL;
    snprintf(buf, PATH_MAX, "%s/%s", dir, model);
    return buf;
}

int run_tool(const char *tool, const char *const *args, struct proc *p)
{
    char bin[PATH_MAX];
    if (!study_bin(bin, tool))
        return -1;
    const char *argv[RUN_TOOL_ARGS_MAX + 2] = {bin};
    size_t k = 1;
    for (; *args && k <= RUN_TOOL_ARGS_MAX; args++)
        argv[k++] = *args;
    argv[k] = NULL;
    return proc_run((char *const *)argv, p);
}

/* ---- interpreters -------------------------------------------------------- */

/* Whether var is set to a true value ("true", "1", "yes"), as CI sets CI. */
static bool env_true(const char *var)
{
    const char *v = getenv(var);
    return v && (!strcmp(v, "true") || !strcmp(v, "1") || !strcmp(v, "yes"));
}

/* Interpreters the project builds only on request (make pythons
 * WITH=<tag>, catalog.h's optional column): CI=true does not require
 * them, STUDY_REQUIRE_PYTHONS may. */
static bool python_optional(const char *tag)
{
    for (int f = FAM_PY_FIRST; f < FAM_OTHER; f++)
        if (!strcmp(catalog_families[f].tag, tag))
            return catalog_families[f].optional;
    return false;
}

bool t_python_required(const char *tag)
{
    if (env_true("CI") && !python_optional(tag))
        return true;
    const char *req = getenv("STUDY_REQUIRE_PYTHONS");
    if (!req)
        return false;
    if (!strcmp(tag, "any")) /* any interpreter will do: required when one is */
        return strspn(req, " ") < strlen(req);
    char list[256], want[64];
    snprintf(list, sizeof list, " %s ", req);
    snprintf(want, sizeof want, " %s ", tag);
    return strstr(list, want) != NULL;
}

char *t_python_path(const char *binary, char path[PATH_MAX])
{
    const char *dir = getenv("PYTHONS_DIR");
    snprintf(path, PATH_MAX, "%s/%s", dir && *dir ? dir : ".pythons", binary);
    return path;
}

/* PYTHONS_DIR/tag into path when it is there and executable. */
static bool python_at(const char *tag, char path[PATH_MAX])
{
    return access(t_python_path(tag, path), X_OK) == 0;
}

bool t_python_missing(const char *what, const char *tag, const char *why)
{
    char line[512];
    snprintf(line, sizeof line, "%s: no Python %s (%s; run `make pythons`)", what,
             strcmp(tag, "any") ? tag : "interpreter", why);
    if (t_python_required(tag)) {
        CHECK(false, "%s, and it is required here (CI=true or STUDY_REQUIRE_PYTHONS)", line);
        return false;
    }
    printf("\nSKIP %s\n", line);
    return true;
}

bool t_python(const char *tag, const char *what, char path[PATH_MAX])
{
    if (python_at(tag, path))
        return true;
    char why[PATH_MAX + 32];
    snprintf(why, sizeof why, "%s is not there", path);
    t_python_missing(what, tag, why);
    return false;
}

bool t_python_any(const char *what, char path[PATH_MAX])
{
    for (int f = FAM_PY_FIRST; f < FAM_OTHER; f++)
        if ((int)catalog_families[f].runs == f && python_at(catalog_families[f].tag, path))
            return true;
    /* Any python3 on PATH will do as well. */
    const char *env_path = getenv("PATH");
    char dirs[4096];
    snprintf(dirs, sizeof dirs, "%s", env_path ? env_path : "/usr/bin:/bin");
    for (char *save = NULL, *d = strtok_r(dirs, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
        snprintf(path, PATH_MAX, "%s/python3", d);
        if (access(path, X_OK) == 0)
            return true;
    }
    t_python_missing(what, "any", "none in PYTHONS_DIR, no python3 on PATH");
    return false;
}

int t_python_gil(const char *python, const char *env)
{
    /* sys._is_gil_enabled() where it exists (3.13+); else the build's
     * configuration: a build without Py_GIL_DISABLED always has a GIL. */
    static const char probe[] = "import sys, sysconfig\n"
                                "probe = getattr(sys, '_is_gil_enabled', None)\n"
                                "print(int(probe()) if probe else 0 if sysconfig.get_config_var('Py_GIL_DISABLED') "
                                "else 1)\n";
    char *argv[8];
    size_t k = 0;
    argv[k++] = "/usr/bin/env";
    if (env)
        argv[k++] = (char *)env;
    argv[k++] = (char *)python;
    argv[k++] = "-s";
    argv[k++] = "-c";
    argv[k++] = (char *)probe;
    argv[k] = NULL;
    struct proc p;
    if (proc_run(argv, &p) != 0)
        return -1;
    int gil = p.exited && p.code == 0 && (!strcmp(p.out, "0\n") || !strcmp(p.out, "1\n")) ? p.out[0] - '0' : -1;
    proc_free(&p);
    return gil;
}

/* Rows remembered for the repeat check; a study in the tests has fewer. */
#define RAW_KEYS_MAX 4096
#define RAW_KEY_CHARS 160

long raw_rows(const char *dir, bool torn_ok, int *dups)
{
    char path[PATH_MAX];
    size_t len = 0;
    char *text = slurp(path_in(path, dir, "raw.csv"), &len);
    *dups = 0;
    if (!text)
        return -1;
    if (torn_ok) {
        char *end = strrchr(text, '\n');
        len = end ? (size_t)(end - text) + 1 : 0;
    }
    struct csv_reader r;
    struct err e;
    long rows = -1;
    char (*keys)[RAW_KEY_CHARS] = calloc(RAW_KEYS_MAX, sizeof *keys);
    if (keys && csvr_open_mem(&r, text, len, path, &e) == 0) {
        size_t width = 0;
        int got;
        rows = 0;
        /* Columns by name: impl, round, workload, split, size, threads,
         * rep, and proc (absent from a model's own CSV). */
        static const char *const names[] = {"impl", "round", "workload", "split", "size", "threads", "rep", "proc"};
        size_t col[8] = {0};
        bool has_proc = false;
        while ((got = csvr_next(&r, &e)) == 1) {
            if (!width) {
                width = r.nfields;
                size_t found = 0;
                for (size_t k = 0; k < 8; k++)
                    for (size_t i = 0; i < r.nfields; i++)
                        if (!strcmp(r.fields[i], names[k])) {
                            col[k] = i;
                            found++;
                            has_proc |= k == 7;
                            break;
                        }
                if (found < 7) {
                    rows = -1;
                    break;
                }
                continue;
            }
            if (r.nfields != width) {
                rows = -1;
                break;
            }
            char key[RAW_KEY_CHARS];
            /* A ceiling cell's T copies share their round: each is told
             * apart by its proc. */
            bool copies = has_proc && !strcmp(r.fields[col[0]], "ceiling");
            snprintf(key, sizeof key, "%s|%s|%s|%s|%s|%s|%s|%s", r.fields[col[0]], r.fields[col[1]], r.fields[col[2]],
                     r.fields[col[3]], r.fields[col[4]], r.fields[col[5]], r.fields[col[6]],
                     copies ? r.fields[col[7]] : "");
            for (long i = 0; i < rows && i < RAW_KEYS_MAX; i++)
                *dups += !strcmp(keys[i], key);
            if (rows < RAW_KEYS_MAX)
                snprintf(keys[rows], sizeof keys[rows], "%s", key);
            rows++;
        }
        if (got < 0)
            rows = -1;
        csvr_close(&r);
    }
    free(keys);
    free(text);
    return rows;
}

/* Data rows in the raw.csv of the first results folder under root (a
 * study writes one folder; results/latest comes only at its end). */
static long rows_under(const char *root)
{
    DIR *d = opendir(root);
    if (!d)
        return -1;
    long rows = -1;
    struct dirent *de;
    while (rows < 0 && (de = readdir(d))) {
        if (de->d_name[0] == '.' || !strcmp(de->d_name, "latest"))
            continue;
        char path[PATH_MAX];
        snprintf(path, sizeof path, "%s/%s/raw.csv", root, de->d_name);
        FILE *f = fopen(path, "r");
        if (!f)
            continue;
        rows = 0;
        int c;
        while ((c = getc(f)) != EOF)
            rows += c == '\n';
        rows -= rows > 0; /* the header */
        fclose(f);
    }
    closedir(d);
    return rows;
}

bool wait_until(bool (*cond)(const void *arg), const void *arg, pid_t pid, double timeout_s)
{
    struct timespec t0, now, tick = {0, 1000 * 1000};
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        if (cond(arg))
            return true;
        siginfo_t info = {0};
        /* WNOWAIT: the caller still reaps it and reads its status. */
        if (pid > 0 && waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid)
            return cond(arg); /* it ended first */
        clock_gettime(CLOCK_MONOTONIC, &now);
        if ((double)(now.tv_sec - t0.tv_sec) + (double)(now.tv_nsec - t0.tv_nsec) / 1e9 > timeout_s)
            return false;
        /* A poll interval, not a guess at how long anything takes. */
        nanosleep(&tick, NULL);
    }
}

struct rows_wanted {
    const char *root;
    long rows;
};

static bool rows_reached(const void *arg)
{
    const struct rows_wanted *w = arg;
    return rows_under(w->root) >= w->rows;
}

bool wait_for_rows(const char *root, long rows, pid_t pid, double timeout_s)
{
    const struct rows_wanted w = {root, rows};
    return wait_until(rows_reached, &w, pid, timeout_s);
}

static bool path_there(const void *arg)
{
    return file_exists(arg);
}

bool wait_for_file(const char *path, pid_t pid, double timeout_s)
{
    return wait_until(path_there, path, pid, timeout_s);
}

/* ---- meta.json ------------------------------------------------------------ */

json_t *t_meta(const char *dir)
{
    char path[PATH_MAX];
    json_error_t je;
    json_t *doc = json_load_file(path_in(path, dir, "meta.json"), 0, &je);
    if (!json_is_object(doc))
        CHECK(false, "%s: not a JSON object: %s (line %d)", path, doc ? "another value" : je.text, je.line);
    return doc;
}

double t_json_num(const json_t *obj, const char *key)
{
    const json_t *v = json_object_get(obj, key);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

long long t_json_int(const json_t *obj, const char *key)
{
    const json_t *v = json_object_get(obj, key);
    return json_is_integer(v) ? (long long)json_integer_value(v) : LLONG_MIN;
}

bool t_json_is(const json_t *obj, const char *key, const char *want)
{
    const char *v = json_string_value(json_object_get(obj, key));
    return v && !strcmp(v, want);
}

/* ---- a model held at one call ------------------------------------------- */

const struct t_signal t_stop_signals[T_STOP_SIGNALS] = {{SIGINT, "SIGINT"}, {SIGTERM, "SIGTERM"}, {SIGHUP, "SIGHUP"}};

bool held_model_make(struct held_model *h, const char *models, unsigned hold)
{
    char real[PATH_MAX], script[6 * PATH_MAX], names[256];
    *h = (struct held_model){0};
    if (!(h->dir = tmpdir_make()) || !study_bin(real, "x"))
        return false;
    *strrchr(real, '/') = '\0'; /* the real bin folder */
    path_in(h->held, h->dir, "held");
    path_in(h->release, h->dir, "release");
    path_in(h->log, h->dir, "calls.log");
    if (mkfifo(h->release, 0600) != 0)
        return false;
    snprintf(names, sizeof names, "%s", models);
    for (char *save = NULL, *m = strtok_r(names, " ", &save); m; m = strtok_r(NULL, " ", &save)) {
        char path[PATH_MAX];
        /* The runner runs one child at a time, so the log's length is
         * this call's number. */
        snprintf(script, sizeof script,
                 "#!/bin/sh\n"
                 "echo \"$*\" >> '%s'\n"
                 "if [ \"$(wc -l < '%s')\" -eq %u ]; then\n"
                 "    : > '%s'\n"
                 "    read go < '%s'\n"
                 "fi\n"
                 "exec '%s/%s' \"$@\"\n",
                 h->log, h->log, hold, h->held, h->release, real, m);
        if (write_file(path_in(path, h->dir, m), script) || chmod(path, 0755))
            return false;
    }
    return true;
}

bool held_model_release(struct held_model *h)
{
    /* Blocks until the held call has the FIFO open for reading. */
    int fd = open(h->release, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    bool ok = write(fd, "go\n", 3) == 3;
    return close(fd) == 0 && ok;
}

long held_model_calls(const struct held_model *h, const char *needle)
{
    char *log = slurp(h->log, NULL);
    long n = 0;
    for (char *line = log, *end; line && *line; line = end + 1) {
        end = strchr(line, '\n');
        if (!end)
            break;
        *end = '\0';
        n += !needle || strstr(line, needle) != NULL;
    }
    free(log);
    return n;
}

void held_model_free(struct held_model *h)
{
    tmpdir_remove(h->dir);
    h->dir = NULL;
}

int t_python_gil_of(const char *suite, const char *tag, const char *binary, const char *env)
{
    char py[PATH_MAX];
    int gil = t_python_gil(t_python_path(binary, py), env);
    if (gil < 0)
        printf("\n%s %s: cannot ask %s whether it has a GIL\n", suite, tag, py);
    return gil;
}

bool t_has_word(const char *list, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = list; (p = strstr(p, word)); p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
            return true;
    return false;
}
