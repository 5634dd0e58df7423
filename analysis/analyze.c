/* analyze.c - bin/analyze DIR: turns DIR/raw.csv (and timeline.csv,
 * meta.json) into summary.csv, the figures (gnuplot scripts in analysis/,
 * each in PNG, SVG, PDF at two paper widths and cairolatex), report.md and
 * report.html (html.c), and questions.csv (answers.c).  The parts are
 * listed in analysis.h; this file is main only: it reads the options and
 * calls the parts in order.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analysis.h"
#include "answers.h"
#include "figkit.h"
#include "figures.h"
#include "html.h"
#include "meta.h"
#include "opts.h"
#include "report.h"
#include "scripts.h"

/* A CPU count above this in meta.json is not believed. */
#define CPUS_MAX 65536

/* A positive, finite number from meta.json, or NAN. */
static double meta_positive(const json_t *doc, const char *key)
{
    double v = NAN;
    meta_number(doc, key, &v);
    return isfinite(v) && v > 0 ? v : NAN;
}

/* What the statistics need from meta.json; every key may be absent (an
 * older results folder), and then its check is not made. */
static void read_meta(struct analysis *a)
{
    a->meta = meta_load(a->dir);
    const json_t *doc = a->meta;
    /* The CPUs this study could use: its affinity, else all online. */
    static const char *const cpu_keys[] = {"cpus_in_affinity", "cpus", "cpus_online"};
    a->cpus = 0;
    for (size_t i = 0; i < sizeof cpu_keys / sizeof cpu_keys[0] && !a->cpus; i++) {
        double v = meta_positive(doc, cpu_keys[i]);
        if (v >= 1 && v <= CPUS_MAX && v == floor(v))
            a->cpus = (unsigned)v;
    }
    a->min_run_time_s = meta_positive(doc, "min_run_time_s");
    a->ci_target = meta_positive(doc, "ci_target");
}

/* The seed the runner judged the questions with, when meta.json records
 * it: the analysis then answers them as the runner last did. */
static void read_seed(struct analysis *a)
{
    const json_t *s = meta_find(a->meta, "boot_seed");
    if (json_is_integer(s) && json_integer_value(s) >= 0)
        a->boot_seed = (uint64_t)json_integer_value(s);
}

/* The options: --help and getopt's tables are generated from it. */
enum { OPT_NO_FIGURES = OPTS_LONG_ONLY, OPT_SCRIPTS, OPT_BOOT_SEED };
static const struct opts_def options[] = {
    {"no-figures", OPT_NO_FIGURES, NULL, "write the figures' data, but draw none (no gnuplot)"},
    {"scripts", OPT_SCRIPTS, "DIR", "the gnuplot scripts (default: analysis/ beside bin/)"},
    {"boot-seed", OPT_BOOT_SEED, "S",
     "the seed of the bootstrap intervals (default: meta.json's boot_seed, the runner's, else "
     OPTS_STR(OPTS_BOOT_SEED_DEFAULT) "; recorded in summary.csv, questions.csv and the report)"},
    {"help", 'h', NULL, "this help"},
};
#define NOPTIONS (sizeof options / sizeof options[0])

int main(int argc, char **argv)
{
    struct err e = {0};
    const char *dir = NULL, *scripts_opt = NULL, *arg;
    int no_figures = 0, c, seed_given = 0;
    uint64_t boot_seed = OPTS_BOOT_SEED_DEFAULT;
    while ((c = opts_next(argc, argv, options, NOPTIONS, &arg)) != -1) {
        switch (c) {
        case 'h':
            opts_usage(stdout, "analyze", options, NOPTIONS, "RESULTS_DIR",
                       "Reads RESULTS_DIR/raw.csv (and timeline.csv, meta.json); writes summary.csv, figures/, "
                       "report.md and report.html there.");
            return EXIT_OK;
        case OPT_NO_FIGURES: no_figures = 1; break;
        case OPT_SCRIPTS: scripts_opt = arg; break;
        case OPT_BOOT_SEED:
            if (opts_seed(arg, &boot_seed, &e))
                return fprintf(stderr, "analyze: %s\n", e.msg), e.code;
            seed_given = 1;
            break;
        default:
            fprintf(stderr, "analyze: unexpected argument '%s' (see --help)\n", arg);
            return EXIT_USAGE;
        }
    }
    if (optind < argc)
        dir = argv[optind++];
    if (optind < argc) {
        fprintf(stderr, "analyze: unexpected argument '%s' (see --help)\n", argv[optind]);
        return EXIT_USAGE;
    }
    if (!dir) {
        fprintf(stderr, "analyze: which results folder? (usage: analyze RESULTS_DIR)\n");
        return EXIT_USAGE;
    }
    struct analysis a = {.dir = dir, .boot_seed = boot_seed};
    char raw[PATH_MAX], figdir[PATH_MAX], data[PATH_MAX], scripts[PATH_MAX];
    snprintf(raw, sizeof raw, "%s/raw.csv", dir);
    if (dataset_load(&a.ds, raw, &e)) {
        fprintf(stderr, "analyze: %s\n", e.msg);
        return e.code;
    }
    if (a.ds.n == 0) {
        fprintf(stderr, "analyze: %s: no verified run to analyse (%zu failed)\n", raw, a.ds.failed);
        dataset_free(&a.ds);
        return EXIT_USAGE;
    }
    if (a.ds.duplicates)
        fprintf(stderr, "analyze: %s: %zu duplicate rows ignored\n", raw, a.ds.duplicates);
    read_meta(&a);
    if (!seed_given)
        read_seed(&a);
    struct panel panels[ANALYSIS_MAX_PANELS];
    size_t np = 0;
    int rc = summary_build(&a, &e);
    if (!rc) {
        relate_build(&a);
        rc = answers_build(&a, &e) || summary_write(&a, &e) || answers_write_csv(&a, &e);
    }
    if (!rc) {
        np = figkit_panels(&a, panels);
        snprintf(figdir, sizeof figdir, "%s/figures", dir);
        snprintf(data, sizeof data, "%s/figures/data", dir);
        if ((mkdir(figdir, 0777) && errno != EEXIST) || (mkdir(data, 0777) && errno != EEXIST))
            rc = err_set(&e, EXIT_RUN_FAILED, "cannot create '%s': %s", data, strerror(errno));
    }
    if (!rc)
        rc = figures_write_data(&a, data, panels, np, &e);
    /* A figure gnuplot cannot draw (a study without T = 1 has no speedup,
     * a CSV without user_s no CPU utilisation) is a warning: the report is
     * still written, and says which figure is missing and why. */
    if (!rc && !no_figures) {
        if (scripts_opt)
            snprintf(scripts, sizeof scripts, "%s", scripts_opt);
        else
            scripts_dir("style.gp", scripts, sizeof scripts);
        figures_draw_all(&a, scripts, figdir, data);
    }
    if (!rc)
        rc = report_write(&a, panels, np, no_figures, &e);
    /* report.html: the same content as one self-contained page */
    if (!rc)
        rc = html_write_file(dir, "report.md", "report.html", &e);
    if (rc)
        fprintf(stderr, "analyze: %s\n", e.msg);
    else
        printf("%s/report.md\n", dir);
    free(a.cells);
    free(a.walls);
    free(a.vals);
    free(a.pcount);
    free(a.pblock);
    free(a.answers);
    json_decref(a.meta);
    dataset_free(&a.ds);
    return rc ? (e.code ? e.code : EXIT_RUN_FAILED) : EXIT_OK;
}
