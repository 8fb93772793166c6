/* cli_ui.c - the explorer command, and `keys`: its bindings as text. */
#include <stdio.h>
#include <unistd.h>
#include "../ui/ui.h"
#include "cli.h"

int cli_ui(const cli_opts *o)
{
    db *d = cli_open_db(o, 1);
    if (!d)
        return EXIT_TROUBLE;
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        cli_error("the explorer needs a terminal; for scripts use the "
                  "commands (portolan --help)");
        db_close(d);
        return EXIT_TROUBLE;
    }
    ui_options uo = {o->db_path, db_is_readonly(d)};
    int code = ui_run(d, &uo);
    db_close(d);
    return code;
}

int cli_keys(const cli_opts *o)
{
    ui_keys_print(stdout, (o->given & OPT_ROFF) != 0);
    return EXIT_FOUND;
}
