/* export_prompt.c - the explorer's 'e': export the current worksheet.
 *
 * The prompt holds "FORMAT FILE" (e.g. "csv portolan-default.csv"); Enter
 * writes the file through src/export (atomically), asking before it
 * overwrites one. Nothing is written to the terminal but the message,
 * which carries the export's warning when invalid UTF-8 was replaced. */
#include "curses_ui.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../src/export.h"
#include "commands.h"

/* "csv portolan-default.csv" for the current worksheet. */
static void default_text(explorer *ex, char *buf, size_t n)
{
    char sheet[128];
    if (db_sheet_current(ex->d, sheet, sizeof sheet) != ST_OK)
        snprintf(sheet, sizeof sheet, "worksheet");
    for (char *p = sheet; *p; p++)
        if (*p == '/' || *p == ' ')
            *p = '-';
    snprintf(buf, n, "csv portolan-%s.csv", sheet);
}

void cmd_export_open(explorer *ex)
{
    char text[256];
    default_text(ex, text, sizeof text);
    prompt_open(&ex->pr, PROMPT_EXPORT, text, ex->d);
    ex_message(ex, MSG_INFO, "export FORMAT FILE: csv md json html nft "
               "iptables dot; Enter writes, Esc closes");
}

/* Split "FORMAT FILE" in place; 0 with a message when it does not read. */
static int parse(explorer *ex, char *text, export_format *fmt, char **path)
{
    char *sp = strchr(text, ' ');
    if (sp)
        *sp = '\0';
    *fmt = export_format_from_name(text);
    if (*fmt == EXPORT__COUNT) {
        ex->pr.err_col = 0;
        ex_message(ex, MSG_ERROR, "unknown format '%s': csv md json html nft "
                   "iptables dot", text);
        return 0;
    }
    *path = sp ? sp + 1 : NULL;
    while (*path && **path == ' ')
        (*path)++;
    if (!*path || !**path || strcmp(*path, "-") == 0) {
        ex->pr.err_col = (int)strlen(text);
        ex_message(ex, MSG_ERROR, "give a file name after the format");
        return 0;
    }
    return 1;
}

/* The file's name without its directory: a status line is short. */
static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash && slash[1] ? slash + 1 : path;
}

/* Write the export; force overwrites. Returns 0 when the file exists and
 * the user must be asked. */
static int write_export(explorer *ex, export_format fmt, const char *path,
                        int force)
{
    char err[512];
    export_report rep;
    status st = export_write(ex->d, NULL, fmt, path, force, &rep, err,
                             sizeof err);
    if (st == ST_EXISTS)
        return 0;
    if (st != ST_OK)
        ex_message(ex, MSG_ERROR, "export failed: %s", err);
    else if (rep.replaced) /* written, but the user must know */
        ex_message(ex, MSG_ERROR, "exported as %s; warning: %s",
                   export_format_name(fmt),
                   export_report_text(&rep, base_name(path), err,
                                      sizeof err));
    else
        ex_message(ex, MSG_INFO, "worksheet exported as %s to %s",
                   export_format_name(fmt), path);
    return 1;
}

void cmd_export_accept(explorer *ex)
{
    char text[PROMPT_MAX], asked[PROMPT_MAX];
    snprintf(text, sizeof text, "%s", ex->pr.buf);
    snprintf(asked, sizeof asked, "%s", ex->pr.buf);
    export_format fmt;
    char *path;
    if (!parse(ex, text, &fmt, &path))
        return;
    prompt_remember(&ex->pr, ex->d, ex->opt->readonly);
    prompt_close(&ex->pr);
    if (write_export(ex, fmt, path, 0))
        return;
    free(ex->confirm_export);
    ex->confirm_export = strdup(asked);
    ex_message(ex, MSG_ERROR, "%s exists. Overwrite it? (y/n)", path);
}

void cmd_export_confirm_key(explorer *ex, int key)
{
    char *text = ex->confirm_export;
    ex->confirm_export = NULL;
    export_format fmt;
    char *path;
    if (!text)
        return;
    if ((key == 'y' || key == 'Y') && parse(ex, text, &fmt, &path))
        write_export(ex, fmt, path, 1);
    else
        ex_message(ex, MSG_INFO, "not exported: the file was kept");
    free(text);
}
