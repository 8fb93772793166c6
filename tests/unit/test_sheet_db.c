/* test_sheet_db.c - db/sheet.c against a real SQLite file: worksheets
 * (create, list, use, delete), their flows, role mappings, site defaults
 * and customer; and the upgrade of a version 1 file that keeps its
 * worksheets. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "db_test.h"

static char errbuf[512];

/* A document with three flows; their ids in flow[]. Returns the
 * document's id. */
static long long fill(db *d, long long flow[3])
{
    db_document_in doc = {"/x/doc.txt", "doc.txt", "abc", "T", "V", "pipe",
                          10};
    long long id;
    db_begin(d);
    db_document_put(d, &doc, &id);
    for (int i = 0; i < 3; i++) {
        db_flow_in f = {.document_id = id, .line = 10 + i, .source = "A",
                        .destination = "B", .req_level = "",
                        .direction = ""};
        db_flow_add(d, &f, &flow[i]);
    }
    db_commit(d);
    return id;
}

typedef struct {
    char names[8][80];
    int current[8];
    long long flows[8], roles[8], defaults[8];
    char customer[8][80];
    int n;
} sheets;

static int sheet_cb(void *ctx, const db_sheet *s)
{
    sheets *x = ctx;
    if (x->n >= 8)
        return 1;
    snprintf(x->names[x->n], sizeof x->names[0], "%s", s->name);
    snprintf(x->customer[x->n], sizeof x->customer[0], "%s", s->customer);
    x->current[x->n] = s->current;
    x->flows[x->n] = s->flows;
    x->roles[x->n] = s->roles;
    x->defaults[x->n] = s->defaults;
    x->n++;
    return 0;
}

static const char *names(const sheets *x)
{
    static char buf[400];
    buf[0] = '\0';
    for (int i = 0; i < x->n; i++) {
        size_t len = strlen(buf);
        snprintf(buf + len, sizeof buf - len, "%s%s%s", i ? " " : "",
                 x->current[i] ? "*" : "", x->names[i]);
    }
    return buf;
}

static int flow_cb(void *ctx, const db_flow *f)
{
    char *buf = ctx;
    size_t len = strlen(buf);
    snprintf(buf + len, 200 - len, "%s%d", len ? " " : "", f->line);
    return 0;
}

static int kv_cb(void *ctx, const char *k, const char *v)
{
    char *buf = ctx;
    size_t len = strlen(buf);
    snprintf(buf + len, 300 - len, "%s%s=%s", len ? " " : "", k, v);
    return 0;
}

