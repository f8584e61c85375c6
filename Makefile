# Entry points; the work is done by the scripts in harness/.
#
#   make run                   build the overlay kernel, show a live kexec
#   make check                 every test, on the overlay and the stock base
#   make check BASE=stock      the same tests on the unpatched base only
#   make check BASE=overlay    ... on the overlay only
#   make tree | build | clean

BASE	?= both
LOADER	?= own
TARGET	?= built

run:
	@bash harness/run.sh $(LOADER) $(TARGET)

check:
	@bash harness/check.sh $(BASE)

tree:
	@bash harness/deps.sh && bash harness/tree.sh

build: tree
	@bash harness/build.sh overlay

clean:
	rm -rf build tools/testing/kexec/out

.PHONY: run check tree build clean
