# Figure 4: each implementation's time with one worker, log scale: the gap
# between C and Python, and 3.12 against 3.14 against 3.14t.
wide = 1
load styles
file = data.'/single.dat'
set title "Single-worker time of each implementation (median, log scale)" font ",14"
set style data histograms
set style histogram clustered gap 1
set style fill pattern border -1
set boxwidth 0.9
set logscale y 10
set ylabel "wall time with T = 1 (s)"
set xtics rotate by -40 left nomirror
set key top left
set bmargin 9
# room on the right for the last rotated name
set rmargin 12
plot for [k=3:2+npanels] file using k:xtic(1) title columnheader(k) lc rgb word(okabe_black." ".okabe_orange." ".okabe_blue." ".okabe_green, k-2) fs pattern (k-2)
