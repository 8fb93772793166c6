/* columns.c - what a table's header cells mean, and what a few kinds of
 * cell (direction, heading, prose) say. This is where "driven by the
 * table's own words" lives: every reader asks here, none knows a vendor. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "import_int.h"

/* The words column names are made of. A cell's words are looked up once
 * (vocab_of) into a set of bits, and every question about the cell is
 * then a bit test: readers ask about every cell of every line, often
 * thirty questions each. */
enum {
    W_SOURCE = 0,
    W_SRC = 1,
    W_FROM = 2,
    W_ORIGIN = 3,
    W_CLIENT = 4,
    W_DESTINATION = 5,
    W_DEST = 6,
    W_DST = 7,
    W_TO = 8,
    W_TARGET = 9,
    W_SERVER = 10,
    W_PORT = 11,
    W_PORTS = 12,
    W_NETWORK = 13,
    W_DEVICE = 14,
    W_DEVICES = 15,
    W_IP = 16,
    W_HOST = 17,
    W_ADDRESS = 18,
    W_NODE = 19,
    W_SYSTEM = 20,
    W_PEER = 21,
    W_REMOTE = 22,
    W_DESCRIPTION = 23,
    W_USAGE = 24,
    W_PURPOSE = 25,
    W_APPLICATION = 26,
    W_FUNCTION = 27,
    W_SERVICE = 28,
    W_COMMENT = 29,
    W_COMMENTS = 30,
    W_NOTES = 31,
    W_USE = 32,
    W_REQUIREMENT = 33,
    W_REQUIRED = 34,
    W_MANDATORY = 35,
    W_OPTIONAL = 36,
    W_NEEDED = 37,
    W_PROTOCOL = 38,
    W_PROTO = 39,
    W_CONNECTION = 40,
    W_DIRECTION = 41,
    W_INBOUND = 42,
    W_OUTBOUND = 43,
    W_VENDOR = 44,
    W_MANUFACTURER = 45,
    W_EXECUTABLE = 46,
    W_PROCESS = 47,
    W_BINARY = 48,
    W_INCOMING = 49,
    W_INGRESS = 50,
    W_OUTGOING = 51,
    W_EGRESS = 52,
    W_LOCAL = 53,
    W_INTERNAL = 54,
    W_LOOPBACK = 55,
    W_BIDIRECTIONAL = 56,
    W_BOTH = 57,
    W_TRANSPORT = 58,
};

#define B(w) (1ull << (w))

static const struct {
    const char *word;
    int bit;
} VOCAB[] = {
    {"address", W_ADDRESS},
    {"application", W_APPLICATION},
    {"bidirectional", W_BIDIRECTIONAL},
    {"binary", W_BINARY},
    {"both", W_BOTH},
    {"client", W_CLIENT},
    {"comment", W_COMMENT},
    {"comments", W_COMMENTS},
    {"connection", W_CONNECTION},
    {"description", W_DESCRIPTION},
    {"dest", W_DEST},
    {"destination", W_DESTINATION},
    {"device", W_DEVICE},
    {"devices", W_DEVICES},
    {"direction", W_DIRECTION},
    {"dst", W_DST},
    {"egress", W_EGRESS},
    {"executable", W_EXECUTABLE},
    {"from", W_FROM},
    {"function", W_FUNCTION},
    {"host", W_HOST},
    {"inbound", W_INBOUND},
    {"incoming", W_INCOMING},
    {"ingress", W_INGRESS},
    {"internal", W_INTERNAL},
    {"ip", W_IP},
    {"local", W_LOCAL},
    {"loopback", W_LOOPBACK},
    {"mandatory", W_MANDATORY},
    {"manufacturer", W_MANUFACTURER},
    {"needed", W_NEEDED},
    {"network", W_NETWORK},
    {"node", W_NODE},
    {"notes", W_NOTES},
    {"optional", W_OPTIONAL},
    {"origin", W_ORIGIN},
    {"outbound", W_OUTBOUND},
    {"outgoing", W_OUTGOING},
    {"peer", W_PEER},
    {"port", W_PORT},
    {"ports", W_PORTS},
    {"process", W_PROCESS},
    {"proto", W_PROTO},
    {"protocol", W_PROTOCOL},
    {"purpose", W_PURPOSE},
    {"remote", W_REMOTE},
    {"required", W_REQUIRED},
    {"requirement", W_REQUIREMENT},
    {"server", W_SERVER},
    {"service", W_SERVICE},
    {"source", W_SOURCE},
    {"src", W_SRC},
    {"system", W_SYSTEM},
    {"target", W_TARGET},
    {"to", W_TO},
    {"transport", W_TRANSPORT},
    {"usage", W_USAGE},
    {"use", W_USE},
    {"vendor", W_VENDOR},
};

