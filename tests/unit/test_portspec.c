/* test_portspec.c - unit tests of the port cell parser (src/portspec.c).
 *
 * Most cases are one line: a cell, the row's protocol column, and the
 * result rendered compactly - "tcp:1024-1324[H.245] udp:5060*" - with the
 * diagnostics expected (a word of each message, in order). The cells are
 * taken from the bundled documents where possible. Field-by-field checks
 * follow where the rendering would hide something (lo/hi of classes,
 * base_offset, columns of diagnostics, NULL versus empty). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/portspec.h"
#include "../tap.h"

#define NO_BASE (-1)

/* ---- helpers ------------------------------------------------------------ */

static void append(char *buf, size_t cap, size_t *len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void append(char *buf, size_t cap, size_t *len, const char *fmt, ...)
{
    va_list ap;
    if (*len >= cap)
        return;
    va_start(ap, fmt);
    int n = vsnprintf(buf + *len, cap - *len, fmt, ap);
    va_end(ap);
    if (n > 0)
        *len += (size_t)n;
}

/* "tcp:1024-1324/even(+2)**[label]": protocol (none if unspecified),
 * ports or class, parity, base offset, marks, label. */
static void render_range(const port_range *r, char *buf, size_t cap,
                         size_t *len)
{
    if (r->proto != PROTO_UNSPEC)
        append(buf, cap, len, "%s:", proto_name(r->proto));
    if (r->kind == PORT_NUMERIC && r->lo == r->hi)
        append(buf, cap, len, "%d", r->lo);
    else if (r->kind == PORT_NUMERIC)
        append(buf, cap, len, "%d-%d", r->lo, r->hi);
    else if (r->kind == PORT_GE1024)
        append(buf, cap, len, ">=1024");
    else
        append(buf, cap, len, "%s", port_kind_name(r->kind));
    if (r->parity != PARITY_ALL)
        append(buf, cap, len, "/%s", parity_name(r->parity));
    if (r->base_offset >= 0)
        append(buf, cap, len, "(+%d)", r->base_offset);
    if (r->marks)
        append(buf, cap, len, "%s", r->marks);
    if (r->label)
        append(buf, cap, len, "[%s]", r->label);
}

static const char *render(const portspec *ps)
{
    static char buf[8192];
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < ps->n; i++) {
        if (i)
            append(buf, sizeof buf, &len, " ");
        render_range(&ps->ranges[i], buf, sizeof buf, &len);
    }
    return buf;
}

/* Whatever the input, a result must be well formed: the checks the
 * database layer relies on. 1 if ps is. */
static int well_formed(const portspec *ps, size_t text_len)
{
    for (size_t i = 0; i < ps->n; i++) {
        const port_range *r = &ps->ranges[i];
        if ((unsigned)r->proto >= PROTO__COUNT ||
            (unsigned)r->kind >= PORT__COUNT || (unsigned)r->parity > PARITY_ODD)
            return 0;
        if (r->kind == PORT_NUMERIC &&
            !(r->lo >= 1 && r->lo <= r->hi && r->hi <= 65535))
            return 0;
        if (r->kind == PORT_GE1024 && !(r->lo == 1024 && r->hi == 65535))
            return 0;
        if (r->kind != PORT_NUMERIC && r->kind != PORT_GE1024 &&
            !(r->lo == -1 && r->hi == -1))
            return 0;
        if ((r->label && !r->label[0]) || (r->marks && !r->marks[0]))
            return 0;
        if (r->base_offset < -1 || (r->base_offset >= 0 && r->kind != PORT_NUMERIC))
            return 0;
    }
    for (size_t i = 0; i < ps->ndiags; i++)
        if (!ps->diags[i].message || ps->diags[i].col < 0 ||
            (size_t)ps->diags[i].col > text_len)
            return 0;
    return !ps->marks || ps->marks[0];
}

/* text for a test name: control characters and non-ASCII bytes as \xNN,
 * so a TAP line stays one line whatever the cell holds. */
static const char *printable(const char *text, size_t max)
{
    static char buf[512];
    size_t len = 0;
    for (const unsigned char *p = (const unsigned char *)text;
         *p && len + 5 < sizeof buf && len < max; p++) {
        if (*p < 0x20 || *p >= 0x7F)
            len += (size_t)snprintf(buf + len, sizeof buf - len, "\\x%02X", *p);
        else
            buf[len++] = (char)*p;
    }
    buf[len] = '\0';
    return buf;
}

/* Parse text in the context of a protocol column and a base port; check
 * the rendering and the diagnostics: diags is NULL for none, else one
 * word of each message, in order, separated by '|'. */
static void check(const char *proto, int base, const char *text,
                  const char *want, const char *diags)
{
    portspec_ctx ctx = {proto, base};
    portspec ps;
    status st = portspec_parse(text, &ctx, &ps);
    char name[256];
    snprintf(name, sizeof name, "%.40s%s%.200s", proto ? proto : "",
             proto ? " | " : "", printable(text, 100));
    if (!ok(st == ST_OK && well_formed(&ps, strlen(text)), "%s: parses", name))
        return;
    is_str(render(&ps), want, "%s", name);

    size_t nwant = 0;
    char words[512];
    snprintf(words, sizeof words, "%s", diags ? diags : "");
    char *w[16];
    for (char *save = NULL, *t = strtok_r(words, "|", &save); t && nwant < 16;
         t = strtok_r(NULL, "|", &save))
        w[nwant++] = t;
    int same = ps.ndiags == nwant;
    for (size_t i = 0; same && i < nwant; i++)
        same = strstr(ps.diags[i].message, w[i]) != NULL;
    if (!ok(same, "%s: diagnostics", name))
        for (size_t i = 0; i < ps.ndiags; i++)
            diag("  col %d: %s", ps.diags[i].col, ps.diags[i].message);
    portspec_free(&ps);
}

/* The parse of text, for the field-by-field checks (caller frees). */
static portspec parse(const char *proto, int base, const char *text)
{
    portspec_ctx ctx = {proto, base};
    portspec ps;
    if (portspec_parse(text, &ctx, &ps) != ST_OK)
        memset(&ps, 0, sizeof ps);
    return ps;
}

/* ---- the examples of the specification ---------------------------------- */

