/* cli.h - the command line: options shared by every command, and the
 * commands themselves (cli_import.c, cli_query.c). main.c parses argv into
 * a cli_opts and runs the command; commands print and return exit codes:
 *   queries        0 found, 1 nothing found
 *   import/check   0 clean, 1 done with warnings
 *   export         0 written, 1 written with a warning (invalid UTF-8
 *                  replaced) or no such worksheet
 *   any command    2 usage error, unreadable input, failed import or
 *                  database error */
#ifndef PORTOLAN_CLI_H
#define PORTOLAN_CLI_H

#include "../db/db.h"
#include "../import/import.h"
#include "out.h"

enum { EXIT_FOUND = 0, EXIT_NONE = 1, EXIT_TROUBLE = 2 };

/* Options; each command accepts the ones its table entry lists. */
enum {
    OPT_JSON = 1 << 0,
    OPT_TSV = 1 << 1,
    OPT_COUNT = 1 << 2,
    OPT_MAX_SPAN = 1 << 3,
    OPT_FORMAT = 1 << 4,
    OPT_VERBOSE = 1 << 5,
    OPT_OUTPUT = 1 << 6,      /* -o FILE (export) */
    OPT_SHEET = 1 << 7,       /* --sheet NAME (sheet, export) */
    OPT_FORCE = 1 << 8,       /* --force (export) */
    OPT_ROFF = 1 << 9         /* --roff (keys) */
};

typedef struct {
    const char *db_path;      /* resolved: --db, $PORTOLAN_DB or default */
    int no_bundled;           /* --no-bundled: a new database starts empty */
    unsigned given;           /* OPT_* given on the command line */
    out_format out;
    long long max_span;       /* --max-span K, 0 = none */
    import_format format;     /* --format F, FMT_AUTO = detect;
                               * FMT__COUNT when F is no reader style */
    const char *format_name;  /* --format F as given (export reads it) */
    const char *output;       /* -o FILE, NULL = standard output */
    const char *sheet;        /* --sheet NAME, NULL = current worksheet */
    int force;                /* --force: replace an existing file */
    char **args;              /* the command's arguments */
    int nargs;
} cli_opts;

/* Open the database for a command, creating and filling it with the
 * bundled documents if it does not exist (unless --no-bundled). Prints a
 * message and returns NULL on failure. */
db *cli_open_db(const cli_opts *o, int readonly_ok);

int cli_import(const cli_opts *o);
int cli_check(const cli_opts *o);
int cli_docs(const cli_opts *o);
int cli_products(const cli_opts *o);
int cli_port(const cli_opts *o);
int cli_find(const cli_opts *o);
int cli_show(const cli_opts *o);
int cli_ui(const cli_opts *o);
int cli_keys(const cli_opts *o);
int cli_sheet(const cli_opts *o);   /* cli_sheet.c */
int cli_export(const cli_opts *o);  /* cli_sheet.c */

/* Print "portolan: MESSAGE" on stderr (escaped). */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
