# Figure A4: how many CPUs each run kept busy, (user + sys) / wall, median
# over the runs, against T; a GIL-bound run stays near 1 however many
# threads it has; grouped as in A1.
load styles
app_y = 11; app_lo = 0; app_hi = 0
app_ylabel = "CPUs busy"; app_log = 0; app_ideal = 'NaN'; app_ideal_key = ''; app_ymin = 0
app_cap = 0; app_ceil = 0; app_marks = 0
load scripts.'appendix.gp'
