/* ingest.c - a document from bytes to database rows.
 *
 * import/ reads the tables into raw flows; here each port cell goes through
 * the port-spec parser, footnote marks are linked to their legends, and
 * everything is written in one transaction (or, in check mode, only
 * counted). Diagnostics are handed to the caller's callback and, when
 * importing, stored with their line. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "embedded.h"
#include "ingest.h"
#include "ingest_int.h"
#include "portspec.h"
#include "sha256.h"

/* Everything one run needs, so helpers take one argument. */
typedef struct {
    db *d;                 /* NULL in check mode */
    const char *file;      /* name shown in diagnostics */
    ingest_diag_cb diag;
    void *ctx;
    ingest_result *res;
    const import_doc *doc;
    long long doc_id;
    long long *note_ids;   /* one per doc->notes entry */
    note_index *notes;     /* doc->notes by mark */
    db_batch *batch;       /* the flows' rows, written many per INSERT */
    const portspec *pre;   /* each flow's two port cells parsed ahead
                              (src, dst), or NULL: parsed here */
    char last_product[256], last_section[256];
    long long product_id, section_id;
} run;

static status report(run *r, long long flow, int line, const char *sev,
                     const char *msg)
{
    if (strcmp(sev, "warning") == 0 || strcmp(sev, "error") == 0)
        r->res->warnings++;
    if (r->diag)
        r->diag(r->ctx, r->file, line, sev, msg);
    if (r->batch)
        return db_batch_diag(r->batch, r->doc_id, flow, line, sev, msg);
    if (r->d && r->doc_id)
        return db_diag_add(r->d, r->doc_id, flow, line, sev, msg);
    return ST_OK;
}

const char *ingest_req_level(const char *req)
{
    static const char *const levels[] = {"mandatory", "recommended",
                                         "optional"};
    /* The first level word wins: "Optional. If blocked, ..." is optional
     * even though it goes on about what is mandatory. */
    const char *best = "";
    const char *best_at = NULL;
    for (size_t i = 0; i < sizeof levels / sizeof *levels; i++) {
        const char *at = strcasestr(req, levels[i]);
        if (at && (!best_at || at < best_at)) {
            best = levels[i];
            best_at = at;
        }
    }
    if (!best_at && strcasestr(req, "required"))
        return "mandatory";
    return best;
}

/* ---- footnotes ---------------------------------------------------------- */

/* Append each space-separated mark of add to set (a string of marks) if it
 * is not there yet. */
static void marks_union(char *set, size_t cap, const char *add)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", add ? add : "");
    for (char *save = NULL, *m = strtok_r(buf, " ", &save); m;
         m = strtok_r(NULL, " ", &save)) {
        int seen = 0;
        char copy[256];
        snprintf(copy, sizeof copy, "%s", set);
        for (char *s2 = NULL, *e = strtok_r(copy, " ", &s2); e;
             e = strtok_r(NULL, " ", &s2))
            if (strcmp(e, m) == 0)
                seen = 1;
        if (seen)
            continue;
        size_t len = strlen(set);
        if (len + strlen(m) + 2 > cap)
            return;
        snprintf(set + len, cap - len, "%s%s", len ? " " : "", m);
    }
}

static status link_notes(run *r, long long flow, int line, const char *marks)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", marks);
    for (char *save = NULL, *m = strtok_r(buf, " ", &save); m;
         m = strtok_r(NULL, " ", &save)) {
        long i = note_index_find(r->notes, m, line);
        if (i < 0) {
            char msg[128];
            snprintf(msg, sizeof msg, "footnote mark '%s' has no legend", m);
            status st = report(r, flow, line, "info", msg);
            if (st != ST_OK)
                return st;
            continue;
        }
        if (r->batch) {
            status st = db_batch_footnote(r->batch, flow, r->note_ids[i]);
            if (st != ST_OK)
                return st;
        }
    }
    return ST_OK;
}

static status write_notes(run *r)
{
    const import_doc *doc = r->doc;
    r->res->notes = doc->nnotes;
    if (doc->nnotes && !(r->notes = note_index_new(doc)))
        return ST_NOMEM;
    if (!r->d || doc->nnotes == 0)
        return ST_OK;
    r->note_ids = calloc(doc->nnotes, sizeof *r->note_ids);
    if (!r->note_ids)
        return ST_NOMEM;
    for (size_t i = 0; i < doc->nnotes; i++) {
        status st = db_footnote_add(r->d, r->doc_id, doc->notes[i].line,
                                    doc->notes[i].mark, doc->notes[i].text,
                                    &r->note_ids[i]);
        if (st != ST_OK)
            return st;
    }
    return ST_OK;
}

