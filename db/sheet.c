/* sheet.c - worksheets: named sets of flows with a customer name, role
 * mappings and site defaults, for the firewall worksheet exports. The
 * explorer's marks (prefs.c) are the flows of the current worksheet.
 *
 * A worksheet name of NULL is the current one; it is created on the
 * first write, as marking does, while any other name must exist. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "db_int.h"

#define NOW "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
/* The worksheet a statement is about: ?1, or the current one when NULL. */
#define SHEET_NAME "coalesce(?1, " DB_WORKSHEET_NAME ")"
#define NAME_MAX_BYTES 64

static void bind_name(sqlite3_stmt *st, const char *name)
{
    if (name)
        sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, 1);
}

/* Is name the current worksheet (NULL is)? */
static int is_current(db *d, const char *name)
{
    char cur[NAME_MAX_BYTES + 1];
    if (!name)
        return 1;
    return db_sheet_current(d, cur, sizeof cur) == ST_OK &&
           strcmp(cur, name) == 0;
}

static status not_found(db *d, const char *name)
{
    snprintf(d->err, sizeof d->err, "no worksheet named '%s'",
             name ? name : "(current)");
    return ST_NOTFOUND;
}

/* The worksheet's id. A missing worksheet is ST_NOTFOUND, unless it is
 * the current one: then *id is 0 (create == 0) or it is created. */
static status sheet_id(db *d, const char *name, int create, long long *id)
{
    static const char get[] =
        "SELECT id FROM worksheet WHERE name = " SHEET_NAME;
    static const char add[] =
        "INSERT INTO worksheet (name, created_at) VALUES (" SHEET_NAME
        ", " NOW ")";
    sqlite3_stmt *st;
    *id = 0;
    status s = db_get(d, Q_SHEET_ID, get, &st);
    if (s != ST_OK)
        return s;
    bind_name(st, name);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);
    else if (rc != SQLITE_DONE)
        s = db_fail(d, rc);
    db_put(d, Q_SHEET_ID, st);
    if (s != ST_OK || *id)
        return s;
    if (!is_current(d, name))
        return not_found(d, name);
    if (!create)
        return ST_OK;
    if ((s = db_get(d, Q_SHEET_ADD, add, &st)) != ST_OK)
        return s;
    bind_name(st, name);
    s = db_step_all(d, st);
    db_put(d, Q_SHEET_ADD, st);
    if (s == ST_OK)
        *id = sqlite3_last_insert_rowid(d->h);
    return s;
}

/* ---- listing ------------------------------------------------------------ */

/* Columns of a worksheet row; the current one is given even before it
 * exists (a row of zeroes from the second SELECT). */
#define SHEET_COLS                                                       \
    "SELECT w.id, "                                                      \
    "(SELECT count(*) FROM worksheet_flow x WHERE x.worksheet_id = w.id), " \
    "(SELECT count(*) FROM worksheet_role x WHERE x.worksheet_id = w.id), " \
    "(SELECT count(*) FROM worksheet_default x "                         \
    "WHERE x.worksheet_id = w.id), "                                     \
    "w.name = " DB_WORKSHEET_NAME ", w.name, w.customer, w.created_at "  \
    "FROM worksheet w "
#define SHEET_UNBORN                                                     \
    "SELECT 0, 0, 0, 0, 1, " DB_WORKSHEET_NAME ", '', '' "               \
    "WHERE NOT EXISTS (SELECT 1 FROM worksheet WHERE name = "            \
    DB_WORKSHEET_NAME ")"

static status sheet_walk(db *d, db_query q, sqlite3_stmt *st, db_sheet_cb cb,
                         void *ctx, long long *rows)
{
    db_scratch *sc = db_scratch_get(d);
    status s = sc ? ST_OK : ST_DB;
    int rc = SQLITE_DONE;
    *rows = 0;
    while (s == ST_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *t[3];
        if ((s = db_copy_cols(&sc->text, st, 5, 3, t)) != ST_OK)
            break;
        db_sheet w = {
            .id = sqlite3_column_int64(st, 0),
            .flows = sqlite3_column_int64(st, 1),
            .roles = sqlite3_column_int64(st, 2),
            .defaults = sqlite3_column_int64(st, 3),
            .current = sqlite3_column_int(st, 4),
            .name = t[0], .customer = t[1], .created_at = t[2],
        };
        ++*rows;
        d->depth++;
        int r = cb(ctx, &w);
        d->depth--;
        if (r)
            s = ST_STOP;
    }
    if (s == ST_OK && rc != SQLITE_DONE)
        s = db_fail(d, rc);
    db_put(d, q, st);
    return s;
}

