/* citarget.h - the one rule by which a cell is above its CI target, for
 * the runner (meta.json's cells_above_ci_target, and its last phase, which
 * adds processes to such cells) and the analysis (the ci-target-missed
 * flag), so that both count the same cells (issue 17: the runner's count
 * once skipped cells stopped early, and disagreed with the analysis).
 *
 * A cell is its processes x values (resample.h).  Its interval is the
 * two-level bootstrap interval of its median (resample_median_ci) at
 * CATALOG_CI_LEVEL, drawn from stats_seed_for(boot_seed, key) with key the
 * cell's catalog_cell_key, so that the interval is the one the analysis
 * states for the cell (same data, same seed, same resamples), whatever
 * else was analysed with it.  boot_seed: the analysis's --boot-seed,
 * CATALOG_BOOT_SEED by default; the runner always uses the default. */
#ifndef STUDY_CITARGET_H
#define STUDY_CITARGET_H

#include <stdint.h>

#include "resample.h"

/* Is cell c above the relative CI target `target` (0.03 for +-3%)?
 *   1  above: its interval did not reach the nominal level (fewer than 6
 *      processes: too few to say it is within anything at that level), or
 *      there is none (one process), or its half-width (hi - lo) / 2 is
 *      more than target times its median;
 *   0  within the target, or no target (target <= 0 or not finite: nothing
 *      is above a target that does not exist);
 *  -1  not judged: no process, or values that are not run times (> 0,
 *      finite).
 * Every cell counts, whether its sampling stopped early or not.  *out (may
 * be NULL) gets the interval whenever one was computed. */
int citarget_above(const struct resample_cell *c, const char *key, uint64_t boot_seed, double target,
                   struct resample_ci *out);

#endif
