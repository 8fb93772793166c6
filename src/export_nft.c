/* export_nft.c - the worksheet as an nftables ruleset (`nft -f FILE`).
 *
 * One table, inet family, named after the worksheet, replaced whole when
 * loaded again. Its forward chain accepts each rule's traffic; the policy
 * stays accept, so loading it changes nothing until the firewall team
 * makes it drop or moves the rules into their own chains. Hosts that are
 * not addresses (unmapped roles, host and zone names) are named sets,
 * empty until filled in: the file loads, and such rules match nothing
 * until then. Every rule says where it came from in a comment. */
#include <stdio.h>
#include <stdlib.h>
#include "export_int.h"

enum { FAM_ANY = 0, FAM_V4 = 1, FAM_V6 = 2 };

/* The family a host forces (placeholders follow the other side). */
static int host_family(const rules_host *h)
{
    return h->kind == RV_IPV4 ? FAM_V4 : h->kind == RV_IPV6 ? FAM_V6
                                                            : FAM_ANY;
}

static int is_set(const rules_host *h)
{
    return h->kind == RV_PLACEHOLDER || h->kind == RV_HOST ||
           h->kind == RV_ZONE;
}

/* The family of a rule: FAM_V4 or FAM_V6 when one side forces it, -1 if
 * the two sides disagree. Sets are IPv4 unless the other side is IPv6. */
static int rule_family(const rules_sheet *rs, const rules_rule *r)
{
    int a = host_family(&rs->hosts[r->src]);
    int b = host_family(&rs->hosts[r->dst]);
    if (a && b && a != b)
        return -1;
    int fam = a ? a : b;
    if (!fam && (is_set(&rs->hosts[r->src]) || is_set(&rs->hosts[r->dst])))
        fam = FAM_V4;
    return fam;
}

/* A name nft accepts: letters, digits, '_', starting with a letter. */
static void ident(const char *s, char *buf, size_t n)
{
    size_t k = 0;
    int under = 0;
    for (; *s && k + 1 < n; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            (c >= 'A' && c <= 'Z')) {
            if (under && k && k + 2 < n)
                buf[k++] = '_';
            buf[k++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            under = 0;
        } else {
            under = 1;
        }
    }
    buf[k] = '\0';
}

static void spans(export_buf *b, const port_span *v, size_t n)
{
    if (n > 1)
        eb_puts(b, "{ ");
    for (size_t i = 0; i < n; i++) {
        char s[32];
        rules_span_text(&(port_span){v[i].lo, v[i].hi, PARITY_ALL}, "-", s,
                        sizeof s);
        eb_printf(b, "%s%s", i ? ", " : "", s);
    }
    if (n > 1)
        eb_puts(b, " }");
}

static void addr(export_buf *b, const rules_host *h, int fam, const char *dir)
{
    const char *ip = fam == FAM_V6 ? "ip6" : "ip";
    if (h->kind == RV_ANY)
        return;
    if (is_set(h))
        eb_printf(b, "%s %s @%s%s ", ip, dir, h->ident,
                fam == FAM_V6 ? "_v6" : "");
    else
        eb_printf(b, "%s %s %s ", ip, dir, h->value);
}

