/* db.h - the flow database: the only door to SQLite.
 *
 * Every SQL statement of portolan lives under db/, prepared once with bound
 * parameters. Callers see plain C structs; strings handed to a callback are
 * copies owned by db/ and valid only until the callback returns (copy what
 * you keep). A callback returns 0 to go on, non-zero to stop (the walk then
 * returns ST_STOP).
 *
 * Schema: db/schema.sql, described for users in doc/schema.md, versioned
 * with PRAGMA user_version and upgraded in place by db_open(). */
#ifndef PORTOLAN_DB_H
#define PORTOLAN_DB_H

#include <stddef.h>
#include "../src/flowtab.h"
#include "../src/status.h"
#include "../src/portspec.h"

typedef struct db db;

enum {
    DB_OPEN_READONLY = 1, /* never write; fail if the file does not exist */
    DB_OPEN_CREATE = 2    /* create the file (and its directory) if absent */
};

/* Open (and if needed create and migrate) the database at path. On failure
 * returns ST_DB_BUSY, ST_DB_READONLY, ST_DB_NEWER, ST_DB_CORRUPT, ST_IO or
 * ST_DB with a sentence for the user in err (size errlen), *out NULL.
 * *created is set to 1 when the file did not exist before (may be NULL). */
status db_open(const char *path, int flags, db **out, int *created,
               char *err, size_t errlen);
void db_close(db *d);

/* Fills a new database for db_create: ST_OK, or a failure (db_error may
 * say more). */
typedef status (*db_fill_fn)(db *d, void *ctx);
/* Make a new database at path whole or not at all, where DB_OPEN_CREATE
 * makes it in place: it is built under a temporary name beside path
 * (PATH.new-PID), handed to fill (NULL: left empty), closed, and only then
 * given its name, in one step that never replaces a file. If another
 * process put a database at path meanwhile, that one stays and ours is
 * dropped: *made is 1 only when ours is the one. Temporary files of
 * killed creations are removed. Returns ST_OK when path holds a whole
 * database, to be opened with db_open; otherwise a sentence in err and
 * no file left behind. */
status db_create(const char *path, db_fill_fn fill, void *ctx, int *made,
                 char *err, size_t errlen);
/* How many documents are bundled ones (path "bundled:NAME") and how many
 * are not: a database an older portolan was killed while filling holds
 * some bundled documents and nothing else. */
status db_document_origins(db *d, long long *bundled, long long *others);
/* The last SQLite error message, for the user. */
const char *db_error(const db *d);
int db_is_readonly(const db *d);
/* The path the database was opened with (for a second connection). */
const char *db_path(const db *d);
/* The schema version this build writes (PRAGMA user_version). */
int db_schema_version(void);

/* One write transaction (BEGIN IMMEDIATE). Nothing written between begin
 * and rollback is kept. */
status db_begin(db *d);
status db_commit(db *d);
void db_rollback(db *d);

/* ---- writing a document (src/ingest.c) -------------------------------- */

typedef struct {
    const char *path;     /* as given to import, made absolute */
    const char *name;     /* file name shown to users */
    const char *sha256;   /* hex */
    const char *title, *vendor, *format;
    long long size;       /* bytes */
} db_document_in;

/* Is this file already in the database? *id is the document with this path
 * (0 if none); *unchanged is 1 when a document with this sha256 exists
 * (its id in *id). */
status db_document_lookup(db *d, const char *path, const char *sha256,
                          long long *id, int *unchanged);
/* Insert a document, first deleting every row of an older document with the
 * same path. Call inside a transaction. */
status db_document_put(db *d, const db_document_in *doc, long long *id);
/* Get or create a product of a document / a section of a product. */
status db_product_id(db *d, long long document, const char *name,
                     long long *id);
status db_section_id(db *d, long long product, const char *name,
                     long long *id);

typedef struct {
    long long document_id, section_id;
    int line;
    const char *source, *source_ports, *destination, *destination_ports;
    const char *protocol, *description, *requirement;
    const char *req_level; /* "mandatory", "recommended", "optional", "" */
    const char *direction; /* "inbound", "outbound", "both", "local", "" */
    const char *marks;     /* every footnote mark of the row, or "" */
    const char *transports;/* "TCP", "TCP/UDP", ... from the ranges (see
                              ingest_transports), or "" / NULL */
} db_flow_in;

typedef enum { SIDE_SRC = 0, SIDE_DST = 1 } flow_side;

