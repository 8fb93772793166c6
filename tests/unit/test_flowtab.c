/* test_flowtab.c - every flow at once: the flowtab blob stored at import
 * and rebuilt from the rows, filter_rows against filter_match flow by
 * flow (also typed one key at a time, narrowing), the port counts kept
 * at import against the range walk, and the tree's tallies against
 * db_products and db_devices. The bundled documents are the data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sqlite3.h>

#include "../tap.h"
#include "../../db/db_int.h"
#include "../../src/filter.h"
#include "../../src/ingest.h"
#include "../../src/tally.h"

/* ---- the flows as db_flows gives them ------------------------------- */

typedef struct {
    db_flow *v;
    char **text;   /* owned copies, FT__COUNT per flow */
    size_t n, cap;
} flows;

static int copy_cb(void *ctx, const db_flow *f)
{
    flows *l = ctx;
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 256;
        l->v = realloc(l->v, l->cap * sizeof *l->v);
        l->text = realloc(l->text, l->cap * FT__COUNT * sizeof *l->text);
    }
    db_flow c = *f;
    const char *in[FT__COUNT] = {
        f->document, f->path, f->product, f->section, f->source,
        f->source_ports, f->destination, f->destination_ports, f->protocol,
        f->description, f->requirement, f->req_level, f->direction,
        f->marks, f->transports};
    char **t = &l->text[l->n * FT__COUNT];
    for (int i = 0; i < FT__COUNT; i++)
        t[i] = strdup(in[i]);
    c.document = t[FT_DOC];
    c.path = t[FT_PATH];
    c.product = t[FT_PRODUCT];
    c.section = t[FT_SECTION];
    c.source = t[FT_SRC];
    c.source_ports = t[FT_SPORT];
    c.destination = t[FT_DST];
    c.destination_ports = t[FT_DPORT];
    c.protocol = t[FT_PROTO];
    c.description = t[FT_DESC];
    c.requirement = t[FT_REQ];
    c.req_level = t[FT_LEVEL];
    c.direction = t[FT_DIR];
    c.marks = t[FT_MARKS];
    c.transports = t[FT_TRANS];
    l->v[l->n++] = c;
    return 0;
}

static void flows_free(flows *l)
{
    for (size_t i = 0; i < l->n * FT__COUNT; i++)
        free(l->text[i]);
    free(l->text);
    free(l->v);
}

static int same_flow(const db_flow *a, const db_flow *b)
{
    return a->id == b->id && a->line == b->line &&
           a->document_id == b->document_id &&
           !strcmp(a->document, b->document) && !strcmp(a->path, b->path) &&
           !strcmp(a->product, b->product) &&
           !strcmp(a->section, b->section) &&
           !strcmp(a->source, b->source) &&
           !strcmp(a->source_ports, b->source_ports) &&
           !strcmp(a->destination, b->destination) &&
           !strcmp(a->destination_ports, b->destination_ports) &&
           !strcmp(a->protocol, b->protocol) &&
           !strcmp(a->description, b->description) &&
           !strcmp(a->requirement, b->requirement) &&
           !strcmp(a->req_level, b->req_level) &&
           !strcmp(a->direction, b->direction) && !strcmp(a->marks, b->marks) &&
           !strcmp(a->transports, b->transports);
}

/* Does the flowtab hold exactly the flows, in the same order? */
static int same_table(const flowtab *t, const flows *l)
{
    if (t->nrows != l->n)
        return 0;
    for (size_t i = 0; i < l->n; i++) {
        db_flow f;
        db_flowtab_flow(t, i, &f);
        if (!same_flow(&f, &l->v[i])) {
            diag("row %zu differs (id %lld / %lld)", i, f.id, l->v[i].id);
            return 0;
        }
        if (flowtab_row_of(t, f.id) != (long)i)
            return 0;
    }
    return 1;
}

/* ---- filter_rows against filter_match --------------------------------- */

/* The rows filter_match accepts, one flow at a time: the reference. */
static size_t reference(filter *f, const flows *l, uint32_t *out,
                        int *limited)
{
    size_t n = 0;
    status st = ST_OK;
    for (size_t i = 0; i < l->n; i++)
        if (filter_match(f, &l->v[i], &st))
            out[n++] = (uint32_t)i;
    *limited = st == ST_LIMIT;
    return n;
}

