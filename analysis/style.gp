# style.gp - shared by every figure script.  bin/analyze runs each script
# once per output with:
#   fmt   'png' | 'svg' | 'pdf' | 'tex' (cairolatex: a .pdf of the drawing
#         and a .tex in which LaTeX sets the text, in the paper's font)
#   cols  2: two-column width, 7 in (also the screen formats); 1: one-column
#         width, 3.4 in
#   out   the output file;  data  figures/data;  styles  this file
# A script loads this, works out its height in inches, then
# `eval set_term(height)`.  Restyle here for an article: the sizes, the fonts,
# the palette, the markers and dashes below.

set encoding utf8
# the folder of the scripts, for the helpers they share (appendix.gp)
scripts = styles[1:strlen(styles) - strlen('style.gp')]
W = (cols == 1) ? 3.4 : 7.0
# Font sizes in points at print size: no text under 7 pt, the least a
# journal accepts (the tests check it).  fs: tics, labels, key; fs_title:
# panel titles; fs_small: notes printed in the plot.
fs = (cols == 1) ? 7 : 8
fs_title = fs + 0.5
fs_small = (cols == 1) ? fs : fs - 0.5
# the same as font specifications (set key font wants a plain variable)
font_fs = sprintf(',%g', fs); font_title = sprintf(',%g', fs_title); font_small = sprintf(',%g', fs_small)
tex = (fmt eq 'tex')
screen = (fmt eq 'png' || fmt eq 'svg')
png_dpi = 150
svg_dpi = 96
# One style of line for every terminal: pdfcairo's linewidth 1 is 0.5 pt,
# and the raster and SVG terminals are scaled to match it.
set_term(h) = (fmt eq 'png') ? \
    sprintf("set terminal pngcairo size %d,%d font 'Sans,%g' fontscale %g linewidth %g noenhanced", \
            W * png_dpi, h * png_dpi, fs, png_dpi / 72.0, 0.5 * png_dpi / 72.0) : \
  (fmt eq 'svg') ? \
    sprintf("set terminal svg size %d,%d font 'Sans,%g' fontscale %g linewidth %g noenhanced dynamic background '#ffffff'", \
            W * svg_dpi, h * svg_dpi, fs, svg_dpi / 72.0, 0.5 * svg_dpi / 72.0) : \
  (fmt eq 'pdf') ? \
    sprintf("set terminal pdfcairo size %gin,%gin font 'Sans,%g' fontscale 1 linewidth 1 noenhanced", W, h, fs) : \
    sprintf("set terminal cairolatex pdf input blacktext header '%s' size %gin,%gin font ',%g' fontscale 1 linewidth 1", \
            (cols == 1) ? '\scriptsize' : '\footnotesize', W, h, fs) . "; set format '$%g$'"
# Marker sizes: the raster and SVG terminals size them in pixels, not
# points; ps_scale keeps them as in the PDF.
ps_scale = (fmt eq 'png') ? png_dpi / 72.0 : (fmt eq 'svg') ? svg_dpi / 72.0 : 1
# After set_term: the output, and what every figure shares.
common = "set output out; set datafile missing '?'; set grid lc rgb '#e4e4e4' lw 1; " . \
         "set border lw 1.2 lc rgb '#333333'; set tics scale 0.6 nomirror; " . \
         "set key noenhanced samplen 2.5 spacing 1.0 nobox noopaque; " . \
         sprintf("set pointsize %g", 0.6 * ps_scale)

# Text for LaTeX: cairolatex hands every label to LaTeX, where % _ & # $
# are special, > < are not set as such in the OT1 encoding, and × is math.
txc(c) = (c eq '%') ? '\%' : (c eq '_') ? '\_' : (c eq '&') ? '\&' : (c eq '#') ? '\#' : \
         (c eq '>') ? '$>$' : (c eq '<') ? '$<$' : (c eq '$') ? '\$' : (c eq '×') ? '$\times$' : c
txr(s) = (strlen(s) == 0) ? "" : txc(s[1:1]) . txr(s[2:])
tx(s) = tex ? txr(s) : s
# The same for text drawn `with labels`, where gnuplot reads backslash
# escapes once more: each backslash doubled.
txlc(c) = (c eq '%' || c eq '_' || c eq '&' || c eq '#' || c eq '$') ? '\\' . c : \
          (c eq '>') ? '$>$' : (c eq '<') ? '$<$' : (c eq '×') ? '$\\times$' : c
