/* prompt.c - line editing and history for the filter and port prompts. */
#include "curses_ui.h"
#include <stdlib.h>
#include <string.h>
#include "../src/text.h"
#include "draw.h"
#include "keys.h"
#include "prompt.h"
#include "theme.h"

static const char *kind_name(prompt_kind k)
{
    return k == PROMPT_PORT ? "port" : k == PROMPT_EXPORT ? "export" : "filter";
}

char prompt_sigil(prompt_kind kind)
{
    return kind == PROMPT_PORT ? ':' : kind == PROMPT_EXPORT ? '>' : '/';
}

static void set_text(prompt *p, const char *s)
{
    size_t n = strlen(s);
    if (n >= PROMPT_MAX)
        n = PROMPT_MAX - 1;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--; /* do not keep half a character */
    memcpy(p->buf, s, n);
    p->buf[n] = '\0';
    p->len = p->cur = n;
}

static int hist_cb(void *ctx, const char *text)
{
    prompt *p = ctx;
    if (p->nhist >= PROMPT_HIST)
        return 1;
    char *c = strdup(text);
    if (!c)
        return 1;
    p->hist[p->nhist++] = c;
    return 0;
}

static void hist_clear(prompt *p)
{
    for (size_t i = 0; i < p->nhist; i++)
        free(p->hist[i]);
    p->nhist = 0;
}

void prompt_open(prompt *p, prompt_kind kind, const char *text, db *d)
{
    hist_clear(p);
    p->kind = kind;
    p->hpos = -1;
    p->err_col = -1;
    p->draft[0] = '\0';
    set_text(p, text ? text : "");
    if (d)
        db_history(d, kind_name(kind), hist_cb, p);
}

void prompt_close(prompt *p)
{
    hist_clear(p);
    p->kind = PROMPT_NONE;
    p->err_col = -1;
}

void prompt_remember(prompt *p, db *d, int readonly)
{
    if (p->len == 0)
        return;
    if (d && !readonly)
        db_history_add(d, kind_name(p->kind), p->buf);
}

static size_t prev_char(const prompt *p, size_t i)
{
    if (i == 0)
        return 0;
    i--;
    while (i > 0 && ((unsigned char)p->buf[i] & 0xC0) == 0x80)
        i--;
    return i;
}

static size_t next_char(const prompt *p, size_t i)
{
    if (i >= p->len)
        return p->len;
    i++;
    while (i < p->len && ((unsigned char)p->buf[i] & 0xC0) == 0x80)
        i++;
    return i;
}

static void cut(prompt *p, size_t from, size_t to)
{
    memmove(p->buf + from, p->buf + to, p->len - to + 1);
    p->len -= to - from;
    p->cur = from;
}

static int insert(prompt *p, int key)
{
    if (p->len + 1 >= PROMPT_MAX)
        return 0;
    memmove(p->buf + p->cur + 1, p->buf + p->cur, p->len - p->cur + 1);
    p->buf[p->cur++] = (char)key;
    p->len++;
    return 1;
}

static prompt_result history(prompt *p, int dir)
{
    long to = p->hpos + dir;
    if (to < -1 || to >= (long)p->nhist)
        return PR_MOVED;
    if (p->hpos == -1)
        memcpy(p->draft, p->buf, p->len + 1);
    p->hpos = to;
    set_text(p, to == -1 ? p->draft : p->hist[to]);
    return PR_CHANGED;
}

static prompt_result edit(prompt *p, action a)
{
    size_t w;
    switch (a) {
    case PR_ACCEPT: return PR_DONE;
    case PR_CANCEL: return PR_CANCELLED;
    case PR_HIST_PREV: return history(p, +1);
    case PR_HIST_NEXT: return history(p, -1);
    case PR_LEFT: p->cur = prev_char(p, p->cur); return PR_MOVED;
    case PR_RIGHT: p->cur = next_char(p, p->cur); return PR_MOVED;
    case PR_HOME: p->cur = 0; return PR_MOVED;
    case PR_END: p->cur = p->len; return PR_MOVED;
    case PR_BACKSPACE:
        if (p->cur == 0)
            return PR_MOVED;
        cut(p, prev_char(p, p->cur), p->cur);
        return PR_CHANGED;
    case PR_DELETE:
        if (p->cur == p->len)
            return PR_MOVED;
        cut(p, p->cur, next_char(p, p->cur));
        return PR_CHANGED;
    case PR_KILL_START: cut(p, 0, p->cur); return PR_CHANGED;
    case PR_KILL_END:
        p->buf[p->cur] = '\0';
        p->len = p->cur;
        return PR_CHANGED;
    case PR_KILL_WORD:
        w = p->cur;
        while (w > 0 && p->buf[w - 1] == ' ')
            w--;
        while (w > 0 && p->buf[w - 1] != ' ')
            w--;
        cut(p, w, p->cur);
        return PR_CHANGED;
    default: return PR_IGNORED;
    }
}

prompt_result prompt_key(prompt *p, int key)
{
    action a = keys_action(CTX_PROMPT, key);
    if (a != ACT_NONE) {
        prompt_result r = edit(p, a);
        if (r == PR_CHANGED && a != PR_HIST_PREV && a != PR_HIST_NEXT)
            p->hpos = -1;
        return r;
    }
    /* Printable ASCII and the bytes of a UTF-8 character as typed. */
    if ((key >= 0x20 && key < 0x7f) || (key >= 0x80 && key <= 0xff)) {
        if (!insert(p, key))
            return PR_MOVED;
        p->hpos = -1;
        /* Wait for the rest of a multi-byte character before acting. */
        if (key >= 0x80) {
            size_t s = p->cur - 1;
            while (s > 0 && ((unsigned char)p->buf[s] & 0xC0) == 0x80)
                s--;
            unsigned cp;
            if (text_utf8_decode(p->buf + s, p->cur - s, &cp) == 0)
                return PR_MOVED;
        }
        return PR_CHANGED;
    }
    return PR_IGNORED;
}

void prompt_draw(prompt *p, int y, int w)
{
    char sig[2] = {prompt_sigil(p->kind), '\0'};
    draw_fill(y, 0, w, A_NORMAL);
    draw_text(y, 0, 1, sig, theme_attr(TH_LABEL), 0);
    int avail = w - 2;
    if (avail < 1)
        return;
    /* Scroll so the cursor stays visible. */
    size_t start = 0;
    for (;;) {
        char save = p->buf[p->cur];
        p->buf[p->cur] = '\0';
        int cw = text_width(p->buf + start);
        p->buf[p->cur] = save;
        if (cw < avail)
            break;
        start = next_char(p, start);
    }
    int x = 1;
    size_t i = start;
    int cx = 1;
    while (i < p->len) {
        size_t n = next_char(p, i) - i;
        char ch[8] = {0};
        memcpy(ch, p->buf + i, n < 7 ? n : 7);
        if (i == p->cur)
            cx = x;
        attr_t a = (p->err_col >= 0 && (size_t)p->err_col == i)
                       ? theme_attr(TH_ERROR) | A_REVERSE : A_NORMAL;
        int used = text_width(ch);
        if (x + used > w - 1)
            break;
        draw_text(y, x, used, ch, a, 0);
        x += used;
        i += n;
    }
    if (p->cur >= i)
        cx = x;
    if (p->err_col >= 0 && (size_t)p->err_col >= p->len && x < w)
        draw_text(y, x, 1, " ", theme_attr(TH_ERROR) | A_REVERSE, 0);
    move(y, cx);
}
