/* test_import_common.c - the helpers the table readers share
 * (import/import_int.h), for the cases the cells and tsv readers rely on:
 * line numbering, cell cleaning (HTML tags, Markdown escapes), splitting
 * on tabs, what column names mean, header rows, footnote legends and
 * inline legends in text cells, directions, orientation and product names
 * from headings. */
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "../../import/import.h"
#include "../../import/import_int.h"

#define DAGGER "\xE2\x80\xA0"
#define DDAGGER "\xE2\x80\xA1"

static void test_lines(void)
{
    static const char text[] = "\xEF\xBB\xBF" "a\r\nb\n\nc\rd\0e\n";
    import_lines ls;
    size_t nuls = 0;
    is_int(import_lines_split(text, sizeof text - 1, &ls, &nuls), ST_OK,
           "lines: split");
    is_int(ls.n, 5, "lines: CRLF, LF, CR end lines; no line after the last");
    if (ls.n == 5) {
        is_str(ls.v[0].s, "a", "lines: BOM dropped, CR gone");
        is_int(ls.v[0].no, 1, "lines: numbered from 1");
        is_str(ls.v[2].s, "", "lines: an empty line is a line");
        is_int(ls.v[3].no, 4, "lines: a lone CR ends line 4");
        is_str(ls.v[4].s, "d e", "lines: NUL read as a space");
        is_int(ls.v[4].len, 3, "lines: length kept");
    }
    is_int(nuls, 1, "lines: NUL counted");
    import_lines_free(&ls);

    ok(import_blank("  \t"), "blank: spaces and tabs");
    ok(import_blank("\xC2\xA0 "), "blank: NBSP");
    ok(import_blank(""), "blank: empty");
    ok(!import_blank("  x"), "blank: not with a letter");
}

static void check_clean(const char *in, const char *want, const char *name)
{
    char *c = import_clean(in, strlen(in));
    is_str(c, want, "clean: %s", name);
    free(c);
}

static void test_clean(void)
{
    check_clean("<b>SIP PROTOCOL</b>  TCP/UDP 5060",
                "SIP PROTOCOL TCP/UDP 5060", "<b> tags gone, spaces folded");
    check_clean("<u>RAS signaling</u> UDP 1719", "RAS signaling UDP 1719",
                "<u> tags gone");
    check_clean("ports  <i>* Other EPs/MCUs</i>", "ports * Other EPs/MCUs",
                "<i> tags gone, mark kept");
    check_clean("\\*\\* A different port", "** A different port",
                "escaped stars kept as stars");
    check_clean("**Notice**", "Notice", "Markdown bold gone");
    check_clean("TCP 12000-15000***", "TCP 12000-15000***",
                "marks after a port kept");
    check_clean("UDP 10000-65535 **", "UDP 10000-65535 **",
                "a trailing mark pair is not bold");
    check_clean("TCP 80** (HTTP) TCP 443** (HTTPS)",
                "TCP 80** (HTTP) TCP 443** (HTTPS)",
                "marks glued to ports are not bold");
    check_clean("Mandatory ** Only on the management interface",
                "Mandatory ** Only on the management interface",
                "a spaced mark pair is not bold");
    check_clean("    Local Ports:  ", "Local Ports:", "trimmed");
    check_clean("a\xC2\xA0\tb", "a b", "NBSP and tab are spaces");
}

static void test_split(void)
{
    char line[] = "a\t\tb\t";
    char *cells[8];
    size_t n = import_split(line, '\t', cells, 8);
    is_int(n, 4, "split: empty cells kept, a trailing tab makes one");
    if (n == 4) {
        is_str(cells[0], "a", "split: cell 1");
        is_str(cells[1], "", "split: cell 2 empty");
        is_str(cells[2], "b", "split: cell 3");
        is_str(cells[3], "", "split: cell 4 empty");
    }
    char two[] = "a\tb\tc";
    n = import_split(two, '\t', cells, 2);
    is_int(n, 2, "split: at most max cells");
    if (n == 2)
        is_str(cells[1], "b\tc", "split: the last keeps the rest");
}

static void check_role(const char *header, col_role want)
{
    is_int(import_column_role(header, NULL, 0), want, "role of '%s'",
           header);
}

