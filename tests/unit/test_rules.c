/* test_rules.c - rule building from hand-made flows: role mapping, merging,
 * coalescing, provenance, symbolic ports, site defaults, to-do items; and
 * the small languages of src/rules_value.c and src/portset.c. */
#include <stdlib.h>
#include <string.h>
#include "../tap.h"
#include "../../src/portset.h"
#include "../../src/rules.h"

/* ---- building input ----------------------------------------------------- */

#define MAXP 8
typedef struct {
    rules_flow_in f;
    rules_port_in p[MAXP];
    rules_note_in n[2];
} flow;

static flow flow_new(long long id, const char *doc, int line,
                     const char *src, const char *dst)
{
    flow x;
    memset(&x, 0, sizeof x);
    x.f.id = id;
    x.f.document = doc;
    x.f.product = "Product";
    x.f.section = "Section";
    x.f.line = line;
    x.f.source = src;
    x.f.destination = dst;
    x.f.destination_ports = "cell";
    x.f.protocol = "";
    x.f.description = "purpose";
    x.f.req_level = "";
    x.f.direction = "";
    return x;
}

static void port(flow *x, int dst, proto_t proto, port_kind_t kind, int lo,
                 int hi, parity_t parity)
{
    rules_port_in *p = &x->p[x->f.nports++];
    *p = (rules_port_in){dst, proto, kind, lo, hi, parity, "", "", -1};
}

/* Build from flows (their port arrays wired up), roles and defaults. */
static rules_sheet *build(flow *fl, size_t n, const rules_kv_in *roles,
                          size_t nroles, const rules_kv_in *defs,
                          size_t ndefs)
{
    rules_flow_in in[16];
    for (size_t i = 0; i < n; i++) {
        in[i] = fl[i].f;
        in[i].ports = fl[i].p;
        in[i].notes = fl[i].n;
    }
    rules_input ri = {in, n, roles, nroles, defs, ndefs};
    rules_sheet *s = NULL;
    status st = rules_build(&ri, &s);
    if (st != ST_OK)
        diag("rules_build: %s", status_str(st));
    return s;
}

static const rules_rule *find_rule(const rules_sheet *s, const char *src,
                                   const char *dst, proto_t proto)
{
    for (size_t i = 0; i < s->nrules; i++) {
        const rules_rule *r = &s->rules[i];
        if (!strcmp(s->hosts[r->src].value, src) &&
            !strcmp(s->hosts[r->dst].value, dst) && r->proto == proto)
            return r;
    }
    return NULL;
}

static const char *dports(const rules_sheet *s, const rules_rule *r)
{
    static char buf[512];
    if (!r)
        return "(no rule)";
    rules_ports_text(s, &r->dports, buf, sizeof buf);
    return buf;
}

static const char *sports(const rules_sheet *s, const rules_rule *r)
{
    static char buf[512];
    if (!r)
        return "(no rule)";
    rules_ports_text(s, &r->sports, buf, sizeof buf);
    return buf;
}

/* The legs as "S -> D | S -> D". */
static const char *legs(const rules_rule *r)
{
    static char buf[1024];
    buf[0] = '\0';
    for (size_t i = 0; r && i < r->nlegs; i++) {
        size_t len = strlen(buf);
        snprintf(buf + len, sizeof buf - len, "%s", i ? " | " : "");
        for (int side = 0; side < 2; side++) {
            const port_span *v = side ? r->legs[i].dport : r->legs[i].sport;
            size_t nv = side ? r->legs[i].ndport : r->legs[i].nsport;
            len = strlen(buf);
            snprintf(buf + len, sizeof buf - len, "%s", side ? " -> " : "");
            if (!nv) {
                len = strlen(buf);
                snprintf(buf + len, sizeof buf - len, "*");
            }
            for (size_t k = 0; k < nv; k++) {
                char one[32];
                rules_span_text(&v[k], "-", one, sizeof one);
                len = strlen(buf);
                snprintf(buf + len, sizeof buf - len, "%s%s", k ? "," : "",
                         one);
            }
        }
    }
    return buf;
}

