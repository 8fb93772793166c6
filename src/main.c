/* main.c - portolan's entry point: parse the command line, run a command.
 * The only place where the layers are wired together. */
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "text.h"

typedef struct {
    const char *name;
    int (*run)(const cli_opts *);
    unsigned opts;       /* OPT_* this command accepts */
    int min_args, max_args;
    const char *usage;   /* after "portolan NAME " */
    const char *summary;
    const char *help;    /* the rest of its --help */
} command;

static const command COMMANDS[] = {
    {"ui", cli_ui, 0, 0, 0, "", "open the explorer (the default command)",
     "Opens the multi-pane explorer on the database. Press ? inside for "
     "the keys.\n"},
    {"keys", cli_keys, OPT_ROFF, 0, 0, "[--roff]",
     "list the explorer's key bindings",
     "Prints every key of the explorer with what it does: the same list as\n"
     "its ? overlay, made from the same table.\n"
     "  --roff   as the KEYS section of the man page (how doc/portolan.1 "
     "gets it)\n"},
    {"import", cli_import, OPT_FORMAT | OPT_VERBOSE, 1, -1,
     "[--format F] FILE...", "import documents into the database",
     "Reads the port tables of each FILE and stores its flows. Each file is\n"
     "one transaction: a file that fails leaves the database as it was. A\n"
     "file already imported unchanged (same SHA-256) is skipped; a changed\n"
     "file replaces its old rows. Diagnostics are printed as\n"
     "FILE:LINE: warning: MESSAGE.\n"
     "  --format F   cells, tsv, pipe, spaced or markdown (default: detect)\n"
     "  -v, --verbose  also print notes (cells without ports, marks "
     "without legend)\n"
     "Exit: 0 clean, 1 imported with warnings, 2 a file failed.\n"},
    {"check", cli_check, OPT_FORMAT | OPT_VERBOSE, 1, -1,
     "[--format F] FILE...", "parse documents and report, write nothing",
     "Like import, but only reads and reports: the database is not opened.\n"
     "  --format F   cells, tsv, pipe, spaced or markdown (default: detect)\n"
     "  -v, --verbose  also print notes\n"
     "Exit: 0 clean, 1 warnings, 2 a file could not be read.\n"},
    {"docs", cli_docs, OPT_JSON | OPT_TSV, 0, 0, "[--json|--tsv]",
     "list imported documents with flow and warning counts",
     "JSON Lines fields: id, document, path, sha256, title, vendor, format,\n"
     "size, imported_at, flows, warnings.\n"},
    {"products", cli_products, OPT_JSON | OPT_TSV, 0, 0, "[--json|--tsv]",
     "list products and sections of every document with flow counts",
     "JSON Lines fields: document, product, section, flows.\n"},
    {"port", cli_port, OPT_JSON | OPT_TSV | OPT_COUNT | OPT_MAX_SPAN, 1, 1,
     "N[/tcp|/udp] [--max-span K] [--count] [--json|--tsv]",
     "flows with a port range containing N",
     "Lists every flow with a parsed range containing port N, exact ports\n"
     "first, then narrow ranges, then wide ones, and which side matched.\n"
     "PROTO is the flow's transports from its parsed ranges (TCP, UDP,\n"
     "TCP/UDP, ...); --json has them as transports, the protocol cell as\n"
     "written as protocol.\n"
     "  --max-span K  drop ranges wider than K ports (lo-hi is hi-lo+1 "
     "wide)\n"
     "  --count       print only the number of flows\n"
     "Exit: 0 found, 1 none.\n"},
    {"find", cli_find, OPT_JSON | OPT_TSV | OPT_COUNT, 1, 1,
     "REGEX [--count] [--json|--tsv]",
     "flows whose text matches a PCRE2 regular expression",
     "Matches REGEX against every text field of every flow (source,\n"
     "destination, port cells, protocol, transports, description,\n"
     "requirement, document, product, section). Case-insensitive unless\n"
     "REGEX has an upper-case letter. PROTO is the flow's transports, as\n"
     "for port.\n"
     "  --count   print only the number of flows\n"
     "Exit: 0 found, 1 none, 2 invalid REGEX.\n"},
    {"show", cli_show, OPT_JSON, 1, 1, "ID [--json]",
     "everything about one flow",
     "Prints every field of flow ID, its parsed port ranges, footnotes,\n"
     "diagnostics and the document line it came from.\n"
     "Exit: 0 found, 1 no such flow.\n"},
    {"sheet", cli_sheet, OPT_SHEET, 0, -1,
     "[--sheet NAME] [SUBCOMMAND ARGS...]",
     "manage firewall worksheets (flows, role mappings, site values)",
     "Subcommands (default: show). --sheet NAME works on NAME instead of\n"
     "the current worksheet (whose flows are the explorer's marks).\n"
     "  list                  worksheets with flow counts; * marks current\n"
     "  new NAME              create a worksheet\n"
     "  use NAME              make NAME the current worksheet\n"
     "  delete NAME           delete a worksheet\n"
     "  show                  flows, mappings, site values, rules, to-do\n"
     "  add ID|LO-HI...       put flows on the worksheet\n"
     "  rm ID|LO-HI...        take flows off\n"
     "  set ROLE VALUE        map a device role to an address, CIDR, host\n"
     "                        name (or host:NAME), zone (or zone:NAME), any\n"
     "  unset ROLE            remove a mapping\n"
     "  set-default KEY VALUE site value of a configurable default:\n"
     "                        base-port N, ephemeral LO-HI, any LO-HI,\n"
     "                        ge1024 LO-HI, or LO-HI NEW-LO-HI for a range\n"
     "  unset-default KEY     back to the documents' value\n"
     "  set-customer TEXT     the customer named on exports\n"
     "Exit: 0 done, 1 no such worksheet, flow or mapping, 2 usage or\n"
     "database error.\n"},
    {"export", cli_export, OPT_FORMAT | OPT_OUTPUT | OPT_SHEET | OPT_FORCE, 0,
     0, "--format F [-o FILE] [--sheet NAME] [--force]",
     "write a worksheet as a spreadsheet, page, ruleset or graph",
     "Writes the rules of the current worksheet (or --sheet NAME).\n"
     "  --format F  csv, md, json, html, nft, iptables or dot\n"
     "  -o FILE     write FILE (whole or not at all); - or none: stdout\n"
     "  --force     replace FILE if it exists\n"
     "The formats are described in doc/export.md. Invalid UTF-8 in the\n"
     "text is replaced with U+FFFD, with a warning.\n"
     "Exit: 0 written, 1 written with that warning or no such worksheet,\n"
     "2 usage error or the file could not be written (or exists without\n"
     "--force).\n"},
};
#define NCOMMANDS (sizeof COMMANDS / sizeof *COMMANDS)

