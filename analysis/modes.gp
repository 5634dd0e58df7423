# Figure 3, Python's ways to go parallel: at the largest T within the CPUs,
# the speedup of every Python mode (a group of bars) on every interpreter
# (a bar, coloured by interpreter), with interval bars at the level each
# reached and * above a speedup flagged about itself; C pthreads' speedup
# at that T as a reference line, the ideal (speedup = T) dashed.  Data:
# modes.gp and modes-K.dat (x speedup lo hi family mode mark).
load styles
load data.'/modes.gp'
nf = words(keyfams)
grid_rows = (cols == 1) ? npanels : 1
grid_cols = (cols == 1) ? 1 : npanels
eval key_alloc(nf + 2)
do for [j=1:nf] {
    f = word(keyfams, j) + 0
    klab[j] = famname[f]; kcol[j] = famcol[f]; kdt[j] = 1; kpt[j] = -1; kbox[j] = 1
}
klab[nf + 1] = 'C pthreads'; kcol[nf + 1] = okabe_black; kdt[nf + 1] = 1; kpt[nf + 1] = -1; kbox[nf + 1] = 0
klab[nf + 2] = 'ideal'; kcol[nf + 2] = '#888888'; kdt[nf + 2] = 2; kpt[nf + 2] = -1; kbox[nf + 2] = 0
key_cols = key_fit(nk, key_maxlen(nk), (cols == 1) ? 2 : 4)
key_in = key_h(nk, key_cols)
panel_h = (cols == 1) ? 1.6 : 2.2
# the groups' names under the axis, turned upright: as tall as their
# longest line
xlab_h = pxlablen * kw_char + 0.15
grid_t = 0.3; gap_y = xlab_h + 0.35; gap_x = 0.6; grid_l = 0.55; grid_r = 0.1
grid_b = xlab_h + 0.1 + key_in
fig_h = grid_t + grid_b + grid_rows * panel_h + (grid_rows - 1) * gap_y
eval set_term(fig_h)
eval common
set multiplot
unset key
set title font font_title offset 0, -0.5
set xtics rotate by 90 right nomirror scale 0 offset 0, 0
set grid noxtics ytics
set style fill solid 0.6 border lc rgb '#333333'
set boxwidth 0.9 absolute
do for [k=1:npanels] {
    r = (cols == 1) ? k : 1
    c = (cols == 1) ? 1 : k
    eval panel_at(r, c, fig_h)
    unset object; unset arrow; unset label
    eval ylabel_at(r, c, fig_h, tx("speedup over one worker"))
    set title tx(sprintf("%s, T = %d", ptitle[k], pT[k]))
    set xrange [-0.6 : pxmax[k] + 0.1]
    set yrange [0 : pymax[k]]
    eval 'set xtics '.pxtics[k]
    set arrow 1 from graph 0, first pT[k] to graph 1, first pT[k] nohead lc rgb '#888888' dt 2 lw 1.5 back
    if (pref[k] == pref[k]) {
        set arrow 2 from graph 0, first pref[k] to graph 1, first pref[k] nohead lc rgb okabe_black lw 1.5 front
    }
    file = sprintf("%s/modes-%d.dat", data, k)
    if (pxmax[k] > 0) {
        plot file using 1:2:(famrgb[$5]) with boxes lc rgb variable, \
             file using 1:3:(0):($4 - $3) with vectors heads size screen 0.006, 90 lc rgb '#333333' lw 1.2, \
             file using 1:4:(strcol(7)) with labels offset 0, 0.5 font font_fs
    } else {
        set label 9 tx("no Python run with more than one worker") at graph 0.5, graph 0.5 center
        plot NaN notitle
    }
}
eval key_draw
unset multiplot
