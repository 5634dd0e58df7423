# Who runs when: for each sampled run (one panel row each: Python 3.12
# threading, 3.14t threading, C pthreads), when each worker was on a CPU,
# from its CPU time read about every millisecond.  Left: the whole run;
# right (under it at one-column width): wr_zoom_ms from its middle, where
# CPython's 5 ms turns show (for runs long enough that the whole run hides
# them).
load styles
load data.'/whoruns.gp'
# a row of panels per sampled run, placed by hand (style.gp's panel_at):
# above each its title, below it its tics, the last row's x label under
# them, the y label beside the first column
# (the zoom beside the whole run at two-column width, under it at one:
# two titles side by side do not fit 3.4 in)
stacked = (cols == 1 && wr_n > 0 && wr_any_zoom)
grid_rows = (wr_n > 0) ? wr_n * (stacked ? 2 : 1) : 1
grid_cols = (wr_n > 0 && wr_any_zoom && !stacked) ? 2 : 1
ph = (cols == 1) ? 0.75 : 0.95
grid_t = 0.32; gap_y = 0.62; gap_x = 0.35; grid_l = 0.55; grid_r = 0.15; grid_b = 0.6
fig_h = grid_t + grid_b + grid_rows * ph + (grid_rows - 1) * gap_y
eval set_term(fig_h)
eval common
set key off
set style fill solid 0.85 noborder
set ytics 1 format "%g"
set grid xtics noytics
set title offset 0, -0.5
bar = 0.36 # half a bar's height, in workers
if (wr_n > 0) {
    ncols = wr_any_zoom ? 2 : 1
    set multiplot
    do for [k = 1:wr_n] {
        f = data.sprintf('/whoruns-%d.dat', k)
        c = wr_colour[k]
        set yrange [-0.6:wr_T[k] - 0.4]
        do for [zoom = 0:ncols - 1] {
            pr = stacked ? 2 * k - 1 + zoom : k
            pc = stacked ? 1 : zoom + 1
            eval panel_at(pr, pc, fig_h)
            unset label
            if (pc == 1) { eval ylabel_at(pr, 1, fig_h, "worker") }
            if (pr == grid_rows || (k == wr_n && zoom == 0 && !wr_zoom[k])) { set xlabel tx("time from the run's start (ms)") offset 0, 0.4 } else { unset xlabel }
            if (zoom && !wr_zoom[k]) {
                set title ""
                set label 1 sprintf("a run of %.0f ms: shown whole %s", 1000 * wr_xmax[k], stacked ? "above" : "at left") at graph 0.5, 0.5 center font font_small
                unset border; unset xtics; unset ytics; unset grid; unset xlabel; unset label 90
                plot NaN
                unset label 1
                set border; set xtics; set ytics 1 format "%g"; set grid xtics noytics
                continue
            }
            if (zoom) {
                set xrange [1000 * wr_zoom0[k]:1000 * wr_zoom1[k]]
                set xtics 10
                set title tx(sprintf("%g ms from its middle", wr_zoom_ms)) font font_small
            } else {
                set xrange [0:1000 * wr_xmax[k]]
                set xtics autofreq
                set title tx(wr_title[k]) font font_small
            }
            if (wr_intervals[k] > 0) {
                plot f using (500 * ($2 + $3)):1:(500 * ($3 - $2)):(bar) with boxxyerror lc rgb c
            } else {
                set label 1 "no worker on a CPU for a whole step" at graph 0.5, 0.5 center font font_small
                plot NaN
                unset label 1
            }
        }
    }
    unset multiplot
} else {
    set xrange [0:1]
    set yrange [0:1]
    set label 1 "this study has no sampled run (no schedule.csv, or none of its sampled cells ran)" at 0.5, 0.5 center
    plot NaN
}