static void test_basic(void)
{
    check(NULL, NO_BASE, "TCP 1024-1324 (H.245)", "tcp:1024-1324[H.245]", NULL);
    check(NULL, NO_BASE, "TCP (H.245) 1024-1324", "tcp:1024-1324[H.245]", NULL);
    check(NULL, NO_BASE, "TCP/UDP 5060", "tcp:5060 udp:5060", NULL);
    check("UDP & TCP", NO_BASE, "5060*", "tcp:5060* udp:5060*", NULL);
    check(NULL, NO_BASE, "UDP 1719 (RAS) TCP 1720 (Q931) TCP 1024-1324",
          "udp:1719[RAS] tcp:1720[Q931] tcp:1024-1324", NULL);
    check(NULL, NO_BASE, "TCP 5060 TLS 5061", "tcp:5060 tcp:5061[TLS]", NULL);
    check("TCP or TLS", NO_BASE, "25000-29999", "tcp:25000-29999", NULL);
    check("TCP", NO_BASE, "443 or 8443", "tcp:443 tcp:8443", NULL);
    check("UDP", NO_BASE, "1812 or 1645 and 1813 or 1646",
          "udp:1812 udp:1645 udp:1813 udp:1646", NULL);
    check("UDP", NO_BASE, "123, 55000\xE2\x80\x93" "65535",
          "udp:123 udp:55000-65535", NULL);
    check(NULL, NO_BASE, "TCP 12000 \xE2\x80\x93 15000", "tcp:12000-15000", NULL);
    check(NULL, NO_BASE, "32768- 61000", "32768-61000", NULL);
    check(NULL, NO_BASE, "3336/3346", "3336 3346", NULL);
    check(NULL, NO_BASE, "TCP 3336, 3338", "tcp:3336 tcp:3338", NULL);
    check(NULL, NO_BASE, "HTTPS 8446", "tcp:8446[HTTPS]", NULL);
    check(NULL, NO_BASE, "DNS 53 (UDP)", "udp:53[DNS]", NULL);
    check(NULL, NO_BASE, "TCP 32768-61000*", "tcp:32768-61000*", NULL);
    check("TCP", NO_BASE, "33000\xE2\x80\x93" "39999 **", "tcp:33000-39999**",
          NULL);
}

/* Every way of writing a range and a list. */
static void test_ranges_and_lists(void)
{
    check(NULL, NO_BASE, "1024-1324", "1024-1324", NULL);
    check(NULL, NO_BASE, "1024 - 1324", "1024-1324", NULL);
    check(NULL, NO_BASE, "1024\xE2\x80\x93 1324", "1024-1324", NULL);
    check(NULL, NO_BASE, "1024 \xE2\x80\x94 1324", "1024-1324", NULL);
    check(NULL, NO_BASE, "1024 to 1324", "1024-1324", NULL);
    check(NULL, NO_BASE, "5060-5060", "5060", NULL);
    check("TCP", NO_BASE, "389 / 636", "tcp:389 tcp:636", NULL);
    check("TCP", NO_BASE, "80, 443; 8080", "tcp:80 tcp:443 tcp:8080", NULL);
    check("TCP", NO_BASE, "135 and 49152 - 65535", "tcp:135 tcp:49152-65535",
          NULL);
    check(NULL, NO_BASE, "TCP 1024-1324 , 3337", "tcp:1024-1324 tcp:3337", NULL);
    check(NULL, NO_BASE, "TCP 5060 5061 UDP 5060", "tcp:5060 tcp:5061 udp:5060",
          NULL);
    check(NULL, NO_BASE, "TCP 1024-1324 (H.245) TCP 3336 3338 (XML APIs)",
          "tcp:1024-1324[H.245] tcp:3336[XML APIs] tcp:3338[XML APIs]", NULL);
}

static void test_parity(void)
{
    check(NULL, NO_BASE, "36000 - 36010 (even ports)", "36000-36010/even", NULL);
    check("UDP", NO_BASE, "36000-59998 (even ports)", "udp:36000-59998/even",
          NULL);
    check("UDP", NO_BASE, "36001-59999 (odd ports)", "udp:36001-59999/odd",
          NULL);
    check(NULL, NO_BASE, "UDP 7222-7422 (even numbered ports)",
          "udp:7222-7422/even", NULL);
    check("UDP", NO_BASE,
          "2776 or 36000 (Small/Medium) 36000 - 36010 (even ports) (Large)",
          "udp:2776[Small/Medium] udp:36000[Small/Medium] "
          "udp:36000-36010/even[Large]", NULL);
    check("UDP", NO_BASE,
          "2777 (Small/Medium) or 36001-36011 (odd ports) (Large)",
          "udp:2777[Small/Medium] udp:36001-36011/odd[Large]", NULL);
    check("UDP & TCP", NO_BASE, "3478 (Small/Medium) 3478-3483 (Large)",
          "tcp:3478[Small/Medium] udp:3478[Small/Medium] "
          "tcp:3478-3483[Large] udp:3478-3483[Large]", NULL);
}

