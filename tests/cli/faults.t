#!/bin/bash
# faults.t - what the machine can do to portolan: a missing, unreadable or
# directory input; a database that is read-only, locked by another writer,
# not SQLite, truncated, damaged, from a newer portolan or another program;
# a full disk (ulimit -f, and a small tmpfs when mount works). Each ends
# with a clear message and exit 2, never a crash, and leaves the database
# as it was. A database in a directory the user cannot write, or on a
# read-only file system (a tmpfs remounted read-only, when mount works),
# still answers every query.
. "$(dirname "$0")/lib.sh"
M="$T/mnt"
cleanup() {
    [ -n "${holder:-}" ] && kill "$holder" 2>/dev/null
    mountpoint -q "$M" 2>/dev/null && umount "$M"
    rm -rf "$T"
}
trap cleanup EXIT
DB="$T/f.db"
P() { "$PORTOLAN" --db "$DB" --no-bundled "$@"; }
# The database as a reader sees it and as bytes (see hostile.t).
snap() {
    sqlite3 "$1" 'PRAGMA wal_checkpoint(TRUNCATE);' > /dev/null
    echo "$(sha256sum < "$1") $(sqlite3 "$1" .dump | sha256sum)"
}
crashed() { # crashed RC: 0 if RC says a signal ended the process
    [ "$1" -ge 128 ]
}
run P import data/docs/nectar-epc-ports.txt data/docs/pexip-infinity-port-usage.txt
is "$rc" 0 "a database with two documents"
s0=$(snap "$DB")
perl -e 'for my $i (1 .. 20000) {
    printf "Node%d\t%d\tServer%d\t%d\tTCP\tflow number %d\n",
        $i, 1024 + $i % 60000, $i, 1 + $i % 65535, $i }' |
    perl "$(dirname "$0")/gendoc.pl" tsv > "$T/big.txt"

# ---- the input ---------------------------------------------------------------
run P import "$T/missing.txt"
is "$rc" 2 "a missing file: exit 2"
like "$err" "^$T/missing.txt: error: cannot open: No such file or directory" \
    "a missing file: says so"
run P check "$T/missing.txt"
is "$rc" 2 "check of a missing file: exit 2"
mkdir "$T/adir"
run P import "$T/adir"
is "$rc" 2 "a directory: exit 2"
like "$err" "adir: error: cannot read: Is a directory" "a directory: says so"
run P import data/docs/cisco-expressway-port-reference.txt "$T/missing.txt"
is "$rc" 2 "a good file and a missing one: exit 2"
like "$out" "cisco-expressway-port-reference.txt: 59 flows" \
    "the good file is imported all the same (one transaction each)"
run sqlite3 "$DB" "select count(*) from document"
is "$out" 3 "three documents now"
s0=$(snap "$DB")

# Queries on a database that cannot be written (read-only directory or
# file system) answer as on a writable copy; writes fail with exit 2 and
# say why; nothing is created beside the file. The reference answers
# come from $T/ref.db: the database with a worksheet, to show and export.
export SOURCE_DATE_EPOCH=1700000000
cp "$DB" "$T/ref.db"
"$PORTOLAN" --db "$T/ref.db" sheet add 1-5 > /dev/null
sqlite3 "$T/ref.db" 'PRAGMA wal_checkpoint(TRUNCATE);' > /dev/null
ro_queries=("docs" "port 443" "find SIP" "show 3" "products" "sheet show"
            "export --format csv")
ro_want=()
for i in "${!ro_queries[@]}"; do
    ro_want[$i]=$("$PORTOLAN" --db "$T/ref.db" ${ro_queries[$i]})
done
readonly_answers() { # readonly_answers RUNNER FILE NAME (FILE: a copy of ref.db)
    local runner=$1 f=$2 name=$3 i
    local listing
    listing=$(ls -A "$(dirname "$f")")
    for i in "${!ro_queries[@]}"; do
        run $runner "$PORTOLAN" --db "$f" ${ro_queries[$i]}
        is "$rc" 0 "$name: ${ro_queries[$i]} exits 0"
        is "$out" "${ro_want[$i]}" "$name: ${ro_queries[$i]} answers as on a writable copy"
    done
    run $runner "$PORTOLAN" --db "$f" import data/docs/avaya-equinox-9x-port-security.txt
    is "$rc" 2 "$name: import exits 2"
    like "$err" "portolan: The database .* cannot be written" \
        "$name: import says why"
    run $runner "$PORTOLAN" --db "$f" sheet add 7
    is "$rc" 2 "$name: sheet add exits 2"
    like "$err" "portolan: The database .* cannot be written" "$name: sheet add says why"
    is "$(ls -A "$(dirname "$f")")" "$listing" "$name: nothing is created beside the database"
}