static size_t count_todos(const rules_sheet *s, rules_todo_kind k)
{
    size_t n = 0;
    for (size_t i = 0; i < s->ntodos; i++)
        n += s->todos[i].kind == k;
    return n;
}

static int has_note(const rules_rule *r, const char *needle)
{
    for (size_t i = 0; r && i < r->nnotes; i++)
        if (strstr(r->notes[i], needle))
            return 1;
    return 0;
}

/* ---- tests -------------------------------------------------------------- */

static void test_portset(void)
{
    portset *s = malloc(sizeof *s);
    port_span *v;
    size_t n;
    portset_clear(s);
    portset_add(s, 36000, 59998, PARITY_EVEN);
    portset_add(s, 36001, 59999, PARITY_ODD);
    portset_spans(s, 1, &v, &n);
    is_int(n, 1, "portset: even and odd halves make one span");
    ok(n == 1 && v[0].lo == 36000 && v[0].hi == 59999 &&
           v[0].parity == PARITY_ALL,
       "portset: ... 36000-59999 whole");
    free(v);

    portset_clear(s);
    portset_add(s, 36000, 36010, PARITY_EVEN);
    portset_add(s, 2776, 2776, PARITY_ALL);
    portset_spans(s, 1, &v, &n);
    ok(n == 2 && v[0].lo == 2776 && v[1].lo == 36000 && v[1].hi == 36010 &&
           v[1].parity == PARITY_EVEN,
       "portset: an even run stays one even span");
    free(v);
    portset_spans(s, 0, &v, &n);
    is_int(n, 7, "portset: without parity runs, six even ports are six "
                 "spans plus 2776");
    free(v);

    portset_clear(s);
    portset_add(s, 5060, 5060, PARITY_ALL);
    portset_add(s, 5062, 5062, PARITY_ALL);
    portset_spans(s, 1, &v, &n);
    is_int(n, 2, "portset: two ports two apart are not a parity run");
    free(v);

    portset_clear(s);
    portset_add(s, 1024, 65535, PARITY_ALL);
    ok(portset_has(s, 65535) && portset_has(s, 1024) &&
           !portset_has(s, 1023),
       "portset: a wide range sets exactly its ports");
    portset_add(s, 0, 1023, PARITY_ALL);
    ok(portset_is_full(s), "portset: all ports make a full set");
    free(s);

    port_span *c = malloc(3 * sizeof *c);
    c[0] = (port_span){1000, 2000, PARITY_ALL};
    c[1] = (port_span){1500, 2500, PARITY_ALL};
    c[2] = (port_span){2501, 2600, PARITY_ALL};
    n = 3;
    port_spans_coalesce(&c, &n, 0);
    ok(n == 1 && c[0].lo == 1000 && c[0].hi == 2600,
       "coalesce: overlapping and adjacent ranges join (1000-2600)");
    free(c);
    c = malloc(sizeof *c);
    c[0] = (port_span){36000, 36002, PARITY_EVEN};
    n = 1;
    port_spans_coalesce(&c, &n, 1);
    is_int(n, 2, "coalesce: a two-port even range reads back as two ports");
    free(c);
}

