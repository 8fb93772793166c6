/* test_import_prognosis.c - the pipe reader (import/pipe.c): the bundled
 * Prognosis "Port Requirements" document read row by row as an engineer
 * reads it (shifted cells, a wrapped cell, a header padded with bars,
 * Vendor columns, device headings), made-up documents from other vendors
 * in the same style (From/To/Port/Proto/Notes/Required, reordered columns,
 * a page break, legends), and the style's detection score on all five
 * documents. Run from the repository root. */
#include "import_test.h"

#define PROGNOSIS DOCS "prognosis-port-requirements.txt"

/* ---- the Prognosis document ------------------------------------------- */

/* Flows per table, counted by eye: the rows under each header. */
static const struct {
    const char *section;
    int flows;
} PROGNOSIS_TABLES[] = {
    {"Base Ports", 7},
    {"Common Ports", 13},
    {"AudioCodes SBC", 4},
    {"Avaya Aura Application Enablement Services", 1},
    {"Avaya Aura Communication Manager", 6},
    {"Avaya Aura Contact Center", 4},
    {"Avaya Experience Portal", 3},
    {"Avaya Aura System and Session Manager", 3},
    {"Avaya IP Office", 2},
    {"Avaya Modular Messaging", 2},
    {"Avaya Session Border Controller for Enterprise", 1},
    {"Call Recording Assurance", 9},
    {"Media Integrity Port Requirements", 9},
    {"Cisco Emergency Responder", 2},
    {"Cisco Expressway", 2},
    {"Cisco Meeting Server", 3},
    {"Cisco TelePresence Management Suite", 3},
    {"Cisco Unified Communications Manager", 5},
    {"Cisco UCS B-Series", 1},
    {"Cisco UCS C-Series", 1},
    {"Cisco Unified Contact Center Enterprise", 3},
    {"Cisco Unified Contact Center Express", 3},
    {"Cisco Unified Presence", 3},
    {"Cisco Unified Border Element", 3},
    {"Cisco Unified SIP Proxy", 3},
    {"Cisco Unity Connection", 3},
    {"Cisco Voice Portal (CVP) and Cisco Voice XML Gateways", 1},
    {"Microsoft Skype for Business", 10},
    {"Microsoft Teams", 1},
    {"Oracle SBC", 2},
    {"Ribbon SBC", 2},
};

#define PS "Prognosis Server"
#define MS "Monitoring Server"
#define WMI_TAIL                                                          \
    "For easier firewall traversal this can be configured to use a fixed " \
    "port with Windows Server 2008 and higher, for details see: "          \
    "http://msdn.microsoft.com/en-us/library/windows/desktop/"             \
    "bb219447(v=vs.85).aspx"

