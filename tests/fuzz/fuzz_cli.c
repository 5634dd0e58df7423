/* fuzz_cli.c - libFuzzer target for the thread-list parser and the whole
 * command-line parser: the input is split at NUL or newline bytes into
 * argv.  Any input parses or fails with a message; a parse that succeeds
 * has a thread list of counts within 1..THREADS_MAX.  Built and run by
 * `make fuzz`. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "job.h"

#define ARGS_MAX 32

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    /* --help and --version print; keep the fuzzer's output readable */
    if (!freopen("/dev/null", "w", stdout))
        return 0;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf = malloc(size + 1);
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    struct err e;
    unsigned *list;
    size_t n;
    if (cli_parse_threads(buf, 8, &list, &n, &e) == 0) {
        for (size_t i = 0; i < n; i++)
            if (list[i] < 1 || list[i] > THREADS_MAX)
                abort();
        free(list);
    }
    char *argv[ARGS_MAX + 2] = {"fuzz"};
    int argc = 1;
    for (char *p = buf; argc < ARGS_MAX && p < buf + size;) {
        argv[argc++] = p;
        size_t len = strcspn(p, "\n");
        p[len] = '\0';
        p += len + 1;
    }
    argv[argc] = NULL;
    static const char *const modes[] = {"threading", "cthreads", NULL};
    static const struct cli_extra extra = {.modes = modes, .mode_default = "threading", .allow_gil = true};
    struct config cfg;
    if (cli_parse(argc, argv, "fuzz", (size & 1) ? &extra : NULL, &cfg, &e) == CLI_RUN) {
        for (size_t i = 0; i < cfg.nthreads; i++)
            if (cfg.threads[i] < 1 || cfg.threads[i] > THREADS_MAX)
                abort();
        cli_free(&cfg);
    }
    free(buf);
    return 0;
}
