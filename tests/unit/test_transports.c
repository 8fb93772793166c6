/* test_transports.c - a flow's transports (ingest_transports in
 * src/ingest.h) from its two port cells as the import parses them: the
 * destination's protocols, else the source's, named in the order TCP,
 * UDP, ICMP, ESP whatever the order of the cell; "" when neither names
 * one. The same rule in SQL (the upgrade to schema 5) is checked against
 * this one in test_db.c. */
#include <string.h>

#include "../tap.h"
#include "../../src/ingest.h"

/* The transports of a flow with these port cells (NULL: empty) and this
 * protocol column (NULL: none). */
static const char *of(const char *column, const char *src, const char *dst)
{
    portspec_ctx ctx = {column, -1};
    portspec s, d;
    memset(&s, 0, sizeof s);
    memset(&d, 0, sizeof d);
    if ((src && portspec_parse(src, &ctx, &s) != ST_OK) ||
        (dst && portspec_parse(dst, &ctx, &d) != ST_OK))
        return "(out of memory)";
    const char *t = ingest_transports(&s, &d);
    portspec_free(&s);
    portspec_free(&d);
    return t;
}

int main(void)
{
    /* The cells of the task: Avaya writes the transport in the cell. */
    is_str(of(NULL, NULL, "TCP 5060 TCP TLS 5061"), "TCP",
           "TCP 5060 TCP TLS 5061: TCP (TLS rides on TCP)");
    is_str(of(NULL, NULL, "TCP/UDP 5060"), "TCP/UDP", "TCP/UDP 5060");
    is_str(of(NULL, NULL, "UDP 16384-32767"), "UDP", "UDP 16384-32767");
    is_str(of(NULL, NULL, "ICMP N/A"), "ICMP", "ICMP N/A: ICMP");
    is_str(of(NULL, NULL, "Any"), "", "Any: no transport");
    is_str(of(NULL, NULL, "5060"), "", "a bare port: no transport");

    /* A fixed order, each name once. */
    is_str(of(NULL, NULL, "UDP 53 TCP 80 UDP 123"), "TCP/UDP",
           "UDP before TCP in the cell: still TCP/UDP");
    is_str(of(NULL, NULL, "ESP N/A ICMP N/A UDP 500"), "UDP/ICMP/ESP",
           "UDP, ICMP, ESP in that order");
    is_str(of(NULL, NULL, "HTTPS 443"), "TCP",
           "an application word implies its transport");

    /* The protocol column gives the transport of bare ports. */
    is_str(of("UDP & TCP", NULL, "5060"), "TCP/UDP",
           "column UDP & TCP, cell 5060: TCP/UDP");
    is_str(of("TCP or TLS", NULL, "5061"), "TCP", "column TCP or TLS: TCP");
    is_str(of("ESP", NULL, "N/A"), "ESP", "column ESP, cell N/A: ESP");
    is_str(of("N/A", NULL, "Any"), "", "column N/A, cell Any: none");

    /* The destination decides; the source only when it names none. */
    is_str(of(NULL, "TCP 32768-61000", "DNS 53 (UDP) NTP 123 (UDP)"), "UDP",
           "client TCP ports to UDP 53: UDP (Avaya's DNS row)");
    is_str(of(NULL, "UDP 1719", NULL), "UDP",
           "no destination cell: the source's");
    is_str(of(NULL, "TCP 32768-61000", "Consult the vendor documentation"),
           "TCP", "a destination without a transport: the source's");
    is_str(of(NULL, NULL, NULL), "", "no cells: none");

    /* What is returned lives on: a static string. */
    const char *a = of(NULL, NULL, "TCP 1"), *b = of(NULL, NULL, "UDP 2");
    ok(strcmp(a, "TCP") == 0 && strcmp(b, "UDP") == 0,
       "results stay valid after the next call");
    return done_testing();
}
