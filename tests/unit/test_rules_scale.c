/* test_rules_scale.c - the rule builder's indexes and its leg merge give
 * what the plain scans they replaced gave: many random flows between the
 * same hosts, checked against those scans written out here (the scan
 * that restarts after every join of legs; the "; " list test; notes and
 * footnotes without repeats). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../tap.h"
#include "../../src/portset.h"
#include "../../src/rules.h"

static unsigned long long seed = 12345;

static int rnd(int n)
{
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    return (int)((seed >> 33) % (unsigned long long)n);
}

/* ---- the plain scans ---------------------------------------------------- */

/* Join legs as the scan did: the first leg with a later partner takes in
 * its first partner, then start again. */
static void ref_merge(rules_leg *l, size_t *nl)
{
    for (int changed = 1; changed;) {
        changed = 0;
        for (size_t i = 0; i < *nl && !changed; i++)
            for (size_t j = i + 1; j < *nl && !changed; j++) {
                rules_leg *x = &l[i], *y = &l[j];
                int same_s =
                    port_spans_equal(x->sport, x->nsport, y->sport, y->nsport);
                int same_d =
                    port_spans_equal(x->dport, x->ndport, y->dport, y->ndport);
                if (!same_s && !same_d)
                    continue;
                port_span **into = same_s ? &x->dport : &x->sport;
                size_t *nin = same_s ? &x->ndport : &x->nsport;
                const port_span *from = same_s ? y->dport : y->sport;
                size_t nfrom = same_s ? y->ndport : y->nsport;
                if (!same_s && (x->nsport == 0 || y->nsport == 0)) {
                    free(x->sport);
                    x->sport = NULL;
                    x->nsport = 0;
                } else {
                    *into = realloc(*into, (*nin + nfrom) * sizeof **into);
                    memcpy(*into + *nin, from, nfrom * sizeof *from);
                    *nin += nfrom;
                    port_spans_coalesce(into, nin, 0);
                }
                free(y->sport);
                free(y->dport);
                memmove(y, y + 1, (*nl - j - 1) * sizeof *y);
                --*nl;
                changed = 1;
            }
    }
}

/* Add item to a "; " list unless it stands there from a word on, ending
 * where an item ends. */
static void ref_list_add(char *list, size_t n, const char *item)
{
    size_t len = strlen(item);
    if (!*item)
        return;
    for (const char *p = list; *list && (p = strstr(p, item)); p++)
        if ((p == list || p[-1] == ' ') &&
            (p[len] == '\0' || (p[len] == ';' && p[len + 1] == ' ')))
            return;
    snprintf(list + strlen(list), n - strlen(list), "%s%s", *list ? "; " : "",
             item);
}

static void spans_text(const port_span *v, size_t n, char *buf, size_t sz)
{
    buf[0] = '\0';
    if (!n)
        snprintf(buf, sz, "*");
    for (size_t k = 0; k < n; k++) {
        char one[32];
        rules_span_text(&v[k], "-", one, sizeof one);
        snprintf(buf + strlen(buf), sz - strlen(buf), "%s%s", k ? "," : "",
                 one);
    }
}

static void legs_text(const rules_leg *l, size_t n, char *buf, size_t sz)
{
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        char s[256], d[256];
        spans_text(l[i].sport, l[i].nsport, s, sizeof s);
        spans_text(l[i].dport, l[i].ndport, d, sizeof d);
        snprintf(buf + strlen(buf), sz - strlen(buf), "%s%s -> %s",
                 i ? " | " : "", s, d);
    }
}

/* ---- random flows between two hosts ------------------------------------- */

#define MAXF 400
#define BIG 65536

static const port_span pool[] = {
    {10, 10, PARITY_ALL}, {11, 11, PARITY_ALL}, {12, 14, PARITY_ALL},
    {20, 20, PARITY_ALL}, {15, 15, PARITY_ALL}, {30, 40, PARITY_ALL},
};
#define NPOOL (int)(sizeof pool / sizeof pool[0])

