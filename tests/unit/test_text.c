/* test_text.c - the one UTF-8 decoder (src/text.c) and the replacement of
 * invalid UTF-8 that makes every export valid: each class of invalid
 * sequence (lone and stray bytes, overlong forms, surrogates, code points
 * above U+10FFFF, cut sequences), one U+FFFD per maximal subpart, valid
 * text of 1 to 4 bytes untouched, the count. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "../../src/text.h"

#define R "\xEF\xBF\xBD" /* U+FFFD */

/* text_utf8_replace over in (len bytes) must give want and count n. */
static void replaced(const char *in, size_t len, const char *want,
                     size_t n, const char *name)
{
    char *out = malloc(3 * len + 1);
    size_t outlen = 0;
    size_t got = text_utf8_replace(in, len, out, &outlen);
    out[outlen] = '\0';
    is_int(got, n, "%s: %zu replaced", name, n);
    int same = outlen == strlen(want) && memcmp(out, want, outlen) == 0;
    ok(same, "%s: the text", name);
    if (!same) {
        printf("#   got:");
        for (size_t i = 0; i < outlen; i++)
            printf(" %02X", (unsigned char)out[i]);
        printf("\n");
    }
    is_int(text_utf8_replace(in, len, NULL, NULL), n,
           "%s: counting alone gives the same", name);
    free(out);
}
#define REPLACED(in, want, n, name) replaced(in, sizeof in - 1, want, n, name)

/* cp as UTF-8 the shortest way (surrogates too, as CESU-8 would). */
static size_t encode(unsigned cp, char *b)
{
    static const unsigned char lead[] = {0, 0xC0, 0xE0, 0xF0};
    size_t n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (size_t i = n - 1; i > 0; i--, cp >>= 6)
        b[i] = (char)(0x80 | (cp & 0x3F));
    b[0] = (char)(lead[n - 1] | cp);
    return n;
}

/* Every code point, encoded the shortest way: decoded back whole, and
 * never replaced, except the surrogates, which are invalid byte by byte
 * (ED A0..BF: the second byte already cannot follow ED). */
static void every_code_point(void)
{
    size_t wrong = 0, surrogates_wrong = 0;
    for (unsigned cp = 0; cp <= 0x10FFFF; cp++) {
        char b[4];
        size_t n = encode(cp, b), len;
        unsigned got = 0;
        int surrogate = cp >= 0xD800 && cp <= 0xDFFF;
        size_t dec = text_utf8_decode(b, n, &got);
        size_t rep = text_utf8_replace(b, n, NULL, &len);
        if (surrogate)
            surrogates_wrong += dec != 0 || rep != 3 || len != 9;
        else
            wrong += dec != n || got != cp || rep != 0 || len != n ||
                     text_utf8_valid_len(b, n) != n;
    }
    is_int(wrong, 0, "every scalar value U+0000..U+10FFFF decodes, stays");
    is_int(surrogates_wrong, 0, "every surrogate is three U+FFFD");
}

