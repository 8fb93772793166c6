/* open.c - opening, creating and upgrading the database file; the
 * statement cache; errors; transactions. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sqlite3.h>
#include "db_int.h"
#include "../src/device.h"
#include "../src/embedded.h"

/* The version db/schema.sql describes. Bump it together with a new entry
 * in upgrade_sql. */
#define SCHEMA_VERSION 5

/* upgrade_sql[v - 1] takes a database from version v to v + 1, run in one
 * transaction with the user_version bump. A new file gets schema.sql
 * directly, so these are only for files made by an older portolan. Write
 * steps that keep data: ALTER TABLE ... ADD COLUMN, or create-copy-drop-
 * rename for bigger changes. The NULL closes the list. */
static const char *const upgrade_sql[] = {
    /* 1 -> 2: worksheets get a customer, role mappings and site
     * defaults (the firewall worksheet exports). */
    "ALTER TABLE worksheet ADD COLUMN customer TEXT NOT NULL DEFAULT '';"
    "CREATE TABLE worksheet_role ("
    " worksheet_id INTEGER NOT NULL REFERENCES worksheet(id)"
    " ON DELETE CASCADE,"
    " role TEXT NOT NULL COLLATE NOCASE,"
    " value TEXT NOT NULL,"
    " PRIMARY KEY (worksheet_id, role));"
    "CREATE TABLE worksheet_default ("
    " worksheet_id INTEGER NOT NULL REFERENCES worksheet(id)"
    " ON DELETE CASCADE,"
    " name TEXT NOT NULL,"
    " value TEXT NOT NULL,"
    " PRIMARY KEY (worksheet_id, name));",
    /* 2 -> 3: derived data for speed (db/cache.c), filled in by
     * db_cache_repair the first time the file is opened for writing. */
    "CREATE TABLE IF NOT EXISTS document_cache ("
    " document_id INTEGER PRIMARY KEY REFERENCES document(id)"
    " ON DELETE CASCADE,"
    " flow_text BLOB,"
    " port_counts INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE IF NOT EXISTS port_count ("
    " class INTEGER NOT NULL,"
    " chunk INTEGER NOT NULL,"
    " document_id INTEGER NOT NULL REFERENCES document(id)"
    " ON DELETE CASCADE,"
    " counts BLOB NOT NULL,"
    " PRIMARY KEY (class, chunk, document_id)) WITHOUT ROWID;"
    "CREATE INDEX IF NOT EXISTS port_count_document"
    " ON port_count(document_id);",
    /* 3 -> 4: the cached text's format version, so that a stale blob is
     * found without reading it, and the blob last in the row (SQLite
     * walks a blob's pages to reach a column stored after it). The table
     * holds derived data only: made anew, db_cache_repair fills it. */
    "DROP TABLE IF EXISTS document_cache;"
    "CREATE TABLE document_cache ("
    " document_id INTEGER PRIMARY KEY REFERENCES document(id)"
    " ON DELETE CASCADE,"
    " text_format INTEGER NOT NULL DEFAULT 0,"
    " port_counts INTEGER NOT NULL DEFAULT 0,"
    " flow_text BLOB);",
    /* 4 -> 5: each flow's transports, from its ranges by the rule of
     * schema.sql (the import's, src/ingest.c): the protocols of the
     * destination ranges, else of the source ones (min(side): 'dst' sorts
     * before 'src'), in a fixed order. One UPDATE, each flow's ranges
     * found through port_range_flow. The cached flow text has no such
     * column: its new format makes db_cache_repair rebuild it. */
    "ALTER TABLE flow ADD COLUMN transports TEXT NOT NULL DEFAULT '';"
    "UPDATE flow SET transports = ("
    " SELECT ltrim("
    "  CASE WHEN max(r.protocol = 'tcp') THEN '/TCP' ELSE '' END ||"
    "  CASE WHEN max(r.protocol = 'udp') THEN '/UDP' ELSE '' END ||"
    "  CASE WHEN max(r.protocol = 'icmp') THEN '/ICMP' ELSE '' END ||"
    "  CASE WHEN max(r.protocol = 'esp') THEN '/ESP' ELSE '' END, '/')"
    " FROM port_range r WHERE r.flow_id = flow.id AND r.protocol <> ''"
    " AND r.side = (SELECT min(q.side) FROM port_range q"
    "  WHERE q.flow_id = flow.id AND q.protocol <> ''));",
    /* 5 -> 6 goes here */
    NULL
};
_Static_assert(sizeof upgrade_sql / sizeof upgrade_sql[0] == SCHEMA_VERSION,
               "one upgrade step per version after the first");

