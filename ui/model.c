/* model.c - the shown flow list: load a scope, filter, port lookup, sort.
 * Talks to db/ and src/filter; never draws. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model.h"

enum { CHECK_EVERY = 2048 };

static const struct {
    model_field field;
    filter_field ff;
    const char *title, *shortname;
} cols[COL__COUNT] = {
    [COL_DOC] = {MF_DOC, FF_DOC, "Document", "document"},
    [COL_PROTO] = {MF_PROTO, FF_PROTO, "Proto", "proto"},
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
    return strpool_init(&m->pool) == 0 ? ST_OK : ST_NOMEM;
}

void model_free(model *m)
{
    strpool_free(&m->pool);
    free(m->rows);
    free(m->shown);
    free(m->hits);
    if (m->flt)
        filter_free(m->flt);
    memset(m, 0, sizeof *m);
}

void model_flow(const model *m, const model_row *r, db_flow *f)
{
    memset(f, 0, sizeof *f);
    f->id = r->id;
    f->line = r->line;
    f->document = model_str(m, r, MF_DOC);
    f->path = model_str(m, r, MF_PATH);
    f->product = model_str(m, r, MF_PRODUCT);
    f->section = model_str(m, r, MF_SECTION);
    f->source = model_str(m, r, MF_SRC);
    f->source_ports = model_str(m, r, MF_SPORT);
    f->destination = model_str(m, r, MF_DST);
    f->destination_ports = model_str(m, r, MF_DPORT);
    f->protocol = model_str(m, r, MF_PROTO);
    f->description = model_str(m, r, MF_DESC);
    f->requirement = model_str(m, r, MF_REQ);
    f->req_level = model_str(m, r, MF_LEVEL);
    f->direction = model_str(m, r, MF_DIR);
    f->marks = model_str(m, r, MF_MARKS);
    f->marked = r->marked;
}

/* ---- loading -------------------------------------------------------- */

typedef struct {
    strpool pool;
    model_row *rows;
    size_t n, cap;
    int oom;
} load_ctx;

static int load_cb(void *ctx, const db_flow *f)
{
    load_ctx *lc = ctx;
    if (lc->n == lc->cap) {
        size_t cap = lc->cap ? lc->cap * 2 : 1024;
        model_row *r = realloc(lc->rows, cap * sizeof *r);
        if (!r) {
            lc->oom = 1;
            return 1;
        }
        lc->rows = r;
        lc->cap = cap;
    }
    const char *s[MF__COUNT] = {
        [MF_DOC] = f->document, [MF_PATH] = f->path,
        [MF_PRODUCT] = f->product, [MF_SECTION] = f->section,
        [MF_SRC] = f->source, [MF_SPORT] = f->source_ports,
        [MF_DST] = f->destination, [MF_DPORT] = f->destination_ports,
        [MF_PROTO] = f->protocol, [MF_DESC] = f->description,
        [MF_REQ] = f->requirement, [MF_LEVEL] = f->req_level,
        [MF_DIR] = f->direction, [MF_MARKS] = f->marks,
    };
    model_row *r = &lc->rows[lc->n];
    memset(r, 0, sizeof *r);
    r->id = f->id;
    r->line = f->line;
    r->marked = f->marked != 0;
    for (int i = 0; i < MF__COUNT; i++) {
        r->str[i] = strpool_add(&lc->pool, s[i]);
        if (r->str[i] == STRPOOL_NONE) {
            lc->oom = 1;
            return 1;
        }
    }
    lc->n++;
    return 0;
}

static status apply(model *m, filter *f, int interruptible, uint32_t **out,
                    size_t *nout);

status model_load(model *m, const db_scope *scope, char *err, size_t errlen)
{
    load_ctx lc;
    memset(&lc, 0, sizeof lc);
    if (strpool_init(&lc.pool) != 0)
        return ST_NOMEM;
    status st = db_flows(m->d, scope, load_cb, &lc);
    if (lc.oom)
        st = ST_NOMEM;
    if (st != ST_OK && st != ST_STOP) {
        snprintf(err, errlen, "cannot read the flows: %s",
                 st == ST_NOMEM ? status_str(st) : db_error(m->d));
        strpool_free(&lc.pool);
        free(lc.rows);
        return st;
    }
    strpool_free(&m->pool);
    free(m->rows);
    m->pool = lc.pool;
    m->rows = lc.rows;
    m->nrows = lc.n;
    m->caprows = lc.cap;
    uint32_t *shown;
    size_t n;
    st = apply(m, m->flt, 0, &shown, &n);
    if (st != ST_OK) {
        /* The filter no longer runs (match limit): show every row. */
        if (m->flt)
            filter_free(m->flt);
        m->flt = NULL;
        st = apply(m, NULL, 0, &shown, &n);
        if (st != ST_OK) {
            free(m->shown);
            m->shown = NULL;
            m->nshown = 0;
            m->gen++;
            snprintf(err, errlen, "%s", status_str(st));
            return st;
        }
    }
    free(m->shown);
    m->shown = shown;
    m->nshown = n;
    model_sort(m, m->sort_col, m->sort_rev);
    return ST_OK;
}

