# shellcheck shell=bash
# What `make run` shows while it works (sourced by run.sh after lib.sh):
#   with_progress LABEL DIR CMD...   run CMD, printing every PROGRESS_EVERY
#                                    seconds how long it has run and how many
#                                    objects it has written under DIR
#   follow_guest LOG PID TIMELINE    print the guest's story from its serial
#                                    LOG as it comes, each line stamped with
#                                    seconds since the start, until PID ends;
#                                    its milestones go to TIMELINE
#   print_timeline TIMELINE          the milestones, one per line

PROGRESS_EVERY=${PROGRESS_EVERY:-15}

with_progress()
{
	local label=$1 dir=$2 pid rc=0 start stamp
	shift 2
	start=$(date +%s)
	stamp=$(mktemp)
	"$@" &
	pid=$!
	while ! wait_for "$pid" "$PROGRESS_EVERY"; do
		note "$label: $(($(date +%s) - start))s, $(find "$dir" -name '*.o' -newer "$stamp" 2>/dev/null | wc -l) objects built"
	done
	wait "$pid" || rc=$?
	rm -f "$stamp"
	return $rc
}

# wait_for PID SECONDS: true once PID has ended, false if it still runs.
wait_for()
{
	local i
	for ((i = 0; i < $2; i++)); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 1
	done
	! kill -0 "$1" 2>/dev/null
}

# The serial log's milestones: pattern (grep -E), then its name.
MILESTONES=(
	'Linux version'			'kernel A booting'
	'^KT1: kernel='			'kernel A up (stage 1 running)'
	'^KT1: loaded'			'kernel B loaded'
	'Starting new kernel'		'exec: kernel A hands over'
	'^KT2: cmdline='		'kernel B up (stage 2 running)'
	'^KT2: RESULT'			'kernel B verdict'
)
# What the story shows (grep -E).
STORY='Linux version|smp: Brought up|CPU: All CPU\(s\) started at|Run /init|^KT[12]:|Starting new kernel|Bye!|reboot:'

# milestone LINE SEEN_FILE: the milestone LINE reaches, if not yet seen.
# "Linux version" is kernel A's banner the first time, kernel B's after.
milestone()
{
	local i
	for ((i = 0; i < ${#MILESTONES[@]}; i += 2)); do
		echo "$1" | grep -qE "${MILESTONES[i]}" || continue
		if grep -qxF "${MILESTONES[i + 1]}" "$2"; then
			[ "${MILESTONES[i]}" = 'Linux version' ] &&
				! grep -qxF 'kernel B booting' "$2" && echo 'kernel B booting'
			return 0
		fi
		echo "${MILESTONES[i + 1]}"
		return 0
	done
}

follow_guest()
{
	local log=$1 pid=$2 timeline=$3 start line what seen
	start=$(date +%s%N)
	seen=$(mktemp)
	: >"$timeline"
	while IFS= read -r line; do
		line=${line%$'\r'}
		echo "$line" | grep -qaE "$STORY" || continue
		printf '  %6.1fs  %s\n' "$(elapsed "$start")" "$line" |
			sed -e 's/KT1:/stage 1 (kernel A):/' -e 's/KT2:/stage 2 (kernel B):/'
		what=$(milestone "$line" "$seen")
		[ -n "$what" ] || continue
		echo "$what" >>"$seen"
		printf '%6.1fs  %s\n' "$(elapsed "$start")" "$what" >>"$timeline"
	done < <(tail -F -n +1 --pid="$pid" "$log" 2>/dev/null)
	rm -f "$seen"
}

# Seconds since START (date +%s%N), one decimal.
elapsed()
{
	local ns=$(($(date +%s%N) - $1))
	echo "$((ns / 1000000000)).$((ns / 100000000 % 10))"
}

print_timeline()
{
	note "timeline (seconds since QEMU started):"
	sed 's/^/    /' "$1" >&2
}
