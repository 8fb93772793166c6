/* portspec_int.h - what the files of the port-spec parser share and
 * nobody else sees: the token, item and parser structs, the keyword
 * table, the small token tests that both the classifier and the walk
 * ask, and what each file offers the others.
 *
 * The files, in the order a cell goes through them (see portspec.c):
 *   portspec_words.c  the words the parser knows: keywords, tag names,
 *                     the names of the enums of portspec.h
 *   portspec_lex.c    pass 1, text to tokens; pass 2, what each token is
 *   portspec_walk.c   pass 3, the walk: clauses, labels, parentheses, marks
 *   portspec_ports.c  the walk's readers of ports, ranges and port classes
 *   portspec.c        the entry points, diagnostics and the result
 *
 * Only portspec.h is API; nothing outside src/portspec*.c includes this. */
#ifndef PORTOLAN_PORTSPEC_INT_H
#define PORTOLAN_PORTSPEC_INT_H

#include <stddef.h>
#include "portspec.h"

#define MSG_TEXT_MAX 40 /* bytes of cell text quoted in a message */

typedef struct {
    const char *p;
    size_t n;
} slice;

static const slice no_slice = {NULL, 0};

/* ---- characters --------------------------------------------------------- */

static inline int ascii_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static inline int ascii_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline int ascii_digit(int c)
{
    return c >= '0' && c <= '9';
}

static inline int ascii_alnum(int c)
{
    return ascii_alpha(c) || ascii_digit(c);
}

/* Is s[0..n) the lower-case word w, ignoring case? */
static inline int ieq(const char *s, size_t n, const char *w)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (!w[i] || ascii_lower((unsigned char)s[i]) != w[i])
            return 0;
    return w[n] == '\0';
}

/* s without the spaces and control characters around it. */
static inline slice trim(slice s)
{
    while (s.n && ((unsigned char)s.p[0] <= ' ' || s.p[0] == 0x7F))
        s.p++, s.n--;
    while (s.n && ((unsigned char)s.p[s.n - 1] <= ' ' || s.p[s.n - 1] == 0x7F))
        s.n--;
    return s;
}

/* At most MSG_TEXT_MAX bytes of s, not cutting a UTF-8 character. */
static inline int msg_len(slice s)
{
    size_t n = s.n;
    if (n > MSG_TEXT_MAX) {
        n = MSG_TEXT_MAX;
        while (n > 0 && ((unsigned char)s.p[n] & 0xC0) == 0x80)
            n--;
    }
    return (int)n;
}

/* ---- keywords (portspec_words.c) ---------------------------------------- */

/* A transport keyword (xmask set) sets the clause's protocols; an
 * application keyword implies its transport (amask) only when nothing
 * more explicit is known. BFCP names no transport (it runs on both), but
 * is a keyword so "BFCP 5070" starts its own clause instead of inheriting
 * the TLS of "TCP TLS 5061" before it. */
typedef struct {
    const char *name; /* lower case */
    unsigned xmask, amask;
    int label;        /* its name labels the ports (TLS, applications) */
} keyword;

extern const keyword portspec_keywords[];

/* Index in portspec_keywords of the word s[0..n) (any case), or -1. */
int portspec_kw_find(const char *s, size_t n);

static inline int kw_transport(int k)
{
    return k >= 0 && portspec_keywords[k].xmask != 0;
}

static inline int kw_application(int k)
{
    return k >= 0 && portspec_keywords[k].xmask == 0;
}

/* <any>, <PortNumber>, an HTML tag (<b>, </u>: a heading's markup), or
 * some other <word> read as a word. */
enum { TAG_WORD, TAG_ANY, TAG_BASE, TAG_HTML };

/* Which TAG_ the tag "<inner>" is; name is its first word, without the
 * '/' of a closing tag. */
int portspec_tag_kind(slice name, slice inner);

/* ---- tokens (portspec_lex.c) -------------------------------------------- */

