/* test_db.c - db/ against real SQLite files in a temporary directory:
 * creation and refusal of files, a document written and read back, the
 * port lookup (ranking, filters, index use), replacement, rollback, marks,
 * settings, history, callbacks that stop or walk again, hostile text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "db_test.h"
#include "../../src/ingest.h"

static char errbuf[512];

/* ---- collectors: copy what callbacks see -------------------------------- */

#define MAXROWS 300

typedef struct {
    int n, stop_after;
    long long id[MAXROWS], num[MAXROWS], num2[MAXROWS];
    int line[MAXROWS], marked[MAXROWS];
    char s1[MAXROWS][64], s2[MAXROWS][64], s3[MAXROWS][64];
} rows;

static int stop_now(rows *r)
{
    r->n++;
    return r->stop_after && r->n >= r->stop_after;
}

static int doc_cb(void *ctx, const db_document *doc)
{
    rows *r = ctx;
    if (r->n < MAXROWS) {
        r->id[r->n] = doc->id;
        r->num[r->n] = doc->flows;
        r->num2[r->n] = doc->warnings;
        snprintf(r->s1[r->n], 64, "%s|%s|%s", doc->name, doc->path,
                 doc->sha256);
        snprintf(r->s2[r->n], 64, "%s|%s|%s|%lld", doc->title, doc->vendor,
                 doc->format, doc->size);
        snprintf(r->s3[r->n], 64, "%s", doc->imported_at);
    }
    return stop_now(r);
}

static int product_cb(void *ctx, const db_product_row *p)
{
    rows *r = ctx;
    if (r->n < MAXROWS) {
        r->id[r->n] = p->section_id;
        r->num[r->n] = p->flows;
        r->num2[r->n] = p->product_id;
        snprintf(r->s1[r->n], 64, "%s/%s/%s", p->document, p->product,
                 p->section);
    }
    return stop_now(r);
}

static int device_cb(void *ctx, const db_device *dev)
{
    rows *r = ctx;
    if (r->n < MAXROWS) {
        r->num[r->n] = dev->flows;
        snprintf(r->s1[r->n], 64, "%s", dev->name);
        snprintf(r->s2[r->n], 64, "%s", dev->group);
    }
    return stop_now(r);
}

static int flow_cb(void *ctx, const db_flow *f)
{
    rows *r = ctx;
    if (r->n < MAXROWS) {
        r->id[r->n] = f->id;
        r->num[r->n] = f->document_id;
        r->line[r->n] = f->line;
        r->marked[r->n] = f->marked;
        snprintf(r->s1[r->n], 64, "%s|%s|%s|%s", f->document, f->product,
                 f->section, f->source);
        snprintf(r->s2[r->n], 64, "%s|%s|%s|%s", f->source_ports,
                 f->destination, f->destination_ports, f->protocol);
        snprintf(r->s3[r->n], 64, "%s|%s|%s|%s|%s", f->description,
                 f->requirement, f->req_level, f->direction, f->marks);
    }
    return stop_now(r);
}

static int range_cb(void *ctx, const db_range *g)
{
    rows *r = ctx;
    if (r->n < MAXROWS) {
        r->id[r->n] = g->flow_id;
        snprintf(r->s1[r->n], 64, "%s %s %s %d-%d %s [%s] [%s]",
                 g->side == SIDE_DST ? "dst" : "src", proto_name(g->proto),
                 port_kind_name(g->kind), g->lo, g->hi,
                 parity_name(g->parity), g->label, g->marks);
    }
    return stop_now(r);
}

static int note_cb(void *ctx, const db_footnote *n)
{
    rows *r = ctx;
    if (r->n < MAXROWS) {
        r->id[r->n] = n->id;
        r->line[r->n] = n->line;
        snprintf(r->s1[r->n], 64, "%s|%s", n->mark, n->text);
    }
    return stop_now(r);
}

static int diag_cb(void *ctx, const db_diag *g)
{
    rows *r = ctx;
    if (r->n < MAXROWS) {
        r->id[r->n] = g->flow_id;
        r->num[r->n] = g->document_id;
        r->line[r->n] = g->line;
        snprintf(r->s1[r->n], 64, "%s|%s|%s|%s", g->document, g->path,
                 g->severity, g->message);
    }
    return stop_now(r);
}

static int port_cb(void *ctx, const db_port_hit *h)
{
    rows *r = ctx;
    if (r->n < MAXROWS) {
        r->id[r->n] = h->flow->id;
        r->line[r->n] = h->flow->line;
        r->num[r->n] = h->span;
        r->num2[r->n] = (long long)h->nranges;
        r->s1[r->n][0] = '\0';
        for (size_t i = 0; i < h->nranges; i++) {
            size_t len = strlen(r->s1[r->n]);
            snprintf(r->s1[r->n] + len, 64 - len, "%s%s:%d-%d[%s]",
                     i ? " " : "", h->ranges[i].side == SIDE_DST ? "d" : "s",
                     h->ranges[i].lo, h->ranges[i].hi, h->ranges[i].label);
        }
        snprintf(r->s2[r->n], 64, "%s|%s", h->flow->source,
                 h->flow->destination_ports);
    }
    return stop_now(r);
}

static int hist_cb(void *ctx, const char *text)
{
    rows *r = ctx;
    if (r->n < MAXROWS)
        snprintf(r->s1[r->n], 64, "%s", text);
    return stop_now(r);
}

/* The lines of the collected rows, "10 12 14", for order checks. */
static const char *lines_of(const rows *r)
{
    static char buf[512];
    buf[0] = '\0';
    for (int i = 0; i < r->n && i < MAXROWS; i++) {
        size_t len = strlen(buf);
        snprintf(buf + len, sizeof buf - len, "%s%d", i ? " " : "",
                 r->line[i]);
    }
    return buf;
}

/* ---- the fixture -------------------------------------------------------- */

/* Flows by line, for the port tests (port 1720 unless said):
 * 10  dst 1720 tcp "H.225" *         exact
 * 11  dst 1700-1800 tcp              wide (101)
 * 12  dst 1024-1324 tcp              no match
 * 14  dst 1718-1720 udp              narrow (3)
 * 15  src 1657-1720                  narrow, the widest narrow (64)
 * 16  src 1656-1720                  wide, the narrowest wide (65)
 * 17  dst >=1024                     ge1024, no protocol
 * 18  src >=1024 and dst 1720-1721   two matches, span 2
 * 19  dst 1721-1730, src 1700-1719   no match (just outside)
 * 20  dst any                        no lo/hi
 * 21  dst 1700-1760 even ports       matches 1720, not 1721 */
typedef struct {
    long long doc, gk, gk_in, gk_out, media, rtp;
    long long flow[32]; /* by line */
    long long note;
} fixture;

static long long add_flow(db *d, fixture *fx, long long section, int line,
                          const char *src, const char *dst,
                          const char *dports, const char *proto)
{
    db_flow_in in = {
        .document_id = fx->doc, .section_id = section, .line = line,
        .source = src, .source_ports = "", .destination = dst,
        .destination_ports = dports, .protocol = proto,
        .description = "", .requirement = "", .req_level = "",
        .direction = "", .marks = "",
    };
    long long id = 0;
    if (db_flow_add(d, &in, &id) != ST_OK)
        return 0;
    fx->flow[line] = id;
    return id;
}

