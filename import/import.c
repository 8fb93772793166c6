/* import.c - choosing a reader for a document and running it. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "import_int.h"
#include "../src/text.h"

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

static status bad_utf8(import_doc *doc, int line, unsigned char byte,
                       size_t lines)
{
    return import_add_diag(doc, line, SEV_WARNING,
                           "invalid UTF-8 (byte 0x%02X) on %zu line(s), the "
                           "first here, kept as it is (Latin-1? iconv -f "
                           "latin1 -t utf-8 converts it)", byte, lines);
}

/* Bytes a document should not have, by line as import_lines_split counts
 * them: NUL bytes (read as spaces) and invalid UTF-8 (kept as it is; the
 * CLI shows it as \xNN, JSON as U+FFFD). One warning each, at the first
 * line concerned, so a binary file does not bury the real error. */
static status check_bytes(const char *text, size_t len, size_t nuls,
                          import_doc *doc)
{
    int line = 1, nul_line = 0, bad_line = 0, line_bad = 0;
    size_t bad_lines = 0;
    unsigned char bad_byte = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        text += 3, len -= 3;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)text[i];
        unsigned cp;
        size_t n;
        if (c == '\n' || c == '\r') {
            i += c == '\r' && i + 1 < len && text[i + 1] == '\n' ? 2 : 1;
            line++;
            line_bad = 0;
        } else if (c < 0x80) {
            if (c == 0 && !nul_line)
                nul_line = line;
            i++;
        } else if ((n = text_utf8_decode(text + i, len - i, &cp)) != 0) {
            i += n;
        } else {
            if (!line_bad && bad_lines++ == 0) {
                bad_line = line;
                bad_byte = c;
            }
            line_bad = 1;
            i++;
        }
    }
    /* In line order: the user reads them from the top. */
    int utf8_first = bad_lines && (!nuls || bad_line < nul_line);
    status st = ST_OK;
    if (utf8_first)
        st = bad_utf8(doc, bad_line, bad_byte, bad_lines);
    if (st == ST_OK && nuls)
        st = import_add_diag(doc, nul_line, SEV_WARNING,
                             "%zu NUL byte(s) in the text were read as "
                             "spaces", nuls);
    if (st == ST_OK && bad_lines && !utf8_first)
        st = bad_utf8(doc, bad_line, bad_byte, bad_lines);
    return st;
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
    if ((st = check_bytes(text, len, nuls, doc)) != ST_OK)
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
