/* test_import_orsk.c - the cells, tsv and pipe readers on documents of an
 * imaginary vendor (Orsk) written in the bundled documents' styles but not
 * copied from them (tests/data/import/): columns in other orders under
 * other names (Service, Transport, Src, Dst, Source Port, Destination
 * Port, Purpose, Usage, Notes, Peer, Required?, Mandatory?), product
 * headings with a version ("Orsk Relay 4.2") or a section number ("3.1
 * Media Server"), cells that wrap onto the next line (a line with no blank
 * before it; a tab row with an empty first cell; a '|' row without its
 * closing bar), tables split by a page break with a footer, a page number
 * and the running title between, marks on ports and devices with legends
 * after the tables and one before the first, prose between and right after
 * tables, Direction columns saying Inbound, Outbound and Both, requirements
 * "Mandatory if using TLS", and typo ports that must become warnings on
 * their rows' lines. Flows are checked field by field, port cells also as
 * the ingest parses them, and diagnostics as `portolan check` reports
 * them. Run from the repository root. */
#include "import_test.h"

#define DATA "tests/data/import/"
#define CELLS DATA "orsk-relay-ports.txt"
#define TSV DATA "orsk-gateway-port-matrix.txt"
#define PIPE DATA "orsk-sentinel-port-requirements.txt"

#define DAGGER "\xE2\x80\xA0"        /* † */
#define DOUBLE_DAGGER "\xE2\x80\xA1" /* ‡ */
#define MS "Media Server"
#define MS_HEAD "3.1 Media Server"

/* ---- one cell per line ------------------------------------------------- */

#define RELAY "Orsk Relay 4.2"

static const import_flow CELLS_ROWS[] = {
    /* both ends named by columns: direction only from a Direction column */
    {27, RELAY, "Inbound", "Carrier SBC", "", "Orsk Relay", "TCP 5060, 5061",
     "TCP", "SIP signalling", "Mandatory", "", "*"},
    /* the description and the destination wrap onto a second line */
    {39, RELAY, "Inbound", "Any", "", "Media engine (relay node)",
     "UDP 16384-32767 (even)", "UDP",
     "Media from endpoints and conference bridges", "Mandatory", "", ""},
    {53, RELAY, "Inbound", "Admin workstation", "", "Orsk Relay",
     "TCP 443 (HTTPS) TCP 80 (HTTP)", "TCP", "Web administration",
     "Recommended", "", DOUBLE_DAGGER},
    /* after the footer, the page number and the running title: the header
     * again, the same product and section */
    {83, RELAY, "Inbound", "Peer relay", "", "Orsk Relay",
     "<PortNumber>+1" DAGGER, "TCP", "Cluster control",
     "Mandatory if using clustering", "", ""},
    /* a numbered heading: the product without its number; one side named,
     * oriented by the Direction column */
    {115, MS, MS_HEAD, MS, "", "Peer media server", "1024-65535", "UDP",
     "Media between sites", "Optional", "both", ""},
    {127, MS, MS_HEAD, MS, "", "Carrier SBC", "TCP/UDP 5060", "TCP/UDP",
     "SIP trunk", "Mandatory if using TLS", "outbound", ""},
    {139, MS, MS_HEAD, "Monitoring probe", "", MS, "Ephemeral", "TCP",
     "Health checks", "Recommended", "inbound", "**"},
    {151, MS, MS_HEAD, "Video endpoint", "", MS, "UDP 120002-12952", "UDP",
     "Video media", "Mandatory", "inbound", ""},
};

