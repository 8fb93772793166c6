/* flowtab.c - flows column by column (see flowtab.h): the segment builder
 * with its per-column dictionaries, the blob format, and lookups. */
#include "flowtab_int.h"

#include <stdlib.h>
#include <string.h>

/* The blob's format: flowtab_int.h. */

/* ---- the flowtab ----------------------------------------------------- */

void *flowtab_alloc(size_t len)
{
    /* Huge pages were tried (madvise): the compaction they cost stalls
     * more than the page faults they save. */
    return malloc(len ? len : 8);
}

void flowtab_init(flowtab *t)
{
    memset(t, 0, sizeof *t);
}

void flowtab_free(flowtab *t)
{
    for (size_t i = 0; i < t->nseg; i++)
        free(t->seg[i].mem);
    free(t->seg);
    free(t->first);
    memset(t, 0, sizeof *t);
}

/* Take n bytes at *at from a blob of len bytes, 8-aligned; NULL if they
 * are not there. */
static const void *take(const char *base, size_t len, size_t *at, size_t n)
{
    if (*at > len || n > len - *at)
        return NULL;
    const void *p = base + *at;
    size_t next = pad8(*at + n);
    *at = next < len ? next : len;
    return p;
}

/* The largest index in a column (0 when empty). */
static uint32_t max_index(const ft_column *c, size_t n)
{
    uint32_t m = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t v = ft_index(c, i);
        m = v > m ? v : m;
    }
    return m;
}

/* Is every index of a column below its dictionary size? Runs over every
 * row of every column on load, so it looks at eight bytes at a time:
 * "a lane above lim" (Hacker's Delight, hasmore) can only err towards yes,
 * and then the exact loop decides. */
static int indexes_ok(const ft_column *c, size_t n)
{
    uint64_t lanes, top;
    unsigned w = c->width;
    if ((w == 1 && c->nstr >= 256) || (w == 2 && c->nstr >= 65536))
        return 1; /* every value fits */
    if (w == 1 && c->nstr <= 128) {
        lanes = 0x0101010101010101ull;
        top = 0x8080808080808080ull;
    } else if (w == 2 && c->nstr <= 32768) {
        lanes = 0x0001000100010001ull;
        top = 0x8000800080008000ull;
    } else {
        return max_index(c, n) < c->nstr;
    }
    /* top / lanes is a lane's top bit (0x80, 0x8000); adding 127 - max
     * (32767 - max) to a lane sets that bit exactly when it is above max,
     * the largest valid index. */
    uint64_t add = lanes * ((top / lanes - 1) - (c->nstr - 1));
    const unsigned char *p = c->idx;
    size_t bytes = n * w, i = 0;
    for (; i + 8 <= bytes; i += 8) {
        uint64_t x;
        memcpy(&x, p + i, 8);
        if (((x + add) | x) & top)
            return max_index(c, n) < c->nstr;
    }
    for (size_t r = i / w; r < n; r++)
        if (ft_index(c, r) >= c->nstr)
            return 0;
    return 1;
}

static int load_column(ft_column *c, const char *b, size_t len, size_t *at,
                       size_t nrows)
{
    const ft_colhead *h = take(b, len, at, sizeof *h);
    if (!h || (h->width != 1 && h->width != 2 && h->width != 4) ||
        h->nstr > UINT32_MAX - 1 || h->textlen > UINT32_MAX ||
        (nrows > 0 && h->nstr == 0))
        return -1;
    c->nstr = h->nstr;
    c->width = h->width;
    c->off = take(b, len, at, ((size_t)h->nstr + 1) * sizeof *c->off);
    c->text = take(b, len, at, (size_t)h->textlen);
    if (!c->off || (!c->text && h->textlen) ||
        (nrows && h->width > SIZE_MAX / nrows))
        return -1;
    c->idx = take(b, len, at, nrows * h->width);
    if (!c->idx && nrows)
        return -1;
    if (c->off[0] != 0 || c->off[c->nstr] != h->textlen)
        return -1;
    for (uint32_t i = 0; i < c->nstr; i++)
        if (c->off[i + 1] <= c->off[i] || c->off[i + 1] > h->textlen ||
            c->text[c->off[i + 1] - 1] != '\0')
            return -1;
    if (nrows && !indexes_ok(c, nrows))
        return -1;
    return 0;
}

