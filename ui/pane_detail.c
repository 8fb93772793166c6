/* pane_detail.c - everything about the flow under the cursor: each field
 * in full (wrapped), its parsed port ranges, footnotes, diagnostics, and
 * where it came from. Reads that one flow from db/ when it changes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../src/text.h"
#include "draw.h"
#include "explorer.h"
#include "theme.h"

enum { LABEL_W = 13 };

typedef struct {
    detail_state *d;
    int w, lw;
} builder;

static int label_width(int w)
{
    return w >= 40 ? LABEL_W : w / 3;
}

static void add_line(builder *b, const char *label, const char *text,
                     size_t len, int role, int field)
{
    detail_state *d = b->d;
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 32;
        dline *v = realloc(d->lines, cap * sizeof *v);
        if (!v)
            return;
        d->lines = v;
        d->cap = cap;
    }
    dline *l = &d->lines[d->n];
    l->label = label ? strdup(label) : NULL;
    l->text = strndup(text, len);
    l->role = role;
    l->field = field;
    if (!l->text) {
        free(l->label);
        return;
    }
    d->n++;
}

/* label: value, the value wrapped to the width left of the label. */
static void add_field(builder *b, const char *label, const char *value,
                      int role, int field)
{
    char *tmp;
    const char *s = draw_safe(value ? value : "", &tmp);
    int vw = b->w - b->lw;
    if (vw < 4)
        vw = 4;
    const char *lab = label;
    if (!*s)
        add_line(b, lab, "", 0, role, field);
    while (*s) {
        size_t n = draw_wrap(s, vw);
        add_line(b, lab, s, n, role, field);
        lab = NULL;
        s += n;
        while (*s == ' ')
            s++;
    }
    free(tmp);
}

static void add_heading(builder *b, const char *text)
{
    add_line(b, NULL, text, strlen(text), TH_HEADER, -1);
}

/* The transports, as the table's Proto column shows them, and beside
 * them the protocol cell as the document wrote it ("TCP or TLS", "UDP &
 * TCP", "TVP"), which the table does not show. */
static void add_protocol(builder *b, const db_flow *f)
{
    const char *t = f->transports && *f->transports ? f->transports
                                                    : "(none known)";
    char *text = NULL;
    if (f->protocol && *f->protocol &&
        asprintf(&text, "%s   written: %s", t, f->protocol) < 0)
        text = NULL;
    add_field(b, "Protocol", text ? text : t, TH_NORMAL, FF_PROTO);
    free(text);
}

static int flow_cb(void *ctx, const db_flow *f)
{
    builder *b = ctx;
    char *doc = NULL;
    b->d->marked = f->marked;
    if (asprintf(&doc, "%s, line %d", f->document, f->line) < 0)
        doc = NULL;
    add_field(b, "Document", doc ? doc : f->document, TH_NORMAL, FF_DOC);
    free(doc);
    add_field(b, "Product", f->product, TH_NORMAL, FF_DOC);
    add_field(b, "Section", f->section, TH_NORMAL, FF_DOC);
    add_field(b, "Source", f->source, TH_NORMAL, FF_SRC);
    add_field(b, "Src ports", f->source_ports, TH_NORMAL, FF_SRC);
    add_protocol(b, f);
    add_field(b, "Destination", f->destination, TH_NORMAL, FF_DST);
    add_field(b, "Dst ports", f->destination_ports, TH_NORMAL, FF_DST);
    add_field(b, "Description", f->description, TH_NORMAL, FF_DESC);
    add_field(b, "Requirement", f->requirement,
              theme_req_role(f->req_level), FF_REQ);
    if (f->req_level && *f->req_level)
        add_field(b, "Level", f->req_level, theme_req_role(f->req_level),
                  FF_REQ);
    if (f->direction && *f->direction)
        add_field(b, "Direction", f->direction, TH_NORMAL, -1);
    if (f->marks && *f->marks)
        add_field(b, "Marks", f->marks, TH_NORMAL, -1);
    add_field(b, "Worksheet", f->marked ? "marked" : "not marked",
              f->marked ? TH_MARK : TH_DIM, -1);
    if (f->path && *f->path && strcmp(f->path, f->document) != 0)
        add_field(b, "Path", f->path, TH_DIM, -1);
    return 0;
}

