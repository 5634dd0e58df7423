# appendix.gp - the grid shared by the appendix figures (speedup.gp,
# walltime.gp, efficiency.gp, cpu.gp): one row of panels per group of modes
# (at most 6 series a panel), one panel per workload and split, wrapped
# into app_cols columns, each group's key in a strip under its panels.
# The figure's script sets, then loads this:
#   app_y   the column of all-R-C.dat on the y axis; app_lo, app_hi: its
#           interval's columns (0: none)
#   app_ylabel, app_log (1: log y), app_ideal (an expression of x for a
#           dashed reference line, or 'NaN' for none), app_ymin (a lower
#           bound for y, or NaN)
# Data: all.gp (nrows groups, ncols workload panels, rtitle, ctitle;
# panel (r - 1) * ncols + c) and all-R-C.dat (a block per series: T median
# min max speedup lo hi efficiency lo hi cpu_util).
load data.'/all.gp'
app_cols = (cols == 1) ? ((ncols < 2) ? ncols : 2) : ((ncols < 4) ? ncols : 4)
sub_rows = ceil(ncols / (1.0 * app_cols))
key_cols = (cols == 1) ? 2 : 3
panel_h = (cols == 1) ? 1.2 : 1.3
gap_x = (cols == 1) ? 0.4 : 0.5; grid_l = 0.55; grid_r = 0.1; grid_t = 0.05
# a group's name above its panels, then each panel's title
head_in = 0.28
title_in = 0.26
xlab_in = 0.38
# each group: its panels, wrapped, then its key
array key_in_r[nrows > 0 ? nrows : 1]
fig_h = grid_t
do for [r=1:nrows] {
    n = 0
    do for [c=1:ncols] { k = (r - 1) * ncols + c; n = (nser[k] > n) ? nser[k] : n }
    key_in_r[r] = key_h(n, key_cols)
    fig_h = fig_h + head_in + sub_rows * (panel_h + xlab_in + title_in) + key_in_r[r] + 0.18
}
fig_h = fig_h + 0.05
pw = (W - grid_l - grid_r - (app_cols - 1) * gap_x) / app_cols
# the CPU line's words only where they fit
mark_cpus = mark_cpus_words(pw > 1.8)
eval set_term(fig_h)
eval common
set multiplot
unset key
set title font font_title offset 0, -0.5
set xlabel tx("workers (T)") offset 0, 0.45
if (app_log) { set logscale y 10 } else { unset logscale y }
# room above the highest point, so none sits on the frame
set offsets 0, 0, graph 0.06, 0
y_top = grid_t
do for [r=1:nrows] {
    set label 95 tx(rtitle[r]) at screen 0.01, screen 1 - (y_top + 0.6 * head_in) / fig_h left font font_title front
    y_top = y_top + head_in
    # the panel with the most series names the group's key
    kp = (r - 1) * ncols + 1
    do for [c=1:ncols] { k = (r - 1) * ncols + c; kp = (nser[k] > nser[kp]) ? k : kp }
    do for [c=1:ncols] {
        k = (r - 1) * ncols + c
        sr = int((c - 1) / app_cols)
        sc = (c - 1) % app_cols
        top = y_top + title_in + sr * (panel_h + xlab_in + title_in)
        x0 = grid_l + sc * (pw + gap_x)
        set lmargin at screen x0 / W
        set rmargin at screen (x0 + pw) / W
        set tmargin at screen 1 - top / fig_h
        set bmargin at screen 1 - (top + panel_h) / fig_h
        unset object; unset arrow
        if (c > 1) { unset label }
        eval mark_cpus
        if (sc == 0) {
            set label 90 tx(app_ylabel) at screen (x0 - ylab_in) / W, screen 1 - (top + panel_h / 2) / fig_h rotate by 90 center front
        }
        set title tx(ctitle[c])
        set autoscale xy
        set xrange [0.7 : T_max + 0.3]
        eval 'set xtics '.T_tics
        if (app_ymin == app_ymin) { set yrange [app_ymin : *] } else { set yrange [*:*] }
        file = sprintf("%s/all-%d-%d.dat", data, r, c)
        n = nser[k]
        if (n > 0) {
            if (app_lo > 0) {
                plot @app_ideal with lines lc rgb '#888888' dt 2 lw 1.2, \
                     for [i=1:n] file index (i-1) using 1:app_y:app_lo:app_hi with yerrorbars lc rgb s_col(k, i) pt s_pt(k, i) lw 1, \
                     for [i=1:n] file index (i-1) using 1:app_y with lines lc rgb s_col(k, i) dt s_dt(k, i) lw line_w
            } else {
                plot @app_ideal with lines lc rgb '#888888' dt 2 lw 1.2, \
                     for [i=1:n] file index (i-1) using 1:app_y with linespoints lc rgb s_col(k, i) dt s_dt(k, i) pt s_pt(k, i) lw line_w
            }
        } else {
            set label 91 tx("no series") at graph 0.5, graph 0.5 center
            plot NaN notitle
        }
    }
    y_top = y_top + sub_rows * (panel_h + xlab_in + title_in)
    # the group's key, under its panels
    eval key_alloc(nser[kp])
    do for [i=1:nser[kp]] { eval key_series(i, kp, i) }
    key_in = key_in_r[r]
    key_bottom = 1 - (y_top + 0.06 + key_in_r[r]) / fig_h
    eval key_draw
    y_top = y_top + key_in_r[r] + 0.18
    eval restore
    set title font font_title offset 0, -0.5
    set xlabel tx("workers (T)") offset 0, 0.45
    if (app_log) { set logscale y 10 }
}
unset multiplot
