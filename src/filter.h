/* filter.h - the flow filter language, shared by the explorer's "/" prompt
 * and `portolan find`.
 *
 * An expression is terms separated by spaces; all terms must match (AND).
 *   term     := ["!"] [field ":"] pattern
 *   field    := src | dst | proto | port | desc | req | doc
 *   pattern  := a PCRE2 regular expression; "double quotes" or a
 *               backslash-escaped space keep spaces inside one pattern.
 * Without a field a term matches any text field of the flow (every column
 * listed under Fields below, the transports as one string; not the file
 * path). "!" negates.
 * The field prefix is lower-case letters and a colon right at the start of
 * a term (after "!"); any other such word ("http:") is an unknown field,
 * an error: write "http\:" to search for the text. A term whose pattern is
 * empty ("src:", "!", "") is ignored, so the list does not empty while the
 * user is still typing.
 * Smart case: a pattern is caseless unless it has an upper-case letter
 * (outside an escape such as \S or \W).
 * "port:1720" and "port:5060/udp" do not match text: they select the flows
 * whose parsed ranges contain the port, through the database's port index
 * (filter_bind). The port must be 1-65535 and the protocol tcp, udp, icmp
 * or esp ("port:5060/" while typing means any). A port term with a
 * non-numeric pattern is a regex over the two port cells.
 *
 * Fields:  src   source device and source port cell
 *          dst   destination device and destination port cell
 *          proto protocol column, and the protocol words of the port
 *                cells (TCP, UDP, TLS, DTLS, ICMP, ESP, SCTP, HTTP(S),
 *                SIP(S), RTP, RTCP, SRTP) and of the flow's transports
 *                ("TCP/UDP": TCP, UDP), each word matched on its own
 *          desc  description
 *          req   requirement (text and level)
 *          doc   document file name, product and section
 *
 * In FILTER_REGEX mode the whole text is one pattern over every text field
 * (what `portolan find REGEX` means), with the same smart case.
 *
 * Patterns run with PCRE2's JIT where available and with match and depth
 * limits, so a pattern that backtracks catastrophically stops with ST_LIMIT
 * instead of hanging. */
#ifndef PORTOLAN_FILTER_H
#define PORTOLAN_FILTER_H

#include <stddef.h>
#include <stdint.h>
#include "../db/db.h"
#include "flowtab.h"
#include "status.h"

typedef struct filter filter;

typedef enum { FILTER_EXPR = 0, FILTER_REGEX } filter_mode;

typedef enum {
    FF_ANY = 0,
    FF_SRC,
    FF_DST,
    FF_PROTO,
    FF_PORT,
    FF_DESC,
    FF_REQ,
    FF_DOC,
    FF__COUNT
} filter_field;

/* Why an expression did not compile: col is the byte offset in the text
 * given to filter_new (not in one term): the term's pattern start plus
 * PCRE2's error offset, so "missing closing parenthesis" points just past
 * the pattern. message is PCRE2's own words or ours ("unknown field
 * 'foo'"). */
typedef struct {
    int col;
    char message[200];
} filter_error;

/* Compile text. Returns ST_OK, ST_REGEX (err filled), ST_NOMEM. An empty
 * text compiles to a filter that matches everything. */
status filter_new(const char *text, filter_mode mode, filter **out,
                  filter_error *err);

/* Resolve "port:" terms against the database. Must be called before
 * filter_match when filter_needs_db() is true (until then a port term
 * matches no flow); call it again after the database changed. */
int filter_needs_db(const filter *f);
status filter_bind(filter *f, db *d);

/* 1 if the flow matches, 0 if not. When a pattern hits the match or depth
 * limit the flow does not match and *st (if not NULL) is set to ST_LIMIT;
 * otherwise *st is left alone. Allocates nothing; uses match data owned by
 * the filter, so one filter must not be matched from two threads at once. */
int filter_match(filter *f, const db_flow *flow, status *st);

/* The rows of t that match, as filter_match would say of each flow (port
 * terms need filter_bind first), with each distinct string of a column
 * matched once, not each row. rows[0..n) are the rows to look at, in any
 * order (NULL: every row of t, n ignored); the matching ones go to out
 * (room for as many) in the same order, *nout of them. stop (may be
 * NULL) is called every few thousand rows or strings; non-zero ends the
 * call with ST_STOP (out then holds nothing useful). ST_LIMIT: a pattern
 * hit a match limit on some rows, which count as not matching (out holds
 * the others). Also ST_NOMEM. What was matched is kept in the filter for
 * the next call on the same t. */
status filter_rows(filter *f, const flowtab *t, const uint32_t *rows,
                   size_t n, uint32_t *out, size_t *nout,
                   int (*stop)(void *), void *ctx);

/* Add to *count how many rows of the segment read through p (ft_parts,
 * flowtab.h) f matches, as filter_rows would find them, reading only the
 * dictionaries of the columns f's terms look at and the row indexes of
 * those where some string matched. *limited is set (never cleared) when
 * a match limit decided a row, which then does not count. ST_USAGE when f
 * has a "port:" term (that needs every flow's id: use filter_rows);
 * ST_DB_CORRUPT or a read failure from p; ST_NOMEM. */
status filter_count_parts(filter *f, ft_parts *p, size_t *count,
                          int *limited);

/* Does every flow next matches also match prev (prev NULL: no filter)?
 * True when next is prev typed further with text that can only narrow
 * it: more of a pattern's literal characters, a one-letter escape, more
 * terms. Then prev's result can be filtered instead of every flow. */
int filter_narrows(const filter *next, const filter *prev);
/* Give next what prev learnt about the strings of t that next's patterns
 * cannot match either (next being prev typed further); makes next's
 * first filter_rows on t cheaper. prev may be NULL. */
void filter_inherit(filter *next, const filter *prev, const flowtab *t);

/* Byte spans [start, end) where the filter's positive patterns that apply
 * to field match in text (for highlighting). A term applies when it has no
 * field, when its field is field, or when field is FF_ANY; negated terms
 * and numeric port terms give none. Spans come sorted, with overlapping or
 * touching ones merged. Returns the number of spans written, at most max. */
typedef struct {
    size_t start, end;
} filter_span;
size_t filter_spans(filter *f, filter_field field, const char *text,
                    filter_span *spans, size_t max);

/* The text the filter was made from. */
const char *filter_text(const filter *f);

void filter_free(filter *f);

#endif
