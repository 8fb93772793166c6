/* tsv.c - reader for tab-separated tables: the text export of a PDF whose
 * tables keep one row per line, cells separated by tabs.
 *
 * Such an export keeps the marks of the pages the tables crossed, and this
 * reader undoes them:
 *   - the header row is repeated at the top of every page: a header row is
 *     never data, and within one section the tables it splits are one;
 *   - a row cut by a page break goes on in a row of its own that holds only
 *     the rest of one cell (and perhaps the source device again), or the
 *     rest of several cells with no source device and no port among them
 *     (cells that wrapped): that text is appended to the same cells of the
 *     previous flow;
 *   - a vertically merged cell is written once: a row with no source device
 *     has the current source device of its section (the product when none
 *     was given yet), and a row with ports but no destination device has
 *     the destination of the row before it. Description and requirement are
 *     never inherited: an empty one stays empty;
 *   - a row with only a source device sets the current source device.
 *
 * Tables. A header is a tab row that import_is_header accepts and, further,
 * whose recognised cells all mean different things, with no empty cell
 * before a named one and at most one cell that is not a column name: a
 * data row can well mention "ports", "from" and "Mandatory" in three of its
 * cells, it does not name six different columns. The rows after a header
 * are data until a non-tab line that is a heading or prose; blank lines,
 * footnote legends, rows of dashes, page furniture (short lines) and
 * repeated headers do not end a table. Legends belong to the tables above
 * them; one before any table counts only with a dagger (a starred line
 * there may be a bullet). Tab rows under no header (tables of contents,
 * "Old Name / New Name" glossaries, "Field / Value" forms) are not read:
 * nothing in them names a port column. A row with fewer cells than its
 * header keeps what it has, with a warning; a short row with only a first
 * cell (a running page header caught in a table) is not taken for a
 * source device.
 *
 * Headings name the product and section of the flows (the rule is the same
 * in cells.c):
 *   - a Markdown heading ("## Elite MCU Ports"), or a short stand-alone line
 *     that names ports ("Elite MCU Ports"), is numbered ("3.1 Media
 *     Server") or ends in a version ("Orsk Gateway 4.2"), starts a
 *     product: product = import_product_name(heading without its number),
 *     section = the heading;
 *   - a label - a short line ending in ':' ("Local Ports:") or a bare
 *     direction ("Inbound") - starts a section of the current product:
 *     section = the label without its ':';
 *   - before any product heading the product is the document title's
 *     (import_product_name(doc->title)) and the section is "";
 *   - other short lines (running page headers, "Procedure") change nothing.
 *
 * Cells: port cells (source and destination ports, protocol) are cleaned and
 * kept as written, footnote marks and all; text cells (devices, description,
 * requirement) lose their marks and inline legends to import_cell_marks.
 * Direction is "" when the table names both ends. A table that names one
 * side only (a "Port" column and a direction) is oriented around the
 * product (or the side a "... Connection" header names) with import_orient,
 * a device column being the other end; the direction is its column's or,
 * without one, an "Inbound:" label's; the port goes in destination_ports.
 *
 * This file must not: know any vendor, product or line number, parse port
 * specs, print, or touch the database. */
#include <stdlib.h>
#include <string.h>
#include "import_int.h"

#define NONE ((size_t)-1)

typedef struct {
    import_doc *doc;   /* NULL while only scoring */
    int score;
    char *product;
    char *section;
    int in_table;      /* a header is in force */
    int seen_table;    /* a table was read under the current product */
    import_header h;
    size_t prev;       /* the previous flow of this section, or NONE */
    char *source;      /* the current source device of this section */
} reader;

/* ---- headings ---------------------------------------------------------- */

static void new_section(reader *r)
{
    r->in_table = 0;
    r->prev = NONE;
    free(r->source);
    r->source = NULL;
}

static status set_product(reader *r, const char *heading)
{
    status st = import_new_product_heading(&r->product, &r->section,
                                           heading);
    if (st == ST_OK) {
        r->seen_table = 0;
        new_section(r);
    }
    return st;
}

static status set_section(reader *r, const char *label)
{
    status st = import_new_section(&r->section, label);
    if (st == ST_OK)
        new_section(r);
    return st;
}

/* A line without tabs: a heading, a footnote legend, a rule, or prose. */
static status text_line(reader *r, const import_line *l)
{
    size_t at = import_md_heading_at(l->s);
    char *c = import_clean(l->s + at, l->len - at);
    if (!c)
        return ST_NOMEM;
    status st = ST_OK;
    if (!c[0] || strspn(c, "-=_ ") == strlen(c)) {
        /* a rule ("---") between pages: nothing */
    } else if (!at && import_mark_len(c) &&
               import_note_legend(r->seen_table || !import_may_be_bullet(c)
                                      ? r->doc
                                      : NULL,
                                  l->no, l->s, &st)) {
        /* Legends belong to the tables above them; before any table a
         * starred line is a bullet, not a legend (a dagger line is one).
         * Neither ends a table. */
    } else if (import_is_colon_label(c) || import_is_direction_label(c)) {
        st = set_section(r, c);
    } else if (at) {
        st = set_product(r, c);
    } else if (import_is_short_line(c)) {
        if (import_is_product_heading(c))
            st = set_product(r, c);
        /* else a running page header or a stray title: nothing */
    } else {
        r->in_table = 0; /* prose */
    }
    free(c);
    return st;
}

