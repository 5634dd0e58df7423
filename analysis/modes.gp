# Figure 3, Python's ways to go parallel: at the largest T within the CPUs,
# the speedup of every Python mode (a group of bars) on every interpreter
# (a bar, coloured by interpreter), with interval bars at the level each
# reached and * above a speedup flagged about itself; C pthreads' speedup
# at that T as a reference line, the ideal (speedup = T) dashed.  Data:
# modes.gp (per panel its groups: gbars, and the lines of each one's name,
# gname1 and gname2) and modes-K.dat (group bar speedup lo hi family mode
# mark).  The groups are placed here, where the panel's width is known:
# each as wide as its bars and a bar's gap, or as its name's lines need.
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
    # Each group's slot, in bars: its bars and a bar's gap, or what its
    # name's lines need where that is more (a line's box is about 1.55 font
    # sizes across, and a wrapped name's two lines are 1.45 apart, so that
    # their boxes do not overlap), at the scale the slots give the panel.
    # The scale depends on the slots: a few rounds settle it.
    gi(g) = (k - 1) * GMAX + g
    need_pt(g) = 1.1 * (1.55 * fs + (strlen(gname2[gi(g)]) > 0 ? 1.45 * fs : 0))
    U = 0
    do for [g=1:ngr[k]] { U = U + gbars[gi(g)] + 1 }
    do for [it=1:6] {
        bw_pt = pw_in(0) * 72.0 / (U > 0 ? U : 1)
        U = 0
        do for [g=1:ngr[k]] { U = U + ((need_pt(g) / bw_pt > gbars[gi(g)] + 1) ? need_pt(g) / bw_pt : gbars[gi(g)] + 1) }
    }
    bw_pt = pw_in(0) * 72.0 / (U > 0 ? U : 1)
    # the groups' middles, and their first bar's left edge; each name's
    # lines as tics, half a line's pitch either side of its middle
    array gx0[GMAX]
    set xtics ()
    xs = 0
    do for [g=1:ngr[k]] {
        sl = (need_pt(g) / bw_pt > gbars[gi(g)] + 1) ? need_pt(g) / bw_pt : gbars[gi(g)] + 1
        gm = xs + sl / 2.0
        gx0[g] = gm - gbars[gi(g)] / 2.0
        tdl = 0.725 * fs / bw_pt
        if (strlen(gname2[gi(g)]) > 0) {
            set xtics add (tx(gname1[gi(g)]) gm - tdl, tx(gname2[gi(g)]) gm + tdl)
        } else {
            set xtics add (tx(gname1[gi(g)]) gm)
        }
        xs = xs + sl
    }
    set xrange [0 : (U > 0 ? U : 1)]
    set yrange [0 : pymax[k]]
    set arrow 1 from graph 0, first pT[k] to graph 1, first pT[k] nohead lc rgb '#888888' dt 2 lw 1.5 back
    if (pref[k] == pref[k]) {
        set arrow 2 from graph 0, first pref[k] to graph 1, first pref[k] nohead lc rgb okabe_black lw 1.5 front
    }
    file = sprintf("%s/modes-%d.dat", data, k)
    bx(g, j) = gx0[int(g)] + j + 0.5
    if (ngr[k] > 0) {
        plot file using (bx($1, $2)):3:(famrgb[$6]) with boxes lc rgb variable, \
             file using (bx($1, $2)):4:(0):($5 - $4) with vectors heads size screen 0.006, 90 lc rgb '#333333' lw 1.2, \
             file using (bx($1, $2)):5:(strcol(8)) with labels offset 0, 0.5 font font_fs
    } else {
        set label 9 tx("no Python run with more than one worker") at graph 0.5, graph 0.5 center
        plot NaN notitle
    }
}
eval key_draw
unset multiplot
