/* gnuplot.c - running gnuplot (gnuplot.h). */
#include "gnuplot.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

pid_t gnuplot_start(const char *dir, const char *defs, const char *script, const char *who)
{
    fflush(NULL); /* nothing buffered is written twice, by the child too */
    pid_t pid = fork();
    if (pid != 0)
        return pid;
    if (chdir(dir)) {
        fprintf(stderr, "%s: cannot enter '%s': %s\n", who, dir, strerror(errno));
        _exit(127);
    }
    execlp("gnuplot", "gnuplot", "-e", defs, script, (char *)NULL);
    fprintf(stderr, "%s: cannot run gnuplot: %s (install gnuplot-nox)\n", who, strerror(errno));
    _exit(127);
}

static int exited_ok(int st)
{
    return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

pid_t gnuplot_reap(int *ok)
{
    int st;
    pid_t pid;
    while ((pid = waitpid(-1, &st, 0)) < 0 && errno == EINTR)
        ;
    *ok = pid > 0 && exited_ok(st);
    return pid;
}

int gnuplot_wait(pid_t pid)
{
    int st;
    pid_t got;
    while ((got = waitpid(pid, &st, 0)) < 0 && errno == EINTR)
        ;
    return got == pid && exited_ok(st) ? 0 : -1;
}
