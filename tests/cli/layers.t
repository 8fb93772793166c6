#!/bin/sh
# layers.t - the folder a file sits in is its layer: only ui/ draws, only
# db/ speaks SQL, import/ neither, and nothing below the CLI prints.
. "$(dirname "$0")/lib.sh"

curses=$(grep -l -E '#include *<(n?curses|ncursesw/)' src/*.[ch] db/*.[ch] import/*.[ch] 2>/dev/null)
is "$curses" "" "curses is included only under ui/"
sqlite=$(grep -l '#include *<sqlite3.h>' src/*.[ch] ui/*.[ch] import/*.[ch] 2>/dev/null)
is "$sqlite" "" "sqlite3.h is included only under db/"
ok "$(ls db/*.c | xargs grep -l 'sqlite3.h' >/dev/null 2>&1; echo $?)" "db/ does use sqlite3.h"
sql=$(grep -n -E '"(SELECT|INSERT|UPDATE|DELETE|CREATE|PRAGMA) ' src/*.c ui/*.c import/*.c 2>/dev/null)
is "$sql" "" "no SQL statements outside db/"
prints=$(grep -n -E '\b(printf|fprintf|puts|fputs|exit)\(' import/*.c db/*.c src/portspec*.c src/device.c src/rules*.c src/ingest.c src/filter.c 2>/dev/null | grep -v snprintf | grep -v vsnprintf)
is "$prints" "" "readers, parser, ingest, filter and db/ never print or exit"
pcre=$(grep -l 'pcre2.h' ui/*.[ch] import/*.[ch] db/*.[ch] 2>/dev/null)
is "$pcre" "" "PCRE2 is used through src/ only"
done_testing
