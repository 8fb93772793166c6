/* export_iptables.c - the worksheet as iptables-restore input.
 *
 * One user chain, PORTOLAN-<worksheet>, in the filter table; nothing
 * jumps to it, so loading it (iptables-restore --noflush FILE) changes
 * nothing until the firewall team adds the jump where it belongs. Rules
 * whose hosts are not IPv4 addresses (unmapped roles, host and zone
 * names, IPv6) cannot be written for iptables: they are left out with a
 * "# TODO" comment that says why. Port lists longer than multiport's 15
 * ports are split over several lines. */
#include <stdio.h>
#include <string.h>
#include "export_int.h"

#define MULTIPORT_MAX 15  /* a range counts as two */
#define CHAIN_MAX 28      /* iptables chain names */

/* Port spans from v, from *at, making up at most 15 multiport ports, as
 * "a,b:c" into buf; *at moves on; *count gets the number of spans. */
static void chunk(const port_span *v, size_t n, size_t *at, char *buf,
                  size_t len, size_t *count)
{
    size_t used = 0, ports = 0;
    *count = 0;
    buf[0] = '\0';
    while (*at < n) {
        const port_span *s = &v[*at];
        size_t cost = s->lo == s->hi ? 1 : 2;
        if (ports + cost > MULTIPORT_MAX)
            break;
        char one[24];
        if (s->lo == s->hi)
            snprintf(one, sizeof one, "%d", s->lo);
        else
            snprintf(one, sizeof one, "%d:%d", s->lo, s->hi);
        int k = snprintf(buf + used, len - used, "%s%s", used ? "," : "",
                         one);
        if (k < 0 || (size_t)k >= len - used)
            break;
        used += (size_t)k;
        ports += cost;
        ++*at;
        ++*count;
    }
}

/* The match of one port list chunk: "--dport 7001" or "-m multiport
 * --dports 5060,5061". */
static void port_match(export_buf *b, const char *dir, const char *list,
                       size_t count)
{
    if (count == 1)
        eb_printf(b, " --%sport %s", dir, list);
    else
        eb_printf(b, " -m multiport --%sports %s", dir, list);
}

static void leg_lines(export_buf *b, const char *chain, const char *addrs,
                      const rules_rule *r, const rules_leg *l)
{
    const char *p = rules_proto_name(r->proto);
    int ports = r->proto == PROTO_TCP || r->proto == PROTO_UDP;
    size_t sat = 0;
    do {
        char sbuf[256] = "", dbuf[256];
        size_t scount = 0, dat = 0;
        if (ports && l->nsport)
            chunk(l->sport, l->nsport, &sat, sbuf, sizeof sbuf, &scount);
        do {
            size_t dcount = 0;
            if (ports && l->ndport)
                chunk(l->dport, l->ndport, &dat, dbuf, sizeof dbuf, &dcount);
            eb_printf(b, "-A %s%s -p %s", chain, addrs, p);
            if (scount)
                port_match(b, "s", sbuf, scount);
            if (dcount)
                port_match(b, "d", dbuf, dcount);
            eb_printf(b, " -m comment --comment \"R%d\" -j ACCEPT\n", r->id);
        } while (ports && dat < l->ndport);
    } while (ports && sat < l->nsport);
}

/* Why a rule cannot be written for iptables, or NULL. */
static const char *cannot(const rules_sheet *rs, const rules_rule *r,
                          char *buf, size_t n)
{
    const rules_host *h[2] = {&rs->hosts[r->src], &rs->hosts[r->dst]};
    if (r->local)
        return "local only, no firewall rule needed";
    for (int i = 0; i < 2; i++) {
        switch (h[i]->kind) {
        case RV_PLACEHOLDER:
            snprintf(buf, n, "TODO: the role '%s' is not mapped (portolan "
                     "sheet set '%s' ADDRESS)", h[i]->value, h[i]->value);
            return buf;
        case RV_HOST:
        case RV_ZONE:
            snprintf(buf, n, "TODO: %s '%s' needs addresses (map the role "
                     "to an address or network)",
                     h[i]->kind == RV_HOST ? "host" : "zone", h[i]->name);
            return buf;
        case RV_IPV6:
            snprintf(buf, n, "TODO: %s is IPv6: write this rule for "
                     "ip6tables", h[i]->value);
            return buf;
        default:
            break;
        }
    }
    return NULL;
}

static void rule_lines(export_buf *b, const rules_sheet *rs, const rules_rule *r,
                       const char *chain)
{
    char why[600];
    const char *no = cannot(rs, r, why, sizeof why);
    export_rule_comments(b, r, "", no);
    if (no)
        return;
    char addrs[160] = "";
    const rules_host *src = &rs->hosts[r->src], *dst = &rs->hosts[r->dst];
    size_t k = 0;
    if (src->kind == RV_IPV4)
        k += (size_t)snprintf(addrs, sizeof addrs, " -s %s", src->value);
    if (dst->kind == RV_IPV4 && k < sizeof addrs)
        snprintf(addrs + k, sizeof addrs - k, " -d %s", dst->value);
    for (size_t i = 0; i < r->nlegs; i++)
        leg_lines(b, chain, addrs, r, &r->legs[i]);
}

void export_iptables(const export_doc *x, export_buf *b)
{
    const rules_sheet *rs = x->rs;
    char chain[CHAIN_MAX + 1] = "PORTOLAN-";
    size_t k = strlen(chain);
    for (const char *p = x->ws->name; *p && k < CHAIN_MAX; p++) {
        unsigned char c = (unsigned char)*p;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
            (c >= '0' && c <= '9') || c == '-' || c == '_')
            chain[k++] = (char)(c >= 'a' && c <= 'z' ? c - 32 : c);
    }
    chain[k] = '\0';
    if (k == strlen("PORTOLAN-"))
        strcat(chain, "SHEET");
    char how[320];
    snprintf(how, sizeof how,
             "# Check with: iptables-restore --test FILE\n"
             "# Load with:  iptables-restore --noflush FILE  (without "
             "--noflush the whole\n# filter table is replaced), then "
             "jump to the chain where it belongs:\n"
             "#   iptables -A FORWARD -j %s\n", chain);
    export_ruleset_head(b, x, how);
    eb_printf(b, "*filter\n:%s - [0:0]\n-A %s -m conntrack --ctstate "
               "ESTABLISHED,RELATED -j ACCEPT\n",
            chain, chain);
    for (size_t i = 0; i < rs->nrules; i++)
        rule_lines(b, rs, &rs->rules[i], chain);
    eb_puts(b, "COMMIT\n");
}
