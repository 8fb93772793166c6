/* export_nft.c - the worksheet as an nftables ruleset (`nft -f FILE`).
 *
 * One table, inet family, named after the worksheet, replaced whole when
 * loaded again. Its forward chain accepts each rule's traffic; the policy
 * stays accept, so loading it changes nothing until the firewall team
 * makes it drop or moves the rules into their own chains. Hosts that are
 * not addresses (unmapped roles, host and zone names) are named sets,
 * empty until filled in: the file loads, and such rules match nothing
 * until then. Every rule says where it came from in a comment. */
#include <stdlib.h>
#include <string.h>
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

static void spans(FILE *f, const port_span *v, size_t n)
{
    if (n > 1)
        fputs("{ ", f);
    for (size_t i = 0; i < n; i++) {
        char s[32];
        rules_span_text(&(port_span){v[i].lo, v[i].hi, PARITY_ALL}, "-", s,
                        sizeof s);
        fprintf(f, "%s%s", i ? ", " : "", s);
    }
    if (n > 1)
        fputs(" }", f);
}

static void addr(FILE *f, const rules_host *h, int fam, const char *dir)
{
    const char *ip = fam == FAM_V6 ? "ip6" : "ip";
    if (h->kind == RV_ANY)
        return;
    if (is_set(h))
        fprintf(f, "%s %s @%s%s ", ip, dir, h->ident,
                fam == FAM_V6 ? "_v6" : "");
    else
        fprintf(f, "%s %s %s ", ip, dir, h->value);
}

static void comment_line(FILE *f, const char *indent, const char *text)
{
    fprintf(f, "%s# ", indent);
    export_oneline(f, text);
    fputc('\n', f);
}

static void rule_lines(FILE *f, const rules_sheet *rs, const rules_rule *r)
{
    const rules_host *src = &rs->hosts[r->src], *dst = &rs->hosts[r->dst];
    const char *in = "        ";
    char head[64];
    snprintf(head, sizeof head, "R%d %s: ", r->id,
             rules_proto_name(r->proto));
    fprintf(f, "\n%s# %s", in, head);
    export_oneline(f, r->src_devices);
    fputs(" -> ", f);
    export_oneline(f, r->dst_devices);
    fputs(": ", f);
    export_oneline(f, r->description);
    fputc('\n', f);
    char *from = export_origins_text(r);
    fprintf(f, "%s#   from ", in);
    export_oneline(f, from ? from : "");
    fputc('\n', f);
    free(from);
    for (size_t i = 0; i < r->nnotes; i++) {
        fprintf(f, "%s#   note: ", in);
        export_oneline(f, r->notes[i]);
        fputc('\n', f);
    }
    if (r->local) {
        comment_line(f, in, "  left out: local only, no firewall rule needed");
        return;
    }
    int fam = rule_family(rs, r);
    if (fam < 0) {
        comment_line(f, in, "  left out: one side is IPv4 and the other "
                            "IPv6; check the mappings");
        return;
    }
    for (size_t i = 0; i < r->nlegs; i++) {
        const rules_leg *l = &r->legs[i];
        fputs(in, f);
        addr(f, src, fam, "saddr");
        addr(f, dst, fam, "daddr");
        const char *p = rules_proto_name(r->proto);
        if (r->proto == PROTO_TCP || r->proto == PROTO_UDP) {
            if (l->nsport) {
                fprintf(f, "%s sport ", p);
                spans(f, l->sport, l->nsport);
                fputc(' ', f);
            }
            if (l->ndport) {
                fprintf(f, "%s dport ", p);
                spans(f, l->dport, l->ndport);
                fputc(' ', f);
            } else {
                fprintf(f, "meta l4proto %s ", p);
            }
        } else if (r->proto == PROTO_ICMP) {
            fputs(fam == FAM_V6   ? "meta l4proto ipv6-icmp "
                  : fam == FAM_V4 ? "meta l4proto icmp "
                                  : "meta l4proto { icmp, ipv6-icmp } ",
                  f);
        } else {
            fprintf(f, "meta l4proto %s ", p);
        }
        fprintf(f, "accept comment \"R%d\"\n", r->id);
    }
}

/* Sets for the hosts that are not addresses, per family used. */
static void sets(FILE *f, const rules_sheet *rs)
{
    for (size_t hi = 0; hi < rs->nhosts; hi++) {
        const rules_host *h = &rs->hosts[hi];
        if (!is_set(h) || !h->used)
            continue;
        int fams = 0;
        for (size_t i = 0; i < rs->nrules; i++) {
            const rules_rule *r = &rs->rules[i];
            int fam = rule_family(rs, r);
            if (!r->local && fam > 0 && (r->src == hi || r->dst == hi))
                fams |= fam;
        }
        for (int fam = FAM_V4; fam <= FAM_V6; fam <<= 1) {
            if (!(fams & fam))
                continue;
            fputs("\n    # TODO: ", f);
            if (h->kind == RV_PLACEHOLDER) {
                fputs("unmapped role '", f);
                export_oneline(f, h->value);
                fputs("': map it (portolan sheet set ROLE VALUE) or add "
                      "its addresses here\n", f);
            } else {
                fprintf(f, "%s '", h->kind == RV_HOST ? "host" : "zone");
                export_oneline(f, h->name);
                fputs("': add its addresses here\n", f);
            }
            fprintf(f, "    set %s%s {\n        type %s\n"
                       "        flags interval\n    }\n",
                    h->ident, fam == FAM_V6 ? "_v6" : "",
                    fam == FAM_V6 ? "ipv6_addr" : "ipv4_addr");
        }
    }
}

status export_nft(const export_doc *x, FILE *f)
{
    const rules_sheet *rs = x->rs;
    char name[40], table[64];
    ident(x->ws->name, name, sizeof name);
    snprintf(table, sizeof table, "portolan_%s", name[0] ? name : "sheet");
    fputs("#!/usr/sbin/nft -f\n# Firewall worksheet '", f);
    export_oneline(f, x->ws->name);
    fputs("'", f);
    if (x->ws->customer[0]) {
        fputs(" for ", f);
        export_oneline(f, x->ws->customer);
    }
    fprintf(f, ", %s: %zu rules from %zu flows (portolan %s).\n"
               "# Check with: nft -c -f FILE   Load with: nft -f FILE\n"
               "# Loading replaces the table %s. Its policy is accept: "
               "review, then make\n# it drop or move the rules into your "
               "own chains.\n",
            x->date, rs->nrules, rs->nflows, x->version, table);
    if (rs->ntodos)
        fputs("#\n# To do before this ruleset is complete:\n", f);
    for (size_t i = 0; i < rs->ntodos; i++) {
        fputs("#  - ", f);
        export_oneline(f, rs->todos[i].text);
        fputc('\n', f);
    }
    fprintf(f, "\ntable inet %s\ndelete table inet %s\n\n"
               "table inet %s {",
            table, table, table);
    sets(f, rs);
    fputs("\n    chain forward {\n"
          "        type filter hook forward priority filter; policy "
          "accept;\n"
          "        ct state established,related accept\n",
          f);
    for (size_t i = 0; i < rs->nrules; i++)
        rule_lines(f, rs, &rs->rules[i]);
    fputs("    }\n}\n", f);
    return export_done(f);
}
