/* test_filter.c - the filter language of src/filter.h: terms, fields,
 * negation, quoting, smart case, regex mode, errors with columns, match
 * limits, highlight spans, and port: terms against a real database. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tap.h"
#include "../../db/db.h"
#include "../../src/filter.h"
#include "../../src/regex.h"

/* A flow as the explorer would see it; every field set so that no field
 * matches by accident. */
static db_flow flow(const char *src, const char *sports, const char *dst,
                    const char *dports, const char *proto, const char *desc)
{
    db_flow f;
    memset(&f, 0, sizeof f);
    f.id = 1;
    f.document = "avaya-scopia.txt";
    f.path = "/docs/avaya-scopia.txt";
    f.product = "Scopia Elite 6000";
    f.section = "Ports to open";
    f.source = src;
    f.source_ports = sports;
    f.destination = dst;
    f.destination_ports = dports;
    f.protocol = proto;
    f.description = desc;
    f.requirement = "Required for H.323 calls";
    f.req_level = "mandatory";
    f.direction = "inbound";
    f.marks = "";
    return f;
}

static db_flow mcu_flow(void)
{
    return flow("Endpoint", "Ephemeral", "Elite MCU", "TCP 1720",
                "TCP", "H.225 call signalling");
}

/* Compile expr in mode and match it against f: 1, 0, or -1 when it did
 * not compile. *st receives what filter_match left in it. */
static int match_mode(const char *expr, filter_mode mode, const db_flow *f,
                      status *st)
{
    filter *flt = NULL;
    filter_error err;
    int r;
    *st = ST_OK;
    if (filter_new(expr, mode, &flt, &err) != ST_OK)
        return -1;
    r = filter_match(flt, f, st);
    filter_free(flt);
    return r;
}

static int match(const char *expr, const db_flow *f)
{
    status st;
    return match_mode(expr, FILTER_EXPR, f, &st);
}

/* Compile expr expecting failure; returns the status, err filled. */
static status compile_error(const char *expr, filter_mode mode,
                            filter_error *err)
{
    static char dummy;
    filter *flt = (filter *)(void *)&dummy; /* must become NULL on error */
    status st = filter_new(expr, mode, &flt, err);
    ok(flt == NULL || st == ST_OK, "'%s': no filter on error", expr);
    filter_free(st == ST_OK ? flt : NULL);
    return st;
}

static void test_empty(void)
{
    db_flow f = mcu_flow();
    filter *flt = NULL;
    filter_error err;
    status st = ST_WARN;
    is_int(filter_new("", FILTER_EXPR, &flt, &err), ST_OK, "empty compiles");
    ok(flt != NULL, "empty gives a filter");
    is_int(filter_match(flt, &f, &st), 1, "empty matches a flow");
    is_int(st, ST_WARN, "match leaves st alone when no limit is hit");
    is_int(filter_needs_db(flt), 0, "empty needs no database");
    is_str(filter_text(flt), "", "filter_text of empty");
    filter_free(flt);
    is_int(match("   ", &f), 1, "blanks only match everything");
    is_int(match_mode("", FILTER_REGEX, &f, &st), 1,
           "empty regex-mode text matches everything");
    is_int(match("src:", &f), 1, "a field with no pattern yet is ignored");
    is_int(match("!", &f), 1, "a lone ! is ignored");
}

