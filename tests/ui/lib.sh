# lib.sh - the tmux harness of the explorer tests (tests/ui/*.t). Source
# it first: it skips the test when a tool is missing, runs the real binary
# ($PORTOLAN) in detached sessions of a private tmux server, types keys
# with send-keys and reads the screen with capture-pane. Each test gets a
# private temp dir in $T; the server and $T go at exit, also on a failure,
# Ctrl-C or SIGTERM. A test then calls require_tools for any other tool it
# needs and import_bundled for its database, and ends with done_testing.
#
# The names it shares with tests/cli/lib.sh mean the same there (ok,
# done_testing, $T, $PORTOLAN); the UI tests do not use that library.
set -u
export LC_ALL=C.UTF-8
cd "$(dirname "$0")/../.." || exit 1
PORTOLAN=${PORTOLAN:-$PWD/portolan}

# require_tools TOOL...: skip the whole test (a plan of 0) without them.
require_tools() {
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null ||
            { echo "1..0 # SKIP $tool is not installed"; exit 0; }
    done
}
require_tools tmux sqlite3
[ -x "$PORTOLAN" ] || { echo "Bail out! no portolan at $PORTOLAN"; exit 1; }

T=$(mktemp -d "${TMPDIR:-/tmp}/portolan-ui.XXXXXX")
# The explorer keeps nothing in the user's own home during a test.
export HOME="$T/home" XDG_DATA_HOME="$T/xdg"
mkdir -p "$HOME"
# The server's socket lives in $T, so it goes with $T and no test ever
# talks to another's (or the user's) server.
tm() { tmux -S "$T/tmux" "$@"; }
# At exit, whatever happened: the test's own background jobs, the tmux
# server with every pane, then $T (made removable first: a test may leave a
# directory it made read-only).
cleanup() {
    kill $(jobs -p) 2>/dev/null
    tm kill-server 2>/dev/null
    chmod -R u+rwx "$T" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

# ---- TAP ----------------------------------------------------------------------
tap_n=0
tap_failed=0
ok() { # ok STATUS NAME: a failure shows the screen it saw
    tap_n=$((tap_n + 1))
    if [ "$1" -eq 0 ]; then
        echo "ok $tap_n - $2"
    else
        echo "not ok $tap_n - $2"
        tap_failed=$((tap_failed + 1))
        show
    fi
}
skip() { tap_n=$((tap_n + 1)); echo "ok $tap_n # SKIP $1"; }
check() { local name=$1; shift; "$@"; ok $? "$name"; } # check NAME CMD...
done_testing() {
    echo "1..$tap_n"
    [ "$tap_failed" -eq 0 ]
}

# ---- the screen -----------------------------------------------------------------
# $S is the tmux session keys go to and the screen is read from: "ui",
# where start_ui runs the explorer, unless a test sets another.
S=ui
screen() { tm capture-pane -p -t "$S" 2>/dev/null; }
show() { screen | sed 's/^/# | /'; }
on_screen() { screen | grep -qE -- "$1"; }
not_on_screen() { ! on_screen "$1"; }
wait_for() { # ERE [seconds]: poll the screen until it shows ERE
    local i=0 limit=$((${2:-10} * 20))
    while [ $i -lt $limit ]; do
        on_screen "$1" && return 0
        sleep 0.05
        i=$((i + 1))
    done
    return 1
}
keys() { tm send-keys -t "$S" "$@"; }
type_text() { tm send-keys -t "$S" -l -- "$1"; }

# ---- the explorer -----------------------------------------------------------------
# start_ui DB [ENV=VALUE...]: the explorer on DB in a new session "ui" of
# $W x $H (120x40), waiting for its first screen. When it ends, the pane
# stays and shows EXITED=status.
start_ui() {
    local db=$1; shift
    S=ui
    tm kill-session -t ui 2>/dev/null
    tm new-session -d -s ui -x "${W:-120}" -y "${H:-40}" \
        "env -u NO_COLOR TERM=xterm-256color LANG=C.UTF-8 $* '$PORTOLAN' --db '$db' ui; echo EXITED=\$?; sleep 600"
    wait_for '^ (Products|Devices)' 10
}
alive() { not_on_screen 'EXITED='; }
sql() { sqlite3 "$DB" "$1"; }

# The server ends with its last session; this one keeps it up while the
# tests kill and start "ui".
tm new-session -d -s keeper -x 80 -y 24 "sleep 100000"

# import_bundled: sets $DB to a new database of the bundled documents and
# $TOTAL to its flow count; bails out if the import fails.
import_bundled() {
    DB=$T/t.db
    "$PORTOLAN" --db "$DB" import data/docs/*.txt >"$T/import.log" 2>&1 ||
        { echo "Bail out! import failed"; cat "$T/import.log"; exit 1; }
    TOTAL=$(sql "select count(*) from flow")
}
