/* cache.c - derived data for speed (tables document_cache, port_count):
 * collected while a document is imported, written when it is done,
 * rebuilt from the tables when missing, and read back whole for the
 * explorer and `portolan find` (db_flowtab_load).
 *
 * The import side needs nothing from ingest but db_document_done(): the
 * write functions of write.c report what they store here. A failure in
 * here (out of memory) leaves the document without its cache, which is
 * then rebuilt; it never fails the import itself. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "db_int.h"

/* A product (parent 0) or a section (parent: its product) of the document
 * being imported, so a flow's section id gives its names. */
typedef struct {
    long long id, parent;
    char *name;
} place;

struct db_import {
    long long document;
    char *name, *path;
    place *places;
    size_t nplaces, cap;
    ft_builder *text;
    db_counter *counts;
    long long flow;     /* the flow whose ranges are coming */
    int failed;         /* out of memory: store nothing */
};

static void import_free(db_import *im)
{
    if (!im)
        return;
    for (size_t i = 0; i < im->nplaces; i++)
        free(im->places[i].name);
    free(im->places);
    free(im->name);
    free(im->path);
    ftb_free(im->text);
    db_counter_free(im->counts);
    free(im);
}

void db_import_end(db *d)
{
    import_free(d->imp);
    d->imp = NULL;
}

void db_import_start(db *d, long long document, const char *name,
                     const char *path)
{
    db_import_end(d);
    db_import *im = calloc(1, sizeof *im);
    if (!im)
        return;
    im->document = document;
    im->name = strdup(name ? name : "");
    im->path = strdup(path ? path : "");
    im->text = ftb_new();
    im->counts = db_counter_new();
    im->failed = !im->name || !im->path || !im->text || !im->counts;
    d->imp = im;
}

void db_import_place(db *d, long long id, long long parent, const char *name)
{
    db_import *im = d->imp;
    if (!im || im->failed)
        return;
    for (size_t i = im->nplaces; i-- > 0;)
        if (im->places[i].id == id && im->places[i].parent == parent)
            return;
    if (im->nplaces == im->cap) {
        size_t cap = im->cap ? im->cap * 2 : 16;
        place *p = realloc(im->places, cap * sizeof *p);
        if (!p) {
            im->failed = 1;
            return;
        }
        im->places = p;
        im->cap = cap;
    }
    place *p = &im->places[im->nplaces];
    p->id = id;
    p->parent = parent;
    p->name = strdup(name ? name : "");
    if (!p->name)
        im->failed = 1;
    else
        im->nplaces++;
}

/* The place with this id among products (want_product) or sections. */
static const place *find_place(const db_import *im, long long id,
                               int want_product)
{
    for (size_t i = im->nplaces; i-- > 0;) {
        const place *p = &im->places[i];
        if (p->id == id && (p->parent == 0) == want_product)
            return p;
    }
    return NULL;
}

void db_import_flow(db *d, long long id, const db_flow_in *f)
{
    db_import *im = d->imp;
    if (!im || im->failed)
        return;
    db_counter_flow_end(im->counts);
    im->flow = id;
    const place *sec = f->section_id ? find_place(im, f->section_id, 0)
                                     : NULL;
    const place *prod = sec ? find_place(im, sec->parent, 1) : NULL;
    const char *t[FT__COUNT] = {
        [FT_DOC] = im->name, [FT_PATH] = im->path,
        [FT_PRODUCT] = prod ? prod->name : "",
        [FT_SECTION] = sec ? sec->name : "",
        [FT_SRC] = f->source, [FT_SPORT] = f->source_ports,
        [FT_DST] = f->destination, [FT_DPORT] = f->destination_ports,
        [FT_PROTO] = f->protocol, [FT_DESC] = f->description,
        [FT_REQ] = f->requirement, [FT_LEVEL] = f->req_level,
        [FT_DIR] = f->direction, [FT_MARKS] = f->marks,
        [FT_TRANS] = f->transports,
    };
    if (ftb_add(im->text, id, f->line, f->section_id,
                prod ? prod->id : 0, t) != ST_OK)
        im->failed = 1;
}

void db_import_range(db *d, long long flow, const port_range *r)
{
    db_import *im = d->imp;
    if (!im || im->failed || flow != im->flow ||
        (r->kind != PORT_NUMERIC && r->kind != PORT_GE1024))
        return;
    if (db_counter_range(im->counts, r->proto, r->lo, r->hi, r->parity))
        im->failed = 1;
}

/* Store a document's cache row: its text blob (NULL: none) and whether
 * port_count has its counts. */
