#!/bin/bash
# hostile.t - documents nobody should have to import, generated here in
# each of the five table styles where the style matters: empty, binary,
# NUL bytes, invalid UTF-8 and Latin-1, ports out of range, terminal
# escapes, SQL-looking text, CRLF and a BOM, a 5 MB line and a 5 MB cell,
# 300 columns, 200,000 rows. Each ends with the documented exit code
# (0 clean, 1 warnings, 2 failure) and FILE:LINE: where a line applies; a
# failed import leaves the database as it was, byte for byte; nothing from
# a document reaches the terminal as a control character.
. "$(dirname "$0")/lib.sh"
GEN="$(dirname "$0")/gendoc.pl"
STYLES="cells tsv pipe markdown spaced"
DB="$T/h.db"
P() { "$PORTOLAN" --db "$DB" --no-bundled "$@"; }
gen() { perl "$GEN" "$@"; }

# The database as a reader sees it (.dump) and as bytes. After a
# checkpoint the main file holds every committed page and portolan leaves
# no -wal behind, so a failed import must leave both as they were.
snap() {
    sqlite3 "$DB" 'PRAGMA wal_checkpoint(TRUNCATE);' > /dev/null
    echo "$(sha256sum < "$DB") $(sqlite3 "$DB" .dump | sha256sum)"
}
# Raw control characters other than tab and newline: C0, DEL, and C1 as
# UTF-8 (U+0080..U+009F).
CTL="$(printf '[\001-\010\013-\037\177]|\302[\200-\237]')"
no_ctl() { # no_ctl TEXT NAME
    if printf '%s' "$1" | LC_ALL=C grep -Eq "$CTL"; then
        ok 1 "$2"
        printf '%s' "$1" | LC_ALL=C grep -En "$CTL" | head -3 | cat -v |
            sed 's/^/#   /'
    else
        ok 0 "$2"
    fi
}
two_rows() {
    printf 'Alpha\t1024-65535\tBravo\t443\tTCP\tWeb admin\n'
    printf 'Charlie\t5060\tDelta\t5061\tUDP\tSIP signalling\n'
}

run P import data/docs/nectar-epc-ports.txt
is "$rc" 0 "a database to spoil: one clean document"
s0=$(snap)

# ---- nothing to read ------------------------------------------------------
: > "$T/empty.txt"
printf '\n\n   \n\t\n' > "$T/blank.txt"
perl -e 'srand(42); print map { chr(int rand 256) } 1 .. 65536' \
    > "$T/random.bin"
perl -e 'print "a" x (5 * 1024 * 1024)' > "$T/oneline.txt"
for f in empty.txt blank.txt random.bin oneline.txt; do
    run P check "$T/$f"
    is "$rc" 2 "check $f: exit 2"
    like "$err" "^$T/$f: error: no port table found" "check $f: says so"
    run P import "$T/$f"
    is "$rc" 2 "import $f: exit 2"
    like "$err" "$f: not imported; the database is unchanged" \
        "import $f: says the database is unchanged"
    no_ctl "$err" "import $f: no raw control character in the messages"
done
like "$(P check "$T/random.bin" 2>&1)" "random.bin:[0-9]+: warning: invalid UTF-8" \
    "random bytes: invalid UTF-8 reported with its line"
is "$(snap)" "$s0" "after the failed imports the database is byte for byte the same"

# ---- bytes that should not be there, in every style -------------------------
for s in $STYLES; do
    {
        two_rows
        printf 'Echo\t80\tFox\t81\tTCP\tNUL \0 in here\n'
    } | gen "$s" > "$T/nul-$s.txt"
    line=$(grep -an 'NUL' "$T/nul-$s.txt" | head -1 | cut -d: -f1)
    run P check "$T/nul-$s.txt"
    is "$rc" 1 "$s: a NUL byte is a warning (exit 1)"
    like "$err" "^$T/nul-$s.txt:$line: warning: 1 NUL byte" \
        "$s: the NUL byte is reported at its line $line"

    {
        two_rows
        printf 'caf\351\t80\tna\357ve\t81\tTCP\tLatin-1 \351t\351\n'
        printf 'Bad\377\376\t82\tUtf\300\200\t83\tTCP\tsurrogate \355\240\200\n'
    } | gen "$s" > "$T/utf-$s.txt"
    line=$(LC_ALL=C grep -an "$(printf '\351')" "$T/utf-$s.txt" | head -1 |
           cut -d: -f1)
    run P check "$T/utf-$s.txt"
    is "$rc" 1 "$s: Latin-1 and invalid UTF-8 are a warning (exit 1)"
    like "$err" "^$T/utf-$s.txt:$line: warning: invalid UTF-8 \\(byte 0xE9\\) on [0-9]+ line" \
        "$s: invalid UTF-8 reported at its first line $line"
