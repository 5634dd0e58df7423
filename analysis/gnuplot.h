/* gnuplot.h - the one way bin/analyze and bin/compare run gnuplot.
 *
 * gnuplot -e DEFS SCRIPT, run in a folder of the caller's choosing (the
 * figure's own, so that what it writes and what a cairolatex .tex names
 * carry no path of this machine), its messages on our stderr.  Several
 * may run at once: start them, then reap each. */
#ifndef STUDY_GNUPLOT_H
#define STUDY_GNUPLOT_H

#include <sys/types.h>

/* Starts gnuplot in folder dir with the definitions defs ahead of the
 * script.  who names the program in the messages of a child that cannot
 * enter dir or find gnuplot (it then exits 127, a failure to its waiter).
 * The pid, or -1 when no process could be made. */
pid_t gnuplot_start(const char *dir, const char *defs, const char *script, const char *who);

/* Waits for one of the started gnuplots to end: its pid, and *ok 1 when
 * it exited 0.  -1 when none is left to wait for. */
pid_t gnuplot_reap(int *ok);

/* Waits for the gnuplot pid: 0 when it exited 0, else -1. */
int gnuplot_wait(pid_t pid);

#endif
