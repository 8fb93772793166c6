/* pane_flows.c - the flow table: one row per shown flow, columns fitted to
 * the width, the filter's matches highlighted, a mark column, the sort in
 * the header. Draws only the rows on screen. */
#include <stdio.h>
#include <string.h>
#include "../src/text.h"
#include "draw.h"
#include "explorer.h"
#include "theme.h"

/* Rows sampled for the columns' widths: enough for a fair picture, few
 * enough that a frame over a million flows stays quick. */
enum { SAMPLE = 600, MARK_W = 2 };

/* Width limits, and how fast a column grows when there is room. */
static const struct {
    int min, max, weight;
} spec[COL__COUNT] = {
    [COL_DOC] = {6, 16, 1},
    [COL_PROTO] = {5, 12, 1}, [COL_SRC] = {8, 28, 2},
    [COL_SPORT] = {6, 24, 1}, [COL_DST] = {8, 28, 2},
    [COL_DPORT] = {6, 30, 2}, [COL_DESC] = {10, 1000, 2},
    [COL_REQ] = {5, 14, 1},
};
/* Columns given up first when the terminal is narrow. */
static const model_col drop_order[] = {COL_DOC, COL_SPORT, COL_REQ, COL_PROTO,
                                       COL_DESC, COL_DPORT};
/* Who gets spare columns first. */
static const model_col grow_order[] = {COL_DST, COL_SRC, COL_DPORT,
                                       COL_PROTO, COL_SPORT, COL_REQ,
                                       COL_DOC, COL_DESC};

/* Widest text per column over (a sample of) the shown rows. */
static void measure(explorer *ex)
{
    flows_state *fs = &ex->flows;
    model *m = &ex->m;
    if (fs->have_natural && fs->natural_gen == m->gen)
        return;
    size_t n = model_count(m);
    size_t step = n > SAMPLE ? n / SAMPLE : 1;
    for (int c = 0; c < COL__COUNT; c++)
        fs->natural[c] = text_width(model_col_title((model_col)c));
    for (size_t i = 0; i < n; i += step) {
        for (int c = 0; c < COL__COUNT; c++) {
            const char *s = model_cell(m, i, model_col_field((model_col)c));
            int w = text_width(s);
            if (w > fs->natural[c])
                fs->natural[c] = w;
        }
    }
    fs->natural_gen = m->gen;
    fs->have_natural = 1;
}

static int sum_widths(const int *w)
{
    int s = 0, k = 0;
    for (int c = 0; c < COL__COUNT; c++)
        if (w[c]) {
            s += w[c];
            k++;
        }
    return s + (k ? k - 1 : 0); /* one space between columns */
}

/* Column widths for avail columns; 0 for a dropped column. The document
 * column only shows when the flows can come from several documents. */
static void fit_columns(const flows_state *fs, int avail, int one_doc,
                        int *w)
{
    for (int c = 0; c < COL__COUNT; c++)
        w[c] = spec[c].min;
    if (one_doc)
        w[COL_DOC] = 0;
    for (size_t i = 0; i < sizeof drop_order / sizeof drop_order[0]; i++) {
        if (sum_widths(w) <= avail)
            break;
        w[drop_order[i]] = 0;
    }
    while (sum_widths(w) > avail) { /* only source and destination left */
        if (w[COL_SRC] <= 3 && w[COL_DST] <= 3)
            break;
        w[COL_SRC] -= w[COL_SRC] > 3;
        w[COL_DST] -= w[COL_DST] > 3;
    }
    /* Grow every column towards its widest cell, by weight, so that all
     * of them get some of the room. */
    int extra = avail - sum_widths(w);
    for (int grew = 1; extra > 0 && grew;) {
        grew = 0;
        for (size_t i = 0; extra > 0 && i < COL__COUNT; i++) {
            model_col c = grow_order[i];
            int want = fs->natural[c] < spec[c].max ? fs->natural[c]
                                                    : spec[c].max;
            int add = want - w[c];
            if (!w[c] || add <= 0)
                continue;
            if (add > spec[c].weight)
                add = spec[c].weight;
            if (add > extra)
                add = extra;
            w[c] += add;
            extra -= add;
            grew = 1;
        }
    }
    /* Room left over (every cell fits): to the description. */
    if (extra > 0)
        w[w[COL_DESC] ? COL_DESC : COL_DST] += extra;
}