static status add_range(db *d, long long flow, flow_side side, proto_t p,
                        port_kind_t k, int lo, int hi, parity_t par,
                        char *label, char *marks)
{
    port_range r = { p, k, lo, hi, par, label, marks, -1 };
    return db_range_add(d, flow, side, &r);
}

/* Write the document; returns the number of calls that failed. */
static int build_fixture(db *d, fixture *fx, const char *path,
                         const char *sha)
{
    int bad = 0;
    memset(fx, 0, sizeof *fx);
    db_document_in doc = { path, "a.txt", sha, "Title 'quoted'", "Acme",
                           "pipe", 1234 };
    bad += db_begin(d) != ST_OK;
    bad += db_document_put(d, &doc, &fx->doc) != ST_OK;
    bad += db_product_id(d, fx->doc, "Gatekeeper", &fx->gk) != ST_OK;
    bad += db_section_id(d, fx->gk, "Inbound", &fx->gk_in) != ST_OK;
    bad += db_section_id(d, fx->gk, "Outbound", &fx->gk_out) != ST_OK;
    bad += db_product_id(d, fx->doc, "Media", &fx->media) != ST_OK;
    bad += db_section_id(d, fx->media, "RTP", &fx->rtp) != ST_OK;

    db_flow_in f10 = {
        .document_id = fx->doc, .section_id = fx->gk_in, .line = 10,
        .source = "Endpoint", .source_ports = ">=1024",
        .destination = "Gatekeeper", .destination_ports = "1720*",
        .protocol = "TCP", .description = "H.225 call signalling",
        .requirement = "Mandatory for H.323", .req_level = "mandatory",
        .direction = "inbound", .marks = "*",
    };
    bad += db_flow_add(d, &f10, &fx->flow[10]) != ST_OK;
    long long f = fx->flow[10];
    bad += add_range(d, f, SIDE_DST, PROTO_TCP, PORT_NUMERIC, 1720, 1720,
                     PARITY_ALL, "H.225", "*") != ST_OK;
    bad += add_range(d, f, SIDE_SRC, PROTO_TCP, PORT_VENDOR, -1, -1,
                     PARITY_ALL, NULL, NULL) != ST_OK;
    f = add_flow(d, fx, fx->gk_in, 11, "Endpoint", "Gatekeeper",
                 "1700-1800", "TCP");
    bad += add_range(d, f, SIDE_DST, PROTO_TCP, PORT_NUMERIC, 1700, 1800,
                     PARITY_ALL, NULL, NULL) != ST_OK;
    f = add_flow(d, fx, fx->gk_out, 12, "Gatekeeper", "Endpoint",
                 "1024-1324", "TCP");
    bad += add_range(d, f, SIDE_DST, PROTO_TCP, PORT_NUMERIC, 1024, 1324,
                     PARITY_ALL, "H.245", NULL) != ST_OK;
    f = add_flow(d, fx, fx->gk_out, 14, "Gatekeeper", "endpoint B",
                 "1718-1720", "UDP");
    bad += add_range(d, f, SIDE_DST, PROTO_UDP, PORT_NUMERIC, 1718, 1720,
                     PARITY_ALL, NULL, NULL) != ST_OK;
    f = add_flow(d, fx, fx->rtp, 15, "MCU", "Gatekeeper", "", "");
    bad += add_range(d, f, SIDE_SRC, PROTO_UNSPEC, PORT_NUMERIC, 1657, 1720,
                     PARITY_ALL, NULL, NULL) != ST_OK;
    f = add_flow(d, fx, fx->rtp, 16, "MCU", "Gatekeeper", "", "");
    bad += add_range(d, f, SIDE_SRC, PROTO_UNSPEC, PORT_NUMERIC, 1656, 1720,
                     PARITY_ALL, NULL, NULL) != ST_OK;
    f = add_flow(d, fx, fx->rtp, 17, "MCU", "Gatekeeper", ">=1024", "");
    bad += add_range(d, f, SIDE_DST, PROTO_UNSPEC, PORT_GE1024, 1024, 65535,
                     PARITY_ALL, NULL, NULL) != ST_OK;
    f = add_flow(d, fx, fx->rtp, 18, "MCU", "MCU", "1720-1721", "TCP");
    bad += add_range(d, f, SIDE_SRC, PROTO_TCP, PORT_GE1024, 1024, 65535,
                     PARITY_ALL, NULL, NULL) != ST_OK;
    bad += add_range(d, f, SIDE_DST, PROTO_TCP, PORT_NUMERIC, 1720, 1721,
                     PARITY_ALL, "pair", NULL) != ST_OK;
    f = add_flow(d, fx, fx->rtp, 19, "MCU", "Gatekeeper", "1721-1730", "");
    bad += add_range(d, f, SIDE_DST, PROTO_TCP, PORT_NUMERIC, 1721, 1730,
                     PARITY_ALL, NULL, NULL) != ST_OK;
    bad += add_range(d, f, SIDE_SRC, PROTO_TCP, PORT_NUMERIC, 1700, 1719,
                     PARITY_ALL, NULL, NULL) != ST_OK;
    f = add_flow(d, fx, fx->rtp, 20, "MCU", "Gatekeeper", "<any>", "");
    bad += add_range(d, f, SIDE_DST, PROTO_UNSPEC, PORT_ANY, -1, -1,
                     PARITY_ALL, NULL, NULL) != ST_OK;
    f = add_flow(d, fx, fx->rtp, 21, "MCU", "Gatekeeper", "1700-1760 (even)",
                 "UDP");
    bad += add_range(d, f, SIDE_DST, PROTO_UDP, PORT_NUMERIC, 1700, 1760,
                     PARITY_EVEN, NULL, NULL) != ST_OK;

    bad += db_footnote_add(d, fx->doc, 50, "*", "Only with 'H.323' \"GK\"",
                           &fx->note) != ST_OK;
    long long other;
    bad += db_footnote_add(d, fx->doc, 51, "**", "Unused", &other) != ST_OK;
    bad += db_flow_footnote_add(d, fx->flow[10], fx->note) != ST_OK;
    bad += db_flow_footnote_add(d, fx->flow[10], fx->note) != ST_OK;
    bad += db_diag_add(d, fx->doc, 0, 3, "warning", "no title line") != ST_OK;
    bad += db_diag_add(d, fx->doc, fx->flow[12], 12, "error",
                       "port 120002 is above 65535") != ST_OK;
    bad += db_diag_add(d, fx->doc, fx->flow[12], 12, "info", "guessed TCP")
           != ST_OK;
    bad += db_commit(d) != ST_OK;
    return bad;
}

/* ---- tests -------------------------------------------------------------- */

