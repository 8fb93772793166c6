/* test_import_layout.c - the spaced and Markdown readers on the layout
 * around a table rather than on its cells, with an imaginary vendor's
 * documents (tests/data/import/halvard-beacon-ports.txt,
 * halvard-gate-port-reference.txt, and small ones written here):
 *  - a space-ALIGNED table (cells padded to the header's columns) read by
 *    the header's column positions: a device column before the
 *    description, multi-word devices, descriptions with lower-case words
 *    ("XML over TLS"), a header name of two words ("Remote Device"), a
 *    cell filling its column, and cells wrapped onto the next line in any
 *    column; a header with stray double spaces is no aligned header;
 *  - a running page header that differs from the document title, right
 *    after a page number, a footer or a form feed, or right before a page
 *    number, inside a table that goes on after it: page furniture, not a
 *    product or a section; a heading in the same place that starts
 *    something else (a new product at a page top, a section between two
 *    tables with no page break) still counts;
 *  - prose glued under a row (no blank line): it ends the table instead of
 *    being appended to the row's last cell.
 * Flows are checked field by field. Run from the repository root. */
#include "import_test.h"

#define DATA "tests/data/import/"
#define ALIGNED DATA "halvard-beacon-ports.txt"
#define GATE DATA "halvard-gate-port-reference.txt"

/* ---- an aligned spaced document ----------------------------------------- */

#define BC "Beacon Collector"
#define BA "Beacon Archive"
#define BR "Beacon Relay"

static const import_flow ALIGNED_ROWS[] = {
    /* Remote Device before Description: both multi-word */
    {8, BC, "Inbound", "Operator console", "<any>", BC, "8443", "TCP",
     "XML over TLS", "", "inbound", ""},
    {9, BC, "Inbound", "Syslog relay host", "<any>", BC, "514 †", "UDP",
     "Syslog from the relay", "", "inbound", "‡"},
    /* the description wraps onto line 11, under its column */
    {10, BC, "Inbound", "Carrier SBC", "1024–65535", BC, "5060", "TCP/UDP",
     "SIP trunk to the carrier", "", "inbound", ""},
    /* device and description both wrap onto line 13 */
    {12, BC, "Inbound", "Call control cluster", "<any>", BC, "5061", "TCP",
     "SIP over TLS from the call control cluster", "", "inbound", ""},
    /* after "Page 3 of 8" and a running header that is not the title:
     * the same table; the prose glued under it is not part of the row */
    {19, BC, "Inbound", "Jump host", "<any>", BC, "22", "TCP",
     "SSH for support staff", "", "inbound", ""},
    /* Description before Device, lower-case words in both */
    {28, BC, "Outbound", BC, "49152–65535",
     "Cloud archive (archive.halvard.example)", "443", "TCP",
     "XML over TLS", "", "outbound", ""},
    {29, BC, "Outbound", BC, "49152–65535", "NTP server", "123", "UDP",
     "Time sync for nodes", "", "outbound", ""},
    {30, BC, "Outbound", BC, "<any>", "Network monitoring station", "161 *",
     "UDP", "SNMP traps to the monitoring station", "", "outbound", ""},
    /* a product heading right after a page number, above a direction
     * heading: a new product, not page furniture */
    {39, BA, "Outbound", BA, "<any>", "Backup filer", "2049", "TCP",
     "NFS exports", "", "outbound", ""},
    /* a port cell filling its column: the next cell after one space,
     * where its column starts */
    {48, BR, "Inbound", "Carrier SBC", "<any>, 57419", BR, "5060", "TCP",
     "SIP over TCP from the carrier", "", "inbound", ""},
};

