/* test_filter_count.c - counting what a filter matches with each stored
 * segment read part by part (db_flowtab_parts, filter_count_parts: what
 * `find --count` does) against filter_rows over every flow loaded whole:
 * the same count and the same "a limit decided some" on the bundled
 * documents, for expressions over every field and literal patterns taken
 * from every column; a port term is refused; a damaged or missing blob is
 * ST_DB_CORRUPT, never read out of bounds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sqlite3.h>

#include "../tap.h"
#include "../../db/db_int.h"
#include "../../src/filter.h"
#include "../../src/ingest.h"

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

/* One pattern both ways; 1 when they agree. */
static int same_count(db *d, const flowtab *t, const char *text,
                      filter_mode mode, size_t *n)
{
    filter *f, *g;
    filter_error err;
    *n = 0;
    if (filter_new(text, mode, &f, &err) != ST_OK ||
        filter_new(text, mode, &g, &err) != ST_OK) {
        diag("does not compile: %s", text);
        return 0;
    }
    uint32_t *rows = malloc((t->nrows + 1) * sizeof *rows);
    size_t want = 0;
    status sw = filter_rows(f, t, NULL, 0, rows, &want, NULL, NULL);
    counting c = {g, 0, 0};
    status sg = db_flowtab_parts(d, count_cb, &c);
    int same = sg == ST_OK && c.n == want &&
               (sw == ST_LIMIT) == (c.limited != 0) &&
               (sw == ST_OK || sw == ST_LIMIT);
    if (!same)
        diag("/%s/: parts %zu (%s, limited %d), rows %zu (%s)", text, c.n,
             status_str(sg), c.limited, want, status_str(sw));
    *n = want;
    free(rows);
    filter_free(f);
    filter_free(g);
    return same;
}

static const char *const EXPRS[] = {
    "", "tcp", "TCP", "udp", "src:expressway", "dst:edge", "!udp",
    "proto:udp", "proto:^tls$", "proto:sip", "desc:\\bRTP\\b", "doc:cisco",
    "req:mandatory", "1720|5060", "sip.*tls", "^$", "media signal",
    "\\d{5}", "(?i)LDAP", "x(?=m)", "(?<=\\()tls", "\\Aexp", "e$",
    "port:web", "!src:", "\"call setup\"", "tls\\b", "[^a-z]", "\\x41",
    "é", "\\s\\(", "a|", "h\\.323", "(*UCP)\\w+", "src:exp dst:e !tcp",
    "(a+)+$",
};

static void test_exprs(db *d, const flowtab *t)
{
    for (size_t k = 0; k < sizeof EXPRS / sizeof *EXPRS; k++) {
        size_t n = 0;
        int same = same_count(d, t, EXPRS[k], FILTER_EXPR, &n);
        ok(same, "count by parts = filter_rows: /%s/ (%zu)", EXPRS[k], n);
    }
    static const char *const regexes[] = {"Expressway-E", "\\b1720\\b",
                                          "signaling", "ldap|syslog|snmp",
                                          "src: dst:", "!"};
    for (size_t k = 0; k < sizeof regexes / sizeof *regexes; k++) {
        size_t n = 0;
        int same = same_count(d, t, regexes[k], FILTER_REGEX, &n);
        ok(same, "count by parts = filter_rows, find's regex: /%s/ (%zu)",
           regexes[k], n);
    }
}

/* A literal pattern for s: \Q...\E, with any \E inside split. */
static void literal(const char *s, char *out, size_t cap)
{
    size_t k = (size_t)snprintf(out, cap, "\\Q");
    for (; *s && k + 8 < cap; s++) {
        if (s[0] == '\\' && s[1] == 'E') {
            k += (size_t)snprintf(out + k, cap - k, "\\E\\\\\\Q");
            continue;
        }
        out[k++] = *s;
    }
    snprintf(out + k, cap - k, "\\E");
}

/* A string of every column of every segment (the middle one of its
 * dictionary), as a literal: counted both ways. */
static void test_columns(db *d, const flowtab *t)
{
    size_t tried = 0, bad = 0, matched = 0;
    for (size_t g = 0; g < t->nseg; g++)
        for (int c = 0; c < FT__COUNT; c++) {
            const ft_column *col = &t->seg[g].col[c];
            if (col->nstr == 0)
                continue;
            char pat[700];
            const char *s = ft_string(col, col->nstr / 2);
            if (strlen(s) > 300)
                continue;
            literal(s, pat, sizeof pat);
            size_t n = 0;
            tried++;
            bad += !same_count(d, t, pat, FILTER_REGEX, &n);
            matched += n > 0;
        }
    ok(tried > 50 && !bad, "a string of every column, as a literal: %zu "
                           "patterns, %zu disagree (%zu match)",
       tried, bad, matched);
}

