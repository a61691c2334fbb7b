"""Export writer: deterministic files that plan back to zero changes."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from cxgate.bundle.load import load_or_raise
from cxgate.bundle.writer import (
    Selector,
    _ordered,
    dump_yaml,
    live_bodies,
    selected,
    slug,
    write_bundle,
)
from cxgate.errors import ConfigError
from cxgate.plan.diff import diff_states
from cxgate.plan.ownership import Ownership
from cxgate.resource.live import LiveState
from cxgate.testing.entities import synth_entities

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
    first = write_bundle(tmp_path, live_bodies(live), CONFIG).written
    first_bytes = {p: p.read_bytes() for p in first}
    second = write_bundle(tmp_path, live_bodies(live), CONFIG)
    assert first_bytes == {p: p.read_bytes() for p in second.written}
    assert second.removed == []
    fewer = live_bodies(live, exclude=[Selector.parse("queue:Queue 00003")])
    third = write_bundle(tmp_path, fewer, CONFIG)
    assert third.removed == [tmp_path / "queues" / "queue-00003.yaml"]
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


TRICKY = {
    "name": "Ventes – Île \"A\" 'b'",
    "description": "line one\nline two",
    "long": "word " * 40,
    "quoted": ["yes", "0123", "2024-01-01", "a: b", "", "null"],
    "flags": {"on": True, "none": None, "ratio": 0.8},
}


@pytest.mark.skipif(not hasattr(yaml, "CSafeDumper"), reason="PyYAML without libyaml")
def test_libyaml_and_python_emitters_write_the_same_text() -> None:
    """The fast emitter changes nothing in the files (so exports diff cleanly anywhere)."""

    class PythonDumper(yaml.SafeDumper):
        def ignore_aliases(self, data: object) -> bool:
            return True

    options = {"sort_keys": False, "allow_unicode": True, "default_flow_style": False}
    slow = yaml.dump(_ordered(TRICKY), Dumper=PythonDumper, width=100, **options)
    assert dump_yaml(TRICKY) == slow
    assert yaml.safe_load(slow) == TRICKY


def test_config_none_keeps_cxgate_yaml_and_other_kinds_files(tmp_path: Path) -> None:
    """Writing only queues leaves the team's cxgate.yaml and the skills file alone."""
    live = LiveState.from_entities(synth_entities(3, 2, 1))
    write_bundle(tmp_path, live_bodies(live), CONFIG)
    (tmp_path / "cxgate.yaml").write_text("version: 1\nvars: {team: ours}\n")
    only_queues = {"queue": live_bodies(live)["queue"]}
    written = write_bundle(tmp_path, only_queues, None).written
    assert tmp_path / "cxgate.yaml" not in written
    assert "team: ours" in (tmp_path / "cxgate.yaml").read_text()
    assert (tmp_path / "skills.yaml").is_file()
