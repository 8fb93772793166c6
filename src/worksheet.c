/* worksheet.c - db/ rows of a worksheet -> rules_input -> rules. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hidx.h"
#include "worksheet.h"

typedef struct {
    char **blocks;        /* the copies of strings, kept by the worksheet */
    size_t nblocks;
    size_t used, room;    /* in the last block */
    rules_flow_in *flows; /* with their ports and notes, as rules.c reads */
    size_t nflows;
    long long *docs;      /* each flow's document id, while ordering */
    hidx by_id;           /* flow id -> index into flows */
    size_t last;          /* the flow the last range or footnote was of */
    worksheet *w;
    int oom;
} loader;

/* A copy of s (NULL as "") that lives as long as the worksheet: strings
 * are copied into blocks, a million flows' a few hundred mallocs. */
#define BLOCK (256 * 1024)
static const char *keep(loader *l, const char *s)
{
    size_t n = strlen(s ? s : "") + 1;
    if (n > l->room - l->used) {
        size_t size = n > BLOCK ? n : BLOCK;
        char *b = malloc(size);
        char **v = b ? realloc(l->blocks, (l->nblocks + 1) * sizeof *v)
                     : NULL;
        if (!v) {
            free(b);
            l->oom = 1;
            return "";
        }
        l->blocks = v;
        l->blocks[l->nblocks++] = b;
        l->used = 0;
        l->room = size;
    }
    char *c = l->blocks[l->nblocks - 1] + l->used;
    memcpy(c, s ? s : "", n);
    l->used += n;
    return c;
}

/* Make room for one more item in the malloc'd array arr of n items;
 * false when out of memory (arr unchanged). The room is rounded up to a
 * power of two, so that realloc moves a long array only now and then. */
#define GROW(arr, n)                                                     \
    grow_((void *)&(arr), (arr), (n) + 1, sizeof *(arr))
