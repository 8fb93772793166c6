/* marks.c - the worksheet marks (saved at once; a mark the database
 * refuses is kept and retried) and copying flows with OSC 52. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../src/text.h"
#include "commands.h"
#include "term.h"

/* ---- marks ------------------------------------------------------------ */

int ex_readonly(explorer *ex)
{
    return ex->opt->readonly || db_is_readonly(ex->d);
}

void ex_marks_changed(explorer *ex)
{
    long long n = 0;
    ex->sheet.stale = 1;
    ex->detail.width = -1; /* rebuild: it says whether the flow is marked */
    if (db_mark_count(ex->d, &n) == ST_OK)
        ex->nmarks = n;
}

void cmd_retry_marks(explorer *ex)
{
    size_t w = 0;
    for (size_t i = 0; i < ex->npending; i++)
        if (db_mark_set(ex->d, ex->pending[i].id, ex->pending[i].on) != ST_OK)
            ex->pending[w++] = ex->pending[i];
    ex->npending = w;
}

static void add_pending(explorer *ex, long long id, int on)
{
    for (size_t i = 0; i < ex->npending; i++)
        if (ex->pending[i].id == id) {
            ex->pending[i].on = on;
            return;
        }
    struct pending_mark *p =
        realloc(ex->pending, (ex->npending + 1) * sizeof *p);
    if (!p)
        return;
    ex->pending = p;
    ex->pending[ex->npending].id = id;
    ex->pending[ex->npending].on = on;
    ex->npending++;
}

int ex_mark(explorer *ex, long long id, int on)
{
    if (ex_readonly(ex)) {
        ex_message(ex, MSG_ERROR, "database is read-only");
        return 0;
    }
    cmd_retry_marks(ex);
    if (db_mark_set(ex->d, id, on) != ST_OK) {
        add_pending(ex, id, on);
        ex_message(ex, MSG_ERROR, "could not save the mark (%s); it will be "
                   "tried again", db_error(ex->d));
    }
    model_set_marked(&ex->m, id, on);
    ex_marks_changed(ex);
    return 1;
}

void cmd_mark_all(explorer *ex)
{
    size_t n = model_count(&ex->m), done = 0;
    if (ex_readonly(ex)) {
        ex_message(ex, MSG_ERROR, "database is read-only");
        return;
    }
    if (n > 10000)
        ex_busy(ex, "marking...");
    int tx = db_begin(ex->d) == ST_OK;
    status st = ST_OK;
    for (size_t i = 0; i < n && st == ST_OK; i++) {
        if (model_marked(&ex->m, i))
            continue;
        st = model_mark(&ex->m, i, 1);
        done += st == ST_OK;
    }
    if (tx && st == ST_OK && db_commit(ex->d) != ST_OK)
        st = ST_DB;
    if (tx && st != ST_OK) {
        db_rollback(ex->d);
        /* Nothing was kept: reread the marks of the rows. */
        model_reload_marks(&ex->m);
        done = 0;
    }
    ex_marks_changed(ex);
    if (st != ST_OK)
        ex_message(ex, MSG_ERROR, "could not mark the flows: %s",
                   db_error(ex->d));
    else
        ex_message(ex, MSG_INFO, "marked %zu more flows (%lld on the "
                   "worksheet)", done, ex->nmarks);
}

/* ---- copy (OSC 52) ------------------------------------------------------ */

typedef struct {
    char *buf;
    size_t len, cap;
    size_t count;
    int oom;
} text_buf;

/* Append s, escaped (raw: as is, for our own separators). */
static void tb_put(text_buf *t, const char *s, int raw)
{
    char *esc = raw ? strdup(s) : text_escape(s ? s : "");
    size_t n = esc ? strlen(esc) : 0;
    if (!esc || t->oom) {
        t->oom = 1;
        free(esc);
        return;
    }
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 256;
        while (t->len + n + 1 > cap)
            cap *= 2;
        char *b = realloc(t->buf, cap);
        if (!b) {
            t->oom = 1;
            free(esc);
            return;
        }
        t->buf = b;
        t->cap = cap;
    }
    memcpy(t->buf + t->len, esc, n + 1);
    t->len += n;
    free(esc);
}

/* One flow as one line: proto | source | ports | destination | ports |
 * description | requirement | document:line */
static int copy_cb(void *ctx, const db_flow *f)
{
    text_buf *t = ctx;
    char where[32];
    const char *parts[] = {f->protocol, f->source, f->source_ports,
                           f->destination, f->destination_ports,
                           f->description, f->requirement};
    if (t->count++)
        tb_put(t, "\n", 1);
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        tb_put(t, parts[i], 0);
        tb_put(t, " | ", 1);
    }
    tb_put(t, f->document, 0);
    snprintf(where, sizeof where, ":%d", f->line);
    tb_put(t, where, 1);
    return t->oom;
}

void cmd_copy(explorer *ex)
{
    text_buf t = {NULL, 0, 0, 0, 0};
    const char *what;
    if (ex->nmarks > 0) {
        db_scope sc;
        memset(&sc, 0, sizeof sc);
        sc.marked_only = 1;
        db_flows(ex->d, &sc, copy_cb, &t);
        what = "marked ";
    } else {
        long long id = ex_current_flow(ex);
        if (!id) {
            ex_message(ex, MSG_INFO, "no flow to copy");
            return;
        }
        db_flow_get(ex->d, id, copy_cb, &t);
        what = "";
    }
    if (t.oom || !t.len) {
        ex_message(ex, MSG_ERROR, "nothing copied: %s",
                   t.oom ? "out of memory" : db_error(ex->d));
    } else if (term_osc52(t.buf, t.len) != 0) {
        ex_message(ex, MSG_ERROR, "could not write to the terminal");
    } else {
        ex_message(ex, MSG_INFO, "copied %zu %sflow%s to the clipboard "
                   "(OSC 52)", t.count, what, t.count == 1 ? "" : "s");
    }
    free(t.buf);
}
