/* portspec_words.c - the words the port-spec parser knows: transport and
 * application keywords, what a <...> tag stands for, and the names of the
 * enums of portspec.h with their inverses.
 *
 * Tables and lookups only: this file reads no cell and keeps no state.
 * What a word means in context (does "SNMP" introduce a port or describe
 * one?) is the walk's business, in portspec_walk.c. */
#include "portspec_int.h"

#include <string.h>

#define M_TCP (1u << PROTO_TCP)
#define M_UDP (1u << PROTO_UDP)
#define M_ICMP (1u << PROTO_ICMP)
#define M_ESP (1u << PROTO_ESP)

/* ---- keywords ----------------------------------------------------------- */

const keyword portspec_keywords[] = {
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
#define NKEYWORDS (sizeof portspec_keywords / sizeof portspec_keywords[0])

int portspec_kw_find(const char *s, size_t n)
{
    for (size_t k = 0; k < NKEYWORDS; k++)
        if (ieq(s, n, portspec_keywords[k].name))
            return (int)k;
    return -1;
}

/* ---- tags --------------------------------------------------------------- */

static int html_name(slice name)
{
    static const char *const names[] = {
        "a", "b", "i", "u", "s", "em", "strong", "br", "p", "span", "div",
        "sup", "sub", "small", "big", "code", "font", "li", "ul", "ol", "td",
        "tr", "th", "table", "hr", "mark", "ins", "del", "tt",
    };
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
        if (ieq(name.p, name.n, names[k]))
            return 1;
    return 0;
}

int portspec_tag_kind(slice name, slice inner)
{
    if (html_name(name))
        return TAG_HTML;
    if (ieq(inner.p, inner.n, "any"))
        return TAG_ANY;
    if (ieq(inner.p, inner.n, "portnumber") ||
        ieq(inner.p, inner.n, "baseport") ||
        ieq(inner.p, inner.n, "port number") ||
        ieq(inner.p, inner.n, "base port"))
        return TAG_BASE;
    return TAG_WORD;
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
