"""``cxgate flow check``: find what would strand a caller, before a flow reaches the org.

Kept apart from ``trace`` and ``graph`` so a pre-commit hook that checks flows on every commit
loads only the reader and the checks.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cxgate.cli.common import EXIT_ERROR, print_json
from cxgate.cli.flow_inputs import BundleOpt, FlowFiles, VarsOption, policy_of
from cxgate.cli.options import ReportFormat, ReportOpt
from cxgate.cli.sarif import sarif_log
from cxgate.flow.check.finding import RULES
from cxgate.flow.check.run import check_paths, has_errors
from cxgate.flow.inputs import load_names, load_values
from cxgate.flow.report import check_markdown, check_text

__all__ = ["check_command"]


def check_command(
    files: FlowFiles,
    output: ReportOpt = ReportFormat.text,
    vars_file: VarsOption = None,
    names: Annotated[
        Path | None,
        typer.Option(help=r"YAML {kind: \[names]} of org objects that exist.", exists=True),
    ] = None,
    bundle: BundleOpt = None,
) -> None:
    """Check flows: references, reachability, dead ends, menus, failures, loops, names.

    Exit code 1 when any finding is an error (severities as the bundle's policy.flows sets).
    """
    policy = policy_of(bundle)
    findings = check_paths(files, load_values(vars_file), load_names(names), policy)
    if output is ReportFormat.sarif:
        print_json(sarif_log(findings, {rule: text for rule, (_, text) in RULES.items()}))
    elif output is ReportFormat.json:
        print_json([f.as_dict() for f in findings])
    elif output is ReportFormat.markdown:
        typer.echo("\n".join(check_markdown(findings, len(files))))
    else:
        typer.echo("\n".join(check_text(findings, len(files))))
    if has_errors(findings):
        raise typer.Exit(EXIT_ERROR)