static void test_sheets(const char *path)
{
    db *d;
    long long flow[3];
    if (db_open(path, DB_OPEN_CREATE, &d, NULL, errbuf, sizeof errbuf) !=
        ST_OK) {
        ok(0, "open: %s", errbuf);
        return;
    }
    fill(d, flow);
    sheets x = {0};
    db_sheets(d, sheet_cb, &x);
    is_str(names(&x), "*default",
           "list: the current worksheet is listed before it exists");
    is_int(db_sheet_create(d, "cisco"), ST_OK, "create: cisco");
    is_int(db_sheet_create(d, "cisco"), ST_EXISTS, "create: twice is "
                                                   "ST_EXISTS");
    is_int(db_sheet_create(d, ""), ST_USAGE, "create: empty name refused");
    is_int(db_sheet_create(d, "a\nb"), ST_USAGE,
           "create: control characters refused");
    is_int(db_sheet_use(d, "nope"), ST_NOTFOUND, "use: unknown name");
    ok(strstr(db_error(d), "nope") != NULL, "use: the message names it");
    is_int(db_sheet_use(d, "cisco"), ST_OK, "use: cisco");
    char cur[80];
    db_sheet_current(d, cur, sizeof cur);
    is_str(cur, "cisco", "current: cisco");

    is_int(db_sheet_flow_set(d, NULL, flow[0], 1), ST_OK, "add to current");
    db_sheet_flow_set(d, NULL, flow[2], 1);
    db_sheet_flow_set(d, NULL, flow[2], 1);
    is_int(db_sheet_flow_set(d, NULL, 999999, 1), ST_NOTFOUND,
           "add: no such flow");
    long long n;
    db_mark_count(d, &n);
    is_int(n, 2, "marks are the current worksheet's flows");
    is_int(db_sheet_flow_set(d, "nope", flow[0], 1), ST_NOTFOUND,
           "add to an unknown worksheet: ST_NOTFOUND");
    is_int(db_sheet_flow_set(d, "default", flow[1], 1), ST_NOTFOUND,
           "a worksheet that is not current is not created by adding");
    char lines[200] = "";
    db_sheet_flows(d, "cisco", flow_cb, lines);
    is_str(lines, "10 12", "flows of a named worksheet, in line order");
    db_sheet_flow_set(d, NULL, flow[0], 0);
    lines[0] = '\0';
    db_sheet_flows(d, NULL, flow_cb, lines);
    is_str(lines, "12", "rm: the flow is off");

    is_int(db_sheet_role_set(d, NULL, "Expressway-E", "203.0.113.10"),
           ST_OK, "role: set");
    db_sheet_role_set(d, NULL, "expressway-e", "198.51.100.1");
    db_sheet_role_set(d, NULL, "Expressway-C", "192.0.2.10");
    char kv[300] = "";
    db_sheet_roles(d, NULL, kv_cb, kv);
    is_str(kv, "Expressway-C=192.0.2.10 expressway-e=198.51.100.1",
           "role: one mapping per role, case ignored, last one kept");
    is_int(db_sheet_role_set(d, NULL, "Expressway-C", NULL), ST_OK,
           "role: unset");
    is_int(db_sheet_role_set(d, NULL, "Expressway-C", NULL), ST_NOTFOUND,
           "role: unset twice is ST_NOTFOUND");
    is_int(db_sheet_default_set(d, "cisco", "base-port", "2960"), ST_OK,
           "default: set");
    db_sheet_default_set(d, "cisco", "range:40000-49999", "50000-59999");
    kv[0] = '\0';
    db_sheet_defaults(d, "cisco", kv_cb, kv);
    is_str(kv, "base-port=2960 range:40000-49999=50000-59999",
           "default: listed by key");
    is_int(db_sheet_customer_set(d, NULL, "ACME \"Corp\""), ST_OK,
           "customer: set");
    memset(&x, 0, sizeof x);
    db_sheet_get(d, NULL, sheet_cb, &x);
    ok(x.n == 1 && !strcmp(x.customer[0], "ACME \"Corp\"") &&
           x.flows[0] == 1 && x.roles[0] == 1 && x.defaults[0] == 2,
       "get: customer and counts");
    memset(&x, 0, sizeof x);
    is_int(db_sheet_get(d, "nope", sheet_cb, &x), ST_NOTFOUND,
           "get: unknown name");

    db_sheet_create(d, "other");
    memset(&x, 0, sizeof x);
    db_sheets(d, sheet_cb, &x);
    is_str(names(&x), "*cisco other", "list: by name, current marked");
    is_int(db_sheet_delete(d, "cisco"), ST_OK, "delete the current one");
    db_sheet_current(d, cur, sizeof cur);
    is_str(cur, "default", "delete: 'default' is current again");
    sqlite3 *h = d->h;
    is_int(raw_int(h, "SELECT count(*) FROM worksheet_role"), 0,
           "delete: mappings go with it");
    is_int(raw_int(h, "SELECT count(*) FROM worksheet_default"), 0,
           "delete: defaults go with it");
    is_int(db_sheet_delete(d, "cisco"), ST_NOTFOUND, "delete: twice");
    is_int(db_sheet_use(d, "default"), ST_OK,
           "use: 'default' needs no creating");
    db_close(d);
}

/* A version 1 file: the worksheet table without customer, no mapping
 * tables. Opening it upgrades it in place and keeps its worksheets. */
static void test_upgrade(const char *path)
{
    db *d;
    if (db_open(path, DB_OPEN_CREATE, &d, NULL, errbuf, sizeof errbuf) !=
        ST_OK)
        return;
    db_sheet_create(d, "kept");
    db_close(d);
    sqlite3 *h;
    sqlite3_open(path, &h);
    int rc = sqlite3_exec(
        h,
        "PRAGMA foreign_keys = OFF;"
        "DROP TABLE worksheet_role; DROP TABLE worksheet_default;"
        "CREATE TABLE ws1 (id INTEGER PRIMARY KEY, name TEXT NOT NULL "
        "UNIQUE, created_at TEXT NOT NULL);"
        "INSERT INTO ws1 SELECT id, name, created_at FROM worksheet;"
        "DROP TABLE worksheet; ALTER TABLE ws1 RENAME TO worksheet;"
        "ALTER TABLE flow DROP COLUMN transports;" /* version 5 */
        "PRAGMA user_version = 1;",
        NULL, NULL, NULL);
    is_int(rc, SQLITE_OK, "upgrade: a version 1 file made");
    is_int(raw_int(h, "SELECT count(*) FROM pragma_table_info('worksheet') "
                      "WHERE name = 'customer'"),
           0, "upgrade: ... without worksheet.customer");
    sqlite3_close(h);

    is_int(db_open(path, DB_OPEN_CREATE, &d, NULL, errbuf, sizeof errbuf),
           ST_OK, "upgrade: opening it works");
    if (!d)
        return;
    is_int(raw_int(d->h, "PRAGMA user_version"), db_schema_version(),
           "upgrade: user_version is the schema version");
    is_int(raw_int(d->h, "SELECT count(*) FROM worksheet WHERE name = "
                         "'kept' AND customer = ''"),
           1, "upgrade: the worksheet is kept, customer ''");
    is_int(db_sheet_role_set(d, "kept", "A", "10.0.0.1"), ST_OK,
           "upgrade: mappings can be stored");
    is_int(db_sheet_default_set(d, "kept", "any", "1-65535"), ST_OK,
           "upgrade: defaults can be stored");
    db_close(d);
}