static const char GLOBAL_HELP[] =
    "Global options (before or after the command):\n"
    "  --db FILE       database file (default: $PORTOLAN_DB, else\n"
    "                  $XDG_DATA_HOME/portolan/portolan.db)\n"
    "  --no-bundled    a database created now starts empty instead of\n"
    "                  holding the bundled documents\n"
    "  -h, --help      help (for a command: portolan COMMAND --help)\n"
    "  -V, --version   version\n";

void cli_error(const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    fputs("portolan: ", stderr);
    out_text(stderr, buf);
    fputc('\n', stderr);
}

static void usage_all(FILE *f)
{
    fprintf(f, "usage: portolan [--db FILE] [COMMAND] [ARGS...]\n\n"
               "portolan turns vendor port reference documents into a "
               "queryable map of\nnetwork flows. With no command it opens "
               "the explorer.\n\nCommands:\n");
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(f, "  %-9s %s\n", COMMANDS[i].name, COMMANDS[i].summary);
    fprintf(f, "\n%s\nSee portolan(1) for the details.\n", GLOBAL_HELP);
}

static void usage_command(const command *c, FILE *f)
{
    fprintf(f, "usage: portolan %s %s\n\n%s.\n\n%s\n%s", c->name, c->usage,
            c->summary, c->help, GLOBAL_HELP);
}

static const command *find_command(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(COMMANDS[i].name, name) == 0)
            return &COMMANDS[i];
    return NULL;
}

/* The default database: $XDG_DATA_HOME/portolan/portolan.db, or under
 * ~/.local/share when XDG_DATA_HOME is unset. */
static const char *default_db(void)
{
    static char path[4096];
    const char *env = getenv("PORTOLAN_DB");
    if (env && *env)
        return env;
    const char *xdg = getenv("XDG_DATA_HOME");
    if (xdg && *xdg)
        snprintf(path, sizeof path, "%s/portolan/portolan.db", xdg);
    else
        snprintf(path, sizeof path, "%s/.local/share/portolan/portolan.db",
                 getenv("HOME") ? getenv("HOME") : ".");
    return path;
}

/* The value of an option: "--db=FILE" or "--db FILE". NULL if missing. */
static const char *opt_value(int argc, char **argv, int *i, const char *arg,
                             const char *name)
{
    size_t n = strlen(name);
    if (arg[n] == '=')
        return arg + n + 1;
    if (*i + 1 >= argc)
        return NULL;
    return argv[++*i];
}