static status put_cache(db *d, long long document, const void *blob,
                        size_t len, int counted)
{
    static const char sql[] =
        "INSERT OR REPLACE INTO document_cache (document_id, flow_text, "
        "text_format, port_counts) VALUES (?1, ?2, ?4, ?3)";
    sqlite3_stmt *st;
    status s = db_get(d, Q_CACHE_PUT, sql, &st);
    if (s != ST_OK)
        return s;
    sqlite3_bind_int64(st, 1, document);
    if (blob)
        sqlite3_bind_blob64(st, 2, blob, len, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, counted);
    sqlite3_bind_int(st, 4, FT_FORMAT);
    s = db_step_all(d, st);
    db_put(d, Q_CACHE_PUT, st);
    return s;
}

status db_document_done(db *d)
{
    db_import *im = d->imp;
    if (!im)
        return ST_OK;
    status s = ST_OK;
    if (!im->failed) {
        void *blob = NULL;
        size_t len = 0;
        db_counter_flow_end(im->counts);
        if (ftb_finish(im->text, &blob, &len) == ST_OK) {
            s = db_counter_write(d, im->counts, im->document);
            if (s == ST_OK)
                s = put_cache(d, im->document, blob, len, 1);
            free(blob);
        }
    }
    db_import_end(d);
    return s;
}

/* ---- rebuilding from the tables -------------------------------------- */

typedef struct {
    ft_builder *b;
    int64_t (*place)[2];  /* each flow's section and product, in order */
    size_t nplace, next;
    int oom;
} text_ctx;

static int text_cb(void *ctx, const db_flow *f)
{
    text_ctx *tc = ctx;
    const char *t[FT__COUNT];
    db_flow_texts(f, t);
    long long sec = 0, prod = 0;
    if (tc->next < tc->nplace) {
        sec = tc->place[tc->next][0];
        prod = tc->place[tc->next][1];
    }
    tc->next++;
    if (ftb_add(tc->b, f->id, f->line, sec, prod, t) != ST_OK) {
        tc->oom = 1;
        return 1;
    }
    return 0;
}

/* The section and product of each flow of a document, in db_flows'
 * order. */
static status read_places(db *d, long long document, text_ctx *tc)
{
    static const char sql[] =
        "SELECT coalesce(f.section_id, 0), coalesce(s.product_id, 0) "
        "FROM flow f LEFT JOIN section s ON s.id = f.section_id "
        "WHERE f.document_id = ?1 ORDER BY f.document_id, f.line, f.id";
    sqlite3_stmt *st;
    size_t cap = 0;
    status s = db_get(d, Q_CACHE_PLACES, sql, &st);
    if (s != ST_OK)
        return s;
    sqlite3_bind_int64(st, 1, document);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (tc->nplace == cap) {
            cap = cap ? cap * 2 : 1024;
            int64_t (*p)[2] = realloc(tc->place, cap * sizeof *p);
            if (!p) {
                s = ST_NOMEM;
                break;
            }
            tc->place = p;
        }
        tc->place[tc->nplace][0] = sqlite3_column_int64(st, 0);
        tc->place[tc->nplace][1] = sqlite3_column_int64(st, 1);
        tc->nplace++;
    }
    if (s == ST_OK && rc != SQLITE_DONE)
        s = db_fail(d, rc);
    db_put(d, Q_CACHE_PLACES, st);
    return s;
}

/* A document's text segment, read row by row. */
static status build_text(db *d, long long document, void **blob,
                         size_t *len)
{
    text_ctx tc = {ftb_new(), NULL, 0, 0, 0};
    db_scope sc;
    memset(&sc, 0, sizeof sc);
    sc.document_id = document;
    *blob = NULL;
    *len = 0;
    if (!tc.b)
        return ST_NOMEM;
    status s = read_places(d, document, &tc);
    if (s == ST_OK)
        s = db_flows(d, &sc, text_cb, &tc);
    free(tc.place);
    if (tc.oom)
        s = ST_NOMEM;
    if (s == ST_OK)
        s = ftb_finish(tc.b, blob, len);
    ftb_free(tc.b);
    return s;
}

