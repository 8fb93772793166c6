/* rows.c - from a table row's cells to an import_flow, for every table
 * reader: which flow field a column role fills, which cells lose their
 * footnote marks, and the two ways the readers build a flow:
 *
 *   joined (cells, tsv)   every cell is cleaned here; the cells of one
 *                         field are joined with a space; a text cell
 *                         (devices, description, requirement) loses its
 *                         marks, port and protocol cells keep theirs; a
 *                         Vendor column is not read. A cell cut by a page
 *                         break goes on onto the flow already made.
 *   taken (pipe, markdown, spaced)
 *                         the reader cleaned the cells; the first non-empty
 *                         cell of a field counts and is stored as it is
 *                         (after its marks are cut); every cell but a port
 *                         cell loses its marks, the protocol's too; a Device
 *                         or Vendor column is the other end.
 *
 * Nothing here knows a vendor or a document. */
#include <stdlib.h>
#include <string.h>
#include "import_int.h"

/* ---- fields ----------------------------------------------------------- */

flow_field import_field_of(col_role role)
{
    switch (role) {
    case COL_SRC_DEVICE: return FF_SOURCE;
    case COL_SRC_PORTS: return FF_SOURCE_PORTS;
    case COL_DST_DEVICE: return FF_DESTINATION;
    case COL_DST_PORTS:
    case COL_PORTS: return FF_DESTINATION_PORTS;
    case COL_PROTOCOL: return FF_PROTOCOL;
    case COL_DESCRIPTION: return FF_DESCRIPTION;
    case COL_REQUIREMENT: return FF_REQUIREMENT;
    case COL_DEVICE:
    case COL_VENDOR: return FF_REMOTE;
    case COL_DIRECTION: return FF_DIRECTION;
    default: return FF_NONE;
    }
}

int import_is_port_role(col_role role)
{
    return role == COL_PORTS || role == COL_SRC_PORTS ||
           role == COL_DST_PORTS;
}

/* Where the text of field goes in f: remote for FF_REMOTE, NULL for the
 * direction (it is read, not stored as written) and for FF_NONE. */
static char **flow_slot(import_flow *f, flow_field field, char **remote)
{
    switch (field) {
    case FF_SOURCE: return &f->source;
    case FF_SOURCE_PORTS: return &f->source_ports;
    case FF_DESTINATION: return &f->destination;
    case FF_DESTINATION_PORTS: return &f->destination_ports;
    case FF_PROTOCOL: return &f->protocol;
    case FF_DESCRIPTION: return &f->description;
    case FF_REQUIREMENT: return &f->requirement;
    case FF_REMOTE: return remote;
    default: return NULL;
    }
}

/* Does a cell of field give its marks to the flow? Port cells keep theirs
 * for the port-spec parser; the protocol cell keeps them in a joined row
 * and gives them in a taken one; a direction cell is only read. */
static int gives_marks(flow_field field, int joined)
{
    if (field == FF_PROTOCOL)
        return !joined;
    return field == FF_SOURCE || field == FF_DESTINATION ||
           field == FF_DESCRIPTION || field == FF_REQUIREMENT ||
           field == FF_REMOTE;
}