static void test_transports(void)
{
    check(NULL, NO_BASE, "UDP/TCP 53", "tcp:53 udp:53", NULL);
    check(NULL, NO_BASE, "TCP & UDP 53", "tcp:53 udp:53", NULL);
    check(NULL, NO_BASE, "udp and tcp 53", "tcp:53 udp:53", NULL);
    check(NULL, NO_BASE, "UDP, TCP 53", "tcp:53 udp:53", NULL);
    check(NULL, NO_BASE, "TCP or UDP 5060", "tcp:5060 udp:5060", NULL);
    check(NULL, NO_BASE, "TCP TLS 5061", "tcp:5061[TLS]", NULL);
    check(NULL, NO_BASE, "TCP or TLS 5061", "tcp:5061", NULL);
    check(NULL, NO_BASE, "MTLS 5062", "tcp:5062[MTLS]", NULL);
    check(NULL, NO_BASE, "SIP/TLS 5061", "tcp:5061[SIP/TLS]", NULL);
    check(NULL, NO_BASE, "TCP (TLS) 443", "tcp:443[TLS]", NULL);
    check(NULL, NO_BASE, "TCP 5061 (TLS)", "tcp:5061[TLS]", NULL);
    check(NULL, NO_BASE, "ICMP N/A", "icmp:none", NULL);
    check(NULL, NO_BASE, "ESP n/a", "esp:none", NULL);
    check(NULL, NO_BASE, "UDP1719,TCP1720, TCP/UDP 2776-2777(H.460 Signaling "
                         "& Media)",
          "udp:1719 tcp:1720 tcp:2776-2777[H.460 Signaling & Media] "
          "udp:2776-2777[H.460 Signaling & Media]", NULL);
    /* "(UDP)" after a port re-types it: SIP alone would be TCP and UDP */
    check(NULL, NO_BASE, "SIP 5060", "tcp:5060[SIP] udp:5060[SIP]", NULL);
    check(NULL, NO_BASE, "SIP 5060 (UDP)", "udp:5060[SIP]", NULL);
    check(NULL, NO_BASE, "DNS 53 (UDP) NTP 123 (UDP)",
          "udp:53[DNS] udp:123[NTP]", NULL);
    check(NULL, NO_BASE, "UDP (DNS) 53 TCP (DNS) 53", "udp:53[DNS] tcp:53[DNS]",
          NULL);
    /* a protocol word with nothing after it names no port */
    check(NULL, NO_BASE, "TCP 5061, 5060 TCP/UDP", "tcp:5061 tcp:5060", NULL);
    /* a transport glued after a port by '/' types that port alone */
    check(NULL, NO_BASE, "5060/tcp", "tcp:5060", NULL);
    check(NULL, NO_BASE, "5060-5061/tcp", "tcp:5060-5061", NULL);
    check(NULL, NO_BASE, "5004/udp, 5005/udp", "udp:5004 udp:5005", NULL);
    check(NULL, NO_BASE, "53/udp, 53/tcp", "udp:53 tcp:53", NULL);
    check(NULL, NO_BASE, "443/tcp (HTTPS)", "tcp:443[HTTPS]", NULL);
    check(NULL, NO_BASE, "5061/tls", "tcp:5061[tls]", NULL);
    /* ... but after a clause with a transport, "/UDP 53" starts the next */
    check(NULL, NO_BASE, "TCP 5060/UDP 5062", "tcp:5060 udp:5062", NULL);
}

/* The row's protocol column, and how the cell's own words override it. */
static void test_protocol_column(void)
{
    check("TCP", NO_BASE, "5060", "tcp:5060", NULL);
    check("TLS", NO_BASE, "5061", "tcp:5061[TLS]", NULL);
    check("MTLS", NO_BASE, ">=1024", "tcp:>=1024[MTLS]", NULL);
    check("TCP (TLS)", NO_BASE, "55000\xE2\x80\x93" "65535",
          "tcp:55000-65535[TLS]", NULL);
    check("TCP (TLS)", NO_BASE, "443 / 8057 \xE2\x80\xA1\xE2\x80\xA1",
          "tcp:443[TLS] tcp:8057\xE2\x80\xA1\xE2\x80\xA1[TLS]", NULL);
    check("UDP & TCP", NO_BASE, ">=1024", "tcp:>=1024 udp:>=1024", NULL);
    check("TVP", NO_BASE, "7001", "7001", NULL);
    check("N/A", 1960, "<PortNumber>+3", "1963(+3)", NULL);
    check("UDP", NO_BASE, "TCP 443", "tcp:443", NULL);
    check("UDP", NO_BASE, "HTTPS 443", "udp:443[HTTPS]", NULL);
    check("TLS", NO_BASE, "TCP 5060", "tcp:5060", NULL);
}

static void test_labels(void)
{
    check(NULL, NO_BASE, "TCP (XML over TLS) 3346, 3348",
          "tcp:3346[XML over TLS] tcp:3348[XML over TLS]", NULL);
    check(NULL, NO_BASE, "TCP 3336/3346 (XML over TLS)",
          "tcp:3336[XML over TLS] tcp:3346[XML over TLS]", NULL);
    check(NULL, NO_BASE, "TCP 8085 ( HTTP) TCP 80(HTTP)",
          "tcp:8085[HTTP] tcp:80[HTTP]", NULL);
    check(NULL, NO_BASE, "TCP 8089 XML API", "tcp:8089[XML API]", NULL);
    check(NULL, NO_BASE, "TCP 8089 XML API or ephemeral ports",
          "tcp:8089[XML API] tcp:ephemeral", NULL);
    check(NULL, NO_BASE, "UDP 12000-15000** Audio and Video media",
          "udp:12000-15000**[Audio and Video media]", NULL);
    check(NULL, NO_BASE, "UDP 10000-65535 ** Default range",
          "udp:10000-65535**[Default range]", NULL);
    check(NULL, NO_BASE,
          "TCP 32768 - 61000 TCP 3340 Equinox Management Meeting Control UDP "
          "161-162 SNMP",
          "tcp:32768-61000 tcp:3340[Equinox Management Meeting Control] "
          "udp:161-162[SNMP]", NULL);
    check(NULL, NO_BASE, "UDP 162 (SNMP) Traps", "udp:162[SNMP]", NULL);
    check(NULL, NO_BASE, "TCP 80 (HLS, Windows Media) TCP 443 (HLS)",
          "tcp:80[HLS, Windows Media] tcp:443[HLS]", NULL);
    check(NULL, NO_BASE, "TCP (HTTP, HTTPS, HLS) 80, 443",
          "tcp:80[HTTP, HTTPS, HLS] tcp:443[HTTP, HTTPS, HLS]", NULL);
    check("TCP", NO_BASE, "29500 (HTTP) 29501 (HTTPS)",
          "tcp:29500[HTTP] tcp:29501[HTTPS]", NULL);
    check(NULL, NO_BASE, "TCP 7 (management) TCP 1720 (RAS) (from / to ECS)",
          "tcp:7[management] tcp:1720[RAS]", NULL);
    check(NULL, NO_BASE, "UDP 1718 (RAS GK autodiscovery to multicast IPv4 "
                         "address 224.0.0.41)",
          "udp:1718[RAS GK autodiscovery to multicast IPv4 address "
          "224.0.0.41]", NULL);
    check("TCP or TLS", NO_BASE,
          "7001 (for first traversal zone; 7002 for second etc.)",
          "tcp:7001[for first traversal zone; 7002 for second etc.]", NULL);
    check("UDP", NO_BASE,
          "5060 (often, but could be different, >=1024) Port number defined "
          "by registration (if registered) or by DNS lookup",
          "udp:5060[often, but could be different, >=1024]", NULL);
    check("UDP", NO_BASE, "5060 SIP UDP disabled by default. Not recommended "
                          "for internet facing connections.",
          "udp:5060[SIP]", NULL);
    check("UDP & TCP", NO_BASE, ">=1024 Port of relevant ICE candidate: host "
                                "IP port, server reflexive port (outside "
                                "firewall port), or TURN server port",
          "tcp:>=1024[Port of relevant ICE candidate: host IP port, server "
          "reflexive port] udp:>=1024[Port of relevant ICE candidate: host "
          "IP port, server reflexive port]", NULL);
    check(NULL, NO_BASE, "UDP 3478 UDP port Range 50000 - 55000 (configurable)",
          "udp:3478 udp:50000-55000[configurable]", NULL);
    check(NULL, NO_BASE, "TCP/UDP (5060) SIP", "tcp:5060[SIP] udp:5060[SIP]",
          NULL);
    check("TCP", NO_BASE, "5061 SIP/TLS", "tcp:5061[SIP/TLS]", NULL);
    /* the words after a port keep a number that is not one */
    check(NULL, NO_BASE, "TCP 5060 Windows Server 2008 R2",
          "tcp:5060[Windows Server 2008 R2]", NULL);
    /* a rule, not an accident: prose after a port is its label */
    check(NULL, NO_BASE, "UDP 1719 (RAS) TCP 1720 (Q931) Default Linux TCP "
                         "port range is 32768- 61000 which can be modified.",
          "udp:1719[RAS] tcp:1720[Q931] tcp:32768-61000[which can be "
          "modified]", NULL);
}