static void test_create(const char *path)
{
    db *d = NULL;
    int created = -1;
    status st = db_open(path, DB_OPEN_CREATE, &d, &created, errbuf,
                        sizeof errbuf);
    is_int(st, ST_OK, "create: db_open ok (%s)", errbuf);
    is_int(created, 1, "create: reports a new file");
    ok(d && !db_is_readonly(d), "create: writable");
    char dir[300];
    test_dir_path(dir, sizeof dir, "new");
    struct stat sb;
    ok(stat(dir, &sb) == 0 && (sb.st_mode & 0777) == 0700,
       "create: new parent directory is 0700");
    if (!d)
        return;
    is_int(raw_int(d->h, "PRAGMA foreign_keys"), 1, "create: foreign_keys on");
    db_close(d);

    sqlite3 *h = raw_open(path);
    char mode[32];
    raw_text(h, "PRAGMA journal_mode", mode, sizeof mode);
    is_str(mode, "wal", "create: journal_mode is WAL");
    is_int(raw_int(h, "PRAGMA user_version"), db_schema_version(),
           "create: user_version is the schema version");
    is_int(db_schema_version(), 5, "schema version is 5");
    is_int(raw_int(h, "SELECT count(*) FROM sqlite_master WHERE type = "
                      "'table' AND name IN ('document', 'product', "
                      "'section', 'flow', 'port_range', 'footnote', "
                      "'flow_footnote', 'diagnostic', 'worksheet', "
                      "'worksheet_flow', 'setting', 'history')"),
           12, "create: all twelve tables exist");
    sqlite3_close(h);

    st = db_open(path, DB_OPEN_CREATE, &d, &created, errbuf, sizeof errbuf);
    is_int(st, ST_OK, "reopen: ok");
    is_int(created, 0, "reopen: not a new file");
    db_close(d);
}

static void test_read_back(db *d, const fixture *fx)
{
    rows r = { 0 };
    is_int(db_documents(d, doc_cb, &r), ST_OK, "documents: ok");
    is_int(r.n, 1, "documents: one");
    is_int(r.id[0], fx->doc, "documents: id");
    is_str(r.s1[0], "a.txt|/docs/a.txt|sha-1", "documents: name, path, sha");
    is_str(r.s2[0], "Title 'quoted'|Acme|pipe|1234",
           "documents: title, vendor, format, size");
    is_int(r.num[0], 12, "documents: flow count");
    is_int(r.num2[0], 2, "documents: warnings count (warning + error)");
    ok(strlen(r.s3[0]) == 20 && r.s3[0][10] == 'T' && r.s3[0][19] == 'Z',
       "documents: imported_at is ISO 8601 UTC (%s)", r.s3[0]);

    memset(&r, 0, sizeof r);
    is_int(db_products(d, product_cb, &r), ST_OK, "products: ok");
    is_int(r.n, 3, "products: one row per section");
    is_str(r.s1[0], "a.txt/Gatekeeper/Inbound", "products: row 1");
    is_str(r.s1[1], "a.txt/Gatekeeper/Outbound", "products: row 2");
    is_str(r.s1[2], "a.txt/Media/RTP", "products: row 3");
    is_int(r.num[0], 2, "products: Inbound has 2 flows");
    is_int(r.num[1], 2, "products: Outbound has 2 flows");
    is_int(r.num[2], 8, "products: RTP has 8 flows");
    is_int(r.id[2], fx->rtp, "products: section id");
    is_int(r.num2[2], fx->media, "products: product id");

    memset(&r, 0, sizeof r);
    is_int(db_devices(d, device_cb, &r), ST_OK, "devices: ok");
    is_int(r.n, 6, "devices: six names");
    is_str(r.s1[0], "Endpoint", "devices: case-insensitive order 1");
    is_str(r.s1[1], "endpoint B", "devices: case-insensitive order 2");
    is_str(r.s1[2], "Gatekeeper", "devices: 3");
    is_str(r.s1[3], "MCU", "devices: 4");
    /* "endpoint B" is a variant of "Endpoint" (src/device.h): listed
     * after it, in its group, and counted in the group's flows. */
    is_str(r.s2[0], "", "devices: Endpoint is a group");
    is_str(r.s2[1], "Endpoint", "devices: endpoint B is in the Endpoint group");
    is_str(r.s2[2], "", "devices: Gatekeeper is a group");
    is_int(r.num[0], 4, "devices: Endpoint and its variant in 4 flows");
    is_int(r.num[1], 1, "devices: endpoint B alone in 1 flow");
    is_int(r.num[2], 10, "devices: Gatekeeper in 10 flows");
    is_int(r.num[3], 7, "devices: MCU counted once for MCU->MCU");
    is_str(r.s1[4], "O'Brien", "devices: 5");
    is_str(r.s1[5], "x\\y", "devices: 6");

    memset(&r, 0, sizeof r);
    is_int(db_flows(d, NULL, flow_cb, &r), ST_OK, "flows: ok");
    is_int(r.n, 12, "flows: all");
    is_str(lines_of(&r), "10 11 12 14 15 16 17 18 19 20 21 30",
           "flows: document then line order");
    is_str(r.s1[0], "a.txt|Gatekeeper|Inbound|Endpoint",
           "flows: document, product, section, source");
    is_str(r.s2[0], ">=1024|Gatekeeper|1720*|TCP",
           "flows: ports, destination, protocol");
    is_str(r.s3[0], "H.225 call signalling|Mandatory for H.323|mandatory|"
                    "inbound|*", "flows: description .. marks");

    long long n = -1;
    db_scope sc = { .section_id = fx->gk_out };
    memset(&r, 0, sizeof r);
    db_flows(d, &sc, flow_cb, &r);
    is_str(lines_of(&r), "12 14", "flows: section scope");
    is_int(db_flow_count(d, &sc, &n), ST_OK, "flow count: ok");
    is_int(n, 2, "flow count: section scope");
    sc = (db_scope){ .product_id = fx->gk };
    db_flow_count(d, &sc, &n);
    is_int(n, 4, "flow count: product scope");
    sc = (db_scope){ .document_id = fx->doc };
    db_flow_count(d, &sc, &n);
    is_int(n, 12, "flow count: document scope");
    sc = (db_scope){ .document_id = fx->doc + 1000 };
    db_flow_count(d, &sc, &n);
    is_int(n, 0, "flow count: other document");
    sc = (db_scope){ .device = "Endpoint" };
    memset(&r, 0, sizeof r);
    db_flows(d, &sc, flow_cb, &r);
    is_str(lines_of(&r), "10 11 12 14",
           "flows: device (or a variant) as source or dest");
    sc = (db_scope){ .device = "O'Brien", .product_id = fx->media };
    memset(&r, 0, sizeof r);
    db_flows(d, &sc, flow_cb, &r);
    is_str(lines_of(&r), "30", "flows: device with a quote, and product");

    memset(&r, 0, sizeof r);
    is_int(db_flow_get(d, fx->flow[14], flow_cb, &r), ST_OK, "flow get: ok");
    is_int(r.n, 1, "flow get: one row");
    is_int(r.line[0], 14, "flow get: the flow asked for");
    is_int(r.num[0], fx->doc, "flow get: document id");
    is_int(db_flow_get(d, 999999, flow_cb, &r), ST_NOTFOUND,
           "flow get: ST_NOTFOUND for no such flow");

    memset(&r, 0, sizeof r);
    is_int(db_flow_ranges(d, fx->flow[10], range_cb, &r), ST_OK,
           "ranges: ok");
    is_int(r.n, 2, "ranges: two");
    is_str(r.s1[0], "src tcp vendor -1--1  [] []",
           "ranges: source first, non-numeric has -1");
    is_str(r.s1[1], "dst tcp numeric 1720-1720  [H.225] [*]",
           "ranges: destination with label and marks");
    memset(&r, 0, sizeof r);
    db_flow_ranges(d, fx->flow[21], range_cb, &r);
    is_str(r.s1[0], "dst udp numeric 1700-1760 even [] []",
           "ranges: parity");
    memset(&r, 0, sizeof r);
    db_flow_ranges(d, fx->flow[17], range_cb, &r);
    is_str(r.s1[0], "dst  ge1024 1024-65535  [] []",
           "ranges: ge1024 without protocol");

    memset(&r, 0, sizeof r);
    is_int(db_flow_footnotes(d, fx->flow[10], note_cb, &r), ST_OK,
           "footnotes: ok");
    is_int(r.n, 1, "footnotes: linked once");
    is_str(r.s1[0], "*|Only with 'H.323' \"GK\"", "footnotes: mark, text");
    is_int(r.line[0], 50, "footnotes: line");
    is_int(r.id[0], fx->note, "footnotes: id");

    memset(&r, 0, sizeof r);
    is_int(db_diags(d, fx->doc, diag_cb, &r), ST_OK, "diags: ok");
    is_int(r.n, 3, "diags: all of the document");
    is_str(r.s1[0], "a.txt|/docs/a.txt|warning|no title line",
           "diags: by line, document-level first");
    is_int(r.id[0], 0, "diags: flow_id 0 when none");
    is_int(r.line[1], 12, "diags: line");
    is_int(r.id[1], fx->flow[12], "diags: flow id");
    memset(&r, 0, sizeof r);
    db_diags(d, 0, diag_cb, &r);
    is_int(r.n, 3, "diags: document 0 means all");
    memset(&r, 0, sizeof r);
    is_int(db_flow_diags(d, fx->flow[12], diag_cb, &r), ST_OK,
           "flow diags: ok");
    is_int(r.n, 2, "flow diags: two");
    is_str(r.s1[0], "a.txt|/docs/a.txt|error|port 120002 is above 65535",
           "flow diags: text");
}