status db_sheets(db *d, db_sheet_cb cb, void *ctx)
{
    static const char sql[] =
        SHEET_COLS "UNION ALL " SHEET_UNBORN " ORDER BY 6";
    sqlite3_stmt *st;
    long long rows;
    status s = db_get(d, Q_SHEETS, sql, &st);
    if (s != ST_OK)
        return s;
    return sheet_walk(d, Q_SHEETS, st, cb, ctx, &rows);
}

status db_sheet_get(db *d, const char *name, db_sheet_cb cb, void *ctx)
{
    static const char sql[] =
        SHEET_COLS "WHERE w.name = " SHEET_NAME " UNION ALL " SHEET_UNBORN
        " AND " SHEET_NAME " = " DB_WORKSHEET_NAME;
    sqlite3_stmt *st;
    long long rows;
    status s = db_get(d, Q_SHEET_GET, sql, &st);
    if (s != ST_OK)
        return s;
    bind_name(st, name);
    s = sheet_walk(d, Q_SHEET_GET, st, cb, ctx, &rows);
    if (s == ST_OK && rows == 0)
        return not_found(d, name);
    return s;
}

status db_sheet_current(db *d, char *name, size_t n)
{
    status s = db_setting_get(d, "worksheet", name, n);
    if (s == ST_NOTFOUND || (s == ST_OK && !*name)) {
        snprintf(name, n, "default");
        s = ST_OK;
    }
    return s;
}

/* ---- creating, choosing, deleting --------------------------------------- */

static status check_name(db *d, const char *name)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0 || n > NAME_MAX_BYTES) {
        snprintf(d->err, sizeof d->err,
                 "a worksheet name has 1 to %d bytes", NAME_MAX_BYTES);
        return ST_USAGE;
    }
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p < 0x20 || *p == 0x7f) {
            snprintf(d->err, sizeof d->err,
                     "a worksheet name cannot hold control characters");
            return ST_USAGE;
        }
    return ST_OK;
}

status db_sheet_create(db *d, const char *name)
{
    static const char sql[] =
        "INSERT INTO worksheet (name, created_at) VALUES (?1, " NOW ")";
    sqlite3_stmt *st;
    status s = check_name(d, name);
    if (s != ST_OK)
        return s;
    if ((s = db_get(d, Q_SHEET_NEW, sql, &st)) != ST_OK)
        return s;
    bind_name(st, name);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_CONSTRAINT_UNIQUE) {
        snprintf(d->err, sizeof d->err, "a worksheet named '%s' exists",
                 name);
        s = ST_EXISTS;
    } else if (rc != SQLITE_DONE) {
        s = db_fail(d, rc);
    }
    db_put(d, Q_SHEET_NEW, st);
    return s;
}

status db_sheet_use(db *d, const char *name)
{
    long long id;
    status s = check_name(d, name);
    if (s != ST_OK)
        return s;
    /* "default" needs no creating: it is made on first use. */
    /* sheet_id with a name answers ST_NOTFOUND unless it exists or is
     * already current (then there is nothing to do). */
    if (strcmp(name, "default") != 0 &&
        (s = sheet_id(d, name, 0, &id)) != ST_OK)
        return s;
    return db_setting_set(d, "worksheet", name);
}

