/* pipe.c - reader for "a | b | c |" tables under plain-text headings: one
 * row per line, cells separated by '|', usually with a closing '|' and no
 * opening one (a line starting with '|' is Markdown, see markdown.c).
 *
 * What it reads:
 *  - a header row: a '|' line whose cells import_is_header() recognises.
 *    Columns are mapped by what they say (import_column_role), so their
 *    order and wording may vary from one table to the next.
 *  - the rows below it, until a heading or a prose line. Blank lines and
 *    page furniture (a page number, the running title) do not end a table;
 *    a header repeated after a page break starts it again.
 *  - headings: short plain lines without sentence punctuation. The nearest
 *    one is the section of the flows below it.
 *  - footnote legends ("* Only required if ...") once a table was seen.
 *
 * Who is at each end (these tables list one side's ports):
 *  - the product, the local side, is the name the connection column gives
 *    ("Monitoring Server Connection", "Connection to Prognosis Server");
 *    without such a column, the document title.
 *  - the remote side is the row's Vendor/Device cell when the table has
 *    that column and the cell is not empty; else the section heading,
 *    unless the heading speaks of ports ("Base Ports", "Common Ports" group
 *    the product's own ports and name no device); else "".
 *  - From/To columns, when a table has them, give both ends directly.
 *  - the Port column is the port connected to: destination_ports.
 *  - an Executable column (the local process) is not stored: the flow has
 *    no place for it, and the description stays the table's own text.
 *
 * Mess it copes with:
 *  - a row missing its direction cell, so the cells after it moved left
 *    ("1972 | TCP | SQL queries from the AACC database. |"): when that cell
 *    reads as prose and nothing follows it, the cells move back; warning.
 *  - a direction it cannot read ("External (Verint system)"): direction ""
 *    and a warning quoting it.
 *  - a header padded with hundreds of '|': empty trailing cells dropped.
 *  - a cell wrapped onto the next lines (a row without its closing '|'):
 *    lines joined until the closing '|'.
 *
 * It must not know any vendor, product or line number, parse port cells
 * (they are kept as cleaned text, marks and all), print, or exit. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "import_int.h"

#define MAX_COLS 32
#define NAME_LEN 64
/* A wrapped cell spans a few lines at most; past that the row is taken
 * as it stands rather than swallowing what follows. */
#define MAX_WRAP 4

typedef struct {
    col_role role[MAX_COLS];
    char name[MAX_COLS][NAME_LEN];  /* header text, for warnings */
    size_t ncols;
    char local[128];                /* local side named by the header */
    int closed;                     /* header ends with '|': rows must too */
} pipe_table;

typedef struct {
    char **v;
    size_t n;
} pipe_cells;

typedef struct {
    import_doc *doc;
    const char *title;              /* doc->title: a running page header */
    char *title_product;            /* product when no header names one */
    char *heading;                  /* nearest heading, "" if none */
    pipe_table t;
    int in_table;
    int seen_table;
} pipe_reader;

/* ---- lines ------------------------------------------------------------ */

static const char *skip_spaces(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

static int ends_with_bar(const char *s)
{
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return n > 0 && s[n - 1] == '|';
}

static size_t count_bars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += (*s == '|');
    return n;
}

/* "a | b |": two bars at least (one is prose: "A | B"), and does not open
 * with one (that is Markdown). */
static int is_pipe_row(const char *s)
{
    return *skip_spaces(s) != '|' && count_bars(s) >= 2;
}

static size_t word_count(const char *s)
{
    size_t n = 0;
    for (const char *p = s; *p; p++)
        if (*p != ' ' && (p == s || p[-1] == ' '))
            n++;
    return n;
}

/* A page number ("12", "Page 3 of 40", "- 7 -") or the running title: lines
 * a page break leaves inside a table. */
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

/* A heading: short, has a letter, no sentence punctuation at its end. */
static int is_heading(const char *clean)
{
    size_t len = strlen(clean);
    if (len == 0 || len > 100 || word_count(clean) > 12)
        return 0;
    if (strchr(".:;,!?", clean[len - 1]))
        return 0;
    unsigned char c = (unsigned char)clean[0];
    if (c < 0x80 && !isalnum(c))
        return 0; /* bullets, marks, "- [link](#)" */
    for (const char *p = clean; *p; p++)
        if (isalpha((unsigned char)*p))
            return 1;
    return 0;
}

/* A heading that groups the product's own ports ("Common Ports", "Port
 * Requirements") names no device. */
static int speaks_of_ports(const char *heading)
{
    for (const char *p = heading; *p; p++) {
        if (p != heading && isalnum((unsigned char)p[-1]))
            continue;
        if (strncasecmp(p, "port", 4) != 0)
            continue;
        const char *e = p + 4;
        if (*e == 's' || *e == 'S')
            e++;
        if (!isalnum((unsigned char)*e))
            return 1;
    }
    return 0;
}

/* ---- cells ------------------------------------------------------------ */

static void cells_free(pipe_cells *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->v[i]);
    free(c->v);
    c->v = NULL;
    c->n = 0;
}