static void test_plain_and_fields(void)
{
    db_flow f = mcu_flow();
    filter *flt = NULL;
    is_int(match("signalling", &f), 1, "plain term finds the description");
    is_int(match("endpoint", &f), 1, "plain term finds the source");
    is_int(match("6000", &f), 1, "plain term finds the product");
    is_int(match("mandatory", &f), 1, "plain term finds the req level");
    is_int(match("gatekeeper", &f), 0, "plain term absent: no match");
    is_int(match("docs", &f), 0, "the file path is not searched");

    is_int(match("src:endpoint", &f), 1, "src: reads the source device");
    is_int(match("src:ephemeral", &f), 1, "src: reads the source ports");
    is_int(match("src:mcu", &f), 0, "src: does not read the destination");
    is_int(match("dst:mcu", &f), 1, "dst: reads the destination device");
    is_int(match("dst:1720", &f), 1, "dst: reads the destination ports");
    is_int(match("dst:endpoint", &f), 0, "dst: does not read the source");
    is_int(match("proto:^tcp$", &f), 1, "proto: reads the protocol column");
    is_int(match("proto:h.225", &f), 0, "proto: does not read the description");
    is_int(match("desc:h\\.225", &f), 1, "desc: reads the description");
    is_int(match("desc:mcu", &f), 0, "desc: does not read the destination");
    is_int(match("req:h\\.323", &f), 1, "req: reads the requirement");
    is_int(match("req:^mandatory$", &f), 1, "req: reads the level");
    is_int(match("req:signalling", &f), 0, "req: not the description");
    is_int(match("doc:scopia\\.txt", &f), 1, "doc: reads the file name");
    is_int(match("doc:elite 6000", &f), 1, "doc: reads the product");
    is_int(match("doc:\"^ports open\"", &f), 0, "doc: a phrase not there");
    is_int(match("doc:\"^ports to\"", &f), 1, "doc: reads the section");
    is_int(match("doc:endpoint", &f), 0, "doc: not the source");

    /* port: with a non-numeric pattern is a regex over the port cells and
     * needs no database. */
    ok(filter_new("port:^tcp 17", FILTER_EXPR, &flt, NULL) == ST_OK &&
           !filter_needs_db(flt),
       "port: regex needs no database");
    filter_free(flt);
    is_int(match("port:^tcp 17", &f), 1, "port: regex reads the port cells");
    is_int(match("port:elite", &f), 0, "port: regex not the devices");
}

static void test_proto_words(void)
{
    db_flow f = flow("Endpoint", "UDP 16384-32767 (RTP)", "Gatekeeper",
                     "1719", "", "RAS");
    is_int(match("proto:udp", &f), 1, "proto: reads a port cell's transport");
    is_int(match("proto:^rtp$", &f), 1, "proto: words match one at a time");
    is_int(match("proto:163", &f), 0, "proto: does not read port numbers");
    is_int(match("proto:tcp", &f), 0, "proto: absent transport");

    /* The transports of the parsed ranges ("HTTPS 8446": TCP), word by
     * word like the port cells; and as one string without a field. */
    f = flow("Endpoint", "", "Portal", "HTTPS 8446 SIP 5060", "", "Web");
    f.transports = "TCP/UDP";
    is_int(match("proto:^tcp$", &f), 1, "proto: reads the transports");
    is_int(match("proto:^udp$", &f), 1, "proto: each transport alone");
    is_int(match("proto:tcp/udp", &f), 0, "proto: not the whole string");
    is_int(match("proto:esp", &f), 0, "proto: absent from the transports");
    is_int(match("TCP/UDP", &f), 1, "a term without field reads them");
    is_int(match("src:tcp", &f), 0, "src: does not read them");
}

static void test_and_not_quotes(void)
{
    db_flow f = mcu_flow();
    is_int(match("mcu signalling", &f), 1, "AND: both terms present");
    is_int(match("mcu gatekeeper", &f), 0, "AND: one term absent");
    is_int(match("dst:mcu src:endpoint tcp", &f), 1, "AND of three fields");
    is_int(match("!gatekeeper", &f), 1, "! of an absent term matches");
    is_int(match("!mcu", &f), 0, "! of a present term does not");
    is_int(match("mcu !src:mcu", &f), 1, "! with a field: only that field");
    is_int(match("mcu !dst:mcu", &f), 0, "! with a field that has it");
    is_int(match("\"elite mcu\"", &f), 1, "quoted phrase matches");
    is_int(match("\"mcu elite\"", &f), 0, "quoted phrase keeps its order");
    is_int(match("mcu elite", &f), 1, "unquoted: two terms in any order");
    is_int(match("dst:\"elite mcu\"", &f), 1, "quotes after a field");
    is_int(match("!\"elite mcu\"", &f), 0, "negated quoted phrase");
    is_int(match("elite\\ mcu", &f), 1, "backslash-space keeps one term");
    is_int(match("mcu\\ elite", &f), 0, "backslash-space is a real space");
}

