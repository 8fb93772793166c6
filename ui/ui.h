/* ui.h - the explorer: the multi-pane ncurses interface over the database.
 *
 * Only ui/ includes curses. The explorer asks db/ for data and src/filter
 * for matching; it never parses documents and holds no SQL. */
#ifndef PORTOLAN_UI_H
#define PORTOLAN_UI_H

#include <stdio.h>
#include "../db/db.h"

typedef struct {
    const char *db_path;  /* shown in the status line */
    int readonly;         /* the database was opened read-only */
} ui_options;

/* Run the explorer until the user quits. Returns the process exit code
 * (0 on a normal quit, 2 when the terminal cannot be used: not a tty,
 * unknown TERM). Restores the terminal on every exit path, including
 * SIGINT, SIGTERM and crash signals. */
int ui_run(db *d, const ui_options *opt);

/* Print every key binding of the explorer, from the same action list as
 * its help overlay: as text for people, or (roff) as the man page's KEYS
 * section. Needs no terminal. */
void ui_keys_print(FILE *f, int roff);

#endif
