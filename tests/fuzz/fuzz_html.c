/* fuzz_html.c - libFuzzer target for the markdown-to-HTML converter and
 * its SVG inliner: the input up to its first NUL is markdown, the rest an
 * SVG file the markdown's first image inlines.  Any bytes give a whole
 * page (ending in "</html>\n"); never a crash, an out-of-bounds read, a
 * leak or an endless loop.  Built and run by `make fuzz`. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../analysis/html.h"

static char dir[] = "/tmp/fuzz-html-XXXXXX";

/* The SVG file and its folder go when the fuzzer exits. */
static void cleanup(void)
{
    char svg[sizeof dir + 8];
    snprintf(svg, sizeof svg, "%s/f.svg", dir);
    unlink(svg);
    rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    if (!ready) {
        if (!mkdtemp(dir))
            abort();
        atexit(cleanup);
        ready = 1;
    }
    const uint8_t *nul = memchr(data, 0, size);
    size_t md_len = nul ? (size_t)(nul - data) : size;
    char svg[sizeof dir + 8];
    snprintf(svg, sizeof svg, "%s/f.svg", dir);
    FILE *f = fopen(svg, "w");
    if (!f)
        abort();
    if (nul)
        fwrite(nul + 1, 1, size - md_len - 1, f);
    fclose(f);
    static const char pre[] = "![f](f.png)\n\n";
    /* One byte after the markdown, outside the length given: a ')', which
     * md4c 0.4.8 read and took as a link's end (then a text past the
     * buffer); html_render must parse a copy that ends in a NUL. */
    char *md = malloc(sizeof pre + md_len);
    memcpy(md, pre, sizeof pre - 1);
    memcpy(md + sizeof pre - 1, data, md_len);
    md[sizeof pre - 1 + md_len] = ')';
    char *out = NULL;
    size_t len = 0;
    FILE *o = open_memstream(&out, &len);
    struct err e;
    if (!o || html_render(o, md, sizeof pre - 1 + md_len, dir, &e) != 0)
        abort();
    fclose(o);
    if (len < 8 || strcmp(out + len - 8, "</html>\n"))
        abort(); /* a page cut short */
    free(out);
    free(md);
    return 0;
}
