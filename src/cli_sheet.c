/* cli_sheet.c - `portolan sheet ...` (worksheets: flows, role mappings,
 * site defaults, customer) and `portolan export` (a worksheet as CSV,
 * Markdown, JSON, HTML, nftables, iptables or Graphviz). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "export.h"
#include "worksheet.h"

#define CELL_MAX 30

/* Exit code for a status: 1 when something named does not exist. */
static int fail(db *d, status st, const char *what)
{
    if (st == ST_NOTFOUND) {
        cli_error("%s", db_error(d));
        return EXIT_NONE;
    }
    if (st == ST_USAGE || st == ST_EXISTS)
        cli_error("%s", db_error(d));
    else
        cli_error("%s: %s (%s)", what, status_str(st), db_error(d));
    return EXIT_TROUBLE;
}

/* The worksheet the command is about, for messages. */
static const char *sheet_label(db *d, const cli_opts *o, char *buf,
                               size_t n)
{
    if (o->sheet)
        return o->sheet;
    if (db_sheet_current(d, buf, n) != ST_OK)
        snprintf(buf, n, "default");
    return buf;
}

/* ---- list --------------------------------------------------------------- */

static int list_cb(void *ctx, const db_sheet *s)
{
    char flows[24], roles[24], defs[24];
    snprintf(flows, sizeof flows, "%lld", s->flows);
    snprintf(roles, sizeof roles, "%lld", s->roles);
    snprintf(defs, sizeof defs, "%lld", s->defaults);
    const char *cells[] = {s->current ? "*" : "", s->name, flows, roles,
                           defs, s->customer, s->created_at};
    return !out_table_add(ctx, cells);
}

static int sub_list(db *d, const cli_opts *o, char **args, int n)
{
    static const char *const heads[] = {"", "WORKSHEET", "FLOWS", "MAPPINGS",
                                        "DEFAULTS", "CUSTOMER", "CREATED"};
    out_table *t = out_table_new(7, heads, CELL_MAX);
    if (!t)
        return cli_error("out of memory"), EXIT_TROUBLE;
    status st = db_sheets(d, list_cb, t);
    out_table_print(t, OUT_TABLE, stdout);
    return st == ST_OK ? EXIT_FOUND : fail(d, st, "listing worksheets");
}

/* ---- new, use, delete, set-customer ------------------------------------- */

static int sub_new(db *d, const cli_opts *o, char **args, int n)
{
    status st = db_sheet_create(d, args[0]);
    if (st != ST_OK)
        return fail(d, st, "creating the worksheet");
    printf("created worksheet ");
    out_text(stdout, args[0]);
    printf(" (make it current with: portolan sheet use NAME)\n");
    return EXIT_FOUND;
}

static int sub_use(db *d, const cli_opts *o, char **args, int n)
{
    status st = db_sheet_use(d, args[0]);
    if (st != ST_OK)
        return fail(d, st, "choosing the worksheet");
    printf("current worksheet: ");
    out_text(stdout, args[0]);
    putchar('\n');
    return EXIT_FOUND;
}

static int sub_delete(db *d, const cli_opts *o, char **args, int n)
{
    status st = db_sheet_delete(d, args[0]);
    if (st != ST_OK)
        return fail(d, st, "deleting the worksheet");
    printf("deleted worksheet ");
    out_text(stdout, args[0]);
    putchar('\n');
    return EXIT_FOUND;
}

static int sub_customer(db *d, const cli_opts *o, char **args, int n)
{
    status st = db_sheet_customer_set(d, o->sheet, args[0]);
    return st == ST_OK ? EXIT_FOUND : fail(d, st, "setting the customer");
}

/* ---- add, rm ------------------------------------------------------------ */

/* "42" or "40-45" into lo..hi; 0 if it is neither. */
static int parse_ids(const char *s, long long *lo, long long *hi)
{
    char *end;
    errno = 0;
    *lo = strtoll(s, &end, 10);
    if (errno || end == s || *lo <= 0)
        return 0;
    *hi = *lo;
    if (*end == '-') {
        const char *t = end + 1;
        *hi = strtoll(t, &end, 10);
        if (errno || end == t || *hi < *lo || *hi - *lo > 1000000)
            return 0;
    }
    return *end == '\0';
}

static int noop_cb(void *ctx, const db_sheet *s)
{
    return 0;
}

