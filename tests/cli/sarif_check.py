"""Reading SARIF back as a viewer would, and checking it against the 2.1.0 schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
from sarif import loader

__all__ = ["checked_records"]

SCHEMA = Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json"


def checked_records(text: str, tmp_path: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The log (valid against SARIF 2.1.0, or the test fails) and sarif-tools' records of it."""
    log = json.loads(text)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = sorted(validator.iter_errors(log), key=str)
    assert errors == [], [e.message for e in errors]
    path = tmp_path / "out.sarif"
    path.write_text(text, encoding="utf-8")
    return log, loader.load_sarif_file(str(path)).get_records()
