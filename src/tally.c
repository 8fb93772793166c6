/* tally.c - flows per section and per device over a flowtab (tally.h).
 * The devices view follows db_devices' SQL (db/read.c) rule for rule:
 * the names, each name's group (the shortest other name covering it,
 * the binary-smaller of equal length), the counts and the order. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "tally.h"

static int pair_cmp(const void *a, const void *b)
{
    long long x = ((const tally_pair *)a)->id, y = ((const tally_pair *)b)->id;
    return (x > y) - (x < y);
}

status tally_sections(const flowtab *t, tally_pair **out, size_t *n)
{
    size_t cap = 0, k = 0;
    for (size_t g = 0; g < t->nseg; g++)
        cap += t->seg[g].places.n;
    tally_pair *v = calloc(cap ? cap : 1, sizeof *v);
    long long *count = NULL;
    if (!v)
        return ST_NOMEM;
    for (size_t g = 0; g < t->nseg; g++) {
        const ft_segment *s = &t->seg[g];
        count = calloc(s->places.n ? s->places.n : 1, sizeof *count);
        if (!count) {
            free(v);
            return ST_NOMEM;
        }
        for (size_t r = 0; r < s->nrows; r++)
            count[ft_place(s, r)]++;
        for (uint32_t p = 0; p < s->places.n; p++)
            v[k++] = (tally_pair){s->places.section[p], count[p]};
        free(count);
    }
    qsort(v, k, sizeof *v, pair_cmp);
    /* A section is in one document, but be safe: add up repeats. */
    size_t w = 0;
    for (size_t i = 0; i < k; i++) {
        if (w && v[w - 1].id == v[i].id)
            v[w - 1].n += v[i].n;
        else
            v[w++] = v[i];
    }
    *out = v;
    *n = w;
    return ST_OK;
}

long long tally_get(const tally_pair *v, size_t n, long long id)
{
    tally_pair key = {id, 0};
    const tally_pair *p = bsearch(&key, v, n, sizeof key, pair_cmp);
    return p ? p->n : 0;
}

/* ---- devices -------------------------------------------------------------- */

typedef struct {
    const char *name;     /* points into the flowtab */
    size_t len;
    uint32_t root;        /* its group's name */
    long long own, grp;   /* flows of this name; of the group it heads */
} dev;

typedef struct {
    dev *v;
    size_t n, cap;
    uint32_t *slot;       /* exact name -> index + 1 */
    uint32_t *lslot;      /* lower-case name -> first index + 1 */
    uint32_t *lnext;      /* next index with the same lower-case name + 1 */
    size_t nslot;
} devs;

static uint32_t hash(const char *s, size_t n, int fold)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (fold && c >= 'A' && c <= 'Z')
            c += 'a' - 'A';
        h = (h ^ c) * 16777619u;
    }
    return h;
}

static int rehash(devs *d)
{
    size_t n = d->nslot ? d->nslot * 2 : 1024;
    uint32_t *slot = calloc(n, sizeof *slot);
    if (!slot)
        return -1;
    for (size_t i = 0; i < d->n; i++) {
        size_t k = hash(d->v[i].name, d->v[i].len, 0) & (n - 1);
        while (slot[k])
            k = (k + 1) & (n - 1);
        slot[k] = (uint32_t)i + 1;
    }
    free(d->slot);
    d->slot = slot;
    d->nslot = n;
    return 0;
}

/* The index of name, added if new; -1 on OOM. */
static long add_name(devs *d, const char *name)
{
    size_t len = strlen(name);
    if (d->n * 2 >= d->nslot && rehash(d))
        return -1;
    size_t k = hash(name, len, 0) & (d->nslot - 1);
    for (; d->slot[k]; k = (k + 1) & (d->nslot - 1)) {
        const dev *x = &d->v[d->slot[k] - 1];
        if (x->len == len && memcmp(x->name, name, len) == 0)
            return (long)d->slot[k] - 1;
    }
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 256;
        dev *v = realloc(d->v, cap * sizeof *v);
        if (!v)
            return -1;
        d->v = v;
        d->cap = cap;
    }
    d->v[d->n] = (dev){name, len, (uint32_t)d->n, 0, 0};
    d->slot[k] = (uint32_t)d->n + 1;
    return (long)d->n++;
}

/* Chains of names equal but for ASCII case. */
static int fold_index(devs *d)
{
    d->lslot = calloc(d->nslot, sizeof *d->lslot);
    d->lnext = calloc(d->n ? d->n : 1, sizeof *d->lnext);
    if (!d->lslot || !d->lnext)
        return -1;
    for (size_t i = 0; i < d->n; i++) {
        size_t k = hash(d->v[i].name, d->v[i].len, 1) & (d->nslot - 1);
        for (; d->lslot[k]; k = (k + 1) & (d->nslot - 1)) {
            const dev *x = &d->v[d->lslot[k] - 1];
            if (x->len == d->v[i].len &&
                strncasecmp(x->name, d->v[i].name, x->len) == 0)
                break;
        }
        d->lnext[i] = d->lslot[k];
        d->lslot[k] = (uint32_t)i + 1;
    }
    return 0;
}

/* The first of the names that equal s[0, n) but for case. */
static uint32_t folded(const devs *d, const char *s, size_t n)
{
    size_t k = hash(s, n, 1) & (d->nslot - 1);
    for (; d->lslot[k]; k = (k + 1) & (d->nslot - 1)) {
        const dev *x = &d->v[d->lslot[k] - 1];
        if (x->len == n && strncasecmp(x->name, s, n) == 0)
            return d->lslot[k];
    }
    return 0;
}

