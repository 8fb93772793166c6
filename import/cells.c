/* cells.c - reader for tables written one cell per line.
 *
 * A web page exported to text loses its table markup and keeps each cell
 * on a line of its own, usually with blank lines between:
 *
 *     Local Ports:
 *
 *     Protocol
 *
 *     Port Number(s)
 *
 *     Direction
 *     ...
 *
 * The table is the sequence of non-blank lines; blank lines only say
 * where a cell wraps: when a header's names are apart (a blank line
 * between each two), so are its cells, and a line straight after a cell
 * (no blank line between) is the rest of that cell ("Media from
 * endpoints" / "and conference bridges"). A header is a run of at least
 * three consecutive lines that are each
 * a column name (import_column_role, a short line, no two meaning the same
 * thing) and together a table header (import_is_header). The lines after it
 * are its cells, N to a row (N = the header's width), until the table ends:
 *   - at any cell: a footnote legend ("* Default port ..."), a label
 *     ("Remote Ports:"), a Markdown heading, or another header - though a
 *     line that means what its own column means ("Mandatory" where the
 *     requirement goes) is that column's value, not a new header;
 *   - where a new row would start: also a line that is clearly prose, or a
 *     short line or two followed by another header (that table's heading).
 * A table that ends mid-row keeps the cells it has, with a warning. What a
 * page break leaves inside a table (a footer, the running title, "Page 2
 * of 3", a bare page number beside one of those) is skipped; the header
 * repeated after it starts the same product and section's table again.
 *
 * Headings name the product and section of the flows (the rule is the same
 * in tsv.c):
 *   - a Markdown heading ("## Elite MCU Ports"), or, outside a table, a
 *     short stand-alone line that names ports ("Elite MCU Ports"), is
 *     numbered ("3.1 Media Server") or ends in a version ("Orsk Relay
 *     4.2") starts a product: product = import_product_name(heading
 *     without its number), section = heading;
 *   - a label - a short line ending in ':' ("Local Ports:") or, outside a
 *     table, a bare direction ("Inbound") - starts a section of the current
 *     product: section = the label without its ':';
 *   - before any product heading the product is the document title's
 *     (import_product_name(doc->title)) and the section is "";
 *   - other short lines ("Article summary", running page headers) change
 *     nothing.
 * Footnote legends after a table become notes, and so do dagger legends
 * before the first one (a starred line there may be a bullet); lines that
 * are neither
 * headings, legends nor tables (prose, page furniture) give nothing.
 *
 * Cells: port cells (ports, protocol) are cleaned and kept as written, marks
 * and all; text cells (devices, description, requirement) lose their marks
 * and inline legends to import_cell_marks. A table that names one side only
 * ("Port Number(s)" with a "Direction") is oriented around the product (or
 * the side a "... Connection" header names) with import_orient, the device
 * column, if any, being the other end; the direction is its column's or,
 * without one, an "Inbound:" label's; the port goes in destination_ports.
 * A table with source or destination device columns keeps them, direction
 * "" unless a column says.
 *
 * This file must not: know any vendor, product or line number, parse port
 * specs, print, or touch the database. */
#include <stdlib.h>
#include <string.h>
#include "import_int.h"

/* A header is a run of at most this many lines. */
#define MAX_COLS 16

typedef struct {
    import_doc *doc;           /* NULL while only scoring */
    int score;
    const import_line **line;  /* the non-blank lines */
    unsigned char *glued;      /* glued[i]: line i comes straight after
                                  line i - 1, no blank line between */
    size_t n;
    const char *title;         /* the running title, "" while scoring */
    char *product;
    char *section;
    int seen_table;            /* a table was read under this product */
} reader;

/* ---- lines ------------------------------------------------------------- */

static char *clean_line(const import_line *l)
{
    return import_clean(l->s, l->len);
}

static int is_legend(const import_line *l)
{
    return !import_md_heading_at(l->s) && import_is_legend(l->s);
}

/* A label or a Markdown heading: where a table always ends. */
static int is_heading(const import_line *l)
{
    if (import_md_heading_at(l->s))
        return 1;
    char *c = clean_line(l);
    int yes = c && import_is_colon_label(c);
    free(c);
    return yes;
}

static int is_text_role(col_role role)
{
    return role == COL_DESCRIPTION || role == COL_REQUIREMENT ||
           role == COL_DEVICE || role == COL_SRC_DEVICE ||
           role == COL_DST_DEVICE || role == COL_VENDOR || role == COL_OTHER;
}

/* Clearly prose where a row of a table whose first column is first would
 * start: a long sentence. A description may be a sentence too, so a text
 * column takes a longer one. */
