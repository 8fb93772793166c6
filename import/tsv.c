/* tsv.c - reader for tab-separated tables: the text export of a PDF whose
 * tables keep one row per line, cells separated by tabs.
 *
 * Such an export keeps the marks of the pages the tables crossed, and this
 * reader undoes them:
 *   - the header row is repeated at the top of every page: a header row is
 *     never data, and within one section the tables it splits are one;
 *   - a row cut by a page break goes on in a row of its own that holds only
 *     the rest of one cell (and perhaps the source device again): that text
 *     is appended to the same cell of the previous flow;
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
 * footnote legends, rows of dashes and repeated headers do not end a
 * table. Tab rows under no header (tables of contents, "Old Name / New
 * Name" glossaries, "Field / Value" forms) are not read: nothing in them
 * names a port column. A row with fewer cells than its header keeps what
 * it has, with a warning; a short row with only a first cell (a running
 * page header caught in a table) is not taken for a source device.
 *
 * Headings name the product and section of the flows (the rule is the same
 * in cells.c):
 *   - a Markdown heading ("## Elite MCU Ports"), or a short stand-alone line
 *     that names ports ("Elite MCU Ports"), starts a product:
 *     product = import_product_name(heading), section = the heading;
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

#define MAX_COLS 32
#define NONE ((size_t)-1)

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
    import_doc *doc;   /* NULL while only scoring */
    int score;
    char *product;
    char *section;
    int in_table;      /* a header is in force */
    int seen_table;    /* a table was read under the current product */
    header h;
    size_t prev;       /* the previous flow of this section, or NONE */
    char *source;      /* the current source device of this section */
} reader;

/* ---- lines and headings ------------------------------------------------ */

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

/* "Local Ports:", "Inbound": a heading that names a part of the product's
 * table, not a product. c is cleaned text. */
static int is_label(const char *c)
{
    if (strlen(c) < 2 || strlen(c) > 60)
        return 0;
    if (ends_with_any(c, ":"))
        return count_words(c) <= 6;
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

static void new_section(reader *r)
{
    r->in_table = 0;
    r->prev = NONE;
    free(r->source);
    r->source = NULL;
}

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
    new_section(r);
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
    new_section(r);
    return ST_OK;
}

/* A line without tabs: a heading, a footnote legend, a rule, or prose. */
static status text_line(reader *r, const import_line *l)
{
    size_t at = md_heading_at(l->s);
    char *c = import_clean(l->s + at, l->len - at);
    if (!c)
        return ST_NOMEM;
    status st = ST_OK;
    char *mark = NULL, *text = NULL;
    if (!c[0] || strspn(c, "-=_ ") == strlen(c)) {
        /* a rule ("---") between pages: nothing */
    } else if (!at && import_mark_len(c) &&
               import_legend(l->s, &mark, &text)) {
        /* Legends belong to the tables above them; before any table a
         * starred line is a bullet, not a legend. Neither ends a table. */
        if (r->doc && r->seen_table)
            st = import_add_note(r->doc, l->no, mark, text);
    } else if (is_label(c)) {
        st = set_section(r, c);
    } else if (at) {
        st = set_product(r, c);
    } else if (is_short_line(c)) {
        if (names_ports(c))
            st = set_product(r, c);
        /* else a running page header or a stray title: nothing */
    } else {
        r->in_table = 0; /* prose */
    }
    free(mark);
    free(text);
    free(c);
    return st;
}

/* ---- headers ----------------------------------------------------------- */

static unsigned role_bit(col_role r)
{
    return 1u << (unsigned)r;
}