static void test_values(void)
{
    rules_value_kind k;
    const char *name;
    char err[200];
    ok(rules_value_parse("203.0.113.10", &k, &name, err, sizeof err) ==
               ST_OK && k == RV_IPV4,
       "value: IPv4 address");
    ok(rules_value_parse("10.0.0.0/8", &k, &name, err, sizeof err) == ST_OK &&
           k == RV_IPV4,
       "value: IPv4 CIDR");
    ok(rules_value_parse("10.0.0.1/8", &k, &name, err, sizeof err) ==
           ST_USAGE,
       "value: a CIDR with host bits set is refused");
    ok(rules_value_parse("10.0.0.0/33", &k, &name, err, sizeof err) ==
           ST_USAGE,
       "value: prefix /33 is refused");
    ok(rules_value_parse("2001:db8::/32", &k, &name, err, sizeof err) ==
               ST_OK && k == RV_IPV6,
       "value: IPv6 CIDR");
    ok(rules_value_parse("exp-e.example.com", &k, &name, err, sizeof err) ==
               ST_OK && k == RV_HOST,
       "value: a dotted name is a host");
    ok(rules_value_parse("dmz", &k, &name, err, sizeof err) == ST_OK &&
           k == RV_ZONE,
       "value: a plain name is a zone");
    ok(rules_value_parse("zone:outside", &k, &name, err, sizeof err) ==
               ST_OK && k == RV_ZONE && !strcmp(name, "outside"),
       "value: zone:NAME, name without the prefix");
    ok(rules_value_parse("host:exp", &k, &name, err, sizeof err) == ST_OK &&
           k == RV_HOST,
       "value: host:NAME");
    ok(rules_value_parse("ANY", &k, &name, err, sizeof err) == ST_OK &&
           k == RV_ANY,
       "value: any");
    ok(rules_value_parse("10.0.0.300", &k, &name, err, sizeof err) ==
           ST_USAGE,
       "value: 10.0.0.300 is neither address nor name");
    ok(rules_value_parse("a b", &k, &name, err, sizeof err) == ST_USAGE &&
           strstr(err, "'a b'"),
       "value: text with a space is refused, and the message quotes it");

    char key[32], val[32];
    ok(rules_default_check("40000-49999", "50000-59999", key, val, err,
                           sizeof err) == ST_OK &&
           !strcmp(key, "range:40000-49999") && !strcmp(val, "50000-59999"),
       "default: LO-HI NEW becomes range:LO-HI");
    ok(rules_default_check("base-port", "2960", key, val, err, sizeof err) ==
               ST_OK && !strcmp(val, "2960"),
       "default: base-port N");
    ok(rules_default_check("base-port", "65530", key, val, err,
                           sizeof err) == ST_USAGE,
       "default: base-port leaves room for +6");
    ok(rules_default_check("ephemeral", "5000", key, val, err, sizeof err) ==
               ST_OK && !strcmp(val, "5000-5000"),
       "default: a single port is N-N");
    ok(rules_default_check("ephemeral", "600-500", key, val, err,
                           sizeof err) == ST_USAGE,
       "default: a reversed range is refused");
    ok(rules_default_check("bogus", "1-2", key, val, err, sizeof err) ==
           ST_USAGE,
       "default: an unknown key is refused");
}