static void draw_header(explorer *ex, rect r, int y, const int *w)
{
    model *m = &ex->m;
    attr_t a = theme_attr(TH_HEADER);
    draw_fill(y, r.x, r.w, a);
    int x = r.x + MARK_W;
    for (int c = 0; c < COL__COUNT; c++) {
        if (!w[c])
            continue;
        char t[64];
        const char *arrow = m->sort_col == c
            ? theme_glyph_str(m->sort_rev ? GL_DOWN : GL_UP) : "";
        snprintf(t, sizeof t, "%s%s", model_col_title((model_col)c), arrow);
        /* Keep the sort arrow visible even in a narrow column. */
        if (*arrow && text_width(t) > w[c]) {
            int aw = text_width(arrow);
            draw_text(y, x, w[c] - aw, model_col_title((model_col)c), a, 0);
            draw_text(y, x + w[c] - aw, aw, arrow, a, 0);
        } else {
            draw_text(y, x, w[c], t, a, DRAW_ELLIPSIS);
        }
        x += w[c] + 1;
    }
}

static void draw_row(explorer *ex, rect r, int y, size_t i, const int *w,
                     int focused)
{
    model *m = &ex->m;
    int is_cur = i == ex->flows.cursor;
    attr_t base = is_cur ? theme_attr(focused ? TH_CURSOR : TH_CURSOR_IDLE)
                         : A_NORMAL;
    attr_t match = theme_attr(TH_MATCH);
    draw_fill(y, r.x, r.w, base);
    if (model_marked(m, i))
        draw_text(y, r.x, 1, theme_glyph_str(GL_MARK),
                  theme_mix(base, theme_attr(TH_MARK)), 0);
    int x = r.x + MARK_W;
    for (int c = 0; c < COL__COUNT; c++) {
        if (!w[c])
            continue;
        attr_t a = base;
        if (c == COL_REQ && !is_cur)
            a = theme_attr(theme_req_role(model_cell(m, i, MF_LEVEL)));
        draw_cell(y, x, w[c], model_cell(m, i, model_col_field((model_col)c)),
                  a, m->flt, model_col_filter((model_col)c), match,
                  DRAW_ELLIPSIS);
        x += w[c] + 1;
    }
}

static void draw_title(explorer *ex, rect r, int focused)
{
    model *m = &ex->m;
    char t[200];
    const char *by = m->sort_col == SORT_NATURAL
        ? (m->port ? "narrowest port range" : "document order")
        : model_col_short((model_col)m->sort_col);
    snprintf(t, sizeof t, " Flows %zu/%zu   sort: %s %s", model_count(m),
             model_total(m), by,
             theme_glyph_str(m->sort_rev ? GL_DOWN : GL_UP));
    draw_text(r.y, r.x, r.w, t,
              theme_attr(focused ? TH_TITLE_FOCUS : TH_TITLE),
              DRAW_PAD | DRAW_ELLIPSIS);
}

static void draw_empty(explorer *ex, rect r, int y)
{
    const char *why;
    if (model_total(&ex->m) == 0 && ex->tree.nnodes[0] <= 1)
        why = "No flows yet: import documents with `portolan import FILE...`";
    else if (model_total(&ex->m) == 0)
        why = "No flows in this scope.";
    else
        why = "No flow matches. Esc clears the filter and the port lookup.";
    draw_text(y, r.x + MARK_W, r.w - MARK_W, why, theme_attr(TH_DIM),
              DRAW_ELLIPSIS);
}

static void flows_draw(explorer *ex, rect r, int focused)
{
    flows_state *fs = &ex->flows;
    int w[COL__COUNT];
    draw_title(ex, r, focused);
    if (r.h < 2)
        return;
    measure(ex);
    fit_columns(fs, r.w - MARK_W, ex->scope.document_id != 0, w);
    draw_header(ex, r, r.y + 1, w);
    size_t n = model_count(&ex->m);
    size_t h = r.h > 2 ? (size_t)r.h - 2 : 0;
    if (n == 0) {
        if (h)
            draw_empty(ex, r, r.y + 2);
        return;
    }
    if (fs->cursor >= n)
        fs->cursor = n - 1;
    ex_list_scroll(fs->cursor, h, n, &fs->top);
    for (size_t i = 0; i < h && fs->top + i < n; i++)
        draw_row(ex, r, r.y + 2 + (int)i, fs->top + i, w, focused);
}