/* Read cells as a header into *h; 0 when they are not one. */
static int read_header(char **cells, size_t n, header *h)
{
    if (n > MAX_COLS || !import_is_header(cells, n))
        return 0;
    header t;
    memset(&t, 0, sizeof t);
    t.n = n;
    unsigned seen = 0;
    int unknown = 0, odd = 0, gap = 0;
    for (size_t i = 0; i < n; i++) {
        char *c = import_clean(cells[i], strlen(cells[i]));
        if (!c)
            return 0;
        char local[128] = "";
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
            odd |= (seen & role_bit(role)) != 0; /* named twice */
            seen |= role_bit(role);
        }
        if (role == COL_DIRECTION && local[0])
            strcpy(t.local, local);
        t.role[i] = role;
        free(c);
    }
    if (odd || unknown > 1)
        return 0;
    t.has_ends = (seen & (role_bit(COL_SRC_DEVICE) |
                          role_bit(COL_DST_DEVICE))) != 0;
    t.has_dir = (seen & role_bit(COL_DIRECTION)) != 0;
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

/* Append add to the malloc'd string *dst (NULL or "" takes add as it is),
 * a space between. */
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

static int cell_empty(const char *raw)
{
    char *c = import_clean(raw, strlen(raw));
    int empty = !c || !c[0];
    free(c);
    return empty;
}

/* The cleaned text of cell i, its marks cut when it is a text cell; marks
 * and inline legends go to *marks and the doc with the given line. */
static status cell_text(reader *r, int line, const char *raw, int field,
                        char **out, char **marks)
{
    *out = import_clean(raw, strlen(raw));
    if (!*out)
        return ST_NOMEM;
    if (r->doc && is_text_field(field))
        return import_cell_marks(r->doc, line, *out, marks);
    return ST_OK;
}

/* The field of flow f that a continuation of column field goes on. */
static char **flow_field(import_flow *f, int field)
{
    switch (field) {
    case F_SRC: return &f->source;
    case F_SRC_PORTS: return &f->source_ports;
    case F_DST: return &f->destination;
    case F_DST_PORTS: return &f->destination_ports;
    case F_PROTO: return &f->protocol;
    case F_DESC: return &f->description;
    case F_REQ: return &f->requirement;
    case F_DEVICE:
        /* the device is the remote end import_orient placed */
        return strcmp(f->direction, "inbound") == 0 ? &f->source
                                                     : &f->destination;
    default: return NULL;
    }
}

static status set_source(reader *r, int line, const char *raw)
{
    char *s = NULL, *marks = NULL;
    status st = cell_text(r, line, raw, F_SRC, &s, &marks);
    free(marks); /* a row with no flow has nothing to mark */
    if (st != ST_OK) {
        free(s);
        return st;
    }
    free(r->source);
    r->source = s;
    return ST_OK;
}

/* The rest of a cell cut by a page break: onto the previous flow. Notes
 * from it keep the line of the row it belongs to. */
static status continue_row(reader *r, const char *raw, col_role role)
{
    import_flow *pf = &r->doc->flows[r->prev];
    int field = field_of(role);
    char **dst = field >= 0 ? flow_field(pf, field) : NULL;
    if (!dst)
        return ST_OK; /* a column nothing is kept from */
    char *c = NULL;
    status st = cell_text(r, pf->line, raw, field, &c, &pf->marks);
    if (st == ST_OK)
        st = append(dst, c);
    free(c);
    return st;
}

