"""``cxgate staffing``: agents required for a peak, and what each staffing level around it does."""

from __future__ import annotations

import dataclasses
import math
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table

from cxgate.cli.common import err_console, print_json
from cxgate.cli.connect import open_client
from cxgate.cli.options import OutputFormat, OutputOpt, ProfileOpt
from cxgate.errors import MissingError
from cxgate.org.observations import observe_queues, queue_id_by_name
from cxgate.staffing.agents import QueueAgents
from cxgate.staffing.plot import plot_counts, write_plot
from cxgate.staffing.project import StaffingProjection, project
from cxgate.staffing.render import HEADERS, live_line, markdown, row_cells, summary_lines
from cxgate.staffing.required import Target
from cxgate.staffing.traffic import Traffic
from cxgate.staffing.units import parse_duration, parse_fraction, parse_service_level

__all__ = ["staffing"]


def _parser(parse: Callable[[str], float]) -> Callable[[str | float], float]:
    """Turn a units parser's ValueError into click's 'Invalid value for --option' message."""

    def parse_option(text: str | float) -> float:
        try:
            return parse(str(text))  # click also passes the (float) default through
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from None

    return parse_option


_duration = _parser(parse_duration)
_fraction = _parser(parse_fraction)


def _positive_duration(text: str | float) -> float:
    value = _duration(text)
    if value <= 0:
        raise typer.BadParameter("must be longer than 0: e.g. 240s, 30m or 1h")
    return value


def _call_volume(text: str | float) -> float:
    """``--calls``: a finite number ≥ 0 (``nan`` and ``inf`` are words, not volumes)."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise typer.BadParameter(f"must be a number, e.g. 450; got {text!r}")
    if value < 0:
        raise typer.BadParameter(f"must be 0 or more; got {text}")
    return value


def _shrinkage(text: str | float) -> float:
    value = _fraction(text)
    if value >= 1:
        raise typer.BadParameter("shrinkage must be below 1 (100%): e.g. 0.3 or 30%")
    return value


def _max_occupancy(text: str | float) -> float:
    value = _fraction(text)
    if value <= 0:
        raise typer.BadParameter("maximum occupancy must be above 0: e.g. 0.85 or 85%")
    return value


def _service_level(
    text: str | None, max_asa: float | None, max_abandon: float | None
) -> tuple[float | None, float]:
    """``--target`` as (fraction, threshold s); 20 s is the threshold shown without one."""
    if text is not None:
        try:
            return parse_service_level(text)
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="'--target'") from None
    if max_asa is None and max_abandon is None:
        raise typer.BadParameter(
            "give a target: --target 80/20 (percent answered within seconds), --max-asa or "
            "--max-abandon",
            param_hint="'--target'",
        )
    return None, 20.0


def staffing(
    *,
    calls: Annotated[
        float,
        typer.Option(
            parser=_call_volume, metavar="NUMBER", help="Calls arriving per interval at peak."
        ),
    ],
    per: Annotated[
        float,
        typer.Option(
            parser=_positive_duration, metavar="DURATION", help="The interval: 30m, 1h, 900."
        ),
    ],
    aht: Annotated[
        float,
        typer.Option(
            parser=_positive_duration, metavar="DURATION", help="Average handle time: 240s."
        ),
    ],
    target: Annotated[
        str | None,
        typer.Option(
            metavar="PCT/SECS", help="Service level: PERCENT/SECONDS answered, e.g. 80/20."
        ),
    ] = None,
    max_asa: Annotated[
        float | None,
        typer.Option(
            parser=_positive_duration, metavar="DURATION", help="Highest average speed of answer."
        ),
    ] = None,
    max_abandon: Annotated[
        float | None,
        typer.Option(
            parser=_fraction, metavar="FRACTION", help="Highest abandon rate: 0.05 or 5%."
        ),
    ] = None,
    patience: Annotated[
        float | None,
        typer.Option(
            parser=_positive_duration,
            metavar="DURATION",
            help="Callers' mean patience (projects with Erlang A).",
        ),
    ] = None,
    agents: Annotated[
        int | None, typer.Option(min=0, help="A staffing level to project as well.")
    ] = None,
    queue: Annotated[
        str | None,
        typer.Option(
            metavar="NAME",
            help="Project the agents on this queue now, read from the org (instead of --agents).",
        ),
    ] = None,
    profile: ProfileOpt = None,
    shrinkage: Annotated[
        float,
        typer.Option(
            parser=_shrinkage, metavar="FRACTION", help="Share of paid time off queue: 0.3 or 30%."
        ),
    ] = 0.0,
    max_occupancy: Annotated[
        float | None,
        typer.Option(
            parser=_max_occupancy, metavar="FRACTION", help="Busiest agents may be: 0.85."
        ),
    ] = None,
    span: Annotated[int, typer.Option(min=0, max=50, help="Rows each side of required.")] = 3,
    plot: Annotated[
        Path | None, typer.Option(dir_okay=False, help="Also draw SL and ASA to this PNG.")
    ] = None,
    output: OutputOpt = OutputFormat.text,
) -> None:
    """Agents needed for a service level at peak, with SL, ASA, abandon and queue around it."""
    if queue is not None and agents is not None:
        raise typer.BadParameter(
            "give --queue (the agents on that queue now) or --agents (a number), not both",
            param_hint="'--queue' / '--agents'",
        )
    service_level, threshold = _service_level(target, max_asa, max_abandon)
    try:
        goal = Target(service_level, threshold, max_asa, max_abandon, max_occupancy)
        traffic = Traffic.from_volume(calls, per, aht, patience)
        projection = project(traffic, goal, shrinkage=shrinkage, agents=agents, span=span)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint=_hint_for(str(exc))) from None
    preface: tuple[str, ...] = ()
    if queue is not None:  # only once every option is known good: then read the org
        live = _read_live(queue, profile)
        staffed = live.agents.on_queue
        projection = project(traffic, goal, shrinkage=shrinkage, agents=staffed, span=span)
        projection = dataclasses.replace(projection, agents_source="live")
        preface = (live.line,)
    if plot is not None:
        _plot(projection, plot)
    _print(projection, output, preface)


@dataclass(frozen=True, slots=True)
class _Live:
    """A queue's agents read from the org, and the sentence that says so."""

    agents: QueueAgents
    line: str


