"""Settings: environment variables as CX as Code names them, TOML profiles, clear errors."""

from __future__ import annotations

import logging
from pathlib import Path

import pydantic
import pytest

from cxgate.errors import ConfigError
from cxgate.settings import Settings

SECRET = "env-Secret-value-42"
BASE_ENV = {
    "GENESYSCLOUD_OAUTHCLIENT_ID": "cid",
    "GENESYSCLOUD_OAUTHCLIENT_SECRET": SECRET,
}


def write_profiles(tmp_path: Path, text: str, mode: int = 0o600) -> Path:
    path = tmp_path / "profiles.toml"
    path.write_text(text)
    path.chmod(mode)
    return path


@pytest.mark.parametrize("region", ["eu-west-1", "eu_west_1"])
def test_env_with_region(region: str) -> None:
    """Region in either spelling gives the region's API and login hosts."""
    settings = Settings.load(environ={**BASE_ENV, "GENESYSCLOUD_REGION": region})
    assert settings.api_url == "https://api.mypurecloud.ie"
    assert settings.login_url == "https://login.mypurecloud.ie"
    assert settings.region == "eu_west_1"
    assert settings.client_id == "cid"
    assert settings.client_secret.get_secret_value() == SECRET


def test_env_api_url_wins_and_serves_its_own_tokens() -> None:
    """GENESYSCLOUD_API_URL beats the region; its token endpoint is on the same host."""
    env = {
        **BASE_ENV,
        "GENESYSCLOUD_REGION": "eu-west-1",
        "GENESYSCLOUD_API_URL": "http://127.0.0.1:8765/",
    }
    settings = Settings.load(environ=env)
    assert settings.api_url == "http://127.0.0.1:8765"
    assert settings.login_url == "http://127.0.0.1:8765"
    assert settings.region is None


def test_both_region_and_api_url_say_which_wins(
    caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    """Set together, the API URL wins, and a warning says so (env names or profile keys)."""
    env = {
        **BASE_ENV,
        "GENESYSCLOUD_REGION": "eu-west-1",
        "GENESYSCLOUD_API_URL": "http://127.0.0.1:9/",
    }
    with caplog.at_level("WARNING", logger="cxgate.settings"):
        Settings.load(environ=env)
    assert caplog.messages == [
        "the environment sets both GENESYSCLOUD_API_URL and GENESYSCLOUD_REGION; "
        "GENESYSCLOUD_API_URL wins: using http://127.0.0.1:9, not region eu-west-1"
    ]
    caplog.clear()
    profiles = tmp_path / "profiles.toml"
    profiles.write_text(
        '[profiles.p]\nregion = "us-east-1"\napi_url = "http://127.0.0.1:9"\n'
        'client_id = "i"\nclient_secret_env = "S"\n'
    )
    with caplog.at_level("WARNING", logger="cxgate.settings"):
        Settings.load("p", environ={"S": "s"}, config_path=profiles)
    assert caplog.messages == [
        f"profile 'p' in {profiles} sets both api_url and region; api_url wins: using "
        "http://127.0.0.1:9, not region us-east-1"
    ]


def test_region_alone_says_nothing(caplog: pytest.LogCaptureFixture) -> None:
    """No warning when only one of them is set."""
    with caplog.at_level("WARNING", logger="cxgate.settings"):
        Settings.load(environ={**BASE_ENV, "GENESYSCLOUD_REGION": "eu-west-1"})
    assert caplog.messages == []


def test_env_knobs() -> None:
    """Timeout and worker count come from CXGATE_TIMEOUT_S and CXGATE_MAX_WORKERS."""
    env = {
        **BASE_ENV,
        "GENESYSCLOUD_REGION": "us-east-1",
        "CXGATE_TIMEOUT_S": "12.5",
        "CXGATE_MAX_WORKERS": "3",
    }
    settings = Settings.load(environ=env)
    assert (settings.timeout_s, settings.max_workers) == (12.5, 3)


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({}, ["GENESYSCLOUD_OAUTHCLIENT_ID", "GENESYSCLOUD_OAUTHCLIENT_SECRET", "REGION"]),
        ({"GENESYSCLOUD_REGION": "us-east-1"}, ["GENESYSCLOUD_OAUTHCLIENT_ID", "SECRET"]),
        (BASE_ENV, ["GENESYSCLOUD_REGION (or GENESYSCLOUD_API_URL)"]),
        ({**BASE_ENV, "GENESYSCLOUD_OAUTHCLIENT_SECRET": ""}, ["OAUTHCLIENT_SECRET"]),
    ],
)
def test_env_missing_variables_are_named(env: dict[str, str], missing: list[str]) -> None:
    """Every missing variable is named in one message, with the way out."""
    with pytest.raises(ConfigError, match="missing environment variable") as info:
        Settings.load(environ=env)
    for name in missing:
        assert name in str(info.value)
    assert "CXGATE_PROFILE=NAME" in str(info.value)


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({"GENESYSCLOUD_REGION": "mars-1"}, "unknown Genesys Cloud region 'mars-1'"),
        ({"GENESYSCLOUD_API_URL": "ftp://x"}, "api_url"),
        ({"GENESYSCLOUD_API_URL": "https://h/api/v2"}, "api_url"),
        ({"GENESYSCLOUD_REGION": "us-east-1", "CXGATE_MAX_WORKERS": "many"}, "CXGATE_MAX_WORKERS"),
        ({"GENESYSCLOUD_REGION": "us-east-1", "CXGATE_MAX_WORKERS": "0"}, "max_workers"),
        ({"GENESYSCLOUD_REGION": "us-east-1", "CXGATE_TIMEOUT_S": "-1"}, "timeout_s"),
    ],
)
def test_env_bad_values(extra: dict[str, str], expected: str) -> None:
    """A bad value is a ConfigError naming the field, never echoing the secret."""
    with pytest.raises(ConfigError) as info:
        Settings.load(environ={**BASE_ENV, **extra})
    assert expected in str(info.value)
    assert SECRET not in str(info.value)