status db_sheet_delete(db *d, const char *name)
{
    static const char sql[] = "DELETE FROM worksheet WHERE id = ?1";
    long long id;
    sqlite3_stmt *st;
    int current = is_current(d, name);
    status s = sheet_id(d, name, 0, &id);
    if (s != ST_OK)
        return s;
    if (!id)
        return not_found(d, name);
    if ((s = db_get(d, Q_SHEET_DEL, sql, &st)) != ST_OK)
        return s;
    sqlite3_bind_int64(st, 1, id);
    s = db_step_all(d, st);
    db_put(d, Q_SHEET_DEL, st);
    if (s == ST_OK && current)
        s = db_setting_set(d, "worksheet", "default");
    return s;
}

/* ---- flows -------------------------------------------------------------- */

status db_sheet_flow_set(db *d, const char *name, long long flow, int on)
{
    static const char add[] =
        "INSERT OR IGNORE INTO worksheet_flow (worksheet_id, flow_id, "
        "added_at) VALUES (?1, ?2, " NOW ")";
    static const char del[] =
        "DELETE FROM worksheet_flow WHERE worksheet_id = ?1 AND flow_id = ?2";
    long long id;
    sqlite3_stmt *st;
    status s = sheet_id(d, name, on, &id);
    if (s != ST_OK || !id)
        return s;
    db_query q = on ? Q_SHEET_FLOW_ADD : Q_SHEET_FLOW_DEL;
    if ((s = db_get(d, q, on ? add : del, &st)) != ST_OK)
        return s;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, flow);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) {
        snprintf(d->err, sizeof d->err, "no flow with id %lld", flow);
        s = ST_NOTFOUND;
    } else if (rc != SQLITE_DONE) {
        s = db_fail(d, rc);
    }
    db_put(d, q, st);
    return s;
}

/* Prepare sql in slot q with the worksheet's id bound to ?1. *st is NULL
 * (ST_OK) while the current worksheet does not exist: it has no rows. */
static status sheet_stmt(db *d, const char *name, db_query q,
                         const char *sql, sqlite3_stmt **st)
{
    long long id;
    *st = NULL;
    status s = sheet_id(d, name, 0, &id);
    if (s != ST_OK || !id)
        return s;
    if ((s = db_get(d, q, sql, st)) != ST_OK)
        return s;
    sqlite3_bind_int64(*st, 1, id);
    return ST_OK;
}

static status sheet_flows(db *d, const char *name, db_query q,
                          const char *sql, db_flow_cb cb, void *ctx)
{
    sqlite3_stmt *st;
    status s = sheet_stmt(d, name, q, sql, &st);
    if (s != ST_OK || !st)
        return s;
    return db_walk_flows(d, q, st, cb, ctx, NULL);
}

#define SHEET_FLOWS                                                      \
    "SELECT " DB_FLOW_COLS " FROM" DB_FLOW_FROM                          \
    "JOIN worksheet_flow wf ON wf.flow_id = f.id WHERE wf.worksheet_id = ?1 "

status db_sheet_flows(db *d, const char *name, db_flow_cb cb, void *ctx)
{
    static const char sql[] =
        SHEET_FLOWS "ORDER BY f.document_id, f.line, f.id";
    return sheet_flows(d, name, Q_SHEET_FLOWS, sql, cb, ctx);
}

status db_sheet_flows_by_id(db *d, const char *name, db_flow_cb cb,
                            void *ctx)
{
    /* the order of the worksheet_flow key: no temporary b-tree */
    static const char sql[] = SHEET_FLOWS "ORDER BY wf.flow_id";
    return sheet_flows(d, name, Q_SHEET_FLOWS_ID, sql, cb, ctx);
}

/* The ranges come as the index port_range_flow (flow_id, side) holds
 * them, with no sort: a flow's destination rows ('dst' < 'src') first.
 * They are held and handed on after the flow's source rows, the order
 * db_flow_ranges gives. */
typedef struct {
    db_range_cb cb;
    void *ctx;
    struct held {
        db_range r;
        size_t label, marks; /* offsets into text: it may move */
    } *held;              /* the current flow's destination rows */
    size_t n, cap;
    char *text;           /* their label and marks, NUL-separated */
    size_t tlen, tcap;
    int oom;
} range_order;

