"""`cxgate validate` and `cxgate schema`: check a bundle, and give editors its JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from cxgate.bundle.load import load_bundle
from cxgate.bundle.rules import BUNDLE_RULES
from cxgate.bundle.schema import FILE_SCHEMAS, bundle_schemas
from cxgate.cli.common import EXIT_ERROR, print_json
from cxgate.cli.live import live_side, store_for
from cxgate.cli.options import EnvOpt, ProfileOpt, QuietOpt, ReportFormat, ReportOpt, StateDirOpt
from cxgate.cli.recording import reader_client, recorder_for
from cxgate.cli.sarif import sarif_log
from cxgate.errors import Problem
from cxgate.flow.check.finding import RULES as FLOW_RULES
from cxgate.pipeline.checking import Overrides, check

__all__ = ["AgainstOpt", "BundleArg", "FreezeOpt", "schema", "validate"]

console = Console(highlight=False)

BundleArg = Annotated[Path, typer.Argument(help="The bundle directory (holds cxgate.yaml).")]
AgainstOpt = Annotated[
    Path | None,
    typer.Option("--against", help="Compare with another bundle (e.g. an export), not the org."),
]
FreezeOpt = Annotated[
    str | None, typer.Option("--override-freeze", help="Reason for changing during a freeze.")
]
OfflineOpt = Annotated[
    bool, typer.Option("--offline", help="Skip the checks against the org (names, limits...).")
]


def validate(
    bundle: BundleArg = Path("."),
    *,
    env: EnvOpt = None,
    output: ReportOpt = ReportFormat.text,
    against: AgainstOpt = None,
    offline: OfflineOpt = False,
    profile: ProfileOpt = None,
    state_dir: StateDirOpt = None,
    override_freeze: FreezeOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Check the bundle: schema, names, references, routing sanity, staffing, change policy;
    with the org reachable also names in the org, limits, features and products.

    Every problem is reported at once; exit code 1 if any is an error.
    """
    desired, problems = load_bundle(bundle, env)
    if desired is not None:
        with (
            live_side(
                desired, against=against, profile=profile, offline=offline, quiet=quiet
            ) as side,
            store_for(state_dir, desired) as store,
        ):
            records = recorder_for(store, desired=desired, client=reader_client(side))
            overrides = Overrides(freeze=override_freeze)
            problems += check(desired, side, store, overrides=overrides, records=records)
    else:  # the files did not load: the failed run is recorded all the same
        with store_for(state_dir) as store:
            errors = sum(p.severity == "error" for p in problems)
            recorder_for(store).validated(errors, len(problems) - errors, bundle=str(bundle))
    _show(problems, output, bundle)
    if any(p.severity == "error" for p in problems):
        raise typer.Exit(EXIT_ERROR)


def _show(problems: list[Problem], output: ReportFormat, bundle: Path) -> None:
    problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.path))
    errors = sum(p.severity == "error" for p in problems)
    if output is ReportFormat.sarif:
        rules = {**BUNDLE_RULES, **{rule: text for rule, (_, text) in FLOW_RULES.items()}}
        where = {n: p.path for n, p in enumerate(problems) if p.path}
        print_json(sarif_log(problems, rules, base=bundle, where=where))
        return
    if output is ReportFormat.json:
        print_json(
            {
                "errors": errors,
                "warnings": len(problems) - errors,
                "problems": [_problem_dict(p) for p in problems],
            }
        )
        return
    for p in problems:  # escaped: file names and keys come from the bundle, not from us
        if output is ReportFormat.markdown:
            line = f"- **{p.severity}** `{p.file}:{p.line or ''}` {p}"
            console.print(line, soft_wrap=True, markup=False)
        else:
            colour = "red" if p.severity == "error" else "yellow"
            console.print(f"[{colour}]{p.severity}[/{colour}] {escape(str(p))}", soft_wrap=True)
    verdict = "valid" if not errors else "invalid"
    console.print(f"Bundle {verdict}: {errors} error(s), {len(problems) - errors} warning(s).")


def _problem_dict(p: Problem) -> dict[str, object]:
    return {
        "file": p.file,
        "line": p.line,
        "path": p.path,
        "message": p.message,
        "fix": p.fix,
        "severity": p.severity,
        "rule": p.rule,
    }


def schema(
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Write one schema file per bundle file type into this folder."),
    ] = None,
) -> None:
    """Print (or write) the JSON Schema of the bundle files, for editor autocompletion."""
    schemas = bundle_schemas()
    if out is None:
        print_json(schemas)
        return
    out.mkdir(parents=True, exist_ok=True)
    for pattern, (file_name, _) in FILE_SCHEMAS.items():
        (out / file_name).write_text(json.dumps(schemas[pattern], indent=2, sort_keys=True) + "\n")
        console.print(f"{pattern:<20} → {out / file_name}")
