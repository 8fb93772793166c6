/* gen.c - synthetic port reference documents for the benchmarks.
 *
 *   gen [-s SEED] -n FLOWS -o DIR    five documents, one per table style,
 *                                    FLOWS table rows in all
 *   gen [-s SEED] -n FLOWS STYLE     one document on standard output
 *
 * STYLE is tsv (like Avaya's export), cells (Nectar), pipe (Prognosis),
 * spaced (Pexip) or markdown (Cisco). The documents use the vocabulary of
 * the bundled ones: devices, services, protocols, port specs with labels,
 * lists and ranges (exact ports, RTP ranges, ">=1024", "Ephemeral"),
 * footnote marks with their legends, tables split by page breaks with the
 * header repeated, rows that inherit the source device, cells wrapped onto
 * a continuation row, and now and then a data error ("UDP 120002-12952").
 * Each style is written so that portolan's own reader for it reads one
 * flow per data row; the number of rows written goes to standard error
 * ("STYLE FLOWS") so the benchmark can check the import.
 *
 * Output depends only on SEED and FLOWS (a private PRNG, no locale, no
 * time). Nothing here is part of portolan. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- a deterministic PRNG (splitmix64) ------------------------------ */

static uint64_t rng_state;

static uint64_t rnd(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* 0 <= result < n */
static unsigned below(unsigned n)
{
    return (unsigned)(rnd() % n);
}

/* 1 with probability pct/100. */
static int chance(unsigned pct)
{
    return below(100) < pct;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define PICK(a) ((a)[below(COUNT(a))])

/* ---- vocabulary ------------------------------------------------------- */

static const char *const devices[] = {
    "Expressway-C", "Expressway-E", "Expressway-E (public)",
    "Expressway-E (private)", "SIP endpoint", "H.323 endpoint",
    "Registered endpoint in the Internet", "Conferencing Node",
    "Management Node", "Equinox Management", "Elite MCU",
    "Scopia Desktop Server", "H.323 Edge", "Avaya SBCE", "DNS Server",
    "NTP Server", "LDAP Server", "Directory Server", "Syslog server",
    "SNMP NMS", "Web browser", "Administrator Management Client",
    "Unified CM", "Cisco TMS", "Prognosis Server", "Monitoring Server",
    "Windows Client", "EPC Agent", "EPC Controller",
    "Web Collaboration Server", "Streaming & Recording Server",
    "ISDN Video Gateway", "XT Series", "Skype for Business Front End",
    "Exchange server", "vCenter Server", "Licensing server",
    "Incident reporting server", "TURN server", "Video Gateway",
    "SIP Gateway", "TIP Gateway", "Media Server", "WebRTC Gateway",
    "ECS Gatekeeper", "Reverse proxy", "Edge firewall", "SIP trunk",
    "Session Border Controller", "Call control system", "Recording server",
    "Unified Portal", "Web Gateway", "Mobile client", "Desktop client",
    "Room system", "Video endpoint", "Voicemail server", "IVR server",
    "Contact center", "Presence server", "IM server", "Database server",
    "Backup server", "Jump host", "Load balancer", "API gateway",
};

static const char *const products[] = {
    "Expressway", "Equinox Media Server", "Elite MCU", "Scopia Desktop",
    "H.323 Edge", "Conferencing Node", "Management Node", "Prognosis",
    "EPC Agent", "Unified Portal", "Video Gateway", "SIP Gateway",
    "Streaming and Recording", "Session Manager", "Communication Manager",
    "Contact Center", "Web Gateway", "TURN Server", "Edge Proxy",
    "Voicemail", "Recording", "Presence", "Directory", "Monitoring",
};

static const char *const sections[] = {
    "SIP Calls", "H.323 Calls", "Media", "Management", "Provisioning",
    "Registration", "Directory Services", "Monitoring", "Licensing",
    "Clustering", "Web Access", "Streaming", "Traversal", "Recording",
    "Alarms", "Upgrades", "Authentication", "Time and Name Services",
};

static const char *const requirements[] = {
    "Mandatory", "Mandatory", "Mandatory", "Optional", "Recommended",
    "Mandatory for H.323 Calls", "Mandatory for SIP calls",
    "Optional. Only when the feature is used", "Recommended if deployed",
    "Mandatory when using WCS", "",
};

static const char *const qualifiers[] = {
    " (Small/Medium)", " (Large)", " (for first traversal zone)",
    " - configurable", " (default range)", " (if registered)",
    ", see the administrator guide", " (when clustered)",
};

/* Port cells as the documents write them. {p} takes the protocol word;
 * the generator adds marks, lists and random ports around them. */
typedef struct {
    const char *desc;
    const char *proto;  /* transport: TCP, UDP, TLS, ... */
    const char *sport;  /* source port cell (without the protocol word) */
    const char *dport;
} service;

static const service services[] = {
    {"SIP signaling", "TCP", ">=1024", "5060"},
    {"SIP signaling", "UDP", "5060", "5060"},
    {"SIP signaling using TLS", "TLS", ">=1024", "5061"},
    {"SIP signaling (MTLS)", "TCP", ">=1024", "5062"},
    {"Q.931 / H.225 signaling", "TCP", ">=1024", "1720"},
    {"H.323 call setup", "TCP", "1024-1324 (H.245)", "1720 (Q.931)"},
    {"Initial RAS connection", "UDP", "1719", "1719 (RAS)"},
    {"H.245 signaling", "TCP", "15000-19999", "1024-1324 (H.245)"},
    {"Audio RTP", "UDP", "16384-16984 (Audio RTP)", "16384-16984"},
    {"Video RTP", "UDP", "12000-13200 (Video RTP)", "12000-13200"},
    {"Audio and video media", "UDP", "10000-65535", "36000-59999"},
    {"RTP (multiplexed traversal media)", "UDP", "36000-59998 (even ports)",
     "2776"},
    {"RTCP (multiplexed traversal media)", "UDP", "36001-59999 (odd ports)",
     "2777"},
    {"Administrative web access (HTTPS)", "TCP", "Ephemeral", "443 (HTTPS)"},
    {"Web administration (HTTP)", "TCP", "Ephemeral", "80 (HTTP)"},
    {"HTTPS management", "TLS", "1024-65535", "443"},
    {"REST API", "TCP", "32768-61000", "8443"},
    {"Web interface", "TCP", "Ephemeral", "8080, 9443"},
    {"DNS resolution", "UDP", "55000-65535", "53"},
    {"NTP", "UDP", "123", "123"},
    {"SNMP queries", "UDP", "<any>", "161"},
    {"SNMP traps", "UDP", "<any>", "162"},
    {"Syslog", "UDP", "<any>", "514"},
    {"LDAP authentication", "TCP", "30000-35999", "389"},
    {"LDAP over SSL", "TLS", "30000-35999", "636"},
    {"SSH administration", "TCP", "<any>", "22"},
    {"XML API", "TCP", "Ephemeral", "3336, 3338 (XML)"},
    {"XML over TLS", "TCP", "Ephemeral", "3346/3348"},
    {"STUN / TURN", "UDP", "40000-49999", "3478"},
    {"Traversal zone signaling", "TCP", "25000-29999", "7001"},
    {"SMTP alerts", "TCP", "55000-65535", "25"},
    {"PostgreSQL replication", "TCP", "1024-65535", "5432"},
    {"AMQP alerts (TLS)", "TCP", "Ephemeral", "5671"},
    {"ISAKMP (IPsec)", "UDP", "500", "500"},
    {"Licensing", "TLS", "55000-65535", "443"},
    {"BFCP", "TCP", "3400-3580 (BFCP)", "3400-3580"},
    {"RTMP streaming", "TCP", "40000-49999", "1935"},
    {"PSOM (PowerPoint presentation)", "TCP", "55000-65535", "443 / 8057"},
    {"Cluster replication", "TCP", ">=1024", "4369, 4370"},
    {"Meeting control", "TCP", "Ephemeral", "3340"},
    {"Packet trains to/from remote peer agent", "UDP", "29999", "29999"},
    {"Real-time media", "UDP", "30000-50000", "30000-50000"},
};

static const char *const marks[] = {"*", "**", "†", "‡"};
static const char *const legends[] = {
    "Default port number. A different port number can be assigned during "
    "setup.",
    "Default range, configurable by the administrator.",
    "Configurable by the administrator.",
    "Only applies if the relevant feature is configured.",
};

/* ---- one row ---------------------------------------------------------- */

typedef struct {
    char source[96], destination[96];
    char sport[128], dport[192];
    char proto[24];
    char desc[160];
    char req[64];
    const char *dir; /* Inbound, Outbound, Inbound and Outbound */
} row;

/* A device, sometimes numbered ("Conferencing Node 12"). */
static void pick_device(char *out, size_t n)
{
    const char *d = PICK(devices);
    if (chance(35))
        snprintf(out, n, "%s %u", d, 1 + below(400));
    else
        snprintf(out, n, "%s", d);
}

/* A port cell: the service's, or a random port or narrow range, maybe
 * with a mark, now and then a second spec or a data error. */
static void pick_ports(char *out, size_t n, const char *base,
                       const char *proto, int with_proto, int *mark)
{
    char one[96];
    unsigned r = below(1000);
    if (r < 120)
        snprintf(one, sizeof one, "%u", 1024 + below(48000));
    else if (r < 160) {
        unsigned lo = 1024 + below(60000);
        snprintf(one, sizeof one, "%u-%u", lo, lo + 1 + below(40));
    } else if (r < 162)
        snprintf(one, sizeof one, "%s", PICK(((const char *const[]){
                     "120002-12952", "137-128", "224444"})));
    else
        snprintf(one, sizeof one, "%s", base);
    const char *m = "";
    if (mark && chance(6)) {
        *mark = (int)below(COUNT(marks));
        m = marks[*mark];
    }
    int k = with_proto && strcmp(proto, "ESP") && strcmp(proto, "ICMP")
        ? snprintf(out, n, "%s %s%s", proto, one, m)
        : snprintf(out, n, "%s%s", one, m);
    if (chance(8) && k > 0 && (size_t)k < n) {
        if (with_proto)
            snprintf(out + k, n - (size_t)k, " TCP %u (management)",
                     1 + below(1023));
        else
            snprintf(out + k, n - (size_t)k, ", %u", 1024 + below(60000));
    }
}

/* Cut "(...)" groups out of s, write "Ephemeral" as "<any>" and keep
 * the first spec of a list: port cells as a table without separators
 * carries them. */
static void plain_ports(char *s)
{
    char out[256];
    size_t k = 0;
    int depth = 0;
    for (const char *p = s; *p && k + 6 < sizeof out; p++) {
        if (*p == '(')
            depth++;
        else if (*p == ')' && depth)
            depth--;
        else if (!depth && !strncmp(p, "Ephemeral", 9)) {
            memcpy(out + k, "<any>", 5);
            k += 5;
            p += 8;
        } else if (!depth && !(*p == ' ' && (p[1] == '(' || p[1] == '\0')))
            out[k++] = *p;
    }
    out[k] = '\0';
    /* and only the first of a list: the spaced reader cuts "3346/3348"
     * and "<any>, 57419" badly */
    if (strcmp(out, "n/a") != 0)
        out[strcspn(out, ",/")] = '\0';
    strcpy(s, out);
}

/* A row for the given table; with_proto puts the protocol word in the
 * port cells (the documents without a protocol column); plain keeps the
 * cells to what a space-separated table can carry (one protocol word, no
 * labels in port cells). */
static void make_row(row *w, int with_proto, int plain, int *mark)
{
    const service *s = &PICK(services);
    int m = -1;
    pick_device(w->source, sizeof w->source);
    pick_device(w->destination, sizeof w->destination);
    snprintf(w->proto, sizeof w->proto, "%s",
             chance(5) && !plain ? PICK(((const char *const[]){"TCP/UDP", "UDP & TCP",
                                                     "TCP or TLS"}))
                       : s->proto);
    pick_ports(w->sport, sizeof w->sport, s->sport, w->proto, with_proto, &m);
    pick_ports(w->dport, sizeof w->dport, s->dport, w->proto, with_proto, &m);
    if (chance(2)) {
        snprintf(w->proto, sizeof w->proto, "%s", chance(50) ? "ESP" : "ICMP");
        snprintf(w->sport, sizeof w->sport, "n/a");
        snprintf(w->dport, sizeof w->dport, "n/a");
    }
    if (plain) {
        plain_ports(w->sport);
        plain_ports(w->dport);
    }
    snprintf(w->desc, sizeof w->desc, "%s%s", s->desc,
             chance(30) ? PICK(qualifiers) : "");
    snprintf(w->req, sizeof w->req, "%s", PICK(requirements));
    w->dir = PICK(((const char *const[]){"Inbound", "Outbound",
                                         "Inbound and Outbound"}));
    if (mark)
        *mark = m;
}

/* ---- documents -------------------------------------------------------- */

typedef struct {
    FILE *f;
    unsigned long rows;   /* flows written */
    unsigned long target;
    unsigned section;     /* running section number, for unique names */
} doc;

static void legend_block(doc *d, const int *used, const char *indent)
{
    for (size_t i = 0; i < COUNT(marks); i++)
        if (used[i])
            fprintf(d->f, "\n%s%s %s\n", indent, marks[i], legends[i]);
    fputc('\n', d->f);
}

/* A product name unique within the document. */
static void product_name(char *out, size_t n, unsigned k)
{
    snprintf(out, n, "%s %u", products[k % COUNT(products)],
             k / (unsigned)COUNT(products) + 1);
}

static unsigned table_rows(void)
{
    return 8 + below(50);
}

/* Avaya: "## Product Ports", tab rows, the header again after each page
 * break, rows without a source device inherit it, a cell cut by a page
 * break continues alone on the next row. */
static void write_tsv(doc *d)
{
    static const char head[] =
        "Source Device\tSource Network (or application) Protocol and Port\t"
        "Destination Device\tDestination Network (or application) Protocol "
        "and Port\tDescription\tRequirement\n";
    fprintf(d->f, "# Port Security for the Synthetic Solution\n\nRelease 1.0\n\n"
                  "## Introduction\n\nThis document lists the ports used by "
                  "every product of the solution, organized by product name."
                  "\n\n");
    unsigned k = 0;
    while (d->rows < d->target) {
        char prod[96];
        product_name(prod, sizeof prod, k++);
        fprintf(d->f, "## %s Ports\n\n%s", prod, head);
        unsigned n = table_rows(), page = 0;
        int used[COUNT(marks)] = {0};
        for (unsigned i = 0; i < n && d->rows < d->target; i++) {
            row w;
            int m;
            make_row(&w, 1, 0, &m);
            if (m >= 0)
                used[m] = 1;
            if (++page > 20 && chance(10)) { /* page break */
                fprintf(d->f, "\n%u\n\n%s", 10 + k, head);
                page = 0;
            }
            const char *src = i == 0 || chance(30) ? w.source : "";
            fprintf(d->f, "%s\t%s\t%s\t%s\t%s\t%s\n", src, w.sport,
                    w.destination, w.dport, w.desc, w.req);
            d->rows++;
            if (chance(2)) /* the rest of the description, cut */
                fprintf(d->f, "\t\t\t\tand the matching return traffic\t\n");
        }
        fputc('\n', d->f);
        if (used[0] + used[1] + used[2] + used[3])
            legend_block(d, used, "");
    }
}

/* Nectar: "Local Ports:" / "Remote Ports:" labels, one cell per line. */
static void write_cells(doc *d)
{
    fprintf(d->f, "Ports and Protocols Guide\n\n    Article summary\n\n"
                  "    Ensure that the following local and remote ports are "
                  "open in your firewall configuration to allow the agent to "
                  "function properly.\n\n");
    unsigned k = 0;
    while (d->rows < d->target) {
        char prod[96];
        product_name(prod, sizeof prod, k++);
        fprintf(d->f, "    ## %s Ports\n\n", prod);
        for (int side = 0; side < 2 && d->rows < d->target; side++) {
            fprintf(d->f, "    %s Ports:\n\n    Protocol\n\n    Port "
                          "Number(s)\n\n    Direction\n\n    Application\n\n",
                    side ? "Remote" : "Local");
            unsigned n = table_rows();
            int used[COUNT(marks)] = {0};
            for (unsigned i = 0; i < n && d->rows < d->target; i++) {
                row w;
                int m;
                make_row(&w, 0, 0, &m);
                if (m >= 0)
                    used[m] = 1;
                if (!strcmp(w.dport, "n/a"))
                    snprintf(w.dport, sizeof w.dport, "N/A");
                fprintf(d->f, "    %s\n\n    %s\n\n    %s\n\n    %s\n\n",
                        w.proto, w.dport,
                        strcmp(w.dir, "Inbound and Outbound") == 0
                            ? "Inbound/ Outbound" : w.dir,
                        w.desc);
                d->rows++;
            }
            if (used[0] + used[1] + used[2] + used[3])
                legend_block(d, used, "    ");
        }
    }
}

/* Prognosis: plain headings, "Port | Protocol | Connection | Usage |". */
static void write_pipe(doc *d)
{
    fprintf(d->f, "Port Requirements\nThe Synthetic Server requires the use "
                  "of a number of ports on each machine. This section details "
                  "each of them.\n");
    unsigned k = 0;
    while (d->rows < d->target) {
        char prod[96];
        product_name(prod, sizeof prod, k++);
        fprintf(d->f, "%s\nPort | Protocol | Monitoring Server Connection | "
                      "Usage |\n", prod);
        unsigned n = table_rows();
        int used[COUNT(marks)] = {0};
        for (unsigned i = 0; i < n && d->rows < d->target; i++) {
            row w;
            int m;
            make_row(&w, 0, 0, &m);
            if (m >= 0)
                used[m] = 1;
            fprintf(d->f, "%s | %s | %s | %s. |\n", w.dport, w.proto, w.dir,
                    w.desc);
            d->rows++;
        }
        if (used[0] + used[1] + used[2] + used[3])
            legend_block(d, used, "");
    }
}

/* Pexip: product heading, Inbound / Outbound, space-separated rows. */
static void write_spaced(doc *d)
{
    fprintf(d->f, "Synthetic Infinity port usage and firewall guidance\n\n"
                  "The tables below show the ports used when the nodes "
                  "connect to other devices.\n\n");
    unsigned k = 0;
    while (d->rows < d->target) {
        char prod[96];
        product_name(prod, sizeof prod, k++);
        fprintf(d->f, "%s\n\n", prod);
        for (int out = 0; out < 2 && d->rows < d->target; out++) {
            fprintf(d->f, "%s\n\nProtocol Source\u2011Port Dest\u2011Port "
                          "Description Device\n", out ? "Outbound" : "Inbound");
            unsigned n = table_rows();
            int used[COUNT(marks)] = {0};
            for (unsigned i = 0; i < n && d->rows < d->target; i++) {
                row w;
                int m;
                make_row(&w, 0, 1, &m);
                if (m >= 0)
                    used[m] = 1;
                /* The spaced reader cuts a description at its service
                 * phrase: keep descriptions to one word or a "/" list. */
                const char *svc = PICK(((const char *const[]){
                    "SIP", "HTTPS", "HTTP", "SSH", "DNS", "NTP", "SNMP",
                    "LDAP", "Syslog", "SMTP", "RTP / RTCP", "STUN / TURN",
                    "H.323 (H.225 signaling)", "H.323 (RAS signaling)",
                    "ISAKMP (IPsec)", "RTMP", "SIP/TLS", "PSOM"}));
                const char *sp = strcmp(w.sport, "n/a") ? w.sport : "<any>";
                fprintf(d->f, "%s %s %s %s %s\n", w.proto, sp, w.dport, svc,
                        w.destination);
                d->rows++;
            }
            if (used[0] + used[1] + used[2] + used[3])
                legend_block(d, used, "");
            else
                fputc('\n', d->f);
        }
    }
}

/* Cisco: "Table N: X Port Reference", Markdown tables cut by page breaks
 * (a page number, the header and rule again). */
static void write_markdown(doc *d)
{
    static const char head[] =
        "| Purpose | Src. IP | Src. Ports | Protocol | Dest. IP | Dest. Ports "
        "|\n|---|---|---|---|---|---|\n";
    fprintf(d->f, "# Synthetic Expressway Port Reference\n\n");
    unsigned k = 0;
    while (d->rows < d->target) {
        char sec[96];
        snprintf(sec, sizeof sec, "%s %u", PICK(sections), ++d->section);
        if (k++ % 12 == 0) {
            char prod[96];
            product_name(prod, sizeof prod, k);
            fprintf(d->f, "# %s Port Reference\n\n", prod);
        }
        fprintf(d->f, "%s\n\nTable %u: %s Port Reference\n\n%s", sec,
                d->section, sec, head);
        unsigned n = table_rows(), page = 0;
        int used[COUNT(marks)] = {0};
        for (unsigned i = 0; i < n && d->rows < d->target; i++) {
            row w;
            int m;
            make_row(&w, 0, 1, &m);
            if (m >= 0)
                used[m] = 1;
            if (++page > 15 && chance(12)) {
                fprintf(d->f, "\n%u\n\n%s", 446000 + k, head);
                page = 0;
            }
            fprintf(d->f, "| %s | %s | %s | %s | %s | %s |\n", w.desc,
                    w.source, w.sport, w.proto, w.destination, w.dport);
            d->rows++;
        }
        fputc('\n', d->f);
        if (used[0] + used[1] + used[2] + used[3])
            legend_block(d, used, "");
    }
}

static const struct {
    const char *name;
    void (*write)(doc *d);
} styles[] = {
    {"tsv", write_tsv},       {"cells", write_cells},
    {"pipe", write_pipe},     {"spaced", write_spaced},
    {"markdown", write_markdown},
};

static int generate(size_t style, unsigned long flows, uint64_t seed,
                    FILE *f)
{
    doc d = {f, 0, flows, 0};
    rng_state = seed * 1000003ULL + style;
    styles[style].write(&d);
    fprintf(stderr, "%s %lu\n", styles[style].name, d.rows);
    return fflush(f) == 0 && !ferror(f) ? 0 : -1;
}

static void usage(void)
{
    fprintf(stderr, "usage: gen [-s SEED] -n FLOWS (-o DIR | STYLE)\n"
                    "STYLE: tsv cells pipe spaced markdown\n");
    exit(2);
}

int main(int argc, char **argv)
{
    uint64_t seed = 1;
    unsigned long flows = 0;
    const char *dir = NULL, *style = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-s") && i + 1 < argc)
            seed = strtoull(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "-n") && i + 1 < argc)
            flows = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "-o") && i + 1 < argc)
            dir = argv[++i];
        else if (argv[i][0] != '-' && !style)
            style = argv[i];
        else
            usage();
    }
    if (!flows || (!dir) == (!style))
        usage();
    if (style) {
        for (size_t s = 0; s < COUNT(styles); s++)
            if (!strcmp(style, styles[s].name))
                return generate(s, flows, seed, stdout) ? 1 : 0;
        usage();
    }
    for (size_t s = 0; s < COUNT(styles); s++) {
        char path[4096];
        unsigned long share = flows / COUNT(styles) +
                              (s < flows % COUNT(styles));
        snprintf(path, sizeof path, "%s/bench-%s.txt", dir, styles[s].name);
        FILE *f = fopen(path, "w");
        if (!f) {
            fprintf(stderr, "gen: %s: %s\n", path, strerror(errno));
            return 1;
        }
        int bad = generate(s, share, seed, f);
        if (fclose(f) != 0 || bad) {
            fprintf(stderr, "gen: %s: write error\n", path);
            return 1;
        }
    }
    return 0;
}
