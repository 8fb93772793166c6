/* test_import_halvard.c - the spaced and Markdown readers on documents of
 * an imaginary vendor (Halvard) written in the bundled documents' styles
 * but not copied from them (tests/data/import/): other column names
 * (Src Port, Dst Port, Transport, Usage, Remote Device, From, To, Purpose,
 * Required) in other orders, port cells the bundled documents do not have
 * ("3346/3348", "<any>, 57419", "5060-5061/tcp", "16384 - 32767 (even)",
 * "TCP/UDP 5060"), a typo range that must become a warning on its line, a
 * page break with a page number and a "Confidential" footer inside a
 * table, wrapped cells, marks on ports and devices with legends after the
 * tables, prose between tables, a Direction column and Inbound/Outbound
 * headings, and a Markdown data row whose cells read like column names.
 * Flows are checked field by field, port cells also as the ingest parses
 * them, and diagnostics as `portolan check` reports them. Run from the
 * repository root. */
#include "import_test.h"

#define DATA "tests/data/import/"
#define SPACED DATA "halvard-vista-ports.txt"
#define MD DATA "halvard-edge-port-reference.txt"

/* ---- the spaced document ---------------------------------------------- */

#define VR "Vista Recorder"
#define VE "Vista Edge"
#define VA "Vista Archive"

static const import_flow SPACED_ROWS[] = {
    /* <any> 8443 * TCP HTTPS Operator console †: the star stays with the
     * port, the dagger leaves the device for the marks */
    {11, VR, "Inbound", "Operator console", "<any>", VR, "8443 *", "TCP",
     "HTTPS", "", "inbound", "†"},
    /* <any>, 57419 3346/3348 UDP STUN / TURN ‡ Media relay */
    {12, VR, "Inbound", "Media relay", "<any>, 57419", VR, "3346/3348",
     "UDP", "STUN / TURN", "", "inbound", "‡"},
    /* the device wraps onto line 14 */
    {13, VR, "Inbound", "Carrier SBC (primary and secondary sites)",
     "<any>", VR, "5060", "TCP/UDP", "SIP", "", "inbound", ""},
    {15, VR, "Inbound", "Conference bridge", "1024–65535", VR,
     "16384 - 32767 (even)", "UDP", "RTP", "", "inbound", ""},
    {16, VR, "Inbound", "Call control cluster", "<any>", VR,
     "5060-5061/tcp", "TCP", "SIP/TLS", "", "inbound", ""},
    /* after the page break: same table, same product and section */
    {22, VR, "Inbound", "Video endpoint", "<any>", VR, "120002-12952 **",
     "UDP", "RTP (video)", "", "inbound", ""},
    {23, VR, "Inbound", "Vista Edge node", "500", VR, "500", "UDP",
     "ISAKMP", "", "inbound", ""},
    {36, VR, "Outbound", VR, "49152–65535",
     "Cloud archive (archive.halvard.example)", "443", "TCP", "HTTPS", "",
     "outbound", ""},
    {37, VR, "Outbound", VR, "49152–65535", "Syslog collector", "514 †",
     "UDP", "Syslog", "", "outbound", ""},
    /* a mark between a port and the comma of its list */
    {38, VR, "Outbound", VR, "5004‡, 57419", "Media relay", "5004", "UDP",
     "RTP", "", "outbound", ""},
    /* Direction and Required columns, no direction heading */
    {43, VE, "", "Web client", "", VE, "443", "TCP", "HTTPS", "Mandatory",
     "inbound", ""},
    {44, VE, "", "Mobile client", "", VE, "3478 *", "UDP", "STUN / TURN",
     "Optional", "inbound", "‡"},
    {45, VE, "", VE, "", VR, "5061", "TCP", "SIP/TLS", "Mandatory",
     "outbound", ""},
    {46, VE, "", VE, "", VR, "10000-20000", "UDP", "RTP / RTCP",
     "Recommended", "both", ""},
    /* From Port / To Port / Service / Host under an Outbound heading */
    {56, VA, "Outbound", VA, "<any>", "Object store", "443", "TCP", "HTTPS",
     "", "outbound", ""},
    {57, VA, "Outbound", VA, "<any>", "Backup filer", "2049", "TCP/UDP",
     "NFS", "", "outbound", ""},
};

