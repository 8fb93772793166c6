/* embedded.h - files compiled into the binary by src/embed.sh: the schema
 * (db/schema.sql) and the bundled reference documents (data/docs/). */
#ifndef PORTOLAN_EMBEDDED_H
#define PORTOLAN_EMBEDDED_H

#include <stddef.h>

typedef struct {
    const char *name;           /* file name without directory */
    const unsigned char *data;  /* len bytes, then a NUL */
    size_t len;
} embedded_file;

extern const embedded_file embedded_files[];
extern const size_t embedded_count;

/* The embedded file with this name, or NULL. */
const embedded_file *embedded_find(const char *name);

#endif
