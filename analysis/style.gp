# style.gp - shared by every figure script.  Set before loading:
#   fmt  'png' | 'svg' | 'pdf'     out  the output file
#   wide  1 for a wide figure (optional)
# Restyle here for an article: fonts, sizes, the palette below.

if (!exists("wide")) wide = 0
if (fmt eq 'png') {
    set terminal pngcairo size (wide ? 1800 : 1400), 1050 font "Sans,11" noenhanced
} else {
    if (fmt eq 'svg') {
        set terminal svg size (wide ? 1500 : 1200), 900 font "Sans,11" noenhanced dynamic background "white"
    } else {
        set terminal pdfcairo size (wide ? 12 : 10)in, 7.5in font "Sans,9" noenhanced
    }
}
set output out
set encoding utf8
set datafile missing "?"
set grid lc rgb "#dddddd"
set border lc rgb "#444444"
set key noenhanced font ",9" samplen 3 spacing 1.1 box lc rgb "#bbbbbb" opaque

# Okabe & Ito's colour-blind-safe palette.
okabe_black = "#000000"; okabe_orange = "#E69F00"; okabe_sky = "#56B4E9"; okabe_green = "#009E73"
okabe_yellow = "#F0E442"; okabe_blue = "#0072B2"; okabe_red = "#D55E00"; okabe_purple = "#CC79A7"

# One style per implementation, in the order bin/analyze numbers them:
# colour by family (native C, 3.12, 3.14, 3.14t), and a dash pattern and
# marker of its own for every series, so the figures read in greyscale.
set style line 1  lc rgb okabe_blue   lw 2 dt 1                 pt 7  ps 1.2  # pthreads
set style line 2  lc rgb okabe_blue   lw 2 dt (12,6)            pt 5  ps 1.2  # openmp
set style line 3  lc rgb okabe_blue   lw 2 dt (4,4)             pt 9  ps 1.3  # multiprocess
set style line 4  lc rgb okabe_blue   lw 2 dt (2,3,8,3)         pt "M" ps 1.0 # mpi: markers 1-15 are taken
set style line 5  lc rgb okabe_red    lw 2 dt (12,4,2,4)        pt 6  ps 1.2  # py3.12-threading
set style line 6  lc rgb okabe_red    lw 2 dt (20,6,4,6)        pt 4  ps 1.2  # py3.12-cthreads
set style line 7  lc rgb okabe_red    lw 2 dt (2,6)             pt 8  ps 1.3  # py3.12-subinterp
set style line 8  lc rgb okabe_red    lw 2 dt (16,4,4,4,4,4)    pt 12 ps 1.3  # py3.12-multiprocessing
set style line 9  lc rgb okabe_orange lw 2 dt (8,3)             pt 1  ps 1.4  # py3.14-threading
set style line 10 lc rgb okabe_orange lw 2 dt (24,8)            pt 2  ps 1.3  # py3.14-cthreads
set style line 11 lc rgb okabe_orange lw 2 dt (6,3,2,3,2,3)     pt 3  ps 1.3  # py3.14-subinterp
set style line 12 lc rgb okabe_orange lw 2 dt (30,5,5,5)        pt 10 ps 1.3  # py3.14-multiprocessing
set style line 13 lc rgb okabe_green  lw 2 dt (3,3,12,3)        pt 13 ps 1.3  # py3.14t-threading
set style line 14 lc rgb okabe_green  lw 2 dt (10,10)           pt 11 ps 1.3  # py3.14t-cthreads
set style line 15 lc rgb okabe_green  lw 2 dt (1,3)             pt 15 ps 1.3  # py3.14t-subinterp
set style line 16 lc rgb okabe_green  lw 2 dt (18,3,3,3)        pt 14 ps 1.3  # py3.14t-multiprocessing
# Implementations beyond the sixteen above.
set style line 17 lc rgb okabe_purple lw 2 dt (5,2)             pt 7  ps 1.0
set style line 18 lc rgb okabe_sky    lw 2 dt (9,2,2,2)         pt 5  ps 1.0
set style line 19 lc rgb okabe_black  lw 2 dt (14,2)            pt 9  ps 1.0
set style increment user

# The panels (npanels, ptitle[], pnames[], pstyles[], pweak[]).
load data.'/panels.gp'
prows = (npanels <= 2) ? 1 : 2
pcols = ceil(npanels / (1.0 * prows))
style_of(k, i) = (word(pstyles[k], i) + 0)
# Panel figures leave the right fifth of the page for one key, drawn by
# the first panel (every panel shows the same implementations).
panel_layout = "margins 0.07,0.80,0.08,0.90 spacing 0.11,0.12"
key_for(k) = (k == 1)
set format y "%g"
set format x "%g"

# The oversubscribed region, T > CPUs, shaded (with a label, so it reads in
# greyscale) in the figures against T: `eval shade_oversub` before plotting.
# ncpus and oversub come from panels.gp.
if (!exists("oversub")) oversub = 0
shade_oversub = oversub ? \
    "set object 50 rect from first ncpus, graph 0 to graph 1, graph 1 behind fc rgb '#EFE3E3' fs solid 1.0 noborder; " . \
    "set label 50 'T > CPUs: oversubscribed' at first ncpus, graph 0.03 offset 0.5, 0 left font ',8' tc rgb '#7A3B3B'" : ""
