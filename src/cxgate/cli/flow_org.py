"""``cxgate flow deploy|versions|switch|rollback``: flows in the org, through the API.

Deploy checks every file offline first and deploys them as one unit (a failure rolls the
others back); versions lists who made each version, when, and which one is live; switch and
rollback publish an existing version under the bundle's ``policy.flows``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cxgate.cli.common import print_json
from cxgate.cli.connect import open_client
from cxgate.cli.flow_inputs import BundleOpt, policy_of
from cxgate.cli.flow_render import deployments_text, switch_text, versions_data, versions_text
from cxgate.cli.live import store_for
from cxgate.cli.options import OutputFormat, OutputOpt, ProfileOpt, StateDirOpt
from cxgate.cli.recording import bundle_config, recorder_for
from cxgate.client import GenesysClient
from cxgate.flow.inputs import load_values
from cxgate.org.flows.deploy import FlowFile, deploy_flows, refuse_check_errors
from cxgate.org.flows.lookup import list_versions, require_flow
from cxgate.org.flows.switch import SwitchResult, rollback_flow, switch_flow
from cxgate.resource.flowkinds import FlowKind, kind_for_type

__all__ = [
    "deploy_command",
    "rollback_command",
    "switch_command",
    "versions_command",
]

FlowFiles = Annotated[
    list[Path], typer.Argument(help="Archy YAML flow files.", exists=True, dir_okay=False)
]
NameArg = Annotated[str, typer.Argument(help="The flow's name in the org.")]
TypeOpt = Annotated[
    str | None,
    typer.Option("--type", help="Flow type when several share the name (inboundcall, …)."),
]
ReasonOpt = Annotated[
    str, typer.Option("--reason", help="Why (required when policy.flows.requireReason).")
]
CheckOpt = Annotated[
    bool,
    typer.Option("--check", help="Export the target version and refuse it if `flow check` errs."),
]


def deploy_command(
    files: FlowFiles,
    *,
    force_unlock: Annotated[
        bool, typer.Option("--force-unlock", help="Break another user's or client's lock.")
    ] = False,
    no_rollback: Annotated[
        bool, typer.Option("--no-rollback", help="On a failure, keep the flows already deployed.")
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Publish a new version even when the file matches the published one."
        ),
    ] = False,
    vars_file: Annotated[
        Path | None,
        typer.Option("--vars", help="YAML mapping of {{key}} substitution values.", exists=True),
    ] = None,
    output: OutputOpt = OutputFormat.text,
    profile: ProfileOpt = None,
    bundle: BundleOpt = None,
) -> None:
    """Check, then deploy flow files through Architect import jobs, as one unit.

    A file with `flow check` errors (under the bundle's policy.flows) is never sent. A file
    whose content the org publishes already is skipped, unless --force. A flow locked by
    someone else is refused (with who and since when) unless --force-unlock. Exit code 1 on
    any failure.
    """
    values = load_values(vars_file)
    policy = policy_of(bundle)
    flow_files = [FlowFile.read(path, values) for path in files]
    refuse_check_errors(flow_files, policy)  # before any credentials are needed
    with open_client(profile) as client:
        deployments = deploy_flows(
            client,
            flow_files,
            force_unlock=force_unlock,
            rollback=not no_rollback,
            policy=policy,
            force=force,
        )
    if output is OutputFormat.json:
        print_json([d.as_dict() for d in deployments])
    else:
        typer.echo(
            "\n".join(deployments_text(deployments, markdown=output is OutputFormat.markdown))
        )


def versions_command(
    name: NameArg,
    *,
    flow_type: TypeOpt = None,
    output: OutputOpt = OutputFormat.text,
    profile: ProfileOpt = None,
) -> None:
    """List a flow's versions: who made each, when, and which is published."""
    with open_client(profile) as client:
        flow = require_flow(client, name, _kind(flow_type))
        versions = list_versions(client, flow)
    if output is OutputFormat.json:
        print_json(versions_data(flow, versions))
    else:
        typer.echo(
            "\n".join(versions_text(flow, versions, markdown=output is OutputFormat.markdown))
        )


InPlaceOpt = Annotated[
    bool,
    typer.Option(
        "--in-place",
        help="Republish the old version itself (publish with version=; the API does not "
        "document it) instead of publishing a copy through export and import.",
    ),
]


def switch_command(
    name: NameArg,
    *,
    to: Annotated[str, typer.Option("--to", help="The version to publish, e.g. 2.0.")],
    reason: ReasonOpt = "",
    check: CheckOpt = False,
    bundle: BundleOpt = None,
    flow_type: TypeOpt = None,
    output: OutputOpt = OutputFormat.text,
    profile: ProfileOpt = None,
    state_dir: StateDirOpt = None,
    in_place: InPlaceOpt = False,
) -> None:
    """Publish an existing version of a flow (after the policy and, with --check, flow check).
    By default as a new version: a copy made by export and import."""
    policy = policy_of(bundle)
    with open_client(profile) as client:
        result = switch_flow(
            client,
            name,
            to,
            reason=reason,
            check_first=check,
            policy=policy,
            kind=_kind(flow_type),
            in_place=in_place,
        )
        _record(result, bundle, state_dir, client, rollback=False)
    _show(result, output)


def rollback_command(
    name: NameArg,
    *,
    reason: ReasonOpt = "",
    check: CheckOpt = False,
    bundle: BundleOpt = None,
    flow_type: TypeOpt = None,
    output: OutputOpt = OutputFormat.text,
    profile: ProfileOpt = None,
    state_dir: StateDirOpt = None,
    in_place: InPlaceOpt = False,
) -> None:
    """Publish again the version that was published before the current one."""
    policy = policy_of(bundle)
    with open_client(profile) as client:
        result = rollback_flow(
            client,
            name,
            reason=reason,
            check_first=check,
            policy=policy,
            kind=_kind(flow_type),
            in_place=in_place,
        )
        _record(result, bundle, state_dir, client, rollback=True)
    _show(result, output)


def _record(
    result: SwitchResult,
    bundle: Path | None,
    state_dir: str | None,
    client: GenesysClient,
    *,
    rollback: bool,
) -> None:
    """The switch goes to the audit log (and a flow.version_switched webhook)."""
    with store_for(state_dir) as store:
        records = recorder_for(store, config=bundle_config(bundle), client=client)
        records.flow_switched(result.as_dict(), rollback=rollback)
        records.flush()


def _show(result: SwitchResult, output: OutputFormat) -> None:
    if output is OutputFormat.json:
        print_json(result.as_dict())
    else:
        typer.echo(switch_text(result))


def _kind(flow_type: str | None) -> FlowKind | None:
    return kind_for_type(flow_type) if flow_type else None
