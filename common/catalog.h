/* catalog.h - the one table of what the study knows: every model and
 * Python mode, every interpreter, and the thresholds and keys that the
 * runner, the analysis, the report and the tests share.
 *
 * In the manner of libuv's UV_ERRNO_MAP: each fact is written once, here,
 * and every program expands the tables it needs.  Adding an interpreter is
 * one row of PY_INTERP_TABLE (plus `make pythons` learning to provide it);
 * adding a Python mode is one row of MODE_TABLE (plus its code in the host
 * and study_workloads.py); a native model is one row too (plus its
 * impl-* folder).  The figures take their colours, markers and dashes from
 * these rows (analysis writes them for gnuplot), so a new row is drawn
 * without touching a script.
 */
#ifndef STUDY_CATALOG_H
#define STUDY_CATALOG_H

#include <stddef.h>
#include <stdint.h>

/* ---- models and modes ---------------------------------------------------- */

/* How the runner starts a model binary: as it is, under mpirun with -np T
 * (T is then the number of ranks; runner/launch.c), or as T copies of its
 * single-worker run started at once, nothing shared (the ceiling: what
 * this machine gives T independent workers; runner/run.c). */
enum launcher { LAUNCH_DIRECT, LAUNCH_MPIRUN, LAUNCH_COPIES };

/* Python major.minor as PY_VERSION_HEX orders it (0x030E0000 for 3.14). */
#define PY_VERSION_OF(major, minor) (((major) << 24) | ((minor) << 16))

/* The two programs that run Python modes, bin/<name>-<tag>. */
#define CATALOG_HOST "embedded-py"
#define CATALOG_DIRECT "direct-py"

/* Every native model and every way the study runs Python workers (in the
 * embedded host, or in the interpreter's own executable), in the order the
 * figures and tables list them.
 *   id        the enum
 *   name      a native model's binary and implementation name (bin/NAME);
 *             a Python mode's --mode and the part of py<tag>-<mode> after
 *             the tag
 *   python    1 for a Python mode
 *   major, minor  the first Python that has the mode (0, 0: native)
 *   launcher  how the runner starts it
 *   binary    the program that runs it: bin/<binary> for a native model,
 *             bin/<binary>-<tag> for a Python mode (CATALOG_HOST: the C
 *             host embedding the interpreter, impl-embedded-py/host.c;
 *             CATALOG_DIRECT: the interpreter's own executable driven by
 *             impl-embedded-py/direct.c).  Only the host's modes are its
 *             --mode choices.
 *   label     its name for readers
 *   dash      its gnuplot dash pattern (the mode is the dash, the
 *             interpreter the colour and marker, so figures read in grey)
 *   how       how its workers are made, for help texts
 *
 *  id                    name            py maj min launcher       binary          label                      dash                how */
#define MODE_TABLE(X)                                                                                                       \
    X(MODE_PTHREADS,      "pthreads",      0, 0, 0,  LAUNCH_DIRECT, "pthreads",     "pthreads",                "solid",            "POSIX threads, one per worker") \
    X(MODE_OPENMP,        "openmp",        0, 0, 0,  LAUNCH_DIRECT, "openmp",       "OpenMP",                  "(6,3)",            "one OpenMP parallel region per run") \
    X(MODE_MULTIPROCESS,  "multiprocess",  0, 0, 0,  LAUNCH_DIRECT, "multiprocess", "fork()",                  "(2,3)",            "fork()ed worker processes") \
    X(MODE_THREADING,     "threading",     1, 3, 12, LAUNCH_DIRECT, CATALOG_HOST,   "threading",               "solid",            "threading.Thread workers started from Python") \
    X(MODE_DIRECT,        "direct",        1, 3, 12, LAUNCH_DIRECT, CATALOG_DIRECT, "own executable",          "(16,4)",           "the interpreter's own executable, threading.Thread workers (the articles' way)") \
    X(MODE_CTHREADS,      "cthreads",      1, 3, 12, LAUNCH_DIRECT, CATALOG_HOST,   "C threads",               "(8,4)",            "C pthreads, each attached with PyGILState_Ensure") \
    X(MODE_SUBINTERP,     "subinterp",     1, 3, 12, LAUNCH_DIRECT, CATALOG_HOST,   "sub-interpreters",        "(2,3)",            "C pthreads, each in its own sub-interpreter (C API)") \
    X(MODE_INTERPRETERS,  "interpreters",  1, 3, 14, LAUNCH_DIRECT, CATALOG_HOST,   "concurrent.interpreters", "(2,3,8,3)",        "concurrent.interpreters: a thread per interpreter (PEP 734)") \
    X(MODE_MP_FORK,       "mp-fork",       1, 3, 12, LAUNCH_DIRECT, CATALOG_HOST,   "mp fork",                 "(12,4)",           "multiprocessing, fork start method") \
    X(MODE_MP_FORKSERVER, "mp-forkserver", 1, 3, 12, LAUNCH_DIRECT, CATALOG_HOST,   "mp forkserver",           "(12,3,2,3)",       "multiprocessing, forkserver start method") \
    X(MODE_MP_SPAWN,      "mp-spawn",      1, 3, 12, LAUNCH_DIRECT, CATALOG_HOST,   "mp spawn",                "(12,3,2,3,2,3)",   "multiprocessing, spawn start method") \
    X(MODE_MPI,           "mpi",           0, 0, 0,  LAUNCH_MPIRUN, "mpi",          "MPI",                     "(2,3,8,3)",        "Open MPI ranks, started by mpirun") \
    X(MODE_CEILING,       "ceiling",       0, 0, 0,  LAUNCH_COPIES, "pthreads",     "T independent copies",    "(1,2)",            "T copies of C pthreads' one-worker run at once, nothing shared: what this machine gives T independent workers")