/* Rows as text, "; " separated, to compare reads. */
typedef struct {
    char s[1024];
} rowlog;

static int range_log(void *ctx, const db_range *r)
{
    rowlog *x = ctx;
    snprintf(x->s + strlen(x->s), sizeof x->s - strlen(x->s), "%lld %s %d; ",
             r->flow_id, r->side == SIDE_DST ? "dst" : "src", r->lo);
    return 0;
}

static int note_log(void *ctx, const db_footnote *n)
{
    rowlog *x = ctx;
    snprintf(x->s + strlen(x->s), sizeof x->s - strlen(x->s),
             "%lld %d %s; ", n->flow_id, n->line, n->mark);
    return 0;
}

/* The ranges and footnotes of a worksheet's flows in one read each, as
 * the reads of one flow give them, flow after flow. */
static void test_sheet_reads(const char *path)
{
    db *d = NULL;
    if (db_open(path, DB_OPEN_CREATE, &d, NULL, errbuf, sizeof errbuf) !=
        ST_OK)
        return;
    long long flow[3], fn[2], id = fill(d, flow);
    static const struct {
        int flow;
        flow_side side;
        int port;
    } rs[] = {{0, SIDE_DST, 80}, {0, SIDE_SRC, 1000}, {1, SIDE_DST, 9},
              {0, SIDE_DST, 443}, {2, SIDE_SRC, 2000}, {2, SIDE_DST, 22}};
    db_begin(d); /* fill committed the flows */
    for (size_t i = 0; i < sizeof rs / sizeof rs[0]; i++) {
        port_range r = {PROTO_TCP, PORT_NUMERIC, rs[i].port, rs[i].port,
                        PARITY_ALL, NULL, NULL, -1};
        db_range_add(d, flow[rs[i].flow], rs[i].side, &r);
    }
    db_footnote_add(d, id, 50, "**", "later", &fn[0]);
    db_footnote_add(d, id, 40, "*", "earlier", &fn[1]);
    db_flow_footnote_add(d, flow[0], fn[0]);
    db_flow_footnote_add(d, flow[0], fn[1]);
    db_flow_footnote_add(d, flow[2], fn[0]);
    db_flow_footnote_add(d, flow[1], fn[1]);
    db_commit(d);
    db_sheet_create(d, "w");
    db_sheet_flow_set(d, "w", flow[2], 1);
    db_sheet_flow_set(d, "w", flow[0], 1);

    rowlog all = {""}, one = {""};
    is_int(db_sheet_ranges(d, "w", range_log, &all), ST_OK,
           "sheet reads: the ranges of every flow at once");
    db_flow_ranges(d, flow[0], range_log, &one);
    db_flow_ranges(d, flow[2], range_log, &one);
    is_str(all.s, one.s, "sheet reads: ... flow after flow, source side "
                         "first, as one flow's read gives them");
    ok(strstr(all.s, " 1000; ") < strstr(all.s, " 80; ") &&
           !strstr(all.s, " 9; "),
       "sheet reads: ... and only the worksheet's flows");
    all.s[0] = one.s[0] = '\0';
    is_int(db_sheet_footnotes(d, "w", note_log, &all), ST_OK,
           "sheet reads: the footnotes of every flow at once");
    db_flow_footnotes(d, flow[0], note_log, &one);
    db_flow_footnotes(d, flow[2], note_log, &one);
    is_str(all.s, one.s, "sheet reads: ... with their flow, by line");
    all.s[0] = '\0';
    db_sheet_create(d, "empty");
    is_int(db_sheet_ranges(d, "empty", range_log, &all), ST_OK,
           "sheet reads: an empty worksheet has no ranges");
    is_str(all.s, "", "sheet reads: ... none at all");
    /* a flow added later on an earlier line: by id it comes last */
    db_flow_in later = {.document_id = id, .line = 5, .source = "A",
                        .destination = "B", .req_level = "", .direction = ""};
    long long late;
    db_begin(d);
    db_flow_add(d, &later, &late);
    db_commit(d);
    db_sheet_flow_set(d, "w", late, 1);
    char lines[200] = "";
    db_sheet_flows(d, "w", flow_cb, lines);
    is_str(lines, "5 10 12", "sheet reads: flows by document and line");
    lines[0] = '\0';
    is_int(db_sheet_flows_by_id(d, "w", flow_cb, lines), ST_OK,
           "sheet reads: flows by id");
    is_str(lines, "10 12 5", "sheet reads: ... in id order");
    db_close(d);
}

int main(void)
{
    if (!test_dir_make("sheetdb"))
        return done_testing();
    char a[300], b[300];
    test_dir_path(a, sizeof a, "a.db");
    test_dir_path(b, sizeof b, "b.db");
    test_sheets(a);
    test_upgrade(b);
    test_dir_path(b, sizeof b, "c.db");
    test_sheet_reads(b);
    test_dir_remove();
    return done_testing();
}
