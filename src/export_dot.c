/* export_dot.c - the worksheet as a Graphviz graph (`dot -Tsvg`): hosts as
 * nodes (unmapped roles dashed), one edge per rule labelled with its id,
 * protocol and destination ports (local-only rules dotted). */
#include <stdlib.h>
#include "export_int.h"

/* A DOT string body: quotes and backslashes escaped, line breaks as \n,
 * other controls as spaces. */
static const char *dot_esc(unsigned char c)
{
    return c == '"'    ? "\\\""
           : c == '\\' ? "\\\\"
           : c == '\n' ? "\\n"
           : c < 0x20  ? " "
                       : NULL;
}

static void q(export_buf *b, const char *s)
{
    eb_escaped(b, s, dot_esc);
}

static void node(export_buf *b, const rules_host *h)
{
    eb_printf(b, "  %s [label=\"", h->ident);
    if (h->kind == RV_PLACEHOLDER) {
        eb_putc(b, '[');
        q(b, h->value);
        eb_puts(b, "]\\nunmapped role\", style=\"rounded,dashed\"");
    } else {
        q(b, h->kind == RV_ANY ? "any address" : h->value);
        eb_puts(b, "\\n");
        q(b, h->devices);
        eb_putc(b, '"');
    }
    eb_puts(b, "];\n");
}

void export_dot(const export_doc *x, export_buf *b)
{
    const rules_sheet *rs = x->rs;
    eb_puts(b, "digraph worksheet {\n  graph [rankdir=LR, labelloc=t, "
          "fontname=\"Helvetica\", label=\"Firewall worksheet: ");
    q(b, x->ws->name);
    if (x->ws->customer[0]) {
        eb_puts(b, " - ");
        q(b, x->ws->customer);
    }
    eb_printf(b, "\\n%s\"];\n  node [shape=box, style=rounded, "
               "fontname=\"Helvetica\", fontsize=10];\n"
               "  edge [fontname=\"Helvetica\", fontsize=9];\n",
            x->date);
    /* the hosts a rule names, in host order */
    char *named = calloc(rs->nhosts ? rs->nhosts : 1, 1);
    if (!named) {
        eb_fail(b, ST_NOMEM);
        return;
    }
    for (size_t j = 0; j < rs->nrules; j++)
        named[rs->rules[j].src] = named[rs->rules[j].dst] = 1;
    for (size_t i = 0; i < rs->nhosts; i++)
        if (named[i])
            node(b, &rs->hosts[i]);
    free(named);
    for (size_t i = 0; i < rs->nrules; i++) {
        const rules_rule *r = &rs->rules[i];
        char ports[2048], proto[8];
        rules_ports_text(rs, &r->dports, ports, sizeof ports);
        eb_printf(b, "  %s -> %s [label=\"R%d %s", rs->hosts[r->src].ident,
                rs->hosts[r->dst].ident, r->id,
                export_proto_upper(r->proto, proto, sizeof proto));
        if (r->proto == PROTO_TCP || r->proto == PROTO_UDP) {
            eb_putc(b, ' ');
            q(b, ports);
        }
        eb_printf(b, "\"%s];\n", r->local ? ", style=dotted" : "");
    }
    eb_puts(b, "}\n");
}
