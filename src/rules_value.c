/* rules_value.c - the small languages of a worksheet: customer values
 * (addresses, CIDRs, host and zone names), site defaults, and the text of
 * port lists the exports print. No SQL, no printing. */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "rules.h"

static status say(char *err, size_t errlen, const char *fmt, const char *a)
{
    if (errlen)
        snprintf(err, errlen, fmt, a);
    return ST_USAGE;
}

/* An address with an optional /prefix, host bits clear. Returns AF_INET,
 * AF_INET6, or 0 (not an address), -1 (an address with bad prefix or
 * host bits set). */
static int parse_cidr(const char *text)
{
    char buf[INET6_ADDRSTRLEN + 8];
    if (strlen(text) >= sizeof buf)
        return 0;
    strcpy(buf, text);
    char *slash = strchr(buf, '/');
    long prefix = -1;
    if (slash) {
        char *end;
        *slash = '\0';
        errno = 0;
        prefix = strtol(slash + 1, &end, 10);
        if (errno || *end || end == slash + 1 || prefix < 0)
            prefix = 999;
    }
    unsigned char a[16];
    int af = 0, bits = 0;
    if (inet_pton(AF_INET, buf, a) == 1)
        af = AF_INET, bits = 32;
    else if (inet_pton(AF_INET6, buf, a) == 1)
        af = AF_INET6, bits = 128;
    if (!af)
        return 0;
    if (prefix < 0)
        return af;
    if (prefix > bits)
        return -1;
    for (int i = (int)prefix; i < bits; i++)
        if (a[i / 8] & (0x80 >> (i % 8)))
            return -1;
    return af;
}

static int is_zone_name(const char *s)
{
    if (!*s || strlen(s) > 64)
        return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_')
            return 0;
    return 1;
}

/* A DNS name: labels of letters, digits and '-', dot separated. */
static int is_host_name(const char *s)
{
    size_t n = strlen(s), label = 0;
    if (n == 0 || n > 253)
        return 0;
    for (const char *p = s; *p; p++) {
        if (*p == '.') {
            if (label == 0)
                return 0;
            label = 0;
        } else if (isalnum((unsigned char)*p) || *p == '-') {
            if (++label > 63)
                return 0;
        } else {
            return 0;
        }
    }
    return 1;
}

status rules_value_parse(const char *text, rules_value_kind *kind,
                         const char **name, char *err, size_t errlen)
{
    if (name)
        *name = text;
    if (!text || !*text)
        return say(err, errlen, "%san empty value", "");
    if (!strcasecmp(text, "any") || !strcmp(text, "0.0.0.0/0") ||
        !strcmp(text, "::/0")) {
        *kind = RV_ANY;
        return ST_OK;
    }
    if (!strncasecmp(text, "host:", 5) || !strncasecmp(text, "zone:", 5)) {
        int host = tolower((unsigned char)text[0]) == 'h';
        const char *n = text + 5;
        if (host ? !is_host_name(n) : !is_zone_name(n))
            return say(err, errlen,
                       host ? "'%s' is not a host name"
                            : "'%s' is not a zone name (letters, digits, "
                              "'-', '_')",
                       n);
        *kind = host ? RV_HOST : RV_ZONE;
        if (name)
            *name = n;
        return ST_OK;
    }
    int af = parse_cidr(text);
    if (af == AF_INET || af == AF_INET6) {
        *kind = af == AF_INET ? RV_IPV4 : RV_IPV6;
        return ST_OK;
    }
    if (af < 0)
        return say(err, errlen,
                   "'%s': the prefix length is out of range or the address "
                   "has bits set after it (write the network address)",
                   text);
    if (strchr(text, '.') && is_host_name(text)) {
        /* 10.0.0.300 looks like an address, not a name. */
        const char *last = strrchr(text, '.') + 1;
        if (!isdigit((unsigned char)*last)) {
            *kind = RV_HOST;
            return ST_OK;
        }
        return say(err, errlen, "'%s' is not a valid address", text);
    }
    if (is_zone_name(text)) {
        *kind = RV_ZONE;
        return ST_OK;
    }
    return say(err, errlen,
               "'%s' is not an address, CIDR, host name or zone name", text);
}

const char *rules_value_kind_name(rules_value_kind k)
{
    static const char *const names[] = {"placeholder", "any",  "ipv4",
                                        "ipv6",        "host", "zone"};
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "";
}

