/* import_test.h - what the reader tests (test_import_*.c) share: reading
 * a document from data/docs, finding a flow, note or warning, and
 * asserting a flow's fields, its port cells as the ingest parses them and
 * the diagnostics `portolan check` reports. Static inline: each test uses
 * what it needs.
 * Run the tests from the repository root. */
#ifndef PORTOLAN_IMPORT_TEST_H
#define PORTOLAN_IMPORT_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "../../import/import.h"
#include "../../import/import_int.h"
#include "../../src/ingest.h"
#include "../../src/portspec.h"

#define DOCS "data/docs/"

/* ---- reading ------------------------------------------------------------ */

/* The whole file, NUL-terminated (malloc'd), its size in *len; NULL if it
 * cannot be read. */
static inline char *load_text(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;
    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
        fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1))) {
        *len = fread(buf, 1, (size_t)n, f);
        buf[*len] = '\0';
    }
    fclose(f);
    return buf;
}

/* import_read of a file, asserting it can be read; *doc is always set
 * (free it with import_doc_free). */
static inline status read_file(const char *path, import_format fmt,
                               import_doc *doc)
{
    size_t len = 0;
    char *text = load_text(path, &len);
    memset(doc, 0, sizeof *doc);
    if (!ok(text != NULL, "%s can be read", path))
        return ST_IO;
    status st = import_read(text, len, fmt, doc);
    free(text);
    return st;
}

/* The read of *d (st: what import_read or read_file returned) went
 * through, in style fmt (FMT_AUTO: not checked, as when the style was
 * given), with nflows flows: "NAME: read", "NAME: detected as STYLE",
 * "NAME: N flows". */
static inline void check_read(const import_doc *d, status st,
                              import_format fmt, size_t nflows,
                              const char *name)
{
    is_int(st, ST_OK, "%s: read", name);
    if (fmt != FMT_AUTO)
        is_int(d->format, fmt, "%s: detected as %s", name,
               import_format_name(fmt));
    is_int(d->nflows, nflows, "%s: %zu flows", name, nflows);
}

/* What score (import_tsv_score, ...) gives a file's lines; -1 if the file
 * cannot be read. */
static inline int score_of(const char *path,
                           int (*score)(const import_lines *))
{
    size_t len = 0;
    char *text = load_text(path, &len);
    import_lines ls;
    int n = -1;
    if (text && import_lines_split(text, len, &ls, NULL) == ST_OK) {
        n = score(&ls);
        import_lines_free(&ls);
    }
    free(text);
    return n;
}

/* Every bundled document but own (a path under DOCS) scores 0 in the
 * style whose score function is given. */
static inline void check_other_scores(int (*score)(const import_lines *),
                                      const char *style, const char *own)
{
    static const char *const bundled[] = {
        DOCS "avaya-equinox-9x-port-security.txt",
        DOCS "cisco-expressway-port-reference.txt",
        DOCS "nectar-epc-ports.txt",
        DOCS "pexip-infinity-port-usage.txt",
        DOCS "prognosis-port-requirements.txt",
    };
    for (size_t i = 0; i < sizeof bundled / sizeof *bundled; i++)
        if (strcmp(bundled[i], own) != 0)
            is_int(score_of(bundled[i], score), 0, "%s score of %s", style,
                   bundled[i]);
}

/* ---- flows -------------------------------------------------------------- */

/* The flow that starts on the line, NULL if none. */
static inline const import_flow *flow_at(const import_doc *d, int line)
{
    for (size_t i = 0; i < d->nflows; i++)
        if (d->flows[i].line == line)
            return &d->flows[i];
    return NULL;
}

/* Flows of the product and section; NULL matches any product. */
static inline size_t count_flows(const import_doc *d, const char *product,
                                 const char *section)
{
    size_t n = 0;
    for (size_t i = 0; i < d->nflows; i++)
        n += (!product || strcmp(d->flows[i].product, product) == 0) &&
             strcmp(d->flows[i].section, section) == 0;
    return n;
}

