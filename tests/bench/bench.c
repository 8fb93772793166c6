/* bench.c - portolan's in-process benchmarks and the explorer launcher,
 * driven by tests/bench/run.pl (make bench). Timings use CLOCK_MONOTONIC;
 * every time is printed with the hit count it produced.
 *
 *   bench versions                 library versions, one "key value" a line
 *   bench port DB REPS PORT...     port lookup: first screen + count, and
 *                                  every distinct flow, median of REPS
 *   bench filter DB                the regex keystroke script through the
 *                                  explorer's model (ui/model.c)
 *   bench launch BIN DB PATTERN    the real explorer on a pty: launch to
 *                                  first paint, to the first filter result
 *                                  for PATTERN typed after the first paint,
 *                                  and its peak memory (VmHWM)
 *   bench dbfloor DB N             N flows written straight through db/:
 *                                  the floor under any import
 *
 * Output lines are "key value..." for run.pl to read. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sqlite3.h>
#include <time.h>
#include <unistd.h>
#include "../../src/regex.h"
#include "../../ui/model.h"

/* Rows on the first screen of a port lookup. */
enum { SCREEN = 50 };

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The p-th percentile (0..100) of v[0..n), nearest rank; sorts v. */
static double pct(double *v, size_t n, double p)
{
    if (n == 0)
        return 0;
    qsort(v, n, sizeof *v, cmp_double);
    size_t k = (size_t)(p / 100.0 * (double)n + 0.999999);
    if (k < 1)
        k = 1;
    if (k > n)
        k = n;
    return v[k - 1];
}

static db *open_db(const char *path)
{
    db *d;
    char err[512];
    if (db_open(path, DB_OPEN_READONLY, &d, NULL, err, sizeof err) != ST_OK) {
        fprintf(stderr, "bench: %s\n", err);
        exit(2);
    }
    return d;
}

/* ---- versions -------------------------------------------------------- */

static int cmd_versions(void)
{
    char v[128];
    printf("sqlite %s\n", sqlite3_libversion());
    printf("pcre2 %s\n", regex_version(v, sizeof v));
    printf("pcre2_jit %s\n", regex_jit_supported() ? "yes" : "no");
    return 0;
}

/* ---- port lookup ------------------------------------------------------- */

typedef struct {
    long long n, last;
    long long limit; /* stop after this many flows, 0: never */
} port_ctx;

static int port_cb(void *ctx, const db_port_hit *h)
{
    port_ctx *c = ctx;
    if (h->flow->id != c->last)
        c->n++;
    c->last = h->flow->id;
    return c->limit && c->n >= c->limit;
}

static int cmd_port(const char *path, int reps, int argc, char **argv)
{
    db *d = open_db(path);
    double *first = calloc((size_t)reps, sizeof *first);
    double *all = calloc((size_t)reps, sizeof *all);
    for (int i = 0; i < argc; i++) {
        int port = atoi(argv[i]);
        long long count = 0, screen = 0, flows = 0;
        for (int r = 0; r < reps; r++) {
            /* What the explorer shows at once: the first screen of the
             * ranking and the number of flows in all. */
            double t0 = now_ms();
            port_ctx c = {0, 0, 0};
            status st = db_flows_by_port_first(d, port, PROTO_UNSPEC, 0,
                                               SCREEN, port_cb, &c);
            if (st == ST_OK || st == ST_STOP)
                st = db_port_count(d, port, PROTO_UNSPEC, 0, &count);
            first[r] = now_ms() - t0;
            screen = c.n;
            if (st != ST_OK) {
                fprintf(stderr, "bench: port %d: %s\n", port, db_error(d));
                return 2;
            }
            /* Every distinct flow, in ranking order. */
            t0 = now_ms();
            port_ctx a = {0, 0, 0};
            st = db_flows_by_port(d, port, PROTO_UNSPEC, 0, port_cb, &a);
            all[r] = now_ms() - t0;
            flows = a.n;
            if (st != ST_OK) {
                fprintf(stderr, "bench: port %d: %s\n", port, db_error(d));
                return 2;
            }
        }
        printf("port %d first_ms %.3f screen %lld count %lld all_ms %.3f "
               "flows %lld\n", port, pct(first, (size_t)reps, 50), screen,
               count, pct(all, (size_t)reps, 50), flows);
    }
    free(first);
    free(all);
    db_close(d);
    return 0;
}

