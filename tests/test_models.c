/* test_models.c - the three models through the shared harness, the
 * verifier (with test-local models that must fail it), the fork model's
 * failure path, the start gate, CPU pinning and the clock. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "gate.h"
#include "harness.h"
#include "models.h"
#include "pin.h"
#include "tests.h"
#include "timer.h"

/* ---- the models on every split ------------------------------------------- */

struct split_case {
    enum workload_id wl;
    enum split_id split;
    uint64_t size;
};

static const struct split_case split_cases[] = {
    {WL_SUMSQ, SPLIT_WEAK, 200000},
    {WL_SUMSQ, SPLIT_STRONG, 1000003},
    {WL_NQUEENS, SPLIT_RR, 9},
    {WL_NQUEENS, SPLIT_DYNAMIC, 9},
};

static const unsigned thread_counts[] = {1, 2, 3, 4, 7, 8, 16};

static struct config config_for(enum workload_id wl, enum split_id split, uint64_t size)
{
    return (struct config){.workload = wl, .split = split, .size = size, .reps = 1, .pin = PIN_NONE,
                           .fault_worker = -1};
}

static u128 exact_answer(enum workload_id wl, uint64_t size)
{
    return wl == WL_SUMSQ ? ref_sumsq(size) : (u128)oeis_a000170[size];
}

/* The units a whole job must add up to, from the split's definition. */
static uint64_t exact_units(const struct split_case *c, unsigned t)
{
    switch (c->split) {
    case SPLIT_WEAK: return c->size * t;      /* every worker does all of it */
    case SPLIT_STRONG: return c->size;        /* each i once */
    case SPLIT_RR: return c->size;            /* each first-row column once */
    case SPLIT_DYNAMIC: return (c->size - 1) * (c->size - 2); /* legal two-row prefixes */
    default: return 0;
    }
}

/* One job on one model: set up, run twice (state is reused), check. */
static void run_case(const struct model *m, const struct split_case *c, unsigned t)
{
    char a[U128_DEC_MAX], b[U128_DEC_MAX];
    const char *sname = split_descs[c->split].name;
    struct config cfg = config_for(c->wl, c->split, c->size);
    struct job job;
    struct err e = {0};
    if (!CHECK(harness_job_init(&job, &cfg, t, &e) == 0, "%s %s T=%u: harness_job_init: %s", m->name, sname, t, e.msg))
        return;
    if (c->split == SPLIT_DYNAMIC)
        CHECK(job.pool && job.pool_len == exact_units(c, t), "%s T=%u: pool of %llu tasks", sname, t,
              (unsigned long long)job.pool_len);
    struct worker_result *slots = harness_slots(t);
    void *state = NULL;
    if (!CHECK(slots != NULL, "harness_slots(%u) failed", t))
        goto out;
    CHECK(((uintptr_t)slots % SLOT_ALIGN_BYTES) == 0, "slots are not %d-byte aligned", SLOT_ALIGN_BYTES);
    if (m->setup && !CHECK(m->setup(&job, &state, &e) == 0, "%s T=%u: setup: %s", m->name, t, e.msg))
        goto out;
    const u128 want = exact_answer(c->wl, c->size);
    for (int run = 1; run <= 2; run++) {
        struct run_stats st;
        int rc = harness_run(m, state, &job, slots, &st, &e);
        if (!CHECK(rc == 0, "%s %s T=%u run %d: harness_run failed: %s", m->name, sname, t, run, e.msg))
            break;
        CHECK(st.verified == 1, "%s %s T=%u run %d: not verified: %s", m->name, sname, t, run, st.why);
        CHECK(st.result == want, "%s %s T=%u run %d: result %s, want %s", m->name, sname, t, run,
              t_u128(st.result, a), t_u128(want, b));
        CHECK(st.wall_s > 0 && st.spawn_s >= 0 && st.spawn_s <= st.wall_s, "%s %s T=%u: wall %.9f spawn %.9f",
              m->name, sname, t, st.wall_s, st.spawn_s);
        CHECK(st.user_s >= 0 && st.sys_s >= 0 && st.maxrss_kib > 0, "%s T=%u: user %.6f sys %.6f maxrss %ld",
              m->name, t, st.user_s, st.sys_s, st.maxrss_kib);
        u128 total = 0;
        uint64_t units = 0;
        bool slots_ok = true;
        for (unsigned w = 0; w < t; w++) {
            const struct worker_result *r = &slots[w];
            slots_ok &= CHECK(r->done == 1, "%s %s T=%u: worker %u not done", m->name, sname, t, w);
            slots_ok &= CHECK(r->start_s <= r->end_s && r->start_s >= st.start_s &&
                                  r->end_s <= st.start_s + st.wall_s,
                              "%s %s T=%u worker %u: start %.9f end %.9f outside the run [%.9f, +%.9f]", m->name,
                              sname, t, w, r->start_s, r->end_s, st.start_s, st.wall_s);
            slots_ok &= CHECK(r->cpu_s >= 0 && r->cpu >= 0, "%s T=%u worker %u: cpu_s %.9f cpu %d", m->name, t, w,
                              r->cpu_s, r->cpu);
            if (c->split == SPLIT_WEAK)
                CHECK(r->value == want && r->units == c->size, "%s weak T=%u worker %u: %s in %llu units", m->name, t,
                      w, t_u128(r->value, a), (unsigned long long)r->units);
            total += r->value;
            units += r->units;
        }
        if (!slots_ok)
            break;
        if (c->split != SPLIT_WEAK)
            CHECK(total == want, "%s %s T=%u: workers sum to %s, want %s", m->name, sname, t, t_u128(total, a),
                  t_u128(want, b));
        CHECK(units == exact_units(c, t), "%s %s T=%u: %llu units, want %llu", m->name, sname, t,
              (unsigned long long)units, (unsigned long long)exact_units(c, t));
    }
    if (m->teardown)
        m->teardown(state);
out:
    free(slots);
    harness_job_free(&job);
    CHECK(job.pool == NULL && job.cpus == NULL, "harness_job_free left pointers set");
}

