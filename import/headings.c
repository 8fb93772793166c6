/* headings.c - what a line outside a table is, for every table reader:
 * word counts, page furniture (page numbers, the running title), headings,
 * labels and footnote legends; and the product and section a heading
 * sets. Each test takes cleaned text (import_clean) unless it says a raw
 * line. The readers choose which tests they apply and in what order. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "import_int.h"

/* ---- words ------------------------------------------------------------ */

size_t import_word_count(const char *s)
{
    size_t n = 0;
    for (const char *p = s; *p; p++)
        if (*p != ' ' && (p == s || p[-1] == ' '))
            n++;
    return n;
}

int import_ends_with_any(const char *s, const char *set)
{
    size_t n = strlen(s);
    return n && strchr(set, s[n - 1]) != NULL;
}

/* ---- lines that are no heading ---------------------------------------- */

int import_is_furniture(const char *clean, const char *title)
{
    if (title[0] && strcmp(clean, title) == 0)
        return 1;
    if (import_word_count(clean) > 5)
        return 0;
    int numbers = 0;
    for (const char *w = clean; *w;) {
        size_t n = strcspn(w, " ");
        if (strspn(w, "0123456789") == n)
            numbers++;
        else if (!(n == 4 && strncasecmp(w, "page", 4) == 0) &&
                 !(n == 2 && strncasecmp(w, "of", 2) == 0) &&
                 !(n == 1 && strchr("-/", *w)))
            return 0;
        w += n;
        w += strspn(w, " ");
    }
    return numbers > 0;
}

int import_is_footer(const char *clean)
{
    static const char *const words[] = {"\xC2\xA9" /* © */, "confidential",
                                        "all rights reserved"};
    if (import_word_count(clean) > 12)
        return 0;
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strcasestr(clean, words[i]))
            return 1;
    return 0;
}

/* A line that marks a page break: it holds a form feed, or it is a page
 * number, the running title or a footer. */
static int breaks_page(const import_line *l, const char *title)
{
    if (memchr(l->s, '\f', l->len))
        return 1;
    char *c = import_clean(l->s, l->len);
    int yes = c && (import_is_furniture(c, title) || import_is_footer(c));
    free(c);
    return yes;
}

int import_at_page_break(const import_lines *ls, size_t i, const char *title)
{
    size_t j = i;
    if (memchr(ls->v[i].s, '\f', ls->v[i].len))
        return 1;
    /* blank lines hold the form feed as often as not: check them too */
    while (j > 0 && import_blank(ls->v[j - 1].s)) {
        j--;
        if (memchr(ls->v[j].s, '\f', ls->v[j].len))
            return 1;
    }
    if (j > 0 && breaks_page(&ls->v[j - 1], title))
        return 1;
    for (j = i + 1; j < ls->n && import_blank(ls->v[j].s); j++)
        if (memchr(ls->v[j].s, '\f', ls->v[j].len))
            return 1;
    return j < ls->n && breaks_page(&ls->v[j], title);
}

int import_is_legend(const char *line)
{
    char *mark = NULL, *text = NULL;
    int yes = import_legend(line, &mark, &text);
    free(mark);
    free(text);
    return yes;
}

int import_note_legend(import_doc *doc, int line, const char *text,
                       status *st)
{
    char *mark, *note;
    if (!import_legend(text, &mark, &note))
        return 0;
    *st = doc ? import_add_note(doc, line, mark, note) : ST_OK;
    free(mark);
    free(note);
    return 1;
}

/* ---- headings --------------------------------------------------------- */

size_t import_md_heading_at(const char *s)
{
    size_t i = strspn(s, " ");
    size_t n = strspn(s + i, "#");
    if (n == 0 || n > 6 || s[i + n] != ' ')
        return 0;
    return i + n;
}