/* ---- one flow ----------------------------------------------------------- */

static status place(run *r, const import_flow *f, long long *section)
{
    if (!r->d) {
        *section = 0;
        return ST_OK;
    }
    const char *product = f->product[0] ? f->product : r->doc->title;
    if (r->product_id == 0 || strcmp(product, r->last_product) != 0) {
        status st = db_product_id(r->d, r->doc_id, product, &r->product_id);
        if (st != ST_OK)
            return st;
        snprintf(r->last_product, sizeof r->last_product, "%s", product);
        r->section_id = 0;
    }
    if (r->section_id == 0 || strcmp(f->section, r->last_section) != 0) {
        status st = db_section_id(r->d, r->product_id, f->section,
                                  &r->section_id);
        if (st != ST_OK)
            return st;
        snprintf(r->last_section, sizeof r->last_section, "%s", f->section);
    }
    *section = r->section_id;
    return ST_OK;
}

/* Parse one port cell; an empty cell gives an empty result. Needs
 * nothing but the document: may run on another thread. */
static status parse_cell(const import_doc *doc, const import_flow *f,
                         const char *cell, portspec *ps)
{
    memset(ps, 0, sizeof *ps);
    if (!cell[0])
        return ST_OK;
    portspec_ctx ctx = {f->protocol[0] ? f->protocol : NULL, doc->base_port};
    return portspec_parse(cell, &ctx, ps);
}

/* The part of a long cell a diagnostic is about: from the word before col,
 * at most ~60 bytes, with "..." where it was cut. */
static void quote_near(const char *cell, int col, char *out, size_t n)
{
    size_t len = strlen(cell), start = 0;
    if (col > 0 && (size_t)col <= len && len > 60) {
        start = (size_t)col;
        /* back to the start of the protocol word before the number */
        int spaces = 0;
        while (start > 0 && !(cell[start - 1] == ' ' && ++spaces == 2))
            start--;
        while (start > 0 && ((unsigned char)cell[start] & 0xC0) == 0x80)
            start--;
    }
    size_t take = len - start;
    int cut = take > 60;
    if (cut) {
        take = 60;
        while (take > 0 && ((unsigned char)cell[start + take] & 0xC0) == 0x80)
            take--;
    }
    snprintf(out, n, "%s%.*s%s", start ? "..." : "", (int)take, cell + start,
             cut ? "..." : "");
}

/* Store a parsed cell's ranges and report its diagnostics. */
static status store_cell(run *r, long long flow, const import_flow *f,
                         flow_side side, const char *cell,
                         const portspec *ps)
{
    const char *what = side == SIDE_SRC ? "source ports" : "destination ports";
    status st = ST_OK;
    for (size_t i = 0; i < ps->ndiags && st == ST_OK; i++) {
        char msg[512], quote[96];
        quote_near(cell, ps->diags[i].col, quote, sizeof quote);
        snprintf(msg, sizeof msg, "%s '%s': %s", what, quote,
                 ps->diags[i].message);
        st = report(r, flow, f->line, "warning", msg);
    }
    if (st == ST_OK && cell[0] && ps->n == 0 && ps->ndiags == 0) {
        char msg[256];
        snprintf(msg, sizeof msg, "%s '%.80s': no port or port class found",
                 what, cell);
        st = report(r, flow, f->line, "info", msg);
    }
    for (size_t i = 0; i < ps->n && st == ST_OK; i++) {
        r->res->ranges++;
        if (r->batch)
            st = db_batch_range(r->batch, flow, side, &ps->ranges[i]);
    }
    return st;
}

/* A protocol column that names no transport we know ("TVP") is a typo
 * worth a warning; "N/A" and "" are not. */
static status check_protocol(run *r, long long flow, const import_flow *f)
{
    unsigned mask = 0;
    if (!f->protocol[0] || strcasecmp(f->protocol, "n/a") == 0 ||
        portspec_protocols(f->protocol, &mask) > 0)
        return ST_OK;
    char msg[160];
    snprintf(msg, sizeof msg, "protocol '%.60s' is not TCP, UDP, ICMP or ESP",
             f->protocol);
    return report(r, flow, f->line, "warning", msg);
}

