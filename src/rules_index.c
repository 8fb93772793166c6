/* rules_index.c - the rule builder's lookups: the rule of (source,
 * destination, protocol), groups, footnotes, to-do keys, hosts, devices
 * and identifiers, each found through a hidx so that a worksheet of a
 * million flows builds in O(n log n); and the sets a rule collects (notes,
 * footnotes, "; " lists), scanned while short and indexed once they grow.
 * No SQL, no printing. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "rules_int.h"

/* A set this short is scanned; past it, its items are indexed. */
#define SMALL 8

static uint64_t str_hash(const char *s)
{
    return hidx_hash(s ? s : "", s ? strlen(s) : 0);
}

static void index_add(builder *b, hidx *x, uint64_t h, size_t v)
{
    if (hidx_add(x, h, v) != ST_OK)
        b->oom = 1;
}

/* ---- per-owner sets ----------------------------------------------------- */

static void member_add(builder *b, size_t owner, uint64_t h, size_t a,
                       size_t len)
{
    member m = {owner, a, len};
    size_t n = b->nmembers;
    PUSH(b, b->members, b->nmembers, m);
    if (n != b->nmembers)
        index_add(b, &b->member_ix, hidx_mix(h, owner), n);
}

/* Index items [from, n) of a set that just grew past SMALL (all of them
 * when it just got there). */
static size_t index_from(size_t n)
{
    return n == SMALL + 1 ? 0 : n - 1;
}

void rb_rule_note_add(builder *b, size_t i, char *note)
{
    rules_rule *r = &b->sh->rules[i];
    size_t owner = i * OWN__COUNT + OWN_NOTES, v;
    if (!note)
        return;
    int have = r->nnotes <= SMALL && rb_str_in(r->notes, r->nnotes, note);
    uint64_t h = hidx_mix(str_hash(note), owner);
    for (size_t pos = 0; r->nnotes > SMALL && !have &&
                         hidx_next(&b->member_ix, h, &pos, &v);)
        have = b->members[v].owner == owner &&
               !strcmp(r->notes[b->members[v].a], note);
    if (have) {
        free(note);
        return;
    }
    size_t n = r->nnotes;
    PUSH(b, r->notes, r->nnotes, note);
    if (n == r->nnotes) {
        free(note);
        return;
    }
    for (size_t k = r->nnotes > SMALL ? index_from(r->nnotes) : r->nnotes;
         k < r->nnotes; k++)
        member_add(b, owner, str_hash(r->notes[k]), k, 0);
}

void rb_rule_footnote_add(builder *b, size_t i, size_t fn)
{
    rules_rule *r = &b->sh->rules[i];
    size_t owner = i * OWN__COUNT + OWN_FOOTNOTES, v;
    int have = 0;
    for (size_t j = 0; r->nfootnotes <= SMALL && j < r->nfootnotes && !have;
         j++)
        have = r->footnotes[j] == fn;
    uint64_t h = hidx_mix(hidx_mix(HIDX_SEED, fn), owner);
    for (size_t pos = 0; r->nfootnotes > SMALL && !have &&
                         hidx_next(&b->member_ix, h, &pos, &v);)
        have = b->members[v].owner == owner &&
               r->footnotes[b->members[v].a] == fn;
    if (have)
        return;
    PUSH(b, r->footnotes, r->nfootnotes, fn);
    for (size_t k = r->nfootnotes > SMALL ? index_from(r->nfootnotes)
                                          : r->nfootnotes;
         k < r->nfootnotes; k++)
        member_add(b, owner, hidx_mix(HIDX_SEED, r->footnotes[k]), k, 0);
}

/* ---- "; " lists ------------------------------------------------------------
 * An item is in a list when it stands there ending where an item ends (at
 * "; " or the end) and starting where a word starts (after a space, or
 * at the start): the test rb_list_add always made. For an item without
 * "; " that is: it is a suffix, from a word on, of a piece of the list
 * between two "; ". Past SMALL items every such suffix is indexed (one
 * pass from the end of a piece hashes them all); an item holding "; " is
 * looked for by scanning. */

static int list_scan(const char *list, const char *item)
{
    size_t n = strlen(item);
    for (const char *p = list; (p = strstr(p, item)); p++)
        if ((p == list || p[-1] == ' ') &&
            (p[n] == '\0' || (p[n] == ';' && p[n + 1] == ' ')))
            return 1;
    return 0;
}

static void index_suffixes(builder *b, const char *s, size_t start,
                           size_t end, size_t owner)
{
    uint64_t h = HIDX_SEED;
    for (size_t q = end; q-- > start;) {
        h = hidx_byte(h, (unsigned char)s[q]);
        if (q == start || s[q - 1] == ' ')
            member_add(b, owner, h, q, end - q);
    }
}

