# Figure 4, how far Python is from C: the cost per unit of work with one
# worker (ns per sumsq iteration or N-Queens node), log axis, a bar per
# implementation with its median's interval, and its cost over C
# pthreads' printed in a column beside the frame.  One panel per workload: side by side at
# two-column width, the implementations' names on the left; stacked, each
# with the names, at one-column width.  Data: fromc.gp and fromc-K.dat (row
# ns lo hi family "label" "factor").
load styles
load data.'/fromc.gp'
grid_rows = (cols == 1) ? npanels : 1
grid_cols = (cols == 1) ? 1 : npanels
row_in = (cols == 1) ? 0.125 : 0.15
panel_h = nrows * row_in + 0.12
# the names' width: about 0.63 of the font's size a character (DejaVu Sans), and the
# offset at which gnuplot sets tic labels
maxlen = 0
do for [r=1:nrows] { maxlen = (strlen(rowname[r]) > maxlen) ? strlen(rowname[r]) : maxlen }
# the factors' column right of each panel
# the factors' column right of each panel, as wide as the longest
factor_in = faclen * kw_char + 0.12
grid_t = 0.3; gap_x = 0.35 + factor_in; gap_y = 0.75; grid_r = 0.05 + factor_in; grid_b = 0.45
grid_l = maxlen * 0.63 * fs / 72.0 + 0.25
fig_h = grid_t + grid_b + grid_rows * panel_h + (grid_rows - 1) * gap_y
eval set_term(fig_h)
eval common
set multiplot
unset key
set title font font_title offset 0, -0.5
set logscale x 10
# 1, 10, 100, 1k, 10k: short labels on a narrow panel
set format x tex ? '$%.0s$%c' : '%.0s%c'
set xlabel tx("ns per unit, one worker (log)") offset 0, 0.4
set grid xtics noytics
set style fill solid 0.6 border lc rgb '#333333'
set yrange [0.4 : nrows + 0.6]
set ytics scale 0
do for [k=1:npanels] {
    r = (cols == 1) ? k : 1
    c = (cols == 1) ? 1 : k
    eval panel_at(r, c, fig_h)
    # a tic every decade, or every other where they would crowd
    eval sprintf('set xtics %d', (log10(pxmax[k] / pxmin[k]) / pw_in(0) > 2.2) ? 100 : 10)
    unset object; unset arrow; unset label
    set xrange [pxmin[k] : pxmax[k]]
    set title tx(ptitle[k])
    set ytics ()
    do for [j=1:nrows] { set ytics add ((c == 1 ? tx(rowname[j]) : "") j) }
    file = sprintf("%s/fromc-%d.dat", data, k)
    plot file using (sqrt(pxmin[k] * $2)):1:(pxmin[k]):2:($1 - 0.36):($1 + 0.36):(famrgb[$5]) with boxxyerror lc rgb variable, \
         file using 2:1:3:4 with xerrorbars lc rgb '#333333' pt 7 ps 0 lw 1.2, \
         file using (pxmax[k]):1:(txl(strcol(7))) with labels left offset 0.4, 0 font font_small
}
unset multiplot
