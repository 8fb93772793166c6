/* export_json.c - the worksheet as one JSON document, described by
 * doc/worksheet.schema.json (and doc/export.md): settings, hosts, rules
 * with their ports, firewall legs and provenance, footnotes, to-do list.
 * Strings are document text as it was; JSON escapes only what it must.
 * Invalid UTF-8 is left to export.c, which replaces and counts it as in
 * every format. */
#include <stdlib.h>
#include <string.h>
#include "export_int.h"

#define SCHEMA_ID "https://portolan.invalid/worksheet.schema.json"
#define MAX_DEPTH 16

/* A JSON string's escape: quotes, backslashes and controls. C1 controls
 * (U+0080..U+009F, C2 80..C2 9F) are escaped by str_raw. */
static const char *json_esc(unsigned char c)
{
    static const char *const c0[0x20] = {
        "\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005",
        "\\u0006", "\\u0007", "\\u0008", "\\t",     "\\n",     "\\u000b",
        "\\u000c", "\\r",     "\\u000e", "\\u000f", "\\u0010", "\\u0011",
        "\\u0012", "\\u0013", "\\u0014", "\\u0015", "\\u0016", "\\u0017",
        "\\u0018", "\\u0019", "\\u001a", "\\u001b", "\\u001c", "\\u001d",
        "\\u001e", "\\u001f"};
    return c < 0x20    ? c0[c]
           : c == '"'  ? "\\\""
           : c == '\\' ? "\\\\"
           : c == 0x7f ? "\\u007f"
                       : NULL;
}

/* s as a JSON string (NULL as null), escaped as out_json_str_raw does
 * (src/out.c): invalid UTF-8 is left for the writer to replace and count. */
static void str_raw(export_buf *b, const char *s)
{
    if (!s) {
        eb_put(b, "null", 4);
        return;
    }
    eb_putc(b, '"');
    for (const char *c1 = s; (c1 = strchr(c1, '\xC2')); c1++) {
        unsigned char next = (unsigned char)c1[1];
        if (next < 0x80 || next > 0x9F)
            continue;
        eb_escaped_len(b, s, (size_t)(c1 - s), json_esc);
        eb_printf(b, "\\u%04x", next); /* C2 xx is U+00xx */
        s = ++c1 + 1;
    }
    eb_escaped(b, s, json_esc);
    eb_putc(b, '"');
}

/* Two spaces a level. */
static void indent(export_buf *b, int depth)
{
    for (int i = 0; i < depth; i++)
        eb_put(b, "  ", 2);
}

/* A small pretty-printing writer: two-space indents, commas by itself. */
typedef struct {
    export_buf *b;
    int depth;
    int first[MAX_DEPTH];
} jw;

static void member(jw *w, const char *key)
{
    if (w->depth > 0) {
        eb_puts(w->b, w->first[w->depth] ? "\n" : ",\n");
        w->first[w->depth] = 0;
        indent(w->b, w->depth);
    }
    if (key) {
        str_raw(w->b, key);
        eb_puts(w->b, ": ");
    }
}

static void open_(jw *w, const char *key, char c)
{
    member(w, key);
    eb_putc(w->b, c);
    if (w->depth + 1 < MAX_DEPTH)
        w->first[++w->depth] = 1;
}

static void close_(jw *w, char c)
{
    int empty = w->first[w->depth];
    w->depth--;
    if (!empty) {
        eb_putc(w->b, '\n');
        indent(w->b, w->depth);
    }
    eb_putc(w->b, c);
}

static void str(jw *w, const char *key, const char *v)
{
    member(w, key);
    str_raw(w->b, v ? v : "");
}

static void num(jw *w, const char *key, long long v)
{
    member(w, key);
    eb_int(w->b, v);
}

static void boolean(jw *w, const char *key, int v)
{
    member(w, key);
    eb_puts(w->b, v ? "true" : "false");
}

static void span(jw *w, const char *key, const port_span *s)
{
    open_(w, key, '{');
    num(w, "lo", s->lo);
    num(w, "hi", s->hi);
    str(w, "parity", parity_name(s->parity));
    close_(w, '}');
}

static void spans(jw *w, const char *key, const port_span *v, size_t n)
{
    open_(w, key, '[');
    for (size_t i = 0; i < n; i++)
        span(w, NULL, &v[i]);
    close_(w, ']');
}

static void ports(jw *w, const char *key, const rules_sheet *rs,
                  const rules_ports *p)
{
    static const struct {
        port_kind_t k;
        const char *name;
    } sym[] = {{PORT_GE1024, "ge1024"},
               {PORT_ANY, "any"},
               {PORT_EPHEMERAL, "ephemeral"}};
    char text[2048];
    rules_ports_text(rs, p, text, sizeof text);
    open_(w, key, '{');
    str(w, "text", text);
    spans(w, "ports", p->spans, p->nspans);
    open_(w, "symbols", '[');
    for (size_t i = 0; i < sizeof sym / sizeof sym[0]; i++)
        if (p->symbols & (1u << sym[i].k))
            str(w, NULL, sym[i].name);
    close_(w, ']');
    boolean(w, "unspecified", p->unspecified);
    close_(w, '}');
}

