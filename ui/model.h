/* model.h - the flows the explorer shows: the scope's flows, restricted to
 * a port, filtered, sorted.
 *
 * The explorer paints before it reads every flow: model_preview() reads
 * only the first screenful, in document order, straight from the
 * database. model_load() then reads every flow at once as a flowtab
 * (src/flowtab.h: one blob per document, each column's distinct strings
 * once) and from there scope, port lookup, filter and sort work in
 * memory, producing the "shown" list of row numbers; the panes draw only
 * the rows they can see. Memory grows with the flows (a few tens of bytes
 * each) and with what is shown (4 bytes a row), never with copies of
 * the text.
 *
 * Filtering matches each distinct string once (filter_rows) and runs in
 * chunks that stop as soon as a key is waiting (interruptible), so typing
 * restarts it; a pattern typed one key further is matched only against
 * the flows the previous one showed (filter_narrows, filter_inherit).
 * Nothing here touches the screen. */
#ifndef PORTOLAN_UI_MODEL_H
#define PORTOLAN_UI_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include "../db/db.h"
#include "../src/filter.h"
#include "../src/flowtab.h"

/* A flow's text fields: the flowtab's columns. */
typedef ft_col model_field;
#define MF_DOC FT_DOC
#define MF_PATH FT_PATH
#define MF_PRODUCT FT_PRODUCT
#define MF_SECTION FT_SECTION
#define MF_SRC FT_SRC
#define MF_SPORT FT_SPORT
#define MF_DST FT_DST
#define MF_DPORT FT_DPORT
#define MF_PROTO FT_PROTO
#define MF_DESC FT_DESC
#define MF_REQ FT_REQ
#define MF_LEVEL FT_LEVEL
#define MF_DIR FT_DIR
#define MF_MARKS FT_MARKS
#define MF_TRANS FT_TRANS
#define MF__COUNT FT__COUNT

/* The table's columns, in the order shown and cycled by sort. */
typedef enum {
    COL_DOC, COL_PROTO, COL_SRC, COL_SPORT, COL_DST, COL_DPORT, COL_DESC,
    COL_REQ,
    COL__COUNT
} model_col;
#define SORT_NATURAL (-1) /* document order; narrowest port first */

typedef struct {
    db *d;
    flowtab tab;              /* every flow, once loaded */
    int loaded;
    flowtab pre;              /* before that: the first screen */
    uint8_t *marked;          /* per row of tab: on the worksheet */
    db_scope scope;           /* in force (device: scope_device) */
    char *scope_device;
    uint32_t *base;           /* rows in scope with the port, in natural */
    size_t nbase;             /* order (by span for a port lookup) */
    size_t nscope;            /* rows in scope */
    filter *flt;              /* the filter in force, or NULL */
    uint32_t *shown;          /* base filtered and sorted */
    size_t nshown;
    int shown_exact;          /* shown is flt's whole answer on base */
    int port;                 /* port lookup in force, 0 if none */
    proto_t port_proto;
    uint32_t *span;           /* per row: narrowest range with the port */
    long long port_total;     /* flows with the port in all documents */
    int sort_col, sort_rev;
    uint32_t *rank[FT__COUNT];/* per column: sort rank of each string */
    unsigned gen;             /* changes whenever the shown list does */
    /* Called now and then while filtering interruptibly; non-zero stops. */
    int (*interrupt)(void *ctx);
    void *interrupt_ctx;
} model;

/* ST_OK or ST_NOMEM. */
status model_init(model *m, db *d);
void model_free(model *m);

/* Before model_load: read the first rows flows of every document, in
 * document order, to be shown at once. */
status model_preview(model *m, size_t rows, char *err, size_t errlen);
static inline int model_loaded(const model *m) { return m->loaded; }

/* Restrict to scope (NULL: all; copied), reading every flow first if not
 * done yet, and apply the port, filter and sort in force. On error
 * (detail in err) the previous rows are kept. */
status model_load(model *m, const db_scope *scope, char *err, size_t errlen);
/* Read the worksheet's marks again (after a failed "mark all"). */
status model_reload_marks(model *m);

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
    return m->loaded;
}

/* Restrict to the flows with a range containing port (proto may be
 * PROTO_UNSPEC); port 0 removes the restriction. *total (may be NULL)
 * gets the number of flows with the port in the whole database. */
status model_port(model *m, int port, proto_t proto, long long *total);

/* Sort by col (SORT_NATURAL or a model_col), reversed if rev. */
void model_sort(model *m, int col, int rev);

/* The flows shown, and in scope (before port and filter). */
static inline size_t model_count(const model *m) { return m->nshown; }
static inline size_t model_total(const model *m)
{
    return m->loaded ? m->nscope : m->nshown;
}

/* The i-th shown flow (i < model_count). Strings point into the model,
 * valid until the next model_load. */
long long model_id(const model *m, size_t i);
int model_line(const model *m, size_t i);
int model_marked(const model *m, size_t i);
const char *model_cell(const model *m, size_t i, model_field f);
/* A db_flow view of the i-th shown flow. */
void model_flow(const model *m, size_t i, db_flow *out);
/* Shown index of the flow with this id, or -1. */
long model_find(const model *m, long long id);

/* Mark or unmark the i-th shown row on the worksheet (db_mark_set). */
status model_mark(model *m, size_t i, int on);
/* Set the marked flag of the flow with this id, if loaded (no db write). */
void model_set_marked(model *m, long long id, int on);

model_field model_col_field(model_col c);
filter_field model_col_filter(model_col c);
const char *model_col_title(model_col c);
const char *model_col_short(model_col c);

#endif
