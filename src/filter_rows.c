/* filter_rows.c - a filter over many flows at once (filter_rows in
 * filter.h): each distinct string of a flowtab column is matched once and
 * its answer kept, then every row reads its answers by index.
 *
 * Answers are kept per segment, term and column ("slots": the columns,
 * and for proto: the protocol words of the two port cells). A slot is
 * worked out whole ("eager") when the rows asked about are many for its
 * dictionary, which also tells which columns can never match and are then
 * skipped; else string by string as rows need them. Answers survive from
 * one call to the next (scope and port changes reuse them), and a filter
 * typed one key further inherits what the previous one ruled out
 * (filter_inherit), so typing costs less with every key. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "filter_int.h"

/* The flowtab columns of each field: filter.c's fields[] table in
 * flowtab terms. Keep the two in step; tests/unit/test_filter.c checks
 * filter_rows against filter_match. */
static const ft_col cols_any[] = {FT_SRC, FT_SPORT, FT_DST, FT_DPORT,
                                  FT_PROTO, FT_TRANS, FT_DESC, FT_REQ,
                                  FT_LEVEL, FT_DOC, FT_PRODUCT, FT_SECTION};
static const ft_col cols_src[] = {FT_SRC, FT_SPORT};
static const ft_col cols_dst[] = {FT_DST, FT_DPORT};
static const ft_col cols_proto[] = {FT_PROTO};
static const ft_col cols_port[] = {FT_SPORT, FT_DPORT};
static const ft_col cols_desc[] = {FT_DESC};
static const ft_col cols_req[] = {FT_REQ, FT_LEVEL};
static const ft_col cols_doc[] = {FT_DOC, FT_PRODUCT, FT_SECTION};
#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
    const ft_col *cols;
    size_t n;
} field_cols[FF__COUNT] = {
    [FF_ANY] = {cols_any, N(cols_any)},   [FF_SRC] = {cols_src, N(cols_src)},
    [FF_DST] = {cols_dst, N(cols_dst)},
    [FF_PROTO] = {cols_proto, N(cols_proto)},
    [FF_PORT] = {cols_port, N(cols_port)},
    [FF_DESC] = {cols_desc, N(cols_desc)},
    [FF_REQ] = {cols_req, N(cols_req)},   [FF_DOC] = {cols_doc, N(cols_doc)},
};

/* Slots: FT__COUNT columns, then for proto: the protocol words of the
 * source port cell, of the destination port cell and of the transports
 * (filter.c's term_hits reads them in this order). */
enum { SLOT_WORDS = FT__COUNT, NWORDS = 3, NSLOTS = SLOT_WORDS + NWORDS };
static const ft_col word_cols[NWORDS] = {FT_SPORT, FT_DPORT, FT_TRANS};
enum { S_UNKNOWN = 0, S_YES, S_NO, S_LIMIT };
enum { CHECK_ROWS = 4096, CHECK_STRINGS = 512 };
/* hit bits for a known answer: bit 0 a match, bit 1 a limit. */
static const uint8_t HIT_BITS[4] = {0, 1, 0, 2};

typedef struct {
    uint8_t *st;       /* per string of the column; NULL: none known */
    int done;          /* every string is known */
    int live;          /* done, and some string is S_YES or S_LIMIT */
} slot;

struct filter_cache {
    const flowtab *t;
    size_t nseg, nterms;
    slot *s;           /* [seg][term][slot] */
};

void filter_cache_free(struct filter_cache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nseg * c->nterms * NSLOTS; i++)
        free(c->s[i].st);
    free(c->s);
    free(c);
}

/* The cache for t, made (or remade for another flowtab) as needed. */
static struct filter_cache *cache_for(filter *f, const flowtab *t)
{
    struct filter_cache *c = f->cache;
    if (c && c->t == t && c->nseg == t->nseg && c->nterms == f->nterms)
        return c;
    filter_cache_free(c);
    f->cache = NULL;
    c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->t = t;
    c->nseg = t->nseg;
    c->nterms = f->nterms;
    c->s = calloc(t->nseg * f->nterms * NSLOTS + 1, sizeof *c->s);
    if (!c->s) {
        free(c);
        return NULL;
    }
    f->cache = c;
    return c;
}

