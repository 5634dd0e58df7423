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
faclen = 9
nrows = 7
array pxmin[2]
array pxmax[2]
array rowname[7]
array rowfam[7]
rowname[7] = "pthreads"; rowfam[7] = "C"
rowname[6] = "OpenMP"; rowfam[6] = ""
rowname[5] = "fork()"; rowfam[5] = ""
rowname[4] = "threading"; rowfam[4] = "3.12"
rowname[3] = "threading"; rowfam[3] = "3.14"
rowname[2] = "threading"; rowfam[2] = "3.14t"
rowname[1] = "threading"; rowfam[1] = "3.14t -X gil=1"
labchars = 25
pxmin[1] = 0.1; pxmax[1] = 1000
pxmin[2] = 1; pxmax[2] = 10000
