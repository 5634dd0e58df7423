# Figure 2: median wall time against workers, min-max error bars.
load styles
eval "set multiplot layout prows, pcols ".panel_layout." title \"Wall time against workers (median; bars: min to max)\" font \",14\""

set logscale x 2
set logscale y 10
set xlabel "workers (T)"
eval shade_oversub
set ylabel "wall time (s)"
do for [k=1:npanels] {
    if (key_for(k)) { set key at screen 0.82, 0.88 left top } else { unset key }
    set title ptitle[k]
    file = sprintf("%s/panel%d.dat", data, k)
    n = words(pnames[k])
    plot for [i=1:n] file index (i-1) using 1:2:3:4 with yerrorlines ls style_of(k, i) title word(pnames[k], i)
}
unset multiplot
