#!/bin/bash
# query.t - docs, products, port, find and show on the bundled documents,
# checked against what the documents say and against sqlite3 on the same
# file.
. "$(dirname "$0")/lib.sh"

# The default database: created under $XDG_DATA_HOME with the bundled
# documents the first time any command needs it.
run "$PORTOLAN" docs --json
is "$rc" 0 "docs on a new default database exits 0"
DB="$XDG_DATA_HOME/portolan/portolan.db"
ok "$([ -f "$DB" ]; echo $?)" "the default database is created in \$XDG_DATA_HOME/portolan"
is "$(printf '%s\n' "$out" | wc -l)" 5 "it holds the five bundled documents"
for k in document path sha256 format flows warnings title vendor imported_at; do
    like "$out" "\"$k\":" "docs --json has '$k'"
done
sum=$(sha256sum data/docs/pexip-infinity-port-usage.txt | cut -c1-64)
like "$out" "\"document\":\"pexip-infinity-port-usage.txt\",\"path\":\"bundled:pexip-infinity-port-usage.txt\",\"sha256\":\"$sum\"" "the Pexip document's sha256 is the file's"
like "$out" '"document":"prognosis-port-requirements.txt".*"format":"pipe".*"flows":115,"warnings":15' "Prognosis: pipe, 115 flows, 15 warnings"

# --db before or after the command, and $PORTOLAN_DB.
run "$PORTOLAN" docs --db "$DB" --tsv
is "$rc" 0 "--db after the command works"
is "$(printf '%s\n' "$out" | head -1)" "$(printf 'ID\tDOCUMENT\tVENDOR\tSTYLE\tFLOWS\tWARNINGS\tTITLE')" "docs --tsv has a header line"
run env PORTOLAN_DB="$DB" "$PORTOLAN" docs --count 2>/dev/null
is "$rc" 2 "docs does not take --count"
run env PORTOLAN_DB="$DB" XDG_DATA_HOME=/nonexistent "$PORTOLAN" docs
is "$rc" 0 "PORTOLAN_DB names the database"
like "$out" "avaya-equinox-9x-port-security.txt +Avaya +tsv +217" "and docs lists it as a table"

run "$PORTOLAN" products
like "$out" "avaya-equinox-9x-port-security.txt +Elite MCU +Elite MCU Ports +13" "products: Avaya Elite MCU has 13 flows"
like "$out" "pexip-infinity-port-usage.txt +Conferencing Nodes +Inbound +13" "products: Pexip Conferencing Nodes inbound has 13 flows"
like "$out" "nectar-epc-ports.txt +Ports and Protocols Guide +Remote Ports +7" "products: Nectar remote ports has 7 flows"

# port: the acceptance query of the foundation.
run "$PORTOLAN" port 1720 --max-span 100
is "$rc" 0 "port 1720 --max-span 100 finds flows"
docs=$(printf '%s\n' "$out" | awk 'NR > 1 {split($2, a, ":"); print a[1]}' | sort -u | tr '\n' ' ')
is "$docs" "avaya-equinox-9x-port-security.txt cisco-expressway-port-reference.txt pexip-infinity-port-usage.txt " "the 1720 flows come from the Avaya, Cisco and Pexip documents"
for where in avaya-equinox-9x-port-security.txt:201 avaya-equinox-9x-port-security.txt:400 cisco-expressway-port-reference.txt:78 cisco-expressway-port-reference.txt:83 pexip-infinity-port-usage.txt:69 pexip-infinity-port-usage.txt:85; do
    like "$out" " $where " "port 1720 lists $where"
done
run "$PORTOLAN" port 1720 --max-span 100 --count
is "$out" 25 "25 flows use port 1720 in a range at most 100 wide"
run "$PORTOLAN" port 1720 --count
n_all=$out
ok "$([ "$n_all" -gt 25 ]; echo $?)" "without --max-span wide ranges count too ($n_all)"
want=$(sqlite3 "$DB" "select count(distinct flow_id) from port_range where lo <= 1720 and hi >= 1720")
is "$n_all" "$want" "port --count agrees with sqlite3's range query"
want=$(sqlite3 "$DB" "select count(distinct flow_id) from port_range where lo <= 5060 and hi >= 5060 and protocol in ('udp','')")
run "$PORTOLAN" port 5060/udp --count
is "$out" "$want" "port 5060/udp agrees with sqlite3 ($want)"
run "$PORTOLAN" port 1720 --json
first=$(printf '%s\n' "$out" | head -1)
like "$first" '"span":1,' "exact ports are ranked first"
last=$(printf '%s\n' "$out" | tail -1)
like "$last" '"span":(6[0-9]{4}|[1-9][0-9]{4}),' "the widest ranges come last"
for k in id document line product section source source_ports destination destination_ports protocol transports description requirement direction matched; do
    like "$first" "\"$k\":" "port --json has '$k'"