/* The transports of one side's ranges, as bits (1 << proto). */
static unsigned side_transports(const portspec *ps)
{
    unsigned mask = 0;
    for (size_t i = 0; i < ps->n; i++)
        if (ps->ranges[i].proto != PROTO_UNSPEC)
            mask |= 1u << ps->ranges[i].proto;
    return mask;
}

const char *ingest_transports(const portspec *src, const portspec *dst)
{
    /* Indexed by the bits of TCP, UDP, ICMP and ESP (mask >> 1), each
     * name in that order: the order of the upgrade to schema 5 in
     * db/open.c, which must give the same text. */
    static const char *const names[16] = {
        "",          "TCP",          "UDP",          "TCP/UDP",
        "ICMP",      "TCP/ICMP",     "UDP/ICMP",     "TCP/UDP/ICMP",
        "ESP",       "TCP/ESP",      "UDP/ESP",      "TCP/UDP/ESP",
        "ICMP/ESP",  "TCP/ICMP/ESP", "UDP/ICMP/ESP", "TCP/UDP/ICMP/ESP"};
    _Static_assert(PROTO_TCP == 1 && PROTO_ESP == 4 && PROTO__COUNT == 5,
                   "names[] follows proto_t");
    /* The destination decides: a source cell often names the client's
     * ephemeral ports ("TCP 32768-61000") of a flow to UDP 53. */
    unsigned mask = side_transports(dst);
    if (!mask)
        mask = side_transports(src);
    return names[(mask >> 1) & 15];
}

static status one_flow(run *r, size_t i)
{
    const import_flow *f = &r->doc->flows[i];
    long long section, flow = 0;
    portspec src, dst;
    status st = place(r, f, &section);
    if (st != ST_OK)
        return st;
    if (r->pre) {
        src = r->pre[2 * i];
        dst = r->pre[2 * i + 1];
    } else if ((st = parse_cell(r->doc, f, f->source_ports, &src)) != ST_OK) {
        return st;
    } else if ((st = parse_cell(r->doc, f, f->destination_ports, &dst)) !=
               ST_OK) {
        portspec_free(&src);
        return st;
    }
    /* The flow's marks: those of its text cells and of its port cells. */
    char marks[256];
    snprintf(marks, sizeof marks, "%s", f->marks);
    marks_union(marks, sizeof marks, src.marks);
    marks_union(marks, sizeof marks, dst.marks);
    if (r->d) {
        db_flow_in in = {r->doc_id, section, f->line, f->source,
                         f->source_ports, f->destination,
                         f->destination_ports, f->protocol, f->description,
                         f->requirement, ingest_req_level(f->requirement),
                         f->direction, marks, ingest_transports(&src, &dst)};
        st = db_batch_flow(r->batch, &in, &flow);
    }
    r->res->flows++;
    if (st == ST_OK)
        st = check_protocol(r, flow, f);
    if (st == ST_OK)
        st = store_cell(r, flow, f, SIDE_SRC, f->source_ports, &src);
    if (st == ST_OK)
        st = store_cell(r, flow, f, SIDE_DST, f->destination_ports, &dst);
    if (!r->pre) {
        portspec_free(&src);
        portspec_free(&dst);
    }
    if (st != ST_OK)
        return st;
    return link_notes(r, flow, f->line, marks);
}

/* ---- a whole document --------------------------------------------------- */

static status write_document(run *r, const char *path, const char *name,
                             const char *sha, size_t len)
{
    const import_doc *doc = r->doc;
    status st;
    if (r->d) {
        db_document_in in = {path, name, sha, doc->title, doc->vendor,
                             import_format_name(doc->format),
                             (long long)len};
        if ((st = db_document_put(r->d, &in, &r->doc_id)) != ST_OK)
            return st;
        r->res->document_id = r->doc_id;
    }
    for (size_t i = 0; i < doc->ndiags; i++) {
        const import_diag *g = &doc->diags[i];
        const char *sev = g->sev == SEV_ERROR     ? "error"
                          : g->sev == SEV_WARNING ? "warning"
                                                  : "info";
        if ((st = report(r, 0, g->line, sev, g->message)) != ST_OK)
            return st;
    }
    if ((st = write_notes(r)) != ST_OK)
        return st;
    if (r->d && (st = db_batch_start(r->d, &r->batch)) != ST_OK)
        return st;
    for (size_t i = 0; i < doc->nflows && st == ST_OK; i++)
        st = one_flow(r, i);
    if (st == ST_OK && r->batch) {
        st = db_batch_end(r->batch);
        r->batch = NULL;
    }
    return st;
}

