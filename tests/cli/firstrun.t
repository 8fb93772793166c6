#!/bin/bash
# firstrun.t - the default database is made whole or not at all. A first
# run (which creates it and imports the five bundled documents) is killed
# with SIGKILL at random points, 25 times, each on a fresh $XDG_DATA_HOME;
# the next run then finds either nothing and makes it, or the whole
# database, never a part: exit 0, integrity_check ok, every bundled
# document with all its flows, no temporary file left. Also: first runs
# at the same time share one database, leftovers of killed runs are
# removed only when their process is gone, a database an older portolan
# left half filled is completed, --no-bundled and $PORTOLAN_DB.
. "$(dirname "$0")/lib.sh"
ROUNDS=25
WANT="Avaya 217
Cisco 59
Nectar 13
Pexip 48
Prognosis 115"
# The flows per vendor in the database at $1, as sqlite3 counts them.
flows() {
    sqlite3 -cmd '.timeout 5000' "$1" "SELECT d.vendor, count(f.id) FROM document d
        LEFT JOIN flow f ON f.document_id = d.id GROUP BY d.id ORDER BY d.vendor" |
        tr '|' ' '
}
# Every file in directory $1 but the database ($2, else portolan.db).
others() { (cd "$1" && ls -A | grep -vx "${2:-portolan.db}"); }

# ---- a first run, timed to aim the kills ------------------------------------------
export XDG_DATA_HOME="$T/first"
t0=$(date +%s%N)
run "$PORTOLAN" docs
t1=$(date +%s%N)
is "$rc" 0 "a first run exits 0"
like "$err" "created .*first/portolan/portolan.db with the bundled documents" \
    "and says it created the database"
DB="$XDG_DATA_HOME/portolan/portolan.db"
is "$(flows "$DB")" "$WANT" "it holds the five bundled documents, whole"
is "$(others "$XDG_DATA_HOME/portolan")" "" "and nothing else is left in its directory"
run "$PORTOLAN" docs
is "$err" "" "a second run says nothing about creating it"
span=$(( (t1 - t0) / 1000000 * 13 / 10 + 1 ))
echo "# a first run takes $(( (t1 - t0) / 1000000 )) ms; kills within $span ms"

# ---- killed at random points --------------------------------------------------------
before=0 after=0
for round in $(seq "$ROUNDS"); do
    export XDG_DATA_HOME="$T/x$round"
    DB="$XDG_DATA_HOME/portolan/portolan.db"
    ms=$(( (RANDOM * 32768 + RANDOM) % span ))
    # The binary itself in the background (a function's subshell would be
    # killed and portolan go on without it).
    "$PORTOLAN" docs > /dev/null 2>&1 &
    pid=$!
    sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
    kill -KILL "$pid" 2> /dev/null
    wait "$pid" 2> /dev/null
    [ -e "$DB" ] && after=$((after + 1)) || before=$((before + 1))
    if [ -e "$DB" ]; then
        is "$(flows "$DB")" "$WANT" "round $round (kill after $ms ms): a database at the path is whole"
    fi
    run "$PORTOLAN" docs
    is "$rc" 0 "round $round (kill after $ms ms): the next run exits 0"
    run sqlite3 "$DB" "PRAGMA integrity_check"
    is "$out" ok "round $round: integrity_check passes"
    is "$(flows "$DB")" "$WANT" "round $round: all five bundled documents with all their flows"
    is "$(others "$XDG_DATA_HOME/portolan")" "" "round $round: no temporary file is left"
done
echo "# killed before the database was in place: $before rounds; after: $after rounds"

# ---- first runs at the same time --------------------------------------------------
export XDG_DATA_HOME="$T/together"
DB="$XDG_DATA_HOME/portolan/portolan.db"
pids=()
for i in 1 2 3 4; do
    "$PORTOLAN" docs --tsv > "$T/together.$i.out" 2> "$T/together.$i.err" &
    pids[$i]=$!
