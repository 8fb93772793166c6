/* text.h - making document text safe and measurable for a terminal.
 *
 * Documents may carry control characters, escape sequences and invalid
 * UTF-8. Nothing from a document reaches a terminal raw: text_escape()
 * turns C0/C1 controls and DEL into visible \xNN (tab and newline too, so a
 * table cell stays one line) and invalid UTF-8 bytes into \xNN. Files meant
 * for other programs (exports) carry text as it was, made valid UTF-8 by
 * text_utf8_replace(). */
#ifndef PORTOLAN_TEXT_H
#define PORTOLAN_TEXT_H

#include <stddef.h>

/* Escaped copy of s in a malloc'd string (NULL only on out-of-memory). */
char *text_escape(const char *s);

/* Does s need escaping (has a control character or invalid UTF-8)? */
int text_needs_escape(const char *s);

/* Display width of valid UTF-8 s in terminal columns (wcwidth; needs
 * setlocale(LC_CTYPE, "") to have run for non-ASCII). */
int text_width(const char *s);

/* Byte length of the longest prefix of s that fits in cols columns. */
size_t text_fit(const char *s, int cols);

/* Decode one UTF-8 character at s (len bytes available) into *cp; returns
 * its byte length, or 0 if the bytes are not valid UTF-8 (overlong forms,
 * surrogates, code points above U+10FFFF and cut sequences are not). */
size_t text_utf8_decode(const char *s, size_t len, unsigned *cp);

/* Length of the invalid sequence at s (its maximal subpart, as
 * text_utf8_replace counts it; at least 1), or 0 if s starts with a valid
 * character. */
size_t text_utf8_invalid_len(const char *s, size_t len);

/* Length of the longest prefix of s (len bytes) that is valid UTF-8: len
 * when all of it is. */
size_t text_utf8_valid_len(const char *s, size_t len);

/* Copy the len bytes at s to out, each invalid UTF-8 sequence replaced by
 * U+FFFD (EF BF BD). A sequence is its maximal subpart, as Unicode
 * recommends (and Python, ICU and browsers do): "E2 82" cut short is one
 * U+FFFD, "C0 80" (overlong) and "ED A0 80" (a surrogate) are one per
 * byte. out needs room for 3 * len bytes and is not NUL-terminated; NULL
 * only counts. *outlen (may be NULL) gets the bytes written. Returns the
 * number of sequences replaced (0: s is valid, out a copy of it). */
size_t text_utf8_replace(const char *s, size_t len, char *out,
                         size_t *outlen);

#endif