/* Former names of Python modes, still accepted; rows always carry the
 * mode's own name. */
#define MODE_ALIASES(X) X("multiprocessing", MODE_MP_FORK)

#define CATALOG_ENUM(id, ...) id,
/* MODE_OTHER: a model the table does not know (an older or newer study's). */
enum impl_mode { MODE_TABLE(CATALOG_ENUM) MODE_OTHER, MODE_COUNT };
#define MODE_BIT(id) (1u << (id))
/* Every Python mode. */
#define MODES_PYTHON (0u MODE_TABLE(CATALOG_PY_BIT))
#define CATALOG_PY_BIT(id, name, py, ...) | ((py) ? MODE_BIT(id) : 0u)

/* ---- interpreters ---------------------------------------------------------- */

/* The Python interpreters the embedded host is built against, each a
 * family of series in the figures (C is one more, FAM_C, and FAM_OTHER an
 * implementation the table does not know).
 *   id        the enum
 *   tag       .pythons/<tag>, the py<tag>-<mode> names, bin/embedded-py-<tag>
 *             and bin/direct-py-<tag>
 *   runs      the interpreter whose binary it runs: itself, or (3.14t-gil)
 *             the free-threaded one with its GIL switched back on
 *   major, minor
 *   ft        1: a free-threaded build (Py_GIL_DISABLED)
 *   gil_on    1: started with PYTHON_GIL=1 (-X gil=1) and --allow-gil, the
 *             same binary as `runs` with the GIL the one difference
 *   optional  1: studied only when built (make pythons WITH=...) or named
 *   modes     the modes the study runs on it (MODE_BIT mask)
 *   label     its name for readers; gil: what its GIL does, in text; key:
 *             the same, short, for a figure's key
 *   colour, marker  its look in every figure (Okabe & Ito's colour-blind-
 *             safe palette; a gnuplot point type, filled for GIL-off and
 *             the reference builds)
 *
 *  id              tag          runs            maj min ft gil_on opt modes                     label             gil                     key              colour     marker */
#define PY_INTERP_TABLE(X)                                                                                                                                                         \
    X(FAM_PY312,      "3.12",      FAM_PY312,      3, 12, 0, 0, 0, MODES_PYTHON,              "3.12",           "GIL",                  "GIL",           "#D55E00", 5)  \
    X(FAM_PY313T,     "3.13t",     FAM_PY313T,     3, 13, 1, 0, 1, MODES_PYTHON,              "3.13t",          "free-threaded",        "free-threaded", "#CC79A7", 12) \
    X(FAM_PY314,      "3.14",      FAM_PY314,      3, 14, 0, 0, 0, MODES_PYTHON,              "3.14",           "GIL",                  "GIL",           "#E69F00", 4)  \
    X(FAM_PY314T,     "3.14t",     FAM_PY314T,     3, 14, 1, 0, 0, MODES_PYTHON,              "3.14t",          "free-threaded",        "free-threaded", "#009E73", 9)  \
    X(FAM_PY314T_GIL, "3.14t-gil", FAM_PY314T,     3, 14, 1, 1, 0, MODE_BIT(MODE_THREADING) | MODE_BIT(MODE_DIRECT), "3.14t -X gil=1", "GIL switched back on", "GIL on",        "#0072B2", 8)