/* The vocabulary words among the first limit bytes of s, ignoring case:
 * words are runs of ASCII letters and digits. */
static uint64_t vocab_of(const char *s, size_t limit)
{
    uint64_t set = 0;
    size_t i = 0;
    while (i < limit && s[i]) {
        while (i < limit && s[i] && !isalnum((unsigned char)s[i]))
            i++;
        char w[16];
        size_t n = 0;
        while (i < limit && s[i] && isalnum((unsigned char)s[i])) {
            if (n < sizeof w - 1)
                w[n] = (char)tolower((unsigned char)s[i]);
            n++;
            i++;
        }
        if (n == 0 || n >= sizeof w - 1)
            continue;
        w[n] = '\0';
        size_t lo = 0, hi = sizeof VOCAB / sizeof VOCAB[0];
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            /* The first letters settle most steps without a call. */
            int c = (unsigned char)VOCAB[mid].word[0] - (unsigned char)w[0];
            if (c == 0)
                c = strcmp(VOCAB[mid].word, w);
            if (c == 0) {
                set |= B(VOCAB[mid].bit);
                break;
            }
            if (c < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
    }
    return set;
}

static const uint64_t SRC_WORDS =
    B(W_SOURCE) | B(W_SRC) | B(W_FROM) | B(W_ORIGIN) | B(W_CLIENT);
static const uint64_t DST_WORDS = B(W_DESTINATION) | B(W_DEST) | B(W_DST) |
                                  B(W_TO) | B(W_TARGET) | B(W_SERVER);
static const uint64_t PORT_WORDS = B(W_PORT) | B(W_PORTS) | B(W_NETWORK);
static const uint64_t DEVICE_WORDS =
    B(W_DEVICE) | B(W_DEVICES) | B(W_IP) | B(W_HOST) | B(W_ADDRESS) |
    B(W_NODE) | B(W_SYSTEM) | B(W_PEER) | B(W_REMOTE);
static const uint64_t DESC_WORDS =
    B(W_DESCRIPTION) | B(W_USAGE) | B(W_PURPOSE) | B(W_APPLICATION) |
    B(W_FUNCTION) | B(W_SERVICE) | B(W_COMMENT) | B(W_COMMENTS) |
    B(W_NOTES) | B(W_USE);
static const uint64_t REQ_WORDS = B(W_REQUIREMENT) | B(W_REQUIRED) |
                                  B(W_MANDATORY) | B(W_OPTIONAL) |
                                  B(W_NEEDED);

/* "Prognosis Server Connection" -> "Prognosis Server";
 * "Connection to Monitoring Server" -> "Monitoring Server". */
static void connection_side(const char *header, char *local, size_t n)
{
    const char *p;
    size_t len;
    local[0] = '\0';
    if ((p = strstr(header, "onnection to ")) != NULL) {
        p += strlen("onnection to ");
        len = strlen(p);
    } else if ((p = strstr(header, " Connection")) != NULL ||
               (p = strstr(header, " connection")) != NULL) {
        len = (size_t)(p - header);
        p = header;
    } else {
        return;
    }
    while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '|'))
        len--;
    if (len >= n)
        len = n - 1;
    memcpy(local, p, len);
    local[len] = '\0';
}