static void run_matrix(const struct model *m)
{
    for (size_t c = 0; c < sizeof split_cases / sizeof split_cases[0]; c++)
        for (size_t k = 0; k < sizeof thread_counts / sizeof thread_counts[0]; k++)
            run_case(m, &split_cases[c], thread_counts[k]);
}

static void test_pthreads(void) { run_matrix(&model_pthreads); }
static void test_openmp(void) { run_matrix(&model_openmp); }
static void test_multiprocess(void) { run_matrix(&model_multiprocess); }

static void test_model_names(void)
{
    CHECK(strcmp(model_pthreads.name, "pthreads") == 0 && strcmp(model_openmp.name, "openmp") == 0 &&
              strcmp(model_multiprocess.name, "multiprocess") == 0,
          "model names");
    CHECK(model_pthreads.run && model_openmp.run && model_multiprocess.run, "a model has no run hook");
}

/* --pin cores: each worker runs on the CPU the plan gave it. */
static void pinned_run(const struct model *m)
{
    const unsigned t = 2;
    struct config cfg = config_for(WL_SUMSQ, SPLIT_STRONG, 100000);
    cfg.pin = PIN_CORES;
    struct job job;
    struct err e = {0};
    REQUIRE(harness_job_init(&job, &cfg, t, &e) == 0, "harness_job_init: %s", e.msg);
    struct worker_result *slots = harness_slots(t);
    void *state = NULL;
    if (CHECK(job.cpus != NULL && slots != NULL, "no CPU plan for --pin cores") &&
        CHECK(!m->setup || m->setup(&job, &state, &e) == 0, "setup: %s", e.msg)) {
        struct run_stats st;
        if (CHECK(harness_run(m, state, &job, slots, &st, &e) == 0, "harness_run: %s", e.msg)) {
            CHECK(st.verified == 1, "pinned run not verified: %s", st.why);
            for (unsigned w = 0; w < t; w++)
                CHECK(slots[w].cpu == job.cpus[w], "%s worker %u ran on CPU %d, planned %d", m->name, w, slots[w].cpu,
                      job.cpus[w]);
        }
        if (m->teardown)
            m->teardown(state);
    }
    free(slots);
    harness_job_free(&job);
}

static void test_pin_pthreads(void) { pinned_run(&model_pthreads); }
static void test_pin_multiprocess(void) { pinned_run(&model_multiprocess); }

/* ---- the verifier must be able to fail ----------------------------------- */

enum fake_mode {
    FAKE_CORRECT,     /* right values and units */
    FAKE_WRONG_VALUE, /* one worker off by one */
    FAKE_WRONG_UNITS, /* right values, one unit missing */
    FAKE_EXTRA_UNITS, /* right values, one unit too many */
    FAKE_NOT_DONE,    /* the last worker never reports */
    FAKE_NOTHING,     /* touches no slot */
    FAKE_FAILS,       /* returns -1 */
};

