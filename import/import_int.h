/* import_int.h - what the table readers share: line splitting, cell text
 * cleaning, header recognition, footnote marks, and building an import_doc.
 * Private to import/. */
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

/* ---- building the doc ------------------------------------------------- */

/* Append a flow; every string of f is copied (NULL becomes ""). */
status import_add_flow(import_doc *doc, const import_flow *f);
status import_add_note(import_doc *doc, int line, const char *mark,
                       const char *text);
status import_add_diag(import_doc *doc, int line, severity sev,
                       const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

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
