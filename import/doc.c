/* doc.c - building an import_doc: flows, footnote legends and warnings, and
 * taking footnote marks out of text cells. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "import_int.h"

static int grow(void **v, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return 1;
    size_t nc = *cap ? *cap * 2 : 16;
    void *nv = realloc(*v, nc * size);
    if (!nv)
        return 0;
    *v = nv;
    *cap = nc;
    return 1;
}

static char *dup_or_empty(const char *s)
{
    return strdup(s ? s : "");
}

status import_add_flow(import_doc *doc, const import_flow *f)
{
    if (!grow((void **)&doc->flows, &doc->flows_cap, doc->nflows,
              sizeof *doc->flows))
        return ST_NOMEM;
    import_flow *d = &doc->flows[doc->nflows];
    memset(d, 0, sizeof *d);
    d->line = f->line;
    char **dst[] = {&d->product, &d->section, &d->source, &d->source_ports,
                    &d->destination, &d->destination_ports, &d->protocol,
                    &d->description, &d->requirement, &d->direction,
                    &d->marks};
    const char *src[] = {f->product, f->section, f->source, f->source_ports,
                         f->destination, f->destination_ports, f->protocol,
                         f->description, f->requirement, f->direction,
                         f->marks};
    for (size_t i = 0; i < sizeof dst / sizeof *dst; i++) {
        *dst[i] = dup_or_empty(src[i]);
        if (!*dst[i]) {
            for (size_t j = 0; j < i; j++)
                free(*dst[j]);
            return ST_NOMEM;
        }
    }
    doc->nflows++;
    return ST_OK;
}

status import_add_note(import_doc *doc, int line, const char *mark,
                       const char *text)
{
    if (!grow((void **)&doc->notes, &doc->notes_cap, doc->nnotes,
              sizeof *doc->notes))
        return ST_NOMEM;
    import_note *n = &doc->notes[doc->nnotes];
    n->line = line;
    n->mark = strdup(mark);
    n->text = strdup(text);
    if (!n->mark || !n->text) {
        free(n->mark);
        free(n->text);
        return ST_NOMEM;
    }
    doc->nnotes++;
    return ST_OK;
}

status import_add_diag(import_doc *doc, int line, severity sev,
                       const char *fmt, ...)
{
    if (!grow((void **)&doc->diags, &doc->diags_cap, doc->ndiags,
              sizeof *doc->diags))
        return ST_NOMEM;
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    import_diag *d = &doc->diags[doc->ndiags];
    d->line = line;
    d->sev = sev;
    d->message = strdup(buf);
    if (!d->message)
        return ST_NOMEM;
    doc->ndiags++;
    return ST_OK;
}

status import_no_table(import_doc *doc, const char *message)
{
    status st = import_add_diag(doc, 0, SEV_ERROR, "%s", message);
    return st == ST_OK ? ST_FORMAT : st;
}

void import_doc_free(import_doc *doc)
{
    for (size_t i = 0; i < doc->nflows; i++) {
        import_flow *f = &doc->flows[i];
        char *s[] = {f->product, f->section, f->source, f->source_ports,
                     f->destination, f->destination_ports, f->protocol,
                     f->description, f->requirement, f->direction, f->marks};
        for (size_t j = 0; j < sizeof s / sizeof *s; j++)
            free(s[j]);
    }
    for (size_t i = 0; i < doc->nnotes; i++) {
        free(doc->notes[i].mark);
        free(doc->notes[i].text);
    }
    for (size_t i = 0; i < doc->ndiags; i++)
        free(doc->diags[i].message);
    free(doc->flows);
    free(doc->notes);
    free(doc->diags);
    free(doc->title);
    free(doc->vendor);
    memset(doc, 0, sizeof *doc);
}

/* ---- marks ------------------------------------------------------------ */

#define DAGGER "\xE2\x80\xA0"        /* † */
#define DOUBLE_DAGGER "\xE2\x80\xA1" /* ‡ */

size_t import_mark_len(const char *s)
{
    if (strncmp(s, "(*)", 3) == 0)
        return 3;
    size_t n = 0;
    for (;;) {
        if (s[n] == '*')
            n++;
        else if (strncmp(s + n, DAGGER, 3) == 0 ||
                 strncmp(s + n, DOUBLE_DAGGER, 3) == 0)
            n += 3;
        else
            return n;
    }
}

