/* spaced_cut.c - the spaced reader's eye for one line (see spaced.c):
 * a line cut into tokens, a row's tokens into one cell per header column,
 * and a header line into its column names.
 *
 * Where the table is aligned (its header's names stand apart by runs of
 * two or more spaces), a row is cut by where its words stand
 * (spaced_align.c) if that gives a protocol and port specs in the port
 * columns. Otherwise cells have no separators and no fixed widths, so a
 * row is cut by the header's column order and what each kind of cell
 * looks like:
 *   protocol   the first token, a "(TLS)" group after it, marks after that.
 *   ports      a port spec: [marks] atom [marks] (sep [marks] atom
 *              [marks])* [parity], where an atom is a number, a range with
 *              '-' or '–', numbers and ranges glued by ',' or '/'
 *              ("3346/3348"), maybe ending in a transport ("5060-5061/tcp"),
 *              "<any>"-like, "n/a", "any", ">=1024"; sep is "," or "/"
 *              (also glued: "123,", "1719*,"), a spaced "-" or "–", or
 *              "or"; parity is "(even)", "(odd ports)".
 *   description (when a column follows it) the service phrase: its first
 *              token; then "/"-joined tokens with no lower-case letter
 *              ("RTP / RTCP / TURN"), each maybe with a "word number" pair
 *              ("IPsec / IP Protocol 50"); then one parenthesised group
 *              ("H.323 (Q.931/H.245 signaling)"); then marks.
 *   direction, requirement (when a column follows) one token.
 *   device and other text columns (when a column follows) are read like a
 *              description: a device name before the description cannot
 *              be told from it by its tokens (only an aligned table's
 *              positions can).
 *   the last column takes the rest of the line.
 * A line whose port columns do not read as port specs is not a row.
 *
 * It must not know any vendor, product or line number, parse port specs
 * beyond cutting cells, print, or exit. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "spaced_int.h"

/* Header words: a header line is a handful of short column names. */
#define MAX_HEADER_WORDS 14
#define MAX_NAME_WORDS 3

/* ---- tokens ----------------------------------------------------------- */

/* Only the scalars are reset: the arrays are read up to n, and only once
 * placed (every line of a document is cut, several times). */
static void line_reset(sp_line *l)
{
    l->text = l->buf = NULL;
    l->n = 0;
    l->raw = NULL;
    l->rawlen = 0;
    l->place_done = l->placed = 0;
}

void spaced_line_free(sp_line *l)
{
    free(l->text);
    free(l->buf);
    line_reset(l);
}

/* Clean s and cut it into tokens; the last token keeps the rest of the
 * line if there are more than SP_MAX_TOKS. */
status spaced_line_cut(const char *s, size_t len, sp_line *l)
{
    line_reset(l);
    l->text = import_clean(s, len);
    l->buf = l->text ? strdup(l->text) : NULL;
    if (!l->buf) {
        spaced_line_free(l);
        return ST_NOMEM;
    }
    for (char *p = l->buf; *p;) {
        l->tok[l->n++] = p;
        if (l->n == SP_MAX_TOKS)
            break;
        p += strcspn(p, " ");
        if (*p)
            *p++ = '\0';
    }
    l->raw = s;
    l->rawlen = len;
    return ST_OK;
}

/* The text of tokens [a, b) as a malloc'd string. */
char *spaced_span_text(const sp_line *l, sp_span sp)
{
    if (sp.a >= sp.b)
        return strdup("");
    size_t from = (size_t)(l->tok[sp.a] - l->buf);
    size_t to = (size_t)(l->tok[sp.b - 1] - l->buf);
    to += sp.b == l->n ? strlen(l->text + to) : strlen(l->tok[sp.b - 1]);
    return strndup(l->text + from, to - from);
}

static int is_mark_tok(const char *t)
{
    size_t n = import_mark_len(t);
    return n > 0 && t[n] == '\0';
}

