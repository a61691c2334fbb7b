"""Every rule a bundle problem names (``Problem.rule``), with the help a reviewer reads.

``cxgate validate --output sarif`` lists these (and the ``flow check`` rules, for flows in the
bundle) as the SARIF rules of its run, so a code-scanning view explains each annotation.
A meta test keeps the table and the rule names in the code the same.
"""

from __future__ import annotations

__all__ = ["BUNDLE_RULES"]

BUNDLE_RULES: dict[str, str] = {
    "yaml": "The file is not YAML a bundle accepts: a syntax error, several documents, "
    "duplicate keys, or anchors and aliases beyond the limits.",
    "files": "A file cannot be read as bundle input: not UTF-8, too large, a link that leaves "
    "the bundle, or not a regular file.",
    "config": "cxgate.yaml is missing or wrong: the bundle's settings, environments and policy.",
    "schema": "A field, value or file does not match the bundle's schema (see `cxgate schema`).",
    "variables": "A ${var} reference names a variable no environment or vars section defines.",
    "duplicate-name": "Two objects of one kind share a name; names are the keys cxgate matches "
    "the org by.",
    "reference": "A reference names an object of another kind that neither the bundle nor the "
    "org has.",
    "rename": "renamedFrom names an object that is still declared.",
    "delete": "An object listed under delete: is not in the org.",
    "delete-conflict": "An object is both declared and listed under delete:.",
    "acw": "After-call work: timeoutMs only applies with a timed wrapupPrompt.",
    "bullseye": "A queue has more bullseye rings than Genesys Cloud supports.",
    "routing-method": "A queue sets both bullseye rings and conditional group routing.",
    "range": "A value is outside its sensible range (e.g. an alerting timeout over a day).",
    "staffing": "A queue's forecast peak needs more agents than are staffed for its service "
    "level target.",
    "staffing-input": "The staffing gate cannot run for a queue: no service level target, or "
    "no agents to count.",
    "limits": "The plan would pass an org limit (objects of a kind), or the org does not report "
    "the limit.",
    "requirements": "A setting needs a feature or product the org does not have enabled.",
    "change-freeze": "The change falls inside a change-freeze window of the policy.",
    "cooldown": "The object changed more recently than the policy's cooldown allows.",
    "dependencies-stale": "Architect's dependency index is not current (a recent publish): "
    "which flows use what is unverified until it is rebuilt (--rebuild-dependencies).",
    "flow-file": "A flow file in the bundle cannot be read as an Archy flow.",
    "offline": "Checks against the org were skipped (no org settings, or --offline).",
    "online": "Part of the org could not be read, so a check against it was skipped.",
}
