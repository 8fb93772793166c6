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
 * Blank lines carry nothing here: the table is the sequence of non-blank
 * lines. A header is a run of at least three consecutive lines that are each
 * a column name (import_column_role, a short line, no two meaning the same
 * thing) and together a table header (import_is_header). The lines after it
 * are its cells, N to a row (N = the header's width), until the table ends:
 *   - at any cell: a footnote legend ("* Default port ..."), a label
 *     ("Remote Ports:"), a Markdown heading, or another header - though a
 *     line that means what its own column means ("Mandatory" where the
 *     requirement goes) is that column's value, not a new header;
 *   - where a new row would start: also a line that is clearly prose, or a
 *     short line or two followed by another header (that table's heading).
 * A table that ends mid-row keeps the cells it has, with a warning.
 *
 * Headings name the product and section of the flows (the rule is the same
 * in tsv.c):
 *   - a Markdown heading ("## Elite MCU Ports"), or, outside a table, a
 *     short stand-alone line that names ports ("Elite MCU Ports"), starts a
 *     product: product = import_product_name(heading), section = heading;
 *   - a label - a short line ending in ':' ("Local Ports:") or, outside a
 *     table, a bare direction ("Inbound") - starts a section of the current
 *     product: section = the label without its ':';
 *   - before any product heading the product is the document title's
 *     (import_product_name(doc->title)) and the section is "";
 *   - other short lines ("Article summary", running page headers) change
 *     nothing.
 * Footnote legends after a table become notes; lines that are neither
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

#define MAX_COLS 16

/* What a header says about its columns. */
typedef struct {
    size_t n;
    col_role role[MAX_COLS];
    char local[128];   /* local side named by a connection header, or "" */
    int has_ends;      /* a source or destination device column */
    int has_dir;       /* a direction column */
} header;

/* Where each column's text goes in a flow. */
enum { F_SRC, F_SRC_PORTS, F_DST, F_DST_PORTS, F_PROTO, F_DESC, F_REQ,
       F_DEVICE, F_DIR, NFIELDS };

typedef struct {
    import_doc *doc;           /* NULL while only scoring */
    int score;
    const import_line **line;  /* the non-blank lines */
    size_t n;
    char *product;
    char *section;
    int seen_table;            /* a table was read under this product */
} reader;

/* ---- lines ------------------------------------------------------------- */

static size_t count_words(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (*s != ' ' && (s[1] == ' ' || s[1] == '\0'))
            n++;
    return n;
}

/* Does s end with one of the bytes of set? */
static int ends_with_any(const char *s, const char *set)
{
    size_t n = strlen(s);
    return n && strchr(set, s[n - 1]) != NULL;
}

/* Offset of the text of a Markdown heading ("## Notice"), 0 if the line is
 * not one. */
static size_t md_heading_at(const char *s)
{
    size_t i = strspn(s, " ");
    size_t n = strspn(s + i, "#");
    if (n == 0 || n > 6 || s[i + n] != ' ')
        return 0;
    return i + n;
}

static char *clean_line(const import_line *l)
{
    return import_clean(l->s, l->len);
}

/* "Remote Ports:": a short line ending in ':'. c is cleaned text. */
static int is_colon_label(const char *c)
{
    return strlen(c) >= 2 && strlen(c) <= 60 && ends_with_any(c, ":") &&
           count_words(c) <= 6;
}

/* A bare direction heading ("Inbound"). Only outside a table: inside, it
 * is a cell of the direction column. */
static int is_direction_label(const char *c)
{
    return count_words(c) <= 2 && import_direction(c)[0];
}

/* A short stand-alone line: few words, no sentence punctuation at its end,
 * not a bullet. c is cleaned text. */
static int is_short_line(const char *c)
{
    size_t w = count_words(c);
    unsigned char first = (unsigned char)c[0];
    if (w == 0 || w > 8 || strlen(c) > 60)
        return 0;
    if (ends_with_any(c, ".,;!?"))
        return 0;
    if (strncmp(c, "\xE2\x80\xA2", 3) == 0) /* "•" */
        return 0;
    return (first >= 0x80) || (first >= '0' && first <= '9') ||
           (first >= 'A' && first <= 'Z') || (first >= 'a' && first <= 'z');
}

/* Does the heading name a product's ports ("Elite MCU Ports")? */
static int names_ports(const char *c)
{
    char *p = import_product_name(c);
    int yes = p && strlen(p) < strlen(c);
    free(p);
    return yes;
}

static int is_legend(const import_line *l)
{
    char *mark = NULL, *text = NULL;
    int yes = !md_heading_at(l->s) && import_legend(l->s, &mark, &text);
    free(mark);
    free(text);
    return yes;
}

/* A label or a Markdown heading: where a table always ends. */
static int is_heading(const import_line *l)
{
    if (md_heading_at(l->s))
        return 1;
    char *c = clean_line(l);
    int yes = c && is_colon_label(c);
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
    size_t w = count_words(c);
    int sentence = ends_with_any(c, ".!?");
    int yes = is_text_role(first) ? w >= 15 && sentence
                                  : w >= 8 && (sentence || strlen(c) > 80);
    free(c);
    return yes;
}

/* ---- headers ----------------------------------------------------------- */

static unsigned role_bit(col_role r)
{
    return 1u << (unsigned)r;
}

/* The role of a line as a column name; COL_UNKNOWN when it is not one.
 * local receives the local side a connection header names. */
static col_role column_name(const import_line *l, char *local, size_t n)
{
    local[0] = '\0';
    if (md_heading_at(l->s) || memchr(l->s, '\t', l->len) ||
        memchr(l->s, '|', l->len))
        return COL_UNKNOWN; /* headings, and rows of the other styles */
    char *c = clean_line(l);
    if (!c)
        return COL_UNKNOWN;
    col_role role = COL_UNKNOWN;
    if (strlen(c) <= 40 && count_words(c) <= 6 &&
        !ends_with_any(c, ":.") && !import_mark_len(c) &&
        !import_direction(c)[0])
        role = import_column_role(c, local, n);
    free(c);
    return role;
}

/* If a header starts at line i, read it into *h and return its width. */
static size_t header_at(const reader *r, size_t i, header *h)
{
    header t;
    memset(&t, 0, sizeof t);
    char *cells[MAX_COLS];
    unsigned seen = 0;
    size_t k = 0;
    for (; i + k < r->n && k < MAX_COLS; k++) {
        char local[128];
        col_role role = column_name(r->line[i + k], local, sizeof local);
        if (role == COL_UNKNOWN)
            break;
        /* The same meaning twice: the run has reached the data. */
        if (role != COL_OTHER && (seen & role_bit(role)))
            break;
        seen |= role_bit(role);
        t.role[k] = role;
        if (role == COL_DIRECTION && local[0])
            strcpy(t.local, local);
        cells[k] = r->line[i + k]->s;
    }
    if (k < 3 || !import_is_header(cells, k))
        return 0;
    t.n = k;
    t.has_ends = (seen & (role_bit(COL_SRC_DEVICE) |
                          role_bit(COL_DST_DEVICE))) != 0;
    t.has_dir = (seen & role_bit(COL_DIRECTION)) != 0;
    if (h)
        *h = t;
    return k;
}

/* Does a header start at line i, which would be cell k of a row of h?
 * A line that means what its column means ("Mandatory" under "Required")
 * is that column's value, not the first name of a new header; at the start
 * of a row, though, it is the header repeated. */
static int new_header_at(const reader *r, size_t i, const header *h,
                         size_t k)
{
    if (k > 0) {
        char local[128];
        if (column_name(r->line[i], local, sizeof local) == h->role[k])
            return 0;
    }
    return header_at(r, i, NULL) != 0;
}

/* Does the table end at line i, cell k of a row? */
static int ends_mid_row(const reader *r, size_t i, const header *h,
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
        int is_short = c && is_short_line(c);
        free(c);
        if (!is_short)
            return 0;
        if (header_at(r, i + k, NULL))
            return 1;
    }
    return 0;
}

/* Does the table end at line i, where a new row would start? */
static int ends_before_row(const reader *r, size_t i, const header *h)
{
    return ends_mid_row(r, i, h, 0) || is_prose(r->line[i], h->role[0]) ||
           heading_then_header(r, i, h->n);
}

/* ---- cells and flows --------------------------------------------------- */

static int field_of(col_role role)
{
    switch (role) {
    case COL_SRC_DEVICE: return F_SRC;
    case COL_SRC_PORTS: return F_SRC_PORTS;
    case COL_DST_DEVICE: return F_DST;
    case COL_DST_PORTS:
    case COL_PORTS: return F_DST_PORTS;
    case COL_PROTOCOL: return F_PROTO;
    case COL_DESCRIPTION: return F_DESC;
    case COL_REQUIREMENT: return F_REQ;
    case COL_DEVICE: return F_DEVICE;
    case COL_DIRECTION: return F_DIR;
    default: return -1;
    }
}

/* Text cells lose their footnote marks; port cells keep them for the
 * port-spec parser. */
static int is_text_field(int f)
{
    return f == F_SRC || f == F_DST || f == F_DESC || f == F_REQ ||
           f == F_DEVICE;
}

/* Append add to the malloc'd string *dst (NULL takes add as it is), a
 * space between. */
static status append(char **dst, const char *add)
{
    if (!add[0])
        return ST_OK;
    size_t old = *dst ? strlen(*dst) : 0;
    char *s = realloc(*dst, old + strlen(add) + 2);
    if (!s)
        return ST_NOMEM;
    if (old)
        s[old++] = ' ';
    strcpy(s + old, add);
    *dst = s;
    return ST_OK;
}

/* Fill f (strings borrowed from v and r) from the cells of a row. */
static void make_flow(const reader *r, const header *h, char **v,
                      import_flow *f)
{
    f->product = r->product;
    f->section = r->section;
    f->source_ports = v[F_SRC_PORTS];
    f->destination_ports = v[F_DST_PORTS];
    f->protocol = v[F_PROTO];
    f->description = v[F_DESC];
    f->requirement = v[F_REQ];
    if (h->has_ends) {
        f->source = v[F_SRC];
        f->destination = v[F_DST];
        f->direction = h->has_dir ? (char *)import_direction(v[F_DIR]) : "";
        return;
    }
    /* One side named: the product (or the side a connection header
     * names) is one end, the device column, if any, the other. Without a
     * direction column an "Inbound:" label says it. */
    const char *dir = import_direction(h->has_dir ? v[F_DIR] : r->section);
    f->direction = (char *)dir;
    import_orient(f, h->local[0] ? h->local : r->product, v[F_DEVICE], dir);
}

/* A row of got cells (got < width when the table ended mid-row). */
static status emit_row(reader *r, const header *h,
                       const import_line **cells, size_t got)
{
    int line = cells[0]->no;
    if (!r->doc) {
        r->score += got == h->n;
        return ST_OK;
    }
    status st = ST_OK;
    if (got < h->n)
        st = import_add_diag(r->doc, line, SEV_WARNING,
                             "table ends mid-row: %zu of %zu cells", got,
                             h->n);
    char *v[NFIELDS] = {0};
    char *marks = NULL;
    for (size_t i = 0; i < got && st == ST_OK; i++) {
        int field = field_of(h->role[i]);
        if (field < 0)
            continue;
        char *c = clean_line(cells[i]);
        if (!c) {
            st = ST_NOMEM;
            break;
        }
        if (is_text_field(field))
            st = import_cell_marks(r->doc, line, c, &marks);
        if (st == ST_OK)
            st = append(&v[field], c);
        free(c);
    }
    for (int f = 0; f < NFIELDS && st == ST_OK; f++)
        if (!v[f] && !(v[f] = strdup("")))
            st = ST_NOMEM;
    if (st == ST_OK) {
        import_flow fl;
        memset(&fl, 0, sizeof fl);
        fl.line = line;
        fl.marks = marks;
        make_flow(r, h, v, &fl);
        st = import_add_flow(r->doc, &fl);
    }
    for (int f = 0; f < NFIELDS; f++)
        free(v[f]);
    free(marks);
    return st;
}

/* The cells from line *pos on, in rows of h->n, until the table ends;
 * *pos is left at the line that ended it. */
static status read_table(reader *r, size_t *pos, const header *h)
{
    const import_line *row[MAX_COLS];
    size_t got = 0, i = *pos;
    status st = ST_OK;
    r->seen_table = 1;
    r->score += 10;
    for (; i < r->n && st == ST_OK; i++) {
        if (got == 0 ? ends_before_row(r, i, h) : ends_mid_row(r, i, h, got))
            break;
        row[got++] = r->line[i];
        if (got == h->n) {
            st = emit_row(r, h, row, got);
            got = 0;
        }
    }
    if (st == ST_OK && got)
        st = emit_row(r, h, row, got);
    *pos = i;
    return st;
}

/* ---- headings ---------------------------------------------------------- */

static status set_product(reader *r, const char *heading)
{
    char *p = import_product_name(heading);
    char *s = strdup(heading);
    if (!p || !s) {
        free(p);
        free(s);
        return ST_NOMEM;
    }
    free(r->product);
    free(r->section);
    r->product = p;
    r->section = s;
    r->seen_table = 0;
    return ST_OK;
}

static status set_section(reader *r, const char *label)
{
    size_t n = strlen(label);
    if (n && label[n - 1] == ':')
        n--;
    while (n && label[n - 1] == ' ')
        n--;
    char *s = strndup(label, n);
    if (!s)
        return ST_NOMEM;
    free(r->section);
    r->section = s;
    return ST_OK;
}

/* A line outside any table: a heading, a legend, or nothing. */
static status outside_line(reader *r, const import_line *l)
{
    size_t at = md_heading_at(l->s);
    char *c = import_clean(l->s + at, l->len - at);
    if (!c)
        return ST_NOMEM;
    status st = ST_OK;
    char *mark = NULL, *text = NULL;
    if (!at && r->seen_table && import_legend(l->s, &mark, &text)) {
        if (r->doc)
            st = import_add_note(r->doc, l->no, mark, text);
    } else if (is_colon_label(c) || is_direction_label(c)) {
        st = set_section(r, c);
    } else if (at || (is_short_line(c) && names_ports(c))) {
        st = set_product(r, c);
    }
    free(mark);
    free(text);
    free(c);
    return st;
}

/* ---- the reader -------------------------------------------------------- */

static status walk(reader *r)
{
    status st = ST_OK;
    for (size_t i = 0; i < r->n && st == ST_OK;) {
        header h;
        size_t width = header_at(r, i, &h);
        if (width) {
            i += width;
            st = read_table(r, &i, &h);
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
    r->line = malloc((ls->n ? ls->n : 1) * sizeof *r->line);
    r->product = import_product_name(doc && doc->title ? doc->title : "");
    r->section = strdup("");
    if (!r->line || !r->product || !r->section)
        return ST_NOMEM;
    for (size_t i = 0; i < ls->n; i++)
        if (!import_blank(ls->v[i].s))
            r->line[r->n++] = &ls->v[i];
    return ST_OK;
}

static void reader_free(reader *r)
{
    free(r->line);
    free(r->product);
    free(r->section);
}

status import_cells_read(const import_lines *ls, import_doc *doc)
{
    reader r;
    status st = reader_init(&r, ls, doc);
    if (st == ST_OK)
        st = walk(&r);
    if (st == ST_OK && r.score == 0) {
        st = import_add_diag(doc, 0, SEV_ERROR, "no table written one cell "
                             "per line under a recognised header");
        if (st == ST_OK)
            st = ST_FORMAT;
    }
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
