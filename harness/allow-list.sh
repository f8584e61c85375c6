# shellcheck shell=bash
# The checkpatch allow-list (config/lint-allow) and its matcher, shared by
# lint.sh (owned files, patches/) and series.sh (the format-patch series).
# Sourced after lib.sh, never run.

ALLOW=$TOP/config/lint-allow

trim()
{
	local s=$1
	s=${s#"${s%%[! ]*}"}
	echo "${s%"${s##*[! ]}"}"
}

# The allow-list without comments: "FILE | TYPE | SUBSTRING | REASON", FILE
# a path or a glob.
allow_entries()
{
	sed -e '/^[[:space:]]*#/d' -e '/^[[:space:]]*$/d' "$ALLOW" 2>/dev/null || true
}

# checkpatch's findings in file $1, one per line: "FILE<TAB>LINE<TAB>TYPE<TAB>
# TEXT", TEXT being the message and the lines checkpatch quoted.
checkpatch_findings()
{
	awk -v OFS='\t' '
		function flush() {
			if (type != "")
				print file, line, type, text
			type = ""
		}
		/^(ERROR|WARNING|CHECK):[A-Z0-9_]+:/ {
			flush()
			split($0, f, ":")
			type = f[2]; file = "-"; line = 0
			text = substr($0, length(f[1]) + length(f[2]) + 3)
			next
		}
		type != "" && /^#[0-9]+: FILE: / {
			split($3, loc, ":"); file = loc[1]; line = loc[2]
			next
		}
		type != "" && /^[+ ]/ { text = text " " $0; next }
		/^$/ { flush() }
		END { flush() }
	' "$1"
}

# Is finding ($1 file, $2 type, $3 text) allowed? Prints the entry's number.
allowed_by()
{
	local n=0 file type sub
	while IFS='|' read -r file type sub _; do
		n=$((n + 1))
		file=$(trim "$file") type=$(trim "$type") sub=$(trim "$sub")
		# shellcheck disable=SC2053 # FILE is a glob on purpose
		if [[ "$1" == $file ]] && [ "$type" = "$2" ] && [[ "$3" = *"$sub"* ]]; then
			echo "$n"
			return 0
		fi
	done < <(allow_entries)
	return 1
}


# unallowed_findings OUTPUT [SOURCE] [USED]: the checkpatch findings in
# OUTPUT that the allow-list does not allow, one "TYPE at FILE:LINE" a line.
# SOURCE, for a checked file, adds the reported source line to the text an
# entry is matched against; USED, a file, collects the matching entries.
unallowed_findings()
{
	local out=$1 src=${2:-} used=${3:-} file line type text n
	while IFS=$'\t' read -r file line type text; do
		if [ -n "$src" ] && [ "$line" -gt 0 ]; then
			text="$text $(sed -n "${line}p" "$src")"
		fi
		if n=$(allowed_by "$file" "$type" "$text"); then
			if [ -n "$used" ]; then echo "$n" >>"$used"; fi
		else
			echo "$type at ${file#-}:$line"
		fi
	done < <(checkpatch_findings "$out")
}
