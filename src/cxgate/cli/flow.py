"""``cxgate flow trace|graph``: simulate callers through flows, and draw them (offline).

``flow check`` is in ``flow_check`` (it loads neither the tracer nor the drawing code);
``deploy|versions|switch|rollback`` (the org) are in ``flow_org``."""

from __future__ import annotations

import enum
import os
from pathlib import Path
from typing import Annotated

import typer

from cxgate.cli.common import EXIT_ERROR, check_out_file, print_json, writing
from cxgate.cli.flow_inputs import FlowFiles, VarsOption
from cxgate.cli.options import OutputFormat, OutputOpt
from cxgate.flow.check.run import check
from cxgate.flow.draw.html import render_html
from cxgate.flow.draw.render import render_dot, render_mermaid
from cxgate.flow.graph import FlowGraph
from cxgate.flow.inputs import load_values
from cxgate.flow.junit import trace_junit
from cxgate.flow.read.archy import read_flow
from cxgate.flow.read.source import FlowFileError
from cxgate.flow.report import trace_data, trace_markdown, trace_text
from cxgate.flow.suite import FlowRun, journeys_by_flow, run_flow
from cxgate.flow.trace.coverage import dump_coverage, load_coverage, matching_coverage
from cxgate.flow.trace.scenario import Scenario, dump_scenario

__all__ = ["graph_command", "trace_command"]


class GraphFormat(enum.StrEnum):
    """Drawing formats of ``flow graph``."""

    mermaid = "mermaid"
    dot = "dot"
    html = "html"


def _echo(lines: list[str]) -> None:
    typer.echo("\n".join(lines))


def trace_command(
    files: FlowFiles,
    *,
    scenario: Annotated[
        list[Path] | None,
        typer.Option("--scenario", "-s", help="Scenario file (repeatable).", exists=True),
    ] = None,
    explore: Annotated[
        bool, typer.Option("--explore", help="Generate journeys until every transition is taken.")
    ] = False,
    max_journeys: Annotated[
        int, typer.Option(help="Bound on explored journeys per flow.", min=1)
    ] = 10_000,
    save_journeys: Annotated[
        Path | None,
        typer.Option(help="Write the explored journeys as a scenario file (one flow only)."),
    ] = None,
    coverage_out: Annotated[
        Path | None, typer.Option(help="Write node and transition coverage as JSON.")
    ] = None,
    junit: Annotated[
        Path | None,
        typer.Option("--junit", help="Write JUnit XML (each journey a test case) for CI."),
    ] = None,
    steps: Annotated[bool, typer.Option("--steps", help="Print every step of every path.")] = False,
    output: OutputOpt = OutputFormat.text,
    vars_file: VarsOption = None,
) -> None:
    """Simulate callers through flows; check expectations; measure coverage.

    Exit code 1 when any journey misses an expectation.
    """
    check_out_file(save_journeys, "--save-journeys")
    check_out_file(coverage_out, "--coverage-out")
    check_out_file(junit, "--junit")
    by_flow = journeys_by_flow(files, scenario or [])
    if not explore and not any(by_flow.values()):
        raise FlowFileError(
            str(files[0]), 0, "nothing to trace", "give --scenario FILE or --explore"
        )
    values = load_values(vars_file)
    runs = [
        run_flow(
            read_flow(path, values), journeys, explore_paths=explore, max_journeys=max_journeys
        )
        for path, journeys in by_flow.items()
    ]
    if save_journeys is not None:
        with writing(save_journeys, "--save-journeys"):
            _save_journeys(runs, save_journeys)
    if coverage_out is not None:
        with writing(coverage_out, "--coverage-out"):
            dump_coverage([run.coverage for run in runs], coverage_out)
    if junit is not None:
        with writing(junit, "--junit"):
            junit.write_text(trace_junit(runs), encoding="utf-8")
    if output is OutputFormat.json:
        print_json(trace_data(runs))
    elif output is OutputFormat.markdown:
        _echo(trace_markdown(runs))
    else:
        _echo(trace_text(runs, show_steps=steps))
    if not all(run.passed for run in runs):
        raise typer.Exit(EXIT_ERROR)


def _save_journeys(runs: list[FlowRun], path: Path) -> None:
    if len(runs) != 1 or runs[0].exploration is None:
        raise FlowFileError(
            str(path), 0, "--save-journeys needs --explore and exactly one flow",
            "trace one flow with --explore --save-journeys FILE",
        )  # fmt: skip
    flow = os.path.relpath(Path(runs[0].graph.file).resolve(), path.resolve().parent)
    scenario = Scenario(flow=flow, journeys=runs[0].exploration.journeys())
    path.write_text(dump_scenario(scenario), encoding="utf-8")


def graph_command(
    file: Annotated[
        Path, typer.Argument(help="Archy YAML flow file.", exists=True, dir_okay=False)
    ],
    fmt: Annotated[
        GraphFormat, typer.Option("--format", help="Drawing format.")
    ] = GraphFormat.mermaid,
    coverage: Annotated[
        Path | None,
        typer.Option(
            help="Coverage JSON from `flow trace --coverage-out`: colour it.", exists=True
        ),
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Write here instead of stdout.")] = None,
    vars_file: VarsOption = None,
) -> None:
    """Draw a flow as Mermaid, Graphviz DOT or a self-contained HTML page."""
    check_out_file(out, "--out")
    graph = read_flow(file, load_values(vars_file))
    covered = matching_coverage(graph, load_coverage(coverage)) if coverage else None
    text = _draw(graph, fmt, covered)
    if out is None:
        typer.echo(text, nl=False)
    else:
        with writing(out, "--out"):
            out.write_text(text, encoding="utf-8")


def _draw(graph: FlowGraph, fmt: GraphFormat, covered: frozenset[str] | None) -> str:
    if fmt is GraphFormat.dot:
        return render_dot(graph, covered)
    if fmt is GraphFormat.html:
        return render_html(graph, covered, check(graph))
    return render_mermaid(graph, covered)
