/* cli_query.c - the commands that read the database: docs, products, port,
 * find, show. Each prints an aligned table, JSON Lines or TSV. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "cli.h"
#include "filter.h"

/* Cap on a table column; the full text is in --json, --tsv and show. */
#define CELL_MAX 30

/* find lists the port cells; port lists the ranges that matched instead.
 * PROTO is the flow's transports ("TCP/UDP", from its parsed ranges), as
 * the explorer's Proto column: one vocabulary whatever the document wrote
 * (the protocol cell as written is in --json and show). */
static const char *const FIND_HEADS[] = {
    "ID", "DOCUMENT:LINE", "PROTO", "SOURCE", "SRC PORTS", "DESTINATION",
    "DST PORTS", "REQUIRED"};
static const char *const PORT_HEADS[] = {"ID",          "DOCUMENT:LINE",
                                         "PROTO",       "SOURCE",
                                         "DESTINATION", "MATCHED",
                                         "REQUIRED",    "DESCRIPTION"};
#define FLOW_COLS 8

static void flow_json_fields(FILE *f, int *first, const db_flow *fl)
{
    out_json_kl(f, first, "id", fl->id);
    out_json_kv(f, first, "document", fl->document);
    out_json_kl(f, first, "line", fl->line);
    out_json_kv(f, first, "product", fl->product);
    out_json_kv(f, first, "section", fl->section);
    out_json_kv(f, first, "source", fl->source);
    out_json_kv(f, first, "source_ports", fl->source_ports);
    out_json_kv(f, first, "destination", fl->destination);
    out_json_kv(f, first, "destination_ports", fl->destination_ports);
    out_json_kv(f, first, "protocol", fl->protocol);
    out_json_kv(f, first, "transports", fl->transports);
    out_json_kv(f, first, "description", fl->description);
    out_json_kv(f, first, "requirement", fl->requirement);
    out_json_kv(f, first, "req_level", fl->req_level);
    out_json_kv(f, first, "direction", fl->direction);
    out_json_kv(f, first, "marks", fl->marks);
}

/* "dst tcp 1720" / "src udp 36000-59998 even". */
static void range_text(const db_range *r, char *buf, size_t n)
{
    const char *side = r->side == SIDE_SRC ? "src" : "dst";
    const char *proto = r->proto ? proto_name(r->proto) : "any";
    if (r->lo < 0)
        snprintf(buf, n, "%s %s %s", side, proto, port_kind_name(r->kind));
    else if (r->lo == r->hi)
        snprintf(buf, n, "%s %s %d", side, proto, r->lo);
    else
        snprintf(buf, n, "%s %s %d-%d%s%s", side, proto, r->lo, r->hi,
                 r->parity ? " " : "", r->parity ? parity_name(r->parity) : "");
}

/* One flow as a table row; match is the MATCHED cell for port, NULL for
 * find. */
static int flow_row(out_table *t, const db_flow *fl, const char *match)
{
    char id[24], where[300];
    snprintf(id, sizeof id, "%lld", fl->id);
    snprintf(where, sizeof where, "%s:%d", fl->document, fl->line);
    const char *req = fl->req_level[0] ? fl->req_level : fl->requirement;
    if (match) {
        const char *cells[] = {id,    where, fl->transports, fl->source,
                               fl->destination, match, req,
                               fl->description};
        return out_table_add(t, cells);
    }
    const char *cells[] = {id,         where,           fl->transports,
                           fl->source, fl->source_ports, fl->destination,
                           fl->destination_ports, req};
    return out_table_add(t, cells);
}

/* ---- docs --------------------------------------------------------------- */

typedef struct {
    const cli_opts *o;
    out_table *t;
    long long n;
} listing;

static int doc_cb(void *ctx, const db_document *doc)
{
    listing *l = ctx;
    l->n++;
    if (l->o->out == OUT_JSON) {
        int first = 1;
        putchar('{');
        out_json_kl(stdout, &first, "id", doc->id);
        out_json_kv(stdout, &first, "document", doc->name);
        out_json_kv(stdout, &first, "path", doc->path);
        out_json_kv(stdout, &first, "sha256", doc->sha256);
        out_json_kv(stdout, &first, "title", doc->title);
        out_json_kv(stdout, &first, "vendor", doc->vendor);
        out_json_kv(stdout, &first, "format", doc->format);
        out_json_kl(stdout, &first, "size", doc->size);
        out_json_kv(stdout, &first, "imported_at", doc->imported_at);
        out_json_kl(stdout, &first, "flows", doc->flows);
        out_json_kl(stdout, &first, "warnings", doc->warnings);
        puts("}");
        return 0;
    }
    char id[24], flows[24], warns[24];
    snprintf(id, sizeof id, "%lld", doc->id);
    snprintf(flows, sizeof flows, "%lld", doc->flows);
    snprintf(warns, sizeof warns, "%lld", doc->warnings);
    const char *cells[] = {id, doc->name, doc->vendor, doc->format, flows,
                           warns, doc->title};
    return !out_table_add(l->t, cells);
}

