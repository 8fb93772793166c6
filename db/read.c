/* read.c - the browsing queries: documents, products, devices, flows and
 * what hangs off a flow (ranges, footnotes, diagnostics); and the helpers
 * that copy rows out of SQLite for callbacks. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "db_int.h"

/* ---- helpers shared by db/ ---------------------------------------------- */

int db_bind_text(sqlite3_stmt *st, int i, const char *s)
{
    return sqlite3_bind_text(st, i, s ? s : "", -1, SQLITE_TRANSIENT);
}

int db_bind_id(sqlite3_stmt *st, int i, long long id)
{
    return id ? sqlite3_bind_int64(st, i, id) : sqlite3_bind_null(st, i);
}

void db_buf_reset(db_buf *b)
{
    b->len = 0;
}

static status buf_reserve(db_buf *b, size_t more)
{
    if (b->cap - b->len >= more)
        return ST_OK;
    size_t cap = b->cap ? b->cap : 256;
    while (cap - b->len < more) {
        if (cap > SIZE_MAX / 2)
            return ST_NOMEM;
        cap *= 2;
    }
    char *p = realloc(b->p, cap);
    if (!p)
        return ST_NOMEM;
    /* PCRE2's JIT reads a subject a word at a time, past its NUL into the
     * rest of the block: initialised bytes there keep memcheck quiet
     * (tests/cli/valgrind.t). Matches do not depend on them. */
    memset(p + b->cap, 0, cap - b->cap);
    b->p = p;
    b->cap = cap;
    return ST_OK;
}

status db_buf_col(db_buf *b, sqlite3_stmt *st, int col, size_t *off)
{
    /* column_text before column_bytes: the length is then that of the
     * UTF-8 text. */
    const unsigned char *t = sqlite3_column_text(st, col);
    size_t n = t ? (size_t)sqlite3_column_bytes(st, col) : 0;
    if (buf_reserve(b, n + 1) != ST_OK)
        return ST_NOMEM;
    *off = b->len;
    if (n)
        memcpy(b->p + b->len, t, n);
    b->p[b->len + n] = '\0';
    b->len += n + 1;
    return ST_OK;
}

status db_copy_cols(db_buf *b, sqlite3_stmt *st, int first, int n,
                    const char **out)
{
    size_t off[32];
    if (n > 32)
        return ST_DB;
    db_buf_reset(b);
    for (int i = 0; i < n; i++)
        if (db_buf_col(b, st, first + i, &off[i]) != ST_OK)
            return ST_NOMEM;
    for (int i = 0; i < n; i++)
        out[i] = b->p + off[i];
    return ST_OK;
}

int db_read_begin(db *d)
{
    if (!sqlite3_get_autocommit(d->h))
        return 0;
    return db_run(d, Q_READ_BEGIN, "BEGIN") == ST_OK;
}

void db_read_end(db *d, int began)
{
    if (began && !sqlite3_get_autocommit(d->h))
        (void)db_run(d, Q_COMMIT, "COMMIT");
}

db_scratch *db_scratch_get(db *d)
{
    if (d->depth >= DB_MAX_DEPTH) {
        strcpy(d->err, "database walks nested too deeply in callbacks");
        return NULL;
    }
    return &d->scratch[d->depth];
}

void db_flow_ids(db_flow *f, sqlite3_stmt *st, int col0)
{
    f->id = sqlite3_column_int64(st, col0);
    f->document_id = sqlite3_column_int64(st, col0 + 1);
    f->line = sqlite3_column_int(st, col0 + 2);
    f->marked = sqlite3_column_int(st, col0 + 3);
}

void db_flow_text(db_flow *f, const char *const *text)
{
    f->document = text[0];
    f->path = text[1];
    f->product = text[2];
    f->section = text[3];
    f->source = text[4];
    f->source_ports = text[5];
    f->destination = text[6];
    f->destination_ports = text[7];
    f->protocol = text[8];
    f->description = text[9];
    f->requirement = text[10];
    f->req_level = text[11];
    f->direction = text[12];
    f->marks = text[13];
    f->transports = text[14];
}

/* ---- the walk ----------------------------------------------------------- */

/* Any callback of db.h; row functions cast it back to its real type
 * (function pointer to function pointer, which C allows). */
typedef void (*any_cb)(void);

/* Turns the current row into a struct (text copied into the scratch) and
 * calls the caller's callback with it; returns the callback's answer, or
 * -1 after an error (status in *err). */
typedef int (*row_fn)(sqlite3_stmt *st, db_scratch *sc, any_cb cb,
                      void *ctx, status *err);

