"""What the flow commands read besides flows and scenarios: ``--vars`` files fill ``{{key}}``
substitutions, ``--names`` files list the org objects that exist, by kind.

Apart from ``cxgate.flow.suite`` so that checking a flow never loads the tracer.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from cxgate.flow.check.finding import Resolver
from cxgate.flow.read.source import FlowFileError, read_flow_text
from cxgate.flow.read.yamltree import compose, plain

__all__ = ["load_names", "load_values"]


def load_values(path: Path | None) -> dict[str, str]:
    """A ``--vars`` file: a flat mapping of substitution keys to values."""
    if path is None:
        return {}
    data = plain(compose(read_flow_text(path), str(path)))
    if not isinstance(data, dict) or any(isinstance(v, dict | list) for v in data.values()):
        raise FlowFileError(
            str(path), 1, "a values file is a flat mapping of key: value",
            "write one `key: value` per line",
        )  # fmt: skip
    return {str(k): "" if v is None else _text(v) for k, v in data.items()}


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def load_names(path: Path | None) -> Resolver | None:
    """A ``--names`` file: ``{queue: [Sales, …], flow: […]}``; kinds not listed pass."""
    if path is None:
        return None
    data = plain(compose(read_flow_text(path), str(path)))
    if not isinstance(data, dict) or not all(isinstance(v, list) for v in data.values()):
        raise FlowFileError(
            str(path), 1, "a names file maps each kind to a list of names",
            "write e.g. `queue: [Sales, Support]`",
        )  # fmt: skip
    known: Mapping[str, frozenset[str]] = {k: frozenset(map(str, v)) for k, v in data.items()}

    def resolver(kind: str, name: str) -> bool:
        return kind not in known or name in known[kind]

    return resolver
