/* model.c - the shown flow list (see model.h): preview, every flow as a
 * flowtab, scope, port lookup, filter, sort. Talks to db/ and src/;
 * never draws. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../src/device.h"
#include "model.h"

static const struct {
    model_field field;
    filter_field ff;
    const char *title, *shortname;
} cols[COL__COUNT] = {
    [COL_DOC] = {MF_DOC, FF_DOC, "Document", "document"},
    [COL_PROTO] = {MF_TRANS, FF_PROTO, "Proto", "proto"},
    [COL_SRC] = {MF_SRC, FF_SRC, "Source", "source"},
    [COL_SPORT] = {MF_SPORT, FF_SRC, "Src ports", "source ports"},
    [COL_DST] = {MF_DST, FF_DST, "Destination", "destination"},
    [COL_DPORT] = {MF_DPORT, FF_DST, "Dst ports", "destination ports"},
    [COL_DESC] = {MF_DESC, FF_DESC, "Description", "description"},
    [COL_REQ] = {MF_REQ, FF_REQ, "Requirement", "requirement"},
};

model_field model_col_field(model_col c) { return cols[c].field; }
filter_field model_col_filter(model_col c) { return cols[c].ff; }
const char *model_col_title(model_col c) { return cols[c].title; }
const char *model_col_short(model_col c) { return cols[c].shortname; }

status model_init(model *m, db *d)
{
    memset(m, 0, sizeof *m);
    m->d = d;
    m->sort_col = SORT_NATURAL;
    flowtab_init(&m->tab);
    flowtab_init(&m->pre);
    return ST_OK;
}

static void free_ranks(model *m)
{
    for (int c = 0; c < FT__COUNT; c++) {
        free(m->rank[c]);
        m->rank[c] = NULL;
    }
}

void model_free(model *m)
{
    flowtab_free(&m->tab);
    flowtab_free(&m->pre);
    free(m->marked);
    free(m->base);
    free(m->shown);
    free(m->span);
    free(m->scope_device);
    free_ranks(m);
    if (m->flt)
        filter_free(m->flt);
    memset(m, 0, sizeof *m);
}

/* The flows rows are numbers of: every flow, or before model_load the
 * first screen. */
static const flowtab *cur(const model *m)
{
    return m->loaded ? &m->tab : &m->pre;
}

long long model_id(const model *m, size_t i)
{
    return flowtab_id(cur(m), m->shown[i]);
}

int model_line(const model *m, size_t i)
{
    return flowtab_line(cur(m), m->shown[i]);
}

int model_marked(const model *m, size_t i)
{
    return m->marked ? m->marked[m->shown[i]] : 0;
}

const char *model_cell(const model *m, size_t i, model_field f)
{
    return flowtab_str(cur(m), m->shown[i], f);
}

void model_flow(const model *m, size_t i, db_flow *f)
{
    db_flowtab_flow(cur(m), m->shown[i], f);
    f->marked = model_marked(m, i);
}

/* ---- the first screen ------------------------------------------------ */

typedef struct {
    ft_builder *b;
    uint8_t *marked;
    size_t n, cap;
    int oom;
} preview_ctx;

static int preview_cb(void *ctx, const db_flow *f)
{
    preview_ctx *p = ctx;
    const char *t[FT__COUNT];
    db_flow_texts(f, t);
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 64;
        uint8_t *mk = realloc(p->marked, cap);
        if (!mk) {
            p->oom = 1;
            return 1;
        }
        p->marked = mk;
        p->cap = cap;
    }
    p->marked[p->n++] = f->marked != 0;
    if (ftb_add(p->b, f->id, f->line, 0, 0, t) != ST_OK) {
        p->oom = 1;
        return 1;
    }
    return 0;
}