static int is_prose(const import_line *l, col_role first)
{
    char *c = clean_line(l);
    if (!c)
        return 0;
    size_t w = import_word_count(c);
    int sentence = import_ends_with_any(c, ".!?");
    int yes = is_text_role(first) ? w >= 15 && sentence
                                  : w >= 8 && (sentence || strlen(c) > 80);
    free(c);
    return yes;
}

/* What a page break leaves in a table: a footer ("© 2026 Orsk. All
 * rights reserved."), the running title, a worded page number ("Page 2
 * of 3"). Numbers alone ("7", "2 / 3", "3 of 9") are a page number only
 * beside one of those: on their own they are a cell ("443", "443 / 8057",
 * "3346 / 3348"). */
static int is_number(const char *clean)
{
    return clean[0] && (strspn(clean, "0123456789") == strlen(clean) ||
                        (import_is_furniture(clean, "") &&
                         !strcasestr(clean, "page")));
}

static int page_mark(const reader *r, const char *clean)
{
    return import_is_footer(clean) ||
           (r->title[0] && strcmp(clean, r->title) == 0) ||
           (!is_number(clean) && import_is_furniture(clean, r->title));
}

static int is_page_mark(const reader *r, size_t i)
{
    char *c = clean_line(r->line[i]);
    int yes = c && page_mark(r, c);
    free(c);
    return yes;
}

static int is_page_furniture(const reader *r, size_t i)
{
    char *c = clean_line(r->line[i]);
    if (!c)
        return 0;
    int mark = page_mark(r, c), number = is_number(c);
    free(c);
    return mark || (number && ((i > 0 && is_page_mark(r, i - 1)) ||
                               (i + 1 < r->n && is_page_mark(r, i + 1))));
}

/* ---- headers ----------------------------------------------------------- */

/* The role of a line as a column name; COL_UNKNOWN when it is not one.
 * local receives the local side a connection header names. */
static col_role column_name(const import_line *l, char *local, size_t n)
{
    local[0] = '\0';
    if (import_md_heading_at(l->s) || memchr(l->s, '\t', l->len) ||
        memchr(l->s, '|', l->len))
        return COL_UNKNOWN; /* headings, and rows of the other styles */
    char *c = clean_line(l);
    if (!c)
        return COL_UNKNOWN;
    col_role role = COL_UNKNOWN;
    if (strlen(c) <= 40 && import_word_count(c) <= 6 &&
        !import_ends_with_any(c, ":.") && !import_mark_len(c) &&
        !import_direction(c)[0])
        role = import_column_role(c, local, n);
    free(c);
    return role;
}

/* Does the run of column names that has seen the roles in *seen go on at
 * line i? Adds the role of line i to *seen. */
static int names_go_on(const reader *r, size_t i, unsigned *seen,
                       col_role *role, char *local, size_t n)
{
    if (i >= r->n)
        return 0;
    *role = column_name(r->line[i], local, n);
    if (*role == COL_UNKNOWN)
        return 0;
    /* The same meaning twice: the run has reached the data. */
    if (*role != COL_OTHER && (*seen & import_role_bit(*role)))
        return 0;
    *seen |= import_role_bit(*role);
    return 1;
}

/* If a header starts at line i, read it into *h and return its width. A
 * run of names longer than MAX_COLS is no header (see wide_header_at). */
static size_t header_at(const reader *r, size_t i, import_header *h)
{
    import_header t;
    memset(&t, 0, sizeof t);
    char *cells[MAX_COLS];
    unsigned seen = 0;
    size_t k = 0;
    char local[sizeof t.local];
    col_role role;
    for (; k < MAX_COLS &&
           names_go_on(r, i + k, &seen, &role, local, sizeof local);
         k++) {
        t.role[k] = role;
        if (role == COL_DIRECTION && local[0])
            strcpy(t.local, local);
        cells[k] = r->line[i + k]->s;
    }
    if (k < 3 || !import_is_header(cells, k))
        return 0;
    if (k == MAX_COLS &&
        names_go_on(r, i + k, &seen, &role, local, sizeof local))
        return 0;
    t.n = k;
    import_header_sides(&t);
    if (h)
        *h = t;
    return k;
}

/* Are the width names of the header at line i apart, a blank line
 * between each two? Then so are the cells of its rows, and a line
 * straight after a cell is the rest of it (the cell wrapped). */
static int spaced_header(const reader *r, size_t i, size_t width)
{
    for (size_t k = 1; k < width; k++)
        if (r->glued[i + k])
            return 0;
    return 1;
}

