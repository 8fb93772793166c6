/* test_import_pexip.c - the spaced reader (import/spaced.c): the bundled
 * Pexip "port usage" document read row by row as an engineer reads it, a
 * made-up document from another vendor in the same style (renamed and
 * reordered columns, multi-word column names, a page break, a wrapped
 * cell, legends), and the style's detection score on all five documents.
 * Run from the repository root. */
#include "import_test.h"

#define PEXIP DOCS "pexip-infinity-port-usage.txt"

/* ---- the Pexip document ----------------------------------------------- */

#define MN "Management Node"
#define CN "Conferencing Nodes"
#define ECC "Endpoint / call control system"
#define MANY "Endpoint / call control system / Lync / Skype for Business " \
             "system / Infinity Connect"
#define RTP "RTP / RTCP / RDP / DTLS / RTMP / STUN / TURN"

static const import_flow PEXIP_ROWS[] = {
    /* TCP <any> 22 SSH * SSH client */
    {26, MN, "Inbound", "SSH client", "<any>", MN, "22", "TCP", "SSH", "",
     "inbound", "*"},
    /* UDP <any> 161 SNMP ‡ SNMP server */
    {29, MN, "Inbound", "SNMP server", "<any>", MN, "161", "UDP", "SNMP",
     "", "inbound", "‡"},
    {30, MN, "Inbound", "Conferencing Node", "500", MN, "500", "UDP",
     "ISAKMP (IPsec)", "", "inbound", ""},
    {31, MN, "Inbound", "Conferencing Node", "n/a", MN, "n/a", "ESP",
     "IPsec / IP Protocol 50", "", "inbound", ""},
    {36, MN, "Outbound", MN, "55000–65535", "DNS server", "53", "TCP/UDP",
     "DNS", "", "outbound", ""},
    {37, MN, "Outbound", MN, "55000–65535", "LDAP server", "389 / 636",
     "TCP", "LDAP", "", "outbound", "‡"},
    {38, MN, "Outbound", MN, "55000–65535",
     "vCenter Server and any ESXi host on which Conferencing Nodes may be "
     "deployed", "443", "TCP", "HTTPS", "", "outbound", ""},
    {39, MN, "Outbound", MN, "55000–65535",
     "Pexip Licensing server (pexip.flexnetoperations.com, 64.14.29.85)",
     "443", "TCP", "HTTPS", "", "outbound", ""},
    {43, MN, "Outbound", MN, "123, 55000–65535", "NTP server", "123", "UDP",
     "NTP", "", "outbound", ""},
    /* UDP <any> 161 † SNMP ‡ SNMP NMS: the dagger stays with the port */
    {44, MN, "Outbound", MN, "<any>", "SNMP NMS", "161 †", "UDP", "SNMP",
     "", "outbound", "‡"},
    /* UDP † 55000–65535 514 † Syslog ‡ Syslog server */
    {46, MN, "Outbound", MN, "55000–65535", "Syslog server", "514 †", "UDP",
     "Syslog", "", "outbound", "† ‡"},
    {47, MN, "Outbound", MN, "n/a", "Conferencing Node", "n/a", "ESP",
     "IPsec / IP Protocol 50", "", "outbound", ""},
    {67, CN, "Inbound",
     "Web browser / API interface / Lync / Skype for Business system (for "
     "conference avatar)", "<any>", CN, "80", "TCP", "HTTP", "", "inbound",
     ""},
    {68, CN, "Inbound",
     "Web browser/ API interface / Infinity Connect Mobile client", "<any>",
     CN, "443", "TCP", "HTTPS", "", "inbound", ""},
    {69, CN, "Inbound", ECC, "<any>", CN, "1720", "TCP",
     "H.323 (H.225 signaling)", "", "inbound", ""},
    {71, CN, "Inbound", ECC, "<any>", CN, "5060", "UDP", "SIP", "",
     "inbound", "‡"},
    {72, CN, "Inbound", ECC, "<any>", CN, "5061", "TCP", "SIP/TLS", "",
     "inbound", ""},
    {73, CN, "Inbound", ECC, "<any>", CN, "33000–39999 **", "TCP",
     "H.323 (Q.931/H.245 signaling)", "", "inbound", ""},
    {74, CN, "Inbound", MANY, "<any>", CN, "40000–49999 **", "TCP/UDP", RTP,
     "", "inbound", "††"},
    {76, CN, "Inbound", "Management Node / Conferencing Node", "500", CN,
     "500", "UDP", "ISAKMP (IPsec)", "", "inbound", ""},
    {78, CN, "Inbound", "Management Node / Conferencing Node", "n/a", CN,
     "n/a", "ESP", "IPsec / IP Protocol 50", "", "inbound", ""},
    {85, CN, "Outbound", CN, "33000–39999 **", ECC, "1720", "TCP",
     "H.323 (H.225 signaling)", "", "outbound", ""},
    {88, CN, "Outbound", CN, "33000–39999 **", ECC, "<any>", "TCP",
     "H.323 (Q.931/H.245 signaling)", "", "outbound", ""},
    {89, CN, "Outbound", CN, "40000–49999 **", MANY, "<any>", "TCP/UDP",
     RTP, "", "outbound", "††"},
    {90, CN, "Outbound", CN, "40000–49999 **", "RTMP streaming server",
     "1935", "TCP", "RTMP", "", "outbound", ""},
    /* TCP (TLS) 55000–65535 443 / 8057 ‡‡ PSOM (...) Lync/SfB ... */
    {91, CN, "Outbound", CN, "55000–65535",
     "Lync/SfB Web Conferencing service", "443 / 8057 ‡‡", "TCP (TLS)",
     "PSOM (PowerPoint presentation from Lync/SfB)", "", "outbound", ""},
    {92, CN, "Outbound", CN, "55000–65535",
     "Lync/SfB Front End server or Edge server", "443", "TCP (TLS)",
     "HTTPS (PowerPoint presentation from Lync/SfB)", "", "outbound", ""},
    {97, CN, "Outbound", CN, "33000–39999 **",
     "Endpoint / Call control system", "1719", "UDP",
     "H.323 (RAS signaling)", "", "outbound", ""},
    {98, CN, "Outbound", CN, "40000–49999 **", "STUN / TURN server",
     "3478 †", "UDP", "STUN / TURN", "", "outbound", ""},
    {99, CN, "Outbound", CN, "n/a", "Management Node / Conferencing Node",
     "n/a", "ESP", "IPsec / IP Protocol 50", "", "outbound", ""},
};