status db_flow_add(db *d, const db_flow_in *f, long long *id);
status db_range_add(db *d, long long flow, flow_side side,
                    const port_range *r);
status db_footnote_add(db *d, long long document, int line,
                       const char *mark, const char *text, long long *id);
status db_flow_footnote_add(db *d, long long flow, long long footnote);
/* flow may be 0 when the diagnostic belongs to no flow. severity is
 * "info", "warning" or "error". */
status db_diag_add(db *d, long long document, long long flow, int line,
                   const char *severity, const char *message);
/* The document put last is complete: store what makes reading and port
 * counting fast (every flow's text as one blob, flows per port; see
 * doc/schema.md, document_cache). Call after its last flow and range,
 * before db_commit. Without it the same data is rebuilt later. */
status db_document_done(db *d);

/* The same rows written many per INSERT, for a whole document's flows
 * (db/batch.c): rows are queued (strings copied) and written in batches,
 * flows before the rows naming them, each table in the order given, so
 * ids and order are those of the one-row functions above. A flow's id is
 * known at once. Start after db_document_put (and the document's
 * footnotes); db_batch_end writes what is left and frees the batch, and
 * must come before db_document_done. A failure may surface at any later
 * call; the transaction must then be rolled back (db_batch_free). */
typedef struct db_batch db_batch;
/* db_begin for an import: the transaction the batches are written in. */
status db_import_begin(db *d);
status db_batch_start(db *d, db_batch **out);
status db_batch_flow(db_batch *b, const db_flow_in *f, long long *id);
status db_batch_range(db_batch *b, long long flow, flow_side side,
                      const port_range *r);
status db_batch_diag(db_batch *b, long long document, long long flow,
                     int line, const char *severity, const char *message);
status db_batch_footnote(db_batch *b, long long flow, long long footnote);
status db_batch_end(db_batch *b);
void db_batch_free(db_batch *b);

/* ---- reading ------------------------------------------------------------ */

typedef struct {
    long long id;
    const char *name, *path, *sha256, *title, *vendor, *format;
    const char *imported_at; /* ISO 8601 UTC */
    long long size, flows, warnings;
} db_document;
typedef int (*db_document_cb)(void *ctx, const db_document *doc);
status db_documents(db *d, db_document_cb cb, void *ctx);

/* One row per (document, product, section), in document order. */
typedef struct {
    long long document_id, product_id, section_id;
    const char *document, *product, *section;
    long long flows;
} db_product_row;
typedef int (*db_product_cb)(void *ctx, const db_product_row *row);
status db_products(db *d, db_product_cb cb, void *ctx);
/* The same rows without counting (flows -1): no walk of the flows. The
 * first limit of them (<= 0: all). */
status db_places(db *d, long long limit, db_product_cb cb, void *ctx);

/* Every device named as a source or destination, alphabetical (case
 * ignored), each group first and then its variants: names covered by a
 * shorter name (src/device.h: "Expressway-E (public)" is a variant of
 * "Expressway-E") have group set to it. A group's count is of the flows of
 * all its names; a variant's, of its own. db_scope.device selects a name
 * with its variants. */
typedef struct {
    const char *name;
    long long flows;
    const char *group;    /* "" for a group, else the group's name */
} db_device;
typedef int (*db_device_cb)(void *ctx, const db_device *dev);
status db_devices(db *d, db_device_cb cb, void *ctx);

typedef struct {
    long long id, document_id;
    int line;
    const char *document; /* file name */
    const char *path, *product, *section;
    const char *source, *source_ports, *destination, *destination_ports;
    const char *protocol, *description, *requirement, *req_level;
    const char *direction, *marks;
    const char *transports; /* of the parsed ranges: "TCP", "TCP/UDP", "" */
    int marked;           /* on the current worksheet */
} db_flow;
typedef int (*db_flow_cb)(void *ctx, const db_flow *f);

/* Which flows: 0 / NULL fields do not restrict. */
typedef struct {
    long long document_id, product_id, section_id;
    const char *device;   /* flows with this source or destination (or a
                             variant of it: src/device.h) */
    int marked_only;      /* only flows on the current worksheet */
} db_scope;

/* Flows in scope (NULL: all), ordered by document then line. */
status db_flows(db *d, const db_scope *scope, db_flow_cb cb, void *ctx);
/* The first limit flows of all, in that order, reading no others. */
status db_flows_head(db *d, long long limit, db_flow_cb cb, void *ctx);
status db_flow_count(db *d, const db_scope *scope, long long *n);
/* ST_NOTFOUND if there is no such flow. */
status db_flow_get(db *d, long long id, db_flow_cb cb, void *ctx);