static void test_roles(void)
{
    /* the tsv document's header, both wordings of its last column */
    check_role("Source Device", COL_SRC_DEVICE);
    check_role("Source Network (or application) Protocol and Port",
               COL_SRC_PORTS);
    check_role("Destination Device", COL_DST_DEVICE);
    check_role("Destination Network (or application) Protocol and Port",
               COL_DST_PORTS);
    check_role("Description", COL_DESCRIPTION);
    check_role("Requirement", COL_REQUIREMENT);
    check_role("Mandatory", COL_REQUIREMENT);
    /* the cells document's header */
    check_role("Protocol", COL_PROTOCOL);
    check_role("Port Number(s)", COL_PORTS);
    check_role("Direction", COL_DIRECTION);
    check_role("Application", COL_DESCRIPTION);
    /* other wordings the synthetic documents use */
    check_role("From", COL_SRC_DEVICE);
    check_role("To", COL_DST_DEVICE);
    check_role("Port", COL_PORTS);
    check_role("Proto", COL_PROTOCOL);
    check_role("Notes", COL_DESCRIPTION);
    check_role("Required", COL_REQUIREMENT);
    check_role("Peer", COL_DEVICE);
    check_role("Purpose", COL_DESCRIPTION);
    check_role("Usage", COL_DESCRIPTION);
    /* the boilerplate tables name no column */
    check_role("Old Name", COL_UNKNOWN);
    check_role("New Name", COL_UNKNOWN);
    check_role("Field", COL_UNKNOWN);
    check_role("Value", COL_UNKNOWN);
    check_role("Term", COL_UNKNOWN);
    check_role("Meaning", COL_UNKNOWN);

    char local[64];
    is_int(import_column_role("Connection to Prognosis Server", local,
                              sizeof local),
           COL_DIRECTION, "a connection column is a direction");
    is_str(local, "Prognosis Server", "and names the local side");
}

static int header_of(const char *row)
{
    char *copy = strdup(row);
    char *cells[16];
    size_t n = import_split(copy, '\t', cells, 16);
    int yes = import_is_header(cells, n);
    free(copy);
    return yes;
}

static void test_headers(void)
{
    ok(header_of("Source Device\tSource Network (or application) Protocol "
                 "and Port\tDestination Device\tDestination Network (or "
                 "application) Protocol and Port\tDescription\tRequirement"),
       "header: the tsv document's");
    ok(header_of("From\tTo\tPort\tProto\tNotes\tRequired"),
       "header: renamed and reordered");
    ok(header_of("Port\tProtocol\tPeer\tPurpose"), "header: one side");
    ok(!header_of("Old Name\tNew Name"), "header: not a glossary");
    ok(!header_of("Field\tValue"), "header: not a form");
    ok(!header_of("Introduction .....\t10"), "header: not contents");
    ok(!header_of("Management PC\tEphemeral Ports\tScopia ISDN Gateway\t"
                  "TCP 21 (FTP)\tEnables Gateway upgrades\tMandatory"),
       "header: not a data row");
    ok(!header_of("Description\tRequirement\tDevice"),
       "header: no ports column, no header");
    ok(!header_of("Port\tInbound\tOutbound"),
       "header: direction values are not names");
}

static void check_legend(const char *line, const char *mark,
                         const char *text)
{
    char *m = NULL, *t = NULL;
    int yes = import_legend(line, &m, &t);
    if (ok(yes, "legend: '%.20s'", line)) {
        is_str(m, mark, "legend: mark of '%.20s'", line);
        is_str(t, text, "legend: text of '%.20s'", line);
    }
    free(m);
    free(t);
}

static void check_not_legend(const char *line)
{
    char *m = NULL, *t = NULL;
    ok(!import_legend(line, &m, &t), "not a legend: '%s'", line);
    free(m);
    free(t);
}

static void test_legends(void)
{
    check_legend("    * Default port number. A different port number can "
                 "be assigned.", "*",
                 "Default port number. A different port number can be "
                 "assigned.");
    check_legend("\\*The maximum port range is specified.", "*",
                 "The maximum port range is specified.");
    check_legend("\\*\\* A different port can be configured.", "**",
                 "A different port can be configured.");
    check_legend(DDAGGER " Check-in happens daily.", DDAGGER,
                 "Check-in happens daily.");
    check_legend(DAGGER " The console is served over TLS only.", DAGGER,
                 "The console is served over TLS only.");
    check_not_legend("Mandatory *Default TCP Port range");
    check_not_legend("5060*");
    check_not_legend("## **Notice**");
    check_not_legend("**Settings** Meeting Features");

    is_int(import_mark_len("***x"), 3, "mark: three stars");
    is_int(import_mark_len(DAGGER DAGGER " x"), 6, "mark: two daggers");
    is_int(import_mark_len("(*) x"), 3, "mark: (*)");
    is_int(import_mark_len("x*"), 0, "mark: not after a letter");
}

/* Cut marks from a copy of cell; returns the cell, *marks and the notes
 * added to doc. */
static char *marks_of(import_doc *doc, int line, const char *cell,
                      char **marks)
{
    char *c = strdup(cell);
    if (c && import_cell_marks(doc, line, c, marks) != ST_OK) {
        free(c);
        return NULL;
    }
    return c;
}

