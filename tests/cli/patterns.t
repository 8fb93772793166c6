#!/bin/bash
# patterns.t - hostile regular expressions for `find`: catastrophic
# backtracking over a 5,000-character field stops at PCRE2's match or depth
# limit with a message (the flows it stopped on count as not matching: exit
# 1 when nothing else matched); an invalid pattern is a usage error with a
# column; neither hangs nor crashes. No timing is asserted: the limits, not
# a clock, end the match.
. "$(dirname "$0")/lib.sh"
DB="$T/p.db"
P() { "$PORTOLAN" --db "$DB" --no-bundled "$@"; }
A5000=$(head -c 5000 /dev/zero | tr '\0' a)
{
    printf 'Alpha\t80\tBravo\t443\tTCP\t%s\n' "$A5000"
    printf 'Charlie\t81\tDelta\t444\tTCP\t%sX\n' "$A5000"
} | perl "$(dirname "$0")/gendoc.pl" tsv > "$T/aaaa.txt"
run P import "$T/aaaa.txt"
is "$rc" 0 "a document with 5,000-character descriptions of 'a'"

LIMIT='PCRE2.s match limit'
for pat in '(.*a){20}' '(.*a){20}$' '^(a|a)*$X' '(a*)*b' '(?:(a+)+)+$Y' \
           '(a|aa|aaa)*$Z' '^(\w+\s?)*$X'; do
    run P find "$pat"
    ok "$([ "$rc" -le 2 ]; echo $?)" "find '$pat' ends (exit $rc)"
    if printf '%s' "$err" | grep -q "$LIMIT"; then
        like "$err" "^portolan: the pattern hit $LIMIT on some flows; they count as not matching" \
            "find '$pat': stopped at the limit, with a message"
        is "$rc" 1 "find '$pat': nothing else matched: exit 1"
    else
        ok "$([ "$rc" -le 1 ]; echo $?)" "find '$pat': answered within the limits (exit $rc)"
    fi
done
run P find '(.*a){20}'
like "$err" "$LIMIT" "(.*a){20} on 5,000 a's does hit the limit"
run P find '(.*a){20}' --count
is "$out" 0 "--count counts none of the flows it stopped on"
like "$err" "$LIMIT" "and says why"
run P find '(.*a){20}|Charlie'
is "$rc" 0 "a flow that matches otherwise is still found (exit 0)"
like "$out" "Charlie" "Charlie is listed"
run P find '(a+)+$'
is "$rc" 0 "(a+)+\$ is answered (PCRE2 makes the inner loop possessive)"

for pat in '(a' 'a{2,1}' '[z-a]' '\' '(?<n>a)(?<n>b)' '\p{Nope}'; do
    run P find "$pat"
    is "$rc" 2 "find '$pat': an invalid pattern is exit 2"
    like "$err" "^portolan: invalid regular expression at column [0-9]+: " \
        "find '$pat': says where"
done
run P find "$(printf 'a\033[2J(')"
is "$rc" 2 "an invalid pattern with an escape sequence: exit 2"
ok "$(printf '%s' "$err" | grep -q "$(printf '\033')"; [ $? -ne 0 ]; echo $?)" \
    "its message prints no raw ESC"
run P find "$(head -c 100000 /dev/zero | tr '\0' '(')"
is "$rc" 2 "100,000 open parentheses: exit 2, no crash"
run P find "$(printf '\377\376')"
ok "$([ "$rc" -le 2 ]; echo $?)" "a pattern of invalid UTF-8 ends (exit $rc)"
done_testing