status import_append(char **dst, const char *add)
{
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

/* ---- joined rows (cells, tsv) ----------------------------------------- */

void import_header_sides(import_header *h)
{
    h->has_ends = h->has_dir = 0;
    for (size_t i = 0; i < h->n; i++) {
        h->has_ends |= h->role[i] == COL_SRC_DEVICE ||
                       h->role[i] == COL_DST_DEVICE;
        h->has_dir |= h->role[i] == COL_DIRECTION;
    }
}

/* The field a joined row keeps a column in: a Vendor column is not read. */
static flow_field joined_field(col_role role)
{
    return role == COL_VENDOR ? FF_NONE : import_field_of(role);
}

status import_cell_text(import_doc *doc, int line, const char *raw,
                        flow_field field, char **out, char **marks)
{
    *out = import_clean(raw, strlen(raw));
    if (!*out)
        return ST_NOMEM;
    if (gives_marks(field, 1))
        return import_cell_marks(doc, line, *out, marks);
    return ST_OK;
}

status import_join_cells(import_doc *doc, int line, const import_header *h,
                         char *const *raw, size_t n, char **v, char **marks)
{
    status st = ST_OK;
    for (int f = 0; f < FF__COUNT; f++)
        v[f] = NULL;
    for (size_t i = 0; i < n && st == ST_OK; i++) {
        flow_field field = joined_field(h->role[i]);
        char *c = NULL;
        if (field == FF_NONE)
            continue;
        st = import_cell_text(doc, line, raw[i], field, &c, marks);
        if (st == ST_OK && c[0])
            st = import_append(&v[field], c);
        free(c);
    }
    for (int f = 0; f < FF__COUNT && st == ST_OK; f++)
        if (!v[f] && !(v[f] = strdup("")))
            st = ST_NOMEM;
    return st;
}

void import_join_free(char **v)
{
    for (int f = 0; f < FF__COUNT; f++) {
        free(v[f]);
        v[f] = NULL;
    }
}

void import_joined_flow(import_flow *f, const import_header *h, char **v,
                        const char *product, const char *section)
{
    memset(f, 0, sizeof *f);
    f->product = (char *)product;
    f->section = (char *)section;
    f->source_ports = v[FF_SOURCE_PORTS];
    f->destination_ports = v[FF_DESTINATION_PORTS];
    f->protocol = v[FF_PROTOCOL];
    f->description = v[FF_DESCRIPTION];
    f->requirement = v[FF_REQUIREMENT];
    if (h->has_ends) {
        f->source = v[FF_SOURCE];
        f->destination = v[FF_DESTINATION];
        f->direction =
            h->has_dir ? (char *)import_direction(v[FF_DIRECTION]) : "";
        return;
    }
    /* One side named: the product (or the side a connection header
     * names) is one end, the device column, if any, the other. Without a
     * direction column a section label ("Inbound:") says it. */
    const char *dir = import_direction(h->has_dir ? v[FF_DIRECTION]
                                                  : section);
    f->direction = (char *)dir;
    import_orient(f, h->local[0] ? h->local : product, v[FF_REMOTE], dir);
}

status import_join_more(import_doc *doc, import_flow *f, col_role role,
                        const char *raw)
{
    /* the device is the remote end import_orient placed */
    char **remote = strcmp(f->direction, "inbound") == 0 ? &f->source
                                                          : &f->destination;
    flow_field field = joined_field(role);
    char **dst = flow_slot(f, field, remote);
    if (!dst)
        return ST_OK; /* a column nothing is kept from */
    char *c = NULL;
    status st = import_cell_text(doc, f->line, raw, field, &c, &f->marks);
    if (st == ST_OK && c[0])
        st = import_append(dst, c);
    free(c);
    return st;
}

/* ---- taken rows (pipe, markdown, spaced) ------------------------------ */

status import_take_cells(import_doc *doc, int line, const col_role *role,
                         char **cells, size_t n, import_flow *f,
                         import_taken *t)
{
    status st = ST_OK;
    memset(t, 0, sizeof *t);
    t->direction = "";
    for (size_t k = 0; k < n && st == ST_OK; k++) {
        flow_field field = import_field_of(role[k]);
        if (field == FF_DIRECTION) {
            t->direction = cells[k];
            f->direction = (char *)import_direction(cells[k]);
            continue;
        }
        char **dst = flow_slot(f, field, &t->remote);
        if (!dst || (*dst && (*dst)[0]))
            continue; /* unused column, or a second one of a kind */
        if (gives_marks(field, 0))
            st = import_cell_marks(doc, line, cells[k], &t->marks);
        *dst = cells[k];
        t->two_ends |= field == FF_SOURCE || field == FF_DESTINATION;
    }
    return st;
}

status import_add_taken(import_doc *doc, import_flow *f,
                        const import_taken *t, const char *fallback)
{
    if (!t->two_ends)
        import_orient(f, f->product,
                      t->remote && t->remote[0] ? t->remote : fallback,
                      f->direction);
    f->marks = t->marks;
    return import_add_flow(doc, f);
}

status import_warn_extra_cells(import_doc *doc, int line, size_t n,
                               size_t ncols)
{
    if (n <= ncols)
        return ST_OK;
    return import_add_diag(doc, line, SEV_WARNING,
                           "row has %zu cells, its header %zu: the last "
                           "ones were not read", n, ncols);
}
