"""Reading Archy YAML into a FlowGraph: the public corpus and the parser traps of GRAMMAR.md §9."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxgate.errors import BundleError
from cxgate.flow.graph import Ending, NodeKind, TransitionKind
from cxgate.flow.read.archy import parse_flow, read_flow

from ..helpers import CORPUS, corpus_files, corpus_params, flow, needs_corpus

# (file, kind, nodes, transitions, external refs) as read today; a change here is a change
# in how cxgate understands real flows, so it must be deliberate.
CORPUS_SIZES = [
    ("botflow__dude-wheres-my-stuff-bot__askforintent-slots.yaml", "botFlow", 8, 11, 0),
    ("commonmodule__resolve-contact__startuptaskactions.yaml", "commonModule", 10, 16, 7),
    ("digitalbot__transfer-to-queue__digitalmenu.yaml", "digitalBot", 6, 7, 3),
    (
        "inboundcall__call-park-orbit-retrieval__collectinput-calldata.yaml",
        "inboundCall",
        12,
        14,
        5,
    ),
    (
        "inboundcall__dr-emergency-ivr__schedule-group-menutask-speech.yaml",
        "inboundCall",
        33,
        34,
        8,
    ),
    ("inboundcall__dr-fallback-ivr__voicemail-task-unreachable-menu.yaml", "inboundCall", 7, 5, 2),
    (
        "inboundcall__emergency-group-toggle__menujumptotask-defaultchild.yaml",
        "inboundCall",
        18,
        24,
        7,
    ),
    (
        "inboundcall__event-orchestrator__menujumptotask-transfertosecure.yaml",
        "inboundCall",
        8,
        7,
        1,
    ),
    ("inboundcall__ivr-cache-example__tasks-datatable-calldata.yaml", "inboundCall", 20, 32, 8),
    ("inboundcall__simple-financial-ivr__menu-transfer-to-acd.yaml", "inboundCall", 5, 6, 3),
    ("inboundcall__tf-minimal-example__relative-startupref.yaml", "inboundCall", 3, 2, 0),
    (
        "inboundcall__trigger-proactive-callback__getparticipantdata-escaped-exp.yaml",
        "inboundCall",
        6,
        7,
        5,
    ),
    ("inboundchat__dude-wheres-my-stuff__switch-callbotflow.yaml", "inboundChat", 29, 42, 9),
    ("inboundemail__email-comprehend__findqueue-calldata.yaml", "inboundEmail", 11, 19, 3),
    (
        "inboundshortmessage__sms-schedule-callback__nested-decisions.yaml",
        "inboundShortMessage",
        13,
        21,
        4,
    ),
    (
        "inboundshortmessage__switch-from-voice__calltask-outputpaths.yaml",
        "inboundShortMessage",
        22,
        29,
        7,
    ),
    (
        "inboundshortmessage__webmessage-hours__evaluateschedule.yaml",
        "inboundShortMessage",
        7,
        8,
        5,
    ),
    (
        "inqueuecall__proactive-callback-offer__collectinput-transfertoflow.yaml",
        "inqueueCall",
        13,
        16,
        6,
    ),
    ("inqueuecall__switch-to-web-messaging__ewt-collectinput.yaml", "inqueueCall", 19, 25, 5),
    ("outboundcall__proactive-callback-connect__speech-only-menu.yaml", "outboundCall", 10, 13, 10),
    (
        "securecall__event-orchestrator-secure__collectinput-terminating-star.yaml",
        "secureCall",
        8,
        10,
        2,
    ),
    ("surveyinvite__send-survey-sms.yaml", "surveyInvite", 9, 10, 3),
    ("workflow__ani-blacklist__datatable-quoted-yesno.yaml", "workflow", 9, 14, 4),
    ("workflow__message-transcript-email__states-loop-switch.yaml", "workflow", 53, 69, 6),
    ("workitem__insurance-claim__switch-firstmatch-calltask.yaml", "workitem", 33, 42, 4),
]


@needs_corpus
def test_corpus_is_complete() -> None:
    """Every corpus file has a pinned size below (and the corpus is where CI puts it)."""
    assert sorted(p.name for p in corpus_files()) == sorted(row[0] for row in CORPUS_SIZES)


@needs_corpus
@pytest.mark.parametrize(("name", "kind", "nodes", "transitions", "refs"), CORPUS_SIZES)
def test_corpus_file_sizes(name: str, kind: str, nodes: int, transitions: int, refs: int) -> None:
    """Each real flow parses, without a crash, into the graph size pinned for it."""
    graph = read_flow(CORPUS / name)
    assert (graph.kind, len(graph.nodes), len(graph.transitions), len(graph.external_refs)) == (
        kind,
        nodes,
        transitions,
        refs,
    )


@pytest.mark.parametrize("path", corpus_params())
def test_corpus_graph_is_consistent(path: Path) -> None:
    """Transitions join existing nodes, and every line points inside the file."""
    graph = read_flow(path)
    length = path.read_text(encoding="utf-8").count("\n") + 1
    assert graph.entry in graph.nodes
    for t in graph.transitions:
        assert t.source in graph.nodes
        assert t.target is None or t.target in graph.nodes
        assert 1 <= t.line <= length
    assert all(1 <= n.line <= length for n in graph.nodes.values())
    assert len({t.id for t in graph.transitions}) == len(graph.transitions)


def test_masked_substitutions_keep_line_numbers() -> None:
    """Unquoted ``{{key}}`` (even as a key) parses; lines stay put; a warning names the key."""
    graph = flow(
        """
        inboundCall:
          name: {{flow_name}}
          startUpRef: ./tasks/task[t]
          tasks:
            - task:
                name: T
                refId: t
                actions:
                  - callData:
                      category:
                        {{integration}}:
                          dataAction:
                            {{action}}:
                              inputs: {}
                  - disconnect:
                      name: Bye
        """
    )
    assert graph.name == "{{flow_name}}"
    assert [n.line for n in graph.nodes.values() if n.type == "disconnect"] == [15]
    unset = {n.message.split("'")[1]: n.line for n in graph.notes if n.rule == "substitution-unset"}
    assert unset == {"{{flow_name}}": 2, "{{integration}}": 11, "{{action}}": 13}
    assert ("dataAction", "{{action}}") in {(r.kind, r.name) for r in graph.external_refs}


def test_substitution_values_replace_tokens() -> None:
    """With values given, the flow reads the real names and no warning remains."""
    text = "inboundCall:\n  name: {{n}}\n  startUpRef: ./menus/menu[m]\n  menus: []\n"
    graph = parse_flow(text, "f.yaml", {"n": "Main IVR"})
    assert graph.name == "Main IVR"
    assert not [n for n in graph.notes if n.rule == "substitution-unset"]


def test_multiline_substitution_value_is_refused() -> None:
    """A value spanning lines would shift line numbers, so it is refused with the fix."""
    with pytest.raises(BundleError, match="spans lines"):
        parse_flow("inboundCall:\n  name: {{n}}\n", "f.yaml", {"n": "a\nb"})


def test_yaml_11_booleans_stay_words() -> None:
    """Bare ``yes:``/``no:`` output keys and ``- no`` speech terms are not booleans."""
    graph = flow(
        """
        inboundCall:
          startUpRef: ./menus/menu[m]
          menus:
            - menu:
                name: M
                refId: m
                choices:
                  - menuDisconnect:
                      speechRecTerms:
                        en-us:
                          terms:
                            - no
                            - off
                  - menuTask:
                      dtmf: digit_1
                      task:
                        actions:
                          - decision:
                              condition:
                                exp: true
                              outputs:
                                yes:
                                  actions:
                                    - disconnect:
                                        none: true
                          - disconnect:
                              none: true
        """
    )
    choice = next(t for t in graph.transitions if t.kind is TransitionKind.CHOICE)
    assert choice.terms == ("no", "off")
    labels = {t.label for t in graph.transitions if t.kind is TransitionKind.OUTPUT}
    assert labels == {"yes", "no"}


def test_crlf_and_bom_are_read() -> None:
    """CRLF line endings and a UTF-8 BOM read like plain LF text."""
    text = "\ufeffinboundCall:\r\n  name: X\r\n  startUpRef: ./menus/menu[m]\r\n  menus: []\r\n"
    graph = parse_flow(text, "f.yaml")
    assert graph.name == "X"


def test_read_flow_from_disk_with_crlf(tmp_path: Path) -> None:
    """read_flow decodes the file and normalises CRLF before parsing."""
    path = tmp_path / "f.yaml"
    path.write_bytes(b"\xef\xbb\xbfinboundCall:\r\n  name: Disk\r\n  startUpRef: /x\r\n")
    assert read_flow(path).name == "Disk"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("- a\n- b\n", "exactly one top-level key"),
        ("inboundCall: {}\noutboundCall: {}\n", "exactly one top-level key"),
        ("inboundcall:\n  name: x\n", "not an Archy flow kind"),
        ("inboundCall:\n  name: [unclosed\n", "f.yaml:3: invalid YAML"),
        ("inboundCall:\n\tname: x\n", "invalid YAML"),
    ],
)
def test_bad_files_get_one_clear_error(text: str, message: str) -> None:
    """Unparseable files raise BundleError naming the file, line and a fix."""
    with pytest.raises(BundleError, match=message) as info:
        parse_flow(text, "f.yaml")
    assert "f.yaml" in str(info.value)
    assert "fix:" in str(info.value)


def test_unreadable_file_is_a_bundle_error(tmp_path: Path) -> None:
    """A missing or non-UTF-8 file is reported, not a traceback."""
    with pytest.raises(BundleError, match="cannot read"):
        read_flow(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"inboundCall:\n  name: \xff\n")
    with pytest.raises(BundleError, match="not UTF-8"):
        read_flow(bad)


def test_unknown_action_is_opaque_with_its_outputs() -> None:
    """An unknown action keeps its outputs and falls through otherwise, with a warning."""
    graph = flow(
        """
        inboundCall:
          name: Unknown action
          startUpRef: ./tasks/task[t]
          tasks:
            - task:
                refId: t
                actions:
                  - frobnicate:
                      name: F
                      outputs:
                        odd:
                          actions:
                            - disconnect: {}
                  - disconnect: {}
        """
    )
    node = next(n for n in graph.nodes.values() if n.type == "frobnicate")
    assert not node.known
    assert {t.label for t in graph.outgoing(node.id)} == {"odd", "other"}
    assert [n.rule for n in graph.notes] == ["action-unknown"]


def test_relative_and_absolute_refs_resolve() -> None:
    """``./``, ``../`` and absolute refs (GRAMMAR.md §4) all reach their targets."""
    graph = flow(
        """
        inboundCall:
          name: Refs
          startUpRef: ./menus/menu[main]
          menus:
            - menu:
                name: Main
                refId: main
                defaultChildMenuRef: ./choices/menuSubMenu[sub]
                choices:
                  - menuSubMenu:
                      name: Sub
                      refId: sub
                      dtmf: digit_1
                      choices:
                        - menuJumpToMenu:
                            refId: back
                            dtmf: digit_9
                            targetMenuRef: ../../../..
                        - menuJumpToMenu:
                            dtmf: digit_8
                            targetMenuRef: ../../../../../menu[main]
                        - menuJumpToTask:
                            dtmf: digit_7
                            targetTaskRef: /inboundCall/tasks/task[t]
          tasks:
            - task:
                refId: t
                actions:
                  - disconnect: {}
        """
    )
    main = "/inboundCall/menus/menu[main]"
    sub = f"{main}/choices/menuSubMenu[sub]"
    jumps = {t.source: t.target for t in graph.transitions if t.kind is TransitionKind.JUMP}
    assert jumps[f"{sub}/choices/menuJumpToMenu[back]"] == main
    assert jumps[f"{sub}/choices/1"] == main
    assert jumps[f"{sub}/choices/2"] == "/inboundCall/tasks/task[t]"
    default = next(t for t in graph.outgoing(main) if t.kind is TransitionKind.DEFAULT)
    assert default.target == sub
    assert graph.nodes[sub].kind is NodeKind.MENU
    assert graph.notes == []


def test_fall_through_from_branches_and_omitted_outputs() -> None:
    """A branch that does not end continues after its action; omitted outputs fall through."""
    graph = flow(
        """
        inboundCall:
          startUpRef: ./tasks/task[t]
          tasks:
            - task:
                refId: t
                actions:
                  - callData:
                      outputs:
                        failure:
                          actions:
                            - playAudio:
                                audio: {tts: Sorry}
                  - transferToAcd:
                      targetQueue: {lit: {name: Sales}}
                  - disconnect: {}
        """
    )
    task = "/inboundCall/tasks/task[t]"
    call = graph.outgoing(f"{task}/actions/0")
    assert {(t.label, t.target, t.implicit) for t in call} == {
        ("failure", f"{task}/actions/0/outputs/failure/actions/0", False),
        ("success", f"{task}/actions/1", True),
        ("timeout", f"{task}/actions/1", True),
    }
    play = graph.outgoing(f"{task}/actions/0/outputs/failure/actions/0")
    assert [t.target for t in play] == [f"{task}/actions/1"]
    transfer = graph.nodes[f"{task}/actions/1"]
    assert (transfer.ending, transfer.target) == (Ending.TRANSFER, "queue:Sales")
    assert [t.target for t in graph.outgoing(transfer.id)] == [f"{task}/actions/2"]


def test_in_queue_task_starts_over() -> None:
    """An in-queue flow's startup task loops back to its start when it ends."""
    graph = flow(
        """
        inqueueCall:
          startUpTaskActions:
            - holdMusic:
                prompt: {lit: {name: PromptSystem.on_hold_music}}
        """
    )
    task = "/inqueueCall/startUpTaskActions"
    hold = graph.outgoing(f"{task}/actions/0")
    assert [(t.target, t.kind) for t in hold] == [(task, TransitionKind.LOOP)]
    assert [(r.kind, r.name) for r in graph.external_refs] == [
        ("prompt", "PromptSystem.on_hold_music")
    ]


