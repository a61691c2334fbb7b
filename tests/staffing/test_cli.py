"""``cxgate staffing`` end to end: outputs, option errors, the plot, and live agents
(``--queue``) read from an in-process emulator."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cxgate.cli import staffing as staffing_cli
from cxgate.cli.common import run_app
from cxgate.cli.main import app
from cxgate.client import GenesysClient
from cxgate.clock import FakeClock
from cxgate.emulator import Emulator
from cxgate.emulator.observations import set_queue_observation
from tests.demo_org import connect

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


def test_a_narrow_terminal_never_cuts_column_names(monkeypatch: pytest.MonkeyPatch) -> None:
    """At 40 columns the table keeps its names ("occupancy", not "occupan…")."""
    monkeypatch.setenv("COLUMNS", "40")
    code, out, _ = _invoke(*REFERENCE, "--patience", "2m", "--agents", "12")
    assert code == 0
    header = next(line for line in out.splitlines() if "agents" in line and "SL" in line)
    assert header.split() == [
        "agents",
        "SL",
        "P(wait)",
        "ASA",
        "abandon",
        "occupancy",
        "queue",
        "note",
    ]
    assert "…" not in out


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
        (["--calls", "nan"], "'--calls': must be a number, e.g. 450; got 'nan'"),
        (["--calls", "inf"], "'--calls': must be a number, e.g. 450; got 'inf'"),
        (["--calls", "-1"], "'--calls': must be 0 or more; got -1"),
        (["--calls", "many"], "'--calls': must be a number, e.g. 450; got 'many'"),
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


LIVE = ["staffing", "--calls", "200", "--per", "30m", "--aht", "240s", "--target", "80/20"]


@pytest.fixture
def live_org(
    monkeypatch: pytest.MonkeyPatch, emulator: Emulator, clock: FakeClock
) -> list[str | None]:
    """Send the command's client to the in-process demo org; record the profiles asked for.

    Support - Tier 1 gets 30 agents on queue (IDLE 4, INTERACTING 26) and 5 on a break.
    """
    tier1 = emulator.find("queue", "Support - Tier 1")
    assert tier1 is not None
    set_queue_observation(
        emulator.store,
        tier1["id"],
        on_queue={"IDLE": 4, "INTERACTING": 26},
        off_queue={"BREAK": 5},
    )
    profiles: list[str | None] = []

    def fake_open(profile: str | None = None) -> GenesysClient:
        profiles.append(profile)
        return connect(emulator, clock)

    monkeypatch.setattr(staffing_cli, "open_client", fake_open)
    return profiles


def test_queue_projects_the_agents_on_queue_now(live_org: list[str | None]) -> None:
    """--queue reads the agents on queue, says where from, and judges that staffing level."""
    code, out, _ = _invoke(*LIVE, "--queue", "support - tier 1", "--profile", "prod")
    assert code == 0
    text = " ".join(out.split())
    assert "Live: 30 agents on queue in 'support - tier 1' now" in text
    assert "IDLE 4, INTERACTING 26; 35 logged in of 48 members" in text
    assert "from POST /api/v2/analytics/queues/observations/query" in text
    assert "With 30 agents: service level" in text
    assert " live" in text
    assert "--agents" not in text
    assert live_org == ["prod"]


def test_queue_json_keeps_the_document_shape(live_org: list[str | None]) -> None:
    """With --queue, stdout is the same JSON document as with --agents; the source goes to
    stderr."""
    code, out, err = _invoke(*LIVE, "--queue", "Support - Tier 1", "-o", "json")
    assert code == 0
    live = json.loads(out)
    _, plain, _ = _invoke(*LIVE, "--agents", "30", "-o", "json")
    assert live == json.loads(plain)
    assert "Live: 30 agents on queue" in " ".join(err.split())


def test_queue_markdown_starts_with_the_source(live_org: list[str | None]) -> None:
    """Markdown output (for a pull request) lists where the agents came from first."""
    code, out, _ = _invoke(*LIVE, "--queue", "Support - Tier 1", "-o", "markdown")
    assert code == 0
    assert out.startswith("- Live: 30 agents on queue in 'Support - Tier 1' now")
    assert "| 30 |" in out
    assert "live |" in out


def test_queue_and_agents_are_mutually_exclusive(live_org: list[str | None]) -> None:
    """--queue with --agents is a usage error that says to pick one; the org is not read."""
    code, _, err = _invoke(*LIVE, "--queue", "Billing", "--agents", "12")
    assert code == 2
    assert "not both" in err
    assert live_org == []


def test_an_unknown_queue_names_close_ones(live_org: list[str | None]) -> None:
    """A queue name the org does not have is a usage error suggesting close names."""
    code, _, err = _invoke(*LIVE, "--queue", "Suport - Tier 1")
    assert code == 2
    message = " ".join(err.replace("│", " ").split())
    assert "Invalid value for '--queue': no queue is named 'Suport - Tier 1'" in message
    assert "'Support - Tier 1'" in message


def test_bad_options_are_refused_before_the_org_is_read(live_org: list[str | None]) -> None:
    """A wrong local option fails without a call to the org."""
    code, _, _ = _invoke(*LIVE, "--queue", "Billing", "--max-abandon", "5%")
    assert code == 2
    assert live_org == []


def test_api_errors_are_one_line_and_exit_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], clock: FakeClock
) -> None:
    """An org that refuses the credentials: one error line naming the status, exit 1."""
    emulator = Emulator(seed="demo", clock=clock, credentials=("someone", "else"))
    monkeypatch.setattr(staffing_cli, "open_client", lambda profile=None: connect(emulator, clock))
    monkeypatch.setattr(sys, "argv", ["cxgate", *LIVE, "--queue", "Billing"])
    with pytest.raises(SystemExit) as info:
        run_app(app)
    assert info.value.code == 1
    err = capsys.readouterr().err
    assert "401" in err
    assert "Traceback" not in err
    assert "staffing-secret" not in err
