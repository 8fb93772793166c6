/* export_buf.c - the buffered writer every export format writes through
 * (export_int.h): appends go to one growable buffer, which is written to
 * the stream a chunk at a time, made valid UTF-8 on the way.
 *
 * Checking at the chunk, not at each append, treats the output as one
 * text, as a check of the whole file would: a sequence cut by a chunk's
 * end waits for the next chunk. The export is never held whole. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "export_int.h"
#include "text.h"

/* Room in which appends collect before a chunk goes out. */
#define CHUNK (128 * 1024)
#define FFFD "\xEF\xBF\xBD"

void eb_init(export_buf *b, FILE *f)
{
    memset(b, 0, sizeof *b);
    b->f = f;
}

static void put_out(export_buf *b, const char *s, size_t n)
{
    if (b->st == ST_OK && n && fwrite(s, 1, n, b->f) != n)
        b->st = ST_IO;
}

/* Newlines in s[0, n): the lines are counted until the first
 * replacement, which reports its line. */
static size_t newlines(const char *s, size_t n)
{
    size_t k = 0;
    for (const char *e = s + n; (s = memchr(s, '\n', (size_t)(e - s))); s++)
        k++;
    return k;
}

/* Skip valid UTF-8 from i, 8 ASCII bytes at a time where it can. */
static size_t valid_from(const char *p, size_t i, size_t len)
{
    for (uint64_t w; i + 8 <= len; i += 8) {
        memcpy(&w, p + i, 8);
        if (w & 0x8080808080808080ull)
            break;
    }
    return i + text_utf8_valid_len(p + i, len - i);
}

/* Write the pending bytes out, each invalid sequence as U+FFFD. Unless
 * last, a sequence that may be cut by the chunk's end stays pending. */
static void flush(export_buf *b, int last)
{
    size_t i = 0, from = 0, len = b->len;
    const char *p = b->p;
    while (b->st == ST_OK && (i = valid_from(p, i, len)) < len) {
        size_t bad = text_utf8_invalid_len(p + i, len - i);
        if (!last && i + bad == len)
            break; /* more bytes may complete it */
        if (!b->rep.replaced)
            b->rep.line = b->lines + newlines(p, i) + 1;
        b->rep.replaced++;
        put_out(b, p + from, i - from);
        put_out(b, FFFD, 3);
        from = i += bad;
    }
    put_out(b, p + from, i - from);
    if (!b->rep.replaced)
        b->lines += newlines(p, i);
    memmove(b->p, b->p + i, len - i);
    b->len = len - i;
}

int eb_room(export_buf *b, size_t n)
{
    if (b->st != ST_OK)
        return 0;
    if (n <= b->cap - b->len)
        return 1;
    if (b->len)
        flush(b, 0);
    if (b->st == ST_OK && n > b->cap - b->len) {
        size_t cap = b->len + n > CHUNK ? b->len + n : CHUNK;
        char *p = realloc(b->p, cap);
        if (!p)
            b->st = ST_NOMEM;
        else
            b->p = p, b->cap = cap;
    }
    return b->st == ST_OK;
}

status eb_finish(export_buf *b, export_report *rep)
{
    flush(b, 1);
    if (b->st == ST_OK && fflush(b->f) != 0)
        b->st = ST_IO;
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
    if (rep)
        *rep = b->st == ST_OK ? b->rep : (export_report){0};
    return b->st;
}

void eb_fail(export_buf *b, status s)
{
    if (b->st == ST_OK)
        b->st = s;
}

void eb_puts(export_buf *b, const char *s)
{
    if (s)
        eb_put(b, s, strlen(s));
}

void eb_int(export_buf *b, long long v)
{
    char d[24];
    size_t k = sizeof d;
    unsigned long long u = v < 0 ? 0 - (unsigned long long)v
                                 : (unsigned long long)v;
    do
        d[--k] = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0)
        d[--k] = '-';
    eb_put(b, d + k, sizeof d - k);
}

void eb_printf(export_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        eb_fail(b, ST_NOMEM);
        return;
    }
    if (!eb_room(b, (size_t)n + 1))
        return;
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void eb_escaped_len(export_buf *b, const char *s, size_t n, export_esc esc)
{
    const char *run = s, *end = s + n;
    for (; esc && s < end; s++) {
        const char *e = esc((unsigned char)*s);
        if (!e)
            continue;
        eb_put(b, run, (size_t)(s - run));
        eb_puts(b, e);
        run = s + 1;
    }
    eb_put(b, run, (size_t)(end - run));
}

void eb_escaped(export_buf *b, const char *s, export_esc esc)
{
    if (s)
        eb_escaped_len(b, s, strlen(s), esc);
}

void eb_csv_text(export_buf *b, const char *s)
{
    for (const char *q; s && (q = strchr(s, '"')); s = q + 1)
        eb_put(b, s, (size_t)(q - s) + 1), eb_putc(b, '"');
    eb_puts(b, s);
}
