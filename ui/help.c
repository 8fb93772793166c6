/* help.c - the help overlay, generated from the action list so that it
 * always shows the keys the program really binds. Long help texts wrap
 * onto continuation lines; narrow terminals drop the action names. */
#include <stdio.h>
#include <string.h>
#include "draw.h"
#include "help.h"
#include "keys.h"
#include "theme.h"
#include "ui.h"

enum { KEYS_W = 18, NAME_W = 16, MAX_LINES = 400 };

static const char *const ctx_title[CTX__COUNT] = {
    "Explorer",
    "At the / and : prompts (typing edits the text)",
};

static const char *const notes[] = {
    "Mouse: a click picks a pane or a row (click a tree node again to open "
    "it); the wheel scrolls.",
    "Filter: terms are ANDed; fields src: dst: proto: port: desc: req: doc:;"
    " ! negates a term; lower-case patterns ignore case; port:1720 and "
    "port:5060/udp use the port index.",
    "Proto: each flow's transports, read from its parsed ports (TCP, UDP, "
    "TCP/UDP, ICMP, ESP); the detail shows the protocol cell as written "
    "beside them. proto: matches both, and the port cells' protocol words.",
};

/* One screen line of the overlay. */
typedef struct {
    action a;            /* ACT_NONE: not an action line */
    const char *text;    /* the part of the help (or note) on this line */
    size_t len;
    int first;           /* the first line of its entry: keys shown */
    int role;            /* theme_role */
} help_line;

typedef struct {
    help_line v[MAX_LINES];
    int n;
} help_doc;

static void add(help_doc *d, action a, const char *text, size_t len,
                int first, int role)
{
    if (d->n < MAX_LINES)
        d->v[d->n++] = (help_line){a, text, len, first, role};
}

/* text cut into lines of w columns. */
static void add_wrapped(help_doc *d, action a, const char *text, int w,
                        int role)
{
    int first = 1;
    while (*text || first) {
        size_t n = draw_wrap(text, w);
        add(d, a, text, n, first, role);
        first = 0;
        text += n;
        while (*text == ' ')
            text++;
    }
}

/* The text column starts at this offset for an overlay w wide. */
static int text_x(int w)
{
    return w >= 70 ? KEYS_W + NAME_W : KEYS_W;
}

static void build(help_doc *d, int w)
{
    d->n = 0;
    int tw = w - text_x(w);
    for (int c = 0; c < CTX__COUNT; c++) {
        add(d, ACT_NONE, ctx_title[c], strlen(ctx_title[c]), 1, TH_HEADER);
        for (int a = 1; a < ACT__COUNT; a++)
            if (action_context((action)a) == (action_ctx)c)
                add_wrapped(d, (action)a, action_help((action)a), tw,
                            TH_NORMAL);
    }
    for (size_t i = 0; i < sizeof notes / sizeof notes[0]; i++)
        add_wrapped(d, ACT_NONE, notes[i], w, TH_DIM);
}

static void box_at(int y, int x, int h, int w)
{
    const char *hl = theme_glyph_str(GL_HLINE), *vl = theme_glyph_str(GL_VLINE);
    for (int i = 0; i < h; i++) {
        draw_fill(y + i, x, w, A_NORMAL);
        draw_text(y + i, x, 1, vl, A_NORMAL, 0);
        draw_text(y + i, x + w - 1, 1, vl, A_NORMAL, 0);
    }
    for (int i = 1; i < w - 1; i++) {
        draw_text(y, x + i, 1, hl, A_NORMAL, 0);
        draw_text(y + h - 1, x + i, 1, hl, A_NORMAL, 0);
    }
    draw_text(y, x, 1, theme_glyph_str(GL_TL), A_NORMAL, 0);
    draw_text(y, x + w - 1, 1, theme_glyph_str(GL_TR), A_NORMAL, 0);
    draw_text(y + h - 1, x, 1, theme_glyph_str(GL_BL), A_NORMAL, 0);
    draw_text(y + h - 1, x + w - 1, 1, theme_glyph_str(GL_BR), A_NORMAL, 0);
}