static void test_smart_case(void)
{
    db_flow f = mcu_flow();
    db_flow low = flow("mcu", "", "", "", "", "");
    db_flow acc = flow("Serveur É", "", "", "", "", "");
    db_flow low_e = flow("serveur é", "", "", "", "", "");
    is_int(match("mcu", &f), 1, "lower case is caseless: mcu ~ Elite MCU");
    is_int(match("MCU", &low), 0, "upper case is exact: MCU !~ mcu");
    is_int(match("MCU", &f), 1, "upper case matches the same case");
    is_int(match("Mcu", &f), 0, "one upper-case letter makes it exact");
    is_int(match("\\Scu", &f), 1, "\\S is not an upper-case letter");
    is_int(match("\\Wmcu\\b", &f), 1, "\\W and \\b do not count");
    is_int(match("\\p{Lu}cu", &f), 1, "\\p{Lu} does not count");
    is_int(match("\\x4Dcu", &low), 1, "the D of \\x4D does not count");
    is_int(match("(?<Name>mcu)", &f), 1, "a group name does not count");
    is_int(match("\\Qmcu\\E", &f), 1, "\\Q..\\E lower case is caseless");
    is_int(match("\\QMcu\\E", &f), 0, "\\Q..\\E upper case counts");
    is_int(match("serveur é", &acc), 1, "non-ASCII lower case is caseless");
    is_int(match("SERVEUR", &acc), 0, "upper case exact: SERVEUR !~ Serveur");
    is_int(match("É", &acc), 1, "non-ASCII upper case matches itself");
    is_int(match("É", &low_e), 0, "non-ASCII upper case makes it exact");
}

static void test_regex_mode(void)
{
    db_flow f = mcu_flow();
    status st;
    is_int(match_mode("elite mcu", FILTER_REGEX, &f, &st), 1,
           "regex mode: the space is part of the pattern");
    is_int(match_mode("mcu elite", FILTER_REGEX, &f, &st), 0,
           "regex mode: no splitting into terms");
    is_int(match("mcu elite", &f), 1, "expression mode splits the same text");
    is_int(match_mode("dst:mcu", FILTER_REGEX, &f, &st), 0,
           "regex mode: no field prefixes");
    is_int(match_mode("!mcu", FILTER_REGEX, &f, &st), 0,
           "regex mode: no negation");
    is_int(match_mode("MCU", FILTER_REGEX, &f, &st), 1,
           "regex mode: upper case still matches");
    is_int(match_mode("^mcu$", FILTER_REGEX,
                      &(db_flow){.source = "MCU"}, &st), 1,
           "regex mode: smart case too; NULL fields read as empty");
}

static void test_errors(void)
{
    filter_error err;
    is_int(compile_error("(", FILTER_EXPR, &err), ST_REGEX, "( is invalid");
    is_int(err.col, 1, "( : column 1 (PCRE2 stops after the paren)");
    is_str(err.message, "missing closing parenthesis", "( : PCRE2's message");

    is_int(compile_error("dst:MCU (foo", FILTER_EXPR, &err), ST_REGEX,
           "second term (foo is invalid");
    is_int(err.col, 12, "(foo as 2nd term: term start 8 + PCRE2 offset 4");
    is_str(err.message, "missing closing parenthesis", "(foo: message");

    is_int(compile_error("dst:MCU (", FILTER_EXPR, &err), ST_REGEX,
           "second term ( is invalid");
    is_int(err.col, 9, "( as 2nd term: column 8 + 1");

    is_int(compile_error("dst:MCU [a-", FILTER_EXPR, &err), ST_REGEX,
           "[a- is invalid");
    is_int(err.col, 11, "[a- as 2nd term: column 8 + 3");
    ok(strstr(err.message, "missing terminating ]") != NULL,
       "[a- : message '%s'", err.message);

    is_int(compile_error("desc:\"(a b\"", FILTER_EXPR, &err), ST_REGEX,
           "quoted invalid pattern");
    is_int(err.col, 10, "quotes are mapped back: the closing quote");

    is_int(compile_error("mcu src:a{3,2}", FILTER_EXPR, &err), ST_REGEX,
           "bad quantifier after a field");
    is_int(err.col, 13, "column inside a field term: 8 + PCRE2's 5");

    is_int(compile_error("(foo", FILTER_REGEX, &err), ST_REGEX,
           "regex mode: (foo is invalid");
    is_int(err.col, 4, "regex mode: column is PCRE2's offset");

    is_int(compile_error("mcu bogus:x", FILTER_EXPR, &err), ST_REGEX,
           "unknown field");
    is_int(err.col, 4, "unknown field: column of its name");
    ok(strstr(err.message, "unknown field 'bogus'") != NULL,
       "unknown field: message '%s'", err.message);
    is_int(compile_error("!zz:x", FILTER_EXPR, &err), ST_REGEX,
           "unknown negated field");
    is_int(err.col, 1, "unknown negated field: column after !");

    is_int(compile_error("port:70000", FILTER_EXPR, &err), ST_REGEX,
           "port above 65535");
    is_int(err.col, 5, "port above 65535: column of the number");
    is_int(compile_error("port:5060/xyz", FILTER_EXPR, &err), ST_REGEX,
           "unknown protocol");
    is_int(err.col, 10, "unknown protocol: column of its name");
}

