/* test_html.c - the markdown-to-HTML converter (analysis/html.c) on
 * hand-written markdown with the exact HTML expected, image inlining and
 * its refusals, the atomic write; and html_figures_render, the check that
 * a page's figures really draw in headless Chromium (used here on a page
 * of known figures and by the smoke test on the real report). */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../analysis/html.h"
#include "tests.h"

/* Chromium's whole run, load included (a cold start on a busy 2-core
 * machine takes a few seconds). */
#define CHROMIUM_TIMEOUT "120"
/* How long the page may run after load (virtual time: it does not wait
 * when nothing is pending). */
#define CHROMIUM_BUDGET_MS "5000"

/* md rendered with images read from base; the page, malloc'd. */
static char *render(const char *md, const char *base)
{
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    struct err e = {0};
    if (!f)
        return NULL;
    int rc = html_render(f, md, strlen(md), base ? base : "/nonexistent", &e);
    fclose(f);
    if (rc) {
        free(out);
        return NULL;
    }
    return out;
}

/* Whether page contains want; the message shows the page's body. */
#define HAS(page, want) CHECK(strstr(page, want) != NULL, "missing %s in:\n%s", want, strstr(page, "<main>"))
#define LACKS(page, bad) CHECK(strstr(page, bad) == NULL, "unexpected %s in:\n%s", bad, strstr(page, "<main>"))

static size_t count(const char *s, const char *what)
{
    size_t n = 0;
    for (const char *p = strstr(s, what); p; p = strstr(p + 1, what))
        n++;
    return n;
}

/* ---- the converter --------------------------------------------------------- */

static void t_blocks(void)
{
    static const char md[] =
        "# Title with `code`\n"
        "\n"
        "Text with **bold**, *italic*, `a<b & \"c\"`, wall_s_x and 2 * 3 * 4.\n"
        "A second line of the same paragraph.  \n"
        "After a hard break. <script>alert(1)</script> \\*not italic\\*\n"
        "\n"
        "## Results\n"
        "\n"
        "| impl | T | note |\n"
        "|---|---:|:---:|\n"
        "| pthreads | 2 | a \\| b |\n"
        "| `x|y` | 4 |\n"
        "\n"
        "- tight one\n"
        "- tight two\n"
        "  - nested\n"
        "\n"
        "3. loose three\n"
        "\n"
        "   continued paragraph\n"
        "\n"
        "4. loose four\n"
        "\n"
        "```sh\n"
        "make <x> **not bold**\n"
        "```\n"
        "\n"
        "> quoted *text*\n"
        "lazy line\n"
        "\n"
        "## Results\n"
        "\n"
        "---\n"
        "\n"
        "## Links\n"
        "\n"
        "[ok](sub/page.md), [web](https://example.org/a?b=1&c=2), [bad](javascript:alert(1)), "
        "<https://example.org/x>.\n";
    char *p = render(md, NULL);
    REQUIRE(p, "html_render failed");
    HAS(p, "<title>Title with code</title>");
    HAS(p, "<h1 id=\"title-with-code\">Title with <code>code</code></h1>");
    HAS(p, "Content-Security-Policy\" content=\"default-src 'none'");
    HAS(p, "<p>Text with <strong>bold</strong>, <em>italic</em>, <code>a&lt;b &amp; &quot;c&quot;</code>, "
           "wall_s_x and 2 * 3 * 4.\nA second line of the same paragraph.<br>\nAfter a hard break. "
           "&lt;script&gt;alert(1)&lt;/script&gt; *not italic*</p>");
    LACKS(p, "<script>");
    /* tables: alignment, escaped pipe, a pipe in code, a short row padded */
    HAS(p, "<div class=\"table-wrap\"><table>");
    HAS(p, "<tr><th>impl</th><th class=\"r\">T</th><th class=\"c\">note</th></tr>");
    HAS(p, "<tr><td>pthreads</td><td class=\"r\">2</td><td class=\"c\">a | b</td></tr>");
    HAS(p, "<tr><td><code>x|y</code></td><td class=\"r\">4</td><td class=\"c\"></td></tr>");
    /* lists: tight without <p>, nested, loose with <p>, the start kept */
    HAS(p, "<ul>\n<li>tight one\n</li>\n<li>tight two\n<ul>\n<li>nested\n</li>\n</ul>\n</li>\n</ul>");
    HAS(p, "<ol start=\"3\">\n<li><p>loose three</p>\n<p>continued paragraph</p>\n</li>\n<li><p>loose "
           "four</p>\n</li>\n</ol>");
    /* code: escaped, not parsed */
    HAS(p, "<pre><code class=\"language-sh\">make &lt;x&gt; **not bold**\n</code></pre>");
    HAS(p, "<blockquote>\n<p>quoted <em>text</em>\nlazy line</p>\n</blockquote>");
    HAS(p, "<hr>");
    /* a repeated heading gets its own id; the contents link both */
    HAS(p, "<h2 id=\"results\">Results</h2>");
    HAS(p, "<h2 id=\"results-2\">Results</h2>");
    HAS(p, "<nav class=\"toc\"");
    HAS(p, "<a href=\"#results-2\">Results</a>");
    CHECK(strstr(p, "<nav") > strstr(p, "</h1>"), "the contents follow the title");
    /* links: relative and http kept (& escaped), javascript: dropped */
    HAS(p, "<a href=\"sub/page.md\">ok</a>");
    HAS(p, "<a href=\"https://example.org/a?b=1&amp;c=2\">web</a>");
    HAS(p, ", bad, ");
    LACKS(p, "javascript");
    HAS(p, "<a href=\"https://example.org/x\">https://example.org/x</a>.");
    free(p);
}

