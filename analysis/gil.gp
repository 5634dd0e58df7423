# Figure 1, GIL against free-threading: speedup against T of threading on
# each interpreter, with C pthreads as what the hardware allows and the
# ideal line (speedup = T, up to the CPU count); 95% interval bars (each series nudged sideways so that
# they do not hide each other); one panel per workload (the articles'
# splits).  Data: gil.gp (panels, series, axes) and gil-K.dat (a block per
# series: T speedup lo hi).
load styles
load data.'/gil.gp'
# the key lists the panel with the most series
kp = 1
do for [k=1:npanels] { kp = (nser[k] > nser[kp]) ? k : kp }
# Side by side at two-column width; stacked at one-column width.
grid_rows = (cols == 1) ? npanels : 1
grid_cols = (cols == 1) ? 1 : npanels
key_cols = (cols == 1) ? 2 : 3
key_in = key_h(nser[kp] + 1, key_cols)
panel_h = (cols == 1) ? 1.7 : 2.3
grid_t = 0.3; gap_y = 0.72; gap_x = 0.6; grid_l = 0.55; grid_r = 0.12
grid_b = 0.42 + key_in
fig_h = grid_t + grid_b + grid_rows * panel_h + (grid_rows - 1) * gap_y
eval set_term(fig_h)
eval common
set multiplot
set xlabel tx("workers (T)") offset 0, 0.4
set title font font_title offset 0, -0.5
unset key
do for [k=1:npanels] {
    r = (cols == 1) ? k : 1
    c = (cols == 1) ? 1 : k
    eval panel_at(r, c, fig_h)
    unset object; unset arrow; unset label
    eval ylabel_at(r, c, fig_h, tx("speedup over one worker"))
    eval mark_cpus
    set xrange [0.7 : pTmax[k] + 0.3]
    set yrange [0 : pymax[k]]
    eval 'set xtics '.pxtics[k]
    set title tx(ptitle[k])
    file = sprintf("%s/gil-%d.dat", data, k)
    n = nser[k]
    nudge = 0.01 * pTmax[k]
    dx(i) = (i - (n + 1) / 2.0) * nudge
    plot ideal_T(x) with lines lc rgb '#888888' dt 2 lw 1.5, \
         for [i=1:n] file index (i-1) using ($1 + dx(i)):2:3:4 with yerrorbars lc rgb s_col(k, i) pt s_pt(k, i) lw 1.2, \
         for [i=1:n] file index (i-1) using ($1 + dx(i)):2 with lines lc rgb s_col(k, i) dt s_dt(k, i) lw line_w
}
eval key_alloc(nser[kp] + 1)
do for [i=1:nser[kp]] { eval key_series(i, kp, i) }
klab[nk] = 'ideal'; kcol[nk] = '#888888'; kdt[nk] = 2; kpt[nk] = -1; kbox[nk] = 0
eval key_draw
unset multiplot
