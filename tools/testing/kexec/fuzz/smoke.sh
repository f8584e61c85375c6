#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A bounded libFuzzer run reported as one TAP case for run_tests.sh:
#   smoke.sh NAME FUZZER SECONDS CORPUS_DIR
name=$1 fuzzer=$2 seconds=$3 corpus=$4
work=$(mktemp -d)
cp "$corpus"/* "$work"/ 2>/dev/null
log=$work.log
if "$fuzzer" -max_total_time="$seconds" -max_len=8192 -timeout=10 "$work" >"$log" 2>&1; then
	runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log")
	echo "ok 1 - $name: ${runs:-?} inputs in ${seconds}s"
	echo "1 passed, 0 failed"
	rc=0
else
	tail -n 30 "$log" | sed 's/^/#   /'
	echo "not ok 1 - $name: the fuzzer found a failure"
	echo "0 passed, 1 failed"
	rc=1
fi
rm -rf "$work" "$log"
exit $rc
