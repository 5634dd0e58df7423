/* host.c - the embedded-CPython model: one C host, compiled once per
 * interpreter (bin/embedded-py-3.12, -3.14, -3.14t, optionally -3.13t), that
 * runs the Python workloads of study_workloads.py seven ways (--mode, the
 * Python rows of MODE_TABLE in common/catalog.h):
 *
 *   threading      threading.Thread workers started from Python code
 *   cthreads       T C pthreads, each attached with PyGILState_Ensure
 *   subinterp      T C pthreads, each in its own sub-interpreter with its
 *                  own GIL (Py_NewInterpreterFromConfig, OWN_GIL)
 *   mp-fork        multiprocessing's fork start method ("multiprocessing",
 *                  its former name, is still accepted)
 *   mp-forkserver  multiprocessing's forkserver start method (3.14's
 *                  default on Linux): children forked by a server process
 *   mp-spawn       multiprocessing's spawn start method: fresh pythons
 *   interpreters   concurrent.interpreters (3.14+): one Python thread per
 *                  worker, each in an interpreter made with create()
 *
 * It uses the harness unchanged: same CLI, splits, timing and CSV.  The
 * interpreter starts in prepare_process (isolated PyConfig, timed apart as
 * init_s) and is finalised in finish_process; the timed run covers creating
 * the workers (threads, sub-interpreters, processes) and their work.
 *
 * Ownership: the module object and the dynamic split's pool belong to the
 * main interpreter and live from prepare_process to finish_process.  Every
 * sub-interpreter, thread and child is made and destroyed inside one run, so
 * nothing carries over between repetitions.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>

#include "cli.h"
#include "gate.h"
#include "harness.h"
#include "catalog.h"
#include "pyrules.h"
#include "sampler.h"
#include "timer.h"

/* The workloads module, compiled into the binary (.incbin below) so the
 * host always runs the project's own code, whatever sys.path holds. */
#ifndef STUDY_PY_SOURCE
#error "STUDY_PY_SOURCE must name impl-embedded-py/study_workloads.py"
#endif
__asm__(".section .rodata\n"
        ".global study_py_src\n"
        "study_py_src:\n"
        ".incbin \"" STUDY_PY_SOURCE "\"\n"
        ".byte 0\n"
        ".previous\n");
extern const char study_py_src[];

/* How this host was built against its interpreter (tools/pyinfo.py's JSON,
 * written by tools/pyflags.sh): --build-info prints it. */
#ifndef STUDY_BUILD_INFO
#error "STUDY_BUILD_INFO must name build/.../pythons/<tag>.json"
#endif
__asm__(".section .rodata\n"
        ".global study_build_info\n"
        "study_build_info:\n"
        ".incbin \"" STUDY_BUILD_INFO "\"\n"
        ".byte 0\n"
        ".previous\n");
extern const char study_build_info[];

#define MODULE_NAME "study_workloads"
/* The build's own configuration (pyconfig.h). */
#ifdef Py_GIL_DISABLED
#define HOST_FREE_THREADED true
#else
#define HOST_FREE_THREADED false
#endif
#define FIELD_CHARS 64

/* --mode accepts the names of the Python modes this host runs (its rows of
 * the table: not direct, which is the interpreter's own executable), then
 * their former names (aliases); mode_ids[i] is the mode mode_names[i]
 * means. */
#define PY_MODE_NAME(id, name, py, ...) py ? name : NULL,
#define PY_MODE_ID(id, name, py, ...) py ? id : MODE_OTHER,
#define ALIAS_NAME(alias, id) alias,
#define ALIAS_ID(alias, id) id,
static const char *const all_names[] = {MODE_TABLE(PY_MODE_NAME) MODE_ALIASES(ALIAS_NAME)};
static const enum impl_mode all_ids[] = {MODE_TABLE(PY_MODE_ID) MODE_ALIASES(ALIAS_ID)};
#undef PY_MODE_NAME
#undef PY_MODE_ID
#undef ALIAS_NAME
#undef ALIAS_ID
#define ALL_NAMES (sizeof all_names / sizeof all_names[0])
/* The Python ones among them, NULL-terminated, for --mode's check and help. */
static const char *mode_names[ALL_NAMES + 1];
static enum impl_mode mode_ids[ALL_NAMES];

