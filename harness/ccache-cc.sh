#!/bin/sh
# The kernel builds' compiler (build.sh: CC="ccache-cc.sh COMPILER"): the
# compiler through ccache, except for a source that .incbin's a file the
# build generates (the purgatory, the certificate list, the config, the
# initramfs, the vDSO). ccache's dependency list comes from the
# preprocessor, which never sees .incbin: a cached object would carry an
# old copy of the included file, from an earlier build or another
# checkout. Those few files compile every time.
for arg; do
	case "$arg" in
	*.c | *.S)
		if [ -f "$arg" ] && grep -q incbin "$arg"; then
			exec "$@"
		fi
		;;
	esac
done
exec ccache "$@"
