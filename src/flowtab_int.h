/* flowtab_int.h - the stored segment's format, shared by flowtab.c (which
 * writes and loads it whole) and flowtab_parts.c (which reads it part by
 * part). Private to src/flowtab*.c.
 *
 * The blob: a header, the ids (unless contiguous), the lines, the places,
 * then per column its dictionary and its row indexes; every part starts
 * on an 8-byte boundary so the loaded segment points straight into it.
 * Native byte order: the magic number tells a foreign one, which then
 * reads as damaged and is rebuilt. */
#ifndef PORTOLAN_FLOWTAB_INT_H
#define PORTOLAN_FLOWTAB_INT_H

#include <stddef.h>
#include <stdint.h>
#include "flowtab.h"

#define FT_MAGIC 0x31544650u /* "PFT1" */
#define FT_VERSION ((uint32_t)FT_FORMAT)
#define FT_CONTIGUOUS 1u     /* flags: ids are first_id + row */

typedef struct {
    uint32_t magic, version, ncols, flags;
    uint64_t nrows;
    int64_t first_id;
} ft_header;

typedef struct {
    uint32_t nstr, width;
    uint64_t textlen;
} ft_colhead;

typedef struct {
    uint32_t n, width;
} ft_placehead;

static inline size_t pad8(size_t n)
{
    return (n + 7) & ~(size_t)7;
}

#endif
