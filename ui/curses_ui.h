/* curses_ui.h - the one way ui/ includes curses.
 *
 * curses declares a function filter(void), which collides with the type
 * `filter` of src/filter.h. The function is renamed while curses.h is
 * read (the explorer never calls it), so both can be used in one file. */
#ifndef PORTOLAN_UI_CURSES_UI_H
#define PORTOLAN_UI_CURSES_UI_H

#define filter portolan_curses_filter_unused
#include <curses.h>
#undef filter

#endif