static int finish(listing *l, status st)
{
    if (l->t)
        out_table_print(l->t, l->o->out, stdout);
    if (st != ST_OK) {
        cli_error("%s", status_str(st));
        return EXIT_TROUBLE;
    }
    return l->n ? EXIT_FOUND : EXIT_NONE;
}

int cli_docs(const cli_opts *o)
{
    static const char *const heads[] = {"ID",    "DOCUMENT", "VENDOR",
                                        "STYLE", "FLOWS",    "WARNINGS",
                                        "TITLE"};
    db *d = cli_open_db(o, 1);
    if (!d)
        return EXIT_TROUBLE;
    listing l = {o, NULL, 0};
    if (o->out != OUT_JSON && !(l.t = out_table_new(7, heads, CELL_MAX))) {
        db_close(d);
        return EXIT_TROUBLE;
    }
    if (l.t)
        out_table_cap(l.t, 1, 0); /* file names stay whole */
    status st = db_documents(d, doc_cb, &l);
    db_close(d);
    return finish(&l, st);
}

/* ---- products ----------------------------------------------------------- */

static int product_cb(void *ctx, const db_product_row *p)
{
    listing *l = ctx;
    l->n++;
    if (l->o->out == OUT_JSON) {
        int first = 1;
        putchar('{');
        out_json_kv(stdout, &first, "document", p->document);
        out_json_kv(stdout, &first, "product", p->product);
        out_json_kv(stdout, &first, "section", p->section);
        out_json_kl(stdout, &first, "flows", p->flows);
        puts("}");
        return 0;
    }
    char flows[24];
    snprintf(flows, sizeof flows, "%lld", p->flows);
    const char *cells[] = {p->document, p->product, p->section, flows};
    return !out_table_add(l->t, cells);
}

int cli_products(const cli_opts *o)
{
    static const char *const heads[] = {"DOCUMENT", "PRODUCT", "SECTION",
                                        "FLOWS"};
    db *d = cli_open_db(o, 1);
    if (!d)
        return EXIT_TROUBLE;
    listing l = {o, NULL, 0};
    if (o->out != OUT_JSON && !(l.t = out_table_new(4, heads, 0))) {
        db_close(d);
        return EXIT_TROUBLE;
    }
    status st = db_products(d, product_cb, &l);
    db_close(d);
    return finish(&l, st);
}

/* ---- port ----------------------------------------------------------------- */

/* "1720", "5060/udp" -> port and protocol; 0 on bad input. */
static int parse_port_arg(const char *arg, int *port, proto_t *proto)
{
    char *end;
    long v = strtol(arg, &end, 10);
    if (end == arg || v < 0 || v > 65535)
        return 0;
    *port = (int)v;
    *proto = PROTO_UNSPEC;
    if (*end == '\0')
        return 1;
    if (*end != '/')
        return 0;
    *proto = proto_from_name(end + 1);
    return *proto == PROTO_TCP || *proto == PROTO_UDP;
}

static int port_cb(void *ctx, const db_port_hit *h)
{
    listing *l = ctx;
    l->n++;
    if (l->o->out == OUT_JSON) {
        int first = 1;
        putchar('{');
        flow_json_fields(stdout, &first, h->flow);
        out_json_kl(stdout, &first, "span", h->span);
        fputs(",\"matched\":[", stdout);
        for (size_t i = 0; i < h->nranges; i++) {
            const db_range *r = &h->ranges[i];
            int f2 = 1;
            fputs(i ? ",{" : "{", stdout);
            out_json_kv(stdout, &f2, "side",
                        r->side == SIDE_SRC ? "src" : "dst");
            out_json_kv(stdout, &f2, "protocol", proto_name(r->proto));
            out_json_kl(stdout, &f2, "lo", r->lo);
            out_json_kl(stdout, &f2, "hi", r->hi);
            out_json_kv(stdout, &f2, "parity", parity_name(r->parity));
            out_json_kv(stdout, &f2, "label", r->label);
            putchar('}');
        }
        puts("]}");
        return 0;
    }
    char match[256] = "";
    for (size_t i = 0; i < h->nranges; i++) {
        char one[96];
        range_text(&h->ranges[i], one, sizeof one);
        size_t len = strlen(match);
        snprintf(match + len, sizeof match - len, "%s%s", i ? ", " : "", one);
    }
    return !flow_row(l->t, h->flow, match);
}

