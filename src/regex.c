/* regex.c - the PCRE2 wrapper: compile with smart case and JIT, search
 * with limits and reused match data. See regex.h. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "regex.h"

#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

/* Limits, chosen so that an ordinary pattern over a field of a few KiB is
 * nowhere near them while a catastrophic one stops within milliseconds. */
enum {
    MATCH_LIMIT = 1000000,      /* backtracking steps (JIT counts too) */
    DEPTH_LIMIT = 100000,       /* nested backtracking (interpreter) */
    HEAP_LIMIT_KIB = 64 * 1024, /* interpreter backtracking frames */
    JIT_STACK_MIN = 32 * 1024,
    JIT_STACK_MAX = 1024 * 1024
};

/* Invalid UTF-8 in a subject must not crash or error. PCRE2 >= 10.34 can
 * match such subjects (invalid bytes never match anything). Older ones
 * check each subject and fail the match, which reads as "no match". */
#ifdef PCRE2_MATCH_INVALID_UTF
#define INVALID_UTF_OPT PCRE2_MATCH_INVALID_UTF
#else
#define INVALID_UTF_OPT 0u
#endif

struct regex_env {
    pcre2_match_context *mctx;
    pcre2_jit_stack *stack; /* NULL without JIT: the interpreter needs none */
    pcre2_match_data *md;
};

struct regex_pat {
    pcre2_code *code;
    int jit;
};

status regex_env_new(regex_env **out)
{
    regex_env *e = calloc(1, sizeof *e);
    *out = NULL;
    if (!e)
        return ST_NOMEM;
    e->mctx = pcre2_match_context_create(NULL);
    /* Only the whole-match offsets are ever read: one pair is enough and
     * keeps the block independent of any one pattern. */
    e->md = pcre2_match_data_create(1, NULL);
    if (!e->mctx || !e->md) {
        regex_env_free(e);
        return ST_NOMEM;
    }
    pcre2_set_match_limit(e->mctx, MATCH_LIMIT);
    pcre2_set_depth_limit(e->mctx, DEPTH_LIMIT);
    pcre2_set_heap_limit(e->mctx, HEAP_LIMIT_KIB);
    if (regex_jit_supported()) {
        /* Failure is not fatal: JIT then uses its 32 KiB default stack on
         * the machine stack, which only lowers how deep a match can go. */
        e->stack = pcre2_jit_stack_create(JIT_STACK_MIN, JIT_STACK_MAX, NULL);
        if (e->stack)
            pcre2_jit_stack_assign(e->mctx, NULL, e->stack);
    }
    *out = e;
    return ST_OK;
}

void regex_env_free(regex_env *e)
{
    if (!e)
        return;
    pcre2_match_data_free(e->md);
    pcre2_jit_stack_free(e->stack);
    pcre2_match_context_free(e->mctx);
    free(e);
}

int regex_jit_supported(void)
{
    uint32_t jit = 0;
    if (pcre2_config(PCRE2_CONFIG_JIT, &jit) < 0)
        return 0;
    return jit != 0;
}

const char *regex_version(char *buf, size_t n)
{
    char v[64];
    if (n == 0)
        return buf;
    if (pcre2_config(PCRE2_CONFIG_VERSION, v) < 0)
        v[0] = '\0';
    v[sizeof v - 1] = '\0';
    strncpy(buf, v, n - 1);
    buf[n - 1] = '\0';
    return buf;
}

/* ---- smart case ---------------------------------------------------------- */

/* Index just past the first c at or after i (len if none). */
static size_t skip_past(const char *p, size_t len, size_t i, char c)
{
    while (i < len && p[i] != c)
        i++;
    return i < len ? i + 1 : len;
}

static int is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
           (c >= 'A' && c <= 'F');
}

/* p[i] is a backslash: the index just past the escape. Everything an
 * escape spells is syntax, not text to match, so none of it counts. */