/* Does a header start at line i, which would be cell k of a row of h?
 * A line that means what its column means ("Mandatory" under "Required")
 * is that column's value, not the first name of a new header; at the start
 * of a row, though, it is the header repeated. */
static int new_header_at(const reader *r, size_t i, const import_header *h,
                         size_t k)
{
    if (k > 0) {
        char local[sizeof h->local];
        if (column_name(r->line[i], local, sizeof local) == h->role[k])
            return 0;
    }
    return header_at(r, i, NULL) != 0;
}

/* Does the table end at line i, cell k of a row? */
static int ends_mid_row(const reader *r, size_t i, const import_header *h,
                        size_t k)
{
    const import_line *l = r->line[i];
    return is_legend(l) || is_heading(l) || new_header_at(r, i, h, k);
}

/* One or two short lines, then a header: the next table's heading. Fewer
 * lines than a row, so a row of short cells is never taken for it. */
static int heading_then_header(const reader *r, size_t i, size_t width)
{
    for (size_t k = 1; k <= 2 && k < width && i + k < r->n; k++) {
        char *c = clean_line(r->line[i + k - 1]);
        int is_short = c && import_is_short_line(c);
        free(c);
        if (!is_short)
            return 0;
        if (header_at(r, i + k, NULL))
            return 1;
    }
    return 0;
}

/* Does the table end at line i, where a new row would start? */
static int ends_before_row(const reader *r, size_t i, const import_header *h)
{
    return ends_mid_row(r, i, h, 0) || is_prose(r->line[i], h->role[0]) ||
           heading_then_header(r, i, h->n);
}

/* ---- rows -------------------------------------------------------------- */

/* A cell: lines first to last of r->line (more than one when it
 * wrapped). */
typedef struct {
    size_t first, last;
} cell_span;

/* The text of a cell, its lines joined with a space; malloc'd. */
static char *span_text(const reader *r, cell_span c)
{
    size_t len = 0;
    for (size_t i = c.first; i <= c.last; i++)
        len += r->line[i]->len + 1;
    char *s = malloc(len + 1);
    if (!s)
        return NULL;
    size_t w = 0;
    for (size_t i = c.first; i <= c.last; i++) {
        if (i > c.first)
            s[w++] = ' ';
        memcpy(s + w, r->line[i]->s, r->line[i]->len);
        w += r->line[i]->len;
    }
    s[w] = '\0';
    return s;
}

/* A row of got cells (got < width when the table ended mid-row). */
static status emit_row(reader *r, const import_header *h,
                       const cell_span *cells, size_t got)
{
    int line = r->line[cells[0].first]->no;
    if (!r->doc) {
        r->score += got == h->n;
        return ST_OK;
    }
    status st = ST_OK;
    if (got < h->n)
        st = import_add_diag(r->doc, line, SEV_WARNING,
                             "table ends mid-row: %zu of %zu cells", got,
                             h->n);
    char *raw[MAX_COLS] = {0};
    for (size_t i = 0; i < got && st == ST_OK; i++)
        if (!(raw[i] = span_text(r, cells[i])))
            st = ST_NOMEM;
    char *v[FF__COUNT] = {0};
    char *marks = NULL;
    if (st == ST_OK)
        st = import_join_cells(r->doc, line, h, raw, got, v, &marks);
    if (st == ST_OK) {
        import_flow fl;
        import_joined_flow(&fl, h, v, r->product, r->section);
        fl.line = line;
        fl.marks = marks;
        st = import_add_flow(r->doc, &fl);
    }
    import_join_free(v);
    free(marks);
    for (size_t i = 0; i < got; i++)
        free(raw[i]);
    return st;
}

/* Is line i the rest of the cell that ends on line last, in a table whose
 * cells are apart? Straight after it, and no legend or label. */
static int goes_on(const reader *r, size_t i, size_t last, int spaced)
{
    return spaced && last + 1 == i && r->glued[i] &&
           !is_legend(r->line[i]) && !is_heading(r->line[i]);
}

/* The cells from line *pos on, in rows of h->n, until the table ends;
 * *pos is left at the line that ended it. A full row is emitted once the
 * next line shows its last cell does not go on. Page furniture is
 * skipped. */
