/* explorer.c - ui_run: the terminal's lifetime, the main loop, layout and
 * drawing of the frame (panes, separators, status and prompt lines), and
 * routing of keys and mouse events. What each action does lives in
 * commands.c and in the panes. */
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "commands.h"
#include "draw.h"
#include "explorer.h"
#include "help.h"
#include "keys.h"
#include "probe.h"
#include "term.h"
#include "theme.h"

static const pane_ops *const panes[PANE__COUNT] = {
    [PANE_TREE] = &pane_tree_ops,
    [PANE_FLOWS] = &pane_flows_ops,
    [PANE_DETAIL] = &pane_detail_ops,
    [PANE_SHEET] = &pane_sheet_ops,
};

void ex_message(explorer *ex, msg_kind kind, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ex->msg, sizeof ex->msg, fmt, ap);
    va_end(ap);
    ex->msg_kind = kind;
}

long long ex_current_flow(explorer *ex)
{
    if (ex->detail_from == PANE_SHEET && ex->show_sheet) {
        sheet_state *s = &ex->sheet;
        if (s->stale)
            sheet_reload(ex);
        return s->n ? s->rows[s->cursor].id : 0;
    }
    if (model_count(&ex->m) == 0)
        return 0;
    if (ex->flows.cursor >= model_count(&ex->m))
        ex->flows.cursor = model_count(&ex->m) - 1;
    return model_id(&ex->m, ex->flows.cursor);
}

void ex_busy(explorer *ex, const char *what)
{
    int rows, cols;
    getmaxyx(stdscr, rows, cols);
    if (rows < 1 || cols < 1)
        return;
    draw_text(rows - 1, 0, cols, what, theme_attr(TH_INFO),
              DRAW_PAD | DRAW_ELLIPSIS);
    refresh();
}

void ex_set_scope(explorer *ex, const db_scope *scope, const char *label)
{
    char err[300];
    ex_busy(ex, "reading the flows...");
    long long keep = flows_cursor_id(ex);
    char *dev = scope->device ? strdup(scope->device) : NULL;
    db_scope sc = *scope;
    sc.device = dev;
    if (model_load(&ex->m, &sc, err, sizeof err) != ST_OK) {
        free(dev);
        ex_message(ex, MSG_ERROR, "%s", err);
        return;
    }
    free(ex->scope_device);
    ex->scope_device = dev;
    ex->scope = sc;
    snprintf(ex->scope_label, sizeof ex->scope_label, "%s", label);
    ex->flows.top = 0;
    ex->flows.cursor = 0;
    flows_follow(ex, keep);
}

/* ---- drawing --------------------------------------------------------- */

static void draw_separators(explorer *ex)
{
    for (int p = 0; p < PANE__COUNT; p++) {
        rect r = ex->lay.pane[p];
        if (r.h == 0 || r.x == 0)
            continue;
        for (int y = r.y; y < r.y + r.h; y++)
            draw_text(y, r.x - 1, 1, theme_glyph_str(GL_VLINE),
                      theme_attr(TH_DIM), 0);
    }
}

/* "?:help /:filter ..." from the action list, as much as fits in w. */
static void key_hint(char *buf, size_t n, int w)
{
    static const action hint[] = {ACT_HELP,  ACT_FILTER,    ACT_PORT,
                                  ACT_QUIT,  ACT_MARK,      ACT_WORKSHEET,
                                  ACT_DEVICES};
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof hint / sizeof hint[0]; i++) {
        char k[32], one[64];
        int r = snprintf(one, sizeof one, "%s%s:%s", len ? " " : "",
                         action_first_key(hint[i], k, sizeof k),
                         action_name(hint[i]));
        if (r < 0 || len + (size_t)r >= n || (int)(len + (size_t)r) > w)
            break;
        memcpy(buf + len, one, (size_t)r + 1);
        len += (size_t)r;
    }
}

