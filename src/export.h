/* export.h - a worksheet handed over: spreadsheet (csv), Markdown (md),
 * JSON (json), printable page (html), nftables ruleset (nft),
 * iptables-restore input (iptables) or Graphviz graph (dot).
 *
 * The formats are described in doc/export.md (JSON: the schema
 * doc/worksheet.schema.json). Files carry document text as it was (valid
 * UTF-8); nothing here writes to a terminal. */
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

/* Export worksheet sheet (NULL: the current one) to path.
 *
 * path NULL or "-" writes to standard output. Otherwise the file is
 * written whole or not at all: into a temporary file in the same
 * directory, flushed to disk (fsync), then renamed over path. An existing
 * path is kept unless force is set (ST_EXISTS); a failure leaves no
 * temporary file behind (ST_IO). ST_NOTFOUND: no such worksheet. err
 * (errlen bytes) gets a sentence for the user on failure.
 *
 * The explorer's 'e' key calls this with sheet NULL. */
status export_write(db *d, const char *sheet, export_format fmt,
                    const char *path, int force, char *err, size_t errlen);

/* The same for a worksheet already loaded (worksheet_load). */
status export_file(const worksheet *w, export_format fmt, const char *path,
                   int force, char *err, size_t errlen);

/* Write a loaded worksheet in format fmt to f (ST_IO on a write error).
 * The date comes from $SOURCE_DATE_EPOCH when set, else the clock. */
status export_stream(const worksheet *w, export_format fmt, FILE *f);

#endif