static void mode_names_init(void)
{
    size_t k = 0;
    for (size_t i = 0; i < ALL_NAMES; i++)
        if (all_names[i] && !strcmp(catalog_modes[all_ids[i]].binary, CATALOG_HOST)) {
            mode_ids[k] = all_ids[i];
            mode_names[k++] = all_names[i];
        }
    mode_names[k] = NULL;
}

/* The modes whose workers are processes started by multiprocessing; the
 * start method is the name after "mp-". */
static bool mode_is_mp(enum impl_mode m)
{
    return m == MODE_MP_FORK || m == MODE_MP_FORKSERVER || m == MODE_MP_SPAWN;
}

static const struct cli_extra py_cli = {
    .modes = mode_names,
    .mode_default = "threading",
    .allow_gil = true,
    .build_info = study_build_info,
};

/* Process-wide state: one interpreter per process. */
static struct {
    enum impl_mode mode;
    bool allow_gil;
    PyThreadState *main_ts;        /* the main thread's state, GIL released */
    PyObject *module;              /* study_workloads in the main interpreter */
    atomic_uint_fast64_t *next;    /* dynamic split counter, MAP_SHARED */
    int fault_worker, fault_signal;
    /* The sampled run's board and its size, for workers started by Python
     * code; NULL otherwise.  Set by host_run before any worker exists. */
    struct sampler_entry *board;
    unsigned board_workers;
    char interpreter[FIELD_CHARS]; /* e.g. 3.14.4t */
    char init_s[FIELD_CHARS];
    struct pyrules_env env;        /* PYTHON_GIL / PYTHON_TLBC, as -X options */
} host = {.fault_worker = -1};

/* ---- _studyhost: what Python workers need from C ---------------------- */

static PyObject *h_now(PyObject *self, PyObject *unused)
{
    (void)self, (void)unused;
    return PyFloat_FromDouble(timer_now_s());
}

static PyObject *h_thread_cpu(PyObject *self, PyObject *unused)
{
    (void)self, (void)unused;
    return PyFloat_FromDouble(timer_thread_cpu_s());
}

static PyObject *h_getcpu(PyObject *self, PyObject *unused)
{
    (void)self, (void)unused;
    return PyLong_FromLong(sched_getcpu());
}

static PyObject *h_next_task(PyObject *self, PyObject *unused)
{
    (void)self, (void)unused;
    uint_fast64_t i = atomic_fetch_add_explicit(host.next, 1, memory_order_relaxed);
    return PyLong_FromUnsignedLongLong((unsigned long long)i);
}

static PyObject *h_fault(PyObject *self, PyObject *unused)
{
    (void)self, (void)unused;
    return Py_BuildValue("(ii)", host.fault_worker, host.fault_signal);
}

static PyObject *load_module(void);

/* The first call into each interpreter of the interpreters mode: a builtin,
 * so Interpreter.call can pickle it by name into an interpreter that has
 * nothing yet, where it imports the workloads from the host's copy. */
static PyObject *h_load_workloads(PyObject *self, PyObject *unused)
{
    (void)self, (void)unused;
    PyObject *mod = load_module();
    if (!mod)
        return NULL;
    Py_DECREF(mod);
    Py_RETURN_NONE;
}

static PyObject *h_source(PyObject *self, PyObject *unused)
{
    (void)self, (void)unused;
    return PyBytes_FromString(study_py_src);
}

/* The build's configuration, as the interpreter's own pyconfig.h states it:
 * 1 unless it was built with Py_GIL_DISABLED.  What gil_enabled() reports
 * where sys._is_gil_enabled() does not exist (3.12), without importing
 * sysconfig inside a timed sub-interpreter. */