static void test_cells(void)
{
    import_doc d;
    status st = read_file(CELLS, FMT_AUTO, &d);
    is_int(st, ST_OK, "cells: read");
    is_int(d.format, FMT_CELLS, "cells: detected as cells");
    is_int(d.base_port, 7400, "cells: the base port the text states");
    is_int(d.nflows, 8, "cells: 8 flows");
    is_int(count_flows(&d, RELAY, "Inbound"), 4,
           "cells: Inbound table across the page break: 4");
    is_int(count_flows(&d, MS, MS_HEAD), 4, "cells: Media Server table: 4");
    check_flows(&d, CELLS_ROWS, sizeof CELLS_ROWS / sizeof *CELLS_ROWS);
    ok(!flow_at(&d, 40) && !flow_at(&d, 49) && !flow_at(&d, 65) &&
       !flow_at(&d, 67) && !flow_at(&d, 69) && !flow_at(&d, 71),
       "cells: wrapped lines, footer, page number, running title and "
       "repeated header start no flow");

    check_ranges(&d, 27, "", "tcp 5060, tcp 5061");
    check_ranges(&d, 39, "", "udp 16384-32767 even");
    check_ranges(&d, 53, "", "tcp 443, tcp 80");
    check_ranges(&d, 83, "", "tcp 7401 " DAGGER);
    check_ranges(&d, 115, "", "udp 1024-65535");
    check_ranges(&d, 127, "", "tcp 5060, udp 5060");
    check_ranges(&d, 139, "", "tcp ephemeral");
    check_req(&d, 27, "mandatory");
    check_req(&d, 53, "recommended");
    check_req(&d, 83, "mandatory");
    check_req(&d, 115, "optional");
    check_req(&d, 127, "mandatory");

    is_int(d.nnotes, 4, "cells: 4 legends");
    check_note(&d, 0, 9, DAGGER, "Set in relay.conf under the [ports] "
                                 "section.");
    check_note(&d, 1, 95, "*",
               "Addresses are listed in the carrier interconnect "
               "agreement.");
    check_note(&d, 2, 97, DOUBLE_DAGGER,
               "Any host on the management network.");
    check_note(&d, 3, 163, "**", "Only when monitoring is licensed.");
    is_int(d.ndiags, 0, "cells: the reader finds nothing wrong");
    import_doc_free(&d);

    check_one_warning(CELLS, 151,
                      "destination ports 'UDP 120002-12952': port 120002 "
                      "is above 65535");
}

/* ---- tab-separated ----------------------------------------------------- */

#define GW "Orsk Gateway 4.2"

static const import_flow TSV_ROWS[] = {
    /* Purpose between the source and the destination columns */
    {13, GW, GW, "Carrier SBC", "Any", "Orsk Gateway", "TCP 5060, 5061", "",
     "SIP from the carrier", "Mandatory", "", "*"},
    {14, GW, GW, "Orsk Gateway", "1024-65535", "Carrier SBC", "TCP/UDP 5060",
     "", "SIP to the carrier", "Mandatory", "", "*"},
    /* the source merged from the row above; description, destination and
     * requirement go on in the row below, whose first cell is empty and
     * which has no port */
    {15, GW, GW, "Orsk Gateway", "UDP 16384-32767 (even)",
     "Carrier media gateway (primary site)", "UDP 16384-32767 (even)", "",
     "Media to the carrier and to the carrier's recording platform",
     "Mandatory if using media recording", "", ""},
    /* source and destination merged */
    {17, GW, GW, "Orsk Gateway", "UDP 16385-32767 (odd)",
     "Carrier media gateway (primary site)", "UDP 16385-32767 (odd)", "",
     "RTCP to the carrier", "Mandatory", "", ""},
    {18, GW, GW, "Orsk Gateway", "Ephemeral", "Recording store",
     "TCP 443 (HTTPS) TCP 80 (HTTP)", "", "Upload of recorded calls",
     "Optional", "", DOUBLE_DAGGER},
    /* after the page break */
    {27, GW, GW, "Orsk Gateway", "UDP 12000-12952", "Carrier media gateway",
     "UDP 120002-12952", "", "Video media to the carrier", "Mandatory", "",
     ""},
    {28, GW, GW, "Orsk Gateway", "Ephemeral", "DNS server", "TCP/UDP 53", "",
     "Name resolution", "Recommended", "", ""},
    /* one side named: oriented around the product by the Direction
     * column */
    {37, MS, MS_HEAD, MS, "", "Orsk Gateway", "5004-5005", "UDP",
     "RTP and RTCP", "Mandatory", "both", ""},
    {38, MS, MS_HEAD, "Admin workstation", "", MS, "TCP 224444", "TCP",
     "Management API", "Optional", "inbound", DAGGER},
    {39, MS, MS_HEAD, MS, "", "Licence server", "<PortNumber>+1", "TCP",
     "Licence checks", "Mandatory if using TLS", "outbound", ""},
};

