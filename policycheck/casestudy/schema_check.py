"""Validate a document model (as JSON) against a JSON Schema; errors become Facts with lines.

The schema is the bundled one (`case-study-report` or `case-study-issue`) unless the policy
names a team's own (`case_studies.schema`, a path from the repository root). A failing
subschema's `x-message` is the message; otherwise jsonschema's own, prefixed with where.
The line is that of the nearest model object on the error's path that has one.
"""
from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from policycheck.errors import PolicyError
from policycheck.findings import Fact


@functools.lru_cache(maxsize=8)
def _custom_validator(path: str) -> Any:
    import jsonschema

    try:
        schema = json.loads(Path(path).read_text(encoding="utf-8"))
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
    except (OSError, ValueError, jsonschema.SchemaError) as exc:
        raise PolicyError(path, f"case-study schema cannot be used: {str(exc).splitlines()[0]}") from None
    return cls(schema)


def validator_for(bundled: str, custom: str | None, root: Path) -> Any:
    if custom:
        return _custom_validator(str(root / custom))
    from policycheck.schemas import validator

    return validator(bundled)


def schema_facts(model: dict[str, Any], validator: Any) -> Iterator[Fact]:
    errors = sorted(validator.iter_errors(model), key=lambda e: [str(p) for p in e.absolute_path])
    for error in errors:
        path = list(error.absolute_path)
        message = error.schema.get("x-message") if isinstance(error.schema, dict) else None
        if not message:
            where = "/".join(str(p) for p in path) or "document"
            message = f"{where}: {error.message}"
        yield Fact(message, _line(model, path), 1)


def _line(model: Any, path: list[Any]) -> int:
    line = 1
    node = model
    for part in path:
        if isinstance(node, dict) and isinstance(node.get("line"), int):
            line = node["line"]
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
    if isinstance(node, dict) and isinstance(node.get("line"), int):
        line = node["line"]
    return line
