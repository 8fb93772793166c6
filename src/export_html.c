/* export_html.c - the worksheet as one self-contained printable HTML page
 * (no scripts, no external assets): title, customer, date, a table of
 * rules per product, hosts, site values, to-do list, footnotes. The CSS
 * prints on A4 landscape with every cell wrapped, never cut off. */
#include <stdlib.h>
#include <string.h>
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

static void h(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        case '\n': fputs("<br>", f); break;
        case '\r': break;
        default:
            /* controls are not allowed in HTML text */
            fputc((unsigned char)*s < 0x20 && *s != '\t' ? ' ' : *s, f);
        }
    }
}

static void host_cell(FILE *f, const rules_host *x, const char *devices)
{
    if (x->kind == RV_PLACEHOLDER) {
        fputs("<span class=\"todo\">TODO</span> [", f);
        h(f, x->value);
        fputc(']', f);
        return;
    }
    fputs("<code>", f);
    h(f, x->kind == RV_ANY ? "any" : x->value);
    fputs("</code><br>", f);
    h(f, devices);
}

static void rule_row(FILE *f, const rules_sheet *rs, const rules_rule *r)
{
    char buf[2048], proto[8];
    fprintf(f, "<tr id=\"R%d\"%s><td>R%d</td><td>", r->id,
            r->local ? " class=\"local\"" : "", r->id);
    host_cell(f, &rs->hosts[r->src], r->src_devices);
    fputs("</td><td>", f);
    host_cell(f, &rs->hosts[r->dst], r->dst_devices);
    fprintf(f, "</td><td>%s</td><td>",
            export_proto_upper(r->proto, proto, sizeof proto));
    rules_ports_text(rs, &r->sports, buf, sizeof buf);
    h(f, buf);
    fputs("</td><td>", f);
    rules_ports_text(rs, &r->dports, buf, sizeof buf);
    h(f, buf);
    fputs("</td><td>", f);
    for (size_t i = 0; i < r->nlegs; i++) {
        export_leg_text(&r->legs[i], buf, sizeof buf);
        fputs(i ? "<br>" : "", f);
        h(f, buf);
    }
    if (r->local)
        fputs("<br>local only: no firewall rule", f);
    fputs("</td><td>", f);
    h(f, r->description);
    if (r->req_level[0]) {
        fputs(" (", f);
        h(f, r->req_level);
        fputc(')', f);
    }
    for (size_t i = 0; i < r->nfootnotes; i++)
        fprintf(f, " <sup><a href=\"#fn%zu\">%zu</a></sup>",
                r->footnotes[i] + 1, r->footnotes[i] + 1);
    fputs("</td><td>", f);
    for (size_t i = 0; i < r->nnotes; i++) {
        fputs(i ? "<br>" : "", f);
        h(f, r->notes[i]);
    }
    fputs("</td><td>", f);
    char *from = export_origins_grouped(r);
    h(f, from ? from : "");
    free(from);
    fputs("</td></tr>\n", f);
}

static void rule_table(FILE *f, const rules_sheet *rs, size_t g)
{
    fputs("<h2>", f);
    h(f, rs->groups[g]);
    fputs("</h2>\n<table class=\"rules\">\n<colgroup>", f);
    for (size_t i = 0; i < sizeof COLS / sizeof COLS[0]; i++)
        fprintf(f, "<col style=\"width:%d%%\">", COLS[i].width);
    fputs("</colgroup>\n<thead><tr>", f);
    for (size_t i = 0; i < sizeof COLS / sizeof COLS[0]; i++)
        fprintf(f, "<th>%s</th>", COLS[i].head);
    fputs("</tr></thead>\n<tbody>\n", f);
    for (size_t i = 0; i < rs->nrules; i++)
        if (rs->rules[i].group == g)
            rule_row(f, rs, &rs->rules[i]);
    fputs("</tbody>\n</table>\n", f);
}