static void test_pexip(void)
{
    import_doc d;
    status st = read_file(PEXIP, FMT_AUTO, &d);
    check_read(&d, st, FMT_SPACED, 48, "pexip");
    is_int(count_flows(&d, MN, "Inbound"), 6, "Management Node inbound: 6");
    is_int(count_flows(&d, MN, "Outbound"), 12,
           "Management Node outbound: 12");
    is_int(count_flows(&d, CN, "Inbound"), 13,
           "Conferencing Nodes inbound: 13");
    is_int(count_flows(&d, CN, "Outbound"), 17,
           "Conferencing Nodes outbound: 17");
    is_int(d.ndiags, 0, "pexip: no warnings");
    check_flows(&d, PEXIP_ROWS, sizeof PEXIP_ROWS / sizeof *PEXIP_ROWS);
    /* Every row of the tables is a flow, and only they are. */
    int rows[] = {26, 27, 28, 29, 30, 31, 36, 37, 38, 39, 40, 41, 42, 43,
                  44, 45, 46, 47, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75,
                  76, 77, 78, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93,
                  94, 95, 96, 97, 98, 99};
    int all = d.nflows == sizeof rows / sizeof *rows;
    for (size_t i = 0; all && i < d.nflows; i++)
        all = d.flows[i].line == rows[i];
    ok(all, "pexip: flows are exactly the table rows, in order");

    static const import_note notes[] = {
        {49, "*",
         "Only required if you want to allow administrative access via "
         "this port."},
        {51, "†", "Configurable by the administrator."},
        {53, "‡", "Only applies if the relevant feature is configured."},
        {101, "*",
         "Only required if you want to allow administrative access via "
         "this port."},
        {103, "†", "Configurable by the administrator."},
        {105, "**",
         "Configurable via the Media port range start/end and Signaling "
         "port range start/end options (see About global settings)."},
        {107, "††",
         "Infinity Connect web, mobile and desktop (installable) clients"},
        {109, "‡", "Only applies if the relevant feature is configured."},
        {111, "‡‡",
         "Typically 443 for Web Conferencing Edge and 8057 for a Lync/SfB "
         "Front End server / FEP."},
    };
    check_notes(&d, notes, sizeof notes / sizeof *notes, "pexip");
    import_doc_free(&d);
}

/* ---- another vendor, same style --------------------------------------- */

/* Reordered and renamed columns (Proto, Dest-Port before Src-Port,
 * Service, Peer), a page break with a page number and the running title
 * and a repeated header, a wrapped last cell, multi-word column names in
 * a second product, captions and legends. */
