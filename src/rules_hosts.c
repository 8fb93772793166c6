/* rules_hosts.c - device roles -> hosts: the worksheet's mappings (the
 * longest role covering a device wins), placeholders for unmapped roles,
 * and identifiers every export can use. No SQL, no printing. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "device.h"
#include "rules_int.h"

/* ---- hosts -------------------------------------------------------------- */

void rb_read_mappings(builder *b, const rules_input *in)
{
    for (size_t i = 0; i < in->nroles; i++) {
        const rules_kv_in *kv = &in->roles[i];
        mapping m = {kv->key, kv->value, RV_PLACEHOLDER, NULL};
        char err[200];
        if (rules_value_parse(kv->value, &m.kind, &m.name, err, sizeof err) !=
            ST_OK) {
            char *k = rb_printf(b, "role:%s", kv->key);
            rb_todo_add(
                b, TODO_BAD_SETTING, k ? k : "",
                rb_printf(b,
                          "The mapping of '%s' to '%s' is not valid "
                          "and is ignored (%s): portolan sheet set '%s' "
                          "ADDRESS",
                          kv->key, kv->value, err, kv->key));
            free(k);
            continue;
        }
        PUSH(b, b->maps, b->nmaps, m);
    }
}

static const mapping *mapping_for(builder *b, const char *device)
{
    const mapping *best = NULL;
    size_t best_len = 0;
    for (size_t i = 0; i < b->nmaps; i++) {
        char *role = rb_normalize(b, b->maps[i].role);
        if (!role)
            return NULL;
        size_t n = strlen(role);
        if (n && device_covers(role, device) && n > best_len) {
            best = &b->maps[i];
            best_len = n;
        }
        free(role);
    }
    return best;
}

/* A unique identifier from text: lower-case letters, digits and '_'. */
static char *make_ident(builder *b, const char *prefix, const char *text)
{
    char base[24]; /* names stay short: nft set names, dot ids */
    size_t n = 0;
    int under = 0;
    for (const char *p = text; *p && n < sizeof base - 1; p++) {
        if (isalnum((unsigned char)*p) && !((unsigned char)*p & 0x80)) {
            if (under && n)
                base[n++] = '_';
            if (n < sizeof base - 1)
                base[n++] = (char)tolower((unsigned char)*p);
            under = 0;
        } else {
            under = 1;
        }
    }
    base[n] = '\0';
    char *id = rb_printf(b, "%s%s", prefix, n ? base : "x");
    if (!id || !rb_ident_taken(b, id))
        return id;
    int *next = rb_ident_next(b, id), k = next ? *next : 2;
    for (; id; k++) {
        free(id);
        id = rb_printf(b, "%s%s_%d", prefix, n ? base : "x", k);
        if (id && !rb_ident_taken(b, id))
            break;
    }
    if (next)
        *next = k + 1;
    return id;
}

/* The host a device stands for (index into sh->hosts), found or added. */
size_t rb_host_for(builder *b, const char *written)
{
    rules_sheet *sh = b->sh;
    char *device = rb_normalize(b, written);
    if (!device)
        return 0;
    if (!*device) {
        free(device);
        device = rb_strdup(b, UNNAMED_ROLE);
        if (!device)
            return 0;
    }
    /* A device seen before: the same host, already in its devices. */
    long seen = rb_device_find(b, device);
    if (seen >= 0) {
        free(device);
        return (size_t)seen;
    }
    const mapping *m = mapping_for(b, device);
    rules_value_kind kind = m ? m->kind : RV_PLACEHOLDER;
    const char *value = m ? m->value : device;
    size_t i = rb_host_find(b, kind, value);
    if (i == sh->nhosts) {
        static const char *const prefix[] = {"role_",  "any",   "addr_",
                                             "addr6_", "host_", "zone_"};
        rules_host h = {
            .kind = kind,
            .value = rb_strdup(b, value),
            .name = rb_strdup(b, m ? m->name : device),
            .role = m ? rb_strdup(b, m->role) : NULL,
            .ident = kind == RV_ANY
                         ? rb_strdup(b, "any")
                         : make_ident(b, prefix[kind], m ? m->name : device),
        };
        size_t n = sh->nhosts;
        PUSH(b, sh->hosts, sh->nhosts, h);
        if (n == sh->nhosts) {
            free(h.value), free(h.name), free(h.role), free(h.ident);
            free(device);
            return 0;
        }
        rb_host_added(b, i);
    }
    if (!b->oom) {
        rb_list_add(b, &sh->hosts[i].devices, &b->host_lists[i],
                    i * OWN__COUNT + OWN_HOSTDEV, device);
        rb_device_add(b, device, i);
    }
    free(device);
    return i;
}