static size_t hold_text(range_order *o, const char *s)
{
    size_t n = strlen(s) + 1, at = o->tlen;
    if (n > o->tcap - o->tlen) {
        size_t cap = o->tcap * 2 > o->tlen + n ? o->tcap * 2 : o->tlen + n;
        char *t = realloc(o->text, cap);
        if (!t) {
            o->oom = 1;
            return 0;
        }
        o->text = t;
        o->tcap = cap;
    }
    memcpy(o->text + at, s, n);
    o->tlen += n;
    return at;
}

/* Hand on the held rows; nonzero when the callback says stop. */
static int range_flush(range_order *o)
{
    int r = 0;
    for (size_t i = 0; i < o->n && !r; i++) {
        db_range x = o->held[i].r;
        x.label = o->text + o->held[i].label;
        x.marks = o->text + o->held[i].marks;
        r = o->cb(o->ctx, &x);
    }
    o->n = o->tlen = 0;
    return r;
}

static int range_reorder(void *ctx, const db_range *r)
{
    range_order *o = ctx;
    if (o->n && o->held[0].r.flow_id != r->flow_id && range_flush(o))
        return 1;
    if (r->side != SIDE_DST)
        return o->cb(o->ctx, r);
    if (o->n == o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 8;
        struct held *v = realloc(o->held, cap * sizeof *v);
        if (!v) {
            o->oom = 1;
            return 1;
        }
        o->held = v;
        o->cap = cap;
    }
    struct held *h = &o->held[o->n++];
    h->r = *r;
    h->label = hold_text(o, r->label);
    h->marks = hold_text(o, r->marks);
    return o->oom;
}

status db_sheet_ranges(db *d, const char *name, db_range_cb cb, void *ctx)
{
    static const char sql[] =
        "SELECT r.flow_id, r.side = 'dst', coalesce(r.lo, -1), "
        "coalesce(r.hi, -1), r.protocol, r.kind, r.parity, r.label, "
        "r.marks, coalesce(r.base_offset, -1) FROM worksheet_flow wf "
        "JOIN port_range r ON r.flow_id = wf.flow_id "
        "WHERE wf.worksheet_id = ?1 ORDER BY wf.flow_id, r.side, r.id";
    sqlite3_stmt *st;
    status s = sheet_stmt(d, name, Q_SHEET_RANGES, sql, &st);
    if (s != ST_OK || !st)
        return s;
    range_order o = {.cb = cb, .ctx = ctx};
    s = db_walk_ranges(d, Q_SHEET_RANGES, st, range_reorder, &o);
    if (s == ST_OK) {
        d->depth++;
        if (range_flush(&o))
            s = ST_STOP;
        d->depth--;
    }
    if (o.oom)
        s = ST_NOMEM;
    free(o.held);
    free(o.text);
    return s;
}

status db_sheet_footnotes(db *d, const char *name, db_footnote_cb cb,
                          void *ctx)
{
    static const char sql[] =
        "SELECT n.id, n.line, n.mark, n.text, ff.flow_id "
        "FROM worksheet_flow wf "
        "JOIN flow_footnote ff ON ff.flow_id = wf.flow_id "
        "JOIN footnote n ON n.id = ff.footnote_id "
        "WHERE wf.worksheet_id = ?1 ORDER BY ff.flow_id, n.line, n.id";
    sqlite3_stmt *st;
    status s = sheet_stmt(d, name, Q_SHEET_FOOTNOTES, sql, &st);
    if (s != ST_OK || !st)
        return s;
    return db_walk_footnotes(d, Q_SHEET_FOOTNOTES, st, cb, ctx);
}

status db_sheet_customer_set(db *d, const char *name, const char *customer)
{
    static const char sql[] =
        "UPDATE worksheet SET customer = ?2 WHERE id = ?1";
    long long id;
    sqlite3_stmt *st;
    status s = sheet_id(d, name, 1, &id);
    if (s != ST_OK)
        return s;
    if ((s = db_get(d, Q_SHEET_CUSTOMER, sql, &st)) != ST_OK)
        return s;
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, customer);
    s = db_step_all(d, st);
    db_put(d, Q_SHEET_CUSTOMER, st);
    return s;
}

/* ---- role mappings and site defaults ------------------------------------ */