static void test_limits(void)
{
    char as[42];
    db_flow f, g;
    status st = ST_OK;
    filter *flt = NULL;
    memset(as, 'a', 40);
    as[40] = 'b';
    as[41] = '\0';
    f = flow("Endpoint", "", "", "", "", as);
    is_int(match_mode("(a+)+$", FILTER_EXPR, &f, &st), 0,
           "catastrophic (a+)+$ does not match");
    is_int(st, ST_LIMIT, "catastrophic (a+)+$ stops with ST_LIMIT");
    is_int(match_mode("!(a+)+$", FILTER_EXPR, &f, &st), 0,
           "negated catastrophic pattern does not match either");
    is_int(st, ST_LIMIT, "negated catastrophic pattern: ST_LIMIT");
    is_int(match_mode("(.*a){20}", FILTER_REGEX, &f, &st), 0,
           "(.*a){20} on a long field does not match");
    is_int(st, ST_LIMIT, "(.*a){20}: ST_LIMIT");
    is_int(match_mode("endpoint", FILTER_EXPR, &f, &st), 1,
           "same flow, harmless pattern: matches");
    is_int(st, ST_OK, "harmless pattern leaves st alone");

    /* The limit is per search: the filter stays usable for the next flow. */
    g = flow("aaab", "", "", "", "", "");
    ok(filter_new("(a+)+$", FILTER_EXPR, &flt, NULL) == ST_OK, "compile");
    st = ST_OK;
    filter_match(flt, &f, &st);
    is_int(st, ST_LIMIT, "limit on the long field");
    st = ST_OK;
    is_int(filter_match(flt, &g, &st), 0, "then a short field: no match");
    is_int(st, ST_OK, "short field: no limit");
    g.description = "xaaaa";
    is_int(filter_match(flt, &g, &st), 1, "then a matching field: match");
    filter_free(flt);
}

static void test_invalid_utf8(void)
{
    db_flow f = flow("\xff\xfe" "Elite MCU \xc3", "", "", "", "", "");
    status st = ST_OK;
    is_int(match("mcu", &f), 1, "invalid UTF-8 around a match still matches");
    is_int(match_mode("e.*u", FILTER_REGEX, &f, &st), 1,
           "dot-star over invalid UTF-8");
    is_int(match("^x", &f), 0, "invalid UTF-8 does not match a letter");
    is_int(st, ST_OK, "invalid UTF-8 is not a limit");
}

/* Spans of expr for field over text, written as "a-b a-b". */
static const char *spans_of(const char *expr, filter_field field,
                            const char *text, size_t max)
{
    static char buf[200];
    filter_span sp[8];
    filter *flt = NULL;
    size_t n, k, at = 0;
    buf[0] = '\0';
    if (filter_new(expr, FILTER_EXPR, &flt, NULL) != ST_OK)
        return "error";
    n = filter_spans(flt, field, text, sp, max);
    for (k = 0; k < n && at < sizeof buf; k++)
        at += (size_t)snprintf(buf + at, sizeof buf - at, "%s%zu-%zu",
                               k ? " " : "", sp[k].start, sp[k].end);
    filter_free(flt);
    return buf;
}

