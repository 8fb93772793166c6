/* layout.c - pane rectangles for a terminal size. Below 100 columns the
 * products pane narrows, below 70 it shows only when focused (in place of
 * the flows); below 20 body rows the detail shows only when focused. */
#include <string.h>
#include "layout.h"

static int clamp(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static rect mk(int y, int x, int h, int w)
{
    rect r = {y, x, h > 0 && w > 0 ? h : 0, w > 0 ? w : 0};
    return r;
}

/* The bottom strip (detail and worksheet) of the right column. */
static int bottom_panes(layout *L, int body, int rx, int rw, int focus,
                        int show_sheet)
{
    if (body < 20) {
        int h;
        int which = focus == PANE_DETAIL ? PANE_DETAIL
                    : (focus == PANE_SHEET || show_sheet) ? PANE_SHEET : -1;
        if (which < 0)
            return 0;
        h = focus == which ? body / 2 : clamp(body / 3, 3, 6);
        L->pane[which] = mk(body - h, rx, h, rw);
        return h;
    }
    if (!show_sheet) {
        int h = clamp(body * 2 / 5, 6, 16);
        L->pane[PANE_DETAIL] = mk(body - h, rx, h, rw);
        return h;
    }
    if (rw >= 80) {
        int h = clamp(body * 2 / 5, 6, 16);
        int sw = rw * 2 / 5;
        int dw = rw - sw - 1;
        L->pane[PANE_DETAIL] = mk(body - h, rx, h, dw);
        L->pane[PANE_SHEET] = mk(body - h, rx + dw + 1, h, sw);
        return h;
    }
    int h = clamp(body / 2, 8, 20);
    int sh = clamp(h * 2 / 5, 3, h - 3);
    L->pane[PANE_SHEET] = mk(body - h, rx, sh, rw);
    L->pane[PANE_DETAIL] = mk(body - h + sh, rx, h - sh, rw);
    return h;
}

void layout_compute(int rows, int cols, int focus, int show_sheet,
                    layout *L)
{
    memset(L, 0, sizeof *L);
    L->status_y = rows - 2;
    L->prompt_y = rows - 1;
    if (rows < LAYOUT_MIN_ROWS || cols < LAYOUT_MIN_COLS) {
        L->too_small = 1;
        return;
    }
    int body = rows - 2;
    int tw = cols >= 100 ? clamp(cols / 4, 26, 40)
             : cols >= 70 ? clamp(cols / 4, 18, 24) : 0;
    if (tw == 0 && focus == PANE_TREE) {
        L->pane[PANE_TREE] = mk(0, 0, body, cols);
        return;
    }
    int rx = 0;
    if (tw) {
        L->pane[PANE_TREE] = mk(0, 0, body, tw);
        rx = tw + 1;
    }
    int rw = cols - rx;
    int bh = bottom_panes(L, body, rx, rw, focus, show_sheet);
    L->pane[PANE_FLOWS] = mk(0, rx, body - bh, rw);
}
