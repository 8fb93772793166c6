/* columns.c - what a table's header cells mean, and what a few kinds of
 * cell (direction, heading, prose) say. This is where "driven by the
 * table's own words" lives: every reader asks here, none knows a vendor. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "import_int.h"

/* Lower-case copy of s with every non-alphanumeric byte made a space, and a
 * space added at both ends, so " word " finds whole words. */
static void words_of(const char *s, char *out, size_t n)
{
    size_t w = 0;
    if (n < 3)
        return;
    out[w++] = ' ';
    for (; *s && w + 2 < n; s++) {
        unsigned char c = (unsigned char)*s;
        out[w++] = isalnum(c) ? (char)tolower(c) : ' ';
    }
    out[w++] = ' ';
    out[w] = '\0';
}

/* Is w one of the words of words (as made by words_of)? Readers ask this
 * many times for every line of a document, so it walks the words once,
 * comparing only those that start with w's letter (no strstr, no
 * snprintf). */
static int has_word(const char *words, const char *w)
{
    size_t n = strlen(w);
    for (const char *p = words; *p;) {
        while (*p == ' ')
            p++;
        const char *e = p;
        while (*e && *e != ' ')
            e++;
        if ((size_t)(e - p) == n && *p == *w && memcmp(p, w, n) == 0)
            return 1;
        p = e;
    }
    return 0;
}

static int has_any(const char *words, const char *const *list)
{
    for (; *list; list++)
        if (has_word(words, *list))
            return 1;
    return 0;
}

static const char *const SRC_WORDS[] = {"source", "src", "from", "origin",
                                        "client", NULL};
static const char *const DST_WORDS[] = {"destination", "dest", "dst", "to",
                                        "target", "server", NULL};
static const char *const PORT_WORDS[] = {"port", "ports", "network", NULL};
static const char *const DEVICE_WORDS[] = {"device", "devices", "ip", "host",
                                           "address", "node", "system",
                                           "peer", "remote", NULL};
static const char *const DESC_WORDS[] = {"description", "usage", "purpose",
                                         "application", "function",
                                         "service", "comment", "comments",
                                         "notes", "use", NULL};
static const char *const REQ_WORDS[] = {"requirement", "required",
                                        "mandatory", "optional", "needed",
                                        NULL};

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

col_role import_column_role(const char *header, char *local, size_t n)
{
    char w[256];
    if (local && n)
        local[0] = '\0';
    words_of(header, w, sizeof w);
    int src = has_any(w, SRC_WORDS), dst = has_any(w, DST_WORDS);
    int port = has_any(w, PORT_WORDS) || has_word(w, "protocol");
    /* "Source Network (or application) Protocol and Port" is a port cell;
     * "Source Device" and "Src. IP" name the device. */
    if (has_word(w, "source") || has_word(w, "src") ||
        has_word(w, "from")) {
        if (has_any(w, PORT_WORDS))
            return COL_SRC_PORTS;
        return COL_SRC_DEVICE;
    }
    if (has_word(w, "destination") || has_word(w, "dest") ||
        has_word(w, "dst") || (dst && !src && has_word(w, "to") &&
                               !has_word(w, "connection"))) {
        if (has_any(w, PORT_WORDS))
            return COL_DST_PORTS;
        return COL_DST_DEVICE;
    }
    if (has_word(w, "connection") || has_word(w, "direction") ||
        has_word(w, "inbound") || has_word(w, "outbound")) {
        if (local && n)
            connection_side(header, local, n);
        return COL_DIRECTION;
    }
    /* "Proto" is the usual short form of the column name. */
    if ((has_word(w, "protocol") || has_word(w, "proto")) &&
        !has_any(w, PORT_WORDS))
        return COL_PROTOCOL;
    if (port)
        return COL_PORTS;
    if (has_any(w, REQ_WORDS))
        return COL_REQUIREMENT;
    if (has_any(w, DESC_WORDS))
        return COL_DESCRIPTION;
    if (has_word(w, "vendor") || has_word(w, "manufacturer"))
        return COL_VENDOR;
    if (has_any(w, DEVICE_WORDS))
        return COL_DEVICE;
    if (has_word(w, "executable") || has_word(w, "process") ||
        has_word(w, "binary"))
        return COL_OTHER;
    return COL_UNKNOWN;
}

int import_header_score(char **cells, size_t n)
{
    int score = 0;
    for (size_t i = 0; i < n; i++) {
        char *c = import_clean(cells[i], strlen(cells[i]));
        if (!c)
            return 0;
        /* A header cell is short; a data cell saying "Outbound" is not a
         * header, but "Direction" is. */
        if (strlen(c) <= 60 && import_column_role(c, NULL, 0) != COL_UNKNOWN &&
            !import_direction(c)[0])
            score++;
        free(c);
    }
    return score;
}

int import_is_header(char **cells, size_t n)
{
    int ports = 0, score = 0;
    for (size_t i = 0; i < n; i++) {
        char *c = import_clean(cells[i], strlen(cells[i]));
        if (!c)
            return 0;
        if (strlen(c) <= 60 && !import_direction(c)[0]) {
            col_role r = import_column_role(c, NULL, 0);
            if (r != COL_UNKNOWN)
                score++;
            if (r == COL_PORTS || r == COL_SRC_PORTS || r == COL_DST_PORTS)
                ports = 1;
        }
        free(c);
    }
    return score >= 3 && ports;
}

const char *import_direction(const char *text)
{
    char w[256];
    words_of(text, w, sizeof w);
    int in = has_word(w, "inbound") || has_word(w, "incoming") ||
             has_word(w, "ingress");
    int out = has_word(w, "outbound") || has_word(w, "outgoing") ||
              has_word(w, "egress");
    /* Only a short cell is a direction: a description mentioning
     * "inbound" is not. */
    if (strlen(text) > 40)
        return "";
    if (in && out)
        return "both";
    if (in)
        return "inbound";
    if (out)
        return "outbound";
    if (has_word(w, "local") || has_word(w, "internal") ||
        has_word(w, "loopback"))
        return "local";
    if (has_word(w, "bidirectional") || has_word(w, "both"))
        return "both";
    return "";
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