# Another user, for what root may do anyway (unreadable, read-only files).
if [ "$(id -u)" = 0 ] && command -v setpriv > /dev/null 2>&1; then
    chmod 755 "$T"
    as_user() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
    user=nobody
    # nobody must be able to run the binary (a checkout under /root may
    # not let it).
    as_user "$PORTOLAN" --version > /dev/null 2>&1 || user=
elif [ "$(id -u)" != 0 ]; then
    as_user() { "$@"; }
    user=$(id -un)
else
    user=
fi
if [ -n "${user:-}" ]; then
    cp data/docs/nectar-epc-ports.txt "$T/secret.txt"
    chmod 000 "$T/secret.txt"
    run as_user "$PORTOLAN" check "$T/secret.txt"
    is "$rc" 2 "an unreadable file ($user): exit 2"
    like "$err" "secret.txt: error: cannot open: Permission denied" \
        "an unreadable file: says so"

    # ---- a read-only database ------------------------------------------------
    mkdir "$T/ro"
    cp "$T/ref.db" "$T/ro/ro.db"
    chmod 444 "$T/ro/ro.db"
    [ "$user" = nobody ] && chown nobody "$T/ro"
    ros=$(sha256sum < "$T/ro/ro.db")
    cp data/docs/avaya-equinox-9x-port-security.txt "$T/avaya.txt"
    run as_user "$PORTOLAN" --db "$T/ro/ro.db" import "$T/avaya.txt"
    is "$rc" 2 "import into a read-only database: exit 2"
    like "$err" "ro.db cannot be written \\(Permission denied\\)" \
        "import into a read-only database: says so"
    run as_user "$PORTOLAN" --db "$T/ro/ro.db" docs
    is "$rc" 0 "a read-only database can still be queried"
    like "$out" "nectar-epc-ports.txt" "and answers"
    rm -f "$T/ro/ro.db-shm" "$T/ro/ro.db-wal"
    is "$(sha256sum < "$T/ro/ro.db")" "$ros" "the read-only database is unchanged"
    # In a directory it cannot write, SQLite cannot make the -shm file a
    # WAL database is read through: the file alone is read (immutable).
    [ "$user" = nobody ] && chown root "$T/ro"
    chmod 555 "$T/ro"
    readonly_answers as_user "$T/ro/ro.db" "a read-only directory ($user)"
    # Changes still in a -wal file cannot be read without the -shm file.
    chmod 755 "$T/ro"
    printf 'not empty' > "$T/ro/ro.db-wal"
    chmod 555 "$T/ro"
    run as_user "$PORTOLAN" --db "$T/ro/ro.db" docs
    is "$rc" 2 "a read-only directory with changes in a -wal file: exit 2"
    like "$err" "latest changes are in .*ro.db-wal, and SQLite can only read them by creating .*ro.db-shm beside it, in a directory that is not writable" \
        "and says why"
    chmod 755 "$T/ro"
else
    echo "# no other user can run $PORTOLAN: unreadable files and read-only databases skipped"
fi

# ---- a database locked by another writer ----------------------------------------
# sqlite3 holds a write transaction open, fed through a fifo; it answers
# 'locked' once it has the lock.
lock() { # lock SQL...: a background sqlite3 holding a write lock
    rm -f "$T/fifo" "$T/lock.out"
    mkfifo "$T/fifo"
    sqlite3 "$DB" < "$T/fifo" > "$T/lock.out" 2>&1 &
    holder=$!
    exec 3> "$T/fifo"
    printf '%s\nSELECT '"'"'locked'"'"';\n' "$*" >&3
    for _ in $(seq 300); do
        grep -q locked "$T/lock.out" 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}
unlock() {
    printf 'ROLLBACK;\n.quit\n' >&3
    exec 3>&-
    wait "$holder"
    holder=
}
lock 'BEGIN EXCLUSIVE; DELETE FROM diagnostic;'
ok $? "another program holds a write lock"
run P import data/docs/avaya-equinox-9x-port-security.txt
is "$rc" 2 "import while another program writes: exit 2"
like "$err" "locked by another program" "import while locked: says so"
like "$err" "not imported; the database is unchanged" "import while locked: nothing changed"
run P docs
is "$rc" 0 "queries still answer while another program writes (WAL)"
unlock
is "$(snap "$DB")" "$s0" "after the lock the database is as it was"

lock 'PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; DELETE FROM diagnostic;'
ok $? "another program holds the file exclusively"
for q in "docs" "find SIP" "port 443" "import data/docs/avaya-equinox-9x-port-security.txt"; do
    run P $q
    is "$rc" 2 "$q while the file is held: exit 2"
    like "$err" "locked by another program" "$q while held: says so"
done
unlock
is "$(snap "$DB")" "$s0" "after the exclusive lock the database is as it was"

