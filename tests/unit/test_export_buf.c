/* test_export_buf.c - the exports' buffered writer (src/export_buf.c):
 * what it writes is what was appended, made valid UTF-8 as if checked
 * whole, even where a sequence straddles the chunks it goes out in; the
 * replacements are counted with the line of the first; a failed stream
 * is ST_IO. */
#include <stdlib.h>
#include <string.h>
#include "../tap.h"
#include "../../src/export_int.h"

#define BIG (300 * 1024) /* more than two of the writer's chunks */

/* Append the n bytes of s one piece of `step` bytes at a time (the last
 * may be shorter), through a memory stream; *out the bytes written. */
static status run(const char *s, size_t n, size_t step, char **out,
                  size_t *len, export_report *rep)
{
    FILE *m = open_memstream(out, len);
    export_buf b;
    eb_init(&b, m);
    for (size_t i = 0; i < n; i += step)
        eb_put(&b, s + i, n - i < step ? n - i : step);
    status st = eb_finish(&b, rep);
    fclose(m);
    return st;
}

static void test_straddling(void)
{
    /* lines of ASCII, a 3-byte character every 1000 bytes or so, and one
     * across the end of the first 128 KiB chunk (appended a byte at a
     * time, the chunk goes out with its first two bytes) */
    char *s = malloc(BIG), *out = NULL;
    size_t n = 0, len = 0;
    while (n + 4 < BIG) {
        if (n % 997 == 0 || n == 128 * 1024 - 1)
            memcpy(s + n, "\xE2\x82\xAC", 3), n += 3; /* U+20AC */
        else
            s[n] = n % 80 ? 'x' : '\n', n++;
    }
    for (size_t step = 1; step < 5000; step += 4092) {
        export_report rep = {7, 7};
        out = NULL;
        is_int(run(s, n, step, &out, &len, &rep), ST_OK,
               "valid (appends of %zu bytes): written", step);
        ok(len == n && !memcmp(out, s, n),
           "valid (appends of %zu): the bytes as appended, characters "
           "across chunks kept", step);
        is_int((int)rep.replaced, 0, "valid (appends of %zu): nothing "
               "replaced", step);
        free(out);
    }
    free(s);
}

static void test_replaced(void)
{
    /* line 3000 or so: a cut E2 82 then 'x' (one U+FFFD), a lone 0xFF */
    char *s = malloc(BIG), *want = malloc(BIG + 16), *out = NULL;
    size_t n = 0, w = 0, len = 0, line = 1, bad_line = 0;
    while (n + 8 < BIG) {
        if (n == 200000) {
            bad_line = line;
            memcpy(s + n, "\xE2\x82x\xFF", 4), n += 4;
            memcpy(want + w, "\xEF\xBF\xBDx\xEF\xBF\xBD", 7), w += 7;
            continue;
        }
        char c = n % 64 ? 'y' : '\n';
        line += c == '\n';
        s[n++] = want[w++] = c;
    }
    export_report rep;
    for (size_t step = 1; step <= 65536; step *= 16) {
        out = NULL;
        is_int(run(s, n, step, &out, &len, &rep), ST_OK,
               "invalid (appends of %zu bytes): written", step);
        ok(len == w && !memcmp(out, want, w),
           "invalid (appends of %zu): each sequence one U+FFFD", step);
        is_int((int)rep.replaced, 2, "invalid (appends of %zu): 2 counted",
               step);
        is_int((int)rep.line, (int)bad_line,
               "invalid (appends of %zu): the first on line %zu", step,
               bad_line);
        free(out);
    }
    /* a cut sequence at the very end is one replacement too */
    out = NULL;
    run("ab\n\xF0\x9F", 5, 5, &out, &len, &rep);
    ok(len == 6 && !memcmp(out, "ab\n\xEF\xBF\xBD", 6) && rep.replaced == 1 &&
           rep.line == 2,
       "a sequence cut by the end: one U+FFFD, on line 2");
    free(out);
    free(s);
    free(want);
}

static void test_helpers(void)
{
    char *out = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&out, &len);
    export_buf b;
    eb_init(&b, m);
    eb_int(&b, 0);
    eb_putc(&b, ' ');
    eb_int(&b, -9223372036854775807LL - 1);
    eb_putc(&b, ' ');
    eb_csv_text(&b, "say \"hi\"");
    eb_putc(&b, ' ');
    eb_escaped(&b, "a\tb\x7f", export_oneline);
    eb_printf(&b, " %s=%d", "k", 42);
    is_int(eb_finish(&b, NULL), ST_OK, "helpers: written");
    fclose(m);
    is_str(out, "0 -9223372036854775808 say \"\"hi\"\" a b  k=42",
           "helpers: integers, CSV quotes, one-line escapes, printf");
    free(out);
}

static void test_failure(void)
{
    FILE *f = fopen("/dev/full", "w");
    if (!f) {
        ok(1, "# SKIP no /dev/full");
        return;
    }
    setvbuf(f, NULL, _IONBF, 0);
    export_buf b;
    export_report rep = {5, 5};
    eb_init(&b, f);
    eb_puts(&b, "bytes\xFF");
    is_int(eb_finish(&b, &rep), ST_IO, "a stream that fails: ST_IO");
    ok(rep.replaced == 0 && rep.line == 0, "... and an empty report");
    fclose(f);
}

int main(void)
{
    test_straddling();
    test_replaced();
    test_helpers();
    test_failure();
    return done_testing();
}