struct fake_state {
    enum fake_mode mode;
};

/* Fills the slots from the test's own answers: for a split job worker 0
 * does it all and the others report zero; for weak, each the whole sum. */
static int fake_run(void *state, const struct job *job, struct worker_result *slots, struct child_usage *kids,
                    struct err *e)
{
    (void)kids;
    const struct fake_state *s = state;
    if (s->mode == FAKE_FAILS)
        return err_set(e, EXIT_RUN_FAILED, "fake model refused to run");
    if (s->mode == FAKE_NOTHING)
        return 0;
    const u128 whole = exact_answer(job->workload, job->size);
    const uint64_t units = job->split == SPLIT_DYNAMIC ? job->pool_len : job->size;
    const double now = timer_now_s();
    for (unsigned w = 0; w < job->threads; w++) {
        struct worker_result *r = &slots[w];
        bool all = job->split == SPLIT_WEAK || w == 0;
        r->value = all ? whole : 0;
        r->units = all ? units : 0;
        r->start_s = r->end_s = now;
        r->done = 1;
    }
    unsigned last = job->threads - 1;
    switch (s->mode) {
    case FAKE_WRONG_VALUE: slots[last].value += 1; break;
    case FAKE_WRONG_UNITS: slots[0].units -= 1; break;
    case FAKE_EXTRA_UNITS: slots[last].units += 1; break;
    case FAKE_NOT_DONE: slots[last].done = 0; break;
    default: break;
    }
    return 0;
}

static const struct model fake_model = {.name = "fake", .run = fake_run};

/* One harness_run of the fake model; returns its rc and fills *st. */
static int fake_once(enum fake_mode mode, const struct split_case *c, unsigned t, struct run_stats *st,
                     struct err *e)
{
    struct config cfg = config_for(c->wl, c->split, c->size);
    struct job job;
    if (harness_job_init(&job, &cfg, t, e))
        return -2;
    struct worker_result *slots = harness_slots(t);
    if (!slots) {
        harness_job_free(&job);
        return -2;
    }
    /* garbage the harness must clear before the run */
    memset(slots, 0x5A, t * sizeof *slots);
    for (unsigned w = 0; w < t; w++)
        slots[w].done = 1;
    struct fake_state s = {mode};
    int rc = harness_run(&fake_model, &s, &job, slots, st, e);
    free(slots);
    harness_job_free(&job);
    return rc;
}

static void test_verifier(void)
{
    static const char *const names[] = {"correct", "wrong value", "wrong units", "extra units", "not done",
                                        "nothing"};
    for (size_t c = 0; c < sizeof split_cases / sizeof split_cases[0]; c++) {
        const struct split_case *sc = &split_cases[c];
        const char *sname = split_descs[sc->split].name;
        for (unsigned t = 1; t <= 3; t += 2) {
            for (int mode = FAKE_CORRECT; mode <= FAKE_NOTHING; mode++) {
                struct run_stats st;
                struct err e = {0};
                int rc = fake_once((enum fake_mode)mode, sc, t, &st, &e);
                if (!CHECK(rc == 0, "%s T=%u fake '%s': harness_run = %d (%s)", sname, t, names[mode], rc, e.msg))
                    continue;
                if (mode == FAKE_CORRECT) {
                    CHECK(st.verified == 1 && st.why[0] == '\0', "%s T=%u: the correct fake was rejected: %s", sname, t,
                          st.why);
                    CHECK(st.result == exact_answer(sc->wl, sc->size), "%s T=%u: result of the correct fake", sname, t);
                } else {
                    CHECK(st.verified == 0, "%s T=%u: fake '%s' was verified", sname, t, names[mode]);
                    CHECK(st.why[0] != '\0' && strlen(st.why) < sizeof st.why, "%s T=%u: fake '%s' has no reason",
                          sname, t, names[mode]);
                }
            }
        }
    }
    /* a run that fails is an error, not an unverified run */
    struct run_stats st;
    struct err e = {0};
    int rc = fake_once(FAKE_FAILS, &split_cases[0], 2, &st, &e);
    CHECK(rc == -1 && e.code == EXIT_RUN_FAILED && strstr(e.msg, "refused"), "failing fake: rc %d code %d '%s'", rc,
          e.code, e.msg);
}

