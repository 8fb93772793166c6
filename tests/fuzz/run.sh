#!/bin/sh
# run.sh BUILD SECONDS TARGET... - run each libFuzzer target for SECONDS on
# a corpus seeded from data/docs (tests/fuzz/seeds.pl). Inputs libFuzzer
# finds are kept in BUILD/fuzz/corpus/TARGET across runs; a crash, a leak
# or a hang (an input taking over 20 s) stops the run, is saved as
# BUILD/fuzz/crash-TARGET-*, and fails this script. Prints how many
# executions each target survived. Add a crash to tests/fuzz/regress/TARGET/
# once fixed, so `make test` replays it.
set -u
build=$1 seconds=$2
shift 2
fail=0
for t in "$@"; do
    corpus=$build/fuzz/corpus/$t seeds=$build/fuzz/seeds/$t
    rm -rf "$seeds"
    mkdir -p "$corpus" "$seeds"
    perl tests/fuzz/seeds.pl "$t" "$seeds" data/docs/*.txt || exit 2
    log=$build/fuzz/$t.log
    # Whole documents are slow to mutate: the import target works on
    # pieces up to 8 KiB (the 40-line windows of seeds.pl).
    maxlen=
    [ "$t" = import ] && maxlen=-max_len=8192
    regress=
    [ -d tests/fuzz/regress/"$t" ] && regress=tests/fuzz/regress/$t
    "$build/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=20 $maxlen \
        -print_final_stats=1 -artifact_prefix="$build/fuzz/crash-$t-" \
        "$corpus" "$seeds" $regress > "$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    if [ "$rc" -ne 0 ]; then
        echo "fuzz_$t: FAILED (exit $rc) after ${execs:-?} executions; see $log"
        grep -E 'ERROR|SUMMARY|Test unit written' "$log" | head -5
        fail=1
    else
        echo "fuzz_$t: ${execs:-?} executions in ${seconds}s, no crash"
    fi
done
exit $fail
