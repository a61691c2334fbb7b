"""Export: which kinds are read, what cxgate.yaml says, what it costs."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxgate.bundle.writer import Selector
from cxgate.org.export import export_org, selected_kinds
from cxgate.resource import KINDS
from cxgate.testing.entities import StaticReader, synth_entities


@pytest.mark.parametrize(
    ("include", "exclude", "expected"),
    [
        ((), (), set(KINDS)),
        (("queue:Sales*",), (), {"queue"}),
        (("queue", "skill"), ("skill",), {"queue"}),
        ((), ("queue:Old*",), set(KINDS)),
    ],
)
def test_selected_kinds(
    include: tuple[str, ...], exclude: tuple[str, ...], expected: set[str]
) -> None:
    """Includes pick kinds; only a whole-kind exclude drops one."""
    chosen = selected_kinds(
        [Selector.parse(s) for s in include], [Selector.parse(s) for s in exclude]
    )
    assert {k.name for k in chosen} == expected


def _reader() -> StaticReader:
    entities = synth_entities(queues=3, skills=2, wrapup_codes=1, languages=1)
    lists = {KINDS[k].api_path: entities[k] for k in ("skill", "language", "wrapup_code", "queue")}
    return StaticReader(gets={"/api/v2/organizations/me": entities["organization"][0]}, lists=lists)


def test_export_writes_org_details_and_reads_each_kind_once(tmp_path: Path) -> None:
    """cxgate.yaml names the org; one GET for org and features, one listing per kind."""
    reader = _reader()
    result = export_org(reader, tmp_path)
    assert result.counts == {
        "organization": 1,
        "feature": 13,
        "skill": 2,
        "language": 1,
        "wrapup_code": 1,
        "queue": 3,
    }
    assert "name: Synthetic Org" in (tmp_path / "cxgate.yaml").read_text()
    assert len(reader.calls) == 5


def test_a_selection_still_reads_the_org_for_cxgate_yaml(tmp_path: Path) -> None:
    """Only queues are written, but the org's id goes in cxgate.yaml."""
    reader = _reader()
    result = export_org(reader, tmp_path, [Selector.parse("queue")])
    assert result.counts == {"queue": 3}
    assert sorted(reader.calls) == ["GET /api/v2/organizations/me", "LIST /api/v2/routing/queues"]
    assert "id:" in (tmp_path / "cxgate.yaml").read_text()
    assert not (tmp_path / "org.yaml").exists()
