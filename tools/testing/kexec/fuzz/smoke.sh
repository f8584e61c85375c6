#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# smoke.sh FUZZER SECONDS [SEED_DIR]: a bounded libFuzzer run, reported as
# one case in the kt TAP format so run_tests.sh counts it with the unit
# tests. The seeds are copied: libFuzzer adds to the corpus it is given.

fuzzer=$1
secs=$2
seeds=$3
name=$(basename "$fuzzer")
work=$(mktemp -d)
log=$work.log

[ -n "$seeds" ] && [ -d "$seeds" ] && cp "$seeds"/* "$work"/ 2>/dev/null
if "$fuzzer" -max_total_time="$secs" -seed=1 -max_len=8192 -timeout=10 \
	    -rss_limit_mb=2048 -artifact_prefix="$(dirname "$fuzzer")/" \
	    "$work" >"$log" 2>&1; then
	runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log")
	echo "ok 1 - $name: ${secs} s libFuzzer run, ${runs:-?} inputs"
	echo "1..1"
	echo "1 passed, 0 failed"
	rc=0
else
	tail -n 40 "$log" | sed 's/^/# /'
	echo "not ok 1 - $name: ${secs} s libFuzzer run found a failure"
	echo "1..1"
	echo "0 passed, 1 failed"
	rc=1
fi
rm -rf "$work" "$log"
exit $rc
