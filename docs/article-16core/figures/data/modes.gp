# written by bin/analyze: the panels of figure modes and their series
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
GMAX = 14
array pT[2]
array pref[2]
array pymax[2]
array ngr[2]
array gbars[28]
array gname1[28]
array gname2[28]
pT[1] = 16; pymax[1] = 17.92; ngr[1] = 1
pref[1] = 8.40216
gbars[1] = 4; gname1[1] = "threading"; gname2[1] = ""
pT[2] = 16; pymax[2] = 17.92; ngr[2] = 1
pref[2] = 9.92433
gbars[15] = 4; gname1[15] = "threading"; gname2[15] = ""
pxlablen = 9
keyfams = "2 4 5 6"
