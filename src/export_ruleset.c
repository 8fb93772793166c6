/* export_ruleset.c - what the two rulesets (export_nft.c,
 * export_iptables.c) write alike: the header with its to-do list, and the
 * comment lines that say what each rule is and where it came from. Every
 * piece of document text goes on one line (export_oneline). */
#include "export_int.h"

void export_ruleset_head(export_buf *b, const export_doc *x,
                         const char *how)
{
    const rules_sheet *rs = x->rs;
    eb_puts(b, "# Firewall worksheet '");
    eb_escaped(b, x->ws->name, export_oneline);
    eb_putc(b, '\'');
    if (x->ws->customer[0]) {
        eb_puts(b, " for ");
        eb_escaped(b, x->ws->customer, export_oneline);
    }
    eb_printf(b, ", %s: %zu rules from %zu flows (portolan %s).\n", x->date,
              rs->nrules, rs->nflows, x->version);
    eb_puts(b, how);
    if (rs->ntodos)
        eb_puts(b, "#\n# To do before this ruleset is complete:\n");
    for (size_t i = 0; i < rs->ntodos; i++) {
        eb_puts(b, "#  - ");
        eb_escaped(b, rs->todos[i].text, export_oneline);
        eb_putc(b, '\n');
    }
}

/* indent "# " text, one line. */
static void comment(export_buf *b, const char *indent, const char *what,
                    const char *text)
{
    eb_puts(b, indent);
    eb_puts(b, what);
    eb_escaped(b, text, export_oneline);
    eb_putc(b, '\n');
}

void export_rule_comments(export_buf *b, const rules_rule *r,
                          const char *indent, const char *left_out)
{
    eb_puts(b, indent);
    eb_printf(b, "# R%d %s: ", r->id, rules_proto_name(r->proto));
    eb_escaped(b, r->src_devices, export_oneline);
    eb_puts(b, " -> ");
    eb_escaped(b, r->dst_devices, export_oneline);
    eb_puts(b, ": ");
    eb_escaped(b, r->description, export_oneline);
    eb_putc(b, '\n');
    eb_puts(b, indent);
    eb_puts(b, "#   from ");
    export_origins_text(b, r, "; ", export_oneline);
    eb_putc(b, '\n');
    for (size_t i = 0; i < r->nnotes; i++)
        comment(b, indent, "#   note: ", r->notes[i]);
    if (left_out)
        comment(b, indent, "#   left out: ", left_out);
}