static void test_cell_marks(void)
{
    import_doc doc;
    memset(&doc, 0, sizeof doc);
    char *marks = NULL;
    char *c = marks_of(&doc, 295,
                       "Mandatory *Default TCP Port range for Windows Server "
                       "2008 R2 or higher. ** Default UDP port range which "
                       "is configurable.", &marks);
    is_str(c, "Mandatory", "cell marks: the cell keeps its words");
    is_str(marks, "* **", "cell marks: both marks");
    is_int(doc.nnotes, 2, "cell marks: two inline legends");
    if (doc.nnotes == 2) {
        is_int(doc.notes[0].line, 295, "cell marks: note keeps the line");
        is_str(doc.notes[0].mark, "*", "cell marks: first mark");
        is_str(doc.notes[0].text, "Default TCP Port range for Windows Server "
               "2008 R2 or higher.", "cell marks: first text");
        is_str(doc.notes[1].mark, "**", "cell marks: second mark");
        is_str(doc.notes[1].text,
               "Default UDP port range which is configurable.",
               "cell marks: second text");
    }
    free(c);
    free(marks);
    marks = NULL;

    c = marks_of(&doc, 467, "media to clients for broadcasts *** If "
                 "Multicast is enabled", &marks);
    is_str(c, "media to clients for broadcasts", "cell marks: *** legend cut");
    is_str(marks, "***", "cell marks: ***");
    free(c);
    free(marks);
    marks = NULL;

    c = marks_of(&doc, 25, "Web console " DAGGER, &marks);
    is_str(c, "Web console", "cell marks: a trailing dagger");
    is_str(marks, DAGGER, "cell marks: dagger kept as a mark");
    free(c);
    free(marks);

    /* a continuation adds to the marks a flow already has */
    marks = strdup(DDAGGER);
    c = marks_of(&doc, 15, "minute *Batched when the uplink is down",
                 &marks);
    is_str(c, "minute", "cell marks: continuation text");
    is_str(marks, DDAGGER " *", "cell marks: appended to existing marks");
    free(c);
    free(marks);
    marks = NULL;

    size_t before = doc.nnotes;
    c = marks_of(&doc, 1, "Scopia Desktop Call Setup and Management", &marks);
    is_str(c, "Scopia Desktop Call Setup and Management",
           "cell marks: plain text unchanged");
    ok(marks == NULL, "cell marks: no marks");
    is_int(doc.nnotes, before, "cell marks: no note");
    free(c);
    import_doc_free(&doc);
}

static void test_direction(void)
{
    is_str(import_direction("Outbound"), "outbound", "direction: outbound");
    is_str(import_direction("Inbound"), "inbound", "direction: inbound");
    is_str(import_direction("Inbound/ Outbound"), "both", "direction: both");
    is_str(import_direction("Inbound:"), "inbound", "direction: a label");
    is_str(import_direction("N/A"), "", "direction: N/A says nothing");
    is_str(import_direction("Direction"), "", "direction: the column name");
    is_str(import_direction(""), "", "direction: empty");
    is_str(import_direction("Inbound ICMP messages (required for some "
                            "network tests)"), "",
           "direction: a description is not one");

    import_flow f;
    memset(&f, 0, sizeof f);
    import_orient(&f, "Agent", "Peer", "inbound");
    is_str(f.source, "Peer", "orient: inbound from the remote side");
    is_str(f.destination, "Agent", "orient: inbound to the product");
    import_orient(&f, "Agent", "", "both");
    is_str(f.source, "Agent", "orient: both from the product");
    is_str(f.destination, "", "orient: both to the remote side");
    import_orient(&f, "Agent", "Hub", "");
    is_str(f.source, "Agent", "orient: no direction from the product");
    is_str(f.destination, "Hub", "orient: no direction to the remote");
}

static void check_product(const char *heading, const char *want)
{
    char *p = import_product_name(heading);
    is_str(p, want, "product of '%s'", heading);
    free(p);
}

static void test_products(void)
{
    check_product("Equinox Management ports", "Equinox Management");
    check_product("Elite MCU Ports", "Elite MCU");
    check_product("Unified Portal/Web Gateway Ports",
                  "Unified Portal/Web Gateway");
    check_product("Edge Proxy ports", "Edge Proxy");
    /* a heading that does not end in "Ports" names no ports: the readers
     * take it for a title or a running page header */
    check_product("Ports and Protocols Guide", "Ports and Protocols Guide");
    check_product("Port Security for the Equinox Solution",
                  "Port Security for the Equinox Solution");
    check_product("Article summary", "Article summary");
}

static void test_add_flow(void)
{
    import_doc doc;
    memset(&doc, 0, sizeof doc);
    import_flow f;
    memset(&f, 0, sizeof f);
    f.line = 7;
    f.product = "P";
    is_int(import_add_flow(&doc, &f), ST_OK, "add flow");
    if (doc.nflows == 1) {
        is_int(doc.flows[0].line, 7, "add flow: line");
        is_str(doc.flows[0].product, "P", "add flow: copied");
        is_str(doc.flows[0].source, "", "add flow: NULL becomes \"\"");
        ok(doc.flows[0].product != f.product, "add flow: a copy");
    }
    import_doc_free(&doc);
}

int main(void)
{
    test_lines();
    test_clean();
    test_split();
    test_roles();
    test_headers();
    test_legends();
    test_cell_marks();
    test_direction();
    test_products();
    test_add_flow();
    return done_testing();
}
