"""What `validate` and `plan` share: reading the live side, running the rules, the store."""

from __future__ import annotations

from pathlib import Path

from cxgate.bundle.desired import DesiredState
from cxgate.bundle.load import load_or_raise
from cxgate.errors import ConfigError, Problem
from cxgate.resource.live import LiveState, live_from_bodies
from cxgate.safety import validate
from cxgate.state.store import StateStore, state_dir

__all__ = ["bundle_problems", "live_state", "open_store", "org_key"]


def live_state(against: Path | None, env: str | None) -> LiveState:
    """The live side: another bundle for now; the org itself once the API client lands."""
    if against is None:
        raise ConfigError(
            "reading the live org needs the API client, which is not installed in this build; "
            "compare with an exported bundle instead: --against DIR"
        )
    other, _ = load_or_raise(against, env)
    bodies = {kind: {n: o.body for n, o in objs.items()} for kind, objs in other.objects.items()}
    return live_from_bodies(bodies, org_id=other.config.org_for(env).id)


def bundle_problems(
    desired: DesiredState, against: Path | None
) -> tuple[LiveState | None, list[Problem]]:
    """Offline rules, plus the rules against the live side when there is one."""
    problems = validate.offline(desired)
    if against is None:
        return None, problems
    live = live_state(against, desired.env)
    return live, problems + validate.against_live(desired, live)


def org_key(desired: DesiredState, live: LiveState | None) -> str:
    """How the state store names the org: its id when known, else the bundle's org name."""
    org = desired.config.org_for(desired.env)
    return (live.org_id if live else None) or org.id or org.name or "default"


def open_store(directory: Path | None) -> StateStore:
    """The local state store (``--state-dir``, ``$CXGATE_STATE_DIR`` or ``./.cxgate``)."""
    return StateStore.open(state_dir(directory))
