#!/bin/sh
# man.t - the man page is well-formed and names every command the binary
# has, and every command answers --help and --version.
. "$(dirname "$0")/lib.sh"

lint=$(groff -man -ww -z doc/portolan.1 2>&1)
is "$lint" "" "groff -man -ww finds nothing wrong in doc/portolan.1"
run "$PORTOLAN" --help
is "$rc" 0 "portolan --help exits 0"
cmds=$(printf '%s\n' "$out" | sed -n '/^Commands:/,/^$/p' | awk 'NF>1 {print $1}')
ok "$([ -n "$cmds" ]; echo $?)" "--help lists commands"
for c in $cmds; do
    grep -q "^\.B portolan $c\|^\.B $c\$\|^\.BI $c " doc/portolan.1
    ok $? "man page documents '$c'"
    run "$PORTOLAN" "$c" --help
    is "$rc" 0 "portolan $c --help exits 0"
    like "$out" "^usage: portolan $c" "portolan $c --help shows its usage"
    run "$PORTOLAN" "$c" --version
    like "$out" "^portolan [0-9]" "portolan $c --version prints the version"
done
for o in --db --no-bundled --format --max-span --count --json --tsv --verbose; do
    grep -q -- "$(printf '%s' "$o" | sed 's/-/\\\\-/g')" doc/portolan.1
    ok $? "man page documents $o"
done
# The KEYS section is the explorer's own list (make man-keys writes it).
section=$(sed -n '/^\.\\" BEGIN KEYS/,/^\.\\" END KEYS/p' doc/portolan.1 | sed '1d;$d')
run "$PORTOLAN" keys --roff
is "$section" "$out" "the man page's KEYS section matches 'portolan keys --roff'"
run "$PORTOLAN" keys
like "$out" "^  /  +filter +Filter the flows as you type" "portolan keys lists the filter key"
done_testing
