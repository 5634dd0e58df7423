/* fold_check.c - proves from the generated code, not from a clock, that a
 * compiler kept kernel_sumsq's loop: one multiply per i, never the closed
 * form (clang turns the plain loop into a polynomial; see workload.c).
 *
 *   fold-check FILE.s FUNCTION [LABEL]
 *
 * reads the assembly a compiler wrote for common/workload.c (`make
 * fold-check` makes it with gcc and clang, at the build's CFLAGS and at
 * -O3) and passes when FUNCTION holds a loop: a branch back to a label
 * earlier in the function with a multiply between that label and the
 * branch.  A folded sum has multiplies but no backward branch; a loop
 * without a multiply would not compute squares.  Timing played no part, so
 * a busy machine cannot fail it, nor a fast one pass it.
 *
 * x86-64 (j* to a label; mul, imul, mulx, pmuludq...) and AArch64 (b, b.cond,
 * cbz, cbnz, tbz, tbnz; mul, madd, umulh...) are understood.
 *
 *   fold-check --self-test
 *
 * checks the reader itself on a kept loop and a folded sum of each kind. */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE_MAX_CHARS 1024
#define LABELS_MAX 512

struct scan {
    bool in_func, found;
    size_t n;                  /* instructions seen in the function */
    size_t nlabels;
    char label[LABELS_MAX][64];
    size_t label_at[LABELS_MAX]; /* instruction index where each label stands */
    size_t mul_at[LABELS_MAX * 4];
    size_t nmul;
    char evidence[256];
};

/* The label a branch goes to: its last operand, when it names a label. */
static const char *branch_target(const char *mnemonic, char *operands)
{
    bool x86 = mnemonic[0] == 'j';
    bool a64 = !strcmp(mnemonic, "b") || !strncmp(mnemonic, "b.", 2) || !strcmp(mnemonic, "cbz") ||
               !strcmp(mnemonic, "cbnz") || !strcmp(mnemonic, "tbz") || !strcmp(mnemonic, "tbnz");
    if (!x86 && !a64)
        return NULL;
    char *last = strrchr(operands, ',');
    last = last ? last + 1 : operands;
    while (isspace((unsigned char)*last))
        last++;
    last[strcspn(last, " \t")] = '\0';
    return *last ? last : NULL;
}

/* Feeds one line of assembly for function fn. */
static void scan_line(struct scan *s, const char *fn, const char *raw)
{
    char line[LINE_MAX_CHARS];
    snprintf(line, sizeof line, "%s", raw);
    line[strcspn(line, "\n")] = '\0';
    size_t fl = strlen(fn);
    if (!s->in_func) {
        s->in_func = !strncmp(line, fn, fl) && line[fl] == ':';
        return;
    }
    /* The function ends at its .size directive (or the next .cfi_endproc). */
    char *p = line;
    while (isspace((unsigned char)*p))
        p++;
    if ((!strncmp(p, ".size", 5) && strstr(p, fn)) || !strncmp(p, ".cfi_endproc", 12)) {
        s->in_func = false;
        return;
    }
    p[strcspn(p, "#")] = '\0'; /* x86 comments */
    char *slashes = strstr(p, "//"); /* AArch64 comments */
    if (slashes)
        *slashes = '\0';
    size_t len = strlen(p);
    while (len && isspace((unsigned char)p[len - 1]))
        p[--len] = '\0';
    if (!len)
        return;
    if (p[len - 1] == ':' && !strpbrk(p, " \t")) { /* a label */
        p[len - 1] = '\0';
        if (s->nlabels < LABELS_MAX) {
            snprintf(s->label[s->nlabels], sizeof s->label[0], "%s", p);
            s->label_at[s->nlabels++] = s->n;
        }
        return;
    }
    if (*p == '.')
        return; /* a directive */
    char mnemonic[32];
    size_t ml = strcspn(p, " \t");
    snprintf(mnemonic, sizeof mnemonic, "%.*s", (int)ml, p);
    char *operands = p + ml;
    size_t here = s->n++;
    if (strstr(mnemonic, "mul") || !strcmp(mnemonic, "madd") || !strcmp(mnemonic, "msub")) {
        if (s->nmul < sizeof s->mul_at / sizeof s->mul_at[0])
            s->mul_at[s->nmul++] = here;
        return;
    }
    const char *target = branch_target(mnemonic, operands);
    for (size_t l = 0; target && l < s->nlabels && !s->found; l++) {
        if (strcmp(s->label[l], target))
            continue;
        for (size_t m = 0; m < s->nmul; m++)
            if (s->mul_at[m] >= s->label_at[l] && s->mul_at[m] < here) {
                s->found = true;
                snprintf(s->evidence, sizeof s->evidence, "`%s %s` branches back over %zu instructions, a multiply among them",
                         mnemonic, target, here - s->label_at[l]);
                break;
            }
    }
}