static void test_merge_and_provenance(void)
{
    flow fl[4];
    fl[0] = flow_new(10, "a.txt", 29, "Expressway-C", "Expressway-E");
    port(&fl[0], 1, PROTO_TCP, PORT_NUMERIC, 5060, 5060, PARITY_ALL);
    port(&fl[0], 0, PROTO_TCP, PORT_NUMERIC, 25000, 29999, PARITY_ALL);
    fl[0].f.description = "SIP signaling";
    fl[1] = flow_new(11, "a.txt", 30, "Expressway-C", "Expressway-E (private)");
    port(&fl[1], 1, PROTO_TCP, PORT_NUMERIC, 5061, 5062, PARITY_ALL);
    port(&fl[1], 0, PROTO_TCP, PORT_NUMERIC, 25000, 29999, PARITY_ALL);
    fl[1].f.description = "SIP TLS";
    fl[1].f.req_level = "mandatory";
    fl[2] = flow_new(12, "b.txt", 7, "Expressway-C", "Expressway-Edge");
    port(&fl[2], 1, PROTO_TCP, PORT_NUMERIC, 443, 443, PARITY_ALL);
    fl[3] = flow_new(13, "b.txt", 8, "Expressway-C", "Expressway-E");
    port(&fl[3], 1, PROTO_TCP, PORT_NUMERIC, 1720, 1720, PARITY_ALL);
    port(&fl[3], 0, PROTO_TCP, PORT_NUMERIC, 15000, 19999, PARITY_ALL);
    rules_kv_in roles[] = {{"Expressway-C", "192.0.2.10"},
                           {"expressway-e", "203.0.113.10"}};
    rules_sheet *s = build(fl, 4, roles, 2, NULL, 0);
    if (!s)
        return;
    const rules_rule *r = find_rule(s, "192.0.2.10", "203.0.113.10",
                                    PROTO_TCP);
    ok(r != NULL, "merge: a role maps, ignoring case, and covers "
                  "'Expressway-E (private)'");
    is_str(dports(s, r), "1720, 5060-5062",
           "merge: three flows give one rule, 5060 and 5061-5062 join");
    is_int(r ? r->norigins : 0, 3, "provenance: the rule lists its 3 flows");
    ok(r && r->origins[0].flow == 10 && r->origins[0].line == 29 &&
           !strcmp(r->origins[0].document, "a.txt") &&
           r->origins[2].flow == 13 && !strcmp(r->origins[2].document,
                                               "b.txt"),
       "provenance: flows, documents and lines in document order");
    is_str(legs(r), "25000-29999 -> 5060-5062 | 15000-19999 -> 1720",
           "legs: the same source ports share destinations; others apart");
    is_str(r ? r->description : "", "SIP signaling; SIP TLS; purpose",
           "merge: descriptions joined once each");
    is_str(r ? r->req_level : "", "mandatory",
           "merge: the strongest requirement wins");
    ok(r && strstr(r->dst_devices, "Expressway-E (private)") &&
           strstr(r->dst_devices, "Expressway-E;"),
       "merge: the rule names every device it stands for");
    ok(find_rule(s, "192.0.2.10", "Expressway-Edge", PROTO_TCP) != NULL,
       "mapping: 'Expressway-E' does not cover 'Expressway-Edge' "
       "(placeholder)");
    is_int(count_todos(s, TODO_MAP_ROLE), 1,
           "to-do: the one unmapped role is listed");
    ok(s->ntodos && strstr(s->todos[0].text, "Expressway-Edge") &&
           strstr(s->todos[0].text, "portolan sheet set"),
       "to-do: it names the role and the command");
    ok(s->rules[0].id == 1 && s->rules[s->nrules - 1].id == (int)s->nrules,
       "rules are numbered 1..n");
    rules_free(s);

    /* Longest role wins */
    rules_kv_in roles2[] = {{"Expressway-E", "203.0.113.10"},
                            {"Expressway-E (private)", "10.0.0.10"}};
    s = build(fl, 2, roles2, 2, NULL, 0);
    ok(s && find_rule(s, "Expressway-C", "10.0.0.10", PROTO_TCP) &&
           find_rule(s, "Expressway-C", "203.0.113.10", PROTO_TCP),
       "mapping: the longest covering role wins");
    rules_free(s);
}

static void test_parity(void)
{
    flow fl[3];
    fl[0] = flow_new(1, "c.txt", 93, "C", "E");
    port(&fl[0], 1, PROTO_UDP, PORT_NUMERIC, 36000, 59998, PARITY_EVEN);
    port(&fl[0], 0, PROTO_UDP, PORT_NUMERIC, 36000, 59998, PARITY_EVEN);
    fl[1] = flow_new(2, "c.txt", 94, "C", "E");
    port(&fl[1], 1, PROTO_UDP, PORT_NUMERIC, 36001, 59999, PARITY_ODD);
    port(&fl[1], 0, PROTO_UDP, PORT_NUMERIC, 36001, 59999, PARITY_ODD);
    rules_sheet *s = build(fl, 2, NULL, 0, NULL, 0);
    const rules_rule *r = s ? find_rule(s, "C", "E", PROTO_UDP) : NULL;
    is_str(dports(s, r), "36000-59999",
           "coalesce: RTP even and RTCP odd make the whole media range");
    ok(r && !has_note(r, "whole"), "coalesce: no parity note when whole");
    rules_free(s);

    fl[0] = flow_new(1, "c.txt", 93, "C", "E");
    port(&fl[0], 1, PROTO_UDP, PORT_NUMERIC, 2776, 2776, PARITY_ALL);
    port(&fl[0], 1, PROTO_UDP, PORT_NUMERIC, 36000, 36010, PARITY_EVEN);
    s = build(fl, 1, NULL, 0, NULL, 0);
    r = s ? find_rule(s, "C", "E", PROTO_UDP) : NULL;
    is_str(dports(s, r), "2776, 36000-36010 even",
           "parity: an even range is kept for people");
    is_str(legs(r), "* -> 2776,36000-36010",
           "parity: the firewall leg opens the range whole, no source ports");
    ok(has_note(r, "36000-36010 even: rulesets open 36000-36010 whole"),
       "parity: a note says the range is opened whole");
    is_str(sports(s, r), "not given", "no source port cell: 'not given'");
    rules_free(s);
}

