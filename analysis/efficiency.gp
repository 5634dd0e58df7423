# Figure A3: the parallel efficiency (speedup / T) of every series against
# T, with 95% bootstrap intervals; 1 (dashed) is ideal; grouped as in A1.
load styles
app_y = 8; app_lo = 9; app_hi = 10
app_ylabel = "efficiency, speedup / T"; app_log = 0; app_ideal = '1'; app_ymin = 0
load scripts.'appendix.gp'
