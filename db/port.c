/* port.c - "what uses port N?": the flows whose port ranges contain N,
 * found through the range indexes and ranked narrowest first. */
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "db_int.h"

/* The matching ranges, from two index searches (see db/schema.sql):
 * a narrow range (hi - lo < 64) containing N starts within 63 below N, a
 * short walk of port_range_lohi; the few wide ones come from the partial
 * index port_range_wide. The two branches are disjoint, so UNION ALL.
 * INDEXED BY makes a lost index an error rather than a silent scan.
 * Then the filters: protocol (a range with none matches any), width, and
 * parity (36000-59998 even ports does not contain 36001).
 * ?1 port, ?2 protocol name or '', ?3 widest span allowed (<= 0: any). */
#define PORT_HITS                                                        \
    "WITH hit AS ("                                                      \
    "SELECT r.id, r.flow_id, r.side, r.lo, r.hi, r.protocol, r.kind, "   \
    "r.parity, r.label, r.marks "                                        \
    "FROM port_range r INDEXED BY port_range_lohi "                      \
    "WHERE r.lo BETWEEN ?1 - 63 AND ?1 AND r.hi >= ?1 "                  \
    "AND r.hi - r.lo < 64 "                                              \
    "UNION ALL "                                                         \
    "SELECT r.id, r.flow_id, r.side, r.lo, r.hi, r.protocol, r.kind, "   \
    "r.parity, r.label, r.marks "                                        \
    "FROM port_range r INDEXED BY port_range_wide "                      \
    "WHERE r.hi - r.lo >= 64 AND r.lo <= ?1 AND r.hi >= ?1), "           \
    "m AS (SELECT *, hi - lo + 1 AS span FROM hit "                      \
    "WHERE (?2 = '' OR protocol IN (?2, '')) "                           \
    "AND (?3 <= 0 OR hi - lo + 1 <= ?3) "                                \
    "AND (parity = '' OR (parity = 'even') = (?1 % 2 = 0))) "

/* One row per matching range, a flow's rows together: ranked by the
 * flow's narrowest range, then document and line; within a flow,
 * narrowest range first. */
const char db_port_sql[] =
    PORT_HITS
    "SELECT min(m.span) OVER (PARTITION BY m.flow_id), m.side = 'dst', "
    "m.lo, m.hi, m.protocol, m.kind, m.parity, m.label, m.marks, "
    DB_FLOW_COLS " FROM m JOIN" DB_FLOW_FROM "WHERE f.id = m.flow_id "
    "ORDER BY 1, f.document_id, f.line, f.id, m.span, m.side = 'dst', m.id";

#define COL_RANGE 1             /* first range column */
#define COL_LABEL 7
#define COL_FLOW 9              /* first of DB_FLOW_COLS */

status db_port_bind(sqlite3_stmt *st, int port, proto_t proto,
                    long long max_span)
{
    if ((unsigned)proto >= PROTO__COUNT)
        return ST_USAGE;
    sqlite3_bind_int(st, 1, port);
    db_bind_text(st, 2, proto == PROTO_UNSPEC ? "" : proto_name(proto));
    sqlite3_bind_int64(st, 3, max_span);
    return ST_OK;
}

/* ---- collecting one flow's rows ----------------------------------------- */

/* The flow being collected: its fields, its text as offsets into the
 * scratch buffer (resolved only when complete, as the buffer may move). */
typedef struct {
    db_flow flow;
    size_t text[DB_FLOW_NTEXT];
    long long span;
} port_flow;

static status begin_flow(db_scratch *sc, sqlite3_stmt *st, port_flow *pf)
{
    db_buf_reset(&sc->text);
    sc->nranges = 0;
    for (int i = 0; i < DB_FLOW_NTEXT; i++)
        if (db_buf_col(&sc->text, st, COL_FLOW + DB_FLOW_TEXT0 + i,
                       &pf->text[i]) != ST_OK)
            return ST_NOMEM;
    pf->span = sqlite3_column_int64(st, 0);
    /* The strings are pointed at by emit(), when the buffer has stopped
     * moving. */
    db_flow_ids(&pf->flow, st, COL_FLOW);
    return ST_OK;
}

