/* port_first.c - the first screen of "what uses port N?" without ranking
 * every flow that does.
 *
 * db_flows_by_port ranks every matching range (a port inside the RTP
 * ranges has hundreds of thousands) before the first row comes out. The
 * first screen needs only the narrowest few, and the ranking is by width
 * first: so this finds the distinct (lo, hi) "shapes" containing N with
 * index seeks (there are few), takes them narrowest first, and walks the
 * ranges of each shape in rowid order, stopping as soon as enough flows
 * are found. Rowid order is document order: a document's ranges are
 * written right after its flows, in line order (src/ingest.c), and a
 * document imported later has larger ids throughout. Each flow found is
 * then read with all its matching ranges, exactly as db_flows_by_port
 * gives it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "db_int.h"

typedef struct {
    int lo, hi;
    int wide;
    long long last;  /* rowid of the last range read */
    int done;
    long long head;  /* flow id of the next matching range, 0 none */
} shape;

typedef struct {
    shape *v;
    size_t n, cap;
} shapes;

static int add_shape(shapes *s, int lo, int hi, int wide)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 32;
        shape *v = realloc(s->v, cap * sizeof *v);
        if (!v)
            return -1;
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n++] = (shape){lo, hi, wide, 0, 0, 0};
    return 0;
}

/* One seek: the first (lo, hi) of an index with lo = ?1 and hi > ?2
 * (same_lo), or with lo > ?1 (any hi), lo <= ?3. 0 found, 1 none, -1
 * error. Two plain seeks rather than "(lo, hi) > (?, ?)", which SQLite
 * turns into a walk over every range with the same lo. The partial index
 * needs its WHERE term in the query to be used. */
static int seek(db *d, int wide, int same_lo, int port, int *lo, int *hi,
                status *err)
{
    static const char *const sql[2][2] = {
        {"SELECT lo, hi FROM port_range INDEXED BY port_range_lohi "
         "WHERE lo > ?1 AND lo <= ?3 ORDER BY lo, hi LIMIT 1",
         "SELECT lo, hi FROM port_range INDEXED BY port_range_lohi "
         "WHERE lo = ?1 AND hi > ?2 AND ?3 >= 0 ORDER BY hi LIMIT 1"},
        {"SELECT lo, hi FROM port_range INDEXED BY port_range_wide "
         "WHERE hi - lo >= 64 AND lo > ?1 AND lo <= ?3 "
         "ORDER BY lo, hi LIMIT 1",
         "SELECT lo, hi FROM port_range INDEXED BY port_range_wide "
         "WHERE hi - lo >= 64 AND lo = ?1 AND hi > ?2 AND ?3 >= 0 "
         "ORDER BY hi LIMIT 1"}};
    static const db_query qs[2][2] = {{Q_SHAPE_NARROW, Q_SHAPE_NARROW_HI},
                                      {Q_SHAPE_WIDE, Q_SHAPE_WIDE_HI}};
    db_query q = qs[wide][same_lo];
    sqlite3_stmt *st;
    if ((*err = db_get(d, q, sql[wide][same_lo], &st)) != ST_OK)
        return -1;
    sqlite3_bind_int(st, 1, *lo);
    sqlite3_bind_int(st, 2, *hi);
    sqlite3_bind_int(st, 3, port);
    int rc = sqlite3_step(st), r = 1;
    if (rc == SQLITE_ROW) {
        *lo = sqlite3_column_int(st, 0);
        *hi = sqlite3_column_int(st, 1);
        r = 0;
    } else if (rc != SQLITE_DONE) {
        *err = db_fail(d, rc);
        r = -1;
    }
    db_put(d, q, st);
    return r;
}

/* The next distinct (lo, hi) after (lo, hi) in one of the two indexes,
 * with lo <= port; 0 found, 1 none, -1 error. */
static int next_shape(db *d, int wide, int port, int *lo, int *hi,
                      status *err)
{
    int l = *lo, h = *hi;
    int r = h < 65536 ? seek(d, wide, 1, port, &l, &h, err) : 1;
    if (r == 1) {
        l = *lo;
        r = seek(d, wide, 0, port, &l, &h, err);
    }
    if (r == 0) {
        *lo = l;
        *hi = h;
    }
    return r;
}

/* Every shape containing port: narrow ones (hi - lo < 64) start within 63
 * below it, wide ones anywhere below. */