/* Application words introduce the ports after them, or label the one
 * before when no port follows. */
static void test_applications(void)
{
    check(NULL, NO_BASE,
          "DNS Server UDP 53 LDAP server 389 LDAP over SSL 636 AD Server "
          "TCP/UDP 445 NTLM SSO TCP 25 SMTP",
          "udp:53[DNS] tcp:389[LDAP] tcp:636[LDAP] tcp:445[NTLM SSO] "
          "udp:445[NTLM SSO] tcp:25[SMTP]", NULL);
    check(NULL, NO_BASE, "TCP 3343 TLS 3353 SNMP UDP 161",
          "tcp:3343 tcp:3353[TLS] udp:161[SNMP]", NULL);
    check(NULL, NO_BASE, "HTTP 80 HTTPS 443", "tcp:80[HTTP] tcp:443[HTTPS]",
          NULL);
    check(NULL, NO_BASE, "UDP 1024-5000 TCP 1755 HTTP (Windows Media) 80",
          "udp:1024-5000 tcp:1755 tcp:80[Windows Media]", NULL);
    check(NULL, NO_BASE, "Telnet 23 Syslog 514", "tcp:23[Telnet] udp:514[Syslog]",
          NULL);
    check(NULL, NO_BASE, "UDP 3478 for STUN/TURN", "udp:3478[for STUN/TURN]",
          NULL);
    check(NULL, NO_BASE,
          "SIP: TCP/UDP 5060 SIP: TLS 5061 TCP 7150 TLS 7151 UDP port range "
          "depends",
          "tcp:5060[SIP] udp:5060[SIP] tcp:5061[SIP] tcp:7150 tcp:7151[TLS] "
          "udp:vendor", NULL);
    check(NULL, NO_BASE, "SIP PROTOCOL", "", NULL);
}

static void test_marks(void)
{
    check("UDP", NO_BASE, "161 \xE2\x80\xA0", "udp:161\xE2\x80\xA0", NULL);
    check("UDP", NO_BASE, "\xE2\x80\xA0 55000\xE2\x80\x93" "65535",
          "udp:55000-65535\xE2\x80\xA0", NULL);
    check("TCP", NO_BASE, "5671 (*)", "tcp:5671*", NULL);
    check(NULL, NO_BASE, "TCP 12000-15000***", "tcp:12000-15000***", NULL);
    check(NULL, NO_BASE, "TCP 80** (HTTP) TCP 443** (HTTPS)",
          "tcp:80**[HTTP] tcp:443**[HTTPS]", NULL);
    check("TCP", NO_BASE, "5060 (SIP) *", "tcp:5060*[SIP]", NULL);
    check(NULL, NO_BASE, "TCP 49152-65535* UDP 10000-65535 **",
          "tcp:49152-65535* udp:10000-65535**", NULL);
    check(NULL, NO_BASE, "TCP 7 (management) TCP *Default Linux Ports (H.245)",
          "tcp:7[management] tcp:ephemeral*[H.245]", NULL);
    check(NULL, NO_BASE, "*Refer to Manufacturer's documentation for TCP and "
                         "UDP ports used",
          "tcp:vendor* udp:vendor*", NULL);

    /* the cell's list: every mark once, in order, "(*)" as "*" */
    portspec ps = parse(NULL, NO_BASE, "TCP 80** (HTTP) \xE2\x80\xA0 443 "
                                       "UDP 5060* 5061 (*) 5062**");
    is_str(render(&ps), "tcp:80**[HTTP] tcp:443\xE2\x80\xA0 udp:5060* "
                        "udp:5061* udp:5062**", "marks: ranges");
    is_str(ps.marks, "** \xE2\x80\xA0 *", "marks: cell list, no repeats");
    portspec_free(&ps);

    ps = parse(NULL, NO_BASE, "TCP 443");
    ok(ps.marks == NULL && ps.n == 1 && ps.ranges[0].marks == NULL,
       "marks: NULL when there are none");
    portspec_free(&ps);

    /* a mark with nothing to attach to is still the cell's */
    ps = parse(NULL, NO_BASE, "<i>* Other EPs/MCUs may use different "
                              "ephemeral port ranges</i>");
    ok(ps.n == 0, "marks: a footnote in a port cell gives no port");
    is_str(ps.marks, "*", "marks: ... but its mark is listed");
    portspec_free(&ps);
}

