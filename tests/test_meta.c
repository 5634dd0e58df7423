/* test_meta.c - meta.json as the analysis reads it (analysis/meta.c, on
 * jansson): an object's own keys, decoded strings, numbers as JSON writes
 * them, absence everywhere, a file cut short read as none; and a value
 * holding a newline, a double quote, a non-ASCII letter and Markdown's own
 * characters, which must reach report.md escaped as Markdown needs and
 * report.html as it was written. */
#define _GNU_SOURCE
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../analysis/meta.h"
#include "tests.h"

/* ---- the reader --------------------------------------------------------------- */

/* Keys are an object's own (never a nested object's), strings are decoded
 * (an escaped quote, braces, \n, \u00e9), arrays iterate, absent keys leave
 * defaults, and no prefix of a valid file is read at all (a cut value
 * could look whole: "0.2" of "0.25"). */
static void t_meta_reader(void)
{
    static const char text[] =
        "{\n  \"inner\": {\"cpus\": 9, \"list\": [1, 2]},\n  \"s\": \"x\\\"}{,\",\n  \"cpus\": 2,\n"
        "  \"busy\": true,\n  \"cal\": [{\"size\": 100, \"how\": \"calibrated\"}, {\"size\": 7}],\n"
        "  \"esc\": \"a\\nb \\u00e9 \\\\ \\/\",\n  \"none\": null,\n  \"last\": 0.25\n}\n";
    json_t *doc = meta_parse(text);
    REQUIRE(doc, "the fixture must parse");
    double d = -1;
    char buf[64];
    CHECK(meta_number(doc, "cpus", &d) == 0 && d == 2, "top-level cpus: %g, want 2 (not the nested 9)", d);
    meta_get(doc, "s", buf, sizeof buf);
    CHECK(!strcmp(buf, "x\"}{,"), "string with an escaped quote and braces: '%s'", buf);
    meta_get(doc, "esc", buf, sizeof buf);
    CHECK(!strcmp(buf, "a\nb \xc3\xa9 \\ /"), "escapes decoded (newline, e acute, backslash, slash): '%s'", buf);
    CHECK(meta_bool(doc, "busy") == 1 && meta_bool(doc, "cpus") == -1 && meta_bool(doc, "nope") == -1, "booleans");
    meta_get(doc, "cpus", buf, sizeof buf);
    CHECK(!strcmp(buf, "2"), "an integer as JSON writes it: '%s'", buf);
    meta_get(doc, "last", buf, sizeof buf);
    CHECK(!strcmp(buf, "0.25"), "a real as JSON writes it: '%s'", buf);
    meta_get(doc, "busy", buf, sizeof buf);
    CHECK(!strcmp(buf, "true"), "a literal: '%s'", buf);
    meta_get(doc, "none", buf, sizeof buf);
    d = 42;
    CHECK(!strcmp(buf, "null") && meta_number(doc, "none", &d) == -1 && d == 42, "null: '%s', no number", buf);
    const json_t *cal = meta_find(doc, "cal"), *el;
    REQUIRE(cal, "the array");
    int n = 0;
    double sizes = 0;
    for (size_t i = 0; (el = json_array_get(cal, i)); i++) {
        n++;
        double s = 0;
        meta_number(el, "size", &s);
        sizes += s;
    }
    CHECK(n == 2 && sizes == 107, "array: %d elements, sizes summing to %g", n, sizes);
    CHECK(!meta_find(meta_find(doc, "cpus"), "x") && !json_array_get(meta_find(doc, "s"), 0),
          "a key of a number, an element of a string: absent");
    d = 42;
    CHECK(meta_number(doc, "absent", &d) == -1 && d == 42, "an absent key leaves the default");
    meta_get(doc, "absent", buf, sizeof buf);
    CHECK(!strcmp(buf, "unknown"), "an absent key reads 'unknown'");
    meta_get(NULL, "cpus", buf, sizeof buf);
    CHECK(!strcmp(buf, "unknown") && meta_number(NULL, "cpus", &d) == -1 && meta_bool(NULL, "busy") == -1,
          "no document: every key absent");
    /* cut to fit, never inside a character: "a\nb \xc3\xa9" cut at 6 bytes
     * keeps "a\nb " (the e acute would need 2 more) */
    meta_get(doc, "esc", buf, 6);
    CHECK(!strcmp(buf, "a\nb "), "cut at a character boundary: '%s'", buf);
    json_decref(doc);
    CHECK(!meta_parse("[1, 2]") && !meta_parse(NULL) && !meta_parse("{\"a\": 1,}"),
          "not an object, no text, not JSON: no document");
    size_t len = strlen(text);
    for (size_t cut = 0; cut < len; cut++) {
        char *part = strndup(text, cut);
        REQUIRE(part, "strndup");
        json_t *pd = meta_parse(part);
        double last = -1;
        int got = meta_number(pd, "last", &last);
        if (cut < len - 1)
            CHECK(!pd && got == -1, "prefix of %zu bytes: read (last = %g)", cut, last);
        else
            CHECK(got == 0 && last == 0.25, "the whole object: last = %g", last);
        json_decref(pd);
        free(part);
    }
    /* An integer beyond 64 bits (a seed near 2^64) costs the rest nothing. */
    doc = meta_parse("{\"seed\": 18446744073709551615, \"cpus\": 2}");
    CHECK(doc && meta_number(doc, "cpus", &d) == 0 && d == 2, "a 2^64 - 1 seed lost the document");
    json_decref(doc);
}