static PyObject *h_build_gil(PyObject *self, PyObject *unused)
{
    (void)self, (void)unused;
#ifdef Py_GIL_DISABLED
    return PyLong_FromLong(0);
#else
    return PyLong_FromLong(1);
#endif
}

/* register(w): worker w, in its own thread or forked process, registers
 * with the sampler (a no-op outside the sampled run). */
static PyObject *h_register(PyObject *self, PyObject *arg)
{
    (void)self;
    unsigned long w = PyLong_AsUnsignedLong(arg);
    if (PyErr_Occurred())
        return NULL;
    if (host.board && w < host.board_workers)
        sampler_register(host.board, (unsigned)w);
    Py_RETURN_NONE;
}

static PyMethodDef host_methods[] = {
    {"now", h_now, METH_NOARGS, "CLOCK_MONOTONIC in seconds, as the C harness"},
    {"thread_cpu", h_thread_cpu, METH_NOARGS, "CPU time of the calling thread"},
    {"getcpu", h_getcpu, METH_NOARGS, "sched_getcpu()"},
    {"next_task", h_next_task, METH_NOARGS, "next index of the dynamic split's pool"},
    {"fault", h_fault, METH_NOARGS, "(worker, signal) to inject, worker -1 for none"},
    {"load_workloads", h_load_workloads, METH_NOARGS, "import study_workloads here from the host's copy"},
    {"source", h_source, METH_NOARGS, "the host's copy of study_workloads.py, as bytes"},
    {"build_gil", h_build_gil, METH_NOARGS, "0 when built with Py_GIL_DISABLED, else 1"},
    {"register", h_register, METH_O, "worker w registers with the CPU-time sampler (sampled run only)"},
    {NULL, NULL, 0, NULL},
};

/* Multi-phase init, safe in sub-interpreters with their own GIL, and (on
 * 3.13+) declared not to need the GIL: importing it must not switch the
 * GIL back on in a free-threaded build. */
static PyModuleDef_Slot host_slots[] = {
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#if PY_VERSION_HEX >= 0x030D0000
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL},
};

static struct PyModuleDef host_def = {
    PyModuleDef_HEAD_INIT, "_studyhost", "C side of the study's Python workers", 0,
    host_methods, host_slots, NULL, NULL, NULL,
};

static PyObject *host_init(void)
{
    return PyModuleDef_Init(&host_def);
}

/* ---- helpers ---------------------------------------------------------- */

/* Compiles and imports the workloads module into the current interpreter;
 * returns a new reference, or NULL with a Python error set. */
static PyObject *load_module(void)
{
    PyObject *code = Py_CompileString(study_py_src, STUDY_PY_SOURCE, Py_file_input);
    if (!code)
        return NULL;
    PyObject *mod = PyImport_ExecCodeModule(MODULE_NAME, code);
    Py_DECREF(code);
    return mod;
}

/* Prints the pending Python error (its traceback) to stderr and fills *e. */
static int py_fail(struct err *e, const char *what)
{
    if (PyErr_Occurred())
        PyErr_Print();
    return err_set(e, EXIT_RUN_FAILED, "%s (Python traceback above)", what);
}

/* Reads one worker's tuple into its slot; -1 with a Python error set. */
static int take_result(PyObject *t, const struct job *job, struct worker_result *slots, int *gil)
{
    unsigned long long w, hi, lo, units;
    double start, end, cpu_s;
    int cpu, g;
    if (!PyArg_ParseTuple(t, "KKKKdddii", &w, &hi, &lo, &units, &start, &end, &cpu_s, &cpu, &g))
        return -1;
    if (w >= job->threads || slots[w].done) {
        PyErr_Format(PyExc_RuntimeError, "worker index %llu is out of range or repeated", w);
        return -1;
    }
    slots[w] = (struct worker_result){.value = ((u128)hi << 64) | lo, .units = units, .start_s = start,
                                      .end_s = end, .cpu_s = cpu_s, .cpu = cpu, .done = 1};
    if (g > *gil)
        *gil = g;
    return 0;
}

