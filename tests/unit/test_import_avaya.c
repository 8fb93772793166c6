/* test_import_avaya.c - the tsv reader (import/tsv.c): tab-separated tables
 * out of a PDF export, with headers repeated after page breaks, rows cut by
 * page breaks, merged source and destination cells and inline footnote
 * legends. Checked against the bundled Avaya document as read by eye, and
 * against a document of another vendor in the same style written here. */
#include "import_test.h"

#define AVAYA DOCS "avaya-equinox-9x-port-security.txt"

/* ---- the Avaya document ------------------------------------------------ */

static void avaya_counts(const import_doc *d)
{
    static const struct {
        const char *product, *section;
        size_t n;
    } want[] = {
        {"Equinox Management", "Equinox Management ports", 25},
        {"Equinox Media Server", "Equinox Media Server Ports", 16},
        {"Elite MCU", "Elite MCU Ports", 13},
        {"Scopia Desktop Server", "Scopia Desktop Server Ports", 6},
        {"H.323 Edge", "H.323 Edge Ports", 8},
        {"ASBCE Edge", "ASBCE Edge Ports", 9},
        {"XT Desktop", "XT Desktop Ports", 2},
        {"XT Series", "XT Series Ports", 21},
        {"ISDN Gateway", "ISDN Gateway Ports", 8},
        {"Scopia Classic MCU", "Scopia Classic MCU Ports", 13},
        {"WCS", "WCS Ports", 5},
        {"Streaming and Recording", "Streaming and Recording Ports", 48},
        {"VC240", "VC240 Ports", 9},
        {"Video Gateway", "Video Gateway Ports", 11},
        {"SIP Gateway", "SIP Gateway Ports", 9},
        {"TIP Gateway", "TIP Gateway Ports", 10},
        {"Unified Portal/Web Gateway", "Unified Portal/Web Gateway Ports", 4},
    };
    size_t total = 0;
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        is_int(count_flows(d, want[i].product, want[i].section),
               want[i].n, "%s: %zu flows", want[i].section, want[i].n);
        total += want[i].n;
    }
    is_int(total, 217, "the tables add up to 217 flows");
    is_int(d->nflows, 217, "217 flows in all: every one in a product table");
}

static void avaya_boilerplate(const import_doc *d)
{
    int outside = 0, named = 0;
    for (size_t i = 0; i < d->nflows; i++) {
        const import_flow *f = &d->flows[i];
        /* the tables run from line 198 to 577; legal text, contents,
         * procedures, the glossary and the appendix are outside */
        outside += f->line < 198 || f->line > 577;
        named += strcmp(f->product, "Contents") == 0 ||
                 strcmp(f->product, "Glossary") == 0 ||
                 strcmp(f->product, "Introduction") == 0 ||
                 strstr(f->product, "Port Security") != NULL ||
                 strstr(f->source, "Old Name") != NULL ||
                 strstr(f->source, "Lowest Multimedia Port") != NULL;
    }
    is_int(outside, 0, "no flow outside the port tables");
    is_int(named, 0, "no flow from contents, glossary, forms, page headers");
    ok(!flow_at(d, 129) && !flow_at(d, 762) && !flow_at(d, 899),
       "no flow from contents, Field/Value or Old Name/New Name rows");
    ok(!flow_at(d, 198) && !flow_at(d, 204) && !flow_at(d, 445),
       "header rows and dash rows are not data");
    is_int(d->ndiags, 0, "no warnings: every row has its six cells");
}

