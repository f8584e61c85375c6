# Entry points; the work is done by the scripts in harness/.
#
#   make run                   build the overlay kernel, show a live kexec
#   make check                 every test, on the overlay and the stock base
#   make check BASE=stock      the same tests on the unpatched base only
#   make check BASE=overlay    ... on the overlay only
#   make check ARCH=arm64      ... on the arm64 kernels only (or x86_64;
#                              default: both architectures)
#   make check SLOW=1          also the slow steps (SLOW_STEPS in harness/check.sh; none today)
#   make run ARCH=arm64        the live kexec on arm64 (QEMU virt)
#   make series                the project as a git format-patch series
#                              against the base, in build/series/
#   make series-check          apply it one patch at a time, build after each
#   make fuzz [FUZZ_SECONDS=N] every libFuzzer target for N seconds, two at a
#                              time, growing the kept corpora
#   make bench                 overlay against stock on x86_64: load time,
#                              memory held, exec downtime, bytes copied,
#                              digest speed; medians in build/bench/ (see
#                              harness/bench.sh: BENCH_RUNS, BENCH_INITRD_MIB,
#                              BENCH_MEM_MIB, BENCH_BUILD=0 reuses the builds)
#   make mutate [MUTATE_SECONDS=N]  kexec_file_load(2) of randomly mutated
#                              image headers in the x86_64 and arm64 overlay
#                              guests for N seconds each (default 600)
#   make tree | build | clean

BASE	?= both
SLOW	?= 0
FUZZ_SECONDS ?= 60
MUTATE_SECONDS ?= 600
LOADER	?= own
TARGET	?= built
ARCH	?=

run:
	@bash harness/run.sh $(LOADER) $(TARGET) $(or $(ARCH),x86_64)

check:
	@KT_SLOW=$(SLOW) bash harness/check.sh $(BASE) $(or $(ARCH),all)

tree:
	@bash harness/deps.sh && bash harness/tree.sh

build: tree
	@bash harness/build.sh overlay

series:
	@bash harness/deps.sh && bash harness/series.sh generate

series-check:
	@bash harness/deps.sh && bash harness/series.sh build-check

bench:
	@bash harness/bench.sh

fuzz:
	@bash harness/deps.sh && $(MAKE) -s -C tools/testing/kexec -j2 fuzz FUZZ_SECONDS=$(FUZZ_SECONDS)

mutate:
	@MUTATE_SECONDS=$(MUTATE_SECONDS) bash harness/mutate.sh

clean:
	rm -rf build tools/testing/kexec/out

.PHONY: run check tree build clean series series-check fuzz bench mutate