/* Adds the flow of line 30 with hostile text; returns its id. */
static long long add_hostile(db *d, fixture *fx)
{
    static const char evil[] = "'; DROP TABLE flow; --";
    db_flow_in in = {
        .document_id = fx->doc, .section_id = fx->rtp, .line = 30,
        .source = "O'Brien", .source_ports = "\"5060\"",
        .destination = "x\\y", .destination_ports = evil,
        .protocol = "TCP", .description = evil,
        .requirement = "", .req_level = "", .direction = "", .marks = "",
    };
    long long id = 0;
    if (db_flow_add(d, &in, &id) != ST_OK)
        return 0;
    fx->flow[30] = id;
    return id;
}

static void test_hostile(db *d, const fixture *fx)
{
    rows r = { 0 };
    db_flow_get(d, fx->flow[30], flow_cb, &r);
    is_str(r.s2[0], "\"5060\"|x\\y|'; DROP TABLE flow; --|TCP",
           "quotes and SQL text round-trip (ports, destination)");
    is_str(r.s3[0], "'; DROP TABLE flow; --||||", "SQL text as description");
    is_int(raw_int(d->h, "SELECT count(*) FROM sqlite_master WHERE name = "
                         "'flow'"), 1, "flow table still there");
    char v[64];
    db_setting_set(d, "k'; DROP TABLE setting; --", "v'\"");
    is_int(db_setting_get(d, "k'; DROP TABLE setting; --", v, sizeof v),
           ST_OK, "setting with SQL in its key");
    is_str(v, "v'\"", "setting value with quotes");
}

static void port_query(db *d, int port, proto_t p, long long max, rows *r)
{
    memset(r, 0, sizeof *r);
    status st = db_flows_by_port(d, port, p, max, port_cb, r);
    if (st != ST_OK)
        diag("db_flows_by_port: %s (%s)", status_str(st), db_error(d));
}

static void test_port(db *d)
{
    rows r;
    long long n = -1;
    port_query(d, 1720, PROTO_UNSPEC, 0, &r);
    is_str(lines_of(&r), "10 18 14 21 15 16 11 17",
           "port 1720: exact, then narrow, then wide");
    is_int(r.num[0], 1, "port 1720: exact port has span 1");
    is_int(r.num[1], 2, "port 1720: two-port range span 2");
    is_int(r.num[3], 61, "port 1720: even-port range contains 1720");
    is_int(r.num[4], 64, "port 1720: widest narrow range found");
    is_int(r.num[5], 65, "port 1720: narrowest wide range found");
    is_int(r.num[7], 64512, "port 1720: ge1024 span");
    is_int(r.num2[1], 2, "port 1720: flow with two matches has both ranges");
    is_str(r.s1[1], "d:1720-1721[pair] s:1024-65535[]",
           "port 1720: a flow's ranges narrowest first");
    is_str(r.s1[0], "d:1720-1720[H.225]", "port 1720: range label");
    is_str(r.s2[0], "Endpoint|1720*", "port 1720: flow text");
    is_int(db_port_count(d, 1720, PROTO_UNSPEC, 0, &n), ST_OK,
           "port count: ok");
    is_int(n, 8, "port count: same flows as the walk");

    port_query(d, 1720, PROTO_UNSPEC, 1, &r);
    is_str(lines_of(&r), "10", "max_span 1: exact only");
    port_query(d, 1720, PROTO_UNSPEC, 64, &r);
    is_str(lines_of(&r), "10 18 14 21 15", "max_span 64: up to 64 wide");
    is_int(r.num2[1], 1, "max_span: the too-wide range of a flow dropped");
    db_port_count(d, 1720, PROTO_UNSPEC, 64, &n);
    is_int(n, 5, "port count with max_span");

    port_query(d, 1720, PROTO_UDP, 0, &r);
    is_str(lines_of(&r), "14 21 15 16 17",
           "proto udp: udp ranges and those with no protocol");
    port_query(d, 1720, PROTO_TCP, 0, &r);
    is_str(lines_of(&r), "10 18 15 16 11 17", "proto tcp");
    db_port_count(d, 1720, PROTO_TCP, 0, &n);
    is_int(n, 6, "port count with proto");

    port_query(d, 1721, PROTO_UNSPEC, 0, &r);
    is_str(lines_of(&r), "18 19 11 17",
           "port 1721: not the even-port range; the range edges");
    port_query(d, 40000, PROTO_UNSPEC, 0, &r);
    is_str(lines_of(&r), "17 18", "port 40000: ge1024 ranges found");
    port_query(d, 1024, PROTO_UNSPEC, 0, &r);
    is_str(lines_of(&r), "12 17 18", "port 1024: bottom of >=1024");
    port_query(d, 1023, PROTO_UNSPEC, 0, &r);
    is_int(r.n, 0, "port 1023: below every range");
    port_query(d, 65535, PROTO_UNSPEC, 0, &r);
    is_str(lines_of(&r), "17 18", "port 65535: top edge");
    port_query(d, 70000, PROTO_UNSPEC, 0, &r);
    is_int(r.n, 0, "port 70000: nothing");
}

/* The plan must search the range indexes; a "SCAN" of port_range (alias
 * r) would be a table scan. */