/* "LO-HI" or "N", ports 1..65535. */
static int parse_range(const char *s, int *lo, int *hi)
{
    char *end;
    errno = 0;
    long a = strtol(s, &end, 10), b;
    if (errno || end == s || a < 1 || a > 65535)
        return 0;
    if (*end == '\0') {
        b = a;
    } else if (*end == '-') {
        const char *t = end + 1;
        b = strtol(t, &end, 10);
        if (errno || end == t || *end || b < a || b > 65535)
            return 0;
    } else {
        return 0;
    }
    *lo = (int)a;
    *hi = (int)b;
    return 1;
}

status rules_default_check(const char *key, const char *value,
                           char *key_out, char *value_out, char *err,
                           size_t errlen)
{
    int lo, hi;
    if (!key || !value)
        return say(err, errlen, "%sa site default needs a name and value",
                   "");
    if (!strcmp(key, "base-port")) {
        if (!parse_range(value, &lo, &hi) || lo != hi || lo > 65535 - 6)
            return say(err, errlen,
                       "base-port: '%s' is not a port from 1 to 65529 (the "
                       "base and the six after it must be ports)",
                       value);
        snprintf(key_out, 32, "base-port");
        snprintf(value_out, 32, "%d", lo);
        return ST_OK;
    }
    if (!parse_range(value, &lo, &hi))
        return say(err, errlen, "'%s' is not a port or LO-HI range of "
                   "ports 1-65535", value);
    if (!strcmp(key, "ephemeral") || !strcmp(key, "any") ||
        !strcmp(key, "ge1024")) {
        snprintf(key_out, 32, "%s", key);
    } else {
        int flo, fhi;
        const char *range = strncmp(key, "range:", 6) ? key : key + 6;
        if (!parse_range(range, &flo, &fhi))
            return say(err, errlen,
                       "unknown site default '%s' (base-port, ephemeral, "
                       "any, ge1024, or a range LO-HI)",
                       key);
        snprintf(key_out, 32, "range:%d-%d", flo, fhi);
    }
    snprintf(value_out, 32, "%d-%d", lo, hi);
    return ST_OK;
}

/* ---- text --------------------------------------------------------------- */

void rules_span_text(const port_span *s, const char *sep, char *buf,
                     size_t n)
{
    const char *par = s->parity == PARITY_EVEN  ? " even"
                      : s->parity == PARITY_ODD ? " odd"
                                                : "";
    if (s->lo == s->hi)
        snprintf(buf, n, "%d", s->lo);
    else
        snprintf(buf, n, "%d%s%d%s", s->lo, sep, s->hi, par);
}

/* Append to buf (size n, NUL-terminated) with ", " between items. */
static void add_item(char *buf, size_t n, const char *item)
{
    size_t len = strlen(buf);
    if (len + 1 >= n)
        return;
    snprintf(buf + len, n - len, "%s%s", len ? ", " : "", item);
}

void rules_ports_text(const rules_sheet *sh, const rules_ports *p,
                      char *buf, size_t n)
{
    char item[96], span[32];
    if (!n)
        return;
    buf[0] = '\0';
    for (size_t i = 0; i < p->nspans; i++) {
        rules_span_text(&p->spans[i], "-", item, sizeof item);
        add_item(buf, n, item);
    }
    static const struct {
        port_kind_t kind;
        const char *word;
    } sym[] = {{PORT_GE1024, ">=1024"},
               {PORT_ANY, "any"},
               {PORT_EPHEMERAL, "ephemeral"}};
    for (size_t i = 0; i < sizeof sym / sizeof sym[0]; i++) {
        if (!(p->symbols & (1u << sym[i].kind)))
            continue;
        const rules_settings *st = &sh->settings;
        const port_span *r = sym[i].kind == PORT_GE1024 ? &st->ge1024
                             : sym[i].kind == PORT_ANY  ? &st->any
                                                        : &st->ephemeral;
        rules_span_text(r, "-", span, sizeof span);
        snprintf(item, sizeof item, "%s (%s)", sym[i].word, span);
        add_item(buf, n, item);
    }
    if (p->unspecified)
        add_item(buf, n, "not given");
}

const char *rules_proto_name(proto_t p)
{
    return proto_name(p);
}

const char *rules_symbol_meaning(port_kind_t k)
{
    switch (k) {
    case PORT_GE1024:
        return "any unprivileged port (1024 and above)";
    case PORT_ANY:
        return "any port";
    case PORT_EPHEMERAL:
        return "the ports the sending host's operating system picks for "
               "its end of a connection";
    case PORT_VENDOR:
        return "not given by the document (see the vendor's "
               "documentation)";
    case PORT_NONE:
        return "none (the protocol has no ports)";
    default:
        return "the ports listed";
    }
}