def test_menu_choices_repeat_previous_global_and_failed_transfer() -> None:
    """Repeat stays, previous climbs to the parent menu, a failed menu transfer repeats the
    menu, and a global choice answers from every other menu."""
    graph = flow(
        """
        inboundCall:
          startUpRef: ./menus/menu[main]
          menus:
            - menu:
                name: Main
                refId: main
                choices:
                  - menuSubMenu:
                      refId: sub
                      dtmf: digit_1
                      choices:
                        - menuPreviousMenu: {dtmf: digit_8}
                        - menuRepeatMenu: {dtmf: digit_7}
                  - menuTransferToAcd:
                      refId: op
                      dtmf: digit_0
                      targetQueue: {lit: {name: Ops}}
                  - menuDisconnect: {refId: bye, dtmf: digit_9, globalDtmf: true}
        """
    )
    main = "/inboundCall/menus/menu[main]"
    sub = f"{main}/choices/menuSubMenu[sub]"
    jumps = {(t.source, t.label): t.target for t in graph.transitions}
    assert jumps[(f"{sub}/choices/0", "previous")] == main
    assert jumps[(f"{sub}/choices/1", "repeat")] == sub
    assert jumps[(f"{main}/choices/menuTransferToAcd[op]", "failure")] == main
    assert jumps[(sub, "global 9")] == f"{main}/choices/menuDisconnect[bye]"
    assert (main, "global 9") not in jumps


