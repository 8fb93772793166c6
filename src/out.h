/* out.h - how the command line prints results: aligned tables for people,
 * JSON Lines and TSV for programs. Document text is escaped on the way out
 * (text_escape for tables and TSV, JSON's own escapes for JSON), so no
 * control character from a document reaches a terminal raw. */
#ifndef PORTOLAN_OUT_H
#define PORTOLAN_OUT_H

#include <stdio.h>

typedef enum { OUT_TABLE = 0, OUT_JSON, OUT_TSV } out_format;

/* ---- tables ---------------------------------------------------------- */

typedef struct out_table out_table;

/* A table with ncols columns named by heads. max_width caps every column
 * (0: no cap); longer cells end in an ellipsis. */
out_table *out_table_new(int ncols, const char *const *heads, int max_width);
/* Change one column's cap (0: none), e.g. to keep "FILE:LINE" whole. */
void out_table_cap(out_table *t, int col, int max_width);
/* Add a row of ncols cells (copied; NULL is ""). Returns 0 on failure. */
int out_table_add(out_table *t, const char *const *cells);
size_t out_table_rows(const out_table *t);
/* Print as an aligned table (OUT_TABLE) or TSV with a header (OUT_TSV),
 * then free it. */
void out_table_print(out_table *t, out_format fmt, FILE *f);
void out_table_free(out_table *t);

/* ---- JSON ------------------------------------------------------------ */

/* Write s as a JSON string (quotes included): control characters escaped,
 * invalid UTF-8 bytes replaced with U+FFFD. NULL prints null. */
void out_json_str(FILE *f, const char *s);
/* The same with invalid UTF-8 bytes written as they are: for output that
 * is made valid UTF-8 afterwards, where the replacements are counted and
 * reported (the exports, src/export.c). */
void out_json_str_raw(FILE *f, const char *s);
/* "key": "value" with a leading comma unless first. */
void out_json_kv(FILE *f, int *first, const char *key, const char *value);
void out_json_kl(FILE *f, int *first, const char *key, long long value);

/* ---- plain text ------------------------------------------------------ */

/* Write s escaped for a terminal (text_escape). */
void out_text(FILE *f, const char *s);

#endif
