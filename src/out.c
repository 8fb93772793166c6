/* out.c - aligned tables, TSV and JSON strings for the command line. */
#include <stdlib.h>
#include <string.h>
#include "out.h"
#include "text.h"

struct out_table {
    int ncols;
    int *caps;     /* per column, 0 = none */
    char **heads;
    char **cells; /* rows * ncols, escaped */
    size_t rows, cap;
};

static void free_strings(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
}

out_table *out_table_new(int ncols, const char *const *heads, int max_width)
{
    out_table *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->ncols = ncols;
    t->heads = calloc((size_t)ncols, sizeof *t->heads);
    t->caps = calloc((size_t)ncols, sizeof *t->caps);
    if (!t->heads || !t->caps) {
        free(t->heads);
        free(t->caps);
        free(t);
        return NULL;
    }
    for (int i = 0; i < ncols; i++)
        t->caps[i] = max_width;
    for (int i = 0; i < ncols; i++)
        if (!(t->heads[i] = strdup(heads[i]))) {
            out_table_free(t);
            return NULL;
        }
    return t;
}

void out_table_cap(out_table *t, int col, int max_width)
{
    if (col >= 0 && col < t->ncols)
        t->caps[col] = max_width;
}

int out_table_add(out_table *t, const char *const *cells)
{
    if (t->rows == t->cap) {
        size_t nc = t->cap ? t->cap * 2 : 64;
        char **nv = realloc(t->cells, nc * (size_t)t->ncols * sizeof *nv);
        if (!nv)
            return 0;
        t->cells = nv;
        t->cap = nc;
    }
    char **row = t->cells + t->rows * (size_t)t->ncols;
    for (int i = 0; i < t->ncols; i++) {
        row[i] = text_escape(cells[i] ? cells[i] : "");
        if (!row[i]) {
            free_strings(row, (size_t)i);
            return 0;
        }
    }
    t->rows++;
    return 1;
}

size_t out_table_rows(const out_table *t)
{
    return t->rows;
}

/* Print s in exactly width columns: cut with an ellipsis or padded. The
 * last column is not padded. */
static void put_cell(FILE *f, const char *s, int width, int last)
{
    int w = text_width(s);
    if (w > width) {
        size_t n = text_fit(s, width - 1);
        fwrite(s, 1, n, f);
        fputs("\xE2\x80\xA6", f); /* … */
        w = text_width(s) - text_width(s + n) + 1;
    } else {
        fputs(s, f);
    }
    if (!last)
        for (; w < width; w++)
            fputc(' ', f);
}

static void print_aligned(out_table *t, FILE *f)
{
    int *width = calloc((size_t)t->ncols, sizeof *width);
    if (!width)
        return;
    for (int c = 0; c < t->ncols; c++) {
        width[c] = text_width(t->heads[c]);
        for (size_t r = 0; r < t->rows; r++) {
            int w = text_width(t->cells[r * (size_t)t->ncols + (size_t)c]);
            if (w > width[c])
                width[c] = w;
        }
        if (t->caps[c] > 0 && width[c] > t->caps[c])
            width[c] = t->caps[c];
    }
    for (int c = 0; c < t->ncols; c++) {
        put_cell(f, t->heads[c], width[c], c == t->ncols - 1);
        fputs(c == t->ncols - 1 ? "\n" : "  ", f);
    }
    for (size_t r = 0; r < t->rows; r++)
        for (int c = 0; c < t->ncols; c++) {
            put_cell(f, t->cells[r * (size_t)t->ncols + (size_t)c], width[c],
                     c == t->ncols - 1);
            fputs(c == t->ncols - 1 ? "\n" : "  ", f);
        }
    free(width);
}

static void print_tsv(out_table *t, FILE *f)
{
    /* Cells are already escaped: no tab or newline can be inside one. */
    for (int c = 0; c < t->ncols; c++)
        fprintf(f, "%s%c", t->heads[c], c == t->ncols - 1 ? '\n' : '\t');
    for (size_t r = 0; r < t->rows; r++)
        for (int c = 0; c < t->ncols; c++)
            fprintf(f, "%s%c", t->cells[r * (size_t)t->ncols + (size_t)c],
                    c == t->ncols - 1 ? '\n' : '\t');
}

void out_table_print(out_table *t, out_format fmt, FILE *f)
{
    if (fmt == OUT_TSV)
        print_tsv(t, f);
    else
        print_aligned(t, f);
    out_table_free(t);
}

void out_table_free(out_table *t)
{
    if (!t)
        return;
    free_strings(t->heads, (size_t)t->ncols);
    free(t->heads);
    free(t->caps);
    free_strings(t->cells, t->rows * (size_t)t->ncols);
    free(t->cells);
    free(t);
}

static void json_str(FILE *f, const char *s, int keep_invalid)
{
    if (!s) {
        fputs("null", f);
        return;
    }
    fputc('"', f);
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        unsigned cp;
        size_t n = text_utf8_decode(s + i, len - i, &cp);
        if (n == 0) { /* one U+FFFD a sequence, as exports count them */
            size_t bad = text_utf8_invalid_len(s + i, len - i);
            if (keep_invalid)
                fwrite(s + i, 1, bad, f);
            else
                fputs("\\ufffd", f);
            i += bad;
            continue;
        }
        if (cp == '"' || cp == '\\')
            fprintf(f, "\\%c", (char)cp);
        else if (cp == '\n')
            fputs("\\n", f);
        else if (cp == '\t')
            fputs("\\t", f);
        else if (cp == '\r')
            fputs("\\r", f);
        else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F))
            fprintf(f, "\\u%04x", cp);
        else
            fwrite(s + i, 1, n, f);
        i += n;
    }
    fputc('"', f);
}

void out_json_str(FILE *f, const char *s)
{
    json_str(f, s, 0);
}

void out_json_str_raw(FILE *f, const char *s)
{
    json_str(f, s, 1);
}

void out_json_kv(FILE *f, int *first, const char *key, const char *value)
{
    if (!*first)
        fputc(',', f);
    *first = 0;
    out_json_str(f, key);
    fputc(':', f);
    out_json_str(f, value);
}

void out_json_kl(FILE *f, int *first, const char *key, long long value)
{
    if (!*first)
        fputc(',', f);
    *first = 0;
    out_json_str(f, key);
    fprintf(f, ":%lld", value);
}

void out_text(FILE *f, const char *s)
{
    char *e = text_escape(s ? s : "");
    if (e) {
        fputs(e, f);
        free(e);
    }
}
