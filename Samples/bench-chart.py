#!/usr/bin/env python3
"""Draws an SVG chart from `pasarela bench … --json` lines (docs/benchmark.md, "Charts").

    Samples/bench-chart.py runs.jsonl [more.jsonl …] -o docs/images/ingest.svg [--x connections] [--title "…"]

Two panels side by side: throughput (requests/s, or deliveries/s for `bench outbound`) and p99
latency (of a request, or from accepted to first attempt; for `--backlog` runs, whose delays are
time spent queued, the host's CPU per delivery instead), each against --x (default: connections
for webhooks, partners for outbound). One line per `label`; several runs with the same label and
x are drawn as their median with a bar from the lowest to the highest. Standard library only.
"""
import argparse
import json
import math
import statistics
import sys
from xml.sax.saxutils import escape

METRICS = {
    "webhooks": ("requests_per_second", "requests/s", "p99_ms", "p99 latency (ms)", "connections"),
    "outbound": ("deliveries_per_second", "deliveries/s", "first_attempt_p99_ms", "accepted → first attempt p99 (ms)", "partners"),
    # A backlog's delays are the time spent queued; the host's CPU per delivery says more.
    "drain": ("deliveries_per_second", "deliveries/s", "host_cpu_us_per_delivery", "host CPU per delivery (µs)", "partners"),
}
COLOURS = ["#1f6feb", "#d1242f", "#1a7f37", "#9a6700", "#8250df", "#bf3989", "#0a7ea4", "#57606a"]
PANEL_WIDTH, PANEL_HEIGHT, MARGIN = 420, 280, 56


