/* opts.c - command lines from one option table (opts.h). */
#define _GNU_SOURCE
#include "opts.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* "-o DIR" or "--force": an option as the synopsis and the help show it. */
static void opt_words(char *buf, size_t len, const struct opts_def *d, int both)
{
    const char *sp = d->arg ? " " : "", *arg = d->arg ? d->arg : "";
    if (d->val < OPTS_LONG_ONLY && both)
        snprintf(buf, len, "-%c, --%s%s%s", d->val, d->name, sp, arg);
    else if (d->val < OPTS_LONG_ONLY)
        snprintf(buf, len, "-%c%s%s", d->val, sp, arg);
    else
        snprintf(buf, len, "%s--%s%s%s", both ? "    " : "", d->name, sp, arg);
}

void opts_usage(FILE *f, const char *prog, const struct opts_def *d, size_t n, const char *operands,
                const char *about)
{
    char w[64];
    fprintf(f, "usage: %s", prog);
    for (size_t i = 0; i < n; i++)
        if (strcmp(d[i].name, "help")) {
            opt_words(w, sizeof w, &d[i], 0);
            fprintf(f, " [%s]", w);
        }
    fprintf(f, " %s\n\n%s\n\n", operands, about);
    for (size_t i = 0; i < n; i++) {
        opt_words(w, sizeof w, &d[i], 1);
        fprintf(f, "  %-22s %s\n", w, d[i].help);
    }
}

int opts_next(int argc, char **argv, const struct opts_def *d, size_t n, const char **arg)
{
    /* getopt's two tables, built from d at the first call for it */
    static struct option longs[OPTS_MAX + 1];
    static char shorts[2 * OPTS_MAX + 2];
    static const struct opts_def *built;
    static char **argv_seen;
    if (built != d || argv_seen != argv) {
        size_t k = 0;
        shorts[k++] = ':'; /* a missing argument reads ':', not '?' */
        for (size_t i = 0; i < n && i < OPTS_MAX; i++) {
            longs[i] = (struct option){d[i].name, d[i].arg ? required_argument : no_argument, NULL, d[i].val};
            if (d[i].val < OPTS_LONG_ONLY) {
                shorts[k++] = (char)d[i].val;
                if (d[i].arg)
                    shorts[k++] = ':';
            }
        }
        longs[n < OPTS_MAX ? n : OPTS_MAX] = (struct option){NULL, 0, NULL, 0};
        shorts[k] = '\0';
        built = d;
        argv_seen = argv;
        opterr = 0; /* the caller's own one-line messages */
        optind = 0; /* 0, not 1: glibc then also forgets its place in a bundle like -xq */
    }
    int c = getopt_long(argc, argv, shorts, longs, NULL);
    *arg = optarg;
    if (c == '?' || c == ':') {
        /* optopt is the letter of an unknown short option (inside a
         * bundle like -xq optind stays on that word: name the letter), or
         * the val of a long one given an argument it does not take
         * (--help=yes: name the word, as for any other long option). */
        static char letter[3];
        const char *word = argv[optind - 1];
        if (c == '?' && optopt > 0 && optopt < OPTS_LONG_ONLY && !strchr(word, '=')) {
            snprintf(letter, sizeof letter, "-%c", optopt);
            word = letter;
        }
        *arg = word;
        return '?';
    }
    return c;
}

int opts_seed(const char *s, uint64_t *seed, struct err *e)
{
    if (cli_parse_u64(s, 0, UINT64_MAX, seed))
        return err_set(e, EXIT_USAGE, "--boot-seed '%s' is not a number 0..2^64-1", s);
    return 0;
}
