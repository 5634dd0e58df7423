# written by bin/analyze: the panels of figure ftcost and their series
npanels = 2
SMAX = 8
array ptitle[2]
array nser[2]
array sname[16]
array simpl[16]
array sfam[16]
array smode[16]
ptitle[1] = "sumsq, weak split"
nser[1] = 3
sname[1] = "3.12 (GIL)"; simpl[1] = "py3.12-threading"; sfam[1] = 2; smode[1] = 4
sname[2] = "3.14t (free-threaded)"; simpl[2] = "py3.14t-threading"; sfam[2] = 5; smode[2] = 4
sname[3] = "3.14t -X gil=1 (GIL on)"; simpl[3] = "py3.14t-gil-threading"; sfam[3] = 6; smode[3] = 4
ptitle[2] = "nqueens, rr split"
nser[2] = 3
sname[9] = "3.12 (GIL)"; simpl[9] = "py3.12-threading"; sfam[9] = 2; smode[9] = 4
sname[10] = "3.14t (free-threaded)"; simpl[10] = "py3.14t-threading"; sfam[10] = 5; smode[10] = 4
sname[11] = "3.14t -X gil=1 (GIL on)"; simpl[11] = "py3.14t-gil-threading"; sfam[11] = 6; smode[11] = 4
labmax = 43
claim_lo = 5; claim_hi = 10
array pxmin[2]
array pxmax[2]
pxmin[1] = -17.24; pxmax[1] = 39.45
pxmin[2] = -12.2; pxmax[2] = 27.92