done
for i in 1 2 3 4; do
    wait "${pids[$i]}"
    is "$?" 0 "first run $i of 4 at the same time exits 0"
    is "$(awk -F'\t' 'NR > 1 {print $3, $5}' "$T/together.$i.out" | sort)" "$WANT" \
        "first run $i of 4 sees all five documents whole"
done
is "$(cat "$T"/together.*.err | grep -c 'created')" 1 "exactly one of them made the database"
is "$(flows "$DB")" "$WANT" "the one database holds each document once"
is "$(others "$XDG_DATA_HOME/portolan")" "" "no temporary file is left"

# ---- leftovers of a killed run ---------------------------------------------------------
export XDG_DATA_HOME="$T/left"
D="$XDG_DATA_HOME/portolan"
mkdir -p "$D"
true & gone=$!
wait "$gone"
sleep 100 & alive=$!
for f in "portolan.db.new-$gone" "portolan.db.new-$gone-wal" "portolan.db.new-$gone-shm" \
         "portolan.db.new-$alive" "other.db.new-$gone" "portolan.db.new-x$gone"; do
    echo junk > "$D/$f"
done
run "$PORTOLAN" docs
is "$rc" 0 "a first run beside leftovers of a killed one exits 0"
is "$(others "$D" | sort | tr '\n' ' ')" \
    "other.db.new-$gone portolan.db.new-$alive portolan.db.new-x$gone " \
    "the leftovers of a process that is gone are removed, nothing else"
kill "$alive"
wait "$alive" 2> /dev/null

# ---- a database an older portolan left half filled ---------------------------------------
# Older builds filled the database in place, one document at a time: a
# kill left some bundled documents and nothing else. Such a database gets
# the rest; one holding anything else, or nothing, is left as it is.
export XDG_DATA_HOME="$T/old"
DB="$XDG_DATA_HOME/portolan/portolan.db"
"$PORTOLAN" docs > /dev/null 2>&1
sqlite3 "$DB" "PRAGMA foreign_keys = ON; DELETE FROM document WHERE vendor IN ('Cisco', 'Pexip')"
run "$PORTOLAN" docs
is "$rc" 0 "a half-filled database: docs exits 0"
like "$err" "added the missing bundled documents to .*portolan.db" "and says it completed it"
is "$(flows "$DB")" "$WANT" "it now holds all five documents, whole"
run "$PORTOLAN" docs
is "$err" "" "the next run has nothing to add"
sqlite3 "$DB" "PRAGMA foreign_keys = ON; DELETE FROM document WHERE vendor IN ('Cisco', 'Pexip');
    UPDATE document SET path = '/imported/nectar-epc-ports.txt' WHERE vendor = 'Nectar'"
run "$PORTOLAN" docs
is "$err" "" "some bundled documents and an imported one: nothing added"
is "$(sqlite3 "$DB" 'select count(*) from document')" 3 "the database is left as it is"
run "$PORTOLAN" --db "$T/empty.db" --no-bundled docs
run "$PORTOLAN" --db "$T/empty.db" docs
is "$(sqlite3 "$T/empty.db" 'select count(*) from document')" 0 "an empty database is left empty"

# ---- --no-bundled and $PORTOLAN_DB ---------------------------------------------------------
run env PORTOLAN_DB="$T/env/sub/p.db" "$PORTOLAN" --no-bundled docs
is "$rc" 1 "--no-bundled: a new empty database, nothing found"
is "$(sqlite3 "$T/env/sub/p.db" 'select count(*) from document')" 0 "it is empty"
is "$(sqlite3 "$T/env/sub/p.db" 'pragma journal_mode')" wal "it is a WAL database"
is "$(others "$T/env/sub" p.db)" "" "no temporary file is left"
run env PORTOLAN_DB="$T/env/sub/q.db" "$PORTOLAN" docs
is "$rc" 0 "\$PORTOLAN_DB names a new database"
is "$(flows "$T/env/sub/q.db")" "$WANT" "it is made whole too"
done_testing
