# written by bin/analyze: what every figure needs
# CPUs available (0: unknown); 1 when some T is above them
ncpus = 16
oversub = 0
T_max = 16
T_tics = "(1, 2, 4, 8, 16)"
T_n = 5
array T_list[5]
T_list[1] = 1; T_list[2] = 2; T_list[3] = 4; T_list[4] = 8; T_list[5] = 16
array famcol[7] = ["#000000", "#D55E00", "#CC79A7", "#E69F00", "#009E73", "#0072B2", "#56B4E9"]
array fampt[7] = [7, 5, 12, 4, 9, 8, 6]
array famname[7] = ['C', '3.12 (GIL)', '3.13t (free-threaded)', '3.14 (GIL)', '3.14t (free-threaded)', '3.14t -X gil=1 (GIL on)', 'other']
array famrgb[7] = [0x000000, 0xD55E00, 0xCC79A7, 0xE69F00, 0x009E73, 0x0072B2, 0x56B4E9]
set dashtype 101 solid
set dashtype 102 (6,3)
set dashtype 103 (2,3)
set dashtype 104 solid
set dashtype 105 (16,4)
set dashtype 106 (8,4)
set dashtype 107 (2,3)
set dashtype 108 (2,3,8,3)
set dashtype 109 (12,4)
set dashtype 110 (12,3,2,3)
set dashtype 111 (12,3,2,3,2,3)
set dashtype 112 (2,3,8,3)
set dashtype 113 (1,2)
set dashtype 114 (4,2)
set dashtype 115 (6,2,2,2)
set dashtype 116 (10,2)
set dashtype 117 (3,6)
