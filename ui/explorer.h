/* explorer.h - the explorer's shared state and the pane interface (private
 * to ui/).
 *
 * The explorer owns the model (the shown flows), one state per pane, the
 * prompt and the message line. Each pane is a pane_ops table; explorer.c
 * lays the panes out, draws them, and hands each action first to the
 * global handlers, then to the focused pane. */
#ifndef PORTOLAN_UI_EXPLORER_H
#define PORTOLAN_UI_EXPLORER_H

#include <stddef.h>
#include "../db/db.h"
#include "actions.h"
#include "layout.h"
#include "model.h"
#include "prompt.h"
#include "ui.h"

typedef struct explorer explorer;

/* ---- one pane: the same operations for each --------------------------- */

typedef struct {
    const char *name;
    /* Draw into r (row 0 is the title bar). */
    void (*draw)(explorer *ex, rect r, int focused);
    /* Returns 1 if the action was used. */
    int (*act)(explorer *ex, action a, rect r);
    /* A click on row (0 = title) of the pane. */
    void (*click)(explorer *ex, rect r, int row);
    /* Mouse wheel: delta rows (negative = up). */
    void (*wheel)(explorer *ex, rect r, int delta);
} pane_ops;

extern const pane_ops pane_tree_ops, pane_flows_ops, pane_detail_ops,
    pane_sheet_ops;

/* ---- pane states --------------------------------------------------------- */

typedef enum { TN_ALL, TN_DOC, TN_PRODUCT, TN_SECTION, TN_DEVICE } tnode_kind;

typedef struct {
    tnode_kind kind;
    int depth, parent, nchild, expanded;
    char *label;
    long long count;
    long long doc, product, section;
} tnode;

enum { TREE_PRODUCTS = 0, TREE_DEVICES = 1 };

typedef struct {
    tnode *nodes[2];
    size_t nnodes[2];
    int view;                 /* TREE_PRODUCTS or TREE_DEVICES */
    int *vis;                 /* visible nodes of the view */
    size_t nvis;
    size_t cursor[2], top[2]; /* into vis, per view */
    int scope_view, scope_node; /* the node the flows are restricted to */
    int loaded;
} tree_state;

typedef struct {
    size_t cursor, top;
    int natural[COL__COUNT];  /* widest cell per column (sampled) */
    unsigned natural_gen;     /* model generation natural is for */
    int have_natural;
} flows_state;

typedef struct {
    char *label;              /* in the label column, or NULL */
    char *text;
    int role;                 /* theme_role */
    int field;                /* filter_field for match highlighting, -1 */
} dline;

typedef struct {
    long long id;             /* flow shown; 0 none */
    int width;                /* width the lines were wrapped to */
    dline *lines;
    size_t n, cap;
    size_t top;
    int marked;               /* the flow is on the worksheet */
} detail_state;

typedef struct {
    long long id;
    char *text;
    char *level;
} sheet_row;

typedef struct {
    sheet_row *rows;
    size_t n;
    size_t cursor, top;
    int stale;                /* marks changed: reload before drawing */
} sheet_state;

typedef enum { MSG_NONE, MSG_INFO, MSG_ERROR } msg_kind;

struct explorer {
    db *d;
    const ui_options *opt;
    model m;
    tree_state tree;
    flows_state flows;
    detail_state detail;
    sheet_state sheet;
    prompt pr;
    char *filter_before;      /* the filter when the prompt opened */
    layout lay;
    int rows, cols;
    int focus;                /* pane_id */
    int detail_from;          /* PANE_FLOWS or PANE_SHEET: whose cursor */
    int show_sheet;
    int help_open;
    size_t help_top;
    char scope_label[256];
    char *scope_device;       /* owned copy for db_scope.device */
    db_scope scope;
    char msg[512];
    msg_kind msg_kind;
    long long nmarks;         /* flows on the worksheet */
    struct pending_mark {     /* marks the database refused (busy): */
        long long id;         /* shown, retried, asked about on quit */
        int on;
    } *pending;
    size_t npending;
    int confirm_quit;         /* asking "quit anyway?" */
    int load_tried;           /* every flow was read (or failed to be) */
    int tree_stale;           /* the tree is to be counted again */
    char *confirm_export;     /* "FORMAT FILE" waiting for "overwrite?" */
    int quit;
};

/* Put a message on the prompt line until the next key. */
void ex_message(explorer *ex, msg_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Show what is being done on the prompt line at once, before a slow step
 * (reading a large scope, sorting a million rows). */
void ex_busy(explorer *ex, const char *what);

/* Restrict the flows to scope (copied), labelled for the status line.
 * Keeps the filter and the port lookup. */
void ex_set_scope(explorer *ex, const db_scope *scope, const char *label);

/* The flow the detail pane is about, 0 if none. */
long long ex_current_flow(explorer *ex);

/* Nothing can be written: the database is read-only. */
int ex_readonly(explorer *ex);

/* Marks changed (in the model or the worksheet). */
void ex_marks_changed(explorer *ex);

/* Set or clear a mark on flow id everywhere (db, model, worksheet).
 * Reports read-only databases and failures itself. Returns 1 if done. */
int ex_mark(explorer *ex, long long id, int on);

/* Move a list cursor: shared by the list panes. n rows, page rows per
 * page. Returns 1 if a (move) action was used. */
int ex_list_move(action a, size_t n, size_t page, size_t *cursor);
/* Keep cursor inside [top, top + h). */
void ex_list_scroll(size_t cursor, size_t h, size_t n, size_t *top);

/* Pane functions beyond the ops. */
void tree_free(tree_state *t);
int tree_load(explorer *ex);
/* Switch the products pane between products and devices. */
void tree_toggle_view(explorer *ex);
void flows_follow(explorer *ex, long long id);
/* The flow under the flows pane's cursor, 0 if none. */
long long flows_cursor_id(explorer *ex);
int flows_match_jump(explorer *ex, int dir);
int detail_match_jump(explorer *ex, int dir);
void detail_free(detail_state *d);
void sheet_free(sheet_state *s);
void sheet_reload(explorer *ex);

#endif
