/* portspec_walk.c - pass 3 of the port-spec parser: the walk over the
 * classified tokens.
 *
 * Left to right with a small state - the current clause (the protocol
 * words in effect and the ports read since) and what was seen last - it
 * emits items: a port, a range or a port class with its transports, each
 * later one range per transport. This file owns that state and decides
 * where everything else attaches: protocol words start clauses, the words
 * after a port label it, a "(...)" retypes, sets the parity of or labels
 * the ports before it, a mark goes to the port beside it. Reading the
 * ports themselves is portspec_ports.c's job.
 *
 * Data errors become diagnostics and the walk goes on. */
#include "portspec_int.h"

#include <string.h>

/* ---- items and clauses -------------------------------------------------- */

static int item_labelled(const item *it)
{
    return it->label.p || it->app_label.p || it->tls_label.p;
}

void portspec_new_clause(parser *ps)
{
    memset(&ps->cl, 0, sizeof ps->cl);
    ps->cl.group_start = ps->nit;
}

/* The item takes the clause's protocols and labels, and the marks that
 * wait for it. */
item *portspec_emit(parser *ps, port_kind_t kind, int lo, int hi)
{
    item *a = portspec_grow(ps->it, &ps->itcap, ps->nit, sizeof *a);
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
void portspec_bad_port(parser *ps)
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
    markref *m = portspec_grow(ps->mk, &ps->mkcap, ps->nmk, sizeof *m);
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

/* ---- protocol words ----------------------------------------------------- */

/* A protocol word: a transport ("TCP", "TLS", "SIP/TLS" spanning tokens
 * i..e-1) or an application that introduces ports. After a port it
 * starts a new clause; before one it adds to the clause ("TCP TLS 5061",
 * "DNS Server UDP 53"). */
size_t portspec_protocol_word(parser *ps, size_t i, size_t e, int k)
{
    const keyword *kw = &portspec_keywords[k];
    slice txt = tok_slice(ps, i, e - 1);
    if (ps->cl.has_item)
        portspec_new_clause(ps);
    if (kw_transport(k)) {
        ps->cl.xmask |= kw->xmask;
        if (kw->label && !ps->cl.tls_label.p)
            ps->cl.tls_label = txt;
        if (i >= 2 && tok_word(ps, i - 1, "or") &&
            ps->tk[i - 2].type == TK_WORD && kw_transport(ps->tk[i - 2].kw))
            ps->cl.or_joined = 1;
    } else {
        ps->cl.amask |= kw->amask;
        if (!ps->cl.app_label.p)
            ps->cl.app_label = txt;
    }
    ps->last = P_KEYWORD;
    return e;
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
           kw_transport(ps->tk[i + 2].kw) &&
           portspec_keywords[ps->tk[i + 2].kw].label &&
           glued(ps, i, i + 1) && glued(ps, i + 1, i + 2);
}

/* ---- words -------------------------------------------------------------- */

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
    portspec_add_diag(ps, ps->tk[i].start, "'%.*s' is not a port number",
                      msg_len(txt), txt.p);
    portspec_bad_port(ps);
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
        portspec_add_diag(ps, ps->tk[i].start,
                          "list ends with '%.*s': text cut short?",
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

/* "5060/tcp", "5060-5061/udp", "5004/udp, 5005/udp": a transport glued
 * after a port by '/' types that port alone. Not when it starts the next
 * clause of a clause that has a transport ("TCP 5060/UDP 5060"). */
static int is_postfix_transport(const parser *ps, size_t i)
{
    if (ps->last != P_CONNECTOR || i < 2 || ps->nit == 0 ||
        ps->last_num != i - 2 || !tok_punct(ps, i - 1, PU_SLASH) ||
        !glued(ps, i - 2, i - 1) || !glued(ps, i - 1, i))
        return 0;
    return ps->cl.xmask == 0 ||
           !(i + 1 < ps->ntk && ps->tk[i + 1].type == TK_NUM);
}

static size_t read_postfix_transport(parser *ps, size_t i)
{
    item *it = &ps->it[ps->nit - 1];
    it->xmask = portspec_keywords[ps->tk[i].kw].xmask;
    if (portspec_keywords[ps->tk[i].kw].label && !it->tls_label.p)
        it->tls_label = tok_slice(ps, i, i);
    ps->last = P_PORT;
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
    if (kw_transport(t->kw) && is_postfix_transport(ps, i))
        return read_postfix_transport(ps, i);
    if (is_app_tls(ps, i) && app_introduces(ps, i))
        return portspec_protocol_word(ps, i, i + 3, ps->tk[i + 2].kw);
    if (kw_transport(t->kw) || (kw_application(t->kw) && app_introduces(ps, i)))
        return portspec_protocol_word(ps, i, i + 1, t->kw);
    if ((e = portspec_read_class(ps, i)) != 0)
        return e;
    if (is_connector(ps, i))
        return read_connector(ps, i);
    if ((e = portspec_read_ports_word(ps, i)) != 0)
        return e;
    return read_plain(ps, i);
}

/* ---- parentheses -------------------------------------------------------- */

/* "(UDP)", "(TLS)", "(TCP/UDP)": the transports, or 0 if it says more. */
static unsigned paren_transports(const parser *ps, size_t a, size_t b,
                                 slice *tls)
{
    unsigned m = 0;
    *tls = no_slice;
    for (size_t i = a; i < b; i++) {
        const token *t = &ps->tk[i];
        if (t->type == TK_WORD && kw_transport(t->kw)) {
            m |= portspec_keywords[t->kw].xmask;
            if (portspec_keywords[t->kw].label && !tls->p)
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
    return portspec_range_end(ps, a) + 1 == b;
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
        portspec_read_port(ps, a);
    else
        paren_label(ps, inner);
    return next;
}

/* ---- the walk ----------------------------------------------------------- */

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
        portspec_add_diag(ps, ps->tk[i].start,
                          "unclear separator '.' between %.*s and %.*s: "
                          "read as two ports",
                          msg_len(a), a.p, msg_len(b), b.p);
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
            return portspec_read_bound(ps, i);
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
        portspec_emit(ps, PORT_ANY, -1, -1);
        return i + 1;
    case TAG_BASE:
        return portspec_read_base(ps, i);
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
        return t->port ? portspec_read_port(ps, i) : read_plain(ps, i);
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

void portspec_walk(parser *ps)
{
    for (size_t i = 0; i < ps->ntk && !ps->nomem;)
        i = step(ps, i);
}
