/* citarget.c - the one rule of a cell against its CI target (citarget.h). */
#include "citarget.h"

#include <math.h>

#include "catalog.h"
#include "stats.h"

int citarget_above(const struct resample_cell *c, const char *key, uint64_t boot_seed, double target,
                   struct resample_ci *out)
{
    struct resample_ci ci;
    if (!c->processes ||
        resample_median_ci(c, CATALOG_CI_LEVEL, stats_seed_for(boot_seed, key), RESAMPLE_DEFAULT, &ci))
        return -1;
    if (out)
        *out = ci;
    if (!(target > 0) || !isfinite(target))
        return 0;
    /* Not within the target at the nominal level until the level is
     * reached: a [min, max] of four processes covers 87.5%, and says
     * nothing of a 95% interval's width. */
    if (ci.reached < CATALOG_CI_LEVEL)
        return 1;
    double half = resample_rel_halfwidth(ci.estimate, ci.lo, ci.hi);
    return !(half <= target);
}
