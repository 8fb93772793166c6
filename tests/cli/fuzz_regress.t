#!/bin/bash
# fuzz_regress.t - the fuzz targets without libFuzzer (replay_TARGET, built
# by make test with the suite's compiler and sanitizers): every input under
# tests/fuzz/regress/TARGET/ (those that once crashed or hit a bug), then
# the seed corpus `make fuzz` starts from (every line and cell of the
# reference documents, every document in each style), each in a buffer of
# exactly its size.
. "$(dirname "$0")/lib.sh"
: "${PORTOLAN_TESTBIN:=$(dirname "$PORTOLAN")/build/tests}"
for t in portspec import; do
    bin="$PORTOLAN_TESTBIN/replay_$t"
    ok "$([ -x "$bin" ]; echo $?)" "replay_$t is built"
    [ -x "$bin" ] || continue
    n=$(find "tests/fuzz/regress/$t" -type f | wc -l)
    ok "$([ "$n" -gt 0 ]; echo $?)" "$t: $n regression inputs"
    run "$bin" tests/fuzz/regress/"$t"/*
    is "$rc" 0 "$t: every regression input runs through"
    is "$(printf '%s\n' "$out" | grep -c ': ok$')" "$n" "$t: each one reported"

    perl tests/fuzz/seeds.pl "$t" "$T/seeds-$t" data/docs/*.txt > /dev/null
    n=$(ls "$T/seeds-$t" | wc -l)
    # xargs: many files per run, as many runs as the argument limit needs.
    (cd "$T/seeds-$t" && ls | xargs "$bin") > "$T/replay.out" 2> "$T/replay.err"
    rc=$?
    is "$rc" 0 "$t: the $n seeds run through"
    is "$(grep -c ': ok$' "$T/replay.out")" "$n" "$t: each seed reported"
    [ -s "$T/replay.err" ] && sed 's/^/#   /' "$T/replay.err" | head -20
done
done_testing