static size_t skip_escape(const char *p, size_t len, size_t i)
{
    size_t j = i + 2;
    char e;
    if (i + 1 >= len)
        return len;
    e = p[i + 1];
    if (j < len && p[j] == '{' && e != '\0' && strchr("pPxoNgk", e))
        return skip_past(p, len, j, '}');            /* \p{Lu} \x{41} */
    if (j < len && (e == 'g' || e == 'k') && (p[j] == '<' || p[j] == '\''))
        return skip_past(p, len, j + 1, p[j] == '<' ? '>' : '\'');
    if ((e == 'p' || e == 'P' || e == 'c') && j < len)
        return j + 1;                                 /* \pL \cM */
    if (e == 'x') {                                   /* \x4A */
        while (j < len && j < i + 4 && is_hex(p[j]))
            j++;
        return j;
    }
    /* An escaped non-ASCII character: skip all of its bytes. */
    while ((unsigned char)e >= 0x80 && j < len &&
           ((unsigned char)p[j] & 0xC0) == 0x80)
        j++;
    return j;
}

/* p[i] == '(' and p[i + 1] == '*': a verb such as (*UTF) or (*MARK:X) is
 * skipped whole; an alpha assertion such as (*pla:...) only up to its
 * colon, since a pattern follows. */
static size_t skip_verb(const char *p, size_t len, size_t i)
{
    size_t j = i + 2;
    while (j < len && ((p[j] >= 'a' && p[j] <= 'z') || p[j] == '_'))
        j++;
    if (j > i + 2 && j < len && p[j] == ':')
        return j + 1;
    return skip_past(p, len, i + 2, ')');
}

/* p[i] == '(' and p[i + 1] == '?': skip what of the group head is names,
 * options or callouts; stop where the group's pattern starts. */
static size_t skip_group_head(const char *p, size_t len, size_t i)
{
    size_t j = i + 2;
    char c = j < len ? p[j] : '\0';
    if (c == '<' && j + 1 < len && p[j + 1] != '=' && p[j + 1] != '!')
        return skip_past(p, len, j + 1, '>');         /* (?<Name> */
    if (c == '\'')
        return skip_past(p, len, j + 1, '\'');        /* (?'Name' */
    if (c == 'P' && j + 1 < len && p[j + 1] == '<')
        return skip_past(p, len, j + 2, '>');         /* (?P<Name> */
    if (c == 'P' || c == '&' || c == 'C' || c == 'R' || c == '#')
        return skip_past(p, len, j, ')');   /* (?P=N) (?&N) (?C"x") (?R) */
    if (c == '(') {                   /* a condition, unless an assertion */
        if (j + 1 < len && (p[j + 1] == '?' || p[j + 1] == '*'))
            return j;
        return skip_past(p, len, j, ')');
    }
    while (j < len && p[j] != '\0' && strchr("imnsxJU^-", p[j]))
        j++;
    if (j < len && (p[j] == ')' || p[j] == ':'))
        return j;                                     /* (?U) (?J:..) */
    return i + 2;
}

/* Are there upper-case letters among the non-ASCII bytes in s? Asked of
 * PCRE2, which knows Unicode's case tables; on any failure, no. */
static int has_unicode_upper(const char *s, size_t len)
{
    static const char upper[] = "[\\p{Lu}\\p{Lt}]";
    int err, found = 0;
    PCRE2_SIZE off;
    pcre2_code *c = pcre2_compile((PCRE2_SPTR)upper, sizeof upper - 1,
                                  PCRE2_UTF | INVALID_UTF_OPT, &err, &off,
                                  NULL);
    pcre2_match_data *md = c ? pcre2_match_data_create(1, NULL) : NULL;
    if (md)
        found = pcre2_match(c, (PCRE2_SPTR)s, len, 0, 0, md, NULL) >= 0;
    pcre2_match_data_free(md);
    pcre2_code_free(c);
    return found;
}

int regex_has_upper(const char *p, size_t len)
{
    char *wide = malloc(len + 1); /* the literal non-ASCII characters */
    size_t nwide = 0, i = 0;
    int quoted = 0, found = 0;
    while (i < len && !found) {
        unsigned char c = (unsigned char)p[i];
        if (quoted) {
            if (c == '\\' && i + 1 < len && p[i + 1] == 'E') {
                quoted = 0;
                i += 2;
                continue;
            }
        } else if (c == '\\') {
            if (i + 1 < len && p[i + 1] == 'Q') {
                quoted = 1;
                i += 2;
            } else {
                i = skip_escape(p, len, i);
            }
            continue;
        } else if (c == '(' && i + 1 < len && p[i + 1] == '*') {
            i = skip_verb(p, len, i);
            continue;
        } else if (c == '(' && i + 1 < len && p[i + 1] == '?') {
            i = skip_group_head(p, len, i);
            continue;
        }
        if (c >= 'A' && c <= 'Z')
            found = 1;
        else if (c >= 0x80 && wide)
            wide[nwide++] = (char)c;
        i++;
    }
    if (!found && nwide > 0)
        found = has_unicode_upper(wide, nwide);
    free(wide);
    return found;
}

