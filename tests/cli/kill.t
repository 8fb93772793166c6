#!/bin/bash
# kill.t - an import killed with SIGKILL at random points, 30 times, on a
# big generated document whose content changes every round (two versions
# at the same path). After every kill the database opens cleanly, passes
# PRAGMA integrity_check, and holds either the old or the new version of
# that document, whole: its flows, ranges and checksum all of one version,
# never a mix. The other documents are untouched.
. "$(dirname "$0")/lib.sh"
DB="$T/k.db"
DOC="$T/doc.txt"
P() { "$PORTOLAN" --db "$DB" --no-bundled "$@"; }
ROUNDS=30
ROWS=20000
gen() { # gen VERSION: the document, version 1 or 2
    perl -e 'my $v = shift; my $rows = shift;
        for my $i (1 .. $rows + $v) {
            printf "Node%d\t%d\tServer%d\t%d\tTCP\tversion %d flow %d\n",
                $i, 1024 + $i % 60000, $i, 1 + ($i * $v) % 65535, $v, $i }' \
        "$1" "$ROWS" | perl "$(dirname "$0")/gendoc.pl" tsv
}
gen 1 > "$T/v1.txt"
gen 2 > "$T/v2.txt"
sha1=$(sha256sum < "$T/v1.txt" | cut -d' ' -f1)
sha2=$(sha256sum < "$T/v2.txt" | cut -d' ' -f1)

run P import data/docs/nectar-epc-ports.txt
is "$rc" 0 "a database with one other document"
cp "$T/v1.txt" "$DOC"
run P import "$DOC"
is "$rc" 0 "version 1 imports"
# Replacing one version by the other is what each round does; the kills
# land anywhere from before its transaction to after its commit.
cp "$T/v2.txt" "$DOC"
t0=$(date +%s%N)
run P import "$DOC"
t1=$(date +%s%N)
is "$rc" 0 "version 2 replaces it"
span=$(( (t1 - t0) / 1000000 * 13 / 10 + 1 ))
echo "# one import takes $(( (t1 - t0) / 1000000 )) ms; kills within $span ms"

# What the database says about the document at $DOC: "VERSION" if it is
# whole, else a description of the mix.
state() {
    sqlite3 -cmd '.timeout 5000' "$DB" "
        SELECT d.sha256, count(DISTINCT f.id),
               (SELECT count(*) FROM port_range r JOIN flow g ON g.id = r.flow_id
                 WHERE g.document_id = d.id),
               sum(f.description LIKE 'version 1 %'),
               sum(f.description LIKE 'version 2 %'),
               (SELECT count(*) FROM document WHERE path = d.path)
          FROM document d JOIN flow f ON f.document_id = d.id
         WHERE d.path = '$DOC'" |
    awk -F'|' -v s1="$sha1" -v s2="$sha2" -v n="$ROWS" '
        $1 == s1 && $2 == n + 1 && $3 == 2 * (n + 1) && $4 == n + 1 &&
            $5 == 0 && $6 == 1 { print 1; next }
        $1 == s2 && $2 == n + 2 && $3 == 2 * (n + 2) && $5 == n + 2 &&
            $4 == 0 && $6 == 1 { print 2; next }
        { print "mix: " $0 }'
}
is "$(state)" 2 "version 2 is whole"
other=$(sqlite3 "$DB" "SELECT count(*) FROM flow f JOIN document d ON d.id = f.document_id WHERE d.name = 'nectar-epc-ports.txt'")

have=2 old=0 new=0
for round in $(seq "$ROUNDS"); do
    want=$((3 - have))
    cp "$T/v$want.txt" "$DOC"
    ms=$(( (RANDOM * 32768 + RANDOM) % span ))
    # The binary itself in the background (not a function: a subshell's
    # pid would be killed and the import go on without it).
    "$PORTOLAN" --db "$DB" --no-bundled import "$DOC" > /dev/null 2>&1 &
    pid=$!
    sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
    kill -KILL "$pid" 2> /dev/null
    wait "$pid" 2> /dev/null
    run sqlite3 "$DB" "PRAGMA integrity_check"
    is "$out" ok "round $round (kill after $ms ms): integrity_check passes"
    run P docs
    is "$rc" 0 "round $round: the database opens cleanly"
    got=$(state)
    ok "$([ "$got" = 1 ] || [ "$got" = 2 ]; echo $?)" \
        "round $round: the document is whole (version $got)"
    [ "$got" = "$want" ] && new=$((new + 1)) || old=$((old + 1))
    [ "$got" = 1 ] || [ "$got" = 2 ] && have=$got
done
echo "# killed before the commit: $old rounds; after it: $new rounds"
is "$(sqlite3 "$DB" "SELECT count(*) FROM flow f JOIN document d ON d.id = f.document_id WHERE d.name = 'nectar-epc-ports.txt'")" \
    "$other" "the other document is untouched"
# The last round may have been cut short: the next import finishes it.
cp "$T/v2.txt" "$DOC"
run P import "$DOC"
ok "$([ "$rc" -eq 0 ]; echo $?)" "an import after the kills completes"
is "$(state)" 2 "and leaves version 2 whole"
done_testing
