/* ingest_int.h - what the files of ingest share and nobody else sees. */
#ifndef PORTOLAN_INGEST_INT_H
#define PORTOLAN_INGEST_INT_H

#include "../import/import.h"

/* The footnote legends of a document, for looking marks up (built once per
 * document; doc must outlive it). NULL for lack of memory. */
typedef struct note_index note_index;
note_index *note_index_new(const import_doc *doc);
void note_index_free(note_index *ix);

/* The legend (an index into doc->notes) a mark on a flow at line refers
 * to: one defined on the same line (inline), else the first defined after
 * the flow (legends follow their tables), else the last one before it.
 * Several on one line: the first in the document. -1 if none. */
long note_index_find(const note_index *ix, const char *mark, int line);

#endif
