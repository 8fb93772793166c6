/* rules_legs.c - joining a rule's legs: two legs with the same source ports
 * become one (their destination ports add up), and two with the same
 * destination ports too (source ports add up; no source ports means any,
 * which absorbs the others).
 *
 * What the result is was defined by a scan that, after every join,
 * started again from the first leg: the first leg with a later partner
 * takes in its first partner. The order of joins decides the legs, so this
 * file makes the same joins in the same order without starting again:
 * legs sit in buckets by their source ports and by their destination
 * ports, and a bucket gives its lowest leg from a heap.
 *
 * Walking leg i: its lowest partner c (in either bucket) is later than i
 * unless i just changed. c > i: i takes in c. c < i: no leg before c has a
 * partner (only i changed), so the scan would have had c take in i; then c
 * changed, so walk c. No partner: every leg up to the furthest one walked
 * is settled, go on after it. No SQL, no printing. */
#include <stdlib.h>
#include <string.h>
#include "rules_int.h"

typedef struct {
    size_t id;
    unsigned ver;         /* the leg's version of that side when pushed */
} entry;

typedef struct {
    int dst;              /* which side the key is */
    port_span *key;       /* a copy */
    size_t nkey;
    entry *heap;          /* min-heap by id; stale entries dropped lazily */
    size_t n, cap;
} bucket;

typedef struct {
    size_t bucket[2];     /* by side: 0 source ports, 1 destination */
    unsigned ver[2];
    int alive;
} leg_state;

typedef struct {
    builder *b;
    rules_leg *legs;
    leg_state *st;
    bucket *bk;
    size_t nbk;
    hidx ix;
} merger;

static const port_span *side_of(const rules_leg *l, int dst, size_t *n)
{
    *n = dst ? l->ndport : l->nsport;
    return dst ? l->dport : l->sport;
}

static uint64_t spans_hash(int dst, const port_span *v, size_t n)
{
    uint64_t h = hidx_mix(HIDX_SEED, (uint64_t)dst);
    for (size_t i = 0; i < n; i++)
        h = hidx_mix(hidx_mix(hidx_mix(h, (uint64_t)v[i].lo),
                              (uint64_t)v[i].hi),
                     (uint64_t)v[i].parity);
    return h;
}

/* ---- heaps -------------------------------------------------------------- */

static void heap_push(merger *m, bucket *k, entry e)
{
    if (k->n == k->cap) {
        size_t cap = k->cap ? k->cap * 2 : 4;
        entry *h = realloc(k->heap, cap * sizeof *h);
        if (!h) {
            m->b->oom = 1;
            return;
        }
        k->heap = h;
        k->cap = cap;
    }
    size_t i = k->n++;
    for (; i && k->heap[(i - 1) / 2].id > e.id; i = (i - 1) / 2)
        k->heap[i] = k->heap[(i - 1) / 2];
    k->heap[i] = e;
}

static entry heap_pop(bucket *k)
{
    entry top = k->heap[0], last = k->heap[--k->n];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= k->n)
            break;
        if (c + 1 < k->n && k->heap[c + 1].id < k->heap[c].id)
            c++;
        if (k->heap[c].id >= last.id)
            break;
        k->heap[i] = k->heap[c];
        i = c;
    }
    if (k->n)
        k->heap[i] = last;
    return top;
}

/* Drop entries of legs gone or moved from the top of k. */
static void heap_clean(const merger *m, bucket *k)
{
    while (k->n) {
        const entry *e = &k->heap[0];
        const leg_state *s = &m->st[e->id];
        if (s->alive && s->ver[k->dst] == e->ver)
            break;
        heap_pop(k);
    }
}

/* The lowest leg in bucket k other than i, or (size_t)-1. */
static size_t lowest_other(merger *m, size_t k, size_t i)
{
    bucket *x = &m->bk[k];
    heap_clean(m, x);
    if (!x->n)
        return (size_t)-1;
    if (x->heap[0].id != i)
        return x->heap[0].id;
    entry self = heap_pop(x);
    heap_clean(m, x);
    size_t r = x->n ? x->heap[0].id : (size_t)-1;
    heap_push(m, x, self);
    return r;
}

/* ---- buckets ------------------------------------------------------------ */

