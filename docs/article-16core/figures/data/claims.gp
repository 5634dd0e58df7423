# written by bin/analyze: the panels of figure claims and their series
npanels = 2
SMAX = 8
array ptitle[2]
array nser[2]
array sname[16]
array simpl[16]
array sfam[16]
array smode[16]
ptitle[1] = "Free-threading's speed-up, same work"
nser[1] = 2
sname[1] = "sumsq: 3.14t threads, times faster than 3.12"; simpl[1] = "claim1"; sfam[1] = 7; smode[1] = 14
sname[2] = "nqueens: 3.14t threads, times faster than 3.14"; simpl[2] = "claim2"; sfam[2] = 7; smode[2] = 14
ptitle[2] = "Free-threading's cost to one thread"
nser[2] = 2
sname[9] = "sumsq: 3.14t's extra time, one thread"; simpl[9] = "claim3"; sfam[9] = 7; smode[9] = 14
sname[10] = "nqueens: 3.14t's extra time, one thread"; simpl[10] = "claim4"; sfam[10] = 7; smode[10] = 14
hasdirect = 0
pxmin1 = 0.5; pxmax1 = 10.4
pxmin2 = -18.21; pxmax2 = 40.43
