#!/usr/bin/env python3
"""The tables of harness/bench.sh: bench-table.py RAW_TSV [PLOT_PNG]

Medians per kernel and initrd size of each figure in RAW_TSV (one run per
line, see bench.sh), as Markdown tables: "overlay / stock (ratio)". The runs
on the host's clock come first; the runs under QEMU -icount, whose guest
figures do not depend on the host's load, get a table of their own. A
figure a kernel never reported is "n/a"; the run count is per kernel.
With PLOT_PNG, the same medians are also drawn, one panel per figure,
overlay and stock against the initrd size (needs python3-matplotlib).
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


def medians(rows, key, kernel):
    """(size, median) of one figure for one kernel, sizes ascending."""
    points = []
    for size in sorted({int(r["initrd_mib"]) for r in rows}):
        value = median(r.get(key) for r in rows
                       if r["kernel"] == kernel and int(r["initrd_mib"]) == size)
        if value is not None:
            points.append((size, value))
    return points


def plot(wall, icount, path):
    """One panel per figure that some kernel reported, in a PNG at path."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print(f"bench-table: no plot ({path}): python3-matplotlib is not installed",
              file=sys.stderr)
        return
    panels = [(rows, fig, mode) for rows, figs, mode in
              ((wall, WALL_FIGURES, "host clock"), (icount, ICOUNT_FIGURES, "-icount"))
              for fig in figs
              if any(medians(rows, fig[0], k) for k in ("overlay", "stock"))]
    if not panels:
        return
    cols = 3
    fig, axes = plt.subplots((len(panels) + cols - 1) // cols, cols,
                             figsize=(5 * cols, 3.6 * ((len(panels) + cols - 1) // cols)),
                             squeeze=False)
    for ax, (rows, (key, heading, scale, _), mode) in zip(axes.flat, panels):
        for kernel, style in (("overlay", "o-"), ("stock", "s--")):
            points = medians(rows, key, kernel)
            if points:
                ax.plot([p[0] for p in points], [p[1] * scale for p in points],
                        style, label=kernel)
        ax.set_title(f"{heading}, {mode}", fontsize=9)
        ax.set_xlabel("initrd (MiB)")
        ax.set_xscale("log", base=2)
        ax.set_ylim(bottom=0)
        ax.legend(fontsize=8)
    for ax in list(axes.flat)[len(panels):]:
        ax.axis("off")
    fig.tight_layout()
    fig.savefig(path, dpi=100)


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
    if len(sys.argv) > 2:
        plot(wall, icount, sys.argv[2])


if __name__ == "__main__":
    main()