/* Show rows 0..n-1 as they are. */
static status show_all(model *m, size_t n)
{
    uint32_t *v = malloc((n ? n : 1) * sizeof *v);
    if (!v)
        return ST_NOMEM;
    for (size_t i = 0; i < n; i++)
        v[i] = (uint32_t)i;
    free(m->shown);
    m->shown = v;
    m->nshown = n;
    m->gen++;
    return ST_OK;
}

/* ---- every flow -------------------------------------------------------- */

typedef struct {
    const flowtab *t;
    uint8_t *marked;
} marks_ctx;

static int mark_cb(void *ctx, long long id)
{
    marks_ctx *mc = ctx;
    long row = flowtab_row_of(mc->t, id);
    if (row >= 0)
        mc->marked[row] = 1;
    return 0;
}

/* Every flow of d into *t and their marks into a new *marked. (Reading
 * them on a thread of its own while the first screen is painted was
 * tried: with two cores the paint lost more than the load gained.) */
static status read_all(db *d, flowtab *t, uint8_t **marked)
{
    flowtab_init(t);
    *marked = NULL;
    status st = db_flowtab_load(d, t);
    if (st == ST_OK && !(*marked = calloc(t->nrows ? t->nrows : 1, 1)))
        st = ST_NOMEM;
    if (st == ST_OK) {
        marks_ctx mc = {t, *marked};
        st = db_mark_ids(d, mark_cb, &mc);
    }
    if (st != ST_OK) {
        flowtab_free(t);
        free(*marked);
        *marked = NULL;
    }
    return st;
}

status model_preview(model *m, size_t rows, char *err, size_t errlen)
{
    preview_ctx p = {ftb_new(), NULL, 0, 0, 0};
    void *blob = NULL;
    size_t len = 0;
    status st = p.b ? db_flows_head(m->d, (long long)rows, preview_cb, &p)
                    : ST_NOMEM;
    if (p.oom)
        st = ST_NOMEM;
    if (st == ST_OK)
        st = ftb_finish(p.b, &blob, &len);
    ftb_free(p.b);
    flowtab t;
    flowtab_init(&t);
    if (st == ST_OK && (st = flowtab_add(&t, 0, blob, len)) != ST_OK)
        free(blob);
    if (st == ST_OK)
        st = show_all(m, t.nrows);
    if (st != ST_OK) {
        snprintf(err, errlen, "cannot read the flows: %s",
                 st == ST_NOMEM ? status_str(st) : db_error(m->d));
        flowtab_free(&t);
        free(p.marked);
        return st;
    }
    flowtab_free(&m->pre);
    m->pre = t;
    free(m->marked);
    m->marked = p.marked;
    return ST_OK;
}

status model_reload_marks(model *m)
{
    if (!m->loaded)
        return ST_OK;
    memset(m->marked, 0, m->tab.nrows ? m->tab.nrows : 1);
    marks_ctx mc = {&m->tab, m->marked};
    return db_mark_ids(m->d, mark_cb, &mc);
}

static status load_all(model *m)
{
    flowtab t;
    uint8_t *marked;
    status st = read_all(m->d, &t, &marked);
    if (st != ST_OK)
        return st;
    flowtab_free(&m->tab);
    m->tab = t;
    flowtab_free(&m->pre);
    free(m->marked);
    m->marked = marked;
    free_ranks(m);
    free(m->span);
    m->span = NULL;
    m->loaded = 1;
    return ST_OK;
}

/* ---- scope ------------------------------------------------------------- */

/* Which strings of a column name the device or one of its variants. */
static uint8_t *covered(const ft_column *c, const char *device)
{
    uint8_t *v = calloc(c->nstr ? c->nstr : 1, 1);
    for (uint32_t i = 0; v && i < c->nstr; i++)
        v[i] = (uint8_t)device_covers(device, ft_string(c, i));
    return v;
}

