/* filter_int.h - what filter.c and filter_rows.c share: a compiled
 * filter's terms. Private to src/filter*.c. */
#ifndef PORTOLAN_FILTER_INT_H
#define PORTOLAN_FILTER_INT_H

#include "filter.h"
#include "regex.h"

typedef enum {
    T_EMPTY, /* nothing to match ("src:" while typing): always true */
    T_TEXT,  /* a pattern over the field's columns */
    T_PORT   /* port:N[/proto], answered by the database's range index */
} term_kind;

typedef struct {
    term_kind kind;
    int neg;
    filter_field field;
    regex_pat *re;   /* T_TEXT */
    char *pat;       /* T_TEXT: the pattern as given to PCRE2 */
    size_t plen;
    regex_pat *lines;/* T_TEXT: the same for many strings at once
                        (REGEX_LINES), made by filter_rows if it can be */
    int lines_tried;
    int port;        /* T_PORT */
    proto_t proto;
    long long *ids;  /* T_PORT: matching flow ids, sorted, after bind */
    size_t nids;
} term;

struct filter {
    char *text;
    filter_mode mode;
    term *terms;
    size_t nterms, cap;
    regex_env *env;
    struct filter_cache *cache; /* filter_rows' per-string results */
};

/* Words of a port cell that name a protocol ("TCP 1720", "5060 (SIP)",
 * "UDP/RTP"), and of the transports ("TCP/UDP"): proto: matches each of
 * them alone besides the protocol column. */
enum { FILTER_MAX_WORDS = 16 };
typedef struct {
    const char *s;
    size_t len;
} filter_word;
/* Append the protocol words of cell to w (pointers into cell, no copy),
 * skipping ones already there; returns the new count (at most
 * FILTER_MAX_WORDS). */
size_t filter_proto_words(const char *cell, filter_word *w, size_t n);

/* ---- filter_rows.c, shared with filter_count.c ---- */

/* The columns term t reads, in the order filter_rows reads them: into
 * cols, with words[i] 1 where only the protocol words of the column count
 * (proto: over the port cells and the transports). Returns how many (at
 * most FILTER_MAX_SLOTS). */
enum { FILTER_MAX_SLOTS = FT__COUNT + 3 };
size_t filter_term_columns(const term *t, ft_col *cols, int *words);
/* Every string of c for term t, worked out as filter_rows does (one
 * search over the whole text where it can, two threads for a large
 * column): *hits (malloc'd, the caller frees) gets per string bit 0 when
 * it matches, bit 1 when a match limit stopped it; *live whether any bit
 * is set. ST_OK or ST_NOMEM. */
status filter_column_hits(filter *f, term *t, const ft_column *c, int words,
                          uint8_t **hits, int *live);

/* The per-string results filter_rows keeps for a flowtab (filter_rows.c);
 * freed with the filter. */
struct filter_cache;
void filter_cache_free(struct filter_cache *c);

#endif
