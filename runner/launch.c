/* launch.c - how bin/study starts a model binary (as it is, or through
 * mpirun), the hostfile and the probe of its hosts, and what meta.json
 * records of the MPI side (launch.h). */
#define _GNU_SOURCE
#include "launch.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "jsonout.h"
#include "text.h"

extern char **environ;

/* What the probe's shell prints first on its line, so nothing else that
 * mpirun or a login script prints can be taken for a host. */
#define PROBE_TAG "@study-host|"

#define HOST_SLOTS_MAX 1048576U
#define REASON_LINES 2 /* of mpirun's stderr, when the probe fails */

/* The first executable `name` in PATH, or "". */
static void find_in_path(const char *name, char *out, size_t len)
{
    out[0] = '\0';
    const char *path = getenv("PATH");
    for (const char *p = path ? path : "/usr/bin:/bin"; *p;) {
        const char *colon = strchr(p, ':');
        size_t n = colon ? (size_t)(colon - p) : strlen(p);
        char cand[PATH_MAX];
        text_clip(cand, sizeof cand, "%.*s/%s", (int)n, n ? p : ".", name);
        if (access(cand, X_OK) == 0) {
            snprintf(out, len, "%s", cand);
            return;
        }
        p += n + (colon != NULL);
    }
}

/* A hostfile as Open MPI reads it: "name [slots=N] [max_slots=N]", '#'
 * starts a comment.  Only what the study needs is checked: a host name of
 * the characters a host or address can hold, and numeric counts. */
static int read_hostfile(struct launch *l, const char *path, struct err *e)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return err_set(e, EXIT_USAGE, "cannot read --hosts '%s': %s", path, strerror(errno));
    char line[1024];
    unsigned long no = 0;
    int rc = 0;
    while (rc == 0 && fgets(line, sizeof line, f)) {
        no++;
        line[strcspn(line, "#\r\n")] = '\0';
        char *rest = line, *word;
        bool first = true;
        while (rc == 0 && (word = strsep(&rest, " \t")) != NULL) {
            if (!*word)
                continue;
            if (first) {
                first = false;
                if (strlen(word) >= LAUNCH_FIELD_MAX || strspn(word, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                                      "0123456789.-_:[]") != strlen(word))
                    rc = err_set(e, EXIT_USAGE, "--hosts %s:%lu: '%.40s' is not a host name or address", path, no,
                                 word);
                else if (l->nhosts >= LAUNCH_HOSTS_MAX)
                    rc = err_set(e, EXIT_USAGE, "--hosts %s: more than %d hosts", path, LAUNCH_HOSTS_MAX);
                else
                    snprintf(l->hosts[l->nhosts++].name, LAUNCH_FIELD_MAX, "%s", word);
                continue;
            }
            char *eq = strchr(word, '=');
            uint64_t v;
            bool slots = !strncmp(word, "slots=", 6);
            if (!eq || (!slots && strncmp(word, "max_slots=", 10) && strncmp(word, "max-slots=", 10)))
                rc = err_set(e, EXIT_USAGE, "--hosts %s:%lu: unknown setting '%.40s' (want slots=N or max_slots=N)",
                             path, no, word);
            else if (cli_parse_u64(eq + 1, 1, HOST_SLOTS_MAX, &v))
                rc = err_set(e, EXIT_USAGE, "--hosts %s:%lu: '%.40s' is not %.*s=N, N in 1..%u", path, no, word,
                             (int)(eq - word), word, HOST_SLOTS_MAX);
            else if (slots)
                l->hosts[l->nhosts - 1].slots = (unsigned)v;
        }
    }
    if (rc == 0 && ferror(f))
        rc = err_set(e, EXIT_USAGE, "cannot read --hosts '%s': %s", path, strerror(errno));
    fclose(f);
    if (rc == 0 && l->nhosts == 0)
        rc = err_set(e, EXIT_USAGE, "--hosts %s names no host", path);
    return rc;
}

