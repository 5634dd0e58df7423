# written by bin/analyze: the panels of figure all and their series
npanels = 4
SMAX = 8
array ptitle[4]
array nser[4]
array sname[32]
array simpl[32]
array sfam[32]
array smode[32]
ptitle[1] = "native C: sumsq weak"
nser[1] = 3
sname[1] = "C pthreads"; simpl[1] = "pthreads"; sfam[1] = 1; smode[1] = 1
sname[2] = "C OpenMP"; simpl[2] = "openmp"; sfam[2] = 1; smode[2] = 2
sname[3] = "C fork()"; simpl[3] = "multiprocess"; sfam[3] = 1; smode[3] = 3
ptitle[2] = "native C: nqueens rr"
nser[2] = 3
sname[9] = "C pthreads"; simpl[9] = "pthreads"; sfam[9] = 1; smode[9] = 1
sname[10] = "C OpenMP"; simpl[10] = "openmp"; sfam[10] = 1; smode[10] = 2
sname[11] = "C fork()"; simpl[11] = "multiprocess"; sfam[11] = 1; smode[11] = 3
ptitle[3] = "Python threading: sumsq weak"
nser[3] = 5
sname[17] = "C pthreads"; simpl[17] = "pthreads"; sfam[17] = 1; smode[17] = 1
sname[18] = "3.12 threading"; simpl[18] = "py3.12-threading"; sfam[18] = 2; smode[18] = 4
sname[19] = "3.14 threading"; simpl[19] = "py3.14-threading"; sfam[19] = 4; smode[19] = 4
sname[20] = "3.14t threading"; simpl[20] = "py3.14t-threading"; sfam[20] = 5; smode[20] = 4
sname[21] = "3.14t -X gil=1 threading"; simpl[21] = "py3.14t-gil-threading"; sfam[21] = 6; smode[21] = 4
ptitle[4] = "Python threading: nqueens rr"
nser[4] = 5
sname[25] = "C pthreads"; simpl[25] = "pthreads"; sfam[25] = 1; smode[25] = 1
sname[26] = "3.12 threading"; simpl[26] = "py3.12-threading"; sfam[26] = 2; smode[26] = 4
sname[27] = "3.14 threading"; simpl[27] = "py3.14-threading"; sfam[27] = 4; smode[27] = 4
sname[28] = "3.14t threading"; simpl[28] = "py3.14t-threading"; sfam[28] = 5; smode[28] = 4
sname[29] = "3.14t -X gil=1 threading"; simpl[29] = "py3.14t-gil-threading"; sfam[29] = 6; smode[29] = 4
nrows = 2
ncols = 2
array rtitle[2]
array ctitle[2]
array cshort[2]
array pceil[2]
rtitle[1] = "native C"
rtitle[2] = "Python threading"
ctitle[1] = "sumsq weak"
cshort[1] = "sumsq weak"
pceil[1] = 0
ctitle[2] = "nqueens rr"
cshort[2] = "nqueens rr"
pceil[2] = 0
CAPS = 4
ncapkeys = 2
array capkey[2]
array pncap[4]
array pcapkey[16]
capkey[1] = "rr's work-balance cap, n = 14"
capkey[2] = "rr's work-balance cap, n = 12"
pncap[1] = 0
pncap[2] = 1
pcapkey[5] = 1
pncap[3] = 0
pncap[4] = 2
pcapkey[13] = 1
pcapkey[14] = 2
