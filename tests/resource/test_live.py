"""The live org as compared: reading through an ApiReader, refs, tokens, odd data."""

from __future__ import annotations

from cxgate.org.live import read_live
from cxgate.resource import KINDS
from cxgate.resource.live import LiveState
from cxgate.testing.entities import HOME, StaticReader, synth_entities

ENTITIES = synth_entities(queues=3, skills=3, wrapup_codes=2, languages=1)


def _reader() -> StaticReader:
    org = ENTITIES["organization"][0]
    lists = {KINDS[k].api_path: ENTITIES[k] for k in ("skill", "language", "wrapup_code", "queue")}
    queue_id = ENTITIES["queue"][0]["id"]
    lists[f"/api/v2/routing/queues/{queue_id}/wrapupcodes"] = [ENTITIES["wrapup_code"][0]]
    return StaticReader(gets={"/api/v2/organizations/me": org}, lists=lists)


def test_read_gets_every_kind_in_a_few_calls() -> None:
    """One call per collection and one for the org (features share it): no per-object reads."""
    reader = _reader()
    live = read_live(reader)
    assert live.count("queue") == 3
    assert live.count("skill") == 3
    assert len(reader.calls) == 5
    assert reader.calls.count("GET /api/v2/organizations/me") == 1
    assert live.org_id == ENTITIES["organization"][0]["id"]


def test_enrich_reads_sub_collections_for_named_objects_only() -> None:
    """Wrap-up codes are read only for the queues asked for."""
    reader = _reader()
    live = read_live(reader, enrich={"queue": {"Queue 00000"}})
    assert live.get("queue", "Queue 00000").body["wrapupCodes"] == ["Code 0000"]  # type: ignore[union-attr]
    assert "wrapupCodes" not in live.get("queue", "Queue 00001").body  # type: ignore[union-attr]
    assert len(reader.calls) == 6


def test_divisions_are_harvested_from_entities() -> None:
    """Division names resolve without reading the divisions endpoint."""
    live = LiveState.from_entities(ENTITIES)
    assert live.refs.id_of("division", "Home") == HOME["id"]


def test_duplicates_and_out_of_schema_values_become_warnings() -> None:
    """Odd org data never stops a plan: the first duplicate wins, raw values are kept."""
    skills = [{"id": "1", "name": "A"}, {"id": "2", "name": "A"}]
    queue = {"id": "q", "name": "Q", "skillEvaluationMethod": "FUTURE_VALUE"}
    live = LiveState.from_entities({"skill": skills, "queue": [queue]})
    assert live.get("skill", "A").id == "1"  # type: ignore[union-attr]
    assert live.get("queue", "Q").body["skillEvaluationMethod"] == "FUTURE_VALUE"  # type: ignore[union-attr]
    assert len(live.warnings) == 2
    assert live.get("queue", "nope") is None
    assert live.count("flow") == 0