int launch_init(struct launch *l, const char *hostfile, struct err *e)
{
    memset(l, 0, sizeof *l);
    l->as_root = geteuid() == 0;
    snprintf(l->version, sizeof l->version, "unknown");
    find_in_path("mpirun", l->mpirun, sizeof l->mpirun);
    if (l->mpirun[0]) {
        char cmd[PATH_MAX + 32];
        text_clip(cmd, sizeof cmd, "'%s' --version 2>/dev/null", l->mpirun);
        FILE *p = popen(cmd, "r");
        if (p) {
            if (fgets(l->version, sizeof l->version, p))
                l->version[strcspn(l->version, "\n")] = '\0';
            pclose(p);
        }
    }
    if (!hostfile || !*hostfile)
        return 0;
    if (read_hostfile(l, hostfile, e))
        return -1;
    char *real = realpath(hostfile, NULL);
    if (!real)
        return err_set(e, EXIT_USAGE, "cannot resolve --hosts '%s': %s", hostfile, strerror(errno));
    snprintf(l->hostfile, sizeof l->hostfile, "%s", real);
    free(real);
    return 0;
}

/* The words every mpirun of the study starts with. */
static size_t mpirun_common(const struct launch *l, const char **argv)
{
    size_t k = 0;
    argv[k++] = l->mpirun;
    /* Open MPI refuses to run as root without it: passed only then, and
     * said so at the start of the study and in meta.json. */
    if (l->as_root)
        argv[k++] = "--allow-run-as-root";
    /* No binding by mpirun: the study's --pin decides, as for every
     * other model (mpirun would bind to cores by default). */
    argv[k++] = "--bind-to";
    argv[k++] = "none";
    if (l->hostfile[0]) {
        argv[k++] = "--hostfile";
        argv[k++] = l->hostfile;
    }
    return k;
}

size_t launch_words(const struct launch *l, enum launcher how, const char *np, const char **argv)
{
    if (how != LAUNCH_MPIRUN)
        return 0;
    size_t k = mpirun_common(l, argv);
    /* T past the CPUs (or the slots) is part of the matrix, as for the
     * other models.  With hosts, ranks are dealt one host at a time, so
     * T = 2 on two hosts is 1 + 1. */
    argv[k++] = "--oversubscribe";
    if (l->hostfile[0]) {
        argv[k++] = "--map-by";
        argv[k++] = "node";
    }
    argv[k++] = "-x";
    argv[k++] = LAUNCH_EPOCH_ENV;
    argv[k++] = "-np";
    argv[k++] = np;
    return k;
}

void launch_stamp(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    char v[48];
    snprintf(v, sizeof v, "%lld.%09ld", (long long)ts.tv_sec, ts.tv_nsec);
    setenv(LAUNCH_EPOCH_ENV, v, 1);
}

void launch_probe_argv(const struct launch *l, const char **argv)
{
    size_t k = mpirun_common(l, argv);
    argv[k++] = "--map-by";
    argv[k++] = "ppr:1:node";
    argv[k++] = "sh";
    argv[k++] = "-c";
    argv[k++] = "echo \"" PROBE_TAG "$(hostname)|$(getconf _NPROCESSORS_ONLN)|$(readlink /proc/self/ns/net)|"
                "$(hostname -I 2>/dev/null)\"";
    argv[k] = NULL;
}

/* Copies field i of a '|'-separated line (cut at LAUNCH_FIELD_MAX). */
static void field(const char *line, int i, char *out)
{
    const char *p = line;
    for (int k = 0; k < i && p; k++)
        p = strchr(p, '|') ? strchr(p, '|') + 1 : NULL;
    size_t n = p ? strcspn(p, "|\n") : 0;
    text_clip(out, LAUNCH_FIELD_MAX, "%.*s", (int)n, p ? p : "");
    /* trailing blanks (hostname -I ends with one) */
    for (size_t len = strlen(out); len && out[len - 1] == ' '; len--)
        out[len - 1] = '\0';
}