/* Index the pieces of s[from, to) between "; ". */
static void index_pieces(builder *b, const char *s, size_t from, size_t to,
                         size_t owner)
{
    size_t start = from;
    for (size_t k = from; k < to; k++)
        if (s[k] == ';' && k + 1 < to && s[k + 1] == ' ') {
            index_suffixes(b, s, start, k, owner);
            start = ++k + 1;
        }
    index_suffixes(b, s, start, to, owner);
}

static int list_has(builder *b, const char *list, const rb_list *m,
                    size_t owner, const char *item)
{
    if (m->items <= SMALL || strstr(item, "; "))
        return list_scan(list, item);
    size_t n = strlen(item), v;
    uint64_t h = hidx_mix(hidx_hash(item, n), owner);
    for (size_t pos = 0; hidx_next(&b->member_ix, h, &pos, &v);) {
        const member *e = &b->members[v];
        if (e->owner == owner && e->b == n && !memcmp(list + e->a, item, n))
            return 1;
    }
    return 0;
}

void rb_list_add(builder *b, char **list, rb_list *m, size_t owner,
                 const char *item)
{
    if (!item || !*item || (*list && list_has(b, *list, m, owner, item)))
        return;
    size_t n = strlen(item), sep = *list ? 2 : 0;
    size_t need = m->len + sep + n + 1;
    if (need > m->cap) {
        size_t cap = m->cap * 2 > need ? m->cap * 2 : need;
        char *s = realloc(*list, cap);
        if (!s) {
            b->oom = 1;
            return;
        }
        *list = s;
        m->cap = cap;
    }
    memcpy(*list + m->len, "; ", sep);
    memcpy(*list + m->len + sep, item, n + 1);
    size_t from = m->len + sep;
    m->len += sep + n;
    if (++m->items > SMALL)
        index_pieces(b, *list, m->items == SMALL + 1 ? 0 : from, m->len,
                     owner);
}

/* ---- to-dos ------------------------------------------------------------- */

void rb_todo_add(builder *b, rules_todo_kind kind, const char *key, char *text)
{
    rules_sheet *sh = b->sh;
    size_t v;
    if (!text)
        return;
    uint64_t h = str_hash(key);
    for (size_t pos = 0; hidx_next(&b->todo_ix, h, &pos, &v);)
        if (!strcmp(b->todo_keys[v], key)) {
            free(text);
            return;
        }
    char *k = rb_strdup(b, key);
    if (!k) {
        free(text);
        return;
    }
    size_t n = b->ntodo_keys;
    PUSH(b, b->todo_keys, b->ntodo_keys, k);
    if (n == b->ntodo_keys) {
        free(k);
        free(text);
        return;
    }
    index_add(b, &b->todo_ix, h, n);
    rules_todo t = {kind, text};
    n = sh->ntodos;
    PUSH(b, sh->todos, sh->ntodos, t);
    if (n == sh->ntodos)
        free(text);
}

/* ---- rules, groups, footnotes ------------------------------------------- */

static uint64_t rule_hash(size_t src, size_t dst, proto_t proto, int local)
{
    return hidx_mix(hidx_mix(hidx_mix(hidx_mix(HIDX_SEED, src), dst),
                             (uint64_t)proto),
                    (uint64_t)local);
}

size_t rb_rule_find(builder *b, size_t src, size_t dst, proto_t proto,
                    int local)
{
    const rules_sheet *sh = b->sh;
    size_t v;
    uint64_t h = rule_hash(src, dst, proto, local);
    for (size_t pos = 0; hidx_next(&b->rule_ix, h, &pos, &v);) {
        const rules_rule *r = &sh->rules[v];
        if (r->src == src && r->dst == dst && r->proto == proto &&
            b->keys[v].local == local)
            return v;
    }
    return sh->nrules;
}

void rb_rule_added(builder *b, size_t i)
{
    const rules_rule *r = &b->sh->rules[i];
    index_add(b, &b->rule_ix, rule_hash(r->src, r->dst, r->proto,
                                         b->keys[i].local), i);
}

size_t rb_group_for(builder *b, const char *name)
{
    rules_sheet *sh = b->sh;
    size_t v;
    uint64_t h = str_hash(name);
    for (size_t pos = 0; hidx_next(&b->group_ix, h, &pos, &v);)
        if (!strcmp(sh->groups[v], name ? name : ""))
            return v;
    char *g = rb_strdup(b, name);
    if (g) {
        size_t n = sh->ngroups;
        PUSH(b, sh->groups, sh->ngroups, g);
        if (n == sh->ngroups)
            free(g);
        else
            index_add(b, &b->group_ix, h, n);
    }
    return sh->ngroups ? sh->ngroups - 1 : 0;
}