static void report_format_failure(run *r, const import_doc *doc)
{
    for (size_t i = 0; i < doc->ndiags; i++)
        if (r->diag)
            r->diag(r->ctx, r->file, doc->diags[i].line,
                    doc->diags[i].sev == SEV_ERROR ? "error" : "warning",
                    doc->diags[i].message);
}

/* A document's bytes, read and parsed as far as it goes without the
 * database (ingest_doc_read), or not yet parsed (pre NULL: ingest_text
 * parses only after checking that the bytes are new). */
struct ingest_doc {
    char *shown;           /* the path as given: how diagnostics name it */
    char *path;            /* stored: absolute */
    const char *name;      /* file name, in path */
    char *text;
    size_t len;
    status read_st;        /* of reading the file */
    char read_err[256];
    char sha[65];
    int parsed;            /* doc and pre are filled in */
    status import_st;      /* of import_read */
    import_doc doc;
    portspec *pre;         /* 2 per flow: source, destination */
    status parse_st;
};

/* Read the tables and parse every port cell: no database, no output. */
static void parse_doc(ingest_doc *p, import_format fmt)
{
    p->parsed = 1;
    p->import_st = import_read(p->text, p->len, fmt, &p->doc);
    if (p->import_st != ST_OK)
        return;
    p->pre = calloc(p->doc.nflows * 2 + 1, sizeof *p->pre);
    if (!p->pre) {
        p->parse_st = ST_NOMEM;
        return;
    }
    for (size_t i = 0; i < p->doc.nflows && p->parse_st == ST_OK; i++) {
        const import_flow *f = &p->doc.flows[i];
        p->parse_st = parse_cell(&p->doc, f, f->source_ports, &p->pre[2 * i]);
        if (p->parse_st == ST_OK)
            p->parse_st = parse_cell(&p->doc, f, f->destination_ports,
                                     &p->pre[2 * i + 1]);
    }
}

static void doc_free(ingest_doc *p)
{
    if (!p)
        return;
    if (p->pre)
        for (size_t i = 0; i < p->doc.nflows * 2; i++)
            portspec_free(&p->pre[i]);
    free(p->pre);
    if (p->parsed)
        import_doc_free(&p->doc);
    free(p->text);
    free(p->shown);
    free(p->path);
    free(p);
}

/* Write a document (d NULL: check it): its bytes p->text, stored as
 * path and name, diagnostics naming it shown. Parses it first if that is
 * not done yet, and only once its bytes are known to be new. */
static status write_doc(db *d, ingest_doc *p, const char *path,
                        const char *name, const char *shown,
                        import_format fmt, ingest_diag_cb diag, void *ctx,
                        ingest_result *res)
{
    memset(res, 0, sizeof *res);
    run r = {.d = d, .file = shown, .diag = diag, .ctx = ctx, .res = res};
    if (d) {
        long long id;
        int unchanged;
        status st = db_document_lookup(d, path, p->sha, &id, &unchanged);
        if (st != ST_OK)
            return st;
        if (unchanged) {
            res->unchanged = 1;
            res->document_id = id;
            return ST_OK;
        }
    }
    if (!p->parsed) {
        p->parsed = 1;
        p->import_st = import_read(p->text, p->len, fmt, &p->doc);
    }
    status st = p->import_st;
    res->format = p->doc.format;
    if (st != ST_OK) {
        report_format_failure(&r, &p->doc);
        return st;
    }
    if (p->parse_st != ST_OK)
        return p->parse_st;
    snprintf(res->title, sizeof res->title, "%s", p->doc.title);
    snprintf(res->vendor, sizeof res->vendor, "%s", p->doc.vendor);
    r.doc = &p->doc;
    r.pre = p->pre;
    if (d && (st = db_import_begin(d)) != ST_OK)
        return st;
    st = write_document(&r, path, name, p->sha, p->len);
    if (d) {
        if (st == ST_OK)
            st = db_document_done(d);
        if (st == ST_OK)
            st = db_commit(d);
        if (st != ST_OK) {
            db_rollback(d);
            res->document_id = 0;
        }
    }
    free(r.note_ids);
    note_index_free(r.notes);
    db_batch_free(r.batch); /* after a failure: its rows are not wanted */
    if (st == ST_OK && res->warnings)
        return ST_WARN;
    return st;
}

/* shown is how diagnostics name the file (the path as the user typed it);
 * name is the file name stored with the document. */