/* A small SVG as gnuplot and cairo write them: prolog, DOCTYPE with an
 * internal subset, ids referenced by href, xlink:href and url(), a script
 * and an event handler. */
static const char svg_fixture[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"  standalone=\"no\"?>\n"
    "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"x.dtd\" [ <!ENTITY e \"x\"> ]>\n"
    "<!-- drawn by hand -->\n"
    "<svg width=\"600\" height=\"400\" xmlns=\"http://www.w3.org/2000/svg\" "
    "xmlns:xlink=\"http://www.w3.org/1999/xlink\" onload=\"init(evt)\">\n"
    "<script type=\"text/javascript\"><![CDATA[ function init(e) {} ]]></script>\n"
    "<defs><linearGradient id='grad'/><path id='gpPt0' d='M0,0 h2'/></defs>\n"
    "<style><![CDATA[ .x { fill: url(#grad); } ]]></style>\n"
    "<g id=\"gnuplot_canvas\"><rect fill=\"url(#grad)\" width=\"10\" height=\"10\"/>\n"
    "<use xlink:href='#gpPt0'/><use href=\"#gpPt0\"/><text>a &lt; b, id=\"x\"</text></g>\n"
    "<use xlink:href='#gpPt0' id='gpPt1' fill='currentColor'/><use id=\"u\" href=\"#gpPt1\" x=\"1\"/>\n"
    "<g id=\"gnuplot_plot_1\"></g><g id=\"gnuplot_plot_1\"></g>\n"
    "</svg>\n";

static void t_images(void)
{
    char *dir = tmpdir_make(), path[PATH_MAX];
    REQUIRE(dir, "mkdtemp");
    char figs[PATH_MAX];
    REQUIRE(mkdir(path_in(figs, dir, "figures"), 0777) == 0, "mkdir");
    write_file(path_in(path, dir, "figures/a.svg"), svg_fixture);
    /* a.png beside a.svg is drawn from the SVG; b.png alone is a data:
     * URI.  b.png holds PNG's 8-byte signature, whose base64 is known. */
    write_file(path_in(path, dir, "figures/a.png"), "not read");
    write_file(path_in(path, dir, "figures/b.png"), "\x89PNG\r\n\x1a\n");
    write_file(path_in(path, dir, "secret.svg"), svg_fixture);
    static const char md[] = "# Figures\n\n"
                             "![first *one*](figures/a.png)\n\n"
                             "The caption under it.\n\n"
                             "![again](figures/a.svg)\n\n"
                             "![bitmap](figures/b.png)\n\n"
                             "![gone](figures/none.png)\n\n"
                             "![outside](../secret.svg) ![abs](/etc/passwd.png) ![web](http://example.org/x.png)\n";
    char *p = render(md, dir);
    REQUIRE(p, "html_render failed");
    /* four figures (one image each), the last paragraph is not one */
    CHECK(count(p, "<figure class=\"" HTML_FIGURE_CLASS "\"") == 4, "4 figures: %zu", count(p, "<figure"));
    CHECK(count(p, "<svg class=\"fig-svg\"") == 2, "two inline SVGs: %zu", count(p, "<svg"));
    HAS(p, "<svg class=\"fig-svg\" role=\"img\" aria-label=\"first one\"");
    LACKS(p, "<?xml");
    LACKS(p, "DOCTYPE svg");
    LACKS(p, "ENTITY");
    LACKS(p, "<script");
    LACKS(p, "onload");
    LACKS(p, "function init");
    /* a viewBox from the root's size, so CSS can scale it */
    HAS(p, "viewBox=\"0 0 600 400\"");
    /* ids and every reference to them prefixed per figure */
    HAS(p, "id='f1-grad'");
    HAS(p, "id='f2-grad'");
    HAS(p, "fill=\"url(#f1-grad)\"");
    HAS(p, ".x { fill: url(#f2-grad); }");
    HAS(p, "xlink:href='#f1-gpPt0'");
    HAS(p, "<use href=\"#f2-gpPt0\"/>");
    HAS(p, "id=\"f1-gnuplot_canvas\"");
    /* several references and ids in one tag (gnuplot's point markers) */
    HAS(p, "<use xlink:href='#f1-gpPt0' id='f1-gpPt1' fill='currentColor'/>");
    HAS(p, "<use id=\"f2-u\" href=\"#f2-gpPt1\" x=\"1\"/>");
    /* an id the SVG repeats (gnuplot's multiplots) is made unique */
    HAS(p, "<g id=\"f1-gnuplot_plot_1\"></g><g id=\"f1-gnuplot_plot_1-d1\"></g>");
    HAS(p, "<g id=\"f2-gnuplot_plot_1\"></g><g id=\"f2-gnuplot_plot_1-d1\"></g>");
    LACKS(p, "id='grad'");
    /* text content is left alone */
    HAS(p, "<text>a &lt; b, id=\"x\"</text>");
    HAS(p, "<p>The caption under it.</p>");
    HAS(p, "<img class=\"fig-img\" alt=\"bitmap\" src=\"data:image/png;base64,iVBORw0KGgo=\">");
    HAS(p, "[image missing or unreadable: figures/none.png]");
    HAS(p, "[image not inlined, not a file beside the report: ../secret.svg]");
    HAS(p, "[image not inlined, not a file beside the report: /etc/passwd.png]");
    HAS(p, "[image not inlined, not a file beside the report: http://example.org/x.png]");
    free(p);
    tmpdir_remove(dir);
}

/* html_write_file: the page appears whole or not at all. */
static void t_write_file(void)
{
    char *dir = tmpdir_make(), path[PATH_MAX];
    REQUIRE(dir, "mkdtemp");
    struct err e = {0};
    CHECK(html_write_file(dir, "none.md", "none.html", &e) == -1 && e.code == EXIT_USAGE,
          "a missing markdown file: code %d (%s)", e.code, e.msg);
    CHECK(!file_exists(path_in(path, dir, "none.html")), "nothing written for a missing source");
    write_file(path_in(path, dir, "r.md"), "# R\n\nx < y\n");
    e = (struct err){0};
    REQUIRE(html_write_file(dir, "r.md", "r.html", &e) == 0, "html_write_file: %s", e.msg);
    char *page = slurp(path_in(path, dir, "r.html"), NULL);
    REQUIRE(page, "r.html not written");
    CHECK(strstr(page, "<p>x &lt; y</p>") && strstr(page, "</html>\n"), "r.html: %s", page);
    free(page);
    /* no temporary file left behind */
    char *ls = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&ls, &n);
    DIR *d = f ? opendir(dir) : NULL;
    for (struct dirent *de; d && (de = readdir(d));)
        if (de->d_name[0] != '.' || strlen(de->d_name) > 2)
            fprintf(f, "%s ", de->d_name);
    if (d)
        closedir(d);
    if (f)
        fclose(f);
    CHECK(ls && (!strcmp(ls, "r.md r.html ") || !strcmp(ls, "r.html r.md ")), "folder holds: %s", ls);
    free(ls);
    tmpdir_remove(dir);
}