/* Put leg i into the bucket of its ports on side dst (a new version). */
static void place(merger *m, size_t i, int dst)
{
    size_t n, v;
    const port_span *key = side_of(&m->legs[i], dst, &n);
    uint64_t h = spans_hash(dst, key, n);
    size_t k = m->nbk;
    for (size_t pos = 0; k == m->nbk && hidx_next(&m->ix, h, &pos, &v);)
        if (m->bk[v].dst == dst &&
            port_spans_equal(m->bk[v].key, m->bk[v].nkey, key, n))
            k = v;
    if (k == m->nbk) {
        bucket x = {.dst = dst, .nkey = n};
        if (n && !(x.key = malloc(n * sizeof *key))) {
            m->b->oom = 1;
            return;
        }
        if (n)
            memcpy(x.key, key, n * sizeof *key);
        size_t had = m->nbk;
        PUSH(m->b, m->bk, m->nbk, x);
        if (had == m->nbk || hidx_add(&m->ix, h, k) != ST_OK) {
            if (had == m->nbk)
                free(x.key);
            m->b->oom = 1;
            return;
        }
    }
    leg_state *s = &m->st[i];
    s->bucket[dst] = k;
    heap_push(m, &m->bk[k], (entry){i, ++s->ver[dst]});
}

/* ---- joining ------------------------------------------------------------ */

/* Leg x takes in leg y, as the scan did. */
static void join(merger *m, size_t xi, size_t yi)
{
    builder *b = m->b;
    rules_leg *x = &m->legs[xi], *y = &m->legs[yi];
    int same_s = port_spans_equal(x->sport, x->nsport, y->sport, y->nsport);
    port_span **into = same_s ? &x->dport : &x->sport;
    size_t *nin = same_s ? &x->ndport : &x->nsport;
    const port_span *from = same_s ? y->dport : y->sport;
    size_t nfrom = same_s ? y->ndport : y->nsport;
    if (!same_s && (x->nsport == 0 || y->nsport == 0)) {
        free(x->sport); /* one matches any source port */
        x->sport = NULL;
        x->nsport = 0;
    } else {
        for (size_t k = 0; k < nfrom; k++)
            PUSH(b, *into, *nin, from[k]);
        if (port_spans_coalesce(into, nin, 0) != ST_OK)
            b->oom = 1;
    }
    free(y->sport);
    free(y->dport);
    y->sport = y->dport = NULL;
    m->st[yi].alive = 0;
    place(m, xi, same_s ? 1 : 0);
}

/* The lowest leg sharing a bucket with i, or (size_t)-1. */
static size_t partner(merger *m, size_t i)
{
    size_t a = lowest_other(m, m->st[i].bucket[0], i);
    size_t c = lowest_other(m, m->st[i].bucket[1], i);
    return a < c ? a : c;
}

static void walk(merger *m, size_t n)
{
    size_t i = 0, frontier = 0;
    while (i < n && !m->b->oom) {
        size_t c = partner(m, i);
        if (c == (size_t)-1) {
            i = i + 1 > frontier ? i + 1 : frontier;
            while (i < n && !m->st[i].alive)
                i++;
        } else if (c > i) {
            join(m, i, c);
        } else {
            if (frontier < i + 1)
                frontier = i + 1;
            join(m, c, i);
            i = c;
        }
    }
}

void rb_merge_legs(builder *b, rules_rule *r)
{
    size_t n = r->nlegs;
    if (n < 2 || b->oom)
        return;
    merger m = {.b = b, .legs = r->legs};
    if (!(m.st = calloc(n, sizeof *m.st))) {
        b->oom = 1;
        return;
    }
    for (size_t i = 0; i < n && !b->oom; i++) {
        m.st[i].alive = 1;
        place(&m, i, 0);
        place(&m, i, 1);
    }
    if (!b->oom)
        walk(&m, n);
    size_t at = 0;
    for (size_t i = 0; i < n; i++)
        if (m.st[i].alive)
            r->legs[at++] = r->legs[i];
    r->nlegs = at;
    for (size_t k = 0; k < m.nbk; k++)
        free(m.bk[k].key), free(m.bk[k].heap);
    free(m.bk);
    hidx_free(&m.ix);
    free(m.st);
}
