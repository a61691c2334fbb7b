"""Redaction: fields named like secrets, bearer/basic credentials, JWTs and known values."""

from __future__ import annotations

from cxgate.records.redact import REDACTED, Redactor, secret_field


def test_fields_named_like_secrets_lose_their_values() -> None:
    scrubbed = Redactor().value(
        {
            "client_secret": "s3cr3t-value",
            "Authorization": "Basic YWJjOmRlZg==",
            "apiKey": "k-123456",
            "nested": [{"password": "pw-123456", "name": "kept"}],
            "secretEnv": "CXGATE_CI_WEBHOOK_SECRET",  # a variable's name, not a secret
            "token": {"scheme": "version", "value": "7"},  # a concurrency token's parts
            "emptySecret": "",
        }
    )
    assert scrubbed["client_secret"] == REDACTED
    assert scrubbed["Authorization"] == REDACTED
    assert scrubbed["apiKey"] == REDACTED
    assert scrubbed["nested"] == [{"password": REDACTED, "name": "kept"}]
    assert scrubbed["secretEnv"] == "CXGATE_CI_WEBHOOK_SECRET"
    assert scrubbed["emptySecret"] == ""
    assert secret_field("X-Cxgate-Signature")
    assert not secret_field("tokenScheme")


def test_credentials_inside_text_are_cut() -> None:
    redactor = Redactor(["my-client-secret-42", "abc"])  # too short to be cut everywhere
    text = (
        "sent Bearer abcdef.123456-xyz with basic dXNlcjpwYXNzd29yZA== "
        "jwt eyJhbGciOi.eyJzdWIiOi.c2lnbmF0 and my-client-secret-42 about abc"
    )
    out = redactor.text(text)
    assert "abcdef.123456" not in out
    assert "dXNlcjpw" not in out
    assert "eyJhbGciOi" not in out
    assert "my-client-secret-42" not in out
    assert out.endswith("about abc")
    assert Redactor().value([1, None, True]) == [1, None, True]
