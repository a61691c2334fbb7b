"""Export writer: deterministic files that plan back to zero changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxgate.bundle.load import load_or_raise
from cxgate.bundle.writer import Selector, dump_yaml, live_bodies, selected, slug, write_bundle
from cxgate.errors import ConfigError
from cxgate.plan.diff import diff_states
from cxgate.resource.live import LiveState
from cxgate.resource.synth import synth_entities
from cxgate.safety.ownership import Ownership

CONFIG = {"version": 1, "org": {"name": "Synthetic Org"}}


@pytest.mark.parametrize(("queues", "skills", "codes"), [(5, 4, 3), (600, 500, 200)])
def test_export_then_plan_has_no_changes(
    tmp_path: Path, queues: int, skills: int, codes: int
) -> None:
    """Round trip: what export writes, plan reads back as identical to the org."""
    live = LiveState.from_entities(synth_entities(queues, skills, codes))
    write_bundle(tmp_path, live_bodies(live), CONFIG)
    desired, warnings = load_or_raise(tmp_path)
    assert warnings == []
    assert desired.count("queue") == queues
    assert diff_states(live, desired, Ownership()) == []


def test_output_is_deterministic_and_stale_files_go(tmp_path: Path) -> None:
    """Two exports are byte-identical; a queue gone from the org loses its file."""
    live = LiveState.from_entities(synth_entities(4, 2, 1))
    first = {p: p.read_bytes() for p in write_bundle(tmp_path, live_bodies(live), CONFIG)}
    second = {p: p.read_bytes() for p in write_bundle(tmp_path, live_bodies(live), CONFIG)}
    assert first == second
    fewer = live_bodies(live, exclude=[Selector.parse("queue:Queue 00003")])
    write_bundle(tmp_path, fewer, CONFIG)
    assert not (tmp_path / "queues" / "queue-00003.yaml").exists()
    assert (tmp_path / "queues" / "queue-00002.yaml").exists()


def test_names_first_then_sorted_keys() -> None:
    """People find the name on the first line; the rest is sorted."""
    assert dump_yaml({"z": 1, "name": "Q", "a": {"y": 1, "b": 2}}).splitlines() == [
        "name: Q",
        "a:",
        "  b: 2",
        "  y: 1",
        "z: 1",
    ]


@pytest.mark.parametrize(("name", "expected"), [("Sales – EMEA", "sales-emea"), ("***", "unnamed")])
def test_slugs(name: str, expected: str) -> None:
    """File names are stable, lower-case and safe."""
    assert slug(name) == expected


def test_selectors() -> None:
    """``kind`` and ``kind:pattern``; includes narrow, excludes remove; kinds are checked."""
    include = [Selector.parse("queue:Sales*")]
    assert selected("queue", "Sales EMEA", include)
    assert not selected("queue", "Support", include)
    assert not selected("queue", "Sales", include, [Selector.parse("queue")])
    with pytest.raises(ConfigError, match="unknown resource kind"):
        Selector.parse("queues")
