/* scripts.h - where the gnuplot scripts are, for bin/analyze and
 * bin/compare. */
#ifndef STUDY_SCRIPTS_H
#define STUDY_SCRIPTS_H

#include <stddef.h>

/* The folder holding the script `probe` (e.g. "style.gp"): analysis/ beside
 * the running binary's bin/ (bin/analyze -> ../analysis), or three levels
 * up from a sanitizer build's (build/<cc>-<san>/bin -> ../../../analysis);
 * else "analysis", relative to the working folder.  Into out. */
void scripts_dir(const char *probe, char *out, size_t len);

#endif
