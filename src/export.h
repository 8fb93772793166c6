/* export.h - a worksheet handed over: spreadsheet (csv), Markdown (md),
 * JSON (json), printable page (html), nftables ruleset (nft),
 * iptables-restore input (iptables) or Graphviz graph (dot).
 *
 * The formats are described in doc/export.md (JSON: the schema
 * doc/worksheet.schema.json). Files carry document text as it was, as
 * valid UTF-8: on its way out every export has each invalid UTF-8
 * sequence replaced with U+FFFD, counted in an export_report for the
 * caller to show. Nothing here writes to a terminal. */
#ifndef PORTOLAN_EXPORT_H
#define PORTOLAN_EXPORT_H

#include <stddef.h>
#include <stdio.h>
#include "../db/db.h"
#include "worksheet.h"

typedef enum {
    EXPORT_CSV = 0,
    EXPORT_MD,
    EXPORT_JSON,
    EXPORT_HTML,
    EXPORT_NFT,
    EXPORT_IPTABLES,
    EXPORT_DOT,
    EXPORT__COUNT
} export_format;

/* "csv", "md" (or "markdown"), "json", "html", "nft" (or "nftables"),
 * "iptables", "dot" (case-insensitive); EXPORT__COUNT when unknown. */
export_format export_format_from_name(const char *name);
/* The canonical name ("csv" ...); "" when out of range. */
const char *export_format_name(export_format f);
/* The usual file name extension without a dot: "csv", "md", "json",
 * "html", "nft", "rules" (iptables), "dot". */
const char *export_format_ext(export_format f);

/* What an export had to change: the invalid UTF-8 sequences (from the
 * documents' text, or from a writer) replaced with U+FFFD. */
typedef struct {
    size_t replaced;      /* how many; 0: the text went out as it was */
    size_t line;          /* the output's line (1..) with the first */
} export_report;

/* The warning for people when r->replaced is not 0: "2 invalid UTF-8
 * sequences replaced with U+FFFD in WHERE (first on line 7)". where is
 * the file name ("standard output" for NULL or "-"). Not escaped: a
 * terminal needs out_text(). Returns buf. */
const char *export_report_text(const export_report *r, const char *where,
                               char *buf, size_t n);

/* Export worksheet sheet (NULL: the current one) to path.
 *
 * path NULL or "-" writes to standard output. Otherwise the file is
 * written whole or not at all: into a temporary file in the same
 * directory, flushed to disk (fsync), then renamed over path. An existing
 * path is kept unless force is set (ST_EXISTS); a failure leaves no
 * temporary file behind (ST_IO). ST_NOTFOUND: no such worksheet. err
 * (errlen bytes) gets a sentence for the user on failure.
 *
 * rep (may be NULL) gets what was replaced when the export succeeds;
 * replacements are no failure (the status stays ST_OK).
 *
 * The explorer's 'e' key calls this with sheet NULL. */
status export_write(db *d, const char *sheet, export_format fmt,
                    const char *path, int force, export_report *rep,
                    char *err, size_t errlen);

/* The same for a worksheet already loaded (worksheet_load). */
status export_file(const worksheet *w, export_format fmt, const char *path,
                   int force, export_report *rep, char *err,
                   size_t errlen);

/* Write a loaded worksheet in format fmt to f (ST_IO on a write error,
 * ST_NOMEM) as valid UTF-8, a chunk at a time (rep, may be NULL, says what
 * was replaced); after a failure f may hold part of the export. The date
 * comes from $SOURCE_DATE_EPOCH when set, else the clock. */
status export_stream(const worksheet *w, export_format fmt, FILE *f,
                     export_report *rep);

#endif