/* Every flow into t (initialised, empty), one segment per document in
 * document order, rows in line order: the text of db_flows, without
 * marked. Read as one blob per document (document_cache); a document
 * stored without it is read row by row. t is the caller's to free. */
status db_flowtab_load(db *d, flowtab *t);
/* Every document's stored flows, part by part (ft_parts, flowtab.h), to
 * cb in document order: for counting what a filter matches without
 * loading every flow. ST_DB_CORRUPT when a document has no stored blob
 * or a damaged one (db_flowtab_load copes with those: use it instead);
 * a status other than ST_OK from cb ends the walk and is returned. */
typedef status (*db_parts_cb)(void *ctx, ft_parts *p);
status db_flowtab_parts(db *d, db_parts_cb cb, void *ctx);
/* Row row of t as a db_flow (marked 0); the strings point into t. */
void db_flowtab_flow(const flowtab *t, size_t row, db_flow *f);
/* The reverse: f's text fields in flowtab column order (t[FT_SRC] is
 * f->source...), for adding f to an ft_builder. */
void db_flow_texts(const db_flow *f, const char *t[FT__COUNT]);

typedef struct {
    long long flow_id;
    flow_side side;
    proto_t proto;
    port_kind_t kind;
    int lo, hi;           /* -1 when not numeric */
    parity_t parity;
    const char *label, *marks; /* "" when none */
    int base_offset;      /* N of "<PortNumber>+N", else -1 */
} db_range;
typedef int (*db_range_cb)(void *ctx, const db_range *r);
status db_flow_ranges(db *d, long long flow, db_range_cb cb, void *ctx);

typedef struct {
    long long id;
    int line;
    const char *mark, *text;
    long long flow_id;    /* the flow it was read for */
} db_footnote;
typedef int (*db_footnote_cb)(void *ctx, const db_footnote *n);
status db_flow_footnotes(db *d, long long flow, db_footnote_cb cb, void *ctx);

typedef struct {
    long long document_id, flow_id; /* flow_id 0 when none */
    const char *document, *path;
    int line;
    const char *severity, *message;
} db_diag;
typedef int (*db_diag_cb)(void *ctx, const db_diag *g);
/* Diagnostics of one document (0: all), by line. */
status db_diags(db *d, long long document, db_diag_cb cb, void *ctx);
status db_flow_diags(db *d, long long flow, db_diag_cb cb, void *ctx);

/* ---- port lookup -------------------------------------------------------- */

/* A flow with the ranges of it that contain the port. span is the width of
 * the narrowest matching range (hi - lo + 1; 1 for an exact port). */
typedef struct {
    const db_flow *flow;
    const db_range *ranges;
    size_t nranges;
    long long span;
} db_port_hit;
typedef int (*db_port_cb)(void *ctx, const db_port_hit *hit);

/* Every flow with a numeric range (PORT_NUMERIC or PORT_GE1024) that
 * contains port, restricted to proto unless PROTO_UNSPEC (a range with no
 * protocol matches any), and to ranges at most max_span wide when
 * max_span > 0. Ranked by span (exact ports first), then document, line.
 * Answered from the range index, not by scanning. */
status db_flows_by_port(db *d, int port, proto_t proto, long long max_span,
                        db_port_cb cb, void *ctx);
status db_port_count(db *d, int port, proto_t proto, long long max_span,
                     long long *n);
/* The first limit flows of db_flows_by_port, the same hits in the same
 * order, without ranking the others: what a screen shows at once. */
status db_flows_by_port_first(db *d, int port, proto_t proto,
                              long long max_span, size_t limit,
                              db_port_cb cb, void *ctx);
/* Each range containing port (with proto, as above) as (flow id, width):
 * a flow comes once per matching range, in no particular order. Cheaper
 * than db_flows_by_port when only the flows are wanted. */
typedef int (*db_span_cb)(void *ctx, long long flow, long long span);
status db_port_spans(db *d, int port, proto_t proto, db_span_cb cb,
                     void *ctx);

/* ---- marks: the current worksheet ---------------------------------------- */

/* The explorer's marks are the flows of the current worksheet (created as
 * "default" when there is none). They persist across runs. */
