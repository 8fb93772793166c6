/* text.c - escaping and measuring document text for a terminal. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "text.h"

size_t text_utf8_decode(const char *s, size_t len, unsigned *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    if (len == 0)
        return 0;
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    size_t n;
    unsigned c, min;
    if ((u[0] & 0xE0) == 0xC0) {
        n = 2, c = u[0] & 0x1F, min = 0x80;
    } else if ((u[0] & 0xF0) == 0xE0) {
        n = 3, c = u[0] & 0x0F, min = 0x800;
    } else if ((u[0] & 0xF8) == 0xF0) {
        n = 4, c = u[0] & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (len < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((u[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (u[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return n;
}

/* C0 controls, DEL, C1 controls (U+0080..U+009F) and the bidi overrides
 * that can disguise text (U+202A..U+202E, U+2066..U+2069). */
static int is_control(unsigned cp)
{
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

int text_needs_escape(const char *s)
{
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        unsigned cp;
        size_t n = text_utf8_decode(s + i, len - i, &cp);
        if (n == 0 || is_control(cp))
            return 1;
        i += n;
    }
    return 0;
}

char *text_escape(const char *s)
{
    size_t len = strlen(s);
    /* Worst case: every byte becomes \xNN (4 bytes); a code point escaped
     * as \u{XXXXX} is at most 9 bytes for 2..4 input bytes. */
    char *out = malloc(len * 4 + 1);
    if (!out)
        return NULL;
    size_t w = 0;
    for (size_t i = 0; i < len;) {
        unsigned cp;
        size_t n = text_utf8_decode(s + i, len - i, &cp);
        if (n == 0) {
            w += (size_t)sprintf(out + w, "\\x%02X", (unsigned char)s[i]);
            i++;
        } else if (is_control(cp) && cp < 0x100) {
            w += (size_t)sprintf(out + w, "\\x%02X", cp);
            i += n;
        } else if (is_control(cp)) {
            w += (size_t)sprintf(out + w, "\\u%04X", cp);
            i += n;
        } else {
            memcpy(out + w, s + i, n);
            w += n;
            i += n;
        }
    }
    out[w] = '\0';
    return out;
}

static int cp_width(unsigned cp)
{
    if (cp < 0x80)
        return 1; /* what wcwidth says (or -1, counted as 1), cheaper */
    int wd = wcwidth((wchar_t)cp);
    return wd < 0 ? 1 : wd;
}

int text_width(const char *s)
{
    size_t len = strlen(s);
    int cols = 0;
    for (size_t i = 0; i < len;) {
        unsigned cp;
        if ((unsigned char)s[i] < 0x80) { /* ASCII: one column each */
            cols++;
            i++;
            continue;
        }
        size_t n = text_utf8_decode(s + i, len - i, &cp);
        if (n == 0) {
            cols += 4; /* shown as \xNN */
            i++;
            continue;
        }
        cols += cp_width(cp);
        i += n;
    }
    return cols;
}

size_t text_fit(const char *s, int cols)
{
    size_t len = strlen(s);
    int used = 0;
    size_t i = 0;
    while (i < len) {
        unsigned cp;
        size_t n = text_utf8_decode(s + i, len - i, &cp);
        int wd = n ? cp_width(cp) : 4;
        if (n == 0)
            n = 1;
        if (used + wd > cols)
            break;
        used += wd;
        i += n;
    }
    return i;
}
