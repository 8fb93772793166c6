/* prompt.h - the one-line editor on the bottom row: filter and port
 * prompts, with history kept in the database (db_history: "filter",
 * "port") and recalled with Up/Down. UTF-8 aware; draws only its line. */
#ifndef PORTOLAN_UI_PROMPT_H
#define PORTOLAN_UI_PROMPT_H

#include <stddef.h>
#include "../db/db.h"

typedef enum {
    PROMPT_NONE = 0,
    PROMPT_FILTER,
    PROMPT_PORT,
    PROMPT_EXPORT /* "FORMAT FILE" for the worksheet export */
} prompt_kind;

typedef enum {
    PR_IGNORED,   /* not a prompt key */
    PR_MOVED,     /* cursor moved, text unchanged */
    PR_CHANGED,   /* the text changed */
    PR_DONE,      /* Enter: use the text */
    PR_CANCELLED  /* Esc */
} prompt_result;

enum { PROMPT_MAX = 512, PROMPT_HIST = 200 };

typedef struct {
    prompt_kind kind;
    char buf[PROMPT_MAX];
    size_t len, cur;          /* bytes */
    char *hist[PROMPT_HIST];  /* newest first */
    size_t nhist;
    long hpos;                /* -1: editing a new line */
    char draft[PROMPT_MAX];   /* the new line while browsing history */
    int err_col;              /* byte to show as an error, -1 none */
} prompt;

/* Open a prompt of kind with initial text, loading its history from d. */
void prompt_open(prompt *p, prompt_kind kind, const char *text, db *d);
void prompt_close(prompt *p);
static inline int prompt_active(const prompt *p)
{
    return p->kind != PROMPT_NONE;
}
/* Feed one key (a wgetch() code). */
prompt_result prompt_key(prompt *p, int key);
/* Record the text in the history (memory, and d unless readonly). */
void prompt_remember(prompt *p, db *d, int readonly);
/* Draw "/text" on row y, w columns wide, and place the terminal cursor. */
void prompt_draw(prompt *p, int y, int w);
/* The leading character shown: '/', ':' or '>' (export). */
char prompt_sigil(prompt_kind kind);

#endif