enum { TK_WORD, TK_NUM, TK_PUNCT, TK_MARK, TK_TAG };
enum {
    PU_OTHER, PU_LPAREN, PU_RPAREN, PU_COMMA, PU_SEMI, PU_COLON, PU_DASH,
    PU_SLASH, PU_AMP, PU_PLUS, PU_DOT, PU_ARROW, PU_GT, PU_GE, PU_LT, PU_LE
};

typedef struct {
    unsigned char type, sub;
    unsigned char port;   /* TK_NUM: reads as a port, not as prose */
    unsigned char starts; /* begins a port expression outside parentheses */
    int kw;               /* TK_WORD: portspec_keywords index or -1 */
    unsigned depth;       /* parentheses around the token */
    size_t start, end;    /* byte offsets */
    long val;             /* TK_NUM: value, clamped */
    size_t match;         /* '(': index of its ')', or ntk if unclosed */
    size_t next_port;     /* first index >= this one with starts set */
    size_t next_tag;      /* first index >= this one that is an HTML tag */
} token;

/* ---- the parser's state ------------------------------------------------- */

/* One port, range or port class read from the cell, before it is split
 * into one range per transport. */
typedef struct {
    unsigned xmask, amask; /* transports named / implied by an application */
    port_kind_t kind;
    int lo, hi, base_offset;
    parity_t parity;
    slice label;           /* from "(...)" or the words after the port */
    slice app_label;       /* "HTTPS 8446" */
    slice tls_label;       /* "TLS 5061" */
} item;

/* The protocol words in effect and the ports read since: a clause starts
 * at a protocol word that follows a port ("UDP 1719 (RAS) TCP 1720"). */
typedef struct {
    unsigned xmask, amask;
    slice tls_label, app_label;
    slice pending;      /* "TCP (H.245) 1024-1324": label for its ports */
    int or_joined;      /* "TCP or TLS": either, so TLS is no label */
    int has_item;
    size_t group_start; /* first item a trailing "(label)" applies to */
} clause;

/* What the walk read last: decides where a mark, a parenthesis or a word
 * attaches. */
enum {
    P_START,     /* nothing yet */
    P_KEYWORD,   /* a protocol word (and its "(label)") */
    P_PORT,      /* a port, range or class, maybe with marks */
    P_BADPORT,   /* a number that is no port (diagnosed) */
    P_LABEL,     /* a label attached to the ports before it */
    P_CONNECTOR, /* ",", "or", "-", "/" ... after a port */
    P_WORD,      /* prose */
    P_SEP        /* a break: HTML tag, ';', an unattached "(...)" */
};

#define MARK_PENDING (-1L) /* waits for the next item */
#define MARK_LOOSE (-2L)   /* listed for the cell only */

typedef struct {
    size_t tok;
    long item;
} markref;

typedef struct {
    const char *s;
    size_t len;
    token *tk;
    size_t ntk, tkcap;
    item *it;
    size_t nit, itcap;
    markref *mk;
    size_t nmk, mkcap;
    size_t pending_from; /* first mark waiting for an item, or nmk */
    portspec_diag *dg;
    size_t ndg, dgcap;
    clause cl;
    int last;
    size_t last_num;  /* token of the last port number read */
    size_t end_sig;   /* one past the last token that says something */
    slice next_label; /* "dynamic 1024 - 65535": label for the next item */
    unsigned def_mask;
    slice def_label;
    int base_port;
    int nomem;
} parser;

/* ---- token tests, for the classifier and the walk ----------------------- */

static inline slice tok_slice(const parser *ps, size_t a, size_t b)
{
    slice r = {ps->s + ps->tk[a].start, ps->tk[b].end - ps->tk[a].start};
    return r;
}

/* Is token i (which may be past the end) the word w, in any case? */
static inline int tok_word(const parser *ps, size_t i, const char *w)
{
    if (i >= ps->ntk || ps->tk[i].type != TK_WORD)
        return 0;
    return ieq(ps->s + ps->tk[i].start, ps->tk[i].end - ps->tk[i].start, w);
}

static inline int tok_punct(const parser *ps, size_t i, int sub)
{
    return i < ps->ntk && ps->tk[i].type == TK_PUNCT && ps->tk[i].sub == sub;
}

static inline int glued(const parser *ps, size_t a, size_t b)
{
    return ps->tk[a].end == ps->tk[b].start;
}