/* ---- regex keystrokes through the explorer's model ---------------------- */

/* The keystroke script: each pattern typed one character at a time, the
 * filter run after every key as the explorer's "/" prompt does. The group
 * says which target a keystroke counts for. */
static const struct {
    const char *group, *pattern;
} script[] = {
    {"literal", "Expressway-E"},
    {"word", "\\b1720\\b"},
    {"caseless", "signaling"},
    {"alternation", "ldap|syslog|snmp|ntp"},
    {"dotstar", "sip.*tls"},
};
#define NSCRIPT (sizeof script / sizeof script[0])

/* A key "typed" at key_at: the first interrupt check after it says so,
 * as the explorer's input_pending() would. */
static double key_at;

static double last_check, worst_gap;

static int key_typed(void *ctx)
{
    (void)ctx;
    double t = now_ms();
    if (last_check && t - last_check > worst_gap)
        worst_gap = t - last_check;
    last_check = t;
    return t >= key_at;
}

/* How long a running filter takes to give up once a key is typed: the
 * filter starts from scratch (no narrowing), the key comes after a delay
 * that puts it in every phase of the work. */
static void cancel_latency(model *m)
{
    static const char *const pats[] = {"ldap|s", "s", "Expressway-E",
                                       "sip.*tls"};
    double lat[64];
    size_t n = 0;
    for (size_t p = 0; p < sizeof pats / sizeof *pats; p++)
        for (double delay = 0.5; delay < 40 && n < 64; delay *= 1.6) {
            filter_error fe;
            m->interrupt = NULL;
            model_filter(m, "", 0, &fe);
            m->interrupt = key_typed;
            last_check = worst_gap = 0;
            key_at = now_ms() + delay;
            status st = model_filter(m, pats[p], 1, &fe);
            double end = now_ms();
            if (st == ST_STOP)
                lat[n++] = end - key_at;
            if (getenv("BENCH_DEBUG"))
                fprintf(stderr, "cancel %s after %.1f ms: %s %.3f "
                        "(longest without a look %.3f)\n",
                        pats[p], delay, status_str(st), end - key_at,
                        worst_gap);
        }
    m->interrupt = NULL;
    if (n) {
        double worst = pct(lat, n, 100), mid = pct(lat, n, 50);
        printf("cancel p50_ms %.3f max_ms %.3f samples %zu\n", mid, worst,
               n);
    } else {
        printf("cancel p50_ms 0 max_ms 0 samples 0\n");
    }
}

static int cmd_filter(const char *path)
{
    db *d = open_db(path);
    model m;
    char err[300];
    if (model_init(&m, d) != ST_OK)
        return 2;
    double t0 = now_ms();
    if (model_load(&m, NULL, err, sizeof err) != ST_OK) {
        fprintf(stderr, "bench: %s\n", err);
        return 2;
    }
    printf("load_ms %.3f rows %zu\n", now_ms() - t0, model_total(&m));
    for (size_t s = 0; s < NSCRIPT; s++) {
        const char *p = script[s].pattern;
        size_t len = strlen(p);
        double *t = calloc(len, sizeof *t);
        char text[256];
        for (size_t k = 1; k <= len; k++) {
            filter_error fe;
            snprintf(text, sizeof text, "%.*s", (int)k, p);
            double a = now_ms();
            status st = model_filter(&m, text, 0, &fe);
            t[k - 1] = now_ms() - a;
            printf("key %s %.3f %zu %s %s\n", script[s].group, t[k - 1],
                   st == ST_OK ? model_count(&m) : 0,
                   st == ST_OK ? "ok" : status_str(st), text);
        }
        double p50 = pct(t, len, 50), p95 = pct(t, len, 95);
        printf("group %s p50_ms %.3f p95_ms %.3f hits %zu pattern %s\n",
               script[s].group, p50, p95, model_count(&m), p);
        free(t);
        filter_error fe;
        model_filter(&m, "", 0, &fe);
    }
    cancel_latency(&m);
    model_free(&m);
    db_close(d);
    return 0;
}