static const char *const words[] = {"SIP", "Signaling", "media", "H.323",
                                    "x; y", "Signaling media", "a"};
static const char *const devices[] = {"Srv 1", "Srv 2", "Srv Srv 1",
                                      "Srv 3", "Srv (a)", "Srv 1 1",
                                      "Srv", "Srv 4", "Srv 5", "Srv 6"};

typedef struct {
    rules_flow_in f[MAXF];
    rules_port_in p[MAXF][6];
    rules_note_in n[MAXF][2];
    char desc[MAXF][64];
} flows;

/* n flows from devices mapped to one host to B, TCP; returns the input. */
static rules_input make(flows *x, size_t n, int srcports, int both)
{
    static rules_kv_in roles[] = {{"Srv", "10.0.0.1"}, {"B", "10.0.0.2"}};
    for (size_t i = 0; i < n; i++) {
        rules_flow_in *f = &x->f[i];
        memset(f, 0, sizeof *f);
        f->id = (long long)i + 1;
        f->document = "r.txt";
        f->product = "P";
        f->section = "S";
        f->line = (int)i + 1;
        f->source = devices[rnd((int)(sizeof devices / sizeof devices[0]))];
        f->destination = "B";
        f->protocol = "TCP";
        f->destination_ports = "cell";
        snprintf(x->desc[i], sizeof x->desc[i], "%s%s%s",
                 words[rnd((int)(sizeof words / sizeof words[0]))],
                 rnd(2) ? " " : "",
                 rnd(2) ? words[rnd((int)(sizeof words / sizeof words[0]))]
                        : "");
        f->description = x->desc[i];
        f->req_level = "";
        f->direction = both && rnd(3) == 0 ? "both" : "";
        size_t np = 0;
        for (int k = srcports ? rnd(3) : 0; k > 0; k--) {
            port_span s = pool[rnd(NPOOL)];
            x->p[i][np++] = (rules_port_in){0, PROTO_TCP, PORT_NUMERIC, s.lo,
                                            s.hi, PARITY_ALL, "", "", -1};
        }
        for (int k = 1 + rnd(2); k > 0; k--) {
            port_span s = pool[rnd(NPOOL)];
            x->p[i][np++] = (rules_port_in){1, PROTO_TCP, PORT_NUMERIC, s.lo,
                                            s.hi, PARITY_ALL, "", "", -1};
        }
        if (srcports && rnd(4) == 0)
            x->p[i][np++] = (rules_port_in){0, PROTO_TCP, PORT_ANY, -1, -1,
                                            PARITY_ALL, "", "", -1};
        f->ports = x->p[i];
        f->nports = np;
        static const char *const marks[] = {"*", "**", "a", "b", "c", "d",
                                            "e", "f", "g", "h", "i", "j"};
        size_t nn = (size_t)rnd(3);
        for (size_t k = 0; k < nn; k++) {
            int m = rnd(12);
            x->n[i][k] = (rules_note_in){marks[m], "a footnote", 100 + m};
        }
        f->notes = x->n[i];
        f->nnotes = nn;
    }
    return (rules_input){x->f, n, roles, 2, NULL, 0};
}

/* The legs a flow opens: its side's numeric ranges (and 'any' as the
 * site's 1-65535), coalesced whole. */
static void flow_leg(const rules_flow_in *f, rules_leg *l)
{
    memset(l, 0, sizeof *l);
    for (size_t k = 0; k < f->nports; k++) {
        const rules_port_in *p = &f->ports[k];
        port_span s = p->kind == PORT_ANY
                          ? (port_span){1, 65535, PARITY_ALL}
                          : (port_span){p->lo, p->hi, PARITY_ALL};
        port_span **v = p->dst ? &l->dport : &l->sport;
        size_t *nv = p->dst ? &l->ndport : &l->nsport;
        *v = realloc(*v, (*nv + 1) * sizeof **v);
        (*v)[(*nv)++] = s;
    }
    port_spans_coalesce(&l->sport, &l->nsport, 0);
    port_spans_coalesce(&l->dport, &l->ndport, 0);
}

