/* pyrules.c - the start-up rules of pyrules.h, shared by the embedded host
 * and the direct driver. */
#include "pyrules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "text.h"

int pyrules_env_read(struct pyrules_env *pe, struct err *e)
{
    static const char *const vars[] = {
#define VAR(name, opt) name,
        PYRULES_VARS(VAR)
#undef VAR
    };
    static const char *const opts[] = {
#define OPT(name, opt) opt,
        PYRULES_VARS(OPT)
#undef OPT
    };
    *pe = (struct pyrules_env){0};
    size_t k = 0;
    for (size_t i = 0; i < PYRULES_NVARS; i++) {
        const char *v = getenv(vars[i]);
        if (!v)
            continue;
        if (strlen(v) > PYRULES_OPT_MAX / 2)
            return err_set(e, EXIT_USAGE, "%s is too long ('%.16s...')", vars[i], v);
        snprintf(pe->xopt[pe->nopts++], PYRULES_OPT_MAX, "%s=%s", opts[i], v);
        /* Both values are short (checked above), so this never cuts. */
        text_clip(pe->py_env + k, sizeof pe->py_env - k, "%s%s=%s", k ? ";" : "", vars[i], v);
        k = strlen(pe->py_env);
    }
    return 0;
}

int pyrules_gil_at_start(bool free_threaded, bool gil_on, bool allow_gil, const struct pyrules_env *pe,
                         struct err *e)
{
    if (free_threaded && gil_on && !allow_gil)
        return err_set(e, EXIT_USAGE, "the GIL is enabled in this free-threaded build%s; pass --allow-gil to measure anyway",
                       strstr(pe->py_env, "PYTHON_GIL=") ? " (PYTHON_GIL is set)" : "");
    return 0;
}

int pyrules_gil_in_run(bool free_threaded, bool gil_on, bool allow_gil, struct err *e)
{
    if (free_threaded && gil_on && !allow_gil)
        return err_set(e, EXIT_RUN_FAILED, "the GIL was enabled in the workers of this free-threaded build "
                                           "(an extension without Py_mod_gil?); pass --allow-gil to accept it");
    return 0;
}

int pyrules_fault(bool workers_are_processes, int fault_signal, struct err *e)
{
    if (fault_signal && !workers_are_processes)
        return err_set(e, EXIT_USAGE, "--inject-fault with a signal needs an mp-* mode, whose workers are "
                                      "processes (it would kill the whole process); use W:0 for an exception");
    return 0;
}

int pyrules_mode_version(const char *mode, int mode_major, int mode_minor, int py_major, int py_minor,
                         struct err *e)
{
    if (PY_VERSION_OF(py_major, py_minor) < PY_VERSION_OF(mode_major, mode_minor))
        return err_set(e, EXIT_USAGE, "--mode %s is not available on Python %d.%d (it is new in %d.%d)", mode,
                       py_major, py_minor, mode_major, mode_minor);
    return 0;
}