/* ---- rendering in Chromium -------------------------------------------------- */

/* name on PATH (or a path) into out (PATH_MAX); false when not found. */
static bool which(const char *name, char *out)
{
    if (strchr(name, '/')) {
        snprintf(out, PATH_MAX, "%s", name);
        return access(out, X_OK) == 0;
    }
    const char *path = getenv("PATH");
    for (const char *p = path ? path : "/usr/bin:/bin"; *p;) {
        size_t k = strcspn(p, ":");
        snprintf(out, PATH_MAX, "%.*s/%s", (int)k, p, name);
        if (k && access(out, X_OK) == 0)
            return true;
        p += k + (p[k] == ':');
    }
    return false;
}

/* The probe, run after load: one line per figure, "figure i width height
 * drawn dangling", where drawn is the number of the SVG's drawn elements
 * (its content's bounding box must be non-empty) or an image's natural
 * width, and dangling the number of its <use> whose target is not in the
 * page; then "ids N", the ids the page holds more than once (two inline
 * SVGs' ids must not clash). */
static const char probe_js[] =
    "<script>addEventListener('load', function () {\n"
    "  var out = [], seen = {}, dups = 0;\n"
    "  document.querySelectorAll('figure." HTML_FIGURE_CLASS "').forEach(function (f, i) {\n"
    "    var g = f.querySelector('svg, img'), w = 0, h = 0, drawn = 0, dangling = 0;\n"
    "    if (g) { var r = g.getBoundingClientRect(); w = r.width; h = r.height; }\n"
    "    if (g && g.tagName.toLowerCase() === 'svg') {\n"
    "      var b = g.getBBox();\n"
    "      if (b.width > 0 && b.height > 0) drawn = g.querySelectorAll('path, text, use, rect, line').length;\n"
    "      g.querySelectorAll('use').forEach(function (u) {\n"
    "        var t = u.getAttribute('href') || u.getAttribute('xlink:href') || '';\n"
    "        if (t.charAt(0) !== '#' || !document.getElementById(t.slice(1))) dangling++;\n"
    "      });\n"
    "    } else if (g) { drawn = g.complete ? g.naturalWidth : 0; }\n"
    "    out.push('figure ' + (i + 1) + ' ' + Math.round(w) + ' ' + Math.round(h) + ' ' + drawn + ' ' + dangling);\n"
    "  });\n"
    "  document.querySelectorAll('[id]').forEach(function (e) { if (seen[e.id]) dups++; seen[e.id] = 1; });\n"
    "  var p = document.createElement('pre'); p.id = 'figure-probe';\n"
    "  p.textContent = '\\n' + out.join('\\n') + '\\nids ' + dups + '\\n';\n"
    "  document.body.appendChild(p);\n"
    "});</script>\n";