static slot *slot_at(struct filter_cache *c, size_t seg, size_t k,
                     int sl)
{
    return &c->s[(seg * c->nterms + k) * NSLOTS + (size_t)sl];
}

/* The column a slot reads. */
static const ft_column *slot_col(const ft_segment *s, int sl)
{
    return &s->col[sl >= SLOT_WORDS ? word_cols[sl - SLOT_WORDS]
                                    : (ft_col)sl];
}

/* 1, 0, -1 (limit) for re in s[0, len). */
static int find_in(regex_env *env, const regex_pat *re, const char *s,
                   size_t len)
{
    size_t ms, me;
    status st = regex_find(re, env, s, len, 0, &ms, &me);
    return st == ST_OK ? 1 : st == ST_LIMIT ? -1 : 0;
}

static uint8_t eval_string(regex_env *env, const term *t, const ft_column *c,
                           uint32_t i, int words)
{
    const char *s = ft_string(c, i);
    int r, limited = 0;
    if (!words) {
        r = find_in(env, t->re, s, ft_strlen(c, i));
        return r > 0 ? S_YES : r < 0 ? S_LIMIT : S_NO;
    }
    filter_word w[FILTER_MAX_WORDS];
    size_t nw = filter_proto_words(s, w, 0);
    for (size_t k = 0; k < nw; k++) {
        r = find_in(env, t->re, w[k].s, w[k].len);
        if (r > 0)
            return S_YES;
        limited |= r < 0;
    }
    return limited ? S_LIMIT : S_NO;
}

/* Can term t run over a column's strings all at once (REGEX_LINES) and
 * find exactly the strings it finds one by one? Not when it looks
 * around ((?= (?! (?<), at the ends of the subject (\A \z \Z \G), moves
 * the start of its match (\K) or uses verbs ((*): those see past a
 * string's ends or report a match away from where it began. */
static int lines_safe(const term *t)
{
    const char *p = t->pat;
    for (size_t i = 0; i < t->plen; i++) {
        if (p[i] == '\\') {
            if (i + 1 < t->plen && strchr("AzZGK", p[i + 1]))
                return 0;
            i++;
        } else if (p[i] == '(' && i + 1 < t->plen &&
                   (p[i + 1] == '*' ||
                    (p[i + 1] == '?' && i + 2 < t->plen &&
                     strchr("=!<", p[i + 2])))) {
            return 0;
        }
    }
    return 1;
}

static const regex_pat *lines_re(term *t)
{
    if (!t->lines_tried) {
        size_t off;
        t->lines_tried = 1;
        if (lines_safe(t) &&
            regex_compile(t->pat, t->plen, REGEX_SMART_CASE | REGEX_LINES,
                          &t->lines, &off, NULL, 0) != ST_OK)
            t->lines = NULL;
    }
    return t->lines;
}

