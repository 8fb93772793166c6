/* pipe.c - reader for "a | b | c |" tables under plain-text headings: one
 * row per line, cells separated by '|', usually with a closing '|' and no
 * opening one (a line starting with '|' is Markdown, see markdown.c).
 *
 * What it reads:
 *  - a header row: a '|' line whose cells import_is_header() recognises.
 *    Columns are mapped by what they say (import_column_role), so their
 *    order and wording may vary from one table to the next.
 *  - the rows below it, until a heading or a prose line. Blank lines and
 *    page furniture (a page number, the running title, a footer) do not
 *    end a table; a header repeated after a page break starts it again.
 *  - headings: short plain lines without sentence punctuation. The nearest
 *    one is the section of the flows below it.
 *  - footnote legends ("* Only required if ...") once a table was seen;
 *    before the first, only dagger ones (a starred line may be a bullet).
 *
 * Who is at each end (these tables list one side's ports):
 *  - the product, the local side, is the name the connection column gives
 *    ("Monitoring Server Connection", "Connection to Prognosis Server");
 *    without such a column, the product a product heading names (one that
 *    names ports, is numbered, "3.1 Media Server", or ends in a version,
 *    "Orsk Sentinel 4.2": import_is_product_heading), without its number;
 *    else the document title's.
 *  - the remote side is the row's Vendor/Device cell when the table has
 *    that column and the cell is not empty; else the section heading
 *    without its number, unless the heading speaks of ports ("Base Ports",
 *    "Common Ports" group the product's own ports and name no device) or
 *    is the product; else "".
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

#define NAME_LEN 64

typedef struct {
    col_role role[IMPORT_MAX_COLS];
    char name[IMPORT_MAX_COLS][NAME_LEN];   /* header text, for warnings */
    size_t ncols;
    char local[128];        /* local side named by the header */
    int closed;             /* header ends with '|': rows must too */
} pipe_table;

typedef struct {
    import_doc *doc;
    const char *title;      /* doc->title: a running page header */
    char *title_product;    /* product when no header names one */
    char *heading;          /* nearest heading, "" if none */
    char *head_product;     /* the product a product heading names
                               ("3.1 Media Server": "Media Server"), or
                               NULL */
    pipe_table t;
    int in_table;
    int seen_table;
} pipe_reader;

/* ---- lines ------------------------------------------------------------ */

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
    return s[strspn(s, " \t")] != '|' && count_bars(s) >= 2;
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

/* Split text on '|' into cleaned cells, at least min of them ("" for the
 * missing ones), trailing empty cells beyond min dropped. */
static status cells_split(const char *text, size_t min, import_bar_cells *c)
{
    size_t max = count_bars(text) + 1;
    char *copy = strdup(text);
    char **raw = malloc(max * sizeof *raw);
    status st = import_bar_cells_init(c, max, min);
    if (st == ST_OK && (!copy || !raw))
        st = ST_NOMEM;
    size_t n = st == ST_OK ? import_split(copy, '|', raw, max) : 0;
    for (size_t i = 0; i < n && st == ST_OK; i++)
        st = import_bar_cells_add(c, raw[i], strlen(raw[i]));
    if (st == ST_OK)
        st = import_bar_cells_fit(c, min);
    if (st != ST_OK)
        import_bar_cells_free(c);
    free(copy);
    free(raw);
    return st;
}

static const import_bars PIPE = {is_pipe_row, NULL, cells_split, count_bars,
                                 ends_with_bar};

/* ---- tables ----------------------------------------------------------- */

static int find_role(const pipe_table *t, col_role r)
{
    for (size_t i = 0; i < t->ncols; i++)
        if (t->role[i] == r)
            return (int)i;
    return -1;
}

static void table_set(pipe_table *t, const import_bar_cells *c,
                      const char *line)
{
    memset(t, 0, sizeof *t);
    t->ncols = c->n < IMPORT_MAX_COLS ? c->n : IMPORT_MAX_COLS;
    for (size_t i = 0; i < t->ncols; i++) {
        char local[sizeof t->local];
        t->role[i] = import_column_role(c->v[i], local, sizeof local);
        if (t->role[i] == COL_DIRECTION && !t->local[0])
            memcpy(t->local, local, sizeof local);
        strncpy(t->name[i], c->v[i], NAME_LEN - 1);
    }
    t->closed = ends_with_bar(line);
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
    return import_word_count(s) >= 4 || (n > 0 && s[n - 1] == '.');
}

/* A row that lost its direction cell has its later cells one column to the
 * left: the direction column holds prose and nothing follows. Move them
 * back, leaving the direction empty. */
