/* db_int.h - what the files of db/ share and nobody else sees: the db
 * struct, the prepared-statement cache, the row-copy buffers and error
 * helpers. */
#ifndef PORTOLAN_DB_INT_H
#define PORTOLAN_DB_INT_H

#include <sqlite3.h>
#include "db.h"

/* One slot per SQL statement of db/. Each is prepared on first use and
 * kept until db_close. */
typedef enum {
    Q_BEGIN, Q_COMMIT, Q_ROLLBACK,
    Q_DOC_BY_SHA, Q_DOC_BY_PATH, Q_DOC_DELETE, Q_DOC_INSERT,
    Q_PRODUCT_GET, Q_PRODUCT_ADD, Q_SECTION_GET, Q_SECTION_ADD,
    Q_FLOW_ADD, Q_RANGE_ADD, Q_NOTE_ADD, Q_FLOW_NOTE_ADD, Q_DIAG_ADD,
    Q_DOCUMENTS, Q_PRODUCTS, Q_DEVICES, Q_FLOWS, Q_FLOW_COUNT, Q_FLOW_GET,
    Q_RANGES, Q_FOOTNOTES, Q_DIAGS, Q_FLOW_DIAGS,
    Q_PORT, Q_PORT_COUNT,
    Q_WS_GET, Q_WS_ADD, Q_MARK_ADD, Q_MARK_DEL, Q_MARK_COUNT,
    Q_SETTING_GET, Q_SETTING_SET,
    Q_SAVEPOINT, Q_RELEASE, Q_ROLLBACK_TO,
    Q_HIST_DEL, Q_HIST_ADD, Q_HIST_TRIM, Q_HIST_LIST,
    Q_SHEETS, Q_SHEET_GET, Q_SHEET_ID, Q_SHEET_ADD, Q_SHEET_NEW, Q_SHEET_DEL,
    Q_SHEET_FLOW_ADD, Q_SHEET_FLOW_DEL, Q_SHEET_FLOWS, Q_SHEET_FLOWS_ID,
    Q_SHEET_CUSTOMER,
    Q_ROLE_SET, Q_ROLE_DEL, Q_ROLES, Q_DEFAULT_SET, Q_DEFAULT_DEL,
    Q_DEFAULTS, Q_SHEET_RANGES, Q_SHEET_FOOTNOTES,
    Q_COUNT_ADD, Q_COUNT_READY, Q_COUNT_GET, Q_COUNT_DEL, Q_COUNT_RANGES,
    Q_CACHE_PUT, Q_CACHE_STALE, Q_CACHE_LIST, Q_READ_BEGIN, Q_MARK_IDS,
    Q_CACHE_PLACES, Q_FLOWS_HEAD, Q_PORT_SPANS, Q_PLACES,
    Q_SHAPE_NARROW, Q_SHAPE_WIDE, Q_SHAPE_RANGES_N, Q_SHAPE_RANGES_W,
    Q_SHAPE_NARROW_HI, Q_SHAPE_WIDE_HI,
    Q_PORT_ONE,
    Q__COUNT
} db_query;

/* A growable byte buffer: strings for callbacks are copied here, as
 * offsets (the buffer may move while a row is being copied). */
typedef struct {
    char *p;
    size_t len, cap;
} db_buf;

/* Scratch of one callback level: text, and for the port lookup the ranges
 * of one flow with the offsets of their label and marks. */
typedef struct {
    db_buf text;
    db_range *ranges;
    size_t (*range_text)[2];
    size_t nranges, cap;
} db_scratch;

/* A callback may walk the database again (list a flow's ranges while the
 * flows are walked); each nesting level gets its own scratch. */
#define DB_MAX_DEPTH 8

struct db {
    sqlite3 *h;
    char *path;
    char *uri;                      /* a file: URI it was opened by, or NULL */
    int readonly;
    sqlite3_stmt *stmt[Q__COUNT];
    int depth;                      /* callbacks currently running */
    db_scratch scratch[DB_MAX_DEPTH];
    struct db_import *imp;          /* the document being imported */
    char err[512];
};

