/* test_import_nectar.c - the cells reader (import/cells.c): tables written
 * one cell per line with blank lines between, as web pages export them.
 * Checked against the bundled Nectar document as read by eye, and against
 * documents of another vendor in the same style written here. */
#include "import_test.h"

#define NECTAR DOCS "nectar-epc-ports.txt"
#define TITLE "Ports and Protocols Guide"

/* ---- the Nectar document ----------------------------------------------- */

static void nectar_rows(const import_doc *d)
{
    /* The port column names the agent's own side: it is the destination
     * port whichever way the flow goes; the product is the document's. */
    check_flow(d, &(import_flow){
        28, TITLE, "Local Ports", TITLE, "", "", "443", "TCP",
        "Manages connections to Controller", "", "outbound", ""});
    check_flow(d, &(import_flow){
        44, TITLE, "Local Ports", TITLE, "", "", "5060*", "UDP & TCP",
        "SIP signaling", "", "both", ""});
    /* inbound: the product is the destination */
    check_flow(d, &(import_flow){
        68, TITLE, "Local Ports", "", "", TITLE, "N/A", "ICMP",
        "Inbound ICMP messages (required for some network tests)", "",
        "inbound", ""});
    check_flow(d, &(import_flow){
        86, TITLE, "Remote Ports", TITLE, "", "", "26022*", "TCP",
        "Controller SCP (TLS certificate bundle transfer)", "", "outbound",
        ""});
    check_flow(d, &(import_flow){
        102, TITLE, "Remote Ports", TITLE, "", "", "53", "TCP & UDP",
        "DNS resolution", "", "outbound", ""});
    /* the last row, right before the legend */
    check_flow(d, &(import_flow){
        134, TITLE, "Remote Ports", TITLE, "", "", "29999", "UDP",
        "Packet trains to/from remote peer agent (Peer-to-Peer tests)", "",
        "both", ""});
}

static void test_nectar(void)
{
    size_t len = 0;
    char *text = load_text(NECTAR, &len);
    if (!ok(text != NULL, "read %s", NECTAR))
        return;
    import_doc d;
    status st = import_read(text, len, FMT_CELLS, &d);
    is_int(st, ST_OK, "Nectar document reads as cells");
    is_str(d.title, TITLE, "title");
    is_int(count_flows(&d, TITLE, "Local Ports"), 6, "Local Ports: 6");
    is_int(count_flows(&d, TITLE, "Remote Ports"), 7, "Remote Ports: 7");
    is_int(d.nflows, 13, "13 flows in all");
    static const int lines[] = {28, 36, 44, 52, 60, 68,
                                86, 94, 102, 110, 118, 126, 134};
    int found = 0;
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++)
        found += flow_at(&d, lines[i]) != NULL;
    is_int(found, 13, "each row starts on its protocol line");
    nectar_rows(&d);

    check_note_at(&d, 142, "*",
               "Default port number. A different port number can be "
               "assigned during setup/configuration of the Controller (see "
               "the Nectar EPC-Controller SSE Installation Guide or Nectar "
               "EPC-Controller MSE Installation Guide for details).");
    is_int(d.nnotes, 1, "one note");
    is_int(d.ndiags, 0, "no warnings: both tables end on a row boundary");
    int late = 0;
    for (size_t i = 0; i < d.nflows; i++)
        late += d.flows[i].line > 140 || d.flows[i].line < 20;
    is_int(late, 0, "nothing from the page furniture, summary or footer");
    import_doc_free(&d);

    is_int(import_detect(text, len), FMT_CELLS, "detected as cells");
    free(text);
}

/* ---- another vendor in the same style ---------------------------------- */

/* A plain product heading and "Inbound:"/"Outbound:" labels; the columns
 * renamed and reordered, with a device column and no direction column;
 * marks and an inline legend in text cells; legends after the table;
 * header lines without blank lines between; a product heading straight
 * above a header; a table ended by prose; one ended mid-row by the end of
 * the text. */
