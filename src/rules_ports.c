/* rules_ports.c - a flow's port ranges as a worksheet sees them: the
 * site's values for configurable defaults (base port, moved ranges) and
 * the explicit ranges symbolic ports (ephemeral, any, >=1024) stand for,
 * with a note for each change and a to-do for each default still to
 * confirm. No SQL, no printing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "rules_int.h"

/* ---- site defaults ------------------------------------------------------ */

void rb_settings_read(builder *b, const rules_input *in)
{
    rules_settings *st = &b->sh->settings;
    st->ephemeral = (port_span){LINUX_EPHEMERAL_LO, LINUX_EPHEMERAL_HI, 0};
    st->any = (port_span){1, 65535, 0};
    st->ge1024 = (port_span){1024, 65535, 0};
    st->base_port = -1;
    for (size_t i = 0; i < in->ndefaults; i++) {
        char key[32], val[32], err[200];
        const rules_kv_in *kv = &in->defaults[i];
        if (rules_default_check(kv->key, kv->value, key, val, err,
                                sizeof err) != ST_OK) {
            char *k = rb_printf(b, "default:%s", kv->key ? kv->key : "");
            rb_todo_add(b, TODO_BAD_SETTING, k ? k : "",
                        rb_printf(b,
                                  "The site default '%s' = '%s' is not valid "
                                  "and is ignored (%s): portolan sheet "
                                  "unset-default '%s'",
                                  kv->key, kv->value, err, kv->key));
            free(k);
            continue;
        }
        int lo = 0, hi = 0;
        if (!strcmp(key, "base-port")) {
            st->base_port = atoi(val);
            continue;
        }
        sscanf(val, "%d-%d", &lo, &hi);
        port_span to = {lo, hi, PARITY_ALL};
        if (!strcmp(key, "ephemeral"))
            st->ephemeral = to;
        else if (!strcmp(key, "any"))
            st->any = to;
        else if (!strcmp(key, "ge1024"))
            st->ge1024 = to;
        else {
            port_span from = {0, 0, PARITY_ALL};
            sscanf(key, "range:%d-%d", &from.lo, &from.hi);
            void *p =
                realloc(st->remaps, (st->nremaps + 1) * sizeof *st->remaps);
            if (!p) {
                b->oom = 1;
                return;
            }
            st->remaps = p;
            st->remaps[st->nremaps].from = from;
            st->remaps[st->nremaps].to = to;
            st->nremaps++;
        }
    }
}

/* The narrowest site range containing lo..hi, or -1. */
static int remap_find(const rules_settings *st, int lo, int hi)
{
    int best = -1;
    for (size_t i = 0; i < st->nremaps; i++) {
        const port_span *f = &st->remaps[i].from;
        if (f->lo <= lo && hi <= f->hi &&
            (best < 0 || f->hi - f->lo < st->remaps[best].from.hi -
                                             st->remaps[best].from.lo))
            best = (int)i;
    }
    return best;
}

/* lo..hi inside from, moved into to: the start keeps its offset from the
 * start; an end within a port of the old end keeps its distance from the
 * end (so 36000-59998 even in 36000-59999 ends at the new end - 1). */
static port_span remap_apply(port_span s, port_span from, port_span to)
{
    int shift = to.lo - from.lo;
    port_span r = s;
    r.lo = s.lo + shift;
    r.hi = from.hi - s.hi <= 1 ? to.hi - (from.hi - s.hi) : s.hi + shift;
    if (s.parity != PARITY_ALL && (shift & 1))
        r.parity = s.parity == PARITY_EVEN ? PARITY_ODD : PARITY_EVEN;
    if (r.hi > to.hi)
        r.hi = to.hi;
    if (r.lo > r.hi) /* the new range is too short for it: all of it */
        r = (port_span){to.lo, to.hi, PARITY_ALL};
    return r;
}

/* ---- resolving a flow's ports ------------------------------------------- */

/* Is this range a default the document says can be changed? */
static int configurable(const rules_flow_in *f, const rules_port_in *p)
{
    if (p->label && (strcasestr(p->label, "configurable") ||
                     strcasestr(p->label, "default range")))
        return 1;
    if (!p->marks || !*p->marks)
        return 0;
    for (size_t i = 0; i < f->nnotes; i++) {
        const char *mk = f->notes[i].mark;
        const char *hit = mk && *mk ? strstr(p->marks, mk) : NULL;
        size_t n = mk ? strlen(mk) : 0;
        /* the whole mark: "**" must not match "*" */
        if (hit && (hit == p->marks || hit[-1] == ' ') &&
            (hit[n] == '\0' || hit[n] == ' ') && f->notes[i].text &&
            strcasestr(f->notes[i].text, "configurable"))
            return 1;
    }
    return 0;
}

