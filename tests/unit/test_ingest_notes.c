/* test_ingest_notes.c - the footnote legend a mark refers to
 * (src/ingest_notes.c), checked against the rule written out legend by
 * legend: on the same line, else the first after, else the last before.
 * Legends in line order (binary search) and out of order (the fallback),
 * several on one line, marks that have none. */
#include <stdlib.h>
#include <string.h>
#include "../tap.h"
#include "../../src/ingest_int.h"

/* The rule, as ingest wrote it before the index. */
static long reference(const import_doc *doc, const char *mark, int line)
{
    long after = -1, before = -1;
    for (size_t i = 0; i < doc->nnotes; i++) {
        const import_note *n = &doc->notes[i];
        if (strcmp(n->mark, mark) != 0)
            continue;
        if (n->line == line)
            return (long)i;
        if (n->line > line && after < 0)
            after = (long)i;
        if (n->line < line)
            before = (long)i;
    }
    return after >= 0 ? after : before;
}

static const char *const MARKS[] = {"*", "**", "\xE2\x80\xA0", "\xE2\x80\xA1",
                                    "***", "+"};
enum { NMARKS = 5 }; /* "+" is asked for but never defined */

/* Every (mark, line) of 0..maxline against the reference; returns the
 * number of disagreements. */
static int compare_all(const import_doc *doc, int maxline)
{
    note_index *ix = note_index_new(doc);
    int bad = ix == NULL;
    for (size_t m = 0; ix && m < sizeof MARKS / sizeof *MARKS; m++)
        for (int line = 0; line <= maxline; line++)
            bad += note_index_find(ix, MARKS[m], line) !=
                   reference(doc, MARKS[m], line);
    note_index_free(ix);
    return bad;
}

int main(void)
{
    import_note notes[400];
    import_doc doc;
    memset(&doc, 0, sizeof doc);
    doc.notes = notes;

    /* Legends after each table, in line order, some sharing a line. */
    for (int i = 0; i < 200; i++)
        notes[i] = (import_note){10 + i * 3 - (i % 4 == 1 ? 3 : 0),
                                 (char *)MARKS[i % NMARKS], ""};
    doc.nnotes = 200;
    is_int(compare_all(&doc, 700), 0, "legends in line order: as the rule");

    /* Inline legends mixed in out of order (a cell defines one). */
    for (int i = 200; i < 400; i++)
        notes[i] = (import_note){(i * 37) % 650, (char *)MARKS[i % 3], ""};
    doc.nnotes = 400;
    is_int(compare_all(&doc, 700), 0, "legends out of order: as the rule");

    /* The pieces of the rule, one by one. */
    import_note few[] = {
        {5, "*", ""}, {20, "*", ""}, {20, "*", ""}, {40, "*", ""},
        {30, "**", ""},
    };
    import_doc small = {.notes = few, .nnotes = 5};
    note_index *ix = note_index_new(&small);
    ok(ix != NULL, "index of five legends");
    is_int(note_index_find(ix, "*", 20), 1, "same line: the first there");
    is_int(note_index_find(ix, "*", 21), 3, "else the first after");
    is_int(note_index_find(ix, "*", 50), 3, "else the last before");
    is_int(note_index_find(ix, "*", 1), 0, "before them all: the first");
    is_int(note_index_find(ix, "**", 90), 4, "another mark, alone");
    is_int(note_index_find(ix, "+", 20), -1, "a mark without legend");
    note_index_free(ix);

    import_doc none = {0};
    ix = note_index_new(&none);
    is_int(note_index_find(ix, "*", 1), -1, "no legends at all");
    note_index_free(ix);
    is_int(note_index_find(NULL, "*", 1), -1, "no index");
    return done_testing();
}
