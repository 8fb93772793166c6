#!/bin/bash
# tests/ui/explorer.t - the explorer as a person sees it: the real binary in
# a detached tmux session, keys typed with send-keys, the screen read with
# capture-pane. Expected values come from sqlite3 and the CLI on the same
# database, not from the explorer itself.
#
#   PORTOLAN=/abs/path/to/portolan prove tests/ui/explorer.t
. "$(dirname "$0")/lib.sh"
require_tools perl
# Tall enough for the whole products tree.
H=${H:-50}

# The products pane is the text left of the first separator.
tree_pane() { screen | sed 's/│.*//'; }
# Display column of the first match of a fixed string in a line (wide
# characters count 2, combining marks 0).
col_of() {
    perl -CSA -e 'my ($l, $s) = @ARGV; my $i = index($l, $s); exit 1 if $i < 0;
        my $c = 0; for my $ch (split //, substr($l, 0, $i)) {
            $c += $ch =~ /\p{Mn}|\p{Me}/ ? 0 : $ch =~ /\p{EA=W}|\p{EA=F}/ ? 2 : 1 }
        print $c' "$1" "$2"
}

# The runs of text drawn underlined in a capture-pane -e dump, one a line.
underlined() {
    perl -ne 'my $u = 0; my $run = "";
        for my $t (split /(\e\[[0-9;]*m)/) {
            if ($t =~ /^\e\[([0-9;]*)m$/) {
                my @a = split /;/, $1; @a = (0) unless @a;
                for (my $i = 0; $i < @a; $i++) {
                    if ($a[$i] == 38 || $a[$i] == 48) { $i += $a[$i + 1] == 5 ? 2 : 4; next }
                    $u = 1 if $a[$i] == 4; $u = 0 if $a[$i] == 0 || $a[$i] == 24;
                }
                if (!$u && $run ne "") { print "$run\n"; $run = "" }
            } elsif ($u) { $run .= $t }
        }
        print "$run\n" if $run ne ""'
}

import_bundled

# ---- the products tree ----------------------------------------------------
start_ui "$DB"
ok $? "the explorer starts and shows the products pane"
check "All flows with the flow count ($TOTAL)" \
    eval "tree_pane | grep -qE 'All flows +$TOTAL\$'"
fails=0
while read -r doc; do
    tree_pane | grep -qF -- "${doc:0:18}" || { fails=1; echo "# missing: $doc"; }
done < <(sql "select name from document order by id")
ok $fails "every document is in the tree"
ELITE=$(sql "select count(*) from flow f join section s on s.id = f.section_id
             join product p on p.id = s.product_id where p.name = 'Elite MCU'")
check "product Elite MCU with its count ($ELITE)" \
    eval "tree_pane | grep -qE 'Elite MCU +$ELITE\$'"
check "the flow table header shows the sort" \
    on_screen 'Flows [0-9]+/[0-9]+ +sort: document order'

# ---- the Proto column: each flow's transports --------------------------------
# The word drawn at display column $2 of line $1.
word_at() {
    perl -CSA -e 'my ($l, $c) = @ARGV; my ($w, $i) = (0, 0); my @ch = split //, $l;
        while ($i < @ch && $w < $c) { my $x = $ch[$i++];
            $w += $x =~ /\p{Mn}|\p{Me}/ ? 0 : $x =~ /\p{EA=W}|\p{EA=F}/ ? 2 : 1 }
        my $rest = join "", @ch[$i .. $#ch]; $rest =~ /^(\S*)/; print $1' "$1" "$2"
}
pcol=$(col_of "$(screen | sed -n 2p)" 'Proto')
shown=$(screen | sed -n 3,27p | while IFS= read -r l; do word_at "$l" "$pcol"; echo; done | tr '\n' ' ')
want=$(sql "select transports from flow order by document_id, line, id limit 25" | tr '\n' ' ')
check "the Proto column of the first 25 rows shows their transports ($want)" \
    eval "[ -n \"\$pcol\" ] && [ \"\$shown\" = \"\$want\" ]"
first=$(sql "select transports from flow f join document d on d.id = f.document_id
             where d.name like 'avaya%' and f.protocol = ''
             order by f.document_id, f.line, f.id limit 1")
check "an Avaya row (no protocol column) shows $first" \
    eval "[ -n '$first' ] && [ \"\$(word_at \"\$(screen | sed -n 3p)\" \"\$pcol\")\" = '$first' ]"
# proto: matches the transports word by word, besides the protocol column
# and the protocol words of the port cells.
words() { # the flows proto:$1 finds: $1 in the protocol column, or a
    # protocol word ($2: those containing $1) in the transports or a port cell
    local w cond=""
    for w in $2; do
        cond="$cond or '/' || transports || '/' like '%/$w/%'
            or ' ' || upper(source_ports) || ' ' glob '*[^A-Z]$w[^A-Z]*'
            or ' ' || upper(destination_ports) || ' ' glob '*[^A-Z]$w[^A-Z]*'"
    done
    sql "select count(*) from flow where protocol like '%$1%' $cond"
}
for p in UDP TCP; do
    n=$(words $p "$([ $p = TCP ] && echo 'TCP RTCP' || echo $p)")
    lp=$(printf '%s' "$p" | tr A-Z a-z)
    keys /
    type_text "proto:$lp"
    check "proto:$lp shows the $n flows sqlite3 counts" \
        wait_for "Flows $n/$TOTAL "
    keys Enter Escape
    wait_for "Flows $TOTAL/$TOTAL "
done

# Choose Elite MCU: Shift-Tab to the tree, down to its row, Enter.
row=$(tree_pane | grep -nE 'Elite MCU +[0-9]+$' | head -1 | cut -d: -f1)
keys BTab
keys -N $((row - 2)) j
keys Enter
check "choosing Elite MCU restricts the flows to its $ELITE" \
    wait_for "Flows $ELITE/$ELITE "
check "the status line names the scope" on_screen '^ .*Elite MCU \| '

# ---- devices ----------------------------------------------------------------
NDEV=$(sql "select count(distinct name) from (select source as name from flow
            union select destination from flow) where name <> ''")
keys d
check "d switches to the devices view ($NDEV devices)" \
    wait_for "^ Devices $NDEV "
# The view lists device groups, each name's variants ("Expressway-E
# (public)") folded under the shortest name that starts it (then a space or
# "("); position of Expressway-E among the groups:
idx=$(sql "select name from (select source as name from flow union
           select destination from flow) where name <> ''
           order by name collate nocase" |
      perl -ne 'chomp; push @n, $_; END {
          for $a (@n) { $root = 1;
              for $b (@n) { $root = 0 if $b ne $a && (length($b) < length($a) || $b lt $a) && (lc($a) eq lc($b) || lc(substr($a, 0, length($b) + 1)) =~ /^\Q@{[lc $b]}\E[ (]$/) }
              push @r, $a if $root }
          for $i (0 .. $#r) { print $i + 1, "\n" if $r[$i] eq "Expressway-E" } }')
EXPE=$(sql "select count(*) from flow where source = 'Expressway-E'
            or source like 'Expressway-E %' or source like 'Expressway-E(%'
            or destination = 'Expressway-E' or destination like 'Expressway-E %'
            or destination like 'Expressway-E(%'")
keys g
keys -N "$idx" j
keys Enter
check "selecting device Expressway-E shows its $EXPE flows, with its variants (public), private..." \
    wait_for "Flows $EXPE/$EXPE "
check "the status line says device Expressway-E" \
    on_screen '^ device Expressway-E \|'
keys d
keys g Enter
wait_for "Flows $TOTAL/$TOTAL "
ok $? "All flows brings every flow back"
keys Tab

# ---- filtering --------------------------------------------------------------
F='dst:Expressway-E desc:traversal'
NF=$(sql "select count(*) from flow where (destination glob '*Expressway-E*'
          or destination_ports glob '*Expressway-E*')
          and description like '%traversal%'")
check "SIP signaling is listed before filtering" on_screen 'SIP signaling'
keys /
type_text "$F"
check "the filter narrows the list as it is typed ($NF rows)" \
    wait_for "Flows $NF/$TOTAL "
keys Enter
check "the status line shows the filter" wait_for "\| /$F \|"
check "rows outside the filter are gone" not_on_screen 'SIP signaling'
check "every shown row goes to Expressway-E" \
    eval "[ \$(screen | grep -cE '^.{30}│. cisco.*Expressway-E') -eq $NF ]"
check "the matched text is highlighted (underlined)" \
    eval "tm capture-pane -p -e -t ui | underlined | grep -q '^Expressway-E\$'"
keys n
check "n jumps to the next match" wait_for "match 2 of $NF"
keys Escape
check "Esc clears the filter" wait_for "Flows $TOTAL/$TOTAL "

# History: the filter comes back with Up, even after a restart.
keys /
keys Up
check "Up at the prompt recalls the last filter" wait_for "^/$F *\$"
keys Escape Escape
keys q
wait_for 'EXITED=0' 10
start_ui "$DB"
keys /
keys Up
check "filter history is kept across runs" wait_for "^/$F *\$"
keys Escape

# ---- port lookup ----------------------------------------------------------
N1720=$("$PORTOLAN" --db "$DB" port 1720 --count)
keys :
type_text 1720
keys Enter
check "the port lookup for 1720 shows the $N1720 flows of the CLI" \
    wait_for "Flows $N1720/$TOTAL "
check "the status line shows the port" on_screen '\| port 1720 \|'
for vendor in cisco pexip avaya; do
    "$PORTOLAN" --db "$DB" port 1720 --tsv | grep -q "$vendor" ||
        echo "# the CLI does not list $vendor for port 1720"
    check "port 1720 lists the $vendor flows" \
        eval "screen | grep -qE '^.{30}│[● ] $vendor'"
done
check "exact ports first" on_screen 'sort: narrowest port range'
keys Escape
N5060=$("$PORTOLAN" --db "$DB" port 5060/udp --count)
keys p
type_text 5060/udp
keys Enter
check "p 5060/udp shows the $N5060 flows of the CLI" \
    wait_for "Flows $N5060/$TOTAL "
keys Escape
keys :
type_text 70000
keys Enter
check "a port above 65535 is refused with its column" \
    wait_for 'not a port at column'
keys Escape Escape

# ---- bad and expensive patterns ----------------------------------------------
wait_for "Flows $TOTAL/$TOTAL "
keys /
type_text '(abc'
check "an invalid pattern shows the PCRE2 message and its column" \
    wait_for 'missing closing parenthesis at column 5'
"$PORTOLAN" --db "$DB" find '(abc' 2>&1 | grep -q 'column 5' ||
    echo "# the CLI reports another column"
check "the previous result stays" on_screen "Flows $TOTAL/$TOTAL "
keys C-u
type_text '((a|e|i|o|u|.)*)*x{5}'
check "a catastrophic pattern stops at the match limit" \
    wait_for 'pattern too expensive, stopped at match limit' 30
keys Escape Escape
check "the explorer still answers after it" wait_for "Flows $TOTAL/$TOTAL "

# ---- detail -----------------------------------------------------------------
keys g
first=$(sql "select d.name || ', line ' || f.line from flow f
             join document d on d.id = f.document_id
             order by f.document_id, f.line limit 1")
check "the detail shows where the flow comes from ($first)" \
    wait_for "Document +$first"
check "the detail lists the parsed port ranges" on_screen '^.*│Port ranges'
ftr=$(sql "select transports from flow order by document_id, line, id limit 1")
check "the detail's Protocol line shows the transports ($ftr)" \
    on_screen "│Protocol +$ftr\$"

# ---- mouse (SGR mouse reports, as xterm sends them) ----------------------------
click() { # column row (1-based)
    type_text $'\e[<0;'"$1;$2M"
    type_text $'\e[<0;'"$1;$2m"
}
sixth=$(sql "select d.name || ', line ' || f.line from flow f
             join document d on d.id = f.document_id
             order by f.document_id, f.line limit 1 offset 5")
click 60 8
check "a click on a row selects it: the detail shows it ($sixth)" \
    wait_for "Document +$sixth"
flows_row() { screen | sed -n "${1}p" | sed 's/^[^│]*│//'; }
row4=$(flows_row 6)
type_text $'\e[<65;60;8M'
check "the wheel scrolls the flow list" \
    eval "sleep 0.3; [ \"\$(flows_row 3)\" = \"\$row4\" ]"
erow=$(tree_pane | grep -nE 'Elite MCU +[0-9]+$' | head -1 | cut -d: -f1)
click 5 "$erow"
# As a hand does: the second click a moment later. Sent back to back, the
# two presses failed to open the node once in about twenty runs (cause not
# found; noted in the closing note of the second session).
sleep 0.1
click 5 "$erow"
check "a second click on a tree node opens it" wait_for "Flows $ELITE/$ELITE "
keys g Enter Tab
wait_for "Flows $TOTAL/$TOTAL "

# ---- sort -------------------------------------------------------------------
keys s
check "s sorts by the next column, shown in the header" \
    wait_for 'sort: document ▲'
keys S
check "S reverses it" wait_for 'sort: document ▼'

# ---- help -------------------------------------------------------------------
keys '?'
wait_for '─ Keys'
screen >"$T/help1"
keys G
sleep 0.3
screen >"$T/help2"
missing=""
for name in $(sed -n 's/^ *X([A-Z_]*, CTX_[A-Z]*, "\([a-z-]*\)".*/\1/p' ui/actions.h); do
    grep -qE "│ .* $name " "$T/help1" "$T/help2" || missing="$missing $name"
done
[ -z "$missing" ]
ok $? "the help overlay lists every action of the action list${missing:+ (missing:$missing)}"
check "help shows keys beside actions" \
    eval "grep -qE '│ Tab +next-pane ' '$T/help1' && grep -qE '│ Space +mark ' '$T/help1'"
keys q
check "any key closes the help, without quitting" \
    eval "sleep 0.3; not_on_screen '─ Keys' && not_on_screen EXITED"

# ---- text from documents: wide, combining, control characters ---------------
printf '%s\n' 'Test Port Reference' '' 'Wide Calls Port Reference' '' \
    'Table 1: Wide Calls Port Reference' '' \
    '| Purpose | Src. IP | Src. Ports | Protocol | Dest. IP | Dest. Ports |' \
    '|---|---|---|---|---|---|' >"$T/wide.txt"
printf '| 東京 signaling | 東京® server | >=1024 | TCP | Cafe\xcc\x81‑Gateway | 5060 |\n' >>"$T/wide.txt"
printf '| Bell \x07 ring | Esc\x1b[31mRed | 1024 | UDP | Plain†‡→ | 7000 |\n' >>"$T/wide.txt"
"$PORTOLAN" --db "$T/w.db" --no-bundled import "$T/wide.txt" >/dev/null 2>&1
keys q
start_ui "$T/w.db"
wait_for 'Flows 2/2 '
head=$(screen | sed -n 2p)
r1=$(screen | grep '東京® server')
r2=$(screen | grep 'Plain')
cafe=$(printf 'Cafe\xcc\x81\xe2\x80\x91Gateway') # e + U+0301, U+2011
check "wide and combining characters are shown" \
    eval "[ -n \"\$r1\" ] && echo \"\$r1\" | grep -qF \"\$cafe\""
check "columns stay aligned after wide characters" \
    eval "[ \"\$(col_of \"\$r1\" '>=1024')\" = \"\$(col_of \"\$head\" 'Src ports')\" ] &&
          [ \"\$(col_of \"\$r1\" 5060)\" = \"\$(col_of \"\$head\" 'Dst ports')\" ]"
check "columns stay aligned after combining characters and symbols" \
    eval "[ \"\$(col_of \"\$r2\" 7000)\" = \"\$(col_of \"\$head\" 'Dst ports')\" ]"
check "control characters are shown escaped" \
    eval "echo \"\$r2\" | grep -qF 'Esc\\x1B[31m' && echo \"\$r2\" | grep -qF 'Bell \\x07 ring'"
check "no escape sequence from a document reaches the terminal" \
    eval "! tm capture-pane -p -e -t ui | grep -q \$'\\e\\\\[31m'"
keys q
wait_for 'EXITED=0'
ok $? "q quits with status 0"

done_testing
