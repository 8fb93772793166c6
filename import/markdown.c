/* markdown.c - reader for Markdown tables: "| a | b |" rows under a header
 * row and a "|---|---|" rule, as PDF-to-Markdown exports write them, with
 * tables cut by page breaks.
 *
 * What it reads:
 *  - a header row: a line opening with '|' whose cells import_is_header()
 *    recognises, with the "|---|" rule under it (or, outside a table,
 *    without). Columns are mapped by what they say (import_column_role):
 *    "Purpose" is the description, "Src. IP" the source, "Src. Ports" its
 *    ports, "Dest. IP"/"Dest. Ports" the other end, in any order.
 *  - the rows below it. Rule lines are skipped, and so are blank lines and
 *    page furniture (page numbers, the running title, a footer saying
 *    "Confidential" or "©", and a running header or footer: a plain
 *    heading next to a page break or form feed with the same table going
 *    on after it): a table cut by a page break, its header repeated (with
 *    or without its rule), stays one table with one section.
 *  - the section: the nearest table caption ("Table 1: SIP Calls Port
 *    Reference" -> "SIP Calls Port Reference") or heading ("## X", or a
 *    short plain line without sentence punctuation) above the table.
 *  - the product: the last level-1 heading ("# X"), else the document
 *    title; either through import_product_name ("X Port Reference" -> "X").
 *  - footnote legends ("† The request could be ...") once a table was
 *    seen.
 * Tables that give only one side (a Port column, a Direction and a Device
 * column) are oriented with import_orient: the product is the local side.
 *
 * Mess it copes with: empty trailing cells ("|--|"), escaped bars ("\|")
 * inside cells, marks on device cells ("Any IP address†", cut into the
 * flow's marks), and a row whose last cell wrapped onto the next lines
 * (the row lacks its closing '|': lines are joined up to it).
 *
 * It must not know any vendor, product or line number, parse port cells
 * (kept as cleaned text, marks and all), print, or exit. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "import_int.h"

typedef struct {
    col_role role[IMPORT_MAX_COLS];
    size_t ncols;
} md_table;

typedef struct {
    import_doc *doc;
    const char *title;      /* doc->title: also a running page header */
    char *product;
    char *section;          /* nearest caption or heading, "" if none */
    md_table t;
    int in_table;
    int seen_table;
} md_reader;

/* ---- lines ------------------------------------------------------------ */

static const char *skip_spaces(const char *s)
{
    return s + strspn(s, " \t");
}

static int is_md_row(const char *s)
{
    return *skip_spaces(s) == '|';
}

static int ends_with_bar(const char *s)
{
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return n > 0 && s[n - 1] == '|' && !(n > 1 && s[n - 2] == '\\');
}

/* Bars that separate cells: "\|" is a bar inside a cell. */
static size_t count_bars(const char *s)
{
    size_t n = 0;
    for (const char *p = s; *p; p++)
        n += (*p == '|' && (p == s || p[-1] != '\\'));
    return n;
}

/* "|---|:--:|", "|--|". */
static int is_rule(const char *s)
{
    s = skip_spaces(s);
    return *s == '|' && strspn(s, "|-: \t") == strlen(s) && strchr(s, '-');
}

/* "Table 1: SIP Calls Port Reference" -> "SIP Calls Port Reference" (also
 * "Table 2-3." and "Table 4 -"); NULL when clean is not a caption. */
static const char *caption_text(const char *clean)
{
    if (strncasecmp(clean, "table ", 6) != 0)
        return NULL;
    const char *p = clean + 6;
    size_t id = strcspn(p, " :.");
    if (id == 0 || !isdigit((unsigned char)*p))
        return NULL;
    p += id;
    p = skip_spaces(p);
    if (*p != ':' && *p != '.' && *p != '-')
        return NULL;
    p = skip_spaces(p + 1);
    return *p ? p : NULL;
}

/* "| a | b |" into cleaned cells, at least min of them ("" for missing
 * ones); empty cells after the last non-empty one beyond min dropped. */