/* Step st (parameters bound) to its end, calling fn for each row; *rows
 * (may be NULL) gets the number of rows seen. Puts st back in the cache. */
static status walk(db *d, db_query q, sqlite3_stmt *st, row_fn fn, any_cb cb,
                   void *ctx, long long *rows)
{
    db_scratch *sc = db_scratch_get(d);
    status s = sc ? ST_OK : ST_DB;
    int rc = SQLITE_DONE;
    long long n = 0;
    while (s == ST_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        n++;
        d->depth++;
        int r = fn(st, sc, cb, ctx, &s);
        d->depth--;
        if (r && s == ST_OK)
            s = ST_STOP;
    }
    if (s == ST_OK && rc != SQLITE_DONE)
        s = db_fail(d, rc);
    db_put(d, q, st);
    if (rows)
        *rows = n;
    return s;
}

/* ---- documents ---------------------------------------------------------- */

static int document_row(sqlite3_stmt *st, db_scratch *sc, any_cb cb,
                        void *ctx, status *err)
{
    const char *t[7];
    if ((*err = db_copy_cols(&sc->text, st, 4, 7, t)) != ST_OK)
        return -1;
    db_document doc = {
        .id = sqlite3_column_int64(st, 0),
        .size = sqlite3_column_int64(st, 1),
        .flows = sqlite3_column_int64(st, 2),
        .warnings = sqlite3_column_int64(st, 3),
        .name = t[0], .path = t[1], .sha256 = t[2], .title = t[3],
        .vendor = t[4], .format = t[5], .imported_at = t[6],
    };
    return ((db_document_cb)cb)(ctx, &doc);
}

status db_documents(db *d, db_document_cb cb, void *ctx)
{
    /* "warnings" counts every diagnostic worth a look: warnings and
     * errors, not info. */
    static const char sql[] =
        "SELECT d.id, d.size, "
        "(SELECT count(*) FROM flow f WHERE f.document_id = d.id), "
        "(SELECT count(*) FROM diagnostic g WHERE g.document_id = d.id "
        "AND g.severity <> 'info'), "
        "d.name, d.path, d.sha256, d.title, d.vendor, d.format, "
        "d.imported_at FROM document d ORDER BY d.id";
    sqlite3_stmt *st;
    status s = db_get(d, Q_DOCUMENTS, sql, &st);
    if (s != ST_OK)
        return s;
    return walk(d, Q_DOCUMENTS, st, document_row, (any_cb)cb, ctx, NULL);
}

/* ---- products and sections ---------------------------------------------- */

static int product_row(sqlite3_stmt *st, db_scratch *sc, any_cb cb,
                       void *ctx, status *err)
{
    const char *t[3];
    if ((*err = db_copy_cols(&sc->text, st, 4, 3, t)) != ST_OK)
        return -1;
    db_product_row row = {
        .document_id = sqlite3_column_int64(st, 0),
        .product_id = sqlite3_column_int64(st, 1),
        .section_id = sqlite3_column_int64(st, 2),
        .flows = sqlite3_column_int64(st, 3),
        .document = t[0], .product = t[1], .section = t[2],
    };
    return ((db_product_cb)cb)(ctx, &row);
}

status db_products(db *d, db_product_cb cb, void *ctx)
{
    /* A product without sections still gets a row (section_id 0). */
    static const char sql[] =
        "SELECT d.id, p.id, coalesce(s.id, 0), "
        "(SELECT count(*) FROM flow f WHERE f.section_id = s.id), "
        "d.name, p.name, coalesce(s.name, '') "
        "FROM product p JOIN document d ON d.id = p.document_id "
        "LEFT JOIN section s ON s.product_id = p.id "
        "ORDER BY d.id, p.id, s.id";
    sqlite3_stmt *st;
    status s = db_get(d, Q_PRODUCTS, sql, &st);
    if (s != ST_OK)
        return s;
    return walk(d, Q_PRODUCTS, st, product_row, (any_cb)cb, ctx, NULL);
}