static void test_spans(void)
{
    const char *scopia = "Scopia\xc2\xae Desktop \xe2\x80\x93 Server";
    is_str(spans_of("mcu", FF_DST, "MCU to MCU", 8), "0-3 7-10",
           "two matches in one string");
    is_str(spans_of("mcu", FF_DST, "MCU to MCU", 1), "0-3",
           "at most max spans");
    is_str(spans_of("desktop server", FF_ANY, scopia, 8), "9-16 21-27",
           "UTF-8 text: byte offsets past the (R) and the dash");
    is_str(spans_of("\xe2\x80\x93", FF_DESC, scopia, 8), "17-20",
           "a multi-byte character as the pattern");
    is_str(spans_of("desk top", FF_SRC, scopia, 8), "9-16",
           "touching spans of two terms merge");
    is_str(spans_of("server sc", FF_SRC, scopia, 8), "0-2 21-27",
           "spans come sorted whatever the term order");
    is_str(spans_of("src:mcu", FF_DESC, "MCU", 8), "",
           "a term of another field gives no span");
    is_str(spans_of("src:mcu", FF_SRC, "MCU", 8), "0-3",
           "a term of this field gives a span");
    is_str(spans_of("!mcu", FF_SRC, "MCU", 8), "",
           "a negated term gives no span");
    is_str(spans_of("x*", FF_SRC, "\xc3\xa9t\xc3\xa9", 8), "",
           "empty matches give no span and end");
    is_str(spans_of("é", FF_SRC, "\xc3\x89t\xc3\xa9", 8), "0-2 3-5",
           "caseless non-ASCII spans");
}

/* ---- port: terms through the real database ---------------------------- */

typedef struct {
    filter *flt;
    long long ids[8];
    size_t n;
} match_ctx;

static int collect_match(void *ctx, const db_flow *f)
{
    match_ctx *m = ctx;
    if (filter_match(m->flt, f, NULL) && m->n < 8)
        m->ids[m->n++] = f->id;
    return 0;
}

/* The ids of the flows of d that expr selects, as "1 2", or "error". */
static const char *port_select(db *d, const char *expr)
{
    static char buf[100];
    match_ctx m = {NULL, {0}, 0};
    size_t k, at = 0;
    if (filter_new(expr, FILTER_EXPR, &m.flt, NULL) != ST_OK ||
        !filter_needs_db(m.flt) || filter_bind(m.flt, d) != ST_OK ||
        db_flows(d, NULL, collect_match, &m) != ST_OK) {
        filter_free(m.flt);
        return "error";
    }
    buf[0] = '\0';
    for (k = 0; k < m.n; k++)
        at += (size_t)snprintf(buf + at, sizeof buf - at, "%s%lld",
                               k ? " " : "", m.ids[k]);
    filter_free(m.flt);
    return buf;
}

/* "a b", "a" (b == 0) or "" (both 0): what port_select gives. */
static const char *ids(long long a, long long b)
{
    static char buf[64];
    if (b)
        snprintf(buf, sizeof buf, "%lld %lld", a, b);
    else if (a)
        snprintf(buf, sizeof buf, "%lld", a);
    else
        buf[0] = '\0';
    return buf;
}

static status add_flow(db *d, long long doc, long long sec, int line,
                       const char *dst, const char *dports, proto_t p,
                       int lo, int hi, long long *id)
{
    db_flow_in in = {doc, sec, line, "Endpoint", "Ephemeral", dst, dports,
                     "", "", "", "", "", "", ""};
    port_range r = {p, PORT_NUMERIC, lo, hi, PARITY_ALL, NULL, NULL, -1};
    status st = db_flow_add(d, &in, id);
    return st == ST_OK ? db_range_add(d, *id, SIDE_DST, &r) : st;
}