def test_empty_knob_is_ignored() -> None:
    """An empty CXGATE_TIMEOUT_S means the default, not an error."""
    env = {**BASE_ENV, "GENESYSCLOUD_REGION": "us-east-1", "CXGATE_TIMEOUT_S": ""}
    assert Settings.load(environ=env).timeout_s == 30.0


def test_secret_never_in_repr() -> None:
    """repr() and str() of settings hide the client secret."""
    settings = Settings.load(environ={**BASE_ENV, "GENESYSCLOUD_REGION": "us-east-1"})
    assert SECRET not in repr(settings)
    assert SECRET not in str(settings)
    assert SECRET not in settings.model_dump_json()


def test_settings_are_frozen() -> None:
    """Settings are a value: they cannot be changed after loading."""
    settings = Settings.for_url("http://127.0.0.1:1", "id", "secret")
    with pytest.raises(pydantic.ValidationError):
        settings.client_id = "other"  # type: ignore[misc]


PROFILES = """
[profiles.prod]
region = "us-west-2"
client_id = "prod-id"
client_secret_env = "PROD_SECRET"
max_workers = 4

[profiles.local]
api_url = "http://127.0.0.1:9000"
client_id = "local-id"
client_secret_env = "LOCAL_SECRET"
timeout_s = 5
"""


def test_profile_from_file_ignores_genesys_env(tmp_path: Path) -> None:
    """A chosen profile is used whole: its region, id and secret variable, not GENESYSCLOUD_*."""
    path = write_profiles(tmp_path, PROFILES)
    env = {**BASE_ENV, "GENESYSCLOUD_REGION": "eu-west-1", "PROD_SECRET": "prod-secret"}
    settings = Settings.load("prod", environ=env, config_path=path)
    assert settings.api_url == "https://api.usw2.pure.cloud"
    assert settings.login_url == "https://login.usw2.pure.cloud"
    assert settings.client_id == "prod-id"
    assert settings.client_secret.get_secret_value() == "prod-secret"
    assert (settings.profile, settings.max_workers) == ("prod", 4)


