"""Where to connect and with which OAuth client: environment variables or a named profile.

The environment variables are the ones CX as Code (the Genesys Terraform provider) users
already set: ``GENESYSCLOUD_OAUTHCLIENT_ID``, ``GENESYSCLOUD_OAUTHCLIENT_SECRET``,
``GENESYSCLOUD_REGION``; ``GENESYSCLOUD_API_URL`` points at any other base URL (the emulator).
Profiles live in a TOML file so one machine can hold several orgs::

    [profiles.prod]
    region = "eu-west-1"
    client_id = "6f2c..."
    client_secret_env = "PROD_GENESYS_SECRET"   # the secret stays in the environment

A profile is used as a whole: when one is chosen, the ``GENESYSCLOUD_*`` variables are ignored,
so a stray shell variable never sends one org's secret to another org's login host.
"""

from __future__ import annotations

import logging
import os
import re
import stat
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pydantic
from pydantic import BaseModel, ConfigDict, Field, SecretStr

from cxgate.client.regions import login_base_for, resolve_region
from cxgate.errors import ConfigError

__all__ = ["ENV_API_URL", "ENV_CLIENT_ID", "ENV_CLIENT_SECRET", "ENV_REGION", "Settings"]

ENV_CLIENT_ID = "GENESYSCLOUD_OAUTHCLIENT_ID"
ENV_CLIENT_SECRET = "GENESYSCLOUD_OAUTHCLIENT_SECRET"
ENV_REGION = "GENESYSCLOUD_REGION"
ENV_API_URL = "GENESYSCLOUD_API_URL"
ENV_PROFILE = "CXGATE_PROFILE"
ENV_PROFILES_FILE = "CXGATE_PROFILES"
ENV_TIMEOUT = "CXGATE_TIMEOUT_S"
ENV_MAX_WORKERS = "CXGATE_MAX_WORKERS"

_log = logging.getLogger(__name__)
_URL = re.compile(r"^https?://[^/\s]+$")


