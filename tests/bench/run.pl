#!/usr/bin/perl
# run.pl - make bench: portolan's speed at 10k, 100k (and with --full 1M)
# flows, side by side with the tools a user would otherwise reach for
# (sqlite3, rg), printed as one table and written to doc/benchmarks.md.
#
#   perl tests/bench/run.pl --portolan ./portolan --bench build/bench/bench
#       --gen build/bench/gen --work build/bench/data --out doc/benchmarks.md
#       [--full] [--sizes 10000,100000] [--reps 5]
#
# Whole-process timings run the compared commands alternately in one run
# and report medians (CLOCK_MONOTONIC around fork..wait); in-process ones
# come from the bench binary. Every time is printed with its hit count, and
# differing counts are flagged: a fast wrong answer does not pass. No
# timing here is a test; nothing fails because something is slow.
use strict;
use warnings;
use Getopt::Long;
use POSIX qw(strftime);
use Time::HiRes qw(clock_gettime CLOCK_MONOTONIC);

my %o = (reps => 5, seed => 1);
GetOptions(\%o, 'portolan=s', 'bench=s', 'gen=s', 'work=s', 'out=s',
           'full', 'sizes=s', 'reps=i', 'seed=i')
    or die "usage: see the top of $0\n";
for (qw(portolan bench gen work out)) {
    die "run.pl: --$_ is required\n" unless defined $o{$_};
}
my @sizes = $o{sizes} ? split(/,/, $o{sizes})
                      : (10000, 100000, $o{full} ? (1000000) : ());
my $P = abs_path($o{portolan});
my $B = abs_path($o{bench});
system('mkdir', '-p', $o{work}) == 0 or die "run.pl: cannot create $o{work}\n";

# The fixed inputs. Ports: busy ones (443, 5060, 1720) and one inside the
# RTP ranges (16384). Find patterns: those of the keystroke script.
my @PORTS = (443, 5060, 1720, 16384);
my @FIND = (['literal', 'Expressway-E'], ['word', '\b1720\b'],
            ['caseless', 'signaling'], ['alternation', 'ldap|syslog|snmp|ntp']);
my $LAUNCH_PATTERN = 'Expressway-E';
# The keystroke groups, in the order the tables show them, and how many
# times the script is typed (each figure is the median over the runs).
my @GROUP_ORDER = qw(literal word caseless alternation dotstar);
my $FILTER_RUNS = 3;

sub abs_path {
    my ($p) = @_;
    return $p =~ m{^/} ? $p : do { my $d = `pwd`; chomp $d; "$d/$p" };
}

sub now_ms { return clock_gettime(CLOCK_MONOTONIC) * 1000 }

