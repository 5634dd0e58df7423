# Figure A3: the parallel efficiency (speedup / T) of every series against
# T, with interval bars at the level each reached; 1 (dashed) is ideal;
# the split's work-balance cap over T and the ceiling's efficiency drawn as
# in A1; grouped as in A1.
load styles
app_y = 8; app_lo = 9; app_hi = 10
app_ylabel = "efficiency"; app_log = 0; app_ideal = '1'; app_ideal_key = 'ideal'; app_ymin = 0
app_cap = 3; app_ceil = 5; app_marks = 1
load scripts.'appendix.gp'
