/* worksheet.h - a worksheet read from the database and turned into rules:
 * the one place that feeds db/ rows to src/rules.c. Used by the exports
 * (src/export.c), `portolan sheet show` and the explorer.
 *
 * The worksheet owns every string and the rules in it; free it with
 * worksheet_free. Nothing here prints. */
#ifndef PORTOLAN_WORKSHEET_H
#define PORTOLAN_WORKSHEET_H

#include <stddef.h>
#include "../db/db.h"
#include "rules.h"

typedef struct {
    char *key, *value;
} worksheet_kv;

typedef struct {
    char *name, *customer, *created_at; /* created_at "" before creation */
    int current;                        /* the current worksheet */
    size_t nflows;
    worksheet_kv *roles;                /* role mappings, by role */
    size_t nroles;
    worksheet_kv *defaults;             /* site defaults, by key */
    size_t ndefaults;
    rules_sheet *rules;
    char **blocks;                      /* the flows' strings, which the */
    size_t nblocks;                     /* rules' origins point into */
} worksheet;

/* Read worksheet name (NULL: the current one) with its flows, ranges,
 * footnotes, mappings and defaults, and build its rules. On failure
 * returns the status (ST_NOTFOUND: no such worksheet) with a sentence in
 * err, and *out is NULL. */
status worksheet_load(db *d, const char *name, worksheet **out, char *err,
                      size_t errlen);
void worksheet_free(worksheet *w);

#endif