static size_t skip_marks(const sp_line *l, size_t j)
{
    while (j < l->n && is_mark_tok(l->tok[j]))
        j++;
    return j;
}

/* No lower-case letter, at least one letter: "RTCP", "IP", "H.245". */
static int is_acronym(const char *t)
{
    int letters = 0;
    for (; *t; t++) {
        if (islower((unsigned char)*t))
            return 0;
        letters += isupper((unsigned char)*t) != 0;
    }
    return letters > 0;
}

static int all_digits(const char *s, size_t n)
{
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    return 1;
}

static int all_alpha(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!isalpha((unsigned char)*s))
            return 0;
    return 1;
}

/* Length of t[0..n) without marks at its end ("5060*", "161†"). */
static size_t unmarked_len(const char *t, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (import_mark_len(t + i) == n - i)
            return i;
    return n;
}

#define EN_DASH "\xE2\x80\x93"

/* A number or a range of two, t[0..n): "22", "55000–65535",
 * "1024-65535". Too many digits for a port is still a port cell
 * ("123456"): the parser reports it; otherwise the row would be read as a
 * wrapped line of the one before. */
static int is_number_or_range(const char *t, size_t n)
{
    size_t d = 0;
    while (d < n && isdigit((unsigned char)t[d]))
        d++;
    if (d == 0 || d > 9)
        return 0;
    if (d == n)
        return 1;
    const char *r = t + d;
    size_t dash = *r == '-' ? 1
                  : n - d >= 3 && strncmp(r, EN_DASH, 3) == 0 ? 3 : 0;
    return dash && all_digits(r + dash, n - d - dash);
}

static int is_transport(const char *t, size_t n)
{
    return (n == 3 && (strncasecmp(t, "tcp", 3) == 0 ||
                       strncasecmp(t, "udp", 3) == 0)) ||
           (n == 4 && strncasecmp(t, "sctp", 4) == 0);
}

/* A port atom without its marks and trailing separator, t[0..n):
 * "<any>"-like, "n/a", "any", ">=1024", "-5" (a port all the same, for the
 * parser to call negative), or numbers and ranges glued by ',' or '/'
 * ("3346/3348", "80,443"), the last maybe a transport ("5060-5061/tcp"). */
static int is_core(const char *t, size_t n)
{
    if (t[0] == '<' && memchr(t, '>', n))
        return 1;
    if (n == 3 && (strncasecmp(t, "n/a", 3) == 0 ||
                   strncasecmp(t, "any", 3) == 0))
        return 1;
    if (t[0] == '>' || t[0] == '<') {
        size_t k = (n > 1 && t[1] == '=') ? 2 : 1;
        return is_number_or_range(t + k, n - k);
    }
    if (t[0] == '-' && n > 1 && isdigit((unsigned char)t[1]))
        return is_number_or_range(t + 1, n - 1);
    for (size_t i = 0, parts = 0;; parts++) {
        size_t e = i;
        while (e < n && t[e] != ',' && t[e] != '/')
            e++;
        if (!is_number_or_range(t + i, e - i) &&
            !(parts > 0 && e == n && is_transport(t + i, e - i)))
            return 0;
        if (e == n)
            return 1;
        i = e + 1;
    }
}

/* A port atom: is_core with marks before and after it and one trailing
 * ',' or '/' ("123,", "1719*,") allowed. */
static int is_atom(const char *t)
{
    t += import_mark_len(t);
    size_t n = strlen(t);
    if (n > 0 && (t[n - 1] == ',' || t[n - 1] == '/'))
        n--;
    n = unmarked_len(t, n);
    return n > 0 && is_core(t, n);
}

static int glued_sep(const char *t)
{
    size_t n = unmarked_len(t, strlen(t));
    return n > 1 && (t[n - 1] == ',' || t[n - 1] == '/');
}

static int is_sep(const char *t)
{
    return strcmp(t, ",") == 0 || strcmp(t, "/") == 0 ||
           strcmp(t, "-") == 0 || strcmp(t, EN_DASH) == 0 ||
           strcasecmp(t, "or") == 0;
}

