# Figure 5: the workers of one run at the largest T, Python 3.12 threading
# beside 3.14t threading: the GIL's turn-taking against real parallelism.
wide = 1
load styles
load data.'/timeline.gp'
set multiplot layout 1, 2 title "Per-worker timeline of one run (".tl_what.")" font ",14"
set xlabel "time from the run's start (s)"
set ylabel "worker"
set key off
set style fill solid 0.7 border -1
if (tl_ok) {
    fa = data.'/timeline-A.dat'; fb = data.'/timeline-B.dat'
    stats fa using 3 nooutput name "A"
    stats fb using 3 nooutput name "B"
    stats fa using 1 nooutput name "W"
    xmax = (A_max > B_max ? A_max : B_max) * 1.05
    set xrange [0:xmax]
    set yrange [-0.6:W_max + 0.6]
    set ytics 1
    set title "Python 3.12, threading (GIL)"
    plot fa using (($2+$3)/2):1:2:3:($1-0.35):($1+0.35) with boxxyerror lc rgb okabe_red
    set title "Python 3.14t, threading (free-threaded)"
    plot fb using (($2+$3)/2):1:2:3:($1-0.35):($1+0.35) with boxxyerror lc rgb okabe_green
} else {
    set xrange [0:1]
    set yrange [0:1]
    set label 1 "no timeline of both py3.12-threading and py3.14t-threading (sumsq weak) in this study" at 0.5, 0.5 center
    set title "Python 3.12, threading"
    plot NaN notitle
    set title "Python 3.14t, threading"
    plot NaN notitle
}
unset multiplot
