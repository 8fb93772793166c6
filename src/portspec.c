/* portspec.c - reads the text of a port/protocol cell into port ranges.
 *
 * A cell is read in three passes over one list of tokens:
 *   1. lex: numbers, words, punctuation, footnote marks and <...> tags,
 *      each with its byte offset. The text is never copied or changed:
 *      labels are slices of it until the result is built.
 *   2. classify: where each parenthesis closes, which numbers are ports
 *      (not "Windows Server 2008", not the 19 of "H.460.18/19"), and where
 *      the next port begins (to tell "SNMP UDP 161", where SNMP introduces
 *      a port, from "TCP 25 SMTP", where it describes one).
 *   3. walk: left to right with a small state - the current clause (the
 *      protocol words in effect and the ports read since) and what was
 *      seen last - emitting items: a port, a range or a port class with
 *      its transports. Each item becomes one range per transport.
 * Data errors ("port 120002 is above 65535") become diagnostics and the
 * walk goes on; no invalid number ever becomes a range. */
#include "portspec.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define M_TCP (1u << PROTO_TCP)
#define M_UDP (1u << PROTO_UDP)
#define M_ICMP (1u << PROTO_ICMP)
#define M_ESP (1u << PROTO_ESP)

#define PORT_MAX 65535
#define NUM_CLAMP 100000000L /* any longer number is as wrong as this one */
#define MSG_TEXT_MAX 40      /* bytes of cell text quoted in a message */

typedef struct {
    const char *p;
    size_t n;
} slice;

/* ---- keywords ----------------------------------------------------------- */

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

static const keyword keywords[] = {
    {"tcp", M_TCP, 0, 0},     {"udp", M_UDP, 0, 0},
    {"icmp", M_ICMP, 0, 0},   {"esp", M_ESP, 0, 0},
    {"tls", M_TCP, 0, 1},     {"mtls", M_TCP, 0, 1},
    {"http", 0, M_TCP, 1},    {"https", 0, M_TCP, 1},
    {"ssh", 0, M_TCP, 1},     {"telnet", 0, M_TCP, 1},
    {"ftp", 0, M_TCP, 1},     {"sftp", 0, M_TCP, 1},
    {"smtp", 0, M_TCP, 1},    {"ldap", 0, M_TCP, 1},
    {"ldaps", 0, M_TCP, 1},   {"rdp", 0, M_TCP, 1},
    {"rtsp", 0, M_TCP, 1},    {"xmpp", 0, M_TCP, 1},
    {"sip", 0, M_TCP | M_UDP, 1}, {"sips", 0, M_TCP, 1},
    {"dns", 0, M_UDP, 1},     {"ntp", 0, M_UDP, 1},
    {"sntp", 0, M_UDP, 1},    {"snmp", 0, M_UDP, 1},
    {"tftp", 0, M_UDP, 1},    {"syslog", 0, M_UDP, 1},
    {"stun", 0, M_UDP, 1},    {"turn", 0, M_UDP, 1},
    {"ras", 0, M_UDP, 1},     {"radius", 0, M_UDP, 1},
    {"bfcp", 0, 0, 1},
};
#define NKEYWORDS (sizeof keywords / sizeof keywords[0])

static int ascii_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int ascii_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int ascii_digit(int c)
{
    return c >= '0' && c <= '9';
}

static int ascii_alnum(int c)
{
    return ascii_alpha(c) || ascii_digit(c);
}

/* Is s[0..n) the lower-case word w, ignoring case? */
static int ieq(const char *s, size_t n, const char *w)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (!w[i] || ascii_lower((unsigned char)s[i]) != w[i])
            return 0;
    return w[n] == '\0';
}

static int kw_find(const char *s, size_t n)
{
    for (size_t k = 0; k < NKEYWORDS; k++)
        if (ieq(s, n, keywords[k].name))
            return (int)k;
    return -1;
}

static int kw_transport(int k)
{
    return k >= 0 && keywords[k].xmask != 0;
}

static int kw_application(int k)
{
    return k >= 0 && keywords[k].xmask == 0;
}

/* ---- characters --------------------------------------------------------- */

enum { CC_SPACE, CC_WORD, CC_DASH, CC_MARK, CC_PUNCT, CC_ARROW, CC_GE, CC_LE };

/* Decode one UTF-8 character at s; 0 if the bytes are not valid UTF-8. */
static size_t utf8_dec(const unsigned char *s, size_t avail, unsigned *cp)
{
    unsigned c = s[0], min;
    size_t n;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF)
        n = 2, *cp = c & 0x1F, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 3, *cp = c & 0x0F, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 4, *cp = c & 0x07, min = 0x10000;
    else
        return 0;
    if (n > avail)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        *cp = (*cp << 6) | (s[i] & 0x3F);
    }
    if (*cp < min || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF))
        return 0;
    return n;
}

/* Controls and Unicode spaces separate; dashes, daggers, arrows and the
 * comparison signs mean something; other punctuation separates; any
 * other character (letters of any script, invalid bytes) is part of a
 * word, so "12\xff34" is one word and never the port 12. */
static int cp_class(unsigned cp)
{
    if (cp < 0x80) {
        if (cp <= 0x20 || cp == 0x7F)
            return CC_SPACE;
        if (ascii_alnum((int)cp) || cp == '_')
            return CC_WORD;
        return cp == '-' ? CC_DASH : cp == '*' ? CC_MARK : CC_PUNCT;
    }
    if (cp <= 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) ||
        cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
        cp == 0x3000 || cp == 0xFEFF)
        return CC_SPACE;
    if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212)
        return CC_DASH;
    if (cp == 0x2020 || cp == 0x2021)
        return CC_MARK;
    if (cp == 0x2192)
        return CC_ARROW;
    if (cp == 0x2265)
        return CC_GE;
    if (cp == 0x2264)
        return CC_LE;
    if ((cp >= 0x2016 && cp <= 0x201F) || cp == 0x2022 || cp == 0x2026 ||
        cp == 0xAB || cp == 0xB7 || cp == 0xBB)
        return CC_PUNCT;
    return CC_WORD;
}

/* Class of the character at s[i]; *len gets its byte length. */
static int class_at(const char *s, size_t len, size_t i, size_t *clen)
{
    unsigned cp;
    size_t n = utf8_dec((const unsigned char *)s + i, len - i, &cp);
    *clen = n ? n : 1;
    return n ? cp_class(cp) : CC_WORD;
}

/* ---- tokens ------------------------------------------------------------- */

enum { TK_WORD, TK_NUM, TK_PUNCT, TK_MARK, TK_TAG };
enum {
    PU_OTHER, PU_LPAREN, PU_RPAREN, PU_COMMA, PU_SEMI, PU_COLON, PU_DASH,
    PU_SLASH, PU_AMP, PU_PLUS, PU_DOT, PU_ARROW, PU_GT, PU_GE, PU_LT, PU_LE
};
/* <any>, <PortNumber>, an HTML tag (<b>, </u>: a heading's markup), or
 * some other <word> read as a word. */
enum { TAG_WORD, TAG_ANY, TAG_BASE, TAG_HTML };

typedef struct {
    unsigned char type, sub;
    unsigned char port;   /* TK_NUM: reads as a port, not as prose */
    unsigned char starts; /* begins a port expression outside parentheses */
    int kw;               /* TK_WORD: keywords[] index or -1 */
    unsigned depth;       /* parentheses around the token */
    size_t start, end;    /* byte offsets */
    long val;             /* TK_NUM: value, clamped */
    size_t match;         /* '(': index of its ')', or ntk if unclosed */
    size_t next_port;     /* first index >= this one with starts set */
    size_t next_tag;      /* first index >= this one that is an HTML tag */
} token;

/* Length of the word at s[i]: word characters, and '.' or an apostrophe
 * inside it ("H.245", "224.0.0.41", "Manufacturer's"). */
