"""examples/ci: the workflow's commands against the emulator, with a stand-in ``gh``; the
workflow and the composite action against GitHub's schemas."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from cxgate.emulator import Emulator
from cxgate.emulator.serve import EmulatorServer
from tests.cli.sarif_check import checked_records

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "examples" / "ci" / "cxgate-ci.sh"
WORKFLOW = ROOT / "examples" / "ci" / "github-actions.yml"
ACTION = ROOT / "action.yml"
STANDIN = Path(__file__).parent / "gh_standin.py"
MARKER = "<!-- cxgate-plan -->"


@pytest.fixture
def served() -> Iterator[EmulatorServer]:
    """The demo org on a loopback socket (the script runs cxgate as its own process)."""
    with EmulatorServer(Emulator(seed="demo", rate_limit=0)) as server:
        yield server


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A checkout: a bundle adding one skill, and a ``gh`` stand-in first on PATH."""
    bundle = tmp_path / "checkout" / "bundle"
    bundle.mkdir(parents=True)
    (bundle / "cxgate.yaml").write_text("version: 1\n")
    (bundle / "skills.yaml").write_text("skills: [CI Review]\n")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    gh = bin_dir / "gh"
    gh.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{STANDIN}" "$@"\n')
    gh.chmod(0o755)
    (tmp_path / "github").mkdir()
    return tmp_path


def _env(work: Path, server: EmulatorServer) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("GENESYSCLOUD_", "CXGATE_"))}
    return {
        **keep,
        "PATH": f"{work / 'bin'}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}"
        + keep["PATH"],
        "GENESYSCLOUD_API_URL": server.url,
        "GENESYSCLOUD_OAUTHCLIENT_ID": "ci",
        "GENESYSCLOUD_OAUTHCLIENT_SECRET": "ci-secret",
        "CXGATE_BUNDLE": "bundle",
        "CXGATE_STATE_DIR": str(work / "state"),
        "GH_STANDIN_DIR": str(work / "github"),
        "GITHUB_REPOSITORY": "acme/contact-center",
        "PR_NUMBER": "7",
        "GITHUB_SHA": "def456",
    }


