/* test_pybuild.c - how each interpreter is taken into the build, from
 * fixtures: the link decision (tools/pylink.sh, from an ldd output and a
 * sysconfig dump), the provenance (tools/pyinfo.py --json: origin, PGO
 * and LTO as sysconfig states them), and the reading of Debian's source
 * index for make pythons SAME_BUILD=1 (tools/debsrc.sh).
 *
 * The fixtures are real outputs of this project's machines (Debian's
 * static /usr/bin/python3.11, pyenv's shared 3.12.1, a free-threaded 3.14t
 * built here) with paths moved into a scratch folder, so that the library
 * a decision depends on exists or not as each case needs.  Each case has a
 * plausible wrong answer next to the right one (the .so in LIBPL beside a
 * missing .a, "--with-lto=no", a PGO_PROF_USE_FLAG that every configure
 * sets), so an inverted or careless rule fails.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tests.h"

#define TOOLS "tools/"

/* ldd of Debian 12's /usr/bin/python3.11: no libpython, it is inside. */
static const char ldd_static[] =
    "\tlinux-vdso.so.1 (0x00007fa2cdff7000)\n"
    "\tlibm.so.6 => /lib/x86_64-linux-gnu/libm.so.6 (0x00007fa2cdf02000)\n"
    "\tlibz.so.1 => /lib/x86_64-linux-gnu/libz.so.1 (0x00007fa2cdee3000)\n"
    "\tlibexpat.so.1 => /lib/x86_64-linux-gnu/libexpat.so.1 (0x00007fa2cdeb8000)\n"
    "\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007fa2cdcd6000)\n"
    "\t/lib64/ld-linux-x86-64.so.2 (0x00007fa2cdff9000)\n";
/* ldd of pyenv's python3.12 (--enable-shared). */
static const char ldd_shared[] =
    "\tlinux-vdso.so.1 (0x00007fd2ce20d000)\n"
    "\tlibpython3.12.so.1.0 => /root/.pyenv/versions/3.12.1/lib/libpython3.12.so.1.0 (0x00007fd2cda00000)\n"
    "\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007fd2cd81e000)\n"
    "\tlibm.so.6 => /lib/x86_64-linux-gnu/libm.so.6 (0x00007fd2ce113000)\n"
    "\t/lib64/ld-linux-x86-64.so.2 (0x00007fd2ce20f000)\n";
/* A free-threaded executable built here, its library not yet found. */
static const char ldd_ft_missing[] =
    "\tlinux-vdso.so.1 (0x00007ffd1c3e5000)\n"
    "\tlibpython3.14t.so.1.0 => not found\n"
    "\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f8e6c41e000)\n";
/* A fully static executable. */
static const char ldd_none[] = "\tnot a dynamic executable\n";

/* A sysconfig dump (pyinfo.py --dump) with LIBPL and LIBDIR under dir. */
static void write_dump(const char *path, const char *dir, const char *version, const char *abiflags,
                       const char *config_args, const char *cflags_nodist, const char *ldflags_nodist)
{
    char text[4096];
    snprintf(text, sizeof text,
             "VERSION=%s\nABIFLAGS=%s\nLIBPL=%s/config\nLIBDIR=%s/lib\nLIBRARY=libpython%s%s.a\n"
             "LDLIBRARY=libpython%s%s.so\nINCLUDEPY=/usr/include/python%s\nLIBS=-ldl\nSYSLIBS=-lm\nMODLIBS=-lz\n"
             "BINDIR=/usr/bin\nCC=x86_64-linux-gnu-gcc\nCONFIG_ARGS=%s\nPY_CFLAGS_NODIST=%s\nCFLAGS_NODIST=\n"
             "CONFIGURE_CFLAGS_NODIST=-std=c11\nLDFLAGS_NODIST=%s\nPY_LDFLAGS_NODIST=\nCONFIGURE_LDFLAGS_NODIST=\n"
             "Py_GIL_DISABLED=%s\nPGO_PROF_USE_FLAG=-fprofile-use -fprofile-correction\n"
             "_version=%s.2%s\n_compiler=GCC 12.2.0\n_free_threaded=%d\n",
             version, abiflags, dir, dir, version, abiflags, version, abiflags, version, config_args, cflags_nodist,
             ldflags_nodist, *abiflags ? "1" : "0", version, abiflags, *abiflags ? 1 : 0);
    write_file(path, text);
}

