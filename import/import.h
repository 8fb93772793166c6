/* import.h - reading vendor port tables out of text documents.
 *
 * A reader turns the text of one document into an import_doc: the flows its
 * tables describe (raw cell text, with the line each row starts on), the
 * footnote legends it defines, and warnings. Readers never touch the
 * database, never parse port specs (that is src/portspec) and never print;
 * src/ingest.c takes an import_doc to SQLite.
 *
 * One reader per table style, chosen by import_detect() or by the user:
 *   cells     one cell per line, blank lines between (Nectar web export)
 *   tsv       tab-separated rows, continuation rows, headers repeated after
 *             page breaks (Avaya PDF export)
 *   pipe      "a | b | c |" rows under plain headings (Prognosis)
 *   spaced    space-separated rows under product and Inbound/Outbound
 *             headings, footnote legends below (Pexip)
 *   markdown  "| a | b |" tables with "|---|" rules, split across pages
 *             (Cisco)
 * Columns are recognised by what their header says (import_column_role),
 * never by which document is being read. */
#ifndef PORTOLAN_IMPORT_H
#define PORTOLAN_IMPORT_H

#include <stddef.h>
#include "../src/status.h"

typedef enum {
    FMT_AUTO = 0,
    FMT_CELLS,
    FMT_TSV,
    FMT_PIPE,
    FMT_SPACED,
    FMT_MARKDOWN,
    FMT__COUNT
} import_format;

/* One flow as the table gives it. Every string is owned by the import_doc
 * (NUL-terminated UTF-8, trimmed, HTML tags like <b> removed, inner runs of
 * white space collapsed) and is "" when the table has no such cell. */
typedef struct {
    int line;               /* 1-based line the row starts on */
    char *product;          /* from headings: "Elite MCU", "Management Node" */
    char *section;          /* from headings: "Inbound", "Common Ports" */
    char *source;           /* source device */
    char *source_ports;     /* raw port cell, marks kept: "TCP 49152-65535*" */
    char *destination;      /* destination device */
    char *destination_ports;
    char *protocol;         /* raw protocol column: "UDP & TCP", "" if none */
    char *description;
    char *requirement;      /* "Mandatory for H.323 Calls", footnote text cut */
    char *direction;        /* "inbound", "outbound", "both", "local" or "" */
    char *marks;            /* footnote marks found in the non-port cells,
                               space separated: "* ‡", or "" */
} import_flow;

/* A footnote legend: "* Default port number. A different ...". Legends may
 * come after the table (Nectar, Pexip, Cisco) or inside a cell (Avaya:
 * "Mandatory *Default TCP Port range for ..."); an inline one has the line
 * of its row. */
typedef struct {
    int line;
    char *mark;             /* "*", "**", "†", "‡‡", "***" */
    char *text;
} import_note;

typedef enum { SEV_INFO = 0, SEV_WARNING, SEV_ERROR } severity;

typedef struct {
    int line;               /* 0 when no line applies */
    severity sev;
    char *message;
} import_diag;

typedef struct {
    char *title;            /* first heading or first non-empty line */
    char *vendor;           /* best guess from the text, "" if none */
    import_format format;
    int base_port;          /* "<PortNumber>" value stated in the text
                               ("the base port 1960"), -1 if none */
    import_flow *flows;
    size_t nflows;
    import_note *notes;
    size_t nnotes;
    import_diag *diags;
    size_t ndiags;
    /* private: allocation bookkeeping */
    size_t flows_cap, notes_cap, diags_cap;
} import_doc;

/* Read a whole document. text need not be NUL-terminated; len is its size.
 * With FMT_AUTO the style is detected; ST_FORMAT (with an error diag in
 * doc) when no table of any style is found. Whatever the status, *doc must
 * be freed with import_doc_free: it holds the diagnostics. */
status import_read(const char *text, size_t len, import_format fmt,
                   import_doc *doc);

/* Which style the text is written in, FMT_AUTO when none is recognised. */
import_format import_detect(const char *text, size_t len);

void import_doc_free(import_doc *doc);

/* "cells", "tsv", "pipe", "spaced", "markdown", "auto". */
const char *import_format_name(import_format f);
/* Inverse; returns FMT__COUNT for an unknown name. */
import_format import_format_from_name(const char *name);

#endif