/* ---- the fork model's failure path ---------------------------------------- */

static void expect_no_children(const char *what)
{
    errno = 0;
    pid_t p = waitpid(-1, NULL, WNOHANG);
    int err = errno;
    CHECK(p == -1 && err == ECHILD, "%s: waitpid(-1, WNOHANG) = %d (%s): a child is left", what, (int)p, strerror(err));
}

static void test_fault_injection(void)
{
    /* no core files from the injected crash */
    struct rlimit core0, core;
    getrlimit(RLIMIT_CORE, &core0);
    core = core0;
    core.rlim_cur = 0;
    setrlimit(RLIMIT_CORE, &core);

    const struct {
        int sig;
        const char *name; /* what the message must name */
    } faults[] = {{SIGKILL, "SIGKILL"}, {SIGSEGV, "SIGSEGV"}, {0, "status 3"}};
    const unsigned t = 4;
    for (size_t k = 0; k < sizeof faults / sizeof faults[0]; k++) {
        struct config cfg = config_for(WL_SUMSQ, SPLIT_WEAK, 1000);
        cfg.fault_worker = 1;
        cfg.fault_signal = faults[k].sig;
        struct job job;
        struct err e = {0};
        if (!CHECK(harness_job_init(&job, &cfg, t, &e) == 0, "harness_job_init: %s", e.msg))
            continue;
        struct worker_result *slots = harness_slots(t);
        void *state = NULL;
        if (CHECK(slots && model_multiprocess.setup(&job, &state, &e) == 0, "setup: %s", e.msg)) {
            struct run_stats st;
            e = (struct err){0};
            int rc = harness_run(&model_multiprocess, state, &job, slots, &st, &e);
            CHECK(rc == -1 && e.code == EXIT_RUN_FAILED, "fault %s: harness_run = %d, code %d", faults[k].name, rc,
                  e.code);
            CHECK(strstr(e.msg, "worker 1") && strstr(e.msg, faults[k].name) && !strchr(e.msg, '\n'),
                  "fault %s: message '%s' does not name worker 1 and %s", faults[k].name, e.msg, faults[k].name);
            expect_no_children(faults[k].name);
            /* the same state runs cleanly afterwards */
            job.fault_worker = -1;
            rc = harness_run(&model_multiprocess, state, &job, slots, &st, &e);
            CHECK(rc == 0 && st.verified == 1, "after fault %s: rc %d verified %d (%s %s)", faults[k].name, rc,
                  st.verified, e.msg, st.why);
            expect_no_children("the clean run after a fault");
            model_multiprocess.teardown(state);
        }
        free(slots);
        harness_job_free(&job);
    }
    setrlimit(RLIMIT_CORE, &core0);
}

static void test_fault_end_to_end(void)
{
    char bin[PATH_MAX];
    if (!study_bin(bin, "multiprocess")) {
        CU_FAIL("STUDY_BIN is not set: run through `make test`");
        return;
    }
    char *dir = tmpdir_make();
    REQUIRE(dir != NULL, "mkdtemp failed");
    char csv[PATH_MAX];
    path_in(csv, dir, "out.csv");
    const struct {
        const char *spec, *w, *what;
    } faults[] = {{"2:KILL", "worker 2", "SIGKILL"}, {"3:0", "worker 3", "status 3"}};
    for (size_t k = 0; k < 2; k++) {
        char *argv[] = {bin, "-w", "sumsq", "-n", "1000", "-t", "4", "-r", "1", "--warmup", "0", "-q",
                        "--inject-fault", (char *)faults[k].spec, "-o", csv, NULL};
        struct proc p;
        if (!CHECK(proc_run(argv, &p) == 0, "cannot run %s", bin))
            continue;
        CHECK(p.exited && p.code == EXIT_RUN_FAILED, "--inject-fault %s: exit %d (signal %d), want 1", faults[k].spec,
              p.exited ? p.code : -1, p.signaled ? p.sig : 0);
        CHECK(strstr(p.err, faults[k].w) && strstr(p.err, faults[k].what), "--inject-fault %s: stderr '%s'",
              faults[k].spec, p.err);
        proc_free(&p);
    }
    expect_no_children("after the binaries");
    tmpdir_remove(dir);
}

/* ---- the start gate -------------------------------------------------------- */

enum { GATE_WAITERS = 4 };

struct waiter {
    struct gate *g;
    atomic_int *returned;
    int result;
};

