# Figure A2: the median wall time of every series against T (log axis),
# bars from the fastest run to the slowest; grouped as in A1.
load styles
app_y = 2; app_lo = 3; app_hi = 4
app_ylabel = "wall time (s)"; app_log = 1; app_ideal = 'NaN'; app_ideal_key = ''; app_ymin = NaN
app_cap = 0; app_ceil = 0; app_marks = 0
load scripts.'appendix.gp'
