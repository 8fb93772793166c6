/* pane_tree.c - the products pane: documents > products > sections with
 * their flow counts, or (the second view, key d) every device named as a
 * source or destination, its variants ("Expressway-E (public)") folded
 * under it. Choosing a node restricts the flow list. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../src/tally.h"
#include "draw.h"
#include "explorer.h"
#include "theme.h"

typedef struct {
    tnode *v;
    size_t n, cap;
    const tally_pair *sec;    /* flows per section, NULL: not counted yet */
    size_t nsec;
    int doc, product;         /* index of the current parent nodes */
    int group;                /* devices view: the current group's node */
    long long last_doc, last_product;
    int oom;
} build;

static int add_node(build *b, tnode_kind kind, int depth, int parent,
                    const char *label, long long count)
{
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        tnode *v = realloc(b->v, cap * sizeof *v);
        if (!v) {
            b->oom = 1;
            return -1;
        }
        b->v = v;
        b->cap = cap;
    }
    tnode *t = &b->v[b->n];
    memset(t, 0, sizeof *t);
    t->kind = kind;
    t->depth = depth;
    t->parent = parent;
    t->count = count;
    t->label = strdup(label && *label ? label : "(unnamed)");
    if (!t->label) {
        b->oom = 1;
        return -1;
    }
    if (parent >= 0)
        b->v[parent].nchild++;
    return (int)b->n++;
}

static int product_cb(void *ctx, const db_product_row *row)
{
    build *b = ctx;
    /* Counted from the flows in memory once they are read; until then
     * -1, drawn as nothing. */
    long long flows = !b->sec ? -1 : row->section_id
        ? tally_get(b->sec, b->nsec, row->section_id) : 0;
    if (b->doc < 0 || row->document_id != b->last_doc) {
        b->doc = add_node(b, TN_DOC, 0, -1, row->document, b->sec ? 0 : -1);
        if (b->doc < 0)
            return 1;
        b->v[b->doc].doc = row->document_id;
        b->v[b->doc].expanded = 1;
        b->last_doc = row->document_id;
        b->product = -1;
    }
    if (b->product < 0 || row->product_id != b->last_product) {
        b->product = add_node(b, TN_PRODUCT, 1, b->doc, row->product,
                              b->sec ? 0 : -1);
        if (b->product < 0)
            return 1;
        b->v[b->product].doc = row->document_id;
        b->v[b->product].product = row->product_id;
        b->last_product = row->product_id;
    }
    if (flows >= 0) {
        b->v[b->doc].count += flows;
        b->v[b->product].count += flows;
    }
    if (row->section && *row->section) {
        int s = add_node(b, TN_SECTION, 2, b->product, row->section, flows);
        if (s < 0)
            return 1;
        b->v[s].doc = row->document_id;
        b->v[s].product = row->product_id;
        b->v[s].section = row->section_id;
    }
    return 0;
}

/* Groups come first, each followed by its variants (db_devices). */
static int device_cb(void *ctx, const db_device *dev)
{
    build *b = ctx;
    if (!dev->group[0] || b->group < 0) {
        b->group = add_node(b, TN_DEVICE, 0, -1, dev->name, dev->flows);
        return b->group < 0;
    }
    return add_node(b, TN_DEVICE, 1, b->group, dev->name, dev->flows) < 0;
}

static void free_nodes(tnode *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i].label);
    free(v);
}

void tree_free(tree_state *t)
{
    for (int i = 0; i < 2; i++)
        free_nodes(t->nodes[i], t->nnodes[i]);
    free(t->vis);
    memset(t, 0, sizeof *t);
}

static void tree_visible(tree_state *t)
{
    tnode *v = t->nodes[t->view];
    size_t n = t->nnodes[t->view];
    int *vis = realloc(t->vis, (n ? n : 1) * sizeof *vis);
    if (vis)
        t->vis = vis;
    unsigned char *shown = calloc(n ? n : 1, 1);
    if (!vis || !shown) {
        free(shown);
        t->nvis = 0;
        return;
    }
    t->nvis = 0;
    for (size_t i = 0; i < n; i++) {
        int p = v[i].parent;
        shown[i] = p < 0 || (shown[p] && v[p].expanded);
        if (shown[i])
            vis[t->nvis++] = (int)i;
    }
    free(shown);
    if (t->cursor[t->view] >= t->nvis)
        t->cursor[t->view] = t->nvis ? t->nvis - 1 : 0;
}