/* Split text on '|' into cleaned cells, at least min of them ("" for the
 * missing ones), trailing empty cells beyond min dropped. */
static status cells_split(const char *text, size_t min, pipe_cells *c)
{
    status st = ST_NOMEM;
    size_t max = count_bars(text) + 1;
    char *copy = strdup(text);
    char **raw = malloc(max * sizeof *raw);
    c->n = 0;
    c->v = calloc(max > min ? max : min, sizeof *c->v);
    if (!copy || !raw || !c->v)
        goto out;
    size_t n = import_split(copy, '|', raw, max);
    for (size_t i = 0; i < n; i++) {
        if (!(c->v[i] = import_clean(raw[i], strlen(raw[i]))))
            goto out;
        c->n = i + 1;
    }
    while (c->n > min && c->v[c->n - 1][0] == '\0')
        free(c->v[--c->n]);
    while (c->n < min)
        if (!(c->v[c->n++] = strdup("")))
            goto out;
    st = ST_OK;
out:
    if (st != ST_OK)
        cells_free(c);
    free(copy);
    free(raw);
    return st;
}

/* ---- tables ----------------------------------------------------------- */

static int find_role(const pipe_table *t, col_role r)
{
    for (size_t i = 0; i < t->ncols; i++)
        if (t->role[i] == r)
            return (int)i;
    return -1;
}

static void table_set(pipe_table *t, const pipe_cells *c, const char *line)
{
    memset(t, 0, sizeof *t);
    t->ncols = c->n < MAX_COLS ? c->n : MAX_COLS;
    for (size_t i = 0; i < t->ncols; i++) {
        char local[sizeof t->local];
        t->role[i] = import_column_role(c->v[i], local, sizeof local);
        if (t->role[i] == COL_DIRECTION && !t->local[0])
            memcpy(t->local, local, sizeof local);
        strncpy(t->name[i], c->v[i], NAME_LEN - 1);
    }
    t->closed = ends_with_bar(line);
}

/* The row starting at line *i, with a wrapped last cell joined on: while
 * the row lacks its closing '|', following lines are part of it if they
 * bring it to a closing '|' within the header's number of bars. *i is left
 * on the last line used. malloc'd. */
static char *join_wrapped(const pipe_table *t, const import_lines *ls,
                          size_t *i)
{
    const char *first = ls->v[*i].s;
    size_t end = *i, bars = count_bars(first);
    if (t->closed && !ends_with_bar(first)) {
        for (size_t j = *i + 1; j < ls->n && j <= *i + MAX_WRAP; j++) {
            const char *s = ls->v[j].s;
            bars += count_bars(s);
            if (import_blank(s) || bars > t->ncols)
                break;
            if (ends_with_bar(s)) {
                end = j;
                break;
            }
        }
    }
    size_t len = 0;
    for (size_t j = *i; j <= end; j++)
        len += ls->v[j].len + 1;
    char *text = malloc(len + 1);
    if (!text)
        return NULL;
    text[0] = '\0';
    for (size_t j = *i; j <= end; j++) {
        strcat(text, ls->v[j].s);
        strcat(text, " ");
    }
    *i = end;
    return text;
}

/* ---- rows ------------------------------------------------------------- */

static int is_none(const char *s)
{
    return !*s || strcasecmp(s, "n/a") == 0 || strcasecmp(s, "na") == 0 ||
           strcasecmp(s, "none") == 0 || strcmp(s, "-") == 0;
}

static int reads_as_prose(const char *s)
{
    size_t n = strlen(s);
    return word_count(s) >= 4 || (n > 0 && s[n - 1] == '.');
}

/* A row that lost its direction cell has its later cells one column to the
 * left: the direction column holds prose and nothing follows. Move them
 * back, leaving the direction empty. */
static status unshift(pipe_reader *r, int line, pipe_cells *c)
{
    int d = find_role(&r->t, COL_DIRECTION);
    size_t n = r->t.ncols;
    if (d < 0 || (size_t)d + 1 >= n)
        return ST_OK;
    char *cell = c->v[d];
    if (!cell[0] || import_direction(cell)[0] || !reads_as_prose(cell))
        return ST_OK;
    for (size_t k = (size_t)d + 1; k < n; k++)
        if (c->v[k][0])
            return ST_OK;
    char *empty = c->v[n - 1];
    memmove(&c->v[d + 1], &c->v[d], (n - 1 - (size_t)d) * sizeof *c->v);
    c->v[d] = empty;
    return import_add_diag(r->doc, line, SEV_WARNING,
                           "the \"%s\" cell is missing (the cells after "
                           "it moved left); its text was read as \"%s\"",
                           r->t.name[d], r->t.name[d + 1]);
}

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

static int is_port_role(col_role r)
{
    return r == COL_PORTS || r == COL_SRC_PORTS || r == COL_DST_PORTS;
}

static status check_direction(pipe_reader *r, int line, const char *cell)
{
    if (is_none(cell) || import_direction(cell)[0])
        return ST_OK;
    return import_add_diag(r->doc, line, SEV_WARNING,
                           "direction \"%s\" not understood", cell);
}

