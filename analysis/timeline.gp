# Figure A5: the workers of one run at the largest T both have, Python 3.12
# threading beside 3.14t threading, each worker a bar from its start to its
# end.  A bar spans the time a worker waited as well as the time it ran, so
# under the GIL the bars overlap too: figure 6 (who runs when) shows who
# was on a CPU.  Data: timeline.gp (tl_ok, tl_what) and timeline-A.dat,
# timeline-B.dat (worker start_s end_s).
load styles
load data.'/timeline.gp'
grid_rows = (cols == 1) ? 2 : 1
grid_cols = (cols == 1) ? 1 : 2
fa = data.'/timeline-A.dat'; fb = data.'/timeline-B.dat'
stats fa using 1 nooutput name "W"
stats fa using 3 nooutput name "A"
stats fb using 3 nooutput name "B"
panel_h = (W_max + 1) * 0.16 + 0.3
grid_t = 0.3; gap_y = 0.7; gap_x = 0.55; grid_l = 0.55; grid_r = 0.15; grid_b = 0.45
fig_h = grid_t + grid_b + grid_rows * panel_h + (grid_rows - 1) * gap_y
eval set_term(fig_h)
eval common
set multiplot
unset key
set title font font_title offset 0, -0.5
# short runs in milliseconds: short tic labels
xs = ((A_max > B_max ? A_max : B_max) < 1) ? 1000 : 1
set xlabel tx(xs == 1000 ? "time from the run's start (ms)" : "time from the run's start (s)") offset 0, 0.4
set style fill solid 0.7 border lc rgb '#333333'
xmax = (A_max > B_max ? A_max : B_max) * 1.05 * xs
set xrange [0:xmax]
set yrange [-0.6:W_max + 0.6]
set ytics 1
do for [p=1:2] {
    r = (cols == 1) ? p : 1
    c = (cols == 1) ? 1 : p
    eval panel_at(r, c, fig_h)
    eval ylabel_at(r, c, fig_h, tx("worker"))
    set title tx(p == 1 ? "3.12 threading (GIL)" : "3.14t threading (free-threaded)")
    f = (p == 1) ? fa : fb
    col = (p == 1) ? famcol[2] : famcol[5]
    plot f using (($2 + $3) / 2 * xs):1:($2 * xs):($3 * xs):($1 - 0.35):($1 + 0.35) with boxxyerror lc rgb col
}
unset multiplot
