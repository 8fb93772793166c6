/* theme.h - what each thing on screen looks like.
 *
 * Every role has a monochrome look (bold, reverse, underline, dim) that
 * tells it apart on its own; colour, when the terminal has it and NO_COLOR
 * is not set, only adds to that. Glyphs fall back to ASCII when the locale
 * is not UTF-8. */
#ifndef PORTOLAN_UI_THEME_H
#define PORTOLAN_UI_THEME_H

#include "curses_ui.h"

typedef enum {
    TH_NORMAL = 0,
    TH_TITLE,         /* pane title, pane not focused */
    TH_TITLE_FOCUS,   /* pane title, pane focused */
    TH_HEADER,        /* table header */
    TH_CURSOR,        /* cursor row of the focused pane */
    TH_CURSOR_IDLE,   /* cursor row of a pane without focus */
    TH_MARK,          /* the mark glyph of a picked flow */
    TH_MATCH,         /* text matched by the filter */
    TH_REQ_MANDATORY,
    TH_REQ_RECOMMENDED,
    TH_REQ_OPTIONAL,
    TH_STATUS,        /* status line */
    TH_ERROR,         /* error messages */
    TH_INFO,          /* other messages */
    TH_DIM,           /* secondary text: counts, labels */
    TH_LABEL,         /* field labels in the detail pane */
    TH_SCOPE,         /* the tree node the flows are restricted to */
    TH__COUNT
} theme_role;

/* Call once after initscr(). Colours are used when the terminal has them
 * and NO_COLOR is unset or empty. */
void theme_init(void);
attr_t theme_attr(theme_role r);
/* over drawn on base: over's attributes added; over's colour only when
 * base has none (so a match keeps the cursor row's colours). */
attr_t theme_mix(attr_t base, attr_t over);
/* The role for a requirement level ("mandatory", ...), TH_NORMAL if none. */
theme_role theme_req_role(const char *level);
int theme_has_color(void);

/* Glyphs: "…" or "~", "●" or "*", "▲"/"▼" or "^"/"v", "→" or "->",
 * box lines "│─┌┐└┘" or "|-++++". Drawn as text, not the alternate
 * character set, so they survive any terminal that shows UTF-8. */
typedef enum {
    GL_ELLIPSIS, GL_MARK, GL_UP, GL_DOWN, GL_ARROW, GL_FOCUS,
    GL_VLINE, GL_HLINE, GL_TL, GL_TR, GL_BL, GL_BR,
    GL__COUNT
} theme_glyph;
const char *theme_glyph_str(theme_glyph g);
/* Is the terminal's locale UTF-8 (so non-ASCII text can be shown)? */
int theme_utf8(void);

#endif
