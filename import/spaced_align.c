/* spaced_align.c - the spaced reader's use of column positions (see
 * spaced.c), for tables whose cells are padded to their columns:
 *
 *     Protocol  Source Port  Dest Port  Remote Device      Description
 *     TCP       <any>        8443       Operator console   XML over TLS
 *     TCP       <any>        5061       Call control       SIP over TLS
 *                                       cluster            from the cluster
 *
 * The header is aligned when its column names stand apart by runs of two
 * or more spaces; a name's first character is then where its column's
 * cells start. A row's words go to the column they stand under, so a
 * multi-word device before the description, or a description with
 * lower-case words, is cut where the layout says rather than by what the
 * words look like. A run of words that crosses into a later column does
 * not fit: prose under a table, or a row that is not aligned (the caller
 * falls back to reading it by its cells' shapes).
 *
 * Tables separated by single spaces (no runs of two) are not aligned and
 * never come here.
 *
 * It must not know any vendor, product or line number, print, or exit. */
#include <string.h>
#include "spaced_int.h"

/* Column names are a few words: "Remote Device", "Source Port". */
#define MAX_NAME_WORDS 4

/* ---- where tokens stand ----------------------------------------------- */

/* Bytes a space can start with (import_space_len): any other byte is
 * part of a word. Every line under an aligned header is placed, so plain
 * spaces and words are stepped over without asking import_space_len. */
static const unsigned char MAY_SPACE[256] = {
    [' '] = 1, ['\t'] = 1, ['\f'] = 1, ['\v'] = 1, [0xC2] = 1, [0xE2] = 1,
};

/* The byte length of the space at s, and the columns it takes into *w (a
 * tab reaches the next multiple of 8); 0 if s is at no space. */
static size_t space_at(const char *s, unsigned col, unsigned *w)
{
    *w = 1;
    if (*s == ' ')
        return 1;
    if (*s == '\t')
        *w = 8 - col % 8;
    return MAY_SPACE[(unsigned char)*s] ? import_space_len(s) : 0;
}

static void place(const char *raw, size_t len, sp_line *l)
{
    size_t k = 0, i = 0;
    unsigned col = 0, gap = 0, w;
    l->placed = 0;
    while (i < len) {
        size_t sp = space_at(raw + i, col, &w);
        if (sp) {
            col += w;
            gap += w;
            i += sp;
            continue;
        }
        if (k == l->n)
            return; /* more words than tokens: cleaning joined some */
        l->col[k] = col;
        l->wide[k++] = gap >= 2;
        gap = 0;
        /* a character is a byte that does not continue a UTF-8 sequence */
        for (; i < len && !space_at(raw + i, col, &w); i++)
            col += ((unsigned char)raw[i] & 0xC0) != 0x80;
    }
    l->placed = k == l->n;
}

/* Is l placed? Placed when first asked: most lines never are. */
static int line_placed(sp_line *l)
{
    if (!l->place_done) {
        place(l->raw, l->rawlen, l);
        l->place_done = 1;
    }
    return l->placed;
}

/* Can two names of the raw line (NUL-terminated) stand apart: does it hold
 * two spaces in a row, a tab or a space other than ' '? A quick no for the
 * many lines that are asked whether they are a header. */
static int may_have_runs(const char *raw)
{
    if (strstr(raw, "  ") || strchr(raw, '\t') || strstr(raw, "\xC2\xA0"))
        return 1;
    for (const char *p = raw; (p = strchr(p, '\xE2')) != NULL; p++)
        if (import_space_len(p))
            return 1; /* U+2002.., not a dash or a dagger */
    return 0;
}

/* Does token t start a run of words (the first, or after two spaces)? */
static int starts_run(const sp_line *l, size_t t)
{
    return t == 0 || l->wide[t];
}

/* ---- the header ------------------------------------------------------- */

int spaced_header_align(sp_line *l, sp_header *h)
{
    char names[SP_MAX_COLS][96];
    char *cells[SP_MAX_COLS];
    size_t n = 0, words = 0, used = 0, runs = 0;
    if (!may_have_runs(l->raw) || !line_placed(l))
        return 0;
    for (size_t t = 1; t < l->n; t++)
        runs += l->wide[t];
    if (runs < 2)
        return 0; /* not three names apart: most lines stop here */
    for (size_t t = 0; t < l->n; t++) {
        size_t len = strlen(l->tok[t]);
        if (starts_run(l, t)) {
            if (n == SP_MAX_COLS)
                return 0;
            h->start[n++] = l->col[t];
            words = used = 0;
        }
        char *name = names[n - 1];
        if (++words > MAX_NAME_WORDS || used + len + 2 > sizeof names[0])
            return 0;
        if (used)
            name[used++] = ' ';
        memcpy(name + used, l->tok[t], len + 1);
        used += len;
    }
    for (size_t k = 0; k < n; k++) {
        h->role[k] = import_column_role(names[k], NULL, 0);
        if (h->role[k] == COL_UNKNOWN)
            return 0;
        cells[k] = names[k];
    }
    if (!import_is_header(cells, n))
        return 0;
    h->ncols = n;
    h->aligned = 1;
    return 1;
}

/* ---- rows ------------------------------------------------------------- */

/* The column token t stands in, c being the column of the token before
 * it: a token that starts a run goes to the last column starting at most
 * one character right of it (cells may sit a little off their names); a
 * token after a single space stays in its run's column unless it starts
 * exactly where a later column does (a cell filling its column). */
static size_t column_of(const sp_header *h, const sp_line *l, size_t t,
                        size_t c)
{
    unsigned at = l->col[t];
    int run = starts_run(l, t);
    for (size_t k = c + 1; k < h->ncols && h->start[k] <= at + 1; k++)
        if (run || h->start[k] == at)
            c = k;
    return c;
}

int spaced_line_align(const sp_header *h, sp_line *l, sp_span *cells)
{
    size_t t = 0, c = 0;
    if (!h->aligned || !line_placed(l))
        return 0;
    for (size_t k = 0; k < h->ncols; k++) {
        cells[k].a = t;
        for (; t < l->n && (c = column_of(h, l, t, c)) == k; t++)
            /* a word past the next column's start in the same run: the
             * run crosses into that column */
            if (k + 1 < h->ncols && l->col[t] > h->start[k + 1])
                return 0;
        cells[k].b = t;
    }
    return 1;
}