static void test_tsv(void)
{
    import_doc d;
    status st = read_file(TSV, FMT_AUTO, &d);
    is_int(st, ST_OK, "tsv: read");
    is_int(d.format, FMT_TSV, "tsv: detected as tsv");
    is_int(d.nflows, 10, "tsv: 10 flows");
    is_int(count_flows(&d, GW, GW), 7,
           "tsv: gateway table across the page break: 7");
    is_int(count_flows(&d, MS, MS_HEAD), 3, "tsv: Media Server table: 3");
    check_flows(&d, TSV_ROWS, sizeof TSV_ROWS / sizeof *TSV_ROWS);
    ok(!flow_at(&d, 16) && !flow_at(&d, 20) && !flow_at(&d, 22) &&
       !flow_at(&d, 26) && !flow_at(&d, 40),
       "tsv: continuation row, footer, page number, repeated header and "
       "prose start no flow");

    check_ranges(&d, 13, NULL, "tcp 5060, tcp 5061");
    check_ranges(&d, 14, " 1024-65535", "tcp 5060, udp 5060");
    check_ranges(&d, 15, "udp 16384-32767 even", "udp 16384-32767 even");
    check_ranges(&d, 17, "udp 16385-32767 odd", "udp 16385-32767 odd");
    check_ranges(&d, 18, " ephemeral", "tcp 443, tcp 80");
    check_ranges(&d, 27, "udp 12000-12952", "");
    check_ranges(&d, 37, "", "udp 5004-5005");
    check_ranges(&d, 39, "", "tcp 7401");
    check_req(&d, 15, "mandatory");
    check_req(&d, 18, "optional");
    check_req(&d, 28, "recommended");
    check_req(&d, 39, "mandatory");

    is_int(d.nnotes, 3, "tsv: 3 legends");
    check_note(&d, 0, 6, DOUBLE_DAGGER,
               "Values marked with a double dagger are set in gateway.ini.");
    check_note(&d, 1, 30, "*",
               "The carrier publishes its SBC addresses in the interconnect "
               "agreement.");
    check_note(&d, 2, 42, DAGGER, "Only hosts on the management network.");
    is_int(d.ndiags, 0, "tsv: the reader finds nothing wrong");
    import_doc_free(&d);

    static const int lines[] = {27, 38};
    static const char *const msgs[] = {
        "destination ports 'UDP 120002-12952': port 120002 is above 65535",
        "destination ports 'TCP 224444': port 224444 is above 65535"};
    check_warnings(TSV, 2, lines, msgs);
}

/* ---- pipe tables ------------------------------------------------------- */

#define SN "Orsk Sentinel 4.2"
#define PROBE "Orsk Probe 2.0"
#define SS "Sentinel Server"

