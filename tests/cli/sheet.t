#!/bin/sh
# sheet.t - `portolan sheet`: worksheets kept in the database, their flows
# (the explorer's marks), role mappings, site defaults and customer, on a
# new database holding the bundled documents.
. "$(dirname "$0")/lib.sh"
DB="$T/t.db"
P() { "$PORTOLAN" --db "$DB" "$@"; }

# The Cisco Expressway SIP and H.323 flows, by section.
ids=$(P docs > /dev/null 2>&1; sqlite3 "$DB" "SELECT f.id FROM flow f
  JOIN section s ON s.id = f.section_id JOIN document d ON d.id = f.document_id
  WHERE d.name LIKE 'cisco-expressway%' AND (s.name LIKE 'SIP Calls%'
  OR s.name LIKE 'H.323%') ORDER BY f.id")
nids=$(printf '%s\n' $ids | wc -l)
is "$nids" 45 "45 Cisco Expressway SIP and H.323 flows found"
first=$(printf '%s\n' $ids | head -1)
last=$(printf '%s\n' $ids | tail -1)

run P sheet list
is "$rc" 0 "list: exit 0"
like "$out" '^\* +default ' "list: the current worksheet is 'default', before it exists"

run P sheet new cisco
is "$rc" 0 "new: exit 0"
run P sheet new cisco
is "$rc" 2 "new: a taken name is exit 2"
like "$err" "exists" "new: ... and says it exists"
run P sheet use nope
is "$rc" 1 "use: an unknown worksheet is exit 1"
like "$err" "no worksheet named 'nope'" "use: ... and names it"
run P sheet use cisco
is "$rc" 0 "use: exit 0"
run P sheet list
like "$out" '^\* +cisco ' "list: cisco is current"
unlike "$out" 'default' "list: 'default' is gone: it was never used and is not current"

run P sheet add $ids
is "$rc" 0 "add: exit 0"
like "$out" "added 45 flows to worksheet cisco" "add: 45 flows"
run P sheet add "$first-$last"
like "$out" "added 45 flows" "add: a range LO-HI (adding twice is harmless)"
is "$(sqlite3 "$DB" "SELECT count(*) FROM worksheet_flow wf JOIN worksheet w ON w.id = wf.worksheet_id WHERE w.name = 'cisco'")" 45 \
   "add: 45 flows on the worksheet, none twice"
run P show "$first" --json
like "$out" '"marked":1' "the explorer's marks are the current worksheet's flows"
run P sheet add 99999999
is "$rc" 1 "add: no such flow is exit 1"
like "$err" "no flow with id 99999999" "add: ... and says which"
run P sheet add banana
is "$rc" 2 "add: not an id is exit 2"
run P sheet rm "$first"
is "$rc" 0 "rm: exit 0"
run P show "$first" --json
like "$out" '"marked":0' "rm: the flow is no longer marked"
P sheet add "$first" > /dev/null

run P sheet set Expressway-C 192.0.2.10
is "$rc" 0 "set: exit 0"
is "$out" "Expressway-C = 192.0.2.10 (ipv4)" "set: says what the value is"
run P sheet set Expressway-E 203.0.113.10
run P sheet set Expressway-E 203.0.113.0/8
is "$rc" 2 "set: a CIDR with host bits set is exit 2"
run P sheet set "SIP endpoint" "not an address"
is "$rc" 2 "set: a value that is no address, host or zone is exit 2"
run P sheet set Expresway-E 198.51.100.7
is "$rc" 0 "set: a role no flow names is stored"
like "$err" "no flow on the worksheet names a device 'Expresway-E'" "set: ... with a note (a typo?)"
run P sheet unset Expresway-E
is "$rc" 0 "unset: exit 0"
run P sheet unset Expresway-E
is "$rc" 1 "unset: twice is exit 1"

run P sheet set-default 36000-59999 40000-49999
is "$out" "range:36000-59999 = 40000-49999" "set-default: a range gets its site range"
run P sheet set-default base-port 2960
is "$out" "base-port = 2960" "set-default: base-port"
run P sheet set-default ephemeral 49152-65535
is "$out" "ephemeral = 49152-65535" "set-default: ephemeral"
run P sheet set-default ephemeral 65535-1
is "$rc" 2 "set-default: a reversed range is exit 2"
run P sheet set-default bogus 1-2
is "$rc" 2 "set-default: an unknown key is exit 2"
run P sheet unset-default base-port
is "$rc" 0 "unset-default: exit 0"
run P sheet set-customer "ACME Corp"
is "$rc" 0 "set-customer: exit 0"

run P sheet show
is "$rc" 0 "show: exit 0"
like "$out" "^customer +ACME Corp" "show: the customer"
like "$out" "Expressway-E = 203.0.113.10" "show: the mappings"
like "$out" "range:36000-59999 = 40000-49999" "show: the site values"
unlike "$out" "base-port" "show: an unset default is gone"
like "$out" "45 flows, [0-9]+ rules" "show: counts"
like "$out" "^R1 +192.0.2.10 +203.0.113.10 +tcp" "show: R1 joins Expressway-C to Expressway-E"
like "$out" "Map the role 'SIP endpoint' \(rules R[0-9]" "show: unmapped roles are to-do items"
rules=$(printf '%s\n' "$out" | sed -n '/^rules:/,/^to do:/p')
unlike "$rules" "36000-59999" "show: no rule keeps the document's media range"
like "$rules" "40000-49999" "show: ... it is the site's 40000-49999"

# Another worksheet leaves the first alone.
run P sheet new empty
run P --sheet empty sheet show
is "$rc" 0 "--sheet: show another worksheet"
like "$out" "0 flows, 0 rules" "--sheet: it is empty"
run P --sheet nope sheet show
is "$rc" 1 "--sheet: an unknown worksheet is exit 1"
run P --sheet empty sheet new x
is "$rc" 2 "new takes a NAME, not --sheet"
run P sheet bogus
is "$rc" 2 "an unknown subcommand is exit 2"
run P sheet set onlyrole
is "$rc" 2 "set needs ROLE and VALUE"

# Document or user text reaches the terminal escaped.
run P sheet set-customer "$(printf 'Evil\033[31mCorp')"
run P sheet show
like "$out" 'Evil\\x1[bB]\[31mCorp' "show: control characters are escaped"

run P sheet delete cisco
is "$rc" 0 "delete: exit 0"
run P sheet list
like "$out" '^\* +default ' "delete: 'default' is current again"
unlike "$out" "cisco" "delete: cisco is gone"
is "$(sqlite3 "$DB" "SELECT count(*) FROM worksheet_role")" 0 "delete: its mappings went with it"
done_testing
