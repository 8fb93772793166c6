/* lines.c - splitting a document into numbered lines, and cleaning the text
 * of one cell. Shared by every table reader. */
#include <stdlib.h>
#include <string.h>
#include "import_int.h"

status import_lines_split(const char *text, size_t len, import_lines *out,
                          size_t *nuls)
{
    memset(out, 0, sizeof *out);
    if (nuls)
        *nuls = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        len -= 3;
    }
    out->buf = malloc(len + 1);
    if (!out->buf)
        return ST_NOMEM;
    size_t cap = 64;
    out->v = malloc(cap * sizeof *out->v);
    if (!out->v) {
        free(out->buf);
        out->buf = NULL;
        return ST_NOMEM;
    }
    char *w = out->buf;
    char *start = w;
    int no = 1;
    for (size_t i = 0; i <= len; i++) {
        int end = (i == len);
        char c = end ? '\n' : text[i];
        if (c == '\r') {
            if (i + 1 < len && text[i + 1] == '\n')
                i++;
            c = '\n';
        }
        if (c != '\n') {
            if (c == '\0') {
                c = ' ';
                if (nuls)
                    (*nuls)++;
            }
            *w++ = c;
            continue;
        }
        if (end && w == start && len > 0 && no > 1)
            break; /* text ended with a newline: no empty last line */
        if (out->n == cap) {
            cap *= 2;
            import_line *nv = realloc(out->v, cap * sizeof *nv);
            if (!nv) {
                import_lines_free(out);
                return ST_NOMEM;
            }
            out->v = nv;
        }
        /* The terminator slot is the byte we would have written next; the
         * buffer has len + 1 bytes so there is always room. */
        *w = '\0';
        out->v[out->n].s = start;
        out->v[out->n].len = (size_t)(w - start);
        out->v[out->n].no = no++;
        out->n++;
        w++;
        start = w;
    }
    return ST_OK;
}

void import_lines_free(import_lines *ls)
{
    free(ls->buf);
    free(ls->v);
    memset(ls, 0, sizeof *ls);
}

/* NBSP (C2 A0) and other spaces documents use for layout. Returns the byte
 * length of the space at s, 0 if none. Static, so that import_clean has it
 * inline. */
static size_t space_len(const char *s)
{
    unsigned char c = (unsigned char)s[0];
    if (c == ' ' || c == '\t' || c == '\f' || c == '\v')
        return 1;
    if (c == 0xC2 && (unsigned char)s[1] == 0xA0)
        return 2;
    /* U+2002..U+200B spaces, U+202F narrow NBSP */
    if (c == 0xE2 && (unsigned char)s[1] == 0x80) {
        unsigned char d = (unsigned char)s[2];
        if ((d >= 0x82 && d <= 0x8B) || d == 0xAF)
            return 3;
    }
    return 0;
}

size_t import_space_len(const char *s)
{
    return space_len(s);
}

int import_blank(const char *s)
{
    while (*s) {
        size_t n = space_len(s);
        if (!n)
            return 0;
        s += n;
    }
    return 1;
}

/* Is s at an HTML tag we strip (<b>, </u>, <br/>...)? Returns its length. */
static size_t tag_len(const char *s, size_t left)
{
    static const char *const tags[] = {"b", "i", "u", "em", "strong", "br",
                                       "sup", "sub", "span", "p"};
    if (left < 3 || s[0] != '<')
        return 0;
    size_t i = 1;
    if (s[i] == '/')
        i++;
    for (size_t t = 0; t < sizeof tags / sizeof *tags; t++) {
        size_t n = strlen(tags[t]);
        if (i + n < left && strncmp(s + i, tags[t], n) == 0) {
            size_t j = i + n;
            while (j < left && s[j] == ' ')
                j++;
            if (j < left && s[j] == '/')
                j++;
            if (j < left && s[j] == '>')
                return j + 1;
        }
    }
    return 0;
}

/* Bytes import_clean must look at: tags, spaces (NBSP and U+2002.. start
 * with C2 and E2), Markdown escapes and bold marks. Any other byte is
 * copied as it is, so runs of them go in one copy (readers clean every
 * cell of every line, several times while the style is detected). */
static const unsigned char CLEAN_SPECIAL[256] = {
    ['<'] = 1, [' '] = 1, ['\t'] = 1, ['\f'] = 1, ['\v'] = 1,
    [0xC2] = 1, [0xE2] = 1, ['\\'] = 1, ['*'] = 1,
};

char *import_clean(const char *s, size_t len)
{
    char *out = malloc(len + 1);
    if (!out)
        return NULL;
    size_t w = 0;
    int pending_space = 0;
    for (size_t i = 0; i < len;) {
        size_t n;
        if (!CLEAN_SPECIAL[(unsigned char)s[i]]) {
            size_t j = i + 1;
            while (j < len && !CLEAN_SPECIAL[(unsigned char)s[j]])
                j++;
            if (pending_space && w > 0)
                out[w++] = ' ';
            pending_space = 0;
            memcpy(out + w, s + i, j - i);
            w += j - i;
            i = j;
            continue;
        }
        if ((n = tag_len(s + i, len - i))) {
            i += n;
            continue;
        }
        if ((n = space_len(s + i))) {
            pending_space = 1;
            i += n;
            continue;
        }
        /* Markdown: "**bold**" loses its stars, "\*" keeps its star. */
        if (s[i] == '\\' && i + 1 < len &&
            (s[i + 1] == '*' || s[i + 1] == '_' || s[i + 1] == '|')) {
            i++;
        } else if (s[i] == '*' && i + 1 < len && s[i + 1] == '*' &&
                   i + 2 < len && s[i + 2] != '*' && s[i + 2] != ' ' &&
                   (i == 0 || s[i - 1] == ' ')) {
            /* "**Notice**": look for the closing pair on the same text. */
            const char *close = NULL;
            for (size_t j = i + 2; j + 1 < len; j++)
                if (s[j] == '*' && s[j + 1] == '*') {
                    close = s + j;
                    break;
                }
            if (close && close[-1] != ' ') {
                if (pending_space && w > 0)
                    out[w++] = ' ';
                pending_space = 0;
                size_t inner = (size_t)(close - (s + i + 2));
                memcpy(out + w, s + i + 2, inner);
                w += inner;
                i = (size_t)(close - s) + 2;
                continue;
            }
        }
        if (pending_space && w > 0)
            out[w++] = ' ';
        pending_space = 0;
        out[w++] = s[i++];
    }
    out[w] = '\0';
    return out;
}

size_t import_split(char *line, char sep, char **cells, size_t max)
{
    size_t n = 0;
    if (max == 0)
        return 0;
    cells[n++] = line;
    for (char *p = line; *p; p++) {
        if (*p != sep)
            continue;
        if (n == max)
            break; /* the last cell keeps the rest of the line */
        *p = '\0';
        cells[n++] = p + 1;
    }
    return n;
}