static const import_flow PIPE_ROWS[] = {
    /* Proto before Port, Peer the other end, Direction orients it */
    {6, SN, SN, "Carrier SBC", "", SN, "TCP 5060, 5061", "TCP",
     "SIP trunk monitoring", "Mandatory", "inbound", "*"},
    /* the Purpose cell wraps onto line 8 */
    {7, SN, SN, SN, "", "Any", "UDP 16384-32767 (even)", "UDP",
     "RTP media sampling for the quality reports of every call that "
     "crosses the Sentinel",
     "Mandatory", "both", ""},
    {9, SN, SN, SN, "", "Orsk Cloud", "TCP 443 (HTTPS) TCP 80 (HTTP)", "TCP",
     "Upload of reports", "Recommended", "outbound", DOUBLE_DAGGER},
    /* after the running title, the page number and the footer: the same
     * section */
    {14, SN, SN, SN, "", "Licence server", "<PortNumber>+1", "TCP",
     "Licence checks", "Mandatory if using TLS", "outbound", ""},
    {15, SN, SN, "Admin workstation", "", SN, "TCP 224444", "TCP",
     "Management API", "Optional", "inbound", DAGGER},
    /* the connection column names the local side, the numbered heading
     * the remote one */
    {21, SS, MS_HEAD, SS, "Ephemeral", MS, "8443", "TCP",
     "Media server API polling", "", "outbound", ""},
    {22, SS, MS_HEAD, MS, "1024-65535", SS, "UDP 5004-5005", "UDP",
     "RTCP reports from the media server", "", "inbound", ""},
    {23, SS, MS_HEAD, SS, "Any", MS, "161**", "UDP", "SNMP polling", "",
     "outbound", ""},
    /* From / To name both ends */
    {27, PROBE, PROBE, "Orsk Probe", "", "Orsk Sentinel", "9443", "TCP", "",
     "Mandatory", "", ""},
    {28, PROBE, PROBE, "Orsk Sentinel", "", "Orsk Probe",
     "UDP 16384-32767 (even)", "UDP", "", "Optional", "", ""},
};

static void test_pipe(void)
{
    import_doc d;
    status st = read_file(PIPE, FMT_AUTO, &d);
    is_int(st, ST_OK, "pipe: read");
    is_int(d.format, FMT_PIPE, "pipe: detected as pipe");
    is_int(d.nflows, 10, "pipe: 10 flows");
    is_int(count_flows(&d, SN, SN), 5,
           "pipe: Sentinel table across the page break: 5");
    is_int(count_flows(&d, SS, MS_HEAD), 3, "pipe: Media Server table: 3");
    is_int(count_flows(&d, PROBE, PROBE), 2, "pipe: From/To table: 2");
    check_flows(&d, PIPE_ROWS, sizeof PIPE_ROWS / sizeof *PIPE_ROWS);
    ok(!flow_at(&d, 8) && !flow_at(&d, 13), "pipe: the wrapped line and the "
                                            "repeated header start no flow");

    check_ranges(&d, 6, "", "tcp 5060, tcp 5061");
    check_ranges(&d, 7, "", "udp 16384-32767 even");
    check_ranges(&d, 9, "", "tcp 443, tcp 80");
    check_ranges(&d, 14, "", "tcp 7401");
    check_ranges(&d, 15, "", "");
    check_ranges(&d, 21, "tcp ephemeral", "tcp 8443");
    check_ranges(&d, 22, "udp 1024-65535", "udp 5004-5005");
    check_ranges(&d, 23, "udp any", "udp 161 **");
    check_req(&d, 6, "mandatory");
    check_req(&d, 9, "recommended");
    check_req(&d, 14, "mandatory");
    check_req(&d, 15, "optional");
    check_req(&d, 21, "");

    is_int(d.nnotes, 4, "pipe: 4 legends");
    check_note(&d, 0, 3, DOUBLE_DAGGER,
               "Ports marked with a double dagger can be changed in "
               "sentinel.cfg.");
    check_note(&d, 1, 16, "*",
               "The carrier lists its SBC addresses in the interconnect "
               "agreement.");
    check_note(&d, 2, 17, DAGGER, "Only hosts on the management network.");
    check_note(&d, 3, 24, "**",
               "Only when SNMP is enabled on the media server.");
    is_int(d.ndiags, 0, "pipe: the reader finds nothing wrong");
    import_doc_free(&d);

    check_one_warning(PIPE, 15,
                      "destination ports 'TCP 224444': port 224444 is above "
                      "65535");
}

int main(void)
{
    test_cells();
    test_tsv();
    test_pipe();
    return done_testing();
}