static void make_dirs(const char *dir)
{
    char p[PATH_MAX];
    mkdir(path_in(p, dir, "config"), 0700);
    mkdir(path_in(p, dir, "lib"), 0700);
}

/* Runs pylink.sh on the two fixture files; its four lines into *out. */
static bool pylink(const char *dir, const char *ldd_text, struct proc *p)
{
    char ldd[PATH_MAX], dump[PATH_MAX];
    write_file(path_in(ldd, dir, "ldd.txt"), ldd_text);
    path_in(dump, dir, "dump.txt");
    char *argv[] = {"/bin/bash", TOOLS "pylink.sh", ldd, dump, NULL};
    return CHECK(proc_run(argv, p) == 0, "cannot run pylink.sh");
}

static bool has_line(const char *text, const char *line)
{
    size_t n = strlen(line);
    for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
        if (!strncmp(l, line, n) && (l[n] == '\n' || !l[n]))
            return true;
    return false;
}

static void t_link_static(void)
{
    char *dir = tmpdir_make(), path[PATH_MAX], want[PATH_MAX + 16];
    REQUIRE(dir, "mkdtemp");
    make_dirs(dir);
    write_dump(path_in(path, dir, "dump.txt"), dir, "3.11", "", "'--enable-shared' '--prefix=/usr'", "", "");
    /* The .a in LIBPL, as Debian installs it; a .so beside it must not
     * change the decision (the executable does not load it). */
    snprintf(path, sizeof path, "%s/config/libpython3.11.a", dir);
    write_file(path, "!<arch>\n");
    snprintf(path, sizeof path, "%s/config/libpython3.11.so", dir);
    write_file(path, "");
    struct proc p;
    if (pylink(dir, ldd_static, &p)) {
        snprintf(want, sizeof want, "library %s/config/libpython3.11.a", dir);
        CHECK(p.exited && p.code == 0 && has_line(p.out, "host static") && has_line(p.out, "exe static") &&
                  has_line(p.out, want),
              "static executable with its .a: want host static and the .a, got exit %d: %s%s", p.code, p.out, p.err);
        proc_free(&p);
    }
    /* "not a dynamic executable": no libpython either. */
    if (pylink(dir, ldd_none, &p)) {
        CHECK(p.exited && p.code == 0 && has_line(p.out, "host static"), "fully static: %s%s", p.out, p.err);
        proc_free(&p);
    }
    /* The .a only in LIBDIR: found there. */
    snprintf(path, sizeof path, "%s/config/libpython3.11.a", dir);
    remove(path);
    snprintf(path, sizeof path, "%s/lib/libpython3.11.a", dir);
    write_file(path, "!<arch>\n");
    if (pylink(dir, ldd_static, &p)) {
        snprintf(want, sizeof want, "library %s/lib/libpython3.11.a", dir);
        CHECK(p.exited && p.code == 0 && has_line(p.out, "host static") && has_line(p.out, want),
              "the .a in LIBDIR: %s%s", p.out, p.err);
        proc_free(&p);
    }
    tmpdir_remove(dir);
}