static void test_port_plan(db *d)
{
    char *sql = NULL;
    if (asprintf(&sql, "EXPLAIN QUERY PLAN %s", db_port_sql) < 0)
        return;
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(d->h, sql, -1, &st, NULL);
    free(sql);
    is_int(rc, SQLITE_OK, "plan: EXPLAIN QUERY PLAN prepares");
    if (rc != SQLITE_OK)
        return;
    sqlite3_bind_int(st, 1, 1720);
    sqlite3_bind_text(st, 2, "", -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, 0);
    int lohi = 0, wide = 0, scan = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *detail = (const char *)sqlite3_column_text(st, 3);
        diag("plan: %s", detail);
        if (strstr(detail, "SEARCH r USING") &&
            strstr(detail, "INDEX port_range_lohi (lo>? AND lo<?)"))
            lohi++;
        if (strstr(detail, "SEARCH r USING") &&
            strstr(detail, "INDEX port_range_wide (lo<?)"))
            wide++;
        if (strncmp(detail, "SCAN r", 6) == 0 ||
            strstr(detail, "SCAN port_range") || strstr(detail, "SCAN f"))
            scan++;
    }
    sqlite3_finalize(st);
    is_int(lohi, 1, "plan: narrow ranges by a range search of (lo, hi)");
    is_int(wide, 1, "plan: wide ranges from the partial index");
    is_int(scan, 0, "plan: no scan of port_range or flow");
}

/* With many ranges the lookup touches only a few of them. */
static void test_port_scale(const char *path)
{
    db *d;
    if (db_open(path, DB_OPEN_CREATE, &d, NULL, errbuf, sizeof errbuf))
        return;
    db_document_in doc = { "/scale", "scale", "s", "", "", "", 0 };
    long long id, flow;
    int bad = db_begin(d) != ST_OK;
    bad += db_document_put(d, &doc, &id) != ST_OK;
    db_flow_in in = { .document_id = id };
    for (int i = 0; i < 20000; i++) {
        in.line = i + 1;
        bad += db_flow_add(d, &in, &flow) != ST_OK;
        int wide = i % 200 == 0;
        int lo = wide ? 1024 + i % 1000 : 1 + (i * 7) % 65000;
        int hi = wide ? 65535 : lo + i % 10;
        bad += add_range(d, flow, SIDE_DST, PROTO_TCP, PORT_NUMERIC, lo, hi,
                         PARITY_ALL, NULL, NULL) != ST_OK;
    }
    bad += db_commit(d) != ST_OK;
    is_int(bad, 0, "scale: 20000 flows written");
    long long n = 0;
    db_port_count(d, 30000, PROTO_UNSPEC, 0, &n);
    rows r = { 0 };
    db_flows_by_port(d, 30000, PROTO_UNSPEC, 0, port_cb, &r);
    sqlite3_stmt *st = d->stmt[Q_PORT];
    if (!ok(st != NULL, "scale: the port statement prepared (%s)",
            db_error(d))) {
        db_close(d);
        return;
    }
    int full = sqlite3_stmt_status(st, SQLITE_STMTSTATUS_FULLSCAN_STEP, 0);
    int vm = sqlite3_stmt_status(st, SQLITE_STMTSTATUS_VM_STEP, 0);
    diag("scale: %lld hits, %d VM steps, %d full-scan steps", n, vm, full);
    ok(n >= 100, "scale: the wide ranges all match (%lld)", n);
    is_int(r.n, n, "scale: walk and count agree");
    is_int(full, 0, "scale: no full-scan steps in the lookup");
    ok(vm < 200000, "scale: the lookup stays small (%d VM steps)", vm);
    /* Below 1024 only narrow ranges can match: a handful of index
     * entries, where a scan would step through all 20000 rows. */
    memset(&r, 0, sizeof r);
    sqlite3_stmt_status(st, SQLITE_STMTSTATUS_VM_STEP, 1);
    db_flows_by_port(d, 500, PROTO_UNSPEC, 0, port_cb, &r);
    vm = sqlite3_stmt_status(st, SQLITE_STMTSTATUS_VM_STEP, 0);
    diag("scale: port 500: %d hits, %d VM steps", r.n, vm);
    ok(r.n >= 1, "scale: port 500 has hits");
    ok(vm < 5000, "scale: a narrow-only lookup is a few index steps (%d)",
       vm);
    db_close(d);
}

static void test_replace(db *d, fixture *fx, const char *path)
{
    long long id = -1;
    int unchanged = -1;
    long long old_doc = fx->doc, old_flow = fx->flow[10];
    is_int(db_document_lookup(d, "/docs/a.txt", "sha-1", &id, &unchanged),
           ST_OK, "lookup: ok");
    is_int(unchanged, 1, "lookup: same sha256 is unchanged");
    is_int(id, old_doc, "lookup: its id");
    is_int(db_document_lookup(d, "/docs/a.txt", "sha-2", &id, &unchanged),
           ST_OK, "lookup: changed file ok");
    is_int(unchanged, 0, "lookup: new sha256 is changed");
    is_int(id, old_doc, "lookup: the document with this path");
    db_document_lookup(d, "/docs/b.txt", "sha-9", &id, &unchanged);
    is_int(id, 0, "lookup: unknown path gives 0");
    is_int(unchanged, 0, "lookup: unknown sha256 not unchanged");

    db_mark_set(d, old_flow, 1);
    long long before_ranges = raw_int(d->h, "SELECT count(*) FROM port_range");
    fixture fx2;
    is_int(build_fixture(d, &fx2, path, "sha-2"), 0, "replace: rewritten");
    ok(fx2.doc != old_doc, "replace: a new document id");
    char q[512];
    snprintf(q, sizeof q,
             "SELECT (SELECT count(*) FROM flow WHERE document_id = %lld) +"
             " (SELECT count(*) FROM product WHERE document_id = %lld) +"
             " (SELECT count(*) FROM footnote WHERE document_id = %lld) +"
             " (SELECT count(*) FROM diagnostic WHERE document_id = %lld)",
             old_doc, old_doc, old_doc, old_doc);
    is_int(raw_int(d->h, q), 0, "replace: old flows, products, notes, "
                                "diagnostics gone");
    is_int(raw_int(d->h, "SELECT count(*) FROM document"), 1,
           "replace: one document");
    is_int(raw_int(d->h, "SELECT count(*) FROM port_range"),
           before_ranges, "replace: old ranges gone (not twice as many)");
    is_int(raw_int(d->h, "SELECT count(*) FROM section"), 3,
           "replace: old sections gone");
    is_int(raw_int(d->h, "SELECT count(*) FROM flow_footnote"), 1,
           "replace: old footnote links gone");
    long long marks = -1;
    db_mark_count(d, &marks);
    is_int(marks, 0, "replace: marks of the old flows gone");
    is_int(db_document_lookup(d, "/docs/a.txt", "sha-2", &id, &unchanged),
           ST_OK, "lookup after replace: ok");
    ok(unchanged == 1 && id == fx2.doc, "lookup after replace: unchanged");
    *fx = fx2;
}

