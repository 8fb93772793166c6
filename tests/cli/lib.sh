# lib.sh - TAP helpers for the shell tests. Source it, call the checks,
# end with `done_testing`. $PORTOLAN is the binary under test (make test
# sets it); each test gets a private temp dir in $T, removed at exit.
set -u
: "${PORTOLAN:=$(pwd)/portolan}"
T=$(mktemp -d "${TMPDIR:-/tmp}/portolan-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
export XDG_DATA_HOME="$T/xdg" HOME="$T/home" LC_ALL=C.UTF-8
unset PORTOLAN_DB NO_COLOR 2>/dev/null || true
mkdir -p "$HOME"
tap_n=0
tap_failed=0

ok() { # ok COND-EXIT-STATUS NAME
    tap_n=$((tap_n + 1))
    if [ "$1" -eq 0 ]; then
        echo "ok $tap_n - $2"
    else
        echo "not ok $tap_n - $2"
        tap_failed=$((tap_failed + 1))
    fi
}

is() { # is GOT WANT NAME
    tap_n=$((tap_n + 1))
    if [ "$1" = "$2" ]; then
        echo "ok $tap_n - $3"
    else
        echo "not ok $tap_n - $3"
        printf '#   got:      %s\n#   expected: %s\n' "$1" "$2" | head -40
        tap_failed=$((tap_failed + 1))
    fi
}

like() { # like GOT REGEX NAME  (grep -E over the text)
    tap_n=$((tap_n + 1))
    if printf '%s\n' "$1" | grep -Eq -- "$2"; then
        echo "ok $tap_n - $3"
    else
        echo "not ok $tap_n - $3"
        printf '#   text did not match /%s/:\n' "$2"
        printf '%s\n' "$1" | head -20 | sed 's/^/#     /'
        tap_failed=$((tap_failed + 1))
    fi
}

unlike() { # unlike GOT REGEX NAME
    tap_n=$((tap_n + 1))
    if printf '%s\n' "$1" | grep -Eq -- "$2"; then
        echo "not ok $tap_n - $3"
        printf '#   text matched /%s/:\n' "$2"
        printf '%s\n' "$1" | grep -E -- "$2" | head -10 | sed 's/^/#     /'
        tap_failed=$((tap_failed + 1))
    else
        echo "ok $tap_n - $3"
    fi
}

# run CMD...: sets $out (stdout), $err (stderr), $rc.
run() {
    "$@" > "$T/.out" 2> "$T/.err"
    rc=$?
    out=$(cat "$T/.out")
    err=$(cat "$T/.err")
}

done_testing() {
    echo "1..$tap_n"
    [ "$tap_failed" -eq 0 ]
}
