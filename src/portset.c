/* portset.c - port sets as 65536 bits, read back as spans. */
#include <stdlib.h>
#include <string.h>
#include "portset.h"

#define LAST (PORTSET_PORTS - 1)

void portset_clear(portset *s)
{
    memset(s, 0, sizeof *s);
}

static void set_bit(portset *s, int p)
{
    s->w[p >> 6] |= (uint64_t)1 << (p & 63);
}

int portset_has(const portset *s, int port)
{
    if (port < 0 || port > LAST)
        return 0;
    return (int)((s->w[port >> 6] >> (port & 63)) & 1);
}

void portset_add(portset *s, int lo, int hi, parity_t parity)
{
    if (lo < 0)
        lo = 0;
    if (hi > LAST)
        hi = LAST;
    if (parity == PARITY_EVEN && (lo & 1))
        lo++;
    if (parity == PARITY_ODD && !(lo & 1))
        lo++;
    int step = parity == PARITY_ALL ? 1 : 2;
    for (int p = lo; p <= hi; p += step) {
        /* Whole words at a time for the wide ranges (1024-65535). */
        if (step == 1 && (p & 63) == 0 && p + 63 <= hi) {
            s->w[p >> 6] = ~(uint64_t)0;
            p += 63;
            continue;
        }
        set_bit(s, p);
    }
}

void portset_add_spans(portset *s, const port_span *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        portset_add(s, v[i].lo, v[i].hi, v[i].parity);
}

int portset_is_empty(const portset *s)
{
    for (size_t i = 0; i < sizeof s->w / sizeof s->w[0]; i++)
        if (s->w[i])
            return 0;
    return 1;
}

int portset_is_full(const portset *s)
{
    for (size_t i = 0; i < sizeof s->w / sizeof s->w[0]; i++)
        if (s->w[i] != ~(uint64_t)0)
            return 0;
    return 1;
}

/* The next set port at or after p, looking no further than the word of
 * last, or -1. */
static int next_set(const portset *s, int p, int last)
{
    while (p <= last) {
        uint64_t w = s->w[p >> 6] >> (p & 63);
        if (w)
            return p + __builtin_ctzll(w);
        p = (p | 63) + 1;
    }
    return -1;
}

/* The last port of the run of set ports starting at p (p is set). */
static int run_end(const portset *s, int p)
{
    while (p < LAST) {
        uint64_t w = ~s->w[(p + 1) >> 6] >> ((p + 1) & 63);
        if (w)
            return p + __builtin_ctzll(w);
        p = ((p + 1) | 63);
    }
    return LAST;
}

typedef struct {
    port_span *v;
    size_t n, cap;
} span_vec;

static int push(span_vec *sv, int lo, int hi, parity_t parity)
{
    if (sv->n == sv->cap) {
        size_t cap = sv->cap ? sv->cap * 2 : 8;
        port_span *v = realloc(sv->v, cap * sizeof *v);
        if (!v)
            return 0;
        sv->v = v;
        sv->cap = cap;
    }
    sv->v[sv->n++] = (port_span){lo, hi, parity};
    return 1;
}

/* portset_spans over the words from the one of first to the one of
 * last (the set is empty outside them, and the word after them is clear
 * or past the end). */
static status spans_in(const portset *s, int parity_runs, int first,
                       int last, port_span **v, size_t *n)
{
    span_vec sv = {0};
    int p = next_set(s, first, last);
    while (p >= 0) {
        int q = p;
        parity_t par = PARITY_ALL;
        if (portset_has(s, p + 1)) {
            q = run_end(s, p);
        } else if (parity_runs) {
            /* Every other port: extend while the next but one is set and
             * does not start a run of its own. */
            int r = p;
            while (portset_has(s, r + 2) && !portset_has(s, r + 3))
                r += 2;
            if ((r - p) / 2 + 1 >= 3) {
                q = r;
                par = (p & 1) ? PARITY_ODD : PARITY_EVEN;
            }
        }
        if (!push(&sv, p, q, par)) {
            free(sv.v);
            *v = NULL;
            *n = 0;
            return ST_NOMEM;
        }
        p = q + 1 <= LAST ? next_set(s, q + 1, last) : -1;
    }
    /* a worksheet keeps a million of these: no room to spare */
    port_span *fit = sv.n ? realloc(sv.v, sv.n * sizeof *sv.v) : NULL;
    *v = fit ? fit : sv.v;
    *n = sv.n;
    return ST_OK;
}

