tl_ok = 1
tl_what = "sumsq weak, T = 16"