static const char SYNTH[] =
    "Orbit Sensor Deployment Notes\n"                    /* 1 */
    "\n"
    "Was this page useful?\n"                            /* 3 */
    "\n"
    "Collector Ports\n"                                  /* 5 */
    "\n"
    "Inbound:\n"                                         /* 7 */
    "\n"
    "Port\n"                                             /* 9 */
    "\n"
    "Proto\n"                                            /* 11 */
    "\n"
    "Peer\n"                                             /* 13 */
    "\n"
    "Purpose\n"                                          /* 15 */
    "\n"
    "Required\n"                                         /* 17 */
    "\n"
    "8443*\n"                                            /* 19 */
    "\n"
    "TCP\n"                                              /* 21 */
    "\n"
    "<b>Admin</b> browser\n"                             /* 23 */
    "\n"
    "Web console \xE2\x80\xA0\n"                         /* 25 */
    "\n"
    "Mandatory ** Only when the console is enabled.\n"   /* 27 */
    "\n"
    "9100\n"                                             /* 29 */
    "\n"
    "TCP\n"                                              /* 31 */
    "\n"
    "Metrics scraper\n"                                  /* 33 */
    "\n"
    "Prometheus metrics\n"                               /* 35 */
    "\n"
    "Optional\n"                                         /* 37 */
    "\n"
    "* Port can be changed in collector.yaml.\n"         /* 39 */
    "\n"
    "\xE2\x80\xA0 The console is served over TLS only.\n" /* 41 */
    "\n"
    "Outbound:\n"                                        /* 43 */
    "Port\n"
    "Proto\n"                                            /* 45 */
    "Peer\n"
    "Purpose\n"                                          /* 47 */
    "Required\n"
    "443\n"                                              /* 49 */
    "TCP\n"
    "Cloud Hub\n"                                        /* 51 */
    "Telemetry upload\n"
    "Mandatory\n"                                        /* 53 */
    "\n"
    "Relay Agent Ports\n"                                /* 55 */
    "\n"
    "Direction\n"                                        /* 57 */
    "\n"
    "Port\n"                                             /* 59 */
    "\n"
    "Protocol\n"                                         /* 61 */
    "\n"
    "Description\n"                                      /* 63 */
    "\n"
    "Outbound\n"                                         /* 65 */
    "\n"
    "5000-5010\n"                                        /* 67 */
    "\n"
    "UDP\n"                                              /* 69 */
    "\n"
    "Relay tunnels\n"                                    /* 71 */
    "\n"
    "This relay listens only on loopback for its health check and takes "
    "no other traffic from the network.\n"               /* 73 */
    "\n"
    "## Beacon Ports\n"                                  /* 75 */
    "\n"
    "Port\n"                                             /* 77 */
    "\n"
    "Protocol\n"                                         /* 79 */
    "\n"
    "Direction\n"                                        /* 81 */
    "\n"
    "Application\n"                                      /* 83 */
    "\n"
    "7000\n"                                             /* 85 */
    "\n"
    "UDP\n";                                             /* 87 */

static void test_synthetic(void)
{
    import_doc d;
    status st = import_read(SYNTH, sizeof SYNTH - 1, FMT_AUTO, &d);
    check_read(&d, st, FMT_CELLS, 5, "synthetic");
    is_int(count_flows(&d, "Collector", "Inbound"), 2,
           "synthetic: Collector / Inbound: 2");
    is_int(count_flows(&d, "Collector", "Outbound"), 1,
           "synthetic: Collector / Outbound: 1");
    is_int(count_flows(&d, "Relay Agent", "Relay Agent Ports"), 1,
           "synthetic: Relay Agent: 1");
    is_int(count_flows(&d, "Beacon", "Beacon Ports"), 1,
           "synthetic: Beacon: 1");

    /* "Inbound:" with a peer column: the peer is the source */
    check_flow(&d, &(import_flow){
        19, "Collector", "Inbound", "Admin browser", "", "Collector",
        "8443*", "TCP", "Web console", "Mandatory", "inbound",
        "\xE2\x80\xA0 **"});
    check_note_at(&d, 19, "**", "Only when the console is enabled.");
    check_flow(&d, &(import_flow){
        29, "Collector", "Inbound", "Metrics scraper", "", "Collector",
        "9100", "TCP", "Prometheus metrics", "Optional", "inbound", ""});
    check_note_at(&d, 39, "*", "Port can be changed in collector.yaml.");
    check_note_at(&d, 41, "\xE2\x80\xA0",
                  "The console is served over TLS only.");
    check_flow(&d, &(import_flow){
        49, "Collector", "Outbound", "Collector", "", "Cloud Hub", "443",
        "TCP", "Telemetry upload", "Mandatory", "outbound", ""});
    /* direction first, no device column */
    check_flow(&d, &(import_flow){
        65, "Relay Agent", "Relay Agent Ports", "Relay Agent", "", "",
        "5000-5010", "UDP", "Relay tunnels", "", "outbound", ""});
    ok(!flow_at(&d, 73), "synthetic: the prose line is not a row");
    /* cut short by the end of the text: what is there, and a warning */
    check_flow(&d, &(import_flow){
        85, "Beacon", "Beacon Ports", "Beacon", "", "", "7000", "UDP", "",
        "", "", ""});
    ok(has_diag_at(&d, 85, SEV_WARNING), "synthetic: mid-row end warned");
    is_int(count_diags(&d, SEV_WARNING), 1, "synthetic: one warning");
    is_int(d.nnotes, 3, "synthetic: 3 notes");
    import_doc_free(&d);
}

