/* import_int.h - what the table readers share: line splitting, cell text
 * cleaning, header recognition, footnote marks, building an import_doc
 * (lines.c, columns.c, doc.c), lines outside tables (headings.c), cells
 * into flows (rows.c) and rows between '|' bars (bars.c). Private to
 * import/. */
#ifndef PORTOLAN_IMPORT_INT_H
#define PORTOLAN_IMPORT_INT_H

#include <stdarg.h>
#include <stddef.h>
#include "import.h"

/* ---- lines ------------------------------------------------------------ */

/* A line of the document, without its terminator. s points into the
 * import_lines buffer and is NUL-terminated; no is 1-based. */
typedef struct {
    char *s;
    size_t len;
    int no;
} import_line;

typedef struct {
    char *buf;
    import_line *v;
    size_t n;
} import_lines;

/* Split text into lines. CRLF and CR end lines too; a UTF-8 BOM is
 * dropped; NUL bytes become spaces (and are reported by the caller if it
 * wishes: *nuls counts them, nuls may be NULL). */
status import_lines_split(const char *text, size_t len, import_lines *out,
                          size_t *nuls);
void import_lines_free(import_lines *ls);

/* Is the line empty or only white space (including NBSP)? */
int import_blank(const char *s);

/* The byte length of the space at s (NUL-terminated): ' ', a tab, form
 * feed or vertical tab, NBSP and the other spaces documents use for
 * layout (U+2002..U+200B, U+202F); 0 if s is at no space. */
size_t import_space_len(const char *s);

/* ---- cell text -------------------------------------------------------- */

/* A cleaned, malloc'd copy of s[0..len): HTML tags (<b>, </u>, <i>) and
 * Markdown emphasis (**x**, \*) removed, NBSP and tabs made spaces, runs of
 * spaces collapsed, trimmed. NULL only on out-of-memory. */
char *import_clean(const char *s, size_t len);

/* Split line on the single byte sep into cells (not cleaned: pointers into
 * the line, which is modified: separators become NUL). Returns the number
 * of cells, at most max. */
size_t import_split(char *line, char sep, char **cells, size_t max);

/* ---- headers ---------------------------------------------------------- */

typedef enum {
    COL_UNKNOWN = 0,
    COL_SRC_DEVICE,     /* "Source Device", "Src. IP", "From" */
    COL_SRC_PORTS,      /* "Source Network (or application) Protocol and
                           Port", "Src. Ports", "Source-Port" */
    COL_DST_DEVICE,     /* "Destination Device", "Dest. IP", "To" */
    COL_DST_PORTS,      /* "Dest. Ports", "Dest-Port" */
    COL_PORTS,          /* "Port", "Port Number(s)": the product's own port */
    COL_PROTOCOL,       /* "Protocol" */
    COL_DESCRIPTION,    /* "Description", "Usage", "Purpose", "Application" */
    COL_REQUIREMENT,    /* "Requirement", "Required", "Mandatory" */
    COL_DIRECTION,      /* "Direction", "Prognosis Server Connection" */
    COL_DEVICE,         /* "Device", "Peer": the other end of the flow */
    COL_VENDOR,         /* "Vendor" */
    COL_OTHER           /* recognised but not stored: "Executable" */
} col_role;

/* What a header cell means. For a connection column ("Monitoring Server
 * Connection", "Connection to Prognosis Server") the name of the local side
 * is copied into local (size n) when local is not NULL, else local[0] = 0. */
col_role import_column_role(const char *header, char *local, size_t n);

/* How many of the cells are recognised headers. A row is a table header
 * when this is >= 3 and one of them is a ports column. */
int import_header_score(char **cells, size_t n);
int import_is_header(char **cells, size_t n);

/* A role as a bit, for sets of roles seen. */
static inline unsigned import_role_bit(col_role r)
{
    return 1u << (unsigned)r;
}

/* ---- footnote marks --------------------------------------------------- */

/* Length of the footnote mark at s (a run of '*', "†", "‡", or "(*)"),
 * 0 if s does not start with one. */
size_t import_mark_len(const char *s);

/* A legend line: "* Default port number...", "†† Infinity Connect ...",
 * "\*\* A different port ...". On success returns 1 and sets malloc'd
 * *mark and *text. */
int import_legend(const char *line, char **mark, char **text);

