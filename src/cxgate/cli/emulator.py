"""`cxgate emulator serve`: a local Genesys Cloud org on a loopback socket."""

from __future__ import annotations

import contextlib
import functools
import os
import re
import tempfile
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from cxgate.cli.common import EXIT_ERROR, check_out_file, err_console

__all__ = ["parse_credentials", "parse_rate_limit", "serve"]

_RATE = re.compile(r"^(\d+)(?:/min)?$")


def parse_rate_limit(value: str) -> int:
    """``300/min`` or ``300`` → 300 requests per minute per token; 0 switches it off."""
    match = _RATE.match(value.strip())
    if match is None:
        raise typer.BadParameter(f"{value!r}: write requests per minute, e.g. 300/min (0 = off)")
    return int(match.group(1))


def parse_credentials(value: str | None) -> tuple[str, str] | None:
    """``ID:SECRET`` → (id, secret); None accepts any non-empty pair."""
    if value is None:
        return None
    client_id, sep, secret = value.partition(":")
    if not sep or not client_id or not secret:
        raise typer.BadParameter("write the client credentials as ID:SECRET")
    return client_id, secret


def _write_ready_file(path: Path, url: str) -> None:
    """Write the URL atomically, so a watcher never reads half of it."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or Path("."))
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(url + "\n")
    os.replace(tmp, path)


def _announce(url: str, *, seed: str, details: str, ready_file: Path | None) -> None:
    """Tell the user (and scripts waiting for "ready") where the server is. Never prints
    the client secret."""
    typer.echo(f"cxgate emulator: {seed} org on {url} ({details})")
    typer.echo(f"GENESYSCLOUD_API_URL={url}")
    if ready_file is not None:
        _write_ready_file(ready_file, url)
    typer.echo("ready")


def serve(
    *,
    port: Annotated[int, typer.Option(help="Port to listen on; 0 picks a free one.")] = 8181,
    host: Annotated[str, typer.Option(help="Address to bind (keep it on loopback).")] = (
        "127.0.0.1"
    ),
    seed: Annotated[
        str,
        typer.Option(help="Starting org: demo, empty, or generated:queues=N,skills=N,..."),
    ] = "demo",
    state: Annotated[
        Path | None,
        typer.Option(help="Load the org from FILE if it exists; save it there after each write."),
    ] = None,
    credentials: Annotated[
        str | None,
        typer.Option(help="Accept only this client, as ID:SECRET (default: any non-empty pair)."),
    ] = None,
    rate_limit: Annotated[
        str, typer.Option(help="Requests per minute per token (0 = off).")
    ] = "300/min",
    faults: Annotated[
        str | None,
        typer.Option(
            help='Faults to inject, e.g. "5xx=0.1,drop=0.02,seed=7" (more: README, emulator).'
        ),
    ] = None,
    token_ttl: Annotated[int, typer.Option(help="Access token lifetime in seconds.")] = 86_400,
    ready_file: Annotated[
        Path | None,
        typer.Option(help="Write the base URL to this file once connections are accepted."),
    ] = None,
    behaviour: Annotated[
        str | None,
        typer.Option(
            help="Answers to undocumented API behaviour, e.g. "
            '"in-place-publish=off,org-stale-version=400" (README, emulator).'
        ),
    ] = None,
) -> None:
    """Serve a local Genesys Cloud org; point cxgate at it with GENESYSCLOUD_API_URL."""
    from cxgate.emulator import Emulator
    from cxgate.emulator.behaviour import Behaviour, BehaviourError
    from cxgate.emulator.serve import EmulatorServer

    check_out_file(ready_file, "--ready-file")
    try:
        answers = Behaviour.parse(behaviour)
    except BehaviourError as exc:
        raise typer.BadParameter(str(exc), param_hint="'--behaviour'") from None
    budget = parse_rate_limit(rate_limit)
    accepted = parse_credentials(credentials)
    emulator = Emulator(
        seed=seed,
        rate_limit=budget,
        faults=faults,
        credentials=accepted,
        state_file=state,
        token_ttl=token_ttl,
        behaviour=answers,
    )

    limit = f"{budget}/min per token" if budget > 0 else "off"
    who = f"client id {accepted[0]}" if accepted else "any client id and secret"
    details = f"rate limit {limit}; {who}" + (f"; faults {faults}" if faults else "")
    details += f"; behaviour {behaviour}" if behaviour else ""
    announce = functools.partial(_announce, seed=seed, details=details, ready_file=ready_file)
    try:
        server = EmulatorServer(emulator, host=host, port=port, on_ready=announce)
    except OSError as exc:
        err_console.print(
            f"[red]error[/red] cannot listen on {escape(host)}:{port} ({exc.strerror}); choose "
            "another port with --port, or --port 0 for a free one",
            soft_wrap=True,
        )
        raise typer.Exit(EXIT_ERROR) from None
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is the normal way to stop
        server.serve_forever()
    typer.echo("cxgate emulator: stopped")