static void avaya_continuations(const import_doc *d)
{
    /* Line 212 "Equinox Management\t\t\tTCP 49152-65535* (H.245)\t\t",
     * after a repeated header, ends the destination ports of line 209. */
    check_flow(d, &(import_flow){
        209, "Equinox Management", "Equinox Management ports",
        "Equinox Management", "TCP 7 (Management) TCP 32768-61000",
        "Scopia Desktop Server",
        "TCP 7 (management) UDP 161 (SNMP traps) TCP 3340 Equinox "
        "Management Meeting Control TCP 49152-65535* (H.245)",
        "", "Scopia Desktop Call Setup and Management", "Mandatory", "",
        "*"});
    check_note_at(d, 209, "*",
               "Default TCP Port range for Windows Server 2008 R2 or higher.");
    ok(!flow_at(d, 212), "line 212 is a continuation, not a flow");

    /* "HTTPS 8446" (line 233) ends line 230's destination ports. */
    check_flow(d, &(import_flow){
        230, "Equinox Management", "Equinox Management ports",
        "Equinox Management", "TCP 32768-61000", "Unified Portal",
        "TCP 3341 TLS 3351 HTTPS 8446", "", "Administration Control",
        "Mandatory", "", ""});
    ok(!flow_at(d, 233), "line 233 is a continuation, not a flow");

    /* "on client" (line 262) ends "UDP port range depends" of line 259. */
    check_flow_field(d, 259, destination_ports,
                     "SIP: TCP/UDP 5060 SIP: TLS 5061 TCP 7150 TLS 7151 UDP "
                     "port range depends on client",
                     "line 259: the page-break rest 'on client' appended");
    ok(!flow_at(d, 262), "line 262 is a continuation, not a flow");

    /* Line 349 is only an italic legend in the destination port column:
     * the rest of line 346's cell, kept raw (a port cell). */
    const import_flow *f = flow_at(d, 346);
    if (ok(f != NULL, "flow on line 346")) {
        is_str(f->destination_ports,
               "SIP and BFCP call signaling TCP/UDP 5060 (SIP) TCP 5061 "
               "(SIP TLS) UDP 5070-5077*(BFCP) TCP/UDP ephemeral Ports "
               "Media UDP 3230-3313*(RTP/RTCP) or ephemeral UDP ports * "
               "Other EPs/MCUs may use different ephemeral port ranges",
               "line 346: <u> tags gone, line 349 appended");
        is_str(f->source, "XT Series or endpoint in a SIP call",
               "line 346: source");
    }
    ok(!flow_at(d, 349), "line 349 is a continuation, not a flow");
}

static void avaya_merged_cells(const import_doc *d)
{
    /* Line 208: no source, no destination device, two port cells: the
     * source and destination of the row above; description and
     * requirement stay empty. */
    check_flow(d, &(import_flow){
        208, "Equinox Management", "Equinox Management ports",
        "Equinox Management", "Ephemeral ports", "H.323 Edge",
        "TCP 8089 XML API", "", "", "", "", ""});

    /* Line 243 names only the source device; 244-246 are its flows. */
    ok(!flow_at(d, 243), "line 243 (source device only) is not a flow");
    check_flow(d, &(import_flow){
        244, "Equinox Media Server", "Equinox Media Server Ports",
        "Equinox Media Server/MCU with WCS /WCS only (for 6000)", "",
        "H.323 Edge", "UDP 12000-15000** Audio and Video media", "",
        "Audio and Video Media from Elite MCU to H.323 Edge Server",
        "Mandatory for audio and video", "", "*"});
    check_note_at(d, 244, "*",
               "Default ports used by H.323 Edge Server, can be modified. "
               "Configuring Ports on the H.323 Edge server");

    /* Under "SIP Gateway Ports" no row names a source: it is the product. */
    check_flow(d, &(import_flow){
        541, "SIP Gateway", "SIP Gateway Ports", "SIP Gateway",
        "UDP 1719 (RAS) TCP 1720 (Q931) TCP 1024-1174 (H.245)",
        "Any H.323 device", "Ephemeral ports", "",
        "Enables H.245 signaling, Registration with Gatekeeper",
        "Cannot connect H.323 calls or register with Gatekeeper.", "", ""});
    check_flow_field(d, 551, source, "SIP Gateway",
                     "line 551: after a repeated header, still the product");

    /* The source carries across the page-split tables of one section but
     * not into the next section. */
    check_flow_field(
        d, 460, source, "Conference Point (CP)",
        "line 460: source of line 450, across a repeated header");
    check_flow_field(d, 390, source, "Scopia ISDN Gateway",
                     "line 390: previous source of the section");
    check_flow_field(d, 312, source, "H.323 Edge",
                     "line 312: source of line 308");
}

