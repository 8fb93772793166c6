/* regex.h - a thin wrapper over PCRE2 (8-bit) for portolan's filters.
 *
 * Patterns are UTF-8 with Unicode properties (PCRE2_UTF | PCRE2_UCP);
 * subjects may hold invalid UTF-8 (it never matches, it never crashes).
 * Patterns are JIT-compiled where the library and the system allow it and
 * run with a match limit, a depth limit and a heap limit, so a pattern that
 * backtracks catastrophically ends with ST_LIMIT instead of hanging.
 *
 * Not named after POSIX <regex.h> on purpose in its identifiers: nothing
 * here is regex_t, regcomp or REG_*. Include it as "regex.h". */
#ifndef PORTOLAN_REGEX_H
#define PORTOLAN_REGEX_H

#include <stddef.h>
#include "status.h"

/* Match-time state: a match context holding the limits, the JIT stack and
 * one match data block, reused by every search made through it, so a
 * search allocates nothing. Not thread-safe: one per thread (or filter). */
typedef struct regex_env regex_env;

/* One compiled pattern; usable with any regex_env. */
typedef struct regex_pat regex_pat;

enum {
    REGEX_CASELESS = 1,   /* always caseless */
    REGEX_SMART_CASE = 2, /* caseless unless regex_has_upper(pattern) */
    /* The subject is many strings, each ended by a NUL: ^ and $ match at
     * each one's start and end and "." never crosses one (multiline, NUL
     * as the newline), so one search runs over all of them at once. */
    REGEX_LINES = 4
};

status regex_env_new(regex_env **out);
void regex_env_free(regex_env *e);

/* Compile len bytes of pat. Returns ST_OK, ST_NOMEM, or ST_REGEX with
 * *erroff set to the byte offset in pat where PCRE2 stopped and msg
 * (size msglen) to PCRE2's message. */
status regex_compile(const char *pat, size_t len, unsigned flags,
                     regex_pat **out, size_t *erroff, char *msg,
                     size_t msglen);
void regex_free(regex_pat *p);

/* Is p running as JIT machine code? */
int regex_is_jit(const regex_pat *p);

/* Search s[0, len) starting at byte start. ST_OK with the match in
 * [*ms, *me); ST_NOTFOUND; ST_LIMIT when a limit stopped the search. Any
 * other PCRE2 failure (out of memory inside PCRE2) reads as ST_NOTFOUND. */
status regex_find(const regex_pat *p, regex_env *e, const char *s,
                  size_t len, size_t start, size_t *ms, size_t *me);

/* Smart case: does the pattern contain an upper-case letter (Lu or Lt,
 * any script) that is a literal, i.e. not part of an escape (\S, \W, \D,
 * \B, \p{Lu}, \x4A, \cM), a group name ((?<Name>..), \k<Name>), an option
 * ((?U), (?J)), a verb ((*UTF), (*MARK:X)) or a callout ((?C"X"))? Text
 * inside \Q...\E is literal and counts. */
int regex_has_upper(const char *pat, size_t len);

/* Whether the PCRE2 library was built with JIT support. */
int regex_jit_supported(void);
/* The PCRE2 version ("10.42 2022-12-11") into buf; returns buf. */
const char *regex_version(char *buf, size_t n);

#endif
