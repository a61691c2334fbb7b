"""What must hold before a flow file leaves the machine: values filled in, no check errors.

Archy fills ``{{key}}`` substitutions on the client before it uploads (Archy lesson 7), so
the text cxgate uploads is the substituted one, and a token left without a value stops the
deploy here rather than failing on the server. Check findings of severity error become
``Problem``s, the shape ``ValidationError`` and ``cxgate validate`` report.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from cxgate.errors import Problem
from cxgate.flow.check.finding import Finding
from cxgate.flow.graph import FlowGraph
from cxgate.flow.read.archy import parse_flow
from cxgate.flow.read.source import FlowFileError, prepare_text

__all__ = ["blocking_problems", "prepared_for_upload"]


def prepared_for_upload(text: str, file: str, values: Mapping[str, str]) -> tuple[str, FlowGraph]:
    """The text to upload (substituted, ``\\n`` line ends) and its graph."""
    normal = text.replace("\r\n", "\n").replace("\r", "\n")
    prepared = prepare_text(normal, dict(values), file)
    if prepared.unset:
        key, line = next(iter(prepared.unset.items()))
        others = len(prepared.unset) - 1
        more = f" (and {others} more)" if others else ""
        raise FlowFileError(
            file,
            line,
            f"substitution '{{{{{key}}}}}' has no value{more}; the org would get the token as is",
            f"pass a values file with `{key}: ...` (--vars FILE)",
        )
    return prepared.text, parse_flow(prepared.text, file)


def blocking_problems(findings: Iterable[Finding]) -> list[Problem]:
    """The findings that stop a deploy (errors), as Problems."""
    return [f.as_problem() for f in findings if f.severity == "error"]
