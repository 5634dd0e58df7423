# Who runs when: for each sampled run (one panel row each: Python 3.12
# threading, 3.14t threading, C pthreads), when each worker was on a CPU,
# from its CPU time read about every millisecond.  Left: the whole run;
# right: wr_zoom_ms from its middle, where CPython's 5 ms turns show (for
# runs long enough that the whole run hides them).
load styles
load data.'/whoruns.gp'
# a row of panels per sampled run
fig_h = 0.7 + (wr_n > 0 ? wr_n : 1) * ((cols == 1) ? 1.15 : 1.35)
eval set_term(fig_h)
eval common
set key off
set style fill solid 0.85 noborder
set ytics 1 format "%g"
set ylabel "worker"
set grid xtics noytics
bar = 0.36 # half a bar's height, in workers
if (wr_n > 0) {
    ncols = wr_any_zoom ? 2 : 1
    set multiplot layout wr_n, ncols margins 0.1,0.98,0.1,0.93 spacing 0.06,0.14
    do for [k = 1:wr_n] {
        f = data.sprintf('/whoruns-%d.dat', k)
        c = wr_colour[k]
        set yrange [-0.6:wr_T[k] - 0.4]
        set xlabel (k == wr_n) ? "time from the run's start (ms)" : ""
        do for [zoom = 0:ncols - 1] {
            if (zoom && !wr_zoom[k]) {
                set title ""
                set label 1 sprintf("a run of %.0f ms: shown whole at left", 1000 * wr_xmax[k]) at graph 0.5, 0.5 center
                unset border; unset xtics; unset ytics; unset ylabel; unset grid
                plot NaN
                unset label 1
                set border; set xtics; set ytics 1 format "%g"; set ylabel "worker"; set grid xtics noytics
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
                set label 1 "no worker was on a CPU in a whole sampling step" at graph 0.5, 0.5 center
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
