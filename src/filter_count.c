/* filter_count.c - how many flows of a stored segment a filter matches,
 * read part by part (filter_count_parts in filter.h): for each column a
 * term reads, its dictionary is matched string by string as filter_rows
 * does, and only when some string matched are its row indexes read, a
 * run at a time, each row looking its string's answer up. Nothing per
 * flow is kept but two bytes. */
#include <stdlib.h>
#include <string.h>

#include "filter_int.h"

/* Row indexes read at a time: a buffer small enough to stay in cache. */
enum { RUN_ROWS = 1 << 15 };

/* hit[i] |= hits of row i's string, for the rows of column c. */
#define OR_HITS(T)                                                        \
    do {                                                                  \
        const T *ix = buf;                                                \
        for (size_t i = 0; i < m; i++)                                    \
            hit[from + i] |= hits[ix[i]];                                 \
    } while (0)

static status column_rows(ft_parts *p, ft_col c, const uint8_t *hits,
                          uint8_t *hit, void *buf)
{
    unsigned w = p->col[c].width;
    for (size_t from = 0; from < p->nrows; from += RUN_ROWS) {
        size_t m = p->nrows - from < RUN_ROWS ? p->nrows - from : RUN_ROWS;
        status st = ft_parts_rows(p, c, from, m, buf);
        if (st != ST_OK)
            return st;
        if (w == 1)
            OR_HITS(uint8_t);
        else if (w == 2)
            OR_HITS(uint16_t);
        else
            OR_HITS(uint32_t);
    }
    return ST_OK;
}

/* Term t over the segment: keep[i] cleared for the rows it rules out,
 * *limited set when a limit decided one (as filter_rows' text_term). */
static status count_term(filter *f, term *t, ft_parts *p, uint8_t *keep,
                         uint8_t *hit, void *buf, int *limited)
{
    ft_col cols[FILTER_MAX_SLOTS];
    int words[FILTER_MAX_SLOTS];
    size_t nc = filter_term_columns(t, cols, words);
    status st = ST_OK;
    memset(hit, 0, p->nrows);
    for (size_t j = 0; j < nc && st == ST_OK; j++) {
        ft_column col;
        uint8_t *hits = NULL;
        int live = 0;
        st = ft_parts_column(p, cols[j], &col);
        if (st == ST_OK)
            st = filter_column_hits(f, t, &col, words[j], &hits, &live);
        if (st == ST_OK && live)
            st = column_rows(p, cols[j], hits, hit, buf);
        free(hits);
    }
    uint8_t neg = (uint8_t)(t->neg != 0), lim_any = 0;
    for (size_t i = 0; st == ST_OK && i < p->nrows; i++) {
        uint8_t h = hit[i] & 1, lim = (uint8_t)((hit[i] >> 1) & !h);
        lim_any |= lim & keep[i];
        keep[i] &= (uint8_t)((lim ^ 1) & (h ^ neg));
    }
    if (lim_any)
        *limited = 1;
    return st;
}

status filter_count_parts(filter *f, ft_parts *p, size_t *count,
                          int *limited)
{
    for (size_t k = 0; k < f->nterms; k++)
        if (f->terms[k].kind == T_PORT)
            return ST_USAGE;
    size_t n = p->nrows;
    uint8_t *keep = malloc(n ? n : 1), *hit = malloc(n ? n : 1);
    void *buf = malloc((size_t)RUN_ROWS * 4);
    status st = keep && hit && buf ? ST_OK : ST_NOMEM;
    if (st == ST_OK)
        memset(keep, 1, n);
    for (size_t k = 0; st == ST_OK && k < f->nterms; k++)
        if (f->terms[k].kind == T_TEXT)
            st = count_term(f, &f->terms[k], p, keep, hit, buf, limited);
    size_t c = 0;
    for (size_t i = 0; st == ST_OK && i < n; i++)
        c += keep[i];
    if (st == ST_OK)
        *count += c;
    free(keep);
    free(hit);
    free(buf);
    return st;
}
