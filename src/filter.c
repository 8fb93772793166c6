/* filter.c - the flow filter language of filter.h: split the text into
 * terms, compile each term's pattern once, then match flows and find spans
 * to highlight without allocating.
 *
 * A filter is compiled on every keystroke of the explorer's "/" prompt and
 * matched against up to a million flows, so everything that costs (regex
 * compilation, JIT, match data, the port lookup) happens in filter_new and
 * filter_bind; filter_match only reads. */
#include "filter.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filter_int.h"
#include "portspec.h"
#include "regex.h"

/* ---- fields ----------------------------------------------------------------- */

/* The columns of db_flow a field reads, as offsets of const char *
 * members, so one loop serves every field. */
#define COL(m) offsetof(db_flow, m)
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
static const size_t cols_any[] = {
    COL(source),      COL(source_ports), COL(destination),
    COL(destination_ports), COL(protocol), COL(transports),
    COL(description), COL(requirement),  COL(req_level),
    COL(document),    COL(product),      COL(section)};
static const size_t cols_src[] = {COL(source), COL(source_ports)};
static const size_t cols_dst[] = {COL(destination), COL(destination_ports)};
static const size_t cols_proto[] = {COL(protocol)};
static const size_t cols_port[] = {COL(source_ports), COL(destination_ports)};
static const size_t cols_desc[] = {COL(description)};
static const size_t cols_req[] = {COL(requirement), COL(req_level)};
static const size_t cols_doc[] = {COL(document), COL(product), COL(section)};

static const struct {
    const char *name;
    const size_t *cols;
    size_t ncols;
} fields[FF__COUNT] = {
    [FF_ANY] = {"", cols_any, COUNT(cols_any)},
    [FF_SRC] = {"src", cols_src, COUNT(cols_src)},
    [FF_DST] = {"dst", cols_dst, COUNT(cols_dst)},
    [FF_PROTO] = {"proto", cols_proto, COUNT(cols_proto)},
    [FF_PORT] = {"port", cols_port, COUNT(cols_port)},
    [FF_DESC] = {"desc", cols_desc, COUNT(cols_desc)},
    [FF_REQ] = {"req", cols_req, COUNT(cols_req)},
    [FF_DOC] = {"doc", cols_doc, COUNT(cols_doc)},
};

/* The field named by s[0, n), or -1. */
static int field_from_name(const char *s, size_t n)
{
    int k;
    for (k = FF_ANY + 1; k < FF__COUNT; k++)
        if (strlen(fields[k].name) == n && memcmp(fields[k].name, s, n) == 0)
            return k;
    return -1;
}

static const char *flow_col(const db_flow *fl, size_t off)
{
    const char *s = *(const char *const *)(const void *)((const char *)fl +
                                                         off);
    return s ? s : "";
}

/* Words of a port cell that name a protocol ("TCP 1720", "5060 (SIP)",
 * "UDP/RTP"): proto: reads them besides the protocol column, because many
 * tables leave that column empty and put the transport in the port cell;
 * and the words of the flow's transports ("TCP/UDP"), so that
 * proto:^udp$ finds every flow whose Proto column shows UDP. */
static const char *const proto_words[] = {
    "tcp", "udp", "tls", "dtls", "icmp", "esp", "sctp",
    "http", "https", "sip", "sips", "rtp", "rtcp", "srtp"};

static int ascii_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static int ascii_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Is s[0, n) equal to the lower-case ASCII word w, ignoring case? */
static int same_word(const char *s, size_t n, const char *w)
{
    size_t k;
    for (k = 0; k < n; k++)
        if (w[k] == '\0' || ascii_lower((unsigned char)s[k]) != w[k])
            return 0;
    return w[n] == '\0';
}

static int same_ci(const char *a, const char *b, size_t n)
{
    size_t k;
    for (k = 0; k < n; k++)
        if (ascii_lower((unsigned char)a[k]) != ascii_lower((unsigned char)b[k]))
            return 0;
    return 1;
}

static int is_proto_word(const char *s, size_t n)
{
    size_t k;
    for (k = 0; k < COUNT(proto_words); k++)
        if (same_word(s, n, proto_words[k]))
            return 1;
    return 0;
}