static void ports_text(const db_range *r, char *buf, size_t n)
{
    if (r->kind == PORT_NUMERIC && r->lo == r->hi)
        snprintf(buf, n, "%d", r->lo);
    else if (r->kind == PORT_NUMERIC)
        snprintf(buf, n, "%d-%d", r->lo, r->hi);
    else if (r->kind == PORT_GE1024)
        snprintf(buf, n, ">=1024");
    else
        snprintf(buf, n, "%s", port_kind_name(r->kind));
}

static int range_cb(void *ctx, const db_range *r)
{
    builder *b = ctx;
    char ports[32], line[512];
    ports_text(r, ports, sizeof ports);
    const char *proto = proto_name(r->proto);
    snprintf(line, sizeof line, "%-4s %-11s%s%s%s%s%s%s",
             *proto ? proto : "any", ports,
             r->parity != PARITY_ALL ? " " : "", parity_name(r->parity),
             r->label && *r->label ? "  " : "", r->label ? r->label : "",
             r->marks && *r->marks ? "  marks " : "",
             r->marks ? r->marks : "");
    add_field(b, r->side == SIDE_SRC ? "  source" : "  dest", line,
              TH_NORMAL, -1);
    return 0;
}

static int footnote_cb(void *ctx, const db_footnote *n)
{
    builder *b = ctx;
    char label[32];
    snprintf(label, sizeof label, "  %s", n->mark ? n->mark : "");
    add_field(b, label, n->text, TH_NORMAL, -1);
    return 0;
}

static int diag_cb(void *ctx, const db_diag *g)
{
    builder *b = ctx;
    char label[32];
    snprintf(label, sizeof label, "  %s", g->severity ? g->severity : "");
    char *msg = NULL;
    if (asprintf(&msg, "line %d: %s", g->line, g->message ? g->message : "")
        < 0)
        return 0;
    add_field(b, label, msg,
              g->severity && strcmp(g->severity, "error") == 0 ? TH_ERROR
                                                                : TH_NORMAL,
              -1);
    free(msg);
    return 0;
}


static void clear_lines_from(detail_state *d, size_t from)
{
    for (size_t i = from; i < d->n; i++) {
        free(d->lines[i].label);
        free(d->lines[i].text);
    }
    d->n = from;
}

void detail_free(detail_state *d)
{
    clear_lines_from(d, 0);
    free(d->lines);
    memset(d, 0, sizeof *d);
}

static void rebuild(explorer *ex, long long id, int w)
{
    detail_state *d = &ex->detail;
    builder b = {d, w, label_width(w)};
    if (d->id != id)
        d->top = 0;
    clear_lines_from(d, 0);
    d->id = id;
    d->width = w;
    if (!id)
        return;
    status st = db_flow_get(ex->d, id, flow_cb, &b);
    if (st != ST_OK) {
        char msg[300];
        snprintf(msg, sizeof msg, "cannot read flow #%lld: %s", id,
                 st == ST_NOTFOUND ? "it is no longer in the database"
                                   : db_error(ex->d));
        add_field(&b, NULL, msg, TH_ERROR, -1);
        return;
    }
    size_t before = d->n;
    add_heading(&b, "Port ranges");
    db_flow_ranges(ex->d, id, range_cb, &b);
    if (d->n == before + 1)
        add_field(&b, "", "(none parsed)", TH_DIM, -1);
    before = d->n;
    add_heading(&b, "Footnotes");
    db_flow_footnotes(ex->d, id, footnote_cb, &b);
    if (d->n == before + 1)
        clear_lines_from(d, before);
    before = d->n;
    add_heading(&b, "Diagnostics");
    db_flow_diags(ex->d, id, diag_cb, &b);
    if (d->n == before + 1)
        clear_lines_from(d, before);
}