static void test_port_term(db *d)
{
    filter *f;
    filter_error err;
    filter_new("port:1720", FILTER_EXPR, &f, &err);
    filter_bind(f, d);
    counting c = {f, 0, 0};
    is_int(db_flowtab_parts(d, count_cb, &c), ST_USAGE,
           "a port term cannot be counted by parts");
    filter_free(f);
}

/* ---- a segment in memory, damaged ------------------------------------- */

typedef struct {
    const unsigned char *p;
} mem;

static status mem_read(void *ctx, size_t off, void *buf, size_t len)
{
    memcpy(buf, ((mem *)ctx)->p + off, len);
    return ST_OK;
}

/* Every part of the segment in p (len bytes), as a count would read it. */
static status read_all(const unsigned char *p, size_t len, size_t *rows)
{
    mem m = {p};
    ft_parts parts;
    status st = ft_parts_open(&parts, mem_read, &m, len);
    *rows = st == ST_OK ? parts.nrows : 0;
    uint32_t *buf = malloc((parts.nrows + 1) * 4);
    for (int c = 0; st == ST_OK && c < FT__COUNT; c++) {
        ft_column col;
        st = ft_parts_column(&parts, (ft_col)c, &col);
        if (st == ST_OK)
            st = ft_parts_rows(&parts, (ft_col)c, 0, parts.nrows, buf);
    }
    free(buf);
    ft_parts_free(&parts);
    return st;
}

static void test_damaged(const flowtab *t)
{
    ft_builder *b = ftb_new();
    const ft_segment *s = &t->seg[0];
    for (size_t r = 0; r < s->nrows; r++) {
        const char *v[FT__COUNT];
        for (int c = 0; c < FT__COUNT; c++)
            v[c] = ft_string(&s->col[c], ft_index(&s->col[c], r));
        ftb_add(b, ft_seg_id(s, r), s->lines[r], 0, 0, v);
    }
    void *blob;
    size_t len, rows;
    ftb_finish(b, &blob, &len);
    ftb_free(b);
    is_int(read_all(blob, len, &rows), ST_OK, "a whole blob reads by parts");
    is_int(rows, s->nrows, "... with every row");
    size_t refused = 0, tries = 0;
    for (size_t cut = 0; cut < len; cut += len / 97 + 1, tries++) {
        unsigned char *p = malloc(cut ? cut : 1);
        memcpy(p, blob, cut);
        refused += read_all(p, cut, &rows) == ST_DB_CORRUPT;
        free(p);
    }
    is_int(refused, tries, "every truncated blob is refused");
    refused = tries = 0;
    for (size_t at = 0; at < len; at += len / 89 + 1, tries++) {
        unsigned char *p = malloc(len);
        memcpy(p, blob, len);
        p[at] ^= 0xa5;
        /* Refused, or read within bounds (ASan would tell). */
        refused += read_all(p, len, &rows) == ST_DB_CORRUPT;
        free(p);
    }
    ok(refused > 0, "damaged blobs: %zu of %zu refused, the rest read "
                    "within bounds", refused, tries);
    free(blob);
}

int main(void)
{
    char dir[] = "/tmp/portolan-test-count-XXXXXX", path[300], err[300];
    if (!mkdtemp(dir)) {
        ok(0, "mkdtemp");
        return done_testing();
    }
    snprintf(path, sizeof path, "%s/c.db", dir);
    db *d;
    is_int(db_open(path, DB_OPEN_CREATE, &d, NULL, err, sizeof err), ST_OK,
           "a new database");
    status st = ingest_bundled(d, NULL, NULL);
    ok(st == ST_OK || st == ST_WARN, "the bundled documents imported");
    flowtab t;
    flowtab_init(&t);
    is_int(db_flowtab_load(d, &t), ST_OK, "every flow at once");
    test_exprs(d, &t);
    test_columns(d, &t);
    test_port_term(d);
    test_damaged(&t);

    /* A document without its stored blob: not countable by parts. */
    sqlite3_exec(d->h, "UPDATE document_cache SET flow_text = NULL "
                       "WHERE document_id = (SELECT max(id) FROM document)",
                 NULL, NULL, NULL);
    filter *f;
    filter_error ferr;
    filter_new("tcp", FILTER_REGEX, &f, &ferr);
    counting c = {f, 0, 0};
    is_int(db_flowtab_parts(d, count_cb, &c), ST_DB_CORRUPT,
           "a document without its blob is ST_DB_CORRUPT");
    filter_free(f);
    db_close(d);

    flowtab_free(&t);
    static const char *const ext[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < 3; i++) {
        char side[320];
        snprintf(side, sizeof side, "%s%s", path, ext[i]);
        unlink(side);
    }
    rmdir(dir);
    return done_testing();
}