/* A data row that is a flow of its own. */
static status new_flow(reader *r, int line, char **cells, size_t width)
{
    char *v[NFIELDS] = {0};
    char *marks = NULL;
    status st = ST_OK;
    for (size_t i = 0; i < width && st == ST_OK; i++) {
        int field = field_of(r->h.role[i]);
        char *c = NULL;
        if (field < 0)
            continue;
        st = cell_text(r, line, cells[i], field, &c, &marks);
        if (st == ST_OK)
            st = append(&v[field], c);
        free(c);
    }
    for (int f = 0; f < NFIELDS && st == ST_OK; f++)
        if (!v[f] && !(v[f] = strdup("")))
            st = ST_NOMEM;
    if (st != ST_OK)
        goto out;

    import_flow fl;
    memset(&fl, 0, sizeof fl);
    fl.line = line;
    fl.product = r->product;
    fl.section = r->section;
    fl.source_ports = v[F_SRC_PORTS];
    fl.destination_ports = v[F_DST_PORTS];
    fl.protocol = v[F_PROTO];
    fl.description = v[F_DESC];
    fl.requirement = v[F_REQ];
    fl.marks = marks;
    if (r->h.has_ends) {
        if (v[F_SRC][0]) {
            free(r->source);
            if (!(r->source = strdup(v[F_SRC]))) {
                st = ST_NOMEM;
                goto out;
            }
        }
        fl.source = v[F_SRC][0] ? v[F_SRC]
                    : r->source ? r->source : r->product;
        fl.destination = v[F_DST];
        /* a destination cell merged over several rows */
        if (!v[F_DST][0] && (v[F_SRC_PORTS][0] || v[F_DST_PORTS][0]) &&
            r->prev != NONE)
            fl.destination = r->doc->flows[r->prev].destination;
        fl.direction = r->h.has_dir ? (char *)import_direction(v[F_DIR]) : "";
    } else {
        const char *dir = import_direction(r->h.has_dir ? v[F_DIR]
                                                        : r->section);
        fl.direction = (char *)dir;
        import_orient(&fl, r->h.local[0] ? r->h.local : r->product,
                      v[F_DEVICE], dir);
    }
    st = import_add_flow(r->doc, &fl);
    if (st == ST_OK)
        r->prev = r->doc->nflows - 1;
out:
    for (int f = 0; f < NFIELDS; f++)
        free(v[f]);
    free(marks);
    return st;
}

/* A tab row under a header. */
static status data_row(reader *r, int line, char **cells, size_t n)
{
    size_t width = n < r->h.n ? n : r->h.n;
    size_t filled = 0, only = 0, src = NONE;
    for (size_t i = 0; i < width; i++) {
        if (cell_empty(cells[i]))
            continue;
        if (r->h.role[i] == COL_SRC_DEVICE) {
            src = i;
        } else {
            filled++;
            only = i;
        }
    }
    if (!filled && src == NONE)
        return ST_OK; /* an empty row */
    if (!r->doc) {
        r->score += filled > 0;
        return ST_OK;
    }
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
    if (st != ST_OK)
        return st;
    if (!filled) {
        /* A short row with one cell may as well be a running page header:
         * it does not change the source device. */
        return n < r->h.n ? ST_OK : set_source(r, line, cells[src]);
    }
    if (filled == 1 && r->prev != NONE) {
        if (src != NONE && (st = set_source(r, line, cells[src])) != ST_OK)
            return st;
        return continue_row(r, cells[only], r->h.role[only]);
    }
    return new_flow(r, line, cells, width);
}

static status tab_row(reader *r, const import_line *l)
{
    char *copy = strndup(l->s, l->len);
    if (!copy)
        return ST_NOMEM;
    char *cells[MAX_COLS];
    size_t n = import_split(copy, '\t', cells, MAX_COLS);
    status st = ST_OK;
    header h;
    if (read_header(cells, n, &h)) {
        r->h = h;
        r->in_table = 1;
        r->seen_table = 1;
        r->score += 10;
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
    r->product = import_product_name(doc && doc->title ? doc->title : "");
    r->section = strdup("");
    return r->product && r->section ? ST_OK : ST_NOMEM;
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
    if (st == ST_OK && r.score == 0) {
        st = import_add_diag(doc, 0, SEV_ERROR, "no tab-separated table "
                             "with a recognised header");
        if (st == ST_OK)
            st = ST_FORMAT;
    }
    reader_free(&r);
    return st;
}

int import_tsv_score(const import_lines *ls)
{
    reader r;
    if (reader_init(&r, NULL) != ST_OK) {
        reader_free(&r);
        return 0;
    }
    int score = walk(ls, &r) == ST_OK ? r.score : 0;
    reader_free(&r);
    return score;
}