static size_t word_end(const char *s, size_t len, size_t i)
{
    size_t j = i, n;
    while (j < len) {
        int c = class_at(s, len, j, &n);
        unsigned char b = (unsigned char)s[j];
        if (c == CC_WORD)
            j += n;
        else if (b == '.' && j > i && j + 1 < len &&
                 ascii_alnum((unsigned char)s[j + 1]))
            j++;
        else if (b == '\'' && j > i && j + 1 < len &&
                 ascii_alpha((unsigned char)s[j + 1]))
            j++;
        else if (n == 3 && !memcmp(s + j, "\xE2\x80\x99", 3) && j > i &&
                 j + 3 < len && ascii_alpha((unsigned char)s[j + 3]))
            j += 3; /* ’ */
        else
            break;
    }
    return j;
}

/* Lex the word at s[i] into t. A keyword glued to digits ("TCP1720")
 * ends before the digits, which the next call reads as a number. */
static size_t lex_word(const char *s, size_t len, size_t i, token *t)
{
    size_t j = word_end(s, len, i), a = i, d;
    while (a < j && ascii_alpha((unsigned char)s[a]))
        a++;
    for (d = a; d < j && ascii_digit((unsigned char)s[d]); d++)
        ;
    if (a > i && a < j && d == j && kw_find(s + i, a - i) >= 0)
        j = a;
    t->start = i;
    t->end = j;
    for (d = i; d < j && ascii_digit((unsigned char)s[d]); d++)
        if (t->val < NUM_CLAMP)
            t->val = t->val * 10 + (s[d] - '0');
    t->type = d == j ? TK_NUM : TK_WORD;
    t->kw = t->type == TK_WORD ? kw_find(s + i, j - i) : -1;
    return j;
}

/* A run of footnote marks: '*', '†', '‡' in any mix. */
static size_t marks_end(const char *s, size_t len, size_t i)
{
    size_t n;
    while (i < len && class_at(s, len, i, &n) == CC_MARK)
        i += n;
    return i;
}

/* "(*)": a mark in parentheses is one mark. 0 if s[i] is not one. */
static size_t lex_paren_mark(const char *s, size_t len, size_t i)
{
    size_t j = marks_end(s, len, i + 1);
    if (j == i + 1 || j >= len || s[j] != ')')
        return 0;
    return j + 1;
}

static int html_name(const char *s, size_t n)
{
    static const char *const names[] = {
        "a", "b", "i", "u", "s", "em", "strong", "br", "p", "span", "div",
        "sup", "sub", "small", "big", "code", "font", "li", "ul", "ol", "td",
        "tr", "th", "table", "hr", "mark", "ins", "del", "tt",
    };
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
        if (ieq(s, n, names[k]))
            return 1;
    return 0;
}

/* "<b>", "</u>", "<any>", "<PortNumber>": returns the end of the tag and
 * sets t->sub, or 0 if s[i] is just a '<'. */
static size_t lex_tag(const char *s, size_t len, size_t i, token *t)
{
    size_t j = i + 1, name, k;
    if (j < len && s[j] == '/')
        j++;
    name = j;
    while (j < len && ascii_alnum((unsigned char)s[j]))
        j++;
    if (j == name || !ascii_alpha((unsigned char)s[name]))
        return 0;
    for (k = j; k < len && k - i < 200 && s[k] != '>'; k++)
        if (s[k] == '<' || s[k] == '\n')
            return 0;
    if (k >= len || s[k] != '>')
        return 0;
    if (html_name(s + name, j - name))
        t->sub = TAG_HTML;
    else if (ieq(s + i + 1, k - i - 1, "any"))
        t->sub = TAG_ANY;
    else if (ieq(s + i + 1, k - i - 1, "portnumber") ||
             ieq(s + i + 1, k - i - 1, "baseport") ||
             ieq(s + i + 1, k - i - 1, "port number") ||
             ieq(s + i + 1, k - i - 1, "base port"))
        t->sub = TAG_BASE;
    else
        t->sub = TAG_WORD;
    t->type = TK_TAG;
    return k + 1;
}

static int ascii_punct(unsigned char b)
{
    switch (b) {
    case '(': return PU_LPAREN;
    case ')': return PU_RPAREN;
    case ',': return PU_COMMA;
    case ';': return PU_SEMI;
    case ':': return PU_COLON;
    case '/': return PU_SLASH;
    case '&': return PU_AMP;
    case '+': return PU_PLUS;
    case '.': return PU_DOT;
    default: return PU_OTHER;
    }
}

/* Punctuation at s[i] of class c (n bytes): one token. */
static size_t lex_punct(const char *s, size_t len, size_t i, int c, size_t n,
                        token *t)
{
    unsigned char b = (unsigned char)s[i];
    size_t e;
    t->type = TK_PUNCT;
    if (b == '(' && (e = lex_paren_mark(s, len, i)) != 0) {
        t->type = TK_MARK;
        return e;
    }
    if (b == '<' && (e = lex_tag(s, len, i, t)) != 0)
        return e;
    if ((b == '>' || b == '<') && i + 1 < len && s[i + 1] == '=') {
        t->sub = b == '>' ? PU_GE : PU_LE;
        return i + 2;
    }
    if (c == CC_DASH)
        t->sub = PU_DASH;
    else if (c == CC_ARROW)
        t->sub = PU_ARROW;
    else if (c == CC_GE || c == CC_LE)
        t->sub = c == CC_GE ? PU_GE : PU_LE;
    else if (b == '>' || b == '<')
        t->sub = b == '>' ? PU_GT : PU_LT;
    else
        t->sub = n == 1 ? (unsigned char)ascii_punct(b) : PU_OTHER;
    return i + n;
}

/* The next token at or after *pos; 0 at the end of the text. */
static int lex_next(const char *s, size_t len, size_t *pos, token *t)
{
    size_t i = *pos, n;
    int c = CC_SPACE;
    while (i < len && (c = class_at(s, len, i, &n)) == CC_SPACE)
        i += n;
    if (i >= len)
        return 0;
    memset(t, 0, sizeof *t);
    t->kw = -1;
    t->start = i;
    if (c == CC_WORD)
        *pos = lex_word(s, len, i, t);
    else if (c == CC_MARK) {
        t->type = TK_MARK;
        *pos = marks_end(s, len, i);
    } else
        *pos = lex_punct(s, len, i, c, n, t);
    t->end = *pos;
    return 1;
}

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

static const slice no_slice = {NULL, 0};

/* Make room for one more element of an array; NULL when out of memory. */
static void *grow(void *p, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return p;
    size_t ncap = *cap ? *cap * 2 : 16;
    if (ncap > (size_t)-1 / size)
        return NULL;
    void *q = realloc(p, ncap * size);
    if (q)
        *cap = ncap;
    return q;
}

static slice tok_slice(const parser *ps, size_t a, size_t b)
{
    slice r = {ps->s + ps->tk[a].start, ps->tk[b].end - ps->tk[a].start};
    return r;
}

/* Is token i (which may be past the end) the word w, in any case? */
static int tok_word(const parser *ps, size_t i, const char *w)
{
    if (i >= ps->ntk || ps->tk[i].type != TK_WORD)
        return 0;
    return ieq(ps->s + ps->tk[i].start, ps->tk[i].end - ps->tk[i].start, w);
}

static int tok_punct(const parser *ps, size_t i, int sub)
{
    return i < ps->ntk && ps->tk[i].type == TK_PUNCT && ps->tk[i].sub == sub;
}

static int glued(const parser *ps, size_t a, size_t b)
{
    return ps->tk[a].end == ps->tk[b].start;
}

