/* ingest.h - one document from a file (or the bundled copy) into the
 * database: read its tables (import/), parse its port cells (portspec),
 * link footnote marks to their legends, and write it all in one
 * transaction. Without a database (check mode) it does everything but the
 * writing. Diagnostics go to a callback; this module never prints. */
#ifndef PORTOLAN_INGEST_H
#define PORTOLAN_INGEST_H

#include "../db/db.h"
#include "../import/import.h"
#include "status.h"

/* A diagnostic: file is the name to show (the path as given), line 0 when
 * none applies, severity "error", "warning" or "info" (a note: a cell
 * without ports, a mark without legend). */
typedef void (*ingest_diag_cb)(void *ctx, const char *file, int line,
                               const char *severity, const char *message);

typedef struct {
    long long document_id;  /* 0 in check mode */
    int unchanged;          /* same sha256 already imported: nothing done */
    import_format format;   /* the style read (detected or forced) */
    size_t flows, ranges, notes, warnings;
    char title[160];
    char vendor[64];
} ingest_result;

/* Import the file at path (or, with d == NULL, only check it). fmt may be
 * FMT_AUTO. Returns ST_OK (clean), ST_WARN (imported with warnings),
 * ST_IO (unreadable), ST_FORMAT (no table found), ST_DB_* or ST_NOMEM; on
 * any error the database is as it was. */
status ingest_file(db *d, const char *path, import_format fmt,
                   ingest_diag_cb diag, void *ctx, ingest_result *res);

/* ingest_file in two halves, so that one file can be read and parsed
 * (on another thread: no database, no output) while the one before it is
 * written. ingest_doc_read never fails outright but for memory (NULL):
 * what went wrong is reported by ingest_doc_write, which then does and
 * returns exactly what ingest_file would, and frees the document. */
typedef struct ingest_doc ingest_doc;
ingest_doc *ingest_doc_read(const char *path, import_format fmt);
status ingest_doc_write(db *d, ingest_doc *doc, ingest_diag_cb diag,
                        void *ctx, ingest_result *res);

/* The same for text already in memory. path is stored as the document's
 * path (for the bundled documents: "bundled:NAME"); name is the file name
 * shown to users. */
status ingest_buffer(db *d, const char *path, const char *name,
                     const char *text, size_t len, import_format fmt,
                     ingest_diag_cb diag, void *ctx, ingest_result *res);

/* Import every bundled document (compiled into the binary). Used to fill a
 * new default database. Those already there, unchanged, are skipped. */
status ingest_bundled(db *d, ingest_diag_cb diag, void *ctx);
/* How many documents are bundled. */
size_t ingest_bundled_count(void);

/* "mandatory", "recommended", "optional" or "" from a requirement cell:
 * "Mandatory for H.323 Calls" -> "mandatory", "It is mandatory to ..." ->
 * "mandatory", "Optional. If blocked, ..." -> "optional". */
const char *ingest_req_level(const char *requirement);

/* A flow's transports, as stored in flow.transports and shown in the Proto
 * columns: the protocols of the destination ranges, or when they name none
 * those of the source ranges, in the order TCP, UDP, ICMP, ESP with "/"
 * between: "TCP 5060 TCP TLS 5061" -> "TCP", "TCP/UDP 5060" -> "TCP/UDP",
 * "ICMP N/A" -> "ICMP", "Any" -> "". A static string. */
const char *ingest_transports(const portspec *src, const portspec *dst);

#endif
