/* flowtab_parts.c - a stored segment read part by part (see flowtab.h):
 * its layout from the header and the column heads, then one column's
 * dictionary or a run of its row indexes at a time. Checks what it reads
 * as flowtab_add does: a damaged blob is ST_DB_CORRUPT, never a read out
 * of bounds. */
#include "flowtab_int.h"

#include <stdlib.h>
#include <string.h>

/* Step *at over a part of n bytes, as the writer laid them out (8-byte
 * aligned); -1 when the part does not fit in len. */
static int skip(size_t len, size_t *at, size_t n)
{
    if (*at > len || n > len - *at)
        return -1;
    size_t next = pad8(*at + n);
    *at = next < len ? next : len;
    return 0;
}

static status read_at(const ft_parts *p, size_t at, void *buf, size_t n)
{
    if (at > p->len || n > p->len - at)
        return ST_DB_CORRUPT;
    return n ? p->read(p->ctx, at, buf, n) : ST_OK;
}

/* Rows of nrows indexes of width bytes: -1 when that overflows. */
static int idx_bytes(size_t nrows, unsigned width, size_t *bytes)
{
    if (nrows && width > SIZE_MAX / nrows)
        return -1;
    *bytes = nrows * width;
    return 0;
}

/* The ids, lines and places, skipped: counting needs none of them. */
static status skip_head(ft_parts *p, const ft_header *h, size_t *at)
{
    size_t n = p->nrows, bytes;
    ft_placehead ph;
    if ((!(h->flags & FT_CONTIGUOUS) && skip(p->len, at, n * 8)) ||
        skip(p->len, at, n * 4))
        return ST_DB_CORRUPT;
    status st = read_at(p, *at, &ph, sizeof ph);
    if (st != ST_OK)
        return st;
    if ((ph.width != 1 && ph.width != 2 && ph.width != 4) || (n && !ph.n) ||
        skip(p->len, at, sizeof ph) ||
        skip(p->len, at, (size_t)ph.n * 8) ||
        skip(p->len, at, (size_t)ph.n * 8) ||
        idx_bytes(n, ph.width, &bytes) || skip(p->len, at, bytes))
        return ST_DB_CORRUPT;
    return ST_OK;
}

status ft_parts_open(ft_parts *p, ft_read_fn read, void *ctx, size_t len)
{
    memset(p, 0, sizeof *p);
    p->read = read;
    p->ctx = ctx;
    p->len = len;
    ft_header h;
    status st = read_at(p, 0, &h, sizeof h);
    if (st != ST_OK)
        return st;
    if (h.magic != FT_MAGIC || h.version != FT_VERSION ||
        h.ncols != FT__COUNT || h.nrows > SIZE_MAX / 16)
        return ST_DB_CORRUPT;
    p->nrows = (size_t)h.nrows;
    size_t at = pad8(sizeof h);
    if ((st = skip_head(p, &h, &at)) != ST_OK)
        return st;
    for (int c = 0; c < FT__COUNT; c++) {
        ft_colhead ch;
        size_t bytes;
        if ((st = read_at(p, at, &ch, sizeof ch)) != ST_OK)
            return st;
        if ((ch.width != 1 && ch.width != 2 && ch.width != 4) ||
            ch.nstr > UINT32_MAX - 1 || ch.textlen > UINT32_MAX ||
            (p->nrows && ch.nstr == 0) || skip(len, &at, sizeof ch))
            return ST_DB_CORRUPT;
        p->col[c].at = at;
        p->col[c].nstr = ch.nstr;
        p->col[c].width = ch.width;
        p->col[c].textlen = (size_t)ch.textlen;
        if (skip(len, &at, ((size_t)ch.nstr + 1) * 4) ||
            skip(len, &at, (size_t)ch.textlen) ||
            idx_bytes(p->nrows, ch.width, &bytes))
            return ST_DB_CORRUPT;
        p->col[c].idx = at;
        if (skip(len, &at, bytes))
            return ST_DB_CORRUPT;
    }
    return ST_OK;
}

status ft_parts_column(ft_parts *p, ft_col c, ft_column *out)
{
    uint32_t nstr = p->col[c].nstr;
    size_t offs = ((size_t)nstr + 1) * 4, textlen = p->col[c].textlen;
    /* The offsets and the text are adjacent, the text 8-aligned. */
    size_t need = pad8(offs) + textlen;
    if (need > p->dict_cap) {
        void *d = realloc(p->dict, need);
        if (!d)
            return ST_NOMEM;
        p->dict = d;
        p->dict_cap = need;
    }
    size_t at = p->col[c].at;
    status st = read_at(p, at, p->dict, offs);
    if (st == ST_OK && textlen)
        st = read_at(p, pad8(at + offs), (char *)p->dict + pad8(offs),
                     textlen);
    if (st != ST_OK)
        return st;
    const uint32_t *off = p->dict;
    const char *text = (const char *)p->dict + pad8(offs);
    if (off[0] != 0 || off[nstr] != textlen)
        return ST_DB_CORRUPT;
    for (uint32_t i = 0; i < nstr; i++)
        if (off[i + 1] <= off[i] || off[i + 1] > textlen ||
            text[off[i + 1] - 1] != '\0')
            return ST_DB_CORRUPT;
    *out = (ft_column){nstr, off, text, p->col[c].width, NULL};
    return ST_OK;
}

/* The largest of n indexes (a plain loop the compiler vectorizes). */
#define MAX_OF(T)                                                         \
    do {                                                                  \
        const T *v = buf;                                                 \
        for (size_t i = 0; i < n; i++)                                    \
            m = v[i] > m ? v[i] : m;                                      \
    } while (0)

status ft_parts_rows(const ft_parts *p, ft_col c, size_t from, size_t n,
                     void *buf)
{
    unsigned w = p->col[c].width;
    if (from > p->nrows || n > p->nrows - from)
        return ST_DB_CORRUPT;
    status st = read_at(p, p->col[c].idx + from * w, buf, n * w);
    if (st != ST_OK || n == 0)
        return st;
    uint32_t m = 0;
    if (w == 1)
        MAX_OF(uint8_t);
    else if (w == 2)
        MAX_OF(uint16_t);
    else
        MAX_OF(uint32_t);
    return m < p->col[c].nstr ? ST_OK : ST_DB_CORRUPT;
}

void ft_parts_free(ft_parts *p)
{
    free(p->dict);
    p->dict = NULL;
    p->dict_cap = 0;
}