/* At most MSG_TEXT_MAX bytes of s, not cutting a UTF-8 character. */
static int msg_len(slice s)
{
    size_t n = s.n;
    if (n > MSG_TEXT_MAX) {
        n = MSG_TEXT_MAX;
        while (n > 0 && ((unsigned char)s.p[n] & 0xC0) == 0x80)
            n--;
    }
    return (int)n;
}

static void add_diag(parser *ps, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void add_diag(parser *ps, size_t col, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    portspec_diag *d = grow(ps->dg, &ps->dgcap, ps->ndg, sizeof *d);
    char *m = d ? strdup(buf) : NULL;
    if (d)
        ps->dg = d;
    if (!m) {
        ps->nomem = 1;
        return;
    }
    ps->dg[ps->ndg].col = col > (size_t)INT_MAX ? INT_MAX : (int)col;
    ps->dg[ps->ndg++].message = m;
}

/* The words "and", "or", "to" and the punctuation that joins ports. */
static int is_connector(const parser *ps, size_t i)
{
    const token *t = &ps->tk[i];
    if (t->type == TK_PUNCT)
        return t->sub == PU_COMMA || t->sub == PU_DASH ||
               t->sub == PU_SLASH || t->sub == PU_AMP || t->sub == PU_ARROW;
    return tok_word(ps, i, "and") || tok_word(ps, i, "or") ||
           tok_word(ps, i, "to");
}

static int is_port_word(const parser *ps, size_t i)
{
    return tok_word(ps, i, "port") || tok_word(ps, i, "ports") ||
           tok_word(ps, i, "range") || tok_word(ps, i, "ranges");
}

/* ---- pass 1 and 2: tokens and what they are ----------------------------- */

static void tokenize(parser *ps)
{
    size_t pos = 0;
    token t;
    while (!ps->nomem && lex_next(ps->s, ps->len, &pos, &t)) {
        token *tk = grow(ps->tk, &ps->tkcap, ps->ntk, sizeof *tk);
        if (!tk) {
            ps->nomem = 1;
            return;
        }
        ps->tk = tk;
        ps->tk[ps->ntk++] = t;
    }
}

/* Pair the parentheses, using match as the stack's links. */
static void match_parens(parser *ps)
{
    size_t open = ps->ntk, depth = 0;
    for (size_t i = 0; i < ps->ntk; i++) {
        token *t = &ps->tk[i];
        if (tok_punct(ps, i, PU_RPAREN) && open < ps->ntk) {
            size_t prev = ps->tk[open].match;
            ps->tk[open].match = i;
            open = prev;
            depth--;
        }
        t->depth = (unsigned)depth;
        if (tok_punct(ps, i, PU_LPAREN)) {
            t->match = open;
            open = i;
            depth++;
        }
    }
    while (open < ps->ntk) {
        size_t prev = ps->tk[open].match;
        ps->tk[open].match = ps->ntk;
        open = prev;
    }
}

/* "Windows", "Server", "Office", "IPv4": a capitalised word that is no
 * keyword, so the number after it is a name's, not a port. Acronyms
 * ("SSL 636") and the words that do lead to ports are not prose. */
static int is_prose_word(const parser *ps, size_t i)
{
    static const char *const lead[] = {"port", "ports", "range", "and",
                                       "or", "to", "dynamic", "ephemeral"};
    const token *t = &ps->tk[i];
    const char *w = ps->s + t->start;
    size_t n = t->end - t->start, k;
    if (t->type != TK_WORD || t->kw >= 0 || !(w[0] >= 'A' && w[0] <= 'Z'))
        return 0;
    for (k = 0; k < sizeof lead / sizeof lead[0]; k++)
        if (ieq(w, n, lead[k]))
            return 0;
    for (k = 1; k < n; k++)
        if (w[k] >= 'a' && w[k] <= 'z')
            return 1;
    return 0;
}

/* Does the number at i read as a port? Not after a prose word, not glued
 * to a word by '/' or '-' ("H.460.18/19", "AES-256"), not the offset of
 * "+2", and not continuing a prose number ("TelePresence 500, 1000"). */
static int num_is_port(const parser *ps, size_t i)
{
    if (i == 0)
        return 1;
    const token *p = &ps->tk[i - 1];
    if (tok_punct(ps, i - 1, PU_PLUS))
        return 0;
    if ((tok_punct(ps, i - 1, PU_SLASH) || tok_punct(ps, i - 1, PU_DASH)) &&
        i >= 2 && glued(ps, i - 1, i) && glued(ps, i - 2, i - 1) &&
        ps->tk[i - 2].type == TK_WORD && ps->tk[i - 2].kw < 0)
        return 0;
    if (is_prose_word(ps, i - 1))
        return 0;
    if (p->type != TK_NUM && is_connector(ps, i - 1) && i >= 2 &&
        ps->tk[i - 2].type == TK_NUM && !ps->tk[i - 2].port)
        return 0;
    return 1;
}

static int is_na(const parser *ps, size_t i)
{
    return tok_word(ps, i, "n") && tok_punct(ps, i + 1, PU_SLASH) &&
           tok_word(ps, i + 2, "a") && glued(ps, i, i + 1) &&
           glued(ps, i + 1, i + 2);
}

static int is_bound(const parser *ps, size_t i)
{
    const token *t = &ps->tk[i];
    return t->type == TK_PUNCT &&
           (t->sub == PU_GE || t->sub == PU_GT || t->sub == PU_LE ||
            t->sub == PU_LT) &&
           i + 1 < ps->ntk && ps->tk[i + 1].type == TK_NUM;
}

/* Does a port expression begin at i (for the look-ahead of keywords)? */
static int starts_port(const parser *ps, size_t i)
{
    const token *t = &ps->tk[i];
    if (t->depth > 0)
        return 0;
    if (t->type == TK_NUM)
        return t->port;
    if (t->type == TK_TAG)
        return t->sub == TAG_ANY || t->sub == TAG_BASE;
    return is_bound(ps, i) || tok_word(ps, i, "ephemeral") ||
           tok_word(ps, i, "dynamic") || is_na(ps, i);
}

/* Does token i say something (more than closing punctuation or a tag)? */
static int significant(const token *t)
{
    if (t->type == TK_TAG)
        return t->sub != TAG_HTML;
    return t->type != TK_PUNCT ||
           !(t->sub == PU_DOT || t->sub == PU_COMMA || t->sub == PU_SEMI ||
             t->sub == PU_COLON);
}

static void classify(parser *ps)
{
    size_t i, np = ps->ntk, nt = ps->ntk;
    match_parens(ps);
    for (ps->end_sig = ps->ntk; ps->end_sig > 0; ps->end_sig--)
        if (significant(&ps->tk[ps->end_sig - 1]))
            break;
    for (i = 0; i < ps->ntk; i++)
        if (ps->tk[i].type == TK_NUM)
            ps->tk[i].port = (unsigned char)num_is_port(ps, i);
    for (i = 0; i < ps->ntk; i++)
        ps->tk[i].starts = (unsigned char)starts_port(ps, i);
    for (i = ps->ntk; i-- > 0;) {
        if (ps->tk[i].starts)
            np = i;
        if (ps->tk[i].type == TK_TAG && ps->tk[i].sub == TAG_HTML)
            nt = i;
        ps->tk[i].next_port = np;
        ps->tk[i].next_tag = nt;
    }
}

/* Does the application keyword at i introduce a port ("SNMP UDP 161",
 * "LDAP server 389") rather than describe the one before ("TCP 25 SMTP")?
 * It does if a port follows before the end or the next HTML heading. */
static int app_introduces(const parser *ps, size_t i)
{
    if (i + 1 >= ps->ntk)
        return 0;
    return ps->tk[i + 1].next_port < ps->tk[i + 1].next_tag;
}

/* "SIP/TLS": an application over TLS, one transport keyword. */
static int is_app_tls(const parser *ps, size_t i)
{
    return kw_application(ps->tk[i].kw) && tok_punct(ps, i + 1, PU_SLASH) &&
           i + 2 < ps->ntk && ps->tk[i + 2].type == TK_WORD &&
           kw_transport(ps->tk[i + 2].kw) && keywords[ps->tk[i + 2].kw].label &&
           glued(ps, i, i + 1) && glued(ps, i + 1, i + 2);
}

/* ---- items -------------------------------------------------------------- */

static int item_labelled(const item *it)
{
    return it->label.p || it->app_label.p || it->tls_label.p;
}

static void new_clause(parser *ps)
{
    memset(&ps->cl, 0, sizeof ps->cl);
    ps->cl.group_start = ps->nit;
}

/* Emit an item with the clause's protocols and labels, taking the marks
 * that wait for it. */
static item *emit(parser *ps, port_kind_t kind, int lo, int hi)
{
    item *a = grow(ps->it, &ps->itcap, ps->nit, sizeof *a);
    if (!a) {
        ps->nomem = 1;
        return NULL;
    }
    ps->it = a;
    item *it = &ps->it[ps->nit];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    it->lo = lo;
    it->hi = hi;
    it->base_offset = -1;
    it->xmask = ps->cl.xmask;
    it->amask = ps->cl.amask;
    it->app_label = ps->cl.app_label;
    it->tls_label = ps->cl.or_joined ? no_slice : ps->cl.tls_label;
    it->label = ps->next_label.p ? ps->next_label : ps->cl.pending;
    ps->next_label = no_slice;
    for (size_t k = ps->pending_from; k < ps->nmk; k++)
        if (ps->mk[k].item == MARK_PENDING)
            ps->mk[k].item = (long)ps->nit;
    ps->pending_from = ps->nmk;
    ps->nit++;
    if (it->label.p)
        ps->cl.group_start = ps->nit;
    ps->cl.has_item = 1;
    ps->last = P_PORT;
    return it;
}

/* A number that is no port: nothing before it may take what follows, and
 * it ends its clause like a port would ("UDP 137-128 TCP 139"). */
static void bad_port(parser *ps)
{
    for (size_t k = ps->pending_from; k < ps->nmk; k++)
        if (ps->mk[k].item == MARK_PENDING)
            ps->mk[k].item = MARK_LOOSE;
    ps->pending_from = ps->nmk;
    ps->next_label = no_slice;
    ps->cl.group_start = ps->nit;
    ps->cl.has_item = 1;
    ps->last = P_BADPORT;
}

/* The items a trailing "(...)" applies to: those since the last label,
 * else the last one. 0 if none. */
static int target_items(const parser *ps, size_t *from)
{
    if (ps->cl.group_start < ps->nit)
        *from = ps->cl.group_start;
    else if (ps->nit > 0 && ps->cl.has_item)
        *from = ps->nit - 1;
    else
        return 0;
    return 1;
}

static int group_unlabelled(const parser *ps)
{
    for (size_t k = ps->cl.group_start; k < ps->nit; k++)
        if (!item_labelled(&ps->it[k]))
            return 1;
    return 0;
}

static void add_mark(parser *ps, size_t tok, long it)
{
    markref *m = grow(ps->mk, &ps->mkcap, ps->nmk, sizeof *m);
    if (!m) {
        ps->nomem = 1;
        return;
    }
    ps->mk = m;
    if (it != MARK_PENDING && ps->pending_from == ps->nmk)
        ps->pending_from++; /* nothing waits yet: keep the scan short */
    ps->mk[ps->nmk].tok = tok;
    ps->mk[ps->nmk++].item = it;
}

/* ---- pass 3: numbers ---------------------------------------------------- */

static int valid_port(parser *ps, size_t t)
{
    const token *k = &ps->tk[t];
    slice txt = tok_slice(ps, t, t);
    if (k->val > PORT_MAX) {
        add_diag(ps, k->start, "port %.*s is above 65535", msg_len(txt),
                 txt.p);
        return 0;
    }
    if (k->val == 0) {
        add_diag(ps, k->start, "port %.*s is not a valid port number",
                 msg_len(txt), txt.p);
        return 0;
    }
    return 1;
}

/* "a-b", "a - b", "a– b", "a to b": the token of b, or a if no range. */
static size_t range_end(const parser *ps, size_t a)
{
    size_t j = a + 1;
    if (j + 1 < ps->ntk && (tok_punct(ps, j, PU_DASH) || tok_word(ps, j, "to")) &&
        ps->tk[j + 1].type == TK_NUM)
        return j + 1;
    return a;
}

static size_t read_port(parser *ps, size_t a)
{
    size_t b = range_end(ps, a);
    const token *lo = &ps->tk[a], *hi = &ps->tk[b];
    int ok = valid_port(ps, a) && (b == a || valid_port(ps, b));
    if (ok && lo->val > hi->val) {
        add_diag(ps, lo->start, "range %ld-%ld is reversed", lo->val, hi->val);
        ok = 0;
    }
    if (ok)
        emit(ps, PORT_NUMERIC, (int)lo->val, (int)hi->val);
    else
        bad_port(ps);
    ps->last_num = b;
    return b + 1;
}

/* ">=1024", "≥1024", "> 1023" (and "<=", "<"): a class or a range. */
static size_t read_bound(parser *ps, size_t i)
{
    int op = ps->tk[i].sub;
    long v = ps->tk[i + 1].val, lo = 1, hi = PORT_MAX;
    if (op == PU_GE || op == PU_GT)
        lo = op == PU_GE ? v : v + 1;
    else
        hi = op == PU_LE ? v : v - 1;
    lo = lo < 1 ? 1 : lo;
    hi = hi > PORT_MAX ? PORT_MAX : hi;
    ps->last_num = i + 1;
    if (lo > hi) {
        slice txt = tok_slice(ps, i, i + 1);
        add_diag(ps, ps->tk[i].start, "'%.*s' leaves no port number",
                 msg_len(txt), txt.p);
        bad_port(ps);
    } else if (lo == 1024 && hi == PORT_MAX)
        emit(ps, PORT_GE1024, 1024, PORT_MAX);
    else
        emit(ps, PORT_NUMERIC, (int)lo, (int)hi);
    return i + 2;
}

/* "<PortNumber>+2", "<BasePort>+N", "base+N", "<PortNumber>": base port
 * plus offset; token i is the base, the offset follows. */
static size_t read_base(parser *ps, size_t i)
{
    size_t end = i + 1;
    long off = 0;
    if (tok_punct(ps, end, PU_PLUS) && end + 1 < ps->ntk &&
        ps->tk[end + 1].type == TK_NUM) {
        off = ps->tk[end + 1].val;
        end += 2;
    }
    slice txt = tok_slice(ps, i, end - 1);
    if (ps->base_port < 0) {
        add_diag(ps, ps->tk[i].start, "base port unknown: '%.*s' not read",
                 msg_len(txt), txt.p);
        bad_port(ps);
    } else if (ps->base_port + off > PORT_MAX || ps->base_port + off == 0) {
        add_diag(ps, ps->tk[i].start, "'%.*s' is not a valid port (base %d)",
                 msg_len(txt), txt.p, ps->base_port);
        bad_port(ps);
    } else {
        int v = (int)(ps->base_port + off);
        item *it = emit(ps, PORT_NUMERIC, v, v);
        if (it)
            it->base_offset = (int)off;
    }
    return end;
}

/* ---- pass 3: protocol words --------------------------------------------- */

/* A protocol word: a transport ("TCP", "TLS", "SIP/TLS" spanning tokens
 * i..e-1) or an application that introduces ports. After a port it
 * starts a new clause; before one it adds to the clause ("TCP TLS 5061",
 * "DNS Server UDP 53"). */
static size_t protocol_word(parser *ps, size_t i, size_t e, int k)
{
    slice txt = tok_slice(ps, i, e - 1);
    if (ps->cl.has_item)
        new_clause(ps);
    if (kw_transport(k)) {
        ps->cl.xmask |= keywords[k].xmask;
        if (keywords[k].label && !ps->cl.tls_label.p)
            ps->cl.tls_label = txt;
        if (i >= 2 && tok_word(ps, i - 1, "or") &&
            ps->tk[i - 2].type == TK_WORD && kw_transport(ps->tk[i - 2].kw))
            ps->cl.or_joined = 1;
    } else {
        ps->cl.amask |= keywords[k].amask;
        if (!ps->cl.app_label.p)
            ps->cl.app_label = txt;
    }
    ps->last = P_KEYWORD;
    return e;
}

/* Transport keywords and what joins them ("UDP and TCP", "TCP/UDP"),
 * from i: the index after them. */
static size_t skip_transports(const parser *ps, size_t i)
{
    while (i < ps->ntk && ps->tk[i].depth == ps->tk[i - 1].depth &&
           ((ps->tk[i].type == TK_WORD && kw_transport(ps->tk[i].kw)) ||
            tok_punct(ps, i, PU_SLASH) || tok_punct(ps, i, PU_COMMA) ||
            tok_punct(ps, i, PU_AMP) || tok_word(ps, i, "and") ||
            tok_word(ps, i, "or")))
        i++;
    return i;
}

static void add_transports(parser *ps, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        if (ps->tk[i].type == TK_WORD && kw_transport(ps->tk[i].kw))
            protocol_word(ps, i, i + 1, ps->tk[i].kw);
}

/* ---- pass 3: port classes ----------------------------------------------- */

/* "Ephemeral TCP ports", "TCP/UDP Ephemeral Ports", "dynamic": the
 * ephemeral class for the transports named; but before numbers ("dynamic
 * 1024 - 65535") the word labels the range that follows. */
static size_t read_ephemeral(parser *ps, size_t i)
{
    size_t j = skip_transports(ps, i + 1), k = j;
    while (k < ps->ntk && is_port_word(ps, k))
        k++;
    add_transports(ps, i + 1, j);
    if (k < ps->ntk && ps->tk[k].type == TK_NUM && ps->tk[k].port) {
        ps->next_label = tok_slice(ps, i, i);
        ps->last = P_CONNECTOR;
    } else
        emit(ps, PORT_EPHEMERAL, -1, -1);
    return k;
}

/* "Default Linux Ports" (also "Default Linux TCP Ports"), but not
 * "Default Linux TCP port range is 32768- 61000". */
static size_t read_default_linux(parser *ps, size_t i)
{
    if (!tok_word(ps, i + 1, "linux"))
        return 0;
    size_t j = skip_transports(ps, i + 2);
    if (!tok_word(ps, j, "ports") && !tok_word(ps, j, "port"))
        return 0;
    if (is_port_word(ps, j + 1) ||
        (j + 1 < ps->ntk && ps->tk[j + 1].type == TK_NUM))
        return 0;
    add_transports(ps, i + 2, j);
    emit(ps, PORT_EPHEMERAL, -1, -1);
    return j + 1;
}

/* "Any", "any port": any port, unless prose follows ("any IP address"). */
static size_t read_any(parser *ps, size_t i)
{
    size_t j = i + 1;
    if (j < ps->ntk && ps->tk[j].type == TK_WORD && ps->tk[j].kw < 0 &&
        !is_port_word(ps, j) && !is_na(ps, j))
        return 0;
    emit(ps, PORT_ANY, -1, -1);
    while (j < ps->ntk && is_port_word(ps, j))
        j++;
    return j;
}

/* "All TCP/UDP traffic", "All ports", "All TCP/UDP traffic allowed". */
static size_t read_all(parser *ps, size_t i)
{
    size_t j = skip_transports(ps, i + 1);
    if (!tok_word(ps, j, "traffic") && !tok_word(ps, j, "ports") &&
        !tok_word(ps, j, "port"))
        return 0;
    add_transports(ps, i + 1, j);
    emit(ps, PORT_ANY, -1, -1);
    j++;
    if (tok_word(ps, j, "allowed") || tok_word(ps, j, "permitted") ||
        tok_word(ps, j, "open"))
        j++;
    return j;
}

/* "Refer to Manufacturer's documentation for TCP and UDP ports.",
 * "Consult the vendor documentation ...": the vendor's ports, for the
 * transports the sentence names. */
static size_t read_vendor_sentence(parser *ps, size_t i)
{
    size_t k = i + 1;
    if (tok_word(ps, i, "refer") && !tok_word(ps, k, "to"))
        return 0;
    while (k < ps->ntk && !tok_punct(ps, k, PU_DOT) &&
           !(ps->tk[k].type == TK_TAG && ps->tk[k].sub == TAG_HTML))
        k++;
    if (ps->cl.has_item)
        new_clause(ps);
    for (size_t t = i + 1; t < k; t++)
        if (ps->tk[t].depth == ps->tk[i].depth &&
            ps->tk[t].type == TK_WORD && kw_transport(ps->tk[t].kw))
            protocol_word(ps, t, t + 1, ps->tk[t].kw);
    emit(ps, PORT_VENDOR, -1, -1);
    return k;
}

/* "UDP port range depends on client": the vendor's ports. */
static size_t read_depends(parser *ps, size_t i)
{
    if (ps->cl.has_item)
        return 0;
    emit(ps, PORT_VENDOR, -1, -1);
    if (tok_word(ps, i + 1, "on") && i + 2 < ps->ntk &&
        ps->tk[i + 2].type == TK_WORD && ps->tk[i + 2].kw < 0)
        return i + 3; /* "on client" says why; it is no label */
    return i + 1;
}

/* "UDP - Multicast Port Range". */
static size_t read_multicast(parser *ps, size_t i)
{
    size_t j = i + 1;
    if (!tok_word(ps, j, "port") && !tok_word(ps, j, "ports"))
        return 0;
    emit(ps, PORT_VENDOR, -1, -1);
    while (j < ps->ntk && is_port_word(ps, j))
        j++;
    return j;
}

/* Is there nothing but punctuation and HTML tags from i on? */
static int rest_is_empty(const parser *ps, size_t i)
{
    return i >= ps->end_sig;
}

/* "UDP Ports", "Endpoint TCP and UDP Ports" ending the cell: transports
 * with no number, so the vendor's (or the peer's) ports. */
static size_t read_ports_word(parser *ps, size_t i)
{
    size_t j = i + 1;
    if (ps->last != P_KEYWORD || ps->cl.has_item || !ps->cl.xmask ||
        !(tok_word(ps, i, "port") || tok_word(ps, i, "ports")))
        return 0;
    while (j < ps->ntk && is_port_word(ps, j))
        j++;
    if (!rest_is_empty(ps, j))
        return 0;
    emit(ps, PORT_VENDOR, -1, -1);
    return j;
}

/* The words that may name a port class; 0 if the word at i does not
 * here. None does after prose ("may use different ephemeral port
 * ranges"), except "depends". */
static size_t read_class(parser *ps, size_t i)
{
    if (tok_word(ps, i, "depends"))
        return read_depends(ps, i);
    if (ps->last == P_WORD)
        return 0;
    if (is_na(ps, i)) {
        emit(ps, PORT_NONE, -1, -1);
        return i + 3;
    }
    if (tok_word(ps, i, "ephemeral") || tok_word(ps, i, "dynamic"))
        return read_ephemeral(ps, i);
    if (tok_word(ps, i, "default"))
        return read_default_linux(ps, i);
    if (tok_word(ps, i, "any"))
        return read_any(ps, i);
    if (tok_word(ps, i, "all"))
        return read_all(ps, i);
    if (tok_word(ps, i, "refer") || tok_word(ps, i, "consult"))
        return read_vendor_sentence(ps, i);
    if (tok_word(ps, i, "multicast"))
        return read_multicast(ps, i);
    if (tok_word(ps, i, "base") && tok_punct(ps, i + 1, PU_PLUS))
        return read_base(ps, i);
    return 0;
}

/* ---- pass 3: words ------------------------------------------------------ */

/* Does the word run after a port stop at token j? */
static int stops_words(const parser *ps, size_t j)
{
    const token *t = &ps->tk[j];
    switch (t->type) {
    case TK_NUM:
        return t->port;
    case TK_MARK:
        return 1;
    case TK_TAG:
        return t->sub != TAG_WORD;
    case TK_PUNCT:
        return t->sub == PU_LPAREN || t->sub == PU_RPAREN ||
               t->sub == PU_SEMI || is_bound(ps, j);
    default:
        if (kw_transport(t->kw) && !(j >= 2 && is_app_tls(ps, j - 2)))
            return 1; /* but "5061 SIP/TLS" is one label */
        if (kw_application(t->kw) && app_introduces(ps, j))
            return 1;
        return tok_word(ps, j, "ephemeral") || tok_word(ps, j, "dynamic") ||
               is_na(ps, j);
    }
}

/* "TCP 8089 XML API", "UDP 12000-15000** Audio and Video media": the words
 * after a port, up to the next transport, number or parenthesis, label
 * the ports since the last label that have none. */
static size_t read_words(parser *ps, size_t i)
{
    size_t j, last_word = i;
    for (j = i; j < ps->ntk && !stops_words(ps, j); j++)
        if (ps->tk[j].type != TK_PUNCT && !is_connector(ps, j))
            last_word = j;
    slice lab = tok_slice(ps, i, last_word);
    int used = 0;
    for (size_t k = ps->cl.group_start; k < ps->nit; k++)
        if (!item_labelled(&ps->it[k])) {
            ps->it[k].label = lab;
            used = 1;
        }
    ps->cl.group_start = ps->nit;
    ps->last = used ? P_LABEL : P_WORD;
    return j;
}

/* "9XXXX", "224.0.0.41" where a port should be. */
static size_t read_not_port(parser *ps, size_t i)
{
    slice txt = tok_slice(ps, i, i);
    add_diag(ps, ps->tk[i].start, "'%.*s' is not a port number",
             msg_len(txt), txt.p);
    bad_port(ps);
    return i + 1;
}

/* "and", "or", "to", ",", "/", "-": after a port, a list goes on; at the
 * end of the cell the text was cut ("135 and"). */
static size_t read_connector(parser *ps, size_t i)
{
    int after_port = ps->last == P_PORT || ps->last == P_BADPORT ||
                     ps->last == P_LABEL;
    if (after_port && rest_is_empty(ps, i + 1)) {
        slice txt = tok_slice(ps, i, i);
        add_diag(ps, ps->tk[i].start, "list ends with '%.*s': text cut short?",
                 msg_len(txt), txt.p);
    }
    if (after_port || (ps->last != P_WORD && ps->last != P_KEYWORD))
        ps->last = P_CONNECTOR;
    return i + 1;
}

/* A word that is no keyword, class or connector: the label of the ports
 * just read, or prose. "port" and "range" keep the context ("UDP port
 * Range 35000"). */
static size_t read_plain(parser *ps, size_t i)
{
    if (ps->last == P_PORT && group_unlabelled(ps))
        return read_words(ps, i);
    if (ps->last == P_PORT)
        ps->cl.group_start = ps->nit; /* a "(...)" after prose is not theirs */
    if (!(is_port_word(ps, i) && ps->last != P_PORT))
        ps->last = P_WORD;
    return i + 1;
}

static size_t read_word(parser *ps, size_t i)
{
    const token *t = &ps->tk[i];
    size_t e;
    int in_port_place = ps->last == P_START || ps->last == P_KEYWORD ||
                        ps->last == P_CONNECTOR || ps->last == P_PORT;
    if (ascii_digit((unsigned char)ps->s[t->start]) && in_port_place)
        return read_not_port(ps, i);
    if (is_app_tls(ps, i) && app_introduces(ps, i))
        return protocol_word(ps, i, i + 3, ps->tk[i + 2].kw);
    if (kw_transport(t->kw) || (kw_application(t->kw) && app_introduces(ps, i)))
        return protocol_word(ps, i, i + 1, t->kw);
    if ((e = read_class(ps, i)) != 0)
        return e;
    if (is_connector(ps, i))
        return read_connector(ps, i);
    if ((e = read_ports_word(ps, i)) != 0)
        return e;
    return read_plain(ps, i);
}

/* ---- pass 3: parentheses ------------------------------------------------ */

/* "(UDP)", "(TLS)", "(TCP/UDP)": the transports, or 0 if it says more. */
static unsigned paren_transports(const parser *ps, size_t a, size_t b,
                                 slice *tls)
{
    unsigned m = 0;
    *tls = no_slice;
    for (size_t i = a; i < b; i++) {
        const token *t = &ps->tk[i];
        if (t->type == TK_WORD && kw_transport(t->kw)) {
            m |= keywords[t->kw].xmask;
            if (keywords[t->kw].label && !tls->p)
                *tls = tok_slice(ps, i, i);
        } else if (!(tok_punct(ps, i, PU_SLASH) || tok_punct(ps, i, PU_AMP) ||
                     tok_punct(ps, i, PU_COMMA) || tok_word(ps, i, "and") ||
                     tok_word(ps, i, "or")))
            return 0;
    }
    return m;
}

/* "(even ports)", "(odd numbered ports)": the parity, or PARITY_ALL. */
static parity_t paren_parity(const parser *ps, size_t a, size_t b)
{
    parity_t p = tok_word(ps, a, "even") ? PARITY_EVEN
               : tok_word(ps, a, "odd")  ? PARITY_ODD
                                         : PARITY_ALL;
    for (size_t i = a + 1; i < b && p != PARITY_ALL; i++)
        if (!tok_word(ps, i, "numbered") && !tok_word(ps, i, "number") &&
            !is_port_word(ps, i) && !tok_word(ps, i, "only"))
            p = PARITY_ALL;
    return p;
}

/* "(5060)" right after a transport ("TCP/UDP (5060) SIP"): the port. */
static int paren_is_port(const parser *ps, size_t a, size_t b)
{
    if (ps->last != P_KEYWORD || ps->cl.has_item || b <= a ||
        ps->tk[a].type != TK_NUM)
        return 0;
    return range_end(ps, a) + 1 == b;
}

static void retype(parser *ps, unsigned m, slice tls)
{
    size_t from;
    if ((ps->last == P_PORT || ps->last == P_LABEL) && target_items(ps, &from)) {
        for (size_t k = from; k < ps->nit; k++) {
            ps->it[k].xmask = m;
            if (tls.p && !ps->it[k].tls_label.p)
                ps->it[k].tls_label = tls;
        }
        ps->last = P_PORT;
    } else if (ps->last == P_KEYWORD && !ps->cl.has_item) {
        ps->cl.xmask |= m;
        if (tls.p && !ps->cl.tls_label.p)
            ps->cl.tls_label = tls;
    } else
        ps->last = P_SEP;
}

static void set_parity(parser *ps, parity_t p)
{
    size_t from;
    if ((ps->last == P_PORT || ps->last == P_LABEL) && target_items(ps, &from)) {
        for (size_t k = from; k < ps->nit; k++)
            if (ps->it[k].kind == PORT_NUMERIC)
                ps->it[k].parity = p;
        ps->last = P_PORT;
    } else
        ps->last = P_SEP;
}

/* A "(label)" after ports labels those since the last label; after a
 * protocol word, the ports that follow; anywhere else it stays in the
 * raw text only. */
static void paren_label(parser *ps, slice lab)
{
    if ((ps->last == P_PORT || ps->last == P_LABEL) &&
        ps->cl.group_start < ps->nit) {
        for (size_t k = ps->cl.group_start; k < ps->nit; k++)
            ps->it[k].label = lab;
        ps->cl.group_start = ps->nit;
        ps->last = P_LABEL;
    } else if (ps->last == P_KEYWORD && !ps->cl.has_item) {
        if (!ps->cl.pending.p)
            ps->cl.pending = lab;
    } else
        ps->last = P_SEP;
}

static slice trim(slice s)
{
    while (s.n && ((unsigned char)s.p[0] <= ' ' || s.p[0] == 0x7F))
        s.p++, s.n--;
    while (s.n && ((unsigned char)s.p[s.n - 1] <= ' ' || s.p[s.n - 1] == 0x7F))
        s.n--;
    return s;
}

static size_t read_paren(parser *ps, size_t i)
{
    size_t end = ps->tk[i].match, a = i + 1;
    size_t next = end < ps->ntk ? end + 1 : ps->ntk;
    size_t stop = end < ps->ntk ? ps->tk[end].start : ps->len;
    slice inner = {ps->s + ps->tk[i].end, stop - ps->tk[i].end}, tls;
    unsigned m;
    parity_t par;
    for (size_t k = a; k < end; k++)
        if (ps->tk[k].type == TK_MARK)
            add_mark(ps, k, MARK_LOOSE);
    inner = trim(inner);
    if (!inner.n)
        return next;
    if ((m = paren_transports(ps, a, end, &tls)) != 0)
        retype(ps, m, tls);
    else if ((par = paren_parity(ps, a, end)) != PARITY_ALL)
        set_parity(ps, par);
    else if (paren_is_port(ps, a, end))
        read_port(ps, a);
    else
        paren_label(ps, inner);
    return next;
}

/* ---- pass 3: the walk --------------------------------------------------- */

/* A mark after a port ("5060*", "33000–39999 **") is that port's; before
 * one ("† 55000–65535") it waits for the next. After a port's label it is
 * the port's only if no port follows ("80 (HTTP) † 443": the 443's). */
static size_t read_mark(parser *ps, size_t i)
{
    long to = MARK_PENDING;
    int next_port = i + 1 < ps->ntk && ps->tk[i + 1].starts;
    if ((ps->last == P_PORT || (ps->last == P_LABEL && !next_port)) &&
        ps->nit > 0 && ps->cl.has_item)
        to = (long)ps->nit - 1;
    add_mark(ps, i, to);
    return i + 1;
}

/* "5070. 5077": two ports, but the '.' may hide a range or a typo. */
static size_t read_dot(parser *ps, size_t i)
{
    size_t j = i + 1;
    if ((ps->last == P_PORT || ps->last == P_BADPORT) && j < ps->ntk &&
        ps->tk[j].type == TK_NUM && ps->tk[j].port && !glued(ps, i, j)) {
        slice a = tok_slice(ps, ps->last_num, ps->last_num);
        slice b = tok_slice(ps, j, j);
        add_diag(ps, ps->tk[i].start,
                 "unclear separator '.' between %.*s and %.*s: read as two "
                 "ports", msg_len(a), a.p, msg_len(b), b.p);
        ps->last = P_CONNECTOR;
    } else if (ps->last != P_KEYWORD)
        ps->last = P_SEP;
    return j;
}

static size_t read_punct(parser *ps, size_t i)
{
    switch (ps->tk[i].sub) {
    case PU_LPAREN:
        return read_paren(ps, i);
    case PU_GE: case PU_GT: case PU_LE: case PU_LT:
        if (is_bound(ps, i))
            return read_bound(ps, i);
        break;
    case PU_DOT:
        return read_dot(ps, i);
    case PU_COMMA: case PU_DASH: case PU_SLASH: case PU_AMP: case PU_ARROW:
        return read_connector(ps, i);
    case PU_COLON: case PU_PLUS: case PU_RPAREN:
        return i + 1;
    default:
        break;
    }
    if (ps->last != P_WORD)
        ps->last = P_SEP;
    return i + 1;
}

static size_t read_tag(parser *ps, size_t i)
{
    switch (ps->tk[i].sub) {
    case TAG_ANY:
        emit(ps, PORT_ANY, -1, -1);
        return i + 1;
    case TAG_BASE:
        return read_base(ps, i);
    case TAG_HTML: /* "<u>Media</u>": a heading, unrelated to what precedes */
        ps->last = P_SEP;
        return i + 1;
    default:
        return read_plain(ps, i);
    }
}

static size_t step(parser *ps, size_t i)
{
    const token *t = &ps->tk[i];
    switch (t->type) {
    case TK_NUM:
        return t->port ? read_port(ps, i) : read_plain(ps, i);
    case TK_WORD:
        return read_word(ps, i);
    case TK_MARK:
        return read_mark(ps, i);
    case TK_TAG:
        return read_tag(ps, i);
    default:
        return read_punct(ps, i);
    }
}

/* ---- protocol columns --------------------------------------------------- */

typedef struct {
    unsigned xmask, amask;
    slice tls_label, app_label;
    int or_joined;
} proto_words;

/* Read the transport and application words of a protocol column
 * ("UDP & TCP", "TCP or TLS", "TCP (TLS)", "SIP/TLS"), without
 * allocating: the last two tokens are all the context needed. */
static void read_proto_words(const char *text, proto_words *pw)
{
    token t, prev = {0}, prev2 = {0};
    size_t pos = 0, len = strlen(text);
    memset(pw, 0, sizeof *pw);
    prev.kw = prev2.kw = -1;
    while (lex_next(text, len, &pos, &t)) {
        slice txt = {text + t.start, t.end - t.start};
        int app_tls = kw_transport(t.kw) && keywords[t.kw].label &&
                      prev.type == TK_PUNCT && prev.sub == PU_SLASH &&
                      kw_application(prev2.kw) && prev2.end == prev.start &&
                      prev.end == t.start;
        if (app_tls) { /* "SIP/TLS": TCP, labelled as written */
            txt.p = text + prev2.start;
            txt.n = t.end - prev2.start;
            if (pw->app_label.p == text + prev2.start)
                pw->app_label = no_slice;
        }
        if (kw_transport(t.kw)) {
            pw->xmask |= keywords[t.kw].xmask;
            if (keywords[t.kw].label && !pw->tls_label.p)
                pw->tls_label = txt;
            if (prev.type == TK_WORD && ieq(text + prev.start,
                                            prev.end - prev.start, "or") &&
                kw_transport(prev2.kw))
                pw->or_joined = 1;
        } else if (kw_application(t.kw)) {
            pw->amask |= keywords[t.kw].amask;
            if (!pw->app_label.p)
                pw->app_label = txt;
        }
        prev2 = prev;
        prev = t;
    }
}

static unsigned proto_words_mask(const proto_words *pw)
{
    return pw->xmask ? pw->xmask : pw->amask;
}

static int popcount(unsigned m)
{
    int n = 0;
    for (; m; m &= m - 1)
        n++;
    return n;
}

int portspec_protocols(const char *text, unsigned *mask)
{
    proto_words pw;
    unsigned m = 0;
    if (text) {
        read_proto_words(text, &pw);
        m = proto_words_mask(&pw);
    }
    if (mask)
        *mask = m;
    return popcount(m);
}

/* ---- the result --------------------------------------------------------- */

static char *dup_slice(slice s)
{
    char *p = malloc(s.n + 1);
    if (p) {
        memcpy(p, s.p, s.n);
        p[s.n] = '\0';
    }
    return p;
}

/* The text of a mark as a legend would write it: "(*)" is "*". */
static slice mark_text(const parser *ps, size_t tok)
{
    slice s = tok_slice(ps, tok, tok);
    if (s.n >= 2 && s.p[0] == '(') {
        s.p++;
        s.n -= 2;
    }
    return s;
}

/* Is mark m already in the space-separated list out[0..n)? */
static int listed(const char *out, size_t n, slice m)
{
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && out[j] != ' ')
            j++;
        if (j - i == m.n && memcmp(out + i, m.p, m.n) == 0)
            return 1;
        i = j + 1;
    }
    return 0;
}

