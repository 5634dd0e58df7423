# Figure 2, the free-threading cost: with one thread, each interpreter's
# time per unit of work against CPython 3.14 with the GIL (the same
# configure flags as 3.14t), in percent, with interval bars at the level
# each reached; the articles' claimed +5 to +10% as a grey band.  A row
# per interpreter: its name and value on a line of their own, above a band
# that holds its data (the bar, the claimed band, the line at 0), so that
# nothing drawn crosses the words.  Data: ftcost.gp and ftcost-K.dat (row
# change lo hi family "value").
load styles
load data.'/ftcost.gp'
maxser = 1
do for [k=1:npanels] { maxser = (nser[k] > maxser) ? nser[k] : maxser }
grid_rows = (cols == 1) ? npanels : 1
grid_cols = (cols == 1) ? 1 : npanels
# A row's words on one line above its band, or, where the longest row's
# "name: value" (labmax characters) would pass the panel's width, the name
# on one line and the value on the next.
pw_est = (W - 0.15 - 0.2 - (grid_cols - 1) * 0.45) / grid_cols
two_lines = (labmax * kw_char * fs_small / fs + 0.1 > pw_est)
line_in = 1.3 * fs_small / 72.0
row_in = (two_lines ? 3.6 : 2.6) * line_in
u = line_in / row_in
y_text = two_lines ? -1.55 * u : -0.55 * u; y_value = -0.55 * u; y_data = 0.55 * u; band = 0.4 * u
eval key_alloc(1)
klab[1] = sprintf('claimed: +%g to +%g%%', claim_lo, claim_hi); kcol[1] = '#D9D9D9'; kdt[1] = 1; kpt[1] = -1; kbox[1] = 2
key_cols = 1
key_in = key_h(nk, key_cols)
panel_h = maxser * row_in + 0.1
grid_t = 0.3; gap_y = 0.72; gap_x = 0.45; grid_l = 0.15; grid_r = 0.2; grid_b = 0.48 + key_in
fig_h = grid_t + grid_b + grid_rows * panel_h + (grid_rows - 1) * gap_y
eval set_term(fig_h)
eval common
set multiplot
unset key
set title font font_title offset 0, -0.5
set xlabel tx("time per unit against 3.14, one thread (%)") offset 0, 0.4
unset ytics
unset grid
do for [k=1:npanels] {
    r = (cols == 1) ? k : 1
    c = (cols == 1) ? 1 : k
    eval panel_at(r, c, fig_h)
    unset object; unset arrow; unset label
    set xrange [pxmin[k] : pxmax[k]]
    set yrange [maxser + y_data + 2 * band : 1 + y_text - 0.9 * u]
    set title tx(ptitle[k])
    file = sprintf("%s/ftcost-%d.dat", data, k)
    if (nser[k] > 0) {
        # a label left out is an empty text, never an undefined x: gnuplot
        # 5.4 crashes on a file of one row whose every label is undefined
        plot file using ((claim_lo + claim_hi) / 2.0):($1 + y_data):(claim_lo):(claim_hi):($1 + y_data - band):($1 + y_data + band) with boxxyerror fs solid 1.0 noborder fc rgb '#D9D9D9', \
             file using (0):($1 + y_data - band):(0):(2 * band) with vectors nohead lc rgb '#333333' lw 1.2, \
             file using 2:($1 + y_data):3:4:(famrgb[$5]) with xerrorbars lc rgb variable pt 7 ps 0.8 * ps_scale lw 1.5, \
             file using (pxmin[k]):($1 + y_text):(txl(two_lines ? sname[S(k, $1)] : sname[S(k, $1)] . ": " . strcol(6))) with labels left offset 0.4, 0 font font_small, \
             file using (pxmin[k]):($1 + y_value):(two_lines ? txl(strcol(6)) : "") with labels left offset 0.4, 0 font font_small
    } else {
        set label 9 "not measured" at graph 0.5, graph 0.5 center
        plot NaN notitle
    }
}
key_bottom = 0.002
eval key_draw
unset multiplot
