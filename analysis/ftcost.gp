# Figure 2, the free-threading cost: with one thread, each interpreter's
# time per unit of work against CPython 3.14 with the GIL (the same
# configure flags as 3.14t), in percent, with 95% interval bars; the
# articles' claimed +5 to +10% as a grey band.  A row per interpreter,
# its name and value above its bar.  Data:
# ftcost.gp and ftcost-K.dat (row change lo hi family "value").
load styles
load data.'/ftcost.gp'
maxser = 1
do for [k=1:npanels] { maxser = (nser[k] > maxser) ? nser[k] : maxser }
grid_rows = (cols == 1) ? npanels : 1
grid_cols = (cols == 1) ? 1 : npanels
row_in = (cols == 1) ? 0.34 : 0.38
panel_h = maxser * row_in + 0.1
grid_t = 0.3; gap_y = 0.72; gap_x = 0.45; grid_l = 0.12; grid_r = 0.2; grid_b = 0.48
fig_h = grid_t + grid_b + grid_rows * panel_h + (grid_rows - 1) * gap_y
eval set_term(fig_h)
eval common
set multiplot
unset key
set title font font_title offset 0, -0.5
set xlabel tx("time per unit against 3.14, one thread (%)") offset 0, 0.4
unset ytics
set grid noytics
do for [k=1:npanels] {
    r = (cols == 1) ? k : 1
    c = (cols == 1) ? 1 : k
    eval panel_at(r, c, fig_h)
    unset object; unset arrow; unset label
    set object 1 rect from first claim_lo, graph 0 to first claim_hi, graph 1 behind fc rgb '#D9D9D9' fs solid 1.0 noborder
    set arrow 1 from first 0, graph 0 to first 0, graph 1 nohead lc rgb '#333333' lw 1.2 back
    set xrange [pxmin[k] : pxmax[k]]
    set yrange [maxser + 0.75 : 0.35]
    set title tx(ptitle[k])
    set label 2 tx('claimed') at first (claim_lo + claim_hi) / 2.0, graph 0 center offset 0, 0.5 font font_small front
    file = sprintf("%s/ftcost-%d.dat", data, k)
    if (nser[k] > 0) {
        plot file using 2:1:3:4:(famrgb[$5]) with xerrorbars lc rgb variable pt 7 ps 0.8 * ps_scale lw 1.5, \
             file using (pxmin[k]):1:(txl(sname[S(k, $1)] . ": " . strcol(6))) with labels left offset 0.4, 0.85 font font_small
    } else {
        set label 9 "not measured" at graph 0.5, graph 0.5 center
        plot NaN notitle
    }
}
unset multiplot
