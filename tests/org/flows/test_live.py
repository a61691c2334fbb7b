"""read_org_flows: every flow's metadata, the bundle's definitions through one export job."""

from __future__ import annotations

from cxgate.bundle.flows import load_flows
from cxgate.client import GenesysClient
from cxgate.emulator import Emulator
from cxgate.org.flows.live import read_org_flows
from tests.flow.helpers import EXAMPLES

EXPORTS = "/api/v2/flows/export/jobs"
KEYS = [
    ("inboundCall", "acme main ivr"),
    ("inqueueCall", "acme hold"),
    ("inboundCall", "acme after hours"),
]


def test_definitions_of_several_flows_in_one_export(
    client: GenesysClient, emulator: Emulator
) -> None:
    """One job (a zip download); the published files compare equal to the bundle's."""
    org = read_org_flows(client, KEYS)
    assert emulator.count("POST", EXPORTS) == 1
    assert org.names == {"Acme Main IVR", "Acme Hold", "Acme After Hours"}
    bundle = {f.key: f for f in load_flows(EXAMPLES.parent, {})[0]}
    main = org.get(KEYS[0])
    assert main is not None
    assert main.version == "2.0"
    assert main.body == bundle[KEYS[0]].body()
    after = org.get(KEYS[2])
    assert after is not None
    assert after.body["definition"] != bundle[KEYS[2]].body()["definition"]


def test_one_flow_downloads_as_its_file(client: GenesysClient, emulator: Emulator) -> None:
    """A single flow's export is the YAML itself, not a zip."""
    org = read_org_flows(client, KEYS[1:2])
    hold = org.get(KEYS[1])
    assert hold is not None
    assert "inqueueCall" in hold.body["definition"]
    assert org.get(KEYS[0]) is None


def test_nothing_wanted_costs_no_export(client: GenesysClient, emulator: Emulator) -> None:
    """Without bundle flows only the listing is read; a flow with no version has no file."""
    client.post("/api/v2/flows", {"name": "Empty", "type": "INBOUNDCALL"})
    org = read_org_flows(client, [("inboundCall", "empty")])
    empty = org.get(("inboundCall", "empty"))
    assert empty is not None
    assert "definition" not in empty.body
    assert emulator.count("POST", EXPORTS) == 0