static bool has_loop(FILE *f, const char *fn, char *evidence, size_t len)
{
    struct scan *s = calloc(1, sizeof *s);
    char line[LINE_MAX_CHARS];
    if (!s)
        return false;
    while (fgets(line, sizeof line, f))
        scan_line(s, fn, line);
    bool found = s->found;
    snprintf(evidence, len, "%s", found ? s->evidence : s->nmul ? "multiplies, but no branch back" : "no multiply");
    free(s);
    return found;
}

/* The reader on the two outcomes it must tell apart, in both syntaxes
 * (trimmed from gcc 12 and clang 14 -O2 output, and their AArch64 forms). */
static int self_test(void)
{
    static const struct {
        const char *name, *text;
        bool loop;
    } cases[] = {
        {"x86-64 loop (gcc)",
         "kernel_sumsq:\n\txorl %r8d, %r8d\n\tcmpq %rsi, %rdi\n\tjnb .L25\n.L27:\n\tmovq %rdi, %rax\n\tmulq %rax\n"
         "\taddq %rax, %r8\n\tadcq %rdx, %r9\n\taddq $1, %rdi\n\tcmpq %rdi, %rsi\n\tjne .L27\n.L25:\n\tret\n"
         "\t.size kernel_sumsq, .-kernel_sumsq\n",
         true},
        {"x86-64 closed form (clang, no barrier)",
         "kernel_sumsq:                  # @kernel_sumsq\n\tcmpq %rsi, %rdi\n\tjae .LBB2_1\n\timulq %rdi, %r13\n"
         "\tmulq %rdx\n\timulq %rcx, %r13\n.LBB2_1:\n\tretq\n\t.size kernel_sumsq, .Lfunc_end2-kernel_sumsq\n",
         false},
        {"AArch64 loop",
         "kernel_sumsq:\n\tcmp x0, x1\n\tb.hs .L5\n.L4:\n\tmul x3, x0, x0\n\tumulh x4, x0, x0\n\tadds x2, x2, x3\n"
         "\tadc x5, x5, x4\n\tadd x0, x0, 1\n\tcmp x1, x0\n\tb.ne .L4 // loop\n.L5:\n\tret\n"
         "\t.size kernel_sumsq, .-kernel_sumsq\n",
         true},
        {"AArch64 loop without a multiply",
         "kernel_sumsq:\n.L4:\n\tadd x2, x2, x0\n\tadd x0, x0, 1\n\tcmp x1, x0\n\tb.ne .L4\n\tret\n"
         "\t.size kernel_sumsq, .-kernel_sumsq\n",
         false},
        {"a loop in another function only",
         "other:\n.L1:\n\tmulq %rax\n\tjne .L1\n\t.size other, .-other\nkernel_sumsq:\n\timulq %rdi, %rdi\n\tret\n"
         "\t.size kernel_sumsq, .-kernel_sumsq\n",
         false},
    };
    int failed = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char ev[256];
        FILE *f = fmemopen((void *)cases[i].text, strlen(cases[i].text), "r");
        bool got = f && has_loop(f, "kernel_sumsq", ev, sizeof ev);
        if (f)
            fclose(f);
        if (got != cases[i].loop) {
            printf("fold-check self-test: %s: read as %s (%s)\n", cases[i].name, got ? "a loop" : "no loop", ev);
            failed++;
        }
    }
    printf("fold-check self-test: %zu cases, %d wrong\n", sizeof cases / sizeof cases[0], failed);
    return failed ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc == 2 && !strcmp(argv[1], "--self-test"))
        return self_test();
    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: fold-check FILE.s FUNCTION [LABEL] | --self-test\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "r");
    if (!f) {
        fprintf(stderr, "fold-check: cannot read '%s'\n", argv[1]);
        return 2;
    }
    char ev[256];
    bool loop = has_loop(f, argv[2], ev, sizeof ev);
    fclose(f);
    printf("fold-check [%s]: %s %s: %s\n", argc == 4 ? argv[3] : argv[1], argv[2],
           loop ? "keeps its loop" : "HAS NO LOOP: the compiler folded the sum", ev);
    return loop ? 0 : 1;
}
