# written by bin/analyze: the panels of figure gil and their series
npanels = 2
SMAX = 8
array ptitle[2]
array nser[2]
array sname[16]
array simpl[16]
array sfam[16]
array smode[16]
ptitle[1] = "sumsq, weak split"
nser[1] = 5
sname[1] = "C pthreads"; simpl[1] = "pthreads"; sfam[1] = 1; smode[1] = 1
sname[2] = "3.12 (GIL)"; simpl[2] = "py3.12-threading"; sfam[2] = 2; smode[2] = 4
sname[3] = "3.14 (GIL)"; simpl[3] = "py3.14-threading"; sfam[3] = 4; smode[3] = 4
sname[4] = "3.14t (free-threaded)"; simpl[4] = "py3.14t-threading"; sfam[4] = 5; smode[4] = 4
sname[5] = "3.14t -X gil=1 (GIL switched back on)"; simpl[5] = "py3.14t-gil-threading"; sfam[5] = 6; smode[5] = 4
ptitle[2] = "nqueens, rr split"
nser[2] = 5
sname[9] = "C pthreads"; simpl[9] = "pthreads"; sfam[9] = 1; smode[9] = 1
sname[10] = "3.12 (GIL)"; simpl[10] = "py3.12-threading"; sfam[10] = 2; smode[10] = 4
sname[11] = "3.14 (GIL)"; simpl[11] = "py3.14-threading"; sfam[11] = 4; smode[11] = 4
sname[12] = "3.14t (free-threaded)"; simpl[12] = "py3.14t-threading"; sfam[12] = 5; smode[12] = 4
sname[13] = "3.14t -X gil=1 (GIL switched back on)"; simpl[13] = "py3.14t-gil-threading"; sfam[13] = 6; smode[13] = 4
array pTmin[2]
array pTmax[2]
array pymax[2]
array pxtics[2]
array pceil[2]
CAPS = 4
array pncap[2]
array pcapkey[8]
ncapkeys = 2
array capkey[2]
capkey[1] = "rr's work-balance cap, n = 14"
capkey[2] = "rr's work-balance cap, n = 12"
pTmin[1] = 1; pTmax[1] = 16; pymax[1] = 17.92; pceil[1] = 0; pncap[1] = 0
pxtics[1] = "(1, 2, 4, 8, 16)"
pTmin[2] = 1; pTmax[2] = 16; pymax[2] = 17.92; pceil[2] = 0; pncap[2] = 2
pcapkey[5] = 1
pcapkey[6] = 2
pxtics[2] = "(1, 2, 4, 8, 16)"
