"""JSON Schema of the bundle files."""

from __future__ import annotations

from cxgate.bundle.schema import bundle_schemas


def test_one_schema_per_file_type_with_real_field_names() -> None:
    """Editors get camelCase API names, enums and no extra keys."""
    schemas = bundle_schemas()
    assert set(schemas) == {
        "cxgate.yaml",
        "org.yaml",
        "skills.yaml",
        "languages.yaml",
        "wrapup_codes.yaml",
        "queues/*.yaml",
    }
    queue = schemas["queues/*.yaml"]
    assert queue["additionalProperties"] is False
    assert "skillEvaluationMethod" in queue["properties"]
    assert "BEST" in str(queue["properties"]["skillEvaluationMethod"])
    assert "chat" in str(schemas["org.yaml"])