static void *gate_waiter(void *p)
{
    struct waiter *w = p;
    w->result = gate_wait(w->g);
    atomic_fetch_add(w->returned, 1);
    return NULL;
}

static void gate_case(int state, int want)
{
    struct gate g;
    gate_init(&g);
    atomic_int returned = 0;
    struct waiter w[GATE_WAITERS + 1];
    pthread_t tid[GATE_WAITERS + 1];
    int made = 0;
    for (int i = 0; i < GATE_WAITERS; i++) {
        w[i] = (struct waiter){&g, &returned, -1};
        if (pthread_create(&tid[i], NULL, gate_waiter, &w[i]) != 0)
            break;
        made++;
    }
    /* While shut nobody passes.  Not a synchronisation point: nothing
     * waits for the waiters here.  The pause gives a broken gate the
     * chance to let one through before the check (it cannot prove a gate
     * holds forever); a correct gate passes whatever the pause, so the
     * test never depends on this machine's speed. */
    struct timespec pause = {0, 30 * 1000 * 1000};
    nanosleep(&pause, NULL);
    CHECK(atomic_load(&returned) == 0, "%d waiters passed a shut gate", atomic_load(&returned));
    gate_set(&g, state);
    for (int i = 0; i < made; i++)
        pthread_join(tid[i], NULL);
    CHECK(made == GATE_WAITERS, "could only create %d threads", made);
    for (int i = 0; i < made; i++)
        CHECK(w[i].result == want, "gate state %d: waiter %d got %d, want %d", state, i, w[i].result, want);
    /* one arriving after the gate was set is not held */
    w[GATE_WAITERS] = (struct waiter){&g, &returned, -1};
    if (pthread_create(&tid[GATE_WAITERS], NULL, gate_waiter, &w[GATE_WAITERS]) == 0) {
        pthread_join(tid[GATE_WAITERS], NULL);
        CHECK(w[GATE_WAITERS].result == want, "late waiter got %d, want %d", w[GATE_WAITERS].result, want);
    }
    gate_destroy(&g);
}

static void test_gate_open(void) { gate_case(GATE_OPEN, 1); }
static void test_gate_cancelled(void) { gate_case(GATE_CANCELLED, 0); }

/* ---- pin_plan on a fake /sys ------------------------------------------------ */

static int mask_list(int *cpus, int max)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) != 0)
        return 0;
    int m = 0;
    for (int c = 0; c < CPU_SETSIZE && m < max; c++)
        if (CPU_ISSET(c, &set))
            cpus[m++] = c;
    return m;
}

static int mkdirs(const char *path)
{
    char buf[PATH_MAX];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            if (mkdir(buf, 0755) != 0 && errno != EEXIST)
                return -1;
            *p = '/';
        }
    return mkdir(buf, 0755) != 0 && errno != EEXIST ? -1 : 0;
}

/* Writes root/devices/system/cpu/cpuN/topology/{core_id,physical_package_id}
 * for each CPU of the mask; a negative value leaves that file out. */
static int write_topology(const char *root, const int *cpus, int m, const int *core, const int *socket)
{
    for (int i = 0; i < m; i++) {
        char dir[PATH_MAX], file[PATH_MAX + 32], num[16];
        snprintf(dir, sizeof dir, "%s/devices/system/cpu/cpu%d/topology", root, cpus[i]);
        if (mkdirs(dir))
            return -1;
        if (core[i] >= 0) {
            snprintf(file, sizeof file, "%s/core_id", dir);
            snprintf(num, sizeof num, "%d\n", core[i]);
            if (write_file(file, num))
                return -1;
        }
        if (socket[i] >= 0) {
            snprintf(file, sizeof file, "%s/physical_package_id", dir);
            snprintf(num, sizeof num, "%d\n", socket[i]);
            if (write_file(file, num))
                return -1;
        }
    }
    return 0;
}

/* Checks a plan of n >= 3m picks against the topology that pin_plan should
 * have read (core and socket per mask CPU, files' fallbacks applied). */