static void test_rollback(db *d, const char *path)
{
    long long docs = raw_int(d->h, "SELECT count(*) FROM document");
    long long flows = raw_int(d->h, "SELECT count(*) FROM flow");
    is_int(db_begin(d), ST_OK, "rollback: begin");
    db_document_in doc = { "/docs/a.txt", "a2", "sha-3", "", "", "", 1 };
    long long id;
    is_int(db_document_put(d, &doc, &id), ST_OK, "rollback: replace doc");
    db_flow_in in = { .document_id = id, .line = 1 };
    long long f;
    db_flow_add(d, &in, &f);
    db_history_add(d, "filter", "inside the transaction");
    is_int(raw_int(d->h, "SELECT count(*) FROM flow"), 1,
           "rollback: inside, the old flows are deleted");
    rows r = { 0 };
    db_flow_get(d, f, flow_cb, &r);
    is_str(r.s1[0], "a2|||", "a flow without a section has no product");
    db_rollback(d);
    is_int(raw_int(d->h, "SELECT count(*) FROM flow"), flows,
           "rollback: flows as before");
    db_rollback(d); /* no transaction: harmless */

    sqlite3 *h = raw_open(path);
    is_int(raw_int(h, "SELECT count(*) FROM document"), docs,
           "rollback: another connection sees the documents as before");
    is_int(raw_int(h, "SELECT count(*) FROM flow"), flows,
           "rollback: another connection sees the flows as before");
    is_int(raw_int(h, "SELECT count(*) FROM document WHERE sha256 = "
                      "'sha-3'"), 0,
           "rollback: no trace of the rolled-back document");
    is_int(raw_int(h, "SELECT count(*) FROM document WHERE sha256 = "
                      "'sha-1'"), 1, "rollback: the old document is back");
    is_int(raw_int(h, "SELECT count(*) FROM history WHERE text = 'inside "
                      "the transaction'"), 0,
           "rollback: history added inside the transaction rolled back");
    sqlite3_close(h);
}

static void test_busy(db *d, const char *path)
{
    sqlite3 *h = raw_open(path);
    int rc = sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    is_int(rc, SQLITE_OK, "busy: other connection holds the write lock");
    is_int(db_begin(d), ST_DB_BUSY, "busy: db_begin gives ST_DB_BUSY");
    sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(h);
    is_int(db_begin(d), ST_OK, "busy: free again");
    db_rollback(d);
}

typedef struct {
    db *d;
    int n, same;
    long long inner_rows;
} nest;

static int inner_flow_cb(void *ctx, const db_flow *f)
{
    nest *ns = ctx;
    ns->inner_rows++;
    (void)f;
    return 0;
}

static int inner_range_cb(void *ctx, const db_range *r)
{
    nest *ns = ctx;
    ns->inner_rows++;
    (void)r;
    return 0;
}

static int outer_flow_cb(void *ctx, const db_flow *f)
{
    nest *ns = ctx;
    char before[128];
    snprintf(before, sizeof before, "%s|%s|%s", f->document, f->source,
             f->description);
    /* The same query again, and another, while this one is walking. */
    db_flows(ns->d, NULL, inner_flow_cb, ns);
    db_flow_ranges(ns->d, f->id, inner_range_cb, ns);
    char after[128];
    snprintf(after, sizeof after, "%s|%s|%s", f->document, f->source,
             f->description);
    ns->same += strcmp(before, after) == 0;
    ns->n++;
    return 0;
}

static void test_nested(db *d)
{
    nest ns = { d, 0, 0, 0 };
    is_int(db_flows(d, NULL, outer_flow_cb, &ns), ST_OK,
           "nested: walk while walking");
    is_int(ns.n, 12, "nested: outer walk saw every flow");
    is_int(ns.same, 12, "nested: outer strings intact after inner walks");
    is_int(ns.inner_rows, 12 * 12 + 14, "nested: inner walks complete");
}

static void test_stop(db *d)
{
    rows r = { .stop_after = 2 };
    is_int(db_flows(d, NULL, flow_cb, &r), ST_STOP, "stop: db_flows");
    is_int(r.n, 2, "stop: no call after the stop");
    r = (rows){ .stop_after = 1 };
    is_int(db_flows_by_port(d, 1720, PROTO_UNSPEC, 0, port_cb, &r), ST_STOP,
           "stop: db_flows_by_port");
    is_int(r.n, 1, "stop: port walk stopped at once");
    r = (rows){ .stop_after = 1 };
    is_int(db_documents(d, doc_cb, &r), ST_STOP, "stop: db_documents");
    r = (rows){ .stop_after = 1 };
    is_int(db_history(d, "port", hist_cb, &r), ST_STOP, "stop: db_history");
    r = (rows){ 0 };
    is_int(db_flows(d, NULL, flow_cb, &r), ST_OK,
           "stop: the statement is usable again");
    is_int(r.n, 12, "stop: and sees every row");
}

static void test_marks(const char *path, const fixture *fx)
{
    db *d;
    long long n = -1;
    if (db_open(path, 0, &d, NULL, errbuf, sizeof errbuf) != ST_OK)
        return;
    is_int(db_mark_count(d, &n), ST_OK, "marks: count ok");
    is_int(n, 0, "marks: none yet");
    is_int(db_mark_set(d, fx->flow[10], 1), ST_OK, "marks: mark one");
    db_mark_set(d, fx->flow[14], 1);
    db_mark_set(d, fx->flow[14], 1);
    db_mark_set(d, fx->flow[21], 1);
    is_int(db_mark_set(d, fx->flow[21], 0), ST_OK, "marks: unmark");
    is_int(db_mark_set(d, 987654, 1), ST_NOTFOUND,
           "marks: no such flow is ST_NOTFOUND");
    db_close(d);

    if (db_open(path, 0, &d, NULL, errbuf, sizeof errbuf) != ST_OK)
        return;
    db_mark_count(d, &n);
    is_int(n, 2, "marks: persist after reopen");
    rows r = { 0 };
    db_scope sc = { .marked_only = 1 };
    db_flows(d, &sc, flow_cb, &r);
    is_str(lines_of(&r), "10 14", "marks: marked_only scope");
    ok(r.marked[0] == 1 && r.marked[1] == 1, "marks: flows say marked");
    db_flow_count(d, &sc, &n);
    is_int(n, 2, "marks: marked_only count");
    memset(&r, 0, sizeof r);
    db_flow_get(d, fx->flow[11], flow_cb, &r);
    is_int(r.marked[0], 0, "marks: unmarked flow says so");
    memset(&r, 0, sizeof r);
    db_flows_by_port(d, 1720, PROTO_UNSPEC, 0, port_cb, &r);
    is_int(r.id[0], fx->flow[10], "marks: port hit is the marked flow");

    db_setting_set(d, "worksheet", "other");
    db_mark_count(d, &n);
    is_int(n, 0, "marks: another worksheet starts empty");
    memset(&r, 0, sizeof r);
    db_flow_get(d, fx->flow[10], flow_cb, &r);
    is_int(r.marked[0], 0, "marks: marked follows the current worksheet");
    db_setting_set(d, "worksheet", "default");
    db_mark_count(d, &n);
    is_int(n, 2, "marks: back to default");
    db_close(d);
}

static void test_settings(db *d)
{
    char v[8] = "junk";
    is_int(db_setting_get(d, "nope", v, sizeof v), ST_NOTFOUND,
           "settings: unset is ST_NOTFOUND");
    is_int(db_setting_set(d, "theme", "dark"), ST_OK, "settings: set");
    db_setting_set(d, "theme", "light");
    is_int(db_setting_get(d, "theme", v, sizeof v), ST_OK, "settings: get");
    is_str(v, "light", "settings: overwritten value");
    db_setting_set(d, "long", "0123456789");
    db_setting_get(d, "long", v, sizeof v);
    is_str(v, "0123456", "settings: truncated to n - 1 bytes");
}

