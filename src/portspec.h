/* portspec.h - turns the text of a port/protocol cell into port ranges.
 *
 * Vendor tables write ports as prose: "TCP 1024-1324 (H.245)", "UDP & TCP"
 * with "5060*", "2776 or 36000 (Small/Medium) 36000 - 36010 (even ports)
 * (Large)", "<any>", ">=1024", "<PortNumber>+2". portspec_parse() reads such
 * a cell into a list of ranges, each with its transport protocol, parity,
 * label and footnote marks, plus warnings for what looks like a data error
 * (a port above 65535, a reversed range, a truncated "135 and").
 *
 * Nothing is dropped: the caller keeps the raw text beside the result, and
 * any number that is not a port (H.245, 224.0.0.41, Windows Server 2008)
 * stays in a label or in the raw text, never in a range.
 *
 * This module knows nothing of documents, tables or the database. */
#ifndef PORTOLAN_PORTSPEC_H
#define PORTOLAN_PORTSPEC_H

#include <stddef.h>
#include "status.h"

/* Transport protocol of one range. "TCP/UDP 5060" gives two ranges, one
 * TCP and one UDP. TLS, HTTPS, SIP/TLS ride on TCP: they give PROTO_TCP with
 * the application in the label. PROTO_UNSPEC means the text named none. */
typedef enum {
    PROTO_UNSPEC = 0,
    PROTO_TCP,
    PROTO_UDP,
    PROTO_ICMP,
    PROTO_ESP,
    PROTO__COUNT
} proto_t;

/* What a range stands for.
 * PORT_NUMERIC  lo..hi are real ports (1..65535, lo <= hi).
 * PORT_GE1024   ">=1024": lo = 1024, hi = 65535.
 * PORT_ANY      "<any>", "Any", "All TCP/UDP traffic": lo = hi = -1.
 * PORT_EPHEMERAL "Ephemeral ports": OS-chosen, lo = hi = -1.
 * PORT_VENDOR   "Refer to Manufacturer's documentation", "depends on
 *               client", "Multicast Port Range": lo = hi = -1.
 * PORT_NONE     "n/a", "N/A" (ICMP, ESP): lo = hi = -1. */
typedef enum {
    PORT_NUMERIC = 0,
    PORT_GE1024,
    PORT_ANY,
    PORT_EPHEMERAL,
    PORT_VENDOR,
    PORT_NONE,
    PORT__COUNT
} port_kind_t;

typedef enum { PARITY_ALL = 0, PARITY_EVEN, PARITY_ODD } parity_t;

typedef struct {
    proto_t proto;
    port_kind_t kind;
    int lo, hi;          /* see port_kind_t; -1 when not numeric */
    parity_t parity;     /* "(even ports)", "(odd ports)" */
    char *label;         /* "H.245", "Small/Medium", "TLS"; NULL if none */
    char *marks;         /* footnote marks attached: "*", "**", "†"; or NULL.
                          * A run of '*', '†', '‡' in any mix is one mark;
                          * "(*)" is given as "*", as legends write it. */
    int base_offset;     /* N for "<PortNumber>+N" (lo = base + N); else -1 */
} port_range;

typedef struct {
    int col;             /* byte offset in the cell text, 0-based */
    char *message;       /* e.g. "port 120002 is above 65535" */
} portspec_diag;

/* The result. Owns every string and array in it; free with portspec_free. */
typedef struct {
    port_range *ranges;
    size_t n;
    portspec_diag *diags;
    size_t ndiags;
    char *marks;         /* every mark in the cell, space separated, or NULL */
} portspec;

/* Context a cell is read in.
 * default_proto: the text of the row's protocol column ("TCP or TLS",
 *   "UDP & TCP"), used for ports the cell itself gives no protocol; NULL
 *   when the table has no such column. A port's transport is the cell's
 *   own transport word if any ("TCP 443", "(UDP)" after it), else this
 *   column's, else what an application word implies ("HTTPS 8446": TCP),
 *   else PROTO_UNSPEC. A column of "TLS" or "TCP (TLS)" also labels the
 *   ports "TLS" when nothing else does; "TCP or TLS" does not.
 * base_port: the value of "<PortNumber>" (Prognosis: 1960); -1 if unknown. */
typedef struct {
    const char *default_proto;
    int base_port;
} portspec_ctx;

/* Parse text (UTF-8, NUL-terminated) into *out, which is overwritten.
 * Returns ST_OK (even when diagnostics were produced: they are data, not
 * failure) or ST_NOMEM, in which case *out is empty. ctx may be NULL.
 * Invalid UTF-8 and control characters are tolerated (an invalid byte is
 * part of the word it touches, so never half of a port); labels are
 * slices of text and may carry them, for the caller to escape.
 * Diagnostics are short lowercase English, e.g. "port 120002 is above
 * 65535", "range 137-128 is reversed", "'9XXXX' is not a port number",
 * "list ends with 'and': text cut short?", "unclear separator '.' between
 * 5070 and 5077: read as two ports", "base port unknown: '<PortNumber>+2'
 * not read". */
status portspec_parse(const char *text, const portspec_ctx *ctx,
                      portspec *out);

/* Read only a protocol column ("UDP & TCP", "TCP or TLS", "TCP (TLS)"):
 * sets bit (1 << proto) in *mask for each transport named. Returns the
 * number of transports found. */
int portspec_protocols(const char *text, unsigned *mask);

void portspec_free(portspec *ps);

/* The names below are never NULL: "" for a value out of range. The
 * inverses ignore case and accept NULL. */
/* "tcp", "udp", "icmp", "esp", "" for PROTO_UNSPEC. */
const char *proto_name(proto_t p);
/* Inverse of proto_name (case-insensitive); PROTO_UNSPEC if unknown. */
proto_t proto_from_name(const char *name);
/* "numeric", "ge1024", "any", "ephemeral", "vendor", "none". */
const char *port_kind_name(port_kind_t k);
/* Inverse of port_kind_name; PORT__COUNT if unknown. */
port_kind_t port_kind_from_name(const char *name);
/* "", "even", "odd". */
const char *parity_name(parity_t p);
/* Inverse of parity_name; PARITY_ALL if unknown or "". */
parity_t parity_from_name(const char *name);

#endif
