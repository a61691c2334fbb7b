"""A plan for people (rich text, Markdown for a pull-request comment) and for programs (JSON).

Renderers only turn a Plan into output; they print nothing (the CLI does).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from rich.console import Group
from rich.text import Text

from cxgate.plan.change import Action, Change, FieldChange, Op, Risk
from cxgate.plan.flows import DEFINITION, definition_lines
from cxgate.plan.plan import Plan
from cxgate.plan.staffing import ProjectionSide

__all__ = ["render_json", "render_markdown", "render_text"]

_SIGN = {Action.CREATE: "+", Action.UPDATE: "~", Action.DELETE: "-"}
_COLOUR = {Action.CREATE: "green", Action.UPDATE: "yellow", Action.DELETE: "red"}
_RISK_COLOUR = {Risk.LOW: "green", Risk.MEDIUM: "yellow", Risk.HIGH: "bold red"}
_OP_SIGN = {Op.ADD: "+", Op.REMOVE: "-", Op.MODIFY: "~"}


def _short(value: Any, limit: int = 80) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _field_line(fc: FieldChange) -> str:
    if fc.op is Op.ADD:
        return f"{fc.path_text}: {_short(fc.new)}"
    if fc.op is Op.REMOVE:
        return f"{fc.path_text}: {_short(fc.old)} → (cleared)"
    return f"{fc.path_text}: {_short(fc.old)} → {_short(fc.new)}"


def _headline(plan: Plan) -> str:
    summary = plan.summary()
    if not plan.has_changes:
        return "No changes. The org matches the bundle."
    return (
        f"Plan: {summary['create']} to create, {summary['update']} to update, "
        f"{summary['delete']} to delete. Overall risk: {summary['risk']}."
    )


def _by_kind(plan: Plan) -> Iterator[tuple[str, list[Change]]]:
    kinds: dict[str, list[Change]] = {}
    for change in plan.changes:
        kinds.setdefault(change.kind, []).append(change)
    yield from kinds.items()


def render_text(plan: Plan, max_fields: int = 50) -> Group:
    """Coloured summary grouped by kind, a diff per change, risks, and the safety verdict."""
    lines: list[Text] = []
    for kind, changes in _by_kind(plan):
        lines.append(Text(f"\n{kind} ({len(changes)})", style="bold"))
        for change in changes:
            lines += _change_text(change, max_fields)
    lines += _staffing_text(plan)
    lines.append(Text(""))
    lines += _footer_text(plan)
    return Group(*lines)


def _side_text(side: ProjectionSide | None) -> str:
    if side is None:
        return "(new queue)"
    verdict = "meets it" if side.ok else f"misses it (needs {side.required_agents} agents)"
    return f"target {side.target}, projected {side.service_level:.1%}: {verdict}"


def _staffing_text(plan: Plan) -> list[Text]:
    if not plan.projections:
        return []
    out = [Text("\nstaffing (forecast projections)", style="bold")]
    for p in plan.projections:
        out.append(Text(f"  queue '{p.queue}' with {p.agents} agents"))
        out.append(Text(f"      before: {_side_text(p.before)}", style="dim"))
        out.append(Text(f"      after:  {_side_text(p.after)}", style=_verdict(p.after.ok)))
    return out


def _verdict(ok: bool) -> str:
    return "green" if ok else "bold red"


def _change_text(change: Change, max_fields: int) -> list[Text]:
    risk = change.risk
    head = Text(f"  {_SIGN[change.action]} {change.label}", style=_COLOUR[change.action])
    head.append(f"  [{risk.level.name}]", style=_RISK_COLOUR[risk.level])
    out = [head]
    for fc in change.fields[:max_fields]:
        if fc.path == DEFINITION:
            continue  # a flow's file: the YAML diff and graph summary below
        out.append(Text(f"      {_OP_SIGN[fc.op]} {_field_line(fc)}", style=_COLOUR[change.action]))
    out += [Text(f"      {line}", style="cyan") for line in definition_lines(change)]
    if len(change.fields) > max_fields:
        out.append(Text(f"      … {len(change.fields) - max_fields} more fields", style="dim"))
    for reason in risk.reasons:
        style = _RISK_COLOUR[reason.level]
        out.append(Text(f"      ! {reason.level.name}: {reason.text}", style=style))
    return out


def _footer_text(plan: Plan) -> list[Text]:
    out = [Text(_headline(plan), style="bold")]
    for warning in plan.warnings:
        out.append(Text(f"warning: {warning}", style="yellow"))
    reasons = plan.unsafe_reasons()
    if reasons:
        out.append(Text("Unsafe: apply will refuse this plan without --force:", style="bold red"))
        out += [Text(f"  - {reason}", style="red") for reason in reasons]
    if plan.has_changes:
        out.append(Text(f"checksum {plan.checksum}", style="dim"))
    return out


def render_markdown(plan: Plan, max_fields: int = 50) -> str:
    """GitHub-flavoured Markdown for a pull-request comment."""
    env = f" ({plan.env})" if plan.env else ""
    out = [f"### cxgate plan{env}", "", f"**{_headline(plan)}**", ""]
    reasons = plan.unsafe_reasons()
    if reasons:
        out += ["> [!WARNING]", "> Unsafe: apply will refuse this plan without `--force`:"]
        out += [f"> - {r}" for r in reasons] + [""]
    if plan.has_changes:
        out += ["| | kind | name | risk | why |", "|---|---|---|---|---|"]
        for change in plan.changes:
            why = "; ".join(r.text for r in change.risk.reasons) or "–"
            out.append(
                f"| {_SIGN[change.action]} | {change.kind} | {_md(change.label)} | "
                f"{change.risk.level.name} | {_md(why)} |"
            )
        out += ["", "<details><summary>Field changes</summary>", "", "```diff"]
        for change in plan.changes:
            out.append(f"{_SIGN[change.action]} {change.label}")
            out += [
                f"{_OP_SIGN[fc.op] if fc.op is not Op.MODIFY else '!'}   {_field_line(fc)}"
                for fc in change.fields[:max_fields]
                if fc.path != DEFINITION
            ]
            out += [f"    {line}" for line in definition_lines(change)]
        out += ["```", "", "</details>", ""]
        out += _staffing_markdown(plan)
        out += [f"`{plan.checksum}`"]
    out += [f"- warning: {w}" for w in plan.warnings]
    return "\n".join(out) + "\n"


def _staffing_markdown(plan: Plan) -> list[str]:
    if not plan.projections:
        return []
    out = ["**Staffing** (forecast projections)", ""]
    out += ["| queue | agents | before | after |", "|---|---:|---|---|"]
    for p in plan.projections:
        after = _side_text(p.after) if p.after.ok else f"**{_side_text(p.after)}**"
        out.append(f"| {_md(p.queue)} | {p.agents} | {_side_text(p.before)} | {after} |")
    return [*out, ""]


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def render_json(plan: Plan) -> dict[str, Any]:
    """The plan file's JSON document (stable schema, see cxgate.plan.plan)."""
    return plan.to_dict()