static void draw_status(explorer *ex, int y, int w)
{
    char s[1024], hint[200];
    attr_t a = theme_attr(TH_STATUS);
    if (prompt_active(&ex->pr) && ex->msg_kind != MSG_NONE) {
        draw_fill(y, 0, w, a);
        draw_text(y, 1, w - 1, ex->msg,
                  theme_mix(a, theme_attr(ex->msg_kind == MSG_ERROR
                                              ? TH_ERROR : TH_INFO)),
                  DRAW_ELLIPSIS);
        return;
    }
    model *m = &ex->m;
    size_t k = model_loaded(m)
        ? (size_t)snprintf(s, sizeof s, " %s | %zu/%zu flows",
                           ex->scope_label, model_count(m), model_total(m))
        : (size_t)snprintf(s, sizeof s, " %s | reading the flows...",
                           ex->scope_label);
    if (*model_filter_text(m) && k < sizeof s)
        k += (size_t)snprintf(s + k, sizeof s - k, " | /%s",
                              model_filter_text(m));
    if (m->port && k < sizeof s)
        k += (size_t)snprintf(s + k, sizeof s - k, " | port %d%s%s", m->port,
                              m->port_proto ? "/" : "",
                              proto_name(m->port_proto));
    if (k < sizeof s)
        k += (size_t)snprintf(s + k, sizeof s - k, " | %s%lld marked",
                              theme_glyph_str(GL_MARK), ex->nmarks);
    if (ex->npending && k < sizeof s)
        k += (size_t)snprintf(s + k, sizeof s - k, " (%zu unsaved)",
                              ex->npending);
    if (ex->opt->readonly && k < sizeof s)
        snprintf(s + k, sizeof s - k, " | read-only");
    draw_fill(y, 0, w, a);
    int used = draw_text(y, 0, w, s, a, DRAW_ELLIPSIS);
    key_hint(hint, sizeof hint, w - used - 3);
    int hw = (int)strlen(hint) + 1;
    if (*hint)
        draw_text(y, w - hw, hw, hint, a, 0);
}

static void draw_prompt_line(explorer *ex, int y, int w)
{
    if (prompt_active(&ex->pr)) {
        prompt_draw(&ex->pr, y, w);
        return;
    }
    draw_fill(y, 0, w, A_NORMAL);
    if (ex->msg_kind != MSG_NONE) {
        draw_text(y, 0, w, ex->msg,
                  theme_attr(ex->msg_kind == MSG_ERROR ? TH_ERROR : TH_INFO),
                  DRAW_ELLIPSIS);
        return;
    }
    char s[600];
    snprintf(s, sizeof s, "%s%s", ex->opt->db_path ? ex->opt->db_path : "",
             ex->opt->readonly ? " (read-only)" : "");
    int sw = (int)strlen(s);
    if (sw < w)
        draw_text(y, w - sw - 1, sw + 1, s, theme_attr(TH_DIM), 0);
}

static void draw_too_small(explorer *ex)
{
    char s[80];
    snprintf(s, sizeof s, "terminal too small (need %dx%d)", LAYOUT_MIN_COLS,
             LAYOUT_MIN_ROWS);
    const char *lines[] = {s, "q quits"};
    int y = ex->rows > 3 ? ex->rows / 2 - 1 : 0;
    for (int i = 0; i < 2; i++) {
        for (const char *p = lines[i]; *p && y < ex->rows; y++) {
            size_t n = draw_wrap(p, ex->cols);
            char line[80];
            snprintf(line, sizeof line, "%.*s", (int)n, p);
            draw_text(y, 0, ex->cols, line, i ? A_NORMAL : A_BOLD, 0);
            p += n;
            while (*p == ' ')
                p++;
        }
    }
}

static void draw_frame(explorer *ex)
{
    getmaxyx(stdscr, ex->rows, ex->cols);
    if (ex->focus == PANE_SHEET && !ex->show_sheet)
        ex->focus = PANE_FLOWS;
    layout_compute(ex->rows, ex->cols, ex->focus, ex->show_sheet, &ex->lay);
    erase();
    curs_set(0);
    if (ex->lay.too_small) {
        draw_too_small(ex);
        refresh();
        return;
    }
    for (int p = 0; p < PANE__COUNT; p++)
        if (ex->lay.pane[p].h > 0)
            panes[p]->draw(ex, ex->lay.pane[p], ex->focus == p);
    draw_separators(ex);
    draw_status(ex, ex->lay.status_y, ex->cols);
    if (ex->help_open)
        help_draw(ex);
    draw_prompt_line(ex, ex->lay.prompt_y, ex->cols);
    if (prompt_active(&ex->pr) && !ex->help_open)
        curs_set(1); /* prompt_draw left the cursor in place */
    refresh();
    probe_frame(&ex->m);
}