static void avaya_cells(const import_doc *d)
{
    /* Inline legends in a requirement cell: two notes, the cell keeps
     * "Mandatory", the marks are kept on the flow. */
    check_flow(d, &(import_flow){
        295, "Scopia Desktop Server", "Scopia Desktop Server Ports",
        "Scopia Desktop Client", "Ephemeral TCP Ports Ephemeral UDP Ports",
        "Scopia Desktop Server",
        "TCP 443 (HTTP over SSL) TCP 80 (HTTP) TCP 49152-65535* UDP "
        "10000-65535 **",
        "", "Enables access to Scopia Desktop Web Portal Enables audio and "
        "video media", "Mandatory", "", "* **"});
    check_note_at(d, 295, "*",
               "Default TCP Port range for Windows Server 2008 R2 or higher.");
    check_note_at(d, 295, "**",
                  "Default UDP port range which is configurable.");

    check_flow(d, &(import_flow){
        207, "Equinox Management", "Equinox Management ports",
        "Equinox Management",
        "UDP 1719 (RAS) TCP 1720 (RAS) TCP 32768-61000 (H.245)",
        "H.323 Edge",
        "TCP 7 (management) UDP 1719 (RAS) TCP 1720 (RAS) UDP 53 (URI "
        "dialing/DNS) TCP 12000-15000***",
        "", "H.323 Edge Call setup and registration", "Mandatory", "",
        "***"});
    check_note_at(d, 207, "***",
               "Default TCP port range - configurable via the H.323 Edge "
               "Server web interface");

    /* "UDP 120002-12952" is what the document says: kept as written. */
    check_flow(d, &(import_flow){
        390, "ISDN Gateway", "ISDN Gateway Ports", "Scopia ISDN Gateway",
        "TCP 1024-4999 UDP 1619 (Q931) UDP 1719 (RAS) UDP 1820 (RAS) TCP "
        "1620 (IVR) TCP 1503 (T.120) UDP 7222-7422 (RTP/RTCP - IVR audio) "
        "UDP 6722-7822 (RTP/RTCP - IVR video) UDP 120002-12952 (RTP/RTCP)",
        "H.323 Devices", "Ephemeral Ports", "",
        "Enables H.245 signaling Enables Q.931 signaling Enables sending "
        "RAS messages Enables receiving RAS messages Enables IVR over TCP "
        "Enables T.120 data collaboration IVR Audio",
        "Mandatory", "", ""});

    /* "<b>SIP PROTOCOL</b>  TCP/UDP 5060 ...": tag gone, spaces folded. */
    check_flow(d, &(import_flow){
        251, "Equinox Media Server", "Equinox Media Server Ports",
        "Equinox Media Server/MCU with WCS /WCS only (for 6000)",
        "SIP PROTOCOL TCP/UDP 5060 (SIP signaling) TCP 5061 (SIP "
        "Signaling using TLS) TCP 3400-3580 (BFCP) UDP 12000-13200 (Video "
        "RTP) UDP 16384-16984",
        "SIP Terminals", "Endpoint TCP and UDP Ports", "",
        "Audio and video media, RTCP", "Mandatory for SIP calls", "", ""});

    /* The "Mandatory" header of some tables is the requirement column. */
    check_flow_field(d, 242, requirement,
                     "Optional. If blocked, access to the MCU web interface; "
                     "SSH and FTP access will not be possible.",
                     "line 242: requirement under a 'Mandatory' header");
    check_flow_field(d, 467, description,
                     "media to clients for broadcasts (using multicast, "
                     "Windows Media Streaming)",
                     "line 467: inline '***' legend cut");
    check_note_at(d, 467, "***", "If Multicast is enabled");
}

static void avaya_legends(const import_doc *d)
{
    check_note_at(d, 375, "*",
               "The maximum port range is specified. The used port range "
               "could be lower than the specified one, depending on "
               "available license and active settings. Please check on XT "
               "UI (Networks>Preferences>Dynamic ports> Manual mode) for "
               "the used range.");
    check_note_at(d, 377, "**",
               "A different port can be configured on the Equinox "
               "Management server for Cloud Provisioning server.");
    /* 14 inline legends (lines 207, 209, 244, 246, 275, 277, 295 x2,
     * 296 x2, 297, 298, 313, 467) and the two after the XT tables */
    is_int(d->nnotes, 16, "16 notes");
}

