/* rules_int.h - what the files of the rule builder share (rules.c,
 * rules_hosts.c, rules_ports.c, rules_index.c, rules_legs.c) and nobody
 * else sees: the builder state with its indexes, a resolved port range,
 * and small string helpers that record running out of memory in the
 * builder instead of failing at once. */
#ifndef PORTOLAN_RULES_INT_H
#define PORTOLAN_RULES_INT_H

#include <stddef.h>
#include "hidx.h"
#include "rules.h"

#define LINUX_EPHEMERAL_LO 32768
#define LINUX_EPHEMERAL_HI 60999
#define UNNAMED_ROLE "(unnamed)"

/* Room for n items, rounded up to a power of two: growing one item at a
 * time, realloc moves the array only when a power of two is passed. */
static inline size_t rb_room(size_t n)
{
    size_t r = 1;
    while (r < n)
        r <<= 1;
    return r;
}

/* Append val to the malloc'd array arr of n items; sets b->oom on
 * failure. */
#define PUSH(b, arr, n, val)                                             \
    do {                                                                 \
        void *p_ = realloc((arr), rb_room((n) + 1) * sizeof *(arr));     \
        if (!p_) {                                                       \
            (b)->oom = 1;                                                \
            break;                                                       \
        }                                                                \
        (arr) = p_;                                                      \
        (arr)[(n)++] = (val);                                            \
    } while (0)

typedef struct {
    const char *role;     /* as stored */
    const char *value;
    rules_value_kind kind;
    const char *name;     /* host/zone name inside value */
} mapping;

/* A "; " separated list being built: its string's length and room, and
 * how many items it has (past a few they are found through an index). */
typedef struct {
    size_t len, cap, items;
} rb_list;

/* Build-only facts of a rule, parallel to sheet->rules. */
typedef struct {
    int local;
    rb_list description, src_devices, dst_devices;
} rule_key;

/* What a per-owner set entry belongs to: owner = index * OWN__COUNT +
 * one of these. */
enum { OWN_NOTES, OWN_FOOTNOTES, OWN_DESC, OWN_SRCDEV, OWN_DSTDEV,
       OWN_HOSTDEV, OWN__COUNT };

/* An entry of a per-owner set: an item index (notes, footnotes) or a
 * piece of a list's string (off, len). */
typedef struct {
    size_t owner, a, b;
} member;

typedef struct {
    char *device;         /* normalised, as rb_host_for saw it */
    size_t host;
} device_memo;

typedef struct {
    char *base;           /* an identifier before its "_N" */
    int next;             /* the N to try next */
} ident_base;

typedef struct {
    rules_sheet *sh;
    mapping *maps;
    size_t nmaps;
    rule_key *keys;
    size_t nkeys;
    char **todo_keys;     /* dedupe key of each to-do */
    size_t ntodo_keys;
    rb_list *host_lists;  /* parallel to sh->hosts: their devices */
    device_memo *devs;    /* every device seen, with its host */
    size_t ndevs;
    ident_base *bases;
    size_t nbases;
    member *members;      /* the big per-owner sets, see rules_index.c */
    size_t nmembers;
    hidx rule_ix, group_ix, footnote_ix, todo_ix, host_ix, dev_ix,
        ident_ix, base_ix, member_ix;
    int oom;
} builder;

/* One port range of a flow, resolved. */
typedef struct {
    int dst;
    proto_t proto;
    port_kind_t kind;
    port_span doc;        /* numeric ports for people (parity kept) */
    port_span fw;         /* what a firewall opens */
} resolved;

/* ---- rules.c: helpers (each sets b->oom when out of memory) ---- */

char *rb_strdup(builder *b, const char *s);           /* NULL as "" */
char *rb_printf(builder *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Trimmed, runs of white space made one space (malloc'd). */
char *rb_normalize(builder *b, const char *s);
int rb_str_in(char **v, size_t n, const char *s);
/* Add note (taken) to a short list (a flow's) unless it is there. */
void rb_note_add(builder *b, char ***notes, size_t *nnotes, char *note);

/* ---- rules_index.c: the builder's lookups, each through a hidx ---- */

/* Add item to the "; " separated list *list (meta m, owner as in
 * member) unless it is there: as a whole item, or as the end of one from
 * a word on ("SIP Signaling" holds "Signaling"), as it always was. */
void rb_list_add(builder *b, char **list, rb_list *m, size_t owner,
                 const char *item);
/* Add a to-do unless one with the same key exists; takes text. */
void rb_todo_add(builder *b, rules_todo_kind kind, const char *key,
                 char *text);
/* Add note (taken) to rule i unless it has it. */
void rb_rule_note_add(builder *b, size_t i, char *note);
/* Add the sheet's footnote fn to rule i unless it has it. */
void rb_rule_footnote_add(builder *b, size_t i, size_t fn);
/* The index of the rule src -> dst for proto (local or not), or the
 * number of rules when there is none yet; rb_rule_added after adding. */
size_t rb_rule_find(builder *b, size_t src, size_t dst, proto_t proto,
                    int local);
void rb_rule_added(builder *b, size_t i);
/* Group named name (NULL as ""), found or added. */
size_t rb_group_for(builder *b, const char *name);
/* The sheet's footnote (document, line, mark), found or added. */
size_t rb_footnote_for(builder *b, const char *document,
                       const rules_note_in *n);
/* Host of kind with value (ASCII case ignored), or sh->nhosts. */
size_t rb_host_find(builder *b, rules_value_kind kind, const char *value);
/* Record the host just added at index h (and its ident). */
void rb_host_added(builder *b, size_t h);
/* Is ident taken by a host? */
int rb_ident_taken(builder *b, const char *ident);
/* The N to try first after base ("_N"), and remember the one taken. */
int *rb_ident_next(builder *b, const char *base);
/* The host of a normalised device seen before, or -1; remember one. */
long rb_device_find(builder *b, const char *device);
void rb_device_add(builder *b, const char *device, size_t host);
/* Free the indexes and what they own (not the sheet). */
void rb_index_free(builder *b);

/* ---- rules_ports.c: site defaults and a flow's ports ---- */

/* Read the site defaults into b->sh->settings (bad ones become to-dos). */
void rb_settings_read(builder *b, const rules_input *in);
/* Resolve every range of f into out (f->nports items); notes of what
 * was done go to *notes. */
void rb_resolve_ports(builder *b, const rules_flow_in *f, resolved *out,
                      char ***notes, size_t *nnotes);
/* "doc.txt line 42 (flow 7)" (malloc'd). */
char *rb_where(builder *b, const rules_flow_in *f);

/* ---- rules_hosts.c: roles -> hosts ---- */

/* Parse the role mappings into b->maps (bad ones become to-dos). */
void rb_read_mappings(builder *b, const rules_input *in);
/* The host a device stands for (index into b->sh->hosts), found or
 * added. */
size_t rb_host_for(builder *b, const char *written);

/* ---- rules_legs.c ---- */

/* Join legs with the same source ports or the same destination ports,
 * as a scan that restarts after every join would, in O(n log n). */
void rb_merge_legs(builder *b, rules_rule *r);

#endif