/* Read both views: documents, products and sections from the database,
 * their counts and the devices from the flows in memory once the model
 * has read them (before that, the products without counts). Returns 0,
 * or -1 (message shown). */
int tree_load(explorer *ex)
{
    tree_state *t = &ex->tree;
    build b[2];
    const flowtab *ft = model_loaded(&ex->m) ? &ex->m.tab : NULL;
    tally_pair *sec = NULL;
    size_t nsec = 0;
    status st = ft ? tally_sections(ft, &sec, &nsec) : ST_OK;
    for (int i = 0; i < 2; i++) {
        memset(&b[i], 0, sizeof b[i]);
        b[i].doc = b[i].product = b[i].group = -1;
        b[i].sec = sec;
        b[i].nsec = nsec;
        add_node(&b[i], TN_ALL, 0, -1, "All flows",
                 ft ? (long long)ft->nrows : -1);
    }
    /* Before the flows are read, only what the first screen shows. */
    if (st == ST_OK)
        st = db_places(ex->d, ft ? 0 : (long long)(LINES > 0 ? LINES : 50) * 2,
                       product_cb, &b[0]);
    if (st == ST_OK && ft)
        st = tally_devices(ft, device_cb, &b[1]);
    free(sec);
    if (st != ST_OK || b[0].oom || b[1].oom) {
        ex_message(ex, MSG_ERROR, "cannot read the products: %s",
                   b[0].oom || b[1].oom ? "out of memory" : db_error(ex->d));
        for (int i = 0; i < 2; i++)
            free_nodes(b[i].v, b[i].n);
        return -1;
    }
    for (int i = 0; i < 2; i++) {
        free_nodes(t->nodes[i], t->nnodes[i]);
        t->nodes[i] = b[i].v;
        t->nnodes[i] = b[i].n;
    }
    t->loaded = 1;
    tree_visible(t);
    return 0;
}

static tnode *cur_node(tree_state *t)
{
    if (t->nvis == 0)
        return NULL;
    return &t->nodes[t->view][t->vis[t->cursor[t->view]]];
}

/* "doc / product / section" for the status line. */
static void node_label(tree_state *t, int idx, char *buf, size_t n)
{
    tnode *v = t->nodes[t->view];
    const char *parts[3] = {NULL, NULL, NULL};
    int k = 0;
    if (v[idx].kind == TN_DEVICE) {
        snprintf(buf, n, "device %s", v[idx].label);
        return;
    }
    for (int i = idx; i >= 0 && k < 3; i = v[i].parent)
        parts[k++] = v[i].label;
    buf[0] = '\0';
    for (int i = k - 1; i >= 0; i--) {
        size_t w = strlen(buf);
        snprintf(buf + w, n - w, "%s%s", i == k - 1 ? "" : " / ", parts[i]);
    }
}

static void choose(explorer *ex)
{
    tree_state *t = &ex->tree;
    tnode *node = cur_node(t);
    if (!node)
        return;
    int idx = t->vis[t->cursor[t->view]];
    db_scope sc;
    memset(&sc, 0, sizeof sc);
    char label[256];
    switch (node->kind) {
    case TN_SECTION: sc.section_id = node->section; /* fall through */
    case TN_PRODUCT: sc.product_id = node->product; /* fall through */
    case TN_DOC: sc.document_id = node->doc; break;
    case TN_DEVICE: sc.device = node->label; break;
    case TN_ALL: break;
    }
    node_label(t, idx, label, sizeof label);
    if (node->nchild && !node->expanded) {
        node->expanded = 1;
        tree_visible(t);
    }
    t->scope_view = t->view;
    t->scope_node = idx;
    ex_set_scope(ex, &sc, label);
    /* When the tree takes the whole width, show the result at once. */
    if (ex->lay.pane[PANE_FLOWS].h == 0)
        ex->focus = PANE_FLOWS;
}