/* The native models' family and the unknown one, around the interpreters. */
enum impl_family { FAM_C, PY_INTERP_TABLE(CATALOG_ENUM) FAM_OTHER, FAMILY_COUNT };
#undef CATALOG_ENUM
#define FAM_PY_FIRST (FAM_C + 1)

/* What gil_on sets for the host. */
#define PY_GIL_ON_ENV "PYTHON_GIL=1"

struct mode_desc {
    const char *name;
    int python, major, minor;
    enum launcher launcher;
    const char *binary, *label, *dash, *how;
};
extern const struct mode_desc catalog_modes[MODE_COUNT];

/* A family: C, an interpreter, or other.  For C and other, tag is "" and
 * "?", runs is the family itself, and the Python columns are 0. */
struct family_desc {
    const char *tag;
    enum impl_family runs;
    int major, minor, ft, gil_on, optional;
    unsigned modes;
    const char *label, *gil, *key, *colour;
    int marker;
};
extern const struct family_desc catalog_families[FAMILY_COUNT];

/* The mode named s[0 .. len-1] (its own name or, for a Python mode, a
 * former one), or -1; python: among the Python modes, else the native
 * models. */
int catalog_mode_named(const char *s, size_t len, int python);

/* The family and mode of an implementation's name: a native model
 * (pthreads: FAM_C), or py<tag>-<mode> with a tag and mode of the tables
 * (the longest tag that leaves a known mode: py3.14t-gil-threading is
 * 3.14t-gil's threading); FAM_OTHER / MODE_OTHER when not known. */
void catalog_impl_kind(const char *impl, int *fam, int *mode);

/* ---- thresholds and keys ------------------------------------------------- */

/* The level every interval aims at, in percent: the runner's
 * repeat-until-sure, the analysis, the comparison of two studies, and the
 * text of their reports (CATALOG_CI_TEXT "95%", CATALOG_CI_FMT "95%%" for
 * a printf format). */
#define CATALOG_CI_PERCENT 95
#define CATALOG_CI_LEVEL (CATALOG_CI_PERCENT / 100.0)
#define CATALOG_CI_TEXT CATALOG_STR(CATALOG_CI_PERCENT) "%"
#define CATALOG_CI_FMT CATALOG_STR(CATALOG_CI_PERCENT) "%%"
#define CATALOG_STR(x) CATALOG_STR_(x)
#define CATALOG_STR_(x) #x

/* From what share of a CPU used by other processes the machine counts as
 * busy: pyperf's `system show` warns on load it cannot attribute, and a
 * fifth of a CPU taken by others moves a two-core machine's timings by
 * several per cent.  The runner warns and the report says so at this one
 * value. */
#define CATALOG_BUSY_CPUS 0.2
/* From what share of a CPU of steal time (the hypervisor running someone
 * else while our virtual CPUs wanted to run) a process of the study counts
 * as disturbed.  Lower than CATALOG_BUSY_CPUS: steal is taken from our own
 * runnable virtual CPUs, so all of it lands on the timed work, where
 * another process's time slows us only when it shares our cores; a tenth
 * of a CPU of steal is 5% of a two-core VM's time, the size of the
 * smallest effect the study must decide (the articles' +5% single-thread
 * cost). */
#define CATALOG_STEAL_CPUS 0.1

/* The bootstrap's seed when none is given: the analysis's --boot-seed
 * default (analysis/opts.h's OPTS_BOOT_SEED_DEFAULT is this), and the
 * seed with which the runner judges a cell against its CI target
 * (common/citarget.h), so that both count the same cells. */
#define CATALOG_BOOT_SEED 1

/* Who runs when: the cells the runner samples with the CPU-time sampler
 * (runner/sample.c) and the figure draws (analysis/whoruns.c): these
 * implementations on sumsq weak, in this order (the figure's panels): the
 * GIL, free-threading, and C's threads as the hardware's own answer.  At
 * T = 2, or the largest T of the study within the CPUs and at most
 * SCHEDULE_T_MAX, and never below 2. */
#define SCHEDULE_IMPLS(X) X("py3.12-threading") X("py3.14t-threading") X("pthreads")
#define SCHEDULE_WORKLOAD "sumsq"
#define SCHEDULE_SPLIT "weak"
#define SCHEDULE_T_MAX 4u

/* A cell's name, "impl/workload/split/size/T": the runner's resume key and
 * the seed key of each bootstrap interval (summary, compare), so that an
 * interval is reproducible alone, whatever else was analysed with it. */
void catalog_cell_key(const char *impl, const char *workload, const char *split, uint64_t size, unsigned threads,
                      char *buf, size_t len);

#endif