static const import_flow PROGNOSIS_ROWS[] = {
    /* The Executable column (IRNETRTR) is not stored; "Base Ports" names
     * no device. */
    {6, PS, "Base Ports", "", "", PS, "<PortNumber>+0", "TCP",
     "Default base port. This port is used for; router-to-router, local "
     "process to router and Windows Client to router communications where "
     "TCP/IP is used. All requests and data messages are sent via this "
     "port across servers as well as to individual collectors that gather "
     "raw data. It is also the port that the Windows Client connects to. "
     "On HPE NonStop, IPC is used for internal messaging and messaging to "
     "other HPE NonStop servers. Therefore, on HPE NonStop, this port is "
     "only used for Windows Client connections and cross-platform "
     "(Windows/UNIX) connections.",
     "", "inbound", ""},
    {7, PS, "Base Ports", PS, "", "", "<PortNumber>+1", "TCP",
     "Used for connections from child processes back to Process Manager in "
     "order to detect process failures and to instigate process restarts. "
     "It is used for local communications only. On HPE NonStop this "
     "function is performed via IPC, so this port is not used.",
     "", "local", ""},
    {9, PS, "Base Ports", PS, "", "", "<PortNumber>+3", "N/A",
     "Not currently used.", "", "", ""},
    {36, MS, "AudioCodes SBC", "AudioCodes SBC", "", MS, "514", "UDP",
     "Default Syslog port for receiving messages.", "", "inbound", ""},
    {49, MS, "Avaya Aura Communication Manager", MS, "",
     "Avaya Aura Communication Manager", "135 and", "TCP",
     "WMI - Dynamic port range used for soft phone host metrics. " WMI_TAIL,
     "", "outbound", ""},
    /* Shifted: "135 and dynamic 1024 - 65535 | TCP | DCE/RPC ... | |" */
    {53, MS, "Avaya Aura Contact Center", MS, "", "Avaya Aura Contact Center",
     "135 and dynamic 1024 - 65535", "TCP",
     "DCE/RPC protocol used to collect Real Time Data (RTD) from the AACC "
     "servers. Note some firewalls support inspection of DCE/RPC protocol, "
     "MS Windows should already allow outbound traffic using default "
     "Windows firewall rules.",
     "", "", ""},
    /* Shifted, one cell short: "1972 | TCP | SQL queries ... |" */
    {55, MS, "Avaya Aura Contact Center", MS, "", "Avaya Aura Contact Center",
     "1972", "TCP", "SQL queries from the AACC database.", "", "", ""},
    {58, MS, "Avaya Experience Portal", MS, "", "Avaya Experience Portal",
     "80 or 443", "TCP",
     "Avaya Experience Portal Manager (EPM) HTTPS port for web service "
     "traffic.",
     "", "", ""},
    /* A Vendor column names the remote side; Internal is local. */
    {79, PS, "Call Recording Assurance", PS, "", "Common", "4000", "TCP",
     "Internal communication port used to send data from the CRA service "
     "to Prognosis Server.",
     "", "local", ""},
    {83, PS, "Call Recording Assurance", "Verint", "", PS, "162", "UDP",
     "SNMP Trap port for all Verint alarming.", "", "inbound", ""},
    /* Shifted, with a Vendor column in front. */
    {93, PS, "Media Integrity Port Requirements", PS, "", "Verint", "7001",
     "TVP", "Default HTTP authentication port on the Verint Application "
     "Server.",
     "", "", ""},
    /* A direction nobody can read: kept out, warned about. */
    {94, PS, "Media Integrity Port Requirements", PS, "", "Verint",
     "29500 (HTTP) 29501 (HTTPS)", "TCP",
     "Default HTTP/HTTPS port on which to listen for web requests on the "
     "Verint Content servers.",
     "", "", ""},
    {95, PS, "Media Integrity Port Requirements", PS, "",
     "NICE (Where the BSF service is used to download recordings)",
     "62201 - 62220", "TCP", "Default HTTPS port on BSF Server", "",
     "outbound", ""},
    {151, MS, "Cisco Unified Border Element", "Cisco Unified Border Element",
     "", MS, "1812 or 1645 and 1813 or 1646", "UDP",
     "RADIUS Authorization and Accounting ports. The specific ports "
     "required will depend on how RADIUS is configured in the environment.",
     "", "inbound", ""},
    {159, MS, "Cisco Unity Connection", MS, "", "Cisco Unity Connection",
     "22", "TCP",
     "SSH port for SFTP to collect data. CLI port to collect certificate "
     "information.",
     "", "both", ""},
    /* The port cell keeps its mark for the port-spec parser. */
    {175, MS, "Microsoft Skype for Business", MS, "",
     "Microsoft Skype for Business", "5671 (*)", "TCP",
     "Port number used for inbound and outbound communications with the "
     "RabbitMQ™ messaging tool. Skype for Business monitoring only uses the "
     "encrypted port number 5671. This port will only need to be opened in "
     "environments where more than one Prognosis Server has been deployed "
     "(e.g. Management & Monitoring Server scenario).",
     "", "both", ""},
    /* Header padded with bars; the cell wraps onto a line holding "|". */
    {179, MS, "Microsoft Teams", MS, "", "Microsoft Teams", "443", "TCP",
     "To connect to Prognosis Cloud to retrieve Microsoft Teams data. The "
     "Prognosis Cloud uses CDN IP Address ranges, if a specific whitelist "
     "of IP Address is required for Data Center installations, then the "
     "following IP Address ranges should be listed.",
     "", "outbound", ""},
    {188, MS, "Ribbon SBC", "Ribbon SBC", "", MS, "1813", "UDP",
     "Ribbon RADIUS listener port. This is the port that Ribbon uses when "
     "pushing RADIUS accounting information.",
     "", "inbound", ""},
};