static status read_table(reader *r, size_t *pos, const import_header *h,
                         int spaced)
{
    cell_span row[MAX_COLS];
    size_t got = 0, i = *pos;
    status st = ST_OK;
    r->seen_table = 1;
    r->score += 10;
    for (; i < r->n && st == ST_OK; i++) {
        if (got && goes_on(r, i, row[got - 1].last, spaced)) {
            row[got - 1].last = i;
            continue;
        }
        if (is_page_furniture(r, i))
            continue;
        if (got == h->n) {
            st = emit_row(r, h, row, got);
            got = 0;
            if (st != ST_OK)
                break;
        }
        if (got == 0 ? ends_before_row(r, i, h) : ends_mid_row(r, i, h, got))
            break;
        row[got].first = row[got].last = i;
        got++;
    }
    if (st == ST_OK && got)
        st = emit_row(r, h, row, got);
    *pos = i;
    return st;
}

/* ---- headings ---------------------------------------------------------- */

/* A line outside any table: a heading, a legend, or nothing. */
static status outside_line(reader *r, const import_line *l)
{
    size_t at = import_md_heading_at(l->s);
    status st = ST_OK;
    char *c = import_clean(l->s + at, l->len - at);
    if (!c)
        return ST_NOMEM;
    /* before any table a starred line may be a bullet; a dagger line is a
     * legend */
    if (!at && (r->seen_table || !import_may_be_bullet(c)) &&
        import_note_legend(r->doc, l->no, l->s, &st)) {
        /* a legend */
    } else if (import_is_colon_label(c) || import_is_direction_label(c)) {
        st = import_new_section(&r->section, c);
    } else if (at || import_is_product_heading(c)) {
        st = import_new_product_heading(&r->product, &r->section, c);
        if (st == ST_OK)
            r->seen_table = 0;
    }
    free(c);
    return st;
}

/* ---- the reader -------------------------------------------------------- */

/* A header too wide to read: more than MAX_COLS column names in a run,
 * the first MAX_COLS of them a header. Its width, or 0. Its rows cannot be
 * cut without knowing every column, so the table is skipped whole. */
static size_t wide_header_at(const reader *r, size_t i)
{
    char *cells[MAX_COLS], local[128];
    unsigned seen = 0;
    col_role role;
    size_t k = 0;
    while (names_go_on(r, i + k, &seen, &role, local, sizeof local)) {
        if (k < MAX_COLS)
            cells[k] = r->line[i + k]->s;
        k++;
    }
    return k > MAX_COLS && import_is_header(cells, MAX_COLS) ? k : 0;
}

static status walk(reader *r)
{
    status st = ST_OK;
    for (size_t i = 0; i < r->n && st == ST_OK;) {
        import_header h;
        size_t width = header_at(r, i, &h);
        if (width) {
            int spaced = spaced_header(r, i, width);
            i += width;
            st = read_table(r, &i, &h, spaced);
        } else if ((width = wide_header_at(r, i)) != 0) {
            r->score++; /* the style is known, if nothing else is */
            if (r->doc)
                st = import_add_diag(r->doc, r->line[i]->no, SEV_WARNING,
                                     "a table of %zu columns, one cell per "
                                     "line: at most %d can be read in this "
                                     "style; table skipped", width,
                                     MAX_COLS);
            i += width;
        } else {
            st = outside_line(r, r->line[i]);
            i++;
        }
    }
    return st;
}

static status reader_init(reader *r, const import_lines *ls, import_doc *doc)
{
    memset(r, 0, sizeof *r);
    r->doc = doc;
    r->title = doc && doc->title ? doc->title : "";
    r->line = malloc((ls->n ? ls->n : 1) * sizeof *r->line);
    r->glued = malloc(ls->n ? ls->n : 1);
    status st = import_title_product(doc, &r->product, &r->section);
    if (!r->line || !r->glued || st != ST_OK)
        return ST_NOMEM;
    for (size_t i = 0; i < ls->n; i++) {
        if (import_blank(ls->v[i].s))
            continue;
        r->glued[r->n] = i > 0 && !import_blank(ls->v[i - 1].s);
        r->line[r->n++] = &ls->v[i];
    }
    return ST_OK;
}

static void reader_free(reader *r)
{
    free(r->line);
    free(r->glued);
    free(r->product);
    free(r->section);
}

status import_cells_read(const import_lines *ls, import_doc *doc)
{
    reader r;
    status st = reader_init(&r, ls, doc);
    if (st == ST_OK)
        st = walk(&r);
    if (st == ST_OK && r.score == 0)
        st = import_no_table(doc, "no table written one cell per line "
                                  "under a recognised header");
    reader_free(&r);
    return st;
}

int import_cells_score(const import_lines *ls)
{
    reader r;
    int score = 0;
    if (reader_init(&r, ls, NULL) == ST_OK && walk(&r) == ST_OK)
        score = r.score;
    reader_free(&r);
    return score;
}
