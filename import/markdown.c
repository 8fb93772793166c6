/* markdown.c - reader for Markdown tables: "| a | b |" rows under a header
 * row and a "|---|---|" rule, as PDF-to-Markdown exports write them, with
 * tables cut by page breaks.
 *
 * What it reads:
 *  - a header row: a line opening with '|' whose cells import_is_header()
 *    recognises. Columns are mapped by what they say (import_column_role):
 *    "Purpose" is the description, "Src. IP" the source, "Src. Ports" its
 *    ports, "Dest. IP"/"Dest. Ports" the other end, in any order.
 *  - the rows below it. Rule lines are skipped, and so are blank lines and
 *    page furniture (page numbers, the running title): a table cut by a page
 *    break, its header repeated, stays one table with one section.
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

#define MAX_COLS 32
/* A wrapped cell spans a few lines at most; past that the row is taken
 * as it stands rather than swallowing what follows. */
#define MAX_WRAP 4

typedef struct {
    col_role role[MAX_COLS];
    size_t ncols;
} md_table;

typedef struct {
    char **v;
    size_t n;
} md_cells;

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
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
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

/* A plain heading: short, has a letter, no sentence punctuation at its
 * end, not a bullet or a link list item. */
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

/* ---- cells ------------------------------------------------------------ */

static void cells_free(md_cells *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->v[i]);
    free(c->v);
    c->v = NULL;
    c->n = 0;
}

/* "| a | b |" into cleaned cells, at least min of them ("" for missing
 * ones); empty cells after the last non-empty one beyond min dropped. */
static status cells_split(const char *text, size_t min, md_cells *c)
{
    const char *p = skip_spaces(text);
    size_t max = count_bars(p) + 1;
    c->n = 0;
    c->v = calloc(max > min ? max : min, sizeof *c->v);
    if (!c->v)
        return ST_NOMEM;
    if (*p == '|')
        p++;
    while (*p) {
        const char *e = p;
        while (*e && !(*e == '|' && (e == p || e[-1] != '\\')))
            e++;
        if (!(c->v[c->n] = import_clean(p, (size_t)(e - p))))
            goto nomem;
        c->n++;
        p = *e ? e + 1 : e;
    }
    while (c->n > min && c->v[c->n - 1][0] == '\0')
        free(c->v[--c->n]);
    while (c->n < min)
        if (!(c->v[c->n++] = strdup("")))
            goto nomem;
    return ST_OK;
nomem:
    cells_free(c);
    return ST_NOMEM;
}

/* The row starting at line *i, with a wrapped last cell joined on: while
 * the row lacks its closing '|', following lines belong to it if they
 * close it within the header's number of bars. *i is left on the last line
 * used. malloc'd. */
