/* prompts.c - what the / and : prompts do: the live filter (with its
 * errors and the match limit), the port lookup, history, Esc. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "commands.h"

/* ---- the filter prompt -------------------------------------------------- */

static status live_filter(explorer *ex, int interruptible)
{
    filter_error err;
    memset(&err, 0, sizeof err);
    long long keep = flows_cursor_id(ex);
    status st = model_filter(&ex->m, ex->pr.buf, interruptible, &err);
    ex->pr.err_col = -1;
    switch (st) {
    case ST_OK:
        /* A new filter is a new list: stay on the flow if it is still
         * shown, else start at the top (keys typed ahead are taken
         * together, so the lists between do not count). */
        if (keep && model_find(&ex->m, keep) < 0)
            ex->flows.cursor = ex->flows.top = 0;
        else
            flows_follow(ex, keep);
        ex_message(ex, MSG_INFO, "%zu of %zu flows match", model_count(&ex->m),
                   model_total(&ex->m));
        break;
    case ST_REGEX:
        ex->pr.err_col = err.col;
        ex_message(ex, MSG_ERROR, "%s at column %d (previous result kept)",
                   err.message, err.col + 1);
        break;
    case ST_LIMIT:
        ex_message(ex, MSG_ERROR, "pattern too expensive, stopped at match "
                   "limit (previous result kept)");
        break;
    case ST_STOP:
        break; /* more keys are waiting: the filter runs again */
    default:
        ex_message(ex, MSG_ERROR, "filter: %s", *err.message ? err.message
                                                            : status_str(st));
        break;
    }
    return st;
}

static void accept_filter(explorer *ex)
{
    if (strcmp(model_filter_text(&ex->m), ex->pr.buf) != 0 &&
        live_filter(ex, 0) != ST_OK)
        return; /* keep the prompt open to fix the pattern */
    prompt_remember(&ex->pr, ex->d, ex->opt->readonly);
    prompt_close(&ex->pr);
    ex->focus = PANE_FLOWS;
    ex->detail_from = PANE_FLOWS;
    if (*model_filter_text(&ex->m))
        ex_message(ex, MSG_INFO, "%zu of %zu flows match /%s",
                   model_count(&ex->m), model_total(&ex->m),
                   model_filter_text(&ex->m));
    else
        ex_message(ex, MSG_INFO, "no filter");
}

/* ---- the port prompt ---------------------------------------------------- */

/* Read a protocol word at *s (tcp, udp); *s moves past it. */
static int read_proto(const char **s, proto_t *proto)
{
    char word[16];
    size_t n = 0;
    while (isalpha((unsigned char)(*s)[n]) && n < sizeof word - 1) {
        word[n] = (*s)[n];
        n++;
    }
    if (n == 0)
        return 0;
    word[n] = '\0';
    proto_t p = proto_from_name(word);
    if (p != PROTO_TCP && p != PROTO_UDP)
        return -1;
    *proto = p;
    *s += n;
    return 1;
}

/* "1720", "5060/udp", "udp/5060", "port:1720 tcp". Returns 0, or -1 with
 * the byte offset of the problem in *col. */
static int parse_port(const char *text, int *port, proto_t *proto, int *col)
{
    const char *s = text;
    *proto = PROTO_UNSPEC;
    while (*s == ' ' || *s == ':')
        s++;
    if (strncmp(s, "port:", 5) == 0)
        s += 5;
    int r = read_proto(&s, proto);
    if (r < 0)
        goto bad;
    while (r && (*s == '/' || *s == ' '))
        s++;
    if (!isdigit((unsigned char)*s))
        goto bad;
    long v = 0;
    while (isdigit((unsigned char)*s) && v <= 65535)
        v = v * 10 + (*s++ - '0');
    if (v < 1 || v > 65535 || isdigit((unsigned char)*s))
        goto bad;
    while (*s == ' ' || *s == '/')
        s++;
    if (*s && (r || read_proto(&s, proto) != 1))
        goto bad;
    while (*s == ' ')
        s++;
    if (*s)
        goto bad;
    *port = (int)v;
    return 0;
bad:
    *col = (int)(s - text);
    return -1;
}