static const char SYNTH[] =
    "Northwind Recorder Port Usage\n"                              /* 1 */
    "\n"
    "Northwind Recorder\n"                                         /* 3 */
    "\n"
    "Outbound\n"                                                   /* 5 */
    "\n"
    "Proto Dest-Port Src-Port Service Peer\n"                      /* 7 */
    "TCP 443 49152-65535 HTTPS † Cloud archive\n"                  /* 8 */
    "(archive.example.net) and its mirror\n"                       /* 9 */
    "UDP 5004–5005 ** 16384 RTP / RTCP Media gateway\n"            /* 10 */
    "\n"
    "7\n"                                                          /* 12 */
    "Northwind Recorder Port Usage\n"                              /* 13 */
    "\n"
    "Proto Dest-Port Src-Port Service Peer\n"                      /* 15 */
    "ESP n/a n/a IPsec / IP Protocol 50 Peer recorder\n"           /* 16 */
    "\n"
    "** Set by the media port range option.\n"                     /* 18 */
    "† Configurable.\n"                                            /* 19 */
    "\n"
    "Northwind Recorder outbound ports\n"                          /* 21 */
    "\n"
    "Contoso Probe Ports\n"                                        /* 23 */
    "\n"
    "Inbound\n"                                                    /* 25 */
    "\n"
    "Protocol Source Port Destination Port Description Device\n"   /* 27 */
    "TCP <any> 8443 HTTPS * Operator console\n"                    /* 28 */
    "UDP <any> 162 SNMP (traps) Network switch / router\n"         /* 29 */
    "\n"
    "Note that the probe listens on 8443 only when enabled.\n"     /* 31 */
    "* Only when the web console is enabled.\n";                   /* 32 */

static void test_synthetic(void)
{
    import_doc d;
    status st = import_read(SYNTH, strlen(SYNTH), FMT_SPACED, &d);
    check_read(&d, st, FMT_AUTO, 5, "synthetic");
    is_int(count_flows(&d, "Northwind Recorder", "Outbound"), 3,
           "synthetic: outbound table across the page break: 3");
    is_int(count_flows(&d, "Contoso Probe", "Inbound"), 2,
           "synthetic: second product's inbound table: 2");
    static const import_flow rows[] = {
        {8, "Northwind Recorder", "Outbound", "Northwind Recorder",
         "49152-65535", "Cloud archive (archive.example.net) and its mirror",
         "443", "TCP", "HTTPS", "", "outbound", "†"},
        {10, "Northwind Recorder", "Outbound", "Northwind Recorder", "16384",
         "Media gateway", "5004–5005 **", "UDP", "RTP / RTCP", "",
         "outbound", ""},
        {16, "Northwind Recorder", "Outbound", "Northwind Recorder", "n/a",
         "Peer recorder", "n/a", "ESP", "IPsec / IP Protocol 50", "",
         "outbound", ""},
        {28, "Contoso Probe", "Inbound", "Operator console", "<any>",
         "Contoso Probe", "8443", "TCP", "HTTPS", "", "inbound", "*"},
        {29, "Contoso Probe", "Inbound", "Network switch / router", "<any>",
         "Contoso Probe", "162", "UDP", "SNMP (traps)", "", "inbound", ""},
    };
    check_flows(&d, rows, sizeof rows / sizeof *rows);
    static const import_note notes[] = {
        {18, "**", "Set by the media port range option."},
        {19, "†", "Configurable."},
        {32, "*", "Only when the web console is enabled."},
    };
    check_notes(&d, notes, sizeof notes / sizeof *notes, "synthetic");
    is_int(d.ndiags, 0, "synthetic: no warnings");
    import_doc_free(&d);
}

/* Prose and bullets that only mention ports are no table. */
static void test_no_table(void)
{
    import_doc d;
    check_no_table(&d, "Firewall guidance\n\n"
                       "  • Allow UDP port 500 between all nodes.\n"
                       "TCP 443 is used by the web interface.\n",
                   FMT_SPACED, "prose only",
                   "no space-separated table with a recognised header");
    import_doc_free(&d);
}

/* ---- detection ---------------------------------------------------------- */

static void test_scores(void)
{
    /* 10 per header row (4) and 1 per row (48). */
    is_int(score_of(PEXIP, import_spaced_score), 4 * 10 + 48,
           "spaced score: pexip");
    check_other_scores(import_spaced_score, "spaced", PEXIP);
    is_int(import_spaced_score(&(import_lines){0}), 0,
           "spaced score: empty text");
}

int main(void)
{
    test_pexip();
    test_synthetic();
    test_no_table();
    test_scores();
    return done_testing();
}
