/* prefs.c - what the user keeps between runs: marks (the flows of the
 * current worksheet), settings, and prompt history. */
#include <stdio.h>
#include <string.h>
#include <sqlite3.h>
#include "db_int.h"

#define NOW "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
#define HISTORY_KEEP 200

/* ---- marks -------------------------------------------------------------- */

/* The current worksheet's id, created on first use. */
static status worksheet_id(db *d, long long *id)
{
    static const char get[] =
        "SELECT id FROM worksheet WHERE name = " DB_WORKSHEET_NAME;
    static const char add[] =
        "INSERT INTO worksheet (name, created_at) "
        "VALUES (" DB_WORKSHEET_NAME ", " NOW ")";
    sqlite3_stmt *st;
    status s = db_get(d, Q_WS_GET, get, &st);
    if (s != ST_OK)
        return s;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);
    else if (rc != SQLITE_DONE)
        s = db_fail(d, rc);
    db_put(d, Q_WS_GET, st);
    if (s != ST_OK || rc == SQLITE_ROW)
        return s;
    if ((s = db_run(d, Q_WS_ADD, add)) != ST_OK)
        return s;
    *id = sqlite3_last_insert_rowid(d->h);
    return ST_OK;
}

static status mark_add(db *d, long long flow)
{
    static const char sql[] =
        "INSERT OR IGNORE INTO worksheet_flow (worksheet_id, flow_id, "
        "added_at) VALUES (?1, ?2, " NOW ")";
    long long ws;
    sqlite3_stmt *st = NULL;
    status s = worksheet_id(d, &ws);
    if (s == ST_OK)
        s = db_get(d, Q_MARK_ADD, sql, &st);
    if (s != ST_OK)
        return s;
    sqlite3_bind_int64(st, 1, ws);
    sqlite3_bind_int64(st, 2, flow);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) {
        snprintf(d->err, sizeof d->err, "no flow with id %lld", flow);
        s = ST_NOTFOUND;
    } else if (rc != SQLITE_DONE) {
        s = db_fail(d, rc);
    }
    db_put(d, Q_MARK_ADD, st);
    return s;
}

static status mark_del(db *d, long long flow)
{
    /* Removing never needs the worksheet to exist. */
    static const char sql[] =
        "DELETE FROM worksheet_flow WHERE flow_id = ?1 AND worksheet_id = "
        "(SELECT id FROM worksheet WHERE name = " DB_WORKSHEET_NAME ")";
    sqlite3_stmt *st;
    status s = db_get(d, Q_MARK_DEL, sql, &st);
    if (s != ST_OK)
        return s;
    sqlite3_bind_int64(st, 1, flow);
    s = db_step_all(d, st);
    db_put(d, Q_MARK_DEL, st);
    return s;
}

status db_mark_set(db *d, long long flow, int on)
{
    return on ? mark_add(d, flow) : mark_del(d, flow);
}

status db_mark_count(db *d, long long *n)
{
    static const char sql[] =
        "SELECT count(*) FROM worksheet_flow wf JOIN worksheet w "
        "ON w.id = wf.worksheet_id WHERE w.name = " DB_WORKSHEET_NAME;
    sqlite3_stmt *st;
    *n = 0;
    status s = db_get(d, Q_MARK_COUNT, sql, &st);
    if (s != ST_OK)
        return s;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *n = sqlite3_column_int64(st, 0);
    else
        s = db_fail(d, rc);
    db_put(d, Q_MARK_COUNT, st);
    return s;
}

/* ---- settings ----------------------------------------------------------- */