static char *join_wrapped(const md_table *t, const import_lines *ls,
                          size_t *i)
{
    const char *first = ls->v[*i].s;
    size_t end = *i, bars = count_bars(first);
    if (!ends_with_bar(first)) {
        for (size_t j = *i + 1; j < ls->n && j <= *i + MAX_WRAP; j++) {
            const char *s = ls->v[j].s;
            bars += count_bars(s);
            if (import_blank(s) || bars > t->ncols + 1)
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

static void table_set(md_table *t, const md_cells *c)
{
    memset(t, 0, sizeof *t);
    t->ncols = c->n < MAX_COLS ? c->n : MAX_COLS;
    for (size_t i = 0; i < t->ncols; i++)
        t->role[i] = import_column_role(c->v[i], NULL, 0);
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

/* Cells to flow. Cells are edited in place (marks cut out). */
static status emit_row(md_reader *r, int line, md_cells *c)
{
    import_flow f = {0};
    char *remote = NULL, *marks = NULL;
    int two_ends = 0;
    status st = ST_OK;
    f.line = line;
    f.product = r->product;
    f.section = r->section;
    f.direction = "";
    for (size_t k = 0; k < r->t.ncols && st == ST_OK; k++) {
        col_role role = r->t.role[k];
        if (role == COL_DIRECTION) {
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
    if (st == ST_OK && c->n > r->t.ncols)
        st = import_add_diag(r->doc, line, SEV_WARNING,
                             "row has %zu cells, its header %zu: the last "
                             "ones were not read", c->n, r->t.ncols);
    if (!two_ends)
        import_orient(&f, f.product, remote ? remote : "", f.direction);
    f.marks = marks;
    if (st == ST_OK)
        st = import_add_flow(r->doc, &f);
    free(marks);
    return st;
}

/* ---- the reader ------------------------------------------------------- */

static status md_row_line(md_reader *r, const import_lines *ls, size_t *i)
{
    const import_line *l = &ls->v[*i];
    md_cells c;
    if (is_rule(l->s))
        return ST_OK;
    status st = cells_split(l->s, 0, &c);
    if (st != ST_OK)
        return st;
    if (import_is_header(c.v, c.n)) {
        table_set(&r->t, &c);
        r->in_table = r->seen_table = 1;
        cells_free(&c);
        return ST_OK;
    }
    cells_free(&c);
    if (!r->in_table)
        return import_add_diag(r->doc, l->no, SEV_WARNING,
                               "table row with no header above it: "
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

static status replace(char **field, const char *text)
{
    char *s = strdup(text);
    if (!s)
        return ST_NOMEM;
    free(*field);
    *field = s;
    return ST_OK;
}

/* "# Product", "## Section": level 1 names the product. */
static status md_heading(md_reader *r, const char *s)
{
    size_t level = strspn(s, "#");
    char *clean = import_clean(s + level, strlen(s + level));
    if (!clean)
        return ST_NOMEM;
    status st;
    if (level == 1) {
        free(r->product);
        r->product = import_product_name(clean);
        st = r->product ? replace(&r->section, "") : ST_NOMEM;
    } else {
        st = replace(&r->section, clean);
    }
    free(clean);
    r->in_table = 0;
    return st;
}

/* A line that is not a table row: furniture, legend, caption, heading or
 * prose. Anything but furniture ends the table. */
static status md_text_line(md_reader *r, const import_line *l)
{
    const char *s = skip_spaces(l->s);
    size_t hashes = strspn(s, "#");
    if (hashes > 0 && (s[hashes] == ' ' || s[hashes] == '\0'))
        return md_heading(r, s);
    char *clean = import_clean(l->s, l->len);
    if (!clean)
        return ST_NOMEM;
    status st = ST_OK;
    char *mark, *text;
    const char *cap;
    if (is_furniture(clean, r->title)) {
        free(clean);
        return ST_OK;
    }
    r->in_table = 0;
    if (r->seen_table && import_legend(clean, &mark, &text)) {
        st = import_add_note(r->doc, l->no, mark, text);
        free(mark);
        free(text);
    } else if ((cap = caption_text(clean)) != NULL) {
        st = replace(&r->section, cap);
    } else if (is_heading(clean)) {
        st = replace(&r->section, clean);
    }
    free(clean);
    return st;
}

status import_markdown_read(const import_lines *ls, import_doc *doc)
{
    md_reader r = {.doc = doc, .title = doc->title ? doc->title : ""};
    status st = ST_NOMEM;
    r.product = import_product_name(r.title);
    r.section = strdup("");
    if (r.product && r.section) {
        st = ST_OK;
        for (size_t i = 0; i < ls->n && st == ST_OK; i++) {
            const import_line *l = &ls->v[i];
            if (import_blank(l->s))
                continue;
            st = is_md_row(l->s) ? md_row_line(&r, ls, &i)
                                 : md_text_line(&r, l);
        }
    }
    free(r.product);
    free(r.section);
    if (st == ST_OK && !r.seen_table) {
        st = import_add_diag(doc, 0, SEV_ERROR, "no Markdown table (\"| a "
                             "| b |\") with a recognised header");
        if (st == ST_OK)
            st = ST_FORMAT;
    }
    return st;
}

/* 10 per header row followed by a rule line, 1 per row under one. */
int import_markdown_score(const import_lines *ls)
{
    int score = 0, in_table = 0;
    for (size_t i = 0; i < ls->n; i++) {
        const char *s = ls->v[i].s;
        if (!is_md_row(s)) {
            in_table = in_table && import_blank(s);
            continue;
        }
        if (is_rule(s))
            continue;
        md_cells c;
        if (cells_split(s, 0, &c) != ST_OK)
            return score;
        if (import_is_header(c.v, c.n) && i + 1 < ls->n &&
            is_rule(ls->v[i + 1].s)) {
            score += 10;
            in_table = 1;
        } else if (in_table) {
            score++;
        }
        cells_free(&c);
    }
    return score;
}
