# Figure 3: parallel efficiency (speedup / T) against workers.
load styles
eval "set multiplot layout prows, pcols ".panel_layout." title \"Parallel efficiency against workers\" font \",14\""

set logscale x 2
set xlabel "workers (T)"
eval shade_oversub
set ylabel "efficiency, speedup / T"
set yrange [0:*]
do for [k=1:npanels] {
    if (key_for(k)) { set key at screen 0.82, 0.88 left top } else { unset key }
    set title ptitle[k]
    file = sprintf("%s/panel%d.dat", data, k)
    n = words(pnames[k])
    plot 1 with lines lc rgb "#888888" dt 2 lw 1.5 title "ideal", \
         for [i=1:n] file index (i-1) using 1:6 with linespoints ls style_of(k, i) title word(pnames[k], i)
}
unset multiplot