/* Cells to flow. Cells are edited in place (marks cut out). */
static status emit_row(pipe_reader *r, int line, pipe_cells *c)
{
    import_flow f = {0};
    char *remote = NULL, *marks = NULL;
    const char *dir_cell = "";
    int two_ends = 0;
    status st = unshift(r, line, c);
    f.line = line;
    f.product = r->t.local[0] ? r->t.local : r->title_product;
    f.section = r->heading;
    f.direction = "";
    for (size_t k = 0; k < r->t.ncols && st == ST_OK; k++) {
        col_role role = r->t.role[k];
        if (role == COL_DIRECTION) {
            dir_cell = c->v[k];
            f.direction = (char *)import_direction(c->v[k]);
            continue;
        }
        char **dst = field_of(&f, role, &remote);
        if (!dst || (*dst && (*dst)[0]))
            continue; /* unused column, or a second one of a kind */
        if (!is_port_role(role))
            st = import_cell_marks(r->doc, line, c->v[k], &marks);
        *dst = c->v[k];
        two_ends |= role == COL_SRC_DEVICE || role == COL_DST_DEVICE;
    }
    if (st == ST_OK)
        st = check_direction(r, line, dir_cell);
    if (st == ST_OK && c->n > r->t.ncols)
        st = import_add_diag(r->doc, line, SEV_WARNING,
                             "row has %zu cells, its header %zu: the last "
                             "ones were not read", c->n, r->t.ncols);
    if (!two_ends) {
        if (!remote || !remote[0])
            remote = speaks_of_ports(r->heading) ? "" : r->heading;
        import_orient(&f, f.product, remote, f.direction);
    }
    f.marks = marks;
    if (st == ST_OK)
        st = import_add_flow(r->doc, &f);
    free(marks);
    return st;
}

/* ---- the reader ------------------------------------------------------- */

static status pipe_row_line(pipe_reader *r, const import_lines *ls,
                            size_t *i)
{
    const import_line *l = &ls->v[*i];
    pipe_cells c;
    status st = cells_split(l->s, 0, &c);
    if (st != ST_OK)
        return st;
    if (import_is_header(c.v, c.n)) {
        table_set(&r->t, &c, l->s);
        r->in_table = r->seen_table = 1;
        cells_free(&c);
        return ST_OK;
    }
    cells_free(&c);
    if (!r->in_table)
        return import_add_diag(r->doc, l->no, SEV_WARNING,
                               "'|' row with no table header above it: "
                               "not read");
    char *text = join_wrapped(&r->t, ls, i);
    if (!text)
        return ST_NOMEM;
    st = cells_split(text, r->t.ncols, &c);
    free(text);
    if (st == ST_OK)
        st = emit_row(r, l->no, &c);
    cells_free(&c);
    return st;
}

static status set_heading(pipe_reader *r, char *clean)
{
    free(r->heading);
    r->heading = clean;
    r->in_table = 0;
    return ST_OK;
}

static status pipe_line(pipe_reader *r, const import_lines *ls, size_t *i)
{
    const import_line *l = &ls->v[*i];
    if (import_blank(l->s))
        return ST_OK;
    if (is_pipe_row(l->s))
        return pipe_row_line(r, ls, i);
    char *clean = import_clean(l->s, l->len);
    if (!clean)
        return ST_NOMEM;
    status st = ST_OK;
    char *mark, *text;
    if (is_furniture(clean, r->title)) {
        free(clean);
    } else if (r->seen_table && import_legend(clean, &mark, &text)) {
        st = import_add_note(r->doc, l->no, mark, text);
        free(mark);
        free(text);
        free(clean);
        r->in_table = 0;
    } else if (is_heading(clean)) {
        return set_heading(r, clean);
    } else {
        free(clean); /* prose */
        r->in_table = 0;
    }
    return st;
}

status import_pipe_read(const import_lines *ls, import_doc *doc)
{
    pipe_reader r = {.doc = doc, .title = doc->title ? doc->title : ""};
    status st = ST_NOMEM;
    r.title_product = import_product_name(r.title);
    r.heading = strdup("");
    if (r.title_product && r.heading) {
        st = ST_OK;
        for (size_t i = 0; i < ls->n && st == ST_OK; i++)
            st = pipe_line(&r, ls, &i);
    }
    free(r.title_product);
    free(r.heading);
    if (st == ST_OK && !r.seen_table) {
        st = import_add_diag(doc, 0, SEV_ERROR, "no \"a | b | c |\" table "
                             "with a recognised header");
        if (st == ST_OK)
            st = ST_FORMAT;
    }
    return st;
}

/* 10 per header row in this style, 1 per row under one. */
int import_pipe_score(const import_lines *ls)
{
    int score = 0, in_table = 0;
    for (size_t i = 0; i < ls->n; i++) {
        const char *s = ls->v[i].s;
        if (!is_pipe_row(s)) {
            in_table = in_table && import_blank(s);
            continue;
        }
        pipe_cells c;
        if (cells_split(s, 0, &c) != ST_OK)
            return score;
        if (import_is_header(c.v, c.n)) {
            score += 10;
            in_table = 1;
        } else if (in_table) {
            score++;
        }
        cells_free(&c);
    }
    return score;
}