size_t rb_footnote_for(builder *b, const char *document,
                       const rules_note_in *n)
{
    rules_sheet *sh = b->sh;
    const char *doc = document ? document : "", *mark = n->mark ? n->mark : "";
    size_t v;
    uint64_t h = hidx_mix(hidx_mix(str_hash(doc), (uint64_t)n->line),
                          str_hash(mark));
    for (size_t pos = 0; hidx_next(&b->footnote_ix, h, &pos, &v);) {
        const rules_footnote *x = &sh->footnotes[v];
        if (!strcmp(x->document, doc) && x->line == n->line &&
            !strcmp(x->mark, mark))
            return v;
    }
    rules_footnote x = {rb_strdup(b, document), rb_strdup(b, n->mark),
                        rb_strdup(b, n->text), n->line};
    size_t k = sh->nfootnotes;
    PUSH(b, sh->footnotes, sh->nfootnotes, x);
    if (k == sh->nfootnotes) {
        free(x.document), free(x.mark), free(x.text);
        return 0;
    }
    index_add(b, &b->footnote_ix, h, k);
    return k;
}

/* ---- hosts, devices, identifiers ---------------------------------------- */

/* Hosts match ignoring case as strcasecmp does: hash the folded bytes. */
static uint64_t host_hash(rules_value_kind kind, const char *value)
{
    uint64_t h = HIDX_SEED;
    for (size_t n = strlen(value); n--;)
        h = hidx_byte(h, (unsigned char)tolower((unsigned char)value[n]));
    return hidx_mix(h, (uint64_t)kind);
}

size_t rb_host_find(builder *b, rules_value_kind kind, const char *value)
{
    const rules_sheet *sh = b->sh;
    size_t v;
    uint64_t h = host_hash(kind, value);
    for (size_t pos = 0; hidx_next(&b->host_ix, h, &pos, &v);)
        if (sh->hosts[v].kind == kind && !strcasecmp(sh->hosts[v].value, value))
            return v;
    return sh->nhosts;
}

void rb_host_added(builder *b, size_t i)
{
    const rules_host *x = &b->sh->hosts[i];
    void *p = realloc(b->host_lists, rb_room(i + 1) * sizeof *b->host_lists);
    if (!p) {
        b->oom = 1;
        return;
    }
    b->host_lists = p;
    b->host_lists[i] = (rb_list){0};
    if (x->value)
        index_add(b, &b->host_ix, host_hash(x->kind, x->value), i);
    if (x->ident)
        index_add(b, &b->ident_ix, str_hash(x->ident), i);
}

int rb_ident_taken(builder *b, const char *ident)
{
    size_t v;
    uint64_t h = str_hash(ident);
    for (size_t pos = 0; hidx_next(&b->ident_ix, h, &pos, &v);)
        if (!strcmp(b->sh->hosts[v].ident, ident))
            return 1;
    return 0;
}

/* Identifiers are only ever added, so every N below a base's cursor is
 * still taken: starting there finds the N a count from 2 would. */
int *rb_ident_next(builder *b, const char *base)
{
    size_t v;
    uint64_t h = str_hash(base);
    for (size_t pos = 0; hidx_next(&b->base_ix, h, &pos, &v);)
        if (!strcmp(b->bases[v].base, base))
            return &b->bases[v].next;
    ident_base x = {rb_strdup(b, base), 2};
    size_t n = b->nbases;
    if (x.base)
        PUSH(b, b->bases, b->nbases, x);
    if (n == b->nbases) {
        free(x.base);
        return NULL;
    }
    index_add(b, &b->base_ix, h, n);
    return &b->bases[n].next;
}

long rb_device_find(builder *b, const char *device)
{
    size_t v;
    uint64_t h = str_hash(device);
    for (size_t pos = 0; hidx_next(&b->dev_ix, h, &pos, &v);)
        if (!strcmp(b->devs[v].device, device))
            return (long)b->devs[v].host;
    return -1;
}

void rb_device_add(builder *b, const char *device, size_t host)
{
    device_memo m = {rb_strdup(b, device), host};
    size_t n = b->ndevs;
    if (m.device)
        PUSH(b, b->devs, b->ndevs, m);
    if (n == b->ndevs) {
        free(m.device);
        return;
    }
    index_add(b, &b->dev_ix, str_hash(device), n);
}

void rb_index_free(builder *b)
{
    for (size_t i = 0; i < b->ndevs; i++)
        free(b->devs[i].device);
    free(b->devs);
    for (size_t i = 0; i < b->nbases; i++)
        free(b->bases[i].base);
    free(b->bases);
    free(b->members);
    free(b->host_lists);
    hidx *ix[] = {&b->rule_ix, &b->group_ix, &b->footnote_ix, &b->todo_ix,
                  &b->host_ix, &b->dev_ix, &b->ident_ix, &b->base_ix,
                  &b->member_ix};
    for (size_t i = 0; i < sizeof ix / sizeof ix[0]; i++)
        hidx_free(ix[i]);
}