static int tree_act(explorer *ex, action a, rect r)
{
    tree_state *t = &ex->tree;
    size_t *cur = &t->cursor[t->view];
    tnode *node = cur_node(t);
    if (ex_list_move(a, t->nvis, r.h > 1 ? (size_t)r.h - 1 : 1, cur))
        return 1;
    if (!node)
        return 0;
    switch (a) {
    case ACT_ENTER:
        choose(ex);
        return 1;
    case ACT_RIGHT:
        if (node->nchild && !node->expanded) {
            node->expanded = 1;
            tree_visible(t);
        } else if (node->nchild && *cur + 1 < t->nvis) {
            (*cur)++;
        }
        return 1;
    case ACT_LEFT:
        if (node->nchild && node->expanded) {
            node->expanded = 0;
            tree_visible(t);
        } else if (node->parent >= 0) {
            for (size_t i = 0; i < t->nvis; i++)
                if (t->vis[i] == node->parent)
                    *cur = i;
        }
        return 1;
    default:
        return 0;
    }
}

static void draw_row(explorer *ex, rect r, int y, size_t vi, int focused)
{
    tree_state *t = &ex->tree;
    int idx = t->vis[vi];
    tnode *node = &t->nodes[t->view][idx];
    int is_cur = vi == t->cursor[t->view];
    int is_scope = t->scope_view == t->view && t->scope_node == idx;
    attr_t a = is_cur ? theme_attr(focused ? TH_CURSOR : TH_CURSOR_IDLE)
               : is_scope ? theme_attr(TH_SCOPE) : A_NORMAL;
    char count[24] = "";
    if (node->count >= 0)
        snprintf(count, sizeof count, " %lld", node->count);
    int cw = (int)strlen(count);
    draw_fill(y, r.x, r.w, a);
    draw_text(y, r.x, 1, is_scope ? theme_glyph_str(GL_FOCUS) : " ",
              a | (is_scope ? A_BOLD : 0), 0);
    int x = r.x + 1 + node->depth * 2;
    const char *exp = !node->nchild ? "  "
                      : node->expanded ? (theme_utf8() ? "▾ " : "- ")
                                       : (theme_utf8() ? "▸ " : "+ ");
    int lw = r.x + r.w - x - cw;
    if (lw < 4) { /* narrow pane: drop the count first */
        lw = r.x + r.w - x;
        cw = 0;
    }
    if (lw <= 0)
        return;
    x += draw_text(y, x, lw < 2 ? lw : 2, exp, a, 0);
    lw -= 2;
    if (lw > 0)
        draw_text(y, x, lw, node->label, a | (is_scope ? A_BOLD : 0),
                  DRAW_ELLIPSIS);
    if (cw)
        draw_text(y, r.x + r.w - cw, cw, count,
                  is_cur ? a : theme_attr(TH_DIM), 0);
}

static void tree_draw(explorer *ex, rect r, int focused)
{
    tree_state *t = &ex->tree;
    char title[80];
    if (t->view == TREE_PRODUCTS)
        snprintf(title, sizeof title, " Products  (d: devices)");
    else
        snprintf(title, sizeof title, " Devices %zu  (d: products)",
                 t->nnodes[1] ? t->nnodes[1] - 1 : 0);
    draw_text(r.y, r.x, r.w, title,
              theme_attr(focused ? TH_TITLE_FOCUS : TH_TITLE),
              DRAW_PAD | DRAW_ELLIPSIS);
    size_t h = r.h > 1 ? (size_t)r.h - 1 : 0;
    ex_list_scroll(t->cursor[t->view], h, t->nvis, &t->top[t->view]);
    for (size_t i = 0; i < h && t->top[t->view] + i < t->nvis; i++)
        draw_row(ex, r, r.y + 1 + (int)i, t->top[t->view] + i, focused);
}

static void tree_click(explorer *ex, rect r, int row)
{
    tree_state *t = &ex->tree;
    if (row < 1)
        return;
    size_t i = t->top[t->view] + (size_t)row - 1;
    if (i >= t->nvis)
        return;
    int again = i == t->cursor[t->view];
    t->cursor[t->view] = i;
    if (again) /* a second click on the same node chooses it */
        choose(ex);
}

static void tree_scroll(explorer *ex, rect r, int delta)
{
    tree_state *t = &ex->tree;
    ex_list_move(delta < 0 ? ACT_UP : ACT_DOWN, t->nvis, 1,
                 &t->cursor[t->view]);
}

void tree_toggle_view(explorer *ex)
{
    ex->tree.view = !ex->tree.view;
    tree_visible(&ex->tree);
}

const pane_ops pane_tree_ops = {"products", tree_draw, tree_act, tree_click,
                                tree_scroll};