/* The rows in scope, ascending, into a new array. */
static status scope_rows(model *m, const db_scope *sc, uint32_t **out,
                         size_t *nout)
{
    const flowtab *t = &m->tab;
    uint32_t *v = malloc((t->nrows ? t->nrows : 1) * sizeof *v);
    size_t n = 0;
    if (!v)
        return ST_NOMEM;
    for (size_t g = 0; g < t->nseg; g++) {
        const ft_segment *s = &t->seg[g];
        if (sc->document_id && s->document_id != sc->document_id)
            continue;
        uint8_t *src = NULL, *dst = NULL;
        if (sc->device) {
            src = covered(&s->col[FT_SRC], sc->device);
            dst = covered(&s->col[FT_DST], sc->device);
            if (!src || !dst) {
                free(src);
                free(dst);
                free(v);
                return ST_NOMEM;
            }
        }
        for (size_t r = 0; r < s->nrows; r++) {
            size_t row = t->first[g] + r;
            if (sc->product_id || sc->section_id) {
                uint32_t p = ft_place(s, r);
                if ((sc->product_id &&
                     s->places.product[p] != sc->product_id) ||
                    (sc->section_id &&
                     s->places.section[p] != sc->section_id))
                    continue;
            }
            if (src && !src[ft_index(&s->col[FT_SRC], r)] &&
                !dst[ft_index(&s->col[FT_DST], r)])
                continue;
            if (sc->marked_only && !m->marked[row])
                continue;
            v[n++] = (uint32_t)row;
        }
        free(src);
        free(dst);
    }
    *out = v;
    *nout = n;
    return ST_OK;
}

/* ---- sorting ------------------------------------------------------------ */

/* Compare like a person: runs of digits by value, letters without case. */
static int natural_cmp(const char *a, const char *b)
{
    while (*a && *b) {
        if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
            while (*a == '0')
                a++;
            while (*b == '0')
                b++;
            size_t la = strspn(a, "0123456789"), lb = strspn(b, "0123456789");
            if (la != lb)
                return la < lb ? -1 : 1;
            int c = strncmp(a, b, la);
            if (c)
                return c;
            a += la;
            b += lb;
            continue;
        }
        int ca = (unsigned char)*a, cb = (unsigned char)*b;
        if (ca >= 'A' && ca <= 'Z')
            ca += 'a' - 'A';
        if (cb >= 'A' && cb <= 'Z')
            cb += 'a' - 'A';
        if (ca != cb)
            return ca < cb ? -1 : 1;
        a++;
        b++;
    }
    return *a ? 1 : *b ? -1 : 0;
}

typedef struct {
    const char *s;
    uint32_t at;  /* index into the column's rank array */
} rank_ref;

static int ref_cmp(const void *x, const void *y)
{
    const rank_ref *a = x, *b = y;
    int c = natural_cmp(a->s, b->s);
    return c ? c : (a->at > b->at) - (a->at < b->at);
}

/* Where segment g's strings of column c start in m->rank[c]. */
static size_t rank_base(const model *m, ft_col c, size_t g)
{
    size_t at = 0;
    for (size_t i = 0; i < g; i++)
        at += m->tab.seg[i].col[c].nstr;
    return at;
}

/* Every string of column c, over all segments, ranked by natural_cmp
 * (equal ones equal); computed once per column. */
static status column_ranks(model *m, ft_col c)
{
    if (m->rank[c])
        return ST_OK;
    const flowtab *t = &m->tab;
    size_t n = rank_base(m, c, t->nseg);
    rank_ref *refs = malloc((n ? n : 1) * sizeof *refs);
    uint32_t *rank = malloc((n ? n : 1) * sizeof *rank);
    if (!refs || !rank) {
        free(refs);
        free(rank);
        return ST_NOMEM;
    }
    size_t k = 0;
    for (size_t g = 0; g < t->nseg; g++) {
        const ft_column *col = &t->seg[g].col[c];
        for (uint32_t i = 0; i < col->nstr; i++, k++)
            refs[k] = (rank_ref){ft_string(col, i), (uint32_t)k};
    }
    qsort(refs, n, sizeof *refs, ref_cmp);
    uint32_t r = 0;
    for (size_t i = 0; i < n; i++) {
        if (i && natural_cmp(refs[i - 1].s, refs[i].s) != 0)
            r++;
        rank[refs[i].at] = r;
    }
    free(refs);
    m->rank[c] = rank;
    return ST_OK;
}

