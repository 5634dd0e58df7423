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

# One style per implementation, in the order bin/analyze numbers them
# (known_impls in analysis/analyze.c).  Native C models are blue with
# filled markers; a Python implementation takes its colour and open marker
# from its interpreter and its dash pattern from its mode, so in greyscale
# the marker still names the interpreter and the dash the mode.
#   3.12 red circle, 3.13t purple diamond, 3.14 orange square, 3.14t green
#   triangle, 3.14t-gil sky-blue triangle down;
#   threading (12,4,2,4), cthreads (20,6,4,6), subinterp (2,6),
#   mp-fork (16,4,4,4,4,4), mp-forkserver (8,3), mp-spawn (24,8),
#   interpreters (6,3,2,3,2,3).
set style line 1  lc rgb okabe_blue   lw 2 dt 1                 pt 7  ps 1.2  # pthreads
set style line 2  lc rgb okabe_blue   lw 2 dt (12,6)            pt 5  ps 1.2  # openmp
set style line 3  lc rgb okabe_blue   lw 2 dt (4,4)             pt 9  ps 1.3  # multiprocess
set style line 4  lc rgb okabe_red    lw 2 dt (12,4,2,4)        pt 6  ps 1.3  # py3.12-threading
set style line 5  lc rgb okabe_red    lw 2 dt (20,6,4,6)        pt 6  ps 1.3  # py3.12-cthreads
set style line 6  lc rgb okabe_red    lw 2 dt (2,6)             pt 6  ps 1.3  # py3.12-subinterp
set style line 7  lc rgb okabe_red    lw 2 dt (16,4,4,4,4,4)    pt 6  ps 1.3  # py3.12-mp-fork
set style line 8  lc rgb okabe_red    lw 2 dt (8,3)             pt 6  ps 1.3  # py3.12-mp-forkserver
set style line 9  lc rgb okabe_red    lw 2 dt (24,8)            pt 6  ps 1.3  # py3.12-mp-spawn
set style line 10 lc rgb okabe_purple lw 2 dt (12,4,2,4)        pt 12 ps 1.3  # py3.13t-threading
set style line 11 lc rgb okabe_purple lw 2 dt (20,6,4,6)        pt 12 ps 1.3  # py3.13t-cthreads
set style line 12 lc rgb okabe_purple lw 2 dt (2,6)             pt 12 ps 1.3  # py3.13t-subinterp
set style line 13 lc rgb okabe_purple lw 2 dt (16,4,4,4,4,4)    pt 12 ps 1.3  # py3.13t-mp-fork
set style line 14 lc rgb okabe_purple lw 2 dt (8,3)             pt 12 ps 1.3  # py3.13t-mp-forkserver
set style line 15 lc rgb okabe_purple lw 2 dt (24,8)            pt 12 ps 1.3  # py3.13t-mp-spawn
set style line 16 lc rgb okabe_orange lw 2 dt (12,4,2,4)        pt 4  ps 1.3  # py3.14-threading
set style line 17 lc rgb okabe_orange lw 2 dt (20,6,4,6)        pt 4  ps 1.3  # py3.14-cthreads
set style line 18 lc rgb okabe_orange lw 2 dt (2,6)             pt 4  ps 1.3  # py3.14-subinterp
set style line 19 lc rgb okabe_orange lw 2 dt (16,4,4,4,4,4)    pt 4  ps 1.3  # py3.14-mp-fork
set style line 20 lc rgb okabe_orange lw 2 dt (8,3)             pt 4  ps 1.3  # py3.14-mp-forkserver
set style line 21 lc rgb okabe_orange lw 2 dt (24,8)            pt 4  ps 1.3  # py3.14-mp-spawn
set style line 22 lc rgb okabe_orange lw 2 dt (6,3,2,3,2,3)     pt 4  ps 1.3  # py3.14-interpreters
set style line 23 lc rgb okabe_green  lw 2 dt (12,4,2,4)        pt 8  ps 1.3  # py3.14t-threading
set style line 24 lc rgb okabe_green  lw 2 dt (20,6,4,6)        pt 8  ps 1.3  # py3.14t-cthreads
set style line 25 lc rgb okabe_green  lw 2 dt (2,6)             pt 8  ps 1.3  # py3.14t-subinterp
set style line 26 lc rgb okabe_green  lw 2 dt (16,4,4,4,4,4)    pt 8  ps 1.3  # py3.14t-mp-fork
set style line 27 lc rgb okabe_green  lw 2 dt (8,3)             pt 8  ps 1.3  # py3.14t-mp-forkserver
set style line 28 lc rgb okabe_green  lw 2 dt (24,8)            pt 8  ps 1.3  # py3.14t-mp-spawn
set style line 29 lc rgb okabe_green  lw 2 dt (6,3,2,3,2,3)     pt 8  ps 1.3  # py3.14t-interpreters
set style line 30 lc rgb okabe_sky    lw 2 dt (12,4,2,4)        pt 10 ps 1.3  # py3.14t-gil-threading
# Implementations beyond the 30 above.
set style line 31 lc rgb okabe_black  lw 2 dt (5,2)             pt 1  ps 1.0
set style line 32 lc rgb okabe_yellow lw 2 dt (9,2,2,2)         pt 2  ps 1.0
set style line 33 lc rgb okabe_black  lw 2 dt (14,2)            pt 3  ps 1.0
set style increment user

# The panels (npanels, ptitle[], pnames[], pstyles[], pweak[]).
load data.'/panels.gp'
# gnuplot keeps a key within its plot's height and wraps the rest into
# columns off the page: with many implementations, a smaller key, so that
# one column still fits beside the first panel.
if (!wide && words(pnames[1]) > 14) { set key font ",7" spacing 0.8 samplen 2 }
prows = (npanels <= 2) ? 1 : 2
pcols = ceil(npanels / (1.0 * prows))
style_of(k, i) = (word(pstyles[k], i) + 0)
# Panel figures leave the right fifth of the page for one key, drawn by
# the first panel (every panel shows the same implementations).
panel_layout = "margins 0.07,0.80,0.08,0.90 spacing 0.11,0.12"
key_for(k) = (k == 1)
set format y "%g"
set format x "%g"
