/* flowtab.h - the text of many flows, column by column: what the explorer
 * shows and what filters match, for every flow at once.
 *
 * Flows come in segments, one per document. In a segment each text field
 * (a column) of a flow is an index into the dictionary of that column's
 * distinct strings, so a pattern is matched once per distinct string and
 * not once per flow, and a million flows take a few tens of MB. A segment
 * is built flow by flow (ftb_*) while a document is imported, stored by
 * db/ as one blob (table flow_text) and read back whole: a few large reads
 * instead of a million rows.
 *
 * A flowtab is immutable once built: several threads may read one at once.
 * Rows are numbered 0..n-1 across segments, in the order segments were
 * added (document order) and within a segment in the order flows were
 * added (line order). Nothing here knows SQL or prints. */
#ifndef PORTOLAN_FLOWTAB_H
#define PORTOLAN_FLOWTAB_H

#include <stddef.h>
#include <stdint.h>
#include "status.h"

/* The text fields of a flow (db_flow's strings), in this order. FT_PROTO
 * is the protocol cell as written, FT_TRANS the transports of the parsed
 * ranges ("TCP/UDP", flow.transports). */
typedef enum {
    FT_DOC, FT_PATH, FT_PRODUCT, FT_SECTION,
    FT_SRC, FT_SPORT, FT_DST, FT_DPORT,
    FT_PROTO, FT_DESC, FT_REQ, FT_LEVEL, FT_DIR, FT_MARKS, FT_TRANS,
    FT__COUNT
} ft_col;

/* One column of a segment: the distinct strings, and per row the index of
 * its string. */
typedef struct {
    uint32_t nstr;
    const uint32_t *off;   /* nstr + 1 offsets: string i is text + off[i] */
    const char *text;      /* NUL-terminated strings back to back */
    unsigned width;        /* bytes per row index: 1, 2 or 4 */
    const void *idx;       /* nrows indexes, each < nstr */
} ft_column;

/* Where rows come from: the distinct (section, product) id pairs of a
 * segment (0 for none), and per row the index of its pair. */
typedef struct {
    uint32_t n;
    const int64_t *section, *product;
    unsigned width;
    const void *idx;
} ft_places;

typedef struct {
    long long document_id;
    size_t nrows;
    long long first_id;    /* ids are first_id + row when ids is NULL */
    const long long *ids;
    const int32_t *lines;
    long long min_id, max_id;
    int ids_sorted;
    ft_column col[FT__COUNT];
    ft_places places;
    void *mem;             /* the blob everything points into (owned) */
} ft_segment;

typedef struct {
    ft_segment *seg;
    size_t nseg, cap;
    size_t *first;         /* row of seg[i]'s first row; nseg + 1 of them */
    size_t nrows;
} flowtab;

void flowtab_init(flowtab *t);
void flowtab_free(flowtab *t);

/* Memory for a blob to be given to flowtab_add (free() releases it).
 * NULL when out of memory. */
void *flowtab_alloc(size_t len);

/* Add the segment stored in blob (len bytes, as ftb_finish wrote it) for
 * document. On ST_OK the flowtab owns blob (it must come from malloc);
 * ST_DB_CORRUPT when it is not a valid segment (blob stays the caller's),
 * ST_NOMEM. */
status flowtab_add(flowtab *t, long long document, void *blob, size_t len);

static inline uint32_t ft_get(const void *idx, unsigned width, size_t row)
{
    switch (width) {
    case 1: return ((const uint8_t *)idx)[row];
    case 2: return ((const uint16_t *)idx)[row];
    default: return ((const uint32_t *)idx)[row];
    }
}

static inline uint32_t ft_index(const ft_column *c, size_t row)
{
    return ft_get(c->idx, c->width, row);
}

/* The index of row's (section, product) pair in s->places. */
static inline uint32_t ft_place(const ft_segment *s, size_t row)
{
    return ft_get(s->places.idx, s->places.width, row);
}

static inline const char *ft_string(const ft_column *c, uint32_t i)
{
    return c->text + c->off[i];
}

static inline size_t ft_strlen(const ft_column *c, uint32_t i)
{
    return c->off[i + 1] - c->off[i] - 1;
}

static inline long long ft_seg_id(const ft_segment *s, size_t row)
{
    return s->ids ? s->ids[row] : s->first_id + (long long)row;
}

/* The segment holding row (row < t->nrows), and the row within it. */
size_t flowtab_seg_of(const flowtab *t, size_t row, size_t *local);
const char *flowtab_str(const flowtab *t, size_t row, ft_col c);
long long flowtab_id(const flowtab *t, size_t row);
int flowtab_line(const flowtab *t, size_t row);
/* The row of the flow with this id, or -1. */
long flowtab_row_of(const flowtab *t, long long id);

/* ---- reading a stored segment part by part ------------------------------ */

/* Counting what a filter matches needs, column by column, only the
 * column's dictionary and then its row indexes: read part by part, a
 * segment takes a few MB of memory that is used again and again, instead
 * of a copy of the whole blob (at a million flows, fresh memory costs more
 * than reading it). read copies len bytes of the blob at off into buf; a
 * status other than ST_OK ends the reading with it. */
typedef status (*ft_read_fn)(void *ctx, size_t off, void *buf, size_t len);

typedef struct {
    ft_read_fn read;
    void *ctx;
    size_t len;            /* of the blob */
    size_t nrows;
    struct {
        size_t at;         /* where its dictionary starts in the blob */
        size_t idx;        /* where its row indexes start */
        uint32_t nstr;
        unsigned width;
        size_t textlen;
    } col[FT__COUNT];
    void *dict;            /* the dictionary read last (owned) */
    size_t dict_cap;
} ft_parts;

/* Read a segment's layout (its header and column heads) through read.
 * ST_DB_CORRUPT when the blob is not a valid segment of this format (the
 * parts read later are checked too). Free with ft_parts_free, whatever
 * the result. */
status ft_parts_open(ft_parts *p, ft_read_fn read, void *ctx, size_t len);
/* Column c's dictionary into *out (idx NULL): valid until the next call
 * on p. ST_DB_CORRUPT, ST_NOMEM, or read's failure. */
status ft_parts_column(ft_parts *p, ft_col c, ft_column *out);
/* Rows from..from+n-1 of column c's indexes into buf (n times the
 * column's width bytes), each checked to be below its nstr. */
status ft_parts_rows(const ft_parts *p, ft_col c, size_t from, size_t n,
                     void *buf);
void ft_parts_free(ft_parts *p);

/* ---- building a segment -------------------------------------------------- */

typedef struct ft_builder ft_builder;

ft_builder *ftb_new(void);
void ftb_free(ft_builder *b);
/* Add a flow: its id, line, section and product ids (0: none) and text
 * fields (NULL reads as ""). */
status ftb_add(ft_builder *b, long long id, int line, long long section,
               long long product, const char *const text[FT__COUNT]);
size_t ftb_count(const ft_builder *b);
/* The segment as a blob (malloc'd, the caller's) for flowtab_add; the
 * builder is emptied for the next document. */
status ftb_finish(ft_builder *b, void **blob, size_t *len);

/* The blob format this build writes and reads; stored beside each blob
 * (document_cache.text_format) so that a stale one is found without
 * reading it. 3: FT_TRANS added. */
#define FT_FORMAT 3

#endif
