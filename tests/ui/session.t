#!/bin/bash
# tests/ui/session.t - the explorer over a session: marks that survive a
# restart, the worksheet, copying with OSC 52, resizing, colours, and the
# terminal given back as it was on quit, Ctrl-C, SIGTERM and a crash. The
# real binary runs in a detached tmux session.
#
#   PORTOLAN=/abs/path/to/portolan prove tests/ui/session.t
. "$(dirname "$0")/lib.sh"

import_bundled
cp "$DB" "$T/pristine.db"

# ---- marks survive a restart ----------------------------------------------
start_ui "$DB"
ok $? "the explorer starts"
keys Space Space Space
check "Space marks three rules" wait_for '\| ●3 marked'
check "the marks are in the database at once" \
    eval "[ \"\$(sql 'select count(*) from worksheet_flow')\" = 3 ]"
check "marked rows carry the mark glyph" \
    eval "[ \$(screen | grep -cE '^.{30}│● ') -eq 3 ]"
keys q
check "q quits without asking: marks are already saved" wait_for 'EXITED=0'
start_ui "$DB"
keys w
check "after a restart the worksheet pane lists 3 marked" \
    wait_for 'Worksheet +3 marked'
fails=0
while read -r src; do
    screen | grep -E '│● ' | grep -qF -- "${src:0:12}" || { fails=1; echo "# not in the worksheet: $src"; }
done < <(sql "select f.source from worksheet_flow w join flow f on f.id = w.flow_id")
ok $fails "the worksheet shows the marked flows"
keys Space
check "Space on a marked flow unmarks it" wait_for '\| ●2 marked'
keys k Space
check "... and marks it again" wait_for '\| ●3 marked'

# Worksheet pane: Tab to it, Space takes a flow off.
keys Tab Tab
keys Space
check "Space in the worksheet takes the flow off" wait_for 'Worksheet +2 marked'
check "... in the database too" \
    eval "[ \"\$(sql 'select count(*) from worksheet_flow')\" = 2 ]"
keys BTab BTab

