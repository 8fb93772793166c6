/* rules_int.h - what the files of the rule builder share (rules.c,
 * rules_hosts.c, rules_ports.c) and nobody else sees: the builder state,
 * a resolved port range, and small string helpers that record running
 * out of memory in the builder instead of failing at once. */
#ifndef PORTOLAN_RULES_INT_H
#define PORTOLAN_RULES_INT_H

#include <stddef.h>
#include "rules.h"

#define LINUX_EPHEMERAL_LO 32768
#define LINUX_EPHEMERAL_HI 60999
#define UNNAMED_ROLE "(unnamed)"

/* Append val to the malloc'd array arr of n items; sets b->oom on
 * failure. */
#define PUSH(b, arr, n, val)                                             \
    do {                                                                 \
        void *p_ = realloc((arr), ((n) + 1) * sizeof *(arr));            \
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

/* Build-only facts of a rule, parallel to sheet->rules. */
typedef struct {
    int local;
} rule_key;

typedef struct {
    rules_sheet *sh;
    mapping *maps;
    size_t nmaps;
    rule_key *keys;
    size_t nkeys;
    char **todo_keys;     /* dedupe key of each to-do */
    size_t ntodo_keys;
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
/* Add item to the "; " separated list *list unless it is there. */
void rb_list_add(builder *b, char **list, const char *item);
int rb_str_in(char **v, size_t n, const char *s);
/* Add a to-do unless one with the same key exists; takes text. */
void rb_todo_add(builder *b, rules_todo_kind kind, const char *key,
                 char *text);
/* Add note (taken) to a list unless it is there. */
void rb_note_add(builder *b, char ***notes, size_t *nnotes, char *note);

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

#endif