static void test_avaya(void)
{
    size_t len = 0;
    char *text = load_text(AVAYA, &len);
    if (!ok(text != NULL, "read %s", AVAYA))
        return;
    import_doc d;
    status st = import_read(text, len, FMT_TSV, &d);
    is_int(st, ST_OK, "Avaya document reads as tsv");
    is_int(d.format, FMT_TSV, "format recorded");
    avaya_counts(&d);
    avaya_boilerplate(&d);
    avaya_continuations(&d);
    avaya_merged_cells(&d);
    avaya_cells(&d);
    avaya_legends(&d);
    import_doc_free(&d);

    is_int(import_detect(text, len), FMT_TSV, "detected as tsv");
    free(text);
}

/* ---- another vendor in the same style ---------------------------------- */

/* Columns reordered and renamed, a Markdown and a plain product heading, a
 * running page footer and a repeated header between the parts of one
 * table, a cell cut by the page break, merged cells, a short row, a legend,
 * a prose line that ends a table, a one-sided table under an "Inbound:"
 * label, a glossary and a table of contents. */
static const char SYNTH[] =
    "Borealis Relay 7 Firewall Guide\n"                              /* 1 */
    "\n"
    "Contents\n"                                                     /* 3 */
    "Relay Node Ports .....\t4\n"
    "Glossary .....\t9\n"                                            /* 5 */
    "\n"
    "## Relay Node Ports\n"                                          /* 7 */
    "\n"
    "The relay node opens the connections below.\n"                 /* 9 */
    "\n"
    "From\tTo\tPort\tProto\tNotes\tRequired\n"                       /* 11 */
    "--\t--\t--\t--\t--\t--\n"
    "Relay Node\tLicence Server\t443\tTCP\t<i>Licence check-in</i> "
    "\xE2\x80\xA1\tYes\n"                                              /* 13 */
    "\tTime Server\t123\tUDP\tClock sync\tRecommended\n"             /* 14 */
    "\tSyslog Collector\t514\tUDP\tAudit log forwarding, sent every\t\n"
    "Page 4 of 9\n"                                                  /* 16 */
    "\n"
    "From\tTo\tPort\tProto\tNotes\tRequired\n"                       /* 18 */
    "\t\t\t\tminute *Batched when the uplink is down\t\n"            /* 19 */
    "Admin Console\tRelay Node\t8443*\tTCP\tWeb administration\t"
    "Mandatory ** Only on the management interface\n"             /* 20 */
    "\t\t9443\tTCP\tREST API\tOptional\n"                            /* 21 */
    "\tDNS\t53\n"                                                    /* 22 */
    "\n"
    "\xE2\x80\xA1 Check-in happens daily.\n"                         /* 24 */
    "\n"
    "Edge Proxy ports\n"                                             /* 26 */
    "From\tTo\tPort\tProto\tNotes\tRequired\n"
    "\tAny Client\t5061\tTLS\tSIP over TLS\tMandatory\n"             /* 28 */
    "Edge Proxy Pool B\t\t\t\t\t\n"                                  /* 29 */
    "\tMedia Relay\t40000-49999\tUDP\tMedia\tMandatory\n"            /* 30 */
    "The proxy also answers the following, which are not firewall rules:\n"
    "nope\tnot\ta\trow\tat\tall\n"                                   /* 32 */
    "\n"
    "### Management Agent Ports\n"                                   /* 34 */
    "Inbound:\n"
    "Port\tProtocol\tPeer\tPurpose\n"                                /* 36 */
    "22\tTCP\tAdmin workstation\tSSH *\n"
    "Outbound:\n"                                                    /* 38 */
    "Port\tProtocol\tPeer\tPurpose\n"
    "8514\tTCP\tLog Server\tForwarded events\n"                      /* 40 */
    "\n"
    "## Glossary\n"                                                  /* 42 */
    "Term\tMeaning\n"
    "Relay\tA node that forwards media\n"                            /* 44 */
    "Field\tValue\n"
    "Lowest Port\t17000\n";                                          /* 46 */

