#!/bin/sh
# usage.t - usage errors exit 2 with a message; queries exit 0/1.
. "$(dirname "$0")/lib.sh"

run "$PORTOLAN" frobnicate
is "$rc" 2 "unknown command exits 2"
like "$err" "unknown command 'frobnicate'" "and says which"
run "$PORTOLAN" docs --bogus
is "$rc" 2 "unknown option exits 2"
run "$PORTOLAN" docs --max-span 3
is "$rc" 2 "an option the command does not take exits 2"
run "$PORTOLAN" port
is "$rc" 2 "port without N exits 2"
run "$PORTOLAN" port 70000
is "$rc" 2 "port 70000 is a usage error"
like "$err" "not a port" "with a message"
run "$PORTOLAN" port 1720/sctp
is "$rc" 2 "port 1720/sctp is a usage error"
run "$PORTOLAN" port 1720 --max-span 0
is "$rc" 2 "--max-span 0 is a usage error"
run "$PORTOLAN" port 1720 --json --tsv
is "$rc" 2 "--json with --tsv is a usage error"
run "$PORTOLAN" import
is "$rc" 2 "import without FILE exits 2"
run "$PORTOLAN" check --format nonsense x
is "$rc" 2 "unknown --format exits 2"
run "$PORTOLAN" show abc
is "$rc" 2 "show with a non-number exits 2"
run "$PORTOLAN" find '(' --db "$T/x.db"
is "$rc" 2 "invalid regex exits 2"
like "$err" "column" "and names the column"
run "$PORTOLAN" check "$T/missing.txt"
is "$rc" 2 "check of a missing file exits 2"
like "$err" "missing.txt.*cannot open" "with the file named"
run sh -c "echo | '$PORTOLAN' ui --db '$T/u.db'"
is "$rc" 2 "the explorer without a terminal exits 2"
like "$err" "needs a terminal" "and says why"
done_testing