/* ---- cutting a row into cells ----------------------------------------- */

/* "(even)", "(odd ports)" at token j, after a port spec: which ports of
 * the range are meant. Returns the token after it (and its marks), j when
 * there is none. */
static size_t take_parity(const sp_line *l, size_t j)
{
    if (j >= l->n || l->tok[j][0] != '(')
        return j;
    for (size_t k = j; k < l->n && k < j + 2; k++) {
        const char *w = l->tok[k] + (k == j);
        size_t n = strcspn(w, ")");
        int word = k == j ? (n == 4 && strncasecmp(w, "even", 4) == 0) ||
                                (n == 3 && strncasecmp(w, "odd", 3) == 0)
                          : (n == 5 && strncasecmp(w, "ports", 5) == 0) ||
                                (n == 4 && strncasecmp(w, "port", 4) == 0);
        if (!word)
            return j;
        if (w[n] == ')')
            return skip_marks(l, k + 1);
    }
    return j;
}

/* A port spec from token i; returns i when there is none. */
static size_t take_ports(const sp_line *l, size_t i)
{
    size_t j = skip_marks(l, i);
    if (j >= l->n || !is_atom(l->tok[j]))
        return i;
    for (;;) {
        int glued = glued_sep(l->tok[j]);
        size_t end = skip_marks(l, j + 1), k = end;
        if (!glued && k < l->n && is_sep(l->tok[k]))
            k = skip_marks(l, k + 1);
        else if (!glued)
            return take_parity(l, end);
        if (k >= l->n || !is_atom(l->tok[k]))
            return take_parity(l, end);
        j = k;
    }
}

/* One "(...)" group starting at token j, if it closes within a few
 * tokens; returns j when there is none. */
static size_t take_paren(const sp_line *l, size_t j)
{
    if (j >= l->n || l->tok[j][0] != '(')
        return j;
    int depth = 0;
    for (size_t k = j; k < l->n && k < j + 12; k++) {
        for (const char *p = l->tok[k]; *p; p++)
            depth += (*p == '(') - (*p == ')');
        if (depth <= 0)
            return k + 1;
    }
    return j;
}

static size_t take_protocol(const sp_line *l, size_t i)
{
    if (i >= l->n)
        return i;
    return skip_marks(l, take_paren(l, i + 1));
}

/* "Protocol 50" after "IP": a word and a number. */
static size_t take_word_number(const sp_line *l, size_t j)
{
    if (j + 1 < l->n && all_alpha(l->tok[j]) &&
        all_digits(l->tok[j + 1], strlen(l->tok[j + 1])))
        return j + 2;
    return j;
}

/* The service phrase: see the file comment. */
static size_t take_phrase(const sp_line *l, size_t i)
{
    if (i >= l->n)
        return i;
    size_t j = i + 1;
    for (;;) {
        const char *prev = l->tok[j - 1];
        if (j + 1 < l->n && strcmp(l->tok[j], "/") == 0 &&
            is_acronym(l->tok[j + 1]))
            j += 2;
        else if (j < l->n && prev[strlen(prev) - 1] == '/' &&
                 is_acronym(l->tok[j]))
            j += 1;
        else
            break;
        j = take_word_number(l, j);
    }
    return skip_marks(l, take_paren(l, j));
}

/* Cells cut by position that make a row: a protocol, and port cells that
 * are port specs and nothing else. */
static int aligned_row(const sp_header *h, const sp_line *l,
                       const sp_span *cells)
{
    for (size_t c = 0; c < h->ncols; c++) {
        sp_span sp = cells[c];
        if (h->role[c] == COL_PROTOCOL && sp.a == sp.b)
            return 0;
        if (import_is_port_role(h->role[c]) &&
            (sp.a == sp.b || take_ports(l, sp.a) != sp.b))
            return 0;
    }
    return 1;
}

