/* test_import_cisco.c - the Markdown reader (import/markdown.c): the
 * bundled Cisco Expressway port reference read row by row as an engineer
 * reads it (tables split by page breaks, marks on device cells, legends),
 * a made-up document from another vendor in the same style (reordered
 * columns, a one-sided table, a page break with furniture, a wrapped cell,
 * an escaped bar), and the style's detection score on all five documents.
 * Run from the repository root. */
#include "import_test.h"

#define CISCO DOCS "cisco-expressway-port-reference.txt"

/* ---- the Cisco document ----------------------------------------------- */

/* The product is the document title: the document has no product
 * heading. */
#define P "Provisioning Registrations Authentication and Calls"
#define SIP "SIP Calls Port Reference"
#define H323 "H.323 Ports Reference"
#define SEP "SIP endpoint (or its firewall)"
#define EEP "Expressway-E (public)"
#define REG "Registered endpoint in the Internet"
#define BY_REG " Port number defined by registration (if registered) or by " \
               "DNS lookup"

static const import_flow CISCO_ROWS[] = {
    {29, P, SIP, "Expressway-C", "25000-29999", "Expressway-E",
     "7001 (for first traversal zone; 7002 for second etc.)", "TCP or TLS",
     "SIP signaling", "", "", ""},
    {30, P, SIP, "Expressway-C", "5060", "SIP endpoint",
     "5060 (often, but could be different, >=1024)" BY_REG, "UDP",
     "SIP signaling", "", "", ""},
    {33, P, SIP, SEP, ">=1024", "Expressway-E",
     "5060 SIP UDP disabled by default. Not recommended for internet "
     "facing connections.",
     "UDP", "SIP signaling", "", "", ""},
    /* First row after the page break: same table, same section. */
    {38, P, SIP, SEP, ">=1024", "Expressway-E",
     "5060 SIP TCP disabled by default (X8.9.2 and later).", "TCP",
     "SIP signaling", "", "", ""},
    {41, P, SIP, "Expressway-C", "36000-59999", "Expressway-E",
     "2776 or 36000 (Small/Medium) 36000 - 36010 (even ports) (Large)",
     "UDP", "Assent RTP (traversed media)", "", "", ""},
    /* "Any IP address†": the mark leaves the device for the marks. */
    {49, P, SIP, "Any IP address",
     ">=1024 (signaling port from endpoint or the firewall)", "Expressway-E",
     "3478 (Small/Medium) 3478-3483 (Large)", "UDP & TCP", "TURN control",
     "", "", "†"},
    {51, P, SIP, "Expressway-E", "24000-29999", "Any IP address", ">=1024",
     "UDP & TCP", "TURN media", "", "", ""},
    {52, P, SIP, "Any IP address",
     ">=1024 Port of relevant ICE candidate: host IP port, server reflexive "
     "port (outside firewall port), or TURN server port",
     "Expressway-E", "24000-29999", "UDP & TCP", "TURN media", "", "", "‡"},
    {71, P, H323, REG, "1719", EEP, "1719", "UDP", "Initial RAS connection",
     "", "", ""},
    {75, P, H323, EEP, "1719", REG, "1719", "UDP", "Initial RAS connection",
     "", "", ""},
    {81, P, H323, EEP, "15000-19999", "Any (endpoint in the Internet)",
     "1720 (endpoint signaling port, specified during registration. Could "
     "be another port >=1024)",
     "TCP", "Q.931 / H.225 signaling", "", "", ""},
    {107, P, H323,
     "External address of firewall protecting off-premises H.460 endpoint "
     "(non-multiplexed media)",
     ">=1024", EEP, "36001-59999 (odd ports)", "UDP",
     "RTCP (multiplexed traversal media)", "", "", ""},
    {122, P, "TMS Port Reference", "Cisco TMS External IP", "1024-65535",
     "Expressway-E private", "161", "UDP",
     "SNMP for discovery of Expressway-E", "", "", ""},
    {148, P, "LDAP Port Reference", "Expressway-E private", "30000-35999",
     "Directory Server", "636", "TLS",
     "Encrypted authentication requests from the Expressway-E", "", "", ""},
};

static void test_cisco(void)
{
    import_doc d;
    status st = read_file(CISCO, FMT_AUTO, &d);
    check_read(&d, st, FMT_MARKDOWN, 59, "cisco");
    /* Table 1 is cut in three (5 + 7 + 5 rows), Table 2 in four
     * (1 + 11 + 10 + 6). */
    is_int(count_flows(&d, NULL, SIP), 17, "cisco: Table 1 (SIP): 17 flows");
    is_int(count_flows(&d, NULL, H323), 28,
           "cisco: Table 2 (H.323): 28 flows");
    is_int(count_flows(&d, NULL, "TMS Port Reference"), 10,
           "cisco: Table 3 (TMS): 10 flows");
    is_int(count_flows(&d, NULL, "LDAP Port Reference"), 4,
           "cisco: Table 4 (LDAP): 4 flows");
    check_flows(&d, CISCO_ROWS, sizeof CISCO_ROWS / sizeof *CISCO_ROWS);
    ok(flow_at(&d, 36) == NULL && flow_at(&d, 37) == NULL,
       "cisco: repeated header and rule are no flows");
    static const import_note notes[] = {
        {54, "†",
         "The request could be from any IP address, unknown to the TURN "
         "server. Assume for example, that endpoint A and endpoint C (TURN "
         "clients) can use the Expressway-E TURN server. The actual IP "
         "address from which the TURN server receives the request could be "
         "the endpoint's firewall egress address (NATed)."},
        {56, "‡",
         "The media could go to any of the candidate addresses. For "
         "example, before ICE negotiation the TURN server does not know "
         "which of endpoint B's candidate addresses will be the highest "
         "priority."},
    };
    check_notes(&d, notes, sizeof notes / sizeof *notes, "cisco");
    is_int(d.ndiags, 0, "cisco: no warnings");
    import_doc_free(&d);
}