static void test_aligned(void)
{
    import_doc d;
    status st = read_file(ALIGNED, FMT_AUTO, &d);
    check_read(&d, st, FMT_SPACED, 10, "aligned");
    is_int(count_flows(&d, BC, "Inbound"), 5,
           "aligned: inbound table across the page break: 5");
    is_int(count_flows(&d, BC, "Outbound"), 3, "aligned: outbound table: 3");
    is_int(count_flows(&d, BA, "Outbound"), 1,
           "aligned: product after a page number: 1");
    is_int(count_flows(&d, BR, "Inbound"), 1, "aligned: a tight row: 1");
    is_int(count_flows(&d, "Halvard Beacon Administration Guide", ""), 0,
           "aligned: the running header names no product");
    check_flows(&d, ALIGNED_ROWS, sizeof ALIGNED_ROWS / sizeof *ALIGNED_ROWS);
    ok(flow_at(&d, 11) == NULL && flow_at(&d, 13) == NULL &&
       flow_at(&d, 31) == NULL,
       "aligned: wrapped lines are no flows");
    check_ranges(&d, 9, "udp any", "udp 514 †");
    check_ranges(&d, 10, "tcp 1024-65535, udp 1024-65535",
                 "tcp 5060, udp 5060");
    check_ranges(&d, 30, "udp any", "udp 161 *");
    check_ranges(&d, 48, "tcp any, tcp 57419", "tcp 5060");

    static const import_note notes[] = {
        {22, "†", "Set by the syslog port option."},
        {23, "‡", "Only when a relay is deployed."},
        {41, "*", "Only when SNMP is enabled."},
    };
    check_notes(&d, notes, sizeof notes / sizeof *notes, "aligned");
    is_int(d.ndiags, 0, "aligned: the reader finds nothing wrong");
    import_doc_free(&d);
}

/* A table whose header is aligned but one of whose rows is not (single
 * spaces, cells off their columns) still reads that row by its cells'
 * shapes. */
static void test_aligned_fallback(void)
{
    static const char text[] =
        "Halvard Probe Port Usage\n"                                /* 1 */
        "\n"
        "Inbound\n"                                                 /* 3 */
        "\n"
        "Protocol  Source-Port  Dest-Port  Description  Device\n"   /* 5 */
        "TCP       <any>        443        HTTPS        Web browser\n"
        "UDP <any> 161 SNMP SNMP server\n";                          /* 7 */
    import_doc d;
    status st = import_read(text, strlen(text), FMT_SPACED, &d);
    check_read(&d, st, FMT_AUTO, 2, "aligned fallback");
    static const import_flow rows[] = {
        {6, "Halvard Probe", "Inbound", "Web browser", "<any>",
         "Halvard Probe", "443", "TCP", "HTTPS", "", "inbound", ""},
        {7, "Halvard Probe", "Inbound", "SNMP server", "<any>",
         "Halvard Probe", "161", "UDP", "SNMP", "", "inbound", ""},
    };
    check_flows(&d, rows, sizeof rows / sizeof *rows);
    import_doc_free(&d);
}

/* A single-spaced header with stray double spaces is no aligned header:
 * its runs ("Source-Port Dest-Port") are no column names, so it is read
 * by its words, five columns, and its rows by their cells' shapes. */
static void test_stray_spaces(void)
{
    static const char text[] =
        "Halvard Probe Port Usage\n"                                /* 1 */
        "\n"
        "Inbound\n"                                                 /* 3 */
        "\n"
        "Protocol  Source-Port Dest-Port  Description Device\n"     /* 5 */
        "TCP <any> 443 HTTPS Web browser\n"                         /* 6 */
        "UDP  <any> 161 SNMP  SNMP server\n";                       /* 7 */
    import_doc d;
    status st = import_read(text, strlen(text), FMT_SPACED, &d);
    check_read(&d, st, FMT_AUTO, 2, "stray spaces");
    static const import_flow rows[] = {
        {6, "Halvard Probe", "Inbound", "Web browser", "<any>",
         "Halvard Probe", "443", "TCP", "HTTPS", "", "inbound", ""},
        {7, "Halvard Probe", "Inbound", "SNMP server", "<any>",
         "Halvard Probe", "161", "UDP", "SNMP", "", "inbound", ""},
    };
    check_flows(&d, rows, sizeof rows / sizeof *rows);
    import_doc_free(&d);
}

/* ---- a single-spaced document: running header, glued prose ------------- */

