"""``cxgate report --html FILE``: the report as one self-contained page with SVG charts.

No script, no stylesheet or font from the network: inline CSS and inline SVG only, so the file
opens anywhere (an air-gapped laptop, a CI artifact). Every text is HTML-escaped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from cxgate.records.report import Latency, Report

__all__ = ["report_html"]

_COLOURS = {
    "succeeded": "#2e7d32",
    "rolled_back": "#f9a825",
    "failed": "#c62828",
    "rollback_failed": "#6a1b9a",
    "p50": "#1565c0",
    "p95": "#ef6c00",
    "p99": "#c62828",
}
_W, _H, _PAD = 640, 220, 36


def report_html(report: Report, title: str = "cxgate report") -> str:
    """The whole page."""
    data = report.to_dict()
    figures = [
        ("Deployments", str(report.deployments)),
        ("Success rate", _pct(report.success_rate)),
        ("Conflict rate", _pct(report.conflict_rate)),
        ("Rollback rate", _pct(report.rollback_rate)),
        ("Mean time to roll back", _secs(report.mean_time_to_rollback_s)),
        ("Validation error rate", _pct(report.validation_error_rate)),
    ]
    cards = "".join(
        f'<div class="card"><div class="v">{escape(v)}</div><div>{escape(k)}</div></div>'
        for k, v in figures
    )
    sections = [
        f"<h1>{escape(title)}</h1>",
        f"<p>{escape(str(data['since']))} – {escape(str(data['until']))}</p>",
        f'<div class="cards">{cards}</div>',
        "<h2>Deployments per day</h2>",
        _stacked(report.per_day),
        "<h2>Step latency by kind (ms)</h2>",
        _percentiles(report.latency_by_kind),
        _table(report.latency_by_kind),
        "<h2>Request latency by endpoint (ms)</h2>",
        _percentiles(report.latency_by_endpoint),
        _table(report.latency_by_endpoint),
    ]
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>"
        + "".join(sections)
        + "</body></html>\n"
    )


_CSS = (
    "body{font-family:system-ui,sans-serif;margin:2em;color:#222}"
    ".cards{display:flex;flex-wrap:wrap;gap:1em}"
    ".card{border:1px solid #ddd;border-radius:6px;padding:.8em 1.2em;min-width:9em}"
    ".card .v{font-size:1.6em;font-weight:600}"
    "table{border-collapse:collapse;margin:.5em 0 1.5em}"
    "td,th{border-bottom:1px solid #eee;padding:.25em .8em;text-align:right}"
    "td:first-child,th:first-child{text-align:left}svg text{font-size:11px}"
)


def _stacked(per_day: Mapping[str, Mapping[str, int]]) -> str:
    if not per_day:
        return "<p>No deployments in this period.</p>"
    top = max(sum(row.values()) for row in per_day.values()) or 1
    width = (_W - 2 * _PAD) / len(per_day)
    parts = []
    for i, (day, row) in enumerate(per_day.items()):
        x, y = _PAD + i * width, float(_H - _PAD)
        for status, count in sorted(row.items()):
            height = (_H - 2 * _PAD) * count / top
            y -= height
            parts.append(
                f'<rect x="{x + 2:.1f}" y="{y:.1f}" width="{max(width - 4, 1):.1f}" '
                f'height="{height:.1f}" fill="{_COLOURS.get(status, "#777")}">'
                f"<title>{escape(day)}: {count} {escape(status)}</title></rect>"
            )
        parts.append(
            f'<text x="{x + width / 2:.1f}" y="{_H - _PAD + 14}" text-anchor="middle">'
            f"{escape(day[5:])}</text>"
        )
    return _svg(parts, f"max {top} per day", sorted({s for r in per_day.values() for s in r}))


def _percentiles(table: Mapping[str, Latency]) -> str:
    if not table:
        return "<p>No latencies recorded in this period.</p>"
    top = max(lat.p99 for lat in table.values()) or 1.0
    group = (_W - 2 * _PAD) / len(table)
    bar = max(group / 4, 1)
    parts = []
    for i, (name, lat) in enumerate(table.items()):
        for j, (label, value) in enumerate((("p50", lat.p50), ("p95", lat.p95), ("p99", lat.p99))):
            height = (_H - 2 * _PAD) * value / top
            x = _PAD + i * group + bar * (j + 0.5)
            parts.append(
                f'<rect x="{x:.1f}" y="{_H - _PAD - height:.1f}" width="{bar:.1f}" '
                f'height="{height:.1f}" fill="{_COLOURS[label]}">'
                f"<title>{escape(name)} {label}: {value:.1f} ms</title></rect>"
            )
        parts.append(
            f'<text x="{_PAD + (i + 0.5) * group:.1f}" y="{_H - _PAD + 14}" '
            f'text-anchor="middle">{escape(name[-24:])}</text>'
        )
    return _svg(parts, f"max {top:.0f} ms", ["p50", "p95", "p99"])


def _svg(parts: Sequence[str], scale: str, legend: Sequence[str]) -> str:
    keys = "".join(
        f'<rect x="{_PAD + i * 110}" y="6" width="10" height="10" '
        f'fill="{_COLOURS.get(k, "#777")}"/>'
        f'<text x="{_PAD + i * 110 + 14}" y="15">{escape(k)}</text>'
        for i, k in enumerate(legend)
    )
    axis = (
        f'<line x1="{_PAD}" y1="{_H - _PAD}" x2="{_W - _PAD}" y2="{_H - _PAD}" stroke="#999"/>'
        f'<text x="{_W - _PAD}" y="15" text-anchor="end">{escape(scale)}</text>'
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_W}" height="{_H}" '
        f'viewBox="0 0 {_W} {_H}" role="img">{keys}{axis}{"".join(parts)}</svg>'
    )


def _table(table: Mapping[str, Latency]) -> str:
    if not table:
        return ""
    rows = "".join(
        f"<tr><td>{escape(name)}</td><td>{lat.count}</td><td>{lat.p50:.1f}</td>"
        f"<td>{lat.p95:.1f}</td><td>{lat.p99:.1f}</td></tr>"
        for name, lat in table.items()
    )
    return f"<table><tr><th></th><th>n</th><th>p50</th><th>p95</th><th>p99</th></tr>{rows}</table>"


def _pct(rate: float | None) -> str:
    return "n/a" if rate is None else f"{rate * 100:.1f}%"


def _secs(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f} s"