int html_figures_render(const char *page, size_t want, char *why, size_t len)
{
    char chromium[PATH_MAX], timeout[PATH_MAX];
    const char *name = getenv("CHROMIUM");
    if (!which(name && *name ? name : "chromium", chromium)) {
        const char *ci = getenv("CI");
        snprintf(why, len, "no chromium to render %s (tools/deps.sh installs it)", page);
        return ci && !strcmp(ci, "true") ? 0 : -1;
    }
    if (!which("timeout", timeout)) {
        snprintf(why, len, "no timeout(1) to bound chromium");
        return 0;
    }
    char *html = slurp(page, NULL);
    if (!html) {
        snprintf(why, len, "cannot read %s", page);
        return 0;
    }
    /* The page's own policy, plus the probe's script: everything else it
     * forbids (network, files) stays forbidden while it renders. */
    const char *csp = strstr(html, "default-src 'none';"), *body = strstr(html, "</body>");
    if (!csp || !body) {
        snprintf(why, len, "%s: no Content-Security-Policy or no </body>", page);
        free(html);
        return 0;
    }
    char *dir = tmpdir_make(), probe[PATH_MAX], profile[PATH_MAX], url[PATH_MAX + 8], profile_opt[PATH_MAX + 32];
    int ok = 0;
    if (!dir) {
        snprintf(why, len, "mkdtemp: %s", strerror(errno));
        free(html);
        return 0;
    }
    FILE *f = fopen(path_in(probe, dir, "probe.html"), "w");
    if (f) {
        size_t at = (size_t)(csp - html) + strlen("default-src 'none';");
        fwrite(html, 1, at, f);
        fputs(" script-src 'unsafe-inline';", f);
        fwrite(html + at, 1, (size_t)(body - html) - at, f);
        fputs(probe_js, f);
        fputs(body, f);
        ok = fclose(f) == 0;
    }
    free(html);
    if (!ok) {
        snprintf(why, len, "cannot write the probe page in %s", dir);
        tmpdir_remove(dir);
        return 0;
    }
    /* A profile of its own: never the user's, never another test's. */
    snprintf(profile_opt, sizeof profile_opt, "--user-data-dir=%s", path_in(profile, dir, "profile"));
    snprintf(url, sizeof url, "file://%s", probe);
    char *const argv[] = {timeout, "-k", "5", CHROMIUM_TIMEOUT, chromium, "--headless", "--no-sandbox",
                          "--disable-gpu", "--no-first-run", "--no-default-browser-check", profile_opt,
                          "--window-size=1280,900", "--virtual-time-budget=" CHROMIUM_BUDGET_MS, "--dump-dom", url,
                          NULL};
    struct proc p;
    ok = 0;
    if (proc_run(argv, &p) != 0) {
        snprintf(why, len, "cannot run %s", chromium);
    } else {
        const char *out = strstr(p.out, "<pre id=\"figure-probe\">");
        size_t figs = 0, good = 0;
        long dups = -1;
        char bad[256] = "";
        for (const char *l = out ? strstr(out, "\nfigure ") : NULL; l; l = strstr(l + 1, "\nfigure ")) {
            unsigned i;
            long w, h, drawn, dangling;
            if (sscanf(l, "\nfigure %u %ld %ld %ld %ld", &i, &w, &h, &drawn, &dangling) != 5)
                break;
            figs++;
            if (w > 0 && h > 0 && drawn > 0 && dangling == 0)
                good++;
            else if (!bad[0])
                snprintf(bad, sizeof bad, "figure %u: %ld x %ld px, %ld drawn, %ld references to nothing", i, w, h,
                         drawn, dangling);
        }
        const char *ids = out ? strstr(out, "\nids ") : NULL;
        if (ids)
            dups = strtol(ids + 5, NULL, 10);
        if (!out || !ids)
            snprintf(why, len, "chromium gave no probe output (exit %d): %.300s", p.code, p.err);
        else if (figs != want)
            snprintf(why, len, "%zu figures rendered, want %zu", figs, want);
        else if (good != figs)
            snprintf(why, len, "%s", bad);
        else if (dups != 0)
            snprintf(why, len, "%ld ids used twice in the page", dups);
        else
            ok = 1;
        proc_free(&p);
    }
    tmpdir_remove(dir);
    return ok;
}

