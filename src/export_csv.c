/* export_csv.c - the worksheet as RFC 4180 CSV for a spreadsheet: a
 * header, one row per rule with every field and its provenance, then one
 * row per to-do item. Every field is quoted, quotes doubled, records end
 * in CRLF; lists inside a field are one item per line. */
#include <stdlib.h>
#include <string.h>
#include "export_int.h"

static const char *const HEADS[] = {
    "record", "rule", "product", "source", "source_kind", "source_role",
    "source_devices", "destination", "destination_kind", "destination_role",
    "destination_devices", "protocol", "source_ports", "destination_ports",
    "firewall", "description", "requirement", "local", "notes", "footnotes",
    "flows", "provenance"};
#define NCOLS (sizeof HEADS / sizeof HEADS[0])

static void field(FILE *f, const char *s, int last)
{
    fputc('"', f);
    for (; s && *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputs(last ? "\"\r\n" : "\",", f);
}

static void record(FILE *f, const char *const *cells)
{
    for (size_t i = 0; i < NCOLS; i++)
        field(f, cells[i], i + 1 == NCOLS);
}

/* The rule's list fields, each malloc'd (NULL on OOM). */
typedef struct {
    char *firewall, *notes, *footnotes, *flows, *provenance;
} lists;

static char *joined(const rules_sheet *rs, const rules_rule *r, int which)
{
    char *s = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&s, &len);
    if (!m)
        return NULL;
    if (which == 0)
        for (size_t i = 0; i < r->nlegs; i++) {
            char leg[1200];
            export_leg_text(&r->legs[i], leg, sizeof leg);
            fprintf(m, "%s%s", i ? "\n" : "", leg);
        }
    if (which == 1)
        for (size_t i = 0; i < r->nnotes; i++)
            fprintf(m, "%s%s", i ? "\n" : "", r->notes[i]);
    if (which == 2)
        for (size_t i = 0; i < r->nfootnotes; i++) {
            const rules_footnote *n = &rs->footnotes[r->footnotes[i]];
            fprintf(m, "%s[%zu] %s %s (%s line %d)", i ? "\n" : "",
                    r->footnotes[i] + 1, n->mark, n->text, n->document,
                    n->line);
        }
    if (which == 3)
        for (size_t i = 0; i < r->norigins; i++)
            fprintf(m, "%s%lld", i ? " " : "", r->origins[i].flow);
    if (which == 4)
        for (size_t i = 0; i < r->norigins; i++) {
            const rules_origin *o = &r->origins[i];
            fprintf(m, "%s%s:%d (flow %lld%s)", i ? "\n" : "", o->document,
                    o->line, o->flow, o->reverse ? ", way back" : "");
        }
    if (fclose(m) != 0) {
        free(s);
        return NULL;
    }
    return s;
}

static status rule_row(const export_doc *x, const rules_rule *r, FILE *f)
{
    const rules_sheet *rs = x->rs;
    const rules_host *src = &rs->hosts[r->src], *dst = &rs->hosts[r->dst];
    char id[16], sp[2048], dp[2048];
    snprintf(id, sizeof id, "R%d", r->id);
    rules_ports_text(rs, &r->sports, sp, sizeof sp);
    rules_ports_text(rs, &r->dports, dp, sizeof dp);
    lists l = {joined(rs, r, 0), joined(rs, r, 1), joined(rs, r, 2),
               joined(rs, r, 3), joined(rs, r, 4)};
    status s = ST_NOMEM;
    if (l.firewall && l.notes && l.footnotes && l.flows && l.provenance) {
        const char *cells[NCOLS] = {
            "rule", id, rs->groups[r->group], src->value,
            rules_value_kind_name(src->kind), src->role ? src->role : "",
            r->src_devices, dst->value, rules_value_kind_name(dst->kind),
            dst->role ? dst->role : "", r->dst_devices,
            rules_proto_name(r->proto), sp, dp, l.firewall, r->description,
            r->req_level, r->local ? "yes" : "no", l.notes, l.footnotes,
            l.flows, l.provenance};
        record(f, cells);
        s = ST_OK;
    }
    free(l.firewall), free(l.notes), free(l.footnotes), free(l.flows);
    free(l.provenance);
    return s;
}

status export_csv(const export_doc *x, FILE *f)
{
    const rules_sheet *rs = x->rs;
    record(f, HEADS);
    for (size_t i = 0; i < rs->nrules; i++) {
        status s = rule_row(x, &rs->rules[i], f);
        if (s != ST_OK)
            return s;
    }
    for (size_t i = 0; i < rs->ntodos; i++) {
        const char *cells[NCOLS] = {"todo"};
        for (size_t c = 1; c < NCOLS; c++)
            cells[c] = "";
        cells[15] = rs->todos[i].text; /* description */
        record(f, cells);
    }
    return export_done(f);
}