static status find_shapes(db *d, int port, long long max_span, shapes *out)
{
    status err = ST_OK;
    for (int wide = 0; wide < 2; wide++) {
        int lo = wide ? -1 : port - 64, hi = 65536, r;
        if (!wide && lo < -1)
            lo = -1;
        while ((r = next_shape(d, wide, port, &lo, &hi, &err)) == 0) {
            if (!wide && hi - lo >= 64) {
                hi = 65536; /* a wide one in the narrow index: next lo */
                continue;
            }
            if (hi < port) {
                hi = port - 1; /* skip to the ones reaching the port */
                continue;
            }
            if ((max_span <= 0 || hi - lo + 1 <= max_span) &&
                add_shape(out, lo, hi, wide))
                return ST_NOMEM;
        }
        if (r < 0)
            return err;
    }
    return ST_OK;
}

static int by_span(const void *a, const void *b)
{
    const shape *x = a, *y = b;
    int sx = x->hi - x->lo, sy = y->hi - y->lo;
    return (sx > sy) - (sx < sy);
}

/* The flow of the next range of shape s (after s->last) that passes the
 * protocol and parity test, into s->head; 0 when none is left. */
static status advance(db *d, shape *s, int port, proto_t proto)
{
    static const char narrow_sql[] =
        "SELECT rowid, flow_id FROM port_range INDEXED BY port_range_lohi "
        "WHERE lo = ?1 AND hi = ?2 AND rowid > ?3 "
        "AND (?4 = '' OR protocol IN (?4, '')) "
        "AND (parity = '' OR (parity = 'even') = (?5 % 2 = 0)) "
        "ORDER BY rowid LIMIT 1";
    static const char wide_sql[] =
        "SELECT rowid, flow_id FROM port_range INDEXED BY port_range_wide "
        "WHERE hi - lo >= 64 AND lo = ?1 AND hi = ?2 AND rowid > ?3 "
        "AND (?4 = '' OR protocol IN (?4, '')) "
        "AND (parity = '' OR (parity = 'even') = (?5 % 2 = 0)) "
        "ORDER BY rowid LIMIT 1";
    db_query q = s->wide ? Q_SHAPE_RANGES_W : Q_SHAPE_RANGES_N;
    sqlite3_stmt *st;
    status err = db_get(d, q, s->wide ? wide_sql : narrow_sql, &st);
    if (err != ST_OK)
        return err;
    sqlite3_bind_int(st, 1, s->lo);
    sqlite3_bind_int(st, 2, s->hi);
    sqlite3_bind_int64(st, 3, s->last);
    db_bind_text(st, 4, proto == PROTO_UNSPEC ? "" : proto_name(proto));
    sqlite3_bind_int(st, 5, port);
    int rc = sqlite3_step(st);
    s->head = 0;
    if (rc == SQLITE_ROW) {
        s->last = sqlite3_column_int64(st, 0);
        s->head = sqlite3_column_int64(st, 1);
    } else if (rc != SQLITE_DONE) {
        err = db_fail(d, rc);
    }
    if (!s->head)
        s->done = 1;
    db_put(d, q, st);
    return err;
}

/* Has the flow been taken already (ids are few: the first screen)? */
static int taken(const long long *ids, size_t n, long long id)
{
    for (size_t i = 0; i < n; i++)
        if (ids[i] == id)
            return 1;
    return 0;
}