static void test_history(db *d)
{
    rows r = { 0 };
    db_history_add(d, "filter", "a");
    db_history_add(d, "filter", "b");
    db_history_add(d, "port", "1720");
    db_history_add(d, "filter", "c");
    is_int(db_history_add(d, "filter", "a"), ST_OK, "history: add");
    is_int(db_history(d, "filter", hist_cb, &r), ST_OK, "history: list");
    is_int(r.n, 3, "history: a repeated entry is not doubled");
    ok(!strcmp(r.s1[0], "a") && !strcmp(r.s1[1], "c") &&
       !strcmp(r.s1[2], "b"), "history: newest first, repeat moved up");
    memset(&r, 0, sizeof r);
    db_history(d, "port", hist_cb, &r);
    ok(r.n == 1 && !strcmp(r.s1[0], "1720"), "history: kinds kept apart");

    db_begin(d);
    char t[32];
    for (int i = 0; i < 250; i++) {
        snprintf(t, sizeof t, "x%d", i);
        db_history_add(d, "filter", t);
    }
    db_commit(d);
    memset(&r, 0, sizeof r);
    db_history(d, "filter", hist_cb, &r);
    is_int(r.n, 200, "history: at most 200 kept");
    is_str(r.s1[0], "x249", "history: newest kept");
    is_str(r.s1[199], "x50", "history: oldest dropped");
    memset(&r, 0, sizeof r);
    db_history(d, "port", hist_cb, &r);
    is_int(r.n, 1, "history: cap is per kind");
}

/* Every flow's id and transports in flowtab order ("id:TCP/UDP,"), from
 * the loaded flowtab. Caller frees. */
static char *flowtab_transports(db *d)
{
    flowtab t;
    flowtab_init(&t);
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    if (f && db_flowtab_load(d, &t) == ST_OK)
        for (size_t r = 0; r < t.nrows; r++)
            fprintf(f, "%lld:%s,", flowtab_id(&t, r),
                    flowtab_str(&t, r, FT_TRANS));
    if (f)
        fclose(f);
    flowtab_free(&t);
    return out;
}

/* Schema 4 to 5: a file of the bundled documents made by the schema
 * before (flow without transports, cached text of format 2) gets each
 * flow's transports from its ranges, by the SQL of the upgrade, equal to
 * what the import computes in C (src/ingest.c) for every bundled flow;
 * and its cached text is rebuilt with the new column. */
static void test_upgrade_transports(const char *path)
{
    static const char by_id[] =
        "SELECT group_concat(id || ':' || transports, ',') FROM "
        "(SELECT id, transports FROM flow ORDER BY id)";
    static const char in_order[] =
        "SELECT group_concat(id || ':' || transports || ',', '') FROM "
        "(SELECT id, transports FROM flow ORDER BY document_id, line, id)";
    db *d = NULL;
    if (db_open(path, DB_OPEN_CREATE, &d, NULL, errbuf, sizeof errbuf) !=
        ST_OK) {
        ok(0, "upgrade 5: open (%s)", errbuf);
        return;
    }
    status st = ingest_bundled(d, NULL, NULL);
    ok(st == ST_OK || st == ST_WARN, "upgrade 5: the bundled documents");
    static char want[65536], got[65536];
    raw_text(d->h, by_id, want, sizeof want);
    long long flows = raw_int(d->h, "SELECT count(*) FROM flow");
    long long none = raw_int(d->h, "SELECT count(*) FROM flow WHERE "
                                   "transports = ''");
    ok(flows > 400 && none > 0 && none < 10,
       "upgrade 5: the import gave most of %lld flows transports, %lld "
       "none", flows, none);
    is_int(raw_int(d->h, "SELECT count(DISTINCT transports) FROM flow"), 6,
           "upgrade 5: '', TCP, UDP, TCP/UDP, ICMP and ESP all occur");
    db_close(d);

    /* The flow table of schema 4, as db/schema.sql wrote it, with the
     * rows and ids it had; the other tables are as they were then. */
    sqlite3 *h = raw_open(path);
    int rc = sqlite3_exec(
        h,
        "PRAGMA foreign_keys = OFF;"
        "BEGIN;"
        "CREATE TABLE flow4 ("
        " id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " document_id INTEGER NOT NULL"
        "  REFERENCES document(id) ON DELETE CASCADE,"
        " section_id INTEGER REFERENCES section(id) ON DELETE CASCADE,"
        " line INTEGER NOT NULL DEFAULT 0,"
        " source TEXT NOT NULL DEFAULT '',"
        " source_ports TEXT NOT NULL DEFAULT '',"
        " destination TEXT NOT NULL DEFAULT '',"
        " destination_ports TEXT NOT NULL DEFAULT '',"
        " protocol TEXT NOT NULL DEFAULT '',"
        " description TEXT NOT NULL DEFAULT '',"
        " requirement TEXT NOT NULL DEFAULT '',"
        " req_level TEXT NOT NULL DEFAULT '' CHECK (req_level IN"
        "  ('', 'mandatory', 'recommended', 'optional')),"
        " direction TEXT NOT NULL DEFAULT '' CHECK (direction IN"
        "  ('', 'inbound', 'outbound', 'both', 'local')),"
        " marks TEXT NOT NULL DEFAULT '');"
        "INSERT INTO flow4 SELECT id, document_id, section_id, line, source,"
        " source_ports, destination, destination_ports, protocol,"
        " description, requirement, req_level, direction, marks FROM flow;"
        "DROP TABLE flow;"
        "ALTER TABLE flow4 RENAME TO flow;"
        "CREATE INDEX flow_document_line ON flow(document_id, line);"
        "CREATE INDEX flow_section ON flow(section_id);"
        "UPDATE document_cache SET text_format = 2;"
        "PRAGMA user_version = 4;"
        "COMMIT;",
        NULL, NULL, NULL);
    is_int(rc, SQLITE_OK, "upgrade 5: a version 4 file made");
    is_int(raw_int(h, "SELECT count(*) FROM pragma_table_info('flow') "
                      "WHERE name = 'transports'"),
           0, "upgrade 5: ... without flow.transports");
    is_int(raw_int(h, "SELECT count(*) FROM flow"), flows,
           "upgrade 5: ... with every flow");
    is_int(raw_int(h, "SELECT count(*) FROM port_range r LEFT JOIN flow f "
                      "ON f.id = r.flow_id WHERE f.id IS NULL"),
           0, "upgrade 5: ... and every range still names its flow");
    sqlite3_close(h);

    st = db_open(path, DB_OPEN_CREATE, &d, NULL, errbuf, sizeof errbuf);
    is_int(st, ST_OK, "upgrade 5: opening it works (%s)", errbuf);
    if (st != ST_OK)
        return;
    is_int(raw_int(d->h, "PRAGMA user_version"), 5,
           "upgrade 5: user_version 5");
    raw_text(d->h, by_id, got, sizeof got);
    ok(want[0] && strcmp(got, want) == 0,
       "upgrade 5: every flow's transports as the import computed them");
    char q[128];
    snprintf(q, sizeof q, "SELECT count(*) FROM document_cache WHERE "
             "text_format <> %d", FT_FORMAT);
    is_int(raw_int(d->h, q), 0, "upgrade 5: the cached text is rebuilt");
    raw_text(d->h, in_order, want, sizeof want);
    char *tab = flowtab_transports(d);
    ok(tab && want[0] && strcmp(tab, want) == 0,
       "upgrade 5: the flowtab carries the transports");
    free(tab);
    db_close(d);
}

