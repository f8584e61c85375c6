#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# fuzz_smoke.sh FUZZER SECONDS: run a libFuzzer binary from an empty corpus
# for a few seconds and report it as one TAP case in the kt format.

bin=$1
secs=$2
name=$(basename "$bin")
log=$(mktemp)

if [ ! -x "$bin" ]; then
	echo "not ok 1 - ${name}_binary_missing"
	echo "1..1"
	echo "0 passed, 1 failed"
	exit 1
fi
if "$bin" -max_total_time="$secs" -print_final_stats=1 >"$log" 2>&1; then
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	echo "ok 1 - ${name}_survives_${secs}s (${runs:-?} inputs)"
	echo "1..1"
	echo "1 passed, 0 failed"
	rc=0
else
	tail -n 40 "$log" | sed 's/^/# /'
	echo "not ok 1 - ${name}_found_a_failing_input"
	echo "1..1"
	echo "0 passed, 1 failed"
	rc=1
fi
rm -f "$log"
exit $rc