/* Text cell: cut the marks off it and inline legends out of it. The cell
 * (a malloc'd cleaned string) is edited in place:
 *   "SSH *"                           -> "SSH",       marks "*"
 *   "Any IP address†"                 -> "Any IP address", marks "†"
 *   "Mandatory *Default TCP Port ..." -> "Mandatory", marks "*",
 *                                        note "*" = "Default TCP Port ..."
 * Marks found are appended (space separated) to *marks (malloc'd, may start
 * NULL); notes are added to doc with the given line. */
status import_cell_marks(import_doc *doc, int line, char *cell,
                         char **marks);

/* ---- meaning of cells ------------------------------------------------- */

/* "Inbound" -> "inbound", "Outbound" -> "outbound", "Inbound/ Outbound",
 * "Inbound and Outbound" -> "both", "N/A (Local only)", "Internal" ->
 * "local", anything else -> "". Returns a static string. */
const char *import_direction(const char *text);

/* Tables that list one side's ports with a direction (Nectar, Prognosis,
 * Pexip) name only one end of each flow. Set f->source and f->destination
 * (pointers are stored, not copied) from the local side (the product, or
 * the name a connection header gives) and the remote side (a device or
 * vendor column, or the section): "outbound" local -> remote, "inbound"
 * remote -> local, anything else local -> remote. */
void import_orient(import_flow *f, const char *local, const char *remote,
                   const char *direction);

/* Product name from a heading: "Equinox Management ports" -> "Equinox
 * Management", "Elite MCU Ports" -> "Elite MCU". malloc'd. */
char *import_product_name(const char *heading);

/* Best guess of the vendor from the text ("" if none). malloc'd. */
char *import_guess_vendor(const char *text, size_t len);

/* The value of "<PortNumber>" if the text states a base port ("the base
 * port 1960"), else -1. */
int import_guess_base_port(const char *text, size_t len);

/* ---- lines outside tables (headings.c) -------------------------------- */

/* The words of s: runs of bytes other than ' '. */
size_t import_word_count(const char *s);

/* Does s end with one of the bytes of set? */
int import_ends_with_any(const char *s, const char *set);

/* A page number ("12", "Page 3 of 40", "- 7 -") or the running title (the
 * document title, unless ""): what a page break leaves inside a table. */
int import_is_furniture(const char *clean, const char *title);

/* A page footer by what it says: a short line with "©", "Confidential"
 * or "All rights reserved". Not furniture for every reader: a spaced row
 * may say "confidential"; readers ask it of lines that are no row. */
int import_is_footer(const char *clean);

/* Is line i of ls next to a page break: right after or right before a
 * page number, the running title or a footer (import_is_furniture,
 * import_is_footer), blank lines aside, or with a form feed on it or
 * between? Whether a heading there is a running header depends on what
 * follows, which only the reader knows. */
int import_at_page_break(const import_lines *ls, size_t i,
                         const char *title);

/* Is the line a footnote legend (import_legend)? */
int import_is_legend(const char *line);

/* If text is a footnote legend, add it as a note of the line to doc (not
 * when doc is NULL), set *st to how that went and return 1; else 0. */
int import_note_legend(import_doc *doc, int line, const char *text,
                       status *st);

/* Offset of the text of a Markdown heading ("## Notice" -> 3): one to six
 * '#' after optional spaces, then a space. 0 if the raw line is none. */
size_t import_md_heading_at(const char *s);

/* A plain heading, as the pipe, markdown and spaced readers see one: at
 * most 100 bytes and 12 words, a letter somewhere, no ".:;,!?" at its end,
 * not opening with an ASCII byte that is not a letter or digit (bullets,
 * marks, "- [link](#)"). */
int import_is_heading(const char *clean);

/* A short stand-alone line, as the cells and tsv readers see one: 1 to 8
 * words, at most 60 bytes, no ".,;!?" at its end, opening with a letter,
 * a digit or a non-ASCII byte other than a "•" bullet. */
int import_is_short_line(const char *clean);

/* A label: "Remote Ports:" (2 to 60 bytes, at most 6 words, ending in
 * ':'), or a bare direction, "Inbound" (at most 2 words, import_direction
 * reads it). */
int import_is_colon_label(const char *clean);
int import_is_direction_label(const char *clean);

/* Does the heading name a product's ports ("Elite MCU Ports")? */
int import_names_ports(const char *clean);