static void test_spaced(void)
{
    import_doc d;
    status st = read_file(SPACED, FMT_AUTO, &d);
    is_int(st, ST_OK, "spaced: read");
    is_int(d.format, FMT_SPACED, "spaced: detected as spaced");
    is_int(d.nflows, 16, "spaced: 16 flows");
    is_int(count_flows(&d, VR, "Inbound"), 7,
           "spaced: inbound table across the page break: 7");
    is_int(count_flows(&d, VR, "Outbound"), 3, "spaced: outbound table: 3");
    is_int(count_flows(&d, VE, ""), 4, "spaced: Direction-column table: 4");
    is_int(count_flows(&d, VA, "Outbound"), 2,
           "spaced: From Port / To Port table: 2");
    check_flows(&d, SPACED_ROWS, sizeof SPACED_ROWS / sizeof *SPACED_ROWS);
    ok(flow_at(&d, 14) == NULL && flow_at(&d, 19) == NULL &&
       flow_at(&d, 21) == NULL,
       "spaced: wrapped line, footer and repeated header are no flows");

    check_ranges(&d, 11, "tcp any", "tcp 8443 *");
    check_ranges(&d, 12, "udp any, udp 57419", "udp 3346, udp 3348");
    check_ranges(&d, 13, "tcp any, udp any", "tcp 5060, udp 5060");
    check_ranges(&d, 15, "udp 1024-65535", "udp 16384-32767 even");
    check_ranges(&d, 16, NULL, "tcp 5060-5061");
    check_ranges(&d, 22, "udp any", "");
    check_ranges(&d, 38, "udp 5004 ‡, udp 57419", "udp 5004");
    check_ranges(&d, 46, "", "udp 10000-20000");
    check_ranges(&d, 57, "tcp any, udp any", "tcp 2049, udp 2049");
    check_req(&d, 43, "mandatory");
    check_req(&d, 44, "optional");
    check_req(&d, 46, "recommended");
    check_req(&d, 36, "");

    is_int(d.nnotes, 6, "spaced: 6 legends");
    check_note(&d, 0, 25, "*", "Only when the web console is enabled.");
    check_note(&d, 1, 26, "†", "Any host on the operator network.");
    check_note(&d, 2, 27, "‡", "Only if a media relay is deployed.");
    check_note(&d, 3, 28, "**", "Set by the video port range option.");
    check_note(&d, 4, 48, "*",
               "Only for clients outside the corporate network.");
    check_note(&d, 5, 49, "‡", "Halvard Go for iOS and Android.");
    is_int(d.ndiags, 0, "spaced: the reader finds nothing wrong");
    import_doc_free(&d);

    check_one_warning(SPACED, 22,
                      "destination ports '120002-12952 **': port 120002 is "
                      "above 65535");
}

/* ---- the Markdown document -------------------------------------------- */

#define ER "Halvard Edge Relay"
#define SIG "Signaling Ports"
#define MEDIA "Media Ports"

static const import_flow MD_ROWS[] = {
    /* From / To / Dst Port / Purpose; a mark on a device */
    {15, ER, SIG, "Carrier SBC", "", "Edge Relay", "TCP/UDP 5060", "",
     "SIP from the carrier", "", "", "*"},
    {16, ER, SIG, "Edge Relay", "", "Carrier SBC", "5060-5061/tcp", "",
     "SIP to the carrier", "", "", "*"},
    {17, ER, SIG, "Registered endpoint", "", "Edge Relay", "TCP 5061†", "",
     "SIP/TLS registration", "", "", ""},
    /* the last cell wraps onto line 19 */
    {18, ER, SIG, "Edge Relay", "", "Directory server", "TCP 636", "",
     "Directory lookups for dial plan routing and presence", "", "", ""},
    /* after the footer, the page number and the running title: the same
     * table, the same section */
    {29, ER, SIG, "Admin workstation", "", "Edge Relay", "TCP 22, 443", "",
     "SSH and HTTPS management", "", "", ""},
    {30, ER, SIG, "Edge Relay", "", "Media server", "UDP 120002-12952", "",
     "Media for recorded calls", "", "", ""},
    /* a data row whose cells read like column names ("... (even ports)",
     * "Conferencing Node", "Edge Node"): a row, not a header */
    {44, ER, MEDIA, "Conferencing Node", "1024-65535", "Edge Node",
     "40000-49999 (even ports)", "UDP", "RTP media", "", "", ""},
    {45, ER, MEDIA, "Conferencing Node", "1024-65535", "Edge Node",
     "40001-49999 (odd ports)", "UDP", "RTCP media", "", "", ""},
    {46, ER, MEDIA, "Video endpoint", "1024-65535", "Edge Node",
     "UDP 16384 - 32767 (even)", "UDP", "Video media", "", "", "‡"},
    {47, ER, MEDIA, "Edge Node", "40000-49999 (even ports)",
     "Remote client system", ">=1024", "UDP", "Relayed media", "", "", ""},
    /* Direction column: one side, oriented around the product */
    {55, ER, "Management", "Admin workstation", "", ER, "22", "TCP", "SSH",
     "Optional", "inbound", ""},
    {56, ER, "Management", ER, "", "Syslog collector", "514**", "UDP",
     "Syslog", "Recommended", "outbound", ""},
    {57, ER, "Management", ER, "", "NTP server", "123", "UDP", "Time",
     "Mandatory", "outbound", ""},
};