static void test_classes(void)
{
    check(NULL, NO_BASE, ">=1024", ">=1024", NULL);
    check(NULL, NO_BASE, "\xE2\x89\xA5" "1024", ">=1024", NULL);
    check(NULL, NO_BASE, "> 1023", ">=1024", NULL);
    check(NULL, NO_BASE, ">=5000", "5000-65535", NULL);
    check(NULL, NO_BASE, "<any>", "any", NULL);
    check("TCP", NO_BASE, "Any", "tcp:any", NULL);
    check(NULL, NO_BASE, "All TCP/UDP traffic", "tcp:any udp:any", NULL);
    check(NULL, NO_BASE, "All TCP/UDP traffic allowed", "tcp:any udp:any", NULL);
    check(NULL, NO_BASE, "Ephemeral TCP ports", "tcp:ephemeral", NULL);
    check(NULL, NO_BASE, "Ephemeral ports", "ephemeral", NULL);
    check(NULL, NO_BASE, "TCP/UDP Ephemeral Ports", "tcp:ephemeral udp:ephemeral",
          NULL);
    check(NULL, NO_BASE, "Ephemeral UDP and TCP Ports",
          "tcp:ephemeral udp:ephemeral", NULL);
    check(NULL, NO_BASE, "Ephemeral UDP, TCP Ports", "tcp:ephemeral udp:ephemeral",
          NULL);
    check(NULL, NO_BASE, "Ephemeral TCP Ports Ephemeral UDP Ports",
          "tcp:ephemeral udp:ephemeral", NULL);
    check(NULL, NO_BASE, "TCP (HTTPS) Ephemeral ports", "tcp:ephemeral[HTTPS]",
          NULL);
    check(NULL, NO_BASE, "TCP (HTTP, HTTPS), Ephemeral TCP Ports",
          "tcp:ephemeral[HTTP, HTTPS]", NULL);
    check(NULL, NO_BASE, "Default Linux Ports", "ephemeral", NULL);
    check("TCP", NO_BASE, "dynamic", "tcp:ephemeral", NULL);
    check("TCP", NO_BASE, "135 and dynamic 1024 - 65535",
          "tcp:135 tcp:1024-65535[dynamic]", NULL);
    check("ESP", NO_BASE, "n/a", "esp:none", NULL);
    check("ICMP", NO_BASE, "N/A", "icmp:none", NULL);
    check(NULL, NO_BASE, "Refer to Manufacturer's documentation for TCP and UDP "
                         "ports.",
          "tcp:vendor udp:vendor", NULL);
    check(NULL, NO_BASE, "Consult the vendor documentation to confirm ports "
                         "used.",
          "vendor", NULL);
    check(NULL, NO_BASE, "UDP port range depends on client", "udp:vendor", NULL);
    check(NULL, NO_BASE, "UDP - Multicast Port Range", "udp:vendor", NULL);
    check(NULL, NO_BASE, "Endpoint TCP and UDP Ports", "tcp:vendor udp:vendor",
          NULL);
    check(NULL, NO_BASE, "UDP Ports", "udp:vendor", NULL);
    /* "UDP Port range" followed by ports is no class */
    check(NULL, NO_BASE, "Media Server/MCU - UDP Port range UDP 16384-16784 "
                         "(Audio RTP)",
          "udp:16384-16784[Audio RTP]", NULL);
    check(NULL, NO_BASE, "Media Server/AMS - UDP Port range 6000 - 17999",
          "udp:6000-17999", NULL);

    portspec ps = parse(NULL, NO_BASE, ">=1024");
    ok(ps.n == 1 && ps.ranges[0].kind == PORT_GE1024 &&
           ps.ranges[0].lo == 1024 && ps.ranges[0].hi == 65535 &&
           ps.ranges[0].proto == PROTO_UNSPEC,
       ">=1024: kind ge1024, 1024..65535, no protocol");
    portspec_free(&ps);
    ps = parse(NULL, NO_BASE, "<any>");
    ok(ps.n == 1 && ps.ranges[0].kind == PORT_ANY && ps.ranges[0].lo == -1 &&
           ps.ranges[0].hi == -1 && ps.ranges[0].label == NULL,
       "<any>: kind any, lo = hi = -1");
    portspec_free(&ps);
}

static void test_base_port(void)
{
    check(NULL, 1960, "<PortNumber>+2", "1962(+2)", NULL);
    check("UDP", 1960, "<PortNumber>+2", "udp:1962(+2)", NULL);
    check("TCP", 1960, "<PortNumber>+0", "tcp:1960(+0)", NULL);
    check("TCP", 1960, "<PortNumber>", "tcp:1960(+0)", NULL);
    check("TCP", 2000, "<BasePort>+6", "tcp:2006(+6)", NULL);
    check("TCP", 2000, "base+1", "tcp:2001(+1)", NULL);
    check("TCP", NO_BASE, "<PortNumber>+2", "", "base port unknown");
    check("TCP", 65535, "<PortNumber>+1", "", "not a valid port");

    portspec ps = parse(NULL, 1960, "<PortNumber>+2");
    ok(ps.n == 1 && ps.ranges[0].lo == 1962 && ps.ranges[0].hi == 1962 &&
           ps.ranges[0].base_offset == 2 && ps.ranges[0].kind == PORT_NUMERIC,
       "<PortNumber>+2: lo = hi = 1962, base_offset 2");
    portspec_free(&ps);
    ps = parse(NULL, 1960, "TCP 1960");
    ok(ps.n == 1 && ps.ranges[0].base_offset == -1,
       "a plain port has base_offset -1");
    portspec_free(&ps);
}

/* ---- documents' hardest cells -------------------------------------------- */

