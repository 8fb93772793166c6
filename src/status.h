/* status.h - the one status type every fallible function returns.
 *
 * Functions below the CLI and ui/ never print or exit: they return a status
 * and, where it helps, leave detail (a line number, a SQLite message) in a
 * caller-supplied buffer. status_str() gives the fixed English meaning. */
#ifndef PORTOLAN_STATUS_H
#define PORTOLAN_STATUS_H

#include <stddef.h>

#define STATUS_LIST(X)                                             \
    X(ST_OK, "ok")                                                 \
    X(ST_WARN, "completed with warnings")                          \
    X(ST_NOTFOUND, "not found")                                    \
    X(ST_USAGE, "usage error")                                     \
    X(ST_IO, "cannot read or write file")                          \
    X(ST_PARSE, "cannot parse input")                              \
    X(ST_FORMAT, "unrecognised document format")                   \
    X(ST_DB, "database error")                                     \
    X(ST_DB_BUSY, "database is locked by another program")         \
    X(ST_DB_READONLY, "database is read-only")                     \
    X(ST_DB_NEWER, "database was written by a newer portolan")     \
    X(ST_DB_CORRUPT, "file is not a portolan database or is damaged") \
    X(ST_NOMEM, "out of memory")                                   \
    X(ST_REGEX, "invalid regular expression")                      \
    X(ST_LIMIT, "match limit exceeded")                            \
    X(ST_STOP, "stopped by callback")                              \
    X(ST_EXISTS, "already exists")

typedef enum {
#define X(name, text) name,
    STATUS_LIST(X)
#undef X
    ST__COUNT
} status;

/* Fixed text for a status; never NULL. */
const char *status_str(status st);

#endif