static status ingest_text(db *d, const char *path, const char *name,
                          const char *shown, const char *text, size_t len,
                          import_format fmt, ingest_diag_cb diag, void *ctx,
                          ingest_result *res)
{
    ingest_doc p;
    memset(&p, 0, sizeof p);
    p.text = (char *)text;
    p.len = len;
    sha256_hex(text, len, p.sha);
    status st = write_doc(d, &p, path, name, shown, fmt, diag, ctx, res);
    if (p.parsed)
        import_doc_free(&p.doc);
    return st;
}

status ingest_buffer(db *d, const char *path, const char *name,
                     const char *text, size_t len, import_format fmt,
                     ingest_diag_cb diag, void *ctx, ingest_result *res)
{
    return ingest_text(d, path, name, name, text, len, fmt, diag, ctx, res);
}

/* Read a whole file into memory. */
static status slurp(const char *path, char **out, size_t *len, char *err,
                    size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "cannot open: %s", strerror(errno));
        return ST_IO;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        char *nb = realloc(buf, cap *= 2);
        if (!nb)
            free(buf);
        buf = nb;
    }
    int failed = ferror(f);
    int saved = errno;
    fclose(f);
    if (!buf)
        return ST_NOMEM;
    if (failed) {
        free(buf);
        snprintf(err, errlen, "cannot read: %s", strerror(saved));
        return ST_IO;
    }
    *out = buf;
    *len = n;
    return ST_OK;
}

ingest_doc *ingest_doc_read(const char *path, import_format fmt)
{
    ingest_doc *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->shown = strdup(path);
    char abs[PATH_MAX];
    if (!realpath(path, abs))
        snprintf(abs, sizeof abs, "%s", path);
    p->path = strdup(abs);
    if (!p->shown || !p->path) {
        doc_free(p);
        return NULL;
    }
    const char *slash = strrchr(p->path, '/');
    p->name = slash ? slash + 1 : p->path;
    p->read_st = slurp(path, &p->text, &p->len, p->read_err,
                       sizeof p->read_err);
    if (p->read_st != ST_OK)
        return p;
    sha256_hex(p->text, p->len, p->sha);
    parse_doc(p, fmt);
    return p;
}

status ingest_doc_write(db *d, ingest_doc *p, ingest_diag_cb diag, void *ctx,
                        ingest_result *res)
{
    memset(res, 0, sizeof *res);
    if (!p)
        return ST_NOMEM;
    status st = p->read_st;
    if (st != ST_OK) {
        if (diag)
            diag(ctx, p->shown, 0, "error",
                 st == ST_NOMEM ? status_str(st) : p->read_err);
    } else {
        st = write_doc(d, p, p->path, p->name, p->shown, FMT_AUTO, diag,
                       ctx, res);
    }
    doc_free(p);
    return st;
}

status ingest_file(db *d, const char *path, import_format fmt,
                   ingest_diag_cb diag, void *ctx, ingest_result *res)
{
    ingest_doc *p = ingest_doc_read(path, fmt);
    if (!p) {
        memset(res, 0, sizeof *res);
        if (diag)
            diag(ctx, path, 0, "error", status_str(ST_NOMEM));
        return ST_NOMEM;
    }
    return ingest_doc_write(d, p, diag, ctx, res);
}

/* A bundled document, not the schema that travels in the same table. */
static int is_bundled_doc(const embedded_file *e)
{
    size_t nl = strlen(e->name);
    return nl >= 4 && strcmp(e->name + nl - 4, ".txt") == 0;
}

size_t ingest_bundled_count(void)
{
    size_t n = 0;
    for (size_t i = 0; i < embedded_count; i++)
        n += is_bundled_doc(&embedded_files[i]);
    return n;
}

status ingest_bundled(db *d, ingest_diag_cb diag, void *ctx)
{
    status worst = ST_OK;
    for (size_t i = 0; i < embedded_count; i++) {
        const embedded_file *e = &embedded_files[i];
        if (!is_bundled_doc(e))
            continue;
        char path[300];
        snprintf(path, sizeof path, "bundled:%s", e->name);
        ingest_result res;
        status st = ingest_buffer(d, path, e->name, (const char *)e->data,
                                  e->len, FMT_AUTO, diag, ctx, &res);
        if (st != ST_OK && st != ST_WARN)
            return st;
        if (st == ST_WARN)
            worst = ST_WARN;
    }
    return worst;
}