#define ALL_ITEMS (-3L)

/* The marks in ps->mk[from..to) of item it (ALL_ITEMS: of any), space
 * separated, each once; NULL if none, or if out of memory (*nomem). */
static char *join_marks(const parser *ps, size_t from, size_t to, long it,
                        int *nomem)
{
    size_t n = 0, k, len = 0;
    char *out;
    for (k = from; k < to; k++)
        if (it == ALL_ITEMS || ps->mk[k].item == it)
            n += mark_text(ps, ps->mk[k].tok).n + 1;
    if (!n)
        return NULL;
    if (!(out = malloc(n))) {
        *nomem = 1;
        return NULL;
    }
    for (k = from; k < to; k++) {
        slice m = mark_text(ps, ps->mk[k].tok);
        if ((it != ALL_ITEMS && ps->mk[k].item != it) || listed(out, len, m))
            continue;
        if (len)
            out[len++] = ' ';
        memcpy(out + len, m.p, m.n);
        len += m.n;
    }
    out[len] = '\0';
    return out;
}

/* The transports of an item: the cell's own transport, else the row's
 * protocol column, else what its application implies. */
static unsigned item_mask(const parser *ps, const item *it, int *by_default)
{
    *by_default = 0;
    if (it->xmask)
        return it->xmask;
    if (ps->def_mask) {
        *by_default = 1;
        return ps->def_mask;
    }
    return it->amask;
}