static status cells_split(const char *text, size_t min, import_bar_cells *c)
{
    const char *p = skip_spaces(text);
    status st = import_bar_cells_init(c, count_bars(p) + 1, min);
    if (*p == '|')
        p++;
    while (*p && st == ST_OK) {
        const char *e = p;
        while (*e && !(*e == '|' && (e == p || e[-1] != '\\')))
            e++;
        st = import_bar_cells_add(c, p, (size_t)(e - p));
        p = *e ? e + 1 : e;
    }
    if (st == ST_OK)
        st = import_bar_cells_fit(c, min);
    if (st != ST_OK)
        import_bar_cells_free(c);
    return st;
}

static const import_bars MD = {is_md_row, is_rule, cells_split, count_bars,
                               ends_with_bar};

/* ---- rows ------------------------------------------------------------- */

static void table_set(md_table *t, const import_bar_cells *c)
{
    memset(t, 0, sizeof *t);
    t->ncols = c->n < IMPORT_MAX_COLS ? c->n : IMPORT_MAX_COLS;
    for (size_t i = 0; i < t->ncols; i++)
        t->role[i] = import_column_role(c->v[i], NULL, 0);
}

/* Cells to flow. Cells are edited in place (marks cut out). */
static status emit_row(md_reader *r, int line, import_bar_cells *c)
{
    import_flow f = {0};
    import_taken t;
    f.line = line;
    f.product = r->product;
    f.section = r->section;
    f.direction = "";
    status st = import_take_cells(r->doc, line, r->t.role, c->v, r->t.ncols,
                                  &f, &t);
    if (st == ST_OK)
        st = import_warn_extra_cells(r->doc, line, c->n, r->t.ncols);
    if (st == ST_OK)
        st = import_add_taken(r->doc, &f, &t, "");
    free(t.marks);
    return st;
}

/* In a table, a header row has the rule under it: a data row whose cells
 * read like column names ("40000-49999 (even ports) | Conferencing Node |
 * Edge Node") does not. */
static int is_header_at(const md_reader *r, const import_lines *ls, size_t i,
                        const import_bar_cells *c)
{
    int rule = i + 1 < ls->n && is_rule(ls->v[i + 1].s);
    return (rule || !r->in_table) && import_is_header(c->v, c->n);
}

/* The table's header again without its rule (a page break left it): every
 * cell names the column it stands over. */
static int repeats_header(const md_table *t, const import_bar_cells *c)
{
    if (c->n != t->ncols)
        return 0;
    for (size_t k = 0; k < c->n; k++) {
        col_role role = import_column_role(c->v[k], NULL, 0);
        if (role == COL_UNKNOWN || role != t->role[k])
            return 0;
    }
    return 1;
}

static status md_row_line(md_reader *r, const import_lines *ls, size_t *i)
{
    const import_line *l = &ls->v[*i];
    import_bar_cells c;
    if (is_rule(l->s))
        return ST_OK;
    status st = cells_split(l->s, 0, &c);
    if (st != ST_OK)
        return st;
    if (is_header_at(r, ls, *i, &c)) {
        table_set(&r->t, &c);
        r->in_table = r->seen_table = 1;
        import_bar_cells_free(&c);
        return ST_OK;
    }
    int repeated = r->in_table && repeats_header(&r->t, &c);
    import_bar_cells_free(&c);
    if (repeated)
        return ST_OK;
    if (!r->in_table)
        return import_add_diag(r->doc, l->no, SEV_WARNING,
                               "table row with no header above it: "
                               "not read");
    /* a row opens with a bar: one more than its cells */
    st = import_bars_row(&MD, ls, i, 1, r->t.ncols + 1, r->t.ncols, &c);
    if (st == ST_OK)
        st = emit_row(r, l->no, &c);
    import_bar_cells_free(&c);
    return st;
}

/* ---- text ------------------------------------------------------------- */