/* A document's port counts, from its ranges. */
static status build_counts(db *d, long long document)
{
    static const char del[] = "DELETE FROM port_count WHERE document_id = ?1";
    static const char sql[] =
        "SELECT r.flow_id, r.protocol, r.lo, r.hi, r.parity "
        "FROM flow f JOIN port_range r ON r.flow_id = f.id "
        "WHERE f.document_id = ?1 AND r.lo IS NOT NULL "
        "ORDER BY r.flow_id";
    sqlite3_stmt *st;
    status s = db_get(d, Q_COUNT_DEL, del, &st);
    if (s != ST_OK)
        return s;
    sqlite3_bind_int64(st, 1, document);
    s = db_step_all(d, st);
    db_put(d, Q_COUNT_DEL, st);
    db_counter *c = s == ST_OK ? db_counter_new() : NULL;
    if (s != ST_OK || !c)
        return s != ST_OK ? s : ST_NOMEM;
    if ((s = db_get(d, Q_COUNT_RANGES, sql, &st)) != ST_OK) {
        db_counter_free(c);
        return s;
    }
    sqlite3_bind_int64(st, 1, document);
    long long flow = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(st, 0);
        if (id != flow)
            db_counter_flow_end(c);
        flow = id;
        proto_t p = proto_from_name((const char *)sqlite3_column_text(st, 1));
        parity_t par =
            parity_from_name((const char *)sqlite3_column_text(st, 4));
        if (db_counter_range(c, p, sqlite3_column_int(st, 2),
                             sqlite3_column_int(st, 3), par)) {
            s = ST_NOMEM;
            break;
        }
    }
    if (s == ST_OK && rc != SQLITE_DONE)
        s = db_fail(d, rc);
    db_put(d, Q_COUNT_RANGES, st);
    db_counter_flow_end(c);
    if (s == ST_OK)
        s = db_counter_write(d, c, document);
    db_counter_free(c);
    return s;
}

/* The documents whose cache is missing or incomplete. */
typedef struct {
    long long *ids;
    size_t n, cap;
} id_list;

static int push_id(id_list *l, long long id)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        long long *p = realloc(l->ids, cap * sizeof *p);
        if (!p)
            return -1;
        l->ids = p;
        l->cap = cap;
    }
    l->ids[l->n++] = id;
    return 0;
}

static status stale_documents(db *d, id_list *l)
{
    /* typeof(), not IS NULL: it does not read the blob. */
    static const char sql[] =
        "SELECT x.id FROM document x "
        "LEFT JOIN document_cache c ON c.document_id = x.id "
        "WHERE typeof(c.flow_text) = 'null' OR c.text_format <> ?1 "
        "OR coalesce(c.port_counts, 0) = 0 ORDER BY x.id";
    sqlite3_stmt *st;
    status s = db_get(d, Q_CACHE_STALE, sql, &st);
    if (s != ST_OK)
        return s;
    sqlite3_bind_int(st, 1, FT_FORMAT);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (push_id(l, sqlite3_column_int64(st, 0))) {
            s = ST_NOMEM;
            break;
        }
    if (s == ST_OK && rc != SQLITE_DONE)
        s = db_fail(d, rc);
    db_put(d, Q_CACHE_STALE, st);
    return s;
}

status db_cache_repair(db *d)
{
    if (d->readonly)
        return ST_OK;
    id_list l = {NULL, 0, 0};
    status s = stale_documents(d, &l);
    for (size_t i = 0; s == ST_OK && i < l.n; i++) {
        void *blob = NULL;
        size_t len = 0;
        if ((s = db_begin(d)) != ST_OK)
            break;
        s = build_text(d, l.ids[i], &blob, &len);
        if (s == ST_OK)
            s = build_counts(d, l.ids[i]);
        if (s == ST_OK)
            s = put_cache(d, l.ids[i], blob, len, 1);
        free(blob);
        if (s == ST_OK)
            s = db_commit(d);
        else
            db_rollback(d);
    }
    free(l.ids);
    return s;
}

/* ---- reading every flow ---------------------------------------------- */

/* Every document with the size of its text blob (-1: none). */
typedef struct {
    long long id, len;
} doc_blob;

static status list_blobs(db *d, doc_blob **out, size_t *n)
{
    static const char sql[] =
        "SELECT x.id, CASE WHEN c.text_format = ?1 "
        "THEN coalesce(length(c.flow_text), -1) ELSE -1 END FROM document x "
        "LEFT JOIN document_cache c ON c.document_id = x.id ORDER BY x.id";
    sqlite3_stmt *st;
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    status s = db_get(d, Q_CACHE_LIST, sql, &st);
    if (s != ST_OK)
        return s;
    sqlite3_bind_int(st, 1, FT_FORMAT);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            doc_blob *p = realloc(*out, cap * sizeof *p);
            if (!p) {
                s = ST_NOMEM;
                break;
            }
            *out = p;
        }
        (*out)[*n].id = sqlite3_column_int64(st, 0);
        (*out)[*n].len = sqlite3_column_int64(st, 1);
        (*n)++;
    }
    if (s == ST_OK && rc != SQLITE_DONE)
        s = db_fail(d, rc);
    db_put(d, Q_CACHE_LIST, st);
    return s;
}

