/* sampler.c - the CPU-time sampler (see sampler.h for the contract). */
#define _GNU_SOURCE
#include "sampler.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "the board is shared with forked workers: its atomics must be lock-free");

#define NS_PER_S 1000000000L
/* Samples room for at the start, per worker: a second at 1 ms. */
#define SAMPLES_INITIAL_PER_WORKER 1024u
/* "/proc/<pid>/task/<tid>/schedstat" */
#define PROC_PATH_MAX 64
#define SCHEDSTAT_LINE_MAX 96

/* How the sampling thread reads one worker (sampler.h), by the names the
 * CSV's clock column gives them. */
#define SOURCE_TABLE(X)                                                      \
    X(SRC_NONE, "")                                                          \
    X(SRC_THREAD, "thread")                                                  \
    X(SRC_PROCESS, "process")                                                \
    X(SRC_SCHEDSTAT, "schedstat")
#define SRC_ENUM(id, name) id,
enum source { SOURCE_TABLE(SRC_ENUM) };
#undef SRC_ENUM
#define SRC_NAME(id, name) name,
static const char *const source_names[] = {SOURCE_TABLE(SRC_NAME)};
#undef SRC_NAME

/* The sampling thread's own view of a worker: touched by that thread only
 * between start and stop, by the caller only outside them. */
struct track {
    enum source src;  /* SRC_NONE until the worker has registered */
    bool gone;        /* its clock or /proc entry has gone: no more reads */
    clockid_t clock;  /* SRC_THREAD, SRC_PROCESS */
    int fd;           /* SRC_SCHEDSTAT */
};

struct sampler {
    unsigned workers;
    struct sampler_entry *board; /* [workers], MAP_SHARED */
    struct track *track;         /* [workers] */
    struct sampler_sample *samples;
    size_t n, cap;
    bool truncated;
    size_t ticks;                /* the sampling thread's own count ... */
    int64_t own_cpu_ns;          /* ... and CPU time, read after the join */
    pid_t self;
    pthread_t thread;
    bool running;                /* the caller's: the thread exists */
    pthread_mutex_t mu;
    pthread_cond_t cv;           /* on CLOCK_MONOTONIC */
    bool stop;                   /* under mu */
};

void sampler_register(struct sampler_entry *board, unsigned w)
{
    if (!board)
        return;
    struct sampler_entry *me = &board[w];
    me->pid = getpid();
    me->has_clock = pthread_getcpuclockid(pthread_self(), &me->clock) == 0;
    atomic_store_explicit(&me->tid, gettid(), memory_order_release);
}

static int64_t ts_ns(const struct timespec *ts)
{
    return (int64_t)ts->tv_sec * NS_PER_S + ts->tv_nsec;
}

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts_ns(&ts);
}

int sampler_create(struct sampler **out, unsigned workers, struct err *e)
{
    struct sampler *s = calloc(1, sizeof *s);
    if (!s)
        return err_set(e, EXIT_RUN_FAILED, "out of memory for the sampler");
    s->workers = workers;
    s->cap = (size_t)workers * SAMPLES_INITIAL_PER_WORKER;
    if (s->cap > SAMPLER_SAMPLES_MAX)
        s->cap = SAMPLER_SAMPLES_MAX;
    s->track = calloc(workers, sizeof *s->track);
    s->samples = malloc(s->cap * sizeof *s->samples);
    void *map = mmap(NULL, workers * sizeof *s->board, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    pthread_condattr_t ca;
    int cond_ok = pthread_condattr_init(&ca) == 0;
    if (cond_ok) {
        cond_ok = pthread_condattr_setclock(&ca, CLOCK_MONOTONIC) == 0 && pthread_cond_init(&s->cv, &ca) == 0;
        pthread_condattr_destroy(&ca);
    }
    if (!s->track || !s->samples || map == MAP_FAILED || !cond_ok) {
        if (map != MAP_FAILED)
            munmap(map, workers * sizeof *s->board);
        if (cond_ok)
            pthread_cond_destroy(&s->cv);
        free(s->track);
        free(s->samples);
        free(s);
        return err_set(e, EXIT_RUN_FAILED, "cannot set up the sampler for %u workers: %s", workers,
                       strerror(errno ? errno : ENOMEM));
    }
    s->board = map;
    pthread_mutex_init(&s->mu, NULL);
    for (unsigned w = 0; w < workers; w++)
        s->track[w].fd = -1;
    *out = s;
    return 0;
}

static void close_tracks(struct sampler *s)
{
    for (unsigned w = 0; w < s->workers; w++) {
        if (s->track[w].fd >= 0)
            close(s->track[w].fd);
        s->track[w] = (struct track){.src = SRC_NONE, .fd = -1};
    }
}

void sampler_destroy(struct sampler *s)
{
    if (!s)
        return;
    sampler_stop(s);
    close_tracks(s);
    munmap(s->board, s->workers * sizeof *s->board);
    pthread_cond_destroy(&s->cv);
    pthread_mutex_destroy(&s->mu);
    free(s->track);
    free(s->samples);
    free(s);
}

struct sampler_entry *sampler_board(struct sampler *s)
{
    return s->board;
}

/* Picks up worker w once it has registered: how to read it from here. */
static void track_begin(struct sampler *s, unsigned w)
{
    struct track *k = &s->track[w];
    int tid = atomic_load_explicit(&s->board[w].tid, memory_order_acquire);
    if (!tid)
        return;
    const struct sampler_entry *b = &s->board[w];
    if (b->pid == s->self && b->has_clock) {
        k->clock = b->clock;
        k->src = SRC_THREAD;
        return;
    }
    if (b->pid != s->self && b->pid == tid && clock_getcpuclockid(b->pid, &k->clock) == 0) {
        k->src = SRC_PROCESS;
        return;
    }
    char path[PROC_PATH_MAX];
    snprintf(path, sizeof path, "/proc/%d/task/%d/schedstat", b->pid, tid);
    k->fd = open(path, O_RDONLY | O_CLOEXEC);
    k->src = SRC_SCHEDSTAT;
    k->gone = k->fd < 0;
}

/* Worker w's accumulated CPU time in ns, or -1 once it is gone (a joined
 * thread's or reaped process's clock is invalid; a task's /proc entry is
 * removed). */
static int64_t track_read(const struct track *k)
{
    if (k->src != SRC_SCHEDSTAT) {
        struct timespec ts;
        return clock_gettime(k->clock, &ts) == 0 ? ts_ns(&ts) : -1;
    }
    char line[SCHEDSTAT_LINE_MAX];
    ssize_t n = pread(k->fd, line, sizeof line - 1, 0);
    if (n <= 0)
        return -1;
    line[n] = '\0';
    char *end;
    unsigned long long v = strtoull(line, &end, 10);
    return end == line ? -1 : (int64_t)v;
}

/* Room for one more sample; false when the cap is reached. */
static bool reserve(struct sampler *s)
{
    if (s->n < s->cap)
        return true;
    size_t cap = s->cap * 2 > SAMPLER_SAMPLES_MAX ? SAMPLER_SAMPLES_MAX : s->cap * 2;
    struct sampler_sample *p = cap > s->cap ? realloc(s->samples, cap * sizeof *p) : NULL;
    if (!p) {
        s->truncated = true;
        return false;
    }
    s->samples = p;
    s->cap = cap;
    return true;
}

/* One tick: every live worker's CPU time, each with its own time stamp:
 * the middle of the two taken either side of the read, so a sampling
 * thread held up during the read (by the very worker it reads, on a
 * machine with few CPUs) errs by half the delay, not all of it. */
static void tick(struct sampler *s)
{
    for (unsigned w = 0; w < s->workers && !s->truncated; w++) {
        struct track *k = &s->track[w];
        if (k->src == SRC_NONE)
            track_begin(s, w);
        if (k->src == SRC_NONE || k->gone)
            continue;
        int64_t before = now_ns(), cpu = track_read(k), t = before + (now_ns() - before) / 2;
        if (cpu < 0) {
            k->gone = true;
            continue;
        }
        if (reserve(s))
            s->samples[s->n++] = (struct sampler_sample){.worker = w, .t_ns = t, .cpu_ns = cpu};
    }
}

static int64_t own_cpu_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts_ns(&ts);
}

