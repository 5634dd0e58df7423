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
array pT[2]
array pref[2]
array pymax[2]
array pxtics[2]
array pxmax[2]
pT[1] = 16; pymax[1] = 17.92; pxmax[1] = 4.000; pxtics[1] = '("threading" 2.000)'
pref[1] = 8.40216
pT[2] = 16; pymax[2] = 17.92; pxmax[2] = 4.000; pxtics[2] = '("threading" 2.000)'
pref[2] = 9.92433
keyfams = "2 4 5 6"