def _ci(work: Path, server: EmulatorServer, command: str) -> subprocess.CompletedProcess[str]:
    env = _env(work, server)
    return subprocess.run(
        ["bash", str(SCRIPT), command],
        cwd=work / "checkout",
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _comments(work: Path) -> list[dict[str, Any]]:
    comments: list[dict[str, Any]] = json.loads((work / "github" / "comments.json").read_text())
    return comments


def test_review_then_merge(work: Path, served: EmulatorServer) -> None:
    """Pull request: validate (SARIF), plan, one comment kept up to date; merge: the reviewed
    plan file is fetched and applied, and the org has the change."""
    checkout = work / "checkout"
    validated = _ci(work, served, "validate")
    assert validated.returncode == 0, validated.stdout + validated.stderr
    _, records = checked_records((checkout / "cxgate.sarif").read_text(), work)
    assert records == []

    planned = _ci(work, served, "plan")
    assert planned.returncode == 0, planned.stdout + planned.stderr  # plan's exit 2 is fine
    comment = (checkout / "cxgate-plan.md").read_text()
    assert comment.startswith(MARKER)
    assert "CI Review" in comment
    assert json.loads((checkout / "cxgate-plan.json").read_text())["checksum"]

    for _ in range(2):  # a second push updates the comment, never adds one
        commented = _ci(work, served, "comment")
        assert commented.returncode == 0, commented.stdout + commented.stderr
    assert [c["body"] for c in _comments(work)] == [comment]
    calls = [
        json.loads(line) for line in (work / "github" / "calls.jsonl").read_text().splitlines()
    ]
    methods = [call[call.index("--method") + 1] for call in calls if "--method" in call]
    assert methods == ["POST", "PATCH"]

    artifact = work / "github" / "artifacts" / "cxgate-plan"  # what upload-artifact kept
    artifact.mkdir(parents=True)
    shutil.move(checkout / "cxgate-plan.json", artifact / "cxgate-plan.json")
    fetched = _ci(work, served, "fetch-plan")
    assert fetched.returncode == 0, fetched.stdout + fetched.stderr
    assert "#7" in fetched.stdout
    applied = _ci(work, served, "apply")
    assert applied.returncode == 0, applied.stdout + applied.stderr
    assert served.emulator.store.find_by_name("skills", "CI Review") is not None

    again = _ci(work, served, "apply")  # the reviewed plan no longer matches the org
    assert again.returncode == 1
    assert "no longer matches" in again.stderr


def test_validate_fails_with_sarif_kept(work: Path, served: EmulatorServer) -> None:
    """A bundle error fails the step, and the SARIF to upload is still written."""
    (work / "checkout" / "bundle" / "skills.yaml").write_text("skills: [CI Review]\nbogus: 1\n")
    result = _ci(work, served, "validate")
    assert result.returncode == 1
    _, records = checked_records((work / "checkout" / "cxgate.sarif").read_text(), work)
    assert [r["Code"] for r in records] == ["schema"]
    assert "unknown section 'bogus'" in result.stdout


def test_apply_without_a_plan_file_is_refused(work: Path, served: EmulatorServer) -> None:
    """Nothing is applied that was not reviewed."""
    result = _ci(work, served, "apply")
    assert result.returncode == 1
    assert "run fetch-plan first" in result.stderr


def _schema_check(builtin: str, path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", builtin, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_and_action_match_githubs_schemas() -> None:
    """The workflow and action.yml are what GitHub accepts (SchemaStore's schemas)."""
    _schema_check("vendor.github-workflows", WORKFLOW)
    _schema_check("vendor.github-actions", ACTION)


def test_workflow_uses_what_the_script_writes() -> None:
    """Every step's command is one the script has; the files it uploads are the ones the
    script writes; the apply job is gated by an environment."""
    workflow = yaml.safe_load(WORKFLOW.read_text())
    script = SCRIPT.read_text()
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    commands = [s["with"]["command"] for s in steps if "command" in s.get("with", {})]
    assert commands == ["validate", "plan", "comment", "fetch-plan", "apply"]
    assert all(f"    {command})" in script for command in commands)
    uploads = {s["uses"].split("@")[0]: s["with"] for s in steps if "upload" in s["uses"]}
    assert uploads["github/codeql-action/upload-sarif"]["sarif_file"] == "cxgate.sarif"
    assert uploads["actions/upload-artifact"]["path"] == "cxgate-plan.json"
    assert uploads["actions/upload-artifact"]["name"] == "cxgate-plan"
    assert "sarif_file=${CXGATE_SARIF:-cxgate.sarif}" in script
    assert "plan_file=${CXGATE_PLAN:-cxgate-plan.json}" in script
    assert "artifact=${CXGATE_ARTIFACT:-cxgate-plan}" in script
    assert workflow["jobs"]["apply"]["environment"] == "production"
    assert workflow["env"]["CXGATE_WORKFLOW"] == "cxgate.yml"
    action = yaml.safe_load(ACTION.read_text())
    assert "examples/ci/cxgate-ci.sh" in action["runs"]["steps"][-1]["run"]


def test_the_action_runs_the_script(work: Path, served: EmulatorServer) -> None:
    """The composite action's step, as the runner runs it: its input picks the bundle."""
    step = yaml.safe_load(ACTION.read_text())["runs"]["steps"][-1]
    env = _env(work, served)
    del env["CXGATE_BUNDLE"]  # the workflow does not set it: the action's input does
    (work / "checkout" / "bundle").rename(work / "checkout" / "infra")
    env |= {
        "GITHUB_ACTION_PATH": str(ROOT),
        "CXGATE_COMMAND": "plan",
        "CXGATE_BUNDLE_INPUT": "infra",
    }
    result = subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        cwd=work / "checkout",
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "CI Review" in (work / "checkout" / "cxgate-plan.md").read_text()