def test_profile_chosen_by_env_and_file_by_env(tmp_path: Path) -> None:
    """CXGATE_PROFILE picks the profile and CXGATE_PROFILES the file."""
    path = write_profiles(tmp_path, PROFILES)
    env = {"CXGATE_PROFILE": "local", "CXGATE_PROFILES": str(path), "LOCAL_SECRET": "s"}
    settings = Settings.load(environ=env)
    assert (settings.api_url, settings.login_url) == ("http://127.0.0.1:9000",) * 2
    assert settings.timeout_s == 5


def test_default_profiles_path_under_xdg_config(tmp_path: Path) -> None:
    """Without an override the file is $XDG_CONFIG_HOME/cxgate/profiles.toml."""
    (tmp_path / "cxgate").mkdir()
    (tmp_path / "cxgate" / "profiles.toml").write_text(PROFILES)
    env = {"XDG_CONFIG_HOME": str(tmp_path), "LOCAL_SECRET": "s"}
    assert Settings.load("local", environ=env).client_id == "local-id"


def test_default_profiles_path_in_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With no XDG_CONFIG_HOME the file is ~/.config/cxgate/profiles.toml."""
    monkeypatch.setenv("HOME", str(tmp_path))
    with pytest.raises(ConfigError) as info:
        Settings.load("prod", environ={})
    assert str(tmp_path / ".config" / "cxgate" / "profiles.toml") in str(info.value)


@pytest.mark.parametrize(
    ("mode", "hint"), [(0o644, "chmod 600"), (0o600, "prefer client_secret_env")]
)
def test_secret_in_file_warns(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, mode: int, hint: str
) -> None:
    """A secret in the file works, with a warning (about permissions if others can read it)."""
    text = '[profiles.p]\nregion = "us-east-1"\nclient_id = "i"\nclient_secret = "file-Secret-1"\n'
    path = write_profiles(tmp_path, text, mode)
    with caplog.at_level(logging.WARNING, logger="cxgate.settings"):
        settings = Settings.load("p", environ={}, config_path=path)
    assert settings.client_secret.get_secret_value() == "file-Secret-1"
    assert hint in caplog.text
    assert "file-Secret-1" not in caplog.text


@pytest.mark.parametrize(
    ("text", "env", "expected"),
    [
        (PROFILES, {}, "$PROD_SECRET, which is not set"),
        ('[profiles.prod]\nregion = "us-east-1"\nclient_id = "i"\n', {}, "no client secret"),
        ('[profiles.prod]\nclient_id = "i"\nclient_secret_env = "X"\n', {"X": "s"}, "set region"),
        (
            '[profiles.prod]\nregion = "us-east-1"\nclient_secret_env = "X"\n',
            {"X": "s"},
            "client_id",
        ),
        ('[profiles.prod]\nregoin = "us"\nclient_id = "i"\n', {}, "regoin: Extra inputs"),
        ('[profiles.other]\nregion = "us-east-1"\n', {}, "known profiles: other"),
        ("profiles = 3\n", {}, "known profiles: none"),
        ("[profiles.prod\n", {}, "is not valid TOML"),
        (
            '[profiles.prod]\nregion = "moon"\nclient_id = "i"\nclient_secret_env = "X"\n',
            {"X": "s"},
            "unknown Genesys Cloud region 'moon'",
        ),
    ],
)
def test_profile_errors(tmp_path: Path, text: str, env: dict[str, str], expected: str) -> None:
    """Each profile mistake is a ConfigError naming the profile or file and the fix."""
    path = write_profiles(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        Settings.load("prod", environ=env, config_path=path)
    assert expected in str(info.value)


def test_missing_profiles_file(tmp_path: Path) -> None:
    """A missing file says where it looked and how to point elsewhere."""
    with pytest.raises(ConfigError, match="does not exist") as info:
        Settings.load("prod", environ={}, config_path=tmp_path / "nope.toml")
    assert "CXGATE_PROFILES" in str(info.value)


def test_for_url_derives_login() -> None:
    """Settings.for_url: an explicit base URL, login host by the SDK rule."""
    settings = Settings.for_url("https://api.mypurecloud.jp/", "id", "secret", max_workers=2)
    assert settings.login_url == "https://login.mypurecloud.jp"
    assert settings.max_workers == 2
