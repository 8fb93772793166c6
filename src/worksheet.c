/* worksheet.c - db/ rows of a worksheet -> rules_input -> rules. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "worksheet.h"

/* Flows as rules.c reads them, with the arrays this file fills. */
typedef struct {
    rules_flow_in in;
    rules_port_in *ports;
    size_t nports;
    rules_note_in *notes;
    size_t nnotes;
} flow_buf;

typedef struct {
    char **strs;          /* every copy, freed at the end */
    size_t nstrs;
    flow_buf *flows;
    size_t nflows;
    worksheet *w;
    int oom;
} loader;

static const char *keep(loader *l, const char *s)
{
    char *c = strdup(s ? s : "");
    char **v = c ? realloc(l->strs, (l->nstrs + 1) * sizeof *v) : NULL;
    if (!v) {
        free(c);
        l->oom = 1;
        return "";
    }
    l->strs = v;
    l->strs[l->nstrs++] = c;
    return c;
}

/* Make room for one more item in the malloc'd array arr of n items;
 * false when out of memory (arr unchanged). */
#define GROW(arr, n)                                                     \
    grow_((void *)&(arr), (arr), (n) + 1, sizeof *(arr))
static int grow_(void *where, void *arr, size_t n, size_t size)
{
    void *p = realloc(arr, n * size);
    if (!p)
        return 0;
    memcpy(where, &p, sizeof p);
    return 1;
}

static int sheet_cb(void *ctx, const db_sheet *s)
{
    loader *l = ctx;
    l->w->name = strdup(s->name);
    l->w->customer = strdup(s->customer);
    l->w->created_at = strdup(s->created_at);
    l->w->current = s->current;
    if (!l->w->name || !l->w->customer || !l->w->created_at)
        l->oom = 1;
    return 0;
}

static int flow_cb(void *ctx, const db_flow *f)
{
    loader *l = ctx;
    if (!GROW(l->flows, l->nflows)) {
        l->oom = 1;
        return 1;
    }
    flow_buf *b = &l->flows[l->nflows++];
    memset(b, 0, sizeof *b);
    rules_flow_in *in = &b->in;
    in->id = f->id;
    in->line = f->line;
    in->document = keep(l, f->document);
    in->product = keep(l, f->product);
    in->section = keep(l, f->section);
    in->source = keep(l, f->source);
    in->destination = keep(l, f->destination);
    in->source_ports = keep(l, f->source_ports);
    in->destination_ports = keep(l, f->destination_ports);
    in->protocol = keep(l, f->protocol);
    in->description = keep(l, f->description);
    in->req_level = keep(l, f->req_level);
    in->direction = keep(l, f->direction);
    return l->oom;
}

typedef struct {
    loader *l;
    flow_buf *b;
} flow_ref;

static int range_cb(void *ctx, const db_range *r)
{
    flow_ref *fr = ctx;
    flow_buf *b = fr->b;
    if (!GROW(b->ports, b->nports)) {
        fr->l->oom = 1;
        return 1;
    }
    b->ports[b->nports++] = (rules_port_in){
        .dst = r->side == SIDE_DST, .proto = r->proto, .kind = r->kind,
        .lo = r->lo, .hi = r->hi, .parity = r->parity,
        .label = keep(fr->l, r->label), .marks = keep(fr->l, r->marks),
        .base_offset = r->base_offset,
    };
    return fr->l->oom;
}

static int note_cb(void *ctx, const db_footnote *n)
{
    flow_ref *fr = ctx;
    flow_buf *b = fr->b;
    if (!GROW(b->notes, b->nnotes)) {
        fr->l->oom = 1;
        return 1;
    }
    b->notes[b->nnotes++] = (rules_note_in){
        keep(fr->l, n->mark), keep(fr->l, n->text), n->line};
    return fr->l->oom;
}

typedef struct {
    loader *l;
    worksheet_kv **v;
    size_t *n;
} kv_ref;