status db_places(db *d, long long limit, db_product_cb cb, void *ctx)
{
    /* db_products without the counts, which walk every flow. Product ids
     * follow document order (a document's products are made as it is
     * imported), so ordering by them streams: only one product's sections
     * are sorted at a time, and LIMIT reads no more than it returns. */
    static const char sql[] =
        "SELECT d.id, p.id, coalesce(s.id, 0), -1, "
        "d.name, p.name, coalesce(s.name, '') "
        "FROM product p JOIN document d ON d.id = p.document_id "
        "LEFT JOIN section s ON s.product_id = p.id "
        "ORDER BY p.id, s.id LIMIT ?1";
    sqlite3_stmt *st;
    status s = db_get(d, Q_PLACES, sql, &st);
    if (s != ST_OK)
        return s;
    sqlite3_bind_int64(st, 1, limit > 0 ? limit : -1);
    return walk(d, Q_PLACES, st, product_row, (any_cb)cb, ctx, NULL);
}

/* ---- devices ------------------------------------------------------------ */

static int device_row(sqlite3_stmt *st, db_scratch *sc, any_cb cb,
                      void *ctx, status *err)
{
    const char *t[2];
    if ((*err = db_copy_cols(&sc->text, st, 0, 2, t)) != ST_OK)
        return -1;
    db_device dev = {.name = t[0],
                     .group = t[1],
                     .flows = sqlite3_column_int64(st, 2)};
    return ((db_device_cb)cb)(ctx, &dev);
}

status db_devices(db *d, db_device_cb cb, void *ctx)
{
    /* Each name belongs to the shortest other name that covers it
     * (device_covers), or to itself; of names equal but for case, the
     * first in binary order is the group. A group's count is of the flows of
     * all its names; a variant's is of its own. count(DISTINCT id): a flow
     * from a device to itself counts once. */
    static const char sql[] =
        "WITH ends(name, id) AS ("
        " SELECT source, id FROM flow WHERE source <> ''"
        " UNION ALL SELECT destination, id FROM flow WHERE destination <> ''),"
        " names(name) AS (SELECT DISTINCT name FROM ends),"
        " map(name, root) AS (SELECT a.name, coalesce((SELECT b.name FROM"
        "  names b WHERE b.name <> a.name AND device_covers(b.name, a.name)"
        "  AND (length(b.name) < length(a.name) OR b.name < a.name)"
        "  ORDER BY length(b.name), b.name LIMIT 1), a.name) FROM names a),"
        " own(name, n) AS (SELECT name, count(DISTINCT id) FROM ends"
        "  GROUP BY name),"
        " grp(root, n) AS (SELECT m.root, count(DISTINCT e.id) FROM ends e"
        "  JOIN map m ON m.name = e.name GROUP BY m.root) "
        "SELECT m.name, CASE WHEN m.root = m.name THEN '' ELSE m.root END,"
        " CASE WHEN m.root = m.name THEN g.n ELSE o.n END "
        "FROM map m JOIN own o ON o.name = m.name"
        " LEFT JOIN grp g ON g.root = m.name "
        "ORDER BY m.root COLLATE NOCASE, m.root, m.root <> m.name,"
        " m.name COLLATE NOCASE, m.name";
    sqlite3_stmt *st;
    status s = db_get(d, Q_DEVICES, sql, &st);
    if (s != ST_OK)
        return s;
    return walk(d, Q_DEVICES, st, device_row, (any_cb)cb, ctx, NULL);
}

/* ---- flows -------------------------------------------------------------- */

/* The scope as parameters ?1..?6. The document is a BETWEEN so that one
 * statement serves "all" (a full range) and "one document" (an index
 * search on flow_document_line); the rest are few enough to filter. */
#define FLOW_WHERE                                                       \
    " WHERE f.document_id BETWEEN ?1 AND ?2"                             \
    " AND (?3 = 0 OR s.product_id = ?3)"                                 \
    " AND (?4 = 0 OR f.section_id = ?4)"                                 \
    " AND (?5 IS NULL OR device_covers(?5, f.source)"                    \
    "      OR device_covers(?5, f.destination))"                          \
    " AND (?6 = 0 OR f.id IN (SELECT wf.flow_id FROM worksheet_flow wf"  \
    " JOIN worksheet w ON w.id = wf.worksheet_id"                        \
    " WHERE w.name = " DB_WORKSHEET_NAME "))"

static void bind_scope(sqlite3_stmt *st, const db_scope *sc)
{
    static const db_scope all = { 0 };
    if (!sc)
        sc = &all;
    sqlite3_bind_int64(st, 1, sc->document_id ? sc->document_id : INT64_MIN);
    sqlite3_bind_int64(st, 2, sc->document_id ? sc->document_id : INT64_MAX);
    sqlite3_bind_int64(st, 3, sc->product_id);
    sqlite3_bind_int64(st, 4, sc->section_id);
    if (sc->device)
        sqlite3_bind_text(st, 5, sc->device, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 6, sc->marked_only != 0);
}