static int take_results(PyObject *list, const struct job *job, struct worker_result *slots, int *gil)
{
    PyObject *seq = PySequence_Fast(list, "worker results must be a sequence");
    if (!seq)
        return -1;
    int rc = 0;
    for (Py_ssize_t i = 0; rc == 0 && i < PySequence_Fast_GET_SIZE(seq); i++)
        rc = take_result(PySequence_Fast_GET_ITEM(seq, i), job, slots, gil);
    Py_DECREF(seq);
    return rc;
}

/* CPU list for Python: cpus[w], or -1 for "do not pin". */
static PyObject *cpu_list(const struct job *job)
{
    PyObject *l = PyList_New(job->threads);
    for (unsigned w = 0; l && w < job->threads; w++)
        PyList_SET_ITEM(l, w, PyLong_FromLong(job->cpus ? job->cpus[w] : -1));
    return l;
}

/* The call every worker makes: study_workloads.worker(...) in whatever
 * interpreter `mod` belongs to. */
static PyObject *call_worker(PyObject *mod, const struct job *job, unsigned w, PyObject *pool)
{
    return PyObject_CallMethod(mod, "worker", "ssKIIiO", workload_descs[job->workload].name,
                               split_descs[job->split].name, (unsigned long long)job->size,
                               job->threads, w, job->cpus ? job->cpus[w] : -1, pool ? pool : Py_None);
}

/* ---- modes run in Python code ----------------------------------------- */

/* The children's usage: from RUSAGE_CHILDREN when they are the host's own
 * (usage None), else the sum they reported (forkserver's children belong to
 * its server).  -1 with a Python error set. */
static int mp_usage(PyObject *usage, const struct rusage *r0, const struct rusage *r1, struct child_usage *kids)
{
    if (usage != Py_None)
        return PyArg_ParseTuple(usage, "ddll", &kids->user_s, &kids->sys_s, &kids->vol_ctx, &kids->invol_ctx)
                   ? 0
                   : -1;
    kids->user_s = (double)(r1->ru_utime.tv_sec - r0->ru_utime.tv_sec) +
                   (double)(r1->ru_utime.tv_usec - r0->ru_utime.tv_usec) / 1e6;
    kids->sys_s = (double)(r1->ru_stime.tv_sec - r0->ru_stime.tv_sec) +
                  (double)(r1->ru_stime.tv_usec - r0->ru_stime.tv_usec) / 1e6;
    kids->vol_ctx = r1->ru_nvcsw - r0->ru_nvcsw;
    kids->invol_ctx = r1->ru_nivcsw - r0->ru_nivcsw;
    return 0;
}

static int run_in_python(const struct job *job, struct worker_result *slots, struct child_usage *kids,
                         struct err *e)
{
    PyGILState_STATE g = PyGILState_Ensure();
    int rc = 0;
    const char *wl = workload_descs[job->workload].name, *sp = split_descs[job->split].name;
    const unsigned long long size = job->size;
    PyObject *cpus = cpu_list(job), *res = NULL;
    struct rusage r0, r1;
    getrusage(RUSAGE_CHILDREN, &r0);
    if (cpus && mode_is_mp(host.mode))
        res = PyObject_CallMethod(host.module, "run_multiprocessing", "sssKIO", catalog_modes[host.mode].name + strlen("mp-"),
                                  wl, sp, size, job->threads, cpus);
    else if (cpus)
        res = PyObject_CallMethod(host.module, host.mode == MODE_THREADING ? "run_threading" : "run_interpreters",
                                  "ssKIO", wl, sp, size, job->threads, cpus);
    getrusage(RUSAGE_CHILDREN, &r1);
    PyObject *list = res;
    if (res && mode_is_mp(host.mode)) {
        /* (results, sum of the children's peak RSS in KiB, usage or None) */
        long rss = 0;
        PyObject *usage = NULL;
        if (!PyArg_ParseTuple(res, "OlO", &list, &rss, &usage) || mp_usage(usage, &r0, &r1, kids))
            list = NULL;
        kids->maxrss_kib = rss;
    }
    int gil = 0;
    if (!list || take_results(list, job, slots, &gil))
        rc = py_fail(e, "a worker failed");
    kids->gil_enabled = gil;
    Py_XDECREF(res);
    Py_XDECREF(cpus);
    PyGILState_Release(g);
    return rc;
}