static void test_symbolic(void)
{
    flow fl[1];
    fl[0] = flow_new(1, "d.txt", 5, "Client", "Server");
    port(&fl[0], 0, PROTO_TCP, PORT_EPHEMERAL, -1, -1, PARITY_ALL);
    port(&fl[0], 1, PROTO_TCP, PORT_NUMERIC, 443, 443, PARITY_ALL);
    rules_sheet *s = build(fl, 1, NULL, 0, NULL, 0);
    const rules_rule *r = s ? find_rule(s, "Client", "Server", PROTO_TCP)
                            : NULL;
    is_str(sports(s, r), "ephemeral (32768-60999)",
           "symbolic: ephemeral spelled out with the Linux range");
    is_str(legs(r), "32768-60999 -> 443",
           "symbolic: rulesets get the explicit ephemeral range");
    ok(has_note(r, "operating system picks") &&
           has_note(r, "site default 'ephemeral'"),
       "symbolic: a note spells out the meaning and the setting");
    rules_free(s);

    rules_kv_in defs[] = {{"ephemeral", "49152-65535"}};
    s = build(fl, 1, NULL, 0, defs, 1);
    r = s ? find_rule(s, "Client", "Server", PROTO_TCP) : NULL;
    is_str(legs(r), "49152-65535 -> 443",
           "symbolic: set-default ephemeral changes the ruleset range");
    rules_free(s);

    fl[0] = flow_new(2, "d.txt", 6, "Server", "Endpoint");
    port(&fl[0], 1, PROTO_UDP, PORT_ANY, -1, -1, PARITY_ALL);
    port(&fl[0], 0, PROTO_UDP, PORT_GE1024, 1024, 65535, PARITY_ALL);
    rules_kv_in defs2[] = {{"any", "1024-65535"}, {"ge1024", "10000-20000"}};
    s = build(fl, 1, NULL, 0, defs2, 2);
    r = s ? find_rule(s, "Server", "Endpoint", PROTO_UDP) : NULL;
    is_str(dports(s, r), "any (1024-65535)",
           "symbolic: 'any' is never silently any: its range is given");
    is_str(legs(r), "10000-20000 -> 1024-65535",
           "symbolic: any and >=1024 follow their site defaults");
    rules_free(s);
}