static status add_range(db_scratch *sc, sqlite3_stmt *st, long long flow)
{
    if (sc->nranges == sc->cap) {
        size_t cap = sc->cap ? sc->cap * 2 : 8;
        db_range *r = realloc(sc->ranges, cap * sizeof *r);
        if (!r)
            return ST_NOMEM;
        sc->ranges = r;
        size_t (*t)[2] = realloc(sc->range_text, cap * sizeof *t);
        if (!t)
            return ST_NOMEM;
        sc->range_text = t;
        sc->cap = cap;
    }
    size_t i = sc->nranges;
    db_range *r = &sc->ranges[i];
    r->flow_id = flow;
    r->side = sqlite3_column_int(st, COL_RANGE) ? SIDE_DST : SIDE_SRC;
    r->lo = sqlite3_column_int(st, COL_RANGE + 1);
    r->hi = sqlite3_column_int(st, COL_RANGE + 2);
    r->proto = proto_from_name(
        (const char *)sqlite3_column_text(st, COL_RANGE + 3));
    r->kind = port_kind_from_name(
        (const char *)sqlite3_column_text(st, COL_RANGE + 4));
    r->parity = parity_from_name(
        (const char *)sqlite3_column_text(st, COL_RANGE + 5));
    if (db_buf_col(&sc->text, st, COL_LABEL, &sc->range_text[i][0]) ||
        db_buf_col(&sc->text, st, COL_LABEL + 1, &sc->range_text[i][1]))
        return ST_NOMEM;
    sc->nranges++;
    return ST_OK;
}

/* Hand the collected flow to the callback. */
static int emit(db *d, db_scratch *sc, port_flow *pf, db_port_cb cb,
                void *ctx)
{
    const char *t[DB_FLOW_NTEXT];
    for (int i = 0; i < DB_FLOW_NTEXT; i++)
        t[i] = sc->text.p + pf->text[i];
    db_flow f = pf->flow;
    db_flow_text(&f, t);
    for (size_t i = 0; i < sc->nranges; i++) {
        sc->ranges[i].label = sc->text.p + sc->range_text[i][0];
        sc->ranges[i].marks = sc->text.p + sc->range_text[i][1];
    }
    db_port_hit hit = { &f, sc->ranges, sc->nranges, pf->span };
    d->depth++;
    int r = cb(ctx, &hit);
    d->depth--;
    return r;
}

/* ---- the lookups -------------------------------------------------------- */

status db_port_walk(db *d, sqlite3_stmt *st, db_scratch *sc,
                    db_port_cb cb, void *ctx)
{
    port_flow pf;
    long long cur = 0;
    int rc;
    status s = ST_OK;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(st, COL_FLOW);
        if (id != cur && cur && emit(d, sc, &pf, cb, ctx))
            return ST_STOP;
        if (id != cur) {
            cur = id;
            if ((s = begin_flow(sc, st, &pf)) != ST_OK)
                return s;
        }
        if ((s = add_range(sc, st, cur)) != ST_OK)
            return s;
    }
    if (rc != SQLITE_DONE)
        return db_fail(d, rc);
    if (cur && emit(d, sc, &pf, cb, ctx))
        return ST_STOP;
    return ST_OK;
}

status db_flows_by_port(db *d, int port, proto_t proto, long long max_span,
                        db_port_cb cb, void *ctx)
{
    db_scratch *sc = db_scratch_get(d);
    if (!sc)
        return ST_DB;
    sqlite3_stmt *st;
    status s = db_get(d, Q_PORT, db_port_sql, &st);
    if (s != ST_OK)
        return s;
    s = db_port_bind(st, port, proto, max_span);
    if (s == ST_OK)
        s = db_port_walk(d, st, sc, cb, ctx);
    db_put(d, Q_PORT, st);
    return s;
}

status db_port_count(db *d, int port, proto_t proto, long long max_span,
                     long long *n)
{
    static const char sql[] =
        PORT_HITS "SELECT count(DISTINCT flow_id) FROM m";
    sqlite3_stmt *st;
    *n = 0;
    /* Counted at import (count.c) for the whole width of ranges; a span
     * limit or an unusual protocol walks the ranges. */
    if (max_span <= 0) {
        status s = db_counted(d, port, proto, n);
        if (s != ST_OK || *n >= 0)
            return s;
        *n = 0;
    }
    status s = db_get(d, Q_PORT_COUNT, sql, &st);
    if (s != ST_OK)
        return s;
    s = db_port_bind(st, port, proto, max_span);
    if (s == ST_OK) {
        int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW)
            *n = sqlite3_column_int64(st, 0);
        else
            s = db_fail(d, rc);
    }
    db_put(d, Q_PORT_COUNT, st);
    return s;
}

status db_port_spans(db *d, int port, proto_t proto, db_span_cb cb,
                     void *ctx)
{
    /* The matching ranges alone: no flow columns, no ranking. */
    static const char sql[] = PORT_HITS "SELECT flow_id, span FROM m";
    sqlite3_stmt *st;
    status s = db_get(d, Q_PORT_SPANS, sql, &st);
    if (s != ST_OK)
        return s;
    s = db_port_bind(st, port, proto, 0);
    int rc = SQLITE_DONE;
    while (s == ST_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
        if (cb(ctx, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1)))
            s = ST_STOP;
    if (s == ST_OK && rc != SQLITE_DONE)
        s = db_fail(d, rc);
    db_put(d, Q_PORT_SPANS, st);
    return s;
}
