#!/bin/sh
# install.t - `make install PREFIX=... DESTDIR=...` puts the binary, the man
# page and the bundled documents where it says, and the installed binary
# works on its own (the documents are compiled in).
. "$(dirname "$0")/lib.sh"

root="$T/root"
bin="${PORTOLAN:-./portolan}"
make -s --no-print-directory install PREFIX=/opt/pt DESTDIR="$root" \
    BIN="$(realpath --relative-to=. "$bin" 2>/dev/null || echo "$bin")" > "$T/log" 2>&1
ok $? "make install PREFIX=/opt/pt DESTDIR=... succeeds"
ok "$([ -x "$root/opt/pt/bin/portolan" ]; echo $?)" "the binary is installed in PREFIX/bin"
ok "$([ -f "$root/opt/pt/share/man/man1/portolan.1" ]; echo $?)" "the man page is installed in PREFIX/share/man/man1"
n=$(ls "$root/opt/pt/share/portolan/docs/"*.txt 2>/dev/null | wc -l)
is "$n" 5 "the five bundled documents are installed in PREFIX/share/portolan/docs"
ok "$(cmp -s "$root/opt/pt/share/portolan/docs/pexip-infinity-port-usage.txt" data/docs/pexip-infinity-port-usage.txt; echo $?)" "verbatim"
run "$root/opt/pt/bin/portolan" --db "$T/inst.db" port 1720 --max-span 100 --count
is "$out" 25 "the installed binary builds its database from the compiled-in documents"
done_testing
