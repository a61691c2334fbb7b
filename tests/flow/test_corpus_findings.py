"""Findings per rule over the public Archy corpus (issue 15's closing table, after).

`bench/flow_findings.py` prints the same counts with the per-file detail; a change here is a
change in what cxgate reports on published, working flows, so it must be deliberate.
"""

from __future__ import annotations

from collections import Counter

from cxgate.flow.check.run import check
from cxgate.flow.read.archy import read_flow

from .helpers import corpus_files, needs_corpus

# rule → (severity, findings over the 25 files, read without substitution values)
AFTER = {
    "calldata-unhandled": ("warning", 14),
    "external-placeholder": ("warning", 7),
    "menu-no-default": ("warning", 5),
    "speech-only-choice": ("warning", 2),
    "substitution-unset": ("warning", 70),
    "transfer-no-failure-path": ("warning", 3),
    "unreachable": ("warning", 3),
}


@needs_corpus
def test_findings_per_rule_over_the_corpus() -> None:
    """No errors on published flows; each warning rule fires as often as pinned."""
    counts: Counter[tuple[str, str]] = Counter()
    for path in corpus_files():
        counts.update((f.rule, f.severity) for f in check(read_flow(path)))
    assert dict(counts) == {(rule, sev): n for rule, (sev, n) in AFTER.items()}