done
run P import "$T/utf-tsv.txt"
is "$rc" 1 "Latin-1 text imports, with the warning"
id=$(sqlite3 "$DB" "select id from flow where destination_ports='81'")
run P show "$id"
like "$out" 'caf\\xE9' "show escapes the Latin-1 byte as \\xE9"
no_ctl "$out" "show prints no raw control or C1 byte"
run P show "$id" --json
like "$out" '"source":"caf\\ufffd"' "JSON replaces the invalid byte with U+FFFD"
run P find 'Utf' --tsv
like "$out" 'Utf\\xC0\\x80' "TSV output escapes invalid bytes too"

# ---- ports out of range --------------------------------------------------------
# The line a row starts on: where its source cell is (cells: one cell per
# line), or, in the spaced style, which has no source column, its port.
row_line() { # row_line FILE STYLE SOURCE PORT
    if [ "$2" = spaced ]; then
        grep -n -e " $4 " "$1" | head -1 | cut -d: -f1
    else
        grep -n -e "$3" "$1" | head -1 | cut -d: -f1
    fi
}
for s in $STYLES; do
    {
        printf 'Echo\t99999\tFox\t443\tTCP\tabove the top\n'
        printf 'Golf\t1024\tHotel\t70000-80000\tUDP\ta range above the top\n'
        printf 'India\t-5\tJuliet\t22\tTCP\tnegative\n'
    } | gen "$s" > "$T/range-$s.txt"
    run P check "$T/range-$s.txt"
    is "$rc" 1 "$s: ports out of range are warnings (exit 1)"
    for want in "Echo:99999:port 99999 is above 65535" \
                "Golf:70000-80000:port 70000 is above 65535" \
                "India:-5:port -5 is negative"; do
        src=${want%%:*} want=${want#*:}
        cell=${want%%:*} msg=${want#*:}
        line=$(row_line "$T/range-$s.txt" "$s" "$src" "$cell")
        like "$err" "^$T/range-$s.txt:$line: warning: .*'$cell': $msg" \
            "$s: '$cell' reported at line $line"
    done
done
run P import "$T/range-markdown.txt"
is "$rc" 1 "a document with ports out of range imports (exit 1)"
run sqlite3 "$DB" "select count(*) from port_range where lo < 1 or hi > 65535"
is "$out" 0 "no range out of 1-65535 is stored"

# ---- terminal escapes ---------------------------------------------------------
ESC=$(printf '\033')
evil_rows() {
    printf 'Alpha\033[31m red\t1024-65535\tBravo\033]0;pwned\007\t443\tTCP\tClear \033[2J\033[H screen\n'
    printf 'Back\010\010space\t5060\tBell\007 box\t5061\tUDP\tTitle \033]2;owned\033\\ here \302\233 csi\n'
}
for s in $STYLES; do
    evil_rows | gen "$s" | sed "1s/.*/Evil $(printf '\033')[2J Title/" \
        > "$T/evil-$s.txt"
    run P check "$T/evil-$s.txt"
    ok "$([ "$rc" -le 1 ]; echo $?)" "$s: a document with escape sequences is read (exit $rc)"
    no_ctl "$out$err" "$s: check prints no raw control character"
done
evil_name="$T/evil$(printf '\033')[2J.md"
cp "$T/evil-markdown.txt" "$evil_name"
printf 'Mike\t99999\033[2J\tNovember\t80\tTCP\tport cell with ESC\n' |
    gen tsv > "$T/evil-port.txt"
run P import "$evil_name" "$T/evil-tsv.txt" "$T/evil-port.txt"
is "$rc" 1 "they import (the bad port is a warning)"
no_ctl "$out$err" "import prints no raw control character, file name included"
like "$out" 'evil\\x1B\[2J\.md' "the file name is shown escaped"
like "$err" "evil-port.txt:[0-9]+: warning: .*'99999\\\\x1B\[2J': port 99999" \
    "a warning quoting the port cell escapes it"
for q in "find Clear" "find Clear --tsv" "find Clear --json" "find Back --count" \
         "port 443" "port 443 --tsv" "port 5061 --json" "docs" "docs --tsv" \
         "docs --json" "products" "products --json"; do
    run P $q
    ok "$([ "$rc" -eq 0 ]; echo $?)" "$q: found (exit $rc)"
    no_ctl "$out$err" "$q: no raw control character"
done
id=$(sqlite3 "$DB" "select id from flow where source like 'Back%' limit 1")
run P show "$id"
like "$out" 'Back\\x08\\x08space' "show: backspaces as \\x08"
like "$out" 'Title \\x1B\]2;owned\\x1B\\ here \\x9B csi' "show: OSC and C1 CSI escaped"
no_ctl "$out" "show: no raw control character"
run P show "$id" --json
like "$out" '"description":"Title \\u001b\]2;owned\\u001b\\\\ here \\u009b csi"' \
    "show --json: control characters as \\u escapes"
run P show "$ESC[2J"
is "$rc" 2 "an ID that is an escape sequence is a usage error"
no_ctl "$err" "and the message escapes it"
run "$PORTOLAN" "$ESC]0;pwned$(printf '\007')"
no_ctl "$err" "an unknown command with escapes is echoed escaped"
run sqlite3 "$DB" "select count(*) from flow where description like 'Clear ' || char(27) || '%'"
is "$out" 2 "the database keeps the text as it was (ESC and all)"

# Files written for other programs keep the text as it was (escape
# sequences included), as valid UTF-8: each invalid sequence is replaced
# with U+FFFD, and said (exit 1, like an import with warnings). The
# description has a Latin-1 byte and a cut 3-byte character (one U+FFFD:
# its maximal subpart), the destination device a stray 0xFF (for dot,
# which shows devices but no descriptions).
printf 'Oscar\033[31m\t1024\tPapa\377\t443\tTCP\tClear \033[2J caf\351 \342\202x\n' |
    gen tsv > "$T/export.txt"
P import "$T/export.txt" > /dev/null 2>&1
id=$(sqlite3 "$DB" "select id from flow where destination like 'Papa%'")
P sheet add "$id" > /dev/null 2>&1
run P sheet show
no_ctl "$out$err" "sheet show prints no raw control character"
FFFD=$(printf '\357\277\275')
utf8_ok() { # utf8_ok FILE: exit 0 when FILE is valid UTF-8 (strict)
    perl -MEncode -e 'local $/; my $b = <STDIN>;
        eval { decode("UTF-8", $b, Encode::FB_CROAK); 1 } or exit 1' < "$1"
}
has() { LC_ALL=C grep -Fq -- "$2" "$1"; echo $?; } # has FILE BYTES
for f in csv json md html nft iptables dot; do
    o="$T/out.$f"
    run P export --format "$f" -o "$o"
    is "$rc" 1 "export $f: written, exit 1 (a warning)"
    ok "$([ -s "$o" ]; echo $?)" "export $f: the file is there"
    no_ctl "$out$err" "export $f: its messages carry no raw control character"
    ok "$(utf8_ok "$o"; echo $?)" "export $f: the file is valid UTF-8"
    n=$(LC_ALL=C grep -o -- "$FFFD" "$o" | wc -l)
    like "$err" "^portolan: warning: $n invalid UTF-8 sequences? replaced with U\+FFFD in $T/out\.$f \(first on line [0-9]+\)$" \
        "export $f: the warning says how many ($n) were replaced, and where"
    line=$(printf '%s\n' "$err" | sed -n 's/.*(first on line \([0-9]*\))$/\1/p')
    ok "$(sed -n "${line:-0}p" "$o" | LC_ALL=C grep -Fq -- "$FFFD"; echo $?)" \
        "export $f: the line named holds a U+FFFD"
    ok "$(has "$o" "Papa$FFFD")" "export $f: the device's 0xFF is a U+FFFD"
    [ "$f" = dot ] && continue # a graph shows no description
    ok "$(has "$o" "caf$FFFD $FFFD""x")" \
        "export $f: one U+FFFD for the 0xE9, one for the cut E2 82"
    case $f in # as it was, in the file's own notation (HTML has no ESC,
    # and the rulesets' one-line comments make every control a space)
    csv) keep="Clear $ESC[2J" ;; json) keep='Clear \u001b[2J' ;;
    md) keep="Clear $ESC\\[2J" ;; html | nft | iptables) keep='Clear  [2J' ;;
    esac
    ok "$(has "$o" "$keep")" "export $f: the file keeps the text (ESC[2J) as it was"