/* Sort 64-bit keys (LSD radix, 8 bits a pass, passes where every key has
 * the same byte skipped). */
static status radix_sort(uint64_t *v, size_t n)
{
    uint64_t *tmp = malloc((n ? n : 1) * sizeof *tmp);
    if (!tmp)
        return ST_NOMEM;
    for (int shift = 0; shift < 64; shift += 8) {
        size_t count[257] = {0};
        for (size_t i = 0; i < n; i++)
            count[((v[i] >> shift) & 0xff) + 1]++;
        int one = 0;
        for (int b = 1; b <= 256; b++)
            one |= count[b] == n;
        if (one)
            continue;
        for (int b = 0; b < 256; b++)
            count[b + 1] += count[b];
        for (size_t i = 0; i < n; i++)
            tmp[count[(v[i] >> shift) & 0xff]++] = v[i];
        memcpy(v, tmp, n * sizeof *v);
    }
    free(tmp);
    return ST_OK;
}

/* Sort rows[0..n) in place by the model's order: a column (empty cells
 * last either way), or naturally (by span for a port lookup), reversed
 * if asked; ties in row order. Left as it was on failure. */
static void sort_rows(model *m, uint32_t *rows, size_t n)
{
    if (n < 2)
        return;
    if (m->sort_col == SORT_NATURAL && !m->port) {
        /* Row order is document order. */
        int up = 1;
        for (size_t i = 1; i < n && up; i++)
            up = rows[i - 1] < rows[i];
        if (!up) {
            uint64_t *k = malloc(n * sizeof *k);
            if (!k)
                return;
            for (size_t i = 0; i < n; i++)
                k[i] = rows[i];
            if (radix_sort(k, n) == ST_OK)
                for (size_t i = 0; i < n; i++)
                    rows[i] = (uint32_t)k[i];
            free(k);
        }
        if (m->sort_rev)
            for (size_t i = 0, j = n - 1; i < j; i++, j--) {
                uint32_t x = rows[i];
                rows[i] = rows[j];
                rows[j] = x;
            }
        return;
    }
    ft_col c = m->sort_col == SORT_NATURAL ? FT__COUNT
                                           : cols[m->sort_col].field;
    if (c != FT__COUNT && column_ranks(m, c) != ST_OK)
        return;
    uint64_t *k = malloc(n * sizeof *k);
    if (!k)
        return;
    const flowtab *t = &m->tab;
    size_t g = t->nseg, base = 0, local;
    for (size_t i = 0; i < n; i++) {
        uint32_t row = rows[i], prim;
        if (c == FT__COUNT) {
            prim = m->span ? m->span[row] : 0;
            if (m->sort_rev)
                prim = UINT32_MAX - prim;
        } else {
            if (g >= t->nseg || row < t->first[g] || row >= t->first[g + 1]) {
                g = flowtab_seg_of(t, row, &local);
                base = rank_base(m, c, g);
            }
            const ft_column *col = &t->seg[g].col[c];
            uint32_t idx = ft_index(col, row - t->first[g]);
            if (ft_strlen(col, idx) == 0)
                prim = UINT32_MAX; /* empty cells last either way */
            else
                prim = m->sort_rev ? UINT32_MAX - 1 - m->rank[c][base + idx]
                                   : m->rank[c][base + idx];
        }
        k[i] = (uint64_t)prim << 32 | row;
    }
    if (radix_sort(k, n) == ST_OK)
        for (size_t i = 0; i < n; i++)
            rows[i] = (uint32_t)k[i];
    free(k);
}

void model_sort(model *m, int col, int rev)
{
    m->sort_col = col >= 0 && col < COL__COUNT ? col : SORT_NATURAL;
    m->sort_rev = rev != 0;
    m->gen++;
    if (m->loaded)
        sort_rows(m, m->shown, m->nshown);
}

