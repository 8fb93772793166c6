/* rules.h - from the flows of a worksheet to firewall rules.
 *
 * rules_build() takes plain input (flows with their parsed ports and
 * footnotes, the worksheet's role mappings and site defaults) and gives
 * the rules every export prints:
 *
 *  - Roles are mapped to the customer's values. A mapping of a role
 *    covers a device written exactly so (ignoring ASCII case and runs of
 *    spaces) or starting with it followed by a space or '(': a mapping of
 *    "Expressway-E" covers "Expressway-E (public)" and "Expressway-E
 *    private IP" unless those have mappings of their own (the longest
 *    role wins). An unmapped device stays a placeholder named by its role
 *    and becomes a to-do item.
 *  - Site defaults replace the documents' configurable defaults: the base
 *    port of "<PortNumber>+N" ports, a range (and every range inside it,
 *    keeping its offset from the start, or from the end when it reaches
 *    the end), and the explicit ranges that stand for the symbolic ports
 *    (ephemeral, any, >=1024) in rulesets.
 *  - Flows with the same source, destination and protocol after mapping
 *    make one rule; its port ranges are coalesced (overlapping and
 *    adjacent ranges join; even and odd halves make a whole range), and
 *    it keeps where it came from: flows, documents, lines, footnotes.
 *
 * What a firewall matches ("legs"): each rule has one or more pairs of
 * source and destination port lists, coalesced without parity (a firewall
 * opens lo-hi whole; a note says so). Pairs with the same source ports
 * share one destination list and the reverse, so a merged rule never
 * opens a port pair none of its flows lists.
 *
 * Direction: "both" gives a rule each way, "local" a rule marked local
 * (no firewall rule needed; rulesets leave it out).
 *
 * No SQL, no printing: testable with hand-made input. Everything in a
 * rules_sheet is owned by it, except the strings of its origins, which
 * point into the input's flows (keep those until rules_free); free with
 * rules_free. */
#ifndef PORTOLAN_RULES_H
#define PORTOLAN_RULES_H

#include <stddef.h>
#include "portset.h"
#include "portspec.h"
#include "status.h"

/* ---- input -------------------------------------------------------------- */

typedef struct {
    int dst;              /* 0 source side, 1 destination side */
    proto_t proto;
    port_kind_t kind;
    int lo, hi;           /* -1 unless kind is numeric or ge1024 */
    parity_t parity;
    const char *label;    /* NULL or "" when none */
    const char *marks;    /* footnote marks of this range, space separated */
    int base_offset;      /* N of "<PortNumber>+N", else -1 */
} rules_port_in;

typedef struct {
    const char *mark, *text;
    int line;
} rules_note_in;

typedef struct {
    long long id;
    const char *document, *product, *section;
    int line;
    const char *source, *destination;        /* devices as written */
    const char *source_ports, *destination_ports, *protocol; /* cells */
    const char *description, *req_level, *direction;
    const rules_port_in *ports;
    size_t nports;
    const rules_note_in *notes;              /* the flow's footnotes */
    size_t nnotes;
} rules_flow_in;

typedef struct {
    const char *key, *value;
} rules_kv_in;

typedef struct {
    const rules_flow_in *flows;
    size_t nflows;
    const rules_kv_in *roles;      /* role -> customer value */
    size_t nroles;
    const rules_kv_in *defaults;   /* site defaults, see rules_default_check */
    size_t ndefaults;
} rules_input;

/* ---- values and site defaults ------------------------------------------- */

/* What a customer value is. "any", "0.0.0.0/0" and "::/0" are RV_ANY; an
 * IPv4 or IPv6 address or CIDR (host bits clear) RV_IPV4 / RV_IPV6;
 * "host:NAME" or a dotted DNS name RV_HOST; "zone:NAME" or a plain name
 * (letters, digits, '-', '_') RV_ZONE. RV_PLACEHOLDER is an unmapped
 * role. */
typedef enum {
    RV_PLACEHOLDER = 0,
    RV_ANY,
    RV_IPV4,
    RV_IPV6,
    RV_HOST,
    RV_ZONE
} rules_value_kind;

/* Classify text; on ST_USAGE err says what is wrong. *name gets where the
 * host or zone name starts in text (after "host:" / "zone:"), may be
 * NULL. */
status rules_value_parse(const char *text, rules_value_kind *kind,
                         const char **name, char *err, size_t errlen);
/* "placeholder", "any", "ipv4", "ipv6", "host", "zone". */
const char *rules_value_kind_name(rules_value_kind k);

/* Site default keys and values (rules_default_check validates both):
 *   "base-port"      N            base of "<PortNumber>+N" ports
 *   "ephemeral"      LO-HI        ephemeral ports in rulesets
 *                                 (default 32768-60999, Linux)
 *   "any"            LO-HI        "any" ports (default 1-65535)
 *   "ge1024"         LO-HI        ">=1024" ports (default 1024-65535)
 *   "range:LO-HI"    LO-HI        the documents' LO-HI is this at the site
 * A single port N is accepted for LO-HI as N-N. Stored normalised:
 * rules_default_check writes the canonical key and value into key_out and
 * value_out (each at least 32 bytes). */
