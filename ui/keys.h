/* keys.h - key codes to actions, and actions to their names, help and key
 * labels; all generated from ACTION_LIST (actions.h). */
#ifndef PORTOLAN_UI_KEYS_H
#define PORTOLAN_UI_KEYS_H

#include <stddef.h>
#include "actions.h"

/* The action bound to key (a wgetch() code) in ctx, or ACT_NONE. */
action keys_action(action_ctx ctx, int key);

const char *action_name(action a);
const char *action_help(action a);
action_ctx action_context(action a);

/* The keys of a, as the user would type them ("k", "Up", "C-b", "Esc"),
 * joined by sep into buf (size n); duplicate labels once. Returns buf. */
char *action_keys_label(action a, const char *sep, char *buf, size_t n);

/* The label of the first key of a ("?", "Space"). */
const char *action_first_key(action a, char *buf, size_t n);

/* One key's label into buf (size n). */
const char *key_label(int key, char *buf, size_t n);

#endif