/* ---- modes run on C threads ------------------------------------------- */

struct cworker {
    const struct job *job;
    unsigned w;
    struct worker_result *slots;
    struct gate *start;
    PyObject *pool;       /* main interpreter's pool (cthreads), or NULL */
    int gil;              /* what this worker saw */
    int failed;           /* 1: its traceback is on stderr */
};

static void *cthread_main(void *p)
{
    struct cworker *c = p;
    if (!gate_wait(c->start))
        return NULL;
    sampler_register(c->job->sample_board, c->w);
    PyGILState_STATE g = PyGILState_Ensure();
    PyObject *res = call_worker(host.module, c->job, c->w, c->pool);
    if (!res || take_result(res, c->job, c->slots, &c->gil)) {
        PyErr_Print();
        c->failed = 1;
    }
    Py_XDECREF(res);
    PyGILState_Release(g);
    return NULL;
}

static void *subinterp_main(void *p)
{
    struct cworker *c = p;
    if (!gate_wait(c->start))
        return NULL;
    sampler_register(c->job->sample_board, c->w); /* before its sub-interpreter is made */
    /* A fresh C thread needs a thread state of the main interpreter before
     * it may create another interpreter. */
    PyGILState_STATE g = PyGILState_Ensure();
    PyThreadState *main_ts = PyThreadState_Get();
    PyThreadState *sub = NULL;
    const PyInterpreterConfig cfg = {
        .use_main_obmalloc = 0,
        .allow_fork = 0,
        .allow_exec = 0,
        .allow_threads = 1,
        .allow_daemon_threads = 0,
        .check_multi_interp_extensions = 1,
        .gil = PyInterpreterConfig_OWN_GIL,
    };
    PyStatus st = Py_NewInterpreterFromConfig(&sub, &cfg);
    if (PyStatus_Exception(st)) {
        fprintf(stderr, "embedded-py: worker %u: cannot create a sub-interpreter: %s\n", c->w,
                st.err_msg ? st.err_msg : "unknown error");
        c->failed = 1;
        PyThreadState_Swap(main_ts);
        PyGILState_Release(g);
        return NULL;
    }
    PyObject *mod = load_module();
    PyObject *res = mod ? call_worker(mod, c->job, c->w, NULL) : NULL;
    if (!res || take_result(res, c->job, c->slots, &c->gil)) {
        PyErr_Print();
        c->failed = 1;
    }
    Py_XDECREF(res);
    Py_XDECREF(mod);
    Py_EndInterpreter(sub);
    PyThreadState_Swap(main_ts);
    PyGILState_Release(g);
    return NULL;
}

/* Per-run state for the C-thread modes, allocated in setup. */
struct cthreads_state {
    pthread_t *tid;
    struct cworker *workers;
    PyObject *pool; /* cthreads + dynamic: built once, untimed */
};

