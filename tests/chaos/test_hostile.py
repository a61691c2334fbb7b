"""Hostile bundles, Archy files and servers: exit 0 or 1 naming the file (or the call),
never a traceback; under 500 MB and 10 s; nothing written to the org or the state store.

A slice of the corpus runs as real processes (memory measured); property-based bundles and
flows (hypothesis) run in-process through the real entry point. The whole corpus, servers
included: ``.venv/bin/python bench/chaos.py``.
"""

from __future__ import annotations

import io
import sys
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cxgate.cli.common import run_app
from cxgate.cli.main import app
from cxgate.testing.chaos.hostile import FILE_CASES, run_file_case, run_server_case

FIELDS = ["name", "description", "mediaSettings", "bullseye", "skillEvaluationMethod", "division"]
CHARS = st.characters(codec="utf-8", exclude_categories=["Cs"])
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(CHARS, max_size=20)
)
KEYS = st.one_of(st.sampled_from(FIELDS), st.text(CHARS, min_size=1, max_size=12))
TREES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=5),
    max_leaves=20,
)
YAMLISH = st.text(st.sampled_from(list("ab:[]{}&*!|>-#'\"\t\n %@`?,\\é☎")), max_size=120)
VALID = "name: Billing\ndescription: fuzz\nmediaSettings:\n  call: {alertingTimeoutSeconds: 8}\n"


@st.composite
def queue_files(draw: st.DrawFn) -> str:
    """A queue file: a random tree, random YAML-ish text, or a valid file with an insertion."""
    how = draw(st.sampled_from(["tree", "text", "mutated"]))
    if how == "tree":
        return yaml.safe_dump(draw(TREES), allow_unicode=True)
    if how == "text":
        return draw(YAMLISH)
    at = draw(st.integers(0, len(VALID)))
    return VALID[:at] + draw(YAMLISH) + VALID[at:]


def _validate(files: dict[str, str]) -> tuple[int, str]:
    """``cxgate validate --offline`` of a bundle holding ``files``, in-process."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "cxgate.yaml").write_text("version: 1\n")
        for name, text in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text, encoding="utf-8")
        output, old = io.StringIO(), sys.argv
        sys.argv = ["cxgate", "validate", str(root), "--offline"]
        try:
            with redirect_stdout(output), redirect_stderr(output):
                run_app(app)
            code = 0
        except SystemExit as ended:
            code = int(ended.code or 0)
        finally:
            sys.argv = old
    return code, output.getvalue()


def _judged(code: int, output: str, file: str) -> None:
    assert code in (0, 1), output
    assert "Traceback" not in output
    if code == 1:
        assert file in output, output


@settings(max_examples=60)
@given(queue_files())
def test_any_queue_file_is_refused_clearly_or_accepted(text: str) -> None:
    code, output = _validate({"queues/q.yaml": text})
    _judged(code, output, "queues/q.yaml")


@settings(max_examples=40)
@given(TREES, st.sampled_from(["inboundCall", "inqueueCall", "workflow", "nonsense"]))
def test_any_archy_file_is_refused_clearly_or_accepted(tree: object, kind: str) -> None:
    text = yaml.safe_dump({kind: tree}, allow_unicode=True)
    code, output = _validate({"flows/f.yaml": text})
    _judged(code, output, "flows/f.yaml")


@pytest.mark.parametrize(
    "case",
    ["fifty-megabytes", "symlink-out-of-bundle", "flow-alias-bomb", "not-utf8", "unicode-name"],
)
def test_a_hostile_file_in_a_real_apply(case: str, tmp_path: Path) -> None:
    measured = run_file_case(FILE_CASES[case], tmp_path)
    assert measured.ok, measured.as_dict()


def test_a_fifty_megabyte_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    """It used to be parsed (about 400 MB) and sent to the org whole."""
    measured = run_file_case(FILE_CASES["fifty-megabytes"], tmp_path)
    assert measured.exit_code == 1
    assert "queues/huge.yaml: the file is 50.0 MB; cxgate reads files of at most 16 MB" in (
        measured.output
    )
    assert (measured.writes, measured.deployments) == (0, 0)
    assert measured.peak_mb < 150


@pytest.mark.parametrize(
    ("server", "command"),
    [("garbage", "apply"), ("null-entity", "plan"), ("truncated-json", "export")],
)
def test_a_hostile_server(server: str, command: str, tmp_path: Path) -> None:
    measured = run_server_case(server, tmp_path, command)
    assert measured.ok, measured.as_dict()
    assert measured.exit_code == 1
