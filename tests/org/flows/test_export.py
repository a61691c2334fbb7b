"""export_version: a version's Archy file through an export job and its download."""

from __future__ import annotations

import io
import zipfile

from cxgate.client import GenesysClient
from cxgate.emulator import Emulator
from cxgate.emulator.architect.editor import find_flow
from cxgate.org.flows.export import export_version, file_text
from tests.flow.helpers import EXAMPLES


def test_each_version_exports_its_own_file(client: GenesysClient, emulator: Emulator) -> None:
    """2.0 is the bundle's file; 1.0 the older one; the download carried no token."""
    flow_id = find_flow(emulator.store, "Acme Main IVR")["id"]
    assert export_version(client, flow_id, "2.0") == (EXAMPLES / "main-ivr.yaml").read_text()
    assert "no billing sub-menu" in export_version(client, flow_id, "1.0")
    assert client.upload_stats.calls == 2  # the downloads, outside the API budget


def test_a_zipped_download_is_unpacked() -> None:
    """If the server zips even one file, the YAML inside is returned."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "x")
        archive.writestr("flow.yaml", "inboundCall: {}\n")
    assert file_text(buffer.getvalue()) == "inboundCall: {}\n"
