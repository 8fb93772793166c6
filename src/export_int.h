/* export_int.h - what the export writers (src/export_*.c) share: the
 * document they are given, the buffered writer they append to
 * (export_buf.c) and a few text helpers. */
#ifndef PORTOLAN_EXPORT_INT_H
#define PORTOLAN_EXPORT_INT_H

#include <stdio.h>
#include <string.h>
#include "export.h"
#include "rules.h"

typedef struct {
    const worksheet *ws;
    const rules_sheet *rs;
    const char *date;      /* 2024-05-01 (UTC) */
    const char *generated; /* 2024-05-01T09:30:00Z */
    const char *version;   /* of portolan */
} export_doc;

/* ---- export_buf.c: the writer ----
 * Appends collect in one buffer that goes out to the stream a chunk at a
 * time, every invalid UTF-8 sequence replaced with U+FFFD and counted on
 * the way (the output taken as one text, whatever the appends). The first
 * failure (ST_IO, ST_NOMEM) sticks: later appends do nothing, and
 * eb_finish returns it. Use: eb_init, appends, eb_finish. */
typedef struct {
    char *p;
    size_t len, cap;      /* pending bytes in p */
    FILE *f;
    size_t lines;         /* newlines gone out before the first replacement */
    export_report rep;
    status st;
} export_buf;

/* A byte's escape in a format: the text to write instead ("" drops it),
 * or NULL to write the byte as it is. */
typedef const char *(*export_esc)(unsigned char c);

void eb_init(export_buf *b, FILE *f);
/* Room for n more bytes at p + len: 1, or 0 after a failure. */
int eb_room(export_buf *b, size_t n);
/* Write what is pending, flush f; *rep (may be NULL) gets what was
 * replaced (zeroes on failure). Returns the first failure or ST_OK. */
status eb_finish(export_buf *b, export_report *rep);
/* Record a failure of the writer itself (ST_NOMEM). */
void eb_fail(export_buf *b, status s);

static inline void eb_put(export_buf *b, const char *s, size_t n)
{
    if (n <= b->cap - b->len || eb_room(b, n)) {
        memcpy(b->p + b->len, s, n);
        b->len += n;
    }
}

static inline void eb_putc(export_buf *b, char c)
{
    if (b->len < b->cap || eb_room(b, 1))
        b->p[b->len++] = c;
}

void eb_puts(export_buf *b, const char *s);          /* NULL: nothing */
void eb_int(export_buf *b, long long v);
void eb_printf(export_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* s (NULL: nothing) with each byte esc says to escape replaced (esc
 * NULL: as it is); _len: the n bytes at s. */
void eb_escaped(export_buf *b, const char *s, export_esc esc);
void eb_escaped_len(export_buf *b, const char *s, size_t n, export_esc esc);
/* s with its double quotes doubled, for inside a CSV field. */
void eb_csv_text(export_buf *b, const char *s);

/* The writers, one per format. */
void export_csv(const export_doc *x, export_buf *b);
void export_md(const export_doc *x, export_buf *b);
void export_json(const export_doc *x, export_buf *b);
void export_html(const export_doc *x, export_buf *b);
void export_nft(const export_doc *x, export_buf *b);
void export_iptables(const export_doc *x, export_buf *b);
void export_dot(const export_doc *x, export_buf *b);

/* ---- export.c helpers ---- */

/* "tcp" ... upper-cased into buf: "TCP". */
const char *export_proto_upper(proto_t p, char *buf, size_t n);
/* Where a rule came from, "file.txt:29 (flow 218)" for each origin, sep
 * between them; document names through esc. */
void export_origins_text(export_buf *b, const rules_rule *r,
                         const char *sep, export_esc esc);
/* The same for people, each document named once: "file.txt: 29 (flow
 * 218), 50 (flow 232); other.txt: 7 (flow 9)". */
void export_origins_grouped(export_buf *b, const rules_rule *r,
                            export_esc esc);
/* A firewall leg as text: "25000-29999 -> 7001" ("any" for no source
 * ports, "-" for no destination ports). */
void export_leg_text(const rules_leg *l, char *buf, size_t n);
/* ---- export_ruleset.c: what the nft and iptables rulesets share ---- */

/* "# Firewall worksheet 'NAME' for CUSTOMER, DATE: N rules from N flows
 * (portolan V).", then how (the format's lines on checking and loading),
 * then the to-do list as comments. */
void export_ruleset_head(export_buf *b, const export_doc *x,
                         const char *how);
/* A rule's comment lines, each after indent: "# R1 tcp: SOURCE ->
 * DESTINATION: DESCRIPTION", where it came from, its notes, and why it is
 * left out of the ruleset when left_out is not NULL. */
void export_rule_comments(export_buf *b, const rules_rule *r,
                          const char *indent, const char *left_out);

/* Escape for one-line comments in rulesets: every byte below 0x20 (and
 * DEL) made a space. */
const char *export_oneline(unsigned char c);

#endif
