/* import.c - choosing a reader for a document and running it. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "import_int.h"

typedef struct {
    const char *name;
    status (*read)(const import_lines *, import_doc *);
    int (*score)(const import_lines *);
} reader;

/* Indexed by import_format. */
static const reader READERS[FMT__COUNT] = {
    [FMT_AUTO] = {"auto", NULL, NULL},
    [FMT_CELLS] = {"cells", import_cells_read, import_cells_score},
    [FMT_TSV] = {"tsv", import_tsv_read, import_tsv_score},
    [FMT_PIPE] = {"pipe", import_pipe_read, import_pipe_score},
    [FMT_SPACED] = {"spaced", import_spaced_read, import_spaced_score},
    [FMT_MARKDOWN] = {"markdown", import_markdown_read,
                      import_markdown_score},
};

const char *import_format_name(import_format f)
{
    if ((int)f < 0 || f >= FMT__COUNT)
        return "?";
    return READERS[f].name;
}

import_format import_format_from_name(const char *name)
{
    for (int f = 0; f < FMT__COUNT; f++)
        if (strcmp(READERS[f].name, name) == 0)
            return (import_format)f;
    return FMT__COUNT;
}

static import_format detect_lines(const import_lines *ls)
{
    import_format best = FMT_AUTO;
    int best_score = 0;
    for (int f = FMT_AUTO + 1; f < FMT__COUNT; f++) {
        int s = READERS[f].score(ls);
        if (s > best_score) {
            best_score = s;
            best = (import_format)f;
        }
    }
    return best;
}

import_format import_detect(const char *text, size_t len)
{
    import_lines ls;
    if (import_lines_split(text, len, &ls, NULL) != ST_OK)
        return FMT_AUTO;
    import_format f = detect_lines(&ls);
    import_lines_free(&ls);
    return f;
}

/* The first line with words in it, without Markdown heading marks. */
static char *guess_title(const import_lines *ls)
{
    for (size_t i = 0; i < ls->n; i++) {
        const char *s = ls->v[i].s;
        /* A table row is not a title (a document may start with one). */
        if (strchr(s, '\t') || strchr(s, '|'))
            continue;
        while (*s == '#' || *s == ' ')
            s++;
        char *c = import_clean(s, strlen(s));
        if (!c)
            return NULL;
        /* "You are here: Diagnostics > Pexip Infinity port usage" is a
         * web page's breadcrumb trail, not its title. */
        int crumbs = strncasecmp(c, "you are here", 12) == 0 ||
                     strstr(c, " > ") != NULL;
        if (!crumbs && strlen(c) >= 3 && strspn(c, "-=_*|# ") < strlen(c))
            return c;
        free(c);
    }
    return strdup("");
}

status import_read(const char *text, size_t len, import_format fmt,
                   import_doc *doc)
{
    memset(doc, 0, sizeof *doc);
    import_lines ls;
    size_t nuls = 0;
    status st = import_lines_split(text, len, &ls, &nuls);
    if (st != ST_OK)
        return st;
    if (fmt == FMT_AUTO)
        fmt = detect_lines(&ls);
    doc->format = fmt;
    doc->base_port = import_guess_base_port(text, len);
    doc->title = guess_title(&ls);
    doc->vendor = import_guess_vendor(text, len);
    if (!doc->title || !doc->vendor) {
        st = ST_NOMEM;
        goto fail;
    }
    if (nuls &&
        (st = import_add_diag(doc, 0, SEV_WARNING,
                              "%zu NUL byte(s) in the text were read as "
                              "spaces", nuls)) != ST_OK)
        goto fail;
    if (fmt == FMT_AUTO || fmt >= FMT__COUNT) {
        import_add_diag(doc, 0, SEV_ERROR,
                        "no port table found in any known style "
                        "(cells, tsv, pipe, spaced, markdown)");
        import_lines_free(&ls);
        return ST_FORMAT;
    }
    st = READERS[fmt].read(&ls, doc);
    import_lines_free(&ls);
    if (st == ST_OK && doc->nflows == 0) {
        import_add_diag(doc, 0, SEV_ERROR, "no flows found in %s tables",
                        READERS[fmt].name);
        return ST_FORMAT;
    }
    return st;
fail:
    import_lines_free(&ls);
    import_doc_free(doc);
    return st;
}