static int load_segment(ft_segment *s, const char *b, size_t len)
{
    size_t at = 0;
    const ft_header *h = take(b, len, &at, sizeof *h);
    if (!h || h->magic != FT_MAGIC || h->version != FT_VERSION ||
        h->ncols != FT__COUNT || h->nrows > SIZE_MAX / 16)
        return -1;
    size_t n = (size_t)h->nrows;
    s->nrows = n;
    s->first_id = h->first_id;
    s->ids = NULL;
    if (!(h->flags & FT_CONTIGUOUS)) {
        s->ids = take(b, len, &at, n * sizeof *s->ids);
        if (!s->ids && n)
            return -1;
    }
    s->lines = take(b, len, &at, n * sizeof *s->lines);
    if (!s->lines && n)
        return -1;
    const ft_placehead *ph = take(b, len, &at, sizeof *ph);
    if (!ph || (ph->width != 1 && ph->width != 2 && ph->width != 4) ||
        (n && !ph->n))
        return -1;
    ft_places *pl = &s->places;
    pl->n = ph->n;
    pl->width = ph->width;
    pl->section = take(b, len, &at, (size_t)ph->n * sizeof *pl->section);
    pl->product = take(b, len, &at, (size_t)ph->n * sizeof *pl->product);
    pl->idx = take(b, len, &at, n * ph->width);
    if ((ph->n && (!pl->section || !pl->product)) || (n && !pl->idx))
        return -1;
    ft_column pc = {pl->n, NULL, NULL, pl->width, pl->idx};
    if (n && !indexes_ok(&pc, n))
        return -1;
    for (int c = 0; c < FT__COUNT; c++)
        if (load_column(&s->col[c], b, len, &at, n) != 0)
            return -1;
    s->ids_sorted = 1;
    s->min_id = n ? ft_seg_id(s, 0) : 0;
    s->max_id = s->min_id;
    for (size_t i = 0; s->ids && i < n; i++) {
        if (i && s->ids[i] <= s->ids[i - 1])
            s->ids_sorted = 0;
        if (s->ids[i] < s->min_id)
            s->min_id = s->ids[i];
        if (s->ids[i] > s->max_id)
            s->max_id = s->ids[i];
    }
    if (!s->ids && n)
        s->max_id = s->first_id + (long long)n - 1;
    return 0;
}

status flowtab_add(flowtab *t, long long document, void *blob, size_t len)
{
    ft_segment s;
    memset(&s, 0, sizeof s);
    /* The blob must be 8-aligned for the pointers into it: malloc's is. */
    if (((uintptr_t)blob & 7) || load_segment(&s, blob, len) != 0)
        return ST_DB_CORRUPT;
    if (t->nseg == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 8;
        ft_segment *seg = realloc(t->seg, cap * sizeof *seg);
        if (!seg)
            return ST_NOMEM;
        t->seg = seg;
        size_t *first = realloc(t->first, (cap + 1) * sizeof *first);
        if (!first)
            return ST_NOMEM;
        t->first = first;
        t->cap = cap;
    }
    s.document_id = document;
    s.mem = blob;
    t->first[t->nseg] = t->nrows;
    t->seg[t->nseg++] = s;
    t->nrows += s.nrows;
    t->first[t->nseg] = t->nrows;
    return ST_OK;
}

size_t flowtab_seg_of(const flowtab *t, size_t row, size_t *local)
{
    size_t lo = 0, hi = t->nseg;
    while (hi - lo > 1) { /* first[lo] <= row < first[hi] */
        size_t mid = lo + (hi - lo) / 2;
        if (t->first[mid] <= row)
            lo = mid;
        else
            hi = mid;
    }
    /* Empty segments share their first row with the next one. */
    while (lo + 1 < t->nseg && t->first[lo + 1] <= row)
        lo++;
    *local = row - t->first[lo];
    return lo;
}

