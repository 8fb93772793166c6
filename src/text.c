/* text.c - decoding UTF-8 once for everyone; escaping and measuring
 * document text for a terminal, making it valid UTF-8 for files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "text.h"

/* One UTF-8 character at u (len >= 1 bytes): its byte length with the
 * code point in *cp, or 0 with *bad set to the length of the invalid
 * sequence there, its maximal subpart (Unicode 3.9, "U+FFFD Substitution
 * of Maximal Subparts"): the longest start of a well-formed sequence, at
 * least one byte. The second byte's range depends on the first (Table
 * 3-7), which refuses overlong forms (C0, C1, E0 80, F0 80), surrogates
 * (ED A0) and code points above U+10FFFF (F4 90, F5..FF) at that byte. */
static size_t utf8_scan(const unsigned char *u, size_t len, unsigned *cp,
                        size_t *bad)
{
    unsigned char lead = u[0], lo = 0x80, hi = 0xBF;
    size_t n;
    unsigned c;
    if (lead < 0x80) {
        *cp = lead;
        return 1;
    }
    if (lead >= 0xC2 && lead <= 0xDF) {
        n = 2, c = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        n = 3, c = lead & 0x0F;
        lo = lead == 0xE0 ? 0xA0 : 0x80;
        hi = lead == 0xED ? 0x9F : 0xBF;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        n = 4, c = lead & 0x07;
        lo = lead == 0xF0 ? 0x90 : 0x80;
        hi = lead == 0xF4 ? 0x8F : 0xBF;
    } else {
        *bad = 1;
        return 0;
    }
    for (size_t i = 1; i < n; i++, lo = 0x80, hi = 0xBF) {
        if (i >= len || u[i] < lo || u[i] > hi) {
            *bad = i;
            return 0;
        }
        c = (c << 6) | (u[i] & 0x3F);
    }
    *cp = c;
    return n;
}

size_t text_utf8_decode(const char *s, size_t len, unsigned *cp)
{
    size_t bad;
    return len ? utf8_scan((const unsigned char *)s, len, cp, &bad) : 0;
}

size_t text_utf8_invalid_len(const char *s, size_t len)
{
    unsigned cp;
    size_t bad = 1;
    if (len && utf8_scan((const unsigned char *)s, len, &cp, &bad))
        return 0;
    return bad ? bad : 1;
}

size_t text_utf8_valid_len(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        unsigned cp;
        size_t bad, n = u[i] < 0x80 ? 1 : utf8_scan(u + i, len - i, &cp,
                                                   &bad);
        if (!n)
            break;
        i += n;
    }
    return i;
}

size_t text_utf8_replace(const char *s, size_t len, char *out,
                         size_t *outlen)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t replaced = 0, w = 0;
    for (size_t i = 0; i < len;) {
        unsigned cp;
        size_t bad, n = utf8_scan(u + i, len - i, &cp, &bad);
        if (n) {
            if (out)
                memcpy(out + w, s + i, n);
            w += n, i += n;
        } else {
            if (out)
                memcpy(out + w, "\xEF\xBF\xBD", 3);
            w += 3, i += bad, replaced++;
        }
    }
    if (outlen)
        *outlen = w;
    return replaced;
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