static void test_prognosis(void)
{
    import_doc d;
    status st = read_file(PROGNOSIS, FMT_AUTO, &d);
    check_read(&d, st, FMT_PIPE, 115, "prognosis");
    size_t ntables = sizeof PROGNOSIS_TABLES / sizeof *PROGNOSIS_TABLES;
    int sum = 0;
    for (size_t i = 0; i < ntables; i++) {
        is_int(count_flows(&d, NULL, PROGNOSIS_TABLES[i].section),
               PROGNOSIS_TABLES[i].flows, "prognosis: %s has %d flows",
               PROGNOSIS_TABLES[i].section, PROGNOSIS_TABLES[i].flows);
        sum += PROGNOSIS_TABLES[i].flows;
    }
    is_int(sum, d.nflows, "prognosis: every flow is in one of %zu tables",
           ntables);
    check_flows(&d, PROGNOSIS_ROWS,
                sizeof PROGNOSIS_ROWS / sizeof *PROGNOSIS_ROWS);
    ok(flow_at(&d, 180) == NULL, "prognosis: the wrapped cell's '|' line "
                                 "is no flow");
    ok(flow_at(&d, 178) == NULL, "prognosis: a header is no flow");
    is_int(d.nnotes, 0, "prognosis: no legends");

    is_int(d.ndiags, 6, "prognosis: 6 warnings");
    const char *shift = "the \"Monitoring Server Connection\" cell is "
                        "missing (the cells after it moved left); its text "
                        "was read as \"Usage\"";
    check_diag(&d, 0, 53, shift);
    check_diag(&d, 1, 54, shift);
    check_diag(&d, 2, 55, shift);
    check_diag(&d, 3, 58, shift);
    check_diag(&d, 4, 93,
               "the \"Connection to Prognosis Server\" cell is missing (the "
               "cells after it moved left); its text was read as \"Usage\"");
    check_diag(&d, 5, 94, "direction \"External (Verint system)\" not "
                          "understood");
    import_doc_free(&d);
}

/* ---- other vendors, same style ---------------------------------------- */

/* Both ends given by From/To columns, "Proto" and "Notes" and "Required"
 * for the usual names, a table cut by a page break (page number, running
 * title, header again), a wrapped cell, marks and legends. */
static const char FROM_TO[] =
    "Acme Edge Gateway Port Reference\n"                                /* 1 */
    "Signalling\n"                                                      /* 2 */
    "The gateway needs these flows opened.\n"                           /* 3 */
    "From | To | Port | Proto | Notes | Required |\n"                   /* 4 */
    "Edge Gateway | Call Server | 5061 | TCP | SIP over TLS * | Mandatory |\n"
    "Call Server | Edge Gateway | 5061 | TCP | SIP over TLS | Mandatory |\n"
    "\n"                                                                /* 7 */
    "Page 2 of 9\n"                                                     /* 8 */
    "Acme Edge Gateway Port Reference\n"                                /* 9 */
    "From | To | Port | Proto | Notes | Required |\n"                   /* 10 */
    "Edge Gateway | Directory | 636 | TCP | LDAPS lookups, wrapped\n"   /* 11 */
    "across two lines. | Optional † |\n"                                /* 12 */
    "* Mutual TLS must be enabled on both sides.\n"                     /* 13 */
    "† Only when directory lookups are configured.\n";                  /* 14 */