int report_html_check(const char *dir, char *why, size_t len)
{
    char path[PATH_MAX];
    char *md = slurp(path_in(path, dir, "report.md"), NULL);
    if (!md) {
        snprintf(why, len, "no report.md in %s", dir);
        return 0;
    }
    /* a figure: a paragraph that is one image, "![...](...)" on its line */
    size_t want = 0;
    for (const char *l = md; l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
        l += strspn(l, " ");
        const char *end = strchr(l, '\n') ? strchr(l, '\n') : l + strlen(l);
        want += !strncmp(l, "![", 2) && end > l && end[-1] == ')';
    }
    free(md);
    if (!want) {
        snprintf(why, len, "report.md in %s has no figure", dir);
        return 0;
    }
    return html_figures_render(path_in(path, dir, "report.html"), want, why, len);
}

/* A page whose figures are known: two SVGs of gnuplot's (its point
 * markers are <use> of ids the two share), a PNG; then one missing (no
 * figure drawn: the check must say so). */
static void t_chromium(void)
{
    char *dir = tmpdir_make(), path[PATH_MAX], why[512] = "";
    REQUIRE(dir, "mkdtemp");
    mkdir(path_in(path, dir, "figures"), 0777);
    char defs[PATH_MAX * 2];
    snprintf(defs, sizeof defs,
             "set terminal svg size 400,300 dynamic; set output '%s/figures/a.svg'; plot x*x with points pt 7; "
             "set terminal pngcairo size 200,100; set output '%s/figures/b.png'; plot x",
             dir, dir);
    char gnuplot[PATH_MAX];
    REQUIRE(which("gnuplot", gnuplot), "no gnuplot (tools/deps.sh installs it)");
    char *const gp[] = {gnuplot, "-e", defs, NULL};
    struct proc p;
    REQUIRE(proc_run(gp, &p) == 0, "cannot run gnuplot");
    bool drawn = p.exited && p.code == 0;
    proc_free(&p);
    REQUIRE(drawn, "gnuplot could not draw the fixture figures");
    write_file(path_in(path, dir, "r.md"),
               "# R\n\n![a](figures/a.svg)\n\n![b](figures/b.png)\n\n![a](figures/a.svg)\n");
    struct err e = {0};
    REQUIRE(html_write_file(dir, "r.md", "r.html", &e) == 0, "html_write_file: %s", e.msg);
    int rc = html_figures_render(path_in(path, dir, "r.html"), 3, why, sizeof why);
    if (rc < 0) {
        printf("\nSKIP: chromium render check: %s\n", why);
        tmpdir_remove(dir);
        return;
    }
    CHECK(rc == 1, "r.html: %s", why);
    /* a figure whose file is missing does not render: the check fails */
    write_file(path_in(path, dir, "r.md"), "# R\n\n![a](figures/a.svg)\n\n![gone](figures/gone.svg)\n");
    REQUIRE(html_write_file(dir, "r.md", "r.html", &e) == 0, "html_write_file: %s", e.msg);
    rc = html_figures_render(path_in(path, dir, "r.html"), 2, why, sizeof why);
    CHECK(rc == 0 && strstr(why, "figure 2: 0 x 0 px"), "a missing figure must fail the check: %d, %s", rc, why);
    /* two figures with the same ids (as without the per-figure prefix) */
    write_file(path_in(path, dir, "r.md"), "# R\n\n![a](figures/a.svg)\n\n![a](figures/a.svg)\n");
    REQUIRE(html_write_file(dir, "r.md", "r.html", &e) == 0, "html_write_file: %s", e.msg);
    char *page = slurp(path_in(path, dir, "r.html"), NULL);
    REQUIRE(page, "no r.html");
    for (char *q = page; (q = strstr(q, "f2-"));)
        q[1] = '1';
    write_file(path, page);
    free(page);
    rc = html_figures_render(path, 2, why, sizeof why);
    CHECK(rc == 0 && strstr(why, "ids used twice"), "clashing ids must fail the check: %d, %s", rc, why);
    tmpdir_remove(dir);
}

static CU_TestInfo html_tests[] = {
    {"markdown blocks and inlines to exact HTML", t_blocks},
    {"images inlined: SVG ids prefixed, PNG as data URI, outside paths refused", t_images},
    {"report.html written whole or not at all", t_write_file},
    {"figures render in headless Chromium with a size, a missing one fails", t_chromium},
    CU_TEST_INFO_NULL,
};

CU_SuiteInfo html_suites[] = {
    {"html report", NULL, NULL, NULL, NULL, html_tests},
    CU_SUITE_INFO_NULL,
};