static int flow_row(sqlite3_stmt *st, db_scratch *sc, any_cb cb,
                    void *ctx, status *err)
{
    const char *t[DB_FLOW_NTEXT];
    *err = db_copy_cols(&sc->text, st, DB_FLOW_TEXT0, DB_FLOW_NTEXT, t);
    if (*err != ST_OK)
        return -1;
    db_flow f;
    db_flow_ids(&f, st, 0);
    db_flow_text(&f, t);
    return ((db_flow_cb)cb)(ctx, &f);
}

status db_flows(db *d, const db_scope *scope, db_flow_cb cb, void *ctx)
{
    static const char sql[] =
        "SELECT " DB_FLOW_COLS " FROM" DB_FLOW_FROM FLOW_WHERE
        " ORDER BY f.document_id, f.line, f.id";
    sqlite3_stmt *st;
    status s = db_get(d, Q_FLOWS, sql, &st);
    if (s != ST_OK)
        return s;
    bind_scope(st, scope);
    return walk(d, Q_FLOWS, st, flow_row, (any_cb)cb, ctx, NULL);
}

status db_flows_head(db *d, long long limit, db_flow_cb cb, void *ctx)
{
    /* flow_document_line gives the order, so only limit rows are read. */
    static const char sql[] =
        "SELECT " DB_FLOW_COLS " FROM" DB_FLOW_FROM
        " ORDER BY f.document_id, f.line, f.id LIMIT ?1";
    sqlite3_stmt *st;
    status s = db_get(d, Q_FLOWS_HEAD, sql, &st);
    if (s != ST_OK)
        return s;
    sqlite3_bind_int64(st, 1, limit);
    return walk(d, Q_FLOWS_HEAD, st, flow_row, (any_cb)cb, ctx, NULL);
}

status db_walk_flows(db *d, db_query q, sqlite3_stmt *st, db_flow_cb cb,
                     void *ctx, long long *rows)
{
    return walk(d, q, st, flow_row, (any_cb)cb, ctx, rows);
}

status db_flow_count(db *d, const db_scope *scope, long long *n)
{
    static const char sql[] =
        "SELECT count(*) FROM" DB_FLOW_FROM FLOW_WHERE;
    sqlite3_stmt *st;
    *n = 0;
    status s = db_get(d, Q_FLOW_COUNT, sql, &st);
    if (s != ST_OK)
        return s;
    bind_scope(st, scope);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *n = sqlite3_column_int64(st, 0);
    else
        s = db_fail(d, rc);
    db_put(d, Q_FLOW_COUNT, st);
    return s;
}

status db_flow_get(db *d, long long id, db_flow_cb cb, void *ctx)
{
    static const char sql[] =
        "SELECT " DB_FLOW_COLS " FROM" DB_FLOW_FROM "WHERE f.id = ?1";
    sqlite3_stmt *st;
    status s = db_get(d, Q_FLOW_GET, sql, &st);
    if (s != ST_OK)
        return s;
    sqlite3_bind_int64(st, 1, id);
    long long rows = 0;
    s = walk(d, Q_FLOW_GET, st, flow_row, (any_cb)cb, ctx, &rows);
    if (s == ST_OK && rows == 0) {
        snprintf(d->err, sizeof d->err, "no flow with id %lld", id);
        return ST_NOTFOUND;
    }
    return s;
}

/* ---- what hangs off a flow ---------------------------------------------- */

static int range_row(sqlite3_stmt *st, db_scratch *sc, any_cb cb,
                     void *ctx, status *err)
{
    const char *t[2];
    if ((*err = db_copy_cols(&sc->text, st, 7, 2, t)) != ST_OK)
        return -1;
    db_range r = {
        .flow_id = sqlite3_column_int64(st, 0),
        .side = sqlite3_column_int(st, 1) ? SIDE_DST : SIDE_SRC,
        .lo = sqlite3_column_int(st, 2),
        .hi = sqlite3_column_int(st, 3),
        .proto = proto_from_name((const char *)sqlite3_column_text(st, 4)),
        .kind = port_kind_from_name(
            (const char *)sqlite3_column_text(st, 5)),
        .parity = parity_from_name((const char *)sqlite3_column_text(st, 6)),
        .label = t[0], .marks = t[1],
        .base_offset = sqlite3_column_int(st, 9),
    };
    return ((db_range_cb)cb)(ctx, &r);
}