status rules_default_check(const char *key, const char *value,
                           char *key_out, char *value_out, char *err,
                           size_t errlen);

/* ---- output ------------------------------------------------------------- */

/* A host a rule names: a customer value, or a placeholder for a role. */
typedef struct {
    rules_value_kind kind;
    char *value;          /* the customer value; for a placeholder the role */
    char *name;           /* host/zone name without "host:"/"zone:", else
                           * = value */
    char *role;           /* the mapping's role; NULL for a placeholder */
    char *devices;        /* the devices it stands for, "; " separated */
    char *ident;          /* unique [a-z0-9_] name (sets, graph nodes) */
    int used;             /* named by a rule that is not local */
} rules_host;

/* One side's ports as the documents give them, after site defaults. */
typedef struct {
    port_span *spans;     /* numeric ports, coalesced, parity kept */
    size_t nspans;
    unsigned symbols;     /* bit (1 << kind) for PORT_GE1024, PORT_ANY,
                           * PORT_EPHEMERAL present */
    int unspecified;      /* a flow gave no port for this side */
} rules_ports;

/* What a firewall matches: source ports (none: do not match them) and
 * destination ports (none: a protocol without ports, ESP or ICMP). */
typedef struct {
    port_span *sport;
    size_t nsport;
    port_span *dport;
    size_t ndport;
} rules_leg;

/* One flow a rule came from. Its strings are the input flow's (not
 * copies): the input's strings must outlive the sheet. */
typedef struct {
    long long flow;
    const char *document, *product, *section, *description; /* never NULL */
    int line;
    int reverse;          /* the way back of a flow with direction both */
} rules_origin;

typedef struct {
    int id;               /* 1.., in output order */
    size_t group;         /* index into rules_sheet.groups */
    size_t src, dst;      /* indexes into rules_sheet.hosts */
    char *src_devices, *dst_devices; /* as the documents name them, "; " */
    proto_t proto;        /* TCP, UDP, ICMP or ESP */
    rules_ports sports, dports;
    rules_leg *legs;
    size_t nlegs;
    char *description;    /* the flows' descriptions, "; " separated */
    const char *req_level; /* strongest: mandatory, recommended, optional,
                            * "" */
    int local;            /* local only: no firewall rule needed */
    char **notes;         /* meanings, site defaults applied, widening */
    size_t nnotes;
    rules_origin *origins;
    size_t norigins;
    size_t *footnotes;    /* indexes into rules_sheet.footnotes */
    size_t nfootnotes;
} rules_rule;

typedef struct {
    char *document, *mark, *text;
    int line;
} rules_footnote;

typedef enum {
    TODO_MAP_ROLE,        /* an unmapped role */
    TODO_RESOLVE,         /* a host or zone name to turn into addresses */
    TODO_NO_PORTS,        /* a flow whose ports the document does not give */
    TODO_CONFIGURABLE,    /* a configurable default without a site value */
    TODO_PROTOCOL,        /* a flow that names no protocol */
    TODO_BAD_SETTING      /* a stored mapping or default that is invalid */
} rules_todo_kind;

typedef struct {
    rules_todo_kind kind;
    char *text;           /* one sentence, with the command that fixes it */
} rules_todo;

/* The explicit ranges symbolic ports stand for in rulesets. */
typedef struct {
    port_span ephemeral, any, ge1024;
    int base_port;        /* site base port, -1 when not set */
    struct {
        port_span from, to;
    } *remaps;
    size_t nremaps;
} rules_settings;

typedef struct {
    rules_rule *rules;
    size_t nrules;
    char **groups;        /* product (or document) names, in order */
    size_t ngroups;
    rules_host *hosts;
    size_t nhosts;
    rules_footnote *footnotes;
    size_t nfootnotes;
    rules_todo *todos;
    size_t ntodos;
    rules_settings settings;
    size_t nflows;        /* flows read */
} rules_sheet;

/* Build the rules. ST_NOMEM is the only failure; bad input (an invalid
 * stored value) becomes a to-do item. *out NULL on failure. */
status rules_build(const rules_input *in, rules_sheet **out);
void rules_free(rules_sheet *s);

/* ---- text helpers for the exports --------------------------------------- */

/* "5060", "36000-59998 even", "1024-65535": sep between lo and hi. */
void rules_span_text(const port_span *s, const char *sep, char *buf,
                     size_t n);
/* A side's ports for people: "1719, 36000-36010 even, >=1024
 * (1024-65535), ephemeral (32768-60999)"; "not given" when nothing. */
void rules_ports_text(const rules_sheet *sh, const rules_ports *p,
                      char *buf, size_t n);
/* "tcp", "udp", "icmp", "esp". */
const char *rules_proto_name(proto_t p);
/* What a symbolic port kind means, in a sentence fragment. */
const char *rules_symbol_meaning(port_kind_t k);

#endif
