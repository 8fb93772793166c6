/* rules.c - worksheet flows -> merged, coalesced firewall rules with their
 * provenance (see rules.h for what is done and why). No SQL, no printing.
 *
 * The build goes flow by flow: map both devices to hosts, resolve each
 * port range (site defaults, symbolic ports) into what people read and
 * what a firewall matches, then add the flow to the rule of its (source,
 * destination, protocol) once per protocol. finish_rule() coalesces and
 * merges; the to-do list is made last, when rules have their ids. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "rules_int.h"

/* ---- small helpers ------------------------------------------------------ */

char *rb_strdup(builder *b, const char *s)
{
    char *d = strdup(s ? s : "");
    if (!d)
        b->oom = 1;
    return d;
}

char *rb_printf(builder *b, const char *fmt, ...)
{
    va_list ap;
    char *s = NULL;
    va_start(ap, fmt);
    if (vasprintf(&s, fmt, ap) < 0) {
        s = NULL;
        b->oom = 1;
    }
    va_end(ap);
    return s;
}

/* Trimmed, with runs of white space made one space (malloc'd). */
char *rb_normalize(builder *b, const char *s)
{
    char *d = rb_strdup(b, s);
    if (!d)
        return NULL;
    char *w = d;
    int space = 0;
    for (const char *p = s ? s : ""; *p; p++) {
        if (isspace((unsigned char)*p)) {
            space = w != d;
            continue;
        }
        if (space)
            *w++ = ' ';
        space = 0;
        *w++ = *p;
    }
    *w = '\0';
    return d;
}

int rb_str_in(char **v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(v[i], s))
            return 1;
    return 0;
}

void rb_note_add(builder *b, char ***notes, size_t *nnotes, char *note)
{
    if (!note)
        return;
    if (rb_str_in(*notes, *nnotes, note)) {
        free(note);
        return;
    }
    size_t n = *nnotes;
    PUSH(b, *notes, *nnotes, note);
    if (n == *nnotes)
        free(note);
}

/* ---- rules -------------------------------------------------------------- */

static rules_rule *rule_for(builder *b, size_t src, size_t dst, proto_t proto,
                            int local, size_t group)
{
    rules_sheet *sh = b->sh;
    size_t i = rb_rule_find(b, src, dst, proto, local);
    if (i < sh->nrules)
        return &sh->rules[i];
    rules_rule r = {.group = group,
                    .src = src,
                    .dst = dst,
                    .proto = proto,
                    .local = local,
                    .req_level = ""};
    rule_key k = {.local = local};
    size_t n = sh->nrules;
    PUSH(b, sh->rules, sh->nrules, r);
    if (n == sh->nrules)
        return NULL;
    PUSH(b, b->keys, b->nkeys, k);
    if (!b->oom)
        rb_rule_added(b, n);
    return b->oom ? NULL : &sh->rules[n];
}

static int level_rank(const char *l)
{
    return !l                          ? 0
           : !strcmp(l, "mandatory")   ? 3
           : !strcmp(l, "recommended") ? 2
           : !strcmp(l, "optional")    ? 1
                                       : 0;
}

/* Does a resolved range serve protocol proto (a range without protocol
 * serves TCP and UDP)? */
static int serves(const resolved *r, proto_t proto)
{
    return r->proto == proto || (r->proto == PROTO_UNSPEC &&
                                 (proto == PROTO_TCP || proto == PROTO_UDP));
}

/* Add one side's ranges of f for proto to the rule's side and to a leg's
 * port list (fw). *given: the side had a range for the protocol. */
