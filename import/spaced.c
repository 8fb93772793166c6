/* spaced.c - reader for tables whose cells are separated only by spaces,
 * under a product heading and Inbound/Outbound headings, with footnote
 * legends after them:
 *
 *     Management Node
 *     Inbound
 *     Protocol Source-Port Dest-Port Description Device
 *     TCP <any> 22 SSH * SSH client
 *     UDP † 55000–65535 514 † Syslog ‡ Syslog server
 *     * Only required if you want to allow administrative access ...
 *
 * Cells have no separators and no fixed widths, so a row is cut by the
 * header's column order and what each kind of cell looks like:
 *   protocol   the first token, a "(TLS)" group after it, marks after that.
 *   ports      a port spec: [marks] atom [marks] (sep [marks] atom
 *              [marks])*, where an atom is a number, a range with '-' or
 *              '–', "<any>"-like, "n/a", "any", ">=1024", and sep is ","
 *              or "/" (also glued: "123,"), a spaced "-" or "–", or "or".
 *   description (when a column follows it) the service phrase: its first
 *              token; then "/"-joined tokens with no lower-case letter
 *              ("RTP / RTCP / TURN"), each maybe with a "word number" pair
 *              ("IPsec / IP Protocol 50"); then one parenthesised group
 *              ("H.323 (Q.931/H.245 signaling)"); then marks.
 *   direction, requirement (when a column follows) one token.
 *   device and other text columns (when a column follows) are read like a
 *              description: a device name before the description cannot
 *              be told from it by its tokens.
 *   the last column takes the rest of the line, and any lines directly
 *   below the row that are nothing else (a wrapped cell).
 * A line whose port columns do not read as port specs is not a row.
 *
 * Marks: marks in port cells stay there (the port-spec parser attaches
 * them to the ports). Marks after the protocol ("UDP ‡"), description and
 * device are cut out of those cells into the flow's marks, in column
 * order, so protocol "UDP" with marks "‡".
 *
 * Headings: a short line followed (blank lines aside) by a header row is a
 * direction heading if import_direction() reads it ("Inbound") and then
 * sets the section and the direction; a heading followed by a header or a
 * direction heading names the product. Captions after the tables ("X
 * inbound ports") are followed by neither and produce nothing. The product
 * defaults to the document title. Flows are oriented with import_orient:
 * inbound, device -> product; else product -> device.
 *
 * Blank lines, page numbers, the running title and a repeated header do
 * not end a table; any other line does. Footnote legends count once a
 * table was seen.
 *
 * It must not know any vendor, product or line number, parse port specs
 * beyond cutting cells, print, or exit. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "import_int.h"

#define MAX_COLS 16
#define MAX_TOKS 160
/* A wrapped last cell spans a few lines at most. */
#define MAX_WRAP 4
/* Header words: a header line is a handful of short column names. */
#define MAX_HEADER_WORDS 14
#define MAX_NAME_WORDS 3

typedef struct {
    col_role role[MAX_COLS];
    size_t ncols;
} sp_header;

/* A cleaned line cut into NUL-terminated tokens. tok[i] points into buf,
 * a copy of text with the separating spaces made NULs, so the cell made of
 * tokens a..b-1 is text[tok[a] - buf .. end of tok[b-1]]. */
typedef struct {
    char *text;
    char *buf;
    char *tok[MAX_TOKS];
    size_t n;
} sp_line;

typedef struct {
    size_t a, b;            /* tokens [a, b) */
} sp_span;

typedef struct {
    import_doc *doc;
    const import_lines *ls;
    const char *title;      /* doc->title: also a running page header */
    char *product;
    char *section;
    const char *direction;  /* from the direction heading, "" if none */
    sp_header h;
    int in_table;
    int seen_table;
} sp_reader;

/* ---- tokens ----------------------------------------------------------- */

static void line_free(sp_line *l)
{
    free(l->text);
    free(l->buf);
    memset(l, 0, sizeof *l);
}

/* Clean s and cut it into tokens; the last token keeps the rest of the
 * line if there are more than MAX_TOKS. */
static status line_cut(const char *s, size_t len, sp_line *l)
{
    memset(l, 0, sizeof *l);
    l->text = import_clean(s, len);
    l->buf = l->text ? strdup(l->text) : NULL;
    if (!l->buf) {
        line_free(l);
        return ST_NOMEM;
    }
    for (char *p = l->buf; *p;) {
        l->tok[l->n++] = p;
        if (l->n == MAX_TOKS)
            break;
        p += strcspn(p, " ");
        if (*p)
            *p++ = '\0';
    }
    return ST_OK;
}

/* The text of tokens [a, b) as a malloc'd string. */
static char *span_text(const sp_line *l, sp_span sp)
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