status db_mark_set(db *d, long long flow, int on);
status db_mark_count(db *d, long long *n);
/* The ids of the flows on the current worksheet, ascending. */
typedef int (*db_id_cb)(void *ctx, long long id);
status db_mark_ids(db *d, db_id_cb cb, void *ctx);

/* ---- worksheets (db/sheet.c) ---------------------------------------------- */

/* A worksheet is a named set of flows with what the firewall worksheet
 * exports need: the customer's name, role mappings (device role -> the
 * customer's address, CIDR, host or zone) and site defaults (name -> value,
 * see src/rules.h for the names). db/ stores them as text; src/ gives
 * them their meaning.
 *
 * Every function taking a worksheet name takes NULL for the current one
 * (the setting "worksheet", "default" when unset). A named worksheet that
 * does not exist gives ST_NOTFOUND (message in db_error), except that the
 * current one is created when something is added to it, as marking does.
 * Names are 1..64 bytes of printable text. */
typedef struct {
    long long id;
    const char *name, *customer, *created_at;
    long long flows, roles, defaults;
    int current;          /* the current worksheet */
} db_sheet;
typedef int (*db_sheet_cb)(void *ctx, const db_sheet *s);

/* Every worksheet, by name. The current one is listed even before it
 * exists (id 0, no flows). */
status db_sheets(db *d, db_sheet_cb cb, void *ctx);
/* One worksheet; ST_NOTFOUND when it does not exist, except the current
 * one, given (id 0, empty) before it is created. */
status db_sheet_get(db *d, const char *name, db_sheet_cb cb, void *ctx);
/* The name of the current worksheet into name (n bytes). */
status db_sheet_current(db *d, char *name, size_t n);
/* Create a worksheet: ST_EXISTS if the name is taken, ST_USAGE if it is
 * not a valid name. */
status db_sheet_create(db *d, const char *name);
/* Make name the current worksheet (it must exist: ST_NOTFOUND). */
status db_sheet_use(db *d, const char *name);
/* Delete a worksheet with its flows list, mappings and defaults. The
 * current one may be deleted; "default" is then current again. */
status db_sheet_delete(db *d, const char *name);
/* Put flow on the worksheet (on) or take it off. Adding a flow that does
 * not exist is ST_NOTFOUND; adding twice or removing an absent flow is
 * fine. */
status db_sheet_flow_set(db *d, const char *name, long long flow, int on);
/* The flows of a worksheet, ordered by document then line (db_flow's
 * marked is about the current worksheet). */
status db_sheet_flows(db *d, const char *name, db_flow_cb cb, void *ctx);
/* The same flows by id: as the worksheet's rows lie, without the sort of
 * whole rows (for a reader that orders them itself). */
status db_sheet_flows_by_id(db *d, const char *name, db_flow_cb cb,
                            void *ctx);
/* The ranges and the footnotes of every flow of a worksheet, in one
 * statement each: by flow id, each flow's rows in the order
 * db_flow_ranges and db_flow_footnotes give them. */
status db_sheet_ranges(db *d, const char *name, db_range_cb cb, void *ctx);
status db_sheet_footnotes(db *d, const char *name, db_footnote_cb cb,
                          void *ctx);
status db_sheet_customer_set(db *d, const char *name, const char *customer);

/* A key and its value: a role mapping or a site default. */
typedef int (*db_kv_cb)(void *ctx, const char *key, const char *value);
/* Map role to value; value NULL removes the mapping (ST_NOTFOUND if there
 * was none). Roles compare without regard to ASCII case. */
status db_sheet_role_set(db *d, const char *name, const char *role,
                         const char *value);
/* The mappings, by role. */
status db_sheet_roles(db *d, const char *name, db_kv_cb cb, void *ctx);
/* Set a site default; value NULL removes it (ST_NOTFOUND if unset). */
status db_sheet_default_set(db *d, const char *name, const char *key,
                            const char *value);
/* The site defaults, by key. */
status db_sheet_defaults(db *d, const char *name, db_kv_cb cb, void *ctx);

/* ---- settings and history ------------------------------------------------ */

/* ST_NOTFOUND when the key is unset. value is truncated to n - 1 bytes. */
status db_setting_get(db *d, const char *key, char *value, size_t n);
status db_setting_set(db *d, const char *key, const char *value);

/* Prompt history ("filter", "port"), newest first, at most 200 kept. */
status db_history_add(db *d, const char *kind, const char *text);
typedef int (*db_history_cb)(void *ctx, const char *text);
status db_history(db *d, const char *kind, db_history_cb cb, void *ctx);

#endif