static void check_plan(const char *name, const int *cpus, int m, const int *core, const int *socket, const int *picks,
                       int n)
{
    int *at = malloc((size_t)n * sizeof *at); /* index into cpus of each pick */
    REQUIRE(at != NULL, "out of memory");
    for (int i = 0; i < n; i++) {
        at[i] = -1;
        for (int j = 0; j < m; j++)
            if (cpus[j] == picks[i])
                at[i] = j;
        if (!CHECK(at[i] >= 0, "%s: pick %d is CPU %d, not in the affinity mask", name, i, picks[i])) {
            free(at);
            return;
        }
    }
    /* distinct physical cores, and cores per socket */
    int cores = 0;
    int per_socket[64] = {0};
    for (int j = 0; j < m; j++) {
        bool first = true;
        for (int k = 0; k < j; k++)
            first &= !(core[k] == core[j] && socket[k] == socket[j]);
        if (first) {
            cores++;
            per_socket[socket[j] % 64]++;
        }
    }
    /* the first m picks are the mask, each once; then it wraps around */
    bool perm = true;
    for (int i = 0; i < m; i++)
        for (int k = 0; k < i; k++)
            perm &= at[i] != at[k];
    CHECK(perm, "%s: the first %d picks repeat a CPU", name, m);
    for (int i = m; i < n; i++)
        CHECK(picks[i] == picks[i - m], "%s: pick %d is CPU %d, want CPU %d (wrap around)", name, i, picks[i],
              picks[i - m]);
    /* no two SMT siblings while a free core exists */
    for (int i = 0; i < cores; i++)
        for (int k = 0; k < i; k++)
            CHECK(!(core[at[i]] == core[at[k]] && socket[at[i]] == socket[at[k]]),
                  "%s: pick %d (CPU %d) is a sibling of pick %d (CPU %d) while %d cores are free", name, i, picks[i], k,
                  picks[k], cores - i);
    /* one socket while it has free cores, starting with a largest one */
    int most = 0;
    for (int s = 0; s < 64; s++)
        most = per_socket[s] > most ? per_socket[s] : most;
    CHECK(per_socket[socket[at[0]] % 64] == most, "%s: first pick on socket %d with %d cores, not a largest (%d)",
          name, socket[at[0]], per_socket[socket[at[0]] % 64], most);
    for (int i = 1; i < cores; i++) {
        int prev = socket[at[i - 1]];
        if (socket[at[i]] == prev)
            continue;
        int used = 0;
        for (int k = 0; k < i; k++)
            used += socket[at[k]] == prev;
        CHECK(used == per_socket[prev % 64], "%s: pick %d leaves socket %d with %d of %d cores used", name, i, prev,
              used, per_socket[prev % 64]);
    }
    free(at);
}

enum topo_kind { TOPO_ADJACENT, TOPO_SPLIT, TOPO_NO_FILES, TOPO_TWO_SOCKETS, TOPO_SMT_SOCKETS, TOPO_SMT_UNEVEN,
                 TOPO_SAME_CORE_IDS, TOPO_COUNT };

/* Every topology below on the mask cpus[0 .. m-1] (what pin_plan sees as
 * the process's mask): writes it under a fresh fake /sys, plans 3m+1
 * workers, and checks the plan. */