static void hosts(FILE *f, const rules_sheet *rs)
{
    fputs("<h2>Hosts</h2>\n<table class=\"hosts\">\n<colgroup>"
          "<col style=\"width:25%\"><col style=\"width:10%\">"
          "<col style=\"width:65%\"></colgroup>\n<thead><tr><th>Host</th>"
          "<th>Kind</th><th>Stands for</th></tr></thead>\n<tbody>\n", f);
    for (size_t i = 0; i < rs->nhosts; i++) {
        const rules_host *x = &rs->hosts[i];
        if (!x->used)
            continue;
        fputs("<tr><td>", f);
        if (x->kind == RV_PLACEHOLDER) {
            fputs("<span class=\"todo\">TODO</span> [", f);
            h(f, x->value);
            fputc(']', f);
        } else {
            fputs("<code>", f);
            h(f, x->value);
            fputs("</code>", f);
        }
        fprintf(f, "</td><td>%s</td><td>", rules_value_kind_name(x->kind));
        h(f, x->devices);
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody>\n</table>\n", f);
}

static void settings(FILE *f, const rules_settings *st)
{
    char a[40], b[40];
    fputs("<h2>Site values</h2>\n<ul>\n", f);
    rules_span_text(&st->ephemeral, "-", a, sizeof a);
    fprintf(f, "<li>Ephemeral ports in rulesets: %s</li>\n", a);
    rules_span_text(&st->any, "-", a, sizeof a);
    fprintf(f, "<li>&ldquo;Any&rdquo; ports in rulesets: %s</li>\n", a);
    rules_span_text(&st->ge1024, "-", a, sizeof a);
    fprintf(f, "<li>&ldquo;&gt;=1024&rdquo; ports in rulesets: %s</li>\n",
            a);
    if (st->base_port >= 0)
        fprintf(f, "<li>Base port (&lt;PortNumber&gt;): %d</li>\n",
                st->base_port);
    for (size_t i = 0; i < st->nremaps; i++) {
        rules_span_text(&st->remaps[i].from, "-", a, sizeof a);
        rules_span_text(&st->remaps[i].to, "-", b, sizeof b);
        fprintf(f, "<li>The documents&rsquo; ports %s are %s at this "
                   "site</li>\n", a, b);
    }
    fputs("</ul>\n", f);
}

status export_html(const export_doc *x, FILE *f)
{
    const rules_sheet *rs = x->rs;
    const char *customer = x->ws->customer[0] ? x->ws->customer : NULL;
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
          "<meta charset=\"utf-8\">\n<title>Firewall worksheet: ", f);
    h(f, x->ws->name);
    if (customer) {
        fputs(" &ndash; ", f);
        h(f, customer);
    }
    fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<header>\n"
               "<h1>Firewall worksheet: ", STYLE);
    h(f, x->ws->name);
    fputs("</h1>\n<table class=\"meta\">\n<tr><th>Customer</th><td>", f);
    h(f, customer ? customer : "(not set)");
    fprintf(f, "</td></tr>\n<tr><th>Date</th><td>%s</td></tr>\n"
               "<tr><th>Worksheet</th><td>", x->date);
    h(f, x->ws->name);
    fprintf(f, "</td></tr>\n<tr><th>Contents</th><td>%zu flows, %zu rules, "
               "%zu to-do items</td></tr>\n</table>\n</header>\n<main>\n",
            rs->nflows, rs->nrules, rs->ntodos);
    for (size_t g = 0; g < rs->ngroups; g++)
        rule_table(f, rs, g);
    hosts(f, rs);
    settings(f, &rs->settings);
    fputs("<h2>To do</h2>\n", f);
    if (!rs->ntodos)
        fputs("<p>Nothing left to do.</p>\n", f);
    else
        fputs("<ol class=\"todo-list\">\n", f);
    for (size_t i = 0; i < rs->ntodos; i++) {
        fputs("<li>", f);
        h(f, rs->todos[i].text);
        fputs("</li>\n", f);
    }
    if (rs->ntodos)
        fputs("</ol>\n", f);
    if (rs->nfootnotes)
        fputs("<h2>Footnotes</h2>\n<ol class=\"footnotes\">\n", f);
    for (size_t i = 0; i < rs->nfootnotes; i++) {
        const rules_footnote *n = &rs->footnotes[i];
        fprintf(f, "<li id=\"fn%zu\">", i + 1);
        h(f, n->mark);
        fputc(' ', f);
        h(f, n->text);
        fputs(" <span class=\"local\">(", f);
        h(f, n->document);
        fprintf(f, " line %d)</span></li>\n", n->line);
    }
    if (rs->nfootnotes)
        fputs("</ol>\n", f);
    fprintf(f, "</main>\n<footer>Made by portolan %s on %s.</footer>\n"
               "</body>\n</html>\n", x->version, x->generated);
    return export_done(f);
}
