/* cli_show.c - `portolan show ID`: everything about one flow. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

typedef struct {
    int json, first, n;
} show_ctx;

static void field(const char *name, const char *value)
{
    printf("%-18s ", name);
    out_text(stdout, value);
    putchar('\n');
}

static int flow_cb(void *ctx, const db_flow *f)
{
    show_ctx *s = ctx;
    if (s->json) {
        char line[16];
        snprintf(line, sizeof line, "%d", f->line);
        out_json_kl(stdout, &s->first, "id", f->id);
        out_json_kv(stdout, &s->first, "document", f->document);
        out_json_kv(stdout, &s->first, "path", f->path);
        out_json_kl(stdout, &s->first, "line", f->line);
        out_json_kv(stdout, &s->first, "product", f->product);
        out_json_kv(stdout, &s->first, "section", f->section);
        out_json_kv(stdout, &s->first, "source", f->source);
        out_json_kv(stdout, &s->first, "source_ports", f->source_ports);
        out_json_kv(stdout, &s->first, "destination", f->destination);
        out_json_kv(stdout, &s->first, "destination_ports",
                    f->destination_ports);
        out_json_kv(stdout, &s->first, "protocol", f->protocol);
        out_json_kv(stdout, &s->first, "transports", f->transports);
        out_json_kv(stdout, &s->first, "description", f->description);
        out_json_kv(stdout, &s->first, "requirement", f->requirement);
        out_json_kv(stdout, &s->first, "req_level", f->req_level);
        out_json_kv(stdout, &s->first, "direction", f->direction);
        out_json_kv(stdout, &s->first, "marks", f->marks);
        out_json_kl(stdout, &s->first, "marked", f->marked);
        return 0;
    }
    char id[24], where[512];
    snprintf(id, sizeof id, "%lld", f->id);
    snprintf(where, sizeof where, "%s:%d (%s)", f->document, f->line,
             f->path);
    field("flow", id);
    field("from", where);
    field("product", f->product);
    field("section", f->section);
    field("source", f->source);
    field("source ports", f->source_ports);
    field("destination", f->destination);
    field("destination ports", f->destination_ports);
    field("protocol", f->protocol);
    field("transports", f->transports);
    field("description", f->description);
    field("requirement", f->requirement);
    field("level", f->req_level);
    field("direction", f->direction);
    field("marks", f->marks);
    field("on worksheet", f->marked ? "yes" : "no");
    return 0;
}

static int range_cb(void *ctx, const db_range *r)
{
    show_ctx *s = ctx;
    const char *side = r->side == SIDE_SRC ? "src" : "dst";
    if (s->json) {
        int first = 1;
        fputs(s->n++ ? ",{" : "{", stdout);
        out_json_kv(stdout, &first, "side", side);
        out_json_kv(stdout, &first, "protocol", proto_name(r->proto));
        out_json_kv(stdout, &first, "kind", port_kind_name(r->kind));
        out_json_kl(stdout, &first, "lo", r->lo);
        out_json_kl(stdout, &first, "hi", r->hi);
        out_json_kv(stdout, &first, "parity", parity_name(r->parity));
        out_json_kv(stdout, &first, "label", r->label);
        out_json_kv(stdout, &first, "marks", r->marks);
        putchar('}');
        return 0;
    }
    char ports[32];
    if (r->lo < 0)
        snprintf(ports, sizeof ports, "%s", port_kind_name(r->kind));
    else if (r->lo == r->hi)
        snprintf(ports, sizeof ports, "%d", r->lo);
    else
        snprintf(ports, sizeof ports, "%d-%d", r->lo, r->hi);
    printf("  %s %-4s %-11s %-4s ", side,
           r->proto ? proto_name(r->proto) : "-", ports,
           parity_name(r->parity));
    out_text(stdout, r->label);
    if (r->marks[0]) {
        fputs(" [", stdout);
        out_text(stdout, r->marks);
        putchar(']');
    }
    putchar('\n');
    return 0;
}

static int note_cb(void *ctx, const db_footnote *n)
{
    show_ctx *s = ctx;
    if (s->json) {
        int first = 1;
        fputs(s->n++ ? ",{" : "{", stdout);
        out_json_kv(stdout, &first, "mark", n->mark);
        out_json_kv(stdout, &first, "text", n->text);
        out_json_kl(stdout, &first, "line", n->line);
        putchar('}');
        return 0;
    }
    printf("  ");
    out_text(stdout, n->mark);
    printf(" (line %d) ", n->line);
    out_text(stdout, n->text);
    putchar('\n');
    return 0;
}

static int diag_cb(void *ctx, const db_diag *g)
{
    show_ctx *s = ctx;
    if (s->json) {
        int first = 1;
        fputs(s->n++ ? ",{" : "{", stdout);
        out_json_kl(stdout, &first, "line", g->line);
        out_json_kv(stdout, &first, "severity", g->severity);
        out_json_kv(stdout, &first, "message", g->message);
        putchar('}');
        return 0;
    }
    printf("  line %d: %s: ", g->line, g->severity);
    out_text(stdout, g->message);
    putchar('\n');
    return 0;
}

/* Opening and closing one list of the flow ("ranges", "footnotes"...). */
static void list_open(show_ctx *s, const char *name)
{
    s->n = 0;
    if (s->json)
        printf(",\"%s\":[", name);
    else
        printf("%s:\n", name);
}

static void list_close(const show_ctx *s)
{
    if (s->json)
        putchar(']');
}

int cli_show(const cli_opts *o)
{
    char *end;
    long long id = strtoll(o->args[0], &end, 10);
    if (*end || end == o->args[0] || id <= 0) {
        cli_error("'%s' is not a flow id", o->args[0]);
        return EXIT_TROUBLE;
    }
    db *d = cli_open_db(o, 1);
    if (!d)
        return EXIT_TROUBLE;
    show_ctx s = {o->out == OUT_JSON, 1, 0};
    if (s.json)
        putchar('{');
    status st = db_flow_get(d, id, flow_cb, &s);
    if (st == ST_OK) {
        list_open(&s, "ranges");
        st = db_flow_ranges(d, id, range_cb, &s);
        list_close(&s);
    }
    if (st == ST_OK) {
        list_open(&s, "footnotes");
        st = db_flow_footnotes(d, id, note_cb, &s);
        list_close(&s);
    }
    if (st == ST_OK) {
        list_open(&s, "diagnostics");
        st = db_flow_diags(d, id, diag_cb, &s);
        list_close(&s);
    }
    if (s.json && st != ST_NOTFOUND)
        puts("}");
    db_close(d);
    if (st == ST_NOTFOUND) {
        cli_error("no flow %lld", id);
        return EXIT_NONE;
    }
    if (st != ST_OK) {
        cli_error("%s", status_str(st));
        return EXIT_TROUBLE;
    }
    return EXIT_FOUND;
}