status db_setting_get(db *d, const char *key, char *value, size_t n)
{
    static const char sql[] = "SELECT value FROM setting WHERE key = ?1";
    sqlite3_stmt *st;
    if (n)
        value[0] = '\0';
    status s = db_get(d, Q_SETTING_GET, sql, &st);
    if (s != ST_OK)
        return s;
    db_bind_text(st, 1, key);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && n) {
        const char *v = (const char *)sqlite3_column_text(st, 0);
        snprintf(value, n, "%s", v ? v : "");
    } else if (rc == SQLITE_DONE) {
        s = ST_NOTFOUND;
    } else if (rc != SQLITE_ROW) {
        s = db_fail(d, rc);
    }
    db_put(d, Q_SETTING_GET, st);
    return s;
}

status db_setting_set(db *d, const char *key, const char *value)
{
    static const char sql[] =
        "INSERT INTO setting (key, value) VALUES (?1, ?2) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value";
    sqlite3_stmt *st;
    status s = db_get(d, Q_SETTING_SET, sql, &st);
    if (s != ST_OK)
        return s;
    db_bind_text(st, 1, key);
    db_bind_text(st, 2, value);
    s = db_step_all(d, st);
    db_put(d, Q_SETTING_SET, st);
    return s;
}

/* ---- history ------------------------------------------------------------ */

/* Run one history statement with ?1 kind and ?2 text. */
static status hist_step(db *d, db_query q, const char *sql, const char *kind,
                        const char *text)
{
    sqlite3_stmt *st;
    status s = db_get(d, q, sql, &st);
    if (s != ST_OK)
        return s;
    db_bind_text(st, 1, kind);
    if (sqlite3_bind_parameter_count(st) >= 2)
        db_bind_text(st, 2, text);
    s = db_step_all(d, st);
    db_put(d, q, st);
    return s;
}

status db_history_add(db *d, const char *kind, const char *text)
{
    /* A new id puts the entry on top; deleting the old copy first moves
     * a repeated entry there instead of listing it twice. */
    static const char del[] =
        "DELETE FROM history WHERE kind = ?1 AND text = ?2";
    static const char add[] =
        "INSERT INTO history (kind, text, used_at) VALUES (?1, ?2, " NOW ")";
#define STR_(x) #x
#define STR(x) STR_(x)
    static const char trim[] =
        "DELETE FROM history WHERE kind = ?1 AND id NOT IN (SELECT id FROM "
        "history WHERE kind = ?1 ORDER BY id DESC LIMIT "
        STR(HISTORY_KEEP) ")";
    /* A savepoint: the three steps happen together, and inside a caller's
     * transaction nothing is committed early. */
    status s = db_run(d, Q_SAVEPOINT, "SAVEPOINT db_history");
    if (s != ST_OK)
        return s;
    s = hist_step(d, Q_HIST_DEL, del, kind, text);
    if (s == ST_OK)
        s = hist_step(d, Q_HIST_ADD, add, kind, text);
    if (s == ST_OK)
        s = hist_step(d, Q_HIST_TRIM, trim, kind, text);
    if (s != ST_OK)
        (void)db_run(d, Q_ROLLBACK_TO, "ROLLBACK TO db_history");
    status r = db_run(d, Q_RELEASE, "RELEASE db_history");
    return s != ST_OK ? s : r;
}

status db_history(db *d, const char *kind, db_history_cb cb, void *ctx)
{
    static const char sql[] =
        "SELECT text FROM history WHERE kind = ?1 ORDER BY id DESC";
    db_scratch *sc = db_scratch_get(d);
    sqlite3_stmt *st;
    if (!sc)
        return ST_DB;
    status s = db_get(d, Q_HIST_LIST, sql, &st);
    if (s != ST_OK)
        return s;
    db_bind_text(st, 1, kind);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *t[1];
        if ((s = db_copy_cols(&sc->text, st, 0, 1, t)) != ST_OK)
            break;
        d->depth++;
        int r = cb(ctx, t[0]);
        d->depth--;
        if (r) {
            s = ST_STOP;
            break;
        }
    }
    if (s == ST_OK && rc != SQLITE_DONE)
        s = db_fail(d, rc);
    db_put(d, Q_HIST_LIST, st);
    return s;
}
