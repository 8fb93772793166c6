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
 * Cells have no separators: spaced_cut.c cuts a row by where its words
 * stand when the table is aligned (spaced_align.c: cells padded to the
 * header's columns), else by the header's column order and what each kind
 * of cell looks like. Lines directly below a row that are nothing else
 * wrap its cells: under an aligned header each word goes to the column it
 * stands under, and a line that does not fit the columns is not part of
 * the row; otherwise the last column takes the line, unless it reads as
 * prose (a sentence, or a line longer than the row).
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
 * Blank lines, page numbers, the running title, a page footer ("...
 * Confidential", "©"), a running header or footer (a heading next to a
 * page break, with the table going on after it) and a repeated header do
 * not end a table; any other line does. A page footer names no product and
 * wraps no cell. Footnote legends count once a table was seen.
 *
 * It must not know any vendor, product or line number, parse port specs
 * beyond cutting cells, print, or exit. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "spaced_int.h"

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

/* ---- looking at lines ------------------------------------------------- */

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
    if (i >= ls->n || spaced_line_cut(ls->v[i].s, ls->v[i].len, &l) != ST_OK)
        return 0;
    int yes = spaced_header_parse(ls->v[i].s, &l, h);
    spaced_line_free(&l);
    return yes;
}

/* "Inbound" above a header row: the direction it gives, else "". */
static const char *direction_heading_at(const import_lines *ls, size_t i)
{
    sp_header h;
    char *c = import_clean(ls->v[i].s, ls->v[i].len);
    if (!c)
        return "";
    const char *dir = import_is_heading(c) && import_word_count(c) <= 4
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
    int heading = import_is_heading(c);
    free(c);
    size_t j = next_nonblank(ls, i);
    return heading && j < ls->n &&
           (header_at(ls, j, &h) || direction_heading_at(ls, j)[0]);
}

/* ---- flows ------------------------------------------------------------ */

/* cells[k] are malloc'd texts, one per header column; edited in place. */
static status emit_row(sp_reader *r, int line, char **cells)
{
    import_flow f = {0};
    import_taken t;
    f.line = line;
    f.product = r->product;
    f.section = r->section;
    f.direction = (char *)r->direction;
    status st = import_take_cells(r->doc, line, r->h.role, cells, r->h.ncols,
                                  &f, &t);
    if (st == ST_OK)
        st = import_add_taken(r->doc, &f, &t, "");
    free(t.marks);
    return st;
}

/* A line of prose rather than the rest of a cell, where only the words
 * can tell: a sentence (a capital, four words or more, ending ".:!?"), or
 * six words or more and longer than the row above (a wrapped cell is
 * narrower than its row; a paragraph runs across the page). */
static int reads_as_prose(const char *clean, size_t row_len)
{
    size_t words = import_word_count(clean);
    int sentence = isupper((unsigned char)clean[0]) && words >= 4 &&
                   import_ends_with_any(clean, ".:!?");
    return sentence || (words >= 6 && strlen(clean) > row_len);
}

/* Is l (line j, directly below a row of row_len bytes) the rest of the
 * row's cells? Under an aligned header it must fit the columns, and
 * *aligned is set with spans saying which words go to which column;
 * otherwise it is the rest of the last cell, if it is not prose. */
static int continues_row(sp_reader *r, size_t j, sp_line *l,
                         size_t row_len, sp_span *spans, int *aligned)
{
    sp_span cells[SP_MAX_COLS];
    sp_header h;
    const char *raw = r->ls->v[j].s;
    if (import_is_furniture(l->text, r->title) ||
        import_is_footer(l->text) || spaced_row_cut(&r->h, l, cells) ||
        spaced_header_parse(raw, l, &h) ||
        direction_heading_at(r->ls, j)[0] || product_heading_at(r->ls, j) ||
        import_is_legend(l->text))
        return 0;
    *aligned = spaced_line_align(&r->h, l, spans);
    if (*aligned || (r->h.aligned && l->placed))
        return *aligned; /* placed under an aligned header: does it fit? */
    return !reads_as_prose(l->text, row_len);
}

/* Append the words of l to the cells of a row: each run to its column's
 * cell (spans, under an aligned header), else all to the last cell. */
static status append_wrap(char **cells, size_t n, const sp_line *l,
                          const sp_span *spans)
{
    if (!spans)
        return import_append(&cells[n - 1], l->text);
    status st = ST_OK;
    for (size_t k = 0; k < n && st == ST_OK; k++) {
        if (spans[k].a == spans[k].b)
            continue;
        char *more = spaced_span_text(l, spans[k]);
        st = more ? import_append(&cells[k], more) : ST_NOMEM;
        free(more);
    }
    return st;
}

/* Line j below a row, if it wraps the row's cells: appended to them, *used
 * set. */
static status wrap_line(sp_reader *r, size_t j, size_t row_len,
                        char **cells, int *used)
{
    const import_line *ln = &r->ls->v[j];
    sp_line l;
    sp_span spans[SP_MAX_COLS];
    int aligned = 0;
    *used = 0;
    if (import_blank(ln->s))
        return ST_OK;
    status st = spaced_line_cut(ln->s, ln->len, &l);
    if (st == ST_OK &&
        (*used = continues_row(r, j, &l, row_len, spans, &aligned)))
        st = append_wrap(cells, r->h.ncols, &l, aligned ? spans : NULL);
    spaced_line_free(&l);
    return st;
}

/* The row at line *i (already cut into spans), with the lines that wrap
 * its cells; *i is left on the last line used. */
