#!/bin/bash
# valgrind.t - the command-line paths under valgrind's memcheck: import
# (a new database filled with the bundled documents, then files of every
# style, a failing file, a re-import), check, docs, products, port, find
# (and a pattern that hits the match limit), show, and the error paths.
# Each run must end with no memcheck error (--error-exitcode=99) and
# nothing definitely or indirectly lost.
#
# Skipped when valgrind is missing, unless PORTOLAN_VALGRIND=required
# (make test-valgrind), and for an ASan build (make test-asan), which
# valgrind cannot run.
. "$(dirname "$0")/lib.sh"
if ! command -v valgrind > /dev/null 2>&1; then
    if [ "${PORTOLAN_VALGRIND:-}" = required ]; then
        ok 1 "valgrind is installed (.ci/deps --test installs it)"
        done_testing
        exit
    fi
    echo "1..0 # SKIP valgrind is not installed"
    exit 0
fi
if grep -q __asan_init "$PORTOLAN" 2>/dev/null; then
    echo "1..0 # SKIP $PORTOLAN is an AddressSanitizer build"
    exit 0
fi

DB="$T/vg.db"
n=0
# vg WANT_RC NAME ARGS...: run portolan under memcheck.
vg() {
    local want=$1 name=$2
    shift 2
    n=$((n + 1))
    local log="$T/vg.$n.log"
    valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect \
        --errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
        --log-file="$log" "$PORTOLAN" "$@" > "$T/vg.out" 2> "$T/vg.err"
    local got=$?
    if [ "$got" = 99 ]; then
        ok 1 "$name: no memcheck error"
        sed 's/^/#   /' "$log" | head -40
    else
        ok 0 "$name: no memcheck error"
    fi
    is "$got" "$want" "$name: exit $want"
    # --quiet keeps the log empty unless something went wrong.
    like "$(cat "$log"; echo end)" '^end$' "$name: nothing definitely or indirectly lost"
}

G="$(dirname "$0")/gendoc.pl"
rows() {
    printf 'Alpha\033[31m\t1024-65535\tBravo\t443*\tTCP\tWeb \033]0;x\007 admin\n'
    printf 'Charlie\t99999\tDelta\t5060-5061 (even)\tUDP\tcaf\351 SIP\n'
    printf 'Echo\t-5\tFox\t<any>\tTCP\t%s\n' "$(head -c 5000 /dev/zero | tr '\0' a)"
}
for s in cells tsv pipe markdown spaced; do
    rows | perl "$G" "$s" > "$T/doc-$s.txt"
done
: > "$T/empty.txt"

vg 0 "import into a new default database (bundled documents)" \
    --db "$T/default.db" import data/docs/nectar-epc-ports.txt
vg 1 "import of every style" --db "$DB" --no-bundled import \
    "$T"/doc-*.txt data/docs/avaya-equinox-9x-port-security.txt
vg 2 "import of an empty file fails" --db "$DB" import "$T/empty.txt"
vg 2 "import of a missing file fails" --db "$DB" import "$T/missing.txt"
vg 0 "re-import of unchanged files" --db "$DB" import "$T/doc-tsv.txt"
vg 1 "check" check "$T/doc-pipe.txt" data/docs/cisco-expressway-port-reference.txt
vg 0 "docs" --db "$DB" docs
vg 0 "docs --json" --db "$DB" docs --json
vg 0 "products --tsv" --db "$DB" products --tsv
vg 0 "port" --db "$DB" port 443
vg 0 "port --json --max-span" --db "$DB" port 5060/udp --json --max-span 10
vg 0 "find" --db "$DB" find 'Web|SIP'
vg 0 "find --json" --db "$DB" find 'caf' --json
vg 1 "find at the match limit" --db "$DB" find '(.*a){20}'
vg 2 "find with an invalid pattern" --db "$DB" find '(unclosed'
vg 0 "show" --db "$DB" show 1
vg 0 "show --json" --db "$DB" show 2 --json
vg 1 "show of no such flow" --db "$DB" show 999999
printf 'not a database at all\n' > "$T/notdb.db"
vg 2 "a file that is not a database" --db "$T/notdb.db" docs
done_testing