static void test_synthetic(void)
{
    import_doc d;
    status st = import_read(SYNTH, sizeof SYNTH - 1, FMT_AUTO, &d);
    check_read(&d, st, FMT_TSV, 10, "synthetic");
    is_int(count_flows(&d, "Relay Node", "Relay Node Ports"), 6,
           "synthetic: 6 relay node flows across the page break");
    is_int(count_flows(&d, "Edge Proxy", "Edge Proxy ports"), 2,
           "synthetic: 2 edge proxy flows, the table ends at prose");
    is_int(count_flows(&d, "Management Agent", "Inbound"), 1,
           "synthetic: 1 inbound agent flow");
    is_int(count_flows(&d, "Management Agent", "Outbound"), 1,
           "synthetic: 1 outbound agent flow");

    check_flow(&d, &(import_flow){
        13, "Relay Node", "Relay Node Ports", "Relay Node", "",
        "Licence Server", "443", "TCP", "Licence check-in", "Yes", "",
        "\xE2\x80\xA1"});
    check_flow(&d, &(import_flow){
        14, "Relay Node", "Relay Node Ports", "Relay Node", "",
        "Time Server", "123", "UDP", "Clock sync", "Recommended", "", ""});
    /* the Notes cell cut by the page break, with an inline legend in the
     * part on the next page */
    check_flow(&d, &(import_flow){
        15, "Relay Node", "Relay Node Ports", "Relay Node", "",
        "Syslog Collector", "514", "UDP",
        "Audit log forwarding, sent every minute", "", "", "*"});
    check_note_at(&d, 15, "*", "Batched when the uplink is down");
    ok(!flow_at(&d, 19), "synthetic: line 19 is a continuation");
    check_flow(&d, &(import_flow){
        20, "Relay Node", "Relay Node Ports", "Admin Console", "",
        "Relay Node", "8443*", "TCP", "Web administration", "Mandatory",
        "", "**"});
    check_note_at(&d, 20, "**", "Only on the management interface");
    /* merged destination and source; requirement not inherited */
    check_flow(&d, &(import_flow){
        21, "Relay Node", "Relay Node Ports", "Admin Console", "",
        "Relay Node", "9443", "TCP", "REST API", "Optional", "", ""});
    /* a short row: kept, with a warning */
    check_flow(&d, &(import_flow){
        22, "Relay Node", "Relay Node Ports", "Admin Console", "", "DNS",
        "53", "", "", "", "", ""});
    ok(has_diag_at(&d, 22, SEV_WARNING), "synthetic: short row warned");
    is_int(count_diags(&d, SEV_WARNING), 1, "synthetic: one warning");
    check_note_at(&d, 24, "\xE2\x80\xA1", "Check-in happens daily.");

    /* a plain heading naming ports; no source yet: the product */
    check_flow(&d, &(import_flow){
        28, "Edge Proxy", "Edge Proxy ports", "Edge Proxy", "",
        "Any Client", "5061", "TLS", "SIP over TLS", "Mandatory", "", ""});
    ok(!flow_at(&d, 29), "synthetic: source-only row is not a flow");
    check_flow(&d, &(import_flow){
        30, "Edge Proxy", "Edge Proxy ports", "Edge Proxy Pool B", "",
        "Media Relay", "40000-49999", "UDP", "Media", "Mandatory", "", ""});
    ok(!flow_at(&d, 32), "synthetic: tab row after prose is not data");

    /* one side named: oriented around the product by the label */
    check_flow(&d, &(import_flow){
        37, "Management Agent", "Inbound", "Admin workstation", "",
        "Management Agent", "22", "TCP", "SSH", "", "inbound", "*"});
    check_flow(&d, &(import_flow){
        40, "Management Agent", "Outbound", "Management Agent", "",
        "Log Server", "8514", "TCP", "Forwarded events", "", "outbound",
        ""});
    is_int(d.nnotes, 3, "synthetic: 3 notes");
    import_doc_free(&d);
}

/* ---- scores ------------------------------------------------------------ */

static void test_scores(void)
{
    /* 53 header rows */
    ok(score_of(AVAYA, import_tsv_score) >= 530,
       "tsv score of the Avaya document");
    check_other_scores(import_tsv_score, "tsv", AVAYA);
}

static void test_no_table(void)
{
    import_doc d;
    check_no_table(&d, "Old Name\tNew Name\nScopia\tEquinox\n\n"
                       "Field\tValue\nA\t1\n",
                   FMT_TSV, "no recognised header",
                   "no tab-separated table with a recognised header");
    import_doc_free(&d);
}

int main(void)
{
    test_avaya();
    test_synthetic();
    test_scores();
    test_no_table();
    return done_testing();
}
