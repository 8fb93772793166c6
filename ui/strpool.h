/* strpool.h - interned strings for the explorer's flow list.
 *
 * A flow list of a million rows repeats the same device, protocol and
 * document names over and over; the pool keeps each distinct string once
 * in one growing buffer and hands out 32-bit offsets. Offsets stay valid
 * until strpool_free (the buffer moves, so never keep a pointer across an
 * add). Offset 0 is always "". */
#ifndef PORTOLAN_UI_STRPOOL_H
#define PORTOLAN_UI_STRPOOL_H

#include <stddef.h>
#include <stdint.h>

#define STRPOOL_NONE UINT32_MAX

typedef struct {
    char *buf;
    size_t len, cap;
    uint32_t *slots;   /* open addressing: offset + 1, 0 = empty */
    size_t nslots, count;
} strpool;

/* Returns 0, or -1 on out-of-memory. */
int strpool_init(strpool *p);
void strpool_free(strpool *p);
/* Offset of s, added if new; STRPOOL_NONE on out-of-memory. NULL is "". */
uint32_t strpool_add(strpool *p, const char *s);

static inline const char *strpool_get(const strpool *p, uint32_t off)
{
    return p->buf + off;
}

#endif