static status read_row(sp_reader *r, size_t *i, const sp_line *l,
                       const sp_span *spans)
{
    char *cells[SP_MAX_COLS] = {0};
    size_t n = r->h.ncols;
    int line = r->ls->v[*i].no, used = 1;
    status st = ST_OK;
    for (size_t k = 0; k < n && st == ST_OK; k++)
        if (!(cells[k] = spaced_span_text(l, spans[k])))
            st = ST_NOMEM;
    for (size_t w = 0; st == ST_OK && used && w < IMPORT_MAX_WRAP &&
                       *i + 1 < r->ls->n;
         w++) {
        st = wrap_line(r, *i + 1, strlen(l->text), cells, &used);
        *i += used;
    }
    if (st == ST_OK)
        st = emit_row(r, line, cells);
    for (size_t k = 0; k < n; k++)
        free(cells[k]);
    return st;
}

/* ---- page furniture --------------------------------------------------- */

static int same_columns(const sp_header *a, const sp_header *b)
{
    return a->ncols == b->ncols &&
           memcmp(a->role, b->role, a->ncols * sizeof *a->role) == 0;
}

/* Does the table go on after line i: the next line that is not blank or
 * a page number or footer is the table's header again or a row of it? */
static int table_goes_on(const sp_reader *r, size_t i)
{
    for (size_t j = next_nonblank(r->ls, i); j < r->ls->n;
         j = next_nonblank(r->ls, j)) {
        const import_line *ln = &r->ls->v[j];
        sp_line l;
        sp_span spans[SP_MAX_COLS];
        sp_header h;
        if (spaced_line_cut(ln->s, ln->len, &l) != ST_OK)
            return 0;
        int skip = import_is_furniture(l.text, r->title) ||
                   import_is_footer(l.text);
        int goes_on = !skip && ((spaced_header_parse(ln->s, &l, &h) &&
                                 same_columns(&h, &r->h)) ||
                                spaced_row_cut(&r->h, &l, spans));
        spaced_line_free(&l);
        if (!skip)
            return goes_on;
    }
    return 0;
}

/* Line i (cleaned), inside a table, no row of it: a page footer, or a
 * running header or footer (a heading next to a page break with the
 * table going on after it: "Page 3 of 8" then "Orsk Admin Guide" then the
 * header again), which says nothing about the rows. A direction heading
 * is never one. */
static int page_furniture(const sp_reader *r, size_t i, const char *clean)
{
    if (import_is_legend(clean))
        return 0;
    if (import_is_footer(clean))
        return 1;
    return import_is_heading(clean) && !direction_heading_at(r->ls, i)[0] &&
           import_at_page_break(r->ls, i, r->title) && table_goes_on(r, i);
}

/* ---- the reader ------------------------------------------------------- */

/* A line that is not part of a table: legend, heading or prose. */
static status text_line(sp_reader *r, size_t i, const char *clean)
{
    const char *dir;
    status st = ST_OK;
    if (r->seen_table &&
        import_note_legend(r->doc, r->ls->v[i].no, clean, &st)) {
        /* noted */
    } else if (import_is_footer(clean)) {
        /* a page footer above the next page's table: no product */
    } else if ((dir = direction_heading_at(r->ls, i))[0]) {
        r->direction = dir;
        st = import_replace(&r->section, strdup(clean));
    } else if (product_heading_at(r->ls, i)) {
        r->direction = "";
        st = import_new_product(&r->product, &r->section, clean, "");
    }
    return st;
}

static status sp_line_read(sp_reader *r, size_t *i)
{
    const import_line *ln = &r->ls->v[*i];
    sp_line l;
    sp_span spans[SP_MAX_COLS];
    sp_header h;
    if (import_blank(ln->s))
        return ST_OK;
    status st = spaced_line_cut(ln->s, ln->len, &l);
    if (st != ST_OK)
        return st;
    if (import_is_furniture(l.text, r->title)) {
        /* a page break inside a table, or nothing */
    } else if (spaced_header_parse(ln->s, &l, &h)) {
        r->h = h;
        r->in_table = r->seen_table = 1;
    } else if (r->in_table && spaced_row_cut(&r->h, &l, spans)) {
        st = read_row(r, i, &l, spans);
    } else if (r->in_table && page_furniture(r, *i, l.text)) {
        /* a page break inside a table */
    } else {
        r->in_table = 0;
        st = text_line(r, *i, l.text);
    }
    spaced_line_free(&l);
    return st;
}

status import_spaced_read(const import_lines *ls, import_doc *doc)
{
    sp_reader r = {.doc = doc, .ls = ls, .direction = ""};
    r.title = doc->title ? doc->title : "";
    status st = import_title_product(doc, &r.product, &r.section);
    for (size_t i = 0; i < ls->n && st == ST_OK; i++)
        st = sp_line_read(&r, &i);
    free(r.product);
    free(r.section);
    if (st == ST_OK && !r.seen_table)
        st = import_no_table(doc, "no space-separated table with a "
                                  "recognised header");
    return st;
}

/* 10 per header row, 1 per row under one. */
int import_spaced_score(const import_lines *ls)
{
    sp_header h = {0}, nh;
    sp_span spans[SP_MAX_COLS];
    int score = 0, in_table = 0;
    for (size_t i = 0; i < ls->n; i++) {
        sp_line l;
        if (import_blank(ls->v[i].s))
            continue;
        if (spaced_line_cut(ls->v[i].s, ls->v[i].len, &l) != ST_OK)
            return score;
        if (spaced_header_parse(ls->v[i].s, &l, &nh)) {
            h = nh;
            score += 10;
            in_table = 1;
        } else if (in_table && spaced_row_cut(&h, &l, spans)) {
            score++;
        } else {
            in_table = 0;
        }
        spaced_line_free(&l);
    }
    return score;
}