/* Its label: its own, else its application's, else TLS (or the protocol
 * column's TLS when that gave the transport). */
static slice item_label(const parser *ps, const item *it, int by_default)
{
    if (it->label.p)
        return it->label;
    if (it->app_label.p)
        return it->app_label;
    if (it->tls_label.p && it->xmask)
        return it->tls_label;
    return by_default ? ps->def_label : no_slice;
}

static int fill_range(port_range *r, const item *it, proto_t p, slice label,
                      const char *marks)
{
    r->proto = p;
    r->kind = it->kind;
    r->lo = it->lo;
    r->hi = it->hi;
    r->parity = it->parity;
    r->base_offset = it->base_offset;
    r->label = label.n ? dup_slice(label) : NULL;
    r->marks = marks ? strdup(marks) : NULL;
    return (!label.n || r->label) && (!marks || r->marks);
}

/* Ranges of item k, one per transport (TCP first). Its marks are in
 * ps->mk[*mk..]: marks reach items in order, so one cursor finds all. */
static int item_ranges(const parser *ps, size_t k, size_t *mk, portspec *out)
{
    const item *it = &ps->it[k];
    int by_default, nomem = 0, ok = 1;
    unsigned m = item_mask(ps, it, &by_default);
    slice label = item_label(ps, it, by_default);
    size_t from = *mk;
    while (*mk < ps->nmk && ps->mk[*mk].item <= (long)k)
        (*mk)++;
    char *marks = join_marks(ps, from, *mk, (long)k, &nomem);
    if (nomem)
        return 0;
    for (int p = PROTO_UNSPEC; p < PROTO__COUNT && ok; p++) {
        if (m ? !(m & (1u << p)) : p != PROTO_UNSPEC)
            continue;
        ok = fill_range(&out->ranges[out->n++], it, (proto_t)p, trim(label),
                        marks);
    }
    free(marks);
    return ok;
}