/* ---- input ------------------------------------------------------------ */

static void on_mouse(explorer *ex)
{
    MEVENT me;
    if (getmouse(&me) != OK || ex->lay.too_small || ex->help_open)
        return;
    for (int p = 0; p < PANE__COUNT; p++) {
        rect r = ex->lay.pane[p];
        if (!rect_has(r, me.y, me.x))
            continue;
        if (me.bstate & BUTTON4_PRESSED) {
            panes[p]->wheel(ex, r, -3);
#ifdef BUTTON5_PRESSED
        } else if (me.bstate & BUTTON5_PRESSED) {
            panes[p]->wheel(ex, r, 3);
#endif
        } else if (me.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) {
            if (prompt_active(&ex->pr))
                return;
            ex->focus = p;
            panes[p]->click(ex, r, me.y - r.y);
        }
        return;
    }
}

static void on_key(explorer *ex, int ch)
{
    if (ch == KEY_RESIZE)
        return; /* the next frame lays out for the new size */
    if (ch == KEY_MOUSE) {
        on_mouse(ex);
        return;
    }
    if (ex->confirm_quit) {
        cmd_confirm_key(ex, ch);
        return;
    }
    if (ex->confirm_export) {
        cmd_export_confirm_key(ex, ch);
        return;
    }
    if (ex->help_open) {
        help_key(ex, ch);
        return;
    }
    if (prompt_active(&ex->pr)) {
        cmd_prompt_key(ex, ch);
        return;
    }
    ex->msg_kind = MSG_NONE;
    action a = keys_action(CTX_MAIN, ch);
    if (ex->lay.too_small) {
        if (a == ACT_QUIT)
            cmd_quit(ex);
        return;
    }
    if (a == ACT_NONE) {
        char k[32];
        ex_message(ex, MSG_INFO, "%s: no such key here (? lists the keys)",
                   key_label(ch, k, sizeof k));
        return;
    }
    if (cmd_global(ex, a))
        return;
    rect r = ex->lay.pane[ex->focus];
    if (!panes[ex->focus]->act(ex, a, r))
        ex_message(ex, MSG_INFO, "%s does nothing in the %s pane",
                   action_name(a), panes[ex->focus]->name);
}

/* While filtering, stop early if the user has typed more (the filter is
 * run again for the longer text). */
static int input_pending(void *ctx)
{
    (void)ctx;
    nodelay(stdscr, TRUE);
    int ch = getch();
    timeout(1000);
    if (ch == ERR)
        return 0;
    ungetch(ch);
    return 1;
}

/* After the first frame is on the screen: read every flow (the first
 * screen came from a query of its own), then count the tree. Keys typed
 * meanwhile wait in the terminal. */
static void finish_load(explorer *ex)
{
    char err[300];
    long long keep = flows_cursor_id(ex);
    ex->load_tried = 1;
    if (model_load(&ex->m, &ex->scope, err, sizeof err) != ST_OK) {
        ex_message(ex, MSG_ERROR, "%s", err);
        return;
    }
    probe_event("loaded");
    ex->tree_stale = 1;
    flows_follow(ex, keep);
}

static int main_loop(explorer *ex)
{
    int dirty = 1;
    while (!ex->quit) {
        int sig = term_signal_pending();
        if (sig)
            return 128 + sig;
        /* Keys typed ahead (a paste, a fast typist, keys typed while the
         * flows were read) are all taken before the next frame. */
        if (dirty && !(ex->load_tried && input_pending(NULL))) {
            draw_frame(ex);
            dirty = 0;
        }
        if (!ex->load_tried) {
            finish_load(ex);
            dirty = 1;
            continue;
        }
        /* The tree's counts wait until no key does: typing first. */
        if (ex->tree_stale && !input_pending(NULL)) {
            ex->tree_stale = 0;
            tree_load(ex);
            probe_event("counted");
            dirty = 1;
            continue;
        }
        int ch = getch();
        if (ch != ERR) {
            on_key(ex, ch);
            dirty = 1;
        }
    }
    return 0;
}