size_t filter_proto_words(const char *cell, filter_word *w, size_t n)
{
    const char *p = cell;
    while (*p && n < FILTER_MAX_WORDS) {
        const char *q = p;
        size_t k, len;
        if (!ascii_alpha((unsigned char)*p)) {
            p++;
            continue;
        }
        while (ascii_alpha((unsigned char)*q))
            q++;
        len = (size_t)(q - p);
        for (k = 0; k < n; k++)
            if (w[k].len == len && same_ci(w[k].s, p, len))
                break;
        if (k == n && is_proto_word(p, len))
            w[n++] = (filter_word){p, len};
        p = q;
    }
    return n;
}

/* ---- terms ------------------------------------------------------------------ */

/* One term as read from the text, before compilation. The pattern is the
 * term without "!", "field:" and double quotes; pos maps each of its bytes
 * back to the text so PCRE2's error offset becomes a column. */
typedef struct {
    int neg;
    filter_field field;
    char *pat;
    size_t plen;
    size_t *pos; /* pos[k]: offset in the text of pat[k]; pos[plen]: end */
} token;

static void set_error(filter_error *err, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void set_error(filter_error *err, size_t col, const char *fmt, ...)
{
    va_list ap;
    if (!err)
        return;
    err->col = (int)col;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Read the field prefix of the term at s[*i]: lower-case letters and a
 * colon. Returns 0 when there is none (the letters are pattern), 1 when
 * one was read (*i moves past the colon), -1 for an unknown name. */
static int read_field(const char *s, size_t n, size_t *i, token *t,
                      filter_error *err)
{
    size_t j = *i;
    int fld;
    while (j < n && s[j] >= 'a' && s[j] <= 'z')
        j++;
    if (j == *i || j >= n || s[j] != ':')
        return 0;
    fld = field_from_name(s + *i, j - *i);
    if (fld < 0) {
        int len = (int)(j - *i) > 32 ? 32 : (int)(j - *i);
        set_error(err, *i,
                  "unknown field '%.*s' (src dst proto port desc req doc);"
                  " write %.*s\\: to search for the text",
                  len, s + *i, len, s + *i);
        return -1;
    }
    t->field = (filter_field)fld;
    *i = j + 1;
    return 1;
}

/* Read the next term of s[0, n) from *at. Returns 0 at the end, 1 with a
 * token in t (whose pat and pos have room for n + 1 entries), -1 on an
 * unknown field (err filled). Double quotes group without being part of
 * the pattern; a backslash and the byte after it are copied as they are,
 * so "\ " and "\"" reach PCRE2, which reads them as a space and a quote. */
static int next_term(const char *s, size_t n, size_t *at, token *t,
                     filter_error *err)
{
    size_t i = *at, end;
    int quoted = 0;
    while (i < n && is_blank(s[i]))
        i++;
    if (i >= n)
        return 0;
    t->neg = 0;
    t->field = FF_ANY;
    t->plen = 0;
    if (s[i] == '!') {
        t->neg = 1;
        i++;
    }
    if (read_field(s, n, &i, t, err) < 0)
        return -1;
    end = i;
    while (i < n && (quoted || !is_blank(s[i]))) {
        if (s[i] == '"') {
            quoted = !quoted;
            i++;
            continue;
        }
        if (s[i] == '\\' && i + 1 < n) {
            t->pos[t->plen] = i;
            t->pat[t->plen++] = s[i++];
        }
        t->pos[t->plen] = i;
        t->pat[t->plen++] = s[i++];
        end = i;
    }
    t->pos[t->plen] = end; /* "missing )" points just past the pattern */
    *at = i;
    return 1;
}

static status compile_pattern(const token *tk, term *t, filter_error *err)
{
    char msg[sizeof err->message];
    size_t off = 0;
    status st = regex_compile(tk->pat, tk->plen, REGEX_SMART_CASE, &t->re,
                              &off, msg, sizeof msg);
    if (st == ST_OK && !(t->pat = strndup(tk->pat, tk->plen)))
        st = ST_NOMEM;
    t->plen = tk->plen;
    if (st == ST_REGEX) {
        if (off > tk->plen)
            off = tk->plen;
        set_error(err, tk->pos[off], "%s", msg);
    }
    if (st == ST_OK)
        t->kind = T_TEXT;
    return st;
}

/* port:N or port:N/proto. Returns 0 when the pattern is not of that shape
 * (it is then a regex over the port cells), 1 when t is now a T_PORT
 * term, -1 for a port out of range or an unknown protocol. */
static int parse_port(const token *tk, term *t, filter_error *err)
{
    size_t k = 0, slash;
    long port = 0;
    char name[16];
    while (k < tk->plen && tk->pat[k] >= '0' && tk->pat[k] <= '9') {
        if (port <= 65535)
            port = port * 10 + (tk->pat[k] - '0');
        k++;
    }
    if (k == 0 || (k < tk->plen && tk->pat[k] != '/'))
        return 0;
    slash = k;
    for (k = slash + 1; k < tk->plen; k++)
        if (!ascii_alpha((unsigned char)tk->pat[k]))
            return 0;
    if (port < 1 || port > 65535) {
        set_error(err, tk->pos[0], "port %.*s is outside 1-65535",
                  (int)(slash > 10 ? 10 : slash), tk->pat);
        return -1;
    }
    t->port = (int)port;
    t->proto = PROTO_UNSPEC;
    if (slash + 1 < tk->plen) { /* "5060/" while typing: any protocol */
        size_t len = tk->plen - slash - 1;
        if (len >= sizeof name)
            len = sizeof name - 1;
        memcpy(name, tk->pat + slash + 1, len);
        name[len] = '\0';
        t->proto = proto_from_name(name);
        if (t->proto == PROTO_UNSPEC) {
            set_error(err, tk->pos[slash + 1],
                      "unknown protocol '%s' (tcp udp icmp esp)", name);
            return -1;
        }
    }
    t->kind = T_PORT;
    return 1;
}

static status compile_term(const token *tk, term *t, filter_error *err)
{
    t->neg = tk->neg;
    t->field = tk->field;
    t->kind = T_EMPTY;
    if (tk->plen == 0)
        return ST_OK;
    if (tk->field == FF_PORT) {
        int r = parse_port(tk, t, err);
        if (r != 0)
            return r > 0 ? ST_OK : ST_REGEX;
    }
    return compile_pattern(tk, t, err);
}

static term *add_term(filter *f)
{
    if (f->nterms == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 4;
        term *t = realloc(f->terms, cap * sizeof *t);
        if (!t)
            return NULL;
        f->terms = t;
        f->cap = cap;
    }
    memset(&f->terms[f->nterms], 0, sizeof f->terms[0]);
    return &f->terms[f->nterms++];
}

/* FILTER_EXPR: every term of the text, in order; stops at the first
 * error so the column points at the leftmost problem. */
static status compile_expr(filter *f, filter_error *err)
{
    size_t n = strlen(f->text), at = 0;
    token tk;
    status st = ST_OK;
    int r;
    tk.pat = malloc(n + 1);
    tk.pos = malloc((n + 1) * sizeof *tk.pos);
    if (!tk.pat || !tk.pos)
        st = ST_NOMEM;
    while (st == ST_OK && (r = next_term(f->text, n, &at, &tk, err)) != 0) {
        term *t = r < 0 ? NULL : add_term(f);
        if (r < 0)
            st = ST_REGEX;
        else if (!t)
            st = ST_NOMEM;
        else
            st = compile_term(&tk, t, err);
    }
    free(tk.pat);
    free(tk.pos);
    return st;
}

/* FILTER_REGEX: the whole text is one pattern over every field. */
static status compile_regex(filter *f, filter_error *err)
{
    size_t n = strlen(f->text), off = 0;
    term *t;
    status st;
    if (n == 0)
        return ST_OK;
    t = add_term(f);
    if (!t)
        return ST_NOMEM;
    t->field = FF_ANY;
    st = regex_compile(f->text, n, REGEX_SMART_CASE, &t->re, &off,
                       err ? err->message : NULL,
                       err ? sizeof err->message : 0);
    if (st == ST_OK && !(t->pat = strndup(f->text, n)))
        st = ST_NOMEM;
    t->plen = n;
    if (st == ST_REGEX && err)
        err->col = (int)(off > n ? n : off);
    if (st == ST_OK)
        t->kind = T_TEXT;
    return st;
}

status filter_new(const char *text, filter_mode mode, filter **out,
                  filter_error *err)
{
    filter *f;
    status st;
    *out = NULL;
    if (err) {
        err->col = 0;
        err->message[0] = '\0';
    }
    f = calloc(1, sizeof *f);
    if (!f)
        return ST_NOMEM;
    f->mode = mode;
    f->text = strdup(text ? text : "");
    st = f->text ? regex_env_new(&f->env) : ST_NOMEM;
    if (st == ST_OK)
        st = mode == FILTER_REGEX ? compile_regex(f, err)
                                  : compile_expr(f, err);
    if (st != ST_OK) {
        if (st == ST_NOMEM && err)
            set_error(err, 0, "%s", status_str(ST_NOMEM));
        filter_free(f);
        return st;
    }
    *out = f;
    return ST_OK;
}

void filter_free(filter *f)
{
    size_t k;
    if (!f)
        return;
    for (k = 0; k < f->nterms; k++) {
        regex_free(f->terms[k].re);
        regex_free(f->terms[k].lines);
        free(f->terms[k].pat);
        free(f->terms[k].ids);
    }
    filter_cache_free(f->cache);
    free(f->terms);
    regex_env_free(f->env);
    free(f->text);
    free(f);
}

const char *filter_text(const filter *f)
{
    return f->text;
}

/* ---- port terms ------------------------------------------------------------- */

int filter_needs_db(const filter *f)
{
    size_t k;
    for (k = 0; k < f->nterms; k++)
        if (f->terms[k].kind == T_PORT)
            return 1;
    return 0;
}

typedef struct {
    long long *ids;
    size_t n, cap;
    int nomem;
} id_list;

static int collect_id(void *ctx, const db_port_hit *hit)
{
    id_list *l = ctx;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        long long *ids = realloc(l->ids, cap * sizeof *ids);
        if (!ids) {
            l->nomem = 1;
            return 1;
        }
        l->ids = ids;
        l->cap = cap;
    }
    l->ids[l->n++] = hit->flow->id;
    return 0;
}

static int cmp_id(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return (x > y) - (x < y);
}

/* Sort and drop duplicates (a flow comes once per matching side). */
static size_t sort_unique(long long *ids, size_t n)
{
    size_t i, m = 0;
    if (n == 0)
        return 0;
    qsort(ids, n, sizeof *ids, cmp_id);
    for (i = 1; i < n; i++)
        if (ids[i] != ids[m])
            ids[++m] = ids[i];
    return m + 1;
}

status filter_bind(filter *f, db *d)
{
    size_t k;
    for (k = 0; k < f->nterms; k++) {
        term *t = &f->terms[k];
        id_list l = {NULL, 0, 0, 0};
        status st;
        if (t->kind != T_PORT)
            continue;
        st = db_flows_by_port(d, t->port, t->proto, 0, collect_id, &l);
        if (l.nomem || (st != ST_OK && st != ST_STOP)) {
            free(l.ids);
            return l.nomem ? ST_NOMEM : st;
        }
        free(t->ids); /* bound before: the database may have changed */
        t->ids = l.ids;
        t->nids = sort_unique(l.ids, l.n);
    }
    return ST_OK;
}

static int has_id(const term *t, long long id)
{
    return t->nids > 0 &&
           bsearch(&id, t->ids, t->nids, sizeof *t->ids, cmp_id) != NULL;
}

/* ---- matching --------------------------------------------------------------- */

/* 1 if re matches s, 0 if not, -1 if a limit stopped it. */
static int find_in(filter *f, const regex_pat *re, const char *s, size_t len)
{
    size_t ms, me;
    status st = regex_find(re, f->env, s, len, 0, &ms, &me);
    return st == ST_OK ? 1 : st == ST_LIMIT ? -1 : 0;
}

/* Does the term's pattern match any of its columns? 1, 0, or -1 when a
 * limit stopped it and no other column matched. */
static int term_hits(filter *f, const term *t, const db_flow *fl)
{
    size_t k, nw = 0;
    int limited = 0, r;
    filter_word w[FILTER_MAX_WORDS];
    for (k = 0; k < fields[t->field].ncols; k++) {
        const char *s = flow_col(fl, fields[t->field].cols[k]);
        r = find_in(f, t->re, s, strlen(s));
        if (r > 0)
            return 1;
        limited |= r < 0;
    }
    if (t->field == FF_PROTO) {
        nw = filter_proto_words(flow_col(fl, COL(source_ports)), w, nw);
        nw = filter_proto_words(flow_col(fl, COL(destination_ports)), w, nw);
        nw = filter_proto_words(flow_col(fl, COL(transports)), w, nw);
        /* One word at a time, so ^udp$ means the word. */
        for (k = 0; k < nw; k++) {
            r = find_in(f, t->re, w[k].s, w[k].len);
            if (r > 0)
                return 1;
            limited |= r < 0;
        }
    }
    return limited ? -1 : 0;
}

int filter_match(filter *f, const db_flow *flow, status *st)
{
    size_t k;
    /* Port terms first: a binary search is cheaper than any regex. */
    for (k = 0; k < f->nterms; k++) {
        const term *t = &f->terms[k];
        if (t->kind == T_PORT && has_id(t, flow->id) == t->neg)
            return 0;
    }
    for (k = 0; k < f->nterms; k++) {
        const term *t = &f->terms[k];
        int r;
        if (t->kind != T_TEXT)
            continue;
        r = term_hits(f, t, flow);
        if (r < 0) {
            if (st)
                *st = ST_LIMIT;
            return 0;
        }
        if (r == t->neg)
            return 0;
    }
    return 1;
}

/* ---- highlighting ----------------------------------------------------------- */

/* Insert [a, b) into the sorted, disjoint spans sp[0, n), merging what it
 * overlaps or touches. Returns the new count (a span that finds no room
 * is dropped). */
static size_t add_span(filter_span *sp, size_t n, size_t max, size_t a,
                       size_t b)
{
    size_t i = 0, j;
    while (i < n && sp[i].end < a)
        i++;
    for (j = i; j < n && sp[j].start <= b; j++) {
        if (sp[j].start < a)
            a = sp[j].start;
        if (sp[j].end > b)
            b = sp[j].end;
    }
    if (j > i) {
        sp[i].start = a;
        sp[i].end = b;
        memmove(sp + i + 1, sp + j, (n - j) * sizeof *sp);
        return n - (j - i) + 1;
    }
    if (n == max)
        return n;
    memmove(sp + i + 1, sp + i, (n - i) * sizeof *sp);
    sp[i].start = a;
    sp[i].end = b;
    return n + 1;
}

/* The byte after the UTF-8 character at s[i] (an empty match must move
 * on by a whole character, not into the middle of one). */
static size_t next_char(const char *s, size_t len, size_t i)
{
    i++;
    while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
        i++;
    return i;
}

static int term_applies(const term *t, filter_field field)
{
    return t->kind == T_TEXT && !t->neg &&
           (t->field == FF_ANY || field == FF_ANY || t->field == field);
}

size_t filter_spans(filter *f, filter_field field, const char *text,
                    filter_span *spans, size_t max)
{
    size_t k, n = 0, len;
    if (!text || max == 0)
        return 0;
    len = strlen(text);
    for (k = 0; k < f->nterms; k++) {
        const term *t = &f->terms[k];
        size_t at = 0, ms, me;
        if (!term_applies(t, field))
            continue;
        while (at <= len &&
               regex_find(t->re, f->env, text, len, at, &ms, &me) == ST_OK) {
            if (n == max && ms > spans[n - 1].end)
                break; /* full, and every later match lies further on */
            if (me > ms)
                n = add_span(spans, n, max, ms, me);
            at = me > ms ? me : next_char(text, len, ms);
        }
    }
    return n;
}
