"""Load a bundle directory into a DesiredState, reporting every problem at once.

Each file is parsed once (with line numbers), its ``{{ var }}`` placeholders substituted for
the chosen environment, split into objects by the kind's layout and validated by the kind's
schema. Nothing here raises on bad input; ``load_bundle`` returns the problems, and
``load_or_raise`` turns errors into one ``ValidationError``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from pathlib import Path as FsPath
from typing import Any

import pydantic

from cxgate.bundle.config import BundleConfig
from cxgate.bundle.desired import DesiredObject, DesiredState
from cxgate.bundle.files import UnreadableFileError, bundle_glob, read_bundle_text
from cxgate.bundle.flows import load_flows
from cxgate.bundle.layout import split_objects
from cxgate.bundle.problems import problems_from
from cxgate.bundle.variables import substitute
from cxgate.bundle.yamlsrc import Path, YamlDoc, load_yaml_text
from cxgate.errors import BundleError, Problem, ValidationError
from cxgate.resource.base import ResourceKind
from cxgate.resource.registry import KINDS

__all__ = ["CONFIG_FILE", "load_bundle", "load_config", "load_or_raise"]

CONFIG_FILE = "cxgate.yaml"


def load_or_raise(root: FsPath, env: str | None = None) -> tuple[DesiredState, list[Problem]]:
    """The desired state and its warnings; any error raises ValidationError listing all."""
    state, problems = load_bundle(root, env)
    if state is None or any(p.severity == "error" for p in problems):
        raise ValidationError(problems)
    return state, problems


def load_config(root: FsPath) -> tuple[BundleConfig | None, YamlDoc | None, list[Problem]]:
    """Parse and validate cxgate.yaml alone."""
    path = root / CONFIG_FILE
    if not path.exists() and not path.is_symlink():
        raise BundleError(
            f"{root}: not a cxgate bundle, {CONFIG_FILE} is missing "
            f"(fix: run in the bundle directory, pass it as an argument, or create {CONFIG_FILE})"
        )
    try:
        text = read_bundle_text(root, path)
    except UnreadableFileError as exc:
        return None, None, [exc.problem]
    doc, problems = load_yaml_text(text, CONFIG_FILE)
    if doc is None:
        return None, None, problems
    data = doc.data if doc.data is not None else {}
    try:
        return BundleConfig.model_validate(data), doc, problems
    except pydantic.ValidationError as exc:
        return None, doc, problems + problems_from(exc, doc, data, (), BundleConfig)


def load_bundle(root: FsPath, env: str | None = None) -> tuple[DesiredState | None, list[Problem]]:
    """Load every file of the bundle for ``env``; the state is None if cxgate.yaml is unusable."""
    config, config_doc, problems = load_config(root)
    if config is None:
        return None, problems
    if env is not None and env not in config.environments:
        known = ", ".join(sorted(config.environments)) or "none defined"
        fix = f"use one of: {known}" if config.environments else "add it under environments:"
        problems.append(
            _config_problem(config_doc, ("environments",), f"no environment '{env}'", fix)
        )
        return None, problems
    docs = _Docs(root, config.variables(env), env)
    objects = {kind.name: _load_kind(kind, docs) for kind in KINDS.values()}
    problems += docs.problems + docs.unclaimed_problems()
    flows, flow_problems = load_flows(root, config.variables(env))
    problems += flow_problems
    deletes = {kind: frozenset(names) for kind, names in config.delete.items()}
    state = DesiredState(root, config, env, objects, deletes, config_doc, tuple(flows))
    return state, problems


def _config_problem(doc: YamlDoc | None, path: Path, message: str, fix: str) -> Problem:
    if doc is None:
        return Problem(CONFIG_FILE, "", message, fix, rule="config")
    return doc.problem(path, message, fix, rule="config")


class _Docs:
    """Each bundle file parsed and substituted once; tracks which top-level keys kinds used."""

    def __init__(self, root: FsPath, variables: dict[str, Any], env: str | None) -> None:
        self.root, self.variables, self.env = root, variables, env
        self.cache: dict[FsPath, YamlDoc | None] = {}
        self.claimed: dict[FsPath, set[str]] = {}
        self.problems: list[Problem] = []

    def files(self, kind: ResourceKind) -> Iterator[YamlDoc]:
        for pattern in kind.files:
            for path in bundle_glob(self.root, pattern):
                doc = self._doc(path)
                if doc is not None:
                    self.claimed.setdefault(path, set()).add(kind.section)
                    yield doc

    def _doc(self, path: FsPath) -> YamlDoc | None:
        if path not in self.cache:
            name = path.relative_to(self.root).as_posix()
            try:
                doc, found = load_yaml_text(read_bundle_text(self.root, path), name)
            except UnreadableFileError as exc:
                doc, found = None, [exc.problem]
            if doc is not None:
                doc, more = substitute(doc, self.variables, self.env)
                found += more
            self.problems += found
            self.cache[path] = doc
        return self.cache[path]

    def unclaimed_problems(self) -> list[Problem]:
        """Top-level keys no kind reads, and root YAML files no kind owns."""
        found: list[Problem] = []
        for path, sections in self.claimed.items():
            doc = self.cache[path]
            if doc is None or "" in sections or not isinstance(doc.data, dict):
                continue
            for key in doc.data:
                if key not in sections:
                    close = difflib.get_close_matches(key, sorted(sections), n=1)
                    fix = f"did you mean '{close[0]}'?" if close else f"use {', '.join(sections)}"
                    found.append(
                        doc.problem((key,), f"unknown section '{key}'", fix, rule="schema")
                    )
        owned = {p.name for k in KINDS.values() for p in map(FsPath, k.files) if "*" not in p.name}
        for path in sorted(self.root.glob("*.y*ml")):
            if path.name not in owned | {CONFIG_FILE}:
                found.append(
                    Problem(
                        path.name,
                        "",
                        "not a cxgate file; ignored",
                        f"known files: {', '.join(sorted(owned))}",
                        severity="warning",
                        rule="files",
                    )
                )
        return found


def _load_kind(kind: ResourceKind, docs: _Docs) -> dict[str, DesiredObject]:
    objects: dict[str, DesiredObject] = {}
    for doc in docs.files(kind):
        for name, raw, base in split_objects(kind, doc, docs.problems):
            body = _validate(kind, doc, raw, base, docs.problems)
            if body is None:
                continue
            if name in objects:
                first = objects[name]
                where = f"{first.doc.file}:{first.doc.line_of(first.base)}"
                docs.problems.append(
                    doc.problem(
                        base,
                        f"{kind.title} '{name}' is declared twice",
                        f"keep one (the other is at {where})",
                        rule="duplicate-name",
                    )
                )
                continue
            objects[name] = DesiredObject(kind.name, name, body, doc, base)
    return dict(sorted(objects.items()))


def _validate(
    kind: ResourceKind, doc: YamlDoc, raw: dict[str, Any], base: Path, problems: list[Problem]
) -> dict[str, Any] | None:
    try:
        return kind.canonical(raw)
    except pydantic.ValidationError as exc:
        problems.extend(problems_from(exc, doc, raw, base, kind.model))
        return None
