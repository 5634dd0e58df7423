# compare.gp - bin/compare's figure: per cell, B's median wall time over
# A's with its 95% interval, on a log axis, with a line at 1 (no change).
# bin/compare runs it in the output folder with, set before:
#   fmt 'png' | 'svg' | 'pdf'   out  the output file    data  compare.dat
#   rows  cells drawn           xmin, xmax  the ratio axis
#   name_a, name_b  the folders' names
#   label_chars, text_chars  the longest cell label and interval text
#   row_px, base_px, row_in, base_in  the height per row and the rest
#   level  the intervals' level in percent (CATALOG_CI_PERCENT)
# compare.dat: row "label" ratio lo hi verdict(0 n.d., 1 faster, 2 slower) "text"
# Restyle here for an article.

h_px = base_px + rows * row_px
if (fmt eq 'png') {
    set terminal pngcairo size 1500, h_px * 1.25 font "Sans,13" noenhanced
    small = 11; psz = 1.3
} else {
    if (fmt eq 'svg') {
        # about the width it is shown at in compare.html, so its text stays
        # large enough to read
        set terminal svg size 1000, h_px * 1.1 font "Sans,13" noenhanced dynamic background "white"
        small = 12; psz = 1.3
    } else {
        # one column of a two-column paper is 3.4 in: this is two columns
        set terminal pdfcairo size 7in, (base_in + rows * row_in) * 1in font "Sans,8" noenhanced
        small = 7; psz = 0.6
    }
}
set output out
fsmall = sprintf(",%d", small)
set encoding utf8

# Okabe & Ito's colour-blind-safe palette; markers differ too, for print.
c_faster = "#0072B2"; c_slower = "#D55E00"; c_unsure = "#777777"

set title sprintf("Median wall time, B / A per cell, with %d%% bootstrap intervals\nA = %s,  B = %s", level, name_a, name_b)
set logscale x
set xrange [xmin:xmax]
set format x "%g"
set xtics nomirror
set xlabel "B / A (log scale): below 1, B is faster"
set yrange [rows + 0.7 : 0.3]
set ytics nomirror scale 0 font fsmall
set grid xtics lc rgb "#dddddd"
set border 3 lc rgb "#444444"
# room for the labels, in characters of the base font (the labels' font
# is smaller)
set lmargin label_chars * 0.85 + 2
set rmargin text_chars * 0.85 + 2
# the key under the axis label, on one row
set bmargin 6
set key at graph 0.5, screen 0.005 center bottom horizontal maxcols 3 maxrows 1 width -4 box lc rgb "#bbbbbb" samplen 2
set arrow 1 from 1, graph 0 to 1, graph 1 nohead dt 2 lw 2 lc rgb "#000000" back

plot data using 3:1:ytic(2) with points pt -1 notitle, \
     '' using ($6 == 1 ? $3 : 1/0):1:4:5 with xerrorbars pt 7 ps psz lw 2 lc rgb c_faster title "B faster", \
     '' using ($6 == 2 ? $3 : 1/0):1:4:5 with xerrorbars pt 9 ps psz * 1.15 lw 2 lc rgb c_slower title "B slower", \
     '' using ($6 == 0 ? $3 : 1/0):1:4:5 with xerrorbars pt 6 ps psz lw 2 lc rgb c_unsure title "not distinguishable", \
     '' using (xmax):1:7 with labels left offset 1, 0 font fsmall notitle
