/* pymodes.h - the embedded-Python host's modes (--mode): one table for the
 * host (impl-embedded-py/host.c) and for the study's implementation list
 * (runner/matrix.c), so the two cannot disagree on a name. */
#ifndef STUDY_PYMODES_H
#define STUDY_PYMODES_H

/* Python major.minor as PY_VERSION_HEX orders it (0x030E0000 for 3.14). */
#define PY_VERSION_OF(major, minor) (((major) << 24) | ((minor) << 16))

/*  id                    --mode           first Python  how the workers are made */
#define PY_MODE_TABLE(X)                                                                                     \
    X(PYMODE_THREADING,     "threading",     3, 12, "threading.Thread workers started from Python")          \
    X(PYMODE_CTHREADS,      "cthreads",      3, 12, "C pthreads, each attached with PyGILState_Ensure")      \
    X(PYMODE_SUBINTERP,     "subinterp",     3, 12, "C pthreads, each in its own sub-interpreter (C API)")   \
    X(PYMODE_MP_FORK,       "mp-fork",       3, 12, "multiprocessing, fork start method")                    \
    X(PYMODE_MP_FORKSERVER, "mp-forkserver", 3, 12, "multiprocessing, forkserver start method")              \
    X(PYMODE_MP_SPAWN,      "mp-spawn",      3, 12, "multiprocessing, spawn start method")                   \
    X(PYMODE_INTERPRETERS,  "interpreters",  3, 14, "concurrent.interpreters: a thread per interpreter (PEP 734)")

/* Former names, still accepted; rows always carry the mode's own name. */
#define PY_MODE_ALIASES(X) X("multiprocessing", PYMODE_MP_FORK)

enum py_mode_id {
#define PYMODE_ENUM(id, name, major, minor, what) id,
    PY_MODE_TABLE(PYMODE_ENUM)
#undef PYMODE_ENUM
    PYMODE_COUNT
};

#define PYMODE_BIT(id) (1u << (id))
#define PYMODES_ALL ((1u << PYMODE_COUNT) - 1)

#endif
