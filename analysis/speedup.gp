# Figure 1: speedup against workers, one panel per workload and split.
load styles
eval "set multiplot layout prows, pcols ".panel_layout." title \"Speedup against workers\" font \",14\""

set logscale xy 2
set xlabel "workers (T)"
eval shade_oversub
do for [k=1:npanels] {
    if (key_for(k)) { set key at screen 0.82, 0.88 left top } else { unset key }
    set title ptitle[k]
    set ylabel (pweak[k] ? "throughput speedup, T·t1/tT" : "speedup, t1/tT")
    file = sprintf("%s/panel%d.dat", data, k)
    n = words(pnames[k])
    plot x with lines lc rgb "#888888" dt 2 lw 1.5 title "ideal", \
         for [i=1:n] file index (i-1) using 1:5 with linespoints ls style_of(k, i) title word(pnames[k], i)
}
unset multiplot