static int is_opt(const char *arg, const char *name)
{
    size_t n = strlen(name);
    return strncmp(arg, name, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

typedef struct {
    cli_opts o;
    const command *cmd;
    int help, version;
} parsed;

static int parse_value_opt(int argc, char **argv, int *i, parsed *p)
{
    const char *a = argv[*i];
    const char *v;
    if (is_opt(a, "--db")) {
        if (!(v = opt_value(argc, argv, i, a, "--db")) || !*v)
            return cli_error("--db needs a FILE"), 0;
        p->o.db_path = v;
    } else if (is_opt(a, "--max-span")) {
        char *end;
        if (!(v = opt_value(argc, argv, i, a, "--max-span")))
            return cli_error("--max-span needs a number"), 0;
        errno = 0;
        long long k = strtoll(v, &end, 10);
        if (errno || *end || end == v || k < 1)
            return cli_error("--max-span: '%s' is not a positive number", v),
                   0;
        p->o.max_span = k;
        p->o.given |= OPT_MAX_SPAN;
    } else if (is_opt(a, "--format")) {
        if (!(v = opt_value(argc, argv, i, a, "--format")))
            return cli_error("--format needs a style name"), 0;
        /* export has formats of its own: check_command checks which */
        p->o.format = import_format_from_name(v);
        p->o.format_name = v;
        p->o.given |= OPT_FORMAT;
    } else if (is_opt(a, "-o") || is_opt(a, "--output")) {
        const char *name = a[1] == 'o' ? "-o" : "--output";
        if (!(v = opt_value(argc, argv, i, a, name)) || !*v)
            return cli_error("-o needs a FILE (- for standard output)"), 0;
        p->o.output = v;
        p->o.given |= OPT_OUTPUT;
    } else if (is_opt(a, "--sheet")) {
        if (!(v = opt_value(argc, argv, i, a, "--sheet")) || !*v)
            return cli_error("--sheet needs a worksheet NAME"), 0;
        p->o.sheet = v;
        p->o.given |= OPT_SHEET;
    } else {
        return -1;
    }
    return 1;
}

static int parse_flag(const char *a, parsed *p)
{
    if (!strcmp(a, "-h") || !strcmp(a, "--help"))
        p->help = 1;
    else if (!strcmp(a, "-V") || !strcmp(a, "--version"))
        p->version = 1;
    else if (!strcmp(a, "--json"))
        p->o.given |= OPT_JSON, p->o.out = OUT_JSON;
    else if (!strcmp(a, "--tsv"))
        p->o.given |= OPT_TSV, p->o.out = OUT_TSV;
    else if (!strcmp(a, "--count"))
        p->o.given |= OPT_COUNT;
    else if (!strcmp(a, "-v") || !strcmp(a, "--verbose"))
        p->o.given |= OPT_VERBOSE;
    else if (!strcmp(a, "--roff"))
        p->o.given |= OPT_ROFF;
    else if (!strcmp(a, "--no-bundled"))
        p->o.no_bundled = 1;
    else if (!strcmp(a, "--force"))
        p->o.given |= OPT_FORCE, p->o.force = 1;
    else
        return 0;
    return 1;
}

/* Fills p; returns 0 after printing a usage error. */
static int parse_args(int argc, char **argv, parsed *p)
{
    static char *args[4096];
    int only_args = 0;
    p->o.args = args;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!only_args && a[0] == '-' && a[1] != '\0' &&
            !(a[1] >= '0' && a[1] <= '9')) {
            if (!strcmp(a, "--")) {
                only_args = 1;
                continue;
            }
            int r = parse_value_opt(argc, argv, &i, p);
            if (r == 0)
                return 0;
            if (r < 0 && !parse_flag(a, p))
                return cli_error("unknown option '%s' (see portolan --help)",
                                 a),
                       0;
            continue;
        }
        if (!p->cmd) {
            if (!(p->cmd = find_command(a)))
                return cli_error("unknown command '%s' (see portolan --help)",
                                 a),
                       0;
            continue;
        }
        if (p->o.nargs >= (int)(sizeof args / sizeof *args))
            return cli_error("too many arguments"), 0;
        args[p->o.nargs++] = argv[i];
    }
    return 1;
}

static int check_command(const parsed *p)
{
    const command *c = p->cmd;
    unsigned extra = p->o.given & ~(c->opts);
    if (extra) {
        cli_error("%s does not take that option (see portolan %s --help)",
                  c->name, c->name);
        return 0;
    }
    if ((p->o.given & OPT_FORMAT) && c->run != cli_export &&
        p->o.format >= FMT__COUNT) {
        cli_error("--format: unknown style '%s' (cells, tsv, pipe, spaced, "
                  "markdown, auto)", p->o.format_name);
        return 0;
    }
    if ((p->o.given & OPT_JSON) && (p->o.given & OPT_TSV)) {
        cli_error("--json and --tsv exclude each other");
        return 0;
    }
    if (p->o.nargs < c->min_args ||
        (c->max_args >= 0 && p->o.nargs > c->max_args)) {
        cli_error("usage: portolan %s %s", c->name, c->usage);
        return 0;
    }
    return 1;
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    /* A file-size limit (ulimit -f) must end a write with an error that
     * rolls the import back and is reported, not kill us mid-write. */
    signal(SIGXFSZ, SIG_IGN);
    parsed p;
    memset(&p, 0, sizeof p);
    if (!parse_args(argc, argv, &p))
        return EXIT_TROUBLE;
    if (p.version) {
        printf("portolan %s (database schema %d)\n", PORTOLAN_VERSION,
               db_schema_version());
        return 0;
    }
    if (p.help) {
        if (p.cmd)
            usage_command(p.cmd, stdout);
        else
            usage_all(stdout);
        return 0;
    }
    if (!p.cmd)
        p.cmd = find_command("ui");
    if (!check_command(&p))
        return EXIT_TROUBLE;
    if (!p.o.db_path)
        p.o.db_path = default_db();
    return p.cmd->run(&p.o);
}