static void draw_line(int y, int x, int w, const help_line *l)
{
    char buf[512], keys[64];
    snprintf(buf, sizeof buf, "%.*s", (int)l->len, l->text);
    if (l->a == ACT_NONE) {
        draw_text(y, x, w, buf, theme_attr((theme_role)l->role), DRAW_ELLIPSIS);
        return;
    }
    int tx = text_x(w);
    if (l->first) {
        action_keys_label(l->a, " ", keys, sizeof keys);
        draw_text(y, x, KEYS_W - 1, keys, theme_attr(TH_LABEL), DRAW_ELLIPSIS);
        if (tx > KEYS_W)
            draw_text(y, x + KEYS_W, NAME_W - 1, action_name(l->a),
                      theme_attr(TH_DIM), DRAW_ELLIPSIS);
    }
    draw_text(y, x + tx, w - tx, buf, A_NORMAL, DRAW_ELLIPSIS);
}

static int overlay_width(const explorer *ex)
{
    return ex->cols - 4 < 110 ? ex->cols - 4 : 110;
}

void help_draw(explorer *ex)
{
    help_doc doc;
    int w = overlay_width(ex);
    int h = ex->rows - 2;
    if (w < 30 || h < 5)
        return;
    build(&doc, w - 4);
    int x = (ex->cols - w) / 2;
    int inner = h - 2;
    if (doc.n <= inner)
        ex->help_top = 0;
    else if (ex->help_top > (size_t)(doc.n - inner))
        ex->help_top = (size_t)(doc.n - inner);
    box_at(0, x, h, w);
    char title[80];
    snprintf(title, sizeof title, " Keys%s  j/k scroll, any other key "
             "closes ", doc.n - (int)ex->help_top > inner ? " (more below)"
                                                         : "");
    draw_text(0, x + 2, w - 4, title, theme_attr(TH_TITLE_FOCUS),
              DRAW_ELLIPSIS);
    for (int i = 0; i < inner && (int)ex->help_top + i < doc.n; i++)
        draw_line(1 + i, x + 2, w - 4, &doc.v[ex->help_top + (size_t)i]);
}

void help_key(explorer *ex, int key)
{
    action a = keys_action(CTX_MAIN, key);
    size_t page = ex->rows > 6 ? (size_t)ex->rows - 6 : 1;
    switch (a) {
    case ACT_DOWN: ex->help_top++; break;
    case ACT_UP: ex->help_top -= ex->help_top > 0; break;
    case ACT_PAGE_DOWN: ex->help_top += page; break;
    case ACT_PAGE_UP:
        ex->help_top = ex->help_top > page ? ex->help_top - page : 0;
        break;
    case ACT_HOME: ex->help_top = 0; break;
    case ACT_END: ex->help_top = MAX_LINES; break; /* clamped on draw */
    default: ex->help_open = 0; break;
    }
}

/* ---- the same list outside the explorer ---------------------------------- */

/* roff needs its backslashes, leading dots and hyphens escaped. */
static void roff_text(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '\\')
            fputs("\\e", f);
        else if (*s == '-')
            fputs("\\-", f);
        else
            fputc(*s, f);
    }
}

void ui_keys_print(FILE *f, int roff)
{
    for (int c = 0; c < CTX__COUNT; c++) {
        if (roff)
            fprintf(f, ".SS \"%s\"\n", ctx_title[c]);
        else
            fprintf(f, "%s%s\n", c ? "\n" : "", ctx_title[c]);
        for (int a = 1; a < ACT__COUNT; a++) {
            if (action_context((action)a) != (action_ctx)c)
                continue;
            char keys[64];
            action_keys_label((action)a, ", ", keys, sizeof keys);
            if (roff) {
                fputs(".TP\n.B ", f);
                roff_text(f, keys);
                fputc('\n', f);
                roff_text(f, action_help((action)a));
                fputc('\n', f);
            } else {
                fprintf(f, "  %-16s %-14s %s\n", keys, action_name((action)a),
                        action_help((action)a));
            }
        }
    }
    for (size_t i = 0; i < sizeof notes / sizeof notes[0]; i++) {
        if (roff) {
            fputs(".PP\n", f);
            roff_text(f, notes[i]);
            fputc('\n', f);
        } else {
            fprintf(f, "%s%s\n", i ? "" : "\n", notes[i]);
        }
    }
}