/* A file another program holds exclusively cannot even be read. */
static void test_busy_open(const char *path)
{
    sqlite3 *h = raw_open(path);
    int rc = sqlite3_exec(h, "PRAGMA locking_mode = EXCLUSIVE; "
                             "BEGIN EXCLUSIVE", NULL, NULL, NULL);
    is_int(rc, SQLITE_OK, "busy open: other program locks the file");
    db *d = (db *)1;
    status st = db_open(path, 0, &d, NULL, errbuf, sizeof errbuf);
    is_int(st, ST_DB_BUSY, "busy open: ST_DB_BUSY");
    ok(d == NULL && strstr(errbuf, "locked") && strstr(errbuf, path),
       "busy open: message (%s)", errbuf);
    sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(h);
    st = db_open(path, 0, &d, NULL, errbuf, sizeof errbuf);
    is_int(st, ST_OK, "busy open: fine once released");
    if (st == ST_OK)
        db_close(d);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void test_refusals(void)
{
    char p[300];
    db *d = (db *)1;
    status st;

    test_dir_path(p, sizeof p, "notes.txt");
    write_file(p, "This is not a database, just some text that is long "
                  "enough to have a header.\n");
    st = db_open(p, DB_OPEN_CREATE, &d, NULL, errbuf, sizeof errbuf);
    is_int(st, ST_DB_CORRUPT, "not SQLite: ST_DB_CORRUPT");
    ok(d == NULL, "not SQLite: no handle");
    ok(strstr(errbuf, p) != NULL, "not SQLite: message names the file (%s)",
       errbuf);

    test_dir_path(p, sizeof p, "other.sqlite");
    sqlite3 *h = raw_open(p);
    sqlite3_exec(h, "CREATE TABLE t(x)", NULL, NULL, NULL);
    sqlite3_close(h);
    st = db_open(p, DB_OPEN_CREATE, &d, NULL, errbuf, sizeof errbuf);
    is_int(st, ST_DB_CORRUPT, "someone else's SQLite file: ST_DB_CORRUPT");
    h = raw_open(p);
    is_int(raw_int(h, "SELECT count(*) FROM sqlite_master"), 1,
           "someone else's SQLite file: left alone");
    sqlite3_close(h);

    test_dir_path(p, sizeof p, "future.db");
    if (db_open(p, DB_OPEN_CREATE, &d, NULL, errbuf, sizeof errbuf) == ST_OK)
        db_close(d);
    h = raw_open(p);
    sqlite3_exec(h, "PRAGMA user_version = 7", NULL, NULL, NULL);
    sqlite3_close(h);
    st = db_open(p, DB_OPEN_CREATE, &d, NULL, errbuf, sizeof errbuf);
    is_int(st, ST_DB_NEWER, "user_version 7: ST_DB_NEWER");
    ok(strstr(errbuf, "was written by a newer portolan (schema 7, this "
                      "build knows 5)") && strstr(errbuf, p),
       "newer: clear message (%s)", errbuf);
    h = raw_open(p);
    sqlite3_exec(h, "PRAGMA user_version = 99", NULL, NULL, NULL);
    sqlite3_close(h);
    st = db_open(p, DB_OPEN_READONLY, &d, NULL, errbuf, sizeof errbuf);
    is_int(st, ST_DB_NEWER, "user_version 99 read-only: ST_DB_NEWER");

    test_dir_path(p, sizeof p, "missing/none.db");
    st = db_open(p, DB_OPEN_READONLY, &d, NULL, errbuf, sizeof errbuf);
    is_int(st, ST_IO, "read-only missing file: ST_IO");
    ok(strstr(errbuf, p) != NULL, "missing: message names it (%s)", errbuf);
    struct stat sb;
    char dir[300];
    test_dir_path(dir, sizeof dir, "missing");
    ok(stat(dir, &sb) != 0, "missing: nothing created");
    st = db_open(p, DB_OPEN_READONLY | DB_OPEN_CREATE, &d, NULL, errbuf,
                 sizeof errbuf);
    is_int(st, ST_IO, "read-only wins over create");
    st = db_open(p, 0, &d, NULL, errbuf, sizeof errbuf);
    is_int(st, ST_IO, "no create flag, missing file: ST_IO");
}

static void test_readonly(const char *path)
{
    db *d;
    status st = db_open(path, DB_OPEN_READONLY, &d, NULL, errbuf,
                        sizeof errbuf);
    is_int(st, ST_OK, "read-only open of an existing file (%s)", errbuf);
    if (st != ST_OK)
        return;
    ok(db_is_readonly(d), "read-only: says so");
    long long n = 0;
    db_flow_count(d, NULL, &n);
    ok(n > 0, "read-only: can read");
    is_int(db_setting_set(d, "x", "y"), ST_DB_READONLY,
           "read-only: writing gives ST_DB_READONLY");
    ok(strlen(db_error(d)) > 0, "read-only: error text (%s)", db_error(d));
    db_close(d);

    if (geteuid() == 0) {
        diag("skipping the unwritable-file check: root writes anything");
        return;
    }
    chmod(path, 0444);
    st = db_open(path, DB_OPEN_CREATE, &d, NULL, errbuf, sizeof errbuf);
    is_int(st, ST_DB_READONLY, "unwritable file: ST_DB_READONLY");
    ok(strstr(errbuf, path) != NULL, "unwritable file: message (%s)",
       errbuf);
    chmod(path, 0644);
    char dir[300];
    snprintf(dir, sizeof dir, "%s", path);
    *strrchr(dir, '/') = '\0';
    chmod(dir, 0555);
    st = db_open(path, DB_OPEN_CREATE, &d, NULL, errbuf, sizeof errbuf);
    is_int(st, ST_DB_READONLY, "unwritable directory: ST_DB_READONLY");
    chmod(dir, 0700);
    st = db_open(path, DB_OPEN_CREATE, &d, NULL, errbuf, sizeof errbuf);
    is_int(st, ST_OK, "writable again: opens (%s)", errbuf);
    if (st == ST_OK)
        db_close(d);
}

int main(void)
{
    if (!test_dir_make("db"))
        return done_testing();
    char path[300], scale[300];
    test_dir_path(path, sizeof path, "new/sub/portolan.db");
    test_dir_path(scale, sizeof scale, "scale.db");

    test_create(path);
    db *d = NULL;
    if (db_open(path, DB_OPEN_CREATE, &d, NULL, errbuf, sizeof errbuf)) {
        ok(0, "open for the fixture: %s", errbuf);
        return done_testing();
    }
    fixture fx;
    is_int(build_fixture(d, &fx, "/docs/a.txt", "sha-1"), 0,
           "fixture written");
    ok(add_hostile(d, &fx) != 0, "hostile flow written");
    test_read_back(d, &fx);
    test_hostile(d, &fx);
    test_port(d);
    test_port_plan(d);
    test_nested(d);
    test_settings(d);
    test_history(d);
    test_stop(d);
    test_busy(d, path);
    test_rollback(d, path);
    test_replace(d, &fx, "/docs/a.txt");
    db_close(d);
    test_marks(path, &fx);
    test_readonly(path);
    test_busy_open(path);
    test_refusals();
    test_port_scale(scale);
    char upgrade[300];
    test_dir_path(upgrade, sizeof upgrade, "upgrade.db");
    test_upgrade_transports(upgrade);

    test_dir_remove();
    return done_testing();
}