/* Length of t without marks at its end ("5060*", "161†"). */
static size_t unmarked_len(const char *t)
{
    size_t n = strlen(t);
    for (size_t i = 0; i < n; i++)
        if (import_mark_len(t + i) == n - i)
            return i;
    return n;
}

#define EN_DASH "\xE2\x80\x93"

/* A port atom: "22", "55000–65535", "1024-65535", ">=1024", "<any>",
 * "<PortNumber>+2", "n/a", "any", with marks and one trailing ',' or '/'
 * allowed. */
static int is_atom(const char *t)
{
    t += import_mark_len(t);
    size_t n = unmarked_len(t);
    if (n > 0 && (t[n - 1] == ',' || t[n - 1] == '/'))
        n--;
    if (n == 0)
        return 0;
    if (t[0] == '<' && memchr(t, '>', n))
        return 1;
    if ((n == 3 && (strncasecmp(t, "n/a", 3) == 0 ||
                    strncasecmp(t, "any", 3) == 0)))
        return 1;
    if (t[0] == '>' || t[0] == '<') {
        size_t k = (n > 1 && t[1] == '=') ? 2 : 1;
        t += k;
        n -= k;
    }
    size_t d = strspn(t, "0123456789");
    if (d == 0 || d > 5)
        return 0;
    if (d == n)
        return 1;
    const char *r = t + d;
    size_t dash = *r == '-' ? 1 : strncmp(r, EN_DASH, 3) == 0 ? 3 : 0;
    return dash && all_digits(r + dash, n - d - dash);
}

static int glued_sep(const char *t)
{
    size_t n = unmarked_len(t);
    return n > 1 && (t[n - 1] == ',' || t[n - 1] == '/');
}

static int is_sep(const char *t)
{
    return strcmp(t, ",") == 0 || strcmp(t, "/") == 0 ||
           strcmp(t, "-") == 0 || strcmp(t, EN_DASH) == 0 ||
           strcasecmp(t, "or") == 0;
}

/* ---- cutting a row into cells ----------------------------------------- */

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
            return end;
        if (k >= l->n || !is_atom(l->tok[k]))
            return end;
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

static int is_port_role(col_role r)
{
    return r == COL_PORTS || r == COL_SRC_PORTS || r == COL_DST_PORTS;
}

/* Cut l into one span per header column. Returns 0 when l is not a row:
 * a port column without a port spec, or no protocol. */