/* ---- putting it together ----------------------------------------------- */

/* base: the rows in scope (in, ascending; taken over) that have the
 * port, naturally ordered. */
static status make_base(model *m, uint32_t *in, size_t n)
{
    /* In place: in is the caller's to give up. */
    uint32_t *v = in;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!m->port || m->span[in[i]])
            v[k++] = in[i];
    if (m->port) { /* narrowest range first, then document order */
        int keep_col = m->sort_col, keep_rev = m->sort_rev;
        m->sort_col = SORT_NATURAL;
        m->sort_rev = 0;
        sort_rows(m, v, k);
        m->sort_col = keep_col;
        m->sort_rev = keep_rev;
    }
    free(m->base);
    m->base = v;
    m->nbase = k;
    return ST_OK;
}

/* shown: base through the filter f, sorted. The previous list stays on
 * any failure. rows (n of them) may narrow the work down to the previous
 * shown list when f narrows the previous filter. */
static status apply(model *m, filter *f, const uint32_t *rows, size_t n,
                    int interruptible)
{
    if (!rows) {
        rows = m->base;
        n = m->nbase;
    }
    uint32_t *out = malloc((n ? n : 1) * sizeof *out);
    size_t k = 0;
    if (!out)
        return ST_NOMEM;
    status st = ST_OK;
    if (f) {
        if (filter_needs_db(f) && (st = filter_bind(f, m->d)) != ST_OK) {
            free(out);
            return st;
        }
        st = filter_rows(f, &m->tab, rows, n, out, &k,
                         interruptible ? m->interrupt : NULL,
                         m->interrupt_ctx);
    } else {
        memcpy(out, rows, n * sizeof *out);
        k = n;
    }
    if (st != ST_OK) {
        free(out);
        return st;
    }
    if (rows == m->base && (m->sort_col != SORT_NATURAL || m->sort_rev))
        sort_rows(m, out, k);
    free(m->shown);
    m->shown = out;
    m->nshown = k;
    m->shown_exact = 1;
    m->gen++;
    return ST_OK;
}

/* Scope rows, base and shown again from scratch. */
static status refresh(model *m, const db_scope *sc)
{
    uint32_t *in;
    size_t n;
    status st = scope_rows(m, sc, &in, &n);
    if (st != ST_OK)
        return st;
    st = make_base(m, in, n);
    if (st != ST_OK) {
        free(in);
        return st;
    }
    m->nscope = n;
    st = apply(m, m->flt, NULL, 0, 0);
    if (st != ST_OK && m->flt) {
        /* The filter no longer runs (match limit): show every row. */
        filter_free(m->flt);
        m->flt = NULL;
        st = apply(m, NULL, NULL, 0, 0);
    }
    return st;
}

status model_load(model *m, const db_scope *scope, char *err, size_t errlen)
{
    static const db_scope all;
    db_scope sc = scope ? *scope : all;
    char *dev = sc.device ? strdup(sc.device) : NULL;
    status st = sc.device && !dev ? ST_NOMEM : ST_OK;
    sc.device = dev;
    if (st == ST_OK && !m->loaded)
        st = load_all(m);
    if (st == ST_OK)
        st = refresh(m, &sc);
    if (st != ST_OK) {
        free(dev);
        snprintf(err, errlen, "cannot read the flows: %s",
                 st == ST_NOMEM ? status_str(st) : db_error(m->d));
        return st;
    }
    free(m->scope_device);
    m->scope_device = dev;
    m->scope = sc;
    return ST_OK;
}

