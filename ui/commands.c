/* commands.c - the explorer's global actions: focus, sort, worksheet,
 * export, quit, and the settings kept between runs. The prompts are in
 * prompts.c, marks and copying in marks.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "commands.h"

/* ---- focus ------------------------------------------------------------ */

static void focus_step(explorer *ex, int dir)
{
    static const int order[] = {PANE_TREE, PANE_FLOWS, PANE_DETAIL,
                                PANE_SHEET};
    int n = 4, i = 0;
    while (i < n && order[i] != ex->focus)
        i++;
    do {
        i = (i + dir + n) % n;
    } while (order[i] == PANE_SHEET && !ex->show_sheet);
    ex->focus = order[i];
}

/* ---- sort, quit, settings ---------------------------------------------- */

static void sort_step(explorer *ex, int reverse)
{
    model *m = &ex->m;
    long long keep = flows_cursor_id(ex);
    if (model_count(m) > 100000)
        ex_busy(ex, "sorting...");
    if (reverse) {
        model_sort(m, m->sort_col, !m->sort_rev);
    } else {
        int next = m->sort_col == SORT_NATURAL ? 0 : m->sort_col + 1;
        model_sort(m, next >= COL__COUNT ? SORT_NATURAL : next, 0);
    }
    flows_follow(ex, keep);
    ex_message(ex, MSG_INFO, "sorted by %s%s",
               m->sort_col == SORT_NATURAL
                   ? (m->port ? "narrowest port range" : "document order")
                   : model_col_short((model_col)m->sort_col),
               m->sort_rev ? ", reversed" : "");
}

void cmd_quit(explorer *ex)
{
    cmd_retry_marks(ex);
    if (ex->npending == 0) {
        ex->quit = 1;
        return;
    }
    ex->confirm_quit = 1;
    ex_message(ex, MSG_ERROR, "%zu mark%s could not be saved (%s). Quit "
               "anyway? (y/n)", ex->npending, ex->npending == 1 ? "" : "s",
               db_error(ex->d));
}

void cmd_confirm_key(explorer *ex, int key)
{
    ex->confirm_quit = 0;
    if (key == 'y' || key == 'Y')
        ex->quit = 1;
    else
        ex_message(ex, MSG_INFO, "not quitting");
}

void cmd_load_settings(explorer *ex)
{
    char v[64];
    int col, rev;
    if (db_setting_get(ex->d, "ui.sort", v, sizeof v) == ST_OK &&
        sscanf(v, "%d %d", &col, &rev) == 2) {
        ex->m.sort_col = col >= 0 && col < COL__COUNT ? col : SORT_NATURAL;
        ex->m.sort_rev = rev != 0;
    }
    if (db_setting_get(ex->d, "ui.worksheet", v, sizeof v) == ST_OK)
        ex->show_sheet = strcmp(v, "1") == 0;
    if (db_setting_get(ex->d, "ui.view", v, sizeof v) == ST_OK)
        ex->tree.view = strcmp(v, "devices") == 0 ? TREE_DEVICES
                                                  : TREE_PRODUCTS;
}

void cmd_save_settings(explorer *ex)
{
    char v[64];
    if (ex_readonly(ex))
        return;
    snprintf(v, sizeof v, "%d %d", ex->m.sort_col, ex->m.sort_rev);
    db_setting_set(ex->d, "ui.sort", v);
    db_setting_set(ex->d, "ui.worksheet", ex->show_sheet ? "1" : "0");
    db_setting_set(ex->d, "ui.view",
                   ex->tree.view == TREE_DEVICES ? "devices" : "products");
}

void cmd_free(explorer *ex)
{
    free(ex->filter_before);
    ex->filter_before = NULL;
    free(ex->confirm_export);
    ex->confirm_export = NULL;
    free(ex->pending);
    ex->pending = NULL;
    ex->npending = 0;
}

int cmd_global(explorer *ex, action a)
{
    switch (a) {
    case ACT_HELP: ex->help_open = 1; ex->help_top = 0; return 1;
    case ACT_QUIT: cmd_quit(ex); return 1;
    case ACT_NEXT_PANE: focus_step(ex, +1); return 1;
    case ACT_PREV_PANE: focus_step(ex, -1); return 1;
    case ACT_DEVICES:
        tree_toggle_view(ex);
        ex->focus = PANE_TREE;
        return 1;
    case ACT_FILTER: cmd_open_prompt(ex, PROMPT_FILTER); return 1;
    case ACT_PORT: cmd_open_prompt(ex, PROMPT_PORT); return 1;
    case ACT_NEXT_MATCH:
    case ACT_PREV_MATCH:
        if (ex->focus == PANE_DETAIL)
            return detail_match_jump(ex, a == ACT_NEXT_MATCH ? 1 : -1);
        return flows_match_jump(ex, a == ACT_NEXT_MATCH ? 1 : -1);
    case ACT_CLEAR: cmd_clear_filter(ex); return 1;
    case ACT_MARK_ALL: cmd_mark_all(ex); return 1;
    case ACT_WORKSHEET:
        ex->show_sheet = !ex->show_sheet;
        if (!ex->show_sheet && ex->detail_from == PANE_SHEET)
            ex->detail_from = PANE_FLOWS;
        return 1;
    case ACT_EXPORT: cmd_export_open(ex); return 1;
    case ACT_SORT: sort_step(ex, 0); return 1;
    case ACT_SORT_REVERSE: sort_step(ex, 1); return 1;
    case ACT_COPY: cmd_copy(ex); return 1;
    case ACT_REDRAW: clearok(curscr, TRUE); return 1;
    default: return 0;
    }
}