/* Where a flow is, for to-do items: "doc.txt line 42 (flow 7)". */
char *rb_where(builder *b, const rules_flow_in *f)
{
    return rb_printf(b, "%s line %d (flow %lld)",
                     f->document ? f->document : "", f->line, f->id);
}

/* A numeric range after the site defaults; adds notes and to-dos. */
static port_span resolve_numeric(builder *b, const rules_flow_in *f,
                                 const rules_port_in *p, char ***notes,
                                 size_t *nnotes)
{
    const rules_settings *st = &b->sh->settings;
    port_span s = {p->lo, p->hi, p->parity};
    char a[40], c[40], *note = NULL;
    if (p->base_offset >= 0) {
        int doc_base = p->lo - p->base_offset;
        if (st->base_port >= 0) {
            s.lo = s.hi = st->base_port + p->base_offset;
            note = rb_printf(b,
                             "Port <PortNumber>+%d is %d at this site (base "
                             "port %d; the document's default is %d)",
                             p->base_offset, s.lo, st->base_port, doc_base);
        } else {
            char *w = rb_where(b, f);
            rb_todo_add(
                b, TODO_CONFIGURABLE, "base-port",
                rb_printf(b,
                          "The base port %d (<PortNumber>+0..+6, %s) "
                          "is a default that can be changed: confirm the "
                          "site's value, or set it with: portolan sheet "
                          "set-default base-port N",
                          doc_base, w ? w : ""));
            free(w);
        }
    } else {
        int r = remap_find(st, p->lo, p->hi);
        if (r >= 0) {
            s = remap_apply(s, st->remaps[r].from, st->remaps[r].to);
            rules_span_text(&(port_span){p->lo, p->hi, p->parity}, "-", a,
                            sizeof a);
            rules_span_text(&s, "-", c, sizeof c);
            char fr[40], to[40];
            rules_span_text(&st->remaps[r].from, "-", fr, sizeof fr);
            rules_span_text(&st->remaps[r].to, "-", to, sizeof to);
            if (strcmp(a, c))
                note = rb_printf(b,
                                 "Ports %s are %s at this site (site range "
                                 "%s for the document's %s)",
                                 a, c, to, fr);
        } else if (configurable(f, p)) {
            char key[48];
            rules_span_text(&(port_span){p->lo, p->hi, 0}, "-", a, sizeof a);
            snprintf(key, sizeof key, "range:%s", a);
            char *w = rb_where(b, f);
            rb_todo_add(
                b, TODO_CONFIGURABLE, key,
                rb_printf(b,
                          "Ports %s (%s) are a default that can be "
                          "changed: confirm the site's range, or set it "
                          "with: portolan sheet set-default %s LO-HI",
                          a, w ? w : "", a));
            free(w);
        }
    }
    if (note && !rb_str_in(*notes, *nnotes, note))
        PUSH(b, *notes, *nnotes, note);
    else
        free(note);
    return s;
}

/* Resolve every range of f into out (f->nports items). */
void rb_resolve_ports(builder *b, const rules_flow_in *f, resolved *out,
                      char ***notes, size_t *nnotes)
{
    const rules_settings *st = &b->sh->settings;
    for (size_t i = 0; i < f->nports; i++) {
        const rules_port_in *p = &f->ports[i];
        resolved *r = &out[i];
        r->dst = p->dst;
        r->proto = p->proto;
        r->kind = p->kind;
        r->doc = r->fw = (port_span){-1, -1, PARITY_ALL};
        const port_span *sym = NULL;
        switch (p->kind) {
        case PORT_NUMERIC:
            r->doc = resolve_numeric(b, f, p, notes, nnotes);
            r->fw = (port_span){r->doc.lo, r->doc.hi, PARITY_ALL};
            break;
        case PORT_GE1024:
            sym = &st->ge1024;
            break;
        case PORT_ANY:
            sym = &st->any;
            break;
        case PORT_EPHEMERAL:
            sym = &st->ephemeral;
            break;
        default:
            break;
        }
        if (sym) {
            char span[40];
            static const char *const word[PORT__COUNT] = {
                [PORT_GE1024] = ">=1024",
                [PORT_ANY] = "any",
                [PORT_EPHEMERAL] = "ephemeral"};
            static const char *const key[PORT__COUNT] = {
                [PORT_GE1024] = "ge1024",
                [PORT_ANY] = "any",
                [PORT_EPHEMERAL] = "ephemeral"};
            r->fw = *sym;
            rules_span_text(sym, "-", span, sizeof span);
            rb_note_add(b, notes, nnotes,
                        rb_printf(b,
                                  "%s ports '%s' mean %s; rulesets use %s "
                                  "(site default '%s')",
                                  p->dst ? "Destination" : "Source",
                                  word[p->kind], rules_symbol_meaning(p->kind),
                                  span, key[p->kind]));
        }
    }
}