static int add_rm(db *d, const cli_opts *o, char **args, int n, int on)
{
    for (int i = 0; i < n; i++) {
        long long lo, hi;
        if (!parse_ids(args[i], &lo, &hi)) {
            cli_error("'%s' is not a flow id or a range of ids LO-HI",
                      args[i]);
            return EXIT_TROUBLE;
        }
    }
    /* a named worksheet must exist (the current one is made on first
     * use); below, ST_NOTFOUND is then only ever a missing flow */
    status st = db_sheet_get(d, o->sheet, noop_cb, NULL);
    if (st != ST_OK)
        return fail(d, st, "finding the worksheet");
    st = db_begin(d);
    long long done = 0;
    for (int i = 0; st == ST_OK && i < n; i++) {
        long long lo, hi;
        parse_ids(args[i], &lo, &hi);
        for (long long id = lo; st == ST_OK && id <= hi; id++) {
            st = db_sheet_flow_set(d, o->sheet, id, on);
            /* a range may have holes (ids of replaced documents) */
            if (st == ST_NOTFOUND && lo != hi)
                st = ST_OK;
            else if (st == ST_OK)
                done++;
        }
    }
    if (st == ST_OK)
        st = db_commit(d);
    if (st != ST_OK) {
        db_rollback(d);
        return fail(d, st, on ? "adding flows" : "removing flows");
    }
    char name[128];
    printf("%s %lld flow%s %s worksheet ", on ? "added" : "removed", done,
           done == 1 ? "" : "s", on ? "to" : "from");
    out_text(stdout, sheet_label(d, o, name, sizeof name));
    putchar('\n');
    return EXIT_FOUND;
}

static int sub_add(db *d, const cli_opts *o, char **args, int n)
{
    return add_rm(d, o, args, n, 1);
}

static int sub_rm(db *d, const cli_opts *o, char **args, int n)
{
    return add_rm(d, o, args, n, 0);
}

/* ---- mappings and site defaults ----------------------------------------- */

static int sub_set(db *d, const cli_opts *o, char **args, int n)
{
    rules_value_kind kind;
    char err[300];
    if (rules_value_parse(args[1], &kind, NULL, err, sizeof err) != ST_OK) {
        cli_error("%s", err);
        return EXIT_TROUBLE;
    }
    status st = db_sheet_role_set(d, o->sheet, args[0], args[1]);
    if (st != ST_OK)
        return fail(d, st, "mapping the role");
    out_text(stdout, args[0]);
    printf(" = ");
    out_text(stdout, args[1]);
    printf(" (%s)\n", rules_value_kind_name(kind));
    /* A role no flow of the worksheet names is most likely a typo. */
    worksheet *w;
    if (worksheet_load(d, o->sheet, &w, err, sizeof err) == ST_OK) {
        int used = 0;
        for (size_t i = 0; i < w->rules->nhosts && !used; i++)
            used = w->rules->hosts[i].role &&
                   !strcmp(w->rules->hosts[i].role, args[0]);
        if (!used && w->nflows)
            cli_error("note: no flow on the worksheet names a device '%s' "
                      "(or starting with it)", args[0]);
        worksheet_free(w);
    }
    return EXIT_FOUND;
}

static int sub_unset(db *d, const cli_opts *o, char **args, int n)
{
    status st = db_sheet_role_set(d, o->sheet, args[0], NULL);
    return st == ST_OK ? EXIT_FOUND : fail(d, st, "removing the mapping");
}

static int sub_set_default(db *d, const cli_opts *o, char **args, int n)
{
    char key[32], value[32], err[300];
    if (rules_default_check(args[0], args[1], key, value, err,
                            sizeof err) != ST_OK) {
        cli_error("%s", err);
        return EXIT_TROUBLE;
    }
    status st = db_sheet_default_set(d, o->sheet, key, value);
    if (st != ST_OK)
        return fail(d, st, "setting the site default");
    printf("%s = %s\n", key, value);
    return EXIT_FOUND;
}

static int sub_unset_default(db *d, const cli_opts *o, char **args, int n)
{
    char key[32], value[32], err[300];
    /* any valid value gives the canonical key */
    if (rules_default_check(args[0], "1", key, value, err, sizeof err) !=
        ST_OK) {
        cli_error("%s", err);
        return EXIT_TROUBLE;
    }
    status st = db_sheet_default_set(d, o->sheet, key, NULL);
    return st == ST_OK ? EXIT_FOUND : fail(d, st, "removing the default");
}

/* ---- show --------------------------------------------------------------- */

static void field(const char *name, const char *value)
{
    printf("%-10s ", name);
    out_text(stdout, value);
    putchar('\n');
}

static int flow_cb(void *ctx, const db_flow *f)
{
    char id[24], where[300];
    snprintf(id, sizeof id, "%lld", f->id);
    snprintf(where, sizeof where, "%s:%d", f->document, f->line);
    const char *cells[] = {id, where, f->source, f->destination,
                           f->destination_ports, f->description};
    return !out_table_add(ctx, cells);
}

