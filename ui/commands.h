/* commands.h - what the explorer's global actions do: prompts (live
 * filter, port lookup: prompts.c), marks and copy (marks.c), sort,
 * worksheet, export, quit and the settings kept between runs (commands.c).
 * Pane-specific actions are in pane_*.c. */
#ifndef PORTOLAN_UI_COMMANDS_H
#define PORTOLAN_UI_COMMANDS_H

#include "explorer.h"

/* Run a global action; returns 0 when the focused pane should have it. */
int cmd_global(explorer *ex, action a);
/* Open the / or : prompt. */
void cmd_open_prompt(explorer *ex, prompt_kind kind);
/* A key while the prompt is open. */
void cmd_prompt_key(explorer *ex, int key);
/* Esc: drop the filter and the port lookup. */
void cmd_clear_filter(explorer *ex);

/* Mark every shown flow (one transaction). */
void cmd_mark_all(explorer *ex);
/* Write the marks the database refused before, if it takes them now. */
void cmd_retry_marks(explorer *ex);
/* Copy the marked flows, or the current one, with OSC 52. */
void cmd_copy(explorer *ex);
/* 'e': open the export prompt; Enter at it; a key while "overwrite?" is
 * asked (export_prompt.c). */
void cmd_export_open(explorer *ex);
void cmd_export_accept(explorer *ex);
void cmd_export_confirm_key(explorer *ex, int key);
/* A key while "quit anyway?" is asked. */
void cmd_confirm_key(explorer *ex, int key);
void cmd_quit(explorer *ex);

/* Sort, worksheet and products/devices view from db settings; call
 * before the first load. Saving is skipped for read-only databases. */
void cmd_load_settings(explorer *ex);
void cmd_save_settings(explorer *ex);
void cmd_free(explorer *ex);

#endif