/* ---- open.c ---- */

/* db_open of file, with messages naming shown instead (db_create opens a
 * new database under a temporary name). */
status db_open_as(const char *file, const char *shown, int flags, db **out,
                  int *created, char *err, size_t errlen);
/* The directory part of path ("." for a bare name); NULL for lack of
 * memory. Free it. */
char *db_dir_of(const char *path);
/* Unlink path and its -wal, -shm and -journal files, whichever exist. */
void db_remove_files(const char *path);

/* Status for a SQLite result code. */
status db_status(int rc);
/* Keep the connection's error message in d->err; returns db_status(rc). */
status db_fail(db *d, int rc);
/* The statement for slot q, prepared from sql on first use. If the cached
 * one is in use by a walk further up the stack (a callback querying
 * again), a private copy is prepared; db_put finalizes it. */
status db_get(db *d, db_query q, const char *sql, sqlite3_stmt **st);
/* Done with a statement from db_get: reset it and clear its bindings. */
void db_put(db *d, db_query q, sqlite3_stmt *st);
/* Step st to its end, ignoring rows; the status of the last step. */
status db_step_all(db *d, sqlite3_stmt *st);
/* db_get, db_step_all and db_put for a statement without parameters. */
status db_run(db *d, db_query q, const char *sql);

/* Have SQLite check the schema's CHECK constraints (on, the default) or
 * not (an import, which checks in C). db_commit and db_rollback switch
 * them back on. */
void db_checks(db *d, int on);

/* ---- write.c ---- */

/* The schema's CHECKs on a flow or a range, in C (they are off during an
 * import): ST_USAGE with the reason in d->err when one fails. */
status db_flow_valid(db *d, const db_flow_in *f);
status db_range_valid(db *d, const port_range *r);

/* ---- read.c ---- */

/* Bind s as text (NULL as ''). */
int db_bind_text(sqlite3_stmt *st, int i, const char *s);
/* Bind id, or NULL when id is 0. */
int db_bind_id(sqlite3_stmt *st, int i, long long id);

void db_buf_reset(db_buf *b);
/* Append column col of st with a NUL; *off gets its offset. */
status db_buf_col(db_buf *b, sqlite3_stmt *st, int col, size_t *off);
/* Copy columns first..first+n-1 of st into b (emptied first) and point
 * out[0..n-1] at the copies. */
status db_copy_cols(db_buf *b, sqlite3_stmt *st, int first, int n,
                    const char **out);

/* Many small statements in a row read faster in one read transaction:
 * outside one, each statement takes and drops the file's shared lock (a
 * few system calls, more than an index seek costs). db_read_begin starts
 * one unless the caller is inside a transaction already; it returns
 * whether it did, to give db_read_end. A statement failing in between
 * still fails on its own; without a transaction the reads just go slower. */
int db_read_begin(db *d);
void db_read_end(db *d, int began);

/* The scratch for the next callback level, or NULL (error set) when
 * callbacks nest too deeply. */
db_scratch *db_scratch_get(db *d);

/* The SQL expression naming the current worksheet: the setting
 * "worksheet", "default" when unset. */
#define DB_WORKSHEET_NAME                                                \
    "coalesce((SELECT value FROM setting WHERE key = 'worksheet'), "     \
    "'default')"

/* The columns every flow query selects, in this order, and the tables
 * they come from. db_flow_ids fills a db_flow's numbers from them (col0:
 * where they start), db_flow_text its strings from copies of the
 * DB_FLOW_NTEXT text columns. */
#define DB_FLOW_COLS                                                     \
    "f.id, f.document_id, f.line, "                                      \
    "EXISTS (SELECT 1 FROM worksheet_flow wf JOIN worksheet w "          \
    "ON w.id = wf.worksheet_id WHERE wf.flow_id = f.id AND w.name = "    \
    DB_WORKSHEET_NAME "), "                                              \
    "d.name, d.path, coalesce(p.name, ''), coalesce(s.name, ''), "       \
    "f.source, f.source_ports, f.destination, f.destination_ports, "     \
    "f.protocol, f.description, f.requirement, f.req_level, "            \
    "f.direction, f.marks, f.transports"
