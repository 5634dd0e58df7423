/* models.h - every model the study builds, one per impl-* folder. */
#ifndef STUDY_MODELS_H
#define STUDY_MODELS_H

#include "harness.h"

extern const struct model model_pthreads;
extern const struct model model_openmp;
extern const struct model model_multiprocess;

#endif