/* ---- filtering and the port restriction ------------------------------ */

static int hit_cmp(const void *a, const void *b)
{
    long long x = ((const model_hit *)a)->id, y = ((const model_hit *)b)->id;
    return x < y ? -1 : x > y;
}

static const model_hit *hit_find(const model *m, long long id)
{
    model_hit key = {id, 0};
    return bsearch(&key, m->hits, m->nhits, sizeof key, hit_cmp);
}

/* The rows passing the port restriction and f, in row order, into a new
 * array. The previous shown list is left alone on any failure. */
static status apply(model *m, filter *f, int interruptible, uint32_t **out,
                    size_t *nout)
{
    uint32_t *shown = malloc((m->nrows ? m->nrows : 1) * sizeof *shown);
    size_t n = 0;
    if (!shown)
        return ST_NOMEM;
    for (size_t i = 0; i < m->nrows; i++) {
        model_row *r = &m->rows[i];
        if (interruptible && m->interrupt && i % CHECK_EVERY == CHECK_EVERY - 1
            && m->interrupt(m->interrupt_ctx)) {
            free(shown);
            return ST_STOP;
        }
        if (m->port) {
            const model_hit *h = hit_find(m, r->id);
            if (!h)
                continue;
            r->span = h->span;
        }
        if (f) {
            db_flow fl;
            status st = ST_OK;
            model_flow(m, r, &fl);
            int ok = filter_match(f, &fl, &st);
            if (st == ST_LIMIT) {
                free(shown);
                return ST_LIMIT;
            }
            if (!ok)
                continue;
        }
        shown[n++] = (uint32_t)i;
    }
    *out = shown;
    *nout = n;
    return ST_OK;
}

status model_filter(model *m, const char *text, int interruptible,
                    filter_error *err)
{
    filter *f = NULL;
    if (text && *text) {
        status st = filter_new(text, FILTER_EXPR, &f, err);
        if (st != ST_OK)
            return st;
        if (filter_needs_db(f)) {
            st = filter_bind(f, m->d);
            if (st != ST_OK) {
                snprintf(err->message, sizeof err->message, "%s",
                         db_error(m->d));
                err->col = 0;
                filter_free(f);
                return st;
            }
        }
    }
    uint32_t *shown;
    size_t n;
    status st = apply(m, f, interruptible, &shown, &n);
    if (st != ST_OK) {
        if (f)
            filter_free(f);
        return st;
    }
    if (m->flt)
        filter_free(m->flt);
    m->flt = f;
    free(m->shown);
    m->shown = shown;
    m->nshown = n;
    model_sort(m, m->sort_col, m->sort_rev);
    return ST_OK;
}

const char *model_filter_text(const model *m)
{
    return m->flt ? filter_text(m->flt) : "";
}

typedef struct {
    model_hit *hits;
    size_t n, cap;
    int oom;
} hits_ctx;

static int port_cb(void *ctx, const db_port_hit *h)
{
    hits_ctx *hc = ctx;
    if (hc->n == hc->cap) {
        size_t cap = hc->cap ? hc->cap * 2 : 256;
        model_hit *p = realloc(hc->hits, cap * sizeof *p);
        if (!p) {
            hc->oom = 1;
            return 1;
        }
        hc->hits = p;
        hc->cap = cap;
    }
    hc->hits[hc->n].id = h->flow->id;
    hc->hits[hc->n].span = h->span > 65536 ? 65536 : (int)h->span;
    hc->n++;
    return 0;
}