static void test_site_defaults(void)
{
    flow fl[3];
    fl[0] = flow_new(1, "prognosis.txt", 6, "", "Prognosis Server");
    port(&fl[0], 1, PROTO_TCP, PORT_NUMERIC, 1960, 1960, PARITY_ALL);
    fl[0].p[0].base_offset = 0;
    port(&fl[0], 1, PROTO_TCP, PORT_NUMERIC, 1964, 1964, PARITY_ALL);
    fl[0].p[1].base_offset = 4;
    rules_sheet *s = build(fl, 1, NULL, 0, NULL, 0);
    const rules_rule *r =
        s ? find_rule(s, "(unnamed)", "Prognosis Server", PROTO_TCP) : NULL;
    is_str(dports(s, r), "1960, 1964", "base port: the document's 1960");
    is_int(s ? count_todos(s, TODO_CONFIGURABLE) : 0, 1,
           "base port: without a site value, one to-do to confirm it");
    rules_free(s);
    rules_kv_in base[] = {{"base-port", "2960"}};
    s = build(fl, 1, NULL, 0, base, 1);
    r = s ? find_rule(s, "(unnamed)", "Prognosis Server", PROTO_TCP) : NULL;
    is_str(dports(s, r), "2960, 2964",
           "base port: set-default base-port 2960 moves +0 and +4");
    ok(has_note(r, "<PortNumber>+4 is 2964"), "base port: a note says so");
    is_int(s ? count_todos(s, TODO_CONFIGURABLE) : 9, 0,
           "base port: no to-do once set");
    rules_free(s);

    fl[0] = flow_new(1, "exp.txt", 93, "C", "E");
    port(&fl[0], 1, PROTO_UDP, PORT_NUMERIC, 36000, 59998, PARITY_EVEN);
    port(&fl[0], 1, PROTO_UDP, PORT_NUMERIC, 36000, 36010, PARITY_EVEN);
    port(&fl[0], 1, PROTO_UDP, PORT_NUMERIC, 2776, 2776, PARITY_ALL);
    fl[1] = flow_new(2, "exp.txt", 94, "C", "E");
    port(&fl[1], 1, PROTO_UDP, PORT_NUMERIC, 36001, 59999, PARITY_ODD);
    rules_kv_in media[] = {{"range:36000-59999", "40000-49999"}};
    s = build(fl, 1, NULL, 0, media, 1);
    r = s ? find_rule(s, "C", "E", PROTO_UDP) : NULL;
    is_str(dports(s, r), "2776, 40000-49998 even",
           "range: sub-ranges keep their place in the site's range");
    rules_free(s);
    s = build(fl, 2, NULL, 0, media, 1);
    r = s ? find_rule(s, "C", "E", PROTO_UDP) : NULL;
    is_str(dports(s, r), "2776, 40000-49999",
           "range: even and odd halves still make the whole new range");
    ok(has_note(r, "36000-59998 even are 40000-49998 even at this site"),
       "range: a note says which ports moved");
    rules_free(s);

    /* a footnote saying the range is configurable makes a to-do */
    fl[0] = flow_new(3, "pexip.txt", 74, "Endpoint", "Node");
    port(&fl[0], 1, PROTO_UDP, PORT_NUMERIC, 40000, 49999, PARITY_ALL);
    fl[0].p[0].marks = "**";
    fl[0].n[0] = (rules_note_in){"**", "Configurable via the Media port "
                                       "range start/end options", 103};
    fl[0].n[1] = (rules_note_in){"*", "Only if you want to", 102};
    fl[0].f.nnotes = 2;
    s = build(fl, 1, NULL, 0, NULL, 0);
    is_int(s ? count_todos(s, TODO_CONFIGURABLE) : 0, 1,
           "configurable: a '**' footnote saying so makes a to-do");
    ok(s && s->nfootnotes == 2 && s->nrules == 1 &&
           s->rules[0].nfootnotes == 2,
       "footnotes: kept once per sheet, referenced by the rule");
    rules_free(s);
    rules_kv_in pexip[] = {{"range:40000-49999", "50000-59999"}};
    s = build(fl, 1, NULL, 0, pexip, 1);
    r = s ? find_rule(s, "Endpoint", "Node", PROTO_UDP) : NULL;
    is_str(dports(s, r), "50000-59999",
           "range: set-default 40000-49999 50000-59999 moves the range");
    is_int(s ? count_todos(s, TODO_CONFIGURABLE) : 9, 0,
           "configurable: no to-do once the site value is set");
    rules_free(s);

    rules_kv_in bad[] = {{"range:1-2", "banana"}};
    s = build(fl, 1, NULL, 0, bad, 1);
    is_int(s ? count_todos(s, TODO_BAD_SETTING) : 0, 1,
           "an invalid stored default becomes a to-do, not a failure");
    rules_free(s);
}