static void test_document_cells(void)
{
    check(NULL, NO_BASE,
          "TCP 1720 (H225/Q931) TCP/UDP Ephemeral Ports TCP 3230-3250* "
          "(H225/H245) UDP 3230-3313* (RTP/RTCP) TCP/UDP 5060 UDP 5070-5077* "
          "(BFCP)",
          "tcp:1720[H225/Q931] tcp:ephemeral udp:ephemeral "
          "tcp:3230-3250*[H225/H245] udp:3230-3313*[RTP/RTCP] tcp:5060 "
          "udp:5060 udp:5070-5077*[BFCP]", NULL);
    check(NULL, NO_BASE,
          "<u>Q931 and H245 call signaling</u> TCP 1720 (H225/Q931) TCP "
          "3230-3250* (H225/H245)(XT) or Ephemeral TCP ports <u>Media</u> UDP "
          "3230-3313*(RTP/RTCP)(XT) or ephemeral UDP ports  <i>* Other "
          "EPs/MCUs may use different ephemeral port ranges</i>",
          "tcp:1720[H225/Q931] tcp:3230-3250*[H225/H245] tcp:ephemeral "
          "udp:3230-3313*[RTP/RTCP] udp:ephemeral", NULL);
    check(NULL, NO_BASE,
          "<u>RAS signaling</u> UDP 1719 (RAS) UDP 1718 (RAS GK "
          "autodiscovery to multicast IPv4 address 224.0.0.41)  <u>Q931 and "
          "H245 call signaling (when managed by GK)</u> TCP 1720 (H225/Q931) "
          "Ephemeral TCP ports",
          "udp:1719[RAS] udp:1718[RAS GK autodiscovery to multicast IPv4 "
          "address 224.0.0.41] tcp:1720[H225/Q931] tcp:ephemeral", NULL);
    check(NULL, NO_BASE,
          "TCP 3336-3337 (XTD XML API) Sip/H.323 calls: TCP 1720 (H225/Q931)",
          "tcp:3336-3337[XTD XML API] tcp:1720[H225/Q931]", NULL);
    check(NULL, NO_BASE,
          "TCP 7 (management) TCP 1720 (RAS) UDP 1719 (RAS) TCP (H.245) "
          "1024-1324 TCP (XML) 3336, 3338 TCP (XML over TLS) 3346, 3348",
          "tcp:7[management] tcp:1720[RAS] udp:1719[RAS] tcp:1024-1324[H.245] "
          "tcp:3336[XML] tcp:3338[XML] tcp:3346[XML over TLS] "
          "tcp:3348[XML over TLS]", NULL);
    check(NULL, NO_BASE, "TCP 3358 (XML) TLS 3368 (XML) TCP 8095 TCP 8445",
          "tcp:3358[XML] tcp:3368[XML] tcp:8095 tcp:8445", NULL);
    check(NULL, NO_BASE, "TCP 5060 TCP TLS 5061", "tcp:5060 tcp:5061[TLS]", NULL);
    check(NULL, NO_BASE, "1025 - 65535", "1025-65535", NULL);
    check(NULL, NO_BASE, "(Audio RTP)", "", NULL);
    check(NULL, NO_BASE, "Scopia MCU", "", NULL);
    check(NULL, NO_BASE, "---", "", NULL);
    check("TCP", NO_BASE, "80 or 443", "tcp:80 tcp:443", NULL);
    check("TCP", NO_BASE, "62201 - 62220", "tcp:62201-62220", NULL);
}

/* ---- numbers that are not ports ------------------------------------------ */

static void test_never_ports(void)
{
    static const char *const cells[] = {
        "H.245", "TCP H.245", "H.460.18", "TCP H.460.18/19 endpoint",
        "X8.9.2", "(X8.9.2 and later)", "Windows Server 2008",
        "TCP Windows Server 2008", "Office 2016", "UDP IP Protocol 50",
        "(224.0.0.41)", "Q.931", "T.120", "IPv4", "AES-256",
        "TelePresence 500, 1000 and 3000 series", "(7002)", "TCP (>=1024)",
    };
    for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
        portspec ps = parse("TCP", NO_BASE, cells[i]);
        ok(ps.n == 0 && ps.ndiags == 0, "no port in '%s' (got '%s')", cells[i],
           render(&ps));
        portspec_free(&ps);
    }
    /* where a port should be, a dotted or lettered token is diagnosed */
    check(NULL, NO_BASE, "TCP 224.0.0.41", "", "not a port number");
    check(NULL, NO_BASE, "TCP 80 (8080)", "tcp:80[8080]", NULL);
}

/* ---- data errors --------------------------------------------------------- */

static void test_errors(void)
{
    check(NULL, NO_BASE, "UDP 120002-12952", "", "port 120002 is above 65535");
    check(NULL, NO_BASE, "TCP 224444 (API)", "", "port 224444 is above 65535");
    check(NULL, NO_BASE, "UDP 6972-65553", "", "port 65553 is above 65535");
    check(NULL, NO_BASE, "UDP 137-128", "", "range 137-128 is reversed");
    check(NULL, NO_BASE, "UDP 12000-132000 (RTP)", "", "132000");
    check(NULL, NO_BASE, "UDP 12000-132000 (RTP) TCP 1024-1324", "tcp:1024-1324",
          "132000");
    check(NULL, NO_BASE, "TCP (Windows Media Stream) 9090 \xE2\x86\x92 9XXXX",
          "tcp:9090[Windows Media Stream]", "'9XXXX' is not a port number");
    check(NULL, NO_BASE, "UDP (AAC-LC) 9090 \xE2\x86\x92 9XXXX",
          "udp:9090[AAC-LC]", "9XXXX");
    check("TCP", NO_BASE, "135 and", "tcp:135",
          "list ends with 'and': text cut short?");
    check("TCP", NO_BASE, "135, 445 and", "tcp:135 tcp:445", "ends with 'and'");
    check("TCP", NO_BASE, "5060 or", "tcp:5060", "ends with 'or'");
    check("TCP", NO_BASE, "1024 -", "tcp:1024", "ends with '-'");
    check(NULL, NO_BASE, "BFCP 5070. 5077", "5070[BFCP] 5077[BFCP]",
          "unclear separator '.' between 5070 and 5077: read as two ports");
    check(NULL, NO_BASE, "TCP 5060 TCP TLS 5061 BFCP 5070. 5077",
          "tcp:5060 tcp:5061[TLS] 5070[BFCP] 5077[BFCP]", "unclear separator");
    check(NULL, NO_BASE, "UDP 137-128 TCP 139. 445", "tcp:139 tcp:445",
          "reversed|unclear separator '.' between 139 and 445");
    check(NULL, NO_BASE, "TCP 0", "", "port 0 is not a valid port");
    check(NULL, NO_BASE, "TCP 0-1023 UDP 5", "udp:5", "port 0");
    check(NULL, NO_BASE, ">70000", "", "no port");
    check(NULL, NO_BASE, "99999999999999999999999999", "", "above 65535");
    check(NULL, NO_BASE,
          "TCP 1024-4999 UDP 1619 (Q931) UDP 1719 (RAS) TCP 1503 (T.120) UDP "
          "120002-12952 (RTP/RTCP) UDP 1820",
          "tcp:1024-4999 udp:1619[Q931] udp:1719[RAS] tcp:1503[T.120] "
          "udp:1820", "120002");
    check(NULL, NO_BASE, "TCP 5070.5077", "", "'5070.5077' is not a port");

    /* columns are byte offsets of what is wrong */
    portspec ps = parse(NULL, NO_BASE, "UDP 120002-12952");
    is_int(ps.ndiags ? ps.diags[0].col : -1, 4, "column of a port too big");
    portspec_free(&ps);
    ps = parse(NULL, NO_BASE, "UDP 6972-65553");
    is_int(ps.ndiags ? ps.diags[0].col : -1, 9, "column of a range end too big");
    portspec_free(&ps);
    ps = parse(NULL, NO_BASE, "TCP (Windows Media Stream) 9090 \xE2\x86\x92 9XXXX");
    is_int(ps.ndiags ? ps.diags[0].col : -1, 36, "column after a multi-byte arrow");
    portspec_free(&ps);
    ps = parse("TCP", NO_BASE, "135, 445 and");
    is_int(ps.ndiags ? ps.diags[0].col : -1, 9, "column of the dangling 'and'");
    portspec_free(&ps);
    ps = parse(NULL, NO_BASE, "BFCP 5070. 5077");
    is_int(ps.ndiags ? ps.diags[0].col : -1, 9, "column of the unclear '.'");
    portspec_free(&ps);
}