class Settings(BaseModel):
    """Everything the client needs to reach one org. The secret never shows in a repr."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    api_url: str = Field(description="API base URL, e.g. https://api.mypurecloud.ie")
    login_url: str = Field(description="Base URL whose /oauth/token mints tokens")
    client_id: str = Field(min_length=1)
    client_secret: SecretStr
    region: str | None = None
    profile: str | None = None
    timeout_s: float = Field(default=30.0, gt=0, description="Deadline of each whole request")
    max_workers: int = Field(default=8, ge=1, le=64, description="Parallel requests at most")
    token_margin_s: float = Field(default=300.0, ge=0, description="Refresh this early")

    @pydantic.field_validator("api_url", "login_url")
    @classmethod
    def _plain_base_url(cls, value: str) -> str:
        value = value.rstrip("/")
        if not _URL.match(value):
            raise ValueError(f"{value!r} is not a base URL like https://api.mypurecloud.com")
        return value

    @classmethod
    def for_url(cls, api_url: str, client_id: str, client_secret: str, **knobs: Any) -> Settings:
        """Settings for an explicit base URL (the emulator); the login URL follows from it."""
        return cls(
            api_url=api_url,
            login_url=login_base_for(api_url.rstrip("/")),
            client_id=client_id,
            client_secret=SecretStr(client_secret),
            **knobs,
        )

    @classmethod
    def load(
        cls,
        profile: str | None = None,
        environ: Mapping[str, str] = os.environ,
        config_path: Path | None = None,
    ) -> Settings:
        """Settings from a named profile (argument or ``CXGATE_PROFILE``), else from the env."""
        name = profile or environ.get(ENV_PROFILE)
        if name:
            path = config_path or _profiles_path(environ)
            return _from_profile(name, path, environ)
        return _from_env(environ)


def _from_env(environ: Mapping[str, str]) -> Settings:
    missing = [var for var in (ENV_CLIENT_ID, ENV_CLIENT_SECRET) if not environ.get(var)]
    api_url, region = environ.get(ENV_API_URL), environ.get(ENV_REGION)
    if not api_url and not region:
        missing.append(f"{ENV_REGION} (or {ENV_API_URL})")
    if missing:
        raise ConfigError(
            f"missing environment variable(s): {', '.join(missing)}; set them, "
            f"or choose a profile with {ENV_PROFILE}=NAME"
        )
    knobs = {
        "timeout_s": _env_number(environ, ENV_TIMEOUT, float),
        "max_workers": _env_number(environ, ENV_MAX_WORKERS, int),
    }
    return _build(
        "the environment",
        api_url=api_url,
        region=region,
        client_id=environ[ENV_CLIENT_ID],
        secret=environ[ENV_CLIENT_SECRET],
        knobs={k: v for k, v in knobs.items() if v is not None},
    )


def _env_number(environ: Mapping[str, str], var: str, kind: type[float] | type[int]) -> Any:
    raw = environ.get(var)
    if raw is None or raw == "":
        return None
    try:
        return kind(raw)
    except ValueError:
        raise ConfigError(f"{var}={raw!r} is not a number; unset it or give e.g. 8") from None


def _build(
    source: str,
    *,
    api_url: str | None,
    region: str | None,
    client_id: str,
    secret: str,
    knobs: Mapping[str, Any],
    profile: str | None = None,
) -> Settings:
    """Turn validated raw values into Settings; an explicit API URL wins over a region."""
    region_id = None
    if api_url and region:
        _say_url_wins(source, api_url, region, profile=profile is not None)
    if api_url:
        base, login = api_url.rstrip("/"), login_base_for(api_url.rstrip("/"))
    else:
        found = resolve_region(region or "")
        base, login, region_id = found.api_base, found.login_base, found.id
    try:
        return Settings(
            api_url=base,
            login_url=login,
            client_id=client_id,
            client_secret=SecretStr(secret),
            region=region_id,
            profile=profile,
            **knobs,
        )
    except pydantic.ValidationError as exc:
        names = _ENV_NAMES if profile is None else {}
        raise ConfigError(f"invalid settings from {source}: {_describe(exc, names)}") from None


def _say_url_wins(source: str, api_url: str, region: str, *, profile: bool) -> None:
    """Both set: the API URL wins (it can point at the emulator); say so, it may surprise."""
    url_key, region_key = ("api_url", "region") if profile else (ENV_API_URL, ENV_REGION)
    _log.warning(
        "%s sets both %s and %s; %s wins: using %s, not region %s",
        source, url_key, region_key, url_key, api_url.rstrip("/"), region,
    )  # fmt: skip


_ENV_NAMES = {
    "api_url": ENV_API_URL,
    "timeout_s": ENV_TIMEOUT,
    "max_workers": ENV_MAX_WORKERS,
}


def _describe(exc: pydantic.ValidationError, names: Mapping[str, str] | None = None) -> str:
    """Field (and its variable) and reason for each problem, never the value: it may be secret.

    The login URL is derived from the API URL, so only the API URL's problem is reported.
    """
    problems: list[str] = []
    for err in exc.errors():
        field = ".".join(str(part) for part in err["loc"]) or "value"
        if field == "login_url" and any(e["loc"] == ("api_url",) for e in exc.errors()):
            continue
        shown = f"{field} ({names[field]})" if names and field in names else field
        problems.append(f"{shown}: {err['msg']}")
    return "; ".join(problems)


class _Profile(BaseModel):
    """One ``[profiles.NAME]`` table; unknown keys are typos and are reported."""

    model_config = ConfigDict(extra="forbid")

    region: str | None = None
    api_url: str | None = None
    client_id: str = Field(min_length=1)
    client_secret_env: str | None = None
    client_secret: str | None = None
    timeout_s: float | None = None
    max_workers: int | None = None


def _profiles_path(environ: Mapping[str, str]) -> Path:
    if environ.get(ENV_PROFILES_FILE):
        return Path(environ[ENV_PROFILES_FILE]).expanduser()
    base = environ.get("XDG_CONFIG_HOME") or str(Path("~/.config").expanduser())
    return Path(base) / "cxgate" / "profiles.toml"


def _from_profile(name: str, path: Path, environ: Mapping[str, str]) -> Settings:
    entry = _read_profile(name, path)
    where = f"profile {name!r} in {path}"
    if not entry.region and not entry.api_url:
        raise ConfigError(f'{where}: set region = "us-east-1" (or api_url = "https://...")')
    knobs = {"timeout_s": entry.timeout_s, "max_workers": entry.max_workers}
    return _build(
        where,
        api_url=entry.api_url,
        region=entry.region,
        client_id=entry.client_id,
        secret=_profile_secret(entry, where, path, environ),
        knobs={k: v for k, v in knobs.items() if v is not None},
        profile=name,
    )


def _read_profile(name: str, path: Path) -> _Profile:
    try:
        with path.open("rb") as handle:
            document = tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(
            f"profile {name!r} asked for, but {path} does not exist; create it with a "
            f"[profiles.{name}] table, or point {ENV_PROFILES_FILE} at your profiles file"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from None
    profiles = document.get("profiles", {})
    if not isinstance(profiles, dict) or name not in profiles:
        known = ", ".join(sorted(profiles)) if isinstance(profiles, dict) else ""
        raise ConfigError(
            f"{path} has no [profiles.{name}] table; known profiles: {known or 'none'}"
        )
    try:
        return _Profile.model_validate(profiles[name])
    except pydantic.ValidationError as exc:
        raise ConfigError(f"profile {name!r} in {path}: {_describe(exc)}") from None


def _profile_secret(entry: _Profile, where: str, path: Path, environ: Mapping[str, str]) -> str:
    if entry.client_secret_env:
        secret = environ.get(entry.client_secret_env)
        if not secret:
            raise ConfigError(
                f"{where} reads the client secret from ${entry.client_secret_env}, "
                "which is not set; export it"
            )
        return secret
    if entry.client_secret:
        _warn_secret_in_file(path)
        return entry.client_secret
    raise ConfigError(
        f'{where}: no client secret; add client_secret_env = "NAME_OF_ENV_VAR" '
        "(preferred) or client_secret"
    )


def _warn_secret_in_file(path: Path) -> None:
    """A secret in a file is allowed, but say so, louder if others can read the file."""
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        _log.warning(
            "%s holds a client secret and is readable by other users; run chmod 600 %s, "
            "or better, move the secret to an environment variable (client_secret_env)",
            path,
            path,
        )
    else:
        _log.warning(
            "%s holds a client secret; prefer client_secret_env so it stays out of files",
            path,
        )