done
like "$(printf '%s\n' "$out" | grep '"line":85' | grep pexip)" '"matched":\[\{"side":"dst","protocol":"tcp","lo":1720,"hi":1720' "the Pexip outbound 1720 flow matched on its destination"
# PROTO: the flow's transports from its parsed ranges, as flow.transports
# holds them, also where the document has no protocol column (Avaya).
run "$PORTOLAN" port 1720 --tsv
is "$(printf '%s\n' "$out" | head -1 | cut -f3)" PROTO "port --tsv: the third column is PROTO"
got=$(printf '%s\n' "$out" | awk -F'\t' 'NR > 1 {print $1 "=" $3}' | sort -n | tr '\n' ' ')
want=$(sqlite3 "$DB" "select f.id || '=' || f.transports from flow f where f.id in (select flow_id from port_range where lo <= 1720 and hi >= 1720) order by f.id" | tr '\n' ' ')
is "$got" "$want" "port 1720: every flow's PROTO is its transports in sqlite3"
avaya=$(printf '%s\n' "$out" | awk -F'\t' '$2 ~ /^avaya/ {print $3}' | sort | uniq -c | tr -s ' ' | tr '\n' ';')
want=$(sqlite3 "$DB" "select f.transports from flow f join document d on d.id = f.document_id where d.name like 'avaya%' and f.protocol = '' and f.id in (select flow_id from port_range where lo <= 1720 and hi >= 1720)" | sort | uniq -c | tr -s ' ' | tr '\n' ';')
is "$avaya" "$want" "port 1720: the Avaya rows (no protocol column) show their transports ($avaya)"
like "$(printf '%s\n' "$out" | grep 'avaya-equinox-9x-port-security.txt:400')" "$(printf '\tTCP\t')" "port 1720: Avaya line 400 (TCP 1720, TCP 1024-1324) shows TCP"
unlike "$(printf '%s\n' "$out" | awk -F'\t' 'NR > 1 && $3 == ""')" . "port 1720: no row without a transport"
run "$PORTOLAN" port 1720 --json
like "$(printf '%s\n' "$out" | grep '"line":400,' | grep avaya)" '"protocol":"","transports":"TCP",' "port --json: the protocol as written (none) and the transports"
n=$(printf '%s\n' "$out" | grep -c '"transports":"')
is "$n" "$(printf '%s\n' "$out" | wc -l)" "port --json: every flow has transports"
id=$(sqlite3 "$DB" "select f.id from flow f join document d on d.id=f.document_id where d.name like 'avaya%' and f.destination_ports like 'DNS 53 (UDP)%' and f.source_ports like 'TCP%' limit 1")
run "$PORTOLAN" find 'DNS 53 \(UDP\)' --tsv
like "$(printf '%s\n' "$out" | awk -F'\t' -v id="$id" '$1 == id')" "$(printf '\tUDP\tEquinox')" "find: the destination decides (TCP client ports to DNS 53 UDP: UDP)"
like "$(printf '%s\n' "$out" | head -1)" "$(printf '^ID\tDOCUMENT:LINE\tPROTO\tSOURCE')" "find --tsv: PROTO after DOCUMENT:LINE"
run "$PORTOLAN" show "$id" --json
like "$out" '"protocol":"","transports":"UDP"' "show --json: transports beside the protocol"
run "$PORTOLAN" show "$id"
like "$out" "^transports +UDP$" "show: a transports line"
run "$PORTOLAN" port 9 --max-span 1
is "$rc" 1 "a port nobody uses exits 1"
run "$PORTOLAN" port 36004 --tsv
like "$out" "$(printf 'dst udp 36000-36010 even')" "even-port ranges show their parity"

# find: PCRE2 over every text field.
run "$PORTOLAN" find 'Expressway-E' --count
want=$(sqlite3 "$DB" "select count(*) from flow f join document d on d.id=f.document_id join section s on s.id=f.section_id join product p on p.id=s.product_id where f.source glob '*Expressway-E*' or f.destination glob '*Expressway-E*' or f.description glob '*Expressway-E*' or f.source_ports glob '*Expressway-E*' or f.destination_ports glob '*Expressway-E*' or f.requirement glob '*Expressway-E*' or p.name glob '*Expressway-E*' or s.name glob '*Expressway-E*'")
is "$out" "$want" "find 'Expressway-E' --count agrees with sqlite3 ($want)"
run "$PORTOLAN" find 'expressway-e' --count
ok "$([ "$out" -ge "$want" ]; echo $?)" "a lower-case pattern is case-insensitive"
run "$PORTOLAN" find '\bRADIUS\b' --json
is "$(printf '%s\n' "$out" | wc -l)" 3 "three flows mention RADIUS"
like "$out" '"destination_ports":"1812 or 1645 and 1813 or 1646"' "including the Cisco Unified Border Element row"
run "$PORTOLAN" find 'zzz-no-such-thing'
is "$rc" 1 "find with no match exits 1"

# show: every field, ranges, footnotes, diagnostics.
id=$(sqlite3 "$DB" "select f.id from flow f join document d on d.id=f.document_id where d.name='avaya-equinox-9x-port-security.txt' and f.line=390")
run "$PORTOLAN" show "$id"
is "$rc" 0 "show of the ISDN gateway row exits 0"
like "$out" "^from +avaya-equinox-9x-port-security.txt:390" "show names the document line"
like "$out" "src udp +7222-7422" "show lists parsed ranges"
like "$out" "line 390: warning: .*120002" "show lists the row's diagnostic"
id=$(sqlite3 "$DB" "select f.id from flow f join document d on d.id=f.document_id where d.name='pexip-infinity-port-usage.txt' and f.line=73")
run "$PORTOLAN" show "$id" --json
like "$out" '"footnotes":\[\{"mark":"\*\*","text":"Configurable via the Media port range' "the ** on a Pexip port links to its legend"
run "$PORTOLAN" show 999999
is "$rc" 1 "show of a missing flow exits 1"
done_testing