# Mark every shown flow of a filter.
NP=$(sql "select count(*) from flow f join document d on d.id = f.document_id
          where d.name like 'pexip%'")
keys /
type_text 'doc:pexip'
keys Enter
wait_for "Flows $NP/$TOTAL "
keys a
check "a marks every shown flow" wait_for "\| ●$((NP + 2)) marked"
keys Escape

# ---- copy (OSC 52), export ----------------------------------------------------
tm set-option -s set-clipboard on
keys y
check "y reports the copy" wait_for "copied $((NP + 2)) marked flows to the clipboard"
first=$(sql "select f.description from worksheet_flow w join flow f on f.id = w.flow_id
             order by f.document_id, f.line limit 1")
check "the clipboard (via OSC 52) holds one line per marked flow" \
    eval "[ \"\$(tm show-buffer | wc -l)\" -eq $((NP + 1)) ] && tm show-buffer | grep -qF -- \"\$first\""
keys e
check "e opens the export prompt with a default format and file" \
    wait_for '^>csv portolan-default\.csv'
keys C-u
type_text "csv $T/sheet.csv"
keys Enter
check "Enter exports the worksheet" wait_for "worksheet exported as csv to"
check "the CSV file holds a header and the marked flows' rules" \
    eval "[ -s '$T/sheet.csv' ] && [ \"\$(wc -l < '$T/sheet.csv')\" -gt 2 ]"
before=$(sha256sum < "$T/sheet.csv")
keys e C-u
type_text "md $T/sheet.csv"
keys Enter
check "exporting over an existing file asks first" wait_for "sheet\.csv exists\. Overwrite it\? \(y/n\)"
keys n
check "n keeps the file" wait_for "not exported: the file was kept"
check "and the file is untouched" eval "[ \"\$(sha256sum < '$T/sheet.csv')\" = \"$before\" ]"
keys e C-u
type_text "md $T/sheet.csv"
keys Enter
wait_for "Overwrite it"
keys y
check "y overwrites it with the new format" wait_for "worksheet exported as md to"
check "the file is now the Markdown worksheet" grep -q '^#' "$T/sheet.csv"
sql "update worksheet set customer = 'caf' || cast(x'e9' as text) where name = 'default'"
keys e C-u
type_text "md $T/latin1.md"
keys Enter
check "an export that replaced invalid UTF-8 says so on the status line" \
    wait_for "exported as md; warning: 1 invalid UTF-8 sequence replaced with U\+FFFD in latin1\.md \(first on line 3\)"
sql "update worksheet set customer = '' where name = 'default'"
keys e C-u
type_text "xlsx $T/x"
keys Enter
check "an unknown format is refused with the list" wait_for "unknown format 'xlsx'"
keys Escape

# ---- resizing ----------------------------------------------------------------
tm resize-window -t ui -x 60 -y 20
check "at 60x20 the flows and status line are there" \
    wait_for '^ Flows [0-9]+/[0-9]+'
check "at 60x20 the products pane gives way" not_on_screen '^ Products'
check "at 60x20 the status line shows the counts" on_screen "$TOTAL/$TOTAL flows"
tm resize-window -t ui -x 40 -y 12
check "at 40x12 the flow list is still usable" wait_for '^ Flows [0-9]+/'
tm resize-window -t ui -x 39 -y 11
check "below 40x12 it says so" wait_for '^terminal too small \(need 40x12\)'
tm resize-window -t ui -x 12 -y 4
check "even at 12x4 it keeps running" eval "sleep 0.3; alive"
tm resize-window -t ui -x 80 -y 24
check "at 80x24 every pane is back" \
    eval "wait_for '^ Products' && on_screen '│ Flows' && on_screen '│ Detail' && on_screen '│ Worksheet'"
tm resize-window -t ui -x 120 -y 40
check "back at 120x40, no crash" eval "wait_for '^ Products' && alive"
keys q
wait_for 'EXITED=0'

# ---- a mark the database refuses is kept, retried, and asked about ----------
cp "$T/pristine.db" "$T/lock.db"
start_ui "$T/lock.db"
sqlite3 "$T/lock.db" 'BEGIN EXCLUSIVE' \
    "INSERT INTO setting (key, value) VALUES ('test.lock', 'held')" \
    '.shell sleep 6' 'COMMIT' >/dev/null 2>&1 &
locker=$!
i=0
while [ $i -lt 100 ] && sqlite3 "$T/lock.db" 'PRAGMA busy_timeout = 0' \
        'BEGIN IMMEDIATE' 'ROLLBACK' >/dev/null 2>&1; do
    sleep 0.05
    i=$((i + 1))
done
keys Space
check "a mark the locked database refuses is reported" \
    wait_for 'could not save the mark \(database is locked\)'
check "... and counted as unsaved" on_screen '●0 marked \(1 unsaved\)'
keys q
check "q asks before dropping an unsaved mark" wait_for 'Quit anyway\? \(y/n\)'
keys n
check "n keeps the explorer open" eval "wait_for 'not quitting' && alive"
wait $locker
keys q
check "once the database is free, q saves the mark and quits" \
    eval "wait_for 'EXITED=0' && [ \"\$(sqlite3 '$T/lock.db' 'select count(*) from worksheet_flow')\" = 1 ]"

# ---- colours ------------------------------------------------------------------
has_color() { tm capture-pane -p -e -t ui | grep -qE $'\e\\[([0-9;]*;)?(3[0-7]|38;5;[0-9]+|4[0-7])[;m]'; }
start_ui "$DB"
check "colours are used when the terminal has them" has_color
keys q
start_ui "$DB" NO_COLOR=1
check "NO_COLOR: no colour at all" eval "! has_color"
check "NO_COLOR: the cursor row is still shown (reverse video)" \
    eval "tm capture-pane -p -e -t ui | grep -qE $'\\e\\\\[([0-9;]*;)?7[;m]'"
check "NO_COLOR: marks still show as a glyph" eval "screen | grep -qE '^.{30}│● '"
keys q

# ---- read-only database ----------------------------------------------------------
# A file the user cannot write; as root, the explorer runs as nobody.
RUNAS=""
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
    RUNAS="setpriv --reuid=65534 --regid=65534 --clear-groups"
fi
# The directory stays writable (sticky, as /tmp): SQLite needs to make
# the WAL index beside a database it reads.
chmod 1777 "$T"
cp "$DB" "$T/ro.db" && chmod 444 "$T/ro.db"
if [ "$(id -u)" = 0 ] && ! $RUNAS test -x "$PORTOLAN" -a -r "$T/ro.db" 2>/dev/null; then
    skip "read-only marking (cannot run as another user here)"
else
    tm kill-session -t ui 2>/dev/null
    tm new-session -d -s ui -x 120 -y 40 \
        "$RUNAS env -u NO_COLOR TERM=xterm-256color LANG=C.UTF-8 HOME=$T '$PORTOLAN' --db '$T/ro.db' ui; echo EXITED=\$?; sleep 600"
    wait_for '^ Products' 10
    NRO=$(sqlite3 "$T/ro.db" 'select count(*) from worksheet_flow')
    keys Space
    check "marking in a read-only database says so" \
        eval "wait_for '^database is read-only' && on_screen '●$NRO marked \\| read-only'"
    keys q
    wait_for 'EXITED=0'
    # In a directory it cannot write, SQLite cannot make the -shm file a
    # WAL database is read through: the file alone is read (immutable).
    mkdir "$T/rodir" && cp "$T/pristine.db" "$T/rodir/ro.db" && chmod 555 "$T/rodir"
    tm kill-session -t ui 2>/dev/null
    tm new-session -d -s ui -x 120 -y 40 \
        "$RUNAS env -u NO_COLOR TERM=xterm-256color LANG=C.UTF-8 HOME=$T '$PORTOLAN' --db '$T/rodir/ro.db' ui; echo EXITED=\$?; sleep 600"
    check "the explorer opens a database in a read-only directory" \
        eval "wait_for '^ Products' && on_screen '\\| read-only' && on_screen 'rodir/ro.db \\(read-only\\)'"
    keys q
    check "it quits cleanly and has created nothing beside the file" \
        eval "wait_for 'EXITED=0' && [ \"\$(ls -A '$T/rodir')\" = ro.db ]"
    chmod 755 "$T/rodir"
fi
chmod 700 "$T"

# ---- the terminal is given back ---------------------------------------------------
# An interactive shell in the pane; after portolan ends, the tty modes
# (stty -g) and tmux's view of the terminal must be what they were.
S=sh
tm new-session -d -s sh -x 120 -y 40 \
    "env -u NO_COLOR TERM=xterm-256color LANG=C.UTF-8 PS1='sh\$ ' bash --norc --noprofile"
flags() { tm display-message -p -t sh '#{alternate_on} #{cursor_flag} #{keypad_flag} #{keypad_cursor_flag} #{mouse_any_flag} #{mouse_standard_flag} #{insert_flag}'; }
type_line() { type_text "$1"; keys Enter; } # a command line for the shell
k=0
stty_now() { # prints the tty modes as the shell sees them
    k=$((k + 1))
    type_line "echo STTY$k=\$(stty -g)"
    wait_for "^STTY$k=" 5 && screen | sed -n "s/^STTY$k=//p" | tail -1
}
wait_for '^sh\$' 5
before_stty=$(stty_now)
before_flags=$(flags)
restored() { # name of the way portolan ended
    local after
    after=$(stty_now)
    [ -n "$before_stty" ] && [ "$after" = "$before_stty" ] || { echo "# stty: $after"; return 1; }
    [ "$(flags)" = "$before_flags" ] || { echo "# flags: $(flags) (were $before_flags)"; return 1; }
}
start_in_shell() {
    tm send-keys -t sh C-l
    type_line "sh -c 'echo \$\$ > $T/pid; exec \"$PORTOLAN\" --db \"$DB\" ui'; echo RC=\$?"
    wait_for '^ (Products|Devices)' 10
}

start_in_shell
check "the explorer runs on the alternate screen" \
    eval "[ \"\$(tm display-message -p -t sh '#{alternate_on}')\" = 1 ]"
keys q
check "q: exit status 0" wait_for '^RC=0'
check "q: the terminal is as it was" restored
type_line "echo typed-after-quit"
check "q: the shell is usable" wait_for '^typed-after-quit'

start_in_shell
keys C-c
check "Ctrl-C ends the explorer (SIGINT)" wait_for '^RC=130'
check "Ctrl-C: the terminal is as it was" restored

start_in_shell
kill -TERM "$(cat "$T/pid")"
check "SIGTERM ends the explorer" wait_for '^RC=143'
check "SIGTERM: the terminal is as it was" restored

start_in_shell
kill -SEGV "$(cat "$T/pid")"
check "a crash signal still kills it (SIGSEGV re-raised)" wait_for '^RC=139'
check "SIGSEGV: the terminal is as it was" restored
type_line "echo typed-after-crash"
check "SIGSEGV: the shell is usable" wait_for '^typed-after-crash'

done_testing