/* Cut l into one span per header column by the cells' shapes. Returns 0
 * when l is not a row: a port column without a port spec, or no
 * protocol. */
static int shape_cut(const sp_header *h, const sp_line *l, sp_span *cells)
{
    size_t i = 0;
    for (size_t c = 0; c < h->ncols; c++) {
        col_role role = h->role[c];
        size_t e;
        if (c + 1 == h->ncols && !import_is_port_role(role))
            e = l->n;
        else if (role == COL_PROTOCOL)
            e = take_protocol(l, i);
        else if (import_is_port_role(role))
            e = take_ports(l, i);
        else if (role == COL_DIRECTION || role == COL_REQUIREMENT)
            e = i < l->n ? skip_marks(l, i + 1) : i;
        else
            e = take_phrase(l, i);
        if (e == i && (role == COL_PROTOCOL || import_is_port_role(role)))
            return 0;
        cells[c].a = i;
        cells[c].b = e;
        i = e;
    }
    return i == l->n;
}

int spaced_row_cut(const sp_header *h, sp_line *l, sp_span *cells)
{
    if (spaced_line_align(h, l, cells) && aligned_row(h, l, cells))
        return 1;
    return shape_cut(h, l, cells);
}

/* ---- the header ------------------------------------------------------- */

static col_role role_of(const char *name)
{
    return import_column_role(name, NULL, 0);
}

/* Does word w belong to the column name so far ("Source" + "Port",
 * "Port" + "Number(s)", "Remote" + "Device")? */
static int joins_name(col_role name, col_role w)
{
    if (w == COL_UNKNOWN)
        return 1;
    if (name == COL_SRC_DEVICE || name == COL_DST_DEVICE)
        return w == COL_PORTS || w == COL_DEVICE;
    return name == COL_DEVICE && w == COL_DEVICE;
}

/* A header by its words: every word part of a short recognised column
 * name, the first one recognised, import_is_header() over the names.
 * Column names are single words ("Source‑Port") or short runs of them
 * ("Source Port"). */
static int words_header(const sp_line *l, sp_header *h)
{
    char names[SP_MAX_COLS][96];
    char *cells[SP_MAX_COLS];
    size_t words[SP_MAX_COLS];
    size_t n = 0;
    h->aligned = 0;
    for (size_t i = 0; i < l->n; i++) {
        col_role w = role_of(l->tok[i]);
        if (n > 0 && joins_name(h->role[n - 1], w) &&
            words[n - 1] < MAX_NAME_WORDS &&
            strlen(names[n - 1]) + strlen(l->tok[i]) + 2 < sizeof *names) {
            strcat(names[n - 1], " ");
            strcat(names[n - 1], l->tok[i]);
            words[n - 1]++;
            h->role[n - 1] = role_of(names[n - 1]);
            continue;
        }
        if (w == COL_UNKNOWN || n == SP_MAX_COLS ||
            strlen(l->tok[i]) >= sizeof *names)
            return 0;
        strcpy(names[n], l->tok[i]);
        words[n] = 1;
        h->role[n++] = w;
    }
    for (size_t i = 0; i < n; i++)
        cells[i] = names[i];
    h->ncols = n;
    return n >= 3 && import_is_header(cells, n);
}

/* A header line: a handful of words (no bars, no tabs) that read as
 * column names. Aligned (spaced_align.c) when its runs of two or more
 * spaces part the names, unless reading it by its words finds another
 * number of columns (a stray double space in a single-spaced header). */
int spaced_header_parse(const char *raw, sp_line *l, sp_header *h)
{
    sp_header a;
    if (strchr(raw, '|') || strchr(raw, '\t') || l->n < 3 ||
        l->n > MAX_HEADER_WORDS)
        return 0;
    int aligned = spaced_header_align(l, &a);
    int by_words = words_header(l, h);
    if (aligned && (!by_words || h->ncols == a.ncols)) {
        *h = a;
        return 1;
    }
    return by_words;
}
