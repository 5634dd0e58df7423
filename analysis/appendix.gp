# appendix.gp - the grid shared by the appendix figures (speedup.gp,
# walltime.gp, efficiency.gp, cpu.gp): one row of panels per group of modes
# (at most 6 series a panel), one panel per workload and split, wrapped
# into app_cols columns, each group's key in a strip under its panels.
# The figure's script sets, then loads this:
#   app_y   the column of all-R-C.dat on the y axis; app_lo, app_hi: its
#           interval's columns (0: none)
#   app_ylabel (short: it stands beside one panel's height), app_log (1:
#           log y), app_ideal (an expression of x for a dashed reference
#           line, or 'NaN' for none) and app_ideal_key (its key entry, ''
#           for none), app_ymin (a lower bound for y, or NaN)
#   app_cap  the column of all-cap-R-C.dat to draw (2: the cap, 3: cap/T;
#           0: none); app_ceil the first of the three columns of
#           all-ceil-C.dat to draw with its interval (2: speedup, 5:
#           efficiency; 0: none); app_marks (1: the * of a flagged speedup)
# Data: all.gp (nrows groups, ncols workload panels, rtitle, ctitle and
# cshort (the same without the size), pceil, the caps; panel (r - 1) *
# ncols + c), all-R-C.dat (a block per
# series: T median min max speedup lo hi efficiency lo hi cpu_util mark
# slot),
# all-cap-R-C.dat (a block per cap: T cap cap/T), all-ceil-C.dat (T
# speedup lo hi efficiency lo hi).
load data.'/all.gp'
# the y label's place: further out on a log axis, whose tic labels (0.01,
# 100) are wider than a linear one's
app_ylab_in = app_log ? 0.72 : ylab_in
app_cols = (cols == 1) ? ((ncols < 2) ? ncols : 2) : ((ncols < 4) ? ncols : 4)
sub_rows = ceil(ncols / (1.0 * app_cols))
panel_h = (cols == 1) ? 1.2 : 1.3
gap_x = ((cols == 1) ? 0.4 : 0.5) + (app_log ? 0.15 : 0); grid_l = app_log ? 0.84 : 0.55; grid_r = 0.1; grid_t = 0.05
# a group's name above its panels, then each panel's title
head_in = 0.28
title_in = 0.26
xlab_in = 0.38
any_ceil = 0
do for [c=1:ncols] { any_ceil = any_ceil || (app_ceil > 0 && pceil[c]) }
# Row r's key into klab ...: the panel with the most series names its
# series, then the references drawn in the row (`eval row_key` with r set).
array rowcap[ncapkeys > 0 ? ncapkeys : 1]
row_key = "kp = (r - 1) * ncols + 1; " . \
    "do for [c=1:ncols] { k = (r - 1) * ncols + c; kp = (nser[k] > nser[kp]) ? k : kp }; " . \
    "do for [q=1:ncapkeys] { rowcap[q] = 0 }; " . \
    "do for [c=1:ncols] { k = (r - 1) * ncols + c; do for [j=1:pncap[k]] { rowcap[pcapkey[(k - 1) * CAPS + j]] = (app_cap > 0) } }; " . \
    "nrc = 0; do for [q=1:ncapkeys] { nrc = nrc + rowcap[q] }; " . \
    "eval key_alloc(nser[kp] + (app_ideal_key ne '') + nrc + any_ceil + n_cpu_keys); " . \
    "do for [i=1:nser[kp]] { eval key_series(i, kp, i) }; e = nser[kp]; " . \
    "if (app_ideal_key ne '') { e = e + 1; klab[e] = app_ideal_key; kcol[e] = '#888888'; kdt[e] = 2; kpt[e] = -1; kbox[e] = 0 }; " . \
    "do for [q=1:ncapkeys] { if (rowcap[q]) { e = e + 1; klab[e] = capkey[q]; kcol[e] = cap_rgb; kdt[e] = cap_dt(q); kpt[e] = -1; kbox[e] = 0 } }; " . \
    "if (any_ceil) { e = e + 1; klab[e] = ceil_note; kcol[e] = ceil_rgb; kdt[e] = 1; kpt[e] = ceil_pt; kbox[e] = 0 }; " . \
    "if (n_cpu_keys) { eval key_cpus(e + 1) }"
