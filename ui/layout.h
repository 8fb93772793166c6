/* layout.h - where each pane goes for a terminal size.
 *
 * A pure function of the size, the focused pane and whether the worksheet
 * is shown, so it can be reasoned about (and tested) without a terminal.
 * Rows: the panes, then a status line, then the prompt line. A pane whose
 * x is not 0 has a separator column just left of it. */
#ifndef PORTOLAN_UI_LAYOUT_H
#define PORTOLAN_UI_LAYOUT_H

typedef enum {
    PANE_TREE, PANE_FLOWS, PANE_DETAIL, PANE_SHEET, PANE__COUNT
} pane_id;

typedef struct {
    int y, x, h, w;           /* h == 0: hidden */
} rect;

typedef struct {
    rect pane[PANE__COUNT];
    int status_y, prompt_y;
    int too_small;            /* below LAYOUT_MIN_COLS x LAYOUT_MIN_ROWS */
} layout;

#define LAYOUT_MIN_COLS 40
#define LAYOUT_MIN_ROWS 12

void layout_compute(int rows, int cols, int focus, int show_sheet,
                    layout *out);

static inline int rect_has(rect r, int y, int x)
{
    return r.h > 0 && y >= r.y && y < r.y + r.h && x >= r.x && x < r.x + r.w;
}

#endif
