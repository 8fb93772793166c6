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
 * walk goes on; no invalid number ever becomes a range.
 *
 * This file holds the entry points, the parser's memory and diagnostics,
 * the reading of a protocol column, and the result: items split into one
 * range per transport, with their labels and marks copied out of the
 * text. The passes live in portspec_lex.c (1, 2), portspec_walk.c and
 * portspec_ports.c (3); the words they know in portspec_words.c. */
#include "portspec_int.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the parser's memory and diagnostics -------------------------------- */

void *portspec_grow(void *p, size_t *cap, size_t n, size_t size)
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

void portspec_add_diag(parser *ps, size_t col, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    portspec_diag *d = portspec_grow(ps->dg, &ps->dgcap, ps->ndg, sizeof *d);
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

static void parser_free(parser *ps)
{
    for (size_t k = 0; k < ps->ndg; k++)
        free(ps->dg[k].message);
    free(ps->dg);
    free(ps->tk);
    free(ps->it);
    free(ps->mk);
}

/* ---- protocol columns --------------------------------------------------- */

typedef struct {
    unsigned xmask, amask;
    slice tls_label, app_label;
    int or_joined;
} proto_words;

/* Add keyword token t (prev and prev2 before it) of a protocol column to
 * pw. */
static void add_proto_word(const char *text, const token *t,
                           const token *prev, const token *prev2,
                           proto_words *pw)
{
    const keyword *kw = &portspec_keywords[t->kw];
    slice txt = {text + t->start, t->end - t->start};
    int app_tls = kw_transport(t->kw) && kw->label &&
                  prev->type == TK_PUNCT && prev->sub == PU_SLASH &&
                  kw_application(prev2->kw) && prev2->end == prev->start &&
                  prev->end == t->start;
    if (app_tls) { /* "SIP/TLS": TCP, labelled as written */
        txt.p = text + prev2->start;
        txt.n = t->end - prev2->start;
        if (pw->app_label.p == text + prev2->start)
            pw->app_label = no_slice;
    }
    if (kw_transport(t->kw)) {
        pw->xmask |= kw->xmask;
        if (kw->label && !pw->tls_label.p)
            pw->tls_label = txt;
        if (prev->type == TK_WORD &&
            ieq(text + prev->start, prev->end - prev->start, "or") &&
            kw_transport(prev2->kw))
            pw->or_joined = 1;
    } else {
        pw->amask |= kw->amask;
        if (!pw->app_label.p)
            pw->app_label = txt;
    }
}

/* Read the transport and application words of a protocol column
 * ("UDP & TCP", "TCP or TLS", "TCP (TLS)", "SIP/TLS"), without
 * allocating: the last two tokens are all the context needed. */
static void read_proto_words(const char *text, proto_words *pw)
{
    token t, prev = {0}, prev2 = {0};
    size_t pos = 0, len = strlen(text);
    memset(pw, 0, sizeof *pw);
    prev.kw = prev2.kw = -1;
    while (portspec_lex_next(text, len, &pos, &t)) {
        if (t.kw >= 0)
            add_proto_word(text, &t, &prev, &prev2, pw);
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

/* ---- entry points ------------------------------------------------------- */

/* The row's protocol column: the transports for ports the cell gives none,
 * and the label they take then ("TLS", not for "TCP or TLS"). */
static void read_default_proto(parser *ps, const char *default_proto)
{
    proto_words pw;
    read_proto_words(default_proto, &pw);
    ps->def_mask = proto_words_mask(&pw);
    ps->def_label = pw.app_label.p ? pw.app_label
                  : pw.or_joined  ? no_slice
                                  : pw.tls_label;
}

status portspec_parse(const char *text, const portspec_ctx *ctx,
                      portspec *out)
{
    parser ps;
    memset(out, 0, sizeof *out);
    memset(&ps, 0, sizeof ps);
    ps.s = text ? text : "";
    ps.len = strlen(ps.s);
    ps.base_port = ctx ? ctx->base_port : -1;
    if (ctx && ctx->default_proto)
        read_default_proto(&ps, ctx->default_proto);
    portspec_tokenize(&ps);
    if (!ps.nomem)
        portspec_classify(&ps);
    portspec_walk(&ps);
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