static void plan_topologies(const char *label, const int *cpus, int m)
{
    static const char *const names[] = {"adjacent siblings", "siblings half the mask apart", "no topology files",
                                        "two sockets, uneven", "two sockets with SMT", "two uneven sockets with SMT",
                                        "same core ids on two sockets"};
    int *core = calloc((size_t)m, sizeof *core), *socket = calloc((size_t)m, sizeof *socket);
    int *fcore = calloc((size_t)m, sizeof *fcore), *fsocket = calloc((size_t)m, sizeof *fsocket);
    const int n = 3 * m + 1;
    int *picks = calloc((size_t)n, sizeof *picks);
    if (!CHECK(core && socket && fcore && fsocket && picks, "out of memory"))
        goto out;
    const int half = (m + 1) / 2;
    for (int kind = 0; kind < TOPO_COUNT; kind++) {
        /* core/socket: what the files say (-1: no file); fcore/fsocket:
         * what pin_plan must then believe */
        for (int i = 0; i < m; i++) {
            switch (kind) {
            case TOPO_ADJACENT: core[i] = i / 2; socket[i] = 0; break;
            case TOPO_SPLIT: core[i] = i % half; socket[i] = -1; break;
            case TOPO_NO_FILES: core[i] = -1; socket[i] = -1; break;
            case TOPO_TWO_SOCKETS: core[i] = i; socket[i] = i == 0 ? 0 : 1; break;
            case TOPO_SMT_SOCKETS: core[i] = i / 2; socket[i] = (i / 2) % 2; break;
            case TOPO_SMT_UNEVEN: core[i] = i / 2; socket[i] = i < m / 3 ? 0 : 1; break;
            case TOPO_SAME_CORE_IDS: core[i] = 0; socket[i] = i % 2; break;
            }
            fcore[i] = core[i] >= 0 ? core[i] : cpus[i];
            fsocket[i] = socket[i] >= 0 ? socket[i] : 0;
        }
        char *root = tmpdir_make();
        if (!CHECK(root != NULL, "mkdtemp failed"))
            break;
        char what[128];
        snprintf(what, sizeof what, "%s, %s", label, names[kind]);
        if (CHECK(write_topology(root, cpus, m, core, socket) == 0, "cannot write the fake /sys")) {
            struct err e = {0};
            for (int i = 0; i < n; i++)
                picks[i] = -1;
            if (CHECK(pin_plan(root, (unsigned)n, picks, &e) == 0, "%s: pin_plan: %s", what, e.msg))
                check_plan(what, cpus, m, fcore, fsocket, picks, n);
        }
        tmpdir_remove(root);
    }
    /* a root with no tree at all behaves as "no topology files" */
    struct err e = {0};
    for (int i = 0; i < m; i++) {
        fcore[i] = cpus[i];
        fsocket[i] = 0;
    }
    if (CHECK(pin_plan("/nonexistent-sysfs", (unsigned)n, picks, &e) == 0, "missing root: %s", e.msg))
        check_plan("missing root", cpus, m, fcore, fsocket, picks, n);
out:
    free(core);
    free(socket);
    free(fcore);
    free(fsocket);
    free(picks);
}

/* On the process's real mask (2 CPUs or 16, whatever this machine has). */
static void test_pin_plan_fake_sysfs(void)
{
    int cpus[CPU_SETSIZE];
    const int m = mask_list(cpus, CPU_SETSIZE);
    REQUIRE(m >= 1, "cannot read the affinity mask");
    REQUIRE(getenv(PIN_MASK_ENV) == NULL, "%s is set in the test's environment", PIN_MASK_ENV);
    plan_topologies("real mask", cpus, m);
}

/* A small machine cannot show siblings next to free cores, so the start
 * mask that pin.h lets a parent pass on (PIN_MASK_ENV) stands in for a
 * 12-CPU mask with a hole; pin_plan only reads it, nothing is pinned. */
