#!/usr/bin/perl
# gendoc.pl STYLE [EXTRA_COLS] < ROWS - a port table document in one of the
# five table styles. Each input line is a row: source, source ports,
# destination, destination ports, protocol, description, separated by TABs
# (cells may hold any other byte). EXTRA_COLS adds that many "Process N"
# columns (a column name readers know but do not store), with an "x" in
# every row.
use strict;
use warnings;
binmode STDIN; binmode STDOUT;
my ($style, $extra) = @ARGV;
$extra //= 0;
my @head = ('Source', 'Src. Ports', 'Destination', 'Dest. Ports',
            'Protocol', 'Description');
push @head, map { "Process $_" } 1 .. $extra;
print "Hostile Port Reference\n\n";
sub row { my @c = @_; push @c, ('x') x $extra; return @c }
if ($style eq 'cells') {
    print "Ports:\n\n", map { "$_\n\n" } @head;
} elsif ($style eq 'tsv') {
    print join("\t", @head), "\n";
} elsif ($style eq 'pipe') {
    print join(' | ', @head), " |\n";
} elsif ($style eq 'markdown') {
    print '| ', join(' | ', @head), " |\n", '|', '---|' x @head, "\n";
} elsif ($style eq 'spaced') {
    print "Inbound\n\nProtocol Source-Port Dest-Port Description Device",
        (map { " Process-$_" } 1 .. $extra), "\n";
} else { die "unknown style $style\n" }
while (my $l = <STDIN>) {
    chomp $l;
    my @c = split /\t/, $l, -1;
    $c[$_] = '' for grep { !defined $c[$_] } 0 .. 5;
    my @r = row(@c[0 .. 5]);
    if ($style eq 'cells') { print map { "$_\n\n" } @r }
    elsif ($style eq 'tsv') { print join("\t", @r), "\n" }
    elsif ($style eq 'pipe') { print join(' | ', @r), " |\n" }
    elsif ($style eq 'markdown') { print '| ', join(' | ', @r), " |\n" }
    else { print "$c[4] $c[1] $c[3] $c[5] $c[2]", ' x' x $extra, "\n" }
}
