# Figure 6: CPU utilisation, (user + sys) / wall, against workers: how many
# CPUs the run kept busy.  A GIL-bound run stays near 1 however many
# threads it has.
load styles
eval "set multiplot layout prows, pcols ".panel_layout." title \"CPU utilisation against workers\" font \",14\""

set logscale x 2
set xlabel "workers (T)"
eval shade_oversub
set ylabel "CPUs busy, (user+sys) / wall"
set yrange [0:*]
do for [k=1:npanels] {
    if (key_for(k)) { set key at screen 0.82, 0.88 left top } else { unset key }
    set title ptitle[k]
    file = sprintf("%s/panel%d.dat", data, k)
    n = words(pnames[k])
    plot for [i=1:n] file index (i-1) using 1:7 with linespoints ls style_of(k, i) title word(pnames[k], i)
}
unset multiplot