/* ---- lifetime ----------------------------------------------------------- */

static void setup_screen(void)
{
    cbreak();
    noecho();
    nonl();
    intrflush(stdscr, FALSE);
    keypad(stdscr, TRUE);
    set_escdelay(25);
    timeout(1000);
    curs_set(0);
    mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
                  | BUTTON5_PRESSED
#endif
              , NULL);
    mouseinterval(0);
    theme_init();
}

static int explorer_init(explorer *ex, db *d, const ui_options *opt)
{
    memset(ex, 0, sizeof *ex);
    ex->d = d;
    ex->opt = opt;
    ex->focus = PANE_FLOWS;
    ex->detail_from = PANE_FLOWS;
    ex->pr.err_col = -1;
    if (model_init(&ex->m, d) != ST_OK)
        return -1;
    ex->m.interrupt = input_pending;
    probe_event("init");
    cmd_load_settings(ex);
    tree_load(ex);
    probe_event("tree");
    /* The first frame shows only what fits: every flow is read after it
     * is painted (finish_load). */
    snprintf(ex->scope_label, sizeof ex->scope_label, "All flows");
    char err[300];
    if (model_preview(&ex->m, (size_t)(LINES > 0 ? LINES : 50) + 10, err,
                      sizeof err) != ST_OK)
        ex_message(ex, MSG_ERROR, "%s", err);
    probe_event("preview");
    ex_marks_changed(ex);
    return 0;
}

static void explorer_free(explorer *ex)
{
    prompt_close(&ex->pr);
    model_free(&ex->m);
    tree_free(&ex->tree);
    detail_free(&ex->detail);
    sheet_free(&ex->sheet);
    cmd_free(ex);
    free(ex->scope_device);
}

/* The terminal for the explorer, or NULL (and why, on stderr). */
static SCREEN *open_terminal(void)
{
    const char *term = getenv("TERM") ? getenv("TERM") : "(unset)";
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        fprintf(stderr, "portolan: the explorer needs a terminal "
                        "(standard input and output must be a tty)\n");
        return NULL;
    }
    SCREEN *scr = newterm(NULL, stdout, stdin);
    if (!scr) {
        fprintf(stderr, "portolan: cannot use the terminal type '%s'\n",
                term);
        return NULL;
    }
    set_term(scr);
    if (!term_can_address()) {
        endwin();
        delscreen(scr);
        fprintf(stderr, "portolan: the terminal type '%s' cannot move the "
                "cursor; the explorer needs a screen terminal\n", term);
        return NULL;
    }
    /* Until its first endwin(), ncurses (6.4) flushes its output after
     * every cursor movement: a frame went out in hundreds of small writes,
     * each waking the terminal. Leaving and resuming once, before
     * anything is drawn, makes every frame one write. */
    endwin();
    refresh();
    return scr;
}

int ui_run(db *d, const ui_options *opt)
{
    static const ui_options none = {NULL, 0};
    if (!opt)
        opt = &none;
    char *old_locale = strdup(setlocale(LC_ALL, NULL));
    setlocale(LC_ALL, "");
    probe_event("ui");
    term_signals_install();
    SCREEN *scr = open_terminal();
    probe_event("terminal");
    int rc = 2;
    if (scr) {
        setup_screen();
        explorer ex;
        rc = 1;
        if (explorer_init(&ex, d, opt) == 0) {
            rc = main_loop(&ex);
            cmd_save_settings(&ex);
        }
        explorer_free(&ex);
        endwin();
        delscreen(scr);
        if (rc == 1)
            fprintf(stderr, "portolan: out of memory\n");
    }
    term_signals_restore();
    if (old_locale)
        setlocale(LC_ALL, old_locale);
    free(old_locale);
    return rc;
}