/* What a cell of these words names as a column header. */
static col_role role_of(uint64_t w)
{
    if (!w)
        return COL_UNKNOWN;
    int src = (w & SRC_WORDS) != 0, dst = (w & DST_WORDS) != 0;
    int port = (w & (PORT_WORDS | B(W_PROTOCOL))) != 0;
    /* "Source Network (or application) Protocol and Port" is a port cell;
     * "Source Device" and "Src. IP" name the device. */
    if (w & (B(W_SOURCE) | B(W_SRC) | B(W_FROM))) {
        if (w & PORT_WORDS)
            return COL_SRC_PORTS;
        return COL_SRC_DEVICE;
    }
    if ((w & (B(W_DESTINATION) | B(W_DEST) | B(W_DST))) ||
        (dst && !src && (w & B(W_TO)) && !(w & B(W_CONNECTION)))) {
        if (w & PORT_WORDS)
            return COL_DST_PORTS;
        return COL_DST_DEVICE;
    }
    if (w & (B(W_CONNECTION) | B(W_DIRECTION) | B(W_INBOUND) |
             B(W_OUTBOUND)))
        return COL_DIRECTION;
    /* "Proto" is the usual short form of the column name, "Transport" a
     * synonym. */
    if ((w & (B(W_PROTOCOL) | B(W_PROTO) | B(W_TRANSPORT))) &&
        !(w & PORT_WORDS))
        return COL_PROTOCOL;
    if (port)
        return COL_PORTS;
    if (w & REQ_WORDS)
        return COL_REQUIREMENT;
    if (w & DESC_WORDS)
        return COL_DESCRIPTION;
    if (w & (B(W_VENDOR) | B(W_MANUFACTURER)))
        return COL_VENDOR;
    if (w & DEVICE_WORDS)
        return COL_DEVICE;
    if (w & (B(W_EXECUTABLE) | B(W_PROCESS) | B(W_BINARY)))
        return COL_OTHER;
    return COL_UNKNOWN;
}

col_role import_column_role(const char *header, char *local, size_t n)
{
    if (local && n)
        local[0] = '\0';
    col_role r = role_of(vocab_of(header, 253));
    if (r == COL_DIRECTION && local && n)
        connection_side(header, local, n);
    return r;
}

/* A direction word of a short cell (len bytes, cleaned). */
static const char *direction_of(uint64_t w, size_t len)
{
    /* Only a short cell is a direction: a description mentioning
     * "inbound" is not. */
    if (len > 40)
        return "";
    int in = (w & (B(W_INBOUND) | B(W_INCOMING) | B(W_INGRESS))) != 0;
    int out = (w & (B(W_OUTBOUND) | B(W_OUTGOING) | B(W_EGRESS))) != 0;
    if (in && out)
        return "both";
    if (in)
        return "inbound";
    if (out)
        return "outbound";
    if (w & (B(W_LOCAL) | B(W_INTERNAL) | B(W_LOOPBACK)))
        return "local";
    if (w & (B(W_BIDIRECTIONAL) | B(W_BOTH)))
        return "both";
    return "";
}

/* A raw cell as header tests see it: its length once cleaned
 * (import_clean) and the vocabulary of the cleaned text. A cell with no
 * markup, escape or non-ASCII byte only loses white space (the spaces,
 * tabs and feeds import_clean collapses) to cleaning,
 * which changes neither its words nor more than its length: no copy is
 * made for it. -1 when out of memory. */
static long cell_words(const char *raw, uint64_t *w)
{
    size_t n = 0, len = 0;
    int plain = 1, space = 0;
    for (const unsigned char *p = (const unsigned char *)raw; *p; p++) {
        if (*p >= 0x80 || *p == '<' || *p == '*' || *p == '\\' ||
            *p == '&' || *p == '_' || *p == '|') {
            plain = 0;
            break;
        }
        if (*p == ' ' || *p == '\t' || *p == '\f' || *p == '\v') {
            space = len > 0;
        } else {
            len += space + 1;
            space = 0;
        }
        n++;
    }
    if (plain) {
        *w = len <= 60 ? vocab_of(raw, (size_t)-1) : 0;
        return (long)len;
    }
    char *c = import_clean(raw, strlen(raw));
    if (!c)
        return -1;
    len = strlen(c);
    *w = len <= 60 ? vocab_of(c, 253) : 0;
    free(c);
    return (long)len;
}

int import_header_score(char **cells, size_t n)
{
    int score = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t w;
        long len = cell_words(cells[i], &w);
        if (len < 0)
            return 0;
        /* A header cell is short; a data cell saying "Outbound" is not a
         * header, but "Direction" is. */
        if (len <= 60 && role_of(w) != COL_UNKNOWN &&
            !direction_of(w, (size_t)len)[0])
            score++;
    }
    return score;
}