static void *sampler_main(void *arg)
{
    struct sampler *s = arg;
    const int64_t cpu0 = own_cpu_ns();
    int64_t next = now_ns();
    pthread_mutex_lock(&s->mu);
    while (!s->stop) {
        pthread_mutex_unlock(&s->mu);
        tick(s);
        s->ticks++;
        /* The next tick on the period's grid; ticks missed while this
         * thread was not scheduled are skipped, not caught up in a burst. */
        next += SAMPLER_PERIOD_NS;
        int64_t now = now_ns();
        if (next <= now)
            next = now + SAMPLER_PERIOD_NS - (now - next) % SAMPLER_PERIOD_NS;
        struct timespec until = {.tv_sec = next / NS_PER_S, .tv_nsec = next % NS_PER_S};
        pthread_mutex_lock(&s->mu);
        while (!s->stop && pthread_cond_timedwait(&s->cv, &s->mu, &until) != ETIMEDOUT)
            ;
    }
    pthread_mutex_unlock(&s->mu);
    s->own_cpu_ns = own_cpu_ns() - cpu0;
    return NULL;
}

int sampler_start(struct sampler *s, struct err *e)
{
    sampler_stop(s);
    close_tracks(s);
    for (unsigned w = 0; w < s->workers; w++) {
        s->board[w].pid = 0;
        s->board[w].has_clock = false;
        atomic_store_explicit(&s->board[w].tid, 0, memory_order_relaxed);
    }
    s->n = 0;
    s->truncated = false;
    s->ticks = 0;
    s->own_cpu_ns = 0;
    s->self = getpid();
    s->stop = false; /* no sampling thread exists yet */
    /* The sampling thread blocks every signal, so a signal for the process
     * goes where it went before the sampler existed (the Python host's main
     * thread, a model's own handling). */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int rc = pthread_create(&s->thread, NULL, sampler_main, s);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc)
        return err_set(e, EXIT_RUN_FAILED, "cannot start the sampling thread: %s", strerror(rc));
    s->running = true;
    return 0;
}

void sampler_stop(struct sampler *s)
{
    if (!s->running)
        return;
    pthread_mutex_lock(&s->mu);
    s->stop = true;
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
    pthread_join(s->thread, NULL);
    s->running = false;
}

size_t sampler_samples(const struct sampler *s, const struct sampler_sample **out, bool *truncated)
{
    *out = s->samples;
    if (truncated)
        *truncated = s->truncated;
    return s->n;
}

void sampler_cost(const struct sampler *s, size_t *ticks, double *cpu_s)
{
    *ticks = s->ticks;
    *cpu_s = (double)s->own_cpu_ns / NS_PER_S;
}

void sampler_who(struct sampler *s, unsigned w, int *pid, int *tid, const char **clock)
{
    *tid = atomic_load_explicit(&s->board[w].tid, memory_order_acquire);
    *pid = *tid ? s->board[w].pid : 0;
    *clock = source_names[s->track[w].src];
}
