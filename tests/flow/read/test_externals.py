"""External references: every shape of name a flow uses for org objects, with its line."""

from __future__ import annotations

from ..helpers import flow


def test_every_reference_shape_is_collected() -> None:
    """Queues, flows, schedules, data actions, tables, prompts, skills… each with kind and line."""
    graph = flow(
        """
        inboundCall:
          name: Refs
          division: Home
          startUpRef: ./tasks/task[t]
          variables:
            - queueVariable: {name: Flow.q, initialValue: {lit: {name: Overflow}}}
          settingsErrorHandling:
            errorHandling: {queue: {targetQueue: {lit: {name: Errors}}}}
          tasks:
            - task:
                refId: t
                actions:
                  - evaluateScheduleGroup:
                      scheduleGroup: {lit: {name: Hours}}
                      emergencyGroup: {lit: {name: Storm}}
                  - evaluateSchedule:
                      evaluationType: {schedule: {selectedSchedule: {lit: {name: Weekdays}}}}
                  - dataTableLookup:
                      dataTable: {VIP Table: {foundOutputs: {}}}
                  - callData:
                      category: {Acme CRM: {dataAction: {Get Tier: {inputs: {}}}}}
                  - callBotFlow:
                      botFlow: {Helper Bot: {ver_latestPublished: {}}}
                  - playAudio: {audio: {prompt: PromptUser.welcome}}
                  - playAudio: {audio: {exp: 'ToAudio(PromptSystem.ding)'}}
                  - updateData:
                      statements:
                        - queue: {variable: Flow.q, value: {lit: {name: Backup}}}
                        - string: {variable: Flow.s, value: {exp: 'FindSkill("French")'}}
                  - transferToAcd:
                      targetQueue: {lit: {name: Sales}}
                      languageSkill: {lit: {name: English}}
                      acdSkills: [acdSkill: {lit: {name: Billing}}]
                  - transferToFlow: {targetFlow: {name: Secure Pay}}
                  - disconnect: {}
        """
    )
    found = {(r.kind, r.name) for r in graph.external_refs}
    assert found == {
        ("division", "Home"),
        ("queue", "Overflow"),
        ("queue", "Errors"),
        ("scheduleGroup", "Hours"),
        ("emergencyGroup", "Storm"),
        ("schedule", "Weekdays"),
        ("dataTable", "VIP Table"),
        ("integration", "Acme CRM"),
        ("dataAction", "Get Tier"),
        ("flow", "Helper Bot"),
        ("prompt", "PromptUser.welcome"),
        ("prompt", "PromptSystem.ding"),
        ("queue", "Backup"),
        ("skill", "French"),
        ("queue", "Sales"),
        ("language", "English"),
        ("skill", "Billing"),
        ("flow", "Secure Pay"),
    }
    lines = {r.name: r.line for r in graph.external_refs}
    assert lines["Home"] == 3
    assert lines["Sales"] == 31
    assert [r.line for r in graph.external_refs] == sorted(r.line for r in graph.external_refs)