static int kv_cb(void *ctx, const char *key, const char *value)
{
    kv_ref *k = ctx;
    if (!GROW(*k->v, *k->n)) {
        k->l->oom = 1;
        return 1;
    }
    worksheet_kv *x = &(*k->v)[(*k->n)++];
    x->key = strdup(key);
    x->value = strdup(value);
    if (!x->key || !x->value)
        k->l->oom = 1;
    return k->l->oom;
}

/* Read everything from the database into l and l->w. */
static status read_all(db *d, const char *name, loader *l)
{
    status s = db_sheet_get(d, name, sheet_cb, l);
    if (s == ST_OK)
        s = db_sheet_flows(d, name, flow_cb, l);
    for (size_t i = 0; s == ST_OK && i < l->nflows; i++) {
        flow_ref fr = {l, &l->flows[i]};
        s = db_flow_ranges(d, l->flows[i].in.id, range_cb, &fr);
        if (s == ST_OK)
            s = db_flow_footnotes(d, l->flows[i].in.id, note_cb, &fr);
    }
    kv_ref roles = {l, &l->w->roles, &l->w->nroles};
    kv_ref defs = {l, &l->w->defaults, &l->w->ndefaults};
    if (s == ST_OK)
        s = db_sheet_roles(d, name, kv_cb, &roles);
    if (s == ST_OK)
        s = db_sheet_defaults(d, name, kv_cb, &defs);
    if (l->oom)
        return ST_NOMEM;
    return s;
}

static status build(loader *l)
{
    worksheet *w = l->w;
    rules_flow_in *flows = calloc(l->nflows ? l->nflows : 1, sizeof *flows);
    rules_kv_in *roles = calloc(w->nroles + 1, sizeof *roles);
    rules_kv_in *defs = calloc(w->ndefaults + 1, sizeof *defs);
    status s = ST_NOMEM;
    if (flows && roles && defs) {
        for (size_t i = 0; i < l->nflows; i++) {
            flows[i] = l->flows[i].in;
            flows[i].ports = l->flows[i].ports;
            flows[i].nports = l->flows[i].nports;
            flows[i].notes = l->flows[i].notes;
            flows[i].nnotes = l->flows[i].nnotes;
        }
        for (size_t i = 0; i < w->nroles; i++)
            roles[i] = (rules_kv_in){w->roles[i].key, w->roles[i].value};
        for (size_t i = 0; i < w->ndefaults; i++)
            defs[i] = (rules_kv_in){w->defaults[i].key,
                                    w->defaults[i].value};
        rules_input in = {flows, l->nflows, roles, w->nroles, defs,
                          w->ndefaults};
        s = rules_build(&in, &w->rules);
    }
    free(flows);
    free(roles);
    free(defs);
    return s;
}

status worksheet_load(db *d, const char *name, worksheet **out, char *err,
                      size_t errlen)
{
    loader l = {0};
    *out = NULL;
    if (!(l.w = calloc(1, sizeof *l.w)))
        return ST_NOMEM;
    status s = read_all(d, name, &l);
    if (s == ST_OK) {
        l.w->nflows = l.nflows;
        s = build(&l);
    }
    if (s != ST_OK && errlen) {
        if (s == ST_NOMEM)
            snprintf(err, errlen, "%s", status_str(s));
        else
            snprintf(err, errlen, "%s", db_error(d));
    }
    for (size_t i = 0; i < l.nflows; i++) {
        free(l.flows[i].ports);
        free(l.flows[i].notes);
    }
    free(l.flows);
    for (size_t i = 0; i < l.nstrs; i++)
        free(l.strs[i]);
    free(l.strs);
    if (s != ST_OK) {
        worksheet_free(l.w);
        return s;
    }
    *out = l.w;
    return ST_OK;
}

void worksheet_free(worksheet *w)
{
    if (!w)
        return;
    free(w->name);
    free(w->customer);
    free(w->created_at);
    for (size_t i = 0; i < w->nroles; i++)
        free(w->roles[i].key), free(w->roles[i].value);
    free(w->roles);
    for (size_t i = 0; i < w->ndefaults; i++)
        free(w->defaults[i].key), free(w->defaults[i].value);
    free(w->defaults);
    rules_free(w->rules);
    free(w);
}
