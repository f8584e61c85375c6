#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# run.sh smoke|keep FUZZER SECONDS CORPUS [SEED_DIR]
#
# A bounded libFuzzer run of FUZZER, starting from the kept corpus CORPUS
# (fuzz/corpus/NAME.hex, one input per line) and the generated seeds.
#
#   smoke  replay every kept input once, then fuzz for SECONDS; reported as
#          one case in the kt TAP format, so run_tests.sh counts it with the
#          unit tests (make check)
#   keep   fuzz for SECONDS, then merge what it found into the kept corpus,
#          minimised (libFuzzer -merge=1), and print the figures (make fuzz)
#
# libFuzzer writes new inputs into the first corpus directory it is given:
# a scratch one, so that the kept corpus changes only through the merge.

mode=$1
fuzzer=$2
secs=$3
corpus=$4
seeds=$5
name=$(basename "$fuzzer")
work=$(mktemp -d)
kept=$(mktemp -d)
log=$work.log
seed_dirs=
[ -n "$seeds" ] && [ -d "$seeds" ] && seed_dirs=$seeds

nr_kept=$(python3 "$(dirname "$0")/corpus.py" unpack "$corpus" "$kept")

finish()
{
	rm -rf "$work" "$kept" "$log"
	exit "$1"
}

fail()
{
	tail -n 40 "$log" | sed 's/^/# /'
	echo "not ok 1 - $name: $1"
	echo "1..1"
	echo "0 passed, 1 failed"
	finish 1
}

# libFuzzer's closing statistics: "DONE cov: C ft: F corp: ..." and
# "Done N runs in S second(s)".
figure()
{
	case $1 in
	runs) sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" ;;
	cov) sed -n 's/.*DONE *cov: \([0-9]*\) ft: \([0-9]*\).*/\1 edges, \2 features/p' "$log" ;;
	esac
}

if [ "$mode" = smoke ]; then
	"$fuzzer" -runs=0 -timeout=10 -rss_limit_mb=2048 "$kept" >"$log" 2>&1 ||
		fail "a kept input of $corpus fails"
fi
# shellcheck disable=SC2086 # $seed_dirs is empty or one directory
"$fuzzer" -max_total_time="$secs" -seed=1 -max_len=8192 -timeout=10 \
	-rss_limit_mb=2048 -artifact_prefix="$(dirname "$fuzzer")/" \
	"$work" "$kept" $seed_dirs >"$log" 2>&1 ||
	fail "${secs} s libFuzzer run found a failure"

if [ "$mode" = smoke ]; then
	runs=$(figure runs)
	echo "ok 1 - $name: $nr_kept kept inputs replayed, ${secs} s libFuzzer run, $runs inputs"
	echo "1..1"
	echo "1 passed, 0 failed"
	finish 0
fi

# The generated seeds are made again on every run: the merge counts what
# they cover as covered already and keeps only inputs that add to it.
merged=$(mktemp -d)
runs=$(figure runs)
cov=$(figure cov)
[ -z "$seed_dirs" ] || cp "$seed_dirs"/* "$merged"/ 2>/dev/null
"$fuzzer" -merge=1 "$merged" "$kept" "$work" >"$log" 2>&1 || fail "merging the corpus failed"
[ -z "$seed_dirs" ] || (cd "$seed_dirs" && ls -A) | while read -r seed; do
	rm -f "$merged/$seed"
done
nr_new=$(python3 "$(dirname "$0")/corpus.py" pack "$merged" "$corpus")
rm -rf "$merged"
echo "$name: ${secs} s, $runs inputs, coverage $cov; kept corpus $nr_kept -> $nr_new inputs"
finish 0