static void accept_port(explorer *ex)
{
    int port = 0, col = 0;
    proto_t proto = PROTO_UNSPEC;
    long long total = 0;
    if (ex->pr.len == 0) {
        model_port(&ex->m, 0, PROTO_UNSPEC, NULL);
        prompt_close(&ex->pr);
        ex_message(ex, MSG_INFO, "port lookup cleared");
        return;
    }
    if (parse_port(ex->pr.buf, &port, &proto, &col) != 0) {
        ex->pr.err_col = col;
        ex_message(ex, MSG_ERROR, "not a port at column %d: give 1-65535, "
                   "optionally /tcp or /udp (1720, 5060/udp)", col + 1);
        return;
    }
    status st = model_port(&ex->m, port, proto, &total);
    if (st != ST_OK) {
        ex_message(ex, MSG_ERROR, "port lookup failed: %s",
                   st == ST_NOMEM ? status_str(st) : db_error(ex->d));
        return;
    }
    prompt_remember(&ex->pr, ex->d, ex->opt->readonly);
    prompt_close(&ex->pr);
    ex->focus = PANE_FLOWS;
    ex->detail_from = PANE_FLOWS;
    ex->flows.cursor = ex->flows.top = 0;
    ex_message(ex, MSG_INFO, "port %d%s%s: %lld flows in all documents, %zu "
               "shown (narrowest range first; Esc clears)", port,
               proto ? "/" : "", proto_name(proto), total,
               model_count(&ex->m));
}

void cmd_open_prompt(explorer *ex, prompt_kind kind)
{
    free(ex->filter_before);
    ex->filter_before = strdup(model_filter_text(&ex->m));
    prompt_open(&ex->pr, kind,
                kind == PROMPT_FILTER ? model_filter_text(&ex->m) : "", ex->d);
    ex_message(ex, MSG_INFO, "%s",
               kind == PROMPT_FILTER
                   ? "filter: regex terms, src: dst: proto: port: desc: req: "
                     "doc:, ! negates; Enter keeps, Esc closes"
                   : "port: 1720, 5060/udp; Enter looks it up, Esc closes");
}

/* Esc at the filter prompt: back to the filter it opened with. */
static void restore_filter(explorer *ex)
{
    filter_error err;
    const char *before = ex->filter_before ? ex->filter_before : "";
    if (strcmp(before, model_filter_text(&ex->m)) == 0)
        return;
    long long keep = flows_cursor_id(ex);
    if (model_filter(&ex->m, before, 0, &err) == ST_OK)
        flows_follow(ex, keep);
}

void cmd_prompt_key(explorer *ex, int key)
{
    prompt_kind kind = ex->pr.kind;
    switch (prompt_key(&ex->pr, key)) {
    case PR_IGNORED:
    case PR_MOVED:
        return;
    case PR_CHANGED:
        if (kind == PROMPT_FILTER) {
            live_filter(ex, 1);
        } else {
            ex->pr.err_col = -1;
            ex->msg_kind = MSG_NONE;
        }
        return;
    case PR_DONE:
        if (kind == PROMPT_FILTER)
            accept_filter(ex);
        else if (kind == PROMPT_EXPORT)
            cmd_export_accept(ex);
        else
            accept_port(ex);
        return;
    case PR_CANCELLED:
        prompt_close(&ex->pr);
        if (kind == PROMPT_FILTER)
            restore_filter(ex);
        if (kind == PROMPT_FILTER && *model_filter_text(&ex->m))
            ex_message(ex, MSG_INFO, "filter /%s kept; Esc clears it",
                       model_filter_text(&ex->m));
        else
            ex->msg_kind = MSG_NONE;
        return;
    }
}

void cmd_clear_filter(explorer *ex)
{
    filter_error err;
    long long keep = flows_cursor_id(ex);
    if (!*model_filter_text(&ex->m) && !ex->m.port) {
        ex_message(ex, MSG_INFO, "no filter to clear");
        return;
    }
    model_filter(&ex->m, "", 0, &err);
    model_port(&ex->m, 0, PROTO_UNSPEC, NULL);
    flows_follow(ex, keep);
    ex_message(ex, MSG_INFO, "filter cleared: %zu flows", model_count(&ex->m));
}