status db_flow_ranges(db *d, long long flow, db_range_cb cb, void *ctx)
{
    /* Source side first, each side in the order the cell gave them. */
    static const char sql[] =
        "SELECT flow_id, side = 'dst', coalesce(lo, -1), coalesce(hi, -1), "
        "protocol, kind, parity, label, marks, coalesce(base_offset, -1) "
        "FROM port_range "
        "WHERE flow_id = ?1 ORDER BY side = 'dst', id";
    sqlite3_stmt *st;
    status s = db_get(d, Q_RANGES, sql, &st);
    if (s != ST_OK)
        return s;
    sqlite3_bind_int64(st, 1, flow);
    return walk(d, Q_RANGES, st, range_row, (any_cb)cb, ctx, NULL);
}

static int footnote_row(sqlite3_stmt *st, db_scratch *sc, any_cb cb,
                        void *ctx, status *err)
{
    const char *t[2];
    if ((*err = db_copy_cols(&sc->text, st, 2, 2, t)) != ST_OK)
        return -1;
    db_footnote n = {
        .id = sqlite3_column_int64(st, 0),
        .line = sqlite3_column_int(st, 1),
        .mark = t[0], .text = t[1],
        .flow_id = sqlite3_column_int64(st, 4),
    };
    return ((db_footnote_cb)cb)(ctx, &n);
}

status db_flow_footnotes(db *d, long long flow, db_footnote_cb cb, void *ctx)
{
    static const char sql[] =
        "SELECT n.id, n.line, n.mark, n.text, ff.flow_id "
        "FROM flow_footnote ff "
        "JOIN footnote n ON n.id = ff.footnote_id "
        "WHERE ff.flow_id = ?1 ORDER BY n.line, n.id";
    sqlite3_stmt *st;
    status s = db_get(d, Q_FOOTNOTES, sql, &st);
    if (s != ST_OK)
        return s;
    sqlite3_bind_int64(st, 1, flow);
    return walk(d, Q_FOOTNOTES, st, footnote_row, (any_cb)cb, ctx, NULL);
}

status db_walk_ranges(db *d, db_query q, sqlite3_stmt *st, db_range_cb cb,
                      void *ctx)
{
    return walk(d, q, st, range_row, (any_cb)cb, ctx, NULL);
}

status db_walk_footnotes(db *d, db_query q, sqlite3_stmt *st,
                         db_footnote_cb cb, void *ctx)
{
    return walk(d, q, st, footnote_row, (any_cb)cb, ctx, NULL);
}

static int diag_row(sqlite3_stmt *st, db_scratch *sc, any_cb cb,
                    void *ctx, status *err)
{
    const char *t[4];
    if ((*err = db_copy_cols(&sc->text, st, 3, 4, t)) != ST_OK)
        return -1;
    db_diag g = {
        .document_id = sqlite3_column_int64(st, 0),
        .flow_id = sqlite3_column_int64(st, 1),
        .line = sqlite3_column_int(st, 2),
        .document = t[0], .path = t[1], .severity = t[2], .message = t[3],
    };
    return ((db_diag_cb)cb)(ctx, &g);
}

#define DIAG_SELECT                                                      \
    "SELECT g.document_id, coalesce(g.flow_id, 0), g.line, d.name, "     \
    "d.path, g.severity, g.message FROM diagnostic g "                   \
    "JOIN document d ON d.id = g.document_id "

status db_diags(db *d, long long document, db_diag_cb cb, void *ctx)
{
    static const char sql[] =
        DIAG_SELECT "WHERE g.document_id BETWEEN ?1 AND ?2 "
        "ORDER BY g.document_id, g.line, g.id";
    sqlite3_stmt *st;
    status s = db_get(d, Q_DIAGS, sql, &st);
    if (s != ST_OK)
        return s;
    sqlite3_bind_int64(st, 1, document ? document : INT64_MIN);
    sqlite3_bind_int64(st, 2, document ? document : INT64_MAX);
    return walk(d, Q_DIAGS, st, diag_row, (any_cb)cb, ctx, NULL);
}

status db_flow_diags(db *d, long long flow, db_diag_cb cb, void *ctx)
{
    static const char sql[] =
        DIAG_SELECT "WHERE g.flow_id = ?1 ORDER BY g.line, g.id";
    sqlite3_stmt *st;
    status s = db_get(d, Q_FLOW_DIAGS, sql, &st);
    if (s != ST_OK)
        return s;
    sqlite3_bind_int64(st, 1, flow);
    return walk(d, Q_FLOW_DIAGS, st, diag_row, (any_cb)cb, ctx, NULL);
}