sub median {
    my @v = sort { $a <=> $b } @_;
    return undef unless @v;
    return @v % 2 ? $v[$#v / 2] : ($v[@v / 2 - 1] + $v[@v / 2]) / 2;
}

sub slurp {
    my ($f) = @_;
    open(my $h, '<', $f) or return '';
    local $/;
    my $s = <$h>;
    close $h;
    return $s // '';
}

# Run a command (no shell), stdout to $out (or /dev/null), stderr to
# $err; returns (milliseconds, exit status). Killed after $limit seconds
# (default 600): exit status 124 then, and the time is the limit.
sub timed {
    my ($cmd, $out, $err, $stdin, $limit) = @_;
    $limit //= 600;
    my $t0 = now_ms();
    my $pid = fork() // die "run.pl: fork: $!\n";
    if ($pid == 0) {
        open(STDIN, '<', $stdin // '/dev/null') or die;
        open(STDOUT, '>', $out // '/dev/null') or die;
        open(STDERR, '>', $err // '/dev/null') or die;
        exec(@$cmd) or POSIX::_exit(127);
    }
    while (1) {
        my $w = waitpid($pid, POSIX::WNOHANG());
        if ($w == $pid) {
            return (now_ms() - $t0, $? >> 8);
        }
        if (now_ms() - $t0 > $limit * 1000) {
            kill 'KILL', $pid;
            waitpid($pid, 0);
            return ($limit * 1000, 124);
        }
        Time::HiRes::sleep(0.0005);
    }
}

my $tmp = "$o{work}/tmp";
system('mkdir', '-p', $tmp);

# Run A and B alternately $reps times; medians and the outputs (trimmed)
# of their last runs.
sub alternate {
    my ($a, $b, $reps) = @_;
    my (@ta, @tb, $oa, $ob);
    for my $r (1 .. $reps) {
        my ($t, $rc) = timed($a, "$tmp/a.out", "$tmp/a.err");
        push @ta, $t;
        if ($rc > 1) {
            my $e = slurp("$tmp/a.err");
            warn "run.pl: @$a: exit $rc: $e";
        }
        ($t, $rc) = timed($b, "$tmp/b.out", "$tmp/b.err");
        push @tb, $t;
        if ($rc > 1) {
            my $e = slurp("$tmp/b.err");
            warn "run.pl: @$b: exit $rc: $e";
        }
    }
    ($oa = slurp("$tmp/a.out")) =~ s/\s+\z//;
    ($ob = slurp("$tmp/b.out")) =~ s/\s+\z//;
    return (median(@ta), median(@tb), $oa, $ob);
}

sub sql1 {
    my ($db, $q) = @_;
    my $v = `sqlite3 -batch '$db' "$q"`;
    chomp $v;
    return $v;
}

sub fmt_ms {
    my ($ms) = @_;
    return 'n/a' unless defined $ms;
    return sprintf('%.2f ms', $ms) if $ms < 10;
    return sprintf('%.1f ms', $ms) if $ms < 1000;
    return sprintf('%.2f s', $ms / 1000);
}

sub fmt_n {
    my ($n) = @_;
    return 'n/a' unless defined $n;
    1 while $n =~ s/^(\d+)(\d{3})/$1,$2/;
    return $n;
}

my %R;        # results: $R{$size}{...}
my @lines;    # the printed table: [size, what, portolan, other, note]

sub row {
    my ($size, @cells) = @_;
    push @lines, [fmt_n($size), @cells];
    printf STDERR "  %-44s %-28s %-28s %s\n", @cells[0 .. 2], $cells[3] // '';
}

# ---- the machine ---------------------------------------------------------

sub machine {
    my %m;
    my $cpu = slurp('/proc/cpuinfo');
    ($m{cpu}) = $cpu =~ /^model name\s*:\s*(.+)$/m;
    $m{cpu} //= 'unknown';
    chomp($m{cores} = `nproc`);
    my ($kb) = slurp('/proc/meminfo') =~ /^MemTotal:\s*(\d+)/m;
    $m{ram} = sprintf('%.1f GiB', ($kb // 0) / 1048576);
    chomp($m{kernel} = `uname -sr`);
    ($m{cc}) = `cc --version 2>/dev/null` =~ /^(.+)$/m;
    my %v = map { /^(\S+) (.*)$/ ? ($1, $2) : () } split /\n/, `'$B' versions`;
    $m{sqlite} = $v{sqlite};
    $m{pcre2} = "$v{pcre2} (JIT: $v{pcre2_jit})";
    ($m{sqlite3} = `sqlite3 --version`) =~ s/^(\S+).*\s*$/$1/s;
    ($m{rg}) = `rg --version` =~ /^(ripgrep \S+)/;
    ($m{perl}) = $^V;
    return \%m;
}

# ---- one corpus size -----------------------------------------------------

sub corpus {
    my ($n) = @_;
    my $dir = "$o{work}/$n";
    my $stamp = "$dir/.stamp";
    my $want = "seed $o{seed} flows $n gen " . (stat($o{gen}))[9];
    if (slurp($stamp) ne $want) {
        system('rm', '-rf', $dir);
        system('mkdir', '-p', $dir);
        my ($t, $rc) = timed([$o{gen}, '-s', $o{seed}, '-n', $n, '-o', $dir],
                             undef, "$dir/gen.counts");
        die "run.pl: gen failed\n" if $rc;
        open(my $h, '>', $stamp) or die;
        print $h $want;
        close $h;
    }
    my %c = map { /^(\S+) (\d+)$/ ? ($1, $2) : () }
            split /\n/, slurp("$dir/gen.counts");
    my @files = map { "$dir/bench-$_.txt" } qw(tsv cells pipe spaced markdown);
    my $bytes = 0;
    $bytes += -s $_ for @files;
    return ($dir, \@files, \%c, $bytes);
}

sub bench_size {
    my ($n) = @_;
    my $r = $R{$n} = {};
    print STDERR "== $n flows\n";
    my ($dir, $files, $counts, $bytes) = corpus($n);
    $r->{rows_written} = 0;
    $r->{rows_written} += $_ for values %$counts;
    $r->{bytes} = $bytes;
    my $db = "$dir/portolan.db";

    # -- import: portolan (parse + insert, ranges included) vs sqlite3
    # .import of a TSV of the same flow rows, alternately.
    my $reps = $n >= 1000000 ? 1 : 3;
    my (@tp, @ts);
    my $tsv = "$dir/flows.tsv";
    for my $i (1 .. $reps) {
        unlink $db, "$db-wal", "$db-shm";
        my ($t, $rc) = timed([$P, '--db', $db, '--no-bundled', 'import',
                              @$files], "$tmp/imp.out", "$tmp/imp.err");
        die "run.pl: import failed:\n" . slurp("$tmp/imp.err") if $rc > 1;
        push @tp, $t;
        if (!-s $tsv) {
            system("sqlite3 -batch -header -separator '\t' '$db' "
                   . "\"SELECT document_id, section_id, line, source, "
                   . "source_ports, destination, destination_ports, "
                   . "protocol, description, requirement, req_level, "
                   . "direction, marks FROM flow ORDER BY id\" > '$tsv'");
        }
        my $sdb = "$dir/sqlite-import.db";
        unlink $sdb;
        ($t) = timed(['sqlite3', '-batch', $sdb, '.mode tabs',
                      ".import $tsv flow"], "$tmp/si.out", "$tmp/si.err");
        push @ts, $t;
        $r->{sqlite_import_rows} = sql1($sdb, 'SELECT count(*) FROM flow');
        unlink $sdb;
    }
    $r->{flows} = sql1($db, 'SELECT count(*) FROM flow');
    $r->{ranges} = sql1($db, 'SELECT count(*) FROM port_range');
    $r->{docs} = sql1($db, 'SELECT count(*) FROM document');
    $r->{db_bytes} = -s $db;
    $r->{import_ms} = median(@tp);
    $r->{sqlite_import_ms} = median(@ts);
    $r->{import_rate} = $r->{flows} / ($r->{import_ms} / 1000);
    $r->{sqlite_import_rate} = $r->{sqlite_import_rows}
                               / ($r->{sqlite_import_ms} / 1000);
    # What SQLite alone takes to store flows shaped like these (no
    # document to read, no port spec to parse): the floor under import.
    my $fn = $n < 200000 ? $n : 200000;
    my $fl = `'$B' dbfloor '$dir/floor.db' $fn`;
    ($r->{floor_rate}) = $fl =~ /rate (\d+)/;
    unlink "$dir/floor.db", "$dir/floor.db-wal", "$dir/floor.db-shm";
    row($n, 'import (flows/s; parse + insert, ranges too)',
        sprintf('%s/s (%s, %s flows)', fmt_n(int $r->{import_rate}),
                fmt_ms($r->{import_ms}), fmt_n($r->{flows})),
        sprintf('sqlite3 .import %s/s (%s, %s rows)',
                fmt_n(int $r->{sqlite_import_rate}),
                fmt_ms($r->{sqlite_import_ms}),
                fmt_n($r->{sqlite_import_rows})),
        $r->{flows} == $r->{rows_written} ? ''
            : "MISMATCH: generator wrote $r->{rows_written} rows");
    row($n, 'storing flows alone, no parsing (in process)',
        sprintf('%s flows/s (%s flows)', fmt_n($r->{floor_rate} // 0),
                fmt_n($fn)), '', 'db/ writes, the floor under import');

    # -- port lookup in process
    my $out = `'$B' port '$db' $o{reps} @PORTS`;
    die "run.pl: bench port failed\n" if $?;
    for (split /\n/, $out) {
        my %p = /(\w+) (\S+)/g;
        $r->{port}{$p{port}} = \%p;
        row($n, "port $p{port}: first screen + count (in process)",
            sprintf('%s (%s of %s)', fmt_ms($p{first_ms}), $p{screen},
                    fmt_n($p{count})), '', '');
        row($n, "port $p{port}: all distinct flows (in process)",
            sprintf('%s (%s flows)', fmt_ms($p{all_ms}), fmt_n($p{flows})),
            '', $p{flows} == $p{count} ? '' : 'MISMATCH with the count');
    }

    # -- port lookup, whole process, vs the sqlite3 shell
    for my $port (@PORTS) {
        my $par = $port % 2 ? 'odd' : 'even';
        my $q = "SELECT count(DISTINCT flow_id) FROM port_range WHERE "
              . "lo <= $port AND hi >= $port AND (parity = '' OR parity = "
              . "'$par');";
        my ($ta, $tb, $oa, $ob) = alternate(
            [$P, '--db', $db, 'port', $port, '--count'],
            ['sqlite3', '-batch', '-readonly', $db, $q], $o{reps});
        $r->{portproc}{$port} = [$ta, $tb, $oa, $ob];
        row($n, "port $port --count (whole process)",
            sprintf('%s (%s)', fmt_ms($ta), fmt_n($oa)),
            sprintf('sqlite3 %s (%s)', fmt_ms($tb), fmt_n($ob)),
            sprintf('%.2fx faster%s', $tb / $ta,
                    $oa eq $ob ? '' : ' MISMATCH'));
    }

    # -- regex per keystroke through the explorer's model. The script is
    # typed FILTER_RUNS times; each figure is the median of the runs' (a
    # single worst key is at the mercy of whatever else the machine does).
    my (%p50, %p95, %hits, %pat, @cancel, @cancel_p50, $cancel_n);
    for my $run (1 .. $FILTER_RUNS) {
        $out = `'$B' filter '$db'`;
        die "run.pl: bench filter failed\n" if $?;
        my %seen;
        for (split /\n/, $out) {
            if (/^load_ms (\S+) rows (\d+)/) {
                push @{$r->{model_load}}, [$1, $2];
            } elsif (/^group (\S+) p50_ms (\S+) p95_ms (\S+) hits (\d+) pattern (.*)$/) {
                push @{$p50{$1}}, $2;
                push @{$p95{$1}}, $3;
                ($hits{$1}, $pat{$1}) = ($4, $5);
            } elsif (/^cancel p50_ms (\S+) max_ms (\S+) samples (\d+)/) {
                push @cancel_p50, $1;
                push @cancel, $2;
                $cancel_n = $3;
            } elsif ($run == $FILTER_RUNS && /^key (\S+) (\S+) (\d+) (\S+) (.*)$/) {
                push @{$r->{keylog}{$1}}, [$5, $2, $3, $4];
            }
        }
    }
    my $ml = median(map { $_->[0] } @{$r->{model_load}});
    $r->{model_load_ms} = $ml;
    row($n, 'explorer model: read every flow (in process)',
        sprintf('%s (%s flows)', fmt_ms($ml), fmt_n($r->{model_load}[0][1])),
        '', '');
    for my $g (@GROUP_ORDER) {
        next unless $p50{$g};
        $r->{keys}{$g} = {p50 => median(@{$p50{$g}}), p95 => median(@{$p95{$g}}),
                          hits => $hits{$g}, pattern => $pat{$g}};
        row($n, "regex per keystroke: $g /$pat{$g}/",
            sprintf('p50 %s p95 %s (%s hits)', fmt_ms($r->{keys}{$g}{p50}),
                    fmt_ms($r->{keys}{$g}{p95}), fmt_n($hits{$g})), '',
            "median of $FILTER_RUNS runs");
    }
    if (@cancel) {
        $r->{cancel_ms} = median(@cancel);
        row($n, 'a new key stops the running filter (in process)',
            sprintf('p50 %s, worst %s (%d keys)', fmt_ms(median(@cancel_p50)),
                    fmt_ms($r->{cancel_ms}), $cancel_n), '',
            "worst key: median of $FILTER_RUNS runs' worst");
    }

    # -- find --count vs rg -c over a TSV dump of the same fields
    my $dump = "$dir/fields.tsv";
    if (!-s $dump) {
        system("sqlite3 -batch -separator '\t' '$db' \"SELECT f.source, "
               . "f.source_ports, f.destination, f.destination_ports, "
               . "f.protocol, f.description, f.requirement, f.req_level, "
               . "d.name, coalesce(p.name, ''), coalesce(s.name, '') FROM "
               . "flow f JOIN document d ON d.id = f.document_id LEFT JOIN "
               . "section s ON s.id = f.section_id LEFT JOIN product p ON "
               . "p.id = s.product_id ORDER BY f.id\" > '$dump'");
    }
    for my $f (@FIND) {
        my ($g, $pat) = @$f;
        my ($ta, $tb, $oa, $ob) = alternate(
            [$P, '--db', $db, 'find', $pat, '--count'],
            ['rg', '-c', '-S', '--', $pat, $dump], $o{reps});
        $ob = 0 if $ob eq '';
        $r->{find}{$g} = [$ta, $tb, $oa, $ob, $pat];
        row($n, "find --count /$pat/ (whole process)",
            sprintf('%s (%s)', fmt_ms($ta), fmt_n($oa)),
            sprintf('rg -c %s (%s)', fmt_ms($tb), fmt_n($ob)),
            sprintf('ratio %.2f%s', $ta / $tb, $oa eq $ob ? '' : ' MISMATCH'));
    }

    # -- the explorer on a pty
    my (@pa, @fi, @hw, $hits);
    for my $i (1 .. 3) {
        my $l = `'$B' launch '$P' '$db' '$LAUNCH_PATTERN'`;
        next if $?;
        push @pa, $1 if $l =~ /^paint_ms (\S+)/m;
        push @fi, $1 if $l =~ /^filter_ms (\S+)/m;
        $hits = $1 if $l =~ /hits (\d+)/m;
        push @hw, $1 if $l =~ /^hwm_kb (\d+)/m;
    }
    $r->{paint_ms} = median(@pa);
    $r->{first_filter_ms} = median(@fi);
    $r->{hwm_mb} = @hw ? median(@hw) / 1024 : undef;
    $r->{launch_hits} = $hits;
    row($n, 'explorer: launch to first paint', fmt_ms($r->{paint_ms}), '', '');
    row($n, "explorer: launch to first filter result /$LAUNCH_PATTERN/",
        sprintf('%s (%s hits)', fmt_ms($r->{first_filter_ms}),
                fmt_n($hits)), '', '');
    row($n, 'explorer: peak memory (VmHWM) with the filter',
        defined $r->{hwm_mb} ? sprintf('%.1f MB', $r->{hwm_mb}) : 'n/a',
        '', '');

    # -- export every flow to CSV vs sqlite3 -csv of the same rows. The
    # export writes a worksheet, so every flow goes on one first.
    my $max = sql1($db, 'SELECT max(id) FROM flow');
    timed([$P, '--db', $db, 'sheet', 'new', 'bench'], undef, undef);
    my ($ts_add) = timed([$P, '--db', $db, 'sheet', '--sheet', 'bench', 'add',
                          "1-$max"], undef, "$tmp/add.err");
    my $csv = "$tmp/export.csv";
    my ($te, $rce) = timed([$P, '--db', $db, 'export', '--format', 'csv',
                            '--sheet', 'bench', '-o', $csv, '--force'],
                           undef, "$tmp/export.err", undef, 180);
    my $recs = $rce ? undef : (() = slurp($csv) =~ /\r\n"(?:rule|todo)"/g);
    my ($tq) = timed(['sqlite3', '-batch', '-readonly', '-csv', $db,
                      'SELECT * FROM flow'], "$tmp/sqlite.csv", undef);
    my $sq = () = slurp("$tmp/sqlite.csv") =~ /\n/g;
    $r->{export} = [$te, $tq, $recs, $sq, $rce, $ts_add];
    row($n, 'export --format csv of every flow (whole process)',
        $rce == 124 ? 'stopped after 180 s' : $rce ? "failed (exit $rce)"
             : sprintf('%s (%s records)', fmt_ms($te), fmt_n($recs)),
        sprintf('sqlite3 -csv %s (%s rows)', fmt_ms($tq), fmt_n($sq)),
        sprintf('ratio %.2f; sheet add took %s', $te / $tq,
                fmt_ms($ts_add)));
    timed([$P, '--db', $db, 'sheet', 'delete', 'bench'], undef, undef);
}

my $load_before = (split ' ', slurp('/proc/loadavg'))[0];
bench_size($_) for @sizes;
my $load_after = (split ' ', slurp('/proc/loadavg'))[0];

# ---- the targets ---------------------------------------------------------

my $big = $sizes[-1];
my $g = $R{$big};
my @targets;
sub target {
    my ($what, $goal, $got, $ok, $shown) = @_;
    push @targets, [$what, $goal, $shown // $got, $ok ? 'met'
                    : defined $got ? 'MISSED' : 'n/a'];
}
target('import throughput', '>= 300,000 flows/s',
       $g->{import_rate}, $g->{import_rate} >= 300000,
       fmt_n(int $g->{import_rate}) . ' flows/s');
target('import vs sqlite3 .import', 'no slower',
       $g->{import_rate}, $g->{import_rate} >= $g->{sqlite_import_rate},
       sprintf('%.2fx the rate of sqlite3 .import',
               $g->{import_rate} / $g->{sqlite_import_rate}));
my $worst_first = 0;
$worst_first < $_->{first_ms} and $worst_first = $_->{first_ms}
    for values %{$g->{port}};
target('port lookup, first screen + count, in process (worst port)',
       '<= 3 ms', $worst_first, $worst_first <= 3, fmt_ms($worst_first));
my $worst_ratio;
for (values %{$g->{portproc}}) {
    my $q = $_->[1] / $_->[0];
    $worst_ratio = $q if !defined $worst_ratio || $q < $worst_ratio;
}
target('port --count vs sqlite3 shell (worst port)', '>= 2x faster',
       $worst_ratio, $worst_ratio >= 2, sprintf('%.2fx', $worst_ratio));
for my $k (qw(literal word caseless)) {
    my $v = $g->{keys}{$k}{p50};
    target("regex per keystroke p50, $k", '<= 10 ms', $v, $v <= 10,
           fmt_ms($v));
}
for my $k (qw(alternation dotstar)) {
    my $v = $g->{keys}{$k}{p95};
    target("regex per keystroke p95, $k", '<= 60 ms', $v, $v <= 60,
           fmt_ms($v));
}
target('a new keystroke cancels the running filter (worst case)',
       '<= 5 ms', $g->{cancel_ms},
       defined $g->{cancel_ms} && $g->{cancel_ms} <= 5,
       defined $g->{cancel_ms} ? fmt_ms($g->{cancel_ms}) : 'not measured');
target('launch to first paint', '<= 10 ms', $g->{paint_ms},
       defined $g->{paint_ms} && $g->{paint_ms} <= 10, fmt_ms($g->{paint_ms}));
target('launch to first filter result', '<= 80 ms', $g->{first_filter_ms},
       defined $g->{first_filter_ms} && $g->{first_filter_ms} <= 80,
       fmt_ms($g->{first_filter_ms}));
my $mem_goal = $big >= 1000000 ? 200 : 40;
target("peak memory with a filter ($big flows)", "<= $mem_goal MB",
       $g->{hwm_mb}, defined $g->{hwm_mb} && $g->{hwm_mb} <= $mem_goal,
       defined $g->{hwm_mb} ? sprintf('%.1f MB', $g->{hwm_mb}) : 'n/a');
if ($big < 1000000 && $R{100000}) {
    # the 100k memory goal is checked at 100k in any run
}
target('export every flow to CSV', '<= 0.4 s', $g->{export}[0],
       !$g->{export}[4] && $g->{export}[0] <= 400,
       $g->{export}[4] == 124 ? 'not done after 180 s'
       : $g->{export}[4] ? "failed (exit $g->{export}[4])"
       : fmt_ms($g->{export}[0]));
for my $k (qw(literal word caseless)) {
    my $f = $g->{find}{$k};
    my $q = $f->[0] / $f->[1];
    target("find --count vs rg -c, $k", 'ratio <= 1.0', $q,
           $q <= 1.0 && $f->[2] eq $f->[3], sprintf('%.2f', $q));
}

# ---- print and write -----------------------------------------------------

my $m = machine();
print "\n";
printf "%-9s %-50s %-30s %-32s %s\n", 'flows', 'measure', 'portolan',
       'other tool', 'note';
printf "%-9s %-50s %-30s %-32s %s\n", @$_[0 .. 3], $_->[4] // '' for @lines;
print "\nTargets at ", fmt_n($big), " flows:\n";
printf "  %-60s %-20s %-36s %s\n", @$_ for @targets;

my $md = '';
$md .= "# Benchmarks\n\n";
$md .= "Written by `make bench` (tests/bench/run.pl) on "
     . strftime('%Y-%m-%d %H:%M UTC', gmtime) . ". Do not edit by hand: "
     . "run it again. The analysis at the end comes from "
     . "tests/bench/notes.md.\n\n";
$md .= "## Machine\n\n| | |\n|---|---|\n";
$md .= "| CPU | $m->{cpu} |\n| cores | $m->{cores} |\n| RAM | $m->{ram} |\n"
     . "| kernel | $m->{kernel} |\n| compiler | $m->{cc} |\n"
     . "| SQLite (library) | $m->{sqlite} |\n| sqlite3 shell | $m->{sqlite3} |\n"
     . "| PCRE2 | $m->{pcre2} |\n| ripgrep | $m->{rg} |\n"
     . "| load average (1 min) before / after | $load_before / $load_after |\n\n"
     . "The machine is shared: other work running meanwhile shows in the "
     . "load average and makes single timings noisy; medians of "
     . "alternating runs keep the comparisons fair.\n\n";
$md .= "## Corpus\n\nSynthetic documents from tests/bench/gen.c (seed "
     . "$o{seed}), one per table style (tsv, cells, pipe, spaced, "
     . "markdown), imported with portolan's own readers.\n\n"
     . "| flows | documents | bytes of text | port ranges | database |\n"
     . "|---|---|---|---|---|\n";
for my $n (@sizes) {
    my $r = $R{$n};
    $md .= sprintf("| %s | %s | %s | %s | %.1f MB |\n", fmt_n($r->{flows}),
                   $r->{docs}, fmt_n($r->{bytes}), fmt_n($r->{ranges}),
                   $r->{db_bytes} / 1048576);
}
$md .= "\n## Targets at " . fmt_n($big) . " flows\n\n"
     . "| target | goal | measured | |\n|---|---|---|---|\n";
$md .= "| $_->[0] | $_->[1] | $_->[2] | $_->[3] |\n" for @targets;
if ($R{100000}) {
    my $h = $R{100000}{hwm_mb};
    $md .= sprintf("\nPeak memory at 100,000 flows: %s (goal <= 40 MB: "
                   . "%s).\n", defined $h ? sprintf('%.1f MB', $h) : 'n/a',
                   defined $h && $h <= 40 ? 'met' : 'MISSED');
}
$md .= "\n## Every measurement\n\nWhole-process times are medians of "
     . "$o{reps} alternating runs (import: 3, 1 at 1M); in-process ones "
     . "medians of $o{reps} (port) or, for the keystrokes, the medians "
     . "over $FILTER_RUNS runs of the script of each run's percentiles "
     . "over its keys.\n\n"
     . "| flows | measure | portolan | other tool | note |\n"
     . "|---|---|---|---|---|\n";
for (@lines) {
    my @c = map { my $s = $_ // ''; $s =~ s/\|/\\|/g; $s } @$_;
    $md .= "| " . join(' | ', @c[0 .. 4]) . " |\n";
}
$md .= "\n## Keystrokes\n\nEach pattern typed one character at a time; the "
     . "time is model_filter() in ui/model.c on the explorer's in-memory "
     . "flows, the count the rows shown; from the last of the $FILTER_RUNS "
     . "runs of the script (the tables above give the medians).\n\n";
for my $n (@sizes) {
    $md .= "### " . fmt_n($n) . " flows\n\n| group | text | ms | shown | |\n"
         . "|---|---|---|---|---|\n";
    for my $grp (qw(literal word caseless alternation dotstar)) {
        for (@{$R{$n}{keylog}{$grp} // []}) {
            my ($text, $ms, $cnt, $st) = @$_;
            $text =~ s/\|/\\|/g;
            $md .= sprintf("| %s | `%s` | %.2f | %s | %s |\n", $grp, $text,
                           $ms, fmt_n($cnt), $st eq 'ok' ? '' : $st);
        }
    }
    $md .= "\n";
}
$md .= "## How it is measured\n\n" . <<'EOT';
* **import**: `portolan import` of the five documents into a new database
  (reading, port-spec parsing, footnotes, diagnostics, flows, port ranges,
  one transaction per document), against `sqlite3 .import` of a TSV of the
  same flow rows (`.mode tabs`; the table is created from the TSV's header,
  text columns, no indexes; the port ranges are not in it).
* **storing flows alone**: `bench dbfloor` writes flows shaped like the
  corpus (2.3 ranges each) straight through `db_flow_add` and
  `db_range_add`, in one transaction: what SQLite takes for the rows and
  their indexes, with no document to read and no port spec to parse.
* **port lookup in process**: `db_flows_by_port_first()` (the first screen:
  50 flows in ranking order, checked equal to the full ranking's first 50
  by tests/unit/test_flowtab.c) plus `db_port_count()`, and the full walk
  `db_flows_by_port()`; whole process: `portolan port N --count` against
  the sqlite3 shell running `SELECT count(DISTINCT flow_id) FROM port_range
  WHERE lo <= N AND hi >= N AND (parity = '' OR parity = 'even'|'odd')`.
* **regex per keystroke**: tests/bench/bench.c loads the explorer's model
  (ui/model.c) and calls its filter for every prefix of each pattern, as
  the `/` prompt does on each key (a prefix that does not compile keeps the
  previous result, as in the explorer).
* **a new key stops the filter**: the model's filter started from scratch
  on a large pattern, with an interrupt callback that starts answering
  "a key is waiting" after a delay (0.5 to 35 ms, so the key lands in every
  phase of the work), as the explorer's does once a key is typed; the time
  is from the key to the filter giving up. The worst case is reported.
* **find vs rg**: `portolan find PATTERN --count` against `rg -c -S
  PATTERN` over a TSV dump of the same fields (source, ports, destination,
  protocol, description, requirement, document, product, section), one
  flow per line; both are smart-case.
* **explorer**: the real binary on a pty (forkpty); with `PORTOLAN_BENCH`
  set it notes CLOCK_MONOTONIC when its first frame is on the terminal and
  when a frame shows a complete filter result (ui/probe.c). The filter is
  typed at once after the first paint. Peak memory is VmHWM from
  /proc/PID/status at that moment.
* **export**: every flow is put on a worksheet (`sheet add 1-MAX`, timed
  apart), then `portolan export --format csv` against `sqlite3 -csv` of
  `SELECT * FROM flow`. The export writes firewall rules (merged flows)
  and to-do items, so its record count differs from the flow count.
EOT
my $notes = slurp('tests/bench/notes.md');
$md .= "\n$notes" if $notes ne '';
open(my $h, '>', "$o{out}.tmp") or die "run.pl: $o{out}: $!\n";
print $h $md;
close $h or die;
rename("$o{out}.tmp", $o{out}) or die "run.pl: $o{out}: $!\n";
print "\nwrote $o{out}\n";