#define BUSY_TIMEOUT_MS 2000

int db_schema_version(void)
{
    return SCHEMA_VERSION;
}

status db_status(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE:
        return ST_OK;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return ST_DB_BUSY;
    case SQLITE_READONLY:
    case SQLITE_PERM:
        return ST_DB_READONLY;
    case SQLITE_NOMEM:
        return ST_NOMEM;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return ST_DB_CORRUPT;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_FULL:
        return ST_IO;
    default:
        return ST_DB;
    }
}

status db_fail(db *d, int rc)
{
    const char *msg = sqlite3_errmsg(d->h);
    /* After a plain sqlite3_step the connection message is right; but a
     * failed reset or an error of ours would leave "not an error". */
    if (sqlite3_errcode(d->h) == SQLITE_OK)
        msg = sqlite3_errstr(rc);
    snprintf(d->err, sizeof d->err, "%s", msg);
    return db_status(rc);
}

const char *db_error(const db *d)
{
    return d ? d->err : "";
}

int db_is_readonly(const db *d)
{
    return d->readonly;
}

const char *db_path(const db *d)
{
    return d->path;
}

/* ---- statement cache ---------------------------------------------------- */

status db_get(db *d, db_query q, const char *sql, sqlite3_stmt **st)
{
    sqlite3_stmt *s = d->stmt[q];
    *st = NULL;
    if (s && !sqlite3_stmt_busy(s)) {
        *st = s;
        return ST_OK;
    }
    /* Not prepared yet, or busy in a walk up the stack: a nested walk
     * must not reset it under its caller, so it gets its own. */
    int rc = sqlite3_prepare_v3(d->h, sql, -1,
                                s ? 0 : SQLITE_PREPARE_PERSISTENT, &s, NULL);
    if (rc != SQLITE_OK)
        return db_fail(d, rc);
    if (!d->stmt[q])
        d->stmt[q] = s;
    *st = s;
    return ST_OK;
}

