# written by bin/analyze: what every figure needs
# CPUs available (0: unknown); 1 when some T is above them
ncpus = 16
oversub = 0
T_max = 16
T_tics = "(1, 2, 4, 8, 16)"
