/* export_csv.c - the worksheet as RFC 4180 CSV for a spreadsheet: a
 * header, one row per rule with every field and its provenance, then one
 * row per to-do item. Every field is quoted, quotes doubled, records end
 * in CRLF; lists inside a field are one item per line. */
#include <stdio.h>
#include "export_int.h"

static const char *const HEADS[] = {
    "record", "rule", "product", "source", "source_kind", "source_role",
    "source_devices", "destination", "destination_kind", "destination_role",
    "destination_devices", "protocol", "source_ports", "destination_ports",
    "firewall", "description", "requirement", "local", "notes", "footnotes",
    "flows", "provenance"};
#define NCOLS (sizeof HEADS / sizeof HEADS[0])

/* A cell: quoted, quotes doubled; the last ends the record. */
static void field(export_buf *b, const char *s, int last)
{
    eb_putc(b, '"');
    eb_csv_text(b, s);
    if (last)
        eb_put(b, "\"\r\n", 3);
    else
        eb_put(b, "\",", 2);
}

static void record(export_buf *b, const char *const *cells)
{
    for (size_t i = 0; i < NCOLS; i++)
        field(b, cells[i], i + 1 == NCOLS);
}

/* The rule's list cells, one item per line (flows: on one line), each
 * written between its quotes. */
static void legs(export_buf *b, const rules_sheet *rs, const rules_rule *r)
{
    for (size_t i = 0; i < r->nlegs; i++) {
        char leg[1200];
        export_leg_text(&r->legs[i], leg, sizeof leg);
        if (i)
            eb_putc(b, '\n');
        eb_puts(b, leg);
    }
}

static void notes(export_buf *b, const rules_sheet *rs, const rules_rule *r)
{
    for (size_t i = 0; i < r->nnotes; i++) {
        if (i)
            eb_putc(b, '\n');
        eb_csv_text(b, r->notes[i]);
    }
}

static void footnotes(export_buf *b, const rules_sheet *rs,
                      const rules_rule *r)
{
    for (size_t i = 0; i < r->nfootnotes; i++) {
        const rules_footnote *n = &rs->footnotes[r->footnotes[i]];
        if (i)
            eb_putc(b, '\n');
        eb_putc(b, '[');
        eb_int(b, (long long)r->footnotes[i] + 1);
        eb_put(b, "] ", 2);
        eb_csv_text(b, n->mark);
        eb_putc(b, ' ');
        eb_csv_text(b, n->text);
        eb_put(b, " (", 2);
        eb_csv_text(b, n->document);
        eb_put(b, " line ", 6);
        eb_int(b, n->line);
        eb_putc(b, ')');
    }
}

static void flows(export_buf *b, const rules_sheet *rs, const rules_rule *r)
{
    for (size_t i = 0; i < r->norigins; i++) {
        if (i)
            eb_putc(b, ' ');
        eb_int(b, r->origins[i].flow);
    }
}

static const char *csv_esc(unsigned char c)
{
    return c == '"' ? "\"\"" : NULL;
}

static void provenance(export_buf *b, const rules_sheet *rs,
                       const rules_rule *r)
{
    export_origins_text(b, r, "\n", csv_esc);
}

typedef void (*list_fn)(export_buf *, const rules_sheet *,
                        const rules_rule *);

static void list_field(export_buf *b, const rules_sheet *rs,
                       const rules_rule *r, list_fn fn, int last)
{
    eb_putc(b, '"');
    fn(b, rs, r);
    if (last)
        eb_put(b, "\"\r\n", 3);
    else
        eb_put(b, "\",", 2);
}

static void rule_row(export_buf *b, const rules_sheet *rs,
                     const rules_rule *r)
{
    const rules_host *src = &rs->hosts[r->src], *dst = &rs->hosts[r->dst];
    char id[16], sp[2048], dp[2048];
    snprintf(id, sizeof id, "R%d", r->id);
    rules_ports_text(rs, &r->sports, sp, sizeof sp);
    rules_ports_text(rs, &r->dports, dp, sizeof dp);
    const char *cells[] = {
        "rule", id, rs->groups[r->group], src->value,
        rules_value_kind_name(src->kind), src->role ? src->role : "",
        r->src_devices, dst->value, rules_value_kind_name(dst->kind),
        dst->role ? dst->role : "", r->dst_devices,
        rules_proto_name(r->proto), sp, dp};
    for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++)
        field(b, cells[i], 0);
    list_field(b, rs, r, legs, 0);
    field(b, r->description, 0);
    field(b, r->req_level, 0);
    field(b, r->local ? "yes" : "no", 0);
    list_field(b, rs, r, notes, 0);
    list_field(b, rs, r, footnotes, 0);
    list_field(b, rs, r, flows, 0);
    list_field(b, rs, r, provenance, 1);
}

void export_csv(const export_doc *x, export_buf *b)
{
    const rules_sheet *rs = x->rs;
    record(b, HEADS);
    for (size_t i = 0; i < rs->nrules; i++)
        rule_row(b, rs, &rs->rules[i]);
    for (size_t i = 0; i < rs->ntodos; i++) {
        const char *cells[NCOLS] = {"todo"};
        for (size_t c = 1; c < NCOLS; c++)
            cells[c] = "";
        cells[15] = rs->todos[i].text; /* description */
        record(b, cells);
    }
}