void db_put(db *d, db_query q, sqlite3_stmt *st)
{
    if (!st)
        return;
    if (st != d->stmt[q]) {
        sqlite3_finalize(st);
        return;
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
}

status db_step_all(db *d, sqlite3_stmt *st)
{
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        ;
    return rc == SQLITE_DONE ? ST_OK : db_fail(d, rc);
}

status db_run(db *d, db_query q, const char *sql)
{
    sqlite3_stmt *st;
    status s = db_get(d, q, sql, &st);
    if (s != ST_OK)
        return s;
    s = db_step_all(d, st);
    db_put(d, q, st);
    return s;
}

/* ---- transactions ------------------------------------------------------- */

status db_begin(db *d)
{
    return db_run(d, Q_BEGIN, "BEGIN IMMEDIATE");
}

/* An import checks its values in C (db/write.c) and has SQLite skip the
 * schema's CHECK constraints until the transaction ends: "x IN (...)"
 * builds a temporary index on every row, which costs more than the
 * insert itself. */
void db_checks(db *d, int on)
{
    sqlite3_exec(d->h, on ? "PRAGMA ignore_check_constraints = OFF"
                          : "PRAGMA ignore_check_constraints = ON",
                 NULL, NULL, NULL);
}

status db_commit(db *d)
{
    status s = db_run(d, Q_COMMIT, "COMMIT");
    db_checks(d, 1);
    return s;
}

void db_rollback(db *d)
{
    /* SQLite may already have rolled back by itself (after SQLITE_FULL,
     * for one); a second ROLLBACK would only be an error. */
    if (!sqlite3_get_autocommit(d->h))
        (void)db_run(d, Q_ROLLBACK, "ROLLBACK");
    db_checks(d, 1);
    db_import_end(d);
}

/* ---- opening ------------------------------------------------------------ */

/* Format a sentence into err. Returns st so callers can return it. */
static status say(char *err, size_t errlen, status st, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static status say(char *err, size_t errlen, status st, const char *fmt, ...)
{
    if (errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return st;
}

/* mkdir -p of the directory part of path; new directories are private
 * (0700) since the database holds the user's history. */
static int make_parents(const char *path)
{
    char *dir = strdup(path);
    if (!dir)
        return ENOMEM;
    char *slash = strrchr(dir, '/');
    int e = 0;
    if (slash && slash != dir) {
        *slash = '\0';
        for (char *p = dir + 1; !e; p++) {
            if (*p != '/' && *p != '\0')
                continue;
            char c = *p;
            *p = '\0';
            struct stat sb;
            if (mkdir(dir, 0700) != 0 && errno != EEXIST)
                e = errno;
            else if (stat(dir, &sb) != 0)
                e = errno;
            else if (!S_ISDIR(sb.st_mode))
                e = ENOTDIR;
            *p = c;
            if (c == '\0')
                break;
        }
    }
    free(dir);
    return e;
}

/* One integer from a query without parameters (setup only). */
static int query_int(sqlite3 *h, const char *sql, int *out)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(h, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return rc;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *out = sqlite3_column_int(st, 0);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc;
}

static int set_version(sqlite3 *h, int v)
{
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v);
    return sqlite3_exec(h, sql, NULL, NULL, NULL);
}

/* Give a new (empty) file the whole schema, in one transaction. */
static int create_schema(sqlite3 *h, const char **why)
{
    const embedded_file *f = embedded_find("schema.sql");
    if (!f) {
        *why = "db/schema.sql is missing from this build";
        return SQLITE_ERROR;
    }
    int rc = sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return rc;
    int version = -1, tables = -1;
    /* Another portolan may have created it while we waited for the lock. */
    rc = query_int(h, "PRAGMA user_version", &version);
    if (rc == SQLITE_OK)
        rc = query_int(h, "SELECT count(*) FROM sqlite_master", &tables);
    if (rc == SQLITE_OK && version == 0 && tables == 0) {
        rc = sqlite3_exec(h, (const char *)f->data, NULL, NULL, NULL);
        if (rc == SQLITE_OK)
            rc = set_version(h, SCHEMA_VERSION);
    }
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(h, "COMMIT", NULL, NULL, NULL);
    if (rc != SQLITE_OK && !sqlite3_get_autocommit(h))
        sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

/* Bring a file of an older version up to SCHEMA_VERSION, one step per
 * transaction so an interrupted upgrade resumes where it stopped. */
static int upgrade(sqlite3 *h, int from)
{
    for (int v = from; v < SCHEMA_VERSION; v++) {
        int rc = sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL);
        if (rc != SQLITE_OK)
            return rc;
        int now = -1;
        rc = query_int(h, "PRAGMA user_version", &now);
        if (rc == SQLITE_OK && now == v) {
            rc = sqlite3_exec(h, upgrade_sql[v - 1], NULL, NULL, NULL);
            if (rc == SQLITE_OK)
                rc = set_version(h, v + 1);
        }
        if (rc == SQLITE_OK)
            rc = sqlite3_exec(h, "COMMIT", NULL, NULL, NULL);
        if (rc != SQLITE_OK) {
            if (!sqlite3_get_autocommit(h))
                sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
            return rc;
        }
    }
    return SQLITE_OK;
}

/* A failed SQLite call during open, as a sentence naming the file. */
static status open_error(sqlite3 *h, int rc, const char *path, char *err,
                         size_t errlen)
{
    const char *msg = h && sqlite3_errcode(h) != SQLITE_OK
                          ? sqlite3_errmsg(h) : sqlite3_errstr(rc);
    status st = db_status(rc);
#ifdef SQLITE_READONLY_DIRECTORY
    /* A WAL database is read through its -shm file, which SQLite must be
     * able to create beside it, even to read. */
    if (rc == SQLITE_READONLY_DIRECTORY)
        return say(err, errlen, st, "The database %s cannot be opened: "
                   "SQLite needs to create %s-shm beside it to read it, and "
                   "its directory is not writable.", path, path);
#endif
    switch (st) {
    case ST_DB_BUSY:
        return say(err, errlen, st, "The database %s is locked by another "
                   "program; try again when it has finished.", path);
    case ST_DB_READONLY:
        return say(err, errlen, st, "The database %s cannot be written "
                   "(%s).", path, msg);
    case ST_DB_CORRUPT:
        return say(err, errlen, st, "The file %s is not a portolan "
                   "database or is damaged (%s).", path, msg);
    case ST_IO:
        return say(err, errlen, st, "Cannot open the database %s (%s).",
                   path, msg);
    default:
        return say(err, errlen, st, "Cannot use the database %s (%s).",
                   path, msg);
    }
}

/* SQL device_covers(role, device): src/device.c's rule, so a device and
 * its variants ("Expressway-E (public)") are one selection in queries. */
static void sql_device_covers(sqlite3_context *c, int argc, sqlite3_value **v)
{
    (void)argc;
    const char *role = (const char *)sqlite3_value_text(v[0]);
    const char *device = (const char *)sqlite3_value_text(v[1]);
    sqlite3_result_int(c, device_covers(role, device));
}

/* Switch the connection on: settings every portolan connection needs. */
static int configure(db *d)
{
    sqlite3_extended_result_codes(d->h, 1);
    int rc = sqlite3_create_function(d->h, "device_covers", 2,
                                     SQLITE_UTF8 | SQLITE_DETERMINISTIC |
                                         SQLITE_INNOCUOUS,
                                     NULL, sql_device_covers, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_busy_timeout(d->h, BUSY_TIMEOUT_MS);
    /* Up to 64 MB of page cache (the default is 2 MB): an import of a
     * large document touches far more index pages than that. */
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(d->h, "PRAGMA cache_size = -65536", NULL, NULL,
                          NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(d->h, "PRAGMA foreign_keys = ON", NULL, NULL,
                          NULL);
    return rc;
}

static int set_wal(sqlite3 *h)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(h, "PRAGMA journal_mode = WAL", -1, &st,
                                NULL);
    if (rc != SQLITE_OK)
        return rc;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const char *mode = (const char *)sqlite3_column_text(st, 0);
        /* SQLite answers with the mode it kept when it could not switch
         * (the directory is not writable for the -wal file). */
        rc = mode && sqlite3_stricmp(mode, "wal") == 0 ? SQLITE_OK
                                                        : SQLITE_READONLY;
    }
    sqlite3_finalize(st);
    return rc;
}

/* Check the file, then create, upgrade or refuse it by its version. */
static status prepare_file(db *d, const char *path, char *err, size_t errlen)
{
    int tables = 0, version = 0;
    /* Reading sqlite_master is the cheapest query that touches the file:
     * it fails with NOTADB for a non-SQLite file, BUSY when locked. */
    int rc = configure(d);
    if (rc == SQLITE_OK)
        rc = query_int(d->h, "SELECT count(*) FROM sqlite_master", &tables);
    if (rc == SQLITE_OK)
        rc = query_int(d->h, "PRAGMA user_version", &version);
    if (rc != SQLITE_OK)
        return open_error(d->h, rc, path, err, errlen);
    if (version > SCHEMA_VERSION)
        return say(err, errlen, ST_DB_NEWER, "The database %s was written "
                   "by a newer portolan (schema %d, this build knows %d).",
                   path, version, SCHEMA_VERSION);
    if (version == 0 && tables > 0)
        return say(err, errlen, ST_DB_CORRUPT, "The file %s is an SQLite "
                   "database but not a portolan one.", path);
    if (d->readonly) {
        if (version == 0)
            return say(err, errlen, ST_DB_CORRUPT, "The file %s is empty, "
                       "not a portolan database.", path);
        if (version < SCHEMA_VERSION)
            return say(err, errlen, ST_DB_READONLY, "The database %s needs "
                       "an upgrade (schema %d to %d) but was opened "
                       "read-only.", path, version, SCHEMA_VERSION);
        return ST_OK;
    }
    if (sqlite3_db_readonly(d->h, "main") == 1)
        return say(err, errlen, ST_DB_READONLY, "The database %s cannot be "
                   "written (no write permission).", path);
    const char *why = NULL;
    rc = set_wal(d->h);
    if (rc == SQLITE_OK)
        rc = version == 0 ? create_schema(d->h, &why) : upgrade(d->h, version);
    if (rc != SQLITE_OK && why)
        return say(err, errlen, ST_DB, "Cannot create the database %s: %s.",
                   path, why);
    if (rc != SQLITE_OK)
        return open_error(d->h, rc, path, err, errlen);
    return ST_OK;
}

char *db_dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    if (slash == path)
        return strdup("/");
    return strndup(path, (size_t)(slash - path));
}

/* Can an existing file be written, with its -wal and -shm beside it?
 * Asked before SQLite opens it: SQLite would fall back to read-only and
 * leave a read-only -shm file behind that breaks later writers. */
static status check_writable(const char *path, const char *shown, char *err,
                             size_t errlen)
{
    if (access(path, W_OK) != 0)
        return say(err, errlen, ST_DB_READONLY, "The database %s cannot "
                   "be written (%s).", shown, strerror(errno));
    char *dir = db_dir_of(path);
    if (!dir)
        return say(err, errlen, ST_NOMEM, "Out of memory opening the "
                   "database %s.", shown);
    int e = access(dir, W_OK) != 0 ? errno : 0;
    free(dir);
    if (e)
        return say(err, errlen, ST_DB_READONLY, "The database %s cannot be "
                   "written: its directory is not writable (%s).", shown,
                   strerror(e));
    return ST_OK;
}

/* Does path exist? Sets *exists; a sentence naming shown in err on a
 * stat failure or a directory. */
static status check_path(const char *path, const char *shown, int flags,
                         int *exists, char *err, size_t errlen)
{
    struct stat sb;
    *exists = stat(path, &sb) == 0;
    if (!*exists && errno != ENOENT)
        return say(err, errlen, ST_IO, "Cannot open the database %s (%s).",
                   shown, strerror(errno));
    if (*exists && S_ISDIR(sb.st_mode))
        return say(err, errlen, ST_IO, "The database %s is a directory, "
                   "not a file.", shown);
    if (!*exists && ((flags & DB_OPEN_READONLY) || !(flags & DB_OPEN_CREATE)))
        return say(err, errlen, ST_IO, "The database %s does not exist.",
                   shown);
    if (!*exists) {
        int e = make_parents(path);
        if (e)
            return say(err, errlen, ST_IO, "Cannot create the directory "
                       "for the database %s (%s).", shown, strerror(e));
    } else if (!(flags & DB_OPEN_READONLY)) {
        return check_writable(path, shown, err, errlen);
    }
    return ST_OK;
}

/* path as a file: URI with the query q. Every byte but letters, digits,
 * "-._~" and "/" is %-encoded, so that "?", "#" and "%" in a name stay
 * part of it; an absolute path follows an empty authority ("file://"), so
 * one starting "//" is not taken for a host. NULL for lack of memory. */
static char *file_uri(const char *path, const char *q)
{
    size_t n = strlen(path);
    char *u = malloc(n * 3 + strlen(q) + 16);
    if (!u)
        return NULL;
    char *p = u + sprintf(u, path[0] == '/' ? "file://" : "file:");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)path[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
            (c >= '0' && c <= '9') || (c && strchr("-._~/", c)))
            *p++ = (char)c;
        else
            p += sprintf(p, "%%%02X", c);
    }
    sprintf(p, "?%s", q);
    return u;
}