# each group: its panels, wrapped, then its key
array key_in_r[nrows > 0 ? nrows : 1]
array key_cols_r[nrows > 0 ? nrows : 1]
fig_h = grid_t
do for [r=1:nrows] {
    eval row_key
    key_cols_r[r] = key_fit(nk, key_maxlen(nk), (cols == 1) ? 2 : 3)
    key_in_r[r] = key_h(nk, key_cols_r[r])
    fig_h = fig_h + head_in + sub_rows * (panel_h + xlab_in + title_in) + key_in_r[r] + 0.18
}
fig_h = fig_h + 0.05
pw = (W - grid_l - grid_r - (app_cols - 1) * gap_x) / app_cols
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
            set label 90 tx(app_ylabel) at screen (x0 - app_ylab_in) / W, screen 1 - (top + panel_h / 2) / fig_h rotate by 90 center front
        }
        # the column's title, without its size where the panel is too narrow
        set title tx((strlen(ctitle[c]) * kw_char * fs_title / fs < pw) ? ctitle[c] : cshort[c])
        set autoscale xy
        set xrange [0.7 : T_max + 0.3]
        eval T_xtics(pw, 0.7, T_max + 0.3)
        if (app_ymin == app_ymin) { set yrange [app_ymin : *] } else { set yrange [*:*] }
        file = sprintf("%s/all-%d-%d.dat", data, r, c)
        capfile = sprintf("%s/all-cap-%d-%d.dat", data, r, c)
        ceilfile = sprintf("%s/all-ceil-%d.dat", data, c)
        n = nser[k]
        # a flagged point's *: right of the point in the panel's left half,
        # left of it in the right half, so it stays inside the frame
        xmid = (0.7 + T_max + 0.3) / 2.0
        mark_w = mark_in * (T_max - 0.4) / pw
        mark_dx(T, slot) = (T < xmid ? 1 : -1) * (0.6 + slot) * mark_w
        # a linear axis: tics no closer than its labels' height, up to the
        # highest value or interval's end: both columns are read, as a
        # value without an interval has '?' for its ends, which stats skips
        # (the interval's end alone missed such a value, and the tics
        # crowded up to it)
        set ytics autofreq
        if (!app_log && nser[k] > 0) {
            stats file using app_y nooutput
            ytop = STATS_max
            if (app_hi > 0) {
                stats file using app_hi nooutput
                ytop = (STATS_max > ytop) ? STATS_max : ytop
            }
            x = T_max + 0.3
            eval 'ideal_top = '.app_ideal
            ytop = (ideal_top == ideal_top && ideal_top > ytop) ? ideal_top : ytop
            if (ytop > 0) { set ytics nice_step(ytop, tics_fit(panel_h)) }
        }
        # a log axis: a tic every decade, or every few where they would
        # crowd, in plain numbers (0.001, not 1x10^-3)
        if (app_log && nser[k] > 0) {
            stats file using app_y nooutput
            ybot = STATS_min; ytop = STATS_max
            if (app_lo > 0) {
                stats file using app_lo nooutput
                ybot = (STATS_min < ybot) ? STATS_min : ybot
                stats file using app_hi nooutput
                ytop = (STATS_max > ytop) ? STATS_max : ytop
            }
            decades = (ybot > 0 && ytop > ybot) ? ceil(log10(ytop)) - floor(log10(ybot)) : 1
            set ytics 10 ** ceil(decades / (1.0 * tics_fit(panel_h)))
            set format y '%g'
        }
        # the references present in this panel, as clauses of the plot
        refs = ''
        do for [j=1:(app_cap > 0 ? pncap[k] : 0)] {
            refs = refs . sprintf("capfile index %d using 1:%d with lines lc rgb cap_rgb dt cap_dt(%d) lw 1.2, ", j - 1, app_cap, pcapkey[(k - 1) * CAPS + j])
        }
        if (app_ceil > 0 && pceil[c]) {
            refs = refs . sprintf("ceilfile using 1:%d:%d:%d with yerrorbars lc rgb ceil_rgb pt ceil_pt lw 1, ceilfile using 1:%d with lines lc rgb ceil_rgb lw line_w, ", app_ceil, app_ceil + 1, app_ceil + 2, app_ceil)
        }
        if (n > 0) {
            if (app_lo > 0) {
                eval "plot @app_ideal with lines lc rgb '#888888' dt 2 lw 1.2, " . refs . \
                     "for [i=1:n] file index (i-1) using 1:app_y:app_lo:app_hi with yerrorbars lc rgb s_col(k, i) pt s_pt(k, i) lw 1, " . \
                     "for [i=1:n] file index (i-1) using 1:app_y with lines lc rgb s_col(k, i) dt s_dt(k, i) lw line_w" . \
                     (app_marks ? ", for [i=1:n] file index (i-1) using ($1 + mark_dx($1, $13)):app_y:(strcol(12)) with labels offset 0, 0.5 font font_fs tc rgb s_col(k, i)" : "")
            } else {
                eval "plot @app_ideal with lines lc rgb '#888888' dt 2 lw 1.2, " . refs . \
                     "for [i=1:n] file index (i-1) using 1:app_y with linespoints lc rgb s_col(k, i) dt s_dt(k, i) pt s_pt(k, i) lw line_w"
            }
        } else {
            set label 91 tx("no series") at graph 0.5, graph 0.5 center
            plot NaN notitle
        }
    }
    y_top = y_top + sub_rows * (panel_h + xlab_in + title_in)
    # the group's key, under its panels
    eval row_key
    key_cols = key_cols_r[r]
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
