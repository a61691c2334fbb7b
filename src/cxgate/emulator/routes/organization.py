"""``/api/v2/organizations/...``: the org itself, its features, its limits.

WHL ``organization_api.py``; PYDOC OrganizationApi.md; genesys-api.md §7.
"""

from __future__ import annotations

from cxgate.emulator.paging import listing, read_page
from cxgate.emulator.router import ApiRequest, RouteGroup
from cxgate.emulator.routes.common import ok
from cxgate.emulator.schema import FEATURE_STATE, ORGANIZATION, validate
from cxgate.emulator.wire import Reply, ReplyError, bad_request, not_found

__all__ = ["routes"]

routes = RouteGroup()

# The feature names PATCH accepts: the fields of OrganizationFeatures (WHL models/
# organization_features.py), also listed in PYDOC for ``featureName``.
FEATURE_NAMES = (
    "realtimeCIC",
    "purecloud",
    "hipaa",
    "ucEnabled",
    "pci",
    "purecloudVoice",
    "xmppFederation",
    "chat",
    "informalPhotos",
    "directory",
    "contactCenter",
    "unifiedCommunications",
    "custserv",
)
_TOKEN_RATE_KEY = "client.credentials.token.rate.per.minute"


@routes.get("/api/v2/organizations/me")
def get_organization(request: ApiRequest) -> Reply:
    """The org; needs no permission."""
    return ok(request.store.organization)


@routes.put("/api/v2/organizations/me")
def put_organization(request: ApiRequest) -> Reply:
    """Update the org with the ``version`` read. A stale version is refused: 409, or 400
    "does not match the current version" under ``org-stale-version=400`` (CX as Code
    handles both; which one the API sends is not documented, genesys-api.md §7).

    Fields the body leaves out keep their values; read-only ones (id, thirdPartyOrgName,
    domain, features) are ignored, as the API ignores them.
    """
    changes = validate(request.json_body(), ORGANIZATION)
    org = request.store.organization
    if changes["version"] != org["version"]:
        stale = (
            f"The organization version {changes['version']} does not match the current "
            f"version {org['version']}. Get the organization again and retry."
        )
        if request.behaviour.org_stale_version == "400":
            raise bad_request(stale, "version")
        raise ReplyError(409, "general.conflict", stale)
    changes.pop("version")
    org.update(changes)
    org["version"] += 1
    return ok(org)


@routes.patch("/api/v2/organizations/features/{featureName}")
def patch_feature(request: ApiRequest) -> Reply:
    """Turn one feature on or off; answers every feature's state (OrganizationFeatures)."""
    name = request.params["featureName"]
    if name not in FEATURE_NAMES:
        raise bad_request(
            f"Value [{name}] is not valid for field [featureName]. "
            f"Allowable values are: {', '.join(FEATURE_NAMES)}",
            "featureName",
            code="invalid.value",
        )
    enabled = validate(request.json_body(), FEATURE_STATE)["enabled"]
    org = request.store.organization
    org["features"][name] = enabled
    org["version"] += 1
    return ok({feature: bool(org["features"].get(feature)) for feature in FEATURE_NAMES})


@routes.get("/api/v2/organizations/limits/namespaces")
def list_limit_namespaces(request: ApiRequest) -> Reply:
    """The namespaces that have limits, paged. The SDK types this answer as a bare
    ``object``; the ``{name}`` entity shape is modelled."""
    page = read_page(request, "/api/v2/organizations/limits/namespaces")
    names = sorted(request.store.limits)
    return ok(listing(request, [{"name": n} for n in names], page))


@routes.get("/api/v2/organizations/limits/namespaces/{namespaceName}")
def get_limits(request: ApiRequest) -> Reply:
    """Effective limits of a namespace (LimitsEntityListing). The platform.api token rate
    reports the budget this emulator enforces."""
    namespace = request.params["namespaceName"]
    values = dict(_namespace(request.store.limits, namespace))
    budget = int(request.settings.get("rate_limit", 0))
    if namespace == "platform.api" and budget > 0:
        values[_TOKEN_RATE_KEY] = budget
    return ok(_limits_listing(namespace, values))


@routes.get("/api/v2/organizations/limits/namespaces/{namespaceName}/defaults")
def get_limit_defaults(request: ApiRequest) -> Reply:
    """Default limits of a namespace (LimitsEntityListing)."""
    namespace = request.params["namespaceName"]
    return ok(_limits_listing(namespace, _namespace(request.store.limit_defaults, namespace)))


def _namespace(table: dict[str, dict[str, int]], namespace: str) -> dict[str, int]:
    if namespace not in table:
        raise not_found(f"Limits namespace {namespace} not found")
    return table[namespace]


def _limits_listing(namespace: str, values: dict[str, int]) -> dict[str, object]:
    entities = [{"key": k, "namespace": namespace, "value": v} for k, v in sorted(values.items())]
    return {"entities": entities}