def read_runs(paths):
    runs = []
    for path in paths:
        with open(path, encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                if line.strip():
                    try:
                        runs.append(json.loads(line))
                    except json.JSONDecodeError as error:
                        sys.exit(f"{path}:{number}: not a line of JSON ({error})")
    kinds = {"drain" if run.get("kind") == "outbound" and run.get("backlog") else run.get("kind") for run in runs}
    if not runs or len(kinds) != 1 or not kinds <= METRICS.keys():
        sys.exit(f"expected runs of one kind (webhooks, outbound, or outbound with --backlog), found {sorted(map(str, kinds)) or 'none'}")
    return runs, kinds.pop()


def series(runs, x_key, y_key):
    """{label: [(x, median, low, high)]} sorted by x."""
    grouped = {}
    for run in runs:
        if x_key not in run or y_key not in run:
            sys.exit(f"a run has no '{x_key}' or '{y_key}'")
        grouped.setdefault(run.get("label") or "run", {}).setdefault(run[x_key], []).append(run[y_key])
    return {
        label: [(x, statistics.median(ys), min(ys), max(ys)) for x, ys in sorted(points.items())]
        for label, points in grouped.items()
    }


def nice_ceiling(value):
    """The smallest round number (1, 1.2, 1.6, 2, 2.4, 3, 4, 5, 6 or 8 × 10^k) not below value."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 1.2, 1.6, 2, 2.4, 3, 4, 5, 6, 8, 10) if step * power >= value)


def x_scale(xs):
    """A function from x to 0…1: logarithmic when the values span more than 8×."""
    low, high = min(xs), max(xs)
    if low > 0 and high / low > 8:
        return lambda x: (math.log(x) - math.log(low)) / (math.log(high) - math.log(low)), True
    span = (high - low) or 1
    return lambda x: (x - low) / span, False


def number(value):
    return f"{value:,.0f}" if value >= 100 else f"{value:g}"


def y_scale(lows, highs):
    """(function from y to 0…1, tick values, whether logarithmic): logarithmic, in powers of ten,
    when the values span more than 100×, so a latency of 5 ms stays visible beside one of 20 s."""
    low, high = min(lows), max(highs)
    if low > 0 and high / low > 100:
        bottom, top = math.floor(math.log10(low)), math.ceil(math.log10(high))
        ticks = [10.0 ** power for power in range(bottom, top + 1)]
        return lambda y: (math.log10(y) - bottom) / (top - bottom), ticks, True
    top = nice_ceiling(high)
    return lambda y: y / top, [top * tick / 4 for tick in range(5)], False


def panel(lines, offset, title, x_label, all_series):
    xs = sorted({x for points in all_series.values() for x, *_ in points})
    y_unit, y_ticks, y_logarithmic = y_scale(
        [low for points in all_series.values() for _, _, low, _ in points], [high for points in all_series.values() for *_, high in points]
    )
    to_unit, logarithmic = x_scale(xs)
    left, width, height = offset + MARGIN, PANEL_WIDTH - MARGIN - 28, PANEL_HEIGHT - 2 * MARGIN + 16
    px = lambda x: left + to_unit(x) * width
    py = lambda y: MARGIN + height - y_unit(y) * height
    lines.append(f'<text x="{left + width / 2}" y="{MARGIN - 18}" class="title">{escape(title + (" (log scale)" if y_logarithmic else ""))}</text>')
    for value in y_ticks:
        lines.append(f'<line x1="{left}" x2="{left + width}" y1="{py(value):.1f}" y2="{py(value):.1f}" class="grid"/>')
        lines.append(f'<text x="{left - 6}" y="{py(value) + 4:.1f}" class="ytick">{number(value)}</text>')
    for x in xs:
        lines.append(f'<text x="{px(x):.1f}" y="{MARGIN + height + 16}" class="xtick">{number(x)}</text>')
    scale_note = " (log scale)" if logarithmic else ""
    lines.append(f'<text x="{left + width / 2}" y="{MARGIN + height + 34}" class="axis">{escape(x_label + scale_note)}</text>')
    for index, (label, points) in enumerate(sorted(all_series.items())):
        colour = COLOURS[index % len(COLOURS)]
        path = " ".join(f"{px(x):.1f},{py(median):.1f}" for x, median, _, _ in points)
        lines.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for x, median, low, high in points:
            if high > low:
                lines.append(f'<line x1="{px(x):.1f}" x2="{px(x):.1f}" y1="{py(low):.1f}" y2="{py(high):.1f}" stroke="{colour}" class="range"/>')
            lines.append(f'<circle cx="{px(x):.1f}" cy="{py(median):.1f}" r="3" fill="{colour}"><title>{escape(label)}: {number(median)}</title></circle>')


def chart(runs, kind, x_key, title):
    throughput_key, throughput_label, p99_key, p99_label, _ = METRICS[kind]
    throughput, p99 = series(runs, x_key, throughput_key), series(runs, x_key, p99_key)
    width, height = 2 * PANEL_WIDTH, PANEL_HEIGHT + 24 + 18 * len(throughput)
    lines = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img">',
        f"<title>{escape(title)}</title>",
        "<style>text{font:12px sans-serif;fill:#24292f}.title{font-weight:bold;text-anchor:middle}.axis,.xtick{text-anchor:middle}"
        ".ytick{text-anchor:end}.grid{stroke:#d0d7de;stroke-width:1}</style>",
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    panel(lines, 0, throughput_label, x_key, throughput)
    panel(lines, PANEL_WIDTH, p99_label, x_key, p99)
    for index, label in enumerate(sorted(throughput)):
        y = PANEL_HEIGHT + 16 + 18 * index
        colour = COLOURS[index % len(COLOURS)]
        lines.append(f'<rect x="{MARGIN}" y="{y - 9}" width="14" height="4" fill="{colour}"/>')
        lines.append(f'<text x="{MARGIN + 20}" y="{y - 3}">{escape(label)}</text>')
    lines.append("</svg>")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="+", help="files of `pasarela bench … --json` lines")
    parser.add_argument("-o", "--output", required=True, help="the SVG file to write")
    parser.add_argument("--x", help="the field on the x axis (default: connections, or partners for outbound)")
    parser.add_argument("--title", default="Pasarela benchmark")
    arguments = parser.parse_args()
    runs, kind = read_runs(arguments.inputs)
    svg = chart(runs, kind, arguments.x or METRICS[kind][4], arguments.title)
    with open(arguments.output, "w", encoding="utf-8") as output:
        output.write(svg)


if __name__ == "__main__":
    main()
