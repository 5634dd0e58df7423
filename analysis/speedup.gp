# Figure A1: the speedup of every series against T, with interval bars
# at the level each reached and the ideal (speedup = T, up to the CPUs)
# dashed; the split's work-balance cap where it is below T; the ceiling (T
# independent single-threaded C processes) where the study ran it; * by a
# speedup flagged about itself; one row of panels per group of modes
# (appendix.gp).
load styles
app_y = 5; app_lo = 6; app_hi = 7
app_ylabel = "speedup"; app_log = 0; app_ideal = 'ideal_T(x)'; app_ideal_key = 'ideal'; app_ymin = 0
app_cap = 2; app_ceil = 2; app_marks = 1
load scripts.'appendix.gp'
