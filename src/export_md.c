/* export_md.c - the worksheet as a Markdown document: a table of rules
 * per product, hosts, site values, footnotes (GitHub footnote syntax) and
 * the to-do list as task items. Document text is kept, with Markdown's
 * special characters escaped so it reads as written. */
#include <stdlib.h>
#include <string.h>
#include "export_int.h"

/* Text inside a table cell (or a list item): specials escaped, line
 * breaks as <br>. */
static void md(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '\\': case '`': case '*': case '_': case '[': case ']':
        case '|': case '#': case '~':
            fputc('\\', f);
            fputc(*s, f);
            break;
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '&':
            fputs("&amp;", f);
            break;
        case '\r':
            break;
        case '\n':
            fputs("<br>", f);
            break;
        case '\t':
            fputc(' ', f);
            break;
        default:
            fputc(*s, f);
        }
    }
}

static void host_cell(FILE *f, const rules_host *h, const char *devices)
{
    if (h->kind == RV_PLACEHOLDER) {
        fputs("**TODO** \\[", f);
        md(f, h->value);
        fputs("\\]", f);
    } else {
        md(f, h->kind == RV_ANY ? "any" : h->value);
        if (strcmp(devices, h->value)) {
            fputs("<br>", f);
            md(f, devices);
        }
    }
}

static void rule_row(FILE *f, const rules_sheet *rs, const rules_rule *r)
{
    char buf[2048], proto[8];
    fprintf(f, "| R%d | ", r->id);
    host_cell(f, &rs->hosts[r->src], r->src_devices);
    fputs(" | ", f);
    host_cell(f, &rs->hosts[r->dst], r->dst_devices);
    fprintf(f, " | %s | ", export_proto_upper(r->proto, proto, sizeof proto));
    rules_ports_text(rs, &r->sports, buf, sizeof buf);
    md(f, buf);
    fputs(" | ", f);
    rules_ports_text(rs, &r->dports, buf, sizeof buf);
    md(f, buf);
    fputs(" | ", f);
    for (size_t i = 0; i < r->nlegs; i++) {
        export_leg_text(&r->legs[i], buf, sizeof buf);
        if (i)
            fputs("<br>", f);
        md(f, buf);
    }
    if (r->local)
        fputs(r->nlegs ? "<br>local only" : "local only", f);
    fputs(" | ", f);
    md(f, r->description);
    if (r->req_level[0]) {
        fputs(" (", f);
        md(f, r->req_level);
        fputc(')', f);
    }
    for (size_t i = 0; i < r->nfootnotes; i++)
        fprintf(f, "[^%zu]", r->footnotes[i] + 1);
    fputs(" | ", f);
    for (size_t i = 0; i < r->nnotes; i++) {
        if (i)
            fputs("<br>", f);
        md(f, r->notes[i]);
    }
    fputs(" | ", f);
    char *from = export_origins_grouped(r);
    md(f, from ? from : "");
    free(from);
    fputs(" |\n", f);
}

static void settings(FILE *f, const rules_sheet *rs)
{
    const rules_settings *st = &rs->settings;
    char a[40], b[40];
    fputs("\n## Site values\n\n", f);
    rules_span_text(&st->ephemeral, "-", a, sizeof a);
    fprintf(f, "- Ephemeral ports in rulesets: %s "
               "(`portolan sheet set-default ephemeral LO-HI`)\n", a);
    rules_span_text(&st->any, "-", a, sizeof a);
    fprintf(f, "- \"Any\" ports in rulesets: %s\n", a);
    rules_span_text(&st->ge1024, "-", a, sizeof a);
    fprintf(f, "- \">=1024\" ports in rulesets: %s\n", a);
    if (st->base_port >= 0)
        fprintf(f, "- Base port (&lt;PortNumber&gt;): %d\n", st->base_port);
    for (size_t i = 0; i < st->nremaps; i++) {
        rules_span_text(&st->remaps[i].from, "-", a, sizeof a);
        rules_span_text(&st->remaps[i].to, "-", b, sizeof b);
        fprintf(f, "- The documents' ports %s are %s at this site\n", a, b);
    }
}

static void hosts(FILE *f, const rules_sheet *rs)
{
    fputs("\n## Hosts\n\n| Host | Kind | Stands for |\n|---|---|---|\n", f);
    for (size_t i = 0; i < rs->nhosts; i++) {
        const rules_host *h = &rs->hosts[i];
        if (!h->used)
            continue;
        fputs("| ", f);
        if (h->kind == RV_PLACEHOLDER) {
            fputs("**TODO** \\[", f);
            md(f, h->value);
            fputs("\\]", f);
        } else {
            md(f, h->value);
        }
        fprintf(f, " | %s | ", rules_value_kind_name(h->kind));
        md(f, h->devices);
        fputs(" |\n", f);
    }
}

status export_md(const export_doc *x, FILE *f)
{
    const rules_sheet *rs = x->rs;
    fputs("# Firewall worksheet: ", f);
    md(f, x->ws->name);
    fputs("\n\n- Customer: ", f);
    md(f, x->ws->customer[0] ? x->ws->customer : "(not set)");
    fprintf(f, "\n- Date: %s\n- %zu flows, %zu rules, %zu to-do items\n"
               "- Made by portolan %s\n",
            x->date, rs->nflows, rs->nrules, rs->ntodos, x->version);
    for (size_t g = 0; g < rs->ngroups; g++) {
        fputs("\n## ", f);
        md(f, rs->groups[g]);
        fputs("\n\n| Rule | Source | Destination | Protocol | Source ports "
              "| Destination ports | Firewall (source -> destination ports) "
              "| Purpose | Notes | From |\n"
              "|---|---|---|---|---|---|---|---|---|---|\n",
              f);
        for (size_t i = 0; i < rs->nrules; i++)
            if (rs->rules[i].group == g)
                rule_row(f, rs, &rs->rules[i]);
    }
    hosts(f, rs);
    settings(f, rs);
    fputs("\n## To do\n\n", f);
    if (!rs->ntodos)
        fputs("Nothing left to do.\n", f);
    for (size_t i = 0; i < rs->ntodos; i++) {
        fputs("- [ ] ", f);
        md(f, rs->todos[i].text);
        fputc('\n', f);
    }
    if (rs->nfootnotes)
        fputs("\n## Footnotes\n\n", f);
    for (size_t i = 0; i < rs->nfootnotes; i++) {
        const rules_footnote *n = &rs->footnotes[i];
        char where[48];
        fprintf(f, "[^%zu]: ", i + 1);
        md(f, n->mark);
        fputc(' ', f);
        md(f, n->text);
        fputs(" (", f);
        md(f, n->document);
        snprintf(where, sizeof where, " line %d)\n", n->line);
        fputs(where, f);
    }
    return export_done(f);
}