done
# The programs that read the rulesets and the graph take them (where they
# run here at all: export.t says why when they do not).
printf 'table inet portolan_probe {\n chain c {\n  tcp dport 22 accept\n }\n}\n' > "$T/probe.nft"
if command -v nft > /dev/null && nft -c -f "$T/probe.nft" > /dev/null 2>&1; then
    run nft -c -f "$T/out.nft"
    is "$rc" 0 "nft -c accepts the nftables export"
else
    echo "ok $((tap_n = tap_n + 1)) # SKIP nft -c does not run here"
fi
printf '*filter\n:PORTOLAN-PROBE - [0:0]\nCOMMIT\n' > "$T/probe.rules"
if command -v iptables-restore > /dev/null &&
    iptables-restore --test "$T/probe.rules" > /dev/null 2>&1; then
    run iptables-restore --test "$T/out.iptables"
    is "$rc" 0 "iptables-restore --test accepts the iptables export"
else
    echo "ok $((tap_n = tap_n + 1)) # SKIP iptables-restore --test does not run here"
fi
if command -v dot > /dev/null; then
    run dot -Tsvg "$T/out.dot"
    is "$rc:$err" "0:" "dot reads the graph without a warning about its UTF-8"
else
    echo "ok $((tap_n = tap_n + 1)) # SKIP dot is not installed"