static void test_from_to(void)
{
    import_doc d;
    status st = import_read(FROM_TO, strlen(FROM_TO), FMT_AUTO, &d);
    check_read(&d, st, FMT_PIPE, 3, "from/to"); /* split table read as one */
    is_int(count_flows(&d, NULL, "Signalling"), 3,
           "from/to: all in Signalling");
    static const import_flow rows[] = {
        {5, "Acme Edge Gateway", "Signalling", "Edge Gateway", "",
         "Call Server", "5061", "TCP", "SIP over TLS", "Mandatory", "", "*"},
        {6, "Acme Edge Gateway", "Signalling", "Call Server", "",
         "Edge Gateway", "5061", "TCP", "SIP over TLS", "Mandatory", "", ""},
        {11, "Acme Edge Gateway", "Signalling", "Edge Gateway", "",
         "Directory", "636", "TCP",
         "LDAPS lookups, wrapped across two lines.", "Optional", "", "†"},
    };
    check_flows(&d, rows, sizeof rows / sizeof *rows);
    static const import_note notes[] = {
        {13, "*", "Mutual TLS must be enabled on both sides."},
        {14, "†", "Only when directory lookups are configured."},
    };
    check_notes(&d, notes, sizeof notes / sizeof *notes, "from/to");
    is_int(d.ndiags, 0, "from/to: no warnings");
    import_doc_free(&d);
}

/* One side's ports, columns reordered and renamed, a Vendor column, a
 * shifted row, device headings under a group heading, a heading about
 * ports naming no device, and no closing bars. */
static const char ONE_SIDED[] =
    "Lookout Collector\n"                                               /* 1 */
    "Collector Ports\n"                                                 /* 2 */
    "Purpose | Proto | Port | Collector Connection\n"                   /* 3 */
    "Web console for operators. | TCP | 8443 | Inbound\n"               /* 4 */
    "Probes\n"                                                          /* 5 */
    "Vendor | Port | Protocol | Collector Connection | Purpose |\n"     /* 6 */
    "Northwind | 2055 | UDP | Inbound | Flow records from the probe. |\n"
    "Northwind | 8080 | TCP | REST polling of the probe API. | |\n"     /* 8 */
    "Contoso Media Relay\n"                                             /* 9 */
    "Port | Protocol | Collector Connection | Purpose |\n"              /* 10 */
    "3478 | UDP | Outbound | STUN checks against the relay. |\n";       /* 11 */

static void test_one_sided(void)
{
    import_doc d;
    status st = import_read(ONE_SIDED, strlen(ONE_SIDED), FMT_PIPE, &d);
    check_read(&d, st, FMT_AUTO, 4, "one-sided");
    static const import_flow rows[] = {
        {4, "Collector", "Collector Ports", "", "", "Collector", "8443",
         "TCP", "Web console for operators.", "", "inbound", ""},
        {7, "Collector", "Probes", "Northwind", "", "Collector", "2055",
         "UDP", "Flow records from the probe.", "", "inbound", ""},
        {8, "Collector", "Probes", "Collector", "", "Northwind", "8080",
         "TCP", "REST polling of the probe API.", "", "", ""},
        {11, "Collector", "Contoso Media Relay", "Collector", "",
         "Contoso Media Relay", "3478", "UDP",
         "STUN checks against the relay.", "", "outbound", ""},
    };
    check_flows(&d, rows, sizeof rows / sizeof *rows);
    is_int(d.ndiags, 1, "one-sided: 1 warning");
    check_diag(&d, 0, 8,
               "the \"Collector Connection\" cell is missing (the cells "
               "after it moved left); its text was read as \"Purpose\"");
    import_doc_free(&d);
}

/* Bars in prose, with no header, are no table. */
static void test_no_table(void)
{
    import_doc d;
    /* Only the error saying so: a single bar in prose is no row. */
    check_no_table(&d, "Notes\nChoose A | B in the menu.\n", FMT_PIPE,
                   "no header",
                   "no \"a | b | c |\" table with a recognised header");
    import_doc_free(&d);
}

/* ---- detection ---------------------------------------------------------- */

static void test_scores(void)
{
    /* 10 per header row (31) and 1 per row (115). */
    is_int(score_of(PROGNOSIS, import_pipe_score), 31 * 10 + 115,
           "pipe score: prognosis");
    /* 0 for the others: Cisco's Markdown rows open with '|' */
    check_other_scores(import_pipe_score, "pipe", PROGNOSIS);
}

int main(void)
{
    test_prognosis();
    test_from_to();
    test_one_sided();
    test_no_table();
    test_scores();
    return done_testing();
}
