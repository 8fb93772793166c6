/* theme.c - attributes and colours for each screen role, NO_COLOR, and the
 * glyphs for UTF-8 and ASCII terminals. Decides looks, draws nothing. */
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "theme.h"

static attr_t attrs[TH__COUNT];
static int use_color;
static int utf8;

/* Monochrome looks: each role readable without colour. */
static const attr_t mono[TH__COUNT] = {
    [TH_NORMAL] = A_NORMAL,
    [TH_TITLE] = A_UNDERLINE,
    [TH_TITLE_FOCUS] = A_REVERSE | A_BOLD,
    [TH_HEADER] = A_BOLD | A_UNDERLINE,
    [TH_CURSOR] = A_REVERSE | A_BOLD,
    [TH_CURSOR_IDLE] = A_REVERSE,
    [TH_MARK] = A_BOLD,
    [TH_MATCH] = A_BOLD | A_UNDERLINE,
    [TH_REQ_MANDATORY] = A_BOLD,
    [TH_REQ_RECOMMENDED] = A_NORMAL,
    [TH_REQ_OPTIONAL] = A_DIM,
    [TH_STATUS] = A_REVERSE,
    [TH_ERROR] = A_BOLD,
    [TH_INFO] = A_NORMAL,
    [TH_DIM] = A_DIM,
    [TH_LABEL] = A_BOLD,
    [TH_SCOPE] = A_BOLD,
};

/* Colour pairs added on top of the monochrome look (-1: terminal default). */
static const struct {
    theme_role role;
    short fg, bg;
} colors[] = {
    {TH_TITLE, COLOR_CYAN, -1},
    {TH_TITLE_FOCUS, COLOR_BLACK, COLOR_CYAN},
    {TH_HEADER, COLOR_CYAN, -1},
    {TH_CURSOR, COLOR_BLACK, COLOR_CYAN},
    {TH_MARK, COLOR_GREEN, -1},
    {TH_MATCH, COLOR_YELLOW, -1},
    {TH_REQ_MANDATORY, COLOR_RED, -1},
    {TH_REQ_RECOMMENDED, COLOR_YELLOW, -1},
    {TH_REQ_OPTIONAL, COLOR_BLUE, -1},
    {TH_ERROR, COLOR_RED, -1},
    {TH_INFO, COLOR_GREEN, -1},
    {TH_SCOPE, COLOR_GREEN, -1},
    {TH_LABEL, COLOR_CYAN, -1},
};

void theme_init(void)
{
    const char *nc = getenv("NO_COLOR");
    const char *cs = nl_langinfo(CODESET);
    utf8 = cs && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0);
    memcpy(attrs, mono, sizeof attrs);
    use_color = has_colors() && !(nc && *nc);
    if (!use_color || start_color() == ERR) {
        use_color = 0;
        return;
    }
    use_default_colors();
    for (size_t i = 0; i < sizeof colors / sizeof colors[0]; i++) {
        short pair = (short)(i + 1);
        if (pair >= COLOR_PAIRS)
            break;
        if (init_pair(pair, colors[i].fg, colors[i].bg) == ERR)
            continue;
        /* A pair with its own background replaces reverse video. */
        if (colors[i].bg != -1)
            attrs[colors[i].role] &= ~A_REVERSE;
        attrs[colors[i].role] |= COLOR_PAIR(pair);
    }
}

attr_t theme_attr(theme_role r)
{
    return r < TH__COUNT ? attrs[r] : A_NORMAL;
}

attr_t theme_mix(attr_t base, attr_t over)
{
    if (base & A_COLOR)
        return base | (over & ~A_COLOR);
    return base | over;
}

theme_role theme_req_role(const char *level)
{
    if (!level)
        return TH_NORMAL;
    if (strcmp(level, "mandatory") == 0)
        return TH_REQ_MANDATORY;
    if (strcmp(level, "recommended") == 0)
        return TH_REQ_RECOMMENDED;
    if (strcmp(level, "optional") == 0)
        return TH_REQ_OPTIONAL;
    return TH_NORMAL;
}

int theme_has_color(void)
{
    return use_color;
}

int theme_utf8(void)
{
    return utf8;
}

const char *theme_glyph_str(theme_glyph g)
{
    static const char *const u[GL__COUNT] = {"…", "●", "▲", "▼", "→", "▶",
                                             "│", "─", "┌", "┐", "└", "┘"};
    static const char *const a[GL__COUNT] = {"~", "*", "^", "v", "->", ">",
                                             "|", "-", "+", "+", "+", "+"};
    if (g >= GL__COUNT)
        return "";
    return utf8 ? u[g] : a[g];
}