const char *flowtab_str(const flowtab *t, size_t row, ft_col c)
{
    size_t r, i = flowtab_seg_of(t, row, &r);
    const ft_segment *s = &t->seg[i];
    return ft_string(&s->col[c], ft_index(&s->col[c], r));
}

long long flowtab_id(const flowtab *t, size_t row)
{
    size_t r, i = flowtab_seg_of(t, row, &r);
    return ft_seg_id(&t->seg[i], r);
}

int flowtab_line(const flowtab *t, size_t row)
{
    size_t r, i = flowtab_seg_of(t, row, &r);
    return t->seg[i].lines[r];
}

long flowtab_row_of(const flowtab *t, long long id)
{
    for (size_t i = 0; i < t->nseg; i++) {
        const ft_segment *s = &t->seg[i];
        if (s->nrows == 0 || id < s->min_id || id > s->max_id)
            continue;
        if (!s->ids)
            return (long)(t->first[i] + (size_t)(id - s->first_id));
        if (s->ids_sorted) {
            size_t lo = 0, hi = s->nrows;
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (s->ids[mid] < id)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            if (lo < s->nrows && s->ids[lo] == id)
                return (long)(t->first[i] + lo);
            continue;
        }
        for (size_t r = 0; r < s->nrows; r++)
            if (s->ids[r] == id)
                return (long)(t->first[i] + r);
    }
    return -1;
}

/* ---- the builder --------------------------------------------------------- */

typedef struct {
    char *text;              /* the distinct strings, NUL-terminated */
    size_t tlen, tcap;
    uint32_t *off;           /* where each starts */
    size_t nstr, ocap;
    uint32_t *slot;          /* hash table of string index + 1; 0 empty */
    size_t nslot;
    uint32_t *rows;          /* per row, its string */
    size_t rcap;
    uint32_t last;           /* the previous row's string, a fast path */
} col_build;

struct ft_builder {
    col_build col[FT__COUNT];
    long long *ids;
    int32_t *lines;
    size_t n, cap;
    int64_t (*place)[2];     /* distinct (section, product) pairs */
    size_t nplace, capplace;
    uint32_t *place_slot;    /* hash of place index + 1 by section id */
    size_t nplace_slot;
    uint32_t *place_rows;    /* per row, its place */
    uint32_t last_place;
};

ft_builder *ftb_new(void)
{
    return calloc(1, sizeof(ft_builder));
}

static void col_reset(col_build *c, int release)
{
    if (release) {
        free(c->text);
        free(c->off);
        free(c->slot);
        free(c->rows);
        memset(c, 0, sizeof *c);
        return;
    }
    c->tlen = c->nstr = 0;
    if (c->slot)
        memset(c->slot, 0, c->nslot * sizeof *c->slot);
}

void ftb_free(ft_builder *b)
{
    if (!b)
        return;
    for (int i = 0; i < FT__COUNT; i++)
        col_reset(&b->col[i], 1);
    free(b->ids);
    free(b->lines);
    free(b->place);
    free(b->place_slot);
    free(b->place_rows);
    free(b);
}

size_t ftb_count(const ft_builder *b)
{
    return b->n;
}

static uint32_t hash_str(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap : 64;
    while (c < need)
        c *= 2;
    void *q = realloc(*p, c * size);
    if (!q)
        return -1;
    *p = q;
    *cap = c;
    return 0;
}

static int rehash(col_build *c)
{
    size_t n = c->nslot ? c->nslot * 2 : 256;
    uint32_t *slot = calloc(n, sizeof *slot);
    if (!slot)
        return -1;
    for (size_t i = 0; i < c->nstr; i++) {
        const char *s = c->text + c->off[i];
        size_t k = hash_str(s, strlen(s)) & (n - 1);
        while (slot[k])
            k = (k + 1) & (n - 1);
        slot[k] = (uint32_t)i + 1;
    }
    free(c->slot);
    c->slot = slot;
    c->nslot = n;
    return 0;
}