static const rules_rule *rule_from(const rules_sheet *s, const char *src)
{
    for (size_t i = 0; i < s->nrules; i++)
        if (!strcmp(s->hosts[s->rules[i].src].value, src))
            return &s->rules[i];
    return NULL;
}

/* ---- tests -------------------------------------------------------------- */

static void test_legs(void)
{
    static flows x;
    static char got[BIG], want[BIG];
    int bad = 0, rounds = 0, joined = 0;
    for (int round = 0; round < 60; round++, rounds++) {
        size_t n = 2 + (size_t)rnd(round < 40 ? 12 : MAXF - 2);
        rules_input in = make(&x, n, 1, 0);
        rules_sheet *s = NULL;
        rules_build(&in, &s);
        const rules_rule *r = s ? rule_from(s, "10.0.0.1") : NULL;
        rules_leg *l = calloc(n, sizeof *l);
        size_t nl = n;
        for (size_t i = 0; i < n; i++)
            flow_leg(&in.flows[i], &l[i]);
        ref_merge(l, &nl);
        legs_text(l, nl, want, sizeof want);
        legs_text(r ? r->legs : NULL, r ? r->nlegs : 0, got, sizeof got);
        if (strcmp(got, want) && bad++ == 0)
            diag("round %d (%zu flows): got %s, expected %s", round, n, got,
                 want);
        joined += nl < n;
        for (size_t i = 0; i < nl; i++)
            free(l[i].sport), free(l[i].dport);
        free(l);
        rules_free(s);
    }
    is_int(bad, 0, "legs: %d rounds of up to %d flows join as the "
                   "restarting scan joined them",
           rounds, MAXF);
    ok(joined > rounds / 2, "legs: ... and most rounds did join legs (%d)",
       joined);
}

static void test_lists_notes_footnotes(void)
{
    static flows x;
    static char want[BIG], dev[BIG];
    int bad_desc = 0, bad_dev = 0, bad_notes = 0, bad_fn = 0, long_lists = 0;
    for (int round = 0; round < 40; round++) {
        size_t n = 2 + (size_t)rnd(MAXF - 2);
        rules_input in = make(&x, n, 1, 1);
        rules_sheet *s = NULL;
        rules_build(&in, &s);
        const rules_rule *r = s ? rule_from(s, "10.0.0.1") : NULL;
        want[0] = dev[0] = '\0';
        for (size_t i = 0; i < n; i++) {
            ref_list_add(want, sizeof want, in.flows[i].description);
            ref_list_add(dev, sizeof dev, in.flows[i].source);
        }
        bad_desc += !r || strcmp(r->description, want) != 0;
        bad_dev += !r || strcmp(r->src_devices, dev) != 0 ||
                   strcmp(s->hosts[r->src].devices, dev) != 0;
        long_lists += r && strchr(r->description, ';') &&
                      strlen(r->description) > 100;
        for (size_t k = 0; s && k < s->nrules; k++) {
            const rules_rule *q = &s->rules[k];
            for (size_t i = 0; i < q->nnotes; i++)
                for (size_t j = i + 1; j < q->nnotes; j++)
                    bad_notes += !strcmp(q->notes[i], q->notes[j]);
            for (size_t i = 0; i < q->nfootnotes; i++)
                for (size_t j = i + 1; j < q->nfootnotes; j++)
                    bad_fn += q->footnotes[i] == q->footnotes[j];
        }
        /* every way back is noted once, every footnote of a flow kept */
        const rules_rule *back = s ? rule_from(s, "10.0.0.2") : NULL;
        for (size_t i = 0; i < n; i++) {
            char note[80];
            int have = 0;
            snprintf(note, sizeof note, "The way back of flow %zu (", i + 1);
            for (size_t j = 0; back && j < back->nnotes; j++)
                have += !strncmp(back->notes[j], note, strlen(note));
            bad_notes += have != !strcmp(in.flows[i].direction, "both");
            for (size_t k = 0; r && k < in.flows[i].nnotes; k++) {
                int found = 0;
                for (size_t j = 0; j < r->nfootnotes; j++)
                    found |= !strcmp(s->footnotes[r->footnotes[j]].mark,
                                     in.flows[i].notes[k].mark);
                bad_fn += !found;
            }
        }
        rules_free(s);
    }
    is_int(bad_desc, 0, "lists: descriptions as the '; ' list test kept "
                        "them (a word-suffix of one counts as there)");
    is_int(bad_dev, 0, "lists: the devices of a rule and of its host too");
    ok(long_lists > 0, "lists: ... past the few items scanned (%d rounds)",
       long_lists);
    is_int(bad_notes, 0, "notes: none twice, every way back once");
    is_int(bad_fn, 0, "footnotes: none twice, none lost");
}

