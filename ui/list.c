/* list.c - cursor movement and scrolling shared by the list panes. */
#include "explorer.h"

int ex_list_move(action a, size_t n, size_t page, size_t *cursor)
{
    size_t c = *cursor;
    if (page < 1)
        page = 1;
    switch (a) {
    case ACT_UP: c = c > 0 ? c - 1 : 0; break;
    case ACT_DOWN: c = c + 1 < n ? c + 1 : c; break;
    case ACT_PAGE_UP: c = c > page ? c - page : 0; break;
    case ACT_PAGE_DOWN: c = c + page < n ? c + page : (n ? n - 1 : 0); break;
    case ACT_HOME: c = 0; break;
    case ACT_END: c = n ? n - 1 : 0; break;
    default: return 0;
    }
    *cursor = c;
    return 1;
}

void ex_list_scroll(size_t cursor, size_t h, size_t n, size_t *top)
{
    if (h == 0) {
        *top = cursor;
        return;
    }
    if (cursor < *top)
        *top = cursor;
    else if (cursor >= *top + h)
        *top = cursor - h + 1;
    /* Do not leave empty rows at the bottom when rows are available. */
    if (n > h && *top > n - h)
        *top = n - h;
    if (n <= h)
        *top = 0;
}
