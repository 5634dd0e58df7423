# Figure 4, how far Python is from C: the cost per unit of work with one
# worker (ns per sumsq iteration or N-Queens node), log axis, a bar per
# implementation with its median's interval, and its cost over C
# pthreads' printed in a column beside the frame.  One panel per workload:
# side by side at two-column width, the implementations' names on the
# left; stacked, each with the names, at one-column width.  The names are
# a table: each family's on the first row of its group, each row's mode at
# the frame, a thin line between groups.  Data: fromc.gp (rowname, rowfam,
# labchars: the widest row's characters) and fromc-K.dat (row ns lo hi
# family "label" "factor").
load styles
load data.'/fromc.gp'
grid_rows = (cols == 1) ? npanels : 1
grid_cols = (cols == 1) ? 1 : npanels
# A row's pitch: the least at which two rows' words do not overlap (a
# word's box is about 1.55 font sizes tall, and may overlap the next by
# 15% of it), with a little to spare; the figure grows with the rows.
row_in = 1.36 * fs / 72.0
panel_h = nrows * row_in + 0.12
# A character's width (style.gp's kw_char, with a little to spare: a
# row's name must not pass the page's edge)
ch_in = 1.03 * kw_char
# the factors' column right of each panel, as wide as the longest
factor_in = faclen * ch_in + 0.12
# the names' column: the widest row, the offset at which gnuplot sets tic
# labels, and a margin at the page's edge
lab_in = labchars * ch_in + 0.1
grid_t = 0.3; gap_x = 0.35 + factor_in; gap_y = 0.75; grid_r = 0.05 + factor_in; grid_b = 0.45
grid_l = lab_in + 0.08
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
    # the families' names at the left of the names' column, and a line
    # between groups (half a row from either's bars and words) across it
    # and the panel
    x0 = (c == 1) ? (grid_l - lab_in) / W : panel_x0(c)
    do for [j=1:nrows] {
        if (strlen(rowfam[j]) > 0) {
            if (c == 1) {
                set label (100 + j) tx(rowfam[j]) at screen x0, first j left front
            }
            if (j < nrows) {
                set arrow (100 + j) from screen x0, first j + 0.5 to graph 1, first j + 0.5 nohead lc rgb '#BBBBBB' lw 1 back
            }
        }
    }
    file = sprintf("%s/fromc-%d.dat", data, k)
    plot file using (sqrt(pxmin[k] * $2)):1:(pxmin[k]):2:($1 - 0.36):($1 + 0.36):(famrgb[$5]) with boxxyerror lc rgb variable, \
         file using 2:1:3:4 with xerrorbars lc rgb '#333333' pt 7 ps 0 lw 1.2, \
         file using (pxmax[k]):1:(txl(strcol(7))) with labels left offset 0.4, 0 font font_small
}
unset multiplot
