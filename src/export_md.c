/* export_md.c - the worksheet as a Markdown document: a table of rules
 * per product, hosts, site values, footnotes (GitHub footnote syntax) and
 * the to-do list as task items. Document text is kept, with Markdown's
 * special characters escaped so it reads as written. */
#include <stdio.h>
#include <string.h>
#include "export_int.h"

/* Text inside a table cell (or a list item): specials escaped, line
 * breaks as <br>. */
static const char *md_esc(unsigned char c)
{
    switch (c) {
    case '\\': return "\\\\";
    case '`': return "\\`";
    case '*': return "\\*";
    case '_': return "\\_";
    case '[': return "\\[";
    case ']': return "\\]";
    case '|': return "\\|";
    case '#': return "\\#";
    case '~': return "\\~";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '&': return "&amp;";
    case '\r': return "";
    case '\n': return "<br>";
    case '\t': return " ";
    default: return NULL;
    }
}

static void md(export_buf *b, const char *s)
{
    eb_escaped(b, s, md_esc);
}

static void host_cell(export_buf *b, const rules_host *h, const char *devices)
{
    if (h->kind == RV_PLACEHOLDER) {
        eb_puts(b, "**TODO** \\[");
        md(b, h->value);
        eb_puts(b, "\\]");
    } else {
        md(b, h->kind == RV_ANY ? "any" : h->value);
        if (strcmp(devices, h->value)) {
            eb_puts(b, "<br>");
            md(b, devices);
        }
    }
}

static void rule_row(export_buf *b, const rules_sheet *rs, const rules_rule *r)
{
    char buf[2048], proto[8];
    eb_printf(b, "| R%d | ", r->id);
    host_cell(b, &rs->hosts[r->src], r->src_devices);
    eb_puts(b, " | ");
    host_cell(b, &rs->hosts[r->dst], r->dst_devices);
    eb_printf(b, " | %s | ", export_proto_upper(r->proto, proto, sizeof proto));
    rules_ports_text(rs, &r->sports, buf, sizeof buf);
    md(b, buf);
    eb_puts(b, " | ");
    rules_ports_text(rs, &r->dports, buf, sizeof buf);
    md(b, buf);
    eb_puts(b, " | ");
    for (size_t i = 0; i < r->nlegs; i++) {
        export_leg_text(&r->legs[i], buf, sizeof buf);
        if (i)
            eb_puts(b, "<br>");
        md(b, buf);
    }
    if (r->local)
        eb_puts(b, r->nlegs ? "<br>local only" : "local only");
    eb_puts(b, " | ");
    md(b, r->description);
    if (r->req_level[0]) {
        eb_puts(b, " (");
        md(b, r->req_level);
        eb_putc(b, ')');
    }
    for (size_t i = 0; i < r->nfootnotes; i++)
        eb_printf(b, "[^%zu]", r->footnotes[i] + 1);
    eb_puts(b, " | ");
    for (size_t i = 0; i < r->nnotes; i++) {
        if (i)
            eb_puts(b, "<br>");
        md(b, r->notes[i]);
    }
    eb_puts(b, " | ");
    export_origins_grouped(b, r, md_esc);
    eb_puts(b, " |\n");
}

static void settings(export_buf *b, const rules_sheet *rs)
{
    const rules_settings *st = &rs->settings;
    char x[40], y[40];
    eb_puts(b, "\n## Site values\n\n");
    rules_span_text(&st->ephemeral, "-", x, sizeof x);
    eb_printf(b, "- Ephemeral ports in rulesets: %s "
               "(`portolan sheet set-default ephemeral LO-HI`)\n", x);
    rules_span_text(&st->any, "-", x, sizeof x);
    eb_printf(b, "- \"Any\" ports in rulesets: %s\n", x);
    rules_span_text(&st->ge1024, "-", x, sizeof x);
    eb_printf(b, "- \">=1024\" ports in rulesets: %s\n", x);
    if (st->base_port >= 0)
        eb_printf(b, "- Base port (&lt;PortNumber&gt;): %d\n", st->base_port);
    for (size_t i = 0; i < st->nremaps; i++) {
        rules_span_text(&st->remaps[i].from, "-", x, sizeof x);
        rules_span_text(&st->remaps[i].to, "-", y, sizeof y);
        eb_printf(b, "- The documents' ports %s are %s at this site\n", x, y);
    }
}

static void hosts(export_buf *b, const rules_sheet *rs)
{
    eb_puts(b, "\n## Hosts\n\n| Host | Kind | Stands for |\n|---|---|---|\n");
    for (size_t i = 0; i < rs->nhosts; i++) {
        const rules_host *h = &rs->hosts[i];
        if (!h->used)
            continue;
        eb_puts(b, "| ");
        if (h->kind == RV_PLACEHOLDER) {
            eb_puts(b, "**TODO** \\[");
            md(b, h->value);
            eb_puts(b, "\\]");
        } else {
            md(b, h->value);
        }
        eb_printf(b, " | %s | ", rules_value_kind_name(h->kind));
        md(b, h->devices);
        eb_puts(b, " |\n");
    }
}

void export_md(const export_doc *x, export_buf *b)
{
    const rules_sheet *rs = x->rs;
    eb_puts(b, "# Firewall worksheet: ");
    md(b, x->ws->name);
    eb_puts(b, "\n\n- Customer: ");
    md(b, x->ws->customer[0] ? x->ws->customer : "(not set)");
    eb_printf(b, "\n- Date: %s\n- %zu flows, %zu rules, %zu to-do items\n"
               "- Made by portolan %s\n",
            x->date, rs->nflows, rs->nrules, rs->ntodos, x->version);
    for (size_t g = 0; g < rs->ngroups; g++) {
        eb_puts(b, "\n## ");
        md(b, rs->groups[g]);
        eb_puts(b, "\n\n| Rule | Source | Destination | Protocol | Source ports "
              "| Destination ports | Firewall (source -> destination ports) "
              "| Purpose | Notes | From |\n"
              "|---|---|---|---|---|---|---|---|---|---|\n");
        for (size_t i = 0; i < rs->nrules; i++)
            if (rs->rules[i].group == g)
                rule_row(b, rs, &rs->rules[i]);
    }
    hosts(b, rs);
    settings(b, rs);
    eb_puts(b, "\n## To do\n\n");
    if (!rs->ntodos)
        eb_puts(b, "Nothing left to do.\n");
    for (size_t i = 0; i < rs->ntodos; i++) {
        eb_puts(b, "- [ ] ");
        md(b, rs->todos[i].text);
        eb_putc(b, '\n');
    }
    if (rs->nfootnotes)
        eb_puts(b, "\n## Footnotes\n\n");
    for (size_t i = 0; i < rs->nfootnotes; i++) {
        const rules_footnote *n = &rs->footnotes[i];
        char where[48];
        eb_printf(b, "[^%zu]: ", i + 1);
        md(b, n->mark);
        eb_putc(b, ' ');
        md(b, n->text);
        eb_puts(b, " (");
        md(b, n->document);
        snprintf(where, sizeof where, " line %d)\n", n->line);
        eb_puts(b, where);
    }
}