static int same_rows(const uint32_t *a, size_t na, const uint32_t *b,
                     size_t nb)
{
    return na == nb && (na == 0 || memcmp(a, b, na * sizeof *a) == 0);
}

static const char *const EXPRS[] = {
    "", "tcp", "TCP", "udp", "src:expressway", "dst:edge", "!udp",
    "proto:udp", "proto:^tls$", "proto:sip", "port:1720", "port:5060/udp",
    "dst:expressway port:5060", "!port:443", "desc:\\bRTP\\b", "doc:cisco",
    "req:mandatory", "1720|5060", "sip.*tls", "^$", "media signal",
    "\\d{5}", "(?i)LDAP", "x(?=m)", "(?<=\\()tls", "\\Aexp", "e$",
    "port:web", "!src:", "\"call setup\"", "tls\\b", "[^a-z]", "\\x41",
    "é", "\\s\\(", "a|", "h\\.323", "(*UCP)\\w+",
};

static void test_patterns(db *d, const flowtab *t, const flows *l)
{
    uint32_t *want = malloc((l->n + 1) * sizeof *want);
    uint32_t *got = malloc((l->n + 1) * sizeof *got);
    for (size_t k = 0; k < sizeof EXPRS / sizeof *EXPRS; k++) {
        filter *f;
        filter_error err;
        if (filter_new(EXPRS[k], FILTER_EXPR, &f, &err) != ST_OK) {
            ok(0, "compiles: %s (%s)", EXPRS[k], err.message);
            continue;
        }
        if (filter_needs_db(f))
            filter_bind(f, d);
        int limited;
        size_t nw = reference(f, l, want, &limited), ng = 0;
        status st = filter_rows(f, t, NULL, 0, got, &ng, NULL, NULL);
        ok(same_rows(want, nw, got, ng) &&
               st == (limited ? ST_LIMIT : ST_OK),
           "filter_rows = filter_match: /%s/ (%zu of %zu)", EXPRS[k], nw,
           l->n);
        /* Again with the answers kept from the first call, over every
         * other row given in reverse: same rows, in that order. */
        size_t n2 = 0, nr = 0;
        uint32_t *rows = malloc((l->n + 1) * sizeof *rows);
        for (size_t i = l->n; i-- > 0;)
            if (i % 2 == 0)
                rows[n2++] = (uint32_t)i;
        st = filter_rows(f, t, rows, n2, got, &nr, NULL, NULL);
        size_t w = 0, bad = 0;
        for (size_t i = 0; i < n2; i++) {
            int in = 0;
            for (size_t j = 0; j < nw; j++)
                in |= want[j] == rows[i];
            if (in && (w >= nr || got[w++] != rows[i]))
                bad++;
        }
        ok(!bad && w == nr, "filter_rows over given rows keeps their "
                            "order: /%s/", EXPRS[k]);
        free(rows);
        filter_free(f);
    }
    free(want);
    free(got);
}

/* Typed one key at a time, as the explorer's prompt does: each step
 * filters only the previous result when it narrows, with what the
 * previous filter learnt; the rows must be those of a fresh filter. */