/* ---- another vendor, same style --------------------------------------- */

static const char SYNTH[] =
    "# Fabrikam Session Controller Port Reference\n"                 /* 1 */
    "\n"
    "- [Media, on page 3](#)\n"                                      /* 3 */
    "\n"
    "Media\n"                                                        /* 5 */
    "\n"
    "Table 7: Media Relay Ports\n"                                   /* 7 */
    "\n"
    "| Dest. Ports | Protocol | Src. IP | Dest. IP | Purpose |\n"    /* 9 */
    "|---|---|---|---|---|\n"                                        /* 10 */
    "| 20000-29999 | UDP | Public endpoint‡ | Fabrikam SBC | RTP media |\n"
    "| 5061 | TLS | Fabrikam SBC | Carrier trunk | SIP trunk signaling that\n"
    "wraps onto a second line |\n"                                   /* 13 */
    "\n"
    "Fabrikam Session Controller Port Reference\n"                   /* 15 */
    "\n"
    "14\n"                                                           /* 17 */
    "\n"
    "| Dest. Ports | Protocol | Src. IP | Dest. IP | Purpose |\n"    /* 19 */
    "|---|---|---|---|---|\n"                                        /* 20 */
    "| 443 | TCP | Admin PC | Fabrikam SBC | Web \\| REST management |\n"
    "\n"
    "‡ Any address on the Internet.\n"                               /* 23 */
    "\n"
    "## Management\n"                                                /* 25 */
    "\n"
    "| Port | Protocol | Direction | Peer | Notes |\n"                /* 27 */
    "|--|--|--|--|--|\n"                                             /* 28 */
    "| 22 | TCP | Inbound | Admin workstation | SSH * |\n"           /* 29 */
    "| 514 | UDP | Outbound | Syslog collector | |\n"                /* 30 */
    "\n"
    "* Only from the management network.\n";                         /* 32 */

static void test_synthetic(void)
{
    import_doc d;
    status st = import_read(SYNTH, strlen(SYNTH), FMT_AUTO, &d);
    check_read(&d, st, FMT_MARKDOWN, 5, "synthetic");
    is_int(count_flows(&d, NULL, "Media Relay Ports"), 3,
           "synthetic: table across the page break: 3 flows");
    is_int(count_flows(&d, NULL, "Management"), 2,
           "synthetic: one-sided table: 2 flows");
    static const import_flow rows[] = {
        {11, "Fabrikam Session Controller", "Media Relay Ports",
         "Public endpoint", "", "Fabrikam SBC", "20000-29999", "UDP",
         "RTP media", "", "", "‡"},
        {12, "Fabrikam Session Controller", "Media Relay Ports",
         "Fabrikam SBC", "", "Carrier trunk", "5061", "TLS",
         "SIP trunk signaling that wraps onto a second line", "", "", ""},
        {21, "Fabrikam Session Controller", "Media Relay Ports", "Admin PC",
         "", "Fabrikam SBC", "443", "TCP", "Web | REST management", "", "",
         ""},
        {29, "Fabrikam Session Controller", "Management",
         "Admin workstation", "", "Fabrikam Session Controller", "22", "TCP",
         "SSH", "", "inbound", "*"},
        {30, "Fabrikam Session Controller", "Management",
         "Fabrikam Session Controller", "", "Syslog collector", "514", "UDP",
         "", "", "outbound", ""},
    };
    check_flows(&d, rows, sizeof rows / sizeof *rows);
    static const import_note notes[] = {
        {23, "‡", "Any address on the Internet."},
        {32, "*", "Only from the management network."},
    };
    check_notes(&d, notes, sizeof notes / sizeof *notes, "synthetic");
    is_int(d.ndiags, 0, "synthetic: no warnings");
    import_doc_free(&d);
}

/* A bulleted list is no table, and its "* item" lines are no legends
 * before a table was seen. */
static void test_no_table(void)
{
    import_doc d;
    check_no_table(&d, "# Notes\n\n* Open the firewall.\n"
                       "* Restart the service.\n",
                   FMT_MARKDOWN, "no table",
                   "no Markdown table (\"| a | b |\") with a recognised "
                   "header");
    is_int(d.nnotes, 0, "no table: bullets are no legends");
    import_doc_free(&d);
}

/* ---- detection ---------------------------------------------------------- */

static void test_scores(void)
{
    /* 10 per header row (9) and 1 per row (59). */
    is_int(score_of(CISCO, import_markdown_score), 9 * 10 + 59,
           "markdown score: cisco");
    /* 0 for the others: Prognosis' '|' rows do not open with '|' */
    check_other_scores(import_markdown_score, "markdown", CISCO);
}

int main(void)
{
    test_cisco();
    test_synthetic();
    test_no_table();
    test_scores();
    return done_testing();
}
