#!/usr/bin/perl
# seeds.pl TARGET OUTDIR DOC... - a seed corpus for a fuzz target, made
# from the reference documents at run time:
#   portspec  every line of every document, and every cell of it (split on
#             tabs and '|'), each behind a protocol-choice byte
#   import    every whole document behind each reader byte (0 detect, 1-5
#             the five styles), and every 40-line window behind byte 0
# File names are content hashes, so a cell met twice is one seed.
use strict;
use warnings;
use Digest::SHA qw(sha1_hex);
my ($target, $out, @docs) = @ARGV;
die "usage: seeds.pl portspec|import OUTDIR DOC...\n" unless $out && @docs;
mkdir $out;
my $n = 0;
sub seed {
    my ($bytes) = @_;
    my $path = "$out/" . sha1_hex($bytes);
    return if -e $path;
    open my $f, '>:raw', $path or die "$path: $!\n";
    print $f $bytes;
    close $f;
    $n++;
}
for my $doc (@docs) {
    open my $f, '<:raw', $doc or die "$doc: $!\n";
    local $/;
    my $text = <$f>;
    close $f;
    my @lines = split /\n/, $text;
    if ($target eq 'portspec') {
        for my $l (@lines) {
            $l =~ s/\r$//;
            next if $l =~ /^\s*$/;
            seed(chr(0) . $l);
            for my $c (split /\t|\|/, $l) {
                $c =~ s/^\s+|\s+$//g;
                next if $c eq '' || $c eq $l;
                seed(chr($_) . $c) for 0, 1, 2;
            }
        }
    } elsif ($target eq 'import') {
        seed(chr($_) . $text) for 0 .. 5;
        for (my $i = 0; $i < @lines; $i += 20) {
            my $end = $i + 39 < $#lines ? $i + 39 : $#lines;
            seed(chr(0) . join("\n", @lines[$i .. $end]) . "\n");
        }
    } else {
        die "unknown target $target\n";
    }
}
print "$n seeds for $target in $out\n";