/* The flows of the first screen, in ranking order, into ids. */
static status first_ids(db *d, int port, proto_t proto, long long max_span,
                        size_t limit, long long *ids, size_t *nids)
{
    /* A busy port fills the screen with exact matches alone: then no
     * other shape need be looked for. */
    shape exact = {port, port, 0, 0, 0, 0};
    status err = advance(d, &exact, port, proto);
    *nids = 0;
    while (err == ST_OK && !exact.done && *nids < limit) {
        if (!taken(ids, *nids, exact.head))
            ids[(*nids)++] = exact.head;
        err = advance(d, &exact, port, proto);
    }
    if (err != ST_OK || *nids == limit)
        return err;
    *nids = 0;
    shapes sh = {NULL, 0, 0};
    err = find_shapes(d, port, max_span, &sh);
    if (err == ST_OK && sh.n > 1) /* qsort(NULL, 0) is undefined */
        qsort(sh.v, sh.n, sizeof *sh.v, by_span);
    /* Shapes of one width make a group; a group's flows come in flow id
     * (document) order, merged from its shapes' walks. */
    for (size_t g = 0; err == ST_OK && g < sh.n && *nids < limit;) {
        size_t e = g;
        while (e < sh.n && sh.v[e].hi - sh.v[e].lo == sh.v[g].hi - sh.v[g].lo)
            e++;
        for (size_t i = g; i < e && err == ST_OK; i++)
            err = advance(d, &sh.v[i], port, proto);
        while (err == ST_OK && *nids < limit) {
            size_t best = e;
            for (size_t i = g; i < e; i++)
                if (!sh.v[i].done &&
                    (best == e || sh.v[i].head < sh.v[best].head))
                    best = i;
            if (best == e)
                break;
            long long id = sh.v[best].head;
            if (!taken(ids, *nids, id))
                ids[(*nids)++] = id;
            for (size_t i = g; i < e && err == ST_OK; i++)
                while (err == ST_OK && !sh.v[i].done && sh.v[i].head == id)
                    err = advance(d, &sh.v[i], port, proto);
        }
        g = e;
    }
    free(sh.v);
    return err;
}

status db_flows_by_port_first(db *d, int port, proto_t proto,
                              long long max_span, size_t limit,
                              db_port_cb cb, void *ctx)
{
    /* The flows found, with all their matching ranges and columns, as
     * db_port_sql gives them, in one statement: ?4 is a JSON array of
     * their ids, in the order to give them (its key). A flow's narrowest
     * range comes first, and db_port_walk takes the flow's span from its
     * first row: no window function (and its sort) is needed for it. */
    static const char sql[] =
        "WITH m AS (SELECT j.key AS rank, r.id, r.flow_id, r.side, r.lo, "
        "r.hi, r.protocol, r.kind, r.parity, r.label, r.marks, "
        "r.hi - r.lo + 1 AS span "
        "FROM json_each(?4) j JOIN port_range r ON r.flow_id = j.value "
        "WHERE r.lo <= ?1 AND r.hi >= ?1 "
        "AND (?2 = '' OR r.protocol IN (?2, '')) "
        "AND (?3 <= 0 OR r.hi - r.lo + 1 <= ?3) "
        "AND (r.parity = '' OR (r.parity = 'even') = (?1 % 2 = 0))) "
        "SELECT m.span, m.side = 'dst', "
        "m.lo, m.hi, m.protocol, m.kind, m.parity, m.label, m.marks, "
        DB_FLOW_COLS " FROM m JOIN" DB_FLOW_FROM "WHERE f.id = m.flow_id "
        "ORDER BY m.rank, m.span, m.side = 'dst', m.id";
    if ((unsigned)proto >= PROTO__COUNT)
        return ST_USAGE;
    long long *ids = malloc((limit ? limit : 1) * sizeof *ids);
    size_t n = 0;
    if (!ids)
        return ST_NOMEM;
    /* Finding the ids is hundreds of one-row statements: one read
     * transaction for them. Not around the callbacks, which may write. */
    int began = db_read_begin(d);
    status s = first_ids(d, port, proto, max_span, limit, ids, &n);
    db_read_end(d, began);
    char *json = s == ST_OK ? malloc(n * 24 + 3) : NULL;
    if (s == ST_OK && !json)
        s = ST_NOMEM;
    if (s == ST_OK && n) {
        size_t k = 0;
        json[k++] = '[';
        for (size_t i = 0; i < n; i++)
            k += (size_t)snprintf(json + k, 24, "%s%lld", i ? "," : "",
                                  ids[i]);
        json[k++] = ']';
        json[k] = '\0';
        db_scratch *sc = db_scratch_get(d);
        sqlite3_stmt *st;
        if (!sc)
            s = ST_DB;
        else if ((s = db_get(d, Q_PORT_ONE, sql, &st)) == ST_OK) {
            s = db_port_bind(st, port, proto, max_span);
            sqlite3_bind_text(st, 4, json, -1, SQLITE_STATIC);
            if (s == ST_OK)
                s = db_port_walk(d, st, sc, cb, ctx);
            db_put(d, Q_PORT_ONE, st);
        }
    }
    free(json);
    free(ids);
    return s;
}
