/* keys.c - the key table and key labels, generated from ACTION_LIST.
 * Holds no bindings of its own: change keys in actions.h. */
#include <stdio.h>
#include <string.h>
#include "keys.h"

typedef struct {
    const char *name, *help;
    action_ctx ctx;
    int keys[3];
} action_info;

static const action_info infos[ACT__COUNT] = {
    [ACT_NONE] = {"none", "", CTX_MAIN, {0, 0, 0}},
#define X(id, ctx, name, help, k1, k2, k3)                                   \
    [id] = {name, help, ctx, {k1, k2, k3}},
    ACTION_LIST(X)
#undef X
};

action keys_action(action_ctx ctx, int key)
{
    if (key == 0)
        return ACT_NONE;
    for (int a = 1; a < ACT__COUNT; a++) {
        if (infos[a].ctx != ctx)
            continue;
        for (int i = 0; i < 3; i++)
            if (infos[a].keys[i] == key)
                return (action)a;
    }
    return ACT_NONE;
}

const char *action_name(action a)
{
    return a > 0 && a < ACT__COUNT ? infos[a].name : "none";
}

const char *action_help(action a)
{
    return a > 0 && a < ACT__COUNT ? infos[a].help : "";
}

action_ctx action_context(action a)
{
    return a > 0 && a < ACT__COUNT ? infos[a].ctx : CTX_MAIN;
}

static const struct {
    int key;
    const char *label;
} named[] = {
    {'\t', "Tab"},          {KEY_BTAB, "S-Tab"},   {' ', "Space"},
    {'\n', "Enter"},        {'\r', "Enter"},       {KEY_ENTER, "Enter"},
    {UI_KEY_ESC, "Esc"},    {127, "Bksp"},         {KEY_BACKSPACE, "Bksp"},
    {KEY_UP, "Up"},         {KEY_DOWN, "Down"},    {KEY_LEFT, "Left"},
    {KEY_RIGHT, "Right"},   {KEY_PPAGE, "PgUp"},   {KEY_NPAGE, "PgDn"},
    {KEY_HOME, "Home"},     {KEY_END, "End"},      {KEY_DC, "Del"},
};

const char *key_label(int key, char *buf, size_t n)
{
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
        if (named[i].key == key) {
            snprintf(buf, n, "%s", named[i].label);
            return buf;
        }
    if (key >= KEY_F(1) && key <= KEY_F(12))
        snprintf(buf, n, "F%d", key - KEY_F(0));
    else if (key > 0 && key < 32)
        snprintf(buf, n, "C-%c", key + 'a' - 1);
    else if (key > 32 && key < 127)
        snprintf(buf, n, "%c", key);
    else
        snprintf(buf, n, "%s", keyname(key) ? keyname(key) : "?");
    return buf;
}

char *action_keys_label(action a, const char *sep, char *buf, size_t n)
{
    char seen[3][16];
    int nseen = 0;
    size_t w = 0;
    if (n == 0)
        return buf;
    buf[0] = '\0';
    if (a <= 0 || a >= ACT__COUNT)
        return buf;
    for (int i = 0; i < 3; i++) {
        int k = infos[a].keys[i];
        if (k == 0)
            continue;
        char one[16];
        key_label(k, one, sizeof one);
        int dup = 0;
        for (int j = 0; j < nseen; j++)
            dup |= strcmp(seen[j], one) == 0;
        if (dup)
            continue;
        snprintf(seen[nseen++], sizeof seen[0], "%s", one);
        int r = snprintf(buf + w, n - w, "%s%s", w ? sep : "", one);
        if (r < 0 || (size_t)r >= n - w)
            break;
        w += (size_t)r;
    }
    return buf;
}

const char *action_first_key(action a, char *buf, size_t n)
{
    if (a <= 0 || a >= ACT__COUNT || infos[a].keys[0] == 0) {
        snprintf(buf, n, "%s", "");
        return buf;
    }
    return key_label(infos[a].keys[0], buf, n);
}