static void test_pin_plan_wide_mask(void)
{
    static const int cpus[] = {0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19};
    const int m = (int)(sizeof cpus / sizeof cpus[0]);
    char list[128] = "";
    for (int i = 0; i < m; i++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%d", i ? "," : "", cpus[i]);
    REQUIRE(getenv(PIN_MASK_ENV) == NULL, "%s is set in the test's environment", PIN_MASK_ENV);
    REQUIRE(setenv(PIN_MASK_ENV, list, 1) == 0, "setenv failed");
    if (CHECK(pin_cpu_count() == (unsigned)m, "with %s=%s, pin_cpu_count() = %u", PIN_MASK_ENV, list,
              pin_cpu_count()))
        plan_topologies("12-CPU mask", cpus, m);
    unsetenv(PIN_MASK_ENV);
}

/* On the real /sys: the first picks are the mask, each once. */
static void test_pin_plan_real(void)
{
    int cpus[CPU_SETSIZE];
    const int m = mask_list(cpus, CPU_SETSIZE);
    REQUIRE(m >= 1, "cannot read the affinity mask");
    CHECK(pin_cpu_count() == (unsigned)m, "pin_cpu_count() = %u, mask has %d", pin_cpu_count(), m);
    int *picks = calloc((size_t)m + 1, sizeof *picks);
    REQUIRE(picks != NULL, "out of memory");
    struct err e = {0};
    if (CHECK(pin_plan("/sys", (unsigned)m + 1, picks, &e) == 0, "pin_plan(/sys): %s", e.msg)) {
        for (int i = 0; i < m; i++) {
            int seen = 0, in_mask = 0;
            for (int k = 0; k < m; k++) {
                seen += picks[k] == cpus[i];
                in_mask += cpus[k] == picks[i];
            }
            CHECK(seen == 1 && in_mask == 1, "CPU %d is picked %d times; pick %d (CPU %d) in the mask %d times",
                  cpus[i], seen, i, picks[i], in_mask);
        }
        CHECK(picks[m] == picks[0], "pick %d does not wrap to pick 0", m);
    }
    free(picks);
}

struct pin_arg {
    int cpu, rc, ran_on;
};

static void *pin_thread(void *p)
{
    struct pin_arg *a = p;
    a->rc = pin_self(a->cpu);
    a->ran_on = sched_getcpu();
    return NULL;
}

/* pin_self acts on the calling thread only (run in throwaway threads). */
static void test_pin_self(void)
{
    int cpus[CPU_SETSIZE];
    const int m = mask_list(cpus, CPU_SETSIZE);
    REQUIRE(m >= 1, "cannot read the affinity mask");
    struct pin_arg args[] = {{cpus[m - 1], -2, -1}, {-1, -2, -1}, {CPU_SETSIZE, -2, -1}};
    for (size_t k = 0; k < 3; k++) {
        pthread_t tid;
        REQUIRE(pthread_create(&tid, NULL, pin_thread, &args[k]) == 0, "pthread_create failed");
        pthread_join(tid, NULL);
    }
    CHECK(args[0].rc == 0 && args[0].ran_on == cpus[m - 1], "pin_self(%d) = %d, then on CPU %d", cpus[m - 1],
          args[0].rc, args[0].ran_on);
    CHECK(args[1].rc == -1 && args[2].rc == -1, "pin_self of a bad CPU = %d, %d", args[1].rc, args[2].rc);
    CHECK(pin_cpu_count() == (unsigned)m, "pinning a thread changed the process's mask");
}

/* ---- the clock --------------------------------------------------------------- */

static void test_timer(void)
{
    double prev = timer_now_s();
    bool mono = prev > 0;
    for (int i = 0; i < 10000; i++) {
        double t = timer_now_s();
        mono &= t >= prev;
        prev = t;
    }
    CHECK(mono, "timer_now_s went backwards");
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    double mine = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
    CHECK(timer_now_s() >= mine && timer_now_s() - mine < 60, "timer_now_s is not CLOCK_MONOTONIC");
    double r = timer_resolution_s(), g = timer_granularity_s();
    CHECK(r > 0 && r < 1, "resolution %g", r);
    CHECK(g > 0 && g < 1, "granularity %g", g);
    double c0 = timer_thread_cpu_s();
    volatile u128 sink = kernel_sumsq(0, 2000000);
    (void)sink;
    CHECK(timer_thread_cpu_s() > c0, "thread CPU time did not advance over work");
}

static CU_TestInfo run_tests[] = {
    {"model table", test_model_names},
    {"pthreads: every split, T = 1,2,3,4,7,8,16", test_pthreads},
    {"openmp: every split, T = 1,2,3,4,7,8,16", test_openmp},
    {"multiprocess: every split, T = 1,2,3,4,7,8,16", test_multiprocess},
    {"pthreads --pin cores: workers on the planned CPUs", test_pin_pthreads},
    {"multiprocess --pin cores: workers on the planned CPUs", test_pin_multiprocess},
    CU_TEST_INFO_NULL,
};

static CU_TestInfo verify_tests[] = {
    {"fake models: wrong value, units, missing report fail", test_verifier},
    CU_TEST_INFO_NULL,
};

static CU_TestInfo fault_tests[] = {
    {"multiprocess: killed, crashed, exited 3; no child left", test_fault_injection},
    {"multiprocess binary: --inject-fault exits 1 naming the worker", test_fault_end_to_end},
    CU_TEST_INFO_NULL,
};

static CU_TestInfo sync_tests[] = {
    {"gate: open releases every waiter with 1", test_gate_open},
    {"gate: cancelled releases every waiter with 0", test_gate_cancelled},
    {"pin_plan on a fake /sys, the real mask", test_pin_plan_fake_sysfs},
    {"pin_plan on a fake /sys, a 12-CPU start mask", test_pin_plan_wide_mask},
    {"pin_plan on /sys", test_pin_plan_real},
    {"pin_self", test_pin_self},
    {"timer", test_timer},
    CU_TEST_INFO_NULL,
};

CU_SuiteInfo model_suites[] = {
    {"models/run", NULL, NULL, NULL, NULL, run_tests},
    {"models/verifier", NULL, NULL, NULL, NULL, verify_tests},
    {"models/faults", NULL, NULL, NULL, NULL, fault_tests},
    {"models/gate-pin-timer", NULL, NULL, NULL, NULL, sync_tests},
    CU_SUITE_INFO_NULL,
};