static void test_directions_and_gaps(void)
{
    flow fl[5];
    fl[0] = flow_new(1, "n.txt", 44, "Agent", "PBX");
    fl[0].f.direction = "both";
    port(&fl[0], 1, PROTO_UDP, PORT_NUMERIC, 5060, 5060, PARITY_ALL);
    fl[1] = flow_new(2, "n.txt", 45, "Server", "Server");
    fl[1].f.direction = "local";
    port(&fl[1], 1, PROTO_TCP, PORT_NUMERIC, 1961, 1961, PARITY_ALL);
    fl[2] = flow_new(3, "n.txt", 46, "Server", "Vendor box");
    port(&fl[2], 1, PROTO_UNSPEC, PORT_VENDOR, -1, -1, PARITY_ALL);
    fl[3] = flow_new(4, "n.txt", 47, "Server", "Peer");
    port(&fl[3], 1, PROTO_UNSPEC, PORT_NUMERIC, 5070, 5070, PARITY_ALL);
    fl[4] = flow_new(5, "n.txt", 48, "Node", "Node2");
    port(&fl[4], 1, PROTO_ESP, PORT_NONE, -1, -1, PARITY_ALL);
    port(&fl[4], 0, PROTO_ESP, PORT_NONE, -1, -1, PARITY_ALL);
    rules_sheet *s = build(fl, 5, NULL, 0, NULL, 0);
    if (!s)
        return;
    const rules_rule *fwd = find_rule(s, "Agent", "PBX", PROTO_UDP);
    const rules_rule *back = find_rule(s, "PBX", "Agent", PROTO_UDP);
    ok(fwd && back && back->norigins == 1 && back->origins[0].reverse,
       "direction both: a rule each way, the way back marked");
    const rules_rule *loc = find_rule(s, "Server", "Server", PROTO_TCP);
    ok(loc && loc->local, "direction local: the rule is marked local");
    ok(!find_rule(s, "Server", "Vendor box", PROTO_TCP) &&
           !find_rule(s, "Server", "Vendor box", PROTO_UDP),
       "vendor ports: no rule");
    is_int(count_todos(s, TODO_NO_PORTS), 1, "vendor ports: one to-do");
    ok(find_rule(s, "Server", "Peer", PROTO_TCP) &&
           find_rule(s, "Server", "Peer", PROTO_UDP),
       "no protocol: opened for TCP and UDP");
    is_int(count_todos(s, TODO_PROTOCOL), 1, "no protocol: one to-do");
    const rules_rule *esp = find_rule(s, "Node", "Node2", PROTO_ESP);
    ok(esp && esp->nlegs == 1 && esp->legs[0].ndport == 0 &&
           esp->legs[0].nsport == 0 && !esp->dports.unspecified,
       "ESP: a protocol-only rule without ports");
    size_t map = 0;
    for (size_t i = 0; i < s->ntodos; i++)
        if (s->todos[i].kind == TODO_MAP_ROLE &&
            strstr(s->todos[i].text, "'Server'"))
            map++;
    is_int(map, 1, "to-do: 'Server' listed once although used by several");
    int sorted = 1;
    for (size_t i = 1; i < s->ntodos; i++)
        sorted &= s->todos[i - 1].kind <= s->todos[i].kind;
    ok(sorted && s->ntodos >= 3, "to-do: sorted by kind");
    rules_free(s);

    fl[0] = flow_new(9, "p.txt", 9, "Prognosis Server", "");
    fl[0].f.protocol = "N/A";
    fl[0].f.description = "Not currently used.";
    port(&fl[0], 1, PROTO_UNSPEC, PORT_NUMERIC, 1963, 1963, PARITY_ALL);
    s = build(fl, 1, NULL, 0, NULL, 0);
    ok(s && s->nrules == 0 && count_todos(s, TODO_PROTOCOL) == 1,
       "protocol N/A: no rule, a to-do");
    rules_free(s);
}