/* Read a stored blob whole into memory of our own (incremental blob I/O
 * copies the pages once, straight into it). NULL if it cannot be read. */
static void *read_blob(sqlite3 *h, long long document, size_t len)
{
    sqlite3_blob *b;
    if (len > (size_t)0x7fffffff ||
        sqlite3_blob_open(h, "main", "document_cache", "flow_text",
                          document, 0, &b) != SQLITE_OK)
        return NULL;
    void *p = flowtab_alloc(len);
    if (p && sqlite3_blob_read(b, p, (int)len, 0) != SQLITE_OK) {
        free(p);
        p = NULL;
    }
    sqlite3_blob_close(b);
    return p;
}

/* Pages through a memory map rather than a read() each: the blobs are
 * tens of MB at a million flows. */
#define MMAP_PRAGMA "PRAGMA mmap_size = 1073741824"

/* Every other document's blob (odd indexes), read by a helper thread on a
 * connection of its own while the caller reads the rest: copying tens of
 * MB out of the page cache is the time it takes to load a large library,
 * and there are two cores to do it. */
typedef struct {
    const char *path;               /* or a file: URI (db_open's "uri") */
    int uri;
    const doc_blob *docs;
    size_t n;
    void **blobs;
} blob_reader;

static void *reader_main(void *arg)
{
    blob_reader *r = arg;
    sqlite3 *h = NULL;
    if (sqlite3_open_v2(r->path, &h, SQLITE_OPEN_READONLY |
                                         (r->uri ? SQLITE_OPEN_URI : 0),
                        NULL) == SQLITE_OK &&
        sqlite3_exec(h, MMAP_PRAGMA, NULL, NULL, NULL) == SQLITE_OK &&
        sqlite3_exec(h, "BEGIN", NULL, NULL, NULL) == SQLITE_OK) {
        for (size_t i = 1; i < r->n; i += 2)
            if (r->docs[i].len >= 0)
                r->blobs[i] = read_blob(h, r->docs[i].id,
                                        (size_t)r->docs[i].len);
        sqlite3_exec(h, "COMMIT", NULL, NULL, NULL);
    }
    sqlite3_close(h);
    return NULL;
}

/* Big enough a library for a second reader to be worth its start. */
enum { PARALLEL_BYTES = 4 << 20 };

status db_flowtab_load(db *d, flowtab *t)
{
    doc_blob *docs;
    size_t n;
    sqlite3_exec(d->h, MMAP_PRAGMA, NULL, NULL, NULL);
    /* One read transaction, so that an import running meanwhile is seen
     * whole or not at all. */
    status s = db_run(d, Q_READ_BEGIN, "BEGIN");
    if (s != ST_OK)
        return s;
    s = list_blobs(d, &docs, &n);
    void **blobs = s == ST_OK ? calloc(n + 1, sizeof *blobs) : NULL;
    if (s == ST_OK && !blobs)
        s = ST_NOMEM;
    long long total = 0;
    for (size_t i = 0; s == ST_OK && i < n; i++)
        total += docs[i].len > 0 ? docs[i].len : 0;
    blob_reader br = {d->uri ? d->uri : d->path, d->uri != NULL, docs, n,
                      blobs};
    pthread_t th;
    int helper = s == ST_OK && n > 1 && total >= PARALLEL_BYTES &&
                 pthread_create(&th, NULL, reader_main, &br) == 0;
    for (size_t i = 0; s == ST_OK && i < n; i += helper ? 2 : 1)
        if (docs[i].len >= 0)
            blobs[i] = read_blob(d->h, docs[i].id, (size_t)docs[i].len);
    if (helper)
        pthread_join(th, NULL);
    for (size_t i = 0; s == ST_OK && i < n; i++) {
        void *blob = blobs[i];
        size_t len = (size_t)docs[i].len;
        blobs[i] = NULL;
        if (blob && flowtab_add(t, docs[i].id, blob, len) == ST_OK)
            continue;
        free(blob);
        /* Not stored (a read-only file from before), unreadable, or
         * missed by the helper: from the rows, in memory only. */
        s = build_text(d, docs[i].id, &blob, &len);
        if (s == ST_OK)
            s = flowtab_add(t, docs[i].id, blob, len);
        if (s != ST_OK)
            free(blob);
    }
    for (size_t i = 0; blobs && i < n; i++)
        free(blobs[i]);
    free(blobs);
    free(docs);
    status e = db_run(d, Q_COMMIT, "COMMIT");
    return s != ST_OK ? s : e;
}

