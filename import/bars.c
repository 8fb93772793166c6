/* bars.c - what the two readers of tables with '|' between cells share
 * (pipe.c: "a | b |", markdown.c: "| a | b |" under "|---|"): a row's
 * cleaned cells, a row whose last cell wraps onto the next lines, and the
 * score of a document in either style. The styles differ in which lines
 * are rows, how they split (escaped bars, an opening bar) and whether
 * rule lines come under headers: each passes its own. */
#include <stdlib.h>
#include <string.h>
#include "import_int.h"

/* ---- cells ------------------------------------------------------------ */

status import_bar_cells_init(import_bar_cells *c, size_t max, size_t min)
{
    c->n = 0;
    c->v = calloc(max > min ? max : min, sizeof *c->v);
    return c->v ? ST_OK : ST_NOMEM;
}

status import_bar_cells_add(import_bar_cells *c, const char *s, size_t len)
{
    char *cell = import_clean(s, len);
    if (!cell)
        return ST_NOMEM;
    c->v[c->n++] = cell;
    return ST_OK;
}

status import_bar_cells_fit(import_bar_cells *c, size_t min)
{
    while (c->n > min && c->v[c->n - 1][0] == '\0')
        free(c->v[--c->n]);
    while (c->n < min)
        if (!(c->v[c->n++] = strdup("")))
            return ST_NOMEM;
    return ST_OK;
}

void import_bar_cells_free(import_bar_cells *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->v[i]);
    free(c->v);
    c->v = NULL;
    c->n = 0;
}

/* ---- rows over lines ------------------------------------------------ */

/* The row starting at line *i, with a wrapped last cell joined on (each
 * line followed by a space); *i is left on the last line used. malloc'd.
 * See import_bars_row. */
static char *join_wrapped(const import_bars *style, const import_lines *ls,
                          size_t *i, int wraps, size_t max_bars)
{
    const char *first = ls->v[*i].s;
    size_t end = *i, seen = style->bars(first);
    if (wraps && !style->closed(first)) {
        for (size_t j = *i + 1; j < ls->n && j <= *i + IMPORT_MAX_WRAP; j++) {
            const char *s = ls->v[j].s;
            seen += style->bars(s);
            if (import_blank(s) || seen > max_bars)
                break;
            if (style->closed(s)) {
                end = j;
                break;
            }
        }
    }
    size_t len = 0;
    for (size_t j = *i; j <= end; j++)
        len += ls->v[j].len + 1;
    char *text = malloc(len + 1);
    if (!text)
        return NULL;
    text[0] = '\0';
    for (size_t j = *i; j <= end; j++) {
        strcat(text, ls->v[j].s);
        strcat(text, " ");
    }
    *i = end;
    return text;
}

status import_bars_row(const import_bars *style, const import_lines *ls,
                       size_t *i, int wraps, size_t max_bars, size_t ncols,
                       import_bar_cells *c)
{
    char *text = join_wrapped(style, ls, i, wraps, max_bars);
    if (!text) {
        c->v = NULL;
        c->n = 0;
        return ST_NOMEM;
    }
    status st = style->split(text, ncols, c);
    free(text);
    return st;
}

/* ---- scores ----------------------------------------------------------- */

int import_bars_score(const import_lines *ls, const import_bars *style)
{
    int score = 0, in_table = 0;
    for (size_t i = 0; i < ls->n; i++) {
        const char *s = ls->v[i].s;
        if (!style->is_row(s)) {
            in_table = in_table && import_blank(s);
            continue;
        }
        if (style->is_rule && style->is_rule(s))
            continue;
        import_bar_cells c;
        if (style->split(s, 0, &c) != ST_OK)
            return score;
        if (import_is_header(c.v, c.n) &&
            (!style->is_rule ||
             (i + 1 < ls->n && style->is_rule(ls->v[i + 1].s)))) {
            score += 10;
            in_table = 1;
        } else if (in_table) {
            score++;
        }
        import_bar_cells_free(&c);
    }
    return score;
}