static int build(const parser *ps, portspec *out)
{
    size_t total = 0, k, mk = 0;
    int by_default, nomem = 0;
    for (k = 0; k < ps->nit; k++) {
        int n = popcount(item_mask(ps, &ps->it[k], &by_default));
        total += n ? (size_t)n : 1;
    }
    if (total && !(out->ranges = calloc(total, sizeof *out->ranges)))
        return 0;
    for (k = 0; k < ps->nit; k++)
        if (!item_ranges(ps, k, &mk, out))
            return 0;
    out->marks = join_marks(ps, 0, ps->nmk, ALL_ITEMS, &nomem);
    return !nomem;
}

static void parser_free(parser *ps)
{
    for (size_t k = 0; k < ps->ndg; k++)
        free(ps->dg[k].message);
    free(ps->dg);
    free(ps->tk);
    free(ps->it);
    free(ps->mk);
}

status portspec_parse(const char *text, const portspec_ctx *ctx,
                      portspec *out)
{
    parser ps;
    proto_words pw;
    memset(out, 0, sizeof *out);
    memset(&ps, 0, sizeof ps);
    ps.s = text ? text : "";
    ps.len = strlen(ps.s);
    ps.base_port = ctx ? ctx->base_port : -1;
    if (ctx && ctx->default_proto) {
        read_proto_words(ctx->default_proto, &pw);
        ps.def_mask = proto_words_mask(&pw);
        ps.def_label = pw.app_label.p ? pw.app_label
                     : pw.or_joined  ? no_slice
                                     : pw.tls_label;
    }
    tokenize(&ps);
    if (!ps.nomem)
        classify(&ps);
    for (size_t i = 0; i < ps.ntk && !ps.nomem;)
        i = step(&ps, i);
    if (ps.nomem || !build(&ps, out)) {
        parser_free(&ps);
        portspec_free(out);
        return ST_NOMEM;
    }
    out->diags = ps.dg;
    out->ndiags = ps.ndg;
    ps.dg = NULL;
    ps.ndg = 0;
    parser_free(&ps);
    return ST_OK;
}

