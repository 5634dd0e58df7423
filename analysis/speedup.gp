# Figure A1: the speedup of every series against T, with 95% bootstrap
# intervals and the ideal (speedup = T, up to the CPUs) dashed; one row of panels per group
# of modes (appendix.gp).
load styles
app_y = 5; app_lo = 6; app_hi = 7
app_ylabel = "speedup over one worker"; app_log = 0; app_ideal = 'ideal_T(x)'; app_ymin = 0
load scripts.'appendix.gp'
