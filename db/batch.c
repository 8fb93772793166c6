/* batch.c - a document's flows and what hangs off them, written many rows
 * per INSERT.
 *
 * Why: one statement per row made the statement's setup and teardown
 * (cursors on the table and every index, the AUTOINCREMENT bookkeeping,
 * the foreign key checks at its end) cost a third of an import's time in
 * SQLite; "INSERT ... VALUES (...), (...), ..." pays them once per batch.
 *
 * The rows are kept here (strings copied) and written when a kind's
 * buffer is full and at db_batch_end: flows first, then the rows that
 * name them, so the foreign keys hold at every statement. Each table gets
 * its rows in the order they were given, so they get the ids (and the
 * order) that one INSERT per row would have given them. A flow's id is
 * known when it is queued: AUTOINCREMENT's next value, read once, and
 * written explicitly (SQLite then moves sqlite_sequence on as it would). */
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "db_int.h"

enum {
    MAX_ROWS = 32,    /* rows per INSERT: SQLite's setup cost, amortised */
    CAP_FLOWS = 64,   /* buffered flows before everything is written */
    CAP_OTHER = 256,  /* buffered ranges, diagnostics or links */
};

typedef enum { K_FLOW, K_RANGE, K_DIAG, K_LINK, K__COUNT } kind;

/* What one row of each kind binds, in VALUES order. Strings are offsets
 * into the batch's text arena (it may move while rows are queued). */
typedef struct {
    long long id, document, section;
    int line;
    size_t text[11]; /* source .. transports, as in the INSERT */
} flow_row;

typedef struct {
    long long flow;
    int side, proto, kind, parity, ports, lo, hi, base_offset;
    size_t label, marks;
} range_row;

typedef struct {
    long long document, flow;
    int line;
    const char *severity; /* a static word */
    size_t message;
} diag_row;

typedef struct {
    long long flow, footnote;
} link_row;

/* A statement that writes several rows and may stop half way keeps a
 * statement journal (a copy of every page it changes, to undo itself
 * alone). With immediate foreign keys every INSERT here may stop, so the
 * journal cannot be avoided; db_import_begin has it kept in memory, not
 * in a temporary file (a write system call per page: more than the
 * batching saved). */
static const struct {
    const char *head;   /* INSERT ... VALUES */
    const char *tuple;  /* one row's placeholders */
} SQL[K__COUNT] = {
    [K_FLOW] = {"INSERT INTO flow (id, document_id, section_id, line, "
                "source, source_ports, destination, destination_ports, "
                "protocol, description, requirement, req_level, direction, "
                "marks, transports) VALUES ",
                "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"},
    [K_RANGE] = {"INSERT INTO port_range (flow_id, side, protocol, kind, "
                 "lo, hi, parity, label, marks, base_offset) VALUES ",
                 "(?,?,?,?,?,?,?,?,?,?)"},
    [K_DIAG] = {"INSERT INTO diagnostic (document_id, flow_id, line, "
                "severity, message) VALUES ",
                "(?,?,?,?,?)"},
    /* OR IGNORE: a mark repeated in one row links once. */
    [K_LINK] = {"INSERT OR IGNORE INTO flow_footnote (flow_id, "
                "footnote_id) VALUES ",
                "(?,?)"},
};

struct db_batch {
    db *d;
    long long next_flow;
    flow_row flows[CAP_FLOWS];
    range_row ranges[CAP_OTHER];
    diag_row diags[CAP_OTHER];
    link_row links[CAP_OTHER];
    size_t n[K__COUNT];
    char *text;                 /* the rows' strings, NUL-terminated */
    size_t len, cap;
    /* stmt[k][r - 1]: an INSERT of r rows, prepared on first use */
    sqlite3_stmt *stmt[K__COUNT][MAX_ROWS];
};

/* ---- the rows' strings ------------------------------------------------ */

static status keep(db_batch *b, const char *s, size_t *off)
{
    size_t n = strlen(s ? s : "") + 1;
    if (b->cap - b->len < n) {
        size_t cap = b->cap ? b->cap : 1 << 16;
        while (cap - b->len < n)
            cap *= 2;
        char *t = realloc(b->text, cap);
        if (!t)
            return ST_NOMEM;
        b->text = t;
        b->cap = cap;
    }
    memcpy(b->text + b->len, s ? s : "", n);
    *off = b->len;
    b->len += n;
    return ST_OK;
}

static void bind_kept(db_batch *b, sqlite3_stmt *st, int i, size_t off)
{
    /* Static: the arena neither moves nor changes until the rows are
     * written and the bindings cleared. */
    sqlite3_bind_text(st, i, b->text + off, -1, SQLITE_STATIC);
}