void portspec_free(portspec *ps)
{
    if (!ps)
        return;
    for (size_t k = 0; k < ps->n; k++) {
        free(ps->ranges[k].label);
        free(ps->ranges[k].marks);
    }
    free(ps->ranges);
    for (size_t k = 0; k < ps->ndiags; k++)
        free(ps->diags[k].message);
    free(ps->diags);
    free(ps->marks);
    memset(ps, 0, sizeof *ps);
}

/* ---- names -------------------------------------------------------------- */

static const char *const proto_names[PROTO__COUNT] = {"", "tcp", "udp",
                                                      "icmp", "esp"};
static const char *const kind_names[PORT__COUNT] = {
    "numeric", "ge1024", "any", "ephemeral", "vendor", "none"};
static const char *const parity_names[] = {"", "even", "odd"};

/* Index of name in names (case-insensitive), or -1. */
static int name_index(const char *const *names, int n, const char *name)
{
    if (!name)
        return -1;
    for (int i = 0; i < n; i++)
        if (ieq(name, strlen(name), names[i]))
            return i;
    return -1;
}

const char *proto_name(proto_t p)
{
    return (unsigned)p < PROTO__COUNT ? proto_names[p] : "";
}

proto_t proto_from_name(const char *name)
{
    int i = name && *name ? name_index(proto_names, PROTO__COUNT, name) : -1;
    return i < 0 ? PROTO_UNSPEC : (proto_t)i;
}

const char *port_kind_name(port_kind_t k)
{
    return (unsigned)k < PORT__COUNT ? kind_names[k] : "";
}

port_kind_t port_kind_from_name(const char *name)
{
    int i = name_index(kind_names, PORT__COUNT, name);
    return i < 0 ? PORT__COUNT : (port_kind_t)i;
}

const char *parity_name(parity_t p)
{
    return (unsigned)p <= PARITY_ODD ? parity_names[p] : "";
}

parity_t parity_from_name(const char *name)
{
    int i = name && *name ? name_index(parity_names, 3, name) : -1;
    return i < 0 ? PARITY_ALL : (parity_t)i;
}
