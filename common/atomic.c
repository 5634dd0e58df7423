/* atomic.c - a file replaced whole or not at all (atomic.h). */
#define _GNU_SOURCE
#include "atomic.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "text.h"

int atomic_open(struct atomic_file *a, const char *path, struct err *e)
{
    *a = (struct atomic_file){0};
    if (strlen(path) >= sizeof a->path)
        return err_set(e, EXIT_USAGE, "path too long: '%s'", path);
    strcpy(a->path, path);
    const char *slash = strrchr(path, '/');
    int dirlen = slash ? (int)(slash - path + 1) : 0;
    text_clip(a->tmp, sizeof a->tmp, "%.*s.%s.XXXXXX", dirlen, path, slash ? slash + 1 : path);
    int fd = mkstemp(a->tmp);
    if (fd < 0)
        return err_set(e, EXIT_RUN_FAILED, "cannot write '%s': %s", a->path, strerror(errno));
    /* mkstemp's 0600 would hide the file from others: the umask's mode. */
    mode_t mask = umask(0);
    umask(mask);
    if (fchmod(fd, 0666 & ~mask) != 0 || !(a->f = fdopen(fd, "w"))) {
        int err = errno;
        close(fd);
        unlink(a->tmp);
        return err_set(e, EXIT_RUN_FAILED, "cannot write '%s': %s", a->tmp, strerror(err));
    }
    return 0;
}

int atomic_commit(struct atomic_file *a, struct err *e)
{
    int bad = ferror(a->f);
    int err = errno;
    if (fclose(a->f) != 0 && !bad) {
        bad = 1;
        err = errno;
    }
    a->f = NULL;
    if (bad) {
        unlink(a->tmp);
        return err_set(e, EXIT_RUN_FAILED, "writing '%s' failed: %s", a->tmp, strerror(err));
    }
    if (rename(a->tmp, a->path) != 0) {
        err = errno;
        unlink(a->tmp);
        return err_set(e, EXIT_RUN_FAILED, "cannot rename '%s' to '%s': %s", a->tmp, a->path, strerror(err));
    }
    return 0;
}

void atomic_abort(struct atomic_file *a)
{
    if (a->f)
        fclose(a->f);
    a->f = NULL;
    unlink(a->tmp);
}
