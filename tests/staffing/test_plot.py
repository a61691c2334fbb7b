"""The optional chart: a clear error without matplotlib, a PNG with it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from cxgate.errors import ConfigError
from cxgate.staffing.plot import plot_counts, write_plot
from cxgate.staffing.traffic import Traffic

ROWS = [Traffic(10 / 180, 180.0).metrics(n, 20.0) for n in range(8, 20)]


@pytest.mark.parametrize(
    ("required", "load", "agents", "first", "last"),
    [(14, 10.0, None, 7, 21), (1, 0.1, None, 1, 6), (10_013, 10_000.0, 9_000, 8_800, 10_213)],
)
def test_plot_counts_span_the_interesting_range(
    required: int, load: float, agents: int | None, first: int, last: int
) -> None:
    """From 2·√A below the lower of required/asked to 2·√A above the higher, at least ±5."""
    counts = plot_counts(required, load, agents)
    assert (counts[0], counts[-1]) == (first, last)


def test_missing_matplotlib_says_how_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Without matplotlib the error names the extra to install."""
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(ConfigError, match=r"cxgate\[plot\]"):
        write_plot(tmp_path / "x.png", ROWS, target_sl=0.8, required=14, title="t")


def test_writes_a_png(tmp_path: Path) -> None:
    """With matplotlib installed the chart is a PNG file (overloaded rows included)."""
    pytest.importorskip("matplotlib")
    path = tmp_path / "staffing.png"
    write_plot(path, ROWS, target_sl=0.8, required=14, title="10 Erlangs")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_unwritable_path_is_a_clear_error(tmp_path: Path) -> None:
    """A path in a missing directory gives a message naming it, not a traceback."""
    pytest.importorskip("matplotlib")
    path = tmp_path / "missing" / "staffing.png"
    with pytest.raises(ConfigError, match="cannot write the plot"):
        write_plot(path, ROWS, target_sl=None, required=14, title="t")