int main(void)
{
    /* valid text is copied as it is */
    REPLACED("", "", 0, "empty");
    REPLACED("plain ASCII\t\x1B[2J\x7F", "plain ASCII\t\x1B[2J\x7F", 0,
             "ASCII with controls");
    REPLACED("caf\xC3\xA9", "caf\xC3\xA9", 0, "2 bytes (U+00E9)");
    REPLACED("\xE2\x82\xAC 5", "\xE2\x82\xAC 5", 0, "3 bytes (U+20AC)");
    REPLACED("\xF0\x9F\x98\x80!", "\xF0\x9F\x98\x80!", 0, "4 bytes (U+1F600)");
    REPLACED("\xC2\x80\xDF\xBF\xE0\xA0\x80\xED\x9F\xBF\xEE\x80\x80"
             "\xEF\xBF\xBF\xF0\x90\x80\x80\xF4\x8F\xBF\xBF",
             "\xC2\x80\xDF\xBF\xE0\xA0\x80\xED\x9F\xBF\xEE\x80\x80"
             "\xEF\xBF\xBF\xF0\x90\x80\x80\xF4\x8F\xBF\xBF", 0,
             "the edges: U+0080 U+07FF U+0800 U+D7FF U+E000 U+FFFF "
             "U+10000 U+10FFFF");
    REPLACED(R, R, 0, "a U+FFFD in the text is no replacement");

    /* bytes that start nothing */
    REPLACED("caf\xE9", "caf" R, 1, "a Latin-1 byte");
    REPLACED("a\x80" "b", "a" R "b", 1, "a stray continuation byte");
    REPLACED("\x80\xBF", R R, 2, "two stray continuation bytes: two");
    REPLACED("\xFE\xFF", R R, 2, "FE and FF");

    /* overlong forms: the lead (C0, C1) or the second byte refuses them */
    REPLACED("\xC0\x80", R R, 2, "C0 80 (overlong NUL)");
    REPLACED("\xC1\xBF", R R, 2, "C1 BF (overlong U+007F)");
    REPLACED("\xE0\x80\x80", R R R, 3, "E0 80 80 (overlong)");
    REPLACED("\xE0\x9F\xBF", R R R, 3, "E0 9F BF (overlong U+07FF)");
    REPLACED("\xF0\x80\x80\x80", R R R R, 4, "F0 80 80 80 (overlong)");
    REPLACED("\xF0\x8F\xBF\xBF", R R R R, 4, "F0 8F BF BF (overlong U+FFFF)");

    /* surrogates */
    REPLACED("\xED\xA0\x80", R R R, 3, "ED A0 80 (U+D800)");
    REPLACED("\xED\xBF\xBF", R R R, 3, "ED BF BF (U+DFFF)");
    REPLACED("\xED\xA0\xBD\xED\xB8\x80", R R R R R R, 6,
             "a surrogate pair (CESU-8)");

    /* above U+10FFFF */
    REPLACED("\xF4\x90\x80\x80", R R R R, 4, "F4 90 80 80 (U+110000)");
    REPLACED("\xF5\x80\x80\x80", R R R R, 4, "F5 80 80 80");
    REPLACED("\xF8\x88\x80\x80\x80", R R R R R, 5, "a 5-byte form");

    /* cut sequences: their start is one maximal subpart */
    REPLACED("\xC3", R, 1, "C3 at the end");
    REPLACED("\xE2\x82", R, 1, "E2 82 at the end: one");
    REPLACED("\xE2\x82x", R "x", 1, "E2 82 before x: one, x kept");
    REPLACED("\xF0\x9F\x98", R, 1, "F0 9F 98 at the end: one");
    REPLACED("\xF0\x9F\x98" "A", R "A", 1, "F0 9F 98 before A: one, A kept");
    REPLACED("\xC3\xC3\xA9", R "\xC3\xA9", 1, "a cut C3 before a whole one");
    REPLACED("\xE2\x82\xE2\x82\xAC", R "\xE2\x82\xAC", 1,
             "a cut E2 82 before a whole one");
    REPLACED("\xF4\x8F\xBF", R, 1, "F4 8F BF at the end: one");

    /* mixed, as a document has it */
    REPLACED("Clear \x1B[2J caf\xE9 \xE2\x82x \xC3\xA9", "Clear \x1B[2J caf" R
             " " R "x \xC3\xA9", 2, "a document's description");

    /* the valid prefix, where the first replacement goes */
    is_int(text_utf8_valid_len("abc", 3), 3, "valid_len: all of valid text");
    is_int(text_utf8_valid_len("caf\xC3\xA9\xE9x", 7), 5,
           "valid_len: up to the first invalid byte");
    is_int(text_utf8_valid_len("ab\xE2\x82", 4), 2,
           "valid_len: a cut sequence at the end is not valid");
    is_int(text_utf8_valid_len("", 0), 0, "valid_len: empty");

    /* the decoder itself */
    unsigned cp = 0;
    is_int(text_utf8_decode("\xE2\x82\xAC", 3, &cp), 3, "decode: 3 bytes");
    is_int(cp, 0x20AC, "decode: U+20AC");
    is_int(text_utf8_decode("\xE2\x82\xAC", 2, &cp), 0,
           "decode: fewer bytes than the character needs is invalid");
    is_int(text_utf8_decode("x", 0, &cp), 0, "decode: no bytes");
    is_int(text_utf8_decode("\0", 1, &cp), 1, "decode: NUL is one byte");
    /* the length of an invalid sequence, as the JSON writer skips it */
    is_int(text_utf8_invalid_len("\xE2\x82x", 3), 2,
           "invalid_len: a cut sequence is its maximal subpart");
    is_int(text_utf8_invalid_len("\xC0\x80", 2), 1,
           "invalid_len: an overlong lead is one byte");
    is_int(text_utf8_invalid_len("\xED\xA0\x80", 3), 1,
           "invalid_len: a surrogate lead is one byte");
    is_int(text_utf8_invalid_len("\xC3\xA9", 2), 0,
           "invalid_len: 0 at a valid character");
    every_code_point();
    return done_testing();
}