static void endpoint(jw *w, const char *key, const rules_sheet *rs,
                     size_t h, const char *devices)
{
    const rules_host *x = &rs->hosts[h];
    open_(w, key, '{');
    str(w, "host", x->ident);
    str(w, "kind", rules_value_kind_name(x->kind));
    str(w, "value", x->value);
    str(w, "devices", devices);
    close_(w, '}');
}

static void rule(jw *w, const rules_sheet *rs, const rules_rule *r)
{
    open_(w, NULL, '{');
    num(w, "id", r->id);
    str(w, "product", rs->groups[r->group]);
    endpoint(w, "source", rs, r->src, r->src_devices);
    endpoint(w, "destination", rs, r->dst, r->dst_devices);
    str(w, "protocol", rules_proto_name(r->proto));
    ports(w, "source_ports", rs, &r->sports);
    ports(w, "destination_ports", rs, &r->dports);
    open_(w, "firewall", '[');
    for (size_t i = 0; i < r->nlegs; i++) {
        open_(w, NULL, '{');
        spans(w, "source_ports", r->legs[i].sport, r->legs[i].nsport);
        spans(w, "destination_ports", r->legs[i].dport, r->legs[i].ndport);
        close_(w, '}');
    }
    close_(w, ']');
    str(w, "description", r->description);
    str(w, "requirement", r->req_level);
    boolean(w, "local", r->local);
    open_(w, "notes", '[');
    for (size_t i = 0; i < r->nnotes; i++)
        str(w, NULL, r->notes[i]);
    close_(w, ']');
    open_(w, "footnotes", '[');
    for (size_t i = 0; i < r->nfootnotes; i++)
        num(w, NULL, (long long)r->footnotes[i] + 1);
    close_(w, ']');
    open_(w, "origins", '[');
    for (size_t i = 0; i < r->norigins; i++) {
        const rules_origin *o = &r->origins[i];
        open_(w, NULL, '{');
        num(w, "flow", o->flow);
        str(w, "document", o->document);
        num(w, "line", o->line);
        str(w, "product", o->product);
        str(w, "section", o->section);
        str(w, "description", o->description);
        boolean(w, "reverse", o->reverse);
        close_(w, '}');
    }
    close_(w, ']');
    close_(w, '}');
}

static void settings(jw *w, const rules_settings *st)
{
    open_(w, "settings", '{');
    span(w, "ephemeral", &st->ephemeral);
    span(w, "any", &st->any);
    span(w, "ge1024", &st->ge1024);
    member(w, "base_port");
    if (st->base_port >= 0)
        eb_int(w->b, st->base_port);
    else
        eb_puts(w->b, "null");
    open_(w, "ranges", '[');
    for (size_t i = 0; i < st->nremaps; i++) {
        open_(w, NULL, '{');
        span(w, "document", &st->remaps[i].from);
        span(w, "site", &st->remaps[i].to);
        close_(w, '}');
    }
    close_(w, ']');
    close_(w, '}');
}

static void hosts(jw *w, const rules_sheet *rs)
{
    open_(w, "hosts", '[');
    for (size_t i = 0; i < rs->nhosts; i++) {
        const rules_host *h = &rs->hosts[i];
        open_(w, NULL, '{');
        str(w, "id", h->ident);
        str(w, "kind", rules_value_kind_name(h->kind));
        str(w, "value", h->value);
        str(w, "name", h->name);
        member(w, "role");
        str_raw(w->b, h->role);
        str(w, "devices", h->devices);
        boolean(w, "used", h->used);
        close_(w, '}');
    }
    close_(w, ']');
}

static const char *todo_kind(rules_todo_kind k)
{
    static const char *const names[] = {"map-role",     "resolve",
                                        "no-ports",     "configurable",
                                        "protocol",     "bad-setting"};
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "";
}

void export_json(const export_doc *x, export_buf *b)
{
    const rules_sheet *rs = x->rs;
    jw w = {.b = b};
    open_(&w, NULL, '{');
    str(&w, "$schema", SCHEMA_ID);
    str(&w, "format", "portolan-worksheet");
    num(&w, "format_version", 1);
    str(&w, "generator", "portolan");
    str(&w, "generator_version", x->version);
    str(&w, "worksheet", x->ws->name);
    str(&w, "customer", x->ws->customer);
    str(&w, "date", x->date);
    str(&w, "generated", x->generated);
    num(&w, "flows", (long long)rs->nflows);
    settings(&w, &rs->settings);
    hosts(&w, rs);
    open_(&w, "rules", '[');
    for (size_t i = 0; i < rs->nrules; i++)
        rule(&w, rs, &rs->rules[i]);
    close_(&w, ']');
    open_(&w, "footnotes", '[');
    for (size_t i = 0; i < rs->nfootnotes; i++) {
        const rules_footnote *n = &rs->footnotes[i];
        open_(&w, NULL, '{');
        num(&w, "id", (long long)i + 1);
        str(&w, "document", n->document);
        num(&w, "line", n->line);
        str(&w, "mark", n->mark);
        str(&w, "text", n->text);
        close_(&w, '}');
    }
    close_(&w, ']');
    open_(&w, "todo", '[');
    for (size_t i = 0; i < rs->ntodos; i++) {
        open_(&w, NULL, '{');
        str(&w, "kind", todo_kind(rs->todos[i].kind));
        str(&w, "text", rs->todos[i].text);
        close_(&w, '}');
    }
    close_(&w, ']');
    close_(&w, '}');
    eb_putc(b, '\n');
}
