/* import_test.h - what the reader tests (test_import_*.c) share: reading
 * a document from data/docs, finding a flow, note or warning, and
 * asserting a flow's fields. Static inline: each test uses what it needs.
 * Run the tests from the repository root. */
#ifndef PORTOLAN_IMPORT_TEST_H
#define PORTOLAN_IMPORT_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "../../import/import.h"
#include "../../import/import_int.h"

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