/* Length of the section number opening a heading, with its space: 4 for
 * "3.1 Media Server", 3 for "2. Ports"; 0 when there is none (a number
 * needs a dot: "1 Minute to read" has none). */
size_t import_section_number_len(const char *clean);

/* A short line (import_is_short_line) that names a product: one that
 * names ports ("Elite MCU Ports"), a numbered heading ("3.1 Media
 * Server") or a name with a version ("Orsk Relay 4.2"). */
int import_is_product_heading(const char *clean);

/* A line starting with '*' before any table may be a bullet of a list
 * rather than a legend; a dagger ("† Set in relay.conf") never is. */
int import_may_be_bullet(const char *clean);

/* free(*field), *field = text; ST_NOMEM (nothing changed) if text is NULL:
 * import_replace(&r->section, strdup(s)). */
status import_replace(char **field, char *text);

/* Product and section before any heading: import_product_name of the
 * document title (doc may be NULL: "") and "". Both malloc'd; the caller
 * frees them whatever the status. */
status import_title_product(const import_doc *doc, char **product,
                            char **section);

/* A product heading: *product = import_product_name(heading), *section =
 * a copy of section_text. */
status import_new_product(char **product, char **section,
                          const char *heading, const char *section_text);

/* A product heading (import_is_product_heading): import_new_product of
 * the heading without its section number, the section the whole heading:
 * "3.1 Media Server" -> product "Media Server", section "3.1 Media
 * Server". */
status import_new_product_heading(char **product, char **section,
                                  const char *heading);

/* A label: *section = the label without its ':' ("Local Ports:"). */
status import_new_section(char **section, const char *label);

/* ---- cells into flows (rows.c) ---------------------------------------- */

/* Which field of a flow a column fills. */
typedef enum {
    FF_NONE = -1,
    FF_SOURCE,
    FF_SOURCE_PORTS,
    FF_DESTINATION,
    FF_DESTINATION_PORTS,   /* also a Port column: the port connected to */
    FF_PROTOCOL,
    FF_DESCRIPTION,
    FF_REQUIREMENT,
    FF_REMOTE,              /* Device or Vendor: the other end of a table
                               that names one side only */
    FF_DIRECTION,
    FF__COUNT
} flow_field;

flow_field import_field_of(col_role role);
int import_is_port_role(col_role role);

/* Append add to the malloc'd string *dst after a space; a NULL or empty
 * *dst takes add as it is. (An empty add still leaves the space.) */
status import_append(char **dst, const char *add);

/* The most columns a table has, and the most lines below a row that the
 * rest of its last cell takes up (past that the row is taken as it
 * stands rather than swallowing what follows). */
#define IMPORT_MAX_COLS 32
#define IMPORT_MAX_WRAP 4

/* Joined rows (cells, tsv): see rows.c. What a header says about its
 * columns: */
typedef struct {
    size_t n;
    col_role role[IMPORT_MAX_COLS];
    char local[128];    /* local side named by a connection header, or "" */
    int has_ends;       /* a source or destination device column */
    int has_dir;        /* a direction column */
} import_header;

/* Set has_ends and has_dir from role[0..n). */
void import_header_sides(import_header *h);

/* The cleaned text of a raw cell of field into *out (malloc'd: free it
 * whatever the status); a text cell loses its marks and inline legends to
 * *marks and doc, with the given line. */
status import_cell_text(import_doc *doc, int line, const char *raw,
                        flow_field field, char **out, char **marks);

/* The n raw cells of a row under h into v[FF__COUNT]: each field's cells
 * cleaned and joined, "" when none. Free v with import_join_free, also on
 * error. */
status import_join_cells(import_doc *doc, int line, const import_header *h,
                         char *const *raw, size_t n, char **v, char **marks);
void import_join_free(char **v);

/* A flow (strings borrowed from v and the arguments) from joined cells:
 * both ends as the columns give them, or, when h names one side only,
 * oriented around the product (or the side a connection header names)
 * with the direction of its column or of the section. f->line and
 * f->marks are left to the caller. */
void import_joined_flow(import_flow *f, const import_header *h, char **v,
                        const char *product, const char *section);

/* The rest of a cell of the given role, cut by a page break, appended to
 * the flow f of doc; notes from it keep f's line. */
status import_join_more(import_doc *doc, import_flow *f, col_role role,
                        const char *raw);