/* ---- headers ----------------------------------------------------------- */

/* Read cells as a header into *h; 0 when they are not one. */
static int read_header(char **cells, size_t n, import_header *h)
{
    if (n > IMPORT_MAX_COLS || !import_is_header(cells, n))
        return 0;
    import_header t;
    memset(&t, 0, sizeof t);
    t.n = n;
    unsigned seen = 0;
    int unknown = 0, odd = 0, gap = 0;
    for (size_t i = 0; i < n; i++) {
        char *c = import_clean(cells[i], strlen(cells[i]));
        if (!c)
            return 0;
        char local[sizeof t.local] = "";
        col_role role = COL_UNKNOWN;
        if (strlen(c) <= 60 && !import_direction(c)[0])
            role = import_column_role(c, local, sizeof local);
        /* Every column has a name: an empty cell before a named one is a
         * data row's merged cell. */
        odd |= c[0] && gap;
        gap |= !c[0];
        if (role == COL_UNKNOWN && c[0])
            unknown++;
        if (role != COL_UNKNOWN && role != COL_OTHER) {
            odd |= (seen & import_role_bit(role)) != 0; /* named twice */
            seen |= import_role_bit(role);
        }
        if (role == COL_DIRECTION && local[0])
            strcpy(t.local, local);
        t.role[i] = role;
        free(c);
    }
    if (odd || unknown > 1)
        return 0;
    import_header_sides(&t);
    *h = t;
    return 1;
}

/* "---\t---\t--": the rule under a Markdown-ish header, not data. */
static int dash_row(char **cells, size_t n)
{
    int dashes = 0;
    for (size_t i = 0; i < n; i++) {
        const char *s = cells[i];
        s += strspn(s, " ");
        if (!*s)
            continue;
        if (strspn(s, "-: ") != strlen(s))
            return 0;
        dashes = 1;
    }
    return dashes;
}

/* ---- rows -------------------------------------------------------------- */

static int cell_empty(const char *raw)
{
    char *c = import_clean(raw, strlen(raw));
    int empty = !c || !c[0];
    free(c);
    return empty;
}

static status set_source(reader *r, int line, const char *raw)
{
    char *s = NULL, *marks = NULL;
    status st = import_cell_text(r->doc, line, raw, FF_SOURCE, &s, &marks);
    free(marks); /* a row with no flow has nothing to mark */
    if (st != ST_OK) {
        free(s);
        return st;
    }
    free(r->source);
    r->source = s;
    return ST_OK;
}

/* Cells merged over rows: a row without a source device has the current
 * one of the section (the product before any); a row with ports but no
 * destination device has the destination of the row before it. */
static status merged_ends(reader *r, import_flow *fl, char **v)
{
    if (v[FF_SOURCE][0]) {
        free(r->source);
        if (!(r->source = strdup(v[FF_SOURCE])))
            return ST_NOMEM;
    } else {
        fl->source = r->source ? r->source : r->product;
    }
    if (!v[FF_DESTINATION][0] &&
        (v[FF_SOURCE_PORTS][0] || v[FF_DESTINATION_PORTS][0]) &&
        r->prev != NONE)
        fl->destination = r->doc->flows[r->prev].destination;
    return ST_OK;
}

/* A data row that is a flow of its own. */
static status new_flow(reader *r, int line, char **cells, size_t width)
{
    char *v[FF__COUNT] = {0};
    char *marks = NULL;
    status st = import_join_cells(r->doc, line, &r->h, cells, width, v,
                                  &marks);
    import_flow fl;
    if (st == ST_OK) {
        import_joined_flow(&fl, &r->h, v, r->product, r->section);
        fl.line = line;
        fl.marks = marks;
        if (r->h.has_ends)
            st = merged_ends(r, &fl, v);
    }
    if (st == ST_OK)
        st = import_add_flow(r->doc, &fl);
    if (st == ST_OK)
        r->prev = r->doc->nflows - 1;
    import_join_free(v);
    free(marks);
    return st;
}

/* Warnings for a row with more cells than its header (the first width
 * are read) or fewer. */