txlr(s) = (strlen(s) == 0) ? "" : txlc(s[1:1]) . txlr(s[2:])
txl(s) = tex ? txlr(s) : s
# the multiplication sign, in text and in LaTeX
times = tex ? '$\times$' : '×'

# Okabe & Ito's colour-blind-safe palette.
okabe_black = "#000000"; okabe_orange = "#E69F00"; okabe_sky = "#56B4E9"; okabe_green = "#009E73"
okabe_yellow = "#F0E442"; okabe_blue = "#0072B2"; okabe_red = "#D55E00"; okabe_purple = "#CC79A7"

# A series' look: colour and marker from its family (C, each interpreter,
# other), dash from its mode, so it reads the same in every figure and in
# greyscale: the marker names the interpreter, the dash the mode.  They are
# catalog.h's (common/catalog.h: MODE_TABLE's dash, PY_INTERP_TABLE's colour
# and marker), written by bin/analyze into data/study.gp, loaded below:
# famcol, fampt, famname (a key's name for each family), famrgb (the colours
# as numbers, for `lc rgb variable`) and dashtype 100 + mode.
S(k, i) = (k - 1) * SMAX + i
s_col(k, i) = famcol[sfam[S(k, i)]]
s_pt(k, i) = fampt[sfam[S(k, i)]]
s_dt(k, i) = 100 + smode[S(k, i)]
line_w = 2.2

# The references drawn against T beside the series: the split's
# work-balance cap (dark grey, dash-dotted, one dash pattern per cap in a
# figure) and the ceiling (T independent single-threaded C processes: a
# light grey line with open circles).
cap_rgb = '#444444'
set dashtype 91 (10,3,2,3)
set dashtype 92 (10,3,2,3,2,3)
set dashtype 93 (4,3)
set dashtype 94 (1,3)
cap_dt(q) = 90 + ((q - 1) % 4 + 1)
ceil_rgb = '#A0A0A0'; ceil_pt = 6
ceil_note = 'ceiling: T independent C processes'

# Panels placed by hand (margins at screen), in inches from the page's
# edges: grid_l, grid_r, grid_b, grid_t around the grid of grid_rows x
# grid_cols panels, gap_x, gap_y between them.  `eval panel_at(r, c)`, row
# 1 at the top.
grid_rows = 1; grid_cols = 1; gap_x = 0.5; gap_y = 0.5
grid_l = 0.5; grid_r = 0.1; grid_b = 0.45; grid_t = 0.25
pw_in(dummy) = (W - grid_l - grid_r - (grid_cols - 1) * gap_x) / grid_cols
ph_in(h) = (h - grid_b - grid_t - (grid_rows - 1) * gap_y) / grid_rows
panel_x0(c) = (grid_l + (c - 1) * (pw_in(0) + gap_x)) / W
panel_ymid(r, h) = 1 - (grid_t + (r - 1) * (ph_in(h) + gap_y) + ph_in(h) / 2) / h
# A panel's y label, placed by hand: gnuplot places its own by a guess at
# the tic labels' width, too far out in the cairo terminals.  ylab_in: from
# the panel's left edge, in inches.
ylab_in = 0.42
ylabel_at(r, c, h, text) = sprintf("set label 90 '%s' at screen %.5f, screen %.5f rotate by 90 center front", \
    text, panel_x0(c) - ylab_in / W, panel_ymid(r, h))
panel_at(r, c, h) = sprintf("set lmargin at screen %.5f; set rmargin at screen %.5f; set tmargin at screen %.5f; set bmargin at screen %.5f", \
    (grid_l + (c - 1) * (pw_in(0) + gap_x)) / W, (grid_l + (c - 1) * (pw_in(0) + gap_x) + pw_in(0)) / W, \
    1 - (grid_t + (r - 1) * (ph_in(h) + gap_y)) / h, 1 - (grid_t + (r - 1) * (ph_in(h) + gap_y) + ph_in(h)) / h)