static void t_link_shared(void)
{
    char *dir = tmpdir_make(), path[PATH_MAX], want[PATH_MAX + 16];
    REQUIRE(dir, "mkdtemp");
    make_dirs(dir);
    write_dump(path_in(path, dir, "dump.txt"), dir, "3.12", "", "'--enable-shared'", "", "");
    /* A shared executable: shared even though the .a is installed (pyenv
     * and `make install` put one in LIBPL). */
    snprintf(path, sizeof path, "%s/config/libpython3.12.a", dir);
    write_file(path, "!<arch>\n");
    struct proc p;
    if (pylink(dir, ldd_shared, &p)) {
        snprintf(want, sizeof want, "library %s/lib/libpython3.12.so", dir);
        CHECK(p.exited && p.code == 0 && has_line(p.out, "host shared") && has_line(p.out, "exe shared") &&
                  has_line(p.out, want) && strstr(p.out, "loads libpython3.12.so.1.0"),
              "shared executable: want host shared naming the library it loads: %s%s", p.out, p.err);
        proc_free(&p);
    }
    /* A library ldd cannot find is still a shared executable. */
    write_dump(path_in(path, dir, "dump.txt"), dir, "3.14", "t", "'--disable-gil'", "", "");
    snprintf(path, sizeof path, "%s/config/libpython3.14t.a", dir);
    write_file(path, "!<arch>\n");
    if (pylink(dir, ldd_ft_missing, &p)) {
        CHECK(p.exited && p.code == 0 && has_line(p.out, "host shared") && has_line(p.out, "exe shared"),
              "libpython3.14t.so not found: still shared: %s%s", p.out, p.err);
        proc_free(&p);
    }
    tmpdir_remove(dir);
}

static void t_link_static_without_a(void)
{
    char *dir = tmpdir_make(), path[PATH_MAX];
    REQUIRE(dir, "mkdtemp");
    make_dirs(dir);
    write_dump(path_in(path, dir, "dump.txt"), dir, "3.11", "", "'--prefix=/usr'", "", "");
    /* Only the -pic variant and the .so: not the library sysconfig names. */
    snprintf(path, sizeof path, "%s/config/libpython3.11-pic.a", dir);
    write_file(path, "!<arch>\n");
    snprintf(path, sizeof path, "%s/lib/libpython3.11.so", dir);
    write_file(path, "");
    struct proc p;
    if (pylink(dir, ldd_static, &p)) {
        CHECK(p.exited && p.code == 0 && has_line(p.out, "host shared") && has_line(p.out, "exe static") &&
                  strstr(p.out, "why the executable is linked statically, but libpython3.11.a is not installed") &&
                  strstr(p.out, "LIBPL=") && strstr(p.out, "LIBDIR="),
              "static executable, no .a: want host shared and why (where it looked): %s%s", p.out, p.err);
        proc_free(&p);
    }
    /* Nothing to decide from: refused, exit 2, one line. */
    if (pylink(dir, "", &p)) {
        CHECK(p.exited && p.code == 2 && p.out_len == 0 && strchr(p.err, '\n') == p.err + p.err_len - 1,
              "empty ldd output: want exit 2 and one line: exit %d, %s", p.code, p.err);
        proc_free(&p);
    }
    tmpdir_remove(dir);
}

/* ---- provenance ---------------------------------------------------------- */

/* pyinfo.py --json on dir's dump and a link file; the JSON in p->out. */
static bool pyinfo(const char *python, const char *dir, const char *exe, struct proc *p)
{
    char dump[PATH_MAX], link[PATH_MAX], cache[PATH_MAX], pyenv[PATH_MAX];
    path_in(dump, dir, "dump.txt");
    write_file(path_in(link, dir, "link.txt"),
               "host shared\nexe shared\nlibrary /x/libpython3.12.so\nwhy the executable loads it\n");
    path_in(cache, dir, "cache");
    path_in(pyenv, dir, "pyenv");
    char *argv[] = {(char *)python, "-I", TOOLS "pyinfo.py", "--json", dump, "--link", link, "--tag", "3.12",
                    "--exe", (char *)exe, "--cache", cache, "--pyenv-root", pyenv, NULL};
    return CHECK(proc_run(argv, p) == 0, "cannot run pyinfo.py") &&
           CHECK(p->exited && p->code == 0, "pyinfo.py: exit %d: %s", p->code, p->err);
}

