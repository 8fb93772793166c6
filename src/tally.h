/* tally.h - counts over every flow (a flowtab) for the explorer's tree:
 * flows per section, and the devices view. The same numbers db_products
 * and db_devices give, from memory the explorer has read anyway, without
 * another walk of the flow table (at a million flows that walk takes
 * seconds for the devices). */
#ifndef PORTOLAN_TALLY_H
#define PORTOLAN_TALLY_H

#include <stddef.h>
#include "../db/db.h"
#include "flowtab.h"

typedef struct {
    long long id, n;
} tally_pair;

/* Flows per section id (0: flows without one), sorted by id; *out is
 * the caller's to free. ST_OK or ST_NOMEM. */
status tally_sections(const flowtab *t, tally_pair **out, size_t *n);
/* The count of id in a tally_sections result, 0 if absent. */
long long tally_get(const tally_pair *v, size_t n, long long id);

/* Every device named as a source or destination, as db_devices gives
 * them: groups (a name no shorter name covers, src/device.h) by name
 * ignoring case, each followed by its variants; a group's count is of
 * the flows of all its names, a variant's of its own. cb returns non-zero
 * to stop (ST_STOP). */
status tally_devices(const flowtab *t, db_device_cb cb, void *ctx);

#endif