# The study: ncpus (0: unknown), oversub (some T above the CPUs), T_max and
# T_tics (every T the study ran, for `set xtics`), and the looks above.
load data.'/study.gp'
# The CPU count on an axis of T: a line at it, and the region past it
# shaded when the study went beyond it (so it reads in greyscale).  Their
# words go in the figure's key (key_cpus), never into the panel, where a
# line at the right edge would cut them and the data would cross them.
# `eval mark_cpus` before a plot against T.
cpu_note = sprintf('the CPU count (%d)', ncpus)
oversub_note = 'more workers than CPUs'
# The ideal speedup with T workers: T, up to the CPUs there are.
ideal_T(x) = (ncpus > 0 && x > ncpus) ? ncpus : x
cpu_rgb = '#7A3B3B'; oversub_rgb = '#F2E6E6'
mark_cpus = (ncpus > 0) ? \
    "set arrow 50 from first ncpus, graph 0 to first ncpus, graph 1 nohead lc rgb cpu_rgb lw 1.2 dt 3 back; " . \
    (oversub ? "set object 50 rect from first ncpus, graph 0 to graph 1, graph 1 behind fc rgb oversub_rgb fs solid 1.0 noborder" : "") : ""
# The key entries that name them: how many, and `eval key_cpus(e)` to fill
# them from entry e on.
n_cpu_keys = (ncpus > 0) + (ncpus > 0 && oversub)
key_cpus(e) = (ncpus > 0 ? sprintf("klab[%d] = cpu_note; kcol[%d] = cpu_rgb; kdt[%d] = 3; kpt[%d] = -1; kbox[%d] = 0; ", e, e, e, e, e) : "") . \
    (ncpus > 0 && oversub ? sprintf("klab[%d] = oversub_note; kcol[%d] = oversub_rgb; kdt[%d] = 1; kpt[%d] = -1; kbox[%d] = 2", e + 1, e + 1, e + 1, e + 1, e + 1) : "")

# A step between tics that gives about n of them up to top: 1, 2 or 5
# times a power of ten (a short panel holds no more than its text's height
# allows; gnuplot's own choice looks at the range, not at the panel).
nice_step(top, n) = (ns_ = top / (1.0 * n), nm_ = 10.0 ** floor(log10(ns_)), nf_ = ns_ / nm_, \
    ((nf_ <= 1) ? 1 : (nf_ <= 2) ? 2 : (nf_ <= 5) ? 5 : 10) * nm_)
# How many tic labels fit up a panel h inches high.
tics_fit(h) = floor(h / (2.0 * fs / 72.0))

# A flagged point's *, and the next one at the same T (its slot), this far
# apart: a little more than the mark itself (fs_small's * is about 0.07 in).
mark_in = 0.09

# Tics on an axis of T whose labels do not touch: every T of the study
# (T_list[1 .. T_n]), each labelled unless it lies closer than tic_gap_in
# to a larger labelled one (the larger kept: 1 and 2 crowd on a narrow
# panel, 16 says the most).  `eval T_xtics(w, x0, x1)`: a panel w inches
# wide showing T from x0 to x1.
tic_gap_in = 0.17
T_xtics(w, x0, x1) = sprintf("set xtics (); tl_ = 1e9; do for [j_=T_n:1:-1] { tv_ = T_list[j_]; " . \
    "if ((tl_ - tv_) * %.6g >= tic_gap_in) { set xtics add (sprintf('%%d', tv_) tv_); tl_ = tv_ } " . \
    "else { set xtics add ('' tv_) } }", w / (x1 - x0))

# The key of a figure of several panels, in a strip across the whole width
# under them (a key inside a narrow panel would stack in one column and
# cover data).  Each of its key_cols columns is a plot of its own: gnuplot
# spaces a key's columns by its own guess at the text's width, which the
# cairo terminals do not keep to.  A figure fills nk entries: klab (text),
# kcol, kdt, kpt (pt -1: none), kbox (1: a filled box, as the bars), then
# `eval key_draw` with key_in (the strip's height, key_h), fig_h and
# key_bottom.  kbox 2: a box without border (a shaded region).  A figure
# fills its entries before its height is known: key_fit chooses the
# columns from their texts.
key_rows(n, nc) = ceil(n / (1.0 * nc))
# The columns a key fits in: at most maxc, fewer when columns as wide as
# its longest text (maxlen characters) would pass the page's width.
key_fit(n, maxlen, maxc) = (kf_ = floor((W - 0.1) / (kw_fixed + maxlen * kw_char)), \
    kf_ = (kf_ > maxc) ? maxc : kf_, kf_ = (kf_ > n) ? n : kf_, (kf_ < 1) ? 1 : kf_)