/* Put the cursor on the flow with this id if it is shown, else keep the
 * position within the new list. */
void flows_follow(explorer *ex, long long id)
{
    long i = id ? model_find(&ex->m, id) : -1;
    size_t n = model_count(&ex->m);
    if (i >= 0)
        ex->flows.cursor = (size_t)i;
    else if (ex->flows.cursor >= n)
        ex->flows.cursor = n ? n - 1 : 0;
}

long long flows_cursor_id(explorer *ex)
{
    size_t n = model_count(&ex->m);
    if (!n)
        return 0;
    return model_id(&ex->m, ex->flows.cursor < n ? ex->flows.cursor : n - 1);
}

/* n / N: the next or previous shown flow, wrapping around. */
int flows_match_jump(explorer *ex, int dir)
{
    size_t n = model_count(&ex->m);
    if (!*model_filter_text(&ex->m) && !ex->m.port) {
        ex_message(ex, MSG_INFO, "n and N step through the matches of a "
                   "filter (/) or a port lookup (:)");
        return 1;
    }
    if (n == 0) {
        ex_message(ex, MSG_INFO, "no flow matches");
        return 1;
    }
    size_t c = ex->flows.cursor;
    int wrapped = 0;
    if (dir > 0) {
        wrapped = c + 1 >= n;
        c = wrapped ? 0 : c + 1;
    } else {
        wrapped = c == 0;
        c = wrapped ? n - 1 : c - 1;
    }
    ex->flows.cursor = c;
    ex->detail_from = PANE_FLOWS;
    ex_message(ex, MSG_INFO, "match %zu of %zu%s", c + 1, n,
               wrapped ? (dir > 0 ? " (wrapped to the top)"
                                  : " (wrapped to the bottom)") : "");
    return 1;
}

static int flows_act(explorer *ex, action a, rect r)
{
    flows_state *fs = &ex->flows;
    size_t n = model_count(&ex->m);
    size_t page = r.h > 3 ? (size_t)r.h - 3 : 1;
    if (ex_list_move(a, n, page, &fs->cursor)) {
        ex->detail_from = PANE_FLOWS;
        return 1;
    }
    switch (a) {
    case ACT_ENTER:
        if (n) {
            ex->detail_from = PANE_FLOWS;
            ex->focus = PANE_DETAIL;
        }
        return 1;
    case ACT_LEFT:
        ex->focus = PANE_TREE;
        return 1;
    case ACT_MARK:
        if (!n)
            return 1;
        ex->detail_from = PANE_FLOWS;
        if (ex_mark(ex, model_id(&ex->m, fs->cursor),
                    !model_marked(&ex->m, fs->cursor)) &&
            fs->cursor + 1 < n)
            fs->cursor++;
        return 1;
    default:
        return 0;
    }
}

static void flows_click(explorer *ex, rect r, int row)
{
    flows_state *fs = &ex->flows;
    if (row < 2)
        return;
    size_t i = fs->top + (size_t)row - 2;
    if (i < model_count(&ex->m)) {
        fs->cursor = i;
        ex->detail_from = PANE_FLOWS;
    }
}

static void flows_scroll(explorer *ex, rect r, int delta)
{
    flows_state *fs = &ex->flows;
    size_t n = model_count(&ex->m);
    size_t h = r.h > 2 ? (size_t)r.h - 2 : 1;
    if (delta < 0)
        fs->top = fs->top > (size_t)-delta ? fs->top - (size_t)-delta : 0;
    else if (n > h)
        fs->top = fs->top + (size_t)delta < n - h ? fs->top + (size_t)delta
                                                  : n - h;
    /* The cursor follows the view, as in a pager. */
    if (fs->cursor < fs->top)
        fs->cursor = fs->top;
    if (fs->cursor >= fs->top + h)
        fs->cursor = fs->top + h - 1;
    ex->detail_from = PANE_FLOWS;
}

const pane_ops pane_flows_ops = {"flows", flows_draw, flows_act, flows_click,
                                 flows_scroll};
