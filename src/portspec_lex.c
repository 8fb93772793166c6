/* portspec_lex.c - passes 1 and 2 of the port-spec parser: the cell's
 * text into tokens, then what each token is.
 *
 *   1. lex: numbers, words, punctuation, footnote marks and <...> tags,
 *      each with its byte offset. The text is never copied or changed:
 *      labels are slices of it until the result is built.
 *   2. classify: where each parenthesis closes, which numbers are ports
 *      (not "Windows Server 2008", not the 19 of "H.460.18/19"), and where
 *      the next port begins (to tell "SNMP UDP 161", where SNMP introduces
 *      a port, from "TCP 25 SMTP", where it describes one).
 *
 * Neither pass emits ranges or diagnostics: a number that is no port is
 * only marked so, for the walk (portspec_walk.c) to decide. */
#include "portspec_int.h"

#include <string.h>

#define NUM_CLAMP 100000000L /* any longer number is as wrong as this one */

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

/* ---- pass 1: tokens ----------------------------------------------------- */

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
    if (a > i && a < j && d == j && portspec_kw_find(s + i, a - i) >= 0)
        j = a;
    t->start = i;
    t->end = j;
    for (d = i; d < j && ascii_digit((unsigned char)s[d]); d++)
        if (t->val < NUM_CLAMP)
            t->val = t->val * 10 + (s[d] - '0');
    t->type = d == j ? TK_NUM : TK_WORD;
    t->kw = t->type == TK_WORD ? portspec_kw_find(s + i, j - i) : -1;
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
    slice word = {s + name, j - name}, inner = {s + i + 1, k - i - 1};
    t->sub = (unsigned char)portspec_tag_kind(word, inner);
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

int portspec_lex_next(const char *s, size_t len, size_t *pos, token *t)
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

void portspec_tokenize(parser *ps)
{
    size_t pos = 0;
    token t;
    while (!ps->nomem && portspec_lex_next(ps->s, ps->len, &pos, &t)) {
        token *tk = portspec_grow(ps->tk, &ps->tkcap, ps->ntk, sizeof *tk);
        if (!tk) {
            ps->nomem = 1;
            return;
        }
        ps->tk = tk;
        ps->tk[ps->ntk++] = t;
    }
}

/* ---- pass 2: what the tokens are ---------------------------------------- */

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

void portspec_classify(parser *ps)
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