/* The index of s in the column's dictionary, added if new; -1 on OOM. */
static long intern(col_build *c, const char *s)
{
    if (c->nstr && strcmp(c->text + c->off[c->last], s) == 0)
        return c->last;
    size_t n = strlen(s);
    if (c->nstr * 2 >= c->nslot && rehash(c) != 0)
        return -1;
    size_t k = hash_str(s, n) & (c->nslot - 1);
    for (; c->slot[k]; k = (k + 1) & (c->nslot - 1)) {
        uint32_t i = c->slot[k] - 1;
        if (memcmp(c->text + c->off[i], s, n + 1) == 0)
            return c->last = i;
    }
    if (c->nstr >= UINT32_MAX - 1 || c->tlen + n + 1 > UINT32_MAX ||
        grow((void **)&c->text, &c->tcap, c->tlen + n + 1, 1) ||
        grow((void **)&c->off, &c->ocap, c->nstr + 1, sizeof *c->off))
        return -1;
    memcpy(c->text + c->tlen, s, n + 1);
    c->off[c->nstr] = (uint32_t)c->tlen;
    c->tlen += n + 1;
    c->slot[k] = (uint32_t)c->nstr + 1;
    return c->last = (uint32_t)c->nstr++;
}

static uint32_t hash_id(int64_t v)
{
    uint64_t x = (uint64_t)v * 0x9E3779B97F4A7C15ull;
    return (uint32_t)(x >> 32);
}

static int place_rehash(ft_builder *b)
{
    size_t n = b->nplace_slot ? b->nplace_slot * 2 : 64;
    uint32_t *slot = calloc(n, sizeof *slot);
    if (!slot)
        return -1;
    for (size_t i = 0; i < b->nplace; i++) {
        size_t k = hash_id(b->place[i][0]) & (n - 1);
        while (slot[k])
            k = (k + 1) & (n - 1);
        slot[k] = (uint32_t)i + 1;
    }
    free(b->place_slot);
    b->place_slot = slot;
    b->nplace_slot = n;
    return 0;
}

/* The index of the (section, product) pair, added if new; -1 on OOM. */
static long place_of(ft_builder *b, int64_t section, int64_t product)
{
    if (b->nplace && b->place[b->last_place][0] == section &&
        b->place[b->last_place][1] == product)
        return b->last_place;
    if (b->nplace * 2 >= b->nplace_slot && place_rehash(b) != 0)
        return -1;
    size_t k = hash_id(section) & (b->nplace_slot - 1);
    for (; b->place_slot[k]; k = (k + 1) & (b->nplace_slot - 1)) {
        uint32_t i = b->place_slot[k] - 1;
        if (b->place[i][0] == section && b->place[i][1] == product)
            return b->last_place = i;
    }
    if (b->nplace >= UINT32_MAX - 1 ||
        grow((void **)&b->place, &b->capplace, b->nplace + 1,
             sizeof *b->place))
        return -1;
    b->place[b->nplace][0] = section;
    b->place[b->nplace][1] = product;
    b->place_slot[k] = (uint32_t)b->nplace + 1;
    return b->last_place = (uint32_t)b->nplace++;
}

status ftb_add(ft_builder *b, long long id, int line, long long section,
               long long product, const char *const text[FT__COUNT])
{
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 1024;
        long long *ids = realloc(b->ids, cap * sizeof *ids);
        if (!ids)
            return ST_NOMEM;
        b->ids = ids;
        int32_t *lines = realloc(b->lines, cap * sizeof *lines);
        if (!lines)
            return ST_NOMEM;
        b->lines = lines;
        uint32_t *pr = realloc(b->place_rows, cap * sizeof *pr);
        if (!pr)
            return ST_NOMEM;
        b->place_rows = pr;
        b->cap = cap;
    }
    long p = place_of(b, section, product);
    if (p < 0)
        return ST_NOMEM;
    b->place_rows[b->n] = (uint32_t)p;
    for (int i = 0; i < FT__COUNT; i++) {
        col_build *c = &b->col[i];
        long k = intern(c, text[i] ? text[i] : "");
        if (k < 0 || grow((void **)&c->rows, &c->rcap, b->n + 1,
                          sizeof *c->rows))
            return ST_NOMEM;
        c->rows[b->n] = (uint32_t)k;
    }
    b->ids[b->n] = id;
    b->lines[b->n] = line;
    b->n++;
    return ST_OK;
}