def test_duplicate_refids_keep_both_objects() -> None:
    """Two tasks with one refId both become nodes; the clash is a finding, not a crash."""
    graph = flow(
        """
        inboundCall:
          startUpRef: ./tasks/task[t]
          tasks:
            - task: {refId: t, actions: [disconnect: {}]}
            - task: {refId: t, actions: [disconnect: {}]}
            - task: {actions: [disconnect: {}]}
            - task: {actions: [disconnect: {}]}
        """
    )
    tasks = [n.id for n in graph.nodes.values() if n.kind is NodeKind.TASK]
    assert tasks == [
        "/inboundCall/tasks/task[t]",
        "/inboundCall/tasks/task[t]#2",
        "/inboundCall/tasks/task[]",
        "/inboundCall/tasks/task[]#2",
    ]
    assert [n.rule for n in graph.notes].count("ref-duplicate-id") == 1


def test_error_handling_and_menu_repeats() -> None:
    """Flow error handling is read; menus inherit repeatCount unless they set their own."""
    graph = flow(
        """
        inboundCall:
          startUpRef: ./menus/menu[a]
          settingsErrorHandling:
            errorHandling: {queue: {targetQueue: {lit: {name: Rescue}}}}
          settingsMenu: {repeatCount: {lit: 2}}
          menus:
            - menu:
                refId: a
                settingsMenu: {repeatCount: {noValue: true}}
                choices:
                  - menuSubMenu:
                      refId: s
                      dtmf: digit_1
                      choices: [menuDisconnect: {dtmf: digit_9}]
            - menu:
                refId: b
                settingsMenu: {repeatCount: {lit: 5}}
                choices: [menuDisconnect: {dtmf: digit_9}]
        """
    )
    assert graph.error_handling == "queue:Rescue"
    repeats = {n.ref_id: n.repeat_count for n in graph.nodes.values() if n.kind is NodeKind.MENU}
    assert repeats == {"a": 2, "s": 2, "b": 5}
    assert flow("inboundCall:\n  name: X\n").error_handling == ""