int import_is_heading(const char *clean)
{
    size_t len = strlen(clean);
    if (len == 0 || len > 100 || import_word_count(clean) > 12)
        return 0;
    if (strchr(".:;,!?", clean[len - 1]))
        return 0;
    unsigned char c = (unsigned char)clean[0];
    if (c < 0x80 && !isalnum(c))
        return 0; /* bullets, marks, "- [link](#)" */
    for (const char *p = clean; *p; p++)
        if (isalpha((unsigned char)*p))
            return 1;
    return 0;
}

int import_is_short_line(const char *clean)
{
    size_t w = import_word_count(clean);
    unsigned char first = (unsigned char)clean[0];
    if (w == 0 || w > 8 || strlen(clean) > 60)
        return 0;
    if (import_ends_with_any(clean, ".,;!?"))
        return 0;
    if (strncmp(clean, "\xE2\x80\xA2", 3) == 0) /* "•" */
        return 0;
    return (first >= 0x80) || (first >= '0' && first <= '9') ||
           (first >= 'A' && first <= 'Z') || (first >= 'a' && first <= 'z');
}

int import_is_colon_label(const char *clean)
{
    return strlen(clean) >= 2 && strlen(clean) <= 60 &&
           import_ends_with_any(clean, ":") &&
           import_word_count(clean) <= 6;
}

int import_is_direction_label(const char *clean)
{
    return import_word_count(clean) <= 2 && import_direction(clean)[0];
}

int import_names_ports(const char *clean)
{
    char *p = import_product_name(clean);
    int yes = p && strlen(p) < strlen(clean);
    free(p);
    return yes;
}

size_t import_section_number_len(const char *clean)
{
    size_t i = 0;
    int dots = 0;
    while (isdigit((unsigned char)clean[i])) {
        while (isdigit((unsigned char)clean[i]))
            i++;
        if (clean[i] != '.')
            break;
        dots++;
        i++;
    }
    /* "3.1 Media Server", "2. Ports"; "1 Minute to read" is no number */
    if (!dots || clean[i] != ' ' || !isalpha((unsigned char)clean[i + 1]))
        return 0;
    return i + 1;
}

/* Does the last word read as a version ("4.2", "v9.0.1")? */
static int ends_with_version(const char *clean)
{
    const char *w = strrchr(clean, ' ');
    if (!w)
        return 0;
    w++;
    if (*w == 'v' || *w == 'V')
        w++;
    size_t digits = strspn(w, "0123456789");
    return digits && w[digits] == '.' &&
           isdigit((unsigned char)w[digits + 1]) &&
           strspn(w, "0123456789.") == strlen(w);
}

int import_is_product_heading(const char *clean)
{
    if (!import_is_short_line(clean))
        return 0;
    return import_names_ports(clean) || import_section_number_len(clean) ||
           ends_with_version(clean);
}

int import_may_be_bullet(const char *clean)
{
    return clean[0] == '*';
}

/* ---- what headings set ------------------------------------------------ */

status import_replace(char **field, char *text)
{
    if (!text)
        return ST_NOMEM;
    free(*field);
    *field = text;
    return ST_OK;
}

status import_title_product(const import_doc *doc, char **product,
                            char **section)
{
    *product = import_product_name(doc && doc->title ? doc->title : "");
    *section = strdup("");
    return *product && *section ? ST_OK : ST_NOMEM;
}

status import_new_product(char **product, char **section,
                          const char *heading, const char *section_text)
{
    status st = import_replace(product, import_product_name(heading));
    if (st == ST_OK)
        st = import_replace(section, strdup(section_text));
    return st;
}

status import_new_product_heading(char **product, char **section,
                                  const char *heading)
{
    return import_new_product(product, section,
                              heading + import_section_number_len(heading),
                              heading);
}

status import_new_section(char **section, const char *label)
{
    size_t n = strlen(label);
    if (n && label[n - 1] == ':')
        n--;
    while (n && label[n - 1] == ' ')
        n--;
    return import_replace(section, strndup(label, n));
}