int launch_seen_parse(struct launch *l, const char *out, struct err *e)
{
    l->nseen = 0;
    for (const char *p = out ? strstr(out, PROBE_TAG) : NULL; p; p = strstr(p + 1, PROBE_TAG)) {
        if (l->nseen >= LAUNCH_HOSTS_MAX)
            break;
        const char *line = p + strlen(PROBE_TAG);
        struct launch_seen *s = &l->seen[l->nseen++];
        char cpus[LAUNCH_FIELD_MAX];
        field(line, 0, s->hostname);
        field(line, 1, cpus);
        field(line, 2, s->netns);
        field(line, 3, s->addresses);
        s->cpus_online = strtol(cpus, NULL, 10);
    }
    /* Open MPI merges hostfile lines of one host; a name given twice is
     * one host. */
    size_t distinct = 0;
    for (size_t i = 0; i < l->nhosts; i++) {
        size_t k = 0;
        while (k < i && strcmp(l->hosts[k].name, l->hosts[i].name))
            k++;
        distinct += k == i;
    }
    if (l->nseen != distinct)
        return err_set(e, EXIT_USAGE, "--hosts %s: mpirun started a process on %zu of its %zu hosts", l->hostfile,
                       l->nseen, distinct);
    return 0;
}

void launch_reason(const char *err, char *out, size_t len)
{
    out[0] = '\0';
    size_t used = 0;
    int lines = 0;
    for (const char *p = err ? err : ""; *p && lines < REASON_LINES;) {
        size_t n = strcspn(p, "\r\n");
        if (strspn(p, "- \t") < n) {
            int w = snprintf(out + used, len - used, "%s%.*s", lines ? "; " : "", (int)n, p);
            if (w < 0 || used + (size_t)w >= len)
                break;
            used += (size_t)w;
            lines++;
        }
        p += n;
        p += strspn(p, "\r\n");
    }
}

json_t *launch_meta(const struct launch *l)
{
    json_t *m = json_object();
    json_object_set_new(m, "mpirun", jsonout_str(l->mpirun[0] ? l->mpirun : "not found"));
    json_object_set_new(m, "version", jsonout_str(l->version));
    json_object_set_new(m, "allow_run_as_root", json_boolean(l->as_root));
    json_object_set_new(m, "hostfile", l->hostfile[0] ? jsonout_str(l->hostfile) : json_null());
    json_t *hosts = json_array();
    for (size_t i = 0; i < l->nhosts; i++)
        json_array_append_new(hosts, json_pack("{s:o, s:I}", "name", jsonout_str(l->hosts[i].name), "slots",
                                               (json_int_t)l->hosts[i].slots));
    json_object_set_new(m, "hostfile_hosts", hosts);
    json_object_set_new(m, "hosts", json_integer(l->hostfile[0] ? (json_int_t)l->nseen : 1));
    /* Each host as the probe saw it, in mpirun's order. */
    json_t *seen = json_array();
    for (size_t i = 0; i < l->nseen; i++) {
        const struct launch_seen *s = &l->seen[i];
        json_array_append_new(seen, json_pack("{s:o, s:I, s:o, s:o}", "hostname", jsonout_str(s->hostname),
                                              "cpus_online", (json_int_t)s->cpus_online, "netns",
                                              jsonout_str(s->netns), "addresses", jsonout_str(s->addresses)));
    }
    json_object_set_new(m, "hosts_seen", seen);
    /* The network: Open MPI's settings from the environment (btl,
     * btl_tcp_if_include, oob_tcp_if_include, plm_rsh_agent, ...), which
     * mpirun reads as it would read --mca. */
    json_t *mca = json_object();
    for (char **v = environ; *v; v++) {
        if (strncmp(*v, "OMPI_MCA_", 9))
            continue;
        const char *eq = strchr(*v, '=');
        char name[128];
        if (!eq)
            continue;
        text_clip(name, sizeof name, "%.*s", (int)(eq - *v - 9), *v + 9);
        json_t *value = jsonout_str(eq + 1);
        /* A key must be UTF-8 too: one that is not is left out. */
        if (json_object_set_new(mca, name, value) != 0)
            fprintf(stderr, "study: warning: OMPI_MCA_%s is not UTF-8; meta.json leaves it out\n", name);
    }
    json_object_set_new(m, "mca", mca);
    return m;
}
