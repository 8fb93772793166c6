/* help.h - the help overlay: every binding of ACTION_LIST, by context. */
#ifndef PORTOLAN_UI_HELP_H
#define PORTOLAN_UI_HELP_H

#include "explorer.h"

void help_draw(explorer *ex);
/* A key while the overlay is open: scrolls it, or closes it. */
void help_key(explorer *ex, int key);

#endif