/* The two key/value tables differ only in their names. */
typedef struct {
    db_query set, del, list;
    const char *set_sql, *del_sql, *list_sql;
    const char *what;     /* for messages */
} kv_table;

static const kv_table ROLES = {
    Q_ROLE_SET, Q_ROLE_DEL, Q_ROLES,
    "INSERT INTO worksheet_role (worksheet_id, role, value) "
    "VALUES (?1, ?2, ?3) ON CONFLICT (worksheet_id, role) "
    "DO UPDATE SET role = excluded.role, value = excluded.value",
    "DELETE FROM worksheet_role WHERE worksheet_id = ?1 AND role = ?2",
    "SELECT role, value FROM worksheet_role WHERE worksheet_id = ?1 "
    "ORDER BY role",
    "role",
};

static const kv_table DEFAULTS = {
    Q_DEFAULT_SET, Q_DEFAULT_DEL, Q_DEFAULTS,
    "INSERT INTO worksheet_default (worksheet_id, name, value) "
    "VALUES (?1, ?2, ?3) ON CONFLICT (worksheet_id, name) "
    "DO UPDATE SET value = excluded.value",
    "DELETE FROM worksheet_default WHERE worksheet_id = ?1 AND name = ?2",
    "SELECT name, value FROM worksheet_default WHERE worksheet_id = ?1 "
    "ORDER BY name",
    "site default",
};

static status kv_set(db *d, const kv_table *t, const char *name,
                     const char *key, const char *value)
{
    long long id;
    sqlite3_stmt *st;
    if (!key || !*key) {
        snprintf(d->err, sizeof d->err, "a %s needs a name", t->what);
        return ST_USAGE;
    }
    status s = sheet_id(d, name, value != NULL, &id);
    if (s != ST_OK)
        return s;
    if (!value && !id) {
        snprintf(d->err, sizeof d->err, "no %s '%s' is set", t->what, key);
        return ST_NOTFOUND;
    }
    db_query q = value ? t->set : t->del;
    if ((s = db_get(d, q, value ? t->set_sql : t->del_sql, &st)) != ST_OK)
        return s;
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, key);
    if (value)
        db_bind_text(st, 3, value);
    s = db_step_all(d, st);
    db_put(d, q, st);
    if (s == ST_OK && !value && sqlite3_changes(d->h) == 0) {
        snprintf(d->err, sizeof d->err, "no %s '%s' is set", t->what, key);
        s = ST_NOTFOUND;
    }
    return s;
}

static status kv_list(db *d, const kv_table *t, const char *name,
                      db_kv_cb cb, void *ctx)
{
    long long id;
    sqlite3_stmt *st;
    status s = sheet_id(d, name, 0, &id);
    if (s != ST_OK || !id)
        return s;
    db_scratch *sc = db_scratch_get(d);
    if (!sc)
        return ST_DB;
    if ((s = db_get(d, t->list, t->list_sql, &st)) != ST_OK)
        return s;
    sqlite3_bind_int64(st, 1, id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *kv[2];
        if ((s = db_copy_cols(&sc->text, st, 0, 2, kv)) != ST_OK)
            break;
        d->depth++;
        int r = cb(ctx, kv[0], kv[1]);
        d->depth--;
        if (r) {
            s = ST_STOP;
            break;
        }
    }
    if (s == ST_OK && rc != SQLITE_DONE)
        s = db_fail(d, rc);
    db_put(d, t->list, st);
    return s;
}

status db_sheet_role_set(db *d, const char *name, const char *role,
                         const char *value)
{
    return kv_set(d, &ROLES, name, role, value);
}

status db_sheet_roles(db *d, const char *name, db_kv_cb cb, void *ctx)
{
    return kv_list(d, &ROLES, name, cb, ctx);
}

status db_sheet_default_set(db *d, const char *name, const char *key,
                            const char *value)
{
    return kv_set(d, &DEFAULTS, name, key, value);
}

status db_sheet_defaults(db *d, const char *name, db_kv_cb cb, void *ctx)
{
    return kv_list(d, &DEFAULTS, name, cb, ctx);
}