static status unshift(pipe_reader *r, int line, import_bar_cells *c)
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

static status check_direction(pipe_reader *r, int line, const char *cell)
{
    if (is_none(cell) || import_direction(cell)[0])
        return ST_OK;
    return import_add_diag(r->doc, line, SEV_WARNING,
                           "direction \"%s\" not understood", cell);
}

/* The local side of a row and, when it has no device cell, the remote
 * one: the side the connection column names and the device the heading
 * names (without its section number), unless the heading speaks of ports;
 * else the product a product heading names and no remote side; else the
 * document title's product and the heading. */
static const char *row_ends(const pipe_reader *r, const char **remote)
{
    const char *name = r->heading + import_section_number_len(r->heading);
    *remote = speaks_of_ports(r->heading) ? "" : name;
    if (r->t.local[0])
        return r->t.local;
    if (r->head_product) {
        *remote = "";
        return r->head_product;
    }
    return r->title_product;
}

/* Cells to flow. Cells are edited in place (marks cut out). */
static status emit_row(pipe_reader *r, int line, import_bar_cells *c)
{
    import_flow f = {0};
    import_taken t = {0};
    const char *remote;
    status st = unshift(r, line, c);
    f.line = line;
    f.product = (char *)row_ends(r, &remote);
    f.section = r->heading;
    f.direction = "";
    if (st == ST_OK)
        st = import_take_cells(r->doc, line, r->t.role, c->v, r->t.ncols,
                               &f, &t);
    if (st == ST_OK)
        st = check_direction(r, line, t.direction);
    if (st == ST_OK)
        st = import_warn_extra_cells(r->doc, line, c->n, r->t.ncols);
    if (st == ST_OK)
        st = import_add_taken(r->doc, &f, &t, remote);
    free(t.marks);
    return st;
}

/* ---- the reader ------------------------------------------------------- */

static status pipe_row_line(pipe_reader *r, const import_lines *ls,
                            size_t *i)
{
    const import_line *l = &ls->v[*i];
    import_bar_cells c;
    status st = cells_split(l->s, 0, &c);
    if (st != ST_OK)
        return st;
    if (import_is_header(c.v, c.n)) {
        table_set(&r->t, &c, l->s);
        r->in_table = r->seen_table = 1;
        import_bar_cells_free(&c);
        return ST_OK;
    }
    import_bar_cells_free(&c);
    if (!r->in_table)
        return import_add_diag(r->doc, l->no, SEV_WARNING,
                               "'|' row with no table header above it: "
                               "not read");
    st = import_bars_row(&PIPE, ls, i, r->t.closed, r->t.ncols, r->t.ncols,
                         &c);
    if (st == ST_OK)
        st = emit_row(r, l->no, &c);
    import_bar_cells_free(&c);
    return st;
}

/* A heading (cleaned, malloc'd: taken) is the section of what follows;
 * a product heading names its product too. */
static status new_heading(pipe_reader *r, char *clean)
{
    char *product = NULL;
    if (import_is_product_heading(clean)) {
        product = import_product_name(clean +
                                      import_section_number_len(clean));
        if (!product) {
            free(clean);
            return ST_NOMEM;
        }
    }
    free(r->head_product);
    r->head_product = product;
    return import_replace(&r->heading, clean);
}

/* Not a row: furniture, a legend (ends the table), a heading (the section
 * of what follows) or prose (ends the table). */
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
    if (import_is_furniture(clean, r->title) || import_is_footer(clean)) {
        /* a page break */
    } else if ((r->seen_table || !import_may_be_bullet(clean)) &&
               import_note_legend(r->doc, l->no, clean, &st)) {
        /* before any table a starred line may be a bullet; a dagger line
         * is a legend */
        r->in_table = 0;
    } else if (import_is_heading(clean)) {
        r->in_table = 0;
        return new_heading(r, clean);
    } else {
        r->in_table = 0; /* prose */
    }
    free(clean);
    return st;
}

status import_pipe_read(const import_lines *ls, import_doc *doc)
{
    pipe_reader r = {.doc = doc, .title = doc->title ? doc->title : ""};
    status st = import_title_product(doc, &r.title_product, &r.heading);
    for (size_t i = 0; i < ls->n && st == ST_OK; i++)
        st = pipe_line(&r, ls, &i);
    free(r.title_product);
    free(r.heading);
    free(r.head_product);
    if (st == ST_OK && !r.seen_table)
        st = import_no_table(doc, "no \"a | b | c |\" table with a "
                                  "recognised header");
    return st;
}

int import_pipe_score(const import_lines *ls)
{
    return import_bars_score(ls, &PIPE);
}