/* ---- into the report ------------------------------------------------------------- */

/* The CPU model as a value of meta.json (JSON escapes) and as it really
 * is: a quote, a line break, an e acute, and characters Markdown reads
 * as markup (a cell's pipe, emphasis, a tag, an entity). */
#define CPU_JSON "Xeon \\\"Gold\\\"\\nCPU \\u00e9 | x86_64 *fast* <b> &amp;"
/* ... in report.md: one line, escaped, the underscore inside a word left
 * as it is (it starts nothing there) */
#define CPU_MD "Xeon \"Gold\" CPU \xc3\xa9 \\| x86_64 \\*fast\\* \\<b> \\&amp;"
/* ... and on the page: the text as written, the line break a space (as
 * HTML shows one), escaped as HTML needs */
#define CPU_HTML "Xeon &quot;Gold&quot; CPU \xc3\xa9 | x86_64 *fast* &lt;b&gt; &amp;amp;"

static void t_into_report(void)
{
    char *dir = tmpdir_make(), path[PATH_MAX], bin[PATH_MAX], *md = NULL, *html = NULL;
    REQUIRE(dir && study_bin(bin, "analyze"), "setup");
    write_file(path_in(path, dir, "raw.csv"),
               "impl,round,status,workload,split,size,threads,wall_s,verified\n"
               "pthreads,1,ok,sumsq,weak,1000000,1,0.5,1\npthreads,2,ok,sumsq,weak,1000000,1,0.51,1\n");
    write_file(path_in(path, dir, "meta.json"),
               "{\"cpu_model\": \"" CPU_JSON "\", \"cpus_online\": 2, \"cflags\": \"-O2 `x|y`\",\n"
               " \"interpreters\": {\"3.12\": {\"version\": \"3.12.1\", \"configure_flags\": \"'--with-x' `b`\"},\n"
               "  \"3.14\": {\"version\": \"3.14.4\", \"configure_flags\": \"'--prefix=/opt/p|q'\"}}}\n");
    char *argv[] = {bin, "--no-figures", dir, NULL};
    struct proc p;
    REQUIRE_OR(done, proc_run(argv, &p) == 0, "cannot run analyze");
    CHECK(p.exited && p.code == 0, "analyze exit %d: %s", p.code, p.err);
    proc_free(&p);
    md = slurp(path_in(path, dir, "report.md"), NULL);
    html = slurp(path_in(path, dir, "report.html"), NULL);
    REQUIRE_OR(done, md && html, "report.md or report.html missing");
    CHECK(strstr(md, "| cpu_model | " CPU_MD " |\n"), "report.md's environment row:\n%s", strstr(md, "| cpu_model"));
    CHECK(strstr(md, "(CPU: " CPU_MD ";"), "report.md's methods paragraph:\n%s", strstr(md, "> We ran"));
    /* code spans: fenced past the backticks inside; in a table, a value
     * with a pipe is escaped text instead */
    CHECK(strstr(md, "configure: `` '--with-x' `b` `` |"), "configure flags in report.md:\n%s",
          strstr(md, "| Python 3.12"));
    CHECK(strstr(md, "configure: '--prefix=/opt/p\\|q' |"), "configure flags with a pipe in report.md:\n%s",
          strstr(md, "| Python 3.14"));
    CHECK(strstr(md, "compiled by unknown with `` -O2 `x|y` ``."), "cflags in the methods paragraph:\n%s",
          strstr(md, "> We ran"));
    CHECK(strstr(html, "<tr><td>cpu_model</td><td>" CPU_HTML "</td></tr>"), "report.html's environment row:\n%s",
          strstr(html, "<tr><td>cpu_model"));
    CHECK(strstr(html, "(CPU: " CPU_HTML ";"), "report.html's methods paragraph");
    CHECK(strstr(html, "configure: <code>&#39;--with-x&#39; `b`</code></td>"), "configure flags in report.html:\n%s",
          strstr(html, "<td>Python 3.12"));
    CHECK(strstr(html, "configure: &#39;--prefix=/opt/p|q&#39;</td>"), "configure flags with a pipe in report.html:\n%s",
          strstr(html, "<td>Python 3.14"));
    CHECK(strstr(html, "compiled by unknown with <code>-O2 `x|y`</code>."), "cflags in report.html");
done:
    free(md);
    free(html);
    tmpdir_remove(dir);
}

static CU_TestInfo meta_tests[] = {
    {"meta.json reader: own keys, strings, arrays, absence, prefixes", t_meta_reader},
    {"a value with a newline, a quote and a non-ASCII letter reaches report.md and report.html", t_into_report},
    CU_TEST_INFO_NULL,
};

CU_SuiteInfo meta_suites[] = {
    {"meta.json", NULL, NULL, NULL, NULL, meta_tests},
    CU_SUITE_INFO_NULL,
};