static void add_side(builder *b, const resolved *rv, size_t n, int dst,
                     proto_t proto, rules_ports *side, port_span **fw,
                     size_t *nfw, int *given)
{
    *given = 0;
    for (size_t i = 0; i < n; i++) {
        const resolved *r = &rv[i];
        if (r->dst != dst || !serves(r, proto) || r->kind == PORT_VENDOR ||
            r->kind == PORT_NONE)
            continue;
        *given = 1;
        if (r->kind == PORT_NUMERIC)
            PUSH(b, side->spans, side->nspans, r->doc);
        else
            side->symbols |= 1u << r->kind;
        PUSH(b, *fw, *nfw, r->fw);
    }
    if (!*given)
        side->unspecified = 1;
}

typedef struct {
    const rules_flow_in *f;
    const resolved *rv;
    char **notes;
    size_t nnotes;
    size_t *fns; /* sheet footnote indexes of the flow */
    size_t nfns;
    size_t group;
} flow_ctx;

/* Add flow fc to the rule src -> dst for proto (reverse: the way back). */
static void add_to_rule(builder *b, const flow_ctx *fc, size_t src, size_t dst,
                        proto_t proto, int reverse)
{
    const rules_flow_in *f = fc->f;
    int local = f->direction && !strcmp(f->direction, "local");
    rules_rule *r = rule_for(b, src, dst, proto, local, fc->group);
    if (!r)
        return;
    rules_leg leg = {0};
    int sgiven, dgiven;
    /* the way back swaps the devices, not the ports: both ends use them */
    add_side(b, fc->rv, f->nports, 0, proto, &r->sports, &leg.sport,
             &leg.nsport, &sgiven);
    add_side(b, fc->rv, f->nports, 1, proto, &r->dports, &leg.dport,
             &leg.ndport, &dgiven);
    if (proto == PROTO_ESP || proto == PROTO_ICMP)
        r->sports.unspecified = r->dports.unspecified = 0;
    if (port_spans_coalesce(&leg.sport, &leg.nsport, 0) != ST_OK ||
        port_spans_coalesce(&leg.dport, &leg.ndport, 0) != ST_OK)
        b->oom = 1;
    size_t n = r->nlegs;
    PUSH(b, r->legs, r->nlegs, leg);
    if (n == r->nlegs)
        free(leg.sport), free(leg.dport);
    rules_origin o = {
        .flow = f->id,
        .document = f->document ? f->document : "",
        .product = f->product ? f->product : "",
        .section = f->section ? f->section : "",
        .description = f->description ? f->description : "",
        .line = f->line,
        .reverse = reverse,
    };
    PUSH(b, r->origins, r->norigins, o);
    size_t ri = (size_t)(r - b->sh->rules), own = ri * OWN__COUNT;
    rule_key *k = &b->keys[ri];
    rb_list_add(b, &r->description, &k->description, own + OWN_DESC,
                f->description);
    rb_list_add(b, &r->src_devices, &k->src_devices, own + OWN_SRCDEV,
                reverse ? f->destination : f->source);
    rb_list_add(b, &r->dst_devices, &k->dst_devices, own + OWN_DSTDEV,
                reverse ? f->source : f->destination);
    if (level_rank(f->req_level) > level_rank(r->req_level))
        r->req_level = !strcmp(f->req_level, "mandatory")     ? "mandatory"
                       : !strcmp(f->req_level, "recommended") ? "recommended"
                                                              : "optional";
    for (size_t i = 0; i < fc->nnotes; i++)
        rb_rule_note_add(b, ri, rb_strdup(b, fc->notes[i]));
    if (reverse)
        rb_rule_note_add(b, ri,
                         rb_printf(b,
                                   "The way back of flow %lld (the document "
                                   "says both directions)",
                                   f->id));
    for (size_t i = 0; i < fc->nfns; i++)
        rb_rule_footnote_add(b, ri, fc->fns[i]);
}

/* Which protocols the flow's destination ranges give (bit per proto_t);
 * a range without one gives TCP and UDP. */