/* ---- reading every flow part by part -------------------------------- */

static status blob_part(void *ctx, size_t off, void *buf, size_t len)
{
    if (off > 0x7fffffff || len > 0x7fffffff - off)
        return ST_DB_CORRUPT;
    int rc = sqlite3_blob_read(ctx, buf, (int)len, (int)off);
    return rc == SQLITE_OK ? ST_OK : db_status(rc);
}

status db_flowtab_parts(db *d, db_parts_cb cb, void *ctx)
{
    doc_blob *docs;
    size_t n;
    /* Through the memory map, in one read transaction, as
     * db_flowtab_load. */
    sqlite3_exec(d->h, MMAP_PRAGMA, NULL, NULL, NULL);
    status s = db_run(d, Q_READ_BEGIN, "BEGIN");
    if (s != ST_OK)
        return s;
    s = list_blobs(d, &docs, &n);
    for (size_t i = 0; s == ST_OK && i < n; i++) {
        sqlite3_blob *b;
        if (docs[i].len < 0 || docs[i].len > 0x7fffffff ||
            sqlite3_blob_open(d->h, "main", "document_cache", "flow_text",
                              docs[i].id, 0, &b) != SQLITE_OK) {
            s = ST_DB_CORRUPT; /* not stored: db_flowtab_load copes */
            break;
        }
        ft_parts p;
        s = ft_parts_open(&p, blob_part, b, (size_t)docs[i].len);
        if (s == ST_OK)
            s = cb(ctx, &p);
        ft_parts_free(&p);
        sqlite3_blob_close(b);
    }
    free(docs);
    status e = db_run(d, Q_COMMIT, "COMMIT");
    return s != ST_OK ? s : e;
}

status db_mark_ids(db *d, db_id_cb cb, void *ctx)
{
    static const char sql[] =
        "SELECT wf.flow_id FROM worksheet_flow wf JOIN worksheet w "
        "ON w.id = wf.worksheet_id WHERE w.name = " DB_WORKSHEET_NAME
        " ORDER BY wf.flow_id";
    sqlite3_stmt *st;
    status s = db_get(d, Q_MARK_IDS, sql, &st);
    if (s != ST_OK)
        return s;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (cb(ctx, sqlite3_column_int64(st, 0))) {
            s = ST_STOP;
            break;
        }
    if (s == ST_OK && rc != SQLITE_DONE)
        s = db_fail(d, rc);
    db_put(d, Q_MARK_IDS, st);
    return s;
}

void db_flow_texts(const db_flow *f, const char *t[FT__COUNT])
{
    t[FT_DOC] = f->document, t[FT_PATH] = f->path;
    t[FT_PRODUCT] = f->product, t[FT_SECTION] = f->section;
    t[FT_SRC] = f->source, t[FT_SPORT] = f->source_ports;
    t[FT_DST] = f->destination, t[FT_DPORT] = f->destination_ports;
    t[FT_PROTO] = f->protocol, t[FT_DESC] = f->description;
    t[FT_REQ] = f->requirement, t[FT_LEVEL] = f->req_level;
    t[FT_DIR] = f->direction, t[FT_MARKS] = f->marks;
    t[FT_TRANS] = f->transports;
}

void db_flowtab_flow(const flowtab *t, size_t row, db_flow *f)
{
    size_t r, i = flowtab_seg_of(t, row, &r);
    const ft_segment *s = &t->seg[i];
    const char *v[FT__COUNT];
    for (int c = 0; c < FT__COUNT; c++)
        v[c] = ft_string(&s->col[c], ft_index(&s->col[c], r));
    memset(f, 0, sizeof *f);
    f->id = ft_seg_id(s, r);
    f->document_id = s->document_id;
    f->line = s->lines[r];
    f->document = v[FT_DOC];
    f->path = v[FT_PATH];
    f->product = v[FT_PRODUCT];
    f->section = v[FT_SECTION];
    f->source = v[FT_SRC];
    f->source_ports = v[FT_SPORT];
    f->destination = v[FT_DST];
    f->destination_ports = v[FT_DPORT];
    f->protocol = v[FT_PROTO];
    f->description = v[FT_DESC];
    f->requirement = v[FT_REQ];
    f->req_level = v[FT_LEVEL];
    f->direction = v[FT_DIR];
    f->marks = v[FT_MARKS];
    f->transports = v[FT_TRANS];
}
