"""Findings per rule over the public Archy corpus, and how far exploration gets in each file.

Not a timing benchmark: a reproducible count, so a change to the reader or the rules shows
its effect on published, working flows (issue 15: every error a real defect, every warning
worth a minute). Each file is read without substitution values (unset ``{{tokens}}`` are
masked, as ``flow check`` does without ``--vars``), checked without a name resolver, and
explored; the table lists findings per rule and severity, then per file with the explored
node coverage and how the explored journeys end.

Run: ``.venv/bin/python bench/flow_findings.py [CORPUS_DIR]`` (default
``../shared/archy/corpus`` beside the repository); the last line is one JSON object.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from cxgate.flow.check.run import check
from cxgate.flow.read.archy import read_flow
from cxgate.flow.trace.explore import explore

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "archy" / "corpus"


def measure(corpus: Path) -> dict[str, Any]:
    """Findings per rule and per file, exploration coverage and endings per file."""
    per_rule: Counter[tuple[str, str]] = Counter()
    files: dict[str, dict[str, Any]] = {}
    endings: Counter[str] = Counter()
    for path in sorted(corpus.glob("*.yaml")):
        graph = read_flow(path)
        findings = check(graph)
        per_rule.update((f.rule, f.severity) for f in findings)
        explored = explore(graph)
        ends = Counter(t.outcome.kind.value for t in explored.traces)
        endings.update(ends)
        files[path.name] = {
            "errors": sum(f.severity == "error" for f in findings),
            "warnings": sum(f.severity == "warning" for f in findings),
            "node_coverage": round(explored.coverage.node_fraction, 3),
            "endings": dict(sorted(ends.items())),
        }
    rules = {f"{rule} ({severity})": n for (rule, severity), n in sorted(per_rule.items())}
    return {
        "files": len(files),
        "errors": sum(f["errors"] for f in files.values()),
        "warnings": sum(f["warnings"] for f in files.values()),
        "rules": rules,
        "endings": dict(sorted(endings.items())),
        "per_file": files,
    }


def print_table(figures: dict[str, Any]) -> None:
    """Rules, then files, as aligned text."""
    print(f"{figures['files']} corpus files: {figures['errors']} error(s), ", end="")
    print(f"{figures['warnings']} warning(s)")
    print(f"{'rule (severity)':<44}{'findings':>9}")
    for rule, count in figures["rules"].items():
        print(f"{rule:<44}{count:>9}")
    print()
    print(f"{'file':<58}{'err':>4}{'warn':>5}{'nodes':>7}  explored journeys end")
    for name, row in figures["per_file"].items():
        ends = ", ".join(f"{k} {v}" for k, v in row["endings"].items())
        cover = f"{row['node_coverage']:.0%}"
        print(f"{name[:57]:<58}{row['errors']:>4}{row['warnings']:>5}{cover:>7}  {ends}")
    print()
    print(
        "all explored journeys end: " + ", ".join(f"{k} {v}" for k, v in figures["endings"].items())
    )


def main() -> None:
    """Measure the corpus named on the command line (or the shared one) and print."""
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS
    if not corpus.is_dir():
        sys.exit(f"corpus not found at {corpus} (pass the directory of the Archy corpus)")
    figures = measure(corpus)
    print_table(figures)
    print(json.dumps(figures, sort_keys=True))


if __name__ == "__main__":
    main()