#define DB_FLOW_FROM                                                     \
    " flow f JOIN document d ON d.id = f.document_id "                   \
    "LEFT JOIN section s ON s.id = f.section_id "                        \
    "LEFT JOIN product p ON p.id = s.product_id "
#define DB_FLOW_TEXT0 4    /* first text column */
#define DB_FLOW_NTEXT 15
#define DB_FLOW_NCOLS (DB_FLOW_TEXT0 + DB_FLOW_NTEXT)
void db_flow_ids(db_flow *f, sqlite3_stmt *st, int col0);
void db_flow_text(db_flow *f, const char *const *text);
/* Step st (parameters bound; it selects DB_FLOW_COLS first) to its end,
 * calling cb with each flow; *rows (may be NULL) gets the row count. Puts
 * st back in slot q. */
status db_walk_flows(db *d, db_query q, sqlite3_stmt *st, db_flow_cb cb,
                     void *ctx, long long *rows);
/* The same for statements selecting what db_flow_ranges selects (ranges)
 * and what db_flow_footnotes selects (footnotes with their flow). */
status db_walk_ranges(db *d, db_query q, sqlite3_stmt *st, db_range_cb cb,
                      void *ctx);
status db_walk_footnotes(db *d, db_query q, sqlite3_stmt *st,
                         db_footnote_cb cb, void *ctx);

/* ---- cache.c: derived data, collected while importing ---- */

/* write.c reports what an import stores: a new document, its products
 * (parent 0) and sections (parent: the product), flows and ranges. */
typedef struct db_import db_import;
void db_import_start(db *d, long long document, const char *name,
                     const char *path);
void db_import_place(db *d, long long id, long long parent, const char *name);
void db_import_flow(db *d, long long id, const db_flow_in *f);
void db_import_range(db *d, long long flow, const port_range *r);
/* Forget the document being imported (rollback, close). */
void db_import_end(db *d);
/* Build the cache of every document that lacks it (files from before
 * schema 3); nothing on a read-only connection. */
status db_cache_repair(db *d);

/* ---- count.c: flows per port ---- */

#define DB_COUNT_CLASSES 3 /* any protocol, tcp, udp */
typedef struct db_counter db_counter;
db_counter *db_counter_new(void);
void db_counter_free(db_counter *c);
/* Add a range of the current flow (0, or -1 out of memory)... */
int db_counter_range(db_counter *c, proto_t proto, int lo, int hi,
                     parity_t parity);
/* ...and count the current flow once for each port its ranges hold. */
void db_counter_flow_end(db_counter *c);
/* Store the counts for document (rows of port_count) and clear them. */
status db_counter_write(db *d, db_counter *c, long long document);
/* The flows with a range containing port, from port_count: *n = -1 when
 * it cannot tell (a document without counts, a protocol other than
 * tcp/udp/any). */
status db_counted(db *d, int port, proto_t proto, long long *n);

/* ---- port.c, shared with port_first.c ---- */

/* Bind ?1 port, ?2 protocol name ('' any), ?3 max span (<= 0 any);
 * ST_USAGE for an unknown protocol. */
status db_port_bind(sqlite3_stmt *st, int port, proto_t proto,
                    long long max_span);
/* Step a statement selecting what db_port_sql selects, grouping each
 * flow's rows into one hit for cb. */
status db_port_walk(db *d, sqlite3_stmt *st, db_scratch *sc,
                    db_port_cb cb, void *ctx);

/* ---- port.c, exposed for tests/unit/test_db.c ---- */

/* The port lookup statement: ?1 port, ?2 protocol name ('' any),
 * ?3 max span (<= 0 any). The test checks its query plan. */
extern const char db_port_sql[];

#endif
