"""Deploy Archy flow files through the import job, as one unit with a way back.

The supported path (genesys-api.md §5, the one CX as Code uses): ``POST /api/v2/flows/jobs``
→ ``{id, presignedUrl, headers}``; PUT the file to that URL with exactly those headers; poll
``GET /api/v2/flows/jobs/{id}?expand=messages`` until Success or Failure. The job creates the
flow if needed, makes a new version and publishes it.

Before any of that cxgate reads the file offline (a file with errors is never sent), looks
the flow up, skips the file when the published version has the same content (unchanged.py;
``force`` deploys anyway), and refuses when another user or client holds its lock, saying
who and since when; ``force_unlock`` breaks the lock first
(``POST /api/v2/flows/actions/unlock``). Several files deploy as one unit: when one fails,
those already deployed go back — the version published before is published again as a new
version (a copy, by export and import: restore.py), and a flow the deploy created is deleted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from cxgate.client import GenesysClient
from cxgate.errors import (
    CxgateError,
    DeploymentError,
    LockedError,
    RollbackError,
    ValidationError,
)
from cxgate.flow.check.gate import blocking_problems, prepared_for_upload
from cxgate.flow.check.policy import FlowPolicy
from cxgate.flow.check.run import check
from cxgate.flow.graph import FlowGraph
from cxgate.flow.read.source import read_flow_text
from cxgate.org.flows.importjob import IMPORT_JOBS, import_flow
from cxgate.org.flows.lookup import FLOWS, LiveFlow, find_flow
from cxgate.org.flows.restore import restore_copy
from cxgate.org.flows.unchanged import published_matches
from cxgate.resource.flowkinds import FlowKind, kind_for_archy

__all__ = [
    "IMPORT_JOBS",
    "Deployment",
    "FlowFile",
    "deploy_flow",
    "deploy_flows",
    "import_flow",
    "refuse_check_errors",
    "roll_back",
]

UNLOCK = "/api/v2/flows/actions/unlock"


@dataclass(frozen=True, slots=True)
class FlowFile:
    """A flow file ready to upload: its substituted text, and what it is."""

    file: str
    text: str
    graph: FlowGraph
    kind: FlowKind

    @property
    def name(self) -> str:
        return self.graph.name

    @classmethod
    def from_text(cls, text: str, file: str, values: Mapping[str, str] | None = None) -> FlowFile:
        """Substitute ``{{key}}`` values; FlowFileError when one has none or the file is not
        a flow (Archy substitutes before upload, so the server never sees a token)."""
        final, graph = prepared_for_upload(text, file, values or {})
        return cls(file, final, graph, kind_for_archy(graph.kind))

    @classmethod
    def read(cls, path: Path, values: Mapping[str, str] | None = None) -> FlowFile:
        """Read a file (UTF-8, any line endings) and prepare it like ``from_text``."""
        return cls.from_text(read_flow_text(path), str(path), values)


@dataclass(frozen=True, slots=True)
class Deployment:
    """One flow deployed: the version now published, and the one before (for rollback)."""

    flow_id: str
    name: str
    type: str
    file: str
    version: str
    previous: str | None
    created: bool
    job_id: str
    unlocked: str | None = None  # whose lock --force-unlock broke
    skipped: bool = False  # the file is what the org publishes already: nothing was sent

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def deploy_flow(
    client: GenesysClient,
    yaml_text: str,
    *,
    file: str = "<flow>",
    values: Mapping[str, str] | None = None,
    force_unlock: bool = False,
    deadline_s: float = 900.0,
    force: bool = False,
    policy: FlowPolicy | None = None,
) -> Deployment:
    """Deploy one Archy file (checked offline first, under ``policy``); the Deployment. A
    file whose content the org publishes already is skipped (``skipped``), unless ``force``."""
    flow_file = FlowFile.from_text(yaml_text, file, values)
    refuse_check_errors([flow_file], policy)
    options = _Options(force_unlock, deadline_s, force)
    return _deploy(client, flow_file, options)


def deploy_flows(
    client: GenesysClient,
    files: Sequence[FlowFile],
    *,
    force_unlock: bool = False,
    rollback: bool = True,
    deadline_s: float = 900.0,
    force: bool = False,
    policy: FlowPolicy | None = None,
) -> list[Deployment]:
    """Deploy several files in order, as one unit: on a failure the earlier ones go back
    (unless ``rollback`` is False) and DeploymentError says what happened to each. A failure
    before anything changed is raised as it came. Unchanged files are skipped (see
    ``deploy_flow``)."""
    refuse_check_errors(files, policy)
    options = _Options(force_unlock, deadline_s, force)
    results: list[Deployment] = []
    for flow_file in files:
        done = [d for d in results if not d.skipped]
        try:
            results.append(_deploy(client, flow_file, options))
        except CxgateError as error:
            if not done:
                raise  # nothing to undo: the error as it came
            raise _stopped(client, flow_file, error, done, rollback=rollback) from error
    return results


@dataclass(frozen=True, slots=True)
class _Options:
    force_unlock: bool
    deadline_s: float
    force: bool


def refuse_check_errors(files: Sequence[FlowFile], policy: FlowPolicy | None = None) -> None:
    """ValidationError listing every `flow check` error of the files under ``policy``
    (nothing is sent)."""
    problems = [p for f in files for p in blocking_problems(check(f.graph, policy=policy))]
    if problems:
        raise ValidationError(problems)


def _stopped(
    client: GenesysClient,
    failed: FlowFile,
    error: CxgateError,
    done: list[Deployment],
    *,
    rollback: bool,
) -> DeploymentError:
    head = f"deploy stopped at {failed.file} (flow '{failed.name}'): {error}"
    if not rollback:
        kept = ", ".join(f"'{d.name}' v{d.version}" for d in done)
        return DeploymentError(f"{head}\nleft deployed (--no-rollback): {kept}")
    try:
        lines = roll_back(client, done)
    except RollbackError as partial:
        raise RollbackError(
            f"{head}\n{partial.args[0].splitlines()[0]}", partial.leftovers
        ) from error
    return DeploymentError(f"{head}\nrolled back:\n" + "\n".join(f"  - {line}" for line in lines))


def roll_back(client: GenesysClient, deployments: Sequence[Deployment]) -> list[str]:
    """Undo deployments, newest first: publish the previous version again, or delete a flow
    the deploy created. RollbackError lists what could not be undone."""
    done: list[str] = []
    leftovers: list[str] = []
    for deployment in reversed(deployments):
        try:
            done.append(_undo(client, deployment))
        except CxgateError as error:
            leftovers.append(f"flow '{deployment.name}' still at v{deployment.version}: {error}")
    if leftovers:
        raise RollbackError("rollback of the flow deployment left work for a person", leftovers)
    return done


def _undo(client: GenesysClient, deployment: Deployment) -> str:
    if deployment.previous is None:
        client.delete(f"{FLOWS}/{deployment.flow_id}")
        return f"flow '{deployment.name}' deleted (the deploy created it)"
    live = LiveFlow.of(client.get(f"{FLOWS}/{deployment.flow_id}"))
    now = LiveFlow.of(restore_copy(client, live, deployment.previous)).published
    return (
        f"flow '{deployment.name}' back to the content of v{deployment.previous}, published "
        f"as v{now} (was v{deployment.version})"
    )


def _deploy(client: GenesysClient, flow_file: FlowFile, options: _Options) -> Deployment:
    live = find_flow(client, flow_file.name, flow_file.kind)
    if (
        live is not None
        and not options.force
        and published_matches(client, live, flow_file.text, options.deadline_s)
    ):
        return _unchanged(live, flow_file)
    force_unlock, deadline_s = options.force_unlock, options.deadline_s
    unlocked = _clear_lock(client, live, force_unlock=force_unlock) if live else None
    label = f"flow '{flow_file.name}' ({flow_file.file})"
    entity, job_id = import_flow(client, flow_file.text, label, deadline_s=deadline_s)
    flow = LiveFlow.of(entity)
    return Deployment(
        flow_id=flow.id,
        name=flow.name,
        type=flow.kind.api_type,
        file=flow_file.file,
        version=flow.published or "",
        previous=live.published if live else None,
        created=live is None,
        job_id=job_id,
        unlocked=unlocked,
    )


def _unchanged(live: LiveFlow, flow_file: FlowFile) -> Deployment:
    version = live.published or ""
    return Deployment(
        live.id, live.name, live.kind.api_type, flow_file.file, version, version, False, "",
        skipped=True,
    )  # fmt: skip


def _clear_lock(client: GenesysClient, live: LiveFlow, *, force_unlock: bool) -> str | None:
    lock = live.lock
    if lock is None or (not lock.is_user and lock.holder_id == client.settings.client_id):
        return None  # free, or held by us (a check-out of ours the job may take over)
    if not force_unlock:
        raise LockedError(
            f"flow '{live.name}' is {lock.describe()}; ask them to check it in or revert, or "
            "re-run with --force-unlock to break the lock (Architect checks their saved draft "
            "in as a version first)"
        )
    client.post(UNLOCK, params={"flow": live.id})
    return lock.holder
