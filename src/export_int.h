/* export_int.h - what the export writers (src/export_*.c) share: the
 * document they are given and a few text helpers. Each writer prints one
 * format to a stream and returns ST_IO when the stream failed. */
#ifndef PORTOLAN_EXPORT_INT_H
#define PORTOLAN_EXPORT_INT_H

#include <stdio.h>
#include "export.h"
#include "rules.h"

typedef struct {
    const worksheet *ws;
    const rules_sheet *rs;
    const char *date;      /* 2024-05-01 (UTC) */
    const char *generated; /* 2024-05-01T09:30:00Z */
    const char *version;   /* of portolan */
} export_doc;

status export_csv(const export_doc *x, FILE *f);
status export_md(const export_doc *x, FILE *f);
status export_json(const export_doc *x, FILE *f);
status export_html(const export_doc *x, FILE *f);
status export_nft(const export_doc *x, FILE *f);
status export_iptables(const export_doc *x, FILE *f);
status export_dot(const export_doc *x, FILE *f);

/* ---- export.c helpers ---- */

/* ST_IO if the stream has an error, else ST_OK. */
status export_done(FILE *f);
/* "tcp" ... upper-cased into buf: "TCP". */
const char *export_proto_upper(proto_t p, char *buf, size_t n);
/* Host text for people: "203.0.113.10 (Expressway-E)" when mapped,
 * "[Expressway-E]" for a placeholder, "any" for any. */
void export_host_text(const rules_host *h, char *buf, size_t n);
/* "file.txt:29 (flow 218); ..." for a rule; malloc'd, NULL on OOM. */
char *export_origins_text(const rules_rule *r);
/* The same for people, each document named once: "file.txt: 29 (flow
 * 218), 50 (flow 232); other.txt: 7 (flow 9)". */
char *export_origins_grouped(const rules_rule *r);
/* A firewall leg as text: "25000-29999 -> 7001" ("any" for no source
 * ports, "-" for no destination ports). */
void export_leg_text(const rules_leg *l, char *buf, size_t n);
/* Write s with every byte below 0x20 (and DEL) made a space: for one-line
 * comments in rulesets. */
void export_oneline(FILE *f, const char *s);

#endif
