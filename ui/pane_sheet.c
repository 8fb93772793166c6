/* pane_sheet.c - the worksheet: the flows picked so far (the marks, kept
 * in the database), with their count. Space here takes a flow off. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "draw.h"
#include "explorer.h"
#include "theme.h"

typedef struct {
    sheet_row *rows;
    size_t n, cap;
    int oom;
} load_ctx;

/* "src → dst ports  description  (proto)", leaving out empty cells. */
static char *sheet_text(const db_flow *f)
{
    const char *parts[] = {f->source, theme_glyph_str(GL_ARROW),
                           f->destination, f->destination_ports, " ",
                           f->description, f->protocol};
    size_t len = 1;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        len += (parts[i] ? strlen(parts[i]) : 0) + 3;
    char *s = malloc(len);
    if (!s)
        return NULL;
    s[0] = '\0';
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        if (!parts[i] || !*parts[i])
            continue;
        if (i == 6)
            strcat(s, " (");
        else if (*s && i != 4)
            strcat(s, " ");
        strcat(s, parts[i]);
        if (i == 6)
            strcat(s, ")");
    }
    return s;
}

static int sheet_cb(void *ctx, const db_flow *f)
{
    load_ctx *lc = ctx;
    if (lc->n == lc->cap) {
        size_t cap = lc->cap ? lc->cap * 2 : 32;
        sheet_row *v = realloc(lc->rows, cap * sizeof *v);
        if (!v) {
            lc->oom = 1;
            return 1;
        }
        lc->rows = v;
        lc->cap = cap;
    }
    sheet_row *r = &lc->rows[lc->n];
    r->id = f->id;
    r->level = strdup(f->req_level ? f->req_level : "");
    r->text = sheet_text(f);
    if (!r->level || !r->text) {
        free(r->level);
        free(r->text);
        lc->oom = 1;
        return 1;
    }
    lc->n++;
    return 0;
}

static void free_rows(sheet_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(rows[i].text);
        free(rows[i].level);
    }
    free(rows);
}

void sheet_free(sheet_state *s)
{
    free_rows(s->rows, s->n);
    memset(s, 0, sizeof *s);
}

void sheet_reload(explorer *ex)
{
    sheet_state *s = &ex->sheet;
    load_ctx lc = {NULL, 0, 0, 0};
    db_scope sc;
    memset(&sc, 0, sizeof sc);
    sc.marked_only = 1;
    status st = db_flows(ex->d, &sc, sheet_cb, &lc);
    if (lc.oom || (st != ST_OK && st != ST_STOP)) {
        free_rows(lc.rows, lc.n);
        ex_message(ex, MSG_ERROR, "cannot read the worksheet: %s",
                   lc.oom ? "out of memory" : db_error(ex->d));
        return;
    }
    free_rows(s->rows, s->n);
    s->rows = lc.rows;
    s->n = lc.n;
    s->stale = 0;
    if (s->cursor >= s->n)
        s->cursor = s->n ? s->n - 1 : 0;
}

static void sheet_draw(explorer *ex, rect r, int focused)
{
    sheet_state *s = &ex->sheet;
    if (s->stale)
        sheet_reload(ex);
    char title[80];
    snprintf(title, sizeof title, " Worksheet  %zu marked%s", s->n,
             s->n ? "" : "  (Space marks a flow)");
    draw_text(r.y, r.x, r.w, title,
              theme_attr(focused ? TH_TITLE_FOCUS : TH_TITLE),
              DRAW_PAD | DRAW_ELLIPSIS);
    size_t h = r.h > 1 ? (size_t)r.h - 1 : 0;
    ex_list_scroll(s->cursor, h, s->n, &s->top);
    for (size_t i = 0; i < h && s->top + i < s->n; i++) {
        size_t k = s->top + i;
        int y = r.y + 1 + (int)i;
        int is_cur = k == s->cursor;
        attr_t a = is_cur ? theme_attr(focused ? TH_CURSOR : TH_CURSOR_IDLE)
                          : A_NORMAL;
        draw_fill(y, r.x, r.w, a);
        draw_text(y, r.x, 1, theme_glyph_str(GL_MARK),
                  theme_mix(a, theme_attr(TH_MARK)), 0);
        attr_t ta = is_cur ? a
                           : theme_attr(theme_req_role(s->rows[k].level));
        draw_text(y, r.x + 2, r.w - 2, s->rows[k].text, ta, DRAW_ELLIPSIS);
    }
}

static int sheet_act(explorer *ex, action a, rect r)
{
    sheet_state *s = &ex->sheet;
    size_t page = r.h > 2 ? (size_t)r.h - 2 : 1;
    if (ex_list_move(a, s->n, page, &s->cursor)) {
        ex->detail_from = PANE_SHEET;
        return 1;
    }
    switch (a) {
    case ACT_ENTER:
        if (s->n) {
            ex->detail_from = PANE_SHEET;
            ex->focus = PANE_DETAIL;
        }
        return 1;
    case ACT_LEFT:
        ex->focus = PANE_FLOWS;
        return 1;
    case ACT_MARK:
        if (s->n && ex_mark(ex, s->rows[s->cursor].id, 0))
            ex_message(ex, MSG_INFO, "taken off the worksheet");
        return 1;
    default:
        return 0;
    }
}

static void sheet_click(explorer *ex, rect r, int row)
{
    sheet_state *s = &ex->sheet;
    if (row >= 1 && s->top + (size_t)row - 1 < s->n) {
        s->cursor = s->top + (size_t)row - 1;
        ex->detail_from = PANE_SHEET;
    }
}

static void sheet_scroll(explorer *ex, rect r, int delta)
{
    sheet_act(ex, delta < 0 ? ACT_UP : ACT_DOWN, r);
}

const pane_ops pane_sheet_ops = {"worksheet", sheet_draw, sheet_act,
                                 sheet_click, sheet_scroll};