/* "# Product", "## Section": level 1 names the product. */
static status md_heading(md_reader *r, const char *s)
{
    size_t level = strspn(s, "#");
    char *clean = import_clean(s + level, strlen(s + level));
    if (!clean)
        return ST_NOMEM;
    status st;
    if (level == 1)
        st = import_new_product(&r->product, &r->section, clean, "");
    else
        st = import_replace(&r->section, strdup(clean));
    free(clean);
    r->in_table = 0;
    return st;
}

/* Does the table go on after line i: the next line that is not blank or
 * a page number or footer is the table's header again (with or without
 * its rule) or a data row, not a new table's header? */
static int table_goes_on(const md_reader *r, const import_lines *ls,
                         size_t i)
{
    for (size_t j = i + 1; j < ls->n; j++) {
        const import_line *l = &ls->v[j];
        if (import_blank(l->s))
            continue;
        if (!is_md_row(l->s) || is_rule(l->s)) {
            char *clean = import_clean(l->s, l->len);
            int skip = clean && (import_is_furniture(clean, r->title) ||
                                 import_is_footer(clean));
            free(clean);
            if (skip)
                continue;
            return 0;
        }
        import_bar_cells c;
        if (cells_split(l->s, 0, &c) != ST_OK)
            return 0;
        int goes_on = repeats_header(&r->t, &c) || !is_header_at(r, ls, j, &c);
        import_bar_cells_free(&c);
        return goes_on;
    }
    return 0;
}

/* A plain heading inside a table, next to a page break, with the table
 * going on after it: a running header or footer ("7", then "Orsk Admin
 * Guide", then the header again), which is no section. */
static int running_header(const md_reader *r, const import_lines *ls,
                          size_t i, const char *clean)
{
    return r->in_table && import_is_heading(clean) &&
           import_at_page_break(ls, i, r->title) && table_goes_on(r, ls, i);
}

/* Line i is not a table row: furniture, legend, caption, heading or
 * prose. Anything but furniture ends the table. */
static status md_text_line(md_reader *r, const import_lines *ls, size_t i)
{
    const import_line *l = &ls->v[i];
    const char *s = skip_spaces(l->s);
    size_t hashes = strspn(s, "#");
    if (hashes > 0 && (s[hashes] == ' ' || s[hashes] == '\0'))
        return md_heading(r, s);
    char *clean = import_clean(l->s, l->len);
    if (!clean)
        return ST_NOMEM;
    status st = ST_OK;
    const char *cap;
    if (import_is_furniture(clean, r->title) || import_is_footer(clean) ||
        (!caption_text(clean) && running_header(r, ls, i, clean))) {
        free(clean);
        return ST_OK;
    }
    r->in_table = 0;
    if (r->seen_table && import_note_legend(r->doc, l->no, clean, &st)) {
        /* noted */
    } else if ((cap = caption_text(clean)) != NULL) {
        st = import_replace(&r->section, strdup(cap));
    } else if (import_is_heading(clean)) {
        st = import_replace(&r->section, strdup(clean));
    }
    free(clean);
    return st;
}

/* ---- the reader ------------------------------------------------------- */

status import_markdown_read(const import_lines *ls, import_doc *doc)
{
    md_reader r = {.doc = doc, .title = doc->title ? doc->title : ""};
    status st = import_title_product(doc, &r.product, &r.section);
    for (size_t i = 0; i < ls->n && st == ST_OK; i++) {
        const import_line *l = &ls->v[i];
        if (import_blank(l->s))
            continue;
        st = is_md_row(l->s) ? md_row_line(&r, ls, &i)
                             : md_text_line(&r, ls, i);
    }
    free(r.product);
    free(r.section);
    if (st == ST_OK && !r.seen_table)
        st = import_no_table(doc, "no Markdown table (\"| a | b |\") with "
                                  "a recognised header");
    return st;
}

int import_markdown_score(const import_lines *ls)
{
    return import_bars_score(ls, &MD);
}
