/* write.c - the import side: a document and everything read from it. None
 * of these begin or end a transaction; ingest wraps a whole document in
 * db_begin/db_commit so a failed import leaves no trace. */
#include <string.h>
#include <sqlite3.h>
#include "db_int.h"

/* Bind text that outlives the statement's run: every insert here is
 * stepped, reset and cleared (db_put) before it returns, so SQLite need
 * not copy the string (a malloc and a copy per cell, ~10% of an import's
 * time in SQLite). */
static void bind_str(sqlite3_stmt *st, int i, const char *s)
{
    sqlite3_bind_text(st, i, s ? s : "", -1, SQLITE_STATIC);
}

/* Run st (parameters bound) to completion and put it back. */
static status exec(db *d, db_query q, sqlite3_stmt *st)
{
    status s = db_step_all(d, st);
    db_put(d, q, st);
    return s;
}

/* Run an INSERT and give the new row's id. */
static status insert(db *d, db_query q, sqlite3_stmt *st, long long *id)
{
    status s = exec(d, q, st);
    if (id)
        *id = s == ST_OK ? sqlite3_last_insert_rowid(d->h) : 0;
    return s;
}

/* The integer of the first row, if any: ST_NOTFOUND when no row. */
static status first_id(db *d, db_query q, sqlite3_stmt *st, long long *id)
{
    int rc = sqlite3_step(st);
    status s = ST_OK;
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);
    else if (rc == SQLITE_DONE)
        s = ST_NOTFOUND;
    else
        s = db_fail(d, rc);
    db_put(d, q, st);
    return s;
}

/* ---- documents ---------------------------------------------------------- */

status db_document_lookup(db *d, const char *path, const char *sha256,
                          long long *id, int *unchanged)
{
    /* Prefer the document at this very path when the same bytes were
     * imported under several names. */
    static const char by_sha[] =
        "SELECT id FROM document WHERE sha256 = ?2 "
        "ORDER BY path = ?1 DESC, id LIMIT 1";
    static const char by_path[] = "SELECT id FROM document WHERE path = ?1";
    sqlite3_stmt *st;
    status s;
    *id = 0;
    *unchanged = 0;
    if (sha256 && *sha256) {
        if ((s = db_get(d, Q_DOC_BY_SHA, by_sha, &st)) != ST_OK)
            return s;
        db_bind_text(st, 1, path);
        db_bind_text(st, 2, sha256);
        s = first_id(d, Q_DOC_BY_SHA, st, id);
        if (s == ST_OK)
            *unchanged = 1;
        if (s != ST_NOTFOUND)
            return s;
    }
    if ((s = db_get(d, Q_DOC_BY_PATH, by_path, &st)) != ST_OK)
        return s;
    db_bind_text(st, 1, path);
    s = first_id(d, Q_DOC_BY_PATH, st, id);
    return s == ST_NOTFOUND ? ST_OK : s;
}

status db_document_put(db *d, const db_document_in *doc, long long *id)
{
    /* Deleting the document row deletes the rest (ON DELETE CASCADE). */
    static const char del[] = "DELETE FROM document WHERE path = ?1";
    static const char ins[] =
        "INSERT INTO document (path, name, sha256, title, vendor, format, "
        "size, imported_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
        "strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))";
    sqlite3_stmt *st;
    status s;
    *id = 0;
    /* The rows of an import are checked here, in C; the schema's CHECKs
     * are off until the transaction ends (see db_checks). */
    db_checks(d, 0);
    if ((s = db_get(d, Q_DOC_DELETE, del, &st)) != ST_OK)
        return s;
    db_bind_text(st, 1, doc->path);
    if ((s = exec(d, Q_DOC_DELETE, st)) != ST_OK)
        return s;
    if ((s = db_get(d, Q_DOC_INSERT, ins, &st)) != ST_OK)
        return s;
    db_bind_text(st, 1, doc->path);
    db_bind_text(st, 2, doc->name);
    db_bind_text(st, 3, doc->sha256);
    db_bind_text(st, 4, doc->title);
    db_bind_text(st, 5, doc->vendor);
    db_bind_text(st, 6, doc->format);
    sqlite3_bind_int64(st, 7, doc->size);
    s = insert(d, Q_DOC_INSERT, st, id);
    if (s == ST_OK)
        db_import_start(d, *id, doc->name, doc->path);
    return s;
}