/* ---- compile and search --------------------------------------------------- */

status regex_compile(const char *pat, size_t len, unsigned flags,
                     regex_pat **out, size_t *erroff, char *msg,
                     size_t msglen)
{
    uint32_t opts = PCRE2_UTF | PCRE2_UCP | INVALID_UTF_OPT |
                    PCRE2_NEVER_BACKSLASH_C; /* \C could split a character */
    int err;
    PCRE2_SIZE off = 0;
    size_t jitsize = 0;
    regex_pat *p;

    *out = NULL;
    if ((flags & REGEX_CASELESS) ||
        ((flags & REGEX_SMART_CASE) && !regex_has_upper(pat, len)))
        opts |= PCRE2_CASELESS;
    p = calloc(1, sizeof *p);
    if (!p)
        return ST_NOMEM;
    pcre2_compile_context *cc = NULL;
    if (flags & REGEX_LINES) {
        opts |= PCRE2_MULTILINE;
        cc = pcre2_compile_context_create(NULL);
        if (!cc || pcre2_set_newline(cc, PCRE2_NEWLINE_NUL) != 0) {
            pcre2_compile_context_free(cc);
            free(p);
            return ST_NOMEM;
        }
    }
    p->code = pcre2_compile((PCRE2_SPTR)pat, len, opts, &err, &off, cc);
    pcre2_compile_context_free(cc);
    if (!p->code) {
        free(p);
        if (err == PCRE2_ERROR_NOMEMORY)
            return ST_NOMEM;
        if (erroff)
            *erroff = off;
        if (msg && msglen > 0 &&
            pcre2_get_error_message(err, (PCRE2_UCHAR *)msg, msglen) < 0)
            msg[msglen - 1] = '\0'; /* truncated, still a sentence start */
        return ST_REGEX;
    }
    /* JIT may be missing or refused (no executable memory): the
     * interpreter then runs the same pattern with the same limits. */
    if (pcre2_jit_compile(p->code, PCRE2_JIT_COMPLETE) == 0 &&
        pcre2_pattern_info(p->code, PCRE2_INFO_JITSIZE, &jitsize) == 0)
        p->jit = jitsize > 0;
    *out = p;
    return ST_OK;
}

void regex_free(regex_pat *p)
{
    if (!p)
        return;
    pcre2_code_free(p->code);
    free(p);
}

int regex_is_jit(const regex_pat *p)
{
    return p && p->jit;
}

status regex_find(const regex_pat *p, regex_env *e, const char *s,
                  size_t len, size_t start, size_t *ms, size_t *me)
{
    int rc;
    PCRE2_SIZE *ov;
    if (start > len)
        return ST_NOTFOUND;
#ifdef PCRE2_MATCH_INVALID_UTF
    /* The fast path skips sanity checks, all of which hold here; the
     * pattern was compiled to cope with invalid UTF-8 itself. */
    if (p->jit)
        rc = pcre2_jit_match(p->code, (PCRE2_SPTR)s, len, start, 0, e->md,
                             e->mctx);
    else
#endif
        rc = pcre2_match(p->code, (PCRE2_SPTR)s, len, start, 0, e->md,
                         e->mctx);
    if (rc >= 0) { /* 0: matched, ovector too small for the groups */
        ov = pcre2_get_ovector_pointer(e->md);
        *ms = ov[0];
        /* \K can put the start after the end; a span must not be
         * negative. */
        *me = ov[1] < ov[0] ? ov[0] : ov[1];
        return ST_OK;
    }
    switch (rc) {
    case PCRE2_ERROR_MATCHLIMIT:
    case PCRE2_ERROR_DEPTHLIMIT:
    case PCRE2_ERROR_HEAPLIMIT:
    case PCRE2_ERROR_JIT_STACKLIMIT:
        return ST_LIMIT;
    default:
        return ST_NOTFOUND;
    }
}
