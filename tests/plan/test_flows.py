"""Flow changes for the plan, and how a flow's file change is shown."""

from __future__ import annotations

from cxgate.bundle.flows import BundleFlow, load_flows
from cxgate.plan.change import Action, Change, FieldChange, Op
from cxgate.plan.flows import DEFINITION, definition_delta, definition_lines, flow_changes
from cxgate.plan.orgflows import OrgFlow, OrgFlows, flow_key, org_flow, shown_version
from cxgate.resource.base import Token
from tests.flow.helpers import BROKEN, EXAMPLES

PUBLISHED = Token("flow", "published=1.0;checkedIn=-;saved=-;lock=-")


def _bundle() -> dict[str, BundleFlow]:
    flows, problems = load_flows(EXAMPLES.parent, {})
    assert problems == []
    return {f.name: f for f in flows}


def _org(*flows: tuple[BundleFlow, str | None]) -> OrgFlows:
    """The org holding each flow with the given file text (None: no definition read)."""
    entries = {}
    for flow, text in flows:
        entity = {
            "id": f"id-{flow.name}",
            "name": flow.name,
            "type": flow.kind.api_type,
            "division": {"id": "d", "name": "Home"},
            "description": flow.graph.description,
            "publishedVersion": {"id": "1.0"},
        }
        entries[flow_key(entity)] = org_flow(entity, text)
    return OrgFlows(entries, frozenset(f.name for f, _ in flows))


def test_equal_files_make_no_change() -> None:
    """The org publishing the bundle's files (any layout) is no change at all."""
    bundle = _bundle()
    org = _org(*((f, f.text) for f in bundle.values()))
    assert flow_changes(list(bundle.values()), org) == []


def test_missing_flows_are_created_and_changed_ones_updated() -> None:
    """Main IVR is new; After Hours differs from the broken file the org publishes."""
    bundle = _bundle()
    broken = BROKEN.read_text(encoding="utf-8")
    org = _org(
        (bundle["Acme Hold"], bundle["Acme Hold"].text), (bundle["Acme After Hours"], broken)
    )
    changes = flow_changes(list(bundle.values()), org)
    assert [(c.action, c.name) for c in changes] == [
        (Action.CREATE, "Acme Main IVR"),
        (Action.UPDATE, "Acme After Hours"),
    ]
    update = changes[1]
    assert (update.id, update.token) == ("id-Acme After Hours", PUBLISHED)
    assert [f.path for f in update.fields] == [DEFINITION]


def test_a_flow_without_a_readable_version_gets_its_definition_added() -> None:
    """An empty flow in the org (nothing checked in): the definition field is added."""
    bundle = _bundle()
    hold = bundle["Acme Hold"]
    change = flow_changes([hold], _org((hold, None)))[0]
    assert [(f.path, f.op) for f in change.fields] == [(DEFINITION, Op.ADD)]
    assert definition_delta(change.fields[0]) is not None


def test_update_lines_show_the_graph_then_the_yaml_diff() -> None:
    """The summary names the added failure branch; the diff shows both sides."""
    bundle = _bundle()
    after = bundle["Acme After Hours"]
    org = _org((after, BROKEN.read_text(encoding="utf-8")))
    lines = definition_lines(flow_changes([after], org)[0])
    assert lines[0] == "graph: +3 -0 ~0 nodes, +4 -1 transitions"
    assert (
        "  - transition task:Billing Desk/action:Transfer to Billing --output:failure--> (end)"
        in lines
    )
    assert "--- Acme After Hours (org)" in lines
    assert any(line.startswith("+") and "Billing desk closed" in line for line in lines)


def test_long_diffs_are_cut_with_a_note() -> None:
    """Past max_lines, one line says how much was left out."""
    bundle = _bundle()
    after = bundle["Acme After Hours"]
    change = flow_changes([after], _org((after, BROKEN.read_text(encoding="utf-8"))))[0]
    lines = definition_lines(change, max_lines=3)
    assert lines[-1].startswith("… ")
    assert "more diff lines" in lines[-1]


def test_create_lines_show_only_the_size() -> None:
    """A new flow is summarised, not printed whole."""
    main = _bundle()["Acme Main IVR"]
    change = Change(Action.CREATE, "flow", main.name, desired=main.body())
    assert definition_lines(change) == ["graph: new flow, 37 nodes, 49 transitions"]
    assert definition_lines(Change(Action.CREATE, "queue", "Q", desired={})) == []


def test_other_fields_have_no_graph() -> None:
    """Only the definition field is drawn as a graph."""
    assert definition_delta(FieldChange(("description",), Op.MODIFY, "a", "b")) is None


def test_org_flows_metadata_and_versions() -> None:
    """The published version is shown, else the checked-in one; the token lists both."""
    entity = {"id": "f", "name": "X", "type": "INQUEUECALL", "checkedInVersion": {"id": "4.0"}}
    flow = org_flow(entity, None)
    assert flow == OrgFlow(
        "f",
        "X",
        {"name": "X", "type": "inqueueCall"},
        Token("flow", "published=-;checkedIn=4.0;saved=-;lock=-"),
        "4.0",
    )
    assert (
        shown_version({"publishedVersion": {"id": "2.0"}, "checkedInVersion": {"id": "3.0"}})
        == "2.0"
    )
    assert shown_version({}) is None