# The longest text among the entries klab[1 .. n].
key_maxlen(n) = (km_ = 0, sum [e_=1:n] (km_ = (strlen(klab[e_]) > km_) ? strlen(klab[e_]) : km_, 0), km_)
key_h(n, nc) = key_rows(n, nc) * 1.75 * fs / 72.0 + 0.08
# the key strip's lower edge (screen), at the bottom unless a figure says
key_bottom = 0.002
# what key_draw unset, for a figure that draws panels after a key
restore = "unset key; set border lw 1.2 lc rgb '#333333'; set tics scale 0.6 nomirror; set grid lc rgb '#e4e4e4' lw 1; set autoscale xy"
# A column's width in inches: its sample and the space around it (which
# gnuplot lays out in its own character width, about 0.85 of the font's
# size), its longest text, and a gap.  A character of DejaVu Sans as the
# cairo terminals set it measures about 0.62 to 0.7 of the font's size in
# the PDF (pdftotext -bbox: 0.69 over the implementations' names, whose
# digits, capitals and spaces are wide): the larger, so that a column's
# text never reaches the next column's sample.
kw_char = 0.7 * fs / 72.0
kw_fixed = 4.5 * 0.85 * fs / 72.0 + ((cols == 1) ? 0.2 : 0.3)
key_draw = "unset object; unset arrow; unset label; unset title; unset xlabel; unset ylabel; " . \
    "unset border; unset tics; unset grid; unset logscale; set xrange [0:1]; set yrange [0:1]; " . \
    "set bmargin at screen key_bottom; set tmargin at screen key_bottom + key_in / fig_h; " . \
    "kr = key_rows(nk, key_cols); array kw[key_cols]; ktot = 0; " . \
    "do for [j=1:key_cols] { kw[j] = 0; do for [e=(j - 1) * kr + 1:(j * kr < nk ? j * kr : nk)] { " . \
    "  kw[j] = (strlen(klab[e]) > kw[j]) ? strlen(klab[e]) : kw[j] }; kw[j] = kw_fixed + kw[j] * kw_char; ktot = ktot + kw[j] }; " . \
    "kx = (W - ktot) / 2.0; kx = (kx < 0.05) ? 0.05 : kx; " . \
    "do for [j=1:key_cols] { if ((j - 1) * kr < nk) { " . \
    "  set lmargin at screen kx / W; set rmargin at screen ((kx + kw[j]) / W < 0.999 ? (kx + kw[j]) / W : 0.999); kx = kx + kw[j]; " . \
    "  set key at graph 0, graph 0.5 left center vertical reverse Left samplen 2.5 spacing 1.1 noopaque font font_fs; " . \
    "  e1 = (j - 1) * kr + 1; e2 = (j * kr < nk) ? j * kr : nk; " . \
    "  plot for [e=e1:e2] NaN with linespoints lc rgb kcol[e] dt kdt[e] pt kpt[e] lw (kbox[e] ? 0 : line_w) title (kbox[e] ? '' : tx(klab[e])), " . \
    "       for [e=e1:e2] NaN with boxes fs solid 0.6 border lc rgb '#333333' fc rgb kcol[e] title (kbox[e] == 1 ? tx(klab[e]) : ''), " . \
    "       for [e=e1:e2] NaN with boxes fs solid 1.0 noborder fc rgb kcol[e] title (kbox[e] == 2 ? tx(klab[e]) : '') } }"
# A key entry from series i of panel k (s_col, s_dt, s_pt) into place e.
key_series(e, k, i) = sprintf("klab[%d] = sname[S(%d, %d)]; kcol[%d] = s_col(%d, %d); kdt[%d] = s_dt(%d, %d); kpt[%d] = s_pt(%d, %d); kbox[%d] = 0", \
    e, k, i, e, k, i, e, k, i, e, k, i, e)
key_alloc(n) = sprintf("nk = %d; array klab[%d]; array kcol[%d]; array kdt[%d]; array kpt[%d]; array kbox[%d]", n, n, n, n, n, n)
