/* export_html.c - the worksheet as one self-contained printable HTML page
 * (no scripts, no external assets): title, customer, date, a table of
 * rules per product, hosts, site values, to-do list, footnotes. The CSS
 * prints on A4 landscape with every cell wrapped, never cut off. */
#include <stdio.h>
#include "export_int.h"

static const char STYLE[] =
    "@page { size: A4 landscape; margin: 10mm; }\n"
    "body { font: 9pt/1.3 \"DejaVu Sans\", Arial, sans-serif; color: #000;"
    " background: #fff; margin: 1em; }\n"
    "h1 { font-size: 15pt; margin: 0 0 .3em; }\n"
    "h2 { font-size: 12pt; margin: 1.2em 0 .4em; break-after: avoid;"
    " page-break-after: avoid; }\n"
    "table { border-collapse: collapse; width: 100%; table-layout: fixed; }\n"
    "th, td { border: 1px solid #777; padding: 2px 4px; text-align: left;"
    " vertical-align: top; overflow-wrap: break-word; word-wrap: break-word;"
    " hyphens: manual; }\n"
    "th { background: #e8e8e8; }\n"
    "thead { display: table-header-group; }\n"
    "tr { break-inside: avoid; page-break-inside: avoid; }\n"
    "table.meta { width: auto; margin-bottom: .8em; }\n"
    "table.meta th { width: 8em; }\n"
    ".todo { color: #900; font-weight: bold; }\n"
    ".local { color: #555; font-style: italic; }\n"
    "code { font-family: \"DejaVu Sans Mono\", monospace; }\n"
    "ol.todo-list li { margin-bottom: .3em; }\n"
    "footer { margin-top: 2em; color: #555; font-size: 8pt; }\n"
    "@media screen { body { max-width: 110em; } }\n"
    "@media print { body { margin: 0; } }\n";

/* Column widths of the rule tables, in percent. */
static const struct {
    const char *head;
    int width;
} COLS[] = {{"Rule", 4},          {"Source", 11},
            {"Destination", 11},  {"Proto", 5},
            {"Source ports", 9},  {"Destination ports", 9},
            {"Firewall", 10},     {"Purpose", 13},
            {"Notes", 16},        {"From", 12}};

static const char *html_esc(unsigned char c)
{
    switch (c) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return "&quot;";
    case '\'': return "&#39;";
    case '\n': return "<br>";
    case '\r': return "";
    case '\t': return NULL;
    default: /* controls are not allowed in HTML text */
        return c < 0x20 ? " " : NULL;
    }
}

static void h(export_buf *b, const char *s)
{
    eb_escaped(b, s, html_esc);
}

static void host_cell(export_buf *b, const rules_host *x, const char *devices)
{
    if (x->kind == RV_PLACEHOLDER) {
        eb_puts(b, "<span class=\"todo\">TODO</span> [");
        h(b, x->value);
        eb_putc(b, ']');
        return;
    }
    eb_puts(b, "<code>");
    h(b, x->kind == RV_ANY ? "any" : x->value);
    eb_puts(b, "</code><br>");
    h(b, devices);
}

static void rule_row(export_buf *b, const rules_sheet *rs, const rules_rule *r)
{
    char buf[2048], proto[8];
    eb_printf(b, "<tr id=\"R%d\"%s><td>R%d</td><td>", r->id,
            r->local ? " class=\"local\"" : "", r->id);
    host_cell(b, &rs->hosts[r->src], r->src_devices);
    eb_puts(b, "</td><td>");
    host_cell(b, &rs->hosts[r->dst], r->dst_devices);
    eb_printf(b, "</td><td>%s</td><td>",
            export_proto_upper(r->proto, proto, sizeof proto));
    rules_ports_text(rs, &r->sports, buf, sizeof buf);
    h(b, buf);
    eb_puts(b, "</td><td>");
    rules_ports_text(rs, &r->dports, buf, sizeof buf);
    h(b, buf);
    eb_puts(b, "</td><td>");
    for (size_t i = 0; i < r->nlegs; i++) {
        export_leg_text(&r->legs[i], buf, sizeof buf);
        eb_puts(b, i ? "<br>" : "");
        h(b, buf);
    }
    if (r->local)
        eb_puts(b, "<br>local only: no firewall rule");
    eb_puts(b, "</td><td>");
    h(b, r->description);
    if (r->req_level[0]) {
        eb_puts(b, " (");
        h(b, r->req_level);
        eb_putc(b, ')');
    }
    for (size_t i = 0; i < r->nfootnotes; i++)
        eb_printf(b, " <sup><a href=\"#fn%zu\">%zu</a></sup>",
                r->footnotes[i] + 1, r->footnotes[i] + 1);
    eb_puts(b, "</td><td>");
    for (size_t i = 0; i < r->nnotes; i++) {
        eb_puts(b, i ? "<br>" : "");
        h(b, r->notes[i]);
    }
    eb_puts(b, "</td><td>");
    export_origins_grouped(b, r, html_esc);
    eb_puts(b, "</td></tr>\n");
}

static void rule_table(export_buf *b, const rules_sheet *rs, size_t g)
{
    eb_puts(b, "<h2>");
    h(b, rs->groups[g]);
    eb_puts(b, "</h2>\n<table class=\"rules\">\n<colgroup>");
    for (size_t i = 0; i < sizeof COLS / sizeof COLS[0]; i++)
        eb_printf(b, "<col style=\"width:%d%%\">", COLS[i].width);
    eb_puts(b, "</colgroup>\n<thead><tr>");
    for (size_t i = 0; i < sizeof COLS / sizeof COLS[0]; i++)
        eb_printf(b, "<th>%s</th>", COLS[i].head);
    eb_puts(b, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < rs->nrules; i++)
        if (rs->rules[i].group == g)
            rule_row(b, rs, &rs->rules[i]);
    eb_puts(b, "</tbody>\n</table>\n");
}

