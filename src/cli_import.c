/* cli_import.c - the commands that read documents (import, check), opening
 * the database for every command, and the explorer command. */
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

/* A database this run created and could not fill (a full disk): gone, so
 * the next run starts again instead of finding it half filled. */
static void remove_new_db(const char *path)
{
    static const char *const ext[] = {"", "-wal", "-shm", "-journal"};
    char name[4096];
    for (size_t i = 0; i < sizeof ext / sizeof *ext; i++)
        if ((size_t)snprintf(name, sizeof name, "%s%s", path, ext[i]) <
            sizeof name)
            unlink(name);
}

db *cli_open_db(const cli_opts *o, int readonly_ok)
{
    db *d = NULL;
    int created = 0;
    char err[512];
    status st = db_open(o->db_path, DB_OPEN_CREATE, &d, &created, err,
                        sizeof err);
    if ((st == ST_DB_READONLY || st == ST_IO) && readonly_ok)
        st = db_open(o->db_path, DB_OPEN_READONLY, &d, NULL, err, sizeof err);
    if (st != ST_OK) {
        cli_error("%s", err);
        return NULL;
    }
    if (created && !o->no_bundled) {
        /* The bundled documents' diagnostics are stored, not printed: a
         * first run should not open on two dozen known data errors. */
        st = ingest_bundled(d, NULL, NULL);
        if (st != ST_OK && st != ST_WARN) {
            cli_error("cannot fill the new database %s with the bundled "
                      "documents: %s%s%s", o->db_path, status_str(st),
                      db_error(d)[0] ? ": " : "", db_error(d));
            db_close(d);
            remove_new_db(o->db_path);
            return NULL;
        }
        fprintf(stderr, "portolan: created %s with the bundled documents "
                "(their data errors: portolan docs, portolan show ID)\n",
                o->db_path);
    }
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

/* import and check differ only in having a database. */
static int read_files(const cli_opts *o, db *d)
{
    int code = EXIT_FOUND;
    diag_ctx dc = {(o->given & OPT_VERBOSE) != 0, 0};
    for (int i = 0; i < o->nargs; i++) {
        ingest_result r;
        dc.errors = 0;
        status st = ingest_file(d, o->args[i], o->format, print_diag, &dc, &r);
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
