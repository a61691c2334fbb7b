"""The flows of a bundle: ``flows/*.yaml`` Archy files, read with cxgate's own Archy reader.

Bundle variables fill the files' ``{{key}}`` substitutions (the same syntax Archy uses), so
one flow file serves every environment; a token without a value is a problem, as it would be
for Archy. Each flow's YAML form (``cxgate.resource.flow``) carries its definition in a
normal form: parsed with YAML 1.2 scalars (``yes`` stays the word an Archy output is named,
never a boolean), dumped with sorted keys and no comments, so that a file and the org's
export of the same flow give the same text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from cxgate.bundle.files import UnreadableFileError, bundle_glob, read_bundle_text
from cxgate.errors import Problem
from cxgate.flow.check.gate import prepared_for_upload
from cxgate.flow.graph import FlowGraph
from cxgate.flow.read.source import FlowFileError
from cxgate.flow.read.yamltree import compose, plain
from cxgate.resource.base import Body
from cxgate.resource.flow import FILES
from cxgate.resource.flowkinds import FlowKind, kind_for_archy

__all__ = ["BundleFlow", "FlowKey", "load_flows", "normal_definition"]

FlowKey = tuple[str, str]  # (Archy kind, name folded): flows are unique per type and name


@dataclass(frozen=True, slots=True)
class BundleFlow:
    """One flow file of the bundle, substituted and read."""

    file: str  # relative to the bundle root
    text: str  # substituted: what a deploy uploads
    graph: FlowGraph
    kind: FlowKind
    definition: str

    @property
    def name(self) -> str:
        return self.graph.name

    @property
    def key(self) -> FlowKey:
        return (self.kind.archy, self.name.casefold())

    def body(self) -> Body:
        """The YAML form compared with the org's flow."""
        body: Body = {
            "name": self.name,
            "type": self.kind.archy,
            "division": self.graph.division or None,
            "description": self.graph.description or None,
            "definition": self.definition,
        }
        return {key: value for key, value in body.items() if value is not None}


def normal_definition(text: str, file: str) -> str:
    """The flow file in its normal form (see the module docstring)."""
    data: Any = plain(compose(text, file))
    return yaml.safe_dump(
        data, sort_keys=True, allow_unicode=True, default_flow_style=False, width=100
    )


def load_flows(root: Path, variables: Mapping[str, Any]) -> tuple[list[BundleFlow], list[Problem]]:
    """Every flow file under ``root``; unreadable files, unset substitutions and two files
    for one flow are Problems (the others still load)."""
    values = {key: str(value) for key, value in variables.items()}
    flows: dict[FlowKey, BundleFlow] = {}
    problems: list[Problem] = []
    for path in _files(root):
        name = path.relative_to(root).as_posix()
        try:
            flow = _load(root, path, name, values)
        except UnreadableFileError as exc:
            problems.append(exc.problem)
            continue
        except FlowFileError as exc:
            problems.append(
                Problem(name, "", exc.problem, exc.fix, exc.line or None, rule="flow-file")
            )
            continue
        first = flows.get(flow.key)
        if first is not None:
            problems.append(
                Problem(
                    name,
                    "",
                    f"{flow.kind.archy} flow '{flow.name}' is also declared in {first.file}",
                    "keep one file per flow",
                    1,
                    rule="duplicate-name",
                )
            )
            continue
        flows[flow.key] = flow
    return list(flows.values()), problems


def _files(root: Path) -> list[Path]:
    return sorted({path for pattern in FILES for path in bundle_glob(root, pattern)})


def _load(root: Path, path: Path, name: str, values: Mapping[str, str]) -> BundleFlow:
    text, graph = prepared_for_upload(read_bundle_text(root, path), name, values)
    if not graph.name:
        raise FlowFileError(name, 2, "the flow has no name", "add `name:` under the flow kind")
    return BundleFlow(name, text, graph, kind_for_archy(graph.kind), normal_definition(text, name))