/* ---- products and sections ---------------------------------------------- */

/* Get-or-create a (parent, name) row: look first, since nearly every call
 * finds the row made for the previous table row. */
static status get_or_add(db *d, db_query qget, const char *get,
                         db_query qadd, const char *add, long long parent,
                         const char *name, long long *id)
{
    sqlite3_stmt *st;
    status s;
    *id = 0;
    if ((s = db_get(d, qget, get, &st)) != ST_OK)
        return s;
    sqlite3_bind_int64(st, 1, parent);
    db_bind_text(st, 2, name);
    s = first_id(d, qget, st, id);
    if (s != ST_NOTFOUND)
        return s;
    if ((s = db_get(d, qadd, add, &st)) != ST_OK)
        return s;
    sqlite3_bind_int64(st, 1, parent);
    db_bind_text(st, 2, name);
    return insert(d, qadd, st, id);
}

status db_product_id(db *d, long long document, const char *name,
                     long long *id)
{
    status s = get_or_add(
        d, Q_PRODUCT_GET,
        "SELECT id FROM product WHERE document_id = ?1 AND name = ?2",
        Q_PRODUCT_ADD,
        "INSERT INTO product (document_id, name) VALUES (?1, ?2)",
        document, name, id);
    if (s == ST_OK)
        db_import_place(d, *id, 0, name);
    return s;
}

status db_section_id(db *d, long long product, const char *name,
                     long long *id)
{
    status s = get_or_add(
        d, Q_SECTION_GET,
        "SELECT id FROM section WHERE product_id = ?1 AND name = ?2",
        Q_SECTION_ADD,
        "INSERT INTO section (product_id, name) VALUES (?1, ?2)",
        product, name, id);
    if (s == ST_OK)
        db_import_place(d, *id, product, name);
    return s;
}

/* ---- flows and what hangs off them -------------------------------------- */

/* Is s one of the NULL-terminated words? (The CHECKs of schema.sql, in
 * C: they are off during an import.) */
static int one_of(const char *s, const char *const *words)
{
    for (; *words; words++)
        if (strcmp(s ? s : "", *words) == 0)
            return 1;
    return 0;
}

status db_flow_valid(db *d, const db_flow_in *f)
{
    static const char *const levels[] = {"", "mandatory", "recommended",
                                         "optional", NULL};
    static const char *const dirs[] = {"", "inbound", "outbound", "both",
                                       "local", NULL};
    if (!one_of(f->req_level, levels) || !one_of(f->direction, dirs)) {
        strcpy(d->err, "flow with an unknown requirement level or "
                       "direction");
        return ST_USAGE;
    }
    return ST_OK;
}

status db_flow_add(db *d, const db_flow_in *f, long long *id)
{
    if (db_flow_valid(d, f) != ST_OK)
        return ST_USAGE;
    static const char sql[] =
        "INSERT INTO flow (document_id, section_id, line, source, "
        "source_ports, destination, destination_ports, protocol, "
        "description, requirement, req_level, direction, marks, "
        "transports) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
        "?14)";
    sqlite3_stmt *st;
    status s = db_get(d, Q_FLOW_ADD, sql, &st);
    if (s != ST_OK)
        return s;
    sqlite3_bind_int64(st, 1, f->document_id);
    db_bind_id(st, 2, f->section_id);
    sqlite3_bind_int(st, 3, f->line);
    const char *text[] = {
        f->source, f->source_ports, f->destination, f->destination_ports,
        f->protocol, f->description, f->requirement, f->req_level,
        f->direction, f->marks, f->transports,
    };
    for (int i = 0; i < 11; i++)
        bind_str(st, 4 + i, text[i]);
    s = insert(d, Q_FLOW_ADD, st, NULL);
    long long rowid = s == ST_OK ? sqlite3_last_insert_rowid(d->h) : 0;
    if (id)
        *id = rowid;
    if (s == ST_OK)
        db_import_flow(d, rowid, f);
    return s;
}

/* Does a range of this kind carry real ports in lo/hi? */
static int kind_has_ports(port_kind_t k)
{
    return k == PORT_NUMERIC || k == PORT_GE1024;
}