static void test_typing(db *d, const flowtab *t, const flows *l)
{
    static const char *const typed[] = {
        "Expressway-E", "\\b1720\\b", "signaling", "ldap|syslog|snmp",
        "sip.*tls", "src:exp dst:e", "tcp !udp", "\\x4142", "a\\d+",
        "port:1720 desc:h", "\\bH\\.323"};
    uint32_t *want = malloc((l->n + 1) * sizeof *want);
    for (size_t k = 0; k < sizeof typed / sizeof *typed; k++) {
        filter *prev = NULL;
        uint32_t *shown = malloc((l->n + 1) * sizeof *shown);
        size_t nshown = l->n, bad = 0, narrowed = 0;
        for (size_t i = 0; i < l->n; i++)
            shown[i] = (uint32_t)i;
        for (size_t len = 1; len <= strlen(typed[k]); len++) {
            char text[64];
            snprintf(text, sizeof text, "%.*s", (int)len, typed[k]);
            filter *f;
            filter_error err;
            if (filter_new(text, FILTER_EXPR, &f, &err) != ST_OK)
                continue; /* the explorer keeps the previous result */
            if (filter_needs_db(f))
                filter_bind(f, d);
            int limited;
            size_t nw = reference(f, l, want, &limited);
            int narrows = filter_narrows(f, prev);
            uint32_t *out = malloc((l->n + 1) * sizeof *out);
            size_t nout = 0;
            filter_inherit(f, prev, t);
            filter_rows(f, t, narrows ? shown : NULL, narrows ? nshown : 0,
                        out, &nout, NULL, NULL);
            narrowed += narrows;
            if (!same_rows(want, nw, out, nout)) {
                diag("typing /%s/: %zu rows, want %zu (narrows %d)", text,
                     nout, nw, narrows);
                bad++;
            }
            free(shown);
            shown = out;
            nshown = nout;
            if (prev)
                filter_free(prev);
            prev = f;
        }
        ok(!bad, "typed one key at a time: /%s/ (%zu narrowed)", typed[k],
           narrowed);
        if (prev)
            filter_free(prev);
        free(shown);
    }
    free(want);
    /* What must not count as narrowing. */
    static const char *const not_narrow[][2] = {
        {"a", "a|b"}, {"a", "a*"}, {"\\x4", "\\x41"}, {"(a)\\1", "(a)\\10"},
        {"!a", "!ab"}, {"ab", "a"}, {"src:a", "dst:a"}, {"(?x)a", "(?x)a#"},
        {"a", "a{2}"}, {"\\Qa", "\\Qab"}, {"a", ""}};
    for (size_t k = 0; k < sizeof not_narrow / sizeof *not_narrow; k++) {
        filter *a, *b;
        filter_error err;
        if (filter_new(not_narrow[k][0], FILTER_EXPR, &a, &err) != ST_OK ||
            filter_new(not_narrow[k][1], FILTER_EXPR, &b, &err) != ST_OK) {
            ok(0, "compiles: %s, %s", not_narrow[k][0], not_narrow[k][1]);
            continue;
        }
        ok(!filter_narrows(b, a), "/%s/ does not narrow /%s/",
           not_narrow[k][1], not_narrow[k][0]);
        filter_free(a);
        filter_free(b);
    }
}

/* ---- blobs ---------------------------------------------------------------- */

static void test_corrupt(const flowtab *t)
{
    /* Rebuild one segment's blob and damage it in many ways: rejected,
     * never read past its end. */
    ft_builder *b = ftb_new();
    const ft_segment *s = &t->seg[0];
    for (size_t r = 0; r < s->nrows; r++) {
        const char *v[FT__COUNT];
        for (int c = 0; c < FT__COUNT; c++)
            v[c] = ft_string(&s->col[c], ft_index(&s->col[c], r));
        ftb_add(b, ft_seg_id(s, r), s->lines[r], 0, 0, v);
    }
    void *blob;
    size_t len;
    is_int(ftb_finish(b, &blob, &len), ST_OK, "a segment rebuilt");
    ftb_free(b);
    flowtab t2;
    flowtab_init(&t2);
    void *copy = malloc(len);
    memcpy(copy, blob, len);
    is_int(flowtab_add(&t2, 1, copy, len), ST_OK, "its blob reads back");
    is_int(t2.nrows, s->nrows, "... with every row");
    flowtab_free(&t2);
    size_t rejected = 0, tries = 0;
    for (size_t cut = 0; cut < len; cut += len / 97 + 1, tries++) {
        flowtab_init(&t2);
        void *p = malloc(len);
        memcpy(p, blob, cut);
        if (flowtab_add(&t2, 1, p, cut) == ST_DB_CORRUPT) {
            rejected++;
            free(p);
        }
        flowtab_free(&t2);
    }
    is_int(rejected, tries, "every truncated blob is refused");
    rejected = tries = 0;
    for (size_t at = 0; at < len; at += len / 89 + 1, tries++) {
        flowtab_init(&t2);
        unsigned char *p = malloc(len);
        memcpy(p, blob, len);
        p[at] ^= 0xa5;
        if (flowtab_add(&t2, 1, p, len) == ST_OK) {
            /* Accepted: then every index is within its dictionary. */
            for (size_t r = 0; r < t2.nrows; r++)
                for (int c = 0; c < FT__COUNT; c++)
                    (void)flowtab_str(&t2, r, (ft_col)c);
        } else {
            free(p);
            rejected++;
        }
        flowtab_free(&t2);
    }
    ok(rejected > 0, "damaged blobs: %zu of %zu refused, the rest readable",
       rejected, tries);
    free(blob);
}

/* ---- counts ------------------------------------------------------------ */