/* How to read path without writing anything. SQLite reads a WAL file
 * through the -wal and -shm files beside it, and makes them when they
 * are missing; in a directory it cannot write (or on a read-only file
 * system) that fails. With nothing in a -wal file, the file alone is the
 * whole database: it is then opened "immutable" (no -wal, -shm or locks),
 * a URI in *uri, and read as it is: changes another program makes while
 * it is open are not seen. A -wal file with changes in it can be read
 * only with its -shm file (SQLite then reads both in place). *uri stays
 * NULL where SQLite can manage by itself. */
static status read_only_uri(const char *path, char **uri, char *err,
                            size_t errlen)
{
    *uri = NULL;
    char *dir = db_dir_of(path);
    int writable = dir && access(dir, W_OK) == 0;
    free(dir);
    if (writable)
        return ST_OK;
    char wal[4096], shm[4096];
    struct stat sb;
    if ((size_t)snprintf(wal, sizeof wal, "%s-wal", path) >= sizeof wal ||
        (size_t)snprintf(shm, sizeof shm, "%s-shm", path) >= sizeof shm)
        return ST_OK;
    if (stat(wal, &sb) == 0 && sb.st_size > 0) {
        if (stat(shm, &sb) == 0)
            return ST_OK;
        return say(err, errlen, ST_DB_READONLY, "The database %s cannot be "
                   "read: its latest changes are in %s, and SQLite can only "
                   "read them by creating %s beside it, in a directory that "
                   "is not writable.", path, wal, shm);
    }
    *uri = file_uri(path, "immutable=1");
    if (!*uri)
        return say(err, errlen, ST_NOMEM, "Out of memory opening the "
                   "database %s.", path);
    return ST_OK;
}