static unsigned flow_protocols(const resolved *rv, size_t n, int *vendor,
                               int *unspec)
{
    unsigned mask = 0;
    *vendor = *unspec = 0;
    for (size_t i = 0; i < n; i++) {
        if (!rv[i].dst)
            continue;
        if (rv[i].kind == PORT_VENDOR) {
            *vendor = 1;
            continue;
        }
        if (rv[i].proto == PROTO_UNSPEC) {
            *unspec = 1;
            mask |= 1u << PROTO_TCP | 1u << PROTO_UDP;
        } else {
            mask |= 1u << rv[i].proto;
        }
    }
    return mask;
}

/* A protocol cell saying there is none ("N/A", "n/a"). */
static int protocol_not_applicable(const char *cell)
{
    while (cell && isspace((unsigned char)*cell))
        cell++;
    if (!cell || strncasecmp(cell, "n/a", 3) != 0)
        return 0;
    for (cell += 3; isspace((unsigned char)*cell); cell++)
        ;
    return *cell == '\0';
}

static void add_flow(builder *b, const rules_flow_in *f)
{
    resolved *rv = calloc(f->nports ? f->nports : 1, sizeof *rv);
    flow_ctx fc = {.f = f, .rv = rv};
    if (!rv) {
        b->oom = 1;
        return;
    }
    rb_resolve_ports(b, f, rv, &fc.notes, &fc.nnotes);
    int vendor, unspec;
    unsigned protos = flow_protocols(rv, f->nports, &vendor, &unspec);
    char *w = rb_where(b, f);
    char key[64];
    snprintf(key, sizeof key, "flow:%lld", f->id);
    if (unspec && protocol_not_applicable(f->protocol)) {
        /* "N/A | N/A | Not currently used": nothing to open */
        rb_todo_add(b, TODO_PROTOCOL, key,
                    rb_printf(b,
                              "%s: the protocol is '%s' (%s): no rule made; "
                              "add one by hand if the port is used",
                              w ? w : "", f->protocol, f->description));
        protos &= ~(1u << PROTO_TCP | 1u << PROTO_UDP);
        unspec = 0;
    } else if (vendor || !protos)
        rb_todo_add(
            b, TODO_NO_PORTS, key,
            rb_printf(b,
                      "%s: the document gives %sdestination ports as "
                      "'%s'; %s: find them and add a rule by hand",
                      w ? w : "", protos ? "some " : "no ",
                      f->destination_ports ? f->destination_ports : "",
                      protos ? "the rules have the others" : "no rule made"));
    if (unspec && protos) {
        snprintf(key, sizeof key, "proto:%lld", f->id);
        rb_todo_add(
            b, TODO_PROTOCOL, key,
            rb_printf(b,
                      "%s names no protocol for some ports ('%s'): the "
                      "rules open them for TCP and UDP; confirm which",
                      w ? w : "", f->destination_ports));
        rb_note_add(b, &fc.notes, &fc.nnotes,
                    rb_printf(b,
                              "Flow %lld names no protocol for some ports: "
                              "opened for TCP and UDP",
                              f->id));
    }
    free(w);
    if (protos) {
        for (size_t i = 0; i < f->nnotes; i++) {
            size_t k = rb_footnote_for(b, f->document, &f->notes[i]);
            PUSH(b, fc.fns, fc.nfns, k);
        }
        fc.group = rb_group_for(b, f->product && *f->product ? f->product
                                                             : f->document);
        size_t src = rb_host_for(b, f->source);
        size_t dst = rb_host_for(b, f->destination);
        int both = f->direction && !strcmp(f->direction, "both");
        for (int p = PROTO_TCP; p < PROTO__COUNT && !b->oom; p++) {
            if (!(protos & (1u << p)))
                continue;
            add_to_rule(b, &fc, src, dst, (proto_t)p, 0);
            if (both)
                add_to_rule(b, &fc, dst, src, (proto_t)p, 1);
        }
    }
    for (size_t i = 0; i < fc.nnotes; i++)
        free(fc.notes[i]);
    free(fc.notes);
    free(fc.fns);
    free(rv);
}