static void test_ports_db(void)
{
    char dir[] = "/tmp/portolan-test-filter-XXXXXX", path[300], err[200];
    db_document_in doc = {"/tmp/x.txt", "x.txt", "00", "X", "Vendor",
                          "text", 1};
    long long docid = 0, prod = 0, sec = 0, wide = 0, h323 = 0, sip = 0,
              web = 0;
    db *d = NULL;
    status st;
    if (!mkdtemp(dir)) {
        ok(0, "mkdtemp");
        return;
    }
    snprintf(path, sizeof path, "%s/p.db", dir);
    st = db_open(path, DB_OPEN_CREATE, &d, NULL, err, sizeof err);
    is_int(st, ST_OK, "temporary database opens");
    if (st == ST_OK) {
        st = db_begin(d);
        if (st == ST_OK)
            st = db_document_put(d, &doc, &docid);
        if (st == ST_OK)
            st = db_product_id(d, docid, "Scopia", &prod);
        if (st == ST_OK)
            st = db_section_id(d, prod, "Ports", &sec);
        /* Written first (lowest id) but ranked last by the port lookup,
         * which orders by span: the filter must sort the ids itself. */
        if (st == ST_OK)
            st = add_flow(d, docid, sec, 4, "Media relay", "TCP >=1024",
                          PROTO_TCP, 1024, 65535, &wide);
        if (st == ST_OK)
            st = add_flow(d, docid, sec, 1, "Elite MCU", "TCP 1720",
                          PROTO_TCP, 1720, 1720, &h323);
        if (st == ST_OK)
            st = add_flow(d, docid, sec, 2, "SIP proxy", "UDP 5060-5061",
                          PROTO_UDP, 5060, 5061, &sip);
        if (st == ST_OK)
            st = add_flow(d, docid, sec, 3, "Web", "TCP 443", PROTO_TCP,
                          443, 443, &web);
        if (st == ST_OK)
            st = db_commit(d);
        is_int(st, ST_OK, "document, flows and ranges written");
    }
    if (st == ST_OK) {
        /* Flows come back in line order: h323, sip, web, wide. */
        is_str(port_select(d, "port:1720"), ids(h323, wide),
               "port:1720: the exact port and the wide range");
        is_str(port_select(d, "port:443"), ids(web, 0), "port:443 alone");
        is_str(port_select(d, "port:5061"), ids(sip, wide),
               "port inside a range");
        is_str(port_select(d, "port:5060/udp"), ids(sip, 0),
               "port with protocol udp");
        is_str(port_select(d, "port:5060/tcp"), ids(wide, 0),
               "port with protocol tcp");
        is_str(port_select(d, "port:80"), "", "port in no range");
        is_str(port_select(d, "!port:5060"), ids(h323, web), "negated port");
        is_str(port_select(d, "!port:5060 web"), ids(web, 0),
               "negated port AND text");
        is_str(port_select(d, "port:1720 mcu"), ids(h323, 0),
               "port AND text");
        is_str(port_select(d, "port:1720 web"), "", "port AND other text");
    }
    db_close(d);
    snprintf(path, sizeof path, "%s/p.db", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/p.db-wal", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/p.db-shm", dir);
    unlink(path);
    rmdir(dir);
}

static void test_unbound(void)
{
    db_flow f = mcu_flow();
    filter *flt = NULL;
    ok(filter_new("port:1720", FILTER_EXPR, &flt, NULL) == ST_OK,
       "port:1720 compiles");
    is_int(filter_needs_db(flt), 1, "port:1720 needs the database");
    is_int(filter_match(flt, &f, NULL), 0, "unbound port term matches none");
    filter_free(flt);
}

int main(void)
{
    char v[64];
    filter *flt = NULL;
    regex_pat *re = NULL;
    /* Information only: JIT may be refused by the system (no executable
     * memory), and the limits must hold either way. */
    regex_compile("mcu", 3, REGEX_SMART_CASE, &re, NULL, NULL, 0);
    diag("PCRE2 %s, JIT %s, in use: %s", regex_version(v, sizeof v),
         regex_jit_supported() ? "supported" : "not supported",
         regex_is_jit(re) ? "yes" : "no");
    regex_free(re);
    test_empty();
    test_plain_and_fields();
    test_proto_words();
    test_and_not_quotes();
    test_smart_case();
    test_regex_mode();
    test_errors();
    test_limits();
    test_invalid_utf8();
    test_spans();
    test_unbound();
    test_ports_db();
    is_int(filter_new("dst:MCU  \"a b\"", FILTER_EXPR, &flt, NULL), ST_OK,
           "filter_text: compiles");
    is_str(filter_text(flt), "dst:MCU  \"a b\"", "filter_text is the input");
    filter_free(flt);
    return done_testing();
}
