/* stop.c - the stop signals (stop.h). */
#include "stop.h"

#include <sys/types.h>

#include "child.h"

volatile sig_atomic_t stop_requested;
volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
    if (!stop_signal)
        stop_signal = sig;
    stop_requested++;
    if (stop_requested > 1 && child_running_pgid > 0)
        kill(-(pid_t)child_running_pgid, SIGKILL);
}

void stop_catch_signals(void)
{
    struct sigaction sa = {.sa_handler = on_signal};
    /* The stop signals are held while the handler runs: two sent at once
     * would otherwise nest, the second's handler running before the
     * first's first instruction, and the study would report the second. */
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGINT);
    sigaddset(&sa.sa_mask, SIGTERM);
    sigaddset(&sa.sa_mask, SIGHUP);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}