/* Every field of the flow on want->line is as expected. */
static inline void check_flow(const import_doc *d, const import_flow *want)
{
    const import_flow *f = flow_at(d, want->line);
    if (!ok(f != NULL, "a flow starts on line %d", want->line))
        return;
    is_str(f->product, want->product, "line %d product", want->line);
    is_str(f->section, want->section, "line %d section", want->line);
    is_str(f->source, want->source, "line %d source", want->line);
    is_str(f->source_ports, want->source_ports, "line %d source ports",
           want->line);
    is_str(f->destination, want->destination, "line %d destination",
           want->line);
    is_str(f->destination_ports, want->destination_ports,
           "line %d destination ports", want->line);
    is_str(f->protocol, want->protocol, "line %d protocol", want->line);
    is_str(f->description, want->description, "line %d description",
           want->line);
    is_str(f->requirement, want->requirement, "line %d requirement",
           want->line);
    is_str(f->direction, want->direction, "line %d direction", want->line);
    is_str(f->marks, want->marks, "line %d marks", want->line);
}

static inline void check_flows(const import_doc *d, const import_flow *want,
                               size_t n)
{
    for (size_t i = 0; i < n; i++)
        check_flow(d, &want[i]);
}

/* One field of the flow on the line is want: "flow on line N", then the
 * field under the name given (printf style). A macro: field is a member
 * name. */
#define check_flow_field(d, line, field, want, ...)                       \
    do {                                                                  \
        const import_flow *ff_ = flow_at((d), (line));                    \
        if (ok(ff_ != NULL, "flow on line %d", (line)))                   \
            is_str(ff_->field, (want), __VA_ARGS__);                      \
    } while (0)

/* ---- port cells as the ingest reads them ------------------------------ */

/* The ranges of a port cell read with the row's protocol column and the
 * document's base port, as "udp 3346, udp 3348": proto, lo or lo-hi (a
 * port class by its kind name: "tcp any"), parity, marks. */
static inline void ranges_text(const char *cell, const char *proto,
                               int base_port, char *out, size_t n)
{
    portspec ps;
    portspec_ctx ctx = {proto[0] ? proto : NULL, base_port};
    out[0] = '\0';
    if (portspec_parse(cell, &ctx, &ps) != ST_OK) {
        snprintf(out, n, "(out of memory)");
        return;
    }
    size_t w = 0;
    for (size_t i = 0; i < ps.n && w < n; i++) {
        const port_range *r = &ps.ranges[i];
        char where[32];
        if (r->kind != PORT_NUMERIC)
            snprintf(where, sizeof where, "%s", port_kind_name(r->kind));
        else if (r->lo == r->hi)
            snprintf(where, sizeof where, "%d", r->lo);
        else
            snprintf(where, sizeof where, "%d-%d", r->lo, r->hi);
        w += (size_t)snprintf(out + w, n - w, "%s%s %s%s%s%s%s",
                              i ? ", " : "", proto_name(r->proto), where,
                              r->parity ? " " : "", parity_name(r->parity),
                              r->marks ? " " : "",
                              r->marks ? r->marks : "");
    }
    portspec_free(&ps);
}

/* The source and destination port cells of the flow on the line parse to
 * the ranges given (NULL: not checked). */
static inline void check_ranges(const import_doc *d, int line,
                                const char *src, const char *dst)
{
    const import_flow *f = flow_at(d, line);
    char got[512];
    if (!ok(f != NULL, "a flow starts on line %d (ranges)", line))
        return;
    if (src) {
        ranges_text(f->source_ports, f->protocol, d->base_port, got,
                    sizeof got);
        is_str(got, src, "line %d: source ranges of '%s'", line,
               f->source_ports);
    }
    if (dst) {
        ranges_text(f->destination_ports, f->protocol, d->base_port, got,
                    sizeof got);
        is_str(got, dst, "line %d: destination ranges of '%s'", line,
               f->destination_ports);
    }
}

/* The requirement level the ingest stores for the flow on the line. */
static inline void check_req(const import_doc *d, int line,
                             const char *level)
{
    const import_flow *f = flow_at(d, line);
    if (ok(f != NULL, "a flow starts on line %d (requirement)", line))
        is_str(ingest_req_level(f->requirement), level,
               "line %d: requirement level", line);
}

/* ---- diagnostics as `portolan check` gives them ----------------------- */

typedef struct {
    int n;
    int line[16];
    char sev[16][12];
    char msg[16][256];
} check_diags;

static inline void check_collect(void *ctx, const char *file, int line,
                                 const char *sev, const char *message)
{
    check_diags *g = ctx;
    (void)file;
    if (g->n < 16) {
        g->line[g->n] = line;
        snprintf(g->sev[g->n], sizeof g->sev[0], "%s", sev);
        snprintf(g->msg[g->n], sizeof g->msg[0], "%s", message);
    }
    g->n++;
}