static void hosts(export_buf *b, const rules_sheet *rs)
{
    eb_puts(b, "<h2>Hosts</h2>\n<table class=\"hosts\">\n<colgroup>"
          "<col style=\"width:25%\"><col style=\"width:10%\">"
          "<col style=\"width:65%\"></colgroup>\n<thead><tr><th>Host</th>"
          "<th>Kind</th><th>Stands for</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < rs->nhosts; i++) {
        const rules_host *x = &rs->hosts[i];
        if (!x->used)
            continue;
        eb_puts(b, "<tr><td>");
        if (x->kind == RV_PLACEHOLDER) {
            eb_puts(b, "<span class=\"todo\">TODO</span> [");
            h(b, x->value);
            eb_putc(b, ']');
        } else {
            eb_puts(b, "<code>");
            h(b, x->value);
            eb_puts(b, "</code>");
        }
        eb_printf(b, "</td><td>%s</td><td>", rules_value_kind_name(x->kind));
        h(b, x->devices);
        eb_puts(b, "</td></tr>\n");
    }
    eb_puts(b, "</tbody>\n</table>\n");
}

static void settings(export_buf *b, const rules_settings *st)
{
    char x[40], y[40];
    eb_puts(b, "<h2>Site values</h2>\n<ul>\n");
    rules_span_text(&st->ephemeral, "-", x, sizeof x);
    eb_printf(b, "<li>Ephemeral ports in rulesets: %s</li>\n", x);
    rules_span_text(&st->any, "-", x, sizeof x);
    eb_printf(b, "<li>&ldquo;Any&rdquo; ports in rulesets: %s</li>\n", x);
    rules_span_text(&st->ge1024, "-", x, sizeof x);
    eb_printf(b, "<li>&ldquo;&gt;=1024&rdquo; ports in rulesets: %s</li>\n",
            x);
    if (st->base_port >= 0)
        eb_printf(b, "<li>Base port (&lt;PortNumber&gt;): %d</li>\n",
                st->base_port);
    for (size_t i = 0; i < st->nremaps; i++) {
        rules_span_text(&st->remaps[i].from, "-", x, sizeof x);
        rules_span_text(&st->remaps[i].to, "-", y, sizeof y);
        eb_printf(b, "<li>The documents&rsquo; ports %s are %s at this "
                   "site</li>\n", x, y);
    }
    eb_puts(b, "</ul>\n");
}

void export_html(const export_doc *x, export_buf *b)
{
    const rules_sheet *rs = x->rs;
    const char *customer = x->ws->customer[0] ? x->ws->customer : NULL;
    eb_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
          "<meta charset=\"utf-8\">\n<title>Firewall worksheet: ");
    h(b, x->ws->name);
    if (customer) {
        eb_puts(b, " &ndash; ");
        h(b, customer);
    }
    eb_printf(b, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<header>\n"
               "<h1>Firewall worksheet: ", STYLE);
    h(b, x->ws->name);
    eb_puts(b, "</h1>\n<table class=\"meta\">\n<tr><th>Customer</th><td>");
    h(b, customer ? customer : "(not set)");
    eb_printf(b, "</td></tr>\n<tr><th>Date</th><td>%s</td></tr>\n"
               "<tr><th>Worksheet</th><td>", x->date);
    h(b, x->ws->name);
    eb_printf(b, "</td></tr>\n<tr><th>Contents</th><td>%zu flows, %zu rules, "
               "%zu to-do items</td></tr>\n</table>\n</header>\n<main>\n",
            rs->nflows, rs->nrules, rs->ntodos);
    for (size_t g = 0; g < rs->ngroups; g++)
        rule_table(b, rs, g);
    hosts(b, rs);
    settings(b, &rs->settings);
    eb_puts(b, "<h2>To do</h2>\n");
    if (!rs->ntodos)
        eb_puts(b, "<p>Nothing left to do.</p>\n");
    else
        eb_puts(b, "<ol class=\"todo-list\">\n");
    for (size_t i = 0; i < rs->ntodos; i++) {
        eb_puts(b, "<li>");
        h(b, rs->todos[i].text);
        eb_puts(b, "</li>\n");
    }
    if (rs->ntodos)
        eb_puts(b, "</ol>\n");
    if (rs->nfootnotes)
        eb_puts(b, "<h2>Footnotes</h2>\n<ol class=\"footnotes\">\n");
    for (size_t i = 0; i < rs->nfootnotes; i++) {
        const rules_footnote *n = &rs->footnotes[i];
        eb_printf(b, "<li id=\"fn%zu\">", i + 1);
        h(b, n->mark);
        eb_putc(b, ' ');
        h(b, n->text);
        eb_puts(b, " <span class=\"local\">(");
        h(b, n->document);
        eb_printf(b, " line %d)</span></li>\n", n->line);
    }
    if (rs->nfootnotes)
        eb_puts(b, "</ol>\n");
    eb_printf(b, "</main>\n<footer>Made by portolan %s on %s.</footer>\n"
               "</body>\n</html>\n", x->version, x->generated);
}
