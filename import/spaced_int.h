/* spaced_int.h - what the two halves of the spaced reader share: one
 * line's tokens and cells (spaced_cut.c), read into flows by spaced.c.
 * Private to import/. */
#ifndef PORTOLAN_SPACED_INT_H
#define PORTOLAN_SPACED_INT_H

#include "import_int.h"

#define SP_MAX_COLS 16
#define SP_MAX_TOKS 160

typedef struct {
    col_role role[SP_MAX_COLS];
    size_t ncols;
} sp_header;

/* A cleaned line cut into NUL-terminated tokens. tok[i] points into buf,
 * a copy of text with the separating spaces made NULs, so the cell made of
 * tokens a..b-1 is text[tok[a] - buf .. end of tok[b-1]]. */
typedef struct {
    char *text;
    char *buf;
    char *tok[SP_MAX_TOKS];
    size_t n;
} sp_line;

typedef struct {
    size_t a, b;            /* tokens [a, b) */
} sp_span;

/* Clean s and cut it into tokens; the last token keeps the rest of the
 * line if there are more than SP_MAX_TOKS. Free with spaced_line_free,
 * also on error. */
status spaced_line_cut(const char *s, size_t len, sp_line *l);
void spaced_line_free(sp_line *l);

/* The text of tokens [a, b) as a malloc'd string. */
char *spaced_span_text(const sp_line *l, sp_span sp);

/* Cut l into one span per column of h. 0 when l is not a row: a port
 * column without a port spec, no protocol, or tokens left over. */
int spaced_row_cut(const sp_header *h, const sp_line *l, sp_span *cells);

/* Is l (the cut of the raw line) a header row? Fills *h: every word part
 * of a short recognised column name ("Source-Port", "Source Port"), and
 * import_is_header over the names. */
int spaced_header_parse(const char *raw, const sp_line *l, sp_header *h);

#endif
