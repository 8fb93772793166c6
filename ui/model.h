/* model.h - the flows the explorer shows: the scope's flows, filtered,
 * restricted to a port, sorted.
 *
 * model_load() reads the flows of a scope from db/ once into a compact
 * array (id, line and interned display fields; no ranges, footnotes or
 * diagnostics). Filtering, port lookups and sorting work on that array
 * and produce the "shown" list of row indices; the panes draw only the
 * rows they can see. Nothing here touches the screen. */
#ifndef PORTOLAN_UI_MODEL_H
#define PORTOLAN_UI_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include "../db/db.h"
#include "../src/filter.h"
#include "strpool.h"

typedef enum {
    MF_DOC, MF_PATH, MF_PRODUCT, MF_SECTION,
    MF_SRC, MF_SPORT, MF_DST, MF_DPORT,
    MF_PROTO, MF_DESC, MF_REQ, MF_LEVEL, MF_DIR, MF_MARKS,
    MF__COUNT
} model_field;

/* The table's columns, in the order shown and cycled by sort. */
typedef enum {
    COL_DOC, COL_PROTO, COL_SRC, COL_SPORT, COL_DST, COL_DPORT, COL_DESC,
    COL_REQ,
    COL__COUNT
} model_col;
#define SORT_NATURAL (-1) /* document order; narrowest port first */

typedef struct {
    long long id;
    int line;
    int span;                /* port lookup: narrowest matching range */
    uint32_t str[MF__COUNT]; /* offsets into the model's pool */
    unsigned char marked;
} model_row;

typedef struct {
    long long id;
    int span;
} model_hit;

typedef struct {
    db *d;
    strpool pool;
    model_row *rows;
    size_t nrows, caprows;
    uint32_t *shown;          /* indices into rows */
    size_t nshown;
    filter *flt;              /* the filter in force, or NULL */
    int port;                 /* port lookup in force, 0 if none */
    proto_t port_proto;
    model_hit *hits;          /* port lookup: flows with the port, by id */
    size_t nhits;
    int sort_col, sort_rev;
    unsigned gen;             /* changes whenever the shown list does */
    /* Called now and then while filtering interruptibly; non-zero stops. */
    int (*interrupt)(void *ctx);
    void *interrupt_ctx;
} model;

/* ST_OK or ST_NOMEM. */
status model_init(model *m, db *d);
void model_free(model *m);

/* Read the flows of scope (NULL: all) and apply the filter, port and sort
 * in force. On error (detail in err) the previous rows are kept. */
status model_load(model *m, const db_scope *scope, char *err, size_t errlen);

/* Filter with text ("" or NULL: no filter). Returns ST_OK when the new
 * filter is in force; otherwise the previous filter and rows stay:
 * ST_REGEX (err filled), ST_LIMIT (a pattern hit the match limit),
 * ST_STOP (interrupted, only when interruptible), ST_DB, ST_NOMEM. */
status model_filter(model *m, const char *text, int interruptible,
                    filter_error *err);
/* The filter's text, "" when none. */
const char *model_filter_text(const model *m);
/* Is the shown list the complete result of the filter in force? */
static inline int model_filter_done(const model *m)
{
    (void)m;
    return 1;
}

/* Restrict to the flows with a range containing port (proto may be
 * PROTO_UNSPEC); port 0 removes the restriction. *total (may be NULL)
 * gets the number of flows with the port in the whole database. */
status model_port(model *m, int port, proto_t proto, long long *total);

/* Sort by col (SORT_NATURAL or a model_col), reversed if rev. */
void model_sort(model *m, int col, int rev);

static inline size_t model_count(const model *m) { return m->nshown; }
static inline size_t model_total(const model *m) { return m->nrows; }
/* The i-th shown row (i < model_count). */
static inline model_row *model_at(const model *m, size_t i)
{
    return &m->rows[m->shown[i]];
}
static inline const char *model_str(const model *m, const model_row *r,
                                    model_field f)
{
    return strpool_get(&m->pool, r->str[f]);
}
/* A db_flow view of a row (strings point into the model's pool; valid
 * until the next model_load). */
void model_flow(const model *m, const model_row *r, db_flow *out);
/* Shown index of the flow with this id, or -1. */
long model_find(const model *m, long long id);

/* Mark or unmark the i-th shown row on the worksheet (db_mark_set). */
status model_mark(model *m, size_t i, int on);
/* Set the marked flag of the row with this id, if loaded (no db write). */
void model_set_marked(model *m, long long id, int on);

model_field model_col_field(model_col c);
filter_field model_col_filter(model_col c);
const char *model_col_title(model_col c);
const char *model_col_short(model_col c);

#endif
