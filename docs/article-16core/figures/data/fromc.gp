# written by bin/analyze: the panels of figure fromc and their series
npanels = 2
SMAX = 8
array ptitle[2]
array nser[2]
array sname[16]
array simpl[16]
array sfam[16]
array smode[16]
ptitle[1] = "sumsq, weak split"
nser[1] = 0
ptitle[2] = "nqueens, rr split"
nser[2] = 0
nrows = 7
array pxmin[2]
array pxmax[2]
array rowname[7]
rowname[7] = "C pthreads"
rowname[6] = "C OpenMP"
rowname[5] = "C fork()"
rowname[4] = "3.12 threading"
rowname[3] = "3.14 threading"
rowname[2] = "3.14t threading"
rowname[1] = "3.14t -X gil=1 threading"
pxmin[1] = 0.1; pxmax[1] = 1000
pxmin[2] = 1; pxmax[2] = 10000
