/* draw.c - safe, width-exact text output for the panes. */
#include <stdlib.h>
#include <string.h>
#include "../src/text.h"
#include "draw.h"
#include "theme.h"

enum { MAX_SPANS = 32 };

static char *ascii_only(const char *s)
{
    size_t len = strlen(s);
    char *out = malloc(len + 1);
    size_t w = 0;
    if (!out)
        return NULL;
    for (size_t i = 0; i < len;) {
        unsigned cp;
        size_t n = text_utf8_decode(s + i, len - i, &cp);
        out[w++] = n == 1 ? s[i] : '?';
        i += n ? n : 1;
    }
    out[w] = '\0';
    return out;
}

static int has_high(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return 1;
    return 0;
}

const char *draw_safe(const char *s, char **tmp)
{
    *tmp = NULL;
    if (!s)
        return "";
    if (text_needs_escape(s)) {
        *tmp = text_escape(s);
        if (!*tmp)
            return "";
        s = *tmp;
    }
    if (!theme_utf8() && has_high(s)) {
        char *a = ascii_only(s);
        free(*tmp);
        *tmp = a;
        return a ? a : "";
    }
    return s;
}

void draw_fill(int y, int x, int w, attr_t a)
{
    if (w <= 0)
        return;
    attrset(a);
    mvhline(y, x, ' ', w);
    attrset(A_NORMAL);
}

/* Columns taken by the first n bytes of s. */
static int prefix_width(const char *s, size_t n)
{
    char buf[256];
    if (n < sizeof buf) {
        memcpy(buf, s, n);
        buf[n] = '\0';
        return text_width(buf);
    }
    char *copy = strndup(s, n);
    int wd = copy ? text_width(copy) : (int)n;
    free(copy);
    return wd;
}

/* Draw bytes [from, to) of s at the cursor, switching to a|match inside
 * spans. */
static void put_spans(const char *s, size_t from, size_t to, attr_t a,
                      const filter_span *sp, size_t nsp, attr_t match)
{
    size_t pos = from;
    while (pos < to) {
        size_t end = to;
        int in = 0;
        for (size_t i = 0; i < nsp; i++) {
            if (sp[i].start <= pos && pos < sp[i].end) {
                in = 1;
                if (sp[i].end < end)
                    end = sp[i].end;
            } else if (sp[i].start > pos && sp[i].start < end) {
                end = sp[i].start;
            }
        }
        /* Never split a UTF-8 sequence between two segments. */
        while (end < to && ((unsigned char)s[end] & 0xC0) == 0x80)
            end++;
        attrset(in ? theme_mix(a, match) : a);
        addnstr(s + pos, (int)(end - pos));
        pos = end;
    }
}

int draw_cell(int y, int x, int w, const char *s, attr_t a, filter *f,
              filter_field field, attr_t match, int flags)
{
    char *tmp;
    filter_span sp[MAX_SPANS];
    size_t nsp = 0;
    if (w <= 0)
        return 0;
    const char *t = draw_safe(s, &tmp);
    int tw = text_width(t);
    size_t fit;
    int ell = 0;
    if (tw <= w) {
        fit = strlen(t);
    } else if (flags & DRAW_ELLIPSIS) {
        fit = text_fit(t, w - 1);
        ell = 1;
    } else {
        fit = text_fit(t, w);
    }
    if (f && fit > 0)
        nsp = filter_spans(f, field, t, sp, MAX_SPANS);
    move(y, x);
    put_spans(t, 0, fit, a, sp, nsp, match);
    int used = prefix_width(t, fit);
    if (ell) {
        attrset(a);
        addstr(theme_glyph_str(GL_ELLIPSIS));
        used += 1;
    }
    attrset(A_NORMAL);
    free(tmp);
    if ((flags & DRAW_PAD) && used < w) {
        draw_fill(y, x + used, w - used, a);
        used = w;
    }
    return used;
}

int draw_text(int y, int x, int w, const char *s, attr_t a, int flags)
{
    return draw_cell(y, x, w, s, a, NULL, FF_ANY, A_NORMAL, flags);
}

size_t draw_wrap(const char *s, int w)
{
    size_t len = strlen(s);
    size_t fit = text_fit(s, w > 0 ? w : 1);
    if (fit >= len)
        return len;
    if (fit == 0) {
        unsigned cp;
        size_t n = text_utf8_decode(s, len, &cp);
        return n ? n : 1;
    }
    for (size_t i = fit; i > 0; i--)
        if (s[i] == ' ')
            return i;
    return fit;
}
