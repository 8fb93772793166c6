/* draw.h - putting document text on the screen safely.
 *
 * Every string from the database goes through here: control characters
 * are shown escaped (text_escape), non-ASCII becomes '?' when the locale is
 * not UTF-8, widths are measured in terminal columns (text_width/text_fit)
 * and nothing is ever written past the width it was given. */
#ifndef PORTOLAN_UI_DRAW_H
#define PORTOLAN_UI_DRAW_H

#include "curses_ui.h"
#include <stddef.h>
#include "../src/filter.h"

enum {
    DRAW_PAD = 1,      /* fill the rest of the width with spaces */
    DRAW_ELLIPSIS = 2  /* end text that does not fit with an ellipsis */
};

/* Text that is safe to show: s itself, or a copy in *tmp (free it; *tmp is
 * set to NULL when no copy was made). Never NULL: "" on out-of-memory. */
const char *draw_safe(const char *s, char **tmp);

/* Draw s at (y, x) in at most w columns with attribute a. Returns the
 * columns used (w when DRAW_PAD). */
int draw_text(int y, int x, int w, const char *s, attr_t a, int flags);

/* The same, with the spans of f's patterns for field (if f is not NULL)
 * drawn with match added to a. */
int draw_cell(int y, int x, int w, const char *s, attr_t a, filter *f,
              filter_field field, attr_t match, int flags);

/* Fill w columns at (y, x) with spaces in attribute a. */
void draw_fill(int y, int x, int w, attr_t a);

/* Byte length of the first line of s that fits in w columns when wrapped
 * at a space (or anywhere if a single word is too long); at least one
 * character when s is not empty. */
size_t draw_wrap(const char *s, int w);

#endif