/* The string of c holding byte at, among strings lo..hi-1. */
static uint32_t string_at(const ft_column *c, uint32_t lo, uint32_t hi,
                          size_t at)
{
    while (hi - lo > 1) { /* off[lo] <= at < off[hi] */
        uint32_t mid = lo + (hi - lo) / 2;
        if (c->off[mid] <= at)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* Work out strings lo..hi-1 of a column not known yet, into st: one
 * search over their text at once when the term allows (each match names
 * a string that matches, everything skipped does not; a match reaching
 * over a string's end is checked on that string alone), else one string
 * at a time. *halt non-zero (another thread stopping) ends it early. */
static status fill_range(const term *t, const regex_pat *lines,
                         regex_env *env, uint8_t *st, const ft_column *c,
                         int words, uint32_t lo, uint32_t hi,
                         int (*stop)(void *), void *ctx,
                         volatile int *halt)
{
    uint32_t i = lo;
    unsigned calls = 0;
    while (lines && i < hi) {
        /* The other thread's halt at every search, the keyboard (a system
         * call) at every few. */
        if (*halt || (++calls % 16 == 0 && stop && stop(ctx)))
            return ST_STOP;
        /* A few thousand strings at a time, so that one search never
         * runs long without a look at the keyboard. */
        uint32_t stop_at = hi - i > CHECK_STRINGS * 4 ? i + CHECK_STRINGS * 4
                                                      : hi;
        size_t ms, me;
        status r = regex_find(lines, env, c->text, c->off[stop_at],
                              c->off[i], &ms, &me);
        if (r == ST_LIMIT)
            break; /* the rest one by one */
        uint32_t j = r == ST_OK ? string_at(c, i, stop_at, ms) : stop_at;
        for (; i < j; i++)
            if (!st[i])
                st[i] = S_NO;
        if (j == stop_at)
            continue;
        if (!st[j])
            st[j] = me < c->off[j + 1] ? S_YES
                                       : eval_string(env, t, c, j, words);
        i = j + 1;
    }
    for (; i < hi; i++) {
        if ((i - lo) % 64 == 63 &&
            (*halt || ((i - lo) % CHECK_STRINGS == CHECK_STRINGS - 1 &&
                       stop && stop(ctx))))
            return ST_STOP;
        if (!st[i])
            st[i] = eval_string(env, t, c, i, words);
    }
    return ST_OK;
}

/* Allocate a slot's answers (all unknown). */
static int slot_alloc(slot *sl, const ft_column *c)
{
    if (sl->st)
        return 0;
    sl->st = calloc(c->nstr ? c->nstr : 1, 1);
    return sl->st ? 0 : -1;
}

/* The second half of a slot, worked out by a helper thread with a match
 * context of its own. */
typedef struct {
    const term *t;
    const regex_pat *lines;
    uint8_t *st;
    const ft_column *c;
    int words;
    uint32_t lo, hi;
    volatile int *halt;
    status result;
    int done;          /* set by the helper when it is through */
} half;

static void *half_main(void *arg)
{
    half *h = arg;
    regex_env *env;
    h->result = regex_env_new(&env);
    if (h->result == ST_OK) {
        h->result = fill_range(h->t, h->lines, env, h->st, h->c, h->words,
                               h->lo, h->hi, NULL, NULL, h->halt);
        regex_env_free(env);
    }
    __atomic_store_n(&h->done, 1, __ATOMIC_RELEASE);
    return NULL;
}

/* Wait for the helper, still looking at the keyboard: its half may take
 * longer than ours. */
static void half_wait(half *h, pthread_t th, int (*stop)(void *), void *ctx,
                      status *st)
{
    while (*st == ST_OK && stop &&
           !__atomic_load_n(&h->done, __ATOMIC_ACQUIRE)) {
        if (stop(ctx)) {
            *st = ST_STOP;
            *h->halt = 1;
            break;
        }
        struct timespec nap = {0, 100000}; /* 0.1 ms */
        nanosleep(&nap, NULL);
    }
    pthread_join(th, NULL);
}

/* Strings of a column worth a second thread (both cores busy). */
enum { SPLIT_STRINGS = 16384 };

/* Work out every string of a slot. Returns ST_OK, ST_STOP, ST_NOMEM. */
static status slot_fill(filter *f, term *t, slot *sl, const ft_column *c,
                        int words, int (*stop)(void *), void *ctx)
{
    if (sl->done)
        return ST_OK;
    if (slot_alloc(sl, c))
        return ST_NOMEM;
    /* One search over the text, when the column holds no line breaks
     * (a newline would end a string for the search, not for a match of
     * one string). */
    const regex_pat *lines = words ? NULL : lines_re(t);
    /* Typed one key further, most strings are known already (they did
     * not match before): then only the others, one by one. */
    uint32_t unknown = 0;
    for (uint32_t i = 0; i < c->nstr; i++)
        unknown += !sl->st[i];
    if (unknown < c->nstr / 4)
        lines = NULL;
    if (lines && c->off[c->nstr] &&
        (memchr(c->text, '\n', c->off[c->nstr]) ||
         memchr(c->text, '\r', c->off[c->nstr])))
        lines = NULL;
    volatile int halt = 0;
    status st;
    if (c->nstr >= SPLIT_STRINGS) {
        uint32_t mid = c->nstr / 2;
        half h = {t, lines, sl->st, c, words, mid, c->nstr, &halt, ST_OK, 0};
        pthread_t th;
        if (pthread_create(&th, NULL, half_main, &h) == 0) {
            st = fill_range(t, lines, f->env, sl->st, c, words, 0, mid,
                            stop, ctx, &halt);
            if (st != ST_OK)
                halt = 1;
            half_wait(&h, th, stop, ctx, &st);
            if (st == ST_OK)
                st = h.result;
        } else {
            st = fill_range(t, lines, f->env, sl->st, c, words, 0, c->nstr,
                            stop, ctx, &halt);
        }
    } else {
        st = fill_range(t, lines, f->env, sl->st, c, words, 0, c->nstr,
                        stop, ctx, &halt);
    }
    if (st != ST_OK)
        return st;
    int live = 0;
    for (uint32_t i = 0; i < c->nstr && !live; i++)
        live = sl->st[i] != S_NO;
    sl->done = 1;
    sl->live = live;
    return ST_OK;
}

size_t filter_term_columns(const term *t, ft_col *cols, int *words)
{
    size_t n = field_cols[t->field].n, k = 0;
    for (size_t j = 0; j < n; j++, k++) {
        cols[k] = field_cols[t->field].cols[j];
        words[k] = 0;
    }
    if (t->field == FF_PROTO)
        for (int j = 0; j < NWORDS; j++, k++) {
            cols[k] = word_cols[j];
            words[k] = 1;
        }
    return k;
}

status filter_column_hits(filter *f, term *t, const ft_column *c, int words,
                          uint8_t **hits, int *live)
{
    slot x = {NULL, 0, 0};
    *hits = NULL;
    *live = 0;
    status st = slot_fill(f, t, &x, c, words, NULL, NULL);
    if (st != ST_OK) {
        free(x.st);
        return st;
    }
    for (uint32_t i = 0; i < c->nstr; i++)
        x.st[i] = HIT_BITS[x.st[i]];
    *hits = x.st;
    *live = x.live;
    return ST_OK;
}

static int has_id(const term *t, long long id)
{
    size_t lo = 0, hi = t->nids;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->ids[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < t->nids && t->ids[lo] == id;
}

/* Work out whole the slots of segment seg that nrows rows will read, when
 * that is cheaper than string by string. */
static status prepare(filter *f, struct filter_cache *c, const ft_segment *s,
                      size_t seg, size_t nrows, int (*stop)(void *),
                      void *ctx)
{
    for (size_t k = 0; k < f->nterms; k++) {
        term *t = &f->terms[k];
        if (t->kind != T_TEXT)
            continue;
        size_t n = field_cols[t->field].n;
        for (size_t j = 0; j < n + NWORDS; j++) {
            int sl;
            if (j < n)
                sl = field_cols[t->field].cols[j];
            else if (t->field == FF_PROTO)
                sl = SLOT_WORDS + (int)(j - n);
            else
                break;
            const ft_column *col = slot_col(s, sl);
            if (col->nstr > nrows)
                continue; /* fewer rows than strings: as needed */
            status st = slot_fill(f, t, slot_at(c, seg, k, sl), col,
                                  sl >= FT__COUNT, stop, ctx);
            if (st != ST_OK)
                return st;
        }
    }
    return ST_OK;
}

/* A run of the rows asked about that lie in one segment. */
typedef struct {
    size_t from, to; /* indexes into the rows asked about */
    size_t seg;
} run;

/* Cut rows[0..n) (NULL: 0..n-1) into runs of one segment. */
static run *make_runs(const flowtab *t, const uint32_t *rows, size_t n,
                      size_t *nruns)
{
    size_t cap = 16, k = 0, seg = t->nseg, local;
    if (!rows) { /* every row: the segments themselves */
        run *v = malloc((t->nseg ? t->nseg : 1) * sizeof *v);
        for (size_t g = 0; v && g < t->nseg; g++)
            if (t->first[g + 1] > t->first[g])
                v[k++] = (run){t->first[g], t->first[g + 1], g};
        *nruns = k;
        return v;
    }
    run *v = malloc(cap * sizeof *v);
    for (size_t i = 0; v && i < n; i++) {
        size_t row = rows[i];
        if (seg < t->nseg && row >= t->first[seg] && row < t->first[seg + 1])
            continue;
        seg = flowtab_seg_of(t, row, &local);
        if (k) /* close the previous run */
            v[k - 1].to = i;
        if (k == cap) {
            cap *= 2;
            run *p = realloc(v, cap * sizeof *p);
            if (!p) {
                free(v);
                return NULL;
            }
            v = p;
        }
        v[k++] = (run){i, n, seg};
    }
    *nruns = k;
    return v;
}


/* A slot whose strings are all known, over rows from..to of a run:
 * branch-free, as this is the inner loop of every filter. */
#define KNOWN_LOOP(T)                                                     \
    do {                                                                  \
        const T *ix = col->idx;                                           \
        if (!rows)                                                        \
            for (size_t i = from; i < to; i++)                            \
                hit[i] |= HIT_BITS[st[ix[i - first]]];                    \
        else                                                              \
            for (size_t i = from; i < to; i++)                            \
                hit[i] |= HIT_BITS[st[ix[rows[i] - first]]];              \
    } while (0)

/* One slot of a text term over a run: bit 0 of hit[i] for the rows whose
 * string matches, bit 1 for those a limit stopped. */
static status slot_run(filter *f, const term *t, slot *x,
                       const ft_column *col, int words, const run *ru,
                       const uint32_t *rows, size_t first, uint8_t *keep,
                       uint8_t *hit, int (*stop)(void *), void *ctx)
{
    if (!x->st && slot_alloc(x, col))
        return ST_NOMEM;
    uint8_t *st = x->st;
    if (x->done) {
        for (size_t from = ru->from; from < ru->to; from += CHECK_ROWS * 8) {
            size_t to = ru->to - from > CHECK_ROWS * 8
                ? from + CHECK_ROWS * 8 : ru->to;
            if (stop && stop(ctx))
                return ST_STOP;
            if (col->width == 1)
                KNOWN_LOOP(uint8_t);
            else if (col->width == 2)
                KNOWN_LOOP(uint16_t);
            else
                KNOWN_LOOP(uint32_t);
        }
        return ST_OK;
    }
    /* Strings worked out as rows need them: skip rows already decided.
     * Each row may cost a match: a look at the keyboard every 256. */
    for (size_t i = ru->from; i < ru->to; i++) {
        if (stop && i % 256 == 255 && stop(ctx))
            return ST_STOP;
        if (!keep[i] || (hit[i] & 1))
            continue;
        size_t r = (rows ? rows[i] : i) - first;
        uint32_t s = ft_index(col, r);
        uint8_t v = st[s];
        if (!v)
            v = st[s] = eval_string(f->env, t, col, s, words);
        hit[i] |= HIT_BITS[v];
    }
    return ST_OK;
}

/* Text term k over every run: keep[i] cleared for the rows it rules out
 * (*limit set when a limit decided one). */
static status text_term(filter *f, struct filter_cache *c, const flowtab *t,
                        size_t k, const run *runs, size_t nruns,
                        const uint32_t *rows, size_t n, uint8_t *keep,
                        int *limit, int (*stop)(void *), void *ctx)
{
    const term *tm = &f->terms[k];
    uint8_t *hit = calloc(n ? n : 1, 1);
    if (!hit)
        return ST_NOMEM;
    status st = ST_OK;
    size_t nc = field_cols[tm->field].n;
    for (size_t q = 0; q < nruns && st == ST_OK; q++) {
        size_t g = runs[q].seg;
        const ft_segment *s = &t->seg[g];
        for (size_t j = 0; j < nc + NWORDS && st == ST_OK; j++) {
            int sl;
            if (j < nc)
                sl = field_cols[tm->field].cols[j];
            else if (tm->field == FF_PROTO)
                sl = SLOT_WORDS + (int)(j - nc);
            else
                break;
            slot *x = slot_at(c, g, k, sl);
            if (x->done && !x->live)
                continue; /* no string of the column matches */
            st = slot_run(f, tm, x, slot_col(s, sl), sl >= FT__COUNT,
                          &runs[q], rows, t->first[g], keep, hit, stop, ctx);
        }
    }
    /* A row stays if it was in, was not stopped by a limit without a
     * match, and matched (or, for "!", did not). Branch-free: this runs
     * over every row. */
    uint8_t neg = (uint8_t)(tm->neg != 0), limited = 0;
    for (size_t from = 0; from < n && st == ST_OK; from += 1 << 16) {
        size_t to = n - from > 1 << 16 ? from + (1 << 16) : n;
        if (stop && stop(ctx)) {
            st = ST_STOP;
            break;
        }
        for (size_t i = from; i < to; i++) {
            uint8_t h = hit[i] & 1, lim = (uint8_t)((hit[i] >> 1) & !h);
            limited |= lim & keep[i];
            keep[i] &= (uint8_t)((lim ^ 1) & (h ^ neg));
        }
    }
    if (limited)
        *limit = 1;
    free(hit);
    return st;
}

status filter_rows(filter *f, const flowtab *t, const uint32_t *rows,
                   size_t n, uint32_t *out, size_t *nout,
                   int (*stop)(void *), void *ctx)
{
    *nout = 0;
    if (!rows)
        n = t->nrows;
    struct filter_cache *c = cache_for(f, t);
    if (!c)
        return ST_NOMEM;
    /* Rows come in any order (a sorted view), but mostly in runs of one
     * segment; each term is worked out column by column over the runs. */
    size_t nruns = 0;
    run *runs = make_runs(t, rows, n, &nruns);
    uint8_t *keep = malloc(n ? n : 1);
    status err = runs && keep ? ST_OK : ST_NOMEM;
    if (err == ST_OK) {
        memset(keep, 1, n);
        /* Slots worth working out whole: as many rows as strings. */
        size_t *per = calloc(t->nseg + 1, sizeof *per);
        if (!per)
            err = ST_NOMEM;
        for (size_t q = 0; per && q < nruns; q++)
            per[runs[q].seg] += runs[q].to - runs[q].from;
        for (size_t g = 0; err == ST_OK && g < t->nseg; g++)
            if (per[g])
                err = prepare(f, c, &t->seg[g], g, per[g], stop, ctx);
        free(per);
    }
    /* Port terms first, as filter_match: a search is cheaper than any
     * pattern. */
    for (size_t k = 0; err == ST_OK && k < f->nterms; k++) {
        const term *tm = &f->terms[k];
        if (tm->kind != T_PORT)
            continue;
        for (size_t q = 0; q < nruns; q++) {
            const ft_segment *s = &t->seg[runs[q].seg];
            size_t first = t->first[runs[q].seg];
            for (size_t i = runs[q].from; i < runs[q].to; i++)
                if (keep[i] &&
                    has_id(tm, ft_seg_id(s, (rows ? rows[i] : i) - first)) ==
                        tm->neg)
                    keep[i] = 0;
        }
    }
    int limit = 0;
    for (size_t k = 0; err == ST_OK && k < f->nterms; k++)
        if (f->terms[k].kind == T_TEXT)
            err = text_term(f, c, t, k, runs, nruns, rows, n, keep, &limit,
                            stop, ctx);
    size_t w = 0;
    for (size_t from = 0; from < n && err == ST_OK; from += 1 << 16) {
        size_t to = n - from > 1 << 16 ? from + (1 << 16) : n;
        if (stop && stop(ctx)) {
            err = ST_STOP;
            break;
        }
        if (rows)
            for (size_t i = from; i < to; i++) {
                out[w] = rows[i];
                w += keep[i];
            }
        else
            for (size_t i = from; i < to; i++) {
                out[w] = (uint32_t)i;
                w += keep[i];
            }
    }
    free(runs);
    free(keep);
    *nout = w;
    if (err != ST_OK)
        return err;
    return limit ? ST_LIMIT : ST_OK;
}

/* ---- typing one key further ------------------------------------------ */

static int is_meta(char ch)
{
    return ch && strchr("\\^$.|?*+()[]{}", ch) != NULL;
}

/* Can appending to pattern p change what its end means ("\x4" + "1",
 * "\1" + "0", "\p" + "L", a lone trailing backslash)? */
static int open_end(const char *p, size_t n)
{
    size_t i = 0, esc = (size_t)-1;
    while (i < n) {
        if (p[i] == '\\') {
            esc = i;
            i += 2;
        } else {
            i++;
        }
    }
    if (esc == (size_t)-1)
        return 0;
    if (esc + 1 >= n)
        return 1;
    char e = p[esc + 1];
    size_t k = esc + 2;
    if (e == 'x' || (e >= '0' && e <= '9')) {
        for (; k < n; k++)
            if (!(p[k] >= '0' && p[k] <= '9') &&
                !(e == 'x' && ((p[k] | 0x20) >= 'a' && (p[k] | 0x20) <= 'f')))
                return 0;
        return 1;
    }
    return strchr("oNpPgkcu", e) && k == n;
}

/* Is b's pattern a's pattern with more appended that can only make it
 * match less: literal characters or whole one-letter escapes (\b \d \w
 * \s ...), never an operator? Then every string b matches, a matches. */
static int refines(const term *a, const term *b)
{
    if (b->plen < a->plen || memcmp(a->pat, b->pat, a->plen) != 0)
        return 0;
    if (b->plen == a->plen)
        return 1;
    if (open_end(a->pat, a->plen))
        return 0;
    /* "(?x)" makes spaces and # syntax, \Q quotes: do not guess. */
    if (memmem(a->pat, a->plen, "(?", 2) || memmem(a->pat, a->plen, "(*", 2) ||
        memmem(a->pat, a->plen, "\\Q", 2) || memmem(a->pat, a->plen, "\\E", 2))
        return 0;
    for (size_t i = a->plen; i < b->plen; i++) {
        char ch = b->pat[i];
        if (ch == '\\') {
            char e = i + 1 < b->plen ? b->pat[i + 1] : '\0';
            if (!e || !strchr("bBdDwWsShHvVRAzZG", e))
                return 0;
            i++;
            continue;
        }
        if (is_meta(ch))
            return 0;
    }
    return 1;
}

/* Term k of b is term k of a or stricter, for the same rows. */
static int term_narrows(const term *a, const term *b)
{
    if (a->kind == T_EMPTY && !a->neg)
        return 1;
    if (a->kind != b->kind || a->neg != b->neg || a->field != b->field)
        return 0;
    if (a->kind == T_PORT)
        return a->port == b->port && a->proto == b->proto;
    if (a->neg) /* a stricter pattern lets more rows through a "!" */
        return a->plen == b->plen && memcmp(a->pat, b->pat, a->plen) == 0;
    return refines(a, b);
}

int filter_narrows(const filter *next, const filter *prev)
{
    if (!prev)
        return 1;
    if (next->mode != prev->mode || next->nterms < prev->nterms)
        return 0;
    for (size_t k = 0; k < prev->nterms; k++)
        if (!term_narrows(&prev->terms[k], &next->terms[k]))
            return 0;
    return 1;
}

void filter_inherit(filter *next, const filter *prev, const flowtab *t)
{
    const struct filter_cache *pc = prev ? prev->cache : NULL;
    if (!pc || pc->t != t || pc->nseg != t->nseg)
        return;
    struct filter_cache *c = cache_for(next, t);
    if (!c)
        return;
    size_t nk = next->nterms < prev->nterms ? next->nterms : prev->nterms;
    for (size_t k = 0; k < nk; k++) {
        const term *a = &prev->terms[k], *b = &next->terms[k];
        if (a->kind != T_TEXT || b->kind != T_TEXT || a->field != b->field ||
            !refines(a, b))
            continue;
        int same = a->plen == b->plen;
        for (size_t g = 0; g < t->nseg; g++)
            for (int sl = 0; sl < NSLOTS; sl++) {
                const slot *from =
                    &pc->s[(g * pc->nterms + k) * NSLOTS + (size_t)sl];
                slot *to = slot_at(c, g, k, sl);
                const ft_column *col = slot_col(&t->seg[g], sl);
                if (!from->st || slot_alloc(to, col))
                    continue;
                /* The same pattern: every answer; a stricter one: only
                 * the strings the previous one ruled out. */
                for (uint32_t i = 0; i < col->nstr; i++)
                    if (same || from->st[i] == S_NO)
                        to->st[i] = from->st[i];
                if (same) {
                    to->done = from->done;
                    to->live = from->live;
                }
            }
    }
}