/* ---- robustness ---------------------------------------------------------- */

static void test_empty(void)
{
    portspec ps;
    memset(&ps, 0xAB, sizeof ps); /* *out is overwritten, not freed */
    status st = portspec_parse("", NULL, &ps);
    ok(st == ST_OK && ps.n == 0 && ps.ranges == NULL && ps.ndiags == 0 &&
           ps.diags == NULL && ps.marks == NULL,
       "empty cell: nothing, no diagnostics");
    portspec_free(&ps);
    portspec_free(&ps);
    ok(ps.n == 0 && ps.ranges == NULL, "portspec_free twice is harmless");
    portspec_free(NULL);

    ps = parse(NULL, NO_BASE, "   \t\n ");
    ok(ps.n == 0 && ps.ndiags == 0, "blank cell: nothing");
    portspec_free(&ps);

    st = portspec_parse("TCP 443", NULL, &ps);
    is_str(st == ST_OK ? render(&ps) : "?", "tcp:443", "NULL context");
    portspec_free(&ps);
}

static void test_bytes(void)
{
    /* control characters separate; they may stay inside a label */
    check(NULL, NO_BASE, "TCP\t5060\x01(SIP)\r\n5061\x1b[0m",
          "tcp:5060[SIP] tcp:5061", NULL);
    /* invalid UTF-8 belongs to the word it touches: never half a port */
    check(NULL, NO_BASE, "UDP \xE2\x80 5060", "udp:5060", NULL);
    check(NULL, NO_BASE, "5060\xE2\x80" "5061", "", "not a port number");
    check(NULL, NO_BASE, "TCP 50\xFF" "60 5061 (SIP\xFE)", "tcp:5061[SIP\xFE]",
          "not a port number");
    check(NULL, NO_BASE, "\xC0\xAF\xED\xA0\x80\xF8\x88\x80\x80\x80", "", NULL);
    /* Unicode spaces and the other dashes */
    check(NULL, NO_BASE, "TCP\xC2\xA0" "80\xE2\x80\x8B,\xE3\x80\x80" "443",
          "tcp:80 tcp:443", NULL);
    check(NULL, NO_BASE, "1024\xE2\x88\x92" "2048", "1024-2048", NULL);
}

/* A simple generator, so the "junk" is the same on every run. */
static uint32_t rnd_state = 12345;
static uint32_t rnd(void)
{
    rnd_state = rnd_state * 1103515245u + 12345u;
    return rnd_state >> 8;
}

/* Parse 10 kB of text drawn from an alphabet; the result must be well
 * formed, and the same when parsed twice. */
static void junk(const char *name, const char *const *alphabet, size_t nalpha)
{
    enum { SIZE = 10 * 1024 };
    char *text = malloc(SIZE + 16), *first = NULL;
    size_t len = 0;
    int good = 1, same = 1;
    if (!text) {
        ok(0, "%s: out of memory", name);
        return;
    }
    for (int round = 0; round < 8; round++) {
        len = 0;
        while (len < SIZE) {
            const char *a = alphabet[rnd() % nalpha];
            size_t n = a[0] ? strlen(a) : 1; /* "" stands for random bytes */
            for (size_t k = 0; k < n; k++)
                text[len++] = a[0] ? a[k] : (char)(rnd() % 255 + 1);
        }
        text[len] = '\0';
        for (int pass = 0; pass < 2; pass++) {
            portspec ps;
            status st = portspec_parse(text, &(portspec_ctx){"TCP", 1960}, &ps);
            good = good && st == ST_OK && well_formed(&ps, len);
            if (pass == 0) {
                free(first);
                first = strdup(render(&ps));
            } else
                same = same && first && strcmp(first, render(&ps)) == 0;
            portspec_free(&ps);
        }
    }
    ok(good, "%s: 10 kB, well formed", name);
    ok(same, "%s: 10 kB, same result twice", name);
    free(first);
    free(text);
}

static void test_junk(void)
{
    static const char *const bytes[] = {""};
    static const char *const tokens[] = {
        "TCP ", "UDP", "/", "TLS ", "5060", "1", "0", "65535", "70000", "-",
        "\xE2\x80\x93", " ", "  ", ", ", "or ", "and ", "to ", "(", ")",
        "(even ports)", "(UDP)", "*", "\xE2\x80\xA0", "(*)", ">=", "<any>",
        "<PortNumber>", "+", "Ephemeral ", "ports ", "dynamic ", "n/a ",
        ". ", "Windows ", "H.245", "9XXXX", "<u>", "</u>", "SNMP ", "HTTPS ",
        "Refer to ", "depends ", "All ", "traffic ", "Default Linux Ports ",
        "\xFF", "\x01", "\t", "x",
    };
    static const char *const parens[] = {"(", "((", ")", "5060", " ", "TCP "};
    static const char *const marks[] = {"*", "**", "\xE2\x80\xA0", "1 ", "(*)",
                                        " "};
    junk("random bytes", bytes, 1);
    junk("port words", tokens, sizeof tokens / sizeof tokens[0]);
    junk("parentheses", parens, sizeof parens / sizeof parens[0]);
    junk("marks", marks, sizeof marks / sizeof marks[0]);

    /* one long list: every port read, in order */
    char *big = malloc(8 * 6000 + 1), *p = big;
    if (big) {
        for (int i = 1; i <= 6000; i++)
            p += sprintf(p, "%d, ", i);
        *p = '\0';
        portspec ps = parse("UDP", NO_BASE, big);
        int inorder = ps.n == 6000;
        for (size_t i = 0; inorder && i < ps.n; i++)
            inorder = ps.ranges[i].lo == (int)i + 1 &&
                      ps.ranges[i].proto == PROTO_UDP;
        ok(inorder, "6000 ports in one cell, in order");
        is_int(ps.ndiags, 1, "... and the trailing ',' is diagnosed");
        portspec_free(&ps);
        free(big);
    }
}