/* A table cut mid-row by a label: the partial row is kept and warned, and
 * the next table reads from its own header. */
static void test_cut_by_label(void)
{
    static const char text[] =
        "Gizmo Ports\n"          /* 1 */
        "Port\n"                 /* 2 */
        "Protocol\n"             /* 3 */
        "Direction\n"            /* 4 */
        "Usage\n"                /* 5 */
        "80\n"                   /* 6 */
        "TCP\n"                  /* 7 */
        "Remote:\n"              /* 8 */
        "Port\n"                 /* 9 */
        "Protocol\n"             /* 10 */
        "Direction\n"            /* 11 */
        "Usage\n"                /* 12 */
        "514\n"                  /* 13 */
        "UDP\n"                  /* 14 */
        "Inbound\n"              /* 15 */
        "Syslog\n";              /* 16 */
    import_doc d;
    status st = import_read(text, sizeof text - 1, FMT_CELLS, &d);
    check_read(&d, st, FMT_AUTO, 2, "cut");
    check_flow(&d, &(import_flow){
        6, "Gizmo", "Gizmo Ports", "Gizmo", "", "", "80", "TCP", "", "", "",
        ""});
    ok(has_diag_at(&d, 6, SEV_WARNING), "cut: partial row warned");
    check_flow(&d, &(import_flow){
        13, "Gizmo", "Remote", "", "", "Gizmo", "514", "UDP", "Syslog", "",
        "inbound", ""});
    import_doc_free(&d);
}

static void test_no_table(void)
{
    import_doc d;
    check_no_table(&d, "Release notes\n\nPort\n\nis a word\n\n"
                       "Was this helpful?\n",
                   FMT_CELLS, "no header",
                   "no table written one cell per line under a recognised "
                   "header");
    import_doc_free(&d);
}

/* ---- scores ------------------------------------------------------------ */

static void test_scores(void)
{
    /* two headers, thirteen rows */
    is_int(score_of(NECTAR, import_cells_score), 33,
           "cells score of the Nectar document");
    check_other_scores(import_cells_score, "cells", NECTAR);
}

/* Numbers alone in a cell are ports, not a page number: "443 / 8057"
 * and "3346 / 3348" look like "2 / 3" but stand among cells, with no
 * footer or running title beside them. */
static const char NUMBERS[] =
    "Ports\n\n"                                          /* 1 */
    "Protocol\n\nPort Number(s)\n\nDirection\n\nApplication\n\n"
    "TCP\n\n443 / 8057\n\nInbound\n\nPSOM\n\n"          /* 11 */
    "TCP\n\n3346 / 3348\n\nInbound\n\nXML over TLS\n\n" /* 19 */
    "UDP\n\n514\n\nOutbound\n\nSyslog\n";              /* 27 */

static void test_numbers_in_cells(void)
{
    import_doc d;
    status st = import_read(NUMBERS, sizeof NUMBERS - 1, FMT_AUTO, &d);
    check_read(&d, st, FMT_CELLS, 3, "numbers");
    check_flow_field(&d, 11, destination_ports, "443 / 8057", "numbers");
    check_flow_field(&d, 19, destination_ports, "3346 / 3348", "numbers");
    check_flow_field(&d, 27, description, "Syslog", "numbers");
    is_int((int)count_diags(&d, SEV_WARNING), 0, "numbers: no warning");
    import_doc_free(&d);
}

int main(void)
{
    test_nectar();
    test_synthetic();
    test_cut_by_label();
    test_numbers_in_cells();
    test_no_table();
    test_scores();
    return done_testing();
}
