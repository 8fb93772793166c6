/* spaced_int.h - what the parts of the spaced reader share: one line's
 * tokens and cells (spaced_cut.c), where they stand in an aligned table
 * (spaced_align.c), read into flows by spaced.c. Private to import/. */
#ifndef PORTOLAN_SPACED_INT_H
#define PORTOLAN_SPACED_INT_H

#include "import_int.h"

#define SP_MAX_COLS 16
#define SP_MAX_TOKS 160

/* A header's columns. aligned: its names stand apart by runs of two or
 * more spaces, and start[] is the column (in characters) each starts at:
 * the table's cells start there too. */
typedef struct {
    col_role role[SP_MAX_COLS];
    size_t ncols;
    int aligned;
    unsigned start[SP_MAX_COLS];
} sp_header;

/* A cleaned line cut into NUL-terminated tokens. tok[i] points into buf,
 * a copy of text with the separating spaces made NULs, so the cell made of
 * tokens a..b-1 is text[tok[a] - buf .. end of tok[b-1]]. */
/* Where the tokens stand in the raw line (raw[0..rawlen), borrowed), found
 * by spaced_align.c when first asked (place_done): placed when the raw
 * line's words are the tokens one for one, and then col[i] is the column
 * (in characters, a tab to the next multiple of 8) token i starts at,
 * wide[i] whether two or more spaces come before it. */
typedef struct {
    char *text;
    char *buf;
    char *tok[SP_MAX_TOKS];
    size_t n;
    const char *raw;
    size_t rawlen;
    int place_done;
    int placed;
    unsigned col[SP_MAX_TOKS];
    unsigned char wide[SP_MAX_TOKS];
} sp_line;

typedef struct {
    size_t a, b;            /* tokens [a, b) */
} sp_span;

/* Clean s (a raw line, NUL-terminated at len, which must outlive l) and
 * cut it into tokens; the last token keeps the rest of the line if there
 * are more than SP_MAX_TOKS. Free with spaced_line_free, also on error. */
status spaced_line_cut(const char *s, size_t len, sp_line *l);
void spaced_line_free(sp_line *l);

/* The text of tokens [a, b) as a malloc'd string. */
char *spaced_span_text(const sp_line *l, sp_span sp);

/* Cut l into one span per column of h: by position when h is aligned
 * and that gives a row, else by the cells' shapes. 0 when l is not a row:
 * a port column without a port spec, no protocol, or tokens left over. */
int spaced_row_cut(const sp_header *h, sp_line *l, sp_span *cells);

/* Is l (the cut of the raw line) a header row? Fills *h: every word part
 * of a short recognised column name ("Source-Port", "Source Port"), and
 * import_is_header over the names. */
int spaced_header_parse(const char *raw, sp_line *l, sp_header *h);

/* ---- aligned tables (spaced_align.c) ---- */

/* Is l an aligned header: three or more column names (at most a few words
 * each) standing apart by runs of two or more spaces, every one
 * recognised, import_is_header over them? Fills *h, aligned. */
int spaced_header_align(sp_line *l, sp_header *h);

/* Cut l into one span per column of the aligned h by where its tokens
 * stand (empty spans for columns it leaves blank). 0 when h is not
 * aligned, l cannot be placed (l->placed then says which) or does not fit
 * the columns: a run of words crosses into a later column. */
int spaced_line_align(const sp_header *h, sp_line *l, sp_span *cells);

#endif
