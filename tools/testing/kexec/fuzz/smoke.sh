#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# smoke.sh FUZZER SECONDS: a bounded libFuzzer run reported as one case in
# the kt TAP format, so run_tests.sh counts it with the unit tests.

fuzzer=$1
secs=$2
name=$(basename "$fuzzer")
log=$(mktemp)

if "$fuzzer" -max_total_time="$secs" -seed=1 -rss_limit_mb=2048 \
	    -artifact_prefix="$(dirname "$fuzzer")/" >"$log" 2>&1; then
	runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log")
	echo "ok 1 - $name: ${secs} s libFuzzer smoke run, ${runs:-?} inputs"
	echo "1..1"
	echo "1 passed, 0 failed"
	rm -f "$log"
	exit 0
fi
tail -n 40 "$log" | sed 's/^/# /'
echo "not ok 1 - $name: ${secs} s libFuzzer smoke run found a crash"
echo "1..1"
echo "0 passed, 1 failed"
rm -f "$log"
exit 1
