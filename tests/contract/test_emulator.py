"""The emulator against the SDK: its routes, what it returns, what it accepts.

New endpoint groups are covered automatically: every served route must exist in the SDK,
every GET is called and its answer checked against the SDK response model, and every write
route must have a sample below (the test says so when one is missing).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from cxgate.clock import FakeClock
from cxgate.emulator import Emulator
from cxgate.emulator.model import QUEUE_ORDER
from cxgate.emulator.paging import MAX_PAGE_SIZE
from cxgate.emulator.routes.flows import FLOW_BODY
from cxgate.emulator.routes.observation_query import QUEUE_OBSERVATION_QUERY
from cxgate.emulator.routes.organization import FEATURE_NAMES
from cxgate.emulator.schema import (
    AUDIT_QUERY_REQUEST,
    CREATE_QUEUE,
    CREATE_SKILL,
    FEATURE_STATE,
    LANGUAGE,
    ORGANIZATION,
    QUEUE_REQUEST,
    UPDATE_SKILL_DIVISION,
    WRAPUP_CODE_REQUEST,
    BodySpec,
)
from tests.contract.flow_samples import FLOW_SAMPLES, flow_path_values, flow_query
from tests.contract.sdk import Field, Sdk, check_payload
from tests.emulator.helpers import login

ROUTES = Emulator(seed="empty").routes
GETS = [r for r in ROUTES if r[0] == "GET"]
WRITES = [r for r in ROUTES if r[0] != "GET"]

# What each write route's request body is validated as (the spec's model must be the SDK's
# body type for that operation).
SPECS: dict[tuple[str, str], BodySpec] = {
    ("PUT", "/api/v2/organizations/me"): ORGANIZATION,
    ("PATCH", "/api/v2/organizations/features/{featureName}"): FEATURE_STATE,
    ("POST", "/api/v2/routing/queues"): CREATE_QUEUE,
    ("PUT", "/api/v2/routing/queues/{queueId}"): QUEUE_REQUEST,
    ("POST", "/api/v2/routing/skills"): CREATE_SKILL,
    ("PATCH", "/api/v2/routing/skills/{skillId}"): UPDATE_SKILL_DIVISION,
    ("POST", "/api/v2/routing/languages"): LANGUAGE,
    ("POST", "/api/v2/routing/wrapupcodes"): WRAPUP_CODE_REQUEST,
    ("PUT", "/api/v2/routing/wrapupcodes/{codeId}"): WRAPUP_CODE_REQUEST,
    ("POST", "/api/v2/flows"): FLOW_BODY,
    ("PUT", "/api/v2/flows/{flowId}"): FLOW_BODY,
    ("POST", "/api/v2/analytics/queues/observations/query"): QUEUE_OBSERVATION_QUERY,
    ("POST", "/api/v2/audits/query"): AUDIT_QUERY_REQUEST,
}

Sample = Callable[[httpx.Client, str], Any]


def _edited(client: httpx.Client, path: str, **changes: Any) -> dict[str, Any]:
    """GET, change, PUT back: how a client updates a whole object."""
    body: dict[str, Any] = client.get(path).json()
    return {**body, **changes}


def _offered(client: httpx.Client, path: str) -> None:
    """Make the queue offer the code the DELETE removes (no body for the DELETE itself)."""
    collection, code = path.rsplit("/", 1)
    client.post(collection, json=[{"id": code}]).raise_for_status()


# A request body per write route (None for no body). Add one for each new write route.
SAMPLES: dict[tuple[str, str], Sample] = {
    ("PUT", "/api/v2/organizations/me"): lambda c, p: _edited(c, p, name="Contract Org"),
    ("PATCH", "/api/v2/organizations/features/{featureName}"): lambda c, p: {"enabled": False},
    ("POST", "/api/v2/routing/queues"): lambda c, p: {
        "name": "Contract Queue",
        "description": "made by the contract test",
        "mediaSettings": {"callback": {"mode": "CustomerFirst", "autoDialDelaySeconds": 10}},
        "acwSettings": {"wrapupPrompt": "MANDATORY_TIMEOUT", "timeoutMs": 30_000},
        "bullseye": {
            "rings": [{"expansionCriteria": [{"type": "TIMEOUT_SECONDS", "threshold": 5}]}]
        },
        "routingRules": [{"operator": "MEETS_THRESHOLD", "threshold": 5, "waitSeconds": 3}],
    },
    ("PUT", "/api/v2/routing/queues/{queueId}"): lambda c, p: _edited(c, p, description="x"),
    ("DELETE", "/api/v2/routing/queues/{queueId}"): lambda c, p: None,
    ("POST", "/api/v2/routing/skills"): lambda c, p: {"name": "Contract Skill"},
    ("DELETE", "/api/v2/routing/skills/{skillId}"): lambda c, p: None,
    ("PATCH", "/api/v2/routing/skills/{skillId}"): lambda c, p: {
        "divisionId": c.get("/api/v2/authorization/divisions").json()["entities"][0]["id"]
    },
    ("POST", "/api/v2/routing/queues/{queueId}/wrapupcodes"): lambda c, p: [
        {"id": c.get("/api/v2/routing/wrapupcodes").json()["entities"][0]["id"]}
    ],
    ("DELETE", "/api/v2/routing/queues/{queueId}/wrapupcodes/{codeId}"): _offered,
    ("POST", "/api/v2/routing/languages"): lambda c, p: {"name": "Contract Language"},
    ("DELETE", "/api/v2/routing/languages/{languageId}"): lambda c, p: None,
    ("POST", "/api/v2/routing/wrapupcodes"): lambda c, p: {"name": "Contract Code"},
    ("PUT", "/api/v2/routing/wrapupcodes/{codeId}"): lambda c, p: _edited(c, p, name="Renamed"),
    ("DELETE", "/api/v2/routing/wrapupcodes/{codeId}"): lambda c, p: None,
    **FLOW_SAMPLES,
    ("POST", "/api/v2/architect/dependencytracking/build"): lambda c, p: None,
    ("POST", "/api/v2/analytics/queues/observations/query"): lambda c, p: {
        "filter": {
            "type": "or",
            "predicates": [
                {"type": "dimension", "dimension": "queueId", "operator": "matches", "value": q}
                for q in [e["id"] for e in c.get("/api/v2/routing/queues").json()["entities"]]
            ],
        },
        "metrics": ["oOnQueueUsers", "oUserPresences", "oWaiting", "oLongestWaiting"],
        "detailMetrics": ["oWaiting", "oOnQueueUsers"],
    },
    ("POST", "/api/v2/audits/query"): lambda c, p: {
        "interval": "2020-01-01T00:00:00Z/2100-01-01T00:00:00Z",
        "serviceName": "Routing",
        "filters": [{"property": "EntityType", "value": "Queue"}],
        "sort": [{"name": "Timestamp", "sortOrder": "descending"}],
    },
}


def _path_values(emulator: Emulator) -> dict[str, str]:
    def first(kind: str) -> str:
        return next(iter(emulator.store.table(kind)))

    return {
        "queueId": first("queues"),
        "skillId": first("skills"),
        "languageId": first("languages"),
        "codeId": first("wrapupcodes"),
        "divisionId": first("divisions"),
        "namespaceName": "platform.api",
        "featureName": "chat",
        "transactionId": next(iter(emulator.store.table("audit_queries")), "none"),
        **flow_path_values(emulator),
    }


def _concrete(template: str, emulator: Emulator) -> str:
    values = _path_values(emulator)
    if "/export/jobs/" in template:
        values["jobId"] = values["exportJobId"]

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        assert name in values, f"add a demo value for path variable {{{name}}}"
        return values[name]

    return re.sub(r"\{(\w+)\}", fill, template)


def _queries(template: str, emulator: Emulator) -> dict[str, str]:
    """Query parameters the API requires on some GETs (dependency tracking), from the demo."""
    row = next(iter(emulator.store.table("flow_dependencies").values()))
    if template.endswith("/consumingresources"):
        return {"id": row["consumed"][0]["id"], "objectType": row["consumed"][0]["type"]}
    if template.endswith("/consumedresources"):
        return {"id": row["flowId"], "version": row["version"], "objectType": row["objectType"]}
    return {}


@pytest.fixture
def demo() -> tuple[Emulator, httpx.Client]:
    """A fresh demo org without a rate limit, and a client on it."""
    emulator = Emulator(clock=FakeClock(), rate_limit=0)
    client = login(emulator)
    queue = client.get("/api/v2/routing/queues").json()["entities"][0]
    client.put(f"/api/v2/routing/queues/{queue['id']}", json={**queue, "description": "audited"})
    client.post("/api/v2/audits/query", json=SAMPLES[("POST", "/api/v2/audits/query")](client, ""))
    return emulator, client


@pytest.mark.parametrize(("method", "template"), ROUTES)
def test_every_route_exists_in_the_sdk(sdk: Sdk, method: str, template: str) -> None:
    """The emulator serves only paths and methods the real API has."""
    assert sdk.operation(method, template) is not None, f"{method} {template} is not in the SDK"


def test_token_path_is_the_sdks_login_path(sdk: Sdk) -> None:
    """POST /oauth/token is where the SDK fetches client-credentials tokens."""
    source = (sdk.root / "api_client.py").read_text(encoding="utf-8")
    assert "/oauth/token" in source


@pytest.mark.parametrize(("method", "template"), GETS)
def test_every_get_answer_matches_the_sdk_model(
    sdk: Sdk, demo: tuple[Emulator, httpx.Client], method: str, template: str
) -> None:
    """Each GET on the demo org answers 200 with only fields and enum values the SDK model
    has (the whole page, at the largest page size)."""
    emulator, client = demo
    params = {"pageSize": MAX_PAGE_SIZE[template]} if template in MAX_PAGE_SIZE else {}
    params = {**params, **_queries(template, emulator)}
    response = client.get(_concrete(template, emulator), params=params)
    assert response.status_code == 200, response.text
    operation = sdk.operation(method, template)
    assert operation is not None
    if operation.response_type not in (None, "object"):
        assert check_payload(operation.response_type, response.json(), sdk=sdk) == []


@pytest.mark.parametrize(("method", "template"), WRITES)
def test_every_write_sends_and_answers_sdk_shapes(
    sdk: Sdk, demo: tuple[Emulator, httpx.Client], method: str, template: str
) -> None:
    """Each write route has a sample body that fits the SDK's request model, and the
    emulator's answer fits the SDK's response model."""
    assert (method, template) in SAMPLES, f"add a sample request for {method} {template}"
    emulator, client = demo
    path = _concrete(template, emulator)
    body = SAMPLES[(method, template)](client, path)
    operation = sdk.operation(method, template)
    assert operation is not None
    if body is not None:
        assert operation.body_type is not None
        assert check_payload(operation.body_type, body, sdk=sdk) == []
    params = {"forceDelete": "true"} if method == "DELETE" else {}
    params.update(flow_query(emulator, template))
    response = client.request(method, path, json=body, params=params)
    assert response.status_code < 300, response.text
    if operation.response_type not in (None, "object"):
        assert check_payload(operation.response_type, response.json(), sdk=sdk) == []
    else:
        assert response.status_code == 204


@pytest.mark.parametrize(("route", "spec"), SPECS.items(), ids=[f"{m} {t}" for m, t in SPECS])
def test_body_specs_name_the_sdk_request_model(
    sdk: Sdk, route: tuple[str, str], spec: BodySpec
) -> None:
    """Each route validates its body as the model the SDK sends for it."""
    operation = sdk.operation(*route)
    assert operation is not None
    assert spec.model == operation.body_type


_COMPATIBLE = {
    "string": lambda t: t in ("str", "datetime", "date"),
    "integer": lambda t: t == "int",
    "number": lambda t: t in ("float", "int"),
    "boolean": lambda t: t == "bool",
    "array": lambda t: t.startswith("list["),
    "object": lambda t: t[:1].isupper() or t.startswith("dict(") or t == "object",
}


def _resolve(sdk: Sdk, model: str, path: str) -> Field:
    """The SDK field at a dotted spec path (``rules[].metric``) from ``model``."""
    field: Field | None = None
    for segment in path.split("."):
        field = sdk.model(model).fields[segment.removesuffix("[]")]
        model = field.type.removeprefix("list[").removesuffix("]")
    assert field is not None
    return field


@pytest.mark.parametrize(
    "spec", {s.model: s for s in SPECS.values()}.values(), ids=lambda s: s.model
)
def test_body_spec_fields_types_and_enums_match_the_sdk(sdk: Sdk, spec: BodySpec) -> None:
    """Every field a spec accepts is on the model with a compatible type, and every enum
    list equals the SDK's allowed_values."""
    fields = sdk.model(spec.model).fields
    for name, json_type in spec.types.items():
        assert name in fields, f"{spec.model}.{name} is not in the SDK"
        assert _COMPATIBLE[json_type](fields[name].type), f"{spec.model}.{name}: {json_type}"
    assert set(spec.readonly) <= set(fields)
    assert set(spec.required) <= set(spec.types)
    for path, allowed in spec.enums.items():
        assert _resolve(sdk, spec.model, path).allowed == allowed, path


KIND_MODELS = {
    "queues": "Queue",
    "skills": "RoutingSkill",
    "languages": "Language",
    "wrapupcodes": "WrapupCode",
    "divisions": "AuthzDivision",
    "products": "DomainOrganizationProduct",
    "flows": "Flow",
}


@pytest.mark.parametrize("seed", ["demo", "generated:queues=60,skills=5,wrapupcodes=5"])
def test_every_seeded_entity_matches_its_model(sdk: Sdk, seed: str) -> None:
    """Every stored object of every kind, and the org, fit their SDK models."""
    emulator = Emulator(seed=seed)
    assert check_payload("Organization", emulator.store.organization, sdk=sdk) == []
    for kind, model in KIND_MODELS.items():
        for entity in emulator.store.table(kind).values():
            assert check_payload(model, entity, sdk=sdk) == []


def test_feature_names_and_queue_order_are_the_sdks(sdk: Sdk) -> None:
    """PATCH's feature names are OrganizationFeatures' fields; queue keys follow Queue's."""
    assert list(FEATURE_NAMES) == list(sdk.model("OrganizationFeatures").fields)
    assert list(QUEUE_ORDER) == list(sdk.model("Queue").fields)
