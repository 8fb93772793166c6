/* fuzz_import.c - libFuzzer target for the document readers and ingest.
 *
 * Input: one byte choosing the reader (0 detect, 1 cells, 2 tsv, 3 pipe,
 * 4 spaced, 5 markdown; the byte modulo 6), then the document. The text is
 * handed over in a buffer of exactly its size (not NUL-terminated), as
 * import.h allows. Runs import_read, then ingest in check mode (no
 * database: readers, port-spec parser, footnote linking), and escapes
 * every flow's text as the CLI would. Seeds: tests/fuzz/seeds.sh. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "../../import/import.h"
#include "../../src/ingest.h"
#include "../../src/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void escape(const char *s)
{
    if (!s)
        abort(); /* import.h: "" when the table has no such cell */
    free(text_escape(s));
    (void)text_width(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    import_format fmt = (import_format)(data[0] % FMT__COUNT);
    size_t len = size - 1;
    /* A copy of exactly len bytes, so reading past the end is caught. */
    char *text = malloc(len ? len : 1);
    if (!text)
        return 0;
    memcpy(text, data + 1, len);

    import_doc doc;
    status st = import_read(text, len, fmt, &doc);
    if (st == ST_OK) {
        for (size_t i = 0; i < doc.nflows; i++) {
            const import_flow *f = &doc.flows[i];
            escape(f->source);
            escape(f->source_ports);
            escape(f->destination);
            escape(f->destination_ports);
            escape(f->protocol);
            escape(f->description);
            escape(f->requirement);
            escape(f->direction);
            escape(f->marks);
            if (f->line < 1)
                abort();
        }
        for (size_t i = 0; i < doc.nnotes; i++)
            escape(doc.notes[i].text);
    }
    for (size_t i = 0; i < doc.ndiags; i++)
        escape(doc.diags[i].message);
    import_doc_free(&doc);

    ingest_result res;
    (void)ingest_buffer(NULL, "fuzz", "fuzz", text, len, fmt, NULL, NULL,
                        &res);
    free(text);
    return 0;
}
