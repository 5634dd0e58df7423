/* flags.c - the sanity flags in words (flags.h). */
#include "flags.h"

#include <math.h>
#include <stdio.h>

#define FLAG_ROW(id, name, meaning, cause) {id, name, meaning, cause},
const struct flag_desc flags_list[FLAGS_COUNT] = {FLAG_TABLE(FLAG_ROW)};
#undef FLAG_ROW

/* A CPU-bound run with one worker that used less of a CPU than this spent
 * time waiting: its baseline was slowed. */
#define BASELINE_CPU_MIN 0.9
/* The flags of a baseline that are evidence of its being slowed. */
#define BASELINE_SLOW_FLAGS (FLAG_UNDER_1MS | FLAG_BELOW_MIN_RUN | FLAG_NOISY | FLAG_SPAWN)

void flags_names(unsigned mask, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < FLAGS_COUNT; i++)
        if ((mask & flags_list[i].mask) && used < len) {
            int n = snprintf(buf + used, len - used, "%s%s", used ? " " : "", flags_list[i].name);
            used += n > 0 ? (size_t)n : 0;
        }
}

void flags_md(FILE *f, unsigned mask)
{
    const char *sep = "";
    for (size_t k = 0; k < FLAGS_COUNT; k++)
        if (mask & flags_list[k].mask) {
            fprintf(f, "%s`%s`", sep, flags_list[k].name);
            sep = ", ";
        }
}

void flags_superlinear_cause(const struct cell *c, char *buf, size_t len)
{
    const struct cell *b = c->base;
    if (!b) {
        snprintf(buf, len, "no T = 1 baseline to judge by");
        return;
    }
    const double spread = 100 * (b->max - b->min) / b->median;
    const unsigned bf = b->flags & BASELINE_SLOW_FLAGS;
    char cpu[48] = "", names[FLAGS_COUNT * 32] = "";
    if (isfinite(b->cpu_util))
        snprintf(cpu, sizeof cpu, ", CPU use %.2f of a CPU", b->cpu_util);
    flags_names(bf, names, sizeof names);
    if (bf || b->cpu_util < BASELINE_CPU_MIN) /* false for NAN */
        snprintf(buf, len, "likely a slowed T = 1 baseline (its runs spread %.0f%% from min to max%s%s%s)", spread,
                 cpu, bf ? "; flagged " : "", names);
    else
        snprintf(buf, len, "the T = 1 runs were steady (spread %.0f%%%s), so likely cache or frequency effects",
                 spread, cpu);
}

void flags_cap_cause(const struct cell *c, char *buf, size_t len)
{
    const struct cell *b = c->base;
    if (!b) {
        snprintf(buf, len, "likely a slowed T = 1 baseline (none to judge by)");
        return;
    }
    const double spread = 100 * (b->max - b->min) / b->median;
    const unsigned bf = b->flags & BASELINE_SLOW_FLAGS;
    char names[FLAGS_COUNT * 32] = "";
    flags_names(bf, names, sizeof names);
    snprintf(buf, len, "most likely its T = 1 baseline ran slow (its runs spread %.0f%% from min to max%s%s)%s",
             spread, bf ? "; flagged " : "", names,
             bf || b->cpu_util < BASELINE_CPU_MIN ? ""
                                                  : ", though those runs look steady: cache or frequency effects are not ruled out");
}