/* ---- writing ------------------------------------------------------------ */

static status statement(db_batch *b, kind k, size_t rows, sqlite3_stmt **st)
{
    sqlite3_stmt **slot = &b->stmt[k][rows - 1];
    if (!*slot) {
        size_t head = strlen(SQL[k].head), tuple = strlen(SQL[k].tuple);
        char *sql = malloc(head + rows * (tuple + 1) + 1);
        if (!sql)
            return ST_NOMEM;
        char *p = sql + head;
        memcpy(sql, SQL[k].head, head);
        for (size_t r = 0; r < rows; r++) {
            if (r)
                *p++ = ',';
            memcpy(p, SQL[k].tuple, tuple);
            p += tuple;
        }
        *p = '\0';
        int rc = sqlite3_prepare_v3(b->d->h, sql, -1,
                                    SQLITE_PREPARE_PERSISTENT, slot, NULL);
        free(sql);
        if (rc != SQLITE_OK)
            return db_fail(b->d, rc);
    }
    *st = *slot;
    return ST_OK;
}

/* Bind row i of kind k as the row at parameter base + 1. */
static void bind_row(db_batch *b, sqlite3_stmt *st, kind k, size_t i,
                     int base)
{
    switch (k) {
    case K_FLOW: {
        const flow_row *f = &b->flows[i];
        sqlite3_bind_int64(st, base + 1, f->id);
        sqlite3_bind_int64(st, base + 2, f->document);
        db_bind_id(st, base + 3, f->section);
        sqlite3_bind_int(st, base + 4, f->line);
        for (int t = 0; t < 11; t++)
            bind_kept(b, st, base + 5 + t, f->text[t]);
        break;
    }
    case K_RANGE: {
        const range_row *r = &b->ranges[i];
        sqlite3_bind_int64(st, base + 1, r->flow);
        sqlite3_bind_text(st, base + 2, r->side == SIDE_DST ? "dst" : "src",
                          -1, SQLITE_STATIC);
        sqlite3_bind_text(st, base + 3, proto_name((proto_t)r->proto), -1,
                          SQLITE_STATIC);
        sqlite3_bind_text(st, base + 4, port_kind_name((port_kind_t)r->kind),
                          -1, SQLITE_STATIC);
        if (r->ports) {
            sqlite3_bind_int(st, base + 5, r->lo);
            sqlite3_bind_int(st, base + 6, r->hi);
        }
        sqlite3_bind_text(st, base + 7, parity_name((parity_t)r->parity),
                          -1, SQLITE_STATIC);
        bind_kept(b, st, base + 8, r->label);
        bind_kept(b, st, base + 9, r->marks);
        if (r->base_offset >= 0)
            sqlite3_bind_int(st, base + 10, r->base_offset);
        break;
    }
    case K_DIAG: {
        const diag_row *g = &b->diags[i];
        sqlite3_bind_int64(st, base + 1, g->document);
        db_bind_id(st, base + 2, g->flow);
        sqlite3_bind_int(st, base + 3, g->line);
        sqlite3_bind_text(st, base + 4, g->severity, -1, SQLITE_STATIC);
        bind_kept(b, st, base + 5, g->message);
        break;
    }
    case K_LINK:
        sqlite3_bind_int64(st, base + 1, b->links[i].flow);
        sqlite3_bind_int64(st, base + 2, b->links[i].footnote);
        break;
    case K__COUNT:
        break;
    }
}

static const int NPARAMS[K__COUNT] = {15, 10, 5, 2};

/* Write the queued rows of kind k, MAX_ROWS per statement. */
static status write_kind(db_batch *b, kind k)
{
    status s = ST_OK;
    for (size_t at = 0; at < b->n[k] && s == ST_OK;) {
        size_t rows = b->n[k] - at;
        if (rows > MAX_ROWS)
            rows = MAX_ROWS;
        sqlite3_stmt *st = NULL;
        if ((s = statement(b, k, rows, &st)) != ST_OK)
            break;
        for (size_t r = 0; r < rows; r++)
            bind_row(b, st, k, at + r, (int)r * NPARAMS[k]);
        s = db_step_all(b->d, st);
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        at += rows;
    }
    b->n[k] = 0;
    return s;
}

/* Write everything queued, flows first (the other rows name them). */
static status write_all(db_batch *b)
{
    status s = ST_OK;
    for (int k = 0; k < K__COUNT && s == ST_OK; k++)
        s = write_kind(b, (kind)k);
    b->len = 0;
    return s;
}

/* ---- the API ------------------------------------------------------------ */