/* ---- the explorer on a pty ----------------------------------------------- */

/* Read the explorer's PORTOLAN_BENCH log until a line starting with what
 * (and containing want, if given) appears; its time in *ms. The pty is
 * drained all the while, as a terminal would: a screen the explorer
 * cannot write would hold it up and count against it. */
static int wait_log(const char *log, const char *what, const char *want,
                    double *ms, long long *count, double deadline, int pty)
{
    char line[1024];
    off_t seen = -1;
    while (now_ms() < deadline) {
        char junk[65536];
        struct pollfd pf = {pty, POLLIN, 0};
        if (poll(&pf, 1, 1) > 0)
            while (read(pty, junk, sizeof junk) > 0 && poll(&pf, 1, 0) > 0)
                ;
        struct stat sb;
        if (stat(log, &sb) != 0 || sb.st_size == seen)
            continue;
        seen = sb.st_size;
        FILE *f = fopen(log, "r");
        if (!f)
            continue;
        while (fgets(line, sizeof line, f)) {
            char kind[32], text[900] = "";
            double t;
            long long n = 0;
            line[strcspn(line, "\n")] = '\0';
            if (sscanf(line, "%31s %lf %lld %899[^\n]", kind, &t, &n,
                       text) < 2)
                continue;
            if (strcmp(kind, what) != 0 || (want && strcmp(text, want)))
                continue;
            fclose(f);
            *ms = t;
            if (count)
                *count = n;
            return 0;
        }
        fclose(f);
    }
    return -1;
}

static long vm_hwm_kb(pid_t pid)
{
    char path[64], line[256];
    long kb = -1;
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "VmHWM: %ld kB", &kb) == 1)
            break;
    fclose(f);
    return kb;
}

static int cmd_launch(const char *bin, const char *dbpath, const char *pat)
{
    char log[] = "/tmp/portolan-bench-XXXXXX";
    int fd = mkstemp(log);
    if (fd < 0)
        return 2;
    close(fd);
    struct winsize ws = {50, 160, 0, 0};
    int pty;
    double t0 = now_ms();
    pid_t pid = forkpty(&pty, NULL, NULL, &ws);
    if (pid < 0)
        return 2;
    if (pid == 0) {
        setenv("PORTOLAN_BENCH", log, 1);
        setenv("TERM", "xterm-256color", 1);
        execl(bin, bin, "--db", dbpath, "ui", (char *)NULL);
        _exit(127);
    }
    double paint = 0, result = 0, deadline = t0 + 60000;
    long long count = -1;
    int bad = wait_log(log, "paint", NULL, &paint, NULL, deadline, pty);
    /* Type the filter at once, as a paste or a fast typist would. */
    char keys[600];
    snprintf(keys, sizeof keys, "/%s", pat);
    if (!bad && write(pty, keys, strlen(keys)) < 0)
        bad = 1;
    if (!bad)
        bad = wait_log(log, "filter", pat, &result, &count, deadline, pty);
    long hwm = vm_hwm_kb(pid);
    if (write(pty, "\033q", 2) < 0) /* Esc closes the prompt, q quits */
        bad = 1;
    double end = now_ms() + 5000;
    int wst = 0;
    while (waitpid(pid, &wst, WNOHANG) == 0 && now_ms() < end) {
        char junk[4096];
        struct pollfd pf = {pty, POLLIN, 0};
        if (poll(&pf, 1, 10) > 0 && read(pty, junk, sizeof junk) < 0)
            break;
    }
    if (waitpid(pid, &wst, WNOHANG) == 0) {
        kill(pid, SIGKILL);
        waitpid(pid, &wst, 0);
    }
    close(pty);
    /* Milestones the explorer noted (probe_event), for the record. */
    FILE *lf = fopen(log, "r");
    char line[1024];
    while (lf && fgets(line, sizeof line, lf)) {
        double t;
        char what[200];
        if (sscanf(line, "event %lf %*d %199s", &t, what) == 2)
            printf("event_ms %s %.3f\n", what, t - t0);
    }
    if (lf)
        fclose(lf);
    unlink(log);
    if (bad) {
        fprintf(stderr, "bench: the explorer did not report (PORTOLAN_BENCH)"
                        "\n");
        return 2;
    }
    printf("paint_ms %.3f\nfilter_ms %.3f hits %lld\nhwm_kb %ld\n",
           paint - t0, result - t0, count, hwm);
    return 0;
}

