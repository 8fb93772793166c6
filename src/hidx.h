/* hidx.h - a hash index: finds items by their hash among items the caller
 * keeps in its own array.
 *
 * The index stores (hash, value) pairs, the value usually an index into
 * the caller's array. The caller checks each candidate under a hash for
 * equality itself, so one index serves any key (strings, tuples of ids,
 * span lists) without copying keys, and a key may be stored more than
 * once. Open addressing, grown at half full; nothing is ever removed.
 *
 * Use:
 *     for (size_t pos = 0, v; hidx_next(&ix, h, &pos, &v);)
 *         if (same(items[v], key)) return v;
 *     hidx_add(&ix, h, n_items);   // then append the item
 *
 * A zeroed hidx is an empty index; hidx_free releases it. No printing. */
#ifndef PORTOLAN_HIDX_H
#define PORTOLAN_HIDX_H

#include <stddef.h>
#include <stdint.h>
#include "status.h"

typedef struct {
    struct hidx_slot *slot;
    size_t nslot, n;      /* nslot a power of two or 0 */
} hidx;

#define HIDX_SEED 14695981039104346037ull

/* FNV-1a of one more byte. */
static inline uint64_t hidx_byte(uint64_t h, unsigned char c)
{
    return (h ^ c) * 1099511628211ull;
}

/* The hash of n bytes, taken from the last byte to the first: hashing a
 * string from its end passes through the hash of each of its suffixes. */
uint64_t hidx_hash(const void *p, size_t n);
/* h mixed with an integer (a tuple key: hash each part in turn). */
uint64_t hidx_mix(uint64_t h, uint64_t v);

/* The values stored under h, one a call: *pos 0 to start; returns 1 and
 * sets *val, or 0 after the last. */
int hidx_next(const hidx *x, uint64_t h, size_t *pos, size_t *val);
/* Store val under h. ST_NOMEM leaves the index as it was. */
status hidx_add(hidx *x, uint64_t h, size_t val);
void hidx_free(hidx *x);

#endif