static unsigned width_for(size_t nstr)
{
    return nstr <= 256 ? 1 : nstr <= 65536 ? 2 : 4;
}

static void put_indexes(char *out, const uint32_t *v, size_t n, unsigned w)
{
    for (size_t r = 0; r < n; r++) {
        if (w == 1)
            ((uint8_t *)(void *)out)[r] = (uint8_t)v[r];
        else if (w == 2)
            ((uint16_t *)(void *)out)[r] = (uint16_t)v[r];
        else
            ((uint32_t *)(void *)out)[r] = v[r];
    }
}

status ftb_finish(ft_builder *b, void **blob, size_t *len)
{
    size_t n = b->n;
    int contiguous = 1;
    for (size_t i = 1; i < n && contiguous; i++)
        contiguous = b->ids[i] == b->ids[0] + (long long)i;
    size_t size = pad8(sizeof(ft_header));
    if (!contiguous)
        size += pad8(n * sizeof(int64_t));
    size += pad8(n * sizeof(int32_t));
    unsigned pw = width_for(b->nplace);
    size += pad8(sizeof(ft_placehead)) + 2 * pad8(b->nplace * 8) +
            pad8(n * pw);
    for (int i = 0; i < FT__COUNT; i++) {
        const col_build *c = &b->col[i];
        size += pad8(sizeof(ft_colhead)) + pad8((c->nstr + 1) * 4) +
                pad8(c->tlen) + pad8(n * width_for(c->nstr));
    }
    char *out = calloc(1, size ? size : 8);
    if (!out)
        return ST_NOMEM;
    ft_header h = {FT_MAGIC, FT_VERSION, FT__COUNT,
                   contiguous ? FT_CONTIGUOUS : 0, n, n ? b->ids[0] : 0};
    size_t at = 0;
    memcpy(out, &h, sizeof h);
    at = pad8(sizeof h);
    if (!contiguous) {
        memcpy(out + at, b->ids, n * sizeof(int64_t));
        at = pad8(at + n * sizeof(int64_t));
    }
    memcpy(out + at, b->lines, n * sizeof(int32_t));
    at = pad8(at + n * sizeof(int32_t));
    ft_placehead ph = {(uint32_t)b->nplace, pw};
    memcpy(out + at, &ph, sizeof ph);
    at = pad8(at + sizeof ph);
    for (int k = 0; k < 2; k++) {
        int64_t *v = (int64_t *)(void *)(out + at);
        for (size_t i = 0; i < b->nplace; i++)
            v[i] = b->place[i][k];
        at = pad8(at + b->nplace * 8);
    }
    put_indexes(out + at, b->place_rows, n, pw);
    at = pad8(at + n * pw);
    b->nplace = 0;
    if (b->place_slot)
        memset(b->place_slot, 0, b->nplace_slot * sizeof *b->place_slot);
    for (int i = 0; i < FT__COUNT; i++) {
        col_build *c = &b->col[i];
        unsigned w = width_for(c->nstr);
        ft_colhead ch = {(uint32_t)c->nstr, w, c->tlen};
        memcpy(out + at, &ch, sizeof ch);
        at = pad8(at + sizeof ch);
        uint32_t *off = (uint32_t *)(void *)(out + at);
        if (c->nstr)
            memcpy(off, c->off, c->nstr * 4);
        off[c->nstr] = (uint32_t)c->tlen;
        at = pad8(at + (c->nstr + 1) * 4);
        if (c->tlen)
            memcpy(out + at, c->text, c->tlen);
        at = pad8(at + c->tlen);
        put_indexes(out + at, c->rows, n, w);
        at = pad8(at + n * w);
        col_reset(c, 0);
    }
    b->n = 0;
    *blob = out;
    *len = size;
    return ST_OK;
}