static void test_markdown(void)
{
    import_doc d;
    status st = read_file(MD, FMT_AUTO, &d);
    is_int(st, ST_OK, "markdown: read");
    is_int(d.format, FMT_MARKDOWN, "markdown: detected as markdown");
    is_int(d.nflows, 13, "markdown: 13 flows");
    is_int(count_flows(&d, ER, SIG), 6,
           "markdown: Table 1 across the page break: 6");
    is_int(count_flows(&d, ER, MEDIA), 4, "markdown: Table 2: 4");
    is_int(count_flows(&d, ER, "Management"), 3,
           "markdown: Direction-column table: 3");
    check_flows(&d, MD_ROWS, sizeof MD_ROWS / sizeof *MD_ROWS);

    check_ranges(&d, 15, "", "tcp 5060, udp 5060");
    check_ranges(&d, 17, "", "tcp 5061 †");
    check_ranges(&d, 29, "", "tcp 22, tcp 443");
    check_ranges(&d, 44, "udp 1024-65535", "udp 40000-49999 even");
    check_ranges(&d, 45, NULL, "udp 40001-49999 odd");
    check_ranges(&d, 46, NULL, "udp 16384-32767 even");
    check_ranges(&d, 47, "udp 40000-49999 even", "udp ge1024");
    check_ranges(&d, 56, "", "udp 514 **");
    check_req(&d, 55, "optional");
    check_req(&d, 56, "recommended");
    check_req(&d, 57, "mandatory");

    is_int(d.nnotes, 4, "markdown: 4 legends");
    check_note(&d, 0, 32, "*",
               "Carrier addresses are listed in the interconnect "
               "agreement.");
    check_note(&d, 1, 34, "†", "Configurable by the administrator.");
    check_note(&d, 2, 49, "‡", "Any endpoint registered to the relay.");
    check_note(&d, 3, 59, "**", "Any port the collector listens on.");
    is_int(d.ndiags, 0, "markdown: the reader finds nothing wrong");
    import_doc_free(&d);

    check_one_warning(MD, 30,
                      "destination ports 'UDP 120002-12952': port 120002 "
                      "is above 65535");
}

/* A header row copied without its rule after a page break is the table's
 * header again, not a row; a row whose cells read like column names but
 * has no rule under it is a row. */
static void test_md_headers(void)
{
    static const char text[] =
        "# Halvard Probe Port Reference\n"                          /* 1 */
        "\n"
        "| Port | Protocol | Direction | Peer | Purpose |\n"           /* 3 */
        "|---|---|---|---|---|\n"                                    /* 4 */
        "| 8443 | TCP | Inbound | Admin workstation | HTTPS |\n"      /* 5 */
        "\n"
        "Page 2 of 2\n"                                              /* 7 */
        "\n"
        "| Port | Protocol | Direction | Peer | Purpose |\n"           /* 9 */
        "| 9000-9099 (even ports) | UDP | Outbound | Probe Node | "
        "Remote system |\n";                                         /* 10 */
    import_doc d;
    status st = import_read(text, strlen(text), FMT_MARKDOWN, &d);
    is_int(st, ST_OK, "md headers: read");
    is_int(d.nflows, 2, "md headers: 2 flows");
    ok(flow_at(&d, 9) == NULL, "md headers: the repeated header is no flow");
    static const import_flow rows[] = {
        {5, "Halvard Probe", "", "Admin workstation", "", "Halvard Probe",
         "8443", "TCP", "HTTPS", "", "inbound", ""},
        {10, "Halvard Probe", "", "Halvard Probe", "", "Probe Node",
         "9000-9099 (even ports)", "UDP", "Remote system", "", "outbound",
         ""},
    };
    check_flows(&d, rows, sizeof rows / sizeof *rows);
    is_int(d.ndiags, 0, "md headers: no warnings");
    import_doc_free(&d);
}

int main(void)
{
    test_spaced();
    test_markdown();
    test_md_headers();
    return done_testing();
}
