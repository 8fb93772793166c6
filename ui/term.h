/* term.h - giving the terminal back: signal handlers that restore it on
 * SIGINT/SIGTERM (the main loop notices and leaves cleanly) and on crash
 * signals (endwin, then the signal is raised again), and OSC 52 output. */
#ifndef PORTOLAN_UI_TERM_H
#define PORTOLAN_UI_TERM_H

#include <stddef.h>

/* Install before the screen is set up; restore after endwin(). */
void term_signals_install(void);
void term_signals_restore(void);
/* SIGINT or SIGTERM received since install (the signal number), or 0. */
int term_signal_pending(void);

/* Can the current terminal (after newterm) move the cursor? A terminal
 * such as "dumb" cannot show the explorer. */
int term_can_address(void);

/* Put text in the terminal's clipboard with the OSC 52 escape, written to
 * the controlling tty (so it works over SSH). Returns 0 or -1 (errno). */
int term_osc52(const char *text, size_t len);

#endif
