/* fuzz_import.c - libFuzzer target for the document readers and ingest.
 *
 * Input: one byte choosing the reader (0 detect, 1 cells, 2 tsv, 3 pipe,
 * 4 spaced, 5 markdown; the byte modulo 6), then the document, handed over
 * in a buffer of exactly its size (not NUL-terminated), as import.h
 * allows. Ingest runs in check mode (no database): the reader, the
 * port-spec parser on every port cell, footnote linking. Every diagnostic
 * is escaped as the CLI would print it. Seeds: tests/fuzz/seeds.pl. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "../../src/ingest.h"
#include "../../src/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void on_diag(void *ctx, const char *file, int line,
                    const char *level, const char *message)
{
    if (line < 0 || !level || !message)
        abort();
    free(text_escape(message));
    (void)text_width(message);
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
    ingest_result res;
    status st = ingest_buffer(NULL, "fuzz", "fuzz", text, len, fmt, on_diag,
                              NULL, &res);
    if ((st == ST_OK || st == ST_WARN) && res.flows == 0)
        abort(); /* a document read without error has flows */
    free(text);
    return 0;
}