status db_open_as(const char *file, const char *shown, int flags, db **out,
                  int *created, char *err, size_t errlen)
{
    /* Before the first connection: no allocation statistics (a lock
     * around every malloc SQLite makes, a quarter of an import's time in
     * SQLite). Later calls are refused by SQLite, harmlessly. */
    static int configured;
    if (!configured) {
        configured = 1;
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    }
    *out = NULL;
    if (created)
        *created = 0;
    if (errlen)
        err[0] = '\0';
    int exists;
    char *uri = NULL;
    status st = check_path(file, shown, flags, &exists, err, errlen);
    if (st == ST_OK && (flags & DB_OPEN_READONLY))
        st = read_only_uri(file, &uri, err, errlen);
    if (st != ST_OK)
        return st;
    db *d = calloc(1, sizeof *d);
    if (!d || !(d->path = strdup(file))) {
        free(d);
        free(uri);
        return say(err, errlen, ST_NOMEM, "Out of memory opening the "
                   "database %s.", shown);
    }
    d->uri = uri;
    d->readonly = (flags & DB_OPEN_READONLY) != 0;
    int oflags = d->readonly ? SQLITE_OPEN_READONLY
                             : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    int rc = sqlite3_open_v2(uri ? uri : file, &d->h,
                             oflags | (uri ? SQLITE_OPEN_URI : 0), NULL);
    st = rc == SQLITE_OK ? prepare_file(d, shown, err, errlen)
                         : open_error(d->h, rc, shown, err, errlen);
    if (st != ST_OK) {
        db_close(d);
        /* A file this call made but could not set up (a full disk): gone,
         * so no empty database is left to be taken for a made one. Not on
         * BUSY: then another portolan is making it. */
        if (!exists && st == ST_IO)
            db_remove_files(file);
        return st;
    }
    if (created)
        *created = !exists;
    /* A file from before schema 3, or one a crash interrupted, gets its
     * derived data now; without it everything still works, slower. */
    if (!d->readonly)
        (void)db_cache_repair(d);
    *out = d;
    return ST_OK;
}

status db_open(const char *path, int flags, db **out, int *created,
               char *err, size_t errlen)
{
    return db_open_as(path, path, flags, out, created, err, errlen);
}

void db_remove_files(const char *path)
{
    static const char *const ext[] = {"", "-wal", "-shm", "-journal"};
    char name[4096];
    for (size_t i = 0; i < sizeof ext / sizeof *ext; i++)
        if ((size_t)snprintf(name, sizeof name, "%s%s", path, ext[i]) <
            sizeof name)
            unlink(name);
}

void db_close(db *d)
{
    if (!d)
        return;
    db_import_end(d);
    for (int i = 0; i < Q__COUNT; i++)
        sqlite3_finalize(d->stmt[i]);
    for (int i = 0; i < DB_MAX_DEPTH; i++) {
        free(d->scratch[i].text.p);
        free(d->scratch[i].ranges);
        free(d->scratch[i].range_text);
    }
    sqlite3_close(d->h);
    free(d->path);
    free(d->uri);
    free(d);
}