/* db_devices' map: the shortest other name covering a, the smallest in
 * binary of those as long, and only one shorter or binary-smaller than
 * a; else a itself. A name covering a is a prefix of it, ignoring case,
 * ending where a ends or before a space or "(". */
static void find_root(devs *d, uint32_t a)
{
    const dev *x = &d->v[a];
    for (size_t k = 1; k <= x->len; k++) {
        if (k < x->len && x->name[k] != ' ' && x->name[k] != '(')
            continue;
        uint32_t best = UINT32_MAX;
        for (uint32_t i = folded(d, x->name, k); i; i = d->lnext[i - 1]) {
            uint32_t b = i - 1;
            const dev *y = &d->v[b];
            if (b == a || !(y->len < x->len || strcmp(y->name, x->name) < 0))
                continue;
            if (best == UINT32_MAX || strcmp(y->name, d->v[best].name) < 0)
                best = b;
        }
        if (best != UINT32_MAX) {
            d->v[a].root = best;
            return;
        }
    }
}

/* SQLite's COLLATE NOCASE: ASCII folded, then by length. */
static int nocase(const dev *a, const dev *b)
{
    size_t n = a->len < b->len ? a->len : b->len;
    int c = strncasecmp(a->name, b->name, n);
    if (c)
        return c;
    return (a->len > b->len) - (a->len < b->len);
}

static int binary(const dev *a, const dev *b)
{
    size_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->name, b->name, n);
    if (c)
        return c;
    return (a->len > b->len) - (a->len < b->len);
}

static const devs *order_devs; /* qsort has no context argument */

/* ORDER BY root NOCASE, root, root <> name, name NOCASE, name. */
static int dev_order(const void *pa, const void *pb)
{
    const dev *v = order_devs->v;
    const dev *a = &v[*(const uint32_t *)pa], *b = &v[*(const uint32_t *)pb];
    const dev *ra = &v[a->root], *rb = &v[b->root];
    int c = nocase(ra, rb);
    if (!c)
        c = binary(ra, rb);
    if (!c)
        c = (ra != a) - (rb != b);
    if (!c)
        c = nocase(a, b);
    if (!c)
        c = binary(a, b);
    return c;
}

/* Per segment, the name index of each string of a column (-1: ""). */
static long *name_map(devs *d, const ft_column *c)
{
    long *m = malloc((c->nstr ? c->nstr : 1) * sizeof *m);
    for (uint32_t i = 0; m && i < c->nstr; i++) {
        const char *s = ft_string(c, i);
        m[i] = *s ? add_name(d, s) : -1;
        if (*s && m[i] < 0) {
            free(m);
            return NULL;
        }
    }
    return m;
}

status tally_devices(const flowtab *t, db_device_cb cb, void *ctx)
{
    devs d;
    memset(&d, 0, sizeof d);
    status st = ST_OK;
    long **maps = calloc(t->nseg * 2 + 1, sizeof *maps);
    if (!maps)
        return ST_NOMEM;
    for (size_t g = 0; g < t->nseg && st == ST_OK; g++) {
        maps[2 * g] = name_map(&d, &t->seg[g].col[FT_SRC]);
        maps[2 * g + 1] = name_map(&d, &t->seg[g].col[FT_DST]);
        if (!maps[2 * g] || !maps[2 * g + 1])
            st = ST_NOMEM;
    }
    if (st == ST_OK && d.n && fold_index(&d))
        st = ST_NOMEM;
    for (size_t i = 0; st == ST_OK && i < d.n; i++)
        find_root(&d, (uint32_t)i);
    /* A flow counts once per name and once per group, even when both
     * its ends have it. */
    for (size_t g = 0; st == ST_OK && g < t->nseg; g++) {
        const ft_segment *s = &t->seg[g];
        for (size_t r = 0; r < s->nrows; r++) {
            long a = maps[2 * g][ft_index(&s->col[FT_SRC], r)];
            long b = maps[2 * g + 1][ft_index(&s->col[FT_DST], r)];
            if (a >= 0)
                d.v[a].own++;
            if (b >= 0 && b != a)
                d.v[b].own++;
            long ra = a >= 0 ? (long)d.v[a].root : -1;
            long rb = b >= 0 ? (long)d.v[b].root : -1;
            if (ra >= 0)
                d.v[ra].grp++;
            if (rb >= 0 && rb != ra)
                d.v[rb].grp++;
        }
    }
    uint32_t *order = st == ST_OK ? malloc((d.n ? d.n : 1) * sizeof *order)
                                  : NULL;
    if (st == ST_OK && !order)
        st = ST_NOMEM;
    if (st == ST_OK) {
        for (size_t i = 0; i < d.n; i++)
            order[i] = (uint32_t)i;
        order_devs = &d;
        qsort(order, d.n, sizeof *order, dev_order);
    }
    for (size_t i = 0; st == ST_OK && i < d.n; i++) {
        const dev *x = &d.v[order[i]];
        int head = x->root == order[i];
        db_device out = {x->name, head ? x->grp : x->own,
                         head ? "" : d.v[x->root].name};
        if (cb(ctx, &out))
            st = ST_STOP;
    }
    free(order);
    for (size_t i = 0; i < t->nseg * 2; i++)
        free(maps[i]);
    free(maps);
    free(d.v);
    free(d.slot);
    free(d.lslot);
    free(d.lnext);
    return st;
}
