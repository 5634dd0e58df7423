# Figure 1, GIL against free-threading: speedup against T of threading on
# each interpreter and of C pthreads (for reference), with the ideal line
# (speedup = T, up to the CPU count); interval bars at the level each
# reached (each series nudged sideways so that they do not hide each
# other); the split's work-balance cap where uneven work alone keeps the
# speedup below T (nqueens rr: one line per size drawn); the ceiling, T
# independent single-threaded C processes, where the study ran it; * by a
# point whose speedup is flagged about itself (above the cap, above the
# CPUs), the marks of points at one T side by side (their slot); one panel per workload (the articles' splits).  Data: gil.gp
# (panels, series, axes, caps), gil-K.dat (a block per series: T speedup
# lo hi mark slot), gil-cap-K.dat (a block per cap: T cap), gil-ceil-K.dat.
load styles
load data.'/gil.gp'
# the key lists the panel with the most series, then every reference line
kp = 1
do for [k=1:npanels] { kp = (nser[k] > nser[kp]) ? k : kp }
has_ceil = 0
do for [k=1:npanels] { has_ceil = has_ceil || pceil[k] }
eval key_alloc(nser[kp] + 1 + ncapkeys + has_ceil + n_cpu_keys)
do for [i=1:nser[kp]] { eval key_series(i, kp, i) }
e = nser[kp] + 1
klab[e] = 'ideal'; kcol[e] = '#888888'; kdt[e] = 2; kpt[e] = -1; kbox[e] = 0
do for [q=1:ncapkeys] { e = e + 1; klab[e] = capkey[q]; kcol[e] = cap_rgb; kdt[e] = cap_dt(q); kpt[e] = -1; kbox[e] = 0 }
if (has_ceil) { e = e + 1; klab[e] = ceil_note; kcol[e] = ceil_rgb; kdt[e] = 1; kpt[e] = ceil_pt; kbox[e] = 0 }
if (n_cpu_keys) { eval key_cpus(e + 1) }
# Side by side at two-column width; stacked at one-column width.
grid_rows = (cols == 1) ? npanels : 1
grid_cols = (cols == 1) ? 1 : npanels
key_cols = key_fit(nk, key_maxlen(nk), (cols == 1) ? 2 : 3)
key_in = key_h(nk, key_cols)
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
    capfile = sprintf("%s/gil-cap-%d.dat", data, k)
    ceilfile = sprintf("%s/gil-ceil-%d.dat", data, k)
    n = nser[k]
    nudge = 0.01 * pTmax[k]
    dx(i) = (i - (n + 1) / 2.0) * nudge
    # a flagged point's *: right of it in the panel's left half, left of it
    # in the right half, so it stays inside the frame
    xmid = (0.7 + pTmax[k] + 0.3) / 2.0
    mark_w = mark_in * (pTmax[k] - 0.4) / pw_in(0)
    mark_dx(T, slot) = (T < xmid ? 1 : -1) * (0.6 + slot) * mark_w
    # the references present in this panel, as clauses of the plot
    refs = ''
    do for [j=1:pncap[k]] {
        refs = refs . sprintf("capfile index %d using 1:2 with lines lc rgb cap_rgb dt cap_dt(%d) lw 1.5, ", j - 1, pcapkey[(k - 1) * CAPS + j])
    }
    if (pceil[k]) {
        refs = refs . "ceilfile using 1:2:3:4 with yerrorbars lc rgb ceil_rgb pt ceil_pt lw 1.2, ceilfile using 1:2 with lines lc rgb ceil_rgb lw line_w, "
    }
    eval "plot ideal_T(x) with lines lc rgb '#888888' dt 2 lw 1.5, " . refs . \
         "for [i=1:n] file index (i-1) using ($1 + dx(i)):2:3:4 with yerrorbars lc rgb s_col(k, i) pt s_pt(k, i) lw 1.2, " . \
         "for [i=1:n] file index (i-1) using ($1 + dx(i)):2 with lines lc rgb s_col(k, i) dt s_dt(k, i) lw line_w, " . \
         "for [i=1:n] file index (i-1) using ($1 + mark_dx($1, $6)):2:(strcol(5)) with labels offset 0, 0.6 font font_fs tc rgb s_col(k, i)"
}
eval key_draw
unset multiplot