static void rule_lines(export_buf *b, const rules_sheet *rs, const rules_rule *r)
{
    const rules_host *src = &rs->hosts[r->src], *dst = &rs->hosts[r->dst];
    const char *in = "        ";
    int fam = r->local ? 0 : rule_family(rs, r);
    eb_putc(b, '\n');
    export_rule_comments(b, r, in,
                         r->local ? "local only, no firewall rule needed"
                         : fam < 0 ? "one side is IPv4 and the other IPv6; "
                                     "check the mappings"
                                   : NULL);
    if (r->local || fam < 0)
        return;
    for (size_t i = 0; i < r->nlegs; i++) {
        const rules_leg *l = &r->legs[i];
        eb_puts(b, in);
        addr(b, src, fam, "saddr");
        addr(b, dst, fam, "daddr");
        const char *p = rules_proto_name(r->proto);
        if (r->proto == PROTO_TCP || r->proto == PROTO_UDP) {
            if (l->nsport) {
                eb_printf(b, "%s sport ", p);
                spans(b, l->sport, l->nsport);
                eb_putc(b, ' ');
            }
            if (l->ndport) {
                eb_printf(b, "%s dport ", p);
                spans(b, l->dport, l->ndport);
                eb_putc(b, ' ');
            } else {
                eb_printf(b, "meta l4proto %s ", p);
            }
        } else if (r->proto == PROTO_ICMP) {
            eb_puts(b, fam == FAM_V6   ? "meta l4proto ipv6-icmp "
                  : fam == FAM_V4 ? "meta l4proto icmp "
                                  : "meta l4proto { icmp, ipv6-icmp } ");
        } else {
            eb_printf(b, "meta l4proto %s ", p);
        }
        eb_printf(b, "accept comment \"R%d\"\n", r->id);
    }
}

/* Sets for the hosts that are not addresses, per family used (the
 * families of the rules naming them, found in one pass over the rules). */
static void sets(export_buf *b, const rules_sheet *rs)
{
    int *fams = calloc(rs->nhosts ? rs->nhosts : 1, sizeof *fams);
    if (!fams) {
        eb_fail(b, ST_NOMEM);
        return;
    }
    for (size_t i = 0; i < rs->nrules; i++) {
        const rules_rule *r = &rs->rules[i];
        int fam = r->local ? 0 : rule_family(rs, r);
        if (fam > 0)
            fams[r->src] |= fam, fams[r->dst] |= fam;
    }
    for (size_t hi = 0; hi < rs->nhosts; hi++) {
        const rules_host *h = &rs->hosts[hi];
        if (!is_set(h) || !h->used)
            continue;
        for (int fam = FAM_V4; fam <= FAM_V6; fam <<= 1) {
            if (!(fams[hi] & fam))
                continue;
            eb_puts(b, "\n    # TODO: ");
            if (h->kind == RV_PLACEHOLDER) {
                eb_puts(b, "unmapped role '");
                eb_escaped(b, h->value, export_oneline);
                eb_puts(b, "': map it (portolan sheet set ROLE VALUE) or add "
                      "its addresses here\n");
            } else {
                eb_printf(b, "%s '", h->kind == RV_HOST ? "host" : "zone");
                eb_escaped(b, h->name, export_oneline);
                eb_puts(b, "': add its addresses here\n");
            }
            eb_printf(b, "    set %s%s {\n        type %s\n"
                       "        flags interval\n    }\n",
                    h->ident, fam == FAM_V6 ? "_v6" : "",
                    fam == FAM_V6 ? "ipv6_addr" : "ipv4_addr");
        }
    }
    free(fams);
}

void export_nft(const export_doc *x, export_buf *b)
{
    const rules_sheet *rs = x->rs;
    char name[40], table[64];
    ident(x->ws->name, name, sizeof name);
    snprintf(table, sizeof table, "portolan_%s", name[0] ? name : "sheet");
    char how[256];
    snprintf(how, sizeof how,
             "# Check with: nft -c -f FILE   Load with: nft -f FILE\n"
             "# Loading replaces the table %s. Its policy is accept: "
             "review, then make\n# it drop or move the rules into your "
             "own chains.\n", table);
    eb_puts(b, "#!/usr/sbin/nft -f\n");
    export_ruleset_head(b, x, how);
    eb_printf(b, "\ntable inet %s\ndelete table inet %s\n\n"
               "table inet %s {",
            table, table, table);
    sets(b, rs);
    eb_puts(b, "\n    chain forward {\n"
          "        type filter hook forward priority filter; policy "
          "accept;\n"
          "        ct state established,related accept\n");
    for (size_t i = 0; i < rs->nrules; i++)
        rule_lines(b, rs, &rs->rules[i]);
    eb_puts(b, "    }\n}\n");
}