status portset_spans(const portset *s, int parity_runs, port_span **v,
                     size_t *n)
{
    return spans_in(s, parity_runs, 0, LAST, v, n);
}

static int span_cmp(const void *pa, const void *pb)
{
    const port_span *a = pa, *b = pb;
    return (a->lo > b->lo) - (a->lo < b->lo);
}

/* Without parity the spans read back are whole runs: sorting and joining
 * overlapping or adjacent spans gives them without a set (8 KiB to clear
 * and scan a call: the cost of a worksheet's every leg). */
static status coalesce_whole(port_span **v, size_t *n)
{
    port_span *out = malloc(*n * sizeof *out);
    size_t m = 0;
    if (!out)
        return ST_NOMEM;
    for (size_t i = 0; i < *n; i++) {
        int lo = (*v)[i].lo < 0 ? 0 : (*v)[i].lo;
        int hi = (*v)[i].hi > LAST ? LAST : (*v)[i].hi;
        if (lo <= hi)
            out[m++] = (port_span){lo, hi, PARITY_ALL};
    }
    qsort(out, m, sizeof *out, span_cmp);
    size_t k = 0;
    for (size_t i = 0; i < m; i++) {
        if (k && out[i].lo <= out[k - 1].hi + 1) {
            if (out[i].hi > out[k - 1].hi)
                out[k - 1].hi = out[i].hi;
        } else {
            out[k++] = out[i];
        }
    }
    if (!k) {
        free(out);
        out = NULL;
    } else if (k < m) {
        port_span *fit = realloc(out, k * sizeof *out);
        out = fit ? fit : out;
    }
    free(*v);
    *v = out;
    *n = k;
    return ST_OK;
}

status port_spans_coalesce(port_span **v, size_t *n, int parity_runs)
{
    if (*n == 0)
        return ST_OK;
    if (!parity_runs)
        return coalesce_whole(v, n);
    /* Only the words the spans reach (and one after, where a run
     * read back stops) are cleared and read: a rule's few ports do not
     * pay for all 8 KiB. */
    int lo = LAST, hi = 0;
    for (size_t i = 0; i < *n; i++) {
        lo = (*v)[i].lo < lo ? (*v)[i].lo : lo;
        hi = (*v)[i].hi > hi ? (*v)[i].hi : hi;
    }
    lo = lo < 0 ? 0 : lo > LAST ? LAST : lo;
    hi = hi > LAST ? LAST : hi < lo ? lo : hi;
    int w0 = lo >> 6, w1 = (hi >> 6) + 1 < PORTSET_PORTS / 64 ? (hi >> 6) + 1
                                                             : hi >> 6;
    portset *s = malloc(sizeof *s);
    if (!s)
        return ST_NOMEM;
    memset(&s->w[w0], 0, (size_t)(w1 - w0 + 1) * sizeof s->w[0]);
    for (size_t i = 0; i < *n; i++)
        portset_add(s, (*v)[i].lo, (*v)[i].hi,
                    parity_runs ? (*v)[i].parity : PARITY_ALL);
    port_span *out;
    size_t m;
    status st = spans_in(s, parity_runs, w0 * 64, w1 * 64 + 63, &out, &m);
    free(s);
    if (st != ST_OK)
        return st;
    free(*v);
    *v = out;
    *n = m;
    return ST_OK;
}

int port_spans_equal(const port_span *a, size_t na, const port_span *b,
                     size_t nb)
{
    if (na != nb)
        return 0;
    for (size_t i = 0; i < na; i++)
        if (a[i].lo != b[i].lo || a[i].hi != b[i].hi ||
            a[i].parity != b[i].parity)
            return 0;
    return 1;
}