int cli_port(const cli_opts *o)
{
    int port;
    proto_t proto;
    if (!parse_port_arg(o->args[0], &port, &proto)) {
        cli_error("'%s' is not a port (N, N/tcp or N/udp with N 0-65535)",
                  o->args[0]);
        return EXIT_TROUBLE;
    }
    db *d = cli_open_db(o, 1);
    if (!d)
        return EXIT_TROUBLE;
    status st;
    listing l = {o, NULL, 0};
    if (o->given & OPT_COUNT) {
        st = db_port_count(d, port, proto, o->max_span, &l.n);
        db_close(d);
        if (st != ST_OK)
            return finish(&l, st);
        printf("%lld\n", l.n);
        return l.n ? EXIT_FOUND : EXIT_NONE;
    }
    if (o->out != OUT_JSON &&
        !(l.t = out_table_new(FLOW_COLS, PORT_HEADS, CELL_MAX))) {
        db_close(d);
        return EXIT_TROUBLE;
    }
    if (l.t)
        out_table_cap(l.t, 1, 0); /* DOCUMENT:LINE stays whole */
    st = db_flows_by_port(d, port, proto, o->max_span, port_cb, &l);
    db_close(d);
    return finish(&l, st);
}

/* ---- find ----------------------------------------------------------------- */

typedef struct {
    listing l;
    filter *f;
    status limit;
} finding;

/* Print (or count) one matching flow. */
static int find_print(finding *fd, const db_flow *fl)
{
    fd->l.n++;
    if (fd->l.o->given & OPT_COUNT)
        return 0;
    if (fd->l.o->out == OUT_JSON) {
        int first = 1;
        putchar('{');
        flow_json_fields(stdout, &first, fl);
        puts("}");
        return 0;
    }
    return !flow_row(fd->l.t, fl, NULL);
}

/* Every flow at once (a few large reads), each distinct string of a
 * column matched once (filter_rows); matches come in document order, as
 * db_flows would give them, printed or counted. */
static status find_all(finding *fd, db *d)
{
    flowtab t;
    flowtab_init(&t);
    status st = db_flowtab_load(d, &t);
    uint32_t *rows = NULL;
    size_t n = 0;
    if (st == ST_OK && !(rows = malloc((t.nrows ? t.nrows : 1) *
                                       sizeof *rows)))
        st = ST_NOMEM;
    if (st == ST_OK)
        st = filter_rows(fd->f, &t, NULL, 0, rows, &n, NULL, NULL);
    if (st == ST_LIMIT) {
        fd->limit = ST_LIMIT;
        st = ST_OK;
    }
    int count = (fd->l.o->given & OPT_COUNT) != 0;
    if (count)
        fd->l.n = (long long)n;
    for (size_t i = 0; st == ST_OK && !count && i < n; i++) {
        db_flow fl;
        db_flowtab_flow(&t, rows[i], &fl);
        if (find_print(fd, &fl))
            st = ST_STOP;
    }
    free(rows);
    flowtab_free(&t);
    return st;
}

typedef struct {
    filter *f;
    size_t n;
    int limited;
} counting;

static status count_cb(void *ctx, ft_parts *p)
{
    counting *c = ctx;
    return filter_count_parts(c->f, p, &c->n, &c->limited);
}

/* --count: each stored document read part by part, only the columns the
 * pattern could match in, nothing loaded whole (filter_count_parts).
 * ST_USAGE or ST_DB_CORRUPT: that cannot be done here, find_all can. */
static status find_count(finding *fd, db *d)
{
    counting c = {fd->f, 0, 0};
    status st = db_flowtab_parts(d, count_cb, &c);
    if (st == ST_OK) {
        fd->l.n = (long long)c.n;
        if (c.limited)
            fd->limit = ST_LIMIT;
    }
    return st;
}

int cli_find(const cli_opts *o)
{
    filter_error err;
    finding fd = {{o, NULL, 0}, NULL, ST_OK};
    if (filter_new(o->args[0], FILTER_REGEX, &fd.f, &err) != ST_OK) {
        cli_error("invalid regular expression at column %d: %s", err.col + 1,
                  err.message);
        return EXIT_TROUBLE;
    }
    db *d = cli_open_db(o, 1);
    if (!d) {
        filter_free(fd.f);
        return EXIT_TROUBLE;
    }
    if (!(o->given & OPT_COUNT) && o->out != OUT_JSON &&
        !(fd.l.t = out_table_new(FLOW_COLS, FIND_HEADS, CELL_MAX))) {
        db_close(d);
        filter_free(fd.f);
        return EXIT_TROUBLE;
    }
    if (fd.l.t)
        out_table_cap(fd.l.t, 1, 0); /* DOCUMENT:LINE stays whole */
    status st = o->given & OPT_COUNT ? find_count(&fd, d) : ST_USAGE;
    if (st == ST_USAGE || st == ST_DB_CORRUPT)
        st = find_all(&fd, d);
    db_close(d);
    filter_free(fd.f);
    if (fd.limit == ST_LIMIT)
        cli_error("the pattern hit PCRE2's match limit on some flows; "
                  "they count as not matching");
    if (o->given & OPT_COUNT) {
        if (st != ST_OK)
            return finish(&fd.l, st);
        printf("%lld\n", fd.l.n);
        return fd.l.n ? EXIT_FOUND : EXIT_NONE;
    }
    return finish(&fd.l, st);
}
