/* ingest_notes.c - which footnote legend a flow's mark refers to.
 *
 * A document of 200,000 flows has some 14,000 legends; searching them all
 * for every mark made an import quadratic (two thirds of a million-flow
 * import was strcmp). Here the legends are grouped by mark once, and a
 * mark is looked up by binary search, with the rule of note_index_find
 * kept exactly. */
#include <stdlib.h>
#include <string.h>
#include "ingest_int.h"

/* A legend as the index keeps it. */
typedef struct {
    const char *mark;
    size_t i;          /* in doc->notes */
    int line;
} entry;

/* The legends of one mark: ent[first .. end) of the index, in document
 * order. sorted: their lines never go down in that order (nearly always),
 * so the rule can be answered by binary search. */
typedef struct {
    const char *mark;
    size_t first, end;
    int sorted;
} group;

struct note_index {
    entry *ent;        /* by mark, then document order */
    group *groups;     /* by mark */
    size_t ngroups;
};

static int by_mark_then_order(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    int c = strcmp(x->mark, y->mark);
    return c ? c : (x->i > y->i) - (x->i < y->i);
}

note_index *note_index_new(const import_doc *doc)
{
    note_index *ix = calloc(1, sizeof *ix);
    if (!ix)
        return NULL;
    size_t n = doc->nnotes;
    ix->ent = malloc((n + 1) * sizeof *ix->ent);
    ix->groups = malloc((n + 1) * sizeof *ix->groups);
    if (!ix->ent || !ix->groups) {
        note_index_free(ix);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        ix->ent[i] = (entry){doc->notes[i].mark, i, doc->notes[i].line};
    qsort(ix->ent, n, sizeof *ix->ent, by_mark_then_order);
    for (size_t k = 0; k < n; k++) {
        const entry *e = &ix->ent[k];
        group *g = ix->ngroups ? &ix->groups[ix->ngroups - 1] : NULL;
        if (!g || strcmp(g->mark, e->mark) != 0) {
            g = &ix->groups[ix->ngroups++];
            *g = (group){e->mark, k, k, 1};
        } else if (e->line < ix->ent[k - 1].line) {
            g->sorted = 0;
        }
        g->end = k + 1;
    }
    return ix;
}

void note_index_free(note_index *ix)
{
    if (!ix)
        return;
    free(ix->ent);
    free(ix->groups);
    free(ix);
}

static const group *find_group(const note_index *ix, const char *mark)
{
    size_t lo = 0, hi = ix->ngroups;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(ix->groups[mid].mark, mark);
        if (c == 0)
            return &ix->groups[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* The rule, legend by legend: for groups whose lines are out of order. */
static long find_linear(const note_index *ix, const group *g, int line)
{
    long after = -1, before = -1;
    for (size_t k = g->first; k < g->end; k++) {
        int l = ix->ent[k].line;
        long i = (long)ix->ent[k].i;
        if (l == line)
            return i;
        if (l > line && after < 0)
            after = i;
        if (l < line)
            before = i;
    }
    return after >= 0 ? after : before;
}

long note_index_find(const note_index *ix, const char *mark, int line)
{
    const group *g = ix ? find_group(ix, mark) : NULL;
    if (!g)
        return -1;
    if (!g->sorted)
        return find_linear(ix, g, line);
    /* Lines in order: the first legend at or after line; one on the line
     * itself wins, else the first after, else the last before. */
    size_t lo = g->first, hi = g->end;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ix->ent[mid].line < line)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < g->end)
        return (long)ix->ent[lo].i;
    return lo > g->first ? (long)ix->ent[lo - 1].i : -1;
}
