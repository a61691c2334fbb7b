"""Commands against a hostile "Genesys" on a real loopback socket: clear errors, no data loss.

Each command reaches the server through the settings a user would set
(``GENESYSCLOUD_API_URL``), over a real socket, as in production.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import stamina

from cxgate.cli.common import run_app
from cxgate.cli.main import app
from tests.hostile import Answer, HostileServer, json_answer, unreachable_url

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bundle"
ORG = {"id": "6a1f3c2e-0000-4000-8000-000000000001", "name": "Hostile", "version": 1}

BAD = {
    "html": Answer(body=b"<html><h1>502 Proxy Error</h1></html>", content_type="text/html"),
    "empty": Answer(body=b""),
    "invalid-json": Answer(body=b'{"entities": ['),
    "no-entities": json_answer({"pageCount": 1}),
    "null-entities": json_answer({"entities": None, "pageCount": 1}),
}


def _org_then(bad: Answer) -> Callable[[str, str], Answer]:
    """The org answers; every other endpoint answers ``bad``."""
    return lambda method, path: json_answer(ORG) if path.endswith("/organizations/me") else bad


@dataclass(frozen=True)
class Run:
    exit_code: int
    output: str


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """``run(url, *args, **env)``: the real entry point (``run_app``), output captured."""

    def invoke(url: str, *args: str | Path, **env: str) -> Run:
        monkeypatch.delenv("CXGATE_PROFILE", raising=False)
        monkeypatch.setenv("GENESYSCLOUD_API_URL", url)
        monkeypatch.setenv("GENESYSCLOUD_OAUTHCLIENT_ID", "hostile-id")
        monkeypatch.setenv("GENESYSCLOUD_OAUTHCLIENT_SECRET", "hostile-secret")
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        monkeypatch.setattr(sys, "argv", ["cxgate", *map(str, args)])
        with stamina.set_testing(True, attempts=2), pytest.raises(SystemExit) as ended:
            run_app(app)
        captured = capsys.readouterr()
        return Run(int(ended.value.code or 0), captured.out + captured.err)

    return invoke


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize("bad", list(BAD))
def test_export_never_empties_a_bundle(run: Callable[..., Run], tmp_path: Path, bad: str) -> None:
    """Listings answering HTML, nothing, broken JSON or no entities: exit 1, files as they were."""
    bundle = tmp_path / "bundle"
    shutil.copytree(EXAMPLE, bundle)
    before = _files(bundle)
    with HostileServer(_org_then(BAD[bad])) as server:
        result = run(server.url, "export", bundle, "-q")
    assert result.exit_code == 1, result.output
    assert "unexpected.response" in result.output
    assert "GET /api/v2/" in result.output
    assert "Traceback" not in result.output
    assert _files(bundle) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundle"]


@pytest.mark.parametrize(
    "command",
    [
        ["plan", str(EXAMPLE)],
        ["validate", str(EXAMPLE)],
        ["flow", "versions", "Main IVR"],
        [
            "staffing",
            "--calls",
            "100",
            "--per",
            "30m",
            "--aht",
            "4m",
            "--target",
            "80/20",
            "--queue",
            "Sales",
        ],
        ["org", "queues"],
    ],
    ids=["plan", "validate", "flow-versions", "staffing", "org-queues"],
)
def test_reads_fail_instead_of_finding_nothing(
    run: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, command: list[str]
) -> None:
    """An HTML page is never read as "not in the org": one clear error and exit 1."""
    monkeypatch.chdir(tmp_path)  # plan and validate keep their state in .cxgate/ here
    with HostileServer(_org_then(BAD["html"])) as server:
        result = run(server.url, *command)
    assert result.exit_code == 1, result.output
    assert "expected JSON (application/json), got text/html" in result.output
    assert "not in the org" not in result.output
    assert "Traceback" not in result.output


def test_org_show_is_bounded_by_the_timeout(run: Callable[..., Run]) -> None:
    """A server dripping its answer cannot hold ``org show`` past CXGATE_TIMEOUT_S."""
    drip = Answer(body=b'{"id": "x", "name": "' + b"y" * 300 + b'"}', pause=0.03)
    with HostileServer(lambda method, path: drip) as server:
        result = run(server.url, "org", "show", CXGATE_TIMEOUT_S="0.4")
    assert result.exit_code == 1, result.output
    assert "before the request's deadline (CXGATE_TIMEOUT_S)" in result.output


def test_an_unreachable_org_fails_validate_once(run: Callable[..., Run]) -> None:
    """Nothing listens at the API URL: one message about the token host, exit 1."""
    result = run(unreachable_url(), "validate", EXAMPLE, "-q")
    assert result.exit_code == 1, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error")]
    assert len(errors) == 1
    assert "cannot reach the token host http://127.0.0.1:" in errors[0]
