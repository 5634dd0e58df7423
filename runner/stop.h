/* stop.h - the stop signals of bin/study: SIGINT, SIGTERM and SIGHUP stop
 * the study after the process in progress; a second one kills that process
 * too.  Every loop of the runner reads stop_requested; only the handler
 * writes it.  Its own file, below everything that reads it, so that no
 * file of the runner reads a flag of the file that calls it. */
#ifndef STUDY_STOP_H
#define STUDY_STOP_H

#include <signal.h>

/* Set by the handler: 1 = stop after this run, 2 = now. */
extern volatile sig_atomic_t stop_requested;
/* The first stopping signal's number (0: none yet). */
extern volatile sig_atomic_t stop_signal;

/* Installs the handler.  First of all: a signal that arrives while the
 * folder and meta.json are being made must also stop cleanly. */
void stop_catch_signals(void);

#endif