status db_import_begin(db *d)
{
    /* SQLite decides where a transaction's statement journals go when
     * the transaction begins: in memory from now on for this connection
     * (temporary tables and sorts too, which portolan keeps small). Only
     * speed depends on it, so a refusal is no error. */
    sqlite3_exec(d->h, "PRAGMA temp_store = MEMORY", NULL, NULL, NULL);
    return db_begin(d);
}

status db_batch_start(db *d, db_batch **out)
{
    /* What AUTOINCREMENT would give the next flow: one more than both
     * the largest id ever used and the largest id there is. */
    static const char sql[] =
        "SELECT max(coalesce((SELECT seq FROM sqlite_sequence "
        "WHERE name = 'flow'), 0), coalesce((SELECT max(id) FROM flow), "
        "0)) + 1";
    *out = NULL;
    db_batch *b = calloc(1, sizeof *b);
    if (!b)
        return ST_NOMEM;
    b->d = d;
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(d->h, sql, -1, &st, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW)
            b->next_flow = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    if (rc != SQLITE_ROW) {
        status s = db_fail(d, rc);
        db_batch_free(b);
        return s;
    }
    *out = b;
    return ST_OK;
}

void db_batch_free(db_batch *b)
{
    if (!b)
        return;
    for (int k = 0; k < K__COUNT; k++)
        for (int r = 0; r < MAX_ROWS; r++)
            sqlite3_finalize(b->stmt[k][r]);
    free(b->text);
    free(b);
}

status db_batch_end(db_batch *b)
{
    status s = write_all(b);
    db_batch_free(b);
    return s;
}

status db_batch_flow(db_batch *b, const db_flow_in *f, long long *id)
{
    *id = 0;
    status s = db_flow_valid(b->d, f);
    if (s == ST_OK && b->n[K_FLOW] == CAP_FLOWS)
        s = write_all(b);
    if (s != ST_OK)
        return s;
    flow_row *row = &b->flows[b->n[K_FLOW]];
    const char *text[11] = {
        f->source, f->source_ports, f->destination, f->destination_ports,
        f->protocol, f->description, f->requirement, f->req_level,
        f->direction, f->marks, f->transports,
    };
    for (int t = 0; t < 11 && s == ST_OK; t++)
        s = keep(b, text[t], &row->text[t]);
    if (s != ST_OK)
        return s;
    row->id = b->next_flow++;
    row->document = f->document_id;
    row->section = f->section_id;
    row->line = f->line;
    b->n[K_FLOW]++;
    *id = row->id;
    db_import_flow(b->d, row->id, f);
    return ST_OK;
}

/* Room for one more row of kind k (not a flow). */
static status room(db_batch *b, kind k)
{
    return b->n[k] == CAP_OTHER ? write_all(b) : ST_OK;
}

status db_batch_range(db_batch *b, long long flow, flow_side side,
                      const port_range *r)
{
    status s = db_range_valid(b->d, r);
    if (s == ST_OK)
        s = room(b, K_RANGE);
    if (s != ST_OK)
        return s;
    range_row *row = &b->ranges[b->n[K_RANGE]];
    if ((s = keep(b, r->label, &row->label)) != ST_OK ||
        (s = keep(b, r->marks, &row->marks)) != ST_OK)
        return s;
    row->flow = flow;
    row->side = side;
    row->proto = r->proto;
    row->kind = r->kind;
    row->parity = r->parity;
    row->ports = r->kind == PORT_NUMERIC || r->kind == PORT_GE1024;
    row->lo = r->lo;
    row->hi = r->hi;
    row->base_offset = r->base_offset;
    b->n[K_RANGE]++;
    db_import_range(b->d, flow, r);
    return ST_OK;
}

status db_batch_diag(db_batch *b, long long document, long long flow,
                     int line, const char *severity, const char *message)
{
    static const char *const sevs[] = {"info", "warning", "error"};
    const char *sev = NULL;
    for (size_t i = 0; i < sizeof sevs / sizeof *sevs; i++)
        if (severity && strcmp(severity, sevs[i]) == 0)
            sev = sevs[i];
    if (!sev) {
        strcpy(b->d->err, "diagnostic with an unknown severity");
        return ST_USAGE;
    }
    status s = room(b, K_DIAG);
    if (s != ST_OK)
        return s;
    diag_row *row = &b->diags[b->n[K_DIAG]];
    if ((s = keep(b, message, &row->message)) != ST_OK)
        return s;
    row->document = document;
    row->flow = flow;
    row->line = line;
    row->severity = sev;
    b->n[K_DIAG]++;
    return ST_OK;
}

status db_batch_footnote(db_batch *b, long long flow, long long footnote)
{
    status s = room(b, K_LINK);
    if (s != ST_OK)
        return s;
    b->links[b->n[K_LINK]++] = (link_row){flow, footnote};
    return ST_OK;
}
