"""Read an ``actions:`` list into nodes and transitions, with Archy's fall-through rule.

Actions are single-key list items; an output branch that does not end in a terminating
action continues after the action that branched, and an omitted output takes that same
fall-through (GRAMMAR.md §6, Resource Center ?p=8382: branches "merge back to ultimately
complete the sequence"). So every sequence is built knowing its continuation: the next
action, the enclosing branch's continuation, a loop's next iteration, or None (a dead end).
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from cxgate.flow.actions import spec_for
from cxgate.flow.graph import Ending, Node, NodeKind, TransitionKind
from cxgate.flow.read.builder import Cont, GraphBuilder
from cxgate.flow.read.values import audio_texts, expression, lit_int, transfer_target, wrapper
from cxgate.flow.read.yamltree import child, items, line_of, scalar, sequence, single_key

__all__ = ["SequenceReader"]

_REF_KEYS = {
    "jumpToMenu": "targetMenuRef",
    "jumpToTask": "targetTaskRef",
    "changeState": "targetStateRef",
}
_AUDIO_KEYS = ("audio", "inputAudio", "preTransferAudio", "question", "messageBody")


@dataclass(frozen=True, slots=True)
class _Loop:
    node: str
    after: Cont


@dataclass(frozen=True, slots=True)
class _Action:
    id: str
    type: str
    body: yaml.Node
    line: int


class SequenceReader:
    """Turns action lists into graph pieces inside one GraphBuilder."""

    def __init__(self, builder: GraphBuilder) -> None:
        self.b = builder

    def read(
        self, actions: yaml.Node | None, base: str, cont: Cont, loop: _Loop | None = None
    ) -> Cont:
        """Build a sequence; return where entering it goes (its first action, or ``cont``)."""
        steps = self._steps(actions, base)
        for i, step in enumerate(steps):
            after = Cont(steps[i + 1].id) if i + 1 < len(steps) else cont
            self._action(step, after, loop)
        return Cont(steps[0].id) if steps else cont

    def _steps(self, actions: yaml.Node | None, base: str) -> list[_Action]:
        steps: list[_Action] = []
        for index, item in enumerate(sequence(actions)):
            pair = single_key(item)
            if pair is None:
                self.b.note(
                    "action-malformed",
                    "error",
                    line_of(item),
                    "an actions item must be a one-key mapping like `- playAudio: {...}`",
                    "write each action as a list item with exactly one key, its type",
                )
                continue
            steps.append(_Action(f"{base}/actions/{index}", pair[0], pair[1], line_of(item)))
        return steps

    def _action(self, step: _Action, after: Cont, loop: _Loop | None) -> None:
        node = self.b.add(self._node(step))
        if not node.known:
            self.b.note(
                "action-unknown",
                "warning",
                step.line,
                f"action type '{step.type}' is not known to cxgate; kept as an opaque step",
                "check the spelling; if it is valid Archy, its outputs are still followed",
            )
        self._flow_out(step, node, after, loop)

    def _node(self, step: _Action) -> Node:
        spec = spec_for(step.type)
        body = step.body
        count_node = child(body, "loopCount")
        return Node(
            id=step.id,
            kind=NodeKind.ACTION,
            type=step.type,
            name=scalar(child(body, "name")) or "",
            file=self.b.file,
            line=step.line,
            ending=spec.ending,
            waits=spec.waits,
            known=spec.known,
            bounded=step.type == "loop" and _has_count(count_node),
            audio=tuple(t for key in _AUDIO_KEYS for t in audio_texts(child(body, key))),
            target=transfer_target(step.type, body),
            condition=expression(child(body, "condition")) or _switch_value(body),
            input_var=scalar(child(child(body, "inputData"), "var")) or "",
            loop_count=lit_int(count_node) if step.type == "loop" else None,
            output_path=scalar(child(child(body, "outputPath"), "name")) or "",
        )

    def _flow_out(self, step: _Action, node: Node, after: Cont, loop: _Loop | None) -> None:
        kind = step.type
        if kind in _REF_KEYS:
            self._jump(step, _REF_KEYS[kind], TransitionKind.JUMP)
        elif kind == "callTask":
            self._jump(step, "targetTaskRef", TransitionKind.CALL)
            self._outputs(step, after, loop, implicit=())
            self.b.follow(step.id, Cont(after.target, TransitionKind.RETURN, "return"), step.line)
        elif kind in ("loopNext", "loopExit"):
            self._loop_control(step, loop)
        elif kind == "loop":
            self._loop(step, after)
        elif kind == "switch":
            self._switch(step, after, loop)
        else:
            self._action_outputs(step, node, after, loop)

    def _action_outputs(self, step: _Action, node: Node, after: Cont, loop: _Loop | None) -> None:
        """Asks and "fake success" actions succeed into the next action; exhaustive outputs
        omitted fall through; an action with no outputs at all just goes on."""
        spec = spec_for(step.type)
        if spec.continues:
            self.b.link(
                step.id, after.target, TransitionKind.OUTPUT, "success", step.line, implicit=True
            )
        explicit = self._outputs(step, after, loop, implicit=spec.outputs)
        if node.ending is Ending.CONTINUES and not spec.outputs and not spec.continues:
            if explicit and not node.known:
                self.b.follow(step.id, Cont(after.target, after.kind, "other"), step.line)
            elif not explicit:
                self.b.follow(step.id, after, step.line)

    def _jump(self, step: _Action, key: str, kind: TransitionKind) -> None:
        ref_node = child(step.body, key)
        text = scalar(ref_node)
        if not text:
            self.b.note(
                "ref-missing",
                "error",
                step.line,
                f"{step.type} has no {key}",
                f"add {key}: with the path of its target",
            )
            self.b.link(step.id, None, kind, key, step.line)
            return
        base = self._owner_path(step.id)
        self.b.refer(step.id, text, base, key, line_of(ref_node), kind=kind)

    def _owner_path(self, node_id: str) -> tuple[str, ...]:
        """The Archy path of the nearest enclosing menu, choice, task or state."""
        while node_id not in self.b.path_of and "/" in node_id:
            node_id = node_id.rsplit("/", 1)[0]
        return self.b.path_of.get(node_id, ())

    def _outputs(
        self, step: _Action, after: Cont, loop: _Loop | None, implicit: tuple[str, ...]
    ) -> bool:
        """Link each output branch; omitted known outputs fall through. True if any explicit.

        Branches are read in file order (so nodes keep it) but linked in the action's own
        output order (success before failure…): the tracer's default is the first output.
        """
        built: dict[str, list[tuple[str, str | None, int]]] = {}
        for label, body in items(child(step.body, "outputs")):
            built[label] = [
                (sub_label, self.read(actions, sub_base, after, loop).target, line)
                for sub_label, sub_base, actions, line in _branches(step.id, label, body)
            ]
        order = [*implicit, *(label for label in built if label not in implicit)]
        for label in order:
            if label not in built:
                self.b.link(
                    step.id, after.target, TransitionKind.OUTPUT, label, step.line, implicit=True
                )
            for sub_label, target, line in built.get(label, ()):
                self.b.link(step.id, target, TransitionKind.OUTPUT, sub_label, line)
        return bool(built)

    def _loop(self, step: _Action, after: Cont) -> None:
        body = child(child(child(step.body, "outputs"), "loop"), "actions")
        me = _Loop(step.id, after)
        head = self.read(
            body, f"{step.id}/outputs/loop", Cont(step.id, TransitionKind.LOOP, "loop"), me
        )
        self.b.link(step.id, head.target, TransitionKind.OUTPUT, "loop", step.line)
        self.b.follow(step.id, Cont(after.target, after.kind, "done"), step.line)

    def _loop_control(self, step: _Action, loop: _Loop | None) -> None:
        if loop is None:
            self.b.note(
                "loop-control-outside-loop",
                "error",
                step.line,
                f"{step.type} is not inside a loop action's body",
                "move it into the `loop` output of a loop action, or remove it",
            )
            self.b.link(step.id, None, TransitionKind.NEXT, step.type, step.line)
        elif step.type == "loopNext":
            self.b.link(step.id, loop.node, TransitionKind.LOOP, "next", step.line)
        else:
            self.b.follow(step.id, Cont(loop.after.target, loop.after.kind, "exit"), step.line)

    def _switch(self, step: _Action, after: Cont, loop: _Loop | None) -> None:
        for mode, body in items(child(step.body, "evaluate")):
            typed = body if mode == "firstTrue" else _first_mapping(body)
            for index, case in enumerate(sequence(child(typed, "cases"))):
                case_body = child(case, "case")
                value = _case_value(child(case_body, "value"))
                head = self.read(
                    child(case_body, "actions"), f"{step.id}/cases/{index}", after, loop
                )
                self.b.link(
                    step.id,
                    head.target,
                    TransitionKind.OUTPUT,
                    f"case {index + 1}",
                    line_of(case),
                    value=value,
                )
            default = child(typed, "default")
            head = self.read(child(default, "actions"), f"{step.id}/default", after, loop)
            line = line_of(default) if default is not None else step.line
            self.b.link(
                step.id,
                head.target,
                TransitionKind.OUTPUT,
                "default",
                line,
                implicit=default is None,
            )


def _branches(
    action_id: str, label: str, body: yaml.Node
) -> list[tuple[str, str, yaml.Node | None, int]]:
    """An output's branches: ``{actions: [...]}``, or a list of named items (intents, paths)."""
    if scalar(child(body, "enabled")) == "false":
        return []
    if isinstance(body, yaml.SequenceNode):
        out = []
        for index, item in enumerate(body.value):
            pair = single_key(item)
            inner = pair[1] if pair else item
            name = scalar(child(inner, "name")) or str(index)
            out.append(
                (
                    f"{label}: {name}",
                    f"{action_id}/outputs/{label}/{index}",
                    child(inner, "actions"),
                    line_of(item),
                )
            )
        return out
    return [(label, f"{action_id}/outputs/{label}", child(body, "actions"), line_of(body))]


def _has_count(node: yaml.Node | None) -> bool:
    wrapped = wrapper(node)
    return wrapped is not None and wrapped[0] in ("lit", "exp")


def _first_mapping(node: yaml.Node | None) -> yaml.Node | None:
    pairs = items(node)
    return pairs[0][1] if pairs else None


def _case_value(node: yaml.Node | None) -> str:
    wrapped = wrapper(node)
    if wrapped is None:
        return ""
    return scalar(wrapped[1]) or ""


def _switch_value(body: yaml.Node) -> str:
    for mode, inner in items(child(body, "evaluate")):
        if mode == "firstMatch":
            return expression(child(_first_mapping(inner), "value"))
    return ""