/* The words "and", "or", "to" and the punctuation that joins ports. */
static inline int is_connector(const parser *ps, size_t i)
{
    const token *t = &ps->tk[i];
    if (t->type == TK_PUNCT)
        return t->sub == PU_COMMA || t->sub == PU_DASH ||
               t->sub == PU_SLASH || t->sub == PU_AMP || t->sub == PU_ARROW;
    return tok_word(ps, i, "and") || tok_word(ps, i, "or") ||
           tok_word(ps, i, "to");
}

static inline int is_port_word(const parser *ps, size_t i)
{
    return tok_word(ps, i, "port") || tok_word(ps, i, "ports") ||
           tok_word(ps, i, "range") || tok_word(ps, i, "ranges");
}

static inline int is_na(const parser *ps, size_t i)
{
    return tok_word(ps, i, "n") && tok_punct(ps, i + 1, PU_SLASH) &&
           tok_word(ps, i + 2, "a") && glued(ps, i, i + 1) &&
           glued(ps, i + 1, i + 2);
}

/* ">=1024", "< 1024": a comparison sign before a number. */
static inline int is_bound(const parser *ps, size_t i)
{
    const token *t = &ps->tk[i];
    return t->type == TK_PUNCT &&
           (t->sub == PU_GE || t->sub == PU_GT || t->sub == PU_LE ||
            t->sub == PU_LT) &&
           i + 1 < ps->ntk && ps->tk[i + 1].type == TK_NUM;
}

/* Is there nothing but punctuation and HTML tags from i on? */
static inline int rest_is_empty(const parser *ps, size_t i)
{
    return i >= ps->end_sig;
}

/* ---- portspec.c --------------------------------------------------------- */

/* Make room for one more element of an array; NULL when out of memory. */
void *portspec_grow(void *p, size_t *cap, size_t n, size_t size);

/* Add a diagnostic at byte col; sets ps->nomem when out of memory. */
void portspec_add_diag(parser *ps, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ---- portspec_lex.c ----------------------------------------------------- */

/* The next token of s[0..len) at or after *pos, which moves past it; 0 at
 * the end of the text. Needs no parser: protocol columns use it alone. */
int portspec_lex_next(const char *s, size_t len, size_t *pos, token *t);
/* Pass 1: ps->tk from ps->s. */
void portspec_tokenize(parser *ps);
/* Pass 2: parentheses, port numbers, where ports start, ps->end_sig. */
void portspec_classify(parser *ps);

/* ---- portspec_walk.c ---------------------------------------------------- */

/* Pass 3: read the classified tokens into items, marks and diagnostics. */
void portspec_walk(parser *ps);

/* What the readers of ports (portspec_ports.c) may do to the walk's
 * state, and nothing else: */
/* End the clause: the protocol words that follow start afresh. */
void portspec_new_clause(parser *ps);
/* Emit an item with the clause's protocols and labels, giving it the
 * marks that wait for it; NULL (and ps->nomem) when out of memory. */
item *portspec_emit(parser *ps, port_kind_t kind, int lo, int hi);
/* A number that is no port, already diagnosed: ends the clause like a
 * port, and the marks that waited for it stay the cell's only. */
void portspec_bad_port(parser *ps);
/* The protocol word at tokens i..e-1, keyword k: adds its transport or
 * application to the clause (a new one after a port); returns e. */
size_t portspec_protocol_word(parser *ps, size_t i, size_t e, int k);

/* ---- portspec_ports.c --------------------------------------------------- */

/* "a-b", "a to b": the token of b, or a if the number at a starts no
 * range. */
size_t portspec_range_end(const parser *ps, size_t a);
/* Each reads what starts at token i (a) and returns the index after it;
 * the last two return 0 when the word at i names no port here. */
size_t portspec_read_port(parser *ps, size_t a);
size_t portspec_read_bound(parser *ps, size_t i);
size_t portspec_read_base(parser *ps, size_t i);
size_t portspec_read_class(parser *ps, size_t i);
size_t portspec_read_ports_word(parser *ps, size_t i);

#endif