static int grow_(void *where, void *arr, size_t n, size_t size)
{
    size_t room = 1;
    while (room < n)
        room <<= 1;
    void *p = realloc(arr, room * size);
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

/* keep(s), or prev when s is the same text: a column that repeats the
 * previous flow's (its document, section, devices...) is held once. */
static const char *keep_same(loader *l, const char *prev, const char *s)
{
    return prev && !strcmp(prev, s ? s : "") ? prev : keep(l, s);
}

static int flow_cb(void *ctx, const db_flow *f)
{
    loader *l = ctx;
    if (!GROW(l->flows, l->nflows)) {
        l->oom = 1;
        return 1;
    }
    if (!GROW(l->docs, l->nflows)) {
        l->oom = 1;
        return 1;
    }
    l->docs[l->nflows] = f->document_id;
    rules_flow_in *in = &l->flows[l->nflows];
    const rules_flow_in *p = l->nflows ? &l->flows[l->nflows - 1] : NULL;
    l->nflows++;
    memset(in, 0, sizeof *in);
    in->id = f->id;
    in->line = f->line;
    in->document = keep_same(l, p ? p->document : NULL, f->document);
    in->product = keep_same(l, p ? p->product : NULL, f->product);
    in->section = keep_same(l, p ? p->section : NULL, f->section);
    in->source = keep_same(l, p ? p->source : NULL, f->source);
    in->destination = keep_same(l, p ? p->destination : NULL,
                                f->destination);
    in->source_ports = keep_same(l, p ? p->source_ports : NULL,
                                 f->source_ports);
    in->destination_ports = keep_same(l, p ? p->destination_ports : NULL,
                                      f->destination_ports);
    in->protocol = keep_same(l, p ? p->protocol : NULL, f->protocol);
    in->description = keep_same(l, p ? p->description : NULL,
                                f->description);
    in->req_level = keep_same(l, p ? p->req_level : NULL, f->req_level);
    in->direction = keep_same(l, p ? p->direction : NULL, f->direction);
    return l->oom;
}

/* Where a flow goes: by document, line, id (as the worksheet lists
 * them), at: its index as read. */
typedef struct {
    long long doc, id;
    int line;
    size_t at;
} flow_key;

static int key_cmp(const void *pa, const void *pb)
{
    const flow_key *a = pa, *b = pb;
    if (a->doc != b->doc)
        return a->doc < b->doc ? -1 : 1;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    return (a->id > b->id) - (a->id < b->id);
}

/* Put the flows, read by id, in worksheet order (here rather than in
 * SQL, which would sort whole rows). Mostly they already are. */
static void order_flows(loader *l)
{
    size_t n = l->nflows, i = 1;
    flow_key *k = NULL;
    for (; i < n; i++) {
        flow_key a = {l->docs[i - 1], l->flows[i - 1].id,
                      l->flows[i - 1].line, 0};
        flow_key b = {l->docs[i], l->flows[i].id, l->flows[i].line, 0};
        if (key_cmp(&a, &b) > 0)
            break;
    }
    if (i >= n)
        return;
    if (!(k = malloc(n * sizeof *k))) {
        l->oom = 1;
        return;
    }
    for (i = 0; i < n; i++)
        k[i] = (flow_key){l->docs[i], l->flows[i].id, l->flows[i].line, i};
    qsort(k, n, sizeof *k, key_cmp);
    /* flows[i] = the old flows[k[i].at], cycle by cycle, in place */
    for (i = 0; i < n; i++) {
        if (k[i].at == i)
            continue;
        rules_flow_in t = l->flows[i];
        size_t j = i;
        while (k[j].at != i) {
            size_t from = k[j].at;
            l->flows[j] = l->flows[from];
            k[j].at = j;
            j = from;
        }
        l->flows[j] = t;
        k[j].at = j;
    }
    free(k);
}

static uint64_t id_hash(long long id)
{
    return hidx_mix(HIDX_SEED, (uint64_t)id);
}

/* The flow of id (rows come flow after flow: the last one is checked
 * first), or NULL. */
static rules_flow_in *flow_of(loader *l, long long id)
{
    if (l->last < l->nflows && l->flows[l->last].id == id)
        return &l->flows[l->last];
    size_t v;
    uint64_t h = id_hash(id);
    for (size_t pos = 0; hidx_next(&l->by_id, h, &pos, &v);)
        if (l->flows[v].id == id) {
            l->last = v;
            return &l->flows[v];
        }
    return NULL;
}

static int range_cb(void *ctx, const db_range *r)
{
    loader *l = ctx;
    rules_flow_in *f = flow_of(l, r->flow_id);
    /* the arrays are the loader's own, const only to rules.c */
    rules_port_in *ports = f ? (rules_port_in *)f->ports : NULL;
    if (!f)
        return 0;
    if (!GROW(ports, f->nports)) {
        l->oom = 1;
        return 1;
    }
    f->ports = ports;
    ports[f->nports++] = (rules_port_in){
        .dst = r->side == SIDE_DST, .proto = r->proto, .kind = r->kind,
        .lo = r->lo, .hi = r->hi, .parity = r->parity,
        .label = keep(l, r->label), .marks = keep(l, r->marks),
        .base_offset = r->base_offset,
    };
    return l->oom;
}

static int note_cb(void *ctx, const db_footnote *n)
{
    loader *l = ctx;
    rules_flow_in *f = flow_of(l, n->flow_id);
    rules_note_in *notes = f ? (rules_note_in *)f->notes : NULL;
    if (!f)
        return 0;
    if (!GROW(notes, f->nnotes)) {
        l->oom = 1;
        return 1;
    }
    f->notes = notes;
    notes[f->nnotes++] =
        (rules_note_in){keep(l, n->mark), keep(l, n->text), n->line};
    return l->oom;
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
        s = db_sheet_flows_by_id(d, name, flow_cb, l);
    if (s == ST_OK)
        order_flows(l);
    free(l->docs);
    l->docs = NULL;
    /* ranges and footnotes of all flows at once, matched up by flow id */
    for (size_t i = 0; s == ST_OK && !l->oom && i < l->nflows; i++)
        if (hidx_add(&l->by_id, id_hash(l->flows[i].id), i) != ST_OK)
            l->oom = 1;
    if (s == ST_OK && !l->oom)
        s = db_sheet_ranges(d, name, range_cb, l);
    if (s == ST_OK && !l->oom)
        s = db_sheet_footnotes(d, name, note_cb, l);
    hidx_free(&l->by_id); /* not needed while the rules are built */
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
    rules_kv_in *roles = calloc(w->nroles + 1, sizeof *roles);
    rules_kv_in *defs = calloc(w->ndefaults + 1, sizeof *defs);
    status s = ST_NOMEM;
    if (roles && defs) {
        for (size_t i = 0; i < w->nroles; i++)
            roles[i] = (rules_kv_in){w->roles[i].key, w->roles[i].value};
        for (size_t i = 0; i < w->ndefaults; i++)
            defs[i] = (rules_kv_in){w->defaults[i].key,
                                    w->defaults[i].value};
        rules_input in = {l->flows, l->nflows, roles, w->nroles, defs,
                          w->ndefaults};
        s = rules_build(&in, &w->rules);
    }
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
        free((void *)l.flows[i].ports);
        free((void *)l.flows[i].notes);
    }
    free(l.flows);
    hidx_free(&l.by_id);
    /* the rules' origins point into the strings */
    l.w->blocks = l.blocks;
    l.w->nblocks = l.nblocks;
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
    for (size_t i = 0; i < w->nblocks; i++)
        free(w->blocks[i]);
    free(w->blocks);
    free(w);
}