/* Checking the file (no database) reports exactly n diagnostics, in this
 * order: warnings on line[i] saying msg[i]. */
static inline void check_warnings(const char *path, int n, const int *line,
                                  const char *const *msg)
{
    check_diags g = {0};
    ingest_result res;
    status st = ingest_file(NULL, path, FMT_AUTO, check_collect, &g, &res);
    is_int(st, n ? ST_WARN : ST_OK, "%s: checked", path);
    is_int(g.n, n, "%s: %d diagnostic(s)", path, n);
    if (g.n != n) {
        for (int i = 0; i < g.n && i < 16; i++)
            diag("  line %d %s: %s", g.line[i], g.sev[i], g.msg[i]);
        return;
    }
    for (int i = 0; i < n; i++) {
        is_int(g.line[i], line[i], "%s: diagnostic %d is on line %d", path,
               i, line[i]);
        is_str(g.sev[i], "warning", "%s: diagnostic %d is a warning", path,
               i);
        is_str(g.msg[i], msg[i], "%s: diagnostic %d says what is wrong",
               path, i);
    }
}

/* Checking the file reports exactly one diagnostic, a warning on the line
 * with the message. */
static inline void check_one_warning(const char *path, int line,
                                     const char *msg)
{
    check_warnings(path, 1, &line, &msg);
}

/* ---- notes -------------------------------------------------------------- */

/* Note i of the doc is the legend of the line. */
static inline void check_note(const import_doc *d, size_t i, int line,
                              const char *mark, const char *text)
{
    if (!ok(i < d->nnotes, "note %zu exists", i))
        return;
    is_int(d->notes[i].line, line, "note %zu line", i);
    is_str(d->notes[i].mark, mark, "note %zu mark", i);
    is_str(d->notes[i].text, text, "note %zu text", i);
}

/* The doc has the n legends of want, in order: "NAME: N legends", then
 * each as check_note. */
static inline void check_notes(const import_doc *d, const import_note *want,
                               size_t n, const char *name)
{
    is_int(d->nnotes, n, "%s: %zu legends", name, n);
    for (size_t i = 0; i < n; i++)
        check_note(d, i, want[i].line, want[i].mark, want[i].text);
}

/* Some note of the line has the mark and says text. */
static inline void check_note_at(const import_doc *d, int line,
                                 const char *mark, const char *text)
{
    const import_note *n = NULL;
    for (size_t i = 0; i < d->nnotes && !n; i++)
        if (d->notes[i].line == line && strcmp(d->notes[i].mark, mark) == 0)
            n = &d->notes[i];
    if (ok(n != NULL, "note '%s' on line %d", mark, line))
        is_str(n->text, text, "note '%s' on line %d: text", mark, line);
}

/* ---- diagnostics -------------------------------------------------------- */

static inline size_t count_diags(const import_doc *d, severity sev)
{
    size_t n = 0;
    for (size_t i = 0; i < d->ndiags; i++)
        n += d->diags[i].sev == sev;
    return n;
}

static inline int has_diag_at(const import_doc *d, int line, severity sev)
{
    for (size_t i = 0; i < d->ndiags; i++)
        if (d->diags[i].line == line && d->diags[i].sev == sev)
            return 1;
    return 0;
}

/* Reading text in style fmt into *d (free it) finds no table: ST_FORMAT,
 * no flows, one diagnostic, an error with the message. */
static inline void check_no_table(import_doc *d, const char *text,
                                  import_format fmt, const char *name,
                                  const char *message)
{
    status st = import_read(text, strlen(text), fmt, d);
    is_int(st, ST_FORMAT, "%s: ST_FORMAT", name);
    is_int(d->nflows, 0, "%s: no flows", name);
    is_int(d->ndiags, 1, "%s: one diagnostic", name);
    if (d->ndiags == 1) {
        is_int(d->diags[0].sev, SEV_ERROR, "%s: an error", name);
        is_str(d->diags[0].message, message, "%s: says what is missing",
               name);
    }
}

/* Diagnostic i is a warning on the line with the message. */
static inline void check_diag(const import_doc *d, size_t i, int line,
                              const char *message)
{
    if (!ok(i < d->ndiags, "diag %zu exists", i))
        return;
    is_int(d->diags[i].line, line, "diag %zu line", i);
    is_int(d->diags[i].sev, SEV_WARNING, "diag %zu is a warning", i);
    is_str(d->diags[i].message, message, "diag %zu message", i);
}

#endif