/* ---- protocol columns and names ----------------------------------------- */

static void test_protocols(void)
{
    static const struct {
        const char *text;
        int n;
        unsigned mask;
    } cases[] = {
        {"UDP & TCP", 2, 1u << PROTO_TCP | 1u << PROTO_UDP},
        {"TCP or TLS", 1, 1u << PROTO_TCP},
        {"TCP (TLS)", 1, 1u << PROTO_TCP},
        {"TCP/UDP", 2, 1u << PROTO_TCP | 1u << PROTO_UDP},
        {"udp, tcp", 2, 1u << PROTO_TCP | 1u << PROTO_UDP},
        {"TLS", 1, 1u << PROTO_TCP},
        {"MTLS", 1, 1u << PROTO_TCP},
        {"SIP/TLS", 1, 1u << PROTO_TCP},
        {"ICMP", 1, 1u << PROTO_ICMP},
        {"ESP", 1, 1u << PROTO_ESP},
        {"HTTPS", 1, 1u << PROTO_TCP},
        {"TVP", 0, 0},
        {"N/A", 0, 0},
        {"", 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        unsigned mask = 0xdead;
        int n = portspec_protocols(cases[i].text, &mask);
        ok(n == cases[i].n && mask == cases[i].mask,
           "protocols '%s': %d (mask %#x)", cases[i].text, n, mask);
    }
    unsigned mask = 7;
    is_int(portspec_protocols(NULL, &mask), 0, "protocols NULL: 0");
    is_int(mask, 0, "protocols NULL: empty mask");
    is_int(portspec_protocols("UDP", NULL), 1, "protocols: mask may be NULL");
}

static void test_names(void)
{
    static const char *const protos[] = {"", "tcp", "udp", "icmp", "esp"};
    static const char *const kinds[] = {"numeric", "ge1024", "any", "ephemeral",
                                        "vendor", "none"};
    static const char *const parities[] = {"", "even", "odd"};
    int good = 1;
    for (int p = 0; p < PROTO__COUNT; p++)
        good = good && strcmp(proto_name((proto_t)p), protos[p]) == 0 &&
               proto_from_name(protos[p]) == (proto_t)p;
    ok(good, "proto names round trip");
    good = 1;
    for (int k = 0; k < PORT__COUNT; k++)
        good = good && strcmp(port_kind_name((port_kind_t)k), kinds[k]) == 0 &&
               port_kind_from_name(kinds[k]) == (port_kind_t)k;
    ok(good, "port kind names round trip");
    good = 1;
    for (int p = 0; p <= PARITY_ODD; p++)
        good = good && strcmp(parity_name((parity_t)p), parities[p]) == 0 &&
               parity_from_name(parities[p]) == (parity_t)p;
    ok(good, "parity names round trip");

    ok(proto_from_name("TCP") == PROTO_TCP && proto_from_name("Udp") == PROTO_UDP,
       "proto_from_name ignores case");
    ok(proto_from_name("sctp") == PROTO_UNSPEC && proto_from_name(NULL) ==
       PROTO_UNSPEC, "proto_from_name: unknown is PROTO_UNSPEC");
    ok(port_kind_from_name("GE1024") == PORT_GE1024 &&
           port_kind_from_name("bogus") == PORT__COUNT &&
           port_kind_from_name(NULL) == PORT__COUNT,
       "port_kind_from_name: case-insensitive, unknown is PORT__COUNT");
    ok(parity_from_name("ODD") == PARITY_ODD &&
           parity_from_name("bogus") == PARITY_ALL &&
           parity_from_name(NULL) == PARITY_ALL,
       "parity_from_name: case-insensitive, unknown is PARITY_ALL");
    ok(strcmp(proto_name((proto_t)99), "") == 0 &&
           strcmp(port_kind_name((port_kind_t)99), "") == 0 &&
           strcmp(parity_name((parity_t)99), "") == 0,
       "names of out-of-range values are empty");
}

/* The fields of one range, not just its rendering. */
static void test_fields(void)
{
    portspec ps = parse(NULL, NO_BASE, "TCP 1024-1324 (H.245)");
    const port_range *r = ps.n ? &ps.ranges[0] : NULL;
    ok(ps.n == 1 && r->proto == PROTO_TCP && r->kind == PORT_NUMERIC &&
           r->lo == 1024 && r->hi == 1324 && r->parity == PARITY_ALL &&
           r->label && strcmp(r->label, "H.245") == 0 && r->marks == NULL &&
           r->base_offset == -1 && ps.ndiags == 0 && ps.marks == NULL,
       "TCP 1024-1324 (H.245): every field");
    portspec_free(&ps);

    ps = parse("UDP & TCP", NO_BASE, "5060*");
    ok(ps.n == 2 && ps.ranges[0].proto == PROTO_TCP &&
           ps.ranges[1].proto == PROTO_UDP && ps.ranges[0].marks &&
           strcmp(ps.ranges[0].marks, "*") == 0 && ps.ranges[1].marks &&
           strcmp(ps.ranges[1].marks, "*") == 0 && ps.ranges[0].label == NULL &&
           ps.marks && strcmp(ps.marks, "*") == 0,
       "5060* with UDP & TCP: TCP first, both marked, cell marks '*'");
    if (ps.n == 2)
        ok(ps.ranges[0].marks != ps.ranges[1].marks,
           "each range owns its strings");
    portspec_free(&ps);

    ps = parse(NULL, NO_BASE, "36000 - 36010 (even ports)");
    ok(ps.n == 1 && ps.ranges[0].parity == PARITY_EVEN &&
           ps.ranges[0].label == NULL,
       "(even ports) sets parity, not label");
    portspec_free(&ps);
}

int main(void)
{
    test_basic();
    test_ranges_and_lists();
    test_parity();
    test_transports();
    test_protocol_column();
    test_labels();
    test_applications();
    test_marks();
    test_classes();
    test_base_port();
    test_document_cells();
    test_never_ports();
    test_errors();
    test_empty();
    test_bytes();
    test_junk();
    test_protocols();
    test_names();
    test_fields();
    return done_testing();
}
