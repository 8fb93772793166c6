/* portspec_ports.c - the walk's readers of ports: numbers and ranges
 * ("5060", "1024-1324", "16384 to 32767"), bounds (">=1024"), base-port
 * offsets ("<PortNumber>+2"), and the phrases that name ports without a
 * number ("Ephemeral ports", "Any", "All TCP/UDP traffic", "n/a", "Refer
 * to Manufacturer's documentation").
 *
 * Each reader emits its items through the walk (portspec_walk.c), which
 * owns the clause they belong to, and returns the index after what it
 * read. An invalid number is diagnosed here and never becomes an item. */
#include "portspec_int.h"

#define PORT_MAX 65535

/* ---- numbers ------------------------------------------------------------ */

static int valid_port(parser *ps, size_t t)
{
    const token *k = &ps->tk[t];
    slice txt = tok_slice(ps, t, t);
    if (k->val > PORT_MAX) {
        portspec_add_diag(ps, k->start, "port %.*s is above 65535",
                          msg_len(txt), txt.p);
        return 0;
    }
    if (k->val == 0) {
        portspec_add_diag(ps, k->start,
                          "port %.*s is not a valid port number",
                          msg_len(txt), txt.p);
        return 0;
    }
    return 1;
}

/* "a-b", "a - b", "a– b", "a to b". */
size_t portspec_range_end(const parser *ps, size_t a)
{
    size_t j = a + 1;
    if (j + 1 < ps->ntk && (tok_punct(ps, j, PU_DASH) || tok_word(ps, j, "to")) &&
        ps->tk[j + 1].type == TK_NUM)
        return j + 1;
    return a;
}

/* "-5", "TCP -5": a minus glued to a number, with no number before it
 * that would make it a range ("RFC-5" is a word, not a port). */
static int negative(const parser *ps, size_t a)
{
    return a > 0 && tok_punct(ps, a - 1, PU_DASH) && glued(ps, a - 1, a) &&
           (a == 1 || (ps->tk[a - 2].type != TK_NUM &&
                       !glued(ps, a - 2, a - 1)));
}

size_t portspec_read_port(parser *ps, size_t a)
{
    size_t b = portspec_range_end(ps, a);
    const token *lo = &ps->tk[a], *hi = &ps->tk[b];
    if (negative(ps, a)) {
        slice txt = tok_slice(ps, a - 1, a);
        portspec_add_diag(ps, ps->tk[a - 1].start, "port %.*s is negative",
                          msg_len(txt), txt.p);
        portspec_bad_port(ps);
        ps->last_num = b;
        return b + 1;
    }
    int ok = valid_port(ps, a) && (b == a || valid_port(ps, b));
    if (ok && lo->val > hi->val) {
        portspec_add_diag(ps, lo->start, "range %ld-%ld is reversed", lo->val,
                          hi->val);
        ok = 0;
    }
    if (ok)
        portspec_emit(ps, PORT_NUMERIC, (int)lo->val, (int)hi->val);
    else
        portspec_bad_port(ps);
    ps->last_num = b;
    return b + 1;
}

/* ">=1024", "≥1024", "> 1023" (and "<=", "<"): a class or a range. */
size_t portspec_read_bound(parser *ps, size_t i)
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
        portspec_add_diag(ps, ps->tk[i].start, "'%.*s' leaves no port number",
                          msg_len(txt), txt.p);
        portspec_bad_port(ps);
    } else if (lo == 1024 && hi == PORT_MAX)
        portspec_emit(ps, PORT_GE1024, 1024, PORT_MAX);
    else
        portspec_emit(ps, PORT_NUMERIC, (int)lo, (int)hi);
    return i + 2;
}

/* "<PortNumber>+2", "<BasePort>+N", "base+N", "<PortNumber>": base port
 * plus offset; token i is the base, the offset follows. */
size_t portspec_read_base(parser *ps, size_t i)
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
        portspec_add_diag(ps, ps->tk[i].start,
                          "base port unknown: '%.*s' not read", msg_len(txt),
                          txt.p);
        portspec_bad_port(ps);
    } else if (ps->base_port + off > PORT_MAX || ps->base_port + off == 0) {
        portspec_add_diag(ps, ps->tk[i].start,
                          "'%.*s' is not a valid port (base %d)",
                          msg_len(txt), txt.p, ps->base_port);
        portspec_bad_port(ps);
    } else {
        int v = (int)(ps->base_port + off);
        item *it = portspec_emit(ps, PORT_NUMERIC, v, v);
        if (it)
            it->base_offset = (int)off;
    }
    return end;
}

/* ---- transports inside a phrase ----------------------------------------- */

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
            portspec_protocol_word(ps, i, i + 1, ps->tk[i].kw);
}

/* ---- port classes ------------------------------------------------------- */

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
        portspec_emit(ps, PORT_EPHEMERAL, -1, -1);
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
    portspec_emit(ps, PORT_EPHEMERAL, -1, -1);
    return j + 1;
}

/* "Any", "any port": any port, unless prose follows ("any IP address"). */
static size_t read_any(parser *ps, size_t i)
{
    size_t j = i + 1;
    if (j < ps->ntk && ps->tk[j].type == TK_WORD && ps->tk[j].kw < 0 &&
        !is_port_word(ps, j) && !is_na(ps, j))
        return 0;
    portspec_emit(ps, PORT_ANY, -1, -1);
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
    portspec_emit(ps, PORT_ANY, -1, -1);
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
        portspec_new_clause(ps);
    for (size_t t = i + 1; t < k; t++)
        if (ps->tk[t].depth == ps->tk[i].depth &&
            ps->tk[t].type == TK_WORD && kw_transport(ps->tk[t].kw))
            portspec_protocol_word(ps, t, t + 1, ps->tk[t].kw);
    portspec_emit(ps, PORT_VENDOR, -1, -1);
    return k;
}

/* "UDP port range depends on client": the vendor's ports. */
static size_t read_depends(parser *ps, size_t i)
{
    if (ps->cl.has_item)
        return 0;
    portspec_emit(ps, PORT_VENDOR, -1, -1);
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
    portspec_emit(ps, PORT_VENDOR, -1, -1);
    while (j < ps->ntk && is_port_word(ps, j))
        j++;
    return j;
}

/* "UDP Ports", "Endpoint TCP and UDP Ports" ending the cell: transports
 * with no number, so the vendor's (or the peer's) ports. */
size_t portspec_read_ports_word(parser *ps, size_t i)
{
    size_t j = i + 1;
    if (ps->last != P_KEYWORD || ps->cl.has_item || !ps->cl.xmask ||
        !(tok_word(ps, i, "port") || tok_word(ps, i, "ports")))
        return 0;
    while (j < ps->ntk && is_port_word(ps, j))
        j++;
    if (!rest_is_empty(ps, j))
        return 0;
    portspec_emit(ps, PORT_VENDOR, -1, -1);
    return j;
}

/* The words that may name a port class; 0 if the word at i does not
 * here. None does after prose ("may use different ephemeral port
 * ranges"), except "depends". */
size_t portspec_read_class(parser *ps, size_t i)
{
    if (tok_word(ps, i, "depends"))
        return read_depends(ps, i);
    if (ps->last == P_WORD)
        return 0;
    if (is_na(ps, i)) {
        portspec_emit(ps, PORT_NONE, -1, -1);
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
        return portspec_read_base(ps, i);
    return 0;
}