static void show_rules(const rules_sheet *rs)
{
    static const char *const heads[] = {"RULE", "SOURCE", "DESTINATION",
                                        "PROTO", "SRC PORTS", "DST PORTS",
                                        "FLOWS"};
    out_table *t = out_table_new(7, heads, CELL_MAX);
    for (size_t i = 0; t && i < rs->nrules; i++) {
        const rules_rule *r = &rs->rules[i];
        char id[16], src[300], dst[300], sp[512], dp[512], flows[512] = "";
        snprintf(id, sizeof id, "R%d%s", r->id, r->local ? " local" : "");
        snprintf(src, sizeof src, "%s%s%s",
                 rs->hosts[r->src].kind == RV_PLACEHOLDER ? "[" : "",
                 rs->hosts[r->src].value,
                 rs->hosts[r->src].kind == RV_PLACEHOLDER ? "]" : "");
        snprintf(dst, sizeof dst, "%s%s%s",
                 rs->hosts[r->dst].kind == RV_PLACEHOLDER ? "[" : "",
                 rs->hosts[r->dst].value,
                 rs->hosts[r->dst].kind == RV_PLACEHOLDER ? "]" : "");
        rules_ports_text(rs, &r->sports, sp, sizeof sp);
        rules_ports_text(rs, &r->dports, dp, sizeof dp);
        for (size_t j = 0; j < r->norigins; j++) {
            size_t len = strlen(flows);
            snprintf(flows + len, sizeof flows - len, "%s%lld",
                     j ? " " : "", r->origins[j].flow);
        }
        const char *cells[] = {id, src, dst, rules_proto_name(r->proto), sp,
                               dp, flows};
        out_table_add(t, cells);
    }
    if (t)
        out_table_print(t, OUT_TABLE, stdout);
}

static int sub_show(db *d, const cli_opts *o, char **args, int n)
{
    char err[512], num[64];
    worksheet *w;
    status st = worksheet_load(d, o->sheet, &w, err, sizeof err);
    if (st != ST_OK) {
        cli_error("%s", err);
        return st == ST_NOTFOUND ? EXIT_NONE : EXIT_TROUBLE;
    }
    const rules_sheet *rs = w->rules;
    field("worksheet", w->name);
    if (w->current)
        field("", "(current: the explorer's marks)");
    field("customer", w->customer[0] ? w->customer : "(not set)");
    snprintf(num, sizeof num, "%zu flows, %zu rules, %zu to-do items",
             w->nflows, rs->nrules, rs->ntodos);
    field("contents", num);
    printf("\nmappings:\n");
    if (!w->nroles)
        printf("  (none: portolan sheet set ROLE VALUE)\n");
    for (size_t i = 0; i < w->nroles; i++) {
        printf("  ");
        out_text(stdout, w->roles[i].key);
        printf(" = ");
        out_text(stdout, w->roles[i].value);
        putchar('\n');
    }
    printf("\nsite values:\n");
    if (!w->ndefaults)
        printf("  (none: the documents' defaults)\n");
    for (size_t i = 0; i < w->ndefaults; i++) {
        printf("  ");
        out_text(stdout, w->defaults[i].key);
        printf(" = ");
        out_text(stdout, w->defaults[i].value);
        putchar('\n');
    }
    printf("\nflows:\n");
    static const char *const heads[] = {"ID",        "DOCUMENT:LINE",
                                        "SOURCE",    "DESTINATION",
                                        "DST PORTS", "DESCRIPTION"};
    out_table *t = out_table_new(6, heads, CELL_MAX);
    if (t) {
        out_table_cap(t, 1, 0);
        st = db_sheet_flows(d, o->sheet, flow_cb, t);
        out_table_print(t, OUT_TABLE, stdout);
    }
    printf("\nrules:\n");
    show_rules(rs);
    printf("\nto do:\n");
    if (!rs->ntodos)
        printf("  nothing\n");
    for (size_t i = 0; i < rs->ntodos; i++) {
        printf("  - ");
        out_text(stdout, rs->todos[i].text);
        putchar('\n');
    }
    worksheet_free(w);
    return st == ST_OK ? EXIT_FOUND : fail(d, st, "listing flows");
}

/* ---- the command -------------------------------------------------------- */

typedef struct {
    const char *name;
    int min, max;         /* arguments after the subcommand; -1 any */
    int writes;           /* needs a writable database */
    int named;            /* takes a NAME, not --sheet */
    int (*run)(db *, const cli_opts *, char **, int);
} subcommand;