status model_filter(model *m, const char *text, int interruptible,
                    filter_error *err)
{
    filter *f = NULL;
    /* Another key is already waiting: this text is not the one to show. */
    if (interruptible && m->interrupt && m->interrupt(m->interrupt_ctx))
        return ST_STOP;
    if (text && *text) {
        status st = filter_new(text, FILTER_EXPR, &f, err);
        if (st != ST_OK)
            return st;
    }
    if (!m->loaded) {
        char e[sizeof err->message];
        status st = model_load(m, &m->scope, e, sizeof e);
        if (st != ST_OK) {
            memcpy(err->message, e, sizeof e);
            err->col = 0;
            if (f)
                filter_free(f);
            return st;
        }
    }
    /* Typed one key further: only the rows shown can still match, and
     * they are already in order. */
    const uint32_t *rows = NULL;
    size_t n = 0;
    if (f && m->shown_exact && filter_narrows(f, m->flt)) {
        rows = m->shown;
        n = m->nshown;
    }
    if (f)
        filter_inherit(f, m->flt, &m->tab);
    status st = apply(m, f, rows, n, interruptible);
    if (st != ST_OK) {
        if (st == ST_DB) {
            snprintf(err->message, sizeof err->message, "%s",
                     db_error(m->d));
            err->col = 0;
        }
        if (f)
            filter_free(f);
        return st;
    }
    if (m->flt)
        filter_free(m->flt);
    m->flt = f;
    return ST_OK;
}

const char *model_filter_text(const model *m)
{
    return m->flt ? filter_text(m->flt) : "";
}

/* ---- port lookup ------------------------------------------------------- */

typedef struct {
    const flowtab *t;
    uint32_t *span;
} span_ctx;

static int span_cb(void *ctx, long long flow, long long span)
{
    span_ctx *sc = ctx;
    long row = flowtab_row_of(sc->t, flow);
    uint32_t s = span < 1 ? 1 : span > 65536 ? 65536 : (uint32_t)span;
    if (row >= 0 && (!sc->span[row] || s < sc->span[row]))
        sc->span[row] = s;
    return 0;
}

status model_port(model *m, int port, proto_t proto, long long *total)
{
    if (!m->loaded) {
        char e[300];
        status st = model_load(m, &m->scope, e, sizeof e);
        if (st != ST_OK)
            return st;
    }
    uint32_t *span = NULL;
    long long count = 0;
    if (port > 0) {
        span = calloc(m->tab.nrows ? m->tab.nrows : 1, sizeof *span);
        if (!span)
            return ST_NOMEM;
        span_ctx sc = {&m->tab, span};
        status st = db_port_spans(m->d, port, proto, span_cb, &sc);
        if (st != ST_OK) {
            free(span);
            return st;
        }
        for (size_t i = 0; i < m->tab.nrows; i++)
            count += span[i] != 0;
    }
    uint32_t *old_span = m->span;
    int old_port = m->port;
    proto_t old_proto = m->port_proto;
    m->span = span;
    m->port = port > 0 ? port : 0;
    m->port_proto = port > 0 ? proto : PROTO_UNSPEC;
    status st = refresh(m, &m->scope);
    if (st != ST_OK) {
        free(span);
        m->span = old_span;
        m->port = old_port;
        m->port_proto = old_proto;
        return st;
    }
    free(old_span);
    m->port_total = count;
    if (total)
        *total = count;
    return ST_OK;
}

/* ---- marks -------------------------------------------------------------- */

long model_find(const model *m, long long id)
{
    long row = flowtab_row_of(cur(m), id);
    if (row < 0)
        return -1;
    for (size_t i = 0; i < m->nshown; i++)
        if (m->shown[i] == (uint32_t)row)
            return (long)i;
    return -1;
}

status model_mark(model *m, size_t i, int on)
{
    if (i >= m->nshown)
        return ST_NOTFOUND;
    status st = db_mark_set(m->d, model_id(m, i), on);
    if (st == ST_OK && m->marked)
        m->marked[m->shown[i]] = on != 0;
    return st;
}

void model_set_marked(model *m, long long id, int on)
{
    long row = flowtab_row_of(cur(m), id);
    if (row >= 0 && m->marked)
        m->marked[row] = on != 0;
}