static status check_width(reader *r, int line, char **cells, size_t n,
                          size_t width)
{
    status st = ST_OK;
    for (size_t i = width; i < n && st == ST_OK; i++)
        if (!cell_empty(cells[i]))
            st = import_add_diag(r->doc, line, SEV_WARNING,
                                 "row has more cells than its header (%zu); "
                                 "the extra ones are ignored", r->h.n);
    if (st == ST_OK && n < r->h.n)
        st = import_add_diag(r->doc, line, SEV_WARNING,
                             "row has %zu of the header's %zu cells",
                             n, r->h.n);
    return st;
}

/* Cells that never start a flow of their own: a row of them, with no
 * source device and no port, goes on from the row above. */
static int continues(col_role role)
{
    return !import_is_port_role(role) && role != COL_SRC_DEVICE;
}

/* The rest of the filled cells of a row (all but the source device) cut
 * by a page break or wrapped onto a row of their own: onto the previous
 * flow, notes from them with that flow's line. */
static status join_rest(reader *r, char **cells, size_t width)
{
    status st = ST_OK;
    for (size_t i = 0; i < width && st == ST_OK; i++)
        if (r->h.role[i] != COL_SRC_DEVICE && !cell_empty(cells[i]))
            st = import_join_more(r->doc, &r->doc->flows[r->prev],
                                  r->h.role[i], cells[i]);
    return st;
}

/* A tab row under a header. */
static status data_row(reader *r, int line, char **cells, size_t n)
{
    size_t width = n < r->h.n ? n : r->h.n;
    size_t filled = 0, texts = 0, src = NONE;
    for (size_t i = 0; i < width; i++) {
        if (cell_empty(cells[i]))
            continue;
        if (r->h.role[i] == COL_SRC_DEVICE) {
            src = i;
        } else {
            filled++;
            texts += continues(r->h.role[i]);
        }
    }
    if (!filled && src == NONE)
        return ST_OK; /* an empty row */
    if (!r->doc) {
        r->score += filled > 0;
        return ST_OK;
    }
    status st = check_width(r, line, cells, n, width);
    if (st != ST_OK)
        return st;
    if (!filled) {
        /* A short row with one cell may as well be a running page header:
         * it does not change the source device. */
        return n < r->h.n ? ST_OK : set_source(r, line, cells[src]);
    }
    if (r->prev != NONE &&
        (filled == 1 || (src == NONE && texts == filled))) {
        if (src != NONE && (st = set_source(r, line, cells[src])) != ST_OK)
            return st;
        return join_rest(r, cells, width);
    }
    return new_flow(r, line, cells, width);
}

static status tab_row(reader *r, const import_line *l)
{
    char *copy = strndup(l->s, l->len);
    if (!copy)
        return ST_NOMEM;
    char *cells[IMPORT_MAX_COLS];
    size_t n = import_split(copy, '\t', cells, IMPORT_MAX_COLS);
    status st = ST_OK;
    import_header h;
    if (read_header(cells, n, &h)) {
        r->h = h;
        r->in_table = 1;
        r->seen_table = 1;
        r->score += 10;
        /* The last cell took the rest of the line: say what is not read. */
        size_t cols = 1;
        for (size_t i = 0; i < l->len; i++)
            cols += l->s[i] == '\t';
        if (r->doc && cols > IMPORT_MAX_COLS)
            st = import_add_diag(r->doc, l->no, SEV_WARNING,
                                 "a table of %zu columns: only the first "
                                 "%d are read", cols, IMPORT_MAX_COLS - 1);
    } else if (r->in_table && !dash_row(cells, n)) {
        st = data_row(r, l->no, cells, n);
    }
    free(copy);
    return st;
}

/* ---- the reader -------------------------------------------------------- */

static status walk(const import_lines *ls, reader *r)
{
    status st = ST_OK;
    for (size_t i = 0; i < ls->n && st == ST_OK; i++) {
        const import_line *l = &ls->v[i];
        if (import_blank(l->s))
            continue;
        st = memchr(l->s, '\t', l->len) ? tab_row(r, l) : text_line(r, l);
    }
    return st;
}

static status reader_init(reader *r, import_doc *doc)
{
    memset(r, 0, sizeof *r);
    r->doc = doc;
    r->prev = NONE;
    return import_title_product(doc, &r->product, &r->section);
}

static void reader_free(reader *r)
{
    free(r->product);
    free(r->section);
    free(r->source);
}

status import_tsv_read(const import_lines *ls, import_doc *doc)
{
    reader r;
    status st = reader_init(&r, doc);
    if (st == ST_OK)
        st = walk(ls, &r);
    if (st == ST_OK && r.score == 0)
        st = import_no_table(doc, "no tab-separated table with a "
                                  "recognised header");
    reader_free(&r);
    return st;
}

int import_tsv_score(const import_lines *ls)
{
    reader r;
    int score = 0;
    if (reader_init(&r, NULL) == ST_OK && walk(ls, &r) == ST_OK)
        score = r.score;
    reader_free(&r);
    return score;
}
