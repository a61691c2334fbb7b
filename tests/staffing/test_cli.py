"""``cxgate staffing`` end to end: outputs, option errors, and the plot."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cxgate.cli.common import run_app
from cxgate.cli.main import app

REFERENCE = ["staffing", "--calls", "10", "--per", "3m", "--aht", "3m", "--target", "80/20"]


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_json_output() -> None:
    """--output json prints one object with the documented schema and the answer."""
    code, out, _ = _invoke(*REFERENCE, "--shrinkage", "30%", "--output", "json")
    assert code == 0
    document = json.loads(out)
    assert (document["required_agents"], document["scheduled_agents"]) == (14, 20)
    assert document["offered_load_erlangs"] == pytest.approx(10.0)
    assert [row["agents"] for row in document["rows"]] == list(range(11, 18))


def test_text_output_with_patience_and_agents() -> None:
    """Text output gives the answer in words and a table, Erlang A with --patience."""
    code, out, _ = _invoke(*REFERENCE, "--patience", "2m", "--agents", "12")
    assert code == 0
    assert "Erlang A, mean patience 2m" in out
    assert "Required: " in out
    assert "With 12 agents" in out
    assert "abandon" in out


def test_markdown_output() -> None:
    """--output markdown prints a pipe table."""
    code, out, _ = _invoke(*REFERENCE, "-o", "markdown", "--max-occupancy", "85%")
    assert code == 0
    assert "| agents | SL |" in out
    assert "occupancy ≤ 85.0%" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--per", "3x"], "'--per'"),
        (["--aht", "soon"], "'--aht'"),
        (["--target", "0.8/20"], "'--target'"),
        (["--target", "80"], "PERCENT/SECONDS"),
        (["--shrinkage", "1"], "shrinkage must be below 1"),
        (["--max-occupancy", "0"], "above 0"),
        (["--max-abandon", "5%"], "patience"),
        (["--patience", "-1"], "'--patience'"),
        (["--per", "0"], "'--per': must be longer than 0"),
        (["--calls", "1e12", "--per", "1s"], "'--calls' / '--per' / '--aht'"),
        (["--calls", "1e6", "--per", "1s", "--aht", "1ms", "--patience", "1h"], "'--patience'"),
    ],
)
def test_bad_options_are_usage_errors(args: list[str], message: str) -> None:
    """A wrong value exits 2 with click's message naming the option, no traceback."""
    base = dict(zip(REFERENCE[1::2], REFERENCE[2::2], strict=True))
    base.update(dict(zip(args[::2], args[1::2], strict=True)))
    argv = ["staffing", *[item for pair in base.items() for item in pair]]
    code, _, err = _invoke(*argv)
    assert code == 2
    assert message in " ".join(err.split()).replace("│", "").replace("  ", " ")
    assert "Traceback" not in err


def test_max_asa_alone_is_a_target() -> None:
    """--max-asa without --target sizes the queue for that speed of answer."""
    code, out, _ = _invoke(
        "staffing", "--calls", "10", "--per", "3m", "--aht", "3m", "--max-asa", "10s", "-o", "json"
    )
    assert code == 0
    document = json.loads(out)
    row = next(r for r in document["rows"] if r["agents"] == document["required_agents"])
    assert row["asa_seconds"] <= 10.0


def test_a_target_is_required() -> None:
    """Without --target, --max-asa or --max-abandon the command says which to give."""
    code, _, err = _invoke("staffing", "--calls", "10", "--per", "3m", "--aht", "3m")
    assert code == 2
    assert "--target 80/20" in err


def test_plot_without_matplotlib_is_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """--plot without the extra exits 1 with how to install it."""
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    monkeypatch.setattr(sys, "argv", ["cxgate", *REFERENCE, "--plot", str(tmp_path / "s.png")])
    with pytest.raises(SystemExit) as info:
        run_app(app)
    assert info.value.code == 1
    assert "cxgate[plot]" in capsys.readouterr().err


def test_plot_writes_the_chart(tmp_path: Path) -> None:
    """--plot FILE.png writes the chart and says where, keeping stdout for the output."""
    pytest.importorskip("matplotlib")
    path = tmp_path / "s.png"
    code, out, _ = _invoke(*REFERENCE, "--plot", str(path), "-o", "json")
    assert code == 0
    assert json.loads(out)["required_agents"] == 14
    assert path.stat().st_size > 1000