static void t_flags(void)
{
    char python[PATH_MAX];
    if (!t_python_any("provenance from sysconfig", python))
        return;
    static const struct {
        const char *what, *config_args, *cflags, *ldflags;
        bool pgo, lto;
        const char *evidence; /* one entry the JSON must list, or NULL */
    } cases[] = {
        {"Debian's 3.11 (optimised outside configure: not stated)",
         "'--enable-shared' '--prefix=/usr' '--with-computed-gotos' 'CFLAGS=-g -O2'", "-std=c11", "", false, false,
         NULL},
        {"make pythons PGO=1", "'--prefix=/c' '--enable-shared' '--enable-optimizations' '--with-lto'", "-std=c11",
         "", true, true, "CONFIG_ARGS: --enable-optimizations"},
        {"LTO refused by name", "'--with-lto=no' '--enable-optimizations'", "", "", true, false, NULL},
        {"LTO given a mode", "'--with-lto=thin'", "", "", false, true, "CONFIG_ARGS: --with-lto=thin"},
        {"the flags alone", "'--prefix=/c'", "-std=c11 -fprofile-use -fprofile-correction", "-flto=auto", true, true,
         "LDFLAGS_NODIST: -flto=auto"},
        {"an optimisation flag that is neither", "'--enable-shared' 'CFLAGS=-O3 -fprofile-arcs'", "-O3 -flto-partition=one",
         "", false, false, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *dir = tmpdir_make(), path[PATH_MAX], want[256];
        REQUIRE(dir, "mkdtemp");
        write_dump(path_in(path, dir, "dump.txt"), dir, "3.12", "", cases[i].config_args, cases[i].cflags,
                   cases[i].ldflags);
        struct proc p;
        if (pyinfo(python, dir, "/usr/bin/python3.12", &p)) {
            snprintf(want, sizeof want, "\"pgo\": %s", cases[i].pgo ? "true" : "false");
            CHECK(strstr(p.out, want), "%s: want %s in %s", cases[i].what, want, p.out);
            snprintf(want, sizeof want, "\"lto\": %s", cases[i].lto ? "true" : "false");
            CHECK(strstr(p.out, want), "%s: want %s in %s", cases[i].what, want, p.out);
            if (cases[i].evidence) {
                snprintf(want, sizeof want, "\"%s\"", cases[i].evidence);
                CHECK(strstr(p.out, want), "%s: want the evidence %s in %s", cases[i].what, want, p.out);
            }
            CHECK(strstr(p.out, "\"compiler\": \"GCC 12.2.0\"") && strstr(p.out, "\"cc\": \"x86_64-linux-gnu-gcc\""),
                  "%s: the compiler: %s", cases[i].what, p.out);
            proc_free(&p);
        }
        tmpdir_remove(dir);
    }
}

static void t_origin(void)
{
    char python[PATH_MAX];
    if (!t_python_any("provenance from the executable's path", python))
        return;
    char *dir = tmpdir_make(), path[PATH_MAX], exe[PATH_MAX], want[PATH_MAX + 64];
    REQUIRE(dir, "mkdtemp");
    write_dump(path_in(path, dir, "dump.txt"), dir, "3.14", "t", "'--disable-gil' '--enable-optimizations'", "", "");
    /* Built here: the cache's prefix, its flags and what it cost. */
    static const char *const made[] = {"cache", "cache/cpython-3.14.4-abc", "cache/cpython-3.14.4-abc/bin",
                                       "pyenv", "pyenv/versions", "pyenv/versions/3.12.1",
                                       "pyenv/versions/3.12.1/bin", "usr"};
    for (size_t i = 0; i < sizeof made / sizeof made[0]; i++)
        mkdir(path_in(path, dir, made[i]), 0700);
    write_file(path_in(path, dir, "cache/cpython-3.14.4-abc/.configure-flags"),
               "--enable-shared --without-ensurepip --disable-gil\n");
    write_file(path_in(path, dir, "cache/cpython-3.14.4-abc/.build-cost"), "wall_s 1234\ncpu_s 2345.6\njobs 2\n");
    path_in(exe, dir, "cache/cpython-3.14.4-abc/bin/python3.14t");
    struct proc p;
    if (pyinfo(python, dir, exe, &p)) {
        snprintf(want, sizeof want, "\"origin_detail\": \"%s/cache/cpython-3.14.4-abc\"", dir);
        CHECK(strstr(p.out, "\"origin\": \"built here\"") && strstr(p.out, want) &&
                  strstr(p.out, "\"configure_flags\": \"--enable-shared --without-ensurepip --disable-gil\"") &&
                  strstr(p.out, "\"wall_s\": 1234.0") && strstr(p.out, "\"cpu_s\": 2345.6") &&
                  strstr(p.out, "\"free_threaded\": true") && strstr(p.out, "\"version\": \"3.14.2t\""),
              "built here: %s", p.out);
        proc_free(&p);
    }
    /* pyenv: its version folder. */
    path_in(exe, dir, "pyenv/versions/3.12.1/bin/python3.12");
    if (pyinfo(python, dir, exe, &p)) {
        CHECK(strstr(p.out, "\"origin\": \"pyenv\"") && strstr(p.out, "\"origin_detail\": \"3.12.1\"") &&
                  strstr(p.out, "\"configure_flags\": null") && strstr(p.out, "\"build_cost\": null"),
              "pyenv: %s", p.out);
        proc_free(&p);
    }
    /* Anything else: the system's, by its path; a folder beside the cache
     * whose name only starts like it is not the cache. */
    mkdir(path_in(path, dir, "cache-old"), 0700);
    path_in(exe, dir, "cache-old/python3.14t");
    if (pyinfo(python, dir, exe, &p)) {
        snprintf(want, sizeof want, "\"origin_detail\": \"%s/cache-old/python3.14t\"", dir);
        CHECK(strstr(p.out, "\"origin\": \"system\"") && strstr(p.out, want), "system: %s", p.out);
        proc_free(&p);
    }
    tmpdir_remove(dir);
}


/* ---- Debian's source index (tools/debsrc.sh, make pythons SAME_BUILD=1) ---- */

/* A Release whose MD5Sum section comes first and lists the same path: an
 * index read from the wrong section, or by the first match, gives the md5. */
static const char release_fixture[] =
    "Origin: Debian\nSuite: unstable\nCodename: sid\n"
    "MD5Sum:\n"
    " c4bb5f45d93e05a810ad8b0bcef5fcb1 12103252 main/source/Sources.xz\n"
    " 0123456789abcdef0123456789abcdef     1234 main/only-md5\n"
    "SHA256:\n"
    " 1111111111111111111111111111111111111111111111111111111111111111 99 main/source/Sources\n"
    " 4f6b97c1b0cb0b078f424478d4e75fbebf639c79604e899f656e528692b6cf4c 12103252 main/source/Sources.xz\n"
    "Acquire-By-Hash: yes\n";

/* Sources stanzas modelled on sid's: python3.12 twice (3.12.7 and 3.12.10,
 * which a plain string sort orders the wrong way), its md5 Files list
 * before Checksums-Sha256, a .asc beside the tarball, and two packages
 * that mention python3.12 without being it. */
static const char sources_fixture[] =
    "Package: python3-defaults\nBinary: python3, python3.12-venv\nVersion: 3.12.7-2\n"
    "Checksums-Sha256:\n"
    " aaaa000000000000000000000000000000000000000000000000000000000000 100 python3.12_3.12.99.orig.tar.xz\n"
    "Directory: pool/main/p/python3-defaults\n\n"
    "Package: python3.12\nBinary: python3.12, libpython3.12\nVersion: 3.12.7-1\n"
    "Files:\n"
    " 213ef0026b5363353594e0cfa78174ab 23160540 python3.12_3.12.7.orig.tar.xz\n"
    "Checksums-Sha256:\n"
    " 4078ff651ea7096e6933f794b854054cda195d600e02ac83306cee524da31b87 4040 python3.12_3.12.7-1.dsc\n"
    " 1e66a7945a48390ee4c2a4268a0e4185884059a13c4aab6d148aa208deea4a76 23160540 python3.12_3.12.7.orig.tar.xz\n"
    " 1cf592dd51de735ff73644743e8959fb16bd50714168855509b709fdeede8342 261776 python3.12_3.12.7-1.debian.tar.xz\n"
    "Package-List: \n python3.12 deb python optional arch=any\n"
    "Directory: pool/main/p/python3.12\n\n"
    "Package: python3.12\nVersion: 3.12.10-2\n"
    "Files:\n"
    " 9016607a3bf13104f3777aafc1215d41 24240392 python3.12_3.12.10.orig.tar.xz\n"
    "Checksums-Sha256:\n"
    " 829de6c60c2d619efa4fc48505c0cfd241e00de3d7799aa77aa707fec2158e46 833 python3.12_3.12.10.orig.tar.xz.asc\n"
    " de414a57119abef52784d8993e341d53aed635fc2b05c2607d9f98a2c5b72032 24240392 python3.12_3.12.10.orig.tar.xz\n"
    "Directory: pool/main/p/python3.12\n\n"
    "Package: python3.12-doc-extra\nVersion: 9.9-1\n"
    "Checksums-Sha256:\n"
    " bbbb000000000000000000000000000000000000000000000000000000000000 1 python3.12-doc-extra_9.9.orig.tar.xz\n"
    "Directory: pool/main/p/python3.12-doc-extra\n";

static bool debsrc(const char *cmd, const char *file, const char *arg, struct proc *p)
{
    char *argv[] = {"/bin/bash", TOOLS "debsrc.sh", (char *)cmd, (char *)file, (char *)arg, NULL};
    return CHECK(proc_run(argv, p) == 0, "cannot run debsrc.sh");
}

static void t_release_hash(void)
{
    char *dir = tmpdir_make(), path[PATH_MAX];
    REQUIRE(dir, "mkdtemp");
    write_file(path_in(path, dir, "Release"), release_fixture);
    struct proc p;
    if (debsrc("release-hash", path, "main/source/Sources.xz", &p)) {
        CHECK(p.exited && p.code == 0 &&
                  !strcmp(p.out, "4f6b97c1b0cb0b078f424478d4e75fbebf639c79604e899f656e528692b6cf4c 12103252\n"),
              "Sources.xz: want its SHA256 line, got exit %d '%s'", p.code, p.out);
        proc_free(&p);
    }
    if (debsrc("release-hash", path, "main/only-md5", &p)) {
        CHECK(p.exited && p.code == 1 && p.out_len == 0, "a path with an md5 alone: want exit 1, got %d '%s'",
              p.code, p.out);
        proc_free(&p);
    }
    tmpdir_remove(dir);
}

static void t_sources_orig(void)
{
    char *dir = tmpdir_make(), path[PATH_MAX];
    REQUIRE(dir, "mkdtemp");
    write_file(path_in(path, dir, "Sources"), sources_fixture);
    struct proc p;
    if (debsrc("orig", path, "python3.12", &p)) {
        CHECK(p.exited && p.code == 0 &&
                  !strcmp(p.out, "3.12.10-2 pool/main/p/python3.12 python3.12_3.12.10.orig.tar.xz "
                                 "de414a57119abef52784d8993e341d53aed635fc2b05c2607d9f98a2c5b72032 24240392\n"
                                 "3.12.7-1 pool/main/p/python3.12 python3.12_3.12.7.orig.tar.xz "
                                 "1e66a7945a48390ee4c2a4268a0e4185884059a13c4aab6d148aa208deea4a76 23160540\n"),
              "python3.12: want its two tarballs by SHA256, 3.12.10 first, got exit %d:\n%s", p.code, p.out);
        proc_free(&p);
    }
    if (debsrc("orig", path, "python3.11", &p)) {
        CHECK(p.exited && p.code == 1 && p.out_len == 0, "a package not listed: want exit 1, got %d '%s'", p.code,
              p.out);
        proc_free(&p);
    }
    tmpdir_remove(dir);
}

static CU_TestInfo link_tests[] = {
    {"a static executable with its .a: host static", t_link_static},
    {"a shared executable: host shared", t_link_shared},
    {"a static executable without its .a: shared, and why", t_link_static_without_a},
    {"PGO and LTO as sysconfig states them", t_flags},
    {"origin: built here, pyenv, system", t_origin},
    {"Debian's Release: a file's SHA256", t_release_hash},
    {"Debian's Sources: a package's upstream tarball", t_sources_orig},
    CU_TEST_INFO_NULL,
};

CU_SuiteInfo pybuild_suites[] = {
    {"python build: link and provenance", NULL, NULL, NULL, NULL, link_tests},
    CU_SUITE_INFO_NULL,
};
