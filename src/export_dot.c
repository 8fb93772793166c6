/* export_dot.c - the worksheet as a Graphviz graph (`dot -Tsvg`): hosts as
 * nodes (unmapped roles dashed), one edge per rule labelled with its id,
 * protocol and destination ports (local-only rules dotted). */
#include <string.h>
#include "export_int.h"

/* A DOT string body: quotes and backslashes escaped, line breaks as \n. */
static void q(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '"' || *s == '\\')
            fprintf(f, "\\%c", *s);
        else if (*s == '\n')
            fputs("\\n", f);
        else if ((unsigned char)*s < 0x20)
            fputc(' ', f);
        else
            fputc(*s, f);
    }
}

static void node(FILE *f, const rules_host *h)
{
    fprintf(f, "  %s [label=\"", h->ident);
    if (h->kind == RV_PLACEHOLDER) {
        fputc('[', f);
        q(f, h->value);
        fputs("]\\nunmapped role\", style=\"rounded,dashed\"", f);
    } else {
        q(f, h->kind == RV_ANY ? "any address" : h->value);
        fputs("\\n", f);
        q(f, h->devices);
        fputc('"', f);
    }
    fputs("];\n", f);
}

status export_dot(const export_doc *x, FILE *f)
{
    const rules_sheet *rs = x->rs;
    fputs("digraph worksheet {\n  graph [rankdir=LR, labelloc=t, "
          "fontname=\"Helvetica\", label=\"Firewall worksheet: ", f);
    q(f, x->ws->name);
    if (x->ws->customer[0]) {
        fputs(" - ", f);
        q(f, x->ws->customer);
    }
    fprintf(f, "\\n%s\"];\n  node [shape=box, style=rounded, "
               "fontname=\"Helvetica\", fontsize=10];\n"
               "  edge [fontname=\"Helvetica\", fontsize=9];\n",
            x->date);
    for (size_t i = 0; i < rs->nhosts; i++) {
        int named = 0;
        for (size_t j = 0; j < rs->nrules && !named; j++)
            named = rs->rules[j].src == i || rs->rules[j].dst == i;
        if (named)
            node(f, &rs->hosts[i]);
    }
    for (size_t i = 0; i < rs->nrules; i++) {
        const rules_rule *r = &rs->rules[i];
        char ports[2048], proto[8];
        rules_ports_text(rs, &r->dports, ports, sizeof ports);
        fprintf(f, "  %s -> %s [label=\"R%d %s", rs->hosts[r->src].ident,
                rs->hosts[r->dst].ident, r->id,
                export_proto_upper(r->proto, proto, sizeof proto));
        if (r->proto == PROTO_TCP || r->proto == PROTO_UDP) {
            fputc(' ', f);
            q(f, ports);
        }
        fprintf(f, "\"%s];\n", r->local ? ", style=dotted" : "");
    }
    fputs("}\n", f);
    return export_done(f);
}