status model_port(model *m, int port, proto_t proto, long long *total)
{
    hits_ctx hc = {NULL, 0, 0, 0};
    if (port > 0) {
        status st = db_flows_by_port(m->d, port, proto, 0, port_cb, &hc);
        if (hc.oom)
            st = ST_NOMEM;
        if (st != ST_OK && st != ST_STOP) {
            free(hc.hits);
            return st;
        }
        /* A flow may come once per matching range: keep its narrowest. */
        qsort(hc.hits, hc.n, sizeof *hc.hits, hit_cmp);
        size_t w = 0;
        for (size_t i = 0; i < hc.n; i++) {
            if (w && hc.hits[w - 1].id == hc.hits[i].id) {
                if (hc.hits[i].span < hc.hits[w - 1].span)
                    hc.hits[w - 1].span = hc.hits[i].span;
                continue;
            }
            hc.hits[w++] = hc.hits[i];
        }
        hc.n = w;
    }
    model_hit *old_hits = m->hits;
    size_t old_n = m->nhits;
    int old_port = m->port;
    proto_t old_proto = m->port_proto;
    m->hits = hc.hits;
    m->nhits = hc.n;
    m->port = port > 0 ? port : 0;
    m->port_proto = port > 0 ? proto : PROTO_UNSPEC;
    for (size_t i = 0; i < m->nrows; i++)
        m->rows[i].span = 0;
    uint32_t *shown;
    size_t n;
    status st = apply(m, m->flt, 0, &shown, &n);
    if (st != ST_OK) {
        free(m->hits);
        m->hits = old_hits;
        m->nhits = old_n;
        m->port = old_port;
        m->port_proto = old_proto;
        return st;
    }
    free(old_hits);
    free(m->shown);
    m->shown = shown;
    m->nshown = n;
    if (total)
        *total = (long long)hc.n;
    model_sort(m, m->sort_col, m->sort_rev);
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

static int row_cmp(const model *m, uint32_t x, uint32_t y)
{
    const model_row *a = &m->rows[x], *b = &m->rows[y];
    int c = 0;
    if (m->sort_col == SORT_NATURAL) {
        if (m->port && a->span != b->span)
            c = a->span < b->span ? -1 : 1;
    } else {
        model_field f = cols[m->sort_col].field;
        /* Empty cells go last whichever the direction. */
        const char *sa = model_str(m, a, f), *sb = model_str(m, b, f);
        if (!*sa != !*sb)
            return *sa ? -1 : 1;
        c = natural_cmp(sa, sb);
    }
    if (m->sort_rev)
        c = -c;
    if (c == 0)
        c = x < y ? -1 : x > y;
    return c;
}

/* Stable merge sort of v[0..n) using tmp[0..n). */
static void merge_sort(const model *m, uint32_t *v, uint32_t *tmp, size_t n)
{
    if (n < 2)
        return;
    size_t h = n / 2;
    merge_sort(m, v, tmp, h);
    merge_sort(m, v + h, tmp, n - h);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n)
        tmp[k++] = row_cmp(m, v[j], v[i]) < 0 ? v[j++] : v[i++];
    while (i < h)
        tmp[k++] = v[i++];
    while (j < n)
        tmp[k++] = v[j++];
    memcpy(v, tmp, n * sizeof *v);
}

void model_sort(model *m, int col, int rev)
{
    m->sort_col = col >= 0 && col < COL__COUNT ? col : SORT_NATURAL;
    m->sort_rev = rev != 0;
    m->gen++;
    if (m->nshown < 2)
        return;
    if (m->sort_col == SORT_NATURAL && !m->port) {
        /* Document order is row order: apply() makes it ascending, so a
         * reversal or nothing at all is enough. */
        int up = 1, down = 1;
        for (size_t i = 1; i < m->nshown && (up || down); i++) {
            up &= m->shown[i - 1] < m->shown[i];
            down &= m->shown[i - 1] > m->shown[i];
        }
        if ((up && m->sort_rev) || (down && !m->sort_rev))
            for (size_t i = 0, j = m->nshown - 1; i < j; i++, j--) {
                uint32_t t = m->shown[i];
                m->shown[i] = m->shown[j];
                m->shown[j] = t;
            }
        if (up || down)
            return;
    }
    uint32_t *tmp = malloc(m->nshown * sizeof *tmp);
    if (!tmp)
        return; /* left unsorted: still every row */
    merge_sort(m, m->shown, tmp, m->nshown);
    free(tmp);
}

/* ---- marks -------------------------------------------------------------- */

long model_find(const model *m, long long id)
{
    for (size_t i = 0; i < m->nshown; i++)
        if (m->rows[m->shown[i]].id == id)
            return (long)i;
    return -1;
}

status model_mark(model *m, size_t i, int on)
{
    if (i >= m->nshown)
        return ST_NOTFOUND;
    model_row *r = model_at(m, i);
    status st = db_mark_set(m->d, r->id, on);
    if (st == ST_OK)
        r->marked = on != 0;
    return st;
}

void model_set_marked(model *m, long long id, int on)
{
    for (size_t i = 0; i < m->nrows; i++)
        if (m->rows[i].id == id)
            m->rows[i].marked = on != 0;
}