static void test_hosts(void)
{
    flow fl[2];
    fl[0] = flow_new(1, "h.txt", 1, "A", "B");
    port(&fl[0], 1, PROTO_TCP, PORT_NUMERIC, 22, 22, PARITY_ALL);
    fl[1] = flow_new(2, "h.txt", 2, "A2", "B");
    port(&fl[1], 1, PROTO_TCP, PORT_NUMERIC, 23, 23, PARITY_ALL);
    rules_kv_in roles[] = {{"A", "10.0.0.0/24"},
                           {"A2", "10.0.0.0/24"},
                           {"B", "zone:dmz"}};
    rules_sheet *s = build(fl, 2, roles, 3, NULL, 0);
    ok(s && s->nrules == 1, "hosts: two roles mapped to one network make "
                            "one rule");
    is_str(s ? dports(s, &s->rules[0]) : "", "22-23",
           "hosts: ... with the ports joined");
    is_int(s ? count_todos(s, TODO_RESOLVE) : 0, 1,
           "hosts: a zone is a to-do (rulesets need its addresses)");
    int idents_ok = 1;
    for (size_t i = 0; s && i < s->nhosts; i++)
        for (const char *p = s->hosts[i].ident; *p; p++)
            if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
                  *p == '_'))
                idents_ok = 0;
    ok(idents_ok, "hosts: identifiers are [a-z0-9_]");
    rules_kv_in bad[] = {{"A", "not an address"}};
    rules_free(s);
    s = build(fl, 1, bad, 1, NULL, 0);
    ok(s && count_todos(s, TODO_BAD_SETTING) == 1 &&
           s->hosts[s->rules[0].src].kind == RV_PLACEHOLDER,
       "hosts: an invalid stored value leaves a placeholder and a to-do");
    rules_free(s);
}

/* Legs join in the order a scan restarting after every join gives. */
static void test_merge_order(void)
{
    static const struct {
        int n;
        int sp[3], dp[3][2]; /* source port (0: none), destination ports */
        const char *want, *name;
    } cases[] = {
        {3, {1000, 1000, 2000}, {{80, 0}, {443, 0}, {80, 443}},
         "1000,2000 -> 80,443",
         "the first two join, then the third joins them"},
        {3, {2000, 1000, 1000}, {{80, 443}, {80, 0}, {443, 0}},
         "1000,2000 -> 80,443",
         "the last two join, then the first takes them in"},
        {3, {0, 1000, 0}, {{80, 0}, {80, 0}, {443, 0}}, "* -> 80,443",
         "no source ports absorb 1000, then join the third"},
        {3, {1000, 2000, 1000}, {{80, 0}, {443, 0}, {443, 0}},
         "1000 -> 80,443 | 2000 -> 443",
         "the first partner of the first leg wins (not the 443 pair)"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        flow fl[3];
        for (int i = 0; i < cases[c].n; i++) {
            fl[i] = flow_new(i + 1, "m.txt", i + 1, "A", "B");
            if (cases[c].sp[i])
                port(&fl[i], 0, PROTO_TCP, PORT_NUMERIC, cases[c].sp[i],
                     cases[c].sp[i], PARITY_ALL);
            for (int k = 0; k < 2 && cases[c].dp[i][k]; k++)
                port(&fl[i], 1, PROTO_TCP, PORT_NUMERIC, cases[c].dp[i][k],
                     cases[c].dp[i][k], PARITY_ALL);
        }
        rules_sheet *s = build(fl, (size_t)cases[c].n, NULL, 0, NULL, 0);
        is_str(s && s->nrules == 1 ? legs(&s->rules[0]) : "(no rule)",
               cases[c].want, "merge: %s", cases[c].name);
        rules_free(s);
    }
}

/* Identifiers that clash take the next free "_N", in order. */
static void test_idents(void)
{
    const char *dev[] = {"Server", "Server 2", "Server!", "Server?", "SERVER"};
    flow fl[5];
    for (int i = 0; i < 5; i++) {
        fl[i] = flow_new(i + 1, "i.txt", i + 1, dev[i], "B");
        port(&fl[i], 1, PROTO_TCP, PORT_NUMERIC, 80, 80, PARITY_ALL);
    }
    rules_sheet *s = build(fl, 5, NULL, 0, NULL, 0);
    char got[200] = "";
    for (size_t i = 0; s && i < s->nhosts; i++)
        snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s",
                 i ? " " : "", s->hosts[i].ident);
    is_str(got, "role_server role_b role_server_2 role_server_3 "
                "role_server_4",
           "idents: clashes count on from the last one taken; a device "
           "differing only in case is the same host");
    rules_free(s);
}

int main(void)
{
    test_portset();
    test_values();
    test_merge_and_provenance();
    test_parity();
    test_symbolic();
    test_site_defaults();
    test_directions_and_gaps();
    test_hosts();
    test_merge_order();
    test_idents();
    return done_testing();
}