static void test_port_counts(db *d)
{
    static const int ports[] = {0,    1,    22,   80,    161,   443,  1024,
                                1719, 1720, 2776, 5060,  5061,  8080, 16384,
                                36000, 36001, 40000, 59999, 65535};
    static const proto_t protos[] = {PROTO_UNSPEC, PROTO_TCP, PROTO_UDP};
    size_t bad = 0, n = 0;
    for (size_t i = 0; i < sizeof ports / sizeof *ports; i++)
        for (size_t j = 0; j < 3; j++, n++) {
            long long fast = -1, slow = -2, counted = -3;
            db_counted(d, ports[i], protos[j], &counted);
            db_port_count(d, ports[i], protos[j], 0, &fast);
            db_port_count(d, ports[i], protos[j], 1000000, &slow);
            if (fast != slow || counted != slow) {
                diag("port %d/%s: counted %lld, walked %lld", ports[i],
                     proto_name(protos[j]), counted, slow);
                bad++;
            }
        }
    ok(!bad, "port counts kept at import = the range walk (%zu lookups)", n);
}

/* A port lookup's hits as text: "id:span:ranges;" per flow. */
typedef struct {
    char *s;
    size_t len;
    size_t n;
} hit_text;

static int hit_cb(void *ctx, const db_port_hit *h)
{
    hit_text *t = ctx;
    char one[512];
    int k = snprintf(one, sizeof one, "%lld:%lld:", h->flow->id, h->span);
    for (size_t i = 0; i < h->nranges && k < 400; i++)
        k += snprintf(one + k, sizeof one - (size_t)k, "%d-%d/%d,",
                      h->ranges[i].lo, h->ranges[i].hi, h->ranges[i].side);
    t->s = realloc(t->s, t->len + (size_t)k + 2);
    memcpy(t->s + t->len, one, (size_t)k);
    t->len += (size_t)k;
    t->s[t->len++] = ';';
    t->s[t->len] = '\0';
    t->n++;
    return 0;
}

typedef struct {
    hit_text *t;
    size_t limit;
} limited;

static int first_cb(void *ctx, const db_port_hit *h)
{
    limited *l = ctx;
    if (l->t->n >= l->limit)
        return 1;
    return hit_cb(l->t, h);
}

static void test_port_first(db *d)
{
    static const int ports[] = {1,    22,   80,    161,   443,   1024, 1719,
                                1720, 2776, 5060,  5061,  8080,  16384,
                                36000, 36001, 40000, 59999, 65535};
    static const proto_t protos[] = {PROTO_UNSPEC, PROTO_TCP, PROTO_UDP};
    static const size_t limits[] = {1, 3, 10, 1000};
    size_t bad = 0, n = 0;
    for (size_t i = 0; i < sizeof ports / sizeof *ports; i++)
        for (size_t j = 0; j < 3; j++)
            for (size_t k = 0; k < 4; k++, n++) {
                hit_text all = {NULL, 0, 0}, first = {NULL, 0, 0};
                limited lim = {&all, limits[k]};
                db_flows_by_port(d, ports[i], protos[j], 0, first_cb, &lim);
                db_flows_by_port_first(d, ports[i], protos[j], 0, limits[k],
                                       hit_cb, &first);
                if ((all.s || first.s) &&
                    (!all.s || !first.s || strcmp(all.s, first.s))) {
                    diag("port %d/%s first %zu: %s vs %s", ports[i],
                         proto_name(protos[j]), limits[k],
                         all.s ? all.s : "", first.s ? first.s : "");
                    bad++;
                }
                free(all.s);
                free(first.s);
            }
    ok(!bad, "the first screen of a port lookup = the full ranking's "
             "first rows (%zu lookups)", n);
}

typedef struct {
    db_device *v;
    size_t n;
} dev_list;

static int dev_cb(void *ctx, const db_device *dv)
{
    dev_list *l = ctx;
    l->v = realloc(l->v, (l->n + 1) * sizeof *l->v);
    l->v[l->n].name = strdup(dv->name);
    l->v[l->n].group = strdup(dv->group);
    l->v[l->n].flows = dv->flows;
    l->n++;
    return 0;
}

static void dev_free(dev_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free((char *)l->v[i].name);
        free((char *)l->v[i].group);
    }
    free(l->v);
}

typedef struct {
    const tally_pair *sec;
    size_t nsec, bad, n;
} sec_check;