def _read_live(name: str, profile: str | None) -> _Live:
    """The agents on queue ``name`` now; an unknown name is a usage error naming close ones."""
    with open_client(profile) as client:
        try:
            queue_id = queue_id_by_name(client, name)
        except MissingError as exc:
            raise typer.BadParameter(str(exc), param_hint="'--queue'") from None
        seen = observe_queues(client, [queue_id])[queue_id]
    return _Live(seen, live_line(name, seen))


def _hint_for(message: str) -> str | None:
    """Which options a model's ValueError is about, for click's 'Invalid value for ...'."""
    if "patience" in message:
        return "'--patience'"
    if "offered load" in message:
        return "'--calls' / '--per' / '--aht'"
    return None


def _plot(projection: StaffingProjection, path: Path) -> None:
    traffic, target = projection.traffic, projection.target
    counts = plot_counts(projection.required_agents, traffic.load, projection.agents)
    rows = [traffic.metrics(n, target.threshold) for n in counts]
    title = f"{traffic.load:.4g} Erlangs offered, {projection.required_agents} agents required"
    write_plot(
        path, rows, target_sl=target.service_level, required=projection.required_agents, title=title
    )
    err_console.print(f"plot written to {path}", markup=False)


def _print(projection: StaffingProjection, output: OutputFormat, preface: tuple[str, ...]) -> None:
    """The projection on stdout; ``preface`` (where live agents came from) goes first, or to
    stderr with ``--output json`` so stdout stays one JSON document of the same shape."""
    if output is OutputFormat.json:
        for line in preface:
            err_console.print(line, markup=False)
        print_json(projection.to_json())
        return
    if output is OutputFormat.markdown:
        sys.stdout.write(markdown(projection, preface))
        return
    console = Console(highlight=False)
    for line in (*preface, *summary_lines(projection)):
        console.print(line, markup=False)
    table = Table(*HEADERS, box=box.SIMPLE_HEAD)
    for column in table.columns[:-1]:
        column.justify = "right"
    for row in projection.rows:
        key = row.agents in (projection.required_agents, projection.agents)
        table.add_row(*row_cells(projection, row), style="bold" if key else None)
    # Never squeezed into "occupan…" on a narrow terminal (or an 80-column CI log): the table
    # keeps its natural width and the terminal wraps the line instead.
    natural = Measurement.get(console, console.options.update(max_width=1_000), table).maximum
    Console(highlight=False, width=max(console.width, natural)).print(table)