/* ---- the database's own floor for an import ----------------------------- */

/* Flows written straight through db/ (no document to read, no port
 * specs to parse), shaped like the corpus: 2.3 ranges a flow, by the
 * import's own path (db_import_begin, db/batch.c). What an import cannot
 * go below, whatever its readers do. */
static int cmd_dbfloor(const char *path, long n)
{
    db *d;
    char err[512];
    remove(path);
    if (db_open(path, DB_OPEN_CREATE, &d, NULL, err, sizeof err) != ST_OK) {
        fprintf(stderr, "bench: %s\n", err);
        return 2;
    }
    long long doc, prod, sec;
    db_document_in di = {"/bench", "bench", "00", "Bench", "", "tsv", 1};
    double t0 = now_ms();
    db_batch *b = NULL;
    status st = db_import_begin(d);
    if (st == ST_OK)
        st = db_document_put(d, &di, &doc);
    if (st == ST_OK)
        st = db_product_id(d, doc, "Product", &prod);
    if (st == ST_OK)
        st = db_section_id(d, prod, "Section", &sec);
    if (st == ST_OK)
        st = db_batch_start(d, &b);
    unsigned seed = 1;
    for (long i = 0; st == ST_OK && i < n; i++) {
        char sp[32], dp[32], src[32], dst[32];
        seed = seed * 1103515245u + 12345u;
        int p = (int)(seed >> 8) % 60000;
        snprintf(sp, sizeof sp, "TCP %d", p);
        snprintf(dp, sizeof dp, "UDP %d-%d", p, p + 10);
        snprintf(src, sizeof src, "Device %u", (seed >> 4) % 400);
        snprintf(dst, sizeof dst, "Server %u", (seed >> 12) % 400);
        db_flow_in f = {doc, sec, (int)i + 1, src, sp, dst, dp, "TCP",
                        "Description", "Mandatory", "mandatory", "", "",
                        "UDP"};
        long long id;
        st = db_batch_flow(b, &f, &id);
        port_range r;
        memset(&r, 0, sizeof r);
        r.proto = PROTO_TCP;
        r.kind = PORT_NUMERIC;
        r.lo = r.hi = p;
        r.label = r.marks = "";
        r.base_offset = -1;
        if (st == ST_OK)
            st = db_batch_range(b, id, SIDE_SRC, &r);
        r.proto = PROTO_UDP;
        r.hi = p + 10;
        if (st == ST_OK)
            st = db_batch_range(b, id, SIDE_DST, &r);
        if (st == ST_OK && i % 10 < 3) {
            r.kind = PORT_GE1024;
            r.lo = 1024;
            r.hi = 65535;
            st = db_batch_range(b, id, SIDE_SRC, &r);
        }
    }
    if (st == ST_OK) {
        st = db_batch_end(b);
        b = NULL;
    }
    db_batch_free(b);
    if (st == ST_OK)
        st = db_document_done(d);
    if (st == ST_OK)
        st = db_commit(d);
    double ms = now_ms() - t0;
    db_close(d);
    if (st != ST_OK)
        return 2;
    printf("dbfloor flows %ld ms %.1f rate %.0f\n", n, ms, n / (ms / 1000));
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "versions"))
        return cmd_versions();
    if (argc >= 5 && !strcmp(argv[1], "port"))
        return cmd_port(argv[2], atoi(argv[3]), argc - 4, argv + 4);
    if (argc == 3 && !strcmp(argv[1], "filter"))
        return cmd_filter(argv[2]);
    if (argc == 5 && !strcmp(argv[1], "launch"))
        return cmd_launch(argv[2], argv[3], argv[4]);
    if (argc == 4 && !strcmp(argv[1], "dbfloor"))
        return cmd_dbfloor(argv[2], atol(argv[3]));
    fprintf(stderr, "usage: bench versions | port DB REPS PORT... | "
                    "filter DB | launch PORTOLAN DB PATTERN | "
                    "dbfloor DB N\n");
    return 2;
}
