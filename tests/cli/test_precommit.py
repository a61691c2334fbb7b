"""The hooks of ``.pre-commit-hooks.yaml``, run by pre-commit itself in a scratch repository.

pre-commit would install cxgate into a hook environment from the network; here each hook
runs as defined in the manifest (entry, files, exclude, pass_filenames) from a local
configuration that calls this checkout's ``cxgate`` instead, so no network is needed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from pre_commit.clientlib import load_manifest

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = ROOT / ".pre-commit-hooks.yaml"
CXGATE = Path(sys.executable).parent / "cxgate"
BROKEN_FLOW = ROOT / "examples" / "broken-flows" / "after-hours.yaml"


def test_manifest_is_valid_for_pre_commit() -> None:
    """pre-commit's own schema accepts the manifest; both hooks are offered."""
    hooks = load_manifest(str(MANIFEST))
    assert [h["id"] for h in hooks] == ["cxgate-validate", "cxgate-flow-check"]
    assert all(h["language"] == "python" for h in hooks)
    assert "--offline" in hooks[0]["entry"].split()


def _local_config(args: dict[str, list[str]]) -> dict[str, Any]:
    """The manifest's hooks as a local repository running this checkout's cxgate."""
    hooks = []
    for hook in load_manifest(str(MANIFEST)):
        entry = hook["entry"].replace("cxgate", str(CXGATE), 1)
        keep = ("id", "name", "files", "exclude", "pass_filenames", "require_serial")
        local = {key: hook[key] for key in keep}
        hooks.append({**local, "entry": entry, "language": "unsupported", "args": args[hook["id"]]})
    return {"repos": [{"repo": "local", "hooks": hooks}]}


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository holding the example bundle under ``bundle/``, everything staged."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "examples" / "bundle", repo / "bundle")
    (repo / ".gitignore").write_text(".cxgate/\n")
    config = _local_config({"cxgate-validate": ["bundle"], "cxgate-flow-check": []})
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    return repo


def _pre_commit(repo: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(repo.parent / "cache"), "NO_COLOR": "1"}
    env.pop("GENESYSCLOUD_API_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--color", "never"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_hooks_pass_on_a_good_bundle(repo: Path) -> None:
    """Both hooks run on the staged files and pass; scenario files are not checked as flows."""
    result = _pre_commit(repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "cxgate validate (offline)" in result.stdout
    assert "cxgate flow check" in result.stdout
    assert "Passed" in result.stdout
    assert "Skipped" not in result.stdout


def test_hooks_fail_on_a_broken_flow_and_a_broken_file(repo: Path) -> None:
    """A flow with an error (the bundle's policy) and an unknown section fail the commit."""
    shutil.copy(BROKEN_FLOW, repo / "bundle" / "flows" / "after-hours.yaml")
    skills = repo / "bundle" / "skills.yaml"
    skills.write_text(skills.read_text() + "bogus: 1\n")
    config = _local_config(
        {"cxgate-validate": ["bundle"], "cxgate-flow-check": ["--bundle", "bundle"]}
    )
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    _git(repo, "add", "-A")
    result = _pre_commit(repo)
    assert result.returncode == 1
    assert "unknown section 'bogus'" in result.stdout
    assert "transfer-no-failure-path" in result.stdout


def test_flow_hook_only_sees_changed_flows(repo: Path) -> None:
    """With only a queue file staged, the flow hook is skipped (no flow files)."""
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "base")
    queue = repo / "bundle" / "queues" / "support.yaml"
    queue.write_text(queue.read_text() + "\n")
    _git(repo, "add", "-A")
    result = _pre_commit(repo)
    assert result.returncode == 0, result.stdout + result.stderr
    flow_line = next(line for line in result.stdout.splitlines() if "flow check" in line)
    assert "Skipped" in flow_line
