#!/bin/bash
# import.t - importing the five bundled documents through the real binary:
# per-file summaries, every data error reported with its line, re-imports,
# replacement of a changed file, and failures that leave the database as it
# was.
. "$(dirname "$0")/lib.sh"
DB="$T/t.db"
P() { "$PORTOLAN" --db "$DB" --no-bundled "$@"; }

run P import data/docs/*.txt
is "$rc" 1 "importing the five documents exits 1 (imported with warnings)"
like "$out" "avaya-equinox-9x-port-security.txt: 217 flows" "Avaya: 217 flows"
like "$out" "cisco-expressway-port-reference.txt: 59 flows" "Cisco: 59 flows"
like "$out" "nectar-epc-ports.txt: 13 flows" "Nectar: 13 flows"
like "$out" "pexip-infinity-port-usage.txt: 48 flows" "Pexip: 48 flows"
like "$out" "prognosis-port-requirements.txt: 115 flows" "Prognosis: 115 flows"
like "$out" "avaya.*\(tsv" "Avaya detected as tsv"
like "$out" "cisco.*\(markdown" "Cisco detected as markdown"
like "$out" "nectar.*\(cells" "Nectar detected as cells"
like "$out" "pexip.*\(spaced" "Pexip detected as spaced"
like "$out" "prognosis.*\(pipe" "Prognosis detected as pipe"

A=data/docs/avaya-equinox-9x-port-security.txt
G=data/docs/prognosis-port-requirements.txt
like "$err" "^$A:390: warning: .*120002.*above 65535" "UDP 120002-12952 reported at line 390"
like "$err" "^$A:516: warning: .*224444.*above 65535" "TCP 224444 (API) reported at line 516"
like "$err" "^$A:300: warning: .*6972-65553.*65553" "UDP 6972-65553 reported at line 300"
like "$err" "^$A:299: warning: .*137-128.*reversed" "UDP 137-128 reported at line 299"
like "$err" "^$A:422: warning: .*132000.*above 65535" "UDP 12000-132000 reported at line 422"
like "$err" "^$A:452: warning: .*9XXXX.*not a port" "9090 → 9XXXX reported at line 452"
like "$err" "^$A:206: warning: .*5070\. 5077.*separator" "BFCP 5070. 5077 reported at line 206"
like "$err" "^$G:49: warning: .*135 and.*cut short" "'135 and' reported at line 49"
like "$err" "^$G:93: warning: protocol 'TVP'" "the TVP protocol typo reported at line 93"
unlike "$err" "2008|2016|224\.0\.0|H\.245'" "no number from prose is reported as a port"

run sqlite3 "$DB" "select count(*) from diagnostic where severity='warning'"
is "$out" 24 "24 warnings stored in the database"
run sqlite3 "$DB" "select line from diagnostic d join document o on o.id=d.document_id where o.name='avaya-equinox-9x-port-security.txt' and message like '%120002%'"
is "$out" 390 "the stored diagnostic keeps its line"

run P import data/docs/*.txt
is "$rc" 0 "re-importing unchanged files exits 0"
like "$out" "nectar-epc-ports.txt: unchanged" "and says they are unchanged"
run sqlite3 "$DB" "select count(*) from document"
is "$out" 5 "still five documents"

# A changed file replaces the rows of its earlier version.
cp data/docs/nectar-epc-ports.txt "$T/nectar.txt"
run P import "$T/nectar.txt"
is "$rc" 0 "a copy under a new path with the same content is unchanged"
sed -i 's/^    DHCP client$/    DHCP client (changed)/' "$T/nectar.txt"
run P import "$T/nectar.txt"
is "$rc" 0 "the changed copy imports cleanly"
like "$out" "nectar.txt: 13 flows" "with its 13 flows"
run P import "$T/nectar.txt"
like "$out" "unchanged" "importing it again is a no-op"
sed -i '/Remote Ports:/,$d' "$T/nectar.txt"
run P check "$T/nectar.txt"
before=$(sqlite3 "$DB" "select count(*) from flow f join document d on d.id=f.document_id where d.path like '%/nectar.txt'")
run P import "$T/nectar.txt"
after=$(sqlite3 "$DB" "select count(*) from flow f join document d on d.id=f.document_id where d.path like '%/nectar.txt'")
is "$before" 13 "13 flows from the first version of the file"
is "$after" 6 "a changed file replaces its rows (only Local Ports left)"
is "$(sqlite3 "$DB" "select count(*) from document where path like '%/nectar.txt'")" 1 "one document row for that path"

# Failures leave the database as it was.
snap() { sqlite3 "$DB" .dump | sha256sum; }
s1=$(snap)
: > "$T/empty.txt"
run P import "$T/empty.txt"
is "$rc" 2 "an empty file fails with exit 2"
like "$err" "empty.txt.*no port table" "with a message naming the file"
head -c 4096 /dev/urandom > "$T/random.bin"
run P import "$T/random.bin"
is "$rc" 2 "random bytes fail with exit 2"
run P import "$T/does-not-exist.txt"
is "$rc" 2 "a missing file fails with exit 2"
is "$(snap)" "$s1" "the database is unchanged after the failed imports"

# check parses and writes nothing.
run "$PORTOLAN" --db "$T/never.db" check data/docs/pexip-infinity-port-usage.txt
is "$rc" 0 "check of a clean document exits 0"
like "$out" "would import 48 flows" "check reports what it would import"
ok "$([ ! -e "$T/never.db" ]; echo $?)" "check does not create a database"
run "$PORTOLAN" check data/docs/avaya-equinox-9x-port-security.txt
is "$rc" 1 "check of a document with data errors exits 1"

# Text from documents never reaches the terminal raw.
printf '| Purpose | Src. IP | Src. Ports | Protocol | Dest. IP | Dest. Ports |\n|---|---|---|---|---|---|\n| Evil \033[2J\033]0;pwned\007 | Host\bA | 1024-65535 | TCP | Box | 4444 |\n' > "$T/evil.md"
run P import "$T/evil.md"
is "$rc" 0 "a document with escape sequences imports"
run P find Evil
ok "$(printf '%s' "$out" | grep -q "$(printf '\033')"; [ $? -ne 0 ]; echo $?)" "find prints no raw ESC"
id=$(sqlite3 "$DB" "select id from flow where destination_ports='4444'")
run P show "$id"
like "$out" 'Evil \\x1B\[2J\\x1B\]0;pwned\\x07' "show prints the escapes as \\xNN"
ok "$(printf '%s' "$out" | grep -q "$(printf '\033')"; [ $? -ne 0 ]; echo $?)" "show prints no raw ESC"
run P port 4444 --json
like "$out" '"source":"Host\\u0008A"' "JSON escapes control characters"
done_testing
