/* portset.h - sets of ports (0..65535) and the spans that describe them.
 *
 * A worksheet joins the port ranges of many flows. Doing that on a set of
 * 65536 bits makes it exact: overlapping and adjacent ranges join,
 * "36000-59998 (even)" and "36001-59999 (odd)" become 36000-59999, and the
 * result is read back as the fewest spans, either keeping parity (runs of
 * every other port, for people) or not (for firewalls, which match whole
 * ranges).
 *
 * No allocation except for the span arrays handed back; no printing. */
#ifndef PORTOLAN_PORTSET_H
#define PORTOLAN_PORTSET_H

#include <stddef.h>
#include <stdint.h>
#include "portspec.h"
#include "status.h"

#define PORTSET_PORTS 65536

typedef struct {
    uint64_t w[PORTSET_PORTS / 64];   /* 8 KiB: keep it off small stacks */
} portset;

/* lo..hi inclusive; parity PARITY_ALL for every port, else only even or
 * only odd ones. */
typedef struct {
    int lo, hi;
    parity_t parity;
} port_span;

void portset_clear(portset *s);
/* Add lo..hi (clipped to 0..65535; nothing if lo > hi). */
void portset_add(portset *s, int lo, int hi, parity_t parity);
void portset_add_spans(portset *s, const port_span *v, size_t n);
int portset_has(const portset *s, int port);
int portset_is_empty(const portset *s);
int portset_is_full(const portset *s);   /* every port 0..65535 */

/* The set as sorted, disjoint spans in a malloc'd array (*v NULL when the
 * set is empty). With parity_runs, three or more ports two apart with
 * none between them make one even/odd span; without, spans are whole
 * runs. ST_NOMEM on allocation failure. */
status portset_spans(const portset *s, int parity_runs, port_span **v,
                     size_t *n);

/* Coalesce the malloc'd list *v of *n spans through a set, replacing it
 * with a new list (*v NULL when empty). parity_runs as above; without it,
 * parity spans are widened to the whole lo..hi first. ST_NOMEM leaves *v
 * unchanged. */
status port_spans_coalesce(port_span **v, size_t *n, int parity_runs);

/* Are two span lists the same? */
int port_spans_equal(const port_span *a, size_t na, const port_span *b,
                     size_t nb);

#endif
