#!/usr/bin/env python3
"""The table of harness/bench.sh: bench-table.py RAW_TSV

Medians per kernel and initrd size of each figure in RAW_TSV (one run per
line, see bench.sh), as a Markdown table: "overlay / stock (ratio)". A
figure a kernel never reported is "n/a"; the run count is per kernel.
"""
import statistics
import sys

# column in the raw file, heading, scale to the unit shown, digits
FIGURES = [
    ("load_us", "load (ms)", 1e-3, 0),
    ("held_kib", "held after load (MiB)", 1 / 1024, 0),
    ("downtime_s", "exec downtime (s)", 1, 2),
    ("init_s", "to B's /init (s)", 1, 2),
    ("copied_kib", "copied at exec (MiB)", 1 / 1024, 1),
    ("digest_mbs", "digest (MB/s)", 1, 0),
]


def median(values):
    nums = [float(v) for v in values if v != "n/a"]
    return statistics.median(nums) if nums else None


def show(value, scale, digits):
    return "n/a" if value is None else f"{value * scale:.{digits}f}"


def main():
    with open(sys.argv[1], encoding="utf-8") as raw:
        head = raw.readline().rstrip("\n").split("\t")
        rows = [dict(zip(head, line.rstrip("\n").split("\t"))) for line in raw]
    sizes = sorted({int(r["initrd_mib"]) for r in rows})
    print("| initrd | runs | " + " | ".join(f[1] for f in FIGURES) + " |")
    print("| --- " * (len(FIGURES) + 2) + "|")
    for size in sizes:
        cells = []
        per = {k: [r for r in rows if r["kernel"] == k and int(r["initrd_mib"]) == size]
               for k in ("overlay", "stock")}
        for key, _, scale, digits in FIGURES:
            ov = median(r[key] for r in per["overlay"])
            st = median(r[key] for r in per["stock"])
            cell = f"{show(ov, scale, digits)} / {show(st, scale, digits)}"
            if ov is not None and st:
                cell += f" ({ov / st:.2f}x)"
            cells.append(cell)
        runs = f"{len(per['overlay'])}+{len(per['stock'])}"
        print(f"| {size} MiB | {runs} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