/* ---- finishing ---------------------------------------------------------- */

static void finish_rule(builder *b, size_t ri)
{
    rules_rule *r = &b->sh->rules[ri];
    if (port_spans_coalesce(&r->sports.spans, &r->sports.nspans, 1) != ST_OK ||
        port_spans_coalesce(&r->dports.spans, &r->dports.nspans, 1) != ST_OK)
        b->oom = 1;
    /* Parity a firewall cannot match: say the whole range is opened. */
    for (int side = 0; side < 2; side++) {
        const rules_ports *p = side ? &r->dports : &r->sports;
        for (size_t i = 0; i < p->nspans; i++) {
            const port_span *s = &p->spans[i];
            if (s->parity == PARITY_ALL)
                continue;
            char a[40];
            rules_span_text(s, "-", a, sizeof a);
            rb_rule_note_add(b, ri,
                             rb_printf(b,
                                       "%s ports %s: rulesets open %d-%d "
                                       "whole (firewalls do not match even "
                                       "or odd ports)",
                                       side ? "Destination" : "Source", a,
                                       s->lo, s->hi));
        }
    }
    rb_merge_legs(b, r);
}

static int rule_cmp(const void *pa, const void *pb)
{
    const rules_rule *a = pa, *c = pb;
    if (a->group != c->group)
        return a->group < c->group ? -1 : 1;
    return (a->id > c->id) - (a->id < c->id);
}

/* Stable order: by group, then by creation (held in id until now). */
static void sort_rules(rules_sheet *sh)
{
    for (size_t i = 0; i < sh->nrules; i++)
        sh->rules[i].id = (int)i;
    if (sh->nrules > 1)
        qsort(sh->rules, sh->nrules, sizeof *sh->rules, rule_cmp);
    for (size_t i = 0; i < sh->nrules; i++)
        sh->rules[i].id = (int)i + 1;
}

/* For every host, "R1, R4": the rules naming it (not local ones), in
 * rule order. One pass counts, one writes. NULL items for hosts no rule
 * names; free each and the array. */
static char **rules_naming(builder *b)
{
    const rules_sheet *sh = b->sh;
    size_t n = sh->nhosts ? sh->nhosts : 1;
    size_t *len = calloc(n, sizeof *len);
    char **list = calloc(n, sizeof *list);
    if (!len || !list)
        b->oom = 1;
    for (int pass = 0; pass < 2 && !b->oom; pass++) {
        for (size_t h = 0; pass && h < sh->nhosts; h++) {
            if (len[h] && !(list[h] = malloc(len[h] + 1)))
                b->oom = 1;
            len[h] = 0;
        }
        for (size_t i = 0; i < sh->nrules && !b->oom; i++) {
            const rules_rule *r = &sh->rules[i];
            size_t hs[2] = {r->src, r->dst};
            for (int k = 0; !r->local && k < 1 + (r->dst != r->src); k++) {
                char item[32];
                size_t *l = &len[hs[k]];
                int m = snprintf(item, sizeof item, "%sR%d", *l ? ", " : "",
                                 r->id);
                if (pass)
                    memcpy(list[hs[k]] + *l, item, (size_t)m + 1);
                *l += (size_t)m;
            }
        }
    }
    free(len);
    return list;
}