/* Without parity, coalescing sorts and joins: the same as the set. */
static void test_coalesce(void)
{
    int bad = 0;
    portset *set = malloc(sizeof *set);
    for (int round = 0; round < 300; round++) {
        size_t n = (size_t)rnd(6);
        port_span *v = malloc((n ? n : 1) * sizeof *v);
        portset_clear(set);
        for (size_t i = 0; i < n; i++) {
            int lo = rnd(3) ? rnd(200) - 5 : 65400 + rnd(200);
            v[i] = (port_span){lo, lo + rnd(round % 2 ? 3 : 150),
                               (parity_t)rnd(3)};
            portset_add(set, v[i].lo, v[i].hi, PARITY_ALL);
        }
        port_span *w;
        size_t nw;
        portset_spans(set, 0, &w, &nw);
        port_spans_coalesce(&v, &n, 0);
        bad += !port_spans_equal(v, n, w, nw);
        free(v);
        free(w);
    }
    is_int(bad, 0, "coalesce: without parity, what the set reads back "
                   "(clipped to 0-65535, runs across words)");
    /* With parity the set is cleared and read only where the spans
     * reach: the result is what a whole set reads back, at the edges of
     * its words and of the port range too. Earlier rounds leave bits in
     * the memory the next set is given. */
    bad = 0;
    for (int round = 0; round < 600; round++) {
        size_t n = 1 + (size_t)rnd(5);
        port_span *v = malloc(n * sizeof *v);
        portset_clear(set);
        for (size_t i = 0; i < n; i++) {
            int base = rnd(4) == 0   ? 65500
                       : rnd(3) == 0 ? 64 * rnd(1024)
                                     : 60 + 64 * rnd(6);
            int lo = base + rnd(12) - 6;
            v[i] = (port_span){lo, lo + rnd(round % 3 ? 9 : 300),
                               (parity_t)rnd(3)};
            portset_add(set, v[i].lo, v[i].hi, v[i].parity);
        }
        port_span *w;
        size_t nw;
        portset_spans(set, 1, &w, &nw);
        port_spans_coalesce(&v, &n, 1);
        if (!port_spans_equal(v, n, w, nw) && bad++ == 0)
            diag("round %d: %zu spans, expected %zu", round, n, nw);
        free(v);
        free(w);
    }
    is_int(bad, 0, "coalesce: with parity, what a whole set reads back "
                   "(600 rounds at word edges and the port range's ends)");
    portset_clear(set);
    portset_add(set, 0, 65535, PARITY_ALL);
    port_span *w;
    size_t nw;
    portset_spans(set, 1, &w, &nw);
    ok(nw == 1 && w[0].lo == 0 && w[0].hi == 65535,
       "portset: every port reads back as one run");
    free(w);
    free(set);
}

int main(void)
{
    test_legs();
    test_lists_notes_footnotes();
    test_coalesce();
    return done_testing();
}
