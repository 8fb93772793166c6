/* actions.h - the one list of what a key can do in the explorer.
 *
 * ACTION_LIST is an X-macro: each entry gives an action its enum, the
 * context it works in, a short name, the help text and up to three keys.
 * keys.c builds the key table from it and help.c builds the help overlay
 * from it, so a binding and its help line cannot drift apart. Add a key
 * here and nowhere else. */
#ifndef PORTOLAN_UI_ACTIONS_H
#define PORTOLAN_UI_ACTIONS_H

#include "curses_ui.h"

#define UI_CTRL(c) ((c) & 0x1f)
#define UI_KEY_ESC 27

typedef enum { CTX_MAIN = 0, CTX_PROMPT, CTX__COUNT } action_ctx;

/* X(id, context, name, help, key1, key2, key3); 0 means no key. */
#define ACTION_LIST(X)                                                      \
    X(ACT_HELP, CTX_MAIN, "help", "Show this list of keys", '?',            \
      KEY_F(1), 0)                                                          \
    X(ACT_QUIT, CTX_MAIN, "quit",                                           \
      "Quit (asks only if some marks could not be saved)", 'q', 0, 0)       \
    X(ACT_NEXT_PANE, CTX_MAIN, "next-pane", "Move to the next pane", '\t',  \
      0, 0)                                                                 \
    X(ACT_PREV_PANE, CTX_MAIN, "prev-pane", "Move to the previous pane",    \
      KEY_BTAB, 0, 0)                                                       \
    X(ACT_UP, CTX_MAIN, "up", "Move up one row", KEY_UP, 'k', 0)            \
    X(ACT_DOWN, CTX_MAIN, "down", "Move down one row", KEY_DOWN, 'j', 0)    \
    X(ACT_LEFT, CTX_MAIN, "left",                                           \
      "Tree: collapse the node or go to its parent; else the pane to the "  \
      "left", KEY_LEFT, 'h', 0)                                             \
    X(ACT_RIGHT, CTX_MAIN, "right",                                         \
      "Tree: expand the node, or go down into it", KEY_RIGHT, 'l', 0)       \
    X(ACT_PAGE_UP, CTX_MAIN, "page-up", "Move up one page", KEY_PPAGE,      \
      UI_CTRL('b'), 0)                                                      \
    X(ACT_PAGE_DOWN, CTX_MAIN, "page-down", "Move down one page",           \
      KEY_NPAGE, UI_CTRL('f'), 0)                                           \
    X(ACT_HOME, CTX_MAIN, "first", "Go to the first row", KEY_HOME, 'g', 0) \
    X(ACT_END, CTX_MAIN, "last", "Go to the last row", KEY_END, 'G', 0)     \
    X(ACT_ENTER, CTX_MAIN, "open",                                          \
      "Tree: show the node's flows; flows: focus the detail", '\n', '\r',   \
      KEY_ENTER)                                                            \
    X(ACT_DEVICES, CTX_MAIN, "devices",                                     \
      "Products pane: switch between products and devices", 'd', 0, 0)      \
    X(ACT_FILTER, CTX_MAIN, "filter",                                       \
      "Filter the flows as you type (regex; src: dst: proto: port: desc: "  \
      "req: doc:, ! negates)",                                              \
      '/', 0, 0)                                                            \
    X(ACT_PORT, CTX_MAIN, "port", "Look up a port: 1720, 5060/udp", ':',    \
      'p', 0)                                                               \
    X(ACT_NEXT_MATCH, CTX_MAIN, "next-match", "Jump to the next match",     \
      'n', 0, 0)                                                            \
    X(ACT_PREV_MATCH, CTX_MAIN, "prev-match",                               \
      "Jump to the previous match", 'N', 0, 0)                              \
    X(ACT_CLEAR, CTX_MAIN, "clear-filter",                                  \
      "Clear the filter and the port lookup", UI_KEY_ESC, 0, 0)             \
    X(ACT_MARK, CTX_MAIN, "mark",                                           \
      "Mark or unmark the flow (worksheet) and move down", ' ', 0, 0)       \
    X(ACT_MARK_ALL, CTX_MAIN, "mark-all", "Mark every shown flow", 'a', 0,  \
      0)                                                                    \
    X(ACT_WORKSHEET, CTX_MAIN, "worksheet", "Show or hide the worksheet",   \
      'w', 0, 0)                                                            \
    X(ACT_EXPORT, CTX_MAIN, "export", "Export the worksheet", 'e', 0, 0)    \
    X(ACT_SORT, CTX_MAIN, "sort", "Sort by the next column", 's', 0, 0)     \
    X(ACT_SORT_REVERSE, CTX_MAIN, "sort-reverse", "Reverse the sort order", \
      'S', 0, 0)                                                            \
    X(ACT_COPY, CTX_MAIN, "copy",                                           \
      "Copy the flow (or the marked flows) to the clipboard (OSC 52)", 'y', \
      0, 0)                                                                 \
    X(ACT_REDRAW, CTX_MAIN, "redraw", "Redraw the screen", UI_CTRL('l'), 0, \
      0)                                                                    \
    X(PR_ACCEPT, CTX_PROMPT, "accept", "Apply and close the prompt", '\n',  \
      '\r', KEY_ENTER)                                                      \
    X(PR_CANCEL, CTX_PROMPT, "cancel",                                      \
      "Close the prompt, back to the filter it opened with", UI_KEY_ESC,    \
      UI_CTRL('g'), 0)                                                      \
    X(PR_HIST_PREV, CTX_PROMPT, "history-back",                             \
      "Recall an earlier entry (kept across runs)", KEY_UP, UI_CTRL('p'),   \
      0)                                                                    \
    X(PR_HIST_NEXT, CTX_PROMPT, "history-forward",                          \
      "Recall a later entry", KEY_DOWN, UI_CTRL('n'), 0)                    \
    X(PR_LEFT, CTX_PROMPT, "char-left", "Cursor left", KEY_LEFT,            \
      UI_CTRL('b'), 0)                                                      \
    X(PR_RIGHT, CTX_PROMPT, "char-right", "Cursor right", KEY_RIGHT,        \
      UI_CTRL('f'), 0)                                                      \
    X(PR_HOME, CTX_PROMPT, "line-start", "Cursor to the start", KEY_HOME,   \
      UI_CTRL('a'), 0)                                                      \
    X(PR_END, CTX_PROMPT, "line-end", "Cursor to the end", KEY_END,         \
      UI_CTRL('e'), 0)                                                      \
    X(PR_BACKSPACE, CTX_PROMPT, "delete-back",                              \
      "Delete the character before the cursor", KEY_BACKSPACE, 127,         \
      UI_CTRL('h'))                                                         \
    X(PR_DELETE, CTX_PROMPT, "delete", "Delete the character at the cursor", \
      KEY_DC, UI_CTRL('d'), 0)                                              \
    X(PR_KILL_START, CTX_PROMPT, "kill-start",                              \
      "Delete up to the start", UI_CTRL('u'), 0, 0)                         \
    X(PR_KILL_END, CTX_PROMPT, "kill-end", "Delete to the end",             \
      UI_CTRL('k'), 0, 0)                                                   \
    X(PR_KILL_WORD, CTX_PROMPT, "kill-word",                                \
      "Delete the word before the cursor", UI_CTRL('w'), 0, 0)

typedef enum {
    ACT_NONE = 0,
#define X(id, ctx, name, help, k1, k2, k3) id,
    ACTION_LIST(X)
#undef X
    ACT__COUNT
} action;

#endif