status db_range_valid(db *d, const port_range *r)
{
    if ((unsigned)r->proto >= PROTO__COUNT ||
        (unsigned)r->kind >= PORT__COUNT ||
        (unsigned)r->parity > PARITY_ODD ||
        (kind_has_ports(r->kind) &&
         (r->lo < 0 || r->lo > r->hi || r->hi > 65535))) {
        strcpy(d->err, "port range with an unknown protocol, kind or "
                       "parity, or not within 0-65535");
        return ST_USAGE;
    }
    return ST_OK;
}

status db_range_add(db *d, long long flow, flow_side side,
                    const port_range *r)
{
    static const char sql[] =
        "INSERT INTO port_range (flow_id, side, protocol, kind, lo, hi, "
        "parity, label, marks, base_offset) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
    if (db_range_valid(d, r) != ST_OK)
        return ST_USAGE;
    sqlite3_stmt *st;
    status s = db_get(d, Q_RANGE_ADD, sql, &st);
    if (s != ST_OK)
        return s;
    sqlite3_bind_int64(st, 1, flow);
    bind_str(st, 2, side == SIDE_DST ? "dst" : "src");
    bind_str(st, 3, proto_name(r->proto));
    bind_str(st, 4, port_kind_name(r->kind));
    if (kind_has_ports(r->kind)) {
        sqlite3_bind_int(st, 5, r->lo);
        sqlite3_bind_int(st, 6, r->hi);
    }
    bind_str(st, 7, parity_name(r->parity));
    bind_str(st, 8, r->label);
    bind_str(st, 9, r->marks);
    if (r->base_offset >= 0)
        sqlite3_bind_int(st, 10, r->base_offset);
    s = insert(d, Q_RANGE_ADD, st, NULL);
    if (s == ST_OK)
        db_import_range(d, flow, r);
    return s;
}

status db_footnote_add(db *d, long long document, int line,
                       const char *mark, const char *text, long long *id)
{
    static const char sql[] =
        "INSERT INTO footnote (document_id, line, mark, text) "
        "VALUES (?1, ?2, ?3, ?4)";
    sqlite3_stmt *st;
    status s = db_get(d, Q_NOTE_ADD, sql, &st);
    if (s != ST_OK)
        return s;
    sqlite3_bind_int64(st, 1, document);
    sqlite3_bind_int(st, 2, line);
    bind_str(st, 3, mark);
    bind_str(st, 4, text);
    return insert(d, Q_NOTE_ADD, st, id);
}

status db_flow_footnote_add(db *d, long long flow, long long footnote)
{
    /* A mark repeated in one row links once; OR IGNORE covers only the
     * primary key, a missing flow or footnote is still an error. */
    static const char sql[] =
        "INSERT OR IGNORE INTO flow_footnote (flow_id, footnote_id) "
        "VALUES (?1, ?2)";
    sqlite3_stmt *st;
    status s = db_get(d, Q_FLOW_NOTE_ADD, sql, &st);
    if (s != ST_OK)
        return s;
    sqlite3_bind_int64(st, 1, flow);
    sqlite3_bind_int64(st, 2, footnote);
    return exec(d, Q_FLOW_NOTE_ADD, st);
}

status db_diag_add(db *d, long long document, long long flow, int line,
                   const char *severity, const char *message)
{
    static const char *const sevs[] = {"info", "warning", "error", NULL};
    if (!one_of(severity, sevs)) {
        strcpy(d->err, "diagnostic with an unknown severity");
        return ST_USAGE;
    }
    static const char sql[] =
        "INSERT INTO diagnostic (document_id, flow_id, line, severity, "
        "message) VALUES (?1, ?2, ?3, ?4, ?5)";
    sqlite3_stmt *st;
    status s = db_get(d, Q_DIAG_ADD, sql, &st);
    if (s != ST_OK)
        return s;
    sqlite3_bind_int64(st, 1, document);
    db_bind_id(st, 2, flow);
    sqlite3_bind_int(st, 3, line);
    bind_str(st, 4, severity);
    bind_str(st, 5, message);
    return exec(d, Q_DIAG_ADD, st);
}