static int sec_cb(void *ctx, const db_product_row *row)
{
    sec_check *c = ctx;
    c->n++;
    if (row->section_id &&
        tally_get(c->sec, c->nsec, row->section_id) != row->flows)
        c->bad++;
    return 0;
}

static void test_tallies(db *d, const flowtab *t)
{
    dev_list a = {NULL, 0}, b = {NULL, 0};
    is_int(db_devices(d, dev_cb, &a), ST_OK, "db_devices");
    is_int(tally_devices(t, dev_cb, &b), ST_OK, "tally_devices");
    size_t bad = a.n != b.n;
    for (size_t i = 0; !bad && i < a.n; i++)
        if (strcmp(a.v[i].name, b.v[i].name) ||
            strcmp(a.v[i].group, b.v[i].group) ||
            a.v[i].flows != b.v[i].flows) {
            diag("device %zu: %s/%s/%lld vs %s/%s/%lld", i, a.v[i].name,
                 a.v[i].group, a.v[i].flows, b.v[i].name, b.v[i].group,
                 b.v[i].flows);
            bad++;
        }
    ok(!bad, "the devices view from memory = db_devices (%zu names)", a.n);
    dev_free(&a);
    dev_free(&b);
    sec_check c = {NULL, 0, 0, 0};
    tally_pair *sec;
    is_int(tally_sections(t, &sec, &c.nsec), ST_OK, "tally_sections");
    c.sec = sec;
    db_products(d, sec_cb, &c);
    ok(c.n > 0 && !c.bad, "flows per section = db_products (%zu rows)", c.n);
    free(sec);
}

static long long raw_count(db *d)
{
    sqlite3_stmt *st;
    long long n = -1;
    if (sqlite3_prepare_v2(d->h, "SELECT count(*) FROM document_cache "
                                 "WHERE flow_text IS NOT NULL",
                           -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

int main(void)
{
    char dir[] = "/tmp/portolan-test-flowtab-XXXXXX", path[300], err[300];
    if (!mkdtemp(dir)) {
        ok(0, "mkdtemp");
        return done_testing();
    }
    snprintf(path, sizeof path, "%s/f.db", dir);
    db *d;
    is_int(db_open(path, DB_OPEN_CREATE, &d, NULL, err, sizeof err), ST_OK,
           "a new database");
    status st = ingest_bundled(d, NULL, NULL);
    ok(st == ST_OK || st == ST_WARN, "the bundled documents imported");
    flows l = {NULL, NULL, 0, 0};
    is_int(db_flows(d, NULL, copy_cb, &l), ST_OK, "db_flows");
    flowtab t;
    flowtab_init(&t);
    is_int(db_flowtab_load(d, &t), ST_OK, "every flow at once");
    is_int(t.nseg, 5, "one segment per document");
    ok(same_table(&t, &l), "the stored flows = db_flows (%zu)", l.n);
    test_patterns(d, &t, &l);
    test_typing(d, &t, &l);
    test_corrupt(&t);
    test_port_counts(d);
    test_port_first(d);
    test_tallies(d, &t);

    /* Without the stored blobs (a file from before them): read row by
     * row on a read-only connection, rebuilt on a writable one. */
    sqlite3_exec(d->h, "UPDATE document_cache SET flow_text = NULL", NULL,
                 NULL, NULL);
    db *ro;
    is_int(db_open(path, DB_OPEN_READONLY, &ro, NULL, err, sizeof err),
           ST_OK, "read-only");
    flowtab t2;
    flowtab_init(&t2);
    is_int(db_flowtab_load(ro, &t2), ST_OK, "every flow, from the rows");
    ok(same_table(&t2, &l), "... the same flows");
    flowtab_free(&t2);
    db_close(ro);
    db_close(d);
    is_int(db_open(path, DB_OPEN_CREATE, &d, NULL, err, sizeof err), ST_OK,
           "reopened for writing");
    is_int(raw_count(d), 5, "the blobs are rebuilt");
    flowtab_init(&t2);
    is_int(db_flowtab_load(d, &t2), ST_OK, "every flow, stored again");
    ok(same_table(&t2, &l), "... the same flows");
    flowtab_free(&t2);
    db_close(d);

    flowtab_free(&t);
    flows_free(&l);
    unlink(path);
    char side[320];
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
    rmdir(dir);
    return done_testing();
}