static void test_spaced_layout(void)
{
    static const char text[] =
        "Halvard Probe Port Usage\n"                                 /* 1 */
        "\n"
        "Probe Node\n"                                               /* 3 */
        "\n"
        "Inbound\n"                                                  /* 5 */
        "\n"
        "Protocol Source-Port Dest-Port Description Device\n"        /* 7 */
        "TCP <any> 443 HTTPS Web browser\n"                          /* 8 */
        "UDP <any> 161 SNMP SNMP server (primary and\n"              /* 9 */
        "secondary)\n"                                               /* 10 */
        "The probe accepts management connections only from hosts "
        "on the\n"                                                   /* 11 */
        "management network listed in its configuration.\n"         /* 12 */
        "\n"
        "Outbound\n"                                                 /* 14 */
        "\n"
        "Protocol Source-Port Dest-Port Description Device\n"        /* 16 */
        "UDP 55000-65535 514 Syslog Syslog collector\n"              /* 17 */
        "\n"
        "12\n"                                                       /* 19 */
        "Halvard Probe Installation Guide\n"                         /* 20 */
        "\n"
        "Protocol Source-Port Dest-Port Description Device\n"        /* 22 */
        "UDP 55000-65535 123 NTP NTP server\n"                       /* 23 */
        "Note: the probe must reach a time source.\n";               /* 24 */
    import_doc d;
    status st = import_read(text, strlen(text), FMT_AUTO, &d);
    check_read(&d, st, FMT_SPACED, 4, "spaced layout");
#define PN "Probe Node"
    static const import_flow rows[] = {
        {8, PN, "Inbound", "Web browser", "<any>", PN, "443", "TCP", "HTTPS",
         "", "inbound", ""},
        /* a wrapped device, then two lines of prose glued under it */
        {9, PN, "Inbound", "SNMP server (primary and secondary)", "<any>", PN,
         "161", "UDP", "SNMP", "", "inbound", ""},
        {17, PN, "Outbound", PN, "55000-65535", "Syslog collector", "514",
         "UDP", "Syslog", "", "outbound", ""},
        /* after a page number and a running header: the same table */
        {23, PN, "Outbound", PN, "55000-65535", "NTP server", "123", "UDP",
         "NTP", "", "outbound", ""},
    };
    check_flows(&d, rows, sizeof rows / sizeof *rows);
    is_int(count_flows(&d, PN, "Outbound"), 2,
           "spaced layout: outbound table across the page break: 2");
    is_int(d.ndiags, 0, "spaced layout: no warnings");
    import_doc_free(&d);
}

/* ---- Markdown: running headers between the halves of a table ----------- */

#define HG "Halvard Gate"
#define GS "Gate Signaling Ports"

static const import_flow GATE_ROWS[] = {
    {7, HG, GS, "Gate", "", "SIP trunk provider", "5060", "UDP",
     "SIP to the provider", "", "", ""},
    {8, HG, GS, "Admin host", "", "Gate", "443", "TCP", "HTTPS management",
     "", "", ""},
    /* after a page number and a running header that is not the title */
    {16, HG, GS, "Gate", "", "NTP server", "123", "UDP", "Time", "", "", ""},
    {17, HG, GS, "Gate", "", "Syslog collector", "514", "UDP", "Syslog", "",
     "", ""},
    /* after a running footer right above a page number */
    {24, HG, GS, "Gate", "", "Directory server", "636", "TCP",
     "LDAP over TLS", "", "", ""},
    /* after a form feed and a running header */
    {30, HG, GS, "Media relay", "", "Gate", "40000-49999", "UDP",
     "RTP media", "", "", ""},
    /* a heading between two tables with no page break: a section */
    {36, HG, "Media Relay Ports", "Gate", "", "Media relay", "3478", "UDP",
     "TURN allocation", "", "", ""},
};

static void test_gate(void)
{
    import_doc d;
    status st = read_file(GATE, FMT_AUTO, &d);
    check_read(&d, st, FMT_MARKDOWN, 7, "gate");
    is_int(count_flows(&d, HG, GS), 6,
           "gate: Table 1 across three page breaks: 6");
    is_int(count_flows(&d, HG, "Media Relay Ports"), 1,
           "gate: the section after it: 1");
    check_flows(&d, GATE_ROWS, sizeof GATE_ROWS / sizeof *GATE_ROWS);
    is_int(d.ndiags, 0, "gate: the reader finds nothing wrong");
    import_doc_free(&d);
}

int main(void)
{
    test_aligned();
    test_aligned_fallback();
    test_stray_spaces();
    test_spaced_layout();
    test_gate();
    return done_testing();
}