fi
run P export --format csv
is "$rc" 1 "export to standard output: exit 1 too"
like "$err" "^portolan: warning: [0-9]+ invalid UTF-8 sequences replaced with U\+FFFD in standard output \(first on line 2\)$" \
    "and the warning names standard output"
ok "$(printf '%s' "$out" | LC_ALL=C grep -Fq "caf$FFFD"; echo $?)" \
    "standard output carries the U+FFFD too"

# ---- quotes and SQL-looking text --------------------------------------------------
for s in $STYLES; do
    {
        printf "O'Brien\t80\tRobert'); DROP TABLE document;--\t443\tTCP\t'; DROP TABLE flow; --\n"
        printf 'Quote "double"\t81\t%s\t444\tTCP\t%s\n' "x' OR '1'='1" \
            "1; DELETE FROM flow WHERE 1=1; --"
    } | gen "$s" > "$T/sql-$s.txt"
    run P import "$T/sql-$s.txt"
    is "$rc" 0 "$s: SQL-looking text imports cleanly"
done
run sqlite3 "$DB" "select count(*) from sqlite_master where type='table' and name in ('flow','document','port_range')"
is "$out" 3 "every table is still there"
run P find 'DROP TABLE flow' --count
is "$out" 5 "the text is stored and found as text, in all five styles"
run sqlite3 "$DB" "select count(*) from flow where description = '''; DROP TABLE flow; --' and destination = 'Robert''); DROP TABLE document;--'"
is "$out" 4 "quotes kept exactly (the spaced style cuts description and device by its own rule)"

