/* strpool.c - string interning with an open-addressing hash of offsets. */
#include <stdlib.h>
#include <string.h>
#include "strpool.h"

static uint32_t hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static int rehash(strpool *p, size_t nslots)
{
    uint32_t *slots = calloc(nslots, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < p->nslots; i++) {
        uint32_t v = p->slots[i];
        if (!v)
            continue;
        const char *s = p->buf + v - 1;
        size_t j = hash(s, strlen(s)) & (nslots - 1);
        while (slots[j])
            j = (j + 1) & (nslots - 1);
        slots[j] = v;
    }
    free(p->slots);
    p->slots = slots;
    p->nslots = nslots;
    return 0;
}

int strpool_init(strpool *p)
{
    memset(p, 0, sizeof *p);
    p->cap = 4096;
    p->buf = malloc(p->cap);
    if (!p->buf || rehash(p, 1024) != 0) {
        strpool_free(p);
        return -1;
    }
    p->buf[0] = '\0';
    p->len = 1;
    return 0;
}

void strpool_free(strpool *p)
{
    free(p->buf);
    free(p->slots);
    memset(p, 0, sizeof *p);
}

uint32_t strpool_add(strpool *p, const char *s)
{
    if (!s || !*s)
        return 0;
    size_t n = strlen(s);
    uint32_t h = hash(s, n);
    size_t j = h & (p->nslots - 1);
    for (; p->slots[j]; j = (j + 1) & (p->nslots - 1))
        if (strcmp(p->buf + p->slots[j] - 1, s) == 0)
            return p->slots[j] - 1;
    if (p->len + n + 1 > (size_t)UINT32_MAX - 1)
        return STRPOOL_NONE;
    if (p->len + n + 1 > p->cap) {
        size_t cap = p->cap;
        while (p->len + n + 1 > cap)
            cap *= 2;
        char *b = realloc(p->buf, cap);
        if (!b)
            return STRPOOL_NONE;
        p->buf = b;
        p->cap = cap;
    }
    uint32_t off = (uint32_t)p->len;
    memcpy(p->buf + off, s, n + 1);
    p->len += n + 1;
    p->slots[j] = off + 1;
    p->count++;
    if (p->count * 2 > p->nslots && rehash(p, p->nslots * 2) != 0)
        return STRPOOL_NONE;
    return off;
}