# ---- files that are not (this) portolan database ------------------------------------
bad() { # bad FILE NAME MESSAGE: every command fails cleanly, file untouched
    local f=$1 name=$2 msg=$3 sum
    sum=$(sha256sum < "$f")
    for q in docs "find x" "show 1" "import data/docs/nectar-epc-ports.txt"; do
        "$PORTOLAN" --db "$f" $q > "$T/.out" 2> "$T/.err"
        rc=$?
        is "$rc" 2 "$name: $q exits 2"
        like "$(cat "$T/.err")" "$msg" "$name: $q says why"
    done
    rm -f "$f-wal" "$f-shm"
    is "$(sha256sum < "$f")" "$sum" "$name: the file is unchanged"
}
printf 'Not a database, just a note.\n' > "$T/note.db"
bad "$T/note.db" "a text file" "not a portolan database or is damaged"
perl -e 'srand(7); print map { chr(int rand 256) } 1 .. 100000' > "$T/random.db"
bad "$T/random.db" "random bytes" "not a portolan database or is damaged"
sqlite3 "$T/other.db" 'CREATE TABLE t(x); INSERT INTO t VALUES (1);'
bad "$T/other.db" "another program's SQLite file" "an SQLite database but not a portolan one"
cp "$DB" "$T/newer.db"
sqlite3 "$T/newer.db" 'PRAGMA user_version = 99;'
bad "$T/newer.db" "a database from a newer portolan" "written by a newer portolan \\(schema 99"
size=$(stat -c %s "$DB")
for cut in 100 4096 $((size / 2)) $((size - 4096)); do
    head -c "$cut" "$DB" > "$T/cut.db"
    bad "$T/cut.db" "a database cut at $cut bytes" "not a portolan database or is damaged"
done

# Pages of garbage in the middle: whatever SQLite notices or not, every
# command ends with 0, 1 or 2 and a message, never a signal.
cp "$DB" "$T/damaged.db"
perl -e 'srand(3); open my $f, "+<", $ARGV[0] or die; my $n = -s $f;
    for (1 .. 8) { seek $f, 4096 + int(rand($n - 8192)), 0;
                   print $f map { chr(int rand 256) } 1 .. 700 }' "$T/damaged.db"
for q in docs products "find SIP" "find ." "port 443" "show 3" "show 40" \
         "import data/docs/avaya-equinox-9x-port-security.txt"; do
    "$PORTOLAN" --db "$T/damaged.db" $q > /dev/null 2> "$T/.err"
    rc=$?
    ok "$([ "$rc" -le 2 ]; echo $?)" "a damaged database: $q ends with exit $rc, no crash"
    [ "$rc" -eq 2 ] && like "$(cat "$T/.err")" "^portolan: " "a damaged database: $q says why"
done

# ---- a full disk ------------------------------------------------------------------------
# ulimit -f: a write past the limit fails (portolan ignores SIGXFSZ).
run bash -c "ulimit -f 400; exec \"$PORTOLAN\" --db \"$DB\" import \"$T/big.txt\""
ok "$(crashed "$rc"; [ $? -ne 0 ]; echo $?)" "a file size limit is no crash (exit $rc)"
is "$rc" 2 "a file size limit: exit 2"
like "$err" "big.txt: cannot read or write file: .*(disk|full)" "a file size limit: says why"
like "$err" "not imported; the database is unchanged" "a file size limit: nothing imported"
is "$(snap "$DB")" "$s0" "a file size limit: the database is byte for byte as it was"

if mkdir -p "$M" && mount -t tmpfs -o size=400k tmpfs "$M" 2> /dev/null; then
    cp "$DB" "$M/full.db"
    sf=$(snap "$M/full.db")
    run "$PORTOLAN" --db "$M/full.db" import "$T/big.txt"
    is "$rc" 2 "a full disk: exit 2"
    like "$err" "database or disk is full" "a full disk: says so"
    is "$(snap "$M/full.db")" "$sf" "a full disk: the database is as it was"
    run "$PORTOLAN" --db "$M/full.db" docs
    is "$rc" 0 "a full disk: the database still answers"
    rm -f "$M"/*
    dd if=/dev/zero of="$M/filler" bs=1k count=300 2> /dev/null
    run "$PORTOLAN" --db "$M/new/portolan.db" docs
    is "$rc" 2 "a new database on a full disk: exit 2"
    like "$err" "portolan.db.*disk is full" "a new database on a full disk: says so"
    ok "$([ ! -e "$M/new/portolan.db" ]; echo $?)" "and no half-filled database is left"
    is "$(ls -A "$M/new")" "" "nor any temporary file"
    mount -o remount,ro "$M"
    run "$PORTOLAN" --db "$M/full.db" import data/docs/nectar-epc-ports.txt
    is "$rc" 2 "a read-only file system: exit 2"
    umount "$M"
    # A read-only file system, which root cannot write either.
    mount -t tmpfs -o size=4m tmpfs "$M"
    cp "$T/ref.db" "$M/ro.db"
    mount -o remount,ro "$M"
    readonly_answers "" "$M/ro.db" "a read-only file system"
    umount "$M"
else
    echo "# mount not permitted: the tmpfs cases are skipped"
fi
done_testing
