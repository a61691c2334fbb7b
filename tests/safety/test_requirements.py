"""Features and products a change relies on."""

from __future__ import annotations

from typing import Any

import pytest

from cxgate.bundle.desired import DesiredState
from cxgate.bundle.policy import Requirement
from cxgate.plan.change import Action, Change, FieldChange, Op
from cxgate.safety.requirements import (
    BUILTIN_REQUIREMENTS,
    requirement_problems,
    requirements_for,
)

QUEUE = {"name": "Q", "enableTranscription": True}
DESIRED = DesiredState.from_bodies({"queue": {"Q": QUEUE}})
ALL_ON = {"contactCenter": True}
PRODUCTS = frozenset({"speechAndTextAnalytics"})


def _problems(
    change: Change,
    features: dict[str, bool] = ALL_ON,
    products: frozenset[str] | None = PRODUCTS,
) -> list[str]:
    found = requirement_problems(DESIRED, [change], features, products, BUILTIN_REQUIREMENTS)
    return [p.message for p in found]


CREATE = Change(Action.CREATE, "queue", "Q", desired=QUEUE)


def test_everything_present_passes() -> None:
    """Feature on, product bought: no problem."""
    assert _problems(CREATE) == []


def test_feature_off_fails_with_the_fix() -> None:
    """Creating a queue with contactCenter off names the feature and how to turn it on."""
    found = requirement_problems(DESIRED, [CREATE], {}, PRODUCTS, BUILTIN_REQUIREMENTS)
    assert len(found) == 1
    assert "'contactCenter' feature is off" in found[0].message
    assert "contactCenter: true" in found[0].fix


def test_missing_product_fails_at_the_field() -> None:
    """Transcription without the product: an error at enableTranscription."""
    found = requirement_problems(DESIRED, [CREATE], ALL_ON, frozenset(), BUILTIN_REQUIREMENTS)
    assert [p.path for p in found] == ["enableTranscription"]


@pytest.mark.parametrize(
    ("change", "fails"),
    [
        (Change(Action.DELETE, "queue", "Q", "q1"), False),
        (
            Change(
                Action.UPDATE,
                "queue",
                "Q",
                "q1",
                (FieldChange(("description",), Op.MODIFY, "a", "b"),),
                desired=QUEUE,
            ),
            False,
        ),
        (
            Change(
                Action.UPDATE,
                "queue",
                "Q",
                "q1",
                (FieldChange(("enableTranscription",), Op.MODIFY, False, True),),
                desired=QUEUE,
            ),
            True,
        ),
        (Change(Action.CREATE, "queue", "Q", desired={"name": "Q"}), False),
    ],
)
def test_only_changes_that_rely_on_the_field_need_the_product(change: Change, fails: bool) -> None:
    """Deletes need nothing; an update needs the product only if it touches the field."""
    assert bool(_problems(change, products=frozenset())) is fails


def test_policy_entries_replace_the_builtin_of_the_same_field() -> None:
    """A different product id for transcription replaces the built-in one; others stay."""
    mine = Requirement(kind="queue", field="enableTranscription", product="stt")
    chosen = requirements_for([mine])
    assert mine in chosen
    assert len(chosen) == len(BUILTIN_REQUIREMENTS)


@pytest.mark.parametrize(
    "body", [{"kind": "queue"}, {"kind": "queue", "feature": "a", "product": "b"}]
)
def test_a_requirement_names_exactly_one_need(body: dict[str, Any]) -> None:
    """Neither or both of feature/product is refused."""
    with pytest.raises(ValueError, match="exactly one"):
        Requirement.model_validate(body)


def test_unknown_products_are_not_checked() -> None:
    """When the org would not list its products, product needs are skipped (features are not)."""
    assert _problems(CREATE, products=None) == []
    assert len(_problems(CREATE, features={}, products=None)) == 1