# ---- line endings and a BOM -----------------------------------------------------------
summary() { sed "s|$T/[a-z]*-||"; }
for s in $STYLES; do
    { two_rows; printf 'Echo\t99999\tFox\t80\tTCP\tlast row\n'; } | gen "$s" > "$T/lf-$s.txt"
    sed 's/$/\r/' "$T/lf-$s.txt" > "$T/crlf-$s.txt"
    { printf '\357\273\277'; cat "$T/lf-$s.txt"; } > "$T/bom-$s.txt"
    want=$(P check "$T/lf-$s.txt" 2>&1 | summary)
    is "$(P check "$T/crlf-$s.txt" 2>&1 | summary)" "$want" \
        "$s: CRLF reads like LF, same lines in the warnings"
    is "$(P check "$T/bom-$s.txt" 2>&1 | summary)" "$want" \
        "$s: a BOM reads like no BOM"
done
P import "$T/crlf-pipe.txt" "$T/bom-markdown.txt" > /dev/null 2>&1
run sqlite3 "$DB" "select count(*) from flow where instr(source || destination || description || destination_ports, char(13))"
is "$out" 0 "no CR is stored"
run sqlite3 "$DB" "select title from document where name='bom-markdown.txt'"
is "$out" "Hostile Port Reference" "the title does not start with the BOM"

# ---- big: a 5 MB cell, 300 columns, 200,000 rows -------------------------------------
for s in $STYLES; do
    perl -e 'print "Alpha\t80\tBravo\t443\tTCP\t", "word " x 1048576, "\n"' |
        gen "$s" > "$T/cell5m-$s.txt"
    run P check "$T/cell5m-$s.txt"
    is "$rc" 0 "$s: a 5 MB description cell is read"
    like "$out" "would import 1 flows" "$s: as one flow"
done
run P import "$T/cell5m-pipe.txt"
is "$rc" 0 "a document with a 5 MB cell imports"
run P find 'Alpha' --count
like "$out" '^[0-9]+$' "find still works on it"

# Rows cut by separators keep their first columns and say so; one cell per
# line, rows cannot be cut without every column, and space-separated
# headers are short: those tables are not read, and the check fails.
for s in tsv pipe markdown; do
    two_rows | gen "$s" 294 > "$T/wide-$s.txt"
    run P check "$T/wide-$s.txt"
    is "$rc" 1 "$s: a table with 300 columns is read, with a warning"
    like "$out" "would import 2 flows, 4 port ranges" "$s: its two rows"
    like "$err" "^$T/wide-$s.txt:[0-9]+: warning: .*300" \
        "$s: the columns not read are reported at their line"
done
two_rows | gen cells 294 > "$T/wide-cells.txt"
run P check "$T/wide-cells.txt"
is "$rc" 2 "cells: a table with 300 columns fails"
like "$err" "^$T/wide-cells.txt:5: warning: a table of 300 columns, one cell per line: at most 16" \
    "cells: and says why, at the header's line"
two_rows | gen spaced 294 > "$T/wide-spaced.txt"
run P check "$T/wide-spaced.txt"
is "$rc" 2 "spaced: a header of 300 names is no header: no table found"
like "$err" "wide-spaced.txt: error: no port table found" "spaced: and says so"

perl -e 'for my $i (1 .. 200000) {
    printf "Node%d\t%d\tServer%d\t%d\tTCP\tflow number %d\n",
        $i, 1024 + $i % 60000, $i, 1 + $i % 65535, $i }' > "$T/rows.tsv"
for s in $STYLES; do
    gen "$s" < "$T/rows.tsv" > "$T/rows-$s.txt"
    run P check "$T/rows-$s.txt"
    is "$rc" 0 "$s: 200,000 rows are read"
    like "$out" "would import 200000 flows, 400000 port ranges" "$s: every one of them"
done
run P import "$T/rows-tsv.txt"
is "$rc" 0 "200,000 rows import"
is "$(sqlite3 "$DB" "select count(*) from flow f join document d on d.id = f.document_id where d.name = 'rows-tsv.txt'")" \
    200000 "and are all stored"
run P port 60000 --count
ok "$([ "$rc" -eq 0 ] && [ "$out" -ge 3 ]; echo $?)" "the port index answers over them"
run sqlite3 "$DB" "PRAGMA integrity_check"
is "$out" ok "the database passes integrity_check"
done_testing