static void host_todos(builder *b)
{
    rules_sheet *sh = b->sh;
    for (size_t i = 0; i < sh->nrules; i++)
        if (!sh->rules[i].local)
            sh->hosts[sh->rules[i].src].used =
                sh->hosts[sh->rules[i].dst].used = 1;
    char **naming = rules_naming(b);
    for (size_t h = 0; h < sh->nhosts && naming; h++) {
        rules_host *x = &sh->hosts[h];
        char *rl = naming[h], key[80];
        if (!x->used)
            continue;
        snprintf(key, sizeof key, "host:%zu", h);
        if (x->kind == RV_PLACEHOLDER)
            rb_todo_add(b, TODO_MAP_ROLE, key,
                        rb_printf(b,
                                  "Map the role '%s' (rules %s) to the "
                                  "customer's address, network, host or zone: "
                                  "portolan sheet set '%s' VALUE",
                                  x->value, rl ? rl : "", x->value));
        else if (x->kind == RV_HOST || x->kind == RV_ZONE)
            rb_todo_add(
                b, TODO_RESOLVE, key,
                rb_printf(b,
                          "Fill in the addresses of %s '%s' (rules "
                          "%s): "
                          "the rulesets match it through a named set that "
                          "is empty until then",
                          x->kind == RV_HOST ? "host" : "zone", x->name,
                          rl ? rl : ""));
    }
    for (size_t h = 0; h < sh->nhosts && naming; h++)
        free(naming[h]);
    free(naming);
}

/* Kinds in order, insertion order within a kind (a stable sort). */
static void sort_todos(builder *b)
{
    rules_sheet *sh = b->sh;
    if (sh->ntodos < 2)
        return;
    rules_todo *v = malloc(sh->ntodos * sizeof *v);
    if (!v) {
        b->oom = 1;
        return;
    }
    size_t at = 0;
    for (int k = TODO_MAP_ROLE; k <= TODO_BAD_SETTING; k++)
        for (size_t i = 0; i < sh->ntodos; i++)
            if ((int)sh->todos[i].kind == k)
                v[at++] = sh->todos[i];
    memcpy(sh->todos, v, at * sizeof *v);
    free(v);
}

status rules_build(const rules_input *in, rules_sheet **out)
{
    builder b = {0};
    *out = NULL;
    if (!(b.sh = calloc(1, sizeof *b.sh)))
        return ST_NOMEM;
    b.sh->nflows = in->nflows;
    rb_settings_read(&b, in);
    rb_read_mappings(&b, in);
    for (size_t i = 0; i < in->nflows && !b.oom; i++)
        add_flow(&b, &in->flows[i]);
    for (size_t i = 0; i < b.sh->nrules && !b.oom; i++)
        finish_rule(&b, i);
    if (!b.oom) {
        sort_rules(b.sh);
        host_todos(&b);
        if (!b.oom)
            sort_todos(&b);
    }
    for (size_t i = 0; i < b.ntodo_keys; i++)
        free(b.todo_keys[i]);
    free(b.todo_keys);
    free(b.maps);
    free(b.keys);
    rb_index_free(&b);
    if (b.oom) {
        rules_free(b.sh);
        return ST_NOMEM;
    }
    *out = b.sh;
    return ST_OK;
}

void rules_free(rules_sheet *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nrules; i++) {
        rules_rule *r = &s->rules[i];
        free(r->sports.spans);
        free(r->dports.spans);
        for (size_t j = 0; j < r->nlegs; j++)
            free(r->legs[j].sport), free(r->legs[j].dport);
        free(r->legs);
        free(r->description);
        free(r->src_devices);
        free(r->dst_devices);
        for (size_t j = 0; j < r->nnotes; j++)
            free(r->notes[j]);
        free(r->notes);
        free(r->origins);
        free(r->footnotes);
    }
    free(s->rules);
    for (size_t i = 0; i < s->ngroups; i++)
        free(s->groups[i]);
    free(s->groups);
    for (size_t i = 0; i < s->nhosts; i++) {
        rules_host *h = &s->hosts[i];
        free(h->value), free(h->name), free(h->role), free(h->devices);
        free(h->ident);
    }
    free(s->hosts);
    for (size_t i = 0; i < s->nfootnotes; i++) {
        rules_footnote *n = &s->footnotes[i];
        free(n->document), free(n->mark), free(n->text);
    }
    free(s->footnotes);
    for (size_t i = 0; i < s->ntodos; i++)
        free(s->todos[i].text);
    free(s->todos);
    free(s->settings.remaps);
    free(s);
}
