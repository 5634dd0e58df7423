# Figure 5, the articles' claims beside this study: for each claim, the
# claimed number (an open diamond, or a grey box for a range) and the value
# measured here with its interval (a filled dot; an open grey dot when
# measured at fewer workers than the article used, which is not the claim's
# counterpart).  Where the study ran the interpreters' own executables
# (hasdirect), each claim has a second value under the first, through them
# (a filled square; open grey at fewer workers), and a line of text each.
# Top: the speed-ups of free-threading (log axis); bottom: the
# single-thread cost (percent).  Each row's words stand above a band of its
# own that holds its data, so that nothing drawn crosses them.  Data:
# claims.gp and claims-K.dat (row claimed_lo claimed_hi measured lo hi
# at_claim "what" "claimed" "measured" direct dlo dhi d_at_claim "host's
# line" "direct's line").
load styles
load data.'/claims.gp'
maxser = (nser[1] > nser[2]) ? nser[1] : nser[2]
grid_rows = 2; grid_cols = 1
# A row, from the top: its title, the claimed value, the measured one (with
# the executables: a heading, then the host's and the executables' lines),
# each a line of text; under them a band of its own for the markers and
# the intervals (the executables' under the host's), so that no line of
# data (an interval, the reference at 1 or 0, the claimed range) crosses a
# word.  u: a line, in the rows' units.
line_in = 1.3 * fs / 72.0
nlines = hasdirect ? 5 : 3
row_in = (nlines + 2.0 + (hasdirect ? 0.8 : 0)) * line_in
u = line_in / row_in
y_what = -1.5 * u; y_claimed = -0.5 * u; y_meas = 0.5 * u; y_host = 1.5 * u; y_own = 2.5 * u
y_data = (nlines - 1.3) * u; band = 0.45 * u
# the executables' marker under the host's, and the band around both
y_data2 = y_data + (hasdirect ? 0.8 * u : 0)
eval key_alloc(hasdirect ? 5 : 4)
klab[1] = 'claimed';                     kcol[1] = okabe_black; kdt[1] = 1; kpt[1] = 12; kbox[1] = 0
klab[2] = 'claimed range';               kcol[2] = '#CFCFCF';   kdt[2] = 1; kpt[2] = -1; kbox[2] = 1
klab[3] = hasdirect ? 'measured, embedded host' : 'measured'
kcol[3] = okabe_black; kdt[3] = 1; kpt[3] = 7;  kbox[3] = 0
if (hasdirect) {
    klab[4] = 'measured, own executable'; kcol[4] = okabe_black; kdt[4] = 1; kpt[4] = 5; kbox[4] = 0
}
klab[nk] = hasdirect ? 'at fewer workers (open)' : 'at fewer workers'
kcol[nk] = '#888888'; kdt[nk] = 1; kpt[nk] = 6; kbox[nk] = 0
key_cols = key_fit(nk, key_maxlen(nk), 2)
key_in = key_h(nk, key_cols)
# the side margins: room for half a tic label at the frame's corners
# (four characters at most), narrower at one-column width, where a claim's
# title ("nqueens: 3.14t threads, times faster than 3.14") needs all of
# the panel's width
grid_t = 0.3; gap_y = 0.92; grid_l = (cols == 1) ? 0.13 : 0.18; grid_r = grid_l
grid_b = 0.42 + key_in
# each panel as tall as its rows
ph1 = nser[1] * row_in + 0.05
ph2 = nser[2] * row_in + 0.05
fig_h = grid_t + grid_b + ph1 + ph2 + gap_y
eval set_term(fig_h)
eval common
set multiplot
unset key
unset ytics
unset grid
set title font font_title offset 0, -0.5
top(r) = (r == 1) ? 1 - grid_t / fig_h : 1 - (grid_t + ph1 + gap_y) / fig_h
height(r) = ((r == 1) ? ph1 : ph2) / fig_h
do for [k=1:2] {
    set lmargin at screen grid_l / W
    set rmargin at screen 1 - grid_r / W
    set tmargin at screen top(k)
    set bmargin at screen top(k) - height(k)
    unset object; unset arrow; unset label
    set yrange [nser[k] + y_data2 + 2 * band : 1 + y_what - 0.9 * u]
    set title tx(ptitle[k])
    if (k == 1) {
        set logscale x 10
        set xrange [pxmin1 : pxmax1]
        set xtics (0.001, 0.01, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 1000)
        set xlabel tx('times faster (log axis); 1: as fast') offset 0, 0.4
        xref = 1
    } else {
        unset logscale x
        set xrange [pxmin2 : pxmax2]
        set xtics autofreq
        set xlabel tx('extra time per unit with one thread (%); 0: as fast') offset 0, 0.4
        xref = 0
    }
    file = sprintf("%s/claims-%d.dat", data, k)
    xl = (k == 1) ? pxmin1 : pxmin2
    # (a label left out is an empty text, never an undefined x: ftcost.gp)
    plot file using (xref):($1 + y_data - band):(0):(y_data2 - y_data + 2 * band) with vectors nohead lc rgb '#333333' lw 1.2, \
         file using (($2 + $3) / 2):($1 + (y_data + y_data2) / 2):2:3:($1 + y_data - band):($1 + y_data2 + band) with boxxyerror fs solid 1.0 noborder fc rgb '#CFCFCF', \
         file using ($2 == $3 ? $2 : NaN):($1 + (y_data + y_data2) / 2) with points pt 12 ps 1.6 * ps_scale lw 1.5 lc rgb okabe_black, \
         file using 4:($1 + y_data):5:6 with xerrorbars pt 7 ps 0.9 * ps_scale lw 1.5 lc rgb okabe_black, \
         file using ($7 != 0 ? NaN : $4):($1 + y_data) with points pt 7 ps 0.8 * ps_scale lc rgb '#FFFFFF', \
         file using ($7 != 0 ? NaN : $4):($1 + y_data):5:6 with xerrorbars pt 6 ps 0.9 * ps_scale lw 1.5 lc rgb '#888888', \
         file using (hasdirect ? $11 : NaN):($1 + y_data2):12:13 with xerrorbars pt 5 ps 0.8 * ps_scale lw 1.5 lc rgb okabe_black, \
         file using (hasdirect && $14 == 0 ? $11 : NaN):($1 + y_data2) with points pt 5 ps 0.7 * ps_scale lc rgb '#FFFFFF', \
         file using (hasdirect && $14 == 0 ? $11 : NaN):($1 + y_data2):12:13 with xerrorbars pt 4 ps 0.8 * ps_scale lw 1.5 lc rgb '#888888', \
         file using (xl):($1 + y_what):(txl(strcol(8))) with labels left offset 0.3, 0 font font_fs, \
         file using (xl):($1 + y_claimed):(txl(strcol(9))) with labels left offset 0.3, 0 font font_small, \
         file using (xl):($1 + y_meas):(txl(strcol(10))) with labels left offset 0.3, 0 font font_small, \
         file using (xl):($1 + y_host):(hasdirect ? txl(strcol(15)) : "") with labels left offset 1.8, 0 font font_small, \
         file using (xl):($1 + y_own):(hasdirect ? txl(strcol(16)) : "") with labels left offset 1.8, 0 font font_small
}
eval key_draw
unset multiplot
