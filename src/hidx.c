/* hidx.c - the hash index of hidx.h: linear probing over slots of (hash,
 * value + 1), 0 meaning empty. */
#include <stdlib.h>
#include "hidx.h"

struct hidx_slot {
    uint64_t h;
    size_t v1;            /* value + 1; 0: empty */
};

uint64_t hidx_hash(const void *p, size_t n)
{
    const unsigned char *s = p;
    uint64_t h = HIDX_SEED;
    while (n--)
        h = hidx_byte(h, s[n]);
    return h;
}

uint64_t hidx_mix(uint64_t h, uint64_t v)
{
    for (int i = 0; i < 8; i++, v >>= 8)
        h = hidx_byte(h, (unsigned char)v);
    return h;
}

/* FNV's low bits are weak: spread the hash over the slots (Fibonacci). */
static size_t home(size_t nslot, uint64_t h)
{
    return (size_t)((h * 0x9E3779B97F4A7C15ull) >> 32) & (nslot - 1);
}

int hidx_next(const hidx *x, uint64_t h, size_t *pos, size_t *val)
{
    if (!x->nslot)
        return 0;
    for (size_t k = home(x->nslot, h) + *pos;; k++, ++*pos) {
        const struct hidx_slot *s = &x->slot[k & (x->nslot - 1)];
        if (!s->v1)
            return 0;
        if (s->h == h) {
            ++*pos;
            *val = s->v1 - 1;
            return 1;
        }
    }
}

static void put(struct hidx_slot *slot, size_t nslot, uint64_t h, size_t v1)
{
    size_t k = home(nslot, h);
    while (slot[k].v1)
        k = (k + 1) & (nslot - 1);
    slot[k] = (struct hidx_slot){h, v1};
}

status hidx_add(hidx *x, uint64_t h, size_t val)
{
    if ((x->n + 1) * 2 > x->nslot) {
        size_t n = x->nslot ? x->nslot * 2 : 16;
        struct hidx_slot *s = calloc(n, sizeof *s);
        if (!s)
            return ST_NOMEM;
        for (size_t i = 0; i < x->nslot; i++)
            if (x->slot[i].v1)
                put(s, n, x->slot[i].h, x->slot[i].v1);
        free(x->slot);
        x->slot = s;
        x->nslot = n;
    }
    put(x->slot, x->nslot, h, val + 1);
    x->n++;
    return ST_OK;
}

void hidx_free(hidx *x)
{
    free(x->slot);
    *x = (hidx){0};
}