static int host_setup(const struct job *job, void **state, struct err *e)
{
    struct cthreads_state *s = calloc(1, sizeof *s);
    if (!s)
        return err_set(e, EXIT_RUN_FAILED, "out of memory");
    s->tid = calloc(job->threads, sizeof *s->tid);
    s->workers = calloc(job->threads, sizeof *s->workers);
    if (!s->tid || !s->workers) {
        free(s->tid);
        free(s->workers);
        free(s);
        return err_set(e, EXIT_RUN_FAILED, "out of memory for %u workers", job->threads);
    }
    if (host.mode == MODE_CTHREADS && job->split == SPLIT_DYNAMIC) {
        PyGILState_STATE g = PyGILState_Ensure();
        s->pool = PyObject_CallMethod(host.module, "make_pool", "K", (unsigned long long)job->size);
        int bad = s->pool == NULL;
        if (bad)
            py_fail(e, "building the task pool failed");
        PyGILState_Release(g);
        if (bad) {
            free(s->tid);
            free(s->workers);
            free(s);
            return -1;
        }
    }
    *state = s;
    return 0;
}

static void host_teardown(void *state)
{
    struct cthreads_state *s = state;
    if (!s)
        return;
    if (s->pool) {
        PyGILState_STATE g = PyGILState_Ensure();
        Py_DECREF(s->pool);
        PyGILState_Release(g);
    }
    free(s->tid);
    free(s->workers);
    free(s);
}

static int run_on_cthreads(struct cthreads_state *s, const struct job *job, struct worker_result *slots,
                           struct child_usage *kids, struct err *e)
{
    struct gate start;
    gate_init(&start);
    for (unsigned w = 0; w < job->threads; w++)
        s->workers[w] = (struct cworker){.job = job, .w = w, .slots = slots, .start = &start, .pool = s->pool};
    unsigned made;
    int rc = gate_run_threads(&start, job->threads, s->tid,
                              host.mode == MODE_SUBINTERP ? subinterp_main : cthread_main, s->workers,
                              sizeof *s->workers, &made);
    gate_destroy(&start);
    if (rc)
        return err_set(e, EXIT_RUN_FAILED, "cannot create worker thread %u of %u: %s", made, job->threads,
                       strerror(rc));
    int gil = 0;
    for (unsigned w = 0; w < job->threads; w++) {
        if (s->workers[w].failed)
            return err_set(e, EXIT_RUN_FAILED, "worker %u failed (Python traceback above)", w);
        if (s->workers[w].gil > gil)
            gil = s->workers[w].gil;
    }
    kids->gil_enabled = gil;
    return 0;
}

/* ---- the model -------------------------------------------------------- */

static int host_run(void *state, const struct job *job, struct worker_result *slots,
                    struct child_usage *kids, struct err *e)
{
    atomic_store(host.next, 0);
    host.board = job->sample_board;
    host.board_workers = job->threads;
    int rc = host.mode == MODE_CTHREADS || host.mode == MODE_SUBINTERP
                 ? run_on_cthreads(state, job, slots, kids, e)
                 : run_in_python(job, slots, kids, e);
    host.board = NULL;
    if (rc)
        return rc;
    return pyrules_gil_in_run(HOST_FREE_THREADED, kids->gil_enabled, host.allow_gil, e);
}

/* Appends "-X opt" to the config, for PYTHON_GIL / PYTHON_TLBC: an isolated
 * configuration ignores PYTHON* variables, so they are honoured by hand
 * (common/pyrules.h). */
static PyStatus add_xoption(PyConfig *c, const char *opt)
{
    wchar_t *w = Py_DecodeLocale(opt, NULL);
    if (!w)
        return PyStatus_NoMemory();
    PyStatus st = PyWideStringList_Append(&c->xoptions, w);
    PyMem_RawFree(w);
    return st;
}

