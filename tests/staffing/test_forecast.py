"""The forecast block of a queue and the gate validate will run on it."""

from __future__ import annotations

from pathlib import Path

import pydantic
import pytest

from cxgate.bundle.load import load_bundle
from cxgate.staffing.forecast import Forecast, check_forecast


def test_forecast_reads_bundle_yaml_fields() -> None:
    """Durations may be written 30m / 240s; field names are the short YAML ones."""
    forecast = Forecast.model_validate(
        {"calls": 450, "per": "30m", "aht": "240s", "patience": "2m", "agents": 60}
    )
    assert (forecast.per_seconds, forecast.aht_seconds, forecast.patience_seconds) == (
        1800.0,
        240.0,
        120.0,
    )
    assert forecast.traffic().load == pytest.approx(60.0)


def test_agents_default_to_live() -> None:
    """Without an agent count the forecast asks for the live on-queue agents."""
    forecast = Forecast(calls=10, per_seconds=180, aht_seconds=180)
    assert forecast.agents == "live"
    assert forecast.patience_seconds is None


@pytest.mark.parametrize(
    ("fields", "where"),
    [
        ({"calls": -1, "per": "30m", "aht": "240s"}, "calls"),
        ({"calls": 10, "per": "30x", "aht": "240s"}, "per"),
        ({"calls": 10, "per": "0", "aht": "240s"}, "per"),
        ({"calls": 10, "per": "30m", "aht": "240s", "agents": "some"}, "agents"),
        ({"calls": 10, "per": "30m", "aht": "240s", "agents": True}, "agents"),
        ({"calls": 10, "per": "30m", "aht": "240s", "agents": 12.5}, "agents"),
        ({"calls": 10, "per": "30m", "aht": "240s", "agnets": 5}, "agnets"),
    ],
)
def test_bad_forecasts_name_the_field(fields: dict[str, object], where: str) -> None:
    """pydantic reports the field at fault, so validate can point at the YAML line."""
    with pytest.raises(pydantic.ValidationError) as info:
        Forecast.model_validate(fields)
    assert where in str(info.value)


def test_a_forecast_too_large_to_project_is_a_validation_error() -> None:
    """1e300 calls overflow the maths: refused where the YAML is read, naming the load."""
    with pytest.raises(pydantic.ValidationError, match="is above the supported 1e\\+08"):
        Forecast.model_validate({"calls": 1e300, "per": "30m", "aht": "4m"})


def test_a_bundle_forecast_too_large_is_a_located_problem(tmp_path: Path) -> None:
    """validate names the file and line instead of stopping with a traceback."""
    (tmp_path / "queues").mkdir()
    (tmp_path / "cxgate.yaml").write_text("version: 1\n")
    (tmp_path / "queues" / "q.yaml").write_text(
        "name: Q\nforecast:\n  calls: 1e300\n  per: 30m\n  aht: 4m\n  agents: 3\n"
    )
    _, problems = load_bundle(tmp_path)
    assert [(p.file, p.line, p.path) for p in problems] == [("queues/q.yaml", 2, "forecast")]
    assert "offered load" in problems[0].message


def _forecast(agents: int | str = "live", patience: str | None = None) -> Forecast:
    return Forecast.model_validate(
        {"calls": 10, "per": "3m", "aht": "3m", "agents": agents, "patience": patience}
    )


def test_gate_passes_with_enough_agents() -> None:
    """14 agents on 10 Erlangs meet 80/20: ok, with the numbers in the message."""
    result = check_forecast(_forecast(14), 0.8, 20.0)
    assert result.ok
    assert (result.required_agents, result.agents) == (14, 14)
    assert result.projected_sl == pytest.approx(0.888350, abs=1e-6)
    assert "88.8%" in result.message
    assert "meets" in result.message


def test_gate_fails_and_says_how_many_are_needed() -> None:
    """12 agents miss 80/20: the message gives projected SL and the agents required."""
    result = check_forecast(_forecast(12), 0.8, 20.0)
    assert not result.ok
    assert "64.0%" in result.message
    assert "needs 14 agents" in result.message


def test_gate_uses_live_agents_passed_in() -> None:
    """agents: live takes the count the caller read from the org."""
    assert check_forecast(_forecast("live"), 0.8, 20.0, agents=15).agents == 15


def test_gate_needs_a_count_for_live() -> None:
    """agents: live with no count given is an error that says so."""
    with pytest.raises(ValueError, match="live"):
        check_forecast(_forecast("live"), 0.8, 20.0)


def test_gate_reports_overload() -> None:
    """Fewer agents than Erlangs (no patience) is reported as an unbounded queue."""
    result = check_forecast(_forecast(8), 0.8, 20.0)
    assert not result.ok
    assert result.projected_sl == 0.0
    assert "grows without bound" in result.message


def test_gate_with_patience_mentions_abandonment() -> None:
    """With a patience the gate projects Erlang A and quotes the abandon rate."""
    result = check_forecast(_forecast(8, patience="1m"), 0.8, 20.0)
    assert "abandon" in result.message
    assert result.metrics.abandon_rate is not None
