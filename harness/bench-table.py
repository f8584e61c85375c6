#!/usr/bin/env python3
"""The tables of harness/bench.sh: bench-table.py RAW_TSV

Medians per kernel and initrd size of each figure in RAW_TSV (one run per
line, see bench.sh), as Markdown tables: "overlay / stock (ratio)". The runs
on the host's clock come first; the runs under QEMU -icount, whose guest
figures do not depend on the host's load, get a table of their own. A
figure a kernel never reported is "n/a"; the run count is per kernel.
"""
import statistics
import sys

# column in the raw file, heading, scale to the unit shown, digits
WALL_FIGURES = [
    ("load_us", "load (ms)", 1e-3, 0),
    ("held_kib", "held after load (MiB)", 1 / 1024, 0),
    ("peak_kib", "peak during load (MiB)", 1 / 1024, 0),
    ("downtime_s", "exec downtime (s)", 1, 2),
    ("init_s", "to B's /init (s)", 1, 2),
    ("copied_kib", "copied at exec (KiB)", 1, 0),
    ("digest_mbs", "digest (MB/s)", 1, 0),
]
ICOUNT_FIGURES = [
    ("load_us", "load (virtual ms)", 1e-3, 0),
    ("held_kib", "held after load (MiB)", 1 / 1024, 0),
    ("peak_kib", "peak during load (MiB)", 1 / 1024, 0),
    ("downtime_mcycles", "reboot call to B's /init (M ticks)", 1, 0),
    ("copied_kib", "copied at exec (KiB)", 1, 0),
    ("digest_mbs", "digest (virtual MB/s)", 1, 0),
]


def median(values):
    nums = [float(v) for v in values if v not in ("n/a", None)]
    return statistics.median(nums) if nums else None


def show(value, scale, digits):
    return "n/a" if value is None else f"{value * scale:.{digits}f}"


def table(rows, figures):
    sizes = sorted({int(r["initrd_mib"]) for r in rows})
    print("| initrd | runs | " + " | ".join(f[1] for f in figures) + " |")
    print("| --- " * (len(figures) + 2) + "|")
    for size in sizes:
        cells = []
        per = {k: [r for r in rows if r["kernel"] == k and int(r["initrd_mib"]) == size]
               for k in ("overlay", "stock")}
        for key, _, scale, digits in figures:
            ov = median(r.get(key) for r in per["overlay"])
            st = median(r.get(key) for r in per["stock"])
            cell = f"{show(ov, scale, digits)} / {show(st, scale, digits)}"
            if ov is not None and st:
                cell += f" ({ov / st:.2f}x)"
            cells.append(cell)
        runs = f"{len(per['overlay'])}+{len(per['stock'])}"
        print(f"| {size} MiB | {runs} | " + " | ".join(cells) + " |")


def main():
    with open(sys.argv[1], encoding="utf-8") as raw:
        head = raw.readline().rstrip("\n").split("\t")
        rows = [dict(zip(head, line.rstrip("\n").split("\t"))) for line in raw]
    wall = [r for r in rows if r.get("mode", "wall") == "wall"]
    icount = [r for r in rows if r.get("mode") == "icount"]
    if wall:
        print("Host clock (QEMU/TCG, medians):\n")
        table(wall, WALL_FIGURES)
    if icount:
        print("\nUnder -icount (a tick is a guest instruction; reproducible):\n")
        table(icount, ICOUNT_FIGURES)


if __name__ == "__main__":
    main()