static size_t spans_in(explorer *ex, const dline *l)
{
    filter_span sp[4];
    if (!ex->m.flt || l->field < 0)
        return 0;
    return filter_spans(ex->m.flt, (filter_field)l->field, l->text, sp, 4);
}

static void detail_draw(explorer *ex, rect r, int focused)
{
    detail_state *d = &ex->detail;
    long long id = ex_current_flow(ex);
    if (id != d->id || r.w != d->width)
        rebuild(ex, id, r.w);
    char title[80];
    if (id)
        snprintf(title, sizeof title, " Detail  flow #%lld%s", id,
                 d->n > (size_t)(r.h - 1) ? "  (scroll: focus + j/k)" : "");
    else
        snprintf(title, sizeof title, " Detail");
    draw_text(r.y, r.x, r.w, title,
              theme_attr(focused ? TH_TITLE_FOCUS : TH_TITLE),
              DRAW_PAD | DRAW_ELLIPSIS);
    size_t h = r.h > 1 ? (size_t)r.h - 1 : 0;
    if (d->n > h && d->top > d->n - h)
        d->top = d->n - h;
    if (d->n <= h)
        d->top = 0;
    if (!id && h)
        draw_text(r.y + 1, r.x + 1, r.w - 1, "No flow selected.",
                  theme_attr(TH_DIM), DRAW_ELLIPSIS);
    int lw = label_width(r.w);
    for (size_t i = 0; i < h && d->top + i < d->n; i++) {
        const dline *l = &d->lines[d->top + i];
        int y = r.y + 1 + (int)i;
        if (l->role == TH_HEADER) {
            draw_text(y, r.x, r.w, l->text, theme_attr(TH_LABEL) | A_BOLD,
                      DRAW_ELLIPSIS);
            continue;
        }
        if (l->label)
            draw_text(y, r.x, lw, l->label, theme_attr(TH_LABEL),
                      DRAW_ELLIPSIS);
        draw_cell(y, r.x + lw, r.w - lw, l->text, theme_attr(l->role),
                  l->field >= 0 ? ex->m.flt : NULL,
                  l->field >= 0 ? (filter_field)l->field : FF_ANY,
                  theme_attr(TH_MATCH), DRAW_ELLIPSIS);
    }
}

/* n / N in the detail pane: scroll to the next line with a match. */
int detail_match_jump(explorer *ex, int dir)
{
    detail_state *d = &ex->detail;
    for (size_t k = 1; k <= d->n; k++) {
        size_t i = dir > 0 ? (d->top + k) % d->n
                           : (d->top + d->n - k % d->n) % d->n;
        if (spans_in(ex, &d->lines[i])) {
            d->top = i;
            return 1;
        }
    }
    ex_message(ex, MSG_INFO, "no match in the detail");
    return 1;
}

static int detail_act(explorer *ex, action a, rect r)
{
    detail_state *d = &ex->detail;
    size_t h = r.h > 1 ? (size_t)r.h - 1 : 1;
    size_t last = d->n > h ? d->n - h : 0;
    switch (a) {
    case ACT_UP: d->top = d->top ? d->top - 1 : 0; return 1;
    case ACT_DOWN: d->top = d->top < last ? d->top + 1 : last; return 1;
    case ACT_PAGE_UP: d->top = d->top > h ? d->top - h : 0; return 1;
    case ACT_PAGE_DOWN: d->top = d->top + h < last ? d->top + h : last;
        return 1;
    case ACT_HOME: d->top = 0; return 1;
    case ACT_END: d->top = last; return 1;
    case ACT_ENTER:
    case ACT_LEFT: ex->focus = ex->detail_from; return 1;
    case ACT_MARK:
        if (d->id)
            ex_mark(ex, d->id, !d->marked);
        return 1;
    default: return 0;
    }
}

static void detail_click(explorer *ex, rect r, int row)
{
    (void)ex;
    (void)r;
    (void)row;
}

static void detail_scroll(explorer *ex, rect r, int delta)
{
    detail_act(ex, delta < 0 ? ACT_UP : ACT_DOWN, r);
}

const pane_ops pane_detail_ops = {"detail", detail_draw, detail_act,
                                  detail_click, detail_scroll};