int import_is_header(char **cells, size_t n)
{
    int ports = 0, score = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t w;
        long len = cell_words(cells[i], &w);
        if (len < 0)
            return 0;
        if (len <= 60 && !direction_of(w, (size_t)len)[0]) {
            col_role r = role_of(w);
            if (r != COL_UNKNOWN)
                score++;
            if (r == COL_PORTS || r == COL_SRC_PORTS || r == COL_DST_PORTS)
                ports = 1;
        }
    }
    return score >= 3 && ports;
}

const char *import_direction(const char *text)
{
    size_t len = strlen(text);
    return direction_of(len > 40 ? 0 : vocab_of(text, 253), len);
}

void import_orient(import_flow *f, const char *local, const char *remote,
                   const char *direction)
{
    if (strcmp(direction, "inbound") == 0) {
        f->source = (char *)remote;
        f->destination = (char *)local;
    } else {
        f->source = (char *)local;
        f->destination = (char *)remote;
    }
}

char *import_product_name(const char *heading)
{
    static const char *const tails[] = {
        " port reference", " ports reference", " port requirements",
        " port usage", " ports", " port", " firewall ports", NULL};
    char *p = import_clean(heading, strlen(heading));
    if (!p)
        return NULL;
    size_t len = strlen(p);
    for (const char *const *t = tails; *t; t++) {
        size_t tl = strlen(*t);
        if (len > tl && strncasecmp(p + len - tl, *t, tl) == 0) {
            p[len - tl] = '\0';
            break;
        }
    }
    return p;
}

/* Vendors of unified-communications and network gear whose name, met early
 * in a document, says who wrote it. Only a guess: stored, shown, never used
 * to choose how to read the document. */
static const char *const VENDORS[] = {
    "Avaya", "Cisco", "Pexip", "Nectar", "Prognosis", "Polycom", "Poly",
    "Microsoft", "Zoom", "Mitel", "AudioCodes", "Ribbon", "Oracle",
    "Genesys", "Yealink", "Lifesize", "Vidyo", "Sonus", "Juniper",
    "Fortinet", "Palo Alto", "Huawei", "Ericsson", "Nokia", "Alcatel",
    "Unify", "Siemens", "NEC", "Jabra", "Logitech", "VMware", "Citrix",
    "Genesys", "Twilio", "Vonage", "8x8", "RingCentral", "BlueJeans",
    "Starleaf", "Kaltura", "Qumu", "Verint", "NICE", NULL};

static int word_at(const char *text, size_t len, size_t i, const char *w)
{
    size_t n = strlen(w);
    if (i + n > len || memcmp(text + i, w, n) != 0)
        return 0;
    if (i > 0 && isalnum((unsigned char)text[i - 1]))
        return 0;
    if (i + n < len && isalnum((unsigned char)text[i + n]))
        return 0;
    return 1;
}

char *import_guess_vendor(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        for (const char *const *v = VENDORS; *v; v++)
            if (text[i] == (*v)[0] && word_at(text, len, i, *v))
                return strdup(*v);
    }
    return strdup("");
}

int import_guess_base_port(const char *text, size_t len)
{
    static const char key[] = "base port";
    for (size_t i = 0; i + sizeof key < len; i++) {
        if ((text[i] | 0x20) != 'b' ||
            strncasecmp(text + i, key, sizeof key - 1) != 0)
            continue;
        size_t j = i + sizeof key - 1;
        /* "the base port 1960", "base port (i.e. 1960)", "base port is 1960" */
        for (size_t k = 0; k < 24 && j < len; k++, j++) {
            if (isdigit((unsigned char)text[j])) {
                /* Not strtol: text need not be NUL-terminated. */
                long v = 0;
                while (j < len && isdigit((unsigned char)text[j]) &&
                       v <= 65535)
                    v = v * 10 + (text[j++] - '0');
                if (v > 0 && v <= 65535)
                    return (int)v;
                break;
            }
            if (text[j] == '\n' || text[j] == '.')
                break;
        }
    }
    return -1;
}