static const subcommand SUBS[] = {
    {"list", 0, 0, 0, 1, sub_list},
    {"new", 1, 1, 1, 1, sub_new},
    {"use", 1, 1, 1, 1, sub_use},
    {"delete", 1, 1, 1, 1, sub_delete},
    {"show", 0, 0, 0, 0, sub_show},
    {"add", 1, -1, 1, 0, sub_add},
    {"rm", 1, -1, 1, 0, sub_rm},
    {"set", 2, 2, 1, 0, sub_set},
    {"unset", 1, 1, 1, 0, sub_unset},
    {"set-default", 2, 2, 1, 0, sub_set_default},
    {"unset-default", 1, 1, 1, 0, sub_unset_default},
    {"set-customer", 1, 1, 1, 0, sub_customer},
};

int cli_sheet(const cli_opts *o)
{
    const char *name = o->nargs ? o->args[0] : "show";
    const subcommand *sc = NULL;
    for (size_t i = 0; i < sizeof SUBS / sizeof SUBS[0]; i++)
        if (!strcmp(SUBS[i].name, name))
            sc = &SUBS[i];
    if (!sc) {
        cli_error("unknown sheet subcommand '%s' (see portolan sheet "
                  "--help)", name);
        return EXIT_TROUBLE;
    }
    int n = o->nargs ? o->nargs - 1 : 0;
    if (n < sc->min || (sc->max >= 0 && n > sc->max)) {
        cli_error("wrong number of arguments for 'sheet %s' (see portolan "
                  "sheet --help)", sc->name);
        return EXIT_TROUBLE;
    }
    if (sc->named && o->sheet) {
        cli_error("'sheet %s' takes a worksheet NAME, not --sheet",
                  sc->name);
        return EXIT_TROUBLE;
    }
    db *d = cli_open_db(o, !sc->writes);
    if (!d)
        return EXIT_TROUBLE;
    int code = sc->run(d, o, o->nargs ? o->args + 1 : o->args, n);
    db_close(d);
    return code;
}

/* ---- export ------------------------------------------------------------- */

/* The export on a terminal: every line escaped like all terminal output. */
static status to_terminal(const worksheet *w, export_format fmt,
                          export_report *rep)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m)
        return ST_NOMEM;
    status st = export_stream(w, fmt, m, rep);
    if (fclose(m) != 0 && st == ST_OK)
        st = ST_NOMEM;
    for (char *line = buf, *nl; st == ST_OK && line && *line; line = nl) {
        nl = strchr(line, '\n');
        if (nl)
            *nl++ = '\0';
        out_text(stdout, line);
        putchar('\n');
        if (!nl)
            break;
    }
    free(buf);
    return st;
}

int cli_export(const cli_opts *o)
{
    if (!o->format_name) {
        cli_error("export needs --format F (csv, md, json, html, nft, "
                  "iptables, dot)");
        return EXIT_TROUBLE;
    }
    export_format fmt = export_format_from_name(o->format_name);
    if (fmt >= EXPORT__COUNT) {
        cli_error("--format: unknown export format '%s' (csv, md, json, "
                  "html, nft, iptables, dot)", o->format_name);
        return EXIT_TROUBLE;
    }
    db *d = cli_open_db(o, 1);
    if (!d)
        return EXIT_TROUBLE;
    char err[1024];
    worksheet *w;
    status st = worksheet_load(d, o->sheet, &w, err, sizeof err);
    db_close(d);
    if (st != ST_OK) {
        cli_error("%s", err);
        return st == ST_NOTFOUND ? EXIT_NONE : EXIT_TROUBLE;
    }
    int file = o->output && strcmp(o->output, "-");
    export_report rep = {0};
    if (!file && isatty(STDOUT_FILENO)) {
        st = to_terminal(w, fmt, &rep);
        if (st != ST_OK)
            snprintf(err, sizeof err, "%s", status_str(st));
    } else {
        st = export_file(w, fmt, o->output, o->force, &rep, err,
                         sizeof err);
    }
    if (st == ST_OK && file) {
        fprintf(stderr, "portolan: wrote ");
        out_text(stderr, o->output);
        fprintf(stderr, " (%s): %zu rules from %zu flows, %zu to-do items\n",
                export_format_name(fmt), w->rules->nrules, w->nflows,
                w->rules->ntodos);
    }
    worksheet_free(w);
    if (st != ST_OK) {
        cli_error("%s", err);
        return EXIT_TROUBLE;
    }
    if (rep.replaced) { /* written, with a warning: exit 1 like import */
        char msg[1024];
        cli_error("warning: %s", export_report_text(&rep, o->output, msg,
                                                    sizeof msg));
        return EXIT_NONE;
    }
    return EXIT_FOUND;
}