static int row_cut(const sp_header *h, const sp_line *l, sp_span *cells)
{
    size_t i = 0;
    for (size_t c = 0; c < h->ncols; c++) {
        col_role role = h->role[c];
        size_t e;
        if (c + 1 == h->ncols && !is_port_role(role))
            e = l->n;
        else if (role == COL_PROTOCOL)
            e = take_protocol(l, i);
        else if (is_port_role(role))
            e = take_ports(l, i);
        else if (role == COL_DIRECTION || role == COL_REQUIREMENT)
            e = i < l->n ? skip_marks(l, i + 1) : i;
        else
            e = take_phrase(l, i);
        if (e == i && (role == COL_PROTOCOL || is_port_role(role)))
            return 0;
        cells[c].a = i;
        cells[c].b = e;
        i = e;
    }
    return i == l->n;
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

/* A header line: every word part of a short recognised column name, the
 * first one recognised, import_is_header() over the names. Column names
 * are single words ("Source‑Port") or short runs of them ("Source Port"). */
static int header_parse(const char *raw, const sp_line *l, sp_header *h)
{
    char names[MAX_COLS][96];
    char *cells[MAX_COLS];
    size_t words[MAX_COLS];
    size_t n = 0;
    if (strchr(raw, '|') || strchr(raw, '\t') || l->n < 3 ||
        l->n > MAX_HEADER_WORDS)
        return 0;
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
        if (w == COL_UNKNOWN || n == MAX_COLS ||
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

/* ---- looking at lines ------------------------------------------------- */

static size_t word_count(const char *s)
{
    size_t n = 0;
    for (const char *p = s; *p; p++)
        if (*p != ' ' && (p == s || p[-1] == ' '))
            n++;
    return n;
}

/* A page number ("12", "Page 3 of 40", "- 7 -") or the running title. */
static int is_furniture(const char *clean, const char *title)
{
    if (title[0] && strcmp(clean, title) == 0)
        return 1;
    if (word_count(clean) > 5)
        return 0;
    int numbers = 0;
    for (const char *w = clean; *w;) {
        size_t n = strcspn(w, " ");
        if (strspn(w, "0123456789") == n)
            numbers++;
        else if (!(n == 4 && strncasecmp(w, "page", 4) == 0) &&
                 !(n == 2 && strncasecmp(w, "of", 2) == 0) &&
                 !(n == 1 && strchr("-/", *w)))
            return 0;
        w += n;
        w += strspn(w, " ");
    }
    return numbers > 0;
}

/* Short, has a letter, no sentence punctuation at its end, not a bullet. */
static int is_heading(const char *clean)
{
    size_t len = strlen(clean);
    if (len == 0 || len > 100 || word_count(clean) > 12)
        return 0;
    if (strchr(".:;,!?", clean[len - 1]))
        return 0;
    unsigned char c = (unsigned char)clean[0];
    if (c < 0x80 && !isalnum(c))
        return 0;
    for (const char *p = clean; *p; p++)
        if (isalpha((unsigned char)*p))
            return 1;
    return 0;
}

static size_t next_nonblank(const import_lines *ls, size_t i)
{
    for (i++; i < ls->n && import_blank(ls->v[i].s); i++)
        ;
    return i;
}

/* Is line i a header row? Fills *h. */
static int header_at(const import_lines *ls, size_t i, sp_header *h)
{
    sp_line l;
    if (i >= ls->n || line_cut(ls->v[i].s, ls->v[i].len, &l) != ST_OK)
        return 0;
    int yes = header_parse(ls->v[i].s, &l, h);
    line_free(&l);
    return yes;
}

/* "Inbound" above a header row: the direction it gives, else "". */
static const char *direction_heading_at(const import_lines *ls, size_t i)
{
    sp_header h;
    char *c = import_clean(ls->v[i].s, ls->v[i].len);
    if (!c)
        return "";
    const char *dir = is_heading(c) && word_count(c) <= 4
                          ? import_direction(c) : "";
    free(c);
    if (!dir[0] || !header_at(ls, next_nonblank(ls, i), &h))
        return "";
    return dir;
}

/* A heading above a direction heading or a header row names the
 * product. */
static int product_heading_at(const import_lines *ls, size_t i)
{
    sp_header h;
    char *c = import_clean(ls->v[i].s, ls->v[i].len);
    if (!c)
        return 0;
    int heading = is_heading(c);
    free(c);
    size_t j = next_nonblank(ls, i);
    return heading && j < ls->n &&
           (header_at(ls, j, &h) || direction_heading_at(ls, j)[0]);
}

/* ---- flows ------------------------------------------------------------ */

/* Where a cell of the given role goes in f; NULL if nowhere. */
static char **field_of(import_flow *f, col_role role, char **remote)
{
    switch (role) {
    case COL_SRC_DEVICE: return &f->source;
    case COL_SRC_PORTS: return &f->source_ports;
    case COL_DST_DEVICE: return &f->destination;
    case COL_PORTS:
    case COL_DST_PORTS: return &f->destination_ports;
    case COL_PROTOCOL: return &f->protocol;
    case COL_DESCRIPTION: return &f->description;
    case COL_REQUIREMENT: return &f->requirement;
    case COL_DEVICE:
    case COL_VENDOR: return remote;
    default: return NULL;
    }
}

/* cells[k] are malloc'd texts, one per header column; edited in place. */
static status emit_row(sp_reader *r, int line, char **cells)
{
    import_flow f = {0};
    char *remote = NULL, *marks = NULL;
    int two_ends = 0;
    status st = ST_OK;
    f.line = line;
    f.product = r->product;
    f.section = r->section;
    f.direction = (char *)r->direction;
    for (size_t k = 0; k < r->h.ncols && st == ST_OK; k++) {
        col_role role = r->h.role[k];
        if (role == COL_DIRECTION) {
            f.direction = (char *)import_direction(cells[k]);
            continue;
        }
        char **dst = field_of(&f, role, &remote);
        if (!dst || (*dst && (*dst)[0]))
            continue; /* unused column, or a second one of a kind */
        if (!is_port_role(role))
            st = import_cell_marks(r->doc, line, cells[k], &marks);
        *dst = cells[k];
        two_ends |= role == COL_SRC_DEVICE || role == COL_DST_DEVICE;
    }
    if (!two_ends)
        import_orient(&f, f.product, remote ? remote : "", f.direction);
    f.marks = marks;
    if (st == ST_OK)
        st = import_add_flow(r->doc, &f);
    free(marks);
    return st;
}

/* Is line j (directly below a row) the rest of the row's last cell? */
static int continues_row(sp_reader *r, size_t j)
{
    const import_line *ln = &r->ls->v[j];
    sp_line l;
    sp_span cells[MAX_COLS];
    sp_header h;
    char *mark, *text;
    if (import_blank(ln->s) || line_cut(ln->s, ln->len, &l) != ST_OK)
        return 0;
    int other = is_furniture(l.text, r->title) ||
                row_cut(&r->h, &l, cells) || header_parse(ln->s, &l, &h) ||
                direction_heading_at(r->ls, j)[0] ||
                product_heading_at(r->ls, j);
    if (!other && import_legend(l.text, &mark, &text)) {
        free(mark);
        free(text);
        other = 1;
    }
    line_free(&l);
    return !other;
}

/* Append line j, cleaned, to *cell after a space. */
static status append_line(char **cell, const import_line *ln)
{
    char *more = import_clean(ln->s, ln->len);
    if (!more)
        return ST_NOMEM;
    size_t a = strlen(*cell);
    char *s = realloc(*cell, a + strlen(more) + 2);
    if (!s) {
        free(more);
        return ST_NOMEM;
    }
    if (a)
        s[a++] = ' ';
    strcpy(s + a, more);
    *cell = s;
    free(more);
    return ST_OK;
}

/* The row at line *i (already cut into spans), with the lines that wrap
 * its last cell; *i is left on the last line used. */
static status read_row(sp_reader *r, size_t *i, const sp_line *l,
                       const sp_span *spans)
{
    char *cells[MAX_COLS] = {0};
    size_t n = r->h.ncols;
    int line = r->ls->v[*i].no;
    status st = ST_OK;
    for (size_t k = 0; k < n && st == ST_OK; k++)
        if (!(cells[k] = span_text(l, spans[k])))
            st = ST_NOMEM;
    for (size_t w = 0; st == ST_OK && w < MAX_WRAP && *i + 1 < r->ls->n &&
                       continues_row(r, *i + 1);
         w++)
        st = append_line(&cells[n - 1], &r->ls->v[++*i]);
    if (st == ST_OK)
        st = emit_row(r, line, cells);
    for (size_t k = 0; k < n; k++)
        free(cells[k]);
    return st;
}

/* ---- the reader ------------------------------------------------------- */

static status replace(char **field, char *text)
{
    if (!text)
        return ST_NOMEM;
    free(*field);
    *field = text;
    return ST_OK;
}

/* A line that is not part of a table: legend, heading or prose. */
static status text_line(sp_reader *r, size_t i, const char *clean)
{
    char *mark, *text;
    const char *dir;
    status st = ST_OK;
    if (r->seen_table && import_legend(clean, &mark, &text)) {
        st = import_add_note(r->doc, r->ls->v[i].no, mark, text);
        free(mark);
        free(text);
    } else if ((dir = direction_heading_at(r->ls, i))[0]) {
        r->direction = dir;
        st = replace(&r->section, strdup(clean));
    } else if (product_heading_at(r->ls, i)) {
        r->direction = "";
        st = replace(&r->product, import_product_name(clean));
        if (st == ST_OK)
            st = replace(&r->section, strdup(""));
    }
    return st;
}

static status sp_line_read(sp_reader *r, size_t *i)
{
    const import_line *ln = &r->ls->v[*i];
    sp_line l;
    sp_span spans[MAX_COLS];
    sp_header h;
    if (import_blank(ln->s))
        return ST_OK;
    status st = line_cut(ln->s, ln->len, &l);
    if (st != ST_OK)
        return st;
    if (is_furniture(l.text, r->title)) {
        /* a page break inside a table, or nothing */
    } else if (header_parse(ln->s, &l, &h)) {
        r->h = h;
        r->in_table = r->seen_table = 1;
    } else if (r->in_table && row_cut(&r->h, &l, spans)) {
        st = read_row(r, i, &l, spans);
    } else {
        r->in_table = 0;
        st = text_line(r, *i, l.text);
    }
    line_free(&l);
    return st;
}

status import_spaced_read(const import_lines *ls, import_doc *doc)
{
    sp_reader r = {.doc = doc, .ls = ls, .direction = ""};
    status st = ST_NOMEM;
    r.title = doc->title ? doc->title : "";
    r.product = import_product_name(r.title);
    r.section = strdup("");
    if (r.product && r.section) {
        st = ST_OK;
        for (size_t i = 0; i < ls->n && st == ST_OK; i++)
            st = sp_line_read(&r, &i);
    }
    free(r.product);
    free(r.section);
    if (st == ST_OK && !r.seen_table) {
        st = import_add_diag(doc, 0, SEV_ERROR, "no space-separated table "
                             "with a recognised header");
        if (st == ST_OK)
            st = ST_FORMAT;
    }
    return st;
}

/* 10 per header row, 1 per row under one. */
int import_spaced_score(const import_lines *ls)
{
    sp_header h = {0}, nh;
    sp_span spans[MAX_COLS];
    int score = 0, in_table = 0;
    for (size_t i = 0; i < ls->n; i++) {
        sp_line l;
        if (import_blank(ls->v[i].s))
            continue;
        if (line_cut(ls->v[i].s, ls->v[i].len, &l) != ST_OK)
            return score;
        if (header_parse(ls->v[i].s, &l, &nh)) {
            h = nh;
            score += 10;
            in_table = 1;
        } else if (in_table && row_cut(&h, &l, spans)) {
            score++;
        } else {
            in_table = 0;
        }
        line_free(&l);
    }
    return score;
}