/* Taken rows (pipe, markdown, spaced): what the cells said besides the
 * fields they filled. */
typedef struct {
    char *remote;           /* the Device or Vendor cell, NULL if none */
    const char *direction;  /* the Direction cell as written, "" if none */
    char *marks;            /* malloc'd marks of the text cells, or NULL:
                               the caller frees it */
    int two_ends;           /* a source or destination device cell */
} import_taken;

/* The cleaned cells[k] under role[k], k < n, into f (pointers stored,
 * cells edited: marks cut out). f->direction is set only by a Direction
 * column. */
status import_take_cells(import_doc *doc, int line, const col_role *role,
                         char **cells, size_t n, import_flow *f,
                         import_taken *t);

/* Orient f around f->product unless the cells gave both ends (the other
 * end: the remote cell, else fallback), give it the marks, add it. */
status import_add_taken(import_doc *doc, import_flow *f,
                        const import_taken *t, const char *fallback);

/* A warning when a row has more cells (n) than its header (ncols). */
status import_warn_extra_cells(import_doc *doc, int line, size_t n,
                               size_t ncols);

/* ---- rows between bars: pipe and markdown (bars.c) -------------------- */

/* A row's cleaned cells. */
typedef struct {
    char **v;
    size_t n;
} import_bar_cells;

/* Room for max cells, at least min. */
status import_bar_cells_init(import_bar_cells *c, size_t max, size_t min);
/* A cleaned copy of s[0..len) as the next cell. */
status import_bar_cells_add(import_bar_cells *c, const char *s, size_t len);
/* Empty cells at the end beyond min dropped, "" cells added up to min. */
status import_bar_cells_fit(import_bar_cells *c, size_t min);
void import_bar_cells_free(import_bar_cells *c);

/* What tells one bar style from the other. */
typedef struct {
    int (*is_row)(const char *line);
    int (*is_rule)(const char *line);   /* "|---|": NULL if the style has
                                           none; else a header needs one
                                           under it */
    /* text into cleaned cells, at least min, empty ones beyond it at the
     * end dropped; c is freed on error */
    status (*split)(const char *text, size_t min, import_bar_cells *c);
    size_t (*bars)(const char *s);      /* bars that separate cells */
    int (*closed)(const char *s);       /* ends with a closing bar */
} import_bars;

/* The data row at line *i cut into at least ncols cells (free them with
 * import_bar_cells_free, also on error). When wraps is set and the row lacks
 * its closing bar, the next lines (IMPORT_MAX_WRAP at most) belong to it
 * if they bring it to one within max_bars bars in all; a blank line ends
 * the search. *i is left on the last line used. */
status import_bars_row(const import_bars *style, const import_lines *ls,
                       size_t *i, int wraps, size_t max_bars, size_t ncols,
                       import_bar_cells *c);

/* How strongly the lines look like the style: 10 per header row, 1 per
 * row under one (blank lines between allowed). */
int import_bars_score(const import_lines *ls, const import_bars *style);

/* ---- building the doc ------------------------------------------------- */

/* Append a flow; every string of f is copied (NULL becomes ""). */
status import_add_flow(import_doc *doc, const import_flow *f);
status import_add_note(import_doc *doc, int line, const char *mark,
                       const char *text);
status import_add_diag(import_doc *doc, int line, severity sev,
                       const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The end of a reader that found no table: an error saying what it looked
 * for ("no tab-separated table with a recognised header"); ST_FORMAT, or
 * ST_NOMEM. */
status import_no_table(import_doc *doc, const char *message);

/* ---- the readers ------------------------------------------------------ */

/* Each reads lines into doc (title, vendor and base_port are already set
 * by import_read). ST_OK when at least one table was found. */
status import_cells_read(const import_lines *ls, import_doc *doc);
status import_tsv_read(const import_lines *ls, import_doc *doc);
status import_pipe_read(const import_lines *ls, import_doc *doc);
status import_spaced_read(const import_lines *ls, import_doc *doc);
status import_markdown_read(const import_lines *ls, import_doc *doc);

/* Each says how strongly the lines look like its style (0 = not at all);
 * import_detect picks the highest. */
int import_cells_score(const import_lines *ls);
int import_tsv_score(const import_lines *ls);
int import_pipe_score(const import_lines *ls);
int import_spaced_score(const import_lines *ls);
int import_markdown_score(const import_lines *ls);

#endif
