#!/bin/sh
# export.t - `portolan export`: the Cisco Expressway SIP and H.323 flows,
# with Expressway-C and Expressway-E mapped, in every format, each checked
# by the program that consumes it: nft -c, iptables-restore --test, a CSV
# parser, a JSON Schema validator, headless Chromium + pdftotext, dot.
# And files are written whole or not at all.
. "$(dirname "$0")/lib.sh"
DB="$T/t.db"
P() { "$PORTOLAN" --db "$DB" "$@"; }
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
SCHEMA=$(pwd)/doc/worksheet.schema.json
ROMNT=""
cleanup() {
    [ -n "$ROMNT" ] && umount "$ROMNT" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT

# ---- the worksheet -----------------------------------------------------------
P docs > /dev/null 2>&1
ids=$(sqlite3 "$DB" "SELECT f.id FROM flow f
  JOIN section s ON s.id = f.section_id JOIN document d ON d.id = f.document_id
  WHERE d.name LIKE 'cisco-expressway%' AND (s.name LIKE 'SIP Calls%'
  OR s.name LIKE 'H.323%') ORDER BY f.id")
P sheet new cisco > /dev/null
P sheet use cisco > /dev/null
P sheet add $ids > /dev/null
P sheet set Expressway-C 192.0.2.10 > /dev/null
P sheet set Expressway-E 203.0.113.10 > /dev/null
P sheet set-customer "ACME \"Video\", Inc." > /dev/null
nrules=$(P sheet show | sed -n 's/^contents .* \([0-9][0-9]*\) rules.*/\1/p')
ok "$([ "${nrules:-0}" -gt 10 ]; echo $?)" "the worksheet has rules ($nrules)"

for f in csv md json html nft iptables dot; do
    run P export --format $f -o "$T/out.$f"
    is "$rc" 0 "export --format $f: exit 0"
    ok "$([ -s "$T/out.$f" ]; echo $?)" "export --format $f: the file is written"
    like "$err" "wrote .*out.$f \($f\): $nrules rules from 45 flows" "export --format $f: says what it wrote"
done

# ---- nftables --------------------------------------------------------------------
probe_nft() { # can this machine check rulesets at all (netlink)?
    printf 'table inet portolan_probe {\n chain c {\n  tcp dport 22 accept\n }\n}\n' > "$T/probe.nft"
    nft -c -f "$T/probe.nft" > "$T/probe.err" 2>&1
}
if ! command -v nft > /dev/null; then
    echo "ok $((tap_n = tap_n + 1)) # SKIP nft is not installed (.ci/deps --test installs nftables)"
elif ! probe_nft; then
    echo "ok $((tap_n = tap_n + 1)) # SKIP the kernel refuses nft -c even a trivial ruleset: $(head -1 "$T/probe.err")"
else
    run nft -c -f "$T/out.nft"
    is "$rc" 0 "nft -c accepts the nftables export"
    [ "$rc" = 0 ] || printf '%s\n' "$err" | head -5 | sed 's/^/#   /'
    like "$(cat "$T/out.nft")" "ip saddr 192.0.2.10 ip daddr 203.0.113.10 tcp sport 25000-29999 tcp dport 7001 accept" \
         "nft: Expressway-C to Expressway-E SIP signaling, by address"
    like "$(cat "$T/out.nft")" "set role_sip_endpoint \{" "nft: an unmapped role is a named set"
    like "$(cat "$T/out.nft")" "# TODO: unmapped role 'SIP endpoint'" "nft: ... with a TODO comment"
    sed 's/tcp dport 7001 accept/tcp dport 70001 accept/' "$T/out.nft" > "$T/bad.nft"
    run nft -c -f "$T/bad.nft"
    ok "$([ "$rc" != 0 ]; echo $?)" "nft -c refuses a broken copy (the check can fail)"
fi

# ---- iptables --------------------------------------------------------------------
probe_ipt() {
    printf '*filter\n:PORTOLAN-PROBE - [0:0]\n-A PORTOLAN-PROBE -p tcp --dport 22 -j ACCEPT\nCOMMIT\n' > "$T/probe.rules"
    iptables-restore --test "$T/probe.rules" > "$T/probe.err" 2>&1
}
if ! command -v iptables-restore > /dev/null; then
    echo "ok $((tap_n = tap_n + 1)) # SKIP iptables-restore is not installed (.ci/deps --test installs iptables)"
elif ! probe_ipt; then
    echo "ok $((tap_n = tap_n + 1)) # SKIP the kernel refuses iptables-restore --test even a trivial ruleset: $(head -1 "$T/probe.err")"
else
    run iptables-restore --test "$T/out.iptables"
    is "$rc" 0 "iptables-restore --test accepts the iptables export"
    [ "$rc" = 0 ] || printf '%s\n' "$err" | head -5 | sed 's/^/#   /'
    like "$(cat "$T/out.iptables")" "^-A PORTOLAN-CISCO -s 192.0.2.10 -d 203.0.113.10 -p tcp --sport 25000:29999 --dport 7001 -m comment --comment \"R1\" -j ACCEPT" \
         "iptables: Expressway-C to Expressway-E SIP signaling"
    like "$(cat "$T/out.iptables")" "left out: TODO: the role 'SIP endpoint' is not mapped" \
         "iptables: a rule with an unmapped role is left out with a TODO"
    sed 's/--dport 7001/--dport 70001/' "$T/out.iptables" > "$T/bad.rules"
    run iptables-restore --test "$T/bad.rules"
    ok "$([ "$rc" != 0 ]; echo $?)" "iptables-restore --test refuses a broken copy"
fi

# ---- CSV: parse it back ----------------------------------------------------------
run "$PY" - "$T/out.csv" "$T/out.json" <<'EOF'
import csv, io, json, sys
raw = open(sys.argv[1], 'rb').read()
text = raw.decode('utf-8')                 # valid UTF-8
rows = list(csv.reader(io.StringIO(text, newline='')))
out = io.StringIO(newline='')
csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator='\r\n').writerows(rows)
print('roundtrip', out.getvalue() == text)
# every field is quoted, so each record ends in '"' CRLF; line breaks
# inside a field (lists) are inside its quotes
print('crlf', raw.endswith(b'"\r\n') and raw.count(b'"\r\n') == len(rows))
print('width', len({len(r) for r in rows}) == 1)
head, body = rows[0], rows[1:]
rules = [dict(zip(head, r)) for r in body if r[0] == 'rule']
todos = [dict(zip(head, r)) for r in body if r[0] == 'todo']
j = json.load(open(sys.argv[2]))
print('count', len(rules) == len(j['rules']))
same = True
for c, r in zip(rules, j['rules']):
    same &= c['rule'] == 'R%d' % r['id']
    same &= c['source'] == r['source']['value']
    same &= c['destination'] == r['destination']['value']
    same &= c['protocol'] == r['protocol']
    same &= c['destination_ports'] == r['destination_ports']['text']
    same &= c['description'] == r['description']
    same &= c['flows'].split() == [str(o['flow']) for o in r['origins']]
    same &= all(('%s:%d' % (o['document'], o['line'])) in c['provenance'] for o in r['origins'])
print('same', same)
print('todos', len(todos) == len(j['todo']) and any("'SIP endpoint'" in t['description'] for t in todos))
print('dagger', any('\u2020' in c['footnotes'] for c in rules))
EOF
is "$rc" 0 "CSV: python's csv module reads it"
like "$out" "roundtrip True" "CSV: written back by the csv module it is byte for byte the same"
like "$out" "crlf True" "CSV: records end in CRLF"
like "$out" "width True" "CSV: every record has every field"
like "$out" "count True" "CSV: one row per rule"
like "$out" "same True" "CSV: each row holds its rule's fields and provenance (as in the JSON)"
like "$out" "todos True" "CSV: the to-do items are rows too, unmapped roles among them"
like "$out" "dagger True" "CSV: document text as it was (the footnote mark †)"

# ---- JSON: validate against the schema --------------------------------------------
validate() { # FILE -> prints "valid" or the first error
    "$PY" - "$SCHEMA" "$1" <<'EOF'
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
errors = list(jsonschema.Draft202012Validator(schema).iter_errors(json.load(open(sys.argv[2]))))
print('valid' if not errors else 'invalid: %s' % errors[0].message)
EOF
}
run validate "$T/out.json"
is "$out" "valid" "JSON: valid against doc/worksheet.schema.json"
sed 's/"protocol": "tcp"/"protocol": "sctp"/' "$T/out.json" > "$T/bad.json"
run validate "$T/bad.json"
like "$out" "^invalid" "JSON: a broken copy is not (the check can fail)"
run "$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["customer"], len(d["rules"]), d["rules"][0]["source"]["value"], d["rules"][0]["destination"]["value"])' "$T/out.json"
is "$out" "ACME \"Video\", Inc. $nrules 192.0.2.10 203.0.113.10" "JSON: customer and the first rule"

# ---- HTML: render it ---------------------------------------------------------------
html=$(cat "$T/out.html")
unlike "$html" '<(script|link|img|iframe)|(src|href)="(https?:)?//|@import|url\(' "HTML: self-contained, no external assets"
like "$html" "@media print|@page" "HTML: print CSS"
if ! command -v chromium > /dev/null || ! command -v pdftotext > /dev/null; then
    echo "ok $((tap_n = tap_n + 1)) # SKIP chromium or pdftotext missing (.ci/deps --test installs them)"
else
    mkdir -p "$T/chrome"
    timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run \
        --disable-background-networking --disable-component-update \
        --disable-sync --user-data-dir="$T/chrome" --no-pdf-header-footer \
        --print-to-pdf="$T/out.pdf" "file://$T/out.html" > /dev/null 2>&1
    ok "$([ -s "$T/out.pdf" ]; echo $?)" "HTML: headless Chromium prints it to PDF"
    pdftotext -layout "$T/out.pdf" "$T/pdf.txt" 2> /dev/null
    txt=$(cat "$T/pdf.txt" 2> /dev/null)
    missing=""
    i=1
    while [ "$i" -le "${nrules:-0}" ]; do
        printf '%s\n' "$txt" | grep -q "R$i\b" || missing="$missing R$i"
        i=$((i + 1))
    done
    is "$missing" "" "HTML: every rule (R1..R$nrules) is on the printed page"
    like "$txt" "ACME \"Video\", Inc\." "HTML: the customer is printed"
    like "$txt" "Firewall worksheet: cisco" "HTML: the title is printed"
    like "$txt" "192\.0\.2\.10" "HTML: Expressway-C's address is printed"
    like "$txt" "203\.0\.113\.10" "HTML: Expressway-E's address is printed"
    like "$txt" "To do" "HTML: the to-do list is printed"
    like "$txt" "Map the role 'SIP endpoint'" "HTML: ... with the unmapped roles"
    like "$txt" "[0-9]{4}-[0-9]{2}-[0-9]{2}" "HTML: the date is printed"
fi

# ---- Markdown, dot ------------------------------------------------------------------
md=$(cat "$T/out.md")
like "$md" "^# Firewall worksheet: cisco" "Markdown: title"
like "$md" "^## Provisioning Registrations Authentication and Calls" "Markdown: rules grouped by product"
like "$md" "^\| R1 \| 192\.0\.2\.10<br>Expressway-C \|" "Markdown: R1 in a table"
like "$md" "^- \[ \] Map the role 'SIP endpoint'" "Markdown: to-do list"
like "$md" "^\[\^1\]: " "Markdown: footnotes"
if command -v dot > /dev/null; then
    run dot -Tsvg "$T/out.dot"
    is "$rc" 0 "dot -Tsvg renders the graph"
    like "$out" "R1 TCP" "dot: edges are labelled with rule and protocol"
    like "$out" "unmapped role" "dot: unmapped roles are marked"
    printf 'digraph { a -> }\n' > "$T/bad.dot"
    run dot -Tsvg "$T/bad.dot"
    ok "$([ "$rc" != 0 ]; echo $?)" "dot refuses a broken graph (the check can fail)"
else
    echo "ok $((tap_n = tap_n + 1)) # SKIP dot is not installed"
fi

# ---- site values flow into every rule --------------------------------------------------
P sheet set-default 36000-59999 40000-49999 > /dev/null
P sheet set-default ge1024 1024-49151 > /dev/null
run P export --format nft
is "$rc" 0 "export to standard output"
rules=$(printf '%s\n' "$out" | grep -v '^ *#')
unlike "$rules" "36000-59999" "site range: the document's media range is gone from the ruleset"
like "$rules" "udp dport 40000-49999" "site range: ... it is the site's 40000-49999"
like "$out" "note: Ports 36000-59998 even are 40000-49998 even at this site" "site range: a note says what moved"
like "$out" "sport 1024-49151" "site ge1024: '>=1024' ports are the site's range"
run P export --format csv -o -
like "$out" '^"record","rule",' "-o - writes to standard output"
# an ephemeral flow (Avaya) on another worksheet
eph=$(sqlite3 "$DB" "SELECT flow_id FROM port_range WHERE kind = 'ephemeral' AND protocol = 'tcp' ORDER BY flow_id LIMIT 1")
P sheet new eph > /dev/null
P --sheet eph sheet add "$eph" > /dev/null
run P --sheet eph export --format nft
like "$out" "tcp sport 32768-60999" "ephemeral: the Linux range by default, never 'any'"
like "$out" "Source ports 'ephemeral' mean the ports the sending host's operating system picks" \
     "ephemeral: its meaning is spelled out"
P --sheet eph sheet set-default ephemeral 49152-65535 > /dev/null
run P --sheet eph export --format nft
like "$out" "tcp sport 49152-65535" "ephemeral: set-default ephemeral changes it"

# ---- writing files ----------------------------------------------------------------------
printf 'keep me\n' > "$T/exists.csv"
run P export --format csv -o "$T/exists.csv"
is "$rc" 2 "an existing file: exit 2 without --force"
like "$err" "exists \(use --force" "... and says so"
is "$(cat "$T/exists.csv")" "keep me" "... and the file is untouched"
run P export --format csv -o "$T/exists.csv" --force
is "$rc" 0 "--force replaces it"
like "$(head -1 "$T/exists.csv")" '^"record"' "... with the export"
is "$(ls -A "$T" | grep -c '^\.exists')" 0 "no temporary file is left beside it"

# A write that fails half-way (a file size limit of 100-200 KB, the export
# of every flow is bigger: EFBIG) leaves the old file and no temporary file.
P sheet new all > /dev/null
P --sheet all sheet add 1-100000 > /dev/null
printf 'old\n' > "$T/big.html"
run sh -c 'trap "" XFSZ; ulimit -f 200; exec "$@"' sh "$PORTOLAN" --db "$DB" --sheet all export --format html -o "$T/big.html" --force
is "$rc" 2 "a write that fails half-way: exit 2"
like "$err" "cannot write .*(too large|File too large)" "... says why"
is "$(cat "$T/big.html")" "old" "... the old file is untouched"
is "$(ls -A "$T" | grep -c '^\.big\.html\.')" 0 "... and no temporary file is left"

# A directory that cannot be written.
if [ "$(id -u)" != 0 ]; then
    mkdir "$T/ro" && chmod 555 "$T/ro"
    ro_ok=1
elif mkdir "$T/ro" && mount -t tmpfs -o ro,size=64k portolan-test "$T/ro" 2> /dev/null; then
    ROMNT="$T/ro"
    ro_ok=1
else
    ro_ok=0
fi
if [ "$ro_ok" = 1 ]; then
    run P export --format csv -o "$T/ro/x.csv"
    is "$rc" 2 "a read-only directory: exit 2"
    like "$err" "cannot write a file in .*ro" "... and says where"
    is "$(ls -A "$T/ro")" "" "... nothing written there, no temporary file"
else
    echo "ok $((tap_n = tap_n + 1)) # SKIP cannot make a read-only directory here (root without mount)"
fi
run P export --format csv -o "$T/no/such/dir/x.csv"
is "$rc" 2 "a missing directory: exit 2"

# ---- usage -------------------------------------------------------------------------------
run P export
is "$rc" 2 "export without --format: exit 2"
run P export --format xls
is "$rc" 2 "an unknown format: exit 2"
like "$err" "unknown export format 'xls'" "... named"
run P export --format csv --sheet nope
is "$rc" 1 "an unknown worksheet: exit 1"
run P import --format csv "$T/out.csv"
is "$rc" 2 "import still refuses an export format as a reader style"
like "$err" "unknown style 'csv'" "... with its own message"
done_testing
