/* cli_import.c - the commands that read documents (import, check), opening
 * the database for every command, and the explorer command. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "ingest.h"
#include "text.h"

typedef struct {
    int verbose;
    int errors;     /* error diagnostics printed (they say why a file failed) */
} diag_ctx;

/* FILE:LINE: warning: MESSAGE, escaped (names and messages quote the
 * document). Notes ("info") only with --verbose. */
static void print_diag(void *ctx, const char *file, int line,
                       const char *level, const char *message)
{
    diag_ctx *dc = ctx;
    if (dc && strcmp(level, "error") == 0)
        dc->errors++;
    if (strcmp(level, "info") == 0) {
        if (!dc || !dc->verbose)
            return;
        level = "note";
    }
    out_text(stderr, file);
    if (line > 0)
        fprintf(stderr, ":%d", line);
    fprintf(stderr, ": %s: ", level);
    out_text(stderr, message);
    fputc('\n', stderr);
}

/* A new database's contents. The bundled documents' diagnostics are
 * stored, not printed: a first run should not open on two dozen known
 * data errors. */
static status fill_bundled(db *d, void *ctx)
{
    (void)ctx;
    status st = ingest_bundled(d, NULL, NULL);
    return st == ST_WARN ? ST_OK : st;
}

/* Before db_create, a portolan killed while filling a new database left
 * some of the bundled documents and nothing else; such a database gets
 * the rest. One with none is left alone: it may have been made empty on
 * purpose (--no-bundled). */
static void complete_bundled(const cli_opts *o, db *d)
{
    long long bundled, others;
    if (o->no_bundled || db_is_readonly(d) ||
        db_document_origins(d, &bundled, &others) != ST_OK || others ||
        bundled == 0 || (size_t)bundled >= ingest_bundled_count())
        return;
    if (fill_bundled(d, NULL) == ST_OK)
        fprintf(stderr, "portolan: added the missing bundled documents to "
                "%s (it was left half filled)\n", o->db_path);
}

db *cli_open_db(const cli_opts *o, int readonly_ok)
{
    db *d = NULL;
    int made = 0;
    char err[512];
    status st = ST_OK;
    /* Made whole before anything opens it (db_create): a run killed
     * while filling it leaves nothing a later run takes for a database. */
    if (access(o->db_path, F_OK) != 0 && errno == ENOENT)
        st = db_create(o->db_path, o->no_bundled ? NULL : fill_bundled, NULL,
                       &made, err, sizeof err);
    if (st == ST_OK)
        st = db_open(o->db_path, 0, &d, NULL, err, sizeof err);
    /* Not writable: a query may still read it, if it exists (a file that
     * could not even be made has its reason in err already). */
    if ((st == ST_DB_READONLY || st == ST_IO) && readonly_ok &&
        access(o->db_path, F_OK) == 0)
        st = db_open(o->db_path, DB_OPEN_READONLY, &d, NULL, err, sizeof err);
    if (st != ST_OK) {
        cli_error("%s", err);
        return NULL;
    }
    if (made && !o->no_bundled)
        fprintf(stderr, "portolan: created %s with the bundled documents "
                "(their data errors: portolan docs, portolan show ID)\n",
                o->db_path);
    else if (!made)
        complete_bundled(o, d);
    return d;
}

static void summary(const char *file, const ingest_result *r, int checked)
{
    out_text(stdout, file);
    if (r->unchanged) {
        printf(": unchanged, already imported\n");
        return;
    }
    printf(": %s%zu flows, %zu port ranges, %zu footnotes, %zu warnings "
           "(%s",
           checked ? "would import " : "", r->flows, r->ranges, r->notes,
           r->warnings, import_format_name(r->format));
    if (r->title[0]) {
        printf(": ");
        out_text(stdout, r->title);
    }
    printf(")\n");
}

/* The next file, read and parsed on a second thread while the one before
 * it is written: the two halves of an import take about as long. */
typedef struct {
    const char *path;
    import_format fmt;
    ingest_doc *doc;
    pthread_t thread;
    int running;
} reader;

static void *reader_main(void *arg)
{
    reader *r = arg;
    r->doc = ingest_doc_read(r->path, r->fmt);
    return NULL;
}

static void reader_start(reader *r, const char *path, import_format fmt)
{
    r->path = path;
    r->fmt = fmt;
    r->doc = NULL;
    r->running = pthread_create(&r->thread, NULL, reader_main, r) == 0;
    if (!r->running)
        r->doc = ingest_doc_read(path, fmt);
}

static ingest_doc *reader_take(reader *r)
{
    if (r->running)
        pthread_join(r->thread, NULL);
    r->running = 0;
    return r->doc;
}

/* import and check differ only in having a database. */
static int read_files(const cli_opts *o, db *d)
{
    int code = EXIT_FOUND;
    diag_ctx dc = {(o->given & OPT_VERBOSE) != 0, 0};
    reader next;
    if (o->nargs > 0)
        reader_start(&next, o->args[0], o->format);
    for (int i = 0; i < o->nargs; i++) {
        ingest_result r;
        dc.errors = 0;
        ingest_doc *doc = reader_take(&next);
        if (i + 1 < o->nargs)
            reader_start(&next, o->args[i + 1], o->format);
        status st;
        if (doc) {
            st = ingest_doc_write(d, doc, print_diag, &dc, &r);
        } else {
            memset(&r, 0, sizeof r);
            print_diag(&dc, o->args[i], 0, "error", status_str(ST_NOMEM));
            st = ST_NOMEM;
        }
        if (st == ST_OK || st == ST_WARN) {
            summary(o->args[i], &r, d == NULL);
            if (st == ST_WARN && code == EXIT_FOUND)
                code = EXIT_NONE;
            continue;
        }
        /* An unreadable file or one without tables has said why; a
         * database failure (locked, disk full, damaged) has not. */
        if (dc.errors == 0) {
            const char *why = d ? db_error(d) : "";
            cli_error("%s: %s%s%s", o->args[i], status_str(st),
                      why[0] ? ": " : "", why);
        }
        if (d)
            cli_error("%s: not imported; the database is unchanged",
                      o->args[i]);
        code = EXIT_TROUBLE;
    }
    fflush(stdout);
    return code;
}

int cli_import(const cli_opts *o)
{
    db *d = cli_open_db(o, 0);
    if (!d)
        return EXIT_TROUBLE;
    int code = read_files(o, d);
    db_close(d);
    return code;
}

int cli_check(const cli_opts *o)
{
    return read_files(o, NULL);
}