/* The mark at s without decoration: "(*)" -> "*". */
static void mark_copy(const char *s, size_t n, char *out, size_t cap)
{
    if (n == 3 && strncmp(s, "(*)", 3) == 0) {
        s = "*";
        n = 1;
    }
    if (n >= cap)
        n = cap - 1;
    memcpy(out, s, n);
    out[n] = '\0';
}

int import_legend(const char *line, char **mark, char **text)
{
    char *c = import_clean(line, strlen(line));
    if (!c)
        return 0;
    /* import_clean already turned "\*" into "*". */
    size_t n = import_mark_len(c);
    const char *rest = c + n;
    while (*rest == ' ')
        rest++;
    /* "* Default port number.": a mark, then words, starting a line. A
     * line that is only marks, or "*Default" glued to a word, still counts;
     * a Markdown bullet "* item" is the same shape and is treated the same
     * (a stray legend links to nothing). */
    if (n == 0 || n > 12 || strlen(rest) < 3) {
        free(c);
        return 0;
    }
    char m[16];
    mark_copy(c, n, m, sizeof m);
    *mark = strdup(m);
    *text = strdup(rest);
    free(c);
    if (!*mark || !*text) {
        free(*mark);
        free(*text);
        return 0;
    }
    return 1;
}

static int append_mark(char **marks, const char *m)
{
    size_t old = *marks ? strlen(*marks) : 0;
    char *nm = realloc(*marks, old + strlen(m) + 2);
    if (!nm)
        return 0;
    if (old)
        nm[old++] = ' ';
    strcpy(nm + old, m);
    *marks = nm;
    return 1;
}

static int is_word_byte(char c)
{
    return c && c != ' ';
}

/* Find, from p, the next mark that starts an inline legend: a mark at the
 * start of the cell or after a space, followed (after optional spaces) by a
 * letter. Returns it or NULL. */
static char *next_legend(char *p, char *cell)
{
    for (; *p; p++) {
        size_t n = import_mark_len(p);
        if (!n)
            continue;
        if (p != cell && p[-1] != ' ') {
            p += n - 1;
            continue;
        }
        const char *q = p + n;
        while (*q == ' ')
            q++;
        if ((*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z'))
            return p;
        p += n - 1;
    }
    return NULL;
}

static void trim_end(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && s[n - 1] == ' ')
        s[--n] = '\0';
}

status import_cell_marks(import_doc *doc, int line, char *cell, char **marks)
{
    /* Inline legends: "Mandatory *Default TCP ... ** Default UDP ...". */
    char *leg = next_legend(cell, cell);
    if (leg) {
        char *p = leg;
        while (p) {
            size_t n = import_mark_len(p);
            char m[16];
            mark_copy(p, n, m, sizeof m);
            char *text = p + n;
            while (*text == ' ')
                text++;
            char *next = next_legend(text, cell);
            char save = 0;
            if (next) {
                save = *next;
                *next = '\0';
            }
            char *t = strdup(text);
            if (next)
                *next = save;
            if (!t)
                return ST_NOMEM;
            trim_end(t);
            status st = import_add_note(doc, line, m, t);
            free(t);
            if (st != ST_OK)
                return st;
            if (!append_mark(marks, m))
                return ST_NOMEM;
            p = next;
        }
        *leg = '\0';
        trim_end(cell);
    }
    /* Marks left in the text: "SSH *", "Any IP address†". */
    char *w = cell;
    for (char *p = cell; *p;) {
        size_t n = import_mark_len(p);
        /* A star inside a word ("H.323*x") is not a mark; only one that
         * ends a word or stands alone. */
        if (n && !is_word_byte(p[n]) ) {
            char m[16];
            mark_copy(p, n, m, sizeof m);
            if (!append_mark(marks, m))
                return ST_NOMEM;
            p += n;
            continue;
        }
        *w++ = *p++;
    }
    *w = '\0';
    /* Collapse the spaces the cut marks leave behind. */
    char *r = cell;
    w = cell;
    while (*r == ' ')
        r++;
    for (; *r; r++)
        if (!(*r == ' ' && (r[1] == ' ' || r[1] == '\0')))
            *w++ = *r;
    *w = '\0';
    return ST_OK;
}