static int host_prepare(const struct config *cfg, char **argv, struct err *e)
{
    host.allow_gil = cfg->allow_gil;
    host.fault_worker = cfg->fault_worker;
    host.fault_signal = cfg->fault_signal;
    for (int i = 0; mode_names[i]; i++)
        if (strcmp(mode_names[i], cfg->mode) == 0)
            host.mode = mode_ids[i];
    const struct mode_desc *md = &catalog_modes[host.mode];
    if (pyrules_mode_version(md->name, md->major, md->minor, PY_MAJOR_VERSION, PY_MINOR_VERSION, e) ||
        pyrules_fault(mode_is_mp(host.mode), cfg->fault_signal, e) || pyrules_env_read(&host.env, e))
        return -1;
    void *map = mmap(NULL, sizeof *host.next, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED)
        return err_set(e, EXIT_RUN_FAILED, "mmap: %s", strerror(errno));
    host.next = map;

    const double t0 = timer_now_s();
    if (PyImport_AppendInittab("_studyhost", host_init) != 0)
        return err_set(e, EXIT_RUN_FAILED, "cannot register the _studyhost module");
    PyConfig pc;
    PyConfig_InitIsolatedConfig(&pc);
    PyStatus st = PyConfig_SetBytesString(&pc, &pc.program_name, argv[0]);
    for (size_t i = 0; i < host.env.nopts && !PyStatus_Exception(st); i++)
        st = add_xoption(&pc, host.env.xopt[i]);
    if (!PyStatus_Exception(st))
        st = Py_InitializeFromConfig(&pc);
    PyConfig_Clear(&pc);
    if (PyStatus_Exception(st))
        return err_set(e, EXIT_USAGE, "cannot start Python %s: %s", PY_VERSION,
                       st.err_msg ? st.err_msg : "unknown error");

    host.module = load_module();
    if (!host.module) {
        PyErr_Print();
        return err_set(e, EXIT_RUN_FAILED, "cannot load %s (Python traceback above)", MODULE_NAME);
    }
    PyObject *vs = PyRun_String("'%d.%d.%d' % sys.version_info[:3] + sys.abiflags", Py_eval_input,
                                PyModule_GetDict(host.module), NULL);
    PyObject *pre = vs ? PyObject_CallMethod(host.module, "preload", "s", catalog_modes[host.mode].name) : NULL;
    PyObject *gil = pre ? PyObject_CallMethod(host.module, "gil_enabled", NULL) : NULL;
    Py_XDECREF(pre);
    const char *vstr = vs ? PyUnicode_AsUTF8(vs) : NULL;
    if (!vstr || !gil) {
        Py_XDECREF(vs);
        Py_XDECREF(gil);
        PyErr_Print();
        return err_set(e, EXIT_RUN_FAILED, "cannot prepare the interpreter for --mode %s (Python traceback above)",
                       catalog_modes[host.mode].name);
    }
    snprintf(host.interpreter, sizeof host.interpreter, "%s", vstr);
    long gil_on = PyLong_AsLong(gil);
    Py_DECREF(vs);
    Py_DECREF(gil);
    snprintf(host.init_s, sizeof host.init_s, "%.6f", timer_now_s() - t0);
    /* Release the GIL: from here every thread, this one included, attaches
     * with PyGILState_Ensure. */
    host.main_ts = PyEval_SaveThread();
    return pyrules_gil_at_start(HOST_FREE_THREADED, gil_on, host.allow_gil, &host.env, e);
}

/* Safe after a prepare that failed part-way: finalises only what started. */
static void host_finish(void)
{
    if (Py_IsInitialized()) {
        if (host.main_ts)
            PyEval_RestoreThread(host.main_ts);
        host.main_ts = NULL;
        Py_CLEAR(host.module);
        Py_FinalizeEx();
    }
    if (host.next) {
        munmap(host.next, sizeof *host.next);
        host.next = NULL;
    }
}

static const char *host_column(int col)
{
    switch (col) {
    case COL_INTERPRETER: return host.interpreter;
    case COL_MODE: return catalog_modes[host.mode].name;
    case COL_INIT_S: return host.init_s;
    case COL_PY_ENV: return host.env.py_env;
    default: return NULL;
    }
}

static const struct model model_embedded = {
    .name = "embedded-py",
    .cli = &py_cli,
    .prepare_process = host_prepare,
    .finish_process = host_finish,
    .column = host_column,
    .setup = host_setup,
    .run = host_run,
    .teardown = host_teardown,
};

int main(int argc, char **argv)
{
    mode_names_init();
    return harness_main(&model_embedded, argc, argv);
}
